import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { unzipSync, strFromU8 } from 'fflate'
import { ACCOUNTS, as, challengeId, Client, demoEnv, multipart, type TestEnv } from '../testing/harness.ts'
import { createUser, SYSTEM_ACTOR } from './users.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/**
 * The leak matrix. A canary string is put into every private field (internal notes, evidence notes and their audit
 * entries, a draft version not issued, team-only documents, the team's review comments, the council's comments,
 * draft recommendations, the council's working action plan, the visit's attendees, a peer's profile notes, someone's
 * reminder email and in-app notification, an import under review, a progress update). Then every GET route the app serves (pages, API twins, history, lists,
 * searches, downloads, unzipped when they are .docx/.xlsx/.pptx) is requested by every role, and no canary may appear
 * in a response to a role outside its audience (the council export, /councils/:code/export.zip, among them: every
 * council's zip is requested by every role and unzipped). Each canary must also be seen by some role allowed it, so the test
 * fails if the seeding stops working.
 */

type Role = 'public' | 'admin' | 'lead' | 'pcm' | 'melton' | 'nwl' | 'outsider' | 'harlow'
const ROLES: Role[] = ['public', 'admin', 'lead', 'pcm', 'melton', 'nwl', 'outsider', 'harlow']
const TEAM: Role[] = ['lead', 'pcm'] // on the Melton and Harlow teams
const PROGRAMME: Role[] = ['admin', ...TEAM]

let env: TestEnv
let clients: Record<Role, Client>
const ids: Record<string, number> = {}
const accountIds: number[] = []
const canaries: { name: string; value: string; allowed: Role[] }[] = []
const canary = (name: string, allowed: Role[]) => {
  const value = `cnry${name.replace(/[^a-z]/gi, '')}${Math.random().toString(36).slice(2, 8)}`
  canaries.push({ name, value, allowed })
  return value
}

before(async () => {
  env = await demoEnv()
  const db = env.db
  for (const ref of ['CPC-2026-MEL', 'CPC-2026-HAR', 'CPC-2024-NWL', 'CPC-2017-OAD', 'CPC-2022-BLA'])
    ids[ref.slice(-3)] = await challengeId(db, ref)
  // Two more accounts: a peer on no team of these challenges, and an officer of the council Harlow.
  const sys = { db, actor: SYSTEM_ACTOR, clock: env.clock }
  const outsider = (await db.one<{ id: number }>(
    `insert into people (name, kind, organisation) values ('Olu Outsider', 'officer', 'Elsewhere Council') returning id`,
  ))!.id
  await createUser(sys, {
    email: 'outsider@example.gov.uk',
    name: 'Olu Outsider',
    role: 'peer',
    personId: outsider,
    password: DEMO_PASSWORD,
  })
  const harlowCouncil = (await db.one<{ id: number }>(`select id from councils where code = 'HAR'`))!.id
  await createUser(sys, {
    email: 'officer@harlow.example.gov.uk',
    name: 'Harley Officer',
    role: 'council',
    councilId: harlowCouncil,
    password: DEMO_PASSWORD,
  })
  clients = {
    public: await as(env.app, 'public'),
    admin: await as(env.app, 'admin'),
    lead: await as(env.app, 'lead'),
    pcm: await as(env.app, 'pcm'),
    melton: await as(env.app, 'melton'),
    nwl: await as(env.app, 'nwl'),
    outsider: await new Client(env.app).login('outsider@example.gov.uk'),
    harlow: await new Client(env.app).login('officer@harlow.example.gov.uk'),
  }
  const { MEL: mel, HAR: har, NWL: nwl } = ids as Record<string, number>
  const ok = (res: { statusCode: number; body: string }, what: string) =>
    assert.ok(res.statusCode < 300, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`)

  // Internal notes on a published challenge (North West Leicestershire): its report is public, its notes are not.
  await db.query(`update challenges set notes = $2 where id = $1`, [
    ids['NWL'],
    canary('internal notes of a published challenge', ['admin', 'nwl']),
  ])
  // Melton (the draft is with the council for its factual check).
  await db.query(`update challenges set notes = $2 where id = $1`, [
    mel,
    canary('internal notes', [...PROGRAMME, 'melton']),
  ])
  const session = (await db.one<{ id: number }>(
    `select id from visit_sessions where challenge_id = $1 order by id limit 1`,
    [mel],
  ))!.id
  ok(
    await clients.lead.post(`/api/challenges/${mel}/evidence`, {
      json: { sessionId: session, themes: ['priorities'], polarity: 'strength', text: canary('evidence note', TEAM) },
    }),
    'evidence note',
  )
  canaries.push({ name: 'evidence audit entries', value: 'evidence.note-added', allowed: TEAM })
  const report = (await clients.lead.get(`/api/challenges/${mel}/report/edit`)).json()
  ok(
    await clients.lead.post(`/api/challenges/${mel}/report`, {
      json: {
        ...report.values,
        executiveSummary: canary('draft not issued', PROGRAMME),
        note: canary('draft version note', PROGRAMME),
        baseVersion: report.baseVersion,
      },
    }),
    'draft version',
  )
  canaries.push({ name: 'draft version audit entries', value: 'report.version-saved', allowed: PROGRAMME })
  ok(
    await clients.lead.post(`/api/challenges/${mel}/report/comments`, {
      json: { section: 'approach', text: canary('team review comment', PROGRAMME) },
    }),
    'team comment',
  )
  ok(
    await clients.melton.post(`/api/challenges/${mel}/report/comments`, {
      json: { section: 'approach', text: canary('council comment', [...PROGRAMME, 'melton']) },
    }),
    'council comment',
  )
  const position = canary('position statement', [...PROGRAMME, 'melton'])
  const up = multipart(
    { kind: 'position-statement', title: position },
    { name: 'position.txt', content: `Position ${position}` },
  )
  ok(await clients.melton.request('POST', `/api/challenges/${mel}/documents`, up), 'position statement')
  ok(
    await clients.pcm.post(`/api/challenges/${mel}/visit/attendees`, {
      json: { name: canary('visit attendee', [...PROGRAMME, 'melton']), group: 'councillors' },
    }),
    'attendee',
  )

  // Harlow (in preparation: nothing issued, no feedback given).
  const draftDoc = canary('team-only report draft', PROGRAMME)
  ok(
    await clients.pcm.request(
      'POST',
      `/api/challenges/${har}/documents`,
      multipart({ kind: 'report-draft', title: draftDoc }, { name: 'draft.txt', content: `Draft ${draftDoc}` }),
    ),
    'report draft document',
  )
  const pres = canary('team-only presentation', PROGRAMME)
  ok(
    await clients.pcm.request(
      'POST',
      `/api/challenges/${har}/documents`,
      multipart({ kind: 'presentation', title: pres }, { name: 'slides.txt', content: `Slides ${pres}` }),
    ),
    'presentation document',
  )
  ok(
    await clients.pcm.post(`/api/challenges/${har}/recommendations`, {
      json: { kind: 'key', title: canary('draft recommendation', PROGRAMME) },
    }),
    'draft recommendation',
  )
  // Its recommendation theme (as a classifier would store it on the library's entry) is the draft's too: it shows in
  // the library's facets and the insights' theme chart (/library/insights and its API twin are in the URL list).
  await db.query(
    `update library_entries set rec_theme = $1
      where source = 'recommendation' and source_id = (select max(id) from recommendations where challenge_id = $2)`,
    [canary('draft recommendation theme', PROGRAMME).toLowerCase(), har],
  )

  // A draft recommendation like one of Blaby's published ones: never among Blaby's "councils given similar
  // recommendations" for those outside its audience (decision 0023).
  ok(
    await clients.pcm.post(`/api/challenges/${har}/recommendations`, {
      json: {
        kind: 'key',
        title: `Review and refresh the scrutiny function ${canary('draft recommendation like another council', PROGRAMME)}`,
      },
    }),
    'draft recommendation like Blaby',
  )

  // North West Leicestershire (published): the council's working action plan is not published.
  ok(await clients.nwl.post(`/api/challenges/${nwl}/action-plan`, { json: {} }), 'start plan')
  const plan = (await clients.nwl.get(`/api/challenges/${nwl}/action-plan`)).json()
  ok(
    await clients.nwl.post(`/api/challenges/${nwl}/action-plan/actions`, {
      json: {
        title: canary('working action plan', ['admin', 'nwl']),
        leadOfficer: 'Head of Paid Service',
        targetDate: '2027-06-30',
        recommendationIds: [plan.view.recommendations[0].id],
      },
    }),
    'plan action',
  )

  // A progress update on that working plan: the council's too (the library indexes it: it must stay the council's).
  const action = (await db.one<{ id: number }>(
    `select a.id from plan_actions a join action_plans p on p.id = a.plan_id where p.challenge_id = $1 order by a.id desc limit 1`,
    [nwl],
  ))!.id
  ok(
    await clients.nwl.post(`/api/challenges/${nwl}/action-plan/actions/${action}/progress`, {
      json: {
        asOf: '2026-11-20',
        text: `Work begun: ${canary('progress update', ['admin', 'nwl'])}`,
        status: 'in-progress',
      },
    }),
    'progress update',
  )

  // The council's committee settings: its contact officer is the council's and the programme office's.
  const settings = (await clients.nwl.get('/api/councils/NWL/committees')).json()
  ok(
    await clients.nwl.request('PUT', '/api/councils/NWL/committees', {
      json: { ...settings.values, contactName: canary('committee settings contact', ['admin', 'nwl']) },
    }),
    'committee settings',
  )

  // The reason for overriding a recommendation's themes: the programme office's alone (the public sees that a person
  // set them, not who or why).
  const nwlRec = (await db.one<{ id: number }>(`select min(id) as id from recommendations where challenge_id = $1`, [
    nwl,
  ]))!.id
  ok(
    await clients.admin.request('PUT', `/api/challenges/${nwl}/recommendations/${nwlRec}/themes`, {
      json: { themes: ['governance'], reason: canary('theme override reason', ['admin']) },
    }),
    'theme override',
  )

  // A date stated in a document, recorded by the council's officer: where it is stated and the note are the council's.
  ok(
    await clients.nwl.post(`/api/challenges/${nwl}/stated-dates`, {
      json: {
        ruleCode: 'next-review',
        due: '2028-06',
        source: canary('stated date source', ['admin', 'nwl']),
        note: canary('stated date note', ['admin', 'nwl']),
      },
    }),
    'stated date',
  )

  // A peer's own profile notes, someone's reminder email, an import under review.
  const sam = (await db.one<{ id: number }>(`select id from people where name = 'Sam Okafor'`))!.id
  await db.query(`update people set notes = $2 where id = $1`, [sam, canary('peer profile notes', ['admin', 'lead'])])
  const nwlUser = (await db.one<{ id: number }>(`select id from users where email = $1`, [ACCOUNTS.nwl]))!.id
  await db.query(
    `insert into outbox (dedupe_key, user_id, to_email, kind, subject, body, created_at) values ('leak', $1, $2, 'due', 'Reminder', $3, now())`,
    [nwlUser, ACCOUNTS.nwl, canary('reminder email', ['admin', 'nwl'])],
  )
  // An in-app notification (decision 0032) is its recipient's alone: not even the programme office reads it.
  await db.query(
    `insert into user_notifications (user_id, kind, title, href, challenge_id, created_at) values ($1, 'draft-issued', $2, '/', $3, now())`,
    [nwlUser, canary('in-app notification', ['nwl']), nwl],
  )
  // Accounts (decision 0027): Melton lets its officers see and invite its own officers; North West Leicestershire
  // does not. A password reset email is its recipient's alone, the programme office included out.
  await db.query(
    `insert into council_account_settings (council_id, officers_may_invite, updated_at) select id, true, now() from councils where code = 'MEL'`,
  )
  for (const [code, name, allowed] of [
    ['MEL', 'account of a Melton officer', ['admin', 'melton']],
    // (its own officers know each other's names from the action plan's lead officers, not from the accounts list)
    ['NWL', 'account of a North West Leicestershire officer', ['admin', 'nwl']],
  ] as const) {
    const c = canary(name, [...allowed])
    accountIds.push(
      (await db.one<{ id: number }>(
        `insert into users (email, name, password_hash, role, council_id, created_at, invited_at) select $1, $2, null, 'council', id, now(), now() from councils where code = $3 returning id`,
        [`${c}@example.gov.uk`, c, code],
      ))!.id,
    )
  }
  const meltonUser = (await db.one<{ id: number }>(`select id from users where email = $1`, [ACCOUNTS.melton]))!.id
  await db.query(
    `insert into outbox (dedupe_key, user_id, to_email, kind, subject, body, created_at) values ('leak-reset', $1, $2, 'password-reset', 'Reset', $3, now())`,
    [meltonUser, ACCOUNTS.melton, canary('password reset link', ['melton'])],
  )
  const importText = canary('import under review', ['admin'])
  ok(
    await clients.admin.request(
      'POST',
      '/api/imports',
      multipart(
        {},
        { name: 'upload.txt', content: `Corporate Peer Challenge\n\nRutland County Council\n\n${importText}` },
      ),
    ),
    'import',
  )
  // A bulk import's job and documents, and a value in the review queue on Melton's challenge (decision 22).
  const adminId = (await db.one<{ id: number }>(`select id from users where email = $1`, [ACCOUNTS.admin]))!.id
  const job = (await db.one<{ id: string }>(
    `insert into jobs (id, kind, title, state, progress_note, created_by, created_at, updated_at)
     values (gen_random_uuid(), 'bulk-import', $1, 'completed', $2, $3, now(), now()) returning id`,
    [canary('job title', ['admin']), canary('job progress note', ['admin']), adminId],
  ))!.id
  const anImport = (await db.one<{ id: number }>(`select min(id) as id from imports`))!.id
  await db.query(
    `insert into bulk_import_items (job_id, position, filename, size_bytes, sha256, status, import_id, reason)
     values ($1, 1, $2, 10, 'x', 'needs-review', $3, $4)`,
    [job, canary('bulk import file name', ['admin']), anImport, canary('bulk import reason', ['admin'])],
  )
  await db.query(
    `insert into import_field_reviews (import_id, challenge_id, field, label, value, confidence)
     values ($1, $2, 'peers', 'Peer team', $3, 0.4)`,
    [anImport, ids['MEL'], JSON.stringify([canary('unconfirmed value in the review queue', ['admin'])])],
  )
})
after(async () => env?.close())

/** Concrete URLs for every GET route, with each parameter drawn from the rows of the challenges above. */
async function urls(): Promise<string[]> {
  const db = env.db
  const challenges = Object.values(ids)
  const of = async (sql: string) => (await db.query<{ c: number; v: string | number }>(sql, [challenges])).map((r) => r)
  const per: Record<string, { c: number; v: string | number }[]> = {
    eventId: await of(
      `select challenge_id as c, min(id) as v from challenge_events where challenge_id = any($1) group by 1`,
    ),
    statedId: await of(
      `select challenge_id as c, min(id) as v from rule_overrides where challenge_id = any($1) group by 1`,
    ),
    recId: await of(
      `select challenge_id as c, min(id) as v from recommendations where challenge_id = any($1) group by 1`,
    ),
    versionId: await of(
      `select d.challenge_id as c, v.id as v from documents d join document_versions v on v.document_id = d.id where d.challenge_id = any($1)`,
    ),
    actionId: await of(
      `select p.challenge_id as c, a.id as v from plan_actions a join action_plans p on p.id = a.plan_id where p.challenge_id = any($1)`,
    ),
    evidenceId: await of(
      `select p.challenge_id as c, e.id as v from progress_evidence e join plan_actions a on a.id = e.action_id join action_plans p on p.id = a.plan_id where p.challenge_id = any($1)`,
    ).catch(() => []),
    snapshotId: await of(
      `select p.challenge_id as c, s.id as v from plan_snapshots s join action_plans p on p.id = s.plan_id where p.challenge_id = any($1)`,
    ),
    importId: [],
    attendeeId: await of(
      `select challenge_id as c, max(id) as v from visit_attendees where challenge_id = any($1) group by 1`,
    ),
    sessionId: await of(
      `select challenge_id as c, min(id) as v from visit_sessions where challenge_id = any($1) group by 1`,
    ),
    timetableId: await of(`select challenge_id as c, id as v from timetables where challenge_id = any($1)`),
    personId: await of(`select challenge_id as c, person_id as v from team_members where challenge_id = any($1)`),
    noteId: await of(`select challenge_id as c, id as v from evidence_notes where challenge_id = any($1)`),
    format: challenges.flatMap((c) =>
      ['docx', 'xlsx', 'csv', 'committee-report', 'position-statement'].map((v) => ({ c, v })),
    ),
  }
  const people = (
    await db.query<{ id: number }>(
      `select id from people where name in ('Sam Okafor', 'Olu Outsider') or id = (select min(id) from people)`,
    )
  ).map((r) => r.id)
  const importIds = (await db.query<{ id: number }>(`select id from imports`)).map((r) => r.id)
  const jobIds = (await db.query<{ id: string }>(`select id from jobs`)).map((r) => r.id)
  const reviewIds = (await db.query<{ id: number }>(`select id from import_field_reviews`)).map((r) => r.id)
  const out = new Set<string>()
  const patterns = [...new Set(env.app.routeList.filter((r) => r.method === 'GET').map((r) => r.url))].filter(
    (u) => !/^\/(assets|vendor|public)\/|^\/api\/docs|\*/.test(u) && u !== '/health' && u !== '/ready',
  )
  for (const p of patterns) {
    const names = [...p.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!)
    if (!names.length) {
      out.add(p)
      continue
    }
    if (p.includes('/challenges/:id')) {
      for (const c of challenges) {
        let variants = [p.replace(':id', String(c))]
        for (const n of names.filter((x) => x !== 'id')) {
          const values = (per[n] ?? []).filter((r) => r.c === c).map((r) => String(r.v))
          variants = variants.flatMap((u) => values.slice(0, 6).map((v) => u.replace(`:${n}`, v)))
        }
        variants.forEach((u) => out.add(u))
      }
    } else if (p.includes(':code')) {
      for (const code of ['MEL', 'HAR', 'NWL', 'OAD', ...(p.includes('repeat-findings') ? ['BLA'] : [])])
        out.add(p.replace(':code', code))
    } else if (/\/(peers)\/:id/.test(p)) people.forEach((id) => out.add(p.replace(':id', String(id))))
    else if (/\/bulk-imports\/:id|\/jobs\/:id/.test(p)) jobIds.forEach((id) => out.add(p.replace(':id', id)))
    else if (/\/import-reviews\/:id/.test(p)) reviewIds.forEach((id) => out.add(p.replace(':id', String(id))))
    else if (/\/imports\/:id/.test(p)) importIds.forEach((id) => out.add(p.replace(':id', String(id))))
    else if (/team-rules\/:code/.test(p)) out.add(p.replace(':code', 'cpc'))
    else if (/\/users\/:id/.test(p)) accountIds.forEach((id) => out.add(p.replace(':id', String(id))))
  }
  // Searches and filters over the lists.
  for (const q of [
    '/councils?q=Melton',
    '/challenges?council=MEL',
    '/challenges?council=NWL',
    '/challenges?stage=factual-check',
    // the lists as CSV and Excel (issue 18), through the same scopes
    '/challenges.csv?council=MEL',
    '/challenges.xlsx?stage=factual-check',
    '/peers.csv?q=a',
    '/users?q=cnry',
    '/users?status=invited',
  ])
    ['', '/api'].forEach((pre) => out.add(pre + q))
  // The library: every canary searched for by its own word, on the page, its API twin and the open data (in capitals:
  // the search ignores case, and the page repeating the search terms is not a leak).
  for (const c of canaries)
    for (const path of ['/library', '/api/library', '/library.csv', '/library.json'])
      out.add(`${path}?q=${encodeURIComponent(c.value.toUpperCase())}`)
  return [...out].sort()
}

function bodyText(res: { headers: Record<string, unknown>; rawPayload: Buffer; body: string }): string {
  const type = String(res.headers['content-type'] ?? '')
  if (res.rawPayload.subarray(0, 2).toString('latin1') === 'PK' || /officedocument|zip/.test(type)) {
    try {
      const files = unzipSync(new Uint8Array(res.rawPayload))
      return Object.values(files)
        .map((f) => strFromU8(f, true))
        .join('\n')
    } catch {
      return res.body
    }
  }
  return res.body
}

test('leak matrix: no canary reaches a role outside its audience, through any page, API twin, history, search or download', async () => {
  const list = await urls()
  const seen = new Map<string, Set<Role>>(canaries.map((c) => [c.name, new Set<Role>()]))
  const leaks: string[] = []
  const errors: string[] = []
  let requests = 0
  for (const role of ROLES) {
    for (const url of list) {
      const res = await clients[role].get(url)
      requests++
      if (res.statusCode >= 500) errors.push(`${role} GET ${url} -> ${res.statusCode}`)
      const text = bodyText(res)
      for (const c of canaries) {
        if (!text.includes(c.value)) continue
        seen.get(c.name)!.add(role)
        if (!c.allowed.includes(role)) leaks.push(`${c.name} -> ${role} via GET ${url}`)
      }
    }
  }
  console.log(
    `# leak matrix: ${ROLES.length} roles x ${list.length} URLs (${requests} requests) x ${canaries.length} canaries = ${requests * canaries.length} checks; ${leaks.length} leaks`,
  )
  for (const c of canaries)
    console.log(
      `#   ${c.name}: seen by ${[...seen.get(c.name)!].join(', ') || 'nobody'} (allowed ${c.allowed.join(', ')})`,
    )
  assert.deepEqual(leaks, [], 'private data reached a role outside its audience')
  assert.deepEqual(errors, [], 'server errors')
  // The matrix can fail: every canary was planted where someone allowed to see it does see it.
  const unseen = canaries.filter((c) => !seen.get(c.name)!.size).map((c) => c.name)
  assert.deepEqual(unseen, [], 'canaries nobody saw: the seeding or the URL list is broken')
})
