// The bulk-import rate, documents a second, through the whole path a zip upload takes (the background job reading,
// keeping and saving each document as a challenge, with its review-queue rows), beside the importer alone (reading
// the same documents in-process, nothing saved). Shared by `npm run bench:bulk` and `npm run bench:search`.
import fs from 'node:fs'
import os from 'node:os'
import type { Db } from '../src/db/db.ts'
import { migrate } from '../src/db/migrate.ts'
import { syncReferenceData } from '../src/frameworks/repo.ts'
import { importRegister } from '../src/councils/service.ts'
import { SYSTEM_ACTOR } from '../src/auth/users.ts'
import { systemClock } from '../src/common/clock.ts'
import { bulkCorpus } from '../src/testing/bulk-corpus.ts'
import { startBulkImport } from '../src/importer/bulk.ts'
import { importDocument } from '../src/importer/importer.ts'
import { loadRefs } from '../src/importer/refs.ts'
import { startJobWorkers, stopJobWorkers, waitForJob } from '../src/jobs/queue.ts'

/** Imports `n` generated documents (about English councils) into a fresh database `db` and prints the rates. */
export async function bulkImportRate(label: string, db: Db, n: number): Promise<{ perSecond: number }> {
  const docs = bulkCorpus(n, 9000, true)
  await migrate(db)
  await syncReferenceData(db)
  const ctx = { db, actor: SYSTEM_ACTOR, clock: systemClock }
  await importRegister(ctx, fs.readFileSync('test/fixtures/uk_local_authorities_current.csv', 'utf8'))
  const refs = await loadRefs(db)
  // the reference: the importer alone on the same documents
  let cpu = process.cpuUsage()
  let t = performance.now()
  for (const d of docs) await importDocument(d.data, d.filename, refs)
  const readWall = (performance.now() - t) / 1000
  const readUsed = process.cpuUsage(cpu)
  const readCpu = (readUsed.user + readUsed.system) / 1e6
  // the queue's start (pg-boss's schema, the queues) on this database
  t = performance.now()
  await startJobWorkers(db, systemClock, { pollSeconds: 0.2 })
  const startup = performance.now() - t
  cpu = process.cpuUsage()
  t = performance.now()
  const { jobId } = await startBulkImport(ctx, 'bench', docs)
  const state = await waitForJob(db, jobId)
  const wall = (performance.now() - t) / 1000
  const used = process.cpuUsage(cpu)
  const cpuS = (used.user + used.system) / 1e6
  const r = await db.one<{ result: Record<string, number> }>(`select result from jobs where id = $1`, [jobId])
  await stopJobWorkers(db)
  console.log(`  ${label}: bulk import of ${n} generated documents, job ${state}`)
  console.log(`    queue start (pg-boss schema and queues): ${startup.toFixed(0)} ms`)
  console.log(
    `    bulk import rate: ${(n / wall).toFixed(1)} documents/s wall, ${(n / cpuS).toFixed(1)} per CPU-second of this process (${wall.toFixed(1)} s, ${cpuS.toFixed(1)} s CPU); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
  )
  console.log(
    `    the importer alone, reading only (same run): ${(n / readWall).toFixed(1)} documents/s wall, ${(n / readCpu).toFixed(1)} per CPU-second; the job takes ${(wall / readWall).toFixed(1)}x its wall time`,
  )
  console.log(`    outcome: ${JSON.stringify(r?.result)}`)
  return { perSecond: n / wall }
}
