import type { FastifyRequest } from 'fastify'
import { AppError } from '../common/errors.ts'
import type { Upload } from '../challenges/uploads.ts'

/** Reads a multipart form: its text fields and the one file (size capped by the multipart plugin's limit). */
export async function multipartUpload(req: FastifyRequest): Promise<{ fields: Record<string, string>; file: Upload | null }> {
  if (!req.isMultipart()) throw new AppError('unsupported', 'Send the document as multipart/form-data', { file: 'Select a file' })
  const fields: Record<string, string> = {}
  let file: Upload | null = null
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer()
      if (part.filename) file = { filename: part.filename, mimetype: part.mimetype, data }
    } else fields[part.fieldname] = String(part.value ?? '')
  }
  return { fields, file }
}
