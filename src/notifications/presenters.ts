import { z } from 'zod'
import { id, isoDateTime } from '../web/presenters.ts'

const reminderKind = z.enum(['action-due', 'action-overdue', 'update-missing', 'publication-deadline'])

export const preferences = z.object({
  email: z.string(),
  kinds: z.array(z.object({ key: reminderKind, label: z.string(), hint: z.string(), enabled: z.boolean() })),
})

export const outbox = z.object({
  smtp: z.boolean().meta({ description: 'Whether reminders are sent by email (otherwise they wait here)' }),
  messages: z.array(
    z.object({
      id,
      toEmail: z.string(),
      kind: z.string(),
      subject: z.string(),
      body: z.string(),
      createdAt: isoDateTime,
      sentAt: isoDateTime.nullable(),
      error: z.string().nullable(),
      challengeId: id.nullable(),
    }),
  ),
  page: z.number(),
  next: z.number().nullable(),
  all: z.boolean(),
  lastRun: z
    .object({ startedAt: isoDateTime.nullable(), finishedAt: isoDateTime.nullable(), result: z.unknown() })
    .nullable(),
  kinds: z
    .array(z.object({ key: reminderKind, label: z.string(), hint: z.string(), roles: z.array(z.string()).readonly() }))
    .readonly(),
  scheduled: z
    .array(
      z.object({
        id: z.string().meta({ description: 'The job; its page is /jobs/{id}' }),
        title: z.string(),
        state: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
        progressNote: z.string().nullable(),
        createdAt: isoDateTime,
        finishedAt: isoDateTime.nullable(),
      }),
    )
    .meta({ description: 'The latest scheduled runs of the reminder job (programme office only)' }),
})

export const outboxQuery = z.object({ page: z.string().optional().meta({ description: 'Page number, from 1' }) })

export const jobRun = z.object({
  ran: z.boolean().meta({ description: 'False when the job is already running on another instance' }),
  created: z.number(),
  sent: z.number(),
  failed: z.number(),
})

/** GET /api/notifications: your own in-app notifications (decision 0032). */
export const inbox = z.object({
  notifications: z.array(
    z.object({
      id,
      kind: z.enum(['draft-issued', 'comments-returned', 'plan-approved']),
      kindLabel: z.string(),
      title: z.string(),
      href: z.string().meta({ description: 'The page it is about' }),
      createdAt: isoDateTime,
      readAt: isoDateTime.nullable(),
      unread: z.boolean(),
    }),
  ),
  unread: z.number().int(),
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
})
export const notificationRead = z.object({
  href: z.string().meta({ description: 'Where the notification points' }),
  marked: z.number().int(),
})
