import { z } from 'zod'
import { isIsoDate } from '../common/dates.ts'
import { AppError } from '../common/errors.ts'

export const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || isIsoDate(v), { message: `${label} must be a real date` })

/** The largest value of a PostgreSQL integer column: ids, versions and counts past it are refused at the edge. */
export const INT_MAX = 2_147_483_647

/** Whether a value can be a record's id: a whole number from 1 to INT_MAX. */
export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= INT_MAX

/** A record's version (optimistic locking), from a hidden field or JSON. */
export const versionNumber = () =>
  z.coerce
    .number()
    .int('The form is out of date: reload the page')
    .min(1, 'Missing version')
    .max(INT_MAX, 'The form is out of date: reload the page')

/** An optional id from a select or JSON: empty or missing is null; anything else must be an id. */
export const optionalId = (message: string) => optionalNumber().refine((v) => v === null || isId(v), { message })

/** An optional number from a form or JSON: empty or missing is null. Callers add their own range check. */
export const optionalNumber = () =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === '' || v == null ? null : Number(v)))

const lines = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/\r?\n/)).map((s) => s.trim()).filter(Boolean))
  .refine((v) => v.length <= 20, { message: 'Enter no more than 20 focus areas' })
  .refine((v) => v.every((s) => s.length <= 500), { message: 'Each focus area must be 500 characters or fewer' })

export const challengeFieldsSchema = z
  .object({
    scopingDate: optionalDate('Scoping date'),
    onsiteStart: optionalDate('On-site start date'),
    onsiteEnd: optionalDate('On-site end date'),
    feedbackDate: optionalDate('Feedback presentation date'),
    focusAreas: lines,
    notes: z.string().max(5000, 'Notes must be 5,000 characters or fewer').optional().default(''),
  })
  .superRefine((v, ctx) => {
    if ((v.onsiteStart && !v.onsiteEnd) || (!v.onsiteStart && v.onsiteEnd)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.onsiteStart ? 'onsiteEnd' : 'onsiteStart'],
        message: 'Enter both the on-site start and end dates',
      })
    }
    if (v.onsiteStart && v.onsiteEnd && v.onsiteEnd < v.onsiteStart) {
      ctx.addIssue({
        code: 'custom',
        path: ['onsiteEnd'],
        message: 'On-site end date must be the same as or after the start date',
      })
    }
    if (
      v.onsiteStart &&
      v.onsiteEnd &&
      v.onsiteEnd > v.onsiteStart &&
      (Date.parse(v.onsiteEnd) - Date.parse(v.onsiteStart)) / 86_400_000 > 6
    ) {
      ctx.addIssue({ code: 'custom', path: ['onsiteEnd'], message: 'An on-site visit lasts no more than a week' })
    }
    if (
      v.feedbackDate &&
      v.onsiteStart &&
      v.onsiteEnd &&
      (v.feedbackDate < v.onsiteStart || v.feedbackDate > v.onsiteEnd)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['feedbackDate'],
        message: 'The feedback presentation is given during the on-site visit, usually on its last day',
      })
    }
    if (v.scopingDate && v.onsiteStart && v.scopingDate > v.onsiteStart) {
      ctx.addIssue({ code: 'custom', path: ['scopingDate'], message: 'Scoping must come before the on-site visit' })
    }
  })

export const createChallengeSchema = z
  .object({
    councilCode: z.string().trim().min(1, 'Select a council').max(12),
    reviewType: z.string().trim().min(1, 'Select the type of review'),
    frameworkId: optionalId('Select a framework'),
    parentId: optionalId('Select the original challenge'),
  })
  .and(challengeFieldsSchema)

export const updateChallengeSchema = challengeFieldsSchema.and(
  z.object({
    version: versionNumber(),
    frameworkId: optionalId('Select a framework'),
  }),
)

export const TEAM_ROLES = [
  { key: 'lead-peer', label: 'Lead peer', kinds: ['officer', 'member'] },
  { key: 'member-peer', label: 'Member peer', kinds: ['member'] },
  { key: 'officer-peer', label: 'Officer peer', kinds: ['officer'] },
  { key: 'finance-peer', label: 'Finance peer', kinds: ['officer', 'lga'] },
  { key: 'pcm', label: 'Peer challenge manager', kinds: ['lga'] },
  { key: 'lga-adviser', label: 'LGA adviser or support', kinds: ['lga'] },
  { key: 'principal-adviser', label: 'LGA principal adviser (the council’s contact)', kinds: ['lga'] },
  { key: 'shadow', label: 'Shadow peer', kinds: ['officer', 'member', 'lga'] },
] as const

export const PARTIES = ['Conservative', 'Labour', 'Liberal Democrat', 'Green', 'Independent', 'Other'] as const

export const teamMemberSchema = z
  .object({
    personId: optionalId('Choose a person from the pool'),
    name: z.string().trim().max(120).optional().default(''),
    kind: z.enum(['', 'member', 'officer', 'lga']).optional().default(''),
    title: z.string().trim().max(200).optional().default(''),
    organisation: z.string().trim().max(200).optional().default(''),
    role: z.enum(TEAM_ROLES.map((r) => r.key) as [string, ...string[]], { message: 'Select a role on the team' }),
    party: z.string().trim().max(60).optional().default(''),
    // Contact details of a new person: the principal adviser's are printed in the report's next steps.
    email: z
      .string()
      .trim()
      .max(200)
      .optional()
      .default('')
      .refine((e) => !e || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e), {
        message: 'Enter an email address like name@example.gov.uk',
      }),
    phone: z
      .string()
      .trim()
      .max(40)
      .optional()
      .default('')
      .refine((t) => !t || /^[0-9+() -]{6,40}$/.test(t), { message: 'Enter a telephone number, like 020 7664 3000' }),
  })
  .superRefine((v, ctx) => {
    if (!v.personId && !v.name)
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'Choose a person from the pool or enter a name' })
    if (!v.personId && !v.kind)
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'Select whether the person is a councillor, an officer or LGA staff',
      })
    if (v.role === 'member-peer' && !v.party)
      ctx.addIssue({ code: 'custom', path: ['party'], message: 'Enter the member peer’s political party' })
  })

export const recommendationSchema = z.object({
  kind: z.enum(['key', 'theme'], { message: 'Select key or theme recommendation' }),
  themeKey: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null),
  number: optionalNumber().refine((v) => v === null || (Number.isInteger(v) && v > 0 && v < 1000), {
    message: 'Number must be a whole number from 1',
  }),
  title: z
    .string()
    .trim()
    .min(1, 'Enter the recommendation')
    .max(1000, 'The recommendation must be 1,000 characters or fewer'),
  body: z.string().trim().max(10000, 'The explanation must be 10,000 characters or fewer').optional().default(''),
})

export const EVENT_CODES = [
  { key: 'report_published', label: 'Report published' },
  { key: 'action_plan_published', label: 'Action plan published' },
  { key: 'feedback_presented', label: 'Feedback presented' },
  { key: 'draft_issued', label: 'Draft report issued' },
  { key: 'factual_comments_returned', label: 'Factual accuracy comments returned' },
  { key: 'final_issued', label: 'Final report issued' },
  { key: 'scoping_meeting', label: 'Scoping meeting held' },
  { key: 'position_statement_received', label: 'Position statement received' },
  { key: 'data_pack_received', label: 'LG Inform data pack received' },
  { key: 'finance_briefing_received', label: 'Independent finance briefing received' },
  { key: 'lga_published', label: 'Report published by the LGA' },
] as const

export const eventSchema = z.object({
  code: z.enum(EVENT_CODES.map((e) => e.key) as [string, ...string[]], { message: 'Select what happened' }),
  occurredOn: z.string().trim().refine(isIsoDate, { message: 'Enter a real date' }),
  location: z
    .string()
    .trim()
    .max(500)
    .optional()
    .default('')
    .refine((v) => !v || /^https?:\/\/[^\s]+$/.test(v) || !/^[a-z]+:/i.test(v), {
      message: 'Enter a web address starting with https://, or a description',
    }),
  note: z.string().trim().max(2000).optional().default(''),
})

const reason = z
  .string({ message: 'Enter the reason' })
  .trim()
  .min(10, 'Give the reason in at least 10 characters: it is kept in the history')
  .max(1000, 'The reason must be 1,000 characters or fewer')

/** Correcting a recorded date: any of the date, the place or the note, and why. */
export const eventCorrectionSchema = z.object({
  occurredOn: z.string().trim().refine(isIsoDate, { message: 'Enter a real date' }).optional(),
  location: eventSchema.shape.location.optional(),
  note: z.string().trim().max(2000).optional(),
  reason,
})

export const eventWithdrawalSchema = z.object({ reason })

export const transitionSchema = z.object({
  to: z.string().trim().min(1, 'Select the next stage'),
  note: z.string().trim().max(2000).optional().default(''),
  version: versionNumber(),
})

/** Validates a service's input, or throws the one validation error with a message per field. */
export function parseInput<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input ?? {})
  if (!r.success) throw AppError.validation(zodFields(r.error))
  return r.data
}

export function zodFields(err: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of err.issues) {
    const k = String(i.path[0] ?? 'form')
    if (!out[k]) out[k] = i.message
  }
  return out
}

/**
 * The council's own questions under each theme: one field per theme, `q-<theme key>`, one question a line (a form's
 * textarea), or a list of lines (the API).
 */
export const themeQuestionsSchema = z
  .object({})
  .catchall(
    z
      .union([
        z.string().max(5000, 'Each theme’s questions must be 5,000 characters or fewer'),
        z.array(z.string().max(1000)),
      ])
      .transform((v) =>
        (Array.isArray(v) ? v : v.split('\n')).map((q) => q.replace(/^\s*[-*•]\s*/, '').trim()).filter(Boolean),
      ),
  )
