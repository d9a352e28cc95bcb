import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { page } from '../web/routing.ts'
import { glossary } from './content.ts'

/** Help and the service's own pages (guidance, glossary, accessibility, privacy, cookies, contact), linked from the footer. */
const STATIC_PAGES: { path: string; view: string; title: string; summary: string }[] = [
  { path: '/help', view: 'help.njk', title: 'Help and guidance', summary: 'How to use the service, by role' },
  {
    path: '/help/accessibility',
    view: 'accessibility.njk',
    title: 'Accessibility statement',
    summary: 'How accessible the service is and how to report a problem',
  },
  {
    path: '/help/privacy',
    view: 'privacy.njk',
    title: 'Privacy notice',
    summary: 'What personal data the service holds and why',
  },
  { path: '/help/cookies', view: 'cookies.njk', title: 'Cookies', summary: 'The cookies the service sets' },
  { path: '/help/contact', view: 'contact.njk', title: 'Contact', summary: 'Who to contact for help' },
]

const helpPage = z.object({ title: z.string() })

export async function helpRoutes(app: FastifyInstance): Promise<void> {
  for (const p of STATIC_PAGES)
    page(app, {
      path: p.path,
      view: p.view,
      tags: ['help'],
      summary: p.summary,
      public: true,
      response: helpPage,
      load: async () => ({ title: p.title }),
    })
  page(app, {
    path: '/help/glossary',
    view: 'glossary.njk',
    tags: ['help'],
    summary: 'The terms the service uses (PCM, FPC, RAG…) and the RAG rules in force',
    public: true,
    response: z.object({
      title: z.string(),
      version: z.string(),
      source: z.string(),
      terms: z.array(z.object({ term: z.string(), meaning: z.string() })),
      rag: z
        .object({
          ruleset: z.string(),
          effectiveFrom: z.string(),
          key: z.array(z.object({ key: z.string(), label: z.string(), meaning: z.string() })),
          rules: z.array(z.object({ rag: z.string(), reason: z.string() })),
        })
        .nullable(),
    }),
    load: async (req) => ({ title: 'Glossary', ...glossary(req.ctx.clock.today()) }),
  })
}
