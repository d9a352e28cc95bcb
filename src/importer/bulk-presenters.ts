import { z } from 'zod'
import { id, isoDateTime } from '../web/presenters.ts'
import { jobPage, jobState } from '../jobs/presenters.ts'

const itemStatus = z.enum(['pending', 'imported', 'duplicate', 'needs-review', 'failed'])

export const bulkImports = z.object({
  jobs: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      state: jobState,
      createdAt: isoDateTime,
      done: z.int(),
      total: z.int().nullable(),
    }),
  ),
})

export const bulkStarted = z.object({
  jobId: z.uuid().meta({ description: 'The job: follow it on /api/bulk-imports/{id} or /api/jobs/{id}' }),
})

export const bulkImport = jobPage.extend({
  items: z.array(
    z
      .object({
        position: z.int(),
        filename: z.string(),
        sizeBytes: z.int(),
        status: itemStatus,
        importId: id.nullable(),
        challengeId: id.nullable(),
        challengeReference: z.string().nullable(),
        reason: z.string().nullable(),
        unconfirmed: z.int().meta({ description: 'Values of this document waiting in the review queue' }),
      })
      .meta({ id: 'BulkImportItem' }),
  ),
})

const reviewItem = z
  .object({
    id,
    field: z.string(),
    label: z.string(),
    value: z.unknown().meta({ description: 'The value as read (its shape depends on the field)' }),
    text: z.string().meta({ description: 'The value in words' }),
    confidence: z.number(),
    challengeId: id,
    reference: z.string(),
    filename: z.string(),
  })
  .meta({ id: 'ReviewItem' })

export const reviewQueuePage = z.object({
  items: z.array(reviewItem.extend({ importId: id, correctable: z.boolean() })),
  total: z.int(),
  page: z.int(),
  pages: z.int(),
  threshold: z.number().meta({ description: 'Values read with less confidence than this wait here' }),
})

export const reviewPage = z.object({
  review: reviewItem.extend({ status: z.enum(['unconfirmed', 'confirmed', 'corrected']) }),
  correctable: z.boolean(),
})

export const confirmed = z.object({ confirmed: z.int() })
export const corrected = z.object({ challengeId: id })
