import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, Client, demoEnv, TEST_SESSION_SECRET, TODAY, type TestEnv } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { buildApp } from './app.ts'
import { UNTRACKED_TABLES } from '../db/data-version.ts'
import type { FastifyInstance } from 'fastify'

/**
 * Issue 17, decision 0031: the main pages are kept in the process, keyed by the address, the actor, the day and the
 * data version read from the database with the session. Kept pages must never be stale (a change through any
 * instance shows at once), never cross from one actor to another, and carry this request's CSRF token.
 */
const clock = manualClock(`${TODAY}T09:00:00Z`)
let env: TestEnv
let other: FastifyInstance // a second instance on the same database, with its own cache
let mel: number

before(async () => {
  env = await demoEnv({ clock, app: { queryCountHeader: true } })
  other = await buildApp({ db: env.db, clock, sessionSecret: TEST_SESSION_SECRET, queryCountHeader: true })
  await other.ready()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
})
after(async () => {
  await other.close()
  await env.close()
})

const queries = (res: { headers: Record<string, unknown> }) => Number(res.headers['x-queries'])
/** Statements a kept page runs: the session, user and data version together, and the signed-in user's unread
 * notification count for the account bar (a page made afresh runs 10 to 110). On the embedded database both are kept
 * until something writes (decision 0037); on PostgreSQL another instance may have written. */
const KEPT = 2

test('every table a page can show bumps the data version; only the sessions, sign-in counts and migrations do not', async () => {
  const rows = await env.db.query<{ name: string; tracked: boolean }>(
    `select c.relname as name, exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'data_version_bump') as tracked
     from pg_class c join pg_namespace s on s.oid = c.relnamespace
     where s.nspname = current_schema() and c.relkind in ('r', 'p')`,
  )
  assert.ok(rows.length > 40, 'the app’s tables')
  const untracked = rows.filter((r) => !r.tracked).map((r) => r.name)
  assert.deepEqual(untracked.sort(), [...UNTRACKED_TABLES].sort())
  // one writing transaction moves it on once, however many statements it runs
  const v = async () => Number((await env.db.one<{ n: number }>(`select n from data_version`))!.n)
  const before = await v()
  await env.db.transaction(async (tx) => {
    await tx.query(`update councils set nice_name = nice_name where code = 'MEL'`)
    await tx.query(`update councils set nice_name = nice_name where code = 'MEL'`)
  })
  assert.equal(await v(), before + 1)
  await env.db.query(`update sessions set touched_at = touched_at`)
  assert.equal(await v(), before + 1, 'sessions are not tracked')
})

test('two writers that cross on the same row wait for each other, never deadlock on the version (PostgreSQL)', async (t) => {
  // The version's row is locked only at commit: a writer that bumped it at its first statement would hold it while
  // waiting for a row the other writer holds, and the other would wait for the version.
  if (!process.env['TEST_DATABASE_URL']) return t.skip('PGlite runs one transaction at a time')
  const { freshDb } = await import('../testing/harness.ts')
  const { openPostgres } = await import('../db/db.ts')
  const { db, drop, url } = await freshDb()
  const second = await openPostgres(url!)
  try {
    const codes = (await db.query<{ code: string }>(`select code from review_types order by code limit 2`)).map(
      (r) => r.code,
    )
    assert.equal(codes.length, 2)
    const v = async () => Number((await db.one<{ n: number }>(`select n from data_version`))!.n)
    const before = await v()
    let firstWrote!: () => void
    const firstStarted = new Promise<void>((r) => (firstWrote = r))
    const touch = `update review_types set name = name where code = $1`
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
    const one = db.transaction(async (tx) => {
      await tx.query(touch, [codes[0]]) // a first write (a version locked here would be held from now on)
      firstWrote()
      await sleep(500) // meanwhile the other writer takes the second row
      await tx.query(touch, [codes[1]]) // and this one waits for it
    })
    const two = second.transaction(async (tx) => {
      await firstStarted
      await tx.query(touch, [codes[1]])
      await sleep(1000)
    })
    await Promise.all([one, two])
    assert.equal(await v(), before + 2, 'each transaction moved the version on once')
  } finally {
    await second.close()
    await drop()
  }
})

test('a kept page is answered with two statements (who is acting with the version; the unread count) and is the same page', async () => {
  const admin = await as(env.app, 'admin')
  for (const url of [`/challenges/${mel}`, `/api/challenges/${mel}`, '/councils', '/programme', '/']) {
    const first = await admin.get(url)
    assert.equal(first.statusCode, 200, url)
    const again = await admin.get(url)
    assert.equal(again.statusCode, 200, url)
    assert.ok(queries(again) <= KEPT, `${url}: session, user and data version in one statement`)
    assert.ok(queries(first) > 1, `${url} was made the first time`)
    const strip = (s: string) => s.replace(/(_csrf" value="|_csrf=)[^"&]*/g, '')
    assert.equal(strip(again.body), strip(first.body), url)
  }
  if (env.db.kind === 'pglite')
    assert.equal(queries(await admin.get('/councils')), 0, 'embedded: session, version and count kept until a write')
  const pub = await as(env.app, 'public')
  await pub.get('/councils')
  assert.equal(
    queries(await pub.get('/councils')),
    env.db.kind === 'pglite' ? 0 : 1,
    'signed out with a session (a form’s token): that session at most',
  )
  // With no session at all: on the embedded database nothing but this process can write, so the version read last
  // holds until a statement that may write has ended (decision 0037); on PostgreSQL another instance may have written.
  const anon = new Client(env.app)
  await anon.get('/councils')
  const kept = await anon.get('/councils')
  assert.equal(queries(kept), env.db.kind === 'pglite' ? 0 : 1, 'no session: the data version at most')
  // ...and a write moves it on: the next request reads the version again and makes the page afresh
  const names = await env.db.query<{ name: string }>(`select nice_name as name from councils order by nice_name`)
  const name = names.map((r) => r.name).find((n) => kept.body.includes(`>${n}<`))!
  assert.ok(name, 'a council the page shows')
  await env.db.query(`update councils set nice_name = nice_name || ' (renamed)' where nice_name = $1`, [name])
  try {
    const renamed = await anon.get('/councils')
    assert.ok(queries(renamed) > 1, 'made afresh')
    assert.ok(renamed.body.includes(`${name} (renamed)`), `the change is shown at once: ${name}`)
  } finally {
    await env.db.query(`update councils set nice_name = $1 where nice_name = $2`, [name, `${name} (renamed)`])
  }
})

test('a change through another instance shows at once on a kept page', async () => {
  const admin = await as(env.app, 'admin')
  const url = `/challenges/${mel}/scope`
  const before = await admin.get(url)
  assert.equal(before.statusCode, 200)
  assert.ok(!before.body.includes('Kept pages focus area'))
  await admin.get(url) // now kept
  const b = await as(other, 'admin')
  const form = (await b.get(`/api/challenges/${mel}/edit`)).json()
  const c = form.challenge
  const res = await b.request('PUT', `/api/challenges/${mel}`, {
    json: {
      version: c.version,
      frameworkId: c.frameworkId,
      onsiteStart: c.onsiteStart ?? '',
      onsiteEnd: c.onsiteEnd ?? '',
      scopingDate: c.scopingDate ?? '',
      feedbackDate: c.feedbackDate ?? '',
      focusAreas: [
        ...(form.focusAreas ?? []).map((f: { title?: string } | string) => (typeof f === 'string' ? f : f.title)),
        'Kept pages focus area',
      ],
      notes: c.notes ?? '',
    },
  })
  assert.equal(res.statusCode, 200, res.body)
  const after = await admin.get(url)
  assert.ok(after.body.includes('Kept pages focus area'), 'the change made through the other instance')
  assert.ok(queries(after) > 1, 'made afresh')
  const json = (await admin.get(`/api/challenges/${mel}`)).json()
  assert.ok(JSON.stringify(json.focusAreas).includes('Kept pages focus area'))
})

test('a kept page never crosses from one actor to another', async () => {
  const admin = await as(env.app, 'admin')
  const draft = await challengeId(env.db, 'CPC-2026-MEL')
  const seen = await admin.get(`/api/challenges/${draft}`)
  assert.equal(seen.statusCode, 200)
  await admin.get(`/api/challenges/${draft}`)
  assert.ok(seen.json().private, 'the programme office sees the private part')
  const pub = await as(env.app, 'public')
  const res = await pub.get(`/api/challenges/${draft}`)
  if (res.statusCode === 200) assert.equal(res.json().private, null, 'the public never gets the kept private part')
  else assert.equal(res.statusCode, 404)
  const nwl = await as(env.app, 'nwl')
  const theirs = await nwl.get(`/api/challenges/${draft}`)
  if (theirs.statusCode === 200) assert.equal(theirs.json().private, null)
  // the layout shows who is signed in: each sees their own name
  assert.match((await admin.get('/councils')).body, /Signed in as <strong>[^<]*<\/strong>\s*\(programme office\)/)
  assert.match((await nwl.get('/councils')).body, /\(council officer\)/)
  assert.doesNotMatch((await pub.get('/councils')).body, /Signed in as/)
})

test('a kept page carries this session’s CSRF token, and its forms work', async () => {
  const a = await as(env.app, 'pcm')
  const b = await as(env.app, 'pcm')
  await a.get('/councils')
  const page = await b.get('/councils')
  assert.ok(queries(page) <= KEPT, 'the page kept for the same user')
  assert.ok(!page.body.includes('\u0000'), 'no slot left in the page')
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
  assert.ok(token, 'the sign-out form has a token')
  const out = await b.request('POST', '/logout', { form: { _csrf: token }, csrf: false })
  assert.equal(out.statusCode, 303)
  assert.equal((await b.get('/api/session')).json().user, null, 'signed out with the kept page’s form')
  assert.ok((await a.get('/api/session')).json().user, 'the other session is still signed in')
})

test('a disabled account stops at once, whatever is kept; a new day makes pages afresh', async () => {
  const lead = await as(env.app, 'lead')
  await lead.get('/councils')
  assert.ok(queries(await lead.get('/councils')) <= KEPT)
  const id = (await env.db.one<{ id: number }>(`select id from users where email = 'lead.peer@example.gov.uk'`))!.id
  await env.db.query(`update users set disabled = true where id = $1`, [id])
  try {
    const res = await lead.get('/councils')
    assert.doesNotMatch(res.body, /Signed in as/, 'signed out at once')
  } finally {
    await env.db.query(`update users set disabled = false where id = $1`, [id])
  }
  // two minutes to midnight, a fresh session; four minutes later, the same session on the next day
  const now = clock.now()
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) // GMT is London's in November
  clock.advance(midnight - 2 * 60_000 - now.getTime())
  const admin = await as(env.app, 'admin')
  await admin.get('/programme')
  assert.ok(queries(await admin.get('/programme')) <= KEPT)
  clock.advance(4 * 60_000)
  const next = await admin.get('/programme')
  assert.match(next.body, /Signed in as/, 'the same session')
  assert.ok(queries(next) > 1, 'the next day’s programme is made afresh')
})

test('a page made afresh reads its challenges’ deadlines together: the statements do not grow with the challenges', async () => {
  const admin = await as(env.app, 'admin')
  const touch = () => env.db.query(`update councils set nice_name = nice_name where code = 'MEL'`) // a write: pages are made afresh
  const statements = async () => {
    const counts: Record<string, number> = {}
    for (const url of ['/', '/programme', '/calendar']) {
      await touch()
      const res = await admin.get(url)
      assert.equal(res.statusCode, 200, url)
      counts[url] = queries(res)
    }
    return counts
  }
  const before = await statements()
  // ten more open challenges, each with a visit this month and so deadlines, one a return visit of another
  const codes = ['HIN', 'OAD', 'BLA', 'CHA', 'HAR', 'LEC', 'RUT', 'NWL', 'MEL', 'ISL']
  let parent: number | undefined
  for (const [i, councilCode] of codes.entries()) {
    const start = `2026-11-${String(2 + i).padStart(2, '0')}`
    const res = await admin.request('POST', '/api/challenges', {
      json: { councilCode, reviewType: 'cpc', onsiteStart: start, onsiteEnd: start },
    })
    assert.equal(res.statusCode, 201, res.body)
    parent ??= res.json().id
  }
  const ret = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'HIN', reviewType: 'progress-review', parentId: parent },
  })
  assert.equal(ret.statusCode, 201, ret.body)
  const after = await statements()
  for (const url of Object.keys(before)) {
    assert.ok(before[url]! <= 20, `${url} made afresh runs ${before[url]} statements`)
    assert.ok(
      after[url]! <= before[url]! + 1,
      `${url}: ${before[url]} statements, ${after[url]} with 11 more challenges`,
    )
  }
})
