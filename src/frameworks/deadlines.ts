import {
  addDays,
  addMonths,
  addWorkingDays,
  daysBetween,
  formatDate,
  lastDayOfMonth,
  plural,
  type IsoDate,
} from '../common/dates.ts'
import type { Offset, Rule } from './types.ts'

/** What a challenge's deadlines depend on; gathered by the service, computed on here without I/O. */
export interface DeadlineFacts {
  onsiteStart: IsoDate | null
  onsiteEnd: IsoDate | null
  precision: 'day' | 'month'
  cancelled: boolean
  /** Earliest date of each recorded event (report_published, draft_issued, ...). */
  events: Record<string, IsoDate>
  /**
   * Every recorded event in the order it happened (date, then the order recorded). A rule anchored on
   * `latest-event:<code>` counts from the event's latest occurrence (a draft issued again restarts the factual check)
   * and is met only by an event after it. Without the log, the earliest dates in `events` are used.
   */
  eventLog?: { code: string; on: IsoDate }[]
  parent?: { onsiteEnd: IsoDate | null; precision: 'day' | 'month' } | null
  /** Return visits hung off this challenge; held = took place (on-site end passed, not cancelled). */
  children: { reviewType: string; onsiteEnd: IsoDate | null; held: boolean; events: Record<string, IsoDate> }[]
  /** The council's next qualifying review after this one, if any (held or booked). */
  nextReview?: { reference: string; onsiteEnd: IsoDate | null; held: boolean } | null
}

export type DeadlineStatus = 'not-started' | 'due' | 'overdue' | 'met' | 'met-late' | 'lapsed' | 'not-applicable'

export interface Deadline {
  code: string
  label: string
  kind: Rule['kind']
  source: string
  due: IsoDate | null
  /** True when the anchor is only known to the month: the due date is then taken from the month's last day. */
  approximate: boolean
  status: DeadlineStatus
  metOn: IsoDate | null
  daysLeft: number | null
  daysOverdue: number | null
  daysLate: number | null
  summary: string
  note: string | null
}

export function applyOffset(from: IsoDate, offset: Offset, holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = from
  if (offset.years) d = addMonths(d, offset.years * 12)
  if (offset.months) d = addMonths(d, offset.months)
  if (offset.weeks) d = addDays(d, offset.weeks * 7)
  if (offset.days) d = addDays(d, offset.days)
  if (offset.workingDays) d = addWorkingDays(d, offset.workingDays, holidays)
  return d
}

export function describeOffset(o: Offset): string {
  const bits: string[] = []
  if (o.years) bits.push(plural(o.years, 'year'))
  if (o.months) bits.push(plural(o.months, 'month'))
  if (o.weeks) bits.push(plural(o.weeks, 'week'))
  if (o.days) bits.push(plural(o.days, 'day'))
  if (o.workingDays) bits.push(plural(o.workingDays, 'working day'))
  return bits.join(' and ')
}

function anchorDate(rule: Rule, f: DeadlineFacts): { date: IsoDate | null; approximate: boolean } {
  const exact = (d: IsoDate | null, p: 'day' | 'month') =>
    d ? { date: p === 'month' ? lastDayOfMonth(d) : d, approximate: p === 'month' } : { date: null, approximate: false }
  if (rule.anchor === 'onsite_end') return exact(f.onsiteEnd, f.precision)
  if (rule.anchor === 'onsite_start') return exact(f.onsiteStart, f.precision)
  if (rule.anchor === 'parent:onsite_end') return exact(f.parent?.onsiteEnd ?? null, f.parent?.precision ?? 'day')
  if (rule.anchor.startsWith('event:')) return { date: f.events[rule.anchor.slice(6)] ?? null, approximate: false }
  if (rule.anchor.startsWith('latest-event:')) {
    const at = latestEventIndex(rule, f)
    return { date: at === null ? (f.events[rule.anchor.slice(13)] ?? null) : f.eventLog![at]!.on, approximate: false }
  }
  throw new Error(`unknown anchor ${rule.anchor} in rule ${rule.code}`)
}

/** For a rule counted from an event's latest occurrence: where in the event log it is (null without a log or the event). */
function latestEventIndex(rule: Rule, f: DeadlineFacts): number | null {
  if (!rule.anchor.startsWith('latest-event:') || !f.eventLog) return null
  const code = rule.anchor.slice(13)
  for (let i = f.eventLog.length - 1; i >= 0; i--) if (f.eventLog[i]!.code === code) return i
  return null
}

function satisfaction(rule: Rule, f: DeadlineFacts): { metOn: IsoDate | null; note: string | null } {
  const s = rule.satisfiedBy
  const from = latestEventIndex(rule, f)
  if ('event' in s && from !== null) {
    // Met by the first satisfying event after the anchor's latest occurrence; earlier ones answered an earlier draft.
    const codes = Array.isArray(s.event) ? s.event : [s.event]
    return { metOn: f.eventLog!.slice(from + 1).find((e) => codes.includes(e.code))?.on ?? null, note: null }
  }
  if ('event' in s) {
    const dates = (Array.isArray(s.event) ? s.event : [s.event])
      .map((e) => f.events[e])
      .filter((d): d is IsoDate => !!d)
      .sort()
    return { metOn: dates[0] ?? null, note: null }
  }
  if ('self' in s) return { metOn: f.onsiteEnd, note: null }
  if ('child' in s) {
    const held = f.children
      .filter((c) => c.reviewType === s.child && c.held && c.onsiteEnd)
      .map((c) => c.onsiteEnd as IsoDate)
    if (held.length) return { metOn: held.sort()[0] ?? null, note: null }
    const booked = f.children.find((c) => c.reviewType === s.child && !c.held && c.onsiteEnd)
    return { metOn: null, note: booked?.onsiteEnd ? `Booked for ${formatDate(booked.onsiteEnd)}` : null }
  }
  if ('childEvent' in s) {
    const dates = f.children
      .filter((c) => c.reviewType === s.childEvent.reviewType)
      .map((c) => c.events[s.childEvent.event])
      .filter((d): d is IsoDate => !!d)
      .sort()
    return { metOn: dates[0] ?? null, note: null }
  }
  if ('nextReview' in s) {
    const n = f.nextReview
    if (!n) return { metOn: null, note: null }
    if (n.held && n.onsiteEnd) return { metOn: n.onsiteEnd, note: `Next review ${n.reference}` }
    return {
      metOn: null,
      note: n.onsiteEnd ? `${n.reference} booked for ${formatDate(n.onsiteEnd)}` : `${n.reference} requested`,
    }
  }
  throw new Error(`unknown satisfiedBy in rule ${rule.code}`)
}

/** Computes every rule's due date and its status on `today`. */
export function computeDeadlines(
  rules: Rule[],
  f: DeadlineFacts,
  today: IsoDate,
  holidays: ReadonlySet<IsoDate>,
): Deadline[] {
  return rules.map((rule) => {
    const base = { code: rule.code, label: rule.label, kind: rule.kind, source: rule.source }
    const { date: anchor, approximate } = anchorDate(rule, f)
    const { metOn, note } = satisfaction(rule, f)
    const empty = { metOn, daysLeft: null, daysOverdue: null, daysLate: null, note }
    if (!anchor) {
      return {
        ...base,
        ...empty,
        due: null,
        approximate: false,
        status: metOn ? 'met' : 'not-started',
        summary: metOn ? `Met on ${formatDate(metOn)}` : 'Not started',
      }
    }
    const due = applyOffset(anchor, rule.offset, holidays)
    const approx = approximate ? ' (approximate: the visit is known only to the month)' : ''
    if (metOn) {
      const late = daysBetween(due, metOn)
      if (late > 0) {
        return {
          ...base,
          ...empty,
          due,
          approximate,
          status: 'met-late',
          daysLate: late,
          summary: `Met on ${formatDate(metOn)}, ${plural(late, 'day')} late`,
        }
      }
      return { ...base, ...empty, due, approximate, status: 'met', summary: `Met on ${formatDate(metOn)}` }
    }
    if (f.cancelled) {
      return { ...base, ...empty, due, approximate, status: 'not-applicable', summary: 'Not applicable: cancelled' }
    }
    const left = daysBetween(today, due)
    if (left < 0 && rule.kind === 'offer') {
      return {
        ...base,
        ...empty,
        due,
        approximate,
        status: 'lapsed',
        summary: `Not taken up (offered by ${formatDate(due)})`,
      }
    }
    if (left < 0) {
      return {
        ...base,
        ...empty,
        due,
        approximate,
        status: 'overdue',
        daysOverdue: -left,
        summary: `Overdue by ${plural(-left, 'day')}${approx}`,
      }
    }
    const when = left === 0 ? 'today' : `in ${plural(left, 'day')}`
    return {
      ...base,
      ...empty,
      due,
      approximate,
      status: 'due',
      daysLeft: left,
      summary: `Due ${formatDate(due)} (${when})${approx}`,
    }
  })
}
