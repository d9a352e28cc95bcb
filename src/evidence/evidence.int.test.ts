import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env.close())

/** The ids used more than once in a page. */
const duplicateIds = (html: string) => {
  const seen = new Map<string, number>()
  for (const [, id] of html.matchAll(/\sid="([^"]+)"/g)) seen.set(id!, (seen.get(id!) ?? 0) + 1)
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id)
}

test('the evidence page: every id once, so the filter’s labels name the filter and the note form’s its own fields', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const lead = await as(env.app, 'lead')
  for (const url of [`/challenges/${mel}/evidence`, `/challenges/${mel}/evidence?theme=x&polarity=strength`]) {
    const page = await lead.get(url)
    assert.equal(page.statusCode, 200)
    assert.deepEqual(duplicateIds(page.body), [], url)
    assert.match(page.body, /<label class="govuk-label" for="filter-polarity">\s*Kind/)
    assert.match(page.body, /<select class="govuk-select" id="filter-polarity" name="polarity"/)
    assert.match(
      page.body,
      /<input class="govuk-radios__input" id="polarity" name="polarity" type="radio" value="strength"/,
    )
  }
  // The note form's error summary still leads to its own first radio.
  const bad = await lead.request('POST', `/challenges/${mel}/evidence`, { form: { text: 'A note', themes: 'x' } })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /href="#polarity"/)
  assert.deepEqual(duplicateIds(bad.body), [])
})
