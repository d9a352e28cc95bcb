import crypto from 'node:crypto'
import { csvFile } from '../documents/csv.ts'
import { createEvents, type EventAttributes } from 'ics'
import {
  icsLocal,
  inLondonTime,
  placementChanges,
  sessionSequence,
  sessionUid,
  teamBlockUid,
  type PublishedPlacement,
} from './calendar.ts'
import { lockFor, type Queryable } from '../db/db.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { addDays, formatDate, formatDayDate, plural } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import { may } from '../auth/policy.ts'
import { type ChallengeRow } from '../challenges/service.ts'
import { loadChallenge } from '../challenges/access.ts'
import { parseInput } from '../challenges/schemas.ts'
import { bankHolidayNames, getFramework } from '../frameworks/repo.ts'
import { calendarWarnings } from '../challenges/warnings.ts'
import { tableRows } from '../documents/table-file.ts'
import type { Upload } from '../challenges/uploads.ts'
import {
  grid,
  teamBlocks,
  toMinutes,
  fromMinutes,
  type Attendee,
  type Placement,
  type Session,
  type TeamPeer,
  type TimetableRules,
  type Visit,
  type Window,
} from './model.ts'
import type { TimetableResult } from './solver.ts'
import { defineJob, enqueue } from '../jobs/queue.ts'
import { solveInThread, whileSolving } from '../jobs/solve-thread.ts'
import { checkTimetable } from './checker.ts'
import { timetableRulesFor } from './rules-data.ts'
import {
  attendeeSchema,
  publishSchema,
  sessionSchema,
  siteSchema,
  solveSchema,
  travelSchema,
  SESSION_KINDS,
  type SessionInput,
} from './schemas.ts'

/**
 * The on-site programme of a visit: the council's coordinator (or the team's PCM, or the programme office) enters
 * sites, travel times, attendees and sessions; the solver proposes a timetable; a published timetable is the
 * programme everyone works to, and a re-plan after publication changes as little of it as it can.
 */

export const MAX_SESSIONS = 200
export const MAX_PROGRAMME_FILE_BYTES = 2 * 1024 * 1024

export interface SiteRow {
  id: number
  name: string
  isMain: boolean
}
export interface AttendeeRow {
  id: number
  name: string
  roleTitle: string
  group: string
  unavailable: { date: string; from: string; to: string }[]
}
export interface SessionRow {
  id: number
  title: string
  kind: Session['kind']
  minutes: number
  siteId: number | null
  room: string
  themes: string[]
  group: string
  fixedDate: string | null
  fixedStart: string | null
  peers: number | null
  notes: string
  droppedAt: Date | null
  outcome: 'held' | 'not-held' | null
  peopleMet: number | null
  version: number
  attendees: number[]
}
export interface PlacementRow {
  sessionId: number
  day: string
  starts: string
  ends: string
  peers: number[]
}
export interface TimetableRow {
  id: number
  status: 'proposal' | 'published' | 'superseded'
  basedOn: number | null
  solver: {
    status: string
    seconds: number
    stages: unknown[]
    inputsHash: string
    understaffed: { sessionId: number; have: number; need: number }[]
  }
  unplaced: { sessionId: number; reason: string }[]
  changes: { moved: number; peersChanged: number; dropped: number; lost: number } | null
  createdAt: Date
  publishedAt: Date | null
  publishedNumber: number | null
  rulesCode: string
}

/** The days of the visit: every day from the on-site start to its end, as the programme office set them. */
export function visitDays(ch: Pick<ChallengeRow, 'onsiteStart' | 'onsiteEnd' | 'onsitePrecision'>): string[] {
  if (!ch.onsiteStart || !ch.onsiteEnd || ch.onsitePrecision !== 'day') return []
  const out: string[] = []
  for (let d = ch.onsiteStart; d <= ch.onsiteEnd; d = addDays(d, 1)) out.push(d)
  return out
}

const SESSION_COLS = `s.id, s.title, s.kind, s.minutes, s.site_id as "siteId", s.room, s.themes, s.stakeholder_group as "group",
  s.fixed_date::text as "fixedDate", s.fixed_start as "fixedStart", s.peers_wanted as peers, s.notes, s.dropped_at as "droppedAt",
  s.outcome, s.people_met as "peopleMet", s.version,
  coalesce((select array_agg(a.attendee_id order by a.attendee_id) from visit_session_attendees a where a.session_id = s.id), '{}') as attendees`

const TIMETABLE_COLS = `id, status, based_on as "basedOn", solver, unplaced, changes, created_at as "createdAt", published_at as "publishedAt",
  published_number as "publishedNumber", rules_code as "rulesCode"`

/** Everything about a visit's programme, read in one place. */
export async function visitData(db: Queryable, ch: ChallengeRow) {
  const sites = await db.query<SiteRow>(
    `select id, name, is_main as "isMain" from visit_sites where challenge_id = $1 order by is_main desc, name`,
    [ch.id],
  )
  const travel = await db.query<{ fromSite: number; toSite: number; minutes: number }>(
    `select from_site as "fromSite", to_site as "toSite", minutes from visit_travel where challenge_id = $1`,
    [ch.id],
  )
  const attendees = await db.query<AttendeeRow>(
    `select id, name, role_title as "roleTitle", stakeholder_group as "group", unavailable from visit_attendees where challenge_id = $1 order by stakeholder_group, name`,
    [ch.id],
  )
  const sessions = await db.query<SessionRow>(
    `select ${SESSION_COLS} from visit_sessions s where s.challenge_id = $1 order by s.id`,
    [ch.id],
  )
  const team = await db.query<{
    personId: number
    name: string
    kind: TeamPeer['kind']
    role: string
    title: string | null
    organisation: string | null
  }>(
    `select t.person_id as "personId", p.name, p.kind, t.role, coalesce(t.title, p.title) as title, coalesce(t.organisation, p.organisation) as organisation
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 order by t.position, t.id`,
    [ch.id],
  )
  // The peers' own unavailable dates (kept by the peers themselves in the pool): no session for them on those days.
  const away = await db.query<{ personId: number; from: string; to: string }>(
    `select u.person_id as "personId", u.from_date::text as "from", u.to_date::text as "to"
       from peer_unavailability u join team_members t on t.person_id = u.person_id and t.challenge_id = $1`,
    [ch.id],
  )
  const leads = await db.query<{ themeKey: string; personId: number }>(
    `select theme_key as "themeKey", person_id as "personId" from visit_theme_leads where challenge_id = $1`,
    [ch.id],
  )
  const published = await db.one<TimetableRow>(
    `select ${TIMETABLE_COLS} from timetables where challenge_id = $1 and status = 'published'`,
    [ch.id],
  )
  const placements = published ? await placementsOf(db, published.id) : []
  return { sites, travel, attendees, sessions, team, away, leads, published: published ?? null, placements }
}

async function placementsOf(db: Queryable, timetableId: number): Promise<PlacementRow[]> {
  return db.query<PlacementRow>(
    `select session_id as "sessionId", day::text as day, starts, ends, peers from timetable_placements where timetable_id = $1 order by day, starts, session_id`,
    [timetableId],
  )
}

/** Peers who go to sessions: everyone on the team but LGA advisers who support from outside. */
const INTERVIEWING = (role: string) => role !== 'lga-adviser' && role !== 'principal-adviser'

/** The solver's problem for the visit as it stands (dropped sessions left out). */
export function problemOf(rules: TimetableRules, days: string[], v: Awaited<ReturnType<typeof visitData>>) {
  const main = v.sites.find((s) => s.isMain)?.name ?? v.sites[0]?.name ?? 'Main site'
  const siteName = new Map(v.sites.map((s) => [s.id, s.name]))
  const travel: Visit['travel'] = {}
  for (const t of v.travel) {
    const a = siteName.get(t.fromSite)!
    const b = siteName.get(t.toSite)!
    ;(travel[a] ??= {})[b] = t.minutes
  }
  const dayIndex = new Map(days.map((d, i) => [d, i]))
  const windows = (u: { date: string; from: string; to: string }[]): Window[] =>
    u.filter((w) => dayIndex.has(w.date)).map((w) => ({ day: dayIndex.get(w.date)!, from: w.from, to: w.to }))
  const attendees: Attendee[] = v.attendees.map((a) => ({
    id: a.id,
    name: a.name,
    group: a.group,
    unavailable: windows(a.unavailable),
  }))
  const sessions: Session[] = v.sessions
    .filter((s) => !s.droppedAt)
    .map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      minutes: s.minutes,
      site: s.siteId ? siteName.get(s.siteId)! : main,
      room: s.room || null,
      attendees: s.attendees,
      themes: s.themes,
      fixed:
        s.fixedDate && s.fixedStart && dayIndex.has(s.fixedDate)
          ? { day: dayIndex.get(s.fixedDate)!, start: s.fixedStart }
          : null,
      peers: s.peers,
    }))
  const peers: TeamPeer[] = v.team
    .filter((m) => INTERVIEWING(m.role))
    .map((m) => ({
      id: m.personId,
      name: m.name,
      kind: m.kind,
      leadThemes: v.leads.filter((l) => l.personId === m.personId).map((l) => l.themeKey),
      unavailable: days
        .map((d, day) => ({ d, day }))
        .filter(({ d }) => v.away.some((u) => u.personId === m.personId && u.from <= d && d <= u.to))
        .map(({ day }) => ({ day, from: rules.dayStart, to: rules.dayEnd })),
    }))
  return { rules, visit: { days: days.map(String), mainSite: main, travel }, sessions, attendees, peers }
}

function inputsHash(p: ReturnType<typeof problemOf>): string {
  return crypto.createHash('sha256').update(JSON.stringify(p)).digest('hex')
}

/** The published placements as the solver's Placements (for a minimal-change re-plan and the checker). */
function asPlacements(rules: TimetableRules, days: string[], rows: PlacementRow[]): Placement[] {
  const g = grid(rules)
  return rows
    .filter((r) => days.includes(r.day))
    .map((r) => ({ sessionId: r.sessionId, day: days.indexOf(r.day), start: g.slotOf(r.starts), peers: r.peers }))
}

async function loadVisit(ctx: Ctx, id: number, action: 'view-private' | 'plan-visit') {
  const { ch, facts } = await loadChallenge(ctx, id, action)
  return { ch, facts, days: visitDays(ch), rules: await timetableRulesFor(ctx.db, ch.reviewType) }
}

function assertDays(days: string[]) {
  if (!days.length)
    throw AppError.validation({
      form: 'Set the on-site dates (to the day) on the challenge first: the programme is planned on them',
    })
}

export type LondonNow = { date: string; time: string }

/** Held: recorded as held, or its published time has passed and it was not recorded as not held; never when dropped. */
export function wasHeld(s: SessionRow, p: PlacementRow | undefined, now: LondonNow): boolean {
  if (s.droppedAt || s.outcome === 'not-held') return false
  return s.outcome === 'held' || (!!p && (p.day < now.date || (p.day === now.date && p.ends <= now.time)))
}

/** Live figures from the published programme: meetings held, people met, the team's hours and their weeks. */
export function visitCounts(
  rules: TimetableRules,
  days: string[],
  v: Awaited<ReturnType<typeof visitData>>,
  now: LondonNow,
) {
  const placement = new Map(v.placements.map((p) => [p.sessionId, p]))
  const planned = v.sessions.filter((s) => !s.droppedAt && placement.has(s.id)).length
  const held = v.sessions.filter((s) => wasHeld(s, placement.get(s.id), now))
  const people = new Set<number>()
  let counted = 0
  for (const s of held) {
    if (s.peopleMet != null) counted += s.peopleMet
    else for (const a of s.attendees) people.add(a)
  }
  const peers = v.team.filter((m) => INTERVIEWING(m.role)).length
  const counting = rules.counting ?? { personWeekHours: 35, preparationHoursPerPeer: 7.5 }
  const last = days.length - 1
  let onSite = 0
  days.forEach((d, i) => {
    const end = i === last ? rules.lastDay.feedback.end : rules.dayEnd
    const until = d < now.date ? end : d === now.date ? (now.time < end ? now.time : end) : rules.dayStart
    onSite += Math.max(0, toMinutes(until) - toMinutes(rules.dayStart)) / 60
  })
  const hours = Math.round(
    peers * (onSite + (days.length && now.date >= days[0]! ? counting.preparationHoursPerPeer : 0)),
  )
  const weeks = Math.floor(hours / counting.personWeekHours)
  return {
    planned,
    meetingsHeld: held.length,
    peopleMet: people.size + counted,
    hours,
    weeks,
    sentence: hours
      ? `The team spent ${hours} hours to determine its findings${weeks ? ` – the equivalent of one person spending ${plural(weeks, 'week')} at the council` : ''}.`
      : '',
  }
}

function londonNow(now: Date): LondonNow {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const p = Object.fromEntries(f.formatToParts(now).map((x) => [x.type, x.value]))
  return { date: `${p['year']}-${p['month']}-${p['day']}`, time: `${p['hour']}:${p['minute']}` }
}

/** A wall-clock time in London as a UTC instant. */
export function londonToUtc(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`)
  const seen = londonNow(guess)
  const diff = (Date.parse(`${seen.date}T${seen.time}:00Z`) - guess.getTime()) / 60000
  return new Date(guess.getTime() - diff * 60000)
}

/** The visit page: the programme as entered, the team, theme leads, the latest timetables and the live counts. */
export async function getVisit(ctx: Ctx, id: number) {
  const { ch, facts, days, rules } = await loadVisit(ctx, id, 'view-private')
  const v = await visitData(ctx.db, ch)
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const timetables = await ctx.db.query<TimetableRow>(
    `select ${TIMETABLE_COLS} from timetables where challenge_id = $1 order by id desc limit 10`,
    [id],
  )
  const siteName = new Map(v.sites.map((s) => [s.id, s.name]))
  const attendeeName = new Map(v.attendees.map((a) => [a.id, a.name]))
  const live = v.sessions.filter((s) => !s.droppedAt)
  const problemsNow = v.published
    ? checkTimetable(
        problemOf(rules, days, v),
        asPlacements(
          rules,
          days,
          v.placements.filter((p) => live.some((s) => s.id === p.sessionId)),
        ),
      )
    : []
  const placedIds = new Set(v.placements.map((p) => p.sessionId))
  return {
    challenge: ch,
    days: days.map((d) => ({ date: d, label: formatDayDate(d) })),
    rules: {
      code: rules.code,
      name: rules.name,
      stakeholderGroups: rules.stakeholderGroups ?? [],
      sessionKinds: rules.sessionKinds ?? SESSION_KINDS.map((k) => ({ key: k, label: k })),
    },
    themes: framework.themes.map((t) => ({
      key: t.key,
      title: t.title,
      leadId: v.leads.find((l) => l.themeKey === t.key)?.personId ?? null,
    })),
    sites: v.sites,
    travel: v.travel.map((t) => ({ ...t, from: siteName.get(t.fromSite), to: siteName.get(t.toSite) })),
    attendees: v.attendees,
    sessions: v.sessions.map((s) => ({
      ...s,
      site: s.siteId ? siteName.get(s.siteId) : (v.sites.find((x) => x.isMain)?.name ?? ''),
      attendeeNames: s.attendees.map((a) => attendeeName.get(a)).filter(Boolean),
      published: placedIds.has(s.id),
      placement: v.placements.find((p) => p.sessionId === s.id) ?? null,
    })),
    team: v.team,
    timetables,
    published: v.published,
    publishedProblems: problemsNow,
    // Weekend days and England and Wales bank holidays among the visit days (GOV.UK's list, src/frameworks/reference).
    warnings: calendarWarnings(ch, await bankHolidayNames(ctx.db)),
    counts: visitCounts(rules, days, v, londonNow(ctx.clock.now())),
    abilities: {
      plan: may(ctx.actor, 'plan-visit', facts),
      evidence: may(ctx.actor, 'evidence', facts),
    },
  }
}

async function inTx<T>(
  ctx: Ctx,
  id: number,
  fn: (tx: Queryable, ch: ChallengeRow, days: string[], rules: TimetableRules) => Promise<T>,
  what: string,
  after?: (r: T) => unknown,
): Promise<T> {
  const { ch, days, rules } = await loadVisit(ctx, id, 'plan-visit')
  return ctx.db.transaction(async (tx) => {
    const r = await fn(tx, ch, days, rules)
    await audit(tx, ctx, {
      action: `visit.${what}`,
      visibility: 'council',
      entity: 'visit',
      entityId: id,
      challengeId: id,
      councilId: ch.councilId,
      after: after ? after(r) : r,
    })
    return r
  })
}

export async function addSite(ctx: Ctx, id: number, input: unknown) {
  await loadChallenge(ctx, id, 'plan-visit') // who may, before what was sent is judged
  const v = parseInput(siteSchema, input)
  return inTx(
    ctx,
    id,
    async (tx) => {
      await lockFor(tx, 'visit_sites', id) // two sites added at once: one after the other (names, the main site)
      if (await tx.one(`select 1 from visit_sites where challenge_id = $1 and lower(name) = lower($2)`, [id, v.name]))
        throw AppError.validation({ name: `There is already a site called “${v.name}”` })
      const first = !(await tx.one(`select 1 from visit_sites where challenge_id = $1`, [id]))
      if (v.isMain || first) await tx.query(`update visit_sites set is_main = false where challenge_id = $1`, [id])
      const row = (await tx.one<{ id: number }>(
        `insert into visit_sites (challenge_id, name, is_main) values ($1, $2, $3) returning id`,
        [id, v.name, v.isMain || first],
      ))!
      return { id: row.id, name: v.name, isMain: v.isMain || first }
    },
    'site-added',
  )
}

export async function setTravel(ctx: Ctx, id: number, input: unknown) {
  await loadChallenge(ctx, id, 'plan-visit') // who may, before what was sent is judged
  const v = parseInput(travelSchema, input)
  return inTx(
    ctx,
    id,
    async (tx) => {
      const n = (await tx.one<{ n: number }>(
        `select count(*)::int as n from visit_sites where challenge_id = $1 and id = any($2)`,
        [id, [v.fromSite, v.toSite]],
      ))!.n
      if (n !== 2) throw AppError.validation({ fromSite: 'Select two of this visit’s sites' })
      const [a, b] = v.fromSite < v.toSite ? [v.fromSite, v.toSite] : [v.toSite, v.fromSite]
      await tx.query(
        `insert into visit_travel (challenge_id, from_site, to_site, minutes) values ($1, $2, $3, $4) on conflict (from_site, to_site) do update set minutes = excluded.minutes`,
        [id, a, b, v.minutes],
      )
      return { fromSite: a, toSite: b, minutes: v.minutes }
    },
    'travel-set',
  )
}

export async function setThemeLeads(ctx: Ctx, id: number, input: unknown) {
  const body = (input ?? {}) as Record<string, unknown>
  return inTx(
    ctx,
    id,
    async (tx, ch) => {
      const framework = (await getFramework(tx, ch.frameworkId))!
      const team = new Set(
        (
          await tx.query<{ personId: number }>(
            `select person_id as "personId" from team_members where challenge_id = $1`,
            [id],
          )
        ).map((m) => m.personId),
      )
      const out: Record<string, number | null> = {}
      const errors: Record<string, string> = {}
      for (const t of framework.themes) {
        const raw = body[`lead-${t.key}`]
        const pid = raw === '' || raw == null ? null : Number(raw)
        if (pid !== null && !team.has(pid)) errors[`lead-${t.key}`] = `Select someone on the team to lead “${t.title}”`
        out[t.key] = pid
      }
      if (Object.keys(errors).length) throw AppError.validation(errors)
      await tx.query(`delete from visit_theme_leads where challenge_id = $1`, [id])
      for (const [k, pid] of Object.entries(out))
        if (pid)
          await tx.query(`insert into visit_theme_leads (challenge_id, theme_key, person_id) values ($1, $2, $3)`, [
            id,
            k,
            pid,
          ])
      return out
    },
    'theme-leads-set',
  )
}

export async function getAttendee(ctx: Ctx, id: number, attendeeId: number) {
  await loadChallenge(ctx, id, 'plan-visit')
  const a = await ctx.db.one<AttendeeRow>(
    `select id, name, role_title as "roleTitle", stakeholder_group as "group", unavailable from visit_attendees where id = $1 and challenge_id = $2`,
    [attendeeId, id],
  )
  if (!a) throw AppError.notFound('Attendee')
  return a
}

export async function saveAttendee(ctx: Ctx, id: number, attendeeId: number | null, input: unknown) {
  await loadChallenge(ctx, id, 'plan-visit') // who may, before what was sent is judged
  const v = parseInput(attendeeSchema, input)
  return inTx(
    ctx,
    id,
    async (tx, ch, days, rules) => {
      const groups = (rules.stakeholderGroups ?? []).map((g) => g.key)
      const errors: Record<string, string> = {}
      if (groups.length && !groups.includes(v.group)) errors['group'] = 'Select the stakeholder group'
      const outside = v.unavailable.find((w) => days.length && !days.includes(w.date))
      if (outside)
        errors['unavailable'] =
          `${formatDate(outside.date)} is not a day of the visit (${days.map((d) => formatDate(d)).join(', ')})`
      if (Object.keys(errors).length) throw AppError.validation(errors)
      const dup = await tx.one<{ id: number }>(
        `select id from visit_attendees where challenge_id = $1 and lower(name) = lower($2) and lower(role_title) = lower($3) and id <> coalesce($4, 0)`,
        [id, v.name, v.roleTitle, attendeeId],
      )
      if (dup)
        throw AppError.validation({ name: `${v.name}${v.roleTitle ? ` (${v.roleTitle})` : ''} is already on the list` })
      if (attendeeId) {
        const r = await tx.query(
          `update visit_attendees set name = $3, role_title = $4, stakeholder_group = $5, unavailable = $6 where id = $1 and challenge_id = $2 returning id`,
          [attendeeId, id, v.name, v.roleTitle, v.group, JSON.stringify(v.unavailable)],
        )
        if (!r.length) throw AppError.notFound('Attendee')
        return { id: attendeeId }
      }
      return (await tx.one<{ id: number }>(
        `insert into visit_attendees (challenge_id, name, role_title, stakeholder_group, unavailable) values ($1, $2, $3, $4, $5) returning id`,
        [id, v.name, v.roleTitle, v.group, JSON.stringify(v.unavailable)],
      ))!
    },
    attendeeId ? 'attendee-changed' : 'attendee-added',
    (r) => ({ ...r, ...v }),
  )
}

export async function getSession(ctx: Ctx, id: number, sessionId: number) {
  const { ch } = await loadChallenge(ctx, id, 'plan-visit')
  const s = await ctx.db.one<SessionRow>(
    `select ${SESSION_COLS} from visit_sessions s where s.id = $1 and s.challenge_id = $2`,
    [sessionId, ch.id],
  )
  if (!s) throw AppError.notFound('Session')
  return s
}

async function checkSession(tx: Queryable, ch: ChallengeRow, days: string[], v: SessionInput, rules: TimetableRules) {
  const errors: Record<string, string> = {}
  const framework = (await getFramework(tx, ch.frameworkId))!
  const keys = new Set(framework.themes.map((t) => t.key))
  const unknown = v.themes.filter((t) => !keys.has(t))
  if (unknown.length) errors['themes'] = `Select themes from the framework (not ${unknown.join(', ')})`
  if (v.siteId && !(await tx.one(`select 1 from visit_sites where id = $1 and challenge_id = $2`, [v.siteId, ch.id])))
    errors['siteId'] = 'Select one of this visit’s sites'
  const groups = (rules.stakeholderGroups ?? []).map((g) => g.key)
  if (v.group && groups.length && !groups.includes(v.group)) errors['group'] = 'Select the stakeholder group'
  if (v.attendees.length) {
    const n = (await tx.one<{ n: number }>(
      `select count(*)::int as n from visit_attendees where challenge_id = $1 and id = any($2)`,
      [ch.id, v.attendees],
    ))!.n
    if (n !== new Set(v.attendees).size) errors['attendees'] = 'Select attendees from this visit’s list'
  }
  if (v.fixedDate && !days.includes(v.fixedDate))
    errors['fixedDate'] = `The fixed date must be a day of the visit (${days.map((d) => formatDate(d)).join(', ')})`
  if (v.fixedStart) {
    const g = grid(rules)
    const s = toMinutes(v.fixedStart)
    if (s < toMinutes(rules.dayStart) || s + v.minutes > toMinutes(rules.dayEnd))
      errors['fixedStart'] = `A session must fit between ${rules.dayStart} and ${rules.dayEnd}`
    else if ((s - toMinutes(rules.dayStart)) % rules.slotMinutes)
      errors['fixedStart'] = `Start on the quarter hour (${g.timeOf(0)}, ${g.timeOf(1)}, …)`
  }
  if (Object.keys(errors).length) throw AppError.validation(errors)
}

async function writeSession(
  tx: Queryable,
  ctx: Ctx,
  ch: ChallengeRow,
  sessionId: number | null,
  v: SessionInput,
): Promise<number> {
  const cols = [
    v.title,
    v.kind,
    v.minutes,
    v.siteId,
    v.room,
    v.themes,
    v.group,
    v.fixedDate,
    v.fixedStart,
    v.peers,
    v.notes,
    v.outcome,
    v.peopleMet,
  ]
  let sid = sessionId
  if (sid) {
    const r = await tx.query(
      `update visit_sessions set title = $3, kind = $4, minutes = $5, site_id = $6, room = $7, themes = $8, stakeholder_group = $9, fixed_date = $10, fixed_start = $11,
              peers_wanted = $12, notes = $13, outcome = $14, people_met = $15, version = version + 1
        where id = $1 and challenge_id = $2 and ($16::int is null or version = $16) returning id`,
      [sid, ch.id, ...cols, v.version ?? null],
    )
    if (!r.length) {
      if (await tx.one(`select 1 from visit_sessions where id = $1 and challenge_id = $2`, [sid, ch.id]))
        throw AppError.conflict('Someone else changed this session while you were looking at it. Reload the page.')
      throw AppError.notFound('Session')
    }
    await tx.query(`delete from visit_session_attendees where session_id = $1`, [sid])
  } else {
    sid = (await tx.one<{ id: number }>(
      `insert into visit_sessions (challenge_id, title, kind, minutes, site_id, room, themes, stakeholder_group, fixed_date, fixed_start, peers_wanted, notes, outcome, people_met, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
      [ch.id, ...cols, ctx.clock.now()],
    ))!.id
  }
  for (const a of new Set(v.attendees))
    await tx.query(`insert into visit_session_attendees (session_id, attendee_id) values ($1, $2)`, [sid, a])
  return sid
}

export async function saveSession(ctx: Ctx, id: number, sessionId: number | null, input: unknown) {
  await loadChallenge(ctx, id, 'plan-visit') // who may, before what was sent is judged
  const v = parseInput(sessionSchema, input)
  return inTx(
    ctx,
    id,
    async (tx, ch, days, rules) => {
      assertDays(days)
      await checkSession(tx, ch, days, v, rules)
      if (
        !sessionId &&
        (await tx.one<{ n: number }>(`select count(*)::int as n from visit_sessions where challenge_id = $1`, [id]))!
          .n >= MAX_SESSIONS
      )
        throw AppError.validation({ title: `A visit has at most ${MAX_SESSIONS} sessions` })
      return { id: await writeSession(tx, ctx, ch, sessionId, v) }
    },
    sessionId ? 'session-changed' : 'session-added',
    (r) => ({
      ...r,
      title: v.title,
      kind: v.kind,
      minutes: v.minutes,
      fixed: v.fixedDate ? `${v.fixedDate} ${v.fixedStart}` : null,
      outcome: v.outcome,
    }),
  )
}

/** Drops a session: deleted if no published timetable has it, else kept as dropped so a re-plan can move as little as possible. */
export async function dropSession(ctx: Ctx, id: number, sessionId: number) {
  return inTx(
    ctx,
    id,
    async (tx) => {
      const s = await tx.one<{ title: string; droppedAt: Date | null }>(
        `select title, dropped_at as "droppedAt" from visit_sessions where id = $1 and challenge_id = $2`,
        [sessionId, id],
      )
      if (!s) throw AppError.notFound('Session')
      const everPublished = await tx.one(
        `select 1 from timetable_placements p join timetables t on t.id = p.timetable_id where p.session_id = $1 and t.status <> 'proposal'`,
        [sessionId],
      )
      if (everPublished) {
        if (s.droppedAt) throw AppError.conflict('That session is already dropped')
        await tx.query(`update visit_sessions set dropped_at = $2, version = version + 1 where id = $1`, [
          sessionId,
          ctx.clock.now(),
        ])
        return { id: sessionId, title: s.title, dropped: true }
      }
      await tx.query(`delete from visit_sessions where id = $1`, [sessionId])
      return { id: sessionId, title: s.title, deleted: true }
    },
    'session-dropped',
  )
}

/** What a timetable job answers: the proposal it stored and its figures. */
export interface PlanSummary {
  timetableId: number
  status: 'optimal' | 'feasible' | 'infeasible'
  placed: number
  unplaced: number
  understaffed: number
  changes: { moved: number; peersChanged: number; dropped: number; lost: number } | null
  seconds: number
}

/** The visit's problem as it stands, checked to be plannable (the same checks when asked and when the job runs). */
async function plannable(ctx: Ctx, id: number) {
  const { ch, days, rules } = await loadVisit(ctx, id, 'plan-visit')
  assertDays(days)
  const v = await visitData(ctx.db, ch)
  const problem = problemOf(rules, days, v)
  if (!problem.sessions.length) throw AppError.validation({ form: 'Add the sessions of the visit first' })
  if (!problem.peers.length)
    throw AppError.validation({ form: 'The peer team has no members yet: the programme needs peers to staff it' })
  return { ch, days, rules, v, problem }
}

/**
 * Plans the timetable for the visit as it stands (a re-plan of the published one, when there is one) in the
 * background (decision 30): checks who asks and that there is something to plan, then queues the job and answers
 * at once with the job, whose page shows the progress and, when done, the proposal it stored.
 */
export async function planTimetable(ctx: Ctx, id: number, input: unknown = {}) {
  const opts = parseInput(solveSchema, input)
  const { ch } = await plannable(ctx, id)
  const jobId = await enqueue(ctx, timetablePlanJob, {
    challengeId: id,
    reference: ch.reference,
    timeLimitSeconds: opts.timeLimitSeconds ?? 60,
  })
  return { jobId, state: 'queued' as const, path: `/jobs/${jobId}` }
}

export const timetablePlanJob = defineJob<
  { challengeId: number; reference: string; timeLimitSeconds: number },
  PlanSummary
>({
  kind: 'timetable-plan',
  title: (p) => `Plan the on-site timetable of ${p.reference}`,
  retryLimit: 2,
  resultLabel: 'See the proposed timetable',
  resultPath: (_id, r, p) => (r ? `/challenges/${p.challengeId}/visit/timetables/${r.timetableId}` : null),
  run: async (job) => {
    const ctx = job.ctx
    const id = job.payload.challengeId
    const stored = await storedPlan(ctx.db, job.id)
    if (stored) return stored // a rerun after the proposal was stored
    await job.progress(0, null, 'Reading the visit')
    // as the person who asked, with the visit as it is now (they may have lost the right since)
    const { ch, days, rules, v, problem } = await plannable(ctx, id)
    const previous = v.published ? asPlacements(rules, days, v.placements) : undefined
    const n = problem.visit.days.length
    await job.progress(0, n, `Building a first plan of ${plural(problem.sessions.length, 'session')}`)
    const result = await whileSolving(job, (signal, report) =>
      solveInThread(
        'timetable',
        { ...problem, previous, timeLimitSeconds: job.payload.timeLimitSeconds },
        {
          signal,
          onProgress: (p) =>
            report(
              p.done,
              p.of,
              p.step === 'first plan'
                ? `First plan: ${plural(p.placed, 'session')} placed; improving it day by day`
                : `Improved ${p.done} of ${plural(p.of, 'day')}: ${plural(p.placed, 'session')} placed`,
            ),
        },
      ),
    )
    await job.checkpoint()
    return storePlan(ctx, job.id, { ch, days, rules, v, problem }, result)
  },
})

async function storedPlan(db: Queryable, jobId: string): Promise<PlanSummary | null> {
  const t = await db.one<TimetableRow>(`select ${TIMETABLE_COLS} from timetables where job_id = $1`, [jobId])
  if (!t) return null
  const n = await db.one<{ n: number }>(`select count(*)::int as n from timetable_placements where timetable_id = $1`, [
    t.id,
  ])
  return {
    timetableId: t.id,
    status: t.solver.status as PlanSummary['status'],
    placed: n?.n ?? 0,
    unplaced: t.unplaced.length,
    understaffed: t.solver.understaffed.length,
    changes: t.changes,
    seconds: Math.round(t.solver.seconds * 10) / 10,
  }
}

/** Keeps a solver's plan as a proposal (with the job that made it), audited in the same transaction. */
async function storePlan(
  ctx: Ctx,
  jobId: string | null,
  { ch, days, rules, v, problem }: Awaited<ReturnType<typeof plannable>>,
  result: TimetableResult,
): Promise<PlanSummary> {
  const id = ch.id
  const g = grid(rules)
  const byId = new Map(problem.sessions.map((s) => [s.id, s]))
  return ctx.db.transaction(async (tx) => {
    const t = (await tx.one<{ id: number }>(
      `insert into timetables (challenge_id, rules_code, status, based_on, solver, unplaced, changes, created_by, created_at, job_id)
       values ($1, $2, 'proposal', $3, $4, $5, $6, $7, $8, $9) returning id`,
      [
        id,
        rules.code,
        v.published?.id ?? null,
        JSON.stringify({
          status: result.status,
          seconds: result.seconds,
          stages: result.stages,
          inputsHash: inputsHash(problem),
          understaffed: result.understaffed,
        }),
        JSON.stringify(result.unplaced),
        result.changes ? JSON.stringify(result.changes) : null,
        userId(ctx.actor),
        ctx.clock.now(),
        jobId,
      ],
    ))!
    for (const p of result.placements) {
      const s = byId.get(p.sessionId)!
      const starts = g.timeOf(p.start)
      await tx.query(
        `insert into timetable_placements (timetable_id, session_id, day, starts, ends, peers) values ($1, $2, $3, $4, $5, $6)`,
        [t.id, p.sessionId, days[p.day], starts, fromMinutes(toMinutes(starts) + s.minutes), p.peers],
      )
    }
    const summary: PlanSummary = {
      timetableId: t.id,
      status: result.status,
      placed: result.placements.length,
      unplaced: result.unplaced.length,
      understaffed: result.understaffed.length,
      changes: result.changes,
      seconds: Math.round(result.seconds * 10) / 10,
    }
    await audit(tx, ctx, {
      action: 'visit.timetable-planned',
      visibility: 'council',
      entity: 'timetable',
      entityId: t.id,
      challengeId: id,
      councilId: ch.councilId,
      after: summary,
    })
    return summary
  })
}

/** One timetable with its sessions by day, the team's blocks, the checker's verdict and the changes against the published one. */
export async function getTimetable(ctx: Ctx, id: number, timetableId: number) {
  const { ch, facts, days, rules } = await loadVisit(ctx, id, 'view-private')
  const t = await ctx.db.one<TimetableRow>(
    `select ${TIMETABLE_COLS} from timetables where id = $1 and challenge_id = $2`,
    [timetableId, id],
  )
  if (!t) throw AppError.notFound('Timetable')
  const v = await visitData(ctx.db, ch)
  const rows = await placementsOf(ctx.db, t.id)
  const problem = problemOf(rules, days, v)
  const inProblem = new Set(problem.sessions.map((s) => s.id))
  const problems = checkTimetable(
    problem,
    asPlacements(
      rules,
      days,
      rows.filter((r) => inProblem.has(r.sessionId)),
    ),
  )
  const current = t.solver.inputsHash === inputsHash(problem)
  const before = t.basedOn ? new Map((await placementsOf(ctx.db, t.basedOn)).map((p) => [p.sessionId, p])) : null
  const view = programmeView(rules, days, v, rows, null)
  const sessionTitle = new Map(v.sessions.map((s) => [s.id, s.title]))
  return {
    challenge: ch,
    timetable: t,
    current,
    problems,
    unplaced: t.unplaced.map((u) => ({ ...u, title: sessionTitle.get(u.sessionId) ?? `Session ${u.sessionId}` })),
    understaffed: t.solver.understaffed.map((u) => ({
      ...u,
      title: sessionTitle.get(u.sessionId) ?? `Session ${u.sessionId}`,
    })),
    changed: before
      ? rows
          .filter((r) => {
            const b = before.get(r.sessionId)
            return b && (b.day !== r.day || b.starts !== r.starts || b.peers.join() !== r.peers.join())
          })
          .map((r) => ({
            title: sessionTitle.get(r.sessionId),
            was: `${formatDate(before.get(r.sessionId)!.day)} ${before.get(r.sessionId)!.starts}`,
            now: `${formatDate(r.day)} ${r.starts}`,
          }))
      : [],
    days: view,
    abilities: {
      publish: t.status === 'proposal' && current && may(ctx.actor, 'plan-visit', facts),
    },
  }
}

/** Publishes a proposal: it becomes the programme; the one it replaces is kept as superseded. Refused if the sessions changed since. */
export async function publishTimetable(ctx: Ctx, id: number, timetableId: number, input: unknown = {}) {
  const { ch, days, rules } = await loadVisit(ctx, id, 'plan-visit')
  const { note } = parseInput(publishSchema, input)
  const t = await ctx.db.one<TimetableRow>(
    `select ${TIMETABLE_COLS} from timetables where id = $1 and challenge_id = $2`,
    [timetableId, id],
  )
  if (!t) throw AppError.notFound('Timetable')
  if (t.status !== 'proposal') throw AppError.conflict('Only a proposed timetable can be published')
  const v = await visitData(ctx.db, ch)
  if (t.solver.inputsHash !== inputsHash(problemOf(rules, days, v)))
    throw AppError.conflict(
      'The sessions, attendees, sites or team changed after this timetable was planned: plan it again before publishing',
    )
  if (v.published && t.basedOn !== v.published.id)
    throw AppError.conflict('Another timetable was published after this one was planned: plan it again')
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    await tx.query(`update timetables set status = 'superseded' where challenge_id = $1 and status = 'published'`, [id])
    const n = (await tx.one<{ n: number }>(
      `select coalesce(max(published_number), 0)::int + 1 as n from timetables where challenge_id = $1`,
      [id],
    ))!.n
    await tx.query(
      `update timetables set status = 'published', published_at = $2, published_number = $3 where id = $1`,
      [timetableId, now, n],
    )
    await audit(tx, ctx, {
      action: 'visit.timetable-published',
      visibility: 'council',
      entity: 'timetable',
      entityId: timetableId,
      challengeId: id,
      councilId: ch.councilId,
      after: { number: n, note: note || undefined, changes: t.changes },
    })
    return { id: timetableId, number: n }
  })
}

type VisitData = Awaited<ReturnType<typeof visitData>>

type ProgrammeItem = ReturnType<typeof programmeView>[number]['items'][number]

/** A programme item (a session or the team's own block) as a calendar event, the same in a peer's calendar and the
 * whole team's (so importing both does not duplicate it). */
function itemEvent(reference: string, date: string, x: ProgrammeItem) {
  return {
    uid: 'sessionId' in x ? sessionUid(reference, x.sessionId) : teamBlockUid(reference, date, x.kind),
    title: x.title,
    start: icsLocal(date, x.starts),
    end: icsLocal(date, x.ends),
    location: 'site' in x ? [x.site, x.room].filter(Boolean).join(', ') : undefined,
    description:
      'attendees' in x
        ? [
            `With: ${x.attendees.map((a) => a.name + (a.roleTitle ? ` (${a.roleTitle})` : '')).join('; ')}`,
            `Peers: ${x.peers.join(', ')}`,
          ].join('\n')
        : 'Peer team',
  }
}

/** The programme by day: sessions in time order with the team's own blocks between them, optionally one peer's. */
function programmeView(
  rules: TimetableRules,
  days: string[],
  v: VisitData,
  rows: PlacementRow[],
  peerId: number | null,
) {
  const g = grid(rules)
  const sessions = new Map(v.sessions.map((s) => [s.id, s]))
  const site = new Map(v.sites.map((s) => [s.id, s.name]))
  const main = v.sites.find((s) => s.isMain)?.name ?? ''
  const attendee = new Map(v.attendees.map((a) => [a.id, a]))
  const peer = new Map(v.team.map((m) => [m.personId, m]))
  return days.map((date, i) => {
    const blocks = teamBlocks(rules, i, days.length)
      .filter((b) => b.kind !== 'closed')
      .map((b) => ({ team: true, starts: g.timeOf(b.from), ends: g.timeOf(b.to), title: b.label, kind: b.kind }))
    const items = rows
      .filter((r) => r.day === date && (peerId === null || r.peers.includes(peerId)))
      .map((r) => {
        const s = sessions.get(r.sessionId)!
        return {
          team: false,
          sessionId: s.id,
          starts: r.starts,
          ends: r.ends,
          title: s.title,
          kind: s.kind,
          site: s.siteId ? site.get(s.siteId) : main,
          room: s.room,
          themes: s.themes,
          dropped: !!s.droppedAt,
          outcome: s.outcome,
          attendees: s.attendees
            .map((a) => attendee.get(a))
            .filter(Boolean)
            .map((a) => ({ name: a!.name, roleTitle: a!.roleTitle })),
          peers: r.peers.map((p) => peer.get(p)?.name ?? `Peer ${p}`),
        }
      })
    return {
      date,
      label: formatDayDate(date),
      items: [...items, ...blocks].sort((a, b) => a.starts.localeCompare(b.starts)),
    }
  })
}

/** The published programme, for printing and for everyone on the visit; `peer` narrows it to one peer's sessions. */
export async function getProgramme(ctx: Ctx, id: number, query: { peer?: string }) {
  const { ch, facts, days, rules } = await loadVisit(ctx, id, 'view-private')
  const v = await visitData(ctx.db, ch)
  const peerId = query.peer && /^\d+$/.test(query.peer) ? Number(query.peer) : null
  if (peerId !== null && !v.team.some((m) => m.personId === peerId)) throw AppError.notFound('Peer on this team')
  const me = ctx.actor.kind === 'user' ? ctx.actor.personId : null
  return {
    challenge: ch,
    published: v.published,
    team: v.team.filter((m) => INTERVIEWING(m.role)),
    peer: peerId ? v.team.find((m) => m.personId === peerId) : null,
    myPersonId: me && v.team.some((m) => m.personId === me) ? me : null,
    days: v.published ? programmeView(rules, days, v, v.placements, peerId) : [],
    counts: visitCounts(rules, days, v, londonNow(ctx.clock.now())),
    canPlan: may(ctx.actor, 'plan-visit', facts),
  }
}

/**
 * A peer's own calendar (.ics) of the published programme: their sessions and the team's blocks, in Europe/London
 * time. Each session keeps its UID whatever happens to it and its SEQUENCE grows with every change (calendar.ts), so
 * importing the file again moves an entry rather than adding one; a session the peer had in an earlier programme and
 * no longer has (dropped, or given to another peer) is sent as cancelled.
 */
export async function peerCalendar(ctx: Ctx, id: number, personId: number) {
  const { ch, days, rules } = await loadVisit(ctx, id, 'view-private')
  const v = await visitData(ctx.db, ch)
  const member = v.team.find((m) => m.personId === personId)
  if (!member) throw AppError.notFound('Peer on this team')
  if (!v.published) throw AppError.notFound('Published programme')
  const programme = programmeView(rules, days, v, v.placements, personId)
  const history = await ctx.db.query<PublishedPlacement>(
    `select t.published_number as number, p.session_id as "sessionId", p.day::text as day, p.starts, p.ends, p.peers
       from timetables t join timetable_placements p on p.timetable_id = t.id
      where t.challenge_id = $1 and t.published_number is not null
      order by t.published_number, p.session_id`,
    [ch.id],
  )
  const numbers = (
    await ctx.db.query<{ n: number }>(
      `select published_number as n from timetables where challenge_id = $1 and published_number is not null order by 1`,
      [ch.id],
    )
  ).map((r) => r.n)
  const changes = placementChanges(numbers, history)
  const session = new Map(v.sessions.map((s) => [s.id, s]))
  const sequence = (sessionId: number) =>
    sessionSequence(session.get(sessionId)?.version ?? 1, changes.get(sessionId) ?? 0)
  const calName = `${ch.reference} on-site programme: ${member.name}`
  const common = {
    calName,
    productId: 'peer-challenge/ics',
    startInputType: 'local',
    startOutputType: 'local',
  } as const
  const events: EventAttributes[] = programme.flatMap((d) =>
    d.items
      .filter((x) => !('dropped' in x && x.dropped))
      .map((x) => ({
        ...common,
        ...itemEvent(ch.reference, d.date, x),
        sequence: 'sessionId' in x ? sequence(x.sessionId) : 0,
      })),
  )
  // Sessions this peer had in an earlier published programme and no longer has: cancelled where they last were.
  const current = new Set(
    programme.flatMap((d) => d.items.flatMap((x) => ('sessionId' in x && !x.dropped ? [x.sessionId] : []))),
  )
  const lastOwn = new Map<number, PublishedPlacement>()
  for (const p of history) if (p.peers.includes(personId)) lastOwn.set(p.sessionId, p)
  for (const [sessionId, p] of lastOwn) {
    if (current.has(sessionId)) continue
    events.push({
      ...common,
      uid: sessionUid(ch.reference, sessionId),
      sequence: sequence(sessionId),
      status: 'CANCELLED',
      title: `Cancelled: ${session.get(sessionId)?.title ?? 'session'}`,
      start: icsLocal(p.day, p.starts),
      end: icsLocal(p.day, p.ends),
      description: 'No longer in your programme',
    })
  }
  const { error, value } = createEvents(events)
  if (error || !value) throw new Error(`calendar could not be made: ${error?.message}`)
  return {
    filename: `${ch.reference}-programme-${member.name.replace(/\s+/g, '-').toLowerCase()}.ics`,
    contentType: 'text/calendar; charset=utf-8',
    content: Buffer.from(inLondonTime(value)),
  }
}

const PROGRAMME_COLUMNS = [
  'Session',
  'Kind',
  'Minutes',
  'Site',
  'Room',
  'Themes',
  'Stakeholder group',
  'Attendees',
  'Fixed date',
  'Fixed start',
  'Peers wanted',
  'Notes',
] as const

export function programmeTemplate() {
  const rows = [
    [...PROGRAMME_COLUMNS],
    [
      'Leader of the council',
      'interview',
      '60',
      'Civic Centre',
      'Leader’s office',
      'leadership; priorities',
      'councillors',
      'Cllr Ann Example (Leader) [2027-03-10 09:00-11:00]',
      '',
      '',
      '',
      '',
    ],
    [
      'Staff focus group',
      'focus-group',
      '75',
      'Civic Centre',
      'Room 2',
      'capacity; governance',
      'staff',
      'Jo Bloggs (Customer services); Sam Smith (Planning)',
      '',
      '',
      '',
      '',
    ],
    [
      'Town centre regeneration visit',
      'site-visit',
      '90',
      'Town centre',
      '',
      'leadership',
      'partners',
      'Pat Partner (Town Centre BID)',
      '2027-03-11',
      '10:00',
      '2',
      'Meet at the market square',
    ],
  ]
  return {
    filename: 'on-site-programme-template.csv',
    contentType: 'text/csv; charset=utf-8',
    content: Buffer.from(csvFile(rows)),
  }
}

const ATTENDEE_PART = /^(.+?)(?:\s*\(([^)]*)\))?(?:\s*\[([^\]]*)\])?$/

/**
 * Imports sessions and their attendees from a .csv or .xlsx: every row checked first, one bad row and nothing changes.
 * Sites named in the file are added; attendees are matched by name and role, else added with the row's stakeholder group.
 */
export async function importProgramme(ctx: Ctx, id: number, file: Upload | null) {
  const { ch, days, rules } = await loadVisit(ctx, id, 'plan-visit')
  assertDays(days)
  if (!file) throw AppError.validation({ file: 'Select a .csv or .xlsx file' })
  const rows = await tableRows(file, {
    what: 'an on-site programme',
    maxBytes: MAX_PROGRAMME_FILE_BYTES,
    columnKind: (n) => (n === 'fixed date' ? 'date' : n === 'fixed start' ? 'time' : 'text'),
  })
  if (!rows.length) throw AppError.validation({ file: 'The file has no rows under its header' })
  const header = Object.keys(rows[0]!.values)
  const missing = ['session', 'kind', 'minutes'].filter((c) => !header.includes(c))
  if (missing.length)
    throw AppError.validation({
      file: `The file has no ${missing.map((m) => `“${m[0]!.toUpperCase()}${m.slice(1)}”`).join(', ')} column: download the template to see the columns`,
    })
  const existing = (await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from visit_sessions where challenge_id = $1`,
    [id],
  ))!.n
  if (existing + rows.length > MAX_SESSIONS)
    throw AppError.validation({
      file: `A visit has at most ${MAX_SESSIONS} sessions: this file would make ${existing + rows.length}`,
    })
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const themeKey = (s: string) =>
    framework.themes.find((t) => t.key === s.toLowerCase() || t.title.toLowerCase() === s.toLowerCase())?.key ?? s
  const groups = rules.stakeholderGroups ?? []
  const groupKey = (s: string) =>
    groups.find((g) => g.key === s.toLowerCase() || g.label.toLowerCase() === s.toLowerCase())?.key ?? s
  const kindKey = (s: string) =>
    (rules.sessionKinds ?? []).find((k) => k.key === s.toLowerCase() || k.label.toLowerCase() === s.toLowerCase())
      ?.key ?? s.toLowerCase()
  const errors: string[] = []
  const parsed: {
    v: SessionInput
    site: string
    people: { name: string; roleTitle: string; unavailable: { date: string; from: string; to: string }[] }[]
  }[] = []
  for (const { row, values } of rows) {
    const g = (k: string) => values[k] ?? ''
    const people: (typeof parsed)[number]['people'] = []
    for (const part of g('attendees')
      .split(/[;\n](?![^[]*\])/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = ATTENDEE_PART.exec(part)!
      const un = attendeeSchema.shape.unavailable.safeParse(m[3] ?? '')
      if (!un.success) errors.push(`Row ${row}: ${un.error.issues[0]!.message}`)
      else if (un.data.some((w) => !days.includes(w.date)))
        errors.push(`Row ${row}: ${m[1]} is unavailable on a day that is not part of the visit`)
      people.push({ name: m[1]!.trim(), roleTitle: (m[2] ?? '').trim(), unavailable: un.success ? un.data : [] })
    }
    const r = sessionSchema.safeParse({
      title: g('session'),
      kind: kindKey(g('kind')),
      minutes: g('minutes'),
      room: g('room'),
      themes: g('themes')
        .split(/[;,]/)
        .map((s) => themeKey(s.trim()))
        .filter(Boolean),
      group: groupKey(g('stakeholder group')),
      fixedDate: g('fixed date'),
      fixedStart: g('fixed start'),
      peers: g('peers wanted'),
      notes: g('notes'),
    })
    if (!r.success) {
      for (const i of r.error.issues) errors.push(`Row ${row}: ${i.message}`)
      continue
    }
    const v = r.data
    const bad = v.themes.filter((t) => !framework.themes.some((x) => x.key === t))
    if (bad.length) errors.push(`Row ${row}: no theme called “${bad.join('”, “')}” in the framework`)
    if (v.group && groups.length && !groups.some((x) => x.key === v.group))
      errors.push(`Row ${row}: stakeholder group “${v.group}” must be one of ${groups.map((x) => x.label).join(', ')}`)
    if (v.fixedDate && !days.includes(v.fixedDate))
      errors.push(`Row ${row}: ${formatDate(v.fixedDate)} is not a day of the visit`)
    if (
      v.fixedStart &&
      (toMinutes(v.fixedStart) < toMinutes(rules.dayStart) ||
        toMinutes(v.fixedStart) + v.minutes > toMinutes(rules.dayEnd) ||
        (toMinutes(v.fixedStart) - toMinutes(rules.dayStart)) % rules.slotMinutes)
    )
      errors.push(
        `Row ${row}: the fixed start ${v.fixedStart} must be on the quarter hour and fit between ${rules.dayStart} and ${rules.dayEnd}`,
      )
    if (g('site').length > 120) errors.push(`Row ${row}: the site name must be 120 characters or fewer`)
    parsed.push({ v, site: g('site').trim(), people })
  }
  if (errors.length)
    throw AppError.validation({
      file: `Nothing was imported. Fix these rows and upload the file again: ${errors.slice(0, 20).join('; ')}${errors.length > 20 ? `; and ${errors.length - 20} more` : ''}`,
    })
  const result = { sessions: 0, attendees: 0, sites: 0 }
  await ctx.db.transaction(async (tx) => {
    await lockFor(tx, 'visit_sites', id)
    const siteIds = new Map(
      (
        await tx.query<{ id: number; name: string }>(`select id, name from visit_sites where challenge_id = $1`, [id])
      ).map((s) => [s.name.toLowerCase(), s.id]),
    )
    for (const p of parsed) {
      let siteId: number | null = null
      if (p.site) {
        siteId = siteIds.get(p.site.toLowerCase()) ?? null
        if (!siteId) {
          const first = siteIds.size === 0
          siteId = (await tx.one<{ id: number }>(
            `insert into visit_sites (challenge_id, name, is_main) values ($1, $2, $3) returning id`,
            [id, p.site, first],
          ))!.id
          siteIds.set(p.site.toLowerCase(), siteId)
          result.sites++
        }
      }
      const attendeeIds: number[] = []
      for (const person of p.people) {
        let a = await tx.one<{ id: number }>(
          `select id from visit_attendees where challenge_id = $1 and lower(name) = lower($2) and lower(role_title) = lower($3)`,
          [id, person.name, person.roleTitle],
        )
        if (!a) {
          a = (await tx.one<{ id: number }>(
            `insert into visit_attendees (challenge_id, name, role_title, stakeholder_group, unavailable) values ($1, $2, $3, $4, $5) returning id`,
            [id, person.name, person.roleTitle, p.v.group || 'staff', JSON.stringify(person.unavailable)],
          ))!
          result.attendees++
        } else if (person.unavailable.length) {
          await tx.query(`update visit_attendees set unavailable = $2 where id = $1`, [
            a.id,
            JSON.stringify(person.unavailable),
          ])
        }
        attendeeIds.push(a.id)
      }
      await writeSession(tx, ctx, ch, null, { ...p.v, siteId, attendees: attendeeIds })
      result.sessions++
    }
    await audit(tx, ctx, {
      action: 'visit.programme-imported',
      visibility: 'council',
      entity: 'visit',
      entityId: id,
      challengeId: id,
      councilId: ch.councilId,
      after: { file: file.filename, ...result },
    })
  })
  return result
}

/** For other domains (evidence, the report): the visit's figures and sessions, after the caller's own permission check. */
export async function visitFacts(db: Queryable, ch: ChallengeRow, now: Date) {
  const rules = await timetableRulesFor(db, ch.reviewType)
  const days = visitDays(ch)
  const v = await visitData(db, ch)
  const london = londonNow(now)
  return { rules, days, v, now: london, counts: visitCounts(rules, days, v, london) }
}

/**
 * The whole team's calendar (.ics) of a challenge (issue 18): each on-site day as an all-day entry, and, once the
 * programme is published, every session with the peers in it and the team's own blocks, in Europe/London time. For
 * anyone who may see the challenge's private pages (the team, the programme office, the council's officers), as the
 * peers' own calendars are. UIDs are the peers' calendars' own, so importing both does not duplicate a session.
 */
export async function teamCalendar(ctx: Ctx, id: number) {
  const { ch, days, rules } = await loadVisit(ctx, id, 'view-private')
  const v = await visitData(ctx.db, ch)
  const common = {
    calName: `${ch.reference} peer challenge: the whole team`,
    productId: 'peer-challenge/ics',
    startInputType: 'local',
    startOutputType: 'local',
  } as const
  const team = v.team.map((m) => m.name).join(', ')
  const ymd = (d: string) => d.split('-').map(Number) as [number, number, number]
  const events: EventAttributes[] = days.map((date, i) => ({
    ...common,
    uid: `${ch.reference.toLowerCase()}-onsite-${date}@peer-challenge`,
    title: `${ch.reference} on site: day ${i + 1} of ${days.length}`,
    start: ymd(date),
    end: ymd(addDays(date, 1)),
    description: team ? `Peer team: ${team}` : 'Peer team',
  }))
  if (v.published)
    for (const d of programmeView(rules, days, v, v.placements, null))
      for (const x of d.items) {
        if ('dropped' in x && x.dropped) continue
        events.push({ ...common, ...itemEvent(ch.reference, d.date, x) })
      }
  // no on-site dates yet: an empty calendar (subscribing to it now shows the days once they are set)
  const { error, value } = createEvents(events)
  if (error || !value) throw new Error(`calendar could not be made: ${error?.message}`)
  return {
    filename: `${ch.reference}-team-calendar.ics`,
    contentType: 'text/calendar; charset=utf-8',
    content: Buffer.from(inLondonTime(value)),
  }
}
