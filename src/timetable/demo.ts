import type { Db } from '../db/db.ts'
import { visitDays } from './service.ts'
import type { ChallengeRow } from '../challenges/service.ts'

/**
 * Demo data for a visit that has happened (fictional): a published programme of 42 meetings over three days, laid out
 * by hand the way a coordinator would (two mixed pairs and one single peer at a time, clear of lunch, the wash-up and the
 * last day's preparation), the team's notes, and the first draft of the report, saved before it went to the council.
 * The timetable tests check this programme with the independent checker.
 */

const FIRST = [
  'Aisha',
  'Ben',
  'Carys',
  'Dev',
  'Ella',
  'Femi',
  'Grace',
  'Harry',
  'Imogen',
  'Jon',
  'Kiran',
  'Lucy',
  'Mo',
  'Nia',
  'Owen',
  'Pat',
  'Rosa',
  'Sunil',
  'Tess',
  'Umar',
  'Vicky',
  'Will',
]
const LAST = [
  'Adams',
  'Bell',
  'Clarke',
  'Dunn',
  'Evans',
  'Fox',
  'Gill',
  'Hart',
  'Iqbal',
  'Jones',
  'Khan',
  'Lowe',
  'Moss',
  'Nash',
  'Owen',
  'Price',
]
const SLOTS = [
  ['09:00', '10:00'],
  ['10:15', '11:15'],
  ['11:30', '12:30'],
  ['13:30', '14:30'],
  ['14:45', '15:45'],
  ['16:00', '17:00'],
] as const
const TRACKS: { title: string; group: string; themes: string[]; role: string }[] = [
  { title: 'Cabinet member', group: 'councillors', themes: ['priorities', 'leadership'], role: 'Cabinet member' },
  { title: 'Service managers', group: 'leadership', themes: ['capacity', 'governance'], role: 'Service manager' },
  { title: 'Staff focus group', group: 'staff', themes: ['capacity'], role: 'Officer' },
  { title: 'Partner', group: 'partners', themes: ['leadership'], role: 'Partner organisation' },
  { title: 'Scrutiny member', group: 'councillors', themes: ['governance'], role: 'Councillor' },
  { title: 'Finance team', group: 'leadership', themes: ['finance'], role: 'Finance officer' },
  { title: 'Community group', group: 'community', themes: ['priorities'], role: 'Community representative' },
]

export async function seedDemoVisit(db: Db, ch: ChallengeRow, at: Date): Promise<void> {
  const days = visitDays(ch)
  const team = await db.query<{ personId: number; kind: string; role: string }>(
    `select t.person_id as "personId", p.kind, t.role from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 order by t.position, t.id`,
    [ch.id],
  )
  const members = team.filter((m) => m.kind === 'member').map((m) => m.personId)
  const others = team.filter((m) => m.kind !== 'member').map((m) => m.personId)
  // Two mixed pairs; the remaining peers take one-to-one meetings alone.
  const pairs = [
    [members[0]!, others[0]!],
    [members[1]!, others[1]!],
  ]
  const singles = others.slice(2)
  const main = (await db.one<{ id: number }>(
    `insert into visit_sites (challenge_id, name, is_main) values ($1, 'Parkside, Melton Mowbray', true) returning id`,
    [ch.id],
  ))!.id
  let person = 0
  const newAttendee = async (group: string, role: string) => {
    const name = `${FIRST[person % FIRST.length]} ${LAST[Math.floor(person / FIRST.length) % LAST.length]}`
    person++
    return (await db.one<{ id: number }>(
      `insert into visit_attendees (challenge_id, name, role_title, stakeholder_group) values ($1, $2, $3, $4) returning id`,
      [ch.id, name, role, group],
    ))!.id
  }
  const t = (await db.one<{ id: number }>(
    `insert into timetables (challenge_id, rules_code, status, solver, created_at, published_at, published_number) values ($1, 'cpc-onsite-2024', 'published', $2, $3, $3, 1) returning id`,
    [ch.id, JSON.stringify({ status: 'entered', seconds: 0, stages: [], inputsHash: '', understaffed: [] }), at],
  ))!.id
  let n = 0
  for (const [d, day] of days.entries()) {
    const slots = d === days.length - 1 ? SLOTS.slice(0, 2) : SLOTS
    for (const [s, [starts, ends]] of slots.entries()) {
      const peersFor = [pairs[0]!, pairs[1]!, [singles[(s + d) % singles.length]!]]
      for (const [k, peers] of peersFor.entries()) {
        const track = TRACKS[n % TRACKS.length]!
        n++
        const size = track.group === 'staff' || track.group === 'community' ? 4 : 1 + (n % 2)
        const who: number[] = []
        for (let i = 0; i < size; i++) who.push(await newAttendee(track.group, track.role))
        const sid = (await db.one<{ id: number }>(
          `insert into visit_sessions (challenge_id, title, kind, minutes, site_id, room, themes, stakeholder_group, peers_wanted, created_at)
           values ($1, $2, $3, 60, $4, $5, $6, $7, $8, $9) returning id`,
          [
            ch.id,
            `${track.title} ${n}`,
            size > 2 ? 'focus-group' : 'interview',
            main,
            ['Committee Room 1', 'Committee Room 2', 'Members’ Room'][k],
            track.themes,
            track.group,
            peers.length === 1 ? 1 : null,
            at,
          ],
        ))!.id
        for (const a of who)
          await db.query(`insert into visit_session_attendees (session_id, attendee_id) values ($1, $2)`, [sid, a])
        await db.query(
          `insert into timetable_placements (timetable_id, session_id, day, starts, ends, peers) values ($1, $2, $3, $4, $5, $6)`,
          [t, sid, day, starts, ends, [...peers].sort((a, b) => a - b)],
        )
      }
    }
  }
  const leadId = team.find((m) => m.role === 'lead-peer')!.personId
  const pcmId = team.find((m) => m.role === 'pcm')?.personId ?? leadId
  const notes: [number, string[], string, string][] = [
    [
      leadId,
      ['priorities'],
      'strength',
      'The council plan sets out clear priorities that councillors across parties recognise and can describe.',
    ],
    [
      leadId,
      ['leadership'],
      'strength',
      'Partners describe the leader and chief executive as visible, approachable and trusted.',
    ],
    [leadId, ['governance'], 'improve', 'Staff and some councillors are unclear how and where key decisions are made.'],
    [
      pcmId,
      ['finance'],
      'improve',
      'The medium-term financial strategy relies on reserves from 2028 without fully worked-up savings.',
    ],
    [pcmId, ['finance'], 'strength', 'Budget monitoring is timely and well understood by the cabinet.'],
    [pcmId, ['capacity'], 'strength', 'Staff are proud to work for Melton and speak highly of their managers.'],
    [
      leadId,
      ['capacity'],
      'improve',
      'Capacity for housing delivery and reorganisation work is thin: a few key people carry a lot.',
    ],
    [
      pcmId,
      ['priorities', 'capacity'],
      'improve',
      'Housing delivery is behind the local plan trajectory and lacks a delivery plan with milestones.',
    ],
  ]
  for (const [author, themes, polarity, text] of notes)
    await db.query(
      `insert into evidence_notes (challenge_id, author_person_id, themes, polarity, text, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)`,
      [ch.id, author, themes, polarity, text, at],
    )
}

/** The first draft of the demo report, as the team wrote it after the visit (fictional). */
export const DEMO_REPORT = {
  executiveSummary:
    'Melton Borough Council is a well-run council with a strong sense of place and a clear plan. Councillors and officers work well together, partners trust the council’s leadership, and staff are proud to work for it.\n\nThe council now needs to plan for the years after 2028, when its reserves will no longer bridge the gap between what it spends and what it receives, and to put the same energy into delivering housing as it has into planning for it. Local government reorganisation in Leicestershire will test the council’s capacity: it should prepare now, with a dedicated programme.',
  'theme-priorities':
    'The council plan sets out clear priorities that councillors across parties recognise and can describe. Residents’ views informed them.\n\nHousing delivery is behind the local plan trajectory. A delivery plan with milestones and clear accountability would help the council and its partners keep to it.',
  'theme-leadership':
    'Partners describe the leader and the chief executive as visible, approachable and trusted. The council punches above its weight in county-wide partnerships.',
  'theme-governance':
    'Decision-making is sound and lawful. Staff and some councillors are nevertheless unclear how and where key decisions are made; scrutiny could focus more on the council’s priorities.',
  'theme-finance':
    'Budget monitoring is timely and well understood by the cabinet. The medium-term financial strategy relies on reserves from 2028 without fully worked-up savings options.',
  'theme-capacity':
    'Staff are proud to work for Melton and speak highly of their managers. Capacity for housing delivery and reorganisation work is thin: a few key people carry a lot.',
  'focus-0': 'The local plan is sound; delivery now needs a plan of its own.',
  'focus-1': 'The council should prepare for reorganisation with a dedicated programme and clear capacity.',
  nextSteps:
    'The LGA’s principal adviser for the East Midlands will stay in touch and can arrange support on the medium-term financial strategy.',
  note: 'First draft for the factual accuracy check',
}
