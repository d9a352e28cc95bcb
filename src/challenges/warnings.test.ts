import { test } from 'node:test'
import assert from 'node:assert/strict'
import { calendarWarnings, visitDays } from './warnings.ts'
import { referenceData } from '../frameworks/reference.ts'

const holidays = new Map(referenceData().bankHolidays['england-and-wales']!.events.map((e) => [e.date, e.title]))
const visit = (onsiteStart: string, onsiteEnd: string, onsitePrecision: 'day' | 'month' = 'day') => ({
  onsiteStart,
  onsiteEnd,
  onsitePrecision,
})

test('a visit from Saturday to Monday is warned about its weekend days', () => {
  const w = calendarWarnings(visit('2026-10-17', '2026-10-19'), holidays)
  assert.deepEqual(
    w.map((x) => [x.code, x.days]),
    [['weekend', ['2026-10-17', '2026-10-18']]],
  )
  assert.equal(
    w[0]!.message,
    'The visit includes weekend days: Saturday 17 October 2026 and Sunday 18 October 2026. Check the council will host the team then.',
  )
})

test('a bank holiday on site is named; a Tuesday to Friday visit has no warning', () => {
  const w = calendarWarnings(visit('2026-12-31', '2027-01-01'), holidays)
  assert.deepEqual(
    w.map((x) => x.code),
    ['bank-holiday'],
  )
  assert.match(w[0]!.message, /Friday 1 January 2027 \(New Year’s Day\)/)
  // Easter Monday 2025 and the weekend before it.
  assert.deepEqual(
    calendarWarnings(visit('2025-04-19', '2025-04-21'), holidays).map((x) => [x.code, x.days.length]),
    [
      ['weekend', 2],
      ['bank-holiday', 1],
    ],
  )
  assert.deepEqual(calendarWarnings(visit('2027-01-19', '2027-01-22'), holidays), [])
})

test('a visit known only to the month, or not dated, has no day to warn about', () => {
  assert.deepEqual(visitDays(visit('2018-10-01', '2018-10-01', 'month')), [])
  assert.deepEqual(calendarWarnings({ onsiteStart: null, onsiteEnd: null, onsitePrecision: 'day' }, holidays), [])
})
