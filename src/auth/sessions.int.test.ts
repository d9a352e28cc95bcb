import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ACCOUNTS, as, Client, demoEnv, TEST_SESSION_SECRET, TODAY, type TestEnv } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { buildApp } from '../web/app.ts'
import { ConfigError, loadConfig } from '../config/config.ts'

/**
 * Issue 13, defect 9: sessions had only a sliding 8-hour idle timeout (a busy session never ended) and every request
 * rewrote the session row. Now: 8 hours idle, 12 hours from sign-in at most, by the app's clock; the row is written
 * when the session's data changes or, at most every five minutes, to push the idle expiry on.
 */
const MIN = 60_000
const HOUR = 60 * MIN
const clock = manualClock(`${TODAY}T07:00:00Z`)
let env: TestEnv

before(async () => {
  env = await demoEnv({ clock })
})
after(async () => env.close())

/** The session id inside the signed cookie (`sid.signature`). */
function sid(c: Client): string {
  const v = decodeURIComponent(c.cookie('pc_session') ?? '')
  assert.ok(v.includes('.'), 'a session cookie')
  return v.slice(0, v.lastIndexOf('.'))
}

/** The row as stored; xmin changes with every write of the row, whatever the code that writes it. */
const row = (id: string) =>
  env.db.one<{ version: string; expiresAt: Date }>(
    `select xmin::text as version, expires_at as "expiresAt" from sessions where sid = $1`,
    [id],
  )

const signedIn = async (c: Client) => (await c.get('/api/session')).json().user !== null

test('reading pages does not write the session; its idle expiry is pushed on at most every five minutes', async () => {
  const c = await as(env.app, 'pcm')
  const id = sid(c)
  const signedInAt = clock.now().getTime()
  const start = (await row(id))!

  // Four minutes of reading: 48 requests, no write.
  for (let i = 0; i < 12; i++) {
    clock.advance(20_000)
    for (const url of ['/', '/challenges', '/api/home', '/api/session'])
      assert.equal((await c.get(url)).statusCode, 200, url)
  }
  const read = (await row(id))!
  assert.equal(read.version, start.version, 'reading pages rewrote the session')
  assert.equal(new Date(read.expiresAt).getTime(), signedInAt + 8 * HOUR)

  // Past five minutes since the last write: the next request pushes the expiry on, once.
  clock.advance(MIN + 1000)
  assert.equal((await c.get('/challenges')).statusCode, 200)
  const touched = (await row(id))!
  assert.notEqual(touched.version, start.version)
  assert.equal(new Date(touched.expiresAt).getTime(), clock.now().getTime() + 8 * HOUR)
  for (let i = 0; i < 10; i++) {
    clock.advance(10_000)
    await c.get('/api/home')
  }
  assert.equal((await row(id))!.version, touched.version)

  // A change to the session's data is written: a flash message is stored, shown once, then removed.
  const saved = await c.request('POST', '/account/notifications', { form: { kinds: [] } })
  assert.equal(saved.statusCode, 303)
  const withFlash = (await row(id))!
  assert.notEqual(withFlash.version, touched.version)
  assert.match((await c.get('/account/notifications')).body, /Your reminder choices are saved/)
  const shown = (await row(id))!
  assert.notEqual(shown.version, withFlash.version)
  assert.doesNotMatch((await c.get('/account/notifications')).body, /Your reminder choices are saved/)
  assert.equal((await row(id))!.version, shown.version)
})

test('a session ends after 8 hours without a request', async () => {
  const c = await as(env.app, 'lead')
  clock.advance(HOUR)
  assert.ok(await signedIn(c))
  clock.advance(8 * HOUR - MIN)
  assert.ok(await signedIn(c), 'the request an hour in pushed the idle expiry on: signed in 8 h 59 min after sign-in')

  await c.login(ACCOUNTS.lead)
  const id = sid(c)
  clock.advance(8 * HOUR + MIN)
  assert.equal(await signedIn(c), false, '8 hours 1 minute without a request')
  assert.equal(await row(id), undefined, 'the session is gone from the database')
  const page = await c.get('/account/notifications')
  assert.equal(page.statusCode, 303)
  assert.equal(page.headers.location, '/login')
})

test('a session ends 12 hours after sign-in, however busy; signing in again starts a new one', async () => {
  const c = await as(env.app, 'melton')
  const id = sid(c)
  for (let i = 0; i < 3; i++) {
    clock.advance(4 * HOUR - MIN)
    assert.ok(await signedIn(c), `after ${i + 1} × 3 h 59 min`)
  }
  clock.advance(2 * MIN)
  assert.ok(await signedIn(c), '11 hours 59 minutes after sign-in')
  clock.advance(2 * MIN)
  assert.equal(await signedIn(c), false, '12 hours 1 minute after sign-in, 2 minutes after the last request')
  assert.equal(await row(id), undefined, 'the session is gone from the database')
  assert.equal((await c.request('POST', '/api/logout', { json: {} })).statusCode, 403, 'its CSRF token went with it')

  await c.login(ACCOUNTS.melton)
  assert.notEqual(sid(c), id)
  clock.advance(4 * HOUR)
  assert.ok(await signedIn(c))
})

test('the lifetimes are configuration, validated at start', async () => {
  const ok = loadConfig({})
  assert.equal(ok.sessionIdleMinutes, 480)
  assert.equal(ok.sessionMaxHours, 12)
  assert.throws(
    () => loadConfig({ SESSION_IDLE_MINUTES: '600', SESSION_MAX_HOURS: '8' }),
    (e: unknown) =>
      e instanceof ConfigError && /SESSION_MAX_HOURS: must be at least SESSION_IDLE_MINUTES/.test(e.message),
  )
  assert.throws(() => loadConfig({ SESSION_IDLE_MINUTES: '1' }), /SESSION_IDLE_MINUTES/)
  assert.throws(() => loadConfig({ SESSION_MAX_HOURS: 'forever' }), /SESSION_MAX_HOURS/)

  // An instance configured for 30 minutes idle and one hour in all.
  const strict = await buildApp({
    db: env.db,
    clock,
    sessionSecret: TEST_SESSION_SECRET,
    sessionIdleMinutes: 30,
    sessionMaxHours: 1,
  })
  await strict.ready()
  try {
    const c = await new Client(strict).login(ACCOUNTS.nwl)
    clock.advance(29 * MIN)
    assert.ok(await signedIn(c))
    clock.advance(31 * MIN)
    assert.equal(await signedIn(c), false, 'idle for 31 minutes')
    await c.login(ACCOUNTS.nwl)
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * MIN - 1000)
      assert.ok(await signedIn(c))
    }
    clock.advance(4000)
    assert.equal(await signedIn(c), false, 'an hour after sign-in')
  } finally {
    await strict.close()
  }
})
