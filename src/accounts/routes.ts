import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { action, intParam, page, typed } from '../web/routing.ts'
import type { LoginLimiter } from '../auth/login-limits.ts'
import { PASSWORD_MIN } from '../auth/password-policy.ts'
import {
  councilInviteSettings,
  councilSettingSchema,
  getUser,
  inviteForm,
  inviteSchema,
  inviteUser,
  linkPage,
  listUsers,
  newPasswordSchema,
  recordSignIn,
  requestPasswordReset,
  resendInvitation,
  resetRequestSchema,
  setActive,
  setCouncilInvites,
  updateUser,
  useLink,
  usersQuery,
  type MailOptions,
} from './service.ts'
import {
  accountList,
  accountPage,
  accountRef,
  activeChanged,
  councilSettingChanged,
  councilSettings,
  inviteFormPresenter,
  linkPagePresenter,
  resetRequested,
} from './presenters.ts'
import { ok } from '../web/presenters.ts'

const TAGS = ['accounts']

const tokenParam = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '')

export async function accountRoutes(
  app: FastifyInstance,
  opts: MailOptions & { limiter: LoginLimiter },
): Promise<void> {
  const mail: MailOptions = { mailer: opts.mailer, baseUrl: opts.baseUrl }

  page(app, {
    path: '/users',
    view: 'users.njk',
    tags: TAGS,
    summary:
      'Accounts, 50 a page: the programme office sees all; a council’s officers their own council’s when it lets them invite colleagues',
    query: usersQuery,
    response: accountList,
    load: (req) => listUsers(req.ctx, req.query as z.input<typeof usersQuery>),
  })

  const invitePage = (req: FastifyRequest) => inviteForm(req.ctx)
  page(app, {
    path: '/users/invite',
    view: 'user-invite.njk',
    tags: TAGS,
    summary: 'The form to invite someone: the roles, and the peers in the pool without an account',
    response: inviteFormPresenter,
    load: invitePage,
  })
  action(app, {
    path: '/users/invite',
    api: { status: 201 },
    tags: TAGS,
    summary:
      'Invite someone by email: an account without a password and a single-use link, valid 7 days, to set one (sent through the outbox)',
    body: inviteSchema,
    response: accountRef,
    run: (req) => inviteUser(req.ctx, req.body, mail),
    redirect: (_req, r) => `/users/${r.id}`,
    flash: (req) => `Invitation sent to ${String((req.body as { email?: string }).email ?? '').trim()}`,
    form: { view: 'user-invite.njk', load: typed(invitePage) },
  })

  page(app, {
    path: '/users/councils',
    view: 'users-councils.njk',
    tags: TAGS,
    summary: 'The councils whose officers may invite colleagues from their own council',
    response: councilSettings,
    load: (req) => councilInviteSettings(req.ctx),
  })
  action(app, {
    path: '/users/councils',
    tags: TAGS,
    summary: 'Let a council’s officers invite colleagues (allowed: yes), or stop them (no)',
    body: councilSettingSchema,
    response: councilSettingChanged,
    run: (req) => setCouncilInvites(req.ctx, req.body),
    redirect: () => '/users/councils',
    flash: (_req, r) =>
      r.allowed
        ? `${r.code}’s officers can now invite colleagues`
        : `${r.code}’s officers can no longer invite colleagues`,
    form: { view: 'users-councils.njk', load: (req) => councilInviteSettings(req.ctx) },
  })

  const userPage = (req: FastifyRequest) => getUser(req.ctx, intParam(req, 'id'))
  /** The invitation form's choices, with the account's own peer profile among the peers. */
  const editForm = async (req: FastifyRequest, u: Awaited<ReturnType<typeof getUser>>) => {
    if (!u.can.edit) return null
    const form = await inviteForm(req.ctx)
    if (u.user.personId && u.user.personName) form.peers.unshift({ id: u.user.personId, name: u.user.personName })
    return form
  }
  page(app, {
    path: '/users/:id',
    view: 'user.njk',
    tags: TAGS,
    summary: 'One account: role, council or peer profile, status, last sign-in',
    response: accountPage,
    load: async (req) => {
      const u = await userPage(req)
      const form = await editForm(req, u)
      return {
        ...u,
        form,
        values: { name: u.user.name, role: u.user.role, councilCode: u.user.councilCode, personId: u.user.personId },
      }
    },
  })
  action(app, {
    path: '/users/:id',
    api: { method: 'PUT' },
    tags: TAGS,
    summary: 'Change an account’s name, role and council or peer profile (not your own)',
    body: inviteSchema.omit({ email: true }),
    response: accountRef,
    run: (req) => updateUser(req.ctx, intParam(req, 'id'), req.body),
    redirect: (_req, r) => `/users/${r.id}`,
    flash: () => 'The account has been changed',
    form: {
      view: 'user.njk',
      load: async (req) => {
        const u = await userPage(req)
        return { ...u, form: await editForm(req, u) }
      },
    },
  })
  for (const [path, active, summary] of [
    ['deactivate', false, 'Deactivate an account: its sessions and links end at once'],
    ['reactivate', true, 'Reactivate a deactivated account'],
  ] as const)
    action(app, {
      path: `/users/:id/${path}`,
      tags: TAGS,
      summary,
      bodyOptional: true,
      body: z.object({}),
      response: activeChanged,
      run: (req) => setActive(req.ctx, intParam(req, 'id'), active),
      redirect: (_req, r) => `/users/${r.id}`,
      flash: (_req, r) =>
        active
          ? 'The account has been reactivated'
          : `The account has been deactivated${r.sessionsEnded ? ` and signed out (${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'})` : ''}`,
    })
  action(app, {
    path: '/users/:id/invitation',
    tags: TAGS,
    summary: 'Send a new invitation link (the earlier one stops working)',
    bodyOptional: true,
    body: z.object({}),
    response: accountRef,
    run: (req) => resendInvitation(req.ctx, intParam(req, 'id'), mail),
    redirect: (_req, r) => `/users/${r.id}`,
    flash: () => 'A new invitation has been sent',
  })

  // The links in the emails.
  const policy = { minLength: PASSWORD_MIN }
  const invitation = async (req: FastifyRequest) => ({
    ...(await linkPage(req.ctx, 'invitation', tokenParam(req))),
    policy,
  })
  page(app, {
    path: '/invitations/:token',
    view: 'invitation.njk',
    tags: TAGS,
    public: true,
    summary: 'An invitation link: whose account it sets up (404 once used or expired)',
    response: linkPagePresenter,
    load: invitation,
  })
  action(app, {
    path: '/invitations/:token',
    tags: TAGS,
    summary: 'Accept an invitation: choose a password (typed twice) and be signed in. The link then stops working',
    body: newPasswordSchema,
    response: accountRef,
    run: async (req) => {
      const r = await useLink(req.ctx, 'invitation', tokenParam(req), req.body)
      await req.session.regenerate()
      req.session.set('userId', r.id)
      await recordSignIn(req.ctx.db, r.id, req.ctx.clock.now())
      return r
    },
    redirect: () => '/',
    flash: () => 'Your password is set and you are signed in',
    form: { view: 'invitation.njk', load: async (req) => ({ ...(await invitation(req)), values: {} }) },
  })

  page(app, {
    path: '/password-reset',
    view: 'password-reset.njk',
    tags: TAGS,
    public: true,
    summary: 'The form to ask for a password reset link',
    response: ok,
    load: async () => ({ ok: true }),
  })
  action(app, {
    path: '/password-reset',
    tags: TAGS,
    summary:
      'Ask for a password reset link (valid 1 hour, single use). The answer is the same whether or not the address has an account; each request counts against the sign-in limits (429)',
    errors: [429],
    body: resetRequestSchema,
    response: resetRequested,
    run: (req) => requestPasswordReset(req.ctx, req.body, { ...mail, address: req.ip, limiter: opts.limiter }),
    redirect: () => '/password-reset',
    flash: (_req, r) =>
      `If ${r.email} has an account, we have sent it a link to reset the password. The link works once, for 1 hour.`,
    form: { view: 'password-reset.njk', load: async () => ({}) },
  })
  const reset = async (req: FastifyRequest) => ({
    ...(await linkPage(req.ctx, 'password-reset', tokenParam(req))),
    policy,
  })
  page(app, {
    path: '/password-reset/:token',
    view: 'password-reset-new.njk',
    tags: TAGS,
    public: true,
    summary: 'A password reset link: whose password it resets (404 once used or expired)',
    response: linkPagePresenter,
    load: reset,
  })
  action(app, {
    path: '/password-reset/:token',
    tags: TAGS,
    summary: 'Choose a new password (typed twice): every session of the account ends, and the link stops working',
    body: newPasswordSchema,
    response: accountRef,
    run: (req) => useLink(req.ctx, 'password-reset', tokenParam(req), req.body),
    redirect: () => '/login',
    flash: () => 'Your password has been reset. Sign in with your new password',
    form: { view: 'password-reset-new.njk', load: async (req) => ({ ...(await reset(req)), values: {} }) },
  })
}
