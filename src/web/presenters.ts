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

/**
 * What the user may do on a page, as the policy says (booleans, and a few lists). Typed loosely on purpose: the
 * names follow the policy.
 */
export const permissions = z.record(z.string(), z.unknown())
