import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { assertSignedIn, authenticate, changeOwnPassword, passwordChangeSchema } from './users.ts'
import type { LoginLimiter } from './login-limits.ts'
import { PASSWORD_MAX, PASSWORD_MIN } from './password-policy.ts'
import { z } from 'zod'
import { recordSignIn } from '../accounts/service.ts'
import { needsSecondFactor } from '../accounts/two-factor.ts'
import { action, errorList, page, present } from '../web/routing.ts'
import { operationSchema } from '../web/openapi.ts'
import { ok } from '../web/presenters.ts'
import { loginInput, passwordPage as passwordPagePresenter, passwordChanged, session, signedIn } from './presenters.ts'

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

export async function authRoutes(
  app: FastifyInstance,
  opts: { db: Db; limiter: LoginLimiter; ssoName?: string | null },
): Promise<void> {
  const sso = opts.ssoName ?? null
  async function signIn(req: FastifyRequest) {
    const { email, password } = credentials(req)
    // Counted before the password is checked; only a right password takes it back (decision 0011).
    const attempt = await opts.limiter.begin(req.ip, email)
    const user = await authenticate(opts.db, email, password)
    if (!user)
      throw new AppError('unauthenticated', 'Enter a correct email address and password', {
        email: 'Enter a correct email address and password',
      })
    await attempt.succeeded()
    const next = req.session.get('next')
    await req.session.regenerate() // no session fixation
    if (await needsSecondFactor(opts.db, user.id)) {
      // Not signed in yet: the code from the app comes next, within a few minutes (decision 0032).
      req.session.set('twoFactorUserId', user.id)
      req.session.set('twoFactorAt', req.ctx.clock.now().getTime())
      if (next) req.session.set('next', next)
      return { user: null, twoFactorRequired: true, next: '/login/two-factor' }
    }
    req.session.set('userId', user.id)
    await recordSignIn(opts.db, user.id, req.ctx.clock.now())
    req.log.info({ userId: user.id }, 'signed in')
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      twoFactorRequired: false,
      next: next && next.startsWith('/') && !next.startsWith('//') ? next : '/',
    }
  }

  app.get('/login', async (req, reply) => {
    if (req.actor.kind === 'user') return reply.redirect('/', 303)
    return reply.view('login.njk', { sso })
  })
  app.post('/login', async (req, reply) => {
    try {
      const { next } = await signIn(req)
      return reply.redirect(next, 303)
    } catch (e) {
      if (e instanceof AppError && ['validation', 'unauthenticated', 'rate-limited'].includes(e.code)) {
        const values = { email: ((req.body ?? {}) as Record<string, string>)['email'] ?? '' }
        if (e.code === 'rate-limited') {
          reply.code(429).header('retry-after', String(e.retryAfterSeconds ?? 60))
          return reply.view('login.njk', { errors: {}, errorList: [{ text: e.message }], values, sso })
        }
        reply.code(e.code === 'validation' ? 400 : 401)
        return reply.view('login.njk', { errors: e.fields, errorList: errorList(e.fields), values, sso })
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
      schema: operationSchema({
        method: 'POST',
        path: '/api/login',
        tags: ['auth'],
        summary:
          'Sign in (sets the session cookie); get the CSRF token from GET /api/session first. An account with two-factor sign-in answers twoFactorRequired: then send the code to POST /api/login/two-factor. Too many failed attempts from an address, or for an address and email, get 429 with Retry-After',
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

  // Changing your own password.
  const passwordPage = async (req: FastifyRequest) => {
    const a = assertSignedIn(req.ctx)
    return {
      email: a.email,
      policy: { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX },
    }
  }
  page(app, {
    path: '/account/password',
    view: 'account-password.njk',
    tags: ['auth'],
    summary: 'Change your password: the rules a new password must meet',
    load: passwordPage,
    response: passwordPagePresenter,
  })
  action(app, {
    path: '/account/password',
    tags: ['auth'],
    summary:
      'Change your own password (current, new, confirm); your other sessions end. A wrong current password counts as a failed sign-in',
    body: passwordChangeSchema,
    response: passwordChanged,
    run: (req) =>
      changeOwnPassword(req.ctx, req.body, {
        keepSessionId: req.session.sessionId,
        address: req.ip,
        limiter: opts.limiter,
      }),
    redirect: () => '/',
    flash: (_req, r) =>
      r.otherSessionsEnded
        ? `Your password has been changed. You have been signed out everywhere else (${r.otherSessionsEnded} other session${r.otherSessionsEnded === 1 ? '' : 's'})`
        : 'Your password has been changed',
    // Nothing typed in a password field is ever sent back: `values` is empty.
    form: { view: 'account-password.njk', load: async (req) => ({ ...(await passwordPage(req)), values: {} }) },
  })
}
