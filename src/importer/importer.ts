/** The importer as a library: a file in, its fields with their evidence out. */
import { parseDocument, type Extraction, type ParseRefs } from './parse.ts'
import { readDocument, type Format } from './read.ts'
import { summarise, type Summary } from './summary.ts'
import { cleanFileName } from '../challenges/uploads.ts'

export interface ImportResult {
  source: {
    filename: string
    format: Format
    bytes: number
    sha256: string
    pages: number | null
    characters: number
    warnings: string[]
  }
  text: string
  fields: Extraction
  summary: Summary
  millis: number
}

export async function importDocument(buf: Buffer, filename: string, refs: ParseRefs): Promise<ImportResult> {
  const t0 = performance.now()
  const r = await readDocument(buf, filename)
  const { fields } = parseDocument(r.text, refs)
  return {
    source: {
      filename: cleanFileName(filename, 200) || 'document',
      format: r.format,
      bytes: r.bytes,
      sha256: r.sha256,
      pages: r.pages,
      characters: r.text.length,
      warnings: r.warnings,
    },
    text: r.text,
    fields,
    summary: summarise(fields),
    millis: Math.round((performance.now() - t0) * 10) / 10,
  }
}
