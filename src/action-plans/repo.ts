import type { Queryable } from '../db/db.ts'
import type { IsoDate } from '../common/dates.ts'
import { getRuleset } from './reference.ts'
import {
  computeRag,
  isDone,
  ragCounts,
  responseLabel,
  statusLabel,
  worstRag,
  type ActionStatus,
  type PlanRules,
  type Rag,
  type Response,
} from './rules.ts'

/** SQL and the one read model of a plan, used by the pages, the documents, the snapshots and the reminders. */

export interface PlanRow {
  id: number
  challengeId: number
  ruleset: string
  status: 'draft' | 'approved'
  approvedOn: IsoDate | null
  approvedMeetingId: number | null
  version: number
  createdAt: Date
  updatedAt: Date
}

export const PLAN_COLS = `p.id, p.challenge_id as "challengeId", p.ruleset, p.status, p.approved_on as "approvedOn",
  p.approved_meeting_id as "approvedMeetingId", p.version, p.created_at as "createdAt", p.updated_at as "updatedAt"`

export async function planForChallenge(db: Queryable, challengeId: number): Promise<PlanRow | undefined> {
  return db.one<PlanRow>(`select ${PLAN_COLS} from action_plans p where p.challenge_id = $1`, [challengeId])
}

/** Bumps the plan's version: every change to a plan does this, so a spreadsheet read before the change is refused. */
export async function touchPlan(tx: Queryable, planId: number, now: Date): Promise<void> {
  await tx.query(`update action_plans set version = version + 1, updated_at = $2 where id = $1`, [planId, now])
}

export interface RecView {
  id: number
  kind: 'key' | 'theme'
  themeKey: string | null
  themeTitle: string | null
  number: number
  ref: string
  label: string
  title: string
  body: string
  response: Response | null
  responseLabel: string
  reasons: string
  actionIds: number[]
  actionNumbers: number[]
  rag: Rag | null
}

export interface UpdateView {
  id: number
  asOf: IsoDate
  text: string
  status: ActionStatus
  statusLabel: string
  by: string | null
  at: Date | string
  evidence: { id: number; filename: string; sizeBytes: number }[]
}

export interface ActionView {
  id: number
  number: number
  title: string
  description: string
  leadOfficer: string
  ownerUserId: number | null
  ownerName: string | null
  startDate: IsoDate | null
  targetDate: IsoDate
  originalTargetDate: IsoDate
  status: ActionStatus
  statusLabel: string
  completedOn: IsoDate | null
  rag: Rag
  ragReason: string
  computedRag: Rag
  computedReason: string
  overridden: boolean
  override: { rag: Rag; reason: string; by: string | null; at: Date | string } | null
  recommendationIds: number[]
  recommendationRefs: string[]
  milestones: { id: number; position: number; title: string; dueDate: IsoDate | null; doneOn: IsoDate | null }[]
  revisions: { fromDate: IsoDate; toDate: IsoDate; reason: string; by: string | null; at: Date | string }[]
  updates: UpdateView[]
  latestUpdate: UpdateView | null
  createdOn: IsoDate
  version: number
}

export interface PlanView {
  planId: number
  status: 'draft' | 'approved'
  approvedOn: IsoDate | null
  ruleset: { code: string; name: string; sourceNote: string }
  asOf: IsoDate
  challenge: {
    id: number
    reference: string
    councilCode: string
    councilName: string
    onsiteStart: IsoDate | null
    onsiteEnd: IsoDate | null
    reviewTypeName: string
    frameworkName: string
  }
  recommendations: RecView[]
  actions: ActionView[]
  counts: {
    actions: number
    rag: Record<Rag, number>
    status: Record<ActionStatus, number>
    recommendations: number
    recommendationRag: Record<Rag, number> & { none: number }
    responses: Record<Response | 'none', number>
  }
}

export function recRef(kind: string, number: number, themeIndex: number): string {
  return kind === 'key' ? `R${number}` : `T${themeIndex + 1}.${number}`
}

/**
 * The plan as it stood on `asOf` (today for pages and documents; a meeting's date for its snapshot): progress updates
 * dated after it left out, each action's status as its latest update by then gave it, the target date before any
 * later revision, no rating set by hand after it, and the ratings computed for that day.
 */
export async function planView(db: Queryable, planId: number, asOf: IsoDate): Promise<PlanView> {
  const plan = (await db.one<PlanRow>(`select ${PLAN_COLS} from action_plans p where p.id = $1`, [planId]))!
  const ruleset = (await getRuleset(db, plan.ruleset))!
  const rules = ruleset.rules as PlanRules
  const ch = (await db.one<PlanView['challenge'] & { themes: { key: string; title: string }[] }>(
    `select c.id, c.reference, co.code as "councilCode", co.nice_name as "councilName", c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd",
            rt.name as "reviewTypeName", f.name as "frameworkName", f.themes
       from challenges c join councils co on co.id = c.council_id join review_types rt on rt.code = c.review_type join frameworks f on f.id = c.framework_id
      where c.id = $1`,
    [plan.challengeId],
  ))!
  const themeIndex = new Map(ch.themes.map((t, i) => [t.key, i]))
  const themeTitle = new Map(ch.themes.map((t) => [t.key, t.title]))
  const recs = await db.query<{
    id: number
    kind: 'key' | 'theme'
    themeKey: string | null
    number: number
    title: string
    body: string
    response: Response | null
    reasons: string | null
  }>(
    `select r.id, r.kind, r.theme_key as "themeKey", r.number, r.title, r.body, pr.response, pr.reasons
       from recommendations r left join plan_responses pr on pr.recommendation_id = r.id and pr.plan_id = $2
      where r.challenge_id = $1`,
    [plan.challengeId, planId],
  )
  // The responses as they stood on asOf: the audit log keeps every response given (same transaction as the change).
  const given = await db.query<{ recId: number; on: IsoDate; response: Response | null; reasons: string | null }>(
    `select entity_id::int as "recId", (at at time zone 'Europe/London')::date::text as "on", after->>'response' as response, after->>'reasons' as reasons
       from audit_log where challenge_id = $1 and action = 'plan.response' and entity = 'recommendation' order by at, id`,
    [plan.challengeId],
  )
  // A response first given after asOf is kept (a plan is often entered after the meeting that saw it); one changed
  // after asOf is read as it was then.
  for (const r of recs) {
    const mine = given.filter((g) => g.recId === r.id)
    const then = mine.filter((g) => g.on <= asOf).pop()
    if (!then || !mine.some((g) => g.on > asOf)) continue
    r.response = then.response
    r.reasons = then.reasons ?? ''
  }
  recs.sort((a, b) =>
    a.kind === b.kind
      ? (themeIndex.get(a.themeKey ?? '') ?? 99) - (themeIndex.get(b.themeKey ?? '') ?? 99) || a.number - b.number
      : a.kind === 'key'
        ? -1
        : 1,
  )
  const actions = await db.query<{
    id: number
    number: number
    title: string
    description: string
    leadOfficer: string
    ownerUserId: number | null
    ownerName: string | null
    startDate: IsoDate | null
    targetDate: IsoDate
    status: ActionStatus
    completedOn: IsoDate | null
    ragOverride: Rag | null
    ragOverrideReason: string | null
    ragOverrideBy: string | null
    ragOverrideAt: Date | null
    ragOverrideOn: IsoDate | null
    createdOn: IsoDate
    version: number
  }>(
    `select a.id, a.number, a.title, a.description, a.lead_officer as "leadOfficer", a.owner_user_id as "ownerUserId", u.name as "ownerName",
            a.start_date as "startDate", a.target_date as "targetDate", a.status, a.completed_on as "completedOn",
            a.rag_override as "ragOverride", a.rag_override_reason as "ragOverrideReason", ob.name as "ragOverrideBy", a.rag_override_at as "ragOverrideAt",
            (a.rag_override_at at time zone 'Europe/London')::date::text as "ragOverrideOn",
            (a.created_at at time zone 'Europe/London')::date::text as "createdOn", a.version
       from plan_actions a left join users u on u.id = a.owner_user_id left join users ob on ob.id = a.rag_override_by
      where a.plan_id = $1 order by a.number`,
    [planId],
  )
  const edits = await db.query<{ actionId: number; on: IsoDate; before: Record<string, unknown> | null }>(
    `select entity_id::int as "actionId", (at at time zone 'Europe/London')::date::text as "on", before
       from audit_log where challenge_id = $1 and action = 'plan.action-updated' and entity = 'plan_action' and before is not null order by at, id`,
    [plan.challengeId],
  )
  for (const a of actions) {
    const b = edits.find((e) => e.actionId === a.id && e.on > asOf)?.before
    if (!b) continue
    if (typeof b['title'] === 'string') a.title = b['title']
    if (typeof b['description'] === 'string') a.description = b['description']
    if (typeof b['leadOfficer'] === 'string') a.leadOfficer = b['leadOfficer']
    if ('startDate' in b) a.startDate = (b['startDate'] as IsoDate | null) ?? null
  }
  const ids = actions.map((a) => a.id)
  const links = ids.length
    ? await db.query<{ actionId: number; recommendationId: number }>(
        `select action_id as "actionId", recommendation_id as "recommendationId" from action_recommendations where action_id = any($1::int[])`,
        [ids],
      )
    : []
  const milestones = ids.length
    ? await db.query<{
        id: number
        actionId: number
        position: number
        title: string
        dueDate: IsoDate | null
        doneOn: IsoDate | null
      }>(
        `select id, action_id as "actionId", position, title, due_date as "dueDate", case when done_on <= $2 then done_on end as "doneOn" from action_milestones where action_id = any($1::int[]) order by position`,
        [ids, asOf],
      )
    : []
  const revisions = ids.length
    ? await db.query<{
        actionId: number
        fromDate: IsoDate
        toDate: IsoDate
        reason: string
        by: string | null
        at: Date
        on: IsoDate
      }>(
        `select r.action_id as "actionId", r.from_date as "fromDate", r.to_date as "toDate", r.reason, u.name as by, r.revised_at as at,
                (r.revised_at at time zone 'Europe/London')::date::text as "on"
           from action_target_revisions r left join users u on u.id = r.revised_by where r.action_id = any($1::int[]) order by r.id`,
        [ids],
      )
    : []
  const updates = ids.length
    ? await db.query<{
        id: number
        actionId: number
        asOf: IsoDate
        text: string
        status: ActionStatus
        by: string | null
        at: Date
      }>(
        `select p.id, p.action_id as "actionId", p.as_of as "asOf", p.text, p.status, u.name as by, p.created_at as at
           from progress_updates p left join users u on u.id = p.created_by where p.action_id = any($1::int[]) and p.as_of <= $2 order by p.as_of desc, p.id desc`,
        [ids, asOf],
      )
    : []
  // Actions with updates dated after asOf: their status then is the one their latest update by asOf gave them.
  const laterUpdates = new Set(
    ids.length
      ? (
          await db.query<{ actionId: number }>(
            `select distinct action_id as "actionId" from progress_updates where action_id = any($1::int[]) and as_of > $2`,
            [ids, asOf],
          )
        ).map((r) => r.actionId)
      : [],
  )
  const uids = updates.map((u) => u.id)
  const evidence = uids.length
    ? await db.query<{ id: number; updateId: number; filename: string; sizeBytes: number }>(
        `select id, update_id as "updateId", filename, size_bytes as "sizeBytes" from progress_evidence where update_id = any($1::int[]) order by id`,
        [uids],
      )
    : []

  const refOf = new Map(recs.map((r) => [r.id, recRef(r.kind, r.number, themeIndex.get(r.themeKey ?? '') ?? 0)]))
  const actionViews: ActionView[] = actions.map((a) => {
    const allRevs = revisions.filter((r) => r.actionId === a.id)
    const revs = allRevs.filter((r) => r.on <= asOf)
    const ups: UpdateView[] = updates
      .filter((u) => u.actionId === a.id)
      .map((u) => ({
        id: u.id,
        asOf: u.asOf,
        text: u.text,
        status: u.status,
        statusLabel: statusLabel(u.status),
        by: u.by,
        at: u.at,
        evidence: evidence.filter((e) => e.updateId === u.id).map(({ updateId: _u, ...e }) => e),
      }))
    const status: ActionStatus = laterUpdates.has(a.id) ? (ups[0]?.status ?? 'not-started') : a.status
    // The target date then: the one the first revision made after asOf moved away from.
    const targetDate = allRevs.find((r) => r.on > asOf)?.fromDate ?? a.targetDate
    const completedOn = !isDone(status)
      ? null
      : a.completedOn && a.completedOn <= asOf
        ? a.completedOn
        : ([...ups].reverse().find((u) => isDone(u.status))?.asOf ?? null)
    const ms = milestones.filter((m) => m.actionId === a.id).map(({ actionId: _a, ...m }) => m)
    const override =
      a.ragOverride && (!a.ragOverrideOn || a.ragOverrideOn <= asOf)
        ? { rag: a.ragOverride, reason: a.ragOverrideReason ?? '', by: a.ragOverrideBy, at: a.ragOverrideAt! }
        : null
    const rag = computeRag(
      rules.rag,
      {
        status,
        startDate: a.startDate,
        targetDate,
        milestones: ms,
        lastUpdateOn: ups[0]?.asOf ?? a.createdOn,
        targetRevisions: revs.length,
        override,
      },
      asOf,
    )
    const recIds = links.filter((l) => l.actionId === a.id).map((l) => l.recommendationId)
    recIds.sort((x, y) => recs.findIndex((r) => r.id === x) - recs.findIndex((r) => r.id === y))
    return {
      id: a.id,
      number: a.number,
      title: a.title,
      description: a.description,
      leadOfficer: a.leadOfficer,
      ownerUserId: a.ownerUserId,
      ownerName: a.ownerName,
      startDate: a.startDate,
      targetDate,
      originalTargetDate: allRevs[0]?.fromDate ?? a.targetDate,
      status,
      statusLabel: statusLabel(status),
      completedOn,
      rag: rag.rag,
      ragReason: rag.reason,
      computedRag: rag.computed,
      computedReason: rag.computedReason,
      overridden: rag.overridden,
      override,
      recommendationIds: recIds,
      recommendationRefs: recIds.map((id) => refOf.get(id) ?? '?'),
      milestones: ms,
      revisions: revs.map(({ actionId: _a, on: _o, ...r }) => r),
      updates: ups,
      latestUpdate: ups[0] ?? null,
      createdOn: a.createdOn,
      version: a.version,
    }
  })
  const recViews: RecView[] = recs.map((r) => {
    const acts = actionViews.filter((a) => a.recommendationIds.includes(r.id))
    const ti = themeIndex.get(r.themeKey ?? '') ?? 0
    return {
      id: r.id,
      kind: r.kind,
      themeKey: r.themeKey,
      themeTitle: r.themeKey ? (themeTitle.get(r.themeKey) ?? r.themeKey) : null,
      number: r.number,
      ref: recRef(r.kind, r.number, ti),
      label:
        r.kind === 'key'
          ? `Recommendation ${r.number}`
          : `${themeTitle.get(r.themeKey ?? '') ?? r.themeKey}: recommendation ${r.number}`,
      title: r.title,
      body: r.body,
      response: r.response,
      responseLabel: responseLabel(r.response),
      reasons: r.reasons ?? '',
      actionIds: acts.map((a) => a.id),
      actionNumbers: acts.map((a) => a.number),
      rag: worstRag(acts.map((a) => a.rag)),
    }
  })
  const status = { 'not-started': 0, 'in-progress': 0, complete: 0, bau: 0 } as Record<ActionStatus, number>
  for (const a of actionViews) status[a.status]++
  const responses = { accepted: 0, 'partly-accepted': 0, 'not-accepted': 0, none: 0 } as Record<
    Response | 'none',
    number
  >
  for (const r of recViews) responses[r.response ?? 'none']++
  const recRag = ragCounts(recViews.map((r) => r.rag))
  const { themes: _t, ...challenge } = ch
  return {
    planId,
    status: plan.approvedOn && plan.approvedOn <= asOf ? 'approved' : 'draft',
    approvedOn: plan.approvedOn && plan.approvedOn <= asOf ? plan.approvedOn : null,
    ruleset: { code: ruleset.code, name: ruleset.name, sourceNote: ruleset.sourceNote },
    asOf,
    challenge,
    recommendations: recViews,
    actions: actionViews,
    counts: {
      actions: actionViews.length,
      rag: ragCounts(actionViews.map((a) => a.rag)),
      status,
      recommendations: recViews.length,
      recommendationRag: { ...recRag, none: recViews.filter((r) => !r.rag).length },
      responses,
    },
  }
}

/** The kind of body a committee's own name describes ("Corporate Scrutiny Committee" is a scrutiny committee). */
export function bodyKindOf(name: string): 'cabinet' | 'executive' | 'scrutiny' | 'audit' | 'full-council' | 'other' {
  const n = name.toLowerCase()
  if (/\bcabinet\b/.test(n)) return 'cabinet'
  if (/\bexecutive\b/.test(n) && !/chief executive/.test(n)) return 'executive'
  if (/scrutiny|overview/.test(n)) return 'scrutiny'
  if (/\baudit\b/.test(n)) return 'audit'
  if (/^(?:full\s+)?council(?:\s+meeting)?$/.test(n.trim())) return 'full-council'
  return 'other'
}

/**
 * A meeting a document records (an imported covering report went to Corporate Scrutiny, then Cabinet): kept with the
 * committee's own name.
 */
export async function insertRecordedMeeting(
  tx: Queryable,
  m: { challengeId: number; name: string; date: string; decision: string; item: string; by: number | null; at: Date },
): Promise<number> {
  const body = bodyKindOf(m.name)
  return (await tx.one<{ id: number }>(
    `insert into meetings (challenge_id, body, body_name, meeting_date, item, decision, resolution, link, created_by, created_at)
     values ($1, $2, $3, $4, $5, $6, '', '', $7, $8) returning id`,
    [m.challengeId, body, m.name, m.date, m.item, m.decision, m.by, m.at],
  ))!.id
}
