import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { axe, signIn, startBrowser } from '../testing/browser.ts'
import { challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

// The On site tab in parts (issue 18: it was one 12,000-pixel page): overview and timetable, sessions, people, and
// theme leads with sites and travel, each its own page under one sub-navigation; forms come back to their part.

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

const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight)

test('the peer challenge manager moves through the On site parts, changes a session and adds a site', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const har = (await env.db.one<{ id: number }>(`select id from challenges where reference like 'CPC-%-HAR'`))!.id
  const problems: string[] = []
  const page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
  await signIn(page, base, 'pcm@example.gov.uk')
  await page.goto(`${base}/challenges/${mel}/visit`)
  const nav = page.getByRole('navigation', { name: 'On site sections' })
  assert.equal(await nav.locator('[aria-current="page"]').innerText(), 'Overview and timetable')
  assert.match(await page.locator('main').innerText(), /meetings held of 42 planned/)
  assert.ok((await height(page)) < 3000, `the overview is ${await height(page)} pixels long`)
  for (const v of await axe(page)) problems.push(`overview: ${v}`)

  await nav.getByRole('link', { name: 'Sessions (42)' }).click()
  await page.waitForLoadState() // (the new page loaded, not just its address changed)
  assert.equal(new URL(page.url()).pathname, `/challenges/${mel}/visit/sessions`)
  assert.equal(await page.locator('.app-table-scroll[aria-label="Sessions"] tbody tr').count(), 42)
  for (const v of await axe(page)) problems.push(`sessions: ${v}`)
  await page.screenshot({ path: 'screenshots/onsite-sessions.png' })

  await nav.getByRole('link', { name: /^People \(\d+\)$/ }).click()
  await page.waitForLoadState() // (the new page loaded, not just its address changed)
  assert.equal(new URL(page.url()).pathname, `/challenges/${mel}/visit/attendees`)
  assert.ok((await page.locator('.app-table-scroll[aria-label="Attendees"] tbody tr').count()) > 10)
  for (const v of await axe(page)) problems.push(`people: ${v}`)

  await nav.getByRole('link', { name: 'Theme leads, sites and travel' }).click()
  await page.waitForLoadState() // (the new page loaded, not just its address changed)
  assert.match(await page.locator('h2#theme-leads').innerText(), /Theme leads/)
  for (const v of await axe(page)) problems.push(`setup: ${v}`)

  // Harlow's visit is being planned: add a site, and come back to the set-up part with the message
  await page.goto(`${base}/challenges/${har}/visit/setup`)
  await page.getByLabel('Add a site').fill('Civic Suite')
  await page.getByRole('button', { name: 'Add site' }).click()
  await page.waitForLoadState() // (the new page loaded, not just its address changed)
  assert.equal(new URL(page.url()).pathname, `/challenges/${har}/visit/setup`)
  assert.match(await page.locator('main').innerText(), /Site “Civic Suite” added/)
  assert.match(await page.locator('#sites ~ ul').first().innerText(), /Civic Suite/)
  // a mistake is shown on the same part, with nothing added
  await page.getByRole('button', { name: 'Add site' }).click()
  await page.waitForLoadState() // (the new page loaded, not just its address changed)
  assert.equal(await page.locator('.govuk-error-summary').count(), 1)
  assert.equal(
    await page.getByRole('navigation', { name: 'On site sections' }).locator('[aria-current="page"]').innerText(),
    'Theme leads, sites and travel',
  )
  const sites = await env.db.query(`select 1 from visit_sites where challenge_id = $1`, [har])
  assert.equal(sites.length, 1)
  for (const v of await axe(page)) problems.push(`setup with an error: ${v}`)

  // a session's form goes back to the sessions part
  await page.goto(`${base}/challenges/${har}/visit/sessions/new`)
  assert.ok(await page.getByRole('link', { name: 'Sessions' }).first().isVisible())
  assert.deepEqual(problems, [])
})
