import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')

// Whatever a failed assertion left running is killed when the file's tests end: an app still listening would keep
// the test process (and CI) waiting for ever. Outside the test runner (the benchmarks), when the process exits.
const running = new Set<ChildProcess>()
const killAll = () => {
  for (const child of running) child.kill('SIGKILL')
}
if (process.env['NODE_TEST_CONTEXT']) {
  const { after } = await import('node:test')
  after(killAll)
}
process.once('exit', killAll)

/**
 * The node options of `npm run start:prod` (package.json is the one place they are written; the Dockerfile's command
 * is checked against it): a compiled start here runs what production runs.
 */
export function productionNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  const words = (pkg.scripts['start:prod'] ?? '').trim().split(/\s+/)
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js')
    throw new Error(`start:prod is not "node [options] dist/main.js": ${pkg.scripts['start:prod']}`)
  return words.slice(1, -1)
}

/**
 * Starts the app, waits for it to listen; gives its output, its process id, a stopper and a killer. By default
 * src/main.ts as `npm start` does (through tsx); `compiled` runs the build as `npm run start:prod` does
 * (`node [its options] dist/main.js`, after `npm run build`).
 */
export function startApp(env: Record<string, string>, opts: { compiled?: boolean; timeoutMs?: number } = {}) {
  const timeoutMs = opts.timeoutMs ?? 180_000
  const args = opts.compiled
    ? [...productionNodeArgs(), path.join(root, 'dist/main.js')]
    : ['--import', 'tsx', path.join(root, 'src/main.ts')]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.on('exit', () => running.delete(child))
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const ready = new Promise<void>((resolve, reject) => {
    const started = Date.now()
    const timer = setInterval(() => {
      if (out.includes('Peer Challenge is running')) {
        clearInterval(timer)
        resolve()
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer)
        child.kill('SIGKILL')
        reject(new Error(`did not start within ${Math.round(timeoutMs / 1000)} s: ${out}`))
      }
    }, 100)
    exited.then((code) => {
      clearInterval(timer)
      reject(new Error(`exited ${code}: ${out}`))
    })
  })
  return {
    pid: child.pid!,
    ready,
    exited,
    output: () => out,
    stop: () => child.kill('SIGTERM'),
    /** kill -9: no shutdown hook runs, nothing is flushed by the app. */
    kill: () => child.kill('SIGKILL'),
  }
}

/** A minimal HTTP client for a running app: keeps the session cookie and sends the CSRF token. */
export class HttpClient {
  /** The session cookie, as a Cookie header (e.g. for a load generator). */
  cookie = ''
  private csrf = ''
  constructor(readonly base: string) {}
  async request(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.base + path, {
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
      /* not JSON */
    }
    return { status: res.status, body }
  }
  /** The same session (cookie and CSRF token) against another instance: what a load balancer does. */
  on(base: string): HttpClient {
    const c = new HttpClient(base)
    c.cookie = this.cookie
    c.csrf = this.csrf
    return c
  }
  /** A raw request with this session (e.g. a multipart upload). */
  async send(method: string, path: string, body?: FormData): Promise<Response> {
    return fetch(this.base + path, { method, body, headers: { cookie: this.cookie, 'x-csrf-token': this.csrf } })
  }
  async login(email: string, password: string) {
    this.csrf = (await this.request('GET', '/api/session')).body.csrfToken
    const r = await this.request('POST', '/api/login', { email, password })
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status}`)
    this.csrf = (await this.request('GET', '/api/session')).body.csrfToken
    return this
  }
}
