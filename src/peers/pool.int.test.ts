import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import ExcelJS from 'exceljs'
import { zipSync } from 'fflate'
import { as, demoEnv, multipart, type Client, type TestEnv } from '../testing/harness.ts'

/** The pool as the programme office builds it: forms, declared interests, overrides with reasons, and .csv/.xlsx import. */

let env: TestEnv
let admin: Client

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
})
after(async () => env.close())

const count = async (sql: string, params: unknown[] = []) =>
  (await env.db.one<{ n: number }>(`select count(*)::int as n from ${sql}`, params))!.n

test('a peer added through the form: clear errors that keep what was typed, then a profile with its audit', async () => {
  const bad = await admin.request('POST', '/peers', {
    form: {
      name: 'Ruth Example',
      kind: 'member',
      role: 'chief-executive',
      daysOffered: 'lots',
      expertise: ['finance', 'astrology'],
    },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Chief executive is not a role for a councillor/)
  assert.match(bad.body, /Enter the member peer’s party/)
  assert.match(bad.body, /Days offered must be a whole number/)
  assert.match(bad.body, /Unknown expertise “astrology”/)
  assert.match(bad.body, /value="Ruth Example"/, 'the form keeps what was typed')
  assert.equal(await count(`people where name = 'Ruth Example'`), 0)

  const ok = await admin.request('POST', '/peers', {
    form: {
      name: 'Ruth Example',
      email: 'ruth@example.gov.uk',
      kind: 'member',
      party: 'Labour',
      role: 'leader',
      council: 'Chelmsford',
      expertise: ['finance', 'Housing'],
      councilTypes: ['NMD'],
      accreditedOn: '2024-02-01',
      daysOffered: '12',
      inPool: 'yes',
    },
  })
  assert.equal(ok.statusCode, 303, ok.body)
  const id = Number(ok.headers.location!.split('/').pop())
  const p = (await admin.get(`/api/peers/${id}`)).json()
  assert.equal(p.person.councilCode, 'CHL')
  assert.equal(p.person.region, 'East of England', 'region comes from the council')
  assert.deepEqual(p.person.expertise, ['finance', 'housing'])
  assert.equal(await count(`audit_log where action = 'peer.created' and entity_id = $1`, [String(id)]), 1)

  // The same email again is refused.
  const dup = await admin.request('POST', '/api/peers', {
    json: { name: 'Other Ruth', email: 'RUTH@example.gov.uk', kind: 'officer', role: 'director' },
  })
  assert.equal(dup.statusCode, 400)
  assert.match(dup.json().fields.email, /Another person/)

  // Editing with a stale version is refused; with the current one it saves.
  const stale = await admin.request('PUT', `/api/peers/${id}`, {
    json: { name: 'Ruth Example', kind: 'member', party: 'Labour', role: 'leader', version: 99 },
  })
  assert.equal(stale.statusCode, 409)
  const edit = await admin.request('PUT', `/api/peers/${id}`, {
    json: {
      name: 'Ruth Example',
      kind: 'member',
      party: 'Labour',
      role: 'leader',
      formerRole: 'chief-executive',
      version: 1,
    },
  })
  assert.equal(edit.statusCode, 400, 'a former role needs the date it ended')
  assert.match(edit.json().fields.formerRoleUntil, /when they left/)
})

test('unavailable dates, declared relationships and overrides: validated, audited, and overrides need a reason', async () => {
  const sam = (await env.db.one<{ id: number }>(`select id from people where name = 'Sam Okafor'`))!.id
  const lead = await as(env.app, 'lead')
  // The peer keeps their own dates and interests.
  const backwards = await lead.request('POST', `/peers/${sam}/unavailable`, {
    form: { from: '2027-03-10', to: '2027-03-01' },
  })
  assert.equal(backwards.statusCode, 400)
  assert.match(backwards.body, /The last day must be the same as or after the first day/)
  assert.equal(
    (
      await lead.request('POST', `/peers/${sam}/unavailable`, {
        form: { from: '2027-03-01', to: '2027-03-10', note: 'holiday' },
      })
    ).statusCode,
    303,
  )
  assert.equal(
    (await lead.request('POST', `/peers/${sam}/relationships`, { form: { council: 'Nowhere', type: 'personal' } }))
      .statusCode,
    400,
  )
  assert.equal(
    (
      await lead.request('POST', `/peers/${sam}/relationships`, {
        form: { council: 'TES', type: 'personal', note: 'sister is a councillor' },
      })
    ).statusCode,
    303,
  )
  // ... but cannot override a conflict or edit the profile.
  assert.equal(
    (
      await lead.request('POST', `/api/peers/${sam}/overrides`, {
        json: { council: 'TES', type: 'personal', reason: 'I am sure it is fine' },
      })
    ).statusCode,
    403,
  )
  assert.equal((await lead.get(`/peers/${sam}/edit`)).statusCode, 403)

  const short = await admin.request('POST', `/peers/${sam}/overrides`, {
    form: { council: 'TES', type: 'personal', reason: 'ok' },
  })
  assert.equal(short.statusCode, 400)
  assert.match(short.body, /Give the reason for the override/)
  assert.equal(await count(`conflict_overrides where person_id = $1`, [sam]), 0)
  assert.equal(
    (
      await admin.request('POST', `/peers/${sam}/overrides`, {
        form: {
          council: 'TES',
          type: 'personal',
          reason: 'The relative stood down in May; agreed with the chief executive',
        },
      })
    ).statusCode,
    303,
  )
  const again = await admin.request('POST', `/api/peers/${sam}/overrides`, {
    json: { council: 'TES', type: 'personal', reason: 'A second time, with a reason' },
  })
  assert.equal(again.statusCode, 400, 'one live override per conflict')
  const page = await admin.get(`/peers/${sam}`)
  assert.match(page.body, /holiday/)
  assert.match(page.body, /sister is a councillor/)
  assert.match(page.body, /The relative stood down in May/)
  assert.equal(await count(`audit_log where action like 'peer.%' and entity_id = $1`, [String(sam)]), 3)
})

test('pool import (.csv): creates and updates; one bad row and nothing changes, with each problem by row', async () => {
  const before = await count('people')
  const good = [
    'Name,Email,Kind,Party,Role,Title,Organisation,Council,Council types,Expertise,Accredited on,Days offered,Unavailable,In pool',
    'Nia Import,nia@import.example.gov.uk,officer,,Director,Director of Place,,CHL,NMD; UA,regeneration; Housing,2024-01-10,10,2027-02-01 to 2027-02-05; 2027-04-14,yes',
    'Omar Import,omar@import.example.gov.uk,Member peer,Green,Cabinet member,,,Test Valley,NMD,climate,2024-01-10,8,,yes',
    '"Priya Shah",,lga,,Peer challenge manager,Peer Challenge Manager,Local Government Association,,,governance,2022-01-01,70,,yes',
  ].join('\n')
  const res = await admin.request(
    'POST',
    '/api/peers/import',
    multipart({}, { name: 'pool.csv', content: '\ufeff' + good }),
  )
  assert.equal(res.statusCode, 201, res.body)
  assert.deepEqual(res.json(), { rows: 3, created: 2, updated: 1, unavailable: 2 })
  assert.equal(await count('people'), before + 2)
  const nia = (await env.db.one<{ expertise: string[]; days: number; council: string }>(
    `select p.expertise, p.days_offered as days, c.code as council from people p join councils c on c.id = p.council_id where p.email = 'nia@import.example.gov.uk'`,
  ))!
  assert.deepEqual(nia, { expertise: ['regeneration', 'housing'], days: 10, council: 'CHL' })
  assert.equal(
    (await env.db.one<{ days: number }>(`select days_offered as days from people where name = 'Priya Shah'`))!.days,
    70,
    'matched by name and organisation, updated',
  )

  const bad = [
    'Name,Kind,Role,Party,Council,Accredited on,Unavailable',
    'Quentin Ok,officer,director,,,2024-01-01,',
    ',officer,director,,,,',
    'Rosa Wrong,member,leader,,,,',
    'Sid Wrong,officer,director,,Atlantis,2024-13-45,someday',
  ].join('\n')
  const refused = await admin.request(
    'POST',
    '/peers/import?_csrf=' + admin.csrf,
    multipart({}, { name: 'pool.csv', content: bad }),
  )
  assert.equal(refused.statusCode, 400)
  for (const m of [
    /Row 3: Enter the peer’s name/,
    /Row 4: Enter the member peer’s party/,
    /Row 5: Accreditation date must be a real date/,
    /Row 5: unavailable dates “someday”/,
  ])
    assert.match(refused.body, m)
  assert.equal(await count(`people where name = 'Quentin Ok'`), 0, 'the good row was not imported either')
  const noCols = await admin.request(
    'POST',
    '/api/peers/import',
    multipart({}, { name: 'pool.csv', content: 'Full name,Type\nA,B\n' }),
  )
  assert.equal(noCols.statusCode, 400)
  assert.match(noCols.json().fields.file, /no “Name”, “Kind”, “Role” column/)
})

test('pool import (.xlsx) through exceljs, and hostile files refused with a message', async () => {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Pool')
  ws.addRow([
    'Name',
    'Kind',
    'Role',
    'Party',
    'Expertise',
    'Accredited on',
    'Days offered',
    'Former role',
    'Former role until',
  ])
  ws.addRow([
    'Tara Sheet',
    'officer',
    'director',
    '',
    'finance;governance',
    new Date(Date.UTC(2024, 4, 1)),
    15,
    'Chief executive',
    new Date(Date.UTC(2025, 0, 31)),
  ])
  const buf = Buffer.from(await wb.xlsx.writeBuffer())
  const res = await admin.request('POST', '/api/peers/import', multipart({}, { name: 'pool.xlsx', content: buf }))
  assert.equal(res.statusCode, 201, res.body)
  const tara = (await env.db.one<Record<string, unknown>>(
    `select accredited_on as acc, former_role as fr, former_role_until as until, days_offered as days from people where name = 'Tara Sheet'`,
  ))!
  assert.deepEqual(tara, { acc: '2024-05-01', fr: 'chief-executive', until: '2025-01-31', days: 15 })

  const before = await count('people')
  const hostile: [string, Buffer, number, RegExp][] = [
    [
      'bomb.xlsx',
      Buffer.from(zipSync({ 'xl/bomb.xml': new Uint8Array(80 * 1024 * 1024) }, { level: 9 })),
      413,
      /unpacks to more than 60 MB/,
    ],
    [
      'fake.xlsx',
      Buffer.from('PK\u0003\u0004 not really a zip'),
      400,
      /not a readable Excel workbook|not an Excel workbook/,
    ],
    ['pool.pdf', Buffer.from('%PDF-1.4'), 415, /CSV \(\.csv\) or Excel/],
    ['binary.csv', Buffer.from([0, 1, 2, 3, 0xff, 0xfe]), 400, /not a readable CSV/],
  ]
  for (const [name, content, status, message] of hostile) {
    const r = await admin.request('POST', '/api/peers/import', multipart({}, { name, content }))
    assert.equal(r.statusCode, status, `${name}: ${r.body}`)
    assert.match(r.body, message, name)
  }
  assert.equal(await count('people'), before)
})

test('team rules: a new version with a reason; invalid rules refused and explained; the old version stays', async () => {
  const form = (await admin.get('/api/team-rules/cpc-team-2024/edit')).json()
  const version = form.current.version
  const bad = await admin.request('POST', '/team-rules/cpc-team-2024/edit', {
    form: {
      version,
      note: 'Try it',
      'party.Labour': '50',
      'party.Conservative': '35',
      'lead-peer.min': '3',
      'lead-peer.max': '1',
    },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Party targets must add up to 100%/)
  assert.match(bad.body, /Lead peer: the minimum must not be more than the maximum/)
  const noNote = await admin.request('PUT', '/api/team-rules/cpc-team-2024', { json: { version } })
  assert.equal(noNote.statusCode, 400)
  assert.equal(await count(`team_rules where code = 'cpc-team-2024'`), version)

  const ok = await admin.request('POST', '/team-rules/cpc-team-2024/edit', {
    form: {
      version,
      note: 'Recent chief executives count for four years',
      'lead-peer.recentYears': '4',
      'lead-peer.rolesShown': '1',
      'lead-peer.roles': 'chief-executive',
      'lead-peer.expertiseShown': '1',
      sizeMax: '6',
    },
  })
  assert.equal(ok.statusCode, 303, ok.body)
  const list = (await admin.get('/api/team-rules')).json()
  const cpc = list.current.find((r: { code: string }) => r.code === 'cpc-team-2024')
  assert.equal(cpc.version, version + 1)
  assert.equal(cpc.rules.size.max, 6)
  assert.equal(cpc.rules.slots[0].recentYears, 4)
  assert.equal(cpc.rules.partyTargets.Labour, 0.35, 'untouched fields keep their values')
  assert.ok(
    list.history.some((r: { code: string; version: number }) => r.code === 'cpc-team-2024' && r.version === version),
  )
  const stale = await admin.request('PUT', '/api/team-rules/cpc-team-2024', { json: { version, note: 'stale edit' } })
  assert.equal(stale.statusCode, 409)
  // Versions cannot be rewritten, even in SQL.
  await assert.rejects(env.db.query(`update team_rules set rules = '{}' where code = 'cpc-team-2024'`))
  // The public can read the rules (no personal data in them).
  assert.equal((await (await as(env.app, 'public')).get('/team-rules')).statusCode, 200)
})
