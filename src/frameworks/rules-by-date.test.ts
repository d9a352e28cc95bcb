import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  computeDeadlines,
  describeRule,
  ruleDateOf,
  ruleInForce,
  rulesInForce,
  type Deadline,
  type DeadlineFacts,
} from './deadlines.ts'
import { referenceData } from './reference.ts'
import { isIsoDate } from '../common/dates.ts'

/** Rules by date (decision 0016): each rule of a framework applies between its dates, by the visit's first day. */

const ref = referenceData()
const holidays = new Set(ref.bankHolidays['england-and-wales']!.events.map((e) => e.date))
const rulesOf = (code: string) => {
  const f = ref.frameworks.find((x) => x.code === code)
  assert.ok(f, `framework ${code}`)
  return f.rules
}
const facts = (over: Partial<DeadlineFacts> = {}): DeadlineFacts => ({
  onsiteStart: '2024-06-26',
  onsiteEnd: '2024-06-28',
  precision: 'day',
  cancelled: false,
  events: {},
  parent: null,
  children: [],
  nextReview: null,
  ...over,
})
const byCode = (ds: Deadline[]) => Object.fromEntries(ds.map((d) => [d.code, d]))
const codes = (framework: string, visit: [string, string], today = '2026-11-23') =>
  computeDeadlines(
    rulesOf(framework),
    facts({ onsiteStart: visit[0], onsiteEnd: visit[1], ruleDate: visit[0] }),
    today,
    holidays,
  ).map((d) => d.code)

test('every rule says from when (and until when) it applies, with a source for each date', () => {
  const workflowEvents = new Set(Object.values(ref.workflows).flatMap((w) => w.events.map((e) => e.code)))
  for (const f of ref.frameworks) {
    for (const r of f.rules) {
      const at = `${f.code}/${r.code}`
      assert.ok(isIsoDate(r.effectiveFrom), `${at} effectiveFrom`)
      assert.ok(r.effectiveFromSource.length > 20, `${at} effectiveFromSource`)
      if (r.effectiveTo) {
        assert.ok(isIsoDate(r.effectiveTo) && r.effectiveTo >= r.effectiveFrom, `${at} effectiveTo`)
        assert.ok((r.effectiveToSource ?? '').length > 20, `${at} effectiveToSource`)
      } else assert.equal(r.effectiveToSource, null, `${at}: no end, no source for one`)
      // Every event a rule waits for is one the workflow data knows (who may record it, and when).
      const s = r.satisfiedBy
      if ('event' in s) for (const e of [s.event].flat()) assert.ok(workflowEvents.has(e), `${at}: event ${e}`)
    }
    // Two windows of the same rule in one framework never overlap: a date gives one answer.
    for (const r of f.rules)
      for (const o of f.rules)
        if (r !== o && r.code === o.code)
          assert.ok(
            (r.effectiveTo ?? '9999') < o.effectiveFrom || (o.effectiveTo ?? '9999') < r.effectiveFrom,
            `${f.code}/${r.code}: overlapping windows`,
          )
  }
})

test('framework versions were raised with the rules, so existing databases take them', () => {
  // The versions a database held before rules had dates (decision 0013): every framework changed, each must be higher.
  const before: Record<string, number> = {
    'cpc-2016-five-questions': 1,
    'cpc-2022-five-themes': 2,
    'cpc-2024-strengthened': 2,
    'fpc-2023': 1,
    'gpc-2024': 1,
    'progress-review-2022': 1,
    'follow-up-2014': 1,
    'check-in-2019': 1,
  }
  for (const f of ref.frameworks) assert.ok(f.version > (before[f.code] ?? 0), `${f.code} version ${f.version}`)
})

test('2016-2021 model: a follow-up visit offered, from 2019 a six-month check-in too; never a progress review', () => {
  // Lambeth, October 2016: the follow-up visit (its report: "within the next 12-24 months") and the next challenge.
  assert.deepEqual(codes('cpc-2016-five-questions', ['2016-10-04', '2016-10-07']), ['follow-up-visit', 'next-review'])
  // Test Valley, October 2018 (known to the month): still before the check-in model.
  assert.deepEqual(codes('cpc-2016-five-questions', ['2018-10-01', '2018-10-01']), ['follow-up-visit', 'next-review'])
  // Gravesham, October 2019: both the follow-up visit and the six-month check-in.
  assert.deepEqual(codes('cpc-2016-five-questions', ['2019-10-01', '2019-10-03']), [
    'follow-up-visit',
    'six-month-check-in',
    'next-review',
  ])
})

test('2022 five themes: Blaby (March 2022) gets the six-month check-in; a June 2022 visit the progress review', () => {
  const blaby = codes('cpc-2022-five-themes', ['2022-03-22', '2022-03-25'])
  assert.deepEqual(blaby, [
    'report-published',
    'action-plan-published',
    'action-plan-latest',
    'six-month-check-in',
    'next-review',
  ])
  const darlington = codes('cpc-2022-five-themes', ['2022-06-14', '2022-06-16'])
  assert.ok(darlington.includes('progress-review') && darlington.includes('progress-review-report'))
  assert.ok(!darlington.includes('six-month-check-in'))
  // The LGA publishes the final report from April 2023; the factual check's clock is the strengthened model's.
  assert.ok(!darlington.includes('lga-published') && !darlington.includes('factual-check'))
  assert.ok(codes('cpc-2022-five-themes', ['2023-05-09', '2023-05-11']).includes('lga-published'))
  // The day a window closes still belongs to it; the next day does not.
  assert.ok(codes('cpc-2022-five-themes', ['2022-03-31', '2022-03-31']).includes('six-month-check-in'))
  assert.ok(!codes('cpc-2022-five-themes', ['2022-04-01', '2022-04-01']).includes('six-month-check-in'))
})

test('Blaby: its check-in, held in October 2022, meets the offer; no progress review is overdue', () => {
  const d = byCode(
    computeDeadlines(
      rulesOf('cpc-2022-five-themes'),
      facts({
        onsiteStart: '2022-03-22',
        onsiteEnd: '2022-03-25',
        ruleDate: '2022-03-22',
        events: { report_published: '2022-06-15', action_plan_published: '2022-06-15' },
        children: [
          { reference: 'CHECKIN-2022-BLA', reviewType: 'check-in', onsiteEnd: '2022-10-04', held: true, events: {} },
        ],
      }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(d['progress-review'], undefined)
  assert.equal(d['progress-review-report'], undefined)
  // Offered for about six months after (25 September 2022) and taken up on 4 October: an offer is not late.
  assert.equal(d['six-month-check-in']!.due, '2022-09-25')
  assert.equal(d['six-month-check-in']!.status, 'met')
  assert.equal(d['six-month-check-in']!.summary, 'Met on 4 October 2022')
  assert.ok(Object.values(d).every((x) => x.status !== 'overdue' || x.code === 'next-review'))
})

test('the strengthened model: position statement, data pack and finance briefing before the visit', () => {
  const rules = rulesOf('cpc-2024-strengthened')
  const harlow = { onsiteStart: '2026-12-31', onsiteEnd: '2027-01-03', ruleDate: '2026-12-31' }
  const before = byCode(computeDeadlines(rules, facts(harlow), '2026-11-23', holidays))
  assert.equal(before['position-statement']!.due, '2026-12-10') // three weeks before the first day
  assert.equal(before['data-pack']!.due, '2026-12-17') // two weeks before
  assert.equal(before['finance-briefing']!.due, '2026-12-17')
  assert.equal(before['position-statement']!.status, 'due')
  assert.equal(before['position-statement']!.beforeVisit, true)
  assert.equal(
    describeRule(rules.find((r) => r.code === 'position-statement')!),
    '3 weeks before the first on-site day',
  )
  // Late, but the visit not begun: overdue.
  const late = byCode(computeDeadlines(rules, facts(harlow), '2026-12-20', holidays))
  assert.equal(late['data-pack']!.status, 'overdue')
  assert.equal(late['data-pack']!.daysOverdue, 3)
  // Recorded: met. Once the visit has begun without it: lapsed, not overdue for ever.
  const on = byCode(
    computeDeadlines(
      rules,
      facts({ ...harlow, events: { position_statement_received: '2026-12-08' } }),
      '2027-02-01',
      holidays,
    ),
  )
  assert.equal(on['position-statement']!.status, 'met')
  assert.equal(on['finance-briefing']!.status, 'lapsed')
  assert.equal(on['finance-briefing']!.summary, 'Not recorded before the visit (due 17 December 2026)')
  // Before April 2024 none of them applied.
  assert.ok(!codes('cpc-2022-five-themes', ['2023-06-01', '2023-06-02']).includes('position-statement'))
})

test('the LGA publishes the report a month after the council at the latest', () => {
  const rules = rulesOf('cpc-2024-strengthened')
  const d = byCode(
    computeDeadlines(
      rules,
      facts({ ruleDate: '2024-06-26', events: { report_published: '2024-12-17' } }),
      '2025-03-01',
      holidays,
    ),
  )
  assert.equal(d['lga-published']!.due, '2025-01-17')
  assert.equal(d['lga-published']!.status, 'overdue')
  const met = byCode(
    computeDeadlines(
      rules,
      facts({ ruleDate: '2024-06-26', events: { report_published: '2024-12-17', lga_published: '2025-01-08' } }),
      '2025-03-01',
      holidays,
    ),
  )
  assert.equal(met['lga-published']!.status, 'met')
})

test('a date stated in the report counts instead of the rule’s, and both are shown', () => {
  // Oadby and Wigston, March 2017: "the next Peer Challenge before November 2021"; the rule then gives five years.
  const oad = byCode(
    computeDeadlines(
      rulesOf('cpc-2016-five-questions'),
      facts({
        onsiteStart: '2017-03-21',
        onsiteEnd: '2017-03-23',
        ruleDate: '2017-03-21',
        stated: { 'next-review': { due: '2021-11-01', precision: 'month', source: 'the report', note: '' } },
      }),
      '2021-12-01',
      holidays,
    ),
  )['next-review']!
  assert.equal(oad.due, '2021-11-30') // by the end of the month stated
  assert.equal(oad.duePrecision, 'month')
  assert.equal(oad.ruleDue, '2022-03-23')
  assert.equal(oad.counts, 'stated')
  assert.equal(
    oad.basis,
    'Due by November 2021 (stated in the report; the rule then in force gives 23 March 2022). The stated date counts.',
  )
  assert.equal(oad.status, 'overdue')
  assert.equal(oad.daysOverdue, 1)
  // Without it, the rule's date counts and nothing is said about a stated one.
  const plain = byCode(
    computeDeadlines(
      rulesOf('cpc-2016-five-questions'),
      facts({ onsiteStart: '2017-03-21', onsiteEnd: '2017-03-23', ruleDate: '2017-03-21' }),
      '2021-12-01',
      holidays,
    ),
  )['next-review']!
  assert.deepEqual([plain.due, plain.counts, plain.basis, plain.status], ['2022-03-23', 'rule', null, 'due'])
  // A stated day (not a month) is due on that day.
  const day = byCode(
    computeDeadlines(
      rulesOf('cpc-2024-strengthened'),
      facts({
        ruleDate: '2024-06-26',
        stated: {
          'report-published': { due: '2024-12-17', precision: 'day', source: 'the covering report', note: '' },
        },
      }),
      '2024-12-01',
      holidays,
    ),
  )['report-published']!
  assert.deepEqual([day.due, day.ruleDue, day.status], ['2024-12-17', '2024-09-28', 'due'])
})

test('a return visit carries the obligation it meets: the original challenge says where', () => {
  const d = byCode(
    computeDeadlines(
      rulesOf('cpc-2024-strengthened'),
      facts({
        ruleDate: '2024-06-26',
        children: [
          { reference: 'PR-2025-NWL', reviewType: 'progress-review', onsiteEnd: null, held: false, events: {} },
        ],
      }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(d['progress-review']!.carriedBy, 'PR-2025-NWL')
  assert.equal(d['progress-review']!.note, 'Followed up in PR-2025-NWL')
  assert.equal(d['progress-review-report']!.carriedBy, 'PR-2025-NWL')
  assert.equal(d['report-published']!.carriedBy, null)
  // A cancelled return visit carries nothing.
  const cancelled = byCode(
    computeDeadlines(
      rulesOf('cpc-2024-strengthened'),
      facts({
        ruleDate: '2024-06-26',
        children: [
          {
            reference: 'PR-2025-NWL',
            reviewType: 'progress-review',
            onsiteEnd: null,
            held: false,
            cancelled: true,
            events: {},
          },
        ],
      }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(cancelled['progress-review']!.carriedBy, null)
})

test('the rule date: the visit’s first day, else the original challenge’s, else today', () => {
  assert.equal(ruleDateOf({ onsiteStart: '2022-10-04' }, { onsiteStart: '2022-03-22' }, '2026-11-23'), '2022-10-04')
  assert.equal(ruleDateOf({ onsiteStart: null }, { onsiteStart: '2024-06-26' }, '2026-11-23'), '2024-06-26')
  assert.equal(ruleDateOf({ onsiteStart: null }, null, '2026-11-23'), '2026-11-23')
  assert.equal(ruleInForce({ effectiveFrom: '2022-04-01', effectiveTo: null }, '2022-03-31'), false)
  assert.equal(ruleInForce({ effectiveFrom: '2019-01-01', effectiveTo: '2022-03-31' }, '2022-03-31'), true)
  assert.equal(rulesInForce(rulesOf('cpc-2024-strengthened'), '2024-03-31').length, 0)
})
