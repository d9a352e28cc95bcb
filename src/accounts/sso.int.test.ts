import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import Provider from 'oidc-provider'
import { parse as parseHtml } from 'node-html-parser'
import { Client, demoEnv, type TestEnv } from '../testing/harness.ts'
import type { SsoRules } from './sso-rules.ts'

/**
 * Single sign-on end to end against a real OpenID Connect provider (the `oidc-provider` package, started here on
 * 127.0.0.1:4116 with its own sign-in pages): the browser's journey is followed request by request, through the
 * provider's sign-in and consent forms, back to the app, which exchanges the code over HTTP and signs the user in.
 */

const ISSUER = 'http://127.0.0.1:4116'
const APP = 'http://127.0.0.1:4106'
const PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  'melton-officer': { email: 'officer@melton.example.gov.uk', email_verified: true, name: 'Melton Officer' },
  'new-lga': { email: 'nadia.new@lga.example.gov.uk', email_verified: true, name: 'Nadia New' },
  'new-melton': { email: 'fresh@melton.example.gov.uk', email_verified: true, name: 'Fred Fresh' },
  unverified: { email: 'admin@example.gov.uk', email_verified: false, name: 'Not Verified' },
  stranger: { email: 'someone@elsewhere.example.com', email_verified: true, name: 'Sam Stranger' },
}
const RULES: SsoRules = {
  schemaVersion: 1,
  source: 'test',
  rules: [
    { domain: 'lga.example.gov.uk', role: 'admin' },
    { domain: 'melton.example.gov.uk', role: 'council', council: 'MEL' },
  ],
}

let env: TestEnv
let server: Server

before(async () => {
  const provider = new Provider(ISSUER, {
    clients: [
      {
        client_id: 'peer-challenge',
        client_secret: 'a-test-secret-for-the-test-provider',
        redirect_uris: [`${APP}/login/sso/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => (PEOPLE[id] ? { accountId: id, claims: () => ({ sub: id, ...PEOPLE[id] }) } : undefined),
    features: { devInteractions: { enabled: true } },
  })
  server = provider.listen(4116, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  env = await demoEnv({
    app: {
      baseUrl: APP,
      sso: {
        issuer: ISSUER,
        clientId: 'peer-challenge',
        clientSecret: 'a-test-secret-for-the-test-provider',
        rules: RULES,
        name: 'the test provider',
      },
    },
  })
})
after(async () => {
  await env?.close()
  server?.closeAllConnections()
  await new Promise((r) => server?.close(r))
})

/** A browser at the provider: its own cookies, following redirects by hand until one leads back to the app. */
async function throughProvider(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>()
  let url = start
  let method = 'GET'
  let body: string | undefined
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(APP)) return url
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      jar.set(pair!.slice(0, i), pair!.slice(i + 1))
    }
    const location = res.headers.get('location')
    if (location) {
      url = new URL(location, url).href
      method = 'GET'
      body = undefined
      continue
    }
    // A page with a form: the provider's sign-in (any password) or its consent.
    const html = await res.text()
    assert.equal(res.status, 200, html.slice(0, 500))
    const form = parseHtml(html).querySelector('form')
    assert.ok(form, `no form at ${url}: ${html.slice(0, 300)}`)
    const fields = new URLSearchParams()
    for (const input of form.querySelectorAll('input')) {
      const name = input.getAttribute('name')
      if (!name) continue
      fields.set(
        name,
        name === 'login' ? login : name === 'password' ? 'any password' : (input.getAttribute('value') ?? ''),
      )
    }
    url = new URL(form.getAttribute('action')!, url).href
    method = 'POST'
    body = fields.toString()
  }
  throw new Error('too many redirects')
}

/** Signs in through the provider as `login`; the app's answer to the callback. */
async function ssoSignIn(login: string) {
  const browser = new Client(env.app)
  await browser.token()
  const start = await browser.get('/login/sso')
  assert.equal(start.statusCode, 303)
  const to = String(start.headers.location)
  assert.ok(to.startsWith(`${ISSUER}/auth?`), to)
  const auth = new URL(to)
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256')
  assert.ok(auth.searchParams.get('state') && auth.searchParams.get('nonce'))
  const back = new URL(await throughProvider(to, login))
  assert.equal(back.pathname, '/login/sso/callback')
  const res = await browser.get(back.pathname + back.search)
  await browser.token()
  return { browser, res, me: (await browser.get('/api/session')).json().user }
}

test('the sign-in page offers single sign-on', async () => {
  const page = await new Client(env.app).get('/login')
  assert.match(page.body, /href="\/login\/sso">Sign in with the test provider/)
})

test('an existing account is matched by its verified email, linked, and signed in', async () => {
  const { res, me } = await ssoSignIn('melton-officer')
  assert.equal(res.statusCode, 303, res.body)
  assert.equal(res.headers.location, '/')
  assert.equal(me.email, 'officer@melton.example.gov.uk')
  assert.equal(me.role, 'council')
  const row = await env.db.one<{ sso: string; last: Date | null }>(
    `select sso_subject as sso, last_sign_in_at as last from users where email = 'officer@melton.example.gov.uk'`,
  )
  assert.equal(row!.sso, `${ISSUER}|melton-officer`)
  assert.ok(row!.last)
  assert.equal(
    (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log where action = 'user.sso-linked'`))!.n,
    1,
  )
  // The second time, the link is used (nothing new is recorded).
  const again = await ssoSignIn('melton-officer')
  assert.equal(again.me.email, 'officer@melton.example.gov.uk')
  assert.equal(
    (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log where action = 'user.sso-linked'`))!.n,
    1,
  )
})

test('a new address gets the account its domain rule gives: programme office, or a council’s officer', async () => {
  const lga = await ssoSignIn('new-lga')
  assert.equal(lga.res.statusCode, 303)
  assert.deepEqual([lga.me.email, lga.me.role, lga.me.name], ['nadia.new@lga.example.gov.uk', 'admin', 'Nadia New'])
  const mel = await ssoSignIn('new-melton')
  const melton = await env.db.one<{ id: number }>(`select id from councils where code = 'MEL'`)
  assert.deepEqual([mel.me.role, mel.me.councilId], ['council', melton!.id])
  const created = await env.db.query<{ after: { via: string } }>(
    `select after from audit_log where action = 'user.created' and after->>'via' = 'single sign-on'`,
  )
  assert.equal(created.length, 2)
})

test('an unverified email, an address no rule allows and a deactivated account are refused, and nobody is signed in', async () => {
  const before = (await env.db.one<{ n: number }>(`select count(*)::int as n from users`))!.n
  for (const login of ['unverified', 'stranger']) {
    const { res, me } = await ssoSignIn(login)
    assert.equal(res.statusCode, 403, login)
    assert.equal(me, null, login)
  }
  assert.match((await ssoSignIn('stranger')).res.body, /Ask the programme office for an invitation/)
  await env.db.query(`update users set disabled = true where email = 'nadia.new@lga.example.gov.uk'`)
  const off = await ssoSignIn('new-lga')
  assert.equal(off.res.statusCode, 403)
  assert.match(off.res.body, /deactivated/)
  assert.equal(off.me, null)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from users`))!.n, before)
})

test('a callback without a sign-in in progress, or with a forged state, signs nobody in', async () => {
  const c = new Client(env.app)
  await c.token()
  assert.equal((await c.get('/login/sso/callback?code=abc&state=xyz')).statusCode, 409)
  const start = await c.get('/login/sso')
  assert.equal(start.statusCode, 303)
  const forged = await c.get(`/login/sso/callback?code=abc&state=forged&iss=${encodeURIComponent(ISSUER)}`)
  assert.equal(forged.statusCode, 403)
  await c.token()
  assert.equal((await c.get('/api/session')).json().user, null)
})
