// npm run bench:assign: a synthetic programme of 70 challenges and 2,200 peers, solved with HiGHS as one integer
// programme; solve time, optimality gap, score against the greedy baseline, and the independent check of every hard
// rule on both.
import { performance } from 'node:perf_hooks'
import { assemble } from '../src/peers/assembler.ts'
import { checkProposal } from '../src/peers/checker.ts'
import { greedy, score } from '../src/peers/greedy.ts'
import { syntheticProgramme } from '../src/peers/synthetic.ts'
import type { TeamRules } from '../src/peers/model.ts'
import rulesData from '../src/peers/reference/team-rules.json' with { type: 'json' }

const rules = rulesData.teamRules[0] as TeamRules
const limit = Number(process.env['TIME_LIMIT'] ?? 60)
const data = { ...syntheticProgramme({ peers: 2200, challenges: 70, councils: 317, seed: 2027 }), rules }
console.log(
  `programme: ${data.challenges.length} challenges over 13 weeks, ${data.peers.length} peers, ${data.councils.length} councils; time limit ${limit} s`,
)

let t = performance.now()
const g = greedy(data)
const gMs = performance.now() - t
const gProblems = checkProposal(g.picks, data)
const mean = (picks: { score: number }[]) => (picks.length ? score(picks) / picks.length : 0).toFixed(1)
// The same measure for both: fit of every place filled, less what each place costs (the solver's objective before
// its balance terms).
const value = (picks: { score: number }[]) => score(picks) - rules.placeCost * picks.length
console.log(
  `greedy:   value ${value(g.picks)}, score ${score(g.picks)} (fit ${mean(g.picks)} per place), ${g.picks.length} places filled, ${g.unfilled.length} unfilled, ${gProblems.length} hard-rule breaches, ${gMs.toFixed(0)} ms`,
)

t = performance.now()
const s = await assemble({ ...data, timeLimitSeconds: limit })
const problems = checkProposal(s.picks, data)
console.log(
  `HiGHS:    ${s.status}, value ${value(s.picks)}, score ${score(s.picks)} (fit ${mean(s.picks)} per place), ${s.picks.length} places filled, ${problems.length} hard-rule breaches, ${(performance.now() - t).toFixed(0)} ms (${s.variables} variables, ${s.constraints} constraints)`,
)
console.log(
  `          optimality gap (0 when proven optimal, else to the LP relaxation bound): ${s.gap === null ? 'n/a' : (s.gap * 100).toFixed(2) + '%'}; value ${value(s.picks) - value(g.picks)} above greedy`,
)
const partyShare = (picks: { peerId: number; challengeId: number }[]) => {
  const party = new Map<string, number>()
  for (const k of picks) {
    const p = data.peers.find((x) => x.id === k.peerId)!
    if (p.kind === 'member')
      party.set(p.party!, (party.get(p.party!) ?? 0) + data.challenges.find((c) => c.id === k.challengeId)!.days)
  }
  const total = [...party.values()].reduce((a, b) => a + b, 0)
  return Object.keys(rules.partyTargets)
    .map((p) => `${p} ${(((party.get(p) ?? 0) / total) * 100).toFixed(0)}%`)
    .join(', ')
}
console.log(
  `member peer days by party (targets ${Object.entries(rules.partyTargets)
    .map(([p, t]) => `${p} ${(t * 100).toFixed(0)}%`)
    .join(', ')}):`,
)
console.log(`  greedy ${partyShare(g.picks)}`)
console.log(`  HiGHS  ${partyShare(s.picks)}`)
if (problems.length) {
  console.log(problems.slice(0, 10).join('\n'))
  process.exitCode = 1
}
if (s.explanation.length) console.log(s.explanation.join('\n'))
