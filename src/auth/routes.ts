import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { authenticate } from './users.ts'
import { z } from 'zod'
import { errorList, present } from '../web/routing.ts'
import { operationSchema } from '../web/openapi.ts'
import { ok } from '../web/presenters.ts'
import { loginInput, session, signedIn } from './presenters.ts'

function credentials(req: FastifyRequest): { email: string; password: string } {
  const b = (req.body ?? {}) as Record<string, unknown>
  const email = typeof b['email'] === 'string' ? b['email'].trim() : ''
  const password = typeof b['password'] === 'string' ? b['password'] : ''
  const fields: Record<string, string> = {}
  if (!email) fields['email'] = 'Enter your email address'
  if (!password) fields['password'] = 'Enter your password'
  if (Object.keys(fields).length) throw AppError.validation(fields)
  return { email, password }
}

export async function authRoutes(app: FastifyInstance, opts: { db: Db; loginRateLimit: number }): Promise<void> {
  const rateLimit = {
    max: opts.loginRateLimit,
    timeWindow: '15 minutes',
    keyGenerator: (req: FastifyRequest) => {
      const email = String(((req.body ?? {}) as Record<string, unknown>)['email'] ?? '')
        .toLowerCase()
        .trim()
      return `${req.ip}|${email}`
    },
  }

  async function signIn(req: FastifyRequest) {
    const { email, password } = credentials(req)
    const user = await authenticate(opts.db, email, password)
    if (!user)
      throw new AppError('unauthenticated', 'Enter a correct email address and password', {
        email: 'Enter a correct email address and password',
      })
    const next = req.session.get('next')
    await req.session.regenerate() // no session fixation
    req.session.set('userId', user.id)
    req.log.info({ userId: user.id }, 'signed in')
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      next: next && next.startsWith('/') && !next.startsWith('//') ? next : '/',
    }
  }

  app.get('/login', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect('/', 303)
    return reply.view('login.njk', {})
  })
  app.post('/login', { config: { rateLimit } }, async (req, reply) => {
    try {
      const { next } = await signIn(req)
      return reply.redirect(next, 303)
    } catch (e) {
      if (e instanceof AppError && (e.code === 'validation' || e.code === 'unauthenticated')) {
        reply.code(e.code === 'validation' ? 400 : 401)
        return reply.view('login.njk', {
          errors: e.fields,
          errorList: errorList(e.fields),
          values: { email: ((req.body ?? {}) as Record<string, string>)['email'] ?? '' },
        })
      }
      throw e
    }
  })
  app.post('/logout', async (req, reply) => {
    await req.session.destroy()
    return reply.redirect('/', 303)
  })

  app.post(
    '/api/login',
    {
      config: { rateLimit },
      schema: operationSchema({
        method: 'POST',
        path: '/api/login',
        tags: ['auth'],
        summary: 'Sign in (sets the session cookie); get the CSRF token from GET /api/session first',
        body: loginInput,
        response: { schema: signedIn },
        onlyErrors: [400, 401, 403, 429],
      }),
    },
    async (req) => present(signedIn, await signIn(req)),
  )
  app.post(
    '/api/logout',
    {
      schema: operationSchema({
        method: 'POST',
        path: '/api/logout',
        tags: ['auth'],
        summary: 'Sign out',
        bodyOptional: true,
        body: z.object({}),
        response: { schema: ok },
        onlyErrors: [400, 403],
      }),
    },
    async (req) => {
      await req.session.destroy()
      return present(ok, { ok: true })
    },
  )
  app.get(
    '/api/session',
    {
      schema: operationSchema({
        method: 'GET',
        path: '/api/session',
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token to send as x-csrf-token',
        public: true,
        response: { schema: session },
      }),
    },
    async (req, reply) => {
      const a = req.actor
      return present(session, {
        user:
          a.kind === 'user'
            ? { id: a.id, name: a.name, email: a.email, role: a.role, councilId: a.councilId, personId: a.personId }
            : null,
        csrfToken: reply.generateCsrf(),
      })
    },
  )
}
