import type { ReportContent, ReportFacts, ThemeRecommendation } from './service.ts'

/**
 * A saved report version is a record: the text, the figures and the recommendations as they stood (decision 0013).
 * It is stored with the version of its shape and read through the frozen type of that version, upgraded to today's.
 * When ReportContent, ReportFacts or the recommendation shapes change so that the current version no longer fits, the
 * assertion at the end stops the build: add the next version, write it, and upgrade older ones in `readReportVersion`.
 * Never edit a frozen version.
 */

interface ContentV1 {
  executiveSummary: string
  approach: string
  themes: Record<string, string>
  focus: string[]
  nextSteps: string
}
interface FactsV1 {
  councilName: string
  reviewName: string
  dates: string
  days: number
  team: { name: string; title: string | null; organisation: string | null; kind: string; role: string }[]
  counts: { meetingsHeld: number; peopleMet: number; hours: number; weeks: number }
  focusAreas: string[]
}

/** Version 1 (November 2026): key recommendations only. Frozen. */
export interface ReportVersionV1 {
  content: ContentV1 & { facts: FactsV1 }
  recommendations: { number: number; title: string; body: string }[]
}

/** Version 2 (November 2026): the council's questions, the principal adviser, per-theme recommendations. Frozen. */
export interface ReportVersionV2 {
  content: ContentV1 & {
    facts: FactsV1 & {
      questions: Record<string, string[]>
      adviser: { name: string; title: string | null; email: string | null; phone: string | null } | null
    }
  }
  recommendations: { number: number; title: string; body: string }[]
  themeRecommendations: { themeKey: string; number: number; title: string; body: string }[]
}

export interface ReportVersionNow {
  content: ReportContent & { facts: ReportFacts }
  recommendations: { number: number; title: string; body: string }[]
  themeRecommendations: ThemeRecommendation[]
}

export const REPORT_VERSION_SCHEMA = 2

export function writeReportVersion(v: ReportVersionNow): { schemaVersion: number } & ReportVersionV2 {
  return { schemaVersion: REPORT_VERSION_SCHEMA, ...v }
}

/** Upgrades a stored version to today's shape: what older versions did not record is empty, not invented. */
export function readReportVersion(schemaVersion: number, stored: unknown): ReportVersionNow {
  switch (schemaVersion) {
    case 1: {
      const v1 = stored as ReportVersionV1
      return {
        content: { ...v1.content, facts: { ...v1.content.facts, questions: {}, adviser: null } },
        recommendations: v1.recommendations,
        themeRecommendations: [],
      }
    }
    case 2:
      return stored as ReportVersionV2
    default:
      throw new Error(`report version schema ${schemaVersion} is newer than this release understands`)
  }
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _current: Same<ReportVersionNow, ReportVersionV2> = true
void _current
