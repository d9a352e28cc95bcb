import type { Queryable } from '../db/db.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { formatDate } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import { transitionRoles, type ChallengeFacts } from '../auth/policy.ts'
import { getReviewType } from '../frameworks/repo.ts'
import {
  eventGuardProblems,
  eventRule,
  eventsHoldingStage,
  findTransition,
  guardProblems,
  stageLabel,
  type GuardFacts,
} from '../frameworks/workflow.ts'
import type { ReviewType, TransitionRole } from '../frameworks/types.ts'
import { planForChallenge } from '../action-plans/repo.ts'
import {
  eventById,
  eventsOf,
  firstEvents,
  hasDocumentOfKind,
  refreshReportPublication,
  type ChallengeRow,
  type EventRow,
} from './repo.ts'
import {
  eventCorrectionSchema,
  eventSchema,
  eventWithdrawalSchema,
  EVENT_CODES,
  parseInput,
  transitionSchema,
} from './schemas.ts'
import { loadChallenge } from './access.ts'
import { notifyEvent } from '../notifications/inbox.ts'

/**
 * Every state change of a challenge goes through here, whichever route calls it: stage transitions (workflow data:
 * roles, guards, effects) and recorded dates (workflow data: who may record each, in which stages, with which checks,
 * and who may correct or withdraw it). The action plan's publication and the stage changes' own effects use the same
 * functions, so a date cannot be recorded by one route that another would refuse.
 */

const eventLabel = (code: string) => EVENT_CODES.find((e) => e.key === code)?.label ?? code

async function guardFacts(db: Queryable, ch: ChallengeRow, today: string): Promise<GuardFacts> {
  const r = (await db.one<{ roles: string[]; keys: number }>(
    `select coalesce((select array_agg(role) from team_members where challenge_id = $1), '{}') as roles,
            (select count(*)::int from recommendations where challenge_id = $1 and kind = 'key') as keys`,
    [ch.id],
  ))!
  return {
    onsiteStart: ch.onsiteStart,
    onsiteEnd: ch.onsiteEnd,
    teamRoles: r.roles,
    keyRecommendations: r.keys,
    events: await firstEvents(db, ch.id, today),
  }
}

/** The transitions the page offers the actor, each with what still stands in its way. */
export async function transitionOptions(ctx: Ctx, ch: ChallengeRow, facts: ChallengeFacts, type: ReviewType) {
  const roles = transitionRoles(ctx.actor, facts)
  const options = type.workflow.transitions.filter((t) => t.from === ch.stage && t.roles.some((r) => roles.has(r)))
  if (!options.length) return []
  const gf = await guardFacts(ctx.db, ch, ctx.clock.today())
  return options.map((t) => ({ to: t.to, label: t.label, problems: guardProblems(t, gf) }))
}

export async function transition(ctx: Ctx, id: number, input: unknown): Promise<void> {
  const { ch, facts } = await loadChallenge(ctx, id, 'view-private')
  const type = (await getReviewType(ctx.db, ch.reviewType))!
  const roles = transitionRoles(ctx.actor, facts)
  // Someone who may make no transition at all is refused before anything about the request is judged.
  if (!type.workflow.transitions.some((t) => t.roles.some((r) => roles.has(r))))
    throw AppError.forbidden('You cannot change the stage of this challenge')
  const v = parseInput(transitionSchema, input)
  await ctx.db.transaction((tx) => transitionIn(tx, ctx, { ch, facts }, v))
}

/**
 * Moves a challenge to another stage inside the caller's transaction, after every rule the workflow data gives: the
 * move exists, the actor holds one of its roles, its guards hold; then its effects (recorded dates, locking the
 * recommendations). The stage form and the importer (a historic report proved published) both come here.
 */
export async function transitionIn(
  tx: Queryable,
  ctx: Ctx,
  loaded: { ch: ChallengeRow; facts: ChallengeFacts },
  v: { to: string; note: string; version?: number },
): Promise<void> {
  const { ch, facts } = loaded
  const id = ch.id
  const type = (await getReviewType(tx, ch.reviewType))!
  const roles = transitionRoles(ctx.actor, facts)
  const t = findTransition(type.workflow, ch.stage, v.to)
  if (!t)
    throw AppError.validation({
      to: `A challenge cannot move from “${stageLabel(type.workflow, ch.stage)}” to “${stageLabel(type.workflow, v.to)}”`,
    })
  if (!t.roles.some((r) => roles.has(r)))
    throw AppError.forbidden(`You cannot move this challenge to “${stageLabel(type.workflow, v.to)}”`)
  const today = ctx.clock.today()
  const problems = guardProblems(t, await guardFacts(tx, ch, today))
  if (problems.length) throw AppError.validation({ to: problems.join('. ') }, problems.join('. '))
  const now = ctx.clock.now()
  const updated = await tx.query(
    `update challenges set stage = $2, updated_at = $3, version = version + 1 where id = $1 and ($4::int is null or version = $4) and stage = $5 returning id`,
    [id, v.to, now, v.version ?? null, ch.stage],
  )
  if (!updated.length)
    throw AppError.conflict('Someone else changed this challenge while you were looking at it. Reload the page.')
  await tx.query(
    `insert into stage_history (challenge_id, from_stage, to_stage, note, actor_id, at) values ($1, $2, $3, $4, $5, $6)`,
    [id, ch.stage, v.to, v.note, userId(ctx.actor), now],
  )
  for (const effect of t.effects ?? []) {
    if (effect.startsWith('record:')) {
      const code = effect.slice(7)
      if (code === 'draft_issued' || code === 'final_issued') {
        // The report version issued is the latest one saved (none when the report is kept as an uploaded document).
        await tx.query(
          `insert into report_issues (challenge_id, kind, version, at) select $1, $2, max(version), $3 from report_versions where challenge_id = $1`,
          [id, code === 'draft_issued' ? 'draft' : 'final', now],
        )
      }
      await insertEvent(tx, ctx, { ...ch, stage: v.to }, type, {
        code,
        occurredOn: today,
        location: '',
        note: `Recorded on moving to ${stageLabel(type.workflow, v.to)}`,
      })
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
    visibility: 'council',
    before: { stage: ch.stage },
    after: { stage: v.to, note: v.note || undefined, effects: t.effects },
  })
}

interface EventInput {
  code: string
  occurredOn: string
  location: string
  note: string
}

/** Inserts an event and applies its effects; the checks are the caller's (recordEventIn, or a permitted transition). */
async function insertEvent(
  tx: Queryable,
  ctx: Ctx,
  ch: ChallengeRow,
  type: ReviewType,
  v: EventInput,
): Promise<number> {
  const e = (await tx.one<{ id: number }>(
    `insert into challenge_events (challenge_id, code, occurred_on, location, note, recorded_by, recorded_at) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
    [ch.id, v.code, v.occurredOn, v.location, v.note, userId(ctx.actor), ctx.clock.now()],
  ))!
  await applyEventEffects(tx, ch.id, type, v.code)
  // whoever the event now waits on hears of it in the service, in this transaction
  await notifyEvent(tx, ctx, ch, v.code)
  await audit(tx, ctx, {
    action: 'event.recorded',
    entity: 'challenge_event',
    entityId: e.id,
    challengeId: ch.id,
    councilId: ch.councilId,
    visibility: 'council',
    after: v,
  })
  return e.id
}

async function applyEventEffects(tx: Queryable, challengeId: number, type: ReviewType, code: string) {
  for (const effect of eventRule(type.workflow, code)?.effects ?? []) {
    if (effect === 'publish-report') await refreshReportPublication(tx, challengeId)
    else throw new Error(`unknown event effect ${effect}`)
  }
}

const hasRole = (roles: readonly TransitionRole[], held: ReadonlySet<TransitionRole>) => roles.some((r) => held.has(r))

async function eventChecks(db: Queryable, ctx: Ctx, ch: ChallengeRow, code: string, date: string): Promise<string[]> {
  const type = (await getReviewType(db, ch.reviewType))!
  const rule = eventRule(type.workflow, code)!
  const needsPlan = (rule.guards ?? []).includes('has-action-plan')
  const plan = needsPlan ? await planForChallenge(db, ch.id) : undefined
  return eventGuardProblems(rule, {
    date,
    today: ctx.clock.today(),
    onsiteStart: ch.onsiteStart,
    onsiteEnd: ch.onsiteEnd,
    hasActionPlan: needsPlan && (plan?.status === 'approved' || (await hasDocumentOfKind(db, ch.id, 'action-plan'))),
  })
}

/**
 * Records a dated event by hand, inside the caller's transaction, after every rule the workflow data gives for it:
 * who may record it, in which stages, at most once, and its date checks.
 */
export async function recordEventIn(
  tx: Queryable,
  ctx: Ctx,
  loaded: { ch: ChallengeRow; facts: ChallengeFacts },
  input: EventInput,
): Promise<number> {
  const { ch, facts } = loaded
  const type = (await getReviewType(tx, ch.reviewType))!
  const rule = eventRule(type.workflow, input.code)
  const what = eventLabel(input.code)
  const roles = transitionRoles(ctx.actor, facts)
  if (!rule || !rule.roles.length)
    throw AppError.validation({
      code: rule
        ? `“${what}” is recorded when the challenge moves stage; correct its date instead`
        : `“${what}” is not recorded for a ${type.name.toLowerCase()}`,
    })
  if (!hasRole(rule.roles, roles)) throw AppError.forbidden(`You cannot record “${what}”`)
  if (rule.stages && !rule.stages.includes(ch.stage)) {
    const when = rule.stages.map((s) => `“${stageLabel(type.workflow, s)}”`).join(', ')
    throw AppError.conflict(
      `“${what}” can be recorded when the challenge is at ${when}; it is at “${stageLabel(type.workflow, ch.stage)}”`,
    )
  }
  if (rule.once) {
    const existing = await tx.one<{ occurredOn: string }>(
      `select occurred_on as "occurredOn" from challenge_events where challenge_id = $1 and code = $2 order by occurred_on limit 1`,
      [ch.id, input.code],
    )
    if (existing)
      throw AppError.validation({
        code: `“${what}” is already recorded (${formatDate(existing.occurredOn)}): correct that date instead`,
      })
  }
  const problems = await eventChecks(tx, ctx, ch, input.code, input.occurredOn)
  if (problems.length) throw AppError.validation({ occurredOn: problems.join('. ') })
  return insertEvent(tx, ctx, ch, type, input)
}

export async function recordEvent(ctx: Ctx, id: number, input: unknown): Promise<{ id: number }> {
  const loaded = await loadChallenge(ctx, id, 'record-event')
  const v = parseInput(eventSchema, input)
  return { id: await ctx.db.transaction((tx) => recordEventIn(tx, ctx, loaded, v)) }
}

/** An event the actor may correct or withdraw, with the rule that allows it. */
async function correctable(ctx: Ctx, id: number, eventId: number) {
  const loaded = await loadChallenge(ctx, id, 'view-private')
  const { ch, facts } = loaded
  const e = await eventById(ctx.db, id, eventId)
  if (!e) throw AppError.notFound('Recorded date')
  const type = (await getReviewType(ctx.db, ch.reviewType))!
  const rule = eventRule(type.workflow, e.code)
  if (!rule || !hasRole(rule.correctRoles, transitionRoles(ctx.actor, facts)))
    throw AppError.forbidden(`You cannot change the recorded date of “${eventLabel(e.code)}”`)
  return { ...loaded, e, type, rule }
}

/** What the recorded-dates list offers this actor: each event with whether they may correct or withdraw it. */
export async function eventsWithAbilities(ctx: Ctx, ch: ChallengeRow, facts: ChallengeFacts, type: ReviewType) {
  const roles = transitionRoles(ctx.actor, facts)
  const holding = new Set(eventsHoldingStage(type.workflow, ch.stage))
  return (await eventsOf(ctx.db, ch.id)).map((e) => {
    const rule = eventRule(type.workflow, e.code)
    const correct = !!rule && hasRole(rule.correctRoles, roles)
    return {
      ...e,
      label: eventLabel(e.code),
      abilities: { correct, withdraw: correct && !!rule?.roles.length && !holding.has(e.code) },
    }
  })
}

export async function getEventForm(ctx: Ctx, id: number, eventId: number) {
  const { ch, e, type } = await correctable(ctx, id, eventId)
  const holding = new Set(eventsHoldingStage(type.workflow, ch.stage))
  const rule = eventRule(type.workflow, e.code)!
  return {
    event: { ...e, label: eventLabel(e.code) },
    canWithdraw: !!rule.roles.length && !holding.has(e.code),
    values: { occurredOn: e.occurredOn, location: e.location, note: e.note, reason: '' },
  }
}

/** Corrects a recorded date (or where, or the note), with a reason; the audit log keeps what it was. */
export async function correctEvent(ctx: Ctx, id: number, eventId: number, input: unknown): Promise<void> {
  const { ch, e, type } = await correctable(ctx, id, eventId)
  const v = parseInput(eventCorrectionSchema, input)
  const after: EventRow = {
    ...e,
    occurredOn: v.occurredOn ?? e.occurredOn,
    location: v.location ?? e.location,
    note: v.note ?? e.note,
  }
  if (after.occurredOn === e.occurredOn && after.location === e.location && after.note === e.note)
    throw AppError.validation({ occurredOn: 'Change the date, the place or the note, or go back' })
  const problems = after.occurredOn === e.occurredOn ? [] : await eventChecks(ctx.db, ctx, ch, e.code, after.occurredOn)
  if (problems.length) throw AppError.validation({ occurredOn: problems.join('. ') })
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(
      `update challenge_events set occurred_on = $3, location = $4, note = $5, corrected_at = $6, corrected_by = $7
        where id = $1 and challenge_id = $2 and occurred_on = $8 returning id`,
      [eventId, id, after.occurredOn, after.location, after.note, ctx.clock.now(), userId(ctx.actor), e.occurredOn],
    )
    if (!r.length)
      throw AppError.conflict('Someone else changed this date while you were looking at it. Reload the page.')
    await applyEventEffects(tx, id, type, e.code)
    await audit(tx, ctx, {
      action: 'event.corrected',
      entity: 'challenge_event',
      entityId: eventId,
      challengeId: id,
      councilId: ch.councilId,
      visibility: 'council',
      before: { code: e.code, occurredOn: e.occurredOn, location: e.location, note: e.note },
      after: {
        code: e.code,
        occurredOn: after.occurredOn,
        location: after.location,
        note: after.note,
        reason: v.reason,
      },
    })
  })
}

/** Withdraws a date recorded in error, with a reason. A date a stage depends on (e.g. publication once marked published) stays. */
export async function withdrawEvent(ctx: Ctx, id: number, eventId: number, input: unknown): Promise<void> {
  const { ch, e, type, rule } = await correctable(ctx, id, eventId)
  const v = parseInput(eventWithdrawalSchema, input)
  if (!rule.roles.length)
    throw AppError.conflict(`“${eventLabel(e.code)}” was recorded by a change of stage: correct its date instead`)
  if (eventsHoldingStage(type.workflow, ch.stage).includes(e.code))
    throw AppError.conflict(
      `The challenge is at “${stageLabel(type.workflow, ch.stage)}” because of this date: correct it instead of withdrawing it`,
    )
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(`delete from challenge_events where id = $1 and challenge_id = $2 returning id`, [
      eventId,
      id,
    ])
    if (!r.length) throw AppError.notFound('Recorded date')
    await applyEventEffects(tx, id, type, e.code)
    await audit(tx, ctx, {
      action: 'event.withdrawn',
      entity: 'challenge_event',
      entityId: eventId,
      challengeId: id,
      councilId: ch.councilId,
      visibility: 'council',
      before: { code: e.code, occurredOn: e.occurredOn, location: e.location, note: e.note },
      after: { reason: v.reason },
    })
  })
}

/** The dates this actor may record by hand now (the form offers only these). */
export function recordableEvents(ch: ChallengeRow, facts: ChallengeFacts, actor: Ctx['actor'], type: ReviewType) {
  const roles = transitionRoles(actor, facts)
  return (type.workflow.events ?? [])
    .filter((r) => hasRole(r.roles, roles) && (!r.stages || r.stages.includes(ch.stage)))
    .map((r) => ({ key: r.code, label: eventLabel(r.code) }))
}
