/** Generated documents about the demo councils (the ones a demo database knows), for bulk import tests and the bench. */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { corpus, councilPool } from '../importer/generator/index.ts'
import { registerCouncils } from '../importer/seeds.ts'

const demoCodes = () =>
  new Set(
    fs
      .readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'demo', 'councils.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0])
      .filter(Boolean),
  )

/** `n` documents (text, markdown or web pages) from seed `from` on, named by their seed. */
export function bulkCorpus(n: number, from = 0, allCouncils = false): { filename: string; data: Buffer }[] {
  const codes = demoCodes()
  const pool = councilPool(registerCouncils()).filter((c) => allCouncils || codes.has(c.code))
  return corpus('dev', n, pool, from).map((d) => ({
    filename: `doc-${d.seed}.${d.format === 'html' ? 'html' : d.format === 'markdown' ? 'md' : 'txt'}`,
    data: Buffer.from(d.content),
  }))
}
