import { z } from 'zod'
import { id, isoDateTime } from '../web/presenters.ts'
import { challengeFields } from '../challenges/presenters.ts'
import { reviewTypeName } from '../frameworks/presenters.ts'

const polarity = z.enum(['strength', 'improve', 'neutral'])

const note = z
  .object({
    id,
    sessionId: id.nullable(),
    authorPersonId: id,
    author: z.string(),
    themes: z.array(z.string()),
    polarity,
    text: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.int(),
  })
  .meta({ id: 'EvidenceNote' })

/** The team's evidence: notes, and the coverage of themes by stakeholder groups. */
export const evidence = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  themes: z.array(z.object({ key: z.string(), title: z.string() })),
  groups: z.array(z.object({ key: z.string(), label: z.string() })),
  polarities: z.array(z.object({ key: polarity, label: z.string() })).readonly(),
  sessions: z.array(z.object({ id, title: z.string(), when: z.string() })),
  notes: z.array(
    note.extend({
      session: z.string().nullable(),
      mine: z.boolean().meta({ description: 'Written by the user (only its author changes a note)' }),
    }),
  ),
  total: z.number(),
  coverage: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      strengths: z.number(),
      improve: z.number(),
      /** Notes on the theme not tied to a session (reading, data, a walk round): they count for the theme. */
      outsideSessions: z.number(),
      cells: z.array(
        z.object({ group: z.string(), planned: z.number(), held: z.number(), notes: z.number(), gap: z.boolean() }),
      ),
    }),
  ),
  gaps: z.array(
    z.object({ theme: z.string(), group: z.string(), planned: z.number(), held: z.number(), text: z.string() }),
  ),
  gapsDue: z.boolean(),
  dayTwo: z.string().nullable(),
  /** The last day of the visit has passed: gaps can no longer be filled on site. */
  visitOver: z.boolean(),
  /** Theme and group pairs with no session planned (not gaps: left out of the programme on purpose or not). */
  unplanned: z.number(),
  counts: z.object({
    planned: z.number(),
    meetingsHeld: z.number(),
    peopleMet: z.number(),
    hours: z.number(),
    weeks: z.number(),
    sentence: z.string(),
  }),
  filters: z.object({ theme: z.string(), session: z.string(), polarity: z.string() }),
})

export const evidenceQuery = z.object({
  theme: z.string().optional(),
  session: z.string().optional().meta({ description: 'Session id' }),
  polarity: z.string().optional(),
})

const ownNote = note.pick({ id: true, sessionId: true, themes: true, polarity: true, text: true, version: true })

export const evidenceNote = evidence.extend({
  note: ownNote,
  values: ownNote.extend({ sessionId: z.union([z.string(), id]) }),
})

export const noteId = z.object({ id })
