// npm run bench:import: the importer's speed, each figure beside its goal, medians of several runs.
//  1. the command line end to end (`peer-challenge import FOLDER --json`, a process per run, start-up included) on a
//     folder of generated text documents: documents a second of wall time, a second of CPU time (all the process's
//     threads), and of wall time held to one core (taskset -c 0);
//  2. in-process documents a second for the same text documents, and for the seed reports as Word and PDF;
//  3. PDF text extraction alone, ours (pdf.js in the extraction worker) against poppler's pdftotext, a process per
//     file as it is used; the ratio per pair, goal at most 2x.
// BENCH_DOCS (default 1000) documents, BENCH_RUNS (default 5) runs, BENCH_ROUNDS (default 6) rounds in-process.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { markdownToDocx, markdownToPdf } from '../src/documents/light-markdown.ts'
import { importDocument } from '../src/importer/importer.ts'
import { readDocument, stopExtractionWorker } from '../src/importer/read.ts'
import { SNAPSHOT_FILE, type RefsSnapshot } from '../src/importer/refs.ts'
import { compare, referenceFrameworks, registerCouncils, seeds, testRefs } from '../src/importer/seeds.ts'

const DOCS = Number(process.env['BENCH_DOCS'] ?? 1000)
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5)
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 6)
const CLI_GOAL = 500
const PDF_GOAL = 2

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}
const f1 = (n: number) => n.toFixed(1)
const cpuNow = () => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
/** GNU time gives a child's CPU time; without it only wall time is reported. */
const hasTime = fs.existsSync('/usr/bin/time')
function timed(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const t = performance.now()
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '\n@@cpu %U %S', cmd, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 1 << 30 })
  const wall = performance.now() - t
  const m = /@@cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr ?? '')
  return { ...r, wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'))
const docs = seeds()
console.log(
  `importer benchmark: ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}; medians`,
)

// ---- 1. the command line, end to end ----
// generated documents: each seed, with its bold marks, bullets, line endings or spacing changed, and a line of its own
const variants: ((t: string, i: number) => string)[] = [
  (t) => t,
  (t) => t.replace(/\*\*/g, ''),
  (t) => t.replace(/^- /gm, '* '),
  (t) => t.replace(/\n/g, '\r\n'),
  (t) => t.replace(/\. /g, '.  '),
]
const folder = path.join(tmp, 'documents')
fs.mkdirSync(folder)
for (let i = 0; i < DOCS; i++) {
  const s = docs[i % docs.length]!
  const v = variants[Math.floor(i / docs.length) % variants.length]!
  fs.writeFileSync(
    path.join(folder, `${String(i).padStart(5, '0')}-${s.name}`),
    `${v(s.text, i)}\n\nCopy ${i} for the benchmark.\n`,
  )
}
// the snapshot the database would leave: the national register and the shipped frameworks
const dataDir = path.join(tmp, 'data')
fs.mkdirSync(dataDir)
const snapshot: RefsSnapshot = {
  version: 1,
  takenAt: new Date().toISOString(),
  councils: registerCouncils(),
  frameworks: referenceFrameworks(),
}
fs.writeFileSync(path.join(dataDir, SNAPSHOT_FILE), JSON.stringify(snapshot))
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir }
delete env['DATABASE_URL']
const bin = path.resolve(import.meta.dirname, '../bin/peer-challenge.js')
/** which code the command line runs (bin/peer-challenge.js): the compiled dist/ when it is newer than every file in
 * src/, else src/ through tsx (about 0.3 s more a run: `npm run build` first to measure the compiled command) */
const runs = (() => {
  const root = path.resolve(import.meta.dirname, '..')
  let at: number
  try {
    at = fs.statSync(path.join(root, 'dist', '.built')).mtimeMs
  } catch {
    return 'src/ through tsx: no build'
  }
  const src = path.join(root, 'src')
  for (const f of fs.readdirSync(src, { recursive: true, encoding: 'utf8' }))
    if (fs.statSync(path.join(src, f)).mtimeMs > at) return 'src/ through tsx: the build is older than src/'
  return 'the compiled dist/'
})()
const cliWall: number[] = []
const cliCpu: number[] = []
/** the same run held to one core (taskset, util-linux), in turn with the free one: V8's compiler and collector
 * threads then take their time from the parse, as they do on a machine with one core */
const hasTaskset = !spawnSync('taskset', ['-c', '0', 'true']).error
const oneCoreWall: number[] = []
let checked = ''
for (let r = 0; r <= RUNS; r++) {
  const res = timed(process.execPath, [bin, 'import', folder, '--json'], env)
  if (res.status !== 0) throw new Error(`the command line failed (${res.status}): ${res.stderr}`)
  if (hasTaskset && r > 0) {
    const one = timed('taskset', ['-c', '0', process.execPath, bin, 'import', folder, '--json'], env)
    if (one.status !== 0) throw new Error(`the command line failed on one core (${one.status}): ${one.stderr}`)
    oneCoreWall.push(one.wall)
  }
  if (r === 0) {
    // warm-up (tsx's transform cache); check what it read
    const out = JSON.parse(res.stdout) as { summary: { read: number; councils: { found: number; unknown: number } } }
    checked = `${out.summary.read} read, ${out.summary.councils.found} councils, ${out.summary.councils.unknown} unknown`
    continue
  }
  cliWall.push(res.wall)
  cliCpu.push(res.cpu)
}
const perWall = DOCS / (median(cliWall) / 1000)
console.log(
  `cli end to end  ${DOCS} text documents: ${perWall.toFixed(0).padStart(5)} docs/s wall` +
    (hasTime ? `, ${(DOCS / (median(cliCpu) / 1000)).toFixed(0)} docs per CPU-second (all its threads)` : '') +
    `   goal >= ${CLI_GOAL}/s   (${f1(median(cliWall) / 1000)} s a run, start-up included; ${checked}; runs ${runs})`,
)

console.log(
  hasTaskset
    ? `cli on one core ${DOCS} text documents: ${(DOCS / (median(oneCoreWall) / 1000)).toFixed(0).padStart(5)} docs/s wall   goal >= ${CLI_GOAL}/s   (taskset -c 0)`
    : 'cli on one core: taskset (util-linux) is not installed: no figure',
)

// the same on two threads (--jobs 2): wall time on the machine's cores
const jobsWall: number[] = []
for (let r = 0; r < Math.max(1, Math.ceil(RUNS / 2)); r++) {
  const res = timed(process.execPath, [bin, 'import', folder, '--json', '--jobs', '2'], env)
  if (res.status !== 0) throw new Error(`the command line failed (${res.status}): ${res.stderr}`)
  jobsWall.push(res.wall)
}
console.log(
  `cli --jobs 2    ${DOCS} text documents: ${(DOCS / (median(jobsWall) / 1000)).toFixed(0).padStart(5)} docs/s wall   goal >= ${CLI_GOAL}/s`,
)

// ---- 2. in-process ----
const refs = testRefs()
const texts = fs.readdirSync(folder).map((f) => ({ name: f, buf: fs.readFileSync(path.join(folder, f)) }))
const inWall: number[] = []
const inCpu: number[] = []
for (let r = 0; r <= Math.max(1, Math.ceil(ROUNDS / 2)); r++) {
  const t = performance.now()
  const c = cpuNow()
  for (const f of texts) await importDocument(f.buf, f.name, refs)
  if (r === 0) continue
  inWall.push(performance.now() - t)
  inCpu.push(cpuNow() - c)
}
console.log(
  `in-process      ${texts.length} text documents: ${(texts.length / (median(inWall) / 1000)).toFixed(0).padStart(5)} docs/s wall, ${(texts.length / (median(inCpu) / 1000)).toFixed(0)} docs per CPU-second`,
)
const pdfs: { name: string; buf: Buffer }[] = []
for (const fmt of ['docx', 'pdf'] as const) {
  const list: { name: string; buf: Buffer; expected: (typeof docs)[number]['expected'] }[] = []
  for (const s of docs)
    list.push({
      name: s.name.replace('.txt', `.${fmt}`),
      buf:
        fmt === 'docx'
          ? await markdownToDocx(s.text)
          : await markdownToPdf(s.text, { runningHeader: 'LGA Corporate Peer Challenge' }),
      expected: s.expected,
    })
  if (fmt === 'pdf') pdfs.push(...list)
  for (const f of list) await importDocument(f.buf, f.name, refs) // warm-up: worker start, JIT
  const per: number[] = []
  let mismatches = 0
  for (let r = 0; r < ROUNDS; r++)
    for (const f of list) {
      const t = performance.now()
      const res = await importDocument(f.buf, f.name, refs)
      per.push(performance.now() - t)
      if (r === 0 && compare(res.summary, f.expected).length) mismatches++
    }
  console.log(
    `in-process      ${fmt.padEnd(4)} seed reports: ${(1000 / median(per)).toFixed(0).padStart(5)} docs/s, median ${f1(median(per))} ms/doc (${mismatches ? `${mismatches} NOT matching expected` : 'all match expected'})`,
  )
}

// ---- 3. PDF text extraction alone: ours against pdftotext, in turn, pair by pair ----
const probe = spawnSync('pdftotext', ['-v'])
if (probe.error) {
  console.log('pdftotext (poppler-utils) is not installed: no reference figure (apt-get install poppler-utils)')
} else {
  for (const f of pdfs) fs.writeFileSync(path.join(tmp, f.name), f.buf)
  const ours: number[] = []
  const ref: number[] = []
  for (let r = 0; r < ROUNDS; r++)
    for (const f of pdfs) {
      const t = performance.now()
      await readDocument(f.buf, f.name)
      ours.push(performance.now() - t)
      const p = timed('pdftotext', ['-layout', path.join(tmp, f.name), '-'])
      if (p.status !== 0) throw new Error(`pdftotext failed on ${f.name}`)
      ref.push(p.wall)
    }
  const ratios = ours.map((o, i) => o / ref[i]!)
  console.log(
    `pdf text only   wall: ours ${f1(median(ours))} ms/doc, pdftotext ${f1(median(ref))} ms/doc (a process per file): ` +
      `ratio ${median(ratios).toFixed(2)}x (median of pairs)   goal <= ${PDF_GOAL}x`,
  )
  if (hasTime) {
    // CPU time per document over a batch of the five (GNU time counts in 10 ms steps: one file is too short to see)
    const paths = pdfs.map((f) => path.join(tmp, f.name))
    const batchOurs: number[] = []
    const batchRef: number[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const c = cpuNow()
      for (const f of pdfs) await readDocument(f.buf, f.name)
      batchOurs.push((cpuNow() - c) / pdfs.length)
      const p = timed('/bin/sh', ['-c', 'for f in "$@"; do pdftotext -layout "$f" - >/dev/null; done', 'sh', ...paths])
      batchRef.push(p.cpu / pdfs.length)
    }
    const ratio = batchOurs.map((o, i) => o / Math.max(0.1, batchRef[i]!))
    console.log(
      `pdf text only   CPU:  ours ${f1(median(batchOurs))} ms/doc, pdftotext ${f1(median(batchRef))} ms/doc: ` +
        `ratio ${median(ratio).toFixed(2)}x (median of batches)`,
    )
  }
}
fs.rmSync(tmp, { recursive: true, force: true })
await stopExtractionWorker()
