import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lpModel, relaxation, solveLp } from './highs.ts'

test('the LP relaxation keeps binaries between 0 and 1, so its bound is the relaxation’s, not an unbounded one', async () => {
  // Pick at most three of two binaries, worth 1 each: the best is 2, and so is the relaxation's bound.
  const lp = lpModel({
    objective: ['1 x', '1 y'],
    rows: [{ name: 'r', terms: ['1 x', '1 y'], op: '<=', rhs: 3 }],
    binaries: ['x', 'y'],
  })
  assert.match(relaxation(lp), /Bounds\n 0 <= x <= 1\n 0 <= y <= 1\n/)
  assert.doesNotMatch(relaxation(lp), /Binary/)
  const integer = await solveLp(lp, { timeLimit: 5 })
  const relaxed = await solveLp(lp, { timeLimit: 5, integer: false })
  assert.equal(integer.ObjectiveValue, 2)
  assert.equal(relaxed.ObjectiveValue, 2)
})
