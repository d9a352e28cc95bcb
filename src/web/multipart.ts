import type { FastifyRequest } from 'fastify'
import { AppError, NOT_ALLOWED_CHARACTERS, hasForbiddenCharacters } from '../common/errors.ts'
import { normaliseDateFields } from '../common/date-input.ts'
import { cleanFileName, type Upload } from '../challenges/uploads.ts'

const read = new WeakMap<FastifyRequest, Record<string, string>>()

/** The text fields of a multipart form already read for this request (a multipart body is read once, by the route). */
export function multipartFields(req: FastifyRequest): Record<string, string> | undefined {
  return read.get(req)
}

/** Reads a multipart form: its text fields and up to `maxFiles` files (each capped by the multipart plugin's limit). */
export async function multipartFiles(
  req: FastifyRequest,
  maxFiles = 1,
): Promise<{ fields: Record<string, string>; files: Upload[] }> {
  if (!req.isMultipart())
    throw new AppError('unsupported', 'Send the form as multipart/form-data', { file: 'Select a file' })
  const fields: Record<string, string> = {}
  const files: Upload[] = []
  try {
    for await (const part of req.parts({ limits: { files: maxFiles } })) {
      if (part.type === 'file') {
        const data = await part.toBuffer()
        // The name as the browser sent it never goes further: see cleanFileName.
        if (part.filename)
          files.push({ filename: cleanFileName(part.filename) || 'unnamed', mimetype: part.mimetype, data })
      } else if (fields[part.fieldname] === undefined) fields[part.fieldname] = String(part.value ?? '')
      else fields[part.fieldname] += `\n${String(part.value ?? '')}`
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_FILES_LIMIT')
      throw AppError.validation({ file: `Select no more than ${maxFiles} file${maxFiles > 1 ? 's' : ''}` })
    throw e
  }
  if (hasForbiddenCharacters(fields)) throw new AppError('validation', NOT_ALLOWED_CHARACTERS)
  read.set(req, fields)
  // GOV.UK date inputs and UK-typed dates, as for urlencoded forms (web/routing.ts)
  const dateErrors = normaliseDateFields(fields)
  if (Object.keys(dateErrors).length) throw AppError.validation(dateErrors)
  return { fields, files }
}

/** Reads a multipart form with one file. */
export async function multipartUpload(
  req: FastifyRequest,
): Promise<{ fields: Record<string, string>; file: Upload | null }> {
  const { fields, files } = await multipartFiles(req, 1)
  return { fields, file: files[0] ?? null }
}
