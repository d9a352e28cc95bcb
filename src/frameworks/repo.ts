import type { Db, Queryable } from '../db/db.ts'
import { referenceData } from './reference.ts'
import { syncRulesets } from '../action-plans/reference.ts'
import { syncTeamRules } from '../peers/rules-data.ts'
import { syncTimetableRules } from '../timetable/rules-data.ts'
import type { CycleRule, Framework, ReviewType } from './types.ts'

/**
 * Loads the shipped reference data (review types, frameworks, bank holidays) into the database, on every start.
 * A review type's workflow (stages, transitions, event rules) follows the shipped file whenever it differs. A
 * framework is versioned: a new framework ships under a new code; a correction to a shipped one raises its `version`,
 * and only a higher version replaces what an existing database holds. Cycle rules (what counts towards the five-year
 * expectation, by date) are versioned the same way.
 */
export async function syncReferenceData(db: Db): Promise<void> {
  forgetReferenceData(db)
  const ref = referenceData()
  await db.transaction(async (tx) => {
    for (const rt of ref.reviewTypes) {
      const wf = ref.workflows[rt.workflow]
      if (!wf) throw new Error(`review type ${rt.code}: unknown workflow ${rt.workflow}`)
      await tx.query(
        `insert into review_types (code, name, short_name, description, parent_required, workflow)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (code) do update set name = excluded.name, short_name = excluded.short_name,
           description = excluded.description, parent_required = excluded.parent_required, workflow = excluded.workflow
         where (review_types.name, review_types.short_name, review_types.description, review_types.parent_required,
                review_types.workflow)
           is distinct from (excluded.name, excluded.short_name, excluded.description, excluded.parent_required,
                excluded.workflow)`,
        [rt.code, rt.name, rt.shortName, rt.description, rt.parentRequired, JSON.stringify(wf)],
      )
    }
    for (const f of ref.frameworks) {
      await tx.query(
        `insert into frameworks (code, review_type, name, version, effective_from, effective_to, themes, rules, source_note)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (code) do update set name = excluded.name, version = excluded.version,
           effective_from = excluded.effective_from, effective_to = excluded.effective_to, themes = excluded.themes,
           rules = excluded.rules, source_note = excluded.source_note
         where frameworks.version < excluded.version`,
        [
          f.code,
          f.reviewType,
          f.name,
          f.version,
          f.effectiveFrom,
          f.effectiveTo,
          JSON.stringify(f.themes),
          JSON.stringify(f.rules),
          f.sourceNote,
        ],
      )
    }
    for (const r of ref.cycleRules) {
      await tx.query(
        `insert into cycle_rules (code, version, label, review_types, period, source, effective_from, effective_from_source,
           effective_to, effective_to_source)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (code) do update set version = excluded.version, label = excluded.label,
           review_types = excluded.review_types, period = excluded.period, source = excluded.source,
           effective_from = excluded.effective_from, effective_from_source = excluded.effective_from_source,
           effective_to = excluded.effective_to, effective_to_source = excluded.effective_to_source
         where cycle_rules.version < excluded.version`,
        [
          r.code,
          r.version,
          r.label,
          r.reviewTypes,
          JSON.stringify(r.period),
          r.source,
          r.effectiveFrom,
          r.effectiveFromSource,
          r.effectiveTo,
          r.effectiveToSource,
        ],
      )
    }
    for (const [division, { events }] of Object.entries(ref.bankHolidays)) {
      for (const e of events) {
        await tx.query(`insert into bank_holidays (division, day, title) values ($1, $2, $3) on conflict do nothing`, [
          division,
          e.date,
          e.title,
        ])
      }
    }
    await syncRulesets(tx)
    await syncTeamRules(tx)
    await syncTimetableRules(tx)
  })
}

/**
 * Review types, frameworks, cycle rules and bank holidays are read by nearly every page and change only when a new
 * release syncs its shipped files (at start) or someone imports bank holidays: each process keeps what it read for
 * REFERENCE_TTL_MS. The instance that imports forgets at once; other instances follow within the TTL (decision 0026).
 * Keyed by the database handle (a transaction's handle reads afresh, so a change made in it is seen in it).
 */
export const REFERENCE_TTL_MS = 30_000
const referenceCache = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>()

function cachedReference<T>(db: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  let entries = referenceCache.get(db)
  if (!entries) referenceCache.set(db, (entries = new Map()))
  const hit = entries.get(key)
  const now = Date.now()
  if (hit && now - hit.at < REFERENCE_TTL_MS) return hit.value as Promise<T>
  const value = load()
  entries.set(key, { at: now, value })
  value.catch(() => entries.delete(key))
  return value
}

/** Drops this process's copy of the reference data read through `db` (after a change to it). */
export function forgetReferenceData(db: Queryable): void {
  referenceCache.delete(db)
}

const FRAMEWORK_COLS = `id, code, review_type as "reviewType", name, version, effective_from as "effectiveFrom",
  effective_to as "effectiveTo", themes, rules, source_note as "sourceNote"`

export async function listFrameworks(db: Queryable): Promise<Framework[]> {
  return [
    ...(await cachedReference(db, 'frameworks', () =>
      db.query<Framework>(`select ${FRAMEWORK_COLS} from frameworks order by review_type, effective_from`),
    )),
  ]
}

export async function getFramework(db: Queryable, id: number): Promise<Framework | undefined> {
  return (await listFrameworks(db)).find((f) => f.id === id)
}

/** The framework of a review type in force on a date (latest effective_from on or before it). */
export async function frameworkInForce(
  db: Queryable,
  reviewType: string,
  onDate: string,
): Promise<Framework | undefined> {
  return db.one<Framework>(
    `select ${FRAMEWORK_COLS} from frameworks
      where review_type = $1 and effective_from <= $2 and (effective_to is null or effective_to >= $2)
      order by effective_from desc limit 1`,
    [reviewType, onDate],
  )
}

export async function listReviewTypes(db: Queryable): Promise<ReviewType[]> {
  return [
    ...(await cachedReference(db, 'review-types', () =>
      db.query<ReviewType>(
        `select code, name, short_name as "shortName", description, parent_required as "parentRequired", workflow
           from review_types order by parent_required, code`,
      ),
    )),
  ]
}

export async function listCycleRules(db: Queryable): Promise<CycleRule[]> {
  return db.query<CycleRule>(
    `select code, version, label, review_types as "reviewTypes", period, source, effective_from as "effectiveFrom",
            effective_from_source as "effectiveFromSource", effective_to as "effectiveTo",
            effective_to_source as "effectiveToSource"
       from cycle_rules order by effective_from`,
  )
}

/**
 * SQL boolean: challenge `c` counts towards the five-year cycle, by the cycle rule in force on the day its visit began
 * (the day it was requested when it is not yet dated).
 */
export const COUNTS_FOR_CYCLE_SQL = (c: string) => {
  const on = `coalesce(${c}.onsite_start, ${c}.created_at::date)`
  return `exists (select 1 from cycle_rules cyr where ${c}.review_type = any(cyr.review_types)
            and cyr.effective_from <= ${on} and (cyr.effective_to is null or cyr.effective_to >= ${on}))`
}

/** England and Wales bank holidays with their names (for the warnings on visit dates). */
function bankHolidayRows(db: Queryable, division: string) {
  return cachedReference(db, `bank-holidays:${division}`, () =>
    db.query<{ day: string; title: string }>(`select day, title from bank_holidays where division = $1`, [division]),
  )
}

export async function bankHolidayNames(db: Queryable, division = 'england-and-wales'): Promise<Map<string, string>> {
  return new Map((await bankHolidayRows(db, division)).map((r) => [r.day, r.title]))
}

export async function getReviewType(db: Queryable, code: string): Promise<ReviewType | undefined> {
  return (await listReviewTypes(db)).find((r) => r.code === code)
}

export async function bankHolidays(db: Queryable, division = 'england-and-wales'): Promise<Set<string>> {
  return new Set((await bankHolidayRows(db, division)).map((r) => r.day))
}
