import { z } from 'zod'
import { id, isoDateTime, ok } from '../web/presenters.ts'

const documentKind = z.enum([
  'unknown',
  'action-plan',
  'position-statement',
  'feedback-report',
  'progress-review',
  'covering-report',
  'progress-report',
  'minutes',
  'web-page',
  'not-cpc',
])
const verdict = z.enum(['cpc', 'not-cpc', 'unknown'])
const jointCouncil = z.object({ code: z.string(), name: z.string() }).optional()
const peerKind = z.enum(['officer', 'member', 'lga'])
const evidence = z
  .object({
    start: z.number().meta({ description: 'Offset in the text' }),
    end: z.number(),
    line: z.number(),
  })
  .meta({ id: 'ImportEvidence' })

/** A value read from the document, with how sure the reader is and where in the text it was found. */
const field = <T extends z.ZodType>(value: T) =>
  z.object({ value, confidence: z.number(), evidence: z.array(evidence), note: z.string().optional() })

const extraction = z
  .object({
    documentKind: field(documentKind),
    verdict: field(verdict).optional().meta({ description: 'Absent on imports read before the verdict was added' }),
    wrapper: field(z.string().nullable()),
    council: field(
      z
        .object({
          code: z.string(),
          name: z.string(),
          inferred: z.boolean(),
          inferredFrom: z.string().optional(),
          joint: jointCouncil,
        })
        .nullable(),
    ).extend({
      candidates: z.array(z.object({ code: z.string(), name: z.string(), score: z.number(), mentions: z.number() })),
      clues: z.array(z.string()),
    }),
    reviewType: field(z.string().nullable()),
    onSite: field(z.object({ start: z.string(), end: z.string(), days: z.number().nullable() }).nullable()),
    onSiteDays: field(z.number().nullable()).optional(),
    previousChallenge: field(z.string().nullable()),
    framework: field(z.object({ code: z.string(), name: z.string() }).nullable()),
    themes: field(z.array(z.string())),
    additionalScope: field(z.array(z.string())),
    peers: field(
      z.array(
        z.object({
          name: z.string(),
          title: z.string().nullable(),
          organisation: z.string().nullable(),
          kind: peerKind,
          evidence,
        }),
      ),
    ),
    keyRecommendations: field(z.array(z.object({ title: z.string(), body: z.string(), evidence }))),
    themeRecommendations: field(z.record(z.string(), z.number()).nullable()),
    themeRecommendationList: field(
      z.array(z.object({ theme: z.string(), title: z.string(), body: z.string(), evidence })),
    ),
    principalAdviserContact: field(z.object({ email: z.string().nullable(), phone: z.string().nullable() }).nullable()),
    recommendationCount: field(z.number().nullable()),
    strengthsNoted: field(z.number().nullable()),
    progressHighlights: field(z.array(z.string())),
    actionPlan: field(
      z
        .object({
          approvedBy: z.string().nullable(),
          approvedOn: z.string().nullable(),
          progressReportAfterMonths: z.number().nullable(),
        })
        .nullable(),
    ),
    stats: z.object({
      peopleMet: field(z.number().nullable()),
      meetings: field(z.number().nullable()),
      interviews: field(z.number().nullable()),
      hours: field(z.number().nullable()),
      personWeeksEquivalent: field(z.number().nullable()),
    }),
    nextSteps: z.object({
      followUp: field(z.string().nullable()),
      checkIn: field(z.string().nullable()),
      progressReview: field(z.string().nullable()),
      nextChallengeBy: field(z.string().nullable()),
      principalAdviser: field(z.string().nullable()),
    }),
    meeting: field(
      z
        .object({
          body: z.string(),
          date: z.string().nullable(),
          then: z.object({ body: z.string(), date: z.string().nullable() }).optional(),
        })
        .nullable(),
    ),
  })
  .meta({ id: 'ImportExtraction' })

const importMeta = z
  .object({
    id,
    filename: z.string(),
    format: z.string(),
    sizeBytes: z.number(),
    sha256: z.string(),
    status: z.enum(['draft', 'saved', 'discarded']),
    challengeId: id.nullable(),
    challengeReference: z.string().nullable(),
    createdAt: isoDateTime,
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'Import' })

export const imports = z.object({
  imports: z.array(importMeta.extend({ council: z.string().nullable(), kind: z.string().nullable() })),
})

/** What was read from an imported document. */
export const importPage = z.object({
  import: importMeta,
  source: z.object({
    filename: z.string(),
    format: z.enum(['text', 'pdf', 'docx', 'markdown', 'html']),
    bytes: z.number(),
    sha256: z.string(),
    pages: z.number().nullable(),
    characters: z.number(),
    warnings: z.array(z.string()),
  }),
  summary: z.object({
    documentKind,
    verdict: verdict.optional(),
    wrapper: z.string().nullable(),
    council: z
      .object({
        name: z.string(),
        registerCode: z.string(),
        inferred: z.boolean(),
        inferredFrom: z.string().optional(),
        joint: jointCouncil,
      })
      .nullable(),
    councilClues: z.array(z.string()),
    reviewType: z.string().nullable(),
    onSite: z.object({ start: z.string(), end: z.string(), days: z.number().nullable() }).nullable(),
    onSiteDays: z.number().nullable().optional(),
    previousChallenge: z.string().nullable(),
    framework: z.string().nullable(),
    themes: z.array(z.string()),
    additionalScope: z.array(z.string()),
    peers: z.array(
      z.object({ name: z.string(), title: z.string().nullable(), organisation: z.string().nullable(), kind: peerKind }),
    ),
    keyRecommendations: z.array(z.string()),
    themeRecommendations: z.record(z.string(), z.number()).nullable(),
    themeRecommendationList: z.array(z.object({ theme: z.string(), title: z.string(), body: z.string() })),
    principalAdviserContact: z.object({ email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
    recommendationCount: z.number().nullable(),
    strengthsNoted: z.number().nullable(),
    progressHighlights: z.array(z.string()),
    actionPlan: z
      .object({
        approvedBy: z.string().nullable(),
        approvedOn: z.string().nullable(),
        progressReportAfterMonths: z.number().nullable(),
      })
      .nullable(),
    stats: z.object({
      peopleMet: z.number().nullable(),
      meetings: z.number().nullable(),
      interviews: z.number().nullable(),
      hours: z.number().nullable(),
      personWeeksEquivalent: z.number().nullable(),
    }),
    nextSteps: z.object({
      followUp: z.string().nullable(),
      checkIn: z.string().nullable(),
      progressReview: z.string().nullable(),
      nextChallengeBy: z.string().nullable(),
      principalAdviser: z.string().nullable(),
    }),
    meeting: z
      .object({
        body: z.string(),
        date: z.string().nullable(),
        then: z.object({ body: z.string(), date: z.string().nullable() }).optional(),
      })
      .nullable(),
  }),
  fields: extraction,
  confidence: z.object({
    documentKind: z.string(),
    council: z.string(),
    onSite: z.string(),
    framework: z.string(),
    peers: z.string(),
    keyRecommendations: z.string(),
  }),
  anchors: z
    .object({
      documentKind: z.string().nullable(),
      council: z.string().nullable(),
      onSite: z.string().nullable(),
      themes: z.string().nullable(),
      scope: z.string().nullable(),
      meeting: z.string().nullable(),
      peers: z.array(z.string().nullable()),
      recommendations: z.array(z.string().nullable()),
    })
    .meta({ description: 'Where each field’s first evidence is among the segments (their id)' }),
  segments: z
    .array(z.object({ text: z.string(), id: z.string().optional(), label: z.string().optional() }))
    .meta({ description: 'The source text, in pieces; the marked ones are evidence for a field' }),
  councils: z.array(z.object({ code: z.string(), name: z.string() })),
  frameworks: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      reviewType: z.string(),
      themes: z.array(z.object({ key: z.string(), title: z.string() })),
    }),
  ),
  existing: z.object({ id, reference: z.string() }).nullable(),
})

const count = z.number().nullable()
export const importForm = importPage.extend({
  values: z.object({
    documentKind: z.enum([
      'feedback-report',
      'progress-review',
      'covering-report',
      'progress-report',
      'action-plan',
      'position-statement',
      'minutes',
      'web-page',
    ]),
    councilCode: z.string(),
    jointCouncilCode: z.string(),
    reviewType: z.string(),
    frameworkCode: z.string(),
    onsiteStart: z.string(),
    onsiteEnd: z.string(),
    peers: z.array(
      z.object({
        include: z.boolean(),
        name: z.string(),
        title: z.string(),
        organisation: z.string(),
        kind: peerKind,
        role: z.string().meta({ description: 'The role on the team the service reads from the title' }),
      }),
    ),
    recommendations: z.array(z.object({ include: z.boolean(), title: z.string(), body: z.string() })),
    themeRecommendations: z.array(
      z.object({ include: z.boolean(), themeKey: z.string(), theme: z.string(), title: z.string(), body: z.string() }),
    ),
    principalAdviser: z.object({ name: z.string(), email: z.string(), phone: z.string() }),
    figures: z.object({ peopleMet: count, meetings: count, interviews: count, hours: count, personWeeks: count }),
    nextSteps: z.object({
      followUp: z.string(),
      checkIn: z.string(),
      progressReview: z.string(),
      nextChallengeBy: z.string(),
    }),
    previousChallenge: z.string(),
    meetings: z.array(z.object({ include: z.boolean(), name: z.string(), date: z.string(), decision: z.string() })),
    publishedOn: z.string(),
    publishedWhere: z.string(),
  }),
})

export const imported = importPage.extend({
  id,
  duplicate: z.boolean().meta({ description: 'The same file was imported before: this is that import' }),
})

export const importSaved = z.object({
  challengeId: id,
  reference: z.string(),
  created: z.boolean().meta({ description: 'False when the visit was already recorded (nothing duplicated)' }),
})

export { ok }
