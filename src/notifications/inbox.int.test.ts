import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, submitForm, type Client, type TestEnv, demoEnv } from '../testing/harness.ts'

/** In-app notifications (decision 0032): written with the event, each user reads only their own, marked read. */

let env: TestEnv
let c: Record<'admin' | 'lead' | 'pcm' | 'melton' | 'nwl', Client>
let mel: number

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  c = {
    admin: await as(env.app, 'admin'),
    lead: await as(env.app, 'lead'),
    pcm: await as(env.app, 'pcm'),
    melton: await as(env.app, 'melton'),
    nwl: await as(env.app, 'nwl'),
  }
})
after(async () => env.close())

const mine = async (who: keyof typeof c) => (await c[who].get('/api/notifications')).json()
const stage = async (who: keyof typeof c, to: string) => {
  const { version } = (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!
  return c[who].post(`/api/challenges/${mel}/stage`, { json: { to, note: '', version } })
}

test('returning factual comments tells the team and the programme office; issuing the draft tells the council', async () => {
  for (const who of Object.keys(c) as (keyof typeof c)[]) assert.equal((await mine(who)).total, 0, who)
  // Refused changes write nothing.
  assert.equal((await stage('nwl', 'drafting')).statusCode, 404)
  assert.equal((await stage('lead', 'drafting')).statusCode, 403)
  const none = await env.db.one<{ n: number }>(`select count(*)::int as n from user_notifications`)
  assert.equal(none!.n, 0)

  const back = await stage('melton', 'drafting')
  assert.equal(back.statusCode, 200, back.body)
  for (const who of ['lead', 'pcm', 'admin'] as const) {
    const n = await mine(who)
    assert.equal(n.unread, 1, who)
    assert.equal(n.notifications[0].kind, 'comments-returned')
    assert.match(n.notifications[0].title, /Melton has returned its factual accuracy comments/)
    assert.equal(n.notifications[0].href, `/challenges/${mel}/report`)
  }
  // The officer who returned them, and another council, are not told.
  assert.equal((await mine('melton')).total, 0)
  assert.equal((await mine('nwl')).total, 0)

  const issued = await stage('admin', 'factual-check')
  assert.equal(issued.statusCode, 200, issued.body)
  const officer = await mine('melton')
  assert.equal(officer.unread, 1)
  assert.equal(officer.notifications[0].kind, 'draft-issued')
  assert.match(officer.notifications[0].title, /ready for your factual accuracy check/)
  assert.equal((await mine('nwl')).total, 0)
  assert.equal((await mine('admin')).total, 1, 'the one who issued it is not told')
  // Written in the same transaction as the stage change: as many as the audit log's stage changes call for.
  const rows = await env.db.one<{ n: number }>(`select count(*)::int as n from user_notifications`)
  assert.equal(rows!.n, 4)
})

test('the header counts the unread; opening one marks it read and goes to its page; others cannot touch it', async () => {
  const home = await c.melton.get('/')
  assert.match(
    home.body,
    /href="\/notifications">Notifications <strong[^>]*>1<span class="govuk-visually-hidden"> unread/,
  )
  const page = await c.melton.get('/notifications')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /1 unread notification/)
  const id = (await mine('melton')).notifications[0].id
  // Another user's notification: not found, and stays unread.
  for (const who of ['nwl', 'admin', 'lead'] as const)
    assert.equal((await c[who].post(`/api/notifications/${id}/read`, { json: {} })).statusCode, 404, who)
  assert.equal((await mine('melton')).unread, 1)
  const open = await submitForm(c.melton, page.body, new RegExp(`/notifications/${id}/read$`))
  assert.equal(open.statusCode, 303)
  assert.equal(open.headers.location, `/challenges/${mel}/report`)
  const after = await mine('melton')
  assert.equal(after.unread, 0)
  assert.ok(after.notifications[0].readAt)
  assert.doesNotMatch((await c.melton.get('/')).body, /govuk-visually-hidden"> unread/)

  // Mark all as read: the lead's only.
  const lead = await c.lead.get('/notifications')
  const all = await submitForm(c.lead, lead.body, /\/notifications\/read$/)
  assert.equal(all.statusCode, 303)
  assert.equal((await mine('lead')).unread, 0)
  assert.equal((await mine('pcm')).unread, 1)
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get('/api/notifications')).statusCode, 401)
})

test('approving the action plan tells the programme office to plan the progress review', async () => {
  const before = (await mine('admin')).total
  await env.db.query(`update challenges set stage = 'final' where id = $1`, [mel])
  await env.db.query(`update recommendations set locked_at = now() where challenge_id = $1`, [mel])
  const api = `/api/challenges/${mel}/action-plan`
  assert.equal((await c.melton.post(api, { json: {} })).statusCode, 201)
  const plan = (await c.melton.get(api)).json()
  for (const r of plan.view.recommendations) {
    const resp = await c.melton.request('PUT', `${api}/responses/${r.id}`, { json: { response: 'accepted' } })
    assert.equal(resp.statusCode, 200, resp.body)
    const act = await c.melton.post(`${api}/actions`, {
      json: {
        title: `Act on ${r.number}`,
        leadOfficer: 'Officer',
        targetDate: '2027-06-30',
        recommendationIds: [r.id],
      },
    })
    assert.equal(act.statusCode, 201, act.body)
  }
  const meeting = await c.melton.post(`${api}/meetings`, {
    json: { body: 'cabinet', meetingDate: '2026-11-20', decision: 'approved', approvesPlan: true },
  })
  assert.equal(meeting.statusCode, 201, meeting.body)
  const n = await mine('admin')
  assert.equal(n.total, before + 1)
  assert.equal(n.notifications[0].kind, 'plan-approved')
  assert.match(n.notifications[0].title, /Melton’s action plan was approved by Cabinet/)
  assert.equal((await mine('nwl')).total, 0)
})
