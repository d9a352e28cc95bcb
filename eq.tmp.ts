// prints a hash of the full extraction of every seed and variants, to compare implementations
import crypto from 'node:crypto'
const root = process.argv[2]!
const { parseDocument } = await import(root + '/src/importer/parse.ts')
const { buildDoc, normaliseText } = await import(root + '/src/importer/text.ts')
const { seeds, testRefs } = await import(root + '/src/importer/seeds.ts')
const refs = testRefs()
const out: Record<string, string> = {}
for (const s of seeds()) {
  const variants: Record<string, string> = {
    plain: s.text,
    nobold: s.text.replace(/\*\*/g, ''),
    stars: s.text.replace(/^- /gm, '* '),
    spaces: s.text.replace(/ /g, '  '),
    tabs: s.text.replace(/\. /g, '.\t'),
    crlf: s.text.replace(/\n/g, '\r\n'),
    links: s.text.replace(/Council/g, '[Council](http://x)'),
    sup: s.text.replace(/(\d)(st|nd|th) /g, '$1ˢᵗ '),
  }
  for (const [k, t] of Object.entries(variants)) {
    const text = normaliseText(t)
    const r = parseDocument(text, refs)
    out[`${s.name}:${k}`] = crypto.createHash('sha1').update(JSON.stringify(r.fields) + JSON.stringify(buildDoc(text))).digest('hex').slice(0, 12)
  }
}
console.log(JSON.stringify(out, null, 1))
