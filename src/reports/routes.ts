import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, download, intParam, page, typed } from '../web/routing.ts'
import { challengeHeader } from '../challenges/routes.ts'
import {
  addComment,
  commentSchema,
  getReport,
  presentationModel,
  reportForDownload,
  reportForm,
  reportSchema,
  respondToComment,
  responseSchema,
  saveReport,
} from './service.ts'
import { presentationPptx } from './document.ts'
import { reportDocx } from './word.ts'
import { commentId, report, reportDraft, reportQuery, savedVersion } from './presenters.ts'

const TAGS = ['report']
const id = (req: FastifyRequest) => intParam(req, 'id')
const reportPage = async (req: FastifyRequest) => ({
  ...(await challengeHeader(req, 'report')),
  ...(await getReport(req.ctx, id(req), req.query as { version?: string })),
})
const formPage = async (req: FastifyRequest) => ({
  ...(await challengeHeader(req, 'report')),
  ...(await reportForm(req.ctx, id(req))),
})

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/challenges/:id/report',
    view: 'report.njk',
    tags: TAGS,
    summary:
      'The feedback report as published HTML (a draft version for the team, an issued one for the council, the final for the public), with versions and comments',
    public: true,
    query: reportQuery,
    response: report,
    load: reportPage,
  })
  page(app, {
    path: '/challenges/:id/report/edit',
    view: 'report-edit.njk',
    tags: TAGS,
    summary: 'The drafting form: the latest version, the evidence by theme and the figures the approach states',
    response: reportDraft,
    errors: [409],
    load: formPage,
  })
  action(app, {
    path: '/challenges/:id/report',
    tags: TAGS,
    summary:
      'Save the draft as a new version (fields executiveSummary, approach, theme-<key>, focus-<n>, nextSteps, note, baseVersion)',
    body: reportSchema,
    response: savedVersion,
    api: { status: 201 },
    run: (req) => saveReport(req.ctx, id(req), req.body),
    redirect: (req) => `/challenges/${id(req)}/report`,
    flash: (_req, r) => `Version ${r.version} saved`,
    form: { view: 'report-edit.njk', load: typed(formPage) },
  })
  action(app, {
    path: '/challenges/:id/report/comments',
    tags: TAGS,
    summary:
      'Comment on the draft: the council’s factual-accuracy comments while it is with the council, the team’s review comments',
    body: commentSchema,
    response: commentId,
    api: { status: 201 },
    run: (req) => addComment(req.ctx, id(req), req.body),
    redirect: (req) => `/challenges/${id(req)}/report#comments`,
    flash: () => 'Comment added',
    form: { view: 'report.njk', load: reportPage },
  })
  action(app, {
    path: '/challenges/:id/report/comments/:commentId/response',
    tags: TAGS,
    summary: 'The team’s response to a comment',
    body: responseSchema,
    response: commentId,
    run: (req) => respondToComment(req.ctx, id(req), intParam(req, 'commentId'), req.body),
    redirect: (req) => `/challenges/${id(req)}/report#comments`,
    flash: () => 'Response saved',
    form: { view: 'report.njk', load: reportPage },
  })
  download(app, {
    path: '/challenges/:id/report/document.docx',
    tags: TAGS,
    summary: 'The report (or the draft version shown; ?version=n) as a Word document',
    public: true,
    query: reportQuery,
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    run: async (req) => {
      const r = await reportForDownload(req.ctx, id(req), req.query as { version?: string })
      return {
        filename: `${r.filename}.docx`,
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        content: await reportDocx(r.markdown, r),
      }
    },
  })
  download(app, {
    path: '/challenges/:id/report/presentation.pptx',
    tags: TAGS,
    summary: 'The end-of-visit feedback presentation (PowerPoint), from the team’s evidence and key recommendations',
    types: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    run: async (req) => {
      const m = await presentationModel(req.ctx, id(req))
      return {
        filename: `${m.reference}-feedback-presentation.pptx`,
        contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        content: await presentationPptx(m),
      }
    },
  })
}
