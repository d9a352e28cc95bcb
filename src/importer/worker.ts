/** The extraction worker: turns a PDF or Word file into text, in its own thread with its own memory limit. */
import { parentPort } from 'node:worker_threads'
import { docxToText, ExtractError, pdfToText } from './extractors.ts'
import { installSyncDecompression } from './inflate.ts'

export interface WorkerRequest {
  id: number
  format: 'pdf' | 'docx'
  bytes: Uint8Array
}

export type WorkerResponse =
  | { id: number; ok: true; text: string; pages: number | null; warnings: string[] }
  | { id: number; ok: false; kind: string; message: string }

// pdf.js inflates page contents through DecompressionStream: one zlib call here, not a web stream (inflate.ts)
installSyncDecompression()

parentPort!.on('message', async (req: WorkerRequest) => {
  try {
    const r = req.format === 'pdf' ? await pdfToText(req.bytes) : { ...(await docxToText(req.bytes)), pages: null }
    parentPort!.postMessage({
      id: req.id,
      ok: true,
      text: r.text,
      pages: r.pages,
      warnings: r.warnings,
    } satisfies WorkerResponse)
  } catch (e) {
    const kind = e instanceof ExtractError ? e.kind : 'corrupt'
    const message =
      e instanceof ExtractError
        ? e.message
        : `The file could not be read (${(e as Error).message?.split('\n')[0] ?? 'unknown error'})`
    parentPort!.postMessage({ id: req.id, ok: false, kind, message } satisfies WorkerResponse)
  }
})
