import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  approvalProblems,
  computeRag,
  dueWindow,
  overduePeriod,
  ragKey,
  worstRag,
  type ActionFacts,
  type RagRule,
} from './rules.ts'
import { rulesetData } from './reference.ts'

const rules: RagRule[] = rulesetData().find((r) => r.code === 'plan-rules-2024')!.rules.rag
const TODAY = '2026-11-23'
const base: ActionFacts = {
  status: 'in-progress',
  startDate: '2026-10-01',
  targetDate: '2027-03-31',
  milestones: [],
  lastUpdateOn: '2026-11-01',
  targetRevisions: 0,
  override: null,
}
const rag = (f: Partial<ActionFacts>) => computeRag(rules, { ...base, ...f }, TODAY)

test('RAG rules, first match wins, from the declared rule set', () => {
  assert.deepEqual([rag({}).rag, rag({}).reason], ['green', 'On track'])
  assert.equal(rag({ status: 'complete', targetDate: '2026-01-01' }).reason, 'Complete')
  assert.equal(rag({ status: 'bau', targetDate: '2026-01-01' }).rag, 'green')
  assert.deepEqual(
    [rag({ targetDate: '2026-11-22' }).rag, rag({ targetDate: '2026-11-22' }).reason],
    ['red', 'Past its target date and not complete'],
  )
  assert.equal(rag({ targetDate: TODAY }).rag, 'green') // due today is not yet overdue
  assert.equal(rag({ status: 'not-started', targetDate: '2026-12-23' }).reason, 'Due within 30 days and not started')
  assert.equal(
    rag({ status: 'not-started', targetDate: '2026-12-24', startDate: '2026-11-01' }).reason,
    'Its start date has passed and it has not started',
  )
  assert.equal(rag({ status: 'not-started', targetDate: '2027-06-01', startDate: '2026-12-01' }).rag, 'green')
  assert.equal(rag({ milestones: [{ dueDate: '2026-11-20', doneOn: null }] }).reason, 'A milestone is past its date')
  assert.equal(rag({ milestones: [{ dueDate: '2026-11-20', doneOn: '2026-11-19' }] }).rag, 'green')
  assert.equal(rag({ lastUpdateOn: '2026-08-25' }).reason, 'No progress update for 90 days') // 90 days exactly
  assert.equal(rag({ lastUpdateOn: '2026-08-26' }).rag, 'green')
  assert.equal(rag({ targetRevisions: 2 }).reason, 'Its target date has been moved twice or more')
  assert.equal(rag({ targetRevisions: 1 }).rag, 'green')
})

test('a rating set by hand wins but keeps what the rules say', () => {
  const r = rag({ targetDate: '2026-11-01', override: { rag: 'amber', reason: 'Funding agreed; slipped one month' } })
  assert.deepEqual(r, {
    rag: 'amber',
    reason: 'Set by hand: Funding agreed; slipped one month',
    computed: 'red',
    computedReason: 'Past its target date and not complete',
    overridden: true,
  })
})

test('rule sets must end with a rule that always matches', () => {
  assert.throws(() => computeRag([{ if: { overdue: true }, rag: 'red', reason: 'x' }], base, TODAY), /always matches/)
})

test('a recommendation takes its worst action; approval needs a response, reasons and actions', () => {
  assert.equal(worstRag(['green', 'amber', 'green']), 'amber')
  assert.equal(worstRag(['green', 'red', 'amber']), 'red')
  assert.equal(worstRag([]), null)
  assert.deepEqual(
    approvalProblems([
      { number: 1, kind: 'key', response: null, reasons: '', actions: 0 },
      { number: 2, kind: 'key', response: 'partly-accepted', reasons: ' ', actions: 1 },
      { number: 3, kind: 'key', response: 'accepted', reasons: '', actions: 0 },
      { number: 4, kind: 'key', response: 'not-accepted', reasons: 'Done already', actions: 0 },
      { number: 1, kind: 'theme', response: 'accepted', reasons: '', actions: 2 },
    ]),
    [
      'Recommendation 1 has no response',
      'Recommendation 2 needs the reasons it is only partly accepted',
      'Recommendation 3 is accepted but has no action',
    ],
  )
})

test('reminder windows survive a missed day; overdue reminders repeat by period', () => {
  const w = [30, 7, 1]
  assert.deepEqual(
    [31, 30, 8, 7, 6, 2, 1, 0, -1].map((d) => dueWindow(w, d)),
    [null, 30, 30, 7, 7, 7, 1, 1, null],
  )
  assert.deepEqual(
    [0, -1, -7, -8, -14, -15].map((d) => overduePeriod(7, d)),
    [null, 0, 0, 1, 1, 2],
  )
})

test('the RAG key states what each rating means, from the rules themselves', () => {
  const key = ragKey(rules)
  assert.deepEqual(
    key.map((k) => k.label),
    ['Red', 'Amber', 'Green', 'Complete'],
  )
  assert.equal(
    key.find((k) => k.key === 'red')!.meaning,
    'Past its target date and not complete; or due within 30 days and not started',
  )
  assert.match(key.find((k) => k.key === 'amber')!.meaning, /^A milestone is past its date; or .*moved twice or more$/)
  assert.equal(key.find((k) => k.key === 'green')!.meaning, 'On track')
  assert.equal(key.find((k) => k.key === 'complete')!.meaning, 'Complete or moved to business as usual: rated green')
  // Other rules, other key: a rating no rule gives is not listed.
  assert.deepEqual(
    ragKey([
      { if: { overdue: true }, rag: 'red', reason: 'Late' },
      { if: {}, rag: 'green', reason: 'Fine' },
    ]).map((k) => `${k.label}: ${k.meaning}`),
    ['Red: Late', 'Green: Fine'],
  )
})
