import { z } from 'zod'
import { INT_MAX } from '../challenges/schemas.ts'
import { COMMITTEE_KINDS, SECTION_KEYS, committeeKey, type Committee, type CommitteeKind } from './rules.ts'

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .default('')

const KIND_WORDS: Record<string, CommitteeKind> = {
  executive: 'executive',
  cabinet: 'executive',
  scrutiny: 'scrutiny',
  'overview and scrutiny': 'scrutiny',
  audit: 'audit',
  'full-council': 'full-council',
  'full council': 'full-council',
  council: 'full-council',
  'policy-committee': 'policy-committee',
  'policy committee': 'policy-committee',
  committee: 'policy-committee',
}
const YES = /^(yes|y|true|approves|approves plan|approves the plan)$/i

/** "Corporate Scrutiny Committee | scrutiny | no": one committee a line (the form), or the same as objects (JSON). */
export const committeeLines = z
  .union([
    z.string(),
    z.array(
      z.object({
        name: z.string(),
        kind: z.enum(COMMITTEE_KINDS as [CommitteeKind, ...CommitteeKind[]]),
        approvesPlan: z.boolean().optional().default(false),
      }),
    ),
  ])
  .optional()
  .transform((v, ctx): Committee[] => {
    if (Array.isArray(v))
      return v.map((c) => ({ ...c, name: c.name.trim(), key: committeeKey(c.name) })).filter((c) => c.name)
    const out: Committee[] = []
    for (const line of (v ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)) {
      const [name = '', kindWord = '', approves = ''] = line.split('|').map((s) => s.trim())
      const kind = KIND_WORDS[kindWord.toLowerCase()]
      if (!name || !kind) {
        ctx.addIssue({
          code: 'custom',
          message: `“${line}”: write the committee’s name, its kind (executive, scrutiny, audit, full council or policy committee) and whether it approves the plan, separated by |`,
        })
        continue
      }
      if (name.length > 200)
        ctx.addIssue({ code: 'custom', message: 'A committee’s name must be 200 characters or fewer' })
      out.push({ key: committeeKey(name), name, kind, approvesPlan: YES.test(approves) })
    }
    if (out.length > 30) ctx.addIssue({ code: 'custom', message: 'Enter no more than 30 committees' })
    return out
  })

const sectionLines = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const keys = (Array.isArray(v) ? v : (v ?? '').split(/[\r\n,]+/)).map((s) => s.trim()).filter(Boolean)
    for (const k of keys)
      if (!(SECTION_KEYS as readonly string[]).includes(k))
        ctx.addIssue({ code: 'custom', message: `“${k.slice(0, 60)}” is not a section of the template` })
    return keys as (typeof SECTION_KEYS)[number][]
  })

const email = z
  .string()
  .trim()
  .max(200)
  .optional()
  .default('')
  .refine((v) => !v || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), {
    message: 'Enter an email address like name@council.gov.uk',
  })

export const settingsSchema = z.object({
  committees: committeeLines,
  s151Name: text(200, 'A name'),
  s151Title: text(200, 'A title'),
  monitoringName: text(200, 'A name'),
  monitoringTitle: text(200, 'A title'),
  headOfPaidServiceName: text(200, 'A name'),
  headOfPaidServiceTitle: text(200, 'A title'),
  contactName: text(200, 'A name'),
  contactTitle: text(200, 'A title'),
  contactEmail: email,
  contactPhone: text(50, 'A telephone number'),
  reportOf: text(200, 'Report of'),
  portfolioHolder: text(200, 'The portfolio holder'),
  wards: text(500, 'Wards affected'),
  sections: sectionLines,
  priorities: text(5000, 'The text'),
  consultation: text(5000, 'The text'),
  options: text(5000, 'The text'),
  financial: text(5000, 'The text'),
  legal: text(5000, 'The text'),
  staffing: text(5000, 'The text'),
  risks: text(5000, 'The text'),
  equalities: text(5000, 'The text'),
  backgroundPapers: text(5000, 'The text'),
  /** The version read (0: the council had no settings of its own yet). */
  version: z.coerce
    .number()
    .int('The form is out of date: reload the page')
    .min(0, 'The form is out of date: reload the page')
    .max(INT_MAX, 'The form is out of date: reload the page'),
})
export type SettingsInput = z.infer<typeof settingsSchema>
