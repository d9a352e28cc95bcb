import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

let env: TestEnv
let mel: number
let oad: number
before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  oad = await challengeId(env.db, 'CPC-2017-OAD')
})
after(async () => env.close())

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << >> endobj\n% ${text}\ntrailer << >>\n%%EOF\n`)
const versions = async () => (await env.db.one<{ n: number }>(`select count(*)::int as n from document_versions`))!.n
const upload = (c: Client, id: number, fields: Record<string, string>, file?: { name: string; content: Buffer }) =>
  c.request('POST', `/api/challenges/${id}/documents`, multipart(fields, file))

test('versions of a document are kept, and each downloads as uploaded', async () => {
  const officer = await as(env.app, 'melton')
  const v1 = await upload(
    officer,
    mel,
    { kind: 'position-statement', title: 'Position statement' },
    { name: 'position.pdf', content: pdf('first') },
  )
  assert.equal(v1.statusCode, 201, v1.body)
  assert.deepEqual(v1.json(), { documentId: v1.json().documentId, version: 1 })
  const v2 = await upload(
    officer,
    mel,
    { documentId: String(v1.json().documentId), note: 'after scrutiny comments' },
    { name: 'position-v2.pdf', content: pdf('second') },
  )
  assert.equal(v2.json().version, 2)
  const same = await upload(
    officer,
    mel,
    { documentId: String(v1.json().documentId) },
    { name: 'again.pdf', content: pdf('second') },
  )
  assert.equal(same.statusCode, 400)
  assert.equal(same.json().fields.file, 'This file is the same as version 2')
  const docs = (await officer.get(`/api/challenges/${mel}/documents`)).json().documents
  const doc = docs.find((d: { documentId: number }) => d.documentId === v1.json().documentId)
  assert.deepEqual(
    doc.versions.map((v: { version: number }) => v.version),
    [2, 1],
  )
  const dl = await officer.get(`/challenges/${mel}/documents/${doc.versions[1].versionId}/download`)
  assert.equal(dl.statusCode, 200)
  assert.equal(dl.headers['content-type'], 'application/pdf')
  assert.match(String(dl.headers['content-disposition']), /attachment; filename="position.pdf"/)
  assert.ok(dl.rawPayload.equals(pdf('first')))
  // A council cannot upload the peers' report; a peer cannot upload the council's position statement.
  const notTheirs = await upload(officer, mel, { kind: 'report-draft' }, { name: 'draft.pdf', content: pdf('x') })
  assert.equal(notTheirs.json().fields.kind, 'You cannot upload this type of document')
  const peer = await as(env.app, 'lead')
  assert.equal(
    (await upload(peer, mel, { kind: 'position-statement' }, { name: 'p.pdf', content: pdf('y') })).statusCode,
    400,
  )
  assert.equal(
    (
      await upload(
        peer,
        mel,
        { kind: 'report-draft', title: 'Draft report' },
        { name: 'draft.pdf', content: pdf('draft') },
      )
    ).statusCode,
    201,
  )
})

test('hostile or broken uploads get a clear message and nothing is saved', async () => {
  const admin = await as(env.app, 'admin')
  const before = await versions()
  const zipBomb = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 0)])
  const cases: [Record<string, string>, { name: string; content: Buffer } | undefined, number, RegExp][] = [
    [{ kind: 'other' }, undefined, 400, /Select a file/],
    [{ kind: 'other' }, { name: 'empty.pdf', content: Buffer.alloc(0) }, 400, /empty/],
    [{ kind: 'other' }, { name: 'tool.exe', content: Buffer.from('MZ\x90\x00') }, 400, /must be a PDF, Word/],
    [
      { kind: 'other' },
      { name: 'report.pdf', content: Buffer.from('<html>not a pdf</html>') },
      400,
      /called \.pdf but its content is not a PDF/,
    ],
    [{ kind: 'other' }, { name: 'notes.txt', content: Buffer.from([0x41, 0x00, 0xff, 0xfe]) }, 400, /not a text file/],
    [{ kind: 'other' }, { name: 'plan.docx', content: Buffer.from('plain text pretending') }, 400, /not a Word file/],
    [{ kind: 'nonsense' }, { name: 'a.pdf', content: pdf('a') }, 400, /Select the type of document/],
    [
      { kind: 'other' },
      { name: 'big.pdf', content: Buffer.concat([pdf('big'), Buffer.alloc(21 * 1024 * 1024)]) },
      413,
      /smaller than 20 MB/,
    ],
    [{ kind: 'other' }, { name: '../../etc/passwd.txt', content: Buffer.from('harmless text') }, 201, /./],
  ]
  for (const [fields, file, status, message] of cases) {
    const res = await upload(admin, mel, fields, file)
    assert.equal(res.statusCode, status, `${file?.name}: ${res.body.slice(0, 200)}`)
    if (status !== 201) assert.match(JSON.stringify(res.json()), message, file?.name)
  }
  assert.equal(await versions(), before + 1)
  // The path in the name is dropped.
  const last = await env.db.one<{ filename: string }>(`select filename from document_versions order by id desc limit 1`)
  assert.equal(last!.filename, 'passwd.txt')
  // zip that is not really a docx is stored only if it looks like one; a pretend .txt with zip bytes is refused
  const txtZip = await upload(admin, mel, { kind: 'other' }, { name: 'bomb.txt', content: zipBomb })
  assert.equal(txtZip.statusCode, 400)
  // The form shows errors in the GOV.UK way.
  const form = await admin.request(
    'POST',
    `/challenges/${mel}/documents?_csrf=${encodeURIComponent(admin.csrf)}`,
    multipart({ kind: 'other' }, { name: 'x.exe', content: Buffer.from('MZ') }),
  )
  assert.equal(form.statusCode, 400)
  assert.match(form.body, /govuk-error-summary[\s\S]*href="#file"/)
})

test('upload file names lose bidirectional and other invisible control characters, and are trimmed and capped', async () => {
  const admin = await as(env.app, 'admin')
  const names: [string, string][] = [
    ['minutes\u202Efdp.txt', 'minutesfdp.txt'],
    ['\u2066report\u2069 \u200E\u200Fdraft\u061C\u202A\u202B\u202C\u202D.pdf', 'report draft.pdf'],
    ['  tab\there\u0085\u2028\uFEFF\u200Bname.pdf  ', 'tab here name.pdf'],
    ['x'.repeat(300) + '.txt', 'x'.repeat(146) + '.txt'],
  ]
  for (const [name, stored] of names) {
    const content = stored.endsWith('.pdf') ? pdf(name) : Buffer.from(`text ${name}`)
    const res = await upload(admin, mel, { kind: 'other' }, { name, content })
    assert.equal(res.statusCode, 201, res.body)
    const v = await env.db.one<{ filename: string }>(`select filename from document_versions order by id desc limit 1`)
    assert.equal(v!.filename, stored)
  }
  // A name that only looks harmless once the override is stripped is still judged by its real extension.
  const exe = await upload(admin, mel, { kind: 'other' }, { name: 'invoice\u202Efdp.exe', content: Buffer.from('MZ') })
  assert.equal(exe.statusCode, 400)
  assert.match(exe.json().fields.file, /not \.exe/)
  // The importer keeps the same clean name.
  const imp = await admin.request(
    'POST',
    '/api/imports',
    multipart({}, { name: 'seed\u202Etxt.md', content: Buffer.from('# A short note\n\nNothing to read here.') }),
  )
  assert.equal(imp.statusCode, 201, imp.body)
  const row = await env.db.one<{ filename: string }>(`select filename from imports where id = $1`, [imp.json().id])
  assert.equal(row!.filename, 'seedtxt.md')
  const audit = await env.db.query<{ after: unknown }>(`select after from audit_log where action like '%upload%'`)
  assert.doesNotMatch(JSON.stringify(audit), /\\u202e|\u202E/i)
})

test('the public gets the final report only once it is published, and never the drafts', async () => {
  const admin = await as(env.app, 'admin')
  const fin = await upload(
    admin,
    oad,
    { kind: 'final-report', title: 'Feedback report' },
    { name: 'oadby-report.pdf', content: pdf('final') },
  )
  assert.equal(fin.statusCode, 201)
  await upload(admin, oad, { kind: 'report-draft' }, { name: 'draft.pdf', content: pdf('draft') })
  const pub = await as(env.app, 'public')
  const docs = (await pub.get(`/api/challenges/${oad}/documents`)).json().documents
  assert.deepEqual(
    docs.map((d: { kind: string }) => d.kind),
    ['final-report'],
  )
  const vid = docs[0].versions[0].versionId
  assert.equal((await pub.get(`/challenges/${oad}/documents/${vid}/download`)).statusCode, 200)
  const draftId = (await env.db.one<{ id: number }>(
    `select v.id from document_versions v join documents d on d.id = v.document_id where d.kind = 'report-draft' and d.challenge_id = $1`,
    [oad],
  ))!.id
  assert.equal((await pub.get(`/challenges/${oad}/documents/${draftId}/download`)).statusCode, 404)
  // Melton's report is not published: nothing of it is public.
  const m = await upload(admin, mel, { kind: 'final-report' }, { name: 'melton.pdf', content: pdf('melton') })
  assert.equal(m.statusCode, 201)
  const mv = (await env.db.one<{ id: number }>(`select id from document_versions order by id desc limit 1`))!.id
  assert.equal((await pub.get(`/challenges/${mel}/documents/${mv}/download`)).statusCode, 404)
  const other = await as(env.app, 'nwl')
  assert.equal((await other.get(`/challenges/${mel}/documents/${mv}/download`)).statusCode, 404)
})
