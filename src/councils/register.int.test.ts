import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { as, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

const REGISTER = path.resolve('test/fixtures/uk_local_authorities_current.csv')

let env: TestEnv
let admin: Client
before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
})
after(async () => env.close())

const csvUpload = (name: string, content: string | Buffer) => multipart({}, { name, content, type: 'text/csv' })
const count = async (sql: string, p: unknown[] = []) => (await env.db.one<{ n: number }>(sql, p))!.n

test('importing the national register through the upload page', async () => {
  const csv = fs.readFileSync(REGISTER)
  const res = await admin.request(
    'POST',
    '/councils/import?_csrf=' + encodeURIComponent(admin.csrf),
    csvUpload('uk_local_authorities_current.csv', csv),
  )
  assert.equal(res.statusCode, 303, res.body.slice(0, 300))
  const page = await admin.get('/councils')
  assert.match(page.body, /Register imported: 470 rows, 434 new, 0 changed, 36 unchanged/)
  assert.equal(await count(`select count(*)::int as n from councils`), 470)
  // The English programme councils in existence, effective-dated by reorganisation.
  const on = async (d: string) => (await admin.get(`/api/councils?asAt=${d}&programme=yes`)).json().total
  assert.equal(await on('2026-11-23'), 317)
  assert.equal(await on('2023-03-31'), 333)
  assert.equal(await on('2023-04-01'), 317)
  // Both ways the register writes an end date give the right last day.
  const c = async (code: string) => (await admin.get(`/api/councils/${code}`)).json()
  assert.equal((await c('ALL')).council.lastDay, '2023-03-31') // end-date = successor's start
  assert.equal((await c('AYL')).council.lastDay, '2020-03-31') // end-date = last day
  const cumberland = await c('CBD')
  assert.deepEqual(cumberland.predecessors.map((p: { code: string }) => p.code).sort(), ['ALL', 'CAR', 'CMA', 'COP'])
  assert.deepEqual((await c('CMA')).successors.map((p: { code: string }) => p.code).sort(), ['CBD', 'WAF'])
  assert.equal((await c('OAD')).county.code, 'LEC')
  // Filters
  const lb = (await admin.get('/api/councils?type=LBO')).json()
  assert.equal(lb.total, 32)
  const search = (await admin.get('/api/councils?q=wigston')).json()
  assert.deepEqual(
    search.items.map((i: { code: string }) => i.code),
    ['OAD'],
  )
  const abolished = (await admin.get('/api/councils?existence=abolished&programme=all&nation=')).json()
  assert.ok(abolished.items.every((i: { lastDay: string }) => i.lastDay < '2026-11-23'))
  assert.ok(abolished.total >= 70)

  // Importing the same file again changes nothing.
  const auditBefore = await count(`select count(*)::int as n from audit_log where entity = 'council'`)
  const again = await admin.request('POST', '/api/councils/import', {
    payload: csv,
    headers: { 'content-type': 'text/csv' },
  })
  assert.equal(again.statusCode, 200)
  assert.deepEqual(again.json(), { rows: 470, created: 0, updated: 0, unchanged: 470, errors: [] })
  assert.equal(await count(`select count(*)::int as n from audit_log where entity = 'council'`), auditBefore)

  // A changed row is updated, with its before and after in the audit log.
  const edited = csv
    .toString('utf8')
    .replace('Oadby and Wigston Borough Council,', 'Oadby and Wigston District Council,')
  const upd = await admin.request('POST', '/api/councils/import', { json: { csv: edited } })
  assert.deepEqual(upd.json(), { rows: 470, created: 0, updated: 1, unchanged: 469, errors: [] })
  const entry = await env.db.one<{ before: { officialName: string }; after: { officialName: string } }>(
    `select before, after from audit_log where action = 'council.updated' and entity_id = 'OAD'`,
  )
  assert.equal(entry!.before.officialName, 'Oadby and Wigston Borough Council')
  assert.equal(entry!.after.officialName, 'Oadby and Wigston District Council')
})

test('the programme office sees each council’s five-year cycle; the public does not', async () => {
  const list = (await admin.get('/api/councils?cycle=overdue')).json()
  assert.deepEqual(list.items.map((c: { code: string }) => c.code).sort(), ['LBH', 'OAD', 'TES'])
  assert.equal(list.cycleCounts.overdue, 3)
  assert.equal(list.cycleCounts['due-soon'], 1) // counted before the status filter: Blaby
  const oad = list.items.find((c: { code: string }) => c.code === 'OAD')
  // Its 2017 report states the next challenge "before November 2021" (decision 0016): that date counts, not the
  // rule's five years (23 March 2022).
  assert.equal(oad.cycle.nextDue, '2021-11-30')
  assert.equal(oad.cycle.ruleDue, '2022-03-23')
  assert.equal(oad.cycle.daysOverdue, 1819)
  const blaby = (await admin.get('/api/councils/BLA')).json().cycle
  assert.equal(blaby.status, 'due-soon')
  assert.equal(blaby.nextDue, '2027-03-25')
  const harlow = (await admin.get('/api/councils/HAR')).json().cycle
  assert.equal(harlow.booked.reference, 'CPC-2026-HAR')
  // Councils created in the 2023 reorganisation are due five years from their start.
  const cumberland = (await admin.get('/api/councils/CBD')).json().cycle
  assert.equal(cumberland.nextDue, '2028-04-01')
  assert.equal(cumberland.status, 'in-date')
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get('/api/councils/OAD')).json().cycle, null)
  assert.equal((await pub.get('/api/councils?cycle=overdue')).statusCode, 403)
  const page = await admin.get('/programme')
  assert.match(page.body, /Oadby and Wigston/)
  // 1,819 days overdue, said in years and months
  assert.match(page.body, /<td class="govuk-table__cell app-nowrap">4 years 11 months<\/td>/)
})

test('a bad register file is refused with a clear message and changes nothing', async () => {
  const before = await count(`select count(*)::int as n from councils`)
  const auditBefore = await count(`select count(*)::int as n from audit_log`)
  const cases: [string, string | Buffer, RegExp][] = [
    ['empty.csv', '', /no rows|not a valid CSV|Select a CSV file/],
    ['wrong.csv', 'name,code\nA,B\n', /missing the columns: local-authority-code/],
    [
      'bad-date.csv',
      'local-authority-code,official-name,nice-name,nation,local-authority-type,start-date\nZZA,A Council,A,England,NMD,2024-02-30\n',
      /start-date "2024-02-30" is not a date/,
    ],
    [
      'dup.csv',
      'local-authority-code,official-name,nice-name,nation,local-authority-type\nZZA,A,A,England,NMD\nZZA,B,B,England,NMD\n',
      /code ZZA appears twice/,
    ],
    [
      'ragged.csv',
      'local-authority-code,official-name,nice-name,nation,local-authority-type\nZZA,"unclosed,A,England,NMD\n',
      /not a valid CSV/,
    ],
    ['binary.csv', Buffer.from([0x00, 0xff, 0x10, 0x00, 0x41]), /not a text CSV file/],
    ['register.xlsx', 'local-authority-code\n', /must be a CSV file/],
  ]
  for (const [name, content, message] of cases) {
    const res = await admin.request(
      'POST',
      '/councils/import?_csrf=' + encodeURIComponent(admin.csrf),
      csvUpload(name, content),
    )
    assert.equal(res.statusCode, 400, `${name}: ${res.statusCode}`)
    assert.match(res.body, /govuk-error-summary/, name)
    assert.match(res.body.replace(/&quot;/g, '"'), message, name)
  }
  assert.equal(await count(`select count(*)::int as n from councils`), before)
  assert.equal(await count(`select count(*)::int as n from audit_log`), auditBefore)
  const peer = await as(env.app, 'lead')
  assert.equal((await peer.request('POST', '/api/councils/import', { json: { csv: 'x' } })).statusCode, 403)
})

test('the register page filters by nation, and keeps the filters across pages', async () => {
  const pub = await as(env.app, 'public')
  const page = await pub.get('/councils?programme=all&nation=&existence=all')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /<select class="govuk-select" id="nation" name="nation">/)
  const all = (await pub.get('/api/councils?programme=all&nation=&existence=all')).json()
  const england = (await pub.get('/api/councils?programme=all&nation=England&existence=all')).json()
  assert.ok(all.total > england.total)
  if (all.pages > 1)
    assert.match(
      page.body,
      /href="\?q=&amp;region=&amp;type=&amp;nation=&amp;existence=all&amp;asAt=&amp;cycle=&amp;programme=all&amp;page=2"/,
    )
})
