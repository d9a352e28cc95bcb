import { z } from 'zod'
import { id, isoDate, isoDateTime, pageAbilities } from '../web/presenters.ts'

const kind = z.enum(['officer', 'member', 'lga'])
const keyLabel = z.object({ key: z.string(), label: z.string() })

const vocabulary = z.object({
  roles: z.array(z.object({ key: z.string(), label: z.string(), kind })),
  expertise: z.array(z.object({ key: z.string(), label: z.string(), keywords: z.array(z.string()) })),
  councilTypes: z.array(keyLabel),
})

/** The vocabularies the pool's pages and forms use. */
const options = vocabulary.extend({
  relationshipTypes: z.array(keyLabel).readonly(),
  conflictTypes: z.array(keyLabel).readonly(),
})

const person = z
  .object({
    id,
    name: z.string(),
    email: z.string().nullable(),
    title: z.string().nullable(),
    organisation: z.string().nullable(),
    kind,
    party: z.string().nullable(),
    role: z.string().nullable(),
    formerRole: z.string().nullable(),
    formerRoleUntil: isoDate.nullable(),
    councilId: id.nullable(),
    councilCode: z.string().nullable(),
    councilName: z.string().nullable(),
    region: z.string().nullable(),
    councilTypes: z.array(z.string()),
    expertise: z.array(z.string()),
    accreditedOn: isoDate.nullable(),
    trainedOn: isoDate.nullable(),
    daysOffered: z.number(),
    inPool: z.boolean(),
    notes: z.string(),
    version: z.int(),
  })
  .meta({ id: 'Peer' })

export const pool = options.extend({
  people: z.array(person.extend({ unavailableNow: z.boolean(), teams: z.number() })),
  total: z.number(),
  page: z.number(),
  pages: z.number(),
  query: z.object({
    q: z.string().optional(),
    kind: z.string().optional(),
    party: z.string().optional(),
    expertise: z.string().optional(),
    role: z.string().optional(),
    all: z.string().optional(),
    page: z.string().optional(),
  }),
  counts: z.array(z.object({ kind: z.string(), party: z.string().nullable(), n: z.number() })),
  parties: z.array(z.string()),
})

export const poolQuery = pool.shape.query

export const peerEditor = options.extend({
  person: person.nullable(),
  values: z.union([
    person.omit({ inPool: true }).extend({ council: z.string(), inPool: z.string() }),
    z.object({ inPool: z.string() }),
  ]),
})

export const poolImportForm = z.object({ columns: z.array(z.string()).readonly() })

export const poolImported = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unavailable: z.number(),
})

/** A peer's profile, unavailable dates, declared interests, conflict overrides and teams. */
export const peer = options.extend({
  person,
  unavailable: z.array(z.object({ id, from: isoDate, to: isoDate, note: z.string() })),
  relationships: z.array(
    z.object({
      id,
      councilCode: z.string(),
      councilName: z.string(),
      type: z.string(),
      from: isoDate.nullable(),
      to: isoDate.nullable(),
      note: z.string(),
    }),
  ),
  overrides: z.array(
    z.object({
      id,
      councilCode: z.string(),
      councilName: z.string(),
      type: z.string(),
      reason: z.string(),
      createdAt: isoDateTime,
      withdrawnAt: isoDateTime.nullable(),
    }),
  ),
  teams: z.array(
    z.object({
      challengeId: id,
      reference: z.string(),
      councilName: z.string(),
      role: z.string(),
      onsiteStart: isoDate.nullable(),
      onsiteEnd: isoDate.nullable(),
      stage: z.string(),
    }),
  ),
  abilities: pageAbilities('edit', 'availability', 'declare', 'override'),
})

export const peerSaved = z.object({ id })

const slot = z
  .object({
    key: z.string(),
    label: z.string(),
    teamRole: z.string(),
    min: z.number(),
    max: z.number(),
    kind,
    roles: z.array(z.string()).optional(),
    recentYears: z.number().optional(),
    expertise: z.array(z.string()).optional(),
    differentPartyFrom: z.string().optional(),
  })
  .meta({ id: 'TeamSlot' })

/** A version of the team rules (code, reviewType and name are the version's own columns: a saved version's rules may leave them out). */
const teamRules = z
  .object({
    code: z.string().optional(),
    reviewType: z.string().optional(),
    name: z.string().optional(),
    size: z.object({ min: z.number(), max: z.number() }),
    slots: z.array(slot),
    coverFocusAreas: z.boolean(),
    conflictYears: z.number(),
    prepDays: z.number(),
    placeCost: z.number(),
    partyTargets: z.record(z.string(), z.number()),
  })
  .meta({ id: 'TeamRules' })

const rulesVersion = z.object({
  id,
  code: z.string(),
  reviewType: z.string(),
  reviewTypeName: z.string(),
  version: z.int(),
  name: z.string(),
  effectiveFrom: z.string(),
  rules: teamRules,
  note: z.string(),
  createdAt: isoDateTime,
  createdBy: z.string().nullable(),
})

export const teamRulesList = z.object({
  current: z.array(rulesVersion),
  history: z.array(rulesVersion),
  vocabulary,
  canEdit: z.boolean(),
})

export const teamRulesEditor = z.object({
  current: z.object({
    id,
    code: z.string(),
    reviewType: z.string(),
    version: z.int(),
    name: z.string(),
    rules: teamRules,
  }),
  parties: z.array(z.string()),
  vocabulary,
})

/** PUT /api/team-rules/:code's input: the form's fields, or the full rules. */
export const teamRulesInput = z
  .object({
    version: z.union([z.string(), z.int()]).meta({ description: 'The version you read' }),
    note: z.string().optional(),
    rules: z.record(z.string(), z.unknown()).optional().meta({
      description:
        'The full rules (a TeamRules, as GET /api/team-rules/{code}/edit shows them) instead of the form’s fields',
    }),
  })
  .catchall(z.unknown())

export const rulesSaved = z.object({ version: z.int() })

export const assemblyOverview = z.object({
  challenges: z.array(
    z.object({
      id,
      reference: z.string(),
      councilId: id,
      councilCode: z.string(),
      councilName: z.string(),
      reviewType: z.string(),
      stage: z.string(),
      onsiteStart: isoDate.nullable(),
      onsiteEnd: isoDate.nullable(),
      precision: z.string(),
      focusAreas: z.array(z.string()),
      team: z.array(z.object({ personId: id, role: z.string(), name: z.string(), inPool: z.boolean() })),
    }),
  ),
  runs: z.array(
    z.object({
      id,
      scope: z.string(),
      windowFrom: isoDate.nullable(),
      windowTo: isoDate.nullable(),
      status: z.string(),
      createdAt: isoDateTime,
      acceptedAt: isoDateTime.nullable(),
      challenges: z.number(),
      by: z.string().nullable(),
    }),
  ),
  quarters: z.array(z.object({ key: z.string(), label: z.string(), from: isoDate, to: isoDate })),
  reviewTypes: z.array(z.object({ code: z.string(), name: z.string() })),
  values: z.object({ scope: z.string(), quarter: z.string().optional(), reviewType: z.string() }),
})

const peerSummary = z
  .object({
    name: z.string(),
    kind: z.string(),
    party: z.string().nullable(),
    role: z.string(),
    organisation: z.string().nullable(),
  })
  .meta({ id: 'PeerSummary' })
const runChallenge = z
  .object({
    id,
    reference: z.string(),
    councilCode: z.string(),
    councilName: z.string(),
    start: isoDate,
    end: isoDate,
    days: z.number(),
    focus: z.array(z.object({ tag: z.string(), label: z.string(), from: z.string() })),
    fixed: z.array(z.object({ slot: z.string(), peerId: id })),
  })
  .meta({ id: 'AssemblyChallenge' })
const pick = z
  .object({
    challengeId: id,
    slot: z.string(),
    peerId: id,
    score: z.number(),
    reasons: z.array(z.string()),
    fixed: z.boolean().optional(),
    edited: z.boolean().optional(),
  })
  .meta({ id: 'AssemblyPick' })

/** A proposal: teams with the reasons for each pick, alternates, the checker's findings and the solver's figures. */
export const assemblyRun = z.object({
  run: z.object({
    id,
    scope: z.string(),
    windowFrom: isoDate.nullable(),
    windowTo: isoDate.nullable(),
    status: z.string(),
    createdAt: isoDateTime,
    acceptedAt: isoDateTime.nullable(),
    version: z.int(),
    by: z.string().nullable(),
    rulesName: z.string(),
  }),
  result: z.object({
    challenges: z.array(runChallenge),
    skipped: z.array(z.object({ reference: z.string(), reason: z.string() })),
    picks: z.array(pick),
    peers: z.record(z.string(), peerSummary).meta({ description: 'Peer id -> who they are' }),
    problems: z.array(z.string()),
    accepted: z.record(z.string(), z.string()).meta({ description: 'Challenge id -> when its team was accepted' }),
    rules: z.object({ code: z.string(), version: z.int(), reviewType: z.string() }),
    constraints: z.number(),
    variables: z.number(),
    status: z.enum(['optimal', 'feasible', 'infeasible', 'no-candidates']),
    objective: z.number().nullable(),
    gap: z.number().nullable(),
    seconds: z.number(),
    explanation: z.array(z.string()),
  }),
  teams: z.array(
    runChallenge.extend({
      accepted: z.string().nullable(),
      problems: z.array(z.string()),
      size: z.number(),
      places: z.array(
        z.object({
          slot,
          picks: z.array(pick.extend({ peer: peerSummary.optional() })),
          options: z.array(
            z.object({ peerId: id, score: z.number(), reasons: z.array(z.string()), peer: peerSummary.optional() }),
          ),
        }),
      ),
    }),
  ),
  general: z.array(z.string()),
  rules: teamRules,
})

export const runEdited = z.object({ problems: z.array(z.string()) })
export const runAccepted = z.object({ accepted: z.array(z.string()) })
