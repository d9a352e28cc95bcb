import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, submitForm, type Client, type TestEnv } from '../testing/harness.ts'
import { SYSTEM_ACTOR } from '../auth/users.ts'
import { AppError } from '../common/errors.ts'
import { recordStatedDateIn } from './stated-dates.ts'

/**
 * Rules by date through HTTP (decision 0016): dates stated in documents, the pre-visit milestones and the LGA's
 * publication, what counts towards the cycle by date, the framework page's dates and sources, and the warnings about
 * visit dates.
 */

let env: TestEnv
let admin: Client
let nwlOfficer: Client
let pcm: Client
let lead: Client
let nwl: number
let mel: number
let har: number

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
  nwlOfficer = await as(env.app, 'nwl')
  pcm = await as(env.app, 'pcm')
  lead = await as(env.app, 'lead')
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  har = await challengeId(env.db, 'CPC-2026-HAR')
})
after(async () => env.close())

type D = { code: string; due: string; ruleDue: string; counts: string; basis: string | null; stated: { id: number } }
const deadline = async (c: Client, id: number, code: string): Promise<D> =>
  ((await c.get(`/api/challenges/${id}`)).json().private.deadlines as D[]).find((d) => d.code === code)!
const cycleOf = async (code: string) => (await admin.get(`/api/councils/${code}`)).json().cycle
const historyActions = async (id: number) =>
  ((await admin.get(`/api/challenges/${id}/history`)).json().history.entries as { action: string }[]).map(
    (e) => e.action,
  )

test('the date Oadby and Wigston’s report states is shown with the rule’s, and which one counts', async () => {
  const oad = await challengeId(env.db, 'CPC-2017-OAD')
  const page = await admin.get(`/challenges/${oad}`)
  assert.equal(page.statusCode, 200)
  assert.match(
    page.body,
    /Due by November 2021 \(stated in the report; the rule then in force gives 23 March 2022\)\. The stated date counts\./,
  )
  assert.match(page.body, /November 2021 <span class="govuk-body-s">\(stated\)<\/span>/)
  assert.match(page.body, new RegExp(`href="/challenges/${oad}/stated-dates/\\d+">Correct or withdraw`))
  // The council's page says the same of its cycle.
  assert.match((await admin.get('/councils/OAD')).body, /stated in the report; the rule then in force gives 23 March/)
})

test('a council officer records a date its report states; the cycle follows it; correct and withdraw with a reason', async () => {
  const before = await cycleOf('NWL')
  assert.deepEqual([before.nextDue, before.stated], ['2029-06-28', null])
  // Recorded with the challenge page's form, as a browser would.
  const page = await nwlOfficer.get(`/challenges/${nwl}`)
  assert.match(page.body, /Record a date stated in a document/)
  const saved = await submitForm(nwlOfficer, page.body, /\/stated-dates$/, {
    ruleCode: 'next-review',
    due: '2028-06',
    source: 'the covering report to Cabinet',
    note: 'The council plans its next challenge a year early.',
  })
  assert.equal(saved.statusCode, 303, saved.body)
  const d = await deadline(nwlOfficer, nwl, 'next-review')
  assert.deepEqual([d.due, d.ruleDue, d.counts], ['2028-06-30', '2029-06-28', 'stated'])
  assert.equal(
    d.basis,
    'Due by June 2028 (stated in the covering report to Cabinet; the rule then in force gives 28 June 2029). The stated date counts.',
  )
  const after = await cycleOf('NWL')
  assert.deepEqual([after.nextDue, after.ruleDue, after.status], ['2028-06-30', '2029-06-28', 'in-date'])
  assert.ok((await historyActions(nwl)).includes('stated-date.recorded'))
  // One per rule; only rules in force for the challenge; a real date or month.
  const again = await nwlOfficer.post(`/api/challenges/${nwl}/stated-dates`, {
    json: { ruleCode: 'next-review', due: '2028-01', source: 'the report' },
  })
  assert.equal(again.statusCode, 400)
  assert.match(again.json().fields.ruleCode, /already stated .*June 2028.*correct it instead/)
  const notInForce = await nwlOfficer.post(`/api/challenges/${nwl}/stated-dates`, {
    json: { ruleCode: 'six-month-check-in', due: '2025-01', source: 'the report' },
  })
  assert.equal(notInForce.statusCode, 400)
  assert.equal(notInForce.json().fields.ruleCode, 'Select one of this challenge’s deadlines')
  const badDate = await nwlOfficer.post(`/api/challenges/${nwl}/stated-dates`, {
    json: { ruleCode: 'report-published', due: '2024-13', source: 'the report' },
  })
  assert.equal(badDate.statusCode, 400)
  assert.match(badDate.json().fields.due, /a month such as 2021-11/)
  // The peer challenge manager of another challenge, and the public, are refused; the programme office corrects it.
  assert.equal(
    (
      await pcm.post(`/api/challenges/${mel}/stated-dates`, {
        json: { ruleCode: 'next-review', due: '2030-01', source: 'x' },
      })
    ).statusCode,
    403,
  )
  const statedId = d.stated.id
  const noReason = await admin.request('PUT', `/api/challenges/${nwl}/stated-dates/${statedId}`, {
    json: { due: '2028-09' },
  })
  assert.equal(noReason.statusCode, 400)
  const corrected = await admin.request('PUT', `/api/challenges/${nwl}/stated-dates/${statedId}`, {
    json: { due: '2028-09-15', reason: 'The report says 15 September 2028, not June' },
  })
  assert.equal(corrected.statusCode, 200, corrected.body)
  const c = await deadline(admin, nwl, 'next-review')
  assert.deepEqual([c.due, c.counts], ['2028-09-15', 'stated'])
  const entry = (await admin.get(`/api/challenges/${nwl}/history`))
    .json()
    .history.entries.find((e: { action: string }) => e.action === 'stated-date.corrected')
  assert.ok(
    entry.changes.some(
      (x: { field: string; from: string; to: string }) =>
        x.field === 'due' && x.from === '1 June 2028' && x.to === '15 September 2028',
    ),
  )
  // Withdrawn with the form on its page: the rule's date counts again, in the cycle too.
  const form = await nwlOfficer.get(`/challenges/${nwl}/stated-dates/${statedId}`)
  assert.equal(form.statusCode, 200)
  const withdrawn = await submitForm(nwlOfficer, form.body, /\/withdraw$/, {
    'withdraw-reason': 'Recorded against the wrong challenge',
  })
  assert.equal(withdrawn.statusCode, 303, withdrawn.body)
  const back = await deadline(nwlOfficer, nwl, 'next-review')
  assert.deepEqual([back.due, back.counts, back.basis], ['2029-06-28', 'rule', null])
  assert.equal((await cycleOf('NWL')).nextDue, '2029-06-28')
  assert.ok((await historyActions(nwl)).includes('stated-date.withdrawn'))
  assert.equal((await nwlOfficer.get(`/api/challenges/${nwl}/stated-dates/${statedId}`)).statusCode, 404)
})

test('pre-visit milestones are recorded by those the workflow data names, and meet their deadlines', async () => {
  const before = await deadline(pcm, har, 'data-pack')
  assert.deepEqual([before.due, (before as unknown as { status: string }).status], ['2026-12-17', 'due'])
  const rec = await pcm.post(`/api/challenges/${har}/events`, {
    json: { code: 'data_pack_received', occurredOn: '2026-11-20' },
  })
  assert.equal(rec.statusCode, 201, rec.body)
  assert.equal(((await deadline(pcm, har, 'data-pack')) as unknown as { status: string }).status, 'met')
  // The LG Inform data pack and the finance briefing are the LGA's to record, not the council's.
  const melton = await as(env.app, 'melton')
  const refused = await melton.post(`/api/challenges/${mel}/events`, {
    json: { code: 'finance_briefing_received', occurredOn: '2026-10-01' },
  })
  assert.equal(refused.statusCode, 403)
  // The LGA's own publication is recorded once.
  const twice = await admin.post(`/api/challenges/${nwl}/events`, {
    json: { code: 'lga_published', occurredOn: '2025-01-09' },
  })
  assert.equal(twice.statusCode, 400)
  assert.match(twice.json().fields.code, /already recorded/)
})

test('the framework page shows each rule’s dates and sources, and what counts towards the cycle by date', async () => {
  const api = (await as(env.app, 'public')).get('/api/frameworks')
  const json = (await api).json()
  const cpc2022 = json.frameworks.find((f: { code: string }) => f.code === 'cpc-2022-five-themes')
  const checkIn = cpc2022.rules.find((r: { code: string }) => r.code === 'six-month-check-in')
  assert.deepEqual([checkIn.effectiveFrom, checkIn.effectiveTo], ['2022-01-01', '2022-03-31'])
  assert.match(checkIn.effectiveToSource, /Blaby/)
  const pr = cpc2022.rules.find((r: { code: string }) => r.code === 'progress-review')
  assert.equal(pr.effectiveFrom, '2022-04-01')
  assert.match(pr.effectiveFromSource, /corporate-peer-3/)
  assert.deepEqual(
    json.cycleRules.map((r: { code: string; reviewTypes: string[] }) => [r.code, r.reviewTypes]),
    [
      ['sli-cpc-or-fpr', ['cpc', 'fpc']],
      ['cpc-2022', ['cpc']],
      ['cpc-fpc-gpc-2023', ['cpc', 'fpc', 'gpc']],
    ],
  )
  const html = (await (await as(env.app, 'public')).get('/frameworks')).body
  assert.match(html, /Six-month check-in \(offered\)[\s\S]*?1 January 2022 to 31 March 2022/)
  assert.match(html, /What counts towards the five-year cycle/)
})

test('a finance peer challenge counts towards the cycle from the 2023/24 programme, not in 2022', async () => {
  // The finance framework shipped is the 2023 one; a 2022 review is recorded under it by choice.
  const frameworkId = (await env.db.one<{ id: number }>(`select id from frameworks where code = 'fpc-2023'`))!.id
  const fpc = async (start: string, end: string) => {
    const r = await admin.post('/api/challenges', {
      json: { councilCode: 'HIN', reviewType: 'fpc', frameworkId, onsiteStart: start, onsiteEnd: end },
    })
    assert.equal(r.statusCode, 201, r.body)
    await env.db.query(`update challenges set stage = 'closed' where id = $1`, [r.json().id])
    return r.json().reference as string
  }
  await fpc('2022-06-07', '2022-06-09')
  assert.equal((await cycleOf('HIN')).status, 'no-record') // a CPC alone counted in 2022
  const later = await fpc('2023-06-06', '2023-06-08')
  const c = await cycleOf('HIN')
  assert.deepEqual([c.lastReview.reference, c.nextDue, c.status], [later, '2028-06-08', 'in-date'])
})

test('weekend and bank-holiday visits are warned about, not refused; so is a second challenge on the same dates', async () => {
  // Melton's visit ran from Saturday to Monday: a warning on its page, its edit form and in the JSON twin.
  const json = (await pcm.get(`/api/challenges/${mel}`)).json()
  assert.deepEqual(
    json.warnings.map((w: { code: string; days: string[] }) => [w.code, w.days]),
    [['weekend', ['2026-10-17', '2026-10-18']]],
  )
  const page = await pcm.get(`/challenges/${mel}`)
  assert.match(
    page.body,
    /govuk-warning-text[\s\S]*?The visit includes weekend days: Saturday 17 October 2026 and Sunday 18 October 2026/,
  )
  assert.match((await pcm.get(`/challenges/${mel}/edit`)).body, /govuk-warning-text[\s\S]*?Saturday 17 October 2026/)
  // The programme's upcoming visits: Harlow's runs over New Year's Day and a weekend.
  const upcoming = (await admin.get('/api/programme')).json().upcoming
  const harlow = upcoming.find((v: { reference: string }) => v.reference === 'CPC-2026-HAR')
  assert.deepEqual(
    harlow.warnings.map((w: { code: string }) => w.code),
    ['weekend', 'bank-holiday'],
  )
  assert.match((await admin.get('/programme')).body, /Upcoming visits[\s\S]*?New Year’s Day/)
  // A second Test Valley challenge on the dates of the one booked: created, with the overlap named.
  const booked = (await env.db.one<{ onsiteStart: string; onsiteEnd: string }>(
    `select onsite_start as "onsiteStart", onsite_end as "onsiteEnd" from challenges where reference = 'CPC-2027-TES'`,
  ))!
  const dup = await admin.post('/api/challenges', {
    json: { councilCode: 'TES', reviewType: 'cpc', onsiteStart: booked.onsiteStart, onsiteEnd: booked.onsiteEnd },
  })
  assert.equal(dup.statusCode, 201, dup.body)
  assert.deepEqual(
    dup.json().warnings.map((w: { code: string; reference: string }) => [w.code, w.reference]),
    [['overlap', 'CPC-2027-TES']],
  )
  // Through the form: the flash says so.
  const form = await admin.get('/challenges/new')
  const created = await submitForm(admin, form.body, /^\/challenges$/, {
    councilCode: 'HAR',
    reviewType: 'cpc',
    frameworkId: '',
    // the GOV.UK date inputs: day, month and year
    'onsiteStart-day': '2',
    'onsiteStart-month': '1',
    'onsiteStart-year': '2027',
    'onsiteEnd-day': '4',
    'onsiteEnd-month': '1',
    'onsiteEnd-year': '2027',
  })
  assert.equal(created.statusCode, 303, created.body)
  const shown = await admin.get(created.headers.location as string)
  assert.match(
    shown.body,
    /Check its dates: The visit includes weekend days: Saturday 2 January 2027 and Sunday 3 January 2027/,
  )
  assert.match(shown.body, /on site on overlapping dates: CPC-2026-HAR/)
  // The overlap is named only to those who may open the other challenge: Harlow's lead peer is not on the new one.
  const forLead = (await lead.get(`/api/challenges/${har}`)).json().warnings
  assert.ok(!forLead.some((w: { code: string }) => w.code === 'overlap'))
  const forAdmin = (await admin.get(`/api/challenges/${har}`)).json().warnings
  assert.ok(
    forAdmin.some(
      (w: { code: string; reference: string }) => w.code === 'overlap' && w.reference.startsWith('CPC-2027-HAR'),
    ),
  )
  // Those without private access get no warnings (they may not know of the council's other challenges).
  assert.deepEqual((await (await as(env.app, 'public')).get(`/api/challenges/${nwl}`)).json().warnings, [])
})

test('the importer records a stated date in the transaction that saves the challenge: both or neither', async () => {
  // What the importer's save does (src/importer/service.ts): insert the challenge, then record what the report states.
  const ctx = { db: env.db, actor: SYSTEM_ACTOR, clock: env.clock }
  const save = (fail: boolean) =>
    env.db.transaction(async (tx) => {
      const ch = (await tx.one<{ id: number }>(
        `insert into challenges (reference, council_id, review_type, framework_id, stage, onsite_start, onsite_end, notes, created_at, updated_at)
         select 'CPC-2017-SWK', (select id from councils where code = 'SWK'), 'cpc', id, 'final', '2017-02-07', '2017-02-10', 'Imported', now(), now()
           from frameworks where code = 'cpc-2016-five-questions' returning id`,
      ))!
      await recordStatedDateIn(tx, ctx, ch.id, {
        ruleCode: 'next-review',
        due: '2021-10',
        source: 'the report',
        note: '“before October 2021”',
      })
      if (fail) throw new Error('the rest of the save failed')
      return ch.id
    })
  await assert.rejects(save(true), /the rest of the save failed/)
  assert.equal(await env.db.one(`select 1 from challenges where reference = 'CPC-2017-SWK'`), undefined)
  const id = await save(false)
  const d = await deadline(admin, id, 'next-review')
  assert.deepEqual([d.due, d.ruleDue, d.counts], ['2021-10-31', '2022-02-10', 'stated'])
  // And inside the same transaction it checks the rule like any other caller.
  await assert.rejects(
    env.db.transaction((tx) =>
      recordStatedDateIn(tx, ctx, id, { ruleCode: 'progress-review', due: '2018-01', source: 'x' }),
    ),
    (e: AppError) => e.code === 'validation' && /this challenge’s deadlines/.test(e.fields['ruleCode'] ?? ''),
  )
})
