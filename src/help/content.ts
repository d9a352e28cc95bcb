import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { rulesetData } from '../action-plans/reference.ts'
import { ragKey } from '../action-plans/rules.ts'

/** The glossary (versioned data with its source) and the RAG rules in force, in words, from the action plan rules. */
export interface Glossary {
  schemaVersion: 1
  version: string
  source: string
  terms: { term: string; meaning: string }[]
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'glossary.json')

export function glossary(today: string) {
  const g = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Glossary
  const inForce = rulesetData()
    .filter((r) => r.effectiveFrom <= today)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
    .at(-1)
  return {
    version: g.version,
    source: g.source,
    terms: [...g.terms].sort((a, b) => a.term.localeCompare(b.term)),
    rag: inForce
      ? {
          ruleset: inForce.name,
          effectiveFrom: inForce.effectiveFrom,
          key: ragKey(inForce.rules.rag).map((k) => ({ key: k.key, label: k.label, meaning: k.meaning })),
          rules: inForce.rules.rag.map((r) => ({ rag: r.rag, reason: r.reason })),
        }
      : null,
  }
}
