import fs from 'node:fs'
import { markdownToPdf } from './src/documents/light-markdown.ts'
import { seeds } from './src/importer/seeds.ts'
for (const s of seeds()) fs.writeFileSync('/tmp/pdfs/' + s.name.replace('.txt', '.pdf'), await markdownToPdf(s.text, { runningHeader: 'LGA Corporate Peer Challenge' }))
