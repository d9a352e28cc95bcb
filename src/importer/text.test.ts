import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  anchoredMatches,
  BULLET,
  buildDoc,
  dayMonthAt,
  matches,
  MONTH,
  MONTH_FIRST,
  monthWordAt,
  NUMBER,
  normaliseText,
  ORD,
  stripMarkup,
  WEEKDAY,
} from './text.ts'

/** the characters normalising cleans, listed here apart from the code (its quick test must find each of them) */
const CLEANED = new Set([
  ...Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 9 && c !== 10),
  0x7f,
  0xa0,
  0xad,
  0x2007,
  0x202f,
  0x200b,
  0x200c,
  0x200d,
  0xfeff,
  0xf0b7,
  0xf0a7,
  0xf076,
  0xf0d8,
  ...Array.from({ length: 7 }, (_, i) => 0xfb00 + i),
])

test('normalising changes a text exactly when it holds a character it cleans, whatever the character', () => {
  for (let c = 0; c < 0x10000; c++) {
    const text = `a${String.fromCharCode(c)}b`
    assert.equal(normaliseText(text) !== text, CLEANED.has(c), `U+${c.toString(16).padStart(4, '0')}`)
  }
})

test('each line of a document is stripped as stripMarkup strips it, whichever lines hold markup or odd spacing', () => {
  const pieces = [
    'Plain words',
    '**bold**',
    'two  spaces',
    'tab\there',
    'nbsp\u00a0here',
    'note¹',
    '[link](x)',
    ' ',
    '',
  ]
  const lines: string[] = []
  // every pair of pieces on a line, and lines of each piece alone next to clean ones
  for (const a of pieces) for (const b of pieces) lines.push(`${a} ${b}`, a, 'clean line', b)
  const doc = buildDoc(lines.join('\n'))
  assert.equal(doc.lines.length, lines.length)
  for (const [i, l] of doc.lines.entries())
    assert.equal(l.text, stripMarkup(lines[i]!.trim()), JSON.stringify(lines[i]))
})

test('a date’s month is looked for only where a month name begins, and the dates found are the same', () => {
  assert.equal(monthWordAt(' March', 1), true)
  assert.equal(monthWordAt('on\tSept. 2024', 3), true)
  assert.equal(monthWordAt(' Marches', 1), false)
  assert.equal(monthWordAt(' Mayor', 1), false)
  assert.equal(monthWordAt('summary', 3), false)
  assert.equal(monthWordAt('March', 0), false)
  assert.equal(monthWordAt('1-March', 2), false)
  const text =
    'The Mayor may decide on 10 March and the market on 12 May 2024; in summary, 3rd to 5th June 2024.  ' +
    'Approach: Tuesday 1 Dec, 2025 and the decision of 14th of September; separately 9 Sept. 2026 and 7 Mar2024.'
  const date = new RegExp(
    `(?:${WEEKDAY}\\s+)?(\\d{1,2})${ORD}\\s+(?:of\\s+)?(${MONTH})\\.?(?:,?\\s+(\\d{4}))?\\b`,
    'gi',
  )
  const anchor = ['jan|jun|jul|feb|mar|may|apr|aug|sep|oct|nov|dec']
  const all = [...matches(date, text)].map((m) => [m.index, m[0]])
  assert.equal(all.length, 6)
  assert.deepEqual(
    [...anchoredMatches(date, anchor, 3, text, 0, monthWordAt)].map((m) => [m.index, m[0]]),
    all,
  )
  // only after a day's number, its ending and "of": the verb and a month with its year alone are passed over
  assert.equal(dayMonthAt('the council may decide', 12), false)
  assert.equal(dayMonthAt('in March 2024', 3), false)
  assert.equal(dayMonthAt('5 March', 2), true)
  assert.equal(dayMonthAt('21ST\nMay', 5), true)
  assert.equal(dayMonthAt('the 3rd of  June', 12), true)
  assert.equal(dayMonthAt('Tuesday 1 Dec', 10), true)
  assert.equal(dayMonthAt('5 of March', 5), true)
  assert.equal(dayMonthAt('5th proof March', 11), false)
  assert.equal(dayMonthAt('2nd  March', 5), true)
  assert.equal(dayMonthAt('5th.March', 4), false)
  // every text of up to five pieces, each a day, an ending, a word, "of", a month or spacing: the same dates either way
  const pieces = ['5', 'th', 'ST', ' ', '\n', 'of', 'OF', 'May', 'mar', 'to', ',', 'x']
  let texts = ['']
  for (let k = 0; k < 5; k++) texts = texts.flatMap((t) => pieces.map((p) => t + p))
  let dated = 0
  for (const t of texts) {
    const want = [...matches(date, t)].map((m) => [m.index, m[0]])
    dated += want.length
    assert.deepEqual(
      [...anchoredMatches(date, anchor, 3, t, 0, dayMonthAt)].map((m) => [m.index, m[0]]),
      want,
      t,
    )
  }
  assert.ok(dated > 1000)
})

/** every string of up to `n` characters from `alphabet`, the shorter first */
const allStrings = (alphabet: string, n: number) => {
  const out = ['']
  let level = ['']
  for (let k = 1; k <= n; k++) {
    level = level.flatMap((s) => [...alphabet].map((c) => s + c))
    out.push(...level)
  }
  return out
}

test('headings, bullets and paragraph numbers are read as the plain patterns read them, on lines as short as one character and at the text’s ends', () => {
  /** a line as the patterns alone read it, every one tried whatever the line's first character */
  const plain = (raw: string) => {
    let s = raw.trim()
    let heading = false
    if (/^#{1,6}\s/.test(s)) {
      heading = true
      s = s.replace(/^#{1,6}\s+/, '')
    }
    let bullet = false
    for (let i = 0; i < 2; i++) {
      const b = BULLET.exec(s.replace(/^\*\*(?=\S)/, ''))
      if (b) {
        bullet = true
        s = s.replace(/^\*\*(?=\S)/, '').slice(b[0].length)
      }
    }
    if (/^\*\*.*\*\*$/.test(s) && !s.slice(2, -2).includes('**')) heading = true
    const bare = stripMarkup(s)
    const num = MONTH_FIRST.test(bare) ? null : NUMBER.exec(bare.replace(/^\*\*/, ''))
    return {
      heading,
      bullet,
      number: num ? num[1]!.replace(/[()]/g, '').replace(/\.$/, '') : null,
      rest: num ? bare.replace(/^\*\*/, '').slice(num[0].length).trim() : bare,
    }
  }
  const lines = allStrings('#*-1ai).( x', 4)
  assert.ok(lines.length > 10_000)
  const read = (l: { heading: boolean; bullet: boolean; number: string | null; rest: string }) => ({
    heading: l.heading,
    bullet: l.bullet,
    number: l.number,
    rest: l.rest,
  })
  // each line alone (its first and last characters are the text's), and all of them in one text
  for (const line of lines) assert.deepEqual(read(buildDoc(line).lines[0]!), plain(line), JSON.stringify(line))
  const doc = buildDoc(lines.join('\n'))
  for (const [i, line] of lines.entries()) assert.deepEqual(read(doc.lines[i]!), plain(line), JSON.stringify(line))
  // the patterns do find what they are for (the check above is not empty)
  assert.deepEqual(read(buildDoc('# 1. x').lines[0]!), { heading: true, bullet: false, number: '1', rest: 'x' })
  assert.deepEqual(read(buildDoc('- (ii) x').lines[0]!), { heading: false, bullet: true, number: 'ii', rest: 'x' })
  assert.deepEqual(read(buildDoc('**a) x**').lines[0]!), { heading: true, bullet: false, number: 'a', rest: 'x' })
})

test('anchored matches are the plain matches, at the text’s first and last characters too', () => {
  const patterns: [RegExp, string[]][] = [
    [/\bpeer\b/gi, ['peer']],
    [/\bat\b/gi, ['at']],
    [/\bpe(?:er)?\b/gi, ['pe']],
    [/\bpeer at\b/gi, ['at']],
    [/(?:pe|a)t\b/gi, ['t']],
    [/\bpat?\b/gi, ['pa']],
    // three letters (whose first two are no two-letter anchor's): a word that may end the text
    [/\bter\b/gi, ['ter']],
    [/\brep?\b/gi, ['rep|re']],
  ]
  // (capitals, and the two characters that lowercase to ASCII from outside it: the Kelvin sign and the dotted I)
  const texts = [...allStrings('pera tP', 5), ...allStrings('pEeR\u212a\u0130 ', 4)]
  assert.ok(texts.length > 10_000)
  let found = 0
  for (const [re, anchor] of patterns)
    for (const text of texts) {
      const all = [...matches(re, text)].map((m) => [m.index, m[0]])
      found += all.length
      assert.deepEqual(
        [...anchoredMatches(re, anchor, 1, text)].map((m) => [m.index, m[0]]),
        all,
        `${re} in ${JSON.stringify(text)}`,
      )
    }
  assert.ok(found > 1000)
})

test('ligatures are their letters, and UTF-8 read as Windows-1252 is read again as UTF-8, where it is whole', () => {
  assert.equal(
    normaliseText('Gareth Griﬃths, Chief Executive, oﬃcer ﬁnance staﬀ'),
    'Gareth Griffiths, Chief Executive, officer finance staff',
  )
  // each character a UTF-8 file may hold, as its bytes read in Windows-1252, comes back
  const misread: Record<string, string> = {
    '’': 'â€™',
    '‘': 'â€˜',
    '“': 'â€œ',
    '”': 'â€\u009d',
    '–': 'â€“',
    '—': 'â€”',
    '€': 'â‚¬',
    '•': 'â€¢',
    '…': 'â€¦',
    '£': 'Â£',
    é: 'Ã©',
    ü: 'Ã¼',
    Ó: 'Ã“',
    ø: 'Ã¸',
    '½': 'Â½',
  }
  for (const [ch, bad] of Object.entries(misread))
    assert.equal(normaliseText(`Paul D${bad}Souza`), `Paul D${ch}Souza`, bad)
  assert.equal(normaliseText('Â\u00a0'), ' ')
  assert.equal(normaliseText('the councilâ€™s â€œVision 2024â€� and Â£14.9m'), 'the council’s “Vision 2024” and £14.9m')
  // text written correctly is left as it is, accents and all
  for (const t of ['naïve café’s', 'Ó Súilleabháin', 'Sørensen – Ærø', 'Ã alone', 'â€ alone'])
    assert.equal(normaliseText(t), t)
})
