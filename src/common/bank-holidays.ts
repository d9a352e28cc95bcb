import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { IsoDate } from './dates.ts'

/**
 * England and Wales bank holidays, shared by every domain that counts working days or warns about visit dates
 * (deadlines, visit warnings, the on-site timetable). The data is the gov.uk bank-holidays.json format
 * (source: https://www.gov.uk/bank-holidays.json, Open Government Licence v3.0) in `reference/bank-holidays.json`;
 * it is loaded into the database's `bank_holidays` table on start (frameworks/repo.ts), where later years can be
 * imported with `peer-challenge import-bank-holidays`. Pure code that has no database reads it from here.
 */
export type Division = 'england-and-wales'
export interface BankHolidayFile {
  [division: string]: { division: string; events: { date: IsoDate; title: string }[] }
}

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'bank-holidays.json')

let cached: BankHolidayFile | null = null
/** The shipped file, as it is. */
export function bankHolidayData(): BankHolidayFile {
  cached ??= JSON.parse(fs.readFileSync(FILE, 'utf8')) as BankHolidayFile
  return cached
}

/** The shipped bank holidays of a division, day to name ("2026-12-25" -> "Christmas Day"). */
export function shippedBankHolidays(division: Division = 'england-and-wales'): ReadonlyMap<IsoDate, string> {
  return new Map((bankHolidayData()[division]?.events ?? []).map((e) => [e.date, e.title]))
}

/** The name of the bank holiday on a day, or null (from the given map, else the shipped data). */
export function bankHolidayOn(
  day: IsoDate,
  holidays: ReadonlyMap<IsoDate, string> = shippedBankHolidays(),
): string | null {
  return holidays.get(day) ?? null
}

/** The last day the shipped data covers: beyond it a day cannot be said not to be a bank holiday. */
export function shippedUntil(division: Division = 'england-and-wales'): IsoDate | null {
  const days = [...shippedBankHolidays(division).keys()].sort()
  return days.at(-1) ?? null
}
