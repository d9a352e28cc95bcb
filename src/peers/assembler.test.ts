import { test } from 'node:test'
import assert from 'node:assert/strict'
import { assemble } from './assembler.ts'
import { checkProposal } from './checker.ts'
import { greedy, score } from './greedy.ts'
import { syntheticProgramme } from './synthetic.ts'
import type { ChallengeNeed, CouncilFacts, Peer, TeamRules } from './model.ts'
import rulesData from './reference/team-rules.json' with { type: 'json' }

const rules = rulesData.teamRules[0] as TeamRules

let nextId = 1
function peer(p: Partial<Peer>): Peer {
  const id = p.id ?? nextId++
  return {
    id,
    name: `P${id}`,
    kind: 'officer',
    party: null,
    role: 'director',
    councilId: 50,
    region: null,
    councilTypesKnown: [],
    expertise: [],
    accreditedOn: '2023-01-01',
    daysOffered: 20,
    unavailable: [],
    employers: [],
    ...p,
  }
}
const council = (id: number, extra: Partial<CouncilFacts> = {}): CouncilFacts => ({
  id,
  name: `Council ${id}`,
  type: 'district',
  region: 'East Midlands',
  county: null,
  combinedAuthority: null,
  neighbours: [],
  sharedServiceWith: [],
  ...extra,
})
const challenge = (id: number, extra: Partial<ChallengeNeed> = {}): ChallengeNeed => ({
  id,
  reference: `C${id}`,
  councilId: 1,
  start: '2027-02-02',
  end: '2027-02-04',
  days: 5,
  focus: [],
  previousTeam: [],
  ...extra,
})

/** A small pool that can staff one team exactly, with one better choice per place. */
function smallPool(): Peer[] {
  return [
    peer({ id: 1, role: 'chief-executive', expertise: ['housing'] }),
    peer({ id: 2, role: 'chief-executive' }),
    peer({ id: 3, kind: 'member', role: 'leader', party: 'Labour' }),
    peer({ id: 4, kind: 'member', role: 'cabinet-member', party: 'Conservative' }),
    peer({ id: 5, kind: 'member', role: 'councillor', party: 'Labour' }),
    peer({ id: 6, kind: 'member', role: 'councillor', party: 'Liberal Democrat' }),
    peer({ id: 7, role: 's151', expertise: ['finance'] }),
    peer({ id: 8, role: 'director', expertise: ['housing', 'regeneration'] }),
    peer({ id: 9, kind: 'lga', role: 'pcm', councilId: null, accreditedOn: null }),
  ]
}

test('one challenge: every place filled by the rules, with reasons and alternates; the checker agrees', async () => {
  const peers = smallPool()
  const data = { peers, councils: [council(1), council(50)], challenges: [challenge(1, { focus: ['housing'] })], rules }
  const s = await assemble(data)
  assert.equal(s.status, 'optimal')
  assert.deepEqual(checkProposal(s.picks, data), [])
  const bySlot = Object.fromEntries(s.picks.map((k) => [k.slot + ':' + k.peerId, k]))
  assert.ok(bySlot['lead-peer:1'], 'the chief executive with housing expertise leads')
  assert.ok(bySlot['finance-peer:7'] && bySlot['pcm:9'])
  assert.match(bySlot['lead-peer:1']!.reasons.join('; '), /expertise in housing/)
  // Member peers are not of the lead member's party.
  const lead = s.picks.find((k) => k.slot === 'lead-member')!
  const others = s.picks.filter((k) => k.slot === 'member-peer').map((k) => peers.find((p) => p.id === k.peerId)!.party)
  assert.ok(!others.includes(peers.find((p) => p.id === lead.peerId)!.party))
  assert.ok(s.gap !== null && s.gap >= 0)
  const alt = s.alternates.find((a) => a.slot === 'lead-peer')!
  assert.deepEqual(
    alt.peers.map((p) => p.peerId),
    [2],
  )
})

test('every hard rule binds: conflicts, availability, accreditation, kind, recent chief executive, overlap, workload', async () => {
  const base = smallPool()
  const councils = [
    council(1, { neighbours: [60], county: 'Leics' }),
    council(50),
    council(60),
    council(61, { county: 'Leics' }),
    council(70),
    council(150),
  ]
  const run = async (peers: Peer[], challenges = [challenge(1)]) => assemble({ peers, councils, challenges, rules })
  // The only finance peer works for the council: no team, and the explanation names the place and why.
  const conflicted = base.map((p) => (p.id === 7 ? { ...p, councilId: 1, employers: [{ councilId: 1, to: null }] } : p))
  const a = await run(conflicted)
  assert.equal(a.status, 'no-candidates')
  assert.match(
    a.explanation[0]!,
    /Finance officer peer needs 1 but 0 are free: 1 in the pool qualify, 0 unavailable on 2027-02-02 to 2027-02-04, 1 conflicted/,
  )
  // A neighbouring council, the same county, a former employer within five years, the last review team: all conflicts.
  for (const change of [
    { councilId: 60 },
    { councilId: 61 },
    { employers: [{ councilId: 1, to: '2024-06-30' }] },
  ] as Partial<Peer>[]) {
    const r = await run(base.map((p) => (p.id === 7 ? { ...p, ...change } : p)))
    assert.equal(r.status, 'no-candidates', JSON.stringify(change))
  }
  assert.equal(
    (await run(base.map((p) => (p.id === 7 ? { ...p, employers: [{ councilId: 1, to: '2019-06-30' }] } : p)))).status,
    'optimal',
    'an old employer is no conflict',
  )
  assert.equal((await run(base, [challenge(1, { previousTeam: [7] })])).status, 'no-candidates')
  // Unavailable, unaccredited, or no longer a chief executive for long enough.
  assert.equal(
    (await run(base.map((p) => (p.id === 7 ? { ...p, unavailable: [{ from: '2027-02-04', to: '2027-02-10' }] } : p))))
      .status,
    'no-candidates',
  )
  assert.equal((await run(base.map((p) => (p.id === 7 ? { ...p, accreditedOn: null } : p)))).status, 'no-candidates')
  const noCe = base.filter((p) => p.id !== 1 && p.id !== 2)
  assert.equal(
    (
      await run([
        ...noCe,
        peer({ id: 20, role: 'director', formerRole: { role: 'chief-executive', until: '2020-01-01' } }),
      ])
    ).status,
    'no-candidates',
  )
  const recent = await run([
    ...noCe,
    peer({ id: 21, role: 'director', formerRole: { role: 'chief-executive', until: '2025-01-01' } }),
  ])
  assert.equal(recent.status, 'optimal')
  assert.ok(recent.picks.some((k) => k.slot === 'lead-peer' && k.peerId === 21))
  // Two visits at once, one pool: infeasible, and relaxing "nobody on two visits at once" is named as the way out.
  const both = await run(base, [challenge(1), challenge(2, { councilId: 50 + 100, reference: 'C2' })])
  assert.equal(both.status, 'infeasible')
  assert.ok(
    both.explanation.some((e) => /Relaxing “nobody on two visits at once” gives a team/.test(e)),
    both.explanation.join(' | '),
  )
  // Two visits a week apart: the same people, within their days offered; with 5 days offered each, no.
  const twoWeeks = [
    challenge(1),
    challenge(2, { councilId: 70, start: '2027-02-09', end: '2027-02-11', reference: 'C2' }),
  ]
  const ok = await run(base, twoWeeks)
  assert.equal(ok.status, 'optimal')
  assert.deepEqual(checkProposal(ok.picks, { peers: base, councils, challenges: twoWeeks, rules }), [])
  const tired = await run(
    base.map((p) => ({ ...p, daysOffered: 5 })),
    twoWeeks,
  )
  assert.equal(tired.status, 'infeasible')
  assert.ok(tired.explanation.some((e) => /each peer’s days offered/.test(e)))
})

test('the different-party rule: with only same-party councillors, no team, and the rule to relax is named', async () => {
  const peers = smallPool().map((p) => (p.kind === 'member' ? { ...p, party: 'Labour' } : p))
  const s = await assemble({ peers, councils: [council(1), council(50)], challenges: [challenge(1)], rules })
  assert.equal(s.status, 'infeasible')
  assert.ok(
    s.explanation.some((e) => /member peers of a different party from the lead member/.test(e)),
    s.explanation.join(' | '),
  )
})

test('a synthetic quarter: all rules hold, and the optimum scores at least the greedy baseline', async () => {
  const data = { ...syntheticProgramme({ peers: 600, challenges: 12, councils: 120, seed: 7 }), rules }
  const s = await assemble({ ...data, timeLimitSeconds: 20 })
  assert.ok(s.status === 'optimal' || s.status === 'feasible', s.explanation.join(' | '))
  assert.deepEqual(checkProposal(s.picks, data), [])
  const g = greedy(data)
  const gProblems = checkProposal(g.picks, data)
  // The greedy baseline may leave places empty or miss focus areas; the optimiser never does.
  assert.ok(score(s.picks) >= score(g.picks) || gProblems.length > 0)
})

test('the gap is honest: the bound is proven (the LP relaxation or HiGHS’s own) and no teams beat it', async () => {
  const data = { ...syntheticProgramme({ peers: 400, challenges: 8, councils: 120, seed: 3 }), rules }
  const seen: { bound: number | null }[] = []
  const s = await assemble({ ...data, timeLimitSeconds: 30, onProgress: (p) => seen.push(p) })
  assert.ok(s.status === 'optimal' || s.status === 'feasible')
  assert.ok(s.bound !== null && s.objective !== null)
  assert.ok(s.objective <= s.bound + 1e-6, `objective ${s.objective} above its bound ${s.bound}`)
  assert.ok(Math.abs(s.gap! - Math.max(0, (s.bound - s.objective) / Math.abs(s.bound))) < 1e-4 || s.gap === 0)
  assert.ok(s.gap! <= 0.005, `gap ${s.gap}`)
  assert.equal(s.status === 'optimal', s.gap === 0)
  assert.equal(s.steps![0]!.step, 'LP relaxation')
  // The same programme solved to the end (a target gap of 0) is never better than the bound said.
  const best = await assemble({ ...data, timeLimitSeconds: 60, targetGap: 0 })
  assert.ok(best.objective! <= s.bound + 1e-6)
  assert.deepEqual(checkProposal(s.picks, data), [])
  // Cancelled before it starts: nothing is claimed.
  const off = await assemble({ ...data, signal: AbortSignal.abort() })
  assert.equal(off.picks.length, 0)
  assert.match(off.explanation.join(' '), /No teams found within the time allowed/)
})
