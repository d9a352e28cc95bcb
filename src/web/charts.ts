import { max, sum } from 'd3-array'
import { scaleBand, scaleLinear } from 'd3-scale'
import { line, stack } from 'd3-shape'

/**
 * Charts drawn on the server as accessible SVG (decision 0024): d3's scales and shapes compute the geometry, and this
 * module writes the SVG as text, so a chart needs no browser, works without JavaScript and prints. Every chart is
 * `role="img"` with a `<title>` and `<desc>`, comes with a sentence saying what it shows and a table of its numbers, and
 * tells its series apart by more than colour (a legend in the same order as the stack, dashes and markers on lines).
 *
 * The input is generic: categories along the bottom (years, quarters) and named series of numbers, one per category.
 */

export interface ChartSeries {
  key: string
  label: string
  values: number[]
  /** A colour of the palette by meaning (RAG ratings); otherwise the series' position picks one. */
  colour?: string
}

export interface ChartInput {
  /** Unique on the page: the ids of the title and description. */
  id: string
  title: string
  kind: 'stacked-bar' | 'line'
  /** Along the bottom, in order. */
  categories: string[]
  categoryLabel: string
  series: ChartSeries[]
  /** What is counted: "review" / "reviews". */
  unit: { one: string; many: string }
  /** A sentence saying what the chart shows; by default one made from the numbers. */
  summary?: string
}

export interface Chart {
  id: string
  title: string
  kind: ChartInput['kind']
  svg: string
  summary: string
  categories: string[]
  categoryLabel: string
  series: { key: string; label: string; values: number[] }[]
  table: { head: string[]; rows: string[][] }
}

/** GOV.UK colours with at least 3:1 contrast against white (WCAG 1.4.11), most distinct first. */
export const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#d53880', '#003078', '#505a5f', '#8f4f00']
/** The RAG ratings' colours (the amber dark enough for 3:1 against white). */
export const RAG_COLOURS = { red: '#d4351c', amber: '#a35200', green: '#00703c' } as const
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4']

const W = 640
const H = 320
const M = { top: 16, right: 16, bottom: 48, left: 48 }

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
const fmt = (n: number) => n.toLocaleString('en-GB')
const count = (n: number, u: ChartInput['unit']) => `${fmt(n)} ${n === 1 ? u.one : u.many}`
const r1 = (n: number) => Math.round(n * 10) / 10

/** A sentence from the numbers: the total, the busiest category and the largest series. */
export function defaultSummary(c: Pick<ChartInput, 'categories' | 'series' | 'unit' | 'kind'>): string {
  if (!c.categories.length || !c.series.length) return `No ${c.unit.many} to show.`
  const totals = c.categories.map((_, i) => sum(c.series, (s) => s.values[i] ?? 0))
  const all = sum(totals)
  if (!all) return `No ${c.unit.many} to show.`
  const span = c.categories.length > 1 ? `from ${c.categories[0]} to ${c.categories.at(-1)}` : `in ${c.categories[0]}`
  const peak = totals.indexOf(max(totals)!)
  const bySeries = c.series.map((s) => ({ label: s.label, n: sum(s.values) })).sort((a, b) => b.n - a.n)
  const most =
    c.series.length > 1
      ? ` The most: ${bySeries[0]!.label} (${count(bySeries[0]!.n, c.unit)}, ${Math.round((100 * bySeries[0]!.n) / all)}%).`
      : ''
  return `${count(all, c.unit)} ${span}, the most in ${c.categories[peak]} (${fmt(totals[peak]!)}).${most}`
}

function axes(
  y: (n: number) => number,
  ticks: number[],
  categories: string[],
  x: (c: string) => number,
  every: number,
): string {
  const grid = ticks
    .map(
      (t) =>
        `<g class="app-chart__tick"><line x1="${M.left}" x2="${W - M.right}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#b1b4b6" stroke-width="1"/>` +
        `<text x="${M.left - 6}" y="${r1(y(t))}" text-anchor="end" dominant-baseline="middle">${fmt(t)}</text></g>`,
    )
    .join('')
  const labels = categories
    .map((c, i) =>
      i % every === 0 || i === categories.length - 1
        ? `<text x="${r1(x(c))}" y="${H - M.bottom + 18}" text-anchor="middle">${esc(c)}</text>`
        : '',
    )
    .join('')
  return `<g aria-hidden="true" font-size="12" fill="#0b0c0c">${grid}${labels}<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#0b0c0c" stroke-width="1"/></g>`
}

function legend(series: ChartInput['series'], colourOf: (i: number) => string, kind: ChartInput['kind']): string {
  // Laid out left to right in rows below the axis labels; the same order as the stack and the table.
  let x = M.left
  let y = H - 14
  const items: string[] = []
  series.forEach((s, i) => {
    const width = 26 + s.label.length * 6.5
    if (x + width > W - M.right && x > M.left) {
      x = M.left
      y += 18
    }
    const key =
      kind === 'line'
        ? `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${colourOf(i)}" stroke-width="3" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`
        : `<rect x="${x}" y="${y - 6}" width="12" height="12" fill="${colourOf(i)}"/>`
    items.push(`${key}<text x="${x + 22}" y="${y}" dominant-baseline="middle">${esc(s.label)}</text>`)
    x += width
  })
  return `<g aria-hidden="true" font-size="12" fill="#0b0c0c">${items.join('')}</g>`
}

function legendRows(series: ChartInput['series']): number {
  let x = M.left
  let rows = 1
  for (const s of series) {
    const width = 26 + s.label.length * 6.5
    if (x + width > W - M.right && x > M.left) {
      x = M.left
      rows++
    }
    x += width
  }
  return rows
}

/** Renders the chart as SVG text, with its summary sentence and its table. */
export function renderChart(input: ChartInput): Chart {
  const colourOf = (i: number) => input.series[i]?.colour ?? PALETTE[i % PALETTE.length]!
  const extra = (legendRows(input.series) - 1) * 18
  const height = H + extra
  const totals = input.categories.map((_, i) =>
    input.kind === 'stacked-bar'
      ? sum(input.series, (s) => s.values[i] ?? 0)
      : (max(input.series, (s) => s.values[i] ?? 0) ?? 0),
  )
  const top = Math.max(1, max(totals) ?? 0)
  const y = scaleLinear()
    .domain([0, top])
    .nice(5)
    .range([H - M.bottom, M.top])
  const ticks = y.ticks(5).filter((t) => Number.isInteger(t))
  const x = scaleBand<string>()
    .domain(input.categories)
    .range([M.left, W - M.right])
    .paddingInner(0.2)
    .paddingOuter(0.1)
  const mid = (c: string) => (x(c) ?? 0) + x.bandwidth() / 2
  const every = Math.max(1, Math.ceil(input.categories.length / 12))
  let marks: string
  if (input.kind === 'stacked-bar') {
    const rows = input.categories.map((c, i) => ({
      c,
      ...Object.fromEntries(input.series.map((s) => [s.key, s.values[i] ?? 0])),
    }))
    const layers = stack<Record<string, number | string>>()
      .keys(input.series.map((s) => s.key))
      .value((d, k) => Number(d[k] ?? 0))(rows)
    marks = layers
      .map(
        (layer, i) =>
          `<g fill="${colourOf(i)}" stroke="#ffffff" stroke-width="1">${layer
            .filter((seg) => seg[1] > seg[0])
            .map((seg) => {
              const c = String(seg.data['c'])
              return `<rect x="${r1(x(c) ?? 0)}" y="${r1(y(seg[1]))}" width="${r1(x.bandwidth())}" height="${r1(y(seg[0]) - y(seg[1]))}"/>`
            })
            .join('')}</g>`,
      )
      .join('')
  } else {
    const path = line<[string, number]>()
      .x(([c]) => mid(c))
      .y(([, v]) => y(v))
    marks = input.series
      .map((s, i) => {
        const pts: [string, number][] = input.categories.map((c, j) => [c, s.values[j] ?? 0])
        const d = path(pts) ?? ''
        const dots = pts
          .map(([c, v]) =>
            i % 2 === 0
              ? `<circle cx="${r1(mid(c))}" cy="${r1(y(v))}" r="3"/>`
              : `<rect x="${r1(mid(c) - 3)}" y="${r1(y(v) - 3)}" width="6" height="6"/>`,
          )
          .join('')
        return `<g fill="${colourOf(i)}"><path d="${d}" fill="none" stroke="${colourOf(i)}" stroke-width="2.5" stroke-dasharray="${DASHES[i % DASHES.length]}"/>${dots}</g>`
      })
      .join('')
  }
  const summary = input.summary ?? defaultSummary(input)
  const titleId = `${input.id}-title`
  const descId = `${input.id}-desc`
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" role="img" viewBox="0 0 ${W} ${height}" ` +
    `aria-labelledby="${titleId} ${descId}" focusable="false" font-family="&quot;GDS Transport&quot;, arial, sans-serif">` +
    `<title id="${titleId}">${esc(input.title)}</title><desc id="${descId}">${esc(summary)} The numbers are in the table beside the chart.</desc>` +
    `<rect x="0" y="0" width="${W}" height="${height}" fill="#ffffff"/>` +
    axes(y, ticks, input.categories, mid, every) +
    `<g aria-hidden="true">${marks}</g>` +
    legend(input.series, colourOf, input.kind) +
    `</svg>`
  const table = {
    head: [
      input.categoryLabel,
      ...input.series.map((s) => s.label),
      ...(input.kind === 'stacked-bar' ? ['Total'] : []),
    ],
    rows: input.categories.map((c, i) => [
      c,
      ...input.series.map((s) => fmt(s.values[i] ?? 0)),
      ...(input.kind === 'stacked-bar' ? [fmt(totals[i] ?? 0)] : []),
    ]),
  }
  return {
    id: input.id,
    title: input.title,
    kind: input.kind,
    svg,
    summary,
    categories: input.categories,
    categoryLabel: input.categoryLabel,
    series: input.series.map((s) => ({ key: s.key, label: s.label, values: s.values })),
    table,
  }
}
