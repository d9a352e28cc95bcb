import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, TODAY, type Client, type TestEnv } from '../testing/harness.ts'
import { addDays } from '../common/dates.ts'

let env: TestEnv
let officer: Client
let nwl: number
const base = () => `/challenges/${nwl}/action-plan`
before(async () => {
  env = await demoEnv()
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
  officer = await as(env.app, 'nwl')
})
after(async () => env.close())

test('a snapshot recorded for a meeting holds the plan as it stood on the meeting’s date, not as it is today', async () => {
  const meeting = addDays(TODAY, -3)
  const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
    const r = await res
    assert.equal(r.statusCode, status, r.body.slice(0, 300))
    return JSON.parse(r.body)
  }
  await ok(officer.request('POST', `/api${base()}`, { json: {} }))
  const recs = (await ok(officer.get(`/api${base()}`), 200)).view.recommendations as { id: number }[]
  for (const r of recs)
    await ok(officer.request('PUT', `/api${base()}/responses/${r.id}`, { json: { response: 'accepted' } }), 200)
  // Action 1 is due two days before today; action 2 at the end of the year.
  const a1 = await ok(
    officer.request('POST', `/api${base()}/actions`, {
      json: {
        recommendationIds: recs.map((r) => r.id),
        title: 'Member workshops',
        leadOfficer: 'Head of HR',
        targetDate: addDays(TODAY, -2),
      },
    }),
  )
  const a2 = await ok(
    officer.request('POST', `/api${base()}/actions`, {
      json: {
        recommendationIds: [recs[0]!.id],
        title: 'Risk reports',
        leadOfficer: 'Head of Legal',
        targetDate: '2026-12-31',
      },
    }),
  )
  const progress = (id: number, asOf: string, text: string, status: string) =>
    ok(officer.request('POST', `/api${base()}/actions/${id}/progress`, { json: { asOf, text, status } }))
  await progress(a1.id, addDays(TODAY, -5), 'Workshops booked', 'in-progress')
  await progress(a1.id, addDays(TODAY, -1), 'All workshops held', 'complete')
  // Recorded today, after the meeting: a later target date and a rating set by hand.
  await ok(
    officer.request('POST', `/api${base()}/actions/${a2.id}/target`, {
      json: { targetDate: '2027-02-28', reason: 'The budget comes first' },
    }),
    200,
  )
  await ok(
    officer.request('POST', `/api${base()}/actions/${a2.id}/override`, {
      json: { rag: 'amber', reason: 'Staff away' },
    }),
    200,
  )
  // The meeting three days ago approved the plan; it is recorded today.
  const m = await ok(
    officer.request('POST', `/api${base()}/meetings`, {
      json: { body: 'cabinet', meetingDate: meeting, decision: 'approved', approvesPlan: 'yes' },
    }),
  )
  const snap = await ok(officer.get(`/api${base()}/snapshots/${m.snapshotId}`), 200)
  const content = snap.view
  assert.equal(snap.snapshot.asOf, meeting)
  assert.equal(content.asOf, meeting)
  const [s1, s2] = content.actions
  // Action 1 then: in progress, its later update left out, rated for that day (not yet past its target).
  assert.deepEqual(
    s1.updates.map((u: { text: string }) => u.text),
    ['Workshops booked'],
  )
  assert.equal(s1.latestUpdate.asOf, addDays(TODAY, -5))
  assert.equal(s1.status, 'in-progress')
  assert.equal(s1.completedOn, null)
  assert.deepEqual([s1.rag, s1.ragReason], ['green', 'On track'])
  // Action 2 then: its original target, no revision, no rating by hand.
  assert.equal(s2.targetDate, '2026-12-31')
  assert.deepEqual(s2.revisions, [])
  assert.equal(s2.overridden, false)
  assert.equal(content.counts.status['complete'], 0)
  // The page says the same.
  const page = await officer.get(`${base()}/snapshots/${m.snapshotId}`)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Workshops booked/)
  assert.doesNotMatch(page.body, /All workshops held/)
  // Today's plan is unchanged by any of this.
  const now = (await ok(officer.get(`/api${base()}`), 200)).view.actions
  assert.deepEqual([now[0].status, now[0].rag, now[0].ragReason], ['complete', 'green', 'Complete'])
  assert.deepEqual([now[1].targetDate, now[1].rag, now[1].overridden], ['2027-02-28', 'amber', true])
})
