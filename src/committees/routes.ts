import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, page, typed } from '../web/routing.ts'
import { getCommitteeSettings, saveCommitteeSettings } from './service.ts'
import { committeeSettings, committeeSettingsSaved } from './presenters.ts'
import { settingsSchema } from './schemas.ts'

const code = (req: FastifyRequest) => (req.params as { code: string }).code
const TAGS = ['councils']

export async function committeeRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/councils/:code/committees',
    view: 'committee-settings.njk',
    tags: TAGS,
    summary:
      'A council’s committee settings: its committees and which approve the action plan, statutory officers, contact officer and the committee report template',
    response: committeeSettings,
    load: (req) => getCommitteeSettings(req.ctx, code(req)),
  })
  action(app, {
    path: '/councils/:code/committees',
    api: { method: 'PUT', path: '/api/councils/:code/committees' },
    tags: TAGS,
    summary:
      'Save a council’s committee settings (its own officers, or the programme office); send the version you read',
    body: settingsSchema,
    response: committeeSettingsSaved,
    run: (req) => saveCommitteeSettings(req.ctx, code(req), req.body),
    redirect: (req) => `/councils/${code(req).toUpperCase()}/committees`,
    flash: () => 'Committee settings saved',
    form: { view: 'committee-settings.njk', load: typed((req) => getCommitteeSettings(req.ctx, code(req))) },
  })
}
