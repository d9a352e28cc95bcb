import { test } from 'node:test'
import assert from 'node:assert/strict'
import { findTransition, guardProblems, GUARDS, transitionsFor, type GuardFacts } from './workflow.ts'
import { referenceData } from './reference.ts'
import type { TransitionRole } from './types.ts'

const ref = referenceData()
const ready: GuardFacts = {
  onsiteStart: '2026-01-01',
  onsiteEnd: '2026-01-03',
  teamRoles: ['lead-peer', 'pcm', 'member-peer'],
  keyRecommendations: 3,
  events: { report_published: '2026-03-01' },
}
const empty: GuardFacts = { onsiteStart: null, onsiteEnd: null, teamRoles: [], keyRecommendations: 0, events: {} }

test('every transition goes between known stages, names known guards and at least one role', () => {
  for (const [name, wf] of Object.entries(ref.workflows)) {
    const stages = new Set(wf.stages.map((s) => s.key))
    for (const t of wf.transitions) {
      assert.ok(stages.has(t.from) && stages.has(t.to), `${name}: ${t.from} -> ${t.to}`)
      assert.ok(t.roles.length > 0)
      for (const g of t.guards ?? []) assert.ok(GUARDS[g], `${name}: unknown guard ${g}`)
    }
    // every non-initial stage is reachable
    for (const s of wf.stages.slice(1))
      assert.ok(
        wf.transitions.some((t) => t.to === s.key),
        `${name}: ${s.key} unreachable`,
      )
  }
})

test('full workflow: each transition is allowed to exactly the roles the data names', () => {
  const wf = ref.workflows['full']!
  const all: TransitionRole[] = ['admin', 'pcm', 'lead-peer', 'council']
  for (const t of wf.transitions) {
    for (const role of all) {
      const allowed = transitionsFor(wf, t.from, new Set([role])).some((x) => x.to === t.to)
      assert.equal(allowed, t.roles.includes(role), `${t.from} -> ${t.to} for ${role}`)
    }
    // with every precondition in place, no guard objects
    assert.deepEqual(guardProblems(t, ready), [], `${t.from} -> ${t.to}`)
  }
})

test('full workflow: the guards stop each gated transition with a clear message', () => {
  const wf = ref.workflows['full']!
  const expectations: [string, string, string[]][] = [
    ['scoping', 'scheduled', ['Enter the on-site start and end dates first']],
    [
      'preparation',
      'on-site',
      ['Enter the on-site start and end dates first', 'Add a lead peer and a peer challenge manager to the team first'],
    ],
    ['drafting', 'factual-check', ['Add at least one key recommendation first']],
    ['factual-check', 'final', ['Add at least one key recommendation first']],
    ['final', 'published', ['Record the date the report was published first']],
  ]
  for (const [from, to, msgs] of expectations) {
    const t = findTransition(wf, from, to)
    assert.ok(t, `${from} -> ${to}`)
    assert.deepEqual(guardProblems(t, empty), msgs)
  }
  const onlyLead = { ...ready, teamRoles: ['lead-peer'] }
  assert.deepEqual(guardProblems(findTransition(wf, 'preparation', 'on-site')!, onlyLead), [
    'Add a peer challenge manager to the team first',
  ])
})

test('full workflow: the main path runs from requested to closed', () => {
  const wf = ref.workflows['full']!
  const path = [
    'requested',
    'scoping',
    'scheduled',
    'preparation',
    'on-site',
    'drafting',
    'factual-check',
    'final',
    'published',
    'closed',
  ]
  for (let i = 0; i + 1 < path.length; i++)
    assert.ok(findTransition(wf, path[i]!, path[i + 1]!), `${path[i]} -> ${path[i + 1]}`)
  assert.equal(findTransition(wf, 'requested', 'published'), undefined)
  assert.equal(findTransition(wf, 'final', 'drafting'), undefined) // wording locked once final
  assert.equal(findTransition(wf, 'on-site', 'cancelled'), undefined)
})

test('visit workflow: scheduled, held, closed', () => {
  const wf = ref.workflows['visit']!
  assert.ok(findTransition(wf, 'scheduled', 'held'))
  assert.deepEqual(guardProblems(findTransition(wf, 'scheduled', 'held')!, empty), [
    'Enter the on-site start and end dates first',
  ])
  assert.deepEqual(transitionsFor(wf, 'held', new Set(['council'])), [])
})
