import { generate, councilPool } from '../src/importer/generator/index.ts'
import { documentText } from '../src/importer/generator/score.ts'
import { registerCouncils, testRefs } from '../src/importer/seeds.ts'
import { parseDocument } from '../src/importer/parse.ts'
import { summarise } from '../src/importer/summary.ts'
const [split, seed] = process.argv[2]!.split('-')
const d = generate(Number(seed), split as 'dev', councilPool(registerCouncils()))
const { fields } = parseDocument(documentText(d), testRefs())
const f = process.argv[3]
const s = summarise(fields) as Record<string, unknown>
console.log(JSON.stringify(f ? { [f]: s[f], note: (fields as any)[f]?.note, conf: (fields as any)[f]?.confidence } : s, null, 1))
