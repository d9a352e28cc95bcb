import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { page } from './routing.ts'
import { challengeItem, nextStepsSchema } from '../challenges/presenters.ts'
import { listChallenges, myNextSteps } from '../challenges/service.ts'
import { can } from '../auth/policy.ts'

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/',
    cache: true,
    view: 'home.njk',
    tags: ['home'],
    summary: 'Start page: the challenges that matter to the signed-in user, or published reports',
    public: true,
    response: z.object({
      mine: z.array(challengeItem),
      published: z.array(challengeItem),
      next: z.array(nextStepsSchema).meta({ description: 'What the user does next, per challenge, soonest first' }),
    }),
    load: async (req) => {
      const items = await listChallenges(req.ctx, {})
      // The programme office's list is everything still open; peers and officers see their own.
      const mine = items.filter(
        (c) => c.mine && (can(req.actor, 'view-programme') ? !['closed', 'cancelled'].includes(c.stage) : true),
      )
      const published = items.filter((c) => c.published).slice(0, 10)
      const open = mine.filter((c) => !['closed', 'cancelled'].includes(c.stage)).map((c) => c.id)
      const next = req.actor.kind === 'user' ? await myNextSteps(req.ctx, open) : []
      return { mine, published, next }
    },
  })
}
