import fs from 'node:fs'
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import fc from 'fast-check'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { Validator } from '@seriousme/openapi-schema-validator'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/**
 * API fuzzing from the contract (decision 12). For every operation of the OpenAPI document, as each role, requests are
 * generated from the operation's own schemas — valid ones, and invalid ones (wrong types, huge strings and numbers, NUL
 * bytes, missing fields, unknown options, no CSRF token), with ids from the demo database and out-of-range ones — and
 * every answer must be documented: no 5xx, a documented status, and a JSON body that validates against the schema
 * documented for that status. Fixed seed, a few requests per operation and role; reads first, deletions last.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261123)
/** Requests per operation and role: this many valid ones and as many invalid ones (FUZZ_RUNS=20 for a deeper run). */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3)
const ROLES = ['public', 'other', 'own', 'pcm', 'lead', 'admin'] as const
type Role = (typeof ROLES)[number]
const ACCOUNT: Record<Role, Parameters<typeof as>[1]> = {
  public: 'public',
  other: 'nwl',
  own: 'melton',
  pcm: 'pcm',
  lead: 'lead',
  admin: 'admin',
}

/**
 * Classes of 5xx allowed while a fix is on its way (each printed, none failing the test). Empty: every 5xx fails. The
 * classes found first (32-bit integers, NUL bytes, unmapped database errors) are fixed at the edge and in the error
 * mapping (decision 13's companion fixes), so the list stays empty.
 */
const KNOWN_5XX: Record<string, (err: { message: string; code?: string }) => boolean> = {}

type Schema = Record<string, any>
interface Operation {
  method: string
  path: string
  id: string
  parameters: { in: string; name: string; required?: boolean; schema: Schema }[]
  body?: { required: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
  security: Record<string, string[]>[]
}
interface Req {
  url: string
  json?: unknown
  upload?: { fields: Record<string, string>; file?: { name: string; content: Buffer } }
  /** A raw text body (e.g. text/csv). */
  raw?: { type: string; text: string }
  csrf: boolean
  valid: boolean
}

let env: TestEnv
let ops: Operation[]
const logs: { msg?: string; err?: { message: string; code?: string; type?: string } }[] = []
const ajv = new Ajv({ strict: false, allErrors: false })
;(addFormatsModule as unknown as (a: Ajv) => void)(ajv)

before(async () => {
  env = await demoEnv({
    logger: {
      level: 'error',
      stream: new Writable({
        write(chunk, _e, cb) {
          logs.push(JSON.parse(String(chunk)))
          cb()
        },
      }),
    },
  })
  const spec = (await env.app.inject({ url: '/api/docs/json' })).json()
  const validator = new Validator()
  assert.ok((await validator.validate(spec)).valid)
  const resolved = validator.resolveRefs() as { paths: Record<string, Record<string, Schema>> }
  ops = Object.entries(resolved.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      id: op['operationId'],
      parameters: op['parameters'] ?? [],
      body: op['requestBody'],
      responses: op['responses'],
      security: op['security'] ?? [],
    })),
  )
  await fixtures()
  focus = new Set(
    await Promise.all(
      ['CPC-2026-MEL', 'CPC-2026-HAR', 'CPC-2024-NWL'].map(async (r) => String(await challengeId(env.db, r))),
    ),
  )
})
after(async () => env.close())

/** Rows for every kind of id the API takes, where the demo data has none. */
async function fixtures() {
  const db = env.db
  const mel = await challengeId(db, 'CPC-2026-MEL')
  const admin = await as(env.app, 'admin')
  const doc = await admin.request(
    'POST',
    `/api/challenges/${mel}/documents`,
    multipart({ kind: 'other', title: 'Fuzz' }, { name: 'fuzz.txt', content: 'fuzz' }),
  )
  assert.equal(doc.statusCode, 201, doc.body)
  const imp = await admin.request(
    'POST',
    '/api/imports',
    multipart(
      {},
      { name: 'report.txt', content: 'Corporate Peer Challenge\n\nRutland County Council\n\nFeedback report' },
    ),
  )
  assert.equal(imp.statusCode, 201, imp.body)
  const run = await admin.request('POST', '/api/assembly', {
    json: { scope: 'challenge', challengeId: String(await challengeId(db, 'CPC-2026-HAR')), timeLimit: 2 },
  })
  await admin.solved(run)
  const plan = (await db.one<{ id: number; version: number }>(`select id, version from action_plans limit 1`))!
  const action = (await db.one<{ id: number }>(`select id from plan_actions where plan_id = $1 limit 1`, [plan.id]))!
  const update = (await db.one<{ id: number }>(
    `insert into progress_updates (action_id, as_of, text, status, created_at) values ($1, '2026-11-01', 'fuzz', 'in-progress', now()) returning id`,
    [action.id],
  ))!
  await db.query(
    `insert into progress_evidence (update_id, filename, content_type, size_bytes, sha256, content) values ($1, 'e.txt', 'text/plain', 1, 'x', $2)`,
    [update.id, Buffer.from('e')],
  )
  await db.query(
    `insert into plan_imports (plan_id, filename, sha256, plan_version, changes, errors, created_at) values ($1, 'p.xlsx', 'x', $2, '{"rowsRead":0,"items":[]}', '[]', now())`,
    [plan.id, plan.version],
  )
  await db.query(
    `insert into report_comments (challenge_id, report_version_id, section, text, author_label, from_council, created_at) select $1, id, 'approach', 'fuzz', 'x', true, now() from report_versions where challenge_id = $1 order by version desc limit 1`,
    [mel],
  )
  await db.query(
    `insert into conflict_overrides (person_id, council_id, type, reason, created_at) select p.id, c.id, 'personal', 'a reason for the fuzzer', now() from people p, councils c where p.name = 'Sam Okafor' and c.code = 'CHL'`,
  )
}

// ---- Path parameters: real ids from the database, and ones that are not ids at all

const challengeOf = (table: string, via = '') =>
  `select ${via ? 'ap.challenge_id' : 't.challenge_id'} as id, t.id as sub from ${table} t ${via}`
const PLAN_JOIN = 'join action_plans ap on ap.id = t.plan_id'
const SUB_IDS: Record<string, string> = {
  recId: challengeOf('recommendations'),
  memberId: challengeOf('team_members'),
  versionId: `select d.challenge_id as id, t.id as sub from document_versions t join documents d on d.id = t.document_id`,
  noteId: challengeOf('evidence_notes'),
  attendeeId: challengeOf('visit_attendees'),
  sessionId: challengeOf('visit_sessions'),
  timetableId: challengeOf('timetables'),
  personId: `select challenge_id as id, person_id as sub from team_members`,
  evidenceId: `select ap.challenge_id as id, t.id as sub from progress_evidence t join progress_updates u on u.id = t.update_id join plan_actions a on a.id = u.action_id join action_plans ap on ap.id = a.plan_id`,
  snapshotId: challengeOf('plan_snapshots', PLAN_JOIN),
  importId: challengeOf('plan_imports', PLAN_JOIN),
  actionId: challengeOf('plan_actions', PLAN_JOIN),
  commentId: challengeOf('report_comments'),
  eventId: challengeOf('challenge_events'),
  statedId: challengeOf('rule_overrides'),
}
const ITEM_IDS: Record<string, string> = {
  unavailable: 'peer_unavailability',
  relationships: 'peer_relationships',
  overrides: 'conflict_overrides',
}
const BAD_PATH_VALUES = [
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  'abc',
  '1.5',
  '%E0%A4%A',
  '%00',
  'x'.repeat(300),
]

/** Real values for an operation's path parameters, as whole tuples (a recommendation with its own challenge). */
async function realParams(op: Operation): Promise<Record<string, string>[]> {
  const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name)
  if (!names.length) return [{}]
  const q = (sql: string) => env.db.query<{ id: number | string; sub?: number | string }>(sql)
  let rows: { id: number | string; sub?: number | string }[]
  const sub = names[1]
  if (op.path.startsWith('/api/councils/')) rows = await q(`select code as id from councils order by code limit 40`)
  else if (op.path.startsWith('/api/team-rules/')) rows = await q(`select distinct code as id from team_rules`)
  else if (op.path.startsWith('/api/assembly/')) rows = await q(`select id from assembly_runs`)
  else if (op.path.startsWith('/api/imports/')) rows = await q(`select id from imports`)
  else if (op.path.startsWith('/api/peers/') && sub === 'itemId') {
    const table = ITEM_IDS[op.path.split('/')[4]!]!
    rows = await q(`select person_id as id, id as sub from ${table}`)
  } else if (op.path.startsWith('/api/peers/')) rows = await q(`select id from people order by id`)
  else if (sub === 'format') {
    const format = op.parameters.find((p) => p.name === 'format')!.schema['enum'] as string[]
    rows = (await q(`select challenge_id as id from action_plans`)).flatMap((r) =>
      format.map((f) => ({ ...r, sub: f })),
    )
  } else if (sub) {
    if (!SUB_IDS[sub])
      throw new Error(`the fuzzer does not know where ${op.path}'s :${sub} comes from: add it to SUB_IDS`)
    rows = await q(SUB_IDS[sub])
  } else rows = await q(`select id from challenges order by id`)
  const tuples = rows.map((r) => ({ [names[0]!]: String(r.id), ...(sub ? { [sub]: String(r.sub) } : {}) }))
  return tuples.length ? tuples : [Object.fromEntries(names.map((n) => [n, '1']))]
}

/** The challenges every role has a part in (Melton's visit, Harlow's, North West Leicestershire's plan): most ids are from these. */
let focus: Set<string>

function pathArb(op: Operation, real: Record<string, string>[], valid: boolean): fc.Arbitrary<string> {
  const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name)
  const fill = (values: Record<string, string>) =>
    op.path.replace(/\{(\w+)\}/g, (_m, n: string) =>
      BAD_PATH_VALUES.includes(values[n]!) ? values[n]! : encodeURIComponent(values[n]!),
    )
  const focused = op.path.startsWith('/api/challenges/') ? real.filter((t) => focus.has(t['id']!)) : []
  const good = focused.length
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...focused) },
        { weight: 1, arbitrary: fc.constantFrom(...real) },
      )
    : fc.constantFrom(...real)
  if (valid || !names.length) return good.map(fill)
  return fc
    .tuple(good, fc.constantFrom(...names), fc.constantFrom(...BAD_PATH_VALUES))
    .map(([values, n, bad]) => fill({ ...values, [n]: bad }))
}

// ---- Values from JSON schemas

const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
const digits = fc.integer({ min: 1, max: 60 }).map(String)

/** A value the schema accepts. */
function valid(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 5) return fc.constant(null)
  let a: fc.Arbitrary<unknown>
  if (s['enum']) a = fc.constantFrom(...(s['enum'] as unknown[]))
  else if (s['anyOf'] || s['oneOf']) a = fc.oneof(...(s['anyOf'] ?? s['oneOf']).map((m: Schema) => valid(m, depth + 1)))
  else if (s['type'] === 'string') a = stringArb(s)
  else if (s['type'] === 'integer' || s['type'] === 'number') {
    const min = Math.max(s['minimum'] ?? -1000, -1000) + (s['exclusiveMinimum'] ? 1 : 0)
    const max = Math.min(s['maximum'] ?? 1000, 1000)
    a = s['type'] === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true })
  } else if (s['type'] === 'boolean') a = fc.boolean()
  else if (s['type'] === 'array')
    a = fc.array(valid(s['items'], depth + 1), {
      minLength: s['minItems'] ?? 0,
      maxLength: Math.min(s['maxItems'] ?? 3, 3),
    })
  else if (s['type'] === 'object' || s['properties']) {
    const props = Object.entries((s['properties'] ?? {}) as Record<string, Schema>)
    const record = fc.record(Object.fromEntries(props.map(([k, v]) => [k, hinted(k, v, depth + 1)])), {
      requiredKeys: (s['required'] ?? []) as never[],
    })
    const extra = s['additionalProperties']
    a =
      extra && typeof extra === 'object'
        ? fc
            .tuple(
              record,
              fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), valid(extra, depth + 1), { maxKeys: 2 }),
            )
            .map(([r, d]) => ({ ...d, ...r }))
        : record
  } else a = fc.oneof(fc.string({ maxLength: 12 }), digits, fc.integer(), fc.boolean())
  return s['nullable'] ? fc.option(a, { nil: null }) : a
}

/**
 * Plausible values for fields by name, so that more generated bodies get past the services' own checks (and a single
 * wrong field in an otherwise good body reaches further).
 */
const soon = fc.date({ min: new Date('2026-11-24'), max: new Date('2027-12-31'), noInvalidDate: true })
const HINTS: [RegExp, fc.Arbitrary<unknown>][] = [
  [/(Date|On|^asOf|^from|^to)$/, soon.map((d) => d.toISOString().slice(0, 10))],
  [/^(councilCode|council)$/, fc.constantFrom('MEL', 'CHL', 'HAR', 'RUT', 'OAD')],
  [/(Id|^add|^remove)$/, fc.integer({ min: 1, max: 60 })],
  [/Ids$/, fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 2 })],
  [/^(fixedStart|start|end)$/, fc.constantFrom('09:30', '11:00', '14:15')],
  [/^(minutes|daysOffered)$/, fc.integer({ min: 30, max: 90 })],
  [
    /^(text|title|name|note|reason|reasons|body|leadOfficer|executiveSummary|approach|nextSteps)$/,
    fc.lorem({ maxCount: 3 }),
  ],
]
const hinted = (name: string, s: Schema, depth: number) => {
  const hint = HINTS.find(([re]) => re.test(name))?.[1]
  const plain = valid(s, depth)
  if (!hint || s['enum']) return plain
  // Only a hint the schema accepts: a value it refuses would not be a valid request.
  // A hint the schema never accepts would make the filter below search for ever: try it first.
  const accepts = ajv.compile(s)
  const ok = (v: unknown) => accepts(v) || accepts(String(v))
  if (!fc.sample(hint, { seed: SEED, numRuns: 30 }).some(ok)) return plain
  return fc.oneof({ weight: 3, arbitrary: hint.filter(ok) }, plain)
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  if (s['format'] === 'date') return day.map((d) => d.toISOString().slice(0, 10))
  if (s['format'] === 'date-time') return day.map((d) => d.toISOString())
  if (s['format'] === 'email') return fc.emailAddress()
  const minLength = s['minLength'] ?? 0
  const maxLength = Math.max(minLength, Math.min(s['maxLength'] ?? 40, 40))
  return fc
    .oneof(
      fc.string({ minLength, maxLength }),
      digits,
      day.map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('yes', 'key', 'cpc', 'interview', 'accepted', 'finance', 'MEL', 'officer'),
    )
    .filter((v) => v.length >= minLength && v.length <= (s['maxLength'] ?? Infinity))
}

/** Values no field should take without a 4xx: wrong types, huge numbers and strings, NUL bytes and the like. */
const NASTY: unknown[] = [
  'a\u0000b',
  '\u0000',
  'x'.repeat(100_000),
  2147483648,
  -2147483649,
  9007199254740994,
  1e308,
  -1,
  0,
  1.5,
  '2147483648',
  '99999999999999999999',
  '',
  '   ',
  null,
  true,
  [],
  {},
  [1, 'two', null],
  '2026-02-30',
  '\uD800',
  '💥'.repeat(500),
]
const nasty = fc.constantFrom(...NASTY)

/** Numbers past what an id or a count can be (the database's integers are 32-bit), as numbers and as text. */
const overflow = fc.constantFrom(2147483648, '2147483648', -2147483649, 9007199254740994, '99999999999999999999', 1e308)
const numeric = (s: Schema, name: string): boolean =>
  ['integer', 'number'].includes(s['type']) ||
  !!(s['anyOf'] ?? []).some((m: Schema) => numeric(m, '')) ||
  (s['type'] === 'array' && numeric(s['items'] ?? {}, '')) ||
  /(Id|Ids|^version|^number)$/.test(name)

/**
 * A value the schema refuses, or one at its edges: a whole wrong value, one field of a good value wrong (numbers past
 * 32 bits most often where a number goes), a required field missing, an option that does not exist.
 */
function invalid(s: Schema | undefined): fc.Arbitrary<unknown> {
  const properties = (s?.['properties'] ?? {}) as Record<string, Schema>
  const props = Object.keys(properties)
  const numbers = props.filter((p) => numeric(properties[p]!, p))
  const required = (s?.['required'] ?? []) as string[]
  const enums = props.filter((p) => properties[p]!['enum'])
  const base = valid(s) as fc.Arbitrary<Record<string, unknown>>
  const set = (keys: string[], values: fc.Arbitrary<unknown>) =>
    fc.tuple(base, fc.constantFrom(...keys), values).map(([o, k, v]) => ({ ...o, [k]: v }))
  const ways: fc.WeightedArbitrary<unknown>[] = [{ weight: 1, arbitrary: nasty }]
  if (numbers.length)
    ways.push({
      weight: 3,
      arbitrary: set(
        numbers,
        fc.oneof(
          overflow,
          overflow.map((v) => [v]),
        ),
      ),
    })
  if (props.length) ways.push({ weight: 2, arbitrary: set(props, nasty) })
  if (required.length)
    ways.push({
      weight: 1,
      arbitrary: fc.tuple(base, fc.constantFrom(...required)).map(([o, k]) => {
        const c = { ...o }
        delete c[k]
        return c
      }),
    })
  if (enums.length) ways.push({ weight: 1, arbitrary: set(enums, fc.constant('no-such-option')) })
  return fc.oneof(...ways)
}

/** Keeps the solvers (team assembly, timetable) short: a time limit left out or over 2 seconds becomes 2. */
function tame(op: Operation, body: unknown): unknown {
  const key = { postAssembly: 'timeLimit', postChallengeVisitTimetables: 'timeLimitSeconds' }[op.id]
  if (!key || !body || typeof body !== 'object' || Array.isArray(body)) return body
  const b = { ...(body as Record<string, unknown>) }
  const n = Number(b[key] ?? 99)
  if (Number.isFinite(n) && n > 2 && n <= 120) b[key] = 2
  return b
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v))

/** A request: a valid one, or one with exactly one thing wrong (its path, its query, its body or its CSRF token). */
function requestArb(op: Operation, real: Record<string, string>[], isValid: boolean): fc.Arbitrary<Req> {
  const query = op.parameters.filter((p) => p.in === 'query')
  const content = op.body?.content ?? {}
  const json = content['application/json']?.schema
  const form = content['multipart/form-data']?.schema
  const rawType = Object.keys(content).find((t) => t.startsWith('text/'))
  const targets = [
    ...(op.parameters.some((p) => p.in === 'path') ? ['path'] : []),
    ...(query.length ? ['query'] : []),
    ...(json || form ? ['body', 'body'] : []),
    ...(op.method !== 'GET' ? ['csrf'] : []),
  ]
  const target = isValid || !targets.length ? fc.constant('none') : fc.constantFrom(...targets)
  return target.chain((broken) => {
    const queryArb = fc.record(
      Object.fromEntries(
        query.map((p) => [p.name, broken === 'query' ? fc.oneof(valid(p.schema), nasty) : valid(p.schema)]),
      ),
      { requiredKeys: [] },
    )
    const bodyKinds: fc.Arbitrary<Pick<Req, 'json' | 'upload' | 'raw'>>[] = []
    if (rawType)
      bodyKinds.push(
        (broken === 'body' ? fc.oneof(nasty.map(text), fc.string()) : fc.lorem({ mode: 'sentences' })).map((t) => ({
          raw: { type: rawType, text: t },
        })),
      )
    if (json) bodyKinds.push((broken === 'body' ? invalid(json) : valid(json)).map((v) => ({ json: tame(op, v) })))
    if (form) {
      const { file: _f, ...fields } = form['properties'] ?? {}
      const fieldSchema = {
        ...form,
        properties: fields,
        required: (form['required'] ?? []).filter((r: string) => r !== 'file'),
      }
      const file = fc.record({
        name: fc.constantFrom('a.txt', 'a.csv', 'a.xlsx', 'a.pdf', 'a.docx', 'a.md', 'a.html', 'a.exe', 'a'),
        content: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 })).map((c) => Buffer.from(c)),
      })
      bodyKinds.push(
        fc
          .tuple(
            broken === 'body' ? invalid(fieldSchema) : valid(fieldSchema),
            broken === 'body' ? fc.option(file, { nil: undefined }) : file,
          )
          .map(([f, file]) => ({
            upload: {
              fields: Object.fromEntries(
                Object.entries(f && typeof f === 'object' ? f : {}).map(([k, v]) => [k, text(v)]),
              ),
              file,
            },
          })),
      )
    }
    const body = bodyKinds.length ? fc.oneof(...bodyKinds) : fc.constant({})
    return fc.tuple(pathArb(op, real, broken !== 'path'), queryArb, body).map(([path, q, b]) => {
      const qs = new URLSearchParams(
        Object.entries(q).flatMap(([k, v]) => (v === undefined ? [] : [[k, text(v)] as [string, string]])),
      ).toString()
      return { url: qs ? `${path}?${qs}` : path, ...b, csrf: broken !== 'csrf', valid: isValid }
    })
  })
}

// ---- Checking an answer against the contract

const validators = new Map<string, ValidateFunction>()
function validatorFor(op: Operation, status: string, schema: Schema) {
  const key = `${op.id} ${status}`
  if (!validators.has(key)) validators.set(key, ajv.compile(schema))
  return validators.get(key)!
}
const matches = (documented: string, actual: string) =>
  documented === '*/*' ||
  documented === actual ||
  (documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1)))

test('every operation, as every role, answers within its contract (no 5xx, documented status and body)', async () => {
  const clients = {} as Record<Role, Client>
  for (const r of ROLES) clients[r] = await as(env.app, ACCOUNT[r])
  // Reads first, then writes; deletions last, so that they take away as little as possible from what follows.
  const phase = (o: Operation) => (o.method === 'GET' ? 0 : o.method === 'DELETE' ? 2 : 1)
  const order = [...ops].sort((a, b) => phase(a) - phase(b) || a.path.localeCompare(b.path))
  const failures: string[] = []
  const known = new Map<string, { count: number; example: string }>()
  const statuses = new Map<string, number>()
  let requests = 0
  const started = Date.now()
  const timing = new Map<string, number>()
  for (const [i, op] of order.entries()) {
    const opStarted = Date.now()
    // FUZZ_PROGRESS=<file>: each operation as it starts (the runner shows console output only at the end).
    if (process.env['FUZZ_PROGRESS'])
      fs.appendFileSync(process.env['FUZZ_PROGRESS'], `${i + 1}/${order.length} ${op.method} ${op.path} (${op.id})\n`)
    const real = await realParams(op)
    for (const [r, role] of ROLES.entries()) {
      const seed = SEED + i * 31 + r
      const samples = [
        ...fc.sample(requestArb(op, real, true), { seed, numRuns: RUNS }),
        ...fc.sample(requestArb(op, real, false), { seed: seed + 7, numRuns: RUNS }),
      ]
      for (const req of samples) {
        const client = clients[role]
        logs.length = 0
        const res = await client.request(op.method, req.url, {
          ...(req.json !== undefined ? { json: req.json } : {}),
          ...(req.upload ? multipart(req.upload.fields, req.upload.file) : {}),
          ...(req.raw ? { payload: req.raw.text, headers: { 'content-type': req.raw.type } } : {}),
          csrf: req.csrf,
        })
        requests++
        const status = String(res.statusCode)
        // FUZZ_TRACE=<operationId> prints every request to that operation and its answer.
        if (op.id === process.env['FUZZ_TRACE'])
          console.log(
            `# ${role} ${req.url} ${JSON.stringify(req.json ?? req.upload?.fields)?.slice(0, 200)} -> ${status}`,
          )
        statuses.set(status[0] + 'xx', (statuses.get(status[0] + 'xx') ?? 0) + 1)
        const label = `${role} ${op.method} ${req.url.slice(0, 160)} (${op.id}, ${req.valid ? 'valid' : 'invalid'}, seed ${seed})`
        if (res.statusCode >= 500) {
          const err = logs.find((l) => l.err)?.err ?? { message: res.body }
          const kind = Object.entries(KNOWN_5XX).find(([, is]) => is(err))?.[0]
          if (kind) {
            const k = `${op.id}: ${kind}`
            known.set(k, { count: (known.get(k)?.count ?? 0) + 1, example: `${label}: ${err.message.slice(0, 160)}` })
          } else failures.push(`${label} -> ${status}: ${err.message.slice(0, 300)}`)
          continue
        }
        if (
          role === 'public' &&
          op.method === 'GET' &&
          res.statusCode < 300 &&
          !op.security.some((r) => !Object.keys(r).length)
        )
          failures.push(`${label} -> ${status} for the public, but the operation documents that it needs a session`)
        const documented = op.responses[status]
        if (!documented) {
          failures.push(`${label} -> ${status}, which is not documented: ${res.body.slice(0, 200)}`)
          continue
        }
        const type = String(res.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
        const media = Object.entries(documented.content ?? {}).find(([t]) => matches(t, type))
        if (!media) {
          failures.push(`${label} -> ${status} ${type}, not a documented content type`)
          continue
        }
        if (type === 'application/json') {
          const validate = validatorFor(op, status, media[1].schema)
          if (!validate(res.json()))
            failures.push(
              `${label} -> ${status}: the body does not match its schema: ${ajv.errorsText(validate.errors)} ${res.body.slice(0, 200)}`,
            )
        }
      }
      // Signing out ends the role's session: sign in again for what follows.
      if (op.id === 'postLogout') clients[role] = await as(env.app, ACCOUNT[role])
    }
    timing.set(op.id, Date.now() - opStarted)
  }
  if (process.env['FUZZ_TIMING'])
    for (const [k, ms] of [...timing].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`# ${k}: ${ms} ms`)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  console.log(
    `# API fuzz: ${ops.length} operations x ${ROLES.length} roles x ${RUNS * 2} requests = ${requests} requests in ${seconds}s; ` +
      `answers ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(', ')}; ${failures.length} failures`,
  )
  if (known.size) {
    console.log(
      `# ${known.size} known 5xx (KNOWN_5XX: being fixed in the services; they fail this test once that list is emptied):`,
    )
    for (const [k, v] of known) console.log(`#   ${k} (${v.count}x), e.g. ${v.example}`)
  }
  for (const f of failures.slice(0, 60)) console.log(`# FAIL ${f}`)
  assert.deepEqual(failures, [])
  assert.ok(requests >= ops.length * ROLES.length * RUNS * 2)
})

test('the fuzzer’s generators produce what the schemas accept, and what they refuse', () => {
  const schema = {
    type: 'object',
    required: ['n', 'd'],
    properties: {
      n: { type: 'integer', minimum: 1, maximum: 5 },
      d: { type: 'string', format: 'date' },
      k: { type: 'string', enum: ['a', 'b'] },
    },
  }
  const check = ajv.compile(schema)
  for (const v of fc.sample(valid(schema), { seed: SEED, numRuns: 50 })) assert.ok(check(v), JSON.stringify(v))
  const refused = fc.sample(invalid(schema), { seed: SEED, numRuns: 50 }).filter((v) => !check(v))
  assert.ok(refused.length > 25, `only ${refused.length} of 50 invalid values are refused`)
})
