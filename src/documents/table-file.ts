import { parse as parseCsv } from 'csv-parse/sync'
import { AppError } from '../common/errors.ts'
import { isZip, type Upload } from '../challenges/uploads.ts'
import { cellDate, cellText, cellTime, headerColumns, openWorkbook } from './xlsx.ts'

/**
 * An uploaded table (.csv or the first sheet of an .xlsx) as rows of text keyed by lower-cased column name. Excel dates
 * and times in the columns the caller names come back as ISO dates and "HH:MM". Hostile files are refused with a
 * message: too large, not text, not a workbook, zip bombs.
 */
export async function tableRows(
  file: Upload,
  opts: { what: string; maxBytes: number; columnKind?: (name: string) => 'date' | 'time' | 'text' },
): Promise<{ row: number; values: Record<string, string> }[]> {
  if (file.data.length > opts.maxBytes)
    throw new AppError('too-large', 'The file is too large', {
      file: `The file must be smaller than ${Math.round(opts.maxBytes / 1024 / 1024)} MB`,
    })
  const kind = opts.columnKind ?? (() => 'text')
  const lower = file.filename.toLowerCase()
  if (lower.endsWith('.xlsx') || isZip(file.data)) {
    const wb = await openWorkbook(file.data, opts.what)
    const ws = wb.worksheets[0]
    if (!ws) throw AppError.validation({ file: 'The workbook has no sheets' })
    const cols = headerColumns(ws)
    const out: { row: number; values: Record<string, string> }[] = []
    ws.eachRow((r, n) => {
      if (n === 1) return
      const values: Record<string, string> = {}
      for (const [name, col] of cols) {
        const cell = r.getCell(col).value
        const k = kind(name)
        const typed = k === 'date' ? cellDate(cell) : k === 'time' ? cellTime(cell) : null
        values[name] = typed && typed !== 'invalid' ? typed : cellText(cell)
      }
      if (Object.values(values).some(Boolean)) out.push({ row: n, values })
    })
    return out
  }
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt'))
    throw new AppError('unsupported', 'Upload a .csv or .xlsx file', {
      file: 'The file must be a CSV (.csv) or Excel workbook (.xlsx)',
    })
  const text = file.data.toString('utf8')
  if (text.includes('\u0000') || text.includes('\ufffd'))
    throw AppError.validation({ file: 'The file is not a readable CSV file (save it as CSV UTF-8)' })
  let records: string[][]
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  } catch (e) {
    throw AppError.validation({ file: `The CSV file cannot be read: ${(e as Error).message.split('\n')[0]}` })
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase())
  return records
    .slice(1)
    .map((r, i) => ({ row: i + 2, values: Object.fromEntries(header.map((h, j) => [h, r[j] ?? ''])) }))
}
