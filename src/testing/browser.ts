import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { TestEnv } from './harness.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/** The app of a test environment listening on a free port, and Debian's Chromium driven by Playwright. */
export async function startBrowser(env: TestEnv): Promise<{ browser: Browser; base: string }> {
  await env.app.listen({ port: 0, host: '127.0.0.1' })
  const addr = env.app.server.address()
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    // Without the background-networking flags Chromium keeps calling hosts this machine's closed network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  fs.mkdirSync('screenshots', { recursive: true })
  return { browser, base }
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, base: string, email: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/**
 * Runs `work` on a page that may replace itself (a job's page reloads the moment its job finishes): when the reload cut
 * the work short (it hung, or its document went away), it is done again on the page as it then stands.
 */
async function againIfReloaded<T>(page: Page, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (e) {
      const reloaded = /Execution context was destroyed|navigat|Timeout \d+ms exceeded/i.test(
        e instanceof Error ? e.message : String(e),
      )
      if (attempt >= 3 || !reloaded) throw e
      await page.waitForLoadState('load')
    }
  }
}

/** A full-page screenshot, taken again if the page reloaded itself meanwhile. */
export async function screenshot(page: Page, path: string): Promise<void> {
  await againIfReloaded(page, () => page.screenshot({ path, fullPage: true, timeout: 20_000 }))
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The page's WCAG 2.2 AA violations found by axe (rule and elements), after checking axe really looked: a page with
 * content passes dozens of rules. Run again on a page that reloaded itself meanwhile. */
export async function axe(page: Page): Promise<string[]> {
  return againIfReloaded(page, () => axeOnce(page))
}

async function axeOnce(page: Page): Promise<string[]> {
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
