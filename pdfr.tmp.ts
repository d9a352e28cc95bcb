import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
import { readDocument, stopExtractionWorker } from './src/importer/read.ts'
const names = fs.readdirSync('/tmp/pdfs')
const files = names.map((f) => fs.readFileSync('/tmp/pdfs/' + f))
const ours: number[] = [], ref: number[] = []
for (const [i, b] of files.entries()) await readDocument(b, names[i]!)
for (let r = 0; r < 8; r++)
  for (const [i, b] of files.entries()) {
    let t = performance.now(); await readDocument(b, names[i]!); ours.push(performance.now() - t)
    t = performance.now(); spawnSync('pdftotext', ['-layout', '/tmp/pdfs/' + names[i], '-']); ref.push(performance.now() - t)
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ratios = ours.map((o, i) => o / ref[i]!)
console.log('ours', median(ours).toFixed(1), 'pdftotext', median(ref).toFixed(1), 'ratio of medians', (median(ours) / median(ref)).toFixed(2), 'median pairwise ratio', median(ratios).toFixed(2))
await stopExtractionWorker()
