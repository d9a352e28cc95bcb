import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { unzipSync, strFromU8 } from 'fflate'
import { as, challengeId, Client, demoEnv, TODAY, type TestEnv } from '../testing/harness.ts'
import { createUser, SYSTEM_ACTOR } from '../auth/users.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/**
 * The committee report as the council's democratic-services template has it (issue 14, decision 0017): generated
 * through HTTP as an officer would, opened as a .docx (word/document.xml) and read section by section. North West
 * Leicestershire's plan is reported to its Corporate Scrutiny Committee and Cabinet; Oadby and Wigston has a committee
 * system and approves its plan at a policy committee. The committee settings page is the council's and the programme
 * office's alone.
 */
let env: TestEnv
let nwl: Client
let mel: Client
let admin: Client
let pub: Client
let nwlId: number
const base = () => `/challenges/${nwlId}/action-plan`
let action1 = 0

/** The text of a .docx: its paragraphs, one a line (table cells too). */
function docxText(buf: Buffer): string {
  const xml = strFromU8(unzipSync(new Uint8Array(buf))['word/document.xml']!)
  return xml
    .split(/<\/w:p>/)
    .map((para) =>
      [...para.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
        .map((m) => m[1]!)
        .join('')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, '’'),
    )
    .filter((l) => l.trim())
    .join('\n')
}

async function report(client: Client, query: string, status = 200): Promise<string> {
  // Refusals through the API twin, whose JSON names the field and why.
  const res = await client.get(`${status === 200 ? '' : '/api'}${base()}/download/committee-report?${query}`)
  assert.equal(res.statusCode, status, res.body.slice(0, 300))
  return status === 200 ? docxText(res.rawPayload) : res.body
}

const ok = async (res: Promise<{ statusCode: number; body: string }>, status = 201) => {
  const r = await res
  assert.equal(r.statusCode, status, r.body.slice(0, 400))
  return JSON.parse(r.body || '{}')
}

before(async () => {
  env = await demoEnv()
  nwlId = await challengeId(env.db, 'CPC-2024-NWL')
  nwl = await as(env.app, 'nwl')
  mel = await as(env.app, 'melton')
  admin = await as(env.app, 'admin')
  pub = await as(env.app, 'public')
  // North West Leicestershire's plan: every recommendation accepted; action 1 due after the September 2025 meeting
  // and overdue today; action 2 done before it.
  await ok(nwl.request('POST', `/api${base()}`, { json: {} }))
  const recs = (await ok(nwl.get(`/api${base()}`), 200)).view.recommendations as { id: number }[]
  for (const r of recs)
    await ok(nwl.request('PUT', `/api${base()}/responses/${r.id}`, { json: { response: 'accepted' } }), 200)
  const a1 = await ok(
    nwl.request('POST', `/api${base()}/actions`, {
      json: {
        recommendationIds: [recs[0]!.id],
        title: 'Refresh the council delivery plan',
        leadOfficer: 'Head of Transformation',
        targetDate: '2025-12-31',
      },
    }),
  )
  action1 = a1.id
  const a2 = await ok(
    nwl.request('POST', `/api${base()}/actions`, {
      json: {
        recommendationIds: recs.slice(1).map((r) => r.id),
        title: 'Member development programme',
        leadOfficer: 'Head of Legal and Support Services',
        targetDate: '2025-06-30',
      },
    }),
  )
  const progress = (id: number, asOf: string, text: string, status: string) =>
    ok(nwl.request('POST', `/api${base()}/actions/${id}/progress`, { json: { asOf, text, status } }))
  await progress(a2.id, '2025-06-20', 'Programme delivered to all members', 'complete')
  await progress(a1.id, '2025-09-01', 'Draft delivery plan prepared', 'in-progress')
  await progress(a1.id, '2026-01-15', 'Delayed by the restructure', 'in-progress')
})
after(async () => env.close())

test('the settings page: the council’s officers and the programme office; others refused; every save audited', async () => {
  const page = await nwl.get('/councils/NWL/committees')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /Corporate Scrutiny Committee/)
  const json = (await nwl.get('/api/councils/NWL/committees')).json()
  assert.deepEqual(
    json.settings.committees.map((c: { name: string }) => c.name),
    ['Cabinet', 'Corporate Scrutiny Committee', 'Audit and Governance Committee', 'Council'],
  )
  assert.equal(json.template.schemaVersion, 1)
  // Another council's officer and the public are refused, and change nothing.
  const auditCount = async () =>
    (await env.db.one<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'council.committee-settings'`,
    ))!.n
  const before = await auditCount()
  assert.equal((await mel.get('/api/councils/NWL/committees')).statusCode, 403)
  assert.equal((await mel.get('/councils/NWL/committees')).statusCode, 403)
  assert.equal((await pub.get('/api/councils/NWL/committees')).statusCode, 401)
  const put = { ...json.values, contactName: 'Intruder' }
  assert.equal((await mel.request('PUT', '/api/councils/NWL/committees', { json: put })).statusCode, 403)
  assert.equal((await pub.request('PUT', '/api/councils/NWL/committees', { json: put })).statusCode, 401)
  assert.equal((await mel.request('POST', '/councils/NWL/committees', { form: put })).statusCode, 403)
  assert.equal(await auditCount(), before)
  // The council's officer saves through the form: the contact officer's telephone.
  const saved = await nwl.request('POST', '/councils/NWL/committees', {
    form: { ...json.values, contactPhone: '01530 454 600' },
  })
  assert.equal(
    saved.statusCode,
    303,
    [...saved.body.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]).join(' | '),
  )
  assert.equal(await auditCount(), before + 1)
  // A stale form is refused; a council with no committee that approves plans cannot be saved.
  const stale = await nwl.request('PUT', '/api/councils/NWL/committees', { json: json.values })
  assert.equal(stale.statusCode, 409)
  const fresh = (await nwl.get('/api/councils/NWL/committees')).json()
  const none = await nwl.request('PUT', '/api/councils/NWL/committees', {
    json: { ...fresh.values, committees: 'Cabinet | executive | no\nCorporate Scrutiny Committee | scrutiny | no' },
  })
  assert.equal(none.statusCode, 400)
  assert.match(none.body, /At least one committee must be able to approve the action plan/)
  // The programme office keeps every council's.
  const adminPut = await admin.request('PUT', '/api/councils/NWL/committees', {
    json: { ...fresh.values, contactEmail: 'peer.review@nwleics.example.gov.uk' },
  })
  assert.equal(adminPut.statusCode, 200, adminPut.body)
  assert.equal(await auditCount(), before + 2)
})

test('a report for a past meeting uses the plan, publication and progress review as they stood that day', async () => {
  const text = await report(nwl, 'committee=corporate-scrutiny-committee&meetingDate=2025-09-23')
  if (process.env['SHOW_DOCS']) console.log(text)
  // The header, under the committee's own name (never "Scrutiny committee").
  assert.match(text, /Report to\nCorporate Scrutiny Committee\nDate of meeting\n23 September 2025/)
  assert.doesNotMatch(text, /Scrutiny committee/)
  assert.match(text, /Report of\nChief Executive\nPortfolio holder\nLeader of the Council\nWards affected\nAll wards/)
  // The plan was a draft then (Cabinet approves it later): Scrutiny is asked to comment on it, for Cabinet.
  assert.match(
    text,
    /That Corporate Scrutiny Committee:\n\(1\) comments on the draft action plan \(Appendix A\), for consideration by Cabinet\./,
  )
  assert.match(text, /The council’s action plan is a draft, not yet approved[.;]/)
  // As at the meeting: action 1 was in progress and on track (today it is overdue, and its later update is left out).
  assert.match(text, /The position as at 23 September 2025: 2 actions: 0 red, 0 amber, 2 green\./)
  assert.doesNotMatch(text, /Delayed by the restructure/)
  assert.doesNotMatch(text, /23 November 2026/)
  assert.match(text, /Draft delivery plan prepared/)
  // The sentence fixes: all accepted (no "did not accept 0"); the progress review long due is said to be overdue.
  assert.match(text, /The council accepted all 7 recommendations\./)
  assert.doesNotMatch(text, /did not accept 0|accepted 0|partly accepted 0/)
  assert.doesNotMatch(text, /is a draft and published/)
  assert.match(
    text,
    /progress review was due by [^.]+ 2025, \d[^.]+ ago, and has not been held: the council should agree a date/,
  )
  // Background from the challenge: what a CPC is, the team, the themes, the focus area, the figures.
  assert.match(text, /improvement and assurance tool delivered by local government for local government/)
  assert.match(text, /Larissa Reed, Chief Executive, Swale Borough Council \(lead peer\)/)
  assert.match(text, /The peer challenge covered five themes:\nLocal priorities and outcomes/)
  assert.match(text, /The council also asked the team to look at Regeneration and Housing \(particularly Repairs\)\./)
  assert.match(text, /The team spent 3 days at the council\./)
  assert.match(
    text,
    /Abi Brown, Chair of LGA Improvement & Innovation Board & Leader, Stoke on Trent City Council, 2019-23 \(member peer\)/,
  )
  // Implications signed off by the statutory officers as the council names them; the contact officer as saved.
  assert.match(text, /Signed off by Jordan Pryce, Director for Corporate Services \(Section 151 Officer\)\./)
  assert.match(
    text,
    /Signed off by Sam Holloway, Assistant Director for Governance and Democracy \(Monitoring Officer\)\./,
  )
  assert.match(text, /Signed off by Taylor Quinn, Chief Executive \(Head of Paid Service\)\./)
  assert.match(
    text,
    /Robin Ashdown\nJob title\nHead of Human Resources and Organisation Development\nEmail\npeer\.review@nwleics\.example\.gov\.uk\nTelephone\n01530 454 600/,
  )
  assert.match(text, /Background papers\n[^\n]*Local Government Act 1972, section 100D/)
  assert.match(text, /Public or exempt\nPublic/)

  // A snapshot recorded today for that meeting holds the plan as it stood then too.
  const m = await ok(
    nwl.request('POST', `/api${base()}/meetings`, {
      json: {
        committee: 'corporate-scrutiny-committee',
        meetingDate: '2025-09-23',
        decision: 'comments',
        snapshot: true,
      },
    }),
  )
  const snap = (await nwl.get(`/api${base()}/snapshots/${m.snapshotId}`)).json()
  assert.equal(snap.snapshot.title, 'As reported to Corporate Scrutiny Committee on 23 September 2025')
  const s1 = snap.view.actions.find((a: { id: number }) => a.id === action1)
  assert.deepEqual([s1.rag, s1.status, s1.updates.length], ['green', 'in-progress', 1])
  const meetings = (await nwl.get(`/api${base()}`)).json().meetings
  assert.equal(meetings.at(-1).bodyLabel, 'Corporate Scrutiny Committee')
})

test('Scrutiny cannot approve; Cabinet approves; later reports note progress, and red or amber actions only when there are some', async () => {
  const refused = await nwl.request('POST', `/api${base()}/meetings`, {
    json: {
      committee: 'corporate-scrutiny-committee',
      meetingDate: '2025-10-14',
      decision: 'approved',
      approvesPlan: true,
    },
  })
  assert.equal(refused.statusCode, 400)
  assert.match(refused.body, /Corporate Scrutiny Committee does not approve the action plan/)
  const asked = await report(
    nwl,
    'committee=corporate-scrutiny-committee&meetingDate=2025-09-23&purpose=approve-plan',
    400,
  )
  assert.match(
    asked,
    /Corporate Scrutiny Committee does not approve the action plan in the council’s committee settings/,
  )
  // The report for the Cabinet meeting that approves it asks it to approve (the plan is a draft until it decides).
  const forCabinet = await report(nwl, 'committee=cabinet&meetingDate=2025-10-14&keyDecision=yes')
  assert.match(
    forCabinet,
    /That Cabinet:\n\(1\) approves the action plan in response to the peer team’s recommendations \(Appendix A\);/,
  )
  assert.match(forCabinet, /Key decision\nYes/)
  await ok(
    nwl.request('POST', `/api${base()}/meetings`, {
      json: { committee: 'cabinet', meetingDate: '2025-10-14', decision: 'approved', approvesPlan: true },
    }),
  )
  // November 2025: approved by Cabinet, all green: Scrutiny notes progress, and nothing about red or amber actions.
  const nov = await report(nwl, 'committee=corporate-scrutiny-committee&meetingDate=2025-11-20')
  assert.match(
    nov,
    /That Corporate Scrutiny Committee:\n\(1\) notes the progress made against the action plan as at 20 November 2025\.\n/,
  )
  assert.doesNotMatch(nov, /notes the (\d+ )?actions? rated/)
  assert.match(nov, /No action is rated red or amber as at 20 November 2025\./)
  assert.match(nov, /The council’s action plan was approved by Cabinet on 14 October 2025( and published on [^.]+)?\./)
  assert.match(nov, /since the plan was last reported \(approved by Cabinet on 14 October 2025\)/)
  // Today: action 1 is overdue, so the committee is asked to note it; an exempt report says under which paragraph.
  const now = await report(nwl, 'committee=corporate-scrutiny-committee&exempt=3')
  assert.match(now, /\(2\) notes the action rated red and what is being done about it\./)
  assert.match(now, /Delayed by the restructure/)
  assert.match(
    now,
    /Exempt: not for publication because it contains exempt information within the meaning of paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972/,
  )
  // No committee chosen: no "Report to: Committee"; the recommendation is the committee's.
  const none = await report(nwl, '')
  assert.doesNotMatch(none, /Report to/)
  assert.match(none, /That the committee:/)
  // A committee the council does not have is refused.
  assert.match(await report(nwl, 'committee=scrutiny-committee', 400), /Choose one of the council’s committees/)
})

test('a committee-system council approves its plan at the committee its settings name, and its report says so', async () => {
  const oad = await challengeId(env.db, 'CPC-2017-OAD')
  const councilId = (await env.db.one<{ id: number }>(`select id from councils where code = 'OAD'`))!.id
  await createUser(
    { db: env.db, actor: SYSTEM_ACTOR, clock: env.clock },
    {
      email: 'officer@oadby.example.gov.uk',
      name: 'Oadby Officer',
      role: 'council',
      councilId,
      password: DEMO_PASSWORD,
    },
  )
  const officer = await new Client(env.app).login('officer@oadby.example.gov.uk')
  const b = `/api/challenges/${oad}/action-plan`
  await ok(officer.request('POST', b, { json: {} }))
  const recs = (await ok(officer.get(b), 200)).view.recommendations as { id: number }[]
  for (const r of recs)
    await ok(officer.request('PUT', `${b}/responses/${r.id}`, { json: { response: 'accepted' } }), 200)
  await ok(
    officer.request('POST', `${b}/actions`, {
      json: {
        recommendationIds: recs.map((r) => r.id),
        title: 'Customer service programme',
        leadOfficer: 'Head of Customer Services',
        targetDate: '2027-06-30',
      },
    }),
  )
  const options = (await officer.get(b)).json().options.committees.map((c: { name: string }) => c.name)
  assert.deepEqual(options, [
    'Policy, Finance and Development Committee',
    'Service Delivery Committee',
    'Audit Committee',
    'Full Council',
  ])
  // The report to the policy committee asks it to approve the plan; no portfolio holder in a committee system.
  const res = await officer.get(
    `/challenges/${oad}/action-plan/download/committee-report?committee=policy-finance-and-development-committee&meetingDate=2026-12-08`,
  )
  assert.equal(res.statusCode, 200, res.body.slice(0, 300))
  const text = docxText(res.rawPayload)
  assert.match(text, /Report to\nPolicy, Finance and Development Committee/)
  assert.doesNotMatch(text, /Portfolio holder/)
  assert.match(text, /That Policy, Finance and Development Committee:\n\(1\) approves the action plan/)
  // It has no Cabinet; a committee that does not approve plans cannot; its policy committee does.
  const cabinet = await officer.request('POST', `${b}/meetings`, {
    json: { body: 'cabinet', meetingDate: TODAY, decision: 'approved', approvesPlan: true },
  })
  assert.equal(cabinet.statusCode, 400)
  assert.match(cabinet.body, /committee system, with no Cabinet or Executive/)
  const service = await officer.request('POST', `${b}/meetings`, {
    json: { committee: 'service-delivery-committee', meetingDate: TODAY, decision: 'approved', approvesPlan: true },
  })
  assert.equal(service.statusCode, 400)
  assert.match(service.body, /Policy, Finance and Development Committee or Full Council can/)
  await ok(
    officer.request('POST', `${b}/meetings`, {
      json: {
        committee: 'policy-finance-and-development-committee',
        meetingDate: TODAY,
        decision: 'approved',
        approvesPlan: true,
      },
    }),
  )
  const p = (await officer.get(b)).json()
  assert.equal(p.plan.status, 'approved')
  assert.match(p.snapshots.at(-1).title, /As approved by Policy, Finance and Development Committee on 23 November 2026/)
})

test('the public Report tab of a published challenge written outside the service says when it was published', async () => {
  const oad = await challengeId(env.db, 'CPC-2017-OAD')
  const page = await pub.get(`/challenges/${oad}/report`)
  assert.equal(page.statusCode, 200)
  assert.doesNotMatch(page.body, /The report has not been issued yet/)
  assert.match(page.body, /The final report (was published on|is final)/)
  const json = (await pub.get(`/api/challenges/${oad}/report`)).json()
  assert.ok(json.published)
})

test('a response changed and an action reworded after a meeting are reported as they were at it (from the audit log)', async () => {
  const plan = (await nwl.get(`/api${base()}`)).json()
  const r1 = plan.view.recommendations[0]
  // The first response to R1 was given before the meeting (an audit entry of that day); it was changed since.
  await env.db.query(
    `insert into audit_log (at, actor_id, actor_label, action, entity, entity_id, challenge_id, council_id, visibility, after)
     select '2025-09-01T10:00:00Z', null, 'Officer', 'plan.response', 'recommendation', $2, $1, council_id, 'council', $3 from challenges where id = $1`,
    [nwlId, String(r1.id), JSON.stringify({ response: 'partly-accepted', reasons: 'Phased over two years' })],
  )
  const a1 = plan.view.actions.find((a: { id: number }) => a.id === action1)
  await ok(
    nwl.request('PUT', `/api${base()}/actions/${action1}`, {
      json: {
        title: 'Refresh and publish the council delivery plan',
        description: a1.description,
        leadOfficer: a1.leadOfficer,
        startDate: a1.startDate ?? '',
        recommendationIds: a1.recommendationIds,
        milestones: '',
        version: a1.version,
      },
    }),
    200,
  )
  const then = await report(nwl, 'committee=audit-and-governance-committee&meetingDate=2025-09-30')
  assert.match(then, /Response: Partly accepted\. Phased over two years\./)
  assert.match(then, /The council accepted 6 and partly accepted 1 of the 7 recommendations\./)
  assert.match(then, /Action 1: Refresh the council delivery plan \(lead/)
  assert.doesNotMatch(then, /Refresh and publish/)
  const now = await report(nwl, 'committee=audit-and-governance-committee')
  assert.match(now, /The council accepted all 7 recommendations\./)
  assert.match(now, /Refresh and publish the council delivery plan/)
})
