import { lpModel, relaxation, solveMip, type LpRow, type MipResult, type SolveProgress } from '../common/highs.ts'
import {
  available,
  conflictsOf,
  fit,
  slotProblems,
  type ChallengeNeed,
  type ConflictOverride,
  type ConflictRecord,
  type CouncilFacts,
  type Peer,
  type TeamRules,
} from './model.ts'

/**
 * Team assembly as an integer programme solved by HiGHS: one binary per (peer, challenge, place) candidate; hard rules
 * as constraints; fit, party balance and workload balance in the objective. Works for one challenge or for a whole
 * programme window at once (shared availability, overlapping visits, workload caps).
 */

export interface Problem {
  peers: Peer[]
  councils: CouncilFacts[]
  challenges: ChallengeNeed[]
  rules: TeamRules
  conflicts?: ConflictRecord[]
  overrides?: ConflictOverride[]
  /** Candidates kept per challenge and place (the best-fitting eligible peers); bounds the model's size. */
  candidatesPerSlot?: number
  timeLimitSeconds?: number
  /** Places already filled (a team being completed): kept in every proposal. */
  fixed?: { challengeId: number; slot: string; peerId: number }[]
  /** Hard rules to leave out (used to find which rule to relax when no team exists). */
  relax?: RelaxableRule[]
  /**
   * Stop once the teams are proven within this relative gap of the best possible (HiGHS's own bound); default 0.5%.
   * The status says 'optimal' only when the gap proven is within 0.01%.
   */
  targetGap?: number
  /** Cancels the run (checked at the solver's checkpoints); the best teams found so far are returned. */
  signal?: AbortSignal
  /** Called as the solver improves the teams or the bound (at most every 200 ms). */
  onProgress?: (p: SolveProgress) => void
}

export type RelaxableRule = 'different-party' | 'overlap' | 'workload' | 'focus-cover' | 'team-size'

export interface Pick {
  challengeId: number
  slot: string
  peerId: number
  score: number
  reasons: string[]
}
export interface Solution {
  status: 'optimal' | 'feasible' | 'infeasible' | 'no-candidates'
  picks: Pick[]
  objective: number | null
  /**
   * How far from the best possible the teams can be, relative: 0 when HiGHS proved them optimal (its own bound, within
   * 0.01%); after the time limit, the gap to the LP relaxation's bound (an upper bound on the distance).
   */
  gap: number | null
  /** The proven bound on the best possible objective (HiGHS's branch-and-bound bound), when one is known. */
  bound: number | null
  seconds: number
  variables: number
  constraints: number
  /** How the solve went: each step's name, seconds and objective (for the benchmark and the run's record). */
  steps?: { step: string; seconds: number; objective: number | null; bound: number | null }[]
  /** When no team exists: what is short, and which rule, relaxed, would give a team. */
  explanation: string[]
  alternates: { challengeId: number; slot: string; peers: { peerId: number; score: number; reasons: string[] }[] }[]
  /** Every candidate the model considered per place (picked or not), best first. */
  ranked: { challengeId: number; slot: string; peers: { peerId: number; score: number; reasons: string[] }[] }[]
}

interface Candidate {
  v: string
  peer: Peer
  c: ChallengeNeed
  slot: string
  score: number
  reasons: string[]
  fixed?: boolean
}

export const PARTY_WEIGHT = 0.02
/** Candidates per place always in the first, restricted integer programme (beside those the relaxation uses). */
const NEIGHBOURHOOD = 2
export const LOAD_WEIGHT = 0.5

/** Eligible, available, unconflicted candidates per challenge and place, best first; and why others were ruled out. */
export function candidates(p: Problem) {
  const councils = new Map(p.councils.map((c) => [c.id, c]))
  const keep = p.candidatesPerSlot ?? 30
  const out: Candidate[] = []
  const shortfalls: string[] = []
  for (const c of p.challenges) {
    const council = councils.get(c.councilId)
    const free = p.peers.filter((peer) => available(peer, c))
    const clear = free.filter(
      (peer) => !conflictsOf(peer, c, councils, p.conflicts ?? [], p.overrides ?? [], p.rules.conflictYears).length,
    )
    for (const s of p.rules.slots) {
      const eligible = clear.filter((peer) => !slotProblems(peer, s, c).length)
      const ranked = eligible
        .map((peer) => ({ peer, ...fit(peer, s, c, council) }))
        .sort((a, b) => b.score - a.score || a.peer.id - b.peer.id)
      const fixedHere = (p.fixed ?? []).filter((f) => f.challengeId === c.id && f.slot === s.key)
      const kept = ranked.slice(0, keep)
      for (const f of fixedHere) {
        if (kept.some((r) => r.peer.id === f.peerId)) continue
        const peer = p.peers.find((x) => x.id === f.peerId)
        if (peer) kept.push({ peer, ...fit(peer, s, c, council) })
      }
      for (const r of kept)
        out.push({
          v: `x${out.length}`,
          peer: r.peer,
          c,
          slot: s.key,
          score: r.score,
          reasons: r.reasons,
          fixed: fixedHere.some((f) => f.peerId === r.peer.id),
        })
      if (eligible.length + fixedHere.filter((f) => !eligible.some((e) => e.id === f.peerId)).length < s.min) {
        const kind = p.peers.filter((peer) => !slotProblems(peer, s, c).length)
        const busy = kind.filter((peer) => !available(peer, c)).length
        const conflicted = kind.filter(
          (peer) =>
            available(peer, c) &&
            conflictsOf(peer, c, councils, p.conflicts ?? [], p.overrides ?? [], p.rules.conflictYears).length,
        ).length
        shortfalls.push(
          `${c.reference}: ${s.label} needs ${s.min} but ${eligible.length} ${eligible.length === 1 ? 'is' : 'are'} free: ${kind.length} in the pool qualify, ${busy} unavailable on ${c.start} to ${c.end}, ${conflicted} conflicted with ${council?.name ?? 'the council'}` +
            ` (relax: widen the "${s.label}" place's requirements, or recruit more)`,
        )
      }
    }
  }
  return { candidates: out, shortfalls }
}

function overlapGroups(challenges: ChallengeNeed[]): ChallengeNeed[][] {
  // For every day some visit is on, the set of visits on that day; keep the maximal distinct sets.
  const days = new Set<string>()
  for (const c of challenges) {
    for (
      let d = new Date(`${c.start}T00:00:00Z`);
      d.toISOString().slice(0, 10) <= c.end;
      d.setUTCDate(d.getUTCDate() + 1)
    )
      days.add(d.toISOString().slice(0, 10))
  }
  const groups = new Map<string, ChallengeNeed[]>()
  for (const day of days) {
    const on = challenges.filter((c) => c.start <= day && c.end >= day)
    if (on.length > 1) groups.set(on.map((c) => c.id).join(','), on)
  }
  const sets = [...groups.values()]
  return sets.filter((s) => !sets.some((t) => t !== s && t.length > s.length && s.every((c) => t.includes(c))))
}

/** The model in CPLEX LP format (HiGHS reads it). */
export function buildModel(
  p: Problem,
  cands: Candidate[],
): { lp: string; variables: number; constraints: number; binaries: string[] } {
  const relax = new Set(p.relax ?? [])
  const rows: LpRow[] = []
  // An empty constraint is kept only when it cannot hold (0 >= 1): it makes the model infeasible, as it should.
  const add = (name: string, terms: string[], op: LpRow['op'], rhs: number) => {
    if (terms.length || (op === '>=' && rhs > 0) || (op === '=' && rhs !== 0)) rows.push({ name, terms, op, rhs })
  }
  const by = <K>(f: (c: Candidate) => K) => {
    const m = new Map<K, Candidate[]>()
    for (const c of cands) m.set(f(c), [...(m.get(f(c)) ?? []), c])
    return m
  }
  const bySlot = by((c) => `${c.c.id}|${c.slot}`)
  const byPeerChallenge = by((c) => `${c.peer.id}|${c.c.id}`)
  const byChallenge = by((c) => c.c.id)
  const byPeer = by((c) => c.peer.id)
  let r = 0
  for (const c of p.challenges) {
    for (const s of p.rules.slots) {
      const vs = (bySlot.get(`${c.id}|${s.key}`) ?? []).map((x) => x.v)
      add(`s${r++}`, vs, '>=', s.min)
      add(`s${r++}`, vs, '<=', s.max)
    }
    const all = (byChallenge.get(c.id) ?? []).map((x) => x.v)
    if (!relax.has('team-size')) {
      add(`n${r++}`, all, '>=', p.rules.size.min)
      add(`n${r++}`, all, '<=', p.rules.size.max)
    }
    // Different party: member peers may not share the lead member's party.
    if (!relax.has('different-party')) {
      for (const s of p.rules.slots.filter((x) => x.differentPartyFrom)) {
        const lead = bySlot.get(`${c.id}|${s.differentPartyFrom}`) ?? []
        const members = bySlot.get(`${c.id}|${s.key}`) ?? []
        for (const party of new Set(lead.map((x) => x.peer.party))) {
          const same = members.filter((x) => x.peer.party === party).map((x) => x.v)
          const leads = lead.filter((x) => x.peer.party === party).map((x) => `${s.max} ${x.v}`)
          if (same.length) add(`d${r++}`, [...same, ...leads], '<=', s.max)
        }
      }
    }
    // Focus areas: someone on the team has each one.
    if (p.rules.coverFocusAreas && !relax.has('focus-cover')) {
      for (const f of c.focus)
        add(
          `f${r++}`,
          (byChallenge.get(c.id) ?? []).filter((x) => x.peer.expertise.includes(f)).map((x) => x.v),
          '>=',
          1,
        )
    }
  }
  // Places already filled stay filled.
  for (const x of cands) if (x.fixed) add(`k${r++}`, [x.v], '=', 1)
  // One place per peer per team.
  for (const [, xs] of byPeerChallenge)
    if (xs.length > 1)
      add(
        `o${r++}`,
        xs.map((x) => x.v),
        '<=',
        1,
      )
  // Nobody on two visits at once.
  if (!relax.has('overlap')) {
    for (const g of overlapGroups(p.challenges)) {
      const ids = new Set(g.map((c) => c.id))
      for (const [, xs] of byPeer) {
        const on = xs.filter((x) => ids.has(x.c.id))
        if (new Set(on.map((x) => x.c.id)).size > 1)
          add(
            `v${r++}`,
            on.map((x) => x.v),
            '<=',
            1,
          )
      }
    }
  }
  // Workload: days within what each peer offered; and the heaviest load, kept low.
  for (const xs of byPeer.values()) {
    const peer = xs[0]!.peer
    const cap = Math.max(0, peer.daysOffered - (peer.daysCommitted ?? 0))
    const expr = xs.map((x) => `${x.c.days} ${x.v}`)
    if (!relax.has('workload')) add(`w${r++}`, expr, '<=', cap)
    add(`l${r++}`, [...expr, '-1 L'], '<=', 0)
  }
  // Party balance: member days per party near the targets' share of all member days.
  const member = cands.filter((x) => x.peer.kind === 'member' && x.peer.party)
  const partyTerms: string[] = []
  const parties = Object.keys(p.rules.partyTargets)
  if (member.length && parties.length) {
    // Member days in all (mT) and per party (mq_i) as variables of their own, so that each member candidate is in two
    // short rows rather than in every party's pair of dense rows: the same model, solved several times faster.
    add(`p${r++}`, [...member.map((x) => `${x.c.days} ${x.v}`), '-1 mT'], '=', 0)
    for (const [i, party] of parties.entries()) {
      const t = p.rules.partyTargets[party]!
      const mine = member.filter((x) => x.peer.party === party).map((x) => `${x.c.days} ${x.v}`)
      add(`p${r++}`, [...mine, `-1 mq${i}`], '=', 0)
      // dev_i >= mq_i - t * mT  and  dev_i >= t * mT - mq_i
      add(`p${r++}`, [`1 mq${i}`, `${-t} mT`, `-1 dev${i}`], '<=', 0)
      add(`p${r++}`, [`-1 mq${i}`, `${t} mT`, `-1 dev${i}`], '<=', 0)
      partyTerms.push(`-${PARTY_WEIGHT} dev${i}`)
    }
  }
  const objective = [...cands.map((x) => `${x.score - p.rules.placeCost} ${x.v}`), `-${LOAD_WEIGHT} L`, ...partyTerms]
  const binaries = cands.map((x) => x.v)
  const lp = lpModel({ objective, rows, binaries, bounds: [' L >= 0', ...parties.map((_, i) => ` dev${i} >= 0`)] })
  const aggregates = member.length && parties.length ? 1 + parties.length : 0
  return { lp, variables: binaries.length + 2 + parties.length + aggregates, constraints: rows.length, binaries }
}

/**
 * A quick complete start for the solver: challenge by challenge in date order, each place given to the best-fitting
 * kept candidate who breaks no rule so far (the greedy baseline on the model's own candidates). HiGHS checks it and
 * starts from it when it holds (it may miss a focus area; then HiGHS finds its own first teams).
 */
export function warmStart(p: Problem, cands: Candidate[]): Map<string, number> {
  const start = new Map<string, number>()
  const load = new Map<number, number>()
  const busy = new Map<number, { start: string; end: string }[]>()
  const bySlot = new Map<string, Candidate[]>()
  for (const x of cands) bySlot.set(`${x.c.id}|${x.slot}`, [...(bySlot.get(`${x.c.id}|${x.slot}`) ?? []), x])
  const chosen: Candidate[] = []
  for (const c of [...p.challenges].sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id)) {
    const team: Candidate[] = []
    for (const s of p.rules.slots) {
      const list = bySlot.get(`${c.id}|${s.key}`) ?? []
      const fixed = list.filter((x) => x.fixed)
      team.push(...fixed)
      let need = s.min - fixed.length
      for (const x of list) {
        if (need <= 0) break
        if (x.fixed || team.some((t) => t.peer.id === x.peer.id)) continue
        if ((load.get(x.peer.id) ?? 0) + c.days > x.peer.daysOffered - (x.peer.daysCommitted ?? 0)) continue
        if ((busy.get(x.peer.id) ?? []).some((b) => b.start <= c.end && c.start <= b.end)) continue
        if (s.differentPartyFrom) {
          const lead = team.find((t) => t.slot === s.differentPartyFrom)
          if (lead?.peer.party && x.peer.party === lead.peer.party) continue
        }
        team.push(x)
        need--
      }
    }
    for (const t of team) {
      load.set(t.peer.id, (load.get(t.peer.id) ?? 0) + c.days)
      busy.set(t.peer.id, [...(busy.get(t.peer.id) ?? []), { start: c.start, end: c.end }])
    }
    chosen.push(...team)
  }
  for (const x of cands) start.set(x.v, 0)
  for (const x of chosen) start.set(x.v, 1)
  start.set('L', Math.max(0, ...load.values()))
  const parties = Object.keys(p.rules.partyTargets)
  const members = chosen.filter((x) => x.peer.kind === 'member' && x.peer.party)
  const total = members.reduce((n, x) => n + x.c.days, 0)
  for (const [i, party] of parties.entries()) {
    const d = members.filter((x) => x.peer.party === party).reduce((n, x) => n + x.c.days, 0)
    start.set(`mq${i}`, d)
    start.set(`dev${i}`, Math.abs(d - p.rules.partyTargets[party]! * total))
  }
  start.set('mT', total)
  return start
}

/**
 * The solve in three steps, each within what is left of the time limit:
 *  1. the LP relaxation: its optimum is a proven bound on the best teams (the gap reported is against it or against
 *     HiGHS's own tighter bound), and in this model almost all of its values are already 0 or 1;
 *  2. the integer programme restricted to the candidates the relaxation uses, with those at 1 kept (a much smaller
 *     model, solved in a fraction of the time): good teams quickly;
 *  3. only when those are not within the target gap of the bound: the whole integer programme, started from them.
 * Without the relaxation (time out, cancelled) it falls back to step 3 started from the greedy teams.
 */
async function improve(p: Problem, cands: Candidate[], lp: string, t0: number) {
  const limit = p.timeLimitSeconds ?? 30
  // A small model (one challenge, a quarter) is solved to the end: proving optimality costs little there.
  const target = cands.length <= 2000 ? Math.min(1e-4, p.targetGap ?? 1e-4) : (p.targetGap ?? 0.005)
  const left = () => Math.max(0.1, limit - (performance.now() - t0) / 1000)
  const steps: { step: string; seconds: number; objective: number | null; bound: number | null }[] = []
  const report = (step: string, r: MipResult) =>
    steps.push({ step, seconds: r.seconds, objective: r.feasible ? r.objective : null, bound: r.bound })
  // Primal simplex: on this model (many columns, few short rows) about twice as fast as the dual default.
  const lpRes = await solveMip(relaxation(lp), { timeLimit: left() * 0.6, signal: p.signal, simplexStrategy: 4 })
  let bound = lpRes.status === 'Optimal' && lpRes.feasible ? lpRes.objective : null
  steps.push({ step: 'LP relaxation', seconds: lpRes.seconds, objective: null, bound })
  let best: MipResult | null = null
  const gapOf = (r: MipResult) =>
    bound === null || !r.feasible ? null : Math.max(0, (bound - r.objective) / Math.max(1e-9, Math.abs(bound)))
  if (bound !== null && !p.signal?.aborted) {
    // The neighbourhood: every candidate the relaxation uses, the best few of every place, and the greedy teams.
    const greedyStart = warmStart(p, cands)
    const rank = new Map<string, number>()
    const seen = new Map<string, number>()
    for (const x of cands) {
      const key = `${x.c.id}|${x.slot}`
      rank.set(x.v, seen.get(key) ?? 0)
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    const sub = cands.filter(
      (x) => (lpRes.columns.get(x.v) ?? 0) > 1e-6 || rank.get(x.v)! < NEIGHBOURHOOD || greedyStart.get(x.v) === 1,
    )
    const r = await solveMip(buildModel(p, sub).lp, {
      timeLimit: left() * 0.5,
      gap: 1e-4,
      start: greedyStart,
      signal: p.signal,
      onProgress: p.onProgress,
      stopAt: bound - target * 0.5 * Math.abs(bound),
    })
    report('integer programme on the relaxation’s candidates', r)
    if (r.feasible) best = r
    p.onProgress?.({
      seconds: (performance.now() - t0) / 1000,
      objective: best?.objective ?? null,
      bound,
      gap: best ? gapOf(best) : null,
    })
  }
  if (!best || (gapOf(best) ?? 1) > target) {
    if (!p.signal?.aborted && lpRes.status !== 'Infeasible') {
      const start = best ? best.columns : warmStart(p, cands)
      const r = await solveMip(lp, {
        timeLimit: left(),
        gap: target,
        start,
        signal: p.signal,
        onProgress: p.onProgress,
      })
      report('whole integer programme', r)
      if (r.bound !== null) bound = bound === null ? r.bound : Math.min(bound, r.bound)
      if (r.feasible && (!best || r.objective > best.objective)) best = r
      else if (!best) best = r
    }
  }
  const out = best ?? lpRes
  const feasible = !!best && best.feasible
  return {
    status: best ? best.status : lpRes.status === 'Infeasible' ? 'Infeasible' : lpRes.status,
    feasible,
    objective: out.objective,
    bound,
    gap: feasible ? gapOf(best!) : null,
    columns: feasible ? best!.columns : new Map<string, number>(),
    steps,
  }
}

/** Proposes teams: the integer programme's optimum (or best within the time limit), with reasons and alternates. */
export async function assemble(p: Problem): Promise<Solution> {
  const t0 = performance.now()
  const { candidates: cands, shortfalls } = candidates(p)
  const ranked = p.challenges.flatMap((c) =>
    p.rules.slots.map((s) => ({
      challengeId: c.id,
      slot: s.key,
      peers: cands
        .filter((x) => x.c.id === c.id && x.slot === s.key)
        .map((x) => ({ peerId: x.peer.id, score: x.score, reasons: x.reasons })),
    })),
  )
  const base = {
    picks: [],
    objective: null,
    gap: null,
    bound: null,
    variables: 0,
    constraints: 0,
    alternates: [],
    ranked,
  }
  if (shortfalls.length)
    return { ...base, status: 'no-candidates', seconds: (performance.now() - t0) / 1000, explanation: shortfalls }
  const model = buildModel(p, cands)
  const res = await improve(p, cands, model.lp, t0)
  const limit = p.timeLimitSeconds ?? 30
  const seconds = () => (performance.now() - t0) / 1000
  const chosen = res.feasible ? cands.filter((x) => (res.columns.get(x.v) ?? 0) > 0.5) : []
  if (!chosen.length || /infeasible/i.test(res.status)) {
    const proved = /infeasible/i.test(res.status)
    const explanation = !proved
      ? [`No teams found within the time allowed (${limit} s): allow more time, or relax a rule.`]
      : p.relax?.length
        ? []
        : await explainInfeasible(p)
    return {
      ...base,
      status: 'infeasible',
      seconds: seconds(),
      variables: model.variables,
      constraints: model.constraints,
      explanation,
    }
  }
  const objective = res.objective
  // HiGHS's own bound (branch and bound's): nothing better than it exists among the candidates. 'optimal' only when
  // the teams are proven within 0.01% of it; otherwise the gap says how far from the best they can be.
  const gap = res.gap === null ? null : res.gap < 1e-4 ? 0 : res.gap
  const proven = gap === 0
  const picks = chosen.map((x) => ({
    challengeId: x.c.id,
    slot: x.slot,
    peerId: x.peer.id,
    score: x.score,
    reasons: x.reasons,
  }))
  const alternates = p.challenges.flatMap((c) =>
    p.rules.slots.map((s) => ({
      challengeId: c.id,
      slot: s.key,
      peers: cands
        .filter(
          (x) =>
            x.c.id === c.id && x.slot === s.key && !picks.some((k) => k.challengeId === c.id && k.peerId === x.peer.id),
        )
        .slice(0, 3)
        .map((x) => ({ peerId: x.peer.id, score: x.score, reasons: x.reasons })),
    })),
  )
  return {
    status: proven ? 'optimal' : 'feasible',
    picks,
    objective,
    gap,
    bound: res.bound,
    seconds: seconds(),
    steps: res.steps,
    variables: model.variables,
    constraints: model.constraints,
    explanation: [],
    alternates,
    ranked,
  }
}

const RELAX_LABELS: Record<RelaxableRule, string> = {
  'different-party': 'member peers of a different party from the lead member',
  overlap: 'nobody on two visits at once',
  workload: 'each peer’s days offered',
  'focus-cover': 'the council’s focus areas covered by the team',
  'team-size': `the team's size`,
}

/** No team exists: find which single rule, relaxed, would give one. */
async function explainInfeasible(p: Problem): Promise<string[]> {
  const out: string[] = []
  for (const rule of Object.keys(RELAX_LABELS) as RelaxableRule[]) {
    const r = await assemble({ ...p, relax: [rule], timeLimitSeconds: Math.min(10, p.timeLimitSeconds ?? 10) })
    if (r.status === 'optimal' || r.status === 'feasible') out.push(`Relaxing “${RELAX_LABELS[rule]}” gives a team.`)
  }
  return out.length
    ? [`No team meets every rule.`, ...out]
    : [
        'No team meets every rule, and relaxing any one rule is not enough: several rules conflict, or the pool is too small.',
      ]
}
