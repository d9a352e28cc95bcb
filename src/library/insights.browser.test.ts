import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { axe, startBrowser } from '../testing/browser.ts'
import { demoEnv, type TestEnv } from '../testing/harness.ts'

/**
 * The library's insights in a browser with JavaScript off: from the library to the charts, each an image with its
 * name, a summary sentence and a table; no axe violations; screenshots of the page and of its printed form.
 */

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

test('the public opens the insights from the library: charts as named images with summaries and tables; no axe violations', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await page.goto(`${base}/library`)
  await page.getByRole('link', { name: 'Insights: the library in charts' }).click()
  await page.waitForURL(/\/library\/insights$/)
  const images = page.getByRole('img', { name: 'Reviews held per year, by type of review' })
  assert.equal(await images.count(), 1)
  const charts = page.locator('section.app-chart')
  const n = await charts.count()
  assert.ok(n >= 5, `${n} charts`)
  for (let i = 0; i < n; i++) {
    const section = charts.nth(i)
    assert.ok((await section.locator('p.govuk-body').first().innerText()).endsWith('.'))
    if (await section.locator('svg').count()) assert.equal(await section.locator('table').count(), 1)
  }
  await page.screenshot({ path: 'screenshots/library-insights.png', fullPage: true })
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: 'screenshots/library-insights-print.png', fullPage: true })
  await ctx.close()
  // axe needs its script: a second visit with JavaScript on (the page has none of its own).
  const ctx2 = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page2 = await ctx2.newPage()
  await page2.goto(`${base}/library/insights`)
  assert.deepEqual(await axe(page2), [])
  await ctx2.close()
})
