import { z } from 'zod'
import { audit } from '../audit/audit.ts'
import { actionPlanScope, assertCan, can, libraryScope, publicSql } from '../auth/policy.ts'
import { userId, type Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { Params } from '../db/sql.ts'
import { EXPLANATION_SCHEMA_VERSION } from './repo.ts'
import { labelledSet, stopwords, taxonomy, themeTitle } from './reference.ts'
import { RECURRING_SCORE, contentStems, documentFrequencies, pairRecommendations, similarity, vector } from './rules.ts'
import type { MatchedTerm } from './rules.ts'

/**
 * Recommendation themes and repeat findings (issue 16, decision 0023). Every read goes through the access model: a
 * recommendation is read through its library passage and the policy's libraryScope (the public: published ones), an
 * action plan's actions likewise. Overriding a theme is the programme office's (policy: 'override-rec-themes').
 */

/** A visible recommendation: its passage in the library, under the policy's scope. */
function visibleRecsSql(ctx: Ctx, q: Params, where: string[]): string {
  return `select r.id, r.challenge_id as "challengeId", r.kind, r.number, r.title, r.body, c.reference,
          co.id as "councilId", co.code as "councilCode", co.nice_name as "councilName",
          coalesce(c.onsite_start, l.entry_date) as "onsite", l.href,
          extract(year from coalesce(c.onsite_start, l.entry_date))::int as year
     from library_entries l join recommendations r on r.id = l.source_id
     join challenges c on c.id = l.challenge_id join councils co on co.id = c.council_id
    where l.source = 'recommendation' and ${libraryScope(ctx.actor, q, ctx.clock.today(), 'l')}
      ${where.map((w) => `and ${w}`).join(' ')}`
}

interface VisibleRec {
  id: number
  challengeId: number
  kind: string
  number: number
  title: string
  body: string
  reference: string
  councilId: number
  councilCode: string
  councilName: string
  onsite: string | null
  href: string
  year: number | null
}

function recLabel(r: Pick<VisibleRec, 'kind' | 'number'>): string {
  return r.kind === 'key' ? `Key recommendation ${r.number}` : `Recommendation ${r.number}`
}

// ---------------------------------------------------------------------------------------------------------------
// One recommendation's themes, why, and the override.

export const overrideInput = z.object({
  themes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
  reason: z.string().trim().max(2000).default(''),
})

async function visibleRec(ctx: Ctx, challengeId: number, recId: number): Promise<VisibleRec> {
  const q = new Params()
  const sql = visibleRecsSql(ctx, q, [`r.id = ${q.add(recId)}`, `r.challenge_id = ${q.add(challengeId)}`])
  const r = await ctx.db.one<VisibleRec>(sql, q.values)
  if (!r) throw AppError.notFound('Recommendation')
  return r
}

export async function recommendationThemes(ctx: Ctx, challengeId: number, recId: number) {
  const r = await visibleRec(ctx, challengeId, recId)
  const t = taxonomy()
  const classifier = await ctx.db.query<{
    theme: string
    score: number
    confidence: number
    explanation: { terms: MatchedTerm[]; taxonomyVersion?: number }
  }>(
    `select theme, score::float8 as score, confidence::float8 as confidence, explanation
       from recommendation_themes where recommendation_id = $1 order by score desc, theme`,
    [recId],
  )
  const o = await ctx.db.one<{ themes: string[]; reason: string; actorLabel: string; at: Date }>(
    `select themes, reason, actor_label as "actorLabel", at from recommendation_theme_overrides where recommendation_id = $1`,
    [recId],
  )
  const canOverride = can(ctx.actor, 'override-rec-themes')
  const classified = classifier.map((c) => ({
    key: c.theme,
    title: themeTitle(c.theme),
    score: c.score,
    confidence: c.confidence,
    terms: c.explanation.terms,
  }))
  const inForce = o
    ? o.themes.map((k) => ({ key: k, title: themeTitle(k), origin: 'override' as const, confidence: null }))
    : classified.map((c) => ({ key: c.key, title: c.title, origin: 'classifier' as const, confidence: c.confidence }))
  return {
    recommendation: {
      id: r.id,
      challengeId: r.challengeId,
      reference: r.reference,
      label: recLabel(r),
      title: r.title,
      body: r.body,
      href: r.href,
      council: { code: r.councilCode, name: r.councilName },
    },
    themes: inForce,
    classifier: classified,
    override: o
      ? {
          themes: o.themes.map((k) => ({ key: k, title: themeTitle(k) })),
          reason: canOverride ? o.reason : null,
          by: canOverride ? o.actorLabel : null,
          at: o.at.toISOString(),
        }
      : null,
    taxonomy: { version: t.version, themes: t.themes.map((th) => ({ key: th.key, title: th.title })) },
    canOverride,
  }
}

/** The programme office sets the themes of a recommendation (none is allowed), with a reason; audited. */
export async function overrideThemes(ctx: Ctx, challengeId: number, recId: number, input: unknown): Promise<void> {
  assertCan(ctx.actor, 'override-rec-themes')
  const r = await visibleRec(ctx, challengeId, recId)
  const parsed = overrideInput.safeParse(input ?? {})
  if (!parsed.success) throw AppError.validation({ themes: 'Choose the themes from the list' })
  const keys = new Set(taxonomy().themes.map((t) => t.key))
  const themes = [...new Set(parsed.data.themes)]
  const errors: Record<string, string> = {}
  if (themes.some((k) => !keys.has(k))) errors.themes = 'Choose the themes from the list'
  else if (themes.length > 5) errors.themes = 'Choose at most 5 themes'
  if (!parsed.data.reason) errors.reason = 'Say why the themes are changed'
  if (Object.keys(errors).length) throw AppError.validation(errors)
  await ctx.db.transaction(async (tx) => {
    const before = await tx.one<{ themes: string[] }>(
      `select themes from recommendation_theme_overrides where recommendation_id = $1 for update`,
      [recId],
    )
    const classifierThemes = (
      await tx.query<{ theme: string }>(
        `select theme from recommendation_themes where recommendation_id = $1 order by score desc, theme`,
        [recId],
      )
    ).map((x) => x.theme)
    await tx.query(
      `insert into recommendation_theme_overrides (recommendation_id, themes, reason, user_id, actor_label, at)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (recommendation_id) do update set themes = excluded.themes, reason = excluded.reason,
         user_id = excluded.user_id, actor_label = excluded.actor_label, at = excluded.at`,
      [
        recId,
        themes,
        parsed.data.reason,
        userId(ctx.actor),
        ctx.actor.kind === 'user' ? ctx.actor.name : 'system',
        ctx.clock.now(),
      ],
    )
    await audit(tx, ctx, {
      action: 'recommendation.themes-overridden',
      entity: 'recommendation',
      entityId: recId,
      challengeId,
      councilId: r.councilId,
      visibility: 'programme',
      before: { themes: before?.themes ?? classifierThemes, origin: before ? 'override' : 'classifier' },
      after: { themes, reason: parsed.data.reason },
    })
  })
}

/** Back to the classifier's themes; audited. */
export async function clearOverride(ctx: Ctx, challengeId: number, recId: number): Promise<void> {
  assertCan(ctx.actor, 'override-rec-themes')
  const r = await visibleRec(ctx, challengeId, recId)
  await ctx.db.transaction(async (tx) => {
    const gone = await tx.one<{ themes: string[]; reason: string }>(
      `delete from recommendation_theme_overrides where recommendation_id = $1 returning themes, reason`,
      [recId],
    )
    if (!gone) throw AppError.conflict('The themes are the classifier’s already')
    await audit(tx, ctx, {
      action: 'recommendation.themes-override-removed',
      entity: 'recommendation',
      entityId: recId,
      challengeId,
      councilId: r.councilId,
      visibility: 'programme',
      before: { themes: gone.themes, reason: gone.reason },
      after: { origin: 'classifier' },
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Counts and trends.

export type Dimension = 'year' | 'type' | 'region'
export const DIMENSIONS: { key: Dimension; label: string }[] = [
  { key: 'year', label: 'Year of the visit' },
  { key: 'type', label: 'Council type' },
  { key: 'region', label: 'Region' },
]

export interface ThemeSeries {
  dimension: Dimension
  /** The columns: years (oldest first), council types or regions, with the recommendations counted in each. */
  categories: { key: string; label: string; recommendations: number }[]
  /** One series a theme: the recommendations with that theme in force in each category (a recommendation may count under several themes). */
  series: { theme: string; title: string; total: number; counts: number[] }[]
  /** Recommendations with no theme in force, per category. */
  unthemed: number[]
}

/**
 * The recommendations with each theme, by year of the visit, council type or region: the series the charts draw
 * (charts: call this) and the tables show. Only the recommendations the actor may read are counted.
 */
export async function themeSeries(ctx: Ctx, dimension: Dimension): Promise<ThemeSeries> {
  const q = new Params()
  const cat =
    dimension === 'year'
      ? `coalesce(extract(year from v."onsite")::text, 'unknown')`
      : dimension === 'type'
        ? `coalesce(co.la_type, 'unknown')`
        : `coalesce(co.region, 'unknown')`
  const label = dimension === 'type' ? `coalesce(min(co.la_type_name), ${cat})` : cat
  const rows = await ctx.db.query<{ cat: string; theme: string; n: number }>(
    `with v as (${visibleRecsSql(ctx, q, [])})
     select ${cat} as cat, e.theme, count(distinct v.id)::int as n
       from v join councils co on co.id = v."councilId"
       join recommendation_theme_effective e on e.recommendation_id = v.id
      group by ${cat}, e.theme`,
    q.values,
  )
  const q2 = new Params()
  const totals = await ctx.db.query<{ cat: string; label: string; n: number; unthemed: number }>(
    `with v as (${visibleRecsSql(ctx, q2, [])})
     select ${cat} as cat, ${label} as label, count(*)::int as n,
            count(*) filter (where not exists (select 1 from recommendation_theme_effective e where e.recommendation_id = v.id))::int as unthemed
       from v join councils co on co.id = v."councilId" group by ${cat} order by 1`,
    q2.values,
  )
  const categories = totals
    .map((t) => ({ key: t.cat, label: t.label, recommendations: t.n, unthemed: t.unthemed }))
    .sort((a, b) => (dimension === 'year' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)))
  const index = new Map(categories.map((c, i) => [c.key, i]))
  const series = taxonomy().themes.map((th) => {
    const counts = categories.map(() => 0)
    for (const r of rows) if (r.theme === th.key) counts[index.get(r.cat)!] = r.n
    return { theme: th.key, title: th.title, total: counts.reduce((a, b) => a + b, 0), counts }
  })
  return {
    dimension,
    categories: categories.map(({ key, label, recommendations }) => ({ key, label, recommendations })),
    series,
    unthemed: categories.map((c) => c.unthemed),
  }
}

export const trendsQuery = z.object({ by: z.enum(['year', 'type', 'region']).optional() })

export async function themeTrends(ctx: Ctx, raw: unknown) {
  const parsed = trendsQuery.safeParse(raw ?? {})
  const by: Dimension = parsed.success ? (parsed.data.by ?? 'year') : 'year'
  const data = await themeSeries(ctx, by)
  const t = taxonomy()
  const set = labelledSet()
  return {
    by,
    dimensions: DIMENSIONS.map((d) => ({ ...d, selected: d.key === by, href: `/library/themes?by=${d.key}` })),
    ...data,
    taxonomy: {
      version: t.version,
      effectiveFrom: t.effectiveFrom,
      source: t.source,
      themes: t.themes.map((th) => ({ key: th.key, title: th.title, description: th.description })),
    },
    labelledSet: { size: set.examples.length, labelling: set.labelling },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Repeat findings and learning partners.

type Closure = 'closed' | 'partly' | 'open' | 'no-actions' | 'no-plan' | 'not-visible'
const CLOSURE_LABELS: Record<Closure, string> = {
  closed: 'Closed: every action for it complete',
  partly: 'Partly closed: some of its actions complete',
  open: 'Not closed: its actions are not complete',
  'no-actions': 'No action in the plan served it',
  'no-plan': 'No action plan recorded',
  'not-visible': 'The action plan is not shown to you',
}

/** How the earlier action plans closed these recommendations: said only to those who may read the plan. */
async function closures(ctx: Ctx, recs: VisibleRec[]): Promise<Map<number, Closure>> {
  const out = new Map<number, Closure>()
  if (!recs.length) return out
  const q = new Params()
  const ids = q.add(recs.map((r) => r.id))
  const may = actionPlanScope(ctx.actor, q, ctx.clock.today(), 'c')
  const rows = await ctx.db.query<{ id: number; may: boolean; plan: boolean; total: number; done: number }>(
    `select r.id, ${may} as may, exists (select 1 from action_plans p where p.challenge_id = r.challenge_id) as plan,
            count(a.id)::int as total, count(a.id) filter (where a.status in ('complete', 'bau'))::int as done
       from recommendations r join challenges c on c.id = r.challenge_id
       left join action_recommendations ar on ar.recommendation_id = r.id
       left join plan_actions a on a.id = ar.action_id
      where r.id = any(${ids}::int[])
      group by r.id, r.challenge_id, c.id`,
    q.values,
  )
  for (const r of rows) {
    out.set(
      r.id,
      !r.may
        ? 'not-visible'
        : !r.plan
          ? 'no-plan'
          : r.total === 0
            ? 'no-actions'
            : r.done === r.total
              ? 'closed'
              : r.done > 0
                ? 'partly'
                : 'open',
    )
  }
  return out
}

export async function repeatFindings(ctx: Ctx, code: string) {
  const council = await ctx.db.one<{
    id: number
    code: string
    name: string
    type: string | null
    typeName: string | null
    region: string | null
    population: number | null
  }>(
    `select id, code, nice_name as name, la_type as type, la_type_name as "typeName", region, population
       from councils where code = $1`,
    [code.toUpperCase()],
  )
  if (!council) throw AppError.notFound('Council')
  const q = new Params()
  const recs = await ctx.db.query<VisibleRec>(
    `${visibleRecsSql(ctx, q, [`co.id = ${q.add(council.id)}`])} order by "onsite" nulls first, r.challenge_id, r.kind, r.number`,
    q.values,
  )
  // The reviews, oldest first; each later review's recommendations paired with every earlier review's.
  const reviews: { challengeId: number; reference: string; onsite: string | null; recs: VisibleRec[] }[] = []
  for (const r of recs) {
    let rv = reviews.find((x) => x.challengeId === r.challengeId)
    if (!rv) reviews.push((rv = { challengeId: r.challengeId, reference: r.reference, onsite: r.onsite, recs: [] }))
    rv.recs.push(r)
  }
  const byId = new Map(recs.map((r) => [r.id, r]))
  const earlierAll = reviews.flatMap((rv, i) => (i === 0 ? [] : rv.recs)).length
  const closure = await closures(
    ctx,
    reviews.slice(0, -1).flatMap((rv) => rv.recs),
  )
  const sw = stopwords()
  const later = reviews.slice(1).map((rv, i) => {
    const earlier = reviews.slice(0, i + 1).flatMap((x) => x.recs)
    const pairs = pairRecommendations(rv.recs, earlier, sw, { top: 3, minScore: 0.1 })
    return {
      challengeId: rv.challengeId,
      reference: rv.reference,
      onsite: rv.onsite,
      recommendations: pairs.map((p) => {
        const r = byId.get(p.id)!
        return {
          id: r.id,
          label: recLabel(r),
          title: r.title,
          href: r.href,
          recurring: p.recurring,
          matches: p.matches.map((m) => {
            const e = byId.get(m.id)!
            const c = closure.get(e.id) ?? 'not-visible'
            return {
              id: e.id,
              reference: e.reference,
              label: recLabel(e),
              title: e.title,
              href: e.href,
              score: m.score,
              words: m.words.slice(0, 8),
              closure: c,
              closureLabel: CLOSURE_LABELS[c],
            }
          }),
        }
      }),
    }
  })
  return {
    council: {
      code: council.code,
      name: council.name,
      typeName: council.typeName,
      region: council.region,
      population: council.population,
    },
    reviews: reviews.map((rv) => ({
      challengeId: rv.challengeId,
      reference: rv.reference,
      onsite: rv.onsite,
      recommendations: rv.recs.length,
    })),
    comparedRecommendations: earlierAll,
    recurringScore: RECURRING_SCORE,
    later,
    recurring: later.reduce((n, l) => n + l.recommendations.filter((r) => r.recurring).length, 0),
    similarCouncils: await similarCouncils(ctx, council.id, reviews.at(-1)?.recs ?? []),
    likeMine: await councilsLikeMine(ctx, council),
  }
}

/**
 * "Councils that were given similar recommendations": the latest review's recommendations compared with every other
 * council's the actor may read (candidates found by the full-text index on their main words), best councils first.
 */
async function similarCouncils(ctx: Ctx, councilId: number, mine: VisibleRec[]) {
  if (!mine.length) return []
  const sw = stopwords()
  const mineToks = mine.map((r) => contentStems(`${r.title} ${r.body}`, sw))
  // Candidates: any recommendation sharing a main word (the index's lexemes are the same Porter2 stems).
  const lexemes = [...new Set(mineToks.flat().map((t) => t.stem))].filter((s) => /^[a-z0-9]+$/.test(s)).slice(0, 60)
  if (!lexemes.length) return []
  const q = new Params()
  const tsq = q.add(lexemes.join(' | '))
  const others = await ctx.db.query<VisibleRec>(
    `${visibleRecsSql(ctx, q, [`co.id <> ${q.add(councilId)}`, `l.search @@ to_tsquery('simple', ${tsq})`])}
     order by ts_rank(l.search, to_tsquery('simple', ${tsq})) desc, r.id limit 400`,
    q.values,
  )
  const otherToks = others.map((r) => contentStems(`${r.title} ${r.body}`, sw))
  const freq = documentFrequencies([...mineToks, ...otherToks])
  const mv = mineToks.map((t) => vector(t, freq))
  const best = new Map<
    number,
    {
      council: string
      name: string
      score: number
      pairs: { mine: string; theirs: string; href: string; score: number; words: string[] }[]
    }
  >()
  others.forEach((o, j) => {
    const ov = vector(otherToks[j]!, freq)
    mv.forEach((v, i) => {
      const s = similarity(v, ov)
      if (s.score < 0.2) return
      const b = best.get(o.councilId) ?? { council: o.councilCode, name: o.councilName, score: 0, pairs: [] }
      b.pairs.push({ mine: mine[i]!.title, theirs: o.title, href: o.href, score: s.score, words: s.words.slice(0, 6) })
      best.set(o.councilId, b)
    })
  })
  return [...best.values()]
    .map((b) => {
      b.pairs.sort((x, y) => y.score - x.score)
      // A council's score: its best pair for each of my recommendations, summed.
      const perMine = new Map<string, number>()
      for (const p of b.pairs) perMine.set(p.mine, Math.max(perMine.get(p.mine) ?? 0, p.score))
      const score = Math.round([...perMine.values()].reduce((a, x) => a + x, 0) * 100) / 100
      return { code: b.council, name: b.name, score, matched: perMine.size, examples: b.pairs.slice(0, 2) }
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, 8)
}

/** "Councils like mine": the same type and region first, then the same type, nearest in population. Public data. */
async function councilsLikeMine(
  ctx: Ctx,
  c: { id: number; type: string | null; region: string | null; population: number | null },
) {
  const q = new Params([c.id, c.type, c.region, c.population])
  const rows = await ctx.db.query<{
    code: string
    name: string
    typeName: string | null
    region: string | null
    population: number | null
    reviews: number
  }>(
    `select co.code, co.nice_name as name, co.la_type_name as "typeName", co.region, co.population,
            (select count(*)::int from challenges ch where ch.council_id = co.id and ${publicSql(q, ctx.clock.today(), 'ch')}) as reviews
       from councils co
      where co.id <> $1 and co.la_type is not distinct from $2 and co.end_date is null
      order by (co.region is not distinct from $3) desc,
               abs(coalesce(co.population, 0) - coalesce($4::int, 0)), co.nice_name
      limit 8`,
    q.values,
  )
  return rows.map((r) => ({ ...r, sameRegion: r.region === c.region, href: `/councils/${r.code}` }))
}

export { EXPLANATION_SCHEMA_VERSION }
