// npm run bench:web: starts the app as production runs it (the compiled build, `node dist/main.js`; BENCH_TSX=1 runs
// src/main.ts through tsx instead) on a fresh embedded database with the demo data, gives one challenge a long
// history (BENCH_HISTORY edits, default 300), then loads the main pages with autocannon at 100 connections and
// prints req/s, p50/p99, errors, the app's CPU time a request and the queries a page makes, beside a bare Fastify JSON
// route measured in the same run (its own process). Then the same on PostgreSQL when DATABASE_URL is set (a
// throwaway database, dropped after). The app's memory (RSS now and at its peak) is printed for each.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'

const PORT = Number(process.env['BENCH_PORT'] ?? 4105)
const BARE_PORT = PORT + 1
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 100)
const HISTORY = Number(process.env['BENCH_HISTORY'] ?? 300)
const TSX = process.env['BENCH_TSX'] === '1'
const root = path.resolve(import.meta.dirname, '..')

const GOALS: Record<string, { rps: number; p99: number }> = {
  '/challenges/:id': { rps: 1000, p99: 200 },
  '/councils': { rps: 1500, p99: 150 },
}

function start(args: string[], env: Record<string, string>, marker: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes(marker)) {
        clearInterval(timer)
        resolve(child)
      }
    }, 50)
    child.on('exit', (code) => {
      clearInterval(timer)
      reject(new Error(`exited ${code}: ${out}`))
    })
  })
}

/** Resident memory of a process now and at its peak, in MB (Linux /proc). */
function memory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) }
}

/** CPU seconds (user + system) a process has used (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

class Client {
  cookie = ''
  csrf = ''
  constructor(readonly base: string) {}
  async request(method: string, url: string, json?: unknown) {
    const res = await fetch(this.base + url, {
      method,
      headers: {
        cookie: this.cookie,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
      },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    })
    const set = res.headers.getSetCookie()
    if (set.length) this.cookie = set.map((c) => c.split(';')[0]).join('; ')
    const text = await res.text()
    let body: any = text
    try {
      body = JSON.parse(text)
    } catch {
      /* a page */
    }
    return { status: res.status, body, bytes: Buffer.byteLength(text), queries: res.headers.get('x-queries') }
  }
  async login(email: string) {
    this.csrf = (await this.request('GET', '/api/session')).body.csrfToken
    const r = await this.request('POST', '/api/login', { email, password: 'peer-challenge-demo' })
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status}`)
    this.csrf = (await this.request('GET', '/api/session')).body.csrfToken
  }
}

interface Row {
  name: string
  rps: number
  p50: number
  p99: number
  errors: number
  cpuMs: number | null
  kb: number | null
  queries: string | null
}

async function load(url: string, headers: Record<string, string>, pid?: number): Promise<Omit<Row, 'name'>> {
  // a short warm-up, then the measured run
  await autocannon({ url, connections: 10, duration: 1, headers })
  const cpu0 = pid ? cpuSeconds(pid) : 0
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers, timeout: 10 })
  const cpu = pid ? cpuSeconds(pid) - cpu0 : 0
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    cpuMs: pid && r.requests.total ? (cpu * 1000) / r.requests.total : null,
    kb: null,
    queries: null,
  }
}

function print(title: string, rows: Row[], bareRps: number, mem: { rss: number; peak: number }) {
  console.log(`\n${title}`)
  console.log(
    `${'page'.padEnd(34)} ${'req/s'.padStart(7)} ${'x bare'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'CPU ms'.padStart(7)} ${'KB'.padStart(6)} ${'queries'.padStart(7)}  goal`,
  )
  for (const r of rows) {
    const goal = GOALS[r.name]
    const ok = goal ? (r.rps >= goal.rps && r.p99 <= goal.p99 ? 'met' : 'NOT met') : ''
    console.log(
      `${r.name.padEnd(34)} ${String(r.rps).padStart(7)} ${(r.rps / bareRps).toFixed(3).padStart(7)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${(r.cpuMs?.toFixed(2) ?? '').padStart(7)} ${(r.kb?.toFixed(1) ?? '').padStart(6)} ${(r.queries ?? '').padStart(7)}  ${goal ? `>= ${goal.rps} req/s, p99 <= ${goal.p99} ms: ${ok}` : ''}`,
    )
  }
  console.log(`app memory: ${mem.rss} MB RSS after the load, ${mem.peak} MB at its peak`)
}

async function runOn(label: string, env: Record<string, string>, bareRps: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-web-'))
  const args = TSX ? ['--import', 'tsx', 'src/main.ts'] : ['dist/main.js']
  const t0 = Date.now()
  const app = await start(
    args,
    {
      NODE_ENV: 'production',
      DEMO_DATA: 'true',
      SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
      SECURE_COOKIES: 'false',
      PORT: String(PORT),
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
      REMINDER_INTERVAL_MINUTES: '0',
      QUERY_COUNT_HEADER: 'true',
      ...env,
    },
    'Peer Challenge is running',
  )
  const started = Date.now() - t0
  try {
    const base = `http://127.0.0.1:${PORT}`
    const admin = new Client(base)
    await admin.login('admin@example.gov.uk')
    const list = (await admin.request('GET', '/api/challenges')).body
    const challenges = (list.challenges ?? list.rows ?? list.items ?? []) as { id: number; councilName?: string }[]
    const id = challenges[0]?.id
    if (!id) throw new Error(`no challenge in the demo data: ${JSON.stringify(list).slice(0, 300)}`)
    // a long history: HISTORY edits of the challenge's notes, each an audit entry
    const h0 = Date.now()
    for (let i = 0; i < HISTORY; i++) {
      const form = (await admin.request('GET', `/api/challenges/${id}/edit`)).body
      const c = form.challenge
      const r = await admin.request('PUT', `/api/challenges/${id}`, {
        version: c.version,
        frameworkId: c.frameworkId,
        onsiteStart: c.onsiteStart ?? '',
        onsiteEnd: c.onsiteEnd ?? '',
        scopingDate: c.scopingDate ?? '',
        feedbackDate: c.feedbackDate ?? '',
        focusAreas: (form.focusAreas ?? []).map((f: { title?: string } | string) =>
          typeof f === 'string' ? f : f.title,
        ),
        notes: `Edit ${i + 1} of the notes, to make the history long.`,
      })
      if (r.status !== 200) throw new Error(`edit ${i}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`)
    }
    const historyMs = Date.now() - h0
    const headers = { cookie: admin.cookie }
    const pages: [string, string, Record<string, string>][] = [
      ['/challenges/:id', `/challenges/${id}`, headers],
      ['/api/challenges/:id', `/api/challenges/${id}`, headers],
      ['/challenges/:id/history', `/challenges/${id}/history`, headers],
      ['/api/challenges/:id/history', `/api/challenges/${id}/history`, headers],
      ['/councils', '/councils', headers],
      ['/councils (signed out)', '/councils', {}],
      ['/challenges', '/challenges', headers],
      ['/ (home)', '/', headers],
      ['/programme', '/programme', headers],
      ['/health', '/health', {}],
    ]
    const rows: Row[] = []
    for (const [name, url, h] of pages) {
      const probe = await fetch(base + url, { headers: h })
      const bytes = (await probe.arrayBuffer()).byteLength
      if (probe.status !== 200) throw new Error(`${url}: ${probe.status}`)
      const r = await load(base + url, h, app.pid!)
      rows.push({ name, ...r, kb: bytes / 1024, queries: probe.headers.get('x-queries') })
    }
    print(
      `${label} (${TSX ? 'src/main.ts through tsx' : 'node dist/main.js'}; started in ${(started / 1000).toFixed(1)} s; challenge ${id} given ${HISTORY} history entries in ${(historyMs / 1000).toFixed(1)} s)`,
      rows,
      bareRps,
      memory(app.pid!),
    )
  } finally {
    app.kill('SIGTERM')
    await new Promise((r) => app.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (!TSX && !fs.existsSync(path.join(root, 'dist/main.js'))) {
  console.log('building dist/ (npm run build)…')
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).on('exit', (c) =>
      c === 0 ? resolve() : reject(new Error(`build exited ${c}`)),
    ),
  )
}
console.log(
  `bench:web: ${CONNECTIONS} connections, ${SECONDS} s a page, on ${os.cpus().length} cores (load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})`,
)

// The reference: a bare Fastify JSON route in its own process, measured in the same run.
const bare = await start(['bench/bare-fastify.mjs'], { PORT: String(BARE_PORT) }, 'listening')
let bareRps: number
try {
  const r = await load(`http://127.0.0.1:${BARE_PORT}/`, {}, bare.pid!)
  bareRps = r.rps
  print('bare Fastify JSON route (reference)', [{ name: 'GET / {hello: world}', ...r }], bareRps, memory(bare.pid!))
} finally {
  bare.kill('SIGTERM')
}

await runOn('embedded database (PGlite)', {}, bareRps)

const url = process.env['DATABASE_URL']
if (url) {
  const name = `pc_bench_web_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  try {
    const u = new URL(url)
    u.pathname = `/${name}`
    await runOn('PostgreSQL', { DATABASE_URL: u.toString() }, bareRps)
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
