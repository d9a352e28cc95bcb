import fs from 'node:fs'
import path from 'node:path'
import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { PGlite } from '@electric-sql/pglite'

// DATE columns come back as 'YYYY-MM-DD' strings on both drivers; timestamps as Date.
pg.types.setTypeParser(1082, (v: string) => v)
pg.types.setTypeParser(20, (v: string) => Number(v))

export type Row = Record<string, unknown>

/** The one interface services use: same SQL ($1 parameters) on PGlite and PostgreSQL. */
export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>
  one<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>
}

export interface Db extends Queryable {
  kind: 'pglite' | 'postgres'
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  exec(sql: string): Promise<void>
  close(): Promise<void>
  /**
   * Embedded database only: how many statements that may have written data have ended, in this process (the only one
   * that can open the database). A value read when this count was the same is still current (decision 0037).
   * Undefined on PostgreSQL, where other instances write too.
   */
  writesEnded?: () => number
}

/**
 * Serialises, until the transaction ends, the transactions that number or create the children of one parent (a
 * challenge's recommendations, a plan's actions, a document's versions, a visit's sites). Statements after it see
 * what the previous holder committed, so "the largest number + 1" is free and two creates at once never collide.
 * (PGlite runs one transaction at a time anyway.)
 */
export async function lockFor(tx: Queryable, what: string, id: number): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(hashtext($1), $2::int)`, [what, id])
}

/**
 * A debug counter of the statements run for one piece of work (a request: QUERY_COUNT_HEADER=true makes the app
 * answer it in an `x-queries` header; `npm run bench:web` prints it per page). Off, it costs one lookup a statement.
 */
export const queryCounter = new AsyncLocalStorage<{ n: number }>()
const counted = () => {
  const c = queryCounter.getStore()
  if (c) c.n++
}

function oneOf<T>(rows: T[]): T | undefined {
  return rows[0]
}

const PGLITE_PARSERS = { 1082: (v: string) => v, 20: (v: string) => Number(v) }

/**
 * The embedded database: in `dataDir`, or in memory; a copy of `from`; or, in memory, loaded from a dump
 * (`dumpDataDir`, e.g. the tests' cached demo database).
 */
export async function openPglite(dataDir?: string, from?: PGlite, dump?: Blob): Promise<Db & { raw: PGlite }> {
  let lite: PGlite
  if (from) {
    lite = (await from.clone()) as PGlite
  } else {
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true })
    lite = new PGlite({
      dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined,
      parsers: PGLITE_PARSERS,
      ...(dump ? { loadDataDir: dump } : {}),
    })
    await lite.waitReady
  }
  // PGlite runs one statement at a time; serialise callers so a transaction is never interleaved.
  let chain: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn)
    chain = run.catch(() => undefined)
    return run
  }
  // Statements that may write: all but a plain SELECT outside a transaction (the schema's functions that write run
  // only from triggers). Counted as they end, failed or not.
  let writesEnded = 0
  const plainRead = /^\s*select\b/i
  const q = async <T>(sql: string, params?: unknown[]) => {
    counted()
    try {
      return (await lite.query<T>(sql, params as any[])).rows
    } finally {
      if (!plainRead.test(sql)) writesEnded++
    }
  }
  const db: Db & { raw: PGlite } = {
    kind: 'pglite',
    raw: lite,
    writesEnded: () => writesEnded,
    query: (sql, params) => serial(() => q(sql, params)),
    one: async (sql, params) => oneOf(await serial(() => q(sql, params))),
    exec: async (sql) => {
      await serial(() => lite.exec(sql)).finally(() => writesEnded++)
    },
    transaction: (fn) =>
      serial(() =>
        lite.transaction(async (tx) => {
          const t: Queryable = {
            query: async (sql, params) => (counted(), (await tx.query<any>(sql, params as any[])).rows),
            one: async (sql, params) => (counted(), oneOf((await tx.query<any>(sql, params as any[])).rows)),
          }
          return fn(t)
        }),
      ).finally(() => writesEnded++),
    close: async () => {
      await chain
      await lite.close()
    },
  }
  return db
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  pool.on('error', () => undefined)
  await pool.query('select 1')
  return {
    kind: 'postgres',
    query: async (sql, params) => (counted(), (await pool.query(sql, params as any[])).rows),
    one: async (sql, params) => (counted(), oneOf((await pool.query(sql, params as any[])).rows)),
    exec: async (sql) => {
      await pool.query(sql)
    },
    transaction: async (fn) => {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const t: Queryable = {
          query: async (sql, params) => (counted(), (await client.query(sql, params as any[])).rows),
          one: async (sql, params) => (counted(), oneOf((await client.query(sql, params as any[])).rows)),
        }
        const result = await fn(t)
        await client.query('commit')
        return result
      } catch (err) {
        await client.query('rollback').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    close: async () => {
      await pool.end()
    },
  }
}

export async function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir)
}
