import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { freshDb } from '../testing/harness.ts'
import { openPostgres, type Db } from '../db/db.ts'
import { systemClock } from '../common/clock.ts'
import { SYSTEM_ACTOR } from '../auth/users.ts'
import { defineJob, enqueue, startJobWorkers, stopJobWorkers, waitForJob } from './queue.ts'
import { cancelJob, getJob, retryJob } from './service.ts'

let db: Db
let url: string | undefined
let drop: () => Promise<void>
const ctx = () => ({ db, actor: SYSTEM_ACTOR, clock: systemClock })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

before(async () => {
  ;({ db, drop, url } = await freshDb())
  await db.exec(`create table test_steps (job uuid not null, step int not null, worker text)`)
  await startJobWorkers(db, systemClock, { pollSeconds: 0.1 })
})
after(async () => {
  await stopJobWorkers(db)
  await drop()
})

/** Five steps, each recorded with the job: a rerun skips the steps done. */
const steps = defineJob<{ delayMs: number; failFirst?: boolean }, { steps: number }>({
  kind: 'test-steps',
  title: () => 'Five steps',
  retryDelaySeconds: 0,
  run: async (job) => {
    for (let s = 1; s <= 5; s++) {
      const done = await job.ctx.db.one(`select 1 from test_steps where job = $1 and step = $2`, [job.id, s])
      if (!done) {
        await sleep(job.payload.delayMs)
        await job.ctx.db.query(`insert into test_steps (job, step) values ($1, $2)`, [job.id, s])
      }
      if (s === 3 && job.payload.failFirst && job.attempt === 1) throw new Error('a failure on the first run')
      await job.progress(s, 5, `step ${s}`)
    }
    return { steps: 5 }
  },
})

const stepsOf = async (id: string) =>
  (await db.query<{ step: number }>(`select step from test_steps where job = $1 order by step`, [id])).map(
    (r) => r.step,
  )

test('a job runs in the background with its progress and result stored', async () => {
  const id = await enqueue(ctx(), steps, { delayMs: 0 })
  assert.equal(await waitForJob(db, id), 'completed')
  const { job } = await getJob(ctx(), id)
  assert.deepEqual([job.progressDone, job.progressTotal, job.percent, job.progressNote], [5, 5, 100, 'step 5'])
  assert.deepEqual(job.result, { steps: 5 })
  assert.deepEqual(await stepsOf(id), [1, 2, 3, 4, 5])
})

test('a failure is retried, and the rerun goes on from the steps done', async () => {
  const id = await enqueue(ctx(), steps, { delayMs: 0, failFirst: true })
  assert.equal(await waitForJob(db, id), 'completed')
  const { job } = await getJob(ctx(), id)
  assert.equal(job.attempts, 2)
  assert.deepEqual(await stepsOf(id), [1, 2, 3, 4, 5], 'each step once')
})

test('cancel stops a running job at its next step; run again, it finishes what is left', async () => {
  const id = await enqueue(ctx(), steps, { delayMs: 150 })
  const until = Date.now() + 20_000
  while ((await getJob(ctx(), id)).job.progressDone < 1 && Date.now() < until) await sleep(50)
  const cancelled = await cancelJob(ctx(), id)
  assert.equal(cancelled.job.state, 'cancelled')
  await assert.rejects(cancelJob(ctx(), id), /already finished/)
  await sleep(600)
  const part = await stepsOf(id)
  assert.ok(part.length < 5, `stopped part-way: ${part.length} steps`)
  assert.equal((await retryJob(ctx(), id)).job.state, 'queued')
  assert.equal(await waitForJob(db, id), 'completed')
  assert.deepEqual(await stepsOf(id), [1, 2, 3, 4, 5])
})

test('a graceful shutdown releases the running job; the next start resumes it where it stopped', async () => {
  const id = await enqueue(ctx(), steps, { delayMs: 200 })
  const until = Date.now() + 20_000
  while ((await getJob(ctx(), id)).job.progressDone < 2 && Date.now() < until) await sleep(50)
  await stopJobWorkers(db)
  const paused = (await getJob(ctx(), id)).job
  assert.equal(paused.state, 'queued')
  assert.match(paused.progressNote ?? '', /restarted/)
  assert.ok((await stepsOf(id)).length < 5)
  await startJobWorkers(db, systemClock, { pollSeconds: 0.1 })
  assert.equal(await waitForJob(db, id), 'completed')
  assert.deepEqual(await stepsOf(id), [1, 2, 3, 4, 5], 'no step twice')
  assert.equal((await getJob(ctx(), id)).job.attempts, 2)
})

test(
  'several processes on one PostgreSQL: each job runs exactly once',
  { skip: !process.env['TEST_DATABASE_URL'] && 'PostgreSQL only' },
  async () => {
    // A second connection pool with its own queue and workers: another app process, as far as pg-boss can tell.
    const other = await openPostgres(url!)
    await startJobWorkers(other, systemClock, { pollSeconds: 0.1 })
    try {
      const ids: string[] = []
      for (let i = 0; i < 12; i++) ids.push(await enqueue(ctx(), steps, { delayMs: 20 }))
      for (const id of ids) assert.equal(await waitForJob(db, id, undefined, 60_000), 'completed')
      const twice = await db.query(
        `select job, step from test_steps where job = any($1::uuid[]) group by job, step having count(*) > 1`,
        [ids],
      )
      assert.deepEqual(twice, [])
      const workers = await db.query(`select distinct worker from jobs where id = any($1::uuid[])`, [ids])
      assert.ok(workers.length >= 1)
    } finally {
      await stopJobWorkers(other)
      await other.close()
    }
  },
)
