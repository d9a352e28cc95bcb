import { generate, councilPool } from '../src/importer/generator/index.ts'
import { registerCouncils } from '../src/importer/seeds.ts'
const [split, seed] = process.argv[2]!.split('-')
const d = generate(Number(seed), split as 'dev', councilPool(registerCouncils()))
console.log(d.format, d.layout, JSON.stringify(d.truth))
console.log(d.content)
