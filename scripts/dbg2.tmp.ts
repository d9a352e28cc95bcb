import { generate, councilPool } from '../src/importer/generator/index.ts'
import { documentText } from '../src/importer/generator/score.ts'
import { registerCouncils } from '../src/importer/seeds.ts'
import { buildDoc } from '../src/importer/text.ts'
const [split, seed] = process.argv[2]!.split('-')
const d = generate(Number(seed), split as 'dev', councilPool(registerCouncils()))
const doc = buildDoc(documentText(d))
for (const l of doc.lines.slice(0, Number(process.argv[3] ?? 40))) console.log(l.n, l.blank ? 'B' : ' ', l.heading ? 'H' : ' ', l.bullet ? '*' : ' ', JSON.stringify(l.number), l.text.slice(0, 60))
