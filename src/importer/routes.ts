import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, intParam, page } from '../web/routing.ts'
import { z } from 'zod'
import { multipartUpload } from '../web/multipart.ts'
import { importForm, imported, imports, importSaved, ok } from './presenters.ts'
import { discardImport, getImport, listImports, saveImport, saveSchema, unflatten, uploadImport } from './service.ts'

const id = (req: FastifyRequest) => intParam(req, 'id')

/** A browser form leaves unticked boxes out; a JSON client that leaves "include" out means "include". */
function formInput(req: FastifyRequest) {
  const body = unflatten((req.body ?? {}) as Record<string, unknown>)
  if (String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    for (const k of ['peers', 'recommendations'])
      for (const row of (body[k] as Record<string, unknown>[] | undefined) ?? []) row['include'] ??= 'no'
  }
  return body
}

export async function importerRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/imports',
    view: 'imports.njk',
    tags: ['imports'],
    summary: 'Imported documents, and the form to import another (programme office)',
    response: imports,
    load: async (req) => listImports(req.ctx),
  })
  action(app, {
    path: '/imports',
    tags: ['imports'],
    summary:
      'Import a report (multipart: file = .pdf, .docx, .txt, .md or .html); returns the import with what was extracted',
    upload: { file: 'The report: .pdf, .docx, .txt, .md or .html (20 MB at most)' },
    response: imported,
    run: async (req) => {
      const { file } = await multipartUpload(req)
      const r = await uploadImport(req.ctx, file)
      return { ...r, ...(await getImport(req.ctx, r.id)) }
    },
    redirect: (_req, r) => `/imports/${r.id}`,
    flash: (_req, r) =>
      r.duplicate
        ? 'This file was imported before: here is that import'
        : 'Document read: check the fields against the source, correct them, and save',
    form: { view: 'imports.njk', load: async (req) => listImports(req.ctx) },
    api: { status: 201 },
  })
  page(app, {
    path: '/imports/:id',
    view: 'import.njk',
    tags: ['imports'],
    summary: 'What was read from an imported document, with confidence and the evidence in the source text',
    response: importForm,
    load: (req) => getImport(req.ctx, id(req)),
  })
  action(app, {
    path: '/imports/:id/save',
    tags: ['imports'],
    summary:
      'Save the (corrected) import as a challenge with its team and key recommendations; the same visit is never recorded twice',
    body: saveSchema,
    response: importSaved,
    run: async (req) => saveImport(req.ctx, id(req), formInput(req)),
    redirect: (_req, r) => `/challenges/${r.challengeId}`,
    flash: (_req, r) =>
      r.created
        ? `Challenge ${r.reference} created from the import`
        : `This visit is already recorded as ${r.reference}: nothing was duplicated`,
    form: {
      view: 'import.njk',
      load: async (req) => {
        const data = await getImport(req.ctx, id(req))
        return { ...data, values: formInput(req) }
      },
    },
  })
  action(app, {
    path: '/imports/:id/discard',
    tags: ['imports'],
    summary: 'Discard a draft import',
    bodyOptional: true,
    body: z.object({}),
    response: ok,
    run: async (req) => discardImport(req.ctx, id(req)),
    redirect: () => '/imports',
    flash: () => 'Import discarded',
  })
}
