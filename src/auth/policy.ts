import { AppError } from '../common/errors.ts'
import { PUBLIC, type Actor } from '../common/context.ts'
import { Params } from '../db/sql.ts'
import type { TransitionRole } from '../frameworks/types.ts'

/**
 * The access model (decision 0013). This module alone answers three questions:
 *
 * 1. May this actor do this action to this object? (`decide`, `may`, `authorize`, `abilities`), with the role and
 *    stage rules together;
 * 2. Which rows of a kind may this actor see? (the SQL scopes at the end: every list, search, history, export and API
 *    twin filters with them, and single objects are checked with the same audiences);
 * 3. Which fields of an object may they see? (`redactChallenge` and the other redactors).
 *
 * Everything private on a challenge has an audience, narrowest first:
 *   team       the peer team alone (their evidence notes)
 *   programme  the team and the programme office (drafts not yet issued, the team's own review comments)
 *   council    those and the council's own officers (team, dates, the visit, the action plan, history)
 *   public     everyone, once the challenge's report is final and its publication date has come
 * Audit entries are written with their audience, so History is filtered by the same rule as everything else.
 */

export type Audience = 'team' | 'programme' | 'council' | 'public'
export const AUDIENCES: readonly Audience[] = ['team', 'programme', 'council', 'public']

/** Stages from which the report is final: its recommendations and framework are fixed, the action plan can start. */
export const REPORT_FINAL_STAGES: ReadonlySet<string> = new Set(['final', 'published', 'closed'])
/** Stages in which the team drafts the report. */
export const REPORT_WRITABLE_STAGES: ReadonlySet<string> = new Set(['on-site', 'drafting', 'factual-check'])

/** The facts about a challenge that access depends on; gathered once by the challenges service (loadChallenge). */
export interface ChallengeFacts {
  councilId: number
  stage: string
  /** Team members: person id and role on the team. */
  team: { personId: number; role: string }[]
  /** The report is final and its publication date has been reached (UK date). */
  reportPublic: boolean
  /** A draft report has been issued to the council for its factual accuracy check. */
  draftIssued: boolean
  /** The team has presented its feedback at the end of the visit. */
  feedbackGiven: boolean
  /** The action plan's publication date has been reached. */
  planPublic: boolean
}

interface Who {
  admin: boolean
  team: boolean
  pcm: boolean
  lead: boolean
  own: boolean
}

const isAdmin = (a: Actor) => a.kind === 'user' && a.role === 'admin'

function teamRole(actor: Actor, f: Pick<ChallengeFacts, 'team'>): string | undefined {
  if (actor.kind !== 'user' || actor.role !== 'peer' || actor.personId == null) return undefined
  return f.team.find((m) => m.personId === actor.personId)?.role
}

/** The actor is one of the council's own officers (the council the challenge is about). */
export function ownCouncil(actor: Actor, f: Pick<ChallengeFacts, 'councilId'>): boolean {
  return actor.kind === 'user' && actor.role === 'council' && actor.councilId === f.councilId
}

function who(actor: Actor, f: ChallengeFacts): Who {
  const role = teamRole(actor, f)
  return {
    admin: isAdmin(actor),
    team: !!role,
    pcm: role === 'pcm',
    lead: role === 'lead-peer',
    own: ownCouncil(actor, f),
  }
}

/** The audiences this actor belongs to on this challenge (empty: it may not even know the challenge exists). */
export function audiencesOf(actor: Actor, f: ChallengeFacts): Audience[] {
  const w = who(actor, f)
  if (w.team) return ['team', 'programme', 'council', 'public']
  if (w.admin) return ['programme', 'council', 'public']
  if (w.own) return ['council', 'public']
  return f.reportPublic ? ['public'] : []
}

export const isReportFinal = (stage: string) => REPORT_FINAL_STAGES.has(stage)

// ---------------------------------------------------------------------------------------------------------------
// 1. Actions on a challenge: who (role rules) and when (stage rules).

export type ChallengeAction =
  | 'view'
  | 'view-private' // team, dates, events, deadlines, the visit, internal notes
  | 'view-history' // the audit log (each entry filtered by its audience)
  | 'view-recommendations' // the team's recommendations: the council's once a draft is issued, everyone's once public
  | 'edit' // dates, notes, scope
  | 'edit-scope' // the council's own questions under each theme, agreed at scoping
  | 'change-framework'
  | 'manage-team'
  | 'edit-recommendations'
  | 'record-event' // the event's own rules (workflow data) decide which dates and when
  | 'state-date' // a due date stated in a document, overriding a rule's (the programme office; the council's officers)
  | 'upload-document'
  | 'view-plan' // the council's action plan, its progress and governance records (private until published)
  | 'edit-plan' // responses, actions, progress updates, meetings, publication: the council's own officers only
  | 'plan-visit' // the on-site programme: sessions, attendees, sites, solving and publishing the timetable
  | 'evidence' // the team's notes from the visit: private to the team, the programme office included out (decision 0010)
  | 'write-report' // drafting the feedback report
  | 'comment-report' // factual-accuracy comments on an issued draft (the council), review comments (the team)
  | 'respond-comment'

interface ActionRule {
  who: (w: Who, f: ChallengeFacts) => boolean
  /** A stage rule: the reason the action cannot happen now (409), or null. Only asked once `who` allows it. */
  when?: (f: ChallengeFacts, w: Who) => string | null
  /** What a refusal for the role says (403). */
  refused?: string
}

const FINAL_RECS = 'The report is final: its recommendations can no longer change'

const RULES: Record<ChallengeAction, ActionRule> = {
  view: { who: () => true },
  'view-private': { who: (w) => w.team || w.admin || w.own },
  'view-history': { who: (w) => w.team || w.admin || w.own },
  'view-recommendations': { who: (w, f) => w.team || w.admin || (w.own && f.draftIssued) || f.reportPublic },
  edit: { who: (w) => w.admin || w.pcm },
  'edit-scope': {
    who: (w) => w.admin || w.pcm || w.own,
    when: (f) =>
      isReportFinal(f.stage) || f.stage === 'cancelled' ? 'The scope is fixed once the report is final' : null,
  },
  'change-framework': {
    who: (w) => w.admin,
    when: (f) => (isReportFinal(f.stage) ? 'The framework cannot change once the report is final' : null),
  },
  'manage-team': { who: (w) => w.admin },
  'edit-recommendations': {
    who: (w) => w.admin || w.pcm || w.lead,
    when: (f) => (isReportFinal(f.stage) ? FINAL_RECS : null),
  },
  'record-event': { who: (w) => w.admin || w.pcm || w.own },
  'state-date': {
    who: (w) => w.admin || w.own,
    refused: 'Dates stated in documents are recorded by the programme office or the council’s officers',
  },
  'upload-document': { who: (w) => w.admin || w.team || w.own },
  'view-plan': { who: (w) => w.admin || w.team || w.own },
  'edit-plan': { who: (w) => w.own, refused: 'Only the council’s officers change its action plan' },
  'plan-visit': {
    who: (w) => w.admin || w.pcm || w.own,
    when: (f) =>
      isReportFinal(f.stage) || f.stage === 'cancelled'
        ? 'The on-site programme cannot be changed once the report is final'
        : null,
  },
  evidence: { who: (w) => w.team, refused: 'The evidence notes are the peer team’s alone' },
  'write-report': {
    who: (w) => w.admin || w.team,
    when: (f) =>
      REPORT_WRITABLE_STAGES.has(f.stage)
        ? null
        : isReportFinal(f.stage)
          ? 'The report is final: it can no longer be changed'
          : 'The report can be drafted from the on-site visit until it is final',
  },
  'comment-report': {
    who: (w) => w.admin || w.team || w.own,
    when: (f, w) =>
      w.own && !w.team
        ? f.stage === 'factual-check'
          ? null
          : 'Factual accuracy comments can be made while the draft is with the council for its check'
        : REPORT_WRITABLE_STAGES.has(f.stage)
          ? null
          : 'The report is final: comments are closed',
  },
  'respond-comment': {
    who: (w) => w.admin || w.team,
    when: (f) => (REPORT_WRITABLE_STAGES.has(f.stage) ? null : 'The report is final: comments are closed'),
  },
}

export type Decision =
  | { allowed: true }
  | { allowed: false; code: 'not-found' | 'forbidden' | 'conflict' | 'unauthenticated'; message: string }

export function decide(actor: Actor, action: ChallengeAction, f: ChallengeFacts): Decision {
  // Someone who may not even see the challenge is told it does not exist: no leak of its existence.
  if (!audiencesOf(actor, f).length) return { allowed: false, code: 'not-found', message: 'Challenge not found' }
  const w = who(actor, f)
  const rule = RULES[action]
  if (!rule.who(w, f)) {
    // The private side of a published challenge does not exist for those outside it (the public included).
    if (!RULES['view-private'].who(w, f)) return { allowed: false, code: 'not-found', message: 'Page not found' }
    return { allowed: false, code: 'forbidden', message: rule.refused ?? 'You do not have permission to do that' }
  }
  const stage = rule.when?.(f, w)
  if (stage) return { allowed: false, code: 'conflict', message: stage }
  return { allowed: true }
}

export function may(actor: Actor, action: ChallengeAction, f: ChallengeFacts): boolean {
  return decide(actor, action, f).allowed
}

/** Throws the refusal as the one error type: 404 (cannot see it), 401, 403 (role) or 409 (not at this stage). */
export function authorize(actor: Actor, action: ChallengeAction, f: ChallengeFacts): void {
  const d = decide(actor, action, f)
  if (!d.allowed) throw new AppError(d.code, d.message)
}

/** True when the role allows the action, whatever the stage (to tell "not you" from "not now"). */
export function roleAllows(actor: Actor, action: ChallengeAction, f: ChallengeFacts): boolean {
  return !!audiencesOf(actor, f).length && RULES[action].who(who(actor, f), f)
}

/** Everything the pages may offer this actor on this challenge, from the same rules. */
export function abilities(actor: Actor, f: ChallengeFacts) {
  const m = (a: ChallengeAction) => may(actor, a, f)
  return {
    viewPrivate: m('view-private'),
    viewHistory: m('view-history'),
    viewRecommendations: m('view-recommendations'),
    edit: m('edit'),
    editScope: m('edit-scope'),
    changeFramework: m('change-framework'),
    manageTeam: m('manage-team'),
    editRecommendations: m('edit-recommendations'),
    recordEvent: m('record-event'),
    stateDate: m('state-date'),
    uploadDocument: m('upload-document'),
    uploadKinds: uploadableKinds(actor, f),
    viewPlan: m('view-plan'),
    editPlan: m('edit-plan'),
    planVisit: m('plan-visit'),
    evidence: m('evidence'),
    writeReport: m('write-report'),
    commentReport: m('comment-report'),
    respondComment: m('respond-comment'),
  }
}
export type Abilities = ReturnType<typeof abilities>

/** The roles a workflow transition (or a recorded event) can name, held by this actor on this challenge. */
export function transitionRoles(actor: Actor, f: ChallengeFacts): Set<TransitionRole> {
  const w = who(actor, f)
  const roles = new Set<TransitionRole>()
  if (w.admin) roles.add('admin')
  if (w.pcm) roles.add('pcm')
  if (w.lead) roles.add('lead-peer')
  if (w.own) roles.add('council')
  return roles
}

// ---------------------------------------------------------------------------------------------------------------
// Documents: each kind has an audience that widens as the challenge moves on.

export type DocumentKind =
  | 'position-statement'
  | 'data-pack'
  | 'report-draft'
  | 'final-report'
  | 'action-plan'
  | 'progress-review-report'
  | 'presentation'
  | 'committee-paper'
  | 'other'

type DocFacts = Pick<ChallengeFacts, 'stage' | 'reportPublic' | 'draftIssued' | 'feedbackGiven' | 'planPublic'>
const reportDocAudience = (f: DocFacts): Audience =>
  f.reportPublic ? 'public' : isReportFinal(f.stage) ? 'council' : 'programme'

export const DOCUMENT_KINDS: { key: DocumentKind; label: string; audience: (f: DocFacts) => Audience }[] = [
  { key: 'position-statement', label: 'Position statement', audience: () => 'council' },
  { key: 'data-pack', label: 'Data pack', audience: () => 'council' },
  { key: 'report-draft', label: 'Report draft', audience: (f) => (f.draftIssued ? 'council' : 'programme') },
  { key: 'final-report', label: 'Final report', audience: reportDocAudience },
  { key: 'action-plan', label: 'Action plan', audience: (f) => (f.planPublic ? 'public' : 'council') },
  { key: 'progress-review-report', label: 'Progress review report', audience: reportDocAudience },
  { key: 'presentation', label: 'Feedback presentation', audience: (f) => (f.feedbackGiven ? 'council' : 'programme') },
  // A report to a council committee about the challenge: public with the report (committee papers are published).
  { key: 'committee-paper', label: 'Committee paper', audience: (f) => (f.reportPublic ? 'public' : 'council') },
  { key: 'other', label: 'Other document', audience: () => 'council' },
]

export function documentAudience(kind: string, f: DocFacts): Audience {
  return DOCUMENT_KINDS.find((k) => k.key === kind)?.audience(f) ?? 'programme'
}

const COUNCIL_UPLOADS: DocumentKind[] = ['position-statement', 'data-pack', 'action-plan', 'committee-paper', 'other']
const PEER_UPLOADS: DocumentKind[] = ['report-draft', 'final-report', 'progress-review-report', 'presentation', 'other']

export function uploadableKinds(actor: Actor, f: ChallengeFacts): DocumentKind[] {
  const w = who(actor, f)
  if (w.admin) return DOCUMENT_KINDS.map((k) => k.key)
  if (w.team) return PEER_UPLOADS
  if (w.own) return COUNCIL_UPLOADS
  return []
}

// Report versions and comments.

/** A saved report version: the team's until issued; the council's once issued; the public's if it is the final one. */
export function reportVersionAudience(
  issued: { draft: boolean; final: boolean },
  f: Pick<ChallengeFacts, 'reportPublic'>,
): Audience {
  if (issued.final) return f.reportPublic ? 'public' : 'council'
  return issued.draft ? 'council' : 'programme'
}

/** A comment on the report: the council's own comments (and the team's answers) are the council's; the team's are its own. */
export const reportCommentAudience = (c: { fromCouncil: boolean }): Audience =>
  c.fromCouncil ? 'council' : 'programme'

/** A snapshot of the action plan (as reported to a committee, as published): the council's, public once the plan is. */
export function snapshotAudience(
  s: { publicFrom: string | null },
  f: Pick<ChallengeFacts, 'planPublic'>,
  today: string,
): Audience {
  return f.planPublic && !!s.publicFrom && s.publicFrom <= today ? 'public' : 'council'
}

export const sees = (audiences: readonly Audience[], a: Audience) => audiences.includes(a)

// ---------------------------------------------------------------------------------------------------------------
// 3. Fields: what of a challenge row each audience sees.

/** Internal notes are for those with private access; everything else on the row is as public as the challenge. */
export function redactChallenge<T extends { notes?: string }>(
  actor: Actor,
  f: ChallengeFacts,
  row: T,
): T | Omit<T, 'notes'> {
  if (may(actor, 'view-private', f)) return row
  const { notes: _notes, ...rest } = row
  return rest
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Row scopes in SQL: the same audiences, for lists. Each takes the query's Params and returns an SQL expression.

/** SQL: the report of challenge `c` is public on `today` (the only place a "published" test is written). */
export function publicSql(q: Params, today: string, c = 'c'): string {
  return `(${c}.report_public_from is not null and ${c}.report_public_from <= ${q.add(today)})`
}

/** SQL text[]: the audiences the actor belongs to on challenge `c` (same as audiencesOf). */
export function audiencesSql(actor: Actor, q: Params, today: string, c = 'c'): string {
  // Each piece adds its parameters only when it is used.
  const all = `array['team','programme','council','public']::text[]`
  const pub = () => `case when ${publicSql(q, today, c)} then array['public']::text[] else array[]::text[] end`
  if (actor.kind === 'public') return pub()
  if (actor.role === 'admin') return `array['programme','council','public']::text[]`
  if (actor.role === 'peer') {
    if (actor.personId == null) return pub()
    const member = `exists (select 1 from team_members tm where tm.challenge_id = ${c}.id and tm.person_id = ${q.add(actor.personId)})`
    return `case when ${member} then ${all} else ${pub()} end`
  }
  if (actor.councilId == null) return pub()
  const own = `${c}.council_id = ${q.add(actor.councilId)}`
  return `case when ${own} then array['council','public']::text[] else ${pub()} end`
}

/** SQL boolean: the actor may see challenge `c` at all. */
export function challengeScope(actor: Actor, q: Params, today: string, c = 'c'): string {
  if (actor.kind === 'user' && actor.role === 'admin') return 'true'
  return `cardinality(${audiencesSql(actor, q, today, c)}) > 0`
}

/**
 * SQL boolean: the actor has the private side of challenge `c` ('view-private': its team, its council's officers, the
 * programme office), the audiences that include the council's, as RULES['view-private'] decides for one challenge.
 */
export function privateSql(actor: Actor, q: Params, today: string, c = 'c'): string {
  if (actor.kind === 'user' && actor.role === 'admin') return 'true'
  return `'council' = any(${audiencesSql(actor, q, today, c)})`
}

/** SQL boolean: the actor is one of "mine" on challenge `c`: on its team (peers), its council (officers), everything (programme office). */
export function mineSql(actor: Actor, q: Params, c = 'c'): string {
  if (actor.kind === 'public') return 'false'
  if (actor.role === 'admin') return 'true'
  if (actor.role === 'peer')
    return actor.personId == null
      ? 'false'
      : `exists (select 1 from team_members tm where tm.challenge_id = ${c}.id and tm.person_id = ${q.add(actor.personId)})`
  return actor.councilId == null ? 'false' : `${c}.council_id = ${q.add(actor.councilId)}`
}

/** SQL boolean: audit entry `a` (of challenge `c`) may be seen by the actor. */
export function auditScope(actor: Actor, q: Params, today: string, a = 'a', c = 'c'): string {
  return `${a}.visibility = any(${audiencesSql(actor, q, today, c)})`
}

const hasEvent = (c: string, code: string, q: Params, today?: string) =>
  `exists (select 1 from challenge_events ev where ev.challenge_id = ${c}.id and ev.code = '${code}'${today ? ` and ev.occurred_on <= ${q.add(today)}` : ''})`

/** SQL boolean: document `d` of challenge `c` may be seen by the actor (its kind's audience, as documentAudience). */
export function documentScope(actor: Actor, q: Params, today: string, d = 'd', c = 'c'): string {
  const finalStages = q.add([...REPORT_FINAL_STAGES])
  const reportAud = `case when ${publicSql(q, today, c)} then 'public' when ${c}.stage = any(${finalStages}) then 'council' else 'programme' end`
  const aud = `case ${d}.kind
      when 'position-statement' then 'council' when 'data-pack' then 'council' when 'other' then 'council'
      when 'report-draft' then case when ${hasEvent(c, 'draft_issued', q)} then 'council' else 'programme' end
      when 'final-report' then ${reportAud} when 'progress-review-report' then ${reportAud}
      when 'action-plan' then case when ${hasEvent(c, 'action_plan_published', q, today)} then 'public' else 'council' end
      when 'presentation' then case when ${hasEvent(c, 'feedback_presented', q)} then 'council' else 'programme' end
      when 'committee-paper' then case when ${publicSql(q, today, c)} then 'public' else 'council' end
      else 'programme' end`
  return `(${aud}) = any(${audiencesSql(actor, q, today, c)})`
}

/**
 * SQL boolean: library entry `l` (a searchable passage of a challenge, decision 0021) may be seen by the actor, with
 * the audience its source has on its own page:
 *   report          a saved version's section: reportVersionAudience (the team's until issued, the council's once
 *                   issued, public when it is the final version and the report is published);
 *   recommendation  'view-recommendations': the programme's, the council's once a draft is issued, public once published;
 *   action/progress the live action plan ('view-plan'): the council's (the public reads plans as published snapshots);
 *   document        an imported document's text: its document's kind (documentScope).
 * A report section is further shown only from the latest version the actor may read (librarySupersededSql).
 *
 * Said fast (decision 0024): the date from which the public may read an entry is stored on it (`public_from`, kept by
 * the triggers of migration 018 to the rule `libraryPublicRuleSql` states; a test compares the two on every entry), so
 * the public's scope is one comparison on the entry. The programme office reads every entry (no library audience is
 * the team's alone). A peer or a council's officer reads the public's entries and, on their own challenges (their
 * team's, their council's), what the whole rule gives their audiences there.
 */
export function libraryScope(actor: Actor, q: Params, today: string, l = 'l'): string {
  // Each piece adds its parameters only when it is used.
  const pub = () => `${l}.public_from <= ${q.add(today)}`
  if (actor.kind === 'public') return pub()
  if (actor.role === 'admin') return 'true'
  if (mineSql(actor, new Params(), 'c') === 'false') return pub()
  return `(${pub()} or exists (select 1 from challenges c where c.id = ${l}.challenge_id and ${mineSql(actor, q, 'c')}
      and ${libraryRuleSql(actor, q, today, l, 'c')}))`
}

/** The whole rule for entry `l` of challenge `c`: its source's audience is one of the actor's on the challenge. */
function libraryRuleSql(actor: Actor, q: Params, today: string, l: string, c: string): string {
  return `case ${l}.source when 'document' then ${documentScope(actor, q, today, l, c)}
    else (${libraryAudienceSql(q, today, l, c)}) = any(${audiencesSql(actor, q, today, c)}) end`
}

/**
 * SQL boolean: the public may read entry `l` of challenge `c` by the whole rule: its audience is 'public' and, for a
 * report section, no later version is public (the public reads the last version issued as final, as the report page
 * shows it). What the stored `public_from` must agree with.
 */
export function libraryPublicRuleSql(q: Params, today: string, l = 'l', c = 'c'): string {
  return `(${libraryRuleSql(PUBLIC, q, today, l, c)} and not (${l}.source = 'report' and exists (select 1 from report_issues ri
      where ri.challenge_id = ${c}.id and ri.kind = 'final' and ri.version > ${l}.version)))`
}

function libraryAudienceSql(q: Params, today: string, l: string, c: string): string {
  const issued = (kind: 'draft' | 'final') =>
    `exists (select 1 from report_issues ri where ri.challenge_id = ${c}.id and ri.version = ${l}.version and ri.kind = '${kind}')`
  const pub = publicSql(q, today, c)
  return `case ${l}.source
      when 'report' then case when ${issued('final')} then case when ${pub} then 'public' else 'council' end
                              when ${issued('draft')} then 'council' else 'programme' end
      when 'recommendation' then case when ${pub} then 'public' when ${hasEvent(c, 'draft_issued', q)} then 'council' else 'programme' end
      when 'action' then 'council' when 'progress' then 'council'
      else 'programme' end`
}

/**
 * SQL boolean: report section `l` has a later version the actor may also read (those who read a report read its latest
 * version they may see; the public the final one): the search shows that one instead.
 */
export function librarySupersededSql(actor: Actor, q: Params, today: string, l = 'l'): string {
  // The public's entries are already those of the last version issued as final alone (libraryPublicRuleSql).
  if (actor.kind === 'public') return 'false'
  return `(${l}.later_version and exists (select 1 from library_entries l2
      where l2.challenge_id = ${l}.challenge_id and l2.source = 'report' and l2.version > ${l}.version
        and ${libraryScope(actor, q, today, 'l2')}))`
}

/**
 * SQL boolean: action-plan snapshot `s` of challenge `c` may be seen by the actor (snapshotAudience: public once the
 * plan is published and the snapshot's own public date has come, the council's until then).
 */
export function planSnapshotScope(actor: Actor, q: Params, today: string, s = 's', c = 'c'): string {
  const aud = `case when ${hasEvent(c, 'action_plan_published', q, today)} and ${s}.public_from is not null
      and ${s}.public_from <= ${q.add(today)} then 'public' else 'council' end`
  return `(${aud}) = any(${audiencesSql(actor, q, today, c)})`
}

/**
 * SQL boolean: the actor may read the live action plan of challenge `c` (its actions and their status): the
 * council's audience, as the library's 'action' passages (repeat findings say from it whether a plan closed a
 * recommendation).
 */
export function actionPlanScope(actor: Actor, q: Params, today: string, c = 'c'): string {
  return `('council' = any(${audiencesSql(actor, q, today, c)}))`
}

/** SQL boolean: outbox message `o` may be read by the actor: their own; the programme office reads every message. */
export function outboxScope(actor: Actor, q: Params, o = 'o'): string {
  if (actor.kind === 'public') return 'false'
  if (actor.role === 'admin') return 'true'
  return `${o}.user_id = ${q.add(actor.id)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Councils: the five-year cycle position is the programme office's and the council's own.

// Its committee settings (committees, statutory officers, the report template) are kept by its own officers and the
// programme office (decision 0017).

/** 'export': everything the council owns as one zip, for when it leaves (decision 0032). */
export type CouncilAction = 'view-cycle' | 'view-committees' | 'edit-committees' | 'export'

export function canOnCouncil(actor: Actor, _action: CouncilAction, councilId: number): boolean {
  return isAdmin(actor) || ownCouncil(actor, { councilId })
}

/** Throws the refusal: 401 for the public (sign in), 403 for another council's officer or a peer. */
export function assertOnCouncil(actor: Actor, action: CouncilAction, councilId: number): void {
  if (canOnCouncil(actor, action, councilId)) return
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
  throw new AppError(
    'forbidden',
    action === 'export'
      ? 'Only the council’s own officers and the programme office can export its data'
      : 'Only the council’s own officers and the programme office keep its committee settings',
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Programme-wide actions.

export type GlobalAction =
  | 'create-challenge'
  | 'import-councils'
  | 'import-documents'
  | 'view-programme'
  | 'manage-people'
  | 'view-reference'
  | 'run-jobs'
  | 'manage-pool'
  | 'assemble-teams'
  | 'override-rec-themes'

export function can(actor: Actor, action: GlobalAction): boolean {
  if (action === 'view-reference') return true
  return isAdmin(actor)
}

export function assertCan(actor: Actor, action: GlobalAction): void {
  if (can(actor, action)) return
  throw actor.kind === 'public' ? new AppError('unauthenticated', 'Sign in to continue') : AppError.forbidden()
}

/**
 * A peer's profile in the pool. The programme office does everything; peers see their own profile and keep their own
 * unavailable dates and declared interests up to date. Overrides of a conflict are the programme office's alone.
 */
export type PeerAction = 'view' | 'edit' | 'edit-availability' | 'declare-interest' | 'override-conflict'

export function canOnPeer(actor: Actor, action: PeerAction, personId: number): boolean {
  if (isAdmin(actor)) return true
  const self = actor.kind === 'user' && actor.role === 'peer' && actor.personId === personId
  return self && (action === 'view' || action === 'edit-availability' || action === 'declare-interest')
}

export function assertOnPeer(actor: Actor, action: PeerAction, personId: number): void {
  if (canOnPeer(actor, action, personId)) return
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
  if (!canOnPeer(actor, 'view', personId)) throw AppError.notFound('Peer')
  throw AppError.forbidden()
}

/**
 * A background job (decision 22): the programme office sees and cancels or retries every job; someone else only the
 * jobs they asked for themselves. Anyone else is told it does not exist.
 */
export type JobAction = 'view' | 'cancel' | 'retry'

export function canOnJob(actor: Actor, _action: JobAction, job: { createdBy: number | null }): boolean {
  if (isAdmin(actor)) return true
  return actor.kind === 'user' && job.createdBy !== null && job.createdBy === actor.id
}

export function assertOnJob(actor: Actor, action: JobAction, job: { createdBy: number | null }): void {
  if (canOnJob(actor, action, job)) return
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
  throw AppError.notFound('Job')
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts (decision 0027). The programme office manages every account. A council's officers may see their own
// council's officers' accounts and invite colleagues to it when the programme office allows that council to.

export type AccountAction = 'list' | 'invite' | 'edit' | 'deactivate' | 'council-settings'

export interface AccountTarget {
  role: 'admin' | 'peer' | 'council'
  councilId: number | null
}

/** `councilAllows`: the actor's council lets its officers invite colleagues (council_account_settings). */
export function canOnAccounts(
  actor: Actor,
  action: AccountAction,
  opts: { target?: AccountTarget; councilAllows?: boolean } = {},
): boolean {
  if (isAdmin(actor)) return true
  if (actor.kind !== 'user' || actor.role !== 'council' || !opts.councilAllows) return false
  if (action === 'list') return true
  if (action !== 'invite') return false
  return !opts.target || (opts.target.role === 'council' && opts.target.councilId === actor.councilId)
}

export function assertOnAccounts(
  actor: Actor,
  action: AccountAction,
  opts: { target?: AccountTarget; councilAllows?: boolean } = {},
): void {
  if (canOnAccounts(actor, action, opts)) return
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
  if (actor.role === 'council' && opts.councilAllows && action === 'invite')
    throw new AppError('forbidden', 'You can invite officers of your own council only')
  throw AppError.forbidden()
}

/** SQL boolean: account `u` may be listed for the actor (the programme office: all; officers: their council's). */
export function usersScope(actor: Actor, q: Params, u = 'u'): string {
  if (actor.kind === 'public') return 'false'
  if (actor.role === 'admin') return 'true'
  if (actor.role !== 'council' || actor.councilId == null) return 'false'
  const council = q.add(actor.councilId)
  return `(${u}.role = 'council' and ${u}.council_id = ${council} and exists (select 1 from council_account_settings s where s.council_id = ${council} and s.officers_may_invite))`
}

/**
 * Fields of an outbox message: a password reset link is its recipient's alone (the programme office, which reads
 * every other message, sees that one was sent but not the link).
 */
export function outboxBodyVisible(actor: Actor, m: { kind: string; userId: number | null }): boolean {
  if (m.kind !== 'password-reset') return true
  return actor.kind === 'user' && actor.id === m.userId
}

/**
 * Two-factor sign-in (TOTP, decision 0032) is offered to programme-office accounts: they can change everything. It
 * is optional; peers and council officers sign in with a password or their organisation's single sign-on.
 */
export function canUseTwoFactor(actor: Actor): boolean {
  return isAdmin(actor)
}

export function assertTwoFactorAllowed(actor: Actor): void {
  if (canUseTwoFactor(actor)) return
  if (actor.kind === 'public') throw new AppError('unauthenticated', 'Sign in to continue')
  throw new AppError('forbidden', 'Two-factor sign-in is for programme office accounts')
}

/** SQL boolean: in-app notification `n` is the actor's (everyone reads only their own, the programme office too). */
export function notificationsScope(actor: Actor, q: Params, n = 'n'): string {
  if (actor.kind !== 'user' || actor.id <= 0) return 'false'
  return `${n}.user_id = ${q.add(actor.id)}`
}

/**
 * Who "the council" is when what it owns is gathered (the export, decision 0032): one of its own officers. The export
 * holds what this actor may see through the scopes above, whoever asks for it, so the programme office's copy
 * carries nothing of the peer team's own (its notes, its review comments, drafts not issued).
 */
export function councilView(councilId: number): Actor {
  return { kind: 'user', id: 0, name: 'The council', email: '', role: 'council', councilId, personId: null }
}
