import { z } from 'zod'
import type { Queryable } from '../db/db.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { formatDate, isIsoDate } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import { getFramework } from '../frameworks/repo.ts'
import { ruleDateOf, rulesInForce } from '../frameworks/deadlines.ts'
import type { Rule } from '../frameworks/types.ts'
import { loadChallenge } from './access.ts'
import { findChallenge, statedDatesOf, type ChallengeRow } from './repo.ts'
import { parseInput } from './schemas.ts'

/**
 * Due dates stated in documents (decision 0016). A report may state a date a rule would otherwise compute ("we
 * anticipate the next peer challenge before November 2021"); recorded here, it counts instead of the rule's date, and
 * the deadline shows both. One per rule of a challenge; recorded, corrected or withdrawn (with a reason) by the
 * programme office and the council's own officers, every change audited in its transaction.
 *
 * The importer records what it extracts with `recordStatedDateIn`, inside the transaction that saves the challenge.
 */

/** A day (2021-11-30) or a month (2021-11: due by its last day). */
const dueText = z
  .string({ message: 'Enter the date or the month stated' })
  .trim()
  .refine((v) => (/^\d{4}-\d{2}$/.test(v) ? isIsoDate(`${v}-01`) : isIsoDate(v)), {
    message: 'Enter a date such as 2021-11-30, or a month such as 2021-11',
  })

export const statedDateSchema = z.object({
  ruleCode: z.string({ message: 'Select the deadline' }).trim().min(1, 'Select the deadline').max(60),
  due: dueText,
  source: z
    .string({ message: 'Say where the date is stated' })
    .trim()
    .min(1, 'Say where the date is stated, for example “the report”')
    .max(500, 'Where it is stated must be 500 characters or fewer'),
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional().default(''),
})

const reason = z
  .string({ message: 'Enter the reason' })
  .trim()
  .min(10, 'Give the reason in at least 10 characters: it is kept in the history')
  .max(1000, 'The reason must be 1,000 characters or fewer')

export const statedDateCorrectionSchema = z.object({
  due: dueText.optional(),
  source: statedDateSchema.shape.source.optional(),
  note: z.string().trim().max(2000, 'The note must be 2,000 characters or fewer').optional(),
  reason,
})

export const statedDateWithdrawalSchema = z.object({ reason })

export interface StatedDateInput {
  /** The rule whose date the document states: 'next-review' for "the next peer challenge before ...". */
  ruleCode: string
  /** 'YYYY-MM-DD', or 'YYYY-MM' when the document gives only the month. */
  due: string
  /** Where it is stated, read as "stated in …": "the report", "the covering report to Cabinet". */
  source: string
  note?: string
}

/** '2021-11' -> the month's first day with month precision; a day as it is. */
function dueOf(text: string): { due: string; precision: 'day' | 'month' } {
  return text.length === 7 ? { due: `${text}-01`, precision: 'month' } : { due: text, precision: 'day' }
}

/** The rules of the challenge's framework in force for it: those a document may state a date for. */
async function applicableRules(db: Queryable, ch: ChallengeRow, today: string): Promise<Rule[]> {
  const framework = await getFramework(db, ch.frameworkId)
  const parent = ch.parentId ? await findChallenge(db, ch.parentId) : undefined
  return rulesInForce(framework?.rules ?? [], ruleDateOf(ch, parent, today))
}

/** The deadlines a date can be stated for, for the form. */
export async function statedRuleOptions(db: Queryable, ch: ChallengeRow, today: string) {
  return (await applicableRules(db, ch, today)).map((r) => ({ key: r.code, label: r.label }))
}

/**
 * Records a due date stated in a document for one of the challenge's rules, inside the caller's transaction (the
 * importer calls it while saving the challenge it created in the same transaction). Checks that the actor may
 * (the programme office, or the council's own officers), that the rule applies to the challenge by its date, and that
 * no date is stated for it yet; audits it (visible to the council).
 */
export async function recordStatedDateIn(
  tx: Queryable,
  ctx: Ctx,
  challengeId: number,
  input: StatedDateInput | unknown,
): Promise<{ id: number }> {
  const { ch } = await loadChallenge(ctx, challengeId, 'state-date', tx)
  const v = parseInput(statedDateSchema, input)
  const rule = (await applicableRules(tx, ch, ctx.clock.today())).find((r) => r.code === v.ruleCode)
  if (!rule) throw AppError.validation({ ruleCode: 'Select one of this challenge’s deadlines' })
  const existing = await tx.one<{ due: string; precision: 'day' | 'month' }>(
    `select due::text as due, precision from rule_overrides where challenge_id = $1 and rule_code = $2`,
    [challengeId, v.ruleCode],
  )
  if (existing)
    throw AppError.validation({
      ruleCode: `A date is already stated for “${rule.label}” (${formatDate(existing.due, existing.precision)}): correct it instead`,
    })
  const { due, precision } = dueOf(v.due)
  const row = (await tx.one<{ id: number }>(
    `insert into rule_overrides (challenge_id, rule_code, due, precision, source, note, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [challengeId, v.ruleCode, due, precision, v.source, v.note, userId(ctx.actor), ctx.clock.now()],
  ))!
  await audit(tx, ctx, {
    action: 'stated-date.recorded',
    visibility: 'council',
    entity: 'rule_override',
    entityId: row.id,
    challengeId,
    councilId: ch.councilId,
    after: { rule: v.ruleCode, due, precision, source: v.source, note: v.note },
  })
  return row
}

/** Records a due date stated in a document (its own transaction). See `recordStatedDateIn`. */
export async function recordStatedDate(
  ctx: Ctx,
  challengeId: number,
  input: StatedDateInput | unknown,
): Promise<{ id: number }> {
  return ctx.db.transaction((tx) => recordStatedDateIn(tx, ctx, challengeId, input))
}

async function stated(ctx: Ctx, challengeId: number, statedId: number) {
  const loaded = await loadChallenge(ctx, challengeId, 'state-date')
  const row = (await statedDatesOf(ctx.db, challengeId)).find((o) => o.id === statedId)
  if (!row) throw AppError.notFound('Stated date')
  const rule = (await getFramework(ctx.db, loaded.ch.frameworkId))?.rules.find((r) => r.code === row.ruleCode)
  return { ...loaded, row, label: rule?.label ?? row.ruleCode }
}

/** A stated date, to correct or withdraw. */
export async function getStatedDateForm(ctx: Ctx, challengeId: number, statedId: number) {
  const { row, label } = await stated(ctx, challengeId, statedId)
  return {
    stated: { ...row, label },
    values: {
      due: row.precision === 'month' ? row.due.slice(0, 7) : row.due,
      source: row.source,
      note: row.note,
      reason: '',
    },
  }
}

/** Corrects a stated date (the date, where it is stated, the note), with a reason; the audit log keeps what it was. */
export async function correctStatedDate(
  ctx: Ctx,
  challengeId: number,
  statedId: number,
  input: unknown,
): Promise<void> {
  const { ch, row } = await stated(ctx, challengeId, statedId)
  const v = parseInput(statedDateCorrectionSchema, input)
  const before = { rule: row.ruleCode, due: row.due, precision: row.precision, source: row.source, note: row.note }
  const after = {
    ...before,
    ...(v.due ? dueOf(v.due) : {}),
    source: v.source ?? row.source,
    note: v.note ?? row.note,
  }
  if (
    after.due === before.due &&
    after.precision === before.precision &&
    after.source === before.source &&
    after.note === before.note
  )
    throw AppError.validation({ due: 'Change the date, where it is stated or the note, or go back' })
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(
      `update rule_overrides set due = $3, precision = $4, source = $5, note = $6, corrected_at = $7, corrected_by = $8
        where id = $1 and challenge_id = $2 and due = $9 and source = $10 and note = $11 returning id`,
      [
        statedId,
        challengeId,
        after.due,
        after.precision,
        after.source,
        after.note,
        ctx.clock.now(),
        userId(ctx.actor),
        before.due,
        before.source,
        before.note,
      ],
    )
    if (!r.length)
      throw AppError.conflict('Someone else changed this date while you were looking at it. Reload the page.')
    await audit(tx, ctx, {
      action: 'stated-date.corrected',
      visibility: 'council',
      entity: 'rule_override',
      entityId: statedId,
      challengeId,
      councilId: ch.councilId,
      before,
      after: { ...after, reason: v.reason },
    })
  })
}

/** Withdraws a stated date recorded in error, with a reason: the rule's own date counts again. */
export async function withdrawStatedDate(
  ctx: Ctx,
  challengeId: number,
  statedId: number,
  input: unknown,
): Promise<void> {
  const { ch, row } = await stated(ctx, challengeId, statedId)
  const v = parseInput(statedDateWithdrawalSchema, input)
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(`delete from rule_overrides where id = $1 and challenge_id = $2 returning id`, [
      statedId,
      challengeId,
    ])
    if (!r.length) throw AppError.notFound('Stated date')
    await audit(tx, ctx, {
      action: 'stated-date.withdrawn',
      visibility: 'council',
      entity: 'rule_override',
      entityId: statedId,
      challengeId,
      councilId: ch.councilId,
      before: { rule: row.ruleCode, due: row.due, precision: row.precision, source: row.source, note: row.note },
      after: { reason: v.reason },
    })
  })
}
