/**
 * Finding the council a document is about: names from the register (and the ways reports write them: "LB Lambeth",
 * "Blaby DC", "Lambeth Council"), weighed by where they occur; when the text never names a council, the place
 * gazetteer may infer it from two or more of its towns. A contested or thin result is "unknown" with the clues.
 */
import placesData from './reference/places.json' with { type: 'json' }
import { anchoredMatches, ev, isLetter, key, lineAt, type Doc, type Evidence } from './text.ts'

export interface RegisterCouncil {
  code: string
  officialName: string
  niceName: string
  altNames: string[]
  laType: string | null
  nation: string | null
  startDate: string | null
  endDate: string | null
}

export interface CouncilCandidate {
  code: string
  name: string
  score: number
  mentions: number
}

export interface CouncilFinding {
  value: {
    code: string
    name: string
    inferred: boolean
    inferredFrom?: string
    /** the second council of a joint challenge */
    joint?: { code: string; name: string }
  } | null
  confidence: number
  evidence: Evidence[]
  candidates: CouncilCandidate[]
  clues: string[]
  note: string
}

interface Alias {
  code: string
  strong: boolean
  place?: boolean
  /** a bare name that is also an ordinary word ("York", "Swale"): counts only where the text uses it as its own */
  common?: boolean
  /** a council's own initials ("NWLDC"): as good as its name, written in capitals */
  initials?: boolean
}

/** a word of the index: its spelling and its number (the words of a hash are few: one, mostly) */
interface Word {
  word: string
  id: number
}

/** the kinds of name a council is known by, as its aliases record them */
// every kind with every field, so that each alias object has one shape (the matcher's filters read them all)
const ALIAS_KINDS = {
  strong: { strong: true, place: false, common: false, initials: false },
  weak: { strong: false, place: false, common: false, initials: false },
  common: { strong: false, place: false, common: true, initials: false },
  place: { strong: false, place: true, common: false, initials: false },
  initials: { strong: true, place: false, common: false, initials: true },
  /** two letters about an ampersand ("H&F", "T&W"): as good as the council's place name, no more (they name other
   * things too: Tyne and Wear) */
  pairInitials: { strong: false, place: false, common: false, initials: true },
} as const

/** how many distinct words the index's names may hold: a trie edge's key is a node's number times this plus a word's
 * (a small integer for V8 while there are fewer than 65 536 nodes; the register and gazetteer make about 15 000 from
 * about 1 200 words) */
const WORD_SLOTS = 1 << 14

/** Bare council names that are also ordinary words: only their full names count. */
const COMMON_WORDS = new Set([
  'reading',
  'bury',
  'hart',
  'rugby',
  'eden',
  'arun',
  'rother',
  'swale',
  'wyre',
  'halton',
  'sutton',
  'merton',
  'york',
  'bath',
  'poole',
  'stafford',
  'dover',
  'lewes',
])

/** A council's initials as its name is shortened: every word's first letter but the small ones ("North West
 * Leicestershire District Council": "nwldc"; "Royal Borough of Windsor and Maidenhead": "rbwm"), four letters or more
 * (three are shared by too many); and with "Council" written out after the rest ("BCP Council"). Lowercase, as the
 * index keys its names. */
export function acronyms(officialName: string): string[] {
  const words = officialName
    .replace(/[,&]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^(?:and|of|the|upon|on|in|with|by|le)$/i.test(w))
  const letters = words.map((w) => w[0]!.toLowerCase()).join('')
  if (!/^[a-z]+$/.test(letters)) return []
  const out: string[] = []
  if (letters.length >= 4) out.push(letters)
  if (/^council$/i.test(words.at(-1) ?? '') && letters.length >= 4) out.push(`${letters.slice(0, -1)} council`)
  return out
}

/** whether a register entry is a combined authority (an area's councils together, not a council) */
const combined = (c: RegisterCouncil) => c.laType === 'COMB' || /\bcombined authority\b/i.test(c.officialName)

/** The shorter names a council goes by, lowercase as the index keys its names: the town before the river or place
 * its name sets it by ("Stockton" of "Stockton-on-Tees", "Kingston" of "Kingston upon Thames", "Southend" of
 * "Southend-on-Sea"), said as "Stockton Council"; and the initials either side of its name's "and" ("H&F" of
 * "Hammersmith and Fulham", "B&NES" of "Bath and North East Somerset"), kept as the index reads "&". */
export function shortNames(niceName: string): { town: string | null; ampersand: string | null } {
  const town = /^([A-Za-z]+)(?:-| )(?:on|upon|under)(?:-| )[A-Z]/.exec(niceName)?.[1]?.toLowerCase() ?? null
  const sides = niceName.split(/\s+(?:and|&)\s+/i)
  const initials = (side: string) =>
    side
      .split(/[\s,-]+/)
      .filter((w) => w && !/^(?:the|of|upon|on|in|under)$/i.test(w))
      .map((w) => w[0]!.toLowerCase())
      .join('')
  const ampersand =
    sides.length === 2 &&
    !niceName.includes(',') &&
    /^[a-z]+ [a-z]+$/.test(`${initials(sides[0]!)} ${initials(sides[1]!)}`)
      ? `${initials(sides[0]!)} and ${initials(sides[1]!)}`
      : null
  return { town, ampersand }
}

/** the words after a council's shorter name that make it the council's ("Stockton Council", "Southend Borough
 * Council") */
const TOWN_SUFFIXES = ['council', 'borough council', 'district council', 'city council', 'county council']

const SUFFIXES = [
  'council',
  'district council',
  'borough council',
  'city council',
  'county council',
  'metropolitan borough council',
  'london borough council',
  'dc',
  'bc',
  'mbc',
  'cc',
  'city',
  'borough',
]
const PREFIXES = ['london borough of', 'lb', 'royal borough of', 'rb', 'city of', 'borough of', 'the london borough of']

/** for each character code: what it adds to a word's hash (its lowercase code: letters and digits), -1 for an
 * accented letter below 0x250 (part of a word, never of a name), 0 for a character that is not part of a word (all
 * from 0x250 on: the table covers every code, so the scan tests no range) */
const CHAR = new Int16Array(0x10000)
for (let c = 0; c < 0x250; c++)
  CHAR[c] = c >= 65 && c <= 90 ? c + 32 : (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 0xc0 ? -1 : 0

/** A word's hash, as the scan below computes it from its lowercase letters (apostrophes left out); 30 bits, a small
 * integer for V8 (a larger one would be a heap number, allocated at every word). */
function wordHash(word: string): number {
  let h = 0
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + word.charCodeAt(i)) & 0x3fffffff
  return h
}

const SEEN_MASK = (1 << 18) - 1

/** The words of a text: offsets, and the number of the index's word it is, where it may be a council name's word (a
 * run of other words is one entry, -1: no name starts, ends or goes on there). The arrays are the module's, reused from
 * text to text (grown when a text has more words), valid until the next call: `mentions` reads them at once. */
interface Tokens {
  n: number
  start: Int32Array
  end: Int32Array
  /** -1 for a word no name in the index contains (most of them) */
  word: Int32Array
  /** 1 where the word begins with a capital or a digit */
  capital: Uint8Array
}
const TOKENS: Tokens = {
  n: 0,
  start: new Int32Array(0),
  end: new Int32Array(0),
  word: new Int32Array(0),
  capital: new Uint8Array(0),
}

/** Words (letters, digits, accented letters, with an apostrophe's ending: "Lambeth's") and '&', scanned by hand: the
 * same tokens as /[A-Za-z0-9\u00c0-\u024f]+(?:['’][A-Za-z]+)?|&/g. A word is hashed as it is scanned and compared, in
 * place, with the index's words of that hash; the token holds the word's number (no string is made from the text).
 * A word with an accented letter is never one of them (the index's words are made of a-z and 0-9 by `key`). */
function tokens(text: string, vocab: Map<number, Word[]>, seen: Uint8Array, and: number): Tokens {
  const n = text.length
  // a text has at most one token a character
  if (TOKENS.start.length < n + 1) {
    const size = Math.max(n + 1, 2 * TOKENS.start.length)
    TOKENS.start = new Int32Array(size)
    TOKENS.end = new Int32Array(size)
    TOKENS.word = new Int32Array(size)
    TOKENS.capital = new Uint8Array(size)
  }
  const { start: starts, end: ends, word: words, capital } = TOKENS
  let t = 0
  let i = 0
  while (i < n) {
    const c = text.charCodeAt(i)
    if (CHAR[c] === 0) {
      if (c === 38) {
        starts[t] = i
        ends[t] = i + 1
        words[t] = and
        capital[t] = 0
        t++
      }
      i++
      continue
    }
    const start = i
    let h = 0
    let plain = true
    while (i < n) {
      const v = CHAR[text.charCodeAt(i)]!
      if (v > 0) h = (Math.imul(h, 31) + v) & 0x3fffffff
      else if (v < 0) plain = false
      else break
      i++
    }
    let end = i
    const q = i < n ? text.charCodeAt(i) : 0
    let word = -1
    if ((q === 39 || q === 0x2019) && i + 1 < n && isLetter(text.charCodeAt(i + 1))) {
      const base = h
      const stem = i
      end = i + 1
      while (end < n && isLetter(text.charCodeAt(end))) {
        const d = text.charCodeAt(end)
        h = (Math.imul(h, 31) + (d <= 90 ? d + 32 : d)) & 0x3fffffff
        end++
      }
      i = end
      if (plain && seen[h & SEEN_MASK]) word = sameWord(text, start, end, vocab.get(h))
      // a possessive ("Lambeth's", "RBWM’s"): the word without its "'s", where the word with it is no name's ("King's")
      if (word < 0 && end === stem + 2 && (text.charCodeAt(stem + 1) | 32) === 115 && plain && seen[base & SEEN_MASK]) {
        word = sameWord(text, start, stem, vocab.get(base))
        if (word >= 0) end = stem
      }
    } else word = plain && seen[h & SEEN_MASK] ? sameWord(text, start, end, vocab.get(h)) : -1
    // words no name holds only stop a name: a run of them is kept as one
    if (word < 0 && t && words[t - 1]! < 0) continue
    starts[t] = start
    ends[t] = end
    words[t] = word
    capital[t] = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0
    t++
  }
  TOKENS.n = t
  return TOKENS
}

type Mention = { start: number; end: number; aliases: Alias[]; capital: boolean }

/** The number of the index's word that the text spells between `start` and `end`, in any case, apostrophes left out
 * (-1: none); no string is made from the text. */
function sameWord(text: string, start: number, end: number, words: Word[] | undefined): number {
  if (!words) return -1
  next: for (const { word: w, id } of words) {
    let j = 0
    for (let p = start; p < end; p++) {
      let d = text.charCodeAt(p)
      if (d === 39 || d === 0x2019) continue
      if (d >= 65 && d <= 90) d += 32
      if (j >= w.length || w.charCodeAt(j) !== d) continue next
      j++
    }
    if (j === w.length) return id
  }
  return -1
}

/** a UK postcode alone on its line ("NE8 1HH") */
const POSTCODE_LINE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/
/** whether a name is a letter's address's town: alone on its line, the postcode on the next (or on the same line) */
function addressTown(doc: Doc, e: Evidence): boolean {
  const i = lineAt(doc, e.start)
  const l = doc.lines[i]!
  const rest = l.text
    .slice(e.end - l.start)
    .trim()
    .replace(/^,\s*/, '')
  if (l.text.slice(0, e.start - l.start).trim()) return false
  return rest ? POSTCODE_LINE.test(rest) : POSTCODE_LINE.test(doc.lines[i + 1]?.text ?? '')
}

export class CouncilIndex {
  /** the names as a trie of words, its nodes numbered (0: the root): the node after node n by the word numbered w is
   * `edges.get(n * WORD_SLOTS + w)` (one map of small integers, not a map a node: the index is built at every run of
   * the command line, and fifteen thousand maps took most of its time) */
  private edges = new Map<number, number>()
  /** by node: the aliases of the names that end there (undefined where none does) */
  private aliasesAt: (Alias[] | undefined)[] = [undefined]
  /** every word of every name in the index: its number, and the words by their hash */
  private wordIds = new Map<string, number>()
  private vocab = new Map<number, Word[]>()
  /** the number of 'and' ("&" in a text reads as the word), -1 when no name has it */
  private and = -1
  /** one alias object for each council and kind of name (a node's list holds each once) */
  private aliasOf = new Map<string, Alias>()
  /** whether some word of the index has a hash with these low bits (most words of a text have none: no map lookup) */
  private seen = new Uint8Array(SEEN_MASK + 1)
  /** the last text's mentions (matching a council asks twice for the same text) */
  private last: { text: string; mentions: Mention[] } | null = null
  readonly byCode = new Map<string, RegisterCouncil>()
  /** web and email domains (`blaby.gov.uk`): the name run together, with and without its type */
  readonly byDomain = new Map<string, string[]>()

  constructor(councils: RegisterCouncil[], places: Record<string, string[]> = placesData.places) {
    // the initials councils go by ("NWLDC", "RBWM", "LBHF", "BCP Council"), where no other council has them
    // (a combined authority's initials, "GMCA", "TVCA", name its member councils' area, not a council: none is kept,
    // and they still stop a council's initials that match them)
    const initials = new Map<string, string[]>()
    for (const c of councils)
      for (const a of acronyms(c.officialName)) initials.set(a, [...(initials.get(a) ?? []), c.code])
    // and the shorter names ("Stockton Council", "H&F"), where no other council has them or goes by them in full
    const short = new Map<string, string[]>()
    for (const c of councils) {
      if (combined(c)) continue
      const { town, ampersand } = shortNames(c.niceName)
      for (const n of [town, ampersand]) if (n) short.set(n, [...(short.get(n) ?? []), c.code])
    }
    for (const c of councils) short.delete(key(c.niceName))
    const onlyOne = (n: string | null): n is string => !!n && short.get(n)?.length === 1
    for (const c of councils) {
      this.byCode.set(c.code, c)
      const run = (n: string) => key(n).replace(/ /g, '')
      for (const d of new Set([run(c.niceName), run(c.officialName), `${run(c.niceName)}council`])) {
        const list = this.byDomain.get(d) ?? []
        if (!list.includes(c.code)) this.byDomain.set(d, [...list, c.code])
      }
      const nice = key(c.niceName)
      const strong = new Set<string>([key(c.officialName)])
      for (const a of c.altNames) if (/council|borough|district|county/i.test(a)) strong.add(key(a))
      for (const s of SUFFIXES) strong.add(`${nice} ${s}`)
      for (const p of PREFIXES) strong.add(`${p} ${nice}`)
      for (const s of strong) this.add(s, this.alias(c.code, 'strong'))
      for (const a of acronyms(c.officialName))
        if (initials.get(a)!.length === 1 && !combined(c)) this.add(a, this.alias(c.code, 'initials'))
      const { town, ampersand } = shortNames(c.niceName)
      // (with a council's own words after it: "Stockton City" is a football club, "Stratford City" a shopping centre)
      if (onlyOne(town)) for (const s of TOWN_SUFFIXES) this.add(`${town} ${s}`, this.alias(c.code, 'strong'))
      if (onlyOne(ampersand))
        this.add(
          ampersand,
          this.alias(c.code, ampersand.replace(/ and | /g, '').length > 2 ? 'initials' : 'pairInitials'),
        )
      if (COMMON_WORDS.has(nice)) this.add(nice, this.alias(c.code, 'common'))
      else {
        this.add(nice, this.alias(c.code, 'weak'))
        for (const a of c.altNames)
          if (!/council|borough|district|county/i.test(a) && key(a) !== nice && key(a).length > 3)
            this.add(key(a), this.alias(c.code, 'weak'))
      }
    }
    for (const [code, names] of Object.entries(places)) {
      if (!this.byCode.has(code)) continue
      for (const n of names) this.add(key(n), this.alias(code, 'place'))
    }
    this.and = this.wordIds.get('and') ?? -1
  }

  private alias(code: string, kind: keyof typeof ALIAS_KINDS): Alias {
    const k = `${kind} ${code}`
    let a = this.aliasOf.get(k)
    if (!a) this.aliasOf.set(k, (a = { code, ...ALIAS_KINDS[kind] }))
    return a
  }

  private add(phrase: string, alias: Alias) {
    let node = 0
    for (const w of phrase.split(' ')) {
      if (!w) continue
      let id = this.wordIds.get(w)
      if (id === undefined) {
        id = this.wordIds.size
        if (id >= WORD_SLOTS) throw new Error(`the council names hold more than ${WORD_SLOTS} distinct words`)
        this.wordIds.set(w, id)
        const h = wordHash(w)
        this.seen[h & SEEN_MASK] = 1
        const same = this.vocab.get(h)
        if (!same) this.vocab.set(h, [{ word: w, id }])
        else same.push({ word: w, id })
      }
      const edge = node * WORD_SLOTS + id
      let next = this.edges.get(edge)
      if (next === undefined) {
        next = this.aliasesAt.length
        this.aliasesAt.push(undefined)
        this.edges.set(edge, next)
      }
      node = next
    }
    const list = this.aliasesAt[node] ?? (this.aliasesAt[node] = [])
    if (!list.includes(alias)) list.push(alias)
  }

  /** Longest non-overlapping mentions of council names and places in the text. */
  mentions(text: string): Mention[] {
    if (this.last?.text === text) return this.last.mentions
    const toks = tokens(text, this.vocab, this.seen, this.and)
    const { edges, aliasesAt } = this
    const out: Mention[] = []
    for (let i = 0; i < toks.n;) {
      let node = 0
      let best = -1
      let bestAliases: Alias[] = []
      for (let j = i; j < toks.n; j++) {
        const w = toks.word[j]!
        const next = w < 0 ? undefined : edges.get(node * WORD_SLOTS + w)
        if (next === undefined) break
        node = next
        const here = aliasesAt[node]
        if (here) {
          best = j
          bestAliases = here
        }
      }
      if (best >= 0) {
        out.push({ start: toks.start[i]!, end: toks.end[best]!, aliases: bestAliases, capital: toks.capital[i] === 1 })
        i = best + 1
      } else i++
    }
    this.last = { text, mentions: out }
    return out
  }

  existedOn(code: string, date: string | null): boolean {
    const c = this.byCode.get(code)
    if (!c || !date) return true
    const d = date.length === 7 ? `${date}-15` : date
    return (!c.startDate || c.startDate <= d) && (!c.endDate || c.endDate > d)
  }
}

export interface MatchOptions {
  /** text ranges to ignore (the peer team list: peers' own councils are not the subject) */
  exclude: { start: number; end: number }[]
  /** the title area of the report, where the council's name carries most weight */
  titleZone: { start: number; end: number }[]
  /** the visit date, to prefer councils that existed then */
  date: string | null
}

const CONTEXT =
  /(?:peer\s+challenge|peer\s+review|CPC\)?|on-?site|on site|visit)(?:\s*\((?:CPC|LGA)\))?(?:\s+(?:undertaken|held|carried\s+out|conducted|delivered|completed|that\s+took\s+place))?\s+(?:at|of|for|in|to|with)\s+(?:the\s+)?$/i
/** a copyright line names who publishes the page or paper ("© 2024 Anytown Council"): the council it is about */
const COPYRIGHT = /©|\(c\)\s*\d{4}|\bcopyright\b/i
/** a council named as someone's employer ("Chief Executive at X Council", "Chief Executive, X Council") is a peer's,
 * not the subject */
/** the roles a council may be named after as someone's employer */
const EMPLOYER_ROLE =
  'chief executive|managing director|leader|deputy leader|director|head|manager|officer|councillor|cllr|mayor|adviser|advisor|portfolio holder'
const EMPLOYER = new RegExp(
  String.raw`\b(?:${EMPLOYER_ROLE}|member|peer(?!\s+(?:challenges?|reviews?|teams?)\b))\b[^.\n]{0,40}?\b(?:at|of|from|for)\s+(?:the\s+)?$`,
  'i',
)
/** a council after a person's name, their role and a comma on one line ("Ian Davidson, Chief Executive, Tendring
 * District Council"): theirs (a role that starts its line, "Leader, Anytown Council" under a foreword's signature, is
 * the council's own) */
const EMPLOYER_LISTED = new RegExp(
  String.raw`\b[A-Z][\w'’-]+[ \t]+[A-Z][\w'’-]+,[ \t]+(?:former[ \t]+|interim[ \t]+|acting[ \t]+)?(?:${EMPLOYER_ROLE})\b[^.,\n]{0,40},[ \t]*$`,
  'i',
)
/** after a council named as someone's employer, words that make them one of the visiting peers */
const PEER_AFTER =
  /^[^."“”]{0,60}\b(?:who\s+(?:led|was\s+(?:a|the|part|one)|were|joined|chaired)|as\s+(?:the\s+|a\s+)?(?:lead|peer|member\s+peer))\b/i
/** a bare place name used as the council's own: "Here in Anytown", "the Anytown Deal" */
const OWN_BEFORE = /\bhere in\s+$/i
const OWN_AFTER = /^\s+(?:Deal|Plan|Strategy|Corporate Plan|Partnership|Together)\b/
/** a place's name as another public body's ("Anyshire Fire and Rescue Service", "Anyshire Police", "Anytown
 * Hospital"): not the council's; a council's full name ("Anyshire Council") is unaffected */
const OTHER_BODY_AFTER =
  /^\s+(?:Fire\s+(?:and|&)\s+Rescue|Fire\s+Authority|Fire\s+Service|Police|Constabulary|Clinical\s+Commissioning|CCG|NHS|Integrated\s+Care|(?:University\s+)?Hospitals?|University|College|Chamber\s+of\s+Commerce)\b/

const GOV_UK = /(?:@|\bwww\.)(?:[a-z0-9-]+\.)*?([a-z0-9-]+)\.gov\.uk\b/gi

export function matchCouncil(doc: Doc, index: CouncilIndex, opts: MatchOptions): CouncilFinding {
  const scores = new Map<
    string,
    {
      score: number
      mentions: number
      /** mentions by a council's own name ("Cambridgeshire County Council"), not a place's alone ("Cambridge") */
      named: number
      /** its short name used alone where it is a common one ("Sutton", "the Sutton Next programme"): no score, a
       * tie's breaker */
      echo: number
      ev: Evidence[]
      places: Map<string, Evidence>
      towns: Set<string>
    }
  >()
  const entry = (code: string) => {
    let e = scores.get(code)
    if (!e)
      scores.set(code, (e = { score: 0, mentions: 0, named: 0, echo: 0, ev: [], places: new Map(), towns: new Set() }))
    return e
  }
  /** councils named only as someone's employer ("the Leader of Anytown Council"): a peer's, or the council's own */
  const employers = new Set<string>()
  for (const m of index.mentions(doc.text)) {
    if (inRanges(m.start, opts.exclude)) continue
    // an e-mail address or web link is not a mention
    const around = doc.text.slice(Math.max(0, m.start - 1), m.end + 1)
    if (/[@./]/.test(around[0] ?? '') && !/\s/.test(around[0] ?? '')) continue
    const before = doc.text.slice(Math.max(0, m.start - 70), m.start)
    if (EMPLOYER.test(before) || (/,[ \t]*$/.test(before) && EMPLOYER_LISTED.test(before))) {
      // (not a peer's: "Leader of Anytown Council, who led the peer team")
      if (!PEER_AFTER.test(doc.text.slice(m.end, m.end + 80)))
        for (const a of m.aliases) if (a.strong) employers.add(a.code)
      continue
    }
    // (initials too: "T&W Fire and Rescue" is Tyne and Wear's service)
    if (!m.aliases.some((a) => a.strong && !a.initials) && OTHER_BODY_AFTER.test(doc.text.slice(m.end, m.end + 40)))
      continue
    const own =
      OWN_BEFORE.test(doc.text.slice(Math.max(0, m.start - 12), m.start)) ||
      OWN_AFTER.test(doc.text.slice(m.end, m.end + 30))
    const surface = doc.text.slice(m.start, m.end)
    // initials count written in capitals ("NWLDC", "BCP Council", "H&F")
    const aliases = m.aliases.some((a) => a.initials)
      ? m.aliases.filter((a) => !a.initials || /^[A-Z]{3,}\b|^[A-Z]+ ?& ?[A-Z]+$/.test(surface))
      : m.aliases
    let strong = aliases.filter((a) => a.strong || (own && !a.place))
    // a name with "City" or "Borough" after it and another name's word after that is that other thing's ("Greater
    // Cambridge City Deal", "Leicester City Football Club", "Bradford City Centre"): the place's name, no more
    const demoted =
      strong.length > 0 &&
      /\s(?:city|borough)$/i.test(surface) &&
      /^[ \t]+(?!Councils?\b)[A-Z][a-z]/.test(doc.text.slice(m.end, m.end + 24))
    if (demoted) strong = []
    // one name two councils answer to ("Somerset Council": the county until 2023 and the council after it): the one
    // whose own name it is, else the one that still exists
    if (strong.length > 1) strong = ownName(index, strong, surface, opts.date)
    const weak = aliases.filter((a) => (demoted || !a.strong) && !a.place && !a.common)
    const place = aliases.filter((a) => a.place)
    if (!strong.length && m.capital) for (const a of aliases) if (a.common) entry(a.code).echo++
    if (strong.length) {
      // the name alone on its line (a letterhead or title) weighs double, as does "peer challenge at <name>"
      const line = doc.lines[lineAt(doc, m.start)]!
      const alone = m.end - m.start >= 0.8 * line.text.length
      const bonus =
        (inRanges(m.start, opts.titleZone) ? 3 : 1) *
        (CONTEXT.test(doc.text.slice(Math.max(0, m.start - 60), m.start)) ? 2 : 1) *
        (alone || COPYRIGHT.test(line.text) ? 2 : 1)
      for (const a of strong) {
        const e = entry(a.code)
        e.score += 3 * bonus
        e.mentions++
        e.named++
        if (e.ev.length < 8) e.ev.push(ev(doc, m.start, m.end))
      }
    } else if (weak.length && m.capital) {
      const bonus = inRanges(m.start, opts.titleZone) ? 3 : 1
      for (const a of weak) {
        const e = entry(a.code)
        e.score += bonus / weak.length
        e.mentions++
        if (e.ev.length < 8) e.ev.push(ev(doc, m.start, m.end))
        e.places.set(key(surface), ev(doc, m.start, m.end))
      }
    }
    if (place.length && m.capital) {
      for (const a of place) {
        const e = entry(a.code)
        e.places.set(key(surface), ev(doc, m.start, m.end))
        e.towns.add(key(surface))
      }
    }
  }
  // the council's own web or email domain ("policy@anytown.gov.uk"); the LGA's (local.gov.uk) is no council's
  // (tried only in the words that hold ".gov.uk", not at every position of the text)
  for (const m of anchoredMatches(GOV_UK, ['gov\\.uk'], 0, doc.text)) {
    const at = m.index
    if (opts.exclude.some((r) => at >= r.start && at < r.end)) continue
    const codes = index.byDomain.get(m[1]!.toLowerCase().replace(/-/g, '')) ?? []
    if (codes.length !== 1) continue
    const e = entry(codes[0]!)
    e.score += 3
    e.mentions++
    e.named++
    if (e.ev.length < 8) e.ev.push(ev(doc, at, at + m[0].length))
  }
  const existed = [...scores.entries()].filter(([code]) => index.existedOn(code, opts.date))
  const ranked = existed
    .map(([code, e]) => ({ code, ...e }))
    .filter((e) => e.score > 0)
    .sort((a, b) => b.score - a.score)
  const candidates = ranked.slice(0, 5).map((r) => ({
    code: r.code,
    name: index.byCode.get(r.code)!.officialName,
    score: Math.round(r.score * 10) / 10,
    mentions: r.mentions,
  }))
  const [top, second] = ranked
  // a joint challenge: two councils named together ("Anytown Borough Council and Othertown District Council"), each
  // about as often as the other, or together in the title, however often the first is named after it (two councils
  // named together in passing, "X and Y share a chief executive", are not a joint challenge)
  const together = top && second ? namedTogether(doc, index, top.code, second.code) : null
  const inTitle = !!together && titleTogether(doc, together.start, opts.titleZone)
  const third = ranked[2]?.score ?? 0
  if (
    top &&
    second &&
    together &&
    second.score >= 3 &&
    (top.score < 2 * second.score || inTitle) &&
    // (a third council named in passing, the county both lie in, is no bar; one named as often is, unless the two
    // are the title's and each is named more than the third: the county as their partner)
    (3 * third <= second.score || (inTitle && third < second.score))
  ) {
    const a = index.byCode.get(top.code)!
    const b = index.byCode.get(second.code)!
    return {
      value: { code: a.code, name: a.officialName, inferred: false, joint: { code: b.code, name: b.officialName } },
      confidence: Math.min(
        0.95,
        (top.score + second.score) / (top.score + second.score + (ranked[2]?.score ?? 0) * 2 + 4),
      ),
      evidence: [...top.ev.slice(0, 4), ...second.ev.slice(0, 4)],
      candidates,
      clues: [],
      note: `a joint challenge of ${a.officialName} and ${b.officialName}, named together`,
    }
  }
  // the councils whose places the text names, most places first
  const byPlaces = existed
    .map(([code, e]) => ({ code, n: e.places.size, places: e.places }))
    .filter((e) => e.n > 0)
    .sort((a, b) => b.n - a.n)
  const clues = [...new Set(byPlaces.flatMap((p) => [...p.places.keys()]))].map((k) => titleCaseKey(doc, byPlaces, k))
  const [p1, p2] = byPlaces
  /** the council whose places the text names (two or more, twice as many as any other's), never named itself */
  const inferred = (councilsOnly = false): CouncilFinding | null => {
    // (of councils alone, where a combined authority, the area's body, is named: its own "places" are the area's)
    const [most, next] = councilsOnly ? byPlaces.filter((p) => !combined(index.byCode.get(p.code)!)) : byPlaces
    // (one place will do where it is a letter's address, the town on its own line over the postcode: the council's
    // offices, under the chief executive's name)
    const addressed = !!most && most.n === 1 && !next && [...most.places.values()].some((e) => addressTown(doc, e))
    if (!most || (most.n < 2 && !addressed) || (next && most.n < 2 * next.n)) return null
    const c = index.byCode.get(most.code)!
    const names = [...most.places.keys()].map((k) => titleCaseKey(doc, byPlaces, k))
    return {
      value: {
        code: c.code,
        name: c.officialName,
        inferred: true,
        inferredFrom: `places in the text: ${names.join(', ')}; the council is never named`,
      },
      confidence: Math.min(0.8, 0.4 + 0.15 * most.n),
      evidence: [...most.places.values()],
      candidates,
      clues,
      note: addressed ? `the town of the letter's address` : `inferred from ${most.n} places in ${c.niceName}`,
    }
  }
  // a combined authority, the body of the area the council is in ("the Greater Manchester Combined Authority's
  // Evergreen fund"), named where the council itself is not: the council whose places the text names
  if (
    top &&
    combined(index.byCode.get(top.code)!) &&
    !ranked.some((r) => r.score >= 3 && !combined(index.byCode.get(r.code)!))
  ) {
    const council = inferred(true)
    if (council) return council
  }
  // one council named, even once, with no other council in the text beside the peers' own
  if (top && top.score >= 3 && (!second || (second.score < 3 && top.score >= 3 * second.score)) && top.ev.length) {
    const c = index.byCode.get(top.code)!
    // (a combined authority named alone is more often the area's body beside a council the text never names than
    // the subject: kept below 0.9)
    const area = combined(c)
    return {
      value: { code: c.code, name: c.officialName, inferred: false },
      confidence: area ? 0.6 : top.score >= 6 ? 0.95 : 0.85,
      evidence: top.ev,
      candidates,
      clues: [],
      note: area
        ? `only a combined authority is named (${top.mentions} time(s)): the document may be about one of its councils, never named`
        : `named ${top.mentions} time(s) outside the peer team list, and no other council is named`,
    }
  }
  if (top && top.score >= 4) {
    // of councils named about as often, the one whose towns the text names too (a council's own page, beside a county
    // named in passing); and over a combined authority, however often named, a council of it whose towns are named
    // (or named as a council, where the other is only a place's name: "Shire Hall, Cambridge" under
    // "Cambridgeshire County Council")
    const ahead =
      !second || top.score >= 2 * second.score || (top.named > 0 && second.named === 0 && top.score > second.score)
    const pick = ahead
      ? combined(index.byCode.get(top.code)!) && !top.towns.size
        ? byTowns(ranked.filter((r) => r.score >= 3))
        : null
      : byTowns(ranked.filter((r) => 2 * r.score > top.score))
    if (pick) {
      const c = index.byCode.get(pick.code)!
      const names = [...pick.towns].map((k) => titleCaseKey(doc, [pick], k))
      return {
        value: { code: c.code, name: c.officialName, inferred: false },
        confidence: 0.7,
        evidence: [...pick.ev, ...pick.places.values()].slice(0, 8),
        candidates,
        clues: [],
        note: `named beside ${index.byCode.get(top.code === pick.code ? second!.code : top.code)!.officialName}, whose towns the text does not name; its own are (${names.join(', ')})`,
      }
    }
    if (ahead) {
      const c = index.byCode.get(top.code)!
      const confidence = Math.min(0.99, top.score / (top.score + (second?.score ?? 0) + 2))
      return {
        value: { code: c.code, name: c.officialName, inferred: false },
        confidence,
        evidence: top.ev,
        candidates,
        clues: [],
        note: `named ${top.mentions} time(s) outside the peer team list`,
      }
    }
    return {
      value: null,
      confidence: 0,
      evidence: [...top.ev.slice(0, 3), ...(second?.ev.slice(0, 3) ?? [])],
      candidates,
      clues: candidates.map((c) => c.name),
      note: `more than one council is named about as often (${candidates.map((c) => c.name).join(', ')}); choose the council`,
    }
  }
  // councils named once each, as a team's councils are, one of them named again by its short name alone ("the Sutton
  // Next programme"): that one, unsure
  if (top && top.score >= 3) {
    const tied = ranked.filter((r) => r.score >= top.score)
    const echoed = tied.filter((r) => r.echo >= 2)
    if (tied.length > 1 && echoed.length === 1 && tied.every((r) => r === echoed[0] || r.echo === 0)) {
      const c = index.byCode.get(echoed[0]!.code)!
      return {
        value: { code: c.code, name: c.officialName, inferred: false },
        confidence: 0.6,
        evidence: echoed[0]!.ev,
        candidates,
        clues: [],
        note: `named as often as ${tied.length - 1} other council(s), and by its short name alone ${echoed[0]!.echo} time(s)`,
      }
    }
  }
  // No council named: infer from places, if two or more distinct places agree and no other council comes close.
  const council = inferred()
  if (council) return council
  // a council named only as someone's employer, whose place the text names on its own too ("Leader of Anytown
  // Council, Cllr Jo Bloggs, said …" and "sites across Anytown"): its own leader or officer, not a visiting peer
  if (
    p1 &&
    employers.has(p1.code) &&
    (!p2 || p1.n >= 2 * p2.n) &&
    !ranked.some((r) => r.code !== p1.code && r.score >= 3)
  ) {
    const c = index.byCode.get(p1.code)!
    return {
      value: { code: c.code, name: c.officialName, inferred: false },
      confidence: 0.8,
      evidence: [...p1.places.values()],
      candidates,
      clues,
      note: `named as the employer of someone in the text, and its place ${[...p1.places.keys()].map((k) => titleCaseKey(doc, byPlaces, k)).join(', ')} named on its own`,
    }
  }
  return {
    value: null,
    confidence: 0,
    evidence: byPlaces.flatMap((p) => [...p.places.values()]).slice(0, 6),
    candidates,
    clues,
    note: clues.length
      ? `the council is not named; places found: ${clues.join(', ')}`
      : 'the council is not named and no place in the text identifies it',
  }
}

function ownName(index: CouncilIndex, strong: Alias[], surface: string, date: string | null): Alias[] {
  const codes = [...new Set(strong.map((a) => a.code))].filter((c) => index.existedOn(c, date))
  if (codes.length < 2) return strong
  const k = key(surface)
  const exact = codes.filter((c) => key(index.byCode.get(c)!.officialName) === k)
  if (exact.length === 1) return strong.filter((a) => a.code === exact[0])
  // (the text's own date, where it has one, has already set aside a council that did not exist then)
  const current = codes.filter((c) => !index.byCode.get(c)!.endDate)
  return current.length === 1 && codes.length === 2 ? strong.filter((a) => a.code === current[0]) : strong
}

/** Of candidates, the one whose towns the text names (two or more), where the others' are not named at all. */
function byTowns<T extends { towns: Set<string> }>(pool: T[]): T | null {
  const placed = pool.filter((r) => r.towns.size >= 2)
  return placed.length === 1 && pool.every((r) => r === placed[0] || r.towns.size === 0) ? placed[0]! : null
}

/** whether two councils named together at `at` are a title's: in the title zone, on a line that is no sentence */
function titleTogether(doc: Doc, at: number, zone: { start: number; end: number }[]): boolean {
  const line = doc.lines[lineAt(doc, at)]!
  return inRanges(at, zone) && line.text.length <= 120 && !/[.!?]$/.test(line.text)
}

/** whether offset `p` falls in one of the ranges */
const inRanges = (p: number, rs: { start: number; end: number }[]) => rs.some((r) => p >= r.start && p < r.end)

/** Where the text names the two councils side by side, joined by 'and' (either way round), if it does (null: never). */
function namedTogether(doc: Doc, index: CouncilIndex, a: string, b: string): { start: number } | null {
  const ms = index.mentions(doc.text)
  for (let i = 0; i + 1 < ms.length; i++) {
    const x = ms[i]!
    const y = ms[i + 1]!
    const codes = (m: typeof x) => m.aliases.filter((al) => !al.place).map((al) => al.code)
    const between = doc.text.slice(x.end, y.start)
    if (!/^\s*(?:and|&)\s*$/i.test(between)) continue
    if ((codes(x).includes(a) && codes(y).includes(b)) || (codes(x).includes(b) && codes(y).includes(a)))
      return { start: x.start }
  }
  return null
}

function titleCaseKey(doc: Doc, byPlaces: { places: Map<string, Evidence> }[], k: string): string {
  for (const p of byPlaces) {
    const e = p.places.get(k)
    if (e) return doc.text.slice(e.start, e.end)
  }
  return k
}
