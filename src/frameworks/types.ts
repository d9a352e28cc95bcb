import type { IsoDate } from '../common/dates.ts'

export interface Theme {
  key: string
  title: string
  question: string
}

export interface Offset {
  days?: number
  workingDays?: number
  weeks?: number
  months?: number
  years?: number
}

export type SatisfiedBy =
  | { event: string | string[] }
  | { child: string }
  | { childEvent: { reviewType: string; event: string } }
  | { nextReview: true }
  | { self: 'onsite_end' }

export interface Rule {
  code: string
  label: string
  /** deadline: must be met; target: expected; offer: optional, lapses unmet without being overdue, never late */
  kind: 'deadline' | 'target' | 'offer'
  /** onsite_end | onsite_start | parent:onsite_end | event:<code> | latest-event:<code> */
  anchor: string
  /** Negative for a milestone before the anchor (the position statement three weeks before the visit). */
  offset: Offset
  satisfiedBy: SatisfiedBy
  /** Where the clock comes from. */
  source: string
  /**
   * The rule applies to a challenge whose on-site visit starts (or, for a return visit, whose original challenge's
   * visit started) on or after this date, and on or before `effectiveTo` when that is set: rules change by date
   * within a framework (the six-month check-in gave way to the progress review in 2022). Each date has its source.
   */
  effectiveFrom: IsoDate
  effectiveFromSource: string
  effectiveTo: IsoDate | null
  effectiveToSource: string | null
  /**
   * A milestone before the visit: once the visit has begun without it being recorded, it lapses ("not recorded
   * before the visit") instead of being overdue for ever.
   */
  lapsesAt?: 'onsite_start'
}

/**
 * Which review types count towards the expectation that every council has a peer challenge every few years, by the
 * date the review was held (versioned reference data, cycle-rules.json): before 2022 a CPC or a finance peer review,
 * from 2022 a CPC, from the 2023/24 programme a CPC, an FPC or a GPC.
 */
export interface CycleRule {
  code: string
  version: number
  label: string
  reviewTypes: string[]
  /** The expected interval from one qualifying review to the next. */
  period: Offset
  effectiveFrom: IsoDate
  effectiveFromSource: string
  effectiveTo: IsoDate | null
  effectiveToSource: string | null
  source: string
}

export interface Framework {
  id: number
  code: string
  reviewType: string
  name: string
  version: number
  effectiveFrom: IsoDate
  effectiveTo: IsoDate | null
  themes: Theme[]
  rules: Rule[]
  sourceNote: string
}

export interface Stage {
  key: string
  label: string
  terminal?: boolean
  /** The visit has taken place once a challenge reaches this stage (counts towards the five-year cycle). */
  held?: boolean
}

export type TransitionRole = 'admin' | 'pcm' | 'lead-peer' | 'council'

export interface Transition {
  from: string
  to: string
  label: string
  roles: TransitionRole[]
  guards?: string[]
  effects?: string[]
}

/** A dated event and who may record it, when (workflow data, decision 0013). */
export interface EventRule {
  code: string
  /** Roles that may record it by hand; none when only a stage change records it. */
  roles: TransitionRole[]
  /** Stages in which it may be recorded by hand. */
  stages?: string[]
  /** Checks on the date and the challenge (frameworks/workflow.ts EVENT_GUARDS). */
  guards?: string[]
  /** At most one of it (a second is a correction of the first). */
  once?: boolean
  /** Roles that may correct its date or withdraw it, with a reason. */
  correctRoles: TransitionRole[]
  /** What recording, correcting or withdrawing it changes (publish-report: the report's public date). */
  effects?: string[]
}

export interface Workflow {
  stages: Stage[]
  transitions: Transition[]
  events: EventRule[]
}

export interface ReviewType {
  code: string
  name: string
  shortName: string
  description: string
  parentRequired: boolean
  workflow: Workflow
}
