/**
 * The review queue (issue 16): a value a document gave with less confidence than the threshold is saved but stays
 * unconfirmed, shown as such on the challenge, until the programme office confirms it or corrects it. The threshold
 * and the fields are data (reference/review.json, with its source).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { audit } from '../audit/audit.ts'
import { assertCan } from '../auth/policy.ts'
import { userId, type Ctx } from '../common/context.ts'
import { isIsoDate } from '../common/dates.ts'
import { AppError } from '../common/errors.ts'
import type { Queryable } from '../db/db.ts'
import { zodFields } from '../challenges/schemas.ts'
import type { ImportResult } from './importer.ts'

interface ReviewRules {
  schemaVersion: 1
  version: string
  source: string
  threshold: number
  fields: { key: string; label: string; correctable?: boolean }[]
}

export const REVIEW_RULES: ReviewRules = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'review.json'), 'utf8'),
)

type Stored = Omit<ImportResult, 'text'>

/** The values of an extraction below the threshold, with what was read and how sure the reader was. */
export function lowConfidence(x: Pick<Stored, 'fields' | 'summary'>, threshold = REVIEW_RULES.threshold) {
  const f = x.fields
  const stats = Object.entries(f.stats).filter(([, v]) => v.value !== null)
  const candidates: Record<string, { value: unknown; confidence: number } | null> = {
    documentKind: { value: f.documentKind.value, confidence: f.documentKind.confidence },
    council: f.council.value ? { value: f.council.value.name, confidence: f.council.confidence } : null,
    onSite: f.onSite.value
      ? { value: { start: f.onSite.value.start, end: f.onSite.value.end }, confidence: f.onSite.confidence }
      : null,
    // not named in the document: the framework in force on the visit's date was taken, which nobody has checked
    framework: f.framework.value
      ? { value: f.framework.value.name, confidence: f.framework.confidence }
      : f.onSite.value
        ? { value: 'the framework in force on the first day on site', confidence: 0 }
        : null,
    peers: f.peers.value.length ? { value: f.peers.value.map((p) => p.name), confidence: f.peers.confidence } : null,
    keyRecommendations: f.keyRecommendations.value.length
      ? { value: f.keyRecommendations.value.map((r) => r.title), confidence: f.keyRecommendations.confidence }
      : null,
    figures: stats.length
      ? {
          value: Object.fromEntries(stats.map(([k, v]) => [k, v.value])),
          confidence: Math.min(...stats.map(([, v]) => v.confidence)),
        }
      : null,
    nextChallengeBy: f.nextSteps.nextChallengeBy.value
      ? { value: f.nextSteps.nextChallengeBy.value, confidence: f.nextSteps.nextChallengeBy.confidence }
      : null,
    meeting: f.meeting.value
      ? { value: { body: f.meeting.value.body, date: f.meeting.value.date }, confidence: f.meeting.confidence }
      : null,
  }
  return REVIEW_RULES.fields.flatMap((d) => {
    const c = candidates[d.key]
    return c && c.confidence < threshold ? [{ field: d.key, label: d.label, ...c }] : []
  })
}

/** Queues the unconfirmed values of a saved import (once: a resumed job adds nothing twice). */
export async function recordReviews(tx: Queryable, importId: number, challengeId: number, x: Stored): Promise<number> {
  let n = 0
  for (const r of lowConfidence(x)) {
    const rows = await tx.query(
      `insert into import_field_reviews (import_id, challenge_id, field, label, value, confidence)
       values ($1, $2, $3, $4, $5, $6) on conflict (import_id, field) do nothing returning id`,
      [importId, challengeId, r.field, r.label, JSON.stringify(r.value), r.confidence],
    )
    n += rows.length
  }
  return n
}

/** The fields of a challenge still unconfirmed: its presenter marks them, so nothing unconfirmed reads as fact. */
export async function unconfirmedOf(db: Queryable, challengeId: number): Promise<{ field: string; label: string }[]> {
  return db.query(
    `select field, label from import_field_reviews where challenge_id = $1 and status = 'unconfirmed' order by id`,
    [challengeId],
  )
}

const PAGE = 100

/** The queue: unconfirmed values, oldest first, with the challenge and the document they came from. */
export async function reviewQueue(ctx: Ctx, query: { page?: string } = {}) {
  assertCan(ctx.actor, 'import-documents')
  const page = Math.max(1, Math.min(10000, Number.parseInt(query.page ?? '1', 10) || 1))
  const total = (await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from import_field_reviews where status = 'unconfirmed'`,
  ))!.n
  const items = await ctx.db.query<{
    id: number
    field: string
    label: string
    value: unknown
    confidence: number
    challengeId: number
    reference: string
    importId: number
    filename: string
  }>(
    `select r.id, r.field, r.label, r.value, r.confidence, r.challenge_id as "challengeId", c.reference,
            r.import_id as "importId", i.filename
       from import_field_reviews r join challenges c on c.id = r.challenge_id join imports i on i.id = r.import_id
      where r.status = 'unconfirmed' order by r.id limit $1 offset $2`,
    [PAGE, (page - 1) * PAGE],
  )
  const correctable = new Set(REVIEW_RULES.fields.filter((f) => f.correctable).map((f) => f.key))
  return {
    items: items.map((i) => ({
      ...i,
      confidence: Math.round(i.confidence * 100) / 100,
      text: describe(i.field, i.value),
      correctable: correctable.has(i.field),
    })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE)),
    threshold: REVIEW_RULES.threshold,
  }
}

/** A stored value in words, for the queue's table. */
export function describe(field: string, v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join('; ')
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    if (field === 'onSite') return `${String(o['start'])} to ${String(o['end'])}`
    if (field === 'meeting') return `${String(o['body'])}${o['date'] ? `, ${String(o['date'])}` : ''}`
    return Object.entries(o)
      .map(([k, x]) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${String(x)}`)
      .join(', ')
  }
  return String(v).replace(/-/g, ' ')
}

export const confirmSchema = z.object({
  ids: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.coerce.number().int().min(1).max(2147483647)).min(1, 'Select the values to confirm').max(1000),
  ),
})

/** Confirms the selected values as read (in one transaction, each audited). */
export async function confirmReviews(ctx: Ctx, input: unknown): Promise<{ confirmed: number }> {
  assertCan(ctx.actor, 'import-documents')
  const parsed = confirmSchema.safeParse(input ?? {})
  if (!parsed.success) throw AppError.validation(zodFields(parsed.error))
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: number; challengeId: number; field: string; value: unknown }>(
      `update import_field_reviews set status = 'confirmed', decided_by = $2, decided_at = $3
        where id = any($1::int[]) and status = 'unconfirmed'
        returning id, challenge_id as "challengeId", field, value`,
      [parsed.data.ids, userId(ctx.actor), ctx.clock.now()],
    )
    for (const r of rows)
      await audit(tx, ctx, {
        action: 'import.value-confirmed',
        visibility: 'programme',
        entity: 'import-field-review',
        entityId: r.id,
        challengeId: r.challengeId,
        after: { field: r.field, value: r.value },
      })
    return { confirmed: rows.length }
  })
}

const count = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z.coerce.number().int('Enter a whole number').min(0, 'Enter 0 or more').max(100000).nullable(),
)
export const correctSchema = z.object({
  start: z.string().trim().default(''),
  end: z.string().trim().default(''),
  peopleMet: count.optional(),
  meetings: count.optional(),
  interviews: count.optional(),
  hours: count.optional(),
  personWeeksEquivalent: count.optional(),
})

/** One value corrected: on-site dates or figures written to the challenge, in the same transaction as the review. */
export async function correctReview(ctx: Ctx, id: number, input: unknown): Promise<{ challengeId: number }> {
  assertCan(ctx.actor, 'import-documents')
  const r = await ctx.db.one<{ id: number; field: string; status: string; challengeId: number; value: unknown }>(
    `select id, field, status, challenge_id as "challengeId", value from import_field_reviews where id = $1`,
    [id],
  )
  if (!r) throw AppError.notFound('Value to review')
  if (r.status !== 'unconfirmed') throw AppError.conflict('This value has already been confirmed or corrected')
  const parsed = correctSchema.safeParse(input ?? {})
  if (!parsed.success) throw AppError.validation(zodFields(parsed.error))
  const v = parsed.data
  let corrected: unknown
  if (r.field === 'onSite') {
    const errors: Record<string, string> = {}
    if (!isIsoDate(v.start)) errors['start'] = 'Enter the first day on site as YYYY-MM-DD'
    if (!isIsoDate(v.end)) errors['end'] = 'Enter the last day on site as YYYY-MM-DD'
    if (!Object.keys(errors).length && v.end < v.start) errors['end'] = 'The last day must be on or after the first'
    if (Object.keys(errors).length) throw AppError.validation(errors)
    corrected = { start: v.start, end: v.end }
  } else if (r.field === 'figures') {
    const keys = ['peopleMet', 'meetings', 'interviews', 'hours', 'personWeeksEquivalent'] as const
    corrected = Object.fromEntries(keys.map((k) => [k, v[k] ?? null]))
  } else throw AppError.conflict('This value is corrected on the challenge itself; then confirm it here')
  await ctx.db.transaction(async (tx) => {
    if (r.field === 'onSite') {
      const c = corrected as { start: string; end: string }
      await tx.query(
        `update challenges set onsite_start = $2, onsite_end = $3, onsite_precision = 'day', updated_at = $4 where id = $1`,
        [r.challengeId, c.start, c.end, ctx.clock.now()],
      )
    } else {
      const c = corrected as Record<string, number | null>
      await tx.query(`update stated_facts set value = value || $2::jsonb where challenge_id = $1 and key = 'figures'`, [
        r.challengeId,
        JSON.stringify({
          peopleMet: c['peopleMet'],
          meetings: c['meetings'],
          interviews: c['interviews'],
          hours: c['hours'],
          personWeeks: c['personWeeksEquivalent'],
        }),
      ])
    }
    await tx.query(
      `update import_field_reviews set status = 'corrected', corrected = $2, decided_by = $3, decided_at = $4 where id = $1`,
      [id, JSON.stringify(corrected), userId(ctx.actor), ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'import.value-corrected',
      visibility: 'council',
      entity: 'challenge',
      entityId: r.challengeId,
      challengeId: r.challengeId,
      before: { [r.field]: r.value },
      after: { [r.field]: corrected },
    })
  })
  return { challengeId: r.challengeId }
}

/** One value to correct, for its form. */
export async function getReview(ctx: Ctx, id: number) {
  assertCan(ctx.actor, 'import-documents')
  const r = await ctx.db.one<{
    id: number
    field: string
    label: string
    value: unknown
    confidence: number
    status: 'unconfirmed' | 'confirmed' | 'corrected'
    challengeId: number
    reference: string
    filename: string
  }>(
    `select r.id, r.field, r.label, r.value, r.confidence, r.status, r.challenge_id as "challengeId", c.reference, i.filename
       from import_field_reviews r join challenges c on c.id = r.challenge_id join imports i on i.id = r.import_id
      where r.id = $1`,
    [id],
  )
  if (!r) throw AppError.notFound('Value to review')
  return {
    review: { ...r, text: describe(r.field, r.value), confidence: Math.round(r.confidence * 100) / 100 },
    correctable: REVIEW_RULES.fields.some((f) => f.key === r.field && f.correctable),
    values: r.field === 'onSite' ? r.value : r.field === 'figures' ? r.value : {},
  }
}
