import { z } from 'zod'

/**
 * The library's pure parts: the filters a search takes, the sentinels ts_headline marks the search terms with, and
 * turning a marked passage into safe HTML (everything escaped, the marks alone become <mark>).
 */

/** The sentinels around a search term in a passage: control characters, which report text never carries. */
export const HL_START = '\u0001'
export const HL_STOP = '\u0002'

export const SOURCES = ['report', 'recommendation', 'action', 'progress', 'document'] as const
export type Source = (typeof SOURCES)[number]
export const SOURCE_LABELS: Record<Source, string> = {
  report: 'Report',
  recommendation: 'Recommendation',
  action: 'Action plan',
  progress: 'Progress update',
  document: 'Imported document',
}

/** Control characters (a NUL the database refuses, the passages' sentinels) are never part of a search. */
const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/[\u0000-\u001f\u007f]/g, ' ') : v)

const opt = (max: number, re?: RegExp) =>
  z
    .preprocess(clean, z.string().trim().max(max))
    .optional()
    .default('')
    .transform((v: string) => (re && !re.test(v) ? '' : v))

/** The search's GET parameters; a value that makes no sense is ignored rather than refused (a filter form and links). */
export const libraryQuery = z.object({
  q: z
    .preprocess(clean, z.string().trim().max(300))
    .optional()
    .default('')
    .describe('Search terms: "a phrase", OR, -exclude'),
  year: opt(4, /^\d{4}$/).describe('Year of the visit'),
  type: opt(10, /^[A-Z]{2,10}$/).describe('Council type (register code, e.g. NMD)'),
  region: opt(100).describe('Region'),
  review: opt(40, /^[a-z0-9-]+$/).describe('Review type code'),
  theme: opt(60, /^[a-z0-9-]+$/).describe('Framework theme key'),
  recTheme: opt(60, /^[a-z0-9-]+$/).describe('Recommendation theme (assigned by the classifier, later)'),
  source: z
    .enum(['', ...SOURCES])
    .optional()
    .default('')
    .catch('')
    .describe('Kind of material: report, recommendation, action, progress, document'),
  council: opt(10, /^[A-Za-z0-9]{2,10}$/).describe('Council code'),
  page: z.coerce.number().int().min(1).max(100000).optional().default(1).catch(1).describe('Page (20 hits a page)'),
})
export type LibraryQuery = z.output<typeof libraryQuery>
export type LibraryFilters = Omit<LibraryQuery, 'page'>

export const PAGE_SIZE = 20

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A passage marked with the sentinels as HTML: the text escaped, each marked run in <mark>; stray sentinels dropped. */
export function markedToHtml(marked: string): string {
  let out = ''
  let open = false
  for (const part of marked.split(/([\u0001\u0002])/)) {
    if (part === HL_START) {
      if (!open) out += '<mark>'
      open = true
    } else if (part === HL_STOP) {
      if (open) out += '</mark>'
      open = false
    } else out += escapeHtml(part)
  }
  return open ? `${out}</mark>` : out
}

/** The passage as plain text (for CSV and JSON downloads). */
export const markedToText = (marked: string) => marked.replace(/[\u0001\u0002]/g, '')

/** The pages to link to around the current one (GOV.UK pagination: first, last, neighbours, ellipses). */
export function pageItems(page: number, pages: number): ({ number: number } | { ellipsis: true })[] {
  const out: ({ number: number } | { ellipsis: true })[] = []
  let last = 0
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 1) {
      if (last && n - last > 1) out.push({ ellipsis: true })
      out.push({ number: n })
      last = n
    }
  }
  return out
}

/** The query string of a search, with some parameters changed ('' removes one). */
export function searchHref(base: string, f: Record<string, string | number>, change: Record<string, string | number>) {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...f, ...change }))
    if (v !== '' && v !== undefined && !(k === 'page' && Number(v) === 1)) p.set(k, String(v))
  const s = p.toString()
  return s ? `${base}?${s}` : base
}
