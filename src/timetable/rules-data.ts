import type { Queryable } from '../db/db.ts'
import type { TimetableRules } from './model.ts'
import data from './reference/timetable-rules.json' with { type: 'json' }

/**
 * On-site programme rules are shipped as data (reference/timetable-rules.json) and loaded into `timetable_rules` by
 * code. A timetable records the rules code it was solved with; the rules a visit uses are those serving its review type.
 */
type Shipped = TimetableRules & { sourceNote: string }

export function shippedTimetableRules(): Shipped[] {
  return data.timetableRules as unknown as Shipped[]
}

export async function syncTimetableRules(tx: Queryable): Promise<void> {
  for (const r of shippedTimetableRules()) {
    const { sourceNote, ...rules } = r
    await tx.query(
      `insert into timetable_rules (code, name, rules, source_note) values ($1, $2, $3, $4)
       on conflict (code) do update set name = excluded.name, rules = excluded.rules, source_note = excluded.source_note`,
      [r.code, r.name, JSON.stringify(rules), sourceNote],
    )
  }
}

export async function timetableRulesFor(db: Queryable, reviewType: string): Promise<TimetableRules> {
  const rows = await db.query<{ rules: TimetableRules }>(`select rules from timetable_rules order by code`)
  const r = rows.find((x) => (x.rules.reviewTypes ?? []).includes(reviewType)) ?? rows[0]
  if (!r) throw new Error('no on-site programme rules are loaded')
  return r.rules
}
