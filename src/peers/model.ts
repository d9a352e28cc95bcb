import { addYears, type IsoDate } from '../common/dates.ts'

/**
 * The peer pool and team rules as plain data, and the pure rules over them: who is eligible for which place on a
 * team, who is unavailable, who is conflicted and why. Used by the assembler (HiGHS), the greedy baseline and the
 * independent checker alike.
 */

export type PeerKind = 'member' | 'officer' | 'lga'

export interface Peer {
  id: number
  name: string
  kind: PeerKind
  party: string | null
  /** Current role: chief-executive, director, s151, monitoring-officer, head-of-service, leader, deputy-leader, cabinet-member, councillor, pcm ... */
  role: string
  /** A former role still counted for eligibility (e.g. a chief executive who retired), and until when it was held. */
  formerRole?: { role: string; until: IsoDate } | null
  councilId: number | null
  region: string | null
  councilTypesKnown: string[]
  expertise: string[]
  accreditedOn: IsoDate | null
  daysOffered: number
  /** Days already committed in the year (accepted teams outside this run). */
  daysCommitted?: number
  unavailable: { from: IsoDate; to: IsoDate }[]
  /** Councils employed by, with when the employment ended (null: current employer). */
  employers: { councilId: number; to: IsoDate | null }[]
}

export interface CouncilFacts {
  id: number
  name: string
  type: string
  region: string | null
  county: string | null
  combinedAuthority: string | null
  neighbours: number[]
  sharedServiceWith: number[]
}

export interface ChallengeNeed {
  id: number
  reference: string
  councilId: number
  start: IsoDate
  end: IsoDate
  /** Peer days each place costs: on-site days plus preparation. */
  days: number
  focus: string[]
  /** Peers on this council's previous challenge team. */
  previousTeam: number[]
}

export interface Slot {
  key: string
  label: string
  /** The role on the challenge's team an accepted pick takes (team_members.role). */
  teamRole: string
  min: number
  max: number
  kind: PeerKind
  roles?: string[]
  /** For roles: a former holder counts if they left within this many years of the visit. */
  recentYears?: number
  expertise?: string[]
  differentPartyFrom?: string
}

export interface TeamRules {
  code: string
  reviewType: string
  name: string
  size: { min: number; max: number }
  slots: Slot[]
  coverFocusAreas: boolean
  conflictYears: number
  /** Preparation days each place costs on top of the days on site. */
  prepDays: number
  /** What a place costs in the objective: a place beyond the minimum is filled only when its peer's fit is higher. */
  placeCost: number
  partyTargets: Record<string, number>
}

export interface Vocabulary {
  roles: { key: string; label: string; kind: PeerKind }[]
  expertise: { key: string; label: string; keywords: string[] }[]
  councilTypes: { key: string; label: string }[]
}

/** The expertise tags a challenge's focus areas call for, by the vocabulary's keywords (and which focus area). */
export function focusTags(focusAreas: string[], vocab: Vocabulary): { tag: string; from: string }[] {
  const out: { tag: string; from: string }[] = []
  for (const e of vocab.expertise) {
    const hit = focusAreas.find((f) => e.keywords.some((k) => f.toLowerCase().includes(k.toLowerCase())))
    if (hit) out.push({ tag: e.key, from: hit })
  }
  return out
}

export type ConflictType =
  | 'own-council'
  | 'employer'
  | 'neighbour'
  | 'same-county'
  | 'combined-authority'
  | 'shared-service'
  | 'personal'
  | 'political'
  | 'reviewed-last-time'

export interface ConflictRecord {
  peerId: number
  councilId: number
  type: ConflictType
  note?: string
  from?: IsoDate | null
  to?: IsoDate | null
}
export interface ConflictOverride {
  peerId: number
  councilId: number
  type: ConflictType
  reason: string
}

export interface Conflict {
  type: ConflictType
  detail: string
}

const overlaps = (a: { from: IsoDate; to: IsoDate }, start: IsoDate, end: IsoDate) => a.from <= end && a.to >= start

export function available(p: Peer, c: ChallengeNeed): boolean {
  return !p.unavailable.some((u) => overlaps(u, c.start, c.end))
}

/** Why a peer may not review a council at the time of a challenge (overrides with a reason remove a conflict). */
export function conflictsOf(
  p: Peer,
  c: ChallengeNeed,
  councils: Map<number, CouncilFacts>,
  records: ConflictRecord[],
  overrides: ConflictOverride[],
  years: number,
): Conflict[] {
  const out: Conflict[] = []
  const target = councils.get(c.councilId)
  const home = p.councilId != null ? councils.get(p.councilId) : undefined
  const since = addYears(c.start, -years)
  if (p.councilId === c.councilId) out.push({ type: 'own-council', detail: `serves ${target?.name ?? 'this council'}` })
  for (const e of p.employers) {
    if (e.councilId === c.councilId && e.councilId !== p.councilId && (e.to === null || e.to >= since))
      out.push({
        type: 'employer',
        detail: e.to ? `worked for ${target?.name} until ${e.to}` : `works for ${target?.name}`,
      })
  }
  if (home && target && home.id !== target.id) {
    if (home.neighbours.includes(target.id) || target.neighbours.includes(home.id))
      out.push({ type: 'neighbour', detail: `${home.name} neighbours ${target.name}` })
    if (home.county && home.county === target.county)
      out.push({ type: 'same-county', detail: `${home.name} is in the same county` })
    if (home.combinedAuthority && home.combinedAuthority === target.combinedAuthority)
      out.push({ type: 'combined-authority', detail: `${home.name} is in the same combined authority` })
    if (home.sharedServiceWith.includes(target.id))
      out.push({ type: 'shared-service', detail: `${home.name} shares services with ${target.name}` })
  }
  if (c.previousTeam.includes(p.id))
    out.push({ type: 'reviewed-last-time', detail: 'on this council’s previous peer challenge' })
  for (const r of records) {
    if (r.peerId !== p.id || r.councilId !== c.councilId) continue
    if ((r.from && r.from > c.end) || (r.to && r.to < since)) continue
    out.push({ type: r.type, detail: r.note || r.type })
  }
  return out.filter(
    (x) => !overrides.some((o) => o.peerId === p.id && o.councilId === c.councilId && o.type === x.type),
  )
}

/** Why a peer cannot fill a slot (empty when they can), leaving aside availability and conflicts. */
export function slotProblems(p: Peer, s: Slot, c: ChallengeNeed): string[] {
  const out: string[] = []
  if (p.kind !== s.kind)
    out.push(`not ${s.kind === 'member' ? 'a councillor' : s.kind === 'officer' ? 'an officer' : 'LGA staff'}`)
  if (s.roles) {
    const now = s.roles.includes(p.role)
    const recent =
      !!p.formerRole &&
      s.roles.includes(p.formerRole.role) &&
      (s.recentYears ?? 0) > 0 &&
      p.formerRole.until >= addYears(c.start, -(s.recentYears ?? 0))
    if (!now && !recent)
      out.push(`not a ${s.roles.join(' or ')}${s.recentYears ? ` (serving or within ${s.recentYears} years)` : ''}`)
  }
  for (const e of s.expertise ?? []) if (!p.expertise.includes(e)) out.push(`no ${e} expertise`)
  if (p.kind !== 'lga' && (!p.accreditedOn || p.accreditedOn > c.start))
    out.push('not accredited (peer training) by the visit')
  if (s.kind === 'member' && !p.party) out.push('no party recorded')
  return out
}

/** How well a peer fits a place on a challenge: the objective's terms, each with its reason. */
export function fit(
  p: Peer,
  s: Slot,
  c: ChallengeNeed,
  council: CouncilFacts | undefined,
): { score: number; reasons: string[] } {
  const reasons: string[] = []
  let score = 10
  const matched = c.focus.filter((f) => p.expertise.includes(f))
  if (matched.length) {
    score += 6 * matched.length
    reasons.push(`expertise in ${matched.join(', ')}`)
  }
  if (council && p.councilTypesKnown.includes(council.type)) {
    score += 4
    reasons.push(`knows ${council.type} councils`)
  }
  if (s.roles && s.roles.includes(p.role)) {
    score += 2
    reasons.push(`serving ${p.role.replace(/-/g, ' ')}`)
  } else if (s.roles && p.formerRole)
    reasons.push(`former ${p.formerRole.role.replace(/-/g, ' ')} (until ${p.formerRole.until})`)
  if (s.expertise?.length) reasons.push(`${s.expertise.join(', ')} expertise, which this place needs`)
  if (p.kind === 'member' && p.party) reasons.push(p.party)
  const free = p.daysOffered - (p.daysCommitted ?? 0)
  reasons.push(`${free} of ${p.daysOffered} days a year still free`)
  return { score, reasons }
}
