/** What a generated document says, exactly: the truth the accuracy bench scores the parser against. */

export type TruthKind =
  'feedback-report' | 'progress-review' | 'covering-report' | 'progress-report' | 'web-page' | 'minutes' | 'not-cpc'

export interface TruthPeer {
  name: string
  kind: 'member' | 'officer' | 'lga'
  organisation: string
}

export interface Truth {
  kind: TruthKind
  /** for 'not-cpc': the other kind of review or paper ('finance-peer-challenge', 'ofsted-inspection', …) */
  otherReview: string | null
  /** register codes: one council, or two for a joint challenge */
  councils: string[]
  /** whether the text names the council in some form (an email domain counts) */
  councilNamed: boolean
  /** the visit the document is about (for a progress review, the progress visit); null when not stated */
  onSite: { start: string; end: string } | null
  /** whether the text states the visit's day dates (not only the month) */
  daysDated: boolean
  peers: TruthPeer[]
  /** key recommendation titles in order; empty when the document does not list them */
  recommendations: string[]
  figures: {
    peopleMet: number | null
    meetings: number | null
    interviews: number | null
    hours: number | null
    days: number | null
  }
}

export interface GeneratedDocument {
  id: string
  seed: number
  split: 'dev' | 'held'
  format: 'text' | 'markdown' | 'html'
  /** the layout damage applied (wrapped lines, page furniture, excerpt, …) */
  layout: string[]
  /** the document as a file would hold it (HTML for 'html') */
  content: string
  truth: Truth
}
