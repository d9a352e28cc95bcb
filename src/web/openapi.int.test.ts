import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { Validator } from '@seriousme/openapi-schema-validator'
import { createConfig, lintFromString } from '@redocly/openapi-core'
import { demoEnv, type TestEnv } from '../testing/harness.ts'
import { ID_PARAM } from './openapi.ts'

/** The API as a contract (decision 12): the OpenAPI document is valid, lints clean and describes every API route. */

type Schema = Record<string, any>
interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  parameters?: { in: string; name: string; schema: Schema }[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>
  security?: Record<string, string[]>[]
}
const METHODS = ['get', 'post', 'put', 'delete', 'patch']

let env: TestEnv
let spec: { paths: Record<string, Record<string, Operation>> } & Schema
const operations = () =>
  Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )

before(async () => {
  env = await demoEnv()
  const res = await env.app.inject({ url: '/api/docs/json' })
  assert.equal(res.statusCode, 200)
  spec = res.json()
})
after(async () => env.close())

test('the OpenAPI document passes strict validation against the OpenAPI 3.0 schema', async () => {
  const validator = new Validator()
  const res = await validator.validate(structuredClone(spec))
  assert.equal(res.valid, true, JSON.stringify(res.errors, null, 1)?.slice(0, 3000))
  assert.match(validator.version, /^3\.0/)
})

/**
 * Operations that take no input and check no permission (public reads of reference data, the start page, the
 * session): nothing they can answer is a 4xx, so Redocly's operation-4xx-response is not applied to them — a made-up
 * error response would be a lie in the contract. Every other operation must document its 4xx answers.
 */
const CANNOT_FAIL = new Set([
  'getHome',
  'getSession',
  'getFrameworks',
  'getTeamRules',
  // the help pages, the library's insights (what each reader may see, no input) and the reset request form
  'getHelp',
  'getHelpAccessibility',
  'getHelpPrivacy',
  'getHelpCookies',
  'getHelpContact',
  'getHelpGlossary',
  'getLibraryInsights',
  'getPasswordReset',
])

test('the OpenAPI document lints clean with Redocly’s recommended-strict rules (every warning an error)', async () => {
  const config = await createConfig({ extends: ['recommended-strict'] })
  const problems = await lintFromString({ source: JSON.stringify(spec), absoluteRef: 'openapi.json', config })
  const operationAt = (pointer: string) => {
    const m = /^#\/paths\/([^/]+)\/(\w+)\//.exec(pointer)
    if (!m) return undefined
    return spec.paths[m[1]!.replace(/~1/g, '/').replace(/~0/g, '~')]?.[m[2]!]?.operationId
  }
  const excused = problems.filter(
    (p) => p.ruleId === 'operation-4xx-response' && CANNOT_FAIL.has(operationAt(p.location[0]?.pointer ?? '') ?? ''),
  )
  const left = problems.filter((p) => !excused.includes(p))
  for (const p of left) console.log(`${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
  console.log(
    `# redocly recommended-strict: ${left.filter((p) => p.severity === 'error').length} errors, ` +
      `${left.filter((p) => p.severity === 'warn').length} warnings; ${excused.length} operation-4xx-response excused for ${[...CANNOT_FAIL].join(', ')}`,
  )
  assert.deepEqual(
    left.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`),
    [],
  )
  assert.equal(excused.length, CANNOT_FAIL.size, 'an excused operation now documents a 4xx: take it off the list')
})

test('the document is the API, all of it: every /api route, nothing else', () => {
  const served = new Set(
    env.app.routeList
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`),
  )
  const documented = new Set(operations().map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`))
  assert.deepEqual(
    [...served].filter((k) => !documented.has(k)),
    [],
    'API routes missing from the document',
  )
  assert.deepEqual(
    [...documented].filter((k) => !served.has(k)),
    [],
    'documented operations the app does not serve (HTML routes must be hidden)',
  )
  assert.ok(served.size > 100)
})

test('every operation: a unique operationId, a summary, a success response with a schema, security and its errors', () => {
  const ids = new Set<string>()
  const failures: string[] = []
  const fail = (o: { method: string; path: string }, why: string) => failures.push(`${o.method} ${o.path}: ${why}`)
  for (const o of operations()) {
    const { op } = o
    if (!op.operationId) fail(o, 'no operationId')
    else if (ids.has(op.operationId)) fail(o, `operationId ${op.operationId} used twice`)
    else ids.add(op.operationId)
    if (!op.summary) fail(o, 'no summary')
    if (!op.tags?.length) fail(o, 'no tag')
    const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s))
    if (success.length !== 1) fail(o, `success responses: ${success.join(', ') || 'none'}`)
    for (const s of success) {
      const content = op.responses[s]!.content ?? {}
      if (!Object.keys(content).length) fail(o, `${s} has no content`)
      for (const [type, media] of Object.entries(content)) {
        if (!media.schema) fail(o, `${s} ${type} has no schema`)
        else if (type === 'application/json' && media.schema['type'] !== 'object')
          fail(o, `${s} is not a JSON object (a presenter)`)
        else if (type !== 'application/json' && media.schema['format'] !== 'binary') fail(o, `${s} ${type} not binary`)
      }
    }
    const errors = Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s))
    for (const s of errors)
      if (op.responses[s]!.content?.['application/json']?.schema?.['$ref'] !== '#/components/schemas/Error')
        fail(o, `${s} is not an Error`)
    const params = op.parameters?.filter((p) => p.in === 'path') ?? []
    const hasInput = params.length > 0 || !!op.requestBody || !!op.parameters?.some((p) => p.in === 'query')
    const write = o.method !== 'GET'
    // Anyone may sign out: that write alone cannot answer 401.
    const signedIn = write && op.operationId !== 'postLogout'
    const needs = [
      ...(hasInput ? ['400'] : []),
      ...(params.length ? ['404'] : []),
      ...(write ? ['403'] : []),
      ...(signedIn ? ['401'] : []),
    ]
    for (const s of needs) if (!errors.includes(s)) fail(o, `does not document ${s}`)
    if (!op.security?.length) fail(o, 'no security requirement')
    else if (write && !op.security.every((r) => 'csrf' in r && 'session' in r))
      fail(o, 'a write must require the session and its CSRF token')
    else if (!write && op.security.some((r) => 'csrf' in r)) fail(o, 'a read needs no CSRF token')
    for (const p of params) {
      if (ID_PARAM.test(p.name) && p.schema['type'] !== 'integer') fail(o, `path id ${p.name} is not an integer`)
      if (ID_PARAM.test(p.name) && p.schema['format'] !== 'int32') fail(o, `path id ${p.name} is not int32`)
    }
    if (write && o.method !== 'DELETE' && !op.requestBody) fail(o, 'a write without a request body')
    const multipart = op.requestBody?.content['multipart/form-data']?.schema
    if (multipart) {
      const file = multipart['properties']?.file
      if (!(file?.format === 'binary' || file?.items?.format === 'binary')) fail(o, 'an upload without a binary file')
    }
  }
  assert.deepEqual(failures, [])
})

test('the session cookie and the CSRF header are the security schemes; 4xx answers share one Error schema', () => {
  assert.deepEqual(spec['components'].securitySchemes.session, {
    type: 'apiKey',
    in: 'cookie',
    name: 'pc_session',
    description: spec['components'].securitySchemes.session.description,
  })
  assert.equal(spec['components'].securitySchemes.csrf.in, 'header')
  assert.equal(spec['components'].securitySchemes.csrf.name, 'x-csrf-token')
  assert.deepEqual(spec['components'].schemas.Error.required, ['error', 'message'])
  // What the API really answers is an Error.
  const res = env.app.inject({ url: '/api/challenges/999999' })
  return res.then((r) => {
    assert.equal(r.statusCode, 404)
    assert.deepEqual(Object.keys(r.json()).sort(), ['error', 'message'])
  })
})

test('uploads are multipart/form-data with a binary file; downloads are binary in their content types', () => {
  const ops = operations()
  const uploads = ops.filter((o) => o.op.requestBody?.content['multipart/form-data'])
  assert.deepEqual(uploads.map((o) => o.op.operationId).sort(), [
    'postBulkImports',
    'postChallengeActionPlanActionProgress',
    'postChallengeActionPlanImport',
    'postChallengeDocuments',
    'postChallengeVisitImport',
    'postCouncilsImport',
    'postImports',
    'postPeersImport',
  ])
  const downloads = ops.filter((o) => !o.op.responses['200']?.content?.['application/json'] && o.method === 'GET')
  assert.equal(downloads.length, 20) // with the council export, the team calendar and the programme (issue 18)
  const docx = ops.find((o) => o.op.operationId === 'getChallengeReportDocumentDocx')!
  assert.deepEqual(Object.keys(docx.op.responses['200']!.content!), [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  ])
})
