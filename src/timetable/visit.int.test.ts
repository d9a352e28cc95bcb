import { monitorEventLoopDelay } from 'node:perf_hooks'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type TestEnv } from '../testing/harness.ts'
import { syntheticProgrammeCsv } from './synthetic.ts'
import { addDays } from '../common/dates.ts'

let env: TestEnv
let har: number
let mel: number
let dates: string[]

/** Harlow's visit cut to three days (Tue-Thu) with a full team of six: the peers, the PCM. */
before(async () => {
  env = await demoEnv()
  har = await challengeId(env.db, 'CPC-2026-HAR')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  const { onsite_start: start } = (await env.db.one<{ onsite_start: string }>(
    `select onsite_start::text from challenges where id = $1`,
    [har],
  ))!
  let s = start
  while (new Date(`${s}T00:00:00Z`).getUTCDay() !== 2) s = addDays(s, 1)
  dates = [s, addDays(s, 1), addDays(s, 2)]
  await env.db.query(`update challenges set onsite_start = $2, onsite_end = $3, feedback_date = $3 where id = $1`, [
    har,
    dates[0],
    dates[2],
  ])
  const admin = await as(env.app, 'admin')
  for (const name of ['Chris Patel', 'Dana Brooks', 'Evan Hughes']) {
    const p = (await env.db.one<{ id: number; kind: string; party: string | null }>(
      `select id, kind, party from people where name = $1 order by id limit 1`,
      [name],
    ))!
    const res = await admin.post(`/api/challenges/${har}/team`, {
      json: {
        personId: p.id,
        role: p.kind === 'member' ? 'member-peer' : name === 'Dana Brooks' ? 'finance-peer' : 'officer-peer',
        party: p.party ?? undefined,
      },
    })
    assert.equal(res.statusCode, 201, res.body)
  }
})
after(async () => env.close())

/** The events of an .ics file, each as its properties (lines unfolded; a property's parameters kept in its name). */
function calendarEvents(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n')
  const out: Record<string, string>[] = []
  let cur: Record<string, string> | null = null
  for (const l of lines) {
    if (l === 'BEGIN:VEVENT') cur = {}
    else if (l === 'END:VEVENT') {
      out.push(cur!)
      cur = null
    } else if (cur) {
      const i = l.indexOf(':')
      cur[l.slice(0, i)] = l.slice(i + 1)
    }
  }
  return out
}

type Placement = { sessionId: number; day: string; starts: string; ends: string; peers: number[] }

/** Checked here, from the database rows, with no code shared with the solver or its checker. */
async function assertNoDoubleBooking(timetableId: number) {
  const rows = await env.db.query<Placement & { room: string; siteId: number | null; attendees: number[] }>(
    `select p.session_id as "sessionId", p.day::text as day, p.starts, p.ends, p.peers, s.room, s.site_id as "siteId",
            coalesce((select array_agg(a.attendee_id) from visit_session_attendees a where a.session_id = s.id), '{}') as attendees
       from timetable_placements p join visit_sessions s on s.id = p.session_id where p.timetable_id = $1`,
    [timetableId],
  )
  assert.ok(rows.length > 0)
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i]!
      const b = rows[j]!
      if (a.day !== b.day || !(a.starts < b.ends && b.starts < a.ends)) continue
      assert.deepEqual(
        a.peers.filter((p) => b.peers.includes(p)),
        [],
        `peer double-booked: sessions ${a.sessionId} and ${b.sessionId}`,
      )
      assert.deepEqual(
        a.attendees.filter((p) => b.attendees.includes(p)),
        [],
        `attendee double-booked: sessions ${a.sessionId} and ${b.sessionId}`,
      )
      if (a.room && a.siteId === b.siteId)
        assert.notEqual(a.room, b.room, `room double-booked: sessions ${a.sessionId} and ${b.sessionId}`)
    }
  for (const r of rows) {
    assert.ok(r.starts >= '08:30' && r.ends <= '18:00')
    assert.ok(!(r.starts < '13:15' && '12:30' < r.ends), `session ${r.sessionId} is in lunch`)
    if (r.day === dates[2])
      assert.ok(r.ends <= '11:30', `session ${r.sessionId} is in the last day’s preparation or feedback`)
    assert.ok(r.peers.length >= 1 && r.peers.length <= 2)
  }
  return rows
}

test('the PCM plans a 3-day visit of 50 sessions from a spreadsheet: no one double-booked, then publishes it', async () => {
  const pcm = await as(env.app, 'pcm')
  assert.equal(
    (await pcm.post(`/api/challenges/${har}/visit/sites`, { json: { name: 'Town Hall', isMain: true } })).statusCode,
    201,
  )
  const csv = syntheticProgrammeCsv({ dates, sessions: 50, seed: 11 })
  const imp = await pcm.request(
    'POST',
    `/api/challenges/${har}/visit/import`,
    multipart({}, { name: 'programme.csv', content: csv, type: 'text/csv' }),
  )
  assert.equal(imp.statusCode, 201, imp.body)
  assert.equal(imp.json().sessions, 50)
  assert.equal(imp.json().sites, 2) // Depot and Leisure Centre
  const visit = (await pcm.get(`/api/challenges/${har}/visit`)).json()
  const depot = visit.sites.find((s: { name: string }) => s.name === 'Depot').id
  const town = visit.sites.find((s: { name: string }) => s.name === 'Town Hall').id
  assert.equal(
    (await pcm.post(`/api/challenges/${har}/visit/travel`, { json: { fromSite: depot, toSite: town, minutes: 30 } }))
      .statusCode,
    200,
  )
  const lead = visit.team.find((m: { role: string }) => m.role === 'finance-peer').personId
  assert.equal(
    (await pcm.post(`/api/challenges/${har}/visit/theme-leads`, { json: { 'lead-finance': String(lead) } })).statusCode,
    200,
  )

  const plan = await pcm.post(`/api/challenges/${har}/visit/timetables`, { json: { timeLimitSeconds: 60 } })
  assert.equal(plan.statusCode, 202, plan.body)
  // The plan is a background job: the request answered at once, and the app goes on answering while the solver
  // works in its own thread. Measured as the event loop's longest stall over an idle second and a half while the solver runs,
  // against the same measure before (a solve on the event loop would stall it for seconds; a busy machine stalls
  // both windows alike), and pages answered meanwhile.
  const jobId = plan.json().jobId
  const stall = async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    await new Promise((r) => setTimeout(r, 1500))
    loop.disable()
    return loop.max / 1e6
  }
  let running = false
  for (let i = 0; i < 100 && !running; i++) {
    running = (await pcm.get(`/api/jobs/${jobId}`)).json().job.state === 'running'
    if (!running) await new Promise((r) => setTimeout(r, 100))
  }
  assert.ok(running, 'the job started')
  // the window opens while the job runs (its thread starting, then solving: several seconds for 50 sessions)
  const during = await stall()
  for (let i = 0; i < 3; i++) assert.equal((await pcm.get(`/challenges/${har}/visit`)).statusCode, 200)
  const planned = await pcm.solved(plan)
  const quiet = await stall()
  assert.ok(
    during < Math.max(1000, 3 * quiet),
    `the event loop stalled ${Math.round(during)} ms while the solver ran (${Math.round(quiet)} ms without it)`,
  )
  const t = (await pcm.get(`/api/challenges/${har}/visit/timetables/${planned.timetableId}`)).json()
  // One focus group's residents are each away on a different day: it cannot be placed, and the page says why.
  assert.deepEqual(
    t.unplaced.map((u: { title: string; reason: string }) => [u.title, u.reason]),
    [
      [
        'Focus group: Residents and community 13',
        'no time on any day when all its attendees are free, outside the team’s own time',
      ],
    ],
  )
  assert.equal(planned.placed, 49)
  assert.deepEqual(t.problems, [])
  assert.equal(t.abilities.publish, true)
  const rows = await assertNoDoubleBooking(t.timetable.id)
  // Depot sessions leave 30 minutes' travel each way: nobody is anywhere else then.
  const depotRows = rows.filter((r) => r.siteId === depot)
  for (const d of depotRows)
    for (const o of rows.filter((r) => r !== d && r.day === d.day && r.siteId !== depot)) {
      const m = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3))
      if (m(o.starts) < m(d.ends) + 30 && m(d.starts) - 30 < m(o.ends))
        assert.deepEqual(
          o.peers.filter((p) => d.peers.includes(p)),
          [],
          'travel ignored',
        )
    }
  // The finance lead hears most sessions on finance.
  const finance = (
    await env.db.query<{ id: number }>(
      `select id from visit_sessions where challenge_id = $1 and 'finance' = any(themes)`,
      [har],
    )
  ).map((r) => r.id)
  const heard = rows.filter((r) => finance.includes(r.sessionId) && r.peers.includes(lead)).length
  assert.ok(heard >= finance.length / 2, `finance lead at ${heard} of ${finance.length}`)

  const pub = await pcm.post(`/api/challenges/${har}/visit/timetables/${t.timetable.id}/publish`, { json: {} })
  assert.equal(pub.statusCode, 200, pub.body)
  assert.equal(pub.json().number, 1)
  const again = await pcm.post(`/api/challenges/${har}/visit/timetables/${t.timetable.id}/publish`, { json: {} })
  assert.equal(again.statusCode, 409)

  // The printable programme and a peer's calendar.
  const page = await pcm.get(`/challenges/${har}/visit/programme`)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Team wash-up/)
  assert.match(page.body, /Feedback presentation/)
  const ics = await pcm.get(`/challenges/${har}/visit/calendar/${lead}`)
  assert.equal(ics.statusCode, 200)
  assert.match(ics.headers['content-type'] as string, /text\/calendar/)
  const events = ics.body.split('BEGIN:VEVENT').length - 1
  const mine = rows.filter((r) => r.peers.includes(lead)).length
  assert.equal(
    events,
    mine + 2 * 2 + 2,
    'own sessions, lunch and wash-up on two days, preparation and feedback on the last',
  )
  // Wall-clock times in the visit's zone, which the file describes; never UTC, never floating.
  for (const e of calendarEvents(ics.body)) {
    assert.deepEqual(
      Object.keys(e).filter((k) => k.startsWith('DTSTART') || k.startsWith('DTEND')),
      ['DTSTART;TZID=Europe/London', 'DTEND;TZID=Europe/London'],
    )
    assert.match(e['DTSTART;TZID=Europe/London']!, /^\d{8}T\d{6}$/)
  }
  assert.match(ics.body, /BEGIN:VTIMEZONE\r\nTZID:Europe\/London\r\n/)
  const first = rows
    .filter((r) => r.peers.includes(lead))
    .sort((a, b) => (a.day + a.starts).localeCompare(b.day + b.starts))[0]!
  const firstEvent = calendarEvents(ics.body).find(
    (e) => e.UID === `cpc-2026-har-session-${first.sessionId}@peer-challenge`,
  )!
  assert.equal(
    firstEvent['DTSTART;TZID=Europe/London'],
    `${first.day.replaceAll('-', '')}T${first.starts.replace(':', '')}00`,
  )
  assert.equal(firstEvent.SEQUENCE, '0')
})

test('after publication, a session dropped and one fixed elsewhere: the re-plan moves little and keeps the rest', async () => {
  const pcm = await as(env.app, 'pcm')
  const visit = (await pcm.get(`/api/challenges/${har}/visit`)).json()
  const placed = visit.sessions.filter((s: { placement: unknown }) => s.placement)
  const drop = placed[3]
  // A session to fix at 16:00 on the second day: one that is not there already.
  const move = placed
    .slice(10)
    .find(
      (s: { placement: { day: string; starts: string } }) =>
        !(s.placement.day === dates[1] && s.placement.starts === '16:00'),
    )
  assert.equal((await pcm.request('DELETE', `/api/challenges/${har}/visit/sessions/${drop.id}`)).json().dropped, true)
  // The published programme now shows the problem, and the old proposal cannot be published.
  // Before the change: the calendar of a peer at the session that will move, and of one at the session dropped.
  const placedIn = async (sessionId: number) =>
    (await env.db.one<{ peers: number[]; day: string; starts: string }>(
      `select p.peers, p.day::text as day, p.starts from timetable_placements p join timetables t on t.id = p.timetable_id
        where t.challenge_id = $1 and t.status = 'published' and p.session_id = $2`,
      [har, sessionId],
    ))!
  const was = await placedIn(move.id)
  const uid = `cpc-2026-har-session-${move.id}@peer-challenge`
  const eventIn = async (personId: number, u: string) => {
    const res = await pcm.get(`/challenges/${har}/visit/calendar/${personId}`)
    assert.equal(res.statusCode, 200)
    const all = calendarEvents(res.body).filter((e) => e.UID === u)
    assert.ok(all.length <= 1, `one entry for ${u}`)
    return all[0]
  }
  const before = (await eventIn(was.peers[0]!, uid))!
  assert.equal(before['DTSTART;TZID=Europe/London'], `${was.day.replaceAll('-', '')}T${was.starts.replace(':', '')}00`)
  const droppedUid = `cpc-2026-har-session-${drop.id}@peer-challenge`
  const droppedWas = await placedIn(drop.id)
  const moved = {
    ...move,
    attendees: move.attendees.map(String),
    fixedDate: dates[1],
    fixedStart: '16:00',
    themes: move.themes,
    siteId: move.siteId ?? '',
    peers: '',
    outcome: '',
    peopleMet: '',
  }
  const put = await pcm.request('PUT', `/api/challenges/${har}/visit/sessions/${move.id}`, {
    json: { ...moved, group: move.group },
  })
  assert.equal(put.statusCode, 200, put.body)
  const replan = await pcm.solved(
    await pcm.post(`/api/challenges/${har}/visit/timetables`, { json: { timeLimitSeconds: 60 } }),
  )
  assert.equal(replan.placed, 48)
  assert.equal(replan.changes.dropped, 1)
  assert.equal(replan.changes.lost, 0)
  assert.ok(replan.changes.moved <= 4, `moved ${replan.changes.moved}`)
  const t = (await pcm.get(`/api/challenges/${har}/visit/timetables/${replan.timetableId}`)).json()
  assert.deepEqual(t.problems, [])
  const fixed = (await assertNoDoubleBooking(replan.timetableId)).find((r) => r.sessionId === move.id)!
  assert.equal(fixed.day, dates[1])
  assert.equal(fixed.starts, '16:00')
  assert.ok(t.changed.some((c: { title: string }) => c.title === move.title))
  assert.equal(
    (await pcm.post(`/api/challenges/${har}/visit/timetables/${replan.timetableId}/publish`, { json: {} })).json()
      .number,
    2,
  )
  // The calendar again: the moved session keeps its UID, its SEQUENCE is higher and it is at its new time, in
  // London time; a peer who no longer has it, and the peers of the dropped session, get it as cancelled.
  const now = await placedIn(move.id)
  const after = (await eventIn(now.peers[0]!, uid))!
  assert.ok(Number(after.SEQUENCE) > Number(before.SEQUENCE), `sequence ${before.SEQUENCE} -> ${after.SEQUENCE}`)
  assert.equal(after['DTSTART;TZID=Europe/London'], `${dates[1]!.replaceAll('-', '')}T160000`)
  assert.equal(after.STATUS, undefined)
  for (const p of was.peers.filter((p) => !now.peers.includes(p))) {
    const gone = (await eventIn(p, uid))!
    assert.equal(gone.STATUS, 'CANCELLED')
    assert.ok(Number(gone.SEQUENCE) > Number(before.SEQUENCE))
  }
  const dropped = (await eventIn(droppedWas.peers[0]!, droppedUid))!
  assert.equal(dropped.STATUS, 'CANCELLED')
  assert.ok(Number(dropped.SEQUENCE) > 0)
  const statuses = await env.db.query<{ status: string }>(
    `select status from timetables where challenge_id = $1 and published_number is not null order by id`,
    [har],
  )
  assert.deepEqual(
    statuses.map((s) => s.status),
    ['superseded', 'published'],
  )
  // A stale proposal (planned before a change) is refused.
  const stale = await pcm.solved(
    await pcm.post(`/api/challenges/${har}/visit/timetables`, { json: { timeLimitSeconds: 30 } }),
  )
  await pcm.post(`/api/challenges/${har}/visit/sessions`, {
    json: { title: 'Late addition: the portfolio holder for housing', kind: 'interview', minutes: 45 },
  })
  const refused = await pcm.post(`/api/challenges/${har}/visit/timetables/${stale.timetableId}/publish`, { json: {} })
  assert.equal(refused.statusCode, 409)
  assert.match(refused.json().message, /changed after this timetable was planned/)
})

test('bad input is explained and changes nothing; hostile files are refused', async () => {
  const pcm = await as(env.app, 'pcm')
  const before = (await env.db.one<{ n: number }>(
    `select count(*)::int as n from visit_sessions where challenge_id = $1`,
    [har],
  ))!.n
  const form = await pcm.post(`/challenges/${har}/visit/sessions`, {
    form: { title: '', kind: 'party', minutes: '5', fixedDate: '2020-01-01', fixedStart: '' },
  })
  assert.equal(form.statusCode, 400)
  for (const m of [
    /Enter what the session is/,
    /Select the kind of session/,
    /at least 15 minutes/,
    /both the date and the start time/,
  ])
    assert.match(form.body, m)
  const fixed = await pcm.post(`/api/challenges/${har}/visit/sessions`, {
    json: {
      title: 'X',
      kind: 'interview',
      minutes: 60,
      fixedDate: dates[0],
      fixedStart: '09:10',
      themes: ['nonsense'],
    },
  })
  assert.equal(fixed.statusCode, 400)
  assert.match(fixed.json().fields.fixedStart, /quarter hour/)
  assert.match(fixed.json().fields.themes, /nonsense/)
  const att = await pcm.post(`/api/challenges/${har}/visit/attendees`, {
    json: { name: 'Someone', group: 'staff', unavailable: '2020-01-01 09:00-10:00' },
  })
  assert.equal(att.statusCode, 400)
  assert.match(att.json().fields.unavailable, /not a day of the visit/)
  const badTime = await pcm.post(`/api/challenges/${har}/visit/attendees`, {
    json: { name: 'Someone', group: 'staff', unavailable: 'tomorrow morning' },
  })
  assert.match(badTime.json().fields.unavailable, /must look like/)
  const badRows = `Session,Kind,Minutes,Themes\nOK,interview,60,finance\nBad,party,60,finance\nAlso bad,interview,600,nonsense\n`
  const imp = await pcm.request(
    'POST',
    `/challenges/${har}/visit/import?_csrf=${pcm.csrf}`,
    multipart({}, { name: 'p.csv', content: badRows, type: 'text/csv' }),
  )
  assert.equal(imp.statusCode, 400)
  assert.match(imp.body, /Nothing was imported/)
  assert.match(imp.body, /Row 3/)
  assert.match(imp.body, /Row 4/)
  for (const file of [
    { name: 'p.xlsx', content: Buffer.from('PK\u0003\u0004 not really a zip') },
    { name: 'p.pdf', content: Buffer.from('%PDF-1.4') },
    { name: 'p.csv', content: Buffer.from([0, 1, 2, 3, 0xff, 0xfe]) },
  ]) {
    const r = await pcm.request('POST', `/api/challenges/${har}/visit/import`, multipart({}, file))
    assert.ok([400, 415].includes(r.statusCode), `${file.name}: ${r.statusCode}`)
  }
  assert.equal(
    (await env.db.one<{ n: number }>(`select count(*)::int as n from visit_sessions where challenge_id = $1`, [har]))!
      .n,
    before,
  )
})

test('who may see and plan the visit', async () => {
  const melton = await as(env.app, 'melton')
  // The council's coordinator plans its own visit...
  const add = await melton.post(`/api/challenges/${mel}/visit/sessions`, {
    json: { title: 'Chief executive', kind: 'interview', minutes: 60 },
  })
  assert.equal(add.statusCode, 201, add.body)
  // ...but cannot see another council's.
  assert.equal((await melton.get(`/api/challenges/${har}/visit`)).statusCode, 404)
  assert.equal((await melton.get(`/challenges/${har}/visit/programme`)).statusCode, 404)
  // The lead peer sees the programme but only the PCM plans; the public sees nothing.
  const lead = await as(env.app, 'lead')
  assert.equal((await lead.get(`/api/challenges/${har}/visit`)).statusCode, 200)
  assert.equal(
    (await lead.post(`/api/challenges/${har}/visit/sessions`, { json: { title: 'X', kind: 'interview', minutes: 60 } }))
      .statusCode,
    403,
  )
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get(`/api/challenges/${har}/visit`)).statusCode, 404)
  // Calendars only for people on the team.
  const pcm = await as(env.app, 'pcm')
  assert.equal((await pcm.get(`/challenges/${har}/visit/calendar/999999`)).statusCode, 404)
})

test('a peer’s own unavailable date: the published programme is flagged, and the re-plan leaves them out that day', async () => {
  const pcm = await as(env.app, 'pcm')
  const admin = await as(env.app, 'admin')
  const visit = (await pcm.get(`/api/challenges/${har}/visit`)).json()
  assert.ok(visit.published, 'a programme is published by the tests above')
  assert.deepEqual(visit.publishedProblems, [])
  const placements = (
    await env.db.query<{ peers: number[]; day: string }>(
      `select p.peers, p.day::text as day from timetable_placements p where p.timetable_id = $1`,
      [visit.published.id],
    )
  ).filter((p) => p.day === dates[1])
  // The peer with most sessions on the second day marks that day unavailable in the pool.
  const count = new Map<number, number>()
  for (const p of placements) for (const id of p.peers) count.set(id, (count.get(id) ?? 0) + 1)
  const [busiest] = [...count.entries()].sort((a, b) => b[1] - a[1])[0]!
  const name = visit.team.find((m: { personId: number }) => m.personId === busiest).name as string
  const away = await admin.post(`/api/peers/${busiest}/unavailable`, {
    json: { from: dates[1], to: dates[1], note: 'Council meeting at home' },
  })
  assert.equal(away.statusCode, 201, away.body)
  // The checker sees it on the published programme...
  const flagged = (await pcm.get(`/api/challenges/${har}/visit`)).json().publishedProblems as string[]
  assert.ok(flagged.length > 0)
  for (const f of flagged) assert.match(f, new RegExp(`${name} is not available then`))
  // ...and the re-plan gives them nothing that day (and, the day apart, keeps them where they were).
  const plan = await pcm.post(`/api/challenges/${har}/visit/timetables`, { json: { timeLimitSeconds: 30 } })
  const planned = await pcm.solved(plan)
  const t = (await pcm.get(`/api/challenges/${har}/visit/timetables/${planned.timetableId}`)).json()
  assert.deepEqual(t.problems, [])
  const rows = await assertNoDoubleBooking(t.timetable.id)
  assert.deepEqual(
    rows.filter((r) => r.day === dates[1] && r.peers.includes(busiest)).map((r) => r.sessionId),
    [],
  )
  assert.ok(rows.some((r) => r.day !== dates[1] && r.peers.includes(busiest)))
})

test('the on-site page warns about visit days on a weekend or an England and Wales bank holiday', async () => {
  const pcm = await as(env.app, 'pcm')
  // Friday 28 May to Monday 31 May 2027: a weekend, and the spring bank holiday (GOV.UK's list).
  await env.db.query(
    `update challenges set onsite_start = '2027-05-28', onsite_end = '2027-05-31', onsite_precision = 'day' where id = $1`,
    [mel],
  )
  const visit = (await pcm.get(`/api/challenges/${mel}/visit`)).json()
  assert.deepEqual(
    visit.warnings.map((w: { code: string; days: string[] }) => [w.code, w.days]),
    [
      ['weekend', ['2027-05-29', '2027-05-30']],
      ['bank-holiday', ['2027-05-31']],
    ],
  )
  const page = await pcm.get(`/challenges/${mel}/visit`)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /weekend days: Saturday 29 May 2027 and Sunday 30 May 2027/)
  assert.match(page.body, /Monday 31 May 2027 \(Spring bank holiday\)/)
  // A visit on weekdays that are not bank holidays: no warning.
  await env.db.query(`update challenges set onsite_start = '2027-06-08', onsite_end = '2027-06-10' where id = $1`, [
    mel,
  ])
  assert.deepEqual((await pcm.get(`/api/challenges/${mel}/visit`)).json().warnings, [])
})
