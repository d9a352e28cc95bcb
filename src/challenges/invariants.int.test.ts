import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { as, demoEnv, type Client, type TestEnv, TODAY } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { addDays } from '../common/dates.ts'
import { EVENT_CODES } from './schemas.ts'

/**
 * Property-based invariants of the lifecycle. Random sequences of actions (stage moves, recorded dates and their
 * corrections, recommendations, report versions, publication through the action plan, the clock moving on) by random
 * actors (the programme office, the team's lead peer and PCM, the council's own officer, another council's officer,
 * the public), on a fresh challenge each run. After every step:
 *  - nothing is public before its report is final and its publication date reached (checked as the public, through
 *    the list, the challenge, its report and its documents, against the database);
 *  - a locked recommendation never changes or disappears;
 *  - no audit entry is ever lost.
 */

type Role = 'admin' | 'lead' | 'pcm' | 'own' | 'other' | 'public'
const ROLES: Role[] = ['admin', 'lead', 'pcm', 'own', 'other', 'public']
const STAGES = [
  'requested',
  'scoping',
  'scheduled',
  'preparation',
  'on-site',
  'drafting',
  'factual-check',
  'final',
  'published',
  'closed',
  'cancelled',
]
const FINAL = new Set(['final', 'published', 'closed'])

let env: TestEnv
let clock: ReturnType<typeof manualClock>
let clients: Record<Role, Client>
let team: { lead: number; pcm: number }

async function signInAll() {
  clients = {
    admin: await as(env.app, 'admin'),
    lead: await as(env.app, 'lead'),
    pcm: await as(env.app, 'pcm'),
    own: await as(env.app, 'melton'),
    other: await as(env.app, 'nwl'),
    public: await as(env.app, 'public'),
  }
}

before(async () => {
  clock = manualClock(`${TODAY}T12:00:00Z`)
  env = await demoEnv({ clock })
  await signInAll()
  const person = async (role: string) =>
    (await env.db.one<{ id: number }>(
      `select t.person_id as id from team_members t join challenges c on c.id = t.challenge_id where c.reference = 'CPC-2026-MEL' and t.role = $1`,
      [role],
    ))!.id
  team = { lead: await person('lead-peer'), pcm: await person('pcm') }
})
after(async () => env?.close())

type Action =
  | { kind: 'stage'; who: Role; to: string }
  | { kind: 'next'; who: Role }
  | { kind: 'event'; who: Role; code: string; offset: number }
  | { kind: 'correct'; who: Role; pick: number; offset: number }
  | { kind: 'withdraw'; who: Role; pick: number }
  | { kind: 'add-rec'; who: Role }
  | { kind: 'edit-rec'; who: Role; pick: number }
  | { kind: 'delete-rec'; who: Role; pick: number }
  | { kind: 'report'; who: Role }
  | { kind: 'start-plan'; who: Role }
  | { kind: 'publish'; who: Role; what: 'report' | 'plan' | 'both'; offset: number }
  | { kind: 'time'; days: number }

const who = fc.constantFrom(...ROLES)
// Those who move stages most are the programme office and the PCM: weight them so runs reach the final report.
const mover = fc.oneof({ arbitrary: fc.constantFrom<Role>('admin', 'pcm'), weight: 3 }, { arbitrary: who, weight: 1 })
const MAIN_PATH = [
  'requested',
  'scoping',
  'scheduled',
  'preparation',
  'on-site',
  'drafting',
  'factual-check',
  'final',
  'published',
  'closed',
]
const offset = fc.integer({ min: -30, max: 45 })
const pick = fc.nat({ max: 5 })
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('stage' as const), who, to: fc.constantFrom(...STAGES) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('next' as const), who: mover }), weight: 12 },
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      who,
      // Publication is the date that matters most here: half the dates recorded are it.
      code: fc.oneof(fc.constant('report_published'), fc.constantFrom(...EVENT_CODES.map((e) => e.key))),
      offset,
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('correct' as const), who, pick, offset }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who, pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('add-rec' as const), who }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('edit-rec' as const), who, pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete-rec' as const), who, pick }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('report' as const), who }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('start-plan' as const), who }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      who,
      what: fc.constantFrom('report' as const, 'plan' as const, 'both' as const),
      offset,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('time' as const), days: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
)

async function fresh(): Promise<number> {
  const today = clock.today()
  const res = await clients.admin.post('/api/challenges', {
    json: { councilCode: 'MEL', reviewType: 'cpc', onsiteStart: addDays(today, -3), onsiteEnd: addDays(today, -1) },
  })
  assert.equal(res.statusCode, 201, res.body)
  const id = res.json().id as number
  for (const [personId, role] of [
    [team.lead, 'lead-peer'],
    [team.pcm, 'pcm'],
  ] as const)
    assert.equal((await clients.admin.post(`/api/challenges/${id}/team`, { json: { personId, role } })).statusCode, 201)
  assert.equal(
    (await clients.pcm.post(`/api/challenges/${id}/recommendations`, { json: { kind: 'key', title: 'First' } }))
      .statusCode,
    201,
  )
  for (const to of ['scoping', 'scheduled', 'preparation'])
    assert.equal(
      (await clients.admin.post(`/api/challenges/${id}/stage`, { json: { to, version: await version(id) } }))
        .statusCode,
      200,
    )
  return id
}

const version = async (id: number) =>
  (await env.db.one<{ v: number }>(`select version as v from challenges where id = $1`, [id]))!.v
const nth = async <T>(sql: string, id: number, n: number) => {
  const rows = await env.db.query<T>(sql, [id])
  return rows.length ? rows[n % rows.length] : undefined
}

async function run(id: number, a: Action): Promise<number> {
  if (a.kind === 'time') {
    clock.advance(a.days * 86400_000)
    await signInAll() // sessions end after 12 hours, as they should
    return 0
  }
  const c = clients[a.who]
  const api = `/api/challenges/${id}`
  const date = (o: number) => addDays(clock.today(), o)
  const reason = 'A reason given in the test'
  switch (a.kind) {
    case 'next': {
      const stage = (await env.db.one<{ stage: string }>(`select stage from challenges where id = $1`, [id]))!.stage
      const to = MAIN_PATH[MAIN_PATH.indexOf(stage) + 1]
      if (!to) return 0
      return (await c.post(`${api}/stage`, { json: { to, version: await version(id) } })).statusCode
    }
    case 'stage':
      return (await c.post(`${api}/stage`, { json: { to: a.to, version: await version(id) } })).statusCode
    case 'event':
      return (await c.post(`${api}/events`, { json: { code: a.code, occurredOn: date(a.offset) } })).statusCode
    case 'correct': {
      const e = await nth<{ id: number }>(
        `select id from challenge_events where challenge_id = $1 order by id`,
        id,
        a.pick,
      )
      if (!e) return 0
      return (await c.request('PUT', `${api}/events/${e.id}`, { json: { occurredOn: date(a.offset), reason } }))
        .statusCode
    }
    case 'withdraw': {
      const e = await nth<{ id: number }>(
        `select id from challenge_events where challenge_id = $1 order by id`,
        id,
        a.pick,
      )
      if (!e) return 0
      return (await c.post(`${api}/events/${e.id}/withdraw`, { json: { reason } })).statusCode
    }
    case 'add-rec':
      return (await c.post(`${api}/recommendations`, { json: { kind: 'key', title: `Rec ${Math.random()}` } }))
        .statusCode
    case 'edit-rec': {
      const r = await nth<{ id: number }>(
        `select id from recommendations where challenge_id = $1 order by id`,
        id,
        a.pick,
      )
      if (!r) return 0
      return (
        await c.request('PUT', `${api}/recommendations/${r.id}`, {
          json: { kind: 'key', title: `Changed ${Math.random()}` },
        })
      ).statusCode
    }
    case 'delete-rec': {
      const r = await nth<{ id: number }>(
        `select id from recommendations where challenge_id = $1 order by id`,
        id,
        a.pick,
      )
      if (!r) return 0
      return (await c.request('DELETE', `${api}/recommendations/${r.id}`)).statusCode
    }
    case 'report': {
      const latest = (await env.db.one<{ n: number }>(
        `select coalesce(max(version), 0)::int as n from report_versions where challenge_id = $1`,
        [id],
      ))!.n
      return (
        await c.post(`${api}/report`, { json: { executiveSummary: `Summary ${Math.random()}`, baseVersion: latest } })
      ).statusCode
    }
    case 'start-plan':
      return (await c.post(`${api}/action-plan`, { json: {} })).statusCode
    case 'publish':
      return (
        await c.post(`${api}/action-plan/publication`, {
          json: { what: a.what, publishedOn: date(a.offset), where: 'Website' },
        })
      ).statusCode
  }
}

interface State {
  locked: Map<number, string>
  audit: number
}

async function state(): Promise<State> {
  const locked = await env.db.query<{ id: number; text: string }>(
    `select id, concat_ws('|', kind, coalesce(theme_key, ''), number, title, body) as text from recommendations where locked_at is not null`,
  )
  const audit = (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log`))!.n
  return { locked: new Map(locked.map((r) => [r.id, r.text])), audit }
}

/** Everything the public can reach on this challenge, against what the database says should be public. */
async function checkPublic(id: number, step: string) {
  const today = clock.today()
  const row = (await env.db.one<{ stage: string; from: string | null }>(
    `select stage, report_public_from::text as "from" from challenges where id = $1`,
    [id],
  ))!
  const event = await env.db.one<{ d: string }>(
    `select min(occurred_on)::text as d from challenge_events where challenge_id = $1 and code = 'report_published'`,
    [id],
  )
  const mayBePublic = FINAL.has(row.stage) && !!event?.d && event.d <= today
  const pub = clients.public
  const listed = ((await pub.get('/api/challenges')).json().items as { id: number }[]).some((c) => c.id === id)
  const page = (await pub.get(`/api/challenges/${id}`)).statusCode
  const report = (await pub.get(`/api/challenges/${id}/report`)).statusCode
  const docs = (await pub.get(`/api/challenges/${id}/documents`)).statusCode
  const seen = { listed, page: page === 200, report: report === 200, docs: docs === 200 }
  if (!mayBePublic)
    assert.deepEqual(
      seen,
      { listed: false, page: false, report: false, docs: false },
      `${step}: public before final and published (${row.stage}, ${event?.d} <= ${today})`,
    )
  // The public flag on the row never runs ahead of the rules either.
  if (row.from) assert.ok(FINAL.has(row.stage), `${step}: publication date kept at stage ${row.stage}`)
}

test('invariants: random actions by random actors never publish early, change a locked recommendation or lose an audit entry', async () => {
  let steps = 0
  const outcomes = new Map<number, number>()
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 8, maxLength: 24 }), async (actions) => {
      const id = await fresh()
      let before = await state()
      for (const [i, a] of actions.entries()) {
        const status = await run(id, a)
        steps++
        outcomes.set(status, (outcomes.get(status) ?? 0) + 1)
        const label = `step ${i + 1} ${JSON.stringify(a)} -> ${status}`
        assert.ok(status < 500, `${label}: server error`)
        await checkPublic(id, label)
        const now = await state()
        for (const [rid, text] of before.locked)
          assert.equal(now.locked.get(rid), text, `${label}: locked recommendation ${rid} changed`)
        assert.ok(now.audit >= before.audit, `${label}: audit entries lost (${before.audit} -> ${now.audit})`)
        before = now
      }
    }),
    { numRuns: 14, seed: 20261130, endOnFailure: true },
  )
  console.log(
    `# invariants: ${steps} random steps; responses ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`,
  )
  // The runs reached the interesting states: some challenges were published, and some recommendations locked.
  const published = (await env.db.one<{ n: number }>(
    `select count(*)::int as n from challenges where report_public_from is not null and reference like 'CPC-%-MEL-%'`,
  ))!.n
  const locked = (await env.db.one<{ n: number }>(
    `select count(*)::int as n from recommendations r join challenges c on c.id = r.challenge_id where r.locked_at is not null and c.reference like 'CPC-%-MEL-%'`,
  ))!.n
  console.log(`# invariants: ${published} of the random challenges published, ${locked} recommendations locked`)
  assert.ok(locked > 0 && published > 0, 'no run reached a final or published report: the generator needs tuning')
})
