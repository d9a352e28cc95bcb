import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { figure } from '../reports/document.ts'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { loadChallenge } from '../challenges/access.ts'
import { checkTimetable } from './checker.ts'
import { grid } from './model.ts'
import { problemOf, visitData, visitDays } from './service.ts'
import { timetableRulesFor } from './rules-data.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

test('the demo visit’s hand-made programme passes the independent checker, and its counts reach the report', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const ctx = {
    db: env.db,
    actor: {
      kind: 'user' as const,
      id: 1,
      name: 'a',
      email: 'a',
      role: 'admin' as const,
      councilId: null,
      personId: null,
    },
    clock: env.clock,
  }
  const { ch } = await loadChallenge(ctx, mel, 'view')
  const rules = await timetableRulesFor(env.db, 'cpc')
  const days = visitDays(ch)
  const v = await visitData(env.db, ch)
  const g = grid(rules)
  const placements = v.placements.map((p) => ({
    sessionId: p.sessionId,
    day: days.indexOf(p.day),
    start: g.slotOf(p.starts),
    peers: p.peers,
  }))
  assert.equal(placements.length, 42)
  assert.deepEqual(checkTimetable(problemOf(rules, days, v), placements), [])
  const melton = await as(env.app, 'melton')
  const visit = (await melton.get(`/api/challenges/${mel}/visit`)).json()
  assert.equal(visit.counts.meetingsHeld, 42)
  assert.ok(visit.counts.peopleMet > 60)
  const report = (await melton.get(`/api/challenges/${mel}/report`)).json()
  assert.equal(report.shown.version, 1)
  // As reports state figures: exact, or rounded down and said so ("more than 90" for 93).
  assert.match(report.html, new RegExp(`${figure(visit.counts.meetingsHeld)} meetings`))
  assert.match(report.html, new RegExp(`${figure(visit.counts.peopleMet)} people`))
  assert.match(report.html, /the equivalent of one person spending \d+ weeks at Melton Borough Council/)
})
