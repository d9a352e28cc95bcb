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
  })
  .meta({ id: 'DeadlineRule' })

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
    qualifiesForCycle: z.boolean(),
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

/** A deadline worked out from the framework's rules: when it is due and whether it was met. */
export const deadline = z
  .object({
    code: z.string(),
    label: z.string(),
    kind: z.enum(['target', 'deadline', 'offer']),
    source: z.string(),
    due: isoDate.nullable(),
    approximate: z.boolean(),
    status: z.enum(['overdue', 'not-started', 'due', 'met', 'met-late', 'lapsed', 'not-applicable']),
    metOn: isoDate.nullable(),
    daysLeft: z.number().nullable(),
    daysOverdue: z.number().nullable(),
    daysLate: z.number().nullable(),
    summary: z.string(),
    note: z.string().nullable(),
  })
  .meta({ id: 'Deadline' })
