import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { as, challengeId, demoEnv, freshDb, TODAY, type Client, type TestEnv } from '../testing/harness.ts'
import { addDays } from '../common/dates.ts'
import { fixedClock } from '../common/clock.ts'
import { openPostgres } from '../db/db.ts'
import { deliver, runReminders } from './reminders.ts'
import { smtpMailer } from './mailer.ts'
import { scheduleReminders, slotStart } from './reminder-job.ts'
import { startJobWorkers, stopJobWorkers, waitForJob } from '../jobs/queue.ts'

/**
 * Reminders: actions due in 30/7/1 days and overdue, missing updates, publication deadlines; written once to the
 * outbox however often and on however many instances the job runs; sent by SMTP when configured; users choose.
 */
let env: TestEnv
let nwl: number
let officer: Client
const clock = fixedClock(`${TODAY}T06:00:00Z`)
const outbox = async () =>
  env.db.query<{ kind: string; toEmail: string; subject: string; dedupeKey: string; body: string }>(
    `select kind, to_email as "toEmail", subject, dedupe_key as "dedupeKey", body from outbox order by id`,
  )

before(async () => {
  env = await demoEnv()
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
  officer = await as(env.app, 'nwl')
  const base = `/api/challenges/${nwl}/action-plan`
  assert.equal((await officer.request('POST', base, { json: {} })).statusCode, 201)
  const recs = (await officer.get(base)).json().view.recommendations as { id: number }[]
  for (const r of recs)
    assert.equal(
      (await officer.request('PUT', `${base}/responses/${r.id}`, { json: { response: 'accepted' } })).statusCode,
      200,
    )
  const add = async (title: string, targetDate: string, recIds: number[]) => {
    const r = await officer.request('POST', `${base}/actions`, {
      json: { title, leadOfficer: 'Head of Service', targetDate, recommendationIds: recIds },
    })
    assert.equal(r.statusCode, 201, r.body)
    return r.json().id as number
  }
  await add(
    'Due in five days',
    addDays(TODAY, 5),
    recs.slice(0, 3).map((r) => r.id),
  )
  await add('Due in twenty days', addDays(TODAY, 20), [recs[3]!.id])
  await add('Overdue by ten days', addDays(TODAY, -10), [recs[4]!.id])
  await add('Due next year', addDays(TODAY, 200), [recs[5]!.id, recs[6]!.id])
  // Approved long enough ago that no action has had an update for 90 days.
  await env.db.query(`update action_plans set status = 'approved', approved_on = $2 where challenge_id = $1`, [
    nwl,
    addDays(TODAY, -120),
  ])
  await env.db.query(`update plan_actions set created_at = $1`, [`${addDays(TODAY, -120)}T09:00:00Z`])
})
after(async () => env.close())

test('the job writes each due reminder once, to the right people, and again only when something changes', async () => {
  const r1 = await runReminders(env.db, clock)
  assert.equal(r1.ran, true)
  const msgs = await outbox()
  const kinds = (k: string) => msgs.filter((m) => m.kind === k)
  // Actions go to the council's officers (no owner named).
  assert.deepEqual(
    kinds('action-due').map((m) => m.subject),
    ['Action due in 5 days: CPC-2024-NWL action 1', 'Action due in 20 days: CPC-2024-NWL action 2'],
  )
  assert.ok(kinds('action-due').every((m) => m.toEmail === 'officer@nwleics.example.gov.uk'))
  assert.deepEqual(
    kinds('action-overdue').map((m) => m.subject),
    ['Action overdue by 10 days: CPC-2024-NWL action 3'],
  )
  assert.match(kinds('action-overdue')[0]!.body, /\/challenges\/\d+\/action-plan\/actions\/\d+/)
  assert.equal(kinds('update-missing').length, 4)
  assert.match(kinds('update-missing')[0]!.subject, /No progress update for 120 days/)
  // Melton's report is with the council for its factual check; its publication deadlines are not yet in view, but
  // they are once the report is final (due 19 January 2027, 57 days away: no reminder yet; none for NWL, long met).
  assert.equal(kinds('publication-deadline').length, 0)

  const r2 = await runReminders(env.db, clock)
  assert.equal(r2.created, 0, 'nothing twice')
  // A week later: action 1 is overdue; action 2, 13 days away, is still in the 30-day window it was reminded for; action 3
  // gets its second weekly overdue reminder.
  const later = fixedClock(`${addDays(TODAY, 7)}T06:00:00Z`)
  const r3 = await runReminders(env.db, later)
  const newer = (await outbox()).slice(msgs.length).map((m) => m.subject)
  assert.ok(newer.includes('Action overdue by 2 days: CPC-2024-NWL action 1'), newer.join('\n'))
  assert.ok(!newer.some((m) => m.includes('action 2')))
  assert.ok(newer.includes('Action overdue by 17 days: CPC-2024-NWL action 3'))
  assert.equal(r3.created, newer.length)
})

test('publication deadlines remind the council and the programme office; preferences switch reminders off', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  await env.db.query(`update challenges set stage = 'final' where id = $1`, [mel])
  // 12 days before the three-month deadline (19 January 2027).
  const near = fixedClock(`2027-01-07T06:00:00Z`)
  const melton = await as(env.app, 'melton')
  const prefs = await melton.get('/account/notifications')
  assert.equal(prefs.statusCode, 200)
  assert.match(prefs.body, /Publication deadlines/)
  // The Melton officer keeps only publication deadlines; an unknown kind is refused.
  assert.equal(
    (await melton.request('POST', '/account/notifications', { form: { kinds: ['publication-deadline', 'nonsense'] } }))
      .statusCode,
    400,
  )
  assert.equal(
    (await melton.request('POST', '/account/notifications', { form: { kinds: 'publication-deadline' } })).statusCode,
    303,
  )
  const admin = await as(env.app, 'admin')
  assert.equal((await admin.request('POST', '/account/notifications', { form: {} })).statusCode, 303) // the programme office opts out
  const before = (await outbox()).length
  await runReminders(env.db, near)
  const pubs = (await outbox()).slice(before).filter((m) => m.kind === 'publication-deadline')
  assert.deepEqual([...new Set(pubs.map((m) => m.toEmail))], ['officer@melton.example.gov.uk'])
  assert.deepEqual(pubs.map((m) => m.subject).sort(), [
    'Publish the action plan due 19 January 2027: Melton (CPC-2026-MEL)',
    'Publish the feedback report due 19 January 2027: Melton (CPC-2026-MEL)',
  ])
  // The outbox page: officers see their own messages, the programme office sees all.
  const own = (await melton.get('/api/outbox')).json()
  assert.ok(own.messages.every((m: { toEmail: string }) => m.toEmail === 'officer@melton.example.gov.uk'))
  assert.equal(own.all, false)
  const all = (await admin.get('/api/outbox')).json()
  assert.ok(all.messages.some((m: { toEmail: string }) => m.toEmail === 'officer@nwleics.example.gov.uk'))
  const page = await melton.get('/outbox')
  assert.match(page.body, /No email server is set up/)
  assert.match(page.body, /Publish the feedback report due 19 January 2027/)
  // Only the programme office runs the job by hand.
  assert.equal((await melton.request('POST', '/api/outbox/run', { json: {} })).statusCode, 403)
  assert.equal((await admin.request('POST', '/api/outbox/run', { json: {} })).statusCode, 200)
})

test('with SMTP configured, waiting reminders are sent once and marked sent', async () => {
  const received: { to: string; data: string }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let data = ''
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data })
        cb()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const port = (server.server.address() as AddressInfo).port
  const mailer = smtpMailer(`smtp://127.0.0.1:${port}`, 'Peer Challenge <no-reply@peer-challenge.example>')
  try {
    const waiting = (await env.db.one<{ n: number }>(`select count(*)::int as n from outbox where sent_at is null`))!.n
    assert.ok(waiting > 0)
    const r = await deliver(env.db, clock, mailer)
    assert.equal(r.sent, waiting)
    assert.equal(received.length, waiting)
    assert.ok(
      received.some(
        (m) => m.to === 'officer@nwleics.example.gov.uk' && /Subject: Action overdue by 10 days/.test(m.data),
      ),
    )
    assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from outbox where sent_at is null`))!.n, 0)
    assert.equal((await deliver(env.db, clock, mailer)).sent, 0, 'never sent twice')
  } finally {
    mailer.close()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

test('several instances running the job at once write each reminder once', async (t) => {
  const url = process.env['TEST_DATABASE_URL']
  if (!url) {
    // PGlite is one connection: concurrent runs queue behind each other; the second finds everything written.
    const when = fixedClock(`${addDays(TODAY, 30)}T06:00:00Z`)
    const n = async () => (await env.db.one<{ n: number }>(`select count(*)::int as n from outbox`))!.n
    const before = await n()
    const runs = await Promise.all([runReminders(env.db, when), runReminders(env.db, when)])
    assert.ok(runs[0]!.created > 0)
    assert.equal(runs[1]!.created, 0)
    assert.equal(await n(), before + runs[0]!.created)
    return
  }
  // On PostgreSQL: four app instances (separate pools) on one database, all running the job at the same moment.
  const { db, drop, url: dbUrl } = await freshDb()
  t.after(drop)
  const { seedDemo } = await import('../demo/seed.ts')
  await seedDemo(db, TODAY)
  const mel = await challengeId(db, 'CPC-2026-MEL')
  await db.query(`update challenges set stage = 'final' where id = $1`, [mel])
  const instances = await Promise.all([1, 2, 3, 4].map(() => openPostgres(dbUrl!)))
  try {
    const when = fixedClock('2027-01-07T06:00:00Z')
    const results = await Promise.all(instances.map((i) => runReminders(i, when)))
    const created = results.reduce((n, r) => n + r.created, 0)
    const rows = (await db.one<{ n: number; keys: number }>(
      `select count(*)::int as n, count(distinct dedupe_key)::int as keys from outbox`,
    ))!
    assert.ok(rows.n > 0)
    assert.equal(rows.n, rows.keys)
    assert.equal(created, rows.n)
    assert.ok(results.filter((r) => r.ran).length >= 1)
  } finally {
    for (const i of instances) await i.close()
  }
})

test('the scheduled reminder job is queued once a slot however many instances ask, runs once, and is listed on the outbox', async () => {
  // a later date, so that new reminders fall due; the slot is the hour it falls in
  const when = fixedClock(`2027-01-18T06:20:00Z`)
  assert.equal(slotStart(new Date('2026-12-01T06:20:00Z'), 60).toISOString(), '2026-12-01T06:00:00.000Z')
  const n = async () => (await env.db.one<{ n: number }>(`select count(*)::int as n from outbox`))!.n
  const before = await n()
  // this test's workers run the job, on its clock (not the app's, which would otherwise start them at the first job)
  await stopJobWorkers(env.db)
  const asked = await Promise.all([1, 2, 3].map(() => scheduleReminders(env.db, when, 60)))
  const ids = asked.filter((id): id is string => id !== null)
  assert.equal(ids.length, 1, `one job for the slot, not ${ids.length}`)
  // a later moment in the same slot queues nothing; nor does a schedule that is switched off
  assert.equal(await scheduleReminders(env.db, fixedClock(`2027-01-18T06:59:00Z`), 60), null)
  assert.equal(await scheduleReminders(env.db, when, 0), null)
  await startJobWorkers(env.db, when, { pollSeconds: 0.5 })
  try {
    assert.equal(await waitForJob(env.db, ids[0]!, undefined, 60_000), 'completed')
  } finally {
    await stopJobWorkers(env.db)
  }
  const job = (await env.db.one<{ result: { ran: boolean; created: number }; note: string; title: string }>(
    `select result, progress_note as note, title from jobs where id = $1`,
    [ids[0]],
  ))!
  assert.equal(job.result.ran, true)
  assert.ok(job.result.created > 0, 'reminders fell due in the later slot')
  assert.equal(await n(), before + job.result.created)
  assert.match(job.note, new RegExp(`^${job.result.created} new reminders?`))
  assert.match(job.title, /Send reminders \(scheduled for \d{4}-\d\d-\d\d 06:00 UTC\)/)
  // the next slot is a new job
  const next = await scheduleReminders(env.db, fixedClock(`2027-01-18T07:01:00Z`), 60)
  assert.ok(next && next !== ids[0])
  await env.db.query(`update jobs set state = 'cancelled' where id = $1`, [next])
  // the programme office sees the runs on the outbox (page and API); a council officer does not
  const admin = await as(env.app, 'admin')
  const api = (await admin.get('/api/outbox')).json() as { scheduled: { id: string; state: string }[] }
  assert.deepEqual(
    api.scheduled.slice(0, 2).map((j) => j.id),
    [next, ids[0]],
  )
  assert.equal(api.scheduled[1]!.state, 'completed')
  const page = (await admin.get('/outbox')).body
  assert.match(page, new RegExp(`href="/jobs/${ids[0]}"`))
  assert.deepEqual(((await officer.get('/api/outbox')).json() as { scheduled: unknown[] }).scheduled, [])
})
