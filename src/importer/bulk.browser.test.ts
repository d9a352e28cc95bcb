import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { zipSync } from 'fflate'
import type { Browser } from 'playwright-core'
import { axe, screenshot, signIn, startBrowser } from '../testing/browser.ts'
import { demoEnv, type TestEnv } from '../testing/harness.ts'
import { bulkCorpus } from '../testing/bulk-corpus.ts'

/**
 * Bulk import in a browser, as the programme office does it: upload a zip on /bulk-imports, follow the job's progress
 * on its page (which refreshes itself, no JavaScript of ours), see every document's outcome, confirm low-confidence
 * values in bulk in the review queue, and find an imported report in the library. axe on every page; screenshots.
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

const docs = bulkCorpus(8, 700)

test('the programme office imports a zip, follows the job, confirms values in bulk and finds a report in the library', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 1000 } })
  const page = await ctx.newPage()
  await signIn(page, base, 'admin@example.gov.uk')
  await page.goto(`${base}/bulk-imports`)
  assert.equal(await page.locator('h1').innerText(), 'Import many reports')
  assert.deepEqual(await axe(page), [])

  // Nothing chosen: a clear message, nothing started.
  await page.getByRole('button', { name: 'Import the documents' }).click()
  await page.waitForSelector('.govuk-error-summary')
  assert.match(await page.locator('.govuk-error-summary').innerText(), /zip/i)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from jobs`))!.n, 0)

  const zip = Buffer.from(zipSync(Object.fromEntries(docs.map((d) => [d.filename, new Uint8Array(d.data)]))))
  await page
    .getByLabel('Zip of documents')
    .setInputFiles({ name: 'reports.zip', mimeType: 'application/zip', buffer: zip })
  await page.getByRole('button', { name: 'Import the documents' }).click()
  await page.waitForURL(/\/bulk-imports\/[0-9a-f-]{36}$/)
  // The job's page: its state, progress as a <progress> with its count in words (or already done).
  const jobId = page.url().split('/').pop()!
  assert.match(await page.locator('#job-state').innerText(), /Queued|Running|Completed/)
  const progress = page.locator('#job-progress')
  if (await progress.count()) {
    assert.equal(await progress.getAttribute('max'), String(docs.length))
    assert.match(await page.locator('label[for="job-progress"]').innerText(), new RegExp(`of ${docs.length} done`))
  }
  assert.deepEqual(await axe(page), [])
  await screenshot(page, 'screenshots/bulk-import-running.png')
  // While the job runs the page updates itself (app.js asks its JSON twin; without JavaScript a refresh in <noscript>,
  // which axe rightly flags when it is a plain meta refresh): wait for it to say Completed (without reloading it).
  assert.equal(await page.locator('head > meta[http-equiv="refresh"]').count(), 0, 'no refresh with JavaScript on')
  await page.waitForFunction(() => /Completed/.test(document.querySelector('#job-state')?.textContent ?? ''), null, {
    timeout: 120_000,
    polling: 500,
  })
  assert.match(
    await page.locator('label[for="job-progress"]').innerText(),
    new RegExp(`${docs.length} of ${docs.length} done`),
  )
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0, 'no refresh once finished')
  const rows = page.locator('table.govuk-table tbody tr')
  assert.equal(await rows.count(), docs.length)
  assert.ok(await page.locator('tbody .govuk-tag', { hasText: 'Imported' }).count(), 'some documents were imported')
  assert.deepEqual(await axe(page), [])
  await screenshot(page, 'screenshots/bulk-import-done.png')

  // The review queue: the low-confidence values, confirmed two at a time.
  await page.getByRole('link', { name: /to confirm in the review queue/ }).click()
  await page.waitForURL(/\/import-reviews$/)
  const caption = async () => Number(/^(\d+)/.exec(await page.locator('caption').first().innerText())![1])
  const before = await caption()
  assert.ok(before >= 2, `values to confirm: ${before}`)
  for (const cell of await page.locator('tbody td.govuk-table__cell--numeric').allInnerTexts())
    assert.ok(Number(cell.replace('%', '')) < 90, `confidence ${cell} is below the threshold`)
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/review-queue.png', fullPage: true })
  const boxes = page.locator('input[name="ids"]')
  const ids = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')]
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.getByRole('button', { name: 'Confirm selected values' }).click()
  await page.waitForURL(/\/import-reviews$/)
  assert.match(await page.locator('body').innerText(), /2 values confirmed/)
  assert.equal(await caption(), before - 2)
  for (const id of ids) assert.equal(await page.locator(`#review-${id}`).count(), 0, `review ${id} left the queue`)
  const stored = await env.db.query<{ status: string }>(
    `select status from import_field_reviews where id = any($1::int[])`,
    [ids.map(Number)],
  )
  assert.deepEqual(
    stored.map((r) => r.status),
    ['confirmed', 'confirmed'],
  )

  // The library shows an imported report: its council's search finds the challenge's passages.
  const imported = await env.db.one<{ code: string; id: number }>(
    `select co.code, c.id from bulk_import_items b join challenges c on c.id = b.challenge_id
       join councils co on co.id = c.council_id where b.job_id = $1 and b.status = 'imported' order by b.position limit 1`,
    [jobId],
  )
  assert.ok(imported)
  await page.goto(`${base}/library?council=${imported.code}`)
  const hits = page.locator('.app-library-hit a')
  assert.ok(await hits.count(), 'the imported report is in the library')
  const hrefs = await hits.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
  assert.ok(
    hrefs.some((h) => h.startsWith(`/challenges/${imported.id}/`)),
    `a hit links into challenge ${imported.id}: ${hrefs.join(' ')}`,
  )
  assert.deepEqual(await axe(page), [])
  await page.screenshot({ path: 'screenshots/library-imported.png', fullPage: true })
  await ctx.close()
})
