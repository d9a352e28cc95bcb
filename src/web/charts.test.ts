import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SaxesParser } from 'saxes'
import { renderChart, type ChartInput } from './charts.ts'

/** The elements of an SVG, parsed strictly as XML: a chart that is not well-formed fails here. */
function parse(svg: string) {
  const parser = new SaxesParser({ xmlns: true })
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = []
  const stack: (typeof elements)[number][] = []
  parser.on('opentag', (t) => {
    const el = {
      name: t.local,
      attrs: Object.fromEntries(Object.values(t.attributes).map((a) => [a.local, a.value])),
      text: '',
    }
    elements.push(el)
    stack.push(el)
  })
  parser.on('text', (t) => stack.forEach((el) => (el.text += t)))
  parser.on('closetag', () => stack.pop())
  parser.write(svg).close()
  return elements
}

const input = (over: Partial<ChartInput> = {}): ChartInput => ({
  id: 'chart-test',
  title: 'Reviews <per> year & "type"',
  kind: 'stacked-bar',
  categories: ['2020', '2021', '2022'],
  categoryLabel: 'Year',
  series: [
    { key: 'cpc', label: 'Corporate peer challenge', values: [3, 0, 5] },
    { key: 'fpc', label: 'Finance <peer> challenge', values: [1, 2, 0] },
  ],
  unit: { one: 'review', many: 'reviews' },
  ...over,
})

test('a stacked bar chart is well-formed SVG, an image named by its title and described by its summary', () => {
  const c = renderChart(input())
  const els = parse(c.svg)
  const svg = els[0]!
  assert.equal(svg.name, 'svg')
  assert.equal(svg.attrs['role'], 'img')
  assert.equal(svg.attrs['aria-labelledby'], 'chart-test-title chart-test-desc')
  const title = els.find((e) => e.attrs['id'] === 'chart-test-title')!
  const desc = els.find((e) => e.attrs['id'] === 'chart-test-desc')!
  assert.equal(title.name, 'title')
  assert.equal(title.text, 'Reviews <per> year & "type"')
  assert.equal(desc.name, 'desc')
  assert.ok(desc.text.startsWith(c.summary))
  // One bar segment per non-zero value, each series in its own colour.
  assert.equal(els.filter((e) => e.name === 'rect' && !e.attrs['fill']).length, 4)
  // The summary and the table say the same numbers.
  assert.equal(
    c.summary,
    '11 reviews from 2020 to 2022, the most in 2022 (5). The most: Corporate peer challenge (8 reviews, 73%).',
  )
  assert.deepEqual(c.table.head, ['Year', 'Corporate peer challenge', 'Finance <peer> challenge', 'Total'])
  assert.deepEqual(c.table.rows, [
    ['2020', '3', '1', '4'],
    ['2021', '0', '2', '2'],
    ['2022', '5', '0', '5'],
  ])
})

test('a line chart draws one path a series, told apart by dashes as well as colour', () => {
  const c = renderChart(input({ kind: 'line', id: 'chart-lines' }))
  const els = parse(c.svg)
  const paths = els.filter((e) => e.name === 'path')
  assert.equal(paths.length, 2)
  assert.notEqual(paths[0]!.attrs['stroke-dasharray'], paths[1]!.attrs['stroke-dasharray'])
  assert.notEqual(paths[0]!.attrs['stroke'], paths[1]!.attrs['stroke'])
  assert.deepEqual(c.table.head, ['Year', 'Corporate peer challenge', 'Finance <peer> challenge'])
})

test('an empty chart says so and is still well-formed', () => {
  const c = renderChart(input({ categories: [], series: [] }))
  assert.equal(c.summary, 'No reviews to show.')
  assert.equal(parse(c.svg)[0]!.attrs['role'], 'img')
  assert.deepEqual(c.table.rows, [])
})
