import type { Db } from '../db/db.ts'
import { addDays, type IsoDate } from '../common/dates.ts'
import { rng, weightedPick } from './synthetic.ts'
import { vocabulary } from './rules-data.ts'

/**
 * A fictional demo pool: about 150 peers with roles, parties, councils, expertise, days offered and some unavailable
 * dates, plus profiles for the demo team members already on challenges. Deterministic, so the demo looks the same.
 */

const FIRST = [
  'Aisha',
  'Ben',
  'Carys',
  'Dev',
  'Eleanor',
  'Femi',
  'Grace',
  'Hamza',
  'Isla',
  'Jon',
  'Kiran',
  'Laura',
  'Marcus',
  'Nadia',
  'Owen',
  'Pippa',
  'Rashid',
  'Sian',
  'Tom',
  'Uma',
  'Victor',
  'Wendy',
  'Yusuf',
  'Zoe',
  'Gareth',
  'Helen',
  'Imran',
  'Julia',
  'Keith',
  'Lena',
]
const LAST = [
  'Ahmed',
  'Barnes',
  'Clarke',
  'Davies',
  'Evans',
  'Fraser',
  'Green',
  'Hussain',
  'Ibbotson',
  'Jones',
  'Khan',
  'Lewis',
  'Mason',
  'Noor',
  "O'Brien",
  'Price',
  'Quinn',
  'Robinson',
  'Singh',
  'Taylor',
  'Underwood',
  'Vaughan',
  'Walker',
  'Young',
]
const PARTIES: [string, number][] = [
  ['Conservative', 0.33],
  ['Labour', 0.37],
  ['Liberal Democrat', 0.16],
  ['Independent', 0.09],
  ['Green', 0.05],
]
const OFFICER_TITLES: Record<string, string> = {
  'chief-executive': 'Chief Executive',
  director: 'Director',
  s151: 'Director of Finance (S151)',
  'monitoring-officer': 'Director of Law and Governance',
  'head-of-service': 'Head of Service',
}
const MEMBER_TITLES: Record<string, string> = {
  leader: 'Leader',
  'deputy-leader': 'Deputy Leader',
  'cabinet-member': 'Cabinet Member',
  'committee-chair': 'Chair of Scrutiny',
  councillor: 'Councillor',
}
const ORGS = [
  'Northfield District Council',
  'Eastbrook Borough Council',
  'Westshire County Council',
  'Southport City Council',
  'Riverside Metropolitan Borough Council',
  'Hillcrest Council',
  'Lakeside Unitary Council',
  'Greenvale District Council',
]

export async function seedDemoPool(db: Db, today: IsoDate): Promise<void> {
  const r = rng(2026)
  const expertiseKeys = vocabulary().expertise.map((e) => e.key)
  const typeKeys = vocabulary().councilTypes.map((t) => t.key)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
  const councils = await db.query<{ id: number; code: string }>(`select id, code from councils order by code`)
  // The demo team members already on challenges get profiles (so the assembler can complete Harlow's team).
  const known: [
    string,
    Partial<{ role: string; expertise: string[]; council: string | null; days: number; types: string[] }>,
  ][] = [
    [
      'Sam Okafor',
      { role: 'chief-executive', expertise: ['transformation', 'regeneration'], days: 20, types: ['NMD', 'UA'] },
    ],
    ['Priya Shah', { role: 'pcm', expertise: ['governance', 'performance'], days: 80, types: ['NMD', 'CTY', 'UA'] }],
    ['Alex Turner', { role: 'leader', expertise: ['regeneration', 'housing'], days: 15, types: ['NMD'] }],
    ['Chris Patel', { role: 'deputy-leader', expertise: ['finance', 'climate'], days: 12, types: ['CTY'] }],
    ['Dana Brooks', { role: 's151', expertise: ['finance', 'governance'], days: 12, types: ['UA', 'MD'] }],
    ['Evan Hughes', { role: 'director', expertise: ['housing', 'regeneration'], days: 10, types: ['NMD'] }],
  ]
  for (const [name, k] of known) {
    await db.query(
      `update people set role = $2, expertise = $3, days_offered = $4, council_types = $5, accredited_on = '2023-03-01', trained_on = '2025-10-01', in_pool = true, updated_at = now() where name = $1`,
      [name, k.role, k.expertise, k.days, k.types],
    )
  }
  await db.query(`update people set region = 'East Midlands' where name in ('Sam Okafor', 'Evan Hughes')`)
  const rows: unknown[][] = []
  const used = new Set<string>()
  for (let i = 0; i < 150; i++) {
    let name = `${pick(FIRST)} ${pick(LAST)}`
    while (used.has(name)) name = `${pick(FIRST)} ${pick(LAST)}`
    used.add(name)
    const x = r()
    const kind = x < 0.45 ? 'member' : x < 0.93 ? 'officer' : 'lga'
    const party = kind === 'member' ? weightedPick(r, PARTIES, 'Independent') : null
    const role =
      kind === 'lga'
        ? 'pcm'
        : kind === 'member'
          ? pick(['leader', 'deputy-leader', 'cabinet-member', 'cabinet-member', 'committee-chair', 'councillor'])
          : pick([
              'chief-executive',
              'chief-executive',
              'director',
              'director',
              's151',
              's151',
              'monitoring-officer',
              'head-of-service',
            ])
    const council = kind !== 'lga' && r() < 0.35 ? pick(councils) : null
    const expertise = [
      ...new Set([
        pick(expertiseKeys),
        pick(expertiseKeys),
        ...(role === 's151' ? ['finance'] : []),
        ...(role === 'monitoring-officer' ? ['governance'] : []),
      ]),
    ]
    const title =
      kind === 'lga' ? 'Peer Challenge Manager' : kind === 'member' ? MEMBER_TITLES[role]! : OFFICER_TITLES[role]!
    const organisation = kind === 'lga' ? 'Local Government Association' : council ? null : pick(ORGS)
    const former =
      kind === 'officer' && role === 'director' && r() < 0.25
        ? { role: 'chief-executive', until: addDays(today, -Math.floor(r() * 1500)) }
        : null
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@peers.example.gov.uk`
    rows.push([
      name,
      email,
      title,
      organisation,
      kind,
      party,
      role,
      former?.role ?? null,
      former?.until ?? null,
      council?.id ?? null,
      [pick(typeKeys), pick(typeKeys)].filter((t, j, a) => a.indexOf(t) === j),
      expertise,
      r() < 0.93 ? '2023-06-01' : null,
      kind === 'lga' ? 80 : pick([6, 8, 10, 12, 15, 20]),
    ])
  }
  for (const row of rows) {
    const id = (await db.one<{ id: number }>(
      `insert into people (name, email, title, organisation, kind, party, role, former_role, former_role_until, council_id, council_types, expertise, accredited_on, days_offered, in_pool, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, true, now(), now()) returning id`,
      row,
    ))!.id
    if (r() < 0.2) {
      const from = addDays(today, 20 + Math.floor(r() * 150))
      await db.query(
        `insert into peer_unavailability (person_id, from_date, to_date, note) values ($1, $2, $3, 'leave')`,
        [id, from, addDays(from, 4 + Math.floor(r() * 10))],
      )
    }
    if (r() < 0.08) {
      await db.query(
        `insert into peer_relationships (person_id, council_id, type, from_date, to_date, note, created_at) values ($1, $2, 'employer', '2015-04-01', $3, 'previous post', now())`,
        [id, pick(councils).id, addDays(today, -Math.floor(r() * 3000))],
      )
    }
  }
  // Leicestershire districts that border each other, and a shared service (fictional pairing for the demo).
  const code = (c: string) => councils.find((x) => x.code === c)?.id
  for (const [a, b, kind] of [
    ['BLA', 'OAD', 'neighbour'],
    ['BLA', 'HIN', 'neighbour'],
    ['MEL', 'CHA', 'neighbour'],
    ['NWL', 'HIN', 'neighbour'],
    ['HIN', 'BLA', 'shared-service'],
    ['CHL', 'HAR', 'neighbour'],
  ] as const) {
    const x = code(a)
    const y = code(b)
    if (x && y)
      await db.query(
        `insert into council_links (council_id, other_id, kind) values ($1, $2, $3) on conflict do nothing`,
        [Math.min(x, y), Math.max(x, y), kind],
      )
  }
}
