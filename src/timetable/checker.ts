import type { Placement, TimetableRules, Visit, Session, Attendee, TeamPeer } from './model.ts'

/**
 * The on-site programme's hard rules checked on a finished plan, in minutes, with its own code (not the solver's
 * grid or constraints): nobody double-booked (peers with travel), rooms, availability, the team's own time, pairs.
 */
const min = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export function checkTimetable(
  p: { rules: TimetableRules; visit: Visit; sessions: Session[]; attendees: Attendee[]; peers: TeamPeer[] },
  placements: Placement[],
): string[] {
  const r = p.rules
  const out: string[] = []
  const sessions = new Map(p.sessions.map((s) => [s.id, s]))
  const dayStart = min(r.dayStart)
  const at = (q: Placement) => {
    const s = sessions.get(q.sessionId)!
    const from = dayStart + q.start * r.slotMinutes
    const travel =
      s.site === p.visit.mainSite
        ? 0
        : (p.visit.travel[p.visit.mainSite]?.[s.site] ?? p.visit.travel[s.site]?.[p.visit.mainSite] ?? 0)
    return { s, day: q.day, from, to: from + s.minutes, peerFrom: from - travel, peerTo: from + s.minutes + travel }
  }
  const seen = new Set<number>()
  const timed = placements.map((q) => {
    if (seen.has(q.sessionId)) out.push(`session ${q.sessionId} placed twice`)
    seen.add(q.sessionId)
    return { q, ...at(q) }
  })
  const last = p.visit.days.length - 1
  for (const t of timed) {
    const name = `${t.s.title} (day ${t.day + 1})`
    if (t.peerFrom < dayStart || t.peerTo > min(r.dayEnd)) out.push(`${name}: outside the day`)
    const blocks =
      t.day === last
        ? [[min(r.lastDay.preparationFrom), min(r.dayEnd)]]
        : [
            [min(r.lunch.start), min(r.lunch.end)],
            [min(r.washUp.start), min(r.washUp.end)],
          ]
    for (const [a, b] of blocks) if (t.peerFrom < b! && a! < t.peerTo) out.push(`${name}: in the team’s own time`)
    if (t.s.fixed && (t.s.fixed.day !== t.day || min(t.s.fixed.start) !== t.from))
      out.push(`${name}: moved from its fixed time`)
    for (const a of t.s.attendees) {
      const who = p.attendees.find((x) => x.id === a)
      for (const w of who?.unavailable ?? [])
        if (w.day === t.day && t.from < min(w.to) && min(w.from) < t.to)
          out.push(`${name}: ${who!.name} is not available then`)
    }
    const want = t.s.peers ?? r.peersPerSession[t.s.kind] ?? 2
    const least = Math.min(want, Math.max(1, r.minPeersPerSession))
    if (t.q.peers.length < least || t.q.peers.length > want)
      out.push(`${name}: ${t.q.peers.length} peers, needs ${least === want ? want : `${least} to ${want}`}`)
    if (r.mixMemberAndOfficer && t.q.peers.length >= 2) {
      const kinds = t.q.peers.map((id) => p.peers.find((x) => x.id === id)?.kind)
      if (!kinds.includes('member') || !kinds.some((k) => k === 'officer' || k === 'lga'))
        out.push(`${name}: not a member and an officer peer together`)
    }
    for (const id of t.q.peers) {
      const peer = p.peers.find((x) => x.id === id)
      for (const w of peer?.unavailable ?? [])
        if (w.day === t.day && t.peerFrom < min(w.to) && min(w.from) < t.peerTo)
          out.push(`${name}: ${peer!.name} is not available then`)
    }
  }
  for (let i = 0; i < timed.length; i++) {
    for (let j = i + 1; j < timed.length; j++) {
      const a = timed[i]!
      const b = timed[j]!
      if (a.day !== b.day) continue
      const when = `day ${a.day + 1}: ${a.s.title} and ${b.s.title}`
      if (a.from < b.to && b.from < a.to) {
        for (const x of a.s.attendees)
          if (b.s.attendees.includes(x))
            out.push(`${when}: attendee ${p.attendees.find((y) => y.id === x)?.name ?? x} in both`)
        if (a.s.room && a.s.room === b.s.room && a.s.site === b.s.site) out.push(`${when}: room ${a.s.room} in both`)
      }
      if (a.peerFrom < b.peerTo && b.peerFrom < a.peerTo)
        for (const x of a.q.peers)
          if (b.q.peers.includes(x)) out.push(`${when}: peer ${p.peers.find((y) => y.id === x)?.name ?? x} in both`)
    }
  }
  for (const peer of p.peers) {
    for (let d = 0; d <= last; d++) {
      const n = timed.filter((t) => t.day === d && t.q.peers.includes(peer.id)).length
      if (n > r.maxSessionsPerPeerPerDay)
        out.push(`${peer.name}: ${n} sessions on day ${d + 1}, more than ${r.maxSessionsPerPeerPerDay}`)
    }
  }
  return out
}
