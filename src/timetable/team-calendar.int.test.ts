import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

/** The whole team's calendar of a challenge (.ics, issue 18). */

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

const vevents = (ics: string) => ics.split('BEGIN:VEVENT').slice(1)

test('every on-site day as an all-day entry, and every published session with its peers', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const ch = (await env.db.one<{ start: string; end: string }>(
    `select onsite_start::text as start, onsite_end::text as "end" from challenges where id = $1`,
    [mel],
  ))!
  const admin = await as(env.app, 'admin')
  const res = await admin.get(`/challenges/${mel}/visit/calendar`)
  assert.equal(res.statusCode, 200, res.body)
  assert.match(String(res.headers['content-type']), /text\/calendar/)
  assert.match(String(res.headers['content-disposition']), /CPC-2026-MEL-team-calendar\.ics/)
  const events = vevents(res.body)
  const allDay = events.filter((e) => /DTSTART;VALUE=DATE:\d{8}/.test(e))
  const days = (Date.parse(ch.end) - Date.parse(ch.start)) / 86_400_000 + 1
  assert.equal(allDay.length, days)
  assert.match(allDay[0]!, new RegExp(`DTSTART;VALUE=DATE:${ch.start.replaceAll('-', '')}`))
  assert.match(allDay[0]!, /on site: day 1 of 3/)
  // Sessions of the published programme: the same as the placements, in London time, with their peers.
  const placements = await env.db.one<{ n: number }>(
    `select count(*)::int as n from timetable_placements p join timetables t on t.id = p.timetable_id
      where t.challenge_id = $1 and t.published_number = (select max(published_number) from timetables where challenge_id = $1)`,
    [mel],
  )
  const sessions = events.filter((e) => /UID:cpc-2026-mel-session-\d+@peer-challenge/.test(e))
  assert.equal(sessions.length, placements!.n)
  for (const e of events.filter((x) => !allDay.includes(x))) assert.match(e, /DTSTART;TZID=Europe\/London:\d{8}T\d{6}/)
  if (sessions.length) assert.match(sessions[0]!, /Peers: /)
  // Linked from the programme page when it is published.
  const page = await admin.get(`/challenges/${mel}/visit/programme`)
  if (placements!.n) assert.match(page.body, /Download the whole team’s calendar \(\.ics\)/)
})

test('only those who see the challenge’s private pages; an empty calendar without on-site dates', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  for (const who of ['lead', 'melton'] as const)
    assert.equal((await (await as(env.app, who)).get(`/challenges/${mel}/visit/calendar`)).statusCode, 200, who)
  assert.equal((await (await as(env.app, 'nwl')).get(`/challenges/${mel}/visit/calendar`)).statusCode, 404)
  const pub = await (await as(env.app, 'public')).get(`/api/challenges/${mel}/visit/calendar`)
  assert.ok([401, 404].includes(pub.statusCode))
  const undated = await env.db.one<{ id: number }>(`select id from challenges where onsite_start is null limit 1`)
  if (undated) {
    await env.db.query(`update challenges set onsite_end = null where id = $1`, [undated.id])
    const r = await (await as(env.app, 'admin')).get(`/challenges/${undated.id}/visit/calendar`)
    assert.equal(r.statusCode, 200, r.body)
    assert.match(r.body, /BEGIN:VCALENDAR/)
    assert.equal(vevents(r.body).length, 0)
  }
})
