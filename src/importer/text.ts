/**
 * The text model the extractors work on. Every reader (text, Word, PDF, HTML) produces plain text in the same light
 * markdown (`# ` headings, `- ` bullets, `**` bold where the format keeps it); offsets in evidence refer to the
 * normalised text, which is what the review page shows.
 */
import { fromParts, isIsoDate } from '../common/dates.ts'

export interface Line {
  /** 0-based line number */
  n: number
  start: number
  end: number
  raw: string
  /** without markdown heading marks, bullets, bold marks and surrounding space */
  text: string
  indent: number
  bullet: boolean
  heading: boolean
  /** paragraph number such as "2", "2.1", "3.0", "(iii)" when the line starts with one */
  number: string | null
  /** text after the paragraph number */
  rest: string
  blank: boolean
  /** a slot where the parser keeps what it works out of the line once (0: not yet) */
  memo: number
}

export interface Doc {
  text: string
  /** the text with page furniture (page numbers, running headers) blanked by spaces: same offsets, for searching */
  scan: string
  lines: Line[]
}

export interface Evidence {
  start: number
  end: number
  line: number
}

/** a bullet and a paragraph number at a line's start (exported for the tests, which read lines with them alone) */
/** (a lone small "o" before a capital is the hollow bullet a symbol font's list leaves in text: "o  Articulate …") */
// (a symbol font's bullets read as letters: "o" for a hollow one, "Ø" for an arrow, "§" for a square)
export const BULLET = /^(?:[-*•·▪◦●○■□➢➤✓→►▶‣⁃➔]|\uf0b7|\uf0a7|[oØ§](?=\s+[A-Z]))\s+/
export const NUMBER = /^(\(?[ivxlc]+\)|\(?[a-z]\)|\(?\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\.?)\s+/i

/** whether the character with this code is one that normalising changes (\r, the control characters but tab and newline, non-breaking and zero-width spaces, the soft hyphen, the
 * private-use bullets, the typesetting ligatures "ﬁ" and "ﬀ" a PDF's text keeps) */
const needsNormalising = (c: number) =>
  c < 0x20
    ? c !== 9 && c !== 10
    : c >= 0x7f &&
      (c === 0x7f ||
        (c >= 0xfb00 && c <= 0xfb06) ||
        c === 0xa0 ||
        c === 0xad ||
        c === 0x2007 ||
        c === 0x202f ||
        c === 0x200b ||
        c === 0x200c ||
        c === 0x200d ||
        c === 0xfeff ||
        c === 0xf0b7 ||
        c === 0xf0a7 ||
        c === 0xf076 ||
        c === 0xf0d8)

/** any character `needsNormalising` holds: one native test (about half the loop's time on long text) finds most
 * text files have none */
const NEEDS_NORMALISING =
  /[\u0000-\u0008\u000b-\u001f\u007f\u00a0\u00ad\u2007\u202f\u200b-\u200d\ufeff\uf0b7\uf0a7\uf076\uf0d8\ufb00-\ufb06]/

/** UTF-8 read as Windows-1252 ("councilâ€™s", "Â£2m", "Dâ€™Souza"): a character that is a UTF-8 sequence's first
 * byte in Windows-1252, then one that is a following byte (0x80 to 0xBF) */
const MIS_DECODED =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/
/** Windows-1252's characters for the bytes 0x80 to 0x9F (the WHATWG Encoding Standard's index; Node's TextDecoder
 * reads this encoding as Latin-1); the five bytes it leaves undefined read as the control characters of the same
 * number, as a decoder reads them */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178'
/** each character's byte in Windows-1252, from 0x80 up (0xA0 to 0xFF are Latin-1's) */
const CP1252_BYTE = (() => {
  const m = new Map<number, number>()
  for (let i = 0; i < 32; i++) m.set(CP1252_80_9F.charCodeAt(i), 0x80 + i)
  for (let b = 0xa0; b <= 0xff; b++) m.set(b, b)
  return m
})()
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The text with each run of characters that spells a UTF-8 sequence byte for byte in Windows-1252 decoded as UTF-8:
 * "â€™" is "’", "Â£" is "£", "Ã©" is "é". A run is decoded only when it is a whole, valid sequence of its lead byte's
 * length, so words with accents written correctly ("naïve", "Ó Súilleabháin") are left alone. A closing quote whose
 * last byte the decoder lost ("â€" then U+FFFD) is the right double quote, the usual one. */
export function repairMisDecoded(text: string): string {
  if (!MIS_DECODED.test(text)) return text
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const lead = CP1252_BYTE.get(text.charCodeAt(i))
    if (lead === undefined || lead < 0xc2 || lead > 0xf4) continue
    const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2
    const bytes = [lead]
    for (let k = 1; k < size; k++) {
      const b = CP1252_BYTE.get(text.charCodeAt(i + k))
      if (b === undefined || b > 0xbf) break
      bytes.push(b)
    }
    let decoded: string | null = null
    if (bytes.length === size) {
      try {
        decoded = STRICT_UTF8.decode(Uint8Array.from(bytes))
      } catch {
        decoded = null
      }
    } else if (size === 3 && bytes.length === 2 && lead === 0xe2 && bytes[1] === 0x80 && text[i + 2] === '\ufffd')
      decoded = '\u201d'
    if (decoded === null) continue
    out += text.slice(from, i) + decoded
    i += size - 1
    from = i + 1
  }
  return out + text.slice(from)
}

/** Cleans raw extracted text: UTF-8 read as Windows-1252, line endings, non-breaking and zero-width spaces, soft
 * hyphens, control characters, ligatures. */
export function normaliseText(input: string): string {
  let s = normaliseCharacters(repairMisDecoded(input))
  // a markdown export's escapes ("## 2\\. Key recommendations", "**1\\. Develop …**"; an escaped "|" stays one, inside
  // a table's cell), the inline HTML it keeps ("24<sup>th</sup>", a cell's "<br>"), its superscript ordinal
  // ("11^th^") and its dash written as two hyphens ("11 -- 14 October")
  // (each step only where a search for its character finds one: most texts have none; a search for " -- " takes far
  // longer than one for "--")
  if (s.includes('\\')) s = s.replace(/\\([\\`*_{}[\]()#+\-.!>~^])/g, '$1')
  if (s.includes('<'))
    s = s.replace(/<br\s*\/?>/gi, ' ').replace(/<\/?(?:sup|sub|b|i|em|strong|u|span)\b[^<>]{0,80}>/gi, '')
  if (s.includes('^')) s = s.replace(/(\d)\^(st|nd|rd|th)\^/gi, '$1$2')
  // (a heading's identifier and classes in braces at its end, as some markdown writers add them: "## The
  // recommendations {#recommendations}")
  if (s.includes('{#') || s.includes('{.')) s = s.replace(/[ \t]*\{[#.][\w:.-]+(?:\s+[#.][\w:.-]+)*\}[ \t]*$/gm, '')
  if (s.includes('--')) s = s.replace(/ -- (?=\S)/g, ' – ')
  // boxes drawn with box-drawing characters round a paragraph ("┌────┐" / "│ … │" / "└────┘"): their rules are blank
  // lines, their sides nothing
  if (s.includes('─') || s.includes('│') || s.includes('═') || s.includes('║'))
    s = s.replace(BOX_RULE, '').replace(BOX_SIDE, '$1')
  // a leader of dots between a label and its value ("Lead peer ........ Jo Bloggs, …"): a colon (not a contents
  // list's, its page number after the dots)
  if (s.includes('....')) s = s.replace(DOT_LEADER, '$1: ')
  // (tables written with bars first: their cells padded to the bars are no page's columns)
  if (s.includes(' | ')) s = pipeTables(s)
  if (RULE_RUNS.test(s) || NAMED_COLUMNS.test(s)) s = spacedTables(s)
  if (COLUMN_GAP.test(s)) s = unColumn(s)
  return s
}

/** a short label, a leader of four dots or more, and a value that is not a page number */
const DOT_LEADER = /^([ \t]*[^\s.][^.\n]{0,40}?)[ \t]*\.{4,}[ \t]*(?=\S)(?![\divxlc]{1,4}[ \t]*$)/gim
/** a rule of one run of dashes, equals signs or underscores */
const FULL_RULE = /^[ \t]*(?:-{5,}|={5,}|_{5,})[ \t]*$/
/** a line drawn with box-drawing characters alone, and a box's side at a line's start or end */
const BOX_RULE = /^[ \t]*[\u2500-\u257f][\u2500-\u257f \t]*$/gm
const BOX_SIDE = /^([ \t]*)[│┃║][ \t]?|[ \t]?[│┃║][ \t]*$/gm

/** text, a gap of three spaces or more, and more text (a text laid out in columns, as `pdftotext -layout` writes a
 * page of two: somewhere its gutter is wider than a sentence's two spaces); a text without one is not looked at
 * further (one quick search: a pattern that first tests each line's length cost about 7% of a parse) */
const COLUMN_GAP = /\S {3,}\S/
/** the nearest a second column starts to the line's start: a column of prose is 30 characters wide or more (a table's
 * column of labels is narrower) */
const MIN_GUTTER = 30
/** the fewest lines with text in both columns that make a page of two columns */
const MIN_TWO_SIDED = 4

/** Pages laid out in two columns, side by side on each line ("The council has a strong …      5. Strengthen performance
 * management …"), read as a reader reads them: the left column down, then the right. A run of lines is two columns
 * where a column starts at the same place on every line with text in it (two spaces or more before it), half its
 * lines or more have text on both sides, and the left column's text runs to near the gutter (prose wrapped to the
 * column's width; a table's short first cells do not, and a table keeps its rows). */
export function unColumn(text: string): string {
  const lines = text.split('\n')
  // where a second column may start on each line: after two spaces or more, MIN_GUTTER characters in or more
  const starts = new Map<number, number>()
  /** the places where some line's gutter is wider than two spaces (a column of prose has a ragged edge) */
  const wide = new Set<number>()
  const twoSided: number[][] = lines.map((l) => {
    const at: number[] = []
    for (const m of l.matchAll(/\S( {2,})(?=\S)/g)) {
      const p = m.index + 1 + m[1]!.length
      if (p < MIN_GUTTER) continue
      at.push(p)
      starts.set(p, (starts.get(p) ?? 0) + 1)
      if (m[1]!.length >= 4) wide.add(p)
    }
    return at
  })
  const candidates = [...starts].filter(([p, n]) => n >= MIN_TWO_SIDED && wide.has(p)).sort((a, b) => b[1] - a[1])
  if (!candidates.length) return text
  /** whether line i fits a gutter at p: blank, left only (ending before it), right only (starting at it), or both */
  const side = (l: string, p: number): 'blank' | 'left' | 'right' | 'both' | null => {
    const t = l.trimEnd()
    if (!t) return 'blank'
    if (t.length < p - 1) return 'left'
    // (the right column's text may be set in further: a wrapped line under its bullet)
    if (l.charCodeAt(p - 1) !== 32) return null
    const left = l.slice(0, p).trimEnd()
    if (!left) return 'right'
    return l.charCodeAt(left.length + 1) === 32 ? 'both' : null
  }
  const out: string[] = []
  const done = new Uint8Array(lines.length)
  const regions: { from: number; to: number; p: number }[] = []
  for (const [p] of candidates) {
    for (let i = 0; i < lines.length;) {
      if (done[i] || !twoSided[i]!.includes(p)) {
        i++
        continue
      }
      // grow the run around a line with both columns at p
      let from = i
      while (from > 0 && !done[from - 1] && side(lines[from - 1]!, p) !== null) from--
      let to = i
      while (to + 1 < lines.length && !done[to + 1] && side(lines[to + 1]!, p) !== null) to++
      // (a running header set to the right, over a blank line, is the page's, not the right column's)
      while (from < to && (!lines[from]!.trim() || (side(lines[from]!, p) === 'right' && !lines[from + 1]!.trim())))
        from++
      while (to > from && !lines[to]!.trim()) to--
      let both = 0
      let filled = 0
      let written = 0
      let ragged = false
      for (let k = from; k <= to; k++) {
        const sd = side(lines[k]!, p)
        if (sd === 'blank') continue
        written++
        if (sd === 'both') {
          both++
          const left = lines[k]!.slice(0, p).trimEnd()
          // (the column's width from where its text starts: a table's first column set in by spaces is narrow)
          const start = left.length - left.trimStart().length
          const width = p - start
          if (width >= MIN_GUTTER && left.length - start >= Math.max(width - 14, width * 0.75)) filled++
          // (a column of prose has a ragged edge: somewhere the gutter is wider than a sentence's two spaces)
          if (p - left.length >= 4) ragged = true
        }
      }
      if (both >= MIN_TWO_SIDED && both * 2 >= written && filled * 2 >= both && ragged) {
        regions.push({ from, to, p })
        for (let k = from; k <= to; k++) done[k] = 1
      }
      i = to + 1
    }
  }
  if (!regions.length) return text
  regions.sort((a, b) => a.from - b.from)
  let at = 0
  for (const { from, to, p } of regions) {
    out.push(...lines.slice(at, from))
    const left: string[] = []
    const right: string[] = []
    for (let k = from; k <= to; k++) {
      const l = lines[k]!
      const sd = side(l, p)
      if (sd === 'blank') {
        left.push('')
        right.push('')
        continue
      }
      let l0 = l.slice(0, p).trimEnd()
      let r0 = l.slice(p).trimEnd()
      // a bullet or number that hangs out into the gutter before the right column's item is the item's
      const hang = /^(.*?)( {2,})(\S{1,3})$/.exec(l0)
      if (hang && hang[1]!.length + hang[2]!.length >= p - 6 && r0) {
        l0 = hang[1]!
        r0 = `${hang[3]} ${r0.trimStart()}`
      }
      if (l0) left.push(l0)
      if (r0) right.push(r0)
    }
    out.push(...left, '', ...right)
    at = to + 1
  }
  out.push(...lines.slice(at))
  return out.join('\n')
}

/** a markdown table's line under its header ("|---|:---:|") */
// (a cell of one hyphen or more, a colon either side for its alignment: "|:-:|---|")
const PIPE_RULE = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$/

/** two runs of dashes with spaces between them: where a text may hold a table laid out by spaces under a rule */
const RULE_RUNS = /-{3} +-{3}/
/** a table's rule under its column names: runs of dashes parted by spaces, one a column ("-----  ------  ---") */
const TABLE_RULE = /^ *-{2,}(?: +-{2,})+ *$/

/** a line that may be a table's column names laid out by spaces: a known column's name after a gap of two spaces,
 * before another gap or the line's end (".  Council agreed" in a text of two spaces after a stop is no column) */
const NAMED_COLUMNS =
  / {2,}(?:position|role|organisation|council|theme|recommendations?|actions?|lead(?: officer)?|status|progress|(?:proposed )?response|owner|timescales?|rag(?: status)?|target date|comments?)(?:\s?\([^()\n]{1,30}\))?(?= {2,}\S| *$)/im
/** a column's name in such a line: a team's or a recommendations table's */
const COLUMN_NAME =
  /^(?:no\.?|ref\.?|number|name|peer|position|role|title|organisation|council|authority|theme|(?:(?:key|peer(?: team)?|cpc|original)\s+)?recommendations?|(?:proposed\s+|agreed\s+)?actions?|(?:proposed\s+|council(?:['’]s)?\s+)?response|lead(?:\s+(?:officer|member))?|(?:action\s+)?owner|status|rag(?:\s+status)?|progress|summary of progress|update|timescales?|target(?:\s+date)?|due date|deadline|comments?|evidence|priority)(?:\s*\([^()]{1,30}\))?$/i

/**
 * Tables laid out by spaces, as a text export (pandoc's "simple" and "multiline" tables), a committee system or
 * `pdftotext -layout` writes them: under a rule of dashes, a run of dashes a column, or under a line of known column
 * names set apart by spaces, each column starting where its name does:
 *
 *       CPC recommendation          Summary of progress       Status
 *       --------------------------  ------------------------  --------
 *       1. Develop a clear and      New Council Plan agreed   Complete
 *       compelling narrative …      in July 2025.
 *
 * become a row to a line with a tab between cells, as the parser reads tables: each run of lines between blank lines
 * one row (its cells' wrapped lines joined), or, where no blank line parts the rows, each line one, a line with its
 * first cell empty carrying on the row above. The table ends at two blank lines, at a closing rule, or where a line's
 * text crosses the space before a column (the paragraph after it).
 */
function spacedTables(text: string): string {
  const lines = text.split('\n')
  let changed = false
  for (let r = 1; r < lines.length; r++) {
    const line = lines[r]!
    let cols: { start: number; end: number }[] = []
    /** the first of the column names (the body starts on the line after line r) */
    let top: number
    if (TABLE_RULE.test(line) && lines[r - 1]!.trim()) {
      for (const m of line.matchAll(/-{2,}/g)) cols.push({ start: m.index, end: m.index + m[0].length })
      // the column names: the lines above the rule up to a blank line
      top = r - 1
      while (top > 0 && lines[top - 1]!.trim() && r - top < 3) top--
    } else if (NAMED_COLUMNS.test(line)) {
      const names = [...line.matchAll(/\S+(?: \S+)*/g)]
      if (names.length < 2 || !names.every((m) => COLUMN_NAME.test(m[0]))) continue
      // (a column starts where its name does, and ends two spaces before the next one's)
      cols = names.map((m, i) => ({ start: m.index, end: (names[i + 1]?.index ?? Infinity) - 2 }))
      top = r
    } else continue
    /** the column names' lines (above the rule, or the line of names itself) */
    const head = lines.slice(top, top === r ? r + 1 : r)
    // the spaces before each column, which every line of the table leaves blank (two at least, where the line reaches
    // the column: a paragraph's words cross them)
    const fits = (l: string) =>
      !l.slice(0, cols[0]!.start).trim() &&
      cols.every(
        (c, i) => i === 0 || l.length <= c.start || !l.slice(Math.min(cols[i - 1]!.end, c.start - 2), c.start).trim(),
      )
    const cells = (group: string[]) =>
      cols.map((c, i) =>
        group
          .map((l) => l.slice(c.start, i + 1 < cols.length ? cols[i + 1]!.start : undefined).trim())
          .filter(Boolean)
          .join(' '),
      )
    if (!head.every(fits)) continue
    // the body: runs of lines between blank lines, while they fit the columns
    const groups: string[][] = []
    /** where each group ends */
    const ends: number[] = []
    let end = r + 1
    let blanks = 0
    for (let i = r + 1; i < lines.length; i++) {
      const l = lines[i]!
      if (!l.trim()) {
        if (++blanks >= 2) break
        continue
      }
      // (a rule under the column names, across the whole table or a run a column: "Name    Role" / "-----------")
      if (i === r + 1 && top === r && (FULL_RULE.test(l) || TABLE_RULE.test(l))) {
        end = i + 1
        continue
      }
      if (TABLE_RULE.test(l)) {
        end = i + 1
        break
      }
      // (a line that does not fit, a paragraph or a page's footer after the table, ends it: the table ends at it,
      // though no blank line parts them)
      let j = i
      while (j < lines.length && lines[j]!.trim()) j++
      let fit = i
      while (fit < j && fits(lines[fit]!)) fit++
      if (fit === i) break
      groups.push(lines.slice(i, fit))
      ends.push(fit)
      blanks = 0
      end = fit
      if (fit < j) break
      i = j - 1
    }
    // (a row's cells in one column alone are no table: the next paragraph set in as the names are; nor are lines of
    // one cell each, a table read a column at a time, its names, then its roles, each line in its own column)
    // (nor is a short line after the table, a heading set in as the names are, one of its rows: the table ends before)
    while (groups.length > 1 && groups.at(-1)!.length === 1 && cells(groups.at(-1)!).filter(Boolean).length < 2) {
      groups.pop()
      ends.pop()
      end = ends.at(-1)!
    }
    if (!groups.length || !groups.every((g) => cells(g).filter(Boolean).length >= 2)) continue
    // (one run with no blank lines: each line's own cells)
    const lineCells = groups.length === 1 ? groups[0]!.map((l) => cells([l])) : null
    if (lineCells && lineCells.filter((c) => c.filter(Boolean).length >= 2).length * 2 < lineCells.length) continue
    const rows = lineCells
      ? lineCells.reduce<string[][]>((out, c) => {
          if (out.length && !c[0]) out.at(-1)!.forEach((v, k) => (out.at(-1)![k] = c[k] ? `${v} ${c[k]}`.trim() : v))
          else out.push(c)
          return out
        }, [])
      : groups.map(cells)
    const table = [cells(head), ...rows].map((c) => c.join('\t'))
    lines.splice(top, end - top, ...table, '')
    r = top + table.length
    changed = true
  }
  return changed ? lines.join('\n') : text
}

/** A line's cells where "|" parts them ("1 | Refresh the plan | Green", "| a | b |"), or null: a line with no
 * " | " in it, or with an empty cell at its ends only. */
function pipeCells(l: string, gaps = false): string[] | null {
  if (!l.includes(' | ')) return null
  const cells = l
    .trim()
    .replace(/^\|\s*|\s*\|$/g, '')
    .split(/\s*\|\s*/)
  // (a markdown table's row under the first may leave cells empty, "| | | 1.2 Report options … |", the row above's
  // recommendation going on: not its first cell and last alone)
  return cells.length >= 2 &&
    (gaps && l.trimStart().startsWith('|') ? cells.some((c) => c !== '') : cells.every((c) => c !== ''))
    ? cells
    : null
}

/** Tables written with "|" between cells, as the parser reads tables: a cell to a tab. Only a run of two rows or
 * more with as many cells each is a table ("Home | News" alone is a web page's trail); a markdown table's rule under
 * its header goes. */
function pipeTables(text: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length;) {
    const first = pipeCells(lines[i]!)
    const rows: string[][] = first ? [first] : []
    let j = i + 1
    for (; first && j < lines.length; j++) {
      if (PIPE_RULE.test(lines[j]!)) continue
      // a row's last cell broken by a line break in it: the rest of the cell and the row's closing "|" on the next line
      // ("| Bethan Evans | Head of Economic Regeneration," / "Scarborough Borough Council |")
      if (!/\|\s*$/.test(lines[j - 1]!) && /^[^|]+\|\s*$/.test(lines[j]!) && rows.length > 1) {
        const last = rows.at(-1)!
        last[last.length - 1] = `${last.at(-1)!} ${lines[j]!.replace(/\|\s*$/, '').trim()}`
        continue
      }
      const cells = pipeCells(lines[j]!, true)
      // (or with no closing bars, the rest of the last cell alone on the next line, a row after it: "… | City of
      // Bradford Metropolitan" / "District Council" / "Liam Ferris | …")
      if (
        !cells &&
        lines[j]!.trim() &&
        !lines[j]!.includes('|') &&
        lines[j]!.trim().length <= 60 &&
        !/\|\s*$/.test(lines[j - 1]!) &&
        pipeCells(lines[j + 1] ?? '', true)?.length === first.length
      ) {
        const last = rows.at(-1)!
        last[last.length - 1] = `${last.at(-1)!} ${lines[j]!.trim()}`
        continue
      }
      if (cells?.length !== first.length) break
      rows.push(cells)
    }
    if (rows.length >= 2) out.push(...rows.map((r) => r.join('\t')))
    else out.push(...lines.slice(i, j))
    i = j
  }
  return out.join('\n')
}

function normaliseCharacters(input: string): string {
  if (!NEEDS_NORMALISING.test(input)) return input
  // one scan finds which of the passes below have work to do (a file with Windows line endings: that one alone)
  let work = 0
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i)
    if (needsNormalising(c))
      work |=
        c === 13
          ? CR
          : c === 0xa0 || c === 0x2007 || c === 0x202f
            ? NBSP
            : c < 0x7f || c === 0x7f
              ? CONTROL
              : c >= 0xf000 && c < 0xf100
                ? PRIVATE
                : c >= 0xfb00 && c <= 0xfb06
                  ? LIGATURE
                  : INVISIBLE
  }
  if (!work) return input
  let s = input
  if (work & CR) s = s.replace(/\r\n?/g, '\n')
  if (work & NBSP) s = s.replace(/[\u00a0\u2007\u202f]/g, ' ')
  if (work & INVISIBLE) s = s.replace(/\u200b|\u200c|\u200d|\ufeff|\u00ad/g, '')
  if (work & CONTROL) s = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
  if (work & PRIVATE) s = s.replace(/\uf0b7|\uf0a7|\uf076|\uf0d8/g, '•')
  if (work & LIGATURE) s = s.replace(/[\ufb00-\ufb06]/g, (l) => LIGATURES[l.charCodeAt(0) - 0xfb00]!)
  return s
}
/** the letters of each ligature from U+FB00 ("ﬀ", "ﬁ", "ﬂ", "ﬃ", "ﬄ", "ﬅ", "ﬆ") */
const LIGATURES = ['ff', 'fi', 'fl', 'ffi', 'ffl', 'st', 'st']
const CR = 1
const NBSP = 2
const INVISIBLE = 4
const CONTROL = 8
const PRIVATE = 16
const LIGATURE = 32

/** the same test as /\s/, on the character with this code (no regex run and no string made per character) */
export const isSpaceCode = (c: number) =>
  c === 32 ||
  (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff))

/** a character that is markup: a link's or an escape's bracket or backslash, a bold or italic mark, a superscript */
const MARKUP = /[[\\*\u2070-\u209f\u1d2c-\u1d6a\u00b9\u00b2\u00b3]/
/** spacing other than single spaces: two spaces, or a space character other than the space (two tests: a third
 * quicker than one pattern with both) */
const DOUBLE_SPACE = / {2}/
const OTHER_SPACE = /[^\S ]/
const oddSpace = (s: string) => DOUBLE_SPACE.test(s) || OTHER_SPACE.test(s)

export function stripMarkup(s: string): string {
  // most lines carry no markup and single spaces: the same answer without six passes over them (two native tests
  // find whether there is work to do)
  if (MARKUP.test(s)) return stripAll(s)
  return oddSpace(s) ? s.replace(/\s+/g, ' ').trim() : s.trim()
}

const SUPERSCRIPT = /[\u2070-\u209f\u1d2c-\u1d6a\u00b9\u00b2\u00b3]/

/** Links, escapes, bold and italic marks and superscripts (a footnote mark after a word) out, spacing made single;
 * each step only where the line has the character it works on (most lines with markup have bold marks alone). */
function stripAll(s: string): string {
  if (s.includes('](')) s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
  if (s.includes('\\')) s = s.replace(/\\([()[\]*_#])/g, '$1')
  if (s.includes('**')) s = s.replace(/\*\*/g, '')
  if (s.includes('*')) s = s.replace(/(^|\s)\*([^*\s][^*]*)\*(?=\s|$|[.,;:])/g, '$1$2')
  if (SUPERSCRIPT.test(s))
    s = s.replace(/[\u2070-\u209f\u1d2c-\u1d6a\u00b9\u00b2\u00b3]+/g, (m, off: number, whole: string) =>
      off > 0 && /\w/.test(whole[off - 1] ?? '') ? '' : m,
    )
  return (oddSpace(s) ? s.replace(/\s+/g, ' ') : s).trim()
}

export const MONTH_FIRST =
  /^\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/i
/** the first characters a bullet (BULLET) may start with */
const BULLET_START = new Set([...'-*•·▪◦●○■□➢➤✓→►▶‣⁃➔\uf0b7\uf0a7oØ§'].map((c) => c.charCodeAt(0)))

/** a character `stripMarkup` works on beyond the trim: markup (MARKUP), two spaces, or a space character other than
 * the space (OTHER_SPACE; a line holds no newline); a match never runs across a newline */
const NEEDS_STRIPPING = /[[\\*\u2070-\u209f\u1d2c-\u1d6a\u00b9\u00b2\u00b3]| {2}|[^\S \n]/g

export function buildDoc(text: string): Doc {
  const lines: Line[] = []
  let pos = 0
  // where the next character stripping works on ends (searched again once a line starts past it; Infinity: none left):
  // a line without one is stripped by the trim alone (most lines: one search of the text instead of three tests a line)
  let work = -1
  const parts = text.split('\n')
  for (let n = 0; n < parts.length; n++) {
    const raw = parts[n] ?? ''
    const start = pos
    const end = pos + raw.length
    pos = end + 1
    // the indent: leading spaces, a tab counting two
    let indent = 0
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i)
      if (c === 32) indent++
      else if (c === 9) indent += 2
      else break
    }
    let s = raw.trim()
    let heading = false
    // each regex below is tried only where the line's first character lets it match (most lines: none)
    if (s.length !== 0 && s.charCodeAt(0) === 35 && /^#{1,6}\s/.test(s)) {
      heading = true
      s = s.replace(/^#{1,6}\s+/, '')
    }
    let bullet = false
    // a bullet may be written with the bold mark first ("**- ") or last
    for (let i = 0; i < 2 && s.length !== 0; i++) {
      const c = s.charCodeAt(0)
      if (!BULLET_START.has(c)) break
      const b = BULLET.exec(c === 42 ? s.replace(/^\*\*(?=\S)/, '') : s)
      if (b) {
        bullet = true
        s = s.replace(/^\*\*(?=\S)/, '').slice(b[0].length)
      }
    }
    if (s.length !== 0 && s.charCodeAt(0) === 42 && /^\*\*.*\*\*$/.test(s) && !s.slice(2, -2).includes('**'))
      heading = true
    if (work <= start) {
      NEEDS_STRIPPING.lastIndex = start
      work = NEEDS_STRIPPING.test(text) ? NEEDS_STRIPPING.lastIndex : Infinity
    }
    // `s` is part of this line: with nothing to strip in the line, there is none in `s`
    const bare = work <= end ? stripMarkup(s) : s.trim()
    let number: string | null = null
    let rest = bare
    const num = numberAt(bare, s)
    if (num && !MONTH_FIRST.test(bare)) {
      number = num[1]!.replace(/[()]/g, '').replace(/\.$/, '')
      rest = bare.replace(/^\*\*/, '').slice(num[0].length).trim()
    }
    lines.push({ n, start, end, raw, text: bare, indent, bullet, heading, number, rest, blank: bare === '', memo: 0 })
  }
  letteredSeries(lines)
  dashSeries(lines)
  return { text, scan: blankFurniture(text, lines), lines }
}

/** an en dash as a line's bullet: "–  Set out a single, shared ambition …" */
const EN_DASH_ITEM = /^–\s+(?=[A-Z])/
/**
 * Lists bulleted with en dashes ("–  Complete the integration …"), which the line model does not take for bullets
 * line by line (a sentence wrapped at a dash carries on, "– which …"): a run of three lines or more so started, or of
 * two under a line that ends with a colon, each with a capital after its dash, blank lines or an item's wrapped lines
 * between them; and the list's rest after a page's break, a few lines on.
 */
function dashSeries(lines: Line[]) {
  let run: Line[] = []
  /** the last line so made an item: the list goes on after a page's break ("Page 2") */
  let last = -Infinity
  const close = () => {
    if (run.length) {
      let k = run[0]!.n - 1
      while (k >= 0 && lines[k]!.blank) k--
      if (run.length >= 3 || (run.length === 2 && k >= 0 && lines[k]!.text.endsWith(':')) || run[0]!.n - last <= 6) {
        for (const l of run) {
          l.bullet = true
          l.text = l.text.replace(EN_DASH_ITEM, '')
          l.rest = l.rest.replace(EN_DASH_ITEM, '')
        }
        last = run.at(-1)!.n
      }
    }
    run = []
  }
  for (const l of lines) {
    if (l.blank) continue
    if (!l.bullet && l.number === null && l.text.charCodeAt(0) === 0x2013 && EN_DASH_ITEM.test(l.text)) run.push(l)
    // (an item's text wrapped onto the next line carries the run on)
    else if (!run.length || lines[l.n - 1]!.blank) close()
  }
  close()
}

/** a line that starts with a letter and a full stop before a word ("B. Clarify the roles …", "c. Review …") */
const LETTER_LABEL = /^([A-Ha-h])\.\s+(?=\S)/
/** how far apart, in lines, two items of a lettered list may stand (a paragraph of body text between them) */
const LETTER_REACH = 12

/**
 * Lettered items without a tab after their letter ("A. Use the refresh of …", "B. Clarify …"): a letter and a full
 * stop at the start of a line number it only where the letter next to it in the alphabet, in the same case, starts a
 * line the same way close by, before it or after it. A lone "A. Smith" or "c. 80% of …" is text.
 */
function letteredSeries(lines: Line[]) {
  let found: Line[] | null = null
  for (const l of lines) {
    const c = l.text.charCodeAt(0)
    if (l.number !== null || l.text.charCodeAt(1) !== 46 || !((c >= 65 && c <= 72) || (c >= 97 && c <= 104))) continue
    if (LETTER_LABEL.test(l.text)) (found ??= []).push(l)
  }
  if (!found || found.length < 2) return
  const near = (l: Line, code: number) =>
    found.some(
      (o) =>
        o !== l &&
        o.text.charCodeAt(0) === code &&
        Math.abs(o.n - l.n) <= LETTER_REACH &&
        code > l.text.charCodeAt(0) === o.n > l.n,
    )
  const lettered = new Set(found)
  // (letters under a numbered item, or set in from the line above them, are its sub-items: "1. Reset the council's
  // governance" / "   a. Agree a new constitution")
  const under = (l: Line) => {
    let k = l.n - 1
    while (k >= 0 && (lines[k]!.blank || lettered.has(lines[k]!))) k--
    // (not set in under a sentence that introduces them: "… key recommendations to the Council:" / "  a. Articulate …")
    return k >= 0 && (lines[k]!.number !== null || (l.indent > lines[k]!.indent && !lines[k]!.text.endsWith(':')))
  }
  const series = found.filter((l) => {
    const c = l.text.charCodeAt(0)
    return (near(l, c + 1) || (c !== 65 && c !== 97 && near(l, c - 1))) && !under(l)
  })
  for (const l of series) {
    const m = LETTER_LABEL.exec(l.text)!
    l.number = m[1]!
    l.rest = l.text.slice(m[0].length)
  }
}

/** NUMBER at the start of the line (its bold mark aside), tried only where the next characters let it match: a
 * digit; '('; or a letter followed by ')' or, for a roman number, by more of [ivxlc] and then ')'; or a letter or
 * roman number with a full stop, where the line as written (`raw`, its tabs kept) says it numbers the line */
function numberAt(bare: string, raw: string): RegExpExecArray | null {
  // (no character read past the end: a read there costs the compiled code a deoptimisation; a number needs two)
  if (bare.length < 2) return null
  const t = bare.charCodeAt(0) === 42 && bare.charCodeAt(1) === 42 ? 2 : 0
  if (t >= bare.length) return null
  const c = bare.charCodeAt(t)
  if (c >= 48 && c <= 57) return NUMBER.exec(t ? bare.slice(2) : bare)
  if (c === 40) return NUMBER.exec(t ? bare.slice(2) : bare)
  const lower = c | 32
  if (lower < 97 || lower > 122) return null
  // "R1." (a recommendation's number): its number is the digits'; so is "J1.", "SO2:" or "KR1 –" (a recommendation's number
  // with its group's letters: joint, South Oxfordshire), with its stop
  if (c === 82 && t + 1 < bare.length && bare.charCodeAt(t + 1) >= 48 && bare.charCodeAt(t + 1) <= 57)
    return REC_NUMBER.exec(t ? bare.slice(2) : bare)
  if (c >= 65 && c <= 90 && c !== 81 && t === 0) {
    const m = GROUP_NUMBER.exec(bare)
    if (m) return m
  }
  // a letter: a match needs ')' after it or after a run of roman letters
  let i = t + 1
  while (i < bare.length && ROMAN.has(bare.charCodeAt(i) | 32)) i++
  if (i < bare.length && bare.charCodeAt(i) === 41) return NUMBER.exec(t ? bare.slice(2) : bare)
  // or a full stop, where a tab follows it in the line as written (Word's text of a lettered list: "i.<TAB>Continue …";
  // "c. 80% of …" is text), or, for a roman number, where a capital does ("iv. Review the council's governance")
  return t === 0 && raw.length > 3 && (TAB_LETTER.test(raw) || ROMAN_DOT.test(raw)) ? LETTER_DOT.exec(bare) : null
}
const ROMAN = new Set([...'ivxlc'].map((c) => c.charCodeAt(0)))
const TAB_LETTER = /^(?:[ivxlc]{1,4}|[a-z])\.\t/i
/** a roman number with a full stop before a capital, without a tab: i, v and x only ("C. Smith", "L. Jones" are
 * names) */
const ROMAN_DOT = /^(?:[ivx]{1,4}|[IVX]{1,4})\.\s+[A-Z]/
const LETTER_DOT = /^((?:[ivxlc]{1,4}|[a-z])\.)\s+/i
const REC_NUMBER = /^R(\d{1,2})[.:)]?\s+/
const GROUP_NUMBER = /^[A-Z]{1,3}(\d{1,2})(?:[.:)]|\s+[–—])\s+(?=[A-Z])/

const FOOTER_SIGNALS = [
  /\bwww\.[\w-]+\.|https?:\/\//i,
  /\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b/,
  /\b(?:T|Tel|Telephone|F|Fax)\b\.?:?\s*0\d{2,4}\s?\d{3}\s?\d{3,4}\b/i,
  /[\w.-]+@[\w-]+\.[\w.]+/,
  /©|\bcopyright\b/i,
]
/** how many kinds of contact detail a line holds: a web address, a postcode, a telephone, an e-mail, a copyright */
const FOOTER_MARKS = ['www.', '://', '@', '©']

/** A publisher's footer: short, with a postcode or a telephone number and one more contact detail ("18 Smith Square,
 * London, SW1P 3HZ  T 020 7664 3000  www.local.gov.uk"); a line with only an e-mail and a web address is a contact,
 * not a footer. */
export function isFooter(s: string): boolean {
  if (s.length > 160 || !DIGIT.test(s)) return false
  const place = FOOTER_SIGNALS[1]!.test(s) || FOOTER_SIGNALS[2]!.test(s)
  return place && footerSignals(s) >= 2
}

function footerSignals(s: string): number {
  // each pattern only where the characters it needs are (most lines have none of them)
  const digit = DIGIT.test(s)
  let n = 0
  if ((s.includes('www.') || s.includes('://')) && FOOTER_SIGNALS[0]!.test(s)) n++
  if (digit && FOOTER_SIGNALS[1]!.test(s)) n++
  if (digit && FOOTER_SIGNALS[2]!.test(s)) n++
  if (s.includes('@') && FOOTER_SIGNALS[3]!.test(s)) n++
  if ((s.includes('©') || s.includes('opyright')) && FOOTER_SIGNALS[4]!.test(s)) n++
  return n
}
export const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i
const DIGIT = /\d/

/** a line's form when looking for repeats: its numbers as '#', in lower case ("Corporate Peer Challenge 3" and "… 4"
 * are one form) */
export const lineForm = (text: string) => (DIGIT.test(text) ? text.replace(/\d+/g, '#') : text).toLowerCase()

/** the longest line taken for a running header or footer */
const RUNNING_LENGTH = 80

/** whether line `n` stands alone between blank lines */
const alone = (lines: Line[], n: number) => (lines[n - 1]?.blank ?? true) && (lines[n + 1]?.blank ?? true)

/** where the short lines that stand alone stand, by their form */
function aloneByForm(lines: Line[], keep: (l: Line) => boolean): Map<string, number[]> {
  const at = new Map<string, number[]>()
  for (const l of lines) {
    if (l.blank || l.text.length > RUNNING_LENGTH || !alone(lines, l.n) || !keep(l)) continue
    const k = lineForm(l.text)
    const list = at.get(k)
    if (list) list.push(l.n)
    else at.set(k, [l.n])
  }
  return at
}

/** a running header or footer comes once a page: three times or more, and never closer than a page's worth of lines
 * (headings such as "Recommendation 1", "Recommendation 2" repeat too, but close together) */
const pageApart = (at: number[] | undefined) =>
  !!at && at.length >= 3 && at.every((n, i) => i === 0 || n - at[i - 1]! >= 20)

/** the lines with no number in them that stand alone by their form, worked out when first asked (after the furniture
 * with numbers is blanked: a header over a page number stands alone once the number is gone) */
const plainAlone = new WeakMap<Doc, Map<string, number[]>>()

/** Whether a line with no number in it repeats as a running header or footer does ("Anytown Borough Council",
 * "Feedback report"): standing alone, three times or more, a page's worth of lines apart. Such lines are not blanked
 * (a heading repeated through a report looks the same): the parser asks where a list or a team runs over a page's
 * end. */
export function runningLine(doc: Doc, l: Line): boolean {
  if (l.blank || l.text.length > RUNNING_LENGTH || DIGIT.test(l.text)) return false
  let at = plainAlone.get(doc)
  if (!at) plainAlone.set(doc, (at = aloneByForm(doc.lines, (x) => !DIGIT.test(x.text))))
  return pageApart(at.get(lineForm(l.text)))
}

/**
 * Page furniture left in a text extract: a page number, or a short line with a number in it repeated as a running
 * header or footer is (its page number aside). Such lines become blank, so lists and sentences read on.
 */
function blankFurniture(text: string, lines: Line[]): string {
  // both kinds of furniture are short and hold a number: only short lines standing alone with a digit in them are
  // looked at (a paragraph of a text file stands alone too: its length turns it away before the digit is looked for)
  const withDigit = aloneByForm(lines, (l) => DIGIT.test(l.text))
  // a page's footer with an address, telephone or web address (two of them), and the page number beside it, where
  // the extract did not part them from the text by blank lines
  // (only lines with a web address, an e-mail or a copyright sign are looked at: each footer has one, and the text
  // is searched for them natively instead of each line being tested)
  const footers = new Set<number>()
  for (const mark of FOOTER_MARKS)
    for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + 1)) {
      const l = lines[lineIndexAt(lines, at)]!
      if (!footers.has(l.n) && !l.bullet && isFooter(l.text)) footers.add(l.n)
    }
  // a running line with its page's number ("Cabinet – 5 June 2023    Page 2 of 6") that comes once a page, where lines
  // beside it part it from the text (it stands alone otherwise, and is blanked below)
  // (looked for by its letters "age", natively, then tested where they are: no pass of a pattern over the text)
  const paged = new Map<string, number[]>()
  for (const letters of ['age', 'AGE'])
    for (let at = text.indexOf(letters); at > 0; at = text.indexOf(letters, at + 3)) {
      PAGE_OF.lastIndex = at - 1
      if (!PAGE_OF.test(text)) continue
      const l = lines[lineIndexAt(lines, at)]!
      if (l.text.length > RUNNING_LENGTH) continue
      const k = lineForm(l.text)
      const list = paged.get(k)
      if (!list) paged.set(k, [l.n])
      else if (!list.includes(l.n)) list.push(l.n)
    }
  for (const ns of paged.values()) if (pageApart(ns.sort((a, b) => a - b))) for (const n of ns) footers.add(n)
  // and the lines of the same footer block around it, where each is the same on every page ("Local Government
  // Association company number …", "Chair of the Board …"): found at least three times in the text
  for (const n of [...footers])
    for (const step of [1, -1])
      for (let k = n + step; k >= 0 && k < lines.length && !footers.has(k); k += step) {
        const l = lines[k]!
        if (l.blank || l.bullet || l.text.length > 160 || !repeats(text, l.raw.trim(), 3)) break
        footers.add(k)
      }
  const footer = (l: Line) =>
    footers.has(l.n) ||
    (PAGE_NUMBER.test(l.text) && l.text.length <= 12 && (footers.has(l.n - 1) || footers.has(l.n + 1)))
  // the text rebuilt once, from its pieces and the blanked lines' spaces
  const parts: string[] = []
  let from = 0
  for (const l of lines) {
    if (footers.size && footer(l)) {
      l.blank = true
      parts.push(text.slice(from, l.start), ' '.repeat(l.end - l.start))
      from = l.end
      continue
    }
    if (l.blank || l.text.length > RUNNING_LENGTH || !DIGIT.test(l.text) || !alone(lines, l.n)) continue
    if (!PAGE_NUMBER.test(l.text) && !pageApart(withDigit.get(lineForm(l.text)))) continue
    l.blank = true
    parts.push(text.slice(from, l.start), ' '.repeat(l.end - l.start))
    from = l.end
  }
  if (!parts.length) return text
  parts.push(text.slice(from))
  return parts.join('')
}

/** a page's number as a running line gives it: "Page 2 of 6", "page 3" */
const PAGE_OF = /(?<![A-Za-z0-9_])page\s+\d{1,3}\b/iy

/** whether the text holds `line` at least `n` times, each a whole line */
function repeats(text: string, line: string, n: number): boolean {
  if (line.length < 8) return false
  let count = 0
  for (let at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + line.length)) {
    const before = text.lastIndexOf('\n', at - 1)
    const after = text.indexOf('\n', at + line.length)
    if (!text.slice(before + 1, at).trim() && !text.slice(at + line.length, after < 0 ? text.length : after).trim())
      if (++count >= n) return true
  }
  return false
}

export function ev(doc: Doc, start: number, end: number): Evidence {
  return { start, end, line: lineAt(doc, start) }
}

export function lineEv(line: Line): Evidence {
  return { start: line.start, end: line.end, line: line.n }
}

export function lineAt(doc: Doc, offset: number): number {
  return lineIndexAt(doc.lines, offset)
}

function lineIndexAt(lines: readonly Line[], offset: number): number {
  let lo = 0
  let hi = lines.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (lines[mid]!.start <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** All matches of a global regex with their offsets. */
export function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g')
  let m: RegExpExecArray | null
  while ((m = g.exec(text))) {
    yield m
    if (m[0].length === 0) g.lastIndex++
  }
}

/** each pattern as a sticky one, and whether it begins with \b */
const STICKY = new WeakMap<RegExp, { re: RegExp; boundary: boolean }>()
/** what \b counts as a word's character (without the u flag): [A-Za-z0-9_]; false for NaN (before or after the text) */
const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95
/** a text searched, and each anchor's positions in it; its lowercase made only when an anchor that is not plain
 * words is asked for (undefined until then; null when lowercasing would move the offsets) */
interface Searched {
  text: string
  lower: string | null | undefined
  at: Map<string, number[]>
  /** the anchors' places a `keep` test let through, by the test and then the anchor's source */
  kept: Map<(text: string, at: number) => boolean, Map<string, number[]>> | undefined
}
/** the last two texts searched: a document's text and its scan (the text with page furniture blanked), which the
 * extractors ask for in turn; with one, a document with furniture was scanned again at each turn */
let recent: [Searched | null, Searched | null] = [null, null]
/** every anchor asked for so far, by its source (its words joined by '|') */
const ANCHOR_RE = new Map<string, { lower: RegExp; any: RegExp }>()
/** the anchors made of plain words (a-z, spaces and full stops, two characters or more), found together in one scan
 * of a text: their sources, and their words by the words' first two characters */
const LITERAL: string[] = []
/** by a position's two characters (their low bytes, as written: each word is entered in capitals and small letters
 * alike): 1 when a word of three letters or more starts with them, 2 when a two-letter word is them (both: 3) */
const BIGRAM = new Uint8Array(1 << 16)
/** by a hash of a position's three characters: whether a word starts with them (most positions a first pair lets
 * through stop here: the pairs are common, the triples rarer) */
const TRIGRAM = new Uint8Array(1 << 16)
const trigram = (c: number, d: number, e: number) => Math.imul((c * 31 + d) * 31 + e, 0x9e3779b1) >>> 16
/** the words by their first two characters (an array indexed as BIGRAM: no map lookup at a position) */
const BY_BIGRAM: ({ word: string; set: number }[] | undefined)[] = new Array(1 << 16)
/** the characters that lowercase to ASCII from outside it: where a text has one, it is lowercased and scanned so */
const FOLDS_TO_ASCII = /[\u0130\u212a]/
/** the codes of a word's character as a text may write it: a letter in either case, anything else as it is */
const cases = (c: number) => (c >= 97 && c <= 122 ? [c, c - 32] : [c])

/** whether the word (lowercase) is written at `i`, in any case: each of the text's capitals A to Z read as its small
 * letter (what the text lowercased would hold there, when the text has no character FOLDS_TO_ASCII finds) */
function wordAt(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(i + k)
    const w = word.charCodeAt(k)
    if (c !== w && !(c >= 65 && c <= 90 && c + 32 === w)) return false
  }
  return true
}

/** The positions of every plain-word anchor known so far in the text, in one scan, in any case: a position is an
 * anchor's when one of its words starts there (what a pass of the anchor's alternation on the lowercase text finds,
 * going on from the next character after each match). The text is read as written (no lowercase copy): the tables
 * hold each word's first characters in every case, and a word is compared folding capitals. */
function scanLiterals(text: string, at: Map<string, number[]>, folded: boolean) {
  // made by a loop, not `map`: the same kind of array at every call (a different one deoptimises the scan)
  const found: number[][] = []
  for (let k = 0; k < LITERAL.length; k++) found.push([])
  const n = text.length - 1
  let c = text.charCodeAt(0)
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i + 1)
    // a character past 0xff is looked up by its low byte (no test at every position): what it lets through, the
    // words' own test below turns away
    const key = ((c & 0xff) << 8) | (d & 0xff)
    const pair = BIGRAM[key]!
    if (pair !== 0 && (pair & 2 || (i + 2 <= n && TRIGRAM[trigram(c, d, text.charCodeAt(i + 2))])))
      for (const { word, set } of BY_BIGRAM[key]!) {
        if (folded ? !text.startsWith(word, i) : !wordAt(text, i, word)) continue
        const list = found[set]!
        if (list[list.length - 1] !== i) list.push(i)
      }
    c = d
  }
  for (let k = 0; k < LITERAL.length; k++) at.set(LITERAL[k]!, found[k]!)
}

/** Where any of the words occurs in the text, in any case: every place a case-insensitive pattern holding one of
 * them may have it (one pass of a pattern made of the words, without the \b a pattern may add). Plain words are found
 * together, every anchor asked for before in one scan of the text; others by a pass of their alternation on the
 * lowercase text without the 'i' flag, which lets V8 skip ahead by the words' letters. */
function anchorsIn(anchor: readonly string[], text: string): number[] {
  let lastText = recent[0]?.text === text ? recent[0] : recent[1]?.text === text ? recent[1] : null
  if (!lastText) {
    lastText = { text, lower: undefined, at: new Map(), kept: undefined }
    if (LITERAL.length) {
      // the plain words found by folding ASCII capitals alone, where no character lowercases to ASCII from outside it
      if (!FOLDS_TO_ASCII.test(text)) scanLiterals(text, lastText.at, false)
      else {
        const lower = lowerOf(lastText)
        if (lower !== null) scanLiterals(lower, lastText.at, true)
      }
    }
    recent = [lastText, recent[0]]
  }
  const source = anchor.length === 1 ? anchor[0]! : anchor.join('|')
  const cached = lastText.at.get(source)
  if (cached) return cached
  let res = ANCHOR_RE.get(source)
  if (!res) {
    ANCHOR_RE.set(source, (res = { lower: new RegExp(source, 'g'), any: new RegExp(source, 'gi') }))
    // (a full stop written as one, "gov\\.uk", is a plain word's character)
    const words = source.split('|')
    if (words.every((w) => /^(?:[a-z ]|\\\.){2,}$/.test(w))) {
      // found by the scan from the next text on
      const set = LITERAL.push(source) - 1
      for (const word of words.map((w) => w.replace(/\\\./g, '.')))
        for (const c of cases(word.charCodeAt(0)))
          for (const d of cases(word.charCodeAt(1))) {
            const key = (c << 8) | d
            if (word.length === 2) BIGRAM[key]! |= 2
            else {
              BIGRAM[key]! |= 1
              for (const e of cases(word.charCodeAt(2))) TRIGRAM[trigram(c, d, e)] = 1
            }
            ;(BY_BIGRAM[key] ??= []).push({ word, set })
          }
    }
  }
  // a letter whose lowercase is longer ("İ") would move the offsets: then the case-insensitive pass on the text
  const lower = lowerOf(lastText)
  const [re, searched] = lower === null ? [res.any, text] : [res.lower, lower]
  const at: number[] = []
  re.lastIndex = 0
  for (let m = re.exec(searched); m; m = re.exec(searched)) {
    at.push(m.index)
    // the words may overlap ("jaNov"): go on from the next character
    re.lastIndex = m.index + 1
  }
  lastText.at.set(source, at)
  return at
}

/** the places of an anchor's words that a test lets through, worked out once for a text (the date patterns ask with
 * the same anchor and test one after another) */
function keptAnchors(anchor: readonly string[], text: string, keep: (text: string, at: number) => boolean): number[] {
  const all = anchorsIn(anchor, text)
  // (anchorsIn keeps the text among the two searched last)
  const searched = recent[0]?.text === text ? recent[0] : recent[1]!
  const byTest = (searched.kept ??= new Map())
  let bySource = byTest.get(keep)
  if (!bySource) byTest.set(keep, (bySource = new Map()))
  const source = anchor.length === 1 ? anchor[0]! : anchor.join('|')
  let kept = bySource.get(source)
  if (!kept) bySource.set(source, (kept = all.filter((a) => keep(text, a))))
  return kept
}

/** a searched text's lowercase, made the first time it is asked for (null when lowercasing moves the offsets) */
function lowerOf(s: Searched): string | null {
  if (s.lower === undefined) {
    const lower = s.text.toLowerCase()
    s.lower = lower.length === s.text.length ? lower : null
  }
  return s.lower
}

/**
 * The matches of a pattern, exactly as `matches(pattern, text)` gives them, trying only the positions near a word
 * every match holds: `anchor` lists that word (or its alternatives, lowercase), found in any case, and a match starts at most `words` whitespace-separated words before it (or, when `words` is a pattern, only words
 * it matches whole lie between the match's start and the anchor, with the first word of the match perhaps entered
 * part way); from `from` on, as a global pattern whose lastIndex is `from`. A whole-text pattern that begins with optional words is tried at every position of the text; this tries
 * it at the few dozen before each anchor.
 */
export function* anchoredMatches(
  pattern: RegExp,
  anchor: readonly string[],
  words: number | RegExp,
  text: string,
  from = 0,
  /** which of the anchor's places may be in a match (the others are passed over; leaving out only places no match can
   * hold changes nothing: such a place finds no match, and no match runs across it) */
  keep?: (text: string, at: number) => boolean,
): Generator<RegExpExecArray> {
  let sticky = STICKY.get(pattern)
  if (!sticky)
    STICKY.set(
      pattern,
      (sticky = {
        re: new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y'),
        boundary: pattern.source.startsWith('\\b') && !pattern.flags.includes('u'),
      }),
    )
  const { re: y, boundary } = sticky
  const at = keep ? keptAnchors(anchor, text, keep) : anchorsIn(anchor, text)
  let p = from
  for (let i = 0; i < at.length;) {
    const end = at[i]!
    if (end < p) {
      i++
      continue
    }
    // back `words` words (and the one a match may start inside) from the anchor
    let from = end
    for (let k = 0; from > 0; k++) {
      while (from > 0 && isSpaceCode(text.charCodeAt(from - 1))) from--
      const wordEnd = from
      while (from > 0 && !isSpaceCode(text.charCodeAt(from - 1))) from--
      // this word is the last that may hold the start when the count is reached or the word is not one of the kind
      if (typeof words === 'number' ? k >= words : !words.test(text.slice(from, wordEnd))) break
    }
    let m: RegExpExecArray | null = null
    let s = Math.max(p, from)
    for (; s <= end; s++) {
      // a pattern that begins with \b matches only where a word begins or ends: the other positions are not tried
      if (boundary && (s > 0 && isWordCode(text.charCodeAt(s - 1))) === isWordCode(text.charCodeAt(s))) continue
      y.lastIndex = s
      if ((m = y.exec(text))) break
    }
    if (m) {
      yield m
      p = s + (m[0].length || 1)
    } else {
      p = end + 1
      i++
    }
  }
}

// ---- numbers and dates ----

const UNITS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
]
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
const UNIT_RE = UNITS.slice(1)
  .sort((a, b) => b.length - a.length)
  .join('|')
const TENS_RE = TENS.filter(Boolean).join('|')
const UNDER_100 = `(?:${TENS_RE})(?:[- ](?:${UNIT_RE.split('|')
  .filter((u) => UNITS.indexOf(u) < 10)
  .join('|')}))?|${UNIT_RE}`
/** A number in digits ("3.5", "1,200") or words up to nine hundred and ninety-nine ("nine", "forty-six", "twenty
 * one", "one hundred and twenty"). */
export const NUMBER_WORD = `(?:\\d[\\d,]*(?:\\.\\d+)?|(?:a|one|two|three|four|five|six|seven|eight|nine)\\s+hundred(?:\\s+and\\s+(?:${UNDER_100}))?|${UNDER_100})`

export function toNumber(s: string | undefined): number | null {
  if (!s) return null
  const t = s.toLowerCase().replace(/,/g, '').trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  // a half after the digits: "5½"
  if (/^\d+½$/.test(t)) return Number(t.slice(0, -1)) + 0.5
  if (t === 'a day and a half' || t === 'one and a half' || t === 'a half') return t === 'a half' ? 0.5 : 1.5
  const half = /^(.*?)\s+and\s+a\s+half$/.exec(t)
  if (half) {
    const n = toNumber(half[1])
    return n === null ? null : n + 0.5
  }
  const hundreds = /^(a|\w+)\s+hundred(?:\s+and\s+(.+))?$/.exec(t)
  if (hundreds) {
    const h = hundreds[1] === 'a' ? 1 : UNITS.indexOf(hundreds[1]!)
    const rest = hundreds[2] ? toNumber(hundreds[2]) : 0
    return h >= 1 && h <= 9 && rest !== null && rest < 100 ? h * 100 + rest : null
  }
  const [tens, unit] = t.split(/[- ]/)
  const ti = TENS.indexOf(tens ?? '')
  if (ti >= 2) {
    const ui = unit ? UNITS.indexOf(unit) : 0
    return ui >= 0 && ui < 10 ? ti * 10 + ui : null
  }
  const ui = UNITS.indexOf(t)
  return ui >= 0 ? ui : null
}

export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]
/** the month names and short names MONTH matches, lowercase */
const MONTH_WORDS = new Set(MONTH_NAMES.flatMap((m) => [m, m.slice(0, 3)]).concat('sept'))

/** whether the character with this code is an ASCII letter */
export const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90)

/** Whether a month name (as MONTH spells it, a whole word) begins at `at`, after a space character: where a date's
 * month may be. */
export function monthWordAt(text: string, at: number): boolean {
  if (at === 0 || !isSpaceCode(text.charCodeAt(at - 1))) return false
  let end = at
  while (end < text.length && isLetter(text.charCodeAt(end))) end++
  return end - at <= 9 && MONTH_WORDS.has(text.slice(at, end).toLowerCase())
}

const isDigitCode = (c: number) => c >= 48 && c <= 57

/** whether a day's number ends at `end`: a digit, or a digit and its ending ("5", "21st", "3RD") */
function dayEndsAt(text: string, end: number): boolean {
  if (end > 0 && isDigitCode(text.charCodeAt(end - 1))) return true
  if (end < 3 || !isDigitCode(text.charCodeAt(end - 3))) return false
  const a = text.charCodeAt(end - 2) | 32
  const b = text.charCodeAt(end - 1) | 32
  return (a === 115 && b === 116) || (a === 110 && b === 100) || (a === 114 && b === 100) || (a === 116 && b === 104)
}

/** Whether a month name begins at `at` as every day date the patterns read has it: after a day's number, its ending
 * and perhaps "of" ("5 March", "21st of May", "3RD\nJune"). Where this is false no such date holds the month (each
 * of their months follows a day so written), so the places left out ("may" the verb, "in March 2024") find none. */
export function dayMonthAt(text: string, at: number): boolean {
  let i = at
  while (i > 0 && isSpaceCode(text.charCodeAt(i - 1))) i--
  if (i === at) return false
  // "of" after a space, between the day and the month
  if (i >= 3 && (text.charCodeAt(i - 1) | 32) === 102 && (text.charCodeAt(i - 2) | 32) === 111) {
    let j = i - 2
    while (j > 0 && isSpaceCode(text.charCodeAt(j - 1))) j--
    if (j < i - 2 && dayEndsAt(text, j)) return monthWordAt(text, at)
  }
  return dayEndsAt(text, i) && monthWordAt(text, at)
}

export const MONTH =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)'
export const WEEKDAY = '(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?'
export const ORD = '(?:st|nd|rd|th)?'

export function monthNumber(name: string): number | null {
  const t = name.toLowerCase().slice(0, 3)
  const i = MONTH_NAMES.findIndex((m) => m.startsWith(t))
  return i < 0 ? null : i + 1
}

export function isoDay(y: string | number, month: string, d: string | number): string | null {
  const m = monthNumber(month)
  if (!m) return null
  const iso = fromParts(Number(y), m, Number(d))
  return isIsoDate(iso) ? iso : null
}

export function isoMonth(y: string | number, month: string): string | null {
  const m = monthNumber(month)
  return m ? `${y}-${String(m).padStart(2, '0')}` : null
}

/** "20 June 2017", "Tuesday, 20 JUNE 2017", "20th June 2017" */
export function parseDayDate(s: string): string | null {
  const m = new RegExp(`(\\d{1,2})${ORD}\\s+(${MONTH})\\s+(\\d{4})`, 'i').exec(s)
  return m ? isoDay(m[3]!, m[2]!, m[1]!) : null
}

export function titleCase(s: string): string {
  return s
    .toLowerCase()
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/\b(And|Of|The|For|On|In)\b/g, (w, _x, off: number) => (off === 0 ? w : w.toLowerCase()))
}

/** Lowercase, no punctuation, single spaces, '&' read as 'and': for comparing names and headings. */
const NOT_A_KEY = /[^a-z0-9 ]| {2}|^ | $/

export function key(s: string): string {
  const lower = s.toLowerCase()
  if (!NOT_A_KEY.test(lower)) return lower // already lowercase words and single spaces
  return lower
    .replace(/&/g, ' and ')
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}
