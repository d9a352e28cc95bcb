import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { assertCan } from '../auth/policy.ts'
import { audit } from '../audit/audit.ts'
import { isIsoDate } from '../common/dates.ts'
import { forgetReferenceData } from './repo.ts'

const schema = z.record(
  z.string(),
  z.object({
    division: z.string(),
    events: z.array(z.object({ title: z.string(), date: z.string().refine(isIsoDate) })),
  }),
)

/** Adds bank holidays from the gov.uk bank-holidays.json format; existing days are kept. */
export async function importBankHolidays(ctx: Ctx, json: string): Promise<number> {
  assertCan(ctx.actor, 'manage-people')
  let data: z.infer<typeof schema>
  try {
    data = schema.parse(JSON.parse(json))
  } catch {
    throw AppError.validation({ file: 'This is not a gov.uk bank-holidays.json file' })
  }
  const added = await ctx.db.transaction(async (tx) => {
    let added = 0
    for (const { division, events } of Object.values(data)) {
      for (const e of events) {
        const r = await tx.query(
          `insert into bank_holidays (division, day, title) values ($1, $2, $3) on conflict do nothing returning day`,
          [division, e.date, e.title],
        )
        added += r.length
      }
    }
    await audit(tx, ctx, {
      action: 'bank-holidays.imported',
      visibility: 'programme',
      entity: 'bank_holidays',
      after: { added },
    })
    return added
  })
  forgetReferenceData(ctx.db)
  return added
}
