import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../common/errors.ts'
import { z } from 'zod'
import { action, download, intParam, page, typed } from '../web/routing.ts'
import { getReviewType, listFrameworks, listReviewTypes } from '../frameworks/repo.ts'
import { stageLabel } from '../frameworks/workflow.ts'
import { abilities, type Abilities } from '../auth/policy.ts'
import {
  addRecommendation,
  addTeamMember,
  createChallenge,
  deleteRecommendation,
  downloadDocument,
  getChallenge,
  getHistory,
  listChallenges,
  listPeople,
  newChallengeOptions,
  removeTeamMember,
  saveThemeQuestions,
  themeQuestionsForm,
  updateChallenge,
  updateRecommendation,
  uploadDocument,
} from './service.ts'
import { correctEvent, getEventForm, recordEvent, transition, withdrawEvent } from './lifecycle.ts'
import { loadChallenge } from './access.ts'
import {
  correctStatedDate,
  getStatedDateForm,
  recordStatedDate,
  statedDateCorrectionSchema,
  statedDateSchema,
  statedDateWithdrawalSchema,
  withdrawStatedDate,
} from './stated-dates.ts'
import {
  createChallengeSchema,
  eventCorrectionSchema,
  eventSchema,
  eventWithdrawalSchema,
  recommendationSchema,
  teamMemberSchema,
  themeQuestionsSchema,
  transitionSchema,
  updateChallengeSchema,
} from './schemas.ts'
import { multipartUpload } from '../web/multipart.ts'
import {
  challenge,
  challengeEdit,
  challengeFilters,
  challengeHistory,
  eventForm,
  historyQuery,
  themeQuestions,
  challenges,
  challengeTeam,
  created,
  createdId,
  documentKind,
  newChallenge,
  newRecommendation,
  ok,
  recommendationEdit,
  statedDateForm,
  uploaded,
} from './presenters.ts'

const id = (req: FastifyRequest) => intParam(req, 'id')

/** The challenge's tabs: each shown when the policy lets the actor see what it holds. */
const tabs = (c: { id: number }, current: string, a: Abilities) =>
  [
    { text: 'Overview', href: `/challenges/${c.id}`, key: 'overview' },
    a.viewPrivate ? { text: 'Team', href: `/challenges/${c.id}/team`, key: 'team' } : null,
    { text: 'Scope', href: `/challenges/${c.id}/scope`, key: 'scope' },
    a.viewPrivate ? { text: 'On site', href: `/challenges/${c.id}/visit`, key: 'visit' } : null,
    a.evidence ? { text: 'Evidence', href: `/challenges/${c.id}/evidence`, key: 'evidence' } : null,
    { text: 'Report', href: `/challenges/${c.id}/report`, key: 'report' },
    { text: 'Recommendations', href: `/challenges/${c.id}/recommendations`, key: 'recommendations' },
    { text: 'Documents', href: `/challenges/${c.id}/documents`, key: 'documents' },
    a.viewPlan ? { text: 'Action plan', href: `/challenges/${c.id}/action-plan`, key: 'action-plan' } : null,
    a.viewHistory ? { text: 'History', href: `/challenges/${c.id}/history`, key: 'history' } : null,
  ]
    .filter((t): t is { text: string; href: string; key: string } => !!t)
    .map((t) => ({ text: t.text, href: t.href, active: t.key === current }))

/** A tab of the challenge page; `need` is what the policy must allow for the tab to exist for this actor. */
async function challengePage(
  req: FastifyRequest,
  tab: string,
  need?: 'view-private' | 'edit' | 'edit-recommendations',
) {
  if (need) await loadChallenge(req.ctx, id(req), need)
  const data = await getChallenge(req.ctx, id(req))
  return { ...data, tab, tabs: tabs(data.challenge, tab, data.abilities) }
}

/** What the challenge header and its tabs need, for pages of other domains under /challenges/:id. */
export async function challengeHeader(req: FastifyRequest, tab: string) {
  const { ch, facts } = await loadChallenge(req.ctx, id(req), 'view')
  const type = (await getReviewType(req.ctx.db, ch.reviewType))!
  return {
    challenge: { ...ch, stageLabel: stageLabel(type.workflow, ch.stage) },
    // apart from `challenge`, which a page's own data may replace with a row without the label
    stageCaption: stageLabel(type.workflow, ch.stage),
    reviewType: { code: type.code, name: type.name, shortName: type.shortName },
    tab,
    tabs: tabs(ch, tab, abilities(req.actor, facts)),
  }
}

export async function challengeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/challenges',
    view: 'challenges.njk',
    cache: true,
    tags: ['challenges'],
    summary: 'Peer challenges the user can see (the public sees published ones), with filters',
    public: true,
    query: challengeFilters,
    response: challenges,
    load: async (req) => {
      const q = (req.query ?? {}) as Record<string, string>
      const filters = {
        stage: q['stage'] ?? '',
        type: q['type'] ?? '',
        year: q['year'] ?? '',
        council: q['council'] ?? '',
      }
      const reviewTypes = await listReviewTypes(req.ctx.db)
      const stages = [
        ...new Map(
          reviewTypes.flatMap((t) => t.workflow.stages).map((s) => [s.key, { key: s.key, label: s.label }]),
        ).values(),
      ]
      return { items: await listChallenges(req.ctx, filters), filters, reviewTypes, stages }
    },
  })
  page(app, {
    path: '/challenges/new',
    view: 'challenge-new.njk',
    tags: ['challenges'],
    summary: 'Options for a new challenge: councils, review types, frameworks, possible original challenges',
    response: newChallenge,
    load: async (req) => ({ ...(await newChallengeOptions(req.ctx)), values: req.query ?? {} }),
  })
  action(app, {
    path: '/challenges',
    tags: ['challenges'],
    summary: 'Create a challenge',
    body: createChallengeSchema,
    response: created,
    api: { status: 201 },
    run: (req) => createChallenge(req.ctx, req.body),
    redirect: (_req, r) => `/challenges/${r.id}`,
    flash: (_req, r) =>
      `Challenge ${r.reference} created${r.warnings.length ? `. Check its dates: ${r.warnings.map((w) => w.message).join(' ')}` : ''}`,
    form: { view: 'challenge-new.njk', load: async (req) => newChallengeOptions(req.ctx) },
  })
  page(app, {
    path: '/challenges/:id',
    view: 'challenge.njk',
    cache: true,
    tags: ['challenges'],
    summary: 'A challenge: stage timeline, deadlines, summary',
    public: true,
    response: challenge,
    load: (req) => challengePage(req, 'overview'),
  })
  page(app, {
    path: '/challenges/:id/team',
    view: 'challenge-team.njk',
    tags: ['challenges'],
    summary: 'The peer team',
    response: challengeTeam,
    load: async (req) => {
      const data = await challengePage(req, 'team', 'view-private')
      return { ...data, people: data.abilities.manageTeam ? await listPeople(req.ctx) : [] }
    },
  })
  page(app, {
    path: '/challenges/:id/scope',
    view: 'challenge-scope.njk',
    cache: true,
    tags: ['challenges'],
    summary: 'Scope: the framework’s themes and the council’s focus areas',
    public: true,
    response: challenge,
    load: (req) => challengePage(req, 'scope'),
  })
  const questionsPage = async (req: FastifyRequest) => ({
    ...(await challengeHeader(req, 'scope')),
    ...(await themeQuestionsForm(req.ctx, id(req))),
  })
  page(app, {
    path: '/challenges/:id/scope/questions',
    view: 'challenge-questions.njk',
    tags: ['challenges'],
    summary: 'The council’s own questions under each theme (agreed at scoping), to change',
    errors: [409],
    response: themeQuestions,
    load: questionsPage,
  })
  action(app, {
    path: '/challenges/:id/scope/questions',
    api: { method: 'PUT', path: '/api/challenges/:id/scope/questions' },
    tags: ['challenges'],
    summary: 'Set the council’s own questions under each theme: q-<theme key>, one question a line (or a list)',
    body: themeQuestionsSchema,
    response: ok,
    run: async (req) => {
      await saveThemeQuestions(req.ctx, id(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}/scope`,
    flash: () => 'The council’s questions are saved',
    form: { view: 'challenge-questions.njk', load: typed(questionsPage) },
  })
  page(app, {
    path: '/challenges/:id/recommendations',
    view: 'challenge-recommendations.njk',
    tags: ['challenges'],
    summary: 'Key and per-theme recommendations',
    public: true,
    response: challenge,
    load: (req) => challengePage(req, 'recommendations'),
  })
  page(app, {
    path: '/challenges/:id/documents',
    view: 'challenge-documents.njk',
    tags: ['challenges'],
    summary: 'Documents and their versions',
    public: true,
    response: challenge,
    load: (req) => challengePage(req, 'documents'),
  })
  page(app, {
    path: '/challenges/:id/history',
    view: 'challenge-history.njk',
    // the audit log, the names it shows and the challenge are tracked tables; the actor and the day are in the key
    cache: true,
    tags: ['challenges'],
    summary: 'The changes to this challenge that the user may see, newest first, 20 a page (?page=N)',
    query: historyQuery,
    response: challengeHistory,
    load: async (req) => {
      const history = await getHistory(req.ctx, id(req), req.query as { page?: string })
      return { ...(await challengeHeader(req, 'history')), history }
    },
  })
  page(app, {
    path: '/challenges/:id/edit',
    view: 'challenge-edit.njk',
    tags: ['challenges'],
    summary: 'Current values for editing dates, framework, focus areas and notes',
    response: challengeEdit,
    load: async (req) => {
      const data = await challengePage(req, 'overview', 'edit')
      return {
        ...data,
        frameworks: (await listFrameworks(req.ctx.db)).filter((f) => f.reviewType === data.reviewType.code),
      }
    },
  })
  action(app, {
    path: '/challenges/:id/edit',
    api: { method: 'PUT', path: '/api/challenges/:id' },
    tags: ['challenges'],
    summary: 'Update dates, framework, focus areas and notes (send the version you read)',
    body: updateChallengeSchema,
    response: ok,
    run: async (req) => {
      await updateChallenge(req.ctx, id(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}`,
    flash: () => 'Challenge updated',
    form: {
      view: 'challenge-edit.njk',
      load: async (req) => {
        const data = await challengePage(req, 'overview')
        return {
          ...data,
          frameworks: (await listFrameworks(req.ctx.db)).filter((f) => f.reviewType === data.reviewType.code),
        }
      },
    },
  })
  action(app, {
    path: '/challenges/:id/stage',
    tags: ['challenges'],
    summary: 'Move the challenge to another stage (allowed transitions only)',
    body: transitionSchema,
    response: ok,
    run: async (req) => {
      await transition(req.ctx, id(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}`,
    flash: () => 'Stage changed',
    form: { view: 'challenge.njk', load: (req) => challengePage(req, 'overview') },
  })
  action(app, {
    path: '/challenges/:id/events',
    tags: ['challenges'],
    summary:
      'Record a dated event (report or action plan published, position statement received, ...): who may record which, and when, is the workflow’s data',
    body: eventSchema,
    response: createdId,
    api: { status: 201 },
    run: (req) => recordEvent(req.ctx, id(req), req.body),
    redirect: (req) => `/challenges/${id(req)}`,
    flash: () => 'Date recorded',
    form: { view: 'challenge.njk', load: (req) => challengePage(req, 'overview') },
  })
  page(app, {
    path: '/challenges/:id/events/:eventId',
    view: 'challenge-event.njk',
    tags: ['challenges'],
    summary: 'A recorded date, to correct or withdraw (with a reason)',
    response: eventForm,
    load: async (req) => ({
      ...(await challengeHeader(req, 'overview')),
      ...(await getEventForm(req.ctx, id(req), intParam(req, 'eventId'))),
    }),
  })
  const eventFormPage = {
    view: 'challenge-event.njk',
    load: async (req: FastifyRequest) => {
      const { values: _stored, ...data } = await getEventForm(req.ctx, id(req), intParam(req, 'eventId'))
      return { ...(await challengeHeader(req, 'overview')), ...data }
    },
  }
  action(app, {
    path: '/challenges/:id/events/:eventId',
    api: { method: 'PUT', path: '/api/challenges/:id/events/:eventId' },
    tags: ['challenges'],
    summary: 'Correct a recorded date (its date, place or note), giving the reason',
    body: eventCorrectionSchema,
    response: ok,
    run: async (req) => {
      await correctEvent(req.ctx, id(req), intParam(req, 'eventId'), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}`,
    flash: () => 'Date corrected',
    form: eventFormPage,
  })
  action(app, {
    path: '/challenges/:id/events/:eventId/withdraw',
    tags: ['challenges'],
    summary: 'Withdraw a date recorded in error, giving the reason',
    body: eventWithdrawalSchema,
    response: ok,
    run: async (req) => {
      // The page's withdrawal form names its field withdraw-reason (the correction form beside it has a reason too).
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
      const withdrawForm = 'withdraw-reason' in body
      try {
        await withdrawEvent(
          req.ctx,
          id(req),
          intParam(req, 'eventId'),
          withdrawForm ? { reason: body['withdraw-reason'] } : body,
        )
      } catch (e) {
        if (withdrawForm && e instanceof AppError && e.fields['reason'])
          throw AppError.validation({ 'withdraw-reason': e.fields['reason'] })
        throw e
      }
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}`,
    flash: () => 'Date withdrawn',
    form: eventFormPage,
  })
  action(app, {
    path: '/challenges/:id/stated-dates',
    tags: ['challenges'],
    summary:
      'Record a due date stated in a document ("the next peer challenge before November 2021"; a day or a month): it counts instead of the rule’s date, and the deadline shows both',
    body: statedDateSchema,
    response: createdId,
    api: { status: 201 },
    run: (req) => recordStatedDate(req.ctx, id(req), req.body),
    redirect: (req) => `/challenges/${id(req)}#deadlines`,
    flash: () => 'Stated date recorded',
    form: { view: 'challenge.njk', load: (req) => challengePage(req, 'overview') },
  })
  page(app, {
    path: '/challenges/:id/stated-dates/:statedId',
    view: 'challenge-stated-date.njk',
    tags: ['challenges'],
    summary: 'A due date stated in a document, to correct or withdraw (with a reason)',
    response: statedDateForm,
    load: async (req) => ({
      ...(await challengeHeader(req, 'overview')),
      ...(await getStatedDateForm(req.ctx, id(req), intParam(req, 'statedId'))),
    }),
  })
  const statedFormPage = {
    view: 'challenge-stated-date.njk',
    load: async (req: FastifyRequest) => {
      const { values: _stored, ...data } = await getStatedDateForm(req.ctx, id(req), intParam(req, 'statedId'))
      return { ...(await challengeHeader(req, 'overview')), ...data }
    },
  }
  action(app, {
    path: '/challenges/:id/stated-dates/:statedId',
    api: { method: 'PUT', path: '/api/challenges/:id/stated-dates/:statedId' },
    tags: ['challenges'],
    summary: 'Correct a stated date (the date, where it is stated, the note), giving the reason',
    body: statedDateCorrectionSchema,
    response: ok,
    run: async (req) => {
      await correctStatedDate(req.ctx, id(req), intParam(req, 'statedId'), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}#deadlines`,
    flash: () => 'Stated date corrected',
    form: statedFormPage,
  })
  action(app, {
    path: '/challenges/:id/stated-dates/:statedId/withdraw',
    tags: ['challenges'],
    summary: 'Withdraw a stated date recorded in error, giving the reason: the rule’s own date counts again',
    body: statedDateWithdrawalSchema,
    response: ok,
    run: async (req) => {
      // The page's withdrawal form names its field withdraw-reason (the correction form beside it has a reason too).
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>
      const withdrawForm = 'withdraw-reason' in body
      try {
        await withdrawStatedDate(
          req.ctx,
          id(req),
          intParam(req, 'statedId'),
          withdrawForm ? { reason: body['withdraw-reason'] } : body,
        )
      } catch (e) {
        if (withdrawForm && e instanceof AppError && e.fields['reason'])
          throw AppError.validation({ 'withdraw-reason': e.fields['reason'] })
        throw e
      }
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}#deadlines`,
    flash: () => 'Stated date withdrawn: the rule’s date counts again',
    form: statedFormPage,
  })
  action(app, {
    path: '/challenges/:id/team',
    tags: ['challenges'],
    summary: 'Add a person to the team (from the pool by personId, or a new person)',
    body: teamMemberSchema,
    response: ok,
    api: { status: 201 },
    run: async (req) => {
      await addTeamMember(req.ctx, id(req), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}/team`,
    flash: () => 'Team member added',
    form: {
      view: 'challenge-team.njk',
      load: async (req) => ({
        ...(await challengePage(req, 'team', 'view-private')),
        people: await listPeople(req.ctx),
      }),
    },
  })
  action(app, {
    path: '/challenges/:id/team/:memberId/remove',
    api: { method: 'DELETE', path: '/api/challenges/:id/team/:memberId' },
    tags: ['challenges'],
    summary: 'Remove a person from the team',
    response: ok,
    run: async (req) => {
      await removeTeamMember(req.ctx, id(req), intParam(req, 'memberId'))
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}/team`,
    flash: () => 'Team member removed',
  })
  page(app, {
    path: '/challenges/:id/recommendations/new',
    view: 'recommendation-form.njk',
    tags: ['challenges'],
    summary: 'Form data for a new recommendation',
    query: z.object({ kind: z.enum(['key', 'theme']).optional(), theme: z.string().optional() }),
    response: newRecommendation,
    errors: [409],
    load: async (req) => {
      const data = await challengePage(req, 'recommendations', 'edit-recommendations')
      return {
        ...data,
        values: {
          kind: (req.query as Record<string, string>)['kind'] ?? 'key',
          themeKey: (req.query as Record<string, string>)['theme'] ?? '',
        },
      }
    },
  })
  action(app, {
    path: '/challenges/:id/recommendations',
    tags: ['challenges'],
    summary: 'Add a recommendation (numbered next in its list unless a number is given)',
    body: recommendationSchema,
    api: { status: 201 },
    response: createdId,
    run: async (req) => ({ id: await addRecommendation(req.ctx, id(req), req.body) }),
    redirect: (req) => `/challenges/${id(req)}/recommendations`,
    flash: () => 'Recommendation added',
    form: { view: 'recommendation-form.njk', load: (req) => challengePage(req, 'recommendations') },
  })
  page(app, {
    path: '/challenges/:id/recommendations/:recId/edit',
    view: 'recommendation-form.njk',
    tags: ['challenges'],
    summary: 'A recommendation, for editing',
    response: recommendationEdit,
    errors: [409],
    load: async (req) => {
      const data = await challengePage(req, 'recommendations', 'edit-recommendations')
      const recId = intParam(req, 'recId')
      const rec = [...data.keyRecommendations, ...data.themes.flatMap((t) => t.recommendations)].find(
        (r) => r.id === recId,
      )
      if (!rec) throw AppError.notFound('Recommendation')
      return { ...data, recommendation: rec, values: rec }
    },
  })
  action(app, {
    path: '/challenges/:id/recommendations/:recId/edit',
    api: { method: 'PUT', path: '/api/challenges/:id/recommendations/:recId' },
    tags: ['challenges'],
    summary: 'Change a recommendation (refused once the report is final)',
    body: recommendationSchema,
    response: ok,
    run: async (req) => {
      await updateRecommendation(req.ctx, id(req), intParam(req, 'recId'), req.body)
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}/recommendations`,
    flash: () => 'Recommendation updated',
    form: {
      view: 'recommendation-form.njk',
      load: async (req) => ({
        ...(await challengePage(req, 'recommendations')),
        recommendation: { id: intParam(req, 'recId') },
      }),
    },
  })
  action(app, {
    path: '/challenges/:id/recommendations/:recId/delete',
    api: { method: 'DELETE', path: '/api/challenges/:id/recommendations/:recId' },
    tags: ['challenges'],
    summary: 'Delete a recommendation (refused once the report is final)',
    response: ok,
    run: async (req) => {
      await deleteRecommendation(req.ctx, id(req), intParam(req, 'recId'))
      return { ok: true }
    },
    redirect: (req) => `/challenges/${id(req)}/recommendations`,
    flash: () => 'Recommendation deleted',
  })
  action(app, {
    path: '/challenges/:id/documents',
    tags: ['challenges'],
    summary: 'Upload a document or a new version of one (multipart: kind, title, documentId, note, file)',
    upload: {
      fields: z.object({
        kind: documentKind.optional().meta({ description: 'For a new document' }),
        title: z.string().optional(),
        documentId: z.string().optional().meta({ description: 'For a new version of a document' }),
        note: z.string().optional(),
      }),
      file: 'The document (PDF, Word, Excel, PowerPoint, text, CSV or an image; 20 MB at most)',
    },
    response: uploaded,
    api: { status: 201 },
    run: async (req) => {
      const { fields, file } = await multipartUpload(req)
      return uploadDocument(req.ctx, id(req), fields, file)
    },
    redirect: (req) => `/challenges/${id(req)}/documents`,
    flash: (_req, r) => `Document uploaded (version ${r.version})`,
    form: { view: 'challenge-documents.njk', load: (req) => challengePage(req, 'documents') },
  })
  download(app, {
    path: '/challenges/:id/documents/:versionId/download',
    tags: ['challenges'],
    summary: 'Download a document version',
    public: true,
    types: ['*/*'],
    run: (req) => downloadDocument(req.ctx, id(req), intParam(req, 'versionId')),
  })
}
