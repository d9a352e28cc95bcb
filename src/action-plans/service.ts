import crypto from 'node:crypto'
import { notifyPlanApproved } from '../notifications/inbox.ts'
import { lockFor, type Queryable } from '../db/db.ts'
import { PUBLIC, userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { formatDate, type IsoDate } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import {
  audiencesOf,
  documentScope,
  may,
  publicSql,
  sees,
  snapshotAudience,
  REPORT_FINAL_STAGES,
} from '../auth/policy.ts'
import { Params } from '../db/sql.ts'
import { challengeDeadlines, type ChallengeRow } from '../challenges/service.ts'
import { loadChallenge } from '../challenges/access.ts'
import { recordEventIn } from '../challenges/lifecycle.ts'
import { readPlanSnapshot, writePlanSnapshot } from './snapshot.ts'
import { settingsOf } from '../committees/repo.ts'
import {
  approvers,
  bodyOf,
  isCommitteeSystem,
  orList,
  type Committee,
  type CommitteeSettings,
} from '../committees/rules.ts'
import { focusAreasOf, statedFactsOf } from '../challenges/repo.ts'
import { visitFacts } from '../timetable/service.ts'
import {
  committeeReportContent,
  defaultPurpose,
  purposeProblem,
  PURPOSES,
  type CommitteeReportFacts,
  type Purpose,
} from './committee-report.ts'
import { parseInput } from '../challenges/schemas.ts'
import { checkUpload, type Upload } from '../challenges/uploads.ts'
import { bankHolidays, getFramework, getReviewType } from '../frameworks/repo.ts'
import type { Framework, ReviewType } from '../frameworks/types.ts'
import { getRuleset, rulesetInForce } from './reference.ts'
import { planForChallenge, planView, touchPlan, type PlanRow, type PlanView } from './repo.ts'
import { approvalProblems, ACTION_STATUSES, RAGS, RESPONSES, isDone } from './rules.ts'
import {
  committeeReportDocx,
  planCsv,
  planDocx,
  planXlsx,
  positionStatementDocx,
  type CommitteeMeta,
} from './documents.ts'
import { MAX_XLSX_BYTES, parsePlanWorkbook, readWorkbook, type PlanChange, type RowError } from './spreadsheet.ts'
import {
  APPROVING_BODIES,
  BODIES,
  committeeReportQuery,
  DECISIONS,
  editActionSchema,
  meetingSchema,
  newActionSchema,
  overrideSchema,
  progressSchema,
  publicationSchema,
  responseSchema,
  reviseTargetSchema,
} from './schemas.ts'

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

/** A meeting's body under the committee's own name when it is known ("Corporate Scrutiny Committee", never flattened). */
export const bodyLabel = (key: string, name = '') => name || (BODIES.find((b) => b.key === key)?.label ?? key)

/** The challenge and its plan, with the actor's right to `action` checked (404 for those who may not see it). */
async function loadPlan(ctx: Ctx, challengeId: number, action: 'view-plan' | 'edit-plan') {
  const { ch, facts } = await loadChallenge(ctx, challengeId, action)
  const plan = await planForChallenge(ctx.db, challengeId)
  return { ch, facts, plan }
}

async function requirePlan(
  ctx: Ctx,
  challengeId: number,
  action: 'view-plan' | 'edit-plan',
): Promise<{ ch: ChallengeRow; plan: PlanRow }> {
  const { ch, plan } = await loadPlan(ctx, challengeId, action)
  if (!plan) throw AppError.notFound('Action plan')
  return { ch, plan }
}

async function requireAction(db: Queryable, planId: number, actionId: number) {
  const a = await db.one<{
    id: number
    number: number
    title: string
    targetDate: string
    startDate: string | null
    status: string
    version: number
    ragOverride: string | null
    ragOverrideReason: string | null
  }>(
    `select id, number, title, target_date as "targetDate", start_date as "startDate", status, version, rag_override as "ragOverride", rag_override_reason as "ragOverrideReason"
       from plan_actions where id = $1 and plan_id = $2`,
    [actionId, planId],
  )
  if (!a) throw AppError.notFound('Action')
  return a
}

/** When (and where) the report and the plan were published, and whether that date has come. */
async function publicationEvents(db: Queryable, challengeId: number, today: IsoDate) {
  const events = await db.query<{ code: string; occurredOn: string; location: string }>(
    `select code, occurred_on as "occurredOn", location from challenge_events where challenge_id = $1 and code in ('report_published', 'action_plan_published') order by occurred_on, id`,
    [challengeId],
  )
  const first = (code: string) => events.find((e) => e.code === code) ?? null
  const report = first('report_published')
  const plan = first('action_plan_published')
  return {
    report,
    plan,
    reportPublic: !!report && report.occurredOn <= today,
    planPublic: !!plan && plan.occurredOn <= today,
  }
}

/** The publication events and the deadlines they feed (for the plan page and the committee documents). */
async function publicationFacts(db: Queryable, ch: ChallengeRow, today: IsoDate) {
  const type = (await getReviewType(db, ch.reviewType)) as ReviewType
  const framework = (await getFramework(db, ch.frameworkId)) as Framework
  const { deadlines } = await challengeDeadlines(db, ch, type, framework, today, await bankHolidays(db))
  return {
    ...(await publicationEvents(db, ch.id, today)),
    deadlines: deadlines.filter((d) =>
      [
        'report-published',
        'action-plan-published',
        'action-plan-latest',
        'progress-review',
        'progress-review-report',
      ].includes(d.code),
    ),
  }
}

/** The action plan page: the plan (or why there is none yet), governance records, publication and what the actor may do. */
export async function getPlan(ctx: Ctx, challengeId: number) {
  const { ch, facts, plan } = await loadPlan(ctx, challengeId, 'view-plan')
  const today = ctx.clock.today()
  const canEdit = may(ctx.actor, 'edit-plan', facts)
  const recCount = (await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from recommendations where challenge_id = $1`,
    [challengeId],
  ))!.n
  const locked = REPORT_FINAL_STAGES.has(ch.stage)
  const view = plan ? await planView(ctx.db, plan.id, today) : null
  const meetings = await listMeetings(ctx.db, challengeId)
  const snapshots = plan ? await listSnapshots(ctx.db, plan.id) : []
  const publication = await publicationFacts(ctx.db, ch, today)
  const problems = view
    ? approvalProblems(
        view.recommendations.map((r) => ({
          number: r.number,
          kind: r.kind,
          response: r.response,
          reasons: r.reasons,
          actions: r.actionIds.length,
        })),
      )
    : []
  return {
    challenge: {
      id: ch.id,
      reference: ch.reference,
      councilCode: ch.councilCode,
      councilName: ch.councilName,
      stage: ch.stage,
      onsiteStart: ch.onsiteStart,
      onsiteEnd: ch.onsiteEnd,
    },
    plan: plan
      ? { id: plan.id, status: plan.status, approvedOn: plan.approvedOn, version: plan.version, ruleset: plan.ruleset }
      : null,
    view,
    whyNoPlan: plan
      ? null
      : !locked
        ? 'The action plan starts once the peer team’s report is final: its recommendations are then locked and carried into the plan word for word.'
        : recCount === 0
          ? 'The final report has no recommendations recorded.'
          : null,
    approvalProblems: problems,
    meetings,
    snapshots,
    publication,
    options: {
      statuses: ACTION_STATUSES,
      responses: RESPONSES,
      rags: RAGS,
      bodies: BODIES,
      decisions: DECISIONS,
      approvingBodies: APPROVING_BODIES,
      committees: (await settingsOf(ctx.db, ch.councilId)).settings.committees,
      purposes: PURPOSES,
    },
    abilities: { edit: canEdit, start: canEdit && !plan && locked && recCount > 0 },
  }
}

export async function startPlan(ctx: Ctx, challengeId: number): Promise<{ planId: number }> {
  const { ch, plan } = await loadPlan(ctx, challengeId, 'edit-plan')
  if (plan) throw AppError.conflict('This challenge already has an action plan')
  if (!REPORT_FINAL_STAGES.has(ch.stage))
    throw AppError.conflict('The action plan starts once the report is final and its recommendations are locked')
  const n = (await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from recommendations where challenge_id = $1 and locked_at is not null`,
    [challengeId],
  ))!.n
  if (!n) throw AppError.conflict('The final report has no recommendations to respond to')
  const ruleset = await rulesetInForce(ctx.db, ch.onsiteEnd ?? ctx.clock.today())
  if (!ruleset) throw AppError.conflict('No action plan rule set is in force')
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ id: number }>(
      `insert into action_plans (challenge_id, ruleset, created_by, created_at, updated_at) values ($1, $2, $3, $4, $4) on conflict (challenge_id) do nothing returning id`,
      [challengeId, ruleset.code, userId(ctx.actor), now],
    )
    if (!row) throw AppError.conflict('This challenge already has an action plan')
    await audit(tx, ctx, {
      action: 'plan.started',
      visibility: 'council',
      entity: 'action_plan',
      entityId: row.id,
      challengeId,
      councilId: ch.councilId,
      after: { ruleset: ruleset.code },
    })
    return { planId: row.id }
  })
}

// One statement each for a response, a new action and a hand-set rating: the forms and the spreadsheet import share them.
async function writeResponse(
  tx: Queryable,
  planId: number,
  recId: number,
  response: string,
  reasons: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `insert into plan_responses (plan_id, recommendation_id, response, reasons, updated_at) values ($1, $2, $3, $4, $5)
     on conflict (plan_id, recommendation_id) do update set response = excluded.response, reasons = excluded.reasons, updated_at = excluded.updated_at`,
    [planId, recId, response, reasons, now],
  )
}

async function insertAction(
  tx: Queryable,
  planId: number,
  a: {
    title: string
    description?: string
    leadOfficer: string
    ownerUserId?: number | null
    startDate: string | null
    targetDate: string
  },
  now: Date,
): Promise<{ id: number; number: number; status: string }> {
  await lockFor(tx, 'plan_actions', planId) // concurrent adds number one after another
  const row = await tx.one<{ id: number; number: number; status: string }>(
    `insert into plan_actions (plan_id, number, title, description, lead_officer, owner_user_id, start_date, target_date, created_at, updated_at)
     values ($1, (select coalesce(max(number), 0) + 1 from plan_actions where plan_id = $1), $2, $3, $4, $5, $6, $7, $8, $8) returning id, number, status`,
    [planId, a.title, a.description ?? '', a.leadOfficer, a.ownerUserId ?? null, a.startDate, a.targetDate, now],
  )
  return row!
}

async function writeOverride(
  tx: Queryable,
  ctx: Ctx,
  actionId: number,
  rag: string | null,
  reason: string,
  now: Date,
): Promise<void> {
  await tx.query(
    `update plan_actions set rag_override = $2, rag_override_reason = $3, rag_override_by = $4, rag_override_at = $5, updated_at = $6, version = version + 1 where id = $1`,
    [actionId, rag, rag ? reason : null, rag ? userId(ctx.actor) : null, rag ? now : null, now],
  )
}

export async function setResponse(ctx: Ctx, challengeId: number, recId: number, input: unknown): Promise<void> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const rec = await ctx.db.one<{ id: number; number: number }>(
    `select id, number from recommendations where id = $1 and challenge_id = $2`,
    [recId, challengeId],
  )
  if (!rec) throw AppError.notFound('Recommendation')
  const v = parseInput(responseSchema, input)
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    const before = await tx.one(
      `select response, reasons from plan_responses where plan_id = $1 and recommendation_id = $2`,
      [plan.id, recId],
    )
    await writeResponse(tx, plan.id, recId, v.response, v.reasons, now)
    await touchPlan(tx, plan.id, now)
    await audit(tx, ctx, {
      action: 'plan.response',
      visibility: 'council',
      entity: 'recommendation',
      entityId: recId,
      challengeId,
      councilId: ch.councilId,
      before: before ?? undefined,
      after: v,
    })
  })
}

async function checkRecommendations(db: Queryable, challengeId: number, ids: number[]) {
  const found = await db.query<{ id: number }>(
    `select id from recommendations where challenge_id = $1 and id = any($2::int[])`,
    [challengeId, ids],
  )
  if (found.length !== new Set(ids).size)
    throw AppError.validation({ recommendationIds: 'Select recommendations of this report' })
}

async function checkOwner(db: Queryable, councilId: number, ownerUserId: number | null) {
  if (ownerUserId == null) return
  const u = await db.one(
    `select 1 from users where id = $1 and role = 'council' and council_id = $2 and not disabled`,
    [ownerUserId, councilId],
  )
  if (!u)
    throw AppError.validation({ ownerUserId: 'Choose an officer of this council who uses the service, or nobody' })
}

async function writeLinks(
  tx: Queryable,
  actionId: number,
  recIds: number[],
  milestones: { title: string; dueDate: string | null }[] | null,
) {
  await tx.query(`delete from action_recommendations where action_id = $1`, [actionId])
  for (const r of new Set(recIds))
    await tx.query(`insert into action_recommendations (action_id, recommendation_id) values ($1, $2)`, [actionId, r])
  if (milestones) {
    const existing = await tx.query<{ id: number; title: string; dueDate: string | null; doneOn: string | null }>(
      `select id, title, due_date as "dueDate", done_on as "doneOn" from action_milestones where action_id = $1`,
      [actionId],
    )
    await tx.query(`delete from action_milestones where action_id = $1`, [actionId])
    for (const [i, m] of milestones.entries()) {
      // A milestone kept with the same wording keeps the date it was done.
      const done = existing.find((e) => e.title === m.title)?.doneOn ?? null
      await tx.query(
        `insert into action_milestones (action_id, position, title, due_date, done_on) values ($1, $2, $3, $4, $5)`,
        [actionId, i + 1, m.title, m.dueDate, done],
      )
    }
  }
}

export async function addAction(
  ctx: Ctx,
  challengeId: number,
  input: unknown,
): Promise<{ id: number; number: number }> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const v = parseInput(newActionSchema, input)
  await checkRecommendations(ctx.db, challengeId, v.recommendationIds)
  await checkOwner(ctx.db, ch.councilId, v.ownerUserId)
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    const row = await insertAction(tx, plan.id, v, now)
    await writeLinks(tx, row.id, v.recommendationIds, v.milestones)
    await touchPlan(tx, plan.id, now)
    await audit(tx, ctx, {
      action: 'plan.action-added',
      visibility: 'council',
      entity: 'plan_action',
      entityId: row.id,
      challengeId,
      councilId: ch.councilId,
      after: { number: row.number, ...v },
    })
    return { id: row.id, number: row.number }
  })
}

export async function updateAction(ctx: Ctx, challengeId: number, actionId: number, input: unknown): Promise<void> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const a = await requireAction(ctx.db, plan.id, actionId)
  const v = parseInput(editActionSchema, input)
  if (v.startDate && v.startDate > a.targetDate)
    throw AppError.validation({ startDate: 'The start date must be on or before the target date' })
  await checkRecommendations(ctx.db, challengeId, v.recommendationIds)
  await checkOwner(ctx.db, ch.councilId, v.ownerUserId)
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    const before = await tx.one(
      `select title, description, lead_officer as "leadOfficer", owner_user_id as "ownerUserId", start_date as "startDate" from plan_actions where id = $1`,
      [actionId],
    )
    const beforeRecs = (
      await tx.query<{ r: number }>(
        `select recommendation_id as r from action_recommendations where action_id = $1 order by 1`,
        [actionId],
      )
    ).map((x) => x.r)
    const beforeMs = await tx.query(
      `select title, due_date as "dueDate" from action_milestones where action_id = $1 order by position`,
      [actionId],
    )
    const updated = await tx.query(
      `update plan_actions set title = $2, description = $3, lead_officer = $4, owner_user_id = $5, start_date = $6, updated_at = $7, version = version + 1
        where id = $1 and version = $8 returning id`,
      [actionId, v.title, v.description, v.leadOfficer, v.ownerUserId, v.startDate, now, v.version],
    )
    if (!updated.length)
      throw AppError.conflict(
        'Someone else changed this action while you were editing it. Reload the page to see their changes.',
      )
    await writeLinks(tx, actionId, v.recommendationIds, v.milestones)
    await touchPlan(tx, plan.id, now)
    const { version: _v, ...after } = v
    await audit(tx, ctx, {
      action: 'plan.action-updated',
      visibility: 'council',
      entity: 'plan_action',
      entityId: actionId,
      challengeId,
      councilId: ch.councilId,
      before: { ...(before as object), recommendationIds: beforeRecs, milestones: beforeMs },
      after,
    })
  })
}

/** Removes an action added by mistake: only while the plan is a draft and the action has no progress recorded. */
export async function removeAction(ctx: Ctx, challengeId: number, actionId: number): Promise<void> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const a = await requireAction(ctx.db, plan.id, actionId)
  if (plan.status !== 'draft')
    throw AppError.conflict(
      'The plan has been approved: an action can no longer be removed. Mark it complete or moved to business as usual, with an update saying why.',
    )
  const used = await ctx.db.one(
    `select 1 from progress_updates where action_id = $1 union all select 1 from action_target_revisions where action_id = $1 limit 1`,
    [actionId],
  )
  if (used) throw AppError.conflict('This action has progress recorded against it and cannot be removed')
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    await tx.query(`delete from plan_actions where id = $1`, [actionId])
    await touchPlan(tx, plan.id, now)
    await audit(tx, ctx, {
      action: 'plan.action-removed',
      visibility: 'council',
      entity: 'plan_action',
      entityId: actionId,
      challengeId,
      councilId: ch.councilId,
      before: a,
    })
  })
}

export async function reviseTarget(ctx: Ctx, challengeId: number, actionId: number, input: unknown): Promise<void> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const a = await requireAction(ctx.db, plan.id, actionId)
  const v = parseInput(reviseTargetSchema, input)
  if (v.targetDate === a.targetDate)
    throw AppError.validation({ targetDate: `The target date is already ${formatDate(a.targetDate)}` })
  if (a.startDate && v.targetDate < a.startDate)
    throw AppError.validation({ targetDate: 'The target date must be on or after the start date' })
  await reviseTargetTx(ctx, ch, plan.id, a, v.targetDate, v.reason)
}

async function reviseTargetTx(
  ctx: Ctx,
  ch: ChallengeRow,
  planId: number,
  a: { id: number; targetDate: string },
  targetDate: string,
  reason: string,
  tx0?: Queryable,
) {
  const now = ctx.clock.now()
  const run = async (tx: Queryable) => {
    await tx.query(
      `insert into action_target_revisions (action_id, from_date, to_date, reason, revised_by, revised_at) values ($1, $2, $3, $4, $5, $6)`,
      [a.id, a.targetDate, targetDate, reason, userId(ctx.actor), now],
    )
    await tx.query(`update plan_actions set target_date = $2, updated_at = $3, version = version + 1 where id = $1`, [
      a.id,
      targetDate,
      now,
    ])
    await touchPlan(tx, planId, now)
    await audit(tx, ctx, {
      action: 'plan.target-revised',
      visibility: 'council',
      entity: 'plan_action',
      entityId: a.id,
      challengeId: ch.id,
      councilId: ch.councilId,
      before: { targetDate: a.targetDate },
      after: { targetDate, reason },
    })
  }
  if (tx0) return run(tx0)
  return ctx.db.transaction(run)
}

export async function setOverride(ctx: Ctx, challengeId: number, actionId: number, input: unknown): Promise<void> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const a = await requireAction(ctx.db, plan.id, actionId)
  const v = parseInput(overrideSchema, input)
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    await writeOverride(tx, ctx, actionId, v.rag || null, v.reason, now)
    await touchPlan(tx, plan.id, now)
    await audit(tx, ctx, {
      action: v.rag ? 'plan.rag-override' : 'plan.rag-override-cleared',
      visibility: 'council',
      entity: 'plan_action',
      entityId: actionId,
      challengeId,
      councilId: ch.councilId,
      before: { rag: a.ragOverride, reason: a.ragOverrideReason },
      after: v.rag ? v : { rag: null },
    })
  })
}

export async function addProgress(
  ctx: Ctx,
  challengeId: number,
  actionId: number,
  input: unknown,
  files: Upload[] = [],
): Promise<{ updateId: number }> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  const a = await requireAction(ctx.db, plan.id, actionId)
  const v = parseInput(progressSchema, input)
  const today = ctx.clock.today()
  if (v.asOf > today)
    throw AppError.validation({ asOf: 'An update records progress made: its date cannot be in the future' })
  if (ch.onsiteEnd && v.asOf < ch.onsiteEnd)
    throw AppError.validation({ asOf: 'An update cannot be dated before the peer challenge' })
  const checked = files.map((f) => ({ f, meta: checkUpload(f, MAX_EVIDENCE_BYTES) }))
  if (v.milestonesDone.length) {
    const ms = await ctx.db.query<{ id: number }>(
      `select id from action_milestones where action_id = $1 and id = any($2::int[])`,
      [actionId, v.milestonesDone],
    )
    if (ms.length !== new Set(v.milestonesDone).size)
      throw AppError.validation({ milestonesDone: 'Select milestones of this action' })
  }
  return addProgressTx(ctx, ch, plan.id, a, v, checked)
}

async function addProgressTx(
  ctx: Ctx,
  ch: ChallengeRow,
  planId: number,
  a: { id: number; status: string },
  v: { asOf: string; text: string; status: string; milestonesDone: number[] },
  files: { f: Upload; meta: { filename: string; contentType: string } }[],
  tx0?: Queryable,
): Promise<{ updateId: number }> {
  const now = ctx.clock.now()
  const run = async (tx: Queryable) => {
    const u = await tx.one<{ id: number }>(
      `insert into progress_updates (action_id, as_of, text, status, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id`,
      [a.id, v.asOf, v.text, v.status, userId(ctx.actor), now],
    )
    for (const { f, meta } of files) {
      await tx.query(
        `insert into progress_evidence (update_id, filename, content_type, size_bytes, sha256, content) values ($1, $2, $3, $4, $5, $6)`,
        [
          u!.id,
          meta.filename,
          meta.contentType,
          f.data.length,
          crypto.createHash('sha256').update(f.data).digest('hex'),
          f.data,
        ],
      )
    }
    const done = isDone(v.status as never)
    await tx.query(
      `update plan_actions set status = $2, completed_on = case when $3::boolean then coalesce(completed_on, $4::date) else null end, updated_at = $5, version = version + 1 where id = $1`,
      [a.id, v.status, done, v.asOf, now],
    )
    if (v.milestonesDone.length)
      await tx.query(
        `update action_milestones set done_on = coalesce(done_on, $3::date) where action_id = $1 and id = any($2::int[])`,
        [a.id, v.milestonesDone, v.asOf],
      )
    await touchPlan(tx, planId, now)
    await audit(tx, ctx, {
      action: 'plan.progress',
      visibility: 'council',
      entity: 'plan_action',
      entityId: a.id,
      challengeId: ch.id,
      councilId: ch.councilId,
      before: { status: a.status },
      after: {
        status: v.status,
        asOf: v.asOf,
        text: v.text,
        milestonesDone: v.milestonesDone,
        evidence: files.map((x) => x.meta.filename),
      },
    })
    return { updateId: u!.id }
  }
  if (tx0) return run(tx0)
  return ctx.db.transaction(run)
}

export async function downloadEvidence(ctx: Ctx, challengeId: number, evidenceId: number) {
  const { plan } = await requirePlan(ctx, challengeId, 'view-plan')
  const row = await ctx.db.one<{ filename: string; contentType: string; content: Uint8Array }>(
    `select e.filename, e.content_type as "contentType", e.content from progress_evidence e join progress_updates u on u.id = e.update_id
       join plan_actions a on a.id = u.action_id where e.id = $1 and a.plan_id = $2`,
    [evidenceId, plan.id],
  )
  if (!row) throw AppError.notFound('Evidence')
  return { filename: row.filename, contentType: row.contentType, content: Buffer.from(row.content) }
}

export async function getAction(ctx: Ctx, challengeId: number, actionId: number) {
  const data = await getPlan(ctx, challengeId)
  const action = data.view?.actions.find((a) => a.id === actionId)
  if (!action) throw AppError.notFound('Action')
  const officers = data.abilities.edit ? await councilOfficers(ctx.db, challengeId) : []
  return { ...data, action, officers }
}

export async function councilOfficers(db: Queryable, challengeId: number) {
  return db.query<{ id: number; name: string }>(
    `select u.id, u.name from users u join challenges c on c.council_id = u.council_id where c.id = $1 and u.role = 'council' and not u.disabled order by u.name`,
    [challengeId],
  )
}

// Governance --------------------------------------------------------------------------------------------------------

export async function listMeetings(db: Queryable, challengeId: number) {
  const rows = await db.query<{
    id: number
    body: string
    bodyName: string
    meetingDate: string
    item: string
    decision: string
    resolution: string
    link: string
    snapshotId: number | null
    by: string | null
    approvesPlan: boolean
  }>(
    `select m.id, m.body, m.body_name as "bodyName", m.meeting_date as "meetingDate", m.item, m.decision, m.resolution, m.link, m.snapshot_id as "snapshotId", u.name as by,
            exists (select 1 from action_plans p where p.approved_meeting_id = m.id) as "approvesPlan"
       from meetings m left join users u on u.id = m.created_by where m.challenge_id = $1 order by m.meeting_date, m.id`,
    [challengeId],
  )
  return rows.map((m) => ({
    ...m,
    bodyLabel: bodyLabel(m.body, m.bodyName),
    decisionLabel: DECISIONS.find((d) => d.key === m.decision)?.label ?? m.decision,
  }))
}

export async function listSnapshots(db: Queryable, planId: number) {
  return db.query<{
    id: number
    title: string
    asOf: string
    publicFrom: string | null
    meetingId: number | null
    createdAt: Date
    by: string | null
  }>(
    `select s.id, s.title, s.as_of as "asOf", s.public_from as "publicFrom", s.meeting_id as "meetingId", s.created_at as "createdAt", u.name as by
       from plan_snapshots s left join users u on u.id = s.created_by where s.plan_id = $1 order by s.id`,
    [planId],
  )
}

async function takeSnapshot(
  tx: Queryable,
  ctx: Ctx,
  planId: number,
  title: string,
  meetingId: number | null,
  publicFrom: string | null,
  /** The day the snapshot shows the plan as it stood: the meeting's or the publication's (never later than today). */
  on: string,
): Promise<number> {
  const asOf = on < ctx.clock.today() ? on : ctx.clock.today()
  const stored = writePlanSnapshot(await planView(tx, planId, asOf))
  const s = await tx.one<{ id: number }>(
    `insert into plan_snapshots (plan_id, title, as_of, meeting_id, public_from, schema_version, content, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      planId,
      title,
      asOf,
      meetingId,
      publicFrom,
      stored.schemaVersion,
      JSON.stringify(stored.content),
      userId(ctx.actor),
      ctx.clock.now(),
    ],
  )
  return s!.id
}

export async function recordMeeting(
  ctx: Ctx,
  challengeId: number,
  input: unknown,
): Promise<{ id: number; snapshotId: number | null }> {
  const { ch, plan } = await loadPlan(ctx, challengeId, 'edit-plan')
  const v = parseInput(meetingSchema, input)
  // The council's own committee (chosen, or named as it names it): its kind, its name, and whether it approves plans.
  const { settings } = await settingsOf(ctx.db, ch.councilId)
  let committee: Committee | null = null
  if (v.committee) {
    committee = settings.committees.find((c) => c.key === v.committee) ?? null
    if (!committee) throw AppError.validation({ committee: 'Choose one of the council’s committees' })
  } else if (v.bodyName)
    committee = settings.committees.find((c) => c.name.toLowerCase() === v.bodyName.toLowerCase()) ?? null
  if (!committee && (v.body === 'cabinet' || v.body === 'executive') && isCommitteeSystem(settings))
    throw AppError.validation({
      body: `The council has a committee system, with no Cabinet or Executive: choose one of its committees (${orList(settings.committees.map((c) => c.name))})`,
    })
  const body = committee ? bodyOf(committee) : v.body
  const bodyName = committee ? committee.name : v.body === 'other' ? v.bodyName : ''
  if (v.approvesPlan && !(committee ? committee.approvesPlan : APPROVING_BODIES.includes(body)))
    throw AppError.validation({
      approvesPlan: committee
        ? `${committee.name} does not approve the action plan in the council’s committee settings (${orList(approvers(settings))} can); it comments on it`
        : 'Only Cabinet, the Executive or Full Council approves the action plan; scrutiny and audit committees comment on it. A council with a committee system names the committee that approves it in its committee settings.',
    })
  if ((v.snapshot || v.approvesPlan) && !plan)
    throw AppError.validation({ snapshot: 'Start the action plan before reporting it to a meeting' })
  if (ch.onsiteStart && v.meetingDate < ch.onsiteStart)
    throw AppError.validation({ meetingDate: 'The meeting cannot be before the peer challenge' })
  if (v.approvesPlan) {
    if (plan!.status === 'approved') throw AppError.validation({ approvesPlan: 'The plan has already been approved' })
    if (v.meetingDate > ctx.clock.today())
      throw AppError.validation({ meetingDate: 'Record the approval once the meeting has taken place' })
    const view = await planView(ctx.db, plan!.id, ctx.clock.today())
    const problems = approvalProblems(
      view.recommendations.map((r) => ({
        number: r.number,
        kind: r.kind,
        response: r.response,
        reasons: r.reasons,
        actions: r.actionIds.length,
      })),
    )
    if (problems.length)
      throw AppError.validation({ approvesPlan: `The plan is not ready for approval: ${problems.join('; ')}` })
  }
  const label = bodyLabel(body, bodyName)
  return ctx.db.transaction(async (tx) => {
    const m = await tx.one<{ id: number }>(
      `insert into meetings (challenge_id, body, body_name, meeting_date, item, decision, resolution, link, created_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning id`,
      [
        challengeId,
        body,
        bodyName,
        v.meetingDate,
        v.item,
        v.decision,
        v.resolution,
        v.link,
        userId(ctx.actor),
        ctx.clock.now(),
      ],
    )
    let snapshotId: number | null = null
    if (v.snapshot || v.approvesPlan) {
      // Committee papers are public once the meeting has happened, provided the plan itself has been published.
      snapshotId = await takeSnapshot(
        tx,
        ctx,
        plan!.id,
        `As ${v.approvesPlan ? 'approved by' : 'reported to'} ${label} on ${formatDate(v.meetingDate)}`,
        m!.id,
        v.meetingDate,
        v.meetingDate,
      )
      await tx.query(`update meetings set snapshot_id = $2 where id = $1`, [m!.id, snapshotId])
    }
    if (v.approvesPlan) {
      await tx.query(
        `update action_plans set status = 'approved', approved_on = $2, approved_meeting_id = $3 where id = $1`,
        [plan!.id, v.meetingDate, m!.id],
      )
      await touchPlan(tx, plan!.id, ctx.clock.now())
      await notifyPlanApproved(tx, ctx, ch, label)
    }
    await audit(tx, ctx, {
      action: v.approvesPlan ? 'plan.approved' : 'meeting.recorded',
      visibility: 'council',
      entity: 'meeting',
      entityId: m!.id,
      challengeId,
      councilId: ch.councilId,
      after: { ...v, body, bodyName, snapshotId },
    })
    return { id: m!.id, snapshotId }
  })
}

export async function recordPublication(
  ctx: Ctx,
  challengeId: number,
  input: unknown,
): Promise<{ snapshotId: number | null }> {
  const { ch, facts, plan } = await loadPlan(ctx, challengeId, 'edit-plan')
  const v = parseInput(publicationSchema, input)
  const doReport = v.what !== 'plan'
  const doPlan = v.what !== 'report'
  return ctx.db.transaction(async (tx) => {
    // The same guarded function as the challenge's own "record a date" form: the workflow's event rules decide.
    for (const code of [doReport ? 'report_published' : null, doPlan ? 'action_plan_published' : null].filter(
      (c): c is string => !!c,
    )) {
      try {
        await recordEventIn(
          tx,
          ctx,
          { ch, facts },
          { code, occurredOn: v.publishedOn, location: v.where, note: 'Recorded with the action plan' },
        )
      } catch (e) {
        if (!(e instanceof AppError) || !['validation', 'conflict'].includes(e.code)) throw e
        const fields = Object.keys(e.fields).length ? e.fields : { code: e.message }
        throw AppError.validation(
          Object.fromEntries(Object.entries(fields).map(([k, m]) => [k === 'occurredOn' ? 'publishedOn' : 'what', m])),
        )
      }
    }
    let snapshotId: number | null = null
    if (doPlan)
      snapshotId = await takeSnapshot(
        tx,
        ctx,
        plan!.id,
        `As published on ${formatDate(v.publishedOn)}`,
        null,
        v.publishedOn,
        v.publishedOn,
      )
    await audit(tx, ctx, {
      action: 'plan.published',
      visibility: 'council',
      entity: 'challenge',
      entityId: challengeId,
      challengeId,
      councilId: ch.councilId,
      after: { ...v, snapshotId },
    })
    return { snapshotId }
  })
}

/** A snapshot: to those who may see the plan, or to anyone once it and the plan are public. */
export async function getSnapshot(ctx: Ctx, challengeId: number, snapshotId: number) {
  const { ch, facts } = await loadChallenge(ctx, challengeId, 'view')
  const today = ctx.clock.today()
  const s = await ctx.db.one<{
    id: number
    title: string
    asOf: string
    publicFrom: string | null
    schemaVersion: number
    content: unknown
    createdAt: Date
    planId: number
  }>(
    `select s.id, s.title, s.as_of as "asOf", s.public_from as "publicFrom", s.schema_version as "schemaVersion", s.content, s.created_at as "createdAt", s.plan_id as "planId"
       from plan_snapshots s join action_plans p on p.id = s.plan_id where s.id = $1 and p.challenge_id = $2`,
    [snapshotId, challengeId],
  )
  if (!s) throw AppError.notFound('Snapshot')
  if (!sees(audiencesOf(ctx.actor, facts), snapshotAudience(s, facts, today))) throw AppError.notFound('Snapshot')
  const { schemaVersion, content, ...snapshot } = s
  const view = readPlanSnapshot(schemaVersion, content)
  return {
    challenge: { id: ch.id, reference: ch.reference, councilCode: ch.councilCode, councilName: ch.councilName },
    snapshot: { ...snapshot, content: view },
    view,
  }
}

/** The public page of a council: its published reports, the published plans and the progress reported to committees. */
export async function councilImprovement(ctx: Ctx, code: string) {
  const today = ctx.clock.today()
  const council = await ctx.db.one<{ id: number; code: string; name: string }>(
    `select id, code, nice_name as name from councils where code = $1`,
    [code.toUpperCase()],
  )
  if (!council) throw AppError.notFound('Council')
  // The public page: what is public, whoever looks at it (the policy's public scope).
  const q = new Params([council.id])
  const challenges = await ctx.db.query<{
    id: number
    reference: string
    reviewTypeName: string
    onsiteStart: string | null
    onsiteEnd: string | null
    onsitePrecision: 'day' | 'month'
  }>(
    `select c.id, c.reference, rt.name as "reviewTypeName", c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd", c.onsite_precision as "onsitePrecision"
       from challenges c join review_types rt on rt.code = c.review_type
      where c.council_id = $1 and ${publicSql(q, today)}
      order by c.onsite_start desc nulls last`,
    q.values,
  )
  const items = []
  for (const ch of challenges) {
    const pub = await publicationEvents(ctx.db, ch.id, today)
    const dq = new Params([ch.id])
    const reports = await ctx.db.query<{ versionId: number; title: string; filename: string }>(
      `select distinct on (d.id) v.id as "versionId", d.title, v.filename
         from documents d join challenges c on c.id = d.challenge_id join document_versions v on v.document_id = d.id
        where d.challenge_id = $1 and d.kind in ('final-report', 'progress-review-report') and ${documentScope(PUBLIC, dq, today)}
        order by d.id, v.version desc`,
      dq.values,
    )
    const plan = await planForChallenge(ctx.db, ch.id)
    const snapshots = plan
      ? (await listSnapshots(ctx.db, plan.id)).filter(
          (s) => snapshotAudience(s, { planPublic: pub.planPublic }, today) === 'public',
        )
      : []
    const stored = snapshots.length
      ? await ctx.db.one<{ v: number; content: unknown }>(
          `select schema_version as v, content from plan_snapshots where id = $1`,
          [snapshots[snapshots.length - 1]!.id],
        )
      : undefined
    const latest = stored ? { content: readPlanSnapshot(stored.v, stored.content) } : undefined
    items.push({
      challenge: ch,
      report: pub.report,
      reports,
      plan: pub.planPublic ? pub.plan : null,
      snapshots: snapshots.map((s) => ({ id: s.id, title: s.title, asOf: s.asOf, publicFrom: s.publicFrom })),
      latest: latest ? { title: snapshots[snapshots.length - 1]!.title, view: latest.content } : null,
    })
  }
  return { council, items }
}

// Spreadsheet round trip ----------------------------------------------------------------------------------------------

export async function uploadPlanWorkbook(
  ctx: Ctx,
  challengeId: number,
  file: Upload | null,
): Promise<{ importId: number }> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'edit-plan')
  if (!file) throw AppError.validation({ file: 'Select the edited action plan workbook (.xlsx)' })
  const meta = checkUpload(file, MAX_XLSX_BYTES)
  if (!meta.filename.toLowerCase().endsWith('.xlsx'))
    throw AppError.validation({
      file: 'Upload the action plan as an Excel workbook (.xlsx), as exported from this page',
    })
  const wb = await readWorkbook(file.data)
  if (!wb.getWorksheet('Actions') && !wb.getWorksheet('Responses'))
    throw AppError.validation({
      file: 'This is not an action plan workbook: download the Excel file from this page, edit it and upload it',
    })
  const today = ctx.clock.today()
  const view = await planView(ctx.db, plan.id, today)
  const parsed = parsePlanWorkbook(wb, view, today)
  if (!parsed.rowsRead && !parsed.errors.length) throw AppError.validation({ file: 'The workbook has no rows to read' })
  const sha = crypto.createHash('sha256').update(file.data).digest('hex')
  return ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ id: number }>(
      `insert into plan_imports (plan_id, filename, sha256, plan_version, changes, errors, created_by, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [
        plan.id,
        meta.filename,
        sha,
        plan.version,
        JSON.stringify({ exportedVersion: parsed.planVersion, rowsRead: parsed.rowsRead, items: parsed.changes }),
        JSON.stringify(parsed.errors),
        userId(ctx.actor),
        ctx.clock.now(),
      ],
    )
    await audit(tx, ctx, {
      action: 'plan.import-previewed',
      visibility: 'council',
      entity: 'plan_import',
      entityId: row!.id,
      challengeId,
      councilId: ch.councilId,
      after: { filename: meta.filename, sha256: sha, changes: parsed.changes.length, errors: parsed.errors.length },
    })
    return { importId: row!.id }
  })
}

async function loadImport(ctx: Ctx, challengeId: number, importId: number, action: 'view-plan' | 'edit-plan') {
  const { ch, plan } = await requirePlan(ctx, challengeId, action)
  const imp = await ctx.db.one<{
    id: number
    filename: string
    planVersion: number
    changes: { exportedVersion: number | null; rowsRead: number; items: PlanChange[] }
    errors: RowError[]
    status: string
    createdAt: Date
    appliedAt: Date | null
  }>(
    `select id, filename, plan_version as "planVersion", changes, errors, status, created_at as "createdAt", applied_at as "appliedAt" from plan_imports where id = $1 and plan_id = $2`,
    [importId, plan.id],
  )
  if (!imp) throw AppError.notFound('Upload')
  return { ch, plan, imp }
}

export async function getPlanImport(ctx: Ctx, challengeId: number, importId: number) {
  const { ch, plan, imp } = await loadImport(ctx, challengeId, importId, 'edit-plan')
  return {
    challenge: { id: ch.id, reference: ch.reference, councilName: ch.councilName, councilCode: ch.councilCode },
    upload: {
      id: imp.id,
      filename: imp.filename,
      status: imp.status,
      createdAt: imp.createdAt,
      appliedAt: imp.appliedAt,
      rowsRead: imp.changes.rowsRead,
    },
    changes: imp.changes.items,
    errors: imp.errors,
    stale: plan.version !== imp.planVersion,
    exportedBeforeLaterChanges: imp.changes.exportedVersion != null && imp.changes.exportedVersion < imp.planVersion,
  }
}

export async function applyPlanImport(
  ctx: Ctx,
  challengeId: number,
  importId: number,
): Promise<{ applied: number; skipped: number }> {
  const { ch, plan, imp } = await loadImport(ctx, challengeId, importId, 'edit-plan')
  if (imp.status !== 'preview') throw AppError.conflict(`This upload has already been ${imp.status}`)
  if (plan.version !== imp.planVersion)
    throw AppError.conflict(
      'The plan has changed since this file was uploaded. Upload it again to see the changes against the plan as it is now.',
    )
  const items = imp.changes.items
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    const marked = await tx.query(
      `update plan_imports set status = 'applied', applied_at = $2 where id = $1 and status = 'preview' returning id`,
      [importId, now],
    )
    if (!marked.length) throw AppError.conflict('This upload has already been applied')
    for (const c of items) {
      if (c.kind === 'response') {
        await writeResponse(tx, plan.id, c.recommendationId, c.response, c.reasons, now)
        await audit(tx, ctx, {
          action: 'plan.response',
          visibility: 'council',
          entity: 'recommendation',
          entityId: c.recommendationId,
          challengeId,
          councilId: ch.councilId,
          after: { response: c.response, reasons: c.reasons, via: imp.filename },
        })
      } else if (c.kind === 'action') {
        const a = (await tx.one<{ id: number; targetDate: string; status: string }>(
          `select id, target_date as "targetDate", status from plan_actions where id = $1 and plan_id = $2`,
          [c.actionId, plan.id],
        ))!
        if (Object.keys(c.set).length) {
          const s = c.set
          await tx.query(
            `update plan_actions set title = coalesce($2, title), lead_officer = coalesce($3, lead_officer), start_date = case when $4::boolean then $5::date else start_date end, updated_at = $6, description = coalesce($7, description), version = version + 1 where id = $1`,
            [
              a.id,
              s.title ?? null,
              s.leadOfficer ?? null,
              'startDate' in s,
              s.startDate ?? null,
              now,
              s.description ?? null,
            ],
          )
          if (s.recommendationIds) await writeLinks(tx, a.id, s.recommendationIds, null)
          await audit(tx, ctx, {
            action: 'plan.action-updated',
            visibility: 'council',
            entity: 'plan_action',
            entityId: a.id,
            challengeId,
            councilId: ch.councilId,
            after: { ...s, via: imp.filename },
          })
        }
        if (c.target) await reviseTargetTx(ctx, ch, plan.id, a, c.target.to, c.target.reason, tx)
        if (c.override) {
          await writeOverride(tx, ctx, a.id, c.override.rag, c.override.reason, now)
          await audit(tx, ctx, {
            action: c.override.rag ? 'plan.rag-override' : 'plan.rag-override-cleared',
            visibility: 'council',
            entity: 'plan_action',
            entityId: a.id,
            challengeId,
            councilId: ch.councilId,
            after: { ...c.override, via: imp.filename },
          })
        }
        if (c.progress) await addProgressTx(ctx, ch, plan.id, a, { ...c.progress, milestonesDone: [] }, [], tx)
      } else {
        const row = await insertAction(tx, plan.id, c, now)
        await writeLinks(tx, row.id, c.recommendationIds, null)
        await audit(tx, ctx, {
          action: 'plan.action-added',
          visibility: 'council',
          entity: 'plan_action',
          entityId: row.id,
          challengeId,
          councilId: ch.councilId,
          after: { ...c, via: imp.filename },
        })
        if (c.progress) await addProgressTx(ctx, ch, plan.id, row, { ...c.progress, milestonesDone: [] }, [], tx)
      }
    }
    await touchPlan(tx, plan.id, now)
    await audit(tx, ctx, {
      action: 'plan.import-applied',
      visibility: 'council',
      entity: 'plan_import',
      entityId: importId,
      challengeId,
      councilId: ch.councilId,
      after: { filename: imp.filename, applied: items.length, skipped: imp.errors.length },
    })
  })
  return { applied: items.length, skipped: imp.errors.length }
}

export async function discardPlanImport(ctx: Ctx, challengeId: number, importId: number): Promise<void> {
  const { ch, imp } = await loadImport(ctx, challengeId, importId, 'edit-plan')
  if (imp.status !== 'preview') throw AppError.conflict(`This upload has already been ${imp.status}`)
  await ctx.db.transaction(async (tx) => {
    await tx.query(`update plan_imports set status = 'discarded' where id = $1`, [importId])
    await audit(tx, ctx, {
      action: 'plan.import-discarded',
      visibility: 'council',
      entity: 'plan_import',
      entityId: importId,
      challengeId,
      councilId: ch.councilId,
      after: { filename: imp.filename },
    })
  })
}

// Documents out -----------------------------------------------------------------------------------------------------

export type PlanDocument = 'docx' | 'xlsx' | 'csv' | 'committee-report' | 'position-statement'

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
}

/** The plan as last reported to a meeting before `before` (all meetings when null): "done" is progress not in it. */
async function lastReported(db: Queryable, planId: number, before: string | null) {
  const stored = await db.one<{ title: string; v: number; content: unknown }>(
    `select s.title, s.schema_version as v, s.content from plan_snapshots s join meetings m on m.id = s.meeting_id
      where s.plan_id = $1 and ($2::date is null or m.meeting_date < $2::date) order by m.meeting_date desc, s.id desc limit 1`,
    [planId, before],
  )
  if (!stored) return null
  const content = readPlanSnapshot(stored.v, stored.content)
  return {
    label: stored.title.replace(/^As /, ''),
    updateIds: content.actions.flatMap((a) => a.updates.map((u) => u.id)),
    doneActionIds: content.actions.filter((a) => a.status === 'complete' || a.status === 'bau').map((a) => a.id),
  }
}

/** The position statement's facts besides the plan (today's). */
async function documentMeta(ctx: Ctx, ch: ChallengeRow): Promise<CommitteeMeta> {
  const pub = await publicationFacts(ctx.db, ch, ctx.clock.today())
  const lead = await ctx.db.one<{ name: string; title: string | null; organisation: string | null }>(
    `select p.name, t.title, t.organisation from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role = 'lead-peer' limit 1`,
    [ch.id],
  )
  const due = pub.deadlines.find((d) => d.code === 'progress-review')
  return {
    reportPublished: pub.report?.occurredOn ?? null,
    planPublished: pub.plan?.occurredOn ?? null,
    leadPeer: lead
      ? `${lead.name}${lead.title ? `, ${lead.title}` : ''}${lead.organisation ? `, ${lead.organisation}` : ''}`
      : null,
    progressReviewDue: due && due.status !== 'met' && due.status !== 'met-late' ? due.due : null,
  }
}

/** The committee a report is for: one of the council's (by key), or, from the older `body` parameter, one of that kind. */
function resolveCommittee(settings: CommitteeSettings, q: { committee: string; body: string }): Committee | null {
  if (q.committee) {
    const c = settings.committees.find((x) => x.key === q.committee)
    if (!c)
      throw AppError.validation({
        committee: `Choose one of the council’s committees: ${settings.committees.map((x) => x.name).join(', ')}`,
      })
    return c
  }
  if (!q.body) return null
  const same = settings.committees.find(
    (x) => bodyOf(x) === q.body || (q.body === 'executive' && x.kind === 'executive'),
  )
  if (same) return same
  const label = bodyLabel(q.body)
  return { key: q.body, name: label, kind: 'policy-committee', approvesPlan: APPROVING_BODIES.includes(q.body) }
}

/**
 * A committee report for a meeting: the plan, the publication dates and the progress review as they stood on the
 * meeting's day (today's for a meeting to come). For a past meeting the plan reported to it (its snapshot) is used
 * when there is one, otherwise the plan is worked out as at that day.
 */
export async function committeeReport(ctx: Ctx, ch: ChallengeRow, plan: PlanRow, query: unknown) {
  const q = parseInput(committeeReportQuery, query)
  const today = ctx.clock.today()
  const { settings } = await settingsOf(ctx.db, ch.councilId)
  const committee = resolveCommittee(settings, q)
  const asOf = q.meetingDate && q.meetingDate < today ? q.meetingDate : today
  const reported =
    q.meetingDate && q.meetingDate < today && committee
      ? await ctx.db.one<{ v: number; content: unknown }>(
          `select s.schema_version as v, s.content from plan_snapshots s join meetings m on m.id = s.meeting_id
            where s.plan_id = $1 and m.meeting_date = $2 and lower(coalesce(nullif(m.body_name, ''), m.body)) in (lower($3), lower($4))
            order by s.id desc limit 1`,
          [plan.id, q.meetingDate, committee.name, committee.key],
        )
      : undefined
  const then = reported ? readPlanSnapshot(reported.v, reported.content) : await planView(ctx.db, plan.id, asOf)
  // A report is written before its meeting decides: for the meeting that approved the plan, the plan is still a draft.
  const view: PlanView =
    q.meetingDate && then.approvedOn && then.approvedOn >= q.meetingDate
      ? { ...then, status: 'draft', approvedOn: null }
      : then
  const purpose = (q.purpose || defaultPurpose(view, committee)) as Purpose
  const problem = purposeProblem(purpose, view, committee, settings)
  if (problem) throw AppError.validation({ purpose: problem })
  const pub = await publicationFacts(ctx.db, ch, asOf)
  const due = pub.deadlines.find((d) => d.code === 'progress-review')
  const held = due && (due.status === 'met' || due.status === 'met-late') && due.metOn && due.metOn <= asOf
  const framework = (await getFramework(ctx.db, ch.frameworkId)) as Framework
  const team = await ctx.db.query<{ name: string; role: string; title: string | null; organisation: string | null }>(
    `select p.name, t.role, coalesce(t.title, p.title) as title, coalesce(t.organisation, p.organisation) as organisation
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role not in ('shadow', 'principal-adviser')
      order by case t.role when 'lead-peer' then 0 when 'member-peer' then 1 when 'finance-peer' then 2 when 'officer-peer' then 3 when 'pcm' then 5 else 4 end, t.position, t.id`,
    [ch.id],
  )
  const { days, counts } = await visitFacts(ctx.db, ch, ctx.clock.now())
  const stated = (await statedFactsOf(ctx.db, ch.id)).find((x) => x.key === 'figures')?.value as
    { peopleMet?: number | null; meetings?: number | null; days?: number | null } | undefined
  const approved = view.approvedOn
    ? await ctx.db.one<{ body: string; bodyName: string }>(
        `select m.body, m.body_name as "bodyName" from action_plans p join meetings m on m.id = p.approved_meeting_id where p.id = $1`,
        [plan.id],
      )
    : undefined
  const official = (await ctx.db.one<{ name: string }>(`select official_name as name from councils where id = $1`, [
    ch.councilId,
  ]))!.name
  const facts: CommitteeReportFacts = {
    councilName: official,
    reviewTypeName: view.challenge.reviewTypeName,
    onsiteStart: ch.onsiteStart,
    onsiteEnd: ch.onsiteEnd,
    team,
    themes: framework.themes.map((t) => t.title),
    focusAreas: await focusAreasOf(ctx.db, ch.id),
    figures: {
      peopleMet: counts.peopleMet || stated?.peopleMet || null,
      meetings: counts.meetingsHeld || stated?.meetings || null,
      days: (counts.meetingsHeld ? days.length : 0) || stated?.days || days.length || null,
    },
    reportPublished: pub.report && pub.report.occurredOn <= asOf ? pub.report.occurredOn : null,
    planPublished: pub.plan && pub.plan.occurredOn <= asOf ? pub.plan.occurredOn : null,
    progressReview: due
      ? {
          due: due.due,
          status: held ? 'held' : due.due && due.due < asOf ? 'overdue' : 'due',
          heldOn: held ? due.metOn : null,
        }
      : null,
    lastReported: await lastReported(ctx.db, plan.id, q.meetingDate),
    approvedBy: approved ? bodyLabel(approved.body, approved.bodyName) : null,
  }
  const committeeSystem = isCommitteeSystem(settings)
  const content = committeeReportContent(
    view,
    facts,
    {
      committee,
      meetingDate: q.meetingDate,
      purpose,
      exemptParagraph: q.exempt || null,
      keyDecision: q.keyDecision === 'yes',
      reportOf: q.reportOf || settings.reportOf,
      portfolioHolder: q.portfolioHolder || (committeeSystem ? '' : settings.portfolioHolder),
      wards: q.wards || settings.wards,
    },
    settings,
  )
  return { content, view }
}

export async function planDocument(
  ctx: Ctx,
  challengeId: number,
  kind: PlanDocument,
  query: unknown = {},
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const { ch, plan } = await requirePlan(ctx, challengeId, 'view-plan')
  const base = `${ch.reference}-action-plan`
  if (kind === 'committee-report') {
    const { content, view } = await committeeReport(ctx, ch, plan, query)
    return {
      filename: `${ch.reference}-committee-report.docx`,
      contentType: CONTENT_TYPES.docx,
      content: await committeeReportDocx(content, view),
    }
  }
  const view = await planView(ctx.db, plan.id, ctx.clock.today())
  switch (kind) {
    case 'docx':
      return {
        filename: `${base}.docx`,
        contentType: CONTENT_TYPES.docx,
        content: await planDocx(view, undefined, await ragRules(ctx, view.ruleset.code)),
      }
    case 'xlsx':
      return { filename: `${base}.xlsx`, contentType: CONTENT_TYPES.xlsx, content: await planXlsx(view, plan.version) }
    case 'csv':
      return { filename: `${base}.csv`, contentType: CONTENT_TYPES.csv, content: Buffer.from(planCsv(view), 'utf8') }
    case 'position-statement':
      return {
        filename: `${ch.reference}-progress-review-position-statement-draft.docx`,
        contentType: CONTENT_TYPES.docx,
        content: await positionStatementDocx(view, await documentMeta(ctx, ch)),
      }
  }
}

/** The RAG rules a plan's ratings were worked out by, for the key its printed table carries. */
const ragRules = async (ctx: Ctx, code: string) => (await getRuleset(ctx.db, code))?.rules.rag ?? []

/** A snapshot as a Word table: the plan exactly as it was reported. */
export async function snapshotDocument(ctx: Ctx, challengeId: number, snapshotId: number) {
  const { challenge, snapshot, view } = await getSnapshot(ctx, challengeId, snapshotId)
  return {
    filename: `${challenge.reference}-action-plan-${snapshot.asOf}.docx`,
    contentType: CONTENT_TYPES.docx,
    content: await planDocx(view, snapshot.title, await ragRules(ctx, view.ruleset.code)),
  }
}
