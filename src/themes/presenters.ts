import { z } from 'zod'
import { id, isoDate } from '../web/presenters.ts'

const themeRef = z.object({ key: z.string(), title: z.string() })
const matchedTerm = z.object({
  term: z.string(),
  weight: z.number(),
  matched: z.string().meta({ description: 'The words as written in the recommendation' }),
  where: z.enum(['title', 'text']),
})

export const recommendationThemesView = z.object({
  recommendation: z.object({
    id,
    challengeId: id,
    reference: z.string(),
    label: z.string(),
    title: z.string(),
    body: z.string(),
    href: z.string(),
    council: z.object({ code: z.string(), name: z.string() }),
  }),
  themes: z
    .array(
      themeRef.extend({
        origin: z.enum(['classifier', 'override']),
        confidence: z.number().nullable(),
      }),
    )
    .meta({ description: 'The themes in force, main theme first: a person’s override wins over the classifier' }),
  classifier: z
    .array(themeRef.extend({ score: z.number(), confidence: z.number(), terms: z.array(matchedTerm) }))
    .meta({ description: 'What the classifier assigned, with why: the matched terms and their weights' }),
  override: z
    .object({
      themes: z.array(themeRef),
      reason: z.string().nullable(),
      by: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
  taxonomy: z.object({ version: z.int(), themes: z.array(themeRef) }),
  canOverride: z.boolean(),
})

export const overrideBody = z.object({
  themes: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .meta({ description: 'Theme keys (none: no theme)' }),
  reason: z.string().meta({ description: 'Why the themes are changed (required)' }),
})

export const themeTrendsView = z.object({
  by: z.enum(['year', 'type', 'region']),
  dimensions: z.array(z.object({ key: z.string(), label: z.string(), selected: z.boolean(), href: z.string() })),
  dimension: z.enum(['year', 'type', 'region']),
  categories: z.array(z.object({ key: z.string(), label: z.string(), recommendations: z.int() })),
  series: z.array(z.object({ theme: z.string(), title: z.string(), total: z.int(), counts: z.array(z.int()) })),
  unthemed: z.array(z.int()),
  taxonomy: z.object({
    version: z.int(),
    effectiveFrom: isoDate,
    source: z.string(),
    themes: z.array(themeRef.extend({ description: z.string() })),
  }),
  labelledSet: z.object({ size: z.int(), labelling: z.string() }),
})

export const trendsQueryDoc = z.object({
  by: z
    .enum(['year', 'type', 'region'])
    .optional()
    .meta({ description: 'Count by year of the visit (default), council type or region' }),
})

const recRef = z.object({ id, label: z.string(), title: z.string(), href: z.string() })

export const repeatFindingsView = z.object({
  council: z.object({
    code: z.string(),
    name: z.string(),
    typeName: z.string().nullable(),
    region: z.string().nullable(),
    population: z.int().nullable(),
  }),
  reviews: z.array(
    z.object({ challengeId: id, reference: z.string(), onsite: isoDate.nullable(), recommendations: z.int() }),
  ),
  comparedRecommendations: z.int(),
  recurringScore: z.number(),
  recurring: z.int(),
  later: z.array(
    z.object({
      challengeId: id,
      reference: z.string(),
      onsite: isoDate.nullable(),
      recommendations: z.array(
        recRef.extend({
          recurring: z.boolean(),
          matches: z.array(
            recRef.extend({
              reference: z.string(),
              score: z.number().meta({ description: 'Cosine similarity of the weighted word stems, 0 to 1' }),
              words: z.array(z.string()).meta({ description: 'The words they share, those that weigh most first' }),
              closure: z.enum(['closed', 'partly', 'open', 'no-actions', 'no-plan', 'not-visible']),
              closureLabel: z.string(),
            }),
          ),
        }),
      ),
    }),
  ),
  similarCouncils: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      score: z.number(),
      matched: z.int(),
      examples: z.array(
        z.object({
          mine: z.string(),
          theirs: z.string(),
          href: z.string(),
          score: z.number(),
          words: z.array(z.string()),
        }),
      ),
    }),
  ),
  likeMine: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      typeName: z.string().nullable(),
      region: z.string().nullable(),
      population: z.int().nullable(),
      reviews: z.int(),
      sameRegion: z.boolean(),
      href: z.string(),
    }),
  ),
})
