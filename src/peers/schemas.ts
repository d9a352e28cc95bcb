import { z } from 'zod'
import { optionalDate } from '../challenges/schemas.ts'
import { vocabulary } from './rules-data.ts'

/** Input for a peer's profile: one schema for the form, the JSON API and each row of an imported pool file. */

const KIND_WORDS: Record<string, 'member' | 'officer' | 'lga'> = {
  member: 'member',
  'member peer': 'member',
  councillor: 'member',
  officer: 'officer',
  'officer peer': 'officer',
  lga: 'lga',
  'lga staff': 'lga',
  'lga associate': 'lga',
}

/** A list given as an array (checkboxes, JSON) or as text separated by semicolons, commas or new lines. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v : (v ?? '').split(/[;,\n]/)).map((s) => s.trim()).filter(Boolean))

/** Matches a vocabulary entry by key or label, case-insensitively. */
function byKeyOrLabel(items: { key: string; label: string }[], s: string): string | undefined {
  const t = s.trim().toLowerCase()
  return items.find((i) => i.key.toLowerCase() === t || i.label.toLowerCase() === t)?.key
}

export const peerSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the peer’s name').max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .max(320)
      .optional()
      .transform((v) => v || null)
      .refine(
        (v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
        'Enter an email address like name@council.gov.uk',
      ),
    kind: z
      .string({ message: 'Select whether they are a councillor, an officer or LGA staff' })
      .transform((v) => KIND_WORDS[v.trim().toLowerCase()])
      .refine((v) => !!v, 'Select whether they are a councillor, an officer or LGA staff'),
    party: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => v || null),
    role: z.string().trim().min(1, 'Select their current role'),
    title: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || null),
    organisation: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || null),
    council: z
      .string()
      .trim()
      .max(200)
      .optional()
      .transform((v) => v || null),
    region: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => v || null),
    councilTypes: list,
    expertise: list,
    accreditedOn: optionalDate('Accreditation date'),
    trainedOn: optionalDate('Training date'),
    daysOffered: z
      .union([z.string(), z.number()])
      .optional()
      .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
      .refine((v) => Number.isInteger(v) && v >= 0 && v <= 250, 'Days offered must be a whole number from 0 to 250'),
    formerRole: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || null),
    formerRoleUntil: optionalDate('The date they left that role'),
    inPool: z
      .union([z.boolean(), z.string()])
      .optional()
      .transform((v) =>
        typeof v === 'boolean' ? v : v === undefined || v === '' ? true : /^(yes|y|true|1|on)$/i.test(v.trim()),
      ),
    notes: z.string().max(2000, 'Notes must be 2,000 characters or fewer').optional().default(''),
  })
  // Cross-field checks run even when a field failed, so one submission shows every problem.
  .superRefine(
    (v, ctx) => {
      const vocab = vocabulary()
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
      const kind = typeof v.kind === 'string' ? (KIND_WORDS[v.kind.trim().toLowerCase()] ?? v.kind) : undefined
      const roleText = typeof v.role === 'string' ? v.role : ''
      const roleDef = roleText ? vocab.roles.find((r) => r.key === byKeyOrLabel(vocab.roles, roleText)) : undefined
      if (roleText && !roleDef)
        issue('role', `Unknown role “${roleText}”: use one of ${vocab.roles.map((r) => r.label).join(', ')}`)
      else if (roleDef && kind && ['member', 'officer', 'lga'].includes(kind) && roleDef.kind !== kind)
        issue(
          'role',
          `${roleDef.label} is not a role for ${kind === 'member' ? 'a councillor' : kind === 'officer' ? 'an officer' : 'LGA staff'}`,
        )
      if (kind === 'member' && !(typeof v.party === 'string' && v.party.trim()))
        issue('party', 'Enter the member peer’s party (or Independent)')
      for (const e of Array.isArray(v.expertise) ? v.expertise : [])
        if (!byKeyOrLabel(vocab.expertise, e)) issue('expertise', `Unknown expertise “${e}”`)
      for (const t of Array.isArray(v.councilTypes) ? v.councilTypes : [])
        if (!byKeyOrLabel(vocab.councilTypes, t)) issue('councilTypes', `Unknown council type “${t}”`)
      if (v.formerRole) {
        if (!byKeyOrLabel(vocab.roles, v.formerRole)) issue('formerRole', `Unknown former role “${v.formerRole}”`)
        if (!v.formerRoleUntil) issue('formerRoleUntil', 'Enter when they left their former role')
      }
      if (v.formerRoleUntil && !v.formerRole) issue('formerRole', 'Select the former role they left on that date')
    },
    { when: () => true },
  )
  .transform((v) => {
    const vocab = vocabulary()
    return {
      ...v,
      kind: v.kind!,
      role: byKeyOrLabel(vocab.roles, v.role)!,
      party: v.kind === 'member' ? v.party : null,
      expertise: [...new Set(v.expertise.map((e) => byKeyOrLabel(vocab.expertise, e)!))],
      councilTypes: [...new Set(v.councilTypes.map((t) => byKeyOrLabel(vocab.councilTypes, t)!))],
      formerRole: v.formerRole ? byKeyOrLabel(vocab.roles, v.formerRole)! : null,
    }
  })
export type PeerInput = z.infer<typeof peerSchema>

export const unavailabilitySchema = z
  .object({
    from: optionalDate('The first day').refine((v) => v !== null, 'Enter the first day they are unavailable'),
    to: optionalDate('The last day'),
    note: z.string().trim().max(200).optional().default(''),
  })
  .transform((v) => ({ ...v, from: v.from!, to: v.to ?? v.from! }))
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'The last day must be the same as or after the first day' })

export const RELATIONSHIP_TYPES = [
  { key: 'employer', label: 'Employer (now or in the past)' },
  { key: 'personal', label: 'Personal (family, close friend, business)' },
  { key: 'political', label: 'Political (e.g. a party role in the area)' },
] as const

export const relationshipSchema = z
  .object({
    council: z.string().trim().min(1, 'Enter the council'),
    type: z.enum(['employer', 'personal', 'political'], { message: 'Select the kind of relationship' }),
    from: optionalDate('The start date'),
    to: optionalDate('The end date'),
    note: z.string().trim().max(500).optional().default(''),
  })
  .refine((v) => !v.from || !v.to || v.to >= v.from, {
    path: ['to'],
    message: 'The end date must be the same as or after the start date',
  })

export const CONFLICT_TYPES = [
  { key: 'own-council', label: 'Their own council' },
  { key: 'employer', label: 'Employer now or within the look-back' },
  { key: 'neighbour', label: 'Neighbouring council' },
  { key: 'same-county', label: 'Same county' },
  { key: 'combined-authority', label: 'Same combined authority' },
  { key: 'shared-service', label: 'Shared service' },
  { key: 'personal', label: 'Personal relationship' },
  { key: 'political', label: 'Political relationship' },
  { key: 'reviewed-last-time', label: 'On the council’s previous peer challenge' },
] as const

export const overrideSchema = z.object({
  council: z.string().trim().min(1, 'Enter the council'),
  type: z.enum(CONFLICT_TYPES.map((t) => t.key) as [string, ...string[]], {
    message: 'Select the conflict to override',
  }),
  reason: z
    .string()
    .trim()
    .min(10, 'Give the reason for the override (at least 10 characters): it is kept in the audit log')
    .max(1000),
})
