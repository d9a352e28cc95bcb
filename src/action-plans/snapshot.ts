import type { PlanView } from './repo.ts'

/**
 * Stored snapshots of an action plan ("as reported to Cabinet on …") are records: they never change, and are read for
 * years. They are stored with a schema version and read through the frozen type of that version, upgraded to today's
 * read model (decision 0013). When PlanView changes in a way a V1 record cannot satisfy, the assertions at the end
 * stop the build: add PlanSnapshotV2, write V2, and upgrade V1 records in `readPlanSnapshot`. Never edit V1.
 */

type Rag = 'red' | 'amber' | 'green'
type Status = 'not-started' | 'in-progress' | 'complete' | 'bau'
type Response = 'accepted' | 'partly-accepted' | 'not-accepted'

interface UpdateV1 {
  id: number
  asOf: string
  text: string
  status: Status
  statusLabel: string
  by: string | null
  at: Date | string
  evidence: { id: number; filename: string; sizeBytes: number }[]
}

/** Version 1 (November 2026). Frozen. */
export interface PlanSnapshotV1 {
  planId: number
  status: 'draft' | 'approved'
  approvedOn: string | null
  ruleset: { code: string; name: string; sourceNote: string }
  asOf: string
  challenge: {
    id: number
    reference: string
    councilCode: string
    councilName: string
    onsiteStart: string | null
    onsiteEnd: string | null
    reviewTypeName: string
    frameworkName: string
  }
  recommendations: {
    id: number
    kind: 'key' | 'theme'
    themeKey: string | null
    themeTitle: string | null
    number: number
    ref: string
    label: string
    title: string
    body: string
    response: Response | null
    responseLabel: string
    reasons: string
    actionIds: number[]
    actionNumbers: number[]
    rag: Rag | null
  }[]
  actions: {
    id: number
    number: number
    title: string
    description: string
    leadOfficer: string
    ownerUserId: number | null
    ownerName: string | null
    startDate: string | null
    targetDate: string
    originalTargetDate: string
    status: Status
    statusLabel: string
    completedOn: string | null
    rag: Rag
    ragReason: string
    computedRag: Rag
    computedReason: string
    overridden: boolean
    override: { rag: Rag; reason: string; by: string | null; at: Date | string } | null
    recommendationIds: number[]
    recommendationRefs: string[]
    milestones: { id: number; position: number; title: string; dueDate: string | null; doneOn: string | null }[]
    revisions: { fromDate: string; toDate: string; reason: string; by: string | null; at: Date | string }[]
    updates: UpdateV1[]
    latestUpdate: UpdateV1 | null
    createdOn: string
    version: number
  }[]
  counts: {
    actions: number
    rag: Record<Rag, number>
    status: Record<Status, number>
    recommendations: number
    recommendationRag: Record<Rag, number> & { none: number }
    responses: Record<Response | 'none', number>
  }
}

export const PLAN_SNAPSHOT_VERSION = 1

/** What is written: today's read model, in the current stored shape, with its version. */
export function writePlanSnapshot(view: PlanView): { schemaVersion: number; content: PlanSnapshotV1 } {
  return { schemaVersion: PLAN_SNAPSHOT_VERSION, content: view }
}

/** A stored snapshot, read through the frozen type of its version and upgraded to today's read model. */
export function readPlanSnapshot(schemaVersion: number, content: unknown): PlanView {
  switch (schemaVersion) {
    case 1:
      return content as PlanSnapshotV1
    default:
      throw new Error(`plan snapshot schema version ${schemaVersion} is newer than this release understands`)
  }
}

// The build stops here when PlanView and the current stored version drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const _writes: Same<PlanView, PlanSnapshotV1> = true
void _writes
