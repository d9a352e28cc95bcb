import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { AppError } from '../common/errors.ts'
import type { Ctx } from '../common/context.ts'
import { audit } from '../audit/audit.ts'
import { assertCan, can, canOnCouncil } from '../auth/policy.ts'
import { isIsoDate } from '../common/dates.ts'
import { cyclesFor } from '../programme/repo.ts'
import { CYCLE_STATUS_LABELS, type Cycle, type CycleStatus } from '../programme/cycle.ts'
import { isProgrammeCouncil, lastDay, parseRegisterRow, type RegisterRow } from './rules.ts'
import { listChallengesForCouncil } from '../challenges/service.ts'

/** A register row as stored: the import's fields plus the derived last day and programme membership. */
export interface Council extends RegisterRow {
  id: number
  lastDay: string | null
  cpcEligible: boolean
  source: string
}

export const COUNCIL_COLS = `id, code, official_name as "officialName", nice_name as "niceName", gss_code as "gssCode", nation, region,
  la_type as "laType", la_type_name as "laTypeName", county_code as "countyCode", combined_authority as "combinedAuthority",
  alt_names as "altNames", start_date as "startDate", end_date as "endDate", last_day as "lastDay", replaced_by as "replacedBy",
  cpc_eligible as "cpcEligible", source`

const MAX_REGISTER_BYTES = 5 * 1024 * 1024

export interface ImportSummary {
  rows: number
  created: number
  updated: number
  unchanged: number
  errors: string[]
}

/** Imports (or re-imports) the mySociety register CSV. All or nothing: any invalid row and nothing changes. */
export async function importRegister(ctx: Ctx, csv: string, source = 'mysociety'): Promise<ImportSummary> {
  assertCan(ctx.actor, 'import-councils')
  if (Buffer.byteLength(csv) > MAX_REGISTER_BYTES)
    throw new AppError('too-large', 'The register file is larger than 5 MB')
  let records: Record<string, string>[]
  try {
    records = parse(csv, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as Record<
      string,
      string
    >[]
  } catch (e) {
    throw AppError.validation(
      { file: `The file is not a valid CSV: ${(e as Error).message}` },
      'The file is not a valid CSV',
    )
  }
  if (!records.length) throw AppError.validation({ file: 'The file has no rows' })
  const header = Object.keys(records[0]!)
  const missing = ['local-authority-code', 'official-name', 'nice-name', 'nation', 'local-authority-type'].filter(
    (h) => !header.includes(h),
  )
  if (missing.length)
    throw AppError.validation(
      { file: `The file is missing the columns: ${missing.join(', ')}` },
      'This is not a council register file',
    )
  const rows: RegisterRow[] = []
  const errors: string[] = []
  const seen = new Set<string>()
  records.forEach((r, i) => {
    const res = parseRegisterRow(r, i + 2)
    errors.push(...res.errors)
    if (res.row) {
      if (seen.has(res.row.code)) errors.push(`line ${i + 2}: code ${res.row.code} appears twice`)
      seen.add(res.row.code)
      rows.push(res.row)
    }
  })
  if (errors.length)
    throw AppError.validation(
      { file: errors.slice(0, 10).join('; ') + (errors.length > 10 ? ` (and ${errors.length - 10} more)` : '') },
      'The register has invalid rows; nothing was imported',
    )
  const starts = new Map(rows.map((r) => [r.code, r.startDate]))
  const summary: ImportSummary = { rows: rows.length, created: 0, updated: 0, unchanged: 0, errors: [] }
  await ctx.db.transaction(async (tx) => {
    const existing = new Map((await tx.query<Council>(`select ${COUNCIL_COLS} from councils`)).map((c) => [c.code, c]))
    for (const r of rows) {
      const next = {
        code: r.code,
        officialName: r.officialName,
        niceName: r.niceName,
        gssCode: r.gssCode,
        nation: r.nation,
        region: r.region,
        laType: r.laType,
        laTypeName: r.laTypeName,
        countyCode: r.countyCode,
        combinedAuthority: r.combinedAuthority,
        altNames: r.altNames,
        startDate: r.startDate,
        endDate: r.endDate,
        lastDay: lastDay(
          r.endDate,
          r.replacedBy.map((c) => starts.get(c) ?? null),
        ),
        replacedBy: r.replacedBy,
        cpcEligible: isProgrammeCouncil(r.nation, r.laType),
      }
      const before = existing.get(r.code)
      const params = [
        next.code,
        next.officialName,
        next.niceName,
        next.gssCode,
        next.nation,
        next.region,
        next.laType,
        next.laTypeName,
        next.countyCode,
        next.combinedAuthority,
        next.altNames,
        next.startDate,
        next.endDate,
        next.lastDay,
        next.replacedBy,
        next.cpcEligible,
        source,
        ctx.clock.now(),
      ]
      if (!before) {
        const row = await tx.one<{ id: number }>(
          `insert into councils (code, official_name, nice_name, gss_code, nation, region, la_type, la_type_name, county_code, combined_authority,
             alt_names, start_date, end_date, last_day, replaced_by, cpc_eligible, source, updated_at)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) returning id`,
          params,
        )
        await audit(tx, ctx, {
          action: 'council.created',
          visibility: 'programme',
          entity: 'council',
          entityId: r.code,
          councilId: row!.id,
          after: next,
        })
        summary.created++
        continue
      }
      const { id: _id, source: _s, ...prev } = before
      if (JSON.stringify(prev) === JSON.stringify(next)) {
        summary.unchanged++
        continue
      }
      await tx.query(
        `update councils set official_name=$2, nice_name=$3, gss_code=$4, nation=$5, region=$6, la_type=$7, la_type_name=$8, county_code=$9,
           combined_authority=$10, alt_names=$11, start_date=$12, end_date=$13, last_day=$14, replaced_by=$15, cpc_eligible=$16, source=$17, updated_at=$18
         where code=$1`,
        params,
      )
      await audit(tx, ctx, {
        action: 'council.updated',
        visibility: 'programme',
        entity: 'council',
        entityId: r.code,
        councilId: before.id,
        before: prev,
        after: next,
      })
      summary.updated++
    }
    // The population (issue 16's "councils like mine") is kept beside the register's fields, where the file gives it.
    const pops = rows.filter((r) => r.population !== null)
    if (pops.length)
      await tx.query(
        `update councils set population = x.p from unnest($1::text[], $2::int[]) x(code, p)
          where councils.code = x.code and councils.population is distinct from x.p`,
        [pops.map((r) => r.code), pops.map((r) => r.population)],
      )
  })
  if (summary.created || summary.updated)
    for (const fn of registerListeners) await Promise.resolve(fn(ctx)).catch(() => undefined) // a listener's failure never undoes the import
  return summary
}

type RegisterListener = (ctx: Ctx) => Promise<unknown> | void
const registerListeners: RegisterListener[] = []

/** Runs `fn` after every import that changed the register (the app keeps the importer's snapshot in step). */
export function onRegisterChange(fn: RegisterListener): void {
  registerListeners.push(fn)
}

export const councilFilterSchema = z.object({
  q: z.string().trim().max(100).optional().default(''),
  region: z.string().trim().max(60).optional().default(''),
  type: z.string().trim().max(10).optional().default(''),
  nation: z.string().trim().max(30).optional().default('England'),
  existence: z.enum(['current', 'abolished', 'all']).optional().default('current'),
  asAt: z.string().trim().optional().default(''),
  cycle: z.enum(['', 'overdue', 'due-soon', 'in-date', 'no-record']).optional().default(''),
  programme: z.enum(['yes', 'all']).optional().default('yes'),
  page: z.coerce.number().int().min(1).max(1000).optional().default(1),
})
export type CouncilFilters = z.infer<typeof councilFilterSchema>

export interface CouncilListItem extends Council {
  cycle: Cycle | null
}

const PAGE_SIZE = 50

export async function listCouncils(ctx: Ctx, input: unknown) {
  const parsed = councilFilterSchema.safeParse(input ?? {})
  if (!parsed.success)
    throw AppError.validation(
      Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
      'Check the filters',
    )
  const f = parsed.data
  if (f.asAt && !isIsoDate(f.asAt)) throw AppError.validation({ asAt: 'Enter a real date, for example 2023-04-01' })
  const today = ctx.clock.today()
  const where: string[] = []
  const params: unknown[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (f.q) {
    const like = p(`%${f.q.toLowerCase()}%`)
    where.push(
      `(lower(official_name) like ${like} or lower(nice_name) like ${like} or lower(code) = ${p(f.q.toLowerCase())} or exists (select 1 from unnest(alt_names) a where lower(a) like ${like}))`,
    )
  }
  if (f.region) where.push(`region = ${p(f.region)}`)
  if (f.type) where.push(`la_type = ${p(f.type)}`)
  if (f.nation) where.push(`nation = ${p(f.nation)}`)
  if (f.programme === 'yes') where.push('cpc_eligible')
  const on = f.asAt || today
  if (f.existence === 'current' || f.asAt)
    where.push(`(start_date is null or start_date <= ${p(on)}) and (last_day is null or last_day >= ${p(on)})`)
  else if (f.existence === 'abolished') where.push(`last_day < ${p(today)}`)
  const sql = `select ${COUNCIL_COLS} from councils ${where.length ? 'where ' + where.join(' and ') : ''} order by nice_name`
  let all = await ctx.db.query<Council>(sql, params)
  const showCycle = can(ctx.actor, 'view-programme')
  if (f.cycle && !showCycle) throw AppError.forbidden('Only the programme office can filter by review status')
  let cycles = new Map<number, Cycle>()
  let counts: Record<string, number> | null = null
  if (showCycle) {
    cycles = await cyclesFor(
      ctx.db,
      today,
      all.map((c) => ({ id: c.id, startDate: c.startDate })),
    )
    // Counts over the other filters, before the status filter, so each status link shows its own number.
    counts = countBy(all.map((c) => cycles.get(c.id)?.status ?? 'no-record'))
    if (f.cycle) all = all.filter((c) => cycles.get(c.id)?.status === f.cycle)
  }
  const total = all.length
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(f.page, pages)
  const items: CouncilListItem[] = all
    .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
    .map((c) => ({ ...c, cycle: showCycle ? (cycles.get(c.id) ?? null) : null }))
  const facets = await councilFacets(ctx)
  return {
    filters: f,
    items,
    total,
    page,
    pages,
    pageSize: PAGE_SIZE,
    facets,
    cycleCounts: counts,
    showCycle,
    cycleLabels: CYCLE_STATUS_LABELS,
  }
}

function countBy(xs: CycleStatus[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const x of xs) out[x] = (out[x] ?? 0) + 1
  return out
}

export async function councilFacets(ctx: Ctx) {
  const regions = await ctx.db.query<{ v: string }>(
    `select distinct region as v from councils where region is not null and region <> '' order by 1`,
  )
  const types = await ctx.db.query<{ v: string; label: string }>(
    `select distinct la_type as v, la_type_name as label from councils where la_type is not null order by 2`,
  )
  const nations = await ctx.db.query<{ v: string }>(
    `select distinct nation as v from councils where nation is not null order by 1`,
  )
  return { regions: regions.map((r) => r.v), types, nations: nations.map((n) => n.v) }
}

export async function findCouncil(ctx: Ctx, code: string): Promise<Council> {
  const c = await ctx.db.one<Council>(`select ${COUNCIL_COLS} from councils where code = $1`, [code.toUpperCase()])
  if (!c) throw AppError.notFound('Council')
  return c
}

/** The council page: details, predecessors and successors, review history visible to the actor, and its cycle. */
export async function getCouncil(ctx: Ctx, code: string) {
  const council = await findCouncil(ctx, code)
  const successors = council.replacedBy.length
    ? await ctx.db.query<Council>(`select ${COUNCIL_COLS} from councils where code = any($1) order by nice_name`, [
        council.replacedBy,
      ])
    : []
  const predecessors = await ctx.db.query<Council>(
    `select ${COUNCIL_COLS} from councils where $1 = any(replaced_by) order by nice_name`,
    [council.code],
  )
  const county = council.countyCode
    ? await ctx.db.one<Council>(`select ${COUNCIL_COLS} from councils where code = $1`, [council.countyCode])
    : undefined
  const history = await listChallengesForCouncil(ctx, council.id)
  const showCycle = canOnCouncil(ctx.actor, 'view-cycle', council.id)
  const cycle = showCycle
    ? ((await cyclesFor(ctx.db, ctx.clock.today(), [{ id: council.id, startDate: council.startDate }])).get(
        council.id,
      ) ?? null)
    : null
  return { council, county: county ?? null, successors, predecessors, history, cycle, cycleLabels: CYCLE_STATUS_LABELS }
}
