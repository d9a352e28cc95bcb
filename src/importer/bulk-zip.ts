/**
 * A zip of documents for a bulk import, checked before anything is stored: unpacked as a stream with every limit
 * counted as it goes, so a zip bomb, a name that climbs out of the folder, too many files, or a file that is not a
 * document refuses the whole zip with a message naming the problem (and nothing changes).
 */
import { Unzip, UnzipInflate } from 'fflate'
import path from 'node:path'
import { AppError } from '../common/errors.ts'
import { isZip } from '../challenges/uploads.ts'
import { IMPORTABLE_EXTENSIONS, MAX_IMPORT_BYTES } from './read.ts'

export const BULK_LIMITS = {
  /** the zip as uploaded */
  zipBytes: 100 * 1024 * 1024,
  /** documents in one zip (or folder) */
  files: 1000,
  /** all its documents unpacked */
  unpackedBytes: 400 * 1024 * 1024,
  /** one document unpacked (as for a single import) */
  fileBytes: MAX_IMPORT_BYTES,
}

export interface BulkFile {
  filename: string
  data: Buffer
}

/** Operating-system leftovers a zip made on a Mac or on Windows carries; skipped, not refused. */
const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i

/** Why an entry's name is unsafe (a path that climbs out, an absolute path, control characters), or null. */
export function unsafeName(name: string): string | null {
  if (/[\u0000-\u001f]/.test(name)) return 'has control characters in its name'
  const n = name.replace(/\\/g, '/')
  if (n.startsWith('/') || /^[a-z]:/i.test(n)) return 'has an absolute path'
  if (n.split('/').some((p) => p === '..')) return 'climbs out of the folder (“..”)'
  return null
}

const fail = (message: string) => new AppError('validation', message, { file: message })

export function unpackBulkZip(bytes: Uint8Array, limits = BULK_LIMITS): BulkFile[] {
  if (bytes.length > limits.zipBytes)
    throw fail(`The zip is larger than ${limits.zipBytes / 1024 / 1024} MB; split it into smaller zips`)
  if (!isZip(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8))))
    throw fail('The file is not a zip archive: select a .zip of PDF, Word, text or web page files')
  const files: { filename: string; chunks: Uint8Array[]; size: number }[] = []
  const unsafe: string[] = []
  const others: string[] = []
  let total = 0
  let failed: AppError | null = null
  const unzip = new Unzip((file) => {
    if (failed) return
    const name = file.name
    if (name.endsWith('/') || JUNK.test(name)) return
    const why = unsafeName(name)
    if (why) {
      unsafe.push(`${name.slice(0, 100)} ${why}`)
      return
    }
    if (!IMPORTABLE_EXTENSIONS.has(path.extname(name).toLowerCase())) {
      others.push(name.slice(0, 100))
      return
    }
    if (files.length >= limits.files) {
      failed = fail(`The zip has more than ${limits.files} documents; split it into smaller zips`)
      return
    }
    const entry = { filename: name, chunks: [] as Uint8Array[], size: 0 }
    files.push(entry)
    file.ondata = (err, chunk) => {
      if (failed) return
      if (err) {
        failed = fail(`The zip is damaged: ${name.slice(0, 100)} cannot be unpacked`)
        return
      }
      entry.size += chunk.length
      total += chunk.length
      if (entry.size > limits.fileBytes || total > limits.unpackedBytes) {
        failed = fail(
          entry.size > limits.fileBytes
            ? `${name.slice(0, 100)} unpacks to more than ${limits.fileBytes / 1024 / 1024} MB; it was not opened`
            : `The zip unpacks to more than ${limits.unpackedBytes / 1024 / 1024} MB (a “zip bomb”?); it was not opened`,
        )
        file.terminate()
        return
      }
      entry.chunks.push(chunk)
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  const step = 64 * 1024
  try {
    for (let i = 0; i < bytes.length && !failed; i += step)
      unzip.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length)
  } catch {
    failed ??= fail('The zip is damaged and cannot be unpacked')
  }
  if (failed) throw failed
  if (unsafe.length)
    throw fail(
      `The zip was refused: ${unsafe.length} file name${unsafe.length > 1 ? 's are' : ' is'} unsafe (${unsafe.slice(0, 3).join('; ')})`,
    )
  if (others.length)
    throw fail(
      `The zip was refused: ${others.length} file${others.length > 1 ? 's are' : ' is'} not a PDF, Word, text or web page document (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''})`,
    )
  if (!files.length) throw fail('The zip has no documents in it')
  return files.map((f) => ({ filename: f.filename, data: Buffer.concat(f.chunks) }))
}
