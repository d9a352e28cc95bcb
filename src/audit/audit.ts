import type { Queryable } from '../db/db.ts'
import { actorLabel, userId, type Ctx } from '../common/context.ts'
import type { Audience } from '../auth/policy.ts'

export interface AuditEntry {
  action: string
  entity: string
  entityId?: string | number | null
  challengeId?: number | null
  councilId?: number | null
  /**
   * Who may read the entry (the policy's audiences; decision 0013): 'team' for the peer team's own work, 'programme'
   * for what the programme office shares with the team, 'council' for what the council's officers see too. Entries
   * not about a challenge are the programme office's.
   */
  visibility: Audience
  before?: unknown
  after?: unknown
}

/** Appends one audit row; call it inside the same transaction as the change it records. */
export async function audit(tx: Queryable, ctx: Ctx, e: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (at, actor_id, actor_label, action, entity, entity_id, challenge_id, council_id, visibility, before, after)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      ctx.clock.now(),
      userId(ctx.actor),
      actorLabel(ctx.actor),
      e.action,
      e.entity,
      e.entityId == null ? null : String(e.entityId),
      e.challengeId ?? null,
      e.councilId ?? null,
      e.visibility,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  )
}

/** Field-level differences between two flat records, for display ("Onsite end: 3 March -> 4 March"). */
export function diff(before: unknown, after: unknown): { field: string; from: unknown; to: unknown }[] {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])]
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, from: b[k] ?? null, to: a[k] ?? null }))
}
