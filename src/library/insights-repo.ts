import type { Actor } from '../common/context.ts'
import type { Queryable } from '../db/db.ts'
import { Params } from '../db/sql.ts'
import { challengeScope, libraryScope, planSnapshotScope } from '../auth/policy.ts'

/**
 * The insights' SQL (issue 16, decision 0024): counts for the charts, each over what the actor may see through the
 * access model (the public: published challenges, public library entries, published plan snapshots).
 */

export interface CountRow {
  year: number
  key: string
  label: string
  n: number
}

/** Reviews held (the visit begun by today, not cancelled) per year of the visit, by review type or by region. */
export async function reviewsPerYear(
  db: Queryable,
  actor: Actor,
  today: string,
  by: 'type' | 'region',
): Promise<CountRow[]> {
  const q = new Params()
  const scope = challengeScope(actor, q, today, 'c')
  const t = q.add(today)
  const key = by === 'type' ? 'c.review_type' : `coalesce(co.region, '')`
  const label = by === 'type' ? 'min(rt.name)' : `coalesce(co.region, 'No region')`
  return db.query<CountRow>(
    `select extract(year from c.onsite_start)::int as year, ${key} as key, ${label} as label, count(*)::int as n
       from challenges c join councils co on co.id = c.council_id join review_types rt on rt.code = c.review_type
      where c.onsite_start is not null and c.onsite_start <= ${t} and c.stage <> 'cancelled' and ${scope}
      group by 1, 2${by === 'region' ? ', co.region' : ''} order by 1, 2`,
    q.values,
  )
}

export interface DeadlineChallengeRow {
  id: number
  frameworkId: number
  stage: string
  onsiteStart: string | null
  onsiteEnd: string | null
  onsitePrecision: 'day' | 'month'
  parentStart: string | null
  parentEnd: string | null
  parentPrecision: 'day' | 'month' | null
}

/** The challenges whose visit has ended, with what their publication deadlines are computed from. */
export async function deadlineFacts(db: Queryable, actor: Actor, today: string) {
  const q = new Params()
  const scope = challengeScope(actor, q, today, 'c')
  const t = q.add(today)
  const challenges = await db.query<DeadlineChallengeRow>(
    `select c.id, c.framework_id as "frameworkId", c.stage, c.onsite_start::text as "onsiteStart",
            c.onsite_end::text as "onsiteEnd", c.onsite_precision as "onsitePrecision",
            p.onsite_start::text as "parentStart", p.onsite_end::text as "parentEnd", p.onsite_precision as "parentPrecision"
       from challenges c left join challenges p on p.id = c.parent_id
      where c.onsite_end is not null and c.onsite_end <= ${t} and c.stage <> 'cancelled' and ${scope}
      order by c.id`,
    q.values,
  )
  const ids = challenges.map((c) => c.id)
  const events = await db.query<{ challengeId: number; code: string; on: string }>(
    `select challenge_id as "challengeId", code, occurred_on::text as "on" from challenge_events
      where challenge_id = any($1) and occurred_on <= $2 order by challenge_id, occurred_on, id`,
    [ids, today],
  )
  const stated = await db.query<{
    challengeId: number
    ruleCode: string
    due: string
    precision: 'day' | 'month'
    source: string
    note: string
  }>(
    `select challenge_id as "challengeId", rule_code as "ruleCode", due::text as due, precision, source, note
       from rule_overrides where challenge_id = any($1) order by id`,
    [ids],
  )
  return { challenges, events, stated }
}

/** Each action plan's latest snapshot in each year (as reported, the plan as it stood), with its counts. */
export async function snapshotCounts(db: Queryable, actor: Actor, today: string) {
  const q = new Params()
  const scope = planSnapshotScope(actor, q, today, 's', 'c')
  return db.query<{ year: number; planId: number; schemaVersion: number; counts: unknown }>(
    `select distinct on (s.plan_id, extract(year from s.as_of)) extract(year from s.as_of)::int as year,
            s.plan_id as "planId", s.schema_version as "schemaVersion", s.content->'counts' as counts
       from plan_snapshots s join action_plans p on p.id = s.plan_id join challenges c on c.id = p.challenge_id
      where ${scope}
      order by s.plan_id, extract(year from s.as_of), s.as_of desc, s.id desc`,
    q.values,
  )
}

/**
 * Recommendations per year by theme: the recommendation theme a classifier assigned (`rec_theme`) where there is one,
 * else the framework theme a per-theme recommendation sits under; from the library's entries the actor may see.
 */
export async function recommendationThemes(db: Queryable, actor: Actor, today: string) {
  const q = new Params()
  const scope = libraryScope(actor, q, today, 'l')
  return db.query<{ year: number; recTheme: string | null; themeKey: string | null; n: number }>(
    `select l.year, l.rec_theme as "recTheme", l.theme_key as "themeKey", count(*)::int as n
       from library_entries l
      where l.source = 'recommendation' and l.year is not null and ${scope}
      group by 1, 2, 3 order by 1`,
    q.values,
  )
}

/** The framework themes' titles by key (the newest framework's wording). */
export async function themeTitles(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; title: string }>(
    `select distinct on (t->>'key') t->>'key' as key, t->>'title' as title
       from frameworks fw, jsonb_array_elements(fw.themes) t order by t->>'key', fw.effective_from desc`,
  )
  return new Map(rows.map((r) => [r.key, r.title]))
}
