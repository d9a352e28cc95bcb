import type { Queryable } from '../db/db.ts'
import { groupBy } from '../common/group.ts'
import { daysBetween, type IsoDate } from '../common/dates.ts'
import {
  focusTags,
  type ChallengeNeed,
  type ConflictOverride,
  type ConflictRecord,
  type CouncilFacts,
  type Peer,
  type PeerKind,
  type TeamRules,
  type Vocabulary,
} from './model.ts'

/** Reading the pool, the councils' facts and the challenges' needs from the database into the assembler's model. */

export interface PersonRow {
  id: number
  name: string
  email: string | null
  title: string | null
  organisation: string | null
  kind: PeerKind
  party: string | null
  role: string | null
  formerRole: string | null
  formerRoleUntil: IsoDate | null
  councilId: number | null
  councilCode: string | null
  councilName: string | null
  region: string | null
  councilTypes: string[]
  expertise: string[]
  accreditedOn: IsoDate | null
  trainedOn: IsoDate | null
  daysOffered: number
  inPool: boolean
  notes: string
  version: number
}

export const PERSON_COLS = `p.id, p.name, p.email, p.title, p.organisation, p.kind, p.party, p.role, p.former_role as "formerRole",
  p.former_role_until as "formerRoleUntil", p.council_id as "councilId", c.code as "councilCode", c.nice_name as "councilName",
  coalesce(p.region, c.region) as region, p.council_types as "councilTypes", p.expertise, p.accredited_on as "accreditedOn",
  p.trained_on as "trainedOn", p.days_offered as "daysOffered", p.in_pool as "inPool", p.notes, p.version`
export const PERSON_FROM = `people p left join councils c on c.id = p.council_id`

/** The financial year (April to March) holding a date: peers offer days per year. */
export function financialYear(d: IsoDate): { from: IsoDate; to: IsoDate } {
  const y = Number(d.slice(0, 4)) - (d.slice(5) < '04-01' ? 1 : 0)
  return { from: `${y}-04-01`, to: `${y + 1}-03-31` }
}

/** On-site days plus preparation: what a place on a visit costs a peer. */
export function placeDays(start: IsoDate, end: IsoDate, prepDays: number): number {
  return daysBetween(start, end) + 1 + prepDays
}

/** The pool as the assembler sees it, with days already committed to accepted teams in the year (outside `exclude`). */
export async function poolPeers(
  db: Queryable,
  opts: { year: { from: IsoDate; to: IsoDate }; prepDays: number; exclude: number[] },
): Promise<Peer[]> {
  const rows = await db.query<PersonRow>(`select ${PERSON_COLS} from ${PERSON_FROM} where p.in_pool order by p.id`)
  const unavailable = await db.query<{ personId: number; from: IsoDate; to: IsoDate }>(
    `select person_id as "personId", from_date as "from", to_date as "to" from peer_unavailability`,
  )
  const employers = await db.query<{ personId: number; councilId: number; to: IsoDate | null }>(
    `select person_id as "personId", council_id as "councilId", to_date as "to" from peer_relationships where type = 'employer'`,
  )
  const committed = await db.query<{ personId: number; start: IsoDate; end: IsoDate }>(
    `select t.person_id as "personId", ch.onsite_start as start, ch.onsite_end as "end" from team_members t join challenges ch on ch.id = t.challenge_id
      where ch.onsite_start between $1 and $2 and ch.onsite_end is not null and ch.stage <> 'cancelled' and not (ch.id = any($3::int[]))`,
    [opts.year.from, opts.year.to, opts.exclude],
  )
  const un = groupBy(unavailable, (x) => x.personId)
  const emp = groupBy(employers, (x) => x.personId)
  const com = groupBy(committed, (x) => x.personId)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    party: r.party,
    role: r.role ?? '',
    formerRole: r.formerRole && r.formerRoleUntil ? { role: r.formerRole, until: r.formerRoleUntil } : null,
    councilId: r.councilId,
    region: r.region,
    councilTypesKnown: r.councilTypes,
    expertise: r.expertise,
    accreditedOn: r.accreditedOn,
    daysOffered: r.daysOffered,
    daysCommitted: (com.get(r.id) ?? []).reduce((n, c) => n + placeDays(c.start, c.end, opts.prepDays), 0),
    unavailable: (un.get(r.id) ?? []).map((u) => ({ from: u.from, to: u.to })),
    employers: (emp.get(r.id) ?? []).map((e) => ({ councilId: e.councilId, to: e.to })),
  }))
}

export async function councilFacts(db: Queryable): Promise<CouncilFacts[]> {
  const rows = await db.query<{
    id: number
    name: string
    type: string | null
    region: string | null
    county: string | null
    ca: string | null
  }>(
    `select id, nice_name as name, la_type as type, region, county_code as county, nullif(combined_authority, '') as ca from councils`,
  )
  const links = await db.query<{ a: number; b: number; kind: string }>(
    `select council_id as a, other_id as b, kind from council_links`,
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type ?? '',
    region: r.region,
    county: r.county || null,
    combinedAuthority: r.ca,
    neighbours: links
      .filter((l) => l.kind === 'neighbour' && (l.a === r.id || l.b === r.id))
      .map((l) => (l.a === r.id ? l.b : l.a)),
    sharedServiceWith: links
      .filter((l) => l.kind === 'shared-service' && (l.a === r.id || l.b === r.id))
      .map((l) => (l.a === r.id ? l.b : l.a)),
  }))
}

export async function conflictData(
  db: Queryable,
): Promise<{ records: ConflictRecord[]; overrides: ConflictOverride[] }> {
  const records = await db.query<ConflictRecord>(
    `select person_id as "peerId", council_id as "councilId", type, note, from_date as "from", to_date as "to" from peer_relationships where type <> 'employer'`,
  )
  const overrides = await db.query<ConflictOverride>(
    `select person_id as "peerId", council_id as "councilId", type, reason from conflict_overrides where withdrawn_at is null`,
  )
  return { records, overrides }
}

export interface NeedRow {
  id: number
  reference: string
  councilId: number
  councilCode: string
  councilName: string
  reviewType: string
  stage: string
  onsiteStart: IsoDate | null
  onsiteEnd: IsoDate | null
  precision: string
  focusAreas: string[]
  team: { personId: number; role: string; name: string; inPool: boolean }[]
}

const NEED_SQL = `select ch.id, ch.reference, ch.council_id as "councilId", co.code as "councilCode", co.nice_name as "councilName",
    ch.review_type as "reviewType", ch.stage, ch.onsite_start as "onsiteStart", ch.onsite_end as "onsiteEnd", ch.onsite_precision as precision,
    coalesce((select array_agg(f.text order by f.position) from focus_areas f where f.challenge_id = ch.id), '{}') as "focusAreas",
    coalesce((select json_agg(json_build_object('personId', t.person_id, 'role', t.role, 'name', p.name, 'inPool', p.in_pool) order by t.position)
       from team_members t join people p on p.id = t.person_id where t.challenge_id = ch.id and t.role not in ('shadow', 'principal-adviser')), '[]') as team
  from challenges ch join councils co on co.id = ch.council_id`

export async function needRows(db: Queryable, where: string, params: unknown[]): Promise<NeedRow[]> {
  return db.query<NeedRow>(`${NEED_SQL} where ${where} order by ch.onsite_start nulls last, ch.reference`, params)
}

/** Stages before the visit: a team can still be proposed. */
export const STAFFABLE_STAGES = ['requested', 'scoping', 'scheduled', 'preparation']

/** The challenge as the assembler needs it: dates, days per place, the expertise its focus areas call for, last time's team. */
export async function challengeNeed(
  db: Queryable,
  row: NeedRow,
  rules: TeamRules,
  vocab: Vocabulary,
): Promise<ChallengeNeed & { focusDetail: { tag: string; from: string }[] }> {
  const previous = await db.query<{ personId: number }>(
    `select t.person_id as "personId" from team_members t where t.challenge_id = (
       select id from challenges where council_id = $1 and id <> $2 and onsite_start < $3 and stage <> 'cancelled' and review_type in ('cpc', $4)
       order by onsite_start desc limit 1)`,
    [row.councilId, row.id, row.onsiteStart, row.reviewType],
  )
  const focusDetail = focusTags(row.focusAreas, vocab)
  return {
    id: row.id,
    reference: row.reference,
    councilId: row.councilId,
    start: row.onsiteStart!,
    end: row.onsiteEnd!,
    days: placeDays(row.onsiteStart!, row.onsiteEnd!, rules.prepDays),
    focus: focusDetail.map((f) => f.tag),
    focusDetail,
    previousTeam: previous.map((p) => p.personId),
  }
}

export async function currentTeamRules(
  db: Queryable,
  reviewType: string,
): Promise<{ id: number; code: string; version: number; rules: TeamRules } | undefined> {
  const r = await db.one<{ id: number; code: string; version: number; name: string; rules: TeamRules }>(
    `select id, code, version, name, rules from team_rules where review_type = $1 order by version desc, id desc limit 1`,
    [reviewType],
  )
  return r
    ? { id: r.id, code: r.code, version: r.version, rules: { ...r.rules, code: r.code, name: r.name } }
    : undefined
}
