import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'

type Cb = (err?: unknown, result?: any) => void

export interface SessionLifetime {
  /** The session ends after this long without a request... */
  idleMs: number
  /** ...and this long after it began (sign-in starts a new session), however active. */
  absoluteMs: number
  /** The idle expiry is pushed on at most this often, so reading a page does not write the session every time. */
  touchMs: number
}

export const DEFAULT_SESSION_LIFETIME: SessionLifetime = {
  idleMs: 8 * 3600_000,
  absoluteMs: 12 * 3600_000,
  touchMs: 5 * 60_000,
}

interface SessionRow {
  data: unknown
  expiresAt: Date
  touchedAt: Date
}

/**
 * @fastify/session store backed by the sessions table, so sessions survive restarts and work across instances.
 * The store, not the cookie, decides when a session ends, by the app's clock: `expires_at` is the earlier of the idle
 * expiry (last touch + idle) and the absolute one (created + absolute). The row is written when the session's data
 * changes (the plugin runs with rolling: false) or when a request comes more than `touchMs` after the last touch.
 */
export class DbSessionStore {
  constructor(
    private db: Db,
    private clock: Clock,
    private lifetime: SessionLifetime = DEFAULT_SESSION_LIFETIME,
  ) {}

  set(sid: string, session: { userId?: unknown }, cb: Cb): void {
    const now = this.clock.now()
    const userId = typeof session.userId === 'number' ? session.userId : null
    this.db
      .query(
        `insert into sessions (sid, data, user_id, created_at, touched_at, updated_at, expires_at)
         values ($1, $2, $3, $4, $4, $4, $5)
         on conflict (sid) do update set data = excluded.data, user_id = excluded.user_id,
           touched_at = excluded.touched_at, updated_at = excluded.updated_at,
           expires_at = least(excluded.touched_at + make_interval(secs => $6), sessions.created_at + make_interval(secs => $7))`,
        [
          sid,
          JSON.stringify(session),
          userId,
          now,
          new Date(now.getTime() + Math.min(this.lifetime.idleMs, this.lifetime.absoluteMs)),
          this.lifetime.idleMs / 1000,
          this.lifetime.absoluteMs / 1000,
        ],
      )
      .then(() => cb(), cb)
  }

  get(sid: string, cb: Cb): void {
    this.load(sid).then((data) => cb(null, data), cb)
  }

  private async load(sid: string): Promise<unknown> {
    const now = this.clock.now()
    const row = await this.db.one<SessionRow>(
      `select data, expires_at as "expiresAt", touched_at as "touchedAt" from sessions where sid = $1`,
      [sid],
    )
    if (!row) return null
    if (new Date(row.expiresAt).getTime() <= now.getTime()) {
      await this.db.query(`delete from sessions where sid = $1`, [sid])
      return null
    }
    if (now.getTime() - new Date(row.touchedAt).getTime() >= this.lifetime.touchMs)
      await this.db.query(
        `update sessions set touched_at = $2, updated_at = $2,
           expires_at = least($2::timestamptz + make_interval(secs => $3), created_at + make_interval(secs => $4))
         where sid = $1`,
        [sid, now, this.lifetime.idleMs / 1000, this.lifetime.absoluteMs / 1000],
      )
    return row.data
  }

  destroy(sid: string, cb: Cb): void {
    this.db.query(`delete from sessions where sid = $1`, [sid]).then(() => cb(), cb)
  }

  async prune(): Promise<void> {
    await this.db.query(`delete from sessions where expires_at <= $1`, [this.clock.now()])
  }
}

/** Ends every session of a user but one (after a password change: signed out everywhere else). */
export async function endOtherSessions(tx: Queryable, userId: number, keepSid: string): Promise<number> {
  const rows = await tx.query(`delete from sessions where user_id = $1 and sid <> $2 returning sid`, [userId, keepSid])
  return rows.length
}
