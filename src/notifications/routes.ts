import type { FastifyInstance } from 'fastify'
import { action, page } from '../web/routing.ts'
import { assertCan } from '../auth/policy.ts'
import { z } from 'zod'
import { getPreferences, listOutbox, prefsSchema, setPreferences } from './service.ts'
import { jobRun, outbox, outboxQuery, preferences } from './presenters.ts'
import { ok } from '../web/presenters.ts'
import { runReminders } from './reminders.ts'
import type { Mailer } from './mailer.ts'

const TAGS = ['notifications']

export async function notificationRoutes(
  app: FastifyInstance,
  opts: { mailer: Mailer | null; baseUrl: string },
): Promise<void> {
  page(app, {
    path: '/account/notifications',
    view: 'notifications.njk',
    tags: TAGS,
    summary: 'The reminders you receive by email, and whether each is on',
    response: preferences,
    load: (req) => getPreferences(req.ctx),
  })
  action(app, {
    path: '/account/notifications',
    tags: TAGS,
    summary: 'Choose the reminders you receive (kinds: the ones to keep on)',
    body: prefsSchema,
    response: ok,
    run: async (req) => {
      await setPreferences(req.ctx, req.body)
      return { ok: true }
    },
    redirect: () => '/account/notifications',
    flash: () => 'Your reminder choices are saved',
    form: { view: 'notifications.njk', load: (req) => getPreferences(req.ctx) },
  })
  page(app, {
    path: '/outbox',
    view: 'outbox.njk',
    tags: TAGS,
    summary: 'Reminders sent or waiting: your own (the programme office sees all)',
    query: outboxQuery,
    response: outbox,
    load: async (req) => ({ ...(await listOutbox(req.ctx, req.query as { page?: string })), smtp: !!opts.mailer }),
  })
  action(app, {
    path: '/outbox/run',
    tags: TAGS,
    summary: 'Run the reminder job now (programme office); it also runs on a schedule',
    bodyOptional: true,
    body: z.object({}),
    response: jobRun,
    run: async (req) => {
      assertCan(req.actor, 'run-jobs')
      return runReminders(req.ctx.db, req.ctx.clock, { mailer: opts.mailer, baseUrl: opts.baseUrl })
    },
    redirect: () => '/outbox',
    flash: (_req, r) =>
      r.ran
        ? `Reminder job run: ${r.created} new message${r.created === 1 ? '' : 's'}${r.sent || r.failed ? `, ${r.sent} sent, ${r.failed} failed` : ''}`
        : 'The reminder job is already running on another instance',
  })
}
