import crypto from 'node:crypto'
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
  /**
   * The same as `query`, as a statement prepared once per connection under a name made from its text, so a statement
   * run again is not parsed and planned again (with `plan_cache_mode` set to `force_generic_plan` in the transaction,
   * never planned again: decision 0039). For statements run often whose text is one of a few shapes (the values are
   * parameters). Absent on a wrapper that does not offer it: use `query`.
   */
  prepared?<T = Row>(sql: string, params?: unknown[]): Promise<T[]>
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

/** The name a statement is prepared under: from its text, so the same text is the same statement on any connection. */
export function statementName(sql: string): string {
  return `p_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 20)}`
}

/**
 * A parameter as an SQL literal in the text form the extended protocol would bind (standard_conforming_strings is
 * on: a quote doubled is the only escape). Arrays of numbers or strings as array literals; null as NULL. Undefined
 * for a value that cannot be said so (a NUL character, which PostgreSQL's text never holds, or an object).
 */
function literal(v: unknown): string | undefined {
  const quote = (s: string) => (s.includes('\0') ? undefined : `'${s.replace(/'/g, "''")}'`)
  if (v === null || v === undefined) return 'NULL'
  if (typeof v === 'string') return quote(v)
  if (typeof v === 'number' || typeof v === 'bigint') return Number.isFinite(Number(v)) ? quote(String(v)) : undefined
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof Date) return quote(v.toISOString())
  if (Array.isArray(v)) {
    const items: string[] = []
    for (const x of v) {
      if (x === null || x === undefined) items.push('NULL')
      else if (typeof x === 'number' && Number.isFinite(x)) items.push(String(x))
      else if (typeof x === 'string') items.push(`"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
      else return undefined
    }
    return quote(`{${items.join(',')}}`)
  }
  return undefined
}

/** At most this many statements are kept prepared on PGlite's one connection; past it, statements run unprepared. */
const PGLITE_PREPARED_MAX = 200

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
  const run = async <T>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params as any[])).rows
  const q = async <T>(sql: string, params?: unknown[], exec = run<T>) => {
    counted()
    try {
      return await exec(sql, params)
    } finally {
      if (!plainRead.test(sql)) writesEnded++
    }
  }
  // PGlite takes no parameters in a named statement through its query API, so a statement is prepared in SQL (PREPARE,
  // its parameters' types inferred as the unnamed statement's are) and run by EXECUTE with the values as literals.
  // Prepared statements belong to the session, not the transaction: a PREPARE stays when its transaction rolls back.
  const prepared = new Set<string>()
  const preparedOn =
    (run: <T>(sql: string, params?: unknown[]) => Promise<T[]>) =>
    async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
      const args = params.map(literal)
      const name = statementName(sql)
      if (args.some((a) => a === undefined) || (!prepared.has(name) && prepared.size >= PGLITE_PREPARED_MAX))
        return run<T>(sql, params)
      if (!prepared.has(name)) {
        await run(`prepare ${name} as ${sql}`)
        prepared.add(name)
      }
      return run<T>(args.length ? `execute ${name}(${args.join(', ')})` : `execute ${name}`)
    }
  const db: Db & { raw: PGlite } = {
    kind: 'pglite',
    raw: lite,
    writesEnded: () => writesEnded,
    query: (sql, params) => serial(() => q(sql, params)),
    one: async (sql, params) => oneOf(await serial(() => q(sql, params))),
    // Counted, and told a read or a write, by the statement's own text (not PREPARE's or EXECUTE's).
    prepared: <T>(sql: string, params?: unknown[]) => serial(() => q<T>(sql, params, preparedOn(run)<T>)),
    exec: async (sql) => {
      await serial(() => lite.exec(sql)).finally(() => writesEnded++)
    },
    transaction: (fn) =>
      serial(() =>
        lite.transaction(async (tx) => {
          const inTx = async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params as any[])).rows
          const t: Queryable = {
            query: async (sql, params) => (counted(), inTx(sql, params)),
            one: async (sql, params) => (counted(), oneOf(await inTx(sql, params))),
            prepared: async (sql, params) => (counted(), preparedOn(inTx)(sql, params)),
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
    // node-postgres prepares a named statement on each pooled connection the first time it runs there.
    prepared: async (sql, params) => (
      counted(),
      (await pool.query({ name: statementName(sql), text: sql, values: params as any[] })).rows
    ),
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
          prepared: async (sql, params) => (
            counted(),
            (await client.query({ name: statementName(sql), text: sql, values: params as any[] })).rows
          ),
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
