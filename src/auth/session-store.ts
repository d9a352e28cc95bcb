import type { Db } from '../db/db.ts'

type Cb = (err?: unknown, result?: any) => void

/** @fastify/session store backed by the sessions table, so sessions survive restarts and work across instances. */
export class DbSessionStore {
  constructor(private db: Db) {}
  set(sid: string, session: { cookie?: { expires?: Date | string | null } }, cb: Cb): void {
    const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + 8 * 3600_000)
    this.db
      .query(
        `insert into sessions (sid, data, expires_at) values ($1, $2, $3) on conflict (sid) do update set data = excluded.data, expires_at = excluded.expires_at`,
        [sid, JSON.stringify(session), expires],
      )
      .then(() => cb(), cb)
  }
  get(sid: string, cb: Cb): void {
    this.db
      .one<{ data: unknown }>(`select data from sessions where sid = $1 and expires_at > now()`, [sid])
      .then((r) => cb(null, r ? r.data : null), cb)
  }
  destroy(sid: string, cb: Cb): void {
    this.db.query(`delete from sessions where sid = $1`, [sid]).then(() => cb(), cb)
  }
  async prune(): Promise<void> {
    await this.db.query(`delete from sessions where expires_at <= now()`)
  }
}
