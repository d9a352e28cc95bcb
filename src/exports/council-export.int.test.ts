import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
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

test('a big council’s export is streamed: memory stays flat while 96 MB of files go out, and the zip holds each file byte for byte', async () => {
  // 24 position statements of 4 MB each, random (so they do not compress), on Harlow's challenge: one random file sent
  // to the database, the others made from it there (its first four bytes replaced by the file's number), so the test
  // does not spend its time sending 96 MB as query parameters.
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const FILES = 24
  const SIZE = 4 * 1024 * 1024
  const random = crypto.randomBytes(SIZE)
  const hashes = new Map<string, string>()
  let first = 0
  for (let i = 0; i < FILES; i++) {
    const bytes = Buffer.from(random)
    bytes.writeInt32BE(i, 0)
    const sha = crypto.createHash('sha256').update(bytes).digest('hex')
    const doc = (await env.db.one<{ id: number }>(
      `insert into documents (challenge_id, kind, title, created_at) values ($1, 'position-statement', $2, now()) returning id`,
      [har, `Big ${i}`],
    ))!.id
    const row = [doc, `big-${i}.pdf`, SIZE, sha]
    if (i === 0) {
      first = doc
      await env.db.query(
        `insert into document_versions (document_id, version, filename, content_type, size_bytes, sha256, content, uploaded_at)
         values ($1, 1, $2, 'application/pdf', $3, $4, $5, now())`,
        [...row, bytes],
      )
    } else {
      await env.db.query(
        `insert into document_versions (document_id, version, filename, content_type, size_bytes, sha256, content, uploaded_at)
         select $1, 1, $2, 'application/pdf', $3, $4, overlay(content placing int4send($5::int) from 1), now()
           from document_versions where document_id = $6`,
        [...row, i, first],
      )
    }
    hashes.set(`big-${i}.pdf`, sha)
  }
  // Live memory (after a collection), sampled as the download arrives over a real socket.
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  const live = () => {
    gc()
    const m = process.memoryUsage()
    return m.heapUsed + m.arrayBuffers
  }
  await env.app.listen({ port: 0, host: '127.0.0.1' })
  const addr = env.app.server.address() as { port: number }
  const base = live()
  const res = await fetch(`http://127.0.0.1:${addr.port}/api/councils/HAR/export.zip`, {
    headers: { cookie: `${c.admin.cookieHeader()}` },
  })
  assert.equal(res.status, 200)
  let peak = 0
  const samples: number[] = []
  let received = 0
  let nextSample = 0
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'))
  const out = fs.createWriteStream(path.join(dir, 'har.zip'))
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    received += chunk.length
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
    if (received >= nextSample) {
      const now = live() - base
      samples.push(now)
      peak = Math.max(peak, now)
      nextSample += 2 * 1024 * 1024
    }
  }
  await new Promise((r) => out.end(r))
  const mb = (n: number) => Math.round(n / 1024 / 1024)
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const half = Math.floor(samples.length / 2)
  const [early, late] = [median(samples.slice(0, half)), median(samples.slice(half))]
  console.log(
    `# export: ${mb(received)} MB sent; live memory above the start: median ${mb(early)} MB in the first half, ${mb(late)} MB in the second, at most ${mb(peak)} MB`,
  )
  assert.ok(received > FILES * SIZE, `${received} bytes`)
  assert.ok(samples.length >= 40, `${samples.length} samples`)
  // flat: memory does not grow with the files already sent. A file or two in flight (4 MB each) moves the medians on a
  // busy machine; held files would add half the total (48 MB) between the two halves.
  assert.ok(late - early < 3 * SIZE, `memory grew from ${mb(early)} to ${mb(late)} MB as the files went out`)
  // held in memory, the files would have been there twice (their rows, then the zip): 192 MB
  assert.ok(peak < (FILES * SIZE * 3) / 4, `memory grew by ${mb(peak)} MB while streaming ${mb(FILES * SIZE)} MB`)
  // the zip opens (its central directory is right) and every file is there, byte for byte
  const z = unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, 'har.zip'))))
  fs.rmSync(dir, { recursive: true })
  const names = Object.keys(z)
  const folder = names[0]!.split('/')[0]!
  const docs = JSON.parse(strFromU8(z[`${folder}/documents.json`]!)) as { filename: string; file: string }[]
  for (const [name, sha] of hashes) {
    const row = docs.find((d) => d.filename === name)
    assert.ok(row, name)
    assert.equal(crypto.createHash('sha256').update(z[`${folder}/${row.file}`]!).digest('hex'), sha, name)
  }
  assert.ok(names.includes(`${folder}/README.txt`) && names.includes(`${folder}/challenges.csv`))
})
