import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import type { Workflow } from '../frameworks/types.ts'
import { forwardTransition, nextSteps, type NextStepFacts, type Part } from './next-steps.ts'

const workflow = (
  JSON.parse(fs.readFileSync('src/frameworks/reference/review-types.json', 'utf8')) as {
    workflows: Record<string, Workflow>
  }
).workflows['full']!

const facts = (stage: string, parts: Part[], more: Partial<NextStepFacts> = {}): NextStepFacts => ({
  id: 8,
  reference: 'CPC-2026-MEL',
  councilName: 'Melton',
  stage,
  parts: new Set(parts),
  today: '2026-11-30',
  onsiteStart: '2026-10-24',
  onsiteEnd: '2026-10-26',
  onsitePrecision: 'day',
  feedbackDate: '2026-10-26',
  deadlines: [
    { code: 'factual-check', label: 'Council’s factual accuracy comments', due: '2026-12-07', status: 'due' },
    { code: 'report-published', label: 'Publish the feedback report', due: '2027-01-26', status: 'due' },
  ],
  ...more,
})

test('the factual accuracy check: the council checks the draft by its date; the lead peer is told who moves it on', () => {
  const council = nextSteps(facts('factual-check', ['council']), workflow)
  assert.equal(
    council.tasks[0]!.text,
    'Check the draft report for factual accuracy and send your comments by 7 December 2026',
  )
  assert.equal(council.tasks[0]!.when, 'in 7 days')
  assert.equal(council.tasks[0]!.href, '/challenges/8/report')
  const lead = nextSteps(facts('factual-check', ['lead-peer', 'peer']), workflow)
  assert.equal(lead.tasks.length, 1)
  assert.match(lead.tasks[0]!.text, /Answer the council’s comments/)
  assert.deepEqual(lead.movesOn, {
    text: 'The programme office or the peer challenge manager moves it on to “Final report”.',
    you: false,
  })
  const pcm = nextSteps(facts('factual-check', ['pcm', 'peer']), workflow)
  assert.match(pcm.tasks[0]!.text, /then issue the final report/)
  assert.equal(pcm.movesOn?.you, true)
})

test('every stage of the full workflow gives the lead peer, the PCM, the council and the office something or a hint', () => {
  for (const s of workflow.stages.filter((x) => !['closed', 'cancelled'].includes(x.key)))
    for (const p of ['lead-peer', 'pcm', 'council', 'admin'] as Part[]) {
      const n = nextSteps(facts(s.key, [p]), workflow)
      assert.ok(n.tasks.length || n.movesOn, `${s.key} ${p}`)
    }
})

test('a passed deadline is overdue in words, and the programme office is asked to chase it', () => {
  const n = nextSteps(
    facts('published', ['admin'], {
      deadlines: [{ code: 'progress-review', label: 'Progress review on site', due: '2023-01-25', status: 'overdue' }],
    }),
    workflow,
  )
  assert.equal(n.tasks[0]!.text, 'Arrange the progress review by 25 January 2023')
  assert.equal(n.tasks[0]!.when, '3 years 10 months overdue')
  assert.equal(n.tasks[0]!.overdue, true)
  assert.equal(n.tasks.length, 1, 'the same deadline is not asked twice')
})

test('the forward move is found in the workflow data, never a cancellation or a return', () => {
  assert.equal(forwardTransition(workflow, 'factual-check')?.to, 'final')
  assert.equal(forwardTransition(workflow, 'scheduled')?.to, 'preparation')
  assert.equal(forwardTransition(workflow, 'closed'), null)
})
