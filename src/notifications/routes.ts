import type { FastifyInstance } from 'fastify'
import { action, intParam, page } from '../web/routing.ts'
import { assertCan } from '../auth/policy.ts'
import { z } from 'zod'
import { getPreferences, listOutbox, prefsSchema, setPreferences } from './service.ts'
import { inbox, jobRun, notificationRead, outbox, outboxQuery, preferences } from './presenters.ts'
import { inboxQuery, listNotifications, markRead } from './inbox.ts'
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

  // In-app notifications (decision 0032): your own.
  page(app, {
    path: '/notifications',
    view: 'inbox.njk',
    tags: TAGS,
    summary:
      'Your notifications: what needs you (a draft report to check, comments returned, a plan approved), newest first, 50 a page',
    query: inboxQuery,
    response: inbox,
    load: (req) => listNotifications(req.ctx, req.query as { page?: string }),
  })
  action(app, {
    path: '/notifications/read',
    tags: TAGS,
    summary: 'Mark all your notifications as read',
    bodyOptional: true,
    body: z.object({}),
    response: notificationRead,
    run: (req) => markRead(req.ctx, null),
    redirect: () => '/notifications',
    flash: (_req, r) => (r.marked ? 'Your notifications are marked as read' : 'You had no unread notifications'),
  })
  action(app, {
    path: '/notifications/:id/read',
    tags: TAGS,
    summary: 'Mark one of your notifications as read; the browser goes on to the page it is about',
    bodyOptional: true,
    body: z.object({}),
    response: notificationRead,
    run: (req) => markRead(req.ctx, intParam(req, 'id')),
    redirect: (_req, r) => r.href,
  })
}
