import { addDays, type IsoDate } from '../common/dates.ts'
import type { ChallengeNeed, CouncilFacts, Peer } from './model.ts'

/** A deterministic synthetic programme for tests and the benchmark: councils, a pool of peers and a window of visits. */

export function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const EXPERTISE = [
  'finance',
  'governance',
  'scrutiny',
  'housing',
  'regeneration',
  'communications',
  'hr-od',
  'ict-digital',
  'transformation',
  'childrens',
  'adults',
  'climate',
]
const TYPES = ['district', 'unitary', 'county', 'metropolitan', 'london-borough']
const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
]
const PARTIES: [string, number][] = [
  ['Conservative', 0.34],
  ['Labour', 0.36],
  ['Liberal Democrat', 0.16],
  ['Independent', 0.09],
  ['Green', 0.05],
]

/** One of the weighted choices (weights summing to 1 or less), or the fallback for what is left. */
export function weightedPick(r: () => number, choices: [string, number][], fallback: string): string {
  let y = r()
  for (const [c, w] of choices) {
    if (y < w) return c
    y -= w
  }
  return fallback
}

export function syntheticProgramme(
  opts: { councils?: number; peers?: number; challenges?: number; start?: IsoDate; weeks?: number; seed?: number } = {},
) {
  const r = rng(opts.seed ?? 42)
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!
  const nCouncils = opts.councils ?? 300
  const councils: CouncilFacts[] = []
  for (let i = 1; i <= nCouncils; i++) {
    const region = REGIONS[i % REGIONS.length]!
    councils.push({
      id: i,
      name: `Council ${i}`,
      type: TYPES[i % TYPES.length]!,
      region,
      county: i % 3 === 0 ? `County ${Math.floor(i / 9)}` : null,
      combinedAuthority: i % 7 === 0 ? `CA ${i % 5}` : null,
      neighbours: [i - 1, i + 1].filter((n) => n >= 1 && n <= nCouncils),
      sharedServiceWith: i % 11 === 0 ? [i + 2].filter((n) => n <= nCouncils) : [],
    })
  }
  const nPeers = opts.peers ?? 2200
  const peers: Peer[] = []
  for (let i = 1; i <= nPeers; i++) {
    const x = r()
    const kind = x < 0.45 ? 'member' : x < 0.97 ? 'officer' : 'lga'
    const councilId = kind === 'lga' ? null : 1 + Math.floor(r() * nCouncils)
    const party = kind === 'member' ? weightedPick(r, PARTIES, 'Independent') : null
    const role =
      kind === 'lga'
        ? 'pcm'
        : kind === 'member'
          ? pick(['leader', 'deputy-leader', 'cabinet-member', 'councillor', 'councillor'])
          : pick([
              'chief-executive',
              'director',
              'director',
              's151',
              'monitoring-officer',
              'head-of-service',
              'head-of-service',
            ])
    const expertise = [
      ...new Set([
        pick(EXPERTISE),
        pick(EXPERTISE),
        ...(role === 's151' ? ['finance'] : []),
        ...(role === 'monitoring-officer' ? ['governance'] : []),
      ]),
    ]
    peers.push({
      id: i,
      name: `Peer ${i}`,
      kind,
      party,
      role,
      formerRole:
        kind === 'officer' && role === 'director' && r() < 0.1
          ? { role: 'chief-executive', until: '2025-03-31' }
          : null,
      councilId,
      region: councilId ? councils[councilId - 1]!.region : null,
      councilTypesKnown: [pick(TYPES), pick(TYPES)],
      expertise,
      accreditedOn: r() < 0.95 ? '2023-01-01' : null,
      daysOffered: kind === 'lga' ? 60 : pick([5, 8, 10, 12, 15]),
      unavailable:
        r() < 0.3
          ? [
              {
                from: addDays(opts.start ?? '2027-01-04', Math.floor(r() * 80)),
                to: addDays(opts.start ?? '2027-01-04', Math.floor(r() * 80) + 7),
              },
            ].map((u) => (u.from <= u.to ? u : { from: u.to, to: u.from }))
          : [],
      employers: councilId ? [{ councilId, to: null }] : [],
    })
  }
  const nChallenges = opts.challenges ?? 70
  const start = opts.start ?? '2027-01-04'
  const weeks = opts.weeks ?? 13
  const challenges: ChallengeNeed[] = []
  const used = new Set<number>()
  for (let i = 1; i <= nChallenges; i++) {
    let councilId = 1 + Math.floor(r() * nCouncils)
    while (used.has(councilId)) councilId = 1 + (councilId % nCouncils)
    used.add(councilId)
    const begin = addDays(start, 7 * Math.floor(r() * weeks) + Math.floor(r() * 2))
    const onsite = r() < 0.5 ? 3 : 4
    challenges.push({
      id: i,
      reference: `CPC-SYN-${i}`,
      councilId,
      start: begin,
      end: addDays(begin, onsite - 1),
      days: onsite + 2,
      focus: [pick(EXPERTISE.filter((e) => e !== 'finance'))],
      previousTeam: [],
    })
  }
  return { councils, peers, challenges }
}
