import { test } from 'node:test'
import assert from 'node:assert/strict'
import { constructTimetable, planValue } from './construct.ts'
import { solveTimetable } from './solver.ts'
import { checkTimetable } from './checker.ts'
import { syntheticVisit } from './synthetic.ts'
import { startOptions, type TimetableRules } from './model.ts'
import rulesData from './reference/timetable-rules.json' with { type: 'json' }

const rules = rulesData.timetableRules[0] as TimetableRules

// Seed 23: one session (93) has a possible time only if another moves; the repair step (ejection chains) moves it.
test('the constructive plan places every session that has a possible time, with no rule broken, in one pass and its repair', () => {
  for (const seed of [7, 11, 23, 31]) {
    const data = syntheticVisit({ sessions: 110, peers: 7, days: 4, seed })
    const problem = { rules, ...data }
    const plan = constructTimetable(problem)
    const attendees = new Map(data.attendees.map((a) => [a.id, a]))
    const possible = data.sessions.filter((s) => startOptions(rules, data.visit, s, attendees).length)
    assert.equal(plan.placements.length, possible.length, `seed ${seed}: ${plan.unplaced.join(', ')} left out`)
    assert.deepEqual(
      plan.unplaced,
      data.sessions.filter((s) => !possible.includes(s)).map((s) => s.id),
    )
    assert.deepEqual(checkTimetable(problem, plan.placements), [])
    // Pairs where the team's daily caps allow: many sessions have the two peers wanted (seed 23, the tightest, 36 of
    // 110 with or without the repair; the solver adds more).
    const pairs = plan.placements.filter((q) => q.peers.length === 2).length
    assert.ok(pairs > plan.placements.length * 0.3, `seed ${seed}: ${pairs} pairs`)
  }
})

test('under a budget too small for the solver, the result is the constructive plan: complete, never worse', async () => {
  const data = syntheticVisit({ sessions: 110, peers: 7, days: 4 })
  const problem = { rules, ...data }
  const first = constructTimetable(problem)
  const res = await solveTimetable({ ...problem, timeLimitSeconds: 0 })
  assert.equal(res.placements.length, first.placements.length)
  assert.equal(res.value, planValue(problem, first.placements))
  assert.equal(res.status, 'feasible')
  assert.deepEqual(checkTimetable(problem, res.placements), [])
  // Cancelled before it starts: the same, at once.
  const cancelled = await solveTimetable({ ...problem, signal: AbortSignal.abort() })
  assert.equal(cancelled.placements.length, first.placements.length)
  assert.equal(cancelled.daysImproved, 0)
})

test('with time, each day is improved by the solver and reported as progress; the value never goes down', async () => {
  const data = syntheticVisit({ sessions: 40, peers: 6, days: 3, seed: 5 })
  const problem = { rules, ...data }
  const steps: { step: string; value: number; done: number }[] = []
  const res = await solveTimetable({ ...problem, timeLimitSeconds: 60, onProgress: (p) => steps.push(p) })
  assert.equal(steps[0]!.step, 'first plan')
  assert.deepEqual(
    steps.map((s) => s.done),
    [0, 1, 2, 3],
  )
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i]!.value >= steps[i - 1]!.value)
  assert.ok(res.value! >= res.constructive!.value)
  // the solver's value and the plan's, summed in another order: equal to rounding
  assert.ok(Math.abs(res.value! - planValue(problem, res.placements)) < 1e-6, `${res.value} is the plan's value`)
  assert.deepEqual(checkTimetable(problem, res.placements), [])
})

test('a peer unavailable on a day gets no session that day, and the checker flags a plan that gives them one', async () => {
  const data = syntheticVisit({ sessions: 30, peers: 6, days: 3, seed: 9 })
  data.peers[0]!.unavailable = [{ day: 1, from: rules.dayStart, to: rules.dayEnd }]
  const problem = { rules, ...data }
  const res = await solveTimetable({ ...problem, timeLimitSeconds: 10 })
  assert.deepEqual(
    res.placements.filter((q) => q.day === 1 && q.peers.includes(data.peers[0]!.id)),
    [],
  )
  assert.deepEqual(checkTimetable(problem, res.placements), [])
  const onDay2 = res.placements.find((q) => q.day === 1)!
  const wrong = res.placements.map((q) => (q === onDay2 ? { ...q, peers: [data.peers[0]!.id] } : q))
  assert.match(checkTimetable(problem, wrong).join('\n'), /Peer 1 is not available then/)
})

test('the repair step places a session a single pass leaves out, by moving the one in its way, and keeps the rest', () => {
  const data = syntheticVisit({ sessions: 110, peers: 7, days: 4, seed: 23 })
  const problem = { rules, ...data }
  const plan = constructTimetable(problem)
  assert.ok(
    plan.placements.some((q) => q.sessionId === 93),
    'session 93 placed',
  )
  assert.equal(plan.repaired, 1, 'one session placed by the repair')
  assert.deepEqual(checkTimetable(problem, plan.placements), [])
  // Without the repair (budget 0), the single pass leaves it out: the repair is what places it.
  const single = constructTimetable({ ...problem, repairBudget: 0 })
  assert.deepEqual(single.unplaced, [93])
  assert.equal(single.placements.length, 109)
})
