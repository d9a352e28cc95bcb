import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { axe, signIn as signInAs, startBrowser } from '../testing/browser.ts'
import { challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { MONTHS } from '../common/dates.ts'

// The everyday experience (issue 18), clicked in Chromium: task panels, GOV.UK date inputs, the evidence grid after
// the visit, help pages; axe at zero on each page, screenshots in screenshots/everyday-*.png.

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

async function look(page: Page, name: string, problems: string[]) {
  for (const v of await axe(page)) problems.push(`${name}: ${v}`)
  await page.screenshot({ path: `screenshots/everyday-${name}.png`, fullPage: true })
}

test('each role sees what to do next; the council checks the draft by its date; the lead peer is told who moves it on', async () => {
  const problems: string[] = []
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const officer = await (
    await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })
  ).newPage()
  await signInAs(officer, base, 'officer@melton.example.gov.uk')
  const panel = officer.locator('.app-task-panel', { hasText: 'CPC-2026-MEL' })
  assert.match(
    await panel.innerText(),
    /Check the draft report for factual accuracy and send your comments by \d+ \w+ \d{4}/,
  )
  await look(officer, 'home-council', problems)
  await panel.getByRole('link', { name: /Check the draft report/ }).click()
  assert.equal(new URL(officer.url()).pathname, `/challenges/${mel}/report`)
  await officer.close()

  const lead = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
  await signInAs(lead, base, 'lead.peer@example.gov.uk')
  await lead.goto(`${base}/challenges/${mel}`)
  const next = await lead.locator('.app-task-panel').innerText()
  assert.match(next, /Answer the council’s comments/)
  assert.match(next, /the peer challenge manager moves it on to “Final report”/)
  // deadlines: the status is said once ("Due in 7 days", never "Due Due"), in periods people use
  const deadlines = await lead.locator('#deadlines + .app-table-scroll table').innerText()
  assert.doesNotMatch(deadlines, /Due\s+Due|\d{3,} days|Not started\s+Not started|Met\s+Met on/)
  await look(lead, 'overview-lead', problems)
  // the stage is in the caption of every tab
  for (const tab of ['visit', 'evidence', 'report']) {
    await lead.goto(`${base}/challenges/${mel}/${tab}`)
    assert.match(await lead.locator('.govuk-caption-l').innerText(), /· Factual accuracy check/, tab)
  }
  // the evidence grid after the visit: no "remaining days", only planned-but-unheard pairs highlighted
  await lead.goto(`${base}/challenges/${mel}/evidence`)
  const body = await lead.locator('main').innerText()
  assert.doesNotMatch(body, /remaining days/)
  assert.doesNotMatch(body, /\b1 strengths\b/)
  const gaps = await lead.locator('td.app-gap').count()
  const cells = await lead.locator('#coverage ~ .app-table-scroll td').count()
  assert.ok(gaps < cells / 2, `${gaps} of ${cells} cells highlighted`)
  await look(lead, 'evidence-after-visit', problems)
  await lead.close()
  assert.deepEqual(problems, [])
})

test('dates: day, month and year with GOV.UK messages; a good date saves and shows with its weekday warnings', async () => {
  const problems: string[] = []
  const har = (await env.db.one<{ id: number; s: string }>(
    `select id, to_char(scoping_date, 'YYYY-MM-DD') as s from challenges where reference like '%-HAR' and stage = 'preparation'`,
  ))!
  const [sy, sm, sd] = har.s.split('-')
  const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
  await signInAs(page, base, 'admin@example.gov.uk')
  await page.goto(`${base}/challenges/${har.id}/edit`)
  const start = page.getByRole('group', { name: 'On-site start' })
  const startMonth = await start.getByLabel('Month').inputValue()
  const startDay = await start.getByLabel('Day').inputValue()
  await start.getByLabel('Month').fill('')
  const scoping = page.getByRole('group', { name: 'Scoping meeting' })
  await scoping.getByLabel('Day').fill('31')
  await scoping.getByLabel('Month').fill('2')
  await scoping.getByLabel('Year').fill('2026')
  await page.getByRole('button', { name: 'Save changes' }).click()
  const summary = await page.locator('.govuk-error-summary').innerText()
  assert.match(summary, /Scoping meeting must be a real date/)
  assert.match(summary, /On-site start must include a month/)
  assert.equal(await start.getByLabel('Day').inputValue(), startDay, 'what was typed is kept')
  await look(page, 'dates-errors', problems)
  // corrected, the month as a name: saved, back on the overview
  await scoping.getByLabel('Day').fill(String(Number(sd)))
  await scoping.getByLabel('Month').fill(MONTHS[Number(sm) - 1]!.slice(0, 3))
  await scoping.getByLabel('Year').fill(sy!)
  await start.getByLabel('Month').fill(String(Number(startMonth)))
  await page.getByRole('button', { name: 'Save changes' }).click()
  await page.waitForURL((u) => u.pathname === `/challenges/${har.id}`)
  const row = await env.db.one<{ s: string }>(
    `select to_char(scoping_date, 'YYYY-MM-DD') as s from challenges where id = $1`,
    [har.id],
  )
  assert.equal(row!.s, har.s)
  await page.close()
  assert.deepEqual(problems, [])
})

test('help, glossary (with the RAG rules), accessibility, privacy, cookies and contact are linked from the footer', async () => {
  const problems: string[] = []
  const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
  await page.goto(base)
  for (const name of ['Help', 'Glossary', 'Accessibility statement', 'Privacy', 'Cookies', 'Contact']) {
    await page.goto(base)
    await page.locator('footer').getByRole('link', { name, exact: true }).click()
    await page.locator('h1').waitFor()
    await look(page, `help-${name.split(' ')[0]!.toLowerCase()}`, problems)
  }
  await page.goto(`${base}/help/glossary`)
  const text = await page.locator('main').innerText()
  assert.match(text, /PCM\s+Peer challenge manager/)
  assert.match(text, /FPC\s+Finance peer challenge/)
  assert.match(text, /Past its target date and not complete/, 'the RAG rules come from the action plan rules')
  await page.close()
  const signedIn = await (
    await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })
  ).newPage()
  await signInAs(signedIn, base, 'pcm@example.gov.uk')
  await signedIn.getByRole('link', { name: 'Notification settings' }).click()
  assert.equal(new URL(signedIn.url()).pathname, '/account/notifications')
  await signedIn.getByRole('link', { name: 'Your messages' }).click()
  assert.equal(new URL(signedIn.url()).pathname, '/outbox')
  await signedIn.close()
  assert.deepEqual(problems, [])
})

test('the programme calendar: from the programme page, a month grid read by its headers, keyboard to the list, next and previous months, at 375 pixels', async () => {
  const problems: string[] = []
  const mel = (await env.db.one<{ id: number; s: string }>(
    `select id, onsite_start::text as s from challenges where reference = 'CPC-2026-MEL'`,
  ))!
  const month = mel.s.slice(0, 7)
  const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
  await signInAs(page, base, 'admin@example.gov.uk')
  await page.goto(`${base}/programme`)
  await page.getByRole('link', { name: 'Programme calendar' }).click()
  await page.waitForURL((u) => u.pathname === '/calendar')
  await page.goto(`${base}/calendar?month=${month}`)
  const table = page.getByRole('table', { name: new RegExp(`^\\w+ ${month.slice(0, 4)}$`) })
  // seven column headers read out in full ("Monday"), shown short
  assert.equal(await table.getByRole('columnheader').count(), 7)
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
    assert.equal(await table.getByRole('columnheader', { name: day, exact: true }).count(), 1, day)
  // the first day of the visit: its cell names the day in full for a screen reader and links to the challenge
  const first = table.getByRole('cell', { name: new RegExp(`CPC-2026-MEL On site \\(day 1 of`) })
  assert.equal(await first.count(), 1)
  assert.match(await first.innerText(), /CPC-2026-MEL On site \(day 1 of \d+\)/)
  await look(page, 'calendar-admin', problems)
  // keyboard: the skip link takes focus to the list of dates, which names the council
  await page.getByRole('link', { name: 'Skip to the list of dates' }).focus()
  await page.keyboard.press('Enter')
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'day-by-day')
  assert.match(await page.locator('.app-cal__list').innerText(), /CPC-2026-MEL, Melton: On site/)
  // next month, then back
  await page
    .getByRole('navigation', { name: 'Months', exact: true })
    .getByRole('link', { name: /Next month/ })
    .click()
  await page.waitForURL(/month=\d{4}-\d{2}/)
  assert.notEqual(new URL(page.url()).searchParams.get('month'), month)
  await page
    .getByRole('navigation', { name: 'Months', exact: true })
    .getByRole('link', { name: /Previous month/ })
    .click()
  await page.waitForURL((u) => u.searchParams.get('month') === month)
  // December: the bank holidays are named in their cells, weekends shaded
  await page.goto(`${base}/calendar?month=2026-12`)
  assert.match(await page.getByRole('cell', { name: /Friday 25 December 2026/ }).innerText(), /Christmas Day/)
  const sat = page.getByRole('cell', { name: /Saturday 5 December 2026, weekend/ })
  assert.notEqual(await sat.evaluate((e) => getComputedStyle(e).backgroundColor), 'rgba(0, 0, 0, 0)')
  await look(page, 'calendar-december', problems)
  await page.close()
  // the public at 375 pixels: the grid scrolls in its region, the page does not; published visits only
  const narrow = await (await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } })).newPage()
  await narrow.goto(`${base}/calendar?month=${month}`)
  assert.ok((await narrow.evaluate(() => document.documentElement.scrollWidth)) <= 375)
  assert.doesNotMatch(await narrow.locator('main').innerText(), /CPC-2026-MEL/)
  await look(narrow, 'calendar-public-375', problems)
  await narrow.close()
  assert.deepEqual(problems, [])
})
