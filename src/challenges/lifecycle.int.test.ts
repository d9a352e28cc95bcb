import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

const version = async (id: number) =>
  (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [id]))!.version
const stage = async (id: number) =>
  (await env.db.one<{ stage: string }>(`select stage from challenges where id = $1`, [id]))!.stage

test('admin creates a challenge with the form; invalid input shows a GOV.UK error summary and saves nothing', async () => {
  const admin = await as(env.app, 'admin')
  const before = (await env.db.one<{ n: number }>(`select count(*)::int as n from challenges`))!.n
  const bad = await admin.request('POST', '/challenges', {
    form: { councilCode: '', reviewType: 'cpc', onsiteStart: '2027-02-30', onsiteEnd: '' },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /govuk-error-summary/)
  assert.match(bad.body, /href="#councilCode">Select a council/)
  assert.match(bad.body, /href="#onsiteStart">On-site start date must be a real date/)
  assert.match(bad.body, /<title>Error: /)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from challenges`))!.n, before)

  const ok = await admin.request('POST', '/challenges', {
    form: {
      councilCode: 'CHA',
      reviewType: 'cpc',
      onsiteStart: '2027-03-09',
      onsiteEnd: '2027-03-11',
      focusAreas: 'Leisure services\r\nClimate action',
    },
  })
  assert.equal(ok.statusCode, 303)
  const id = Number(ok.headers.location!.split('/').pop())
  const page = await admin.get(`/challenges/${id}`)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Challenge CPC-2027-CHA created/)
  assert.match(page.body, /Corporate peer challenge: strengthened model/) // framework in force on the visit date
  assert.match(page.body, /9 to 11 March 2027/)
  const json = (await admin.get(`/api/challenges/${id}`)).json()
  assert.deepEqual(json.focusAreas, ['Leisure services', 'Climate action'])
  assert.equal(json.challenge.stage, 'requested')
  const report = json.private.deadlines.find((d: { code: string }) => d.code === 'report-published')
  assert.equal(report.due, '2027-06-11')
})

test('the framework in force follows the visit date: 2016, 2022 or 2024 wording', async () => {
  const admin = await as(env.app, 'admin')
  const cases: [string, string][] = [
    ['2019-05-01', 'cpc-2016-five-questions'],
    ['2023-05-01', 'cpc-2022-five-themes'],
    ['2024-04-01', 'cpc-2024-strengthened'],
  ]
  for (const [start, code] of cases) {
    const res = await admin.request('POST', '/api/challenges', {
      json: { councilCode: 'HIN', reviewType: 'cpc', onsiteStart: start, onsiteEnd: start },
    })
    assert.equal(res.statusCode, 201, res.body)
    const c = (await admin.get(`/api/challenges/${res.json().id}`)).json()
    assert.equal(c.framework.code, code)
  }
})

test('return visits must follow an earlier challenge of the same council', async () => {
  const admin = await as(env.app, 'admin')
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const noParent = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'NWL', reviewType: 'progress-review' },
  })
  assert.equal(noParent.statusCode, 400)
  assert.match(noParent.json().fields.parentId, /follows an earlier peer challenge/)
  const wrong = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'OAD', reviewType: 'progress-review', parentId: nwl },
  })
  assert.equal(wrong.json().fields.parentId, 'The original challenge must be for the same council')
  const early = await admin.request('POST', '/api/challenges', {
    json: {
      councilCode: 'NWL',
      reviewType: 'progress-review',
      parentId: nwl,
      onsiteStart: '2024-06-01',
      onsiteEnd: '2024-06-01',
    },
  })
  assert.equal(early.json().fields.onsiteStart, 'A return visit comes after the original challenge')
})

test('a council abolished by reorganisation cannot have a new challenge after its last day', async () => {
  const admin = await as(env.app, 'admin')
  const res = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'ALL', reviewType: 'cpc', onsiteStart: '2026-12-01', onsiteEnd: '2026-12-03' },
  })
  assert.equal(res.statusCode, 400)
  assert.match(res.json().fields.councilCode, /no longer existed/)
})

test('full lifecycle through every stage, with guards, effects and locked recommendations', async () => {
  const admin = await as(env.app, 'admin')
  const created = await admin.request('POST', '/api/challenges', { json: { councilCode: 'LCE', reviewType: 'cpc' } })
  const id = created.json().id as number
  const move = async (to: string) =>
    admin.request('POST', `/api/challenges/${id}/stage`, { json: { to, version: await version(id) } })

  assert.equal((await move('scoping')).statusCode, 200)
  const noDates = await move('scheduled')
  assert.equal(noDates.statusCode, 400)
  assert.equal(noDates.json().fields.to, 'Enter the on-site start and end dates first')
  const jumped = await move('published')
  assert.equal(jumped.statusCode, 400)
  assert.match(jumped.json().fields.to, /cannot move from “Scoping” to “Published”/)

  const upd = await admin.request('PUT', `/api/challenges/${id}`, {
    json: {
      onsiteStart: '2026-11-17',
      onsiteEnd: '2026-11-19',
      feedbackDate: '2026-11-19',
      version: await version(id),
    },
  })
  assert.equal(upd.statusCode, 200, upd.body)
  assert.equal((await move('scheduled')).statusCode, 200)
  assert.equal((await move('preparation')).statusCode, 200)
  const noTeam = await move('on-site')
  assert.equal(noTeam.json().fields.to, 'Add a lead peer and a peer challenge manager to the team first')

  const pcmId = (await env.db.one<{ id: number }>(`select id from people where name = 'Priya Shah'`))!.id
  assert.equal(
    (await admin.request('POST', `/api/challenges/${id}/team`, { json: { personId: pcmId, role: 'pcm' } })).statusCode,
    201,
  )
  const badLead = await admin.request('POST', `/api/challenges/${id}/team`, {
    json: { personId: pcmId, role: 'lead-peer' },
  })
  assert.equal(badLead.statusCode, 400)
  const lead = await admin.request('POST', `/api/challenges/${id}/team`, {
    json: {
      name: 'Robin Lee',
      kind: 'officer',
      title: 'Chief Executive',
      organisation: 'Example Council',
      role: 'lead-peer',
    },
  })
  assert.equal(lead.statusCode, 201)
  const noParty = await admin.request('POST', `/api/challenges/${id}/team`, {
    json: { name: 'Cllr Kim Fox', kind: 'member', role: 'member-peer' },
  })
  assert.equal(noParty.json().fields.party, 'Enter the member peer’s political party')
  const secondPcm = await admin.request('POST', `/api/challenges/${id}/team`, {
    json: { name: 'Lee Grant', kind: 'lga', role: 'pcm' },
  })
  assert.equal(secondPcm.json().fields.role, 'The team already has a peer challenge manager')

  assert.equal((await move('on-site')).statusCode, 200)
  assert.equal((await move('drafting')).statusCode, 200)
  const noRecs = await move('factual-check')
  assert.equal(noRecs.json().fields.to, 'Add at least one key recommendation first')

  // The peer challenge manager (a peer on the team) writes the recommendations and moves the report on.
  const pcm = await as(env.app, 'pcm')
  const r1 = await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
    json: { kind: 'key', title: 'Agree a long-term vision with partners' },
  })
  assert.equal(r1.statusCode, 201, r1.body)
  await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
    json: { kind: 'key', title: 'Strengthen the medium-term financial strategy' },
  })
  const themed = await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
    json: { kind: 'theme', themeKey: 'governance', title: 'Refresh the scrutiny function' },
  })
  assert.equal(themed.statusCode, 201)
  const badTheme = await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
    json: { kind: 'theme', themeKey: 'place', title: 'x' },
  })
  assert.equal(badTheme.json().fields.themeKey, 'Select the theme') // 'place' belongs to the 2016 framework
  const dup = await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
    json: { kind: 'key', number: 1, title: 'Duplicate' },
  })
  assert.equal(dup.json().fields.number, 'Recommendation 1 already exists')
  const keys = (await pcm.get(`/api/challenges/${id}`)).json().keyRecommendations
  assert.deepEqual(
    keys.map((k: { number: number }) => k.number),
    [1, 2],
  )

  const toCheck = await pcm.request('POST', `/api/challenges/${id}/stage`, {
    json: { to: 'factual-check', version: await version(id) },
  })
  assert.equal(toCheck.statusCode, 200)
  // The council cannot change recommendations; it returns its factual comments.
  const council = await as(env.app, 'public')
  await council.login('officer@melton.example.gov.uk')
  assert.equal((await council.get(`/api/challenges/${id}`)).statusCode, 404) // not their council
  await env.db.query(
    `update users set council_id = (select id from councils where code = 'LCE') where email = 'officer@melton.example.gov.uk'`,
  )
  const edit = await council.request('PUT', `/api/challenges/${id}/recommendations/${r1.json().id}`, {
    json: { kind: 'key', title: 'Changed by the council' },
  })
  assert.equal(edit.statusCode, 403)
  const back = await council.request('POST', `/api/challenges/${id}/stage`, {
    json: { to: 'drafting', version: await version(id) },
  })
  assert.equal(back.statusCode, 200, back.body)
  await env.db.query(
    `update users set council_id = (select id from councils where code = 'MEL') where email = 'officer@melton.example.gov.uk'`,
  )
  assert.equal(
    (
      await pcm.request('POST', `/api/challenges/${id}/stage`, {
        json: { to: 'factual-check', version: await version(id) },
      })
    ).statusCode,
    200,
  )
  assert.equal(
    (await pcm.request('POST', `/api/challenges/${id}/stage`, { json: { to: 'final', version: await version(id) } }))
      .statusCode,
    200,
  )

  // Final: the wording is locked, in the service and in the database.
  const locked = await pcm.request('PUT', `/api/challenges/${id}/recommendations/${r1.json().id}`, {
    json: { kind: 'key', title: 'Reworded after final' },
  })
  assert.equal(locked.statusCode, 409)
  assert.equal((await pcm.request('DELETE', `/api/challenges/${id}/recommendations/${r1.json().id}`)).statusCode, 409)
  assert.equal(
    (
      await pcm.request('POST', `/api/challenges/${id}/recommendations`, {
        json: { kind: 'key', title: 'Late addition' },
      })
    ).statusCode,
    409,
  )
  await assert.rejects(
    env.db.query(`update recommendations set title = 'sneaky' where id = $1`, [r1.json().id]),
    /locked/,
  )
  await assert.rejects(env.db.query(`delete from recommendations where id = $1`, [r1.json().id]), /locked/)

  const notYet = await admin.request('POST', `/api/challenges/${id}/stage`, {
    json: { to: 'published', version: await version(id) },
  })
  assert.equal(notYet.json().fields.to, 'Record the date the report was published first')
  const ev = await admin.request('POST', `/api/challenges/${id}/events`, {
    json: { code: 'report_published', occurredOn: '2026-11-23', location: 'https://example.gov.uk/cpc' },
  })
  assert.equal(ev.statusCode, 201)
  assert.equal((await move('published')).statusCode, 200)
  assert.equal((await move('closed')).statusCode, 200)
  const done = (await admin.get(`/api/challenges/${id}`)).json()
  assert.equal(done.challenge.stage, 'closed')
  assert.deepEqual(
    done.private.events.map((e: { code: string }) => e.code),
    [
      'feedback_presented',
      'draft_issued',
      'factual_comments_returned',
      'draft_issued',
      'final_issued',
      'report_published',
    ],
  )
  assert.equal(done.private.deadlines.find((d: { code: string }) => d.code === 'report-published').status, 'met')
  // Every change is in the audit log, with who made it.
  const audit = await env.db.query<{ action: string; actor_label: string }>(
    `select action, actor_label from audit_log where challenge_id = $1 order by id`,
    [id],
  )
  assert.equal(audit.filter((a) => a.action === 'challenge.stage').length, 11) // scoping .. closed, with one return to drafting
  assert.ok(audit.some((a) => a.action === 'recommendation.added' && a.actor_label.startsWith('Priya Shah')))
  assert.ok(audit.some((a) => a.action === 'challenge.stage' && a.actor_label.startsWith('Jordan Ellis')))
})

test('two people editing at once: the second save is refused, not lost', async () => {
  const admin = await as(env.app, 'admin')
  const id = await challengeId(env.db, 'CPC-2026-HAR')
  const v = await version(id)
  const first = await admin.request('PUT', `/api/challenges/${id}`, {
    json: { version: v, notes: 'first', onsiteStart: '2027-01-05', onsiteEnd: '2027-01-07' },
  })
  assert.equal(first.statusCode, 200)
  const second = await admin.request('PUT', `/api/challenges/${id}`, {
    json: { version: v, notes: 'second', onsiteStart: '2027-01-05', onsiteEnd: '2027-01-07' },
  })
  assert.equal(second.statusCode, 409)
  assert.equal(
    (await env.db.one<{ notes: string }>(`select notes from challenges where id = $1`, [id]))!.notes,
    'first',
  )
  // The HTML form says the same with the form redisplayed.
  const form = await admin.request('POST', `/challenges/${id}/edit`, { form: { version: v, notes: 'third' } })
  assert.equal(form.statusCode, 409)
  assert.match(form.body, /Someone else changed this challenge/)
})

test('a publication dated in the future stays private until that day', async () => {
  const admin = await as(env.app, 'admin')
  const id = await challengeId(env.db, 'CPC-2026-MEL')
  await admin.request('POST', `/api/challenges/${id}/events`, {
    json: { code: 'report_published', occurredOn: '2026-12-01' },
  })
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get(`/api/challenges/${id}`)).statusCode, 404)
  assert.equal((await pub.get(`/challenges/${id}`)).statusCode, 404)
  const list = (await pub.get('/api/challenges')).json().items.map((c: { reference: string }) => c.reference)
  assert.ok(!list.includes('CPC-2026-MEL'))
  assert.ok(list.includes('CPC-2017-OAD'))
  assert.equal(await stage(id), 'factual-check')
})

test('cancel and reopen before the visit; visits (check-ins) are scheduled, held and closed', async () => {
  const admin = await as(env.app, 'admin')
  const rut = await challengeId(env.db, 'FPC-2026-RUT')
  const cancel = await admin.request('POST', `/api/challenges/${rut}/stage`, {
    json: { to: 'cancelled', note: 'Council withdrew', version: await version(rut) },
  })
  assert.equal(cancel.statusCode, 200)
  const d = (await admin.get(`/api/challenges/${rut}`)).json()
  assert.equal(d.challenge.stage, 'cancelled')
  assert.deepEqual(
    d.transitions.map((t: { to: string }) => t.to),
    ['requested'],
  )
  assert.equal(
    (
      await admin.request('POST', `/api/challenges/${rut}/stage`, {
        json: { to: 'requested', version: await version(rut) },
      })
    ).statusCode,
    200,
  )
  // On site, a challenge can no longer be cancelled.
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const late = await admin.request('POST', `/api/challenges/${mel}/stage`, {
    json: { to: 'cancelled', version: await version(mel) },
  })
  assert.equal(late.statusCode, 400)

  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const visit = await admin.request('POST', '/api/challenges', {
    json: { councilCode: 'NWL', reviewType: 'check-in', parentId: nwl },
  })
  const id = visit.json().id as number
  assert.equal(await stage(id), 'scheduled')
  const noDates = await admin.request('POST', `/api/challenges/${id}/stage`, {
    json: { to: 'held', version: await version(id) },
  })
  assert.equal(noDates.json().fields.to, 'Enter the on-site start and end dates first')
  await admin.request('PUT', `/api/challenges/${id}`, {
    json: { onsiteStart: '2025-01-08', onsiteEnd: '2025-01-08', version: await version(id) },
  })
  assert.equal(
    (await admin.request('POST', `/api/challenges/${id}/stage`, { json: { to: 'held', version: await version(id) } }))
      .statusCode,
    200,
  )
  assert.equal(
    (await admin.request('POST', `/api/challenges/${id}/stage`, { json: { to: 'closed', version: await version(id) } }))
      .statusCode,
    200,
  )
  const held = (await admin.get(`/api/challenges/${id}`)).json().private.deadlines[0]
  assert.equal(held.due, '2024-12-28') // six months after the original visit
  // The check-in is the LGA's offer (decision 0016): held after the date it was offered by, it is held, not late.
  assert.equal(held.kind, 'offer')
  assert.equal(held.summary, 'Met on 8 January 2025')
})
