import { z } from 'zod'
import { id, isoDate } from '../web/presenters.ts'

export const theme = z.object({ key: z.string(), title: z.string(), question: z.string() }).meta({ id: 'Theme' })

const offset = z.object({
  days: z.number().optional(),
  workingDays: z.number().optional(),
  weeks: z.number().optional(),
  months: z.number().optional(),
  years: z.number().optional(),
})

export const deadlineRule = z
  .object({
    code: z.string(),
    label: z.string(),
    kind: z.enum(['target', 'deadline', 'offer']),
    anchor: z.string(),
    offset,
    satisfiedBy: z.union([
      z.object({ event: z.union([z.string(), z.array(z.string())]) }),
      z.object({ child: z.string() }),
      z.object({ childEvent: z.object({ reviewType: z.string(), event: z.string() }) }),
      z.object({ nextReview: z.literal(true) }),
      z.object({ self: z.literal('onsite_end') }),
    ]),
    source: z.string(),
    effectiveFrom: isoDate.meta({
      description: 'Applies to challenges whose visit (the original one, for a return visit) starts on or after it',
    }),
    effectiveFromSource: z.string(),
    effectiveTo: isoDate.nullable(),
    effectiveToSource: z.string().nullable(),
    lapsesAt: z
      .literal('onsite_start')
      .optional()
      .meta({ description: 'A milestone before the visit: it lapses, unrecorded, once the visit begins' }),
  })
  .meta({ id: 'DeadlineRule' })

/** What counts towards the expectation of a peer challenge every few years, by the date a review was held. */
export const cycleRule = z
  .object({
    code: z.string(),
    version: z.int(),
    label: z.string(),
    reviewTypes: z.array(z.string()),
    period: offset,
    effectiveFrom: isoDate,
    effectiveFromSource: z.string(),
    effectiveTo: isoDate.nullable(),
    effectiveToSource: z.string().nullable(),
    source: z.string(),
  })
  .meta({ id: 'CycleRule' })

export const framework = z
  .object({
    id,
    code: z.string(),
    reviewType: z.string(),
    name: z.string(),
    version: z.int(),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable(),
    themes: z.array(theme),
    rules: z.array(deadlineRule),
    sourceNote: z.string(),
  })
  .meta({ id: 'Framework' })

const stage = z.object({
  key: z.string(),
  label: z.string(),
  terminal: z.boolean().optional(),
  held: z.boolean().optional(),
})

export const reviewType = z
  .object({
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    description: z.string(),
    parentRequired: z.boolean(),
    workflow: z.object({
      stages: z.array(stage),
      transitions: z.array(
        z.object({
          from: z.string(),
          to: z.string(),
          label: z.string(),
          roles: z.array(z.enum(['admin', 'council', 'pcm', 'lead-peer'])),
          guards: z.array(z.string()).optional(),
          effects: z.array(z.string()).optional(),
        }),
      ),
    }),
  })
  .meta({ id: 'ReviewType' })

/** The short form of a review type, in a challenge's header. */
export const reviewTypeName = z
  .object({ code: z.string(), name: z.string(), shortName: z.string() })
  .meta({ id: 'ReviewTypeName' })

const ragCondition = z.object({
  status: z.array(z.enum(['not-started', 'in-progress', 'complete', 'bau'])).optional(),
  overdue: z.boolean().optional(),
  dueWithinDays: z.number().optional(),
  milestoneOverdue: z.boolean().optional(),
  startPassed: z.boolean().optional(),
  daysSinceUpdate: z.number().optional(),
  targetRevisions: z.number().optional(),
})
const rag = z.enum(['red', 'amber', 'green'])

export const frameworks = z.object({
  reviewTypes: z.array(reviewType),
  frameworks: z.array(framework.extend({ rules: z.array(deadlineRule.extend({ describe: z.string() })) })),
  cycleRules: z.array(cycleRule),
  guards: z.record(z.string(), z.string()).meta({ description: 'Transition guard -> what it checks' }),
  planRules: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      effectiveFrom: isoDate,
      sourceNote: z.string(),
      rules: z.object({
        rag: z.array(z.object({ if: ragCondition, rag, reason: z.string() })),
        reminders: z.object({
          dueInDays: z.array(z.number()),
          overdueEveryDays: z.number(),
          updateEveryDays: z.number(),
          publicationDueInDays: z.array(z.number()),
          publicationRules: z.array(z.string()),
        }),
      }),
      rag: z.array(z.object({ when: z.string(), if: ragCondition, rag, reason: z.string() })),
    }),
  ),
})

/** A due date stated in a document (the importer or a person records it), counting instead of the rule's. */
export const statedDate = z
  .object({
    id: id.optional(),
    due: isoDate,
    precision: z.enum(['day', 'month']),
    source: z.string(),
    note: z.string(),
  })
  .meta({ id: 'StatedDate' })

/** A deadline worked out from the framework's rules: when it is due and whether it was met. */
export const deadline = z
  .object({
    code: z.string(),
    label: z.string(),
    kind: z.enum(['target', 'deadline', 'offer']),
    source: z.string(),
    effectiveFrom: isoDate.nullable(),
    effectiveTo: isoDate.nullable(),
    due: isoDate.nullable().meta({ description: 'The date that counts: a date stated in a document, else the rule’s' }),
    duePrecision: z.enum(['day', 'month']).meta({ description: 'month: a stated month, due by its last day' }),
    ruleDue: isoDate.nullable().meta({ description: 'What the rule alone gives' }),
    stated: statedDate.nullable(),
    counts: z.enum(['rule', 'stated']),
    basis: z.string().nullable().meta({ description: 'Both dates and which one counts, when a document states one' }),
    approximate: z.boolean(),
    beforeVisit: z.boolean(),
    status: z.enum(['overdue', 'not-started', 'due', 'met', 'met-late', 'lapsed', 'not-applicable']),
    metOn: isoDate.nullable(),
    daysLeft: z.number().nullable(),
    daysOverdue: z.number().nullable(),
    daysLate: z.number().nullable(),
    summary: z.string(),
    phrase: z.string().meta({
      description: 'The status in words that do not repeat its tag: "in 7 days", "3 years 10 months overdue"',
    }),
    note: z.string().nullable(),
    carriedBy: z.string().nullable().meta({ description: 'The return visit that carries this obligation now' }),
  })
  .meta({ id: 'Deadline' })
