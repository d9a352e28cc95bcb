import { performance } from 'node:perf_hooks'
import { importDocument } from './src/importer/importer.ts'
import { seeds, testRefs } from './src/importer/seeds.ts'
const t0=performance.now()
const refs = testRefs()
console.log('refs ms', performance.now()-t0)
const docs = seeds()
for (const d of docs) await importDocument(Buffer.from(d.text), d.name, refs)
for (const d of docs) { const t=performance.now(); for (let i=0;i<20;i++) await importDocument(Buffer.from(d.text), d.name, refs); console.log(d.name, d.text.length, ((performance.now()-t)/20).toFixed(2),'ms') }
