import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, TODAY, type Client, type TestEnv } from '../testing/harness.ts'

/**
 * No false alarm for the five councils whose real documents the demo replays (src/demo/seed.ts HISTORY; the seed
 * documents in ../shared/seeds): the programme dashboard and each challenge's deadlines show only what the rules in
 * force at the time of its visit required, with what the documents say happened. Every expected item has its reason.
 * The demo is as at TODAY (23 November 2026).
 */

let env: TestEnv
let admin: Client
let programme: {
  overdue: Cycled[]
  dueSoon: Cycled[]
  noRecord: Cycled[]
  deadlines: { reference: string; councilName: string; code: string; status: string; due: string }[]
}
interface Cycled {
  code: string
  cycle: {
    nextDue: string
    ruleDue: string | null
    status: string
    basis: string
    booked: { reference: string } | null
  }
}
interface Deadline {
  code: string
  status: string
  due: string | null
  ruleDue: string | null
  counts: string
  basis: string | null
  summary: string
  carriedBy: string | null
}

const NAMES: Record<string, string> = {
  LBH: 'Lambeth',
  OAD: 'Oadby and Wigston',
  TES: 'Test Valley',
  BLA: 'Blaby',
  NWL: 'North West Leicestershire',
}

before(async () => {
  env = await demoEnv()
  admin = await as(env.app, 'admin')
  const res = await admin.get('/api/programme')
  assert.equal(res.statusCode, 200)
  programme = res.json()
})
after(async () => env.close())

/** Everything the dashboard raises about a council: its place in the cycle and its challenges' deadlines. */
function dashboardItems(council: string): string[] {
  const items: string[] = []
  for (const list of ['overdue', 'dueSoon'] as const)
    for (const c of programme[list]) if (c.code === council) items.push(`cycle ${list} by ${c.cycle.nextDue}`)
  if (programme.noRecord.some((c) => c.code === council)) items.push('cycle no-record')
  for (const d of programme.deadlines)
    if (d.councilName.includes(NAMES[council]!)) items.push(`${d.reference} ${d.code} ${d.status}`)
  return items.sort()
}

async function deadlinesOf(reference: string): Promise<Record<string, Deadline>> {
  const res = await admin.get(`/api/challenges/${await challengeId(env.db, reference)}`)
  assert.equal(res.statusCode, 200)
  return Object.fromEntries((res.json().private.deadlines as Deadline[]).map((d) => [d.code, d]))
}
/** The deadlines of a challenge that raise anything: overdue or due. */
const live = (ds: Record<string, Deadline>) =>
  Object.values(ds)
    .filter((d) => d.status === 'overdue' || d.status === 'due')
    .map((d) => `${d.code} ${d.status}`)
    .sort()

test('the demo is as at the day these expectations were worked out', () => {
  assert.equal(TODAY, '2026-11-23')
})

test('Lambeth, October 2016: only the next challenge, due five years on; no progress review then', async () => {
  // The 2016 rules: a follow-up visit offered (its report: "within the next 12-24 months"), publication at the
  // council's choice, a CPC or finance peer review every four to five years (counted as five). No progress review
  // existed then, nor a six-month check-in (from 2019). No later review of Lambeth is recorded, so the cycle is overdue.
  assert.deepEqual(dashboardItems('LBH'), ['cycle overdue by 2021-10-07'])
  const d = await deadlinesOf('CPC-2016-LBH')
  assert.deepEqual(Object.keys(d), ['follow-up-visit', 'next-review'])
  assert.deepEqual(live(d), ['next-review overdue'])
  // The follow-up visit was an offer: not taken up, it lapsed; it is not overdue.
  assert.equal(d['follow-up-visit']!.status, 'lapsed')
})

test('Oadby and Wigston, March 2017: the next challenge due by November 2021, as its report states', async () => {
  // The report: "It is therefore anticipated that the Council will commission their next Peer Challenge before
  // November 2021"; the rule then in force gives five years (23 March 2022). The stated date counts; both are shown.
  assert.deepEqual(dashboardItems('OAD'), ['cycle overdue by 2021-11-30'])
  const cycled = programme.overdue.find((c) => c.code === 'OAD')!
  assert.equal(cycled.cycle.ruleDue, '2022-03-23')
  assert.match(
    cycled.cycle.basis,
    /due by November 2021 \(stated in the report; the rule then in force gives 23 March 2022\)/,
  )
  const d = await deadlinesOf('CPC-2017-OAD')
  assert.deepEqual(Object.keys(d), ['follow-up-visit', 'next-review'])
  assert.deepEqual(live(d), ['next-review overdue'])
  assert.deepEqual(
    [d['next-review']!.due, d['next-review']!.ruleDue, d['next-review']!.counts],
    ['2021-11-30', '2022-03-23', 'stated'],
  )
  // The follow-up visit ("within the next 2 years", timed by the council) was an offer: lapsed, not overdue.
  assert.equal(d['follow-up-visit']!.status, 'lapsed')
})

test('Test Valley, October 2018: no progress review then; the council reported its own progress in February 2020', async () => {
  // The 2016 rules (the visit is known only to the month): the follow-up visit offered (not taken up: lapsed), the next
  // challenge five years on (31 October 2023, approximate), and no check-in (from 2019) nor progress review (from
  // April 2022). The Cabinet's progress report of 12 February 2020 met no rule because none asked for one.
  // Overdue in the cycle, with the next CPC booked (CPC-2027-TES, next quarter); that CPC, under the strengthened
  // model, needs the position statement three weeks before its visit and the data pack and finance briefing two:
  // all due within the dashboard's 60 days.
  assert.deepEqual(dashboardItems('TES'), [
    'CPC-2027-TES data-pack due',
    'CPC-2027-TES finance-briefing due',
    'CPC-2027-TES position-statement due',
    'cycle overdue by 2023-10-31',
  ])
  assert.equal(programme.overdue.find((c) => c.code === 'TES')!.cycle.booked?.reference, 'CPC-2027-TES')
  const d = await deadlinesOf('CPC-2018-TES')
  assert.deepEqual(Object.keys(d), ['follow-up-visit', 'next-review'])
  assert.deepEqual(live(d), ['next-review overdue'])
  const page = await admin.get(`/challenges/${await challengeId(env.db, 'CPC-2018-TES')}/documents`)
  assert.match(page.body, /action plan progress report \(Cabinet, 12 February 2020\)/)
})

test('Blaby, March 2022: the six-month check-in it was promised, held; no progress review overdue', async () => {
  // Its report: "The CPC process includes a six-month check-in session". The progress review applies to visits from
  // April 2022, so none is due; the check-in (CHECKIN-2022-BLA, 4 October 2022) meets the offer. The report and the
  // action plan were published within three months (15 June 2022). The next challenge is due within five years
  // (25 March 2027): within 12 months, so "due soon", not an alarm of a missed deadline.
  assert.deepEqual(dashboardItems('BLA'), ['cycle dueSoon by 2027-03-25'])
  const d = await deadlinesOf('CPC-2022-BLA')
  assert.deepEqual(Object.keys(d), [
    'report-published',
    'action-plan-published',
    'action-plan-latest',
    'six-month-check-in',
    'next-review',
  ])
  assert.deepEqual(live(d), ['next-review due'])
  assert.equal(d['six-month-check-in']!.summary, 'Met on 4 October 2022')
  assert.deepEqual(live(await deadlinesOf('CHECKIN-2022-BLA')), [])
  // Not the "progress review overdue by 1405 days" of before, on the page either.
  const html = (await admin.get('/programme')).body
  assert.doesNotMatch(html, /CPC-2022-BLA/)
})

test('North West Leicestershire, June 2024: the progress review the strengthened model requires, requested but not held', async () => {
  // Under the strengthened model (visits from April 2024) a progress review was due about ten months on (28 April
  // 2025) and its report by 12 months (28 June 2025). The demo has it requested (PR-2025-NWL), never held: two real
  // items, listed once, under the progress review that now carries them. The pre-visit milestones were not recorded
  // before the visit: lapsed, not overdue. The report went to Cabinet on 17 December 2024, late (met late, not an
  // alarm now); the LGA published it too. The next challenge is due in 2029: in date.
  assert.deepEqual(dashboardItems('NWL'), ['PR-2025-NWL held overdue', 'PR-2025-NWL report-published overdue'])
  const d = await deadlinesOf('CPC-2024-NWL')
  assert.deepEqual(live(d), ['next-review due', 'progress-review overdue', 'progress-review-report overdue'])
  assert.equal(d['progress-review']!.carriedBy, 'PR-2025-NWL')
  for (const code of ['position-statement', 'data-pack', 'finance-briefing']) assert.equal(d[code]!.status, 'lapsed')
  assert.equal(d['report-published']!.status, 'met-late')
  assert.equal(d['lga-published']!.status, 'met')
  const pr = await deadlinesOf('PR-2025-NWL')
  assert.deepEqual(live(pr), ['held overdue', 'report-published overdue'])
  assert.equal(pr['held']!.due, '2025-04-28')
})
