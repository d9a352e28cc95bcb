import type { Queryable } from '../db/db.ts'
import type { Ctx } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { abilities, authorize, type ChallengeAction } from '../auth/policy.ts'
import { challengeFactsMany, findChallenges } from './repo.ts'
import { isId } from './schemas.ts'

/**
 * Loads a challenge with the facts the policy decides on, and has the policy authorize `action` (404 for those who
 * may not even see it, 403 for the wrong role, 409 at the wrong stage). Every service reaches a challenge this way.
 */
export async function loadChallenge(ctx: Ctx, id: number, action: ChallengeAction = 'view', db: Queryable = ctx.db) {
  return (await loadChallenges(ctx, [id], action, db))[0]!
}

/**
 * Many challenges as loadChallenge loads one (the same authorization for each, the first refusal thrown), read in two
 * statements whatever their number.
 */
export async function loadChallenges(
  ctx: Ctx,
  ids: readonly number[],
  action: ChallengeAction = 'view',
  db: Queryable = ctx.db,
) {
  if (!ids.every(isId)) throw AppError.notFound('Challenge')
  const chs = await findChallenges(db, ids)
  if (chs.length !== ids.length) throw AppError.notFound('Challenge') // findChallenges leaves out ids that are none
  const facts = await challengeFactsMany(db, chs, ctx.clock.today())
  return chs.map((ch) => {
    authorize(ctx.actor, action, facts.get(ch.id)!)
    return { ch, facts: facts.get(ch.id)! }
  })
}

/** The challenge with what the actor may do on it, for pages (the policy's abilities). */
export async function loadWithAbilities(ctx: Ctx, id: number, action: ChallengeAction = 'view') {
  const loaded = await loadChallenge(ctx, id, action)
  return { ...loaded, abilities: abilities(ctx.actor, loaded.facts) }
}
