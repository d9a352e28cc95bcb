import { period } from '../common/periods.ts'
import { formatDate, formatDateRange, plural } from '../common/dates.ts'
import { figure } from '../reports/document.ts'
import {
  committeeTemplate,
  orList,
  type Committee,
  type CommitteeSettings,
  type SectionKey,
} from '../committees/rules.ts'
import type { ActionView, PlanView, RecView } from './repo.ts'
import { ragLabel } from './rules.ts'

/**
 * What a committee report on the action plan says (decision 0017), as a structured model: a header of labelled
 * fields, then numbered sections of paragraphs, lists and tables, then the appendices. A renderer (documents.ts) turns
 * it into Word; this module decides the words alone, from the plan as it stood at the meeting, the council's
 * committee settings and the challenge's facts. Pure: no I/O.
 */

export type Purpose = 'endorse-report' | 'approve-plan' | 'comment-plan' | 'note-progress'
export const PURPOSES: { key: Purpose; label: string }[] = [
  { key: 'endorse-report', label: 'Endorse the peer team’s report and note the council’s response' },
  { key: 'approve-plan', label: 'Approve the action plan' },
  { key: 'comment-plan', label: 'Comment on the draft action plan' },
  { key: 'note-progress', label: 'Note progress against the action plan' },
]

export type Block =
  | { kind: 'paragraph'; text: string; style?: 'bold' | 'italic' | 'note' }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'numbered'; items: string[] }
  | { kind: 'subheading'; text: string }
  | { kind: 'table'; header: string[]; rows: { cells: string[]; rag?: 'red' | 'amber' | 'green' }[] }

export interface ReportSection {
  key: SectionKey
  heading: string
  blocks: Block[]
}

export interface CommitteeReportContent {
  council: string
  title: string
  /** The democratic-services header: report to, date, report of, portfolio, wards, public or exempt, key decision. */
  header: { label: string; value: string }[]
  /** The sections in the council's order; the renderer numbers them. */
  sections: ReportSection[]
  appendices: { key: 'action-plan'; heading: string }[]
}

export interface ProgressReviewFact {
  due: string | null
  /** Held: the review took place (on `heldOn`). */
  status: 'due' | 'overdue' | 'held'
  heldOn: string | null
}

export interface CommitteeReportFacts {
  councilName: string
  reviewTypeName: string
  onsiteStart: string | null
  onsiteEnd: string | null
  team: { name: string; role: string; title: string | null; organisation: string | null }[]
  themes: string[]
  focusAreas: string[]
  figures: { peopleMet: number | null; meetings: number | null; days: number | null }
  reportPublished: string | null
  planPublished: string | null
  progressReview: ProgressReviewFact | null
  /** The plan as last reported to a meeting before this one: progress not in it is "what has been done" since. */
  lastReported: { label: string; updateIds: number[]; doneActionIds: number[] } | null
  /** The meeting that approved the plan, when it had by this meeting. */
  approvedBy: string | null
}

export interface CommitteeReportRequest {
  committee: Committee | null
  meetingDate: string | null
  purpose: Purpose
  exemptParagraph: string | null
  keyDecision: boolean
  reportOf: string
  portfolioHolder: string
  wards: string
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`)
const ucfirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The purpose a report has when none is asked for: what the plan's state and the committee allow. */
export function defaultPurpose(v: PlanView, committee: Committee | null): Purpose {
  if (v.approvedOn) return 'note-progress'
  return committee?.approvesPlan ? 'approve-plan' : 'comment-plan'
}

/** Why a purpose cannot be asked of this committee about this plan (null: it can). */
export function purposeProblem(
  purpose: Purpose,
  v: PlanView,
  committee: Committee | null,
  settings: CommitteeSettings,
): string | null {
  if (purpose === 'approve-plan') {
    if (v.approvedOn)
      return `The action plan was approved on ${formatDate(v.approvedOn)}: ask the committee to note progress`
    if (committee && !committee.approvesPlan)
      return `${committee.name} does not approve the action plan in the council’s committee settings: ${orList(
        settings.committees.filter((c) => c.approvesPlan).map((c) => c.name),
      )} can. Ask it to comment on the draft plan instead`
  }
  if (purpose === 'comment-plan' && v.approvedOn)
    return `The action plan was approved on ${formatDate(v.approvedOn)}: there is no draft to comment on`
  return null
}

const actionsOf = (v: PlanView, r: RecView) =>
  r.actionIds.map((id) => v.actions.find((a) => a.id === id)!).filter(Boolean)

function ragSummary(v: PlanView): string {
  const c = v.counts
  return `${plural(c.actions, 'action')}: ${c.rag.red} red, ${c.rag.amber} amber, ${c.rag.green} green. ${c.status.complete + c.status.bau} complete or moved to business as usual, ${c.status['in-progress']} in progress, ${c.status['not-started']} not started.`
}

/** "accepted 3 and partly accepted 1 of the 5 recommendations; 1 awaits a response" (no "did not accept 0"). */
export function responsesSentence(v: PlanView): string {
  const r = v.counts.responses
  const total = v.recommendations.length
  const parts: string[] = []
  if (r.accepted) parts.push(`accepted ${r.accepted === total ? 'all' : r.accepted}`)
  if (r['partly-accepted']) parts.push(`partly accepted ${r['partly-accepted']}`)
  if (r['not-accepted']) parts.push(`did not accept ${r['not-accepted']}`)
  const of = `of the ${plural(total, 'recommendation')}`
  const waiting = r.none ? `${r.none === 1 ? '1 awaits' : `${r.none} await`} a response` : ''
  if (!parts.length) return `The council has not yet responded to the ${plural(total, 'recommendation')}.`
  if (parts.length === 1 && r.accepted === total) return `The council accepted all ${plural(total, 'recommendation')}.`
  return `The council ${orList(parts, 'and')} ${of}${waiting ? `; ${waiting}` : ''}.`
}

/** The plan's state in words: approved (by whom) or a draft; published or not. */
function planStateSentence(v: PlanView, f: CommitteeReportFacts): string {
  const approved = v.approvedOn
    ? `was approved${f.approvedBy ? ` by ${f.approvedBy}` : ''} on ${formatDate(v.approvedOn)}`
    : 'is a draft, not yet approved'
  const published = f.planPublished
    ? v.approvedOn
      ? ` and published on ${formatDate(f.planPublished)}`
      : `; it was published on ${formatDate(f.planPublished)}`
    : ''
  return `The council’s action plan ${approved}${published}.`
}

function progressReviewSentence(p: ProgressReviewFact | null, asOf: string): string {
  if (!p) return ''
  if (p.status === 'held')
    return ` The peer team’s progress review was held${p.heldOn ? ` on ${formatDate(p.heldOn)}` : ''}.`
  if (!p.due) return ' The peer team returns for a progress review.'
  if (p.due < asOf)
    return ` The peer team’s progress review was due by ${formatDate(p.due)}, ${period(p.due, asOf)} ago, and has not been held: the council should agree a date with the LGA.`
  return ` The peer team returns for a progress review, due by ${formatDate(p.due)}.`
}

function doneAndNext(v: PlanView, r: RecView, last: CommitteeReportFacts['lastReported']) {
  const done: string[] = []
  const next: string[] = []
  for (const a of actionsOf(v, r)) {
    const ups = a.updates.filter((u) => !last || !last.updateIds.includes(u.id))
    for (const u of [...ups].reverse()) done.push(`Action ${a.number} (${formatDate(u.asOf)}): ${u.text}`)
    if (a.status === 'complete' || a.status === 'bau') {
      if (!ups.length && !last?.doneActionIds.includes(a.id))
        done.push(
          `Action ${a.number}: ${a.statusLabel.toLowerCase()}${a.completedOn ? ` on ${formatDate(a.completedOn)}` : ''}`,
        )
      continue
    }
    const nextMs = a.milestones.find((m) => !m.doneOn)
    next.push(
      `Action ${a.number}: ${a.title} (lead: ${a.leadOfficer}; target ${formatDate(a.targetDate)}${a.revisions.length ? `, revised from ${formatDate(a.originalTargetDate)}` : ''})${nextMs ? `. Next milestone: ${nextMs.title}${nextMs.dueDate ? ` by ${formatDate(nextMs.dueDate)}` : ''}` : ''}`,
    )
  }
  return { done, next }
}

const ROLE_LABELS: Record<string, string> = {
  'lead-peer': 'lead peer',
  'member-peer': 'member peer',
  'officer-peer': 'officer peer',
  'finance-peer': 'finance peer',
  pcm: 'peer challenge manager',
  'lga-adviser': 'LGA adviser',
}

function teamLine(m: CommitteeReportFacts['team'][number]): string {
  const org = m.organisation && !(m.title ?? '').includes(m.organisation) ? m.organisation : null
  const who = [m.name, m.title, org].filter(Boolean).join(', ')
  return `${who} (${ROLE_LABELS[m.role] ?? m.role})`
}

/** Builds the report's content: every word of it. */
export function committeeReportContent(
  v: PlanView,
  f: CommitteeReportFacts,
  req: CommitteeReportRequest,
  settings: CommitteeSettings,
): CommitteeReportContent {
  const t = committeeTemplate()
  const council = f.councilName
  const review = f.reviewTypeName
  const reviewLower = review.toLowerCase()
  const committee = req.committee
  const committeeName = committee?.name ?? 'the committee'
  const The = committee ? committee.name : 'The committee'
  const asOf = v.asOf
  const c = v.counts
  // open actions rated red or amber (a finished action is not a concern, whatever its last rating)
  const redAmber = v.actions.filter(
    (a) => (a.rag === 'red' || a.rag === 'amber') && a.status !== 'complete' && a.status !== 'bau',
  )
  const ragOf = (r: 'red' | 'amber') => redAmber.filter((a) => a.rag === r).length
  const approverNames = settings.committees.filter((x) => x.approvesPlan).map((x) => x.name)
  const approverText = orList(approverNames.filter((n) => n !== committee?.name)) || orList(approverNames)

  const title =
    req.purpose === 'note-progress'
      ? `${review}: progress on the action plan`
      : req.purpose === 'endorse-report'
        ? `${review}: the peer team’s report and the council’s response`
        : `${review}: the council’s action plan`

  // Header ---------------------------------------------------------------------------------------------------------
  const header: CommitteeReportContent['header'] = []
  if (committee) header.push({ label: 'Report to', value: committee.name })
  if (req.meetingDate) header.push({ label: 'Date of meeting', value: formatDate(req.meetingDate) })
  if (req.reportOf) header.push({ label: 'Report of', value: req.reportOf })
  if (req.portfolioHolder) header.push({ label: 'Portfolio holder', value: req.portfolioHolder })
  header.push({ label: 'Wards affected', value: req.wards || 'All wards' })
  header.push({
    label: 'Public or exempt',
    value: req.exemptParagraph
      ? `Exempt: not for publication because it contains exempt information within the meaning of paragraph ${req.exemptParagraph} of Part 1 of Schedule 12A to the Local Government Act 1972 (${t.schedule12A[req.exemptParagraph] ?? 'as amended'})`
      : 'Public: this report contains no exempt information within the meaning of Schedule 12A to the Local Government Act 1972',
  })
  header.push({ label: 'Key decision', value: req.keyDecision ? 'Yes' : 'No' })

  // Sections -------------------------------------------------------------------------------------------------------
  const p = (text: string, style?: 'bold' | 'italic' | 'note'): Block => ({ kind: 'paragraph', text, style })
  const own = (k: keyof CommitteeSettings['text']) => settings.text[k]?.trim() || ''
  const templateText = (k: keyof typeof t.text) => own(k) || t.text[k]
  const signOff = (section: 'financial' | 'legal' | 'staffing'): Block => {
    const s = t.signOffs[section]
    const o = settings.officers[s.officer]
    const role = o.title.toLowerCase().includes(s.role.toLowerCase()) ? '' : ` (${s.role})`
    return p(
      o.name
        ? `Signed off by ${o.name}${o.title ? `, ${o.title}` : ''}${role}.`
        : `Signed off by the ${s.role}: [name to be added in the council’s committee settings].`,
      'italic',
    )
  }
  const appendixA = 'Appendix A'
  const since = f.lastReported
    ? `, and what has been done since the plan was last reported (${f.lastReported.label})`
    : ''
  const asAt = `as at ${formatDate(asOf)}`

  const build: Record<SectionKey, () => Block[]> = {
    purpose: () => {
      switch (req.purpose) {
        case 'endorse-report':
          return [
            p(
              `To present the findings of the ${reviewLower} of ${council}, and the council’s response to its recommendations, to ${committeeName}.`,
            ),
          ]
        case 'approve-plan':
          return [
            p(
              `To ask ${committeeName} to approve the council’s action plan in response to the recommendations of the ${reviewLower} (${appendixA}).`,
            ),
          ]
        case 'comment-plan':
          return [
            p(
              `To seek the comments of ${committeeName} on the council’s draft action plan in response to the recommendations of the ${reviewLower} (${appendixA})${approverText ? `, for consideration by ${approverText} when it decides the plan` : ''}.`,
            ),
          ]
        case 'note-progress':
          return [
            p(
              `To report progress on the action plan agreed in response to the ${reviewLower} of ${council}, ${asAt}${since}.`,
            ),
          ]
      }
    },
    recommendations: () => {
      const items: string[] = []
      switch (req.purpose) {
        case 'endorse-report':
          items.push(`endorses the findings and recommendations of the peer team’s report`)
          items.push(
            v.approvedOn
              ? `notes the council’s action plan in response (${appendixA})`
              : `notes the council’s draft action plan in response (${appendixA})`,
          )
          break
        case 'approve-plan':
          items.push(`approves the action plan in response to the peer team’s recommendations (${appendixA})`)
          items.push(`agrees that progress against the plan is reported to it regularly until the progress review`)
          break
        case 'comment-plan':
          items.push(
            `comments on the draft action plan (${appendixA})${approverText ? `, for consideration by ${approverText}` : ''}`,
          )
          break
        case 'note-progress':
          items.push(`notes the progress made against the action plan ${asAt}`)
          if (redAmber.length === 1)
            items.push(`notes the action rated ${redAmber[0]!.rag} and what is being done about it`)
          else if (redAmber.length)
            items.push(
              `notes the ${redAmber.length} actions rated red or amber (${ragOf('red')} red, ${ragOf('amber')} amber) and what is being done about them`,
            )
          break
      }
      return [p(`That ${committee ? committee.name : 'the committee'}:`), { kind: 'numbered', items }]
    },
    reasons: () => {
      switch (req.purpose) {
        case 'approve-plan':
          return [
            p(
              `The council publishes its action plan in response to the peer team’s recommendations, normally with the report within three months of the peer challenge. ${The} is the body that approves it in the council’s arrangements.`,
            ),
          ]
        case 'comment-plan':
          return [
            p(
              `${ucfirst(committeeName)} can examine the draft plan and make comments or recommendations before it is decided${approverText ? ` by ${approverText}` : ''}.`,
            ),
          ]
        case 'endorse-report':
          return [
            p(`Endorsing the report shows the council’s ownership of the peer team’s findings and of its response.`),
          ]
        case 'note-progress':
          return [p(`Regular reports on the plan let ${committeeName} hold the council to account for delivering it.`)]
      }
    },
    background: () => {
      const blocks: Block[] = [
        p(
          `A ${reviewLower} is an improvement and assurance tool delivered by local government for local government, as part of the sector-led improvement the Local Government Association (LGA) supports. A team of experienced councillors and officers from other councils (peers) spends several days at the council, and its report sets out what the council does well and what it should do next, with recommendations.`,
        ),
      ]
      const onsite =
        f.onsiteStart && f.onsiteEnd
          ? ` was on site ${formatDateRange(f.onsiteStart, f.onsiteEnd)}`
          : ' visited the council'
      blocks.push(p(`The peer team${onsite}${f.team.length ? '. The team was:' : '.'}`))
      if (f.team.length) blocks.push({ kind: 'bullets', items: f.team.map(teamLine) })
      if (f.themes.length) {
        blocks.push(
          p(
            f.themes.length === 1
              ? 'The peer challenge covered one theme:'
              : `The peer challenge covered ${WORDS[f.themes.length] ?? f.themes.length} themes:`,
          ),
        )
        blocks.push({ kind: 'bullets', items: f.themes })
      }
      if (f.focusAreas.length)
        blocks.push(p(`The council also asked the team to look at ${orList(f.focusAreas, 'and')}.`))
      const figs: string[] = []
      if (f.figures.days) figs.push(`spent ${plural(f.figures.days, 'day')} at the council`)
      if (f.figures.peopleMet) figs.push(`spoke to ${figure(f.figures.peopleMet)} people`)
      if (f.figures.meetings) figs.push(`held ${figure(f.figures.meetings)} meetings`)
      if (figs.length) blocks.push(p(`The team ${orList(figs, 'and')}.`))
      blocks.push(
        p(
          `Its report made ${plural(v.recommendations.length, 'recommendation')}${f.reportPublished ? ` and was published on ${formatDate(f.reportPublished)}` : ''}. ${planStateSentence(v, f)}${progressReviewSentence(f.progressReview, asOf)}`,
        ),
      )
      blocks.push(p(responsesSentence(v)))
      return blocks
    },
    plan: () => {
      const blocks: Block[] = [
        p(`The position ${asAt}: ${ragSummary(v)}`),
        {
          kind: 'table',
          header: ['Actions', 'Number'],
          rows: [
            { cells: ['Red', String(c.rag.red)], rag: 'red' },
            { cells: ['Amber', String(c.rag.amber)], rag: 'amber' },
            { cells: ['Green', String(c.rag.green)], rag: 'green' },
            { cells: ['Complete or business as usual', String(c.status.complete + c.status.bau)] },
            { cells: ['In progress', String(c.status['in-progress'])] },
            { cells: ['Not started', String(c.status['not-started'])] },
            { cells: ['Total', String(c.actions)] },
          ],
        },
        p(
          `Ratings are worked out from the actions’ dates and progress ${asAt} by the rules “${v.ruleset.name}”; a rating set by hand is shown with its reason.`,
          'note',
        ),
      ]
      for (const r of v.recommendations) {
        blocks.push({ kind: 'subheading', text: `${r.ref}. ${r.title}` })
        blocks.push(
          p(
            `Response: ${r.responseLabel}.${r.reasons ? ` ${sentence(r.reasons)}` : ''} Rating: ${r.rag ? ragLabel(r.rag) : r.response === 'not-accepted' ? 'not applicable' : 'no actions'}.`,
          ),
        )
        const { done, next } = doneAndNext(v, r, f.lastReported)
        if (req.purpose === 'note-progress' || done.length) {
          blocks.push(p('What has been done', 'bold'))
          if (done.length) blocks.push({ kind: 'bullets', items: done })
          else
            blocks.push(
              p(
                r.response === 'not-accepted'
                  ? 'No action: the council did not accept this recommendation.'
                  : 'No progress recorded in this period.',
              ),
            )
        }
        blocks.push(p(req.purpose === 'note-progress' ? 'What happens next' : 'Actions', 'bold'))
        if (next.length) blocks.push({ kind: 'bullets', items: next })
        else
          blocks.push(
            p(
              r.actionIds.length
                ? 'All actions are complete or have moved to business as usual.'
                : r.response === 'not-accepted'
                  ? 'No action: the council did not accept this recommendation.'
                  : 'Nothing planned.',
            ),
          )
        for (const a of actionsOf(v, r).filter((a: ActionView) => a.rag !== 'green'))
          blocks.push(
            p(`Action ${a.number} is rated ${ragLabel(a.rag).toLowerCase()}: ${sentence(a.ragReason)}`, 'italic'),
          )
      }
      return blocks
    },
    priorities: () => [p(templateText('priorities'))],
    consultation: () => {
      const blocks: Block[] = []
      const met: string[] = []
      if (f.figures.peopleMet) met.push(`spoke to ${figure(f.figures.peopleMet)} people`)
      if (f.figures.meetings) met.push(`held ${figure(f.figures.meetings)} meetings`)
      if (met.length)
        blocks.push(
          p(
            `During the peer challenge the team ${orList(met, 'and')} with councillors, staff, partners and other stakeholders.`,
          ),
        )
      blocks.push(p(templateText('consultation')))
      return blocks
    },
    options: () => {
      if (own('options')) return [p(own('options'))]
      switch (req.purpose) {
        case 'approve-plan':
          return [
            p(
              `${The} may approve the action plan, approve it with changes, or not approve it. Not approving it would leave the peer team’s recommendations without an agreed response and delay the plan’s publication.`,
            ),
          ]
        case 'comment-plan':
          return [p(`${The} may comment on the draft plan or make no comments.`)]
        case 'endorse-report':
          return [p(`${The} may endorse the report, or not endorse it.`)]
        case 'note-progress':
          return [p(`${The} may note the progress reported, or ask for further information on any action.`)]
      }
    },
    financial: () => [p(templateText('financial')), signOff('financial')],
    legal: () => [p(templateText('legal')), signOff('legal')],
    staffing: () => [p(templateText('staffing')), signOff('staffing')],
    risks: () => {
      const blocks: Block[] = []
      if (redAmber.length)
        blocks.push(
          p(
            `${ucfirst(plural(redAmber.length, 'action'))} ${redAmber.length === 1 ? 'is' : 'are'} rated red or amber ${asAt} (${ragOf('red')} red, ${ragOf('amber')} amber): each is set out with the reason for its rating${settings.sections.includes('plan') ? ' under its recommendation above' : ' in the action plan'}.`,
          ),
        )
      else if (c.actions) blocks.push(p(`No action is rated red or amber ${asAt}.`))
      blocks.push(
        p(
          own('risks') ||
            'The main risk is that the actions are not delivered, or not on time, and the council does not secure the improvement the peer team recommended. Regular reports on the plan to members, and the peer team’s progress review, manage it.',
        ),
      )
      return blocks
    },
    equalities: () => [p(templateText('equalities'))],
    'next-steps': () => {
      const next: string[] = []
      if (req.purpose === 'approve-plan')
        next.push(`Once approved, the action plan is published on the council’s website with the peer team’s report.`)
      if (req.purpose === 'comment-plan' && approverText)
        next.push(`${ucfirst(committeeName)}’s comments will be reported to ${approverText} with the plan.`)
      next.push(
        `Progress will be reported again to ${committeeName}${f.progressReview && f.progressReview.status !== 'held' ? ' and used for the council’s position statement ahead of the progress review' : ''}.`,
      )
      return [p(next.join(' '))]
    },
    'background-papers': () => {
      const papers: string[] = []
      papers.push(
        `The LGA’s ${reviewLower} feedback report for ${council}${f.reportPublished ? ` (published ${formatDate(f.reportPublished)})` : ''}`,
      )
      if (f.lastReported) papers.push(`The action plan as ${f.lastReported.label}`)
      return [
        p(
          'Documents that disclose facts or matters on which this report is based and which were relied on to a material extent in preparing it (Local Government Act 1972, section 100D):',
        ),
        {
          kind: 'bullets',
          items: own('backgroundPapers')
            ? own('backgroundPapers')
                .split(/\r?\n/)
                .filter((x) => x.trim())
            : papers,
        },
      ]
    },
    contact: () => {
      const k = settings.contact
      if (!k.name && !k.email && !k.phone)
        return [
          p('[Contact officer to be added in the council’s committee settings: name, job title, email and telephone.]'),
        ]
      return [
        {
          kind: 'table',
          header: [],
          rows: [
            { cells: ['Name', k.name] },
            { cells: ['Job title', k.title] },
            { cells: ['Email', k.email] },
            { cells: ['Telephone', k.phone] },
          ].filter((r) => r.cells[1]),
        },
      ]
    },
  }

  const headings = new Map(t.sections.map((s) => [s.key, s.heading]))
  const sections: ReportSection[] = settings.sections.map((key) => ({
    key,
    heading:
      key === 'plan'
        ? req.purpose === 'note-progress'
          ? 'Progress against the action plan'
          : (headings.get(key) ?? key)
        : key === 'recommendations' && req.purpose !== 'note-progress'
          ? 'Recommendations'
          : (headings.get(key) ?? key),
    blocks: build[key](),
  }))
  return {
    council,
    title,
    header,
    sections,
    appendices: [{ key: 'action-plan', heading: `${appendixA}: action plan${v.approvedOn ? '' : ' (draft)'}` }],
  }
}
