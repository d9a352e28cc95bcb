import { z } from 'zod'

/**
 * Building blocks of the presenters (the zod schemas of what the API answers; see decision 12). Each domain's
 * presenters are in its own presenters.ts, next to its routes.
 */

/** A moment: a Date from the database, an ISO 8601 string in the JSON. */
export const isoDateTime = z.codec(z.union([z.date(), z.string()]), z.string().meta({ format: 'date-time' }), {
  decode: (v) => (v instanceof Date ? v.toISOString() : v),
  encode: (s) => s,
})

/** A day, as the database gives it: YYYY-MM-DD. */
export const isoDate = z.string().meta({ format: 'date', example: '2026-11-23' })

/** An id (a positive 32-bit integer). */
export const id = z.int().min(1).max(2147483647)

/** What an action without a result answers. */
export const ok = z.object({ ok: z.boolean() })

/** What the user may do on a challenge, as the policy says (auth/policy.ts abilities()). */
export const abilities = z
  .object({
    viewPrivate: z.boolean(),
    viewHistory: z.boolean(),
    viewRecommendations: z.boolean(),
    edit: z.boolean(),
    editScope: z.boolean(),
    changeFramework: z.boolean(),
    manageTeam: z.boolean(),
    editRecommendations: z.boolean(),
    recordEvent: z.boolean(),
    stateDate: z.boolean().meta({ description: 'May record, correct or withdraw a due date stated in a document' }),
    uploadDocument: z.boolean(),
    uploadKinds: z.array(z.string()),
    viewPlan: z.boolean(),
    editPlan: z.boolean(),
    planVisit: z.boolean(),
    evidence: z.boolean(),
    writeReport: z.boolean(),
    commentReport: z.boolean(),
    respondComment: z.boolean(),
  })
  .meta({ id: 'Abilities' })

/** What the user may do on one page (a few booleans from the policy). */
export const pageAbilities = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, z.boolean()])) as Record<K, z.ZodBoolean>)
