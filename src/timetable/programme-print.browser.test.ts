import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import type { Browser } from 'playwright-core'
import { getDocumentProxy } from 'unpdf'
import { signIn, startBrowser } from '../testing/browser.ts'
import { challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

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

/** Each page of a PDF: its size in points and its text, line by line as pdf.js reads it. */
async function pdfPages(pdf: Uint8Array) {
  const doc = await getDocumentProxy(pdf)
  const pages = []
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i)
    const { width, height } = page.getViewport({ scale: 1 })
    const content = await page.getTextContent()
    const text = content.items.map((x) => ('str' in x ? x.str + (x.hasEOL ? '\n' : ' ') : '')).join('')
    pages.push({ width, height, text })
  }
  return pages
}

test('the on-site programme prints on A4 landscape: days with their weekday, the version and page numbers on every page, no row alone', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const page = await browser.newPage()
  await signIn(page, base, 'pcm@example.gov.uk')
  await page.goto(`${base}/challenges/${mel}/visit/programme`)
  // On screen: the days are headed with their weekday; the running line is for paper only.
  const headings = await page.locator('h3.app-programme-day').allTextContents()
  assert.ok(headings.length >= 2)
  for (const h of headings)
    assert.match(h, /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} \w+ \d{4}$/)
  assert.equal(await page.locator('.app-programme__running').first().isVisible(), false)

  await page.emulateMedia({ media: 'print' })
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
  fs.writeFileSync('screenshots/programme-print.pdf', pdf)
  const pages = await pdfPages(new Uint8Array(pdf))
  assert.ok(pages.length >= headings.length, `${pages.length} pages`)
  const rowsPerDay = new Map<string, number[]>()
  pages.forEach((p, i) => {
    const n = i + 1
    // A4 landscape: 297 x 210 mm.
    assert.ok(Math.abs(p.width - 841.9) < 2 && Math.abs(p.height - 595.3) < 2, `page ${n}: ${p.width} x ${p.height}`)
    assert.ok(p.text.includes(`Page ${n} of ${pages.length}`), `page ${n} is numbered`)
    const running = /CPC-2026-MEL on-site programme: version 1, published [^·]+· (\w+ \d+ \w+ \d{4})/.exec(p.text)
    assert.ok(running, `page ${n} names the programme's version`)
    // A row is its time, and every row's time fits on one line.
    const rows = p.text.match(/\b\d{2}:\d{2}–\d{2}:\d{2}\b/g) ?? []
    rowsPerDay.set(running[1]!, [...(rowsPerDay.get(running[1]!) ?? []), rows.length])
  })
  assert.deepEqual([...rowsPerDay.keys()], headings)
  for (const [day, counts] of rowsPerDay)
    for (const c of counts) assert.ok(c >= 3, `${day}: a page with ${c} rows (${counts.join(', ')})`)
  // Columns wide enough that no row runs to four lines or more.
  const heights = await page.locator('.app-programme tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')]
      const lineHeight = parseFloat(getComputedStyle(cells[0]!).lineHeight)
      return Math.max(...cells.map((c) => c.getBoundingClientRect().height)) / lineHeight
    }),
  )
  assert.ok(heights.length > 20)
  for (const h of heights) assert.ok(h < 4.2, `a row of ${h.toFixed(1)} lines`)
  await page.close()
})
