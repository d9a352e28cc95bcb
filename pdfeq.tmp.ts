import fs from 'node:fs'
import crypto from 'node:crypto'
const { pdfToText } = await import(process.argv[2] + '/src/importer/extractors.ts')
for (const f of fs.readdirSync('/tmp/pdfs')) { const r = await pdfToText(new Uint8Array(fs.readFileSync('/tmp/pdfs/' + f))); console.log(f, r.pages, crypto.createHash('sha1').update(r.text).digest('hex').slice(0, 10)) }
