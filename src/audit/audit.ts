import type { Queryable } from '../db/db.ts'
import { actorLabel, userId, type Ctx } from '../common/context.ts'

export interface AuditEntry {
  action: string
  entity: string
  entityId?: string | number | null
  challengeId?: number | null
  councilId?: number | null
  before?: unknown
  after?: unknown
}

/** Appends one audit row; call it inside the same transaction as the change it records. */
export async function audit(tx: Queryable, ctx: Ctx, e: AuditEntry): Promise<void> {
  await tx.query(
    `insert into audit_log (at, actor_id, actor_label, action, entity, entity_id, challenge_id, council_id, before, after)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      ctx.clock.now(),
      userId(ctx.actor),
      actorLabel(ctx.actor),
      e.action,
      e.entity,
      e.entityId == null ? null : String(e.entityId),
      e.challengeId ?? null,
      e.councilId ?? null,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  )
}

export interface AuditRow {
  id: number
  at: Date
  actorLabel: string
  action: string
  entity: string
  entityId: string | null
  before: unknown
  after: unknown
}

export async function auditForChallenge(db: Queryable, challengeId: number): Promise<AuditRow[]> {
  return db.query<AuditRow>(
    `select id, at, actor_label as "actorLabel", action, entity, entity_id as "entityId", before, after
       from audit_log where challenge_id = $1 order by id desc`,
    [challengeId],
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
