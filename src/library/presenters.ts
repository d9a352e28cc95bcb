import { z } from 'zod'
import { id } from '../web/presenters.ts'

/** The search's GET parameters as the API documents them (the service ignores values that make no sense). */
export const libraryQueryDoc = z.object({
  q: z
    .string()
    .optional()
    .meta({ description: 'Search terms (websearch syntax): words, "a quoted phrase", OR, -excluded' }),
  year: z.string().optional().meta({ description: 'Year of the visit (YYYY)' }),
  type: z.string().optional().meta({ description: 'Council type (register code, e.g. NMD)' }),
  region: z.string().optional().meta({ description: 'Region' }),
  review: z.string().optional().meta({ description: 'Review type code (e.g. cpc)' }),
  theme: z.string().optional().meta({ description: 'Framework theme key' }),
  recTheme: z.string().optional().meta({ description: 'Recommendation theme (assigned by a classifier, later)' }),
  source: z
    .string()
    .optional()
    .meta({ description: 'Kind of material: report, recommendation, action, progress or document' }),
  council: z.string().optional().meta({ description: 'Council code' }),
  page: z.string().optional().meta({ description: 'Page number (20 hits a page)' }),
})

/** The open-data downloads take the same filters (all the matching public entries; no paging). */
export const libraryDownloadQuery = libraryQueryDoc.omit({ page: true })

const facet = z.object({
  key: z.string(),
  label: z.string(),
  options: z.array(z.object({ value: z.string(), label: z.string(), count: z.int(), selected: z.boolean() })),
})

export const libraryHit = z
  .object({
    id: z.int(),
    challengeId: id,
    reference: z.string(),
    source: z.enum(['report', 'recommendation', 'action', 'progress', 'document']),
    sourceLabel: z.string(),
    title: z.string(),
    titleHtml: z.string().meta({ description: 'The title as HTML: escaped, the search terms in <mark>' }),
    passage: z.string().meta({ description: 'The passage where the terms are found, as text' }),
    passageHtml: z.string().meta({ description: 'The passage as HTML: escaped, the search terms in <mark>' }),
    href: z.string().meta({ description: 'The passage in its document (a page and its fragment)' }),
    date: z.string().nullable(),
    year: z.int().nullable(),
    council: z.object({
      code: z.string(),
      name: z.string(),
      type: z.string().nullable(),
      region: z.string().nullable(),
    }),
    reviewType: z.object({ code: z.string(), name: z.string() }),
    theme: z.object({ key: z.string(), title: z.string() }).nullable(),
    recTheme: z.string().nullable(),
    rank: z.number(),
  })
  .meta({ id: 'LibraryHit' })

export const library = z.object({
  query: z.object({
    q: z.string(),
    year: z.string(),
    type: z.string(),
    region: z.string(),
    review: z.string(),
    theme: z.string(),
    recTheme: z.string(),
    source: z.string(),
    council: z.string(),
    page: z.int(),
  }),
  total: z.int().meta({ description: 'Hits counted, at most 10,000 (see capped)' }),
  capped: z.boolean().meta({ description: 'There are more hits than were counted' }),
  rankedWithin: z.int().nullable().meta({
    description:
      'When set, the search has more hits than this: the newest this many are in order of relevance, the rest follow newest first',
  }),
  page: z.int(),
  pages: z.int(),
  pageSize: z.int(),
  hits: z.array(libraryHit),
  facets: z.array(facet),
  pagination: z.object({
    previous: z.string().nullable(),
    next: z.string().nullable(),
    items: z.array(
      z.union([
        z.object({ number: z.int(), href: z.string(), current: z.boolean() }),
        z.object({ ellipsis: z.literal(true) }),
      ]),
    ),
  }),
  downloads: z.object({ csv: z.string(), json: z.string() }),
  licence: z.object({ name: z.string(), url: z.string(), note: z.string() }),
  signedIn: z.boolean(),
})

/** The open data as JSON: the public library's entries, with the licence they are published under. */
export const libraryOpenData = z.object({
  title: z.string(),
  licence: z.object({ name: z.string(), url: z.string(), note: z.string() }),
  source: z.string(),
  generated: z.string().meta({ format: 'date-time' }),
  filters: z.record(z.string(), z.string()),
  count: z.int(),
  entries: z.array(
    z.object({
      id: z.int(),
      council: z.string(),
      councilCode: z.string(),
      councilType: z.string(),
      region: z.string(),
      reviewType: z.string(),
      challenge: z.string(),
      year: z.int().nullable(),
      date: z.string().nullable(),
      kind: z.string(),
      theme: z.string(),
      recommendationTheme: z.string(),
      title: z.string(),
      text: z.string(),
      link: z.string(),
    }),
  ),
})

/** The insights' charts as data: each chart's series over the years, its summary sentence and its table. */
export const libraryInsights = z.object({
  today: z.string().meta({ format: 'date' }),
  signedIn: z.boolean(),
  charts: z.array(
    z
      .object({
        id: z.string(),
        title: z.string(),
        kind: z.enum(['stacked-bar', 'line']),
        summary: z.string().meta({ description: 'What the chart shows, in a sentence' }),
        categoryLabel: z.string(),
        categories: z.array(z.string()).meta({ description: 'Along the bottom: the years' }),
        series: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            values: z.array(z.number()).meta({ description: 'One value per category, in order' }),
          }),
        ),
        table: z.object({ head: z.array(z.string()), rows: z.array(z.array(z.string())) }),
      })
      .meta({ id: 'LibraryChart' }),
  ),
})
