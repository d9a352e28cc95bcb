import type { Db } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import { AppError } from '../common/errors.ts'

/** How many failed sign-ins are allowed in the window (decision 0011). */
export interface LoginLimits {
  /** Per (address, email). */
  perAccount: number
  /** Per address, whatever the email: one address trying many accounts. */
  perAddress: number
  windowMinutes: number
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 10, perAddress: 50, windowMinutes: 15 }

export interface LoginAttempt {
  /** The password was right: forget this (address, email)'s failures, this attempt included. */
  succeeded(): Promise<void>
}

/**
 * Counts failed sign-ins in the database, so every app instance on it counts together. An attempt is written before
 * its password is checked (parallel guesses cannot all slip under the limit) and stays, as a failure, unless the
 * caller says it succeeded. Attempts refused by the limit are not written: they check no password.
 */
export class LoginLimiter {
  constructor(
    private db: Db,
    private clock: Clock,
    readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** Records one attempt, or throws a 'rate-limited' AppError (with the seconds to wait) when over a limit. */
  async begin(address: string, email: string): Promise<LoginAttempt> {
    const key = email.trim().toLowerCase()
    const now = this.clock.now()
    const windowMs = this.limits.windowMinutes * 60_000
    const since = new Date(now.getTime() - windowMs)
    const waitMs = await this.db.transaction(async (tx) => {
      // One decision at a time per address, across instances.
      await tx.query(`select pg_advisory_xact_lock(72170011, hashtext($1))`, [address])
      await tx.query(`delete from login_attempts where at <= $1`, [since])
      const rows = await tx.query<{ email: string; at: Date }>(
        `select email, at from login_attempts where address = $1 and at > $2 order by at, id`,
        [address, since],
      )
      const mine = rows.filter((r) => r.email === key)
      // Over a limit: wait until enough of the oldest failures have left the window.
      const wait = (list: { at: Date }[], max: number) =>
        list.length < max ? 0 : new Date(list[list.length - max]!.at).getTime() + windowMs - now.getTime()
      const ms = Math.max(wait(mine, this.limits.perAccount), wait(rows, this.limits.perAddress))
      if (ms > 0) return ms
      await tx.query(`insert into login_attempts (address, email, at) values ($1, $2, $3)`, [address, key, now])
      return 0
    })
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000))
      const minutes = Math.ceil(seconds / 60)
      throw AppError.rateLimited(
        `Too many attempts to sign in. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
        seconds,
      )
    }
    return {
      succeeded: async () => {
        await this.db.query(`delete from login_attempts where address = $1 and email = $2`, [address, key])
      },
    }
  }
}
