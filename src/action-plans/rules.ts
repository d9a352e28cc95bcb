import { daysBetween, type IsoDate } from '../common/dates.ts'

/** Pure rules of the action plan: RAG ratings, roll-ups, approval checks and reminder windows. No I/O. */

export type ActionStatus = 'not-started' | 'in-progress' | 'complete' | 'bau'
export type Rag = 'red' | 'amber' | 'green'
export type Response = 'accepted' | 'partly-accepted' | 'not-accepted'

export const ACTION_STATUSES: { key: ActionStatus; label: string }[] = [
  { key: 'not-started', label: 'Not started' },
  { key: 'in-progress', label: 'In progress' },
  { key: 'complete', label: 'Complete' },
  { key: 'bau', label: 'Moved to business as usual' },
]
export const RESPONSES: { key: Response; label: string }[] = [
  { key: 'accepted', label: 'Accepted' },
  { key: 'partly-accepted', label: 'Partly accepted' },
  { key: 'not-accepted', label: 'Not accepted' },
]
export const RAGS: { key: Rag; label: string }[] = [
  { key: 'red', label: 'Red' },
  { key: 'amber', label: 'Amber' },
  { key: 'green', label: 'Green' },
]
export const isDone = (s: ActionStatus) => s === 'complete' || s === 'bau'
export const statusLabel = (s: string) => ACTION_STATUSES.find((x) => x.key === s)?.label ?? s
export const responseLabel = (s: string | null | undefined) =>
  RESPONSES.find((x) => x.key === s)?.label ?? 'No response yet'
export const ragLabel = (s: string | null | undefined) => RAGS.find((x) => x.key === s)?.label ?? ''

/** One condition set: every condition given must hold. */
export interface RagCondition {
  status?: ActionStatus[]
  overdue?: boolean
  dueWithinDays?: number
  milestoneOverdue?: boolean
  startPassed?: boolean
  daysSinceUpdate?: number
  targetRevisions?: number
}
export interface RagRule {
  if: RagCondition
  rag: Rag
  reason: string
}
export interface ReminderRules {
  dueInDays: number[]
  overdueEveryDays: number
  updateEveryDays: number
  publicationDueInDays: number[]
  publicationRules: string[]
}
export interface PlanRules {
  rag: RagRule[]
  reminders: ReminderRules
}

export interface ActionFacts {
  status: ActionStatus
  startDate: IsoDate | null
  targetDate: IsoDate
  milestones: { dueDate: IsoDate | null; doneOn: IsoDate | null }[]
  /** Date of the latest progress update, or when the action was added if none. */
  lastUpdateOn: IsoDate
  targetRevisions: number
  override: { rag: Rag; reason: string } | null
}

export interface RagResult {
  rag: Rag
  reason: string
  /** What the rules give, whatever the override says. */
  computed: Rag
  computedReason: string
  overridden: boolean
}

function matches(c: RagCondition, f: ActionFacts, today: IsoDate): boolean {
  const left = daysBetween(today, f.targetDate)
  if (c.status && !c.status.includes(f.status)) return false
  if (c.overdue !== undefined && c.overdue !== (left < 0 && !isDone(f.status))) return false
  if (c.dueWithinDays !== undefined && !(left >= 0 && left <= c.dueWithinDays)) return false
  if (
    c.milestoneOverdue !== undefined &&
    c.milestoneOverdue !== f.milestones.some((m) => !m.doneOn && !!m.dueDate && m.dueDate < today)
  )
    return false
  if (c.startPassed !== undefined && c.startPassed !== (!!f.startDate && f.startDate < today)) return false
  if (c.daysSinceUpdate !== undefined && !(daysBetween(f.lastUpdateOn, today) >= c.daysSinceUpdate)) return false
  if (c.targetRevisions !== undefined && !(f.targetRevisions >= c.targetRevisions)) return false
  return true
}

/** The RAG rating of an action on `today`: the first rule that matches, unless overridden (with a reason). */
export function computeRag(rules: RagRule[], f: ActionFacts, today: IsoDate): RagResult {
  const rule = rules.find((r) => matches(r.if, f, today))
  if (!rule) throw new Error('RAG rules must end with a rule that always matches')
  const base = { computed: rule.rag, computedReason: rule.reason }
  if (f.override) return { ...base, rag: f.override.rag, reason: `Set by hand: ${f.override.reason}`, overridden: true }
  return { ...base, rag: rule.rag, reason: rule.reason, overridden: false }
}

const SEVERITY: Record<Rag, number> = { green: 0, amber: 1, red: 2 }

/** A recommendation's rating is its worst action's; null when it has no actions. */
export function worstRag(rags: Rag[]): Rag | null {
  return rags.length ? rags.reduce((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a)) : null
}

export function ragCounts(rags: (Rag | null)[]): Record<Rag, number> {
  const out: Record<Rag, number> = { red: 0, amber: 0, green: 0 }
  for (const r of rags) if (r) out[r]++
  return out
}

/** Why a plan cannot yet be approved (empty when it can). */
export function approvalProblems(
  recs: { number: number; kind: string; response: Response | null; reasons: string; actions: number }[],
): string[] {
  const problems: string[] = []
  for (const r of recs) {
    const label = `${r.kind === 'key' ? 'Recommendation' : 'Theme recommendation'} ${r.number}`
    if (!r.response) problems.push(`${label} has no response`)
    else if (r.response !== 'accepted' && !r.reasons.trim())
      problems.push(
        `${label} needs the reasons it is ${r.response === 'not-accepted' ? 'not' : 'only partly'} accepted`,
      )
    else if (r.response !== 'not-accepted' && r.actions === 0)
      problems.push(`${label} is ${r.response === 'accepted' ? 'accepted' : 'partly accepted'} but has no action`)
  }
  if (!recs.length) problems.push('The report has no recommendations')
  return problems
}

/**
 * Which "due soon" window an action is in: the smallest threshold it is within (e.g. 30, 7, 1 days), or null.
 * Windows make reminders robust to a missed day: an action 6 days out gets its 7-day reminder even if the job did not
 * run on the day it was exactly 7.
 */
export function dueWindow(thresholds: number[], daysLeft: number): number | null {
  if (daysLeft < 0) return null
  const within = thresholds.filter((t) => daysLeft <= t).sort((a, b) => a - b)
  return within[0] ?? null
}

/** The n-th overdue period (0 in the first `every` days overdue, 1 in the next ...), or null when not overdue. */
export function overduePeriod(every: number, daysLeft: number): number | null {
  if (daysLeft >= 0) return null
  return Math.floor((-daysLeft - 1) / Math.max(1, every))
}

/**
 * The RAG key a printed plan carries, from the rules themselves: what makes an action red, amber or green, and what
 * "complete" means (a rule on finished statuses). Rules apply in order, first match wins, so each meaning lists the
 * reasons of the rules that give that rating.
 */
export function ragKey(rules: RagRule[]): { key: Rag | 'complete'; label: string; meaning: string }[] {
  const done = (r: RagRule) => !!r.if.status?.length && r.if.status.every(isDone)
  const meanings = (rs: RagRule[]) => {
    const reasons = rs.map((r) => r.reason.trim()).filter(Boolean)
    return reasons.map((t, i) => (i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1))).join('; or ')
  }
  const out: { key: Rag | 'complete'; label: string; meaning: string }[] = RAGS.map((g) => ({
    key: g.key,
    label: g.label,
    meaning: meanings(rules.filter((r) => r.rag === g.key && !done(r))),
  })).filter((k) => k.meaning)
  const complete = rules.filter(done)
  if (complete.length)
    out.push({
      key: 'complete',
      label: 'Complete',
      meaning: `${ACTION_STATUSES.filter((s) => isDone(s.key))
        .map((s, i) => (i === 0 ? s.label : s.label.toLowerCase()))
        .join(' or ')}: rated ${complete.map((r) => ragLabel(r.rag).toLowerCase()).join(' or ')}`,
    })
  return out
}
