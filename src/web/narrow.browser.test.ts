import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { axe, signIn, startBrowser } from '../testing/browser.ts'
import { challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

// Tables at 375 pixels wide (issue 18; WCAG 1.4.10 reflow): the page never scrolls sideways, a wide table scrolls in
// its own labelled region that a keyboard user can focus and scroll; axe at zero. Screenshots in
// screenshots/narrow-*.png.

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

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

test('at 375 pixels the pages with tables never scroll sideways; each table scrolls in its own region', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const nwl = await challengeId(env.db, 'CPC-2024-NWL')
  const problems: string[] = []
  const who: [string, string[]][] = [
    [
      'admin@example.gov.uk',
      [
        '/councils',
        '/programme',
        '/challenges',
        '/peers',
        '/frameworks',
        `/challenges/${mel}`,
        `/challenges/${mel}/history`,
        '/users',
        '/calendar',
      ],
    ],
    ['lead.peer@example.gov.uk', [`/challenges/${mel}/visit`, `/challenges/${mel}/evidence`]],
    ['officer@nwleics.example.gov.uk', [`/challenges/${nwl}/action-plan`]],
  ]
  let regions = 0
  let scrolled = 0
  for (const [email, paths] of who) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } })
    const page = await context.newPage()
    await signIn(page, base, email)
    for (const path of paths) {
      assert.equal((await page.goto(`${base}${path}`))?.status(), 200, path)
      assert.ok((await pageWidth(page)) <= 375, `${path} scrolls sideways: ${await pageWidth(page)} pixels wide`)
      // every table is inside a focusable region with a name
      const bare = await page.locator('table:not(.app-table-scroll table)').count()
      assert.equal(bare, 0, `${path}: ${bare} table(s) outside a scroll region`)
      for (const region of await page.locator('.app-table-scroll').all()) {
        regions++
        assert.equal(await region.getAttribute('role'), 'region')
        assert.equal(await region.getAttribute('tabindex'), '0')
        assert.ok((await region.getAttribute('aria-label'))?.trim(), `${path}: a region without a name`)
        // a table wider than the screen scrolls with the keyboard, inside its region
        const wide = await region.evaluate((e) => e.scrollWidth > e.clientWidth + 1)
        if (wide && (await region.isVisible())) {
          await region.focus()
          await page.keyboard.press('ArrowRight')
          await page.keyboard.press('ArrowRight')
          // (the browser scrolls smoothly: wait for it)
          const moved = await region
            .evaluate((e) => e.scrollLeft > 0 || new Promise((r) => setTimeout(() => r(e.scrollLeft > 0), 1500)))
            .catch(() => false)
          assert.ok(moved, `${path}: the region did not scroll`)
          scrolled++
        }
      }
      for (const v of await axe(page)) problems.push(`${path}: ${v}`)
    }
    await page.screenshot({ path: `screenshots/narrow-${email.split('@')[0]}.png`, fullPage: true })
    await context.close()
  }
  assert.ok(regions >= 15, `only ${regions} table regions looked at`)
  assert.ok(scrolled >= 3, `only ${scrolled} wide tables scrolled`)
  assert.deepEqual(problems, [])
})
