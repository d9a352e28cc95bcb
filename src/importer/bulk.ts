/**
 * Bulk import (issue 16): the documents of a zip or a folder become historic challenges through a background job
 * (decision 22), through the same service as the single import (read, keep as an import, save as a challenge).
 * Each document is one step with its own row: a job resumed after a restart goes on from the first document not done,
 * and a document whose content was imported before (its SHA-256) is never imported again. Values read with less
 * confidence than the threshold (reference/review.json) go to the review queue (review.ts).
 */
import crypto from 'node:crypto'
import { assertCan } from '../auth/policy.ts'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import type { Queryable } from '../db/db.ts'
import { frameworkInForce, listFrameworks } from '../frameworks/repo.ts'
import { defineJob, enqueue, type JobState } from '../jobs/queue.ts'
import { importDocument } from './importer.ts'
import { loadRefs } from './refs.ts'
import type { ParseRefs } from './parse.ts'
import { formValues, saveImport, uploadImport } from './service.ts'
import { recordReviews } from './review.ts'
import type { BulkFile } from './bulk-zip.ts'

export type ItemStatus = 'pending' | 'imported' | 'duplicate' | 'needs-review' | 'failed'

export interface BulkPayload {
  source: string
  files: number
}

export interface BulkResult {
  imported: number
  duplicate: number
  needsReview: number
  failed: number
  unconfirmedFields: number
}

interface Item {
  position: number
  filename: string
  sha256: string
  content: Buffer | null
  status: ItemStatus
}

const sha256 = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex')

async function finish(
  tx: Queryable,
  jobId: string,
  position: number,
  status: ItemStatus,
  o: { importId?: number | null; challengeId?: number | null; reason?: string | null; at: Date },
) {
  await tx.query(
    `update bulk_import_items set status = $3, import_id = $4, challenge_id = $5, reason = $6, processed_at = $7, content = null
      where job_id = $1 and position = $2`,
    [jobId, position, status, o.importId ?? null, o.challengeId ?? null, o.reason?.slice(0, 1000) ?? null, o.at],
  )
}

function reasonOf(e: unknown): string {
  if (e instanceof AppError) {
    const fields = Object.values(e.fields)
    return fields.length ? fields.slice(0, 3).join('; ') : e.message
  }
  return e instanceof Error ? e.message : String(e)
}

/** One document: read, keep, save as a challenge (or say why not), with its unconfirmed values queued for review. */
async function importItem(ctx: Ctx, jobId: string, item: Item, refs: () => Promise<ParseRefs>): Promise<ItemStatus> {
  const at = ctx.clock.now()
  const earlier = await ctx.db.one<{
    id: number
    status: string
    challengeId: number | null
    bulkJobId: string | null
  }>(
    `select id, status, challenge_id as "challengeId", bulk_job_id as "bulkJobId" from imports
      where sha256 = $1 and status <> 'discarded' order by id limit 1`,
    [item.sha256],
  )
  let importId: number
  if (earlier && earlier.bulkJobId !== jobId) {
    await finish(ctx.db, jobId, item.position, 'duplicate', {
      importId: earlier.id,
      challengeId: earlier.challengeId,
      reason: `Imported before (import ${earlier.id}${earlier.status === 'saved' ? ', saved' : ', waiting to be checked'})`,
      at,
    })
    return 'duplicate'
  }
  if (earlier)
    importId = earlier.id // this job kept it before a restart: go on from there
  else {
    try {
      const read = await importDocument(item.content!, item.filename, await refs())
      const up = await uploadImport(
        ctx,
        { filename: item.filename, mimetype: 'application/octet-stream', data: item.content! },
        { bulkJobId: jobId, read },
      )
      importId = up.id
    } catch (e) {
      if (e instanceof AppError) {
        await finish(ctx.db, jobId, item.position, 'failed', { reason: reasonOf(e), at })
        return 'failed'
      }
      throw e
    }
  }
  const row = await ctx.db.one<{ status: string; challengeId: number | null; extraction: any }>(
    `select status, challenge_id as "challengeId", extraction from imports where id = $1`,
    [importId],
  )
  let challengeId = row!.challengeId
  if (row!.status !== 'saved') {
    const { summary, fields } = row!.extraction
    const why =
      fields.verdict?.value === 'not-cpc'
        ? `Not a corporate peer challenge${summary.reviewType ? ` (${String(summary.reviewType).replace(/-/g, ' ')})` : ''}: kept to check by hand`
        : !summary.council?.registerCode
          ? 'The council could not be identified: check it by hand'
          : !summary.onSite?.start
            ? 'The dates on site could not be read: check them by hand'
            : null
    if (why) {
      await finish(ctx.db, jobId, item.position, 'needs-review', { importId, reason: why, at })
      return 'needs-review'
    }
    // A framework the document does not name is the one in force on its first day on site, unconfirmed until checked.
    let framework = (await listFrameworks(ctx.db)).find((f) => f.code === summary.framework)
    const start = String(summary.onSite.start)
    framework ??= await frameworkInForce(
      ctx.db,
      summary.reviewType ?? 'cpc',
      start.length === 7 ? `${start}-01` : start,
    )
    const values = formValues(summary, fields, framework?.themes ?? [])
    if (framework) values.frameworkCode = framework.code
    try {
      const saved = await saveImport(ctx, importId, values)
      challengeId = saved.challengeId
      if (!saved.created) {
        await finish(ctx.db, jobId, item.position, 'duplicate', {
          importId,
          challengeId,
          reason: `This visit is already recorded as ${saved.reference}`,
          at,
        })
        return 'duplicate'
      }
    } catch (e) {
      if (e instanceof AppError) {
        await finish(ctx.db, jobId, item.position, 'needs-review', { importId, reason: reasonOf(e), at })
        return 'needs-review'
      }
      throw e
    }
  }
  await ctx.db.transaction(async (tx) => {
    if (challengeId) await recordReviews(tx, importId, challengeId, row!.extraction)
    await finish(tx, jobId, item.position, 'imported', { importId, challengeId, at })
  })
  return 'imported'
}

export const bulkImportJob = defineJob<BulkPayload, BulkResult>({
  kind: 'bulk-import',
  title: (p) => `Import ${p.files} document${p.files === 1 ? '' : 's'} from ${p.source}`,
  retryLimit: 5,
  resultPath: (id) => `/bulk-imports/${id}`,
  run: async (job) => {
    const { db } = job.ctx
    const total = job.payload.files
    const count = async () => {
      const rows = await db.query<{ status: ItemStatus; n: number }>(
        `select status, count(*)::int as n from bulk_import_items where job_id = $1 group by status`,
        [job.id],
      )
      const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<ItemStatus, number | undefined>
      const unconfirmed = await db.one<{ n: number }>(
        `select count(*)::int as n from import_field_reviews r join imports i on i.id = r.import_id
          where i.bulk_job_id = $1 and r.status = 'unconfirmed'`,
        [job.id],
      )
      return {
        imported: by.imported ?? 0,
        duplicate: by.duplicate ?? 0,
        needsReview: by['needs-review'] ?? 0,
        failed: by.failed ?? 0,
        unconfirmedFields: unconfirmed?.n ?? 0,
        pending: by.pending ?? 0,
      }
    }
    const note = (c: BulkResult) =>
      `${c.imported} imported, ${c.duplicate} already there, ${c.needsReview} to check by hand, ${c.failed} could not be read`
    const c = await count()
    await job.progress(total - c.pending, total, job.attempt > 1 ? `Resumed: ${note(c)}` : note(c))
    // The register and frameworks are read once a run, not once a document (reading and indexing them took longer
    // than reading a document); the counts are kept as the documents finish (each is recorded on its own row).
    let refs: Promise<ParseRefs> | null = null
    const once = () => (refs ??= loadRefs(db))
    const key = {
      imported: 'imported',
      duplicate: 'duplicate',
      'needs-review': 'needsReview',
      failed: 'failed',
    } as const
    let after = 0
    for (;;) {
      const item = await db.one<Item>(
        `select position, filename, sha256, content, status from bulk_import_items
          where job_id = $1 and status = 'pending' and position > $2 order by position limit 1`,
        [job.id, after],
      )
      if (!item) break
      after = item.position
      const status = await importItem(job.ctx, job.id, item, once)
      if (status !== 'pending') {
        c[key[status]]++
        c.pending--
      }
      await job.progress(total - c.pending, total, note(c))
    }
    const { pending: _p, ...result } = await count()
    return result
  },
})

/**
 * Starts a bulk import of the files (already checked: see unpackBulkZip, or the command line's folder walk): the
 * files are stored with the job in one transaction, so the job can run in any process and resume after a restart.
 */
export async function startBulkImport(ctx: Ctx, source: string, files: BulkFile[]): Promise<{ jobId: string }> {
  assertCan(ctx.actor, 'import-documents')
  if (!files.length) throw AppError.validation({ file: 'There are no documents to import' })
  const seen = new Map<string, string>()
  const jobId = await enqueue(
    ctx,
    bulkImportJob,
    { source: source.slice(0, 200), files: files.length },
    async (tx, id) => {
      for (const [i, f] of files.entries()) {
        const sha = sha256(f.data)
        const twin = seen.get(sha)
        seen.set(sha, twin ?? f.filename)
        await tx.query(
          `insert into bulk_import_items (job_id, position, filename, size_bytes, sha256, content, status, reason, processed_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            id,
            i + 1,
            f.filename.slice(-300),
            f.data.length,
            sha,
            twin ? null : f.data,
            twin ? 'duplicate' : 'pending',
            twin ? `The same document as ${twin} in this batch` : null,
            twin ? ctx.clock.now() : null,
          ],
        )
      }
    },
  )
  return { jobId }
}

/** A bulk import's page: the job, and each document with what became of it. */
export async function getBulkImport(ctx: Ctx, jobId: string) {
  assertCan(ctx.actor, 'import-documents')
  const { getJob } = await import('../jobs/service.ts')
  const page = await getJob(ctx, jobId)
  if (page.job.kind !== bulkImportJob.kind) throw AppError.notFound('Bulk import')
  const items = await ctx.db.query<{
    position: number
    filename: string
    sizeBytes: number
    status: ItemStatus
    importId: number | null
    challengeId: number | null
    challengeReference: string | null
    reason: string | null
    unconfirmed: number
  }>(
    `select b.position, b.filename, b.size_bytes as "sizeBytes", b.status, b.import_id as "importId",
            b.challenge_id as "challengeId", c.reference as "challengeReference", b.reason,
            (select count(*)::int from import_field_reviews r where r.import_id = b.import_id and r.status = 'unconfirmed') as unconfirmed
       from bulk_import_items b left join challenges c on c.id = b.challenge_id
      where b.job_id = $1 order by b.position`,
    [page.job.id],
  )
  return { ...page, items }
}

/** The bulk imports so far (newest first), for the upload page. */
export async function listBulkImports(ctx: Ctx) {
  assertCan(ctx.actor, 'import-documents')
  const jobs = await ctx.db.query<{
    id: string
    title: string
    state: JobState
    createdAt: Date
    done: number
    total: number | null
  }>(
    `select id, title, state, created_at as "createdAt", progress_done as done, progress_total as total
       from jobs where kind = $1 order by created_at desc, id limit 50`,
    [bulkImportJob.kind],
  )
  return { jobs }
}
