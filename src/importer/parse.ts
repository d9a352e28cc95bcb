/**
 * Reads the fields of a CPC document from its text. Pure functions over the text model (text.ts): no I/O.
 * The rules follow how LGA reports and council committee papers are written (numbered or bulleted lists, headings
 * with or without numbers, bold lead sentences or dash-separated titles) rather than any one file's layout.
 */
import type { Framework } from '../frameworks/types.ts'
import { daysBetween } from '../common/dates.ts'
import { matchCouncil, type CouncilFinding, type CouncilIndex } from './council-match.ts'
import {
  BULLET,
  buildDoc,
  ev,
  isFooter,
  isSpaceCode,
  isoDay,
  isoMonth,
  key,
  lineAt,
  lineEv,
  lineForm,
  anchoredMatches,
  matches,
  MONTH,
  MONTH_NAMES,
  dayMonthAt,
  monthNumber,
  NUMBER_WORD,
  ORD,
  PAGE_NUMBER,
  parseDayDate,
  runningLine,
  stripMarkup,
  titleCase,
  toNumber,
  WEEKDAY,
  type Doc,
  type Evidence,
  type Line,
} from './text.ts'

export interface Field<T> {
  value: T
  confidence: number
  evidence: Evidence[]
  note?: string
}

export type DocumentKind =
  | 'feedback-report'
  | 'progress-review'
  | 'covering-report'
  | 'progress-report'
  | 'action-plan'
  | 'position-statement'
  | 'minutes'
  | 'web-page'
  | 'not-cpc'
  | 'unknown'
export type PeerKind = 'member' | 'officer' | 'lga'

export interface Peer {
  name: string
  title: string | null
  organisation: string | null
  kind: PeerKind
  evidence: Evidence
}

export interface Recommendation {
  title: string
  body: string
  evidence: Evidence
}

/** "a finance peer challenge", "an adult social care peer challenge" */
const article = (name: string) => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`

/** Whether the document is about a corporate peer challenge at all. */
export type Verdict = 'cpc' | 'not-cpc' | 'unknown'

export interface Extraction {
  documentKind: Field<DocumentKind>
  /** 'not-cpc' with the other review's type in `reviewType` (a finance peer challenge, an Ofsted inspection, …) */
  verdict: Field<Verdict>
  wrapper: Field<string | null>
  council: Field<CouncilFinding['value']> & { candidates: CouncilFinding['candidates']; clues: string[] }
  reviewType: Field<string | null>
  onSite: Field<{ start: string; end: string; days: number | null } | null>
  /** the days on site as the text states them, with or without the dates ("a four-day visit") */
  onSiteDays: Field<number | null>
  previousChallenge: Field<string | null>
  framework: Field<{ code: string; name: string } | null>
  themes: Field<string[]>
  additionalScope: Field<string[]>
  peers: Field<Peer[]>
  keyRecommendations: Field<Recommendation[]>
  themeRecommendations: Field<Record<string, number> | null>
  /** The per-theme recommendations themselves, with the theme each is listed under. */
  themeRecommendationList: Field<{ theme: string; title: string; body: string; evidence: Evidence }[]>
  /** The principal adviser's email and telephone, as the next steps give them. */
  principalAdviserContact: Field<{ email: string | null; phone: string | null } | null>
  recommendationCount: Field<number | null>
  strengthsNoted: Field<number | null>
  progressHighlights: Field<string[]>
  actionPlan: Field<{
    approvedBy: string | null
    approvedOn: string | null
    progressReportAfterMonths: number | null
  } | null>
  stats: {
    peopleMet: Field<number | null>
    meetings: Field<number | null>
    interviews: Field<number | null>
    hours: Field<number | null>
    personWeeksEquivalent: Field<number | null>
  }
  nextSteps: {
    followUp: Field<string | null>
    checkIn: Field<string | null>
    progressReview: Field<string | null>
    nextChallengeBy: Field<string | null>
    principalAdviser: Field<string | null>
  }
  meeting: Field<{ body: string; date: string | null; then?: { body: string; date: string | null } } | null>
}

export interface ParseRefs {
  councils: CouncilIndex
  frameworks: Framework[]
}

const none = <T>(value: T, note?: string): Field<T> => ({
  value,
  confidence: 0,
  evidence: [],
  ...(note ? { note } : {}),
})
const found = <T>(value: T, evidence: Evidence[], confidence = 0.9, note?: string): Field<T> => ({
  value,
  confidence,
  evidence,
  ...(note ? { note } : {}),
})

// ---- structure ----

const MAJOR =
  /^(?:executive summary|key recommendations|summary of (?:the )?(?:peer )?(?:challenge |review )?approach|feedback|next steps|the peer team|scope and focus|the peer challenge process|background|introduction|progress update|conclusion.*|appendix.*)$/i

function isToc(l: Line): boolean {
  return (
    l.raw.includes('....') ||
    l.raw.includes('……') ||
    (l.raw.includes('\t') && /\S\s*\t\s*\d{1,3}\s*$/.test(l.raw)) ||
    (l.number !== null && /\s\d{1,3}$/.test(l.text) && !/\d{4}$/.test(l.text))
  )
}

// headingLike is asked of the same lines many times (each section search walks the document): worked out once a line,
// kept in the line's memo slot (1: no, 2: yes)
function headingLike(l: Line): boolean {
  if (l.memo === 0) l.memo = isHeadingLike(l) ? 2 : 1
  return l.memo === 2
}

function isHeadingLike(l: Line): boolean {
  if (l.blank || isToc(l)) return false
  if (l.heading) return true
  if (l.bullet) return false
  return l.text.length <= 90 && !/[.,;:?]$/.test(l.text) && /^[A-Z0-9(]/.test(l.text)
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A framework theme title as a whole heading, '&' and 'and' alike. */
const headingRe = (title: string) => new RegExp(`^${escapeRegExp(title).replace(/ and /g, ' (?:and|&) ')}$`, 'i')

/** The heading line whose words match `re` (number stripped), skipping any table of contents. */
function findHeading(doc: Doc, re: RegExp, from = 0): number {
  for (let i = from; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    if (!headingLike(l)) continue
    // (a section's label before its title: "SECTION A: KEY RECOMMENDATIONS", "Appendix 1 – The peer team")
    const t = (l.number !== null ? l.rest : l.text).replace(/^[•·]\s*/, '').replace(APPENDIX_LABEL, '')
    if (!re.test(t)) continue
    // an entry of a contents list with no page numbers: straight under the entry before it or over the one after it
    // ("1. Executive summary" / "2. Key recommendations" / "3. …"), the heading itself later
    const own = topNumber(l)
    // (or, with no numbers, an entry of a block of short lines, one straight above it and one below: "Contents" /
    // "Executive summary" / "Key recommendations" / "Summary of the peer challenge approach")
    const short = (k: number) => !!doc.lines[k] && !doc.lines[k]!.blank && doc.lines[k]!.text.length <= 80
    if (
      (own !== null && (contentsNeighbour(doc, i - 1, own - 1) || contentsNeighbour(doc, i + 1, own + 1))) ||
      (own === null && !l.heading && short(i - 1) && short(i + 1))
    ) {
      const later = findHeading(doc, re, i + 1)
      if (later >= 0) return later
    }
    return i
  }
  return -1
}

/** a line of a contents list: the entry numbered `n`, short and heading-like, straight above or below another */
function contentsNeighbour(doc: Doc, i: number, n: number): boolean {
  const l = doc.lines[i]
  return !!l && !l.blank && topNumber(l) === n && l.text.length <= 80 && headingLike(l)
}

/** A heading stands alone: a heading-like line that runs on into the next line is a wrapped paragraph. */
function headingAt(doc: Doc, i: number): boolean {
  const l = doc.lines[i]!
  // (not a line that stops on a word needing more, or whose sentence goes on in lower case after a page's end)
  return (
    headingLike(l) &&
    (l.heading ||
      ((doc.lines[i + 1]?.blank ?? true) &&
        (doc.lines[i - 1]?.blank ?? true) &&
        !NEEDS_MORE.test(l.text) &&
        !/^[a-z]/.test(nextText(doc, i))))
  )
}

function topNumber(l: Line): number | null {
  if (!l.number || !/^\d+(?:\.0)?$/.test(l.number)) return null
  return Number(l.number.replace(/\.0$/, ''))
}

/** the text of the `n` lines before line `i` that are not blank, joined */
function textBefore(doc: Doc, i: number, n: number): string {
  const out: string[] = []
  for (let j = i - 1; j >= 0 && out.length < n; j--) if (!doc.lines[j]!.blank) out.push(doc.lines[j]!.text)
  return out.join(' ')
}

/** the text of the first line after line `i` that is not blank ('' at the end) */
function nextText(doc: Doc, i: number): string {
  for (let j = i + 1; j < doc.lines.length; j++) if (!doc.lines[j]!.blank) return doc.lines[j]!.text
  return ''
}

/** End of the section starting at heading `i`: the next top-level numbered heading or known section heading. */
function sectionEnd(doc: Doc, i: number): number {
  // under "2. Key recommendations" the next section is 3 or later; "1." there is the list's first item
  const own = topNumber(doc.lines[i]!)
  // the number the section's own list takes next: "4." after its items 1 to 3 is its fourth item, not section 4
  // (under a heading with no number, a list that starts straight under it, or after a few lines of introduction)
  let item = 1
  let lines = 0
  for (let j = i + 1; j < doc.lines.length; j++) {
    const l = doc.lines[j]!
    if (l.blank) continue
    lines++
    if (
      l.number !== null &&
      topNumber(l) === item &&
      (own !== null || item > 1 || lines <= 5) &&
      !MAJOR.test(l.rest) &&
      !PAPER_HEADING.test(l.rest) &&
      // the item that takes the next section's number is an item where it follows the one before with no blank line,
      // or where that section's heading comes later
      (own === null ||
        item !== own + 1 ||
        !doc.lines[j - 1]!.blank ||
        // (or is set in from the section's own number: "7." under paragraph 6 of a paper, its items indented)
        l.indent >= doc.lines[i]!.indent + 3 ||
        sectionLater(doc, j, item) ||
        // (or the list goes on past it in its own style: "**3. …**" and "**4. …**" a paragraph apart)
        itemFollows(doc, j, item + 1))
    ) {
      item++
      continue
    }
    if (!headingLike(l) || l.raw.includes('\t')) continue
    const t = l.number !== null ? l.rest : l.text
    const top = topNumber(l)
    // a numbered line that runs on into the next is a wrapped paragraph or list item, not a section heading
    // (a line broken by a page's end is followed by blank lines and then the rest of its sentence, in lower case)
    const alone = l.heading || ((doc.lines[j + 1]?.blank ?? true) && !/^[a-z]/.test(nextText(doc, j)))
    if (top !== null && t.length < 90 && alone && (own === null || top > own)) return j
    // a known section's numbered heading ends it even where its text follows with no blank line
    if (top !== null && (own === null || top > own) && MAJOR.test(t)) return j
    if (l.number === null && MAJOR.test(t)) return j
  }
  return doc.lines.length
}

/** whether a heading numbered `n` stands alone after line `j` (the section whose number a list's item shares) */
function sectionLater(doc: Doc, j: number, n: number): boolean {
  for (let k = j + 1; k < doc.lines.length; k++) {
    const l = doc.lines[k]!
    if (topNumber(l) !== n || !headingLike(l)) continue
    if (!(l.heading || (doc.lines[k + 1]?.blank ?? true) || MAJOR.test(l.rest))) continue
    // (a known section's heading, or not an item of another list: "2. …" just before it)
    if (MAJOR.test(l.rest) || !itemBefore(doc, k, n - 1)) return true
  }
  return false
}

/** whether a line numbered `n`, set out as line `j` is (in bold or not), comes within the twenty lines after it */
function itemFollows(doc: Doc, j: number, n: number): boolean {
  const bold = doc.lines[j]!.raw.trimStart().startsWith('**')
  for (let k = j + 1; k < Math.min(doc.lines.length, j + 20); k++) {
    const l = doc.lines[k]!
    if (topNumber(l) === n && l.raw.trimStart().startsWith('**') === bold) return true
  }
  return false
}

/** whether the line before line `k` that is not blank is numbered `n` */
function itemBefore(doc: Doc, k: number, n: number): boolean {
  for (let i = k - 1; i >= 0; i--) if (!doc.lines[i]!.blank) return topNumber(doc.lines[i]!) === n
  return false
}

/** The text after a line's bullet and paragraph number, keeping '**' marks (bold is a title signal). */
function rawRest(l: Line): string {
  let s = l.raw.trim().replace(/^#{1,6}\s+/, '')
  // (an en dash the line model took for its bullet: "–  Set out …")
  if (l.bullet) s = s.replace(/^–\s+/, '')
  for (let k = 0; k < 3; k++) {
    const before = s
    s = s
      .replace(/^\*\*(?=[-*•·\d(])/, '')
      // (any bullet the line model reads as one: a symbol font's "Ø", "§", "o" too)
      .replace(BULLET, '')
      .replace(/^(?:R\d{1,2}[.:)]?|[A-Z]{1,3}\d{1,2}[.:)]|(?:R|[A-Z]{1,3})\d{1,2}\s+[–—-])\s+(?=[A-Z])/, '')
      // (a letter or roman number only with its bracket or stop: "A clear vision …", "Civic Campus" are words)
      .replace(
        /^(?:\((?:[ivxlc]+|[a-z]|\d{1,2})\)\.?|(?:[ivxlc]{1,6}|[a-z])[.)]\.?|\d{1,2}(?:\.\d{1,2})*[.)]?\.?)\s+/i,
        (m) => (/^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}/.test(s) ? m : ''),
      )
    if (s === before) break
  }
  return s.trim()
}

/** Splits "Title – body", "**Title.** body", "Title. Body" into title and body. */
export function splitTitle(
  raw: string,
  opts: { sentence: boolean; dash: boolean } = { sentence: true, dash: true },
): { title: string; body: string } {
  let s = raw.trim()
  if (s.includes('**')) {
    if (s.startsWith('**')) {
      const close = s.indexOf('**', 2)
      if (close > 2) return { title: stripMarkup(s.slice(2, close)), body: cleanBody(s.slice(close + 2)) }
    } else {
      const at = s.indexOf('**')
      const head = s.slice(0, at)
      if (head.trim().split(/\s+/).length >= 3) return { title: stripMarkup(head), body: cleanBody(s.slice(at + 2)) }
    }
  }
  s = stripMarkup(s)
  const cuts: { at: number; keep: number; skip: number; label?: boolean }[] = []
  // (a short label before a dash is a title when an instruction follows it: "Financial sustainability – continue to
  // strengthen …"; "Be more vocal – the Council is doing …" keeps its short title only as a sentence would)
  if (opts.dash)
    for (const m of matches(/\s[-–—]\s/g, s))
      cuts.push({
        at: m.index,
        keep: 0,
        skip: m[0].length,
        label: INSTRUCTION.test(s.slice(m.index + m[0].length)) && !/^recommendation\s+\S+$/i.test(s.slice(0, m.index)),
      })
  // (a short name of a topic before a full stop, an instruction after it, is a label: "Financial resilience. Protect
  // …"; "Invest in leadership. Develop …" is a sentence, its stop kept)
  if (opts.sentence)
    for (const m of matches(/[.!?](?=\s+["“‘(]?[A-Z])/g, s)) {
      const head = s.slice(0, m.index).trim()
      const label =
        s[m.index] === '.' &&
        head.split(/\s+/).length <= 4 &&
        !INSTRUCTION.test(head) &&
        !/^(?:key\s+)?recommendation\s+\S+$/i.test(head) &&
        INSTRUCTION.test(s.slice(m.index + 1).trimStart())
      cuts.push({ at: m.index, keep: label ? 0 : 1, skip: 1, label })
    }
  // a short label before a colon and a sentence ("Vision and priorities: The council should …")
  const short = LABEL_SHORT.exec(s)
  const label = LABEL_COLON.exec(s) ?? (short && !CLAUSE_WORD.test(short[1]!) ? short : null)
  if (label && !/^recommendation\s+\S+$/i.test(label[1]!))
    cuts.push({ at: label[1]!.length, keep: 0, skip: label[0].length - label[1]!.length, label: true })
  cuts.sort((a, b) => a.at - b.at)
  for (const c of cuts) {
    const title = s.slice(0, c.at + c.keep).trim()
    if (!c.label && title.split(/\s+/).length < 3) continue
    return { title, body: cleanBody(s.slice(c.at + c.skip)) }
  }
  return { title: s, body: '' }
}

/** the verbs a recommendation opens with, as an instruction ("continue to …", "Develop …") */
const INSTRUCTION =
  /^(?:address|adopt|agree|align|articulate|bring|build|clarify|commission|communicate|complete|consider|consolidate|continue|create|define|deliver|develop|embed|enable|engage|enhance|ensure|establish|expand|explore|extend|focus|harness|identify|implement|improve|increase|invest|keep|lead|maintain|make|manage|plan|prepare|prioriti[sz]e|protect|provide|publish|put|rebuild|reduce|refresh|reset|review|set|share|simplify|stabili[sz]e|streamline|strengthen|support|tackle|take|tell|undertake|use|work)\b/i

/** up to six words with a capital first, a colon, and a sentence with a capital first */
const LABEL_COLON =
  /^(?!(?:action|note|context|recommendation|key|background|rationale|why|what|how|when|where|who|in|by|for|from|to|lead|owner|update|response|progress|status|outcome|priority|phase|stage|step)\b)([A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,5}):\s+(?=["“‘(]?(?:The|This|These|Council|Members|Officers|It|There|We|Our)\s)/i

/** a label before a colon, whatever follows: a few words ("Housing services: make repairs …") or an instruction of up to
 * fifteen ("Lead the delivery of the Garden Town: the councils should …"), the title as the words before a dash are;
 * unless a word of a clause is in it (then it is the sentence's own colon: "Ensure the following are in place: …") */
const LABEL_SHORT =
  /^(?!(?:action|note|context|recommendation|key|background|rationale|why|what|how|when|where|who|in|by|for|from|to|lead(?=\s*:|\s+(?:officers?|members?|peers?|directors?|responsib\w*|by)\b)|owner|update|response|progress|status|outcome|priority|phase|stage|step|theme|area|section|part|appendix|target|timescale|deadline|comments?|evidence|date)\b)([A-Z][\w'’&–-]*(?:\s+[\w'’&–-]+){0,14}):\s+(?=["“‘(]?[A-Za-z])/i
const CLAUSE_WORD =
  /\b(?:that|which|who|following|is|are|was|were|be|been|has|have|had|should|will|would|must|can|could|may|we|our|they|their|it|this|these|as|if|so|include|includes|including)\b/i

function cleanBody(s: string): string {
  return stripMarkup(s.replace(/^\s*\*\*/, ''))
    .replace(/^[-–—:]\s*/, '')
    .trim()
}

// ---- the extractors ----

export function parseDocument(text: string, refs: ParseRefs): { doc: Doc; fields: Extraction } {
  const doc = buildDoc(text)
  const kind = documentKind(doc)
  const { verdict, other, unnamed } = findVerdict(doc)
  const cpc = verdict.value !== 'not-cpc'
  const peers = findPeers(doc)
  const progressReview = aboutProgressReview(doc, kind.field.value)
  const onSite = findOnSite(doc, kind.titleLine, progressReview)
  const titleZone = zone(doc, kind.titleLine)
  const councilFinding = matchCouncil(doc, refs.councils, {
    exclude: peers.ranges,
    titleZone,
    date: onSite.value?.start ?? null,
  })
  const council = {
    value: councilFinding.value,
    confidence: councilFinding.confidence,
    evidence: councilFinding.evidence,
    note: councilFinding.note,
    candidates: councilFinding.candidates,
    clues: councilFinding.clues,
  }
  const themes = findThemes(doc)
  const councilNames = councilFinding.value ? councilAliases(refs.councils, councilFinding.value.code) : []
  const framework = findFramework(doc, themes, refs.frameworks, onSite.value?.start ?? null)
  const themeList = themes.value.length ? themes : framework.themes
  const recommendationCount = findRecommendationCount(doc)
  // (a table of the visit's figures serves the figures and the days)
  const figures = figureRows(doc)
  const fields: Extraction = {
    documentKind: cpc ? kind.field : found<DocumentKind>('not-cpc', verdict.evidence, verdict.confidence, verdict.note),
    verdict,
    wrapper: kind.wrapper,
    council,
    reviewType: cpc
      ? findReviewType(doc, verdict)
      : found(other?.code ?? null, verdict.evidence, verdict.confidence, other ? other.name : 'not a review'),
    onSite,
    onSiteDays: (() => {
      const d = findDays(doc)
      return d
        ? found<number | null>(d.n, d.ev, 0.9)
        : (figures.get('days') ?? none<number | null>(null, 'the text does not say how many days'))
    })(),
    previousChallenge: findPreviousChallenge(doc),
    framework: framework.framework,
    themes: themeList,
    additionalScope: findAdditionalScope(doc, themes.end, councilNames),
    peers: peers.field,
    keyRecommendations: findKeyRecommendations(doc, recommendationCount.value, themeTitles(refs.frameworks)),
    ...themeRecs(findThemeRecommendationList(doc, themeList.value)),
    principalAdviserContact: findAdviserContact(doc),
    recommendationCount,
    strengthsNoted: findStrengths(doc),
    progressHighlights: kind.field.value === 'progress-report' ? findHighlights(doc) : none([]),
    actionPlan: findActionPlan(doc),
    stats: findStats(doc, figures),
    nextSteps: findNextSteps(doc),
    meeting: findMeeting(doc),
  }
  // a position statement is written before the visit: the recommendations it lists or counts are an earlier
  // challenge's ("The 2019 peer team made nine recommendations: …")
  // and the figures it gives are the visit's plan ("the programme … includes over 50 interviews"), not what was done
  // (one for a progress review lists the challenge's own: the review follows them up)
  if (kind.field.value === 'position-statement') {
    const before = 'a position statement comes before the visit'
    if (fields.keyRecommendations.value.length && !progressReview) {
      fields.keyRecommendations = none([], `${before}: the recommendations it lists are an earlier challenge’s`)
      fields.recommendationCount = none(null, before)
    }
    for (const k of Object.keys(fields.stats) as (keyof Extraction['stats'])[])
      if (fields.stats[k].value !== null) fields.stats[k] = none(null, `${before}: its figures are the visit’s plan`)
  }
  if (fields.keyRecommendations.value.length && fields.recommendationCount.value === null) {
    fields.recommendationCount = found(
      fields.keyRecommendations.value.length,
      fields.keyRecommendations.evidence,
      0.6,
      'counted from the key recommendations',
    )
  }
  // what a document says of a CPC's visit, team or figures is no surer than that it is one: a document that is not a
  // CPC keeps them as clues only; a peer challenge never named as a corporate one may be another kind the text does
  // not name, and gives them below 0.9; so does a document of no kind the parser knows (a page that mentions the
  // challenge among other things: a training programme's dates are no visit's)
  const ceiling = !cpc ? 0.5 : unnamed || kind.field.value === 'unknown' ? 0.85 : 1
  // (and the kind of document about it: "a committee report about a peer challenge" of a kind never named)
  if (cpc && unnamed && fields.documentKind.confidence > ceiling) fields.documentKind.confidence = ceiling
  if (ceiling < 1)
    for (const f of [
      fields.onSite,
      fields.onSiteDays,
      fields.peers,
      fields.keyRecommendations,
      fields.recommendationCount,
      ...Object.values(fields.stats),
    ])
      if (f.confidence > ceiling) {
        f.confidence = ceiling
        if (!cpc) f.note = `${f.note ? `${f.note}; ` : ''}the document is not a corporate peer challenge`
      }
  return { doc, fields }
}

function councilAliases(index: CouncilIndex, code: string): string[] {
  const c = index.byCode.get(code)
  return c ? [c.niceName, c.officialName, ...c.altNames] : []
}

function zone(doc: Doc, titleLine: number): { start: number; end: number }[] {
  if (titleLine >= 0) {
    const from = doc.lines[Math.max(0, titleLine - 6)]!
    const to = doc.lines[Math.min(doc.lines.length - 1, titleLine + 4)]!
    return [{ start: from.start, end: to.end }]
  }
  // (a paragraph of prose among them is no title: "… partners such as Anyshire County Council")
  const nonBlank = doc.lines.filter((l) => !l.blank).slice(0, 4)
  return nonBlank.filter((l) => l.text.length <= 200).map((l) => ({ start: l.start, end: l.end }))
}

/** lines a meeting's record has, two of which make it one */
const MINUTES_LINES = [
  /^[ \t]*(?:present|in attendance|also present)\s*[:–-]/im,
  /^[ \t]*(?:\d{1,3}\.?\s+)?apologies(?:\s+for\s+absence)?\b/im,
  /\b(?:agreed|confirmed|approved|signed)\s+as\s+a\s+(?:correct|true|accurate)\s+record\b/i,
  /^[ \t]*(?:[\w,]+[ \t]+){0,3}meeting\s+held\s+(?:on|at)\b/im,
  /^[ \t]*resolved\s*[:–-]/im,
]

/** a committee paper's cover field at the start of a line, its value after a colon or a tab ("Meeting<TAB>Executive",
 * "Lead Officer: …", "Wards affected: All") */
const PAPER_FIELD =
  /^[ \t]*(?:meeting|(?:date\s+of\s+)?meeting\s+date|date\s+of\s+meeting|report[ \t]+(?:of|from|to)|ward\(s\)|decision[ \t]+maker|portfolio(?:[ \t]+(?:area|holder))?|(?:lead|contact|responsible|report(?:ing)?)[ \t]+officer|(?:report[ \t]+)?author|key[ \t]+decision|wards?[ \t]+affected|exempt[ \t]+information|forward[ \t]+plan(?:[ \t]+ref\w*)?)[ \t]*(?::|\t)[ \t]*\S/gim

/** a letter's title: its subject line, under "Dear …," (after the addresses and the date) */
function letterSubject(doc: Doc): Line | undefined {
  const dear = doc.lines.findIndex((l, i) => i < 60 && /^Dear\s+\S/.test(l.text))
  const subject = dear >= 0 ? doc.lines.slice(dear + 1, dear + 4).find((l) => !l.blank) : undefined
  return subject && subject.text.length < 160 && !/[.,;]$/.test(subject.text) ? subject : undefined
}

function documentKind(doc: Doc): { field: Field<DocumentKind>; wrapper: Field<string | null>; titleLine: number } {
  const lines = doc.lines
  const firstText = lines.findIndex((l) => !l.blank)
  const head = lines.slice(Math.max(0, firstText), firstText + 12).filter((l) => !l.blank)
  const subject = letterSubject(doc)
  if (subject && !head.includes(subject)) head.push(subject)
  const headText = head.map((l) => l.text).join(' ')
  // a feedback report has its own title page: "Feedback report" with "Corporate Peer Challenge" just above it
  let title = -1
  for (let i = 0; i < lines.length; i++) {
    if (/^(?:(?:LGA\s+)?corporate peer challenge\s*[-–:]?\s*)?(?:final\s+)?feedback report$/i.test(lines[i]!.text)) {
      title = i
      break
    }
  }
  const hasKeyRecs = findHeading(doc, KEY_RECS_HEADING) >= 0
  if (title >= 0 && hasKeyRecs) {
    const near = lines
      .slice(Math.max(0, title - 8), title + 1)
      .map((l) => l.text)
      .join(' ')
    const kind: DocumentKind = /progress\s+review|\bfollow[- ]?up\s+visit\b/i.test(near)
      ? 'progress-review'
      : 'feedback-report'
    const before = lines.slice(0, Math.max(0, title - 8)).filter((l) => !l.blank)
    let wrapper: Field<string | null> = none(null)
    if (before.length > 5) {
      const all = before.map((l) => l.text).join(' ')
      const what = /summon/i.test(all)
        ? 'meeting summons'
        : /agenda/i.test(all)
          ? 'meeting agenda'
          : /report (?:of|to|from)/i.test(all)
            ? 'committee report'
            : 'covering pages'
      wrapper = found(
        `${what} before the report (${before.length} lines)`,
        [lineEv(before[0]!), lineEv(before[before.length - 1]!)],
        0.8,
      )
    }
    return {
      field: found(kind, [lineEv(lines[title]!)], 0.95, `titled "${lines[title]!.text}" with key recommendations`),
      wrapper,
      titleLine: title,
    }
  }
  const ev0 = head.slice(0, 3).map(lineEv)
  const kindOf = (
    value: DocumentKind,
    confidence: number,
    note: string,
    wrapper: Field<string | null> = none(null),
  ) => ({
    field: found(value, ev0, confidence, note),
    wrapper,
    titleLine: -1,
  })
  // minutes, web pages and committee papers say what they are in their first lines
  if (
    /^(?:draft\s+)?minutes\b/im.test(head.map((l) => l.text).join('\n')) ||
    /\bminutes of (?:a|the) meeting\b/i.test(headText)
  )
    return kindOf('minutes', 0.9, 'the minutes of a meeting')
  // a committee system's record of a decision ("Decision details", "Record of decision"): what a meeting decided
  if (
    head
      .slice(0, 2)
      .some((l) => /^(?:decision\s+(?:details|record|notice)|record\s+of\s+(?:executive\s+)?decisions?)$/i.test(l.text))
  )
    return kindOf('minutes', 0.8, 'a record of a decision')
  const committee =
    /\b(?:(?<!feedback\s)report (?:of|to|from) the\b(?!\s+(?:corporate\s+peer|peer|progress\s+review|lga|local\s+government))|title of report|presented by|purpose of (?:the )?report|report author|wards? affected)\b|\b(?:portfolio holder|key decision)[ \t]*:|\b(?:report title|recommended)\s*:|\breport to\s*:[ \t]*(?:(?:the\s+|full\s+)?council[ \t]*(?=\n|$)|[^\n]{0,60}?\b(?:cabinet|committee|board|panel|scrutiny|members|executive(?![ \t]+(?:and|director|officer))))/i
  // or, not called minutes, by what minutes record: who was present (not a review's note of who came to its
  // feedback), or a report received and what was resolved on it (not a paper that recalls an earlier decision)
  const opening = doc.scan.slice(0, 3000)
  // a committee system's page of an item at a meeting (ModernGov's "Meeting: 14/11/2019 - Cabinet (Item 7.)"), with
  // the item's minutes under their heading
  if (
    /^[ \t]*(?:#{1,6}[ \t]+)?\**minutes\s*:?\**[ \t]*$/im.test(opening) &&
    /^[ \t]*(?:#{1,6}[ \t]+)?meeting\s*:\s*\d/im.test(opening)
  )
    return kindOf('minutes', 0.85, 'a meeting’s page with the item’s minutes')
  if (
    (/^[ \t]*(?:present|in attendance)\s*:/im.test(opening.slice(0, 1500)) &&
      !/\bprogress\s+review\b|\bfeedback\s+report\b/i.test(
        head
          .slice(0, 3)
          .map((l) => l.text)
          .join('\n'),
      )) ||
    (/\bRESOLVED\b|^[ \t]*(?:\(?[a-z\d]{1,3}[.)]\s+)?Resolved\b/m.test(opening) &&
      /\b(?:received|considered|noted)\s+(?:a|the)\s+(?:\w+\s+)?report\b|\bpresented\s+(?:a|the)\s+report\b/i.test(
        opening,
      ) &&
      !committee.test(opening))
  )
    return kindOf('minutes', 0.8, 'a meeting’s record: who was present, or what it resolved')
  // (or two of a record's usual lines: "Present – Councillors …", "Apologies for absence were submitted …", "The
  // minutes of the meeting held on … were agreed as a correct record", "Resolved – That …")
  if (MINUTES_LINES.filter((re) => re.test(opening)).length >= 2)
    return kindOf('minutes', 0.8, 'a meeting’s record: who was present, apologies, the last minutes agreed')
  // (in a title: a line of the head that is no sentence; "Our last challenge was in 2018, with a
  // follow-up visit in 2019." on a page about this year's is not, nor a paragraph that says the report goes to Cabinet)
  const titles = head
    .filter((l) => l.text.length <= 120 && !/[.!?]$/.test(l.text))
    .map((l) => l.text)
    .join(' ')
  const isCommittee =
    committee.test(doc.scan.slice(0, 3000)) ||
    (opening.match(PAPER_FIELD)?.length ?? 0) >= 2 ||
    (/\b(?:cabinet|scrutiny|committee)\b/i.test(titles) && /\breport\b/i.test(titles))
  // (the paper's title as its cover gives it: "Title of report", "Report Title:", "TITLE:", "Subject:")
  const titled =
    /\btitle of report\s*:?\s*(.*)|^[ \t]*(?:report\s+title|title|subject)[ \t]*:[ \t]*(\S.*)/im
      .exec(doc.scan.slice(0, 3000))
      ?.slice(1)
      .find(Boolean) ??
    // (or its first line that names the challenge and is no sentence: "Corporate Peer Challenge – Action Plan Update")
    doc.lines
      .slice(0, lineAt(doc, Math.min(3000, doc.text.length)))
      .find((l) => !l.blank && l.text.length <= 120 && !/[.!?]$/.test(l.text) && /peer challenge|\bCPC\b/i.test(l.text))
      ?.text ??
    headText
  if (isCommittee) {
    const wrapper = found<string | null>('committee report', ev0, 0.7)
    if (
      /\bprogress (?:report|update)\b|\baction plan\b[^.]{0,20}\b(?:progress|update)\b|\bprogress against\b|\bupdate on\b[^.]{0,40}\baction plan\b|\b(?:\d{1,2}|six|nine|twelve|eighteen)[- ]months?\s+(?:progress\s+)?(?:update|report)\b|\b(?:one\s+year|a\s+year|(?:\d{1,2}|six|nine|twelve|eighteen)\s+months)\s+on\b/i.test(
        titled,
      )
    )
      return kindOf('progress-report', 0.9, 'a committee report on progress', wrapper)
    // (or its title's lines say where the plan stands: "Position as at 31 May 2024 (Quarter 4 update)")
    if (
      (/\bprogress (?:report|update)\b/i.test(headText) ||
        /\bposition\s+(?:as\s+)?at\b|\bquarter(?:ly)?\s*\d?\s+update\b/i.test(titles)) &&
      !/\bfeedback\b/i.test(titled)
    )
      return kindOf('progress-report', 0.85, 'titled as a progress report', wrapper)
    // (or the plan itself under its title, the meeting that agreed it named: "Corporate Peer Challenge 2022" / "Action
    // Plan" / "Version 1.3 – agreed at Cabinet 24 April 2023")
    // (not the end of a title that wraps: "Title of report: Corporate Peer Challenge – Feedback and" / "Action Plan")
    if (
      head
        .slice(0, 4)
        .some(
          (l, k) =>
            /^(?:(?:cpc|corporate\s+peer\s+challenge)\s*[-–:]?\s*)?action\s+plan$/i.test(l.text) &&
            !(k > 0 && /(?:\band|&|[-–—,:])$/i.test(head[k - 1]!.text)),
        )
    )
      return kindOf('action-plan', 0.85, 'titled as an action plan', wrapper)
    // (below 0.9: a paper about a challenge may be the council's report on progress, its plan, or about another kind
    // of review, and its title does not say which: on first contact with papers it had not met, a third were)
    return kindOf('covering-report', 0.85, 'a committee report about a peer challenge', wrapper)
  }
  if (
    head.some(
      (l) =>
        /^(?:news|latest news|press release|news release|media release)(?:\s*[–—:|-]\s*[\w ,]{0,40})?$/i.test(l.text) ||
        /^(?:published|posted)(?:\s+on)?:?\s+(?:[A-Z][a-z]+day,?\s+)?\d/i.test(l.text),
    )
  )
    return kindOf('web-page', 0.9, 'a news item or web page')
  // a web page about a challenge, not the report: the site's furniture, and no report's key recommendations; where
  // the page holds a report's parts (a recommendations heading, the team that delivered it), only a link to download
  // the report makes it a page about one
  // a council's own page (its footer's copyright is the council's, not the LGA's, whose site carries its reports'
  // text) that tells of its challenge, whatever of the report it quotes
  // a report published as a page, its own title block under the site's trail ("LGA Corporate Peer Challenge Progress
  // Review" / "North Somerset Council" / "10 – 11 December 2024" / "Feedback report")
  if (
    head.some((l) =>
      /^(?:(?:lga\s+)?corporate\s+peer\s+challenge\s*[-–:]?\s*)?(?:progress\s+review\s+)?(?:final\s+)?feedback\s+report$/i.test(
        l.text,
      ),
    )
  )
    return PROGRESS_TITLE.test(titles)
      ? kindOf('progress-review', 0.85, 'titled as a progress review’s feedback report')
      : kindOf('feedback-report', 0.85, 'titled as a feedback report')
  if (webFurniture(lines) >= 2 && lines.some((l) => !l.blank && l.text.length <= 160 && councilCopyright(l.text)))
    return kindOf('web-page', 0.85, 'a council’s web page about its peer challenge')
  if (!hasKeyRecs && webFurniture(lines) >= 2) {
    const reportLike = findHeading(doc, /\brecommendations\b/i) >= 0 || DELIVERED_BY.test(doc.scan)
    if (!reportLike || lines.some((l) => !l.blank && l.text.length <= 160 && DOWNLOAD.test(l.text)))
      return kindOf('web-page', 0.85, 'a web page about a peer challenge')
  }
  // the council's own account of itself for the peer team, before the visit
  if (
    !hasKeyRecs &&
    head.some(
      (l) =>
        POSITION_TITLE.test(l.text) &&
        !/[.,]$|\b(?:following|prepared|shared|after|based|informed|received|with)\b/i.test(l.text),
    )
  )
    return kindOf('position-statement', 0.85, 'titled as a position statement')
  if (PROGRESS_TITLE.test(titles))
    return kindOf('progress-review', 0.9, 'titled as a progress review or follow-up visit')
  if (/\bprogress\s+(?:report|update)\b/i.test(headText))
    return kindOf('progress-report', 0.8, 'titled as a progress report')
  // the council's action plan titled as such ("Corporate Peer Challenge Action Plan"), not a report that has one
  const titleText = head
    .slice(0, 3)
    .map((l) => l.text)
    .join(' ')
  if (title < 0 && !hasKeyRecs && /\baction plan\b/i.test(titleText) && !/\bfeedback\b|\breport\b/i.test(titleText))
    return kindOf('action-plan', 0.8, 'titled as an action plan')
  // older reports and others' copies are titled "LGA Peer Challenge", "Corporate Peer Review", "Peer Challenge Report"
  const peerTitle = head
    .slice(0, 4)
    .some((l) =>
      /^(?:(?:the\s+)?(?:lga|local government association)\s+|corporate\s+)?peer\s+(?:challenge|review)(?:\s+report|\s*[-–:]\s*feedback(?:\s+report)?)?$/i.test(
        l.text,
      ),
    )
  // a web page or news item that names the challenge in its headline, not the report: two of a page's signs (a trail,
  // a news line, questions for headings, someone quoted as having said something)
  // (a page that reproduces the report under the report's own title is the report: "… 2021 – feedback report"; so is
  // one that holds the report's parts, its recommendations or the team that delivered it, with no link to download it)
  if (
    (!(hasKeyRecs || findHeading(doc, /\brecommendations\b/i) >= 0 || DELIVERED_BY.test(doc.scan)) ||
      lines.some((l) => !l.blank && l.text.length <= 160 && DOWNLOAD.test(l.text))) &&
    title < 0 &&
    !peerTitle &&
    !/\bfeedback\s+report\b|\bprogress\s+review\b/i.test(titles) &&
    webSigns(doc, head) >= 2
  )
    return kindOf('web-page', 0.8, 'a web page or news item about a peer challenge')
  if (
    title >= 0 ||
    peerTitle ||
    /\b(?:corporate\s+peer\s+challenge|feedback\s+report|final\s+report)\b/i.test(headText)
  )
    return {
      field: found(
        'feedback-report',
        title >= 0 ? [lineEv(lines[title]!)] : ev0,
        hasKeyRecs ? 0.9 : 0.8,
        'titled as a feedback report',
      ),
      wrapper: none(null),
      titleLine: title,
    }
  if (/\baction plan\b/i.test(headText)) return kindOf('action-plan', 0.7, 'titled as an action plan')
  // the LGA's feedback letter, its subject the council's peer challenge ("Anytown Borough Council – Peer Challenge
  // 5th–8th November 2013"), with recommendations in it
  if (subject && PEER_REVIEW.test(subject.text) && findHeading(doc, /^(?:key\s+)?recommendations$/i) >= 0)
    return kindOf('feedback-report', 0.8, 'a feedback letter: its subject names the peer challenge')
  // a feedback report's own sections, its first pages lost: the challenge's approach and the next steps
  if (
    findHeading(doc, /^(?:summary\s+of\s+)?the\s+(?:corporate\s+)?peer\s+challenge\s+(?:approach|process)$/i) >= 0 &&
    findHeading(doc, /^next\s+steps$/i) >= 0
  )
    return kindOf('feedback-report', 0.7, "a feedback report's sections (its approach, its next steps), with no title")
  return {
    field: none('unknown', 'no report title, committee report layout or progress report heading found'),
    wrapper: none(null),
    titleLine: -1,
  }
}

/** a title line naming a position statement ("Corporate Peer Challenge – Position Statement", "Our self-assessment") */
const POSITION_TITLE =
  /^(?:(?:LGA\s+)?corporate\s+peer\s+challenge\s*[-–—:]?\s*)?(?:(?:the\s+)?council['’]s\s+|our\s+)?(?:position\s+statement|self[- ]assessment)\b(?:\s*[-–—:]\s*.{0,60}|\s+(?:for|to|of)\s+.{0,60})?$/i

/** lines a web page has and a report does not: a skip link, a breadcrumb trail, the date the page was changed, a
 * question about the page, a link to a download with its size */
const WEB_LINE =
  /^(?:skip to (?:main )?content|(?:home|you are here:?)\s*[>›»/|]\s*\S.*|(?:this )?page (?:last )?(?:updated|reviewed):?.*|last (?:updated|modified|reviewed):?\s*\d.*|(?:was|is) this page (?:helpful|useful)\??|share this page|back to top|print this page|report a problem with this page|ends|notes to editors:?|for (?:media|press) enquiries.*)$/i
const DOWNLOAD = /\((?:pdf|docx?|xlsx?|word|excel|odt)(?: document)?(?:,?\s*[\d.,]+\s*(?:[km]b|bytes))?\)\s*$/i

/** a sentence that introduces the team that delivered a challenge or review, as a report does */
const DELIVERED_BY =
  /\b(?:progress\s+review|peer\s+challenge|review|challenge)\s+was\s+delivered\s+by\b|\bthe\s+peer\s+team\s+(?:was|were|comprised|consisted)\b|\bpeers\s+who\s+delivered\b/i

/** a copyright line that is a council's ("© 2024 Medway Council"), not the LGA's */
const councilCopyright = (s: string) =>
  /©|\(c\)\s*\d{4}|\bcopyright\b/i.test(s) &&
  /\bcouncil\b/i.test(s) &&
  !/\blocal\s+government\s+association\b|\bLGA\b/i.test(s)

/** a breadcrumb trail: short parts between arrows ("Anytown Council > Your council > Corporate Peer Challenge") */
const BREADCRUMB = /^[^>›»\n]{2,60}(?:\s+[>›»]\s+[^>›»\n]{2,80}){2,}$/
/** a news item's line: "News · 4 October 2024", "Press release – 12 March 2023" */
const NEWS_LINE = /^(?:news|latest news|press release|news release|media release)\s*[·•–—:|,-]\s*.{0,40}\d/i
/** a heading put as a question, as a council's pages set them ("What is a corporate peer challenge?", "Who was on
 * the peer team") */
const QUESTION_HEADING = /^(?:what|who|when|why|how|where)\b[^.!:;]{3,70}\??$/i
/** someone quoted as having said something, as news items do */
const SAID = /\b(?:said|says|added|commented)\s*:?\s*["“‘]|["”’],?\s+(?:said|says|added)\b/

/** How many signs of a web page or news item a text has (counting to 2): its furniture, a trail or a news line at its
 * head, two headings put as questions, someone quoted as having said something. */
function webSigns(doc: Doc, head: readonly Line[]): number {
  let n = webFurniture(doc.lines)
  if (n < 2 && head.slice(0, 5).some((l) => BREADCRUMB.test(l.text) || NEWS_LINE.test(l.text))) n++
  if (n < 2) {
    let questions = 0
    for (const l of doc.lines)
      if (
        !l.blank &&
        l.text.length <= 80 &&
        (l.heading || headingLike(l) || ((doc.lines[l.n - 1]?.blank ?? true) && (doc.lines[l.n + 1]?.blank ?? true))) &&
        QUESTION_HEADING.test(l.text)
      )
        if (++questions >= 2) break
    if (questions >= 2) n++
  }
  if (n < 2 && SAID.test(doc.scan)) n++
  return n
}

/** How many lines of a web page's furniture a text has (counting to 2). */
function webFurniture(lines: readonly Line[]): number {
  let n = 0
  for (const l of lines) {
    if (l.blank || l.text.length > 120) continue
    if (WEB_LINE.test(l.text) || DOWNLOAD.test(l.text)) if (++n >= 2) break
  }
  return n
}

/** a peer challenge or review of any kind named ("peer challenge", "peer\nreview") */
const PEER_REVIEW = /\bpeer\s+(?:challenge|review)\b/i

/** services whose peer challenges are not corporate ones and have no review type of their own below (written with
 * spaces: a title's line holds them so; in running text any white space parts the words) */
const OTHER_TOPICS = [
  'public health',
  'culture(?: and heritage)?',
  'heritage',
  'climate(?: (?:change|emergency))?',
  'net zero',
  'economic (?:growth|development)',
  'digital',
  'scrutiny',
  'health and wellbeing',
  'leisure',
  'waste',
  'procurement',
  'regeneration',
  'commercial(?:isation)?',
  'customer services?',
  'customer experience',
  'transformation',
  'decision(?:-| )making accountability',
  'children and young people',
  'education',
  'special educational needs',
  'safeguarding(?: adults)?',
  'community safety',
  'licensing',
  'environmental health',
  'highways',
  'transport',
  'cyber(?: security| 360)?',
]
/** services with a review type of their own below, as a title's line names them */
const OWN_REVIEW_TOPICS = [
  'adult social care',
  "adults['’]? services",
  "children['’]?s services",
  'communications',
  '(?:strategic )?housing',
  'homelessness',
  'equalit(?:y|ies)',
  'planning',
  'finance',
  'financial (?:planning|resilience)',
]
/** "<topic> peer challenge": found at "peer" and its service read behind it (one scan of the text for "peer", not one
 * for every service at every character) */
const OTHER_SERVICE = new RegExp(
  `\\bpeer\\s+(?:challenge|review)\\b(?<=\\b(?:${OTHER_TOPICS.map((t) => t.replaceAll(' ', '\\s+')).join('|')})\\s+peer\\s+(?:challenge|review))`,
  'i',
)
/** Other kinds of review and paper a CPC document can be confused with, by what their titles call them. */
const OTHER_REVIEWS: [string | null, string, RegExp][] = [
  ['fpc', 'finance peer challenge', /\bfinanc(?:e|ial)\s+peer\s+(?:challenge|review)\b/i],
  ['gpc', 'governance review', /\bgovernance\s+(?:peer\s+)?(?:challenge|review)\b/i],
  [
    'planning-peer-review',
    'planning peer review',
    /\bplanning\s+(?:service\s+)?(?:peer\s+)?(?:review|challenge)\b|\bplanning\s+advisory\s+service\b/i,
  ],
  [
    'fire-peer-challenge',
    'fire and rescue peer challenge',
    /\bfire\s+(?:and\s+rescue\s+)?(?:service\s+)?peer\s+(?:challenge|review)\b|\bfire\s+and\s+rescue\s+service\b/i,
  ],
  // each "<service> peer challenge" is found at "peer" and its service read behind it (one scan of the text for
  // "peer", not one for every service at every character)
  [
    'adult-social-care-peer-challenge',
    'adult social care peer challenge',
    /\bpeer\s+(?:challenge|review)\b(?<=\badult(?:s|s['’]|['’]s)?\s+(?:social\s+care\s+)?(?:services?\s+)?peer\s+(?:challenge|review))|\bpartners\s+in\s+care\s+and\s+health\b/i,
  ],
  [
    'childrens-services-peer-review',
    'children’s services peer review',
    /\bpeer\s+(?:challenge|review)\b(?<=\b(?:children['’]?s\s+(?:social\s+care\s+|services\s+)?(?:safeguarding\s+)?|(?:safeguarding(?:\s+children)?|SEND|youth\s+justice)\s+)peer\s+(?:challenge|review))/i,
  ],
  [
    'communications-peer-challenge',
    'communications peer challenge',
    /\bpeer\s+(?:challenge|review)\b(?<=\bcommunications?\s+peer\s+(?:challenge|review))/i,
  ],
  [
    'equality-peer-challenge',
    'equality framework peer challenge',
    /\bpeer\s+(?:challenge|review)\b(?<=\bequalit(?:y|ies)\b[^\n]{0,40}\bpeer\s+(?:challenge|review))|\bequality\s+framework\s+for\s+local\s+government\b/i,
  ],
  [
    'housing-peer-challenge',
    'housing peer challenge',
    /\bpeer\s+(?:challenge|review)\b(?<=\b(?:strategic\s+)?(?:housing|homelessness)(?:\s+and\s+\w+)?\s+(?:services?\s+)?peer\s+(?:challenge|review))/i,
  ],
  [
    'scrutiny-review',
    'review of scrutiny arrangements',
    /\bcentre\s+for\s+(?:public\s+)?governance\s+and\s+scrutiny\b|\breview\s+of\s+(?:the\s+council['’]s\s+)?(?:overview\s+and\s+)?scrutiny\s+arrangements\b/i,
  ],
  ['mutual-review', 'mutual review between authorities', /\bmutual\s+(?:["“‘']?peer\s+review|review)\b/i],
  [
    'school-peer-review',
    'school peer review',
    /\bschools?\s+partnership\s+programme\b|\bpeer\s+review\b(?<=\bschool(?:s|['’]s)?\s+(?:partnership\s+)?peer\s+review)/i,
  ],
  // other services' peer challenges by the topic that names them: never a council's name, which a title can carry
  ['other-peer-challenge', 'peer challenge of another service', OTHER_SERVICE],
  [
    'ombudsman-report',
    'Ombudsman’s report',
    /\b(?:local\s+government\s+(?:and\s+social\s+care\s+)?|housing\s+)ombudsman\b/i,
  ],
  ['ofsted-inspection', 'Ofsted inspection', /\bofsted\b|\binspection of (?:local authority )?children/i],
  [
    'audit-report',
    'audit report',
    /\bauditor['’]?s annual report\b|\bannual audit (?:letter|report)\b|\bexternal audit(?:or)?\b/i,
  ],
  [null, 'budget paper', /\bbudget\b[^\n]{0,40}\b(?:medium term financial|council tax|proposals|setting|strategy)\b/i],
]
/** the Welsh Local Government Association, in English or Welsh */
const WLGA = /\bwelsh\s+local\s+government\s+association\b|\bWLGA\b|\bcymdeithas\s+llywodraeth\s+leol\s+cymru\b/i
/** the title of a document of another kind, the whole line (its year or month after it), which may mention a peer
 * challenge among other things */
const OTHER_DOCUMENT =
  /^(?:(?:[Tt]he\s+)?(?:[Cc]ouncil['’]s\s+)?(?:[Aa]nnual|ANNUAL)\s+(?:[Rr]eport|REPORT|(?:[Gg]overnance|GOVERNANCE)\s+(?:[Ss]tatement|STATEMENT))|(?:(?:[A-Z][\w&'-]*|and|of|the|&)\s+){0,8}(?:[Ww]ork|WORK)\s+(?:[Pp]rogramme|PROGRAMME)|(?:[Ff]orward|FORWARD)\s+(?:[Pp]lan|PLAN)|(?:[Ss]tatement|STATEMENT)\s+(?:of|OF)\s+(?:[Aa]ccounts|ACCOUNTS)|(?:[Rr]esidents['’]?\s+)?(?:[Nn]ewsletter|NEWSLETTER))(?:\s+(?:for\s+)?(?:\d{4}(?:\s*[/–-]\s*\d{2,4})?|[A-Z][a-z]+\s+\d{4}))?$/

/** a web page's trail of links ("Home > Council and democracy > Cabinet") */
const TRAIL = /^home\s*[>›»|/]\s*\S/i

/** a committee paper's cover field, its label and value on one line ("Report of:   Head of Planning", "Key
 * Decision<TAB>No", "ITEM NO. 6.1") */
const COVER_FIELD =
  /^(?:(?:report\s+(?:of|from|to|track|author|number|no\.?|ref\w*)|contact(?:\s+officers?)?|telephone(?:\s+no\.?)?|tel\.?|e-?mail|agenda\s+item|wards?(?:\s+affected)?|portfolio(?:\s+(?:leader|holder|area))?|key\s+decision|decision\s+(?:maker|type)|classification|date(?:\s+of\s+meeting)?|meeting(?:\s+date)?|lead\s+(?:officer|member)|author|exempt\w*|forward\s+plan\w*|cabinet\s+member)\s*(?::|\t| {2,})\s*\S|item\s+no\.?\s*\d)/i

/** a performance report's title ("CORPORATE PERFORMANCE REPORT: QUARTER 2 2021/22", "Council Plan performance
 * update Q3", "Quarterly Performance Report") */
const PERFORMANCE_TITLE =
  /^(?:[\w&'’-]+\s+){0,4}performance\s+(?:report|update|monitoring|management\s+report|scorecard)\b(?![^.]*\.$)|^(?:quarter(?:ly)?\s*\d?|q[1-4])\s+performance\b(?![^.]*\.$)/i

/** an internal audit's report by its title ("INTERNAL AUDIT REPORT", "Internal Audit Report – Final") */
const AUDIT_TITLE = /^(?:final\s+)?internal\s+audit(?:\s+(?:and\s+assurance\s+)?(?:report|review))?\b(?![^.]*\.$)/i

/** a budget paper's title ("GENERAL FUND REVENUE BUDGET 2022/23 AND MEDIUM TERM", "Medium Term Financial Strategy
 * 2024–2028", "Budget and Council Tax 2023/24") */
const BUDGET_TITLE =
  /^(?:(?:general\s+fund|revenue|capital|draft|proposed)\s+){0,3}budget\b(?![^.]*\.$)|^medium[ -]term\s+financial\s+(?:plan|strategy)\b(?![^.]*\.$)/i

/** a line that is only a service's name, as a title gives the subject of a peer challenge: the services above with a
 * review of their own, or any other */
const TOPIC = `(?:${[...OWN_REVIEW_TOPICS, ...OTHER_TOPICS].join('|')})`
const TOPIC_LINE = new RegExp(`^${TOPIC}(?:(?:\\s*,\\s*|\\s+(?:and|&)\\s+)${TOPIC})*$`, 'i')
const CPC_NAME = /\bcorporate\s+peer\s+challenge\b|\bCPC\b|\bpeer\s+challenge\s+progress\s+review\b/i
/** a mention of a CPC that is in the past: "the corporate peer challenge in 2019 recommended" */
const PAST_CPC =
  /\b(?:corporate\s+peer\s+challenge|CPC)\b(?:\s+\(CPC\))?\s+(?:in|of|from|during)\s+(?:\w+\s+)?\d{4}\b/gi

/** before a challenge's name: one the text says this is not, or one still to come */
const NOT_THIS_CHALLENGE =
  /\b(?:not|n['’]t)\s+(?:a|an|the)\s+(?:full\s+)?$|\b(?:will|would|intends?\s+to|plans?\s+to|planning\s+to|expects?\s+to|hopes?\s+to)\s+(?:[a-z]+\s+){0,2}(?:a|an)\s+(?:full\s+|further\s+|new\s+)?$|\b(?:next|future|forthcoming|upcoming)\s+(?:full\s+)?$/i
/** a peer challenge or review named anywhere (its words may be parted by a line's end) */
const ANY_CHALLENGE = /\bcorporate\s+peer\s+challenge\b|\bCPC\b|\bpeer\s+challenge\b|\bpeer\s+review\b/gi

/** The first other kind of peer challenge or review the text names ("finance peer challenge", "housing peer
 * review"), with where its "peer challenge" or "peer review" stands each time it is named. */
function otherPeerReviews(
  doc: Doc,
): { review: (typeof OTHER_REVIEWS)[number]; at: Set<number>; first: number; length: number } | null {
  for (const review of OTHER_REVIEWS) {
    const re = review[2]
    if (!re.test(doc.scan)) continue
    const at = new Set<number>()
    let first = -1
    let length = 0
    for (const m of matches(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), doc.scan)) {
      const peer = PEER_REVIEW.exec(m[0])
      if (!peer) continue
      at.add(m.index + peer.index)
      if (first < 0) [first, length] = [m.index, m[0].length]
    }
    if (at.size) return { review, at, first, length }
  }
  return null
}

/** Whether the document is about a corporate peer challenge, and if not, what kind of review it is. */
function findVerdict(doc: Doc): {
  verdict: Field<Verdict>
  other: { code: string | null; name: string } | null
  /** a peer challenge named only as one, never as a corporate one nor as another kind */
  unnamed?: boolean
} {
  // the title zone: the first short lines, before the first paragraph of prose (a committee paper's cover fields,
  // "Report of: …", "Contact Officer: …", "Key Decision: No", are no title: its title comes under them)
  // (nor, on a web page, its menu's items and its trail: "- Calendar", "Home > Council and democracy > Cabinet")
  const lines = doc.lines.filter(
    (l, i) =>
      !l.blank && !(i < 40 && (COVER_FIELD.test(l.text) || (l.bullet && l.text.length <= 40) || TRAIL.test(l.text))),
  )
  const prose = lines.findIndex((l) => l.text.length > 100)
  const head = lines.slice(0, Math.min(6, prose < 0 ? 6 : Math.max(prose, 2)))
  // (and a letter's subject line under its addresses: "Anytown District Council – Finance Peer Review, 15th to 17th
  // November 2016")
  const subject = letterSubject(doc)
  if (subject && !head.includes(subject)) head.push(subject)
  const headText = head
    .map((l) => l.text)
    .join('\n')
    .replace(PAST_CPC, '')
  const ev0 = head.slice(0, 2).map(lineEv)
  // a title of "LGA Peer Challenge" over a line naming only a service ("Climate Change") is that service's challenge
  const topic = PEER_REVIEW.test(headText) && head.find((l) => l.text.length < 60 && TOPIC_LINE.test(l.text))
  const other = OTHER_REVIEWS.find(
    ([, , re]) => re.test(headText) || (topic && re.test(`${topic.text} peer challenge`)),
  )
  // (a Welsh council's corporate peer review is the WLGA's, not the LGA's corporate peer challenge of an English
  // council, whatever its title)
  const welsh = WLGA.exec(headText)
  if (welsh)
    return {
      verdict: found<Verdict>('not-cpc', ev0, 0.9, 'Not a corporate peer challenge: a Welsh council’s peer review'),
      other: { code: 'wlga-peer-review', name: 'Welsh council’s peer review' },
    }
  if (other && !CPC_NAME.test(headText))
    return {
      verdict: found<Verdict>('not-cpc', ev0, 0.95, `Not a corporate peer challenge: ${article(other[1])}`),
      other: { code: other[0], name: other[1] },
    }
  // a document of another kind by its title (a council's annual report, a committee's work programme) that mentions a
  // challenge among other things: not about one, unless its title is
  // (a budget paper's title may come under its meeting's lines)
  // (an item of a list is no title: a page's menu of links, "- Annual report", over its own title)
  const otherTitle = (t: string) => BUDGET_TITLE.test(t) || PERFORMANCE_TITLE.test(t) || AUDIT_TITLE.test(t)
  const titled =
    head.slice(0, 4).find((l, k) => !l.bullet && ((k < 2 && OTHER_DOCUMENT.test(l.text)) || otherTitle(l.text))) ??
    // (or the paper's title as a cover field gives it: "Subject:     Internal Audit Progress Report", "Report title:
    // Overview and Scrutiny work programme 2024/25")
    titleFields(doc).find((f) => otherTitle(f.value) || OTHER_DOCUMENT.test(f.value))?.line
  if (
    titled &&
    !/\bpeer\s+(?:challenge|review)\b|\bCPC\b/i.test(
      head
        .slice(0, 3)
        // (the title's lines, not a paragraph under it)
        .filter((l) => !/[.!?]$/.test(l.text))
        .map((l) => l.text)
        .join('\n'),
    )
  )
    return {
      verdict: found<Verdict>(
        'not-cpc',
        [lineEv(titled)],
        0.85,
        `Not about a corporate peer challenge: ${titled.text}`,
      ),
      other: null,
    }
  if (CPC_NAME.test(headText))
    return { verdict: found<Verdict>('cpc', ev0, 0.95, 'titled as a corporate peer challenge'), other: null }
  const all = [...anchoredMatches(ANY_CHALLENGE, ['corporate|cpc|peer'], 0, doc.scan)]
  const past = new Set([...anchoredMatches(PAST_CPC, ['corporate|cpc'], 0, doc.scan)].map((m) => m.index))
  const current = all.filter(
    (m) =>
      !past.has(m.index) &&
      // not a challenge the text says this is not or that is to come ("This was not a corporate peer challenge",
      // "intends to commission a full Corporate Peer Challenge")
      !NOT_THIS_CHALLENGE.test(doc.scan.slice(Math.max(0, m.index - 50), m.index)),
  )
  // (a role, "Peer Challenge Manager", says there was a peer challenge, not which kind)
  const role = (m: RegExpExecArray) =>
    /^\s+managers?\b/i.test(doc.scan.slice(m.index + m[0].length, m.index + m[0].length + 12))
  // a peer challenge named only as such ("Peer Challenge" over "Feedback Report"), never as a corporate one, is the
  // other kind the text names as often ("… to carry out a finance peer challenge"): the mentions inside that kind's
  // name are its, and the rest no more than them
  const generic = current.every((m) => !/^(?:corporate|cpc)/i.test(m[0]))
  const otherPeer = generic ? otherPeerReviews(doc) : null
  const standalone = otherPeer ? current.filter((m) => !otherPeer.at.has(m.index) && !role(m)).length : 0
  // (as often, only where the text says it is not a corporate one: "This was not a corporate peer challenge")
  // (or where the text first names the challenge by that kind, and then as "the peer challenge": "… the housing and
  // homelessness peer challenge carried out in September …")
  const first = otherPeer ? current.find((m) => !role(m)) : undefined
  if (
    otherPeer &&
    (otherPeer.at.size > standalone ||
      (otherPeer.at.size === standalone && all.length > current.length) ||
      (!!first && otherPeer.at.has(first.index)))
  )
    return {
      verdict: found<Verdict>(
        'not-cpc',
        [ev(doc, otherPeer.first, otherPeer.first + otherPeer.length)],
        0.85,
        `Not a corporate peer challenge: ${article(otherPeer.review[1])}`,
      ),
      other: { code: otherPeer.review[0], name: otherPeer.review[1] },
    }
  // a paper about something else that names a challenge only in passing, deep in its text, twice at most, and in no
  // title, heading or item of its own ("… the option of inviting a Corporate Peer Challenge in 2026/27. The Council's
  // last Corporate Peer Challenge took place in 2017"): not about one
  if (
    current.length >= 1 &&
    current.length <= 2 &&
    current[0]!.index > 1500 &&
    !doc.lines.some(
      (l) =>
        !l.blank &&
        l.text.length <= 120 &&
        (l.heading || ((doc.lines[l.n - 1]?.blank ?? true) && headingLike(l))) &&
        PEER_OR_CPC.test(l.text),
    )
  )
    return {
      verdict: found<Verdict>(
        'not-cpc',
        current.map((m) => ev(doc, m.index, m.index + m[0].length)),
        0.7,
        'Not about a corporate peer challenge: it names one only in passing',
      ),
      other: null,
    }
  // (another review named in the text counts only against a single mention: not looked for past two)
  const otherInText = current.length < 2 ? OTHER_REVIEWS.find(([, , re]) => re.test(doc.scan)) : undefined
  if (current.length >= 1 && !(otherInText && current.length < 2))
    return {
      verdict: found<Verdict>(
        'cpc',
        current.slice(0, 2).map((m) => ev(doc, m.index, m.index + m[0].length)),
        // (named only as "peer challenge" or "peer review", never as a corporate one: which kind it is stays open)
        current.length >= 2 ? (generic ? 0.8 : 0.9) : 0.7,
        generic ? 'a peer challenge, not named as a corporate one or as another kind' : undefined,
      ),
      other: null,
      unnamed: generic,
    }
  // a progress review of an earlier challenge the text names ("a year after the original Corporate Peer Challenge in
  // November 2022") is about that challenge
  const progress = !otherInText && all.length ? /\bprogress\s+review\b/i.exec(doc.scan) : null
  if (progress)
    return {
      verdict: found<Verdict>(
        'cpc',
        [ev(doc, progress.index, progress.index + progress[0].length)],
        0.8,
        'a progress review of the challenge it names',
      ),
      other: null,
    }
  const note = otherInText
    ? `Not a corporate peer challenge: ${article(otherInText[1])}`
    : all.length
      ? 'Not a corporate peer challenge: it mentions an earlier one'
      : 'Not a corporate peer challenge: none is mentioned'
  return {
    verdict: found<Verdict>('not-cpc', ev0, all.length || otherInText ? 0.85 : 0.7, note),
    other: otherInText ? { code: otherInText[0], name: otherInText[1] } : null,
  }
}

/** the heading of a report's key recommendations, whoever's it calls them ("The peer team's key recommendations",
 * "Key recommendations to the council") */
const KEY_RECS_HEADING =
  /^(?:the\s+)?(?:(?:peer\s+)?team['’]s\s+|lga['’]s\s+|our\s+)?key\s+recommendations(?:\s+(?:to|for)\s+the\s+council)?$/i

/** a peer challenge or review named, or the CPC */
const PEER_OR_CPC = /\bpeer\s+(?:challenge|review)\b|\bCPC\b/i

/** each kind of review, its pattern and the word its matches start with (the pattern tried only there) */
const REVIEW_TYPES: [string, RegExp, string[]][] = [
  ['fpc', /\bfinanc(?:e|ial)\s+peer\s+(?:challenge|review)\b/i, ['financ']],
  ['gpc', /\bgovernance\s+peer\s+(?:challenge|review)\b/i, ['governance']],
  ['cpc', /\b[Cc]orporate\s+[Pp]eer\s+[Cc]hallenge\b|\bCORPORATE\s+PEER\s+CHALLENGE\b|\bCPC\b/, ['corporate|cpc']],
]

function findReviewType(doc: Doc, verdict: Field<Verdict>): Field<string | null> {
  const counts = REVIEW_TYPES.map(([code, re, anchor]) => ({
    code,
    hits: [...anchoredMatches(re, anchor, 0, doc.text)],
  }))
  const best = counts.sort((a, b) => b.hits.length - a.hits.length)[0]!
  // a peer challenge of the council, named only as a "peer challenge" (the LGA's reports before "corporate"): a
  // corporate one, as the verdict found
  if (!best.hits.length)
    return verdict.value === 'cpc' && verdict.confidence >= 0.7
      ? found('cpc', verdict.evidence, 0.7, 'a peer challenge of the whole council: no other kind is named')
      : none(null, 'the kind of peer challenge is not named')
  return found(
    best.code,
    best.hits.slice(0, 2).map((m) => ev(doc, m.index, m.index + m[0].length)),
    0.9,
  )
}

// ---- dates ----

const D = `(?:the\\s+)?(\\d{1,2})${ORD}`
const WD = `(?:${WEEKDAY},?\\s+)?`
const OF_M = `\\s+(?:of\\s+)?(${MONTH})\\.?`
const YR = `(?:,?\\s+(\\d{4}))?`
const SEP = `\\s*(?:-|–|—|to|until|till|and|&)\\s*`
// (the first date may carry its year too: "from 8 November 2022 to 10 November 2022")
const RANGE_CROSS = new RegExp(`${WD}${D}${OF_M}(?:,?\\s+\\d{4})?${SEP}${WD}${D}${OF_M}${YR}\\b`, 'gi')
const RANGE_SAME = new RegExp(`${WD}${D}${SEP}${WD}${D}${OF_M}${YR}\\b`, 'gi')
/** non-contiguous days: "10, 11 and 13 March 2024" */
const DAY_LIST = new RegExp(
  `${WD}${D}((?:,\\s*${WD}(?:the\\s+)?\\d{1,2}${ORD})+),?\\s+(?:and|&)\\s+${WD}${D}${OF_M}${YR}\\b`,
  'gi',
)
/** days listed across a month's end: "28th February, 1st and 2nd March 2023" */
const DAY_LIST_CROSS = new RegExp(
  `${WD}${D}${OF_M},?\\s+((?:${WD}(?:the\\s+)?\\d{1,2}${ORD}\\s*,\\s*)*${WD}(?:the\\s+)?\\d{1,2}${ORD}\\s+(?:and|&)\\s+)${WD}${D}${OF_M}${YR}\\b`,
  'gi',
)
/** days listed in one month and on into the next: "17, 18, 19 and 25 November and 1 December 2020", "22, 23 and 25
 * February and 2 March 2021" (a remote challenge's sessions, spread over weeks) */
const DAY_LIST_MONTHS = new RegExp(
  `${WD}${D}((?:,\\s*${WD}(?:the\\s+)?\\d{1,2}${ORD})*,?\\s+(?:and|&)\\s+${WD}(?:the\\s+)?\\d{1,2}${ORD})${OF_M},?\\s+(?:and|&)\\s+((?:${WD}(?:the\\s+)?\\d{1,2}${ORD}\\s*,\\s*)*(?:${WD}(?:the\\s+)?\\d{1,2}${ORD}\\s+(?:and|&)\\s+)?)${WD}${D}${OF_M}${YR}\\b`,
  'gi',
)
/** a month's name, where a list of days ends */
const MONTH_NAME = new RegExp(`\\b(?:${MONTH})`, 'i')
const SINGLE = new RegExp(`${WD}${D}${OF_M}${YR}\\b`, 'gi')
/** where a date's month name may be (every date pattern above holds one, after a space) */
/** the twelve months' first three letters, as a tree (one pattern of twelve words is twice as slow) */
const MONTH_ANCHOR = ['jan|jun|jul|feb|mar|may|apr|aug|sep|oct|nov|dec']
/** the words a date holds before its month: weekdays, 'the', days with their endings, 'of', 'and', commas, dashes,
 * 'to', 'until', 'till' ("Tuesday, the 22nd to Friday 25th of March"), for a list of days however long */
const DATE_WORDS = new RegExp(`^(?:${WEEKDAY}|the|of|and|to|until|till|\\d{1,2}${ORD}|[-–—&,.])+$`, 'i')
/** before a date that names the week of a visit, not its day */
const WEEK_OF =
  /\b(?:w\/c|w\.c\.|week\s+(?:commencing|beginning|starting)(?:\s+on)?|(?:in\s+)?the\s+week\s+of)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:the\s+)?$/i
const MONTH_ONLY = new RegExp(
  `(?:peer\\s+challenge|\\bCPC\\b|peer\\s+review|visit|on-?site|took\\s+place|undertaken)[^.\\n]{0,40}?\\b(?:in|during)\\s+(${MONTH})\\s+(\\d{4})\\b`,
  'gi',
)
const VISIT_CONTEXT =
  /took\s+place|on-?site|on\s+site|\bvisit|\bhosted\b|\bundertaken\b|\breturned\b|\bwas\s+held\b|peer\s+challenge|\bCPC\b|peer\s+review|progress\s+review|\bfeedback\b/i
const PAST = /\b(?:last|previous|prior|earlier|original|originally)\b/i
/** what a sentence must say for a single date in it to be the visit */
const SINGLE_VISIT =
  /\btook place\b|\bon-?site\b|\bon site\b|\bvisit(?:ed)?\b|\bhosted\b|\bundertaken\b|\breturned\b|\b(?:was|were) held\b|\b(?:review|challenge|visit)\s+held\s+on\s*$|\b(?:review|challenge)\s+on\s*$|\b(?:review|challenge|visit)\s*:\s*$|\b(?:progress\s+review|follow[- ]?up\s+visit)\s*[,–—-]\s*$|\bback\s+(?:with|at|in)\s+(?:you|the council)\b/i
/** a meeting's date, not a visit's: "A meeting of the Cabinet was held on", "the minutes of the meeting held on" */
const MEETING_HELD = /\b(?:meeting|minutes)\b(?:\s+of\b[^.!?]{0,40}?)?\s+(?:(?:was|were|is)\s+)?held\s+on\s*$/i
/** whether the words before a single date say it is the visit's */
const singleVisit = (before: string) => SINGLE_VISIT.test(before) && !MEETING_HELD.test(before)

/** a clause whose subject is the progress review or a follow-up visit */
const PROGRESS_SUBJECT =
  /^(?:the|this|our)\s+(?:(?:corporate\s+)?peer\s+challenge\s+)?(?:progress\s+review|follow[- ]?up(?:\s+visit)?|return\s+visit|revisit)\b/i
/** the original challenge named just before a date, with only a verb or a preposition between: "the Corporate Peer
 * Challenge held on", "CPC (2019) took place in", "Corporate Peer Challenge: ", "the corporate peer challenge that took
 * place from" */
const ORIGINAL_JUST_BEFORE =
  /\b(?:original(?:\s+(?:challenge|visit))?|corporate\s+peer\s+challenge|CPC|peer\s+challenge)(?:\s*\([^)]*\))?\s*(?:(?:that|which)\s+)?(?:(?:was|were)\s+)?(?:held|took\s+place|undertaken|carried\s+out|conducted|visit)?\s*(?:on|in|from|between|during)?\s*:?\s*(?:the\s+)?$/i
/** a document's own date, not a visit's: "… report, issued 22 May 2024", "Published: …" */
const ISSUED = /\b(?:issued|published|dated|report\s+date|date\s+of\s+(?:the\s+)?report)\s*:?\s*(?:on\s+)?$/i
/** a single date the visit follows in its sentence: "On 12 March 2024 the peer team returned to …" */
const VISIT_AFTER =
  /^,?\s+(?:the\s+)?(?:peer\s+|review\s+|progress\s+review\s+)?team\s+(?:returned|visited|came\s+back|(?:was|were)\s+on[- ]?site)\b/i
const ORIGINAL = /\b(?:original|corporate\s+peer\s+challenge|CPC|peer\s+challenge)\b/i
const PROGRESS_CONTEXT =
  /\bprogress\s+review|\bfollow[- ]?up|\breturned\b|\breturn\s+visit|\brevisit|\bprogress\s+visit|\b(?:be|come|came|were|was)\s+back\b/i

const WEEKDAY_AT = new RegExp(`^(${WEEKDAY}),?\\s+(?:the\\s+)?(\\d{1,2})`, 'i')
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** A date written without its year but with its day of the week ("Tuesday 16 and Wednesday 17 September"): of the
 * year found for it and the years either side, the one whose date falls on that day (the year found else). */
function weekdayYear(text: string, month: string, day: string, found: string | null): string | null {
  const w = WEEKDAY_AT.exec(text)
  if (!found || !w || Number(w[2]) !== Number(day)) return found
  const want = WEEKDAYS.indexOf(w[1]!.slice(0, 3).toLowerCase())
  for (const y of [Number(found), Number(found) + 1, Number(found) - 1]) {
    const iso = isoDay(y, month, day)
    if (iso && new Date(`${iso}T00:00:00Z`).getUTCDay() === want) return String(y)
  }
  return found
}

/**
 * The year of a date written without one: from the document's own date (a full date in its first lines), a year
 * earlier if that month comes later in the year; else from the nearest full date.
 */
function yearFor(doc: Doc, month: string, at: number): string | null {
  const full = new RegExp(`\\b\\d{1,2}${ORD}\\s+(${MONTH})\\s+(\\d{4})\\b|\\b(${MONTH})\\s+(\\d{4})\\b`, 'gi')
  const headEnd =
    doc.lines
      .filter((l) => !l.blank)
      .slice(0, 8)
      .at(-1)?.end ?? 0
  let best: RegExpExecArray | null = null
  let dated = false
  for (const m of matches(full, doc.scan)) {
    if (m.index < headEnd && m[1]) {
      best = m
      dated = true
      break
    }
    if (!best || Math.abs(m.index - at) < Math.abs(best.index - at)) best = m
  }
  if (!best) return null
  const y = Number(best[2] ?? best[4])
  const ref = monthNumber(best[1] ?? best[3]!)!
  const mm = monthNumber(month)!
  // the document is dated after its visit; a date found later in the text is read as the same year
  return String(!dated && best.index > at ? y : mm <= ref ? y : y - 1)
}

/** a date in figures, day first, with a four-digit year: "14/11/2023", "05.03.2024" */
const NUMERIC_DATE = new RegExp(String.raw`\b\d{1,2}([/.])\d{1,2}\1(20\d\d)\b`)
/** two dates in figures, a range: "14/11/2023 – 16/11/2023", "14/11/2023 to 16/11/2023" */
const NUMERIC_RANGE = new RegExp(
  String.raw`\b(\d{1,2})[/.](\d{1,2})[/.](20\d\d)\s*(?:-|–|—|to|until)\s*(\d{1,2})[/.](\d{1,2})[/.](20\d\d)\b`,
  'g',
)
const NUMERIC_SINGLE = /\b(\d{1,2})[/.](\d{1,2})[/.](20\d\d)\b/g

/** a title that names a progress review or a follow-up visit */
const PROGRESS_TITLE = /\bprogress\s+review\b|\bfollow[- ]?up\s+visit\b/i

/** Whether the document is about a progress review: one, or a page, paper or record titled as about one ("Corporate
 * Peer Challenge progress review 2025" over a council's page, a Cabinet paper's "CPC Progress Review – feedback") */
function aboutProgressReview(doc: Doc, kind: DocumentKind): boolean {
  if (kind === 'progress-review') return true
  const titles = doc.lines
    .filter((l) => !l.blank)
    .slice(0, 4)
    .filter((l) => l.text.length <= 120 && !/[.!?]$/.test(l.text) && !l.bullet)
  // (or a committee paper's title field under its cover fields: "Title:   LGA Corporate Peer Challenge – Progress
  // Review Findings")
  // (or a letter's subject line: "Anytown Council – Corporate Peer Challenge Follow Up Visit, 26 January 2016")
  return (
    titles.some((l) => PROGRESS_TITLE.test(l.text)) ||
    titleFields(doc).some((f) => PROGRESS_TITLE.test(f.value)) ||
    PROGRESS_TITLE.test(letterSubject(doc)?.text ?? '')
  )
}
/** a paper's title given as a cover field */
const TITLE_FIELD = /^(?:report\s+)?(?:title|subject)(?:\s+of\s+report)?\s*:/i
/** a paper's title fields among its first lines, each with its value ("Subject:     Internal Audit Progress Report") */
function titleFields(doc: Doc): { line: Line; value: string }[] {
  return doc.lines
    .slice(0, 30)
    .filter((l) => TITLE_FIELD.test(l.text))
    .map((line) => ({ line, value: line.text.replace(TITLE_FIELD, '').trim() }))
}

function findOnSite(
  doc: Doc,
  titleLine: number,
  /** about a progress review: its visit, not the challenge's */
  progress: boolean,
): Field<{ start: string; end: string; days: number | null } | null> {
  const cands: {
    start: string
    end: string
    score: number
    at: number
    len: number
    guessedYear: boolean
    single: boolean
    /** the days a list of days names ("5, 6 and 8 December": 3), where they are not every day between */
    listed: number | null
  }[] = []
  // (the title's line and the two after it that are not blank: a title page stands its lines apart)
  const titleEnd =
    titleLine >= 0
      ? (doc.lines
          .slice(titleLine)
          .filter((l) => !l.blank)
          .slice(0, 3)
          .at(-1)?.end ?? 0)
      : (doc.lines
          .filter((l) => !l.blank)
          .slice(0, 6)
          .at(-1)?.end ?? 0)
  const titleStart = titleLine >= 0 ? doc.lines[Math.max(0, titleLine - 6)]!.start : 0
  const score = (at: number) => {
    const before = doc.scan.slice(Math.max(0, at - 90), at)
    const sentence = sentenceAround(doc.scan, at)
    let s = 1
    if (VISIT_CONTEXT.test(before) || VISIT_CONTEXT.test(sentence)) s += 2
    if (at >= titleStart && at <= titleEnd) s += 3
    // the date's own sentence, up to the date
    const ownSentence = before.split(/[.!?]\s+/).at(-1) ?? ''
    // (in the date's own sentence: "… ten months after the original visit. Our progress review took place on …")
    if (PAST.test(ownSentence.slice(-60))) s -= 5
    // a document's own date ("… report, issued 22 May 2024") is not a visit's
    if (ISSUED.test(before.slice(-45))) s -= 6
    // in a progress review, the progress visit: named as such, or as "the review" where the sentence, up to the date,
    // is not about the original challenge
    if (progress) {
      const lead = ownSentence.trimStart()
      // "The review took place on …": the review is the sentence's subject ("Following the review on …" is not)
      const review = !ORIGINAL.test(lead) && /^(?:the|this|our)\s+(?:review|visit)\b/i.test(lead)
      // "It took place on …" after a sentence about the progress review is about that review
      const it =
        /^(?:it|this)\s/i.test(lead) &&
        PROGRESS_CONTEXT.test(
          doc.scan
            .slice(Math.max(0, at - 400), at)
            .split(/[.!?]\s+/)
            .at(-2) ?? '',
        )
      // a date's own line may say which visit it is ("Corporate Peer Challenge: 5-8 March 2022" / "Progress review:
      // 12 January 2023", "Date of on-site visit: 21 June 2023")
      const label =
        doc.scan
          .slice(doc.lines[lineAt(doc, at)]!.start, at)
          .split(/[.!?]\s+/)
          .at(-1) ?? ''
      // the clause the date is in says whose it is: its subject a progress review ("The follow-up visit to review
      // progress on the peer challenge took place on …"), or the original challenge named just before the date
      // ("… to review progress since the Corporate Peer Challenge held on 7-9 February 2023")
      const clause = (lead.split(/[,;]\s+|\n\s*\n/).at(-1) ?? '').trimStart()
      // (days on a line of their own on the review's title page are the review's: "11 and 12 July 2023"; a single
      // day there is the report's own date)
      const titlePage =
        at >= titleStart &&
        at <= titleEnd &&
        !label.trim() &&
        /\d\s*(?:st|nd|rd|th)?\s*(?:[-–—&]|to|and)\s*\d/i.test(doc.lines[lineAt(doc, at)]!.text)
      s += PROGRESS_SUBJECT.test(clause)
        ? 2
        : ORIGINAL_JUST_BEFORE.test(lead)
          ? -6
          : titlePage
            ? 2
            : PROGRESS_CONTEXT.test(label)
              ? 2
              : ORIGINAL.test(label)
                ? -6
                : PROGRESS_CONTEXT.test(sentence) || it
                  ? 2
                  : review || /\b(?:visit|on-?site|on site)\b/i.test(label)
                    ? 0
                    : -6
    }
    return s
  }
  const taken = (at: number) => cands.some((c) => at >= c.at && at < c.at + c.len)
  /** the week of the visit, where the text gives only that (set by `add`) */
  const week: { of: { month: string; ev: Evidence } | null } = { of: null }
  const add = (
    y: string | undefined,
    m1: string,
    d1: string,
    m2: string,
    d2: string,
    m: RegExpExecArray,
    single = false,
    listed: number | null = null,
  ) => {
    if (taken(m.index)) return
    const year = y ?? weekdayYear(m[0], m1, d1, yearFor(doc, m1, m.index))
    if (!year) return
    // "w/c 5 February 2024": the week the visit fell in, not its first day
    if (single && WEEK_OF.test(doc.scan.slice(Math.max(0, m.index - 25), m.index))) {
      const month = isoMonth(year, m1)
      if (month && !week.of) week.of = { month, ev: ev(doc, m.index, m.index + m[0].length) }
      return
    }
    let start = isoDay(year, m1, d1)
    const end = isoDay(year, m2, d2)
    // a range across the new year: "29 December to 2 January 2025"
    if (start && end && start > end) start = isoDay(Number(year) - 1, m1, d1)
    // (a visit's days named one by one lie within a week)
    // (sessions listed four or more over a month's end may spread over weeks: a remote challenge's)
    if (
      start &&
      end &&
      end >= start &&
      daysBetween(start, end) <= (listed === null ? 14 : listed >= 4 && m1 !== m2 ? 28 : 7)
    )
      cands.push({
        start,
        end,
        score: single
          ? singleVisit(
              doc.scan
                .slice(Math.max(0, m.index - 120), m.index)
                .split(/[.!?]\s/)
                .at(-1) ?? '',
            ) || VISIT_AFTER.test(doc.scan.slice(m.index + m[0].length, m.index + m[0].length + 80))
            ? score(m.index)
            : 0
          : score(m.index) + 1,
        at: m.index,
        len: m[0].length,
        guessedYear: !y,
        single,
        listed,
      })
  }
  // each pattern tried only before a month name, over the words a date is made of
  const dates = (re: RegExp) => anchoredMatches(re, MONTH_ANCHOR, DATE_WORDS, doc.scan, 0, dayMonthAt)
  for (const m of dates(DAY_LIST_MONTHS)) {
    const n = 2 + (m[2]!.match(/\b\d{1,2}/g)?.length ?? 0) + (m[4]!.match(/\b\d{1,2}/g)?.length ?? 0)
    add(m[7], m[3]!, m[1]!, m[6]!, m[5]!, m, false, n)
  }
  for (const m of dates(DAY_LIST_CROSS))
    add(m[6], m[2]!, m[1]!, m[5]!, m[4]!, m, false, 2 + (m[3]!.match(/\b\d{1,2}/g)?.length ?? 0))
  for (const m of dates(RANGE_CROSS)) add(m[5], m[2]!, m[1]!, m[4]!, m[3]!, m)
  for (const m of dates(DAY_LIST))
    add(m[5], m[4]!, m[1]!, m[4]!, m[3]!, m, false, m[0].split(MONTH_NAME)[0]!.match(/\b\d{1,2}/g)?.length ?? null)
  for (const m of dates(RANGE_SAME)) add(m[4], m[3]!, m[1]!, m[3]!, m[2]!, m)
  for (const m of dates(SINGLE)) add(m[3], m[2]!, m[1]!, m[2]!, m[1]!, m, true)
  // dates in figures, day first ("14/11/2023 – 16/11/2023", "on 05.03.2024"): only where the text has a date so written
  if ((doc.scan.includes('/20') || doc.scan.includes('.20')) && NUMERIC_DATE.test(doc.scan)) {
    // (a month past 12 is no day-first date: "11/14/2023" is American, and read as no date)
    const month = (n: string) => MONTH_NAMES[Number(n) - 1] ?? null
    for (const m of matches(NUMERIC_RANGE, doc.scan)) {
      const [a, b] = [month(m[2]!), month(m[5]!)]
      if (a && b && m[3] === m[6]) add(m[3], a, m[1]!, b, m[4]!, m)
    }
    for (const m of matches(NUMERIC_SINGLE, doc.scan)) {
      const a = month(m[2]!)
      if (a) add(m[3], a, m[1]!, a, m[1]!, m, true)
    }
  }
  // (in a progress review, of two visits scored alike the later is the progress visit: it comes after the challenge)
  cands.sort(
    (a, b) => b.score - a.score || (progress && a.start !== b.start ? (a.start < b.start ? 1 : -1) : 0) || a.at - b.at,
  )
  // a single day counts only where the sentence says it is the visit
  const best = cands.find((c) => !c.single || c.score >= 3)
  if (best && best.score > 1) {
    const span = best.listed ?? daysBetween(best.start, best.end) + 1
    const days = findDays(doc)
    const d = days ?? { n: span, ev: [] as Evidence[] }
    const same = cands
      .filter((c) => c.start === best.start && c.end === best.end)
      .map((c) => ev(doc, c.at, c.at + c.len))
    const confidence = best.score >= 3 ? (best.guessedYear ? 0.85 : 0.95) : 0.7
    return found(
      { start: best.start, end: best.end, days: d.n },
      [...same, ...d.ev],
      confidence,
      [
        days ? '' : 'days counted from the dates',
        best.guessedYear ? 'the year is taken from the document’s other dates' : '',
      ]
        .filter(Boolean)
        .join('; ') || undefined,
    )
  }
  const days = findDays(doc)
  if (week.of)
    return found(
      { start: week.of.month, end: week.of.month, days: days?.n ?? null },
      [week.of.ev, ...(days?.ev ?? [])],
      0.7,
      'the text gives only the week the visit fell in',
    )
  for (const m of matches(MONTH_ONLY, doc.scan)) {
    if (PAST.test(doc.scan.slice(Math.max(0, m.index - 30), m.index + m[0].length - m[1]!.length - m[2]!.length)))
      continue
    const month = isoMonth(m[2]!, m[1]!)
    if (!month) continue
    return found(
      { start: month, end: month, days: days?.n ?? null },
      [ev(doc, m.index, m.index + m[0].length), ...(days?.ev ?? [])],
      0.7,
      'the text gives only the month',
    )
  }
  return none(null, 'no visit dates found')
}

const QUALIFIER =
  '(?:(?:more\\s+than|over|well\\s+over|around|approximately|approx\\.?|about|nearly|almost|some|in\\s+excess\\s+of|circa|at\\s+least|up\\s+to|a\\s+total\\s+of|a\\s+further)\\s+|c\\.\\s*)?'
const ON_SITE = /\b(?:on[- ]?site|visit|challenge|review|peers?|team)\b/i
const NOT_THE_VISIT = /\b(?:within|after|every|notice|working|later|before|each week|per week|a week)\s*$/i

const DAYS_N = `(${NUMBER_WORD}½?(?:\\s+and\\s+a\\s+half)?|a\\s+day\\s+and\\s+a\\s+half|one\\s+and\\s+a\\s+half)`
/** the patterns for the days on site, each with a word every match holds and how many words a match may hold before
 * it (anchoredMatches: tried near that word only, not at every position of the text) */
const DAYS: { re: RegExp; anchor: string[]; words: number }[] = [
  { re: new RegExp(`\\bspen[dt]\\s+${QUALIFIER}${DAYS_N}\\s+days?\\b`, 'gi'), anchor: ['spen'], words: 0 },
  // the number: at most five words ("twenty one and a half")
  { re: new RegExp(`\\b${DAYS_N}(?:-|\\s+)days?\\b`, 'gi'), anchor: ['day'], words: 5 },
  { re: new RegExp(`\\b(a\\s+day\\s+and\\s+a\\s+half)\\b`, 'gi'), anchor: ['day'], words: 1 },
]

/** The days the team spent on site: "spent three days onsite", "a four-day visit", "over a period of four days", "a day and a half". */
function findDays(doc: Doc): { n: number; ev: Evidence[] } | null {
  let best: { at: number; len: number; n: number } | null = null
  for (const [k, { re, anchor, words }] of DAYS.entries()) {
    for (const m of anchoredMatches(re, anchor, words, doc.scan)) {
      const sentence = sentenceAround(doc.scan, m.index)
      const before = doc.scan.slice(Math.max(0, m.index - 25), m.index)
      if (k > 0 && (!ON_SITE.test(sentence) || NOT_THE_VISIT.test(before))) continue
      if (
        /\bdays?\s+(?:after|before|later|of (?:the|receiving))\b/i.test(
          doc.scan.slice(m.index, m.index + m[0].length + 20),
        )
      )
        continue
      const v = toNumber(m[1]!.replace(/\s+/g, ' '))
      if (v === null || v <= 0 || v > 10) continue
      if (!best || (k === 0 && best.at > m.index)) best = { at: m.index, len: m[0].length, n: v }
      break
    }
    if (best && k === 0) break
  }
  return best ? { n: best.n, ev: [ev(doc, best.at, best.at + best.len)] } : null
}

/** The sentence that holds offset `at`. */
function sentenceAround(text: string, at: number): string {
  let from = at
  while (from > 0 && !/[.!?]\s|\n\s*\n/.test(text.slice(from - 2, from)) && at - from < 400) from--
  const end = /[.!?](?:\s|$)|\n\s*\n/.exec(text.slice(at))
  return text.slice(from, at + (end ? end.index + 1 : 200))
}

const PREVIOUS = new RegExp(
  `\\b(?:last|previous)\\s+(?:corporate\\s+)?(?:peer\\s+challenge|CPC|peer\\s+review)[^.\\n]{0,30}?\\b(?:in|was in|during)\\s+(${MONTH})\\s+(\\d{4})`,
  'i',
)

function findPreviousChallenge(doc: Doc): Field<string | null> {
  const m = anchoredMatches(PREVIOUS, ['last|previous'], 0, doc.text).next().value
  if (!m) return none(null)
  return found(isoMonth(m[2]!, m[1]!), [ev(doc, m.index, m.index + m[0].length)], 0.8)
}

// ---- themes and scope ----

function themeName(l: Line): string | null {
  if (l.bullet || l.number !== null) {
    const raw = rawRest(l)
    const colon = /^(?:\*\*)?([^:?]{3,90}?)(?:\*\*)?\s*:\s/.exec(raw)
    if (colon && !colon[1]!.includes('**')) return stripMarkup(colon[1]!)
    const t = splitTitle(raw, { sentence: false, dash: true }).title
    return t.length <= 90 ? t.replace(/[.:]$/, '') : null
  }
  if (headingLike(l) && !/\?$/.test(l.text)) return l.text.replace(/^[•·]\s*/, '')
  return null
}

function findThemes(doc: Doc): Field<string[]> & { end: number } {
  const intro = new RegExp(`\\b(${NUMBER_WORD})\\s+(?:core\\s+|key\\s+)?(?:questions|themes|areas|components)\\b`, 'i')
  for (let i = 0; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    // the cheap test first: few lines end with a colon or say "as follows"
    if (!/[:]\s*$|set out below|as follows|following/i.test(l.text)) continue
    const m = intro.exec(l.text)
    if (!m || /in addition/i.test(l.text)) continue
    const want = toNumber(m[1]) ?? 5
    const names: string[] = []
    const evs: Evidence[] = []
    let j = i + 1
    for (; j < doc.lines.length && j < i + 60 && names.length < want; j++) {
      const x = doc.lines[j]!
      if (x.blank) continue
      if (x.indent > 2 && x.bullet && names.length) continue
      const name = themeName(x)
      if (name && name.split(/\s+/).length <= 12) {
        names.push(name)
        evs.push(lineEv(x))
      }
    }
    if (names.length >= Math.min(3, want))
      return { ...found(names, [lineEv(l), ...evs], names.length === want ? 0.95 : 0.6), end: j }
  }
  return { ...none([] as string[], 'no list of themes or questions found'), end: -1 }
}

function findFramework(
  doc: Doc,
  themes: Field<string[]>,
  frameworks: Framework[],
  date: string | null,
): { framework: Field<{ code: string; name: string } | null>; themes: Field<string[]> } {
  const withThemes = frameworks.filter((f) => f.themes.length)
  const same = (x: string, y: string) => x === y || (x.length > 12 && y.length > 12 && (x.includes(y) || y.includes(x)))
  // each title's key made once (not once for each pair of titles compared)
  const keys = themes.value.map(key)
  let scored = withThemes.map((f) => {
    const titles = f.themes.map((ft) => key(ft.title))
    return { f, n: keys.filter((t) => titles.some((ft) => same(t, ft))).length }
  })
  let fromText: Field<string[]> = themes
  if (!themes.value.length) {
    // no list: look for the framework's theme titles as headings in the text
    scored = withThemes.map((f) => ({
      f,
      n: f.themes.filter((ft) => findHeading(doc, headingRe(ft.title)) >= 0).length,
    }))
  }
  const bestN = Math.max(0, ...scored.map((s) => s.n))
  if (bestN < 3) return { framework: none(null, 'the themes do not match a known framework'), themes }
  const tied = scored.filter((s) => s.n === bestN).map((s) => s.f)
  const onDate = date ? (date.length === 7 ? `${date}-15` : date) : null
  const pick =
    tied.find((f) => onDate && f.effectiveFrom <= onDate && (!f.effectiveTo || f.effectiveTo >= onDate)) ??
    tied.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0]!
  if (!themes.value.length) {
    const evs = pick.themes
      .map((t) => findHeading(doc, headingRe(t.title)))
      .filter((i) => i >= 0)
      .map((i) => lineEv(doc.lines[i]!))
    fromText = found(
      pick.themes.map((t) => t.title),
      evs,
      0.5,
      'theme headings found in the text',
    )
  }
  return {
    framework: found(
      { code: pick.code, name: pick.name },
      themes.evidence.slice(0, 1),
      bestN === pick.themes.length ? 0.9 : 0.6,
      `${bestN} of ${pick.themes.length} themes match${tied.length > 1 ? '; chosen by the visit date' : ''}`,
    ),
    themes: fromText,
  }
}

function scopeItem(raw: string, councilNames: string[]): string {
  let s = stripMarkup(raw)
  for (const n of councilNames.sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`^(?:the\\s+)?${escapeRegExp(n)}['’]s\\s+`, 'i')
    if (re.test(s)) {
      s = s.replace(re, '')
      break
    }
  }
  s = s.replace(/[.,;:]?\s+(?:in particular|specifically|particularly:|including:)\s*:?$/i, '').replace(/[.;,]$/, '')
  return s
}

function findAdditionalScope(doc: Doc, themesEnd: number, councilNames: string[]): Field<string[]> {
  const from = themesEnd >= 0 ? Math.max(0, themesEnd - 1) : 0
  const to = themesEnd >= 0 ? Math.min(doc.lines.length, themesEnd + 40) : doc.lines.length
  const asked =
    /\basked\b[^.]*?\bto\s+(?:also\s+)?(?:consider|look at|review|explore|focus on|examine|provide feedback on|comment on)\b/i
  for (let i = from; i < to; i++) {
    const l = doc.lines[i]!
    if (!asked.test(l.text) && !/^in addition\b.*\b(?:asked|requested)\b/i.test(l.text)) continue
    if (/:\s*$/.test(l.text)) {
      const items: string[] = []
      const evs: Evidence[] = [lineEv(l)]
      let top = -1
      for (let j = i + 1; j < doc.lines.length; j++) {
        const x = doc.lines[j]!
        if (x.blank) continue
        if (!x.bullet && x.number === null) break
        if (top < 0) top = x.indent
        if (x.indent > top) continue
        items.push(scopeItem(rawRest(x), councilNames))
        evs.push(lineEv(x))
      }
      if (items.length) return found(items, evs, 0.85)
      continue
    }
    const m =
      /\b(?:asked|requested)\b[^.]*?\bto\s+(?:also\s+)?(?:consider|look at|review|explore|focus on|examine|provide feedback on|comment on)\s+(.+)$/i.exec(
        l.text,
      )
    if (m) {
      const item = m[1]!
        .replace(
          /\s+(?:within|as part of|across|alongside)\s+(?:these|the)\s+(?:\w+\s+)?(?:core\s+)?(?:themes|questions|areas)\.?$/i,
          '',
        )
        .replace(/[.;]$/, '')
      const start = l.start + l.raw.indexOf(m[1]!.slice(0, 20))
      return found([scopeItem(item, councilNames)], [start >= l.start ? ev(doc, start, l.end) : lineEv(l)], 0.8)
    }
  }
  return none([], 'no extra scope found')
}

// ---- peers ----

const HONOURS = /\s+\b(?:OBE|MBE|CBE|DBE|KBE|CB|JP|DL|MP|FCA|CPFA|CIPFA|FCCA)\b\.?/g
const MEMBER_TITLE =
  /\b(?:cabinet member|councillor|cllr|(?:deputy |council |group )?leader\b(?! of the (?:opposition )?(?:team|service|programme))|(?:deputy |city |elected )?mayor|portfolio holder|lead member|executive member|member for)\b/i
const ORG =
  /\b(?:councils?|borough|district|county|city|LB|RB|LGA|local government association|authority|government|department|NHS|trust|police|fire|university|agency|partnership|commission|association|office|institute|centre|foundation|MBC|DC|BC|CC)\b/i
const ROLE =
  /\b(?:associate|adviser|advisor|manager|officer|director|executive|head|leader|member|chair|trainee|support|consultant|lead|secretary|clerk|treasurer)\b/i
/** the LGA, by its name or by the name it had from 2010 to 2012 ("Local Government Group") */
const LGA = /\b(?:LGA|Local Government (?:Association|Group))\b/i

const PARTICLE = '(?:de|van|der|den|le|la|du|von|da|di|del|al|ter|ten|bin|ap|ab|an|el|dos|das|do)'
/** a name's first letter and its others, accented ones too ("Ó Súilleabháin", "Sørensen", "Esterházy") */
const NAME_FIRST = 'A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f'
const NAME_LETTERS = "\\w\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f'’"
/** a surname's elided particle in small letters before its capital ("d'Albret-Smith", "dell’Acqua"), or an Irish
 * name's mutation ("Mac an tSaoi", "Ó hÉigeartaigh") */
const ELIDED = "(?:(?:d|l|dell)['’]|[tnh](?=[A-Z\u00c0-\u00de]))?"
const NAME_WORD = `${ELIDED}[${NAME_FIRST}][${NAME_LETTERS}.-]*`
const NAME = new RegExp(`^${NAME_WORD}(?:\\s+(?:${PARTICLE}\\s+)*${NAME_WORD}){1,3}$`)
/** words that make a capitalised phrase a role or a body, not a person */
const NOT_NAME =
  /\b(?:Peer|Peers|Manager|Member|Officer|Council|Councils|Support|Review|Team|Lead|Director|Chief|Executive|Leader|Cabinet|Association|Government|Role|Name|Position|Head|Adviser|Advisor|Shadow|Finance|Programme|Borough|District|County|City|Service|Services|Challenge|The)\b|(?<![\w'’-])(?:LGA|Associate|Consultant|Interim|Assistant)(?![\w'’-])/
/** a peer's role on the team, as team lists write it first or in brackets */
const PEER_LABEL = /\b(?:peers?|managers?|support|shadow|advisers?|advisors?|lead|associates?|co-?ordinators?)\b/i
const HONORIFIC =
  /^(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Revd|(?:The\s+)?Rt\.?\s+Hon(?:ourable)?)\.?\s+)+(?=[A-Z])/
/** a councillor's party in brackets, as team lists give it */
const PARTY =
  /\s*\((?:Conservative|Con|Labour(?: and Co-operative)?|Lab|Lab\/Co-op|Liberal Democrats?|Lib Dems?|LD|Independent|Ind|Green(?: Party)?|Plaid Cymru|Reform(?: UK)?|SNP|Residents['’]? Association|[A-Z][a-z]+ Independents?|[A-Z][\w ]{0,30} Party)\)/
const isName = (s: string) => NAME.test(s.trim()) && !NOT_NAME.test(s)

export function parsePeer(raw: string): Omit<Peer, 'evidence'> | null {
  let s = stripMarkup(raw)
    .replace(/[.;,]+$/, '')
    .trim()
  let member = false
  // (an elected mayor is a member too: "Mayor Jo Bloggs, Mayor, London Borough of Anytown")
  s = s.replace(
    /^(?:[Cc]llr\.?|CLLR|[Cc]ouncillor|COUNCILLOR|(?:(?:[Ee]lected|[Dd]eputy)\s+)?Mayor(?=\s+[A-Z][a-z’'-]+\s+[A-Z]))\s+/,
    () => {
      member = true
      return ''
    },
  )
  // a form of address is not part of the name ("Dr Sam Jones", "Cllr Dame Judith Blake")
  if (HONORIFIC.test(s)) s = s.replace(HONORIFIC, '')
  // a party in brackets ("Councillor Jo Bloggs (Labour), Anytown Council") is a councillor's, and no title or body
  if (s.includes('('))
    s = s.replace(PARTY, () => {
      member = true
      return ''
    })
  // a role first: "Lead Member Peer: Councillor Jo Bloggs, Anytown Council", "Chief Executive Peer – Jo Bloggs"
  // (its own bracket too: "LGA associate (finance): Jo Bloggs")
  const first = /^([A-Z][A-Za-z’' ]{2,40}?(?:\s*\([^()]{1,30}\))?)\s*(?::|\s[-–—]\s)\s*(.+)$/.exec(s)
  if (first && PEER_LABEL.test(first[1]!) && !isName(first[1]!)) {
    const p = parsePeer(first[2]!)
    if (!p) return null
    return {
      ...p,
      title: p.title === 'Councillor' || !p.title ? first[1]!.trim() : p.title,
      kind: kindUnder(first[1]!, p),
    }
  }
  // the name last, after a dash: "Chief Executive, West Lindsey District Council – Amira Saleh", "Leader, Breckland
  // Council – Cllr Tom Keogh"
  // (or after a colon: "Leader, Cannock Chase District Council: Councillor Jo Bloggs")
  const nameLast = /^(.+?)(?:\s+[–—-]\s+|:\s+)([^,:–—]+)$/.exec(s)
  if (
    nameLast &&
    (ROLE.test(nameLast[1]!) || ORG.test(nameLast[1]!)) &&
    !isName(nameLast[1]!.split(/\s*,\s*/)[0]!.replace(HONOURS, '')) &&
    isName(
      nameLast[2]!
        .replace(/^(?:Cllr\.?|Councillor)\s+/i, '')
        .replace(HONORIFIC, '')
        .replace(HONOURS, ''),
    )
  )
    return parsePeer(`${nameLast[2]}, ${nameLast[1]}`)
  // a role in brackets after the name: "Jo Bloggs (Lead Peer), Chief Executive, Anytown Council"
  const bracket = /^([^(]+?)\s*\(([^)]*)\)\s*,\s*(.+)$/.exec(s)
  if (bracket && PEER_LABEL.test(bracket[2]!)) s = `${bracket[1]}, ${bracket[3]}`
  // or at the end: "Jo Bloggs, Chief Executive of Anytown Council (lead peer)"
  const tail = s.endsWith(')') ? /^(.+?(?:,|\s[-–—]\s).+?)\s*\(([^()]*)\)$/.exec(s) : null
  if (tail && PEER_LABEL.test(tail[2]!) && !ORG.test(tail[2]!)) s = tail[1]!
  const m = /^(.+?)(\s*[,:]\s*|\s+[-–—]\s+|\s*\(\s*)(.*)$/.exec(s)
  const name = (m ? m[1]! : s).replace(HONOURS, '').trim()
  if (!isName(name)) return null
  // "Jo Bloggs: Chief Executive, Anytown Council": after a colon, a role or a body ("Key Contact: Jo Bloggs" is not)
  if (m && m[2]!.includes(':') && !ROLE.test(m[3]!) && !ORG.test(m[3]!)) return null
  // the closing bracket of "Name (…)"; "(retired)" or "(former)" after a role or body is left out as a bare "retired" is
  const after = m ? m[3]!.replace(/\s*\((?:retired|former)\)/gi, '') : ''
  const rest = (m && m[2]!.includes('(') ? after.replace(/\)\s*$/, '') : after).trim()
  const segs = rest ? rest.split(/\s*,\s*|\s+[-–—]\s+/).filter(Boolean) : []
  const isYear = (x: string) => /^\(?\d{4}(?:\s*[-–]\s*\d{2,4})?\)?$/.test(x) || /^(?:former|retired)$/i.test(x)
  let orgIdx = -1
  for (let i = segs.length - 1; i >= 0; i--) {
    const seg = segs[i]!
    if (isYear(seg)) continue
    if (ORG.test(seg.replace(/\b(?:the|this|of the) council\b/gi, ''))) {
      orgIdx = i
      break
    }
  }
  let organisation: string | null = null
  let titleSegs = segs.filter((x) => !isYear(x))
  if (orgIdx >= 0) {
    const seg = segs[orgIdx]!
    const roleLike = ROLE.test(seg) && !/^(?:LB|RB|London Borough|Royal Borough)\b/.test(seg)
    if (!roleLike) {
      organisation = seg
      titleSegs = segs.filter((x, i) => i !== orgIdx && !isYear(x))
      // "Assistant Director, Housing at Kent County Council": the body after the last "at" or "for", the rest of the
      // segment part of the title
      const at = /^(.+?)\s+(?:at|for)\s+((?:the\s+)?[A-Z](?:(?!\s(?:at|for)\s)[^,])*)$/.exec(seg)
      if (at && ORG.test(at[2]!)) {
        organisation = at[2]!
        titleSegs = [...titleSegs, at[1]!]
      }
    } else {
      const lead = /^(.+?\b(?:Councils?|Authority))\b/.exec(seg)
      // the body after the last "at" or "for" ("Director of Finance at Anytown Council": not "Finance at …")
      const ofAt =
        /\b(?:of|at|for)\s+((?:the\s+)?(?:(?:London|Royal)\s+Borough\s+of\s+[A-Z][^,]*|[A-Z](?:(?!\s(?:at|for)\s)[^,])*?\b(?:Councils?|Authority|Association)\b))/.exec(
          seg,
        )
      if (lead && !ROLE.test(lead[1]!)) organisation = lead[1]!
      else if (ofAt) {
        organisation = ofAt[1]!
        // the role is what comes before the body: "Chief Executive of Anytown Council" is a Chief Executive's
        const role = seg.slice(0, ofAt.index).trim()
        if (role && ofAt.index + ofAt[0].length >= seg.length - 1)
          titleSegs = titleSegs.map((x) => (x === seg ? role : x))
      } else if (LGA.test(seg)) organisation = 'Local Government Association (LGA)'
      else organisation = seg
    }
  }
  if (organisation && /^(?:the\s+)?(?:LGA|Local Government Association)$/i.test(organisation.trim()))
    organisation = 'Local Government Association (LGA)'
  // A role held in past years ("Leader, …, 2019-23") keeps its years: it was the role then, not now.
  const years = segs.filter((x) => isYear(x) && /\d/.test(x))
  let title: string | null = titleSegs.join(', ') || null
  if (title && years.length) title = `${title}, ${years.join(', ')}`
  if (member || (title && MEMBER_TITLE.test(title))) {
    member = true
    title = title ?? 'Councillor'
  }
  const kind: PeerKind = member
    ? 'member'
    : organisation && LGA.test(organisation) && !/council/i.test(organisation)
      ? 'lga'
      : 'officer'
  return { name, title, organisation, kind }
}

/** A flattened table row of the team ("Lead Peer<TAB>Cllr Jo Bloggs<TAB>Leader, Anytown Council") as a peer line. */
function peerFromRow(raw: string): Omit<Peer, 'evidence'> | null {
  // (an empty cell between two, a column's tabs doubled, parts nothing: "Lead officer peer<TAB><TAB>Jo Bloggs, …")
  const cells = raw
    .split('\t')
    .map((c) => stripMarkup(c))
    .filter((c) => c.trim())
  // (a councillor's party in brackets after the name: "Councillor Ian Threlfall (Liberal Democrat)")
  let at = cells.findIndex((c) =>
    isName(
      c
        .replace(/^(?:Cllr\.?|Councillor)\s+/i, '')
        .replace(HONOURS, '')
        .replace(PARTY, ''),
    ),
  )
  // or a label's cell, then the whole peer in the next ("Lead Peer:<gap>Jo Bloggs, Chief Executive, Anytown Council")
  // (its colon lost in a layout of columns: "Lead member peer<gap>Councillor Jo Bloggs, Leader, …")
  // (or "LGA:", the team's LGA staff under it)
  if (
    at < 0 &&
    cells.length === 2 &&
    (/:$/.test(cells[0]!) || cells[0]!.length <= 40) &&
    (PEER_LABEL.test(cells[0]!) || LGA.test(cells[0]!))
  )
    at = 1
  if (at < 0) return null
  const label = cells
    .slice(0, at)
    .map((c) => c.replace(/:$/, ''))
    .join(', ')
  const p = parsePeer([cells[at], ...cells.slice(at + 1)].filter(Boolean).join(', '))
  if (!p) return null
  return { ...p, title: p.title ?? (label || null), kind: kindUnder(label, p) }
}

/** A peer's kind under a label of the team's: a member peer's label makes a councillor, and an LGA label makes the
 * LGA's someone named with no body of their own ("LGA associate (finance): Jo Bloggs", "LGA:<gap>Sam Patel, …"). */
function kindUnder(label: string, p: Omit<Peer, 'evidence'>): PeerKind {
  if (p.kind === 'member' || (/\bmember\b/i.test(label) && !/officer/i.test(label))) return 'member'
  return !p.organisation && LGA.test(label) ? 'lga' : p.kind
}

/** The rows of a team's table laid out by spaces (a PDF's text with its layout kept), under its header line: each
 * line cut where the header's column names start; a line whose first cell is empty, or that follows a name of one
 * word after its form of address ("Councillor Jonathan" / "Ward-Ellis"), carries on the row above, cell by cell. */
function layoutRows(
  doc: Doc,
  head: Line,
  /** the first row's line: the head's own where the table has no column names (its columns are the first row's) */
  first = head.n + 1,
): { text: string; first: Line; last: Line; row: boolean }[] {
  const starts = [...head.raw.matchAll(/(?:^|\s{2,})(\S)/g)].map((m) => m.index + m[0].length - 1)
  if (starts.length < 2) return []
  const cut = (raw: string) => starts.map((s, k) => raw.slice(k === 0 ? 0 : s, starts[k + 1] ?? raw.length).trim())
  const rows: { cells: string[]; first: Line; last: Line }[] = []
  let label = ''
  // (a blank line or two under the column names)
  let from = first
  while (from < doc.lines.length && from <= head.n + 2 && doc.lines[from]!.blank) from++
  for (let j = from; j < doc.lines.length; j++) {
    const x = doc.lines[j]!
    if (x.blank) break
    // (a line's text must sit in the columns: none across a column's start)
    if (starts.slice(1).some((s) => x.raw.charCodeAt(s - 1) > 32 && x.raw.charCodeAt(s) > 32)) break
    const cells = cut(x.raw)
    const last = rows.at(-1)
    // a label broken over two lines, its colon on the second ("Peer challenge" / "manager:<gap>Jo Bloggs, …"): the
    // first line's words go before the second's
    const next = doc.lines[j + 1]
    if (cells[0] && cells.slice(1).every((c) => !c) && next && !next.blank && /:$/.test(cut(next.raw)[0] ?? '')) {
      label = label ? `${label} ${cells[0]}` : cells[0]
      continue
    }
    if (label && cells[0]) {
      cells[0] = `${label} ${cells[0]}`
      label = ''
    }
    // (a name of one word after its form of address, or broken at a hyphen, goes on; so does a row with no role
    // where the row above has one; not a whole peer under a label's first one: "Member peers:<gap>Cllr A, …, X
    // Council" / "<gap>Cllr B, …, Y Council")
    const name = last?.cells[0]!.replace(/^(?:Cllr\.?|Councillor|Dr|Mr|Mrs|Ms|Sir|Dame)\s+/i, '') ?? ''
    // (under "LGA:", peers with a role and no body of their own: "Jo Bloggs, Peer Challenge Manager")
    const lgaLabel = !!last && LGA.test(last.cells[0]!)
    const under = !!last && !cells[0] && cells.length === 2 ? parsePeer(cells[1]!) : null
    const anotherPeer =
      !!last &&
      !!under &&
      /:$/.test(last.cells[0]!) &&
      (peerDone(last.cells[1]!) || (lgaLabel && !!parsePeer(last.cells[1]!)?.title)) &&
      !!(under.organisation || (lgaLabel && under.title))
    const goesOn =
      !!last &&
      !anotherPeer &&
      (!cells[0] || name.split(/\s+/).length < 2 || name.endsWith('-') || (!cells[1] && !!last.cells[1]))
    // (the peer under another takes its label: "Member peers:")
    if (anotherPeer) cells[0] = last.cells[0]!
    if (last && goesOn) {
      last.cells = last.cells.map((c, k) => (cells[k] ? joinLine(c, cells[k]!) : c))
      last.last = x
    } else rows.push({ cells, first: x, last: x })
  }
  const items = rows.map((r) => ({ text: r.cells.join('\t'), first: r.first, last: r.last, row: true }))
  const rowsRead = items.length >= 2 && items.every((it) => peerFromRow(it.text))
  // (rows of names alone, the roles and councils all run into the last: the table was read a column at a time)
  if (rowsRead && rows.every((r) => r.cells.slice(1).some(Boolean))) return items
  const columns = layoutColumns(doc, starts, from)
  return columns.length ? columns : rowsRead ? items : []
}

/** The same table read a column at a time (a PDF's text of a table, a column after another): the names, then the
 * roles, then the councils, each set in under its column's name. A line starting in small letters, or after a line
 * that needs more ("… Portfolio Holder" / "for Resources"), goes on the cell above; each column must hold as many
 * cells as the first. */
function layoutColumns(
  doc: Doc,
  starts: number[],
  from: number,
): { text: string; first: Line; last: Line; row: boolean }[] {
  const cols: { text: string; first: Line; last: Line }[][] = starts.map(() => [])
  let col = 0
  for (let j = from; j < doc.lines.length; j++) {
    const x = doc.lines[j]!
    if (x.blank) break
    const c = starts.findIndex((s, k) => x.indent >= s - 2 && (k + 1 >= starts.length || x.indent < starts[k + 1]! - 2))
    // (the columns one after another, in order)
    if (c < col) break
    col = c
    const prev = cols[c]!.at(-1)
    if (
      prev &&
      (/^[a-z]/.test(x.text) ||
        /(?:\band|&|,|-)$/.test(prev.text) ||
        NEEDS_MORE.test(prev.text) ||
        / for$/.test(prev.text))
    ) {
      prev.text = joinLine(prev.text, x.text)
      prev.last = x
    } else cols[c]!.push({ text: x.text, first: x, last: x })
  }
  const n = cols[0]!.length
  if (n < 2 || col !== starts.length - 1 || cols.some((c) => c.length !== n)) return []
  const items = cols[0]!.map((first, i) => ({
    text: cols.map((c) => c[i]!.text).join('\t'),
    first: first.first,
    last: cols.at(-1)![i]!.last,
    row: true,
  }))
  return items.every((it) => peerFromRow(it.text)) ? items : []
}

/** a heading over the team's list: "The peer team", "Peer team members", "The team" */
const TEAM_HEADING =
  /^(?:(?:the|meet\s+the|members\s+of\s+the|who\s+(?:was|were)\s+(?:on|in)\s+the)\s+)?(?:(?:corporate\s+)?peer\s+(?:challenge\s+|review\s+)?|(?:progress\s+)?review\s+)?team(?:\s+members)?(?:\s+and\s+(?:the\s+)?(?:approach|process|methodology|scope))?\??$|^(?:the\s+)?peers$|^who\s+(?:were\s+)?the\s+peers\??$/i
/** two words with capitals, one after the other: a name, perhaps */
const CAPITALISED_PAIR = /\b[A-Z][a-z’'-]+\s+(?:(?:de|van|der|le|la|du|von|da|di)\s+)?[A-Z][a-z’'-]+/
/** a label over a group of a team's members: "Lead peer", "Member peers:", "Officer peers", "Peer challenge manager" */
const PEER_GROUP_LABEL =
  /^(?:the\s+)?(?:(?:lead|member|officer|councillor|elected\s+member|shadow|lga|associate)\s+peers?|(?:lga\s+)?(?:peer\s+challenge|review|programme|project)\s+managers?|(?:lga\s+)?(?:support|advisers?|associates?))\s*:?$/i
/** an annex's, appendix's or section's label before its title: "Appendix A – ", "Annex 2: ", "SECTION A: " */
const APPENDIX_LABEL = /^(?:annex|appendix|section|part)(?:\s+[a-z0-9]{1,3})?\s*[:.–—-]\s*/i
/** the names of a team table's columns: the peer's name, role and own body (one list, whether the table comes as a
 * header row with its cells tab- or space-separated, or as cells one to a line) */
const NAME_COLUMN = String.raw`(?:(?:peer|full)\s+)?name|peers?|(?:peer\s+)?team\s+members?`
const ROLE_COLUMN = 'role|position|job title|title'
const BODY_WORD = 'organisation|council|authority|employer|body'
/** a column for the peer's body, alone or with the role ("Role and organisation", "Council / position") */
const BODY_COLUMN = String.raw`(?:${ROLE_COLUMN}|${BODY_WORD})\s*(?:and|&|/|,)\s*(?:${BODY_WORD})|(?:${BODY_WORD})\s*(?:and|&|/|,)\s*(?:${ROLE_COLUMN})|${BODY_WORD}`
const headerCell = (names: string) => String.raw`(?:^|\t)\s*(?:${names})\s*(?:\t|$)`
/** a team table's header row: a name column beside a role or body column */
const PEER_TABLE_HEAD = new RegExp(
  `^(?=[^\\n]*${headerCell(NAME_COLUMN)})(?=[^\\n]*${headerCell(`${ROLE_COLUMN}|${BODY_COLUMN}`)})`,
  'i',
)
/** a column for the peer's own body: a table with one is a team's; with a role alone, the lines before it must say so
 * (a paper's table of the people consulted on it has names and roles too) */
const PEER_TABLE_BODY = new RegExp(headerCell(BODY_COLUMN), 'i')
/** a column's name in a team table whose cells come one to a line (a Word or PDF table read as paragraphs) */
const PEER_COLUMN = new RegExp(`^(?:${NAME_COLUMN}|${ROLE_COLUMN}|${BODY_COLUMN})$`, 'i')
const PEER_INTRO =
  /\b(?:peers?|team|reviewers?)\b|\b(?:review|challenge|visit)\b.{0,60}\b(?:delivered|conducted|carried out|undertaken|led)\s+by\s*:?\s*$|\b(?:was|were)\s+joined\s+by\s*:\s*$/i
const NOT_PEER_INTRO =
  /\brecommend|\bthemes?\b|\bquestions?\b|\bareas?\b|\bfocus(?:ed)?\b|\bincluding\b|\bscope\b|\b(?:management|leadership|senior|project|delivery)\s+team\b|\boverseen\b|\b(?:met(?:\s+with)?|spoke\s+(?:to|with)|interviewed|consulted|heard\s+from)\s+(?:the\s+following|these|those)\b|\b(?:met(?:\s+with)?|spoke\s+(?:to|with)|interviewed|consulted|heard\s+from)\s*:?\s*$/i

/** between two peers written on one line or in one paragraph: "A, Role, Body; B, Role, Body; and C, …" */
const PEER_SEPARATOR = /\s*;\s*(?:and\s+)?/

/** The team as a list (bullets, lines or a flattened table) after a line that introduces it. */
type PeerFinding = {
  field: Field<Peer[]>
  ranges: { start: number; end: number }[]
  /** read from lines with no bullets after an introduction that does not end with a colon: they may be the rest of a
   * sentence broken across lines ("… The other members of the team were" / "Cllr Jo Bloggs (…), …") */
  loose?: boolean
}

/** The team as a table read cell by cell, each cell on a line of its own (blank lines between them or not): its
 * column names first ("Name", "Role"), or with none, a name's line then its role and body's line. */
function cellTable(doc: Doc, from: number): { peers: Peer[]; columns: string[] } | null {
  const cells: Line[] = []
  for (let j = from; j < doc.lines.length && cells.length < 80; j++) if (!doc.lines[j]!.blank) cells.push(doc.lines[j]!)
  let head = 0
  while (head < cells.length && head < 4 && PEER_COLUMN.test(cells[head]!.text)) head++
  if (head === 1) return null
  const nameCol = head ? cells.slice(0, head).findIndex((c) => /name$/i.test(c.text)) : 0
  if (nameCol < 0) return null
  const k = head || 2
  const peers: Peer[] = []
  const bare = (c: Line) => isName(c.text.replace(/^(?:Cllr\.?|Councillor|Dr\.?)\s+/i, '').replace(HONOURS, ''))
  for (let at = head, step: number; at + k <= cells.length; at += step) {
    let row = cells.slice(at, at + k)
    step = k
    let texts = row.map((c) => c.text)
    // (the name first and a cell wrapped onto a line of its own: the row runs to the next name, its middle lines the
    // role, its last the body: "Jo Bloggs" / "Head of Finance and Section 151" / "Officer" / "Anytown Council")
    if (nameCol === 0 && bare(row[0]!)) {
      // (its lines together, no blank line among them: a blank line ends the table's last row)
      let next = at + 1
      while (
        next < cells.length &&
        next - at <= k + 2 &&
        !bare(cells[next]!) &&
        !cells[next]!.bullet &&
        cells[next]!.n === cells[next - 1]!.n + 1
      )
        next++
      if (
        next - at > k &&
        next - at <= k + 2 &&
        (next === cells.length || cells[next]!.n > cells[next - 1]!.n + 1 || bare(cells[next]!))
      ) {
        row = cells.slice(at, next)
        step = row.length
        const middle = row
          .slice(1, k === 2 ? undefined : -1)
          .reduce((t, c) => joinLine(t, c.text), '')
          .trim()
        texts = k === 2 ? [row[0]!.text, middle] : [row[0]!.text, middle, row.at(-1)!.text]
      }
    }
    if (row.some((c) => c.bullet || c.number !== null || c.text.length > 120)) break
    // the name where the header puts it, and no other name in the row (two names are two peers, a line each)
    if (step === k && !row.every((c, x) => bare(c) === (x === nameCol))) break
    const p = peerFromRow(texts.join('\t'))
    if (!p || !(p.organisation || (head && p.title))) break
    peers.push({ ...p, evidence: { start: row[0]!.start, end: row.at(-1)!.end, line: row[0]!.n } })
  }
  return peers.length >= 2 ? { peers, columns: cells.slice(0, head).map((c) => c.text) } : null
}

/** a gap between a table's columns in a text that keeps a PDF's layout */
const COLUMN_GAP = /\S {3,}\S/
/** a line laid out in columns (not a bullet's or a number's gap: "•   Cllr Jo Bloggs, …") */
const spaced = (l: Line) => !l.bullet && l.number === null && l.raw.includes('   ') && COLUMN_GAP.test(l.raw.trim())
/** a line whose columns are three spaces or more apart, as a row of cells apart by tabs */
const spacedRow = (l: Line) => l.raw.trim().replace(/ {3,}/g, '\t')

function cellFinding(intro: Line, peers: Peer[]): PeerFinding {
  return {
    field: found(peers, [lineEv(intro), ...peers.map((p) => p.evidence)], 0.9, `${peers.length} peers listed`),
    ranges: [{ start: peers[0]!.evidence.start, end: peers.at(-1)!.evidence.end }],
  }
}

/** Whether a table's header at line `i` starts a team: with a column for the peers' bodies, unless the line before
 * introduces something else ("The peer team met the following people:"); with none, only where that line says peers
 * or team (not the people consulted). */
function tableIntro(doc: Doc, i: number, bodyColumn: boolean): boolean {
  const before = textBefore(doc, i, 1)
  if (/:\s*$/.test(before) && NOT_PEER_INTRO.test(before)) return false
  return bodyColumn || /^(?!.*\bconsult).*\b(?:peers?|team)\b/i.test(before)
}

/** a running title with its page number at its end ("Corporate Peer Challenge 3"; not "Appendix 2") */
const RUNNING_WITH_PAGE =
  /^(?!(?:appendix|annex|section|part|table|figure|chapter|item|schedule)\b)[A-Za-z][^\d]*\s\d{1,3}$/i

/** whether a line stands again elsewhere with only its numbers changed ("Corporate Peer Challenge 2", "… 3"): a
 * running header with its page number */
function repeatsWithNumbers(doc: Doc, l: Line): boolean {
  const form = lineForm(l.text)
  return doc.lines.some((x) => x !== l && !x.bullet && x.text.length <= 60 && lineForm(x.text) === form)
}

/** the rest of a body's name wrapped onto the next line ("Borough of Ealing", "Council", "District Council") */
const BODY_GOES_ON =
  /^(?:(?:London|Royal)\s+)?(?:Borough|Council|District|County|City|Metropolitan|Association|Authority|Combined)\b/

/** an en dash and a space at a line's start, before a capital: a bullet where a team's list is read */
const EN_DASH_BULLET = /^–\s+(?=[A-Z])/

/** a rule drawn across a page (underscores, dashes, equals signs or box-drawing lines), as a PDF's text keeps it */
const RULE_LINE = /^[_=─━‐-]{8,}$/
/** a page's number at the end of its footer or header: set far off from its words, or after "Page" */
const PAGE_AT_END = /(?:\S[ \t]{3,}|\bpage\s+)\d{1,3}(?:\s+of\s+\d{1,3})?[ \t]*$/i
/** whether line `j` is a page's footer or header standing alone, the list it interrupts going on after it: the page
 * furniture the recommendations' lists pass over, a line ending in its page number ("… Corporate Peer Challenge –
 * February 2025      5", "… Page 1"), or a line repeated with only its numbers changed */
function pageEndLine(doc: Doc, j: number): boolean {
  const x = doc.lines[j]!
  const after = doc.lines[j + 1]
  if (x.bullet || x.number !== null || x.text.length > 100 || !(!after || after.blank || RULE_LINE.test(after.text)))
    return false
  return pageFurniture(doc, x, true) || PAGE_AT_END.test(x.raw) || repeatsWithNumbers(doc, x)
}

/** whether the first line after line `j` that is not blank is a bullet (a list that goes on after a page's end) */
function pageBreakBullet(doc: Doc, j: number): boolean {
  for (let k = j + 1; k < doc.lines.length; k++) if (!doc.lines[k]!.blank) return doc.lines[k]!.bullet
  return false
}

function peerList(doc: Doc): PeerFinding | null {
  for (let i = 0; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    if (l.blank) continue
    // a table's header row ("Role<TAB>Name<TAB>Organisation") introduces the team as well as a sentence does
    // (or its columns three spaces or more apart: a PDF's text with its layout kept)
    const headRow = l.raw.includes('\t') ? l.raw : spaced(l) ? spacedRow(l) : null
    const tableHead =
      headRow !== null && PEER_TABLE_HEAD.test(headRow) && tableIntro(doc, i, PEER_TABLE_BODY.test(headRow))
    // and so does a heading that names the team, with its list straight under it
    const teamHeading =
      !tableHead &&
      l.text.length <= 60 &&
      headingLike(l) &&
      // (an appendix's: "Appendix A – The peer team")
      TEAM_HEADING.test((l.number !== null ? l.rest : l.text).replace(APPENDIX_LABEL, ''))
    // or a table read a cell to a line, its column names the only introduction (as a header row's are)
    const headCells =
      !tableHead && !teamHeading && l.text.length <= 40 && PEER_COLUMN.test(l.text) ? cellTable(doc, i) : null
    if (
      headCells &&
      headCells.columns.length &&
      tableIntro(
        doc,
        i,
        headCells.columns.some((c) => PEER_TABLE_BODY.test(c)),
      )
    )
      return cellFinding(l, headCells.peers)
    if (!tableHead && !teamHeading) {
      if (!/(?::|\bwere|\bwas|\bcomprised)\s*$/.test(l.text)) continue
      // the introduction may run over a line break: read its whole paragraph (and over a page's end: blank lines,
      // where its page number was, after a line that stops in the middle of a sentence)
      // (a paragraph starts at its number: a paper with no blank lines runs its numbered paragraphs together)
      let from = i
      while (from > 0 && !doc.lines[from - 1]!.blank && i - from < 3 && doc.lines[from]!.number === null) from--
      if (from > 0 && doc.lines[from - 1]!.blank) {
        let k = from - 1
        while (k > 0 && doc.lines[k]!.blank && from - k < 5) k--
        if (
          !doc.lines[k]!.blank &&
          from - k > 2 &&
          /[a-z,]$/.test(doc.lines[k]!.text) &&
          /^[a-z]/.test(doc.lines[from]!.text)
        )
          from = k
      }
      const intro =
        doc.lines
          .slice(from, i + 1)
          .filter((x) => !x.blank)
          .map((x) => x.text)
          .join(' ')
          .split(/(?<=[.!?])\s+(?=[A-Z])/)
          .at(-1) ?? ''
      if (!PEER_INTRO.test(intro) || NOT_PEER_INTRO.test(intro) || intro.length > 300) continue
    }
    // the team as a table read a cell to a line
    const cells = tableHead ? null : cellTable(doc, i + 1)
    if (cells) return cellFinding(l, cells.peers)
    // the team as one paragraph, each peer after a semicolon, its lines broken anywhere
    // (over a page break: blank lines where a sentence has not ended)
    const para: Line[] = []
    for (let j = i + 1; j < doc.lines.length && !doc.lines[j]!.bullet; j++) {
      const x = doc.lines[j]!
      if (!x.blank) {
        // after a single blank line, or at the start of a sentence, the paragraph has ended (a page's end leaves
        // more than one blank line, with its number blanked, and the sentence goes on)
        const last = para.at(-1)
        if (last && last.n < j - 1 && (last.n === j - 2 || SENTENCE_START.test(x.text))) break
        para.push(x)
      } else if (para.length ? /[.!?:]$/.test(para.at(-1)!.text) || j - para.at(-1)!.n > 4 : j - i > 4) break
    }
    const joined = para.map((x) => x.text).join(' ')
    // (not lines that each start with a label of the team's: "Lead peer: …" / "Member peers: A, …; B, …")
    const labelled = para.slice(1).some((x) => {
      const m = /^([A-Z][A-Za-z’' ]{2,40}):\s/.exec(x.text)
      return !!m && PEER_LABEL.test(m[1]!)
    })
    if (!tableHead && !labelled && para.length > 1 && (joined.match(/;/g)?.length ?? 0) >= 2) {
      const team = joined
        .replace(/\.$/, '')
        .split(PEER_SEPARATOR)
        .map((t) => parsePeer(t))
      if (team.length >= 2 && team.every((p) => p?.organisation)) {
        const evidence = { start: para[0]!.start, end: para.at(-1)!.end, line: para[0]!.n }
        return {
          field: found(
            team.map((p) => ({ ...p!, evidence })),
            [lineEv(l), evidence],
            0.9,
            `${team.length} peers listed`,
          ),
          ranges: [{ start: evidence.start, end: evidence.end }],
        }
      }
    }
    const items: { text: string; first: Line; last: Line; row: boolean }[] = []
    // a table laid out by spaces under its column names: each line's text cut where the names start, every cell
    // perhaps wrapped onto the lines under it
    // (the column names may come under the introduction)
    let u = i + 1
    while (u < doc.lines.length && doc.lines[u]!.blank) u++
    const under = doc.lines[u]
    const head = tableHead ? l : under && spaced(under) && PEER_TABLE_HEAD.test(spacedRow(under)) ? under : null
    if (head && !head.raw.includes('\t')) items.push(...layoutRows(doc, head))
    // (or with no column names: the first row's columns, its name two spaces or more from its role and body)
    else if (!head && under && !under.raw.includes('\t') && under.number === null && / {2,}\S/.test(under.raw.trim()))
      items.push(...layoutRows(doc, under, under.n))
    let bulleted: boolean | null = null
    let dashList = false
    let blankBefore = false
    // (a page's end passed inside the list: a peer's line cut by it may carry on after it)
    let pageBreak = false
    for (let j = i + 1, laidOut = items.length > 0; !laidOut && j < doc.lines.length; j++) {
      const x = doc.lines[j]!
      if (x.blank) {
        blankBefore = true
        continue
      }
      // a page's end inside the list, whatever its bullets: the page's footer or the next one's header standing alone
      // (its page number at its end, "Page 3"), a rule drawn across the page; the list goes on after it
      if (items.length && (RULE_LINE.test(x.text) || (blankBefore && pageEndLine(doc, j)))) {
        blankBefore = true
        pageBreak = true
        continue
      }
      // (a sentence of prose under the heading, a paragraph of its own, before the list: "The team was selected by
      // the LGA in discussion with the council.")
      if (
        teamHeading &&
        !items.length &&
        !x.bullet &&
        x.number === null &&
        j - i <= 2 &&
        x.text.endsWith('.') &&
        (doc.lines[j + 1]?.blank ?? false) &&
        SENTENCE_START.test(x.text) &&
        !parsePeer(x.text) &&
        // (naming no one: a paragraph that names the lead is the list's introduction, read with it)
        !CAPITALISED_PAIR.test(x.text.slice(1))
      )
        continue
      // a page's header or footer between two bullets of the list ("Corporate Peer Challenge 2"): short, standing
      // alone, with a number in it, the list going on after it
      if (
        bulleted &&
        items.length &&
        !x.bullet &&
        blankBefore &&
        x.text.length <= 60 &&
        x.number === null &&
        /\d/.test(x.text) &&
        (doc.lines[j + 1]?.blank ?? true) &&
        pageBreakBullet(doc, j) &&
        (PAGE_NUMBER.test(x.text) || RUNNING_WITH_PAGE.test(x.text) || repeatsWithNumbers(doc, x))
      )
        continue
      // (or a running header with no number: "Anytown Council – CPC Progress Review" at each page's top)
      if (
        bulleted &&
        items.length &&
        !x.bullet &&
        blankBefore &&
        (doc.lines[j + 1]?.blank ?? true) &&
        pageBreakBullet(doc, j) &&
        runningLine(doc, x)
      )
        continue
      // a label over a group of the team, on its own line ("Lead peer" / "Member peers" / "Peer challenge manager"),
      // its peers under it
      if (!x.bullet && PEER_GROUP_LABEL.test(x.text) && !(doc.lines[j + 1]?.blank ?? true)) continue
      // (a row's last cell wrapped onto a line of its own, set in to its column by tabs: "Member peer<TAB><TAB>Cllr Jo
      // Bloggs, Cabinet Member, Anytown Borough" / "<TAB><TAB><TAB>Council")
      const wrapped = items.at(-1)
      if (wrapped?.row && /^\t+\S/.test(x.raw) && !x.raw.trim().includes('\t') && x.text.length <= 60) {
        wrapped.text = joinLine(wrapped.text, x.text)
        wrapped.last = x
        blankBefore = false
        continue
      }
      let cells = cellTabs(x) ? x.raw.trim() : spaced(x) ? spacedRow(x) : null
      // (a table's header row again at the top of the next page)
      if (cells !== null && pageBreak && items.length && PEER_TABLE_HEAD.test(cells)) {
        blankBefore = false
        continue
      }
      if (cells !== null) {
        // a last cell wrapped onto the lines under it, indented to its column ("…, West Oxfordshire District" /
        // "Council")
        let last = x
        for (let k = j + 1; k < doc.lines.length && spaced(x); k++) {
          const y = doc.lines[k]!
          if (y.blank || y.bullet || spaced(y) || cellTabs(y) || y.indent < 8) break
          cells = joinLine(cells, y.text)
          last = y
          j = k
        }
        // a name cell wrapped onto the next row's line, one word after its form of address or broken at a hyphen
        // ("Dr Olusegun<TAB>Chief Executive<TAB>London Borough of" / "Adebayo<TAB><TAB>Bexley"): the rows are one
        for (let k = j + 1; k < doc.lines.length && cellTabs(doc.lines[k]!) && partName(cells.split('\t')[0]!); k++) {
          const more = doc.lines[k]!.raw.trim().split('\t')
          cells = cells
            .split('\t')
            .map((c, n) => (more[n]?.trim() ? joinLine(c, more[n]!.trim()) : c))
            .join('\t')
          last = doc.lines[k]!
          j = k
        }
        if (peerFromRow(cells)) items.push({ text: cells, first: x, last, row: true })
        else if (items.length) break
        blankBefore = false
        continue
      }
      // an en dash as the team's bullet ("– Jo Bloggs, Chief Executive, …"; the line model takes no en dash for a
      // bullet: a sentence wrapped at one carries on)
      // (only in a list of them: in a list of other bullets, a line starting with one carries on its bullet)
      const dash: boolean = !x.bullet && EN_DASH_BULLET.test(x.text) && (bulleted === null || dashList)
      if (bulleted === null) dashList = dash
      const bullet: boolean = x.bullet || dash
      // (a numbered list's item without its number: "1. Jo Bloggs – Chief Executive, …")
      let text = dash ? x.text.replace(EN_DASH_BULLET, '') : x.number !== null && !x.bullet ? x.rest : x.text
      // a peer's block: the name alone on its line, the role and the body on the lines under it, a blank line after
      // ("Jo Bloggs" / "Chief Executive" / "Anytown Borough Council")
      // (or the next peer's name straight under it, a cell to a line with no blank lines: "Jo Bloggs" / "Cabinet Member
      // for Finance and" / "Resources" / "Anytown City Council" / "Sam Patel" / …, a role wrapped onto a line of its own)
      let blockEnd: Line | null = null
      if (!bullet && x.number === null && NAME_LINE.test(text) && doc.lines[j + 1] && !doc.lines[j + 1]!.blank) {
        const under: Line[] = []
        for (
          let k = j + 1;
          k < doc.lines.length && k <= j + 4 && !doc.lines[k]!.blank && !nameAlone(doc.lines[k]!.text);
          k++
        )
          under.push(doc.lines[k]!)
        let joined = text
        for (const [n, u] of under.entries())
          joined =
            n && (NEEDS_MORE.test(under[n - 1]!.text) || /^[a-z]/.test(u.text))
              ? joinLine(joined, u.text)
              : `${joined}, ${u.text}`
        const after = doc.lines[j + under.length + 1]
        if (
          under.length &&
          (under.length <= 3 || (after && !after.blank)) &&
          (!after?.text.trim() || nameAlone(after.text)) &&
          parsePeer(joined)?.organisation
        ) {
          text = joined
          blockEnd = under.at(-1)!
        }
      }
      // (a peer's line wrapped after its dash, the name on the next line: "…, Basingstoke and Deane Borough Council –" /
      // "Cllr Roger Featherstonehaugh")
      const below = doc.lines[j + 1]
      if (!blockEnd && /\s[–—-]$/.test(text) && below && !below.blank && parsePeer(`${text} ${below.text}`)) {
        text = `${text} ${below.text}`
        blockEnd = below
      }
      if (bulleted === null) bulleted = bullet
      const prev = items.at(-1)
      const startsPeer = !!parsePeer(bullet || x.number === null ? text : x.rest)
      // (lines of no bullet may stand a blank line apart, after a whole peer: "Jo Bloggs – Chief Executive, Anytown
      // Council", the bullet lost to the text's extraction)
      if (
        bullet ||
        (!bulleted && startsPeer && (!blankBefore || (!!prev && !prev.row && peerDone(prev.text)))) ||
        (!bulleted && !items.length && startsPeer)
      ) {
        if (!bullet && x.text.length > 220 && !x.text.includes(';')) break
        items.push({ text, first: x, last: blockEnd ?? x, row: false })
        if (blockEnd) {
          j = blockEnd.n
          blankBefore = false
          continue
        }
      } else if (
        prev &&
        !prev.row &&
        // (or after a page's end, the rest of a body's name: "…, West Berkshire" / footer / "Council")
        (!blankBefore || (pageBreak && BODY_GOES_ON.test(x.text) && x.text.length <= 40)) &&
        // (a short line of capitals after a list of no bullets is a heading, unless it carries on a body's name:
        // "…, London" / "Borough of Ealing")
        // (nor does a line that starts with a bracket: "(retired); Jo Bloggs, …")
        (bulleted ||
          !headingLike(x) ||
          x.text.startsWith('(') ||
          BODY_GOES_ON.test(x.text) ||
          NEEDS_MORE.test(prev.text)) &&
        !/[.;]$/.test(prev.text) &&
        x.text.length < 120 &&
        // a peer line that is whole (a body at its end) is not carried on by a sentence at its own margin ("The peer
        // team prepared by …"): that is the paragraph after the list, where no blank line parts them
        !(SENTENCE_START.test(x.text) && x.indent <= prev.first.indent && peerDone(prev.text))
      ) {
        // a peer line that wraps onto the next line carries on (after a name alone, the role and body under it:
        // "•  Jo Bloggs" / "Chief Executive, Anytown Council")
        prev.text = nameAlone(prev.text) ? `${prev.text}, ${x.text}` : joinLine(prev.text, x.text)
        prev.last = x
      } else break
      blankBefore = false
    }
    const peers: Peer[] = []
    for (const it of items) {
      // one line may hold the whole team, each peer after a semicolon ("A, Role, Body; B, Role, Body; and C, …")
      let parts = !it.row && it.text.includes(';') ? it.text.split(PEER_SEPARATOR).filter(Boolean) : [it.text]
      // a semicolon inside one peer's line ("…, Anytown Council; Chair, LGA Board") parts a peer from more of their
      // roles, not from the next peer: the line up to it is the peer
      if (parts.length > 1 && !parts.slice(1).every((t) => parsePeer(t))) parts = [parts[0]!]
      // or several peers with their roles in brackets, at commas and 'and' ("Member peers – Cllr Jo Bloggs (Leader, X
      // Council) and Cllr Sam Patel (Cabinet Member, Y Council)")
      if (parts.length === 1 && !it.row && it.text.includes(') and ')) {
        const people = splitPeople(it.text)
        if (people.length > 1 && people.every((t) => t.endsWith(')') && parsePeer(t)?.organisation)) parts = people
      }
      const found = parts.map((t) => (it.row ? peerFromRow(t) : parsePeer(t)))
      // a line of no bullet is a peer's when it gives a body or at least a role ("Jo Bloggs, Chief Executive")
      if (found.some((p) => !p || (!it.row && !bulleted && !p.organisation && !p.title))) break
      for (const p of found)
        peers.push({ ...p!, evidence: { start: it.first.start, end: it.last.end, line: it.first.n } })
    }
    // lines of no bullet: most of them name a body, or they are not a team
    if (!bulleted && items.some((it) => !it.row) && peers.filter((p) => p.organisation).length * 2 < peers.length)
      continue
    if (peers.length >= 2)
      return {
        field: found(peers, [lineEv(l), ...peers.map((p) => p.evidence)], 0.9, `${peers.length} peers listed`),
        // the peers' own councils are not the subject; the introduction may name the subject ("… at X Council were:")
        ranges: [{ start: peers[0]!.evidence.start, end: peers.at(-1)!.evidence.end }],
        loose: !tableHead && !bulleted && !/:\s*$/.test(l.text),
      }
  }
  return null
}

/** the first words of a sentence, not of a body's name: a word that opens sentences, then one in lower case */
const SENTENCE_START =
  /^(?:The|They|This|These|Those|There|Peer|Peers|In|During|Over|As|It|We|Our|All|Each|Following|Before|After|Their|A|An)\s+[a-z]/
/** whether a peer line is whole: it names a body and does not end in the middle of one */
function peerDone(text: string): boolean {
  return !/[,(&–-]$|\b(?:of|and|the|for|at|in|to)$/i.test(text) && !!parsePeer(text)?.organisation
}

const PERSON = `(?:(?:Cllr\\.?|Councillor)\\s+)?[${NAME_FIRST}][${NAME_LETTERS}-]+(?:\\s+(?:${PARTICLE}\\s+)*${ELIDED}[${NAME_FIRST}][${NAME_LETTERS}-]+){1,3}`
/** "The <kind of> peer was the <role> of <body>, <name>" (a clause about the peer in commas may come before "was") */
const PEER_WAS_ROLE = new RegExp(
  `\\b[Tt]he\\s+(?:(?:lead|second|third|other|finance|officer|member|councillor|chief\\s+executive)\\s+){1,3}peer(?:,[^.]{0,120},)?\\s+was\\s+(?:the\\s+)?([A-Z][^,.;]{2,80}?)\\s+(?:of|at)\\s+((?:the\\s+)?[A-Z][^,.;]{2,80}?),\\s+(${PERSON})(?=\\s*[.,;(])`,
  'g',
)

/** a sentence that says who the team were */
const TEAM_MADE_UP =
  /\b(?:team|peers?)\b[^.]{0,60}?\b(?:(?:was|were)\s+(?:(?:also|once\s+again|again)\s+)?(?:led|joined|made\s+up)(?:\s+(?:once\s+)?again)?\s+by|included|comprised|consisted\s+of)\b/i
/** a sentence that tells whom the team met or heard */
const TEAM_MET = /\b(?:met|meet|meeting|spoke|spoken|interviewed|heard|visited|thanks?|thanked)\b/i

/** "the <role> of <body>, <name>" in a sentence about the team, the body a council's or the LGA's (not "Leader of
 * the Council at X Council, Jo Bloggs": the next peer of a list told names first) */
const ROLE_OF_BODY_NAME = new RegExp(
  `(?<!\\b(?:of|to|for)\\s)\\bthe\\s+(?!Council\\b)([A-Z][\\w-]*(?:\\s+(?:of|and|for|[A-Z][\\w-]*)){0,5}?)\\s+(?:of|at)\\s+((?:the\\s+)?[A-Z][\\w'’&-]*(?:\\s+(?:of|and|upon|on|&|[A-Z][\\w'’&-]*)){0,6}?\\s+(?:Council|Councils|Association))\\s*,\\s+(${PERSON})(?=\\s*[.,;(]|\\s+and\\b)`,
  'g',
)

/** a name cut short by a cell's width: one word after its form of address, or ending at a hyphen ("Dr Olusegun",
 * "Councillor Rachel", "Rachel Pennington-") */
const partName = (cell: string) =>
  /-$/.test(cell.trim()) || /^(?:Cllr\.?|Councillor|Dr\.?|Mr|Mrs|Ms|Miss|Sir|Dame|Professor)\s+\S+$/i.test(cell.trim())

/** a line that is a person's name alone, perhaps with their form of address ("Councillor Adaeze Obi-Lawrence") */
const NAME_LINE = new RegExp(`^${PERSON}$`)
/** a line that is a person's name alone and no role's or body's ("Peer Challenge Manager", "Anytown City Council") */
const nameAlone = (text: string) =>
  NAME_LINE.test(text) && isName(text.replace(/^(?:Cllr\.?|Councillor|Dr\.?|Mr|Mrs|Ms|Miss|Professor)\s+/i, ''))

const BODY_NAME = `(?:the\\s+)?[A-Z][\\w'’&-]*(?:\\s+(?:(?:of|and|upon|on|in|&)(?=\\s+(?:the\\s+)?[A-Z])|the(?=\\s+[A-Z])|with(?=\\s+[A-Z])(?!\\s+(?:Cllr|Councillor))|[A-Z][\\w'’&-]*)|,\\s+[A-Z][\\w'’&-]*(?=\\s+and\\s))*`

/** a new person at the start of what follows a comma or 'and': a name, then a bracket, a comma, the end or " as " */
const NEXT_PERSON = new RegExp(`^\\s*(?:and\\s+)?${PERSON}(?:\\s*(?:\\(|,|$)|\\s+(?:as|from)\\s)`)
/** "Ed Hammersley from the LGA": a name and the body after 'from' */
const PERSON_FROM = new RegExp(`^(${PERSON})\\s+(?:from|of)\\s+(?:the\\s+)?(.+)$`)
/** "Jo Bloggs as the LGA Peer Challenge Manager": a name and the role after 'as' */
const PERSON_AS_ROLE = new RegExp(`^(${PERSON}),?\\s+as\\s+(?:the\\s+|an?\\s+)?(.+)$`)

/** Splits "A (x, y), B (z) and C" at the commas and 'and's outside brackets. */
function splitPeople(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '(') depth++
    if (c === ')') depth--
    if (
      depth === 0 &&
      (c === ',' || s.startsWith(' and ', i)) &&
      /^\s*(?:and\s+)?(?:Cllr|Councillor|[A-Z])/.test(s.slice(i + (c === ',' ? 1 : 4)))
    ) {
      const rest = s.slice(i + (c === ',' ? 1 : 4))
      // a comma inside "Name, Role, Body" belongs to that peer unless a new name follows
      const next = NEXT_PERSON.exec(rest)
      if (
        next &&
        isName(
          next[0]
            .replace(/^\s*(?:and\s+)?/, '')
            .replace(/^(?:Cllr\.?|Councillor)\s+/, '')
            .replace(/\s*[(,]$|\s+(?:as|from)\s$/, ''),
        )
      ) {
        out.push(cur)
        cur = ''
        i += c === ',' ? 0 : 4
        continue
      }
    }
    cur += c
  }
  out.push(cur)
  return out.map((x) => x.replace(/^\s*(?:and\s+)?/, '').trim()).filter(Boolean)
}

/** Peers named in running prose: "led by Jo Bloggs, Chief Executive at Anytown Council, with Cllr …". */
/** "led by Jo Bloggs, Chief Executive at Anytown Council" or "led by Cllr Jo Bloggs (Leader, Anytown Council)" */
/** a peer's role and body after their name, captured apart: "Chief Executive of Anytown Council", "Leader at …" */
const ROLE_OF_BODY = `([^,.;]{3,80}?)\\s+(?:at|of|for|from)\\s+(${BODY_NAME})`
const LED_BY = new RegExp(
  `\\b(?:led|headed)\\s+by\\s+(?:(?:Mr|Ms|Mrs|Miss|Dr|Sir|Dame|Professor)\\.?\\s+)?(${PERSON})(?:,\\s+${ROLE_OF_BODY}|\\s*\\(([^()]{3,120})\\))`,
  'g',
)
/** a sentence whose subject is the team, the challenge or the visit ("The peer team was led by …", "The challenge,
 * led by …"; "The council's preparation for the challenge was led by …" is not) */
const LED_SUBJECT =
  /^(?:the|this|our)\s+(?:corporate\s+)?(?:lga\s+)?(?:peer\s+)?(?:challenge\s+|review\s+)?(?:team|challenge|review|visit|progress\s+review)\b/i
/** the rest of a team after its lead, to the sentence's end: ", with Councillor Jo Bloggs (Reading) and …" (sticky) */
const LED_WITH = /,?\s+(?:and\s+)?with\s+((?:Cllr|Councillor|Dr|Mr|Ms|Mrs|[A-Z][a-z]+\s+[A-Z])[^]*?)\.(?=\s|$)/y
/** the team just before "led by": "the team, led by", "the peer team, which had been led by" */
const TEAM_LED = /\b(?:peer\s+)?team,?\s+(?:which\s+|who\s+)?(?:was\s+|were\s+|is\s+|had\s+been\s+|will\s+be\s+)?$/i
const ledSentence = (text: string, at: number) => LED_SUBJECT.test(sentenceAround(text, at).trimStart())
/** a peer named by their role on the team first: "Lead peer Jo Bloggs, Chief Executive of Anytown Council" */
const ROLE_THEN_PEER = new RegExp(
  `\\b(?:[Ll]ead\\s+(?:member\\s+|officer\\s+)?peer|[Pp]eer\\s+[Cc]hallenge\\s+[Mm]anager),?\\s+(${PERSON}),\\s+(?:the\\s+)?${ROLE_OF_BODY}`,
  'g',
)
/** "Cllr Jo Bloggs, the Leader of Anytown Council, who led the peer team" */
const PEER_WHO_LED = new RegExp(
  `(${PERSON}),\\s+(?:the\\s+)?((?:[^.;\\n]|\\n(?![ \\t]*\\n)){3,120}?),\\s+who\\s+(?:had\\s+)?led\\s+the\\s+(?:[Cc]orporate\\s+)?(?:[Pp]eer\\s+)?(?:[Tt]eam|[Cc]hallenge|[Rr]eview|[Vv]isit)\\b`,
  'g',
)
/** the team's manager: "managed by the LGA's Peer Challenge Manager, Sam Patel", "managed by Sam Patel of the LGA" */
const MANAGED_BY = new RegExp(
  `\\b(?:managed|supported)\\s+by\\s+(?:the\\s+LGA['’]s\\s+[Pp]eer\\s+[Cc]hallenge\\s+[Mm]anager,?\\s+(?:(?:Mr|Ms|Mrs|Miss|Dr)\\.?\\s+)?(${PERSON})|(${PERSON})\\s+(?:of|from)\\s+the\\s+(?:LGA|Local\\s+Government\\s+Association))\\b`,
  'g',
)
/** the team's manager as a sentence's subject, with their role: "Sam Patel, Senior Regional Adviser at the LGA, managed
 * the peer challenge" */
const MANAGER_SUBJECT = new RegExp(
  `(${PERSON}),\\s+((?:the\\s+)?[^,.;]{3,80}?\\b(?:LGA|Local\\s+Government\\s+Association)),\\s+(?:managed|co-?ordinated)\\s+the\\s+(?:peer\\s+)?(?:challenge|review|team|visit)\\b`,
  'g',
)
/** "Sam Patel is your peer challenge manager", "Sam Patel from the LGA acted as peer challenge manager", "The LGA's Peer
 * Challenge Manager is Sam Patel" */
const MANAGER_IS = new RegExp(
  `(${PERSON})(?:\\s+(?:from|of)\\s+the\\s+(?:LGA|Local\\s+Government\\s+Association))?,?\\s+(?:is|was|will\\s+be|acted\\s+as|served\\s+as)\\s+(?:your\\s+|the\\s+|our\\s+)?(?:LGA['’]s\\s+)?[Pp]eer\\s+[Cc]hallenge\\s+[Mm]anager\\b|\\b[Tt]he\\s+(?:LGA['’]s\\s+)?[Pp]eer\\s+[Cc]hallenge\\s+[Mm]anager\\s+(?:is|was|will\\s+be)\\s+(${PERSON})(?=\\s*[.,;(])`,
  'g',
)
/** Those a meeting's record lists as attending: a line each ("Also present    Jo Bloggs, Lead Peer, …" / "Sam Patel,
 * …"), or between semicolons, 'and' before a form of address and commas before a name. */
function attendees(list: string): string[] {
  const lines = list
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length > 1 && lines.every((l) => !!parsePeer(l))) return lines
  return list
    .replace(/\s+/g, ' ')
    .split(/;|\s+and\s+(?=(?:Cllr|Councillor|Mr|Mrs|Ms|Dr)\b)/)
    .flatMap((p) => splitPeople(p))
}
/** the people a meeting's record lists as attending besides its members, to the end of the paragraph */
const ATTENDING =
  /^[ \t]*(?:also\s+(?:present|in\s+attendance)|in\s+attendance)(?:\s+for\s+(?:item|minute)\s+[\w.]+)?\s*:?\s*([^]*?)(?=\n[ \t]*\n|(?![^]))/gim

const ledPeer = (m: RegExpExecArray) => (m[4] ? `${m[1]}, ${m[4]}` : `${m[1]}, ${m[2]}, ${m[3]}`)
/** a second lead straight after the first: "… led by Jo Bloggs, Leader of X Council, and Sam Patel, Chief Executive of
 * Y Council" (sticky, from the end of the first) */
const CO_LEAD = new RegExp(`,?\\s+and\\s+(${PERSON})(?:,\\s+${ROLE_OF_BODY}|\\s*\\(([^()]{3,120})\\))`, 'y')
/** a peer named as the LGA's, with or without their role: "the LGA's Sam Patel", "the LGA's peer challenge manager,
 * Sam Patel" */
const LGA_OWN = new RegExp(
  `^(?:[Tt]he\\s+)?(?:LGA|Local\\s+Government\\s+Association)(?:['’]s)?\\s+(?:([A-Za-z][\\w\\s-]{2,60}?),\\s+|([a-z][\\w\\s-]{2,60}?)\\s+)?(${PERSON})$`,
)
/** where a peer is added to the others with 'with' */
const WITH_PERSON = new RegExp(
  `,\\s+with\\s+(?=(?:(?:Cllr|Councillor|Mr|Ms|Mrs|Dr)\\.?\\s+)?[A-Z][a-z]+\\s+(?:[A-Z]|${PARTICLE}\\s))`,
)
/** "the member peers were Cllr Jo Bloggs, Leader of X Council, and …", to the clause's end (a semicolon or a full stop) */
const KIND_PEERS_WERE = new RegExp(
  `\\b(?:[Tt]he\\s+)?(?:(?:lead|elected)\\s+)?(?:member|officer|councillor|lga)\\s+peers?\\s+(?:was|were)\\s*:?\\s+(${PERSON}[^;]*?)(?=;|\\.(?:\\s|$))`,
  'g',
)
/** "The peer team (Cllr Jo Bloggs, Leader of X Council; Sam Patel, Chief Executive, Y Council; …)": the team's members
 * in brackets after the team (a bracket inside one of them, "(Labour)", allowed), or between dashes ("The team – Jo
 * Bloggs (Chief Executive, X Council) and myself – held …") */
const TEAM_IN_BRACKETS =
  /\b[Tt]he\s+(?:LGA['’]?s?\s+)?(?:corporate\s+)?(?:peer\s+|(?:progress\s+)?review\s+)?team\s+(?:\(((?:[^()]|\([^()]{0,40}\)){10,800})\)|[–—]\s+((?:[^–—()\n]|\([^()\n]{0,120}\)){10,800}?)\s+[–—]\s)/g

/** A letter's writer: the name on the line after its sign-off ("Yours sincerely"), with the role on the line under it
 * ("Peer Challenge Manager, Local Government Association") */
function signatory(doc: Doc): { text: string; at: number; len: number } | null {
  for (let i = doc.lines.length - 1; i >= 0; i--) {
    if (
      !/^(?:yours\s+(?:sincerely|faithfully)|kind\s+regards|best\s+wishes|with\s+best\s+wishes),?$/i.test(
        doc.lines[i]!.text,
      )
    )
      continue
    const [name, role] = doc.lines.slice(i + 1, i + 6).filter((l) => !l.blank)
    if (!name || !role || !NAME_LINE.test(name.text)) return null
    return { text: `${name.text}, ${role.text}`, at: name.start, len: role.end - name.start }
  }
  return null
}
const WITH_CLLR = new RegExp(`\\bwith\\s+((?:Cllr\\.?|Councillor)\\s+${PERSON}),\\s+${ROLE_OF_BODY}`, 'g')

function prosePeers(doc: Doc): PeerFinding | null {
  const peers: Peer[] = []
  const seen = new Set<string>()
  // (in a sentence that says it names the team, a peer with a role and no body counts: "Councillor Jo Bloggs
  // (Reading)", "Dr Sam Patel (Director of Public Health, Sunderland)")
  const add = (text: string, at: number, len: number, team = false) => {
    const p = parsePeer(text)
    if (!p || !(p.organisation || (team && p.title)) || seen.has(p.name)) return
    seen.add(p.name)
    peers.push({ ...p, evidence: ev(doc, at, at + len) })
  }
  const named = (text: string, base: number) => {
    // (runs of white space made one space, each character's offset in the text kept: `oneSpaced`)
    // (a letter's writer among them, "… and myself, Jo Bloggs, as the LGA's Peer Challenge Manager": the word blanked)
    // (to where the sentence turns to who managed the team: "…, and was managed by Sam Patel of the LGA")
    const spaced = oneSpaced(text.replace(/,?\s+and\s+(?:was|were)\s+(?:managed|supported|co-?ordinated)\b[^]*$/, ''))
    const people = spaced.text.replace(/(?<=\band )myself,/g, '       ')
    let at = 0
    // each peer after a semicolon, where the text parts them so; else at the commas and 'and's between names
    // (a last peer added with 'with': "…, with Sam Patel of the LGA as peer challenge manager")
    const parts = (people.includes(';') ? people.split(PEER_SEPARATOR) : splitPeople(people)).flatMap((p) =>
      p.split(WITH_PERSON),
    )
    for (const whole of parts) {
      const from = people.indexOf(whole, at)
      if (from >= 0) at = from
      // (a label in lower case before the first: "(lead peer: Councillor Jo Bloggs, …; …)")
      const part = whole.replace(/^[a-z][a-z ]{2,30}:\s+(?=[A-Z])/, '')
      at += whole.length - part.length
      // "Jo Bloggs as the LGA Peer Challenge Manager": the role after 'as'
      const as = PERSON_AS_ROLE.exec(part) ?? PERSON_FROM.exec(part)
      // "the LGA's Sam Patel", "the LGA's peer challenge manager, Sam Patel"
      const lga = LGA_OWN.exec(part)
      const text = lga
        ? `${lga[3]}, ${(lga[1] ?? lga[2]) ? `${lga[1] ?? lga[2]}, ` : ''}Local Government Association`
        : as
          ? `${as[1]}, ${as[2]}`
          : part
      // (the evidence where the text has it: its runs of white space as they are)
      add(text, base + spaced.at[at]!, spaced.at[at + part.length]! - spaced.at[at]!, true)
      at += part.length
    }
  }
  for (const m of matches(LED_BY, doc.scan)) {
    // "led by Name (Role, Body)" names a peer only in a sentence about the team or the challenge ("The council's
    // response has been led by its Chief Executive (…)" is not), or straight after the team ("… that the team, led by")
    const team = ledSentence(doc.scan, m.index) || TEAM_LED.test(doc.scan.slice(Math.max(0, m.index - 40), m.index))
    if (!m[4] || team) {
      add(ledPeer(m), m.index, m[0].length)
      CO_LEAD.lastIndex = m.index + m[0].length
      const co = CO_LEAD.exec(doc.scan)
      if (co) add(ledPeer(co), co.index, co[0].length)
      // the rest of the team after 'with', to the sentence's end: "led by Jo Bloggs, Chief Executive of X Council,
      // with Councillor Sam Patel (Reading) and Councillor …"
      LED_WITH.lastIndex = m.index + m[0].length
      const rest = team ? LED_WITH.exec(doc.scan) : null
      if (rest) named(rest[1]!, rest.index + rest[0].indexOf(rest[1]!))
    }
  }
  for (const m of matches(WITH_CLLR, doc.scan)) add(`${m[1]}, ${m[2]}, ${m[3]}`, m.index, m[0].length)
  // the role first, then who held it: "The lead member peer was the Leader of Gateshead Council, Councillor Jo
  // Bloggs."; or in a sentence about the team, "led by the Chief Executive of Reading Borough Council, Jo Bloggs, and
  // included the Director of Finance at Wiltshire Council, Sam Patel"
  for (const m of anchoredMatches(PEER_WAS_ROLE, ['peer'], 4, doc.scan))
    add(`${m[3]}, ${m[1]}, ${m[2]}`, m.index, m[0].length)
  for (const m of anchoredMatches(ROLE_OF_BODY_NAME, ['council|councils|association'], 12, doc.scan)) {
    const sentence = sentenceAround(doc.scan, m.index)
    // (the team's make-up, not whom it met: "The team met the Leader of X Council, Cllr Jo Bloggs")
    if (TEAM_MADE_UP.test(sentence) && !TEAM_MET.test(sentence)) add(`${m[3]}, ${m[1]}, ${m[2]}`, m.index, m[0].length)
  }
  // a press release's or a paper's prose: "Lead peer Jo Bloggs, Chief Executive of X Council, said", "Cllr Jo Bloggs,
  // the Leader of X Council, who led the peer team, said", "… was managed by Sam Patel of the LGA"
  // (each tried only where its words are: "peer" two words at most into the match, "who led" at most sixteen)
  for (const m of anchoredMatches(ROLE_THEN_PEER, ['peer'], 2, doc.scan))
    add(`${m[1]}, ${m[2]}, ${m[3]}`, m.index, m[0].length)
  // (the role and body as the text gives them, between commas: "Jo Bloggs, Strategic Director Place, Lancashire County
  // Council, who had led the peer team")
  for (const m of anchoredMatches(PEER_WHO_LED, ['who led|had led'], 24, doc.scan))
    add(`${m[1]}, ${m[2]}`, m.index, m[0].length)
  // "Sam Patel, Senior Regional Adviser at the LGA, managed the peer challenge"
  for (const m of anchoredMatches(MANAGER_SUBJECT, ['managed the|co-ordinated the|coordinated the'], 16, doc.scan))
    add(`${m[1]}, ${m[2]}`, m.index, m[0].length)
  // "Sam Patel is your peer challenge manager", "Sam Patel from the LGA acted as peer challenge manager"
  // (or "The LGA's Peer Challenge Manager is Sam Patel")
  for (const m of anchoredMatches(MANAGER_IS, ['challenge manager'], 12, doc.scan))
    add(`${m[1] ?? m[2]}, Peer Challenge Manager, Local Government Association`, m.index, m[0].length)
  for (const m of anchoredMatches(MANAGED_BY, ['managed by|supported by'], 0, doc.scan))
    add(`${m[1] ?? m[2]}, Peer Challenge Manager, Local Government Association`, m.index, m[0].length)
  // a meeting's record: the peers among those in attendance ("Also present: Cllr Jo Bloggs, Leader, X Council (lead
  // member peer)", "In attendance: Sam Patel – Peer Challenge Manager, Local Government Association")
  for (const m of anchoredMatches(ATTENDING, ['attendance|present'], 2, doc.scan))
    for (const part of attendees(m[1]!))
      // (an LGA adviser who attends is no member of the team)
      if (/\bpeer\b|\bLGA\b|Local Government Association/i.test(part) && !/\bprincipal\s+adviser\b/i.test(part))
        add(part.replace(/^\s*(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+/, '').replace(/\s+[–-]\s+/, ', '), m.index, m[0].length)
  const others =
    /\b(?:[Oo]ther\s+(?:members\s+of\s+the\s+(?:peer\s+)?team|peers)\s+(?:were|had\s+been)|[Tt]he\s+(?:peers|members\s+of\s+the\s+(?:peer\s+)?team|peer\s+team\s+members)\s+(?:(?:who|that)\s+[^.:;\n]{0,80}?|(?:for|on|in)\s+the\s+[^.:;\n]{0,40}?)\s+were:?(?=\s+(?:Cllr\b|Councillor\b|Dr\b|[A-Z][a-z]+\s+[A-Z]))|[Tt]he\s+(?:peer\s+|review\s+)?team(?:\s+(?:for|on|in)\s+the\s+[^.:;\n]{0,40}?)?\s+(?:was|were):?(?=\s+(?:Cllr\b|Councillor\b|Dr\b|[A-Z][a-z]+\s+[A-Z][a-z]+\s*[(,]))|[Tt]he\s+(?:peer\s+|(?:progress\s+)?review\s+)?team(?:,\s+(?:led|headed)\s+by\s+[^.;\n]{3,200}?,)?\s+(?:had\s+)?(?:also\s+)?(?:included|comprised|consisted\s+of|was\s+made\s+up\s+of):?|\band\s+(?:had\s+|will\s+)?(?:also\s+)?(?:include[ds]?|including)|[Ss]upported\s+by|\b[Pp]eer\s+team\s*:(?=[ \t]*\S)|\b(?:review|challenge|visit)\s+was\s+(?:delivered|carried\s+out|conducted|undertaken)\s+by|\b(?:team|review|challenge)\s+was\s+(?:managed|co-?ordinated|project[- ]managed)\s+by|\b(?:[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e)\s+(?:was|were|is|are|am|will\s+be|(?:has|have|had)\s+been)\s+(?:also\s+)?joined\s+(?:on\s+the\s+(?:peer\s+)?team\s+)?by(?=\s+(?:Cllr\b|Councillor\b|Dr\b|[A-Z][a-z]+\s+[A-Z]))|\b(?:will\s+lead|leads|led)\s+the\s+(?:peer\s+)?team,?\s+with(?=\s+(?:Cllr\b|Councillor\b|Dr\b|[A-Z][a-z]+\s+[A-Z]))|\b[Tt]eam\b[^.:;]{0,80}?,?\s+namely:?|[Tt]he\s+(?:LGA['’]?s?\s+)?[Pp]eer\s+[Cc]hallenge\s+[Mm]anager\s+(?:was|is))\s+([^]+?)(?<!\bCllr)\.(?:\s|$)/g
  // the team told by its kinds of peer: "…; the member peers were Cllr Jo Bloggs, Leader of X Council, and Cllr Sam
  // Patel, …; the officer peers were …"
  for (const m of anchoredMatches(KIND_PEERS_WERE, ['peer'], 3, doc.scan)) named(m[1]!, m.index + m[0].indexOf(m[1]!))
  // the team in brackets or between dashes after its name: "The peer team (Cllr Jo Bloggs, Leader of X Council; Sam
  // Patel, …) spent …", "The team – Jo Bloggs (…), Cllr Sam Patel (…) and myself – held …"
  for (const m of anchoredMatches(TEAM_IN_BRACKETS, ['team'], 2, doc.scan)) {
    const team = m[1] ?? m[2]!
    named(team, m.index + m[0].indexOf(team))
    // a letter's writer among them ("… and myself"): the name and role they sign with
    if (/\band\s+myself\s*$/.test(team)) {
      const writer = signatory(doc)
      if (writer) add(writer.text, writer.at, writer.len)
    }
  }
  for (const m of matches(others, doc.scan)) {
    // "She was joined by …": only after the team's lead is named ("The team was led by Jo Bloggs, … She was joined
    // by"), or the letter's writer ("I led the team …, and I was joined by …")
    if (
      /^(?:he|she|they|i|we)\b/i.test(m[0]) &&
      // (or where the sentence says it is the team they joined: "She was joined on the peer team by …")
      !/\bteam\b/i.test(m[0]) &&
      !/\bled\s+by\b|\b(?:peer|team)\b/i.test(doc.scan.slice(Math.max(0, m.index - 400), m.index))
    )
      continue
    // "… was led by Jo Bloggs, …, and included …": only in a sentence about the team
    if (
      /^and\b/i.test(m[0]) &&
      !/\bteam,?\s+(?:which\s+)?(?:was\s+|is\s+|will\s+be\s+|had\s+been\s+)?led\s+by\s+(?:(?:Cllr|Councillor|Dr|Professor|Sir|Dame)\.?\s+)?[A-Z][a-z]/.test(
        sentenceAround(doc.scan, m.index),
      )
    )
      continue
    named(m[1]!, m.index + m[0].indexOf(m[1]!))
  }
  if (!peers.length) return null
  // in the order the text names them
  peers.sort((a, b) => a.evidence.start - b.evidence.start)
  return {
    field: found(
      peers,
      peers.map((p) => p.evidence),
      peers.length >= 2 ? 0.8 : 0.7,
      'peers named in the text',
    ),
    ranges: peers.map((p) => ({ start: p.evidence.start, end: p.evidence.end })),
  }
}

/** A text with each run of white space made one space, and where each of its characters is in the text (one more
 * for its end). */
function oneSpaced(text: string): { text: string; at: number[] } {
  let out = ''
  const at: number[] = []
  for (let i = 0; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i))
    if (space && i > 0 && isSpaceCode(text.charCodeAt(i - 1))) continue
    at.push(i)
    out += space ? ' ' : text[i]
  }
  at.push(text.length)
  return { text: out, at }
}

/** two forms of one person's name: the same surname (apostrophes and hyphens aside) and the same first initial */
function samePerson(a: string, b: string): boolean {
  const parts = (n: string) => n.toLowerCase().replace(/['’-]/g, '').split(/\s+/)
  const x = parts(a)
  const y = parts(b)
  return x.at(-1) === y.at(-1) && x[0]![0] === y[0]![0]
}

/** The peer the list's introduction names as its lead ("The peer team was led by Jo Bloggs, Chief Executive of Anytown
 * Council. The other members of the team were:"), where the list does not name them too: first, as the lead. */
function withLead(doc: Doc, list: PeerFinding): PeerFinding {
  const intro = list.field.evidence[0]?.line ?? -1
  if (intro < 0) return list
  let from = intro
  while (from > 0 && intro - from < 4 && !doc.lines[from - 1]!.blank) from--
  const start = doc.lines[from]!.start
  const text = doc.scan.slice(start, doc.lines[intro]!.end)
  if (!text.includes(' by')) return list
  for (const m of matches(LED_BY, text)) {
    const p = parsePeer(ledPeer(m))
    // the sentence is about the team, and its lead is not in the list already under another form of their name
    // ("Joanne Bloggs" / "Jo Bloggs", "O’Brien" / "O'Brien")
    if (!p?.organisation || !ledSentence(text, m.index) || list.field.value.some((x) => samePerson(x.name, p.name)))
      continue
    const lead = { ...p, evidence: ev(doc, start + m.index, start + m.index + m[0].length) }
    return {
      ...list,
      field: { ...list.field, value: [lead, ...list.field.value], evidence: [lead.evidence, ...list.field.evidence] },
      ranges: [{ start: lead.evidence.start, end: lead.evidence.end }, ...list.ranges],
    }
  }
  return list
}

function findPeers(doc: Doc): PeerFinding {
  const found = peerList(doc)
  const list = found && withLead(doc, found)
  // a loose list may be the end of a paragraph that names the team: the paragraph's reading wins when it names more
  const prose = !list || list.loose ? prosePeers(doc) : null
  if (list && !list.loose) {
    // a peer who joined the team, told straight after its list ("They were joined by Sam Patel, Director of …")
    const end = list.ranges.at(-1)!.end
    const after = doc.scan.slice(end, end + 300)
    if (/\bjoined\s+by\b/i.test(after)) {
      const joined = (prosePeers(doc)?.field.value ?? []).filter(
        (p) =>
          p.evidence.start >= end &&
          p.evidence.start < end + 300 &&
          !list.field.value.some((q) => samePerson(q.name, p.name)),
      )
      if (joined.length)
        return {
          ...list,
          field: {
            ...list.field,
            value: [...list.field.value, ...joined],
            evidence: [...list.field.evidence, ...joined.map((p) => p.evidence)],
          },
          ranges: [...list.ranges, ...joined.map((p) => ({ start: p.evidence.start, end: p.evidence.end }))],
        }
    }
  }
  if (list && (!prose || prose.field.value.length <= list.field.value.length)) return list
  return prose ?? { field: none([], 'no peer team list found'), ranges: [] }
}

// ---- recommendations ----

/** a recommendation's number, in digits or words ("Recommendation one") */
const REC_N = '(?:\\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)'
// (a number in words needs its separator: "Recommendation one of the 2022 challenge has been completed" is a sentence)
// (a number may say how many there are, "RECOMMENDATION 1 of 10"; a letter numbers them too, with its separator or
// alone on its line: "Recommendation A")
const NAMED_REC = new RegExp(
  `^\\**\\s*(?:\\d{1,2}(?:\\.\\d{1,2})*\\.?\\s+)?(?:key\\s+)?rec(?:ommendation|\\.)?\\s+(?:(\\d{1,2})(?:\\s+of\\s+\\d{1,2})?\\b\\s*\\**\\s*[:.\\-–—]?|(${REC_N})\\s*\\**\\s*[:.\\-–—]|([A-L])\\s*\\**\\s*(?:[:.\\-–—]|$))\\s*`,
  'i',
)
/** "Recommendation 1:" at the start of a list item's title, with its separator ("Recommendation 10 of the 2019
 * review …" is a sentence, not a label) */
const REC_LABEL = new RegExp(`^\\**\\s*recommendation\\s+${REC_N}\\s*\\**\\s*[:.\\-–—]\\s*`, 'i')
/** an introduction to the headings a review was grouped under, not to recommendations ("… under the following
 * headings:") */
const HEADINGS_INTRO =
  /\b(?:following|these|those|three|four|five|six)\s+(?:[a-z]+\s+)?(?:headings|themes|areas|questions|topics)\b(?:(?!recommend)[^.:;]){0,60}:?\s*$/i
/** an introduction to a list of something else: "Key achievements include:", "Highlights include:" */
const OTHER_LIST =
  /^(?:the\s+)?(?:(?:key|main|notable|other)\s+)?(?:achievements|highlights|successes|strengths|improvements|risks|priorities|outcomes|changes|milestones|areas\s+of\s+(?:strength|good\s+practice)|(?:supporting|background|related)\s+(?:documents|papers|links)|attachments|appendices)\b/i
/** a letter's sign-off: the end of any list before it */
const SIGN_OFF =
  /^(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm)\s+regards|(?:with\s+)?best\s+wishes),?$/i
/** the end of a sentence that introduces a list: "… as follows:", "… set out below.", "They are:" */
const REC_INTRO = /(?::|\bbelow\.?|\bas follows\.?)\s*$|^(?:these|they)\s+(?:include|are|were)\s*:?\s*$/i
/** a sentence that says the recommendations are set out below */
const FOLLOW_BELOW =
  /\brecommendations?\b[^.]{0,80}\b(?:set\s+out|reproduced|listed|shown|given|included)\b[^.]{0,20}\bbelow\b/i
/** the text of the paragraph that ends at line `i` (its last five lines at most) */
function paragraphTo(doc: Doc, i: number): string {
  let from = i
  while (from > 0 && i - from < 5 && !doc.lines[from - 1]!.blank) from--
  return doc.lines
    .slice(from, i + 1)
    .map((x) => x.text)
    .join(' ')
}

type ListItem = { raw: string; more: string[]; first: Line; last: Line; style: 'named' | 'number' | 'bullet' | 'row' }

/** A wrapped line joined to the text it carries on: with a space, or, after a word broken at a hyphen at the line's
 * end, with none and the hyphen kept ("Stoke-on-" / "Trent", "long-" / "term": a report's hyphens at a line's end are
 * a compound's far more often than a word broken by the typesetter) */
function joinLine(text: string, next: string): string {
  // (not a hyphen left hanging for a word after it: "pre-" / "and post-election")
  return text.endsWith('-') && /[A-Za-z]-$/.test(text) && /^[A-Za-z]/.test(next) && !/^(?:and|or|to|nor)\b/.test(next)
    ? `${text}${next}`
    : `${text} ${next}`
}

/** whether a table's row (its cells) goes on the row before it: its first cell is empty, under a numbered row (a
 * table's cells wrapped onto the lines under their row, as Word's text of a table with long cells has them) */
const wrappedRow = (items: ListItem[], cells: string[]) =>
  items.length > 0 && !cells[0]!.trim() && /^R?\d{1,2}\.?$/i.test(items.at(-1)!.first.raw.split('\t')[0]!.trim())

/** a list item carried on by a wrapped line: its text joined (a line with none for the item, a table's row with its
 * other cells only, still ends it), the line its last */
function carryOn(item: ListItem, text: string | undefined, line: Line) {
  if (text) item.raw = joinLine(item.raw, text)
  item.last = line
}

/** a lettered or roman sub-item under a list's item ("a. Agree a new constitution", "ii) …") */
const SUB_ITEM = /^(?:[a-h]|[ivx]{1,4})[.)]\s+[A-Z]/

/** a line as a "Recommendation N" label is read: its markdown heading marks and markup out */
const labelText = (l: Line) => stripMarkup(l.raw.replace(/^#{1,6}\s+/, ''))
/** the title after a "Recommendation N" label, in lower case without its punctuation */
const namedTitle = (l: Line) => key(labelText(l).replace(NAMED_REC, ''))
/** whether a title is one of the items' again (the one the shorter of the two begins) */
const repeatsItem = (items: ListItem[], title: string) =>
  !!title &&
  items.some((it) => {
    const t = key(stripMarkup(it.raw))
    return t.startsWith(title) || title.startsWith(t)
  })

/** the number of a "Recommendation N" line (null: a word or none) */
function namedNumber(l: Line): number | null {
  const m = NAMED_REC.exec(labelText(l))
  return m?.[1] ? Number(m[1]) : m?.[2] ? toNumber(m[2]) : m?.[3] ? m[3].toUpperCase().charCodeAt(0) - 64 : null
}

/** a line's indent and list marker with the tabs after it (a match may be empty): a bullet, "2.1", "3.", "(a)", "i.";
 * a bare "1" before a tab is a table's number column (which of these markers numbers a line is the line model's
 * business, `numberAt` and its tab rule in text.ts; this decides only whether the tabs after one part cells) */
const MARKER_TAB =
  /^\s*(?:(?:[-*•·▪◦●○■□➢➤✓–\uf0b7\uf0a7]|\(?[ivxlc]+\)|\(?[a-z]\)|(?:[ivxlc]{1,4}|[a-z])\.|\(?\d{1,2}\)|\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.|R\d{1,2}[.:)]?|[A-H](?=\t))\t+)?/i

/** whether a line holds tabs between cells (a table's row), not only an indent's or after its list marker */
const cellTabs = (l: Line) =>
  l.raw.includes('\t') && MARKER_TAB.exec(l.raw)![0].length < l.raw.trimEnd().lastIndexOf('\t') + 1

/** The kind of list item a line starts, if any. */
function itemStyle(l: Line): ListItem['style'] | null {
  if (l.blank) return null
  if (NAMED_REC.test(labelText(l))) return 'named'
  // (a tab after a list's number or bullet only is its spacing, as Word's text gives "2.1<TAB>Continue …")
  if (cellTabs(l)) return 'row'
  if (l.number !== null && !isToc(l)) return 'number'
  if (l.bullet) return 'bullet'
  return null
}

/** a line that stops on a word that needs more after it ("… across", "… and the", "… such as") */
const NEEDS_MORE =
  /\b(?:a|an|the|and|or|of|to|for|with|in|on|by|at|from|across|into|its|their|our|your|as|than|including)$/i

/** Whether line `i`, after the "Recommendation N – Title" line(s), starts the item's body rather than carrying on its
 * title: it starts with a capital letter after a title that does not stop on a comma or on a word that needs more,
 * and the paragraph it starts ends a sentence, as a body does and a title does not. A capital at the start of the
 * next line, after a line of no punctuation that needs nothing more, puts the boundary further down ("… vision for
 * Stoke-on-Trent" / "City Council and its partners" / "The peer team heard …": the title runs to "partners"). */
/** a labelled field's line: a word or three, a colon, its value */
const FIELD_LINE = /^[A-Z][a-z]+(?: [a-z]+){0,2}: \S/

function startsBody(doc: Doc, title: string, i: number, end: number): boolean {
  const t = stripMarkup(title).trim()
  const line = doc.lines[i]!.text
  if (!/^[A-Z]/.test(line) || /[,;:–—-]$/.test(t) || NEEDS_MORE.test(t)) return false
  // a field of an action plan's entry under it ("Action: …", "Lead officer: …", "Target date: …")
  if (FIELD_LINE.test(line)) return true
  let last = i
  while (last + 1 < end && !doc.lines[last + 1]!.blank && itemStyle(doc.lines[last + 1]!) === null) last++
  if (!/[.!?]["'’”)]?$/.test(doc.lines[last]!.text)) return false
  return !(last > i && /^[A-Z]/.test(doc.lines[i + 1]!.text) && !/[.!?:;,]$/.test(line) && !NEEDS_MORE.test(line))
}

/** Whether a numbered item's first line is a title over its body on the lines after it ("1. Prioritise the
 * corporate plan" / "Refresh the corporate plan so that …"): the body starts as `startsBody` says, and the title's
 * line stops well short of the body's longest (a wrapped item's first line runs the width of the page). */
function shortTitleLine(doc: Doc, title: Line, i: number, end: number): boolean {
  if (!startsBody(doc, rawRest(title), i, end)) return false
  let width = 0
  for (let k = i; k < end && !doc.lines[k]!.blank && itemStyle(doc.lines[k]!) === null; k++)
    width = Math.max(width, doc.lines[k]!.raw.trimEnd().length)
  return title.raw.trimEnd().length < width * 0.8
}

/**
 * The list that starts at or after line `from` (prose before it skipped, up to `skip` paragraphs), read to its end:
 * items with their wrapped lines joined, and the paragraphs under each item as its body.
 */
/** a line of a page's furniture left in a text extract: its number, or a footer (an address or telephone number with a
 * web address, e-mail or copyright) */
function pageFurniture(doc: Doc, l: Line, pageNumber: boolean): boolean {
  return (pageNumber && (PAGE_NUMBER.test(l.text) || MARKING.test(l.text) || runningHeader(doc, l))) || isFooter(l.text)
}

/** a running header or footer ending with its page number, its words three spaces or more from the number or not
 * ("Anytown Borough Council      4", "Corporate Peer Challenge – Anytown Council – Page 3") */
const PAGE_LABEL =
  /^(?!(?:appendix|annex|section|part|table|figure|chapter|item|schedule|recommendation)\b)[A-Za-z][^\d.!?]{2,90}?(?:\s[-–—|]\s*)?(?:\s+page)?\s+\d{1,3}$/i

/** Where the list goes on after a page's break at line `i`: a header or footer ending with its page number, perhaps
 * a short title line with it (no full stop), then the next line with text; -1 where line `i` is no such furniture. */
function afterPageBreak(doc: Doc, i: number, end: number): number {
  const l = doc.lines[i]!
  // (its last character a digit: most lines stop at this test)
  const last = l.text.charCodeAt(l.text.length - 1)
  if (!(last >= 48 && last <= 57)) return -1
  // (standing apart from the item above it, by a blank line or by its number set far off: a wrapped item's last line
  // may end in a number too, "… under Section 106")
  if (!(doc.lines[i - 1]?.blank ?? true) && !/\S {3,}\d{1,3}\s*$/.test(l.raw)) return -1
  // (its words may hold a year when the number is set far off or follows "Page": "… – November 2017      Page 2 of 16")
  if (!PAGE_LABEL.test(l.text.replace(/\s{2,}/g, ' ')) && !PAGE_AT_END.test(l.raw)) return -1
  let j = i + 1
  let titles = 0
  for (; j < end; j++) {
    const x = doc.lines[j]!
    if (x.blank) continue
    // (a copyright line under the footer: "© Local Government Association")
    if (/^(?:©|\(c\)|copyright\b)/i.test(x.text) && x.text.length <= 80) continue
    // (the next page's running title: "Anytown Borough Council – LGA Corporate Peer Challenge feedback report")
    if (titles < 1 && x.text.length <= 100 && !/[.:;,]$/.test(x.text) && itemStyle(x) === null) {
      titles++
      continue
    }
    return j
  }
  return -1
}

/** a government security marking at a page's head or foot ("OFFICIAL", "OFFICIAL – SENSITIVE") */
const MARKING = /^(?:classification:\s*)?(?:official(?:\s*[-–—:]?\s*sensitive)?|not protectively marked|unclassified)$/i

/** a running header or footer with no page number in it ("Anytown Borough Council", "Feedback report"), with a page
 * number beside it here; a heading repeated through a report stands where its section does, with no page number
 * beside it */
function runningHeader(doc: Doc, l: Line): boolean {
  if (!runningLine(doc, l)) return false
  for (let k = Math.max(0, l.n - 3); k <= Math.min(doc.lines.length - 1, l.n + 3); k++)
    if (k !== l.n && PAGE_NUMBER.test(doc.lines[k]!.text)) return true
  return false
}

/** the name of a table's column of recommendations */
/** (a column's name may say when or whose in brackets after it: "Recommendation (March 2025)", "Status (RAG)") */
const REC_COLUMN_NAME =
  /^(?:(?:key|cpc|original|peer(?:\s+team|\s+challenge)?|\d{4})\s+)*recommendations?(?:\s*\([^()]{1,30}\))?$/i
/** a column's name in a table of recommendations */
const REC_COLUMN =
  /^(?:no\.?|number|ref(?:erence)?\.?|rec\.?|(?:(?:key|cpc|original|peer(?:\s+team|\s+challenge)?|\d{4})\s+)*recommendations?|progress(?:\s+update)?|update|status|rag(?:\s+status)?|(?:(?:proposed|planned|agreed|key)\s+)?actions?(?:\s+(?:proposed|planned|agreed))?|milestones?|(?:lead|responsible)(?:\s+officer)?|owner|timescales?|(?:target|due|completion)\s+date|comments?|commentary|response|(?:peer\s+team\s+|council\s+)?(?:assessment|rag(?:\s+rating)?))(?:\s*\([^()]{1,30}\))?$/i
/** a column's name, or two of them in one ("Progress / commentary", "Owner and target date") */
const recColumn = (s: string) => s.length <= 40 && s.split(/\s*(?:\/|&|\band\b)\s*/i).every((p) => REC_COLUMN.test(p))

/** The recommendations of a table read a cell to a line: its column names (one naming the recommendations, with at
 * least one more), then a row's cells in turn; a row whose number or status cell does not fit ends it. */
function cellRecommendations(doc: Doc, from: number, end: number): ListItem[] {
  const cells: Line[] = []
  for (let j = from; j < end && cells.length < 400; j++) if (!doc.lines[j]!.blank) cells.push(doc.lines[j]!)
  let k = 0
  while (k < cells.length && k < 8 && recColumn(cells[k]!.text)) k++
  const columns = cells.slice(0, k).map((c) => c.text.toLowerCase())
  const rec = columns.findIndex((c) => /recommendation|^rec\.?$/.test(c))
  if (k < 2 || rec < 0) return []
  const numberCol = columns.findIndex((c) => /^(?:no|number|ref)/.test(c))
  const ragCol = columns.findIndex((c) => /^(?:rag|status)/.test(c))
  // rows a blank line apart, under the column names and a blank line: a row is the lines between, however many a
  // cell takes ("a) Member training" / "b) Review work programming" in one cell), its number first
  // (the row's number in a column of its own, or the recommendation's own: "R1 Agree …")
  if ((numberCol === 0 ? rec > 0 : numberCol < 0) && doc.lines[cells[k - 1]!.n + 1]?.blank) {
    const items: ListItem[] = []
    for (let j = cells[k - 1]!.n + 1; j < end;) {
      while (j < end && doc.lines[j]!.blank) j++
      const row: Line[] = []
      for (; j < end && !doc.lines[j]!.blank; j++) row.push(doc.lines[j]!)
      const cell = row[rec]
      if (!cell) break
      const n = String(items.length + 1)
      if (numberCol === 0 && row[0]!.text.replace(/\.$/, '') !== n) break
      let title = numberCol === 0 ? cell.text : cell.number?.replace(/^R|[.:)]$/g, '') === n ? cell.rest : ''
      if (title.length < 10 || !/^[A-Z"'‘“]/.test(title)) break
      // (the cell wrapped: its lines go on in small letters or after a word that needs more)
      for (
        let q = rec + 1;
        q < row.length && itemStyle(row[q]!) === null && (NEEDS_MORE.test(title) || /^[a-z]/.test(row[q]!.text));
        q++
      )
        title = joinLine(title, row[q]!.text)
      items.push({ raw: title, more: [], first: row[0]!, last: row.at(-1)!, style: 'row' })
    }
    if (items.length >= 2) return items
  }
  // cells wrapped over several lines each, a row's other cells after them, no blank line between rows (a PDF's table
  // read a cell at a time): a row starts at its number alone on a line, 1, 2, 3 in turn; its recommendation is the
  // lines after the number up to the one that ends its sentence (the row's actions, numbered 1.1, 1.2, follow); the
  // column names again after a page's number start no row
  if (numberCol >= 0 && numberCol < rec) {
    const items: ListItem[] = []
    for (let j = cells[k - 1]!.n + 1; j < end; j++) {
      const l = doc.lines[j]!
      if (l.blank || l.text.replace(/\.$/, '') !== String(items.length + 1)) continue
      let title = ''
      let last = l
      for (let q = j + 1; q < end && q < j + 8; q++) {
        const c = doc.lines[q]!
        if (c.blank) continue
        if (BARE_NUMBER.test(c.text) || /^\d{1,2}\.\d{1,2}\.?$/.test(c.text) || recColumn(c.text)) break
        title = title ? joinLine(title, c.text) : c.text
        last = c
        if (/[.!?]["'’”)]?$/.test(c.text)) break
      }
      if (!title) continue
      if (title.length < 10 || !/^[A-Z"'‘“]/.test(title) || !/[.!?]["'’”)]?$/.test(title)) break
      items.push({ raw: title, more: [], first: l, last, style: 'row' })
    }
    if (items.length >= 2) return items
  }
  // the recommendations numbered "1.", "2." on lines of their own, their actions numbered "1.1", "1.2" with the
  // actions' other cells between them (a tracker read a cell to a line, a recommendation's row one cell wide)
  if (cells.some((c) => c.number === '1.1')) {
    const items: ListItem[] = []
    for (let j = cells[k - 1]!.n + 1; j < end; j++) {
      const l = doc.lines[j]!
      if (l.blank || l.number !== String(items.length + 1)) continue
      if (l.rest.length < 10 || !/^[A-Z"'‘“]/.test(l.rest)) break
      items.push({ raw: l.rest, more: [], first: l, last: l, style: 'row' })
    }
    if (items.length >= 2) return items
  }
  // a column whose cells can be checked keeps the rows in step (an empty cell shifts every row after it): a number's
  // or a status's, or the recommendation's own cells numbered ("1. Develop …")
  const ownNumbers = numberCol < 0 && cells[k + rec]?.number === '1'
  if (numberCol < 0 && ragCol < 0 && !ownNumbers) return []
  const items: ListItem[] = []
  for (let at = k; at + k <= cells.length; at += k) {
    const row = cells.slice(at, at + k)
    const title = row[rec]!
    const n = String(items.length + 1)
    if (numberCol >= 0 && row[numberCol]!.text.replace(/\.$/, '') !== n) break
    if (ownNumbers && title.number !== n) break
    if (ragCol >= 0 && !/^[A-Z][A-Za-z/ -]{0,19}$/.test(row[ragCol]!.text)) break
    const text = ownNumbers ? title.rest : title.text
    if (text.length < 10 || !/^[A-Z"'‘“]/.test(text) || REC_COLUMN.test(text)) break
    items.push({ raw: text, more: [], first: row[0]!, last: row.at(-1)!, style: 'row' })
  }
  return items.length >= 2 ? items : []
}

const BARE_NUMBER = /^\d{1,2}[.)]?$/
/** the start of a report's section heading, as a PDF may set its number on the line above ("3" / "Feedback on the
 * five themes") */
const SECTION_START =
  /^(?:feedback|summary|next\s+steps|background|introduction|appendix|the\s+peer\s+team|scope|conclusions?|contents|executive\s+summary|key\s+recommendations)\b/i

/** a line drawn with dashes, equals signs or underscores */
const RULE = /^[-=_–—]{4,}$/

function readList(doc: Doc, from: number, end: number, skip: number): ListItem[] {
  const items: ListItem[] = []
  let style: ListItem['style'] | null = null
  let series: string | null = null
  let paragraphs = 0
  let blankBefore = true
  let header: string[] | null = null
  let namedLast: number | null = null
  for (let i = from; i < end; i++) {
    const l = doc.lines[i]!
    // (a rule drawn with dashes or equals signs between a table's entries parts them as a blank line does)
    if (l.blank || RULE.test(l.text)) {
      blankBefore = true
      continue
    }
    if (SIGN_OFF.test(l.text)) break
    // an item's number on a line of its own, its text on the next (a PDF's list number set apart from its text)
    if (BARE_NUMBER.test(l.text) && (style === null || style === 'number') && i + 1 < end) {
      const next = doc.lines[i + 1]!
      const n = l.text.replace(/[.)]$/, '')
      if (
        !next.blank &&
        itemStyle(next) === null &&
        !SECTION_START.test(next.text) &&
        (items.length ? !!series && sameSeries(series, n) : n === '1')
      ) {
        style = 'number'
        series = n
        items.push({ raw: next.raw.trim(), more: [], first: l, last: next, style: 'number' })
        i++
        blankBefore = false
        continue
      }
    }
    const st = itemStyle(l)
    // a page's number or footer between two items of a list that runs over a page break (a footer may start with a
    // number: "18 Smith Square, …")
    if (items.length && (st === null || st === 'number') && pageFurniture(doc, l, st === null)) continue
    // a page's header or footer with its number ("Anytown Borough Council    4", "… – Page 3"), and a title line
    // under it, between two items of the list: the list goes on after them
    if (items.length && st === null && style !== 'row') {
      const next = afterPageBreak(doc, i, end)
      if (next > i && itemStyle(doc.lines[next]!) === style) {
        i = next - 1
        continue
      }
      // (or the footer already blanked as furniture, three blank lines or more left before the next page's running
      // title: "Anytown Borough Council – LGA Corporate Peer Challenge feedback report")
      if (
        i >= 3 &&
        doc.lines[i - 1]!.blank &&
        doc.lines[i - 2]!.blank &&
        doc.lines[i - 3]!.blank &&
        l.text.length <= 100 &&
        /^[A-Z]/.test(l.text) &&
        !/[.:;,]$/.test(l.text)
      ) {
        let k = i + 1
        while (k < end && doc.lines[k]!.blank) k++
        if (k < end && itemStyle(doc.lines[k]!) === style) {
          i = k - 1
          continue
        }
      }
    }
    if (!items.length) {
      // a table read a cell to a line, under its column names ("No.", "Recommendation", "Progress", "RAG")
      if (st === null && l.text.length <= 30 && REC_COLUMN.test(l.text)) {
        const rows = cellRecommendations(doc, i, end)
        if (rows.length) return rows
      }
      if (st === null || (st === 'number' && !/^(?:\d{1,2}(?:\.\d{1,2})?|[a-h]|[ivx]+)$/i.test(l.number ?? ''))) {
        // (a heading over the list that names what it lists, "Joint recommendations", is passed over)
        if (headingAt(doc, i) && i > from) {
          if (l.text.length <= 60 && /\brecommendations?$/i.test(l.text)) continue
          // (or, under the recommendations' own heading, the first group's heading over the list's first item: "For
          // the council as a whole" / "1. Refresh …")
          if (skip > 0 && groupHeading(doc, i, end, null)) continue
          break
        }
        if (blankBefore && ++paragraphs > skip) break
        blankBefore = false
        continue
      }
      if (st === 'row') {
        const cells = l.raw.split('\t').map((c) => stripMarkup(c))
        // (a "No." column is the first: "No" further along is a row's answer, "Audit Committee remit? – No")
        if (cells.some((c) => REC_COLUMN_NAME.test(c)) || /^(?:no\.?|#)$/i.test(cells[0] ?? '')) {
          header = cells
          continue
        }
      }
      style = st
    }
    // "Recommendation 1" again after "Recommendation 5": the same recommendations taken up one by one further on (a
    // progress review's account of each), not more of them
    if (st === 'named') {
      const n = namedNumber(l)
      // (a restart that names a new recommendation is the next theme's list: "Finance: Recommendation 1")
      if (style === 'named' && items.length && n !== null && namedLast !== null && n <= namedLast)
        if (repeatsItem(items, namedTitle(l))) break
      namedLast = n
    }
    // a numbered paragraph at the margin after a list set in from it is the paper's own next paragraph ("8. The full
    // report contains …" after the peer team's items 1 to 7, indented under paragraph 7)
    if (st === 'number' && style === 'number' && items.length && l.indent + 3 <= items[0]!.first.indent) break
    // ("R7" then "8.": the paper's next paragraph, not the list's next item)
    const marked = (x: Line) => /^R\d/.test(x.text)
    if (
      st === style &&
      (style !== 'number' || !series || (sameSeries(series, l.number!) && marked(l) === marked(items[0]!.first)))
    ) {
      if (style === 'number') series = l.number
      let raw = style === 'named' ? labelText(l).replace(NAMED_REC, '') : rawRest(l)
      if (style === 'row') {
        const cells = l.raw.split('\t').map((c) => c.trim())
        // (another table's column names end this one, but its own again at a page's top go on; a row of totals is
        // none of its items)
        if (items.length && cells.some((c) => REC_COLUMN_NAME.test(stripMarkup(c)))) {
          if (header && cells.map((c) => stripMarkup(c)).join('\t') === header.join('\t')) continue
          break
        }
        if (/^total$/i.test(stripMarkup(cells[0] ?? ''))) continue
        const col = header ? header.findIndex((c) => /recommendation/i.test(c)) : -1
        raw = col >= 0 ? (cells[col] ?? '') : (cells.find((c) => c && !/^\d{1,2}\.?$/.test(c)) ?? '')
        if (wrappedRow(items, cells)) {
          carryOn(items.at(-1)!, raw, l)
          continue
        }
        // (the cell's own number: "1. Refresh the Corporate Plan")
        // (or its number with no stop after it, before the recommendation's capital: "1  Agree a clear …")
        raw = raw.replace(/^(\*\*)?\(?\d{1,2}(?:[.)]|(?=\s+[A-Z]))\s+(?=\S)/, '$1')
        // (or its reference in bold before it: "**R1** Develop …", or not: "R1. Develop …")
        raw = raw
          .replace(/^\*\*(?:[A-Z]{1,3})?\d{1,2}[.:)]?\*\*\s+(?=\S)/, '')
          .replace(/^(?:R\d{1,2}[.:)]?|[A-Z]{1,3}\d{1,2}[.:)])\s+(?=[A-Z])/, '')
      }
      items.push({ raw, more: [], first: l, last: l, style: style! })
      blankBefore = false
      continue
    }
    const cur = items.at(-1)!
    // a row's cells wrapped onto a line of one cell after the first ("\tservice plans"), which is no row of its own
    if (style === 'row' && st === null && l.raw.startsWith('\t') && wrappedRow(items, l.raw.split('\t'))) {
      const col = header ? header.findIndex((c) => /recommendation/i.test(c)) : 1
      carryOn(cur, l.raw.split('\t')[col]?.trim(), l)
      continue
    }
    // bullets or a table's rows under a "Recommendation N" item, or bullets set in under a numbered one: the item's
    // body (its actions)
    // (and actions numbered under the recommendation's own number: "1.1", "1.2" under "Recommendation 1")
    if (
      (st === 'bullet' ||
        (st === 'row' && style === 'named') ||
        (st === 'number' && style === 'named' && namedLast !== null && l.number!.startsWith(`${namedLast}.`))) &&
      (style === 'named' || (style === 'number' && l.indent > cur.first.indent))
    ) {
      cur.more.push(l.text)
      cur.last = l
      blankBefore = false
      continue
    }
    if (st !== null && st !== style) break
    if (style === 'number' && st === 'number') break
    if (!blankBefore && style !== 'row') {
      // a short title line right under the last item, over a numbered paragraph ("Action Plan" / "3.1 The draft …"):
      // the next section's heading, which no blank line sets apart
      const next = doc.lines[i + 1]
      const open = cur.more.length ? cur.more.at(-1)! : cur.raw
      if (
        next?.number &&
        !(style === 'number' && series && sameSeries(series, next.number)) &&
        st === null &&
        /^[A-Z][\w’'&-]*(?: [\w’'&-]+){0,4}$/.test(l.text) &&
        !NEEDS_MORE.test(open.trim()) &&
        !/,$/.test(open.trim())
      )
        break
      // a wrapped line of the item, or of its body; a lettered sub-item set in under it is part of its body
      if (l.indent > cur.first.indent && SUB_ITEM.test(l.text)) cur.more.push(l.text)
      else if (cur.more.length) cur.more[cur.more.length - 1] = joinLine(cur.more[cur.more.length - 1]!, l.text)
      else if (style === 'named' && !cur.raw) cur.raw = l.text
      else if (style === 'named' && startsBody(doc, cur.raw, i, end)) cur.more.push(l.text)
      else if (style === 'number' && cur.last === cur.first && shortTitleLine(doc, cur.first, i, end))
        cur.more.push(l.text)
      else cur.raw = joinLine(cur.raw, l.raw.trim())
      cur.last = l
      continue
    }
    if (style === 'named' && !cur.raw) {
      cur.raw = l.text
      cur.last = l
      blankBefore = false
      continue
    }
    // a sentence broken by a page's end: after the blank lines (more than one: the page's number was among them, or
    // the sentence stopped on a word that needs more), it goes on in lower case
    const open = cur.more.length ? cur.more[cur.more.length - 1]! : cur.raw
    if (
      style !== 'row' &&
      /^[a-z]/.test(l.text) &&
      !/[.!?:;]["'’”)*]*$/.test(open.trim()) &&
      (cur.last.n < i - 2 || NEEDS_MORE.test(open.trim()))
    ) {
      if (cur.more.length) cur.more[cur.more.length - 1] = joinLine(cur.more[cur.more.length - 1]!, l.text)
      else cur.raw = joinLine(cur.raw, l.raw.trim())
      cur.last = l
      blankBefore = false
      continue
    }
    // a heading over the next group of a list numbered through its groups ("For the Leader and Cabinet" / "3. Lead …")
    if (style === 'number' && series && blankBefore && headingAt(doc, i) && groupHeading(doc, i, end, series)) continue
    // after a blank line: a paragraph under a numbered or named item is its body; anything else ends the list
    // (a field of the item's account set in bold is no heading: "**Self-assessment: Amber/Green**", "**RAG: Green**")
    if (
      (style === 'number' || style === 'named') &&
      (!headingAt(doc, i) || (style === 'named' && ITEM_FIELD.test(l.text)))
    ) {
      cur.more.push(stripMarkup(l.raw))
      blankBefore = false
      continue
    }
    break
  }
  return items
}

/** whether heading `i` is a group's within a list (a short line, the list's next item straight under it after a blank
 * line at most: its first, or the one numbered after `series`) */
function groupHeading(doc: Doc, i: number, end: number, series: string | null): boolean {
  const l = doc.lines[i]!
  if (l.text.length > 70 || l.number !== null || l.bullet || /[.:;]$/.test(l.text)) return false
  let j = i + 1
  while (j < end && j <= i + 2 && doc.lines[j]!.blank) j++
  const next = doc.lines[j]
  if (!next || j >= end || next.blank || next.number === null || itemStyle(next) !== 'number') return false
  return series === null ? /^(?:1|a|i)$/i.test(next.number) : sameSeries(series, next.number)
}

/** a field of a recommendation's account: a short label, a colon, its value ("Self-assessment: Amber/Green") */
const ITEM_FIELD = /^[A-Z][\w'’/-]*(?:\s+[\w'’/-]+){0,3}\s*:\s*\S/

/** an item whose first words are in bold, with more after them */
const BOLD_LEAD = /^\*\*[^*]+\*\*\s*\S/

function recsFrom(items: ListItem[], titlesOnly: boolean): Recommendation[] {
  return items
    .map((r) => {
      const raw = r.raw.replace(/\s+/g, ' ').trim()
      const split = itemTitle(r, raw, titlesOnly)
      const body = [split.body, ...r.more].filter(Boolean).join('\n\n')
      const title = (split.title.replace(REC_LABEL, '') || split.title)
        .replace(/\s*[-–—:]\s*$/, '')
        // (a title quoted whole: 'Recommendation 1: "Develop a clear narrative …"')
        .replace(/^["“]([^"“”]+)["”]$/, '$1')
      return {
        // (after its label, a title may start in lower case: "Recommendation one – develop …")
        title: /^[a-z](?![A-Z])/.test(title) ? title.charAt(0).toUpperCase() + title.slice(1) : title,
        body,
        evidence: { start: r.first.start, end: r.last.end, line: r.first.n },
      }
    })
    .filter((r) => r.title)
}

/** A list item's title and the body after it, as the list's style sets them out. */
function itemTitle(r: ListItem, raw: string, titlesOnly: boolean): { title: string; body: string } {
  const plain = !raw.includes('**')
  // a bullet's label of a few words before a dash, its instruction after it in lower case: "Political leadership –
  // work across the political groups …"
  const dashLabel = r.style === 'bullet' && plain ? DASH_LABEL.exec(raw) : null
  if (dashLabel && !INSTRUCTION.test(dashLabel[1]!) && INSTRUCTION.test(dashLabel[2]!))
    return { title: stripMarkup(dashLabel[1]!), body: cleanBody(dashLabel[2]!) }
  // a table's cell whole, unless a title set in bold or a short label leads it ("**Refresh the Deal** – Set out …");
  // a bullet that is one sentence whole
  if (
    (r.style === 'row' && !BOLD_LEAD.test(raw) && !SHORT_LABEL_LEAD.test(raw)) ||
    (r.style === 'bullet' && plain && splitTitle(raw, { sentence: true, dash: false }).body === '')
  )
    return { title: stripMarkup(raw), body: '' }
  // a "Recommendation N" item with its account under it: its title line whole
  if (r.style === 'named' && !/\s[-–—]\s|\*\*/.test(raw) && !SHORT_LABEL_LEAD.test(raw) && r.more.length)
    return { title: stripMarkup(raw), body: '' }
  // a title alone, or the first sentence of an item that explains itself after it
  if ((r.style === 'bullet' || titlesOnly) && plain)
    return splitTitle(raw, { sentence: true, dash: titlesOnly && /\s[-–—]\s/.test(raw) })
  return splitTitle(raw)
}

/** a label of up to six words, a dash, and what follows it in lower case */
const DASH_LABEL = /^([A-Z][\w'’&,-]*(?:\s+[\w'’&,-]+){0,5})\s+[–—-]\s+([a-z].*)$/
/** a cell that leads with a label of a few words and a colon, its instruction after it in lower case: "Financial
 * resilience: close the gap …" (its label is its title, as a bold one is) */
const SHORT_LABEL_LEAD = /^[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,3}:\s+[a-z]/
/** a line of a progress summary, not a recommendation: "five recommendations have been completed", "two are on track" */
const STATUS_ITEM = new RegExp(
  `^(?:(?:${NUMBER_WORD}|all|most|none|the\\s+(?:rest|remainder|others?))\\s+(?:(?:of\\s+the\\s+)?(?:key\\s+)?(?:recommendations?|actions?)\\s+)?|(?:key\\s+)?(?:recommendations?|actions?)\\s+)(?:have|has|are|is|were|was|remains?)\\b`,
  'i',
)

/** a topic the recommendations are about, with how many there are on it: "Financial planning (two recommendations);" */
const TOPIC_COUNT = new RegExp(`\\((?:${NUMBER_WORD})\\s+recommendations?\\)[;.,]?(?:\\s+and)?$`, 'i')

/** Whether a list's items are a paper's decisions, a summary of progress or the challenge's themes ("Local priorities
 * and outcomes", …): most of them */
function notRecommendations(doc: Doc, items: ListItem[], themes: Set<string>): boolean {
  if (!items.length) return false
  if (resolutions(doc, items)) return true
  let status = 0
  let themed = 0
  for (const r of items) {
    // (a summary's line and a theme are short: a long item is neither, and is not read again)
    if (r.raw.length > 200) continue
    const t = stripMarkup(r.raw).trim()
    if (STATUS_ITEM.test(t) || TOPIC_COUNT.test(t)) status++
    else if (t.length <= 80 && themes.has(key(t.replace(/[.:]$/, '')))) themed++
  }
  // (what members did, as a meeting's record lists it: "Welcomed …", "Noted …", "Asked about …")
  const minuted = items.filter((r) => MINUTED.test(stripMarkup(r.raw).trim())).length
  return (
    status * 2 > items.length || (items.length >= 3 && themed * 5 >= items.length * 3) || minuted * 2 > items.length
  )
}

/** an item of a meeting's record, a verb in the past tense first: what members did ("Welcomed the recognition …") */
const MINUTED =
  /^(?:(?:Councillor|Cllr\.?|Members?|The\s+(?:Leader|Chair(?:man)?|Committee|Chief\s+Executive))\s+(?:[A-Z][\w'’-]+\s+)?)?(?:welcomed|noted|asked|queried|requested|commented|thanked|expressed|sought|raised|questioned|discussed|highlighted|praised|emphasi[sz]ed|stressed|suggested|received|considered|challenged|enquired)\b/i

/** a decision a committee paper asks its meeting to make about a paper, with or without "That <the meeting>" first:
 * "That Cabinet notes the feedback report", "(a) approves the action plan at Appendix B", "That the update be noted".
 * The subject is a meeting and the object a paper, so "That the council agrees a refreshed Council Plan" (a peer
 * team's recommendation written that way) is not one. */
const RESOLUTION = new RegExp(
  `^(?:that\\s+(?:the\\s+)?(?:${[
    'cabinet',
    'council',
    'full council',
    'executive',
    'members',
    'mayor',
    '(?:[A-Z][\\w&]*\\s+){0,4}(?:committee|board|panel|sub-committee)',
  ].join(
    '|',
  )})\\s+(?:notes?|approves?|agrees?|endorses?|receives?|adopts?|welcomes?|comments\\s+on)|(?:notes|approves|agrees|endorses|receives|adopts|welcomes|comments\\s+on))\\s+(?:the|this|these)\\s+(?:[\\w'’-]+\\s+){0,5}?(?:reports?|(?:action\\s+)?plans?|feedback|findings|recommendations|progress|updates?|response|appendix|letter|outcome|budgets?|council\\s+tax|minutes|accounts)\\b|^that\\s+.{0,120}?\\b(?:be|is|are)\\s+(?:noted|approved|agreed|received|endorsed|adopted|referred|delegated|authori[sz]ed)\\b|^(?:the\\s+)?[^.;]{0,120}?\\bbe\\s+(?:noted|approved|agreed|received|endorsed|adopted|referred|delegated|authori[sz]ed)\\b|^that\\s+(?:the\\s+)?(?:cabinet|executive|members|mayor|(?:[A-Z][\\w&]*\\s+){0,4}(?:committee|board|panel|sub-committee))\\s+(?:agrees|authori[sz]es|delegates|instructs|resolves|requests|asks)\\b`,
  'i',
)
/** the line before a list of decisions: "Cabinet is recommended to:", "That Cabinet:", "Members are asked to:",
 * "RESOLVED that:" */
const RESOLUTIONS_INTRO =
  /\b(?:is|are)\s+(?:recommended|asked|requested)\s+to\s*:?\s*$|(?:^|\bit\s+is\s+(?:recommended|proposed)\s+|^recommended\s+)that\s+(?:the\s+)?[\w ]{2,40}:\s*$|^(?:\(?[a-z\d]{1,3}[.)]\s+)?resolved\s*(?:[:–-]\s*)?(?:that\s*)?:?\s*$/i

/** whether a list is a committee paper's resolutions: introduced as decisions, or most of its items are */
function resolutions(doc: Doc, items: ListItem[]): boolean {
  if (!items.length) return false
  for (let n = items[0]!.first.n - 1; n >= 0 && n >= items[0]!.first.n - 3; n--) {
    const l = doc.lines[n]!
    if (l.blank) continue
    // (its paragraph's number aside: "2.1 That Members:")
    if (RESOLUTIONS_INTRO.test(l.text) || (l.number !== null && RESOLUTIONS_INTRO.test(l.rest))) return true
    break
  }
  // (or the list's first item introduces them: "2.1 The Executive is asked to:", its decisions under it)
  if (RESOLUTIONS_INTRO.test(stripMarkup(items[0]!.raw))) return true
  // (half of them: a paper's decisions end with ones of other kinds, "That progress is reported every six months")
  return items.filter((r) => RESOLUTION.test(stripMarkup(r.raw))).length * 2 >= items.length
}

/** The list at line `from` (as `readList` reads it), or none when it is a team: not the peer team's recommendations,
 * and the search goes on past it (a committee paper's decisions are turned away with the other lists that are none of
 * them, by `notRecommendations`). */
function recommendationList(doc: Doc, from: number, end: number, skip: number): ListItem[] {
  const items = readList(doc, from, end, skip)
  return teamShaped(items) ? [] : items
}

/** a line that may start with a person's name: a form of address, or two words with capitals */
const MAY_BE_NAMED =
  /^[\s*]*(?:(?:Cllr|Councillor|Dr|Mr|Mrs|Ms|Miss|Sir|Dame|Professor|Prof|Lord|Lady|Baroness|Mayor)\b|[A-Z][\w'’.-]*\s+(?:(?:de|van|der|le|la|du|von|da|di)\s+)?[A-Z])/

/** whether most of a list's items read as peers ("Jo Bloggs, Chief Executive, Anytown Council"): a team, not
 * recommendations (a paper that lists the team after its own "Recommendations" heading or an introduction) */
function teamShaped(items: ListItem[]): boolean {
  const peers = items.filter((it) => {
    // (a recommendation starts with a verb and a word in lower case: only a line that may start with a name is read)
    if (!MAY_BE_NAMED.test(it.raw)) return false
    const p = parsePeer(stripMarkup(it.raw))
    return !!p && !!(p.organisation || p.title)
  })
  return peers.length * 2 > items.length
}

/** a heading over the document's own recommendations */
const OWN_RECS_HEADING =
  /^what\s+(?:did\s+)?(?:they|the\s+(?:peer\s+)?team|the\s+peers)\s+recommend(?:ed)?\??$|^(?:the\s+)?(?:(?:new|further|additional|our|(?:peer\s+)?team['’]s|peers['’])\s+)?recommendations(?:\s+(?:from|of|arising\s+from)\s+the\s+(?:progress\s+review|(?:corporate\s+)?peer\s+challenge|review|challenge|visit))?$|^areas\s+for\s+(?:further\s+)?consideration$/i
/** a heading over the recommendations of the challenge a progress review or report follows up */
const RECALLED_RECS_HEADING =
  /^(?:recap|summary|reminder)\s+of\s+the\s+(?:original\s+|previous\s+|peer\s+challenge(?:['’]s)?\s+)?recommendations$|^progress\s+(?:made\s+)?(?:against|on|with|in\s+implementing)\s+(?:each\s+of\s+)?(?:the\s+)?(?:(?:key|cpc|original|previous|corporate|peer|challenge['’]?s?|\d{4})\s+)*recommendations$|^(?:(?:annex|appendix)\s+[a-z0-9]{1,3}\s*[:.–-]\s*)?(?:the\s+)?(?:(?:cpc|original|previous|\d{4})\s+)+recommendations(?:\s*\([^()]{1,30}\))?(?:\s+and\s+(?:progress|(?:our|the\s+council['’]s)\s+response))?$/i

/** The key recommendations: under their heading, after a sentence that introduces them, or as "Recommendation N". */
function findKeyRecommendations(doc: Doc, count: number | null, themes: Set<string>): Field<Recommendation[]> {
  const attempts: { items: ListItem[]; titlesOnly: boolean; how: string; at: Line }[] = []
  // a list that is the paper's own decisions ("That Cabinet notes …") or the challenge's themes is none of them: its
  // attempt counts as finding nothing, so the next way of looking is tried
  // (a list of one is a weak finding: a paper's paragraph under the heading may be read as one; the next ways of
  // looking are tried, and a longer list found by one of them wins)
  const unfound = () => attempts.every((a) => a.items.length < 2)
  // (an item with no words of a title is none: "#### Recommendation 7" over a table of its actions alone, or a rule)
  const tryList = (a: (typeof attempts)[number]) => {
    const items = a.items.filter((it) => /[A-Za-z]{2}/.test(it.raw))
    attempts.push(notRecommendations(doc, items, themes) ? { ...a, items: [] } : { ...a, items })
  }
  let h = findHeading(doc, KEY_RECS_HEADING)
  // (a bare "Recommendations" heading may be a committee paper's own)
  const keyHeading = h >= 0
  // (or as the LGA's first reports called them, "Areas for consideration"; then, where the document makes none of its
  // own, a progress review's "Recap of the original recommendations", "Progress against the 2013 recommendations")
  // (each heading in turn, while nothing is found: a paper's own "Recommendations" may hold only its decisions)
  // (each of the document's own headings in turn: a paper's "Recommendations", its decisions, before "2. The
  // recommendations" of the peers)
  const own: number[] = []
  for (
    let at = findHeading(doc, OWN_RECS_HEADING);
    at >= 0 && own.length < 3;
    at = findHeading(doc, OWN_RECS_HEADING, at + 1)
  )
    own.push(at)
  const headings = keyHeading ? [h] : [...own, findHeading(doc, RECALLED_RECS_HEADING)].filter((x) => x >= 0)
  for (h of headings) {
    if (!unfound()) break
    const end = sectionEnd(doc, h)
    // committee papers introduce the list: "The following are the peer team's key recommendations"
    for (let i = h + 1; i < end; i++)
      if (/\bfollowing (?:are|were)\b.*\bkey recommendations\b/i.test(doc.lines[i]!.text)) h = i
    // or the section's first paragraph, numbered, does: "9. The peer team recommends that the council should:"
    let first = h + 1
    while (first < end && doc.lines[first]!.blank) first++
    if (
      first < end &&
      doc.lines[first]!.number !== null &&
      /\brecommend/i.test(doc.lines[first]!.text) &&
      REC_INTRO.test(doc.lines[first]!.text)
    )
      h = first
    tryList({
      items: recommendationList(doc, h + 1, end, 3),
      titlesOnly: false,
      how: 'under the heading',
      at: doc.lines[h]!,
    })
    // or no list: each recommendation a title line in bold, or as many short title lines as the text counts, over
    // its paragraphs
    if (unfound())
      tryList({
        items: titledParagraphs(doc, h + 1, end, count, keyHeading, themes),
        titlesOnly: true,
        how: 'as titles over their paragraphs',
        at: doc.lines[h]!,
      })
    // or paragraphs of a sentence or two after an introduction that ends with a colon, the heading's own or the
    // sentence under it (a list whose bullets the extract lost)
    let intro = h
    for (let i = h + 1; intro === h && i < Math.min(end, h + 4); i++)
      if (!doc.lines[i]!.blank && (REC_INTRO.test(doc.lines[i]!.text) || itemStyle(doc.lines[i]!) !== null)) intro = i
    // (or the paragraph under the heading says they follow, in any of its sentences: "we suggest the council considers
    // the following actions. These are things we think will help …")
    let paragraphEnd = h + 1
    while (paragraphEnd < end && doc.lines[paragraphEnd]!.blank) paragraphEnd++
    while (paragraphEnd + 1 < end && !doc.lines[paragraphEnd + 1]!.blank) paragraphEnd++
    if (
      intro === h &&
      paragraphEnd < end &&
      doc.lines[paragraphEnd + 1]?.blank &&
      (/\bthe\s+following\b/i.test(paragraphTo(doc, paragraphEnd)) || FOLLOW_BELOW.test(paragraphTo(doc, paragraphEnd)))
    )
      intro = paragraphEnd
    if (unfound() && (/:$/.test(doc.lines[intro]!.text) || intro === paragraphEnd))
      tryList({
        items: introducedParagraphs(doc, intro + 1, end),
        titlesOnly: false,
        how: 'as the paragraphs after their introduction',
        at: doc.lines[h]!,
      })
  }
  for (let i = 0; i < doc.lines.length && unfound(); i++) {
    const l = doc.lines[i]!
    if (l.blank || l.bullet || HEADINGS_INTRO.test(l.text) || OTHER_LIST.test(l.rest)) continue
    // (or the last line of a paragraph that says, in any of its sentences, that the recommendations follow: "… the eight
    // key recommendations, which are reproduced in full below. The wording is the peer team's.")
    if (!REC_INTRO.test(l.text) && !(doc.lines[i + 1]?.blank && FOLLOW_BELOW.test(paragraphTo(doc, i)))) continue
    // the introduction's own paragraph (up to three lines) names them ("recommended that the council should:"), or the
    // paragraph before it says they follow ("… recommendations, which are set out below." / "They are:")
    // (a paragraph starts at its number: a paper with no blank lines runs its numbered paragraphs together)
    let from = i
    while (from > 0 && i - from < 3 && !doc.lines[from - 1]!.blank && doc.lines[from]!.number === null) from--
    const own = doc.lines
      .slice(from, i + 1)
      .map((x) => x.text)
      .join(' ')
    if (!/\brecommend/i.test(own)) {
      let to = from
      while (to > 0 && doc.lines[to - 1]!.blank) to--
      let start = to
      while (start > 0 && to - start < 3 && !doc.lines[start - 1]!.blank) start--
      const before = doc.lines
        .slice(start, to)
        .map((x) => x.text)
        .join(' ')
      if (
        !/\brecommendations?\b/i.test(before) ||
        !(l.text.length < 40 || /\b(?:below|as follows|following)\b/i.test(before))
      )
        continue
    }
    tryList({
      items: recommendationList(doc, i + 1, doc.lines.length, 0),
      titlesOnly: true,
      how: 'after the sentence that introduces them',
      at: l,
    })
    // (or paragraphs with no bullet or number under an introduction that ends with a colon: "2.3 The report makes ten
    // key recommendations:" / "Keep the Corporate Plan front and centre: The new Corporate Plan should …")
    if (unfound() && /:$/.test(l.text))
      tryList({
        items: introducedParagraphs(doc, i + 1, doc.lines.length),
        titlesOnly: false,
        how: 'as the paragraphs after the sentence that introduces them',
        at: l,
      })
  }
  if (unfound()) {
    const first = doc.lines.findIndex((l) =>
      /^(?:key\s+)?rec(?:ommendation|\.)?\s+(?:1|one|a(?=\s*(?:[:.\-–—]|$)))\b/i.test(labelText(l)),
    )
    if (first >= 0)
      tryList({
        items: recommendationList(doc, first, doc.lines.length, 0),
        titlesOnly: false,
        how: 'as "Recommendation N"',
        at: doc.lines[first]!,
      })
  }
  // a table of them anywhere (an action plan's): its header row, or its column names a cell to a line
  // (each such table in turn, while none gives them: a summary's table of the recommendations' numbers and counts of
  // actions, "R1 | 4 | 1 | 2", comes before the tracker that words them)
  for (let head = 0; unfound() && head < doc.lines.length; head++) {
    const l = doc.lines[head]!
    if (!(
      (l.raw.includes('\t') && l.raw.split('\t').some((c) => REC_COLUMN_NAME.test(stripMarkup(c)))) ||
      (!l.blank &&
        l.text.length <= 30 &&
        // (or "Rec" over the next column's name, a cell to a line)
        (REC_COLUMN_NAME.test(l.text) || (/^rec\.?$/i.test(l.text) && recColumn(doc.lines[l.n + 1]?.text ?? ''))) &&
        !headingAt(doc, l.n))
    ))
      continue
    // (from the table's first column name: "Ref" over "Recommendation")
    let top = head
    while (top > 0 && !doc.lines[head]!.raw.includes('\t') && recColumn(doc.lines[top - 1]!.text)) top--
    // (not a meeting's decisions: "That the Committee notes …")
    const rows = recommendationList(doc, top, doc.lines.length, 0)
    if (rows.length && !rows.some((r) => /^that\s/i.test(stripMarkup(r.raw))))
      tryList({ items: rows, titlesOnly: false, how: 'in a table', at: doc.lines[head]! })
  }
  if (unfound()) {
    const inline = inlineRecommendations(doc)
    if (inline) tryList({ ...inline, titlesOnly: true, how: 'numbered in one sentence' })
  }
  const best = attempts.find((a) => a.items.length > 1) ?? attempts.find((a) => a.items.length)
  if (!best) return none([], h >= 0 ? 'the key recommendations section has no list' : 'no key recommendations found')
  const out = recsFrom(best.items, best.titlesOnly)
  if (!out.length) return none([], 'the key recommendations section has no list')
  const agrees = count === null || count === out.length
  return found(
    out,
    out.map((r) => r.evidence),
    !agrees ? 0.6 : count !== null ? 0.95 : 0.85,
    `${out.length} key recommendations ${best.how}${agrees ? '' : `; the text says there are ${count}`}`,
  )
}

/** "… made the following key recommendations: (1) develop …; (2) review …; and (3) invest …": the recommendations
 * numbered inside one sentence (a committee paper's summary), each a title with its first letter a capital */
// (the team's, or the key ones: "The key recommendations were that the Council should: (1) develop …")
const INLINE_RECS =
  /(?:\b(?:peer\s+team|peers|team)\b[^.:\n]{0,60}\brecommendations|\bkey\s+recommendations)\b[^.:]{0,40}:\s*\((?:1|a|i)\)\s/i
const INLINE_MARK = /\s*(?:[;,]\s*(?:and\s+)?)?\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s+/

function inlineRecommendations(doc: Doc): { items: ListItem[]; at: Line } | null {
  const m = INLINE_RECS.exec(doc.scan)
  // (not the headings they are grouped under: "fall under four headings: (a) Leadership and place; …")
  if (!m || /\b(?:headings?|themes?|areas?|categor\w*|grouped|fall\s+under)\b/i.test(m[0])) return null
  // the sentence from its first "(1)" to its full stop (its lines joined)
  const from = m.index + m[0].lastIndexOf('(')
  const stop = doc.scan.slice(from).search(/\.(?:\s|$)|\n\s*\n/)
  const text = doc.scan.slice(from, stop < 0 ? undefined : from + stop).replace(/\s+/g, ' ')
  const first = doc.lines[lineAt(doc, from)]!
  const last = doc.lines[lineAt(doc, from + Math.max(0, text.length - 1))] ?? first
  const titles = text
    .split(INLINE_MARK)
    .map((t) => t.replace(/[;,]?\s*(?:and)?\s*$/, '').trim())
    .filter(Boolean)
  // the peer team's, not a paper's own decisions ("(1) that Cabinet notes …") or a list of headings
  if (titles.length < 2 || titles.some((t) => /^that\b/i.test(t) || RESOLUTION.test(t) || t.split(/\s+/).length < 3))
    return null
  return {
    items: titles.map((t) => ({
      raw: t.charAt(0).toUpperCase() + t.slice(1),
      more: [],
      first,
      last,
      style: 'bullet' as const,
    })),
    at: first,
  }
}

/** The short paragraphs after an introduction, each a recommendation: a sentence or two that starts with a capital
 * and ends with a full stop, up to the next heading (at least two of them; a longer paragraph ends them). */
function introducedParagraphs(doc: Doc, from: number, end: number): ListItem[] {
  const items: ListItem[] = []
  let i = from
  while (i < end && doc.lines[i]!.blank) i++
  // lines set in under an introduction at the margin, one item each (Word's text of a list whose bullets were a
  // symbol font's: a tab where the bullet was), an item's wrapped line starting small or after a line that needs more
  // (lines apart, each its own paragraph, are read as paragraphs below)
  if (i < end && doc.lines[i]!.indent > 0 && doc.lines[from - 1]?.indent === 0 && !doc.lines[i + 1]?.blank) {
    // (a blank line between two items set in, the next starting with a capital, parts them)
    let apart = false
    for (; i < end && itemStyle(doc.lines[i]!) === null; i++) {
      const l = doc.lines[i]!
      if (l.blank) {
        const next = doc.lines[i + 1]
        if (apart || !next || next.blank || next.indent === 0 || !/^[A-Z"'‘“]/.test(next.text)) break
        apart = true
        continue
      }
      if (l.indent === 0) break
      const last = items.at(-1)
      const joins =
        !apart && (!/^[A-Z"'‘“]/.test(l.text) || NEEDS_MORE.test(last?.raw ?? '') || /,$/.test(last?.raw ?? ''))
      apart = false
      if (last && joins) carryOn(last, l.text, l)
      else items.push({ raw: l.text, more: [], first: l, last: l, style: 'bullet' })
    }
    return items.length >= 2 && items.length <= 15 ? items : []
  }
  // lines at the margin with no blank line between, bullets and all lost: an item starts with a capital after a line
  // that ends a phrase, and its wrapped lines start small or after a word that needs more
  if (i < end && !doc.lines[i + 1]?.blank && itemStyle(doc.lines[i]!) === null) {
    const lines: ListItem[] = []
    for (let j = i; j < end && !doc.lines[j]!.blank && itemStyle(doc.lines[j]!) === null && !headingAt(doc, j); j++) {
      const l = doc.lines[j]!
      const last = lines.at(-1)
      if (last && (!/^[A-Z]/.test(l.text) || NEEDS_MORE.test(last.raw) || /[,;:–-]$/.test(last.raw)))
        carryOn(last, l.text, l)
      else lines.push({ raw: l.text, more: [], first: l, last: l, style: 'bullet' })
    }
    // (each item a recommendation of one sentence, starting as an instruction does: not a paragraph of prose)
    if (
      lines.length >= 3 &&
      lines.length <= 15 &&
      lines.every(
        (it) =>
          it.raw.length <= 300 &&
          !/[.!?]\s+[A-Z]/.test(it.raw) &&
          !/^(?:The|This|These|Those|It|Its|There|We|Our|They|Their|In|A|An|As|At|On|For|Members|Officers)\b/.test(
            it.raw,
          ),
      )
    )
      return lines
  }
  while (i < end) {
    while (i < end && doc.lines[i]!.blank) i++
    if (i >= end || headingAt(doc, i)) break
    let j = i
    while (j + 1 < end && !doc.lines[j + 1]!.blank) j++
    const lines = doc.lines.slice(i, j + 1)
    // (a paragraph cut by a page's end, its sentence going on in lower case after the page's footer or header: it may
    // run to twice the lines)
    let cut = false
    if (!/[.!?]$/.test(doc.lines[j]!.text)) {
      let k = j + 1
      while (k < end && doc.lines[k]!.blank) k++
      // (the footer itself blanked as furniture: more than one blank line between)
      const on = k >= end ? -1 : k - j > 2 ? k : afterPageBreak(doc, k, end)
      if (on >= 0 && /^[a-z]/.test(doc.lines[on]!.text)) {
        j = on
        while (j + 1 < end && !doc.lines[j + 1]!.blank) j++
        lines.push(...doc.lines.slice(on, j + 1))
        cut = true
      }
    }
    const text = lines.map((x) => x.text).join(' ')
    if (
      lines.length > (cut ? 8 : 4) ||
      text.length > 400 ||
      !/^[A-Z]/.test(text) ||
      !/[.!?]$/.test(text) ||
      lines.some((x) => itemStyle(x) !== null) ||
      // a sentence about them, after them ("These are set out in more detail below."), or about something done
      // ("Officers have drafted an action plan.", "The action plan is attached."): not one asking for something
      // (but "We recommend that the council …" asks for something)
      (/^(?:These|This|They|Each|All|More|Further|We|Our)\b/.test(text) &&
        !/^We\s+(?:would\s+)?recommend\b/.test(text)) ||
      /^(?:The|A|An|Officers?|Members?|Councillors?|Staff|It|There)\b(?:\s+\S+){0,3}?\s+(?:have|has|had|is|are|was|were|will)\s/.test(
        text,
      )
    )
      break
    items.push({ raw: text, more: [], first: lines[0]!, last: lines.at(-1)!, style: 'bullet' })
    i = j + 1
  }
  return items.length >= 2 && items.length <= 15 ? items : []
}

/** a committee paper's own section headings, which may be in bold over a paragraph as recommendations are */
const PAPER_HEADING =
  /^(?:reasons?\s+for|alternative\s+options|options\s+considered|(?:financial|legal|equalit(?:y|ies)|risk|resource|staffing|environmental|climate|crime|procurement|data\s+protection|human\s+resources?|health)\b.{0,30}\bimplications|implications|background(?:\s+papers)?|consultation|appendices|risk\s+management|wards?\s+affected|key\s+decision|contact\s+officer|report\s+author|purpose\s+of|report\s+details|details\s+of\s+the\s+report|main\s+report|supporting\s+information|key\s+issues|issues\s+for\s+consideration)\b/i

/** The lowercase titles of every framework's themes (a theme's heading starts the feedback, after the recommendations) */
function themeTitles(frameworks: Framework[]): Set<string> {
  let set = THEME_TITLES.get(frameworks)
  if (!set) THEME_TITLES.set(frameworks, (set = new Set(frameworks.flatMap((f) => f.themes.map((t) => key(t.title))))))
  return set
}
const THEME_TITLES = new WeakMap<Framework[], Set<string>>()

/** Recommendations written as title lines, each over a paragraph or more of its own (no numbers, no bullets): the
 * titles are the lines in bold, or, where the text says how many there are, the short lines standing alone as
 * headings do, when there are exactly that many. */
function titledParagraphs(
  doc: Doc,
  from: number,
  end: number,
  count: number | null,
  keyHeading: boolean,
  themes: Set<string>,
): ListItem[] {
  // (a bold title may wrap: its mark opens on one line and closes on the next)
  const bold = (l: Line) => {
    const t = l.raw.trim()
    return (
      t.startsWith('**') &&
      !t.startsWith('***') &&
      (t.endsWith('**') || /^[^*]*\*\*$/.test(doc.lines[l.n + 1]?.raw ?? ''))
    )
  }
  const title = (l: Line) =>
    !l.blank &&
    !l.bullet &&
    l.number === null &&
    l.text.length <= 160 &&
    !/[.:;]$/.test(l.text) &&
    // (a title wrapped after a comma goes on in lower case: "… appetite for risk," / "post pandemic")
    (!l.text.endsWith(',') || /^[a-z]/.test(doc.lines[l.n + 1]?.text ?? '')) &&
    /^[A-Z]/.test(l.text)
  // a plain title line is followed by a blank line or by its paragraph's first sentence; where it runs on (a word in
  // lower case next, or one that needs more), the paragraph it starts must end without a full stop, as a title does
  const standsAlone = (i: number) => {
    const l = doc.lines[i]!
    const next = doc.lines[i + 1]
    // (a line that stops on a word needing more, with a blank line next, is a paragraph broken by a page's end)
    if (!next || next.blank) return !NEEDS_MORE.test(l.text)
    if (!/^[a-z]/.test(next.text) && !NEEDS_MORE.test(l.text)) return true
    let j = i + 1
    while (j + 1 < end && !doc.lines[j + 1]!.blank) j++
    return !/[.!?:;]["'’”)]?$/.test(doc.lines[j]!.text)
  }
  const found: { bold: ListItem[]; plain: ListItem[] } = { bold: [], plain: [] }
  for (const kind of ['bold', 'plain'] as const) {
    const items = found[kind]
    for (let i = from; i < end; i++) {
      const l = doc.lines[i]!
      if (l.blank) continue
      // a markdown heading, a section's heading or a theme's (the feedback that follows) ends the search
      if (l.raw.trimStart().startsWith('#') || MAJOR.test(l.text) || themes.has(key(l.text))) break
      const isTitle = kind === 'bold' ? bold(l) : title(l) && (doc.lines[i - 1]?.blank ?? true) && standsAlone(i)
      const cur = items.at(-1)
      // a title that wraps: the next line carries on where the title is not closed or needs more words
      if (
        cur &&
        !cur.more.length &&
        cur.last.n === i - 1 &&
        ((kind === 'bold' && !cur.raw.endsWith('**')) ||
          (kind === 'plain' && (/^[a-z]/.test(l.text) || NEEDS_MORE.test(cur.raw))))
      ) {
        cur.raw = joinLine(cur.raw, l.raw.trim())
        cur.last = l
      } else if (isTitle) items.push({ raw: l.raw.trim(), more: [], first: l, last: l, style: 'bullet' })
      else if (items.length) {
        const last = items.at(-1)!
        if (last.more.length && !doc.lines[i - 1]!.blank)
          last.more[last.more.length - 1] = joinLine(last.more[last.more.length - 1]!, l.text)
        else last.more.push(l.text)
      }
    }
  }
  // every title has its paragraph
  // every title has its paragraph, and none is a committee paper's own heading ("Reasons for recommendations")
  const whole = (items: ListItem[]) =>
    items.length >= 2 && items.every((it) => it.more.length && !PAPER_HEADING.test(stripMarkup(it.raw)))
  // bold titles with no count only under a "Key recommendations" heading
  if (whole(found.bold) && (count === null ? keyHeading : found.bold.length === count)) return found.bold
  if (count !== null && found.plain.length === count && whole(found.plain)) return found.plain
  // plain titles with no count under a "Key recommendations" heading where they ask for something, as a recommendation's
  // title does ("Set out a clear, long-term vision for the borough"): two in three or more
  if (
    count === null &&
    keyHeading &&
    whole(found.plain) &&
    found.plain.filter((it) => INSTRUCTION.test(stripMarkup(it.raw))).length * 3 >= found.plain.length * 2
  )
    return found.plain
  return []
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv']

/** Whether `next` follows `prev` in a list's numbering: 1, 2; 2.1, 2.2; a, b; i, ii. */
function sameSeries(prev: string, next: string): boolean {
  const p = prev.toLowerCase()
  const n = next.toLowerCase()
  if (ROMAN.includes(p) && ROMAN.indexOf(n) === ROMAN.indexOf(p) + 1) return true
  if (/^[a-z]$/.test(p) && /^[a-z]$/.test(n)) return n.charCodeAt(0) === p.charCodeAt(0) + 1
  const a = prev.split('.')
  const b = next.split('.')
  if (a.length !== b.length) return false
  if (a.length === 1) return Number(b[0]) === Number(a[0]) + 1
  return a[0] === b[0] && Number(b[1]) === Number(a[1]) + 1
}

type ThemeRec = { theme: string; title: string; body: string; evidence: Evidence }

/** Each theme's own "Recommendations" list in the feedback section: the bullets under it, and their counts. */
function findThemeRecommendationList(doc: Doc, themes: string[]): Field<ThemeRec[]> & { found: boolean } {
  const empty = { ...none<ThemeRec[]>([]), found: false }
  if (!themes.length) return empty
  const fb = findHeading(doc, /^feedback$/i)
  if (fb < 0) return empty
  const end = sectionEnd(doc, fb)
  const out: ThemeRec[] = []
  let current: string | null = null
  let any = false
  for (let i = fb + 1; i < end; i++) {
    const l = doc.lines[i]!
    if (!headingLike(l)) continue
    const t = l.number !== null ? l.rest : l.text
    const theme = themes.find((th) => key(th) === key(t))
    if (theme) {
      current = theme
      continue
    }
    if (/^recommendations?:?$/i.test(t) && current) {
      any = true
      let item: { text: string; line: Line } | null = null
      const flush = () => {
        if (!item) return
        const { title, body } = splitTitle(item.text, { sentence: false, dash: true })
        out.push({ theme: current!, title, body, evidence: lineEv(item.line) })
        item = null
      }
      for (let j = i + 1; j < end; j++) {
        const x = doc.lines[j]!
        if (x.blank) continue
        if (x.bullet) {
          flush()
          item = { text: x.number !== null ? x.rest : x.text, line: x }
          continue
        }
        // A bullet that wraps onto the next line carries on; a heading or a paragraph ends the list.
        if (item && !headingLike(x) && !/^[A-Z]/.test(x.text)) {
          item.text += ` ${x.text}`
          continue
        }
        break
      }
      flush()
    }
  }
  if (!any) return { ...none<ThemeRec[]>([], 'no recommendations listed under the themes'), found: false }
  return {
    ...found(
      out,
      out.map((r) => r.evidence),
      0.85,
    ),
    found: true,
  }
}

function themeRecs(list: Field<ThemeRec[]> & { found: boolean }) {
  const counts: Record<string, number> = {}
  for (const r of list.value) counts[r.theme] = (counts[r.theme] ?? 0) + 1
  const { found: ok, ...field } = list
  return {
    themeRecommendations: ok
      ? found(counts, field.evidence, field.confidence)
      : none<Record<string, number> | null>(null, field.note),
    themeRecommendationList: field,
  }
}

/** The principal adviser's email and telephone number, in the paragraph that names them. */
function findAdviserContact(doc: Doc): Field<{ email: string | null; phone: string | null } | null> {
  const m = anchoredMatches(/Principal Adviser\b[^]{0,400}/i, ['principal adviser'], 0, doc.text).next().value
  if (!m) return none(null)
  const near = m[0]
  const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/.exec(near)
  const phone = /(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}/.exec(near)
  if (!email && !phone) return none(null)
  return found(
    { email: email ? email[0] : null, phone: phone ? phone[0].replace(/\s+/g, ' ') : null },
    [ev(doc, m.index, m.index + near.length)],
    0.85,
  )
}

const RECOMMENDATION_COUNT = new RegExp(
  `\\b(?:(?:each of the|all|the)\\s+(${NUMBER_WORD})|(?:made|makes|contains|contained|includes|included|there (?:are|were)|has|had|set out|sets out|gave)\\s+(?:a\\s+(?:series|total|set|number)\\s+of\\s+)?(${NUMBER_WORD}))\\s+(?:key\\s+|main\\s+|further\\s+)?recommendations\\b`,
  'gi',
)

function findRecommendationCount(doc: Doc): Field<number | null> {
  // at most "there were a total of twenty one further" before the last word
  const m = anchoredMatches(RECOMMENDATION_COUNT, ['recommendations'], 12, doc.scan).next().value
  if (!m) return none(null)
  return found(toNumber(m[1] ?? m[2]), [ev(doc, m.index, m.index + m[0].length)], 0.8)
}

function findStrengths(doc: Doc): Field<number | null> {
  for (let i = 0; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    // (the text is trimmed: a line that does not end with ':' cannot match)
    if (!l.text.endsWith(':') || !/\brecogni[sz]ed\s*:\s*$/i.test(l.text)) continue
    let n = 0
    const evs: Evidence[] = [lineEv(l)]
    for (let j = i + 1; j < doc.lines.length; j++) {
      const x = doc.lines[j]!
      if (x.blank) continue
      if (!x.bullet || x.number !== null) break
      n++
      evs.push(lineEv(x))
    }
    if (n) return found(n, evs, 0.8)
  }
  return none(null)
}

function findHighlights(doc: Doc): Field<string[]> {
  for (let i = 0; i < doc.lines.length; i++) {
    const l = doc.lines[i]!
    if (!l.text.endsWith(':') || !/\b(?:includes|including|include)\s*:\s*$/i.test(l.text)) continue
    const items: string[] = []
    const evs: Evidence[] = []
    for (let j = i + 1; j < doc.lines.length; j++) {
      const x = doc.lines[j]!
      if (x.blank) continue
      if (!x.number || !/^[ivxlc]+$|^[a-z]$/.test(x.number)) break
      items.push(splitTitle(x.rest, { sentence: true, dash: false }).title)
      evs.push(lineEv(x))
    }
    if (items.length) return found(items, evs, 0.8)
  }
  return none([])
}

const PLAN_APPROVED_BY = new RegExp(
  `\\baction plan\\b[^.]{0,40}?\\bapproved by\\s+(?:the\\s+)?([A-Z][A-Za-z ]+?)\\s+(?:in|on)\\s+(?:\\d{1,2}\\s+)?(${MONTH})\\s+(\\d{4})`,
  'i',
)
const APPROVED_PLAN = new RegExp(
  `\\b([A-Z][A-Za-z]+(?: [A-Z][a-z]+)?)\\s+approved the action plan\\s+(?:in|on)\\s+(?:\\d{1,2}\\s+)?(${MONTH})\\s+(\\d{4})`,
)
const PLAN_REPORT_AFTER = new RegExp(
  `\\b(?:reported|report|update)[^.]{0,30}?\\bafter\\s+(${NUMBER_WORD})\\s+months\\b`,
  'i',
)

function findActionPlan(
  doc: Doc,
): Field<{ approvedBy: string | null; approvedOn: string | null; progressReportAfterMonths: number | null } | null> {
  const first = (re: RegExp, anchor: string[], words: number) =>
    anchoredMatches(re, anchor, words, doc.text).next().value ?? null
  const m = first(PLAN_APPROVED_BY, ['action plan'], 0) ?? first(APPROVED_PLAN, ['approved the action plan'], 3)
  if (!m) return none(null)
  const after = first(PLAN_REPORT_AFTER, ['report|update'], 0)
  const evs = [ev(doc, m.index, m.index + m[0].length)]
  if (after) evs.push(ev(doc, after.index, after.index + after[0].length))
  return found(
    {
      approvedBy: titleCase(m[1]!),
      approvedOn: isoMonth(m[3]!, m[2]!),
      progressReportAfterMonths: after ? toNumber(after[1]) : null,
    },
    evs,
    0.8,
  )
}

// ---- figures, next steps, meeting ----

/** The first number the patterns find whose sentence passes the test (people, meetings, interviews, hours). Each
 * pattern ends with its `anchor` word and holds at most STAT_WORDS words before it. */
function stat(
  doc: Doc,
  res: RegExp[],
  anchor: readonly string[],
  sentenceTest: RegExp | null,
  confidence: number[],
  /** what the sentence of a match of the first pattern must say besides the match (null: nothing); a count of
   * meetings or interviews, whose later patterns' words before the noun hold no other number */
  firstTest: RegExp | null = null,
): Field<number | null> {
  for (const [k, re] of res.entries()) {
    for (const m of anchoredMatches(re, anchor, STAT_WORDS, doc.scan)) {
      if (sentenceTest && k > 0 && !sentenceTest.test(sentenceAround(doc.scan, m.index))) continue
      // (an earlier visit's figures, recalled: "During that original challenge the peer team spoke to more than 220
      // people", "At the last corporate peer challenge in 2017 the team met 140 people")
      if (RECALLED_VISIT.test(sentenceAround(doc.scan, m.index))) continue
      // a figure of the visit is told as the visit's, whoever tells it; "four meetings held" in an action plan's row is
      // the council's own work
      // (the rest of the sentence: "Two of four sessions delivered" is no visit's however it names its sessions)
      if (k === 0 && firstTest && !firstTest.test(sentenceAround(doc.scan, m.index).replace(m[0], ' '))) continue
      const n = toNumber(m[1])
      if (n === null || n < 2) continue
      // (another number between it and its noun is the count: "Two of four sessions delivered"; a figure checked for
      // its sentence is a count of things, not a person's weeks: "four weeks of one person's time")
      if (k > 0 && firstTest && NUMBER_AFTER.test(m[0].slice(m[0].indexOf(m[1]!) + m[1]!.length))) continue
      // a year ending a line, the next line's words after it ("Council Plan 2022-2025" / "Cabinet meetings")
      if (n >= 1900 && n <= 2100 && /^\d{4}\s*\n/.test(m[0].slice(m[0].indexOf(m[1]!)))) continue
      // a year after a month is a date's ("on 7 and 14 February 2023 meetings")
      if (
        n >= 1900 &&
        n <= 2100 &&
        MONTH_BEFORE.test(doc.scan.slice(Math.max(0, m.index - 12), m.index + m[0].indexOf(m[1]!)))
      )
        continue
      return found(n, [ev(doc, m.index, m.index + m[0].length)], confidence[k] ?? 0.85)
    }
  }
  return none(null)
}

/** a sentence about an earlier visit than the one the document reports */
const RECALLED_VISIT =
  /\b(?:original|previous|last|earlier|first|initial|prior)\s+(?:(?:20\d\d|corporate|lga)\s+)*(?:peer\s+)?(?:challenge|cpc|visit)\b|\bduring\s+that\s+(?:original\s+)?(?:challenge|visit)\b|\bat\s+the\s+time\s+of\s+the\s+(?:original\s+)?(?:challenge|cpc)\b/i

const NUMBER_AFTER = new RegExp(`\\b(?:\\d|(?:${NUMBER_WORD})\\b)`, 'i')

/** words of a sentence that tells a figure of the visit: who met or was met, when, or what it adds up to */
const VISIT_FIGURE =
  /\b(?:team|peers?|visit(?:s|ed|ing)?|challenge|review|on[- ]?site|we|our|us|they|their|during|days?|week|total|in all|altogether|including|included|interview(?:s|ed)?|focus groups?|people|colleagues|staff|spoke|spoken|met|meeting|talked|heard|engaged|conversations?|sessions?|stakeholders|councillors|partners|residents|gathered|gathering|views|research|reading|evidence|attended|took\s+part|taking\s+part)\b/i

const MONTH_BEFORE = new RegExp(`\\b(?:${MONTH})\\.?\\s+$`, 'i')

/** Words a figure's pattern may hold before its last word: at most 3 for the verb, 3 for the qualifier ("in excess
 * of"), 2 for the number ("twenty one"), 3 between it and the noun, 5 for "equivalent of one person spending"; with
 * room to spare. */
const STAT_WORDS = 16
const STAT_N = `(\\d[\\d,]*|${NUMBER_WORD})\\+?`
/** a number of weeks, with its half ("5½", "5.5", "seven and a half") */
const WEEKS_N = `(\\d[\\d,]*(?:\\.\\d)?½?|(?:${NUMBER_WORD})(?:\\s+and\\s+a\\s+half)?)`
/** how a visit's meetings were held: "42 virtual meetings", "30 online sessions" */
const MEETING_KIND = '(?:virtual|online|remote|in-person|face-to-face)'
const STAT_PEOPLE =
  '(?:different\\s+|individual\\s+)?(?:people|colleagues|staff|individuals|stakeholders|members of staff)'
/** after a verb of meeting, the people may be named by who they are, councillors first in a list ("meeting more than
 * 80 councillors, staff and partners") */
const STAT_PEOPLE_MET = `(?:${STAT_PEOPLE}|(?:councillors|residents)(?=\\s*,|\\s+and\\s))`
const STATS = {
  people: [
    new RegExp(
      `\\b(?:spoke\\s+to|spoken\\s+to|speaking\\s+to|spoke\\s+with|speaking\\s+with|met|met\\s+with|(?<!\\b(?:the|a|an|public|committee|this|that|each|every|council|board)\\s)meeting(?:\\s+with)?|talked\\s+to|talked\\s+with|talking\\s+to|talking\\s+with|(?:\\d[\\d,]*|${NUMBER_WORD})\\s+(?:${MEETING_KIND}\\s+)?(?:meetings|sessions)\\s+with|interviewed|interviewing|engaged\\s+with|engaging\\s+with|heard\\s+from|hearing\\s+from|(?:held|had)\\s+conversations\\s+with)\\s+${QUALIFIER}${STAT_N}\\s+${STAT_PEOPLE_MET}\\b`,
      'gi',
    ),
    new RegExp(`\\b${QUALIFIER}${STAT_N}\\s+${STAT_PEOPLE}\\b`, 'gi'),
  ],
  peopleAnchor: ['people', 'colleagues', 'staff', 'individuals', 'stakeholders', 'councillors', 'residents'],
  // (or sessions: "met 24 people in 9 sessions")
  meetings: [
    new RegExp(
      `\\b${QUALIFIER}${STAT_N}\\s+(?:separate\\s+|different\\s+)?(?:${MEETING_KIND}\\s+)?(?:meetings|sessions)\\b`,
      'gi',
    ),
    new RegExp(`\\b${QUALIFIER}${STAT_N}\\s+(?:[a-z][\\w-]*\\s+){1,3}?(?:meetings|sessions)\\b`, 'gi'),
  ],
  meetingsAnchor: ['meetings|sessions'],
  interviews: [new RegExp(`\\b${QUALIFIER}${STAT_N}\\s+(?:[a-z][\\w-]*\\s+){0,2}?interviews\\b`, 'gi')],
  interviewsAnchor: ['interviews'],
  hours: [
    new RegExp(`\\bspent\\s+${QUALIFIER}${STAT_N}\\s+hours\\b`, 'gi'),
    new RegExp(`\\b${QUALIFIER}${STAT_N}\\s+hours\\b`, 'gi'),
  ],
  hoursAnchor: ['hours'],
  // the team's time as one person's: "the equivalent of one person spending 5 weeks", "or one person spending nearly
  // 5 weeks in Anytown", "more than four weeks of one person's time"
  weeks: [
    new RegExp(`\\b(?:equivalent\\s+of\\s+)?one\\s+person\\s+spending\\s+${QUALIFIER}${WEEKS_N}\\s+weeks\\b`, 'gi'),
    new RegExp(
      `\\b${QUALIFIER}${WEEKS_N}\\s+(?:working\\s+)?weeks\\s+of\\s+(?:one|a\\s+single)\\s+person['’]?s\\s+time\\b`,
      'gi',
    ),
  ],
  weeksAnchor: ['weeks'],
}

/** a table's row of the visit's figures: what was counted, and its figure, apart by a tab, a bar or a gap of spaces
 * ("Number of people met<TAB>around 120", "Meetings, focus groups and site visits | 48", "Hours spent by the peer
 * team      about 330"); the first word of a count names it (not a count of the borough's residents, the documents
 * read or the recommendations made) */
const FIGURE_LABEL =
  /^(?!.*\b(?:recommendations?|residents|population|documents|papers|pages|actions|budget|survey|responses)\b)(?:[A-Za-z][\w ,'’&/()-]{0,60}?)?\b(people|individuals|stakeholders|meetings|focus\s+groups|sessions|conversations|interviews|hours|days)\b[\w ,'’&/()-]{0,60}$/i
const FIGURE_VALUE = new RegExp(`^${QUALIFIER}${STAT_N}(?:\\s*\\([^()]{0,80}\\))?$`, 'i')
/** a line's two cells, label and figure, when it is a table's row (tabs, bars, or three spaces or more between) */
function figureCells(l: Line): [string, string] | null {
  const raw = l.raw.trim()
  const cells = raw.includes('\t')
    ? raw.split('\t')
    : raw.includes('|')
      ? raw.replace(/^\|\s*|\s*\|$/g, '').split(/\s*\|\s*/)
      : raw.split(/ {3,}/)
  const kept = cells.map((c) => stripMarkup(c).trim()).filter(Boolean)
  return kept.length === 2 ? [kept[0]!, kept[1]!] : null
}

/** The figures a table gives by their names, a row each (a committee paper's summary of the visit). */
type FigureName = 'people' | 'meetings' | 'interviews' | 'hours' | 'days'
type FigureRows = Map<FigureName, Field<number | null>>
function figureRows(doc: Doc): FigureRows {
  const out: FigureRows = new Map()
  if (!doc.text.includes('\t') && !doc.text.includes(' | ') && !doc.text.includes('   ')) return out
  for (const l of doc.lines) {
    // (a row ends in its figure, or a bracket after it: most lines stop at these tests)
    if (
      l.blank ||
      l.text.length > 140 ||
      (!/[\d)+]$/.test(l.text) &&
        !/\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|hundred)$/i.test(
          l.text,
        ))
    )
      continue
    if (!(l.raw.includes('\t') || l.raw.includes(' | ') || l.raw.includes('   '))) continue
    const cells = figureCells(l)
    const label = cells && FIGURE_LABEL.exec(cells[0])
    const value = label && FIGURE_VALUE.exec(cells[1])
    const n = value ? toNumber(value[1]) : null
    if (!label || n === null) continue
    const what = label[1]!.toLowerCase()
    const k: FigureName = /^(?:people|individuals|stakeholders)$/.test(what)
      ? 'people'
      : what === 'interviews'
        ? 'interviews'
        : what === 'hours'
          ? 'hours'
          : what === 'days'
            ? 'days'
            : 'meetings'
    if (!out.has(k)) out.set(k, found(n, [lineEv(l)], 0.9, 'from a table of the visit’s figures'))
  }
  return out
}

function findStats(doc: Doc, rows: FigureRows): Extraction['stats'] {
  // (a table of the visit's figures says what was counted; the prose may give another visit's, or read a row's figure
  // with the next row's words: "… spoken to      190" / "Meetings and focus groups …")
  const table = (k: FigureName, f: Field<number | null>) => rows.get(k) ?? f
  return {
    peopleMet: table(
      'people',
      stat(
        doc,
        STATS.people,
        STATS.peopleAnchor,
        /\b(?:spoke|spoken|speaking|met|talked|talking|engaged|engaging|heard|hearing|took part|shared|attended|contributed|interviews?|interviewing|interviewed|conversations?|focus groups?|views)\b/i,
        [0.9, 0.85],
      ),
    ),
    meetings: table(
      'meetings',
      stat(
        doc,
        STATS.meetings,
        STATS.meetingsAnchor,
        /\b(?:team|peers?|visit|challenge|held|took part|gathered|programme|conversations)\b/i,
        [0.9, 0.85],
        VISIT_FIGURE,
      ),
    ),
    interviews: table('interviews', stat(doc, STATS.interviews, STATS.interviewsAnchor, null, [0.9])),
    hours: table(
      'hours',
      stat(
        doc,
        STATS.hours,
        STATS.hoursAnchor,
        /\b(?:team|peers?|on[- ]?site|total|amounted|represents|spent|challenge|equates|equivalent)\b/i,
        [0.9, 0.85],
      ),
    ),
    personWeeksEquivalent: stat(doc, STATS.weeks, STATS.weeksAnchor, null, [0.9, 0.9]),
  }
}

const FOLLOW_UP = /\bfollow[- ]up visit\b/i
const CHECK_IN = new RegExp(`\\b((?:${NUMBER_WORD})[- ]month)\\s+check[- ]?in(\\s+(?:session|meeting|visit))?`, 'i')
const PROGRESS_REVIEW =
  /\b(?:includes?|offer|will (?:hold|arrange|undertake|carry out|return for)|expect(?:ed)? to (?:hold|have))\b[^.]{0,60}?\b(progress\s+review)\b([^.]*)\./i
const RETURN_VISIT = /\b(?:[Ww]ill|[Ww]ould|to)\s+(?:return|revisit\s+(?:the\s+[Cc]ouncil|you|[A-Z]\w+))\b([^.]*)\./
const NEXT_BY = new RegExp(
  `\\bnext\\s+(?:corporate\\s+)?peer\\s+challenge\\b[^.]{0,40}?\\b(?:before|by)\\s+(?:the\\s+end\\s+of\\s+)?(${MONTH})\\s+(\\d{4})`,
  'i',
)
const ADVISER_NAMED =
  /\b([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2}),?\s+(?:\(?\s*)?(?:the\s+)?(?:LGA(?:'s)?\s+)?Principal Adviser\b/

function findNextSteps(doc: Doc): Extraction['nextSteps'] {
  const ns = findHeading(doc, /^next steps$/i)
  const from = ns >= 0 ? doc.lines[ns]!.start : 0
  const text = doc.text
  // the first match from the section on, tried only near a word every match holds (anchoredMatches)
  const scoped = (re: RegExp, anchor: string, words: number) =>
    anchoredMatches(re, [anchor], words, text, from).next().value ?? null
  const followUp = (() => {
    const m = scoped(FOLLOW_UP, 'follow', 0)
    if (!m) return none<string | null>(null)
    const para = text.slice(m.index, m.index + 900)
    const t = /\b(?:within|in)\s+the\s+next\s+([^.\n]+?)\s*(?:\.|$)/im.exec(para)
    return found(
      t ? `follow up visit within the next ${t[1]}` : 'follow up visit',
      [
        ev(doc, m.index, m.index + m[0].length),
        ...(t ? [ev(doc, m.index + t.index, m.index + t.index + t[0].length)] : []),
      ],
      0.85,
    )
  })()
  const checkIn = (() => {
    // "twenty one month check-in": at most three words before 'check'
    const m = scoped(CHECK_IN, 'check', 3)
    return m
      ? found(
          `${m[1]!.toLowerCase().replace(' ', '-')} check-in${m[2] ? m[2].toLowerCase() : ''}`,
          [ev(doc, m.index, m.index + m[0].length)],
          0.85,
        )
      : none<string | null>(null)
  })()
  const progressReview = (() => {
    // at most 60 characters (31 words) and three words of the verb before 'progress review'
    const m = scoped(PROGRESS_REVIEW, 'progress', 34)
    // or the team's return in the next steps: "peers will return …", "will revisit the council in around a year"
    const back = m || ns < 0 ? null : scoped(RETURN_VISIT, 'return|revisit', 1)
    if (!m && !back) return none<string | null>(null)
    const when = /\b(?:within|in|after)\s+([^,.]+)/i.exec((m ?? back)![m ? 2 : 1] ?? '')
    const at = (m ?? back)!
    return found(
      `${m ? 'progress review' : 'return visit'}${when ? ` ${when[0].trim()}` : ''}`,
      [ev(doc, at.index, at.index + at[0].length)],
      m ? 0.8 : 0.7,
    )
  })()
  const nextBy = (() => {
    const m = scoped(NEXT_BY, 'next', 0)
    return m
      ? found(isoMonth(m[2]!, m[1]!), [ev(doc, m.index, m.index + m[0].length)], 0.85)
      : none<string | null>(null)
  })()
  const adviser = (() => {
    // a name of up to three words, '(', 'the' and 'LGA's' before 'Principal Adviser'
    const m = scoped(ADVISER_NAMED, 'principal adviser', 7)
    return m ? found(m[1]!, [ev(doc, m.index, m.index + m[0].length)], 0.9) : none<string | null>(null)
  })()
  return { followUp, checkIn, progressReview, nextChallengeBy: nextBy, principalAdviser: adviser }
}

const BODY =
  /\b((?:Full\s+)?Council|Cabinet|Executive|(?:[A-Z][a-z]+\s+){0,3}(?:Scrutiny|Audit|Overview)(?:\s+[A-Z&][a-z]*){0,4}\s+(?:Committee|Commission|Board|Panel)|(?:[A-Z][a-z]+\s+){1,3}(?:Committee|Board|Panel))\b/

function cleanBodyName(s: string): string {
  const t = s.replace(/\*\*/g, '').trim()
  return t === t.toUpperCase() ? titleCase(t) : t
}

function findMeeting(
  doc: Doc,
): Field<{ body: string; date: string | null; then?: { body: string; date: string | null } } | null> {
  const t = doc.text
  // a summons: "a meeting of the COUNCIL to be held at ... on TUESDAY, 20 JUNE 2017"
  const summons =
    /\bmeeting of the\s+(?:\*\*)?([A-Za-z][A-Za-z &]+?)(?:\*\*)?\s+to be held\b[\s\S]{0,200}?\bon\s+(?:\*\*)?(?:[A-Za-z]+,?\s+)?(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})/i.exec(
      t,
    )
  if (summons) {
    return found(
      { body: cleanBodyName(summons[1]!), date: parseDayDate(summons[2]!) },
      [ev(doc, summons.index, summons.index + summons[0].length)],
      0.9,
      'from the meeting summons',
    )
  }
  // a committee report's header: "Report to: Cabinet  Date: 12 February 2020"
  const header =
    anchoredMatches(
      /\b(?:[Rr]eport to|[Mm]eeting|[Cc]ommittee)\s*:\s*([A-Z][A-Za-z &]+?)\s+(?:[Dd]ate(?: of meeting)?)\s*:?\s*(\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4})/,
      ['report to|meeting|committee'],
      0,
      t,
    ).next().value ?? null
  if (header)
    return found(
      { body: cleanBodyName(header[1]!), date: parseDayDate(header[2]!) },
      [ev(doc, header.index, header.index + header[0].length)],
      0.9,
    )
  // "To seek Corporate Scrutiny Committee's comments for inclusion in the report to Cabinet on 17 December 2024"
  const seek =
    /\b(?:[Ss]ubmitted to|[Tt]o seek(?: the)?|[Rr]eport to(?: the)?|[Mm]eeting of(?: the)?)\s+((?:[A-Z][A-Za-z&]*\s+){0,4}(?:Committee|Commission|Board|Panel|Cabinet|Executive|Council))(?:['’]s)?\b/g
  const bodies: { name: string; at: number; len: number }[] = []
  for (const m of anchoredMatches(seek, ['submitted to|to seek|report to|meeting of'], 0, t))
    bodies.push({ name: m[1]!.trim(), at: m.index, len: m[0].length })
  if (bodies.length) {
    const first = bodies.reduce(
      (best, b) =>
        b.name.endsWith(best.name.split(' ').slice(-2).join(' ')) && b.name.length > best.name.length ? b : best,
      bodies[0]!,
    )
    const then = new RegExp(
      `\\breport to\\s+(?:the\\s+)?(Cabinet|Executive|(?:Full\\s+)?Council)\\s+on\\s+(\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4})`,
      'i',
    ).exec(t)
    const value: { body: string; date: string | null; then?: { body: string; date: string | null } } = {
      body: cleanBodyName(first.name),
      date: null,
    }
    const evs = [ev(doc, first.at, first.at + first.len)]
    if (then && then[1]!.toLowerCase() !== first.name.toLowerCase()) {
      value.then = { body: cleanBodyName(then[1]!), date: parseDayDate(then[2]!) }
      evs.push(ev(doc, then.index, then.index + then[0].length))
    }
    if (BODY.test(first.name)) return found(value, evs, 0.7)
  }
  return none(null, 'no committee meeting found')
}
