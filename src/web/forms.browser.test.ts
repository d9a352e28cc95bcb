import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { signIn as signInAs, startBrowser } from '../testing/browser.ts'
import { as, demoEnv, multipart, type TestEnv } from '../testing/harness.ts'

/**
 * A census of the forms a browser is given: every page reachable by links from the start page, as each role, and
 * every POST form on it carries its CSRF token where the server reads it (a hidden _csrf field; upload forms, whose
 * body the route reads later, in the action's address). Then the import review's forms clicked through for real.
 */
let env: TestEnv
let browser: Browser
let base: string
before(async () => {
  env = await demoEnv()
  // An import waiting for review, so that the crawl reaches the review page and its forms.
  const seed = fs.readFileSync(path.resolve('test/fixtures/import/001_1802396809226c0e.txt'))
  const up = await (
    await as(env.app, 'admin')
  ).request('POST', '/api/imports', multipart({}, { name: 'nwl-report.txt', content: seed }))
  assert.equal(up.statusCode, 201, up.body)
  ;({ browser, base } = await startBrowser(env))
})
after(async () => {
  await browser?.close()
  await env?.close()
})

const signIn = (page: Page, email: string) => signInAs(page, base, email)

const ROLES = [
  'public',
  'admin@example.gov.uk',
  'lead.peer@example.gov.uk',
  'pcm@example.gov.uk',
  'officer@melton.example.gov.uk',
  'officer@nwleics.example.gov.uk',
]
const MAX_PAGES = 150
const MAX_DEPTH = 4
/** Links not to follow: signing out, files, the API and its documentation. */
const SKIP = /^\/(logout|api\/|assets\/|vendor\/|public\/)|\/download(\/|$)|\.(ics|csv|xlsx|docx|pptx|pdf|txt|md)(\?|$)/
/** Pages of the same kind (ids and council codes aside): a few of each are enough, so the cap covers every kind. */
const kindOf = (u: URL) =>
  u.pathname.replace(/\/\d+/g, '/:id').replace(/\/councils\/[A-Z0-9]{3,4}(?=\/|$)/, '/councils/:code') +
  (u.search ? '?' + [...u.searchParams.keys()].sort().join('&') : '')

interface FormFacts {
  action: string
  enctype: string
  hiddenToken: boolean
  queryToken: boolean
}

/**
 * The POST forms of a page as the browser parses them, and the ids used more than once: the page is fetched from within
 * the signed-in browser (its cookies) and read by the browser's own HTML parser (DOMParser), without navigating to it,
 * so no styles, scripts or layout are spent on a census of markup. Null unless the answer is an HTML page.
 */
function censusOf(page: Page, url: string) {
  return page.evaluate(async (url) => {
    const res = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
    if (!/text\/html/.test(res.headers.get('content-type') ?? '')) return null
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
    const forms = [...doc.querySelectorAll('form')]
      .filter((f) => (f.getAttribute('method') ?? 'get').toLowerCase() === 'post')
      .map((f) => {
        const token = f.querySelector<HTMLInputElement>('input[type="hidden"][name="_csrf"]')
        return {
          action: f.getAttribute('action') ?? '',
          enctype: (f.getAttribute('enctype') ?? 'application/x-www-form-urlencoded').toLowerCase(),
          hiddenToken: !!token && token.value.length > 10,
          queryToken: /[?&]_csrf=[^&]{10,}/.test(f.getAttribute('action') ?? ''),
        }
      })
    const ids = [...doc.querySelectorAll('[id]')].map((e) => e.id)
    const duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
    // links resolved against the address the page was answered from (after any redirect)
    const links = [...doc.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href')!, res.url).href)
    return { status: res.status, forms, duplicateIds, links }
  }, url) as Promise<{ status: number; forms: FormFacts[]; duplicateIds: string[]; links: string[] } | null>
}

test('every POST form on every page each role can reach carries its CSRF token where the server reads it', async () => {
  const problems: string[] = []
  const summary: string[] = []
  for (const role of ROLES) {
    const ctx = await browser.newContext({ bypassCSP: true })
    const page = await ctx.newPage()
    if (role !== 'public') await signIn(page, role)
    else await page.goto(`${base}/`)
    const queue: { url: string; depth: number }[] = [{ url: `${base}/`, depth: 0 }]
    const seen = new Set([`${base}/`])
    const kinds = new Map<string, number>()
    let pages = 0
    let forms = 0
    let uploads = 0
    while (queue.length && pages < MAX_PAGES) {
      const { url, depth } = queue.shift()!
      const found = await censusOf(page, url)
      if (!found) continue
      pages++
      if (found.status >= 500) problems.push(`${role} ${url}: ${found.status}`)
      const where = `${role} ${url.slice(base.length)}`
      for (const f of found.forms) {
        forms++
        if (f.enctype === 'multipart/form-data') {
          uploads++
          if (!f.queryToken) problems.push(`${where}: upload form ${f.action} has no _csrf in its action`)
        } else {
          if (!f.hiddenToken) problems.push(`${where}: form ${f.action} has no hidden _csrf field`)
          if (f.queryToken) problems.push(`${where}: form ${f.action} puts its token in the address`)
        }
      }
      for (const id of found.duplicateIds) problems.push(`${where}: id "${id}" is used more than once`)
      if (depth >= MAX_DEPTH) continue
      for (const href of found.links) {
        const u = new URL(href)
        u.hash = ''
        if (u.origin !== base || SKIP.test(u.pathname + u.search) || seen.has(u.href)) continue
        seen.add(u.href)
        const kind = kindOf(u)
        if ((kinds.get(kind) ?? 0) >= 2) continue
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        queue.push({ url: u.href, depth: depth + 1 })
      }
    }
    summary.push(`${role}: ${pages} pages, ${forms} POST forms (${uploads} uploads)`)
    // Somebody who is signed in has forms to check (sign out, at least); the crawl really went somewhere.
    assert.ok(pages >= (role === 'public' ? 5 : 10), `${role}: only ${pages} pages reached`)
    if (role !== 'public') assert.ok(forms > pages / 2, `${role}: only ${forms} forms on ${pages} pages`)
    await ctx.close()
  }
  console.log(`form census\n${summary.map((s) => `  ${s}`).join('\n')}`)
  assert.deepEqual(problems, [])
})

test('the import review: the programme office saves one import as a challenge and discards another, by clicking', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })
  const page = await ctx.newPage()
  await signIn(page, 'admin@example.gov.uk')
  const fixtures = path.resolve('test/fixtures/import')
  const read = (prefix: string) =>
    fs.readFileSync(
      path.join(
        fixtures,
        fs.readdirSync(fixtures).find((f) => f.startsWith(prefix))!,
      ),
      'utf8',
    )
  const upload = async (name: string, text: string) => {
    await page.goto(`${base}/imports`)
    await page.setInputFiles('#file', { name, mimeType: 'text/plain', buffer: Buffer.from(text) })
    await page.getByRole('button', { name: 'Read the document' }).click()
    await page.waitForURL(/\/imports\/\d+$/)
    await page.getByRole('heading', { name: 'Check what was read' }).waitFor()
    return Number(new URL(page.url()).pathname.split('/').pop())
  }
  // Blaby's 2022 report moved to 2030: a visit the demo does not hold, so saving creates it.
  const blaby = read('002').replace('Tuesday 22 to Friday 25 March 2022', 'Tuesday 19 to Friday 22 March 2030')
  const saved = await upload('blaby-2030.txt', blaby)
  await page.getByRole('button', { name: 'Save as a challenge' }).click()
  await page.waitForURL(/\/challenges\/\d+$/)
  assert.match(await page.content(), /Challenge CPC-2030-BLA created from the import/)
  const ch = await env.db.one<{ id: number; reference: string }>(
    `select c.id, c.reference from imports i join challenges c on c.id = i.challenge_id where i.id = $1`,
    [saved],
  )
  assert.equal(ch?.reference, 'CPC-2030-BLA')
  assert.equal(new URL(page.url()).pathname, `/challenges/${ch.id}`)

  // Another seed report, discarded.
  const other = await upload('oadby.txt', read('003'))
  await page.getByRole('button', { name: 'Discard this import' }).click()
  await page.waitForURL(/\/imports$/)
  assert.match(await page.content(), /Import discarded/)
  assert.equal(
    (await env.db.one<{ status: string }>(`select status from imports where id = $1`, [other]))!.status,
    'discarded',
  )
  const row = page.locator('tr', { has: page.locator(`a[href="/imports/${other}"]`) })
  assert.match(await row.innerText(), /Discarded/)
  await page.goto(`${base}/imports/${other}`)
  assert.match(await page.content(), /This import was discarded/)
  assert.equal(await page.getByRole('button', { name: 'Discard this import' }).count(), 0)

  // A council's position statement: read as one, offered as one, saved as the challenge's position statement.
  const statement = await upload(
    'position-statement.txt',
    [
      'Corporate Peer Challenge',
      'Position Statement',
      '',
      'Harborough District Council',
      '',
      'This position statement sets out our own assessment, ahead of the Corporate Peer Challenge taking place between',
      'Tuesday 4 and Thursday 6 March 2031.',
    ].join('\n'),
  )
  assert.equal(await page.locator('#documentKind').inputValue(), 'position-statement')
  await page.getByRole('button', { name: 'Save as a challenge' }).click()
  await page.waitForURL(/\/challenges\/\d+$/)
  const doc = await env.db.one<{ kind: string; title: string }>(
    `select d.kind, d.title from imports i join documents d on d.challenge_id = i.challenge_id where i.id = $1`,
    [statement],
  )
  assert.deepEqual(doc, { kind: 'position-statement', title: 'Position statement' })
  await ctx.close()
})

test('a recorded date corrected and another withdrawn, with reasons, by clicking; both show in the paged history', async () => {
  const mel = (await env.db.one<{ id: number }>(`select id from challenges where reference = 'CPC-2026-MEL'`))!.id
  // The council's officer records that its position statement arrived, on the wrong day.
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  try {
    await signIn(page, 'pcm@example.gov.uk')
    await env.db.query(
      `insert into challenge_events (challenge_id, code, occurred_on, recorded_at) values ($1, 'position_statement_received', '2026-09-01', now()), ($1, 'scoping_meeting', '2026-08-01', now())`,
      [mel],
    )
    await page.goto(`${base}/challenges/${mel}`)
    await page.getByRole('link', { name: /Correct or withdraw position statement received/i }).click()
    await page.getByLabel('Date').fill('2026-09-03')
    // No reason: the form says so and keeps the date typed.
    await page.getByRole('button', { name: 'Correct the date' }).click()
    await page.locator('.govuk-error-summary').waitFor()
    assert.match(await page.locator('.govuk-error-summary').innerText(), /reason/i)
    assert.equal(await page.getByLabel('Date').inputValue(), '2026-09-03')
    await page.getByLabel('Why is it being corrected?').fill('The statement arrived on the Thursday, not the Tuesday')
    await page.getByRole('button', { name: 'Correct the date' }).click()
    await page.waitForURL(`${base}/challenges/${mel}`)
    assert.match(await page.locator('main').innerText(), /3 September 2026 \(corrected\)/)
    // Withdraw the scoping meeting recorded in error.
    await page.getByRole('link', { name: /Correct or withdraw scoping meeting held/i }).click()
    await page.getByLabel('Why is it being withdrawn?').fill('Recorded against the wrong challenge')
    await page.getByRole('button', { name: 'Withdraw the date' }).click()
    await page.waitForURL(`${base}/challenges/${mel}`)
    assert.doesNotMatch(await page.locator('main').innerText(), /Scoping meeting held/)
    // The history shows both, with their reasons.
    await page.getByRole('link', { name: 'History' }).click()
    const history = await page.locator('main').innerText()
    assert.match(history, /Recorded date corrected[\s\S]*Thursday, not the Tuesday/)
    assert.match(history, /Recorded date withdrawn[\s\S]*wrong challenge/)
    await page.screenshot({ path: 'screenshots/challenge-history.png', fullPage: true })
  } finally {
    await ctx.close()
  }
})
