import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/**
 * Issue 13, defect 8: pages, JSON and downloads carried no Cache-Control, so a shared computer's browser cache or a
 * proxy could keep a signed-in user's pages and files. Everything but the public static files is no-store now.
 */
let env: TestEnv
let admin: Client
let lead: Client
let pub: Client
let mel: number
let blaby: number
let docVersion: number
let leadPerson: number

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
  lead = await as(env.app, 'lead')
  pub = await as(env.app, 'public')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  blaby = (await env.db.one<{ id: number }>(
    `select c.id from challenges c join action_plans p on p.challenge_id = c.id join councils k on k.id = c.council_id where k.code = 'BLA' limit 1`,
  ))!.id
  const up = await admin.request(
    'POST',
    `/api/challenges/${mel}/documents`,
    multipart({ kind: 'data-pack' }, { name: 'pack.txt', content: Buffer.from('A private data pack') }),
  )
  assert.equal(up.statusCode, 201, up.body)
  docVersion = (await env.db.one<{ id: number }>(`select id from document_versions order by id desc limit 1`))!.id
  leadPerson = (await env.db.one<{ id: number }>(
    `select person_id as id from team_members where challenge_id = $1 and role = 'lead-peer'`,
    [mel],
  ))!.id
})
after(async () => env.close())

test('pages, JSON and every download are sent with Cache-Control: no-store', async () => {
  const c = `/challenges/${mel}`
  const plan = `/challenges/${blaby}/action-plan/download`
  const cases: [Client, string, number, RegExp?][] = [
    // Signed-in pages and their JSON twins, errors included.
    [admin, '/', 200, /text\/html/],
    [admin, '/programme', 200, /text\/html/],
    [admin, '/api/programme', 200, /json/],
    [admin, c, 200, /text\/html/],
    [admin, `/api${c}`, 200, /json/],
    [admin, '/account/notifications', 200, /text\/html/],
    [admin, '/no-such-page', 404, /text\/html/],
    [admin, '/api/no-such-thing', 404, /json/],
    // Downloads: documents, Word, Excel, CSV, calendars, PowerPoint.
    [admin, `${c}/documents/${docVersion}/download`, 200, /text\/plain/],
    [admin, `/api${c}/documents/${docVersion}/download`, 200, /text\/plain/],
    [admin, `${c}/report/document.docx`, 200, /wordprocessingml/],
    [admin, `${plan}/docx`, 200, /wordprocessingml/],
    [admin, `${plan}/xlsx`, 200, /spreadsheetml/],
    [admin, `${plan}/csv`, 200, /text\/csv/],
    [admin, `/api${plan}/csv`, 200, /text\/csv/],
    [admin, `${c}/visit/calendar/${leadPerson}`, 200, /text\/calendar/],
    [admin, '/peers/template.csv', 200, /text\/csv/],
    [lead, `${c}/report/presentation.pptx`, 200, /presentationml/],
    // Signed out: the session's CSRF token and anything else that answers to the session.
    [pub, '/api/session', 200, /json/],
    [pub, '/api/home', 200, /json/],
    [pub, '/login', 200, /text\/html/],
    [pub, '/challenges', 200, /text\/html/],
    [pub, '/health', 200, /json/],
    [pub, '/ready', 200, /json/],
  ]
  const failures: string[] = []
  for (const [client, url, status, type] of cases) {
    const res = await client.get(url)
    if (res.statusCode !== status) failures.push(`${url}: status ${res.statusCode}, expected ${status}`)
    if (type && !type.test(String(res.headers['content-type'])))
      failures.push(`${url}: content type ${res.headers['content-type']}`)
    if (res.headers['cache-control'] !== 'no-store')
      failures.push(`${url}: Cache-Control ${res.headers['cache-control'] ?? '(none)'}`)
    if (res.headers['pragma'] !== 'no-cache') failures.push(`${url}: Pragma ${res.headers['pragma'] ?? '(none)'}`)
  }
  assert.deepEqual(failures, [])
})

test('a form shown again with its errors, and the sign-in page with errors, are not stored either', async () => {
  const login = await pub.request('POST', '/login', { form: { email: 'admin@example.gov.uk', password: 'wrong' } })
  assert.equal(login.statusCode, 401)
  assert.equal(login.headers['cache-control'], 'no-store')
  const bad = await admin.request('POST', '/challenges', { form: { councilCode: '' } })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /govuk-error-summary/)
  assert.equal(bad.headers['cache-control'], 'no-store')
})

test('the public static files keep their long caching', async () => {
  const asset = await pub.get('/assets/images/favicon.ico')
  assert.equal(asset.statusCode, 200)
  assert.match(String(asset.headers['cache-control']), /max-age=604800/)
  for (const url of ['/vendor/govuk/govuk-frontend.min.css', '/public/app.css']) {
    const res = await pub.get(url)
    assert.equal(res.statusCode, 200, url)
    assert.doesNotMatch(String(res.headers['cache-control']), /no-store/, url)
    assert.equal(res.headers['pragma'], undefined, url)
  }
})
