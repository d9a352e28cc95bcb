import { dueIn, period } from '../common/periods.ts'
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

/** A due date stated in a document (the report says "before November 2021"), overriding the rule's computed one. */
export interface StatedDate {
  id?: number
  /** With month precision, the month (any day of it; stored as its first): due by the month's last day. */
  due: IsoDate
  precision: 'day' | 'month'
  /** Where it is stated: "the report", "the covering report to Cabinet, 17 December 2024". */
  source: string
  note: string
}

/** What a challenge's deadlines depend on; gathered by the service, computed on here without I/O. */
export interface DeadlineFacts {
  onsiteStart: IsoDate | null
  onsiteEnd: IsoDate | null
  precision: 'day' | 'month'
  cancelled: boolean
  /**
   * The date that decides which rules apply (each rule has an effective window): the first day of the visit (of the
   * original challenge's for a return visit not yet dated; today when nothing is dated). Without it every rule applies.
   */
  ruleDate?: IsoDate
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
  children: {
    reference?: string
    reviewType: string
    onsiteEnd: IsoDate | null
    held: boolean
    cancelled?: boolean
    events: Record<string, IsoDate>
  }[]
  /** The council's next qualifying review after this one, if any (held or booked). */
  nextReview?: { reference: string; onsiteEnd: IsoDate | null; held: boolean } | null
  /** Due dates stated in a document, by rule code: they count instead of the rule's own. */
  stated?: Record<string, StatedDate>
}

export type DeadlineStatus = 'not-started' | 'due' | 'overdue' | 'met' | 'met-late' | 'lapsed' | 'not-applicable'

export interface Deadline {
  code: string
  label: string
  kind: Rule['kind']
  source: string
  /** The rule's effective window (the challenge's rule date falls in it). */
  effectiveFrom: IsoDate | null
  effectiveTo: IsoDate | null
  /** The date that counts: the stated one when a document states it, otherwise the rule's. */
  due: IsoDate | null
  /** "month" when the date that counts is a stated month ("by November 2021"): due by the month's last day. */
  duePrecision: 'day' | 'month'
  /** What the rule alone gives. */
  ruleDue: IsoDate | null
  /** The date stated in a document, when there is one. */
  stated: StatedDate | null
  counts: 'rule' | 'stated'
  /** Both dates and which one counts, when a document states one. */
  basis: string | null
  /** True when the anchor is only known to the month: the due date is then taken from the month's last day. */
  approximate: boolean
  /** A milestone before the visit (it lapses once the visit begins without it). */
  beforeVisit: boolean
  status: DeadlineStatus
  metOn: IsoDate | null
  daysLeft: number | null
  daysOverdue: number | null
  daysLate: number | null
  summary: string
  /** The status in words that do not repeat its tag ("in 7 days", "3 years 10 months overdue"), for a page that shows the tag. */
  phrase: string
  note: string | null
  /** The return visit that carries this obligation now (its own deadlines say where it stands). */
  carriedBy: string | null
}

/** Whether a rule is in force for a challenge whose rule date is `on` (a rule without a window always is). */
export function ruleInForce(rule: Pick<Rule, 'effectiveFrom' | 'effectiveTo'>, on: IsoDate): boolean {
  return (!rule.effectiveFrom || rule.effectiveFrom <= on) && (!rule.effectiveTo || on <= rule.effectiveTo)
}

/** The rules of a framework that apply to a challenge with this rule date. */
export function rulesInForce<R extends Pick<Rule, 'effectiveFrom' | 'effectiveTo'>>(rules: R[], on: IsoDate): R[] {
  return rules.filter((r) => ruleInForce(r, on))
}

/**
 * The date that decides which rules apply to a challenge: its first day on site; for a return visit not yet dated, the
 * original challenge's (its clocks run from it); today when nothing is dated.
 */
export function ruleDateOf(
  ch: { onsiteStart: IsoDate | null },
  parent: { onsiteStart: IsoDate | null } | null | undefined,
  today: IsoDate,
): IsoDate {
  return ch.onsiteStart ?? parent?.onsiteStart ?? today
}

/** A stated date's "due by" day: the month's last day for a month. */
export const statedDue = (s: Pick<StatedDate, 'due' | 'precision'>): IsoDate =>
  s.precision === 'month' ? lastDayOfMonth(s.due) : s.due

/** "Due by November 2021 (stated in the report; the rule then in force gives 23 March 2022). The stated date counts." */
export function statedBasis(s: StatedDate, ruleDue: IsoDate | null): string {
  const rule = ruleDue ? `the rule then in force gives ${formatDate(ruleDue)}` : 'the rule gives no date yet'
  return `Due by ${formatDate(s.due, s.precision)} (stated in ${s.source}; ${rule}). The stated date counts.`
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
  const n = (v: number | undefined) => Math.abs(v ?? 0)
  if (o.years) bits.push(plural(n(o.years), 'year'))
  if (o.months) bits.push(plural(n(o.months), 'month'))
  if (o.weeks) bits.push(plural(n(o.weeks), 'week'))
  if (o.days) bits.push(plural(n(o.days), 'day'))
  if (o.workingDays) bits.push(plural(n(o.workingDays), 'working day'))
  return bits.join(' and ')
}

const isBefore = (o: Offset) => Object.values(o).some((v) => typeof v === 'number' && v < 0)

/** "3 months after the last on-site day", "3 weeks before the first on-site day". */
export function describeRule(rule: Pick<Rule, 'offset' | 'anchor'>): string {
  const anchor = rule.anchor
    .replace('parent:', 'the original challenge’s ')
    .replace('latest-event:', 'latest ')
    .replace('event:', '')
    .replace('onsite_end', 'last on-site day')
    .replace('onsite_start', 'first on-site day')
    .replace(/_/g, ' ')
  return `${describeOffset(rule.offset)} ${isBefore(rule.offset) ? 'before' : 'after'} ${anchor.startsWith('the ') ? anchor : `the ${anchor}`}`
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

/** Which return visit carries a rule met by a child (a progress review requested, a check-in booked), if any. */
function carrier(rule: Rule, f: DeadlineFacts): string | null {
  const s = rule.satisfiedBy
  const type = 'child' in s ? s.child : 'childEvent' in s ? s.childEvent.reviewType : null
  if (!type) return null
  return f.children.find((c) => c.reviewType === type && !c.cancelled && c.reference)?.reference ?? null
}

/**
 * Computes the due date and status on `today` of every rule in force for the challenge (by its rule date), a date
 * stated in a document counting instead of the rule's own.
 */
export function computeDeadlines(
  rules: Rule[],
  f: DeadlineFacts,
  today: IsoDate,
  holidays: ReadonlySet<IsoDate>,
): Deadline[] {
  const applicable = f.ruleDate ? rulesInForce(rules, f.ruleDate) : rules
  return applicable.map((rule) => withPhrase(deadlineOf(rule, f, today, holidays), today))
}

/** The status in words beside its tag: the summary, without the tag's own word for a due or overdue deadline. */
function withPhrase(d: Omit<Deadline, 'phrase'>, today: IsoDate): Deadline {
  // the tag says "Met", "Met late" or "Not started": the words beside it say the rest, not the tag's word again
  const phrase =
    d.due && (d.status === 'due' || d.status === 'overdue')
      ? `${dueIn(d.due, today)}${d.approximate ? ' (approximate)' : ''}`
      : d.status === 'met' || d.status === 'met-late'
        ? d.summary.replace(/^Met /, '')
        : d.status === 'not-started'
          ? 'No date yet'
          : d.summary
  return { ...d, phrase }
}

function deadlineOf(
  rule: Rule,
  f: DeadlineFacts,
  today: IsoDate,
  holidays: ReadonlySet<IsoDate>,
): Omit<Deadline, 'phrase'> {
  {
    const { date: anchor, approximate: approxAnchor } = anchorDate(rule, f)
    const ruleDue = anchor ? applyOffset(anchor, rule.offset, holidays) : null
    const stated = f.stated?.[rule.code] ?? null
    const due = stated ? statedDue(stated) : ruleDue
    const approximate = !stated && approxAnchor
    const { metOn, note } = satisfaction(rule, f)
    const carriedBy = carrier(rule, f)
    const base = {
      code: rule.code,
      label: rule.label,
      kind: rule.kind,
      source: rule.source,
      effectiveFrom: rule.effectiveFrom ?? null,
      effectiveTo: rule.effectiveTo ?? null,
      due,
      duePrecision: stated?.precision ?? ('day' as const),
      ruleDue,
      stated,
      counts: stated ? ('stated' as const) : ('rule' as const),
      basis: stated ? statedBasis(stated, ruleDue) : null,
      approximate,
      beforeVisit: !!rule.lapsesAt,
      metOn,
      daysLeft: null,
      daysOverdue: null,
      daysLate: null,
      note: note ?? (carriedBy && !metOn ? `Followed up in ${carriedBy}` : null),
      carriedBy,
    }
    if (!due) {
      return {
        ...base,
        approximate: false,
        status: metOn ? 'met' : 'not-started',
        summary: metOn ? `Met on ${formatDate(metOn)}` : 'Not started',
      }
    }
    const approx = approximate ? ' (approximate: the visit is known only to the month)' : ''
    if (metOn) {
      const late = daysBetween(due, metOn)
      // An offer taken up after the date it was offered by is taken up, not late.
      if (late > 0 && rule.kind !== 'offer') {
        return {
          ...base,
          status: 'met-late',
          daysLate: late,
          summary: `Met on ${formatDate(metOn)}, ${plural(late, 'day')} late`,
        }
      }
      return { ...base, status: 'met', summary: `Met on ${formatDate(metOn)}` }
    }
    if (f.cancelled) return { ...base, status: 'not-applicable', summary: 'Not applicable: cancelled' }
    const left = daysBetween(today, due)
    if (rule.lapsesAt === 'onsite_start' && f.onsiteStart && f.onsiteStart <= today) {
      return { ...base, status: 'lapsed', summary: `Not recorded before the visit (due ${formatDate(due)})` }
    }
    if (left < 0 && rule.kind === 'offer') {
      return { ...base, status: 'lapsed', summary: `Not taken up (offered by ${formatDate(due)})` }
    }
    if (left < 0) {
      return { ...base, status: 'overdue', daysOverdue: -left, summary: `Overdue by ${period(due, today)}${approx}` }
    }
    return { ...base, status: 'due', daysLeft: left, summary: `Due ${formatDate(due)} (${dueIn(due, today)})${approx}` }
  }
}
