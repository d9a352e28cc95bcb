import { z } from 'zod'
import { userId, actorLabel, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { formatDate, formatDateRange, todayInLondon } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import { Params } from '../db/sql.ts'
import {
  abilities,
  audiencesOf,
  documentScope,
  may,
  ownCouncil,
  reportCommentAudience,
  reportVersionAudience,
  sees,
  type ChallengeFacts,
} from '../auth/policy.ts'
import { challengeDeadlines, type ChallengeRow } from '../challenges/service.ts'
import { loadChallenge } from '../challenges/access.ts'
import { REPORT_FINAL_STAGES } from '../auth/policy.ts'
import { INT_MAX, parseInput } from '../challenges/schemas.ts'
import { bankHolidays, getFramework, getReviewType } from '../frameworks/repo.ts'
import { visitFacts } from '../timetable/service.ts'
import { notesByTheme } from '../evidence/service.ts'
import { markdownToHtml } from '../documents/light-markdown.ts'
import { nextStepSentences, reportMarkdown, type ReportModel } from './document.ts'
import { readReportVersion, writeReportVersion } from './version-shape.ts'
import { themeQuestionsOf } from '../challenges/repo.ts'
import { anchorReportHtml } from './anchors.ts'

/**
 * The feedback report: drafted by the team in versions (each kept as written), issued to the council for its
 * factual-accuracy check (comments on the draft; the council cannot change recommendations), then final. The stage
 * moves through the challenge's workflow (drafting -> factual-check -> final); issuing the final report locks the key
 * recommendations, which become the action plan's. The council sees only versions issued to it; the public only the
 * final report once published.
 */

export interface ReportContent {
  executiveSummary: string
  approach: string
  themes: Record<string, string>
  focus: string[]
  nextSteps: string
}

export interface ReportFacts {
  councilName: string
  reviewName: string
  dates: string
  days: number
  team: { name: string; title: string | null; organisation: string | null; kind: string; role: string }[]
  counts: { meetingsHeld: number; peopleMet: number; hours: number; weeks: number }
  focusAreas: string[]
  /** The council's own questions under each theme (theme key -> questions). */
  questions: Record<string, string[]>
  /** The LGA's principal adviser, the council's contact, named in the next steps. */
  adviser: { name: string; title: string | null; email: string | null; phone: string | null } | null
}

export interface ThemeRecommendation {
  themeKey: string
  number: number
  title: string
  body: string
}

interface VersionRow {
  id: number
  version: number
  content: ReportContent & { facts: ReportFacts }
  recommendations: { number: number; title: string; body: string }[]
  themeRecommendations: ThemeRecommendation[]
  note: string
  authorLabel: string
  createdAt: Date
}

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('')

export const reportSchema = z
  .object({
    executiveSummary: text(20000, 'The executive summary'),
    approach: text(10000, 'The approach'),
    nextSteps: text(10000, 'Next steps'),
    note: text(500, 'The note'),
    baseVersion: z.coerce.number().int().min(0).max(INT_MAX, 'The form is out of date: reload the page').optional(),
  })
  .catchall(z.string().max(30000, 'Each section must be 30,000 characters or fewer').optional())

export const commentSchema = z.object({
  section: z.string().trim().min(1, 'Select the part of the report the comment is about').max(60),
  text: z.string().trim().min(1, 'Enter the comment').max(5000, 'A comment must be 5,000 characters or fewer'),
})

export const responseSchema = z.object({
  response: z.string().trim().min(1, 'Enter the response').max(5000, 'A response must be 5,000 characters or fewer'),
})

/** The versions this actor may read: each version's audience (the policy's) against the actor's on this challenge. */
async function visibleVersions(ctx: Ctx, ch: ChallengeRow, facts: ChallengeFacts): Promise<VersionRow[]> {
  const rows = await ctx.db.query<VersionRow & { schemaVersion: number; issuedDraft: boolean; issuedFinal: boolean }>(
    `select v.id, v.version, v.schema_version as "schemaVersion", v.content, v.recommendations, v.theme_recommendations as "themeRecommendations", v.note, v.author_label as "authorLabel", v.created_at as "createdAt",
            exists (select 1 from report_issues i where i.challenge_id = v.challenge_id and i.version = v.version and i.kind = 'draft') as "issuedDraft",
            exists (select 1 from report_issues i where i.challenge_id = v.challenge_id and i.version = v.version and i.kind = 'final') as "issuedFinal"
       from report_versions v where v.challenge_id = $1 order by v.version desc`,
    [ch.id],
  )
  // Each stored version is read through the frozen shape it was written in.
  const all = rows.map(({ schemaVersion, ...r }) => ({ ...r, ...readReportVersion(schemaVersion, r) }))
  const aud = audiencesOf(ctx.actor, facts)
  const visible = all
    .filter((v) => sees(aud, reportVersionAudience({ draft: v.issuedDraft, final: v.issuedFinal }, facts)))
    .map(({ issuedDraft: _d, issuedFinal: _f, ...v }) => v)
  // Those who see the report only because it is public read the final version alone.
  return sees(aud, 'council') ? visible : visible.slice(0, 1)
}

async function reportFacts(ctx: Ctx, ch: ChallengeRow): Promise<ReportFacts> {
  const type = (await getReviewType(ctx.db, ch.reviewType))!
  const team = await ctx.db.query<ReportFacts['team'][number]>(
    `select p.name, coalesce(t.title, p.title) as title, coalesce(t.organisation, p.organisation) as organisation, p.kind, t.role
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role not in ('shadow', 'principal-adviser')
      order by case t.role when 'lead-peer' then 0 when 'member-peer' then 1 when 'finance-peer' then 2 when 'officer-peer' then 3 when 'pcm' then 5 else 4 end, t.position, t.id`,
    [ch.id],
  )
  const focusAreas = (
    await ctx.db.query<{ text: string }>(`select text from focus_areas where challenge_id = $1 order by position`, [
      ch.id,
    ])
  ).map((f) => f.text)
  const { days, counts } = await visitFacts(ctx.db, ch, ctx.clock.now())
  const adviser = await ctx.db.one<{ name: string; title: string | null; email: string | null; phone: string | null }>(
    `select p.name, coalesce(t.title, p.title, 'Principal Adviser') as title, p.email, p.phone
       from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role = 'principal-adviser'`,
    [ch.id],
  )
  const official = (await ctx.db.one<{ name: string }>(`select official_name as name from councils where id = $1`, [
    ch.councilId,
  ]))!.name
  return {
    councilName: official,
    reviewName: type.name,
    dates: formatDateRange(ch.onsiteStart, ch.onsiteEnd, ch.onsitePrecision),
    days: days.length,
    team,
    counts: {
      meetingsHeld: counts.meetingsHeld,
      peopleMet: counts.peopleMet,
      hours: counts.hours,
      weeks: counts.weeks,
    },
    focusAreas,
    questions: await themeQuestionsOf(ctx.db, ch.id),
    adviser: adviser ?? null,
  }
}

async function liveThemeRecommendations(ctx: Ctx, id: number): Promise<ThemeRecommendation[]> {
  return ctx.db.query<ThemeRecommendation>(
    `select theme_key as "themeKey", number, title, body from recommendations where challenge_id = $1 and kind = 'theme' order by theme_key, number`,
    [id],
  )
}

async function liveRecommendations(ctx: Ctx, id: number) {
  return ctx.db.query<{ number: number; title: string; body: string; lockedAt: Date | null }>(
    `select number, title, body, locked_at as "lockedAt" from recommendations where challenge_id = $1 and kind = 'key' order by number`,
    [id],
  )
}

/** The report model a version is rendered from: its text and figures, the framework's themes, the rules' dates. */
async function modelOf(ctx: Ctx, ch: ChallengeRow, v: VersionRow | null, liveRecs: boolean): Promise<ReportModel> {
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const type = (await getReviewType(ctx.db, ch.reviewType))!
  const { deadlines } = await challengeDeadlines(
    ctx.db,
    ch,
    type,
    framework,
    ctx.clock.today(),
    await bankHolidays(ctx.db),
  )
  const facts = v?.content.facts ?? (await reportFacts(ctx, ch))
  const recs = liveRecs || !v ? await liveRecommendations(ctx, ch.id) : v.recommendations
  const themeRecs = liveRecs || !v ? await liveThemeRecommendations(ctx, ch.id) : v.themeRecommendations
  return {
    facts,
    themeRecommendations: themeRecs,
    content: v?.content ?? { executiveSummary: '', approach: '', themes: {}, focus: [], nextSteps: '' },
    themes: framework.themes,
    frameworkName: framework.name,
    recommendations: recs.map((r) => ({ number: r.number, title: r.title, body: r.body })),
    dates: deadlines
      .filter((d) => d.due && !d.beforeVisit && d.code !== 'factual-check' && d.status !== 'not-applicable')
      .map((d) => ({ code: d.code, label: d.label, due: d.due!, kind: d.kind, approximate: d.approximate })),
  }
}

const isFinal = (ch: ChallengeRow) => REPORT_FINAL_STAGES.has(ch.stage)

/** The version this actor asked for among those it may read, and the report text it renders to. */
async function shownReport(ctx: Ctx, id: number, query: { version?: string }) {
  const { ch, facts } = await loadChallenge(ctx, id, 'view')
  // The team and the programme office read every version (and the live draft); others what was issued to them.
  const team = sees(audiencesOf(ctx.actor, facts), 'programme')
  const versions = await visibleVersions(ctx, ch, facts)
  const wanted =
    query.version && /^\d+$/.test(query.version)
      ? versions.find((v) => v.version === Number(query.version))
      : versions[0]
  if (query.version && !wanted) throw AppError.notFound('Report version')
  const latest = versions[0] ?? null
  const shown = wanted ?? null
  const live = !!shown && shown === latest && (team || isFinal(ch))
  const model = shown || team ? await modelOf(ctx, ch, shown, live) : null
  return {
    ch,
    facts,
    team,
    versions,
    latest,
    shown,
    model,
    markdown: model ? reportMarkdown(model) : '',
    final: isFinal(ch) && !!shown && shown === latest,
  }
}

/**
 * The marking a draft carries on every page, in Word and in print: the version issued for the council's factual
 * accuracy check is marked as such, with the day it was issued; a version not yet issued, with the day it was saved.
 * The final report carries none.
 */
async function draftMarking(
  ctx: Ctx,
  challengeId: number,
  shown: { version: number; createdAt: Date } | null,
  final: boolean,
): Promise<string | null> {
  if (!shown || final) return null
  const issued = await ctx.db.one<{ at: Date }>(
    `select at from report_issues where challenge_id = $1 and version = $2 and kind = 'draft' order by at desc, id desc limit 1`,
    [challengeId, shown.version],
  )
  return issued
    ? `Draft for factual accuracy check — version ${shown.version}, ${formatDate(todayInLondon(new Date(issued.at)))}`
    : `Draft — version ${shown.version}, ${formatDate(todayInLondon(new Date(shown.createdAt)))}, not yet issued to the council`
}

/**
 * A final report written outside this service (an imported or uploaded document): when and where it was published,
 * and the report documents the actor may download (the policy's document scope).
 */
async function publishedElsewhere(ctx: Ctx, ch: ChallengeRow) {
  const today = ctx.clock.today()
  const event = await ctx.db.one<{ on: string; location: string | null }>(
    `select occurred_on as "on", nullif(location, '') as location from challenge_events where challenge_id = $1 and code = 'report_published' and occurred_on <= $2 order by occurred_on, id limit 1`,
    [ch.id, today],
  )
  const q = new Params([ch.id])
  const documents = await ctx.db.query<{ versionId: number; title: string; filename: string }>(
    `select distinct on (d.id) v.id as "versionId", d.title, v.filename
       from documents d join challenges c on c.id = d.challenge_id join document_versions v on v.document_id = d.id
      where d.challenge_id = $1 and d.kind = 'final-report' and ${documentScope(ctx.actor, q, today)}
      order by d.id, v.version desc`,
    q.values,
  )
  return { on: event?.on ?? null, location: event?.location ?? null, documents }
}

/** The report page: the version shown (rendered as the publication HTML), the history, comments and what the actor may do. */
export async function getReport(ctx: Ctx, id: number, query: { version?: string } = {}) {
  const { ch, facts, team, versions, latest, shown, model, markdown, final } = await shownReport(ctx, id, query)
  const can = abilities(ctx.actor, facts)
  const aud = audiencesOf(ctx.actor, facts)
  const shownVersions = new Set(versions.map((v) => v.version))
  const comments = can.viewPrivate
    ? (
        await ctx.db.query<{
          id: number
          section: string
          text: string
          authorLabel: string
          fromCouncil: boolean
          createdAt: Date
          response: string | null
          respondedBy: string | null
          version: number
        }>(
          `select c.id, c.section, c.text, c.author_label as "authorLabel", c.from_council as "fromCouncil", c.created_at as "createdAt", c.response, c.responded_by as "respondedBy", v.version
             from report_comments c join report_versions v on v.id = c.report_version_id where c.challenge_id = $1 order by c.id`,
          [id],
        )
      ).filter((c) => shownVersions.has(c.version) && sees(aud, reportCommentAudience(c)))
    : []
  const published = !shown && isFinal(ch) ? await publishedElsewhere(ctx, ch) : null
  const sections = [
    { key: 'executive-summary', label: 'Executive summary' },
    { key: 'recommendations', label: 'Key recommendations' },
    { key: 'approach', label: 'Summary of the approach' },
    ...(model?.themes ?? []).map((t) => ({ key: `theme-${t.key}`, label: t.title })),
    { key: 'next-steps', label: 'Next steps' },
  ]
  return {
    challenge: ch,
    stage: ch.stage,
    versions: versions.map((v) => ({
      version: v.version,
      note: v.note,
      authorLabel: team ? v.authorLabel : 'Peer team',
      createdAt: v.createdAt,
    })),
    shown: shown ? { version: shown.version, createdAt: shown.createdAt, latest: shown === latest } : null,
    final,
    draftMarking: await draftMarking(ctx, ch.id, shown, final),
    published,
    html: markdown ? anchorReportHtml(markdownToHtml(markdown, { headingOffset: 1 }), model?.themes ?? []) : '',
    markdown,
    comments,
    sections,
    abilities: {
      write: can.writeReport,
      comment: can.commentReport && !!shown,
      respond: can.respondComment,
      presentation: can.evidence,
      download: !!shown,
    },
  }
}

/** The drafting form: the latest version's text, the evidence per theme (the team's), and the figures the approach will state. */
export async function reportForm(ctx: Ctx, id: number) {
  const { ch, facts } = await loadChallenge(ctx, id, 'write-report')
  const latest = (await visibleVersions(ctx, ch, facts))[0] ?? null
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const f = await reportFacts(ctx, ch)
  const evidence = may(ctx.actor, 'evidence', facts) ? await notesByTheme(ctx, id) : {}
  const c = latest?.content
  return {
    challenge: ch,
    baseVersion: latest?.version ?? 0,
    themes: framework.themes.map((t) => ({ ...t, evidence: evidence[t.key] ?? { strengths: [], improve: [] } })),
    focusAreas: f.focusAreas,
    facts: f,
    recommendations: await liveRecommendations(ctx, id),
    values: {
      executiveSummary: c?.executiveSummary ?? '',
      approach: c?.approach ?? '',
      nextSteps: c?.nextSteps ?? '',
      ...Object.fromEntries(framework.themes.map((t) => [`theme-${t.key}`, c?.themes[t.key] ?? ''])),
      ...Object.fromEntries(f.focusAreas.map((_, i) => [`focus-${i}`, c?.focus[i] ?? ''])),
    },
  }
}

/** Saves the draft as a new version (refused if someone saved another since the form was opened). */
export async function saveReport(ctx: Ctx, id: number, input: unknown) {
  const { ch } = await loadChallenge(ctx, id, 'write-report')
  const v = parseInput(reportSchema, input)
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const f = await reportFacts(ctx, ch)
  const body = v as Record<string, unknown>
  const content: ReportContent & { facts: ReportFacts } = {
    executiveSummary: v.executiveSummary,
    approach: v.approach,
    nextSteps: v.nextSteps,
    themes: Object.fromEntries(framework.themes.map((t) => [t.key, String(body[`theme-${t.key}`] ?? '').trim()])),
    focus: f.focusAreas.map((_, i) => String(body[`focus-${i}`] ?? '').trim()),
    facts: f,
  }
  if (!content.executiveSummary && !Object.values(content.themes).some(Boolean))
    throw AppError.validation({
      executiveSummary: 'Write the executive summary or the feedback on a theme before saving',
    })
  const recs = (await liveRecommendations(ctx, id)).map((r) => ({ number: r.number, title: r.title, body: r.body }))
  const stored = writeReportVersion({
    content,
    recommendations: recs,
    themeRecommendations: await liveThemeRecommendations(ctx, id),
  })
  return ctx.db.transaction(async (tx) => {
    const latest = (await tx.one<{ n: number }>(
      `select coalesce(max(version), 0)::int as n from report_versions where challenge_id = $1`,
      [id],
    ))!.n
    if (v.baseVersion !== undefined && v.baseVersion !== latest)
      throw AppError.conflict(
        `Someone saved version ${latest} while you were writing. Your text is below: copy what you need, reload the page and save again.`,
      )
    const row = (await tx.one<{ id: number }>(
      `insert into report_versions (challenge_id, version, schema_version, content, recommendations, theme_recommendations, note, author_id, author_label, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        id,
        latest + 1,
        stored.schemaVersion,
        JSON.stringify(stored.content),
        JSON.stringify(stored.recommendations),
        JSON.stringify(stored.themeRecommendations),
        v.note,
        userId(ctx.actor),
        actorLabel(ctx.actor),
        ctx.clock.now(),
      ],
    ))!
    await audit(tx, ctx, {
      action: 'report.version-saved',
      visibility: 'programme',
      entity: 'report-version',
      entityId: row.id,
      challengeId: id,
      councilId: ch.councilId,
      after: { version: latest + 1, note: v.note || undefined },
    })
    return { version: latest + 1 }
  })
}

export async function addComment(ctx: Ctx, id: number, input: unknown) {
  const { ch, facts } = await loadChallenge(ctx, id, 'comment-report')
  const v = parseInput(commentSchema, input)
  // The council's officers comment as the council (its factual accuracy check); the team and programme office review.
  const council = ownCouncil(ctx.actor, ch)
  const version = (await visibleVersions(ctx, ch, facts))[0]
  if (!version) throw AppError.conflict('There is no draft to comment on yet')
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const sections = [
    'executive-summary',
    'recommendations',
    'approach',
    'next-steps',
    ...framework.themes.map((t) => `theme-${t.key}`),
  ]
  if (!sections.includes(v.section))
    throw AppError.validation({ section: 'Select the part of the report the comment is about' })
  return ctx.db.transaction(async (tx) => {
    const row = (await tx.one<{ id: number }>(
      `insert into report_comments (challenge_id, report_version_id, section, text, author_id, author_label, from_council, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [id, version.id, v.section, v.text, userId(ctx.actor), actorLabel(ctx.actor), council, ctx.clock.now()],
    ))!
    await audit(tx, ctx, {
      action: 'report.comment-added',
      visibility: reportCommentAudience({ fromCouncil: council }),
      entity: 'report-comment',
      entityId: row.id,
      challengeId: id,
      councilId: ch.councilId,
      after: { version: version.version, section: v.section, fromCouncil: council },
    })
    return { id: row.id }
  })
}

export async function respondToComment(ctx: Ctx, id: number, commentId: number, input: unknown) {
  const { ch } = await loadChallenge(ctx, id, 'respond-comment')
  const v = parseInput(responseSchema, input)
  return ctx.db.transaction(async (tx) => {
    const comment = await tx.one<{ fromCouncil: boolean }>(
      `update report_comments set response = $3, responded_by = $4, responded_at = $5 where id = $1 and challenge_id = $2 returning from_council as "fromCouncil"`,
      [commentId, id, v.response, actorLabel(ctx.actor), ctx.clock.now()],
    )
    if (!comment) throw AppError.notFound('Comment')
    await audit(tx, ctx, {
      action: 'report.comment-answered',
      visibility: reportCommentAudience(comment),
      entity: 'report-comment',
      entityId: commentId,
      challengeId: id,
      councilId: ch.councilId,
    })
    return { id: commentId }
  })
}

/** The version a download is made from, checked as the report page is. */
export async function reportForDownload(ctx: Ctx, id: number, query: { version?: string }) {
  const { ch, shown, model, markdown, final } = await shownReport(ctx, id, query)
  if (!shown || !model) throw AppError.notFound('Report')
  const base = `${ch.reference}-feedback-report${final ? '' : `-draft-v${shown.version}`}`
  return {
    markdown,
    filename: base,
    title: `${ch.councilName}: ${final ? 'feedback report' : `draft feedback report, version ${shown.version}`}`,
    reference: ch.reference,
    councilName: model.facts.councilName,
    reviewName: model.facts.reviewName,
    dates: model.facts.dates,
    version: shown.version,
    versionDate: formatDate(todayInLondon(new Date(shown.createdAt))),
    final,
    draft: await draftMarking(ctx, ch.id, shown, final),
  }
}

/** The end-of-visit feedback presentation: built from the team's evidence and key recommendations (the team only). */
export async function presentationModel(ctx: Ctx, id: number) {
  const { ch, facts } = await loadChallenge(ctx, id, 'evidence')
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  const f = await reportFacts(ctx, ch)
  const notes = await notesByTheme(ctx, id)
  // The council's focus areas have no evidence tags of their own: what the team has drafted on each is the slide.
  const latest = (await visibleVersions(ctx, ch, facts))[0] ?? null
  // The presentation ends with who to contact: the LGA's principal adviser, then the peer challenge manager.
  const contacts = await ctx.db.query<{
    name: string
    title: string | null
    role: string
    organisation: string | null
    email: string | null
    phone: string | null
  }>(
    `select p.name, coalesce(t.title, p.title) as title, t.role, coalesce(t.organisation, p.organisation) as organisation, p.email, p.phone
       from team_members t join people p on p.id = t.person_id
      where t.challenge_id = $1 and t.role in ('principal-adviser', 'pcm')
      order by case t.role when 'principal-adviser' then 0 else 1 end, t.position, t.id`,
    [ch.id],
  )
  const { dates } = await modelOf(ctx, ch, latest, true)
  return {
    reference: ch.reference,
    facts: f,
    themes: framework.themes.map((t) => ({
      title: t.title,
      strengths: notes[t.key]?.strengths ?? [],
      improve: notes[t.key]?.improve ?? [],
    })),
    focus: f.focusAreas.map((title, i) => ({ title, text: latest?.content.focus?.[i] ?? '' })),
    recommendations: (await liveRecommendations(ctx, id)).map((r) => r.title),
    nextSteps: nextStepSentences(dates, f.councilName),
    contacts: contacts.map((c) => ({
      name: c.name,
      title: c.title ?? (c.role === 'pcm' ? 'Peer Challenge Manager' : 'Principal Adviser'),
      organisation: c.organisation ?? 'Local Government Association',
      email: c.email,
      phone: c.phone,
    })),
  }
}
