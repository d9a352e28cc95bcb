/**
 * The audit log in plain English for the History pages: what happened ("Recommendation changed"), and each changed
 * field by its name on the forms ("On-site start date", not onsiteStart), with long values cut short so that a page
 * of history, and its JSON twin, stays small whatever was stored (the full entry stays in the log).
 */
import { diff } from './audit.ts'
import { formatDate, isIsoDate } from '../common/dates.ts'

const ACTIONS: Record<string, string> = {
  'challenge.created': 'Challenge created',
  'challenge.imported': 'Challenge recorded from an imported document',
  'challenge.updated': 'Challenge details changed',
  'challenge.stage': 'Stage changed',
  'challenge.questions-changed': 'The council’s questions changed',
  'document.uploaded': 'Document uploaded',
  'event.recorded': 'Date recorded',
  'event.corrected': 'Recorded date corrected',
  'event.withdrawn': 'Recorded date withdrawn',
  'stated-date.recorded': 'Date stated in a document recorded',
  'stated-date.corrected': 'Date stated in a document corrected',
  'stated-date.withdrawn': 'Date stated in a document withdrawn',
  'team.added': 'Added to the team',
  'team.removed': 'Removed from the team',
  'recommendation.added': 'Recommendation added',
  'recommendation.updated': 'Recommendation changed',
  'recommendation.deleted': 'Recommendation deleted',
  'report.version-saved': 'Report draft saved',
  'report.comment-added': 'Comment on the draft report added',
  'report.comment-answered': 'Comment on the draft report answered',
  'evidence.note-added': 'Evidence note added',
  'evidence.note-changed': 'Evidence note changed',
  'evidence.note-deleted': 'Evidence note deleted',
  'plan.started': 'Action plan started',
  'plan.response': 'Response to a recommendation recorded',
  'plan.action-added': 'Action added to the plan',
  'plan.action-updated': 'Action changed',
  'plan.action-removed': 'Action removed from the plan',
  'plan.target-revised': 'Action target date revised',
  'plan.progress': 'Progress update recorded',
  'plan.published': 'Action plan publication recorded',
  'plan.import-previewed': 'Action plan spreadsheet checked',
  'plan.import-applied': 'Action plan spreadsheet applied',
  'plan.import-discarded': 'Action plan spreadsheet discarded',
  'visit.timetable-planned': 'On-site timetable planned',
  'visit.timetable-published': 'On-site programme published',
  'visit.programme-imported': 'On-site programme imported',
  'import.linked': 'Imported document linked',
  'assembly.accepted': 'Proposed team accepted',
}

/** Field names the forms use, where splitting the code's name into words is not enough. */
const FIELDS: Record<string, string> = {
  onsiteStart: 'On-site start date',
  onsiteEnd: 'On-site end date',
  onsitePrecision: 'How exact the on-site dates are',
  scopingDate: 'Scoping meeting',
  feedbackDate: 'Feedback date',
  frameworkId: 'Framework',
  councilId: 'Council',
  jointCouncilId: 'Second council (joint challenge)',
  parentId: 'Original challenge',
  reviewType: 'Review type',
  focusAreas: 'Focus areas',
  notes: 'Internal notes',
  themeKey: 'Theme',
  personId: 'Person',
  targetDate: 'Target date',
  occurredOn: 'Date',
  reportPublicFrom: 'Report public from',
  ruleCode: 'Deadline',
  due: 'Date stated',
  url: 'Web address',
  id: 'Reference number',
}

/** Fields that hold another record's number, and which kind of record: the history shows its name instead. */
export const REFERENCE_FIELDS: Record<string, 'person' | 'council' | 'challenge' | 'framework'> = {
  personId: 'person',
  councilId: 'council',
  jointCouncilId: 'council',
  parentId: 'challenge',
  frameworkId: 'framework',
}
/** Names of the records the entries refer to, by kind and number ("person:43" -> "Jane Smith"). */
export type ReferenceNames = ReadonlyMap<string, string>

/** The records a page of entries refers to through REFERENCE_FIELDS, by kind: for one lookup each. */
export function referencedRecords(entries: { before: unknown; after: unknown }[]): Record<string, number[]> {
  const out: Record<string, Set<number>> = {}
  for (const e of entries)
    for (const side of [e.before, e.after])
      if (side && typeof side === 'object')
        for (const [field, kind] of Object.entries(REFERENCE_FIELDS)) {
          const v = (side as Record<string, unknown>)[field]
          if (Number.isInteger(v)) (out[kind] ??= new Set()).add(v as number)
        }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...v]]))
}

/** The longest a value is shown in the history (characters); longer ones end in "…". */
export const HISTORY_VALUE_MAX = 300
/** The most changes shown for one entry; the rest are counted. */
export const HISTORY_CHANGES_MAX = 12

/** "visit.site-added" -> "Visit: site added"; known actions read as written above. */
export function describeAction(action: string): string {
  const known = ACTIONS[action]
  if (known) return known
  const [entity, verb] = action.includes('.') ? action.split('.', 2) : ['', action]
  const words = (verb ?? '').replace(/-/g, ' ')
  return entity ? `${capitalise(entity.replace(/-/g, ' '))}: ${words}` : capitalise(words)
}

/**
 * Who did it, as a page shows it: "Pat Morgan <pat@…>" -> "Pat Morgan"; the system (the command line, the demo
 * data, scheduled jobs) -> "Peer Challenge (automatic)"; the public as it is recorded.
 */
export function whoLabel(actorLabel: string): string {
  const m = /^(.*?)\s*<([^>]*)>$/.exec(actorLabel)
  if (!m) return actorLabel
  if (m[2] === SYSTEM_EMAIL) return 'Peer Challenge (automatic)'
  return m[1] || m[2]!
}
const SYSTEM_EMAIL = 'system@peer-challenge.local'

/** "onsiteStart" -> "On-site start date"; "keyRecommendation" -> "Key recommendation"; "report_date" -> "Report date". */
export function fieldLabel(field: string): string {
  const known = FIELDS[field]
  if (known) return known
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .replace(/\bid\b/, 'reference')
  return capitalise(words.trim())
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

/**
 * Fields whose values are the service's own codes ("factual-check", "draft_issued", "record:draft_issued",
 * "principal-adviser"): shown as words ("factual check", "draft issued", "principal adviser").
 */
const CODE_FIELDS = new Set(['stage', 'code', 'role', 'kind', 'effects', 'status', 'ruleCode', 'reviewType'])
const codeWords = (s: string) => s.replace(/^record:/, '').replace(/[-_:]+/g, ' ')

/**
 * A value as the history shows it: text as it is, a date as the UK writes it, a list joined, yes/no, cut at
 * HISTORY_VALUE_MAX characters; a code as words for the fields that hold codes.
 */
export function showValue(v: unknown, field?: string, names?: ReferenceNames): string {
  let s: string
  if (v === null || v === undefined || v === '') return ''
  const kind = field ? REFERENCE_FIELDS[field] : undefined
  const name = kind && names?.get(`${kind}:${String(v)}`)
  if (name) s = name
  else if (typeof v === 'string' && isIsoDate(v)) s = formatDate(v)
  else if (typeof v === 'string' && field && CODE_FIELDS.has(field)) s = codeWords(v)
  else if (Array.isArray(v) && field && CODE_FIELDS.has(field) && v.every((x) => typeof x === 'string'))
    s = v.map(codeWords).join('; ')
  else if (typeof v === 'string') s = v
  else if (typeof v === 'boolean') s = v ? 'Yes' : 'No'
  else if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) s = v.join('; ')
  else s = JSON.stringify(v)
  return s.length > HISTORY_VALUE_MAX ? `${s.slice(0, HISTORY_VALUE_MAX - 1).trimEnd()}…` : s
}

/** The changes of one entry, labelled and bounded: at most HISTORY_CHANGES_MAX, with how many more there were. */
export function describeChanges(before: unknown, after: unknown, names?: ReferenceNames) {
  // a field with nothing before and nothing after (a new row's empty field) is not a change worth a line
  const all = diff(before, after).filter((c) => showValue(c.from, c.field) !== '' || showValue(c.to, c.field) !== '')
  return {
    changes: all.slice(0, HISTORY_CHANGES_MAX).map((c) => ({
      field: c.field,
      label: fieldLabel(c.field),
      from: showValue(c.from, c.field, names),
      to: showValue(c.to, c.field, names),
    })),
    moreChanges: Math.max(0, all.length - HISTORY_CHANGES_MAX),
  }
}
