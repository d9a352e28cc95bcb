import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { addLaterBlabyReview } from './test-fixtures.ts'

/**
 * Recommendation themes and repeat findings through HTTP (issue 16): every recommendation is classified in the
 * transaction that writes it, with why; the programme office alone overrides (audited; the override wins and the
 * library's facet follows); counts by year, type and region count what the actor may read; repeat findings pair a
 * later review's recommendations with the earlier ones and say from the action plan, to those who may read it,
 * whether they were closed.
 */
let env: TestEnv
let blaby: number
let nwl: number
let mel: number
before(async () => {
  env = await demoEnv()
  blaby = await challengeId(env.db, 'CPC-2022-BLA')
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  await addLaterBlabyReview(env.db)
})
after(async () => env?.close())

const recOf = async (challenge: number, like: string) =>
  (await env.db.one<{ id: number }>(`select id from recommendations where challenge_id = $1 and title ilike $2`, [
    challenge,
    like,
  ]))!.id

test('a published recommendation has its themes with the matched terms, weights and a confidence, for the public', async () => {
  const rec = await recOf(blaby, '%scrutiny function%')
  const res = await (await as(env.app, 'public')).get(`/api/challenges/${blaby}/recommendations/${rec}/themes`)
  assert.equal(res.statusCode, 200, res.body)
  const r = res.json()
  assert.equal(r.themes[0].key, 'governance')
  assert.equal(r.themes[0].origin, 'classifier')
  const g = r.classifier.find((c: { key: string }) => c.key === 'governance')
  assert.ok(g.confidence > 0 && g.confidence < 1)
  assert.deepEqual(
    g.terms.map((t: { term: string; matched: string; where: string }) => [t.term, t.matched, t.where]),
    [['scrutiny', 'scrutiny', 'title']],
  )
  assert.equal(r.canOverride, false)
  const page = await (await as(env.app, 'public')).get(`/challenges/${blaby}/recommendations/${rec}/themes`)
  assert.match(page.body, /Governance and decision-making/)
  assert.doesNotMatch(page.body, /Change the themes/)
})

test('Melton’s draft recommendation: its themes are not shown to the public or another council', async () => {
  const rec = (await env.db.one<{ id: number }>(
    `select id from recommendations where challenge_id = $1 order by id limit 1`,
    [mel],
  ))!.id
  for (const who of ['public', 'nwl'] as const)
    assert.equal(
      (await (await as(env.app, who)).get(`/api/challenges/${mel}/recommendations/${rec}/themes`)).statusCode,
      404,
      who,
    )
  for (const who of ['melton', 'lead', 'admin'] as const)
    assert.equal(
      (await (await as(env.app, who)).get(`/api/challenges/${mel}/recommendations/${rec}/themes`)).statusCode,
      200,
      who,
    )
})

test('a recommendation written by the team is classified in the same transaction; a change of wording reclassifies it', async () => {
  const lead = await as(env.app, 'lead')
  const add = await lead.post(`/api/challenges/${mel}/recommendations`, {
    json: { kind: 'key', title: 'Close the budget gap in the medium term financial strategy' },
  })
  assert.ok(add.statusCode < 300, add.body)
  const id = await recOf(mel, 'Close the budget gap%')
  const themes = async () =>
    (
      await env.db.query<{ theme: string }>(`select theme from recommendation_themes where recommendation_id = $1`, [
        id,
      ])
    ).map((r) => r.theme)
  assert.deepEqual(await themes(), ['finance'])
  const lib = await env.db.one<{ rec_theme: string }>(
    `select rec_theme from library_entries where source = 'recommendation' and source_id = $1`,
    [id],
  )
  assert.equal(lib!.rec_theme, 'finance')
  const put = await lead.request('PUT', `/api/challenges/${mel}/recommendations/${id}`, {
    json: { kind: 'key', title: 'Recruit and retain planners through a workforce strategy' },
  })
  assert.ok(put.statusCode < 300, put.body)
  assert.deepEqual(await themes(), ['workforce'])
})

test('the programme office overrides a theme with a reason: audited, it wins, shown as a person’s, and the facet follows', async () => {
  const rec = await recOf(nwl, '%')
  const admin = await as(env.app, 'admin')
  const url = `/api/challenges/${nwl}/recommendations/${rec}/themes`
  const before = (await admin.get(url)).json()
  // Others may not; bad input changes nothing.
  for (const who of ['lead', 'pcm', 'nwl', 'melton'] as const)
    assert.equal(
      (await (await as(env.app, who)).request('PUT', url, { json: { themes: ['housing'], reason: 'x' } })).statusCode,
      403,
      who,
    )
  assert.equal(
    (await (await as(env.app, 'public')).request('PUT', url, { json: { themes: ['housing'], reason: 'x' } }))
      .statusCode,
    401,
  )
  const bad = await admin.request('PUT', url, { json: { themes: ['not-a-theme'], reason: 'because' } })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Choose the themes from the list/)
  const noReason = await admin.request('PUT', url, { json: { themes: ['housing'], reason: ' ' } })
  assert.equal(noReason.statusCode, 400)
  assert.match(noReason.body, /Say why/)
  assert.deepEqual((await admin.get(url)).json().themes, before.themes)
  assert.equal((await env.db.one<{ n: number }>(`select count(*)::int as n from recommendation_theme_overrides`))!.n, 0)

  const ok = await admin.request('PUT', url, { json: { themes: ['housing', 'place'], reason: 'About council homes' } })
  assert.equal(ok.statusCode, 200, ok.body)
  const after = (await admin.get(url)).json()
  assert.deepEqual(
    after.themes.map((t: { key: string; origin: string }) => [t.key, t.origin]),
    [
      ['housing', 'override'],
      ['place', 'override'],
    ],
  )
  assert.equal(after.override.reason, 'About council homes')
  assert.deepEqual(after.classifier, before.classifier, 'the classifier’s explanation is kept')
  // The public sees that a person set them, not who or why.
  const pub = (await (await as(env.app, 'public')).get(url)).json()
  assert.equal(pub.themes[0].origin, 'override')
  assert.equal(pub.override.reason, null)
  assert.equal(pub.override.by, null)
  const audit = await env.db.one<{ before: { themes: string[] }; after: { themes: string[]; reason: string } }>(
    `select before, after from audit_log where action = 'recommendation.themes-overridden' and entity_id = $1`,
    [String(rec)],
  )
  assert.deepEqual(audit!.after, { themes: ['housing', 'place'], reason: 'About council homes' })
  assert.deepEqual(
    audit!.before.themes,
    before.classifier.map((c: { key: string }) => c.key),
  )
  // The library's facet: the recommendation is found under housing.
  const lib = (await (await as(env.app, 'public')).get(`/api/library?recTheme=housing&council=NWL`)).json()
  assert.ok(lib.hits.some((h: { href: string }) => h.href.endsWith(`#rec-${rec}`)))
  const facet = lib.facets.find((f: { key: string }) => f.key === 'recTheme')
  assert.ok(facet.options.some((o: { value: string; count: number }) => o.value === 'housing' && o.count >= 1))

  // Back to the classifier, audited; a second removal is refused.
  assert.equal((await admin.request('DELETE', `${url}/override`)).statusCode, 200)
  assert.deepEqual((await admin.get(url)).json().themes, before.themes)
  assert.equal((await admin.request('DELETE', `${url}/override`)).statusCode, 409)
  assert.ok(
    await env.db.one(
      `select 1 from audit_log where action = 'recommendation.themes-override-removed' and entity_id = $1`,
      [String(rec)],
    ),
  )
})

test('counts and trends by year, council type and region count only what the actor may read', async () => {
  const pub = (await (await as(env.app, 'public')).get('/api/library/themes?by=year')).json()
  const admin = (await (await as(env.app, 'admin')).get('/api/library/themes?by=year')).json()
  const sum = (r: { categories: { recommendations: number }[] }) =>
    r.categories.reduce((a, c) => a + c.recommendations, 0)
  assert.ok(sum(pub) > 0)
  assert.ok(sum(admin) > sum(pub), 'the programme office also counts the drafts')
  assert.ok(!pub.categories.some((c: { key: string }) => c.key === '2026' && false))
  const gov = pub.series.find((s: { theme: string }) => s.theme === 'governance')
  assert.equal(gov.counts.length, pub.categories.length)
  assert.ok(gov.total >= 2)
  for (const by of ['type', 'region'] as const) {
    const r = (await (await as(env.app, 'public')).get(`/api/library/themes?by=${by}`)).json()
    assert.equal(r.by, by)
    assert.equal(sum(r), sum(pub))
  }
  const html = (await (await as(env.app, 'public')).get('/library/themes?by=region')).body
  assert.match(html, /East Midlands/)
  assert.match(html, /<table class="govuk-table/)
})

test('repeat findings: a later review’s recommendations paired with the earlier ones, recurring flagged, closure from the plan', async () => {
  const admin = (await (await as(env.app, 'admin')).get('/api/councils/BLA/repeat-findings')).json()
  assert.equal(admin.reviews.length, 2)
  const recs = admin.later[0].recommendations
  const scrutiny = recs.find((r: { title: string }) => /scrutiny/.test(r.title))
  assert.equal(scrutiny.recurring, true)
  assert.match(scrutiny.matches[0].title, /Review and refresh the scrutiny function/)
  assert.ok(scrutiny.matches[0].score >= 0.3)
  assert.ok(scrutiny.matches[0].words.includes('scrutiny'))
  assert.equal(scrutiny.matches[0].closure, 'closed')
  const climate = recs.find((r: { title: string }) => /climate/.test(r.title))
  assert.equal(climate.recurring, false)
  assert.equal(admin.recurring, 2)
  // The public sees the published pairs, but not the council's working action plan.
  const pub = (await (await as(env.app, 'public')).get('/api/councils/BLA/repeat-findings')).json()
  const ps = pub.later[0].recommendations.find((r: { title: string }) => /scrutiny/.test(r.title))
  assert.equal(ps.matches[0].closure, 'not-visible')
  // Councils like mine: the register's type, region first, then population.
  assert.ok(admin.likeMine.length > 0)
  assert.equal(admin.likeMine[0].sameRegion, true)
  assert.ok(admin.likeMine.every((c: { typeName: string }) => c.typeName === 'Non-metropolitan district'))
  const html = (await (await as(env.app, 'public')).get('/councils/BLA/repeat-findings')).body
  assert.match(html, /Recurring/)
  assert.match(html, /The action plan is not shown to you/)
})

test('councils given similar recommendations: only what the actor may read', async () => {
  const pcm = await as(env.app, 'pcm')
  const har = await challengeId(env.db, 'CPC-2026-HAR')
  const title = 'Refresh the scrutiny function and its work programme at Harlow'
  assert.ok(
    (await pcm.post(`/api/challenges/${har}/recommendations`, { json: { kind: 'key', title } })).statusCode < 300,
  )
  const names = async (who: 'public' | 'pcm' | 'nwl') =>
    (
      (await (await as(env.app, who)).get('/api/councils/BLA/repeat-findings')).json().similarCouncils as {
        code: string
      }[]
    ).map((s) => s.code)
  assert.ok((await names('pcm')).includes('HAR'))
  assert.ok(!(await names('public')).includes('HAR'))
  assert.ok(!(await names('nwl')).includes('HAR'))
})
