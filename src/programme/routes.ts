import type { FastifyInstance } from 'fastify'
import { page } from '../web/routing.ts'
import { programmeCalendar, programmeOverview } from './service.ts'
import { calendarQuery, programme, programmeCalendar as calendarPresenter } from './presenters.ts'

export async function programmeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/programme',
    cache: true,
    view: 'programme.njk',
    tags: ['programme'],
    summary:
      'Programme office: councils overdue or due a peer challenge, and deadlines due or missed across open challenges',
    response: programme,
    load: (req) => programmeOverview(req.ctx),
  })
  page(app, {
    path: '/calendar',
    cache: true,
    public: true,
    view: 'calendar.njk',
    tags: ['programme'],
    summary:
      'The programme calendar for a month: on-site visits and feedback presentations of the challenges the user can see (the public: published ones), and the deadlines of those whose private side they have; weekends and bank holidays marked',
    query: calendarQuery,
    response: calendarPresenter,
    load: (req) => programmeCalendar(req.ctx, (req.query as { month?: string } | undefined)?.month),
  })
}
