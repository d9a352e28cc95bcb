import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freshDb } from './testing/harness.ts'
import { startApp } from './testing/process.ts'

const start = startApp

test('npm start: first start migrates and seeds, a restart keeps the data, SIGTERM shuts down cleanly', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-start-'))
  const port = String(20000 + Math.floor(Math.random() * 20000))
  // On PostgreSQL (TEST_DATABASE_URL) the app gets an empty throwaway database of its own.
  const server = process.env['TEST_DATABASE_URL'] ? await freshDb() : null
  const env = { PORT: port, DATA_DIR: dataDir, ...(server?.url ? { DATABASE_URL: server.url } : {}) }
  const kind = server ? 'postgres' : 'pglite'
  try {
    const first = start(env)
    await first.ready
    assert.match(first.output(), /Demo data loaded/)
    assert.match(first.output(), /admin@example\.gov\.uk/)
    const health = await fetch(`http://127.0.0.1:${port}/health`)
    assert.deepEqual(await health.json(), { status: 'ok', database: kind })
    const page = await (await fetch(`http://127.0.0.1:${port}/challenges`)).text()
    assert.match(page, /CPC-2017-OAD/)
    first.stop()
    assert.equal(await first.exited, 0)
    assert.match(first.output(), /"msg":"shutting down"/) // structured JSON logs
    assert.equal(fs.existsSync(path.join(dataDir, 'pgdata')), !server)

    const second = start(env)
    await second.ready
    assert.doesNotMatch(second.output(), /Demo data loaded/)
    const again = await (await fetch(`http://127.0.0.1:${port}/api/challenges`)).json()
    assert.ok(again.items.some((c: { reference: string }) => c.reference === 'CPC-2017-OAD'))
    second.stop()
    assert.equal(await second.exited, 0)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
    await server?.drop().catch(() => undefined)
  }
})

test('a bad configuration stops the app at once with a message naming the problem', async () => {
  const bad = start({ PORT: 'eighty', DATABASE_URL: 'mysql://nope' })
  await assert.rejects(bad.ready, /exited 1/)
  assert.match(bad.output(), /Invalid configuration:/)
  assert.match(bad.output(), /PORT: /)
  assert.match(bad.output(), /DATABASE_URL: must start with postgres:\/\//)
})
