import { z } from 'zod'
import { isIsoDate } from '../common/dates.ts'
import { INT_MAX, isId, optionalDate, optionalId, optionalNumber, versionNumber } from '../challenges/schemas.ts'

/** Form and API input for the on-site programme. Dates are checked against the visit's days by the service. */

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/
export const normaliseTime = (s: string) => {
  const m = TIME.exec(s.trim())
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null
}

const optionalTime = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .refine((v) => v === null || normaliseTime(v) !== null, { message: `${label} must be a time like 09:30` })
    .transform((v) => (v === null ? null : normaliseTime(v)))

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[;,]/)).map((s) => s.trim()).filter(Boolean))

export const SESSION_KINDS = ['interview', 'focus-group', 'site-visit'] as const

export const siteSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the name of the site')
    .max(120, 'The site name must be 120 characters or fewer'),
  isMain: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on'),
})

export const travelSchema = z
  .object({
    fromSite: z.coerce
      .number({ message: 'Select a site' })
      .int()
      .positive('Select a site')
      .max(INT_MAX, 'Select a site'),
    toSite: z.coerce.number({ message: 'Select a site' }).int().positive('Select a site').max(INT_MAX, 'Select a site'),
    minutes: z.coerce
      .number({ message: 'Enter the travel time in minutes' })
      .int('Enter whole minutes')
      .min(0, 'Travel time cannot be negative')
      .max(240, 'Travel between sites must be 240 minutes or less'),
  })
  .superRefine(
    (v, ctx) => {
      if (v.fromSite === v.toSite)
        ctx.addIssue({ code: 'custom', path: ['toSite'], message: 'Select two different sites' })
    },
    { when: () => true },
  )

/** Unavailable times as lines "2027-03-10 09:00-12:00" or a whole day "2027-03-10". */
export const unavailableLines = z
  .union([z.string(), z.array(z.object({ date: z.string(), from: z.string(), to: z.string() }))])
  .optional()
  .transform((v, ctx) => {
    // Given as a list ({ date, from, to }, from JSON), each is checked like a line of the form.
    const lines = Array.isArray(v) ? v.map((w) => `${w.date} ${w.from}-${w.to}`) : (v ?? '').split(/\r?\n|;/)
    const out: { date: string; from: string; to: string }[] = []
    for (const line of lines.map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\d{4}-\d{2}-\d{2})(?:\s+(\d{1,2}[:.]\d{2})\s*(?:-|–|to)\s*(\d{1,2}[:.]\d{2}))?$/.exec(line)
      const from = m?.[2] ? normaliseTime(m[2]) : '00:00'
      const to = m?.[3] ? normaliseTime(m[3]) : '23:59'
      if (!m || !isIsoDate(m[1]) || !from || !to || to <= from) {
        ctx.addIssue({
          code: 'custom',
          message: `“${line}” must look like 2027-03-10 09:00-12:00, or 2027-03-10 for the whole day`,
        })
        return z.NEVER
      }
      out.push({ date: m[1]!, from, to })
    }
    return out
  })
  .refine((v) => v.length <= 20, { message: 'Enter no more than 20 unavailable times' })

export const attendeeSchema = z.object({
  name: z.string().trim().min(1, 'Enter the attendee’s name').max(200, 'The name must be 200 characters or fewer'),
  roleTitle: z.string().trim().max(200, 'The role must be 200 characters or fewer').optional().default(''),
  group: z.string().trim().min(1, 'Select the stakeholder group'),
  unavailable: unavailableLines,
})

export const sessionSchema = z
  .object({
    title: z
      .string()
      .trim()
      .min(1, 'Enter what the session is')
      .max(200, 'The session title must be 200 characters or fewer'),
    kind: z.enum(SESSION_KINDS, { message: 'Select the kind of session' }),
    minutes: z.coerce
      .number({ message: 'Enter how long the session lasts, in minutes' })
      .int('Enter whole minutes')
      .min(15, 'A session lasts at least 15 minutes')
      .max(240, 'A session lasts at most 240 minutes (4 hours)'),
    siteId: optionalId('Select a site'),
    room: z.string().trim().max(120, 'The room must be 120 characters or fewer').optional().default(''),
    themes: list,
    group: z.string().trim().optional().default(''),
    attendees: z
      .union([z.string(), z.array(z.union([z.string(), z.number()]))])
      .optional()
      .transform((v) => (Array.isArray(v) ? v : v ? [v] : []).map(Number))
      .refine((v) => v.every(isId), { message: 'Select attendees from the list' }),
    fixedDate: optionalDate('The fixed date'),
    fixedStart: optionalTime('The fixed start time'),
    peers: optionalNumber().refine((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 4), {
      message: 'Peers wanted must be 1 to 4',
    }),
    notes: z.string().trim().max(2000, 'Notes must be 2,000 characters or fewer').optional().default(''),
    outcome: z
      .enum(['', 'held', 'not-held'])
      .optional()
      .transform((v) => (v ? v : null)),
    peopleMet: optionalNumber().refine((v) => v === null || (Number.isInteger(v) && v >= 0 && v <= 1000), {
      message: 'People met must be a whole number from 0 to 1000',
    }),
    version: versionNumber().optional(),
  })
  .superRefine(
    (v, ctx) => {
      if ((v.fixedDate && !v.fixedStart) || (!v.fixedDate && v.fixedStart))
        ctx.addIssue({
          code: 'custom',
          path: [v.fixedDate ? 'fixedStart' : 'fixedDate'],
          message: 'Enter both the date and the start time of a fixed session, or neither',
        })
      if (v.peopleMet != null && v.outcome !== 'held')
        ctx.addIssue({
          code: 'custom',
          path: ['peopleMet'],
          message: 'Record people met only for a session that was held',
        })
    },
    { when: () => true },
  )

export const themeLeadsSchema = z.record(z.string(), z.union([z.string(), z.number()]).optional())

export const solveSchema = z.object({
  timeLimitSeconds: z.coerce.number().int().min(1).max(120).optional(),
})

export const publishSchema = z.object({
  note: z.string().trim().max(500).optional().default(''),
})

export type SessionInput = z.infer<typeof sessionSchema>
export type AttendeeInput = z.infer<typeof attendeeSchema>
