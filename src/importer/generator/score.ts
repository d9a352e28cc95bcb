/**
 * Scores the parser against generated documents' truth, field by field, the way issue 15 measured real documents:
 * council by register code, kind of document (with "not a corporate peer challenge"), peer names F1, key
 * recommendation titles in order, figures, on-site dates; plus a calibration table (confidence bucket → accuracy).
 */
import { htmlToText } from '../html-text.ts'
import { parseDocument, type Extraction, type ParseRefs } from '../parse.ts'
import { titleKey } from '../seeds.ts'
import type { GeneratedDocument, Truth } from './truth.ts'

export const FIGURES = ['peopleMet', 'meetings', 'interviews', 'hours', 'days'] as const

export interface Tally {
  right: number
  given: number
  due: number
}

export interface Scores {
  documents: number
  council: Tally
  kind: Tally
  peers: Tally
  recommendations: Tally
  figures: Tally
  dates: Tally
  /** non-CPC documents with any CPC field given at confidence ≥ 0.9 */
  negativesFilled: { filled: number; of: number }
  calibration: { bucket: string; right: number; of: number }[]
  failures: { id: string; field: string; got: unknown; want: unknown }[]
}

const BUCKETS = [0.9, 0.7, 0.5, 0] as const
const tally = (): Tally => ({ right: 0, given: 0, due: 0 })
const nameKey = (s: string) =>
  s
    .replace(/^(?:Cllr\.?|Councillor)\s+/i, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')

export function documentText(d: GeneratedDocument): string {
  return d.format === 'html' ? htmlToText(d.content) : d.content
}

/** The kind the parser gives, in the truth's terms. */
export function kindOf(f: Extraction): string {
  return f.verdict.value === 'not-cpc' ? 'not-cpc' : f.documentKind.value
}

export function score(docs: GeneratedDocument[], refs: ParseRefs, keepFailures = 0): Scores {
  const s: Scores = {
    documents: docs.length,
    council: tally(),
    kind: tally(),
    peers: tally(),
    recommendations: tally(),
    figures: tally(),
    dates: tally(),
    negativesFilled: { filled: 0, of: 0 },
    calibration: BUCKETS.map((b, i) => ({ bucket: i === 0 ? `≥${b}` : `${b}–${BUCKETS[i - 1]}`, right: 0, of: 0 })),
    failures: [],
  }
  const calibrate = (confidence: number, right: boolean) => {
    const i = BUCKETS.findIndex((b) => confidence >= b)
    const c = s.calibration[i < 0 ? BUCKETS.length - 1 : i]!
    c.of++
    if (right) c.right++
  }
  const fail = (d: GeneratedDocument, field: string, got: unknown, want: unknown) => {
    if (s.failures.length < keepFailures) s.failures.push({ id: d.id, field, got, want })
  }
  for (const d of docs) {
    const t: Truth = d.truth
    const { fields: f } = parseDocument(documentText(d), refs)
    // council
    const got = f.council.value
      ? [f.council.value.code, ...(f.council.value.joint ? [f.council.value.joint.code] : [])]
      : []
    const councilRight = got.length > 0 && got.length === t.councils.length && got.every((c) => t.councils.includes(c))
    if (t.councilNamed) s.council.due++
    if (got.length) {
      s.council.given++
      calibrate(f.council.confidence, councilRight)
    }
    if (councilRight) s.council.right++
    else if (t.councilNamed || got.length) fail(d, 'council', got, t.councils)
    // kind
    const kind = kindOf(f)
    s.kind.due++
    s.kind.given++
    if (kind === t.kind) s.kind.right++
    else fail(d, 'kind', kind, t.kind)
    calibrate(Math.max(f.documentKind.confidence, f.verdict.confidence), kind === t.kind)
    const cpc = t.kind !== 'not-cpc'
    if (!cpc) {
      s.negativesFilled.of++
      const high = [f.onSite, f.peers, f.keyRecommendations, ...Object.values(f.stats)].some(
        (x) => x.confidence >= 0.9 && x.value !== null && (!Array.isArray(x.value) || x.value.length > 0),
      )
      if (high) {
        s.negativesFilled.filled++
        fail(d, 'negative filled', 'a CPC field at ≥0.9', 'none')
      }
    }
    // peers (CPC documents only: a non-CPC document's team is not a CPC team)
    const want = new Set(t.peers.map((p) => nameKey(p.name)))
    const gotPeers = f.peers.value.map((p) => nameKey(p.name))
    s.peers.due += want.size
    if (cpc) {
      s.peers.given += gotPeers.length
      const hit = gotPeers.filter((n) => want.has(n)).length
      s.peers.right += hit
      if (gotPeers.length) calibrate(f.peers.confidence, hit === want.size && hit === gotPeers.length)
      if (hit !== want.size || hit !== gotPeers.length) fail(d, 'peers', gotPeers, [...want])
    }
    // key recommendations in order
    // a title's closing full stop is not part of it
    const recKey = (x: string) => titleKey(x).replace(/\.$/, '')
    const recs = f.keyRecommendations.value.map((x) => recKey(x.title))
    const wantRecs = t.recommendations.map(recKey)
    if (wantRecs.length) s.recommendations.due++
    if (recs.length && cpc) {
      s.recommendations.given++
      const right = JSON.stringify(recs) === JSON.stringify(wantRecs)
      if (right) s.recommendations.right++
      calibrate(f.keyRecommendations.confidence, right)
      if (!right)
        fail(
          d,
          'recommendations',
          f.keyRecommendations.value.map((x) => x.title),
          t.recommendations,
        )
    } else if (wantRecs.length) fail(d, 'recommendations', [], t.recommendations)
    // figures (only those the text states; days counted from dates are not a stated figure)
    if (cpc) {
      for (const k of FIGURES) {
        const w = t.figures[k]
        const field = k === 'days' ? null : f.stats[k]
        const g = k === 'days' ? f.onSiteDays.value : (field!.value ?? null)
        const conf = k === 'days' ? f.onSiteDays.confidence : field!.confidence
        if (w !== null) s.figures.due++
        if (k === 'days' && w === null) continue
        if (g !== null) {
          s.figures.given++
          if (g === w) s.figures.right++
          else fail(d, k, g, w)
          calibrate(conf, g === w)
        } else if (w !== null) fail(d, k, null, w)
      }
    }
    // on-site dates where the text states the day dates
    if (cpc) {
      const os = f.onSite.value
      if (t.daysDated) s.dates.due++
      if (os && os.start.length === 10) {
        s.dates.given++
        const right = !!t.onSite && os.start === t.onSite.start && os.end === t.onSite.end
        if (right) s.dates.right++
        else fail(d, 'onSite', os, t.onSite)
        calibrate(f.onSite.confidence, right)
      } else if (t.daysDated) fail(d, 'onSite', os, t.onSite)
    }
  }
  return s
}

export const recall = (t: Tally) => (t.due ? t.right / t.due : 1)
export const precision = (t: Tally) => (t.given ? t.right / t.given : 1)
export const f1 = (t: Tally) => {
  const p = precision(t)
  const r = recall(t)
  return p + r ? (2 * p * r) / (p + r) : 0
}
