import type { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError, fromDatabaseError } from '../common/errors.ts'
import { multipartFields } from './multipart.ts'
import { normaliseDateFields } from '../common/date-input.ts'
import { CSRF_SLOT, cacheKey, fillSlots, versionRead } from './page-cache.ts'
import { operationSchema, type ErrorStatus, type Upload } from './openapi.ts'

/** '/challenges/:id' -> '/api/challenges/:id'; '/' -> '/api/home'. */
export function apiPath(path: string): string {
  return path === '/' ? '/api/home' : `/api${path}`
}

/** A presenter: the zod schema of what an API route answers. Its output is all the JSON carries (fields it does not declare are dropped), and its OpenAPI schema documents the route. */
export type Presenter = z.ZodType

/** Raised when a loader's data does not fit its presenter: the contract is broken (logged; 500). */
export class PresenterError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(
      `The response does not match its presenter: ${issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    )
  }
}

/** The presenter's output for the data: the JSON the API answers. */
export function present<P extends Presenter>(presenter: P, data: unknown): z.output<P> {
  const r = presenter.safeParse(data)
  if (!r.success) throw new PresenterError(r.error.issues)
  return r.data
}

export interface PageDef<P extends Presenter> {
  path: string
  view: string
  tags: string[]
  summary: string
  description?: string
  operationId?: string
  /** Whether someone not signed in may read it (what they see is up to the loader). */
  public?: boolean
  query?: z.ZodType
  errors?: ErrorStatus[]
  /** What the JSON twin answers: the loader's data through this presenter. */
  response: P
  load: (req: FastifyRequest) => Promise<z.input<P> & object>
  /**
   * Keep the answers in the page cache (decision 0031): only for a loader whose answer depends on nothing but the
   * database's tracked tables, the actor, today's date and the address (not the session, the time of day or files).
   */
  cache?: boolean
}

/** The JSON twin's route options: its OpenAPI operation, the page's own description. */
function apiOptions<P extends Presenter>(def: PageDef<P>) {
  return {
    schema: operationSchema({ ...def, method: 'GET', path: apiPath(def.path), response: { schema: def.response } }),
  }
}

/** A GET page and its JSON twin under /api, from one loader. */
export function page<P extends Presenter>(app: FastifyInstance, def: PageDef<P>): void {
  if (def.cache) return cachedPage(app, def)
  app.get(def.path, async (req, reply) => reply.view(def.view, await def.load(req)))
  app.get(apiPath(def.path), apiOptions(def), async (req) => present(def.response, await def.load(req)))
}

/** A page and its twin answered from the page cache; a page with a message to show (a flash) is made afresh. */
function cachedPage<P extends Presenter>(app: FastifyInstance, def: PageDef<P>): void {
  app.get(def.path, async (req, reply) => {
    if (reply.locals?.['flash']) return reply.view(def.view, await def.load(req))
    const html = await app.pageCache.get(
      cacheKey(req, 'html'),
      async () => {
        const data = await def.load(req)
        return reply.viewAsync(def.view, { ...reply.locals, csrf: () => CSRF_SLOT, ...data })
      },
      versionRead(),
    )
    return reply.type('text/html; charset=utf-8').send(fillSlots(reply, html))
  })
  app.get(apiPath(def.path), apiOptions(def), async (req, reply) => {
    const json = await app.pageCache.get(
      cacheKey(req, 'json'),
      async () => JSON.stringify(present(def.response, await def.load(req))),
      versionRead(),
    )
    return reply.type('application/json; charset=utf-8').send(json)
  })
}

export interface ActionDef<R, P extends Presenter> {
  /** HTML form target (POST). */
  path: string
  /** JSON twin; defaults to POST /api + path. */
  api?: { method?: 'POST' | 'PUT' | 'DELETE'; path?: string; status?: number }
  tags: string[]
  summary: string
  description?: string
  operationId?: string
  /** The input (JSON for the API, urlencoded for the form). */
  body?: z.ZodType
  /** An action without input: a body may be left out. */
  bodyOptional?: boolean
  /** A multipart/form-data upload (its fields and file). */
  upload?: Upload
  errors?: ErrorStatus[]
  /** What the JSON twin answers: the result through this presenter. */
  response: P
  run: (req: FastifyRequest) => Promise<R>
  /** Where the browser goes after success, and the message it shows. */
  redirect: (req: FastifyRequest, result: R) => string
  flash?: (req: FastifyRequest, result: R) => string
  /** The page that shows the form again, with errors, when the input is invalid. */
  form?: { view: string; load: (req: FastifyRequest) => Promise<object> }
}

export function errorList(fields: Record<string, string>) {
  return Object.entries(fields).map(([k, text]) => ({ text, href: `#${k}` }))
}

/** A form POST (redirect after success, form again with a GOV.UK error summary on invalid input) and its JSON twin. */
export function action<P extends Presenter, R extends z.input<P> | void>(
  app: FastifyInstance,
  def: ActionDef<R, P>,
): void {
  app.post(def.path, async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      // a form's GOV.UK date inputs (NAME-day, NAME-month, NAME-year) and UK-typed dates become the ISO dates the
      // service takes, as the JSON twin sends them; a date that is not real is the form's error, nothing changes
      if (req.body && typeof req.body === 'object' && !req.isMultipart()) {
        const dateErrors = normaliseDateFields(req.body as Record<string, unknown>)
        if (Object.keys(dateErrors).length) throw AppError.validation(dateErrors)
      }
      const result = await def.run(req)
      if (def.flash) req.session.set('flash', def.flash(req, result))
      return reply.redirect(def.redirect(req, result), 303)
    } catch (caught) {
      const e = fromDatabaseError(caught) ?? caught
      if (
        e instanceof AppError &&
        (e.code === 'validation' || e.code === 'conflict' || e.code === 'too-large' || e.code === 'unsupported') &&
        def.form
      ) {
        const data = await def.form.load(req)
        const fields = Object.keys(e.fields).length ? e.fields : { form: e.message }
        reply.code(e.code === 'validation' ? 400 : e.code === 'conflict' ? 409 : e.code === 'unsupported' ? 415 : 413)
        return reply.view(def.form.view, {
          ...data,
          errors: fields,
          errorList: errorList(fields),
          values: 'values' in data ? (data as { values: unknown }).values : (multipartFields(req) ?? req.body ?? {}),
        })
      }
      throw e
    }
  })
  const method = def.api?.method ?? 'POST'
  const url = def.api?.path ?? apiPath(def.path)
  app.route({
    method,
    url,
    schema: operationSchema({
      ...def,
      method,
      path: url,
      status: def.api?.status ?? 200,
      response: { schema: def.response },
    }),
    handler: async (req, reply) => {
      const result = await def.run(req)
      reply.code(def.api?.status ?? 200)
      return present(def.response, result ?? { ok: true })
    },
  })
}

export interface DownloadDef {
  path: string
  tags: string[]
  summary: string
  description?: string
  operationId?: string
  public?: boolean
  query?: z.ZodType
  params?: Record<string, Record<string, unknown>>
  errors?: ErrorStatus[]
  /** The content types the file can have. */
  types: string[]
  /** The file: its bytes, or a stream of them (sent as it is read, for a file too big to hold, like a council's export). */
  run: (req: FastifyRequest) => Promise<{ filename: string; contentType: string; content: Buffer | Readable }>
}

/** A file download, at its page address and under /api (documented there, with its content types). */
export function download(app: FastifyInstance, def: DownloadDef): void {
  const handler = async (req: FastifyRequest, reply: FastifyReply) => sendDownload(reply, await def.run(req))
  app.get(def.path, handler)
  app.get(
    apiPath(def.path),
    {
      schema: operationSchema({ ...def, method: 'GET', path: apiPath(def.path), response: { binary: def.types } }),
    },
    handler,
  )
}

/** Sends a file as a download (never rendered in the browser, whatever its type). */
export function sendDownload(
  reply: FastifyReply,
  doc: { filename: string; contentType: string; content: Buffer | Readable },
) {
  reply.header(
    'content-disposition',
    `attachment; filename="${doc.filename.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
  )
  reply.header('x-content-type-options', 'nosniff')
  return reply.type(doc.contentType).send(doc.content)
}

export function intParam(req: FastifyRequest, name: string): number {
  const v = (req.params as Record<string, string>)[name]
  const n = Number(v)
  if (!v || !/^\d{1,9}$/.test(v) || !Number.isSafeInteger(n)) throw AppError.notFound()
  return n
}

/** For an action's `form.load`: a form shown again after an error keeps what was typed, not the stored values the page loader gives. */
export const typed =
  <T extends { values?: unknown }>(load: (req: FastifyRequest) => Promise<T>) =>
  async (req: FastifyRequest) => {
    const { values: _stored, ...rest } = await load(req)
    return rest
  }
