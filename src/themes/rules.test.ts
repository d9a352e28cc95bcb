import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classify, contentStems, pairRecommendations, scoreThemes, tokens, type Taxonomy } from './rules.ts'
import { labelledSet, stopwords, taxonomy } from './reference.ts'

const T: Taxonomy = {
  schemaVersion: 1,
  version: 1,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  source: 'test',
  scoring: { minScore: 2, relativeToTop: 0.5, maxThemes: 2, titleBoost: 1.5, confidenceHalf: 3 },
  themes: [
    {
      key: 'finance',
      title: 'Finance',
      description: '',
      terms: [
        ['medium term financial', 3],
        ['reserves', 2],
        ['budget', 1],
      ],
    },
    {
      key: 'housing',
      title: 'Housing',
      description: '',
      terms: [
        ['housing', 3],
        ['homes', 2],
      ],
    },
    { key: 'comms', title: 'Comms', description: '', terms: [['communications', 3]] },
  ],
  stopwords: ['the', 'and', 'council'],
}

test('words are stemmed with Porter2 (the stems PostgreSQL’s english configuration makes); possessives and hyphens split', () => {
  assert.deepEqual(
    tokens("The council's medium-term Financial strategies").map((t) => t.stem),
    ['the', 'council', 'medium', 'term', 'financi', 'strategi'],
  )
})

test('a theme is assigned with the terms that matched, their weights (title counts 1.5 times) and a confidence', () => {
  const r = classify(T, {
    title: 'Rebuild reserves',
    body: 'Refresh the Medium-Term Financial Strategy and the budget.',
  })
  assert.equal(r.length, 1)
  assert.equal(r[0]!.theme, 'finance')
  assert.deepEqual(
    r[0]!.terms.map((t) => [t.term, t.matched, t.weight, t.where]),
    [
      ['medium term financial', 'medium term financial', 3, 'text'],
      ['reserves', 'reserves', 3, 'title'],
      ['budget', 'budget', 1, 'text'],
    ],
  )
  assert.equal(r[0]!.score, 7)
  assert.equal(r[0]!.confidence, 0.7)
})

test('phrases match on consecutive stems only; a weak theme or one far behind the best is left out', () => {
  assert.deepEqual(classify(T, { title: 'Financial planning for the medium term' }), [])
  assert.deepEqual(classify(T, { title: 'A budget' }), [], 'score 1.5 is under the minimum of 2')
  const two = classify(T, { title: 'Housing and homes', body: 'communications' })
  assert.deepEqual(
    two.map((a) => a.theme),
    ['housing'],
    'communications (3) is under half of housing (7.5)',
  )
  const both = classify(T, { title: 'Housing communications' })
  assert.deepEqual(both.map((a) => a.theme).sort(), ['comms', 'housing'])
})

test('similarity: a reworded recommendation pairs with its earlier self, with the shared words; an unrelated one does not', () => {
  const sw = new Set(['the', 'and', 'council', 'its', 'to', 'a', 'of', 'so', 'that', 'it', 'holds'])
  const [p] = pairRecommendations(
    [{ id: 10, title: 'Refresh the scrutiny function so that it holds the executive to account', body: '' }],
    [
      { id: 1, title: 'Review and refresh the scrutiny function', body: '' },
      { id: 2, title: 'Develop a housing strategy for affordable homes', body: '' },
    ],
    sw,
  )
  assert.equal(p!.matches.length, 1)
  assert.equal(p!.matches[0]!.id, 1)
  assert.ok(p!.matches[0]!.score >= 0.3 && p!.matches[0]!.score <= 1)
  assert.deepEqual(p!.matches[0]!.words.sort(), ['function', 'refresh', 'scrutiny'])
  assert.equal(p!.recurring, true)
  assert.deepEqual(
    contentStems('The council and its homes', sw).map((t) => t.word),
    ['homes'],
  )
})

test('precision and recall: counted per theme and overall', () => {
  const r = scoreThemes(
    ['a', 'b'],
    [
      { id: '1', title: '', themes: ['a'] },
      { id: '2', title: '', themes: ['b'] },
      { id: '3', title: '', themes: ['a', 'b'] },
    ],
    (e) => (e.id === '1' ? ['a'] : e.id === '2' ? ['a'] : ['a', 'b']),
  )
  assert.deepEqual(
    r.perTheme.map((t) => [t.theme, t.tp, t.fp, t.fn]),
    [
      ['a', 2, 1, 0],
      ['b', 1, 0, 1],
    ],
  )
  assert.equal(r.overall.precision, 3 / 4)
  assert.equal(r.overall.recall, 3 / 4)
  assert.equal(r.exact, 2)
})

test('the shipped taxonomy and labelled set load, and every label is a theme of the taxonomy', () => {
  const t = taxonomy()
  const keys = new Set(t.themes.map((x) => x.key))
  const set = labelledSet()
  assert.ok(set.examples.length >= 300)
  assert.ok(set.examples.filter((e) => e.split === 'held-back').length >= 150)
  for (const e of set.examples) for (const k of e.themes) assert.ok(keys.has(k), `${e.id}: ${k}`)
  assert.equal(new Set(set.examples.map((e) => e.id)).size, set.examples.length)
  assert.ok(stopwords().has('council'))
})
