import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { action, page } from '../web/routing.ts'
import { jobPage } from './presenters.ts'
import { cancelJob, getJob, retryJob } from './service.ts'

const jobId = (req: FastifyRequest) => String((req.params as { id?: string }).id ?? '')

export async function jobRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/jobs/:id',
    view: 'job.njk',
    tags: ['jobs'],
    summary: 'A background job: its state and progress (the page refreshes itself while it runs), result or error',
    errors: [401, 404],
    response: jobPage,
    load: (req) => getJob(req.ctx, jobId(req)),
  })
  action(app, {
    path: '/jobs/:id/cancel',
    tags: ['jobs'],
    summary: 'Cancel a queued or running job (a running one stops at its next step; what it did is kept)',
    bodyOptional: true,
    body: z.object({}),
    errors: [401, 404, 409],
    response: jobPage,
    run: (req) => cancelJob(req.ctx, jobId(req)),
    redirect: (req) => `/jobs/${jobId(req)}`,
    flash: () => 'Job cancelled',
  })
  action(app, {
    path: '/jobs/:id/retry',
    tags: ['jobs'],
    summary: 'Run a failed or cancelled job again: it goes on from where it stopped',
    bodyOptional: true,
    body: z.object({}),
    errors: [401, 404, 409],
    response: jobPage,
    run: (req) => retryJob(req.ctx, jobId(req)),
    redirect: (req) => `/jobs/${jobId(req)}`,
    flash: () => 'Job queued again',
  })
}
