import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, intParam, page } from '../web/routing.ts'
import { ok } from '../web/presenters.ts'
import {
  overrideBody,
  recommendationThemesView,
  repeatFindingsView,
  themeTrendsView,
  trendsQueryDoc,
} from './presenters.ts'
import { clearOverride, overrideThemes, recommendationThemes, repeatFindings, themeTrends } from './service.ts'

const code = (req: FastifyRequest) => (req.params as { code: string }).code
const recPath = (req: FastifyRequest) =>
  `/challenges/${intParam(req, 'id')}/recommendations/${intParam(req, 'recId')}/themes`

export async function themeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/library/themes',
    view: 'theme-trends.njk',
    tags: ['library'],
    summary:
      'Recommendation themes: how many recommendations have each theme, by year of the visit, council type or region (what the actor may read), and the taxonomy',
    public: true,
    query: trendsQueryDoc,
    response: themeTrendsView,
    load: (req) => themeTrends(req.ctx, req.query),
  })
  page(app, {
    path: '/challenges/:id/recommendations/:recId/themes',
    view: 'recommendation-themes.njk',
    tags: ['library'],
    summary: 'A recommendation’s themes: those in force, what the classifier assigned and why, and any override',
    public: true,
    response: recommendationThemesView,
    load: (req) => recommendationThemes(req.ctx, intParam(req, 'id'), intParam(req, 'recId')),
  })
  action(app, {
    path: '/challenges/:id/recommendations/:recId/themes',
    api: { method: 'PUT' },
    tags: ['library'],
    summary:
      'Override a recommendation’s themes (the programme office), with a reason; the override wins and is audited',
    body: overrideBody,
    response: ok,
    run: (req) => overrideThemes(req.ctx, intParam(req, 'id'), intParam(req, 'recId'), req.body),
    redirect: (req) => recPath(req),
    flash: () => 'Themes changed',
    form: {
      view: 'recommendation-themes.njk',
      load: (req) => recommendationThemes(req.ctx, intParam(req, 'id'), intParam(req, 'recId')),
    },
  })
  action(app, {
    path: '/challenges/:id/recommendations/:recId/themes/override/delete',
    api: { method: 'DELETE', path: '/api/challenges/:id/recommendations/:recId/themes/override' },
    tags: ['library'],
    summary: 'Remove the override of a recommendation’s themes: the classifier’s are in force again (audited)',
    bodyOptional: true,
    response: ok,
    run: (req) => clearOverride(req.ctx, intParam(req, 'id'), intParam(req, 'recId')),
    redirect: (req) => recPath(req),
    flash: () => 'The classifier’s themes are in force again',
  })
  page(app, {
    path: '/councils/:code/repeat-findings',
    view: 'repeat-findings.njk',
    tags: ['councils'],
    summary:
      'Repeat findings: each later review’s recommendations paired with the most similar earlier ones (similarity and shared words), whether the earlier action plan closed them; councils given similar recommendations and councils like this one',
    public: true,
    response: repeatFindingsView,
    load: (req) => repeatFindings(req.ctx, code(req)),
  })
}
