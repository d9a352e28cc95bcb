import { z } from 'zod'
import { abilities, id, isoDate, isoDateTime, ok } from '../web/presenters.ts'
import { deadline, framework, reviewType, reviewTypeName, statedDate, theme } from '../frameworks/presenters.ts'

/** A challenge's own fields (internal notes are not among them: see `challengeWithNotes`). */
export const challengeFields = z
  .object({
    id,
    reference: z.string(),
    councilId: id,
    councilCode: z.string(),
    councilName: z.string(),
    jointCouncil: z
      .object({ code: z.string(), name: z.string() })
      .nullable()
      .meta({ description: 'The second council of a joint challenge' }),
    reviewType: z.string(),
    frameworkId: id,
    parentId: id.nullable(),
    stage: z.string(),
    scopingDate: isoDate.nullable(),
    onsiteStart: isoDate.nullable(),
    onsiteEnd: isoDate.nullable(),
    onsitePrecision: z.enum(['day', 'month']),
    feedbackDate: isoDate.nullable(),
    reportPublicFrom: isoDate.nullable().meta({ description: 'The day the report is (or becomes) public' }),
    version: z.int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'ChallengeRecord' })

/** A challenge, with its stage's name. */
export const challengeRow = challengeFields.extend({ stageLabel: z.string() }).meta({ id: 'Challenge' })

/** A challenge in a list. */
export const challengeItem = challengeRow
  .extend({
    published: z.boolean(),
    mine: z.boolean().meta({ description: 'The user is on its team, or works for its council' }),
    reviewTypeName: z.string(),
  })
  .meta({ id: 'ChallengeListItem' })

/** A challenge with its internal notes, for those the policy lets see them (absent for everyone else). */
export const challengeWithNotes = challengeRow
  .extend({
    notes: z
      .string()
      .optional()
      .meta({ description: 'Internal notes: the team, the council and the programme office' }),
  })
  .meta({ id: 'ChallengeWithNotes' })

/** What every page under /challenges/:id starts with. */
export const challengeHeader = z.object({ challenge: challengeRow, reviewType: reviewTypeName })

export const documentKind = z.enum([
  'position-statement',
  'data-pack',
  'report-draft',
  'final-report',
  'action-plan',
  'progress-review-report',
  'presentation',
  'committee-paper',
  'other',
])

export const recommendation = z
  .object({
    id,
    kind: z.enum(['key', 'theme']),
    themeKey: z.string().nullable(),
    number: z.int(),
    title: z.string(),
    body: z.string(),
    lockedAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Recommendation' })

const keyLabel = z.object({ key: z.string(), label: z.string() })

/** A recorded date (report published, feedback presented, ...). */
const recordedEvent = z
  .object({
    id,
    code: z.string(),
    label: z.string(),
    occurredOn: isoDate,
    location: z.string(),
    note: z.string(),
    correctedAt: isoDateTime.nullable().meta({ description: 'When it was last corrected (the history says why)' }),
  })
  .meta({ id: 'RecordedDate' })

/** A warning about a visit's dates: not an error (a council may really host the team on a Saturday). */
export const visitWarning = z
  .object({
    code: z.enum(['weekend', 'bank-holiday', 'overlap']),
    message: z.string(),
    days: z.array(isoDate).meta({ description: 'The weekend days or bank holidays on site' }),
    challengeId: id.nullable().meta({ description: 'The other challenge, for an overlap' }),
    reference: z.string().nullable(),
  })
  .meta({ id: 'VisitWarning' })

/** GET /api/challenges/:id (and the other tabs): what the user may see of a challenge. */
export const challenge = challengeHeader.extend({
  challenge: challengeWithNotes,
  framework: z.object({ id, code: z.string(), name: z.string(), themes: z.array(theme) }),
  focusAreas: z.array(z.string()),
  keyRecommendations: z.array(recommendation),
  themes: z.array(
    theme.extend({
      questions: z.array(z.string()).meta({ description: 'The council’s own questions under this theme' }),
      recommendations: z.array(recommendation),
    }),
  ),
  recommendationsLocked: z.boolean(),
  documents: z.array(
    z.object({
      documentId: id,
      kind: documentKind,
      kindLabel: z.string(),
      title: z.string(),
      versions: z.array(
        z.object({
          version: z.int(),
          versionId: id,
          filename: z.string(),
          contentType: z.string(),
          sizeBytes: z.number(),
          uploadedAt: isoDateTime,
          uploadedBy: z.string().nullable(),
          note: z.string(),
        }),
      ),
    }),
  ),
  parent: z.object({ id, reference: z.string() }).nullable(),
  children: z.array(
    z.object({
      id,
      reference: z.string(),
      reviewType: z.string(),
      onsiteStart: isoDate.nullable(),
      onsiteEnd: isoDate.nullable(),
    }),
  ),
  private: z
    .object({
      team: z.array(
        z.object({
          id,
          personId: id,
          name: z.string(),
          kind: z.string(),
          role: z.string(),
          party: z.string().nullable(),
          title: z.string().nullable(),
          organisation: z.string().nullable(),
        }),
      ),
      events: z.array(recordedEvent.extend({ abilities: z.object({ correct: z.boolean(), withdraw: z.boolean() }) })),
      deadlines: z.array(deadline),
      timeline: z.array(
        z.object({
          key: z.string(),
          label: z.string(),
          state: z.string().meta({ description: 'current, done or upcoming' }),
          at: isoDateTime.nullable(),
        }),
      ),
      history: z.array(
        z.object({
          fromStage: z.string().nullable(),
          toStage: z.string(),
          note: z.string(),
          at: isoDateTime,
          actor: z.string().nullable(),
        }),
      ),
    })
    .nullable()
    .meta({
      description: 'The team, events, deadlines and history: for the team, the council and the programme office',
    }),
  stated: z.array(z.object({ key: z.string(), label: z.string(), text: z.string(), source: z.string() })).meta({
    description: 'What an imported document stated (figures, next steps, the previous challenge…), as stated',
  }),
  unconfirmed: z.array(z.object({ field: z.string(), label: z.string() })).meta({
    description:
      'Values imported with low confidence and not yet confirmed by the programme office (review queue): not to be taken as fact',
  }),
  public: z.object({ reportPublishedOn: isoDate.nullable() }),
  abilities,
  transitions: z.array(z.object({ to: z.string(), label: z.string(), problems: z.array(z.string()) })),
  recordableEvents: z.array(keyLabel).meta({ description: 'The dates this user may record now' }),
  statedRules: z
    .array(keyLabel)
    .meta({ description: 'The deadlines this user may record a date stated in a document for' }),
  warnings: z.array(visitWarning).meta({
    description: 'About the visit dates (weekend, bank holiday, another visit for the council at the same time)',
  }),
  eventCodes: z.array(keyLabel).readonly(),
  teamRoles: z.array(keyLabel.extend({ kinds: z.array(z.string()).readonly() })).readonly(),
  next: z
    .lazy(() => nextStepsSchema)
    .nullable()
    .meta({ description: 'What this user does next on the challenge, and who moves it on to the next stage' }),
})

const auditEntry = z.object({
  id,
  at: isoDateTime,
  actorLabel: z.string().meta({ description: 'Who, as recorded: "Name <email>"' }),
  who: z.string().meta({ description: 'Who, as the page shows it: the name; the service itself for the system' }),
  action: z.string().meta({ description: 'The audit code, e.g. recommendation.updated' }),
  summary: z.string().meta({ description: 'What happened, in plain English' }),
  entity: z.string(),
  entityId: z.string().nullable(),
  visibility: z.enum(['team', 'programme', 'council', 'public']).meta({ description: 'Who may read the entry' }),
  changes: z
    .array(
      z.object({
        field: z.string(),
        label: z.string().meta({ description: 'The field as the forms name it' }),
        from: z.string().meta({ description: 'At most 300 characters (longer values end in …)' }),
        to: z.string().meta({ description: 'At most 300 characters (longer values end in …)' }),
      }),
    )
    .meta({ description: 'At most 12 changes an entry' }),
  moreChanges: z.int().meta({ description: 'Changes to other fields in the same entry, not listed' }),
})

/** GET /api/challenges/:id/history?page=N: one page (20 entries) of the changes the user may see, newest first. */
export const challengeHistory = challengeHeader.extend({
  history: z.object({
    challengeId: id,
    page: z.int(),
    pages: z.int(),
    total: z.int(),
    pageSize: z.int(),
    entries: z.array(auditEntry),
  }),
})

export const historyQuery = z.object({ page: z.string().optional().meta({ description: 'Page number, from 1' }) })

/** GET /api/challenges/:id/events/:eventId: a recorded date, to correct or withdraw. */
export const eventForm = challengeHeader.extend({
  event: recordedEvent,
  canWithdraw: z.boolean(),
})

export const challengeTeam = challenge.extend({
  people: z
    .array(
      z.object({
        id,
        name: z.string(),
        title: z.string().nullable(),
        organisation: z.string().nullable(),
        kind: z.string(),
        party: z.string().nullable(),
      }),
    )
    .meta({ description: 'The people who can join the team (for the programme office)' }),
})

export const challengeEdit = challenge.extend({ frameworks: z.array(framework) })

export const newRecommendation = challenge.extend({
  values: z.object({ kind: z.string(), themeKey: z.string() }),
})

export const recommendationEdit = challenge.extend({ recommendation, values: recommendation })

export const challenges = z.object({
  items: z.array(challengeItem),
  filters: z.object({ stage: z.string(), type: z.string(), year: z.string(), council: z.string() }),
  reviewTypes: z.array(reviewType),
  stages: z.array(keyLabel),
})

export const challengeFilters = z.object({
  stage: z.string().optional(),
  type: z.string().optional().meta({ description: 'Review type code' }),
  year: z.string().optional().meta({ description: 'Year of the on-site visit' }),
  council: z.string().optional().meta({ description: 'Council code' }),
})

export const newChallenge = z.object({
  councils: z.array(z.object({ code: z.string(), name: z.string() })),
  reviewTypes: z.array(reviewType),
  frameworks: z.array(framework),
  parents: z.array(z.object({ id, reference: z.string(), councilCode: z.string() })),
})

export const created = z.object({
  id,
  reference: z.string(),
  warnings: z.array(visitWarning).meta({ description: 'About its dates: weekend, bank holiday, overlap' }),
})

/** GET /api/challenges/:id/stated-dates/:statedId: a due date stated in a document, to correct or withdraw. */
export const statedDateForm = challengeHeader.extend({
  stated: statedDate.extend({
    id,
    ruleCode: z.string(),
    label: z.string(),
    recordedAt: isoDateTime,
    recordedBy: z.string().nullable(),
    correctedAt: isoDateTime.nullable(),
  }),
})
export const createdId = z.object({ id })
export const uploaded = z.object({ documentId: id, version: z.int() })
export { ok }

/** GET /api/challenges/:id/scope/questions: the council's own questions under each theme, to change. */
export const themeQuestions = challengeHeader.extend({
  themes: z.array(
    z.object({ key: z.string(), title: z.string(), question: z.string(), questions: z.array(z.string()) }),
  ),
  values: z.record(z.string(), z.string()),
})

/** "What do I do next" on one challenge (challenges/next-steps.ts). */
export const nextStepsSchema = z
  .object({
    challengeId: id,
    reference: z.string(),
    councilName: z.string(),
    tasks: z.array(
      z.object({
        text: z.string(),
        href: z.string(),
        due: isoDate.nullable(),
        when: z.string().nullable().meta({ description: '"in 7 days", "3 months overdue"' }),
        overdue: z.boolean(),
      }),
    ),
    movesOn: z.object({ text: z.string(), you: z.boolean() }).nullable(),
  })
  .meta({ id: 'NextSteps' })
