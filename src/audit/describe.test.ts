import { test } from 'node:test'
import assert from 'node:assert/strict'
import { describeChanges, referencedRecords, showValue, whoLabel } from './describe.ts'

test('the history shows dates as the UK writes them, codes as words, and no line for a field empty before and after', () => {
  assert.equal(showValue('2026-11-16'), '16 November 2026')
  assert.equal(showValue('factual-check', 'stage'), 'factual check')
  assert.equal(showValue('record:draft_issued', 'effects'), 'draft issued')
  assert.equal(showValue(['record:feedback_presented'], 'effects'), 'feedback presented')
  assert.equal(showValue('principal-adviser', 'role'), 'principal adviser')
  // text that is not a code is left as it was typed
  assert.equal(showValue('Re-run the scrutiny_review', 'title'), 'Re-run the scrutiny_review')
  const created = describeChanges(null, { name: 'Rowan Hale', party: null, role: 'principal-adviser', location: '' })
  assert.deepEqual(
    created.changes.map((c) => `${c.label}: ${c.from} -> ${c.to}`),
    ['Name:  -> Rowan Hale', 'Role:  -> principal adviser'],
  )
  const moved = describeChanges({ stage: 'drafting' }, { stage: 'factual-check' })
  assert.deepEqual(moved.changes[0], { field: 'stage', label: 'Stage', from: 'drafting', to: 'factual check' })
})

test('a record referred to by number is shown by its name when the page knows it, else by its number', () => {
  const entries = [
    { before: null, after: { personId: 43, role: 'lead-peer' } },
    { before: { councilId: 7, frameworkId: 2 }, after: { councilId: 8, frameworkId: 2, parentId: 5 } },
  ]
  assert.deepEqual(referencedRecords(entries), { person: [43], council: [7, 8], framework: [2], challenge: [5] })
  const names = new Map([
    ['person:43', 'Jane Smith'],
    ['council:7', 'Melton'],
    ['council:8', 'Rutland'],
  ])
  assert.deepEqual(
    describeChanges(entries[0]!.before, entries[0]!.after, names).changes.map((c) => `${c.label}: ${c.to}`),
    ['Person: Jane Smith', 'Role: lead peer'],
  )
  const moved = describeChanges(entries[1]!.before, entries[1]!.after, names).changes
  assert.deepEqual(
    moved.map((c) => `${c.label}: ${c.from} -> ${c.to}`),
    ['Council: Melton -> Rutland', 'Original challenge:  -> 5'],
  )
})

test('who did it: the name, or the service itself for the system', () => {
  assert.equal(whoLabel('Pat Morgan <admin@example.gov.uk>'), 'Pat Morgan')
  assert.equal(whoLabel('System <system@peer-challenge.local>'), 'Peer Challenge (automatic)')
  assert.equal(whoLabel('public'), 'public')
})
