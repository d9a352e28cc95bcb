import crypto from 'node:crypto'
import { lockFor, type Queryable } from '../db/db.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit, auditForChallenge, diff } from '../audit/audit.ts'
import {
  assertCan,
  assertOnChallenge,
  canOnChallenge,
  transitionRoles,
  uploadableKinds,
  DOCUMENT_KINDS,
  type ChallengeAccessFacts,
  type DocumentKind,
} from '../auth/policy.ts'
import {
  bankHolidays,
  frameworkInForce,
  getFramework,
  getReviewType,
  listFrameworks,
  listReviewTypes,
} from '../frameworks/repo.ts'
import { computeDeadlines, type DeadlineFacts } from '../frameworks/deadlines.ts'
import { findTransition, guardProblems, stageLabel, transitionsFor, type GuardFacts } from '../frameworks/workflow.ts'
import type { Framework, ReviewType } from '../frameworks/types.ts'
import { HELD_SQL } from '../programme/repo.ts'
import {
  createChallengeSchema,
  eventSchema,
  EVENT_CODES,
  recommendationSchema,
  teamMemberSchema,
  TEAM_ROLES,
  transitionSchema,
  updateChallengeSchema,
  parseInput,
  isId,
} from './schemas.ts'
import { checkUpload, type Upload } from './uploads.ts'

export interface ChallengeRow {
  id: number
  reference: string
  councilId: number
  councilCode: string
  councilName: string
  reviewType: string
  frameworkId: number
  parentId: number | null
  stage: string
  scopingDate: string | null
  onsiteStart: string | null
  onsiteEnd: string | null
  onsitePrecision: 'day' | 'month'
  feedbackDate: string | null
  notes: string
  version: number
  createdAt: Date
  updatedAt: Date
}

export const CH_COLS = `c.id, c.reference, c.council_id as "councilId", co.code as "councilCode", co.nice_name as "councilName",
  c.review_type as "reviewType", c.framework_id as "frameworkId", c.parent_id as "parentId", c.stage,
  c.scoping_date as "scopingDate", c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd",
  c.onsite_precision as "onsitePrecision", c.feedback_date as "feedbackDate", c.notes, c.version,
  c.created_at as "createdAt", c.updated_at as "updatedAt"`

export const CH_FROM = `challenges c join councils co on co.id = c.council_id`

async function firstEvents(db: Queryable, challengeId: number, today: string): Promise<Record<string, string>> {
  const rows = await db.query<{ code: string; d: string }>(
    `select code, min(occurred_on)::text as d from challenge_events where challenge_id = $1 and occurred_on <= $2 group by code`,
    [challengeId, today],
  )
  return Object.fromEntries(rows.map((r) => [r.code, r.d]))
}

/** Every event up to today, in the order it happened: for the deadlines counted from an event. */
async function eventLog(db: Queryable, challengeId: number, today: string): Promise<{ code: string; on: string }[]> {
  return db.query<{ code: string; on: string }>(
    `select code, occurred_on::text as "on" from challenge_events where challenge_id = $1 and occurred_on <= $2 order by occurred_on, id`,
    [challengeId, today],
  )
}

async function accessFacts(
  db: Queryable,
  c: { id: number; councilId: number },
  today: string,
): Promise<ChallengeAccessFacts> {
  const team = await db.query<{ personId: number; role: string }>(
    `select person_id as "personId", role from team_members where challenge_id = $1`,
    [c.id],
  )
  const pub = await db.one(
    `select 1 from challenge_events where challenge_id = $1 and code = 'report_published' and occurred_on <= $2`,
    [c.id, today],
  )
  return { councilId: c.councilId, team, reportPublic: !!pub }
}

/** Loads a challenge and checks the actor may do `action` on it (404 for those who may not even see it). */
export async function loadChallenge(
  ctx: Ctx,
  id: number,
  action: Parameters<typeof assertOnChallenge>[1] = 'view',
  db: Queryable = ctx.db,
) {
  if (!Number.isInteger(id) || id < 1) throw AppError.notFound('Challenge')
  const ch = await db.one<ChallengeRow>(`select ${CH_COLS} from ${CH_FROM} where c.id = $1`, [id])
  if (!ch) throw AppError.notFound('Challenge')
  const facts = await accessFacts(db, ch, ctx.clock.today())
  assertOnChallenge(ctx.actor, action, facts)
  return { ch, facts }
}

/** Challenges the actor may see, with filters. */
export async function listChallenges(
  ctx: Ctx,
  filters: { stage?: string; type?: string; year?: string; council?: string; councilId?: number } = {},
) {
  const today = ctx.clock.today()
  const where: string[] = []
  const params: unknown[] = [today]
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  const a = ctx.actor
  if (a.kind === 'public')
    where.push(
      `exists (select 1 from challenge_events e where e.challenge_id = c.id and e.code = 'report_published' and e.occurred_on <= $1)`,
    )
  else if (a.role === 'council')
    where.push(
      `(c.council_id = ${p(a.councilId)} or exists (select 1 from challenge_events e where e.challenge_id = c.id and e.code = 'report_published' and e.occurred_on <= $1))`,
    )
  else if (a.role === 'peer')
    where.push(
      `(exists (select 1 from team_members t where t.challenge_id = c.id and t.person_id = ${p(a.personId)}) or exists (select 1 from challenge_events e where e.challenge_id = c.id and e.code = 'report_published' and e.occurred_on <= $1))`,
    )
  if (filters.stage) where.push(`c.stage = ${p(filters.stage)}`)
  if (filters.type) where.push(`c.review_type = ${p(filters.type)}`)
  if (filters.council) where.push(`co.code = ${p(filters.council.toUpperCase())}`)
  if (filters.councilId) where.push(`c.council_id = ${p(filters.councilId)}`)
  // "Mine": on the team (peers), of their council (officers); the programme office's are all.
  const mine =
    a.kind === 'public'
      ? 'false'
      : a.role === 'peer'
        ? `exists (select 1 from team_members t where t.challenge_id = c.id and t.person_id = ${p(a.personId)})`
        : a.role === 'council'
          ? `c.council_id = ${p(a.councilId)}`
          : 'true'
  if (filters.year && /^\d{4}$/.test(filters.year))
    where.push(`extract(year from coalesce(c.onsite_start, c.created_at::date))::int = ${p(Number(filters.year))}`)
  const rows = await ctx.db.query<ChallengeRow & { published: boolean; mine: boolean; reviewTypeName: string }>(
    `select ${CH_COLS}, rt.short_name as "reviewTypeName",
            exists (select 1 from challenge_events e where e.challenge_id = c.id and e.code = 'report_published' and e.occurred_on <= $1) as published,
            ${mine} as mine
       from ${CH_FROM} join review_types rt on rt.code = c.review_type
      ${where.length ? 'where ' + where.join(' and ') : ''}
      order by c.onsite_start desc nulls first, c.id desc`,
    params,
  )
  const types = await listReviewTypes(ctx.db)
  const wf = new Map(types.map((t) => [t.code, t.workflow]))
  return rows.map((r) => ({ ...r, stageLabel: stageLabel(wf.get(r.reviewType)!, r.stage) }))
}

export async function listChallengesForCouncil(ctx: Ctx, councilId: number) {
  return listChallenges(ctx, { councilId })
}

export async function nextReference(
  db: Queryable,
  shortName: string,
  year: number,
  councilCode: string,
): Promise<string> {
  const base = `${shortName.toUpperCase().replace(/[^A-Z0-9]+/g, '')}-${year}-${councilCode}`
  await lockFor(db, `challenge-reference:${base}`, 0) // called in the creating transaction: two creates at once wait
  const taken = new Set(
    (
      await db.query<{ reference: string }>(`select reference from challenges where reference like $1`, [`${base}%`])
    ).map((r) => r.reference),
  )
  if (!taken.has(base)) return base
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`
}

export async function newChallengeOptions(ctx: Ctx) {
  assertCan(ctx.actor, 'create-challenge')
  const councils = await ctx.db.query<{ code: string; name: string }>(
    `select code, nice_name as name from councils where (last_day is null or last_day >= $1) and (cpc_eligible or source <> 'mysociety') order by nice_name`,
    [ctx.clock.today()],
  )
  const parents = await ctx.db.query<{ id: number; reference: string; councilCode: string }>(
    `select c.id, c.reference, co.code as "councilCode" from ${CH_FROM} join review_types rt on rt.code = c.review_type
      where rt.qualifies_for_cycle and c.stage <> 'cancelled' order by c.reference`,
  )
  return { councils, reviewTypes: await listReviewTypes(ctx.db), frameworks: await listFrameworks(ctx.db), parents }
}

export async function createChallenge(ctx: Ctx, input: unknown): Promise<{ id: number; reference: string }> {
  assertCan(ctx.actor, 'create-challenge')
  const v = parseInput(createChallengeSchema, input)
  const council = await ctx.db.one<{ id: number; code: string; lastDay: string | null; startDate: string | null }>(
    `select id, code, last_day as "lastDay", start_date as "startDate" from councils where code = $1`,
    [v.councilCode.toUpperCase()],
  )
  if (!council) throw AppError.validation({ councilCode: 'Select a council from the register' })
  const type = await getReviewType(ctx.db, v.reviewType)
  if (!type) throw AppError.validation({ reviewType: 'Select the type of review' })
  const on = v.onsiteStart ?? ctx.clock.today()
  if (council.lastDay && council.lastDay < on)
    throw AppError.validation({ councilCode: `The council no longer existed on ${on}` })
  if (council.startDate && council.startDate > on)
    throw AppError.validation({ councilCode: `The council did not yet exist on ${on}` })
  let framework: Framework | undefined
  if (v.frameworkId) {
    framework = await getFramework(ctx.db, v.frameworkId)
    if (!framework || framework.reviewType !== type.code)
      throw AppError.validation({ frameworkId: `Select a framework for a ${type.name.toLowerCase()}` })
  } else {
    framework = await frameworkInForce(ctx.db, type.code, on)
    if (!framework)
      throw AppError.validation({
        frameworkId: `No ${type.name.toLowerCase()} framework is in force on ${on}: select one`,
      })
  }
  let parentId: number | null = null
  if (type.parentRequired) {
    if (!v.parentId)
      throw AppError.validation({
        parentId: `A ${type.name.toLowerCase()} follows an earlier peer challenge: select it`,
      })
    const parent = await ctx.db.one<{ councilId: number; onsiteEnd: string | null }>(
      `select council_id as "councilId", onsite_end as "onsiteEnd" from challenges where id = $1`,
      [v.parentId],
    )
    if (!parent) throw AppError.validation({ parentId: 'Select the original challenge' })
    if (parent.councilId !== council.id)
      throw AppError.validation({ parentId: 'The original challenge must be for the same council' })
    if (v.onsiteStart && parent.onsiteEnd && v.onsiteStart <= parent.onsiteEnd)
      throw AppError.validation({ onsiteStart: 'A return visit comes after the original challenge' })
    parentId = v.parentId
  } else if (v.parentId) {
    throw AppError.validation({ parentId: `A ${type.name.toLowerCase()} does not follow another challenge` })
  }
  const now = ctx.clock.now()
  const year = Number((v.onsiteStart ?? ctx.clock.today()).slice(0, 4))
  return ctx.db.transaction(async (tx) => {
    const reference = await nextReference(tx, type.shortName, year, council.code)
    const stage = type.workflow.stages[0]!.key
    const row = await tx.one<{ id: number }>(
      `insert into challenges (reference, council_id, review_type, framework_id, parent_id, stage, scoping_date, onsite_start, onsite_end,
         feedback_date, notes, created_at, updated_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) returning id`,
      [
        reference,
        council.id,
        type.code,
        framework.id,
        parentId,
        stage,
        v.scopingDate,
        v.onsiteStart,
        v.onsiteEnd,
        v.feedbackDate,
        v.notes,
        now,
      ],
    )
    const id = row!.id
    for (const [i, text] of v.focusAreas.entries())
      await tx.query(`insert into focus_areas (challenge_id, position, text) values ($1, $2, $3)`, [id, i + 1, text])
    await tx.query(
      `insert into stage_history (challenge_id, from_stage, to_stage, note, actor_id, at) values ($1, null, $2, 'Created', $3, $4)`,
      [id, stage, userId(ctx.actor), now],
    )
    await audit(tx, ctx, {
      action: 'challenge.created',
      entity: 'challenge',
      entityId: id,
      challengeId: id,
      councilId: council.id,
      after: {
        reference,
        council: council.code,
        reviewType: type.code,
        framework: framework!.code,
        parentId,
        stage,
        scopingDate: v.scopingDate,
        onsiteStart: v.onsiteStart,
        onsiteEnd: v.onsiteEnd,
        feedbackDate: v.feedbackDate,
        focusAreas: v.focusAreas,
        notes: v.notes,
      },
    })
    return { id, reference }
  })
}

/** Stages from which the report is final: its recommendations and framework are fixed, the action plan can start. */
export const REPORT_FINAL_STAGES: ReadonlySet<string> = new Set(['final', 'published', 'closed'])

export async function updateChallenge(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'edit')
  const v = parseInput(updateChallengeSchema, input)
  const focusBefore = (
    await ctx.db.query<{ text: string }>(`select text from focus_areas where challenge_id = $1 order by position`, [id])
  ).map((f) => f.text)
  let frameworkId = ch.frameworkId
  if (v.frameworkId && v.frameworkId !== ch.frameworkId) {
    assertCan(ctx.actor, 'create-challenge')
    if (REPORT_FINAL_STAGES.has(ch.stage))
      throw AppError.validation({ frameworkId: 'The framework cannot change once the report is final' })
    const f = await getFramework(ctx.db, v.frameworkId)
    if (!f || f.reviewType !== ch.reviewType)
      throw AppError.validation({ frameworkId: 'Select a framework for this type of review' })
    frameworkId = f.id
  }
  if (ch.parentId && v.onsiteStart) {
    const parent = await ctx.db.one<{ onsiteEnd: string | null }>(
      `select onsite_end as "onsiteEnd" from challenges where id = $1`,
      [ch.parentId],
    )
    if (parent?.onsiteEnd && v.onsiteStart <= parent.onsiteEnd)
      throw AppError.validation({ onsiteStart: 'A return visit comes after the original challenge' })
  }
  const before = {
    frameworkId: ch.frameworkId,
    scopingDate: ch.scopingDate,
    onsiteStart: ch.onsiteStart,
    onsiteEnd: ch.onsiteEnd,
    feedbackDate: ch.feedbackDate,
    focusAreas: focusBefore,
    notes: ch.notes,
  }
  const after = {
    frameworkId,
    scopingDate: v.scopingDate,
    onsiteStart: v.onsiteStart,
    onsiteEnd: v.onsiteEnd,
    feedbackDate: v.feedbackDate,
    focusAreas: v.focusAreas,
    notes: v.notes,
  }
  if (!diff(before, after).length) return
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      `update challenges set framework_id=$2, scoping_date=$3, onsite_start=$4, onsite_end=$5, feedback_date=$6, notes=$7, updated_at=$8,
         onsite_precision = case when onsite_start is distinct from $4 or onsite_end is distinct from $5 then 'day' else onsite_precision end,
         version = version + 1
       where id=$1 and version=$9 returning id`,
      [id, frameworkId, v.scopingDate, v.onsiteStart, v.onsiteEnd, v.feedbackDate, v.notes, ctx.clock.now(), v.version],
    )
    if (!updated.length)
      throw AppError.conflict(
        'Someone else changed this challenge while you were editing it. Reload the page to see their changes.',
      )
    if (JSON.stringify(focusBefore) !== JSON.stringify(v.focusAreas)) {
      await tx.query(`delete from focus_areas where challenge_id = $1`, [id])
      for (const [i, text] of v.focusAreas.entries())
        await tx.query(`insert into focus_areas (challenge_id, position, text) values ($1, $2, $3)`, [id, i + 1, text])
    }
    await audit(tx, ctx, {
      action: 'challenge.updated',
      entity: 'challenge',
      entityId: id,
      challengeId: id,
      councilId: ch.councilId,
      before,
      after,
    })
  })
}

export async function listPeople(ctx: Ctx) {
  return ctx.db.query<{
    id: number
    name: string
    title: string | null
    organisation: string | null
    kind: string
    party: string | null
  }>(`select id, name, title, organisation, kind, party from people order by name`)
}

export async function addTeamMember(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'manage-team')
  const v = parseInput(teamMemberSchema, input)
  const role = TEAM_ROLES.find((r) => r.key === v.role)!
  await ctx.db.transaction(async (tx) => {
    let person:
      | {
          id: number
          name: string
          kind: string
          title: string | null
          organisation: string | null
          party: string | null
        }
      | undefined
    if (v.personId) {
      person = await tx.one(`select id, name, kind, title, organisation, party from people where id = $1`, [v.personId])
      if (!person) throw AppError.validation({ personId: 'Choose a person from the pool' })
    } else {
      person = await tx.one(
        `insert into people (name, title, organisation, kind, party, created_at) values ($1, $2, $3, $4, $5, $6) returning id, name, kind, title, organisation, party`,
        [v.name, v.title || null, v.organisation || null, v.kind, v.party || null, ctx.clock.now()],
      )
      await audit(tx, ctx, {
        action: 'person.created',
        entity: 'person',
        entityId: person!.id,
        challengeId: id,
        after: person,
      })
    }
    const p = person!
    if (!(role.kinds as readonly string[]).includes(p.kind)) {
      const kinds: Record<string, string> = { member: 'a councillor', officer: 'an officer', lga: 'LGA staff' }
      throw AppError.validation({
        role: `${p.name} is ${kinds[p.kind]}: a ${role.label.toLowerCase()} must be ${role.kinds.map((k) => kinds[k]).join(' or ')}`,
      })
    }
    if (await tx.one(`select 1 from team_members where challenge_id = $1 and person_id = $2`, [id, p.id])) {
      throw AppError.validation({ personId: `${p.name} is already on the team` })
    }
    if (
      (v.role === 'lead-peer' || v.role === 'pcm') &&
      (await tx.one(`select 1 from team_members where challenge_id = $1 and role = $2`, [id, v.role]))
    ) {
      throw AppError.validation({ role: `The team already has a ${role.label.toLowerCase()}` })
    }
    const size = await tx.one<{ n: number }>(
      `select count(*)::int as n from team_members where challenge_id = $1 and role <> 'shadow'`,
      [id],
    )
    if (v.role !== 'shadow' && (size?.n ?? 0) >= 8)
      throw AppError.validation({ role: 'A peer team has at most 8 members (shadows aside)' })
    const row = {
      personId: p.id,
      role: v.role,
      party: v.party || p.party || null,
      title: v.title || p.title,
      organisation: v.organisation || p.organisation,
    }
    const m = await tx.one<{ id: number }>(
      `insert into team_members (challenge_id, person_id, role, party, title, organisation, position)
       values ($1, $2, $3, $4, $5, $6, (select coalesce(max(position), 0) + 1 from team_members where challenge_id = $1)) returning id`,
      [id, row.personId, row.role, row.party, row.title, row.organisation],
    )
    await audit(tx, ctx, {
      action: 'team.added',
      entity: 'team_member',
      entityId: m!.id,
      challengeId: id,
      councilId: ch.councilId,
      after: { name: p.name, ...row },
    })
  })
}

export async function removeTeamMember(ctx: Ctx, id: number, memberId: number): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'manage-team')
  await ctx.db.transaction(async (tx) => {
    const m = await tx.one<Record<string, unknown>>(
      `select t.id, p.name, t.person_id as "personId", t.role, t.party, t.title, t.organisation from team_members t join people p on p.id = t.person_id
        where t.id = $1 and t.challenge_id = $2`,
      [memberId, id],
    )
    if (!m) throw AppError.notFound('Team member')
    await tx.query(`delete from team_members where id = $1`, [memberId])
    await audit(tx, ctx, {
      action: 'team.removed',
      entity: 'team_member',
      entityId: memberId,
      challengeId: id,
      councilId: ch.councilId,
      before: m,
    })
  })
}

async function themeKeys(db: Queryable, frameworkId: number): Promise<Map<string, string>> {
  const f = await getFramework(db, frameworkId)
  return new Map((f?.themes ?? []).map((t) => [t.key, t.title]))
}

export async function addRecommendation(ctx: Ctx, id: number, input: unknown): Promise<number> {
  const { ch } = await loadChallenge(ctx, id, 'edit-recommendations')
  const v = parseInput(recommendationSchema, input)
  if (REPORT_FINAL_STAGES.has(ch.stage))
    throw AppError.conflict('The report is final: its recommendations can no longer change')
  const themes = await themeKeys(ctx.db, ch.frameworkId)
  if (v.kind === 'theme' && (!v.themeKey || !themes.has(v.themeKey)))
    throw AppError.validation({ themeKey: 'Select the theme' })
  const themeKey = v.kind === 'theme' ? v.themeKey : null
  return ctx.db.transaction(async (tx) => {
    await lockFor(tx, 'recommendations', id) // concurrent adds number one after another
    const next = await tx.one<{ n: number }>(
      `select coalesce(max(number), 0) + 1 as n from recommendations where challenge_id = $1 and kind = $2 and coalesce(theme_key, '') = coalesce($3, '')`,
      [id, v.kind, themeKey],
    )
    const number = v.number ?? next!.n
    if (
      v.number !== null &&
      (await tx.one(
        `select 1 from recommendations where challenge_id = $1 and kind = $2 and coalesce(theme_key, '') = coalesce($3, '') and number = $4`,
        [id, v.kind, themeKey, number],
      ))
    ) {
      throw AppError.validation({ number: `Recommendation ${number} already exists` })
    }
    const r = await tx.one<{ id: number }>(
      `insert into recommendations (challenge_id, kind, theme_key, number, title, body) values ($1, $2, $3, $4, $5, $6) returning id`,
      [id, v.kind, themeKey, number, v.title, v.body],
    )
    await audit(tx, ctx, {
      action: 'recommendation.added',
      entity: 'recommendation',
      entityId: r!.id,
      challengeId: id,
      councilId: ch.councilId,
      after: { kind: v.kind, themeKey, number, title: v.title, body: v.body },
    })
    return r!.id
  })
}

export async function updateRecommendation(ctx: Ctx, id: number, recId: number, input: unknown): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'edit-recommendations')
  const v = parseInput(recommendationSchema, input)
  const rec = await ctx.db.one<{
    id: number
    kind: string
    themeKey: string | null
    number: number
    title: string
    body: string
    lockedAt: Date | null
  }>(
    `select id, kind, theme_key as "themeKey", number, title, body, locked_at as "lockedAt" from recommendations where id = $1 and challenge_id = $2`,
    [recId, id],
  )
  if (!rec) throw AppError.notFound('Recommendation')
  if (rec.lockedAt) throw AppError.conflict('The report is final: this recommendation’s wording is locked')
  const themes = await themeKeys(ctx.db, ch.frameworkId)
  if (v.kind === 'theme' && (!v.themeKey || !themes.has(v.themeKey)))
    throw AppError.validation({ themeKey: 'Select the theme' })
  const after = {
    kind: v.kind,
    themeKey: v.kind === 'theme' ? v.themeKey : null,
    number: v.number ?? rec.number,
    title: v.title,
    body: v.body,
  }
  const before = { kind: rec.kind, themeKey: rec.themeKey, number: rec.number, title: rec.title, body: rec.body }
  if (!diff(before, after).length) return
  await ctx.db.transaction(async (tx) => {
    const clash = await tx.one(
      `select 1 from recommendations where challenge_id = $1 and kind = $2 and coalesce(theme_key, '') = coalesce($3, '') and number = $4 and id <> $5`,
      [id, after.kind, after.themeKey, after.number, recId],
    )
    if (clash) throw AppError.validation({ number: `Recommendation ${after.number} already exists` })
    await tx.query(`update recommendations set kind=$2, theme_key=$3, number=$4, title=$5, body=$6 where id=$1`, [
      recId,
      after.kind,
      after.themeKey,
      after.number,
      after.title,
      after.body,
    ])
    await audit(tx, ctx, {
      action: 'recommendation.updated',
      entity: 'recommendation',
      entityId: recId,
      challengeId: id,
      councilId: ch.councilId,
      before,
      after,
    })
  })
}

export async function deleteRecommendation(ctx: Ctx, id: number, recId: number): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'edit-recommendations')
  await ctx.db.transaction(async (tx) => {
    const rec = await tx.one<{
      lockedAt: Date | null
      title: string
      number: number
      kind: string
      themeKey: string | null
    }>(
      `select locked_at as "lockedAt", title, number, kind, theme_key as "themeKey" from recommendations where id = $1 and challenge_id = $2`,
      [recId, id],
    )
    if (!rec) throw AppError.notFound('Recommendation')
    if (rec.lockedAt) throw AppError.conflict('The report is final: this recommendation is locked')
    await tx.query(`delete from recommendations where id = $1`, [recId])
    await audit(tx, ctx, {
      action: 'recommendation.deleted',
      entity: 'recommendation',
      entityId: recId,
      challengeId: id,
      councilId: ch.councilId,
      before: rec,
    })
  })
}

export async function recordEvent(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'record-event')
  const v = parseInput(eventSchema, input)
  if (
    ch.onsiteStart &&
    ['report_published', 'action_plan_published', 'draft_issued', 'final_issued'].includes(v.code) &&
    v.occurredOn < ch.onsiteStart
  ) {
    throw AppError.validation({ occurredOn: 'This cannot be before the on-site visit' })
  }
  await ctx.db.transaction(async (tx) => {
    const e = await tx.one<{ id: number }>(
      `insert into challenge_events (challenge_id, code, occurred_on, location, note, recorded_by, recorded_at) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
      [id, v.code, v.occurredOn, v.location, v.note, userId(ctx.actor), ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'event.recorded',
      entity: 'challenge_event',
      entityId: e!.id,
      challengeId: id,
      councilId: ch.councilId,
      after: v,
    })
  })
}

async function guardFacts(
  db: Queryable,
  ch: ChallengeRow,
  today: string,
  events?: Record<string, string>,
): Promise<GuardFacts> {
  const team = await db.query<{ role: string }>(`select role from team_members where challenge_id = $1`, [ch.id])
  const keys = await db.one<{ n: number }>(
    `select count(*)::int as n from recommendations where challenge_id = $1 and kind = 'key'`,
    [ch.id],
  )
  return {
    onsiteStart: ch.onsiteStart,
    onsiteEnd: ch.onsiteEnd,
    teamRoles: team.map((t) => t.role),
    keyRecommendations: keys?.n ?? 0,
    events: events ?? (await firstEvents(db, ch.id, today)),
  }
}

/** A challenge's deadlines from its framework's rules, with the facts they were computed from. No access check: callers do it. */
export async function challengeDeadlines(
  db: Queryable,
  ch: ChallengeRow,
  type: ReviewType,
  framework: Framework,
  today: string,
  holidays: ReadonlySet<string>,
) {
  const parent = ch.parentId
    ? await db.one<ChallengeRow>(`select ${CH_COLS} from ${CH_FROM} where c.id = $1`, [ch.parentId])
    : undefined
  const children = await db.query<ChallengeRow & { held: boolean }>(
    `select ${CH_COLS}, ${HELD_SQL('c')} as held from ${CH_FROM} where c.parent_id = $1 order by c.onsite_start`,
    [ch.id],
  )
  const events = await firstEvents(db, ch.id, today)
  const childFacts = []
  for (const c of children)
    childFacts.push({
      reviewType: c.reviewType,
      onsiteEnd: c.onsiteEnd,
      held: c.held && !!c.onsiteEnd && c.onsiteEnd <= today,
      events: await firstEvents(db, c.id, today),
    })
  let nextReview: DeadlineFacts['nextReview'] = null
  if (type.qualifiesForCycle && ch.onsiteEnd) {
    const n = await db.one<{ reference: string; onsiteEnd: string | null; held: boolean }>(
      `select c.reference, c.onsite_end as "onsiteEnd", ${HELD_SQL('c')} as held from challenges c join review_types rt on rt.code = c.review_type and rt.qualifies_for_cycle
        where c.council_id = $1 and c.id <> $2 and c.stage <> 'cancelled' and (c.onsite_start > $3 or (c.onsite_start is null and c.created_at::date > $3))
        order by c.onsite_start nulls last limit 1`,
      [ch.councilId, ch.id, ch.onsiteEnd],
    )
    if (n)
      nextReview = {
        reference: n.reference,
        onsiteEnd: n.onsiteEnd,
        held: n.held && !!n.onsiteEnd && n.onsiteEnd <= today,
      }
  }
  const deadlines = computeDeadlines(
    framework.rules,
    {
      onsiteStart: ch.onsiteStart,
      onsiteEnd: ch.onsiteEnd,
      precision: ch.onsitePrecision,
      cancelled: ch.stage === 'cancelled',
      events,
      eventLog: await eventLog(db, ch.id, today),
      parent: parent ? { onsiteEnd: parent.onsiteEnd, precision: parent.onsitePrecision } : null,
      children: childFacts,
      nextReview,
    },
    today,
    holidays,
  )
  return { parent, children, events, deadlines }
}

export async function transition(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch, facts } = await loadChallenge(ctx, id, 'view-private')
  const v = parseInput(transitionSchema, input)
  const type = (await getReviewType(ctx.db, ch.reviewType))!
  const roles = transitionRoles(ctx.actor, facts)
  // Someone who may make no transition at all is refused before anything about the request is judged.
  if (!type.workflow.transitions.some((t) => t.roles.some((r) => roles.has(r))))
    throw AppError.forbidden('You cannot change the stage of this challenge')
  const t = findTransition(type.workflow, ch.stage, v.to)
  if (!t)
    throw AppError.validation({
      to: `A challenge cannot move from “${stageLabel(type.workflow, ch.stage)}” to “${stageLabel(type.workflow, v.to)}”`,
    })
  if (!t.roles.some((r) => roles.has(r)))
    throw AppError.forbidden(`You cannot move this challenge to “${stageLabel(type.workflow, v.to)}”`)
  const today = ctx.clock.today()
  const problems = guardProblems(t, await guardFacts(ctx.db, ch, today))
  if (problems.length) throw AppError.validation({ to: problems.join('. ') }, problems.join('. '))
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    const updated = await tx.query(
      `update challenges set stage = $2, updated_at = $3, version = version + 1 where id = $1 and version = $4 and stage = $5 returning id`,
      [id, v.to, now, v.version, ch.stage],
    )
    if (!updated.length)
      throw AppError.conflict('Someone else changed this challenge while you were looking at it. Reload the page.')
    await tx.query(
      `insert into stage_history (challenge_id, from_stage, to_stage, note, actor_id, at) values ($1, $2, $3, $4, $5, $6)`,
      [id, ch.stage, v.to, v.note, userId(ctx.actor), now],
    )
    for (const effect of t.effects ?? []) {
      if (effect.startsWith('record:')) {
        if (effect === 'record:draft_issued' || effect === 'record:final_issued') {
          // The report version issued is the latest one saved (none when the report is kept as an uploaded document).
          await tx.query(
            `insert into report_issues (challenge_id, kind, version, at) select $1, $2, max(version), $3 from report_versions where challenge_id = $1`,
            [id, effect === 'record:draft_issued' ? 'draft' : 'final', now],
          )
        }
        await tx.query(
          `insert into challenge_events (challenge_id, code, occurred_on, note, recorded_by, recorded_at) values ($1, $2, $3, $4, $5, $6)`,
          [
            id,
            effect.slice(7),
            today,
            `Recorded on moving to ${stageLabel(type.workflow, v.to)}`,
            userId(ctx.actor),
            now,
          ],
        )
      } else if (effect === 'lock-recommendations') {
        await tx.query(`update recommendations set locked_at = $2 where challenge_id = $1 and locked_at is null`, [
          id,
          now,
        ])
      } else throw new Error(`unknown effect ${effect}`)
    }
    await audit(tx, ctx, {
      action: 'challenge.stage',
      entity: 'challenge',
      entityId: id,
      challengeId: id,
      councilId: ch.councilId,
      before: { stage: ch.stage },
      after: { stage: v.to, note: v.note || undefined, effects: t.effects },
    })
  })
}

const MAX_UPLOAD = 20 * 1024 * 1024

export async function uploadDocument(
  ctx: Ctx,
  id: number,
  input: { kind?: string; title?: string; documentId?: string | number; note?: string },
  file: Upload | null,
): Promise<{ documentId: number; version: number }> {
  const { ch, facts } = await loadChallenge(ctx, id, 'upload-document')
  const allowed = uploadableKinds(ctx.actor, facts)
  const fields: Record<string, string> = {}
  const existingId = input.documentId ? Number(input.documentId) : null
  if (existingId !== null && !isId(existingId)) throw AppError.notFound('Document')
  let kind = (input.kind ?? '') as DocumentKind
  let existing: { id: number; kind: DocumentKind; title: string } | undefined
  if (existingId) {
    existing = await ctx.db.one(`select id, kind, title from documents where id = $1 and challenge_id = $2`, [
      existingId,
      id,
    ])
    if (!existing) throw AppError.notFound('Document')
    kind = existing.kind
  }
  if (!DOCUMENT_KINDS.some((k) => k.key === kind)) fields['kind'] = 'Select the type of document'
  else if (!allowed.includes(kind)) fields['kind'] = 'You cannot upload this type of document'
  const title = (input.title ?? '').trim() || existing?.title || DOCUMENT_KINDS.find((k) => k.key === kind)?.label || ''
  if (title.length > 200) fields['title'] = 'Title must be 200 characters or fewer'
  if (!file) fields['file'] = 'Select a file'
  if (Object.keys(fields).length) throw AppError.validation(fields)
  const checked = checkUpload(file!, MAX_UPLOAD)
  const sha256 = crypto.createHash('sha256').update(file!.data).digest('hex')
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    let documentId = existing?.id
    if (documentId) await lockFor(tx, 'document_versions', documentId) // two new versions at once: one after the other
    if (!documentId) {
      const d = await tx.one<{ id: number }>(
        `insert into documents (challenge_id, kind, title, created_at) values ($1, $2, $3, $4) returning id`,
        [id, kind, title, now],
      )
      documentId = d!.id
    }
    const last = await tx.one<{ v: number; sha256: string }>(
      `select version as v, sha256 from document_versions where document_id = $1 order by version desc limit 1`,
      [documentId],
    )
    if (last && last.sha256 === sha256)
      throw AppError.validation({ file: `This file is the same as version ${last.v}` })
    const version = (last?.v ?? 0) + 1
    await tx.query(
      `insert into document_versions (document_id, version, filename, content_type, size_bytes, sha256, content, note, uploaded_by, uploaded_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        documentId,
        version,
        checked.filename,
        checked.contentType,
        file!.data.length,
        sha256,
        file!.data,
        (input.note ?? '').slice(0, 500),
        userId(ctx.actor),
        now,
      ],
    )
    await audit(tx, ctx, {
      action: 'document.uploaded',
      entity: 'document',
      entityId: documentId,
      challengeId: id,
      councilId: ch.councilId,
      after: { kind, title, version, filename: checked.filename, size: file!.data.length, sha256 },
    })
    return { documentId, version }
  })
}

interface DocRow {
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

/** Documents the actor may see: everything for those with private access; published kinds for the rest. */
async function visibleDocuments(ctx: Ctx, ch: ChallengeRow, facts: ChallengeAccessFacts): Promise<DocRow[]> {
  const rows = await ctx.db.query<DocRow>(
    `select d.id as "documentId", d.kind, d.title, v.id as "versionId", v.version, v.filename, v.content_type as "contentType",
            v.size_bytes as "sizeBytes", v.uploaded_at as "uploadedAt", u.name as "uploadedBy", v.note
       from documents d join document_versions v on v.document_id = d.id left join users u on u.id = v.uploaded_by
      where d.challenge_id = $1 order by d.kind, d.id, v.version desc`,
    [ch.id],
  )
  if (canOnChallenge(ctx.actor, 'view-private', facts)) return rows
  const events = await firstEvents(ctx.db, ch.id, ctx.clock.today())
  const published = (k: DocumentKind) => {
    const by = DOCUMENT_KINDS.find((d) => d.key === k)?.publishedBy
    return !!by && !!events[by]
  }
  // The public sees only the latest version of a published kind.
  const seen = new Set<number>()
  return rows.filter((r) => {
    if (!published(r.kind) || seen.has(r.documentId)) return false
    seen.add(r.documentId)
    return true
  })
}

export async function downloadDocument(ctx: Ctx, id: number, versionId: number) {
  const { ch, facts } = await loadChallenge(ctx, id, 'view')
  const visible = await visibleDocuments(ctx, ch, facts)
  if (!visible.some((d) => d.versionId === versionId)) throw AppError.notFound('Document')
  const row = await ctx.db.one<{ filename: string; contentType: string; content: Uint8Array }>(
    `select filename, content_type as "contentType", content from document_versions where id = $1`,
    [versionId],
  )
  if (!row) throw AppError.notFound('Document')
  return { filename: row.filename, contentType: row.contentType, content: Buffer.from(row.content) }
}

/** Everything the challenge page shows, limited to what the actor may see. */
export async function getChallenge(ctx: Ctx, id: number) {
  const { ch, facts } = await loadChallenge(ctx, id, 'view')
  const today = ctx.clock.today()
  const priv = canOnChallenge(ctx.actor, 'view-private', facts)
  const type = (await getReviewType(ctx.db, ch.reviewType)) as ReviewType
  const framework = (await getFramework(ctx.db, ch.frameworkId)) as Framework
  const focusAreas = (
    await ctx.db.query<{ text: string }>(`select text from focus_areas where challenge_id = $1 order by position`, [id])
  ).map((f) => f.text)
  const team = await ctx.db.query<{
    id: number
    personId: number
    name: string
    kind: string
    role: string
    party: string | null
    title: string | null
    organisation: string | null
  }>(
    `select t.id, t.person_id as "personId", p.name, p.kind, t.role, t.party, t.title, t.organisation
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1
      order by array_position(array['lead-peer','member-peer','officer-peer','finance-peer','pcm','lga-adviser','shadow'], t.role), t.position`,
    [id],
  )
  const recs = await ctx.db.query<{
    id: number
    kind: 'key' | 'theme'
    themeKey: string | null
    number: number
    title: string
    body: string
    lockedAt: Date | null
  }>(
    `select id, kind, theme_key as "themeKey", number, title, body, locked_at as "lockedAt" from recommendations where challenge_id = $1 order by kind, theme_key, number`,
    [id],
  )
  const events = await ctx.db.query<{ id: number; code: string; occurredOn: string; location: string; note: string }>(
    `select id, code, occurred_on as "occurredOn", location, note from challenge_events where challenge_id = $1 order by occurred_on, id`,
    [id],
  )
  const history = await ctx.db.query<{
    fromStage: string | null
    toStage: string
    note: string
    at: Date
    actor: string | null
  }>(
    `select h.from_stage as "fromStage", h.to_stage as "toStage", h.note, h.at, u.name as actor from stage_history h left join users u on u.id = h.actor_id
      where h.challenge_id = $1 order by h.at, h.id`,
    [id],
  )
  const {
    parent,
    children,
    events: evs,
    deadlines,
  } = await challengeDeadlines(ctx.db, ch, type, framework, today, await bankHolidays(ctx.db))
  // The original challenge and return visits are linked only when the actor may open them (a public page never links
  // to an unpublished return visit).
  const mayView = async (c: ChallengeRow) => canOnChallenge(ctx.actor, 'view', await accessFacts(ctx.db, c, today))
  const linkedChildren: typeof children = []
  for (const c of children) if (await mayView(c)) linkedChildren.push(c)
  // Timeline: the main path of stages with when each was reached.
  const reached = new Map<string, Date>()
  for (const h of history) reached.set(h.toStage, h.at)
  const currentIdx = type.workflow.stages.findIndex((s) => s.key === ch.stage)
  const timeline = type.workflow.stages
    .filter((s) => !s.terminal || s.key === ch.stage)
    .map((s) => {
      const idx = type.workflow.stages.findIndex((x) => x.key === s.key)
      return {
        key: s.key,
        label: s.label,
        state: s.key === ch.stage ? 'current' : idx < currentIdx && ch.stage !== 'cancelled' ? 'done' : 'upcoming',
        at: reached.get(s.key) ?? null,
      }
    })
  const roles = transitionRoles(ctx.actor, facts)
  const gf = await guardFacts(ctx.db, ch, today, evs)
  const transitions = transitionsFor(type.workflow, ch.stage, roles).map((t) => ({
    to: t.to,
    label: t.label,
    problems: guardProblems(t, gf),
  }))
  const documents = await visibleDocuments(ctx, ch, facts)
  const docs = groupDocuments(documents)
  const themes = framework.themes.map((t) => ({
    ...t,
    recommendations: recs.filter((r) => r.kind === 'theme' && r.themeKey === t.key),
  }))
  return {
    challenge: { ...ch, stageLabel: stageLabel(type.workflow, ch.stage) },
    reviewType: { code: type.code, name: type.name, shortName: type.shortName },
    framework: { id: framework.id, code: framework.code, name: framework.name, themes: framework.themes },
    focusAreas,
    keyRecommendations: recs.filter((r) => r.kind === 'key'),
    themes,
    recommendationsLocked: recs.some((r) => r.lockedAt),
    documents: docs,
    parent: parent && (await mayView(parent)) ? { id: parent.id, reference: parent.reference } : null,
    children: linkedChildren.map((c) => ({
      id: c.id,
      reference: c.reference,
      reviewType: c.reviewType,
      onsiteStart: c.onsiteStart,
      onsiteEnd: c.onsiteEnd,
    })),
    private: priv
      ? {
          team,
          events,
          deadlines,
          timeline,
          history,
          audit: (await auditForChallenge(ctx.db, id)).map((a) => ({
            ...a,
            changes: diff(a.before, a.after).map((c) => ({ field: c.field, from: show(c.from), to: show(c.to) })),
          })),
        }
      : null,
    public: {
      reportPublishedOn: events.find((e) => e.code === 'report_published' && e.occurredOn <= today)?.occurredOn ?? null,
    },
    permissions: {
      viewPrivate: priv,
      evidence: canOnChallenge(ctx.actor, 'evidence', facts),
      edit: canOnChallenge(ctx.actor, 'edit', facts),
      manageTeam: canOnChallenge(ctx.actor, 'manage-team', facts),
      editRecommendations:
        canOnChallenge(ctx.actor, 'edit-recommendations', facts) && !REPORT_FINAL_STAGES.has(ch.stage),
      /** The role allows editing recommendations, whether or not the report is final yet. */
      recommendationsRole: canOnChallenge(ctx.actor, 'edit-recommendations', facts),
      recordEvent: canOnChallenge(ctx.actor, 'record-event', facts),
      uploadKinds: uploadableKinds(ctx.actor, facts),
      changeFramework: ctx.actor.kind === 'user' && ctx.actor.role === 'admin' && !REPORT_FINAL_STAGES.has(ch.stage),
    },
    transitions,
    eventCodes: EVENT_CODES,
    teamRoles: TEAM_ROLES,
  }
}

function groupDocuments(rows: DocRow[]) {
  const byDoc = new Map<
    number,
    {
      documentId: number
      kind: DocumentKind
      kindLabel: string
      title: string
      versions: Omit<DocRow, 'documentId' | 'kind' | 'title'>[]
    }
  >()
  for (const r of rows) {
    let d = byDoc.get(r.documentId)
    if (!d) {
      d = {
        documentId: r.documentId,
        kind: r.kind,
        kindLabel: DOCUMENT_KINDS.find((k) => k.key === r.kind)?.label ?? r.kind,
        title: r.title,
        versions: [],
      }
      byDoc.set(r.documentId, d)
    }
    const { documentId: _d, kind: _k, title: _t, ...v } = r
    d.versions.push(v)
  }
  return [...byDoc.values()]
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}
