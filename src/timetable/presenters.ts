import { z } from 'zod'
import { id, isoDate, isoDateTime, pageAbilities } from '../web/presenters.ts'
import { challengeFields, challengeHeader, visitWarning } from '../challenges/presenters.ts'
import { reviewTypeName } from '../frameworks/presenters.ts'

const sessionKind = z.enum(['interview', 'focus-group', 'site-visit'])
const outcome = z.enum(['held', 'not-held'])
const time = z.string().meta({ description: 'HH:MM', example: '09:30' })

const session = z
  .object({
    id,
    title: z.string(),
    kind: sessionKind,
    minutes: z.number(),
    siteId: id.nullable(),
    room: z.string(),
    themes: z.array(z.string()),
    group: z.string(),
    fixedDate: isoDate.nullable(),
    fixedStart: time.nullable(),
    peers: z.number().nullable(),
    notes: z.string(),
    droppedAt: isoDateTime.nullable(),
    outcome: outcome.nullable(),
    peopleMet: z.number().nullable(),
    version: z.int(),
    attendees: z.array(z.number()),
  })
  .meta({ id: 'VisitSession' })

const timetable = z
  .object({
    id,
    status: z.enum(['published', 'proposal', 'superseded']),
    basedOn: z.number().nullable(),
    solver: z.object({
      status: z.string(),
      seconds: z.number(),
      stages: z.array(z.unknown()),
      inputsHash: z.string(),
      understaffed: z.array(z.object({ sessionId: id, have: z.number(), need: z.number() })),
    }),
    unplaced: z.array(z.object({ sessionId: id, reason: z.string() })),
    changes: z
      .object({ moved: z.number(), peersChanged: z.number(), dropped: z.number(), lost: z.number() })
      .nullable(),
    createdAt: isoDateTime,
    publishedAt: isoDateTime.nullable(),
    publishedNumber: z.number().nullable(),
    rulesCode: z.string(),
  })
  .meta({ id: 'Timetable' })

const attendee = z
  .object({
    id,
    name: z.string(),
    roleTitle: z.string(),
    group: z.string(),
    unavailable: z.array(z.object({ date: isoDate, from: time, to: time })),
  })
  .meta({ id: 'VisitAttendee' })

const teamMember = z
  .object({
    personId: id,
    name: z.string(),
    kind: z.enum(['officer', 'member', 'lga']),
    role: z.string(),
    title: z.string().nullable(),
    organisation: z.string().nullable(),
  })
  .meta({ id: 'VisitTeamMember' })

const counts = z
  .object({
    planned: z.number(),
    meetingsHeld: z.number(),
    peopleMet: z.number(),
    hours: z.number(),
    weeks: z.number(),
    sentence: z.string(),
  })
  .meta({ id: 'VisitCounts' })

/** The on-site programme: sites, travel, attendees, sessions, theme leads, timetables and live counts. */
export const visit = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  days: z.array(z.object({ date: isoDate, label: z.string() })),
  rules: z.object({
    code: z.string(),
    name: z.string(),
    stakeholderGroups: z.array(z.object({ key: z.string(), label: z.string() })),
    sessionKinds: z.array(z.object({ key: sessionKind, label: z.string() })),
  }),
  themes: z.array(z.object({ key: z.string(), title: z.string(), leadId: id.nullable() })),
  sites: z.array(z.object({ id, name: z.string(), isMain: z.boolean() })),
  travel: z.array(
    z.object({
      from: z.string().optional(),
      to: z.string().optional(),
      fromSite: z.number(),
      toSite: z.number(),
      minutes: z.number(),
    }),
  ),
  attendees: z.array(attendee),
  sessions: z.array(
    session.extend({
      site: z.string().optional(),
      attendeeNames: z.array(z.string().optional()),
      published: z.boolean(),
      placement: z
        .object({ sessionId: id, day: isoDate, starts: time, ends: time, peers: z.array(z.number()) })
        .nullable(),
    }),
  ),
  team: z.array(teamMember),
  timetables: z.array(timetable),
  published: timetable.nullable(),
  publishedProblems: z.array(z.string()),
  warnings: z.array(visitWarning).meta({ description: 'About the visit days: a weekend day or a bank holiday' }),
  counts,
  abilities: pageAbilities('plan', 'evidence'),
})

export const attendeeEditor = visit.extend({
  attendee: attendee.nullable(),
  values: attendee.extend({ unavailable: z.string() }).partial(),
})

export const sessionEditor = visit.extend({
  session: session.nullable(),
  values: session.extend({ kind: z.string(), attendees: z.array(z.string()) }).partial(),
})

export const importForm = challengeHeader

export const siteAdded = z.object({ id, name: z.string(), isMain: z.boolean() })
export const travelSet = z.object({ fromSite: z.number(), toSite: z.number(), minutes: z.number() })
export const themeLeadsSet = z.record(z.string(), z.number().nullable()).meta({ description: 'Theme key -> person id' })
export const savedId = z.object({ id })
export const sessionDropped = z.object({
  id,
  title: z.string(),
  dropped: z.boolean().optional().meta({ description: 'Kept as dropped (the programme was published)' }),
  deleted: z.boolean().optional(),
})
export const programmeImported = z.object({ sessions: z.number(), attendees: z.number(), sites: z.number() })
export const published = z.object({ id, number: z.int() })

const day = z
  .object({
    date: isoDate,
    label: z.string(),
    items: z.array(
      z.union([
        z.object({
          team: z.boolean(),
          sessionId: id,
          starts: time,
          ends: time,
          title: z.string(),
          kind: sessionKind,
          site: z.string().optional(),
          room: z.string(),
          themes: z.array(z.string()),
          dropped: z.boolean(),
          outcome: outcome.nullable(),
          attendees: z.array(z.object({ name: z.string(), roleTitle: z.string() })),
          peers: z.array(z.string()),
        }),
        z.object({
          team: z.boolean(),
          starts: time,
          ends: time,
          title: z.string(),
          kind: z.enum(['closed', 'lunch', 'wash-up', 'preparation', 'feedback']),
        }),
      ]),
    ),
  })
  .meta({ id: 'ProgrammeDay' })

/** A planned timetable by day, with the checker's findings and what changed against the published one. */
export const timetablePage = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  timetable,
  current: z.boolean(),
  problems: z.array(z.string()),
  unplaced: z.array(z.object({ title: z.string(), sessionId: id, reason: z.string() })),
  understaffed: z.array(z.object({ title: z.string(), sessionId: id, have: z.number(), need: z.number() })),
  changed: z.array(z.object({ title: z.string().optional(), was: z.string(), now: z.string() })),
  days: z.array(day),
  abilities: pageAbilities('publish'),
})

/** The published programme (all of it, or one peer's). */
export const programme = z.object({
  challenge: challengeFields,
  reviewType: reviewTypeName,
  published: timetable.nullable(),
  team: z.array(teamMember),
  peer: teamMember.nullable().optional(),
  myPersonId: id.nullable(),
  days: z.array(day),
  counts,
  canPlan: z.boolean(),
})
