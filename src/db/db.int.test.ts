import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { freshDb } from '../testing/harness.ts'
import { migrate, splitSql } from './migrate.ts'
import type { Db } from './db.ts'

let db: Db
let drop: () => Promise<void>
before(async () => {
  ;({ db, drop } = await freshDb())
})
after(async () => drop())

test('migrations apply once: running them again changes nothing', async () => {
  const applied = await migrate(db)
  assert.deepEqual(applied, [])
  const rows = await db.query<{ name: string }>(`select name from schema_migrations order by name`)
  assert.ok(rows.some((r) => r.name === '001_foundation.sql'))
})

test('reference data is in the database: six review types and versioned frameworks', async () => {
  const types = await db.query<{ code: string }>(`select code from review_types order by code`)
  assert.deepEqual(
    types.map((t) => t.code),
    ['check-in', 'cpc', 'follow-up', 'fpc', 'gpc', 'progress-review'],
  )
  const cpc = await db.query<{ code: string; effective_from: string }>(
    `select code, effective_from from frameworks where review_type = 'cpc' order by effective_from`,
  )
  assert.deepEqual(
    cpc.map((f) => f.code),
    ['cpc-2016-five-questions', 'cpc-2022-five-themes', 'cpc-2024-strengthened'],
  )
  const bh = await db.one<{ n: number }>(
    `select count(*)::int as n from bank_holidays where day between '2026-01-01' and '2026-12-31'`,
  )
  assert.equal(bh!.n, 8)
})

test('the audit log is append-only', async () => {
  await db.query(
    `insert into audit_log (at, actor_label, action, entity, visibility) values (now(), 'test', 'x', 'y', 'programme')`,
  )
  await assert.rejects(db.query(`update audit_log set action = 'changed'`), /append-only/)
  await assert.rejects(db.query(`delete from audit_log`), /append-only/)
  // TRUNCATE fires no row trigger: a statement trigger stops it, directly or through a cascade.
  await assert.rejects(db.query(`truncate audit_log`), /append-only/)
  await assert.rejects(db.query(`truncate audit_log cascade`), /append-only/)
  for (const t of ['progress_updates', 'plan_snapshots', 'report_versions', 'team_rules'])
    await assert.rejects(db.query(`truncate ${t} cascade`), /append-only/, t)
  const n = await db.one<{ n: number }>(`select count(*)::int as n from audit_log where action = 'x'`)
  assert.equal(n!.n, 1)
})

test('a failed transaction leaves nothing behind', async () => {
  await assert.rejects(
    db.transaction(async (tx) => {
      await tx.query(`insert into people (name, kind) values ('Rolled Back', 'officer')`)
      throw new Error('boom')
    }),
    /boom/,
  )
  assert.equal((await db.one<{ n: number }>(`select count(*)::int as n from people where name = 'Rolled Back'`))!.n, 0)
})

test('dates come back as ISO strings on both drivers', async () => {
  const r = await db.one<{ d: string }>(`select '2024-02-29'::date as d`)
  assert.equal(r!.d, '2024-02-29')
})

test('splitSql keeps function bodies whole', () => {
  const parts = splitSql(
    `create table a (x int);\n-- comment;\ncreate function f() returns trigger language plpgsql as $$\nbegin\n  return new;\nend\n$$;\nselect 1;`,
  )
  assert.equal(parts.length, 3)
  assert.match(parts[1]!, /^create function f\(\)[\s\S]*end\n\$\$;$/)
})

test('a prepared statement gives what the plain one does, for any value; in a transaction and out of one', async () => {
  // On PGlite the values go into EXECUTE as literals (decision 0039): quotes, backslashes, array punctuation and a
  // would-be injection must come back as they went in, and a NUL (which no text holds) fails as the plain statement does.
  const texts = ["it's", "'); drop table people; --", 'back\\slash \\x00 $1', 'a "quoted", {braced} word', 'é ü 🦫', '']
  const sql = `select $1::text as t, $2::int as n, $3::text[] as a, $4::bigint[] as b, $5::text as nothing`
  for (const t of texts) {
    const params = [t, 7, [t, 'x,y', 'NULL', null], [1, 2, 3], null]
    const plain = await db.query(sql, params)
    assert.deepEqual(await db.prepared!(sql, params), plain, t)
    assert.deepEqual(await db.transaction((tx) => tx.prepared!(sql, params)), plain, t)
    // (bigint arrays come back as strings from node-postgres, as numbers from PGlite: the same either way here)
    const [row] = plain as { b: unknown[] }[]
    assert.deepEqual(
      [{ ...row, b: row!.b.map(Number) }],
      [{ t, n: 7, a: [t, 'x,y', 'NULL', null], b: [1, 2, 3], nothing: null }],
    )
  }
  const nul = ['a\0b', 1, [], [], null]
  await assert.rejects(db.query(sql, nul))
  await assert.rejects(db.prepared!(sql, nul))
})
