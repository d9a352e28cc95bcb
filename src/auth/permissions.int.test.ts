import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { strToU8, zipSync } from 'fflate'
import { newToken } from '../accounts/rules.ts'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/**
 * The permission matrix: every route the app serves, tried by every role. Denied roles must be refused (401/403/404,
 * or a redirect to sign in) and change nothing; allowed roles must get past the permission check.
 */
type Role = 'public' | 'admin' | 'lead' | 'pcm' | 'own' | 'other'
const ROLES: Role[] = ['public', 'admin', 'lead', 'pcm', 'own', 'other']
const ALL = ROLES
const ADMIN: Role[] = ['admin']
const MEL_VIEW: Role[] = ['admin', 'lead', 'pcm', 'own']
const OWN: Role[] = ['own']
const SIGNED_IN: Role[] = ['admin', 'lead', 'pcm', 'own', 'other']

interface Row {
  method: string
  /** The route pattern as registered. */
  route: string
  allowed: Role[]
  /** Concrete URL (may create a fresh target for each attempt). */
  url: () => Promise<string> | string
  body?: () => Promise<Req> | Req
}
type Req = { json?: unknown; form?: Record<string, unknown>; payload?: Buffer; headers?: Record<string, string> }

let env: TestEnv
let clients: Record<Role, Client>
let mel: number
let oad: number
let melRec: number
let melVersion: () => Promise<number>
let docVersion: number
let importId: number
let importId2: number
let jobId: string
let reviewId: number
let sam: number
let harlow: number
let runId: number
let visit: {
  attendeeId: number
  sessionId: number
  timetableId: number
  leadNote: number
  lead: number
  commentId: number
}
const PLAN: Role[] = ['admin', 'pcm', 'own']
const TEAM: Role[] = ['lead', 'pcm']
const WRITE: Role[] = ['admin', 'lead', 'pcm']
const LEAD_SELF: Role[] = ['admin', 'lead']
let plan: {
  id: number
  actionId: number
  recId: number
  snapshotId: number
  evidenceId: number
  xlsx: Buffer
  importId: number
}

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  oad = await challengeId(env.db, 'CPC-2017-OAD')
  melRec = (await env.db.one<{ id: number }>(
    `select id from recommendations where challenge_id = $1 order by number limit 1`,
    [mel],
  ))!.id
  melVersion = async () =>
    (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!.version
  clients = {
    public: await as(env.app, 'public'),
    admin: await as(env.app, 'admin'),
    lead: await as(env.app, 'lead'),
    pcm: await as(env.app, 'pcm'),
    own: await as(env.app, 'melton'),
    other: await as(env.app, 'nwl'),
  }
  const up = await clients.admin.request(
    'POST',
    `/api/challenges/${mel}/documents`,
    multipart({ kind: 'position-statement' }, { name: 'position.txt', content: Buffer.from('Our position statement') }),
  )
  assert.equal(up.statusCode, 201, up.body)
  docVersion = (await env.db.one<{ id: number }>(`select id from document_versions order by id desc limit 1`))!.id
  importId = await freshImport()
  importId2 = await freshImport()
  // A job the programme office asked for, and a value waiting in the review queue (decision 22).
  const adminId = (await env.db.one<{ id: number }>(`select id from users where email = 'admin@example.gov.uk'`))!.id
  jobId = (await env.db.one<{ id: string }>(
    `insert into jobs (id, kind, title, state, created_by, created_at, updated_at)
     values (gen_random_uuid(), 'bulk-import', 'Import 1 document from test.zip', 'failed', $1, now(), now()) returning id`,
    [adminId],
  ))!.id
  reviewId = (await env.db.one<{ id: number }>(
    `insert into import_field_reviews (import_id, challenge_id, field, label, value, confidence)
     values ($1, $2, 'onSite', 'On-site dates', '{"start":"2026-01-01","end":"2026-01-02"}', 0.5) returning id`,
    [importId2, mel],
  ))!.id
  // Melton's report made final, and its officer's action plan with an action, evidence and a snapshot.
  await env.db.query(`update challenges set stage = 'final' where id = $1`, [mel])
  await env.db.query(`update recommendations set locked_at = now() where challenge_id = $1`, [mel])
  const own = clients.own
  const api = `/api/challenges/${mel}/action-plan`
  assert.equal((await own.request('POST', api, { json: {} })).statusCode, 201)
  const recId = (await own.get(api)).json().view.recommendations[0].id
  const act = await own.request('POST', `${api}/actions`, {
    json: { title: 'Matrix action', leadOfficer: 'Officer', targetDate: '2027-06-30', recommendationIds: [recId] },
  })
  assert.equal(act.statusCode, 201, act.body)
  const actionId = act.json().id
  const ev = await own.request(
    'POST',
    `${api}/actions/${actionId}/progress`,
    multipart(
      { asOf: '2026-11-20', text: 'Started', status: 'in-progress' },
      { name: 'evidence.txt', content: Buffer.from('evidence') },
    ),
  )
  assert.equal(ev.statusCode, 201, ev.body)
  const meeting = await own.request('POST', `${api}/meetings`, {
    json: { body: 'scrutiny', meetingDate: '2026-11-20', decision: 'noted', snapshot: true },
  })
  assert.equal(meeting.statusCode, 201, meeting.body)
  const xlsx = await own.get(`${api}/download/xlsx`)
  plan = {
    id: (await env.db.one<{ id: number }>(`select id from action_plans where challenge_id = $1`, [mel]))!.id,
    actionId,
    recId,
    snapshotId: meeting.json().snapshotId,
    evidenceId: (await env.db.one<{ id: number }>(`select id from progress_evidence order by id desc limit 1`))!.id,
    xlsx: xlsx.rawPayload,
    importId: 0,
  }
  plan.importId = await freshPlanImport()
  // The pool and the assembler: Sam Okafor (the lead peer's own profile), Harlow's team to complete, one proposal.
  sam = (await env.db.one<{ id: number }>(`select id from people where name = 'Sam Okafor'`))!.id
  harlow = await challengeId(env.db, 'CPC-2026-HAR')
  const run = await clients.admin.request('POST', '/api/assembly', {
    json: { scope: 'challenge', challengeId: String(harlow) },
  })
  runId = (await clients.admin.solved<{ id: number }>(run)).id
  // The demo visit to Melton: an attendee, a session, its published timetable, a note of the lead peer's, a comment.
  const lead = (await env.db.one<{ id: number }>(
    `select person_id as id from team_members where challenge_id = $1 and role = 'lead-peer'`,
    [mel],
  ))!.id
  visit = {
    attendeeId: (await env.db.one<{ id: number }>(
      `select id from visit_attendees where challenge_id = $1 order by id limit 1`,
      [mel],
    ))!.id,
    sessionId: (await env.db.one<{ id: number }>(
      `select id from visit_sessions where challenge_id = $1 order by id limit 1`,
      [mel],
    ))!.id,
    timetableId: (await env.db.one<{ id: number }>(
      `select id from timetables where challenge_id = $1 and status = 'published'`,
      [mel],
    ))!.id,
    leadNote: (await env.db.one<{ id: number }>(
      `select id from evidence_notes where challenge_id = $1 and author_person_id = $2 order by id limit 1`,
      [mel, lead],
    ))!.id,
    lead,
    commentId: (await env.db.one<{ id: number }>(
      `insert into report_comments (challenge_id, report_version_id, section, text, author_label, from_council, created_at) select $1, id, 'approach', 'matrix', 'x', true, now() from report_versions where challenge_id = $1 order by version desc limit 1 returning id`,
      [mel],
    ))!.id,
  }
})
after(async () => env.close())

const freshRec = async () =>
  (await env.db.one<{ id: number }>(
    `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', (select max(number) + 1 from recommendations where challenge_id = $1), 'temporary') returning id`,
    [mel],
  ))!.id
const freshEvent = async () =>
  (await env.db.one<{ id: number }>(
    `insert into challenge_events (challenge_id, code, occurred_on, recorded_at) values ($1, 'position_statement_received', '2026-09-01', now()) returning id`,
    [mel],
  ))!.id
let statedN = 0
const freshStated = async () =>
  (await env.db.one<{ id: number }>(
    `insert into rule_overrides (challenge_id, rule_code, due, precision, source, recorded_at) values ($1, $2, '2027-01-19', 'day', 'the matrix', now()) returning id`,
    [mel, `matrix-${++statedN}`],
  ))!.id
const freshMember = async () => {
  const p = await env.db.one<{ id: number }>(
    `insert into people (name, kind) values ('Temp Shadow', 'officer') returning id`,
  )
  return (await env.db.one<{ id: number }>(
    `insert into team_members (challenge_id, person_id, role) values ($1, $2, 'shadow') returning id`,
    [mel, p!.id],
  ))!.id
}
const csv =
  'local-authority-code,official-name,nice-name,nation,local-authority-type\nZZZ,Test Council,Test,England,NMD\n'
const importFile = () =>
  multipart(
    {},
    {
      name: `report-${Math.random()}.txt`,
      content: Buffer.from(
        `Corporate Peer Challenge\n\nRutland County Council\n\n10-12 January 2025\n\nFeedback report\n\n${Math.random()}`,
      ),
    },
  )
const bulkZip = () =>
  multipart(
    {},
    { name: 'bulk.zip', content: Buffer.from(zipSync({ 'a.txt': strToU8(`Not a report ${Math.random()}`) })) },
  )
const freshImport = async () => {
  const r = await clients.admin.request('POST', '/api/imports', importFile())
  assert.equal(r.statusCode, 201, r.body)
  return (JSON.parse(r.body) as { id: number }).id
}
const saveBody = () => ({
  json: {
    councilCode: 'RUT',
    frameworkCode: 'cpc-2024-strengthened',
    onsiteStart: '2025-01-10',
    onsiteEnd: '2025-01-12',
  },
})
const freshAction = async () =>
  (await env.db.one<{ id: number }>(
    `insert into plan_actions (plan_id, number, title, lead_officer, target_date, created_at, updated_at) values ($1, (select max(number) + 1 from plan_actions where plan_id = $1), 'temporary', 'x', '2027-01-01', now(), now()) returning id`,
    [plan.id],
  ))!.id
const freshPlanImport = async () =>
  (await env.db.one<{ id: number }>(
    `insert into plan_imports (plan_id, filename, sha256, plan_version, changes, errors, created_at) select id, 'm.xlsx', 'x', version, '{"rowsRead":0,"items":[]}', '[]', now() from action_plans where id = $1 returning id`,
    [plan.id],
  ))!.id
const freshPerson = async () =>
  (await env.db.one<{ id: number }>(
    `insert into people (name, kind, role, in_pool) values ('Temp Peer', 'officer', 'director', true) returning id`,
  ))!.id
const freshUnavailable = async () =>
  (await env.db.one<{ id: number }>(
    `insert into peer_unavailability (person_id, from_date, to_date) values ($1, '2027-05-01', '2027-05-02') returning id`,
    [sam],
  ))!.id
const freshRelationship = async () =>
  (await env.db.one<{ id: number }>(
    `insert into peer_relationships (person_id, council_id, type, created_at) values ($1, (select id from councils where code = 'CHL'), 'personal', now()) returning id`,
    [sam],
  ))!.id
const freshOverride = async () => {
  const person = await freshPerson()
  const o = await env.db.one<{ id: number }>(
    `insert into conflict_overrides (person_id, council_id, type, reason, created_at) values ($1, (select id from councils where code = 'CHL'), 'personal', 'a reason for the matrix', now()) returning id`,
    [person],
  )
  return `/peers/${person}/overrides/${o!.id}/withdraw`
}
const samVersion = async () =>
  (await env.db.one<{ version: number }>(`select version from people where id = $1`, [sam]))!.version
const rulesVersion = async () =>
  (await env.db.one<{ version: number }>(
    `select max(version)::int as version from team_rules where code = 'cpc-team-2024'`,
  ))!.version
const runVersion = async () =>
  (await env.db.one<{ version: number }>(`select version from assembly_runs where id = $1`, [runId]))!.version
const freshSession = async () =>
  (await env.db.one<{ id: number }>(
    `insert into visit_sessions (challenge_id, title, kind, minutes, created_at) values ($1, 'temporary', 'interview', 60, now()) returning id`,
    [mel],
  ))!.id
const freshNote = async () =>
  (await env.db.one<{ id: number }>(
    `insert into evidence_notes (challenge_id, author_person_id, themes, polarity, text, created_at, updated_at) values ($1, $2, '{finance}', 'neutral', 'temporary', now(), now()) returning id`,
    [mel, visit.lead],
  ))!.id
const programmeCsv = () =>
  multipart({}, { name: 'programme.csv', content: `Session,Kind,Minutes\nMatrix ${Math.random()},interview,60\n` })
const poolCsv = () =>
  multipart(
    {},
    { name: 'pool.csv', content: `Name,Kind,Role,Party\nMatrix Member ${Math.random()},member,councillor,Labour\n` },
  )
const upload = () =>
  multipart(
    { kind: 'other', title: 'Matrix upload' },
    { name: `note-${Math.random()}.txt`, content: Buffer.from(`matrix ${Math.random()}`) },
  )

let accountN = 0
const freshAccount = async (disabled = false) =>
  (await env.db.one<{ id: number }>(
    `insert into users (email, name, password_hash, role, created_at, invited_at, disabled) values ($1, 'Matrix Account', null, 'admin', now(), now(), $2) returning id`,
    [`matrix${++accountN}@example.gov.uk`, disabled],
  ))!.id
/** An unread in-app notification of Melton's officer (decision 0032): theirs alone to mark read. */
const freshNotification = async () =>
  (await env.db.one<{ id: number }>(
    `insert into user_notifications (user_id, kind, title, href, created_at)
     select id, 'draft-issued', 'Matrix notification', '/', now() from users where email = 'officer@melton.example.gov.uk' returning id::int`,
  ))!.id
const freshLink = async (purpose: 'invitation' | 'password-reset') => {
  const { token, hash } = newToken()
  await env.db.query(
    `insert into account_tokens (purpose, token_hash, user_id, created_at, expires_at) values ($1, $2, $3, now(), now() + interval '1000 days')`,
    [purpose, hash, await freshAccount()],
  )
  return `/${purpose === 'invitation' ? 'invitations' : 'password-reset'}/${token}`
}

function rows(): Row[] {
  const c = `/challenges/${mel}`
  const twin = (route: string, allowed: Role[], url: () => string | Promise<string> = () => route): Row[] => [
    { method: 'GET', route, allowed, url },
    {
      method: 'GET',
      route: route === '/' ? '/api/home' : `/api${route}`,
      allowed,
      url: async () => (route === '/' ? '/api/home' : `/api${await url()}`),
    },
  ]
  const action = (
    route: string,
    allowed: Role[],
    url: () => Promise<string> | string,
    body: Row['body'],
    api?: { method: string; route: string; url: () => Promise<string> | string },
  ): Row[] => [
    {
      method: 'POST',
      route,
      allowed,
      url,
      body: async () => ({ form: (await body!()).json as Record<string, unknown> }),
    },
    {
      method: api?.method ?? 'POST',
      route: api?.route ?? `/api${route}`,
      allowed,
      url: api?.url ?? (async () => `/api${await url()}`),
      body,
    },
  ]
  return [
    ...twin('/', ALL),
    ...twin('/councils', ALL),
    ...twin('/councils/:code', ALL, () => '/councils/MEL'),
    { method: 'GET', route: '/councils/import', allowed: ADMIN, url: () => '/councils/import' },
    ...action(
      '/councils/import',
      ADMIN,
      () => '/councils/import',
      () => ({ json: { csv } }),
    ),
    ...twin('/challenges', ALL),
    ...twin('/challenges/new', ADMIN),
    ...action(
      '/challenges',
      ADMIN,
      () => '/challenges',
      () => ({ json: { councilCode: 'CHA', reviewType: 'cpc' } }),
    ),
    ...twin('/challenges/:id', MEL_VIEW, () => c),
    ...twin('/challenges/:id/team', MEL_VIEW, () => `${c}/team`),
    ...twin('/challenges/:id/scope', MEL_VIEW, () => `${c}/scope`),
    ...twin('/challenges/:id/recommendations', MEL_VIEW, () => `${c}/recommendations`),
    ...twin('/challenges/:id/documents', MEL_VIEW, () => `${c}/documents`),
    ...twin('/challenges/:id/history', MEL_VIEW, () => `${c}/history`),
    ...twin('/challenges/:id/edit', ['admin', 'pcm'], () => `${c}/edit`),
    ...action(
      '/challenges/:id/edit',
      ['admin', 'pcm'],
      () => `${c}/edit`,
      async () => ({ json: { version: await melVersion(), notes: `edited ${Math.random()}` } }),
      { method: 'PUT', route: '/api/challenges/:id', url: () => `/api${c}` },
    ),
    ...action(
      '/challenges/:id/stage',
      ['admin', 'pcm', 'own'],
      () => `${c}/stage`,
      async () => ({ json: { to: 'drafting', version: await melVersion() } }),
    ),
    ...action(
      '/challenges/:id/events',
      ['admin', 'pcm', 'own'],
      () => `${c}/events`,
      () => ({ json: { code: 'position_statement_received', occurredOn: '2026-09-01' } }),
    ),
    ...twin('/challenges/:id/scope/questions', PLAN, () => `${c}/scope/questions`),
    ...action(
      '/challenges/:id/scope/questions',
      PLAN,
      () => `${c}/scope/questions`,
      () => ({ json: { 'q-priorities': 'A question of the matrix?' } }),
      { method: 'PUT', route: '/api/challenges/:id/scope/questions', url: () => `/api${c}/scope/questions` },
    ),
    ...twin('/challenges/:id/events/:eventId', PLAN, async () => `${c}/events/${await freshEvent()}`),
    ...action(
      '/challenges/:id/events/:eventId',
      PLAN,
      async () => `${c}/events/${await freshEvent()}`,
      () => ({ json: { occurredOn: '2026-09-02', reason: 'The matrix corrects this date' } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/events/:eventId',
        url: async () => `/api${c}/events/${await freshEvent()}`,
      },
    ),
    ...action(
      '/challenges/:id/events/:eventId/withdraw',
      PLAN,
      async () => `${c}/events/${await freshEvent()}/withdraw`,
      () => ({ json: { reason: 'The matrix withdraws this date' } }),
    ),
    ...action(
      '/challenges/:id/stated-dates',
      ['admin', 'own'],
      () => `${c}/stated-dates`,
      () => ({ json: { ruleCode: 'report-published', due: '2027-01-19', source: 'the matrix' } }),
    ),
    ...twin(
      '/challenges/:id/stated-dates/:statedId',
      ['admin', 'own'],
      async () => `${c}/stated-dates/${await freshStated()}`,
    ),
    ...action(
      '/challenges/:id/stated-dates/:statedId',
      ['admin', 'own'],
      async () => `${c}/stated-dates/${await freshStated()}`,
      () => ({ json: { due: '2027-01-20', reason: 'The matrix corrects this date' } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/stated-dates/:statedId',
        url: async () => `/api${c}/stated-dates/${await freshStated()}`,
      },
    ),
    ...action(
      '/challenges/:id/stated-dates/:statedId/withdraw',
      ['admin', 'own'],
      async () => `${c}/stated-dates/${await freshStated()}/withdraw`,
      () => ({ json: { reason: 'The matrix withdraws this date' } }),
    ),
    ...action(
      '/challenges/:id/team',
      ADMIN,
      () => `${c}/team`,
      () => ({ json: { name: `New Shadow ${Math.random()}`, kind: 'officer', role: 'shadow' } }),
    ),
    ...action(
      '/challenges/:id/team/:memberId/remove',
      ADMIN,
      async () => `${c}/team/${await freshMember()}/remove`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/team/:memberId',
        url: async () => `/api${c}/team/${await freshMember()}`,
      },
    ),
    ...twin('/challenges/:id/recommendations/new', ['admin', 'pcm', 'lead'], () => `${c}/recommendations/new`),
    ...action(
      '/challenges/:id/recommendations',
      ['admin', 'pcm', 'lead'],
      () => `${c}/recommendations`,
      () => ({ json: { kind: 'key', title: `Added ${Math.random()}` } }),
    ),
    ...twin(
      '/challenges/:id/recommendations/:recId/edit',
      ['admin', 'pcm', 'lead'],
      () => `${c}/recommendations/${melRec}/edit`,
    ),
    ...action(
      '/challenges/:id/recommendations/:recId/edit',
      ['admin', 'pcm', 'lead'],
      () => `${c}/recommendations/${melRec}/edit`,
      () => ({ json: { kind: 'key', title: `Reworded ${Math.random()}` } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/recommendations/:recId',
        url: () => `/api${c}/recommendations/${melRec}`,
      },
    ),
    ...action(
      '/challenges/:id/recommendations/:recId/delete',
      ['admin', 'pcm', 'lead'],
      async () => `${c}/recommendations/${await freshRec()}/delete`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/recommendations/:recId',
        url: async () => `/api${c}/recommendations/${await freshRec()}`,
      },
    ),
    {
      method: 'POST',
      route: '/challenges/:id/documents',
      allowed: MEL_VIEW,
      url: () => `${c}/documents`,
      body: upload,
    },
    {
      method: 'POST',
      route: '/api/challenges/:id/documents',
      allowed: MEL_VIEW,
      url: () => `/api${c}/documents`,
      body: upload,
    },
    {
      method: 'GET',
      route: '/challenges/:id/documents/:versionId/download',
      allowed: MEL_VIEW,
      url: () => `${c}/documents/${docVersion}/download`,
    },
    {
      method: 'GET',
      route: '/api/challenges/:id/documents/:versionId/download',
      allowed: MEL_VIEW,
      url: () => `/api${c}/documents/${docVersion}/download`,
    },
    // On site (Melton's report is final in this file, so planning and drafting end in 409 for those allowed).
    ...twin('/challenges/:id/visit', MEL_VIEW, () => `${c}/visit`),
    ...twin('/challenges/:id/visit/sessions', MEL_VIEW, () => `${c}/visit/sessions`),
    ...twin('/challenges/:id/visit/attendees', MEL_VIEW, () => `${c}/visit/attendees`),
    ...twin('/challenges/:id/visit/setup', MEL_VIEW, () => `${c}/visit/setup`),
    ...action(
      '/challenges/:id/visit/sites',
      PLAN,
      () => `${c}/visit/sites`,
      () => ({ json: { name: `Site ${Math.random()}` } }),
    ),
    ...action(
      '/challenges/:id/visit/travel',
      PLAN,
      () => `${c}/visit/travel`,
      () => ({ json: { fromSite: 1, toSite: 2, minutes: 10 } }),
    ),
    ...action(
      '/challenges/:id/visit/theme-leads',
      PLAN,
      () => `${c}/visit/theme-leads`,
      () => ({ json: {} }),
    ),
    ...twin('/challenges/:id/visit/attendees/new', PLAN, () => `${c}/visit/attendees/new`),
    ...action(
      '/challenges/:id/visit/attendees',
      PLAN,
      () => `${c}/visit/attendees`,
      () => ({ json: { name: `Matrix ${Math.random()}`, group: 'staff' } }),
    ),
    ...twin('/challenges/:id/visit/attendees/:attendeeId', PLAN, () => `${c}/visit/attendees/${visit.attendeeId}`),
    ...action(
      '/challenges/:id/visit/attendees/:attendeeId',
      PLAN,
      () => `${c}/visit/attendees/${visit.attendeeId}`,
      () => ({ json: { name: `Matrix ${Math.random()}`, group: 'staff' } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/visit/attendees/:attendeeId',
        url: () => `/api${c}/visit/attendees/${visit.attendeeId}`,
      },
    ),
    ...twin('/challenges/:id/visit/sessions/new', PLAN, () => `${c}/visit/sessions/new`),
    ...action(
      '/challenges/:id/visit/sessions',
      PLAN,
      () => `${c}/visit/sessions`,
      () => ({ json: { title: 'Matrix', kind: 'interview', minutes: 60 } }),
    ),
    ...twin('/challenges/:id/visit/sessions/:sessionId', PLAN, () => `${c}/visit/sessions/${visit.sessionId}`),
    ...action(
      '/challenges/:id/visit/sessions/:sessionId',
      PLAN,
      () => `${c}/visit/sessions/${visit.sessionId}`,
      () => ({ json: { title: 'Matrix', kind: 'interview', minutes: 60 } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/visit/sessions/:sessionId',
        url: () => `/api${c}/visit/sessions/${visit.sessionId}`,
      },
    ),
    ...action(
      '/challenges/:id/visit/sessions/:sessionId/drop',
      PLAN,
      async () => `${c}/visit/sessions/${await freshSession()}/drop`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/visit/sessions/:sessionId',
        url: async () => `/api${c}/visit/sessions/${await freshSession()}`,
      },
    ),
    ...twin('/challenges/:id/visit/import', PLAN, () => `${c}/visit/import`),
    {
      method: 'POST',
      route: '/challenges/:id/visit/import',
      allowed: PLAN,
      url: () => `${c}/visit/import`,
      body: programmeCsv,
    },
    {
      method: 'POST',
      route: '/api/challenges/:id/visit/import',
      allowed: PLAN,
      url: () => `/api${c}/visit/import`,
      body: programmeCsv,
    },
    ...twin('/challenges/:id/visit/import/template.csv', PLAN, () => `${c}/visit/import/template.csv`),
    ...twin('/challenges/:id/visit/calendar', MEL_VIEW, () => `${c}/visit/calendar`),
    ...twin('/challenges/:id/visit/calendar/:personId', MEL_VIEW, () => `${c}/visit/calendar/${visit.lead}`),
    ...action(
      '/challenges/:id/visit/timetables',
      PLAN,
      () => `${c}/visit/timetables`,
      () => ({ json: { timeLimitSeconds: 5 } }),
    ),
    ...twin(
      '/challenges/:id/visit/timetables/:timetableId',
      MEL_VIEW,
      () => `${c}/visit/timetables/${visit.timetableId}`,
    ),
    ...action(
      '/challenges/:id/visit/timetables/:timetableId/publish',
      PLAN,
      () => `${c}/visit/timetables/${visit.timetableId}/publish`,
      () => ({ json: {} }),
    ),
    ...twin('/challenges/:id/visit/programme', MEL_VIEW, () => `${c}/visit/programme`),
    // Evidence: the team's alone; a note only its author changes.
    ...twin('/challenges/:id/evidence', TEAM, () => `${c}/evidence`),
    ...action(
      '/challenges/:id/evidence',
      TEAM,
      () => `${c}/evidence`,
      () => ({ json: { themes: ['finance'], polarity: 'neutral', text: `Matrix ${Math.random()}` } }),
    ),
    ...twin('/challenges/:id/evidence/:noteId', ['lead'], () => `${c}/evidence/${visit.leadNote}`),
    ...action(
      '/challenges/:id/evidence/:noteId',
      ['lead'],
      () => `${c}/evidence/${visit.leadNote}`,
      () => ({ json: { themes: ['finance'], polarity: 'neutral', text: `Matrix ${Math.random()}` } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/evidence/:noteId',
        url: () => `/api${c}/evidence/${visit.leadNote}`,
      },
    ),
    ...action(
      '/challenges/:id/evidence/:noteId/delete',
      ['lead'],
      async () => `${c}/evidence/${await freshNote()}/delete`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/evidence/:noteId',
        url: async () => `/api${c}/evidence/${await freshNote()}`,
      },
    ),
    // The report: the team drafts, the council comments on what was issued to it, the public reads the published final.
    ...twin('/challenges/:id/report', MEL_VIEW, () => `${c}/report`),
    ...twin('/challenges/:id/report/edit', WRITE, () => `${c}/report/edit`),
    ...action(
      '/challenges/:id/report',
      WRITE,
      () => `${c}/report`,
      () => ({ json: { executiveSummary: 'Matrix' } }),
    ),
    ...action(
      '/challenges/:id/report/comments',
      MEL_VIEW,
      () => `${c}/report/comments`,
      () => ({ json: { section: 'approach', text: 'Matrix' } }),
    ),
    ...action(
      '/challenges/:id/report/comments/:commentId/response',
      WRITE,
      () => `${c}/report/comments/${visit.commentId}/response`,
      () => ({ json: { response: 'Matrix' } }),
    ),
    ...twin('/challenges/:id/report/document.docx', MEL_VIEW, () => `${c}/report/document.docx`),
    ...twin('/challenges/:id/report/presentation.pptx', TEAM, () => `${c}/report/presentation.pptx`),
    ...twin('/challenges/:id/action-plan', MEL_VIEW, () => `${c}/action-plan`),
    ...action(
      '/challenges/:id/action-plan',
      OWN,
      () => `${c}/action-plan`,
      () => ({ json: {} }),
    ),
    ...twin('/challenges/:id/action-plan/responses/:recId', OWN, () => `${c}/action-plan/responses/${plan.recId}`),
    ...action(
      '/challenges/:id/action-plan/responses/:recId',
      OWN,
      () => `${c}/action-plan/responses/${plan.recId}`,
      () => ({ json: { response: 'accepted' } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/action-plan/responses/:recId',
        url: () => `/api${c}/action-plan/responses/${plan.recId}`,
      },
    ),
    ...twin('/challenges/:id/action-plan/actions/new', OWN, () => `${c}/action-plan/actions/new`),
    ...action(
      '/challenges/:id/action-plan/actions',
      OWN,
      () => `${c}/action-plan/actions`,
      () => ({
        json: {
          title: `Matrix ${Math.random()}`,
          leadOfficer: 'Officer',
          targetDate: '2027-06-30',
          recommendationIds: [plan.recId],
        },
      }),
    ),
    ...twin(
      '/challenges/:id/action-plan/actions/:actionId',
      MEL_VIEW,
      () => `${c}/action-plan/actions/${plan.actionId}`,
    ),
    ...twin(
      '/challenges/:id/action-plan/actions/:actionId/edit',
      OWN,
      () => `${c}/action-plan/actions/${plan.actionId}/edit`,
    ),
    ...action(
      '/challenges/:id/action-plan/actions/:actionId/edit',
      OWN,
      () => `${c}/action-plan/actions/${plan.actionId}/edit`,
      () => ({
        json: { title: `Edited ${Math.random()}`, leadOfficer: 'Officer', recommendationIds: [plan.recId], version: 1 },
      }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/action-plan/actions/:actionId',
        url: () => `/api${c}/action-plan/actions/${plan.actionId}`,
      },
    ),
    ...action(
      '/challenges/:id/action-plan/actions/:actionId/remove',
      OWN,
      async () => `${c}/action-plan/actions/${await freshAction()}/remove`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/action-plan/actions/:actionId',
        url: async () => `/api${c}/action-plan/actions/${await freshAction()}`,
      },
    ),
    ...action(
      '/challenges/:id/action-plan/actions/:actionId/target',
      OWN,
      () => `${c}/action-plan/actions/${plan.actionId}/target`,
      () => ({ json: { targetDate: `2027-0${1 + Math.floor(Math.random() * 9)}-15`, reason: 'Matrix' } }),
    ),
    ...action(
      '/challenges/:id/action-plan/actions/:actionId/override',
      OWN,
      () => `${c}/action-plan/actions/${plan.actionId}/override`,
      () => ({ json: { rag: 'amber', reason: 'Matrix' } }),
    ),
    ...action(
      '/challenges/:id/action-plan/actions/:actionId/progress',
      OWN,
      () => `${c}/action-plan/actions/${plan.actionId}/progress`,
      () => ({ json: { asOf: '2026-11-21', text: `Matrix ${Math.random()}`, status: 'in-progress' } }),
    ),
    {
      method: 'GET',
      route: '/challenges/:id/action-plan/evidence/:evidenceId',
      allowed: MEL_VIEW,
      url: () => `${c}/action-plan/evidence/${plan.evidenceId}`,
    },
    {
      method: 'GET',
      route: '/api/challenges/:id/action-plan/evidence/:evidenceId',
      allowed: MEL_VIEW,
      url: () => `/api${c}/action-plan/evidence/${plan.evidenceId}`,
    },
    {
      method: 'GET',
      route: '/challenges/:id/action-plan/download/:format',
      allowed: MEL_VIEW,
      url: () => `${c}/action-plan/download/committee-report`,
    },
    {
      method: 'GET',
      route: '/api/challenges/:id/action-plan/download/:format',
      allowed: MEL_VIEW,
      url: () => `/api${c}/action-plan/download/xlsx`,
    },
    {
      method: 'GET',
      route: '/challenges/:id/action-plan/snapshots/:snapshotId/download',
      allowed: MEL_VIEW,
      url: () => `${c}/action-plan/snapshots/${plan.snapshotId}/download`,
    },
    {
      method: 'GET',
      route: '/api/challenges/:id/action-plan/snapshots/:snapshotId/download',
      allowed: MEL_VIEW,
      url: () => `/api${c}/action-plan/snapshots/${plan.snapshotId}/download`,
    },
    ...twin('/challenges/:id/action-plan/governance', MEL_VIEW, () => `${c}/action-plan/governance`),
    ...action(
      '/challenges/:id/action-plan/meetings',
      OWN,
      () => `${c}/action-plan/meetings`,
      () => ({ json: { body: 'audit', meetingDate: '2026-11-21', decision: 'noted' } }),
    ),
    // An invalid date: the publication would make Melton's report public and change the rows that follow.
    ...action(
      '/challenges/:id/action-plan/publication',
      OWN,
      () => `${c}/action-plan/publication`,
      () => ({ json: { what: 'report', publishedOn: '2000-01-01', where: 'https://example.org' } }),
    ),
    ...twin(
      '/challenges/:id/action-plan/snapshots/:snapshotId',
      MEL_VIEW,
      () => `${c}/action-plan/snapshots/${plan.snapshotId}`,
    ),
    {
      method: 'POST',
      route: '/challenges/:id/action-plan/import',
      allowed: OWN,
      url: () => `${c}/action-plan/import`,
      body: () => multipart({}, { name: 'plan.xlsx', content: plan.xlsx }),
    },
    {
      method: 'POST',
      route: '/api/challenges/:id/action-plan/import',
      allowed: OWN,
      url: () => `/api${c}/action-plan/import`,
      body: () => multipart({}, { name: 'plan.xlsx', content: plan.xlsx }),
    },
    ...twin('/challenges/:id/action-plan/import/:importId', OWN, () => `${c}/action-plan/import/${plan.importId}`),
    ...action(
      '/challenges/:id/action-plan/import/:importId/apply',
      OWN,
      async () => `${c}/action-plan/import/${await freshPlanImport()}/apply`,
      () => ({ json: {} }),
    ),
    ...action(
      '/challenges/:id/action-plan/import/:importId/discard',
      OWN,
      async () => `${c}/action-plan/import/${await freshPlanImport()}/discard`,
      () => ({ json: {} }),
    ),
    ...twin('/councils/:code/improvement', ALL, () => '/councils/MEL/improvement'),
    // A council's committee settings: its own officers and the programme office (a stale version still gets past the
    // permission check, to the 409 of the optimistic lock, so nothing changes under the matrix).
    ...twin('/councils/:code/committees', ['admin', 'own'], () => '/councils/MEL/committees'),
    // Everything the council owns, as a zip (decision 0032): its own officers and the programme office.
    ...twin('/councils/:code/export.zip', ['admin', 'own'], () => '/councils/MEL/export.zip'),
    ...action(
      '/councils/:code/committees',
      ['admin', 'own'],
      () => '/councils/MEL/committees',
      async () => ({
        json: { ...(await clients.admin.get('/api/councils/MEL/committees')).json().values, version: '999999' },
      }),
      { method: 'PUT', route: '/api/councils/:code/committees', url: () => '/api/councils/MEL/committees' },
    ),
    ...twin('/account/notifications', SIGNED_IN),
    ...action(
      '/account/notifications',
      SIGNED_IN,
      () => '/account/notifications',
      () => ({ json: { kinds: [] } }),
    ),
    // In-app notifications (decision 0032): everyone their own; another's is not found.
    ...twin('/notifications', SIGNED_IN),
    ...action(
      '/notifications/read',
      SIGNED_IN,
      () => '/notifications/read',
      () => ({ json: {} }),
    ),
    ...action(
      '/notifications/:id/read',
      OWN,
      async () => `/notifications/${await freshNotification()}/read`,
      () => ({ json: {} }),
    ),
    ...twin('/account/password', SIGNED_IN),
    // A wrong current password: allowed roles get past the permission check to the form's errors (400), and nobody's
    // password changes under the other rows.
    ...action(
      '/account/password',
      SIGNED_IN,
      () => '/account/password',
      () => ({ json: { currentPassword: 'not-the-password', newPassword: 'x', confirmPassword: 'y' } }),
    ),
    // Two-factor sign-in (decision 0032): the programme office's own accounts. An empty code gets past the permission
    // check to the form's error (400) without counting as a wrong code; starting a set-up is cancelled by `disable`.
    ...twin('/account/two-factor', ADMIN),
    ...action(
      '/account/two-factor/start',
      ADMIN,
      () => '/account/two-factor/start',
      () => ({ json: {} }),
    ),
    ...['confirm', 'recovery-codes', 'disable'].flatMap((step) =>
      action(
        `/account/two-factor/${step}`,
        ADMIN,
        () => `/account/two-factor/${step}`,
        () => ({ json: { code: '' } }),
      ),
    ),
    // Someone else's two-factor turned off: a fresh account has none, so the programme office gets the 409.
    ...action(
      '/users/:id/two-factor-reset',
      ADMIN,
      async () => `/users/${await freshAccount()}/two-factor-reset`,
      () => ({ json: {} }),
    ),
    // The code page after a right password: nobody without that half-signed-in state gets it (sent to /login).
    { method: 'GET', route: '/login/two-factor', allowed: [], url: () => '/login/two-factor' },
    ...twin('/users', ADMIN),
    ...twin('/users/invite', ADMIN),
    ...action(
      '/users/invite',
      ADMIN,
      () => '/users/invite',
      () => ({ json: { email: `invited${++accountN}@example.gov.uk`, name: 'Matrix Invitee', role: 'admin' } }),
    ),
    ...twin('/users/councils', ADMIN),
    ...action(
      '/users/councils',
      ADMIN,
      () => '/users/councils',
      () => ({ json: { councilCode: 'CHL', allowed: 'no' } }),
    ),
    ...twin('/users/:id', ADMIN, async () => `/users/${await freshAccount()}`),
    ...action(
      '/users/:id',
      ADMIN,
      async () => `/users/${await freshAccount()}`,
      () => ({ json: { name: 'Matrix Renamed', role: 'admin' } }),
      { method: 'PUT', route: '/api/users/:id', url: async () => `/api/users/${await freshAccount()}` },
    ),
    ...action(
      '/users/:id/deactivate',
      ADMIN,
      async () => `/users/${await freshAccount()}/deactivate`,
      () => ({ json: {} }),
    ),
    ...action(
      '/users/:id/reactivate',
      ADMIN,
      async () => `/users/${await freshAccount(true)}/reactivate`,
      () => ({ json: {} }),
    ),
    ...action(
      '/users/:id/invitation',
      ADMIN,
      async () => `/users/${await freshAccount()}/invitation`,
      () => ({ json: {} }),
    ),
    // The links in emails are for whoever holds them: a weak password gets everyone to the form's errors (400).
    ...twin('/invitations/:token', ALL, () => freshLink('invitation')),
    ...action(
      '/invitations/:token',
      ALL,
      () => freshLink('invitation'),
      () => ({ json: { newPassword: 'x', confirmPassword: 'y' } }),
    ),
    ...twin('/password-reset', ALL),
    ...action(
      '/password-reset',
      ALL,
      () => '/password-reset',
      () => ({ json: { email: 'nobody@example.gov.uk' } }),
    ),
    ...twin('/password-reset/:token', ALL, () => freshLink('password-reset')),
    ...action(
      '/password-reset/:token',
      ALL,
      () => freshLink('password-reset'),
      () => ({ json: { newPassword: 'x', confirmPassword: 'y' } }),
    ),
    ...twin('/outbox', SIGNED_IN),
    ...action(
      '/outbox/run',
      ADMIN,
      () => '/outbox/run',
      () => ({ json: {} }),
    ),
    ...twin('/programme', ADMIN),
    ...twin('/imports', ADMIN),
    { method: 'POST', route: '/imports', allowed: ADMIN, url: () => '/imports', body: importFile },
    { method: 'POST', route: '/api/imports', allowed: ADMIN, url: () => '/api/imports', body: importFile },
    ...twin('/imports/:id', ADMIN, () => `/imports/${importId}`),
    ...action('/imports/:id/save', ADMIN, () => `/imports/${importId}/save`, saveBody),
    ...action(
      '/imports/:id/discard',
      ADMIN,
      () => `/imports/${importId2}/discard`,
      () => ({ json: {} }),
    ),
    // Bulk import, the review queue and background jobs (decision 22): the programme office's.
    ...twin('/bulk-imports', ADMIN),
    { method: 'POST', route: '/bulk-imports', allowed: ADMIN, url: () => '/bulk-imports', body: bulkZip },
    { method: 'POST', route: '/api/bulk-imports', allowed: ADMIN, url: () => '/api/bulk-imports', body: bulkZip },
    ...twin('/bulk-imports/:id', ADMIN, () => `/bulk-imports/${jobId}`),
    ...twin('/import-reviews', ADMIN),
    ...action(
      '/import-reviews/confirm',
      ADMIN,
      () => '/import-reviews/confirm',
      () => ({ json: { ids: [reviewId] } }),
    ),
    ...twin('/import-reviews/:id', ADMIN, () => `/import-reviews/${reviewId}`),
    ...action(
      '/import-reviews/:id/correct',
      ADMIN,
      () => `/import-reviews/${reviewId}/correct`,
      () => ({ json: { start: '2026-01-05', end: '2026-01-06' } }),
    ),
    ...twin('/jobs/:id', ADMIN, () => `/jobs/${jobId}`),
    ...action(
      '/jobs/:id/cancel',
      ADMIN,
      () => `/jobs/${jobId}/cancel`,
      () => ({ json: {} }),
    ),
    ...action(
      '/jobs/:id/retry',
      ADMIN,
      () => `/jobs/${jobId}/retry`,
      () => ({ json: {} }),
    ),
    ...twin('/frameworks', ALL),
    // The library: everyone searches (each sees what the access model allows: library.int.test.ts, leaks.int.test.ts);
    // the open data is the public library whoever asks.
    ...twin('/library', ALL, () => '/library?q=council'),
    ...twin('/library.csv', ALL, () => '/library.csv?q=council'),
    ...twin('/library.json', ALL),
    // Recommendation themes (decision 0023): everyone reads what the library shows them; the programme office alone
    // overrides (an unknown theme gets past the check to the 400, so nothing changes under the matrix).
    ...twin('/library/themes', ALL, () => '/library/themes?by=region'),
    // Insights (decision 0024): charts of what each reader may see
    ...twin('/library/insights', ALL),
    // Help pages (decision 0028): for everyone
    ...['/help', '/help/accessibility', '/help/privacy', '/help/cookies', '/help/contact', '/help/glossary'].flatMap(
      (r) => twin(r, ALL),
    ),
    // Exports (decision 0028): as their pages, through the same scopes
    ...twin('/challenges.csv', ALL),
    ...twin('/challenges.xlsx', ALL),
    ...twin('/councils.csv', ALL),
    ...twin('/councils.xlsx', ALL),
    ...twin('/peers.csv', ADMIN),
    ...twin('/peers.xlsx', ADMIN),
    ...twin('/programme.csv', ADMIN),
    ...twin('/programme.xlsx', ADMIN),
    // The programme calendar (decision 0036): everyone, each seeing what the scopes give them
    ...twin('/calendar', ALL),
    ...twin(
      '/challenges/:id/recommendations/:recId/themes',
      MEL_VIEW,
      () => `/challenges/${mel}/recommendations/${melRec}/themes`,
    ),
    ...action(
      '/challenges/:id/recommendations/:recId/themes',
      ADMIN,
      () => `/challenges/${mel}/recommendations/${melRec}/themes`,
      () => ({ json: { themes: ['not-a-theme'], reason: 'matrix' } }),
      {
        method: 'PUT',
        route: '/api/challenges/:id/recommendations/:recId/themes',
        url: () => `/api/challenges/${mel}/recommendations/${melRec}/themes`,
      },
    ),
    ...action(
      '/challenges/:id/recommendations/:recId/themes/override/delete',
      ADMIN,
      () => `/challenges/${mel}/recommendations/${melRec}/themes/override/delete`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/challenges/:id/recommendations/:recId/themes/override',
        url: () => `/api/challenges/${mel}/recommendations/${melRec}/themes/override`,
      },
    ),
    ...twin('/councils/:code/repeat-findings', ALL, () => '/councils/BLA/repeat-findings'),
    ...twin('/peers', ADMIN),
    ...twin('/peers/new', ADMIN),
    ...action(
      '/peers',
      ADMIN,
      () => '/peers',
      () => ({ json: { name: `Matrix Peer ${Math.random()}`, kind: 'officer', role: 'director' } }),
    ),
    ...twin('/peers/import', ADMIN),
    { method: 'POST', route: '/peers/import', allowed: ADMIN, url: () => '/peers/import', body: poolCsv },
    { method: 'POST', route: '/api/peers/import', allowed: ADMIN, url: () => '/api/peers/import', body: poolCsv },
    ...twin('/peers/template.csv', ADMIN),
    ...twin('/peers/:id', LEAD_SELF, () => `/peers/${sam}`),
    ...twin('/peers/:id/edit', ADMIN, () => `/peers/${sam}/edit`),
    ...action(
      '/peers/:id/edit',
      ADMIN,
      () => `/peers/${sam}/edit`,
      async () => ({
        json: {
          name: 'Sam Okafor',
          kind: 'officer',
          role: 'chief-executive',
          daysOffered: '20',
          inPool: 'yes',
          version: String(await samVersion()),
        },
      }),
      { method: 'PUT', route: '/api/peers/:id', url: () => `/api/peers/${sam}` },
    ),
    ...action(
      '/peers/:id/unavailable',
      LEAD_SELF,
      () => `/peers/${sam}/unavailable`,
      () => ({ json: { from: '2027-08-01', to: '2027-08-03' } }),
    ),
    ...action(
      '/peers/:id/unavailable/:itemId/remove',
      LEAD_SELF,
      async () => `/peers/${sam}/unavailable/${await freshUnavailable()}/remove`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/peers/:id/unavailable/:itemId',
        url: async () => `/api/peers/${sam}/unavailable/${await freshUnavailable()}`,
      },
    ),
    ...action(
      '/peers/:id/relationships',
      LEAD_SELF,
      () => `/peers/${sam}/relationships`,
      () => ({ json: { council: 'TES', type: 'personal', note: 'matrix' } }),
    ),
    ...action(
      '/peers/:id/relationships/:itemId/remove',
      LEAD_SELF,
      async () => `/peers/${sam}/relationships/${await freshRelationship()}/remove`,
      () => ({ json: {} }),
      {
        method: 'DELETE',
        route: '/api/peers/:id/relationships/:itemId',
        url: async () => `/api/peers/${sam}/relationships/${await freshRelationship()}`,
      },
    ),
    ...action(
      '/peers/:id/overrides',
      ADMIN,
      async () => `/peers/${await freshPerson()}/overrides`,
      () => ({ json: { council: 'CHL', type: 'neighbour', reason: 'The matrix says so, with a reason' } }),
    ),
    ...action('/peers/:id/overrides/:itemId/withdraw', ADMIN, freshOverride, () => ({ json: {} })),
    ...twin('/team-rules', ALL),
    ...twin('/team-rules/:code/edit', ADMIN, () => '/team-rules/cpc-team-2024/edit'),
    ...action(
      '/team-rules/:code/edit',
      ADMIN,
      () => '/team-rules/cpc-team-2024/edit',
      async () => ({ json: { version: String(await rulesVersion()), note: 'Matrix: no change' } }),
      { method: 'PUT', route: '/api/team-rules/:code', url: () => '/api/team-rules/cpc-team-2024' },
    ),
    ...twin('/assembly', ADMIN),
    ...action(
      '/assembly',
      ADMIN,
      () => '/assembly',
      () => ({ json: { scope: 'challenge', challengeId: String(harlow), timeLimit: '10' } }),
    ),
    ...twin('/assembly/:id', ADMIN, () => `/assembly/${runId}`),
    ...action(
      '/assembly/:id/edit',
      ADMIN,
      () => `/assembly/${runId}/edit`,
      async () => ({
        json: {
          challengeId: String(harlow),
          slot: 'officer-peer',
          remove: String(
            (
              await env.db.one<{ id: number }>(
                `select (p->>'peerId')::int as id from assembly_runs, jsonb_array_elements(result->'picks') p where id = $1 and p->>'slot' = 'officer-peer' limit 1`,
                [runId],
              )
            )?.id ?? '',
          ),
          version: String(await runVersion()),
        },
      }),
    ),
    ...action(
      '/assembly/:id/accept',
      ADMIN,
      () => `/assembly/${runId}/accept`,
      async () => ({ json: { version: String(await runVersion()) } }),
    ),
    { method: 'GET', route: '/health', allowed: ALL, url: () => '/health' },
    { method: 'GET', route: '/ready', allowed: ALL, url: () => '/ready' },
    { method: 'GET', route: '/login', allowed: ALL, url: () => '/login' },
    { method: 'GET', route: '/api/session', allowed: ALL, url: () => '/api/session' },
  ]
}

// Sign-in and sign-out routes are exercised in auth.int.test.ts (and two-factor.int.test.ts); documentation and static files are public.
const EXEMPT = new Set([
  'POST /login',
  'POST /logout',
  'POST /api/login',
  'POST /api/logout',
  // the second step of signing in: two-factor.int.test.ts
  'POST /login/two-factor',
  'POST /api/login/two-factor',
])
const isExempt = (m: string, u: string) =>
  EXEMPT.has(`${m} ${u}`) ||
  m === 'HEAD' ||
  u.startsWith('/api/docs') ||
  /^\/(assets|vendor\/govuk|vendor\/moj|public)\//.test(u)

test('every route the app serves has a row in the permission matrix', () => {
  const covered = new Set(rows().map((r) => `${r.method} ${r.route}`))
  const missing = env.app.routeList
    .filter((r) => !isExempt(r.method, r.url) && !covered.has(`${r.method} ${r.url}`))
    .map((r) => `${r.method} ${r.url}`)
  assert.deepEqual(missing, [])
  const served = new Set(env.app.routeList.map((r) => `${r.method} ${r.url}`))
  const stale = [...covered].filter((k) => !served.has(k))
  assert.deepEqual(stale, [])
})

test('role x route: denied roles are refused and change nothing; allowed roles get through', async () => {
  const failures: string[] = []
  for (const row of rows()) {
    // Denied roles first, so that state changes by allowed roles do not hide a refusal.
    const order = [...ROLES].sort((a, b) => Number(row.allowed.includes(a)) - Number(row.allowed.includes(b)))
    for (const role of order) {
      const client = clients[role]
      await client.token()
      // a job an allowed request started (a bulk import) writes in the background: let it finish first
      for (let i = 0; i < 600; i++) {
        const open = await env.db.one<{ n: number }>(
          `select count(*)::int as n from jobs where state in ('queued', 'running')`,
        )
        if (!open?.n) break
        await new Promise((r) => setTimeout(r, 100))
      }
      const auditBefore = (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log`))!.n
      const res = await client.request(row.method, await row.url(), (await row.body?.()) ?? {})
      const auditAfter = (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log`))!.n
      const refused =
        [401, 403, 404].includes(res.statusCode) || (res.statusCode === 303 && res.headers.location === '/login')
      const label = `${role} ${row.method} ${row.route} -> ${res.statusCode}`
      if (row.allowed.includes(role)) {
        if (refused || res.statusCode >= 500)
          failures.push(`${label}: expected to be allowed ${res.body.slice(0, 200)}`)
      } else {
        if (!refused) failures.push(`${label}: expected to be refused`)
        if (auditAfter !== auditBefore) failures.push(`${label}: a refused request changed something`)
      }
    }
  }
  assert.deepEqual(failures, [])
})

test('published challenges are open to the public, but not their team, history or unpublished documents', async () => {
  const pub = clients.public
  assert.equal((await pub.get(`/challenges/${oad}`)).statusCode, 200)
  assert.equal((await pub.get(`/challenges/${oad}/recommendations`)).statusCode, 200)
  assert.equal((await pub.get(`/challenges/${oad}/team`)).statusCode, 404)
  assert.equal((await pub.get(`/challenges/${oad}/history`)).statusCode, 404)
  const json = (await pub.get(`/api/challenges/${oad}`)).json()
  assert.equal(json.private, null)
  assert.equal(json.keyRecommendations.length, 6)
  // A council officer sees other councils' published reports like the public does, nothing more.
  const other = (await clients.other.get(`/api/challenges/${oad}`)).json()
  assert.equal(other.private, null)
})

test('a role without access is refused before what it sent is judged (no field names leak to it)', async () => {
  const bad = { json: { nonsense: 'x'.repeat(10), version: 'not a number', themes: 42 } }
  const cases: [Role, string, string, number[]][] = [
    ['other', 'POST', `/api/challenges/${mel}/evidence`, [404]],
    ['public', 'POST', `/api/challenges/${mel}/evidence`, [401, 404]],
    ['admin', 'POST', `/api/challenges/${mel}/evidence`, [403]],
    ['other', 'POST', `/api/challenges/${mel}/visit/sites`, [404]],
    ['other', 'POST', `/api/challenges/${mel}/visit/sessions`, [404]],
    ['own', 'PUT', `/api/challenges/${mel}`, [403]],
    ['own', 'POST', `/api/challenges/${mel}/report`, [403]],
    ['other', 'POST', `/api/challenges/${mel}/events`, [404]],
    ['lead', 'POST', `/api/challenges/${mel}/stage`, [403]],
  ]
  for (const [role, method, url, expected] of cases) {
    const res = await clients[role].request(method, url, bad)
    assert.ok(
      expected.includes(res.statusCode),
      `${role} ${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`,
    )
    assert.doesNotMatch(res.body, /"fields"/, `${role} ${method} ${url}: field errors shown to a role without access`)
  }
})
