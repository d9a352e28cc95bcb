import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'
import { fromDatabaseError, HTTP_STATUS } from '../common/errors.ts'

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

test('a NUL byte anywhere in the address, the query, a form, JSON or the login is refused with a clear message', async () => {
  const NOT_ALLOWED = /The request contains characters that are not allowed/
  const publicUser = await as(env.app, 'public')
  const cases: [string, Client, Parameters<Client['request']>][] = [
    ['query', publicUser, ['GET', '/challenges?q=a%00b']],
    ['api query', publicUser, ['GET', '/api/peers?q=%00']],
    ['path', publicUser, ['GET', '/api/councils/OA%00D']],
    ['form field', admin, ['POST', `/challenges/${mel}/recommendations`, { form: { kind: 'key', title: 'a\u0000b' } }]],
    [
      'JSON string',
      admin,
      ['POST', `/api/challenges/${mel}/recommendations`, { json: { kind: 'key', title: 'x\u0000' } }],
    ],
    [
      'JSON nested',
      admin,
      ['POST', `/api/challenges/${mel}/team`, { json: { role: 'shadow', name: ['n\u0000'], kind: 'officer' } }],
    ],
    ['JSON key', admin, ['POST', `/api/challenges/${mel}/recommendations`, { json: { 'k\u0000': 1, kind: 'key' } }]],
    ['login form', publicUser, ['POST', '/login', { form: { email: 'admin@example.gov.uk\u0000', password: 'x' } }]],
    [
      'login JSON',
      publicUser,
      ['POST', '/api/login', { json: { email: 'a\u0000@example.gov.uk', password: 'x\u0000' } }],
    ],
    [
      'multipart field',
      admin,
      [
        'POST',
        `/api/challenges/${mel}/documents`,
        multipart({ kind: 'other', title: 'Minutes\u0000' }, { name: 'm.txt', content: 'minutes' }),
      ],
    ],
  ]
  for (const [what, client, [method, url, opts]] of cases) {
    const res = await client.request(method, url, opts)
    assert.equal(res.statusCode, 400, `${what}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    assert.match(res.body, NOT_ALLOWED, what)
  }
  assert.equal(
    (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log where after::text like '%\\u0000%'`))!.n,
    0,
  )
})

test('numbers past PostgreSQL’s integers are refused at the edge: 400 or 404, never 500', async () => {
  const BIG = 2_147_483_648
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const lead = await as(env.app, 'lead')
  const pcm = await as(env.app, 'pcm')
  const officer = await as(env.app, 'nwl')
  assert.equal((await officer.request('POST', `/api/challenges/${nwl}/action-plan`, { json: {} })).statusCode, 201)
  const rec = (await officer.get(`/api/challenges/${nwl}/action-plan`)).json().view.recommendations[0].id
  const action = {
    recommendationIds: [rec],
    title: 'An action',
    leadOfficer: 'Head of HR',
    targetDate: '2027-03-31',
  }
  const ok = await officer.request('POST', `/api/challenges/${nwl}/action-plan/actions`, { json: action })
  assert.equal(ok.statusCode, 201, ok.body)
  const actionId = ok.json().id as number
  const site = await pcm.request('POST', `/api/challenges/${har}/visit/sites`, { json: { name: 'Civic Centre' } })
  assert.equal(site.statusCode, 201, site.body)
  const proposal = await admin.request('POST', '/api/assembly', {
    json: { scope: 'challenge', challengeId: String(har) },
  })
  const run = (await admin.solved<{ id: number }>(proposal)).id
  const sam = (await env.db.one<{ id: number }>(`select id from people where name = 'Sam Okafor'`))!.id
  const cases: [string, Client, string, string, object | ReturnType<typeof multipart>][] = [
    ['challenge version', admin, 'PUT', `/api/challenges/${mel}`, { version: BIG }],
    ['challenge frameworkId', admin, 'PUT', `/api/challenges/${mel}`, { version: 1, frameworkId: BIG }],
    [
      'new challenge frameworkId',
      admin,
      'POST',
      '/api/challenges',
      { councilCode: 'RUT', reviewType: 'gpc', frameworkId: BIG },
    ],
    [
      'new challenge parentId',
      admin,
      'POST',
      '/api/challenges',
      { councilCode: 'RUT', reviewType: 'gpc', parentId: BIG },
    ],
    ['stage version', admin, 'POST', `/api/challenges/${mel}/stage`, { to: 'final', version: BIG }],
    ['team personId', admin, 'POST', `/api/challenges/${mel}/team`, { personId: BIG, role: 'shadow' }],
    [
      'team personId as text',
      admin,
      'POST',
      `/api/challenges/${mel}/team`,
      { personId: '99999999999', role: 'shadow' },
    ],
    [
      'documentId',
      admin,
      'POST',
      `/api/challenges/${mel}/documents`,
      multipart({ documentId: String(BIG) }, { name: 'm.txt', content: 'minutes' }),
    ],
    [
      'travel toSite',
      pcm,
      'POST',
      `/api/challenges/${har}/visit/travel`,
      { fromSite: site.json().id, toSite: BIG, minutes: 5 },
    ],
    [
      'session siteId',
      pcm,
      'POST',
      `/api/challenges/${har}/visit/sessions`,
      { title: 'Leader', kind: 'interview', minutes: 60, siteId: BIG },
    ],
    [
      'session attendees',
      pcm,
      'POST',
      `/api/challenges/${har}/visit/sessions`,
      { title: 'Leader', kind: 'interview', minutes: 60, attendees: [String(BIG)] },
    ],
    [
      'evidence sessionId',
      lead,
      'POST',
      `/api/challenges/${mel}/evidence`,
      { sessionId: BIG, themes: ['local-priorities'], polarity: 'strength', text: 'A note' },
    ],
    ['report baseVersion', lead, 'POST', `/api/challenges/${mel}/report`, { executiveSummary: 'x', baseVersion: BIG }],
    [
      'recommendationIds',
      officer,
      'POST',
      `/api/challenges/${nwl}/action-plan/actions`,
      { ...action, recommendationIds: [BIG] },
    ],
    ['ownerUserId', officer, 'POST', `/api/challenges/${nwl}/action-plan/actions`, { ...action, ownerUserId: BIG }],
    [
      'action version',
      officer,
      'PUT',
      `/api/challenges/${nwl}/action-plan/actions/${actionId}`,
      { ...action, version: BIG },
    ],
    [
      'milestonesDone',
      officer,
      'POST',
      `/api/challenges/${nwl}/action-plan/actions/${actionId}/progress`,
      { asOf: '2026-11-20', text: 'Done', status: 'in-progress', milestonesDone: [BIG] },
    ],
    ['peer version', admin, 'PUT', `/api/peers/${sam}`, { name: 'Sam Okafor', kind: 'officer', version: BIG }],
    [
      'assembly challengeId',
      admin,
      'POST',
      `/api/assembly/${run}/edit`,
      { challengeId: BIG, slot: 'lead', version: 1 },
    ],
    [
      'assembly add',
      admin,
      'POST',
      `/api/assembly/${run}/edit`,
      { challengeId: har, slot: 'lead', add: String(BIG), version: 1 },
    ],
    ['assembly version', admin, 'POST', `/api/assembly/${run}/accept`, { version: BIG }],
  ]
  const problems: string[] = []
  for (const [what, client, method, url, body] of cases) {
    const res = await client.request(
      method,
      url,
      'payload' in body && 'headers' in body ? (body as ReturnType<typeof multipart>) : { json: body },
    )
    // Refused by the input's own validation (a 400 naming the field, or not found), not by the database.
    const named = res.statusCode === 400 && Object.keys(res.json().fields ?? {}).length > 0
    if (!named && res.statusCode !== 404) problems.push(`${what}: ${res.statusCode} ${res.body.slice(0, 160)}`)
  }
  assert.deepEqual(problems, [])
})

test('a rule the database enforces is a 409 with a clear message; a form comes back with what was typed', async () => {
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const pcm = await as(env.app, 'pcm')
  // A rule only the database knows (as when two requests race past the service's own checks).
  await env.db.exec(`alter table visit_sites add constraint test_no_annex check (name <> 'Old Annex')`)
  try {
    const form = await pcm.request('POST', `/challenges/${har}/visit/sites`, { form: { name: 'Old Annex' } })
    assert.equal(form.statusCode, 409, form.body.slice(0, 300))
    assert.match(form.body, /govuk-error-summary/)
    assert.match(form.body, /breaks one of the service’s rules/)
    assert.match(form.body, /value="Old Annex"/)
    const api = await pcm.request('POST', `/api/challenges/${har}/visit/sites`, { json: { name: 'Old Annex' } })
    assert.equal(api.statusCode, 409)
    assert.equal(api.json().error, 'conflict')
  } finally {
    await env.db.exec(`alter table visit_sites drop constraint test_no_annex`)
  }
  // Every code the mapping knows, as this database's driver reports it.
  const code = async (sql: string, params?: unknown[]) => {
    const e = await env.db.query(sql, params).then(
      () => undefined,
      (err: unknown) => err,
    )
    const mapped = fromDatabaseError(e)
    return mapped && `${HTTP_STATUS[mapped.code]} ${mapped.message}`
  }
  assert.match(
    (await code(`insert into review_types select * from review_types limit 1`))!,
    /^409 This would duplicate/,
  )
  assert.match(
    (await code(`update challenges set onsite_end = onsite_start - 1 where onsite_start is not null`))!,
    /^409/,
  )
  assert.match(
    (await code(`insert into team_members (challenge_id, person_id, role) values (${har}, 2147483647, 'shadow')`))!,
    /^409/,
  )
  assert.match(
    (await code(`select $1::text`, ['a\u0000']))!,
    /^400 The request contains characters that are not allowed/,
  )
  assert.match((await code(`select 2147483647 + 1`))!, /^400/)
  assert.equal(await code(`select nonsense from nowhere`), undefined) // the service's own fault stays a 500
})
