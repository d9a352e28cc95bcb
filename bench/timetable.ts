// npm run bench:timetable: a 4-day visit of 110 sessions and 7 peers. The constructive plan (the greedy reference)
// and the solver (that plan improved day by day with HiGHS within a 2 s budget), each checked by separate code;
// quiet and under a synthetic load (two CPU-spinning child processes on this 2-core machine); medians of RUNS runs.
// Set BUDGET (s) and RUNS to change them.
import { solveTimetable, type TimetableProblem } from '../src/timetable/solver.ts'
import { constructTimetable, planValue } from '../src/timetable/construct.ts'
import { checkTimetable } from '../src/timetable/checker.ts'
import { syntheticVisit } from '../src/timetable/synthetic.ts'
import rulesData from '../src/timetable/reference/timetable-rules.json' with { type: 'json' }
import type { TimetableRules } from '../src/timetable/model.ts'
import { loadAverage, median, startLoad, timed } from './load.ts'

const rules = rulesData.timetableRules[0] as TimetableRules
const budget = Number(process.env['BUDGET'] ?? 2)
const runs = Number(process.env['RUNS'] ?? 3)
const data = syntheticVisit({ sessions: 110, peers: 7, days: 4 })
const problem: TimetableProblem = { rules, ...data, timeLimitSeconds: budget }
console.log(
  `timetable: ${data.sessions.length} sessions, ${data.attendees.length} people invited, ${data.peers.length} peers, ${data.visit.days.length} days; budget ${budget} s; medians of ${runs} runs`,
)
console.log('goal: <= 2 s, all 110 placed, never worse than the greedy plan under load')
console.log('before (issue 17): 16.8 s quiet; 63 s under load with 87 of 110 placed')

async function row(label: string) {
  const greedy: { wall: number; cpu: number; placed: number; value: number; singles: number; breaches: number }[] = []
  const solver: typeof greedy = []
  for (let i = 0; i < runs; i++) {
    const g = await timed(() => constructTimetable(problem))
    const need = (id: number) => data.sessions.find((s) => s.id === id)!
    greedy.push({
      wall: g.wall,
      cpu: g.cpu,
      placed: g.value.placements.length,
      value: planValue(problem, g.value.placements),
      singles: g.value.placements.filter((q) => q.peers.length < (rules.peersPerSession[need(q.sessionId).kind] ?? 2))
        .length,
      breaches: checkTimetable(problem, g.value.placements).length,
    })
    const s = await timed(() => solveTimetable(problem))
    solver.push({
      wall: s.wall,
      cpu: s.cpu,
      placed: s.value.placements.length,
      value: s.value.value ?? planValue(problem, s.value.placements),
      singles: s.value.understaffed.length,
      breaches: checkTimetable(problem, s.value.placements).length,
    })
  }
  const m = (xs: typeof greedy, k: keyof (typeof greedy)[number]) => median(xs.map((x) => x[k]))
  const worse = solver.filter((s, i) => s.value < greedy[i]!.value || s.placed < greedy[i]!.placed).length
  console.log(`${label} (load average ${await loadAverage()}):`)
  console.log(
    `  greedy (constructive) ${m(greedy, 'wall').toFixed(2)} s wall, ${m(greedy, 'cpu').toFixed(2)} s CPU; placed ${m(greedy, 'placed')} of 110; one peer ${m(greedy, 'singles')}; value ${m(greedy, 'value').toFixed(0)}; breaches ${Math.max(...greedy.map((x) => x.breaches))}`,
  )
  console.log(
    `  solver                ${m(solver, 'wall').toFixed(2)} s wall, ${m(solver, 'cpu').toFixed(2)} s CPU; placed ${m(solver, 'placed')} of 110; one peer ${m(solver, 'singles')}; value ${m(solver, 'value').toFixed(0)} (${(m(solver, 'value') - m(greedy, 'value')).toFixed(0)} above greedy); breaches ${Math.max(...solver.map((x) => x.breaches))}; runs worse than greedy: ${worse} of ${runs}`,
  )
}

await row('quiet-ish (other work on the machine as it is)')
const stop = startLoad(2)
try {
  await row('loaded (+2 CPU-spinning processes)')
} finally {
  stop()
}
// A re-plan after publication: one session moves to another day (its attendee is now away), one is dropped.
const res = await solveTimetable(problem)
const moved = data.sessions.find((s) => res.placements.some((q) => q.sessionId === s.id && q.day === 0))!
const dropped = data.sessions.find((s) => s.id !== moved.id && res.placements.some((q) => q.sessionId === s.id))!
const attendees = data.attendees.map((a) =>
  a.id === moved.attendees[0] ? { ...a, unavailable: [...a.unavailable, { day: 0, from: '08:30', to: '18:00' }] } : a,
)
const again = await solveTimetable({
  ...problem,
  attendees,
  sessions: data.sessions.filter((s) => s.id !== dropped.id),
  previous: res.placements,
})
console.log(
  `re-plan (one session moved off day 1, one dropped): ${again.seconds.toFixed(1)} s, ${again.changes!.moved} sessions moved, ${again.changes!.dropped} dropped, ${again.changes!.lost} left unplaced, ${again.changes!.peersChanged} peer places changed; breaches ${checkTimetable({ ...problem, attendees, sessions: data.sessions.filter((s) => s.id !== dropped.id) }, again.placements).length}`,
)
