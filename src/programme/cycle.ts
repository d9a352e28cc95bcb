import { addYears, daysBetween, lastDayOfMonth, type IsoDate } from '../common/dates.ts'
import { applyOffset, statedBasis, statedDue, type StatedDate } from '../frameworks/deadlines.ts'
import type { Offset, Rule } from '../frameworks/types.ts'

export type CycleStatus = 'overdue' | 'due-soon' | 'in-date' | 'no-record'

export const CYCLE_STATUS_LABELS: Record<CycleStatus, string> = {
  overdue: 'Overdue',
  'due-soon': 'Due within 12 months',
  'in-date': 'In date',
  'no-record': 'No review on record',
}

export interface CycleInput {
  today: IsoDate
  councilStart: IsoDate | null
  lastHeld: {
    reference: string
    reviewType: string
    onsiteEnd: IsoDate
    precision: 'day' | 'month'
    /** The rules of its framework in force for it (by the date of its visit). */
    rules: Rule[]
    /** A date for the next review stated in its report, which counts instead of the rule's. */
    stated?: StatedDate | null
  } | null
  booked: { reference: string; reviewType: string; onsiteStart: IsoDate | null; onsiteEnd: IsoDate | null } | null
  /** The expectation in force today (cycle-rules.json): its period when the last review's rules give none. */
  expectation?: { label: string; period: Offset } | null
  holidays: ReadonlySet<IsoDate>
}

export interface Cycle {
  lastReview: { reference: string; reviewType: string; onsiteEnd: IsoDate; precision: 'day' | 'month' } | null
  nextDue: IsoDate | null
  /** What the rule alone gives (differs from nextDue when the report states a date). */
  ruleDue: IsoDate | null
  stated: StatedDate | null
  /** Why nextDue is what it is. */
  basis: string
  status: CycleStatus
  daysOverdue: number | null
  booked: CycleInput['booked']
}

/**
 * A council's place in the five-year cycle, from its last held qualifying review (which reviews qualify is decided by
 * the cycle rules in force when each was held): the next is due by the date its report states, else by its rules.
 */
export function councilCycle(i: CycleInput): Cycle {
  let nextDue: IsoDate | null = null
  let ruleDue: IsoDate | null = null
  let basis = 'No peer challenge on record'
  const stated = i.lastHeld?.stated ?? null
  if (i.lastHeld) {
    const rule = i.lastHeld.rules.find((r) => r.code === 'next-review')
    const from = i.lastHeld.precision === 'month' ? lastDayOfMonth(i.lastHeld.onsiteEnd) : i.lastHeld.onsiteEnd
    ruleDue = applyOffset(from, rule?.offset ?? i.expectation?.period ?? { years: 5 }, i.holidays)
    if (stated) {
      nextDue = statedDue(stated)
      basis = `From ${i.lastHeld.reference}: ${statedBasis(stated, ruleDue).replace(/^Due/, 'due')}`
    } else {
      nextDue = ruleDue
      basis = rule
        ? `Framework rule from ${i.lastHeld.reference}`
        : `${i.expectation?.label ?? 'Five-year expectation'}, from ${i.lastHeld.reference}`
    }
  } else if (i.councilStart && addYears(i.councilStart, 5) > i.today) {
    // A council created by reorganisation: its predecessors' reviews do not carry over; five years from its start.
    nextDue = addYears(i.councilStart, 5)
    ruleDue = nextDue
    basis = 'Five years from the council’s creation'
  }
  let status: CycleStatus = 'no-record'
  let daysOverdue: number | null = null
  if (nextDue) {
    const left = daysBetween(i.today, nextDue)
    if (left < 0) {
      status = 'overdue'
      daysOverdue = -left
    } else status = left <= 365 ? 'due-soon' : 'in-date'
  }
  return {
    lastReview: i.lastHeld
      ? {
          reference: i.lastHeld.reference,
          reviewType: i.lastHeld.reviewType,
          onsiteEnd: i.lastHeld.onsiteEnd,
          precision: i.lastHeld.precision,
        }
      : null,
    nextDue,
    ruleDue,
    stated,
    basis,
    status,
    daysOverdue,
    booked: i.booked,
  }
}
