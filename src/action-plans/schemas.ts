import { parseTypedDate } from '../common/date-input.ts'
import { z } from 'zod'
import { isIsoDate } from '../common/dates.ts'
import { isId, optionalDate, optionalId, versionNumber } from '../challenges/schemas.ts'

const date = (label: string) =>
  z
    .string({ message: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .refine(isIsoDate, { message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date` })
const ids = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .optional()
  .transform((v) => (v == null || v === '' ? [] : (Array.isArray(v) ? v : [v]).map(Number)))
  .refine((v) => v.every(isId), { message: 'Select recommendations from the list' })

export const responseSchema = z
  .object({
    response: z.enum(['accepted', 'partly-accepted', 'not-accepted'], { message: 'Select the council’s response' }),
    reasons: z.string().trim().max(5000, 'Reasons must be 5,000 characters or fewer').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.response !== 'accepted' && !v.reasons) {
      ctx.addIssue({
        code: 'custom',
        path: ['reasons'],
        message: `Explain why the recommendation is ${v.response === 'not-accepted' ? 'not' : 'only partly'} accepted`,
      })
    }
  })

/** A milestone line's date: ISO, as the API sends it, or as people in the UK type one ("31/01/2027", "31 January 2027"). */
export const MILESTONE_LINE =
  /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|(?:[A-Za-z]+ )?\d{1,2} [A-Za-z]+\.? \d{4})\s*[|:–-]\s*(.+)$/

/**
 * "31 January 2027 | Draft strategy to Cabinet" lines ("31/01/2027 | …" and "2027-01-31 | …" too); a line without a
 * date is a milestone without one.
 */
export const milestoneLines = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/\r?\n/)).map((s) => s.trim()).filter(Boolean))
  .superRefine((lines, ctx) => {
    if (lines.length > 20) ctx.addIssue({ code: 'custom', message: 'Enter no more than 20 milestones' })
    for (const l of lines) {
      const m = MILESTONE_LINE.exec(l)
      if (m && !parseTypedDate(m[1]!)) ctx.addIssue({ code: 'custom', message: `“${l}”: ${m[1]} is not a real date` })
      if (l.length > 500) ctx.addIssue({ code: 'custom', message: 'Each milestone must be 500 characters or fewer' })
    }
  })
  .transform((lines) =>
    lines.map((l) => {
      const m = MILESTONE_LINE.exec(l)
      const due = m ? parseTypedDate(m[1]!) : null
      return m && due ? { dueDate: due, title: m[2]!.trim() } : { dueDate: null, title: l }
    }),
  )

const actionFields = {
  title: z
    .string({ message: 'Describe the action' })
    .trim()
    .min(1, 'Describe the action')
    .max(2000, 'The action must be 2,000 characters or fewer'),
  description: z.string().trim().max(10000, 'The detail must be 10,000 characters or fewer').optional().default(''),
  leadOfficer: z
    .string({ message: 'Enter the lead officer' })
    .trim()
    .min(1, 'Enter the lead officer')
    .max(200, 'The lead officer must be 200 characters or fewer'),
  ownerUserId: optionalId('Choose an officer of this council who uses the service, or nobody'),
  startDate: optionalDate('Start date'),
  recommendationIds: ids.refine((v) => v.length > 0, { message: 'Select the recommendations this action serves' }),
  milestones: milestoneLines,
}

export const newActionSchema = z
  .object({ ...actionFields, targetDate: date('the target date') })
  .superRefine((v, ctx) => {
    if (v.startDate && v.startDate > v.targetDate)
      ctx.addIssue({
        code: 'custom',
        path: ['targetDate'],
        message: 'The target date must be on or after the start date',
      })
  })

export const editActionSchema = z.object({
  ...actionFields,
  version: versionNumber(),
})

export const reviseTargetSchema = z.object({
  targetDate: date('the new target date'),
  reason: z
    .string({ message: 'Give the reason for the new date' })
    .trim()
    .min(1, 'Give the reason for the new date')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
})

export const progressSchema = z.object({
  asOf: date('the date of the update'),
  text: z
    .string({ message: 'Describe the progress made' })
    .trim()
    .min(1, 'Describe the progress made')
    .max(10000, 'The update must be 10,000 characters or fewer'),
  status: z.enum(['not-started', 'in-progress', 'complete', 'bau'], { message: 'Select the action’s status' }),
  milestonesDone: ids,
})

export const overrideSchema = z
  .object({
    rag: z.enum(['', 'red', 'amber', 'green'], { message: 'Select a rating' }).optional().default(''),
    reason: z.string().trim().max(2000, 'The reason must be 2,000 characters or fewer').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if (v.rag && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Give the reason for setting the rating by hand' })
  })

export const BODIES = [
  { key: 'cabinet', label: 'Cabinet' },
  { key: 'executive', label: 'Executive' },
  { key: 'scrutiny', label: 'Scrutiny committee' },
  { key: 'audit', label: 'Audit committee' },
  { key: 'full-council', label: 'Full Council' },
  { key: 'other', label: 'Other committee' },
] as const
export const DECISIONS = [
  { key: 'noted', label: 'Noted' },
  { key: 'comments', label: 'Made comments or recommendations' },
  { key: 'approved', label: 'Approved' },
  { key: 'deferred', label: 'Deferred' },
  { key: 'rejected', label: 'Rejected' },
] as const
/** Bodies that can approve a council's action plan (the executive, or the council itself). */
export const APPROVING_BODIES = ['cabinet', 'executive', 'full-council']

const bool = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === 'true' || v === 'on' || v === 'yes')

const link = z
  .string()
  .trim()
  .max(1000)
  .optional()
  .default('')
  .refine((v) => !v || /^https?:\/\/[^\s]+$/.test(v), { message: 'Enter a web address starting with https://' })

export const meetingSchema = z
  .object({
    /** One of the council's committees (its committee settings): its kind and own name are recorded. */
    committee: z.string().trim().max(100).optional().default(''),
    body: z
      .enum(['', ...BODIES.map((b) => b.key)] as [string, ...string[]], { message: 'Select the committee or body' })
      .optional()
      .default(''),
    bodyName: z.string().trim().max(200).optional().default(''),
    meetingDate: date('the date of the meeting'),
    item: z.string().trim().max(500, 'The item must be 500 characters or fewer').optional().default(''),
    decision: z.enum(DECISIONS.map((d) => d.key) as [string, ...string[]], {
      message: 'Select what the meeting decided',
    }),
    resolution: z
      .string()
      .trim()
      .max(10000, 'The resolution must be 10,000 characters or fewer')
      .optional()
      .default(''),
    link,
    approvesPlan: bool,
    snapshot: bool,
  })
  .superRefine((v, ctx) => {
    if (!v.committee && !v.body)
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'Select the committee or body' })
    if (!v.committee && v.body === 'other' && !v.bodyName)
      ctx.addIssue({ code: 'custom', path: ['bodyName'], message: 'Enter the name of the committee' })
    if (v.approvesPlan && v.decision !== 'approved')
      ctx.addIssue({
        code: 'custom',
        path: ['decision'],
        message: 'A meeting approves the plan only if its decision is “Approved”',
      })
  })

export const publicationSchema = z.object({
  what: z.enum(['report', 'plan', 'both'], { message: 'Select what was published' }),
  publishedOn: date('the publication date'),
  where: link.refine((v) => !!v, { message: 'Enter the web address where it is published' }),
})

const short = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be ${max} characters or fewer`).optional().default('')

/** A committee report: for which of the council's committees, which meeting, asking what, public or exempt. */
export const committeeReportQuery = z.object({
  committee: short(100, 'The committee').meta({
    description: 'The key of one of the council’s committees (its committee settings); empty: no committee named',
  }),
  body: z
    .enum(['', ...BODIES.map((b) => b.key)] as [string, ...string[]])
    .optional()
    .default('')
    .meta({ description: 'Older form: a kind of body; the council’s committee of that kind is used' }),
  meetingDate: optionalDate('Meeting date'),
  purpose: z
    .enum(['', 'endorse-report', 'approve-plan', 'comment-plan', 'note-progress'], {
      message: 'Choose what the committee is asked to do',
    })
    .optional()
    .default('')
    .meta({ description: 'Empty: approve (or comment on) a draft plan, note progress on an approved one' }),
  exempt: z
    .enum(['', '1', '2', '3', '4', '5', '6', '7'], {
      message: 'Choose the paragraph of Schedule 12A, or leave empty for a public report',
    })
    .optional()
    .default('')
    .meta({ description: 'The paragraph of Schedule 12A to the Local Government Act 1972 when exempt; empty: public' }),
  keyDecision: z.enum(['', 'yes', 'no'], { message: 'Say whether it is a key decision' }).optional().default(''),
  reportOf: short(200, 'Report of'),
  portfolioHolder: short(200, 'The portfolio holder'),
  wards: short(500, 'Wards affected'),
})
