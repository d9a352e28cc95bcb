import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, Client, demoEnv, submitForm, TODAY, type TestEnv } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'
import { codeAt } from './two-factor-rules.ts'

/** Two-factor sign-in for programme-office accounts, through HTTP (decision 0032). */

let env: TestEnv
const clock = manualClock(`${TODAY}T12:00:00Z`)
const EMAIL = 'admin@example.gov.uk'
let adminId: number
let secret = ''

before(async () => {
  env = await demoEnv({ clock })
  adminId = (await env.db.one<{ id: number }>(`select id from users where email = $1`, [EMAIL]))!.id
})
after(async () => env.close())

const audits = async (action: string) =>
  (await env.db.one<{ n: number }>(
    `select count(*)::int as n from audit_log where action = $1 and entity = 'user' and entity_id = $2`,
    [action, String(adminId)],
  ))!.n
const state = async () =>
  (await env.db.one<{ secret: string | null; on: boolean; codes: number }>(
    `select totp_secret as secret, totp_enabled_at is not null as on,
       (select count(*)::int from recovery_codes r where r.user_id = u.id and r.used_at is null) as codes
     from users u where id = $1`,
    [adminId],
  ))!
/** The next 30-second step's code, as the phone would show it then. */
const nextCode = () => {
  clock.advance(30_000)
  return codeAt(secret, clock.now())
}
/** Signs in with the password: the browser is sent to the code page. */
async function password(c: Client) {
  await c.token()
  const res = await c.post('/login', { form: { email: EMAIL, password: DEMO_PASSWORD } })
  assert.equal(res.statusCode, 303, res.body)
  return res
}
const signedInAs = async (c: Client) => (await c.get('/api/session')).json().user?.email ?? null

let recovery: string[] = []

test('only the programme office can set up two-factor sign-in', async () => {
  for (const who of ['lead', 'melton'] as const) {
    const c = await as(env.app, who)
    assert.equal((await c.get('/account/two-factor')).statusCode, 403)
    assert.equal((await c.post('/api/account/two-factor/start', { json: {} })).statusCode, 403)
  }
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get('/api/account/two-factor')).statusCode, 401)
})

test('set-up: a secret to type or open in the app, confirmed with a code; recovery codes shown once; audited', async () => {
  const admin = await as(env.app, 'admin')
  const off = await admin.get('/account/two-factor')
  assert.equal(off.statusCode, 200)
  assert.match(off.body, /Set up two-factor sign-in/)
  const started = await submitForm(admin, off.body, /\/account\/two-factor\/start$/)
  assert.equal(started.statusCode, 303)
  const page = await admin.get('/account/two-factor')
  assert.match(page.body, /Enter the code the app shows/)
  const json = (await admin.get('/api/account/two-factor')).json()
  assert.equal(json.enabled, false)
  assert.match(json.pending.uri, /^otpauth:\/\/totp\/Peer%20Challenge:admin%40example\.gov\.uk\?/)
  secret = json.pending.secret.replace(/ /g, '')
  assert.ok(page.body.includes(json.pending.secret), 'the key is on the page')
  assert.match(json.pending.uri, new RegExp(`secret=${secret}`))
  assert.equal(await audits('user.two-factor-setup-started'), 1)

  // A wrong code, nothing typed, a code from another secret: refused, nothing changes.
  for (const code of ['', '000000', 'abcdefgh'.repeat(10)]) {
    const bad = await submitForm(admin, page.body, /\/account\/two-factor\/confirm$/, { code })
    assert.equal(bad.statusCode, 400, code)
    assert.match(bad.body, /There is a problem/)
    assert.match(bad.body, code ? /The code is not right|Enter the 6-digit code/ : /Enter the code/)
  }
  assert.equal((await state()).on, false)
  assert.equal(await audits('user.two-factor-enabled'), 0)

  const ok = await submitForm(admin, page.body, /\/account\/two-factor\/confirm$/, {
    code: codeAt(secret, clock.now()),
  })
  assert.equal(ok.statusCode, 303, ok.body)
  const shown = await admin.get('/account/two-factor')
  assert.match(shown.body, /Two-factor sign-in is on/)
  recovery = [...shown.body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!)
  assert.equal(recovery.length, 10)
  assert.equal(new Set(recovery).size, 10)
  // Shown once; stored only as hashes.
  const again = await admin.get('/account/two-factor')
  assert.doesNotMatch(again.body, /Your recovery codes/)
  assert.match(again.body, /10 of 10/)
  const stored = await env.db.query<{ code_hash: string }>(`select code_hash from recovery_codes where user_id = $1`, [
    adminId,
  ])
  assert.equal(stored.length, 10)
  for (const r of recovery) assert.ok(!stored.some((s) => s.code_hash.includes(r) || s.code_hash === r))
  assert.equal((await state()).on, true)
  assert.equal(await audits('user.two-factor-enabled'), 1)
  // The account list shows it.
  assert.equal((await admin.get(`/api/users/${adminId}`)).json().user.totp, true)
})

test('signing in asks for the code after the password; the code is used once; wrong codes are limited per account', async () => {
  const c = new Client(env.app)
  const res = await password(c)
  assert.equal(res.headers.location, '/login/two-factor')
  assert.equal(await signedInAs(c), null, 'not signed in before the code')
  assert.equal((await c.get('/users')).statusCode, 303)
  const form = await c.get('/login/two-factor')
  assert.equal(form.statusCode, 200)
  assert.match(form.body, /Enter the code from your app/)

  // Nobody without a right password reaches the code page.
  const stranger = new Client(env.app)
  await stranger.token()
  assert.equal((await stranger.get('/login/two-factor')).headers.location, '/login')
  assert.equal((await stranger.post('/api/login/two-factor', { json: { code: '123456' } })).statusCode, 401)

  // The code used to confirm set-up (same 30 seconds) is not accepted again: no replay.
  const replay = await submitForm(c, form.body, /\/login\/two-factor$/, { code: codeAt(secret, clock.now()) })
  assert.equal(replay.statusCode, 400)
  assert.match(replay.body, /The code is not right/)
  const good = await submitForm(c, form.body, /\/login\/two-factor$/, { code: nextCode() })
  assert.equal(good.statusCode, 303, good.body)
  assert.equal(good.headers.location, '/users', 'on to the page asked for before signing in')
  assert.equal(await signedInAs(c), EMAIL)

  // The API: the password answers twoFactorRequired, the code signs in.
  const api = new Client(env.app)
  await api.token()
  const first = await api.post('/api/login', { json: { email: EMAIL, password: DEMO_PASSWORD } })
  assert.equal(first.statusCode, 200)
  assert.deepEqual(first.json(), { user: null, twoFactorRequired: true })
  await api.token()
  const code = nextCode()
  const second = await api.post('/api/login/two-factor', { json: { code } })
  assert.equal(second.statusCode, 200, second.body)
  assert.equal(second.json().user.email, EMAIL)
  // The same code again, from another browser: refused.
  const other = new Client(env.app)
  await password(other)
  await other.token()
  assert.equal((await other.post('/api/login/two-factor', { json: { code } })).statusCode, 400)

  // Wrong codes: five are allowed in 15 minutes for the account (whatever the address), then 429, even for a right
  // code, until the window passes.
  const attacker = new Client(env.app, '203.0.113.9')
  await password(attacker)
  await attacker.token()
  // the one wrong code of `other` counts too
  for (let i = 0; i < 4; i++)
    assert.equal((await attacker.post('/api/login/two-factor', { json: { code: '000000' } })).statusCode, 400)
  const limited = await attacker.post('/api/login/two-factor', { json: { code: nextCode() } })
  assert.equal(limited.statusCode, 429)
  assert.ok(Number(limited.headers['retry-after']) > 0)
  const page = await attacker.post('/login/two-factor', { form: { code: '000000' } })
  assert.equal(page.statusCode, 429)
  assert.match(page.body, /Too many wrong codes/)
  assert.equal(await signedInAs(attacker), null)
  const rows = await env.db.one<{ n: number }>(
    `select count(*)::int as n from two_factor_attempts where user_id = $1`,
    [adminId],
  )
  assert.equal(rows!.n, 5)
  clock.advance(15 * 60_000)
  // the half-signed-in state has expired meanwhile (5 minutes): back to the password
  assert.equal((await attacker.get('/login/two-factor')).headers.location, '/login')
  await password(attacker)
  await attacker.token()
  const after = await attacker.post('/api/login/two-factor', { json: { code: nextCode() } })
  assert.equal(after.statusCode, 200, after.body)
})

test('a recovery code signs in once; new codes need a current code; turning off needs a code; all audited', async () => {
  const c = new Client(env.app)
  await password(c)
  await c.token()
  const used = recovery[0]!
  // typed in capitals without the dash
  const res = await c.post('/api/login/two-factor', { json: { code: used.toUpperCase().replace('-', '') } })
  assert.equal(res.statusCode, 200, res.body)
  assert.equal(await audits('user.recovery-code-used'), 1)
  assert.equal((await state()).codes, 9)
  const c2 = new Client(env.app)
  await password(c2)
  await c2.token()
  assert.equal((await c2.post('/api/login/two-factor', { json: { code: used } })).statusCode, 400)

  await c.token()
  assert.equal((await c.post('/api/account/two-factor/recovery-codes', { json: { code: '111111' } })).statusCode, 400)
  const fresh = await c.post('/api/account/two-factor/recovery-codes', { json: { code: nextCode() } })
  assert.equal(fresh.statusCode, 200, fresh.body)
  assert.equal(fresh.json().recoveryCodes.length, 10)
  assert.equal((await state()).codes, 10)
  assert.equal(await audits('user.recovery-codes-replaced'), 1)
  // the old ones stop working
  await c2.token()
  assert.equal((await c2.post('/api/login/two-factor', { json: { code: recovery[1] } })).statusCode, 400)

  assert.equal((await c.post('/api/account/two-factor/disable', { json: { code: '' } })).statusCode, 400)
  assert.equal((await state()).on, true)
  const offRes = await c.post('/api/account/two-factor/disable', { json: { code: nextCode() } })
  assert.equal(offRes.statusCode, 200, offRes.body)
  assert.deepEqual(await state(), { secret: null, on: false, codes: 0 })
  assert.equal(await audits('user.two-factor-disabled'), 1)
  // the password alone signs in again
  const plain = new Client(env.app)
  await plain.token()
  const r = await plain.post('/api/login', { json: { email: EMAIL, password: DEMO_PASSWORD } })
  assert.equal(r.json().twoFactorRequired, false)
  assert.equal(await signedInAs(plain), EMAIL)
})

test('another member of the programme office turns off a lost two-factor; the account is signed out', async () => {
  // the admin turns it on again
  const admin = await as(env.app, 'admin')
  assert.equal((await admin.post('/api/account/two-factor/start', { json: {} })).statusCode, 200)
  secret = (await admin.get('/api/account/two-factor')).json().pending.secret.replace(/ /g, '')
  assert.equal((await admin.post('/api/account/two-factor/confirm', { json: { code: nextCode() } })).statusCode, 200)
  // a second programme office account (made directly: invitations are tested elsewhere)
  await env.db.query(
    `insert into users (email, name, password_hash, role, created_at) select 'second.admin@example.gov.uk', 'Second Admin', password_hash, 'admin', now() from users where id = $1`,
    [adminId],
  )
  const second = new Client(env.app)
  await second.login('second.admin@example.gov.uk')
  // it cannot reset its own (nothing to reset) and a peer cannot reset anyone's
  const lead = await as(env.app, 'lead')
  assert.equal((await lead.post(`/api/users/${adminId}/two-factor-reset`, { json: {} })).statusCode, 403)
  assert.equal((await state()).on, true)
  const page = await second.get(`/users/${adminId}`)
  assert.match(page.body, /Turn off two-factor sign-in/)
  const res = await submitForm(second, page.body, /two-factor-reset$/)
  assert.equal(res.statusCode, 303)
  assert.equal((await state()).on, false)
  assert.equal(await audits('user.two-factor-reset'), 1)
  assert.equal(await signedInAs(admin), null, 'the account was signed out')
})
