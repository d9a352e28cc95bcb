import { z } from 'zod'
import { id, isoDate } from '../web/presenters.ts'
import { visitWarning } from '../challenges/presenters.ts'
import { deadline, statedDate } from '../frameworks/presenters.ts'

export const cycleStatus = z.enum(['overdue', 'due-soon', 'in-date', 'no-record'])

/** A council's place in the five-year cycle. */
export const cycle = z
  .object({
    lastReview: z
      .object({
        reference: z.string(),
        reviewType: z.string(),
        onsiteEnd: isoDate,
        precision: z.enum(['day', 'month']),
      })
      .nullable(),
    nextDue: isoDate
      .nullable()
      .meta({ description: 'The date that counts: stated in the last report, else the rule’s' }),
    ruleDue: isoDate.nullable().meta({ description: 'What the rule in force for the last review gives' }),
    stated: statedDate.nullable().meta({ description: 'The date the last review’s report states for the next' }),
    basis: z.string().meta({ description: 'Why nextDue is what it is' }),
    status: cycleStatus,
    daysOverdue: z.number().nullable(),
    booked: z
      .object({
        reference: z.string(),
        reviewType: z.string(),
        onsiteStart: isoDate.nullable(),
        onsiteEnd: isoDate.nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Cycle' })

export const cycleLabels = z
  .object({
    overdue: z.string(),
    'due-soon': z.string(),
    'in-date': z.string(),
    'no-record': z.string(),
  })
  .meta({ id: 'CycleLabels' })

const councilDue = z.object({
  code: z.string(),
  name: z.string(),
  laTypeName: z.string().nullable(),
  region: z.string().nullable(),
  cycle,
})

export const programme = z.object({
  today: isoDate,
  counts: z.object({
    councils: z.number(),
    overdue: z.number(),
    dueSoon: z.number(),
    noRecord: z.number(),
    open: z.number(),
  }),
  overdue: z.array(councilDue),
  dueSoon: z.array(councilDue),
  noRecord: z.array(councilDue),
  deadlines: z.array(deadline.extend({ challengeId: id, reference: z.string(), councilName: z.string() })),
  upcoming: z
    .array(
      z.object({
        challengeId: id,
        reference: z.string(),
        councilName: z.string(),
        reviewType: z.string(),
        stageLabel: z.string(),
        onsiteStart: isoDate,
        onsiteEnd: isoDate,
        onsitePrecision: z.enum(['day', 'month']),
        warnings: z.array(visitWarning),
      }),
    )
    .meta({ description: 'Visits on site now or starting within upcomingDays, with warnings about their dates' }),
  upcomingDays: z.number(),
  byStage: z.record(z.string(), z.number()),
  cycleLabels,
})
