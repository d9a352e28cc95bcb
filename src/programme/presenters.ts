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

const calendarItem = z
  .object({
    kind: z.enum(['visit', 'feedback', 'deadline']),
    challengeId: id,
    reference: z.string(),
    councilName: z.string(),
    label: z.string().meta({ description: '"On site", "Feedback presentation", or the deadline’s name' }),
    status: z.string().nullable().meta({ description: 'A deadline’s state: Overdue, Due, Met or Met late' }),
    part: z.string().nullable().meta({ description: 'For a visit of several days: "day 2 of 3"' }),
  })
  .meta({ id: 'CalendarItem' })

const calendarDay = z
  .object({
    date: isoDate,
    day: z.number(),
    name: z.string().meta({ description: '"Monday 7 December 2026"' }),
    weekend: z.boolean(),
    bankHoliday: z.string().nullable().meta({ description: 'The bank holiday’s name (England and Wales)' }),
    today: z.boolean(),
    items: z.array(calendarItem),
  })
  .meta({ id: 'CalendarDay' })

const monthLink = z.object({ month: z.string(), label: z.string() }).nullable()

export const calendarQuery = z.object({
  month: z.string().optional().meta({ description: 'The month as YYYY-MM (2000 to 2100); this month when left out' }),
})

export const programmeCalendar = z.object({
  today: isoDate,
  month: z.string().meta({ description: 'YYYY-MM' }),
  label: z.string().meta({ description: '"December 2026"' }),
  previous: monthLink,
  next: monthLink,
  weeks: z
    .array(z.array(calendarDay.nullable()))
    .meta({ description: 'Monday-first weeks; null for a day of the month before or after' }),
  busyDays: z.array(calendarDay).meta({ description: 'The days with something on them or a bank holiday, in order' }),
  monthOnly: z
    .array(calendarItem)
    .meta({ description: 'Visits and deadlines known only to the month (due by its last day)' }),
  counts: z.object({ visit: z.number(), feedback: z.number(), deadline: z.number() }),
})
