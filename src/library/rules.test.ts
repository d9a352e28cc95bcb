import { test } from 'node:test'
import assert from 'node:assert/strict'
import { HL_START, HL_STOP, libraryQuery, markedToHtml, markedToText, pageItems, searchHref } from './rules.ts'

test('a marked passage becomes escaped HTML with <mark> around the terms alone', () => {
  const m = `a ${HL_START}<script>${HL_STOP} & "b" ${HL_START}it's${HL_STOP}`
  assert.equal(markedToHtml(m), 'a <mark>&lt;script&gt;</mark> &amp; &quot;b&quot; <mark>it&#39;s</mark>')
  assert.equal(markedToText(m), `a <script> & "b" it's`)
  // Stray or unbalanced sentinels never make broken markup.
  assert.equal(markedToHtml(`${HL_STOP}x${HL_START}y`), 'x<mark>y</mark>')
  assert.equal(markedToHtml(`${HL_START}${HL_START}x${HL_STOP}${HL_STOP}`), '<mark>x</mark>')
})

test('pages: first, last and neighbours, with ellipses', () => {
  const shape = (p: number, n: number) => pageItems(p, n).map((i) => ('number' in i ? i.number : '…'))
  assert.deepEqual(shape(1, 1), [1])
  assert.deepEqual(shape(5, 10), [1, '…', 4, 5, 6, '…', 10])
  assert.deepEqual(shape(1, 3), [1, 2, 3])
})

test('search links keep the filters, drop empty ones and page 1', () => {
  assert.equal(searchHref('/library', { q: 'a b', year: '', page: 1 }, {}), '/library?q=a+b')
  assert.equal(searchHref('/library', { q: 'x', year: '2020' }, { page: 3 }), '/library?q=x&year=2020&page=3')
})

test('nonsense in the query is ignored, not refused', () => {
  const q = libraryQuery.parse({ year: '20x0', type: 'nmd;', source: 'evil', page: '-3', region: 'East Midlands' })
  assert.deepEqual([q.year, q.type, q.source, q.page, q.region], ['', '', '', 1, 'East Midlands'])
})

test('control characters never reach the database', () => {
  const q = libraryQuery.parse({ q: 'a\u0000b\u0001', region: 'x\u0000' })
  assert.equal(q.q, 'a b')
  assert.equal(q.region, 'x')
})
