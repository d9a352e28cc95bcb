import { formatDate } from '../common/dates.ts'
import { loadChallenge } from '../challenges/access.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../common/errors.ts'
import { action, download, intParam, page } from '../web/routing.ts'
import { multipartFiles, multipartUpload } from '../web/multipart.ts'
import { challengeHeader } from '../challenges/routes.ts'
import {
  addAction,
  addProgress,
  applyPlanImport,
  councilImprovement,
  councilOfficers,
  discardPlanImport,
  downloadEvidence,
  getAction,
  getPlan,
  getPlanImport,
  getSnapshot,
  planDocument,
  recordMeeting,
  recordPublication,
  removeAction,
  reviseTarget,
  setOverride,
  setResponse,
  snapshotDocument,
  startPlan,
  updateAction,
  uploadPlanWorkbook,
  type PlanDocument,
} from './service.ts'
import {
  actionAdded,
  actionDetail,
  actionEdit,
  importApplied,
  improvement,
  meetingRecorded,
  newActionForm,
  ok,
  plan,
  planImport,
  progressAdded,
  publicationRecorded,
  responseForm,
  snapshot,
  started,
  workbookUploaded,
} from './presenters.ts'
import {
  committeeReportQuery,
  editActionSchema,
  meetingSchema,
  newActionSchema,
  overrideSchema,
  progressSchema,
  publicationSchema,
  responseSchema,
  reviseTargetSchema,
} from './schemas.ts'

const id = (req: FastifyRequest) => intParam(req, 'id')
const actionId = (req: FastifyRequest) => intParam(req, 'actionId')
const base = (req: FastifyRequest) => `/challenges/${id(req)}/action-plan`
const TAGS = ['action plans']

async function planPage(req: FastifyRequest) {
  const plan = await getPlan(req.ctx, id(req))
  return { ...plan, ...(await challengeHeader(req, 'action-plan')) }
}

async function editablePlan(req: FastifyRequest) {
  await loadChallenge(req.ctx, id(req), 'edit-plan')
  const data = await planPage(req)
  if (!data.view) throw AppError.notFound('Action plan')
  return data
}

async function actionPage(req: FastifyRequest) {
  const data = await getAction(req.ctx, id(req), actionId(req))
  return { ...data, ...(await challengeHeader(req, 'action-plan')) }
}

async function actionForm(req: FastifyRequest) {
  const data = await editablePlan(req)
  return { ...data, officers: await councilOfficers(req.ctx.db, id(req)) }
}

const FORMATS: PlanDocument[] = ['docx', 'xlsx', 'csv', 'committee-report', 'position-statement']

export async function actionPlanRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/challenges/:id/action-plan',
    view: 'action-plan.njk',
    tags: TAGS,
    summary: 'The council’s action plan: responses, actions with RAG ratings, approval and publication',
    response: plan,
    load: planPage,
  })
  action(app, {
    path: '/challenges/:id/action-plan',
    tags: TAGS,
    summary: 'Start the action plan (once the report is final)',
    bodyOptional: true,
    body: z.object({}),
    response: started,
    api: { status: 201 },
    run: (req) => startPlan(req.ctx, id(req)),
    redirect: (req) => base(req),
    flash: () => 'Action plan started: respond to each recommendation and add actions',
    form: { view: 'action-plan.njk', load: planPage },
  })
  page(app, {
    path: '/challenges/:id/action-plan/responses/:recId',
    view: 'action-plan-response.njk',
    tags: TAGS,
    summary: 'A recommendation and the council’s response to it',
    response: responseForm,
    load: async (req) => {
      const data = await editablePlan(req)
      const rec = data.view!.recommendations.find((r) => r.id === intParam(req, 'recId'))
      if (!rec) throw AppError.notFound('Recommendation')
      return { ...data, recommendation: rec, values: { response: rec.response ?? '', reasons: rec.reasons } }
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/responses/:recId',
    api: { method: 'PUT', path: '/api/challenges/:id/action-plan/responses/:recId' },
    tags: TAGS,
    summary: 'Set the council’s response to a recommendation (reasons needed unless accepted)',
    body: responseSchema,
    response: ok,
    run: async (req) => {
      await setResponse(req.ctx, id(req), intParam(req, 'recId'), req.body)
      return { ok: true }
    },
    redirect: (req) => `${base(req)}#rec-${intParam(req, 'recId')}`,
    flash: () => 'Response saved',
    form: {
      view: 'action-plan-response.njk',
      load: async (req) => {
        const data = await editablePlan(req)
        return { ...data, recommendation: data.view!.recommendations.find((r) => r.id === intParam(req, 'recId')) }
      },
    },
  })
  page(app, {
    path: '/challenges/:id/action-plan/actions/new',
    view: 'action-plan-action-form.njk',
    tags: TAGS,
    summary: 'Form data for a new action',
    query: z.object({ rec: z.string().optional().meta({ description: 'A recommendation id to preselect' }) }),
    response: newActionForm,
    load: async (req) => {
      const data = await actionForm(req)
      const rec = Number((req.query as Record<string, string>)['rec']) || null
      return { ...data, values: { recommendationIds: rec ? [rec] : [] } }
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions',
    tags: TAGS,
    summary: 'Add an action serving one or more recommendations (milestones: one per line, "YYYY-MM-DD | what")',
    body: newActionSchema,
    response: actionAdded,
    api: { status: 201 },
    run: (req) => addAction(req.ctx, id(req), req.body),
    redirect: (req, r) => `${base(req)}/actions/${r.id}`,
    flash: (_req, r) => `Action ${r.number} added`,
    form: { view: 'action-plan-action-form.njk', load: actionForm },
  })
  page(app, {
    path: '/challenges/:id/action-plan/actions/:actionId',
    view: 'action-plan-action.njk',
    tags: TAGS,
    summary: 'An action: dates and their revisions, RAG and why, milestones, progress updates with evidence',
    response: actionDetail,
    load: actionPage,
  })
  page(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/edit',
    view: 'action-plan-action-form.njk',
    tags: TAGS,
    summary: 'An action, for editing (the target date is revised separately, with a reason)',
    response: actionEdit,
    load: async (req) => {
      await loadChallenge(req.ctx, id(req), 'edit-plan')
      const data = await actionPage(req)
      const a = data.action
      return {
        ...data,
        values: {
          ...a,
          milestones: a.milestones
            .map((m) => (m.dueDate ? `${formatDate(m.dueDate)} | ${m.title}` : m.title))
            .join('\n'),
        },
      }
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/edit',
    api: { method: 'PUT', path: '/api/challenges/:id/action-plan/actions/:actionId' },
    tags: TAGS,
    summary: 'Change an action (send the version you read)',
    body: editActionSchema,
    response: ok,
    run: async (req) => {
      await updateAction(req.ctx, id(req), actionId(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `${base(req)}/actions/${actionId(req)}`,
    flash: () => 'Action updated',
    form: {
      view: 'action-plan-action-form.njk',
      load: async (req) => ({ ...(await actionPage(req)), officers: await councilOfficers(req.ctx.db, id(req)) }),
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/remove',
    api: { method: 'DELETE', path: '/api/challenges/:id/action-plan/actions/:actionId' },
    tags: TAGS,
    summary: 'Remove an action added by mistake (draft plans only, no progress recorded)',
    response: ok,
    run: async (req) => {
      await removeAction(req.ctx, id(req), actionId(req))
      return { ok: true }
    },
    redirect: (req) => base(req),
    flash: () => 'Action removed',
    form: { view: 'action-plan-action.njk', load: actionPage },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/target',
    tags: TAGS,
    summary: 'Revise an action’s target date (the reason and the earlier date are kept)',
    body: reviseTargetSchema,
    response: ok,
    run: async (req) => {
      await reviseTarget(req.ctx, id(req), actionId(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `${base(req)}/actions/${actionId(req)}`,
    flash: () => 'Target date revised',
    form: { view: 'action-plan-action.njk', load: actionPage },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/override',
    tags: TAGS,
    summary: 'Set the RAG rating by hand with a reason, or clear it (rag empty)',
    body: overrideSchema,
    response: ok,
    run: async (req) => {
      await setOverride(req.ctx, id(req), actionId(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `${base(req)}/actions/${actionId(req)}`,
    flash: () => 'RAG rating saved',
    form: { view: 'action-plan-action.njk', load: actionPage },
  })
  action(app, {
    path: '/challenges/:id/action-plan/actions/:actionId/progress',
    tags: TAGS,
    summary:
      'Add a dated progress update with the action’s status (multipart with up to 5 evidence files, or JSON without files)',
    body: progressSchema,
    upload: {
      fields: progressSchema,
      files: 5,
      fileRequired: false,
      file: 'Up to 5 evidence files (20 MB each at most); milestonesDone: one milestone id per line',
    },
    response: progressAdded,
    api: { status: 201 },
    run: async (req) => {
      if (req.isMultipart()) {
        const { fields, files } = await multipartFiles(req, 5)
        return addProgress(
          req.ctx,
          id(req),
          actionId(req),
          { ...fields, milestonesDone: fields['milestonesDone']?.split('\n') ?? [] },
          files,
        )
      }
      return addProgress(req.ctx, id(req), actionId(req), req.body)
    },
    redirect: (req) => `${base(req)}/actions/${actionId(req)}`,
    flash: () => 'Progress update added',
    form: { view: 'action-plan-action.njk', load: actionPage },
  })
  download(app, {
    path: '/challenges/:id/action-plan/evidence/:evidenceId',
    tags: TAGS,
    summary: 'Download an evidence file of a progress update',
    types: ['*/*'],
    run: (req) => downloadEvidence(req.ctx, id(req), intParam(req, 'evidenceId')),
  })
  download(app, {
    path: '/challenges/:id/action-plan/download/:format',
    tags: TAGS,
    summary:
      'The plan as docx, xlsx or csv; the committee progress report (?body=cabinet&meetingDate=YYYY-MM-DD); the progress review position statement draft',
    params: { format: { type: 'string', enum: FORMATS } },
    query: committeeReportQuery,
    types: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ],
    run: async (req) => {
      const format = (req.params as { format: string }).format as PlanDocument
      if (!FORMATS.includes(format)) throw AppError.notFound()
      return planDocument(req.ctx, id(req), format, req.query)
    },
  })
  download(app, {
    path: '/challenges/:id/action-plan/snapshots/:snapshotId/download',
    tags: TAGS,
    summary: 'A snapshot of the plan as a Word table',
    public: true,
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    run: (req) => snapshotDocument(req.ctx, id(req), intParam(req, 'snapshotId')),
  })
  page(app, {
    path: '/challenges/:id/action-plan/governance',
    view: 'action-plan-governance.njk',
    tags: TAGS,
    summary: 'Meetings and decisions, snapshots, publication, documents and the spreadsheet round trip',
    response: plan,
    load: async (req) => ({ ...(await planPage(req)), values: {} }),
  })
  action(app, {
    path: '/challenges/:id/action-plan/meetings',
    tags: TAGS,
    summary:
      'Record a meeting (body, date, item, decision, resolution, link); optionally snapshot the plan or record its approval',
    body: meetingSchema,
    response: meetingRecorded,
    api: { status: 201 },
    run: (req) => recordMeeting(req.ctx, id(req), req.body),
    redirect: (req) => `${base(req)}/governance`,
    flash: (_req, r) => (r.snapshotId ? 'Meeting recorded with a snapshot of the plan' : 'Meeting recorded'),
    form: { view: 'action-plan-governance.njk', load: planPage },
  })
  action(app, {
    path: '/challenges/:id/action-plan/publication',
    tags: TAGS,
    summary:
      'Record that the report and/or the approved plan were published (date and web address); feeds the deadlines',
    body: publicationSchema,
    response: publicationRecorded,
    api: { status: 201 },
    run: (req) => recordPublication(req.ctx, id(req), req.body),
    redirect: (req) => `${base(req)}/governance`,
    flash: () => 'Publication recorded',
    form: { view: 'action-plan-governance.njk', load: planPage },
  })
  page(app, {
    path: '/challenges/:id/action-plan/snapshots/:snapshotId',
    view: 'action-plan-snapshot.njk',
    tags: TAGS,
    summary: 'A snapshot of the plan as reported or published (never changes)',
    public: true,
    response: snapshot,
    load: async (req) => {
      const s = await getSnapshot(req.ctx, id(req), intParam(req, 'snapshotId'))
      return { ...s, ...(await challengeHeader(req, 'action-plan')) }
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/import',
    tags: TAGS,
    summary:
      'Upload an edited plan workbook (.xlsx, multipart "file"): shows the changes and row errors before anything is applied',
    upload: { file: 'The plan workbook downloaded from this service, edited (.xlsx; 20 MB at most)' },
    response: workbookUploaded,
    api: { status: 201 },
    run: async (req) => {
      const { file } = await multipartUpload(req)
      return uploadPlanWorkbook(req.ctx, id(req), file)
    },
    redirect: (req, r) => `${base(req)}/import/${r.importId}`,
    form: { view: 'action-plan-governance.njk', load: planPage },
  })
  page(app, {
    path: '/challenges/:id/action-plan/import/:importId',
    view: 'action-plan-import.njk',
    tags: TAGS,
    summary: 'Preview of an uploaded workbook: what changes, and the rows with errors',
    response: planImport,
    load: async (req) => ({
      ...(await getPlanImport(req.ctx, id(req), intParam(req, 'importId'))),
      ...(await challengeHeader(req, 'action-plan')),
    }),
  })
  action(app, {
    path: '/challenges/:id/action-plan/import/:importId/apply',
    tags: TAGS,
    summary: 'Apply the previewed changes (rows with errors are skipped)',
    bodyOptional: true,
    body: z.object({}),
    response: importApplied,
    run: (req) => applyPlanImport(req.ctx, id(req), intParam(req, 'importId')),
    redirect: (req) => base(req),
    flash: (_req, r) =>
      `${r.applied} change${r.applied === 1 ? '' : 's'} applied${r.skipped ? `; ${r.skipped} row${r.skipped === 1 ? '' : 's'} with errors skipped` : ''}`,
    form: {
      view: 'action-plan-import.njk',
      load: async (req) => ({
        ...(await getPlanImport(req.ctx, id(req), intParam(req, 'importId'))),
        ...(await challengeHeader(req, 'action-plan')),
      }),
    },
  })
  action(app, {
    path: '/challenges/:id/action-plan/import/:importId/discard',
    tags: TAGS,
    summary: 'Discard an uploaded workbook without applying it',
    bodyOptional: true,
    body: z.object({}),
    response: ok,
    run: async (req) => {
      await discardPlanImport(req.ctx, id(req), intParam(req, 'importId'))
      return { ok: true }
    },
    redirect: (req) => `${base(req)}/governance`,
    flash: () => 'Upload discarded: nothing changed',
  })
  page(app, {
    path: '/councils/:code/improvement',
    view: 'council-improvement.njk',
    tags: TAGS,
    summary:
      'Public page of a council: its published peer challenge reports, action plans and progress reported to committees',
    public: true,
    response: improvement,
    load: (req) => councilImprovement(req.ctx, (req.params as { code: string }).code),
  })
}
