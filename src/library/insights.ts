import type { Ctx } from '../common/context.ts'
import { computeDeadlines, ruleDateOf, type DeadlineStatus } from '../frameworks/deadlines.ts'
import { bankHolidays, listFrameworks } from '../frameworks/repo.ts'
import { readPlanSnapshot } from '../action-plans/snapshot.ts'
import { RAG_COLOURS, renderChart, type Chart, type ChartSeries } from '../web/charts.ts'
import {
  deadlineFacts,
  recommendationThemes,
  reviewsPerYear,
  snapshotCounts,
  themeTitles,
  type CountRow,
} from './insights-repo.ts'

/**
 * Insights (issue 16, decision 0024): the library's numbers as charts, each over what the actor may see (the public:
 * published material alone): reviews per year by type and by region, publication deadlines met on time, action-plan
 * RAG ratings over time, and recommendation themes over time. Each chart comes with its series (the API returns them),
 * a sentence and a table.
 */

/** The years from the first to the last with a value, every year between included (a gap reads as zero, not missing). */
export function yearsOf(years: number[]): string[] {
  if (!years.length) return []
  const lo = Math.min(...years)
  const hi = Math.max(...years)
  return Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i))
}

/** Rows of (year, key, n) as one series per key, aligned on the years; the largest series first, the rest as "Other". */
export function seriesOf(rows: CountRow[], years: string[], keep = 8): ChartSeries[] {
  const by = new Map<string, { label: string; values: number[]; total: number }>()
  for (const r of rows) {
    const s = by.get(r.key) ?? { label: r.label, values: years.map(() => 0), total: 0 }
    const i = years.indexOf(String(r.year))
    if (i >= 0) {
      s.values[i]! += r.n
      s.total += r.n
    }
    by.set(r.key, s)
  }
  const sorted = [...by.entries()].sort((a, b) => b[1].total - a[1].total || a[1].label.localeCompare(b[1].label))
  const head = sorted.slice(0, sorted.length > keep ? keep - 1 : keep)
  const rest = sorted.slice(head.length)
  const out = head.map(([key, s]) => ({ key, label: s.label, values: s.values }))
  if (rest.length)
    out.push({
      key: 'other',
      label: `Other (${rest.length})`,
      values: years.map((_, i) => rest.reduce((n, [, s]) => n + s.values[i]!, 0)),
    })
  return out
}

const pct = (n: number, of: number) => (of ? Math.round((100 * n) / of) : 0)

/** A deadline's outcome as the chart counts it: met on time, met late, or missed so far; anything else is not counted. */
export function outcomeOf(status: DeadlineStatus): 'on-time' | 'late' | 'missed' | null {
  return status === 'met' ? 'on-time' : status === 'met-late' ? 'late' : status === 'overdue' ? 'missed' : null
}

async function deadlineCharts(ctx: Ctx, today: string): Promise<Chart[]> {
  const { challenges, events, stated } = await deadlineFacts(ctx.db, ctx.actor, today)
  const frameworks = new Map((await listFrameworks(ctx.db)).map((f) => [f.id, f]))
  const holidays = await bankHolidays(ctx.db)
  const logs = new Map<number, { code: string; on: string }[]>()
  for (const e of events) logs.set(e.challengeId, [...(logs.get(e.challengeId) ?? []), { code: e.code, on: e.on }])
  const statedBy = new Map<number, typeof stated>()
  for (const s of stated) statedBy.set(s.challengeId, [...(statedBy.get(s.challengeId) ?? []), s])
  // Per deadline and year of the visit: how many were met on time, late, or are missed so far.
  const tallies = {
    report: new Map<string, Record<'on-time' | 'late' | 'missed', number>>(),
    plan: new Map<string, Record<'on-time' | 'late' | 'missed', number>>(),
  }
  for (const c of challenges) {
    const fw = frameworks.get(c.frameworkId)
    if (!fw) continue
    const log = logs.get(c.id) ?? []
    const first: Record<string, string> = {}
    for (const e of log) first[e.code] ??= e.on
    const parent = c.parentEnd || c.parentStart ? { onsiteStart: c.parentStart } : null
    const deadlines = computeDeadlines(
      fw.rules,
      {
        onsiteStart: c.onsiteStart,
        onsiteEnd: c.onsiteEnd,
        precision: c.onsitePrecision,
        cancelled: false,
        ruleDate: ruleDateOf(c, parent, today),
        events: first,
        eventLog: log,
        parent: parent ? { onsiteEnd: c.parentEnd, precision: c.parentPrecision ?? 'day' } : null,
        children: [],
        nextReview: null,
        stated: Object.fromEntries(
          (statedBy.get(c.id) ?? []).map((s) => [
            s.ruleCode,
            { due: s.due, precision: s.precision, source: s.source, note: s.note },
          ]),
        ),
      },
      today,
      holidays,
    )
    const year = (c.onsiteStart ?? c.onsiteEnd!).slice(0, 4)
    for (const [which, code] of [
      ['report', 'report-published'],
      ['plan', 'action-plan-latest'],
    ] as const) {
      const d = deadlines.find((x) => x.code === code)
      const outcome = d ? outcomeOf(d.status) : null
      if (!outcome) continue
      const t = tallies[which].get(year) ?? { 'on-time': 0, late: 0, missed: 0 }
      t[outcome]++
      tallies[which].set(year, t)
    }
  }
  return (['report', 'plan'] as const).map((which) => {
    const years = yearsOf([...tallies[which].keys()].map(Number))
    const get = (y: string, k: 'on-time' | 'late' | 'missed') => tallies[which].get(y)?.[k] ?? 0
    const series: ChartSeries[] = [
      { key: 'on-time', label: 'On time', values: years.map((y) => get(y, 'on-time')), colour: RAG_COLOURS.green },
      { key: 'late', label: 'Late', values: years.map((y) => get(y, 'late')), colour: RAG_COLOURS.amber },
      {
        key: 'missed',
        label: 'Not yet published',
        values: years.map((y) => get(y, 'missed')),
        colour: RAG_COLOURS.red,
      },
    ]
    const total = series.reduce((n, s) => n + s.values.reduce((a, b) => a + b, 0), 0)
    const onTime = series[0]!.values.reduce((a, b) => a + b, 0)
    const what =
      which === 'report'
        ? 'reports published within the rules’ deadline (3 months after the visit, or a date the report states)'
        : 'action plans published within the rules’ latest deadline (5 months after the visit, or a stated date)'
    return renderChart({
      id: `chart-deadline-${which}`,
      title:
        which === 'report'
          ? 'Reports published on time, by year of the visit'
          : 'Action plans published on time, by year of the visit',
      kind: 'stacked-bar',
      categories: years,
      categoryLabel: 'Year of the visit',
      series,
      unit: which === 'report' ? { one: 'report', many: 'reports' } : { one: 'action plan', many: 'action plans' },
      summary: total
        ? `${onTime} of ${total} ${what}: ${pct(onTime, total)}%.`
        : `No ${which === 'report' ? 'report' : 'action plan'} deadline has passed yet among the reviews shown.`,
    })
  })
}

async function ragChart(ctx: Ctx, today: string): Promise<Chart> {
  const rows = await snapshotCounts(ctx.db, ctx.actor, today)
  const byYear = new Map<string, { red: number; amber: number; green: number; plans: number }>()
  for (const r of rows) {
    const rag = readPlanSnapshot(r.schemaVersion, { counts: r.counts }).counts?.rag
    if (!rag) continue
    const t = byYear.get(String(r.year)) ?? { red: 0, amber: 0, green: 0, plans: 0 }
    t.red += rag.red ?? 0
    t.amber += rag.amber ?? 0
    t.green += rag.green ?? 0
    t.plans++
    byYear.set(String(r.year), t)
  }
  const years = yearsOf([...byYear.keys()].map(Number))
  const get = (y: string, k: 'red' | 'amber' | 'green') => byYear.get(y)?.[k] ?? 0
  const series: ChartSeries[] = [
    { key: 'green', label: 'Green', values: years.map((y) => get(y, 'green')), colour: RAG_COLOURS.green },
    { key: 'amber', label: 'Amber', values: years.map((y) => get(y, 'amber')), colour: RAG_COLOURS.amber },
    { key: 'red', label: 'Red', values: years.map((y) => get(y, 'red')), colour: RAG_COLOURS.red },
  ]
  const plans = [...byYear.values()].reduce((n, t) => n + t.plans, 0)
  const last = years.at(-1)
  const lastT = last ? byYear.get(last) : undefined
  const lastAll = lastT ? lastT.red + lastT.amber + lastT.green : 0
  return renderChart({
    id: 'chart-rag',
    title: 'Action-plan RAG ratings as reported, by year',
    kind: 'stacked-bar',
    categories: years,
    categoryLabel: 'Year reported',
    series,
    unit: { one: 'action', many: 'actions' },
    summary:
      lastT && lastAll
        ? `Actions as last reported each year (${plans} plan reports). In ${last}: ${lastT.green} green (${pct(lastT.green, lastAll)}%), ${lastT.amber} amber, ${lastT.red} red (${pct(lastT.red, lastAll)}%).`
        : 'No action plan has been reported yet among those shown.',
  })
}

async function themeChart(ctx: Ctx, today: string): Promise<Chart> {
  const rows = await recommendationThemes(ctx.db, ctx.actor, today)
  const titles = await themeTitles(ctx.db)
  // Recommendation themes once a classifier assigns them; until then the framework themes per-theme recommendations sit under.
  const classified = rows.some((r) => r.recTheme)
  const counts: CountRow[] = rows
    .map((r) => {
      const key = classified ? r.recTheme : r.themeKey
      return key ? { year: r.year, key, label: classified ? key : (titles.get(key) ?? key), n: r.n } : null
    })
    .filter((r): r is CountRow => r !== null)
  const years = yearsOf(counts.map((r) => r.year))
  const series = seriesOf(counts, years, 6)
  return renderChart({
    id: 'chart-themes',
    title: classified
      ? 'Recommendations by recommendation theme, by year of the visit'
      : 'Per-theme recommendations by framework theme, by year of the visit',
    kind: 'line',
    categories: years,
    categoryLabel: 'Year of the visit',
    series,
    unit: { one: 'recommendation', many: 'recommendations' },
  })
}

function reviewsChart(rows: CountRow[], by: 'type' | 'region'): Chart {
  const years = yearsOf(rows.map((r) => r.year))
  return renderChart({
    id: `chart-reviews-${by}`,
    title: by === 'type' ? 'Reviews held per year, by type of review' : 'Reviews held per year, by region',
    kind: 'stacked-bar',
    categories: years,
    categoryLabel: 'Year of the visit',
    series: seriesOf(rows, years, 8),
    unit: { one: 'review', many: 'reviews' },
  })
}

/** Every chart with its series, over what the actor may see. */
export async function libraryInsights(ctx: Ctx) {
  const today = ctx.clock.today()
  const [byType, byRegion] = [
    await reviewsPerYear(ctx.db, ctx.actor, today, 'type'),
    await reviewsPerYear(ctx.db, ctx.actor, today, 'region'),
  ]
  const charts = [
    reviewsChart(byType, 'type'),
    reviewsChart(byRegion, 'region'),
    ...(await deadlineCharts(ctx, today)),
    await ragChart(ctx, today),
    await themeChart(ctx, today),
  ]
  return { today, signedIn: ctx.actor.kind === 'user', charts }
}
