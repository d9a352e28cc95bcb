import { candidates, type Pick, type Problem } from './assembler.ts'

/**
 * The baseline a programme officer would do by hand: challenge by challenge in date order, each place given to the
 * best-fitting free peer who breaks no rule so far. Used by the benchmark to show what the optimiser gains.
 */
export function greedy(p: Problem): { picks: Pick[]; unfilled: string[] } {
  const { candidates: cands } = candidates({ ...p, candidatesPerSlot: 10_000 })
  const picks: Pick[] = []
  const unfilled: string[] = []
  const load = new Map<number, number>()
  const busy = new Map<number, { start: string; end: string }[]>()
  const ordered = [...p.challenges].sort((a, b) => a.start.localeCompare(b.start))
  for (const c of ordered) {
    const team: Pick[] = []
    for (const s of p.rules.slots) {
      let need = s.min
      for (const x of cands.filter((k) => k.c.id === c.id && k.slot === s.key)) {
        if (need <= 0) break
        if (team.some((t) => t.peerId === x.peer.id)) continue
        if ((load.get(x.peer.id) ?? 0) + c.days > x.peer.daysOffered - (x.peer.daysCommitted ?? 0)) continue
        if ((busy.get(x.peer.id) ?? []).some((b) => b.start <= c.end && c.start <= b.end)) continue
        if (s.differentPartyFrom) {
          const lead = team.find((t) => t.slot === s.differentPartyFrom)
          const leadParty = lead ? p.peers.find((q) => q.id === lead.peerId)?.party : null
          if (leadParty && x.peer.party === leadParty) continue
        }
        team.push({ challengeId: c.id, slot: s.key, peerId: x.peer.id, score: x.score, reasons: x.reasons })
        need--
      }
      if (need > 0) unfilled.push(`${c.reference}: ${s.label}`)
    }
    for (const t of team) {
      load.set(t.peerId, (load.get(t.peerId) ?? 0) + c.days)
      busy.set(t.peerId, [...(busy.get(t.peerId) ?? []), { start: c.start, end: c.end }])
    }
    picks.push(...team)
  }
  return { picks, unfilled }
}

export function score(picks: { score: number }[]): number {
  return picks.reduce((n, k) => n + k.score, 0)
}
