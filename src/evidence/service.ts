import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { formatDate } from '../common/dates.ts'
import { audit } from '../audit/audit.ts'
import { loadChallenge } from '../challenges/access.ts'
import { optionalId, parseInput, versionNumber } from '../challenges/schemas.ts'
import { getFramework } from '../frameworks/repo.ts'
import { visitFacts, wasHeld } from '../timetable/service.ts'

/**
 * The team's evidence: notes from sessions (or reading), each tagged to the framework's themes and as a strength or an
 * area to improve. Private to the team: not the council, not the programme office (decision 0010). The coverage view
 * crosses themes with stakeholder groups, counting sessions held and planned and notes taken, and names the gaps.
 */

export const POLARITIES = [
  { key: 'strength', label: 'Strength' },
  { key: 'improve', label: 'Area to improve' },
  { key: 'neutral', label: 'Context' },
] as const

export const noteSchema = z.object({
  sessionId: optionalId('Select a session from the programme'),
  themes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v : v ? [v] : []).map((s) => s.trim()).filter(Boolean))
    .refine((v) => v.length > 0, { message: 'Select at least one theme the note informs' }),
  polarity: z.enum(['strength', 'improve', 'neutral'], {
    message: 'Select whether it is a strength, an area to improve, or context',
  }),
  text: z.string().trim().min(1, 'Enter the note').max(10000, 'A note must be 10,000 characters or fewer'),
  version: versionNumber().optional(),
})

interface NoteRow {
  id: number
  sessionId: number | null
  authorPersonId: number
  author: string
  themes: string[]
  polarity: 'strength' | 'improve' | 'neutral'
  text: string
  createdAt: Date
  updatedAt: Date
  version: number
}

async function loadEvidence(ctx: Ctx, id: number) {
  const { ch } = await loadChallenge(ctx, id, 'evidence')
  const framework = (await getFramework(ctx.db, ch.frameworkId))!
  return { ch, framework }
}

const personOf = (ctx: Ctx) => (ctx.actor.kind === 'user' ? ctx.actor.personId : null)

/** The notes (filtered by theme, session or polarity) and the coverage of themes by stakeholder groups. */
export async function getEvidence(
  ctx: Ctx,
  id: number,
  query: { theme?: string; session?: string; polarity?: string } = {},
) {
  const { ch, framework } = await loadEvidence(ctx, id)
  const { rules, days, v, now, counts } = await visitFacts(ctx.db, ch, ctx.clock.now())
  const notes = await ctx.db.query<NoteRow>(
    `select n.id, n.session_id as "sessionId", n.author_person_id as "authorPersonId", p.name as author, n.themes, n.polarity, n.text,
            n.created_at as "createdAt", n.updated_at as "updatedAt", n.version
       from evidence_notes n join people p on p.id = n.author_person_id where n.challenge_id = $1 order by n.created_at desc, n.id desc`,
    [id],
  )
  const sessions = new Map(v.sessions.map((s) => [s.id, s]))
  const placement = new Map(v.placements.map((p) => [p.sessionId, p]))
  const today = ctx.clock.today()
  const groups = rules.stakeholderGroups ?? []
  const held = (sid: number) => wasHeld(sessions.get(sid)!, placement.get(sid), now)
  const live = v.sessions.filter((s) => !s.droppedAt && s.outcome !== 'not-held')
  const coverage = framework.themes.map((t) => ({
    key: t.key,
    title: t.title,
    strengths: notes.filter((n) => n.themes.includes(t.key) && n.polarity === 'strength').length,
    improve: notes.filter((n) => n.themes.includes(t.key) && n.polarity === 'improve').length,
    outsideSessions: notes.filter((n) => n.themes.includes(t.key) && !n.sessionId).length,
    cells: groups.map((g) => {
      const here = live.filter((s) => s.themes.includes(t.key) && s.group === g.key)
      const heldHere = here.filter((s) => held(s.id))
      const noted = notes.filter(
        (n) => n.themes.includes(t.key) && n.sessionId && sessions.get(n.sessionId)?.group === g.key,
      ).length
      // a gap is a group the team planned to hear on the theme but has no notes from; nothing planned is no gap
      return {
        group: g.key,
        planned: here.length,
        held: heldHere.length,
        notes: noted,
        gap: here.length > 0 && noted === 0,
      }
    }),
  }))
  // By the end of day two the team should have heard every theme from every group it means to: gaps are named then.
  const dayTwo = days[1] ?? days[0] ?? null
  const gaps = coverage.flatMap((t) =>
    t.cells
      .filter((c) => c.gap)
      .map((c) => ({
        theme: t.title,
        group: groups.find((g) => g.key === c.group)!.label,
        planned: c.planned,
        held: c.held,
        text: c.held === 0 ? `${c.planned} planned, none held yet` : `${c.held} held but no notes yet`,
      })),
  )
  const q = query
  const filtered = notes.filter(
    (n) =>
      (!q.theme || n.themes.includes(q.theme)) &&
      (!q.session || String(n.sessionId) === q.session) &&
      (!q.polarity || n.polarity === q.polarity),
  )
  const me = personOf(ctx)
  return {
    challenge: ch,
    themes: framework.themes.map((t) => ({ key: t.key, title: t.title })),
    groups,
    polarities: POLARITIES,
    sessions: v.sessions
      .filter((s) => !s.droppedAt)
      .map((s) => ({
        id: s.id,
        title: s.title,
        when: placement.get(s.id) ? `${formatDate(placement.get(s.id)!.day)} ${placement.get(s.id)!.starts}` : '',
      })),
    notes: filtered.map((n) => ({
      ...n,
      session: n.sessionId ? (sessions.get(n.sessionId)?.title ?? null) : null,
      mine: n.authorPersonId === me,
    })),
    total: notes.length,
    coverage,
    gaps,
    gapsDue: !!dayTwo && today >= dayTwo,
    visitOver: days.length > 0 && today > days[days.length - 1]!,
    unplanned: coverage.reduce((n, t) => n + t.cells.filter((c) => c.planned === 0).length, 0),
    dayTwo: dayTwo ? formatDate(dayTwo) : null,
    counts,
    filters: { theme: q.theme ?? '', session: q.session ?? '', polarity: q.polarity ?? '' },
  }
}

async function checkNote(ctx: Ctx, id: number, themes: string[], sessionId: number | null, themeKeys: string[]) {
  const errors: Record<string, string> = {}
  const unknown = themes.filter((t) => !themeKeys.includes(t))
  if (unknown.length) errors['themes'] = 'Select themes from the framework'
  if (
    sessionId &&
    !(await ctx.db.one(`select 1 from visit_sessions where id = $1 and challenge_id = $2`, [sessionId, id]))
  )
    errors['sessionId'] = 'Select a session from this visit’s programme'
  if (Object.keys(errors).length) throw AppError.validation(errors)
}

export async function addNote(ctx: Ctx, id: number, input: unknown) {
  const { ch, framework } = await loadEvidence(ctx, id)
  const v = parseInput(noteSchema, input)
  await checkNote(
    ctx,
    id,
    v.themes,
    v.sessionId,
    framework.themes.map((t) => t.key),
  )
  const now = ctx.clock.now()
  return ctx.db.transaction(async (tx) => {
    const row = (await tx.one<{ id: number }>(
      `insert into evidence_notes (challenge_id, session_id, author_person_id, themes, polarity, text, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $7) returning id`,
      [id, v.sessionId, personOf(ctx), v.themes, v.polarity, v.text, now],
    ))!
    // The audit records that a note was taken, not what it says: the notes stay the team's.
    await audit(tx, ctx, {
      action: 'evidence.note-added',
      visibility: 'team',
      entity: 'evidence-note',
      entityId: row.id,
      challengeId: id,
      councilId: ch.councilId,
      after: { themes: v.themes, polarity: v.polarity, sessionId: v.sessionId },
    })
    return { id: row.id }
  })
}

async function ownNote(ctx: Ctx, id: number, noteId: number) {
  const n = await ctx.db.one<{ authorPersonId: number; version: number }>(
    `select author_person_id as "authorPersonId", version from evidence_notes where id = $1 and challenge_id = $2`,
    [noteId, id],
  )
  if (!n) throw AppError.notFound('Note')
  if (n.authorPersonId !== personOf(ctx)) throw AppError.forbidden('Only the peer who wrote a note can change it')
  return n
}

export async function getNote(ctx: Ctx, id: number, noteId: number) {
  const data = await getEvidence(ctx, id)
  await ownNote(ctx, id, noteId)
  const note = (await ctx.db.one<NoteRow>(
    `select id, session_id as "sessionId", themes, polarity, text, version from evidence_notes where id = $1`,
    [noteId],
  ))!
  return { ...data, note, values: { ...note, sessionId: note.sessionId ?? '' } }
}

export async function updateNote(ctx: Ctx, id: number, noteId: number, input: unknown) {
  const { ch, framework } = await loadEvidence(ctx, id)
  await ownNote(ctx, id, noteId)
  const v = parseInput(noteSchema, input)
  await checkNote(
    ctx,
    id,
    v.themes,
    v.sessionId,
    framework.themes.map((t) => t.key),
  )
  await ctx.db.transaction(async (tx) => {
    const r = await tx.query(
      `update evidence_notes set session_id = $2, themes = $3, polarity = $4, text = $5, updated_at = $6, version = version + 1 where id = $1 and ($7::int is null or version = $7) returning id`,
      [noteId, v.sessionId, v.themes, v.polarity, v.text, ctx.clock.now(), v.version ?? null],
    )
    if (!r.length)
      throw AppError.conflict('This note was changed elsewhere while you were editing it. Reload the page.')
    await audit(tx, ctx, {
      action: 'evidence.note-changed',
      visibility: 'team',
      entity: 'evidence-note',
      entityId: noteId,
      challengeId: id,
      councilId: ch.councilId,
      after: { themes: v.themes, polarity: v.polarity },
    })
  })
  return { id: noteId }
}

export async function deleteNote(ctx: Ctx, id: number, noteId: number) {
  const { ch } = await loadEvidence(ctx, id)
  await ownNote(ctx, id, noteId)
  await ctx.db.transaction(async (tx) => {
    await tx.query(`delete from evidence_notes where id = $1`, [noteId])
    await audit(tx, ctx, {
      action: 'evidence.note-deleted',
      visibility: 'team',
      entity: 'evidence-note',
      entityId: noteId,
      challengeId: id,
      councilId: ch.councilId,
    })
  })
  return { id: noteId }
}

/** For the report: the notes on each theme, strengths and areas to improve, to draft from. */
export async function notesByTheme(ctx: Ctx, id: number) {
  const rows = await ctx.db.query<{ themes: string[]; polarity: string; text: string }>(
    `select themes, polarity, text from evidence_notes where challenge_id = $1 order by created_at`,
    [id],
  )
  const out: Record<string, { strengths: string[]; improve: string[] }> = {}
  for (const r of rows)
    for (const t of r.themes) {
      const x = (out[t] ??= { strengths: [], improve: [] })
      if (r.polarity === 'strength') x.strengths.push(r.text)
      else if (r.polarity === 'improve') x.improve.push(r.text)
    }
  return out
}
