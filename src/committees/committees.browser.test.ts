import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { signIn, startBrowser } from '../testing/browser.ts'
import { ACCOUNTS, demoEnv, type TestEnv } from '../testing/harness.ts'

/** A council officer keeps the council's committee settings, clicked in Chromium as a browser sends the form. */
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

const stored = async () =>
  JSON.stringify(
    (await env.db.one(
      `select s.settings from council_committee_settings s join councils c on c.id = s.council_id where c.code = 'NWL'`,
    ))!,
  )

test('committee settings: a mistake is shown on the form and changes nothing; a good save is kept and shown', async () => {
  const page = await browser.newPage()
  await signIn(page, base, ACCOUNTS.nwl)
  await page.goto(`${base}/councils/NWL`)
  await page
    .getByRole('link', { name: /committee settings/i })
    .first()
    .click()
  await page.waitForURL(/\/councils\/NWL\/committees$/)
  const before = await stored()

  // No committee that can approve the plan: refused, with the error beside the field and nothing stored.
  await page.fill('#committees', 'Corporate Scrutiny Committee | scrutiny | no')
  await page.getByRole('button', { name: 'Save committee settings' }).click()
  await page.locator('.govuk-error-summary').waitFor()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /approve/i)
  assert.equal(await stored(), before)

  await page.goto(`${base}/councils/NWL/committees`)
  await page.fill('#contactName', 'Alexis Browne')
  await page.getByRole('button', { name: 'Save committee settings' }).click()
  await page.waitForLoadState('load')
  assert.equal(await page.locator('.govuk-error-summary').count(), 0)
  assert.equal(await page.inputValue('#contactName'), 'Alexis Browne')
  assert.match(await stored(), /Alexis Browne/)
  await page.close()
})
