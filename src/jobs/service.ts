/** A job's page and its actions: what the policy lets the actor see and do (decision 22). */
import { assertOnJob, canOnJob } from '../auth/policy.ts'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { cancelQueued, jobKind, retryStopped, type JobState } from './queue.ts'

export interface JobRow {
  id: string
  kind: string
  title: string
  state: JobState
  progressDone: number
  progressTotal: number | null
  progressNote: string | null
  result: unknown
  payload: unknown
  error: string | null
  attempts: number
  createdBy: number | null
  createdByName: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
  updatedAt: Date
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function loadJob(ctx: Ctx, id: string): Promise<JobRow> {
  if (!UUID.test(id)) throw AppError.notFound('Job')
  const row = await ctx.db.one<JobRow>(
    `select j.id, j.kind, j.title, j.state, j.progress_done as "progressDone", j.progress_total as "progressTotal",
            j.progress_note as "progressNote", j.result, j.payload, j.error, j.attempts, j.created_by as "createdBy",
            u.name as "createdByName", j.created_at as "createdAt", j.started_at as "startedAt",
            j.finished_at as "finishedAt", j.updated_at as "updatedAt"
       from jobs j left join users u on u.id = j.created_by where j.id = $1`,
    [id.toLowerCase()],
  )
  if (!row) {
    if (ctx.actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
    throw AppError.notFound('Job')
  }
  assertOnJob(ctx.actor, 'view', row)
  return row
}

/** The job's page: its state, progress (as a percentage too), result or error, and what the actor may do. */
export async function getJob(ctx: Ctx, id: string) {
  const job = await loadJob(ctx, id)
  const open = job.state === 'queued' || job.state === 'running'
  const kind = jobKind(job.kind)
  return {
    job: {
      ...job,
      percent: job.progressTotal ? Math.min(100, Math.round((100 * job.progressDone) / job.progressTotal)) : null,
      resultPath: kind?.resultPath?.(job.id, job.state === 'completed' ? job.result : null, job.payload) ?? null,
      resultLabel: kind?.resultLabel ?? 'See what it did',
    },
    open,
    can: {
      cancel: open && canOnJob(ctx.actor, 'cancel', job),
      retry: (job.state === 'failed' || job.state === 'cancelled') && canOnJob(ctx.actor, 'retry', job),
    },
  }
}

export async function cancelJob(ctx: Ctx, id: string) {
  const job = await loadJob(ctx, id)
  assertOnJob(ctx.actor, 'cancel', job)
  if (!(await cancelQueued(ctx, job))) throw AppError.conflict('This job has already finished')
  return getJob(ctx, id)
}

export async function retryJob(ctx: Ctx, id: string) {
  const job = await loadJob(ctx, id)
  assertOnJob(ctx.actor, 'retry', job)
  if (!(await retryStopped(ctx, job))) throw AppError.conflict('Only a failed or cancelled job can be run again')
  return getJob(ctx, id)
}
