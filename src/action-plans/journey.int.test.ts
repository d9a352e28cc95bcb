import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import mammoth from 'mammoth'
import fs from 'node:fs'
import path from 'node:path'
import { as, challengeId, demoEnv, freshDb, multipart, TODAY, type Client, type TestEnv } from '../testing/harness.ts'
import { addDays } from '../common/dates.ts'
import { fixedClock } from '../common/clock.ts'
import { SYSTEM_ACTOR, createUser } from '../auth/users.ts'
import { importRegister } from '../councils/service.ts'
import { buildApp } from '../web/app.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'
import { seeds, titleKey } from '../importer/seeds.ts'

/**
 * A council officer's whole journey, as a new user: from the final report's recommendations to an approved,
 * published plan, a quarter of progress and the committee report. Each step through the HTML forms, checked on the
 * pages and through the JSON twins.
 */
let env: TestEnv
let mel: number
let officer: Client
let pcm: Client
const base = () => `/challenges/${mel}/action-plan`
const plan = async () => (await officer.get(`/api${base()}`)).json()
/** The GOV.UK error summary's messages, to show why a form was refused. */
const summary = (html: string) => [...html.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]).join(' | ')
const count = async (table: string) => (await env.db.one<{ n: number }>(`select count(*)::int as n from ${table}`))!.n

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  officer = await as(env.app, 'melton')
  pcm = await as(env.app, 'pcm')
})
after(async () => env.close())

test('step 1: no plan before the report is final; the officer starts it once the peer challenge manager finalises the report', async () => {
  const early = await officer.get(base())
  assert.equal(early.statusCode, 200)
  assert.match(early.body, /The action plan starts once the peer team’s report is final/)
  assert.doesNotMatch(early.body, /Start the action plan/)
  const refused = await officer.request('POST', base(), { form: {} })
  assert.equal(refused.statusCode, 409)
  assert.equal(await count(`action_plans where challenge_id = ${mel}`), 0)

  const v = (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!.version
  const fin = await pcm.request('POST', `/api/challenges/${mel}/stage`, { json: { to: 'final', version: v } })
  assert.equal(fin.statusCode, 200, fin.body)

  const page = await officer.get(base())
  assert.match(page.body, /Start the action plan/)
  const start = await officer.request('POST', base(), { form: {} })
  assert.equal(start.statusCode, 303)
  const p = await plan()
  assert.equal(p.plan.status, 'draft')
  assert.equal(p.view.recommendations.length, 5)
  assert.equal(
    p.view.recommendations[0].title,
    'Set out a shared long-term vision for the place with partners and residents',
  )
  assert.equal(p.approvalProblems.length, 5)
  // The programme office reads the plan but does not write it.
  const admin = await as(env.app, 'admin')
  assert.equal((await admin.get(base())).statusCode, 200)
  assert.equal(
    (
      await admin.request('POST', `/api${base()}/actions`, {
        json: {
          title: 'x',
          leadOfficer: 'y',
          targetDate: '2027-01-01',
          recommendationIds: [p.view.recommendations[0].id],
        },
      })
    ).statusCode,
    403,
  )
})

test('step 2: responses to every recommendation, with reasons where not fully accepted', async () => {
  const recs = (await plan()).view.recommendations as { id: number; ref: string }[]
  const form = await officer.get(`${base()}/responses/${recs[3]!.id}`)
  assert.equal(form.statusCode, 200)
  assert.match(form.body, /Prepare the organisation for local government reorganisation/)
  const before = await count('plan_responses')
  const bad = await officer.request('POST', `${base()}/responses/${recs[3]!.id}`, {
    form: { response: 'partly-accepted', reasons: '' },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /govuk-error-summary/)
  assert.match(bad.body, /Explain why the recommendation is only partly accepted/)
  assert.equal(await count('plan_responses'), before)
  for (const [i, r] of recs.entries()) {
    const body =
      i < 3
        ? { response: 'accepted' }
        : i === 3
          ? {
              response: 'partly-accepted',
              reasons: 'Reorganisation is led by the county; we will prepare our own services.',
            }
          : {
              response: 'not-accepted',
              reasons: 'Scrutiny was reviewed in 2025 and the new arrangements are bedding in.',
            }
    const res = await officer.request('POST', `${base()}/responses/${r.id}`, { form: body })
    assert.equal(res.statusCode, 303, summary(res.body))
  }
  const p = await plan()
  assert.deepEqual(p.view.counts.responses, { accepted: 3, 'partly-accepted': 1, 'not-accepted': 1, none: 0 })
  assert.deepEqual(p.approvalProblems, [
    'Recommendation 1 is accepted but has no action',
    'Recommendation 2 is accepted but has no action',
    'Recommendation 3 is accepted but has no action',
    'Recommendation 4 is partly accepted but has no action',
  ])
})

test('step 3: actions with lead officers, dates and milestones; one action serves two recommendations', async () => {
  const recs = (await plan()).view.recommendations as { id: number }[]
  const newForm = await officer.get(`${base()}/actions/new?rec=${recs[0]!.id}`)
  assert.equal(newForm.statusCode, 200)
  assert.match(newForm.body, /Which recommendations does this action serve/)
  const bad = await officer.request('POST', `${base()}/actions`, {
    form: { title: 'Vision', leadOfficer: '', targetDate: '2027-02-30', milestones: '2027-13-01 | bad' },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Enter the lead officer/)
  assert.match(bad.body, /The target date must be a real date/)
  assert.match(bad.body, /Select the recommendations this action serves/)
  assert.equal(await count(`plan_actions a join action_plans p on p.id = a.plan_id where p.challenge_id = ${mel}`), 0)
  const add = async (form: Record<string, unknown>) => {
    const res = await officer.request('POST', `${base()}/actions`, { form })
    assert.equal(res.statusCode, 303, summary(res.body))
    return Number(res.headers.location!.split('/').pop())
  }
  await add({
    recommendationIds: [recs[0]!.id, recs[1]!.id],
    title: 'Agree a place vision and a medium-term financial strategy that funds it',
    leadOfficer: 'Edd de Coverly, Chief Executive',
    startDate: '2026-11-01',
    targetDate: '2027-03-31',
    milestones: '2026-12-15 | Partner workshop held\n2027-02-28 | Draft vision to Cabinet',
  })
  await add({
    recommendationIds: [recs[2]!.id],
    title: 'Publish a housing delivery plan with quarterly milestones',
    leadOfficer: 'Director of Housing and Communities',
    startDate: '2026-11-15',
    targetDate: '2026-12-20',
  })
  await add({
    recommendationIds: [recs[3]!.id],
    title: 'Set up a reorganisation readiness programme board',
    leadOfficer: 'Director for Corporate Services',
    targetDate: '2027-01-31',
  })
  const p = await plan()
  assert.equal(p.view.actions.length, 3)
  assert.deepEqual(p.view.actions[0].recommendationRefs, ['R1', 'R2'])
  assert.equal(p.view.actions[0].milestones.length, 2)
  assert.deepEqual(p.approvalProblems, [])
  const page = await officer.get(base())
  assert.match(page.body, /Also serves R2/) // under R1
  assert.match(page.body, /Also serves R1/) // under R2
  // Action 2 is due in under 30 days and not started: the declared rules make it red.
  assert.equal(p.view.actions[1].rag, 'red')
  assert.equal(p.view.actions[1].ragReason, 'Due within 30 days and not started')
})

test('step 4: Scrutiny comments, then Cabinet approves; the plan is snapshotted as reported and never changes', async () => {
  const gov = await officer.get(`${base()}/governance`)
  assert.equal(gov.statusCode, 200)
  const scrutinyDate = addDays(TODAY, -14)
  const cabinetDate = addDays(TODAY, -7)
  const wrong = await officer.request('POST', `${base()}/meetings`, {
    form: { body: 'scrutiny', meetingDate: scrutinyDate, decision: 'approved', approvesPlan: 'yes' },
  })
  assert.equal(wrong.statusCode, 400)
  assert.match(wrong.body, /Only Cabinet, the Executive or Full Council approves the action plan/)
  assert.equal(await count(`meetings where challenge_id = ${mel}`), 0)
  const s = await officer.request('POST', `${base()}/meetings`, {
    form: {
      body: 'scrutiny',
      meetingDate: scrutinyDate,
      item: 'Item 6: Corporate Peer Challenge action plan',
      decision: 'comments',
      resolution: 'Asked that housing milestones be reported quarterly.',
      link: 'https://democracy.melton.gov.uk/ieListDocuments.aspx?MId=1',
      snapshot: 'yes',
    },
  })
  assert.equal(s.statusCode, 303, summary(s.body))
  const c = await officer.request('POST', `${base()}/meetings`, {
    form: {
      body: 'cabinet',
      meetingDate: cabinetDate,
      item: 'Item 9',
      decision: 'approved',
      resolution: 'Approved the action plan.',
      approvesPlan: 'yes',
    },
  })
  assert.equal(c.statusCode, 303, summary(c.body))
  const p = await plan()
  assert.equal(p.plan.status, 'approved')
  assert.equal(p.plan.approvedOn, cabinetDate)
  assert.equal(p.snapshots.length, 2)
  assert.match(p.snapshots[1].title, /As approved by Cabinet on/)
  assert.equal(p.meetings[0].bodyLabel, 'Scrutiny committee')
  const snap = await officer.get(`${base()}/snapshots/${p.snapshots[0].id}`)
  assert.equal(snap.statusCode, 200)
  assert.match(snap.body, /as reported to scrutiny committee on/i)
  await assert.rejects(
    env.db.query(`update plan_snapshots set title = 'changed' where id = $1`, [p.snapshots[0].id]),
    /append-only/,
  )
  await assert.rejects(env.db.query(`delete from plan_snapshots where id = $1`, [p.snapshots[0].id]), /append-only/)
  const audit = await env.db.query<{ action: string }>(
    `select action from audit_log where challenge_id = $1 and action like 'plan.%' or action = 'meeting.recorded' order by id`,
    [mel],
  )
  assert.ok(audit.some((a) => a.action === 'plan.approved') && audit.some((a) => a.action === 'meeting.recorded'))
})

test('step 5: publication is recorded and feeds the deadlines; the public page shows it only from the publication date', async () => {
  const pub = await as(env.app, 'public')
  // Not yet published: the public cannot see the plan or its snapshots.
  const p0 = await plan()
  assert.equal((await pub.get(`${base()}/snapshots/${p0.snapshots[0].id}`)).statusCode, 404)
  assert.equal((await pub.get(base())).statusCode, 404)
  assert.doesNotMatch((await pub.get('/councils/MEL/improvement')).body, /Action plan/)
  const bad = await officer.request('POST', `${base()}/publication`, {
    form: { what: 'both', publishedOn: TODAY, where: 'javascript:alert(1)' },
  })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Enter a web address starting with https:\/\//)
  const ok = await officer.request('POST', `${base()}/publication`, {
    form: { what: 'both', publishedOn: TODAY, where: 'https://www.melton.gov.uk/peer-challenge' },
  })
  assert.equal(ok.statusCode, 303, summary(ok.body))
  const ch = (await officer.get(`/api/challenges/${mel}`)).json()
  const d = Object.fromEntries(ch.private.deadlines.map((x: { code: string; status: string }) => [x.code, x.status]))
  assert.equal(d['report-published'], 'met')
  assert.equal(d['action-plan-published'], 'met')
  const page = await pub.get('/councils/MEL/improvement')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Published 23 November 2026/)
  assert.match(page.body, /Progress as published on 23 November 2026/)
  assert.match(page.body, /Agree a place vision and a medium-term financial strategy/)
  const json = (await pub.get('/api/councils/MEL/improvement')).json()
  assert.equal(json.items[0].snapshots.length, 3)
  // Another council's officer sees only what the public sees: the published report is public, its working plan is
  // not (the private side of a published challenge does not exist for those outside it).
  const nwl = await as(env.app, 'nwl')
  assert.equal((await nwl.get(base())).statusCode, 404)
  assert.equal((await pub.get(`/api${base()}`)).statusCode, 404)
  assert.equal((await nwl.get(`${base()}/snapshots/${json.items[0].snapshots[0].id}`)).statusCode, 200)
})

test('step 6: a quarter of progress: updates with evidence, a completed action, a revised date, a rating set by hand', async () => {
  const p = await plan()
  const [a1, a2, a3] = p.view.actions as { id: number; milestones: { id: number }[] }[]
  const upload = multipart(
    {
      asOf: addDays(TODAY, -20),
      text: 'Partner workshop held with 40 organisations; draft vision themes agreed.',
      status: 'in-progress',
      milestonesDone: String(a1!.milestones[0]!.id),
    },
    { name: 'workshop-notes.txt', content: 'Notes of the partner workshop' },
  )
  const up = await officer.request('POST', `${base()}/actions/${a1!.id}/progress`, upload)
  assert.equal(up.statusCode, 303, summary(up.body))
  const future = await officer.request('POST', `${base()}/actions/${a2!.id}/progress`, {
    form: { asOf: addDays(TODAY, 3), text: 'x', status: 'complete' },
  })
  assert.equal(future.statusCode, 400)
  assert.match(future.body, /cannot be in the future/)
  const hostile = await officer.request(
    'POST',
    `${base()}/actions/${a2!.id}/progress`,
    multipart(
      { asOf: TODAY, text: 'Evidence', status: 'in-progress' },
      { name: 'evil.pdf', content: '<script>alert(1)</script>' },
    ),
  )
  assert.equal(hostile.statusCode, 400)
  assert.match(hostile.body, /its content is not a PDF file/)
  assert.match(hostile.body, /name="text"[^>]*>Evidence<\/textarea>/) // what was typed is kept
  assert.equal(
    await count(
      `progress_updates u join plan_actions a on a.id = u.action_id join action_plans p on p.id = a.plan_id where p.challenge_id = ${mel}`,
    ),
    1,
  )
  assert.equal(
    (
      await officer.request('POST', `${base()}/actions/${a2!.id}/progress`, {
        form: {
          asOf: addDays(TODAY, -2),
          text: 'Housing delivery plan published on the council website.',
          status: 'complete',
        },
      })
    ).statusCode,
    303,
  )
  const rev = await officer.request('POST', `${base()}/actions/${a3!.id}/target`, {
    form: { targetDate: '2027-04-30', reason: 'The county’s timetable for proposals moved to April.' },
  })
  assert.equal(rev.statusCode, 303)
  const noReason = await officer.request('POST', `${base()}/actions/${a3!.id}/override`, {
    form: { rag: 'amber', reason: '' },
  })
  assert.equal(noReason.statusCode, 400)
  assert.match(noReason.body, /Give the reason for setting the rating by hand/)
  assert.equal(
    (
      await officer.request('POST', `${base()}/actions/${a3!.id}/override`, {
        form: { rag: 'amber', reason: 'Depends on the county’s decision' },
      })
    ).statusCode,
    303,
  )
  const after = await plan()
  const [b1, b2, b3] = after.view.actions
  assert.equal(b1.status, 'in-progress')
  assert.equal(b1.milestones[0].doneOn, addDays(TODAY, -20))
  assert.equal(b1.updates[0].evidence[0].filename, 'workshop-notes.txt')
  assert.equal(b2.status, 'complete')
  assert.equal(b2.rag, 'green')
  assert.equal(b3.targetDate, '2027-04-30')
  assert.equal(b3.originalTargetDate, '2027-01-31')
  assert.equal(b3.revisions[0].reason, 'The county’s timetable for proposals moved to April.')
  assert.equal(b3.rag, 'amber')
  assert.equal(b3.overridden, true)
  assert.equal(b3.computedRag, 'green')
  const ev = await officer.get(`${base()}/evidence/${b1.updates[0].evidence[0].id}`)
  assert.equal(ev.body, 'Notes of the partner workshop')
  assert.match(String(ev.headers['content-disposition']), /attachment/)
  // Updates are never overwritten: the database refuses.
  await assert.rejects(env.db.query(`update progress_updates set text = 'rewritten'`), /append-only/)
  const actionPage = await officer.get(`${base()}/actions/${b3.id}`)
  assert.match(actionPage.body, /Moved from 31 January 2027 to 30 April 2027/)
  assert.match(actionPage.body, /The rules give green/)
})

test('step 7: the committee progress report and the position statement draft', async () => {
  const res = await officer.get(`${base()}/download/committee-report?body=cabinet&meetingDate=${addDays(TODAY, 14)}`)
  assert.equal(res.statusCode, 200)
  assert.match(String(res.headers['content-type']), /wordprocessingml/)
  const { value: text } = await mammoth.extractRawText({ buffer: res.rawPayload })
  if (process.env['SHOW_DOCS']) console.log(text)
  for (const heading of [
    '1. Purpose of the report',
    '2. Recommendations',
    '3. Reasons for the recommendations',
    '4. Background',
    '5. Progress against the action plan',
    '6. Council priorities',
    '7. Consultation',
    '8. Options considered',
    '9. Financial implications',
    '10. Legal implications',
    '11. Staffing and corporate implications',
    '12. Risk management',
    '13. Equalities impact',
    '14. Next steps',
    '15. Background papers',
    '16. Contact officer',
    'Appendix A: action plan',
  ])
    assert.ok(text.includes(heading), heading)
  // Melton's own committee (the older ?body=cabinet finds it), the meeting date, its header fields.
  assert.match(text, /Report to\s+Cabinet\s+Date of meeting\s+7 December 2026/)
  assert.match(
    text,
    /Report of\s+Chief Executive\s+Portfolio holder\s+Leader of the Council\s+Wards affected\s+All wards/,
  )
  assert.match(text, /Public or exempt\s+Public: this report contains no exempt information/)
  assert.match(text, /Key decision\s+No/)
  // The plan was approved: the committee is asked to note progress, and the red and amber actions, as there are some.
  assert.match(
    text,
    /That Cabinet:\s+\(1\) notes the progress made against the action plan as at 23 November 2026;\s+\(2\) notes the action rated amber and what is being done about it\./,
  )
  assert.match(text, /3 actions: 0 red, 1 amber, 2 green/)
  assert.match(text, /Sam Okafor, Chief Executive, Example District Council \(lead peer\)/)
  assert.match(text, /The council accepted 3, partly accepted 1 and did not accept 1 of the 5 recommendations\./)
  assert.match(text, /What has been done\s+Action 1 \([^)]+\): Partner workshop held with 40 organisations/)
  assert.match(
    text,
    /What happens next\s+Action 1: Agree a place vision[^\n]+Next milestone: Draft vision to Cabinet by 28 February 2027/,
  )
  assert.match(text, /No action: the council did not accept this recommendation/)
  assert.match(text, /Action 3 is rated amber: Set by hand: Depends on the county’s decision\./)
  assert.match(text, /What has been done\s+Action 2 \([^)]+\): Housing delivery plan published/)
  assert.doesNotMatch(text, /\.\./)
  // "Done" is what happened since the plan was last reported: the Cabinet snapshot predates every update.
  assert.match(text, /since the plan was last reported \(approved by Cabinet on 16 November 2026\)/)
  assert.match(text, /was on site 17 to 19 October 2026/)
  assert.match(
    text,
    /The council’s action plan was approved by Cabinet on 16 November 2026 and published on 23 November 2026\./,
  )
  // The implications signed off by the statutory officers, as Melton's settings name them; its contact officer.
  assert.match(text, /Signed off by Dana Whitlock, Director for Corporate Services \(Section 151 Officer\)\./)
  assert.match(text, /Signed off by Rowan Achebe, [^\n]+\(Monitoring Officer\)\./)
  assert.match(text, /Signed off by Morgan Ellery, Chief Executive \(Head of Paid Service\)\./)
  assert.match(text, /Local Government Act 1972, section 100D/)
  assert.match(text, /Casey Brennan[\s\S]+improvement@melton\.example\.gov\.uk[\s\S]+01664 502 502/)

  const ps = await officer.get(`${base()}/download/position-statement`)
  assert.equal(ps.statusCode, 200)
  const { value: st } = await mammoth.extractRawText({ buffer: ps.rawPayload })
  assert.match(st, /position statement for the progress review/)
  assert.match(st, /Housing delivery plan published on the council website/)
  assert.match(st, /Where we would value the peer team’s focus/)
  assert.match(st, /Action 3, Set up a reorganisation readiness programme board/)
})

test('from an imported seed report: its recommendations become the plan’s, word for word', async () => {
  // A database with only the register and two accounts: the report arrives through the importer, not the demo data.
  const { db, drop } = await freshDb()
  try {
    const sys = { db, actor: SYSTEM_ACTOR, clock: fixedClock(`${TODAY}T09:00:00Z`) }
    await importRegister(sys, fs.readFileSync(path.resolve('src/demo/councils.csv'), 'utf8'), 'demo')
    const nwlId = (await db.one<{ id: number }>(`select id from councils where code = 'NWL'`))!.id
    await createUser(sys, { email: 'admin@example.gov.uk', name: 'Admin', password: DEMO_PASSWORD, role: 'admin' })
    await createUser(sys, {
      email: 'officer@nwleics.example.gov.uk',
      name: 'Officer',
      password: DEMO_PASSWORD,
      role: 'council',
      councilId: nwlId,
    })
    const app = await buildApp({ db, clock: sys.clock, sessionSecret: 'test-secret-test-secret-test-secret-0123' })
    try {
      const seed = seeds().find((s) => s.name.startsWith('001'))!
      const admin = await as(app, 'admin')
      const up = await admin.request(
        'POST',
        '/api/imports',
        multipart({}, { name: 'nwl-covering-report.txt', content: seed.text }),
      )
      assert.equal(up.statusCode, 201, up.body)
      const imp = (await admin.get(`/api/imports/${up.json().id}`)).json()
      const saved = await admin.request('POST', `/api/imports/${up.json().id}/save`, { json: imp.values })
      assert.equal(saved.statusCode, 200, saved.body)
      const id = saved.json().challengeId
      const nwl = await as(app, 'nwl')
      assert.equal((await nwl.request('POST', `/api/challenges/${id}/action-plan`, { json: {} })).statusCode, 201)
      const titles = (await nwl.get(`/api/challenges/${id}/action-plan`))
        .json()
        .view.recommendations.map((r: { title: string }) => titleKey(r.title))
      assert.deepEqual(titles, seed.expected.keyRecommendations.map(titleKey))
    } finally {
      await app.close()
    }
  } finally {
    await drop()
  }
})
