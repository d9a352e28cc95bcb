/**
 * Reminders as a background job (decision 33): every instance's timer asks for the run of the current slot (the
 * reminder interval, counted from midnight UTC); the slot's row in `scheduled_runs` is inserted in the same
 * transaction as the job, so the job is queued once however many instances ask, and pg-boss runs it once, retrying
 * on failure and after a restart. The run itself is `runReminders` (its advisory lock and dedupe keys make each
 * reminder once even beside a "Run now").
 */
import type { Clock } from '../common/clock.ts'
import type { Db } from '../db/db.ts'
import { SYSTEM_ACTOR } from '../auth/users.ts'
import { defineJob, enqueue } from '../jobs/queue.ts'
import type { Mailer } from './mailer.ts'
import { runReminders, type JobResult } from './reminders.ts'

interface Settings {
  mailer?: Mailer | null
  baseUrl?: string
}
/** How each database's app sends mail (configuration, the same in every instance; not state). */
const SETTINGS = new WeakMap<Db, Settings>()

export function configureReminderJob(db: Db, settings: Settings): void {
  SETTINGS.set(db, settings)
}

export const reminderJob = defineJob<{ slot: string }, JobResult>({
  kind: 'reminders',
  title: (p) => `Send reminders (scheduled for ${p.slot.slice(0, 16).replace('T', ' ')} UTC)`,
  retryLimit: 3,
  retryDelaySeconds: 60,
  run: async (job) => {
    await job.progress(0, 1, 'Collecting the reminders due')
    const r = await runReminders(job.ctx.db, job.ctx.clock, SETTINGS.get(job.ctx.db) ?? {})
    await job.progress(
      1,
      1,
      r.ran
        ? `${r.created} new reminder${r.created === 1 ? '' : 's'}${r.sent || r.failed ? `, ${r.sent} sent, ${r.failed} failed` : ''}`
        : 'Another run was writing the reminders at the same time; nothing to do',
    )
    return r
  },
})

/** The start of the slot `now` falls in, for slots of `minutes` counted from midnight UTC. */
export function slotStart(now: Date, minutes: number): Date {
  const ms = minutes * 60_000
  return new Date(Math.floor(now.getTime() / ms) * ms)
}

class AlreadyQueued extends Error {}

/** Queues the reminder job of the current slot unless some instance already has: its job id, or null. */
export async function scheduleReminders(db: Db, clock: Clock, intervalMinutes: number): Promise<string | null> {
  if (intervalMinutes <= 0) return null
  const slot = slotStart(clock.now(), intervalMinutes)
  const queued = await db.one(`select 1 from scheduled_runs where name = 'reminders' and slot_start = $1`, [slot])
  if (queued) return null
  try {
    return await enqueue(
      { db, actor: SYSTEM_ACTOR, clock },
      reminderJob,
      { slot: slot.toISOString() },
      async (tx, id) => {
        const row = await tx.one(
          `insert into scheduled_runs (name, slot_start, job_id) values ('reminders', $1, $2)
           on conflict (name, slot_start) do nothing returning job_id`,
          [slot, id],
        )
        if (!row) throw new AlreadyQueued()
      },
    )
  } catch (e) {
    if (e instanceof AlreadyQueued) return null
    throw e
  }
}
