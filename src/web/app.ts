import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import crypto from 'node:crypto'
import fs from 'node:fs'
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import nunjucks from 'nunjucks'
import fastifyView from '@fastify/view'
import fastifyStatic from '@fastify/static'
import fastifyFormbody from '@fastify/formbody'
import fastifyMultipart from '@fastify/multipart'
import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyHelmet from '@fastify/helmet'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import { queryCounter, type Db } from '../db/db.ts'
import { pendingMigrations } from '../db/migrate.ts'
import type { Clock } from '../common/clock.ts'
import { PUBLIC, type Actor, type Ctx } from '../common/context.ts'
import {
  AppError,
  HTTP_STATUS,
  NOT_ALLOWED_CHARACTERS,
  fromDatabaseError,
  hasForbiddenCharacters,
} from '../common/errors.ts'
import { addDays, formatDate, formatDateRange, formatDateTime, formatDayDate, plural } from '../common/dates.ts'
import { dateErrorParts, dateToParts } from '../common/date-input.ts'
import { period } from '../common/periods.ts'
import { actorForUser, actorFromRow } from '../auth/users.ts'
import { twoFactorRoutes } from '../accounts/two-factor-routes.ts'
import { unreadCount } from '../notifications/inbox.ts'
import { DbSessionStore, DEFAULT_SESSION_LIFETIME, sessionRead } from '../auth/session-store.ts'
import { DEFAULT_LOGIN_LIMITS, LoginLimiter } from '../auth/login-limits.ts'
import { authRoutes } from '../auth/routes.ts'
import { councilRoutes } from '../councils/routes.ts'
import { challengeRoutes } from '../challenges/routes.ts'
import { programmeRoutes } from '../programme/routes.ts'
import { frameworkRoutes } from '../frameworks/routes.ts'
import { importerRoutes } from '../importer/routes.ts'
import { stopExtractionWorker } from '../importer/read.ts'
import { homeRoutes } from './home.ts'
import { actionPlanRoutes } from '../action-plans/routes.ts'
import { notificationRoutes } from '../notifications/routes.ts'
import { configureReminderJob } from '../notifications/reminder-job.ts'
import { peerRoutes } from '../peers/routes.ts'
import { timetableRoutes } from '../timetable/routes.ts'
import { evidenceRoutes } from '../evidence/routes.ts'
import { reportRoutes } from '../reports/routes.ts'
import { libraryRoutes } from '../library/routes.ts'
import { committeeRoutes } from '../committees/routes.ts'
import { helpRoutes } from '../help/routes.ts'
import { exportRoutes } from '../exports/routes.ts'
import { themeRoutes } from '../themes/routes.ts'
import { jobRoutes } from '../jobs/routes.ts'
import { bulkImportRoutes } from '../importer/bulk-routes.ts'
import { hostJobWorkers, stopJobWorkers } from '../jobs/queue.ts'
import { accountRoutes } from '../accounts/routes.ts'
import { SsoClient, ssoRoutes, type SsoOptions } from '../accounts/sso.ts'
import type { Mailer } from '../notifications/mailer.ts'
import { PageCache } from './page-cache.ts'
import { componentSchemas, errorSchema, operationIdFor, securitySchemes } from './openapi.ts'

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string }[]
    pageCache: PageCache
  }
  interface FastifyRequest {
    actor: Actor
    ctx: Ctx
  }
  interface FastifyReply {
    /** Merged by @fastify/view into every template's data. */
    locals?: Record<string, unknown>
  }
  interface Session {
    userId?: number
    flash?: string
    next?: string
    /** The password was right; the two-factor code is still to come (decision 0032). */
    twoFactorUserId?: number
    twoFactorAt?: number
    /** Recovery codes just made, shown once on the next page. */
    recoveryCodes?: string[]
  }
}

const here = path.dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const govukDir = path.dirname(require.resolve('govuk-frontend/package.json'))
const mojDir = path.dirname(require.resolve('@ministryofjustice/frontend/package.json'))

/**
 * The CSP sources of the GOV.UK page template's one inline script (it marks the body 'js-enabled'): its SHA-256, as
 * GOV.UK Frontend documents for services that do not use a nonce. Taken from the installed template, so an upgrade
 * that changes the script changes the hash. A fixed policy lets helmet build its headers once, not on every request
 * (a per-request nonce made helmet parse the whole policy again each time; decision 0037).
 */
function inlineScriptHashes(): string[] {
  const template = fs.readFileSync(path.join(govukDir, 'dist/govuk/template.njk'), 'utf8')
  return [...template.matchAll(/<script\b[^>]*>([^<]+)<\/script>/g)].map(
    (m) => `'sha256-${crypto.createHash('sha256').update(m[1]!).digest('base64')}'`,
  )
}
const SCRIPT_HASHES = inlineScriptHashes()

export interface AppOptions {
  db: Db
  clock: Clock
  sessionSecret: string
  secureCookies?: boolean
  trustProxy?: boolean
  /** Failed sign-ins allowed per (address, email) and per address in the window (decision 0011). */
  loginRateLimit?: number
  loginRateLimitPerAddress?: number
  loginRateWindowMinutes?: number
  /** Session lifetimes: idle (sliding) and absolute, from sign-in. */
  sessionIdleMinutes?: number
  sessionMaxHours?: number
  logger?: boolean | object
  /** Sends reminders by email; without it they wait in the outbox page. */
  mailer?: Mailer | null
  /** The service's public address, for links in emails. */
  baseUrl?: string
  /** Debugging: answer how many database statements each request ran, in an `x-queries` header. */
  queryCountHeader?: boolean
  /** Production: compiled templates kept, no source re-read. */
  production?: boolean
  /** How often an idle job worker asks for work (default 1 s). */
  jobPollSeconds?: number
  /** Single sign-on with OpenID Connect (decision 0027); off when absent. */
  sso?: Omit<SsoOptions, 'baseUrl'> | null
}

export const SERVICE_NAME = 'Peer Challenge'

const LOG_LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }

/** The public static files (GOV.UK Frontend, MoJ Frontend, the app's CSS and JS): the only responses kept in caches. */
const STATIC_PATHS = /^\/(assets|vendor|public)\//

/** The session lifetimes from the app's options (the configuration), or the defaults. */
export function sessionLifetime(opts: Pick<AppOptions, 'sessionIdleMinutes' | 'sessionMaxHours'>) {
  return {
    ...DEFAULT_SESSION_LIFETIME,
    ...(opts.sessionIdleMinutes ? { idleMs: opts.sessionIdleMinutes * 60_000 } : {}),
    ...(opts.sessionMaxHours ? { absoluteMs: opts.sessionMaxHours * 3600_000 } : {}),
  }
}

/** What every page's layout needs: who is acting, the flash message, the path and a CSRF token. */
function pageLocals(req: FastifyRequest, reply: FastifyReply, actor: Actor, flash?: string) {
  return {
    actor,
    flash,
    currentPath: req.url.split('?')[0],
    csrf: () => reply.generateCsrf(),
  }
}

/** The API's groups of operations, in the order the documentation shows them. */
const API_TAGS = [
  { name: 'auth', description: 'Signing in and out; the session and its CSRF token' },
  { name: 'accounts', description: 'Accounts: invitations, roles, deactivation, password reset links' },
  { name: 'home', description: 'The start page' },
  { name: 'councils', description: 'The council register and each council’s review history' },
  { name: 'challenges', description: 'Peer challenges: stages, dates, team, scope, recommendations, documents' },
  { name: 'on-site programme', description: 'The visit: sites, attendees, sessions and the planned timetable' },
  { name: 'evidence', description: 'The peer team’s notes and the coverage of themes' },
  { name: 'report', description: 'The feedback report: drafts, the factual accuracy check, comments, downloads' },
  { name: 'action plans', description: 'The council’s action plan, its governance and progress' },
  { name: 'peer pool', description: 'Peers: profiles, availability, declared interests, conflict overrides' },
  { name: 'team assembly', description: 'Team rules and the assembler’s proposals' },
  { name: 'programme', description: 'The programme office’s overview' },
  { name: 'notifications', description: 'Reminders and their outbox' },
  { name: 'imports', description: 'Reading published reports into challenges' },
  { name: 'jobs', description: 'Background jobs: progress, cancel, retry' },
  { name: 'reference', description: 'Review types, frameworks and the action plan rules' },
  { name: 'help', description: 'Guidance, the glossary and the service’s own pages' },
]

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // One line a request, at debug level (LOG_LEVEL=debug); errors and slow answers at warn and above (below).
    logController: new LogController({ disableRequestLogging: true }),
    // A path Fastify cannot decode (e.g. a bad %-escape) is a 400 in the API's one error shape.
    frameworkErrors: (_err, _req, reply) => {
      void (reply as unknown as FastifyReply)
        .code(400)
        .type('application/json')
        .send({ error: 'bad-request', message: 'The request could not be understood' })
    },
  })
  // Every route the app serves, for the permission matrix test and the OpenAPI check.
  const routeList: { method: string; url: string }[] = []
  app.decorate('routeList', routeList)
  app.decorate('pageCache', new PageCache(opts.db))
  // The OpenAPI document describes the API only: every /api route needs its response described (a presenter, or
  // a file's content types) and gets a unique operationId from its method and path; other routes are left out.
  const operationIds = new Set<string>()
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method]
    for (const m of methods) routeList.push({ method: m, url: r.url })
    if (methods.includes('HEAD')) return
    if (!r.url.startsWith('/api/')) {
      r.schema = { ...r.schema, hide: true }
      return
    }
    if (r.url.startsWith('/api/docs')) return
    const schema = (r.schema ?? {}) as { operationId?: string; response?: Record<string, unknown> }
    if (!Object.keys(schema.response ?? {}).some((s) => s.startsWith('2')))
      throw new Error(`${methods.join(',')} ${r.url}: an API route must describe its response (a presenter)`)
    let operationId = schema.operationId ?? operationIdFor(methods[0]!, r.url)
    if (operationIds.has(operationId) && !schema.operationId) {
      const param = [...r.url.matchAll(/:(\w+)/g)].pop()?.[1]
      if (param) operationId += `By${param.charAt(0).toUpperCase()}${param.slice(1)}`
    }
    if (operationIds.has(operationId)) throw new Error(`${r.url}: operationId ${operationId} is used twice`)
    operationIds.add(operationId)
    r.schema = { ...schema, operationId }
  })
  // Services validate their own input (zod); route schemas exist for the OpenAPI description. API responses are
  // shaped by their presenters (src/web/routing.ts), so they are sent as they are.
  app.setValidatorCompiler(() => (data) => ({ value: data }))
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))

  app.addHook('onResponse', (req, reply, done) => {
    const ms = reply.elapsedTime
    const level = reply.statusCode >= 500 ? 'error' : ms >= 1000 ? 'warn' : 'debug'
    if (LOG_LEVELS[level]! >= (LOG_LEVELS[req.log.level] ?? Infinity))
      req.log[level](
        { method: req.method, url: req.url, statusCode: reply.statusCode, ms: Math.round(ms) },
        'request completed',
      )
    done()
  })
  if (opts.queryCountHeader) {
    app.addHook('onRequest', (req, _reply, done) => queryCounter.run({ n: 0 }, done))
    app.addHook('onSend', async (_req, reply, payload) => {
      reply.header('x-queries', String(queryCounter.getStore()?.n ?? ''))
      return payload
    })
  }

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...SCRIPT_HASHES],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: opts.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: opts.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  })
  await app.register(fastifyFormbody, { bodyLimit: 1024 * 1024 })
  await app.register(fastifyMultipart, {
    limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 20, fieldSize: 100_000 },
  })
  await app.register(fastifyCookie)
  // the scope in which the session's one statement leaves the user's row and the data version for this request
  app.addHook('onRequest', (_req, _reply, done) => sessionRead.run({}, done))
  const lifetime = sessionLifetime(opts)
  const store = new DbSessionStore(opts.db, opts.clock, lifetime)
  await app.register(fastifySession, {
    secret: opts.sessionSecret,
    cookieName: 'pc_session',
    store: store as never,
    saveUninitialized: false,
    // The store decides when a session ends (idle and absolute, by the app's clock) and writes the row only when the
    // session changes or its idle expiry is due a push; rolling would rewrite it on every request (decision 0011).
    rolling: false,
    cookie: {
      secure: opts.secureCookies ?? false,
      httpOnly: true,
      sameSite: 'lax',
      maxAge: lifetime.absoluteMs,
      path: '/',
    },
  })
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    // Upload forms (multipart) carry the token in their action URL: their body is read later, by the route.
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined
      const h = req.headers
      return (
        (body?.['_csrf'] as string | undefined) ??
        (h['x-csrf-token'] as string | undefined) ??
        (h['csrf-token'] as string | undefined) ??
        (req.isMultipart() ? (req.query as Record<string, string>)['_csrf'] : undefined)
      )
    },
  })
  // Nothing but the public static files may be kept by a browser or a proxy: pages, JSON and downloads can all
  // depend on who is signed in (decision 0011). Set once here, for every route, error and 404.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!STATIC_PATHS.test(req.url)) {
      reply.header('cache-control', 'no-store')
      reply.header('pragma', 'no-cache')
    }
    return payload
  })

  await app.register(fastifyStatic, {
    root: path.join(govukDir, 'dist/govuk/assets'),
    prefix: '/assets/',
    maxAge: '7d',
  })
  await app.register(fastifyStatic, {
    root: path.join(govukDir, 'dist/govuk'),
    prefix: '/vendor/govuk/',
    decorateReply: false,
    allowedPath: (p) => /\.(css|js|map)$/.test(p),
  })
  await app.register(fastifyStatic, {
    root: path.join(mojDir, 'moj'),
    prefix: '/vendor/moj/',
    decorateReply: false,
    allowedPath: (p) => /\.(css|js|map|png|svg)$/.test(p),
  })
  await app.register(fastifyStatic, { root: path.join(here, 'public'), prefix: '/public/', decorateReply: false })

  const viewDirs = [
    path.join(here, 'views'),
    ...[
      'auth',
      'councils',
      'challenges',
      'programme',
      'frameworks',
      'importer',
      'action-plans',
      'notifications',
      'peers',
      'timetable',
      'evidence',
      'reports',
      'library',
      'committees',
      'help',
      'themes',
      'jobs',
      'accounts',
    ].map((d) => path.join(here, '..', d, 'views')),
    path.join(govukDir, 'dist'),
    mojDir,
  ]
  await app.register(fastifyView, {
    engine: { nunjucks },
    templates: viewDirs,
    options: {
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('ukDate', (d: string | null, p?: 'day' | 'month') => formatDate(d, p))
        env.addFilter('ukDateRange', (s: string | null, e: string | null, p?: 'day' | 'month') =>
          formatDateRange(s, e, p),
        )
        env.addFilter('ukDateTime', (d: Date | string | null) => (d ? formatDateTime(d) : ''))
        env.addFilter('plural', (n: number, w: string, many?: string) => plural(n, w, many))
        // the GOV.UK date input (web/views/_date-input.njk): a stored ISO date's parts, and the parts an error names
        env.addFilter('isoPart', (iso: string, part: 'day' | 'month' | 'year') => dateToParts(iso)[part])
        env.addFilter('dateErrorParts', (msg: string) => dateErrorParts(msg))
        env.addFilter('ukDayDate', (d: string | null) => (d ? formatDayDate(d) : ''))
        // "3 years 10 months" for N days from a date (a deadline and the days since it)
        env.addFilter('periodAfter', (days: number, from: string) =>
          from ? period(from, addDays(from, days)) : plural(days, 'day'),
        )
        env.addFilter('withIds', (list: { id: number }[], ids: number[]) =>
          (list ?? []).filter((x) => (ids ?? []).includes(x.id)),
        )
        env.addFilter('without', (list: unknown[], item: unknown) => (list ?? []).filter((x) => x !== item))
        env.addFilter('asList', (v: unknown) => (v == null || v === '' ? [] : (Array.isArray(v) ? v : [v]).map(String)))
        env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 1))
        env.addFilter('fileSize', (n: number) =>
          n < 1024 ? `${n} bytes` : n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`,
        )
        env.addGlobal('serviceName', SERVICE_NAME)
      },
    },
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `${SERVICE_NAME} API`,
        version: '1.0.0',
        description:
          'JSON twin of every page. Authenticate with POST /api/login (session cookie); send the CSRF token from GET /api/session in an x-csrf-token header on every POST, PUT or DELETE. Every error answers an Error.',
        license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      },
      servers: [{ url: '/', description: 'This service' }],
      tags: API_TAGS,
      components: { schemas: { Error: errorSchema }, securitySchemes: securitySchemes as never },
    },
    // A body marked optional (an action without input) may be left out.
    transformObject: (doc) => {
      const openapiObject = (
        doc as { openapiObject: { paths?: Record<string, object>; components?: { schemas?: object } } }
      ).openapiObject
      openapiObject.components = {
        ...openapiObject.components,
        schemas: { ...openapiObject.components?.schemas, ...componentSchemas() },
      }
      for (const ops of Object.values(openapiObject.paths ?? {}))
        for (const op of Object.values(ops as Record<string, { requestBody?: any }>)) {
          const json = op.requestBody?.content?.['application/json']?.schema
          if (json?.['x-optional-body']) {
            delete json['x-optional-body']
            op.requestBody.required = false
          }
        }
      return openapiObject
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true })

  // Who is acting: from the session, re-read from the database on every request (disabled accounts stop at once).
  app.addHook('preHandler', async (req, reply) => {
    const userId = req.session?.get('userId')
    let actor: Actor = PUBLIC
    if (userId) {
      // read with the session (one statement); re-read here only if that did not find the same user
      const read = sessionRead.getStore()?.user
      const a = read && read.id === userId ? actorFromRow(read) : await actorForUser(opts.db, userId)
      if (a) actor = a
      else await req.session.regenerate() // account disabled or removed: start a fresh, signed-out session
    }
    req.actor = actor
    req.ctx = { db: opts.db, actor, clock: opts.clock }
    const flash = req.session?.get('flash')
    if (flash) req.session.set('flash', undefined)
    reply.locals = pageLocals(req, reply, actor, flash)
    // the header's count of unread notifications, on pages only (decision 0032)
    if (actor.kind === 'user' && req.method === 'GET' && !req.url.startsWith('/api/'))
      reply.locals['unreadNotifications'] = await unreadCount(opts.db, actor)
  })
  // A NUL or an unpaired surrogate anywhere in the address, the query or the body: refused before any service sees it
  // (PostgreSQL cannot store them). Multipart fields are checked where they are read (web/multipart.ts).
  app.addHook('preValidation', async (req) => {
    if (hasForbiddenCharacters(req.params) || hasForbiddenCharacters(req.query) || hasForbiddenCharacters(req.body))
      throw new AppError('validation', NOT_ALLOWED_CHARACTERS)
  })
  // CSRF on every state-changing request (forms send _csrf; API clients send x-csrf-token).
  app.addHook('preHandler', (req, reply, done) => {
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) return app.csrfProtection(req, reply, done)
    done()
  })

  app.setErrorHandler(async (caught: any, req, reply) => {
    const isApi = req.url.startsWith('/api/')
    const err = fromDatabaseError(caught) ?? caught
    let status: number
    let body: { error: string; message: string; fields?: Record<string, string> }
    if (err instanceof AppError) {
      status = HTTP_STATUS[err.code]
      if (err.retryAfterSeconds != null) reply.header('retry-after', String(err.retryAfterSeconds))
      body = {
        error: err.code,
        message: err.message,
        ...(Object.keys(err.fields).length ? { fields: err.fields } : {}),
      }
    } else if (typeof err.code === 'string' && err.code.startsWith('FST_CSRF')) {
      status = 403
      body = {
        error: 'csrf',
        message: 'Your form has expired or was not sent from this service. Go back, reload the page and try again.',
      }
    } else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // A JSON or form body over the 1 MB limit (uploads, which are multipart, have their own 20 MB limit below).
      status = 413
      body = {
        error: 'too-large',
        message: 'The request is too large: it must be smaller than 1 MB. Shorten the text and try again.',
      }
    } else if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
      status = 413
      body = {
        error: 'too-large',
        message: 'The file is too large: it must be smaller than 20 MB',
        fields: { file: 'The file must be smaller than 20 MB' },
      }
    } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      status = err.statusCode
      body = {
        error: 'bad-request',
        message: err.statusCode === 415 ? 'Unsupported content type' : 'The request could not be understood',
      }
    } else {
      req.log.error({ err }, 'unhandled error')
      status = 500
      body = { error: 'internal', message: 'Sorry, there is a problem with the service. Try again later.' }
    }
    if (isApi) return reply.code(status).type('application/json').send(body)
    if (status === 401) {
      if (req.method === 'GET') req.session.set('next', req.url)
      return reply.redirect('/login', 303)
    }
    reply.code(status)
    // An error before the preHandler hooks (a body that could not be read) has no page data yet: the signed-out layout.
    if (!reply.locals?.['currentPath']) reply.locals = pageLocals(req, reply, req.actor ?? PUBLIC)
    return reply.view('error.njk', { status, message: body.message, ...reply.locals })
  })
  app.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: 'not-found', message: 'Not found' })
    reply.code(404)
    return reply.view('error.njk', { status: 404, message: 'Page not found', ...(reply.locals ?? {}) })
  })

  app.get(
    '/health',
    { schema: { tags: ['home'], summary: 'Health check: the app and its database' } },
    async (_req, reply) => {
      try {
        await opts.db.query('select 1')
        return { status: 'ok', database: opts.db.kind }
      } catch {
        return reply.code(503).send({ status: 'error', database: 'unreachable' })
      }
    },
  )

  // Readiness, for a load balancer or an orchestrator: the database answers and has every migration this code ships.
  // While the app shuts down Fastify answers 503 to new requests, so an instance drains before it stops.
  app.get(
    '/ready',
    { schema: { tags: ['home'], summary: 'Readiness: the database answers and is migrated to this version' } },
    async (_req, reply) => {
      let pending: string[]
      try {
        pending = await pendingMigrations(opts.db)
      } catch {
        return reply.code(503).send({ status: 'not-ready', database: 'unreachable', pendingMigrations: [] })
      }
      if (pending.length)
        return reply.code(503).send({ status: 'not-ready', database: opts.db.kind, pendingMigrations: pending })
      return { status: 'ready', database: opts.db.kind, pendingMigrations: [] }
    },
  )

  await homeRoutes(app)
  const limiter = new LoginLimiter(opts.db, opts.clock, {
    perAccount: opts.loginRateLimit ?? DEFAULT_LOGIN_LIMITS.perAccount,
    perAddress: opts.loginRateLimitPerAddress ?? DEFAULT_LOGIN_LIMITS.perAddress,
    windowMinutes: opts.loginRateWindowMinutes ?? DEFAULT_LOGIN_LIMITS.windowMinutes,
  })
  await authRoutes(app, { db: opts.db, limiter, ssoName: opts.sso?.name ?? null })
  if (opts.sso)
    await ssoRoutes(app, { sso: new SsoClient({ ...opts.sso, baseUrl: opts.baseUrl ?? 'http://localhost:3000' }) })
  await twoFactorRoutes(app)
  await accountRoutes(app, { limiter, mailer: opts.mailer ?? null, baseUrl: opts.baseUrl ?? 'http://localhost:3000' })
  await councilRoutes(app)
  await challengeRoutes(app)
  await programmeRoutes(app)
  await frameworkRoutes(app)
  await importerRoutes(app)
  await actionPlanRoutes(app)
  await peerRoutes(app)
  await timetableRoutes(app)
  await evidenceRoutes(app)
  await reportRoutes(app)
  await libraryRoutes(app, { baseUrl: opts.baseUrl ?? 'http://localhost:3000' })
  await committeeRoutes(app)
  await helpRoutes(app)
  await exportRoutes(app)
  await themeRoutes(app)
  await notificationRoutes(app, { mailer: opts.mailer ?? null, baseUrl: opts.baseUrl ?? 'http://localhost:3000' })
  configureReminderJob(opts.db, { mailer: opts.mailer ?? null, baseUrl: opts.baseUrl ?? 'http://localhost:3000' })
  app.addHook('onClose', async () => stopExtractionWorker())
  await jobRoutes(app)
  await bulkImportRoutes(app)
  // Background jobs (decision 22): this process runs workers; a graceful close finishes or releases running jobs.
  app.addHook('onReady', async () => hostJobWorkers(opts.db, opts.clock, { pollSeconds: opts.jobPollSeconds }))
  app.addHook('preClose', async () => stopJobWorkers(opts.db))
  return app
}
