import type { FastifyInstance } from 'fastify'
import { page } from './routing.ts'
import { listChallenges } from '../challenges/service.ts'

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/',
    view: 'home.njk',
    tags: ['home'],
    summary: 'Start page: the challenges that matter to the signed-in user, or published reports',
    load: async (req) => {
      const items = await listChallenges(req.ctx, {})
      const a = req.actor
      const mine =
        a.kind === 'public'
          ? []
          : a.role === 'council'
            ? items.filter((c) => c.councilId === a.councilId)
            : a.role === 'peer'
              ? items.filter((c) => !c.published || c.stage !== 'closed')
              : items.filter((c) => !['closed', 'cancelled'].includes(c.stage))
      const published = items.filter((c) => c.published).slice(0, 10)
      return { mine, published }
    },
  })
}
