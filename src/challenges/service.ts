import { classifyPending } from '../themes/repo.ts'
import crypto from 'node:crypto'
import { unconfirmedOf } from '../importer/review.ts'
import { lockFor, type Queryable } from '../db/db.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit, diff } from '../audit/audit.ts'
import { describeAction, describeChanges, referencedRecords, whoLabel } from '../audit/describe.ts'
import {
  abilities,
  assertCan,
  decide,
  documentAudience,
  redactChallenge,
  transitionRoles,
  uploadableKinds,
  DOCUMENT_KINDS,
  type Audience,
  type ChallengeFacts,
  type DocumentKind,
} from '../auth/policy.ts'
import {
  bankHolidayNames,
  bankHolidays,
  frameworkInForce,
  getFramework,
  getReviewType,
  listFrameworks,
  listReviewTypes,
} from '../frameworks/repo.ts'
import { computeDeadlines, ruleDateOf, type DeadlineFacts } from '../frameworks/deadlines.ts'
import { stageLabel } from '../frameworks/workflow.ts'
import type { Framework, ReviewType } from '../frameworks/types.ts'
import {
  createChallengeSchema,
  recommendationSchema,
  teamMemberSchema,
  TEAM_ROLES,
  EVENT_CODES,
  updateChallengeSchema,
  parseInput,
  isId,
  themeQuestionsSchema,
} from './schemas.ts'
import { checkUpload, type Upload } from './uploads.ts'
import { loadChallenge, loadChallenges } from './access.ts'
import {
  deadlineInputs,
  focusAreasOf,
  internalNotesOf,
  historyPage,
  historyReferenceNames,
  HISTORY_PAGE_SIZE,
  recommendationsOf,
  stageHistoryOf,
  teamOf,
  statedFactsOf,
  themeQuestionsOf,
  replaceThemeQuestions,
  listVisible,
  visibleDocuments,
  type ChallengeRow,
  type DeadlineInputs,
  type DocRow,
  type ListFilters,
} from './repo.ts'
import { eventsWithAbilities, recordableEvents, transitionOptions } from './lifecycle.ts'
import { statedRuleOptions } from './stated-dates.ts'
import { visitWarnings, type VisitWarning } from './warnings.ts'
import { nextSteps, type NextStepFacts, type NextSteps, type Part } from './next-steps.ts'

export type { ChallengeRow } from './repo.ts'

/** Challenges the actor may see (the policy's row scope), with filters. */
export async function listChallenges(ctx: Ctx, filters: ListFilters = {}) {
  const rows = await listVisible(ctx.db, ctx.actor, ctx.clock.today(), filters)
  const types = await listReviewTypes(ctx.db)
  const wf = new Map(types.map((t) => [t.code, t.workflow]))
  return rows.map((r) => ({ ...r, stageLabel: stageLabel(wf.get(r.reviewType)!, r.stage) }))
}

/** What a change to a recommendation is shown to: the team and the programme office until a draft is issued. */
const recommendationAudience = (f: ChallengeFacts): Audience => (f.draftIssued ? 'council' : 'programme')

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
    `select c.id, c.reference, co.code as "councilCode" from challenges c join councils co on co.id = c.council_id join review_types rt on rt.code = c.review_type
      where not rt.parent_required and c.stage <> 'cancelled' order by c.reference`,
  )
  return { councils, reviewTypes: await listReviewTypes(ctx.db), frameworks: await listFrameworks(ctx.db), parents }
}

/**
 * Creates a challenge. It comes back with warnings about its dates (a weekend day or a bank holiday on site, another
 * challenge for the council on overlapping dates): not errors, the council may really host on a Saturday.
 */
export async function createChallenge(
  ctx: Ctx,
  input: unknown,
): Promise<{ id: number; reference: string; warnings: VisitWarning[] }> {
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
  const created = await ctx.db.transaction(async (tx) => {
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
      visibility: 'council',
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
  const dates = { onsiteStart: v.onsiteStart, onsiteEnd: v.onsiteEnd, onsitePrecision: 'day' as const }
  const warnings = await visitWarnings(
    ctx.db,
    ctx.actor,
    ctx.clock.today(),
    { ...dates, id: created.id, councilId: council.id },
    await bankHolidayNames(ctx.db),
  )
  return { ...created, warnings }
}

/** The form for the council's own questions under each theme (agreed at scoping; printed in the report). */
export async function themeQuestionsForm(ctx: Ctx, id: number) {
  const { ch } = await loadChallenge(ctx, id, 'edit-scope')
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const questions = await themeQuestionsOf(ctx.db, id)
  return {
    themes: framework.themes.map((t) => ({
      key: t.key,
      title: t.title,
      question: t.question,
      questions: questions[t.key] ?? [],
    })),
    values: Object.fromEntries(framework.themes.map((t) => [`q-${t.key}`, (questions[t.key] ?? []).join('\n')])),
  }
}

export async function saveThemeQuestions(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch } = await loadChallenge(ctx, id, 'edit-scope')
  const v = parseInput(themeQuestionsSchema, input) as Record<string, string[]>
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const keys = new Set(framework.themes.map((t) => t.key))
  const fields: Record<string, string> = {}
  const after: Record<string, string[]> = {}
  for (const [field, list] of Object.entries(v)) {
    if (!field.startsWith('q-')) continue
    const key = field.slice(2)
    if (!keys.has(key)) fields[field] = 'Not a theme of this challenge’s framework'
    else if (list.length > 12) fields[field] = 'Ask at most 12 questions under a theme'
    else if (list.some((q) => q.length > 1000)) fields[field] = 'Each question must be 1,000 characters or fewer'
    else if (list.length) after[key] = list
  }
  if (Object.keys(fields).length) throw AppError.validation(fields)
  const before = await themeQuestionsOf(ctx.db, id)
  if (JSON.stringify(before) === JSON.stringify(Object.fromEntries(Object.entries(after).sort()))) return
  await ctx.db.transaction(async (tx) => {
    await replaceThemeQuestions(tx, id, after)
    await audit(tx, ctx, {
      action: 'challenge.questions-changed',
      visibility: 'council',
      entity: 'challenge',
      entityId: id,
      challengeId: id,
      councilId: ch.councilId,
      before,
      after,
    })
  })
}

export async function updateChallenge(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch, facts } = await loadChallenge(ctx, id, 'edit')
  const v = parseInput(updateChallengeSchema, input)
  const focusBefore = (
    await ctx.db.query<{ text: string }>(`select text from focus_areas where challenge_id = $1 order by position`, [id])
  ).map((f) => f.text)
  let frameworkId = ch.frameworkId
  if (v.frameworkId && v.frameworkId !== ch.frameworkId) {
    const d = decide(ctx.actor, 'change-framework', facts)
    if (!d.allowed)
      throw d.code === 'conflict' ? AppError.validation({ frameworkId: d.message }) : new AppError(d.code, d.message)
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
    notes: await internalNotesOf(ctx.db, id),
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
      visibility: 'council',
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
      const taken = v.email
        ? await tx.one<{ name: string }>(`select name from people where lower(email) = lower($1)`, [v.email])
        : undefined
      if (taken)
        throw AppError.validation({
          email: `${taken.name} already has this email address in the pool: choose them from the pool instead`,
        })
      person = await tx.one(
        `insert into people (name, title, organisation, kind, party, email, phone, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id, name, kind, title, organisation, party`,
        [
          v.name,
          v.title || null,
          v.organisation || null,
          v.kind,
          v.party || null,
          v.email || null,
          v.phone || null,
          ctx.clock.now(),
        ],
      )
      await audit(tx, ctx, {
        action: 'person.created',
        visibility: 'programme',
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
      (v.role === 'lead-peer' || v.role === 'pcm' || v.role === 'principal-adviser') &&
      (await tx.one(`select 1 from team_members where challenge_id = $1 and role = $2`, [id, v.role]))
    ) {
      throw AppError.validation({ role: `The team already has a ${role.label.toLowerCase()}` })
    }
    const size = await tx.one<{ n: number }>(
      `select count(*)::int as n from team_members where challenge_id = $1 and role not in ('shadow', 'principal-adviser')`,
      [id],
    )
    if (v.role !== 'shadow' && v.role !== 'principal-adviser' && (size?.n ?? 0) >= 8)
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
      visibility: 'council',
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
      visibility: 'council',
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
  const { ch, facts } = await loadChallenge(ctx, id, 'edit-recommendations')
  const v = parseInput(recommendationSchema, input)
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
    await classifyPending(tx, ctx.clock.now(), { ids: [r!.id] }) // its themes, in the same transaction
    await audit(tx, ctx, {
      action: 'recommendation.added',
      visibility: recommendationAudience(facts),
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
  const { ch, facts } = await loadChallenge(ctx, id, 'edit-recommendations')
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
    await classifyPending(tx, ctx.clock.now(), { ids: [recId] })
    await audit(tx, ctx, {
      action: 'recommendation.updated',
      visibility: recommendationAudience(facts),
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
  const { ch, facts } = await loadChallenge(ctx, id, 'edit-recommendations')
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
      visibility: recommendationAudience(facts),
      entity: 'recommendation',
      entityId: recId,
      challengeId: id,
      councilId: ch.councilId,
      before: rec,
    })
  })
}

/**
 * A challenge's deadlines from the rules of its framework in force on its rule date (the first day of its visit, or of
 * the original challenge's for an undated return visit), dates stated in documents counting instead of the rules'
 * own, with the facts they were computed from. No access check: callers do it.
 */
export async function challengeDeadlines(
  db: Queryable,
  ch: ChallengeRow,
  _type: ReviewType,
  framework: Framework,
  today: string,
  holidays: ReadonlySet<string>,
) {
  const inputs = (await deadlineInputs(db, [ch], today)).get(ch.id)!
  return deadlinesFrom(ch, framework, inputs, today, holidays)
}

/**
 * The deadlines of many challenges (as challengeDeadlines), each by its own framework, their inputs read for all at
 * once: a list of deadlines costs a few statements, not a few a challenge. No access check: callers do it.
 */
export async function deadlinesOfMany(
  db: Queryable,
  chs: readonly ChallengeRow[],
  today: string,
): Promise<Map<number, ReturnType<typeof deadlinesFrom>>> {
  const holidays = await bankHolidays(db)
  const frameworks = new Map((await listFrameworks(db)).map((f) => [f.id, f]))
  const inputs = await deadlineInputs(db, chs, today)
  return new Map(
    chs.map((ch) => [ch.id, deadlinesFrom(ch, frameworks.get(ch.frameworkId)!, inputs.get(ch.id)!, today, holidays)]),
  )
}

function deadlinesFrom(
  ch: ChallengeRow,
  framework: Framework,
  inputs: DeadlineInputs,
  today: string,
  holidays: ReadonlySet<string>,
) {
  const { parent, children, nextReview: n, events, stated } = inputs
  const childFacts = children.map((c) => ({
    reference: c.reference,
    reviewType: c.reviewType,
    onsiteEnd: c.onsiteEnd,
    held: c.held && !!c.onsiteEnd && c.onsiteEnd <= today,
    cancelled: c.stage === 'cancelled',
    events: inputs.childEvents.get(c.id) ?? {},
  }))
  const nextReview: DeadlineFacts['nextReview'] = n
    ? { reference: n.reference, onsiteEnd: n.onsiteEnd, held: n.held && !!n.onsiteEnd && n.onsiteEnd <= today }
    : null
  const ruleDate = ruleDateOf(ch, parent, today)
  const deadlines = computeDeadlines(
    framework.rules,
    {
      onsiteStart: ch.onsiteStart,
      onsiteEnd: ch.onsiteEnd,
      precision: ch.onsitePrecision,
      cancelled: ch.stage === 'cancelled',
      ruleDate,
      events,
      eventLog: inputs.eventLog,
      parent: parent ? { onsiteEnd: parent.onsiteEnd, precision: parent.onsitePrecision } : null,
      children: childFacts,
      nextReview,
      stated: Object.fromEntries(
        stated.map((o) => [
          o.ruleCode,
          { id: o.id, due: o.due, precision: o.precision, source: o.source, note: o.note },
        ]),
      ),
    },
    today,
    holidays,
  )
  return { parent, children, events, deadlines, ruleDate, stated }
}

const MAX_UPLOAD = 20 * 1024 * 1024

/** History is for those with private access: an entry about something public is shown to them as the council's. */
const auditAudience = (a: Audience): Audience => (a === 'public' ? 'council' : a)

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
      visibility: auditAudience(documentAudience(kind, facts)),
      entity: 'document',
      entityId: documentId,
      challengeId: id,
      councilId: ch.councilId,
      after: { kind, title, version, filename: checked.filename, size: file!.data.length, sha256 },
    })
    return { documentId, version }
  })
}

export async function downloadDocument(ctx: Ctx, id: number, versionId: number) {
  await loadChallenge(ctx, id, 'view')
  const visible = await visibleDocuments(ctx.db, ctx.actor, ctx.clock.today(), id)
  if (!visible.some((d) => d.versionId === versionId)) throw AppError.notFound('Document')
  const row = await ctx.db.one<{ filename: string; contentType: string; content: Uint8Array }>(
    `select filename, content_type as "contentType", content from document_versions where id = $1`,
    [versionId],
  )
  if (!row) throw AppError.notFound('Document')
  return { filename: row.filename, contentType: row.contentType, content: Buffer.from(row.content) }
}

/** Everything the challenge page shows, limited to what the actor may see (the policy's audiences and fields). */
export async function getChallenge(ctx: Ctx, id: number) {
  const { ch, facts } = await loadChallenge(ctx, id, 'view')
  const today = ctx.clock.today()
  const can = abilities(ctx.actor, facts)
  const type = (await getReviewType(ctx.db, ch.reviewType)) as ReviewType
  const framework = (await getFramework(ctx.db, ch.frameworkId)) as Framework
  const focusAreas = await focusAreasOf(ctx.db, id)
  const recs = can.viewRecommendations ? await recommendationsOf(ctx.db, id) : []
  const { parent, children, deadlines } = await challengeDeadlines(
    ctx.db,
    ch,
    type,
    framework,
    today,
    await bankHolidays(ctx.db),
  )
  // Warnings about the visit's dates are for those who run it (they may name the council's other challenges).
  const warnings = can.viewPrivate
    ? await visitWarnings(ctx.db, ctx.actor, today, ch, await bankHolidayNames(ctx.db))
    : []
  const documents = await visibleDocuments(ctx.db, ctx.actor, today, id)
  const questions = await themeQuestionsOf(ctx.db, id)
  const themes = framework.themes.map((t) => ({
    ...t,
    questions: questions[t.key] ?? [],
    recommendations: recs.filter((r) => r.kind === 'theme' && r.themeKey === t.key),
  }))
  // Links to the original challenge and the return visits only where the actor may follow them.
  const related = await listVisible(ctx.db, ctx.actor, today, { councilId: ch.councilId })
  const visibleIds = new Set(related.map((r) => r.id))
  let priv = null
  if (can.viewPrivate) {
    const history = await stageHistoryOf(ctx.db, id)
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
    priv = {
      team: await teamOf(ctx.db, id),
      events: await eventsWithAbilities(ctx, ch, facts, type),
      deadlines,
      timeline,
      history,
    }
  }
  return {
    challenge: {
      ...redactChallenge(ctx.actor, facts, { ...ch, notes: can.viewPrivate ? await internalNotesOf(ctx.db, id) : '' }),
      stageLabel: stageLabel(type.workflow, ch.stage),
    },
    reviewType: { code: type.code, name: type.name, shortName: type.shortName },
    framework: { id: framework.id, code: framework.code, name: framework.name, themes: framework.themes },
    focusAreas,
    keyRecommendations: recs.filter((r) => r.kind === 'key'),
    themes,
    recommendationsLocked: recs.some((r) => r.lockedAt),
    documents: groupDocuments(documents),
    parent: parent && visibleIds.has(parent.id) ? { id: parent.id, reference: parent.reference } : null,
    children: children
      .filter((c) => visibleIds.has(c.id))
      .map((c) => ({
        id: c.id,
        reference: c.reference,
        reviewType: c.reviewType,
        onsiteStart: c.onsiteStart,
        onsiteEnd: c.onsiteEnd,
      })),
    private: priv,
    stated: presentStatedFacts(await statedFactsOf(ctx.db, id)),
    unconfirmed: await unconfirmedOf(ctx.db, id),
    public: { reportPublishedOn: facts.reportPublic ? ch.reportPublicFrom : null },
    abilities: can,
    transitions: can.viewPrivate ? await transitionOptions(ctx, ch, facts, type) : [],
    recordableEvents: can.recordEvent ? recordableEvents(ch, facts, ctx.actor, type) : [],
    statedRules: can.stateDate ? await statedRuleOptions(ctx.db, ch, today) : [],
    warnings,
    eventCodes: EVENT_CODES,
    teamRoles: TEAM_ROLES,
    next: nextStepsFor(ctx.actor, facts, ch, type, deadlines, today),
  }
}

/** What the actor does next on a challenge (null for someone with no part in it). */
export function nextStepsFor(
  actor: Ctx['actor'],
  facts: ChallengeFacts,
  ch: {
    id: number
    reference: string
    councilName: string
    stage: string
    onsiteStart: string | null
    onsiteEnd: string | null
    onsitePrecision: 'day' | 'month'
    feedbackDate: string | null
  },
  type: ReviewType,
  deadlines: NextStepFacts['deadlines'],
  today: string,
): NextSteps | null {
  const parts = new Set<Part>(transitionRoles(actor, facts))
  if (abilities(actor, facts).evidence) parts.add('peer')
  if (!parts.size) return null
  return nextSteps({ ...ch, parts, today, deadlines }, type.workflow)
}

/** One page of the challenge's history: the audit entries whose audience includes the actor, newest first. */
export async function getHistory(ctx: Ctx, id: number, query: { page?: string } = {}) {
  const { ch } = await loadChallenge(ctx, id, 'view-history')
  const page = Math.max(1, Math.min(100000, Number.parseInt(query.page ?? '1', 10) || 1))
  const { entries, total } = await historyPage(ctx.db, ctx.actor, ctx.clock.today(), id, page)
  const pages = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE))
  // records referred to by number (a person, a council, a framework) are shown by name
  const refs = referencedRecords(entries)
  const names = await historyReferenceNames(ctx.db, refs)
  if (refs['framework']?.length) for (const f of await listFrameworks(ctx.db)) names.set(`framework:${f.id}`, f.name)
  return {
    challengeId: ch.id,
    page,
    pages,
    total,
    pageSize: HISTORY_PAGE_SIZE,
    entries: entries.map((a) => ({
      id: a.id,
      at: a.at,
      actorLabel: a.actorLabel,
      who: whoLabel(a.actorLabel),
      action: a.action,
      summary: describeAction(a.action),
      entity: a.entity,
      entityId: a.entityId,
      visibility: a.visibility,
      ...describeChanges(a.before, a.after, names),
    })),
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

const FIGURE_LABELS: Record<string, string> = {
  peopleMet: 'People the team met',
  meetings: 'Meetings, visits and focus groups',
  interviews: 'Interviews and focus groups',
  hours: 'Hours the team spent',
  personWeeks: 'The equivalent of one person spending (weeks)',
  days: 'Days on site',
}
const NEXT_LABELS: Record<string, string> = {
  followUp: 'Follow-up visit',
  checkIn: 'Check-in',
  progressReview: 'Progress review',
  nextChallengeBy: 'Next peer challenge due by',
}

/** What an imported document stated, as label and text rows for the page (and its JSON twin). */
function presentStatedFacts(facts: { key: string; value: Record<string, unknown>; source: string }[]) {
  const rows: { key: string; label: string; text: string; source: string }[] = []
  for (const f of facts) {
    const v = f.value
    if (f.key === 'figures')
      for (const [k, n] of Object.entries(v))
        if (n !== null && n !== undefined)
          rows.push({ key: `figures.${k}`, label: FIGURE_LABELS[k] ?? k, text: String(n), source: f.source })
    if (f.key === 'next-steps')
      for (const [k, t] of Object.entries(v))
        if (t) rows.push({ key: `next-steps.${k}`, label: NEXT_LABELS[k] ?? k, text: String(t), source: f.source })
    if (f.key === 'previous-challenge' && v['on'])
      rows.push({
        key: 'previous-challenge',
        label: 'Previous peer challenge',
        text: String(v['on']),
        source: f.source,
      })
    if (f.key === 'document' && v['wrapper'])
      rows.push({
        key: 'document.wrapper',
        label: 'The document came inside',
        text: String(v['wrapper']),
        source: f.source,
      })
    if (f.key === 'progress') {
      const plan = v['actionPlan'] as { approvedBy?: string | null; approvedOn?: string | null } | null
      if (plan?.approvedBy || plan?.approvedOn)
        rows.push({
          key: 'progress.actionPlan',
          label: 'Action plan approved',
          text: [plan.approvedBy, plan.approvedOn].filter(Boolean).join(', '),
          source: f.source,
        })
      for (const [i, h] of ((v['highlights'] as string[]) ?? []).entries())
        rows.push({ key: `progress.highlight.${i}`, label: 'Progress reported', text: h, source: f.source })
    }
  }
  return rows
}

/**
 * The home page's task panel: what the actor does next on each open challenge they have a part in (the programme
 * office: every open one), soonest first; at most `limit` challenges.
 */
export async function myNextSteps(ctx: Ctx, ids: number[], limit = 12): Promise<NextSteps[]> {
  const today = ctx.clock.today()
  const types = new Map((await listReviewTypes(ctx.db)).map((t) => [t.code, t]))
  const loaded = await loadChallenges(ctx, [...new Set(ids)].slice(0, 40), 'view')
  const deadlines = await deadlinesOfMany(
    ctx.db,
    loaded.map((l) => l.ch),
    today,
  )
  const out: NextSteps[] = []
  for (const { ch, facts } of loaded) {
    const n = nextStepsFor(ctx.actor, facts, ch, types.get(ch.reviewType)!, deadlines.get(ch.id)!.deadlines, today)
    if (n && (n.tasks.length || n.movesOn)) out.push(n)
  }
  const first = (n: NextSteps) => n.tasks.find((t) => t.due)?.due ?? '9999'
  return out.sort((a, b) => first(a).localeCompare(first(b))).slice(0, limit)
}
