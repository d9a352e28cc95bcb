import {
  available,
  conflictsOf,
  slotProblems,
  type ChallengeNeed,
  type ConflictOverride,
  type ConflictRecord,
  type CouncilFacts,
  type Peer,
  type TeamRules,
} from './model.ts'

/**
 * The hard rules, checked on a finished proposal. Separate code from the solver's constraints, so the benchmark and
 * the tests catch a model that says one thing and a rule that says another.
 */
export function checkProposal(
  picks: { challengeId: number; slot: string; peerId: number }[],
  data: {
    peers: Peer[]
    councils: CouncilFacts[]
    challenges: ChallengeNeed[]
    rules: TeamRules
    conflicts?: ConflictRecord[]
    overrides?: ConflictOverride[]
  },
): string[] {
  const problems: string[] = []
  const peers = new Map(data.peers.map((p) => [p.id, p]))
  const councils = new Map(data.councils.map((c) => [c.id, c]))
  const days = new Map<number, number>()
  for (const c of data.challenges) {
    const team = picks.filter((k) => k.challengeId === c.id)
    const where = c.reference
    if (team.length < data.rules.size.min || team.length > data.rules.size.max)
      problems.push(`${where}: team of ${team.length}, not ${data.rules.size.min}-${data.rules.size.max}`)
    const ids = team.map((k) => k.peerId)
    if (new Set(ids).size !== ids.length) problems.push(`${where}: someone holds two places`)
    for (const s of data.rules.slots) {
      const n = team.filter((k) => k.slot === s.key).length
      if (n < s.min || n > s.max) problems.push(`${where}: ${n} × ${s.label}, not ${s.min}-${s.max}`)
    }
    for (const k of team) {
      const p = peers.get(k.peerId)
      const s = data.rules.slots.find((x) => x.key === k.slot)
      if (!p || !s) {
        problems.push(`${where}: unknown peer or place`)
        continue
      }
      for (const why of slotProblems(p, s, c)) problems.push(`${where}: ${p.name} as ${s.label}: ${why}`)
      if (!available(p, c)) problems.push(`${where}: ${p.name} is unavailable`)
      for (const x of conflictsOf(p, c, councils, data.conflicts ?? [], data.overrides ?? [], data.rules.conflictYears))
        problems.push(`${where}: ${p.name} conflicted (${x.type})`)
      days.set(p.id, (days.get(p.id) ?? 0) + c.days)
      if (s.differentPartyFrom) {
        const lead = team.find((t) => t.slot === s.differentPartyFrom)
        const leadParty = lead ? peers.get(lead.peerId)?.party : null
        if (leadParty && p.party === leadParty)
          problems.push(`${where}: ${p.name} is of the lead member’s party (${leadParty})`)
      }
    }
    if (data.rules.coverFocusAreas) {
      for (const f of c.focus)
        if (!team.some((k) => peers.get(k.peerId)?.expertise.includes(f))) problems.push(`${where}: nobody covers ${f}`)
    }
  }
  for (const [id, d] of days) {
    const p = peers.get(id)!
    if (d > p.daysOffered - (p.daysCommitted ?? 0))
      problems.push(`${p.name}: ${d} days, more than the ${p.daysOffered - (p.daysCommitted ?? 0)} offered`)
  }
  // Nobody on two visits that share a day.
  const byPeer = new Map<number, ChallengeNeed[]>()
  for (const k of picks) {
    const c = data.challenges.find((x) => x.id === k.challengeId)!
    byPeer.set(k.peerId, [...(byPeer.get(k.peerId) ?? []), c])
  }
  for (const [id, cs] of byPeer) {
    for (let i = 0; i < cs.length; i++)
      for (let j = i + 1; j < cs.length; j++)
        if (cs[i]!.id !== cs[j]!.id && cs[i]!.start <= cs[j]!.end && cs[j]!.start <= cs[i]!.end)
          problems.push(`${peers.get(id)!.name}: on ${cs[i]!.reference} and ${cs[j]!.reference} at once`)
  }
  return problems
}
