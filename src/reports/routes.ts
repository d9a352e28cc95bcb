import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, intParam, page, sendDownload, typed } from '../web/routing.ts'
import { challengeHeader } from '../challenges/routes.ts'
import { markdownToDocx } from '../documents/light-markdown.ts'
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
    load: reportPage,
  })
  page(app, {
    path: '/challenges/:id/report/edit',
    view: 'report-edit.njk',
    tags: TAGS,
    summary: 'The drafting form: the latest version, the evidence by theme and the figures the approach states',
    load: formPage,
  })
  action(app, {
    path: '/challenges/:id/report',
    tags: TAGS,
    summary:
      'Save the draft as a new version (fields executiveSummary, approach, theme-<key>, focus-<n>, nextSteps, note, baseVersion)',
    body: reportSchema,
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
    run: (req) => respondToComment(req.ctx, id(req), intParam(req, 'commentId'), req.body),
    redirect: (req) => `/challenges/${id(req)}/report#comments`,
    flash: () => 'Response saved',
    form: { view: 'report.njk', load: reportPage },
  })
  for (const prefix of ['', '/api']) {
    app.get(
      `${prefix}/challenges/:id/report/document.docx`,
      {
        schema: prefix
          ? { tags: TAGS, summary: 'The report (or the draft version shown; ?version=n) as a Word document' }
          : undefined,
      },
      async (req, reply) => {
        const r = await reportForDownload(req.ctx, id(req), req.query as { version?: string })
        return sendDownload(reply, {
          filename: `${r.filename}.docx`,
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          content: await markdownToDocx(r.markdown, { title: r.title }),
        })
      },
    )
    app.get(
      `${prefix}/challenges/:id/report/presentation.pptx`,
      {
        schema: prefix
          ? {
              tags: TAGS,
              summary:
                'The end-of-visit feedback presentation (PowerPoint), from the team’s evidence and key recommendations',
            }
          : undefined,
      },
      async (req, reply) => {
        const m = await presentationModel(req.ctx, id(req))
        return sendDownload(reply, {
          filename: `${m.reference}-feedback-presentation.pptx`,
          contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
          content: await presentationPptx(m),
        })
      },
    )
  }
}
