/**
 * The on-site programme as plain data, and the pure rules over it: the time grid, the team's fixed blocks (lunch,
 * the daily wash-up, the last day's preparation and feedback), where each session may start, and what each session
 * occupies for the peers (travel to and from another site included). Used by the solver and the separate checker.
 */

export type SessionKind = 'interview' | 'focus-group' | 'site-visit'

export interface TimetableRules {
  code: string
  name: string
  slotMinutes: number
  dayStart: string
  dayEnd: string
  lunch: { start: string; end: string }
  washUp: { start: string; end: string }
  lastDay: { preparationFrom: string; feedback: { start: string; end: string } }
  /** Peers wanted per session, by kind (usually a pair). */
  peersPerSession: Record<string, number>
  /** Fewest peers a session may have when the programme cannot otherwise be met. */
  minPeersPerSession: number
  mixMemberAndOfficer: boolean
  maxSessionsPerPeerPerDay: number
  /** How the team's hours are counted for the report ("the equivalent of one person spending N weeks"). */
  counting?: { personWeekHours: number; preparationHoursPerPeer: number }
  stakeholderGroups?: { key: string; label: string }[]
  sessionKinds?: { key: SessionKind; label: string }[]
  /** Review types whose visits this programme's rules serve. */
  reviewTypes?: string[]
}

/** A time window on one day of the visit (day: 0-based index into the visit's days; times "HH:MM"). */
export interface Window {
  day: number
  from: string
  to: string
}

export interface Session {
  id: number
  title: string
  kind: SessionKind
  minutes: number
  site: string
  room: string | null
  /** People the council has invited (ids of attendees). */
  attendees: number[]
  themes: string[]
  /** Set by the coordinator: the session happens then, whatever the solver would prefer. */
  fixed?: { day: number; start: string } | null
  preferredDay?: number | null
  /** Peers wanted, when not the rules' number for the kind. */
  peers?: number | null
}

export interface Attendee {
  id: number
  name: string
  group: string
  unavailable: Window[]
}

export interface TeamPeer {
  id: number
  name: string
  kind: 'member' | 'officer' | 'lga'
  /** Themes this peer leads for the team: they should hear the sessions on them. */
  leadThemes: string[]
  unavailable: Window[]
}

export interface Visit {
  days: string[]
  mainSite: string
  /** Minutes between sites (symmetric; missing pairs count as 0). */
  travel: Record<string, Record<string, number>>
}

export interface Placement {
  sessionId: number
  day: number
  /** Slot index from the day's start. */
  start: number
  peers: number[]
}

export const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}
export const fromMinutes = (n: number): string =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`

export function grid(r: TimetableRules) {
  const start = toMinutes(r.dayStart)
  const slots = Math.floor((toMinutes(r.dayEnd) - start) / r.slotMinutes)
  const slotOf = (hhmm: string) => Math.floor((toMinutes(hhmm) - start) / r.slotMinutes)
  const timeOf = (slot: number) => fromMinutes(start + slot * r.slotMinutes)
  const length = (minutes: number) => Math.ceil(minutes / r.slotMinutes)
  return { slots, slotOf, timeOf, length }
}

export function travelMinutes(v: Visit, a: string, b: string): number {
  if (a === b) return 0
  return v.travel[a]?.[b] ?? v.travel[b]?.[a] ?? 0
}

/** The team's fixed blocks on a day, as [from, to) slot ranges: no interviews then. */
export function teamBlocks(
  r: TimetableRules,
  day: number,
  days: number,
): { label: string; from: number; to: number; kind: 'lunch' | 'wash-up' | 'preparation' | 'feedback' | 'closed' }[] {
  const g = grid(r)
  const last = day === days - 1
  const out: {
    label: string
    from: number
    to: number
    kind: 'lunch' | 'wash-up' | 'preparation' | 'feedback' | 'closed'
  }[] = []
  if (last) {
    out.push({
      label: 'Team preparation of the feedback',
      kind: 'preparation',
      from: g.slotOf(r.lastDay.preparationFrom),
      to: g.slotOf(r.lastDay.feedback.start),
    })
    out.push({
      label: 'Feedback presentation',
      kind: 'feedback',
      from: g.slotOf(r.lastDay.feedback.start),
      to: g.slotOf(r.lastDay.feedback.end),
    })
    if (g.slotOf(r.lastDay.feedback.end) < g.slots)
      out.push({ label: 'The visit is over', kind: 'closed', from: g.slotOf(r.lastDay.feedback.end), to: g.slots })
    if (g.slotOf(r.lunch.start) < g.slotOf(r.lastDay.preparationFrom))
      out.push({
        label: 'Lunch',
        kind: 'lunch',
        from: g.slotOf(r.lunch.start),
        to: Math.min(g.slotOf(r.lunch.end), g.slotOf(r.lastDay.preparationFrom)),
      })
  } else {
    out.push({ label: 'Lunch', kind: 'lunch', from: g.slotOf(r.lunch.start), to: g.slotOf(r.lunch.end) })
    out.push({ label: 'Team wash-up', kind: 'wash-up', from: g.slotOf(r.washUp.start), to: g.slotOf(r.washUp.end) })
  }
  return out.sort((a, b) => a.from - b.from)
}

const clash = (a0: number, a1: number, b0: number, b1: number) => a0 < b1 && b0 < a1

export function peersNeeded(r: TimetableRules, s: Session): number {
  return s.peers ?? r.peersPerSession[s.kind] ?? 2
}

export function peersMinimum(r: TimetableRules, s: Session): number {
  return Math.min(peersNeeded(r, s), Math.max(1, r.minPeersPerSession))
}

/** What the session occupies for peers on the team: travel out before it and back after it when off the main site. */
export function peerInterval(r: TimetableRules, v: Visit, s: Session, start: number): [number, number] {
  const g = grid(r)
  const t = Math.ceil(travelMinutes(v, v.mainSite, s.site) / r.slotMinutes)
  return [start - t, start + g.length(s.minutes) + t]
}

/** Every (day, start) the session may take: inside the day, clear of team blocks, and when all its attendees are free. */
export function startOptions(
  r: TimetableRules,
  v: Visit,
  s: Session,
  attendees: Map<number, Attendee>,
): { day: number; start: number }[] {
  const g = grid(r)
  const len = g.length(s.minutes)
  const out: { day: number; start: number }[] = []
  for (let day = 0; day < v.days.length; day++) {
    const blocks = teamBlocks(r, day, v.days.length)
    for (let start = 0; start + len <= g.slots; start++) {
      if (s.fixed && (s.fixed.day !== day || g.slotOf(s.fixed.start) !== start)) continue
      const [p0, p1] = peerInterval(r, v, s, start)
      if (p0 < 0 || p1 > g.slots) continue
      if (blocks.some((b) => clash(p0, p1, b.from, b.to))) continue
      const busy = s.attendees.some((id) =>
        (attendees.get(id)?.unavailable ?? []).some(
          (w) => w.day === day && clash(start, start + len, g.slotOf(w.from), g.slotOf(w.to)),
        ),
      )
      if (busy) continue
      out.push({ day, start })
    }
  }
  return out
}

export function overlaps(a: [number, number], b: [number, number]): boolean {
  return clash(a[0], a[1], b[0], b[1])
}
