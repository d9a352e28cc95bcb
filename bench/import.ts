// npm run bench:import: documents per second and ms per document for the seed reports as text, Word and PDF,
// with poppler's pdftotext on the same PDFs as the reference for the PDF text extraction alone.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { markdownToDocx, markdownToPdf } from '../src/documents/light-markdown.ts'
import { importDocument } from '../src/importer/importer.ts'
import { readDocument, stopExtractionWorker } from '../src/importer/read.ts'
import { compare, seeds, testRefs } from '../src/importer/seeds.ts'

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 10)
const refs = testRefs()
const docs = seeds()
const files: Record<string, { name: string; buf: Buffer; expected: (typeof docs)[number]['expected'] }[]> = {
  text: [],
  docx: [],
  pdf: [],
}
for (const s of docs) {
  files['text']!.push({ name: s.name, buf: Buffer.from(s.text), expected: s.expected })
  files['docx']!.push({
    name: s.name.replace('.txt', '.docx'),
    buf: await markdownToDocx(s.text),
    expected: s.expected,
  })
  files['pdf']!.push({
    name: s.name.replace('.txt', '.pdf'),
    buf: await markdownToPdf(s.text, { runningHeader: 'LGA Corporate Peer Challenge' }),
    expected: s.expected,
  })
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(`importer on ${docs.length} seed reports x ${ROUNDS} rounds (one warm-up round not counted)`)
for (const [format, list] of Object.entries(files)) {
  for (const f of list) await importDocument(f.buf, f.name, refs) // warm-up: worker start, JIT
  const per: number[] = []
  let mismatches = 0
  const t0 = performance.now()
  for (let r = 0; r < ROUNDS; r++) {
    for (const f of list) {
      const t = performance.now()
      const res = await importDocument(f.buf, f.name, refs)
      per.push(performance.now() - t)
      if (r === 0 && compare(res.summary, f.expected).length) mismatches++
    }
  }
  const total = performance.now() - t0
  const kb = list.reduce((a, f) => a + f.buf.length, 0) / list.length / 1024
  console.log(
    `${format.padEnd(5)} ${(per.length / (total / 1000)).toFixed(1).padStart(6)} docs/s  median ${median(per).toFixed(1).padStart(6)} ms/doc  (avg file ${kb.toFixed(0)} KB; ${mismatches ? `${mismatches} NOT matching expected` : 'all match expected'})`,
  )
}
// text extraction alone: ours (unpdf in the worker) against poppler's pdftotext
const ours: number[] = []
for (let r = 0; r < ROUNDS; r++)
  for (const f of files['pdf']!) {
    const t = performance.now()
    await readDocument(f.buf, f.name)
    ours.push(performance.now() - t)
  }
console.log(`pdf text extraction only, unpdf: median ${median(ours).toFixed(1)} ms/doc`)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pdf-'))
const probe = spawnSync('pdftotext', ['-v'])
if (probe.error)
  console.log('pdftotext (poppler-utils) is not installed: no reference figure (apt-get install poppler-utils)')
else {
  const ref: number[] = []
  for (const f of files['pdf']!) fs.writeFileSync(path.join(dir, f.name), f.buf)
  for (let r = 0; r < ROUNDS; r++)
    for (const f of files['pdf']!) {
      const t = performance.now()
      const out = spawnSync('pdftotext', ['-layout', path.join(dir, f.name), '-'])
      ref.push(performance.now() - t)
      if (out.status !== 0) throw new Error(`pdftotext failed on ${f.name}`)
    }
  console.log(`pdf text extraction only, pdftotext (process per file): median ${median(ref).toFixed(1)} ms/doc`)
}
fs.rmSync(dir, { recursive: true, force: true })
await stopExtractionWorker()
