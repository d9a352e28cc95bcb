import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type TestEnv } from '../testing/harness.ts'

/**
 * Things numbered or created in parallel: each gets its own number, nobody sees a clash they did not cause. On PGlite
 * transactions run one at a time, so these tests bite on PostgreSQL (TEST_DATABASE_URL), where the requests overlap.
 */
let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

const statuses = (rs: { statusCode: number; body: string }[]) =>
  rs.filter((r) => r.statusCode !== 201).map((r) => `${r.statusCode} ${r.body.slice(0, 150)}`)

test('ten recommendations added at once without a number are numbered 1 to 10', async () => {
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const pcm = await as(env.app, 'pcm')
  const rs = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      pcm.request('POST', `/api/challenges/${har}/recommendations`, { json: { kind: 'key', title: `Rec ${i}` } }),
    ),
  )
  assert.deepEqual(statuses(rs), [])
  const numbers = await env.db.query<{ number: number }>(
    `select number from recommendations where challenge_id = $1 and kind = 'key' order by number`,
    [har],
  )
  assert.deepEqual(
    numbers.map((n) => n.number),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  )
})

test('ten plan actions added at once are numbered one after another', async () => {
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const officer = await as(env.app, 'nwl')
  assert.equal((await officer.request('POST', `/api/challenges/${nwl}/action-plan`, { json: {} })).statusCode, 201)
  const rec = (await officer.get(`/api/challenges/${nwl}/action-plan`)).json().view.recommendations[0].id
  const rs = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      officer.request('POST', `/api/challenges/${nwl}/action-plan/actions`, {
        json: { recommendationIds: [rec], title: `Action ${i}`, leadOfficer: 'Head of HR', targetDate: '2027-03-31' },
      }),
    ),
  )
  assert.deepEqual(statuses(rs), [])
  const numbers = await env.db.query<{ number: number }>(
    `select a.number from plan_actions a join action_plans p on p.id = a.plan_id where p.challenge_id = $1 order by a.number`,
    [nwl],
  )
  assert.deepEqual(
    numbers.map((n) => n.number),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  )
})

test('new versions of one document uploaded at once get versions one after another', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const officer = await as(env.app, 'melton')
  const first = await officer.request(
    'POST',
    `/api/challenges/${mel}/documents`,
    multipart({ kind: 'position-statement', title: 'Position statement' }, { name: 'p.txt', content: 'v1' }),
  )
  assert.equal(first.statusCode, 201, first.body)
  const documentId = first.json().documentId as number
  const rs = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      officer.request(
        'POST',
        `/api/challenges/${mel}/documents`,
        multipart({ documentId: String(documentId) }, { name: `p${i}.txt`, content: `version text ${i}` }),
      ),
    ),
  )
  assert.deepEqual(statuses(rs), [])
  const versions = await env.db.query<{ version: number }>(
    `select version from document_versions where document_id = $1 order by version`,
    [documentId],
  )
  assert.deepEqual(
    versions.map((v) => v.version),
    [1, 2, 3, 4, 5, 6, 7],
  )
})

test('sites added at once to a visit without sites: all added, exactly one is the main site', async () => {
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const pcm = await as(env.app, 'pcm')
  const rs = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      pcm.request('POST', `/api/challenges/${har}/visit/sites`, { json: { name: `Site ${i}` } }),
    ),
  )
  assert.deepEqual(statuses(rs), [])
  const sites = await env.db.query<{ isMain: boolean }>(
    `select is_main as "isMain" from visit_sites where challenge_id = $1`,
    [har],
  )
  assert.equal(sites.length, 6)
  assert.equal(sites.filter((s) => s.isMain).length, 1)
})

test('challenges for the same council and year created at once get distinct references', async () => {
  const admin = await as(env.app, 'admin')
  const rs = await Promise.all(
    Array.from({ length: 5 }, () =>
      admin.request('POST', '/api/challenges', {
        json: { councilCode: 'RUT', reviewType: 'gpc', onsiteStart: '2027-05-11', onsiteEnd: '2027-05-13' },
      }),
    ),
  )
  assert.deepEqual(statuses(rs), [])
  const refs = await env.db.query<{ reference: string }>(
    `select reference from challenges where reference like 'GPC-2027-RUT%' order by id`,
  )
  assert.deepEqual(refs.map((r) => r.reference).sort(), [
    'GPC-2027-RUT',
    'GPC-2027-RUT-2',
    'GPC-2027-RUT-3',
    'GPC-2027-RUT-4',
    'GPC-2027-RUT-5',
  ])
})
