import { stringify } from 'csv-stringify/sync'
import { rng } from '../peers/synthetic.ts'
import type { Attendee, Session, TeamPeer, Visit } from './model.ts'

/** A deterministic synthetic visit for tests and the benchmark: sessions, the people invited, a team of peers. */

/** The 2024 framework's theme keys. */
const THEMES = ['priorities', 'leadership', 'governance', 'finance', 'capacity']
const GROUPS = [
  'Cabinet',
  'Opposition members',
  'Senior managers',
  'Staff',
  'Partners',
  'Residents and community',
  'Scrutiny',
]

export function syntheticVisit(opts: { sessions?: number; peers?: number; days?: number; seed?: number } = {}) {
  const r = rng(opts.seed ?? 7)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
  const days = opts.days ?? 4
  const visit: Visit = {
    days: Array.from({ length: days }, (_, i) => `2027-02-${String(2 + i).padStart(2, '0')}`),
    mainSite: 'Town Hall',
    travel: { 'Town Hall': { Depot: 30, 'Leisure Centre': 15 } },
  }
  const attendees: Attendee[] = []
  const sessions: Session[] = []
  const n = opts.sessions ?? 110
  for (let i = 1; i <= n; i++) {
    const x = r()
    const kind = x < 0.7 ? 'interview' : x < 0.92 ? 'focus-group' : 'site-visit'
    const group = pick(GROUPS)
    const invited: number[] = []
    const count = kind === 'interview' ? 1 + Math.floor(r() * 2) : 4 + Math.floor(r() * 6)
    for (let k = 0; k < count; k++) {
      // Senior people are in several sessions; others once.
      const reuse = attendees.filter((a) => a.group === group)
      if (reuse.length && r() < 0.3) invited.push(pick(reuse).id)
      else {
        const id = attendees.length + 1
        const busyDay = Math.floor(r() * days)
        attendees.push({
          id,
          name: `Person ${id}`,
          group,
          unavailable: r() < 0.35 ? [{ day: busyDay, from: '08:30', to: r() < 0.5 ? '12:30' : '18:00' }] : [],
        })
        invited.push(id)
      }
    }
    sessions.push({
      id: i,
      title: `${kind === 'interview' ? 'Interview' : kind === 'focus-group' ? 'Focus group' : 'Site visit'}: ${group} ${i}`,
      kind,
      minutes: kind === 'interview' ? pick([45, 60, 60]) : kind === 'focus-group' ? 60 : 90,
      site: kind === 'site-visit' ? pick(['Depot', 'Leisure Centre']) : 'Town Hall',
      room:
        kind === 'site-visit'
          ? null
          : pick(['Committee Room 1', 'Committee Room 2', 'Committee Room 3', 'Members Room', 'Room 4']),
      attendees: [...new Set(invited)],
      themes: [pick(THEMES), ...(r() < 0.5 ? [pick(THEMES)] : [])].filter((t, j, a) => a.indexOf(t) === j),
    })
  }
  const nPeers = opts.peers ?? 7
  const peers: TeamPeer[] = []
  for (let i = 1; i <= nPeers; i++) {
    const kind = i === nPeers ? 'lga' : i % 2 === 0 ? 'member' : 'officer'
    peers.push({ id: i, name: `Peer ${i}`, kind, leadThemes: [THEMES[(i - 1) % THEMES.length]!], unavailable: [] })
  }
  return { visit, sessions, attendees, peers, themes: THEMES }
}

const STAKEHOLDER: Record<string, string> = {
  Cabinet: 'councillors',
  'Opposition members': 'councillors',
  Scrutiny: 'councillors',
  'Senior managers': 'leadership',
  Staff: 'staff',
  Partners: 'partners',
  'Residents and community': 'community',
}

/** The same synthetic visit as the import file a council coordinator would upload, on real dates. */
export function syntheticProgrammeCsv(opts: { dates: string[]; sessions: number; seed?: number }): string {
  const v = syntheticVisit({ sessions: opts.sessions, days: opts.dates.length, peers: 6, seed: opts.seed })
  const who = new Map(v.attendees.map((a) => [a.id, a]))
  const rows = v.sessions.map((s) => [
    s.title,
    s.kind,
    String(s.minutes),
    s.site,
    s.room ?? '',
    s.themes.join('; '),
    STAKEHOLDER[s.title.replace(/^[^:]+: /, '').replace(/ \d+$/, '')] ?? 'staff',
    s.attendees
      .map((id) => {
        const a = who.get(id)!
        const away = a.unavailable.map((w) => `${opts.dates[w.day]} ${w.from}-${w.to}`).join('; ')
        return `${a.name} (${a.group})${away ? ` [${away}]` : ''}`
      })
      .join('; '),
  ])
  return stringify([
    ['Session', 'Kind', 'Minutes', 'Site', 'Room', 'Themes', 'Stakeholder group', 'Attendees'],
    ...rows,
  ])
}
