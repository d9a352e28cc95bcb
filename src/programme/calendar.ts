import {
  addDays,
  daysBetween,
  daysInMonth,
  formatDayDate,
  fromParts,
  isWeekend,
  MONTHS,
  parts,
  type IsoDate,
} from '../common/dates.ts'

/**
 * The programme calendar's month: pure rules, no database. A month is `YYYY-MM`; its grid runs Monday to Sunday, the
 * days of the months either side left empty. Each day carries what happens on it (visits, feedback presentations,
 * deadlines), whether it is a weekend and the bank holiday's name.
 */

export type Month = string // YYYY-MM

const MONTH = /^(\d{4})-(\d{2})$/
/** The calendar goes no further back or forward than this: nothing before the programme, nothing unplannable. */
export const FIRST_YEAR = 2000
export const LAST_YEAR = 2100

/** `YYYY-MM` for a real month within the calendar's years, else null. */
export function parseMonth(s: unknown): Month | null {
  if (typeof s !== 'string') return null
  const m = MONTH.exec(s.trim())
  if (!m) return null
  const [y, mo] = [Number(m[1]), Number(m[2])]
  if (mo < 1 || mo > 12 || y < FIRST_YEAR || y > LAST_YEAR) return null
  return `${m[1]}-${m[2]}`
}

export const monthOf = (day: IsoDate): Month => day.slice(0, 7)
export const firstDay = (month: Month): IsoDate => `${month}-01`
export function lastDay(month: Month): IsoDate {
  const [y, m] = parts(firstDay(month))
  return fromParts(y, m, daysInMonth(y, m))
}
export function shiftMonth(month: Month, n: number): Month {
  const [y, m] = parts(firstDay(month))
  const i = y * 12 + (m - 1) + n
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`
}
/** "December 2026". */
export function monthLabel(month: Month): string {
  const [y, m] = parts(firstDay(month))
  return `${MONTHS[m - 1]} ${y}`
}

export type ItemKind = 'visit' | 'feedback' | 'deadline'

/** Something on the calendar, before it is placed on its days. */
export interface CalendarEntry {
  kind: ItemKind
  challengeId: number
  reference: string
  councilName: string
  /** the first and last day (the same for a single day); for a month-precision date, the month's first and last */
  start: IsoDate
  end: IsoDate
  /** 'month': only the month is known (a visit planned for "March 2027", a deadline stated as a month) */
  precision: 'day' | 'month'
  /** what it is: "On site", "Feedback presentation", the deadline's label */
  label: string
  /** a deadline's state in words ("Overdue", "Due", "Met") */
  status: string | null
}

export interface CalendarItem {
  kind: ItemKind
  challengeId: number
  reference: string
  councilName: string
  label: string
  status: string | null
  /** for a visit of several days: "day 2 of 3" */
  part: string | null
}

export interface CalendarDay {
  date: IsoDate
  day: number
  /** "Monday 7 December 2026": read out for the day */
  name: string
  weekend: boolean
  bankHoliday: string | null
  today: boolean
  items: CalendarItem[]
}

export interface MonthView {
  month: Month
  label: string
  previous: { month: Month; label: string } | null
  next: { month: Month; label: string } | null
  /** Monday-first weeks; null for a day of the month before or after */
  weeks: (CalendarDay | null)[][]
  /** the days with something on them, in order (the list under the grid) */
  busyDays: CalendarDay[]
  /** what is known only to the month */
  monthOnly: CalendarItem[]
  counts: Record<ItemKind, number>
}

const KIND_ORDER: Record<ItemKind, number> = { visit: 0, feedback: 1, deadline: 2 }

const itemOf = (e: CalendarEntry, part: string | null): CalendarItem => ({
  kind: e.kind,
  challengeId: e.challengeId,
  reference: e.reference,
  councilName: e.councilName,
  label: e.label,
  status: e.status,
  part,
})

const byKindThenReference = (a: CalendarItem, b: CalendarItem) =>
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.reference.localeCompare(b.reference) || a.label.localeCompare(b.label)

/** The month's grid with the entries placed on their days (an entry outside the month is left out). */
export function monthView(
  month: Month,
  entries: readonly CalendarEntry[],
  holidays: ReadonlyMap<IsoDate, string>,
  today: IsoDate,
): MonthView {
  const first = firstDay(month)
  const last = lastDay(month)
  const byDay = new Map<IsoDate, CalendarItem[]>()
  const monthOnly: CalendarItem[] = []
  const counts: Record<ItemKind, number> = { visit: 0, feedback: 0, deadline: 0 }
  for (const e of entries) {
    if (e.end < first || e.start > last) continue
    counts[e.kind]++
    if (e.precision === 'month') {
      monthOnly.push(itemOf(e, null))
      continue
    }
    const length = daysBetween(e.start, e.end) + 1
    for (let d = e.start < first ? first : e.start; d <= e.end && d <= last; d = addDays(d, 1)) {
      const part = length > 1 ? `day ${daysBetween(e.start, d) + 1} of ${length}` : null
      const list = byDay.get(d) ?? []
      list.push(itemOf(e, part))
      byDay.set(d, list)
    }
  }
  const days: CalendarDay[] = []
  for (let d = first; d <= last; d = addDays(d, 1))
    days.push({
      date: d,
      day: parts(d)[2],
      name: formatDayDate(d),
      weekend: isWeekend(d),
      bankHoliday: holidays.get(d) ?? null,
      today: d === today,
      items: (byDay.get(d) ?? []).sort(byKindThenReference),
    })
  // Monday is 0: the first week starts with as many empty days as the 1st is after Monday.
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7
  const cells: (CalendarDay | null)[] = [...Array<null>(lead).fill(null), ...days]
  while (cells.length % 7) cells.push(null)
  const weeks: (CalendarDay | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  const prev = shiftMonth(month, -1)
  const next = shiftMonth(month, 1)
  const within = (m: Month) => parseMonth(m) !== null
  return {
    month,
    label: monthLabel(month),
    previous: within(prev) ? { month: prev, label: monthLabel(prev) } : null,
    next: within(next) ? { month: next, label: monthLabel(next) } : null,
    weeks,
    busyDays: days.filter((d) => d.items.length || d.bankHoliday),
    monthOnly: monthOnly.sort(byKindThenReference),
    counts,
  }
}
