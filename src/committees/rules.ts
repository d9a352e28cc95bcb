import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A council's committee settings (decision 0017): its committees under their own names, what kind each is and whether
 * it can approve the action plan, its statutory officers, the contact officer, and which sections its committee report
 * template has in what order, with its own words for some of them. The sector's common template (a versioned data
 * file) is the default; a council's settings are stored with a schema version and read through the frozen shape.
 */

export type CommitteeKind = 'executive' | 'scrutiny' | 'audit' | 'full-council' | 'policy-committee'
export const COMMITTEE_KINDS: readonly CommitteeKind[] = [
  'executive',
  'scrutiny',
  'audit',
  'full-council',
  'policy-committee',
]

export const SECTION_KEYS = [
  'purpose',
  'recommendations',
  'reasons',
  'background',
  'plan',
  'priorities',
  'consultation',
  'options',
  'financial',
  'legal',
  'staffing',
  'risks',
  'equalities',
  'next-steps',
  'background-papers',
  'contact',
] as const
export type SectionKey = (typeof SECTION_KEYS)[number]

/** Sections whose wording a council may set (otherwise the template's, or what the data gives). */
export const TEXT_KEYS = [
  'priorities',
  'consultation',
  'options',
  'financial',
  'legal',
  'staffing',
  'risks',
  'equalities',
  'backgroundPapers',
] as const
export type TextKey = (typeof TEXT_KEYS)[number]

export interface Committee {
  /** Stable within a council: the name as a slug ("corporate-scrutiny-committee"). */
  key: string
  /** Exactly as the council names it ("Corporate Scrutiny Committee"). */
  name: string
  kind: CommitteeKind
  approvesPlan: boolean
}

export interface Officer {
  name: string
  title: string
}

/** The stored shape, version 1 (November 2026). Frozen: a new shape is V2, with V1 upgraded in `readSettings`. */
export interface CommitteeSettingsV1 {
  committees: Committee[]
  officers: { s151: Officer; monitoring: Officer; headOfPaidService: Officer }
  contact: { name: string; title: string; email: string; phone: string }
  /** The default "Report of" (an officer or the portfolio holder). */
  reportOf: string
  /** The default portfolio holder (none in a committee-system council). */
  portfolioHolder: string
  /** The default wards affected. */
  wards: string
  /** The template's sections in the council's order (purpose and recommendations always included). */
  sections: SectionKey[]
  /** The council's own wording for some sections; empty: the template's. */
  text: Partial<Record<TextKey, string>>
}
export type CommitteeSettings = CommitteeSettingsV1
export const SETTINGS_SCHEMA_VERSION = 1

export interface CommitteeTemplate {
  schema_version: number
  code: string
  name: string
  source: string
  committees: Omit<Committee, 'key'>[]
  committeeKinds: { key: CommitteeKind; label: string }[]
  sections: { key: SectionKey; heading: string; required?: boolean }[]
  text: Record<TextKey, string>
  signOffs: Record<'financial' | 'legal' | 'staffing', { officer: keyof CommitteeSettings['officers']; role: string }>
  schedule12A: Record<string, string>
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'committee-template.json')
let cached: CommitteeTemplate | undefined

/** The sector's common template (the shipped data file); refuses a file of a schema this release does not read. */
export function committeeTemplate(): CommitteeTemplate {
  if (cached) return cached
  const t = JSON.parse(fs.readFileSync(FILE, 'utf8')) as CommitteeTemplate
  if (t.schema_version !== 1) throw new Error(`committee template schema_version ${t.schema_version} is not supported`)
  cached = t
  return t
}

export const committeeKey = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'committee'

export const kindLabel = (k: CommitteeKind) => committeeTemplate().committeeKinds.find((x) => x.key === k)?.label ?? k

/** The settings a council has before it sets its own: the sector's template. */
export function defaultSettings(): CommitteeSettings {
  const t = committeeTemplate()
  const blank = { name: '', title: '' }
  return {
    committees: t.committees.map((c) => ({ ...c, key: committeeKey(c.name) })),
    officers: { s151: blank, monitoring: blank, headOfPaidService: blank },
    contact: { name: '', title: '', email: '', phone: '' },
    reportOf: '',
    portfolioHolder: '',
    wards: 'All wards',
    sections: t.sections.map((s) => s.key),
    text: {},
  }
}

/** A stored record, read through the frozen shape of its version. */
export function readSettings(schemaVersion: number, content: unknown): CommitteeSettings {
  switch (schemaVersion) {
    case 1: {
      const c = content as CommitteeSettingsV1
      // Sections a later template adds are not silently inserted; unknown ones (a removed section) are dropped.
      return { ...c, sections: c.sections.filter((s) => (SECTION_KEYS as readonly string[]).includes(s)) }
    }
    default:
      throw new Error(`committee settings schema version ${schemaVersion} is newer than this release understands`)
  }
}

/** Problems with a council's settings, by field (empty when they can be saved). */
export function settingsProblems(s: CommitteeSettings): Record<string, string> {
  const errors: Record<string, string> = {}
  if (!s.committees.length) errors['committees'] = 'Enter at least one committee'
  const keys = s.committees.map((c) => c.key)
  const dup = keys.find((k, i) => keys.indexOf(k) !== i)
  if (dup) errors['committees'] = `“${s.committees.find((c) => c.key === dup)!.name}” is listed twice`
  if (s.committees.length && !s.committees.some((c) => c.approvesPlan))
    errors['committees'] =
      'At least one committee must be able to approve the action plan (Cabinet, or in a committee system the policy committee or Full Council)'
  for (const req of committeeTemplate().sections.filter((x) => x.required))
    if (!s.sections.includes(req.key)) errors['sections'] = `The report always has the section “${req.heading}”`
  if (new Set(s.sections).size !== s.sections.length) errors['sections'] = 'List each section once'
  return errors
}

/** The committees that can approve the plan, by name ("Cabinet"; "Policy and Resources Committee or Full Council"). */
export function approvers(s: CommitteeSettings): string[] {
  return s.committees.filter((c) => c.approvesPlan).map((c) => c.name)
}

/** A council without an executive (a committee system): none of its committees is an executive. */
export const isCommitteeSystem = (s: CommitteeSettings) => !s.committees.some((c) => c.kind === 'executive')

/** The meetings table's kind of body for a committee (the committee's own name is kept beside it). */
export function bodyOf(c: Committee): 'cabinet' | 'executive' | 'scrutiny' | 'audit' | 'full-council' | 'other' {
  switch (c.kind) {
    case 'executive':
      return /cabinet/i.test(c.name) ? 'cabinet' : 'executive'
    case 'scrutiny':
    case 'audit':
    case 'full-council':
      return c.kind
    default:
      return 'other'
  }
}

/** "a, b or c" */
export function orList(items: string[], word = 'or'): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`
}
