/**
 * `peer-challenge import FOLDER --background`: the folder's documents become historic challenges through the bulk
 * import job (decision 22), the same as a zip uploaded on /bulk-imports: stored with the job first, then read and
 * saved one by one by a worker in this process, with the job's progress (from the database) as the progress bar.
 * Killed half-way, the job resumes where it stopped when the app or this command next starts on the database.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../config/config.ts'
import { BULK_LIMITS } from './bulk-zip.ts'
import { collectFiles, progressBar } from './cli-import.ts'
import type { BulkResult } from './bulk.ts'

export async function runBulkImport(
  paths: string[],
  opts: { json: boolean; config: Pick<Config, 'dataDir' | 'databaseUrl'> },
): Promise<number> {
  const t0 = performance.now()
  const items = collectFiles(paths)
  const missing = items.filter((i) => typeof i !== 'string')
  for (const m of missing) process.stderr.write(`${m.file}: ${m.reason ?? m.error}\n`)
  const files = items.filter((i): i is string => typeof i === 'string')
  if (!files.length) {
    process.stderr.write('No documents to import\n')
    return 1
  }
  if (files.length > BULK_LIMITS.files) {
    process.stderr.write(`More than ${BULK_LIMITS.files} documents: import the folder in parts\n`)
    return 2
  }
  const base = paths.length === 1 && fs.statSync(paths[0]!).isDirectory() ? paths[0]! : null
  const docs = files.map((f) => ({
    filename: base ? path.relative(base, f) : path.basename(f),
    data: fs.readFileSync(f),
  }))
  const { openAndPrepare } = await import('../boot.ts')
  const { SYSTEM_ACTOR } = await import('../auth/users.ts')
  const { systemClock } = await import('../common/clock.ts')
  const { startBulkImport } = await import('./bulk.ts')
  const { startJobWorkers, stopJobWorkers, waitForJob } = await import('../jobs/queue.ts')
  const { stopExtractionWorker } = await import('./read.ts')
  const db = await openAndPrepare(opts.config as Config)
  const bar = !opts.json && process.stderr.isTTY ? progressBar(docs.length) : null
  try {
    const ctx = { db, actor: SYSTEM_ACTOR, clock: systemClock }
    const { jobId } = await startBulkImport(ctx, base ? path.basename(path.resolve(base)) : 'the command line', docs)
    await startJobWorkers(db, systemClock, { pollSeconds: 0.2 })
    // On a terminal a bar; otherwise (a log, a pipe) a line each time the count moves.
    let last = -1
    const state = await waitForJob(db, jobId, (j) => {
      if (bar) bar.tick(j.done, 0)
      else if (j.done !== last && !opts.json)
        process.stderr.write(`bulk import: ${j.done} of ${docs.length} documents\n`)
      else if (j.done !== last) process.stderr.write(`${j.done}/${docs.length}\n`)
      last = j.done
    })
    bar?.clear()
    const job = await db.one<{ result: BulkResult | null; error: string | null }>(
      `select result, error from jobs where id = $1`,
      [jobId],
    )
    const items = await db.query<{
      filename: string
      status: string
      reason: string | null
      challengeId: number | null
    }>(
      `select filename, status, reason, challenge_id as "challengeId" from bulk_import_items where job_id = $1 order by position`,
      [jobId],
    )
    const seconds = (performance.now() - t0) / 1000
    if (opts.json)
      process.stdout.write(JSON.stringify({ job: jobId, state, result: job?.result, items, seconds }, null, 2) + '\n')
    else {
      const r = job?.result
      const lines = [
        `Bulk import ${jobId}: ${state} in ${seconds.toFixed(1)} s (${(docs.length / seconds).toFixed(1)} documents/s)`,
        r
          ? `  ${r.imported} imported as challenges, ${r.duplicate} already there, ${r.needsReview} to check by hand on /imports, ${r.failed} could not be read; ${r.unconfirmedFields} values to confirm on /import-reviews`
          : `  ${job?.error ?? ''}`,
        ...items
          .filter((i) => i.status === 'failed' || i.status === 'needs-review')
          .map((i) => `  ${i.filename}: ${i.reason}`),
      ]
      process.stdout.write(lines.join('\n') + '\n')
    }
    return state === 'completed' && !missing.length && !job?.result?.failed ? 0 : 1
  } finally {
    bar?.clear()
    await stopJobWorkers(db)
    await stopExtractionWorker()
    await db.close()
  }
}
