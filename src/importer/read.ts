/**
 * From a file to text: checks size, name and content agree, then reads text and HTML here and hands PDF and Word to
 * the extraction worker (a separate thread with a memory cap and a time limit, restarted after a failure).
 */
import crypto from 'node:crypto'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError } from '../common/errors.ts'
import { isZip } from '../challenges/uploads.ts'
import { normaliseText } from './text.ts'
import type { WorkerRequest, WorkerResponse } from './worker.ts'

export type Format = 'pdf' | 'docx' | 'text' | 'markdown' | 'html'

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
const MAX_TEXT_CHARS = 2_000_000
const TIMEOUT_MS = 30_000

const EXTENSIONS: Record<string, Format> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
}
/** The file name extensions that can be imported. */
export const IMPORTABLE_EXTENSIONS: ReadonlySet<string> = new Set(Object.keys(EXTENSIONS))

const LABEL: Record<Format, string> = {
  pdf: 'a PDF',
  docx: 'a Word document',
  text: 'a text file',
  markdown: 'a text file',
  html: 'a web page',
}

const SAMPLE_BYTES = 64 * 1024
const utf8 = new TextDecoder('utf-8', { fatal: false })
const BAD_CHAR = /[\ufffd\u0001-\u0008\u000e-\u001f]/
const BAD_CHARS = /[\ufffd\u0001-\u0008\u000e-\u001f]/g

/** What the file's content is. For text, the decoded first 64 KB come too: the whole text when the file is no longer
 * (most reports), so it is decoded once. */
function sniff(buf: Buffer): { kind: Format | 'zip' | 'doc' | 'binary'; whole?: string } {
  const head = buf.subarray(0, 1024).toString('latin1')
  if (head.includes('%PDF-')) return { kind: 'pdf' }
  if (isZip(buf)) return { kind: buf.includes('word/document.xml') ? 'docx' : 'zip' }
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) return { kind: 'doc' }
  const sample = buf.subarray(0, SAMPLE_BYTES)
  if (sample.includes(0)) return { kind: 'binary' }
  const text = utf8.decode(sample)
  // replacement characters and control characters but tab, newline, vertical tab, form feed and carriage return:
  // counted only when the text has any (a text file has none: one pass of the regex, no loop over the characters)
  const bad = BAD_CHAR.test(text) ? (text.match(BAD_CHARS)?.length ?? 0) : 0
  if (bad > Math.max(8, text.length * 0.01)) return { kind: 'binary' }
  const whole = buf.length <= SAMPLE_BYTES ? text : undefined
  if (/^\s*(?:<!doctype html|<html[\s>])/i.test(text)) return { kind: 'html', whole }
  return { kind: 'text', whole }
}

export interface ReadResult {
  format: Format
  text: string
  pages: number | null
  bytes: number
  sha256: string
  warnings: string[]
}

/** Reads a file into normalised text, or throws an AppError that says plainly what is wrong with it. */
export async function readDocument(buf: Buffer, filename: string): Promise<ReadResult> {
  const name = path.basename(filename || '')
  if (buf.length === 0) throw AppError.validation({ file: `${name || 'The file'} is empty` }, 'The file is empty')
  if (buf.length > MAX_IMPORT_BYTES)
    throw new AppError(
      'too-large',
      `The file is ${(buf.length / 1024 / 1024).toFixed(0)} MB; the largest file that can be imported is ${MAX_IMPORT_BYTES / 1024 / 1024} MB`,
      { file: 'The file is too large' },
    )
  const ext = path.extname(name).toLowerCase()
  const declared = EXTENSIONS[ext]
  if (!declared) {
    const msg = `${name || 'The file'} is not a file type that can be imported: use a PDF (.pdf), Word (.docx), text (.txt, .md) or web page (.html)`
    throw new AppError('unsupported', msg, { file: msg })
  }
  const sniffed = sniff(buf)
  const actual = sniffed.kind
  const mismatch = (what: string) => {
    const msg = `${name} is called ${LABEL[declared]} but it is ${what}; nothing was imported`
    return new AppError('unsupported', msg, { file: msg })
  }
  if (actual === 'doc') throw mismatch('an old Word .doc file (save it as .docx or PDF)')
  if (actual === 'binary') throw mismatch('binary data, not a document')
  if (actual === 'zip')
    throw mismatch(declared === 'docx' ? 'a zip archive without a Word document inside' : 'a zip archive')
  const textual = declared === 'text' || declared === 'markdown' || declared === 'html'
  if (declared === 'pdf' && actual !== 'pdf') throw mismatch(actual === 'docx' ? 'a Word document' : 'not a PDF')
  if (declared === 'docx' && actual !== 'docx') throw mismatch(actual === 'pdf' ? 'a PDF' : 'not a Word document')
  if (textual && (actual === 'pdf' || actual === 'docx')) throw mismatch(LABEL[actual])
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex')
  let text: string
  let pages: number | null = null
  let warnings: string[] = []
  if (declared === 'pdf' || declared === 'docx') {
    const r = await extractInWorker(declared, buf)
    text = r.text
    pages = r.pages
    warnings = r.warnings
  } else {
    const raw = sniffed.whole ?? utf8.decode(buf)
    // the HTML parser is loaded only when a web page is read
    text = declared === 'html' || actual === 'html' ? (await import('./html-text.ts')).htmlToText(raw) : raw
  }
  text = normaliseText(text)
  if (text.length > MAX_TEXT_CHARS)
    throw new AppError(
      'too-large',
      `The document holds more than ${MAX_TEXT_CHARS.toLocaleString('en-GB')} characters of text; it is not a report`,
      { file: 'The document is too long' },
    )
  if (!text.trim()) throw AppError.validation({ file: `${name} has no text in it` }, 'The document has no text')
  return { format: declared, text, pages, bytes: buf.length, sha256, warnings }
}

// ---- the extraction worker ----

let worker: Worker | null = null
let nextId = 1
const pending = new Map<
  number,
  { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
>()
let queue: Promise<unknown> = Promise.resolve()

function failAll(err: Error) {
  for (const [id, p] of pending) {
    clearTimeout(p.timer)
    p.reject(err)
    pending.delete(id)
  }
}

function getWorker(): Worker {
  if (worker) return worker
  const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 64 },
  })
  w.unref()
  w.on('message', (r: WorkerResponse) => {
    const p = pending.get(r.id)
    if (!p) return
    clearTimeout(p.timer)
    pending.delete(r.id)
    p.resolve(r)
  })
  w.on('error', (e) => {
    if (worker === w) worker = null
    const oom = /ERR_WORKER_OUT_OF_MEMORY|heap/i.test(`${(e as { code?: string }).code ?? ''} ${e.message}`)
    failAll(
      new AppError(
        'too-large',
        oom
          ? 'The document needed too much memory to read; it may be a "bomb" or far larger than a report'
          : `The document could not be read (${e.message})`,
        { file: 'The document could not be read' },
      ),
    )
  })
  w.on('exit', () => {
    if (worker === w) worker = null
    failAll(new AppError('unsupported', 'The document could not be read', { file: 'The document could not be read' }))
  })
  worker = w
  return w
}

/** Stops the worker (tests and shutdown). */
export async function stopExtractionWorker(): Promise<void> {
  const w = worker
  worker = null
  if (w) await w.terminate()
}

async function extractInWorker(
  format: 'pdf' | 'docx',
  buf: Buffer,
): Promise<{ text: string; pages: number | null; warnings: string[] }> {
  // one document at a time through the worker; callers queue
  const run = async () => {
    const w = getWorker()
    const id = nextId++
    const res = await new Promise<WorkerResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(
          new AppError(
            'too-large',
            `Reading the document took longer than ${TIMEOUT_MS / 1000} seconds; it was stopped`,
            { file: 'The document took too long to read' },
          ),
        )
        if (worker === w) worker = null
        void w.terminate()
      }, TIMEOUT_MS)
      pending.set(id, { resolve, reject, timer })
      const bytes = new Uint8Array(buf)
      w.postMessage({ id, format, bytes } satisfies WorkerRequest)
    })
    if (!res.ok) {
      const code = res.kind === 'too-large' ? 'too-large' : 'unsupported'
      throw new AppError(code, res.message, { file: res.message })
    }
    return { text: res.text, pages: res.pages, warnings: res.warnings }
  }
  const p = queue.then(run, run)
  queue = p.catch(() => undefined)
  return p
}
