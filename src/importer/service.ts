/**
 * The import journey: upload a document, review what was read beside the source, correct it, save it as a
 * challenge with its team and recommendations. The same file, or the same visit, is never recorded twice.
 */
import { z } from 'zod'
import { audit } from '../audit/audit.ts'
import { assertCan, type DocumentKind } from '../auth/policy.ts'
import { userId, type Ctx } from '../common/context.ts'
import type { Queryable } from '../db/db.ts'
import { isIsoDate, lastDayOfMonth } from '../common/dates.ts'
import { AppError } from '../common/errors.ts'
import { nextReference } from '../challenges/service.ts'
import type { Upload } from '../challenges/uploads.ts'
import { zodFields } from '../challenges/schemas.ts'
import { listFrameworks, getReviewType } from '../frameworks/repo.ts'
import { importDocument, loadRefs, type ImportResult } from './importer.ts'
import type { Evidence } from './text.ts'

interface ImportRow {
  id: number
  filename: string
  format: string
  sizeBytes: number
  sha256: string
  status: 'draft' | 'saved' | 'discarded'
  challengeId: number | null
  challengeReference: string | null
  createdAt: Date
  createdBy: string | null
}

const COLS = `i.id, i.filename, i.format, i.size_bytes as "sizeBytes", i.sha256, i.status, i.challenge_id as "challengeId",
  c.reference as "challengeReference", i.created_at as "createdAt", u.name as "createdBy"`
const FROM = `imports i left join challenges c on c.id = i.challenge_id left join users u on u.id = i.created_by`

export async function listImports(ctx: Ctx) {
  assertCan(ctx.actor, 'import-documents')
  const imports = await ctx.db.query<ImportRow & { council: string | null; kind: string | null }>(
    `select ${COLS}, i.extraction->'summary'->'council'->>'name' as council, i.extraction->'summary'->>'documentKind' as kind
       from ${FROM} order by i.created_at desc, i.id desc limit 200`,
  )
  return { imports }
}

/** Reads an uploaded file and keeps it as a draft import; the same file uploaded again returns the earlier import. */
export async function uploadImport(ctx: Ctx, file: Upload | null): Promise<{ id: number; duplicate: boolean }> {
  assertCan(ctx.actor, 'import-documents')
  if (!file || !file.filename) throw AppError.validation({ file: 'Select a PDF, Word, text or web page file' })
  const refs = await loadRefs(ctx.db)
  const result = await importDocument(file.data, file.filename, refs)
  const same = await ctx.db.one<{ id: number }>(
    `select id from imports where sha256 = $1 and status <> 'discarded' order by id limit 1`,
    [result.source.sha256],
  )
  if (same) return { id: same.id, duplicate: true }
  return ctx.db.transaction(async (tx) => {
    const { text, ...stored } = result
    const row = await tx.one<{ id: number }>(
      `insert into imports (filename, format, size_bytes, sha256, content, text, extraction, created_by, created_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning id`,
      [
        result.source.filename.slice(-200),
        result.source.format,
        result.source.bytes,
        result.source.sha256,
        file.data,
        text,
        JSON.stringify(stored),
        userId(ctx.actor),
        ctx.clock.now(),
      ],
    )
    await audit(tx, ctx, {
      action: 'import.uploaded',
      visibility: 'programme',
      entity: 'import',
      entityId: row!.id,
      after: { filename: result.source.filename, sha256: result.source.sha256, summary: result.summary },
    })
    return { id: row!.id, duplicate: false }
  })
}

type Stored = Omit<ImportResult, 'text'>

async function loadImport(ctx: Ctx, id: number) {
  assertCan(ctx.actor, 'import-documents')
  const row = await ctx.db.one<ImportRow & { text: string; extraction: Stored }>(
    `select ${COLS}, i.text, i.extraction from ${FROM} where i.id = $1`,
    [id],
  )
  if (!row) throw AppError.notFound('Import')
  return row
}

const CONF = (c: number) => (c >= 0.85 ? 'high' : c >= 0.6 ? 'medium' : c > 0 ? 'low' : 'none')

/** The review page: each field with its confidence and evidence, the source text with the evidence marked. */
export async function getImport(ctx: Ctx, id: number) {
  const row = await loadImport(ctx, id)
  const { text, extraction, ...meta } = row
  const f = extraction.fields
  const marks: { start: number; end: number; label: string }[] = []
  const evIds = new Map<string, string>()
  const mark = (label: string, evs: Evidence[]) => {
    for (const e of evs.slice(0, 12)) marks.push({ start: e.start, end: e.end, label })
  }
  mark('Kind of document', f.documentKind.evidence)
  mark('Council', f.council.evidence)
  mark('On-site dates', f.onSite.evidence)
  mark('Themes', f.themes.evidence)
  mark('Extra scope', f.additionalScope.evidence)
  f.peers.value.forEach((p) => mark(`Peer: ${p.name}`, [p.evidence]))
  f.keyRecommendations.value.forEach((r, i) => mark(`Recommendation ${i + 1}`, [r.evidence]))
  for (const [k, v] of Object.entries(f.stats)) mark(`Figure: ${k}`, v.evidence)
  for (const [k, v] of Object.entries(f.nextSteps)) mark(`Next steps: ${k}`, v.evidence)
  mark('Meeting', f.meeting.evidence)
  // non-overlapping, in text order; each field links to its first mark
  marks.sort((a, b) => a.start - b.start || b.end - a.end)
  const segments: { text: string; id?: string; label?: string }[] = []
  let pos = 0
  let n = 0
  for (const m of marks) {
    if (m.start < pos || m.end <= m.start || m.end > text.length) continue
    if (m.start > pos) segments.push({ text: text.slice(pos, m.start) })
    const idAttr = `ev-${++n}`
    if (!evIds.has(m.label)) evIds.set(m.label, idAttr)
    segments.push({ text: text.slice(m.start, m.end), id: idAttr, label: m.label })
    pos = m.end
  }
  if (pos < text.length) segments.push({ text: text.slice(pos) })
  const anchor = (label: string) => evIds.get(label) ?? null
  const councils = await ctx.db.query<{ code: string; name: string }>(
    `select code, nice_name as name from councils order by nice_name`,
  )
  const frameworks = (await listFrameworks(ctx.db))
    .filter((fw) => fw.themes.length)
    .map((fw) => ({ code: fw.code, name: fw.name, reviewType: fw.reviewType }))
  const existing = await findExisting(
    ctx.db,
    extraction.summary.council?.registerCode ?? null,
    extraction.summary.reviewType ?? 'cpc',
    extraction.summary.onSite?.start ?? null,
  )
  return {
    import: meta,
    source: extraction.source,
    summary: extraction.summary,
    fields: f,
    confidence: {
      documentKind: CONF(f.documentKind.confidence),
      council: CONF(f.council.confidence),
      onSite: CONF(f.onSite.confidence),
      framework: CONF(f.framework.confidence),
      peers: CONF(f.peers.confidence),
      keyRecommendations: CONF(f.keyRecommendations.confidence),
    },
    anchors: {
      documentKind: anchor('Kind of document'),
      council: anchor('Council'),
      onSite: anchor('On-site dates'),
      themes: anchor('Themes'),
      scope: anchor('Extra scope'),
      meeting: anchor('Meeting'),
      peers: f.peers.value.map((p) => anchor(`Peer: ${p.name}`)),
      recommendations: f.keyRecommendations.value.map((_r, i) => anchor(`Recommendation ${i + 1}`)),
    },
    segments,
    councils,
    frameworks,
    existing,
  }
}

async function findExisting(db: Queryable, councilCode: string | null, reviewType: string, onsiteStart: string | null) {
  if (!councilCode || !onsiteStart) return null
  const start = onsiteStart.length === 7 ? `${onsiteStart}-01` : onsiteStart
  const end = onsiteStart.length === 7 ? lastDayOfMonth(start) : onsiteStart
  return (
    (await db.one<{ id: number; reference: string }>(
      `select c.id, c.reference from challenges c join councils co on co.id = c.council_id
        where co.code = $1 and c.review_type = $2 and c.onsite_start between ($3::date - 7) and ($4::date + 7)
        order by c.id limit 1`,
      [councilCode, reviewType, start, end],
    )) ?? null
  )
}

const bool = z.preprocess(
  (v) => v === true || v === 'yes' || v === 'on' || v === 'true' || v === undefined,
  z.boolean(),
)

const dateOrMonth = z
  .string()
  .trim()
  .refine(
    (s) => isIsoDate(s) || (/^\d{4}-\d{2}$/.test(s) && isIsoDate(`${s}-01`)),
    'Enter a date as YYYY-MM-DD, or a month as YYYY-MM',
  )

export const saveSchema = z.object({
  councilCode: z.string().trim().min(1, 'Select the council the document is about'),
  reviewType: z.string().trim().default('cpc'),
  frameworkCode: z.string().trim().min(1, 'Select the framework'),
  onsiteStart: dateOrMonth,
  onsiteEnd: dateOrMonth,
  peers: z
    .array(
      z.object({
        include: bool,
        name: z.string().trim().min(1, 'Enter the peer’s name').max(200),
        title: z.string().trim().max(300).default(''),
        organisation: z.string().trim().max(300).default(''),
        kind: z.enum(['member', 'officer', 'lga'], { message: 'Select member, officer or LGA' }),
      }),
    )
    .max(20)
    .default([]),
  recommendations: z
    .array(
      z.object({
        include: bool,
        title: z.string().trim().min(1, 'Enter the recommendation').max(1000),
        body: z.string().trim().max(20000).default(''),
      }),
    )
    .max(60)
    .default([]),
})

/** Turns a form's "peers.0.name" keys into nested arrays (JSON clients send the nested shape directly). */
export function unflatten(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(body ?? {})) {
    const parts = k.split('.')
    if (parts.length === 1) {
      out[k] = v
      continue
    }
    let node = out as Record<string, unknown>
    parts.forEach((p, i) => {
      const last = i === parts.length - 1
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!)
      if (last) node[p] = v
      else {
        node[p] ??= nextIsIndex ? [] : {}
        node = node[p] as Record<string, unknown>
      }
    })
  }
  for (const k of ['peers', 'recommendations'])
    if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).filter(Boolean)
  return out
}

function roleFor(p: { kind: string; title: string }, leadTaken: boolean): string {
  if (p.kind === 'member') return 'member-peer'
  if (p.kind === 'lga')
    return /peer challenge manager|programme manager|project manager/i.test(p.title) ? 'pcm' : 'lga-adviser'
  if (!leadTaken && /chief executive/i.test(p.title) && !/deputy|assistant/i.test(p.title)) return 'lead-peer'
  if (/financ|s151|section 151|treasurer/i.test(p.title)) return 'finance-peer'
  return 'officer-peer'
}

/** Saves the reviewed import as a challenge (or links it to the challenge already recorded for that visit). */
export async function saveImport(
  ctx: Ctx,
  id: number,
  input: unknown,
): Promise<{ challengeId: number; reference: string; created: boolean }> {
  const row = await loadImport(ctx, id)
  const parsed = saveSchema.safeParse(input ?? {})
  if (!parsed.success) throw AppError.validation(zodFields(parsed.error))
  const v = parsed.data
  const errors: Record<string, string> = {}
  const council = await ctx.db.one<{ id: number; code: string; lastDay: string | null; startDate: string | null }>(
    `select id, code, last_day::text as "lastDay", start_date::text as "startDate" from councils where code = $1`,
    [v.councilCode.toUpperCase()],
  )
  if (!council) errors['councilCode'] = 'Select the council the document is about'
  const type = await getReviewType(ctx.db, v.reviewType)
  if (!type) errors['reviewType'] = 'Select the type of review'
  const framework = (await listFrameworks(ctx.db)).find((f) => f.code === v.frameworkCode)
  if (!framework || (type && framework.reviewType !== type.code))
    errors['frameworkCode'] = 'Select a framework for this type of review'
  const month = v.onsiteStart.length === 7
  const start = month ? `${v.onsiteStart}-01` : v.onsiteStart
  const end = v.onsiteEnd.length === 7 ? lastDayOfMonth(`${v.onsiteEnd}-01`) : v.onsiteEnd
  if (end < start) errors['onsiteEnd'] = 'The last day on site must be on or after the first'
  if (council?.lastDay && council.lastDay < start) errors['councilCode'] = `The council no longer existed on ${start}`
  if (council?.startDate && council.startDate > start)
    errors['councilCode'] = `The council did not yet exist on ${start}`
  if (Object.keys(errors).length) throw AppError.validation(errors)
  const peers = v.peers.filter((p) => p.include)
  const recs = v.recommendations.filter((r) => r.include)
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    const locked = await tx.one<{ status: string; challengeId: number | null }>(
      `select status, challenge_id as "challengeId" from imports where id = $1 for update`,
      [id],
    )
    if (locked?.status === 'saved' && locked.challengeId) {
      const c = await tx.one<{ reference: string }>(`select reference from challenges where id = $1`, [
        locked.challengeId,
      ])
      return { challengeId: locked.challengeId, reference: c!.reference, created: false }
    }
    if (locked?.status === 'discarded')
      throw AppError.conflict('This import was discarded; upload the file again to import it')
    const existing = await findExisting(tx, council!.code, type!.code, month ? v.onsiteStart : start)
    if (existing) {
      await tx.query(`update imports set status = 'saved', challenge_id = $2, saved_at = $3 where id = $1`, [
        id,
        existing.id,
        now,
      ])
      await audit(tx, ctx, {
        action: 'import.linked',
        visibility: 'programme',
        entity: 'import',
        entityId: id,
        challengeId: existing.id,
        councilId: council!.id,
        after: { challenge: existing.reference, reason: 'this visit is already recorded' },
      })
      return { challengeId: existing.id, reference: existing.reference, created: false }
    }
    const reference = await nextReference(tx, type!.shortName, Number(start.slice(0, 4)), council!.code)
    const stage = type!.workflow.stages.some((s) => s.key === 'final')
      ? 'final'
      : (type!.workflow.stages.find((s) => s.held)?.key ?? type!.workflow.stages[0]!.key)
    const ch = await tx.one<{ id: number }>(
      `insert into challenges (reference, council_id, review_type, framework_id, stage, onsite_start, onsite_end, onsite_precision, notes, created_at, updated_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) returning id`,
      [
        reference,
        council!.id,
        type!.code,
        framework!.id,
        stage,
        start,
        end,
        month ? 'month' : 'day',
        `Imported from ${row.filename}`,
        now,
      ],
    )
    const challengeId = ch!.id
    await tx.query(
      `insert into stage_history (challenge_id, from_stage, to_stage, note, actor_id, at) values ($1, null, $2, $3, $4, $5)`,
      [challengeId, stage, `Imported from ${row.filename}`, userId(ctx.actor), now],
    )
    const scope = (row.extraction.summary.additionalScope ?? []) as string[]
    for (const [i, text] of scope.entries())
      await tx.query(`insert into focus_areas (challenge_id, position, text) values ($1, $2, $3)`, [
        challengeId,
        i + 1,
        text.slice(0, 500),
      ])
    let lead = false
    for (const [i, p] of peers.entries()) {
      let person = await tx.one<{ id: number }>(
        `select id from people where lower(name) = lower($1) and coalesce(lower(organisation), '') = lower($2) order by id limit 1`,
        [p.name, p.organisation],
      )
      person ??= await tx.one<{ id: number }>(
        `insert into people (name, title, organisation, kind) values ($1, $2, $3, $4) returning id`,
        [p.name, p.title || null, p.organisation || null, p.kind],
      )
      const role = roleFor(p, lead)
      if (role === 'lead-peer') lead = true
      await tx.query(
        `insert into team_members (challenge_id, person_id, role, title, organisation, position) values ($1,$2,$3,$4,$5,$6) on conflict (challenge_id, person_id) do nothing`,
        [challengeId, person!.id, role, p.title || null, p.organisation || null, i + 1],
      )
    }
    for (const [i, r] of recs.entries()) {
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title, body, locked_at) values ($1, 'key', $2, $3, $4, $5)`,
        [challengeId, i + 1, r.title, r.body, stage === 'final' ? now : null],
      )
    }
    const kind: DocumentKind =
      row.extraction.summary.documentKind === 'feedback-report'
        ? 'final-report'
        : row.extraction.summary.documentKind === 'progress-review'
          ? 'progress-review-report'
          : 'other'
    const doc = await tx.one<{ id: number }>(
      `insert into documents (challenge_id, kind, title, created_at) values ($1, $2, $3, $4) returning id`,
      [challengeId, kind, row.filename, now],
    )
    await tx.query(
      `insert into document_versions (document_id, version, filename, content_type, size_bytes, sha256, content, note, uploaded_by, uploaded_at)
       select $1, 1, filename, $2, size_bytes, sha256, content, 'Imported', $3, $4 from imports where id = $5`,
      [
        doc!.id,
        row.format === 'pdf'
          ? 'application/pdf'
          : row.format === 'docx'
            ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            : row.format === 'html'
              ? 'text/html; charset=utf-8'
              : 'text/plain; charset=utf-8',
        userId(ctx.actor),
        now,
        id,
      ],
    )
    await tx.query(`update imports set status = 'saved', challenge_id = $2, saved_at = $3 where id = $1`, [
      id,
      challengeId,
      now,
    ])
    await audit(tx, ctx, {
      action: 'challenge.imported',
      visibility: 'council',
      entity: 'challenge',
      entityId: challengeId,
      challengeId,
      councilId: council!.id,
      after: {
        reference,
        import: id,
        file: row.filename,
        framework: framework!.code,
        onsiteStart: start,
        onsiteEnd: end,
        peers: peers.map((p) => p.name),
        recommendations: recs.map((r) => r.title),
      },
    })
    return { challengeId, reference, created: true }
  })
}

export async function discardImport(ctx: Ctx, id: number): Promise<void> {
  const row = await loadImport(ctx, id)
  if (row.status === 'saved') throw AppError.conflict('This import is saved as a challenge; it cannot be discarded')
  await ctx.db.transaction(async (tx) => {
    await tx.query(`update imports set status = 'discarded' where id = $1`, [id])
    await audit(tx, ctx, { action: 'import.discarded', visibility: 'programme', entity: 'import', entityId: id })
  })
}

/** The values the review form starts with: what was extracted. */
export function formValues(summary: ImportResult['summary'], fields: ImportResult['fields']) {
  return {
    councilCode: summary.council?.registerCode ?? '',
    reviewType: summary.reviewType ?? 'cpc',
    frameworkCode: summary.framework ?? '',
    onsiteStart: summary.onSite?.start ?? '',
    onsiteEnd: summary.onSite?.end ?? '',
    peers: summary.peers.map((p) => ({
      include: true,
      name: p.name,
      title: p.title ?? '',
      organisation: p.organisation ?? '',
      kind: p.kind,
    })),
    recommendations: fields.keyRecommendations.value.map((r) => ({ include: true, title: r.title, body: r.body })),
  }
}
