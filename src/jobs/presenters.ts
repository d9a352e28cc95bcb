import { z } from 'zod'
import { isoDateTime } from '../web/presenters.ts'

export const jobState = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled'])

export const jobSummary = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: 'The kind of job, e.g. bulk-import' }),
    title: z.string(),
    state: jobState,
    progressDone: z.int(),
    progressTotal: z.int().nullable(),
    percent: z.int().nullable(),
    progressNote: z.string().nullable(),
    result: z.unknown().meta({ description: 'What the job answered when it completed (its kind says what)' }),
    error: z.string().nullable().meta({ description: 'The last failure' }),
    attempts: z.int().meta({ description: 'Runs so far, retries and resumptions after a restart included' }),
    createdByName: z.string().nullable(),
    createdAt: isoDateTime,
    startedAt: isoDateTime.nullable(),
    finishedAt: isoDateTime.nullable(),
    resultPath: z.string().nullable().meta({ description: 'The page that shows what the job did' }),
    resultLabel: z.string().meta({ description: 'What that page shows, in words' }),
  })
  .meta({ id: 'Job' })

export const jobPage = z.object({
  job: jobSummary,
  open: z.boolean().meta({ description: 'Queued or running: the page refreshes itself' }),
  can: z.object({ cancel: z.boolean(), retry: z.boolean() }),
})

/** What a POST that starts a background job answers (202): the job, and its page, which shows progress and the result. */
export const jobStarted = z.object({
  jobId: z.uuid(),
  state: jobState,
  path: z.string().meta({ description: 'The job’s page (/jobs/:id); its JSON twin is /api/jobs/:id' }),
})
