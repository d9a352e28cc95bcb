import type { FastifySchema } from 'fastify'
import { z } from 'zod'

/**
 * The API as a contract (decision 12): how a route's OpenAPI operation is described. `page()`, `action()` and
 * `download()` (routing.ts) and the few hand-written API routes build their Fastify route schema here; app.ts adds
 * the operationId and leaves every non-/api route out of the document.
 */

type JsonSchema = Record<string, unknown>

/** The error statuses the API answers with, and what each means. Every error body is an `Error`. */
export const ERROR_RESPONSES = {
  400: 'The input is not valid: `fields` names each wrong field and why',
  401: 'Not signed in (or, for sign-in, a wrong email address or password)',
  403: 'Not allowed for this user, or the x-csrf-token header is missing or wrong',
  404: 'Not found, or not visible to this user',
  409: 'Conflict: changed by someone else since it was read (send the version you read), or not possible at its stage',
  413: 'The file is too large (20 MB at most)',
  415: 'The content type or the type of the file is not accepted',
  429: 'Too many attempts: wait 15 minutes',
} as const
export type ErrorStatus = keyof typeof ERROR_RESPONSES

/** The body of every 4xx and 5xx answer. */
export const errorSchema: JsonSchema = {
  type: 'object',
  description: 'What went wrong',
  required: ['error', 'message'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'string',
      enum: [
        'validation',
        'unauthenticated',
        'forbidden',
        'not-found',
        'conflict',
        'too-large',
        'unsupported',
        'csrf',
        'rate-limited',
        'bad-request',
        'internal',
      ],
    },
    message: { type: 'string', description: 'For people' },
    fields: {
      type: 'object',
      description: 'Field name -> what is wrong with it',
      additionalProperties: { type: 'string' },
    },
  },
}

export const securitySchemes = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'pc_session',
    description:
      'The session cookie: POST /api/login signs it in; GET /api/session sets one for anyone (it holds the CSRF secret)',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description: 'The csrfToken from GET /api/session, sent with the session cookie on every POST, PUT and DELETE',
  },
}

/** Path parameters that are ids (`:id`, `:recId`, ...: read with intParam) are positive 32-bit integers. */
export const ID_PARAM = /^(id|[a-z]+Id)$/
const idSchema = { type: 'integer', format: 'int32', minimum: 1, maximum: 2147483647 }

/**
 * The named schemas (presenters given an id with `.meta({ id })`), shared by the operations that use them: they go to
 * the document's components.
 */
const components = new Map<string, JsonSchema>()
export const componentSchemas = () => Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)))

/** OpenAPI 3.0 schema of a zod schema: `output` for what the API answers (presenters), `input` for what it reads. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const {
    $schema: _s,
    definitions,
    ...rest
  } = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema
  for (const [name, def] of Object.entries((definitions ?? {}) as Record<string, JsonSchema>)) {
    const named = normalise(def)
    const known = components.get(name)
    if (known && JSON.stringify(known) !== JSON.stringify(named))
      throw new Error(`Two different schemas are called ${name} (${io}): give one another id`)
    components.set(name, named)
  }
  return normalise(rest)
}

/**
 * OpenAPI 3.0 allows `nullable` only next to a `type`: a nullable union gets a null member instead; and a nullable
 * enum must list null among its values.
 */
function normalise(s: unknown): JsonSchema {
  if (Array.isArray(s)) return s.map(normalise) as unknown as JsonSchema
  if (!s || typeof s !== 'object') return s as JsonSchema
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(s))
    out[k] =
      k === 'enum' || k === 'default' || k === 'example'
        ? v
        : k === '$ref' && typeof v === 'string'
          ? v.replace('#/definitions/', '#/components/schemas/')
          : normalise(v)
  if (out['nullable'] === true && Array.isArray(out['enum']) && !out['enum'].includes(null))
    out['enum'] = [...out['enum'], null]
  if (out['nullable'] === true && out['type'] === undefined) {
    delete out['nullable']
    const key = out['anyOf'] ? 'anyOf' : out['oneOf'] ? 'oneOf' : null
    const nullSchema = { type: 'string', nullable: true, enum: [null] }
    const allOf = out['allOf'] as JsonSchema[] | undefined
    // A nullable named schema: { allOf: [{ $ref }] } is that schema, or null.
    if (allOf?.length === 1 && Object.keys(out).length === 1) return { anyOf: [allOf[0]!, nullSchema] }
    if (key) out[key] = [...(out[key] as JsonSchema[]), nullSchema]
    else return { anyOf: [out, nullSchema] }
  }
  // { allOf: [schema] } is that schema.
  const allOf = out['allOf'] as JsonSchema[] | undefined
  if (allOf?.length === 1 && Object.keys(out).length === 1) return allOf[0]!
  return out
}

function paramsSchema(path: string, overrides: Record<string, JsonSchema> = {}) {
  const names = [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!)
  if (!names.length) return undefined
  return {
    type: 'object',
    properties: Object.fromEntries(
      names.map((n) => [n, overrides[n] ?? (ID_PARAM.test(n) ? { ...idSchema } : { type: 'string', minLength: 1 })]),
    ),
    required: names,
  }
}

/** A multipart/form-data upload: its text fields and its file part(s). */
export interface Upload {
  /** The text fields (a zod input schema, or none). */
  fields?: z.ZodType
  /** How many files the `file` part may carry (default 1). */
  files?: number
  /** Whether a file must be sent (default true). */
  fileRequired?: boolean
  /** A content type whose raw body is accepted instead of a multipart form (e.g. text/csv). */
  text?: string
  /** What the file is (formats, size). */
  file: string
}

export type Response = { schema: z.ZodType } | { binary: string[] }

export interface OperationDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** The /api path, with :params. */
  path: string
  tags: string[]
  summary: string
  description?: string
  operationId?: string
  /** Whether someone not signed in may call it (reads only). */
  public?: boolean
  query?: z.ZodType
  /** The JSON body (forms send the same fields urlencoded to the HTML route). */
  body?: z.ZodType
  /** A body that may be left out (an empty object is the same). */
  bodyOptional?: boolean
  upload?: Upload
  params?: Record<string, JsonSchema>
  /** What a success answers: the presenter, or a file in one of the given content types. */
  response: Response
  status?: number
  /** Error statuses besides the ones every operation of its kind gets. */
  errors?: ErrorStatus[]
  /** The error statuses, when they are not the usual ones for its kind (sign-in and sign-out). */
  onlyErrors?: ErrorStatus[]
}

const errorResponse = (status: ErrorStatus) => ({
  description: ERROR_RESPONSES[status],
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
})

/**
 * The error statuses an operation answers with: a bad id or code is 404 (an invisible challenge too); input is
 * checked (400); reads that need a session say 401 without one and 403 to the wrong role; every write needs the
 * session and its CSRF token (401, 403) and may meet a newer version or the wrong stage (409); uploads can be too
 * large or of the wrong type (413, 415).
 */
export function errorStatuses(def: OperationDef): ErrorStatus[] {
  if (def.onlyErrors) return def.onlyErrors
  const s = new Set<ErrorStatus>(def.errors ?? [])
  const write = def.method !== 'GET'
  if (/:\w/.test(def.path)) s.add(404)
  if (def.query || def.body || def.upload || /:\w/.test(def.path)) s.add(400)
  if (!def.public || write) s.add(401).add(403)
  if (write) s.add(400).add(409)
  if (def.upload) s.add(413).add(415)
  return [...s].sort()
}

/** The Fastify route schema of an API operation, from which @fastify/swagger writes the OpenAPI operation. */
export function operationSchema(def: OperationDef): FastifySchema {
  const success = def.status ?? 200
  const body: JsonSchema | undefined = def.upload
    ? { content: uploadContent(def.upload, def.body) }
    : def.body
      ? { ...openApiSchema(def.body, 'input'), ...(def.bodyOptional ? { 'x-optional-body': true } : {}) }
      : undefined
  const security: Record<string, string[]>[] =
    def.method === 'GET' ? (def.public ? [{}, { session: [] }] : [{ session: [] }]) : [{ session: [], csrf: [] }]
  return defined({
    tags: def.tags,
    summary: def.summary,
    description: def.description,
    operationId: def.operationId,
    params: paramsSchema(def.path, def.params),
    querystring: def.query ? openApiSchema(def.query, 'input') : undefined,
    body,
    security,
    response: {
      [success]:
        'schema' in def.response
          ? {
              description: 'Success',
              content: { 'application/json': { schema: openApiSchema(def.response.schema, 'output') } },
            }
          : {
              description: 'The file (sent as an attachment)',
              content: Object.fromEntries(
                def.response.binary.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
              ),
            },
      ...Object.fromEntries(errorStatuses(def).map((st) => [st, errorResponse(st)])),
    },
  })
}

function uploadContent(u: Upload, json?: z.ZodType) {
  const fields = u.fields ? openApiSchema(u.fields, 'input') : { type: 'object', properties: {} }
  const file =
    (u.files ?? 1) > 1
      ? { type: 'array', maxItems: u.files, items: { type: 'string', format: 'binary' }, description: u.file }
      : { type: 'string', format: 'binary', description: u.file }
  const required = [
    ...(((fields as { required?: string[] }).required ?? []) as string[]),
    ...(u.fileRequired === false ? [] : ['file']),
  ]
  const multipart = {
    ...fields,
    type: 'object',
    properties: { ...((fields as { properties?: object }).properties ?? {}), file },
    ...(required.length ? { required } : {}),
  }
  return {
    'multipart/form-data': { schema: multipart },
    ...(json ? { 'application/json': { schema: openApiSchema(json, 'input') } } : {}),
    ...(u.text ? { [u.text]: { schema: { type: 'string', description: 'The file’s content' } } } : {}),
  }
}

const singular = (w: string) =>
  w.endsWith('ies') ? `${w.slice(0, -3)}y` : w.endsWith('ss') || !w.endsWith('s') ? w : w.slice(0, -1)
const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1)

/**
 * operationId from method and path: GET /api/challenges/:id/history -> getChallengeHistory (a collection followed
 * by an id is singular; ids are left out; a file name's extension is a word).
 */
export function operationIdFor(method: string, url: string): string {
  const segs = url
    .replace(/^\/api\/?/, '')
    .split('/')
    .filter(Boolean)
  const words = segs.flatMap((s, i) => {
    if (s.startsWith(':')) return []
    return (segs[i + 1]?.startsWith(':') ? singular(s) : s).split(/[-_.]/)
  })
  return method.toLowerCase() + words.map(capital).join('')
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
