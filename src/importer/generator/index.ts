/**
 * The document generator: renders realistic CPC documents (and documents that only look like one) from structured
 * truth, with many phrasings of every field, the layouts councils publish in (plain text, markdown, HTML, lines
 * broken mid-sentence, page furniture, flattened tables, excerpts cut short) and exact truth for each. Deterministic:
 * a seed and a split give the same document every time. The held-back split uses other seeds and phrasing variants
 * the development split never shows (Rng.pick), so its figures are honest.
 */
import type { RegisterCouncil } from '../council-match.ts'
import { Rng, type Split } from './random.ts'
import type { GeneratedDocument, Truth, TruthKind, TruthPeer } from './truth.ts'
import {
  BODIES,
  FILLER,
  FIRST_NAMES,
  LGA_ROLES,
  MEMBER_ROLES,
  MONTHS,
  NUMBER_WORDS,
  OFFICER_ROLES,
  REC_OBJECTS,
  REC_TAILS,
  REC_VERBS,
  ROLE_LABELS,
  SURNAMES,
  THEMES_2016,
  THEMES_2022,
} from './vocabulary.ts'

export type { GeneratedDocument, Truth } from './truth.ts'
export { Rng, type Split } from './random.ts'

export interface GenCouncil {
  code: string
  officialName: string
  niceName: string
  /** the year the council came into being (a document about it is dated no earlier) */
  since: number
  /** the initials it goes by ("NWLDC"), where they are four letters or more and no other council's in the register */
  initials: string | null
}

/** English principal councils in existence today: the councils a generated document is about, or its peers come from. */
export function councilPool(register: RegisterCouncil[]): GenCouncil[] {
  const initialsOf = (name: string) =>
    name
      .split(/[\s,&]+/)
      .filter((w) => w && !/^(?:and|of|the|upon|on|in|with|by|le)$/i.test(w))
      .map((w) => w[0]!.toUpperCase())
      .join('')
  const count = new Map<string, number>()
  for (const c of register) count.set(initialsOf(c.officialName), (count.get(initialsOf(c.officialName)) ?? 0) + 1)
  return register
    .filter((c) => c.nation === 'England' && !c.endDate && ['NMD', 'MD', 'LBO', 'UA', 'CTY'].includes(c.laType ?? ''))
    .map((c) => ({
      code: c.code,
      officialName: c.officialName,
      niceName: c.niceName,
      since: c.startDate ? Number(c.startDate.slice(0, 4)) + 1 : 2016,
      initials:
        /^[A-Z]{4,}$/.test(initialsOf(c.officialName)) && count.get(initialsOf(c.officialName)) === 1
          ? initialsOf(c.officialName)
          : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code))
}

/** Seeds for each split never overlap. */
export const SEED_BASE: Record<Split, number> = { dev: 1, held: 1_000_001 }

export function corpus(split: Split, n: number, pool: GenCouncil[], from = 0): GeneratedDocument[] {
  return Array.from({ length: n }, (_, i) => generate(SEED_BASE[split] + from + i, split, pool))
}

// ---- blocks: the document before layout ----

type ListStyle = 'dash' | 'endash' | 'bullet' | 'num' | 'paren' | 'rnum' | 'dotnum' | 'tabnum' | 'letter' | 'none'
type Block =
  | { t: 'h'; text: string }
  | { t: 'line'; text: string }
  | { t: 'p'; text: string }
  /** tight: the next block follows with no blank line (a PDF extract where a list runs into the paragraph after it) */
  | { t: 'list'; items: string[]; style: ListStyle; section?: number; tight?: boolean }
  | { t: 'rows'; rows: string[][] }

const words = (n: number) => NUMBER_WORDS[n] ?? String(n)
const num = (r: Rng, n: number) => (n <= 12 && r.chance(0.5) ? words(n) : String(n))
const ord = (d: number) =>
  `${d}${d % 10 === 1 && d !== 11 ? 'st' : d % 10 === 2 && d !== 12 ? 'nd' : d % 10 === 3 && d !== 13 ? 'rd' : 'th'}`
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

function iso(d: Date): string {
  return d.toISOString().slice(0, 10)
}
function addDays(s: string, n: number): string {
  const d = new Date(`${s}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return iso(d)
}
function parts(s: string) {
  const d = new Date(`${s}T00:00:00Z`)
  return { y: d.getUTCFullYear(), m: MONTHS[d.getUTCMonth()]!, d: d.getUTCDate(), wd: WEEKDAYS[d.getUTCDay()]! }
}

/** A visit: a weekday start, one to four days. */
function visit(r: Rng, year: number): { start: string; end: string; dates: string[] } {
  const month = r.int(0, 11)
  const d = new Date(Date.UTC(year, month, r.int(1, 24)))
  while (d.getUTCDay() === 0 || d.getUTCDay() > 2) d.setUTCDate(d.getUTCDate() + 1)
  const start = iso(d)
  const len = r.any([1, 2, 3, 3, 4, 4, 3])
  const dates = Array.from({ length: len }, (_, i) => addDays(start, i))
  return { start, end: dates.at(-1)!, dates }
}

/** The visit's dates as a report writes them; `year: false` leaves the year to the document's date. */
function dateRange(r: Rng, v: { start: string; end: string; dates: string[] }, noYear = false): string {
  const a = parts(v.start)
  const b = parts(v.end)
  const y = noYear ? '' : ` ${b.y}`
  if (v.dates.length === 1)
    return r.pick([`on ${a.d} ${a.m}${y}`, `on ${a.wd} ${a.d} ${a.m}${y}`, `on ${ord(a.d)} ${a.m}${y}`])
  if (a.m !== b.m)
    return r.pick([
      `from ${a.d} ${a.m} to ${b.d} ${b.m}${y}`,
      `between ${a.d} ${a.m} and ${b.d} ${b.m}${y}`,
      `from ${a.wd} ${a.d} ${a.m} to ${b.wd} ${b.d} ${b.m}${y}`,
    ])
  if (v.dates.length === 2)
    return r.pick([
      `on ${ord(a.d)} and ${ord(b.d)} ${a.m}${y}`,
      `on ${a.d} and ${b.d} ${a.m}${y}`,
      `from ${a.d}-${b.d} ${a.m}${y}`,
      `on the ${ord(a.d)} and ${ord(b.d)} of ${a.m}${y}`,
    ])
  // (in figures, day first, where the year is stated: "14/11/2023 – 16/11/2023")
  const figures = (x: string) => x.split('-').reverse().join('/')
  if (!noYear && r.chance(0.08)) return `from ${figures(v.start)} to ${figures(v.end)}`
  return r.pick([
    `from ${a.d}-${b.d} ${a.m}${y}`,
    `from ${a.d} to ${b.d} ${a.m}${y}`,
    `between ${a.d} and ${b.d} ${a.m}${y}`,
    `from ${a.wd} ${a.d} to ${b.wd} ${b.d} ${a.m}${y}`,
    `from ${a.d}–${b.d} ${a.m}${y}`,
    `from the ${ord(a.d)} to the ${ord(b.d)} of ${a.m}${y}`,
    `from ${a.wd} ${a.d} ${a.m} to ${b.wd} ${b.d} ${b.m}${y}`,
  ])
}

function personName(r: Rng): string {
  return `${r.any(FIRST_NAMES)} ${r.any(SURNAMES)}`
}

interface PeerSpec extends TruthPeer {
  role: string
  label: string
}

function team(r: Rng, pool: GenCouncil[], exclude: string[]): PeerSpec[] {
  const used = new Set<string>()
  const name = () => {
    for (;;) {
      const n = personName(r)
      if (!used.has(n)) {
        used.add(n)
        return n
      }
    }
  }
  const org = () => {
    for (;;) {
      const c = r.any(pool)
      if (!exclude.includes(c.code)) return c.officialName
    }
  }
  const out: PeerSpec[] = [
    {
      name: name(),
      kind: 'officer',
      role: r.pick(['Chief Executive', 'former Chief Executive', 'Managing Director']),
      organisation: org(),
      label: r.any(ROLE_LABELS.leadOfficer),
    },
    {
      name: name(),
      kind: 'member',
      role: r.any(MEMBER_ROLES),
      organisation: org(),
      label: r.any(ROLE_LABELS.leadMember),
    },
  ]
  for (let i = r.int(0, 2); i > 0; i--)
    out.push({ name: name(), kind: 'member', role: r.any(MEMBER_ROLES), organisation: org(), label: 'Member Peer' })
  for (let i = r.int(1, 3); i > 0; i--)
    out.push({
      name: name(),
      kind: 'officer',
      role: r.any(OFFICER_ROLES),
      organisation: org(),
      label: r.any(ROLE_LABELS.officer),
    })
  out.push({
    name: name(),
    kind: 'lga',
    role: r.any(LGA_ROLES.slice(0, 2)),
    organisation: 'Local Government Association',
    label: r.any(ROLE_LABELS.lga),
  })
  if (r.chance(0.3))
    out.push({
      name: name(),
      kind: 'lga',
      role: 'Project Support Officer',
      organisation: 'LGA',
      label: 'Project Support',
    })
  return out
}

const PARTIES = ['Conservative', 'Labour', 'Liberal Democrat', 'Independent', 'Green']
/** how a peer is addressed before the name: a councillor's title, or now and then a form of address ("Dr") */
const cllr = (r: Rng, p: PeerSpec) =>
  p.kind === 'member' ? r.pick(['Cllr ', 'Councillor ', 'Cllr. ']) : r.chance(0.08) ? r.any(['Dr ', 'Ms ', 'Mr ']) : ''

function peerLine(r: Rng, style: number, p: PeerSpec): string {
  const c = cllr(r, p)
  switch (style) {
    case 0:
      return `${c}${p.name}, ${p.role}, ${p.organisation}`
    case 1:
      return `${c}${p.name} – ${p.role}, ${p.organisation}`
    case 2:
      return `${p.label}: ${c}${p.name}, ${p.organisation}`
    case 3:
      return `${p.label} – ${c}${p.name}, ${p.role}, ${p.organisation}`
    case 4:
      return `${c}${p.name} (${p.label}), ${p.role}, ${p.organisation}`
    case 5:
      return `${c}${p.name} — ${p.role} at ${p.organisation}`
    case 7:
      // a councillor's party in brackets, the body after it
      return p.kind === 'member'
        ? `${p.label} – ${c}${p.name} (${r.any(PARTIES)}), ${p.organisation}`
        : `${p.label} – ${p.name}, ${p.role}, ${p.organisation}`
    default:
      return `${c}${p.name}: ${p.role}, ${p.organisation}`
  }
}

function peerBlocks(r: Rng, peers: PeerSpec[], progress: boolean, councilRef: string, intro = true): Block[] {
  const layout = r.any(['list', 'list', 'table', 'prose', 'list', 'semicolons'])
  if (layout === 'prose' && r.chance(0.5)) {
    const [lead, ...rest] = peers
    const named = rest.map((p) =>
      p.kind === 'lga'
        ? `${p.name} as the LGA ${p.role}`
        : r.chance(0.5)
          ? `${cllr(r, p)}${p.name} (${p.organisation})`
          : `${cllr(r, p)}${p.name}, ${p.role} at ${p.organisation}`,
    )
    const last = named.pop()
    return [
      {
        t: 'p',
        text: `The peer team was led by ${lead!.name}, ${lead!.role} at ${lead!.organisation}, and included ${named.join(', ')}${named.length ? ', and ' : ''}${last}.`,
      },
    ]
  }
  if (layout === 'prose') {
    const [lead, member, ...rest] = peers
    const named = rest.map((p) => `${cllr(r, p)}${p.name} (${p.role}, ${p.organisation})`)
    const last = named.pop()
    return [
      {
        t: 'p',
        text:
          `The peer team was led by ${r.pick([`${lead!.name}, ${lead!.role} at ${lead!.organisation}`, `${lead!.name} (${lead!.role}, ${lead!.organisation})`, `${lead!.name}, ${lead!.role} at ${lead!.organisation}`])}, with ${cllr(r, member!)}${member!.name}, ${member!.role} of ${member!.organisation}. ` +
          `The other members of the team were ${named.join(', ')}${named.length ? ' and ' : ''}${last}.`,
      },
    ]
  }
  const introText = progress
    ? r.pick([
        'The following members of the original team were involved in the progress review:',
        'Progress review team',
        'The progress review was delivered by the following members of the original peer team:',
        'The peers who returned for the progress review were:',
      ])
    : r.pick([
        'The peer team was:',
        `The peers who delivered the peer challenge at ${councilRef} were:`,
        'The peer team for this challenge, who were selected for their experience and expertise and agreed with the council, was:',
        'The team comprised:',
        'The peer team\nwho delivered the challenge were:',
        'Key members of the peer team, all of whom gave their time freely, were:',
        'The following peers took part:',
      ])
  if (layout === 'semicolons') {
    // the whole team on one line after its introduction, each peer after a semicolon
    const named = peers.map((p, i) =>
      p.kind === 'member'
        ? `${cllr(r, p)}${p.name}, ${p.role} at ${p.organisation}`
        : `${p.name}, ${p.role} ${r.any(['of', 'at'])} ${p.organisation}${i === 0 ? ' (lead peer)' : ''}`,
    )
    const last = named.pop()
    return [{ t: 'line', text: `${introText}\n${named.join('; ')}; and ${last}.` }]
  }
  if (layout === 'table' && r.chance(0.4))
    // a table whose header row is the only introduction: a column for the name, one for the body
    return [
      {
        t: 'rows',
        rows: [
          ['Role', 'Name', 'Organisation'],
          ...peers.map((p) => [p.label, `${cllr(r, p)}${p.name}`, p.kind === 'lga' ? 'LGA' : p.organisation]),
        ],
      },
    ]
  if (layout === 'table') {
    return [
      ...(intro ? [{ t: 'p' as const, text: introText }] : []),
      {
        t: 'rows',
        rows: [
          ['Role', 'Name', 'Position'],
          ...peers.map((p) => [p.label, `${cllr(r, p)}${p.name}`, `${p.role}, ${p.organisation}`]),
        ],
      },
    ]
  }
  const style = r.pick([0, 1, 2, 3, 4, 5, 7, 6])
  const tight = r.chance(0.3)
  // or the lead named in the sentence before the list, the rest listed
  const leadFirst = !progress && intro && peers[0]!.kind !== 'lga' && r.chance(0.15)
  const first = peers[0]!
  return [
    ...(intro
      ? [
          {
            t: 'p' as const,
            text: leadFirst
              ? `The peer team was led by ${first.name}, ${first.role} ${r.any(['of', 'at'])} ${first.organisation}. The other members of the team were:`
              : introText,
          },
        ]
      : []),
    {
      t: 'list',
      items: (leadFirst ? peers.slice(1) : peers).map((p) => peerLine(r, style, p)),
      style: r.pick(['bullet', 'dash', 'endash', 'bullet']),
      tight,
    },
    // the paragraph after the list, with no blank line before it in a PDF extract
    ...(tight
      ? [
          {
            t: 'p' as const,
            text: 'The peer team prepared by reviewing a range of documents and information in order to ensure they were familiar with the council.',
          },
        ]
      : []),
  ]
}

function recommendations(r: Rng, place: string, n: number): string[] {
  const objs = r.sample(REC_OBJECTS, n)
  return objs.map((o) => `${r.any(REC_VERBS)} ${o.replace('{place}', place)}${r.any(REC_TAILS)}`)
}

const BODY_TEXT = [
  'This will give the council a clear basis for its decisions over the coming years.',
  'The peer team heard that this work has started but needs pace and ownership.',
  'Partners are keen to play their part and the council should draw on that goodwill.',
  'Members and officers should agree the priorities together and communicate them clearly.',
]

function recBlocks(r: Rng, recs: string[], section: number): Block[] {
  const style = r.pick([
    'numbered',
    'dotted',
    'named',
    'prose',
    'table',
    'bold',
    'labelled',
    'inline',
    'titled',
    'sectioned',
    'theme',
  ])
  const body = () => r.any(BODY_TEXT)
  const countPhrase = r.pick([
    `The peer team made ${num(r, recs.length)} recommendations to the Council. These include:`,
    `The report contains ${recs.length} recommendations. They are:`,
    `The peer team has made a series of ${words(recs.length)} recommendations, which are set out below:`,
    `There are ${num(r, recs.length)} key recommendations, as follows:`,
    `The peer team’s ${words(recs.length)} recommendations are:`,
  ])
  const heading: Block = {
    t: 'h',
    text: r.pick(['Key recommendations', `${section}. Key recommendations`, 'Recommendations']),
  }
  const lead: Block = {
    t: 'p',
    text: r.pick([
      'There are a range of suggestions and observations within the main section of the report that will inform some ‘quick wins’ and practical actions. The following are the peer team’s key recommendations to the Council:',
      'Many of the recommendations below build on work already under way.',
      countPhrase,
    ]),
  }
  switch (style) {
    case 'numbered':
      return [
        heading,
        lead,
        { t: 'list', items: recs.map((t) => `${t} – ${body()}`), style: r.pick(['num', 'paren', 'rnum', 'num']) },
      ]
    case 'dotted':
      return [
        heading,
        lead,
        { t: 'list', items: recs.map((t) => `**${t}** – ${body()}`), style: r.pick(['dotnum', 'tabnum']), section },
      ]
    case 'sectioned':
      // "3.1. Recommendation 1" over its title and a paragraph (the LGA's reports since 2022)
      return [
        heading,
        lead,
        ...recs.flatMap((t, i): Block[] => [
          { t: 'line', text: `${section}.${i + 1}. Recommendation ${i + 1}` },
          { t: 'line', text: t },
          { t: 'p', text: body() },
        ]),
      ]
    case 'named':
      return [
        heading,
        ...recs.flatMap((t, i): Block[] => [
          { t: 'line', text: `Recommendation ${i + 1}` },
          { t: 'line', text: t },
          { t: 'p', text: body() },
        ]),
      ]
    case 'prose':
      return [
        { t: 'p', text: countPhrase },
        { t: 'list', items: recs, style: r.pick(['bullet', 'dash', 'letter']) },
      ]
    case 'table':
      return [
        heading,
        { t: 'p', text: countPhrase },
        { t: 'rows', rows: [['No.', 'Recommendation'], ...recs.map((t, i) => [String(i + 1), t])] },
      ]
    case 'bold':
      return [heading, lead, { t: 'list', items: recs.map((t) => `**${t}.** ${body()}`), style: 'bullet' }]
    case 'inline':
      // "Recommendation 1 – Title" with its body on the next line, no blank line between (as PDFs lose them)
      return [
        heading,
        ...recs.map((t, i): Block => ({
          t: 'line',
          text: `Recommendation ${i + 1} ${r.any(['–', ':', '-'])} ${t}\n${body()}`,
        })),
      ]
    case 'titled':
      // no numbers or bullets: each title on a line of its own (in bold where the format keeps it) over a paragraph,
      // the count stated before them
      return [
        heading,
        { t: 'p', text: countPhrase },
        ...recs.flatMap((t): Block[] => [
          { t: 'line', text: `**${t}**` },
          { t: 'p', text: body() },
        ]),
      ]
    case 'labelled':
      // "2.1. Recommendation 1: Develop …": the label inside a numbered list is not part of the title
      return [
        heading,
        lead,
        {
          t: 'list',
          items: recs.map((t, i) => `Recommendation ${i + 1}${r.any([':', ' –', '.'])} ${t}`),
          style: 'dotnum',
          section,
        },
      ]
    default:
      return [
        heading,
        ...recs.flatMap((t, i): Block[] => [
          { t: 'h', text: `Recommendation ${i + 1}: ${t}` },
          { t: 'p', text: body() },
        ]),
      ]
  }
}

interface Figures {
  peopleMet: number | null
  meetings: number | null
  interviews: number | null
  hours: number | null
  days: number | null
}

function figureSentences(r: Rng, f: Figures, councilRef: string): string[] {
  const out: string[] = []
  if (f.days !== null) {
    const d = f.days
    const w =
      d === 1.5 ? 'a day and a half' : Number.isInteger(d) ? num(r, d) : r.chance(0.5) ? `${Math.floor(d)}½` : String(d)
    out.push(
      d === 1.5
        ? r.pick([
            `The team spent a day and a half on site at ${councilRef}.`,
            `The peers were on site for a day and a half.`,
          ])
        : Number.isInteger(d)
          ? r.pick([
              `The team then spent ${w} days onsite at ${councilRef}.`,
              `The peer team was on site over a period of ${w} days.`,
              `The challenge was a ${words(d)}-day visit to ${councilRef}.`,
              `During the ${words(d)}-day challenge the team met a wide range of people.`,
              `The peers were on site for ${w} days in total.`,
              `The challenge involved ${w} days of on-site work.`,
            ])
          : r.pick([`The team then spent ${w} days onsite at ${councilRef}.`, `The team was on site for ${w} days.`]),
    )
  }
  if (f.peopleMet !== null)
    out.push(
      r.pick([
        `The team spoke to more than ${f.peopleMet} people including a range of council staff together with members and external stakeholders.`,
        `The peers met over ${f.peopleMet} colleagues, partners and members.`,
        `More than ${f.peopleMet} staff took part in focus groups and interviews.`,
        `Circa ${f.peopleMet} people were spoken to during the visit.`,
        `The team met c.${f.peopleMet} people over the visit.`,
        `In total the team engaged with approximately ${f.peopleMet} people.`,
        `Some ${f.peopleMet} individuals shared their views with the peer team.`,
        `The peers spent the visit speaking to more than ${f.peopleMet} people, including residents and partners.`,
        `The team had conversations with more than ${f.peopleMet} people.`,
        `The team had conversations with ${f.peopleMet}+ people.`,
        `Over the visit the peers heard the views of more than ${f.peopleMet} residents, partners and staff.`,
      ]),
    )
  if (f.meetings !== null)
    out.push(
      r.pick([
        `The team gathered information and views from more than ${f.meetings} meetings, visits to key sites in the area and additional research and reading.`,
        `The peers took part in ${f.meetings} meetings.`,
        `There were ${f.meetings} conversations and focus-group meetings.`,
        `Over the course of the visit ${f.meetings} meetings were held.`,
        `The programme included ${f.meetings} meetings and focus groups.`,
        `The team worked through a programme of ${f.meetings} meetings.`,
      ]),
    )
  if (f.interviews !== null)
    out.push(
      r.pick([
        `The programme included ${f.interviews} interviews.`,
        `The team carried out ${f.interviews} one-to-one interviews.`,
        `${f.interviews} individual interviews were held.`,
      ]),
    )
  if (f.hours !== null)
    out.push(
      r.pick([
        `The peers spent more than ${f.hours} hours with ${councilRef}.`,
        `This amounted to a total of ${f.hours} hours of peer time.`,
        `Together the team spent ${f.hours} hours on the challenge.`,
        `This represents ${f.hours} hours of on-site work.`,
        `This was equivalent to the team spending ${f.hours} hours with ${councilRef}, or one person spending nearly ${Math.round(f.hours / 37)} weeks there.`,
        `This equates to ${f.hours} hours, or more than ${words(Math.floor(f.hours / 37))} weeks of one person’s time.`,
        `In all, ${f.hours} hours were spent with the council.`,
      ]),
    )
  return out
}

// ---- councils named in many ways ----

type Naming = 'full' | 'nice' | 'herein' | 'deal' | 'email' | 'deep' | 'none' | 'joint' | 'initials'

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '')
}

// ---- the document ----

export function generate(seed: number, split: Split, pool: GenCouncil[]): GeneratedDocument {
  const r = new Rng(seed, split)
  const kind: TruthKind = r.any([
    'feedback-report',
    'feedback-report',
    'progress-review',
    'covering-report',
    'progress-report',
    'web-page',
    'minutes',
    'not-cpc',
    'not-cpc',
  ] as TruthKind[])
  const council = r.any(pool)
  const picked: Naming = r.any([
    'full',
    'full',
    'nice',
    'herein',
    'deal',
    'email',
    'deep',
    'joint',
    'none',
    'initials',
  ] as Naming[])
  // named by its initials only where it has its own ("NWLDC")
  const naming: Naming = picked === 'initials' && !council.initials ? 'full' : picked
  let other: GenCouncil | null = null
  if (naming === 'joint') for (other = r.any(pool); other.code === council.code;) other = r.any(pool)
  const councils = other ? [council.code, other.code] : [council.code]
  const full = other ? `${council.officialName} and ${other.officialName}` : council.officialName
  const short = other ? `${council.niceName} and ${other.niceName} councils` : `${council.niceName} Council`
  /** how the text refers to the council after any naming */
  const named = naming === 'full' || naming === 'nice' || naming === 'joint'
  const ref = named ? (naming === 'nice' ? short : r.chance(0.5) ? full : 'the council') : 'the council'
  const year = r.int(Math.min(2025, Math.max(2016, council.since, other?.since ?? 0)), 2025)
  const v = visit(r, year)
  const themes = year >= 2022 ? THEMES_2022 : THEMES_2016
  const peers = team(r, pool, councils)
  const recs = recommendations(r, other ? `${council.niceName} and ${other.niceName}` : council.niceName, r.int(4, 11))
  const fig: Figures = {
    peopleMet: r.chance(0.8) ? r.int(4, 30) * 10 : null,
    meetings: r.chance(0.7) ? r.int(25, 70) : null,
    interviews: r.chance(0.25) ? r.int(12, 40) : null,
    hours: r.chance(0.4) ? r.int(15, 45) * 10 : null,
    days: null,
  }
  const daysStated = r.chance(0.7)
  if (daysStated)
    fig.days =
      v.dates.length === 4 && r.chance(0.4) ? 3.5 : v.dates.length === 2 && r.chance(0.3) ? 1.5 : v.dates.length
  const dated = r.chance(0.85)
  const noYear = dated && r.chance(0.2)
  const reportDate = addDays(v.end, r.int(40, 120))
  const rp = parts(reportDate)
  const when = dated ? dateRange(r, v, noYear) : `in ${parts(v.start).m} ${parts(v.start).y}`
  const blocks: Block[] = []
  const truth: Truth = {
    kind,
    otherReview: null,
    councils,
    councilNamed: naming !== 'none',
    onSite: { start: dated ? v.start : v.start.slice(0, 7), end: dated ? v.end : v.end.slice(0, 7) },
    daysDated: dated,
    peers: [],
    recommendations: [],
    figures: { peopleMet: null, meetings: null, interviews: null, hours: null, days: null },
  }
  const filler = (n: number) => {
    for (let i = 0; i < n; i++) blocks.push({ t: 'p', text: r.sample(FILLER, r.int(1, 3)).join(' ') })
  }
  const nameInBody = () => {
    if (naming === 'herein')
      blocks.push({
        t: 'p',
        text: `Here in ${council.niceName}, we are proud of what our staff and partners achieve together.`,
      })
    if (naming === 'initials')
      blocks.push({
        t: 'p',
        text: `${council.initials} has a strong track record of working with its partners, and ${council.initials} staff are proud of it.`,
      })
    if (naming === 'deal')
      blocks.push({
        t: 'p',
        text: `The ${council.niceName} Deal sets out how the council will work with residents, businesses and communities.`,
      })
    if (naming === 'email')
      blocks.push({
        t: 'p',
        text: `For more information please contact the policy team at policy@${slug(council.niceName)}.gov.uk.`,
      })
  }
  const header = (title: string) => {
    const titleLines = named && r.chance(0.7) ? [full, title] : [title]
    for (const t of titleLines) blocks.push({ t: 'line', text: t })
    if (noYear || r.chance(0.5)) blocks.push({ t: 'line', text: `${rp.d} ${rp.m} ${rp.y}` })
  }
  const visitSentence = () =>
    r.pick([
      `The peer challenge took place ${when}.`,
      `The peer team was on site ${when}.`,
      `The team visited ${ref} ${when}.`,
      `${ref === 'the council' ? 'The council' : ref} hosted the corporate peer challenge ${when}.`,
      `The corporate peer challenge was undertaken ${when}.`,
    ])
  const figuresTruth = () => {
    truth.figures = { ...fig }
    return figureSentences(r, fig, ref)
  }

  if (kind === 'feedback-report' || kind === 'progress-review') {
    const progress = kind === 'progress-review'
    const followUp = progress && r.chance(0.3)
    const title = progress
      ? followUp
        ? r.pick(['Corporate Peer Challenge follow-up visit', 'Follow up visit – feedback'])
        : r.pick([
            'Corporate Peer Challenge Progress Review',
            'Progress Review – Feedback report',
            'CPC progress review',
          ])
      : r.pick([
          'Corporate Peer Challenge',
          'Feedback report',
          'LGA Corporate Peer Challenge – Feedback report',
          'LGA Peer Challenge',
          'Corporate Peer Challenge Final Report',
        ])
    if (progress && r.chance(0.3)) {
      // the LGA's letter to the leader: addresses and a date first, the title as the subject under "Dear …,"
      const leader = personName(r)
      for (const t of ['Local Government Association', '18 Smith Square', 'London SW1P 3HZ'])
        blocks.push({ t: 'line', text: t })
      blocks.push({ t: 'line', text: `Councillor ${leader}\nLeader\n${named ? full : 'The Council'}` })
      blocks.push({ t: 'line', text: `${rp.d} ${rp.m} ${rp.y}` })
      blocks.push({ t: 'line', text: `Dear ${leader.split(' ')[0]},` })
      blocks.push({ t: 'line', text: title })
    } else header(title)
    if (!progress && title === 'Corporate Peer Challenge') blocks.push({ t: 'line', text: 'Feedback report' })
    blocks.push({ t: 'h', text: r.pick(['1. Introduction', 'Executive summary', '1. Executive summary']) })
    if (progress) {
      const orig = visit(r, year - 1)
      blocks.push({
        t: 'p',
        text: `The council received a corporate peer challenge ${dateRange(r, orig)} and published the report with an action plan. ${r.pick(
          [
            `The progress review took place ${when}.`,
            `The ${followUp ? 'follow-up visit' : 'progress review'} was held ${when}.`,
            `The review took place ${when}.`,
            `Peers returned to the council ${when}.`,
          ],
        )}`,
      })
    } else blocks.push({ t: 'p', text: `${visitSentence()} ${r.any(FILLER)}` })
    if (naming === 'deep') filler(r.int(1, 3))
    nameInBody()
    filler(r.int(1, 3))
    if (naming === 'deep')
      blocks.push({ t: 'p', text: `${council.officialName} asked the peers to consider its approach to growth.` })
    if (!progress) {
      truth.recommendations = recs
      blocks.push(...recBlocks(r, recs, 2))
    }
    const teamHeading = r.pick(['Summary of the peer challenge approach', '3. The peer team', 'The peer team'])
    blocks.push({ t: 'h', text: teamHeading })
    // under a heading that names the team, its list may follow with no sentence to introduce it
    blocks.push(...peerBlocks(r, peers, progress, ref, !/peer team$/.test(teamHeading) || r.chance(0.7)))
    truth.peers = peers.map(({ name, kind: k, organisation }) => ({ name, kind: k, organisation }))
    blocks.push({ t: 'h', text: 'Scope and focus' })
    blocks.push({
      t: 'p',
      text: `The peer team considered the following ${words(5)} themes which form the core components of all corporate peer challenges:`,
    })
    blocks.push({ t: 'list', items: [...themes], style: 'num' })
    blocks.push({ t: 'h', text: 'The peer challenge process' })
    blocks.push({ t: 'p', text: figuresTruth().join(' ') })
    blocks.push({ t: 'h', text: 'Feedback' })
    for (const th of themes.slice(0, r.int(2, 5))) {
      blocks.push({ t: 'h', text: th })
      filler(r.int(1, 2))
    }
    blocks.push({ t: 'h', text: 'Next steps' })
    blocks.push({
      t: 'p',
      text: r.pick([
        'The LGA will return for a progress review within 10 months.',
        'Peers will revisit the council in around a year to assess progress.',
      ]),
    })
  } else if (kind === 'covering-report' || kind === 'progress-report' || kind === 'minutes') {
    const body = r.any(BODIES)
    const mdate = `${rp.d} ${rp.m} ${rp.y}`
    if (kind === 'minutes') {
      blocks.push({ t: 'line', text: named ? full.toUpperCase() : 'MINUTES' })
      blocks.push({ t: 'line', text: `Minutes of a meeting of the ${body} held on ${mdate}` })
      blocks.push({
        t: 'p',
        text: `Present: Councillors ${personName(r)} (Chair), ${personName(r)}, ${personName(r)} and ${personName(r)}`,
      })
      blocks.push({
        t: 'h',
        text: `${r.int(20, 90)}. CORPORATE PEER CHALLENGE ${r.pick(['FEEDBACK', 'FEEDBACK REPORT AND ACTION PLAN'])}`,
      })
      const lead = peers[0]!
      blocks.push({
        t: 'p',
        text: `The Leader introduced the report on the corporate peer challenge. ${visitSentence()} The peer team was led by ${lead.name}, ${lead.role} at ${lead.organisation}. ${r.any(FILLER)}`,
      })
      truth.peers = [{ name: lead.name, kind: lead.kind, organisation: lead.organisation }]
      nameInBody()
      blocks.push({ t: 'p', text: 'RESOLVED: that the feedback report be noted and the action plan be approved.' })
    } else {
      blocks.push({ t: 'line', text: named ? full : 'Report' })
      blocks.push({ t: 'line', text: `Report to: ${body}    Date: ${mdate}` })
      const title =
        kind === 'covering-report'
          ? r.pick([
              'Corporate Peer Challenge – Feedback and Action Plan',
              'LGA Corporate Peer Challenge',
              'Outcome of the Corporate Peer Challenge',
            ])
          : r.pick([
              'Progress update on the Corporate Peer Challenge action plan',
              'Corporate Peer Challenge – progress update',
              'CPC action plan: progress report',
            ])
      blocks.push({ t: 'line', text: `Title of report: ${title}` })
      blocks.push({ t: 'h', text: 'Purpose of report' })
      blocks.push({
        t: 'p',
        text:
          kind === 'covering-report'
            ? r.pick([
                'To present the feedback report from the corporate peer challenge and the action plan at Appendix B.',
                'To note the peer team’s findings and approve the action plan in response to them.',
              ])
            : 'To update members on progress against the action plan agreed in response to the corporate peer challenge.',
      })
      if (kind === 'covering-report' && r.chance(0.5)) {
        // the paper's own recommendations to its meeting, which are not the peer team's
        blocks.push({ t: 'h', text: r.pick(['Recommendations', 'Recommendation(s)', 'RECOMMENDATIONS']) })
        blocks.push({
          t: 'list',
          items: [
            `That the ${body} notes the feedback report from the corporate peer challenge.`,
            `That the ${body} approves the action plan at Appendix B.`,
            ...(r.chance(0.5) ? [`That progress on the action plan be reported to the ${body} every six months.`] : []),
          ],
          style: 'num',
        })
      }
      blocks.push({ t: 'h', text: 'Background' })
      blocks.push({ t: 'p', text: `${visitSentence()} ${r.any(FILLER)}` })
      nameInBody()
      if (naming === 'deep') blocks.push({ t: 'p', text: `${council.officialName} welcomed the challenge.` })
      if (kind === 'covering-report') {
        if (r.chance(0.6)) {
          blocks.push(...peerBlocks(r, peers, false, ref))
          truth.peers = peers.map(({ name, kind: k, organisation }) => ({ name, kind: k, organisation }))
        }
        blocks.push({ t: 'p', text: figuresTruth().join(' ') })
        truth.recommendations = recs
        blocks.push(...recBlocks(r, recs, 3))
      } else {
        blocks.push({
          t: 'p',
          text: `The peer team made ${num(r, recs.length)} recommendations. Progress against each is set out below.`,
        })
        blocks.push({
          t: 'rows',
          rows: [
            ['Recommendation', 'Progress', 'RAG'],
            ...recs.map((t) => [t, r.any(BODY_TEXT), r.any(['Green', 'Amber'])]),
          ],
        })
        truth.recommendations = recs
      }
    }
  } else if (kind === 'web-page') {
    // a council's own page about its challenge (the site's skip link, breadcrumbs, downloads and date), or news
    const page = r.chance(0.4)
    if (page) {
      blocks.push({ t: 'line', text: 'Skip to main content' })
      blocks.push({
        t: 'line',
        text: r.pick([
          'Home > Your council > Corporate peer challenge',
          'Home / Council and democracy / Performance / Peer challenge',
          'You are here: Home > About the council > Corporate peer challenge',
        ]),
      })
    } else blocks.push({ t: 'line', text: r.pick(['News', 'Press release', 'Latest news']) })
    blocks.push({
      t: 'h',
      text: r.pick([
        'Peer challenge praises council’s ambition',
        'Council welcomes peer challenge report',
        'Independent review finds a council that listens',
      ]),
    })
    if (!page) blocks.push({ t: 'line', text: `Published ${rp.d} ${rp.m} ${rp.y}` })
    const lead = peers[0]!
    blocks.push({
      t: 'p',
      text: `${named ? `${full} has` : 'We have'} published the report of its corporate peer challenge. ${visitSentence()} The challenge was led by ${lead.name}, ${lead.role} at ${lead.organisation}.`,
    })
    truth.peers = [{ name: lead.name, kind: lead.kind, organisation: lead.organisation }]
    nameInBody()
    if (r.chance(0.5)) blocks.push({ t: 'p', text: figuresTruth().join(' ') })
    blocks.push({
      t: 'p',
      text: `The peer team made ${num(r, recs.length)} recommendations, and the council will publish an action plan.`,
    })
    if (page) {
      blocks.push({ t: 'line', text: `Corporate peer challenge feedback report (PDF, ${r.int(200, 2500)}KB)` })
      blocks.push({ t: 'line', text: `Last updated: ${rp.d} ${rp.m} ${rp.y}` })
    }
  } else {
    // not a corporate peer challenge: another kind of review, or a paper that mentions an old one
    const other = r.pick([
      ['finance-peer-challenge', 'Finance Peer Challenge'],
      ['planning-peer-review', 'Planning Peer Review'],
      ['fire-peer-challenge', 'Fire and Rescue Service Peer Challenge'],
      ['ofsted-inspection', 'Inspection of local authority children’s services'],
      ['audit-report', 'Auditor’s Annual Report'],
      ['budget-paper', 'Budget and Medium Term Financial Strategy'],
      ['adult-social-care-peer-challenge', 'Adult Social Care Peer Challenge'],
      ['childrens-services-peer-review', 'Children’s Services Peer Review'],
      ['communications-peer-challenge', 'Communications Peer Challenge'],
      ['housing-peer-challenge', 'Housing Peer Review'],
      ['governance-review', 'Governance Review'],
    ] as const)
    truth.otherReview = other[0] === 'budget-paper' ? null : other[0]
    truth.onSite = null
    truth.daysDated = false
    header(other[1])
    if (other[0] !== 'budget-paper' && other[0] !== 'audit-report') blocks.push({ t: 'line', text: 'Feedback report' })
    blocks.push({ t: 'h', text: 'Introduction' })
    const what =
      other[0] === 'ofsted-inspection'
        ? 'The inspection'
        : other[0] === 'audit-report'
          ? 'Our audit work'
          : other[0] === 'budget-paper'
            ? 'Budget consultation'
            : 'The review'
    blocks.push({ t: 'p', text: `${what} took place ${dateRange(r, v)}. ${r.any(FILLER)}` })
    nameInBody()
    if (naming === 'deep') blocks.push({ t: 'p', text: `${council.officialName} has responded positively.` })
    if (other[0] === 'budget-paper' || r.chance(0.3))
      blocks.push({
        t: 'p',
        text: `The corporate peer challenge in ${year - 3} recommended that the council strengthen its financial planning, and this budget responds to that.`,
      })
    if (other[0].endsWith('peer-challenge') || other[0].endsWith('peer-review') || other[0] === 'governance-review') {
      blocks.push({ t: 'h', text: 'The peer team' })
      blocks.push(...peerBlocks(r, peers, false, ref))
      blocks.push(...recBlocks(r, recs, 3))
    }
    blocks.push({ t: 'p', text: figureSentences(r, fig, ref).join(' ') })
    filler(2)
  }
  if (naming === 'email' && !blocks.some((b) => b.t === 'p' && b.text.includes('.gov.uk')))
    blocks.push({ t: 'p', text: `Contact: policy@${slug(council.niceName)}.gov.uk` })
  if (naming === 'initials' && !blocks.some((b) => 'text' in b && b.text.includes(council.initials!)))
    blocks.push({ t: 'p', text: `${council.initials} welcomed the peer team.` })
  // a document the truth says names the council does name it: once, in full, somewhere in the middle
  const said = (name: string) => blocks.some((b) => ('text' in b ? b.text : JSON.stringify(b)).includes(name))
  // a place in a recommendation's title ("a long-term vision for York") does not name the council
  const namesCouncil = [
    council.officialName,
    `${council.niceName} Council`,
    `Here in ${council.niceName}`,
    `${council.niceName} Deal`,
  ].some(said)
  // before a heading in the second half, so that no introduction is parted from its list
  const middle = blocks.findIndex((b, i) => i >= blocks.length / 2 && b.t === 'h')
  const at = middle < 0 ? blocks.length : middle
  if (naming === 'joint' && !said(full))
    blocks.splice(at, 0, { t: 'p', text: `${full} asked for a joint peer challenge.` })
  else if (naming !== 'none' && naming !== 'email' && naming !== 'initials' && !namesCouncil)
    blocks.splice(at, 0, { t: 'p', text: `${council.officialName} welcomed the peer team.` })
  filler(r.int(1, 3))

  const format = r.any(['text', 'markdown', 'html', 'text', 'markdown'] as const)
  const layout: string[] = []
  let content = format === 'html' ? toHtml(blocks) : toText(blocks, format === 'markdown')
  if (format !== 'html') {
    if (r.chance(0.35)) {
      layout.push('wrapped')
      content = wrap(content, r.int(60, 95))
    }
    if (r.chance(0.3)) {
      layout.push('furniture')
      content = furniture(r, content, kind === 'not-cpc' ? 'Report' : 'Corporate Peer Challenge')
    }
    // a Word or PDF table read as paragraphs: a cell to a line, with or without blank lines between
    // (a list's number and the tab after it are no table: "2.1<TAB>Develop …" is a numbered paragraph in Word)
    const row = (l: string) => l.includes('\t') && !/^\d+(?:\.\d+)*\.?\t[^\t]*$/.test(l)
    if (content.split('\n').some(row) && r.chance(0.3)) {
      layout.push('cells')
      const gap = r.chance(0.5) ? '\n\n' : '\n'
      content = content
        .split('\n')
        .map((l) =>
          row(l)
            ? l
                .split('\t')
                .map((c) => c.trim())
                .filter(Boolean)
                .join(gap)
            : l,
        )
        .join('\n')
    } else if (/^(?:Role\t)?Name\t/m.test(content) && r.chance(0.3)) {
      // a team table in a PDF's text with its layout kept: its columns three spaces or more apart
      layout.push('spaced')
      content = content
        .split('\n')
        .map((l) => (l.includes('\t') && !/^(?:No\.|\d+)\t/.test(l) ? spaceColumns(l) : l))
        .join('\n')
    }
  }
  return { id: `${split}-${seed}`, seed, split, format, layout, content, truth }
}

// ---- rendering ----

function listItem(style: ListStyle, i: number, section?: number): string {
  switch (style) {
    case 'dash':
      return '- '
    case 'endash':
      return '– '
    case 'bullet':
      return '• '
    case 'num':
      return `${i + 1}. `
    case 'paren':
      return `${i + 1}) `
    case 'rnum':
      return `R${i + 1}. `
    case 'dotnum':
      return `${section ?? 1}.${i + 1} `
    case 'tabnum':
      // Word's text of a numbered list: the number, a tab
      return `${section ?? 1}.${i + 1}\t`
    case 'letter':
      return `(${String.fromCharCode(97 + i)}) `
    default:
      return ''
  }
}

function toText(blocks: Block[], markdown: boolean): string {
  const out: string[] = []
  const bold = (s: string) => (markdown ? s : s.replace(/\*\*/g, ''))
  for (const b of blocks) {
    if (b.t === 'h') out.push(markdown ? `## ${b.text}` : b.text, '')
    else if (b.t === 'line') out.push(bold(b.text), '')
    else if (b.t === 'p') out.push(bold(b.text), '')
    else if (b.t === 'list') {
      out.push(...b.items.map((x, i) => `${listItem(b.style, i, b.section)}${bold(x)}`))
      if (!b.tight) out.push('')
    } else out.push(...b.rows.map((row) => row.join('\t')), '')
  }
  return out.join('\n')
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const inline = (s: string) =>
  esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\n/g, ' ')

function toHtml(blocks: Block[]): string {
  const out: string[] = ['<!doctype html><html><head><title>Document</title></head><body><main>']
  for (const b of blocks) {
    if (b.t === 'h') out.push(`<h2>${inline(b.text)}</h2>`)
    // a line block's own line breaks stay (a title with its body on the next line); a paragraph's are spaces
    else if (b.t === 'line') out.push(`<p>${b.text.split('\n').map(inline).join('<br>')}</p>`)
    else if (b.t === 'p') out.push(`<p>${inline(b.text)}</p>`)
    else if (b.t === 'list') {
      const tag = b.style === 'num' ? 'ol' : 'ul'
      const items = b.items.map(
        (x, i) =>
          `<li>${b.style === 'dotnum' || b.style === 'letter' || b.style === 'rnum' ? esc(listItem(b.style, i, b.section)) : ''}${inline(x)}</li>`,
      )
      out.push(`<${tag}>${items.join('')}</${tag}>`)
    } else
      out.push(
        `<table>${b.rows.map((row) => `<tr>${row.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</table>`,
      )
  }
  out.push('</main></body></html>')
  return out.join('\n')
}

/** Lines broken mid-sentence, as PDF extraction leaves them. */
function wrap(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if (line.length <= width || line.includes('\t')) return [line]
      const out: string[] = []
      let cur = ''
      for (const w of line.split(' ')) {
        if (cur && cur.length + w.length + 1 > width) {
          out.push(cur)
          cur = w
        } else cur = cur ? `${cur} ${w}` : w
      }
      if (cur) out.push(cur)
      return out
    })
    .join('\n')
}

/** A table's row with its cells in columns of 30 characters (or three spaces after a longer one), as pdftotext's
 * layout mode leaves them. */
function spaceColumns(row: string): string {
  return row
    .split('\t')
    .map((c) => c.trim())
    .map((c, i, all) => (i === all.length - 1 ? c : c.length >= 27 ? `${c}   ` : c.padEnd(30)))
    .join('')
}

/** Running headers and page numbers between pages, sometimes in the middle of a paragraph. */
function furniture(r: Rng, text: string, running: string): string {
  const lines = text.split('\n')
  const out: string[] = []
  const every = r.int(30, 50)
  // or the publisher's footer and the page number straight after a paragraph's or list's last line, with no blank
  // line between (the extract kept them); the footer holds an address, a telephone and a web address
  const footer = r.chance(0.3)
  let page = 1
  lines.forEach((l, i) => {
    out.push(l)
    if (i > 0 && i % every === 0) {
      page++
      if (footer && l && lines[i + 1] === '')
        out.push('18 Smith Square, London, SW1P 3HZ   T 020 7664 3000   www.local.gov.uk', `${page}`)
      else out.push('', r.pick([`Page ${page}`, `${page}`, `${running} ${page}`]), '')
    }
  })
  return out.join('\n')
}
