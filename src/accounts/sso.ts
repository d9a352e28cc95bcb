import type { FastifyInstance } from 'fastify'
import * as oidc from 'openid-client'
import type { Ctx } from '../common/context.ts'
import type { Queryable } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { recordSignIn } from './service.ts'
import { ruleFor, type SsoRules } from './sso-rules.ts'

declare module 'fastify' {
  interface Session {
    /** A single sign-on on its way: what the provider's answer must match (PKCE, state, nonce) and where to go. */
    sso?: { verifier: string; state: string; nonce: string; next?: string }
  }
}

/** Single sign-on with OpenID Connect (decision 0027), configured by OIDC_* environment variables. */
export interface SsoOptions {
  issuer: string
  clientId: string
  clientSecret: string
  rules: SsoRules
  /** What the sign-in page calls it: "Sign in with {name}". */
  name: string
  /** The app's own address: the provider sends the browser back to {baseUrl}/login/sso/callback. */
  baseUrl: string
}

export interface SsoClaims {
  issuer: string
  sub: string
  email: string
  emailVerified: boolean
  name: string
}

/**
 * The provider's metadata is fetched once per process (discovery) and again after a failure; it is configuration,
 * not state: every instance fetches the same.
 */
export class SsoClient {
  private config: Promise<oidc.Configuration> | null = null
  constructor(readonly opts: SsoOptions) {}

  get redirectUri(): string {
    return `${this.opts.baseUrl.replace(/\/$/, '')}/login/sso/callback`
  }

  private configuration(): Promise<oidc.Configuration> {
    const issuer = new URL(this.opts.issuer)
    // Plain http is for a provider on this machine (the tests' own); anything else must be https.
    const local = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname)
    this.config ??= oidc
      .discovery(
        issuer,
        this.opts.clientId,
        undefined,
        oidc.ClientSecretBasic(this.opts.clientSecret),
        local ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      )
      .catch((err: unknown) => {
        this.config = null
        throw err
      })
    return this.config
  }

  /** Where to send the browser, and what its return must match. */
  async start(): Promise<{ url: string; verifier: string; state: string; nonce: string }> {
    const config = await this.configuration()
    const verifier = oidc.randomPKCECodeVerifier()
    const state = oidc.randomState()
    const nonce = oidc.randomNonce()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    })
    return { url: url.href, verifier, state, nonce }
  }

  /** Exchanges the code for tokens (checked: state, nonce, PKCE, the ID token's signature), then reads the user's claims. */
  async finish(currentUrl: URL, checks: { verifier: string; state: string; nonce: string }): Promise<SsoClaims> {
    const config = await this.configuration()
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    })
    const id = tokens.claims()!
    const info = await oidc.fetchUserInfo(config, tokens.access_token, id.sub)
    const email = String(info.email ?? id['email'] ?? '')
    return {
      issuer: String(id.iss),
      sub: id.sub,
      email,
      emailVerified: (info.email_verified ?? id['email_verified']) === true,
      name: String(info.name ?? id['name'] ?? email),
    }
  }
}

const refused = (message: string) => new AppError('forbidden', message)

/**
 * The account single sign-on signs in: the one linked to this provider's subject; else the one with this verified
 * email (linked now); else a new one, when a domain rule lets this address in. Deactivated accounts stay out.
 */
export async function ssoAccount(ctx: Ctx, claims: SsoClaims, rules: SsoRules): Promise<{ id: number }> {
  if (!claims.email || !claims.emailVerified)
    throw refused(
      'Your organisation’s sign-in did not confirm your email address, so we cannot match it to an account. Ask the programme office for an invitation.',
    )
  const subject = `${claims.issuer}|${claims.sub}`
  return ctx.db.transaction(async (tx: Queryable) => {
    type Found = { id: number; disabled: boolean; councilId: number | null; ssoSubject: string | null }
    const cols = `id, disabled, council_id as "councilId", sso_subject as "ssoSubject"`
    const linked = await tx.one<Found>(`select ${cols} from users where sso_subject = $1`, [subject])
    const byEmail =
      linked ?? (await tx.one<Found>(`select ${cols} from users where lower(email) = lower($1)`, [claims.email]))
    const sys: Ctx = { ...ctx, actor: { kind: 'public' } }
    if (byEmail) {
      if (byEmail.disabled) throw refused('Your account has been deactivated. Contact the programme office.')
      if (!linked) {
        if (byEmail.ssoSubject) throw refused('This account is linked to another single sign-on identity.')
        await tx.query(`update users set sso_subject = $2 where id = $1`, [byEmail.id, subject])
        await audit(tx, sys, {
          action: 'user.sso-linked',
          visibility: 'programme',
          entity: 'user',
          entityId: byEmail.id,
          councilId: byEmail.councilId,
          after: { issuer: claims.issuer },
        })
      }
      return { id: byEmail.id }
    }
    const rule = ruleFor(rules, claims.email)
    if (!rule)
      throw refused(
        'There is no account for your email address, and your organisation is not set up to create one. Ask the programme office for an invitation.',
      )
    let councilId: number | null = null
    let personId: number | null = null
    if (rule.role === 'council') {
      councilId =
        (await tx.one<{ id: number }>(`select id from councils where upper(code) = upper($1)`, [rule.council]))?.id ??
        null
      if (!councilId) throw refused('Your organisation’s sign-in rule names a council that is not in the register.')
    }
    if (rule.role === 'peer') {
      personId =
        (
          await tx.one<{ id: number }>(
            `select p.id from people p where lower(p.email) = lower($1) and not exists (select 1 from users u where u.person_id = p.id) order by p.id limit 1`,
            [claims.email],
          )
        )?.id ?? null
      if (!personId) throw refused('There is no peer profile with your email address. Ask the programme office.')
    }
    const now = ctx.clock.now()
    const row = await tx.one<{ id: number }>(
      `insert into users (email, name, password_hash, role, council_id, person_id, created_at, sso_subject) values ($1,$2,null,$3,$4,$5,$6,$7) returning id`,
      [claims.email, claims.name.slice(0, 120), rule.role, councilId, personId, now, subject],
    )
    await audit(tx, sys, {
      action: 'user.created',
      visibility: 'programme',
      entity: 'user',
      entityId: row!.id,
      councilId,
      after: { email: claims.email, name: claims.name, role: rule.role, councilId, personId, via: 'single sign-on' },
    })
    return { id: row!.id }
  })
}

/** GET /login/sso sends the browser to the provider; GET /login/sso/callback signs in with its answer. */
export async function ssoRoutes(app: FastifyInstance, opts: { sso: SsoClient }): Promise<void> {
  app.get('/login/sso', async (req, reply) => {
    const start = await opts.sso.start().catch((err: unknown) => {
      req.log.error({ err }, 'single sign-on: the provider could not be reached')
      throw new AppError('conflict', 'Single sign-on is not available at the moment. Try again later.')
    })
    req.session.set('sso', {
      verifier: start.verifier,
      state: start.state,
      nonce: start.nonce,
      next: req.session.get('next'),
    })
    return reply.redirect(start.url, 303)
  })
  app.get('/login/sso/callback', async (req, reply) => {
    const pending = req.session.get('sso')
    if (!pending) throw new AppError('conflict', 'This sign-in has expired. Start again from the sign-in page.')
    req.session.set('sso', undefined)
    const current = new URL(req.url, opts.sso.redirectUri)
    let claims: SsoClaims
    try {
      claims = await opts.sso.finish(current, pending)
    } catch (err) {
      req.log.warn({ err }, 'single sign-on refused')
      throw new AppError('forbidden', 'Your organisation’s sign-in did not complete. Start again.')
    }
    const { id } = await ssoAccount(req.ctx, claims, opts.sso.opts.rules)
    await req.session.regenerate()
    req.session.set('userId', id)
    await recordSignIn(req.ctx.db, id, req.ctx.clock.now())
    req.log.info({ userId: id }, 'signed in with single sign-on')
    const next = pending.next
    return reply.redirect(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', 303)
  })
}
