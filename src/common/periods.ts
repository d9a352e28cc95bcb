import { addMonths, daysBetween, parts, type IsoDate } from './dates.ts'

/**
 * A period between two days as people say it: "12 days" (under 60 days, counted in days), "2 months 3 days",
 * "3 years 10 months" (whole calendar months by the corresponding-date rule, as deadlines are counted). Pure;
 * `from` and `to` in any order.
 */
export function period(from: IsoDate, to: IsoDate): string {
  const [a, b] = from <= to ? [from, to] : [to, from]
  const days = daysBetween(a, b)
  if (days < 60) return count(days, 'day')
  // whole months from a that do not pass b
  const [ya, ma] = parts(a)
  const [yb, mb] = parts(b)
  let months = (yb - ya) * 12 + (mb - ma)
  while (months > 0 && addMonths(a, months) > b) months--
  const rest = daysBetween(addMonths(a, months), b)
  const years = Math.floor(months / 12)
  const m = months % 12
  if (years > 0) return m ? `${count(years, 'year')} ${count(m, 'month')}` : count(years, 'year')
  return rest ? `${count(m, 'month')} ${count(rest, 'day')}` : count(m, 'month')
}

/** How a deadline stands in words that do not repeat its status tag: "in 5 days", "today", "3 years 10 months overdue". */
export function dueIn(due: IsoDate, today: IsoDate): string {
  if (due === today) return 'today'
  return due > today ? `in ${period(today, due)}` : `${period(due, today)} overdue`
}

function count(n: number, word: string): string {
  return `${n} ${n === 1 ? word : `${word}s`}`
}

/**
 * "1 strength", "2 strengths", "1 area to improve", "3 areas to improve": a count with its noun in the right number.
 * Irregular plurals are given; otherwise "s" is added ("y" after a consonant becomes "ies").
 */
export function pluralise(n: number, singular: string, pluralForm?: string): string {
  const many = pluralForm ?? (/[^aeiou]y$/.test(singular) ? `${singular.slice(0, -1)}ies` : `${singular}s`)
  return `${n} ${n === 1 ? singular : many}`
}

/** "A, B and C": a list in words, without a trailing comma or an empty item. */
export function listInWords(items: readonly (string | null | undefined)[]): string {
  const xs = items.map((s) => (s ?? '').trim()).filter(Boolean)
  return xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`
}
