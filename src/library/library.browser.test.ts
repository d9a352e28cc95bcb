import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { axe, signIn, startBrowser } from '../testing/browser.ts'
import { demoEnv, type TestEnv } from '../testing/harness.ts'

/**
 * The library in a browser, without JavaScript of its own: search from the header's link, narrow with a facet (a GET
 * form), follow a hit to its passage; no axe violations; a screenshot of the results.
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

test('the public searches the library, narrows by a facet and follows a hit to its passage; no axe violations', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await page.goto(`${base}/`)
  await page.getByRole('link', { name: 'Library' }).first().click()
  await page.waitForURL(/\/library$/)
  assert.deepEqual(await axe(page), [])
  await page.getByLabel('Search terms').fill('scrutiny OR appraisal')
  await page.getByRole('button', { name: 'Search' }).click()
  await page.waitForURL(/q=scrutiny/)
  const heading = await page.locator('#results').innerText()
  const total = Number(/^(\d+)/.exec(heading)![1])
  assert.ok(total > 0, heading)
  assert.ok(await page.locator('.app-library-hit mark').count())
  // A facet: the first year offered, with its count, narrows the results to that count.
  const option = page.locator('#facet-year option').nth(1)
  const [value, label] = [await option.getAttribute('value'), await option.innerText()]
  const count = Number(/\((\d+)\)$/.exec(label)![1])
  await page.locator('#facet-year').selectOption(value!)
  await page.getByRole('button', { name: 'Search' }).click()
  await page.waitForURL(new RegExp(`year=${value}`))
  assert.match(await page.locator('#results').innerText(), new RegExp(`^${count} result`))
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/library-search.png', fullPage: true })
  // The hit's link goes to the passage.
  const first = page.locator('.app-library-hit a').first()
  const href = (await first.getAttribute('href'))!
  await first.click()
  await page.waitForURL((u) => u.pathname === href.split('#')[0])
  assert.equal(await page.locator(`#${href.split('#')[1]}`).count(), 1)
  await ctx.close()
})

test('Melton’s officer finds the draft issued to the council, with its passage marked', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await signIn(page, base, 'officer@melton.example.gov.uk')
  await page.goto(`${base}/library?q=%22punches+above+its+weight%22`)
  assert.match(await page.locator('.app-library-hit mark').first().innerText(), /punches/i)
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/library-council.png', fullPage: true })
  await page.locator('.app-library-hit a').first().click()
  await page.waitForURL(/\/report#theme-leadership$/)
  assert.equal(await page.locator('#theme-leadership').count(), 1)
  await ctx.close()
})
