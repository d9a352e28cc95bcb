/**
 * `peer-challenge import FILE|FOLDER...`: reads every document, prints a progress bar on a terminal and a summary at
 * the end (or, with --json, one JSON document with each file's result and the summary). Reading needs no database:
 * the register and frameworks come from the snapshot the database keeps in the data directory (refs.ts). Only
 * --save opens the database, to record each document as a challenge through the same service as the web page.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/config.ts'
import type { Ctx } from '../common/context.ts'
import type { Db } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { tuneForBatch } from './batch-tuning.ts'
import { importDocument } from './importer.ts'
import type { ParseRefs } from './parse.ts'
import { IMPORTABLE_EXTENSIONS, MAX_IMPORT_BYTES, stopExtractionWorker, type Format } from './read.ts'
import { readRefsSnapshot, refsFromSnapshot, snapshotPath, writeRefsSnapshot } from './refs.ts'
import type { Summary } from './summary.ts'

export interface ImportOptions {
  json: boolean
  evidence: boolean
  save: boolean
  /** threads reading at once (1: this thread alone) */
  jobs?: number
  config: Pick<Config, 'dataDir' | 'databaseUrl'>
}

export interface FileResult {
  file: string
  ok: boolean
  /** for a document read: what was read */
  source?: {
    format: Format
    bytes: number
    pages: number | null
    characters: number
    sha256: string
    warnings: string[]
  }
  summary?: Summary
  fields?: unknown
  millis?: number
  saved?: { challengeId: number; reference: string; created: boolean }
  /** for a failure: why, in words, and the kind of failure */
  error?: string
  reason?: string
}

export interface RunSummary {
  documents: number
  read: number
  failed: number
  seconds: number
  documentsPerSecond: number
  byFormat: Record<string, number>
  byKind: Record<string, number>
  councils: {
    /** distinct councils found */
    found: number
    named: number
    inferred: number
    unknown: number
    list: { code: string; name: string; documents: number }[]
  }
  failures: { file: string; reason: string; error: string }[]
  saved?: { created: number; existing: number }
}

/** The files to read, in the order given: files as named, folders walked for importable files (hidden ones skipped)
 * in name order; a path that cannot be found is its failure, in its place. */
export function collectFiles(paths: string[]): (string | FileResult)[] {
  const out: (string | FileResult)[] = []
  for (const p of paths) {
    let stat: fs.Stats
    try {
      stat = fs.statSync(p)
    } catch (e) {
      out.push(failure(p, e))
      continue
    }
    if (!stat.isDirectory()) {
      out.push(p)
      continue
    }
    for (const f of filesUnder(p).sort()) out.push(path.join(p, f))
  }
  return out
}

/** The importable files in a folder and the folders inside it, hidden ones skipped: their paths from the folder. The
 * folder's listing says which entries are files (no call for each file); a link is followed to a file or a folder,
 * each folder read once (a link back up makes no loop; of two ways to a folder, the first in name order) and a
 * broken link passed over. */
function filesUnder(root: string, dir = '', seen = new Set<string>(), out: string[] = []): string[] {
  const here = path.join(root, dir)
  const real = fs.realpathSync(here)
  if (seen.has(real)) return out
  seen.add(real)
  // in name order, so that of two ways to one folder the same is taken whatever order the file system lists them in
  const entries = fs.readdirSync(here, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : 1))
  for (const e of entries) {
    if (e.name.startsWith('.')) continue
    const rel = dir ? path.join(dir, e.name) : e.name
    const target = e.isSymbolicLink() ? fs.statSync(path.join(root, rel), { throwIfNoEntry: false }) : e
    if (target?.isDirectory()) filesUnder(root, rel, seen, out)
    else if (target?.isFile() && IMPORTABLE_EXTENSIONS.has(path.extname(e.name).toLowerCase())) out.push(rel)
  }
  return out
}

function failure(file: string, e: unknown): FileResult {
  const err = e as Error & { code?: string }
  if (e instanceof AppError) {
    const detail = Object.values(e.fields).find((m) => m !== e.message)
    return { file, ok: false, error: detail && e.code === 'validation' ? detail : e.message, reason: e.code }
  }
  if (err.code === 'ENOENT') return { file, ok: false, error: 'no such file or folder', reason: 'not-found' }
  if (err.code === 'EACCES') return { file, ok: false, error: 'permission denied', reason: 'unreadable' }
  if (err.code === 'EISDIR') return { file, ok: false, error: 'a folder, not a file', reason: 'unreadable' }
  return { file, ok: false, error: err.message ?? String(e), reason: 'error' }
}

/** A file over the import limit is refused by its size, before it is read. */
function refuseTooLarge(file: string, size: number): void {
  if (size > MAX_IMPORT_BYTES)
    throw new AppError(
      'too-large',
      `${path.basename(file)} is ${(size / 1048576).toFixed(0)} MB; the largest file that can be imported is ${MAX_IMPORT_BYTES / 1048576} MB`,
    )
}

/** A file's bytes, read at once (one open, size and read: a text file in the page cache costs tens of microseconds,
 * a tenth of what the promise-based calls and libuv's threads cost); a file over the import limit is refused by its
 * size before it is read. */
function loadFile(file: string): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    refuseTooLarge(file, fs.fstatSync(fd).size)
    return fs.readFileSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

export async function readOne(file: string, refs: ParseRefs, evidence: boolean): Promise<FileResult> {
  try {
    const r = await importDocument(loadFile(file), file, refs)
    const { filename: _f, ...source } = r.source
    return {
      file,
      ok: true,
      source,
      summary: r.summary,
      ...(evidence ? { fields: r.fields } : {}),
      millis: r.millis,
    }
  } catch (e) {
    return failure(file, e)
  }
}

/** Reads and saves through the import service (one transaction per document; never the same document twice). */
async function saveOne(ctx: Ctx, file: string, evidence: boolean): Promise<FileResult> {
  try {
    refuseTooLarge(file, fs.statSync(file).size)
    const { uploadImport, getImport, saveImport } = await import('./service.ts')
    const up = await uploadImport(ctx, {
      filename: path.basename(file),
      mimetype: 'application/octet-stream',
      data: fs.readFileSync(file),
    })
    const data = await getImport(ctx, up.id)
    const saved = await saveImport(ctx, up.id, data.values)
    const s = data.source as {
      format: Format
      bytes: number
      pages: number | null
      characters: number
      sha256: string
      warnings: string[]
    }
    return {
      file,
      ok: true,
      source: {
        format: s.format,
        bytes: s.bytes,
        pages: s.pages,
        characters: s.characters,
        sha256: s.sha256,
        warnings: s.warnings ?? [],
      },
      summary: data.summary as Summary,
      ...(evidence ? { fields: data.fields } : {}),
      saved,
    }
  } catch (e) {
    return failure(file, e)
  }
}

/** What the summary needs of a file's result (the run keeps only this of each file, not its fields). */
export type SummaryItem = Pick<FileResult, 'file' | 'ok' | 'saved' | 'error' | 'reason'> & {
  source?: { format: Format }
  summary?: { documentKind: Summary['documentKind']; council: Summary['council'] }
}

/** A file's result slimmed to what the summary counts. */
function summaryItem(r: FileResult): SummaryItem {
  return {
    file: r.file,
    ok: r.ok,
    ...(r.source ? { source: { format: r.source.format } } : {}),
    ...(r.summary ? { summary: { documentKind: r.summary.documentKind, council: r.summary.council } } : {}),
    ...(r.saved ? { saved: r.saved } : {}),
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
  }
}

export function summarize(results: SummaryItem[], seconds: number): RunSummary {
  const count = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1)
  const byFormat: Record<string, number> = {}
  const byKind: Record<string, number> = {}
  const councils = new Map<string, { code: string; name: string; documents: number }>()
  let named = 0
  let inferred = 0
  let unknown = 0
  let created = 0
  let existing = 0
  for (const r of results) {
    if (!r.ok || !r.summary || !r.source) continue
    count(byFormat, r.source.format)
    count(byKind, r.summary.documentKind)
    const c = r.summary.council
    if (!c) unknown++
    else {
      if (c.inferred) inferred++
      else named++
      const e = councils.get(c.registerCode) ?? { code: c.registerCode, name: c.name, documents: 0 }
      e.documents++
      councils.set(c.registerCode, e)
    }
    if (r.saved) {
      if (r.saved.created) created++
      else existing++
    }
  }
  const read = results.filter((r) => r.ok).length
  return {
    documents: results.length,
    read,
    failed: results.length - read,
    seconds: Math.round(seconds * 1000) / 1000,
    documentsPerSecond: seconds > 0 ? Math.round(results.length / seconds) : 0,
    byFormat,
    byKind,
    councils: {
      found: councils.size,
      named,
      inferred,
      unknown,
      list: [...councils.values()].sort((a, b) => b.documents - a.documents || a.name.localeCompare(b.name)),
    },
    failures: results
      .filter((r) => !r.ok)
      .map((r) => ({ file: r.file, reason: r.reason ?? 'error', error: r.error ?? '' })),
    ...(results.some((r) => r.saved) ? { saved: { created, existing } } : {}),
  }
}

const fmt = (n: number) => n.toLocaleString('en-GB')
const words = (k: string) => k.replace(/-/g, ' ')

export function formatSummary(s: RunSummary): string {
  const out: string[] = []
  out.push(
    `Read ${fmt(s.read)} of ${fmt(s.documents)} document${s.documents === 1 ? '' : 's'} in ${s.seconds.toFixed(1)} s` +
      ` (${fmt(s.documentsPerSecond)} a second)${s.failed ? `; ${fmt(s.failed)} failed` : ''}.`,
  )
  const list = (m: Record<string, number>) =>
    Object.entries(m)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([k, n]) => `${words(k)} ${fmt(n)}`)
      .join(', ')
  if (s.read) {
    out.push(`  by format: ${list(s.byFormat)}`)
    out.push(`  by kind:   ${list(s.byKind)}`)
    const c = s.councils
    const top = c.list.slice(0, 10).map((x) => `${x.name} (${x.code}) ${fmt(x.documents)}`)
    out.push(
      `  councils:  ${fmt(c.found)} found; named in ${fmt(c.named)}, inferred from places in ${fmt(c.inferred)}, unknown in ${fmt(c.unknown)}`,
    )
    if (top.length)
      out.push(`             ${top.join(', ')}${c.list.length > 10 ? `, and ${fmt(c.list.length - 10)} more` : ''}`)
  }
  if (s.saved)
    out.push(`  saved:     ${fmt(s.saved.created)} new challenges, ${fmt(s.saved.existing)} already recorded`)
  if (s.failures.length) {
    out.push('Failures:')
    for (const f of s.failures) out.push(`  ${f.file}: ${f.error}`)
  }
  return out.join('\n')
}

/**
 * The --json output, written as the files are read: `{"files":[` each file's result on a line of its own `],
 * "summary":{…}}`. A run holds no file's fields once it is written (a folder of thousands stays small in memory), and
 * stdout gets one write per 64 KB.
 */
function jsonOut(stream: NodeJS.WritableStream = process.stdout) {
  let buf = '{"files":['
  let first = true
  const flush = (force: boolean) => {
    if (force || buf.length >= 65536) {
      stream.write(buf)
      buf = ''
    }
  }
  return {
    add(r: FileResult) {
      buf += (first ? '\n' : ',\n') + JSON.stringify(r)
      first = false
      flush(false)
    },
    end(summary: RunSummary) {
      buf += `\n],"summary":${JSON.stringify(summary, null, 2)}}\n`
      flush(true)
    },
  }
}

/** A one-line progress bar on stderr, redrawn at most ten times a second; only on a terminal. */
export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const t0 = performance.now()
  let last = 0
  const draw = (done: number, failed: number) => {
    const width = 30
    const filled = total ? Math.round((done / total) * width) : width
    const secs = (performance.now() - t0) / 1000
    const rate = secs > 0 ? Math.round(done / secs) : 0
    stream.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${fmt(done)}/${fmt(total)} documents, ${fmt(rate)}/s` +
        `${failed ? `, ${fmt(failed)} failed` : ''}\x1b[K`,
    )
  }
  return {
    tick(done: number, failed: number) {
      const now = performance.now()
      if (done < total && now - last < 100) return
      last = now
      draw(done, failed)
    },
    clear() {
      stream.write('\r\x1b[K')
    },
  }
}

/** The parser's references without the database: the snapshot, made once from the database when there is none. */
async function refsWithoutDb(config: ImportOptions['config']): Promise<ParseRefs> {
  const snap = readRefsSnapshot(config.dataDir)
  if (snap) return refsFromSnapshot(snap)
  process.stderr.write(
    `Reading the council register from the database once (kept in ${snapshotPath(config.dataDir)})…\n`,
  )
  const db = await openDb(config)
  try {
    return refsFromSnapshot(await writeRefsSnapshot(db, config.dataDir))
  } finally {
    await db.close()
  }
}

async function openDb(config: ImportOptions['config']): Promise<Db> {
  const { openAndPrepare } = await import('../boot.ts')
  return openAndPrepare(config as Config)
}

/** Reads the files on `jobs` worker threads, each with its own copy of the register; results in the files' order. */
async function readInThreads(
  files: string[],
  jobs: number,
  opts: ImportOptions,
  onResult: (r: FileResult) => void,
): Promise<FileResult[]> {
  const { Worker } = await import('node:worker_threads')
  type Msg = import('./read-worker.ts').ReadWorkerResponse
  const results: FileResult[] = new Array<FileResult>(files.length)
  let next = 0
  const run = (w: InstanceType<typeof Worker>) =>
    new Promise<void>((resolve, reject) => {
      const give = () => {
        if (next < files.length) {
          const index = next++
          w.postMessage({ index, file: files[index]! })
        } else {
          w.postMessage({ stop: true })
          resolve()
        }
      }
      w.on('message', (m: Msg) => {
        results[m.index] = m.result
        onResult(m.result)
        give()
      })
      w.on('error', reject)
      w.on('exit', (code) =>
        next < files.length || code ? reject(new Error(`a reading thread stopped (${code})`)) : resolve(),
      )
      give()
    })
  const workers = Array.from(
    { length: jobs },
    () =>
      new Worker(new URL('./read-worker-boot.mjs', import.meta.url), {
        workerData: { dataDir: opts.config.dataDir, evidence: opts.evidence },
      }),
  )
  try {
    await Promise.all(workers.map(run))
  } finally {
    await Promise.all(workers.map((w) => w.terminate()))
  }
  return results
}

export async function runImport(paths: string[], opts: ImportOptions): Promise<number> {
  const t0 = performance.now()
  tuneForBatch()
  const items = collectFiles(paths)
  const files = items.filter((f) => typeof f === 'string')
  const results: SummaryItem[] = []
  const out = opts.json ? jsonOut() : null
  const bar = !opts.json && process.stderr.isTTY && files.length > 1 ? progressBar(files.length) : null
  let db: Db | null = null
  try {
    let next: (file: string) => Promise<FileResult>
    let ticking = !!bar
    if (opts.save) {
      db = await openDb(opts.config)
      const { SYSTEM_ACTOR } = await import('../auth/users.ts')
      const { systemClock } = await import('../common/clock.ts')
      const ctx: Ctx = { db, actor: SYSTEM_ACTOR, clock: systemClock }
      next = (file) => saveOne(ctx, file, opts.evidence)
    } else {
      const jobs = Math.max(1, Math.min(opts.jobs ?? 1, Math.floor(files.length / 20)))
      if (jobs > 1) {
        // the threads read the snapshot themselves; make sure there is one
        if (!readRefsSnapshot(opts.config.dataDir)) await refsWithoutDb(opts.config)
        let done = 0
        let failed = 0
        const read = await readInThreads(files, jobs, opts, (r) => {
          if (!r.ok) failed++
          bar?.tick(++done, failed)
        })
        // already read, in the files' order: the loop below takes them in turn
        let k = 0
        next = () => Promise.resolve(read[k++]!)
        ticking = false
      } else {
        const refs = files.length ? await refsWithoutDb(opts.config) : null
        next = (file) => readOne(file, refs!, opts.evidence)
      }
    }
    let failed = 0
    let done = 0
    for (const item of items) {
      const r = typeof item === 'string' ? await next(item) : item
      if (!r.ok) failed++
      results.push(summaryItem(r))
      out?.add(r)
      if (typeof item === 'string' && ticking) bar?.tick(++done, failed)
    }
    if (db) await writeRefsSnapshot(db, opts.config.dataDir)
  } finally {
    bar?.clear()
    await stopExtractionWorker()
    await db?.close()
  }
  const summary = summarize(results, (performance.now() - t0) / 1000)
  if (out) out.end(summary)
  else process.stdout.write(formatSummary(summary) + '\n')
  return summary.failed ? 1 : 0
}
