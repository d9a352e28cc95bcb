import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { action, download, intParam, page, typed } from '../web/routing.ts'
import { multipartUpload } from '../web/multipart.ts'
import { challengeHeader } from '../challenges/routes.ts'
import { jobStarted } from '../jobs/presenters.ts'
import { loadChallenge } from '../challenges/access.ts'
import { plural } from '../common/dates.ts'
import {
  attendeeSchema,
  publishSchema,
  sessionSchema,
  siteSchema,
  solveSchema,
  themeLeadsSchema,
  travelSchema,
} from './schemas.ts'
import {
  attendeeEditor,
  importForm,
  programme,
  programmeImported,
  published,
  savedId,
  sessionDropped,
  sessionEditor,
  siteAdded,
  themeLeadsSet,
  timetablePage,
  travelSet,
  visit,
} from './presenters.ts'
import {
  addSite,
  dropSession,
  getAttendee,
  getProgramme,
  getSession,
  getTimetable,
  getVisit,
  importProgramme,
  peerCalendar,
  teamCalendar,
  planTimetable,
  programmeTemplate,
  publishTimetable,
  saveAttendee,
  saveSession,
  setThemeLeads,
  setTravel,
} from './service.ts'

const TAGS = ['on-site programme']
const id = (req: FastifyRequest) => intParam(req, 'id')
const base = (req: FastifyRequest) => `/challenges/${id(req)}/visit`

/** The visit page's data with the challenge header (used by every form on it when shown again with errors). */
const visitPage = async (req: FastifyRequest) => ({
  ...(await challengeHeader(req, 'visit')),
  ...(await getVisit(req.ctx, id(req))),
})
/** The On site tab's parts (overview and timetable, sessions, people, theme leads with sites and travel), each a page
 * of its own over the same data (its API twin is the whole visit, as /api/challenges/:id/visit). */
const visitSection = (section: 'overview' | 'sessions' | 'attendees' | 'setup') => async (req: FastifyRequest) => ({
  ...(await visitPage(req)),
  visitSection: section,
})

const sessionForm = (sessionId: number | null) => async (req: FastifyRequest) => {
  const v = await visitPage(req)
  if (!v.abilities.plan) await loadChallenge(req.ctx, id(req), 'plan-visit')
  const s = sessionId ? await getSession(req.ctx, id(req), sessionId) : null
  return {
    ...v,
    session: s,
    values: s ? { ...s, themes: s.themes, attendees: s.attendees.map(String) } : { kind: 'interview', minutes: 60 },
  }
}

const attendeeForm = (attendeeId: number | null) => async (req: FastifyRequest) => {
  const v = await visitPage(req)
  if (!v.abilities.plan) await loadChallenge(req.ctx, id(req), 'plan-visit')
  const a = attendeeId ? await getAttendee(req.ctx, id(req), attendeeId) : null
  return {
    ...v,
    attendee: a,
    values: a ? { ...a, unavailable: a.unavailable.map((w) => `${w.date} ${w.from}-${w.to}`).join('\n') } : {},
  }
}

export async function timetableRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/challenges/:id/visit',
    view: 'visit.njk',
    tags: TAGS,
    summary: 'The on-site programme: sites, travel, attendees, sessions, theme leads, timetables and live counts',
    response: visit,
    load: visitSection('overview'),
  })
  page(app, {
    path: '/challenges/:id/visit/sessions',
    view: 'visit-sessions.njk',
    tags: TAGS,
    summary: 'The sessions of the visit (the On site tab’s sessions page; the same data as the visit)',
    response: visit,
    load: visitSection('sessions'),
  })
  page(app, {
    path: '/challenges/:id/visit/attendees',
    view: 'visit-attendees.njk',
    tags: TAGS,
    summary: 'The people the team will meet (the On site tab’s people page; the same data as the visit)',
    response: visit,
    load: visitSection('attendees'),
  })
  page(app, {
    path: '/challenges/:id/visit/setup',
    view: 'visit-setup.njk',
    tags: TAGS,
    summary: 'Theme leads, sites and travel times (the On site tab’s set-up page; the same data as the visit)',
    response: visit,
    load: visitSection('setup'),
  })
  action(app, {
    path: '/challenges/:id/visit/sites',
    tags: TAGS,
    summary: 'Add a site of the visit (the first is the main site)',
    body: siteSchema,
    response: siteAdded,
    api: { status: 201 },
    run: (req) => addSite(req.ctx, id(req), req.body),
    redirect: (req) => `${base(req)}/setup#sites`,
    flash: (_req, r) => `Site “${r.name}” added`,
    form: { view: 'visit-setup.njk', load: visitSection('setup') },
  })
  action(app, {
    path: '/challenges/:id/visit/travel',
    tags: TAGS,
    summary: 'Set the travel time in minutes between two sites (either way)',
    body: travelSchema,
    response: travelSet,
    run: (req) => setTravel(req.ctx, id(req), req.body),
    redirect: (req) => `${base(req)}/setup#sites`,
    flash: () => 'Travel time saved',
    form: { view: 'visit-setup.njk', load: visitSection('setup') },
  })
  action(app, {
    path: '/challenges/:id/visit/theme-leads',
    tags: TAGS,
    summary: 'Set which team member leads each theme (fields lead-<theme key>)',
    body: themeLeadsSchema,
    response: themeLeadsSet,
    run: (req) => setThemeLeads(req.ctx, id(req), req.body),
    redirect: (req) => `${base(req)}/setup#theme-leads`,
    flash: () => 'Theme leads saved',
    form: { view: 'visit-setup.njk', load: visitSection('setup') },
  })

  page(app, {
    path: '/challenges/:id/visit/attendees/new',
    errors: [409], // the policy's stage rule: not at this stage
    view: 'visit-attendee.njk',
    tags: TAGS,
    summary: 'Form data for a new attendee',
    response: attendeeEditor,
    load: attendeeForm(null),
  })
  action(app, {
    path: '/challenges/:id/visit/attendees',
    tags: TAGS,
    summary: 'Add someone the team will meet, with the times they are not available',
    body: attendeeSchema,
    api: { status: 201 },
    response: savedId,
    run: (req) => saveAttendee(req.ctx, id(req), null, req.body),
    redirect: (req) => `${base(req)}/attendees`,
    flash: () => 'Attendee added',
    form: { view: 'visit-attendee.njk', load: typed(attendeeForm(null)) },
  })
  page(app, {
    path: '/challenges/:id/visit/attendees/:attendeeId',
    errors: [409], // the policy's stage rule: not at this stage
    view: 'visit-attendee.njk',
    tags: TAGS,
    summary: 'An attendee, for editing',
    response: attendeeEditor,
    load: (req) => attendeeForm(intParam(req, 'attendeeId'))(req),
  })
  action(app, {
    path: '/challenges/:id/visit/attendees/:attendeeId',
    api: { method: 'PUT' },
    tags: TAGS,
    summary: 'Change an attendee',
    body: attendeeSchema,
    response: savedId,
    run: (req) => saveAttendee(req.ctx, id(req), intParam(req, 'attendeeId'), req.body),
    redirect: (req) => `${base(req)}/attendees`,
    flash: () => 'Attendee saved',
    form: { view: 'visit-attendee.njk', load: typed((req) => attendeeForm(intParam(req, 'attendeeId'))(req)) },
  })

  page(app, {
    path: '/challenges/:id/visit/sessions/new',
    errors: [409], // the policy's stage rule: not at this stage
    view: 'visit-session.njk',
    tags: TAGS,
    summary: 'Form data for a new session',
    response: sessionEditor,
    load: sessionForm(null),
  })
  action(app, {
    path: '/challenges/:id/visit/sessions',
    tags: TAGS,
    summary: 'Add a session (interview, focus group or site visit) with its attendees, themes and any fixed time',
    body: sessionSchema,
    api: { status: 201 },
    response: savedId,
    run: (req) => saveSession(req.ctx, id(req), null, req.body),
    redirect: (req) => `${base(req)}/sessions`,
    flash: () => 'Session added',
    form: { view: 'visit-session.njk', load: typed(sessionForm(null)) },
  })
  page(app, {
    path: '/challenges/:id/visit/sessions/:sessionId',
    errors: [409], // the policy's stage rule: not at this stage
    view: 'visit-session.njk',
    tags: TAGS,
    summary: 'A session, for editing or recording what happened',
    response: sessionEditor,
    load: (req) => sessionForm(intParam(req, 'sessionId'))(req),
  })
  action(app, {
    path: '/challenges/:id/visit/sessions/:sessionId',
    api: { method: 'PUT' },
    tags: TAGS,
    summary: 'Change a session, or record whether it was held and how many people came',
    body: sessionSchema,
    response: savedId,
    run: (req) => saveSession(req.ctx, id(req), intParam(req, 'sessionId'), req.body),
    redirect: (req) => `${base(req)}/sessions`,
    flash: () => 'Session saved',
    form: { view: 'visit-session.njk', load: typed((req) => sessionForm(intParam(req, 'sessionId'))(req)) },
  })
  action(app, {
    path: '/challenges/:id/visit/sessions/:sessionId/drop',
    api: { method: 'DELETE', path: '/api/challenges/:id/visit/sessions/:sessionId' },
    tags: TAGS,
    summary: 'Drop a session (kept as dropped once published, so a re-plan moves as little as possible)',
    response: sessionDropped,
    run: (req) => dropSession(req.ctx, id(req), intParam(req, 'sessionId')),
    redirect: (req) => `${base(req)}/sessions`,
    flash: (_req, r) =>
      'dropped' in r ? `“${r.title}” dropped: plan the timetable again to publish the change` : `“${r.title}” deleted`,
  })

  page(app, {
    path: '/challenges/:id/visit/import',
    errors: [409], // the policy's stage rule: not at this stage
    view: 'visit-import.njk',
    tags: TAGS,
    summary: 'The programme import form',
    response: importForm,
    load: async (req) => {
      await loadChallenge(req.ctx, id(req), 'plan-visit')
      return { ...(await challengeHeader(req, 'visit')) }
    },
  })
  action(app, {
    path: '/challenges/:id/visit/import',
    tags: TAGS,
    summary: 'Import sessions and attendees from a .csv or .xlsx (multipart "file"); one bad row changes nothing',
    upload: { file: 'The programme (.csv or .xlsx; the columns of the template; 20 MB at most)' },
    response: programmeImported,
    api: { status: 201 },
    run: async (req) => {
      const { file } = await multipartUpload(req)
      return importProgramme(req.ctx, id(req), file)
    },
    redirect: (req) => base(req), // the overview: where the timetable is planned next
    flash: (_req, r) =>
      `${plural(r.sessions, 'session')} imported, with ${plural(r.attendees, 'new attendee')}${r.sites ? ` and ${plural(r.sites, 'new site')}` : ''}`,
    form: { view: 'visit-import.njk', load: (req) => challengeHeader(req, 'visit') },
  })
  download(app, {
    path: '/challenges/:id/visit/import/template.csv',
    errors: [409],
    tags: TAGS,
    summary: 'A CSV template for the programme import, with example rows',
    types: ['text/csv'],
    run: async (req) => {
      await loadChallenge(req.ctx, id(req), 'plan-visit')
      return programmeTemplate()
    },
  })
  download(app, {
    path: '/challenges/:id/visit/calendar',
    tags: TAGS,
    summary:
      'The whole team’s calendar (.ics): every on-site day, and once the programme is published every session with its peers (empty while the on-site dates are not known)',
    types: ['text/calendar'],
    run: (req) => teamCalendar(req.ctx, id(req)),
  })
  download(app, {
    path: '/challenges/:id/visit/calendar/:personId',
    tags: TAGS,
    summary: 'A peer’s own calendar (.ics) of the published programme',
    types: ['text/calendar'],
    run: (req) => peerCalendar(req.ctx, id(req), intParam(req, 'personId')),
  })

  action(app, {
    path: '/challenges/:id/visit/timetables',
    tags: TAGS,
    summary:
      'Plan the timetable with the solver (a minimal-change re-plan once one is published), as a background job: answers at once with the job, whose page shows progress and then the proposal',
    body: solveSchema,
    response: jobStarted,
    api: { status: 202 },
    run: (req) => planTimetable(req.ctx, id(req), req.body),
    redirect: (_req, r) => r.path,
    flash: () => 'Planning the timetable: this page shows how it is going',
    form: { view: 'visit.njk', load: visitSection('overview') },
  })
  page(app, {
    path: '/challenges/:id/visit/timetables/:timetableId',
    view: 'visit-timetable.njk',
    tags: TAGS,
    summary: 'A planned timetable by day, with the checker’s findings and what changed against the published one',
    response: timetablePage,
    load: async (req) => ({
      ...(await challengeHeader(req, 'visit')),
      ...(await getTimetable(req.ctx, id(req), intParam(req, 'timetableId'))),
    }),
  })
  action(app, {
    path: '/challenges/:id/visit/timetables/:timetableId/publish',
    tags: TAGS,
    summary: 'Publish a proposed timetable as the programme (refused if the sessions changed since it was planned)',
    body: publishSchema,
    response: published,
    run: (req) => publishTimetable(req.ctx, id(req), intParam(req, 'timetableId'), req.body),
    redirect: (req) => `${base(req)}/programme`,
    flash: (_req, r) => `Programme version ${r.number} published`,
    form: {
      view: 'visit-timetable.njk',
      load: async (req) => ({
        ...(await challengeHeader(req, 'visit')),
        ...(await getTimetable(req.ctx, id(req), intParam(req, 'timetableId'))),
      }),
    },
  })
  page(app, {
    path: '/challenges/:id/visit/programme',
    view: 'visit-programme.njk',
    tags: TAGS,
    summary: 'The published programme, printable; ?peer=<person id> shows one peer’s',
    query: z.object({ peer: z.string().optional().meta({ description: 'A peer’s person id' }) }),
    response: programme,
    load: async (req) => ({
      ...(await challengeHeader(req, 'visit')),
      ...(await getProgramme(req.ctx, id(req), req.query as { peer?: string })),
    }),
  })
}
