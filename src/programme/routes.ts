import type { FastifyInstance } from 'fastify'
import { page } from '../web/routing.ts'
import { programmeOverview } from './service.ts'
import { programme } from './presenters.ts'

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
}
