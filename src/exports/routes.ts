import type { FastifyInstance, FastifyRequest } from 'fastify'
import { download } from '../web/routing.ts'
import { listChallenges } from '../challenges/service.ts'
import { listCouncils } from '../councils/service.ts'
import { listPool } from '../peers/service.ts'
import { tableFile, workbookFile, type Column } from './tables.ts'
import { challengeFilters } from '../challenges/presenters.ts'
import { councilFilterSchema } from '../councils/service.ts'
import { poolQuery } from '../peers/presenters.ts'
import { councilExport } from './council-export.ts'
import { CALENDAR_STATUS, programmeOverview } from '../programme/service.ts'
import { dueIn } from '../common/periods.ts'

/**
 * Lists as CSV and Excel: the challenge list, the council register and the peer pool, each through the same service
 * (so the same policy scope and permission) as its page, with the page's filters. Nothing here decides who sees what.
 */
const TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']
const fmt = (req: FastifyRequest) => (req.url.split('?')[0]!.endsWith('.xlsx') ? 'xlsx' : 'csv')
const query = (req: FastifyRequest) => (req.query ?? {}) as Record<string, string>

type Challenge = Awaited<ReturnType<typeof listChallenges>>[number]
const CHALLENGE_COLUMNS: Column<Challenge>[] = [
  { header: 'Reference', value: (c) => c.reference, width: 16 },
  { header: 'Council', value: (c) => c.councilName, width: 28 },
  { header: 'Council code', value: (c) => c.councilCode, width: 12 },
  { header: 'Review type', value: (c) => c.reviewTypeName, width: 28 },
  { header: 'On site from', value: (c) => c.onsiteStart, width: 14 },
  { header: 'On site to', value: (c) => c.onsiteEnd, width: 14 },
  { header: 'Dates known to', value: (c) => c.onsitePrecision, width: 10 },
  { header: 'Stage', value: (c) => c.stageLabel, width: 22 },
]

/** The programme page as rows: its deadlines, its visits coming up and the councils due a challenge, each dated. */
type ProgrammeRow = {
  section: string
  council: string
  code: string | null
  reference: string | null
  date: string | null
  to: string | null
  what: string
  status: string
}
const PROGRAMME_COLUMNS: Column<ProgrammeRow>[] = [
  { header: 'Section', value: (r) => r.section, width: 22 },
  { header: 'Council', value: (r) => r.council, width: 28 },
  { header: 'Council code', value: (r) => r.code, width: 12 },
  { header: 'Reference', value: (r) => r.reference, width: 16 },
  { header: 'Date', value: (r) => r.date, width: 12 },
  { header: 'To', value: (r) => r.to, width: 12 },
  { header: 'What', value: (r) => r.what, width: 40 },
  { header: 'Status', value: (r) => r.status, width: 40 },
]

function programmeRows(p: Awaited<ReturnType<typeof programmeOverview>>) {
  const deadlines: ProgrammeRow[] = p.deadlines.map((d) => ({
    section: 'Deadline',
    council: d.councilName,
    code: null,
    reference: d.reference,
    date: d.due,
    to: null,
    what: d.label,
    status: `${CALENDAR_STATUS[d.status] ?? d.status}${d.due ? ` (${dueIn(d.due, p.today)})` : ''}`,
  }))
  const visits: ProgrammeRow[] = p.upcoming.map((v) => ({
    section: 'Visit',
    council: v.councilName,
    code: null,
    reference: v.reference,
    date: v.onsiteStart,
    to: v.onsiteEnd,
    what: `On site (${v.stageLabel})`,
    status: v.warnings.map((w) => w.message).join(' '),
  }))
  const councils: ProgrammeRow[] = (
    [
      ['Overdue a peer challenge', p.overdue],
      ['Due within 12 months', p.dueSoon],
      ['No review on record', p.noRecord],
    ] as const
  ).flatMap(([section, list]) =>
    list.map((c) => ({
      section,
      council: c.name,
      code: c.code,
      reference: c.cycle.lastReview?.reference ?? null,
      date: c.cycle.nextDue,
      to: null,
      what: 'Next corporate peer challenge',
      status: c.cycle.nextDue ? dueIn(c.cycle.nextDue, p.today) : 'No review on record',
    })),
  )
  return { deadlines, visits, councils }
}

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  download(app, {
    path: '/councils/:code/export.zip',
    tags: ['councils'],
    summary:
      'Everything the council owns, for when it leaves: its challenges, documents (with the files), action plans, progress updates (with evidence) and comments on its reports, as JSON and CSV in a zip. The council’s own officers and the programme office; audited',
    params: { code: { type: 'string', description: 'The council’s register code, like MEL' } },
    types: ['application/zip'],
    run: (req) => councilExport(req.ctx, String((req.params as { code: string }).code)),
  })
  for (const ext of ['csv', 'xlsx'] as const) {
    download(app, {
      path: `/programme.${ext}`,
      tags: ['programme'],
      summary: `The programme page (the programme office) as ${ext.toUpperCase()}: deadlines due or missed, visits coming up and councils due a peer challenge; in Excel a sheet each`,
      errors: [403],
      types: TYPES,
      run: async (req) => {
        const rows = programmeRows(await programmeOverview(req.ctx))
        if (fmt(req) === 'csv')
          return tableFile(
            'programme',
            'Programme',
            PROGRAMME_COLUMNS,
            [...rows.deadlines, ...rows.visits, ...rows.councils],
            'csv',
          )
        return workbookFile('programme', [
          { name: 'Deadlines', columns: PROGRAMME_COLUMNS, rows: rows.deadlines },
          { name: 'Visits coming up', columns: PROGRAMME_COLUMNS, rows: rows.visits },
          { name: 'Councils due', columns: PROGRAMME_COLUMNS, rows: rows.councils },
        ])
      },
    })
    download(app, {
      path: `/challenges.${ext}`,
      tags: ['challenges'],
      summary: `The challenges the user can see (the public: published ones), as ${ext.toUpperCase()}, with the list's filters`,
      public: true,
      query: challengeFilters,
      // a filter value the list does not know is refused, as on the page
      errors: [400],
      types: TYPES,
      run: async (req) => {
        const q = query(req)
        const rows = await listChallenges(req.ctx, {
          stage: q['stage'] ?? '',
          type: q['type'] ?? '',
          year: q['year'] ?? '',
          council: q['council'] ?? '',
        })
        return tableFile('challenges', 'Challenges', CHALLENGE_COLUMNS, rows, fmt(req))
      },
    })
    download(app, {
      path: `/councils.${ext}`,
      tags: ['councils'],
      summary: `The council register, as ${ext.toUpperCase()}, with the register's filters`,
      public: true,
      query: councilFilterSchema.omit({ page: true }),
      // a filter value the list does not know is refused, as on the page; the review-status filter is the programme
      // office's alone (403 for anyone else)
      errors: [400, 403],
      types: TYPES,
      run: async (req) => {
        const q = query(req)
        const all: Awaited<ReturnType<typeof listCouncils>>['items'] = []
        for (let page = 1; page <= 100; page++) {
          const r = await listCouncils(req.ctx, { ...q, page: String(page) })
          all.push(...r.items)
          if (page >= r.pages) break
        }
        type Row = (typeof all)[number]
        const cols: Column<Row>[] = [
          { header: 'Code', value: (c) => c.code, width: 8 },
          { header: 'Name', value: (c) => c.niceName, width: 28 },
          { header: 'Official name', value: (c) => c.officialName, width: 40 },
          { header: 'GSS code', value: (c) => c.gssCode, width: 12 },
          { header: 'Type', value: (c) => c.laTypeName ?? c.laType, width: 24 },
          { header: 'Region', value: (c) => c.region, width: 20 },
          { header: 'From', value: (c) => c.startDate, width: 12 },
          { header: 'To', value: (c) => c.endDate, width: 12 },
        ]
        return tableFile('councils', 'Councils', cols, all, fmt(req))
      },
    })
    download(app, {
      path: `/peers.${ext}`,
      tags: ['peer pool'],
      summary: `The peer pool (the programme office), as ${ext.toUpperCase()}, with the pool's filters`,
      query: poolQuery.omit({ page: true }),
      errors: [400, 403],
      types: TYPES,
      run: async (req) => {
        const q = query(req)
        const all: Awaited<ReturnType<typeof listPool>>['people'] = []
        for (let page = 1; page <= 200; page++) {
          const r = await listPool(req.ctx, { ...q, page: String(page) })
          all.push(...r.people)
          if (page >= r.pages) break
        }
        type Row = (typeof all)[number]
        const pick = (r: Row, k: string) => {
          const v = (r as unknown as Record<string, unknown>)[k]
          return v == null ? null : Array.isArray(v) ? v.join(', ') : (v as string | number)
        }
        const cols: Column<Row>[] = [
          { header: 'Name', value: (r) => pick(r, 'name'), width: 28 },
          { header: 'Kind', value: (r) => pick(r, 'kind'), width: 10 },
          { header: 'Party', value: (r) => pick(r, 'party'), width: 18 },
          { header: 'Title', value: (r) => pick(r, 'title'), width: 28 },
          {
            header: 'Council or organisation',
            value: (r) => pick(r, 'councilName') ?? pick(r, 'organisation'),
            width: 30,
          },
          { header: 'Expertise', value: (r) => pick(r, 'expertise'), width: 40 },
        ]
        return tableFile('peer-pool', 'Peer pool', cols, all, fmt(req))
      },
    })
  }
}
