import { AppError } from '../common/errors.ts'
import type { Actor } from '../common/context.ts'
import type { TransitionRole } from '../frameworks/types.ts'

/**
 * Every permission decision lives here. Services call these before reading or changing anything; routes
 * never decide. The facts about a challenge that matter for access are gathered by the service.
 */
export interface ChallengeAccessFacts {
  councilId: number
  /** Team members: person id and role on the team. */
  team: { personId: number; role: string }[]
  /** The feedback report's publication date has been reached (publication date <= today). */
  reportPublic: boolean
}

export type ChallengeAction =
  | 'view'
  | 'view-private' // team, scope detail, audit, unpublished documents, deadlines
  | 'edit' // dates, notes, scope
  | 'manage-team'
  | 'edit-recommendations'
  | 'record-event'
  | 'upload-document'
  | 'view-plan' // the council's action plan, its progress and governance records (private until published)
  | 'edit-plan' // responses, actions, progress updates, meetings, publication: the council's own officers only
  | 'plan-visit' // the on-site programme: sessions, attendees, sites, solving and publishing the timetable
  | 'evidence' // the team's notes from the visit: private to the team, the programme office included out (decision 0010)
  | 'write-report' // drafting the feedback report
  | 'comment-report' // factual-accuracy comments on an issued draft (the council), review comments (the team)

export type DocumentKind =
  | 'position-statement'
  | 'data-pack'
  | 'report-draft'
  | 'final-report'
  | 'action-plan'
  | 'progress-review-report'
  | 'presentation'
  | 'other'

export const DOCUMENT_KINDS: { key: DocumentKind; label: string; publishedBy: string | null }[] = [
  { key: 'position-statement', label: 'Position statement', publishedBy: null },
  { key: 'data-pack', label: 'Data pack', publishedBy: null },
  { key: 'report-draft', label: 'Report draft', publishedBy: null },
  { key: 'final-report', label: 'Final report', publishedBy: 'report_published' },
  { key: 'action-plan', label: 'Action plan', publishedBy: 'action_plan_published' },
  { key: 'progress-review-report', label: 'Progress review report', publishedBy: 'report_published' },
  { key: 'presentation', label: 'Feedback presentation', publishedBy: null },
  { key: 'other', label: 'Other document', publishedBy: null },
]

const COUNCIL_UPLOADS: DocumentKind[] = ['position-statement', 'data-pack', 'action-plan', 'other']
const PEER_UPLOADS: DocumentKind[] = ['report-draft', 'final-report', 'progress-review-report', 'presentation', 'other']

function onTeam(actor: Actor, f: ChallengeAccessFacts): { role: string } | undefined {
  if (actor.kind !== 'user' || actor.role !== 'peer' || actor.personId == null) return undefined
  return f.team.find((m) => m.personId === actor.personId)
}

/** The actor is one of the council's own officers (the council the challenge is about). */
export function ownCouncil(actor: Actor, f: Pick<ChallengeAccessFacts, 'councilId'>): boolean {
  return actor.kind === 'user' && actor.role === 'council' && actor.councilId === f.councilId
}

const isAdmin = (a: Actor) => a.kind === 'user' && a.role === 'admin'

export function canOnChallenge(actor: Actor, action: ChallengeAction, f: ChallengeAccessFacts): boolean {
  // The action plan is the council's: the programme office reads it but does not write it (decision 0008).
  if (isAdmin(actor)) return action !== 'edit-plan' && action !== 'evidence'
  const member = onTeam(actor, f)
  const own = ownCouncil(actor, f)
  switch (action) {
    case 'view':
      return !!member || own || f.reportPublic
    case 'view-private':
      return !!member || own
    case 'edit':
      return member?.role === 'pcm'
    case 'manage-team':
      return false
    case 'edit-recommendations':
      return member?.role === 'pcm' || member?.role === 'lead-peer'
    case 'record-event':
      return own || member?.role === 'pcm'
    case 'upload-document':
      return !!member || own
    case 'view-plan':
      return !!member || own
    case 'edit-plan':
      return own
    case 'plan-visit':
      return own || member?.role === 'pcm'
    case 'evidence':
    case 'write-report':
      return !!member
    case 'comment-report':
      return !!member || own
  }
}

export function assertOnChallenge(actor: Actor, action: ChallengeAction, f: ChallengeAccessFacts): void {
  if (canOnChallenge(actor, action, f)) return
  // Someone who may not even see the challenge is told it does not exist: no leak of its existence.
  if (!canOnChallenge(actor, 'view', f)) throw AppError.notFound('Challenge')
  throw AppError.forbidden()
}

export function uploadableKinds(actor: Actor, f: ChallengeAccessFacts): DocumentKind[] {
  if (isAdmin(actor)) return DOCUMENT_KINDS.map((k) => k.key)
  if (onTeam(actor, f)) return PEER_UPLOADS
  if (ownCouncil(actor, f)) return COUNCIL_UPLOADS
  return []
}

/** The roles a workflow transition can name, held by this actor on this challenge. */
export function transitionRoles(actor: Actor, f: ChallengeAccessFacts): Set<TransitionRole> {
  const roles = new Set<TransitionRole>()
  if (isAdmin(actor)) roles.add('admin')
  const member = onTeam(actor, f)
  if (member?.role === 'pcm') roles.add('pcm')
  if (member?.role === 'lead-peer') roles.add('lead-peer')
  if (ownCouncil(actor, f)) roles.add('council')
  return roles
}

/** Programme-wide actions. */
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
