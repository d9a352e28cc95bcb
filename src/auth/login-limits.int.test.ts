import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { ACCOUNTS, Client, demoEnv, TEST_SESSION_SECRET, TODAY, type TestEnv } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { buildApp } from '../web/app.ts'
import { ConfigError, loadConfig } from '../config/config.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/**
 * Issue 13, defect 9: sign-in limits. Only failures count; the form and the API share one counter; it is kept in the
 * database (several instances count as one); per address and email, and per address across all emails.
 * Limits here: 3 failures per address and email, 6 per address, in 15 minutes. Each test signs in from its own
 * address, so the counters of one test do not reach another.
 */
const PER_ACCOUNT = 3
const PER_ADDRESS = 6
const WINDOW_MS = 15 * 60_000
const clock = manualClock(`${TODAY}T12:00:00Z`)
let env: TestEnv
let second: FastifyInstance

before(async () => {
  env = await demoEnv({ loginRateLimit: PER_ACCOUNT, loginRateLimitPerAddress: PER_ADDRESS, clock })
  // A second app instance on the same database, as behind a load balancer.
  second = await buildApp({
    db: env.db,
    clock,
    sessionSecret: TEST_SESSION_SECRET,
    loginRateLimit: PER_ACCOUNT,
    loginRateLimitPerAddress: PER_ADDRESS,
  })
  await second.ready()
})
after(async () => {
  await second.close()
  await env.close()
})

async function client(address: string, app: FastifyInstance = env.app) {
  const c = new Client(app, address)
  await c.token()
  return c
}
const apiLogin = (c: Client, email: string, password: string) =>
  c.request('POST', '/api/login', { json: { email, password } })
const formLogin = (c: Client, email: string, password: string) =>
  c.request('POST', '/login', { form: { email, password } })

test('only failed sign-ins count: a user who signs in again and again is never refused', async () => {
  const c = await client('192.0.2.1')
  const codes: number[] = []
  for (let i = 0; i < PER_ACCOUNT * 4; i++) {
    codes.push((await apiLogin(c, ACCOUNTS.pcm, DEMO_PASSWORD)).statusCode)
    await c.token()
  }
  assert.deepEqual(codes, Array(PER_ACCOUNT * 4).fill(200))
  const form = await formLogin(c, ACCOUNTS.pcm, DEMO_PASSWORD)
  assert.equal(form.statusCode, 303)
})

test('the form and the API share one counter; a 429 says how long to wait, with Retry-After', async () => {
  const c = await client('192.0.2.2')
  assert.equal((await formLogin(c, ACCOUNTS.lead, 'guess-1')).statusCode, 401)
  assert.equal((await apiLogin(c, ACCOUNTS.lead, 'guess-2')).statusCode, 401)
  assert.equal((await formLogin(c, ACCOUNTS.lead.toUpperCase(), 'guess-3')).statusCode, 401)

  const page = await formLogin(c, ACCOUNTS.lead, DEMO_PASSWORD)
  assert.equal(page.statusCode, 429)
  assert.match(String(page.headers['content-type']), /text\/html/)
  assert.match(page.body, /govuk-error-summary/)
  assert.match(page.body, /Too many attempts to sign in\. Wait 15 minutes and try again\./)
  assert.match(page.body, new RegExp(`value="${ACCOUNTS.lead.replace(/\./g, '\\.')}"`), 'the email is kept')
  assert.equal(Number(page.headers['retry-after']), 900)

  const api = await apiLogin(c, ACCOUNTS.lead, DEMO_PASSWORD)
  assert.equal(api.statusCode, 429)
  assert.deepEqual(api.json(), {
    error: 'rate-limited',
    message: 'Too many attempts to sign in. Wait 15 minutes and try again.',
  })
  assert.equal(Number(api.headers['retry-after']), 900)

  // Ten minutes on, five to wait; once the window has passed, the right password works.
  clock.advance(10 * 60_000)
  const later = await apiLogin(c, ACCOUNTS.lead, DEMO_PASSWORD)
  assert.equal(later.statusCode, 429)
  assert.equal(Number(later.headers['retry-after']), 300)
  assert.match(later.json().message, /Wait 5 minutes/)
  clock.advance(5 * 60_000 + 1000)
  assert.equal((await apiLogin(c, ACCOUNTS.lead, DEMO_PASSWORD)).statusCode, 200)
})

test('a successful sign-in clears the failures for that address and email', async () => {
  const c = await client('192.0.2.3')
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < PER_ACCOUNT - 1; i++)
      assert.equal((await apiLogin(c, ACCOUNTS.melton, `wrong-${round}-${i}`)).statusCode, 401)
    assert.equal((await apiLogin(c, ACCOUNTS.melton, DEMO_PASSWORD)).statusCode, 200, `round ${round}`)
    await c.token()
  }
})

test('one address trying many emails is stopped across all of them, other addresses are not', async () => {
  const c = await client('198.51.100.7')
  const codes: number[] = []
  for (let i = 0; i < PER_ADDRESS; i++)
    codes.push((await apiLogin(c, `nobody-${i}@example.gov.uk`, 'password-spray-1')).statusCode)
  assert.deepEqual(codes, Array(PER_ADDRESS).fill(401))
  // A new email from the same address, even a real account with its right password, waits.
  const next = await apiLogin(c, 'someone-else@example.gov.uk', 'password-spray-1')
  assert.equal(next.statusCode, 429)
  assert.ok(Number(next.headers['retry-after']) > 0)
  assert.equal((await apiLogin(c, ACCOUNTS.admin, DEMO_PASSWORD)).statusCode, 429)
  // Another address signs in to the same account.
  assert.equal((await apiLogin(await client('198.51.100.8'), ACCOUNTS.admin, DEMO_PASSWORD)).statusCode, 200)
})

test('several app instances on one database count as one', async () => {
  const one = await client('203.0.113.5', env.app)
  const two = await client('203.0.113.5', second)
  assert.equal((await apiLogin(one, ACCOUNTS.nwl, 'guess-a')).statusCode, 401)
  assert.equal((await apiLogin(two, ACCOUNTS.nwl, 'guess-b')).statusCode, 401)
  assert.equal((await formLogin(one, ACCOUNTS.nwl, 'guess-c')).statusCode, 401)
  assert.equal((await apiLogin(two, ACCOUNTS.nwl, DEMO_PASSWORD)).statusCode, 429)
  assert.equal((await apiLogin(one, ACCOUNTS.nwl, DEMO_PASSWORD)).statusCode, 429)
  clock.advance(WINDOW_MS + 1000)
  assert.equal((await apiLogin(two, ACCOUNTS.nwl, DEMO_PASSWORD)).statusCode, 200)
})

test('guesses sent all at once cannot slip past the limit', async () => {
  const c = await client('203.0.113.9')
  const codes = await Promise.all(
    Array.from({ length: 10 }, (_, i) => apiLogin(c, ACCOUNTS.pcm, `parallel-${i}`).then((r) => r.statusCode)),
  )
  assert.equal(codes.filter((s) => s === 401).length, PER_ACCOUNT, String(codes))
  assert.equal(codes.filter((s) => s === 429).length, 10 - PER_ACCOUNT, String(codes))
})

test('the limits are configuration, validated at start', () => {
  const ok = loadConfig({})
  assert.equal(ok.loginRateLimit, 10)
  assert.equal(ok.loginRateLimitPerAddress, 50)
  assert.equal(ok.loginRateWindowMinutes, 15)
  const set = loadConfig({ LOGIN_RATE_LIMIT: '5', LOGIN_RATE_LIMIT_PER_ADDRESS: '20', LOGIN_RATE_WINDOW_MINUTES: '30' })
  assert.deepEqual([set.loginRateLimit, set.loginRateLimitPerAddress, set.loginRateWindowMinutes], [5, 20, 30])
  assert.throws(
    () => loadConfig({ LOGIN_RATE_LIMIT: '10', LOGIN_RATE_LIMIT_PER_ADDRESS: '5' }),
    (e: unknown) => e instanceof ConfigError && /LOGIN_RATE_LIMIT_PER_ADDRESS: must be at least/.test(e.message),
  )
  assert.throws(() => loadConfig({ LOGIN_RATE_WINDOW_MINUTES: '0' }), /LOGIN_RATE_WINDOW_MINUTES/)
  assert.throws(() => loadConfig({ LOGIN_RATE_LIMIT: 'ten' }), /LOGIN_RATE_LIMIT/)
})
