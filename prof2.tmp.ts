import { importDocument } from './src/importer/importer.ts'
import { seeds, testRefs } from './src/importer/seeds.ts'
const refs = testRefs()
const docs = seeds()
for (let i=0;i<60;i++) for (const d of docs) await importDocument(Buffer.from(d.text), d.name, refs)
