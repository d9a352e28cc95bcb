import path from 'node:path'
import { AppError } from '../common/errors.ts'

export interface Upload {
  filename: string
  mimetype: string
  data: Buffer
}

const TYPES: Record<string, { contentType: string; check: (b: Buffer) => boolean; label: string }> = {
  '.pdf': {
    contentType: 'application/pdf',
    label: 'PDF',
    check: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  '.docx': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word',
    check: isZip,
  },
  '.xlsx': {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel',
    check: isZip,
  },
  '.pptx': {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint',
    check: isZip,
  },
  '.odt': { contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument', check: isZip },
  '.txt': { contentType: 'text/plain; charset=utf-8', label: 'text', check: isText },
  '.md': { contentType: 'text/markdown; charset=utf-8', label: 'text', check: isText },
  '.csv': { contentType: 'text/csv; charset=utf-8', label: 'CSV', check: isText },
}

export function isZip(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
}

function isText(b: Buffer): boolean {
  if (b.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b)
    return true
  } catch {
    return false
  }
}

/**
 * An uploaded file's name as it is kept and shown: the last part of any path, without control characters, invisible
 * format characters (bidirectional overrides and isolates such as U+202E, which make "invoice‮fdp.exe" read as
 * "invoiceexe.pdf", zero-width characters, the byte-order mark), line separators or characters Windows refuses;
 * white space collapsed and trimmed; at most `max` characters, keeping the end (the extension).
 */
export function cleanFileName(name: string, max = 150): string {
  const base = path.posix.basename(String(name ?? '').replace(/\\/g, '/'))
  return [
    ...base
      .normalize('NFC')
      .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
      .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"<>|:*?]/gu, '')
      .replace(/\s+/g, ' ')
      .trim(),
  ]
    .slice(-max)
    .join('')
    .trim()
}

/** Checks an uploaded file's size, extension and content agree; returns a safe file name and content type. */
export function checkUpload(file: Upload, maxBytes: number): { filename: string; contentType: string } {
  const base = cleanFileName(file.filename)
  if (!base) throw AppError.validation({ file: 'The file has no name' })
  if (file.data.length === 0) throw AppError.validation({ file: 'The selected file is empty' })
  if (file.data.length > maxBytes)
    throw new AppError('too-large', `The file must be smaller than ${Math.round(maxBytes / 1024 / 1024)} MB`, {
      file: `The file must be smaller than ${Math.round(maxBytes / 1024 / 1024)} MB`,
    })
  const ext = path.extname(base).toLowerCase()
  const type = TYPES[ext]
  if (!type)
    throw AppError.validation({
      file: `The file must be a PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV file (not ${ext || 'a file without an extension'})`,
    })
  if (!type.check(file.data))
    throw AppError.validation({ file: `The file is called ${ext} but its content is not a ${type.label} file` })
  return { filename: base, contentType: type.contentType }
}
