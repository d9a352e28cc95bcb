import { formatDate, formatDayDate, type IsoDate } from '../common/dates.ts'
import { dueIn, listInWords } from '../common/periods.ts'
import type { TransitionRole, Workflow } from '../frameworks/types.ts'

/**
 * "What do I do next": the tasks a person has on one challenge, worked out by pure rules from its stage, its dates
 * and its deadlines (the framework's rules, as computed for the challenge page), and who moves it on to the next
 * stage (the workflow's data: which roles may make the forward move). Shown on the home page and the challenge's
 * overview. Pure: no database, no clock; the caller passes today.
 */
export type Part = 'admin' | 'pcm' | 'lead-peer' | 'peer' | 'council'

export interface NextStepFacts {
  id: number
  reference: string
  councilName: string
  stage: string
  /** What the person is on this challenge (several: a PCM who is also the programme office). */
  parts: ReadonlySet<Part>
  today: IsoDate
  onsiteStart: IsoDate | null
  onsiteEnd: IsoDate | null
  onsitePrecision: 'day' | 'month'
  feedbackDate: IsoDate | null
  deadlines: readonly { code: string; label: string; due: IsoDate | null; status: string }[]
}

export interface Task {
  text: string
  href: string
  due: IsoDate | null
  /** "in 7 days", "3 months overdue" */
  when: string | null
  overdue: boolean
}

export interface NextSteps {
  challengeId: number
  reference: string
  councilName: string
  tasks: Task[]
  /** Who moves the challenge on to its next stage, and whether this person may. */
  movesOn: { text: string; you: boolean } | null
}

const ROLE_NAMES: Record<TransitionRole, string> = {
  admin: 'the programme office',
  pcm: 'the peer challenge manager',
  'lead-peer': 'the lead peer',
  council: 'the council',
}

const FORWARD_ORDER = [
  'requested',
  'scoping',
  'scheduled',
  'preparation',
  'on-site',
  'drafting',
  'factual-check',
  'final',
  'published',
  'closed',
]

/** The workflow's forward move out of a stage (not a cancellation, a reopening or a return), if any. */
export function forwardTransition(workflow: Workflow, stage: string) {
  const order = workflow.stages.map((s) => s.key)
  const at = order.indexOf(stage)
  return (
    workflow.transitions.find(
      (t) => t.from === stage && t.to !== 'cancelled' && order.indexOf(t.to) > at && FORWARD_ORDER.includes(t.to),
    ) ?? null
  )
}

export function nextSteps(f: NextStepFacts, workflow: Workflow): NextSteps {
  const base = `/challenges/${f.id}`
  const tasks: Task[] = []
  const dl = (code: string) =>
    f.deadlines.find((d) => d.code === code && d.due && ['due', 'overdue'].includes(d.status))
  const add = (text: string, href: string, due: IsoDate | null = null) =>
    tasks.push({
      text: due ? `${text} by ${formatDate(due)}` : text,
      href,
      due,
      when: due ? dueIn(due, f.today) : null,
      overdue: !!due && due < f.today,
    })
  const has = (p: Part) => f.parts.has(p)
  const team = has('pcm') || has('lead-peer') || has('peer')
  const start = f.onsitePrecision === 'day' ? f.onsiteStart : null

  switch (f.stage) {
    case 'requested':
    case 'scoping':
      if (has('admin')) add('Agree the scope and the visit dates with the council', `${base}/scope`)
      if (has('council'))
        add('Agree the scope of the challenge and your own questions under each theme', `${base}/scope`)
      if (has('lead-peer')) add('Join the scoping meeting with the council', `${base}/scope`)
      break
    case 'scheduled':
    case 'preparation': {
      const ps = dl('position-statement')
      if (has('council')) {
        if (ps) add('Send the position statement to the LGA', `${base}/documents`, ps.due)
        add('Enter the sessions and the people the team will meet', `${base}/visit`, start)
      }
      if (has('pcm')) add('Plan and publish the on-site programme', `${base}/visit`, start)
      if (has('admin') && !has('pcm')) add('Check the team is complete before the visit', `${base}/team`, start)
      if (has('lead-peer') || (has('peer') && !has('pcm')))
        add('Read the position statement and the data pack before the visit', `${base}/documents`, start)
      break
    }
    case 'on-site':
      if (team) add('Take notes of each session, tagged to the themes', `${base}/evidence`)
      if (has('lead-peer') && f.feedbackDate)
        tasks.push({
          text: `Present the team’s feedback on ${formatDayDate(f.feedbackDate)}`,
          href: `${base}/evidence`,
          due: f.feedbackDate,
          when: dueIn(f.feedbackDate, f.today),
          overdue: f.feedbackDate < f.today,
        })
      if (has('council')) add('Keep the programme up to date: sessions held, moved or not held', `${base}/visit`)
      break
    case 'drafting':
      if (has('lead-peer') || has('pcm')) add('Write the draft report and send it to the council', `${base}/report`)
      if (has('council')) add('Wait for the draft report: the peer team is writing it', `${base}/report`)
      break
    case 'factual-check': {
      const fc = dl('factual-check')
      if (has('council'))
        add('Check the draft report for factual accuracy and send your comments', `${base}/report`, fc?.due ?? null)
      if (has('pcm'))
        add('Answer the council’s comments, then issue the final report', `${base}/report`, fc?.due ?? null)
      else if (has('lead-peer'))
        add('Answer the council’s comments on the draft report', `${base}/report`, fc?.due ?? null)
      break
    }
    case 'final': {
      const rp = dl('report-published')
      if (has('council')) add('Publish the report', `${base}/report`, rp?.due ?? null)
      if (has('council')) add('Respond to each recommendation in the action plan', `${base}/action-plan`)
      if (has('admin')) add('Record when the council publishes the report', base, rp?.due ?? null)
      break
    }
    case 'published': {
      const ap = dl('action-plan-published') ?? dl('action-plan-latest')
      if (has('council')) {
        if (ap) add('Publish the action plan', `${base}/action-plan`, ap.due)
        add('Update progress on the actions', `${base}/action-plan`)
      }
      const pr = dl('progress-review')
      if (has('admin') && pr) add('Arrange the progress review', base, pr.due)
      break
    }
  }
  // a deadline the person can act on that has passed, not already a task above
  if (has('admin'))
    for (const d of f.deadlines)
      if (d.status === 'overdue' && d.due && !tasks.some((t) => t.due === d.due) && d.code !== 'next-review')
        add(`Chase: ${lowerFirst(d.label)}`, `${base}#deadline-${d.code}`, d.due)

  const fwd = forwardTransition(workflow, f.stage)
  let movesOn: NextSteps['movesOn'] = null
  if (fwd) {
    const you = fwd.roles.some((r) => (r === 'lead-peer' ? has('lead-peer') : has(r as Part)))
    const to = workflow.stages.find((s) => s.key === fwd.to)?.label ?? fwd.to
    movesOn = you
      ? { text: `You can move it on to “${to}” on the overview.`, you }
      : {
          text: `${ucfirst(listInWords(fwd.roles.map((r) => ROLE_NAMES[r])).replace(' and ', ' or '))} moves it on to “${to}”.`,
          you,
        }
  }
  tasks.sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999'))
  return { challengeId: f.id, reference: f.reference, councilName: f.councilName, tasks, movesOn }
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
const ucfirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
