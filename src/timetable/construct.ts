import {
  grid,
  overlaps,
  peerInterval,
  peersMinimum,
  peersNeeded,
  startOptions,
  type Attendee,
  type Placement,
  type Session,
  type TeamPeer,
  type TimetableRules,
  type Visit,
} from './model.ts'

/**
 * The on-site programme built in one pass, without a solver: the first plan, complete whenever a simple pass can
 * place every session, in milliseconds whatever the machine's load. The solver then improves it day by day and a
 * plan is only ever replaced by a better one (`planValue`), so a busy machine gives this plan, never a worse one.
 *
 * Sessions go most constrained first (fixed times, then fewest possible starts, then most attendees); each takes the
 * start, on the least busy day it can, where its attendees and room are free and peers can staff it: a member and
 * an officer peer when the rules mix them, each free then (travel counted) and under the daily cap, theme leads and
 * the least loaded first. A first pass insists on the peers wanted; sessions left over take the fewest allowed.
 * A session still left out is then repaired in: it takes a time from the sessions in its way, which move elsewhere
 * (ejection chains, two deep, within `repairBudget` tries), kept only if every session moved finds a place.
 */

export interface ConstructProblem {
  rules: TimetableRules
  visit: Visit
  sessions: Session[]
  attendees: Attendee[]
  peers: TeamPeer[]
  previous?: Placement[]
  /** Placements the repair step may try (default 3,000: well under a second of CPU); 0 turns it off. */
  repairBudget?: number
}

export const PLACE = 1000
export const KEEP = 50
/** A peer short of the number wanted costs more than any gain in theme match or load. */
export const SHORT = 100

/** What a placed session's time is worth (placing it, the asked-for day, earlier in the day, where it was). */
export function timeValue(s: Session, day: number, start: number, was?: Placement): number {
  let w = PLACE - start * 0.05 - day * 0.01
  if (s.preferredDay != null && s.preferredDay === day) w += 5
  if (was && was.day === day && was.start === start) w += KEEP
  return w
}

/** What a peer at a session is worth (theme leads at their themes; re-plan: the same peer as before). */
export function peerValue(s: Session, peer: TeamPeer, was?: Placement): number {
  let w = 1 + 3 * peer.leadThemes.filter((t) => s.themes.includes(t)).length
  if (was?.peers.includes(peer.id)) w += KEEP
  return w
}

/**
 * One measure for any plan, the solver's objectives added up: sessions placed (and when), peers at them, peers
 * short of the number wanted, the heaviest load. Used to keep the better of two plans.
 */
export function planValue(p: ConstructProblem, placements: Placement[]): number {
  const sessions = new Map(p.sessions.map((s) => [s.id, s]))
  const peers = new Map(p.peers.map((x) => [x.id, x]))
  const prev = new Map((p.previous ?? []).map((x) => [x.sessionId, x]))
  let v = 0
  const load = new Map<number, number>()
  for (const q of placements) {
    const s = sessions.get(q.sessionId)
    if (!s) continue
    const was = prev.get(s.id)
    v += timeValue(s, q.day, q.start, was)
    for (const id of q.peers) {
      const peer = peers.get(id)
      if (peer) v += peerValue(s, peer, was)
      load.set(id, (load.get(id) ?? 0) + 1)
    }
    v -= SHORT * Math.max(0, peersNeeded(p.rules, s) - q.peers.length)
  }
  return v - 2 * Math.max(0, ...load.values())
}

interface Booking {
  day: number
  start: number
  end: number
  occ: [number, number]
  s: Session
  peers: number[]
}

export function constructTimetable(p: ConstructProblem): {
  placements: Placement[]
  unplaced: number[]
  /** Sessions the single pass left out that the repair step placed. */
  repaired: number
} {
  const g = grid(p.rules)
  const attendees = new Map(p.attendees.map((a) => [a.id, a]))
  const prev = new Map((p.previous ?? []).map((x) => [x.sessionId, x]))
  const options = new Map(p.sessions.map((s) => [s.id, startOptions(p.rules, p.visit, s, attendees)]))
  const order = [...p.sessions].sort(
    (a, b) =>
      Number(!!b.fixed) - Number(!!a.fixed) ||
      options.get(a.id)!.length - options.get(b.id)!.length ||
      b.attendees.length - a.attendees.length ||
      b.minutes - a.minutes ||
      a.id - b.id,
  )
  const booked: Booking[] = []
  const perDay = new Map<number, number>()
  const peerDay = new Map<string, number>()
  const load = new Map<number, number>()
  const free = (peer: TeamPeer, day: number, occ: [number, number]) =>
    !peer.unavailable.some((w) => w.day === day && overlaps(occ, [g.slotOf(w.from), g.slotOf(w.to)])) &&
    (peerDay.get(`${peer.id}|${day}`) ?? 0) < p.rules.maxSessionsPerPeerPerDay &&
    !booked.some((b) => b.day === day && b.peers.includes(peer.id) && overlaps(b.occ, occ))

  /** The best peers for the session at that time: `want` of them if possible, mixing kinds when the rules say. */
  const staff = (s: Session, day: number, occ: [number, number], want: number): number[] | null => {
    const was = prev.get(s.id)
    const ranked = p.peers
      .filter((peer) => free(peer, day, occ))
      .sort(
        (a, b) =>
          peerValue(s, b, was) - peerValue(s, a, was) || (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || a.id - b.id,
      )
    if (ranked.length < want) return null
    if (!p.rules.mixMemberAndOfficer || want < 2) return ranked.slice(0, want).map((x) => x.id)
    const member = ranked.find((x) => x.kind === 'member')
    const officer = ranked.find((x) => x.kind !== 'member')
    if (!member || !officer) return null
    const rest = ranked.filter((x) => x !== member && x !== officer).slice(0, want - 2)
    return [member, officer, ...rest].map((x) => x.id)
  }

  const tryPlace = (s: Session, pairsOnly: boolean, only?: { day: number; start: number }): boolean => {
    const len = g.length(s.minutes)
    const was = prev.get(s.id)
    const opts = options
      .get(s.id)!
      .filter((o) => !only || (o.day === only.day && o.start === only.start))
      .sort(
        (a, b) =>
          Number(!!was && b.day === was.day && b.start === was.start) -
            Number(!!was && a.day === was.day && a.start === was.start) ||
          Number(s.preferredDay === b.day) - Number(s.preferredDay === a.day) ||
          (perDay.get(a.day) ?? 0) - (perDay.get(b.day) ?? 0) ||
          a.day - b.day ||
          a.start - b.start,
      )
    const want = peersNeeded(p.rules, s)
    const least = peersMinimum(p.rules, s)
    // Book the fewest peers allowed (so that every session that can be placed is), at a time when the peers wanted
    // are free if there is one: the second pass adds the others where the daily caps allow.
    let fallback: { o: (typeof opts)[number]; end: number; occ: [number, number]; team: number[] } | null = null
    for (const o of opts) {
      const end = o.start + len
      const clash = booked.some(
        (b) =>
          b.day === o.day &&
          o.start < b.end &&
          b.start < end &&
          (b.s.attendees.some((a) => s.attendees.includes(a)) ||
            (!!s.room && b.s.room === s.room && b.s.site === s.site)),
      )
      if (clash) continue
      const occ = peerInterval(p.rules, p.visit, s, o.start)
      const full = staff(s, o.day, occ, want)
      if (full) {
        book(s, o, end, occ, full.slice(0, least))
        return true
      }
      // Re-plan: where it was, even with fewer peers for now, rather than somewhere new.
      if (was && was.day === o.day && was.start === o.start) {
        const team = staff(s, o.day, occ, least)
        if (team) {
          book(s, o, end, occ, team)
          return true
        }
      }
      if (!fallback && !pairsOnly) {
        const team = staff(s, o.day, occ, least)
        if (team) fallback = { o, end, occ, team }
      }
    }
    if (fallback) {
      book(s, fallback.o, fallback.end, fallback.occ, fallback.team)
      return true
    }
    return false
  }
  const book = (s: Session, o: { day: number; start: number }, end: number, occ: [number, number], team: number[]) => {
    booked.push({ day: o.day, start: o.start, end, occ, s, peers: team })
    perDay.set(o.day, (perDay.get(o.day) ?? 0) + 1)
    for (const id of team) {
      peerDay.set(`${id}|${o.day}`, (peerDay.get(`${id}|${o.day}`) ?? 0) + 1)
      load.set(id, (load.get(id) ?? 0) + 1)
    }
  }

  const left = order.filter((s) => !tryPlace(s, true))
  const stuck = left.filter((s) => !tryPlace(s, false))

  // Repair (ejection chains): a session left out takes one of its possible times from the sessions in its way
  // (those overlapping it that day), which are then placed again elsewhere, themselves taking a time from another
  // if they must (to `depth`); the change is kept only if every session it moved finds a place, so the plan never
  // loses a session. Tried with one session ejected, then with every session in the way.
  const snapshot = () => ({
    booked: booked.map((b) => ({ ...b, peers: [...b.peers] })),
    perDay: new Map(perDay),
    peerDay: new Map(peerDay),
    load: new Map(load),
  })
  const restore = (x: ReturnType<typeof snapshot>) => {
    booked.splice(0, booked.length, ...x.booked)
    for (const [m, from] of [
      [perDay, x.perDay],
      [peerDay, x.peerDay],
      [load, x.load],
    ] as [Map<unknown, number>, Map<unknown, number>][]) {
      m.clear()
      for (const [k, v] of from) m.set(k, v)
    }
  }
  const unbook = (b: Booking) => {
    booked.splice(booked.indexOf(b), 1)
    perDay.set(b.day, (perDay.get(b.day) ?? 0) - 1)
    for (const id of b.peers) {
      peerDay.set(`${id}|${b.day}`, (peerDay.get(`${id}|${b.day}`) ?? 0) - 1)
      load.set(id, (load.get(id) ?? 0) - 1)
    }
  }
  let budget = p.repairBudget ?? 3_000 // placements tried, at most: the repair stays well under a second
  const place = (s: Session, depth: number, banned: Set<number>): boolean => {
    if (--budget < 0) return false
    if (tryPlace(s, false)) return true
    if (depth === 0) return false
    const len = g.length(s.minutes)
    for (const o of options.get(s.id)!) {
      const occ = peerInterval(p.rules, p.visit, s, o.start)
      const inWay = booked.filter(
        (b) =>
          b.day === o.day &&
          !banned.has(b.s.id) &&
          !b.s.fixed &&
          ((o.start < b.end && b.start < o.start + len) || overlaps(b.occ, occ)),
      )
      if (!inWay.length) continue
      for (const eject of [...inWay.map((b) => [b]), ...(inWay.length > 1 ? [inWay] : [])]) {
        const before = snapshot()
        for (const b of eject) unbook(booked.find((x) => x.s.id === b.s.id)!)
        const next = new Set([...banned, s.id])
        if (tryPlace(s, false, o) && eject.every((b) => place(b.s, depth - 1, next))) return true
        restore(before)
        if (budget < 0) return false
      }
    }
    return false
  }
  const unplaced = stuck.filter((s) => !place(s, 1, new Set()) && !place(s, 2, new Set())).map((s) => s.id)
  // Second pass: the peers wanted, where someone suitable is free (a member beside an officer peer and vice versa),
  // the least loaded first; sessions on theme leads' themes first.
  for (const b of [...booked].sort((x, y) => x.s.minutes - y.s.minutes || x.s.id - y.s.id)) {
    const want = peersNeeded(p.rules, b.s)
    while (b.peers.length < want) {
      const others = booked.filter((x) => x !== b)
      const mine = p.peers.filter((x) => b.peers.includes(x.id))
      const candidates = p.peers
        .filter((peer) => !b.peers.includes(peer.id))
        .filter((peer) => {
          if (peer.unavailable.some((w) => w.day === b.day && overlaps(b.occ, [g.slotOf(w.from), g.slotOf(w.to)])))
            return false
          if ((peerDay.get(`${peer.id}|${b.day}`) ?? 0) >= p.rules.maxSessionsPerPeerPerDay) return false
          if (others.some((x) => x.day === b.day && x.peers.includes(peer.id) && overlaps(x.occ, b.occ))) return false
          if (p.rules.mixMemberAndOfficer && b.peers.length === 1) {
            const member = mine[0]!.kind === 'member'
            return member ? peer.kind !== 'member' : peer.kind === 'member'
          }
          return true
        })
        .sort(
          (x, y) =>
            peerValue(b.s, y, prev.get(b.s.id)) - peerValue(b.s, x, prev.get(b.s.id)) ||
            (load.get(x.id) ?? 0) - (load.get(y.id) ?? 0) ||
            x.id - y.id,
        )
      const peer = candidates[0]
      if (!peer) break
      b.peers.push(peer.id)
      peerDay.set(`${peer.id}|${b.day}`, (peerDay.get(`${peer.id}|${b.day}`) ?? 0) + 1)
      load.set(peer.id, (load.get(peer.id) ?? 0) + 1)
    }
  }
  return {
    placements: booked.map((b) => ({
      sessionId: b.s.id,
      day: b.day,
      start: b.start,
      peers: [...b.peers].sort((x, y) => x - y),
    })),
    unplaced,
    repaired: stuck.length - unplaced.length,
  }
}
