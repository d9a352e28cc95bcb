import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/** Hostile or odd input at the edge: too large, characters PostgreSQL refuses, numbers past its integers. */
let env: TestEnv
let admin: Client
let mel: number
before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
})
after(async () => env.close())

test('a JSON or form body over 1 MB is "the request is too large"; an upload over 20 MB keeps its own message', async () => {
  const big = 'x'.repeat(1.1 * 1024 * 1024)
  const json = await admin.request('POST', `/api/challenges/${mel}/recommendations`, { json: { title: big } })
  assert.equal(json.statusCode, 413)
  assert.equal(json.json().error, 'too-large')
  assert.match(json.json().message, /^The request is too large/)
  assert.doesNotMatch(json.body, /file/i)
  const form = await admin.request('POST', `/challenges/${mel}/recommendations`, { form: { title: big } })
  assert.equal(form.statusCode, 413)
  assert.match(form.body, /The request is too large/)
  // Any body refused before the route runs gets the service's error page, not a bare error.
  const xml = await admin.request('POST', `/challenges/${mel}/recommendations`, {
    payload: '<x/>',
    headers: { 'content-type': 'application/xml', 'x-csrf-token': admin.csrf },
  })
  assert.equal(xml.statusCode, 415)
  assert.match(xml.body, /<title>[^<]*<\/title>[\s\S]*Unsupported content type/)
  const upload = await admin.request(
    'POST',
    `/api/challenges/${mel}/documents`,
    multipart({ kind: 'other' }, { name: 'big.txt', content: Buffer.alloc(21 * 1024 * 1024, 0x61) }),
  )
  assert.equal(upload.statusCode, 413)
  assert.match(upload.json().message, /The file is too large: it must be smaller than 20 MB/)
})
