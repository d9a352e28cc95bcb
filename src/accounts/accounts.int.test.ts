import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, Client, demoEnv, submitForm, type TestEnv } from '../testing/harness.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/** Accounts run from the browser: invitations, roles, deactivation, password reset links (decision 0027). */

let env: TestEnv
let admin: Client
const NEW_PASSWORD = 'copper kettle meadow lantern'

before(async () => {
  env = await demoEnv({ loginRateLimit: 5, loginRateLimitPerAddress: 40 })
  admin = await as(env.app, 'admin')
})
after(async () => env.close())

/** The last email the outbox holds for an address, and the link in it. */
async function lastEmail(to: string) {
  const m = await env.db.one<{ kind: string; subject: string; body: string }>(
    `select kind, subject, body from outbox where lower(to_email) = lower($1) order by id desc limit 1`,
    [to],
  )
  assert.ok(m, `no email to ${to}`)
  const link = /https?:\/\/\S+\/(invitations|password-reset)\/[A-Za-z0-9_-]{43}/.exec(m.body)?.[0]
  return { ...m, path: link ? new URL(link).pathname : '' }
}
const auditCount = async (action: string, entityId: number) =>
  (await env.db.one<{ n: number }>(
    `select count(*)::int as n from audit_log where action = $1 and entity = 'user' and entity_id = $2`,
    [action, String(entityId)],
  ))!.n

test('the programme office invites an officer by email; the link sets a password once, signs them in and is then spent', async () => {
  const page = await admin.get('/users/invite')
  assert.equal(page.statusCode, 200)
  const bad = await submitForm(admin, page.body, /\/users\/invite$/, {
    email: 'not an email',
    name: '',
    role: 'council',
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Enter an email address in the correct format/)
  assert.match(bad.body, /Enter the name/)
  assert.match(bad.body, /Enter the council’s code/)
  const dup = await admin.post('/api/users/invite', {
    json: { email: 'OFFICER@melton.example.gov.uk', name: 'Dup', role: 'council', councilCode: 'MEL' },
  })
  assert.equal(dup.statusCode, 400)
  assert.match(dup.body, /already exists/)

  const res = await submitForm(admin, page.body, /\/users\/invite$/, {
    email: 'new.officer@melton.example.gov.uk',
    name: 'Nia Newcomer',
    role: 'council',
    councilCode: 'mel',
  })
  assert.equal(res.statusCode, 303, res.body)
  const id = Number(/\/users\/(\d+)/.exec(res.headers.location as string)![1])
  const shown = await admin.get(`/users/${id}`)
  assert.match(shown.body, /Invitation sent to new.officer@melton.example.gov.uk/)
  assert.match(shown.body, /Invited/)
  assert.match(shown.body, /Melton/)
  assert.equal(await auditCount('user.invited', id), 1)

  const mail = await lastEmail('new.officer@melton.example.gov.uk')
  assert.equal(mail.kind, 'invitation')
  assert.match(mail.body, /within 7 days/)
  // An invited account cannot sign in before it has a password.
  const nobody = new Client(env.app)
  await nobody.token()
  assert.equal(
    (await nobody.post('/api/login', { json: { email: 'new.officer@melton.example.gov.uk', password: '' } }))
      .statusCode,
    400,
  )

  const invitee = new Client(env.app)
  const form = await invitee.get(mail.path)
  assert.equal(form.statusCode, 200)
  assert.match(form.body, /Welcome, Nia Newcomer/)
  const weak = await submitForm(invitee, form.body, /invitations/, {
    newPassword: 'password1234',
    confirmPassword: 'password1234',
  })
  assert.equal(weak.statusCode, 400)
  assert.match(weak.body, /harder to guess|common/)
  const mismatch = await submitForm(invitee, form.body, /invitations/, {
    newPassword: NEW_PASSWORD,
    confirmPassword: 'something else entirely',
  })
  assert.match(mismatch.body, /The passwords do not match/)
  const okRes = await submitForm(invitee, form.body, /invitations/, {
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  })
  assert.equal(okRes.statusCode, 303)
  await invitee.token()
  const me = (await invitee.get('/api/session')).json()
  assert.equal(me.user.email, 'new.officer@melton.example.gov.uk')
  assert.equal(me.user.role, 'council')
  assert.equal(await auditCount('user.invitation-accepted', id), 1)
  // Spent: the same link is refused, and says why without saying whose it was.
  const again = await new Client(env.app).get(mail.path)
  assert.equal(again.statusCode, 404)
  assert.match(again.body, /expired or has already been used/)
  assert.doesNotMatch(again.body, /Nia/)
  // The list shows the account active with its sign-in time.
  const list = (await admin.get('/api/users?q=newcomer')).json()
  assert.equal(list.total, 1)
  assert.equal(list.users[0].status, 'active')
  assert.ok(list.users[0].lastSignInAt)
})

test('an invitation link expires after 7 days, and a new one replaces the old', async () => {
  const r = await admin.post('/api/users/invite', {
    json: { email: 'late@example.gov.uk', name: 'Lee Late', role: 'admin' },
  })
  assert.equal(r.statusCode, 201, r.body)
  const id = r.json().id
  const first = await lastEmail('late@example.gov.uk')
  await admin.post(`/api/users/${id}/invitation`, { json: {} })
  const second = await lastEmail('late@example.gov.uk')
  assert.notEqual(first.path, second.path)
  assert.equal((await new Client(env.app).get(first.path)).statusCode, 404)
  assert.equal((await new Client(env.app).get(second.path)).statusCode, 200)
  await env.db.query(`update account_tokens set expires_at = created_at where user_id = $1`, [id])
  assert.equal((await new Client(env.app).get(second.path)).statusCode, 404)
  // A made-up token is not found either.
  assert.equal((await new Client(env.app).get(`/invitations/${'x'.repeat(43)}`)).statusCode, 404)
  assert.equal((await new Client(env.app).get('/invitations/short')).statusCode, 404)
})

test('deactivating an account ends its sessions at once; reactivating lets it sign in again; both audited', async () => {
  const nwl = await as(env.app, 'nwl')
  const id = (await nwl.get('/api/session')).json().user.id
  const res = await admin.post(`/api/users/${id}/deactivate`, { json: {} })
  assert.equal(res.statusCode, 200, res.body)
  assert.ok(res.json().sessionsEnded >= 1)
  assert.equal((await nwl.get('/api/session')).json().user, null)
  assert.equal((await nwl.get('/councils/NWL/committees')).statusCode, 303)
  await assert.rejects(new Client(env.app).login('officer@nwleics.example.gov.uk'), /401/)
  assert.equal((await admin.get('/api/users?status=deactivated')).json().users[0].id, id)
  assert.equal((await admin.post(`/api/users/${id}/reactivate`, { json: {} })).statusCode, 200)
  await new Client(env.app).login('officer@nwleics.example.gov.uk')
  assert.equal(await auditCount('user.deactivated', id), 1)
  assert.equal(await auditCount('user.reactivated', id), 1)
  // Nobody deactivates or re-roles themselves.
  const me = (await admin.get('/api/session')).json().user.id
  assert.equal((await admin.post(`/api/users/${me}/deactivate`, { json: {} })).statusCode, 409)
  assert.equal((await admin.request('PUT', `/api/users/${me}`, { json: { name: 'Me', role: 'peer' } })).statusCode, 409)
})

test('the programme office changes a role: an officer becomes a peer linked to a pool profile', async () => {
  const r = await admin.post('/api/users/invite', {
    json: { email: 'mover@example.gov.uk', name: 'Mo Mover', role: 'council', councilCode: 'MEL' },
  })
  const id = r.json().id
  const person = (await env.db.one<{ id: number }>(
    `select p.id from people p where p.in_pool and not exists (select 1 from users u where u.person_id = p.id) order by id limit 1`,
  ))!.id
  const noPerson = await admin.request('PUT', `/api/users/${id}`, { json: { name: 'Mo Mover', role: 'peer' } })
  assert.equal(noPerson.statusCode, 400)
  assert.match(noPerson.body, /peer’s profile/)
  const ok = await admin.request('PUT', `/api/users/${id}`, {
    json: { name: 'Mo Mover', role: 'peer', personId: person },
  })
  assert.equal(ok.statusCode, 200, ok.body)
  const u = (await admin.get(`/api/users/${id}`)).json().user
  assert.equal(u.role, 'peer')
  assert.equal(u.personId, person)
  assert.equal(u.councilId, null)
  const entry = await env.db.one<{ before: { role: string }; after: { role: string } }>(
    `select before, after from audit_log where action = 'user.updated' and entity_id = $1`,
    [String(id)],
  )
  assert.deepEqual([entry!.before.role, entry!.after.role], ['council', 'peer'])
})

test('a council’s officers invite colleagues of their own council only when the programme office allows it', async () => {
  const melton = await as(env.app, 'melton')
  const body = { email: 'colleague@melton.example.gov.uk', name: 'Col League', role: 'council', councilCode: 'MEL' }
  assert.equal((await melton.post('/api/users/invite', { json: body })).statusCode, 403)
  assert.equal((await melton.get('/api/users')).statusCode, 403)
  const allow = await admin.post('/api/users/councils', { json: { councilCode: 'MEL', allowed: 'yes' } })
  assert.equal(allow.statusCode, 200, allow.body)
  assert.match((await admin.get('/users/councils')).body, /Melton/)
  // Another council, or another role: refused, nothing created.
  const before = (await env.db.one<{ n: number }>(`select count(*)::int as n from users`))!.n
  assert.equal((await melton.post('/api/users/invite', { json: { ...body, councilCode: 'NWL' } })).statusCode, 403)
  assert.equal((await melton.post('/api/users/invite', { json: { ...body, role: 'admin' } })).statusCode, 403)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from users`))!.n, before)
  const ok = await melton.post('/api/users/invite', { json: body })
  assert.equal(ok.statusCode, 201, ok.body)
  // Its list holds its own council's officers alone, and no management.
  const list = (await melton.get('/api/users')).json()
  assert.ok(list.users.length >= 2)
  assert.ok(
    list.users.every((u: { role: string; councilCode: string }) => u.role === 'council' && u.councilCode === 'MEL'),
  )
  assert.deepEqual(list.can, { invite: true, manage: false })
  assert.equal((await melton.post(`/api/users/${ok.json().id}/deactivate`, { json: {} })).statusCode, 403)
  // The invitation form offers the officer's own council and nothing else.
  const form = await melton.get('/users/invite')
  assert.match(form.body, /council officer of Melton/)
  await admin.post('/api/users/councils', { json: { councilCode: 'MEL', allowed: 'no' } })
  assert.equal(
    (await melton.post('/api/users/invite', { json: { ...body, email: 'x@melton.example.gov.uk' } })).statusCode,
    403,
  )
})

test('password reset: the same answer for any address, a single-use link valid for an hour, every session ended', async () => {
  const lead = await as(env.app, 'lead')
  const anon = new Client(env.app, '10.0.0.7')
  await anon.token()
  const known = await anon.post('/password-reset', { form: { email: 'lead.peer@example.gov.uk' } })
  const unknown = await anon.post('/password-reset', { form: { email: 'nobody@example.gov.uk' } })
  assert.equal(known.statusCode, 303)
  assert.equal(unknown.statusCode, 303)
  assert.equal(known.headers.location, unknown.headers.location)
  assert.equal(known.headers.location, '/password-reset')
  const a = (await anon.get('/password-reset')).body
  assert.match(a, /If nobody@example.gov.uk has an account/)
  const apiKnown = await anon.post('/api/password-reset', { json: { email: 'pcm@example.gov.uk' } })
  const apiUnknown = await anon.post('/api/password-reset', { json: { email: 'nobody2@example.gov.uk' } })
  assert.deepEqual([apiKnown.statusCode, apiUnknown.statusCode], [200, 200])
  assert.equal(
    (await env.db.one<{ n: number }>(`select count(*)::int as n from outbox where to_email like 'nobody%'`))!.n,
    0,
  )
  const mail = await lastEmail('lead.peer@example.gov.uk')
  assert.equal(mail.kind, 'password-reset')
  // The programme office sees the email went, not the link in it.
  const outbox = (await admin.get('/api/outbox')).json()
  const seen = outbox.messages.find((m: { kind: string; toEmail: string }) => m.kind === 'password-reset')
  assert.ok(seen)
  assert.doesNotMatch(JSON.stringify(outbox), /password-reset\/[A-Za-z0-9_-]{43}/)

  const page = await anon.get(mail.path)
  assert.equal(page.statusCode, 200)
  const done = await submitForm(anon, page.body, /password-reset\//, {
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  })
  assert.equal(done.statusCode, 303)
  assert.equal(done.headers.location, '/login')
  // Signed out everywhere; the old password no longer works, the new one does; the link is spent.
  assert.equal((await lead.get('/api/session')).json().user, null)
  await assert.rejects(new Client(env.app).login('lead.peer@example.gov.uk', DEMO_PASSWORD), /401/)
  await new Client(env.app).login('lead.peer@example.gov.uk', NEW_PASSWORD)
  assert.equal((await anon.get(mail.path)).statusCode, 404)
  const id = (await env.db.one<{ id: number }>(`select id from users where email = 'lead.peer@example.gov.uk'`))!.id
  assert.equal(await auditCount('user.password-reset', id), 1)
  // A link older than an hour is refused.
  await anon.post('/api/password-reset', { json: { email: 'lead.peer@example.gov.uk' } })
  const late = await lastEmail('lead.peer@example.gov.uk')
  await env.db.query(
    `update account_tokens set expires_at = created_at where user_id = $1 and purpose = 'password-reset' and used_at is null`,
    [id],
  )
  assert.equal((await anon.get(late.path)).statusCode, 404)
})

test('password reset requests count against the sign-in limits (429 with Retry-After), whatever the address', async () => {
  const c = new Client(env.app, '10.0.0.99')
  await c.token()
  const codes: number[] = []
  for (let i = 0; i < 7; i++)
    codes.push((await c.post('/api/password-reset', { json: { email: 'someone@example.gov.uk' } })).statusCode)
  assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429])
  const r = await c.post('/api/password-reset', { json: { email: 'someone@example.gov.uk' } })
  assert.ok(Number(r.headers['retry-after']) > 0)
  assert.equal(
    (await env.db.one<{ n: number }>(
      `select count(*)::int as n from outbox where to_email = 'someone@example.gov.uk'`,
    ))!.n,
    0,
  )
})
