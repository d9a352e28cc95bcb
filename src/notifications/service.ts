import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { can, outboxBodyVisible, outboxScope } from '../auth/policy.ts'
import { Params } from '../db/sql.ts'
import { REMINDER_KINDS } from './reminders.ts'
import { recentJobs } from '../jobs/recent.ts'
import { reminderJob } from './reminder-job.ts'

function signedIn(ctx: Ctx) {
  if (ctx.actor.kind !== 'user' || ctx.actor.id <= 0) throw new AppError('unauthenticated', 'Sign in to continue')
  return ctx.actor
}

/** The reminders this user can receive, and whether each is on. */
export async function getPreferences(ctx: Ctx) {
  const a = signedIn(ctx)
  const rows = await ctx.db.query<{ kind: string; enabled: boolean }>(
    `select kind, enabled from notification_prefs where user_id = $1`,
    [a.id],
  )
  const kinds = REMINDER_KINDS.filter((k) => (k.roles as readonly string[]).includes(a.role))
  return {
    email: a.email,
    kinds: kinds.map((k) => ({
      key: k.key,
      label: k.label,
      hint: k.hint,
      enabled: rows.find((r) => r.kind === k.key)?.enabled ?? true,
    })),
  }
}

export const prefsSchema = z.object({
  kinds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v == null ? [] : Array.isArray(v) ? v : [v])),
})

export async function setPreferences(ctx: Ctx, input: unknown): Promise<void> {
  const a = signedIn(ctx)
  const r = prefsSchema.safeParse(input ?? {})
  if (!r.success) throw AppError.validation({ kinds: 'Select the reminders you want' })
  const allowed = REMINDER_KINDS.filter((k) => (k.roles as readonly string[]).includes(a.role)).map(
    (k) => k.key as string,
  )
  const unknown = r.data.kinds.filter((k) => !allowed.includes(k))
  if (unknown.length) throw AppError.validation({ kinds: `Unknown reminder: ${unknown.join(', ')}` })
  const before = await getPreferences(ctx)
  await ctx.db.transaction(async (tx) => {
    for (const k of allowed) {
      await tx.query(
        `insert into notification_prefs (user_id, kind, enabled) values ($1, $2, $3) on conflict (user_id, kind) do update set enabled = excluded.enabled`,
        [a.id, k, r.data.kinds.includes(k)],
      )
    }
    await audit(tx, ctx, {
      action: 'notifications.preferences',
      visibility: 'programme',
      entity: 'user',
      entityId: a.id,
      before: Object.fromEntries(before.kinds.map((k) => [k.key, k.enabled])),
      after: Object.fromEntries(allowed.map((k) => [k, r.data.kinds.includes(k)])),
    })
  })
}

/** The outbox: a user's own messages; the programme office sees every message. */
export async function listOutbox(ctx: Ctx, query: { page?: string } = {}) {
  const a = signedIn(ctx)
  const page = Math.max(1, Math.min(1000, Number(query.page) || 1))
  const all = can(a, 'view-programme')
  const q = new Params()
  const scope = outboxScope(a, q)
  const offset = q.add((page - 1) * 50)
  const rows = await ctx.db.query<{
    id: number
    toEmail: string
    kind: string
    subject: string
    body: string
    createdAt: Date
    sentAt: Date | null
    error: string | null
    challengeId: number | null
    userId: number | null
  }>(
    `select id, user_id as "userId", to_email as "toEmail", kind, subject, body, created_at as "createdAt", sent_at as "sentAt", error, challenge_id as "challengeId"
       from outbox o where ${scope} order by id desc limit 51 offset ${offset}`,
    q.values,
  )
  const job = await ctx.db.one<{ startedAt: Date | null; finishedAt: Date | null; result: unknown }>(
    `select started_at as "startedAt", finished_at as "finishedAt", result from job_runs where name = 'reminders'`,
  )
  return {
    messages: rows
      .slice(0, 50)
      .map(({ userId, ...m }) =>
        outboxBodyVisible(a, { kind: m.kind, userId })
          ? m
          : { ...m, body: 'The link in this email is for its recipient only.' },
      ),
    page,
    next: rows.length > 50 ? page + 1 : null,
    all,
    lastRun: job ?? null,
    scheduled: all ? await recentJobs(ctx.db, reminderJob.kind) : [],
    kinds: REMINDER_KINDS,
  }
}
