import { MONTHS, daysInMonth, fromParts, isIsoDate, type IsoDate } from './dates.ts'

/**
 * The GOV.UK date input pattern (https://design-system.service.gov.uk/components/date-input/): a date entered as
 * day, month and year fields, and a date typed into one field ("31/12/2026", "31 December 2026", "2026-12-31").
 * Pure; the error messages are the Design System's, with the field's name in them ("Date of the visit must
 * include a month"). Forms send `NAME-day`, `NAME-month`, `NAME-year`; the JSON API keeps ISO dates.
 */
export type DatePart = 'day' | 'month' | 'year'
export interface DateParse {
  /** The ISO date, when the input is a real date. */
  value: IsoDate | null
  /** The message, when it is not (null when nothing was entered and the date is optional). */
  error: string | null
  /** The parts to highlight (all three when the date as a whole is wrong). */
  parts: DatePart[]
  /** Nothing was entered. */
  empty: boolean
}

const MONTH_NAMES = MONTHS.map((m) => m.toLowerCase())

/** A month from "3", "03", "mar", "March" (GOV.UK asks services to accept month names and abbreviations). */
export function monthNumber(s: string): number | null {
  const t = s.trim().toLowerCase().replace(/\.$/, '')
  if (/^\d{1,2}$/.test(t)) return Number(t)
  if (t.length < 3) return null
  const i = MONTH_NAMES.findIndex((m) => m.startsWith(t) || (t === 'sept' && m === 'september'))
  return i < 0 ? null : i + 1
}

const clean = (s: unknown) => (typeof s === 'string' ? s.trim() : s == null ? '' : String(s).trim())

/**
 * Day, month and year fields to an ISO date, with the GOV.UK messages:
 * "Enter X", "X must include a day", "X must include a day and month", "X must be a real date",
 * "Year must include 4 numbers", and, when given, "X must be the same as or after …"-style range checks by the caller.
 */
export function parseDateParts(
  input: { day?: unknown; month?: unknown; year?: unknown },
  label: string,
  opts: { required?: boolean } = {},
): DateParse {
  const day = clean(input.day)
  const month = clean(input.month)
  const year = clean(input.year)
  if (!day && !month && !year)
    return {
      value: null,
      error: opts.required ? `Enter ${lowerFirst(label)}` : null,
      parts: ['day', 'month', 'year'],
      empty: true,
    }
  const missing: DatePart[] = []
  if (!day) missing.push('day')
  if (!month) missing.push('month')
  if (!year) missing.push('year')
  if (missing.length)
    return { value: null, error: `${label} must include a ${missing.join(' and ')}`, parts: missing, empty: false }
  if (!/^\d{4}$/.test(year)) return { value: null, error: 'Year must include 4 numbers', parts: ['year'], empty: false }
  const m = monthNumber(month)
  const d = /^\d{1,2}$/.test(day) ? Number(day) : NaN
  const y = Number(year)
  if (m == null || m < 1 || m > 12 || !(d >= 1) || d > daysInMonth(y, m)) {
    const bad: DatePart[] = []
    if (m == null || m < 1 || m > 12) bad.push('month')
    else if (!(d >= 1) || d > daysInMonth(y, m)) bad.push('day')
    return {
      value: null,
      error: `${label} must be a real date`,
      parts: bad.length ? bad : ['day', 'month', 'year'],
      empty: false,
    }
  }
  return { value: fromParts(y, m, d), error: null, parts: [], empty: false }
}

/**
 * A date typed into one field, the ways people in the UK type them: "31/12/2026", "31-12-2026", "31.12.2026",
 * "31 December 2026", "31 Dec 2026", "Thursday 31 December 2026" and ISO "2026-12-31". Never the US order: 12/31/2026
 * is not a real date. Null when it is not a date.
 */
export function parseTypedDate(s: string): IsoDate | null {
  const t = s.trim().replace(/\s+/g, ' ')
  if (isIsoDate(t)) return t
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)
  if (m) return real(Number(m[3]), Number(m[2]), Number(m[1]))
  m = /^(?:[A-Za-z]+,? )?(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]+\.?),? (\d{4})$/.exec(t)
  if (m) {
    const mo = monthNumber(m[2]!)
    return mo == null || /^\d/.test(m[2]!) ? null : real(Number(m[3]), mo, Number(m[1]))
  }
  return null
}

function real(y: number, m: number, d: number): IsoDate | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? fromParts(y, m, d) : null
}

/** The three fields' values for an ISO date (for a form showing a stored date). */
export function dateToParts(iso: string | null | undefined): { day: string; month: string; year: string } {
  if (!iso || !isIsoDate(iso)) return { day: '', month: '', year: '' }
  const [y, m, d] = iso.split('-')
  return { day: String(Number(d)), month: String(Number(m)), year: y! }
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s)

/**
 * A form body's date fields to ISO dates, in place: each `NAME-day`/`NAME-month`/`NAME-year` triple becomes `NAME`
 * (an empty triple becomes ''), and a single field holding a UK-typed date ("31/12/2026") becomes its ISO date.
 * Returns the GOV.UK message for each date that is not a real one, keyed by NAME. Labels come from the form
 * (`NAME-label`, a hidden field the date macro writes) or default to "The date".
 */
export function normaliseDateFields(body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {}
  const names = new Set<string>()
  for (const k of Object.keys(body)) {
    const m = /^(.+)-(day|month|year)$/.exec(k)
    if (m) names.add(m[1]!)
  }
  for (const name of names) {
    const label = typeof body[`${name}-label`] === 'string' ? (body[`${name}-label`] as string) : 'The date'
    const r = parseDateParts(
      { day: body[`${name}-day`], month: body[`${name}-month`], year: body[`${name}-year`] },
      label,
    )
    if (r.error) errors[name] = r.error
    body[name] = r.value ?? ''
  }
  for (const [k, v] of Object.entries(body)) {
    if (names.has(k) || typeof v !== 'string') continue
    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(v.trim())) {
      const iso = parseTypedDate(v)
      if (iso) body[k] = iso
      else errors[k] = 'Enter a real date, such as 31/12/2026'
    }
  }
  return errors
}

/** The parts a GOV.UK date message is about, to highlight them ("… must include a month" -> month). */
export function dateErrorParts(message: string): DatePart[] {
  const m = /must include a (.+)$/.exec(message)
  if (m) return (['day', 'month', 'year'] as const).filter((p) => m[1]!.includes(p))
  if (/^Year must include 4 numbers/.test(message)) return ['year']
  return ['day', 'month', 'year']
}
