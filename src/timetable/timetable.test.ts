import { test } from 'node:test'
import assert from 'node:assert/strict'
import { solveTimetable } from './solver.ts'
import { checkTimetable } from './checker.ts'
import { syntheticVisit } from './synthetic.ts'
import { grid, teamBlocks, type Session, type TimetableRules } from './model.ts'
import rulesData from './reference/timetable-rules.json' with { type: 'json' }

const rules = rulesData.timetableRules[0] as TimetableRules

test('a 3-day visit of 50 sessions: everyone in one place at a time (travel included), the separate checker agrees', async () => {
  const data = syntheticVisit({ sessions: 50, peers: 6, days: 3, seed: 11 })
  const problem = { rules, ...data, timeLimitSeconds: 30 }
  const res = await solveTimetable(problem)
  assert.equal(res.status, 'optimal')
  // Every session is placed unless its attendees leave it no time at all (the generator makes one such session).
  assert.equal(res.placements.length + res.unplaced.length, 50)
  assert.ok(res.placements.length >= 49)
  for (const u of res.unplaced) assert.match(u.reason, /no time on any day when all its attendees are free/)
  assert.deepEqual(checkTimetable(problem, res.placements), [])
  // Pairs are the norm: with 6 peers and 50 sessions over 2.3 days, most sessions get a member and an officer peer.
  assert.ok(res.understaffed.length < 25, `${res.understaffed.length} sessions with one peer`)
  // Nothing in the team's own time: lunch, the daily wash-up, the last day from preparation on (feedback last afternoon).
  const g = grid(rules)
  for (const q of res.placements) {
    const s = data.sessions.find((x) => x.id === q.sessionId)!
    for (const b of teamBlocks(rules, q.day, 3))
      assert.ok(q.start + g.length(s.minutes) <= b.from || q.start >= b.to, `${s.title} in ${b.label}`)
  }
  assert.deepEqual(
    teamBlocks(rules, 2, 3).map((b) => [b.kind, g.timeOf(b.from)]),
    [
      ['preparation', '11:30'],
      ['feedback', '14:30'],
      ['closed', '16:00'],
    ],
  )
})

test('the checker is not the solver: it finds a double-booked peer, attendee and room, and a session in the team’s lunch', () => {
  const data = syntheticVisit({ sessions: 3, peers: 4, days: 2, seed: 3 })
  const [a, b] = data.sessions as [Session, Session]
  a.room = 'Room 1'
  b.room = 'Room 1'
  a.site = b.site = 'Town Hall'
  b.attendees = [...b.attendees, a.attendees[0]!]
  const problems = checkTimetable({ rules, ...data, sessions: [a, b] }, [
    { sessionId: a.id, day: 0, start: 4, peers: [1, 2] },
    { sessionId: b.id, day: 0, start: 5, peers: [2, 3] },
  ])
  const text = problems.join('\n')
  assert.match(text, /peer Peer 2 in both/)
  assert.match(text, /attendee .* in both/)
  assert.match(text, /room Room 1 in both/)
  const lunch = checkTimetable({ rules, ...data, sessions: [a] }, [
    { sessionId: a.id, day: 0, start: grid(rules).slotOf('12:30'), peers: [1, 2] },
  ])
  assert.match(lunch.join('\n'), /in the team’s own time/)
})

test('attendees’ availability and fixed times are kept; a session nobody can attend is explained', async () => {
  const data = syntheticVisit({ sessions: 12, peers: 4, days: 3, seed: 5 })
  const leader = data.sessions[0]!
  const who = data.attendees.find((x) => x.id === leader.attendees[0])!
  who.unavailable = [
    { day: 0, from: '08:30', to: '18:00' },
    { day: 1, from: '08:30', to: '10:00' },
  ]
  data.sessions[1]!.fixed = { day: 1, start: '14:00' }
  for (const a of data.attendees) if (data.sessions[1]!.attendees.includes(a.id)) a.unavailable = []
  const clash: Session = {
    ...data.sessions[2]!,
    id: 998,
    title: 'Fixed when the leader is away',
    fixed: { day: 0, start: '10:00' },
    attendees: [who.id],
  }
  const impossible: Session = {
    id: 999,
    title: 'Interview: away all week',
    kind: 'interview',
    minutes: 60,
    site: 'Town Hall',
    room: null,
    attendees: [777],
    themes: [],
  }
  data.attendees.push({
    id: 777,
    name: 'Away',
    group: 'Partners',
    unavailable: [0, 1, 2].map((day) => ({ day, from: '08:30', to: '18:00' })),
  })
  const problem = { rules, ...data, sessions: [...data.sessions, impossible, clash] }
  const res = await solveTimetable(problem)
  assert.deepEqual(checkTimetable(problem, res.placements), [])
  const l = res.placements.find((q) => q.sessionId === leader.id)!
  assert.notEqual(l.day, 0)
  if (l.day === 1) assert.ok(l.start >= grid(rules).slotOf('10:00'))
  const f = res.placements.find((q) => q.sessionId === data.sessions[1]!.id)!
  assert.deepEqual([f.day, grid(rules).timeOf(f.start)], [1, '14:00'])
  assert.deepEqual(res.unplaced, [
    { sessionId: 999, reason: 'no time on any day when all its attendees are free, outside the team’s own time' },
    { sessionId: 998, reason: `its fixed time is when ${who.name} cannot attend` },
  ])
})

test('a re-plan after publication changes as little as possible', async () => {
  const data = syntheticVisit({ sessions: 30, peers: 6, days: 3, seed: 9 })
  const problem = { rules, ...data }
  const first = await solveTimetable(problem)
  // One session is dropped; the others' attendees are unchanged: nothing else should move.
  const dropped = data.sessions[4]!.id
  const again = await solveTimetable({
    ...problem,
    sessions: data.sessions.filter((s) => s.id !== dropped),
    previous: first.placements,
  })
  assert.deepEqual(again.changes, { moved: 0, peersChanged: 0, dropped: 1, lost: 0 })
  // An attendee becomes unavailable on the day of their session: that session moves, little else does.
  const target = first.placements.find((q) => q.sessionId !== dropped)!
  const s = data.sessions.find((x) => x.id === target.sessionId)!
  const attendees = data.attendees.map((a) =>
    s.attendees.includes(a.id)
      ? { ...a, unavailable: [...a.unavailable, { day: target.day, from: '08:30', to: '18:00' }] }
      : a,
  )
  const moved = await solveTimetable({ ...problem, attendees, previous: first.placements })
  assert.deepEqual(checkTimetable({ ...problem, attendees }, moved.placements), [])
  assert.notEqual(moved.placements.find((q) => q.sessionId === s.id)?.day, target.day)
  assert.ok(moved.changes!.moved <= 3, `moved ${moved.changes!.moved}`)
})
