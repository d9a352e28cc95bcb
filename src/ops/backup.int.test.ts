import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import crypto from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { openPglite, type Db } from '../db/db.ts'
import { migrate } from '../db/migrate.ts'
import { syncReferenceData } from '../frameworks/repo.ts'
import { newPostgresDatabase } from '../testing/harness.ts'
import { createUser, SYSTEM_ACTOR } from '../auth/users.ts'
import { fixedClock } from '../common/clock.ts'

/**
 * `peer-challenge backup FILE` and `restore FILE` round trips, run as an operator would (the command line, real
 * files): every table's rows after the restore equal those before, on the embedded database and (with
 * TEST_DATABASE_URL) on PostgreSQL.
 */

function cli(args: string[], env: Record<string, string>) {
  const base: Record<string, string | undefined> = { ...process.env, PEER_CHALLENGE_TSX: '1' }
  delete base['DATABASE_URL']
  const r = spawnSync(process.execPath, ['bin/peer-challenge.js', ...args], {
    encoding: 'utf8',
    env: { ...base, ...env },
  })
  return { code: r.status, out: r.stdout + r.stderr }
}

/** Every table's rows, sorted, as JSON: what must survive the round trip. */
async function everything(db: Db): Promise<Record<string, string[]>> {
  const tables = await db.query<{ t: string }>(
    `select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  )
  const out: Record<string, string[]> = {}
  for (const { t } of tables) out[t] = (await db.query(`select * from "${t}"`)).map((r) => JSON.stringify(r)).sort()
  return out
}

async function fill(db: Db) {
  await migrate(db)
  await syncReferenceData(db)
  // Accounts, a session, audit entries and links: rows of the kinds a restore must bring back exactly.
  const ctx = { db, actor: SYSTEM_ACTOR, clock: fixedClock('2026-11-23T12:00:00Z') }
  await createUser(ctx, {
    email: 'a@example.gov.uk',
    name: 'Ann Admin',
    role: 'admin',
    password: 'copper kettle meadow lantern',
  })
  await db.query(`insert into sessions (sid, data, user_id, expires_at) values ('s1', '{"userId": 1}', 1, now())`)
  await db.query(
    `insert into account_tokens (purpose, token_hash, user_id, created_at, expires_at) values ('invitation', 'h', 1, now(), now())`,
  )
}

test('embedded database: backup, then restore over a changed database, gives back every row', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-backup-'))
  const file = path.join(dir, 'backup.tgz')
  try {
    const data = path.join(dir, 'data')
    let db = await openPglite(data)
    await fill(db)
    const before = await everything(db)
    await db.close()
    const b = cli(['backup', file], { DATA_DIR: data })
    assert.equal(b.code, 0, b.out)
    assert.match(b.out, /Backed up the embedded database/)
    // A change after the backup, which the restore must undo.
    db = await openPglite(data)
    await db.query(`delete from sessions`)
    await db.query(`update users set name = 'Changed after the backup'`)
    await db.close()
    const r = cli(['restore', file], { DATA_DIR: data })
    assert.equal(r.code, 0, r.out)
    assert.match(r.out, /kept in .*pgdata\.before-restore-/)
    db = await openPglite(data)
    const after = await everything(db)
    await db.close()
    assert.ok(Object.keys(before).length > 40, 'every table compared')
    assert.ok(before['audit_log']!.length > 0 && before['users']!.length > 0)
    assert.deepEqual(after, before)
    // Bad input: a file that is no backup changes nothing.
    fs.writeFileSync(path.join(dir, 'junk.bin'), 'not a backup')
    const bad = cli(['restore', path.join(dir, 'junk.bin')], { DATA_DIR: data })
    assert.notEqual(bad.code, 0)
    assert.match(bad.out, /not a Peer Challenge backup/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test(
  'PostgreSQL: pg_dump backup restored into another database gives back every row',
  { skip: !process.env['TEST_DATABASE_URL'] && 'TEST_DATABASE_URL is not set' },
  async () => {
    const url = process.env['TEST_DATABASE_URL']!
    const suffix = crypto.randomBytes(4).toString('hex')
    const src = await newPostgresDatabase(url, `pc_backup_src_${suffix}`)
    const dst = await newPostgresDatabase(url, `pc_backup_dst_${suffix}`)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-backup-'))
    const file = path.join(dir, 'backup.dump')
    try {
      await fill(src.db)
      const before = await everything(src.db)
      const b = cli(['backup', file], { DATABASE_URL: src.url })
      assert.equal(b.code, 0, b.out)
      assert.match(b.out, /Backed up the PostgreSQL database/)
      // The target has the schema and other data already: the restore replaces it.
      await migrate(dst.db)
      await dst.db.query(
        `insert into users (email, name, password_hash, role, created_at) values ('stray@example.org', 'Stray', null, 'admin', now())`,
      )
      const r = cli(['restore', file], { DATABASE_URL: dst.url })
      assert.equal(r.code, 0, r.out)
      assert.deepEqual(await everything(dst.db), before)
      // A PostgreSQL backup is refused for the embedded database, and the reverse.
      const wrong = cli(['restore', file], { DATA_DIR: path.join(dir, 'data') })
      assert.match(wrong.out, /PostgreSQL backup: restore it with DATABASE_URL/)
    } finally {
      await src.drop()
      await dst.drop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  },
)
