import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'node-html-parser'
import { as, challengeId, demoEnv, type Client, type TestEnv } from '../testing/harness.ts'
import { HISTORY_VALUE_MAX } from '../audit/describe.ts'

// A challenge's history is paged (20 entries a page, GOV.UK pagination), reads in plain English, and neither the
// history's JSON nor the challenge's own page and JSON grow with it (issues 17 and 18).
let env: TestEnv
let admin: Client
let mel: number
const EDITS = 120
before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
})
after(async () => env.close())

async function editNotes(notes: string) {
  const form = (await admin.get(`/api/challenges/${mel}/edit`)).json()
  const c = form.challenge
  const r = await admin.request('PUT', `/api/challenges/${mel}`, {
    json: {
      version: c.version,
      frameworkId: c.frameworkId,
      onsiteStart: c.onsiteStart ?? '',
      onsiteEnd: c.onsiteEnd ?? '',
      scopingDate: c.scopingDate ?? '',
      feedbackDate: c.feedbackDate ?? '',
      focusAreas: form.focusAreas,
      notes,
    },
  })
  assert.equal(r.statusCode, 200, r.body)
}

test('a long history is paged, in plain English, and no answer grows with it', async () => {
  const pageBefore = (await admin.get(`/challenges/${mel}`)).body.length
  const apiBefore = (await admin.get(`/api/challenges/${mel}`)).body.length
  const totalBefore = (await admin.get(`/api/challenges/${mel}/history`)).json().history.total as number
  for (let i = 1; i < EDITS; i++) await editNotes(`Note ${i}`)
  await editNotes(`Long note: ${'the council’s plan for the visit. '.repeat(140)}`.slice(0, 5000))

  const first = await admin.get(`/api/challenges/${mel}/history`)
  const h = first.json().history
  assert.equal(h.total, totalBefore + EDITS)
  assert.equal(h.pageSize, 20)
  assert.equal(h.pages, Math.ceil(h.total / 20))
  assert.equal(h.entries.length, 20)
  // newest first, in words a user knows
  const newest = h.entries[0]
  assert.equal(newest.action, 'challenge.updated')
  assert.equal(newest.summary, 'Challenge details changed')
  const notes = newest.changes.find((c: { field: string }) => c.field === 'notes')
  assert.equal(notes.label, 'Internal notes')
  assert.equal(notes.from, `Note ${EDITS - 1}`)
  // a 5,000-character value is cut short: the page of 50 entries stays small
  assert.equal(notes.to.length, HISTORY_VALUE_MAX)
  assert.match(notes.to, /…$/)
  assert.ok(first.body.length < 40_000, `history page of ${first.body.length} bytes`)
  assert.equal(h.entries[1].changes[0].to, `Note ${EDITS - 1}`)

  // the last page holds the rest, oldest last; pages do not overlap
  const last = (await admin.get(`/api/challenges/${mel}/history?page=${h.pages}`)).json().history
  assert.equal(last.page, h.pages)
  assert.equal(last.entries.length, h.total - 20 * (h.pages - 1))
  // a page past the end is empty but still counts what there is
  const past = (await admin.get(`/api/challenges/${mel}/history?page=${h.pages + 5}`)).json().history
  assert.deepEqual([past.entries.length, past.total, past.pages], [0, h.total, h.pages])
  const second = (await admin.get(`/api/challenges/${mel}/history?page=2`)).json().history
  assert.ok(second.entries[0].id < h.entries[19].id)

  // the page: plain English, no code names, GOV.UK pagination
  const html = parse((await admin.get(`/challenges/${mel}/history?page=2`)).body)
  const table = html.querySelector('table')!.text
  assert.match(table, /Challenge details changed/)
  assert.match(table, /Internal notes: changed from Note \d+ to Note \d+/)
  assert.doesNotMatch(table, /challenge\.updated/)
  assert.doesNotMatch(table, /<[^>@\s]+@[^>\s]+>|@example\.gov\.uk/, 'who by name, not by address')
  assert.match(table, /Pat Morgan/)
  assert.doesNotMatch(html.querySelector('table')!.innerHTML, /<strong>notes<\/strong>/)
  const pagination = html.querySelector('.govuk-pagination')!
  assert.ok(pagination.querySelector('a[href="?page=1"]'), 'link to the previous page')
  assert.ok(pagination.querySelector('a[href="?page=3"]'), 'link to the next page')
  assert.equal(pagination.querySelector('[aria-current="page"]')?.text.trim(), '2')

  // the challenge's own page and JSON do not carry the history: the same size as before (bar the notes)
  const pageAfter = (await admin.get(`/challenges/${mel}`)).body.length
  const apiAfter = (await admin.get(`/api/challenges/${mel}`)).body.length
  assert.ok(Math.abs(pageAfter - pageBefore) < 6_000, `page ${pageBefore} -> ${pageAfter} bytes`)
  assert.ok(Math.abs(apiAfter - apiBefore) < 6_000, `API ${apiBefore} -> ${apiAfter} bytes`)
})

test('a page past the end answers an empty page, not an error; a bad page number means the first', async () => {
  const past = (await admin.get(`/api/challenges/${mel}/history?page=999`)).json().history
  assert.deepEqual(past.entries, [])
  const bad = (await admin.get(`/api/challenges/${mel}/history?page=abc`)).json().history
  assert.equal(bad.page, 1)
})

test('records referred to by number (a person, a council, a framework) are shown by name', async () => {
  const seen: { field: string; from: string; to: string }[] = []
  const list = (await admin.get('/api/challenges')).json() as { items: { id: number }[] }
  for (const { id } of list.items) {
    for (let page = 1; page <= 20; page++) {
      const h = (await admin.get(`/api/challenges/${id}/history?page=${page}`)).json().history
      for (const e of h.entries)
        for (const c of e.changes) if (['personId', 'councilId', 'frameworkId'].includes(c.field)) seen.push(c)
      if (page >= h.pages) break
    }
  }
  assert.ok(seen.length, 'the demo histories refer to people, councils or frameworks')
  for (const c of seen) {
    assert.doesNotMatch(c.to, /^\d+$/, `${c.field} shown by name: ${c.to}`)
    if (c.from) assert.doesNotMatch(c.from, /^\d+$/, `${c.field} shown by name: ${c.from}`)
  }
})
