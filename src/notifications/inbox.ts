import { z } from 'zod'
import { readMemo } from '../db/read-memo.ts'
import type { Ctx } from '../common/context.ts'
import type { Queryable } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { notificationsScope } from '../auth/policy.ts'
import { Params } from '../db/sql.ts'

/**
 * In-app notifications (decision 0032): when something needs a user (a draft report to check, factual comments to
 * read, an approved action plan to follow up), one row per recipient, written by the service that makes the change,
 * inside its transaction. Recipients are chosen here, by what each event asks of whom; each reads only their own.
 */

export const NOTIFICATION_KINDS = {
  'draft-issued': 'Draft report to check',
  'comments-returned': 'Factual accuracy comments returned',
  'plan-approved': 'Action plan approved',
} as const
export type NotificationKind = keyof typeof NOTIFICATION_KINDS

interface Challenge {
  id: number
  councilId: number
}

/** The people an event concerns: active accounts, never the one who made the change. */
async function recipients(tx: Queryable, ctx: Ctx, who: 'council' | 'team' | 'programme', ch: Challenge) {
  const me = ctx.actor.kind === 'user' ? ctx.actor.id : 0
  const sql =
    who === 'council'
      ? `select id from users where role = 'council' and council_id = $1 and not disabled and id <> $2`
      : who === 'team'
        ? `select distinct u.id from users u join team_members t on t.person_id = u.person_id
            where t.challenge_id = $1 and u.role = 'peer' and not u.disabled and u.id <> $2`
        : `select id from users where role = 'admin' and not disabled and id <> $2 and $1::int is not null`
  const rows = await tx.query<{ id: number }>(sql, [who === 'council' ? ch.councilId : ch.id, me])
  return rows.map((r) => r.id)
}

async function write(
  tx: Queryable,
  ctx: Ctx,
  users: number[],
  n: { kind: NotificationKind; title: string; href: string; challengeId: number },
) {
  for (const u of users)
    await tx.query(
      `insert into user_notifications (user_id, kind, title, href, challenge_id, created_at) values ($1,$2,$3,$4,$5,$6)`,
      [u, n.kind, n.title, n.href, n.challengeId, ctx.clock.now()],
    )
}

async function councilName(tx: Queryable, councilId: number) {
  return (
    (await tx.one<{ name: string }>(`select nice_name as name from councils where id = $1`, [councilId]))?.name ?? ''
  )
}

/** A dated event of a challenge was recorded (by a stage change or by hand): tell whoever it now waits on. */
export async function notifyEvent(tx: Queryable, ctx: Ctx, ch: Challenge, code: string): Promise<void> {
  if (code === 'draft_issued') {
    await write(tx, ctx, await recipients(tx, ctx, 'council', ch), {
      kind: 'draft-issued',
      title: 'The draft peer challenge report is ready for your factual accuracy check',
      href: `/challenges/${ch.id}/report`,
      challengeId: ch.id,
    })
  } else if (code === 'factual_comments_returned') {
    const title = `${await councilName(tx, ch.councilId)} has returned its factual accuracy comments on the draft report`
    const users = [...(await recipients(tx, ctx, 'team', ch)), ...(await recipients(tx, ctx, 'programme', ch))]
    await write(tx, ctx, [...new Set(users)], {
      kind: 'comments-returned',
      title,
      href: `/challenges/${ch.id}/report`,
      challengeId: ch.id,
    })
  }
}

/** A council's committee approved its action plan: the programme office plans the progress review. */
export async function notifyPlanApproved(tx: Queryable, ctx: Ctx, ch: Challenge, approvedBy: string): Promise<void> {
  await write(tx, ctx, await recipients(tx, ctx, 'programme', ch), {
    kind: 'plan-approved',
    title: `${await councilName(tx, ch.councilId)}’s action plan was approved by ${approvedBy}: plan its progress review`,
    href: `/challenges/${ch.id}/action-plan`,
    challengeId: ch.id,
  })
}

export const inboxQuery = z.object({ page: z.string().optional() })

/** The actor's own notifications, newest first, 50 a page, with how many are unread. */
export async function listNotifications(ctx: Ctx, query: z.input<typeof inboxQuery> = {}) {
  if (ctx.actor.kind !== 'user' || ctx.actor.id <= 0) throw new AppError('unauthenticated', 'Sign in to continue')
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(query.page)) || 1))
  const q = new Params()
  const scope = notificationsScope(ctx.actor, q)
  const counts = (await ctx.db.one<{ total: number; unread: number }>(
    `select count(*)::int as total, count(*) filter (where read_at is null)::int as unread from user_notifications n where ${scope}`,
    q.values,
  ))!
  const rows = await ctx.db.query<{
    id: number
    kind: NotificationKind
    title: string
    href: string
    createdAt: Date
    readAt: Date | null
  }>(
    `select n.id::int as id, n.kind, n.title, n.href, n.created_at as "createdAt", n.read_at as "readAt"
       from user_notifications n where ${scope} order by n.id desc limit 50 offset ${q.add((page - 1) * 50)}`,
    q.values,
  )
  return {
    notifications: rows.map((r) => ({ ...r, kindLabel: NOTIFICATION_KINDS[r.kind] ?? r.kind, unread: !r.readAt })),
    unread: counts.unread,
    total: counts.total,
    page,
    pages: Math.max(1, Math.ceil(counts.total / 50)),
  }
}

/** How many of the actor's notifications are unread (the header's count). */
export async function unreadCount(db: Queryable, actor: Ctx['actor']): Promise<number> {
  const q = new Params()
  const scope = notificationsScope(actor, q)
  if (scope === 'false') return 0
  // asked on every page: kept on the embedded database until something writes (decision 0037)
  return unreadMemo(db, `${scope} ${JSON.stringify(q.values)}`, async () => {
    const row = await db.one<{ n: number }>(
      `select count(*)::int as n from user_notifications n where ${scope} and n.read_at is null`,
      q.values,
    )
    return row!.n
  })
}
const unreadMemo = readMemo<number>()

/**
 * Marks one of the actor's notifications read (another's is not found) and gives where it points; or, with no id,
 * all of them. Reading is not audited: it changes nothing anyone else sees.
 */
export async function markRead(ctx: Ctx, id: number | null): Promise<{ href: string; marked: number }> {
  if (ctx.actor.kind !== 'user' || ctx.actor.id <= 0) throw new AppError('unauthenticated', 'Sign in to continue')
  const q = new Params()
  const scope = notificationsScope(ctx.actor, q)
  const now = q.add(ctx.clock.now())
  if (id == null) {
    const rows = await ctx.db.query(
      `update user_notifications n set read_at = ${now} where ${scope} and n.read_at is null returning n.id`,
      q.values,
    )
    return { href: '/notifications', marked: rows.length }
  }
  const row = await ctx.db.one<{ href: string }>(
    `update user_notifications n set read_at = coalesce(n.read_at, ${now}) where ${scope} and n.id = ${q.add(id)} returning n.href`,
    q.values,
  )
  if (!row) throw AppError.notFound('Notification')
  return { href: row.href, marked: 1 }
}
