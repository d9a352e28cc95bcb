import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../common/errors.ts'
import { cleanFileName } from '../challenges/uploads.ts'
import { action, intParam, page, typed } from '../web/routing.ts'
import {
  bulkImport,
  bulkImports,
  bulkStarted,
  confirmed,
  corrected,
  reviewPage,
  reviewQueuePage,
} from './bulk-presenters.ts'
import { getBulkImport, listBulkImports, startBulkImport } from './bulk.ts'
import { BULK_LIMITS, unpackBulkZip } from './bulk-zip.ts'
import { confirmReviews, confirmSchema, correctReview, correctSchema, getReview, reviewQueue } from './review.ts'

const jobId = (req: FastifyRequest) => String((req.params as { id?: string }).id ?? '')

/** The uploaded zip (one file, up to the bulk limit rather than a single document's). */
async function zipUpload(req: FastifyRequest): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart())
    throw new AppError('unsupported', 'Send the form as multipart/form-data', { file: 'Select a zip file' })
  let got: { filename: string; data: Buffer } | null = null
  for await (const part of req.parts({ limits: { files: 1, fileSize: BULK_LIMITS.zipBytes } })) {
    if (part.type !== 'file') continue
    try {
      const data = await part.toBuffer()
      if (part.filename) got = { filename: cleanFileName(part.filename) || 'upload.zip', data }
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
        throw new AppError('too-large', 'The zip is too large', {
          file: `The zip is larger than ${BULK_LIMITS.zipBytes / 1024 / 1024} MB; split it into smaller zips`,
        })
      throw e
    }
  }
  if (!got) throw AppError.validation({ file: 'Select a zip file of documents' })
  return got
}

export async function bulkImportRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/bulk-imports',
    view: 'bulk-imports.njk',
    tags: ['imports'],
    summary: 'Bulk imports: the form to upload a zip of documents, and the imports so far (programme office)',
    response: bulkImports,
    load: (req) => listBulkImports(req.ctx),
  })
  action(app, {
    path: '/bulk-imports',
    tags: ['imports'],
    summary:
      'Import a zip of reports (multipart: file = .zip of .pdf, .docx, .txt, .md or .html) as historic challenges, in a background job',
    description:
      'The zip is checked first (size, unpacked size, number of files, file names, kinds of file); a zip that fails any check is refused whole and nothing changes. Then a job reads and saves each document; follow it on /api/bulk-imports/{id}.',
    upload: { file: `A .zip of documents (${BULK_LIMITS.zipBytes / 1024 / 1024} MB at most)` },
    errors: [400, 401, 403, 413, 415],
    response: bulkStarted,
    run: async (req) => {
      const zip = await zipUpload(req)
      return startBulkImport(req.ctx, zip.filename, unpackBulkZip(zip.data))
    },
    redirect: (_req, r) => `/bulk-imports/${r.jobId}`,
    flash: () => 'The zip was accepted: its documents are being imported',
    form: { view: 'bulk-imports.njk', load: (req) => listBulkImports(req.ctx) },
    api: { status: 202 },
  })
  page(app, {
    path: '/bulk-imports/:id',
    view: 'bulk-import.njk',
    tags: ['imports'],
    summary: 'A bulk import: its progress (the page refreshes itself while it runs) and each document’s outcome',
    errors: [401, 403, 404],
    response: bulkImport,
    load: (req) => getBulkImport(req.ctx, jobId(req)),
  })
  page(app, {
    path: '/import-reviews',
    view: 'review-queue.njk',
    tags: ['imports'],
    summary: 'The review queue: values imported with low confidence, shown as unconfirmed until confirmed or corrected',
    query: z.object({ page: z.string().optional() }),
    response: reviewQueuePage,
    load: (req) => reviewQueue(req.ctx, req.query as { page?: string }),
  })
  action(app, {
    path: '/import-reviews/confirm',
    tags: ['imports'],
    summary: 'Confirm the selected values as read (ids: the review items)',
    body: confirmSchema,
    response: confirmed,
    run: (req) => confirmReviews(req.ctx, req.body),
    redirect: () => '/import-reviews',
    flash: (_req, r) => `${r.confirmed} value${r.confirmed === 1 ? '' : 's'} confirmed`,
    form: { view: 'review-queue.njk', load: (req) => reviewQueue(req.ctx) },
  })
  page(app, {
    path: '/import-reviews/:id',
    view: 'review-item.njk',
    tags: ['imports'],
    summary: 'One value in the review queue, with the form to correct it',
    errors: [401, 403, 404],
    response: reviewPage,
    load: (req) => getReview(req.ctx, intParam(req, 'id')),
  })
  action(app, {
    path: '/import-reviews/:id/correct',
    tags: ['imports'],
    summary:
      'Correct one value (on-site dates: start, end; figures: peopleMet, meetings, interviews, hours, personWeeksEquivalent)',
    body: correctSchema,
    errors: [400, 401, 403, 404, 409],
    response: corrected,
    run: (req) => correctReview(req.ctx, intParam(req, 'id'), req.body),
    redirect: () => '/import-reviews',
    flash: () => 'Value corrected on the challenge',
    form: { view: 'review-item.njk', load: typed((req) => getReview(req.ctx, intParam(req, 'id'))) },
  })
}
