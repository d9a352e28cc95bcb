import { trackDataVersion } from './data-version.ts'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db.ts'

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
}

/** The migrations this code ships that the database has not applied (for the readiness check). */
export async function pendingMigrations(db: Pick<Db, 'query'>): Promise<string[]> {
  const applied = new Set((await db.query<{ name: string }>(`select name from schema_migrations`)).map((r) => r.name))
  return migrationFiles().filter((f) => !applied.has(f))
}

/** Applies migrations/NNN_name.sql in order, each in its own transaction, once. Safe on several instances. */
export async function migrate(db: Db): Promise<string[]> {
  const files = migrationFiles()
  await db.exec(
    `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
  )
  const applied: string[] = []
  for (const file of files) {
    const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8')
    const done = await db.transaction(async (tx) => {
      // Serialise concurrent app instances on PostgreSQL; harmless on PGlite.
      await tx.query('select pg_advisory_xact_lock(72170001)')
      const seen = await tx.one('select 1 from schema_migrations where name = $1', [file])
      if (seen) return false
      for (const statement of splitSql(sql)) await tx.query(statement)
      await tx.query('insert into schema_migrations (name) values ($1)', [file])
      return true
    })
    if (done) applied.push(file)
  }
  // every table, including those of later migrations, bumps the data version that cached pages are keyed by
  if (files.includes('026_data_version.sql'))
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(72170001)')
      await trackDataVersion(tx)
    })
  return applied
}

/** Splits a migration into statements; understands $$-quoted function bodies and -- comments. */
export function splitSql(sql: string): string[] {
  const out: string[] = []
  let cur = ''
  let inDollar = false
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue
    const dollars = (line.match(/\$\$/g) ?? []).length
    if (dollars % 2 === 1) inDollar = !inDollar
    cur += line + '\n'
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(cur.trim())
      cur = ''
    }
  }
  if (cur.trim()) out.push(cur.trim())
  return out
}
