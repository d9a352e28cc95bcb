import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { strToU8, zipSync } from 'fflate'
import { markdownToDocx, markdownToPdf } from '../documents/light-markdown.ts'
import { as, demoEnv, multipart, submitForm, type Client, type TestEnv } from '../testing/harness.ts'
import { seeds } from './seeds.ts'

let env: TestEnv
let admin: Client
const seed = (prefix: string) => seeds().find((s) => s.name.startsWith(prefix))!
const count = async (table: string) => (await env.db.one<{ n: number }>(`select count(*)::int as n from ${table}`))!.n

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
})
after(async () => env.close())

async function upload(name: string, content: Buffer) {
  return admin.request('POST', '/imports', multipart({}, { name, content }))
}

test('a new report, uploaded as PDF: review beside the source, correct, save with its team and recommendations', async () => {
  // Blaby's 2022 report, moved to 2025 so it is a visit the demo has not recorded
  const text = seed('002').text.replace('Tuesday 22 to Friday 25 March 2022', 'Tuesday 18 to Friday 21 March 2025')
  const pdf = await markdownToPdf(text)
  const res = await upload('blaby-2025.pdf', pdf)
  assert.equal(res.statusCode, 303, res.body)
  const url = res.headers['location'] as string
  assert.match(url, /^\/imports\/\d+$/)
  const page = await admin.get(url)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Check what was read/)
  assert.match(page.body, /<option value="BLA" selected>/)
  assert.match(page.body, /value="2025-03-18"/)
  assert.match(page.body, /<mark id="ev-\d+" title="Peer: Jack Hegarty">/)
  assert.match(page.body, /href="#ev-\d+">show in the source/)
  const id = Number(url.split('/').pop())
  const api = JSON.parse((await admin.get(`/api/imports/${id}`)).body)
  assert.equal(api.summary.council.registerCode, 'BLA')
  assert.equal(api.fields.peers.value.length, 7)
  assert.ok(api.fields.peers.value[0].evidence.start >= 0)

  const before = { challenges: await count('challenges'), people: await count('people') }
  // the user corrects a peer's role, drops the last recommendation and rewords the first
  const form: Record<string, string> = {
    councilCode: 'BLA',
    reviewType: 'cpc',
    frameworkCode: api.summary.framework,
    onsiteStart: '2025-03-18',
    onsiteEnd: '2025-03-21',
  }
  api.summary.peers.forEach(
    (p: { name: string; title: string | null; organisation: string | null; kind: string }, i: number) => {
      Object.assign(form, {
        [`peers.${i}.include`]: 'yes',
        [`peers.${i}.name`]: p.name,
        [`peers.${i}.title`]: i === 4 ? 'Graduate trainee' : (p.title ?? ''),
        [`peers.${i}.organisation`]: p.organisation ?? '',
        [`peers.${i}.kind`]: p.kind,
      })
    },
  )
  api.fields.keyRecommendations.value.forEach((r: { title: string; body: string }, i: number, all: unknown[]) => {
    if (i < all.length - 1) form[`recommendations.${i}.include`] = 'yes'
    form[`recommendations.${i}.title`] = i === 0 ? 'Develop a long-term vision for Blaby with partners' : r.title
    form[`recommendations.${i}.body`] = r.body
  })
  const saved = await admin.request('POST', `/imports/${id}/save`, { form })
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500))
  const chId = Number((saved.headers['location'] as string).split('/').pop())
  const ch = await env.db.one<{ reference: string; stage: string; onsiteStart: string; framework: string }>(
    `select c.reference, c.stage, c.onsite_start::text as "onsiteStart", f.code as framework from challenges c join frameworks f on f.id = c.framework_id where c.id = $1`,
    [chId],
  )
  assert.deepEqual(ch, {
    reference: 'CPC-2025-BLA',
    stage: 'final',
    onsiteStart: '2025-03-18',
    framework: 'cpc-2024-strengthened',
  })
  const team = await env.db.query<{ name: string; role: string; title: string }>(
    `select p.name, t.role, t.title from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 order by t.position`,
    [chId],
  )
  assert.equal(team.length, 7)
  assert.deepEqual(
    team.map((t) => t.role),
    ['lead-peer', 'member-peer', 'finance-peer', 'officer-peer', 'shadow', 'pcm', 'lga-adviser'],
  )
  assert.equal(team[4]!.title, 'Graduate trainee')
  const recs = await env.db.query<{ title: string; locked: boolean }>(
    `select title, locked_at is not null as locked from recommendations where challenge_id = $1 order by number`,
    [chId],
  )
  assert.equal(recs.length, 7)
  assert.equal(recs[0]!.title, 'Develop a long-term vision for Blaby with partners')
  assert.ok(recs.every((r) => r.locked))
  const doc = await env.db.one<{ filename: string; size: number }>(
    `select v.filename, v.size_bytes as size from documents d join document_versions v on v.document_id = d.id where d.challenge_id = $1`,
    [chId],
  )
  assert.equal(doc?.filename, 'blaby-2025.pdf')
  assert.ok(
    await env.db.one(`select 1 from audit_log where action = 'challenge.imported' and challenge_id = $1`, [chId]),
  )
  assert.equal(await count('challenges'), before.challenges + 1)

  // the same file again: the same import, and saving it again changes nothing
  const again = await admin.request('POST', '/api/imports', multipart({}, { name: 'blaby-2025.pdf', content: pdf }))
  assert.equal(again.statusCode, 201)
  assert.equal(JSON.parse(again.body).id, id)
  assert.equal(JSON.parse(again.body).duplicate, true)
  const resave = await admin.request('POST', `/api/imports/${id}/save`, {
    json: {
      councilCode: 'BLA',
      frameworkCode: api.summary.framework,
      onsiteStart: '2025-03-18',
      onsiteEnd: '2025-03-21',
    },
  })
  assert.equal(JSON.parse(resave.body).created, false)
  // the same report as Word: a new import, but the visit is already recorded, so it is linked, not duplicated
  const docx = await admin.request(
    'POST',
    '/api/imports',
    multipart({}, { name: 'blaby-2025.docx', content: await markdownToDocx(text) }),
  )
  const docxId = JSON.parse(docx.body).id
  assert.notEqual(docxId, id)
  assert.equal(JSON.parse(docx.body).existing.reference, 'CPC-2025-BLA')
  const linked = await admin.request('POST', `/api/imports/${docxId}/save`, {
    json: {
      councilCode: 'BLA',
      frameworkCode: api.summary.framework,
      onsiteStart: '2025-03-18',
      onsiteEnd: '2025-03-21',
      peers: [],
      recommendations: [],
    },
  })
  assert.deepEqual(JSON.parse(linked.body), { challengeId: chId, reference: 'CPC-2025-BLA', created: false })
  assert.equal(await count('challenges'), before.challenges + 1)
})

test('the seed reports are visits the demo already holds: importing them links, never duplicates', async () => {
  const n = await count('challenges')
  for (const prefix of ['000', '003', '004']) {
    const s = seed(prefix)
    const up = JSON.parse(
      (await admin.request('POST', '/api/imports', multipart({}, { name: s.name, content: Buffer.from(s.text) }))).body,
    )
    assert.ok(up.existing, `${s.name} should match a recorded visit`)
    const v = up.summary
    const r = await admin.request('POST', `/api/imports/${up.id}/save`, {
      json: {
        councilCode: v.council.registerCode,
        frameworkCode: v.framework,
        onsiteStart: v.onSite.start,
        onsiteEnd: v.onSite.end,
      },
    })
    assert.equal(JSON.parse(r.body).created, false, r.body)
  }
  assert.equal(await count('challenges'), n)
})

test('corrections are validated: a clear message on the form, nothing saved', async () => {
  const s = seed('001')
  const up = JSON.parse(
    (
      await admin.request(
        'POST',
        '/api/imports',
        multipart({}, { name: 'nwl-copy.md', content: Buffer.from(s.text + '\n') }),
      )
    ).body,
  )
  const n = await count('challenges')
  const res = await admin.request('POST', `/imports/${up.id}/save`, {
    form: {
      councilCode: '',
      frameworkCode: 'cpc-2024-strengthened',
      onsiteStart: '2024-06-28',
      onsiteEnd: '2024-06-26',
      'peers.0.name': '',
      'peers.0.kind': 'officer',
    },
  })
  assert.equal(res.statusCode, 400)
  assert.match(res.body, /There is a problem/)
  assert.match(res.body, /Select the council the document is about/)
  assert.match(res.body, /Enter the peer’s name/)
  const res2 = await admin.request('POST', `/api/imports/${up.id}/save`, {
    json: {
      councilCode: 'NWL',
      frameworkCode: 'cpc-2024-strengthened',
      onsiteStart: '2024-06-28',
      onsiteEnd: '2024-06-26',
    },
  })
  assert.equal(res2.statusCode, 400)
  assert.match(res2.body, /on or after the first/)
  assert.equal(await count('challenges'), n)
  assert.equal(
    (await env.db.one<{ status: string }>(`select status from imports where id = $1`, [up.id]))!.status,
    'draft',
  )
})

test('the review page’s forms work as a browser sends them: the CSRF token is in the body, not the address', async () => {
  // Blaby's report moved to 2028: a visit the demo does not hold
  const text = seed('002').text.replace('Tuesday 22 to Friday 25 March 2022', 'Tuesday 14 to Friday 17 March 2028')
  const up = JSON.parse(
    (await admin.request('POST', '/api/imports', multipart({}, { name: 'bla-2028.txt', content: Buffer.from(text) })))
      .body,
  )
  const page = (await admin.get(`/imports/${up.id}`)).body
  assert.doesNotMatch(page, /action="\/imports\/\d+\/(save|discard)\?/)
  const n = await count('challenges')
  const saved = await submitForm(admin, page, /\/save$/)
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300))
  assert.match(saved.headers['location'] as string, /^\/challenges\/\d+$/)
  assert.equal(await count('challenges'), n + 1)

  const other = JSON.parse(
    (
      await admin.request(
        'POST',
        '/api/imports',
        multipart({}, { name: 'bla-2029.txt', content: Buffer.from(text.replace(/2028/g, '2029')) }),
      )
    ).body,
  )
  const discarded = await submitForm(admin, (await admin.get(`/imports/${other.id}`)).body, /\/discard$/)
  assert.equal(discarded.statusCode, 303, discarded.body.slice(0, 300))
  assert.equal(
    (await env.db.one<{ status: string }>(`select status from imports where id = $1`, [other.id]))!.status,
    'discarded',
  )
})

test('hostile and broken files: a clear message, nothing saved, the server carries on', async () => {
  const n = await count('imports')
  const cases: [string, Buffer, RegExp][] = [
    ['empty.pdf', Buffer.alloc(0), /empty/],
    ['junk.txt', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131) % 256)), /binary data/],
    ['secret.pdf', await markdownToPdf('# Secret\n\nText', { encryptWithPassword: 'pw' }), /protected by a password/],
    ['broken.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]), /damaged/],
    [
      'bomb.docx',
      Buffer.from(
        zipSync(
          { '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(200 * 1024 * 1024) },
          { level: 9 },
        ),
      ),
      /zip bomb/,
    ],
    ['report.docx', Buffer.from('%PDF-1.4 hello'), /called a Word document but it is a PDF/],
    ['virus.exe', Buffer.from('MZ...'), /not a file type/],
  ]
  for (const [name, content, pattern] of cases) {
    const html = await upload(name, content)
    assert.ok([400, 413, 415].includes(html.statusCode), `${name}: ${html.statusCode}`)
    assert.match(html.body, /govuk-error-summary/, name)
    assert.match(html.body.replace(/&#39;|&quot;/g, "'"), pattern, name)
    const api = await admin.request('POST', '/api/imports', multipart({}, { name, content }))
    assert.ok([400, 413, 415].includes(api.statusCode), `${name} api: ${api.statusCode}`)
    assert.match(JSON.parse(api.body).message, pattern, name)
  }
  // 100 MB is refused by the upload limit before it is read
  const big = await admin.request(
    'POST',
    '/api/imports',
    multipart({}, { name: 'huge.pdf', content: Buffer.alloc(100 * 1024 * 1024, 0x20) }),
  )
  assert.equal(big.statusCode, 413)
  assert.equal(await count('imports'), n)
  const health = await admin.get('/health')
  assert.equal(health.statusCode, 200)
  const ok = await admin.request(
    'POST',
    '/api/imports',
    multipart(
      {},
      { name: 'fine.txt', content: Buffer.from(seed('004').text.replace('4-7 October 2016', '3-6 October 2016')) },
    ),
  )
  assert.equal(ok.statusCode, 201)
})

test('the command line prints the extraction as JSON and saves with --save', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-'))
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL')), DATA_DIR: dir },
      encoding: 'utf8',
    })
  try {
    assert.equal(run('import-councils', 'test/fixtures/uk_local_authorities_current.csv').status, 0)
    const file = path.join(dir, 'lambeth.txt')
    fs.writeFileSync(file, seed('004').text)
    // the register imported above is what reading uses, from the snapshot the command left beside the database
    assert.ok(fs.existsSync(path.join(dir, 'importer-refs.json')))
    const r = run('import', file, path.join(dir, 'missing.pdf'), '--evidence', '--json')
    assert.equal(r.status, 1, r.stderr)
    const out = JSON.parse(r.stdout).files
    assert.equal(out[0].summary.council.registerCode, 'LBH')
    assert.equal(out[0].summary.keyRecommendations.length, 10)
    assert.ok(out[0].fields.peers.evidence.length > 0)
    assert.match(out[1].error, /no such file|ENOENT/)
    const s1 = JSON.parse(run('import', file, '--save', '--json').stdout).files
    assert.equal(s1[0].saved.created, true)
    const s2 = JSON.parse(run('import', file, '--save', '--json').stdout).files
    assert.deepEqual(s2[0].saved, { ...s1[0].saved, created: false })
    // without a snapshot, the first read takes the register from the database and leaves the snapshot
    fs.rmSync(path.join(dir, 'importer-refs.json'))
    const again = run('import', file, '--json')
    assert.equal(again.status, 0, again.stderr)
    assert.equal(JSON.parse(again.stdout).files[0].summary.council.registerCode, 'LBH')
    assert.ok(fs.existsSync(path.join(dir, 'importer-refs.json')))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('a joint challenge of two councils: the review page shows both, the saved challenge holds both', async () => {
  const text = [
    'Corporate Peer Challenge',
    '',
    'Harborough District Council and Melton Borough Council',
    '',
    'Feedback report',
    '',
    'The joint corporate peer challenge took place from 9-11 June 2025.',
    '',
    'The peer team was:',
    '',
    '- Jo Bloggs, Chief Executive, Rutland County Council',
    '- Cllr Sam Smith, Leader, Charnwood Borough Council',
    '- Pat Jones, Peer Challenge Manager, Local Government Association',
  ].join('\n')
  const res = await upload('joint.txt', Buffer.from(text))
  assert.equal(res.statusCode, 303, res.body)
  const url = res.headers['location'] as string
  const id = Number(url.split('/').pop())
  const api = JSON.parse((await admin.get(`/api/imports/${id}`)).body)
  assert.equal(api.summary.verdict, 'cpc')
  assert.equal(api.summary.council.registerCode, 'HAO')
  assert.deepEqual(api.summary.council.joint, { code: 'MEL', name: 'Melton Borough Council' })
  const page = await admin.get(url)
  assert.match(page.body, /a joint challenge of Harborough District Council and Melton Borough Council/)
  assert.match(page.body, /<select class="govuk-select" id="jointCouncilCode"[^]*?<option value="MEL" selected>/)
  const saved = await admin.request('POST', `/imports/${id}/save`, {
    form: {
      councilCode: 'HAO',
      jointCouncilCode: 'MEL',
      reviewType: 'cpc',
      frameworkCode: 'cpc-2024-strengthened',
      onsiteStart: '2025-06-09',
      onsiteEnd: '2025-06-11',
    },
  })
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500))
  const chId = Number((saved.headers['location'] as string).split('/').pop())
  const row = await env.db.one<{ council: string; joint: string }>(
    `select co.code as council, j.code as joint from challenges c join councils co on co.id = c.council_id
     join councils j on j.id = c.joint_council_id where c.id = $1`,
    [chId],
  )
  assert.deepEqual(row, { council: 'HAO', joint: 'MEL' })
  const challenge = await admin.get(`/challenges/${chId}`)
  assert.match(
    challenge.body,
    /A joint challenge of Harborough and <a class="govuk-link" href="\/councils\/MEL">Melton<\/a>/,
  )
})

test('a document that is not a corporate peer challenge says so on the review page', async () => {
  const text =
    'Finance Peer Challenge\n\nFeedback report\n\nThe review took place from 3-5 June 2025 at Melton Borough Council. The team met more than 60 people.'
  const res = await upload('fpc.txt', Buffer.from(text))
  const url = res.headers['location'] as string
  const page = await admin.get(url)
  assert.match(page.body, /Not a corporate peer challenge: a finance peer challenge\. What it says about a visit/)
  const api = JSON.parse((await admin.get(`/api${url}`)).body)
  assert.equal(api.summary.verdict, 'not-cpc')
  assert.equal(api.summary.documentKind, 'not-cpc')
  assert.equal(api.summary.reviewType, 'fpc')
  assert.ok(api.fields.onSite.confidence <= 0.5)
})

test('a council’s position statement is read as one and saved as the challenge’s position statement', async () => {
  const text = [
    'Corporate Peer Challenge',
    'Position Statement',
    '',
    'Harborough District Council',
    '',
    'This position statement sets out our own assessment, ahead of the Corporate Peer Challenge taking place between',
    'Tuesday 30 January and Friday 2 February 2024.',
  ].join('\n')
  const res = await upload('position-statement.txt', Buffer.from(text))
  assert.equal(res.statusCode, 303, res.body)
  const url = res.headers['location'] as string
  const id = Number(url.split('/').pop())
  const api = JSON.parse((await admin.get(`/api/imports/${id}`)).body)
  assert.equal(api.summary.documentKind, 'position-statement')
  assert.equal(api.summary.council.registerCode, 'HAO')
  const page = await admin.get(url)
  assert.match(page.body, /<option value="position-statement" selected>/)
  // it names no themes: the framework offered is the one in force on its first day on site
  assert.match(page.body, /id="frameworkCode"[^]*?<option value="cpc-2022-five-themes" selected>/)
  const saved = await admin.request('POST', `/imports/${id}/save`, {
    form: {
      documentKind: 'position-statement',
      councilCode: 'HAO',
      reviewType: 'cpc',
      frameworkCode: 'cpc-2024-strengthened',
      onsiteStart: '2024-01-30',
      onsiteEnd: '2024-02-02',
    },
  })
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 500))
  const chId = Number((saved.headers['location'] as string).split('/').pop())
  const doc = await env.db.one<{ kind: string; title: string }>(
    `select kind, title from documents where challenge_id = $1`,
    [chId],
  )
  assert.deepEqual(doc, { kind: 'position-statement', title: 'Position statement' })
})
