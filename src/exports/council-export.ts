import { Readable } from 'node:stream'
import { strToU8, Zip, ZipDeflate, ZipPassThrough, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { actionPlanScope, assertOnCouncil, councilView, documentScope, reportCommentAudience } from '../auth/policy.ts'
import { Params } from '../db/sql.ts'
import { csvFile } from '../documents/csv.ts'

/**
 * Everything a council owns, as one zip, for when it leaves the programme (decision 0032): its challenges, their
 * documents (every version, the files themselves), its action plans with their actions, responses and meetings, the
 * progress updates with their evidence files, and its comments on draft reports with the team's answers. Each list
 * as JSON and as CSV. What goes in is what the council's own officers may see (the policy's scopes for `councilView`),
 * whoever asks: the programme office's copy holds nothing of the peer team's own. The council's officers and the
 * programme office may export; the export is audited.
 *
 * The zip is streamed (fflate's streaming `Zip`): the lists are read first (rows without the files' bytes), then each
 * uploaded file is read from the database only when the response is ready for it, compressed and sent, so memory
 * holds one file at a time however much the council has uploaded.
 */

type Row = Record<string, unknown>

const cell = (v: unknown): string =>
  v == null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)

function csv(rows: Row[], columns?: string[]): Uint8Array {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return strToU8(csvFile([cols, ...rows.map((r) => cols.map((c) => cell(r[c])))]))
}

const json = (v: unknown) => strToU8(JSON.stringify(v, null, 2) + '\n')

/** A file name safe in every zip tool and file system. */
const safeName = (s: string) =>
  s
    .replace(/[^\w.\- ]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120) || 'file'

export async function councilExport(ctx: Ctx, code: string) {
  const council = await ctx.db.one<{
    id: number
    code: string
    name: string
    officialName: string
    gss: string | null
  }>(
    `select id, code, nice_name as name, official_name as "officialName", gss_code as gss from councils where upper(code) = upper($1)`,
    [code],
  )
  if (!council) throw AppError.notFound('Council')
  assertOnCouncil(ctx.actor, 'export', council.id)
  const today = ctx.clock.today()
  const view = councilView(council.id)
  const db = ctx.db

  const challenges = await db.query<Row & { id: number; reference: string }>(
    `select c.id, c.reference, c.review_type as "reviewType", c.stage, c.scoping_date::text as "scopingDate",
        c.onsite_start::text as "onsiteStart", c.onsite_end::text as "onsiteEnd", c.onsite_precision as "onsitePrecision",
        c.feedback_date::text as "feedbackDate", c.notes, c.report_public_from::text as "reportPublicFrom",
        c.created_at as "createdAt", c.updated_at as "updatedAt"
       from challenges c where c.council_id = $1 order by c.onsite_start nulls last, c.id`,
    [council.id],
  )
  const ids = challenges.map((c) => c.id)
  const ref = new Map(challenges.map((c) => [c.id, c.reference]))

  const q = new Params([ids])
  const documents = await db.query<Row & { id: number; challengeId: number; filename: string; sizeBytes: number }>(
    `select v.id, d.challenge_id as "challengeId", d.kind, d.title, v.version, v.filename, v.content_type as "contentType",
        v.size_bytes as "sizeBytes", v.sha256, v.note, v.uploaded_at as "uploadedAt"
       from documents d join document_versions v on v.document_id = d.id join challenges c on c.id = d.challenge_id
      where d.challenge_id = any($1) and ${documentScope(view, q, today, 'd', 'c')} order by d.challenge_id, d.id, v.version`,
    q.values,
  )

  const p = new Params([ids])
  const planScope = actionPlanScope(view, p, today, 'c')
  const plans = await db.query<Row & { id: number; challengeId: number }>(
    `select p.id, p.challenge_id as "challengeId", p.ruleset, p.status, p.approved_on::text as "approvedOn",
        p.created_at as "createdAt", p.updated_at as "updatedAt"
       from action_plans p join challenges c on c.id = p.challenge_id where p.challenge_id = any($1) and ${planScope}
      order by p.challenge_id`,
    p.values,
  )
  const planIds = plans.map((x) => x.id)
  const actions = await db.query<Row>(
    `select a.id, a.plan_id as "planId", a.number, a.title, a.description, a.lead_officer as "leadOfficer",
        a.start_date::text as "startDate", a.target_date::text as "targetDate", a.status,
        a.completed_on::text as "completedOn", a.rag_override as "ragOverride"
       from plan_actions a where a.plan_id = any($1) order by a.plan_id, a.number`,
    [planIds],
  )
  const responses = await db.query<Row>(
    `select r.plan_id as "planId", rec.number as "recommendation", rec.title, r.response, r.reasons, r.updated_at as "updatedAt"
       from plan_responses r join recommendations rec on rec.id = r.recommendation_id
      where r.plan_id = any($1) order by r.plan_id, rec.number`,
    [planIds],
  )
  const planChallenges = plans.map((x) => x.challengeId)
  const meetings = await db.query<Row>(
    `select m.id, m.challenge_id as "challengeId", m.body, m.body_name as "bodyName", m.meeting_date::text as "meetingDate",
        m.item, m.decision, m.resolution, m.link
       from meetings m where m.challenge_id = any($1) order by m.meeting_date, m.id`,
    [planChallenges],
  )
  const updates = await db.query<Row & { id: number }>(
    `select u.id, a.plan_id as "planId", a.number as "action", u.as_of::text as "asOf", u.text, u.status, u.created_at as "createdAt"
       from progress_updates u join plan_actions a on a.id = u.action_id where a.plan_id = any($1) order by u.as_of, u.id`,
    [planIds],
  )
  const evidence = await db.query<Row & { id: number; updateId: number; filename: string; sizeBytes: number }>(
    `select e.id, e.update_id as "updateId", e.filename, e.content_type as "contentType", e.size_bytes as "sizeBytes",
        e.sha256
       from progress_evidence e where e.update_id = any($1) order by e.id`,
    [updates.map((u) => u.id)],
  )

  // The council's own comments on the report and the team's answers to them (the team's own comments are its own).
  const comments = (
    await db.query<Row & { fromCouncil: boolean }>(
      `select rc.id, rc.challenge_id as "challengeId", rv.version as "reportVersion", rc.section, rc.text,
          rc.author_label as "author", rc.from_council as "fromCouncil", rc.created_at as "createdAt", rc.response,
          rc.responded_by as "respondedBy", rc.responded_at as "respondedAt"
         from report_comments rc join report_versions rv on rv.id = rc.report_version_id
        where rc.challenge_id = any($1) order by rc.challenge_id, rc.id`,
      [ids],
    )
  ).filter((c) => reportCommentAudience(c) === 'council')

  // The uploaded files, each read when the zip reaches it (see above).
  const files: { path: string; bytes: number; read: () => Promise<Uint8Array> }[] = []
  const content = (sql: string, id: number) => async () => {
    const r = await db.one<{ content: Uint8Array }>(sql, [id])
    if (!r) throw new Error(`A file of the export is gone (${id})`)
    return new Uint8Array(r.content)
  }
  const docRows = documents.map((d) => {
    const path = `files/documents/${safeName(ref.get(d.challengeId) ?? String(d.challengeId))}/${d.id}-v${d.version}-${safeName(d.filename)}`
    files.push({
      path,
      bytes: Number(d.sizeBytes),
      read: content(`select content from document_versions where id = $1`, d.id),
    })
    return { ...d, challenge: ref.get(d.challengeId), file: path }
  })
  const evidenceRows = evidence.map((e) => {
    const path = `files/evidence/${e.updateId}-${e.id}-${safeName(e.filename)}`
    files.push({
      path,
      bytes: Number(e.sizeBytes),
      read: content(`select content from progress_evidence where id = $1`, e.id),
    })
    return { ...e, file: path }
  })
  const withRef = (rows: Row[]) => rows.map((r) => ({ challenge: ref.get(r['challengeId'] as number), ...r }))

  const tables: Record<string, Row[]> = {
    challenges,
    documents: docRows,
    'action-plans': withRef(plans),
    actions,
    'recommendation-responses': responses,
    meetings: withRef(meetings),
    'progress-updates': updates,
    'progress-evidence': evidenceRows,
    comments: withRef(comments),
  }
  const counts = Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, v.length]))
  const exportedAt = ctx.clock.now().toISOString()
  const folder = `${safeName(council.code)}-export-${today}`
  const entries: Record<string, Uint8Array> = {
    [`${folder}/README.txt`]: strToU8(
      [
        `Everything ${council.officialName} (${council.code}) holds in Peer Challenge, exported ${exportedAt}.`,
        '',
        'Each list is here twice: as JSON (every field, dates in ISO 8601) and as CSV (for a spreadsheet).',
        'council.json says what is in the export. The files uploaded (documents, every version, and progress',
        'evidence) are under files/, named as the lists name them in their "file" column.',
        '',
        ...Object.entries(counts).map(([k, n]) => `${k}: ${n}`),
        `files: ${files.length}`,
      ].join('\r\n') + '\r\n',
    ),
    [`${folder}/council.json`]: json({
      council: { code: council.code, name: council.name, officialName: council.officialName, gssCode: council.gss },
      exportedAt,
      counts,
    }),
  }
  for (const [name, rows] of Object.entries(tables)) {
    entries[`${folder}/${name}.json`] = json(rows)
    entries[`${folder}/${name}.csv`] = csv(rows)
  }
  const fileBytes = files.reduce((n, f) => n + f.bytes, 0)

  await ctx.db.transaction((tx) =>
    audit(tx, ctx, {
      action: 'council.exported',
      visibility: 'council',
      entity: 'council',
      entityId: council.id,
      councilId: council.id,
      after: { counts, files: files.length, fileBytes },
    }),
  )
  const all = async function* () {
    for (const [name, data] of Object.entries(entries)) yield { name, data: () => Promise.resolve(data) }
    for (const f of files) yield { name: `${folder}/${f.path}`, data: f.read }
  }
  return { filename: `${folder}.zip`, contentType: 'application/zip', content: Readable.from(zipStream(all())) }
}

/** Formats whose bytes are compressed already: stored as they are rather than deflated again. */
const COMPRESSED = /\.(docx|xlsx|pptx|odt|ods|odp|zip|png|jpe?g|gif|webp)$/i

/**
 * A zip of the given files, made as it is read: each file's bytes are asked for only when the reader wants more, then
 * compressed and handed on (fflate's streaming `Zip`), so at most one file is held at a time.
 */
export async function* zipStream(
  files: AsyncIterable<{ name: string; data: () => Promise<Uint8Array> }>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = []
  let failed: Error | null = null
  const zip = new Zip((err, chunk) => {
    if (err) failed = err
    else out.push(chunk)
  })
  for await (const f of files) {
    const data = await f.data()
    const entry = COMPRESSED.test(f.name) ? new ZipPassThrough(f.name) : deflated(f.name)
    zip.add(entry)
    entry.push(data, true)
    if (failed) throw failed
    while (out.length) yield out.shift()!
  }
  zip.end()
  if (failed) throw failed
  while (out.length) yield out.shift()!
}

/**
 * A deflated entry that lets go of its compressor once its data is out. fflate's `Zip` keeps (a copy of) every entry
 * it is given until the end, for the central directory, and a `ZipDeflate` keeps its buffers, as big as the file: a
 * council with many files would have held them all. Only the closure below sees the compressor.
 */
function deflated(name: string): ZipInputFile & { push(data: Uint8Array, final: boolean): void } {
  let inner: ZipDeflate | null = new ZipDeflate(name, { level: 6 })
  const entry = {
    filename: name,
    compression: 8,
    flag: inner.flag,
    size: 0,
    crc: 0,
    ondata: undefined as AsyncFlateStreamHandler | undefined,
    push: (data: Uint8Array, final: boolean) => inner?.push(data, final),
    terminate: () => {
      inner = null
    },
  }
  inner.ondata = (err, data, final) => {
    if (final && inner) {
      entry.size = inner.size
      entry.crc = inner.crc
      inner = null
    }
    entry.ondata?.(err, data, final)
  }
  return entry
}
