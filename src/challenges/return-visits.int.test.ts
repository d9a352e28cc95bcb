import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

test('a challenge page links only the return visits and original challenge the reader may open', async () => {
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const pr = await challengeId(env.db, 'PR-2025-NWL')
  const bla = await challengeId(env.db, 'CPC-2022-BLA')
  const pub = await as(env.app, 'public')
  // The public sees the published reports, not the progress review that is only requested, nor Blaby's check-in.
  for (const id of [nwl, bla]) {
    const page = await pub.get(`/challenges/${id}`)
    assert.equal(page.statusCode, 200)
    assert.doesNotMatch(page.body, /Return visit/)
    assert.deepEqual((await pub.get(`/api/challenges/${id}`)).json().children, [])
    // Every challenge the page links to opens for the same reader.
    for (const [, linked] of page.body.matchAll(/href="\/challenges\/(\d+)"/g))
      assert.equal((await pub.get(`/challenges/${linked}`)).statusCode, 200, `link to challenge ${linked}`)
  }
  assert.equal((await pub.get(`/challenges/${pr}`)).statusCode, 404)
  // The council's officer and the programme office see and open the progress review.
  for (const who of ['nwl', 'admin'] as const) {
    const c = await as(env.app, who)
    const page = await c.get(`/challenges/${nwl}`)
    assert.match(page.body, new RegExp(`Return visit[\\s\\S]*href="/challenges/${pr}">PR-2025-NWL<`))
    assert.deepEqual(
      (await c.get(`/api/challenges/${nwl}`)).json().children.map((x: { reference: string }) => x.reference),
      ['PR-2025-NWL'],
    )
    assert.equal((await c.get(`/challenges/${pr}`)).statusCode, 200)
    assert.match((await c.get(`/challenges/${pr}`)).body, new RegExp(`Follows[\\s\\S]*href="/challenges/${nwl}"`))
  }
})
