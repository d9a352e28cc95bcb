/**
 * Test support: the five published seed documents with their expected extraction, the national register, and the
 * comparison the expected files' README describes. Used by the unit, format and integration tests and the benchmark.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { parseRegisterRow } from '../councils/rules.ts'
import { referenceData } from '../frameworks/reference.ts'
import type { Framework } from '../frameworks/types.ts'
import { CouncilIndex, type RegisterCouncil } from './council-match.ts'
import type { Summary } from './summary.ts'

export const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures')
export const SEED_DIR = path.join(FIXTURES, 'import')

export interface Expected {
  file: string
  documentKind: string
  council: { name: string; registerCode: string; inferred: boolean }
  challengeKind: string
  onSite: { start: string; end: string; days: number } | null
  previousChallenge?: string
  framework: string
  themes: string[]
  additionalScope: string[]
  peers: { name: string; title: string | null; organisation: string; kind: string }[]
  keyRecommendations: string[]
  themeRecommendations: Record<string, number> | null
  recommendationCount?: number
  strengthsNoted?: number
  progressHighlights?: string[]
  actionPlan?: { approvedBy: string; approvedOn: string; progressReportAfterMonths: number }
  stats: Record<string, number | null>
  nextSteps: Record<string, string | null>
  meeting: { body: string; date: string | null; then?: { body: string; date: string | null } } | null
}

export function seeds(): { name: string; text: string; expected: Expected }[] {
  return fs
    .readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({
      name: f,
      text: fs.readFileSync(path.join(SEED_DIR, f), 'utf8'),
      expected: JSON.parse(
        fs.readFileSync(path.join(SEED_DIR, 'expected', f.replace(/\.txt$/, '.json')), 'utf8'),
      ) as Expected,
    }))
}

export function registerCouncils(): RegisterCouncil[] {
  const rows = parse(fs.readFileSync(path.join(FIXTURES, 'uk_local_authorities_current.csv'), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[]
  return rows.flatMap((r, i) => {
    const { row } = parseRegisterRow(r, i + 2)
    return row ? [{ ...row }] : []
  })
}

export function referenceFrameworks(): Framework[] {
  return referenceData().frameworks.map((f, i) => ({ ...f, id: i + 1 }))
}

export function testRefs() {
  return { councils: new CouncilIndex(registerCouncils()), frameworks: referenceFrameworks() }
}

/** The expected files name theme sets; our frameworks are versions that carry those theme sets. */
export const THEME_SETS: Record<string, string[]> = {
  'five-questions-2016': ['cpc-2016-five-questions'],
  'five-themes-2022': ['cpc-2022-five-themes', 'cpc-2024-strengthened'],
}
export const REVIEW_TYPES: Record<string, string> = { 'corporate-peer-challenge': 'cpc' }

const dropTitles = (n: string) =>
  n
    .replace(/^(?:Cllr\.?|Councillor)\s+/i, '')
    .replace(/\s+\b(?:OBE|MBE|CBE|DBE|KBE|JP|DL)\b/g, '')
    .trim()
/** README rule for recommendation titles: lowercase, no whitespace, quotes, dashes or stray markdown. */
export const titleKey = (s: string) =>
  s
    .toLowerCase()
    .replace(/\*\*|#/g, '')
    .replace(/[\s'"‘’“”`\-–—]/g, '')

/** Differences between an extraction summary and the expected file, as readable lines (empty when they agree). */
export function compare(actual: Summary, e: Expected): string[] {
  const out: string[] = []
  const eq = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`)
  }
  eq('documentKind', actual.documentKind, e.documentKind)
  eq('council.registerCode', actual.council?.registerCode ?? null, e.council.registerCode)
  eq('council.inferred', actual.council?.inferred ?? null, e.council.inferred)
  eq('reviewType', actual.reviewType, REVIEW_TYPES[e.challengeKind])
  eq('onSite', actual.onSite, e.onSite)
  if (e.previousChallenge !== undefined) eq('previousChallenge', actual.previousChallenge, e.previousChallenge)
  if (!actual.framework || !THEME_SETS[e.framework]?.includes(actual.framework))
    out.push(`framework: got ${actual.framework}, expected one of the ${e.framework} set`)
  eq('themes', actual.themes, e.themes)
  eq('additionalScope', actual.additionalScope, e.additionalScope)
  eq('peers.length', actual.peers.length, e.peers.length)
  e.peers.forEach((p, i) => {
    const a = actual.peers[i]
    if (!a) return
    eq(`peers[${i}].name`, dropTitles(a.name), dropTitles(p.name))
    eq(`peers[${i}].kind`, a.kind, p.kind)
    if (!(a.organisation ?? '').toLowerCase().includes(p.organisation.toLowerCase()))
      out.push(
        `peers[${i}].organisation: got ${JSON.stringify(a.organisation)}, expected it to contain ${JSON.stringify(p.organisation)}`,
      )
  })
  eq('keyRecommendations', actual.keyRecommendations.map(titleKey), e.keyRecommendations.map(titleKey))
  eq('themeRecommendations', actual.themeRecommendations, e.themeRecommendations)
  if (e.recommendationCount !== undefined) eq('recommendationCount', actual.recommendationCount, e.recommendationCount)
  if (e.strengthsNoted !== undefined) eq('strengthsNoted', actual.strengthsNoted, e.strengthsNoted)
  if (e.progressHighlights !== undefined) eq('progressHighlights', actual.progressHighlights, e.progressHighlights)
  if (e.actionPlan !== undefined) eq('actionPlan', actual.actionPlan, e.actionPlan)
  eq('stats', actual.stats, e.stats)
  eq('nextSteps', actual.nextSteps, e.nextSteps)
  eq('meeting', actual.meeting, e.meeting)
  return out
}
