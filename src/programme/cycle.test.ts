import { test } from 'node:test'
import assert from 'node:assert/strict'
import { councilCycle } from './cycle.ts'
import { referenceData } from '../frameworks/reference.ts'
import { ruleInForce, rulesInForce, type StatedDate } from '../frameworks/deadlines.ts'

const ref = referenceData()
const holidays = new Set<string>()
const rules = (code: string, on: string) => rulesInForce(ref.frameworks.find((f) => f.code === code)!.rules, on)
const oad = (stated: StatedDate | null) =>
  councilCycle({
    today: '2026-11-23',
    councilStart: null,
    lastHeld: {
      reference: 'CPC-2017-OAD',
      reviewType: 'cpc',
      onsiteEnd: '2017-03-23',
      precision: 'day',
      rules: rules('cpc-2016-five-questions', '2017-03-21'),
      stated,
    },
    booked: null,
    holidays,
  })

test('the five-year cycle takes the date stated in the last report, and says what the rule gave', () => {
  const c = oad({ due: '2021-11-01', precision: 'month', source: 'the report', note: '' })
  assert.equal(c.nextDue, '2021-11-30')
  assert.equal(c.ruleDue, '2022-03-23')
  assert.equal(c.status, 'overdue')
  assert.equal(c.daysOverdue, 1819)
  assert.equal(
    c.basis,
    'From CPC-2017-OAD: due by November 2021 (stated in the report; the rule then in force gives 23 March 2022). The stated date counts.',
  )
  const plain = oad(null)
  assert.deepEqual([plain.nextDue, plain.ruleDue, plain.stated], ['2022-03-23', '2022-03-23', null])
  assert.equal(plain.basis, 'Framework rule from CPC-2017-OAD')
})

test('without a next-review rule for the last review, the expectation in force today gives the period', () => {
  const c = councilCycle({
    today: '2026-11-23',
    councilStart: null,
    lastHeld: { reference: 'X-2020-ABC', reviewType: 'cpc', onsiteEnd: '2020-05-01', precision: 'day', rules: [] },
    booked: null,
    expectation: { label: 'A corporate, finance or governance peer challenge every five years', period: { years: 5 } },
    holidays,
  })
  assert.equal(c.nextDue, '2025-05-01')
  assert.equal(c.basis, 'A corporate, finance or governance peer challenge every five years, from X-2020-ABC')
})

test('what counts towards the cycle is decided by the date: a finance review in 2017, not in 2022, again from 2023', () => {
  const counts = (type: string, on: string) =>
    ref.cycleRules.some((r) => r.reviewTypes.includes(type) && ruleInForce(r, on))
  // Oadby and Wigston's 2017 report: "a Corporate Peer Challenge or Finance Peer Review every 4 to 5 years".
  assert.equal(counts('fpc', '2017-03-21'), true)
  // The 2022-March 2024 LGA page: a CPC at least every five years.
  assert.equal(counts('fpc', '2022-06-01'), false)
  assert.equal(counts('gpc', '2023-03-31'), false)
  // The 2023/24 programme: a CPC, an FPC or a GPC.
  assert.equal(counts('fpc', '2023-04-01'), true)
  assert.equal(counts('gpc', '2024-06-01'), true)
  assert.equal(counts('progress-review', '2024-06-01'), false)
  for (const on of ['2014-01-01', '2019-06-01', '2022-01-01', '2023-04-01', '2026-11-23'])
    assert.equal(counts('cpc', on), true, `a CPC counts on ${on}`)
  // The windows follow one another without a gap or an overlap, each date with a source.
  const sorted = [...ref.cycleRules].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!
    const day = new Date(`${prev.effectiveTo}T00:00:00Z`)
    day.setUTCDate(day.getUTCDate() + 1)
    assert.equal(day.toISOString().slice(0, 10), sorted[i]!.effectiveFrom, `${prev.code} then ${sorted[i]!.code}`)
    assert.ok((prev.effectiveToSource ?? '').length > 20)
  }
  for (const r of ref.cycleRules) assert.ok(r.effectiveFromSource.length > 20 && r.source.length > 20, r.code)
})
