import { PUBLIC, type Ctx } from '../common/context.ts'
import { csvFile } from '../documents/csv.ts'
import { COUNT_CAP, RANK_WITHIN, searchOnce, searchPage, type FacetRow, type HitRow } from './repo.ts'
import {
  PAGE_SIZE,
  SOURCE_LABELS,
  libraryQuery,
  markedToHtml,
  markedToText,
  pageItems,
  searchHref,
  type LibraryFilters,
  type LibraryQuery,
} from './rules.ts'

/**
 * The library (issue 16, decision 0021): full-text search across every peer challenge's reports, recommendations,
 * action plans, progress updates and imported documents, with facets. What each actor finds is what the access model
 * lets it read (the policy's libraryScope): the public the published material alone. The open-data downloads are the
 * public library whoever asks.
 */

export const LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
  note: 'Contains public sector information licensed under the Open Government Licence v3.0.',
}

const FACETS: { key: keyof LibraryFilters; label: string }[] = [
  { key: 'year', label: 'Year' },
  { key: 'type', label: 'Council type' },
  { key: 'region', label: 'Region' },
  { key: 'review', label: 'Review type' },
  { key: 'theme', label: 'Framework theme' },
  { key: 'recTheme', label: 'Recommendation theme' },
  { key: 'source', label: 'Kind of material' },
]

export function parseLibraryQuery(raw: unknown): LibraryQuery {
  const r = libraryQuery.safeParse(raw ?? {})
  return r.success ? r.data : libraryQuery.parse({})
}

const filtersOf = ({ page: _p, ...f }: LibraryQuery): LibraryFilters => f

function hitView(h: HitRow) {
  return {
    id: h.id,
    challengeId: h.challengeId,
    reference: h.reference,
    source: h.source,
    sourceLabel: SOURCE_LABELS[h.source],
    title: markedToText(h.titleMarked),
    titleHtml: markedToHtml(h.titleMarked),
    passage: markedToText(h.passage),
    passageHtml: markedToHtml(h.passage),
    href: h.href,
    date: h.entryDate,
    year: h.year,
    council: { code: h.councilCode, name: h.councilName, type: h.councilType, region: h.region },
    reviewType: { code: h.reviewType, name: h.reviewTypeName },
    theme: h.themeKey ? { key: h.themeKey, title: h.themeTitle ?? h.themeKey } : null,
    recTheme: h.recTheme,
    rank: h.rank,
  }
}

function facetsView(rows: FacetRow[], f: LibraryFilters) {
  return FACETS.map(({ key, label }) => {
    const options = rows
      .filter((r) => r.facet === key && r.value !== null)
      .map((r) => ({
        value: r.value!,
        label:
          key === 'source' ? (SOURCE_LABELS[r.value as keyof typeof SOURCE_LABELS] ?? r.value!) : (r.label ?? r.value!),
        count: r.n,
        selected: f[key] === r.value,
      }))
      .sort((a, b) => (key === 'year' ? b.value.localeCompare(a.value) : a.label.localeCompare(b.label)))
    // A chosen value stays on the form even when nothing matches it any more.
    if (f[key] && !options.some((o) => o.selected))
      options.unshift({ value: f[key], label: f[key], count: 0, selected: true })
    return { key, label, options }
  })
}

/** The search page: a page of hits with their passages, the count (capped), the facets and the pages. */
export async function searchLibrary(ctx: Ctx, raw: unknown) {
  const query = parseLibraryQuery(raw)
  const f = filtersOf(query)
  const today = ctx.clock.today()
  // Pages deeper than the counted hits are not shown: the page number is kept within them first.
  const asked = Math.min(query.page, COUNT_CAP / PAGE_SIZE)
  const once = await searchOnce(ctx.db, ctx.actor, today, f, { offset: (asked - 1) * PAGE_SIZE, limit: PAGE_SIZE })
  const facetRows = once.facets
  const counted = facetRows.find((r) => r.facet === 'total')?.n ?? 0
  const capped = counted > COUNT_CAP
  const total = Math.min(counted, COUNT_CAP)
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(asked, pages)
  // Asked for a page past the last: the last page instead.
  const hits =
    page === asked
      ? once.hits
      : total
        ? await searchPage(ctx.db, ctx.actor, today, f, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE })
        : []
  const plain = { ...f } as Record<string, string>
  const href = (change: Record<string, string | number>) => searchHref('/library', plain, change)
  return {
    query: { ...f, page },
    total,
    capped,
    rankedWithin: f.q && total > RANK_WITHIN ? RANK_WITHIN : null,
    page,
    pages,
    pageSize: PAGE_SIZE,
    hits: hits.map(hitView),
    facets: facetsView(facetRows, f),
    pagination: {
      previous: page > 1 ? href({ page: page - 1 }) : null,
      next: page < pages ? href({ page: page + 1 }) : null,
      items: pageItems(page, pages).map((i) =>
        'number' in i
          ? { number: i.number, href: href({ page: i.number }), current: i.number === page }
          : { ellipsis: true as const },
      ),
    },
    downloads: {
      csv: searchHref('/library.csv', plain, { page: '' }),
      json: searchHref('/library.json', plain, { page: '' }),
    },
    licence: LICENCE,
    signedIn: ctx.actor.kind === 'user',
  }
}

/** Rows of the open data: the public library (whoever asks), filtered like the search, best first. */
const OPEN_DATA_MAX = 50000

async function openDataRows(ctx: Ctx, raw: unknown) {
  const f = filtersOf(parseLibraryQuery(raw))
  const rows = await searchPage(ctx.db, PUBLIC, ctx.clock.today(), f, { offset: 0, limit: OPEN_DATA_MAX, full: true })
  return rows.map((h) => ({
    id: h.id,
    council: h.councilName,
    councilCode: h.councilCode,
    councilType: h.councilType ?? '',
    region: h.region ?? '',
    reviewType: h.reviewTypeName,
    challenge: h.reference,
    year: h.year,
    date: h.entryDate,
    kind: SOURCE_LABELS[h.source],
    theme: h.themeTitle ?? '',
    recommendationTheme: h.recTheme ?? '',
    title: h.title,
    text: h.passage,
    link: h.href,
  }))
}

export async function libraryCsv(ctx: Ctx, raw: unknown): Promise<Buffer> {
  const rows = await openDataRows(ctx, raw)
  const head = [
    'id',
    'council',
    'council_code',
    'council_type',
    'region',
    'review_type',
    'challenge',
    'year',
    'date',
    'kind',
    'theme',
    'recommendation_theme',
    'title',
    'text',
    'link',
  ]
  return Buffer.from(
    csvFile([
      head,
      ...rows.map((r) => [
        String(r.id),
        r.council,
        r.councilCode,
        r.councilType,
        r.region,
        r.reviewType,
        r.challenge,
        r.year == null ? '' : String(r.year),
        r.date ?? '',
        r.kind,
        r.theme,
        r.recommendationTheme,
        r.title,
        r.text,
        r.link,
      ]),
    ]),
  )
}

export async function libraryJson(ctx: Ctx, raw: unknown, baseUrl: string) {
  const rows = await openDataRows(ctx, raw)
  const filters = Object.fromEntries(Object.entries(filtersOf(parseLibraryQuery(raw))).filter(([, v]) => v !== ''))
  return {
    title: 'Peer Challenge library: published peer challenge reports, recommendations and action plans',
    licence: LICENCE,
    source: `${baseUrl}/library`,
    generated: ctx.clock.now().toISOString(),
    filters,
    count: rows.length,
    entries: rows,
  }
}
