import { z } from 'zod'
import { id, isoDate, isoDateTime, ok, pageAbilities } from '../web/presenters.ts'
import { challengeHeader } from '../challenges/presenters.ts'
import { deadline } from '../frameworks/presenters.ts'

const rag = z.enum(['red', 'amber', 'green'])
const status = z.enum(['not-started', 'in-progress', 'complete', 'bau'])
const response = z.enum(['accepted', 'partly-accepted', 'not-accepted'])
const keyLabel = z.object({ key: z.string(), label: z.string() })

const update = z
  .object({
    id,
    asOf: isoDate,
    text: z.string(),
    status,
    statusLabel: z.string(),
    by: z.string().nullable(),
    at: isoDateTime,
    evidence: z.array(z.object({ id, filename: z.string(), sizeBytes: z.number() })),
  })
  .meta({ id: 'ProgressUpdate' })

/** An action: dates and their revisions, its RAG rating and why, milestones and progress updates. */
const actionView = z
  .object({
    id,
    number: z.int(),
    title: z.string(),
    description: z.string(),
    leadOfficer: z.string(),
    ownerUserId: id.nullable(),
    ownerName: z.string().nullable(),
    startDate: isoDate.nullable(),
    targetDate: isoDate,
    originalTargetDate: isoDate,
    status,
    statusLabel: z.string(),
    completedOn: isoDate.nullable(),
    rag,
    ragReason: z.string(),
    computedRag: rag,
    computedReason: z.string(),
    overridden: z.boolean(),
    override: z.object({ rag, reason: z.string(), by: z.string().nullable(), at: isoDateTime }).nullable(),
    recommendationIds: z.array(z.number()),
    recommendationRefs: z.array(z.string()),
    milestones: z.array(
      z.object({ id, position: z.int(), title: z.string(), dueDate: isoDate.nullable(), doneOn: isoDate.nullable() }),
    ),
    revisions: z.array(
      z.object({
        fromDate: isoDate,
        toDate: isoDate,
        reason: z.string(),
        by: z.string().nullable(),
        at: isoDateTime,
      }),
    ),
    updates: z.array(update),
    latestUpdate: update.nullable(),
    createdOn: isoDate,
    version: z.int(),
  })
  .meta({ id: 'PlanAction' })

const recommendationView = z
  .object({
    id,
    kind: z.enum(['key', 'theme']),
    themeKey: z.string().nullable(),
    themeTitle: z.string().nullable(),
    number: z.int(),
    ref: z.string(),
    label: z.string(),
    title: z.string(),
    body: z.string(),
    response: response.nullable(),
    responseLabel: z.string(),
    reasons: z.string(),
    actionIds: z.array(z.number()),
    actionNumbers: z.array(z.number()),
    rag: rag.nullable(),
  })
  .meta({ id: 'PlanRecommendation' })

/** The plan as it stands (or as a snapshot kept it). */
const planView = z
  .object({
    planId: id,
    status: z.enum(['draft', 'approved']),
    approvedOn: isoDate.nullable(),
    ruleset: z.object({ code: z.string(), name: z.string(), sourceNote: z.string() }),
    asOf: isoDate,
    challenge: z.object({
      id,
      reference: z.string(),
      councilCode: z.string(),
      councilName: z.string(),
      onsiteStart: isoDate.nullable(),
      onsiteEnd: isoDate.nullable(),
      reviewTypeName: z.string(),
      frameworkName: z.string(),
    }),
    recommendations: z.array(recommendationView),
    actions: z.array(actionView),
    counts: z.object({
      actions: z.number(),
      rag: z.object({ red: z.number(), amber: z.number(), green: z.number() }),
      status: z.object({
        'not-started': z.number(),
        'in-progress': z.number(),
        complete: z.number(),
        bau: z.number(),
      }),
      recommendations: z.number(),
      recommendationRag: z.object({ red: z.number(), amber: z.number(), green: z.number(), none: z.number() }),
      responses: z.object({
        none: z.number(),
        accepted: z.number(),
        'partly-accepted': z.number(),
        'not-accepted': z.number(),
      }),
    }),
  })
  .meta({ id: 'ActionPlanView' })

const publicationEvent = z.object({ code: z.string(), occurredOn: isoDate, location: z.string() })

/** The action plan page: the plan (or why there is none yet), governance records, publication and permissions. */
export const plan = challengeHeader.extend({
  plan: z
    .object({
      id,
      status: z.enum(['draft', 'approved']),
      approvedOn: isoDate.nullable(),
      version: z.int(),
      ruleset: z.string(),
    })
    .nullable(),
  view: planView.nullable(),
  whyNoPlan: z.string().nullable(),
  approvalProblems: z.array(z.string()),
  meetings: z.array(
    z.object({
      id,
      body: z.string(),
      bodyName: z.string(),
      bodyLabel: z.string(),
      meetingDate: isoDate,
      item: z.string(),
      decision: z.string(),
      decisionLabel: z.string(),
      resolution: z.string(),
      link: z.string(),
      snapshotId: id.nullable(),
      by: z.string().nullable(),
      approvesPlan: z.boolean(),
    }),
  ),
  snapshots: z.array(
    z.object({
      id,
      title: z.string(),
      asOf: isoDate,
      publicFrom: isoDate.nullable(),
      meetingId: id.nullable(),
      createdAt: isoDateTime,
      by: z.string().nullable(),
    }),
  ),
  publication: z.object({
    deadlines: z.array(deadline),
    report: publicationEvent.nullable(),
    plan: publicationEvent.nullable(),
    reportPublic: z.boolean(),
    planPublic: z.boolean(),
  }),
  options: z.object({
    statuses: z.array(z.object({ key: status, label: z.string() })),
    responses: z.array(z.object({ key: response, label: z.string() })),
    rags: z.array(z.object({ key: rag, label: z.string() })),
    bodies: z.array(keyLabel).readonly(),
    decisions: z.array(keyLabel).readonly(),
    approvingBodies: z.array(z.string()),
    committees: z
      .array(
        z.object({
          key: z.string(),
          name: z.string(),
          kind: z.enum(['executive', 'scrutiny', 'audit', 'full-council', 'policy-committee']),
          approvesPlan: z.boolean(),
        }),
      )
      .meta({
        description: 'The council’s committees, from its committee settings (the sector’s template by default)',
      }),
    purposes: z.array(z.object({ key: z.string(), label: z.string() })),
  }),
  abilities: pageAbilities('edit', 'start'),
})

const officers = z.array(z.object({ id, name: z.string() }))

export const responseForm = plan.extend({
  recommendation: recommendationView,
  values: z.object({ response: z.string(), reasons: z.string() }),
})

export const newActionForm = plan.extend({
  officers,
  values: z.object({ recommendationIds: z.array(z.number()) }),
})

export const actionDetail = plan.extend({ action: actionView, officers })

export const actionEdit = actionDetail.extend({
  values: actionView.extend({ milestones: z.string().meta({ description: 'One per line: "YYYY-MM-DD | what"' }) }),
})

export const started = z.object({ planId: id })
export const actionAdded = z.object({ id, number: z.int() })
export const progressAdded = z.object({ updateId: id })
export const meetingRecorded = z.object({ id, snapshotId: id.nullable() })
export const publicationRecorded = z.object({ snapshotId: id.nullable() })
export const workbookUploaded = z.object({ importId: id })
export const importApplied = z.object({ applied: z.number(), skipped: z.number() })

export const snapshot = challengeHeader.extend({
  snapshot: z.object({
    id,
    planId: id,
    title: z.string(),
    asOf: isoDate,
    publicFrom: isoDate.nullable(),
    content: planView,
    createdAt: isoDateTime,
  }),
  view: planView,
})

const fieldChange = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() })
const progress = z.object({ asOf: isoDate, text: z.string(), status })

/** A previewed workbook: what would change, and the rows with errors. */
export const planImport = challengeHeader.extend({
  upload: z.object({
    id,
    filename: z.string(),
    status: z.string(),
    createdAt: isoDateTime,
    appliedAt: isoDateTime.nullable(),
    rowsRead: z.number(),
  }),
  changes: z.array(
    z.union([
      z.object({
        kind: z.literal('response'),
        row: z.number(),
        recommendationId: id,
        ref: z.string(),
        response,
        reasons: z.string(),
        changes: z.array(fieldChange),
      }),
      z.object({
        kind: z.literal('action'),
        row: z.number(),
        actionId: id,
        number: z.int(),
        changes: z.array(fieldChange),
        set: z.object({
          title: z.string().optional(),
          description: z.string().optional(),
          leadOfficer: z.string().optional(),
          startDate: isoDate.nullable().optional(),
          recommendationIds: z.array(z.number()).optional(),
        }),
        target: z.object({ to: isoDate, reason: z.string() }).optional(),
        override: z.object({ rag: rag.nullable(), reason: z.string() }).optional(),
        progress: progress.optional(),
      }),
      z.object({
        kind: z.literal('new-action'),
        row: z.number(),
        title: z.string(),
        description: z.string().optional(),
        leadOfficer: z.string(),
        startDate: isoDate.nullable(),
        targetDate: isoDate,
        recommendationIds: z.array(z.number()),
        recommendationRefs: z.array(z.string()),
        progress: progress.optional(),
      }),
    ]),
  ),
  errors: z.array(z.object({ sheet: z.string(), row: z.number(), message: z.string() })),
  stale: z.boolean().meta({ description: 'The plan changed since the upload: apply refuses' }),
  exportedBeforeLaterChanges: z.boolean(),
})

/** A council's public improvement page: published reports, plans and the progress reported to committees. */
export const improvement = z.object({
  council: z.object({ id, code: z.string(), name: z.string() }),
  items: z.array(
    z.object({
      challenge: z.object({
        id,
        reference: z.string(),
        reviewTypeName: z.string(),
        onsiteStart: isoDate.nullable(),
        onsiteEnd: isoDate.nullable(),
        onsitePrecision: z.enum(['day', 'month']),
      }),
      report: publicationEvent.nullable(),
      reports: z.array(z.object({ versionId: id, title: z.string(), filename: z.string() })),
      plan: publicationEvent.nullable(),
      snapshots: z.array(z.object({ id, title: z.string(), asOf: isoDate, publicFrom: isoDate.nullable() })),
      latest: z.object({ title: z.string(), view: planView }).nullable(),
    }),
  ),
})

export { ok }
