/**
 * The import journey: upload a document, review what was read beside the source, correct it, save it as a
 * challenge with its team and recommendations. The same file, or the same visit, is never recorded twice.
 */
import { classifyPending } from '../themes/repo.ts'
import { z } from 'zod'
import { audit } from '../audit/audit.ts'
import { assertCan, type DocumentKind } from '../auth/policy.ts'
import { userId, type Ctx } from '../common/context.ts'
import type { Queryable } from '../db/db.ts'
import { isIsoDate, lastDayOfMonth } from '../common/dates.ts'
import { AppError } from '../common/errors.ts'
import { nextReference } from '../challenges/service.ts'
import { challengeFacts, findChallenge } from '../challenges/repo.ts'
import { recordEventIn, transitionIn } from '../challenges/lifecycle.ts'
import { insertRecordedMeeting } from '../action-plans/repo.ts'
import { recordStatedDateIn } from '../challenges/stated-dates.ts'
import type { Upload } from '../challenges/uploads.ts'
import { zodFields } from '../challenges/schemas.ts'
import { frameworkInForce, listFrameworks, getReviewType } from '../frameworks/repo.ts'
import { importDocument, type ImportResult } from './importer.ts'
import { loadRefs } from './refs.ts'
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
export async function uploadImport(
  ctx: Ctx,
  file: Upload | null,
  opts: { bulkJobId?: string; read?: ImportResult } = {},
): Promise<{ id: number; duplicate: boolean }> {
  assertCan(ctx.actor, 'import-documents')
  if (!file || !file.filename) throw AppError.validation({ file: 'Select a PDF, Word, text or web page file' })
  const result = opts.read ?? (await importDocument(file.data, file.filename, await loadRefs(ctx.db)))
  const same = await ctx.db.one<{ id: number }>(
    `select id from imports where sha256 = $1 and status <> 'discarded' order by id limit 1`,
    [result.source.sha256],
  )
  if (same) return { id: same.id, duplicate: true }
  return ctx.db.transaction(async (tx) => {
    const { text, ...stored } = result
    const row = await tx.one<{ id: number }>(
      `insert into imports (filename, format, size_bytes, sha256, content, text, extraction, created_by, created_at, bulk_job_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning id`,
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
        opts.bulkJobId ?? null,
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
  const all = await listFrameworks(ctx.db)
  const frameworks = all
    .filter((fw) => fw.themes.length)
    .map((fw) => ({
      code: fw.code,
      name: fw.name,
      reviewType: fw.reviewType,
      themes: fw.themes.map((t) => ({ key: t.key, title: t.title })),
    }))
  // a framework the document does not name: the one in force on its first day on site, offered for checking (as the
  // bulk import takes it)
  const start = extraction.summary.onSite?.start ?? null
  const read =
    all.find((fw) => fw.code === extraction.summary.framework) ??
    (start
      ? await frameworkInForce(
          ctx.db,
          extraction.summary.reviewType ?? 'cpc',
          start.length === 7 ? `${start}-01` : start,
        )
      : undefined)
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
    /** What the review form starts with: what was read. */
    values: { ...formValues(extraction.summary, f, read?.themes ?? []), ...(read ? { frameworkCode: read.code } : {}) },
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

const optionalCount = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z.coerce.number().int('Enter a whole number').min(0).max(100000).nullable(),
)
const text = (max: number) => z.string().trim().max(max).default('')
const IMPORT_ROLES = [
  'lead-peer',
  'member-peer',
  'officer-peer',
  'finance-peer',
  'pcm',
  'lga-adviser',
  'shadow',
] as const
const DOC_KINDS = [
  'feedback-report',
  'progress-review',
  'covering-report',
  'progress-report',
  'action-plan',
  'position-statement',
  'minutes',
  'web-page',
] as const

export const saveSchema = z.object({
  documentKind: z.enum(DOC_KINDS, { message: 'Select what kind of document this is' }).default('feedback-report'),
  councilCode: z.string().trim().min(1, 'Select the council the document is about'),
  /** the second council of a joint challenge */
  jointCouncilCode: z.string().trim().default(''),
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
        role: z.enum(IMPORT_ROLES, { message: 'Select the role on the team' }).optional(),
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
  themeRecommendations: z
    .array(
      z.object({
        include: bool,
        themeKey: z.string().trim().min(1, 'Select the theme'),
        title: z.string().trim().min(1, 'Enter the recommendation').max(1000),
        body: z.string().trim().max(20000).default(''),
      }),
    )
    .max(120)
    .default([]),
  principalAdviser: z
    .object({
      name: text(200),
      email: text(200).refine((e) => !e || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e), 'Enter an email address'),
      phone: text(40),
    })
    .default({ name: '', email: '', phone: '' }),
  figures: z
    .object({
      peopleMet: optionalCount,
      meetings: optionalCount,
      interviews: optionalCount,
      hours: optionalCount,
      personWeeks: optionalCount,
    })
    .default({ peopleMet: null, meetings: null, interviews: null, hours: null, personWeeks: null }),
  nextSteps: z
    .object({ followUp: text(500), checkIn: text(500), progressReview: text(500), nextChallengeBy: text(10) })
    .default({ followUp: '', checkIn: '', progressReview: '', nextChallengeBy: '' }),
  previousChallenge: text(10),
  meetings: z
    .array(
      z.object({
        include: bool,
        name: z.string().trim().min(1, 'Enter the committee').max(200),
        date: z.string().trim().refine(isIsoDate, 'Enter the meeting’s date as YYYY-MM-DD'),
        decision: z.enum(['noted', 'comments', 'approved', 'deferred', 'rejected']).default('noted'),
      }),
    )
    .max(10)
    .default([]),
  publishedOn: z
    .string()
    .trim()
    .default('')
    .refine((d) => !d || isIsoDate(d), 'Enter the date the report was published as YYYY-MM-DD, or leave it empty'),
  publishedWhere: text(500),
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

/**
 * Each peer's role on the team, as a report lists them: the first chief executive leads; LGA staff are the peer
 * challenge manager (named so, or the one LGA person whose title says nothing else) or advisers; finance people are
 * the finance peer; trainees shadow.
 */
export function rolesFor(peers: { kind: string; title: string }[]): (typeof IMPORT_ROLES)[number][] {
  const lgaCandidates = peers.filter((p) => p.kind === 'lga' && !/financ/i.test(p.title))
  const namedPcm = lgaCandidates.some((p) => /peer challenge manager|programme manager|project manager/i.test(p.title))
  let lead = false
  let pcm = false
  return peers.map((p) => {
    if (p.kind === 'member') return 'member-peer'
    if (/financ|s151|section 151|treasurer/i.test(p.title)) return 'finance-peer'
    if (p.kind === 'lga') {
      const isPcm = namedPcm
        ? /peer challenge manager|programme manager|project manager/i.test(p.title)
        : !pcm && (!p.title || /regional adviser|adviser/i.test(p.title) || lgaCandidates.length === 1)
      if (isPcm && !pcm) {
        pcm = true
        return 'pcm'
      }
      return 'lga-adviser'
    }
    if (/trainee|graduate|shadow/i.test(p.title)) return 'shadow'
    if (!lead && /chief executive|managing director/i.test(p.title) && !/deputy|assistant/i.test(p.title)) {
      lead = true
      return 'lead-peer'
    }
    return 'officer-peer'
  })
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
  const joint = v.jointCouncilCode
    ? await ctx.db.one<{ id: number }>(`select id from councils where code = $1`, [v.jointCouncilCode.toUpperCase()])
    : null
  if (v.jointCouncilCode && !joint) errors['jointCouncilCode'] = 'Select the other council of the joint challenge'
  if (joint && council && joint.id === council.id)
    errors['jointCouncilCode'] = 'The other council of a joint challenge must be another council'
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
  const themeRecs = v.themeRecommendations.filter((r) => r.include)
  const summary = row.extraction.summary
  if (framework) {
    const keys = new Set(framework.themes.map((t) => t.key))
    v.themeRecommendations.forEach((r, i) => {
      if (r.include && !keys.has(r.themeKey))
        errors[`themeRecommendations.${i}.themeKey`] = 'Select one of the framework’s themes'
    })
  }
  if (v.publishedOn && v.publishedOn < end) errors['publishedOn'] = 'Publication cannot be before the last day on site'
  if (Object.keys(errors).length) throw AppError.validation(errors)
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
      `insert into challenges (reference, council_id, review_type, framework_id, stage, onsite_start, onsite_end, onsite_precision, notes, created_at, updated_at, joint_council_id)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10,$11) returning id`,
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
        joint?.id ?? null,
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
    const roles = rolesFor(peers)
    for (const [i, p] of peers.entries()) {
      // A title in a report is the title then ("Leader 2019–23"): it belongs to the team membership, not the person.
      let person = await tx.one<{ id: number }>(
        `select id from people where lower(name) = lower($1) and coalesce(lower(organisation), '') = lower($2) order by id limit 1`,
        [p.name, p.organisation],
      )
      person ??= await tx.one<{ id: number }>(
        `insert into people (name, organisation, kind) values ($1, $2, $3) returning id`,
        [p.name, p.organisation || null, p.kind],
      )
      await tx.query(
        `insert into team_members (challenge_id, person_id, role, title, organisation, position) values ($1,$2,$3,$4,$5,$6) on conflict (challenge_id, person_id) do nothing`,
        [challengeId, person!.id, p.role ?? roles[i], p.title || null, p.organisation || null, i + 1],
      )
    }
    const adviser = v.principalAdviser
    if (adviser.name) {
      let person = await tx.one<{ id: number }>(
        `select id from people where lower(name) = lower($1) and kind = 'lga' order by id limit 1`,
        [adviser.name],
      )
      person ??= await tx.one<{ id: number }>(
        `insert into people (name, title, organisation, kind, email, phone) values ($1, 'Principal Adviser', 'Local Government Association', 'lga', $2, $3) returning id`,
        [adviser.name, adviser.email || null, adviser.phone || null],
      )
      await tx.query(`update people set email = coalesce(email, $2), phone = coalesce(phone, $3) where id = $1`, [
        person!.id,
        adviser.email || null,
        adviser.phone || null,
      ])
      await tx.query(
        `insert into team_members (challenge_id, person_id, role, title, organisation, position) values ($1, $2, 'principal-adviser', 'Principal Adviser', 'Local Government Association', $3) on conflict (challenge_id, person_id) do nothing`,
        [challengeId, person!.id, peers.length + 1],
      )
    }
    for (const [i, r] of recs.entries()) {
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title, body, locked_at) values ($1, 'key', $2, $3, $4, $5)`,
        [challengeId, i + 1, r.title, r.body, stage === 'final' ? now : null],
      )
    }
    const perTheme = new Map<string, number>()
    for (const r of themeRecs) {
      const n = (perTheme.get(r.themeKey) ?? 0) + 1
      perTheme.set(r.themeKey, n)
      await tx.query(
        `insert into recommendations (challenge_id, kind, theme_key, number, title, body, locked_at) values ($1, 'theme', $2, $3, $4, $5, $6)`,
        [challengeId, r.themeKey, n, r.title, r.body, stage === 'final' ? now : null],
      )
    }
    await classifyPending(tx, ctx.clock.now(), { challengeId }) // the recommendations' themes, in the same transaction
    const kind: DocumentKind =
      v.documentKind === 'feedback-report'
        ? 'final-report'
        : v.documentKind === 'progress-review'
          ? 'progress-review-report'
          : v.documentKind === 'action-plan'
            ? 'action-plan'
            : v.documentKind === 'position-statement'
              ? 'position-statement'
              : 'committee-paper'
    const doc = await tx.one<{ id: number }>(
      `insert into documents (challenge_id, kind, title, created_at) values ($1, $2, $3, $4) returning id`,
      [challengeId, kind, documentTitle(v.documentKind, summary, row.filename), now],
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
    // What the document states that has no other home, kept as stated with its source.
    const source = `Imported from ${row.filename}`
    const facts: Record<string, unknown> = {
      figures: Object.values(v.figures).some((n) => n !== null)
        ? { ...v.figures, days: summary.onSite?.days ?? null }
        : null,
      'next-steps': Object.values(v.nextSteps).some(Boolean) ? v.nextSteps : null,
      'previous-challenge': v.previousChallenge ? { on: v.previousChallenge } : null,
      document: {
        kind: v.documentKind,
        wrapper: summary.wrapper ?? null,
        recommendationCount: summary.recommendationCount ?? null,
        strengthsNoted: summary.strengthsNoted ?? null,
      },
      progress:
        summary.progressHighlights?.length || summary.actionPlan
          ? { highlights: summary.progressHighlights ?? [], actionPlan: summary.actionPlan ?? null }
          : null,
    }
    for (const [key, value] of Object.entries(facts))
      if (value !== null)
        await tx.query(
          `insert into stated_facts (challenge_id, key, value, source, recorded_at) values ($1, $2, $3, $4, $5)`,
          [challengeId, key, JSON.stringify(value), source, now],
        )
    // A date the document states for a rule (its next challenge "before November 2021") counts over the computed one.
    if (v.nextSteps.nextChallengeBy) {
      try {
        await recordStatedDateIn(tx, ctx, challengeId, {
          ruleCode: 'next-review',
          due: v.nextSteps.nextChallengeBy,
          source: `the ${documentTitle(v.documentKind, summary, row.filename).toLowerCase()} (${row.filename})`,
        })
      } catch (e) {
        if (e instanceof AppError && e.code === 'validation')
          throw AppError.validation({ 'nextSteps.nextChallengeBy': Object.values(e.fields)[0] ?? e.message })
        throw e
      }
    }
    for (const m of v.meetings.filter((x) => x.include))
      await insertRecordedMeeting(tx, {
        challengeId,
        name: m.name,
        date: m.date,
        decision: m.decision,
        item: `${documentTitle(v.documentKind, summary, row.filename)} (${source.toLowerCase()})`,
        by: userId(ctx.actor),
        at: now,
      })
    // The stage the document proves: a report whose publication date is known is published, through the same
    // guarded event and transition as by hand.
    if (v.publishedOn && stage === 'final') {
      const created = (await findChallenge(tx, challengeId))!
      const loaded = { ch: created, facts: await challengeFacts(tx, created, ctx.clock.today()) }
      await recordEventIn(tx, ctx, loaded, {
        code: 'report_published',
        occurredOn: v.publishedOn,
        location: v.publishedWhere,
        note: source,
      })
      await transitionIn(tx, ctx, loaded, {
        to: 'published',
        note: `${source}: the report was published on ${v.publishedOn}`,
      })
    }
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
        themeRecommendations: themeRecs.length,
        publishedOn: v.publishedOn || undefined,
        meetings: v.meetings.filter((m) => m.include).map((m) => `${m.name} ${m.date}`),
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
export function formValues(
  summary: ImportResult['summary'],
  fields: ImportResult['fields'],
  frameworkThemes: { key: string; title: string }[] = [],
) {
  const peers = summary.peers.map((p) => ({ kind: p.kind, title: p.title ?? '' }))
  const roles = rolesFor(peers)
  const norm = (t: string) =>
    t
      .toLowerCase()
      .replace(/[^a-z]+/g, ' ')
      .trim()
  const themeKey = (name: string) =>
    frameworkThemes.find((t) => norm(t.title) === norm(name))?.key ??
    frameworkThemes.find((t) => norm(t.title).startsWith(norm(name)) || norm(name).startsWith(norm(t.title)))?.key ??
    ''
  const m = summary.meeting
  const meetings = [m, m?.then].filter((x): x is { body: string; date: string | null } => !!x?.date)
  const kind = DOC_KINDS.includes(summary.documentKind as never)
    ? (summary.documentKind as (typeof DOC_KINDS)[number])
    : 'feedback-report'
  // A document that went to a public meeting was published with that meeting's papers (the last one it went to).
  const publishedOn = kind === 'progress-report' ? '' : (meetings.at(-1)?.date ?? '')
  return {
    documentKind: kind,
    councilCode: summary.council?.registerCode ?? '',
    jointCouncilCode: summary.council?.joint?.code ?? '',
    reviewType: summary.reviewType ?? 'cpc',
    frameworkCode: summary.framework ?? '',
    onsiteStart: summary.onSite?.start ?? '',
    onsiteEnd: summary.onSite?.end ?? '',
    peers: summary.peers.map((p, i) => ({
      include: true,
      name: p.name,
      title: p.title ?? '',
      organisation: p.organisation ?? '',
      kind: p.kind,
      role: roles[i]!,
    })),
    recommendations: fields.keyRecommendations.value.map((r) => ({ include: true, title: r.title, body: r.body })),
    themeRecommendations: summary.themeRecommendationList.map((r) => ({
      include: true,
      themeKey: themeKey(r.theme),
      theme: r.theme,
      title: r.title,
      body: r.body,
    })),
    principalAdviser: {
      name: summary.nextSteps.principalAdviser ?? '',
      email: summary.principalAdviserContact?.email ?? '',
      phone: summary.principalAdviserContact?.phone ?? '',
    },
    figures: {
      peopleMet: summary.stats.peopleMet,
      meetings: summary.stats.meetings,
      interviews: summary.stats.interviews,
      hours: summary.stats.hours,
      personWeeks: summary.stats.personWeeksEquivalent,
    },
    nextSteps: {
      followUp: summary.nextSteps.followUp ?? '',
      checkIn: summary.nextSteps.checkIn ?? '',
      progressReview: summary.nextSteps.progressReview ?? '',
      nextChallengeBy: summary.nextSteps.nextChallengeBy ?? '',
    },
    previousChallenge: summary.previousChallenge ?? '',
    meetings: meetings.map((x) => ({ include: true, name: x.body, date: x.date!, decision: 'noted' })),
    publishedOn,
    publishedWhere: publishedOn && m ? `${meetings.at(-1)!.body}, ${publishedOn}` : '',
  }
}

/** The title a saved document gets: what it is, for which meeting when it went to one. */
function documentTitle(kind: (typeof DOC_KINDS)[number], summary: ImportResult['summary'], filename: string): string {
  const m = summary.meeting
  const to = m ? ` to ${m.body}${m.date ? ` (${m.date})` : ''}` : ''
  switch (kind) {
    case 'feedback-report':
      return 'Feedback report'
    case 'progress-review':
      return 'Progress review report'
    case 'covering-report':
      return `Covering report${to}`
    case 'progress-report':
      return `Progress report${to}`
    case 'action-plan':
      return 'Action plan'
    case 'position-statement':
      return 'Position statement'
    case 'minutes':
      return `Minutes${to}`
    case 'web-page':
      return 'Council web page'
    default:
      return filename
  }
}
