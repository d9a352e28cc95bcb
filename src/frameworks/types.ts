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
  /** deadline: must be met; target: expected; offer: optional, lapses unmet without being overdue */
  kind: 'deadline' | 'target' | 'offer'
  /** onsite_end | onsite_start | parent:onsite_end | event:<code> */
  anchor: string
  offset: Offset
  satisfiedBy: SatisfiedBy
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

export interface Workflow {
  stages: Stage[]
  transitions: Transition[]
}

export interface ReviewType {
  code: string
  name: string
  shortName: string
  description: string
  qualifiesForCycle: boolean
  parentRequired: boolean
  workflow: Workflow
}
