import type { FastifyInstance } from 'fastify'
import { page } from '../web/routing.ts'
import { listFrameworks, listReviewTypes } from './repo.ts'
import { describeOffset } from './deadlines.ts'
import { GUARDS } from './workflow.ts'

export async function frameworkRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/frameworks',
    view: 'frameworks.njk',
    tags: ['reference'],
    summary: 'Review types with their workflows, and the versioned frameworks with themes and deadline rules',
    load: async (req) => {
      const reviewTypes = await listReviewTypes(req.ctx.db)
      const frameworks = (await listFrameworks(req.ctx.db)).map((f) => ({
        ...f,
        rules: f.rules.map((r) => ({ ...r, describe: `${describeOffset(r.offset)} after ${r.anchor.replace('parent:', 'the original challenge’s ').replace('event:', '').replace('onsite_end', 'last on-site day').replace('onsite_start', 'first on-site day').replace(/_/g, ' ')}` })),
      }))
      return { reviewTypes, frameworks, guards: Object.fromEntries(Object.entries(GUARDS).map(([k, g]) => [k, g.describe])) }
    },
  })
}
