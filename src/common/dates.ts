/**
 * Calendar-date arithmetic on ISO dates (YYYY-MM-DD), UK conventions. Pure functions: no time zones inside,
 * dates are civil dates; "today" is taken in Europe/London by the clock.
 */
export type IsoDate = string

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/
/** The months' names, January first. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false
  const m = ISO.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

export function parts(iso: IsoDate): [number, number, number] {
  const m = ISO.exec(iso)
  if (!m) throw new Error(`not an ISO date: ${iso}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

export function fromParts(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

function toUtc(iso: IsoDate): number {
  const [y, m, d] = parts(iso)
  return Date.UTC(y, m - 1, d)
}

function fromUtc(ms: number): IsoDate {
  const dt = new Date(ms)
  return fromParts(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate())
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromUtc(toUtc(iso) + n * 86_400_000)
}

/**
 * Adds calendar months by the corresponding-date rule: the same day of the month N months later, or the last
 * day of that month when it has no such day (30 November + 3 months = 28 or 29 February).
 */
export function addMonths(iso: IsoDate, n: number): IsoDate {
  const [y, m, d] = parts(iso)
  const total = y * 12 + (m - 1) + n
  const ny = Math.floor(total / 12)
  const nm = (total % 12) + 1
  return fromParts(ny, nm, Math.min(d, daysInMonth(ny, nm)))
}

export function addYears(iso: IsoDate, n: number): IsoDate {
  return addMonths(iso, n * 12)
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000)
}

export function isWeekend(iso: IsoDate): boolean {
  const day = new Date(toUtc(iso)).getUTCDay()
  return day === 0 || day === 6
}

export function isWorkingDay(iso: IsoDate, holidays: ReadonlySet<IsoDate>): boolean {
  return !isWeekend(iso) && !holidays.has(iso)
}

/** The date N working days after iso (weekends and the given bank holidays skipped); N=0 gives iso itself. */
export function addWorkingDays(iso: IsoDate, n: number, holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = iso
  let left = n
  const step = n >= 0 ? 1 : -1
  while (left !== 0) {
    d = addDays(d, step)
    if (isWorkingDay(d, holidays)) left -= step
  }
  return d
}

export function lastDayOfMonth(iso: IsoDate): IsoDate {
  const [y, m] = parts(iso)
  return fromParts(y, m, daysInMonth(y, m))
}

// Made once, when first used: building an Intl.DateTimeFormat costs far more than formatting with one (it was a hot
// spot of every page), and loading the time zone at start-up cost every command line run ~15 ms, most never using it.
let londonDay: Intl.DateTimeFormat | undefined
let londonTime: Intl.DateTimeFormat | undefined

// The last answer, by the minute it was for: the London date changes only on a minute's boundary, and this is asked
// on every request (a page's key in the page cache).
let lastDay = { minute: NaN, day: '' }

export function todayInLondon(now: Date): IsoDate {
  const minute = Math.floor(now.getTime() / 60_000)
  if (minute !== lastDay.minute) {
    // en-CA formats as YYYY-MM-DD.
    londonDay ??= new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    lastDay = { minute, day: londonDay.format(now) }
  }
  return lastDay.day
}

/** GOV.UK style: "21 March 2017"; with month precision "March 2017". */
export function formatDate(iso: IsoDate | null | undefined, precision: 'day' | 'month' = 'day'): string {
  if (!iso) return ''
  const [y, m, d] = parts(iso)
  return precision === 'month' ? `${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]} ${y}`
}

/** "21 to 23 March 2017", "30 June to 2 July 2021". */
export function formatDateRange(
  start: IsoDate | null,
  end: IsoDate | null,
  precision: 'day' | 'month' = 'day',
): string {
  if (!start && !end) return ''
  if (!start || !end || start === end || precision === 'month') return formatDate(start ?? end, precision)
  const [ys, ms, ds] = parts(start)
  const [ye, me] = parts(end)
  if (ys === ye && ms === me) return `${ds} to ${formatDate(end)}`
  if (ys === ye) return `${ds} ${MONTHS[ms - 1]} to ${formatDate(end)}`
  return `${formatDate(start)} to ${formatDate(end)}`
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** With the day of the week, as a programme heads its days: "Tuesday 4 March 2025". */
export function formatDayDate(iso: IsoDate): string {
  return `${WEEKDAYS[new Date(toUtc(iso)).getUTCDay()]} ${formatDate(iso)}`
}

/** Date and time in the UK: "23 November 2026 at 2:05pm". */
export function formatDateTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at
  const day = todayInLondon(d)
  londonTime ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h12',
  })
  const time = londonTime.format(d).replace(' ', '').toLowerCase()
  return `${formatDate(day)} at ${time}`
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}
