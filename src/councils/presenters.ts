import { z } from 'zod'
import { id, isoDate } from '../web/presenters.ts'
import { challengeItem } from '../challenges/presenters.ts'
import { cycle, cycleLabels } from '../programme/presenters.ts'

export const council = z
  .object({
    id,
    code: z.string(),
    officialName: z.string(),
    niceName: z.string(),
    gssCode: z.string().nullable(),
    nation: z.string().nullable(),
    region: z.string().nullable(),
    laType: z.string().nullable(),
    laTypeName: z.string().nullable(),
    countyCode: z.string().nullable(),
    combinedAuthority: z.string().nullable(),
    altNames: z.array(z.string()),
    startDate: isoDate.nullable(),
    endDate: isoDate.nullable(),
    lastDay: isoDate.nullable(),
    replacedBy: z.array(z.string()),
    cpcEligible: z.boolean(),
    source: z.string(),
  })
  .meta({ id: 'Council' })

export const councils = z.object({
  filters: z.object({
    q: z.string(),
    region: z.string(),
    type: z.string(),
    nation: z.string(),
    existence: z.enum(['current', 'abolished', 'all']),
    asAt: z.string(),
    cycle: z.enum(['', 'overdue', 'due-soon', 'in-date', 'no-record']),
    programme: z.enum(['all', 'yes']),
    page: z.number(),
  }),
  items: z.array(council.extend({ cycle: cycle.nullable() })),
  total: z.number(),
  page: z.number(),
  pages: z.number(),
  pageSize: z.number(),
  facets: z.object({
    regions: z.array(z.string()),
    types: z.array(z.object({ v: z.string(), label: z.string() })),
    nations: z.array(z.string()),
  }),
  cycleCounts: z
    .object({ overdue: z.number(), 'due-soon': z.number(), 'in-date': z.number(), 'no-record': z.number() })
    .partial()
    .nullable()
    .meta({ description: 'Councils in each state of the five-year cycle (programme office)' }),
  showCycle: z.boolean(),
  cycleLabels,
})

export const councilPage = z.object({
  council,
  county: council.nullable(),
  successors: z.array(council),
  predecessors: z.array(council),
  history: z.array(challengeItem),
  cycle: cycle.nullable(),
  cycleLabels,
})

export const registerImported = z.object({
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  errors: z.array(z.string()),
})

/** The register import's input, besides a multipart file or a text/csv body. */
export const registerCsv = z.object({ csv: z.string().meta({ description: 'The register as CSV text' }) })
