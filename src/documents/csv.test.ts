import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parse } from 'csv-parse/sync'
import { csvFile, safeCell } from './csv.ts'

test('cells a spreadsheet would run as formulas get a leading quote; others are left alone', () => {
  for (const v of ['=1+2', '+1', '-1', '@SUM(1)', '\tx', '\rx', '＝1']) assert.equal(safeCell(v), `'${v}`)
  for (const v of ['', 'Head of HR', '2027-03-31', "'quoted", ' =1', 'a=b']) assert.equal(safeCell(v), v)
  const rows = parse(
    csvFile([
      ['a', 'b'],
      ['=cmd|"/c calc"!A1', 'ok'],
    ]).replace(/^\ufeff/, ''),
  ) as string[][]
  assert.deepEqual(rows, [
    ['a', 'b'],
    [`'=cmd|"/c calc"!A1`, 'ok'],
  ])
})
