/**
 * Background jobs on the database (decision 22): pg-boss is the queue (fetch with SKIP LOCKED, so each job runs in one
 * process at a time, retries with a delay, cancel, archive); the `jobs` table is the service's own record of a job
 * (who asked, progress, result, error), shown on /jobs/:id. The same code runs on PGlite (pg-boss through an
 * `executeSql` adapter over the app's serialised connection) and on PostgreSQL (over the app's pool).
 *
 * Usage (a kind is defined once, at module load; enqueue from a service; the app and the CLI run the workers):
 *
 *   export const solveJob = defineJob<{ challengeId: number }, { placed: number }>({
 *     kind: 'timetable-solve',
 *     title: (p) => `Plan the timetable of challenge ${p.challengeId}`,
 *     run: async (job) => { ...; await job.progress(1, 3, 'Model built'); ...; return { placed } },
 *   })
 *   const id = await enqueue(ctx, solveJob, { challengeId })   // then redirect to /jobs/${id}
 */
import crypto from 'node:crypto'
import os from 'node:os'
import PgBoss from 'pg-boss'
import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import type { Actor, Ctx } from '../common/context.ts'
import { userId } from '../common/context.ts'
import { actorForUser, SYSTEM_ACTOR } from '../auth/users.ts'
import { audit } from '../audit/audit.ts'

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'

/** What a running job gets: its payload, a context acting as whoever asked for it, and progress reporting. */
export interface JobRun<P> {
  id: string
  payload: P
  ctx: Ctx
  /** 1 on the first run, 2 on the first retry or resumption, … */
  attempt: number
  /** Records progress (in the database, shown on the page) and is a checkpoint: see `checkpoint`. */
  progress(done: number, total?: number | null, note?: string): Promise<void>
  /**
   * Throws JobStopped when the job was cancelled or the process is shutting down. Call it between steps; work done
   * in a step must be committed with its own record of being done, so that a resumed job skips it.
   */
  checkpoint(): Promise<void>
}

export interface JobKind<P, R> {
  /** The queue's name: letters, digits and dashes. */
  kind: string
  title(payload: P): string
  run(job: JobRun<P>): Promise<R>
  /** Retries after a failure (a restart or shutdown in between counts as one). Default 3. */
  retryLimit?: number
  retryDelaySeconds?: number
  /**
   * Where the job's page links to for its result (e.g. the bulk import's page, or the plan a solver run stored):
   * given the job's id, its result once it has one (else null) and its payload; null when there is nothing to see.
   */
  resultPath?(id: string, result: R | null, payload: P): string | null
  /** The link's words on the job's page (default "See what it did"). */
  resultLabel?: string
}

/** Raised at a checkpoint: the job was cancelled, or this process is stopping (the job is released to another). */
export class JobStopped extends Error {
  constructor(readonly reason: 'cancelled' | 'stopping') {
    super(reason === 'cancelled' ? 'The job was cancelled' : 'The service is stopping; the job will resume')
  }
}

const KINDS = new Map<string, JobKind<any, any>>()

/** Declares a kind of job (once, at module load). */
export function defineJob<P, R>(def: JobKind<P, R>): JobKind<P, R> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.kind)) throw new Error(`Bad job kind ${def.kind}`)
  KINDS.set(def.kind, def)
  return def
}

export function jobKind(kind: string): JobKind<unknown, unknown> | undefined {
  return KINDS.get(kind)
}

/** A job whose heartbeat is older than this is taken to be abandoned by a process that died, and is retried. */
export const STALE_SECONDS = 60
const HEARTBEAT_MS = 10_000

/** pg-boss's Db interface over ours: one statement with parameters, or a script of several without. */
function adapter(db: Queryable & { exec?: (sql: string) => Promise<void> }) {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const script = !values?.length && /;\s*\S/.test(text.trim().replace(/;\s*$/, ''))
      if (script && db.exec) {
        await db.exec(text)
        return { rows: [] }
      }
      return { rows: await db.query(text, values ?? []) }
    },
  }
}

interface Queue {
  boss: PgBoss
  started: Promise<void>
  worker: string
  working: boolean
  stopping: boolean
  /** jobs running in this process now */
  active: number
  reaper?: NodeJS.Timeout
  clock: Clock
}

const QUEUES = new WeakMap<Db, Queue>()

/** The queue for a database: started (pg-boss's schema migrated, every kind's queue created) on first use. */
async function queueFor(db: Db, clock?: Clock): Promise<Queue> {
  let q = QUEUES.get(db)
  if (!q) {
    const boss = new PgBoss({
      db: adapter(db) as PgBoss.Db,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: 30,
    })
    boss.on('error', (err: unknown) => console.error('job queue:', err))
    const queue: Queue = {
      boss,
      worker: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
      working: false,
      stopping: false,
      active: 0,
      clock: clock ?? { now: () => new Date(), today: () => new Date().toISOString().slice(0, 10) },
      started: (async () => {
        await boss.start()
        for (const k of KINDS.values()) await ensureQueue(boss, k)
      })(),
    }
    q = queue
    QUEUES.set(db, q)
  }
  if (clock) q.clock = clock
  await q.started
  return q
}

async function ensureQueue(boss: PgBoss, k: JobKind<unknown, unknown>) {
  if (await boss.getQueue(k.kind)) return
  await boss.createQueue(k.kind, {
    name: k.kind,
    retryLimit: k.retryLimit ?? 3,
    retryDelay: k.retryDelaySeconds ?? 2,
    expireInSeconds: 6 * 3600,
  })
}

/**
 * Enqueues a job in one transaction with its record (and with whatever `also` writes, e.g. the job's input rows):
 * either all of it is there or none.
 */
export async function enqueue<P>(
  ctx: Ctx,
  kind: JobKind<P, unknown>,
  payload: P,
  also?: (tx: Queryable, id: string) => Promise<void>,
): Promise<string> {
  const q = await queueFor(ctx.db)
  await ensureQueue(q.boss, kind as JobKind<unknown, unknown>)
  const id = crypto.randomUUID()
  const now = ctx.clock.now()
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `insert into jobs (id, kind, title, payload, created_by, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)`,
      [id, kind.kind, kind.title(payload).slice(0, 300), JSON.stringify(payload ?? {}), userId(ctx.actor), now],
    )
    if (also) await also(tx, id)
    await q.boss.send(kind.kind, (payload ?? {}) as object, { id, db: adapter(tx) as PgBoss.Db })
    await audit(tx, ctx, {
      action: 'job.queued',
      visibility: 'programme',
      entity: 'job',
      entityId: id,
      after: { kind: kind.kind, title: kind.title(payload) },
    })
  })
  const host = HOSTS.get(ctx.db)
  if (host) await startJobWorkers(ctx.db, host.clock, host)
  return id
}

/** Cancels a queued or running job (a running one stops at its next checkpoint). */
export async function cancelQueued(ctx: Ctx, job: { id: string; kind: string }): Promise<boolean> {
  const q = await queueFor(ctx.db)
  const done = await ctx.db.transaction(async (tx) => {
    const row = await tx.one(
      `update jobs set state = 'cancelled', finished_at = $2, updated_at = $2, progress_note = 'Cancelled'
        where id = $1 and state in ('queued', 'running') returning id`,
      [job.id, ctx.clock.now()],
    )
    if (row) await audit(tx, ctx, { action: 'job.cancelled', visibility: 'programme', entity: 'job', entityId: job.id })
    return !!row
  })
  if (done) await q.boss.cancel(job.kind, job.id)
  return done
}

/** Runs a failed or cancelled job again (it resumes where it stopped, as its kind's steps allow). */
export async function retryStopped(ctx: Ctx, job: { id: string; kind: string }): Promise<boolean> {
  const q = await queueFor(ctx.db)
  const boss = await q.boss.getJobById(job.kind, job.id)
  if (!boss) return false
  const done = await ctx.db.transaction(async (tx) => {
    const row = await tx.one(
      `update jobs set state = 'queued', error = null, finished_at = null, updated_at = $2, progress_note = 'Queued again'
        where id = $1 and state in ('failed', 'cancelled') returning id`,
      [job.id, ctx.clock.now()],
    )
    if (row) await audit(tx, ctx, { action: 'job.retried', visibility: 'programme', entity: 'job', entityId: job.id })
    return !!row
  })
  if (!done) return false
  if (boss.state === 'cancelled') await q.boss.resume(job.kind, job.id)
  else if (boss.state === 'failed') await q.boss.retry(job.kind, job.id)
  return true
}

async function actorOf(db: Db, createdBy: number | null): Promise<Actor> {
  return (createdBy ? await actorForUser(db, createdBy) : null) ?? SYSTEM_ACTOR
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 2000)
}

async function runOne(db: Db, q: Queue, k: JobKind<unknown, unknown>, job: PgBoss.JobWithMetadata<object>) {
  const now = () => q.clock.now()
  const claimed = await db.one<{ createdBy: number | null; attempts: number }>(
    `update jobs set state = 'running', attempts = attempts + 1, worker = $2, heartbeat_at = now(), error = null,
            started_at = coalesce(started_at, $3), updated_at = $3
      where id = $1 and state in ('queued', 'running') returning created_by as "createdBy", attempts`,
    [job.id, q.worker, now()],
  )
  if (!claimed) return { skipped: 'not queued' } // cancelled, or finished, before pg-boss handed it out
  const ctx: Ctx = { db, actor: await actorOf(db, claimed.createdBy), clock: q.clock }
  const checkpoint = async () => {
    if (q.stopping) throw new JobStopped('stopping')
    const row = await db.one<{ state: string }>(`select state from jobs where id = $1`, [job.id])
    if (row?.state === 'cancelled') throw new JobStopped('cancelled')
  }
  const run: JobRun<unknown> = {
    id: job.id,
    payload: job.data,
    ctx,
    attempt: claimed.attempts,
    progress: async (done, total, note) => {
      await db.query(
        `update jobs set progress_done = $2, progress_total = coalesce($3, progress_total), progress_note = coalesce($4, progress_note),
                heartbeat_at = now(), updated_at = $5 where id = $1 and state = 'running'`,
        [job.id, done, total ?? null, note ?? null, now()],
      )
      await checkpoint()
    },
    checkpoint,
  }
  q.active++
  const beat = setInterval(() => {
    db.query(`update jobs set heartbeat_at = now() where id = $1 and state = 'running'`, [job.id]).catch(
      () => undefined,
    )
  }, HEARTBEAT_MS)
  beat.unref()
  try {
    const result = await k.run(run)
    await db.query(
      `update jobs set state = 'completed', result = $2, finished_at = $3, updated_at = $3, heartbeat_at = null
        where id = $1 and state = 'running'`,
      [job.id, JSON.stringify(result ?? null), now()],
    )
    return result ?? {}
  } catch (e) {
    if (e instanceof JobStopped && e.reason === 'cancelled') return { cancelled: true }
    const last = e instanceof JobStopped ? false : job.retryCount >= job.retryLimit
    await db.query(
      `update jobs set state = $2, error = $3, progress_note = $4, updated_at = $5, heartbeat_at = null, finished_at = $6
        where id = $1 and state = 'running'`,
      [
        job.id,
        last ? 'failed' : 'queued',
        e instanceof JobStopped ? null : message(e),
        e instanceof JobStopped
          ? 'Paused while the service restarted: it goes on from here'
          : last
            ? 'Failed'
            : `Failed; trying again (${job.retryCount + 1} of ${job.retryLimit})`,
        now(),
        last ? now() : null,
      ],
    )
    throw e
  } finally {
    clearInterval(beat)
    q.active--
  }
}

/**
 * Jobs whose process died (no heartbeat for STALE_SECONDS; on the embedded database, where one process alone can open
 * it, any job left running by an earlier process) are failed in pg-boss, which retries them; their record goes back
 * to queued and the kind's own steps make the rerun go on from where it stopped.
 */
export async function releaseAbandoned(
  db: Db,
  opts: { atStart?: boolean; staleSeconds?: number } = {},
): Promise<number> {
  const q = await queueFor(db)
  const embedded = db.kind === 'pglite' && opts.atStart
  const rows = await db.query<{ id: string; kind: string }>(
    `select id, kind from jobs where state = 'running'
        and (heartbeat_at is null or heartbeat_at < now() - make_interval(secs => $1) or ($2 and worker <> $3))`,
    [opts.staleSeconds ?? STALE_SECONDS, embedded, q.worker],
  )
  for (const r of rows) {
    await q.boss.fail(r.kind, r.id, { message: 'abandoned: its process stopped' })
    const b = await q.boss.getJobById(r.kind, r.id)
    await db.query(
      `update jobs set state = $2, progress_note = $3, heartbeat_at = null, updated_at = now() where id = $1 and state = 'running'`,
      [
        r.id,
        b?.state === 'failed' ? 'failed' : 'queued',
        b?.state === 'failed'
          ? 'Stopped when the service restarted, with no retries left'
          : 'Resuming after a restart: it goes on from where it stopped',
      ],
    )
  }
  return rows.length
}

/**
 * Runs the workers of every kind in this process (the app, or a command line that runs its own job), until
 * `stopJobWorkers`. Safe in several processes at once: pg-boss hands each job to one of them.
 */
export async function startJobWorkers(
  db: Db,
  clock: Clock,
  opts: { pollSeconds?: number; staleSeconds?: number } = {},
): Promise<void> {
  const q = await queueFor(db, clock)
  if (q.working) return
  q.working = true
  q.stopping = false
  await releaseAbandoned(db, { atStart: true, staleSeconds: opts.staleSeconds })
  for (const k of KINDS.values()) {
    await ensureQueue(q.boss, k)
    await q.boss.work(
      k.kind,
      { batchSize: 1, pollingIntervalSeconds: Math.max(0.5, opts.pollSeconds ?? 1), includeMetadata: true },
      async (jobs: PgBoss.JobWithMetadata<object>[]) => {
        const [job] = jobs
        return job ? runOne(db, q, k, job) : undefined
      },
    )
  }
  q.reaper = setInterval(() => void releaseAbandoned(db).catch(() => undefined), STALE_SECONDS * 500)
  q.reaper.unref()
}

/**
 * Graceful shutdown: no new jobs are fetched; a running job stops at its next checkpoint and is released (pg-boss
 * retries it, here or in another process), or finishes if it gets there first; then the queue closes. Waits at most
 * `timeoutMs`.
 */
export async function stopJobWorkers(db: Db, timeoutMs = 15_000): Promise<void> {
  HOSTS.delete(db)
  const q = QUEUES.get(db)
  if (!q) return
  q.stopping = true
  if (q.reaper) clearInterval(q.reaper)
  QUEUES.delete(db)
  try {
    await q.started
  } catch {
    return
  }
  // no more fetching; the running jobs reach their next checkpoint and are released (or finish); then the queue stops
  for (const k of KINDS.values()) await q.boss.offWork(k.kind).catch(() => undefined)
  const until = Date.now() + timeoutMs
  while (q.active > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
  await q.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false })
}

const HOSTS = new WeakMap<Db, { clock: Clock; pollSeconds?: number }>()

/**
 * Makes this process a host of workers for the database (the app does, at start): the workers start at once when
 * jobs are waiting (resumed after a restart), else with the first job this process enqueues.
 */
export async function hostJobWorkers(db: Db, clock: Clock, opts: { pollSeconds?: number } = {}): Promise<void> {
  HOSTS.set(db, { clock, ...opts })
  const open = await db.one(`select 1 from jobs where state in ('queued', 'running') limit 1`)
  if (open) await startJobWorkers(db, clock, opts)
}

/** Waits until the job is no longer queued or running (tests, and the command line's progress bar). */
export async function waitForJob(
  db: Queryable,
  id: string,
  onProgress?: (j: { done: number; total: number | null; note: string | null; state: string }) => void,
  timeoutMs = 600_000,
): Promise<JobState> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const row = await db.one<{ state: JobState; done: number; total: number | null; note: string | null }>(
      `select state, progress_done as done, progress_total as total, progress_note as note from jobs where id = $1`,
      [id],
    )
    if (!row) throw new Error(`No job ${id}`)
    onProgress?.(row)
    if (row.state !== 'queued' && row.state !== 'running') return row.state
    if (Date.now() > until) throw new Error(`Job ${id} still ${row.state} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
