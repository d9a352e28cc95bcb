import { AsyncLocalStorage } from 'node:async_hooks'
import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import type { UserRow } from './users.ts'
import { readMemo } from '../db/read-memo.ts'

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
  dataVersion: number | null
  user: Omit<UserRow, 'passwordHash'> | null
}

/**
 * What the session's one statement also read for the request (decision 0031): the signed-in user's row (who is acting,
 * re-read on every request) and the data version the page cache is keyed by. Set by the store inside the request's
 * scope (the app opens one per request, before the session is loaded); absent outside a request.
 */
export const sessionRead = new AsyncLocalStorage<{
  user?: Omit<UserRow, 'passwordHash'> | null
  dataVersion?: number
}>()

const sessionMemo = readMemo<SessionRow | undefined>()

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
    // Kept on the embedded database until something writes (decision 0037); the times are compared here, by the clock.
    const row = await sessionMemo(this.db, sid, () =>
      this.db.one<SessionRow>(
        `select s.data, s.expires_at as "expiresAt", s.touched_at as "touchedAt",
         (select n from data_version) as "dataVersion",
         case when u.id is null then null else json_build_object(
           'id', u.id, 'email', u.email, 'name', u.name, 'role', u.role, 'councilId', u.council_id,
           'personId', u.person_id, 'disabled', u.disabled) end as "user"
       from sessions s left join users u on u.id = s.user_id where s.sid = $1`,
        [sid],
      ),
    )
    if (!row) return null
    const scope = sessionRead.getStore()
    if (scope) {
      scope.user = row.user
      if (row.dataVersion != null) scope.dataVersion = Number(row.dataVersion)
    }
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
    return structuredClone(row.data) // the kept row stays as read, whatever the plugin does with the session
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
