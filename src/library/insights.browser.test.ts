import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import { startBrowser } from '../testing/browser.ts'
import { demoEnv, type TestEnv } from '../testing/harness.ts'

/**
 * The library's insights in a browser with JavaScript off: from the library to the charts, each an image with its
 * name, a summary sentence and a table; no axe violations; screenshots of the page and of its printed form.
 */
const require = createRequire(import.meta.url)
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

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

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE })
  const result = await page.evaluate(async () => {
    // @ts-expect-error injected above
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return {
      violations: r.violations.map(
        (v: { id: string; nodes: { target: string[] }[] }) =>
          `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
      passes: r.passes.length as number,
    }
  })
  assert.ok(result.passes > 10, `axe ran ${result.passes} rules`)
  return result.violations as string[]
}

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
