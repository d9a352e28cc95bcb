import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, TODAY, type TestEnv } from '../testing/harness.ts'
import { addWorkingDays } from '../common/dates.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

test('the draft sent back for correction and issued again restarts the 10-working-day factual check', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const pcm = await as(env.app, 'pcm')
  type Deadline = { code: string; due: string; status: string; metOn: string | null }
  const factual = async () =>
    ((await pcm.get(`/api/challenges/${mel}`)).json().private.deadlines as Deadline[]).find(
      (d) => d.code === 'factual-check',
    )!
  const move = async (to: string) => {
    const version = (await pcm.get(`/api/challenges/${mel}`)).json().challenge.version
    const r = await pcm.request('POST', `/api/challenges/${mel}/stage`, { json: { to, version } })
    assert.equal(r.statusCode, 200, r.body)
  }
  const before = await factual()
  const firstIssue = (await env.db.one<{ d: string }>(
    `select min(occurred_on)::text as d from challenge_events where challenge_id = $1 and code = 'draft_issued'`,
    [mel],
  ))!.d
  assert.ok(firstIssue < TODAY)
  assert.notEqual(before.status, 'met')
  // The council returns its comments; the team corrects the draft and issues it again today.
  await move('drafting')
  assert.equal((await factual()).status, 'met')
  await move('factual-check')
  const holidays = new Set(
    (await env.db.query<{ day: string }>(`select day::text as day from bank_holidays`)).map((h) => h.day),
  )
  const again = await factual()
  assert.equal(again.due, addWorkingDays(TODAY, 10, holidays))
  assert.notEqual(again.due, before.due)
  assert.equal(again.status, 'due')
  assert.equal(again.metOn, null)
  // The page says so too.
  const page = await pcm.get(`/challenges/${mel}`)
  assert.match(page.body, /Council(&#39;|’|')s factual accuracy comments[\s\S]{0,400}in 14 days/)
})
