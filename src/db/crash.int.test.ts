import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freshDb } from '../testing/harness.ts'
import { HttpClient, startApp } from '../testing/process.ts'
import { openPglite, openPostgres, type Db } from './db.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/**
 * kill -9 during writes loses nothing: the app runs as a real process (on the embedded database, or on PostgreSQL
 * when TEST_DATABASE_URL is set), four clients write recommendations as fast as they can, the process is killed
 * without warning, and every write it acknowledged is in the database afterwards, with its audit entry (written in
 * the same transaction). Twice: the app starts again after a crash, and is killed again.
 */
test('kill -9 during writes: every acknowledged write survives, with its audit entry, and the app starts again', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-crash-'))
  const port = String(20000 + Math.floor(Math.random() * 20000))
  const server = process.env['TEST_DATABASE_URL'] ? await freshDb() : null
  const env = {
    PORT: port,
    DATA_DIR: dataDir,
    REMINDER_INTERVAL_MINUTES: '0',
    ...(server?.url ? { DATABASE_URL: server.url } : {}),
  }
  const acknowledged: number[] = []
  try {
    for (const round of [1, 2]) {
      const app = startApp(env)
      await app.ready
      const client = await new HttpClient(`http://127.0.0.1:${port}`).login('admin@example.gov.uk', DEMO_PASSWORD)
      const mel = (await client.request('GET', '/api/challenges?council=MEL')).body.items[0].id as number
      let stop = false
      let failures = 0
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const r = await client.request('POST', `/api/challenges/${mel}/recommendations`, {
              kind: 'theme',
              themeKey: 'capacity',
              title: `Crash round ${round} writer ${w} number ${i}`,
            })
            if (r.status === 201) acknowledged.push(r.body.id)
          } catch {
            failures++ // the connection died with the process: not acknowledged
            return
          }
        }
      }
      const writers = [0, 1, 2, 3].map(writer)
      const target = acknowledged.length + 25
      while (acknowledged.length < target) await new Promise((r) => setTimeout(r, 5))
      app.kill()
      stop = true
      await Promise.all(writers)
      await app.exited
      // Open the database the killed process left behind, as the next start would.
      const db: Db = server?.url ? await openPostgres(server.url) : await openPglite(dataDir)
      try {
        const found = await db.query<{ id: number; audited: boolean }>(
          `select r.id, exists (select 1 from audit_log a where a.entity = 'recommendation' and a.entity_id = r.id::text and a.action = 'recommendation.added') as audited
             from recommendations r where r.id = any($1)`,
          [acknowledged],
        )
        const missing = acknowledged.filter((id) => !found.some((f) => f.id === id))
        assert.deepEqual(missing, [], `round ${round}: acknowledged writes lost`)
        assert.ok(
          found.every((f) => f.audited),
          `round ${round}: a write without its audit entry`,
        )
        console.log(
          `# crash round ${round} (${server ? 'postgres' : 'pglite'}): ${acknowledged.length} acknowledged writes all present; ${failures} requests cut off by the kill`,
        )
      } finally {
        await db.close()
      }
    }
    // And it starts cleanly after the last crash.
    const again = startApp(env)
    await again.ready
    assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200)
    again.stop()
    assert.equal(await again.exited, 0)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
    await server?.drop().catch(() => undefined)
  }
})
