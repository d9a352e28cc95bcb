import fs from 'node:fs'
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
