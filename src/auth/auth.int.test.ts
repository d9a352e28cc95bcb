import crypto from 'node:crypto'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, Client, demoEnv, type TestEnv } from '../testing/harness.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv({ loginRateLimit: 5 })
})
after(async () => env.close())

test('passwords are stored as argon2id hashes', async () => {
  const rows = await env.db.query<{ password_hash: string }>(`select password_hash from users`)
  assert.ok(rows.length >= 5)
  for (const r of rows) assert.match(r.password_hash, /^\$argon2id\$v=19\$/)
})

test('signing in through the form sets a hardened session cookie and lands on the page asked for', async () => {
  const c = new Client(env.app)
  const protectedPage = await c.get('/programme')
  assert.equal(protectedPage.statusCode, 303)
  assert.equal(protectedPage.headers.location, '/login')
  const form = await c.get('/login')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!
  const res = await c.request('POST', '/login', {
    form: { email: 'ADMIN@example.gov.uk', password: 'peer-challenge-demo', _csrf: csrf },
  })
  assert.equal(res.statusCode, 303)
  assert.equal(res.headers.location, '/programme')
  const cookie = String(res.headers['set-cookie'])
  assert.match(cookie, /pc_session=/)
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Lax/)
  assert.equal((await c.get('/programme')).statusCode, 200)
  await c.token()
  const out = await c.request('POST', '/logout', { form: {} })
  assert.equal(out.statusCode, 303)
  assert.equal((await c.get('/programme')).statusCode, 303)
})

test('a wrong password is refused with the same message as an unknown email', async () => {
  const c = new Client(env.app)
  await c.token()
  const wrong = await c.request('POST', '/login', { form: { email: 'lead.peer@example.gov.uk', password: 'nope' } })
  assert.equal(wrong.statusCode, 401)
  assert.match(wrong.body, /govuk-error-summary/)
  assert.match(wrong.body, /Enter a correct email address and password/)
  const unknown = await c.request('POST', '/login', { form: { email: 'nobody@example.gov.uk', password: 'nope' } })
  assert.equal(unknown.statusCode, 401)
  assert.match(unknown.body, /Enter a correct email address and password/)
  const empty = await c.request('POST', '/login', { form: { email: '', password: '' } })
  assert.equal(empty.statusCode, 400)
  assert.match(empty.body, /href="#email">Enter your email address/)
})

test('login attempts are rate limited per address and email', async () => {
  const c = new Client(env.app)
  await c.token()
  const codes: number[] = []
  for (let i = 0; i < 7; i++)
    codes.push(
      (await c.request('POST', '/api/login', { json: { email: 'pcm@example.gov.uk', password: `guess-${i}` } }))
        .statusCode,
    )
  assert.deepEqual(codes, [401, 401, 401, 401, 401, 429, 429])
  // The right password is refused too while the limit lasts.
  const locked = await c.request('POST', '/api/login', {
    json: { email: 'pcm@example.gov.uk', password: 'peer-challenge-demo' },
  })
  assert.equal(locked.statusCode, 429)
  assert.match(locked.json().message, /Too many attempts/)
})

test('every state-changing request needs the CSRF token', async () => {
  const admin = await as(env.app, 'admin')
  const before = (await env.db.one<{ n: number }>(`select count(*)::int as n from challenges`))!.n
  const form = await admin.request('POST', '/challenges', {
    form: { councilCode: 'CHA', reviewType: 'cpc' },
    csrf: false,
  })
  assert.equal(form.statusCode, 403)
  assert.match(form.body, /Your form has expired/)
  const api = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'CHA', reviewType: 'cpc' },
    csrf: false,
  })
  assert.equal(api.statusCode, 403)
  assert.equal(api.json().error, 'csrf')
  const forged = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'CHA', reviewType: 'cpc' },
    csrf: false,
    headers: { 'x-csrf-token': 'forged' },
  })
  assert.equal(forged.statusCode, 403)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from challenges`))!.n, before)
})

test('security headers: CSP allowing only the page’s own inline script (by its hash), no framing, no sniffing', async () => {
  const res = await new Client(env.app).get('/')
  const csp = String(res.headers['content-security-policy'])
  assert.match(csp, /default-src 'self'/)
  assert.match(csp, /frame-ancestors 'none'/)
  assert.doesNotMatch(csp, /unsafe-inline/)
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? ''
  const inline = [...res.body.matchAll(/<script\b[^>]*>([^<]+)<\/script>/g)].map((m) => m[1]!)
  assert.equal(inline.length, 1, 'the GOV.UK template’s js-enabled script')
  for (const text of inline)
    assert.ok(
      scriptSrc.includes(`'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`),
      `the inline script's hash is allowed: ${csp}`,
    )
  assert.equal(res.headers['x-content-type-options'], 'nosniff')
  assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
  assert.equal(res.headers['referrer-policy'], 'same-origin')
})

test('a disabled account is signed out on its next request', async () => {
  const nwl = await as(env.app, 'nwl')
  assert.equal((await nwl.get('/api/session')).json().user.email, 'officer@nwleics.example.gov.uk')
  await env.db.query(`update users set disabled = true where email = 'officer@nwleics.example.gov.uk'`)
  assert.equal((await nwl.get('/api/session')).json().user, null)
  const c = new Client(env.app)
  await c.token()
  assert.equal(
    (
      await c.request('POST', '/api/login', {
        json: { email: 'officer@nwleics.example.gov.uk', password: 'peer-challenge-demo' },
      })
    ).statusCode,
    401,
  )
})

test('sessions are kept in the database, so they survive a restart', async () => {
  const admin = await as(env.app, 'admin')
  const n = (await env.db.one<{ n: number }>(
    `select count(*)::int as n from sessions where data->>'userId' is not null`,
  ))!.n
  assert.ok(n >= 1)
  assert.equal((await admin.get('/api/programme')).statusCode, 200)
})
