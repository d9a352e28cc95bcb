import type { Transition, TransitionRole, Workflow } from './types.ts'

/** Facts the transition guards look at; gathered by the service. */
export interface GuardFacts {
  onsiteStart: string | null
  onsiteEnd: string | null
  teamRoles: string[]
  keyRecommendations: number
  events: Record<string, string>
}

export const GUARDS: Record<string, { describe: string; check: (f: GuardFacts) => string | null }> = {
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
