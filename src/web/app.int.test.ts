import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, demoEnv, type TestEnv } from '../testing/harness.ts'
import { ConfigError, loadConfig } from '../config/config.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

test('health reports the database', async () => {
  const res = await env.app.inject({ url: '/health' })
  assert.equal(res.statusCode, 200)
  assert.equal(res.json().status, 'ok')
  assert.match(res.json().database, /^(pglite|postgres)$/)
})

test('ready when the database answers and has every migration; not ready (503) when one is missing', async () => {
  const res = await env.app.inject({ url: '/ready' })
  assert.equal(res.statusCode, 200)
  assert.deepEqual(res.json(), { status: 'ready', database: env.db.kind, pendingMigrations: [] })
  // as a new release would find the database before it migrates: one of its migrations not yet applied
  const [last] = await env.db.query<{ name: string }>(
    `delete from schema_migrations where name = (select max(name) from schema_migrations) returning name`,
  )
  try {
    const stale = await env.app.inject({ url: '/ready' })
    assert.equal(stale.statusCode, 503)
    assert.equal(stale.json().status, 'not-ready')
    assert.deepEqual(stale.json().pendingMigrations, [last!.name])
    // health is about the process and its database only: still ok
    assert.equal((await env.app.inject({ url: '/health' })).statusCode, 200)
  } finally {
    await env.db.query(`insert into schema_migrations (name) values ($1)`, [last!.name])
  }
  assert.equal((await env.app.inject({ url: '/ready' })).statusCode, 200)
})

test('every HTML page has a JSON twin, and the OpenAPI description lists every API route', async () => {
  const routes = env.app.routeList.filter(
    (r) =>
      r.method === 'GET' &&
      !r.url.startsWith('/api') &&
      !/^\/(assets|vendor|public)\//.test(r.url) &&
      !['/health', '/ready', '/login', '/login/two-factor', '/councils/import'].includes(r.url),
  )
  const api = new Set(env.app.routeList.filter((r) => r.url.startsWith('/api/')).map((r) => `${r.method} ${r.url}`))
  for (const r of routes) {
    const twin = r.url === '/' ? '/api/home' : `/api${r.url}`
    assert.ok(api.has(`GET ${twin}`), `no JSON twin for ${r.url}`)
  }
  const spec = (await env.app.inject({ url: '/api/docs/json' })).json()
  assert.match(spec.openapi, /^3\./)
  const documented = new Set(
    Object.entries(spec.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    ),
  )
  const missing = [...api].filter((k) => !k.startsWith('HEAD') && !k.includes('/api/docs') && !documented.has(k))
  assert.deepEqual(missing, [])
  assert.equal((await env.app.inject({ url: '/api/docs/' })).statusCode, 200)
})

test('JSON twins return the same data the page shows', async () => {
  const admin = await as(env.app, 'admin')
  const page = await admin.get('/councils/OAD')
  const json = (await admin.get('/api/councils/OAD')).json()
  assert.match(page.body, new RegExp(json.council.officialName))
  assert.match(page.body, /CPC-2017-OAD/)
  assert.equal(json.history[0].reference, 'CPC-2017-OAD')
})

test('unknown pages: a GOV.UK 404 page, or JSON for the API', async () => {
  const html = await env.app.inject({ url: '/no-such-page' })
  assert.equal(html.statusCode, 404)
  assert.match(html.body, /Page not found/)
  const api = await env.app.inject({ url: '/api/no-such-thing' })
  assert.equal(api.statusCode, 404)
  assert.equal(api.json().error, 'not-found')
  assert.equal((await env.app.inject({ url: '/challenges/abc' })).statusCode, 404)
  assert.equal((await env.app.inject({ url: '/challenges/99999999999999' })).statusCode, 404)
})

test('configuration is validated at start with clear messages', () => {
  assert.throws(
    () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError)
      assert.match(e.message, /PORT: /)
      assert.match(e.message, /DATABASE_URL: must start with postgres:\/\//)
      return true
    },
  )
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SESSION_SECRET: required when NODE_ENV=production/)
  const ok = loadConfig({})
  assert.equal(ok.port, 3000)
  assert.equal(ok.demoData, true)
  assert.equal(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).demoData, false)
})

test('the start page lists each user’s own challenges', async () => {
  const mine = async (who: 'pcm' | 'melton' | 'nwl' | 'admin') =>
    ((await (await as(env.app, who)).get('/api/home')).json().mine as { reference: string }[])
      .map((c) => c.reference)
      .sort()
  assert.deepEqual(await mine('pcm'), ['CPC-2026-HAR', 'CPC-2026-MEL'])
  assert.deepEqual(await mine('melton'), ['CPC-2026-MEL'])
  assert.deepEqual(await mine('nwl'), ['CPC-2024-NWL', 'PR-2025-NWL'])
  const admin = await mine('admin')
  assert.ok(admin.includes('FPC-2026-RUT') && admin.includes('CPC-2026-MEL'))
  const pub = (await (await as(env.app, 'public')).get('/api/home')).json()
  assert.deepEqual(pub.mine, [])
  assert.ok(pub.published.length >= 5)
})
