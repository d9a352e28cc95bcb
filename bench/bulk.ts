// npm run bench:bulk: the bulk-import rate, documents a second, through the whole path a zip upload takes (the
// background job reading, keeping and saving each document as a challenge, with its review-queue rows), on PGlite
// and, with TEST_DATABASE_URL (or DATABASE_URL), on PostgreSQL. Beside it, in the same run, the importer alone
// (reading the same documents in-process, nothing saved): the reference the job's overhead is measured against.
// BENCH_BULK_DOCS sets the documents (default 200), generated (src/importer/generator/) about English councils.
import fs from 'node:fs'
import { openPglite, type Db } from '../src/db/db.ts'
import { newPostgresDatabase } from '../src/testing/harness.ts'
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
import { stopExtractionWorker } from '../src/importer/read.ts'

const N = Number(process.env['BENCH_BULK_DOCS'] ?? 200)
const docs = bulkCorpus(N, 9000, true)

async function run(label: string, db: Db) {
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
  const readCpu = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6
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
  console.log(`\n${label}: ${N} generated documents, bulk import job ${state}`)
  console.log(`  queue start (pg-boss schema and queues): ${startup.toFixed(0)} ms`)
  console.log(
    `  bulk import: ${(N / wall).toFixed(1)} documents/s wall, ${(N / cpuS).toFixed(1)} per CPU-second (${wall.toFixed(1)} s, ${cpuS.toFixed(1)} s CPU)`,
  )
  console.log(
    `  the importer alone, reading only (same run): ${(N / readWall).toFixed(1)} documents/s wall, ${(N / readCpu).toFixed(1)} per CPU-second; the job takes ${(wall / readWall).toFixed(1)}x its wall time`,
  )
  console.log(`  outcome: ${JSON.stringify(r?.result)}`)
}

const lite = await openPglite()
await run('PGlite', lite)
await lite.close()
const url = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL']
if (url) {
  const pgdb = await newPostgresDatabase(url, `pc_bench_bulk_${process.pid}`)
  try {
    await run('PostgreSQL', pgdb.db)
  } finally {
    await pgdb.drop()
  }
}
await stopExtractionWorker()
