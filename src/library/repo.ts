import crypto from 'node:crypto'
import type { Actor } from '../common/context.ts'
import type { Db, Queryable } from '../db/db.ts'
import { Params } from '../db/sql.ts'
import { libraryScope, librarySupersededSql } from '../auth/policy.ts'
import { HL_START, HL_STOP, type LibraryFilters, type Source } from './rules.ts'

/** At most this many hits are counted (and faceted); beyond it the page says "more than". */
export const COUNT_CAP = 10000
/** A search with more hits ranks the newest this many (by relevance) and shows the rest after them, newest first. */
export const RANK_WITHIN = 1000

export interface HitRow {
  id: number
  challengeId: number
  reference: string
  source: Source
  title: string
  /** The passage with the search terms between the sentinels HL_START and HL_STOP (escaped by the presenter). */
  titleMarked: string
  passage: string
  href: string
  entryDate: string | null
  themeKey: string | null
  themeTitle: string | null
  recTheme: string | null
  councilCode: string
  councilName: string
  councilType: string | null
  region: string | null
  reviewType: string
  reviewTypeName: string
  year: number | null
  rank: number
}

export interface FacetRow {
  facet: string
  value: string | null
  label: string | null
  n: number
}

/**
 * The WHERE clause of a search over `library_facts l` alone (decisions 0024, 0035): the text match, the access model's
 * scope, the superseded report versions, and the filters, on the facts each entry carries (migration 018).
 */
function whereSql(
  actor: Actor,
  q: Params,
  today: string,
  f: LibraryFilters,
): { where: string; walk: string; tsq: string | null } {
  const where: string[] = []
  let tsq: string | null = null
  if (f.q) {
    // A sub-select, computed once a statement: in a prepared statement's generic plan the terms are a parameter, and
    // the function of a parameter was parsed again for every row it was compared with or ranked (decision 0039).
    tsq = `(select websearch_to_tsquery('english', ${q.add(f.q)}))`
    where.push(`l.search @@ ${tsq}`)
  }
  where.push(libraryScope(actor, q, today, 'l'))
  const superseded = librarySupersededSql(actor, q, today, 'l')
  if (superseded !== 'false') where.push(`not ${superseded}`)
  if (f.year) where.push(`l.year = ${q.add(Number(f.year))}`)
  if (f.type) where.push(`l.la_type = ${q.add(f.type)}`)
  if (f.region) where.push(`l.region = ${q.add(f.region)}`)
  if (f.review) where.push(`l.review_type = ${q.add(f.review)}`)
  if (f.theme) where.push(`l.theme_key = ${q.add(f.theme)}`)
  if (f.recTheme) where.push(`l.rec_theme = ${q.add(f.recTheme)}`)
  if (f.source) where.push(`l.source = ${q.add(f.source)}`)
  if (f.council)
    where.push(`l.council_id = (select id from councils where code = ${q.add(f.council.toUpperCase())} limit 1)`)
  // The same condition with the text match as a function call, which no index serves: for the statements that walk the
  // date index, newest first, checking each entry until they have enough. A prepared statement's generic plan does not
  // know how many entries match (a parameter), so given the choice it read every match from the GIN index and sorted
  // them (92 ms for "council", 24,634 matches, on PGlite) instead of walking (13 ms) (decision 0039).
  const walk = tsq ? [`ts_match_vq(l.search, ${tsq})`, ...where.slice(1)] : where
  return { where: where.join('\n      and '), walk: walk.join('\n      and '), tsq }
}

/**
 * Runs a search's statement with the GIN index preferred: the planner does not count the cost of reading each row's
 * tsvector, so it often picks a sequential scan that is ten times slower (72 ms against 4 ms for a term in 10% of
 * 36,000 passages on PostgreSQL, more on PGlite). `set local` lasts for the statement's own transaction.
 */
async function preferIndex<T>(db: Db, text: boolean, run: (tx: Queryable) => Promise<T>): Promise<T> {
  // On PostgreSQL the hint now does harm: with the entries' own columns the planner picks the GIN index itself, and
  // with sequential scans disabled it planned the facets' statement at 2.5 s against 0.3 ms (EXPLAIN ANALYZE).
  if (!text || process.env['NOHINT']) return run(db)
  return db.transaction(async (tx) => {
    // The hint's cost penalty on the small tables that have no index to use (councils, frameworks) makes the plan look
    // expensive enough for PostgreSQL to compile it (JIT): 2-3 s. Nothing here gains from JIT. One statement for both.
    // A search's statements are prepared (decision 0039): planned once as generic plans, not at each search.
    await runPrepared(
      tx,
      db.kind === 'postgres'
        ? `select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),
                  set_config('plan_cache_mode', 'force_generic_plan', true)`
        : `select set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_generic_plan', true)`,
    )
    return run(tx)
  })
}

/**
 * Runs a statement prepared once per connection (decision 0039): the search's statements are a few shapes (by actor
 * kind and filters given) whose planning cost 3-10 ms a statement on PGlite, more than executing some of them.
 */
function runPrepared<T>(tx: Queryable, sql: string, params: unknown[] = []): Promise<T[]> {
  return tx.prepared ? tx.prepared<T>(sql, params) : tx.query<T>(sql, params)
}

/** The columns of a hit, for the rows `r` (id, rank) of a page, with the passages marked when `tsq` is given. */
function detailsSql(q: Params, tsq: string | null, full: boolean): string {
  const marks = tsq && !full
  const opts = marks ? q.add(`StartSel=${HL_START}, StopSel=${HL_STOP}, MaxWords=35, MinWords=15, MaxFragments=2`) : ''
  const titleOpts = marks ? q.add(`StartSel=${HL_START}, StopSel=${HL_STOP}, HighlightAll=true`) : ''
  return `select l.id, l.challenge_id as "challengeId", c.reference, l.source, l.title, l.href, l.entry_date as "entryDate",
            l.theme_key as "themeKey", l.rec_theme as "recTheme", co.code as "councilCode",
            co.nice_name as "councilName", co.la_type_name as "councilType", co.region, c.review_type as "reviewType",
            rt.name as "reviewTypeName", l.year, r.rank::float8 as rank,
            (select t->>'title' from frameworks fw, jsonb_array_elements(fw.themes) t
              where fw.id = c.framework_id and t->>'key' = l.theme_key limit 1) as "themeTitle",
            ${marks ? `ts_headline('english', l.title, ${tsq}, ${titleOpts})` : 'l.title'} as "titleMarked",
            ${
              full
                ? 'l.body'
                : tsq
                  ? `case when btrim(l.body) = '' then '' else ts_headline('english', l.body, ${tsq}, ${opts}) end`
                  : `left(l.body, 300)`
            } as passage
       from ranked r join library_entries l on l.id = r.id join challenges c on c.id = l.challenge_id
       join councils co on co.id = c.council_id join review_types rt on rt.code = c.review_type
      order by r.rank desc, l.entry_date desc nulls last, l.id desc`
}

const ORDER = `order by 2 desc, l.entry_date desc nulls last, l.id desc`

/** Hits in order, best first (or newest first without search terms), with highlighted passages (the open data: full text). */
export async function searchPage(
  db: Db,
  actor: Actor,
  today: string,
  f: LibraryFilters,
  page: { offset: number; limit: number; full?: boolean },
): Promise<HitRow[]> {
  const q = new Params()
  const { where, tsq } = whereSql(actor, q, today, f)
  const rank = tsq ? `ts_rank_cd(l.search, ${tsq})` : '0'
  const ranked = `select l.id, ${rank} as rank from library_facts l where ${where}
                   ${ORDER} limit ${q.add(page.limit)} offset ${q.add(page.offset)}`
  return preferIndex(db, !!tsq, (tx) =>
    runPrepared<HitRow>(tx, `with ranked as (${ranked}) ${detailsSql(q, tsq, !!page.full)}`, q.values),
  )
}

/**
 * A search in two statements (decisions 0024, 0035): one pass over the matching entries' compact copies
 * (library_facts) gives the count (up to COUNT_CAP + 1), the facets' counts and the page's ids in rank order
 * (ts_rank_cd reads each ranked hit's tsvector once); then the page's 20 rows are joined from library_entries and their
 * passages made (ts_headline reads the whole text). `countCap` lowers the cap (tests).
 */
export async function searchOnce(
  db: Db,
  actor: Actor,
  today: string,
  f: LibraryFilters,
  page: { offset: number; limit: number; rankWithin?: number; countCap?: number; cacheFrom?: number },
): Promise<{ facets: FacetRow[]; hits: HitRow[]; cached: boolean }> {
  const q = new Params()
  const { where, walk, tsq } = whereSql(actor, q, today, f)
  // What decides the count, the facets and the newest hits: the WHERE clause and its values (the terms, the filters,
  // the actor's scope, today's date), the caps; with the data version, the key of the cache (decision 0039).
  const key = cacheKey([where, q.values, page.countCap ?? COUNT_CAP, tsq ? (page.rankWithin ?? RANK_WITHIN) : null])
  const rank = tsq ? `ts_rank_cd(l.search, ${tsq})` : '0'
  const limit = q.add(page.limit)
  const offset = q.add(page.offset)
  return preferIndex(db, !!tsq, async (tx) => {
    // With search terms the count and facets read the first COUNT_CAP + 1 hits' narrow columns (the text match from
    // the GIN index, which needs no second look at each hit's tsvector), and only the newest RANK_WITHIN hits are
    // ranked (ts_rank_cd reads each hit's whole tsvector, which dominated broad searches: decision 0029); for a broad
    // search the newest come from the date index, checked one by one until there are enough. A search with fewer hits
    // ranks them all, as before; pages past the ranked ones go on newest first. Without terms the newest come from the
    // date index and the facets from the first COUNT_CAP + 1 entries.
    const within = tsq ? q.add(page.rankWithin ?? RANK_WITHIN) : ''
    const { version, cache } = await cacheRead(tx, key)
    const later = `later as (select l.id, 0::real as rank from library_facts l
                       where ${offset}::int + ${limit}::int > ${within}::int and ${walk}
                       order by l.entry_date desc nulls last, l.id desc
                       limit greatest(0, ${offset}::int + ${limit}::int - greatest(${offset}::int, ${within}::int))
                       offset greatest(${offset}::int, ${within}::int))`
    const rankedLimit = `limit greatest(0, least(${limit}::int, ${within}::int - ${offset}::int)) offset ${offset}`
    let sql: string
    if (cache && tsq) {
      // Counted before at this data version: the page is ranked from the newest hits kept then, each checked again
      // against the whole condition (the access model's scope included).
      const ids = q.add(cache.newest)
      sql = `with ranked as (select l.id, ${rank} as rank from library_facts l
                              where ${offset}::int < ${within}::int and l.id = any(${ids}::bigint[]) and ${walk}
                              order by 2 desc, l.entry_date desc nulls last, l.id desc ${rankedLimit}),
                  ${later}
             select 'page' as facet, null as value, null::int as n, null as label, r.id, r.rank::float8 as rank,
                    null::bigint[] as newest
               from (select * from ranked union all select * from later) r`
    } else if (cache) {
      sql = `select 'page' as facet, null as value, null::int as n, null as label, l.id, 0::float8 as rank,
                    null::bigint[] as newest
               from library_facts l where ${where}
              order by l.entry_date desc nulls last, l.id desc limit ${limit} offset ${offset}`
    } else {
      // The hits' narrow columns are read once (decision 0035): the facets are counted over them and, when they are
      // all the hits (at most COUNT_CAP), the newest RANK_WITHIN come from them too; only a broader search walks the
      // date index for its newest. Either branch runs alone: its condition is evaluated once, before it.
      const cap = q.add((page.countCap ?? COUNT_CAP) + 1)
      const hitsCte = tsq
        ? `hits as materialized (select l.id, l.entry_date, l.year, l.la_type, l.region, l.review_type, l.theme_key,
                                      l.rec_theme, l.source
                                 from library_facts l where ${where} limit ${cap}),
            counted as (${facetsSql('hits')}),
            newest as materialized (
                       (select h.id, h.entry_date from hits h where (select c.n from counted c where c.facet = 'total') < ${cap}::int
                         order by h.entry_date desc nulls last, h.id desc limit ${within})
                       union all
                       (select l.id, l.entry_date from library_facts l
                         where (select c.n from counted c where c.facet = 'total') >= ${cap}::int and ${walk}
                         order by l.entry_date desc nulls last, l.id desc limit ${within})),
            ranked as (select x.id, x.rank from (
                         select n.id, (select ${rank} from library_facts l where l.id = n.id) as rank, n.entry_date
                           from newest n where ${offset}::int < ${within}::int) x
                        order by x.rank desc, x.entry_date desc nulls last, x.id desc ${rankedLimit}),
            ${later},
            paged as (select * from ranked union all select * from later),
            kept as (select array_agg(n.id order by n.entry_date desc nulls last, n.id desc) as ids from newest n)`
        : `counted as (${facetsSql(`(select l.year, l.la_type, l.region, l.review_type, l.theme_key, l.rec_theme, l.source
                                     from library_facts l where ${where} limit ${cap})`)}),
            paged as (select l.id, 0 as rank from library_facts l where ${where}
                        order by l.entry_date desc nulls last, l.id desc limit ${limit} offset ${offset}),
            kept as (select null::bigint[] as ids)`
      sql = `with ${hitsCte}
       select k.facet, k.value, k.n, k.label, null::bigint as id, null::float8 as rank, null::bigint[] as newest
         from (${labelsSql('counted')}) k
       union all
       select 'page', null, null, null, r.id, r.rank::float8, null from paged r
       union all
       select 'newest', null, null, null, null, null, coalesce(k.ids, '{}') from kept k`
    }
    const rows = await runPrepared<FacetRow & { id: number | null; rank: number | null; newest: number[] | null }>(
      tx,
      sql,
      q.values,
    )
    const facets = cache?.facets ?? rows.filter((r) => r.facet !== 'page' && r.facet !== 'newest').map(facetOf)
    if (!cache) {
      const total = facets.find((r) => r.facet === 'total')?.n ?? 0
      const newest = (rows.find((r) => r.facet === 'newest')?.newest ?? []).map(Number)
      if (total >= (page.cacheFrom ?? CACHE_FROM))
        await keepQuietly(tx, tx !== db, () => cacheWrite(tx, key, version, facets, newest))
    }
    const ids = rows.filter((r) => r.facet === 'page').map((r) => ({ id: Number(r.id), rank: r.rank ?? 0 }))
    if (!ids.length) return { facets, hits: [], cached: !!cache }
    const p = new Params(q.values.slice(0, tsq ? 1 : 0))
    const ranked = `select * from unnest(${p.add(ids.map((i) => i.id))}::bigint[], ${p.add(ids.map((i) => i.rank))}::float8[]) as r(id, rank)`
    const hits = await runPrepared<HitRow>(tx, `with ranked as (${ranked}) ${detailsSql(p, tsq, false)}`, p.values)
    return { facets, hits, cached: !!cache }
  })
}

/**
 * Keeping a count is never worth a failed search: the write runs in a savepoint, and anything that goes wrong there (on
 * PostgreSQL, two instances keeping the same searches at once can meet in a lock cycle) is rolled back alone.
 */
async function keepQuietly(tx: Queryable, inTransaction: boolean, write: () => Promise<unknown>): Promise<void> {
  if (!inTransaction) {
    // a statement of its own (a search without terms runs outside a transaction): its failure touches nothing else
    await write().catch(() => undefined)
    return
  }
  await tx.query('savepoint library_search_cache')
  try {
    await write()
    await tx.query('release savepoint library_search_cache')
  } catch {
    await tx.query('rollback to savepoint library_search_cache')
  }
}

/** A search with at least this many hits keeps its count, facets and newest hits in the cache (decision 0039). */
export const CACHE_FROM = 2000

const facetOf = (r: FacetRow): FacetRow => ({ facet: r.facet, value: r.value, label: r.label, n: Number(r.n) })

function cacheKey(parts: unknown[]): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(['library-search-1', ...parts]))
    .digest('hex')
}

/**
 * The data version now and the cached count, facets and newest hits of a search, if they were counted at that version
 * (decision 0039: the version changes with every writing transaction, in the same transaction, so a row of this version
 * was counted on the data this search sees).
 */
async function cacheRead(
  tx: Queryable,
  key: string,
): Promise<{ version: number; cache: { facets: FacetRow[]; newest: number[] } | undefined }> {
  const [row] = await runPrepared<{ version: number; facets: FacetRow[] | null; newest: (number | string)[] | null }>(
    tx,
    `select v.n as version, c.facets, c.newest from data_version v
       left join library_search_cache c on c.key = $1 and c.data_version = v.n`,
    [key],
  )
  const cache = row?.facets && row.newest ? { facets: row.facets, newest: row.newest.map(Number) } : undefined
  return { version: Number(row?.version ?? 0), cache }
}

/**
 * Keeps a broad search's count, facets and newest hits under the data version read before they were counted (on
 * PostgreSQL, read committed, a change committed in between leaves counts of newer data under the older version,
 * which no later reader asks for; never counts of older data under a newer version). Rows of
 * older versions go, and the oldest past CACHE_ROWS (distinct broad searches with no write in between).
 */
async function cacheWrite(tx: Queryable, key: string, version: number, facets: FacetRow[], newest: number[]) {
  await runPrepared(
    tx,
    `with gone as (delete from library_search_cache c where c.data_version < $2::bigint
                      or c.key in (select k.key from library_search_cache k order by k.at desc offset $5::int))
     insert into library_search_cache as c (key, data_version, facets, newest)
     values ($1, $2::bigint, $3::jsonb, $4::bigint[])
     on conflict (key) do update set data_version = excluded.data_version, facets = excluded.facets,
                                     newest = excluded.newest, at = now()
      where c.data_version < excluded.data_version`,
    [key, version, JSON.stringify(facets), newest, CACHE_ROWS - 1],
  )
}

/** At most about this many searches are kept (the most recently counted), whatever the data version. */
const CACHE_ROWS = 500

/**
 * The count and the seven facets over the hits (decision 0035). Hashing each hit into seven grouping sets cost about
 * 11 ms of CPU for 10,000 hits on PGlite (the hashing per hit and set, not the values' type: integer keys saved under
 * a millisecond); three sets of small combinations (year, source, review type: at most a few hundred groups; council
 * type and region; theme and recommendation theme) cost about 7 ms, and the seven facets and the total are then summed
 * from those few hundred groups. The same counts as seven sets.
 */
function facetsSql(hits: string): string {
  const sum = (facet: string, col: string, set: number) =>
    `select '${facet}' as facet, g.${col}::text as v, sum(g.n)::int as n from g where g.s = ${set} group by g.${col}`
  return `with g as (select case when grouping(h.year) = 0 then 1 when grouping(h.la_type) = 0 then 2 else 3 end as s,
                          h.year, h.source, h.review_type, h.la_type, h.region, h.theme_key, h.rec_theme, count(*) as n
                     from ${hits} h
                    group by grouping sets ((h.year, h.source, h.review_type), (h.la_type, h.region),
                                            (h.theme_key, h.rec_theme)))
          ${sum('year', 'year', 1)}
          union all ${sum('source', 'source', 1)}
          union all ${sum('review', 'review_type', 1)}
          union all ${sum('type', 'la_type', 2)}
          union all ${sum('region', 'region', 2)}
          union all ${sum('theme', 'theme_key', 3)}
          union all ${sum('recTheme', 'rec_theme', 3)}
          union all select 'total', null, coalesce(sum(g.n), 0)::int from g where g.s = 1`
}

/** The facets' labels, looked up for the few values counted. */
function labelsSql(counted: string): string {
  return `select k.facet, k.v as value, k.n,
            case k.facet when 'type' then (select co.la_type_name from councils co where co.la_type = k.v limit 1)
                       when 'review' then (select rt.name from review_types rt where rt.code = k.v)
                       when 'theme' then (select t->>'title' from frameworks fw, jsonb_array_elements(fw.themes) t
                                           where t->>'key' = k.v order by fw.effective_from desc limit 1) end as label
       from ${counted} k`
}
