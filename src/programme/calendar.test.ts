import { test } from 'node:test'
import assert from 'node:assert/strict'
import { monthView, parseMonth, shiftMonth, type CalendarEntry } from './calendar.ts'
import { shippedBankHolidays } from '../common/bank-holidays.ts'

const entry = (e: Partial<CalendarEntry>): CalendarEntry => ({
  kind: 'visit',
  challengeId: 1,
  reference: 'CPC-2026-MEL',
  councilName: 'Melton',
  start: '2026-12-01',
  end: '2026-12-01',
  precision: 'day',
  label: 'On site',
  status: null,
  ...e,
})

test('a month is YYYY-MM within 2000 to 2100; anything else is refused', () => {
  assert.equal(parseMonth('2026-12'), '2026-12')
  assert.equal(parseMonth(' 2026-02 '), '2026-02')
  for (const bad of ['2026-13', '2026-00', '2026-1', '26-12', '1999-12', '2101-01', '2026-12-01', '', 'December', 7])
    assert.equal(parseMonth(bad), null, String(bad))
  assert.equal(shiftMonth('2026-12', 1), '2027-01')
  assert.equal(shiftMonth('2027-01', -1), '2026-12')
  assert.equal(shiftMonth('2026-03', -15), '2024-12')
})

test('December 2026: Monday-first weeks, weekends and the bank holidays from the shipped data', () => {
  const v = monthView('2026-12', [], shippedBankHolidays(), '2026-12-07')
  assert.equal(v.label, 'December 2026')
  assert.deepEqual(v.previous, { month: '2026-11', label: 'November 2026' })
  assert.deepEqual(v.next, { month: '2027-01', label: 'January 2027' })
  // 1 December 2026 is a Tuesday: one empty Monday before it; 31 December a Thursday: three empty days after
  assert.equal(v.weeks[0]![0], null)
  assert.equal(v.weeks[0]![1]!.date, '2026-12-01')
  assert.equal(v.weeks[0]![1]!.name, 'Tuesday 1 December 2026')
  assert.deepEqual(
    v.weeks.at(-1)!.map((d) => d?.day ?? null),
    [28, 29, 30, 31, null, null, null],
  )
  assert.ok(v.weeks.every((w) => w.length === 7))
  const days = v.weeks.flat().filter((d) => d !== null)
  assert.equal(days.length, 31)
  assert.deepEqual(
    days.filter((d) => d.weekend).map((d) => d.day),
    [5, 6, 12, 13, 19, 20, 26, 27],
  )
  assert.deepEqual(
    days.filter((d) => d.bankHoliday).map((d) => `${d.day} ${d.bankHoliday}`),
    ['25 Christmas Day', '28 Boxing Day (substitute day)'],
  )
  assert.deepEqual(
    days.filter((d) => d.today).map((d) => d.date),
    ['2026-12-07'],
  )
  // only the bank holidays are "busy" on an empty month
  assert.deepEqual(
    v.busyDays.map((d) => d.day),
    [25, 28],
  )
  assert.deepEqual(v.counts, { visit: 0, feedback: 0, deadline: 0 })
})

test('a visit is on each of its days in the month, with its part; a month-only date is listed apart', () => {
  const v = monthView(
    '2026-12',
    [
      entry({ start: '2026-11-30', end: '2026-12-02' }),
      entry({ kind: 'feedback', start: '2026-12-02', end: '2026-12-02', label: 'Feedback presentation' }),
      entry({
        kind: 'deadline',
        reference: 'CPC-2026-HAR',
        start: '2026-12-02',
        end: '2026-12-02',
        label: 'Report published',
        status: 'Due',
      }),
      entry({ kind: 'deadline', start: '2026-12-01', end: '2026-12-31', precision: 'month', label: 'Action plan' }),
      entry({ start: '2027-01-04', end: '2027-01-06' }),
    ],
    new Map(),
    '2026-11-23',
  )
  const day = (n: number) => v.weeks.flat().find((d) => d?.day === n)!
  assert.deepEqual(
    day(1).items.map((i) => `${i.label} ${i.part}`),
    ['On site day 2 of 3'],
  )
  assert.deepEqual(
    day(2).items.map((i) => `${i.kind} ${i.reference} ${i.part}`),
    ['visit CPC-2026-MEL day 3 of 3', 'feedback CPC-2026-MEL null', 'deadline CPC-2026-HAR null'],
  )
  assert.equal(day(3).items.length, 0)
  assert.deepEqual(
    v.monthOnly.map((i) => i.label),
    ['Action plan'],
  )
  assert.deepEqual(v.counts, { visit: 1, feedback: 1, deadline: 2 })
  assert.deepEqual(
    v.busyDays.map((d) => d.day),
    [1, 2],
  )
})

test('the calendar stops at its first and last month', () => {
  assert.equal(monthView('2000-01', [], new Map(), '2026-11-23').previous, null)
  assert.equal(monthView('2100-12', [], new Map(), '2026-11-23').next, null)
})
