import stem from 'wink-porter2-stemmer'

/**
 * Recommendation themes and repeat findings (issue 16, decision 0023): pure functions, no database.
 *
 * - `classify` assigns themes from the taxonomy (versioned data in reference/) to a recommendation's text and says
 *   why: each theme with the terms that matched, their weights and where (title or text), and a confidence.
 * - `similarity` compares two recommendations by the cosine of their weighted word stems and names the shared words.
 * - `scoreThemes` measures a classifier against a labelled set (precision and recall per theme and overall).
 *
 * Words are stemmed with Porter2 (wink-porter2-stemmer), the algorithm of PostgreSQL's 'english' configuration, so
 * the stems here are the lexemes the library's full-text index holds.
 */

export interface TaxonomyTheme {
  key: string
  title: string
  description: string
  /** [term, weight]: one to three words. */
  terms: [string, number][]
}

export interface Scoring {
  minScore: number
  relativeToTop: number
  maxThemes: number
  titleBoost: number
  confidenceHalf: number
}

export interface Taxonomy {
  schemaVersion: number
  version: number
  effectiveFrom: string
  effectiveTo: string | null
  source: string
  scoring: Scoring
  themes: TaxonomyTheme[]
  stopwords: string[]
}

export interface Token {
  /** The word as written (lowercase). */
  word: string
  stem: string
}

/** Lowercase words (letters and digits; hyphens and apostrophes split, a possessive 's dropped) with their stems. */
export function tokens(text: string): Token[] {
  const out: Token[] = []
  const lower = text.toLowerCase().replace(/[’']s\b/g, '')
  for (const m of lower.matchAll(/[a-z0-9]+/g)) out.push({ word: m[0], stem: stem(m[0]) })
  return out
}

export interface MatchedTerm {
  term: string
  weight: number
  /** The words as written in the recommendation, the first time they matched. */
  matched: string
  where: 'title' | 'text'
}

export interface ThemeAssignment {
  theme: string
  score: number
  /** score / (score + confidenceHalf), rounded to two places. */
  confidence: number
  terms: MatchedTerm[]
}

interface CompiledTerm {
  term: string
  weight: number
  stems: string[]
}
interface Compiled {
  themes: { key: string; terms: CompiledTerm[] }[]
  scoring: Scoring
}

const compiledCache = new WeakMap<Taxonomy, Compiled>()

function compile(t: Taxonomy): Compiled {
  let c = compiledCache.get(t)
  if (!c) {
    c = {
      scoring: t.scoring,
      themes: t.themes.map((th) => ({
        key: th.key,
        terms: th.terms.map(([term, weight]) => ({ term, weight, stems: tokens(term).map((x) => x.stem) })),
      })),
    }
    compiledCache.set(t, c)
  }
  return c
}

/** Where the term's stems occur as consecutive words, the words as written; else null. */
function findPhrase(toks: Token[], stems: string[]): string | null {
  if (!stems.length) return null
  outer: for (let i = 0; i + stems.length <= toks.length; i++) {
    for (let j = 0; j < stems.length; j++) if (toks[i + j]!.stem !== stems[j]) continue outer
    return toks
      .slice(i, i + stems.length)
      .map((x) => x.word)
      .join(' ')
  }
  return null
}

/**
 * The themes of a recommendation, best first, each with the terms that matched (its explanation). A theme's score is
 * the sum of its distinct matched terms' weights (a term found in the title counts titleBoost times); it is assigned
 * when the score reaches minScore and relativeToTop of the best theme's; at most maxThemes.
 */
export function classify(taxonomy: Taxonomy, rec: { title: string; body?: string }): ThemeAssignment[] {
  const c = compile(taxonomy)
  const title = tokens(rec.title)
  const text = tokens(rec.body ?? '')
  const scored: ThemeAssignment[] = []
  for (const th of c.themes) {
    const terms: MatchedTerm[] = []
    let score = 0
    for (const t of th.terms) {
      const inTitle = findPhrase(title, t.stems)
      const inText = inTitle === null ? findPhrase(text, t.stems) : null
      if (inTitle === null && inText === null) continue
      const w = inTitle !== null ? t.weight * c.scoring.titleBoost : t.weight
      score += w
      terms.push({
        term: t.term,
        weight: round2(w),
        matched: (inTitle ?? inText)!,
        where: inTitle !== null ? 'title' : 'text',
      })
    }
    if (score > 0) {
      terms.sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
      scored.push({ theme: th.key, score: round2(score), confidence: 0, terms })
    }
  }
  scored.sort((a, b) => b.score - a.score || a.theme.localeCompare(b.theme))
  const top = scored[0]?.score ?? 0
  return scored
    .filter((s) => s.score >= c.scoring.minScore && s.score >= top * c.scoring.relativeToTop)
    .slice(0, c.scoring.maxThemes)
    .map((s) => ({ ...s, confidence: round2(s.score / (s.score + c.scoring.confidenceHalf)) }))
}

const round2 = (n: number) => Math.round(n * 100) / 100

// ---------------------------------------------------------------------------------------------------------------
// Similarity between recommendations.

export interface Vector {
  /** stem -> weight */
  weights: Map<string, number>
  /** stem -> the word as first written */
  words: Map<string, string>
  norm: number
}

/** Stems of the text that carry meaning: stopwords (the taxonomy's list) and one-letter words left out. */
export function contentStems(text: string, stopwords: ReadonlySet<string>): Token[] {
  return tokens(text).filter((t) => t.word.length > 1 && !stopwords.has(t.word) && !/^\d+$/.test(t.word))
}

/** Document frequencies of stems over a corpus (each text counted once per stem). */
export function documentFrequencies(texts: Token[][]): { df: Map<string, number>; n: number } {
  const df = new Map<string, number>()
  for (const toks of texts) for (const s of new Set(toks.map((t) => t.stem))) df.set(s, (df.get(s) ?? 0) + 1)
  return { df, n: texts.length }
}

/** A tf-idf vector (log-scaled term frequency, smoothed idf). */
export function vector(toks: Token[], freq: { df: Map<string, number>; n: number }): Vector {
  const weights = new Map<string, number>()
  const words = new Map<string, string>()
  for (const t of toks) {
    weights.set(t.stem, (weights.get(t.stem) ?? 0) + 1)
    if (!words.has(t.stem)) words.set(t.stem, t.word)
  }
  let sq = 0
  for (const [s, tf] of weights) {
    const w = (1 + Math.log(tf)) * (Math.log((1 + freq.n) / (1 + (freq.df.get(s) ?? 0))) + 1)
    weights.set(s, w)
    sq += w * w
  }
  return { weights, words, norm: Math.sqrt(sq) }
}

export interface Similarity {
  score: number
  /** The shared words (as written in the first text), those that weigh most first. */
  words: string[]
}

/** Cosine similarity of two vectors (0..1, two places) and the words they share. */
export function similarity(a: Vector, b: Vector): Similarity {
  if (!a.norm || !b.norm) return { score: 0, words: [] }
  let dot = 0
  const shared: { word: string; w: number }[] = []
  for (const [s, w] of a.weights) {
    const v = b.weights.get(s)
    if (v === undefined) continue
    dot += w * v
    shared.push({ word: a.words.get(s)!, w: w * v })
  }
  shared.sort((x, y) => y.w - x.w || x.word.localeCompare(y.word))
  return { score: round2(dot / (a.norm * b.norm)), words: shared.map((x) => x.word) }
}

export interface RecommendationText {
  id: number
  title: string
  body: string
}

export interface Pairing {
  id: number
  matches: { id: number; score: number; words: string[] }[]
  recurring: boolean
}

/**
 * Pairs each later recommendation with its most similar earlier ones (up to `top`, scoring at least `minScore`), and
 * flags it recurring when the best pair reaches `recurringScore`. Idf comes from both lists together.
 */
export function pairRecommendations(
  later: RecommendationText[],
  earlier: RecommendationText[],
  stopwords: ReadonlySet<string>,
  opts: { top?: number; minScore?: number; recurringScore?: number } = {},
): Pairing[] {
  const top = opts.top ?? 3
  const min = opts.minScore ?? 0.1
  const recurring = opts.recurringScore ?? RECURRING_SCORE
  const toks = (r: RecommendationText) => contentStems(`${r.title} ${r.body}`, stopwords)
  const lt = later.map(toks)
  const et = earlier.map(toks)
  const freq = documentFrequencies([...lt, ...et])
  const ev = et.map((t) => vector(t, freq))
  return later.map((r, i) => {
    const v = vector(lt[i]!, freq)
    const matches = earlier
      .map((e, j) => ({ id: e.id, ...similarity(v, ev[j]!) }))
      .filter((m) => m.score >= min)
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, top)
    return { id: r.id, matches, recurring: (matches[0]?.score ?? 0) >= recurring }
  })
}

/** A later recommendation whose best earlier match scores this much is flagged as recurring. */
export const RECURRING_SCORE = 0.3

// ---------------------------------------------------------------------------------------------------------------
// Measuring the classifier.

export interface LabelledExample {
  id: string
  title: string
  body?: string
  themes: string[]
}

export interface ThemeScore {
  theme: string
  tp: number
  fp: number
  fn: number
  precision: number
  recall: number
  f1: number
}

export function scoreThemes(
  themeKeys: string[],
  examples: LabelledExample[],
  predict: (e: LabelledExample) => string[],
): { perTheme: ThemeScore[]; overall: ThemeScore; exact: number; anyRight: number } {
  const counts = new Map(themeKeys.map((k) => [k, { tp: 0, fp: 0, fn: 0 }]))
  let exact = 0
  let anyRight = 0
  for (const e of examples) {
    const got = new Set(predict(e))
    const want = new Set(e.themes)
    if (got.size === want.size && [...got].every((g) => want.has(g))) exact++
    if ([...got].some((g) => want.has(g))) anyRight++
    for (const k of themeKeys) {
      const c = counts.get(k)!
      if (got.has(k) && want.has(k)) c.tp++
      else if (got.has(k)) c.fp++
      else if (want.has(k)) c.fn++
    }
  }
  const score = (theme: string, c: { tp: number; fp: number; fn: number }): ThemeScore => {
    const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1
    const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0
    return { theme, ...c, precision, recall, f1 }
  }
  const perTheme = themeKeys.map((k) => score(k, counts.get(k)!))
  const sum = perTheme.reduce((a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  })
  return { perTheme, overall: score('overall (micro)', sum), exact, anyRight }
}
