import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { axe, signIn as signInAs, startBrowser } from '../testing/browser.ts'
import path from 'node:path'
import { as, challengeId, demoEnv, multipart, type TestEnv } from '../testing/harness.ts'
import mammoth from 'mammoth'
import { addDays } from '../common/dates.ts'
import { syntheticProgrammeCsv } from '../timetable/synthetic.ts'

let env: TestEnv
let browser: Browser
let base: string
before(async () => {
  env = await demoEnv()
  ;({ browser, base } = await startBrowser(env))
})
after(async () => {
  await browser?.close()
  await env?.close()
})

const signIn = (page: Page, email: string) => signInAs(page, base, email)

test('main pages have no axe violations, as each role, and render as expected', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const oad = await challengeId(env.db, 'CPC-2017-OAD')
  const seed = fs.readFileSync(path.resolve('test/fixtures/import/001_1802396809226c0e.txt'))
  const up = await (
    await as(env.app, 'admin')
  ).request('POST', '/api/imports', multipart({}, { name: 'nwl-report.txt', content: seed }))
  const importId = (JSON.parse(up.body) as { id: number }).id
  const bla = await challengeId(env.db, 'CPC-2022-BLA')
  const oadStated = (await env.db.one<{ id: number }>(`select id from rule_overrides where challenge_id = $1`, [oad]))!
    .id
  const blaSnapshot = (await env.db.one<{ id: number }>(
    `select s.id from plan_snapshots s join action_plans p on p.id = s.plan_id where p.challenge_id = $1 order by s.id desc limit 1`,
    [bla],
  ))!.id
  const blaAction = (await env.db.one<{ id: number }>(
    `select a.id from plan_actions a join action_plans p on p.id = a.plan_id where p.challenge_id = $1 and a.number = 3`,
    [bla],
  ))!.id
  const sam = (await env.db.one<{ id: number }>(`select id from people where name = 'Sam Okafor'`))!.id
  const admin = await as(env.app, 'admin')
  const proposal = await admin.request('POST', '/api/assembly', {
    json: { scope: 'challenge', challengeId: String(await challengeId(env.db, 'CPC-2026-HAR')) },
  })
  const runId = (await admin.solved<{ id: number }>(proposal)).id
  const melTimetable = (await env.db.one<{ id: number }>(
    `select id from timetables where challenge_id = $1 and status = 'published'`,
    [mel],
  ))!.id
  const melNote = (await env.db.one<{ id: number }>(
    `select n.id from evidence_notes n join team_members t on t.person_id = n.author_person_id and t.challenge_id = n.challenge_id and t.role = 'lead-peer' where n.challenge_id = $1 order by n.id limit 1`,
    [mel],
  ))!.id
  const melSession = (await env.db.one<{ id: number }>(
    `select id from visit_sessions where challenge_id = $1 order by id limit 1`,
    [mel],
  ))!.id
  const plan: Record<string, [string, RegExp][]> = {
    public: [
      ['/', /Peer Challenge/],
      ['/councils', /Councils/],
      ['/challenges', /Published peer challenge reports/],
      [`/challenges/${oad}`, /Oadby and Wigston/],
      [`/challenges/${oad}/recommendations`, /Key recommendations/],
      ['/login', /Sign in/],
      ['/councils/BLA/improvement', /Progress as reported to Audit committee on 17 July 2023/],
      [`/challenges/${bla}/action-plan/snapshots/${blaSnapshot}`, /It never changes/],
    ],
    'admin@example.gov.uk': [
      ['/programme', /councils overdue a peer challenge/],
      ['/councils?cycle=overdue', /Overdue/],
      ['/councils/NWL', /Five-year cycle/],
      [`/challenges/${nwl}`, /Deadlines/],
      [`/challenges/${oad}`, /stated in the report; the rule then in force gives 23 March 2022/],
      [`/challenges/${oad}/stated-dates/${oadStated}`, /Next peer challenge: the date stated/],
      [`/challenges/${mel}`, /The visit includes weekend days/],
      [`/challenges/${mel}/team`, /Add a team member/],
      [`/challenges/${mel}/scope`, /Themes/],
      [`/challenges/${mel}/recommendations`, /Add a key recommendation/],
      [`/challenges/${mel}/documents`, /Upload a document/],
      [`/challenges/${nwl}/history`, /Every change to this challenge that you may see/],
      [`/challenges/${mel}/edit`, /Change CPC-2026-MEL/],
      ['/challenges/new', /Create a challenge/],
      ['/frameworks', /Frameworks and rules/],
      ['/imports', /Import a report/],
      [`/imports/${importId}`, /Check what was read/],
      [`/challenges/${bla}/action-plan`, /Approved/],
      [`/challenges/${bla}/action-plan/governance`, /Meetings and decisions/],
      [`/challenges/${bla}/action-plan/actions/${blaAction}`, /Moved from 28 February 2023 to 31 March 2023/],
      ['/outbox', /Run the reminder job now/],
      ['/peers', /Peer pool/],
      ['/peers?kind=member&party=Labour', /Labour/],
      ['/peers/new', /Add a peer/],
      ['/peers/import', /Download the template/],
      [`/peers/${sam}`, /Conflict overrides/],
      [`/peers/${sam}/edit`, /Save profile/],
      ['/team-rules', /Lead member peer/],
      ['/team-rules/cpc-team-2024/edit', /Save as version 2/],
      ['/assembly', /Propose teams/],
      [`/assembly/${runId}`, /already on the team/],
      [`/challenges/${mel}/visit`, /The on-site programme/],
      [`/challenges/${mel}/visit/timetables/${melTimetable}`, /Timetable planned/],
      [`/challenges/${mel}/visit/sessions/new`, /Add a session/],
      [`/challenges/${mel}/visit/sessions/${melSession}`, /What happened on the day/],
      [`/challenges/${mel}/visit/attendees/new`, /Add someone the team will meet/],
      [`/challenges/${mel}/visit/import`, /Download the template/],
      [`/challenges/${mel}/report`, /1. Executive summary/],
    ],
    'lead.peer@example.gov.uk': [
      [`/peers/${sam}`, /Add unavailable dates/],
      [`/challenges/${mel}/visit/programme`, /Team wash-up/],
      [`/challenges/${mel}/evidence`, /Coverage: themes by stakeholder group/],
      [`/challenges/${mel}/evidence/${melNote}`, /Change a note/],
      [`/challenges/${mel}/report/edit`, /Draft the report/],
    ],
    'pcm@example.gov.uk': [
      ['/', /Your challenges/],
      [`/challenges/${mel}`, /Move to this stage/],
    ],
    'officer@melton.example.gov.uk': [
      ['/', /Your challenges/],
      [`/challenges/${mel}`, /Return factual accuracy comments/],
      [`/challenges/${mel}/action-plan`, /starts once the peer team’s report is final/],
      ['/account/notifications', /Your reminders/],
      ['/account/password', /Change your password/],
      [`/challenges/${mel}/report`, /The draft is with you to check for factual accuracy/],
      [`/challenges/${mel}/visit`, /meetings held of 42 planned/],
    ],
  }
  const problems: string[] = []
  for (const [who, pages] of Object.entries(plan)) {
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })
    const page = await ctx.newPage()
    const consoleErrors: string[] = []
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
    if (who !== 'public') await signIn(page, who)
    for (const [path, expect] of pages) {
      const res = await page.goto(base + path)
      if (res?.status() !== 200) problems.push(`${who} ${path}: HTTP ${res?.status()}`)
      if (!expect.test(await page.content())) problems.push(`${who} ${path}: missing ${expect}`)
      for (const v of await axe(page)) problems.push(`${who} ${path}: ${v}`)
      await page.screenshot({
        path: `screenshots/${who.split('@')[0]}${path.replace(/[/?=&]/g, '_')}.png`,
        fullPage: true,
      })
    }
    if (consoleErrors.length) problems.push(`${who}: console errors ${consoleErrors.join('; ')}`)
    await ctx.close()
  }
  assert.deepEqual(problems, [])
})

// Skipped for now: since the GOV.UK date inputs (issue 18) a date's parts are judged before the rest of the form, and
// this journey's steps have still to be rewritten to that order; the error summary, its links and a good save after
// a mistake are clicked in everyday.browser.test.ts meanwhile.
test('a form with mistakes: the error summary links to the fields, and a corrected form goes through', async () => {
  const ctx = await browser.newContext({ bypassCSP: true })
  const page = await ctx.newPage()
  await signIn(page, 'admin@example.gov.uk')
  await page.goto(`${base}/challenges/new`)
  // the GOV.UK date inputs: day, month and year (a date with a part missing is refused before the rest, with its own
  // message: everyday.browser.test.ts); here the dates are left empty and the council is missing
  const start = page.getByRole('group', { name: 'On-site start (optional)' })
  const end = page.getByRole('group', { name: 'On-site end (optional)' })
  await page.getByRole('button', { name: 'Create challenge' }).click()
  const summary = page.locator('.govuk-error-summary')
  await summary.waitFor()
  assert.match(await summary.innerText(), /Select a council/)
  // GOV.UK Frontend's JavaScript (a module script, run after the page is parsed) moves focus to the summary.
  const focused = await page
    .waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), null, { timeout: 5000 })
    .then(() => true)
    .catch(() => false)
  assert.equal(focused, true)
  await summary.getByRole('link', { name: 'Select a council' }).click()
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'councilCode')
  assert.deepEqual(await axe(page), [])
  await page.selectOption('#councilCode', 'RUT')
  await page.selectOption('#reviewType', 'gpc')
  await start.getByLabel('Day').fill('11')
  await start.getByLabel('Month').fill('5')
  await start.getByLabel('Year').fill('2027')
  await end.getByLabel('Day').fill('13')
  await end.getByLabel('Month').fill('5')
  await end.getByLabel('Year').fill('2027')
  await page.getByRole('button', { name: 'Create challenge' }).click()
  await page.waitForURL(/\/challenges\/\d+$/)
  assert.match(await page.content(), /Challenge GPC-2027-RUT created/)
  assert.match(await page.content(), /Governance peer challenge/)
  await ctx.close()
})

test('the programme office proposes next quarter’s teams in the browser, swaps a peer and accepts a team', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })
  const page = await ctx.newPage()
  const problems: string[] = []
  await signIn(page, 'admin@example.gov.uk')
  await page.getByRole('link', { name: 'Teams' }).click()
  await page.getByLabel('Every visit in a window (jointly)').check()
  await page.getByLabel('Quarter').selectOption({ label: 'January 2027 to March 2027' })
  await page.getByRole('button', { name: 'Propose teams' }).click()
  // a background job: its page shows the progress, then links to the proposal
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/)
  await page.getByRole('link', { name: 'See the proposed teams' }).click({ timeout: 120_000 })
  await page.waitForURL(/\/assembly\/\d+$/)
  assert.match(await page.content(), /The best teams under the rules \(optimal\)/)
  for (const v of await axe(page)) problems.push(`proposal: ${v}`)
  await page.screenshot({ path: 'screenshots/assembly-proposal.png', fullPage: true })
  const card = page.locator('.govuk-summary-card', { hasText: 'CPC-2027-CHL' })
  await card.locator('summary', { hasText: 'Alternates' }).click()
  const swap = card.locator('form', { hasText: 'Finance officer peer: best alternates' })
  const chosen = await swap.locator('select').locator('option').first().textContent()
  await swap.getByRole('button').click()
  await page.waitForURL(/#challenge-/)
  assert.match(await page.content(), /chosen by hand/)
  assert.match(await page.content(), /Proposal changed: every rule holds/)
  await page
    .locator('.govuk-summary-card', { hasText: 'CPC-2027-CHL' })
    .getByRole('button', { name: 'Accept this team' })
    .click()
  // a click waits for the next page to start, not to finish: read it once it has loaded (CI once read a page that
  // had only its head)
  await page.waitForLoadState('load')
  assert.match(await page.content(), /Team accepted for CPC-2027-CHL/)
  await page
    .locator('.govuk-summary-card', { hasText: 'CPC-2027-CHL' })
    .getByRole('link', { name: 'the challenge’s team page' })
    .click()
  await page.waitForLoadState('load')
  assert.match(await page.content(), new RegExp(chosen!.split(' – ')[0]!))
  for (const v of await axe(page)) problems.push(`team: ${v}`)
  await ctx.close()
  assert.deepEqual(problems, [])
})

test('a council officer new to the service starts the action plan, responds, adds an action and records progress', async () => {
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })
  const page = await ctx.newPage()
  const problems: string[] = []
  const check = async (name: string) => {
    for (const v of await axe(page)) problems.push(`${name}: ${v}`)
    await page.screenshot({ path: `screenshots/journey-${name}.png`, fullPage: true })
  }
  await signIn(page, 'officer@nwleics.example.gov.uk')
  await page.goto(`${base}/challenges/${nwl}`)
  await page.getByRole('link', { name: 'Action plan', exact: true }).click()
  await page.getByRole('button', { name: 'Start the action plan' }).click()
  await page.getByText('Action plan started').waitFor()
  await check('plan-started')
  await page.getByRole('link', { name: 'Respond to R1' }).click()
  await check('response-form')
  await page.getByLabel('Partly accepted').check()
  await page.getByRole('button', { name: 'Save response' }).click()
  assert.match(
    await page.locator('.govuk-error-summary').innerText(),
    /Explain why the recommendation is only partly accepted/,
  )
  await check('response-error')
  await page.getByLabel('Accepted', { exact: true }).check()
  await page.getByRole('button', { name: 'Save response' }).click()
  await page.getByText('Response saved').waitFor()
  await page.getByRole('link', { name: 'Add action for R1' }).click()
  await page.getByLabel('Action', { exact: true }).fill('Run a member and officer development programme')
  await page.getByLabel('Lead officer').fill('Head of Human Resources and Organisational Development')
  // the GOV.UK date input: day, month and year; milestones take UK dates
  const target = page.getByRole('group', { name: 'Target date' })
  await target.getByLabel('Day').fill('31')
  await target.getByLabel('Month').fill('3')
  await target.getByLabel('Year').fill('2027')
  await page.getByLabel('Milestones (optional)').fill('31/01/2027 | First two workshops held')
  await check('action-form')
  await page.getByRole('button', { name: 'Save action' }).click()
  await page.getByText('Action 1 added').waitFor()
  const asOf = page.getByRole('group', { name: 'Date of the update' })
  await asOf.getByLabel('Day').fill('20')
  await asOf.getByLabel('Month').fill('Nov')
  await asOf.getByLabel('Year').fill('2026')
  await page.getByLabel('What has been done').fill('Programme designed with the LGA; first workshop booked.')
  await page.getByLabel('In progress').check()
  await page.setInputFiles('#file', {
    name: 'programme.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Programme outline'),
  })
  await page.getByRole('button', { name: 'Add update' }).click()
  await page
    .getByText('Progress update added')
    .waitFor({ timeout: 5000 })
    .catch(async (e) => {
      await page.screenshot({ path: 'screenshots/journey-progress-failed.png', fullPage: true })
      throw e
    })
  assert.match(await page.content(), /programme\.txt/)
  await check('action-progress')
  await page.goto(`${base}/challenges/${nwl}/action-plan/governance`)
  await check('governance')
  // The Excel round trip through the upload form: an unchanged export previews as "nothing differs".
  const xlsx = (await (await as(env.app, 'nwl')).get(`/challenges/${nwl}/action-plan/download/xlsx`)).rawPayload
  await page.setInputFiles('#file', {
    name: 'plan.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: xlsx,
  })
  await page.getByRole('button', { name: 'Upload and preview' }).click()
  await page.getByText('Nothing in the file differs from the plan').waitFor()
  await check('import-preview')
  // Upload forms elsewhere carry their CSRF token the same way: a document upload goes through.
  await page.goto(`${base}/challenges/${nwl}/documents`)
  await page.selectOption('#kind', 'other')
  await page.setInputFiles('#file', {
    name: 'cabinet-minutes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Minutes'),
  })
  await page.getByRole('button', { name: /Upload/ }).click()
  await page.getByText(/Document uploaded/).waitFor()
  await ctx.close()
  assert.deepEqual(problems, [])
})

test('a peer team, as new users: plans a 3-day visit of 50 sessions, records a note, writes and finalises the report, downloads it', async () => {
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  // Harlow's visit cut to three days; the programme office completes the team of six.
  const start = (await env.db.one<{ d: string }>(`select onsite_start::text as d from challenges where id = $1`, [
    har,
  ]))!.d
  const dates = [start, addDays(start, 1), addDays(start, 2)]
  await env.db.query(`update challenges set onsite_end = $2, feedback_date = $2 where id = $1`, [har, dates[2]])
  const admin = await as(env.app, 'admin')
  for (const name of ['Chris Patel', 'Dana Brooks', 'Evan Hughes']) {
    const p = (await env.db.one<{ id: number; kind: string; party: string | null }>(
      `select id, kind, party from people where name = $1 order by id limit 1`,
      [name],
    ))!
    await admin.request('POST', `/api/challenges/${har}/team`, {
      json: { personId: p.id, role: p.kind === 'member' ? 'member-peer' : 'officer-peer', party: p.party ?? undefined },
    })
  }
  const ctx = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  })
  const page = await ctx.newPage()
  const problems: string[] = []
  const check = async (name: string) => {
    for (const v of await axe(page)) problems.push(`${name}: ${v}`)
    await page.screenshot({ path: `screenshots/onsite-${name}.png`, fullPage: true })
  }
  await signIn(page, 'pcm@example.gov.uk')
  await page.goto(`${base}/challenges/${har}`)
  await page.getByRole('link', { name: 'On site' }).click()
  await page.getByRole('link', { name: 'Import sessions and attendees from a spreadsheet' }).click()
  await page.setInputFiles('#file', {
    name: 'programme.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(syntheticProgrammeCsv({ dates, sessions: 50, seed: 3 })),
  })
  await page.getByRole('button', { name: 'Import' }).click()
  await page.getByText('50 sessions imported').waitFor()
  await check('visit')
  await page.getByRole('button', { name: 'Plan the timetable' }).click()
  await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/)
  await page.getByRole('link', { name: 'See the proposed timetable' }).click({ timeout: 120_000 })
  await page.waitForURL(/\/visit\/timetables\/\d+$/)
  assert.match(await page.content(), /No one is double-booked/)
  await check('timetable')
  await page.getByRole('button', { name: 'Publish this programme' }).click()
  await page.getByText('Programme version 1 published').waitFor()
  await page.getByLabel('Show the programme of').selectOption({ label: 'Sam Okafor' })
  await page.getByRole('button', { name: 'Show' }).click()
  await page.getByRole('heading', { name: 'On-site programme: Sam Okafor' }).waitFor()
  await check('programme')
  const ics = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download Sam Okafor’s calendar (.ics)' }).click()
  const icsText = fs.readFileSync((await (await ics).path())!, 'utf8')
  assert.match(icsText, /BEGIN:VCALENDAR/)
  assert.match(icsText, /SUMMARY:Feedback presentation/)
  await ctx.close()

  // The lead peer records a note, then writes the report.
  const lead = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  })
  const lp = await lead.newPage()
  await signIn(lp, 'lead.peer@example.gov.uk')
  await lp.goto(`${base}/challenges/${mel}/evidence`)
  await lp.getByLabel('Financial planning and management').check()
  await lp.getByLabel('Area to improve').check()
  await lp.getByLabel('Note', { exact: true }).fill('Savings plans for 2028 onwards are not yet worked up.')
  await lp.getByRole('button', { name: 'Add note' }).click()
  await lp.getByText('Note added').waitFor()
  assert.match(await lp.content(), /Savings plans for 2028 onwards/)
  await lp.goto(`${base}/challenges/${mel}/report`)
  await lp.getByRole('link', { name: 'Edit the draft' }).click()
  await lp
    .getByLabel('1. Executive summary')
    .fill('Melton is a well-run council that now needs a plan for the years after 2028.')
  await lp.getByLabel('What changed in this version (optional)').fill('Factual corrections from the council')
  await lp.getByRole('button', { name: 'Save a new version' }).click()
  await lp.getByText('Version 2 saved').waitFor()
  await lead.close()
  // The PCM issues the final report; the council downloads it.
  const pcm = await browser.newContext({ bypassCSP: true })
  const pp = await pcm.newPage()
  await signIn(pp, 'pcm@example.gov.uk')
  await pp.goto(`${base}/challenges/${mel}`)
  await pp.getByLabel('Next step').selectOption({ label: 'Issue final report' })
  await pp.getByRole('button', { name: 'Move to this stage' }).click()
  await pp.getByText('Stage changed').waitFor()
  assert.match(await pp.locator('.govuk-caption-l').first().innerText(), /Final report/)
  await pcm.close()
  const council = await browser.newContext({
    bypassCSP: true,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
  })
  const cp = await council.newPage()
  await signIn(cp, 'officer@melton.example.gov.uk')
  await cp.goto(`${base}/challenges/${mel}/report`)
  assert.match(await cp.content(), /Final report/)
  assert.match(await cp.content(), /a plan for the years after 2028/)
  for (const v of await axe(cp)) problems.push(`final report: ${v}`)
  await cp.screenshot({ path: 'screenshots/onsite-final-report.png', fullPage: true })
  const docx = cp.waitForEvent('download')
  await cp.getByRole('link', { name: 'Download as Word (.docx)' }).click()
  const file = await (await docx).path()
  const text = (await mammoth.extractRawText({ path: file! })).value
  assert.match(text, /1\. Executive summary/)
  assert.match(text, /a plan for the years after 2028/)
  assert.match(text, /Set out a shared long-term vision for the place/)
  await council.close()
  assert.deepEqual(problems, [])
})
