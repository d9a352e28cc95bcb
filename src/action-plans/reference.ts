import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Queryable } from '../db/db.ts'
import type { PlanRules } from './rules.ts'

export interface RulesetData {
  code: string
  name: string
  effectiveFrom: string
  sourceNote: string
  rules: PlanRules
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'rulesets.json')

export function rulesetData(): RulesetData[] {
  return (JSON.parse(fs.readFileSync(FILE, 'utf8')) as { rulesets: RulesetData[] }).rulesets
}

/** Loads the shipped rule sets; existing codes are left alone (a changed rule set ships under a new code). */
export async function syncRulesets(tx: Queryable): Promise<void> {
  for (const r of rulesetData()) {
    await tx.query(
      `insert into plan_rulesets (code, name, effective_from, rules, source_note) values ($1, $2, $3, $4, $5) on conflict (code) do nothing`,
      [r.code, r.name, r.effectiveFrom, JSON.stringify(r.rules), r.sourceNote],
    )
  }
}

export async function rulesetInForce(
  db: Queryable,
  onDate: string,
): Promise<{ code: string; rules: PlanRules } | undefined> {
  return db.one(
    `select code, rules from plan_rulesets where effective_from <= $1 order by effective_from desc, code desc limit 1`,
    [onDate],
  )
}

export async function getRuleset(
  db: Queryable,
  code: string,
): Promise<{ code: string; name: string; rules: PlanRules; sourceNote: string } | undefined> {
  return db.one(`select code, name, rules, source_note as "sourceNote" from plan_rulesets where code = $1`, [code])
}
