import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import mammoth from 'mammoth'
import { parse } from 'csv-parse/sync'
import { strToU8, zipSync } from 'fflate'
import { as, challengeId, demoEnv, multipart, TODAY, type Client, type TestEnv } from '../testing/harness.ts'
import { ACTION_COLUMNS as C } from './documents.ts'

/** The plan's documents opened and read back, and the Excel round trip: export, edit, preview, apply. */
let env: TestEnv
let nwl: number
let officer: Client
let recs: { id: number; ref: string; title: string }[]
const base = () => `/challenges/${nwl}/action-plan`
const plan = async () => (await officer.get(`/api${base()}`)).json()
const xlsxUpload = (buf: Buffer, name = 'edited-plan.xlsx') => multipart({}, { name, content: buf })

before(async () => {
  env = await demoEnv()
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
  officer = await as(env.app, 'nwl')
  assert.equal((await officer.request('POST', `/api${base()}`, { json: {} })).statusCode, 201)
  recs = (await plan()).view.recommendations
  const put = (i: number, body: object) =>
    officer.request('PUT', `/api${base()}/responses/${recs[i]!.id}`, { json: body })
  for (let i = 0; i < 6; i++) assert.equal((await put(i, { response: 'accepted' })).statusCode, 200)
  assert.equal(
    (await put(6, { response: 'partly-accepted', reasons: 'Partnership boards are county-led.' })).statusCode,
    200,
  )
  const add = async (body: object) => {
    const r = await officer.request('POST', `/api${base()}/actions`, { json: body })
    assert.equal(r.statusCode, 201, r.body)
  }
  await add({
    recommendationIds: [recs[0]!.id, recs[3]!.id],
    title: 'Member and officer development programme, with a communications plan',
    description:
      'A rolling programme for councillors and senior officers.\nThe communications plan follows in the spring.',
    milestones: ['2025-03-31: Workshops designed', 'Induction pack refreshed'],
    leadOfficer: 'Head of HR',
    startDate: '2025-01-06',
    targetDate: '2025-09-30',
  })
  await add({
    recommendationIds: [recs[1]!.id],
    title: 'Quarterly risk reports to Audit and Governance Committee',
    leadOfficer: 'Head of Legal and Support Services',
    targetDate: '2025-06-30',
  })
  await add({
    recommendationIds: [recs[5]!.id],
    title: 'Process review of Housing Repairs',
    leadOfficer: 'Head of Housing',
    targetDate: '2026-12-31',
  })
})
after(async () => env.close())

test('the plan as a landscape Word table, with the locked wording, responses, actions and ratings', async () => {
  const res = await officer.get(`${base()}/download/docx`)
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-disposition']), /CPC-2024-NWL-action-plan\.docx/)
  const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload })
  assert.match(text, /North West Leicestershire: corporate peer challenge action plan/)
  assert.ok(text.includes(recs[0]!.title))
  assert.match(text, /Partly accepted\s+Partnership boards are county-led\./)
  assert.match(text, /Member and officer development programme/)
  assert.match(text, /Head of Legal and Support Services/)
  assert.match(text, /Red/) // action 1 and 2 are long past their target dates
  // Landscape: the page is wider than it is tall.
  const { unzipSync } = await import('fflate')
  const xml = Buffer.from(unzipSync(new Uint8Array(res.rawPayload))['word/document.xml']!).toString('utf8')
  const size = /<w:pgSz w:w="(\d+)" w:h="(\d+)"[^>]*w:orient="landscape"/.exec(xml)
  assert.ok(size, 'landscape page size')
  assert.ok(Number(size![1]) > Number(size![2]))
  assert.match(xml, /<w:tblHeader\/>/) // the header row repeats on every page
})

test('CSV: one row per recommendation and action, opened by a CSV reader', async () => {
  const res = await officer.get(`${base()}/download/csv`)
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /text\/csv/)
  const rows = parse(res.body.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
  // R1 and R4 share action 1 (a row under each); R3, R5 and R7 have no action yet: one row each.
  assert.equal(rows.length, 7)
  assert.deepEqual(
    rows.map((r) => `${r['Recommendation ref']}:${r['Action no.']}`),
    ['R1:1', 'R2:2', 'R3:', 'R4:1', 'R5:', 'R6:3', 'R7:'],
  )
  assert.equal(rows[0]!['Recommendation ref'], 'R1')
  assert.equal(rows[0]!['Action no.'], '1')
  assert.equal(rows.find((r) => r['Recommendation ref'] === 'R4')!['Action no.'], '1')
  assert.equal(
    rows.find((r) => r['Recommendation ref'] === 'R2')!['Lead officer'],
    'Head of Legal and Support Services',
  )
  assert.equal(rows.find((r) => r['Recommendation ref'] === 'R2')!['RAG'], 'Red')
  assert.equal(rows.find((r) => r['Recommendation ref'] === 'R3')!['Action'], '')
})

async function exported(): Promise<ExcelJS.Workbook> {
  const res = await officer.get(`${base()}/download/xlsx`)
  assert.equal(res.statusCode, 200)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer)
  return wb
}

function col(ws: ExcelJS.Worksheet, header: string): number {
  let found = 0
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === header) found = n
  })
  assert.ok(found, `column ${header}`)
  return found
}

test('Excel: the exported workbook holds the plan, with lists for responses and statuses', async () => {
  const wb = await exported()
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Read me', 'Action plan', 'Responses', 'Actions', 'About'],
  )
  // Printed: A4 landscape, as wide as the page, the heading row on every page, page numbers in the footer, and a
  // print area that ends with the data (the rows formatted for new actions never print as blank pages).
  for (const name of ['Action plan', 'Responses', 'Actions']) {
    const ws = wb.getWorksheet(name)!
    const ps = ws.pageSetup
    assert.equal(ps.paperSize, 9, `${name}: A4`)
    assert.equal(ps.orientation, 'landscape', name)
    assert.equal(ps.fitToPage, true, name)
    assert.equal(ps.fitToWidth, 1, name)
    assert.equal(ps.fitToHeight, 0, name)
    assert.match(ps.printTitlesRow ?? '', /^\$?1:\$?1$/, `${name}: the heading row repeats`)
    assert.match(ws.headerFooter.oddFooter ?? '', /Page &P of &N/, name)
    assert.match(ws.headerFooter.oddHeader ?? '', /North West Leicestershire/, name)
    const lastRow = Number(/\$?(\d+)$/.exec(ps.printArea!)![1])
    assert.equal(lastRow, name === 'Responses' ? 8 : name === 'Actions' ? 4 : ws.actualRowCount, `${name}: print area`)
    // Rows as high as their wrapped text.
    assert.ok(ws.getRow(2).height! >= 15, `${name}: row height`)
  }
  const ap = wb.getWorksheet('Action plan')!
  const heads = (ap.getRow(1).values as unknown[]).slice(1)
  assert.deepEqual(heads, [
    'Ref',
    'Recommendation',
    'Council response',
    'No.',
    'Action',
    'Milestones',
    'Lead officer',
    'Target date',
    'Status',
    'RAG',
    'Latest progress',
  ])
  const first = ap.getRow(2)
  assert.equal(first.getCell(1).value, 'R1')
  const actionText = (first.getCell(5).value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('')
  assert.match(actionText, /^Member and officer development programme.*\nA rolling programme for councillors/s)
  assert.equal(first.getCell(6).value, '• 31 March 2025: Workshops designed\n• Induction pack refreshed')
  assert.ok(first.getCell(5).alignment.wrapText)
  assert.ok(first.height! > 40, `a row of four lines or more: ${first.height}`)
  const rs = wb.getWorksheet('Responses')!
  assert.equal(rs.rowCount, 8)
  assert.equal(rs.getCell(2, 3).value, recs[0]!.title)
  assert.equal(rs.getCell(8, 4).value, 'Partly accepted')
  assert.equal(rs.getCell(2, 4).dataValidation.type, 'list')
  const as = wb.getWorksheet('Actions')!
  assert.equal(as.rowCount >= 4, true)
  assert.equal(as.getCell(2, col(as, C.recs)).value, 'R1, R4')
  assert.equal(as.getCell(3, col(as, C.lead)).value, 'Head of Legal and Support Services')
  assert.equal((as.getCell(3, col(as, C.target)).value as Date).toISOString().slice(0, 10), '2025-06-30')
  assert.equal(as.getCell(2, col(as, C.status)).value, 'Not started')
  assert.match(String(as.getCell(2, col(as, C.description)).value), /^A rolling programme/)
  assert.equal(
    as.getCell(2, col(as, C.milestones)).value,
    '• 31 March 2025: Workshops designed\n• Induction pack refreshed',
  )
  assert.equal(wb.getWorksheet('About')!.state, 'veryHidden')
})

test('Excel round trip: edits are previewed with row errors, nothing changes until applied, then exactly the valid rows apply', async () => {
  const wb = await exported()
  const rs = wb.getWorksheet('Responses')!
  const as = wb.getWorksheet('Actions')!
  // Responses: R3 not accepted with reasons; R5 wording tampered with (error).
  rs.getCell(4, 4).value = 'Not accepted'
  rs.getCell(4, 5).value = 'Contract reviews already run through the procurement board.'
  rs.getCell(6, 3).value = 'A different recommendation'
  rs.getCell(6, 4).value = 'Accepted'
  // Action 1: new lead officer, new target with a reason, status in progress with an update.
  as.getCell(2, col(as, C.lead)).value = 'Director of Resources'
  as.getCell(2, col(as, C.target)).value = new Date('2025-12-31T00:00:00Z')
  as.getCell(2, col(as, C.targetReason)).value = 'Programme extended after the May elections'
  as.getCell(2, col(as, C.status)).value = 'In progress'
  as.getCell(2, col(as, C.newUpdate)).value = 'Four workshops held; induction refreshed.'
  as.getCell(2, col(as, C.updateDate)).value = '15/03/2025'
  // Action 2: target moved without a reason (error), and status changed without an update would be another.
  as.getCell(3, col(as, C.target)).value = new Date('2025-09-30T00:00:00Z')
  // Action 3: complete with an update, and a rating by hand without a reason (error).
  as.getCell(4, col(as, C.status)).value = 'Complete'
  as.getCell(4, col(as, C.newUpdate)).value = 'Repairs process mapped.'
  as.getCell(4, col(as, C.override)).value = 'Green'
  as.getCell(2, col(as, C.description)).value = 'A rolling programme, now with the new councillors’ induction.'
  // New actions: one good, one with an unknown recommendation and a bad date.
  const put = (row: number, values: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(values)) as.getCell(row, col(as, k)).value = v as ExcelJS.CellValue
  }
  put(5, {
    [C.recs]: 'R3 R7',
    [C.title]: 'Join the county economic partnership board',
    [C.lead]: 'Head of Economic Regeneration',
    [C.target]: '31/03/2026',
    [C.status]: 'Not started',
  })
  put(6, { [C.recs]: 'R9', [C.title]: 'Something', [C.lead]: 'Someone', [C.target]: '31/02/2026' })
  const buf = Buffer.from(await wb.xlsx.writeBuffer())

  const before = await plan()
  const auditBefore = (await env.db.one<{ n: number }>(
    `select count(*)::int as n from audit_log where action <> 'plan.import-previewed'`,
  ))!.n
  const up = await officer.request('POST', `/api${base()}/import`, xlsxUpload(buf))
  assert.equal(up.statusCode, 201, up.body)
  const importId = up.json().importId
  const preview = (await officer.get(`/api${base()}/import/${importId}`)).json()
  const errors = preview.errors.map(
    (e: { sheet: string; row: number; message: string }) => `${e.sheet} ${e.row}: ${e.message}`,
  )
  assert.deepEqual(errors, [
    'Responses 6: R5: the recommendation’s wording is locked and cannot be changed (the rest of the row was not read)',
    'Actions 3: Action 2: the target date changes from 2025-06-30 to 2025-09-30; give the reason in “Reason for new target date”',
    'Actions 4: Action 3: a RAG rating set by hand needs a reason',
    'Actions 6: New action: R9 is not a recommendation of this plan; the target date is not a real date',
  ])
  assert.deepEqual(
    preview.changes.map(
      (c: { kind: string; row: number; changes?: { field: string }[] }) =>
        `${c.kind} ${c.row}${c.changes ? ': ' + c.changes.map((f) => f.field).join(',') : ''}`,
    ),
    ['response 4: response,reasons', 'action 2: description,leadOfficer,targetDate,status,progress', 'new-action 5'],
  )
  // The preview page shows the same, and nothing has changed yet.
  const page = await officer.get(`${base()}/import/${importId}`)
  assert.match(page.body, /Apply 3 changes/)
  assert.match(page.body, /the recommendation’s wording is locked/)
  assert.deepEqual((await plan()).view, before.view)
  assert.equal(
    (await env.db.one<{ n: number }>(
      `select count(*)::int as n from audit_log where action <> 'plan.import-previewed'`,
    ))!.n,
    auditBefore,
  )

  const apply = await officer.request('POST', `${base()}/import/${importId}/apply`, { form: {} })
  assert.equal(apply.statusCode, 303)
  const after = await plan()
  const r3 = after.view.recommendations.find((r: { ref: string }) => r.ref === 'R3')
  assert.equal(r3.response, 'not-accepted')
  const a1 = after.view.actions[0]
  assert.equal(a1.leadOfficer, 'Director of Resources')
  assert.equal(a1.description, 'A rolling programme, now with the new councillors’ induction.')
  assert.equal(a1.milestones.length, 2, 'milestones are not touched by the import')
  assert.equal(a1.targetDate, '2025-12-31')
  assert.equal(a1.revisions[0].reason, 'Programme extended after the May elections')
  assert.equal(a1.status, 'in-progress')
  assert.equal(a1.updates[0].asOf, '2025-03-15')
  assert.equal(after.view.actions[1].targetDate, '2025-06-30') // the row with an error was skipped
  assert.equal(after.view.actions[2].status, 'not-started')
  assert.equal(after.view.actions.length, 4)
  assert.deepEqual(after.view.actions[3].recommendationRefs, ['R3', 'R7'])
  assert.equal(after.view.recommendations.find((r: { ref: string }) => r.ref === 'R5').response, 'accepted') // unchanged
  // Applying twice is refused; the re-export reads back without changes.
  assert.equal((await officer.request('POST', `/api${base()}/import/${importId}/apply`, { json: {} })).statusCode, 409)
  const again = await exported()
  const up2 = await officer.request(
    'POST',
    `/api${base()}/import`,
    xlsxUpload(Buffer.from(await again.xlsx.writeBuffer())),
  )
  const p2 = (await officer.get(`/api${base()}/import/${up2.json().importId}`)).json()
  assert.deepEqual(p2.changes, [])
  assert.deepEqual(p2.errors, [])
})

test('Excel: a preview goes stale when the plan changes; bad and hostile files are refused with a message', async () => {
  const wb = await exported()
  const sheet = wb.getWorksheet('Actions')!
  sheet.getCell(3, col(sheet, C.lead)).value = 'Head of Audit'
  const up = await officer.request('POST', `/api${base()}/import`, xlsxUpload(Buffer.from(await wb.xlsx.writeBuffer())))
  const importId = up.json().importId
  const a = (await plan()).view.actions[2]
  assert.equal(
    (
      await officer.request('POST', `/api${base()}/actions/${a.id}/progress`, {
        json: { asOf: TODAY, text: 'Mapping started', status: 'in-progress' },
      })
    ).statusCode,
    201,
  )
  const stale = await officer.request('POST', `/api${base()}/import/${importId}/apply`, { json: {} })
  assert.equal(stale.statusCode, 409)
  assert.match(stale.json().message, /The plan has changed since this file was uploaded/)

  const refuse = async (buf: Buffer, name: string, message: RegExp, status = 400) => {
    const n = (await env.db.one<{ n: number }>(`select count(*)::int as n from plan_imports`))!.n
    const res = await officer.request('POST', `${base()}/import`, xlsxUpload(buf, name))
    assert.equal(res.statusCode, status, `${name}: ${res.statusCode}`)
    assert.match(res.body, message)
    assert.match(res.body, /govuk-error-summary/)
    assert.equal(
      (await env.db.one<{ n: number }>(`select count(*)::int as n from plan_imports`))!.n,
      n,
      `${name} stored nothing`,
    )
  }
  await refuse(Buffer.from('Ref,Action\nR1,x\n'), 'plan.csv', /Upload the action plan as an Excel workbook/)
  await refuse(
    Buffer.from('not a zip at all'),
    'plan.xlsx',
    /its content is not a Excel file|content is not an? Excel file/,
  )
  await refuse(
    Buffer.from(zipSync({ 'hello.txt': strToU8('hi') })),
    'plan.xlsx',
    /not a readable Excel workbook|not an action plan workbook/,
  )
  const blank = new ExcelJS.Workbook()
  blank.addWorksheet('Budget').addRow(['Line', 'Amount'])
  await refuse(Buffer.from(await blank.xlsx.writeBuffer()), 'budget.xlsx', /This is not an action plan workbook/)
  await refuse(
    Buffer.from(zipSync({ 'xl/bomb.xml': new Uint8Array(80 * 1024 * 1024) }, { level: 9 })),
    'bomb.xlsx',
    /unpacks to more than 60 MB/,
    413,
  )
  // A workbook from another council's plan.
  const other = new ExcelJS.Workbook()
  other.addWorksheet('Actions').addRow([C.id])
  const about = other.addWorksheet('About')
  about.addRow(['planId', 999999])
  about.addRow(['reference', 'CPC-2099-XXX'])
  const res = await officer.request(
    'POST',
    `/api${base()}/import`,
    xlsxUpload(Buffer.from(await other.xlsx.writeBuffer())),
  )
  assert.equal(res.statusCode, 201)
  const p = (await officer.get(`/api${base()}/import/${res.json().importId}`)).json()
  assert.match(p.errors[0].message, /exported from another action plan \(CPC-2099-XXX\)/)
  assert.deepEqual(p.changes, [])
})

test('CSV: text that a spreadsheet would run as a formula is neutralised with a leading quote', async () => {
  const r3 = recs[2]!
  const put = await officer.request('PUT', `/api${base()}/responses/${r3.id}`, {
    json: { response: 'partly-accepted', reasons: '@SUM(1)' },
  })
  assert.equal(put.statusCode, 200, put.body)
  const added = await officer.request('POST', `/api${base()}/actions`, {
    json: {
      recommendationIds: [r3.id],
      title: '=HYPERLINK("http://x","y")',
      leadOfficer: '+1',
      targetDate: '2027-03-31',
    },
  })
  assert.equal(added.statusCode, 201, added.body)
  const actionId = (await env.db.one<{ id: number }>(`select id from plan_actions where title like '=HYPERLINK%'`))!.id
  const progress = await officer.request('POST', `/api${base()}/actions/${actionId}/progress`, {
    json: { asOf: '2026-11-02', text: 'Started', status: 'in-progress' },
  })
  assert.equal(progress.statusCode, 201, progress.body)
  // The form trims what is typed; text that reached the table another way (an older import) may start with a tab.
  await env.db.query(
    `insert into progress_updates (action_id, as_of, text, status, created_at) values ($1, $2, $3, 'in-progress', now())`,
    [actionId, TODAY, '\t=1+2'],
  )

  const res = await officer.get(`${base()}/download/csv`)
  const rows = parse(res.body.replace(/^\ufeff/, ''), { columns: true }) as Record<string, string>[]
  const row = rows.find((r) => r['Action']?.includes('HYPERLINK'))!
  assert.equal(row['Recommendation ref'], 'R3')
  assert.equal(row['Action'], `'=HYPERLINK("http://x","y")`)
  assert.equal(row['Lead officer'], `'+1`)
  assert.equal(row['Reasons'], `'@SUM(1)`)
  assert.equal(row['Latest update'], `'\t=1+2`)
  // Nothing else is touched: dates and plain text are as they were.
  assert.equal(row['Target date'], '2027-03-31')
  assert.equal(
    rows.find((r) => r['Recommendation ref'] === 'R2')!['Lead officer'],
    'Head of Legal and Support Services',
  )
  // No cell of the file starts with a formula character.
  for (const r of rows) for (const v of Object.values(r)) assert.doesNotMatch(v, /^[=+\-@\t\r]/)
})
