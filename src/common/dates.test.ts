import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  addMonths,
  addWorkingDays,
  addYears,
  daysBetween,
  formatDate,
  formatDateRange,
  formatDateTime,
  isIsoDate,
  todayInLondon,
} from './dates.ts'

test('addMonths keeps the day of the month, or takes the last day when the month is shorter', () => {
  assert.equal(addMonths('2017-03-23', 3), '2017-06-23')
  assert.equal(addMonths('2024-11-30', 3), '2025-02-28')
  assert.equal(addMonths('2023-11-30', 3), '2024-02-29') // leap year
  assert.equal(addMonths('2024-08-31', 1), '2024-09-30')
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29')
  assert.equal(addMonths('2024-10-31', 5), '2025-03-31')
  assert.equal(addMonths('2025-12-15', 1), '2026-01-15') // over the year end
  assert.equal(addMonths('2026-01-15', -2), '2025-11-15')
})

test('addYears moves 29 February to 28 February in a common year', () => {
  assert.equal(addYears('2024-02-29', 5), '2029-02-28')
  assert.equal(addYears('2024-02-29', 4), '2028-02-29')
})

test('addWorkingDays skips weekends and bank holidays', () => {
  const none = new Set<string>()
  assert.equal(addWorkingDays('2026-11-20', 1, none), '2026-11-23') // Friday -> Monday
  assert.equal(addWorkingDays('2026-11-23', 10, none), '2026-12-07')
  const christmas = new Set(['2026-12-25', '2026-12-28', '2027-01-01'])
  // Draft issued Friday 18 December 2026: 10 working days skip Christmas Day, the Boxing Day substitute and New Year's Day.
  assert.equal(addWorkingDays('2026-12-18', 10, christmas), '2027-01-06')
  assert.equal(addWorkingDays('2026-12-18', 10, none), '2027-01-01')
})

test('daysBetween counts across the clock change without drift', () => {
  assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2)
  assert.equal(daysBetween('2026-10-24', '2026-10-26'), 2)
  assert.equal(daysBetween('2026-11-23', '2026-11-20'), -3)
})

test('isIsoDate rejects impossible dates', () => {
  assert.equal(isIsoDate('2026-02-29'), false)
  assert.equal(isIsoDate('2024-02-29'), true)
  assert.equal(isIsoDate('2024-13-01'), false)
  assert.equal(isIsoDate('21/03/2017'), false)
})

test('dates are written the GOV.UK way', () => {
  assert.equal(formatDate('2017-03-21'), '21 March 2017')
  assert.equal(formatDate('2018-10-01', 'month'), 'October 2018')
  assert.equal(formatDateRange('2017-03-21', '2017-03-23'), '21 to 23 March 2017')
  assert.equal(formatDateRange('2021-06-30', '2021-07-02'), '30 June to 2 July 2021')
  assert.equal(formatDateRange('2025-12-30', '2026-01-02'), '30 December 2025 to 2 January 2026')
})

test('today and times are taken in the UK time zone', () => {
  // 23:30 UTC on 31 May is already 1 June in British Summer Time.
  assert.equal(todayInLondon(new Date('2026-05-31T23:30:00Z')), '2026-06-01')
  assert.equal(todayInLondon(new Date('2026-12-31T23:30:00Z')), '2026-12-31')
  assert.equal(formatDateTime(new Date('2026-07-01T13:05:00Z')), '1 July 2026 at 2:05pm')
  // Noon and midnight are 12, not 0 (en-GB's default hour cycle writes 0:00pm).
  assert.equal(formatDateTime(new Date('2026-11-23T12:00:00Z')), '23 November 2026 at 12:00pm')
  assert.equal(formatDateTime(new Date('2026-11-23T00:30:00Z')), '23 November 2026 at 12:30am')
})
