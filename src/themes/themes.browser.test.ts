import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { axe, signIn, startBrowser } from '../testing/browser.ts'
import { challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { addLaterBlabyReview } from './test-fixtures.ts'

/**
 * Recommendation themes and repeat findings in a browser: the programme office opens a recommendation's themes from
 * its challenge, reads why the classifier chose them, changes them with a reason (a mistake is shown and changes
 * nothing) and sees them marked as a person's; the public follows a council's link to its repeat findings. Axe at zero
 * on every page; screenshots in screenshots/.
 */

let env: TestEnv
let browser: Browser
let base: string
before(async () => {
  env = await demoEnv()
  await addLaterBlabyReview(env.db)
  ;({ browser, base } = await startBrowser(env))
})
after(async () => {
  await browser?.close()
  await env?.close()
})

test('the programme office reads why a recommendation has its themes and overrides them with a reason', async () => {
  const blaby = await challengeId(env.db, 'CPC-2022-BLA')
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await signIn(page, base, 'admin@example.gov.uk')
  await page.goto(`${base}/challenges/${blaby}/recommendations`)
  await page
    .getByRole('link', { name: /Themes of recommendation 8/ })
    .first()
    .click()
  await page.waitForURL(/\/themes$/)
  assert.match(await page.locator('#themes-in-force').innerText(), /Governance and decision-making/)
  assert.match(await page.locator('#explanation').innerText(), /“scrutiny” 4\.5 in the title/)
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/recommendation-themes.png', fullPage: true })
  // Without a reason: an error, and nothing changes.
  await page.getByLabel('Performance management').check()
  await page.getByRole('button', { name: 'Save the themes' }).click()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Say why the themes are changed/)
  assert.deepEqual(await axe(page), [])
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from recommendation_theme_overrides`))!.n, 0)
  await page.getByLabel('Why are you changing them?').fill('Scrutiny of performance is what the report asks for')
  await page.getByRole('button', { name: 'Save the themes' }).click()
  await page.waitForURL(/\/themes$/)
  const inForce = await page.locator('#themes-in-force').innerText()
  assert.match(inForce, /Governance and decision-making Set by a person/)
  assert.match(inForce, /Performance management Set by a person/)
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Themes changed/)
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/recommendation-themes-overridden.png', fullPage: true })
  // The library's page of theme counts.
  await page.goto(`${base}/library/themes?by=type`)
  assert.match(await page.locator('#trends').innerText(), /Non-metropolitan district/)
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/recommendation-theme-trends.png', fullPage: true })
  await ctx.close()
})

test('the public follows a council’s link to its repeat findings and learning partners', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await page.goto(`${base}/councils/BLA`)
  await page.getByRole('link', { name: 'Repeat findings and learning partners' }).click()
  await page.waitForURL(/\/councils\/BLA\/repeat-findings$/)
  const first = await page.locator('.app-repeat').first().innerText()
  assert.match(first, /scrutiny function/)
  assert.match(first, /Recurring/)
  assert.match(first, /The action plan is not shown to you/)
  assert.ok(await page.locator('#like-mine + p + .app-table-scroll table tbody tr').count())
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/repeat-findings.png', fullPage: true })
  await ctx.close()
})
