import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type Client, type TestEnv } from '../testing/harness.ts'

// The programme calendar through HTTP as each role: what each sees comes from the policy's scopes (the same
// challenges as their challenge list; deadlines only where they have the challenge's private side).

type Role = 'public' | 'admin' | 'lead' | 'melton' | 'nwl'
let env: TestEnv
const clients = {} as Record<Role, Client>
before(async () => {
  env = await demoEnv()
  for (const r of ['public', 'admin', 'lead', 'melton', 'nwl'] as Role[]) clients[r] = await as(env.app, r)
})
after(async () => env?.close())

interface Item {
  kind: string
  challengeId: number
  reference: string
  label: string
  status: string | null
}
interface Cal {
  month: string
  weeks: ({ date: string; items: Item[]; bankHoliday: string | null; weekend: boolean } | null)[][]
  monthOnly: Item[]
  counts: Record<string, number>
}
const itemsOf = (c: Cal) => [...c.weeks.flat().flatMap((d) => d?.items ?? []), ...c.monthOnly]

/** The months with something on them for the programme office, from the demo data's visits. */
async function busyMonths(): Promise<string[]> {
  const rows = await env.db.query<{ m: string }>(
    `select distinct to_char(onsite_start, 'YYYY-MM') as m from challenges where onsite_start is not null order by 1`,
  )
  return rows.map((r) => r.m)
}

test('each role sees on the calendar only the challenges of its own challenge list, and deadlines only with the private side', async () => {
  const months = await busyMonths()
  assert.ok(months.length >= 3, `demo visits in ${months.join(', ')}`)
  const seen: Record<Role, Set<string>> = {
    public: new Set(),
    admin: new Set(),
    lead: new Set(),
    melton: new Set(),
    nwl: new Set(),
  }
  for (const role of Object.keys(clients) as Role[]) {
    const list = await clients[role].get('/api/challenges')
    assert.equal(list.statusCode, 200)
    const visible = new Map(
      (list.json() as { items: { id: number; reference: string }[] }).items.map((c) => [c.id, c.reference]),
    )
    for (const m of months) {
      const res = await clients[role].get(`/api/calendar?month=${m}`)
      assert.equal(res.statusCode, 200, res.body.slice(0, 200))
      for (const i of itemsOf(res.json() as Cal)) {
        assert.ok(visible.has(i.challengeId), `${role} sees ${i.reference} on the calendar but not in the list`)
        seen[role].add(`${i.kind} ${i.reference}`)
      }
    }
  }
  const refs = (role: Role, kind: string) =>
    [...seen[role]].filter((s) => s.startsWith(kind + ' ')).map((s) => s.slice(kind.length + 1))
  // the programme office sees every visit on record, and deadlines
  const allVisits = await env.db.query<{ reference: string }>(
    `select reference from challenges where onsite_start is not null and stage <> 'cancelled'`,
  )
  assert.deepEqual(refs('admin', 'visit').sort(), allVisits.map((r) => r.reference).sort())
  assert.ok(refs('admin', 'deadline').length > 0, 'the programme office sees deadlines')
  // the public: published challenges' visits, never a deadline
  const published = await env.db.query<{ reference: string }>(
    `select reference from challenges where onsite_start is not null and report_public_from <= $1 and stage <> 'cancelled'`,
    [env.clock.today()],
  )
  assert.ok(published.length > 0)
  assert.deepEqual(refs('public', 'visit').sort(), published.map((r) => r.reference).sort())
  assert.deepEqual(refs('public', 'deadline'), [])
  // Melton's officer: Melton's deadlines and no other council's
  assert.ok(refs('melton', 'deadline').includes('CPC-2026-MEL'))
  assert.deepEqual(
    refs('melton', 'deadline').filter((r) => !r.endsWith('-MEL')),
    [],
  )
  assert.ok(refs('melton', 'visit').includes('CPC-2026-MEL'), 'its own visit, not yet published')
  assert.ok(!refs('nwl', 'visit').includes('CPC-2026-MEL'), 'another council’s unpublished visit is not shown')
  // the lead peer: deadlines of the team's challenges only
  const leadTeams = await env.db.query<{ reference: string }>(
    `select c.reference from challenges c join team_members tm on tm.challenge_id = c.id join people p on p.id = tm.person_id
       join users u on u.person_id = p.id where u.email = 'lead.peer@example.gov.uk'`,
  )
  const teams = new Set(leadTeams.map((r) => r.reference))
  assert.ok(refs('lead', 'deadline').length > 0)
  assert.deepEqual(
    refs('lead', 'deadline').filter((r) => !teams.has(r)),
    [],
  )
})

test('the Melton visit on its days, with the feedback day; the page is a table with a caption and column headers', async () => {
  const mel = await challengeId(env.db, 'CPC-2026-MEL')
  const row = (await env.db.one<{ s: string; e: string; f: string | null }>(
    `select onsite_start::text as s, onsite_end::text as e, feedback_date::text as f from challenges where id = $1`,
    [mel],
  ))!
  const month = row.s.slice(0, 7)
  const cal = (await clients.admin.get(`/api/calendar?month=${month}`)).json() as Cal
  const days = cal.weeks.flat().filter((d) => d !== null)
  const visitDays = days.filter((d) => d.items.some((i) => i.kind === 'visit' && i.challengeId === mel))
  assert.equal(visitDays[0]!.date, row.s)
  if (row.e.slice(0, 7) === month) assert.equal(visitDays.at(-1)!.date, row.e)
  if (row.f)
    assert.deepEqual(
      days.filter((d) => d.items.some((i) => i.kind === 'feedback' && i.challengeId === mel)).map((d) => d.date),
      [row.f],
    )
  const html = await clients.admin.get(`/calendar?month=${month}`)
  assert.equal(html.statusCode, 200)
  assert.match(html.body, /<caption class="govuk-table__caption govuk-table__caption--m">\w+ \d{4}<\/caption>/)
  assert.equal(html.body.match(/<th scope="col"/g)?.length, 7)
  assert.match(html.body, /class="app-table-scroll" role="region" aria-label="Calendar for /)
  assert.match(html.body, new RegExp(`href="/challenges/${mel}">CPC-2026-MEL</a> On site \\(day 1 of`))
  assert.match(html.body, /rel="prev"|Previous month/)
})

test('December 2026 marks Christmas and Boxing Day; this month is the default; a bad month is a clear 400 and the page says why', async () => {
  const dec = (await clients.public.get('/api/calendar?month=2026-12')).json() as Cal
  assert.deepEqual(
    dec.weeks
      .flat()
      .filter((d) => d?.bankHoliday)
      .map((d) => d!.date),
    ['2026-12-25', '2026-12-28'],
  )
  const now = (await clients.public.get('/api/calendar')).json() as Cal
  assert.equal(now.month, env.clock.today().slice(0, 7))
  for (const bad of ['2026-13', 'December', '1999-12']) {
    const api = await clients.public.get(`/api/calendar?month=${encodeURIComponent(bad)}`)
    assert.equal(api.statusCode, 400)
    assert.equal(
      (api.json() as { fields: Record<string, string> }).fields['month'],
      'Enter the month as a year and month, like 2026-12',
    )
    const page = await clients.public.get(`/calendar?month=${encodeURIComponent(bad)}`)
    assert.equal(page.statusCode, 400)
    assert.match(page.body, /Enter the month as a year and month, like 2026-12/)
  }
})

test('the programme page links to the calendar', async () => {
  const res = await clients.admin.get('/programme')
  assert.match(res.body, /href="\/calendar">Programme calendar<\/a>/)
})
