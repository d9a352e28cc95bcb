// npm run bench:web: one run prints each figure of issue 17's page table beside its goal and beside a bare Fastify
// JSON route measured in the same run (its own process): req/s, p50/p99 at 100 connections, errors, the app's CPU time
// a request (from /proc: the steady figure on a shared, busy machine), the size and the statements a page runs, and
// the app's memory. The app is started by the tests' helper (src/testing/process.ts) on a fresh embedded database with
// the demo data, as production runs it (the compiled build, `npm run start:prod`'s command with its node options), one challenge given a long history
// (BENCH_HISTORY edits, default 300); then started again through tsx (as `npm start` runs the demo) for its memory.
// Then the same on PostgreSQL when DATABASE_URL is set or `--pg` is given (a throwaway database, dropped after).
// The machine's load average is printed at the start and the end: on a loaded machine read the ratios and CPU ms.
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { HttpClient, productionNodeArgs, startApp } from '../src/testing/process.ts'

const PORT = Number(process.env['BENCH_PORT'] ?? 4105)
const TSX_PORT = PORT + 2
const BARE_PORT = PORT + 1
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8)
const WARM_SECONDS = Number(process.env['BENCH_WARM_SECONDS'] ?? 3)
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 100)
const HISTORY = Number(process.env['BENCH_HISTORY'] ?? 300)
const PG_URL =
  process.env['DATABASE_URL'] ?? (process.argv.includes('--pg') ? 'postgres://postgres@127.0.0.1:5432/postgres' : '')
const root = path.resolve(import.meta.dirname, '..')

/** Issue 17's table: the goal of each figure. */
const GOALS: Record<string, { rps: number; p99: number }> = {
  '/challenges/:id': { rps: 1000, p99: 200 },
  '/councils': { rps: 1500, p99: 150 },
  '/councils (signed out)': { rps: 1500, p99: 150 },
}
const MEMORY_GOAL_MB = 300 // on PostgreSQL

/** The bare Fastify reference (bench/bare-fastify.mjs), not the app: its own tiny starter. */
function startBare(args: string[], env: Record<string, string>, marker: string): Promise<ChildProcess> {
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
  // a warm-up at the same load (the code the page runs compiled, its answer kept), then the measured run
  await autocannon({ url, connections: CONNECTIONS, duration: WARM_SECONDS, headers, timeout: 10 })
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

function goalText(r: Row, rows: Row[]): string {
  const goal = GOALS[r.name]
  if (goal)
    return `>= ${goal.rps} req/s, p99 <= ${goal.p99} ms: ${r.rps >= goal.rps && r.p99 <= goal.p99 ? 'met' : 'NOT met'}`
  if (r.name === '/api/challenges/:id') {
    const page = rows.find((x) => x.name === '/challenges/:id')
    return `bounded (${HISTORY} history entries, ${r.kb?.toFixed(1)} KB); as fast as the page: ${page && r.rps >= page.rps * 0.9 ? 'met' : 'NOT met'}`
  }
  return ''
}

function print(title: string, rows: Row[], bareRps: number, mem: { rss: number; peak: number }, memGoal = false) {
  console.log(`\n${title}`)
  console.log(
    `${'page'.padEnd(34)} ${'req/s'.padStart(7)} ${'x bare'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'CPU ms'.padStart(7)} ${'KB'.padStart(6)} ${'queries'.padStart(7)}  goal`,
  )
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(34)} ${String(r.rps).padStart(7)} ${(r.rps / bareRps).toFixed(3).padStart(7)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${(r.cpuMs?.toFixed(2) ?? '').padStart(7)} ${(r.kb?.toFixed(1) ?? '').padStart(6)} ${(r.queries ?? '').padStart(7)}  ${goalText(r, rows)}`,
    )
  }
  console.log(
    `app memory: ${mem.rss} MB RSS after the load, ${mem.peak} MB at its peak${memGoal ? ` (goal on PostgreSQL <= ${MEMORY_GOAL_MB} MB: ${mem.peak <= MEMORY_GOAL_MB ? 'met' : 'NOT met'})` : ''}`,
  )
}

function appEnv(dataDir: string, port: number, env: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DEMO_DATA: 'true',
    SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
    SECURE_COOKIES: 'false',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
    REMINDER_INTERVAL_MINUTES: '0',
    QUERY_COUNT_HEADER: 'true',
    ...env,
  }
}

/** The demo as `npm start` runs it (src/main.ts through tsx, in-process): its memory after a short load. */
async function tsxMemory(env: Record<string, string>): Promise<{ rss: number; peak: number; startedS: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-web-tsx-'))
  const t0 = Date.now()
  const app = startApp(appEnv(dataDir, TSX_PORT, env), { timeoutMs: 900_000 })
  try {
    await app.ready
    const startedS = (Date.now() - t0) / 1000
    const base = `http://127.0.0.1:${TSX_PORT}`
    const admin = new HttpClient(base)
    await admin.login('admin@example.gov.uk', 'peer-challenge-demo')
    const id = (await admin.request('GET', '/api/challenges')).body.items[0].id
    for (const url of [`/challenges/${id}`, '/councils', '/programme', '/'])
      await autocannon({ url: base + url, connections: 10, duration: 1, headers: { cookie: admin.cookie } })
    return { ...memory(app.pid), startedS }
  } finally {
    app.stop()
    await app.exited
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function runOn(label: string, env: Record<string, string>, bareRps: number, memGoal = false) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-web-'))
  const t0 = Date.now()
  const app = startApp(appEnv(dataDir, PORT, env), { compiled: true, timeoutMs: 900_000 })
  await app.ready
  const started = Date.now() - t0
  try {
    const base = `http://127.0.0.1:${PORT}`
    const admin = new HttpClient(base)
    await admin.login('admin@example.gov.uk', 'peer-challenge-demo')
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
      const r = await load(base + url, h, app.pid)
      rows.push({ name, ...r, kb: bytes / 1024, queries: probe.headers.get('x-queries') })
    }
    print(
      `${label} (${['node', ...productionNodeArgs(), 'dist/main.js'].join(' ')}, as npm run start:prod; started in ${(started / 1000).toFixed(1)} s; challenge ${id} given ${HISTORY} history entries in ${(historyMs / 1000).toFixed(1)} s)`,
      rows,
      bareRps,
      memory(app.pid),
      memGoal,
    )
    const tsx = await tsxMemory(env)
    console.log(
      `the demo through tsx (node --import tsx src/main.ts, as npm start without the npm wrapper): started in ${tsx.startedS.toFixed(1)} s, ${tsx.rss} MB RSS after a short load, ${tsx.peak} MB at its peak`,
    )
  } finally {
    app.stop()
    await app.exited
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (!fs.existsSync(path.join(root, 'dist/main.js')) || process.argv.includes('--build')) {
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
const bare = await startBare(['bench/bare-fastify.mjs'], { PORT: String(BARE_PORT) }, 'listening')
let bareRps: number
try {
  const r = await load(`http://127.0.0.1:${BARE_PORT}/`, {}, bare.pid!)
  bareRps = r.rps
  print('bare Fastify JSON route (reference)', [{ name: 'GET / {hello: world}', ...r }], bareRps, memory(bare.pid!))
} finally {
  bare.kill('SIGTERM')
}

await runOn('embedded database (PGlite)', {}, bareRps)

if (PG_URL) {
  const name = `pc_bench_web_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  try {
    const u = new URL(PG_URL)
    u.pathname = `/${name}`
    await runOn('PostgreSQL', { DATABASE_URL: u.toString() }, bareRps, true)
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}
console.log(
  `\nload average at the end: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      ' ',
    )} (${os.cpus().length} cores); req/s and p99 depend on it, the ratios to bare Fastify and CPU ms much less`,
)
