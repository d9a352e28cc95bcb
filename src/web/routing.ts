import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError, fromDatabaseError } from '../common/errors.ts'
import { multipartFields } from './multipart.ts'

/** '/challenges/:id' -> '/api/challenges/:id'; '/' -> '/api/home'. */
export function apiPath(path: string): string {
  return path === '/' ? '/api/home' : `/api${path}`
}

function paramsSchema(path: string) {
  const names = [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!)
  if (!names.length) return undefined
  return { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])), required: names }
}

function jsonSchema(s: z.ZodType | undefined) {
  if (!s) return undefined
  try {
    const { $schema: _s, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >
    return rest
  } catch {
    return { type: 'object' }
  }
}

export interface PageDef {
  path: string
  view: string
  tags: string[]
  summary: string
  query?: z.ZodType
  load: (req: FastifyRequest) => Promise<object>
}

/** A GET page and its JSON twin under /api, from one loader. */
export function page(app: FastifyInstance, def: PageDef): void {
  app.get(def.path, async (req, reply) => reply.view(def.view, await def.load(req)))
  app.get(
    apiPath(def.path),
    {
      schema: defined({
        tags: def.tags,
        summary: def.summary,
        params: paramsSchema(def.path),
        querystring: jsonSchema(def.query),
      }),
    },
    async (req) => def.load(req),
  )
}

export interface ActionDef<R> {
  /** HTML form target (POST). */
  path: string
  /** JSON twin; defaults to POST /api + path. */
  api?: { method?: 'POST' | 'PUT' | 'DELETE'; path?: string; status?: number }
  tags: string[]
  summary: string
  body?: z.ZodType
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
export function action<R>(app: FastifyInstance, def: ActionDef<R>): void {
  app.post(def.path, async (req: FastifyRequest, reply: FastifyReply) => {
    try {
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
  app.route({
    method: def.api?.method ?? 'POST',
    url: def.api?.path ?? apiPath(def.path),
    schema: defined({
      tags: def.tags,
      summary: def.summary,
      params: paramsSchema(def.api?.path ?? def.path),
      body: jsonSchema(def.body),
    }),
    handler: async (req, reply) => {
      const result = await def.run(req)
      reply.code(def.api?.status ?? 200)
      return result ?? { ok: true }
    },
  })
}

/** Sends a file as a download (never rendered in the browser, whatever its type). */
export function sendDownload(reply: FastifyReply, doc: { filename: string; contentType: string; content: Buffer }) {
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

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** For an action's `form.load`: a form shown again after an error keeps what was typed, not the stored values the page loader gives. */
export const typed =
  <T extends { values?: unknown }>(load: (req: FastifyRequest) => Promise<T>) =>
  async (req: FastifyRequest) => {
    const { values: _stored, ...rest } = await load(req)
    return rest
  }
