// npm run bench:timetable: a 4-day visit of 110 sessions and 7 peers, solved with HiGHS (two stages), checked by separate code.
import { solveTimetable } from '../src/timetable/solver.ts'
import { checkTimetable } from '../src/timetable/checker.ts'
import { syntheticVisit } from '../src/timetable/synthetic.ts'
import rulesData from '../src/timetable/reference/timetable-rules.json' with { type: 'json' }
import type { TimetableRules } from '../src/timetable/model.ts'

const rules = rulesData.timetableRules[0] as TimetableRules
const data = syntheticVisit({ sessions: 110, peers: 7, days: 4 })
const problem = { rules, ...data, timeLimitSeconds: 60 }
const res = await solveTimetable(problem)
const problems = checkTimetable(problem, res.placements)
const minutes = res.placements.reduce(
  (n, q) => n + data.sessions.find((s) => s.id === q.sessionId)!.minutes * q.peers.length,
  0,
)
const themeLead = res.placements.filter((q) =>
  q.peers.some((id) =>
    data.sessions
      .find((s) => s.id === q.sessionId)!
      .themes.some((t) => data.peers.find((p) => p.id === id)!.leadThemes.includes(t)),
  ),
).length
const load = data.peers.map((p) => res.placements.filter((q) => q.peers.includes(p.id)).length)
console.log(
  `timetable: ${data.sessions.length} sessions, ${data.attendees.length} people invited, ${data.peers.length} peers, ${data.visit.days.length} days`,
)
console.log(
  `  status ${res.status} in ${res.seconds.toFixed(1)} s (when: ${res.stages[0]!.variables} variables, ${res.stages[0]!.constraints} constraints, ${res.stages[0]!.seconds.toFixed(1)} s; who: ${res.stages[1]!.variables} variables, ${res.stages[1]!.constraints} constraints, ${res.stages[1]!.seconds.toFixed(1)} s)`,
)
console.log(
  `  placed ${res.placements.length} of ${data.sessions.length} (unplaced ${res.unplaced.length}); with the pair wanted ${res.placements.length - res.understaffed.length}, with one peer ${res.understaffed.length}`,
)
console.log(
  `  sessions with a theme lead present: ${themeLead} of ${res.placements.length}; sessions per peer ${Math.min(...load)}-${Math.max(...load)}; peer hours in sessions ${(minutes / 60).toFixed(0)}`,
)
console.log(
  `  hard-rule breaches found by the separate checker: ${problems.length}${problems.length ? `\n    ${problems.slice(0, 10).join('\n    ')}` : ''}`,
)
// A re-plan after publication: one session moves to another day (its attendee is now away), one is dropped.
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
  `  re-plan (one session moved off day 1, one dropped): ${again.seconds.toFixed(1)} s, ${again.changes!.moved} sessions moved, ${again.changes!.dropped} dropped, ${again.changes!.lost} left unplaced, ${again.changes!.peersChanged} peer places changed; breaches ${checkTimetable({ ...problem, attendees, sessions: data.sessions.filter((s) => s.id !== dropped.id) }, again.placements).length}`,
)
