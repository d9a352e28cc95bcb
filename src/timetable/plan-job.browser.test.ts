import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { axe, screenshot, signIn, startBrowser } from '../testing/browser.ts'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { addDays } from '../common/dates.ts'
import { syntheticProgrammeCsv } from './synthetic.ts'

let env: TestEnv
let browser: Browser
let base: string
before(async () => {
  env = await demoEnv()
  ;({ browser, base } = await startBrowser(env))
})
after(async () => {
  await browser?.close()
  await env?.close()
})

const JOB_PAGE = /\/jobs\/[0-9a-f-]{36}$/

test('planning the timetable is a background job: its page shows progress and then the proposal; a run can be cancelled', async () => {
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  // Harlow's visit: three days, a team of six, and 50 sessions (enough for the solver to take a while).
  const start = (await env.db.one<{ d: string }>(`select onsite_start::text as d from challenges where id = $1`, [
    har,
  ]))!.d
  const dates = [start, addDays(start, 1), addDays(start, 2)]
  await env.db.query(`update challenges set onsite_end = $2, feedback_date = $2 where id = $1`, [har, dates[2]])
  const admin = await as(env.app, 'admin')
  for (const name of ['Chris Patel', 'Dana Brooks', 'Evan Hughes']) {
    const p = (await env.db.one<{ id: number; kind: string; party: string | null }>(
      `select id, kind, party from people where name = $1 order by id limit 1`,
      [name],
    ))!
    await admin.request('POST', `/api/challenges/${har}/team`, {
      json: { personId: p.id, role: p.kind === 'member' ? 'member-peer' : 'officer-peer', party: p.party ?? undefined },
    })
  }
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })
  const page = await ctx.newPage()
  const problems: string[] = []
  await signIn(page, base, 'pcm@example.gov.uk')
  await page.goto(`${base}/challenges/${har}/visit/import`)
  await page.setInputFiles('#file', {
    name: 'programme.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(syntheticProgrammeCsv({ dates, sessions: 50, seed: 3 })),
  })
  await page.getByRole('button', { name: 'Import' }).click()
  await page.getByText('50 sessions imported').waitFor()
  const timetables = async () =>
    (await env.db.one<{ n: number }>(`select count(*)::int as n from timetables where challenge_id = $1`, [har]))!.n
  const before = await timetables()

  // Plan: the form answers at once with the job's page, which shows the progress and refreshes itself.
  const t0 = Date.now()
  await page.getByRole('button', { name: 'Plan the timetable' }).click()
  await page.waitForURL(JOB_PAGE)
  assert.ok(Date.now() - t0 < 10_000, 'the form answered without waiting for the solver')
  await page.getByRole('heading', { name: 'Plan the on-site timetable of CPC-2026-HAR' }).waitFor()
  assert.match(await page.locator('#job-state').innerText(), /Queued|Running/)
  // without JavaScript the page refreshes itself; with it (here) it updates in place from the JSON twin
  assert.match(await page.content(), /<noscript><meta http-equiv="refresh" content="3"><\/noscript>/)
  assert.equal(await page.locator('[data-job-poll]').count(), 1)
  assert.ok(await page.getByRole('button', { name: 'Cancel the job' }).isVisible())
  for (const v of await axe(page)) problems.push(`job running: ${v}`)
  await screenshot(page, 'screenshots/timetable-job-running.png')
  // Progress appears as the solver reports it (the first plan, then day by day).
  await page.locator('#job-note', { hasText: /First plan|Improved/ }).waitFor({ timeout: 60_000 })
  assert.match(page.url(), JOB_PAGE)
  // Done: the page links to the proposal it stored, which the existing publish flow takes from there.
  await page.getByRole('link', { name: 'See the proposed timetable' }).waitFor({ timeout: 150_000 })
  assert.match(await page.locator('#job-state').innerText(), /Completed/)
  assert.doesNotMatch(await page.content(), /http-equiv="refresh"/)
  for (const v of await axe(page)) problems.push(`job done: ${v}`)
  await screenshot(page, 'screenshots/timetable-job-done.png')
  await page.getByRole('link', { name: 'See the proposed timetable' }).click()
  await page.waitForURL(/\/visit\/timetables\/\d+$/)
  assert.match(await page.content(), /No one is double-booked/)
  assert.ok(await page.getByRole('button', { name: 'Publish this programme' }).isVisible())
  assert.equal(await timetables(), before + 1)

  // A second run, cancelled: the job stops (its solver thread with it) and stores nothing.
  await page.goto(`${base}/challenges/${har}/visit`)
  await page.getByRole('button', { name: 'Plan the timetable' }).click()
  await page.waitForURL(JOB_PAGE)
  const jobUrl = page.url()
  await page.getByRole('button', { name: 'Cancel the job' }).click()
  await page.getByText('Job cancelled').waitFor()
  assert.match(await page.locator('#job-state').innerText(), /Cancelled/)
  assert.ok(await page.getByRole('button', { name: 'Run it again from where it stopped' }).isVisible())
  for (const v of await axe(page)) problems.push(`job cancelled: ${v}`)
  await screenshot(page, 'screenshots/timetable-job-cancelled.png')
  // Well past when the run would have stored its plan (the first took seconds): still cancelled, nothing stored.
  const id = jobUrl.split('/').pop()!
  for (let i = 0; i < 20; i++) {
    const row = (await env.db.one<{ state: string; heartbeat: Date | null }>(
      `select state, heartbeat_at as heartbeat from jobs where id = $1`,
      [id],
    ))!
    assert.equal(row.state, 'cancelled')
    await new Promise((r) => setTimeout(r, 250))
  }
  await page.reload()
  assert.match(await page.locator('#job-state').innerText(), /Cancelled/)
  assert.equal(await page.getByRole('link', { name: 'See the proposed timetable' }).count(), 0)
  assert.equal(await timetables(), before + 1)
  await ctx.close()
  assert.deepEqual(problems, [])
})
