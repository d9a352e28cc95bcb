import type { Queryable } from '../db/db.ts'
import type { Actor } from '../common/context.ts'
import { addDays, formatDate, formatDateRange, isWeekend, lastDayOfMonth, type IsoDate } from '../common/dates.ts'
import { Params } from '../db/sql.ts'
import { challengeScope } from '../auth/policy.ts'

/**
 * Warnings about a visit's dates: not errors (a council may really host the team on a Saturday), shown on the
 * challenge page, its edit form, the programme's upcoming visits and when a challenge is created.
 */
export interface VisitWarning {
  code: 'weekend' | 'bank-holiday' | 'overlap'
  message: string
  /** The days concerned (weekend days, bank holidays). */
  days: IsoDate[]
  /** The other challenge, for an overlap. */
  challengeId: number | null
  reference: string | null
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const weekday = (d: IsoDate) => WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()]!
const dayName = (d: IsoDate) => `${weekday(d)} ${formatDate(d)}`
const list = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`

export interface VisitDates {
  onsiteStart: IsoDate | null
  onsiteEnd: IsoDate | null
  onsitePrecision: 'day' | 'month'
}

/** The days of a visit known to the day (none when it is known only to the month, or not dated). */
export function visitDays(v: VisitDates): IsoDate[] {
  if (!v.onsiteStart || !v.onsiteEnd || v.onsitePrecision === 'month' || v.onsiteEnd < v.onsiteStart) return []
  const days: IsoDate[] = []
  for (let d = v.onsiteStart; d <= v.onsiteEnd && days.length < 31; d = addDays(d, 1)) days.push(d)
  return days
}

/** Weekend days and England and Wales bank holidays among the visit's days (pure). */
export function calendarWarnings(v: VisitDates, bankHolidays: ReadonlyMap<IsoDate, string>): VisitWarning[] {
  const days = visitDays(v)
  const out: VisitWarning[] = []
  const weekend = days.filter(isWeekend)
  if (weekend.length)
    out.push({
      code: 'weekend',
      message: `The visit includes ${weekend.length === 1 ? 'a weekend day' : 'weekend days'}: ${list(weekend.map(dayName))}. Check the council will host the team then.`,
      days: weekend,
      challengeId: null,
      reference: null,
    })
  const holidays = days.filter((d) => bankHolidays.has(d))
  if (holidays.length)
    out.push({
      code: 'bank-holiday',
      message: `The visit includes ${holidays.length === 1 ? 'a bank holiday' : 'bank holidays'}: ${list(holidays.map((d) => `${dayName(d)} (${bankHolidays.get(d)})`))}. Check the council will host the team then.`,
      days: holidays,
      challengeId: null,
      reference: null,
    })
  return out
}

const range = (v: VisitDates): [IsoDate, IsoDate] | null =>
  v.onsiteStart && v.onsiteEnd
    ? [
        v.onsitePrecision === 'month' ? `${v.onsiteStart.slice(0, 7)}-01` : v.onsiteStart,
        v.onsitePrecision === 'month' ? lastDayOfMonth(v.onsiteEnd) : v.onsiteEnd,
      ]
    : null

/**
 * Other challenges for the same council whose visits overlap these dates (a duplicate, or two visits at once): only
 * those the actor may see (the policy's row scope), so a warning never names a challenge they could not open.
 */
export async function overlapWarnings(
  db: Queryable,
  actor: Actor,
  today: IsoDate,
  ch: VisitDates & { id: number | null; councilId: number },
): Promise<VisitWarning[]> {
  const r = range(ch)
  if (!r) return []
  const q = new Params()
  const rows = await db.query<VisitDates & { id: number; reference: string }>(
    `select c.id, c.reference, c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd",
            c.onsite_precision as "onsitePrecision"
       from challenges c
      where c.council_id = ${q.add(ch.councilId)} and c.id <> ${q.add(ch.id ?? 0)} and c.stage <> 'cancelled'
        and c.onsite_start is not null and c.onsite_end is not null
        and (case when c.onsite_precision = 'month' then date_trunc('month', c.onsite_start)::date else c.onsite_start end) <= ${q.add(r[1])}
        and (case when c.onsite_precision = 'month' then (date_trunc('month', c.onsite_end) + interval '1 month - 1 day')::date else c.onsite_end end) >= ${q.add(r[0])}
        and ${challengeScope(actor, q, today)}
      order by c.onsite_start, c.id`,
    q.values,
  )
  return rows.map((o) => ({
    code: 'overlap' as const,
    message: `Another challenge for this council is on site on overlapping dates: ${o.reference} (${formatDateRange(o.onsiteStart, o.onsiteEnd, o.onsitePrecision)}). Check it is not a duplicate.`,
    days: [],
    challengeId: o.id,
    reference: o.reference,
  }))
}

/** Every warning about a challenge's visit dates, for this actor. */
export async function visitWarnings(
  db: Queryable,
  actor: Actor,
  today: IsoDate,
  ch: VisitDates & { id: number | null; councilId: number },
  bankHolidays: ReadonlyMap<IsoDate, string>,
): Promise<VisitWarning[]> {
  return [...calendarWarnings(ch, bankHolidays), ...(await overlapWarnings(db, actor, today, ch))]
}
