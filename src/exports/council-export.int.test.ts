import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { strFromU8, unzipSync } from 'fflate'
import { as, challengeId, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/** Everything a council owns as one zip, for when it leaves (decision 0032). */

let env: TestEnv
let c: Record<'admin' | 'lead' | 'melton' | 'nwl' | 'public', Client>
let mel: number
const FILE = Buffer.from('Our position statement: café, “quotes”, £5m.\r\nSecond line\n')

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  c = {
    admin: await as(env.app, 'admin'),
    lead: await as(env.app, 'lead'),
    melton: await as(env.app, 'melton'),
    nwl: await as(env.app, 'nwl'),
    public: await as(env.app, 'public'),
  }
  const ok = (r: { statusCode: number; body: string }) => assert.ok(r.statusCode < 300, r.body)
  ok(
    await c.melton.request(
      'POST',
      `/api/challenges/${mel}/documents`,
      multipart(
        { kind: 'position-statement', title: 'Our position' },
        { name: 'position.txt', content: FILE, type: 'text/plain' },
      ),
    ),
  )
  ok(
    await c.melton.post(`/api/challenges/${mel}/report/comments`, {
      json: { section: 'approach', text: 'COUNCIL-COMMENT: the date of the budget is wrong' },
    }),
  )
  ok(
    await c.lead.post(`/api/challenges/${mel}/report/comments`, {
      json: { section: 'approach', text: 'TEAM-ONLY-COMMENT: tighten this paragraph' },
    }),
  )
  await env.db.query(`update challenges set notes = 'NOTES-OF-MELTON' where id = $1`, [mel])
})
after(async () => env.close())

const audits = async () =>
  (await env.db.one<{ n: number }>(`select count(*)::int as n from audit_log where action = 'council.exported'`))!.n

function open(res: { rawPayload: Buffer }) {
  const files = unzipSync(new Uint8Array(res.rawPayload))
  const names = Object.keys(files)
  const folder = names[0]!.split('/')[0]!
  const text = (name: string) => strFromU8(files[`${folder}/${name}`]!)
  return { files, names, folder, text, json: (name: string) => JSON.parse(text(name)) }
}

test('the council’s officer downloads everything it owns: lists as JSON and CSV, and the files', async () => {
  const res = await c.melton.get('/councils/MEL/export.zip')
  assert.equal(res.statusCode, 200)
  assert.equal(res.headers['content-type'], 'application/zip')
  assert.match(String(res.headers['content-disposition']), /attachment; filename="MEL-export-2026-11-23\.zip"/)
  const z = open(res)
  assert.equal(z.folder, 'MEL-export-2026-11-23')
  for (const list of ['challenges', 'documents', 'action-plans', 'actions', 'progress-updates', 'comments', 'meetings'])
    for (const ext of ['json', 'csv']) assert.ok(z.names.includes(`${z.folder}/${list}.${ext}`), `${list}.${ext}`)
  assert.match(z.text('README.txt'), /Melton/)
  const meta = z.json('council.json')
  assert.equal(meta.council.code, 'MEL')

  const challenges = z.json('challenges.json')
  const refs = challenges.map((x: { reference: string }) => x.reference)
  assert.ok(refs.includes('CPC-2026-MEL'))
  const own = await env.db.query<{ reference: string }>(
    `select reference from challenges where council_id = (select id from councils where code = 'MEL') order by reference`,
  )
  assert.deepEqual(
    [...refs].sort(),
    own.map((r) => r.reference),
  )
  const csvBytes = z.files[`${z.folder}/challenges.csv`]!
  assert.deepEqual([...csvBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, for Excel')
  assert.match(z.text('challenges.csv'), /^\ufeff?id,reference,/)
  assert.match(z.text('challenges.csv'), /NOTES-OF-MELTON/)

  // The document is there, byte for byte, where its row says.
  const doc = z.json('documents.json').find((d: { filename: string }) => d.filename === 'position.txt')
  assert.ok(doc, 'the position statement is listed')
  assert.deepEqual(Buffer.from(z.files[`${z.folder}/${doc.file}`]!), FILE)
  assert.equal(z.json('documents.json').length, meta.counts.documents)

  // The council's comments, not the team's own.
  const comments = z.text('comments.json')
  assert.match(comments, /COUNCIL-COMMENT/)
  assert.doesNotMatch(z.names.map((n) => strFromU8(z.files[n]!, true)).join('\n'), /TEAM-ONLY-COMMENT/)
  assert.equal(await audits(), 1)
})

test('the programme office’s copy is the council’s own, without the team’s things', async () => {
  const res = await c.admin.get('/api/councils/MEL/export.zip')
  assert.equal(res.statusCode, 200)
  const z = open(res)
  assert.match(z.text('comments.csv'), /COUNCIL-COMMENT/)
  assert.doesNotMatch(z.names.map((n) => strFromU8(z.files[n]!, true)).join('\n'), /TEAM-ONLY-COMMENT/)
  assert.equal(await audits(), 2)
})

test('another council, a peer and the public are refused, and nothing is recorded', async () => {
  assert.equal((await c.nwl.get('/councils/MEL/export.zip')).statusCode, 403)
  assert.equal((await c.lead.get('/api/councils/MEL/export.zip')).statusCode, 403)
  assert.equal((await c.public.get('/api/councils/MEL/export.zip')).statusCode, 401)
  assert.equal((await c.admin.get('/api/councils/NOPE/export.zip')).statusCode, 404)
  assert.equal(await audits(), 2)
  // Its own council's export works for North West Leicestershire's officer, and holds none of Melton's.
  const own = await c.nwl.get('/councils/NWL/export.zip')
  assert.equal(own.statusCode, 200)
  const z = open(own)
  assert.doesNotMatch(z.text('challenges.json'), /CPC-2026-MEL|NOTES-OF-MELTON/)
  assert.doesNotMatch(z.text('comments.json'), /COUNCIL-COMMENT/)
})
