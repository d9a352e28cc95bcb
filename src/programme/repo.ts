import type { Queryable } from '../db/db.ts'
import type { Rule } from '../frameworks/types.ts'
import { bankHolidays, COUNTS_FOR_CYCLE_SQL, listCycleRules } from '../frameworks/repo.ts'
import { ruleInForce, rulesInForce, type StatedDate } from '../frameworks/deadlines.ts'
import { councilCycle, type Cycle } from './cycle.ts'

/** SQL: the challenge's stage counts as the visit having taken place (per its review type's workflow data). */
export const HELD_SQL = (c: string) =>
  `exists (select 1 from review_types hrt, jsonb_array_elements(hrt.workflow->'stages') hs
            where hrt.code = ${c}.review_type and hs->>'key' = ${c}.stage and coalesce((hs->>'held')::boolean, false))`

interface HeldRow {
  councilId: number
  reference: string
  reviewType: string
  onsiteStart: string
  onsiteEnd: string
  precision: 'day' | 'month'
  rules: Rule[]
  stated: StatedDate | null
}
interface BookedRow {
  councilId: number
  reference: string
  reviewType: string
  onsiteStart: string | null
  onsiteEnd: string | null
}

/** Five-year cycle position for the given councils (all when omitted), as at `today`. */
export async function cyclesFor(
  db: Queryable,
  today: string,
  councils: { id: number; startDate: string | null }[],
): Promise<Map<number, Cycle>> {
  const ids = councils.map((c) => c.id)
  // The last held review that counted when it was held, with the date its report states for the next one, if any.
  const held = await db.query<HeldRow>(
    `select distinct on (c.council_id) c.council_id as "councilId", c.reference, c.review_type as "reviewType",
            c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd", c.onsite_precision as precision, f.rules,
            (select json_build_object('id', o.id, 'due', o.due::text, 'precision', o.precision, 'source', o.source,
                                      'note', o.note)
               from rule_overrides o where o.challenge_id = c.id and o.rule_code = 'next-review') as stated
       from challenges c
       join frameworks f on f.id = c.framework_id
      where c.council_id = any($1) and c.onsite_end <= $2 and ${HELD_SQL('c')} and ${COUNTS_FOR_CYCLE_SQL('c')}
      order by c.council_id, c.onsite_end desc`,
    [ids, today],
  )
  const booked = await db.query<BookedRow>(
    `select distinct on (c.council_id) c.council_id as "councilId", c.reference, c.review_type as "reviewType",
            c.onsite_start as "onsiteStart", c.onsite_end as "onsiteEnd"
       from challenges c
      where c.council_id = any($1) and c.stage <> 'cancelled' and ${COUNTS_FOR_CYCLE_SQL('c')}
        and not (c.onsite_end is not null and c.onsite_end <= $2 and ${HELD_SQL('c')})
      order by c.council_id, c.onsite_start nulls last`,
    [ids, today],
  )
  const holidays = await bankHolidays(db)
  const now = (await listCycleRules(db)).find((r) => ruleInForce(r, today))
  const heldBy = new Map(held.map((h) => [h.councilId, h]))
  const bookedBy = new Map(booked.map((b) => [b.councilId, b]))
  const out = new Map<number, Cycle>()
  for (const c of councils) {
    const h = heldBy.get(c.id)
    const b = bookedBy.get(c.id)
    out.set(
      c.id,
      councilCycle({
        today,
        councilStart: c.startDate,
        lastHeld: h
          ? {
              reference: h.reference,
              reviewType: h.reviewType,
              onsiteEnd: h.onsiteEnd,
              precision: h.precision,
              rules: rulesInForce(h.rules, h.onsiteStart),
              stated: h.stated,
            }
          : null,
        booked: b
          ? { reference: b.reference, reviewType: b.reviewType, onsiteStart: b.onsiteStart, onsiteEnd: b.onsiteEnd }
          : null,
        expectation: now ? { label: now.label, period: now.period } : null,
        holidays,
      }),
    )
  }
  return out
}
