// npm run bench:accuracy: the importer's precision and recall per field on generated documents with exact truth,
// for a development split and a held-back split (other seeds, and phrasing variants the development split never
// shows), beside issue 15's goals; then the calibration table (confidence bucket → accuracy) on the held-back split.
// BENCH_DOCS sets the documents per split (default 1000); BENCH_FAILURES=N prints N failures per split.
import { corpus, councilPool } from '../src/importer/generator/index.ts'
import { f1, precision, recall, score, type Scores } from '../src/importer/generator/score.ts'
import { registerCouncils, testRefs } from '../src/importer/seeds.ts'

const N = Number(process.env['BENCH_DOCS'] ?? 1000)
const FAILURES = Number(process.env['BENCH_FAILURES'] ?? 0)
const refs = testRefs()
const pool = councilPool(registerCouncils())
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(7)

function rows(s: Scores): [string, string, string, string, string][] {
  return [
    [
      'council (named in any form)',
      pct(recall(s.council)),
      pct(precision(s.council)),
      'recall',
      '≥95% recall, ≥99% precision',
    ],
    ['kind of document', pct(recall(s.kind)), pct(precision(s.kind)), 'accuracy', '≥90%'],
    ['peer names', pct(recall(s.peers)), pct(precision(s.peers)), `F1 ${f1(s.peers).toFixed(2)}`, 'F1 ≥0.95'],
    [
      'key recommendations in order',
      pct(recall(s.recommendations)),
      pct(precision(s.recommendations)),
      'recall',
      '≥90%',
    ],
    ['figures', pct(recall(s.figures)), pct(precision(s.figures)), 'recall', '≥95%'],
    ['on-site dates (day dates stated)', pct(recall(s.dates)), pct(precision(s.dates)), 'recall', '≥95%'],
  ]
}

const t0 = performance.now()
const results: Record<string, Scores> = {}
for (const split of ['dev', 'held'] as const) results[split] = score(corpus(split, N, pool), refs, FAILURES)
const ms = performance.now() - t0

console.log(
  `Importer accuracy on generated documents: ${N} per split (${((2 * N) / (ms / 1000)).toFixed(0)} documents/s)\n`,
)
console.log(
  `${'field'.padEnd(34)}${'dev recall'.padStart(11)}${'dev prec.'.padStart(10)}${'held recall'.padStart(12)}${'held prec.'.padStart(11)}  measure   goal`,
)
const dev = rows(results['dev']!)
const held = rows(results['held']!)
dev.forEach((r, i) => {
  const h = held[i]!
  console.log(
    `${r[0].padEnd(34)}${r[1].padStart(11)}${r[2].padStart(10)}${h[1].padStart(12)}${h[2].padStart(11)}  ${h[3].padEnd(9)} ${r[4]}`,
  )
})
for (const split of ['dev', 'held'] as const) {
  const n = results[split]!.negativesFilled
  console.log(
    `${split}: documents that are not a CPC with a CPC field given at ≥0.9 confidence: ${n.filled} of ${n.of} (goal 0)`,
  )
}
console.log('\nCalibration on the held-back split (every value given, by its confidence):')
console.log(`${'confidence'.padEnd(12)}${'values'.padStart(8)}${'right'.padStart(9)}`)
for (const c of results['held']!.calibration)
  console.log(
    `${c.bucket.padEnd(12)}${String(c.of).padStart(8)}${(c.of ? pct(c.right / c.of) : '      -').padStart(9)}`,
  )
console.log('goal: values given at ≥0.9 confidence are right ≥95% of the time')
if (FAILURES)
  for (const split of ['dev', 'held'] as const) {
    console.log(`\nfailures (${split}):`)
    for (const f of results[split]!.failures)
      console.log(`${f.id} ${f.field}: got ${JSON.stringify(f.got)} want ${JSON.stringify(f.want)}`)
  }
