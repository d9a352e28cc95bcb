/**
 * npm run bench:themes — the recommendation-theme classifier (src/themes/rules.ts) measured on the labelled set
 * (src/themes/reference/labelled-recommendations.json): precision and recall per theme and overall (micro-averaged
 * over theme assignments), on the development split it was tuned on and on the held-back split it never saw.
 * BENCH_SPLIT=development|held-back prints one; BENCH_FAILURES=1 lists the misses.
 */
import { classify, scoreThemes, type LabelledExample } from '../src/themes/rules.ts'
import { labelledSet, taxonomy } from '../src/themes/reference.ts'

const t = taxonomy()
const set = labelledSet()
const keys = t.themes.map((th) => th.key)
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const only = process.env.BENCH_SPLIT

console.log(
  `Recommendation themes: taxonomy version ${t.version} (${t.themes.length} themes); labelled set: ${set.examples.length} recommendations`,
)
for (const split of ['development', 'held-back'] as const) {
  if (only && only !== split) continue
  const examples: LabelledExample[] = set.examples.filter((e) => e.split === split)
  const started = process.cpuUsage()
  const predict = (e: LabelledExample) => classify(t, e).map((a) => a.theme)
  const r = scoreThemes(keys, examples, predict)
  const cpu = process.cpuUsage(started)
  console.log(`\n${split}: ${examples.length} recommendations`)
  console.log('theme'.padEnd(34) + 'labelled  assigned  precision  recall    F1')
  for (const s of [...r.perTheme, r.overall]) {
    console.log(
      (s.theme === r.overall.theme ? s.theme : `${s.theme} (${t.themes.find((x) => x.key === s.theme)!.title})`)
        .slice(0, 33)
        .padEnd(34) +
        String(s.tp + s.fn).padStart(8) +
        String(s.tp + s.fp).padStart(10) +
        pct(s.precision).padStart(11) +
        pct(s.recall).padStart(8) +
        s.f1.toFixed(2).padStart(6),
    )
  }
  const noTheme = examples.filter((e) => predict(e).length === 0).length
  console.log(
    `exactly the labelled themes: ${pct(r.exact / examples.length)}; at least one right: ${pct(r.anyRight / examples.length)}; no theme given: ${noTheme}`,
  )
  console.log(`CPU: ${((cpu.user + cpu.system) / 1000 / examples.length).toFixed(3)} ms a recommendation`)
  if (process.env.BENCH_FAILURES) {
    for (const e of examples) {
      const got = predict(e)
      if (got.sort().join() !== [...e.themes].sort().join())
        console.log(`  ${e.id} want ${e.themes.join(',')} got ${got.join(',') || '-'}: ${e.title}`)
    }
  }
}
