import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import { addDays, daysBetween, formatDate, plural, type IsoDate } from '../common/dates.ts'
import { deadlinesOfMany } from '../challenges/service.ts'
import { challengesWhere } from '../challenges/repo.ts'
import { getRuleset } from '../action-plans/reference.ts'
import { dueWindow, overduePeriod, type PlanRules } from '../action-plans/rules.ts'
import type { Mailer } from './mailer.ts'

/** What a user can choose to receive. Absent preference = on. */
export const REMINDER_KINDS = [
  {
    key: 'action-due',
    label: 'Actions coming due',
    hint: 'Actions you lead (or, if nobody is named, your council’s) due within 30, 7 and 1 days',
    roles: ['council'],
  },
  {
    key: 'action-overdue',
    label: 'Overdue actions',
    hint: 'Once a week while an action is past its target date and not complete',
    roles: ['council'],
  },
  {
    key: 'update-missing',
    label: 'Progress updates missing',
    hint: 'When an action has had no progress update for 90 days',
    roles: ['council'],
  },
  {
    key: 'publication-deadline',
    label: 'Publication deadlines',
    hint: 'The report and action plan publication deadlines: 30, 7 and 1 days before, and when missed',
    roles: ['council', 'admin'],
  },
] as const
export type ReminderKind = (typeof REMINDER_KINDS)[number]['key']

interface Recipient {
  id: number
  email: string
  name: string
}
export interface Reminder {
  key: string
  kind: ReminderKind
  to: Recipient
  subject: string
  body: string
  challengeId: number
}

export const JOB_LOCK = 72170002

async function wants(db: Queryable, kind: ReminderKind, users: Recipient[]): Promise<Recipient[]> {
  if (!users.length) return []
  const off = new Set(
    (
      await db.query<{ userId: number }>(
        `select user_id as "userId" from notification_prefs where kind = $1 and not enabled and user_id = any($2::int[])`,
        [kind, users.map((u) => u.id)],
      )
    ).map((r) => r.userId),
  )
  return users.filter((u) => !off.has(u.id))
}

async function councilUsers(db: Queryable, councilId: number): Promise<Recipient[]> {
  return db.query<Recipient>(
    `select id, email, name from users where role = 'council' and council_id = $1 and not disabled order by id`,
    [councilId],
  )
}

/** Every reminder due on `today`. Pure reads: the keys make each reminder exist once however often this runs. */
export async function collectReminders(db: Queryable, today: IsoDate, baseUrl: string): Promise<Reminder[]> {
  const out: Reminder[] = []
  const link = (path: string) => `${baseUrl.replace(/\/$/, '')}${path}`
  // Actions of approved plans that are not done.
  const actions = await db.query<{
    id: number
    number: number
    title: string
    targetDate: string
    status: string
    ownerId: number | null
    ownerEmail: string | null
    ownerName: string | null
    ownerDisabled: boolean | null
    lastUpdate: string
    challengeId: number
    reference: string
    councilId: number
    councilName: string
    ruleset: string
  }>(
    `select a.id, a.number, a.title, a.target_date as "targetDate", a.status, u.id as "ownerId", u.email as "ownerEmail", u.name as "ownerName", u.disabled as "ownerDisabled",
            coalesce((select max(pu.as_of) from progress_updates pu where pu.action_id = a.id), p.approved_on, (a.created_at at time zone 'Europe/London')::date)::text as "lastUpdate",
            c.id as "challengeId", c.reference, c.council_id as "councilId", co.nice_name as "councilName", p.ruleset
       from plan_actions a join action_plans p on p.id = a.plan_id join challenges c on c.id = p.challenge_id join councils co on co.id = c.council_id
       left join users u on u.id = a.owner_user_id
      where p.status = 'approved' and a.status in ('not-started', 'in-progress') and c.stage not in ('cancelled', 'closed')
      order by a.id`,
  )
  const rulesets = new Map<string, PlanRules>()
  const teamCache = new Map<number, Recipient[]>()
  for (const a of actions) {
    if (!rulesets.has(a.ruleset)) rulesets.set(a.ruleset, (await getRuleset(db, a.ruleset))!.rules)
    const r = rulesets.get(a.ruleset)!.reminders
    if (!teamCache.has(a.councilId)) teamCache.set(a.councilId, await councilUsers(db, a.councilId))
    const to: Recipient[] =
      a.ownerId && !a.ownerDisabled
        ? [{ id: a.ownerId, email: a.ownerEmail!, name: a.ownerName! }]
        : teamCache.get(a.councilId)!
    const url = link(`/challenges/${a.challengeId}/action-plan/actions/${a.id}`)
    const left = daysBetween(today, a.targetDate)
    const what = `Action ${a.number} of the ${a.councilName} peer challenge action plan (${a.reference}): ${a.title}`
    const win = dueWindow(r.dueInDays, left)
    if (win !== null) {
      for (const u of await wants(db, 'action-due', to)) {
        out.push({
          key: `action-due:${a.id}:${a.targetDate}:${win}:u${u.id}`,
          kind: 'action-due',
          to: u,
          challengeId: a.challengeId,
          subject: `Action due ${left === 0 ? 'today' : `in ${plural(left, 'day')}`}: ${a.reference} action ${a.number}`,
          body: `${what}\n\nTarget date: ${formatDate(a.targetDate)}.\n\nRecord progress or a new target date: ${url}\n`,
        })
      }
    }
    const period = overduePeriod(r.overdueEveryDays, left)
    if (period !== null) {
      for (const u of await wants(db, 'action-overdue', to)) {
        out.push({
          key: `action-overdue:${a.id}:${a.targetDate}:${period}:u${u.id}`,
          kind: 'action-overdue',
          to: u,
          challengeId: a.challengeId,
          subject: `Action overdue by ${plural(-left, 'day')}: ${a.reference} action ${a.number}`,
          body: `${what}\n\nIts target date was ${formatDate(a.targetDate)} and it is not complete.\n\nRecord progress, complete it, or revise the target date with a reason: ${url}\n`,
        })
      }
    }
    const since = daysBetween(a.lastUpdate, today)
    if (since >= r.updateEveryDays) {
      for (const u of await wants(db, 'update-missing', to)) {
        out.push({
          key: `update-missing:${a.id}:${a.lastUpdate}:u${u.id}`,
          kind: 'update-missing',
          to: u,
          challengeId: a.challengeId,
          subject: `No progress update for ${plural(since, 'day')}: ${a.reference} action ${a.number}`,
          body: `${what}\n\nThe last progress was recorded on ${formatDate(a.lastUpdate)}.\n\nAdd an update: ${url}\n`,
        })
      }
    }
  }
  // Publication deadlines of challenges whose report is final or published.
  const found = await challengesWhere(db, { stages: ['final', 'published'], onsiteEndFrom: addDays(today, -400) })
  const planRulesets = new Map(
    (
      await db.query<{ challengeId: number; ruleset: string }>(
        `select challenge_id as "challengeId", ruleset from action_plans where challenge_id = any($1)`,
        [found.map((c) => c.id)],
      )
    ).map((r) => [r.challengeId, r.ruleset]),
  )
  const challenges = found.map((c) => ({ ...c, ruleset: planRulesets.get(c.id) ?? null }))
  const admins = await db.query<Recipient>(
    `select id, email, name from users where role = 'admin' and not disabled order by id`,
  )
  const latest = (await db.one<{ rules: PlanRules }>(
    `select rules from plan_rulesets order by effective_from desc limit 1`,
  ))!.rules
  const deadlinesOf = await deadlinesOfMany(db, challenges, today)
  for (const ch of challenges) {
    const id = ch.id
    if (ch.ruleset && !rulesets.has(ch.ruleset)) rulesets.set(ch.ruleset, (await getRuleset(db, ch.ruleset))!.rules)
    const rs = (ch.ruleset ? rulesets.get(ch.ruleset)! : latest).reminders
    const { deadlines } = deadlinesOf.get(id)!
    const to = [...(await councilUsers(db, ch.councilId)), ...admins]
    for (const d of deadlines.filter((x) => rs.publicationRules.includes(x.code) && x.due)) {
      const url = link(`/challenges/${id}/action-plan`)
      if (d.status === 'due') {
        const win = dueWindow(rs.publicationDueInDays, d.daysLeft!)
        if (win === null) continue
        for (const u of await wants(db, 'publication-deadline', to)) {
          out.push({
            key: `publication:${id}:${d.code}:${d.due}:${win}:u${u.id}`,
            kind: 'publication-deadline',
            to: u,
            challengeId: id,
            subject: `${d.label} due ${formatDate(d.due)}: ${ch.councilName} (${ch.reference})`,
            body: `${d.label} for the ${ch.councilName} peer challenge (${ch.reference}) is due by ${formatDate(d.due)} (${d.summary.toLowerCase()}).\n\nRule: ${d.source}.\n\nRecord the publication: ${url}\n`,
          })
        }
      } else if (d.status === 'overdue') {
        const period = overduePeriod(rs.overdueEveryDays, -d.daysOverdue!)
        for (const u of await wants(db, 'publication-deadline', to)) {
          out.push({
            key: `publication-overdue:${id}:${d.code}:${d.due}:${period}:u${u.id}`,
            kind: 'publication-deadline',
            to: u,
            challengeId: id,
            subject: `${d.label} overdue: ${ch.councilName} (${ch.reference})`,
            body: `${d.label} for the ${ch.councilName} peer challenge (${ch.reference}) was due by ${formatDate(d.due)}: ${d.summary.toLowerCase()}.\n\nRule: ${d.source}.\n\nRecord the publication: ${url}\n`,
          })
        }
      }
    }
  }
  return out
}

export interface JobResult {
  ran: boolean
  created: number
  sent: number
  failed: number
}

/**
 * The reminder job. Safe on several app instances at once: one instance holds the job's advisory lock while it
 * writes the outbox (the others skip), the dedupe key stops a reminder being written twice in any case, and sending
 * claims rows with FOR UPDATE SKIP LOCKED so no message goes out twice.
 */
export async function runReminders(
  db: Db,
  clock: Clock,
  opts: { mailer?: Mailer | null; baseUrl?: string } = {},
): Promise<JobResult> {
  const today = clock.today()
  const created = await db.transaction(async (tx) => {
    const lock = await tx.one<{ ok: boolean }>(`select pg_try_advisory_xact_lock($1) as ok`, [JOB_LOCK])
    if (!lock?.ok) return null
    await tx.query(
      `insert into job_runs (name, started_at) values ('reminders', $1) on conflict (name) do update set started_at = excluded.started_at`,
      [clock.now()],
    )
    const reminders = await collectReminders(tx, today, opts.baseUrl ?? 'http://localhost:3000')
    let n = 0
    for (const r of reminders) {
      const rows = await tx.query(
        `insert into outbox (dedupe_key, user_id, to_email, kind, subject, body, challenge_id, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (dedupe_key) do nothing returning id`,
        [r.key, r.to.id, r.to.email, r.kind, r.subject, r.body, r.challengeId, clock.now()],
      )
      n += rows.length
    }
    await tx.query(`update job_runs set finished_at = $2, result = $3 where name = $1`, [
      'reminders',
      clock.now(),
      JSON.stringify({ today, considered: reminders.length, created: n }),
    ])
    return n
  })
  if (created === null) return { ran: false, created: 0, sent: 0, failed: 0 }
  const { sent, failed } = opts.mailer ? await deliver(db, clock, opts.mailer) : { sent: 0, failed: 0 }
  return { ran: true, created, sent, failed }
}

/** Sends what is waiting in the outbox, claiming each row so two instances never send the same message. */
export async function deliver(db: Db, clock: Clock, mailer: Mailer): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await tx.query<{ id: number; toEmail: string; subject: string; body: string }>(
        `select id, to_email as "toEmail", subject, body from outbox where sent_at is null and attempts < 5 order by id limit 10 for update skip locked`,
      )
      for (const m of rows) {
        try {
          await mailer.send(m.toEmail, m.subject, m.body)
          await tx.query(`update outbox set sent_at = $2, attempts = attempts + 1, error = null where id = $1`, [
            m.id,
            clock.now(),
          ])
          sent++
        } catch (e) {
          await tx.query(`update outbox set attempts = attempts + 1, error = $2 where id = $1`, [
            m.id,
            String((e as Error).message ?? e).slice(0, 500),
          ])
          failed++
        }
      }
      return rows.length
    })
    if (batch < 10) break
  }
  return { sent, failed }
}
