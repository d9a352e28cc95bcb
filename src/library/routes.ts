import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { apiPath, download, page, present, sendDownload } from '../web/routing.ts'
import { operationSchema } from '../web/openapi.ts'
import { library, libraryDownloadQuery, libraryInsights, libraryOpenData, libraryQueryDoc } from './presenters.ts'
import { libraryInsights as loadInsights } from './insights.ts'
import { libraryCsv, libraryJson, searchLibrary } from './service.ts'

const TAGS = ['library']

export async function libraryRoutes(app: FastifyInstance, opts: { baseUrl: string }): Promise<void> {
  page(app, {
    path: '/library',
    view: 'library.njk',
    tags: TAGS,
    summary:
      'Search the library of peer challenges: reports, recommendations, action plans, progress and imported documents (the public sees what is published), with facets',
    public: true,
    query: libraryQueryDoc,
    response: library,
    load: (req) => searchLibrary(req.ctx, req.query),
  })
  page(app, {
    path: '/library/insights',
    view: 'insights.njk',
    tags: TAGS,
    summary:
      'Insights: reviews per year by type and region, publication deadlines met on time, action-plan RAG ratings and recommendation themes over time, as series (the public sees published material alone)',
    public: true,
    response: libraryInsights,
    load: (req) => loadInsights(req.ctx),
  })
  download(app, {
    path: '/library.csv',
    tags: TAGS,
    summary:
      'Open data: the public library (or the entries matching the filters) as CSV, under the Open Government Licence v3.0',
    public: true,
    query: libraryDownloadQuery,
    types: ['text/csv'],
    run: async (req) => ({
      filename: 'peer-challenge-library.csv',
      contentType: 'text/csv; charset=utf-8',
      content: await libraryCsv(req.ctx, req.query),
    }),
  })
  // The JSON open data: a file to download at a stable address, and a JSON answer described by its presenter.
  const json = async (req: FastifyRequest, reply: FastifyReply) =>
    sendDownload(reply, {
      filename: 'peer-challenge-library.json',
      contentType: 'application/json; charset=utf-8',
      content: Buffer.from(
        JSON.stringify(present(libraryOpenData, await libraryJson(req.ctx, req.query, opts.baseUrl)), null, 1),
      ),
    })
  app.get('/library.json', json)
  app.get(
    apiPath('/library.json'),
    {
      schema: operationSchema({
        tags: TAGS,
        summary:
          'Open data: the public library (or the entries matching the filters) as JSON, with its licence (Open Government Licence v3.0)',
        public: true,
        method: 'GET',
        path: apiPath('/library.json'),
        query: libraryDownloadQuery,
        response: { schema: libraryOpenData },
      }),
    },
    json,
  )
}
