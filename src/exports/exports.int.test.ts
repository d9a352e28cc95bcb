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
