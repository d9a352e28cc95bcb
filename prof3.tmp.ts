import fs from 'node:fs'
import { importDocument } from './src/importer/importer.ts'
import { readRefsSnapshot, refsFromSnapshot } from './src/importer/refs.ts'
const refs = refsFromSnapshot(readRefsSnapshot('/tmp/pc15data')!)
const files = fs.readdirSync('/tmp/corp').map(f => '/tmp/corp/' + f)
const c0 = process.cpuUsage(); const t0 = performance.now()
for (const f of files) await importDocument(fs.readFileSync(f), f, refs)
const c = process.cpuUsage(c0)
console.log('docs', files.length, 'cpu s', ((c.user + c.system) / 1e6).toFixed(2), 'wall s', ((performance.now() - t0) / 1000).toFixed(2), 'docs/cpu-s', (files.length / ((c.user + c.system) / 1e6)).toFixed(0))
