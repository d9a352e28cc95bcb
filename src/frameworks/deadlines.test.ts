import { test } from 'node:test'
import assert from 'node:assert/strict'
import { computeDeadlines, type DeadlineFacts } from './deadlines.ts'
import { referenceData } from './reference.ts'

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
const byCode = (ds: ReturnType<typeof computeDeadlines>) => Object.fromEntries(ds.map((d) => [d.code, d]))

test('every framework has rules with known anchors and a source', () => {
  for (const f of ref.frameworks) {
    assert.ok(f.rules.length > 0, f.code)
    for (const r of f.rules) {
      assert.match(
        r.anchor,
        /^(onsite_end|onsite_start|parent:onsite_end|(latest-)?event:[a-z_]+)$/,
        `${f.code}/${r.code}`,
      )
      assert.ok(r.source.length > 10, `${f.code}/${r.code} source`)
    }
    // computing on empty facts never throws
    computeDeadlines(f.rules, facts({ onsiteStart: null, onsiteEnd: null }), '2026-11-23', holidays)
  }
})

test('2024 strengthened CPC: 3, 5, 10 and 12 months and 5 years from the last on-site day', () => {
  const d = byCode(computeDeadlines(rulesOf('cpc-2024-strengthened'), facts(), '2024-07-01', holidays))
  assert.equal(d['report-published']!.due, '2024-09-28')
  assert.equal(d['action-plan-published']!.due, '2024-09-28')
  assert.equal(d['action-plan-latest']!.due, '2024-11-28')
  assert.equal(d['progress-review']!.due, '2025-04-28')
  assert.equal(d['progress-review-report']!.due, '2025-06-28')
  assert.equal(d['next-review']!.due, '2029-06-28')
  assert.equal(d['report-published']!.status, 'due')
  assert.equal(d['report-published']!.summary, 'Due 28 September 2024 (in 2 months 27 days)')
  assert.equal(d['report-published']!.phrase, 'in 2 months 27 days')
  assert.equal(d['factual-check']!.status, 'not-started')
})

test('visit ending on 30 November: report due on the last day of February (leap and common years)', () => {
  const d1 = byCode(
    computeDeadlines(
      rulesOf('cpc-2022-five-themes'),
      facts({ onsiteStart: '2023-11-28', onsiteEnd: '2023-11-30' }),
      '2023-12-01',
      holidays,
    ),
  )
  assert.equal(d1['report-published']!.due, '2024-02-29')
  assert.equal(d1['action-plan-latest']!.due, '2024-04-30')
  const d2 = byCode(
    computeDeadlines(
      rulesOf('cpc-2024-strengthened'),
      facts({ onsiteStart: '2024-11-28', onsiteEnd: '2024-11-30' }),
      '2024-12-01',
      holidays,
    ),
  )
  assert.equal(d2['report-published']!.due, '2025-02-28')
  assert.equal(d2['progress-review']!.due, '2025-09-30')
})

test('overdue, met on time and met late are told apart', () => {
  const rules = rulesOf('cpc-2024-strengthened')
  const over = byCode(computeDeadlines(rules, facts(), '2024-10-01', holidays))
  assert.equal(over['report-published']!.status, 'overdue')
  assert.equal(over['report-published']!.daysOverdue, 3)
  assert.equal(over['report-published']!.summary, 'Overdue by 3 days')
  const met = byCode(
    computeDeadlines(rules, facts({ events: { report_published: '2024-09-28' } }), '2024-10-01', holidays),
  )
  assert.equal(met['report-published']!.status, 'met')
  assert.equal(met['report-published']!.summary, 'Met on 28 September 2024')
  // NW Leicestershire: the report went to Cabinet on 17 December 2024, about six months after the visit.
  const late = byCode(
    computeDeadlines(
      rules,
      facts({ events: { report_published: '2024-12-17', action_plan_published: '2024-12-17' } }),
      '2025-01-01',
      holidays,
    ),
  )
  assert.equal(late['report-published']!.status, 'met-late')
  assert.equal(late['report-published']!.daysLate, 80)
  assert.equal(late['action-plan-latest']!.summary, 'Met on 17 December 2024, 19 days late')
  // beside a tag that says "Met", "Met late" or "Not started", the words do not say it again
  assert.equal(met['report-published']!.phrase, 'on 28 September 2024')
  assert.equal(late['action-plan-latest']!.phrase, 'on 17 December 2024, 19 days late')
  const none = Object.values(late).find((d) => d.status === 'not-started')
  assert.ok(none, 'a deadline not started yet')
  assert.equal(none.phrase, 'No date yet')
  for (const d of [...Object.values(met), ...Object.values(late)])
    assert.doesNotMatch(d.phrase, /^(Met|Not started|Due|Overdue)\b/, d.code)
})

test('factual accuracy check counts working days and skips bank holidays', () => {
  const rules = rulesOf('cpc-2024-strengthened')
  // Draft issued Thursday 17 April 2025: Good Friday and Easter Monday are skipped.
  const d = byCode(computeDeadlines(rules, facts({ events: { draft_issued: '2025-04-17' } }), '2025-04-18', holidays))
  assert.equal(d['factual-check']!.due, '2025-05-06') // also skips the early May bank holiday (5 May)
  // Draft issued 18 December 2026: Christmas, the Boxing Day substitute (28th) and New Year's Day skipped.
  const c = byCode(computeDeadlines(rules, facts({ events: { draft_issued: '2026-12-18' } }), '2026-12-18', holidays))
  assert.equal(c['factual-check']!.due, '2027-01-06')
  // The check ends when the council returns comments, or when the final report is issued without them.
  const done = byCode(
    computeDeadlines(
      rules,
      facts({ events: { draft_issued: '2026-12-18', final_issued: '2027-01-04' } }),
      '2027-02-01',
      holidays,
    ),
  )
  assert.equal(done['factual-check']!.status, 'met')
  assert.equal(done['factual-check']!.metOn, '2027-01-04')
})

test('progress review rules are satisfied by a held child review and by its published report', () => {
  const rules = rulesOf('cpc-2022-five-themes')
  const booked = byCode(
    computeDeadlines(
      rules,
      facts({ children: [{ reviewType: 'progress-review', onsiteEnd: '2025-05-01', held: false, events: {} }] }),
      '2025-01-01',
      holidays,
    ),
  )
  assert.equal(booked['progress-review']!.status, 'due')
  assert.equal(booked['progress-review']!.note, 'Booked for 1 May 2025')
  const held = byCode(
    computeDeadlines(
      rules,
      facts({
        children: [
          {
            reviewType: 'progress-review',
            onsiteEnd: '2025-04-10',
            held: true,
            events: { report_published: '2025-06-01' },
          },
        ],
      }),
      '2025-07-01',
      holidays,
    ),
  )
  assert.equal(held['progress-review']!.status, 'met')
  assert.equal(held['progress-review-report']!.status, 'met')
})

test('progress review framework anchors on the original challenge', () => {
  const d = byCode(
    computeDeadlines(
      rulesOf('progress-review-2022'),
      facts({ onsiteStart: null, onsiteEnd: null, parent: { onsiteEnd: '2024-06-28', precision: 'day' } }),
      '2025-07-01',
      holidays,
    ),
  )
  assert.equal(d['held']!.due, '2025-04-28')
  assert.equal(d['held']!.status, 'overdue')
  assert.equal(d['report-published']!.due, '2025-06-28')
})

test('2016 five questions: follow-up visit about two years on, next challenge within five years', () => {
  const d = byCode(
    computeDeadlines(
      rulesOf('cpc-2016-five-questions'),
      facts({ onsiteStart: '2017-03-21', onsiteEnd: '2017-03-23' }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(d['follow-up-visit']!.due, '2019-03-23')
  assert.equal(d['follow-up-visit']!.status, 'lapsed') // an offer not taken up is not overdue
  assert.equal(d['follow-up-visit']!.summary, 'Not taken up (offered by 23 March 2019)')
  assert.equal(d['next-review']!.due, '2022-03-23')
  assert.equal(d['next-review']!.status, 'overdue')
  assert.equal(d['report-published'], undefined) // publication was the council's choice then
})

test('next review: booked is noted but not met; a held review meets it', () => {
  const rules = rulesOf('cpc-2016-five-questions')
  const booked = byCode(
    computeDeadlines(
      rules,
      facts({
        onsiteEnd: '2017-03-23',
        nextReview: { reference: 'CPC-2027-OAD', onsiteEnd: '2027-02-12', held: false },
      }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(booked['next-review']!.status, 'overdue')
  assert.equal(booked['next-review']!.note, 'CPC-2027-OAD booked for 12 February 2027')
  const met = byCode(
    computeDeadlines(
      rules,
      facts({
        onsiteEnd: '2017-03-23',
        nextReview: { reference: 'CPC-2021-OAD', onsiteEnd: '2021-11-04', held: true },
      }),
      '2026-11-23',
      holidays,
    ),
  )
  assert.equal(met['next-review']!.status, 'met')
})

test('finance and governance peer challenges carry publication and five-year rules', () => {
  for (const code of ['fpc-2023', 'gpc-2024']) {
    const d = byCode(
      computeDeadlines(
        rulesOf(code),
        facts({ onsiteStart: '2025-01-27', onsiteEnd: '2025-01-31' }),
        '2025-02-03',
        holidays,
      ),
    )
    assert.equal(d['report-published']!.due, '2025-04-30')
    assert.equal(d['action-plan-latest']!.due, '2025-06-30')
    assert.equal(d['next-review']!.due, '2030-01-31')
  }
})

test('check-ins and follow-up visits are measured from the original visit', () => {
  const parent = { onsiteEnd: '2022-03-25', precision: 'day' as const }
  const ci = byCode(
    computeDeadlines(
      rulesOf('check-in-2019'),
      facts({ onsiteStart: null, onsiteEnd: null, parent }),
      '2022-04-01',
      holidays,
    ),
  )
  assert.equal(ci['held']!.due, '2022-09-25')
  const fu = byCode(
    computeDeadlines(
      rulesOf('follow-up-2014'),
      facts({
        onsiteStart: '2019-03-01',
        onsiteEnd: '2019-03-02',
        parent: { onsiteEnd: '2017-03-23', precision: 'day' },
      }),
      '2026-01-01',
      holidays,
    ),
  )
  assert.equal(fu['held']!.status, 'met')
})

test('a visit known only to the month is measured from the month end and flagged approximate', () => {
  const d = byCode(
    computeDeadlines(
      rulesOf('cpc-2016-five-questions'),
      facts({ onsiteStart: '2018-10-01', onsiteEnd: '2018-10-01', precision: 'month' }),
      '2019-01-01',
      holidays,
    ),
  )
  assert.equal(d['next-review']!.due, '2023-10-31')
  assert.equal(d['next-review']!.approximate, true)
})

test('a cancelled challenge has no live deadlines', () => {
  const d = byCode(
    computeDeadlines(rulesOf('cpc-2024-strengthened'), facts({ cancelled: true }), '2026-01-01', holidays),
  )
  assert.equal(d['report-published']!.status, 'not-applicable')
})

test('a draft issued again restarts the factual check: counted from the latest issue, met only by a later answer', () => {
  const rules = rulesOf('cpc-2024-strengthened')
  const log = (...entries: [string, string][]) => entries.map(([code, on]) => ({ code, on }))
  const first = { draft_issued: '2026-10-01', factual_comments_returned: '2026-10-08' }
  // Issued 1 October, answered 8 October, issued again on 2 November: due 10 working days after 2 November.
  const again = byCode(
    computeDeadlines(
      rules,
      facts({
        events: first,
        eventLog: log(
          ['draft_issued', '2026-10-01'],
          ['factual_comments_returned', '2026-10-08'],
          ['draft_issued', '2026-11-02'],
        ),
      }),
      '2026-11-05',
      holidays,
    ),
  )['factual-check']!
  assert.equal(again.due, '2026-11-16')
  assert.equal(again.status, 'due')
  assert.equal(again.metOn, null)
  // Answered again on 10 November: met then.
  const answered = byCode(
    computeDeadlines(
      rules,
      facts({
        events: first,
        eventLog: log(
          ['draft_issued', '2026-10-01'],
          ['factual_comments_returned', '2026-10-08'],
          ['draft_issued', '2026-11-02'],
          ['factual_comments_returned', '2026-11-10'],
        ),
      }),
      '2026-11-20',
      holidays,
    ),
  )['factual-check']!
  assert.deepEqual([answered.status, answered.metOn], ['met', '2026-11-10'])
  // Answered and issued again on the same day: the answer belongs to the earlier draft.
  const sameDay = byCode(
    computeDeadlines(
      rules,
      facts({
        events: first,
        eventLog: log(
          ['draft_issued', '2026-10-01'],
          ['factual_comments_returned', '2026-11-02'],
          ['draft_issued', '2026-11-02'],
        ),
      }),
      '2026-11-05',
      holidays,
    ),
  )['factual-check']!
  assert.deepEqual([sameDay.status, sameDay.due], ['due', '2026-11-16'])
})
