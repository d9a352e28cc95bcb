import { addYears, daysBetween, lastDayOfMonth, type IsoDate } from '../common/dates.ts'
import { applyOffset } from '../frameworks/deadlines.ts'
import type { Rule } from '../frameworks/types.ts'

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
    rules: Rule[]
  } | null
  booked: { reference: string; reviewType: string; onsiteStart: IsoDate | null; onsiteEnd: IsoDate | null } | null
  holidays: ReadonlySet<IsoDate>
}

export interface Cycle {
  lastReview: { reference: string; reviewType: string; onsiteEnd: IsoDate; precision: 'day' | 'month' } | null
  nextDue: IsoDate | null
  /** Why nextDue is what it is. */
  basis: string
  status: CycleStatus
  daysOverdue: number | null
  booked: CycleInput['booked']
}

/** A council's place in the five-year cycle, from its last held qualifying review (CPC, FPC or GPC). */
export function councilCycle(i: CycleInput): Cycle {
  let nextDue: IsoDate | null = null
  let basis = 'No peer challenge on record'
  if (i.lastHeld) {
    const rule = i.lastHeld.rules.find((r) => r.code === 'next-review')
    const from = i.lastHeld.precision === 'month' ? lastDayOfMonth(i.lastHeld.onsiteEnd) : i.lastHeld.onsiteEnd
    nextDue = applyOffset(from, rule?.offset ?? { years: 5 }, i.holidays)
    basis = `${rule ? 'Framework rule' : 'Five-year expectation'} from ${i.lastHeld.reference}`
  } else if (i.councilStart && addYears(i.councilStart, 5) > i.today) {
    // A council created by reorganisation: its predecessors' reviews do not carry over; five years from its start.
    nextDue = addYears(i.councilStart, 5)
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
    basis,
    status,
    daysOverdue,
    booked: i.booked,
  }
}
