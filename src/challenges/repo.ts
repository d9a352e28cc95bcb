import type { Queryable } from '../db/db.ts'
import type { Actor } from '../common/context.ts'
import { Params } from '../db/sql.ts'
import { groupBy } from '../common/group.ts'
import { HELD_SQL } from '../programme/repo.ts'
import { COUNTS_FOR_CYCLE_SQL } from '../frameworks/repo.ts'
import type { StatedDate } from '../frameworks/deadlines.ts'
import {
  audiencesSql,
  auditScope,
  challengeScope,
  documentScope,
  mineSql,
  privateSql,
  publicSql,
  type Audience,
  type ChallengeFacts,
  type DocumentKind,
} from '../auth/policy.ts'

/** The challenges domain's SQL: rows, the facts access depends on, lists, events, documents and history. */

export interface ChallengeRow {
  id: number
  reference: string
  councilId: number
  councilCode: string
  councilName: string
  /** the second council of a joint challenge */
  jointCouncil: { code: string; name: string } | null
  reviewType: string
  frameworkId: number
  parentId: number | null
  stage: string
  scopingDate: string | null
  onsiteStart: string | null
  onsiteEnd: string | null
  onsitePrecision: 'day' | 'month'
  feedbackDate: string | null
  reportPublicFrom: string | null
  version: number
  createdAt: Date
  updatedAt: Date
}

const COLS = `c.id, c.reference, c.council_id as "councilId", co.code as "councilCode", co.nice_name as "councilName",
  (select json_build_object('code', j.code, 'name', j.nice_name) from councils j where j.id = c.joint_council_id) as "jointCouncil",
  c.review_type as "reviewType", c.framework_id as "frameworkId", c.parent_id as "parentId", c.stage,
  c.scoping_date as "scopingDate", c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd",
  c.onsite_precision as "onsitePrecision", c.feedback_date as "feedbackDate", c.report_public_from as "reportPublicFrom",
  c.version, c.created_at as "createdAt", c.updated_at as "updatedAt"`
const FROM = `challenges c join councils co on co.id = c.council_id`

export async function findChallenge(db: Queryable, id: number): Promise<ChallengeRow | undefined> {
  return db.one<ChallengeRow>(`select ${COLS} from ${FROM} where c.id = $1`, [id])
}

/** Many challenges by id, in the order asked; ids that are not a challenge are left out. */
export async function findChallenges(db: Queryable, ids: readonly number[]): Promise<ChallengeRow[]> {
  if (!ids.length) return []
  const rows = await db.query<ChallengeRow>(`select ${COLS} from ${FROM} where c.id = any($1::int[])`, [ids])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** The challenge's internal notes: never part of a row, so that only the policy's redaction lets them out. */
export async function internalNotesOf(db: Queryable, id: number): Promise<string> {
  return (await db.one<{ notes: string }>(`select notes from challenges where id = $1`, [id]))?.notes ?? ''
}

/** Challenges by id, no access check (for jobs such as the reminders, and the demo seed). */
export async function challengesWhere(
  db: Queryable,
  where: { ids?: number[]; stages?: string[]; onsiteEndFrom?: string } = {},
): Promise<ChallengeRow[]> {
  const q = new Params()
  const conds: string[] = []
  if (where.ids) conds.push(`c.id = any(${q.add(where.ids)})`)
  if (where.stages) conds.push(`c.stage = any(${q.add(where.stages)})`)
  if (where.onsiteEndFrom) conds.push(`c.onsite_end >= ${q.add(where.onsiteEndFrom)}`)
  return db.query<ChallengeRow>(
    `select ${COLS} from ${FROM} ${conds.length ? 'where ' + conds.join(' and ') : ''} order by c.id`,
    q.values,
  )
}

/** The facts the policy decides access on, in one query. */
export async function challengeFacts(db: Queryable, ch: ChallengeRow, today: string): Promise<ChallengeFacts> {
  return (await challengeFactsMany(db, [ch], today)).get(ch.id)!
}

/** The policy's facts of many challenges in one statement. */
export async function challengeFactsMany(
  db: Queryable,
  chs: readonly ChallengeRow[],
  today: string,
): Promise<Map<number, ChallengeFacts>> {
  if (!chs.length) return new Map()
  const rows = await db.query<{
    id: number
    team: { personId: number; role: string }[]
    draftIssued: boolean
    feedbackGiven: boolean
    planPublic: boolean
  }>(
    `select x.id,
            coalesce((select json_agg(json_build_object('personId', person_id, 'role', role)) from team_members where challenge_id = x.id), '[]') as team,
            exists (select 1 from challenge_events where challenge_id = x.id and code = 'draft_issued') as "draftIssued",
            exists (select 1 from challenge_events where challenge_id = x.id and code = 'feedback_presented') as "feedbackGiven",
            exists (select 1 from challenge_events where challenge_id = x.id and code = 'action_plan_published' and occurred_on <= $2) as "planPublic"
       from unnest($1::int[]) as x(id)`,
    [chs.map((c) => c.id), today],
  )
  const byId = new Map(rows.map((r) => [r.id, r]))
  return new Map(
    chs.map((ch) => {
      const r = byId.get(ch.id)!
      return [
        ch.id,
        {
          councilId: ch.councilId,
          stage: ch.stage,
          team: r.team,
          reportPublic: !!ch.reportPublicFrom && ch.reportPublicFrom <= today,
          draftIssued: r.draftIssued,
          feedbackGiven: r.feedbackGiven,
          planPublic: r.planPublic,
        },
      ]
    }),
  )
}

export interface ListFilters {
  stage?: string
  type?: string
  year?: string
  council?: string
  councilId?: number
}

export type ChallengeListRow = ChallengeRow & { published: boolean; mine: boolean; reviewTypeName: string }

/** The challenges the actor may see (the policy's scope), with filters. */
export async function listVisible(
  db: Queryable,
  actor: Actor,
  today: string,
  f: ListFilters,
): Promise<ChallengeListRow[]> {
  const q = new Params()
  const where = [challengeScope(actor, q, today)]
  if (f.stage) where.push(`c.stage = ${q.add(f.stage)}`)
  if (f.type) where.push(`c.review_type = ${q.add(f.type)}`)
  if (f.council) where.push(`co.code = ${q.add(f.council.toUpperCase())}`)
  if (f.councilId) where.push(`c.council_id = ${q.add(f.councilId)}`)
  if (f.year && /^\d{4}$/.test(f.year))
    where.push(`extract(year from coalesce(c.onsite_start, c.created_at::date))::int = ${q.add(Number(f.year))}`)
  return db.query<ChallengeListRow>(
    `select ${COLS}, rt.short_name as "reviewTypeName", ${publicSql(q, today)} as published, ${mineSql(actor, q)} as mine
       from ${FROM} join review_types rt on rt.code = c.review_type
      where ${where.join(' and ')}
      order by c.onsite_start desc nulls first, c.id desc`,
    q.values,
  )
}

/**
 * The challenges the actor may see (the policy's scope) that can put something on the calendar between `from` and
 * `to`: not cancelled, visited within the three years before `from` up to `to` (deadlines follow a visit by up to two
 * years), or open without dates yet. `private`: the actor has the challenge's private side (its deadlines), by the
 * policy's SQL.
 */
export async function calendarChallenges(
  db: Queryable,
  actor: Actor,
  today: string,
  from: string,
  to: string,
  since: string,
): Promise<(ChallengeRow & { private: boolean })[]> {
  const q = new Params()
  return db.query<ChallengeRow & { private: boolean }>(
    `select ${COLS}, ${privateSql(actor, q, today)} as private
       from ${FROM}
      where ${challengeScope(actor, q, today)} and c.stage <> 'cancelled'
        and ((c.onsite_start <= ${q.add(to)} and c.onsite_end >= ${q.add(since)})
             or (c.feedback_date between ${q.add(from)} and ${q.add(to)})
             or (c.onsite_start is null and c.stage <> 'closed'))
      order by c.reference`,
    q.values,
  )
}

/** Earliest date of each recorded event up to today (what the deadlines and guards look at). */
export async function firstEvents(db: Queryable, challengeId: number, today: string): Promise<Record<string, string>> {
  const rows = await db.query<{ code: string; d: string }>(
    `select code, min(occurred_on)::text as d from challenge_events where challenge_id = $1 and occurred_on <= $2 group by code`,
    [challengeId, today],
  )
  return Object.fromEntries(rows.map((r) => [r.code, r.d]))
}

export interface EventRow {
  id: number
  code: string
  occurredOn: string
  location: string
  note: string
  correctedAt: Date | null
}

export async function eventsOf(db: Queryable, challengeId: number): Promise<EventRow[]> {
  return db.query<EventRow>(
    `select id, code, occurred_on as "occurredOn", location, note, corrected_at as "correctedAt"
       from challenge_events where challenge_id = $1 order by occurred_on, id`,
    [challengeId],
  )
}

export async function eventById(db: Queryable, challengeId: number, eventId: number): Promise<EventRow | undefined> {
  return db.one<EventRow>(
    `select id, code, occurred_on as "occurredOn", location, note, corrected_at as "correctedAt"
       from challenge_events where challenge_id = $1 and id = $2`,
    [challengeId, eventId],
  )
}

/** Keeps the challenge's publication date in step with its report_published events (the one writer is lifecycle.ts). */
export async function refreshReportPublication(tx: Queryable, challengeId: number): Promise<string | null> {
  const r = await tx.one<{ d: string | null }>(
    `update challenges set report_public_from =
       (select min(occurred_on) from challenge_events where challenge_id = $1 and code = 'report_published')
      where id = $1 returning report_public_from::text as d`,
    [challengeId],
  )
  return r?.d ?? null
}

export interface DocRow {
  documentId: number
  kind: DocumentKind
  title: string
  versionId: number
  version: number
  filename: string
  contentType: string
  sizeBytes: number
  uploadedAt: Date
  uploadedBy: string | null
  note: string
}

/**
 * The documents of a challenge the actor may see (the policy's document scope). Those who see a document only
 * because it is public see its latest version alone.
 */
export async function visibleDocuments(
  db: Queryable,
  actor: Actor,
  today: string,
  challengeId: number,
): Promise<DocRow[]> {
  const q = new Params([challengeId])
  const scope = documentScope(actor, q, today)
  const full = `'council' = any(${audiencesSql(actor, q, today)})`
  return db.query<DocRow>(
    `select "documentId", kind, title, "versionId", version, filename, "contentType", "sizeBytes", "uploadedAt", "uploadedBy", note from (
       select d.id as "documentId", d.kind, d.title, v.id as "versionId", v.version, v.filename, v.content_type as "contentType",
              v.size_bytes as "sizeBytes", v.uploaded_at as "uploadedAt", u.name as "uploadedBy", v.note,
              ${full} as all_versions, row_number() over (partition by d.id order by v.version desc) as rn
         from documents d join challenges c on c.id = d.challenge_id
         join document_versions v on v.document_id = d.id left join users u on u.id = v.uploaded_by
        where d.challenge_id = $1 and ${scope}) x
      where all_versions or rn = 1
      order by kind, "documentId", version desc`,
    q.values,
  )
}

export interface HistoryEntry {
  id: number
  at: Date
  actorLabel: string
  action: string
  entity: string
  entityId: string | null
  visibility: Audience
  before: unknown
  after: unknown
}

export const HISTORY_PAGE_SIZE = 20

/** One page of the challenge's audit log, newest first: only the entries whose audience includes the actor. */
export async function historyPage(
  db: Queryable,
  actor: Actor,
  today: string,
  challengeId: number,
  page: number,
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const q = new Params([challengeId])
  const scope = auditScope(actor, q, today)
  const where = `a.challenge_id = $1 and c.id = $1 and ${scope}`
  const whereValues = [...q.values] // the count's, before the page's limit and offset are added
  const count = () =>
    db.one<{ n: number }>(`select count(*)::int as n from audit_log a, challenges c where ${where}`, whereValues)
  const limit = q.add(HISTORY_PAGE_SIZE)
  const offset = q.add((page - 1) * HISTORY_PAGE_SIZE)
  // the page and the count in one statement; a page past the end has no row to carry the count
  const rows = await db.query<HistoryEntry & { total: number }>(
    `select a.id, a.at, a.actor_label as "actorLabel", a.action, a.entity, a.entity_id as "entityId", a.visibility, a.before, a.after,
            count(*) over ()::int as total
       from audit_log a, challenges c where ${where} order by a.id desc limit ${limit} offset ${offset}`,
    q.values,
  )
  const total = rows[0]?.total ?? (await count())!.n
  const entries = rows.map(({ total: _t, ...e }) => e)
  return { entries, total }
}

/**
 * The names a page of history shows for the records its entries refer to by number (people, councils, challenges),
 * keyed "person:43"; one statement. Frameworks are named from the reference data.
 */
export async function historyReferenceNames(
  db: Queryable,
  refs: Record<string, number[]>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  if (!refs['person']?.length && !refs['council']?.length && !refs['challenge']?.length) return names
  const rows = await db.query<{ key: string; name: string }>(
    `select 'person:' || id as key, name from people where id = any($1::int[])
     union all select 'council:' || id, nice_name from councils where id = any($2::int[])
     union all select 'challenge:' || id, reference from challenges where id = any($3::int[])`,
    [refs['person'] ?? [], refs['council'] ?? [], refs['challenge'] ?? []],
  )
  for (const r of rows) names.set(r.key, r.name)
  return names
}

export async function hasDocumentOfKind(db: Queryable, challengeId: number, kind: DocumentKind): Promise<boolean> {
  return !!(await db.one(`select 1 from documents where challenge_id = $1 and kind = $2 limit 1`, [challengeId, kind]))
}

export type StatedRow = StatedDate & {
  id: number
  ruleCode: string
  recordedAt: Date
  recordedBy: string | null
  correctedAt: Date | null
}

/** What a challenge's deadlines are computed from (challengeDeadlines), besides the challenge and its framework. */
export interface DeadlineInputs {
  parent: ChallengeRow | undefined
  children: (ChallengeRow & { held: boolean })[]
  /** The first day each event happened, up to today, for each child (by id). */
  childEvents: Map<number, Record<string, string>>
  nextReview: { reference: string; onsiteEnd: string | null; held: boolean } | undefined
  /** The first day each event happened, up to today. */
  events: Record<string, string>
  /** Every event up to today, in the order it happened. */
  eventLog: { code: string; on: string }[]
  stated: StatedRow[]
}

/**
 * The deadline inputs of many challenges in five statements at most, whatever their number (a page listing the
 * deadlines of 40 challenges once ran five statements each): the parents, the return visits, the council's next
 * review, the events and the stated dates, each read for all at once.
 */
export async function deadlineInputs(
  db: Queryable,
  chs: readonly ChallengeRow[],
  today: string,
): Promise<Map<number, DeadlineInputs>> {
  const out = new Map<number, DeadlineInputs>()
  if (!chs.length) return out
  const ids = chs.map((c) => c.id)
  const parentIds = [...new Set(chs.flatMap((c) => (c.parentId ? [c.parentId] : [])))]
  const parents = new Map(
    (parentIds.length
      ? await db.query<ChallengeRow>(`select ${COLS} from ${FROM} where c.id = any($1::int[])`, [parentIds])
      : []
    ).map((p) => [p.id, p]),
  )
  const children = await db.query<ChallengeRow & { held: boolean }>(
    `select ${COLS}, ${HELD_SQL('c')} as held from ${FROM} where c.parent_id = any($1::int[]) order by c.onsite_start, c.id`,
    [ids],
  )
  const dated = chs.filter((c) => c.onsiteEnd)
  const next = dated.length
    ? await db.query<{ forId: number; reference: string; onsiteEnd: string | null; held: boolean }>(
        `select x.id as "forId", n.reference, n."onsiteEnd", n.held
           from unnest($1::int[], $2::int[], $3::date[]) as x(id, council_id, onsite_end)
           cross join lateral (
             select c.reference, c.onsite_end as "onsiteEnd", ${HELD_SQL('c')} as held from challenges c
              where c.council_id = x.council_id and c.id <> x.id and c.stage <> 'cancelled' and ${COUNTS_FOR_CYCLE_SQL('c')}
                and (c.onsite_start > x.onsite_end or (c.onsite_start is null and c.created_at::date > x.onsite_end))
              order by c.onsite_start nulls last limit 1) n`,
        [dated.map((c) => c.id), dated.map((c) => c.councilId), dated.map((c) => c.onsiteEnd)],
      )
    : []
  const events = await db.query<{ challengeId: number; code: string; on: string }>(
    `select challenge_id as "challengeId", code, occurred_on::text as "on" from challenge_events
      where challenge_id = any($1::int[]) and occurred_on <= $2 order by challenge_id, occurred_on, id`,
    [[...ids, ...children.map((c) => c.id)], today],
  )
  const stated = await db.query<StatedRow & { challengeId: number }>(
    `select o.challenge_id as "challengeId", o.id, o.rule_code as "ruleCode", o.due::text as due, o.precision, o.source,
            o.note, o.recorded_at as "recordedAt", u.name as "recordedBy", o.corrected_at as "correctedAt"
       from rule_overrides o left join users u on u.id = o.recorded_by
      where o.challenge_id = any($1::int[]) order by o.id`,
    [ids],
  )
  const logs = groupBy(events, (e) => e.challengeId)
  // the log is in the order things happened: an event's first occurrence is its first day
  const firstOf = (id: number) => {
    const first: Record<string, string> = {}
    for (const e of logs.get(id) ?? []) first[e.code] ??= e.on
    return first
  }
  const childrenOf = groupBy(children, (c) => c.parentId)
  const nextOf = new Map(next.map((r) => [r.forId, r]))
  const statedOf = groupBy(stated, (o) => o.challengeId)
  for (const ch of chs) {
    const mine = childrenOf.get(ch.id) ?? []
    const n = nextOf.get(ch.id)
    out.set(ch.id, {
      parent: ch.parentId ? parents.get(ch.parentId) : undefined,
      children: mine,
      childEvents: new Map(mine.map((c) => [c.id, firstOf(c.id)])),
      nextReview: n ? { reference: n.reference, onsiteEnd: n.onsiteEnd, held: n.held } : undefined,
      events: firstOf(ch.id),
      eventLog: (logs.get(ch.id) ?? []).map((e) => ({ code: e.code, on: e.on })),
      stated: (statedOf.get(ch.id) ?? []).map(({ challengeId: _c, ...o }) => o),
    })
  }
  return out
}

/** The due dates stated in documents for a challenge's rules. */
export async function statedDatesOf(db: Queryable, challengeId: number): Promise<StatedRow[]> {
  return db.query<StatedRow>(
    `select o.id, o.rule_code as "ruleCode", o.due::text as due, o.precision, o.source, o.note,
            o.recorded_at as "recordedAt", u.name as "recordedBy", o.corrected_at as "correctedAt"
       from rule_overrides o left join users u on u.id = o.recorded_by
      where o.challenge_id = $1 order by o.id`,
    [challengeId],
  )
}

export interface TeamRow {
  id: number
  personId: number
  name: string
  kind: string
  role: string
  party: string | null
  title: string | null
  organisation: string | null
}

export async function teamOf(db: Queryable, challengeId: number): Promise<TeamRow[]> {
  return db.query<TeamRow>(
    `select t.id, t.person_id as "personId", p.name, p.kind, t.role, t.party, t.title, t.organisation
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1
      order by array_position(array['lead-peer','member-peer','officer-peer','finance-peer','pcm','lga-adviser','principal-adviser','shadow'], t.role), t.position`,
    [challengeId],
  )
}

export interface RecommendationRow {
  id: number
  kind: 'key' | 'theme'
  themeKey: string | null
  number: number
  title: string
  body: string
  lockedAt: Date | null
}

export async function recommendationsOf(db: Queryable, challengeId: number): Promise<RecommendationRow[]> {
  return db.query<RecommendationRow>(
    `select id, kind, theme_key as "themeKey", number, title, body, locked_at as "lockedAt" from recommendations
      where challenge_id = $1 order by kind, theme_key, number`,
    [challengeId],
  )
}

export async function focusAreasOf(db: Queryable, challengeId: number): Promise<string[]> {
  return (
    await db.query<{ text: string }>(`select text from focus_areas where challenge_id = $1 order by position`, [
      challengeId,
    ])
  ).map((f) => f.text)
}

export async function stageHistoryOf(db: Queryable, challengeId: number) {
  return db.query<{ fromStage: string | null; toStage: string; note: string; at: Date; actor: string | null }>(
    `select h.from_stage as "fromStage", h.to_stage as "toStage", h.note, h.at, u.name as actor
       from stage_history h left join users u on u.id = h.actor_id where h.challenge_id = $1 order by h.at, h.id`,
    [challengeId],
  )
}

/** The council's own questions under each theme, in order. */
export async function themeQuestionsOf(db: Queryable, challengeId: number): Promise<Record<string, string[]>> {
  const rows = await db.query<{ themeKey: string; text: string }>(
    `select theme_key as "themeKey", text from theme_questions where challenge_id = $1 order by theme_key, position`,
    [challengeId],
  )
  const out: Record<string, string[]> = {}
  for (const r of rows) (out[r.themeKey] ??= []).push(r.text)
  return out
}

export async function replaceThemeQuestions(tx: Queryable, challengeId: number, questions: Record<string, string[]>) {
  await tx.query(`delete from theme_questions where challenge_id = $1`, [challengeId])
  for (const [themeKey, list] of Object.entries(questions))
    for (const [i, text] of list.entries())
      await tx.query(`insert into theme_questions (challenge_id, theme_key, position, text) values ($1, $2, $3, $4)`, [
        challengeId,
        themeKey,
        i + 1,
        text,
      ])
}

export interface StatedFact {
  key: string
  value: Record<string, unknown>
  source: string
}

/** What an imported document stated that has no other home (figures, next steps, the previous challenge…). */
export async function statedFactsOf(db: Queryable, challengeId: number): Promise<StatedFact[]> {
  return db.query<StatedFact>(`select key, value, source from stated_facts where challenge_id = $1 order by key`, [
    challengeId,
  ])
}
