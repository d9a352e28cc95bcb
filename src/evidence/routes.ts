import type { FastifyInstance, FastifyRequest } from 'fastify'
import { action, intParam, page, typed } from '../web/routing.ts'
import { challengeHeader } from '../challenges/routes.ts'
import { addNote, deleteNote, getEvidence, getNote, noteSchema, updateNote } from './service.ts'
import { evidence, evidenceNote, evidenceQuery, noteId } from './presenters.ts'

const TAGS = ['evidence']
const id = (req: FastifyRequest) => intParam(req, 'id')
const evidencePage = async (req: FastifyRequest) => ({
  ...(await challengeHeader(req, 'evidence')),
  ...(await getEvidence(req.ctx, id(req), req.query as Record<string, string>)),
})
const notePage = async (req: FastifyRequest) => ({
  ...(await challengeHeader(req, 'evidence')),
  ...(await getNote(req.ctx, id(req), intParam(req, 'noteId'))),
})

export async function evidenceRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/challenges/:id/evidence',
    view: 'evidence.njk',
    tags: TAGS,
    summary:
      'The team’s notes (filter by theme, session, polarity) and coverage of themes by stakeholder groups, with gaps',
    query: evidenceQuery,
    response: evidence,
    load: evidencePage,
  })
  action(app, {
    path: '/challenges/:id/evidence',
    tags: TAGS,
    summary: 'Add a note, tagged to themes and as a strength, an area to improve or context',
    body: noteSchema,
    response: noteId,
    api: { status: 201 },
    run: (req) => addNote(req.ctx, id(req), req.body),
    redirect: (req) => `/challenges/${id(req)}/evidence#notes`,
    flash: () => 'Note added',
    form: { view: 'evidence.njk', load: evidencePage },
  })
  page(app, {
    path: '/challenges/:id/evidence/:noteId',
    view: 'evidence-note.njk',
    tags: TAGS,
    summary: 'One of your own notes, for editing',
    operationId: 'getChallengeEvidenceNote',
    response: evidenceNote,
    load: notePage,
  })
  action(app, {
    path: '/challenges/:id/evidence/:noteId',
    api: { method: 'PUT' },
    tags: TAGS,
    summary: 'Change one of your own notes',
    operationId: 'putChallengeEvidenceNote',
    body: noteSchema,
    response: noteId,
    run: (req) => updateNote(req.ctx, id(req), intParam(req, 'noteId'), req.body),
    redirect: (req) => `/challenges/${id(req)}/evidence#notes`,
    flash: () => 'Note saved',
    form: { view: 'evidence-note.njk', load: typed(notePage) },
  })
  action(app, {
    path: '/challenges/:id/evidence/:noteId/delete',
    api: { method: 'DELETE', path: '/api/challenges/:id/evidence/:noteId' },
    tags: TAGS,
    summary: 'Delete one of your own notes',
    operationId: 'deleteChallengeEvidenceNote',
    response: noteId,
    run: (req) => deleteNote(req.ctx, id(req), intParam(req, 'noteId')),
    redirect: (req) => `/challenges/${id(req)}/evidence#notes`,
    flash: () => 'Note deleted',
  })
}
