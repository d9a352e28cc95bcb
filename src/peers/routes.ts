import { jobStarted } from '../jobs/presenters.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { action, download, intParam, page, typed } from '../web/routing.ts'
import { multipartUpload } from '../web/multipart.ts'
import { overrideSchema, peerSchema, relationshipSchema, unavailabilitySchema } from './schemas.ts'
import {
  POOL_COLUMNS,
  addOverride,
  addRelationship,
  addUnavailability,
  getPeer,
  importPool,
  listPool,
  peerForm,
  poolTemplate,
  removeRelationship,
  removeUnavailability,
  savePeer,
  withdrawOverride,
} from './service.ts'
import {
  acceptSchema,
  acceptRun,
  assemblyHome,
  editRun,
  getRun,
  listTeamRules,
  runAssembly,
  runSchema,
  saveTeamRules,
  swapSchema,
  teamRulesForm,
} from './assembly.ts'
import {
  assemblyOverview,
  assemblyRun,
  peer,
  peerEditor,
  peerSaved,
  pool,
  poolImported,
  poolImportForm,
  poolQuery,
  rulesSaved,
  runAccepted,
  runEdited,
  teamRulesEditor,
  teamRulesInput,
  teamRulesList,
} from './presenters.ts'
import { ok } from '../web/presenters.ts'
import { assertCan } from '../auth/policy.ts'

const POOL = ['peer pool']
const TEAMS = ['team assembly']

const id = (req: FastifyRequest) => intParam(req, 'id')
const item = (req: FastifyRequest) => intParam(req, 'itemId')
const code = (req: FastifyRequest) => (req.params as { code: string }).code
export async function peerRoutes(app: FastifyInstance): Promise<void> {
  // ---- The pool
  page(app, {
    path: '/peers',
    view: 'peers.njk',
    tags: POOL,
    summary: 'The peer pool, filtered (q, kind, party, expertise, role; all=yes includes people outside the pool)',
    query: poolQuery,
    response: pool,
    load: (req) => listPool(req.ctx, req.query as Record<string, string>),
  })
  page(app, {
    path: '/peers/new',
    view: 'peer-form.njk',
    tags: POOL,
    summary: 'Form data for a new peer profile',
    response: peerEditor,
    load: (req) => peerForm(req.ctx, null),
  })
  action(app, {
    path: '/peers',
    tags: POOL,
    summary: 'Add a peer to the pool',
    body: peerSchema,
    response: peerSaved,
    api: { status: 201 },
    run: (req) => savePeer(req.ctx, null, req.body),
    redirect: (_req, r) => `/peers/${r.id}`,
    flash: () => 'Peer added to the pool',
    form: { view: 'peer-form.njk', load: typed((req) => peerForm(req.ctx, null)) },
  })
  page(app, {
    path: '/peers/import',
    view: 'peers-import.njk',
    tags: POOL,
    summary: 'The pool import form: the columns a .csv or .xlsx file needs',
    response: poolImportForm,
    load: async (req) => {
      assertCan(req.ctx.actor, 'manage-pool')
      return { columns: POOL_COLUMNS }
    },
  })
  action(app, {
    path: '/peers/import',
    tags: POOL,
    summary:
      'Import peers from a .csv or .xlsx file (multipart "file"); every row is checked first and one bad row changes nothing',
    upload: { file: 'The pool (.csv or .xlsx; the columns of GET /api/peers/import; 20 MB at most)' },
    response: poolImported,
    api: { status: 201 },
    run: async (req) => {
      const { file } = await multipartUpload(req)
      return importPool(req.ctx, file)
    },
    redirect: () => '/peers',
    flash: (_req, r) =>
      `${r.rows} rows imported: ${r.created} new, ${r.updated} updated${r.unavailable ? `, ${r.unavailable} unavailable periods added` : ''}`,
    form: { view: 'peers-import.njk', load: async () => ({ columns: POOL_COLUMNS }) },
  })
  download(app, {
    path: '/peers/template.csv',
    tags: POOL,
    summary: 'A CSV template for the pool import, with an example row',
    types: ['text/csv'],
    run: async (req) => {
      assertCan(req.ctx.actor, 'manage-pool')
      return poolTemplate()
    },
  })
  page(app, {
    path: '/peers/:id',
    view: 'peer.njk',
    tags: POOL,
    summary: 'A peer’s profile, unavailable dates, declared interests, conflict overrides and teams',
    response: peer,
    load: (req) => getPeer(req.ctx, id(req)),
  })
  page(app, {
    path: '/peers/:id/edit',
    view: 'peer-form.njk',
    tags: POOL,
    summary: 'Form data to edit a peer profile',
    response: peerEditor,
    load: (req) => peerForm(req.ctx, id(req)),
  })
  action(app, {
    path: '/peers/:id/edit',
    api: { method: 'PUT', path: '/api/peers/:id' },
    tags: POOL,
    summary: 'Change a peer profile (send the version you read)',
    body: peerSchema,
    response: peerSaved,
    run: (req) => savePeer(req.ctx, id(req), req.body),
    redirect: (req) => `/peers/${id(req)}`,
    flash: () => 'Profile saved',
    form: { view: 'peer-form.njk', load: typed((req) => peerForm(req.ctx, id(req))) },
  })
  const peerPage = { view: 'peer.njk', load: (req: FastifyRequest) => getPeer(req.ctx, id(req)) }
  action(app, {
    path: '/peers/:id/unavailable',
    tags: POOL,
    summary: 'Add dates the peer is unavailable (the peer or the programme office)',
    body: unavailabilitySchema,
    response: ok,
    api: { status: 201 },
    run: (req) => addUnavailability(req.ctx, id(req), req.body),
    redirect: (req) => `/peers/${id(req)}#unavailable`,
    flash: () => 'Unavailable dates added',
    form: peerPage,
  })
  action(app, {
    path: '/peers/:id/unavailable/:itemId/remove',
    api: { method: 'DELETE', path: '/api/peers/:id/unavailable/:itemId' },
    tags: POOL,
    summary: 'Remove unavailable dates',
    response: ok,
    run: (req) => removeUnavailability(req.ctx, id(req), item(req)),
    redirect: (req) => `/peers/${id(req)}#unavailable`,
    flash: () => 'Unavailable dates removed',
  })
  action(app, {
    path: '/peers/:id/relationships',
    tags: POOL,
    summary: 'Declare a relationship with a council (employer, personal, political), with dates',
    body: relationshipSchema,
    response: ok,
    api: { status: 201 },
    run: (req) => addRelationship(req.ctx, id(req), req.body),
    redirect: (req) => `/peers/${id(req)}#interests`,
    flash: () => 'Relationship recorded',
    form: peerPage,
  })
  action(app, {
    path: '/peers/:id/relationships/:itemId/remove',
    api: { method: 'DELETE', path: '/api/peers/:id/relationships/:itemId' },
    tags: POOL,
    summary: 'Remove a declared relationship',
    response: ok,
    run: (req) => removeRelationship(req.ctx, id(req), item(req)),
    redirect: (req) => `/peers/${id(req)}#interests`,
    flash: () => 'Relationship removed',
  })
  action(app, {
    path: '/peers/:id/overrides',
    tags: POOL,
    summary: 'Override one type of conflict for one council, with the reason (programme office)',
    body: overrideSchema,
    response: ok,
    api: { status: 201 },
    run: (req) => addOverride(req.ctx, id(req), req.body),
    redirect: (req) => `/peers/${id(req)}#overrides`,
    flash: () => 'Conflict overridden',
    form: peerPage,
  })
  action(app, {
    path: '/peers/:id/overrides/:itemId/withdraw',
    tags: POOL,
    summary: 'Withdraw a conflict override (it stays in the history)',
    bodyOptional: true,
    body: z.object({}),
    response: ok,
    run: (req) => withdrawOverride(req.ctx, id(req), item(req)),
    redirect: (req) => `/peers/${id(req)}#overrides`,
    flash: () => 'Override withdrawn',
  })

  // ---- Team rules
  page(app, {
    path: '/team-rules',
    view: 'team-rules.njk',
    tags: TEAMS,
    summary: 'Team rules per review type (current versions and history)',
    public: true,
    response: teamRulesList,
    load: (req) => listTeamRules(req.ctx),
  })
  page(app, {
    path: '/team-rules/:code/edit',
    view: 'team-rules-edit.njk',
    tags: TEAMS,
    summary: 'Form data to change a review type’s team rules',
    response: teamRulesEditor,
    load: (req) => teamRulesForm(req.ctx, code(req)),
  })
  action(app, {
    path: '/team-rules/:code/edit',
    api: { method: 'PUT', path: '/api/team-rules/:code' },
    tags: TEAMS,
    summary: 'Save a new version of the team rules: the form’s fields, or { rules, note, version } with the full rules',
    body: teamRulesInput,
    response: rulesSaved,
    run: (req) => saveTeamRules(req.ctx, code(req), req.body),
    redirect: () => '/team-rules',
    flash: (_req, r) => `Team rules saved as version ${r.version}`,
    form: { view: 'team-rules-edit.njk', load: (req) => teamRulesForm(req.ctx, code(req)) },
  })

  // ---- Assembler
  page(app, {
    path: '/assembly',
    view: 'assembly.njk',
    tags: TEAMS,
    summary: 'Challenges needing a team, and recent proposals',
    response: assemblyOverview,
    load: (req) => assemblyHome(req.ctx),
  })
  action(app, {
    path: '/assembly',
    tags: TEAMS,
    summary:
      'Run the assembler (HiGHS) for one challenge (scope=challenge, challengeId) or a window (scope=window, quarter or from/to), as a background job: answers at once with the job, whose page shows progress and then links to the proposal',
    body: runSchema,
    response: jobStarted,
    api: { status: 202 },
    run: (req) => runAssembly(req.ctx, req.body),
    redirect: (_req, r) => r.path,
    flash: () => 'Finding teams: this page shows how it is going',
    form: { view: 'assembly.njk', load: typed((req) => assemblyHome(req.ctx)) },
  })
  page(app, {
    path: '/assembly/:id',
    view: 'assembly-run.njk',
    tags: TEAMS,
    summary:
      'A proposal: teams with the reasons for each pick, alternates, the checker’s findings and the solver’s figures',
    response: assemblyRun,
    load: (req) => getRun(req.ctx, id(req)),
  })
  action(app, {
    path: '/assembly/:id/edit',
    tags: TEAMS,
    summary: 'Edit a proposal: remove and/or add a peer on a place; every rule is re-checked',
    body: swapSchema,
    response: runEdited,
    run: (req) => editRun(req.ctx, id(req), req.body),
    redirect: (req) => `/assembly/${id(req)}#challenge-${(req.body as { challengeId?: string }).challengeId ?? ''}`,
    flash: (_req, r) =>
      r.problems.length
        ? `Proposal changed: ${r.problems.length} rule${r.problems.length === 1 ? ' is' : 's are'} now broken`
        : 'Proposal changed: every rule holds',
    form: { view: 'assembly-run.njk', load: (req) => getRun(req.ctx, id(req)) },
  })
  action(app, {
    path: '/assembly/:id/accept',
    tags: TEAMS,
    summary: 'Accept the proposed teams (all, or challengeId): the picks join the challenges’ teams',
    body: acceptSchema,
    response: runAccepted,
    run: (req) => acceptRun(req.ctx, id(req), req.body),
    redirect: (req) => `/assembly/${id(req)}`,
    flash: (_req, r) => `Team${r.accepted.length === 1 ? '' : 's'} accepted for ${r.accepted.join(', ')}`,
    form: { view: 'assembly-run.njk', load: (req) => getRun(req.ctx, id(req)) },
  })
}
