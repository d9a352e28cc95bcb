import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../common/errors.ts'
import { action, errorList, intParam, page, present } from '../web/routing.ts'
import { operationSchema } from '../web/openapi.ts'
import { signedIn } from '../auth/presenters.ts'
import { actorForUser } from '../auth/users.ts'
import { recordSignIn } from './service.ts'
import { accountRef, recoveryCodes, twoFactorOff, twoFactorPage, twoFactorStarted } from './presenters.ts'
import {
  codeSchema,
  confirmTwoFactor,
  disableTwoFactor,
  regenerateRecoveryCodes,
  resetTwoFactor,
  startTwoFactor,
  twoFactorStatus,
  verifySignInCode,
} from './two-factor.ts'
import { PENDING_MINUTES } from './two-factor-rules.ts'

const TAGS = ['accounts']

/** The account whose password was right and whose code is still to come, while that lasts. */
export function pendingSignIn(req: FastifyRequest): number | null {
  const id = req.session.get('twoFactorUserId')
  const at = req.session.get('twoFactorAt')
  if (!id || !at || req.ctx.clock.now().getTime() - at > PENDING_MINUTES * 60_000) return null
  return id
}

/** Two-factor sign-in (decision 0032): setting it up on the account page, and the code asked for after the password. */
export async function twoFactorRoutes(app: FastifyInstance): Promise<void> {
  const status = async (req: FastifyRequest) => {
    const s = await twoFactorStatus(req.ctx)
    // Recovery codes just made are shown once, on the page the browser is sent to.
    const codes = req.session.get('recoveryCodes') ?? null
    if (codes) req.session.set('recoveryCodes', undefined)
    return { ...s, recoveryCodes: codes }
  }
  const showOnce = (req: FastifyRequest, r: { recoveryCodes: string[] }) => {
    req.session.set('recoveryCodes', r.recoveryCodes)
    return '/account/two-factor'
  }
  page(app, {
    path: '/account/two-factor',
    view: 'account-two-factor.njk',
    tags: TAGS,
    summary:
      'Two-factor sign-in for your programme office account: whether it is on, the secret while setting up, recovery codes left',
    response: twoFactorPage,
    load: status,
  })
  const form = { view: 'account-two-factor.njk', load: async (req: FastifyRequest) => ({ ...(await status(req)) }) }
  action(app, {
    path: '/account/two-factor/start',
    tags: TAGS,
    summary: 'Start setting up two-factor sign-in: a new secret for your authenticator app (not on until confirmed)',
    bodyOptional: true,
    body: z.object({}),
    response: twoFactorStarted,
    run: (req) => startTwoFactor(req.ctx),
    redirect: () => '/account/two-factor',
    form,
  })
  action(app, {
    path: '/account/two-factor/confirm',
    tags: TAGS,
    summary:
      'Confirm set-up with a code from the app: two-factor sign-in is on, and ten recovery codes are made (shown once). Wrong codes are limited per account (429)',
    errors: [429],
    body: codeSchema,
    response: recoveryCodes,
    run: (req) => confirmTwoFactor(req.ctx, req.body),
    redirect: showOnce,
    flash: () => 'Two-factor sign-in is on. From now on you will be asked for a code from your app when you sign in',
    form,
  })
  action(app, {
    path: '/account/two-factor/recovery-codes',
    tags: TAGS,
    summary: 'New recovery codes (needs a current code); the old ones stop working',
    errors: [429],
    body: codeSchema,
    response: recoveryCodes,
    run: (req) => regenerateRecoveryCodes(req.ctx, req.body),
    redirect: showOnce,
    flash: () => 'You have new recovery codes. The old ones no longer work',
    form,
  })
  action(app, {
    path: '/account/two-factor/disable',
    tags: TAGS,
    summary: 'Turn two-factor sign-in off (needs a current code or a recovery code), or cancel a set-up',
    errors: [429],
    body: codeSchema,
    response: twoFactorOff,
    run: (req) => disableTwoFactor(req.ctx, req.body),
    redirect: () => '/account/two-factor',
    flash: () => 'Two-factor sign-in is off',
    form,
  })
  action(app, {
    path: '/users/:id/two-factor-reset',
    tags: TAGS,
    summary:
      'Turn off another account’s two-factor sign-in (a lost phone and lost recovery codes): its sessions end; it signs in with its password and may set it up again',
    bodyOptional: true,
    body: z.object({}),
    response: accountRef,
    run: (req) => resetTwoFactor(req.ctx, intParam(req, 'id')),
    redirect: (_req, r) => `/users/${r.id}`,
    flash: () => 'Two-factor sign-in is off for this account, and it has been signed out',
  })

  // The second step of signing in.
  async function secondStep(req: FastifyRequest) {
    const userId = pendingSignIn(req)
    if (!userId) throw new AppError('unauthenticated', 'Sign in again: enter your email address and password')
    await verifySignInCode(req.ctx, userId, req.body)
    const user = await actorForUser(req.ctx.db, userId)
    if (!user || user.kind !== 'user') throw new AppError('unauthenticated', 'Sign in to continue')
    const next = req.session.get('next')
    await req.session.regenerate()
    req.session.set('userId', user.id)
    await recordSignIn(req.ctx.db, user.id, req.ctx.clock.now())
    req.log.info({ userId: user.id }, 'signed in with two factors')
    return {
      user: { id: user.id, name: user.name, email: user.email, role: user.role },
      twoFactorRequired: false,
      next: next && next.startsWith('/') && !next.startsWith('//') ? next : '/',
    }
  }
  const view = (reply: FastifyReply, data: object = {}) =>
    reply.view('login-two-factor.njk', { errors: {}, values: {}, ...data })
  app.get('/login/two-factor', async (req, reply) => {
    if (!pendingSignIn(req)) return reply.redirect('/login', 303)
    return view(reply)
  })
  app.post('/login/two-factor', async (req, reply) => {
    try {
      const { next } = await secondStep(req)
      return reply.redirect(next, 303)
    } catch (e) {
      if (e instanceof AppError && e.code === 'unauthenticated') return reply.redirect('/login', 303)
      if (e instanceof AppError && e.code === 'rate-limited') {
        reply.code(429).header('retry-after', String(e.retryAfterSeconds ?? 60))
        return view(reply, { errorList: [{ text: e.message, href: '#code' }], errors: { code: e.message } })
      }
      if (e instanceof AppError && e.code === 'validation') {
        reply.code(400)
        return view(reply, { errors: e.fields, errorList: errorList(e.fields) })
      }
      throw e
    }
  })
  app.post(
    '/api/login/two-factor',
    {
      schema: operationSchema({
        method: 'POST',
        path: '/api/login/two-factor',
        tags: ['auth'],
        summary:
          'The second step of signing in, when POST /api/login answered twoFactorRequired: the 6-digit code from the app or a recovery code, within 5 minutes. Wrong codes are limited per account (429)',
        body: codeSchema,
        response: { schema: signedIn },
        onlyErrors: [400, 401, 403, 429],
      }),
    },
    async (req) => present(signedIn, await secondStep(req)),
  )
}
