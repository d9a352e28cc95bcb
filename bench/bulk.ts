// npm run bench:bulk: the bulk-import rate (bench/bulk-rate.ts) on PGlite and, with TEST_DATABASE_URL (or
// DATABASE_URL), on PostgreSQL. BENCH_BULK_DOCS sets the documents (default 200), generated (src/importer/generator/).
import { openPglite } from '../src/db/db.ts'
import { newPostgresDatabase } from '../src/testing/harness.ts'
import { stopExtractionWorker } from '../src/importer/read.ts'
import { bulkImportRate } from './bulk-rate.ts'

const N = Number(process.env['BENCH_BULK_DOCS'] ?? 200)

const lite = await openPglite()
await bulkImportRate('PGlite', lite, N)
await lite.close()
const url = process.env['TEST_DATABASE_URL'] ?? process.env['DATABASE_URL']
if (url) {
  const pgdb = await newPostgresDatabase(url, `pc_bench_bulk_${process.pid}`)
  try {
    await bulkImportRate('PostgreSQL', pgdb.db, N)
  } finally {
    await pgdb.drop()
  }
}
await stopExtractionWorker()
