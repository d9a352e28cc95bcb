import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { as, demoEnv, type TestEnv } from '../testing/harness.ts'

// The lists people expect as files (issue 18): the challenge list, the council register and the peer pool, as CSV
// and Excel, through the same services (and so the same policy scope) as their pages, with the pages' filters.

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

async function sheetRows(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buf as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]!
  const rows: string[][] = []
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  return rows
}

test('the challenge list as Excel and CSV holds what the list holds, for each role', async () => {
  for (const who of ['admin', 'nwl', 'public'] as const) {
    const c = await as(env.app, who)
    const list = (await c.get('/api/challenges')).json() as { items: { reference: string }[] }
    const xlsx = await c.get('/challenges.xlsx')
    assert.equal(xlsx.statusCode, 200, who)
    assert.match(xlsx.headers['content-disposition'] as string, /attachment; filename="challenges/)
    const rows = await sheetRows(xlsx.rawPayload)
    assert.equal(rows[0]![0], 'Reference')
    assert.deepEqual(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
      list.items.map((i) => i.reference).sort(),
      `${who}: the file holds the list's rows`,
    )
    const csv = parse((await c.get('/api/challenges.csv')).body, { columns: true, bom: true }) as Record<
      string,
      string
    >[]
    assert.deepEqual(csv.map((r) => r['Reference']).sort(), list.items.map((i) => i.reference).sort())
  }
  // the public sees only published challenges: fewer than the programme office
  const pub = parse((await (await as(env.app, 'public')).get('/challenges.csv')).body, {
    columns: true,
    bom: true,
  }) as unknown[]
  const all = parse((await (await as(env.app, 'admin')).get('/challenges.csv')).body, {
    columns: true,
    bom: true,
  }) as unknown[]
  assert.ok(pub.length > 0 && pub.length < all.length, `${pub.length} public of ${all.length}`)
})

test('the register with a filter, the peer pool for the programme office only; a bad filter changes nothing', async () => {
  const admin = await as(env.app, 'admin')
  const csv = parse((await admin.get('/councils.csv?region=East%20Midlands')).body, {
    columns: true,
    bom: true,
  }) as Record<string, string>[]
  assert.ok(csv.length >= 3)
  assert.ok(csv.every((r) => r['Region'] === 'East Midlands'))
  const bad = await admin.get('/api/councils.csv?existence=sometimes')
  assert.equal(bad.statusCode, 400)
  assert.match(bad.json().message ?? bad.body, /Check the filters/)
  const pool = await sheetRows((await admin.get('/peers.xlsx')).rawPayload)
  assert.equal(pool[0]![0], 'Name')
  assert.ok(pool.length > 5)
  assert.equal((await (await as(env.app, 'melton')).get('/api/peers.csv')).statusCode, 403)
  assert.equal((await (await as(env.app, 'public')).get('/api/peers.csv')).statusCode, 401)
})

test('the programme as Excel (a sheet each for deadlines, visits and councils due) and CSV, for the programme office only', async () => {
  const admin = await as(env.app, 'admin')
  const page = (await admin.get('/api/programme')).json() as {
    deadlines: { reference: string; label: string }[]
    upcoming: { reference: string }[]
    overdue: { code: string }[]
    dueSoon: { code: string }[]
    noRecord: { code: string }[]
  }
  assert.ok(page.deadlines.length && page.overdue.length, 'the demo programme has deadlines and overdue councils')
  const xlsx = await admin.get('/programme.xlsx')
  assert.equal(xlsx.statusCode, 200)
  assert.match(xlsx.headers['content-disposition'] as string, /filename="programme\.xlsx"/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Deadlines', 'Visits coming up', 'Councils due'],
  )
  const col = (name: string, n: number) => {
    const out: string[] = []
    wb.getWorksheet(name)!.eachRow((row, i) => {
      if (i > 1) out.push(String(row.getCell(n).value ?? ''))
    })
    return out
  }
  assert.deepEqual(
    col('Deadlines', 4),
    page.deadlines.map((d) => d.reference),
    'each deadline, in the page’s order',
  )
  assert.deepEqual(
    col('Deadlines', 7),
    page.deadlines.map((d) => d.label),
  )
  assert.deepEqual(
    col('Visits coming up', 4),
    page.upcoming.map((v) => v.reference),
  )
  assert.deepEqual(
    col('Councils due', 3),
    [...page.overdue, ...page.dueSoon, ...page.noRecord].map((c) => c.code),
  )
  assert.ok(
    col('Councils due', 8).some((s) => /overdue$/.test(s)),
    'how overdue, in words',
  )
  const csv = parse((await admin.get('/programme.csv')).body, { columns: true, bom: true }) as Record<string, string>[]
  assert.equal(
    csv.length,
    page.deadlines.length + page.upcoming.length + page.overdue.length + page.dueSoon.length + page.noRecord.length,
  )
  assert.deepEqual(Object.keys(csv[0]!), [
    'Section',
    'Council',
    'Council code',
    'Reference',
    'Date',
    'To',
    'What',
    'Status',
  ])
  for (const who of ['nwl', 'lead'] as const)
    assert.equal((await (await as(env.app, who)).get('/programme.xlsx')).statusCode, 403, who)
  const pub = await (await as(env.app, 'public')).get('/programme.xlsx')
  assert.equal(pub.statusCode, 303, 'the public is asked to sign in')
  assert.match(String(pub.headers['location']), /^\/login/)
})
