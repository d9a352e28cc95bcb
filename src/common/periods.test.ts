import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dueIn, listInWords, period, pluralise } from './periods.ts'

test('periods read as people say them: days under 60, then months and years by the calendar', () => {
  assert.equal(period('2026-11-30', '2026-11-30'), '0 days')
  assert.equal(period('2026-11-30', '2026-12-01'), '1 day')
  assert.equal(period('2026-11-01', '2026-12-29'), '58 days')
  assert.equal(period('2026-10-01', '2026-12-04'), '2 months 3 days')
  assert.equal(period('2026-10-04', '2026-12-04'), '2 months')
  // 1,405 days: the example
  assert.equal(period('2023-01-25', '2026-11-30'), '3 years 10 months')
  assert.equal(period('2021-11-30', '2026-11-30'), '5 years')
  assert.equal(period('2026-11-30', '2023-01-25'), '3 years 10 months', 'either order')
  // 31 January + 3 months is 30 April: the corresponding-date rule, as deadlines count
  assert.equal(period('2027-01-31', '2027-04-30'), '3 months')
})

test('a deadline in words beside its tag: never "Due Due" or "1405 days"', () => {
  assert.equal(dueIn('2026-12-07', '2026-11-30'), 'in 7 days')
  assert.equal(dueIn('2026-11-30', '2026-11-30'), 'today')
  assert.equal(dueIn('2023-01-25', '2026-11-30'), '3 years 10 months overdue')
  assert.equal(dueIn('2031-10-26', '2026-11-30'), 'in 4 years 10 months')
})

test('plurals and lists in words', () => {
  assert.equal(pluralise(1, 'strength'), '1 strength')
  assert.equal(pluralise(0, 'strength'), '0 strengths')
  assert.equal(pluralise(2, 'priority'), '2 priorities')
  assert.equal(pluralise(2, 'day'), '2 days')
  assert.equal(pluralise(3, 'person', 'people'), '3 people')
  assert.equal(listInWords(['Ann', '', null, 'Bo', 'Cy ']), 'Ann, Bo and Cy')
  assert.equal(listInWords(['Ann', '']), 'Ann')
  assert.equal(listInWords([]), '')
})
