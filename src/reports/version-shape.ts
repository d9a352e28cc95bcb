import type { ReportContent, ReportFacts } from './service.ts'

/**
 * A saved report version is a record: the text, the figures and the recommendations as they stood (decision 0013).
 * It is stored with the version of its shape and read through the frozen type of that version, upgraded to today's.
 * When ReportContent, ReportFacts or the recommendation shape change so that a V1 record no longer fits, the
 * assertion at the end stops the build: add ReportVersionV2, write it, and upgrade V1 in `readReportVersion`.
 */

/** Version 1 (November 2026). Frozen. */
export interface ReportVersionV1 {
  content: {
    executiveSummary: string
    approach: string
    themes: Record<string, string>
    focus: string[]
    nextSteps: string
    facts: {
      councilName: string
      reviewName: string
      dates: string
      days: number
      team: { name: string; title: string | null; organisation: string | null; kind: string; role: string }[]
      counts: { meetingsHeld: number; peopleMet: number; hours: number; weeks: number }
      focusAreas: string[]
    }
  }
  recommendations: { number: number; title: string; body: string }[]
}

export interface ReportVersionNow {
  content: ReportContent & { facts: ReportFacts }
  recommendations: { number: number; title: string; body: string }[]
}

export const REPORT_VERSION_SCHEMA = 1

export function writeReportVersion(v: ReportVersionNow): { schemaVersion: number } & ReportVersionV1 {
  return { schemaVersion: REPORT_VERSION_SCHEMA, ...v }
}

export function readReportVersion(schemaVersion: number, stored: ReportVersionV1): ReportVersionNow {
  switch (schemaVersion) {
    case 1:
      return stored
    default:
      throw new Error(`report version schema ${schemaVersion} is newer than this release understands`)
  }
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _current: Same<ReportVersionNow, ReportVersionV1> = true
void _current
