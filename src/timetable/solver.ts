import { lpModel, solveMip, type LpRow as Row } from '../common/highs.ts'
import { checkTimetable } from './checker.ts'
import { constructTimetable, peerValue, planValue, SHORT, timeValue } from './construct.ts'
import {
  grid,
  peerInterval,
  peersMinimum,
  peersNeeded,
  startOptions,
  type Attendee,
  type Placement,
  type Session,
  type TeamPeer,
  type TimetableRules,
  type Visit,
} from './model.ts'

/**
 * The on-site programme in two integer programmes solved by HiGHS:
 *  1. when: each session gets a day and start time inside its attendees' availability, clear of the team's blocks,
 *     with no attendee or room double-booked and never more sessions at once than the team can staff in pairs;
 *  2. who: each session gets its peers (a member and an officer peer when the rules say so), no peer in two places
 *     at once (travel included), a daily cap, theme leads at the sessions on their themes, the load kept even.
 * A re-plan (`previous`) rewards keeping every session and pair where it was, so a moved or dropped session changes
 * as little as possible.
 */

export interface TimetableProblem {
  rules: TimetableRules
  visit: Visit
  sessions: Session[]
  attendees: Attendee[]
  peers: TeamPeer[]
  /** The published plan, for a minimal-change re-plan. */
  previous?: Placement[]
  /** The time budget: the constructive plan always comes back; the solver improves it within what is left. */
  timeLimitSeconds?: number
  /** Cancels the improvement (checked between days and at the solver's checkpoints); the best plan so far returns. */
  signal?: AbortSignal
  /** Called after the first plan and after each day is improved, with the plan's value so far. */
  onProgress?: (p: TimetableProgress) => void
}

export interface TimetableProgress {
  step: string
  /** Days improved of all days. */
  done: number
  of: number
  placed: number
  value: number
  seconds: number
}

export interface TimetableResult {
  status: 'optimal' | 'feasible' | 'infeasible'
  placements: Placement[]
  /** Sessions that could not be placed, each with why. */
  unplaced: { sessionId: number; reason: string }[]
  /** Sessions short of peers. */
  understaffed: { sessionId: number; have: number; need: number }[]
  seconds: number
  stages: { variables: number; constraints: number; status: string; seconds: number }[]
  /** The first, constructive plan's measures beside the final plan's (the final is never worse). */
  constructive?: { placed: number; value: number; seconds: number }
  /** The final plan's value on the same measure (`planValue`). */
  value?: number
  /** Days whose plan the solver improved on the constructive one. */
  daysImproved?: number
  /** Against the previous plan: sessions moved, peer places changed, sessions taken out of the programme, sessions still wanted but no longer placed. */
  changes: { moved: number; peersChanged: number; dropped: number; lost: number } | null
}

/** Per peer wanted beyond the team, per slot: spreads sessions so that pairs fit. */
const SPREAD = 2

/** Why a session has no possible start at all. */
function noTimeReason(p: TimetableProblem, s: Session, attendees: Map<number, Attendee>): string {
  const timeItself = startOptions(p.rules, p.visit, { ...s, attendees: [] }, attendees).length > 0
  const away = s.attendees
    .map((id) => attendees.get(id))
    .filter((a) => a && a.unavailable.length)
    .map((a) => a!.name)
  return s.fixed
    ? timeItself
      ? `its fixed time is when ${away.join(', ') || 'an attendee'} cannot attend`
      : 'its fixed time falls in the team’s own time or outside the day'
    : 'no time on any day when all its attendees are free, outside the team’s own time'
}

const CROWDED = 'every time it could take is needed for other sessions with the same people, room, or the whole team'

/**
 * Stage 1: when each session happens. With `day`, only that day's options (the per-day improvement: sessions keep
 * the day the constructive plan gave them), started from `hint`.
 */
async function schedule(p: TimetableProblem, only?: { day: number; hint: Placement[]; timeLimit: number }) {
  const t0 = performance.now()
  const g = grid(p.rules)
  const attendees = new Map(p.attendees.map((a) => [a.id, a]))
  const prev = new Map((p.previous ?? []).map((x) => [x.sessionId, x]))
  const vars: { v: string; s: Session; day: number; start: number; occ: [number, number]; len: number }[] = []
  const unplaced: { sessionId: number; reason: string }[] = []
  for (const s of p.sessions) {
    const opts = startOptions(p.rules, p.visit, s, attendees).filter((o) => !only || o.day === only.day)
    if (!opts.length) unplaced.push({ sessionId: s.id, reason: noTimeReason(p, s, attendees) })
    for (const o of opts)
      vars.push({
        v: `x${vars.length}`,
        s,
        day: o.day,
        start: o.start,
        occ: peerInterval(p.rules, p.visit, s, o.start),
        len: g.length(s.minutes),
      })
  }
  const rows: Row[] = []
  let r = 0
  const bySession = new Map<number, typeof vars>()
  for (const x of vars) bySession.set(x.s.id, [...(bySession.get(x.s.id) ?? []), x])
  for (const [, xs] of bySession) rows.push({ name: `one${r++}`, terms: xs.map((x) => x.v), op: '<=', rhs: 1 })
  const members = p.peers.filter((x) => x.kind === 'member').length
  const officers = p.peers.length - members
  const excess: string[] = []
  for (let day = 0; day < p.visit.days.length; day++) {
    const today = vars.filter((x) => x.day === day)
    // A day's places within what the team can do under the daily cap (and members' share of it when mixing).
    rows.push({
      name: `cap${r++}`,
      terms: today.map((x) => `${peersMinimum(p.rules, x.s)} ${x.v}`),
      op: '<=',
      rhs:
        p.peers.filter(
          (x) => !x.unavailable.some((w) => w.day === day && w.from <= p.rules.dayStart && w.to >= p.rules.dayEnd),
        ).length * p.rules.maxSessionsPerPeerPerDay,
    })
    if (p.rules.mixMemberAndOfficer)
      rows.push({
        name: `capm${r++}`,
        terms: today.filter((x) => peersMinimum(p.rules, x.s) >= 2).map((x) => x.v),
        op: '<=',
        rhs: Math.min(members, officers) * p.rules.maxSessionsPerPeerPerDay,
      })
    for (let t = 0; t < g.slots; t++) {
      // Attendees and rooms: one session at a time.
      const on = today.filter((x) => x.start <= t && t < x.start + x.len)
      const byAttendee = new Map<number, string[]>()
      const byRoom = new Map<string, string[]>()
      for (const x of on) {
        for (const a of x.s.attendees) byAttendee.set(a, [...(byAttendee.get(a) ?? []), x.v])
        if (x.s.room) byRoom.set(`${x.s.site}|${x.s.room}`, [...(byRoom.get(`${x.s.site}|${x.s.room}`) ?? []), x.v])
      }
      for (const [, vs] of byAttendee) if (vs.length > 1) rows.push({ name: `a${r++}`, terms: vs, op: '<=', rhs: 1 })
      for (const [, vs] of byRoom) if (vs.length > 1) rows.push({ name: `r${r++}`, terms: vs, op: '<=', rhs: 1 })
      // The team: never more peers needed at once (travel included) than it has, and of each kind when mixing.
      const busy = today.filter((x) => x.occ[0] <= t && t < x.occ[1])
      if (busy.length > 1) {
        const need = busy.map((x) => `${peersMinimum(p.rules, x.s)} ${x.v}`)
        rows.push({ name: `p${r++}`, terms: need, op: '<=', rhs: p.peers.length })
        // Spread the sessions so that pairs fit: what the sessions would want beyond the team, at each moment, costs.
        const e = `e${day}_${t}`
        excess.push(e)
        rows.push({
          name: `e${r++}`,
          terms: [...busy.map((x) => `${peersNeeded(p.rules, x.s)} ${x.v}`), `-1 ${e}`],
          op: '<=',
          rhs: p.peers.length,
        })
        if (p.rules.mixMemberAndOfficer) {
          const mixed = busy.filter((x) => peersMinimum(p.rules, x.s) >= 2).map((x) => x.v)
          if (mixed.length > Math.min(members, officers))
            rows.push({ name: `m${r++}`, terms: mixed, op: '<=', rhs: Math.min(members, officers) })
        }
      }
    }
  }
  // Place every session; then prefer the asked-for day, earlier in the day, and (re-plan) where it was.
  const objective = vars.map((x) => `${timeValue(x.s, x.day, x.start, prev.get(x.s.id)).toFixed(3)} ${x.v}`)
  const model = lpModel({
    objective: [...objective, ...excess.map((e) => `-${SPREAD} ${e}`)],
    rows,
    binaries: vars.map((x) => x.v),
    bounds: excess.map((e) => ` ${e} >= 0`),
  })
  const start = new Map<string, number>()
  for (const h of only?.hint ?? []) {
    const x = vars.find((y) => y.s.id === h.sessionId && y.day === h.day && y.start === h.start)
    if (x) start.set(x.v, 1)
  }
  const res = await solveMip(model, {
    timeLimit: only?.timeLimit ?? p.timeLimitSeconds ?? 30,
    gap: 1e-3,
    start,
    signal: p.signal,
  })
  const chosen = vars.filter((x) => (res.columns.get(x.v) ?? 0) > 0.5)
  for (const s of p.sessions)
    if (!unplaced.some((u) => u.sessionId === s.id) && !chosen.some((x) => x.s.id === s.id))
      unplaced.push({ sessionId: s.id, reason: CROWDED })
  return {
    chosen,
    unplaced,
    status: res.status,
    stats: {
      variables: vars.length,
      constraints: rows.length,
      status: res.status,
      seconds: (performance.now() - t0) / 1000,
    },
  }
}

/** Stage 2: who goes to each session. */
async function allocate(
  p: TimetableProblem,
  placed: { s: Session; day: number; start: number; occ: [number, number] }[],
  timeLimit?: number,
) {
  const t0 = performance.now()
  const g = grid(p.rules)
  const prev = new Map((p.previous ?? []).map((x) => [x.sessionId, x]))
  const free = (peer: TeamPeer, x: (typeof placed)[number]) =>
    !peer.unavailable.some((w) => w.day === x.day && x.occ[0] < g.slotOf(w.to) && g.slotOf(w.from) < x.occ[1])
  const vars: { v: string; x: (typeof placed)[number]; peer: TeamPeer }[] = []
  for (const x of placed) for (const peer of p.peers) if (free(peer, x)) vars.push({ v: `y${vars.length}`, x, peer })
  const rows: Row[] = []
  let r = 0
  const short: string[] = []
  for (const [i, x] of placed.entries()) {
    const need = peersNeeded(p.rules, x.s)
    const vs = vars.filter((y) => y.x === x)
    // A pair (or the number wanted) where the programme allows; down to the minimum where it does not.
    rows.push({ name: `n${r++}`, terms: [...vs.map((y) => y.v), `1 u${i}`], op: '=', rhs: need })
    short.push(`u${i}`)
    if (p.rules.mixMemberAndOfficer && need >= 2) {
      const m = vs.filter((y) => y.peer.kind === 'member').map((y) => y.v)
      const o = vs.filter((y) => y.peer.kind !== 'member').map((y) => y.v)
      rows.push({ name: `mm${r++}`, terms: [...m, `1 u${i}`], op: '>=', rhs: 1 })
      rows.push({ name: `mo${r++}`, terms: [...o, `1 u${i}`], op: '>=', rhs: 1 })
    }
  }
  for (const peer of p.peers) {
    const mine = vars.filter((y) => y.peer === peer)
    for (let day = 0; day < p.visit.days.length; day++) {
      const today = mine.filter((y) => y.x.day === day)
      if (today.length > p.rules.maxSessionsPerPeerPerDay)
        rows.push({ name: `d${r++}`, terms: today.map((y) => y.v), op: '<=', rhs: p.rules.maxSessionsPerPeerPerDay })
      for (let t = 0; t < g.slots; t++) {
        const on = today.filter((y) => y.x.occ[0] <= t && t < y.x.occ[1])
        if (on.length > 1) rows.push({ name: `c${r++}`, terms: on.map((y) => y.v), op: '<=', rhs: 1 })
      }
    }
    rows.push({ name: `l${r++}`, terms: [...mine.map((y) => y.v), '-1 L'], op: '<=', rhs: 0 })
  }
  const objective = [
    ...vars.map((y) => `${peerValue(y.x.s, y.peer, prev.get(y.x.s.id))} ${y.v}`),
    ...short.map((u) => `-${SHORT} ${u}`),
    '-2 L',
  ]
  const model = lpModel({
    objective,
    rows,
    binaries: vars.map((y) => y.v),
    general: short,
    bounds: [
      ' L >= 0',
      ...placed.map((x, i) => ` 0 <= u${i} <= ${peersNeeded(p.rules, x.s) - peersMinimum(p.rules, x.s)}`),
    ],
  })
  const res = await solveMip(model, { timeLimit: timeLimit ?? p.timeLimitSeconds ?? 30, gap: 1e-3, signal: p.signal })
  const picks = res.feasible ? vars.filter((y) => (res.columns.get(y.v) ?? 0) > 0.5) : []
  return {
    picks,
    status: res.feasible ? res.status : /infeasible/i.test(res.status) ? res.status : `${res.status} (no plan)`,
    stats: {
      variables: vars.length + short.length + 1,
      constraints: rows.length,
      status: res.status,
      seconds: (performance.now() - t0) / 1000,
    },
  }
}

/**
 * The programme: first the constructive plan (`constructTimetable`, complete whenever a simple pass can place every
 * session, in milliseconds), then, day by day within the time budget, the two integer programmes on that day's
 * sessions (the day's model is small: ~30 sessions), started from the constructive plan. A day's new plan replaces
 * the old only when the separate checker passes it and it is worth more (`planValue`); so the result is never
 * worse than the constructive plan, and a busy machine (or a cancelled run) returns it, complete.
 */
export async function solveTimetable(p: TimetableProblem): Promise<TimetableResult> {
  const t0 = performance.now()
  const elapsed = () => (performance.now() - t0) / 1000
  const budget = p.timeLimitSeconds ?? 30
  const attendees = new Map(p.attendees.map((a) => [a.id, a]))
  const first = constructTimetable(p)
  const firstSeconds = elapsed()
  let best = first.placements
  let value = planValue(p, best)
  const firstValue = value
  const stages: TimetableResult['stages'] = []
  const days = p.visit.days.length
  let improved = 0
  let optimalDays = 0
  const progress = (step: string, done: number) =>
    p.onProgress?.({ step, done, of: days, placed: best.length, value, seconds: elapsed() })
  progress('first plan', 0)
  for (let day = 0; day < days; day++) {
    const left = budget - elapsed()
    if (p.signal?.aborted || left < 0.05) break
    const hint = best.filter((q) => q.day === day)
    if (!hint.length) {
      optimalDays++
      continue
    }
    const ids = new Set(hint.map((q) => q.sessionId))
    const sub: TimetableProblem = { ...p, sessions: p.sessions.filter((s) => ids.has(s.id)) }
    const share = left / (days - day)
    const one = await schedule(sub, { day, hint, timeLimit: share * 0.7 })
    stages.push({ ...one.stats })
    if (one.chosen.length < hint.length) continue // never fewer sessions than the first plan
    // the budget is wall time: on a busy machine the first model may have used it all; then stop here
    if (p.signal?.aborted || budget - elapsed() < 0.05) break
    const placed = one.chosen.map((x) => ({ s: x.s, day: x.day, start: x.start, occ: x.occ }))
    const two = await allocate(sub, placed, (budget - elapsed()) / (days - day))
    stages.push({ ...two.stats })
    if (!two.picks.length) continue
    if (/optimal/i.test(one.status) && /optimal/i.test(two.status)) optimalDays++
    const today: Placement[] = placed.map((x) => ({
      sessionId: x.s.id,
      day: x.day,
      start: x.start,
      peers: two.picks
        .filter((y) => y.x.s.id === x.s.id)
        .map((y) => y.peer.id)
        .sort((a, b) => a - b),
    }))
    const next = [...best.filter((q) => q.day !== day), ...today]
    const nextValue = planValue(p, next)
    if (nextValue > value && !checkTimetable(p, next).length) {
      best = next
      value = nextValue
      improved++
    }
    progress(`day ${day + 1} improved`, day + 1)
  }
  const placements = [...best].sort((a, b) => a.day - b.day || a.start - b.start || a.sessionId - b.sessionId)
  const placedIds = new Set(placements.map((q) => q.sessionId))
  const unplaced = p.sessions
    .filter((s) => !placedIds.has(s.id))
    .map((s) => {
      const none = !startOptions(p.rules, p.visit, s, attendees).length
      return { sessionId: s.id, reason: none ? noTimeReason(p, s, attendees) : CROWDED }
    })
  const placed = placements.map((q) => ({ s: p.sessions.find((s) => s.id === q.sessionId)! }))
  const understaffed = placed
    .map((x) => ({
      sessionId: x.s.id,
      have: placements.find((q) => q.sessionId === x.s.id)!.peers.length,
      need: peersNeeded(p.rules, x.s),
    }))
    .filter((u) => u.have < u.need)
  // 'optimal' when every day's two programmes were solved to optimality (each day's sessions as the first plan
  // placed them); 'feasible' when the budget ran out or a day kept its first plan for another reason.
  const optimal = optimalDays === days
  let changes: TimetableResult['changes'] = null
  if (p.previous) {
    let moved = 0
    let peersChanged = 0
    let dropped = 0
    let lost = 0
    for (const was of p.previous) {
      const now = placements.find((q) => q.sessionId === was.sessionId)
      if (!now) {
        if (p.sessions.some((s) => s.id === was.sessionId)) lost++
        else dropped++
        continue
      }
      if (now.day !== was.day || now.start !== was.start) moved++
      peersChanged += was.peers.filter((id) => !now.peers.includes(id)).length
    }
    changes = { moved, peersChanged, dropped, lost }
  }
  return {
    status: optimal ? 'optimal' : 'feasible',
    placements,
    unplaced,
    understaffed,
    seconds: elapsed(),
    stages,
    constructive: { placed: first.placements.length, value: firstValue, seconds: firstSeconds },
    value,
    daysImproved: improved,
    changes,
  }
}
