import type ExcelJS from 'exceljs'
import { Unzip, UnzipInflate } from 'fflate'
import { AppError } from '../common/errors.ts'
import { isIsoDate, type IsoDate } from '../common/dates.ts'
import { isZip } from '../challenges/uploads.ts'
import { lazyRequire } from '../common/lazy-require.ts'

/** Reading uploaded Excel workbooks safely, and their cells as text and dates. */

const excel = lazyRequire<typeof ExcelJS>('exceljs')

/** A new, empty workbook (exceljs is loaded on first use: decision 40). */
export function newWorkbook(): ExcelJS.Workbook {
  return new (excel().Workbook)()
}

const MAX_UNPACKED = 60 * 1024 * 1024

/** Refuses archives that unpack to far more than a plan could (zip bombs) before a spreadsheet library sees them. */
function checkUnpackedSize(buf: Buffer, what: string): void {
  let total = 0
  let failed: Error | null = null
  const unzip = new Unzip((file) => {
    file.ondata = (err, chunk) => {
      if (err) failed = err
      total += chunk?.length ?? 0
      if (total > MAX_UNPACKED) {
        failed = new AppError('too-large', `The spreadsheet unpacks to far more data than ${what} holds`, {
          file: `The file is not a plausible workbook for ${what} (it unpacks to more than 60 MB)`,
        })
        file.terminate()
      }
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  try {
    const step = 64 * 1024
    for (let i = 0; i < buf.length && !failed; i += step)
      unzip.push(buf.subarray(i, Math.min(buf.length, i + step)), i + step >= buf.length)
  } catch {
    throw AppError.validation({ file: 'The file is not a readable Excel workbook' })
  }
  const f = failed as Error | null
  if (f) throw f instanceof AppError ? f : AppError.validation({ file: 'The file is not a readable Excel workbook' })
}

/** Opens an uploaded workbook: it must be a zip, unpack to a plausible size (zip bombs refused before exceljs sees them) and parse. */
export async function openWorkbook(data: Buffer, what: string): Promise<ExcelJS.Workbook> {
  if (!isZip(data)) throw AppError.validation({ file: 'The file is not an Excel workbook (.xlsx)' })
  checkUnpackedSize(data, what)
  const wb = newWorkbook()
  try {
    await wb.xlsx.load(data as unknown as ExcelJS.Buffer)
  } catch {
    throw AppError.validation({ file: 'The file is not a readable Excel workbook' })
  }
  return wb
}

export function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return ''
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim()
    if ('text' in v) return String(v.text).trim()
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue)
    if ('error' in v) return ''
  }
  return String(v).trim()
}

/** A date cell as Excel stores it, or typed as 31/01/2027, 31-01-2027 or 2027-01-31. */
export function cellDate(v: ExcelJS.CellValue): IsoDate | null | 'invalid' {
  if (v == null || v === '') return null
  if (v instanceof Date) return isNaN(v.getTime()) ? 'invalid' : v.toISOString().slice(0, 10)
  if (typeof v === 'number') {
    const d = new Date(Math.round((v - 25569) * 86400_000))
    return isNaN(d.getTime()) ? 'invalid' : d.toISOString().slice(0, 10)
  }
  const s = cellText(v)
  if (!s) return null
  if (isIsoDate(s)) return s
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s)
  if (m) {
    const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
    return isIsoDate(iso) ? iso : 'invalid'
  }
  return 'invalid'
}

/** Header (row 1) text, lower-cased, to column number. */
export function headerColumns(ws: ExcelJS.Worksheet): Map<string, number> {
  const map = new Map<string, number>()
  ws.getRow(1).eachCell((c, col) => map.set(cellText(c.value).toLowerCase(), col))
  return map
}

/** A time cell as Excel stores it (a fraction of a day, or a date on 1899-12-30), or typed as 9:30 or 09:30, as "HH:MM". */
export function cellTime(v: ExcelJS.CellValue): string | null | 'invalid' {
  if (v == null || v === '') return null
  const hhmm = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  if (v instanceof Date) return isNaN(v.getTime()) ? 'invalid' : hhmm(v.getUTCHours() * 60 + v.getUTCMinutes())
  if (typeof v === 'number') return v >= 0 && v < 1 ? hhmm(Math.round(v * 1440)) : 'invalid'
  const s = cellText(v)
  if (!s) return null
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(s)
  return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? `${m[1]!.padStart(2, '0')}:${m[2]}` : 'invalid'
}
