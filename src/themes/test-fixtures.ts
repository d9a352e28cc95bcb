import type { Db } from '../db/db.ts'
import { classifyPending } from './repo.ts'

/**
 * For the tests of repeat findings: a second, published review of Blaby (as a bulk import records a historic
 * review) whose recommendations repeat two of its 2022 ones (both closed by Blaby's action plan) and add a new one.
 */
export const LATER_BLABY = [
  { title: 'Review and refresh the scrutiny function so that it holds the executive to account', body: '' },
  {
    title: 'Define what commerciality means for the council and agree members’ and officers’ appetite for risk',
    body: '',
  },
  { title: 'Develop a climate change action plan to reach net zero by 2030', body: '' },
]

export async function addLaterBlabyReview(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const c = (await tx.one<{ id: number }>(
      `insert into challenges (reference, council_id, review_type, framework_id, stage, onsite_start, onsite_end,
                               report_public_from, created_at, updated_at)
       select 'CPC-2026-BLA', council_id, review_type, framework_id, 'published', '2026-03-10', '2026-03-12',
              '2026-06-01', now(), now()
         from challenges where reference = 'CPC-2022-BLA' returning id`,
    ))!.id
    for (const [i, r] of LATER_BLABY.entries())
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title, body, locked_at) values ($1, 'key', $2, $3, $4, now())`,
        [c, i + 1, r.title, r.body],
      )
    await classifyPending(tx, new Date(), { challengeId: c })
    return c
  })
}
