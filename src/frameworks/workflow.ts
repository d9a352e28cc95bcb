import type { EventRule, Transition, TransitionRole, Workflow } from './types.ts'

/** Facts the transition guards look at; gathered by the service. */
export interface GuardFacts {
  onsiteStart: string | null
  onsiteEnd: string | null
  teamRoles: string[]
  keyRecommendations: number
  events: Record<string, string>
}

export const GUARDS: Record<
  string,
  {
    describe: string
    check: (f: GuardFacts) => string | null
    /** The recorded event the guard needs. */ event?: string
  }
> = {
  'has-onsite-dates': {
    describe: 'On-site start and end dates are set',
    check: (f) => (f.onsiteStart && f.onsiteEnd ? null : 'Enter the on-site start and end dates first'),
  },
  'has-core-team': {
    describe: 'The team has a lead peer and a peer challenge manager',
    check: (f) => {
      const missing = [
        f.teamRoles.includes('lead-peer') ? null : 'a lead peer',
        f.teamRoles.includes('pcm') ? null : 'a peer challenge manager',
      ].filter(Boolean)
      return missing.length ? `Add ${missing.join(' and ')} to the team first` : null
    },
  },
  'has-key-recommendations': {
    describe: 'At least one key recommendation is recorded',
    check: (f) => (f.keyRecommendations > 0 ? null : 'Add at least one key recommendation first'),
  },
  'report-published-recorded': {
    describe: 'The report publication date is recorded',
    check: (f) => (f.events['report_published'] ? null : 'Record the date the report was published first'),
    event: 'report_published',
  },
}

export function stageLabel(workflow: Workflow, key: string): string {
  return workflow.stages.find((s) => s.key === key)?.label ?? key
}

/** Transitions out of `stage` that the actor's roles allow (guards not yet checked). */
export function transitionsFor(workflow: Workflow, stage: string, roles: ReadonlySet<TransitionRole>): Transition[] {
  return workflow.transitions.filter((t) => t.from === stage && t.roles.some((r) => roles.has(r)))
}

export function findTransition(workflow: Workflow, from: string, to: string): Transition | undefined {
  return workflow.transitions.find((t) => t.from === from && t.to === to)
}

/** Messages for each guard the facts do not satisfy (empty when the transition may go ahead). */
export function guardProblems(t: Transition, facts: GuardFacts): string[] {
  return (t.guards ?? [])
    .map((g) => {
      const guard = GUARDS[g]
      if (!guard) throw new Error(`unknown guard ${g}`)
      return guard.check(facts)
    })
    .filter((m): m is string => !!m)
}

/** Facts an event's guards look at: the date being recorded, the challenge's dates and its action plan. */
export interface EventGuardFacts {
  date: string
  today: string
  onsiteStart: string | null
  onsiteEnd: string | null
  /** The council's action plan has been approved in the service, or kept as an uploaded document. */
  hasActionPlan: boolean
}

export const EVENT_GUARDS: Record<string, { describe: string; check: (f: EventGuardFacts) => string | null }> = {
  'not-in-future': {
    describe: 'The date is not in the future',
    check: (f) => (f.date > f.today ? 'The date cannot be in the future' : null),
  },
  'on-or-after-onsite-start': {
    describe: 'The date is on or after the first day on site',
    check: (f) => (f.onsiteStart && f.date < f.onsiteStart ? 'This cannot be before the on-site visit' : null),
  },
  'on-or-after-onsite-end': {
    describe: 'The date is on or after the last day on site',
    check: (f) =>
      !f.onsiteEnd
        ? 'Enter the on-site dates first'
        : f.date < f.onsiteEnd
          ? 'This cannot be before the end of the on-site visit'
          : null,
  },
  'has-action-plan': {
    describe: 'The action plan has been approved (or is kept as an uploaded document)',
    check: (f) =>
      f.hasActionPlan
        ? null
        : 'Record the meeting that approved the action plan (or upload the plan) before publishing it',
  },
}

export function eventRule(workflow: Workflow, code: string): EventRule | undefined {
  return (workflow.events ?? []).find((e) => e.code === code)
}

/** Messages for each of the event's guards the facts do not satisfy. */
export function eventGuardProblems(rule: EventRule, facts: EventGuardFacts): string[] {
  return (rule.guards ?? [])
    .map((g) => {
      const guard = EVENT_GUARDS[g]
      if (!guard) throw new Error(`unknown event guard ${g}`)
      return guard.check(facts)
    })
    .filter((m): m is string => !!m)
}

/** The event some transition into `stage` needed: withdrawing it would leave the stage without its reason. */
export function eventsHoldingStage(workflow: Workflow, stage: string): string[] {
  return workflow.transitions
    .filter((t) => t.to === stage)
    .flatMap((t) => (t.guards ?? []).map((g) => GUARDS[g]?.event).filter((e): e is string => !!e))
}
