import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  anchoredMatches,
  buildDoc,
  matches,
  MONTH,
  monthWordAt,
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
})
