import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { openPglite, openPostgres, type Db } from '../db/db.ts'
import { migrate } from '../db/migrate.ts'
import { syncReferenceData } from '../frameworks/repo.ts'
import { buildApp, type AppOptions } from '../web/app.ts'
import { fixedClock, type Clock } from '../common/clock.ts'
import { seedDemo, DEMO_PASSWORD } from '../demo/seed.ts'
import { parse as parseHtml } from 'node-html-parser'

export const TODAY = '2026-11-23'

/**
 * A fresh, migrated database for one test file: embedded PGlite, or, when TEST_DATABASE_URL is set
 * (CI's second pass), a new database on that PostgreSQL server, dropped afterwards.
 */
export async function freshDb(): Promise<{ db: Db; drop: () => Promise<void>; url?: string }> {
  const url = process.env['TEST_DATABASE_URL']
  if (!url) {
    const db = await cachedPglite('fresh', async (db) => {
      await migrate(db)
      await syncReferenceData(db)
    })
    return { db, drop: () => db.close() }
  }
  const created = await newPostgresDatabase(url, `pc_test_${crypto.randomBytes(6).toString('hex')}`)
  await migrate(created.db)
  await syncReferenceData(created.db)
  return created
}

/**
 * A new, empty database named `name` on the PostgreSQL server at `url`; `drop` closes it and, unless `keep`,
 * drops it. The tests' and the benchmarks' one way to get a database of their own.
 */
export async function newPostgresDatabase(
  url: string,
  name: string,
  opts: { keep?: boolean } = {},
): Promise<{ db: Db; drop: () => Promise<void>; url: string }> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await openPostgres(u.toString())
  return {
    db,
    url: u.toString(),
    drop: async () => {
      await db.close()
      if (opts.keep) return
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/**
 * What a cached test database is made from: the migrations, the code and its reference data. A change to any of them
 * makes new cached databases; until then each test file starts from a copy instead of migrating and seeding again.
 */
function cacheKey(): string {
  const h = crypto.createHash('sha256').update(TODAY)
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
  const inputs = [...walk('migrations'), ...walk('src')]
    .filter((f) => /\.(sql|ts|json|csv)$/.test(f) && !/\.test\.ts$/.test(f))
    .sort()
  for (const f of inputs) h.update(f).update(fs.readFileSync(f))
  return h.digest('hex').slice(0, 16)
}

/**
 * An embedded database as `build` leaves a new one, loaded from a cached dump of it (made by the first test file that
 * needs it, and again whenever the migrations, the code or its data change): loading a dump takes about half the time
 * of creating an empty database, before any migration runs.
 */
async function cachedPglite(name: string, build: (db: Db) => Promise<void>) {
  const file = path.join(os.tmpdir(), `peer-challenge-${name}-${cacheKey()}.tgz`)
  if (fs.existsSync(file)) return openPglite(undefined, undefined, new Blob([fs.readFileSync(file)]))
  const db = await openPglite()
  await build(db)
  const dump = Buffer.from(await (await db.raw.dumpDataDir('gzip')).arrayBuffer())
  const tmp = `${file}.${process.pid}`
  fs.writeFileSync(tmp, dump)
  fs.renameSync(tmp, file) // atomic: a parallel test file sees the whole dump or none
  return db
}

/**
 * A fresh database holding the demo data as of TODAY, for one test file. PGlite: loaded from a cached dump of a seeded
 * database (made by the first test file that needs it). PostgreSQL: a copy of a cached template database.
 */
async function demoDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const url = process.env['TEST_DATABASE_URL']
  if (!url) {
    const db = await cachedPglite('demo', async (db) => {
      await migrate(db)
      await syncReferenceData(db)
      await seedDemo(db, TODAY)
    })
    return { db, drop: () => db.close() }
  }
  const template = `pc_demo_${cacheKey()}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    // One test process builds the template; the others wait for it.
    await admin.query('select pg_advisory_lock(72170002)')
    if (!(await admin.query(`select 1 from pg_database where datname = $1`, [template])).rowCount) {
      const fresh = await freshDb()
      await seedDemo(fresh.db, TODAY)
      await fresh.db.close()
      const built = new URL(fresh.url!).pathname.slice(1)
      await admin.query(`alter database ${built} rename to ${template}`)
      // Templates of older code are left behind; drop those nobody uses.
      const stale = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'pc_demo_%' and datname <> $1`,
        [template],
      )
      for (const r of stale.rows) await admin.query(`drop database if exists ${r.datname}`).catch(() => undefined)
    }
    await admin.query('select pg_advisory_unlock(72170002)')
    const name = `pc_test_${crypto.randomBytes(6).toString('hex')}`
    await admin.query(`create database ${name} template ${template}`)
    const u = new URL(url)
    u.pathname = `/${name}`
    const db = await openPostgres(u.toString())
    return {
      db,
      drop: async () => {
        await db.close()
        const a = new pg.Client({ connectionString: url })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  } finally {
    await admin.end()
  }
}

export interface TestEnv {
  db: Db
  app: FastifyInstance
  clock: Clock
  close: () => Promise<void>
}

export const TEST_SESSION_SECRET = 'test-secret-test-secret-test-secret-0123'

/**
 * A database with the demo data as of TODAY, and the app on top of it. Failed sign-ins are allowed 1000 times unless a
 * test sets the limits (per address and email, and per address); a test that moves time passes its own clock.
 */
export async function demoEnv(
  opts: {
    loginRateLimit?: number
    loginRateLimitPerAddress?: number
    clock?: Clock
    logger?: object
    /** More of the app's options (single sign-on, a mailer, the public address). */
    app?: Partial<AppOptions>
  } = {},
): Promise<TestEnv> {
  const { db, drop } = await demoDb()
  const clock = opts.clock ?? fixedClock(`${TODAY}T12:00:00Z`)
  const app = await buildApp({
    db,
    clock,
    logger: opts.logger ?? (process.env.DEBUG_LOG ? { level: 'error' } : false),
    sessionSecret: TEST_SESSION_SECRET,
    loginRateLimit: opts.loginRateLimit ?? 1000,
    loginRateLimitPerAddress: opts.loginRateLimitPerAddress ?? Math.max(5000, opts.loginRateLimit ?? 0),
    ...opts.app,
  })
  await app.ready()
  return {
    db,
    app,
    clock,
    close: async () => {
      await app.close()
      await drop()
    },
  }
}

/** A browser-like client: keeps cookies, fetches a CSRF token, sends forms or JSON; from 127.0.0.1 or `address`. */
export class Client {
  private cookies = new Map<string, string>()
  csrf = ''
  constructor(
    private app: FastifyInstance,
    readonly address?: string,
  ) {}

  /** A cookie's value as the browser holds it. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name)
  }

  private store(res: LightMyRequestResponse) {
    const set = res.headers['set-cookie']
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';')
      const i = pair!.indexOf('=')
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1))
    }
  }
  /** The cookies as a Cookie header, for a request made outside the app (a real socket). */
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }
  async request(
    method: string,
    url: string,
    opts: {
      form?: Record<string, unknown>
      json?: unknown
      payload?: Buffer | string
      headers?: Record<string, string>
      csrf?: boolean
    } = {},
  ) {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), ...(opts.headers ?? {}) }
    let payload: string | Buffer | undefined = opts.payload
    if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      const body = new URLSearchParams()
      for (const [k, v] of Object.entries(opts.form))
        for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined && x !== null) body.append(k, String(x))
      if (opts.csrf !== false && !body.has('_csrf')) body.append('_csrf', this.csrf)
      payload = body.toString()
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json'
      payload = JSON.stringify(opts.json)
    }
    if (method !== 'GET' && opts.csrf !== false && !opts.form) headers['x-csrf-token'] = this.csrf
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      payload,
      ...(this.address ? { remoteAddress: this.address } : {}),
    })
    this.store(res)
    return res
  }
  get(url: string) {
    return this.request('GET', url)
  }
  post(url: string, opts: { form?: Record<string, unknown>; json?: unknown } = {}) {
    return this.request('POST', url, opts)
  }
  /**
   * A solver's POST answers 202 with its background job (decision 30): waits for the job through its JSON twin and
   * returns what it stored (the job's result); throws unless it completed.
   */
  async solved<T = any>(res: LightMyRequestResponse, timeoutMs = 180_000): Promise<T> {
    if (res.statusCode !== 202) throw new Error(`Expected 202 with a job, got ${res.statusCode}: ${res.body}`)
    return this.jobResult<T>((res.json() as { jobId: string }).jobId, timeoutMs)
  }
  /** Waits for a background job through its JSON twin; returns its result, or throws unless it completed. */
  async jobResult<T = any>(jobId: string, timeoutMs = 180_000): Promise<T> {
    const until = Date.now() + timeoutMs
    for (;;) {
      const r = await this.get(`/api/jobs/${jobId}`)
      const page = r.json() as { open: boolean; job: { state: string; error: string | null; result: T } }
      if (r.statusCode !== 200) throw new Error(`GET /api/jobs/${jobId}: ${r.statusCode} ${r.body}`)
      if (!page.open) {
        if (page.job.state !== 'completed') throw new Error(`Job ${jobId} ${page.job.state}: ${page.job.error}`)
        return page.job.result
      }
      if (Date.now() > until) throw new Error(`Job ${jobId} still ${page.job.state} after ${timeoutMs} ms`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  /** Refreshes the CSRF token from the API (as a page load would). */
  async token() {
    const res = await this.get('/api/session')
    this.csrf = (res.json() as { csrfToken: string }).csrfToken
    return this.csrf
  }
  async login(email: string, password = DEMO_PASSWORD) {
    await this.token()
    const res = await this.request('POST', '/api/login', { json: { email, password } })
    if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`)
    await this.token()
    return this
  }
}

export const ACCOUNTS = {
  admin: 'admin@example.gov.uk',
  lead: 'lead.peer@example.gov.uk',
  pcm: 'pcm@example.gov.uk',
  melton: 'officer@melton.example.gov.uk',
  nwl: 'officer@nwleics.example.gov.uk',
} as const

export async function as(app: FastifyInstance, who: keyof typeof ACCOUNTS | 'public'): Promise<Client> {
  const c = new Client(app)
  if (who === 'public') {
    await c.token()
    return c
  }
  return c.login(ACCOUNTS[who])
}

export async function challengeId(db: Db, reference: string): Promise<number> {
  const r = await db.one<{ id: number }>(`select id from challenges where reference = $1`, [reference])
  if (!r) throw new Error(`no challenge ${reference}`)
  return r.id
}

/** A multipart/form-data body, as a browser sends an upload form. */
export function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer | string; type?: string },
) {
  const b = '----pc' + crypto.randomBytes(8).toString('hex')
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
  )
  if (file) {
    parts.push(
      Buffer.from(
        `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
    )
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content), Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${b}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } }
}

/**
 * Submits a form of an HTML page as a browser would: to its action, with only what the HTML carries (hidden
 * inputs, including the CSRF token, filled fields, ticked boxes, selected options) plus `fields`; the client adds
 * no token of its own. The form is the first whose action matches `action`.
 */
export async function submitForm(client: Client, html: string, action: RegExp, fields: Record<string, string> = {}) {
  const form = parseHtml(html)
    .querySelectorAll('form')
    .find((f) => action.test(f.getAttribute('action') ?? ''))
  if (!form) throw new Error(`no form with action ${action}`)
  const body: Record<string, string[]> = {}
  const add = (k: string | undefined, v: string) => k && (body[k] ??= []).push(v)
  for (const el of form.querySelectorAll('input, textarea, select')) {
    const name = el.getAttribute('name')
    const type = (el.getAttribute('type') ?? '').toLowerCase()
    if (el.tagName === 'SELECT') {
      const opt = el.querySelectorAll('option').find((o) => o.hasAttribute('selected')) ?? el.querySelector('option')
      add(name, opt?.getAttribute('value') ?? opt?.text ?? '')
    } else if (el.tagName === 'TEXTAREA') add(name, el.text)
    else if (type === 'checkbox' || type === 'radio') {
      if (el.hasAttribute('checked')) add(name, el.getAttribute('value') ?? 'on')
    } else if (type !== 'file' && type !== 'submit') add(name, el.getAttribute('value') ?? '')
  }
  for (const [k, v] of Object.entries(fields)) body[k] = [v]
  const method = (form.getAttribute('method') ?? 'get').toUpperCase()
  if (method !== 'POST') throw new Error(`form ${action} is not a POST form`)
  return client.request(method, form.getAttribute('action')!.replace(/&amp;/g, '&'), { form: body, csrf: false })
}
