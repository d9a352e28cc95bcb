import type { Queryable } from './db.ts'
import { readMemo } from './read-memo.ts'

/**
 * The data version (decision 0031): a number in the database that changes with every transaction that writes a table
 * a page can show (migrations/026_data_version.sql). Pages cached in a process are keyed by it and the version is
 * read afresh on every request, so a change made through any instance on the same database is seen at once.
 *
 * Not tracked: where the sessions and the sign-in counts live (written by reading pages and signing in; no page is
 * cached on them), the migrations' own record, and the library's cache of broad searches' counts (decision 0039), kept
 * per data version: writing it must not change the version it is kept for.
 */
export const UNTRACKED_TABLES = [
  'sessions',
  'login_attempts',
  'schema_migrations',
  'data_version',
  'data_version_pending',
  'library_search_cache',
] as const

/** Gives every table of the schema but the untracked ones the trigger that bumps the version (idempotent). */
export async function trackDataVersion(tx: Queryable): Promise<void> {
  const missing = await tx.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace s on s.oid = c.relnamespace
     where s.nspname = current_schema() and c.relkind in ('r', 'p') and not (c.relname = any($1::text[]))
       and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'data_version_bump')
     order by 1`,
    [UNTRACKED_TABLES],
  )
  for (const { name } of missing)
    await tx.query(
      `create trigger data_version_bump after insert or update or delete or truncate on "${name.replace(/"/g, '""')}"
       for each statement execute function bump_data_version()`,
    )
}

const versionMemo = readMemo<number>(1)

/**
 * The current data version. On the embedded database it is read again only after a statement that may have written
 * has ended (decision 0037): nothing else can write it, so the last value read stays current until then.
 */
export function readDataVersion(db: Queryable & { writesEnded?: () => number }): Promise<number> {
  return versionMemo(db, 'version', async () => {
    const row = await db.one<{ n: number }>(`select n from data_version`)
    return Number(row?.n ?? 0)
  })
}
