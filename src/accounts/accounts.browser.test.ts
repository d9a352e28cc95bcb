import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { axe, signIn, startBrowser } from '../testing/browser.ts'
import { demoEnv, TODAY, type TestEnv } from '../testing/harness.ts'
import { manualClock } from '../common/clock.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'
import { codeAt } from './two-factor-rules.ts'

// The account journeys of issue 18 clicked in Chromium: inviting someone and accepting the invitation, two-factor
// set-up and signing in with a code, the notifications page. axe at zero on each page; screenshots in
// screenshots/accounts-*.png.

let env: TestEnv
let browser: Browser
let base: string
const clock = manualClock(`${TODAY}T12:00:00Z`)
before(async () => {
  env = await demoEnv({ clock })
  ;({ browser, base } = await startBrowser(env))
})
after(async () => {
  await browser?.close()
  await env?.close()
})

const newPage = async () =>
  (await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } })).newPage()
async function look(page: Page, name: string, problems: string[]) {
  for (const v of await axe(page)) problems.push(`${name}: ${v}`)
  await page.screenshot({ path: `screenshots/accounts-${name}.png`, fullPage: true })
}

test('the programme office invites an officer; the officer opens the emailed link, chooses a password and is in', async () => {
  const problems: string[] = []
  const admin = await newPage()
  await signIn(admin, base, 'admin@example.gov.uk')
  await admin.goto(`${base}/users/invite`)
  await admin.getByLabel('Email address').fill('casey.new@melton.example.gov.uk')
  await admin.getByLabel('Full name').fill('Casey Newcomer')
  await admin.getByLabel('Council officer').check()
  await admin.getByLabel('Council code').fill('MEL')
  await look(admin, 'invite', problems)
  await admin.getByRole('button', { name: /Send|Invite/ }).click()
  await admin.waitForURL(/\/users\/\d+$/)
  assert.match(await admin.locator('.govuk-notification-banner').innerText(), /Invitation sent to casey.new@/)
  const mail = await env.db.one<{ body: string }>(
    `select body from outbox where to_email = 'casey.new@melton.example.gov.uk' order by id desc limit 1`,
  )
  const link = /https?:\/\/\S+(\/invitations\/[A-Za-z0-9_-]{43})/.exec(mail!.body)![1]!
  const officer = await newPage()
  await officer.goto(`${base}${link}`)
  await look(officer, 'invitation', problems)
  await officer.getByLabel('New password', { exact: true }).fill('amber harbour violin thistle')
  await officer.getByLabel('Confirm new password').fill('amber harbour violin thistle')
  await officer
    .getByRole('button')
    .filter({ hasText: /password|Continue|Save/i })
    .first()
    .click()
  await officer.waitForURL(`${base}/`)
  assert.match(await officer.locator('.app-account-bar').innerText(), /Signed in as Casey Newcomer/)
  assert.deepEqual(problems, [])
})

test('two-factor: set up with the key and a code, recovery codes shown once, then signing in asks for the code', async () => {
  const problems: string[] = []
  const admin = await newPage()
  await signIn(admin, base, 'admin@example.gov.uk')
  await admin.getByRole('link', { name: 'Two-factor sign-in' }).click()
  await look(admin, 'two-factor-off', problems)
  await admin.getByRole('button', { name: 'Set up two-factor sign-in' }).click()
  const secret = (await admin.locator('#secret').innerText()).replace(/\s/g, '')
  assert.match(secret, /^[A-Z2-7]{32}$/)
  await look(admin, 'two-factor-setup', problems)
  // a wrong code first: the error summary
  await admin.getByLabel('Code from your app').fill('000000')
  await admin.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  assert.match(await admin.locator('.govuk-error-summary').innerText(), /The code is not right/)
  await look(admin, 'two-factor-setup-error', problems)
  await admin.getByLabel('Code from your app').fill(codeAt(secret, clock.now()))
  await admin.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
  // count() does not wait: wait for the page with the codes (on a busy machine the answer can take a while)
  await admin.locator('.app-recovery-codes li').first().waitFor()
  assert.equal(await admin.locator('.app-recovery-codes li').count(), 10)
  await look(admin, 'two-factor-recovery-codes', problems)
  await admin.reload()
  assert.equal(await admin.locator('.app-recovery-codes li').count(), 0, 'shown once')

  const again = await newPage()
  await again.goto(`${base}/login`)
  await again.getByLabel('Email address').fill('admin@example.gov.uk')
  await again.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await again.getByRole('button', { name: 'Sign in' }).click()
  await again.waitForURL(`${base}/login/two-factor`)
  await look(again, 'two-factor-sign-in', problems)
  await again.getByLabel('Enter the code from your app').fill('123')
  await again.getByRole('button', { name: 'Continue' }).click()
  assert.match(await again.locator('.govuk-error-summary').innerText(), /The code is not right/)
  await look(again, 'two-factor-sign-in-error', problems)
  clock.advance(30_000)
  await again.getByLabel('Enter the code from your app').fill(codeAt(secret, clock.now()))
  await again.getByRole('button', { name: 'Continue' }).click()
  await again.waitForURL(`${base}/`)
  assert.match(await again.locator('.app-account-bar').innerText(), /Signed in as/)
  assert.deepEqual(problems, [])
})

test('notifications: the count in the account bar, the list, opening one', async () => {
  const problems: string[] = []
  const officerId = (await env.db.one<{ id: number }>(
    `select id from users where email = 'officer@melton.example.gov.uk'`,
  ))!.id
  await env.db.query(
    `insert into user_notifications (user_id, kind, title, href, created_at) values ($1, 'draft-issued', 'The draft peer challenge report is ready for your factual accuracy check', '/challenges', now())`,
    [officerId],
  )
  const officer = await newPage()
  await signIn(officer, base, 'officer@melton.example.gov.uk')
  const link = officer.locator('.app-account-bar').getByRole('link', { name: /Notifications/ })
  assert.match(await link.innerText(), /Notifications\s*1/)
  await link.click()
  await look(officer, 'notifications', problems)
  await officer.getByRole('button', { name: /ready for your factual accuracy check/ }).click()
  await officer.waitForURL(`${base}/challenges`)
  assert.doesNotMatch(await officer.locator('.app-account-bar').innerText(), /Notifications\s*1/)
  assert.deepEqual(problems, [])
})

test('password reset: ask for a link, open it from the email, a breached password is refused, the new one signs in, the link is then spent', async () => {
  const problems: string[] = []
  const email = 'officer@nwleics.example.gov.uk'
  const page = await newPage()
  await page.goto(`${base}/login`)
  await page.getByRole('link', { name: 'Forgotten your password?' }).click()
  await page.waitForURL(`${base}/password-reset`)
  await look(page, 'password-reset-request', problems)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Send the link' }).click()
  await page.waitForURL(`${base}/password-reset`)
  assert.match(
    await page.locator('.govuk-notification-banner').innerText(),
    new RegExp(`If ${email} has an account, we have sent it a link to reset the password`),
  )
  await look(page, 'password-reset-sent', problems)
  // the email as the app stores it (the outbox, which the mailer sends from)
  const mail = await env.db.one<{ kind: string; body: string }>(
    `select kind, body from outbox where to_email = $1 order by id desc limit 1`,
    [email],
  )
  assert.equal(mail?.kind, 'password-reset')
  const link = new URL(/https?:\/\/\S+\/password-reset\/[A-Za-z0-9_-]{43}/.exec(mail.body)![0]).pathname
  await page.goto(`${base}${link}`)
  assert.match(await page.locator('h1').innerText(), /Choose a new password/)
  await look(page, 'password-reset-new', problems)
  // a password on the breached and common lists: refused with a clear message, nothing changed
  await page.getByLabel('New password', { exact: true }).fill('Password1234!')
  await page.getByLabel('Confirm new password').fill('Password1234!')
  await page.getByRole('button', { name: 'Reset password' }).click()
  const summary = page.locator('.govuk-error-summary')
  assert.match(
    await summary.innerText(),
    /Choose a password that is harder to guess: this is similar to a commonly used password/,
  )
  assert.match(await page.locator('#newPassword-error').innerText(), /harder to guess/)
  await look(page, 'password-reset-refused', problems)
  // the link still works after the refusal; a good password resets it
  const fresh = 'lantern orchard pebble quartz'
  await page.getByLabel('New password', { exact: true }).fill(fresh)
  await page.getByLabel('Confirm new password').fill(fresh)
  await page.getByRole('button', { name: 'Reset password' }).click()
  await page.waitForURL(`${base}/login`)
  await look(page, 'password-reset-done', problems)
  // the old password no longer signs in; the new one does
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  assert.match(await page.locator('.govuk-error-summary').innerText(), /Enter a correct email address and password/)
  await signIn(page, base, email, fresh)
  assert.match(await page.locator('.app-account-bar').innerText(), /Signed in as/)
  // the link is spent
  const spent = await (await newPage()).goto(`${base}${link}`)
  assert.equal(spent?.status(), 404)
  assert.deepEqual(problems, [])
})
