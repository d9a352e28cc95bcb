import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { as, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'
import { bulkCorpus } from '../testing/bulk-corpus.ts'
import { waitForJob } from '../jobs/queue.ts'

let env: TestEnv
let admin: Client
const count = async (table: string) => (await env.db.one<{ n: number }>(`select count(*)::int as n from ${table}`))!.n

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
})
after(async () => env.close())

const docs = bulkCorpus(12, 500)
const zipOf = (files: Zippable) => Buffer.from(zipSync(files))
const goodZip = () =>
  zipOf({
    reports: Object.fromEntries(docs.map((d) => [d.filename, new Uint8Array(d.data)])),
    'copy-of-first.txt': new Uint8Array(docs[0]!.data),
    '__MACOSX/._junk': strToU8('mac metadata'),
  })

async function uploadZip(client: Client, name: string, content: Buffer, api = true) {
  const body = multipart({}, { name, content, type: 'application/zip' })
  return api
    ? client.request('POST', '/api/bulk-imports', { payload: body.payload, headers: body.headers })
    : client.request('POST', `/bulk-imports?_csrf=${encodeURIComponent(client.csrf)}`, {
        payload: body.payload,
        headers: body.headers,
      })
}

let firstJob = ''

test('a zip of documents becomes historic challenges in a background job, with progress on its page', async () => {
  const challengesBefore = await count('challenges')
  const res = await uploadZip(admin, 'reports.zip', goodZip(), false)
  assert.equal(res.statusCode, 303, res.body)
  const url = res.headers['location'] as string
  assert.match(url, /^\/bulk-imports\/[0-9a-f-]{36}$/)
  firstJob = url.split('/').pop()!
  assert.equal(await waitForJob(env.db, firstJob), 'completed')
  const api = (await admin.get(`/api/bulk-imports/${firstJob}`)).json()
  assert.equal(api.job.state, 'completed')
  assert.equal(api.job.progressDone, 13)
  assert.equal(api.job.progressTotal, 13)
  assert.equal(api.items.length, 13, 'the Mac metadata is skipped, the rest is one row a document')
  const by = (s: string) => api.items.filter((i: { status: string }) => i.status === s)
  assert.ok(by('imported').length >= 6, JSON.stringify(api.items.map((i: any) => [i.status, i.reason])))
  assert.equal(by('failed').length, 0)
  assert.match(
    by('duplicate').find((i: { filename: string }) => i.filename === 'copy-of-first.txt').reason,
    /same document as reports\/doc-/,
  )
  for (const i of by('imported')) assert.ok(i.challengeId && i.importId, 'an imported document is a challenge')
  assert.equal(await count('challenges'), challengesBefore + by('imported').length)
  // The page: the job's state and every document's outcome; no refresh once it has finished.
  const page = await admin.get(url)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Completed/)
  assert.match(page.body, /13 of 13 done/)
  assert.doesNotMatch(page.body, /http-equiv="refresh"/)
  const jobPage = await admin.get(`/jobs/${firstJob}`)
  assert.match(jobPage.body, /See what it did/)
  // Each document's content is kept once, and the challenge holds it as its document.
  const twice = await env.db.query(
    `select sha256 from imports where status <> 'discarded' group by sha256 having count(*) > 1`,
  )
  assert.deepEqual(twice, [])
  const one = by('imported')[0]
  const docsOf = await env.db.one<{ n: number }>(
    `select count(*)::int as n from documents d join document_versions v on v.document_id = d.id where d.challenge_id = $1`,
    [one.challengeId],
  )
  assert.equal(docsOf!.n, 1)
  const history = await env.db.one<{ n: number }>(
    `select count(*)::int as n from audit_log where action in ('job.queued', 'challenge.imported')`,
  )
  assert.ok(history!.n >= 1 + by('imported').length)
})

test('the same documents again are never imported twice', async () => {
  const before = { challenges: await count('challenges'), imports: await count('imports') }
  const res = await uploadZip(admin, 'again.zip', goodZip())
  assert.equal(res.statusCode, 202, res.body)
  const { jobId } = res.json()
  assert.equal(await waitForJob(env.db, jobId), 'completed')
  const job = (await admin.get(`/api/jobs/${jobId}`)).json()
  assert.equal(job.job.result.imported, 0)
  assert.equal(job.job.result.duplicate, 13)
  assert.equal(await count('challenges'), before.challenges)
  assert.equal(await count('imports'), before.imports)
})

test('hostile zips are refused whole with a clear message and change nothing', async () => {
  const before = { jobs: await count('jobs'), items: await count('bulk_import_items'), imports: await count('imports') }
  const doc = new Uint8Array(docs[1]!.data)
  const cases: [string, Buffer, RegExp][] = [
    ['not a zip', Buffer.from('just some text'), /not a zip archive/],
    ['path traversal', zipOf({ 'a.txt': doc, '../../etc/evil.txt': doc }), /unsafe.*climbs out/],
    ['absolute path', zipOf({ '/etc/evil.txt': doc }), /unsafe.*absolute path/],
    [
      'not documents',
      zipOf({ 'a.txt': doc, 'run.exe': strToU8('MZ'), 'inner.zip': zipSync({ 'b.txt': doc }) }),
      /2 files are not a PDF, Word, text or web page document \(run\.exe, inner\.zip\)/,
    ],
    ['zip bomb', zipOf({ 'big.txt': [new Uint8Array(25 * 1024 * 1024), { level: 9 }] }), /unpacks to more than 20 MB/],
    [
      'too many files',
      zipOf(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`d${i}.txt`, strToU8(`doc ${i}`)]))),
      /more than 1000 documents/,
    ],
    ['empty', zipOf({ 'folder/': new Uint8Array(0) }), /no documents/],
  ]
  for (const [what, content, message] of cases) {
    assert.ok(content.length < 1024 * 1024, `${what}: small upload`)
    const api = await uploadZip(admin, `${what}.zip`, content)
    assert.equal(api.statusCode, 400, `${what}: ${api.body}`)
    assert.match(api.json().fields.file, message, what)
    const form = await uploadZip(admin, `${what}.zip`, content, false)
    assert.equal(form.statusCode, 400, what)
    assert.match(form.body, /govuk-error-summary/)
  }
  assert.deepEqual(
    { jobs: await count('jobs'), items: await count('bulk_import_items'), imports: await count('imports') },
    before,
  )
})

test('review queue: unsure values show as unconfirmed until the programme office confirms or corrects them', async () => {
  const queue = (await admin.get('/api/import-reviews')).json()
  assert.ok(queue.total > 0, 'some generated values are below the threshold')
  assert.equal(queue.threshold, 0.9)
  for (const i of queue.items) assert.ok(i.confidence < 0.9)
  const first = queue.items[0]
  // The challenge marks it: on the page and in its JSON twin.
  const ch = (await admin.get(`/api/challenges/${first.challengeId}`)).json()
  assert.ok(ch.unconfirmed.some((u: { field: string }) => u.field === first.field))
  const html = (await admin.get(`/challenges/${first.challengeId}`)).body
  assert.match(html, /Imported, not yet confirmed:/)
  // The council sees the mark too (a published challenge is public: the public too).
  const page = await admin.get('/import-reviews')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Confirm selected values/)
  // Nothing selected: a clear message, nothing changes.
  const none = await admin.post('/import-reviews/confirm', { form: {} })
  assert.equal(none.statusCode, 400)
  assert.match(none.body, /Select the values to confirm/)
  // Confirm all of one challenge's values in one go.
  const mine = queue.items.filter((i: { challengeId: number }) => i.challengeId === first.challengeId)
  const done = await admin.post('/import-reviews/confirm', { form: { ids: mine.map((i: { id: number }) => i.id) } })
  assert.equal(done.statusCode, 303)
  const after = (await admin.get(`/api/challenges/${first.challengeId}`)).json()
  assert.deepEqual(
    after.unconfirmed.filter((u: { field: string }) => mine.some((m: { field: string }) => m.field === u.field)),
    [],
  )
  assert.doesNotMatch((await admin.get(`/challenges/${first.challengeId}`)).body, /Imported, not yet confirmed:/)
  // Correct one: on-site dates or figures, written to the challenge.
  const rest = (await admin.get('/api/import-reviews')).json()
  assert.equal(rest.total, queue.total - mine.length)
  const fix = rest.items.find((i: { field: string }) => i.field === 'onSite' || i.field === 'figures')
  if (fix) {
    const body =
      fix.field === 'onSite' ? { start: '2019-03-12', end: '2019-03-10' } : { peopleMet: '-3', meetings: '12' }
    const bad = await admin.post(`/import-reviews/${fix.id}/correct`, { form: body })
    assert.equal(bad.statusCode, 400, 'a bad correction changes nothing')
    const good = await admin.post(`/import-reviews/${fix.id}/correct`, {
      form: fix.field === 'onSite' ? { start: '2019-03-12', end: '2019-03-14' } : { peopleMet: '60', meetings: '12' },
    })
    assert.equal(good.statusCode, 303, good.body)
    const c = (await admin.get(`/api/challenges/${fix.challengeId}`)).json()
    if (fix.field === 'onSite') assert.equal(c.challenge.onsiteStart, '2019-03-12')
    else assert.match(JSON.stringify(c.stated), /60 people/)
  }
  // Someone not in the programme office cannot see or use the queue.
  const officer = await as(env.app, 'melton')
  assert.equal((await officer.get('/api/import-reviews')).statusCode, 403)
  assert.equal((await officer.get(`/api/jobs/${firstJob}`)).statusCode, 404)
  assert.equal((await officer.post('/api/import-reviews/confirm', { json: { ids: [first.id] } })).statusCode, 403)
})
