import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../common/errors.ts'
import { assertCan } from '../auth/policy.ts'
import { action, page } from '../web/routing.ts'
import { councilFilterSchema, getCouncil, importRegister, listCouncils } from './service.ts'
import { councilPage, councils, registerCsv, registerImported } from './presenters.ts'

async function csvFromRequest(req: FastifyRequest): Promise<string> {
  if (req.isMultipart()) {
    const file = await req.file()
    if (!file || !file.filename) throw AppError.validation({ file: 'Select a CSV file' })
    const buf = await file.toBuffer()
    if (!/\.csv$/i.test(file.filename)) throw AppError.validation({ file: 'The file must be a CSV file' })
    return decodeCsv(buf)
  }
  if (typeof req.body === 'string') return req.body
  const b = (req.body ?? {}) as Record<string, unknown>
  if (typeof b['csv'] === 'string') return b['csv']
  throw AppError.validation({ file: 'Select a CSV file' })
}

function decodeCsv(buf: Buffer): string {
  if (buf.includes(0)) throw AppError.validation({ file: 'The file is not a text CSV file' })
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    throw AppError.validation({ file: 'The file is not UTF-8 text' })
  }
}

export async function councilRoutes(app: FastifyInstance): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  )

  page(app, {
    path: '/councils',
    cache: true,
    view: 'councils.njk',
    tags: ['councils'],
    summary: 'The council register, with filters (programme office also sees each council’s review status)',
    public: true,
    query: councilFilterSchema,
    response: councils,
    errors: [403],
    load: async (req) => {
      const data = await listCouncils(req.ctx, req.query)
      const href = (n: number) =>
        '?' +
        new URLSearchParams({
          ...Object.fromEntries(Object.entries(data.filters).map(([k, v]) => [k, String(v)])),
          page: String(n),
        }).toString()
      const pageItems = Array.from({ length: data.pages }, (_, i) => ({
        number: i + 1,
        href: href(i + 1),
        current: i + 1 === data.page,
      }))
      return { ...data, pageItems, pageHref: href }
    },
  })
  app.get('/councils/import', async (req, reply) => {
    assertCan(req.actor, 'import-councils')
    return reply.view('council-import.njk', {})
  })
  action(app, {
    path: '/councils/import',
    tags: ['councils'],
    summary:
      'Import or refresh the council register from a mySociety-format CSV (multipart file, text/csv body, or {csv})',
    upload: { file: 'The register (.csv, UTF-8)', fields: z.object({}), text: 'text/csv' },
    body: registerCsv,
    response: registerImported,
    run: async (req) => importRegister(req.ctx, await csvFromRequest(req)),
    redirect: () => '/councils',
    flash: (_req, s) =>
      `Register imported: ${s.rows} rows, ${s.created} new, ${s.updated} changed, ${s.unchanged} unchanged`,
    form: {
      view: 'council-import.njk',
      load: async (req) => {
        assertCan(req.actor, 'import-councils')
        return {}
      },
    },
  })
  page(app, {
    path: '/councils/:code',
    cache: true,
    view: 'council.njk',
    tags: ['councils'],
    summary: 'A council: details, predecessors and successors, review history and five-year cycle',
    public: true,
    response: councilPage,
    load: async (req) => getCouncil(req.ctx, (req.params as { code: string }).code),
  })
}
