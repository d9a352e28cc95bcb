import { z } from 'zod'
import { id, isoDateTime, pageAbilities } from '../web/presenters.ts'
import { challengeFields } from '../challenges/presenters.ts'
import { reviewTypeName, theme } from '../frameworks/presenters.ts'

/** The report as the user may read it: the version shown, its HTML and text, the versions and the comments. */
export const report = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  stage: z.string(),
  versions: z.array(z.object({ version: z.int(), note: z.string(), authorLabel: z.string(), createdAt: isoDateTime })),
  shown: z.object({ version: z.int(), createdAt: isoDateTime, latest: z.boolean() }).nullable(),
  final: z.boolean(),
  draftMarking: z
    .string()
    .nullable()
    .meta({ description: 'What a draft carries on every printed page (null for the final report)' }),
  published: z
    .object({
      on: z.string().nullable(),
      location: z.string().nullable(),
      documents: z.array(z.object({ versionId: id, title: z.string(), filename: z.string() })),
    })
    .nullable()
    .meta({
      description:
        'A final report not written in this service (imported, or uploaded): when and where it was published, and its documents',
    }),
  html: z.string().meta({ description: 'The report as accessible HTML (the publication format)' }),
  markdown: z.string(),
  comments: z.array(
    z.object({
      id,
      section: z.string(),
      text: z.string(),
      authorLabel: z.string(),
      fromCouncil: z.boolean(),
      createdAt: isoDateTime,
      response: z.string().nullable(),
      respondedBy: z.string().nullable(),
      version: z.int(),
    }),
  ),
  sections: z.array(z.object({ key: z.string(), label: z.string() })),
  abilities: pageAbilities('write', 'comment', 'respond', 'presentation', 'download'),
})

export const reportQuery = z.object({
  version: z.string().optional().meta({ description: 'A version number (the team sees every draft)' }),
})

/** The drafting form: the latest version's text, the evidence by theme and the figures the approach states. */
export const reportDraft = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  baseVersion: z.number(),
  themes: z.array(
    theme.extend({ evidence: z.object({ strengths: z.array(z.string()), improve: z.array(z.string()) }) }),
  ),
  focusAreas: z.array(z.string()),
  facts: z.object({
    councilName: z.string(),
    reviewName: z.string(),
    dates: z.string(),
    days: z.number(),
    team: z.array(
      z.object({
        name: z.string(),
        title: z.string().nullable(),
        organisation: z.string().nullable(),
        kind: z.string(),
        role: z.string(),
      }),
    ),
    counts: z.object({ meetingsHeld: z.number(), peopleMet: z.number(), hours: z.number(), weeks: z.number() }),
    focusAreas: z.array(z.string()),
  }),
  recommendations: z.array(
    z.object({ number: z.int(), title: z.string(), body: z.string(), lockedAt: isoDateTime.nullable() }),
  ),
  values: z
    .object({ executiveSummary: z.string(), approach: z.string(), nextSteps: z.string() })
    .catchall(z.string())
    .meta({ description: 'The latest text, with theme-<key> and focus-<n> sections' }),
})

export const savedVersion = z.object({ version: z.int() })
export const commentId = z.object({ id })
