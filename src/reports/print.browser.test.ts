import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser } from 'playwright-core'
import { extractText, getDocumentProxy } from 'unpdf'
import { signIn, startBrowser } from '../testing/browser.ts'
import { ACCOUNTS, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

/** The feedback report printed from the browser (Chromium's print to PDF), as a council officer would print it. */
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

test('the printed report: the title first, the reference a caption, every page numbered, the draft marked on every page', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const page = await browser.newPage()
  await signIn(page, base, ACCOUNTS.melton)
  await page.goto(`${base}/challenges/${mel}/report`)
  await page.emulateMedia({ media: 'print' })
  // The first heading a reader of the printed page sees is the report's title, not the challenge's reference.
  const headings = await page.$$eval('h1, h2, h3', (hs) =>
    hs.filter((h) => (h as HTMLElement).offsetParent !== null).map((h) => h.textContent!.replace(/\s+/g, ' ').trim()),
  )
  assert.equal(headings[0], 'Corporate peer challenge Melton Borough Council')
  assert.ok(!headings.some((h) => /CPC-2026-MEL/.test(h)), headings.join(' | '))
  assert.ok(await page.getByText('CPC-2026-MEL · Corporate peer challenge feedback report').isVisible())
  const marking = page.getByText('Draft for factual accuracy check — version 1, 16 November 2026')
  assert.ok(await marking.isVisible(), 'the draft marking prints')
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false })
  assert.ok(totalPages >= 3, `${totalPages} pages`)
  text.forEach((t, i) => {
    assert.ok(t.includes(`Page ${i + 1} of ${totalPages}`), `page ${i + 1} is numbered: ${t.slice(-80)}`)
    assert.ok(t.includes('DRAFT – not for publication'), `page ${i + 1} is marked as a draft`)
  })
  assert.ok(text[0]!.indexOf('CPC-2026-MEL') < text[0]!.indexOf('Melton Borough Council'))
  assert.doesNotMatch(text.join('\n'), /Download as Word|Sign out/, 'no page furniture in print')
  await page.close()
})

test('the printed final report carries no draft marking', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const { as } = await import('../testing/harness.ts')
  const pcm = await as(env.app, 'pcm')
  const stage = (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!
  assert.equal(
    (await pcm.post(`/api/challenges/${mel}/stage`, { json: { to: 'final', version: stage.version } })).statusCode,
    200,
  )
  const page = await browser.newPage()
  await signIn(page, base, ACCOUNTS.melton)
  await page.goto(`${base}/challenges/${mel}/report`)
  await page.emulateMedia({ media: 'print' })
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false })
  text.forEach((t, i) => assert.ok(t.includes(`Page ${i + 1} of ${totalPages}`)))
  assert.doesNotMatch(text.join('\n'), /DRAFT|Draft for factual accuracy check/)
  await page.close()
})
