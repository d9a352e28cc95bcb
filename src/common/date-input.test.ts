import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dateToParts, monthNumber, normaliseDateFields, parseDateParts, parseTypedDate } from './date-input.ts'
import { shippedBankHolidays, bankHolidayOn } from './bank-holidays.ts'

const L = 'Date of the visit'

test('day, month and year fields: a real date, with month names accepted', () => {
  assert.equal(parseDateParts({ day: '31', month: '12', year: '2026' }, L).value, '2026-12-31')
  assert.equal(parseDateParts({ day: ' 7 ', month: 'Dec', year: '2026' }, L).value, '2026-12-07')
  assert.equal(parseDateParts({ day: '29', month: 'february', year: '2028' }, L).value, '2028-02-29')
  assert.equal(monthNumber('Sept'), 9)
  assert.equal(monthNumber('ju'), null, 'too short to tell June from July')
})

test('the GOV.UK error messages, each part highlighted', () => {
  assert.deepEqual(parseDateParts({}, L), { value: null, error: null, parts: ['day', 'month', 'year'], empty: true })
  assert.equal(parseDateParts({}, L, { required: true }).error, 'Enter date of the visit')
  const m = parseDateParts({ day: '31', month: '', year: '2026' }, L)
  assert.equal(m.error, 'Date of the visit must include a month')
  assert.deepEqual(m.parts, ['month'])
  assert.equal(
    parseDateParts({ day: '', month: '', year: '2026' }, L).error,
    'Date of the visit must include a day and month',
  )
  const y = parseDateParts({ day: '1', month: '2', year: '26' }, L)
  assert.equal(y.error, 'Year must include 4 numbers')
  assert.deepEqual(y.parts, ['year'])
  const d = parseDateParts({ day: '31', month: '2', year: '2026' }, L)
  assert.equal(d.error, 'Date of the visit must be a real date')
  assert.deepEqual(d.parts, ['day'])
  assert.deepEqual(parseDateParts({ day: '3', month: '13', year: '2026' }, L).parts, ['month'])
  assert.equal(parseDateParts({ day: 'x', month: '3', year: '2026' }, L).error, 'Date of the visit must be a real date')
})

test('a date typed into one field, the UK way; never the US order', () => {
  assert.equal(parseTypedDate('31/12/2026'), '2026-12-31')
  assert.equal(parseTypedDate('1-2-2027'), '2027-02-01')
  assert.equal(parseTypedDate('31.12.2026'), '2026-12-31')
  assert.equal(parseTypedDate('2026-12-31'), '2026-12-31')
  assert.equal(parseTypedDate('31 December 2026'), '2026-12-31')
  assert.equal(parseTypedDate('Thursday 31 Dec 2026'), '2026-12-31')
  assert.equal(parseTypedDate('1st March 2027'), '2027-03-01')
  assert.equal(parseTypedDate('12/31/2026'), null)
  assert.equal(parseTypedDate('31/02/2026'), null)
  assert.equal(parseTypedDate('soon'), null)
  assert.deepEqual(dateToParts('2026-03-07'), { day: '7', month: '3', year: '2026' })
  assert.deepEqual(dateToParts(null), { day: '', month: '', year: '' })
})

test('a form body: date triples and typed UK dates become ISO dates; a wrong one gets its message', () => {
  const body: Record<string, unknown> = {
    'onsiteStart-day': '7',
    'onsiteStart-month': '1',
    'onsiteStart-year': '2027',
    'onsiteStart-label': 'First day on site',
    'onsiteEnd-day': '',
    'onsiteEnd-month': '',
    'onsiteEnd-year': '',
    'scopingDate-day': '31',
    'scopingDate-month': '2',
    'scopingDate-year': '2027',
    due: '31/12/2026',
    note: 'Met on 3/4',
  }
  const errors = normaliseDateFields(body)
  assert.equal(body['onsiteStart'], '2027-01-07')
  assert.equal(body['onsiteEnd'], '')
  assert.equal(body['due'], '2026-12-31')
  assert.equal(body['note'], 'Met on 3/4', 'other text is left alone')
  assert.deepEqual(errors, { scopingDate: 'The date must be a real date' })
  const bad: Record<string, unknown> = { due: '31/02/2026' }
  assert.deepEqual(normaliseDateFields(bad), { due: 'Enter a real date, such as 31/12/2026' })
})

test('bank holidays are shared data with their names', () => {
  const bh = shippedBankHolidays()
  assert.equal(bh.get('2026-12-25'), 'Christmas Day')
  assert.equal(bankHolidayOn('2026-08-31'), 'Summer bank holiday')
  assert.equal(bankHolidayOn('2026-08-30'), null)
})
