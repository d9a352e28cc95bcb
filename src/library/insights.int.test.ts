import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, demoEnv, TODAY, type TestEnv } from '../testing/harness.ts'
import { Params } from '../db/sql.ts'
import { libraryPublicRuleSql } from '../auth/policy.ts'

/**
 * Insights (issue 16): the charts' series are right on a seeded library, and each counts only what the caller may see.
 * A published and an unpublished challenge are added with known dates, events and a plan snapshot; the public's
 * numbers grow by the published one alone, the programme office's by both. The stored public date of every library
 * entry agrees with the access model's rule.
 */
let env: TestEnv
before(async () => {
  env = await demoEnv()
})
after(async () => env?.close())

interface Chart {
  id: string
  summary: string
  categories: string[]
  series: { key: string; label: string; values: number[] }[]
  table: { head: string[]; rows: string[][] }
}
async function charts(who: 'public' | 'admin'): Promise<Record<string, Chart>> {
  const res = await (await as(env.app, who)).get('/api/library/insights')
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json() as { charts: Chart[] }
  return Object.fromEntries(body.charts.map((c) => [c.id, c]))
}
const value = (c: Chart | undefined, series: string, year: string) => {
  if (!c) return 0
  const i = c.categories.indexOf(year)
  const s = c.series.find((x) => x.key === series)
  return i < 0 || !s ? 0 : s.values[i]!
}

async function addChallenge(ref: string, opts: { published: boolean; start: string; end: string; review: string }) {
  const db = env.db
  const fw = (await db.one<{ id: number }>(
    `select id from frameworks where review_type = $1 and effective_from <= $2 order by effective_from desc limit 1`,
    [opts.review, opts.start],
  ))!.id
  const council = (await db.one<{ id: number }>(`select id from councils where code = 'OAD'`))!.id
  return (await db.one<{ id: number }>(
    `insert into challenges (reference, council_id, review_type, framework_id, stage, onsite_start, onsite_end, report_public_from, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) returning id`,
    [
      ref,
      council,
      opts.review,
      fw,
      opts.published ? 'published' : 'drafting',
      opts.start,
      opts.end,
      opts.published ? '2025-04-20' : null,
    ],
  ))!.id
}

test('the series count what each may see: the public the published challenge alone, the programme office both', async () => {
  const [pub0, adm0] = [await charts('public'), await charts('admin')]
  const region = (await env.db.one<{ r: string }>(`select region as r from councils where code = 'OAD'`))!.r
  const regionKey = (c: Record<string, Chart>) =>
    c['chart-reviews-region']?.series.find((s) => s.label === region)?.key ?? region
  // Published: visit ended 10 March 2025, report published 20 April (on time), plan published 1 October (late: 5 months).
  const pub = await addChallenge('TEST-INS-PUB', {
    published: true,
    start: '2025-03-03',
    end: '2025-03-10',
    review: 'fpc',
  })
  // Not published: visit in 2025 too, nothing published (the report is overdue).
  const priv = await addChallenge('TEST-INS-PRIV', {
    published: false,
    start: '2025-05-05',
    end: '2025-05-08',
    review: 'fpc',
  })
  for (const [id, code, on] of [
    [pub, 'report_published', '2025-04-20'],
    [pub, 'action_plan_published', '2025-10-01'],
  ] as const)
    await env.db.query(
      `insert into challenge_events (challenge_id, code, occurred_on, recorded_at) values ($1, $2, $3, now())`,
      [id, code, on],
    )
  // Each has a plan reported in 2025 (the published one's snapshot public), and recommendations under a theme.
  const ruleset = (await env.db.one<{ code: string }>(`select code from plan_rulesets limit 1`))!.code
  for (const [id, publicFrom, rag] of [
    [pub, '2025-10-01', { red: 1, amber: 2, green: 3 }],
    [priv, null, { red: 4, amber: 0, green: 0 }],
  ] as const) {
    const plan = (await env.db.one<{ id: number }>(
      `insert into action_plans (challenge_id, ruleset, created_at, updated_at) values ($1, $2, now(), now()) returning id`,
      [id, ruleset],
    ))!.id
    // An earlier report in the year is not counted: each plan's latest in the year is.
    for (const [asOf, counts] of [
      ['2025-06-01', { rag: { red: 9, amber: 9, green: 9 } }],
      ['2025-11-01', { rag }],
    ] as const)
      await env.db.query(
        `insert into plan_snapshots (plan_id, title, as_of, public_from, schema_version, content, created_at) values ($1, 'Test', $2, $3, 1, $4, now())`,
        [plan, asOf, publicFrom, JSON.stringify({ counts })],
      )
    const theme = (await env.db.one<{ k: string }>(
      `select t->>'key' as k from challenges c join frameworks f on f.id = c.framework_id, jsonb_array_elements(f.themes) t where c.id = $1 limit 1`,
      [id],
    ))!.k
    const recs = await env.db.query<{ id: number }>(
      `insert into recommendations (challenge_id, kind, theme_key, number, title, body) values ($1, 'theme', $2, 1, 'Test one', 'x'), ($1, 'theme', $2, 2, 'Test two', 'y') returning id`,
      [id, theme],
    )
    // written here in SQL, not through the service that classifies them: their recommendation theme set as the
    // classifier would (the chart counts recommendation themes once the library holds them)
    for (const r of recs)
      await env.db.query(
        `insert into recommendation_themes (recommendation_id, theme, score, confidence, explanation) values ($1, 'governance', 1, 0.9, '{"schemaVersion": 1, "terms": []}')`,
        [r.id],
      )
  }
  const [pub1, adm1] = [await charts('public'), await charts('admin')]
  const delta = (a: Record<string, Chart>, b: Record<string, Chart>, chart: string, series: string, year = '2025') =>
    value(b[chart], series, year) - value(a[chart], series, year)
  // Reviews held per year, by type and by region.
  assert.equal(delta(pub0, pub1, 'chart-reviews-type', 'fpc'), 1)
  assert.equal(delta(adm0, adm1, 'chart-reviews-type', 'fpc'), 2)
  assert.equal(delta(pub0, pub1, 'chart-reviews-region', regionKey(pub1)), 1)
  assert.equal(delta(adm0, adm1, 'chart-reviews-region', regionKey(adm1)), 2)
  // Deadlines: the published report on time, its plan late; the unpublished report overdue (the office's alone).
  assert.equal(delta(pub0, pub1, 'chart-deadline-report', 'on-time'), 1)
  assert.equal(delta(pub0, pub1, 'chart-deadline-report', 'missed'), 0)
  assert.equal(delta(adm0, adm1, 'chart-deadline-report', 'missed'), 1)
  assert.equal(delta(pub0, pub1, 'chart-deadline-plan', 'late'), 1)
  assert.equal(delta(pub0, pub1, 'chart-deadline-plan', 'on-time'), 0)
  // RAG as last reported in the year: the published plan's snapshot alone for the public.
  for (const [k, n] of [
    ['red', 1],
    ['amber', 2],
    ['green', 3],
  ] as const) {
    assert.equal(delta(pub0, pub1, 'chart-rag', k), n, k)
    assert.equal(delta(adm0, adm1, 'chart-rag', k), n + (k === 'red' ? 4 : 0), k)
  }
  // Themes: two recommendations each; the public sees the published challenge's.
  const sum = (c: Chart | undefined) =>
    c ? c.series.reduce((n, s) => n + (s.values[c.categories.indexOf('2025')] ?? 0), 0) : 0
  assert.equal(sum(pub1['chart-themes']) - sum(pub0['chart-themes']), 2)
  assert.equal(sum(adm1['chart-themes']) - sum(adm0['chart-themes']), 4)
  // Each chart's table has a row a year and the series' numbers; the summary is a sentence.
  for (const c of Object.values(pub1)) {
    assert.equal(c.table.rows.length, c.categories.length, c.id)
    assert.match(c.summary, /\.$/, c.id)
  }
})

test('the insights page shows each chart as an image with its title, summary and table, without JavaScript', async () => {
  const res = await (await as(env.app, 'public')).get('/library/insights')
  assert.equal(res.statusCode, 200)
  const svgs = res.body.match(/<svg [^>]*role="img"[^>]*>/g) ?? []
  assert.ok(svgs.length >= 5, `${svgs.length} charts`)
  for (const s of svgs) assert.match(s, /aria-labelledby="chart-[a-z-]+-title chart-[a-z-]+-desc"/)
  assert.equal((res.body.match(/<table class="govuk-table app-chart__table">/g) ?? []).length, svgs.length)
  // The pictures are markup alone: nothing to run.
  for (const svg of res.body.match(/<svg[\s\S]*?<\/svg>/g) ?? [])
    assert.doesNotMatch(svg, /<script|<foreignObject|\son[a-z]+=/i)
})

test('every library entry’s stored public date agrees with the access model’s rule for the public', async () => {
  const q = new Params()
  const rule = libraryPublicRuleSql(q, TODAY, 'l', 'c')
  const rows = await env.db.query<{ id: number; stored: boolean; rule: boolean }>(
    `select l.id, coalesce(l.public_from <= ${q.add(TODAY)}, false) as stored, ${rule} as rule
       from library_entries l join challenges c on c.id = l.challenge_id`,
    q.values,
  )
  assert.ok(rows.some((r) => r.rule) && rows.some((r) => !r.rule), 'the demo has public and private entries')
  assert.deepEqual(
    rows.filter((r) => r.stored !== r.rule),
    [],
  )
})
