import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { assertOnAccounts, assertTwoFactorAllowed, canUseTwoFactor } from '../auth/policy.ts'
import {
  acceptedStep,
  CODE_ATTEMPTS,
  groupSecret,
  hashRecoveryCode,
  looksLikeTotp,
  newRecoveryCodes,
  newSecret,
  normaliseRecoveryCode,
  otpauthUri,
} from './two-factor-rules.ts'

/** Two-factor sign-in for programme-office accounts (decision 0032). */

interface TotpRow {
  id: number
  email: string
  name: string
  role: string
  councilId: number | null
  secret: string | null
  enabledAt: Date | null
  lastStep: string | null
}

const TOTP_SELECT = `select id, email, name, role, council_id as "councilId", totp_secret as secret,
  totp_enabled_at as "enabledAt", totp_last_step::text as "lastStep" from users`

async function me(db: Queryable, id: number, lock = false): Promise<TotpRow> {
  const u = await db.one<TotpRow>(`${TOTP_SELECT} where id = $1 and not disabled ${lock ? 'for update' : ''}`, [id])
  if (!u) throw new AppError('unauthenticated', 'Sign in to continue')
  return u
}

function actorId(ctx: Ctx): number {
  assertTwoFactorAllowed(ctx.actor)
  if (ctx.actor.kind !== 'user' || ctx.actor.id <= 0) throw new AppError('unauthenticated', 'Sign in to continue')
  return ctx.actor.id
}

export async function twoFactorStatus(ctx: Ctx) {
  const u = await me(ctx.db, actorId(ctx))
  const left = await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from recovery_codes where user_id = $1 and used_at is null`,
    [u.id],
  )
  const pending =
    !u.enabledAt && u.secret ? { secret: groupSecret(u.secret), uri: otpauthUri(u.secret, u.email) } : null
  return { enabled: !!u.enabledAt, enabledAt: u.enabledAt, recoveryCodesLeft: u.enabledAt ? left!.n : 0, pending }
}

/** Starts setting up: a new secret, kept until a code from it confirms it (a second start replaces it). */
export async function startTwoFactor(ctx: Ctx): Promise<{ started: true }> {
  const id = actorId(ctx)
  return ctx.db.transaction(async (tx) => {
    const u = await me(tx, id, true)
    if (u.enabledAt) throw AppError.conflict('Two-factor sign-in is already on')
    await tx.query(`update users set totp_secret = $2, totp_last_step = null where id = $1`, [id, newSecret()])
    await audit(tx, ctx, {
      action: 'user.two-factor-setup-started',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: u.councilId,
    })
    return { started: true as const }
  })
}

export const codeSchema = z.object({
  code: z.string().optional().meta({ description: 'The 6-digit code from the app, or a recovery code' }),
})

function codeInput(input: unknown): string {
  const r = codeSchema.safeParse(input ?? {})
  const code = ((r.success ? r.data.code : '') ?? '').trim()
  if (!code) throw AppError.validation({ code: 'Enter the code' })
  if (code.length > 40) throw AppError.validation({ code: 'Enter the 6-digit code from your app' })
  return code
}

/**
 * Counts a code attempt for the account before the code is checked (in the database, so every instance counts
 * together; parallel guesses cannot slip under the limit), or refuses when the account has had too many wrong codes
 * in the window. `succeeded` forgets the account's failures.
 */
async function beginAttempt(db: Db, clock: Clock, userId: number) {
  const now = clock.now()
  const windowMs = CODE_ATTEMPTS.windowMinutes * 60_000
  const since = new Date(now.getTime() - windowMs)
  const wait = await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(72170032, $1)`, [userId])
    await tx.query(`delete from two_factor_attempts where user_id = $1 and at <= $2`, [userId, since])
    const rows = await tx.query<{ at: Date }>(
      `select at from two_factor_attempts where user_id = $1 and at > $2 order by at, id`,
      [userId, since],
    )
    if (rows.length >= CODE_ATTEMPTS.max)
      return new Date(rows[rows.length - CODE_ATTEMPTS.max]!.at).getTime() + windowMs - now.getTime()
    await tx.query(`insert into two_factor_attempts (user_id, at) values ($1, $2)`, [userId, now])
    return 0
  })
  if (wait > 0) {
    const seconds = Math.max(1, Math.ceil(wait / 1000))
    const minutes = Math.ceil(seconds / 60)
    throw AppError.rateLimited(
      `Too many wrong codes. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
      seconds,
    )
  }
  return {
    succeeded: async (tx: Queryable) => {
      await tx.query(`delete from two_factor_attempts where user_id = $1`, [userId])
    },
  }
}

type Checked = { kind: 'totp'; step: number } | { kind: 'recovery'; codeId: number }

/** Whether the code is right for the account: a fresh TOTP code, or (when allowed) an unused recovery code. */
async function check(tx: Queryable, u: TotpRow, code: string, at: Date, recovery: boolean): Promise<Checked | null> {
  if (u.secret && looksLikeTotp(code)) {
    const step = acceptedStep(u.secret, code, at, u.lastStep == null ? null : Number(u.lastStep))
    return step == null ? null : { kind: 'totp', step }
  }
  const rc = recovery ? normaliseRecoveryCode(code) : null
  if (!rc) return null
  const row = await tx.one<{ id: number }>(
    `select id from recovery_codes where user_id = $1 and code_hash = $2 and used_at is null for update`,
    [u.id, hashRecoveryCode(rc)],
  )
  return row ? { kind: 'recovery', codeId: row.id } : null
}

async function spend(tx: Queryable, ctx: Ctx, u: TotpRow, c: Checked): Promise<void> {
  if (c.kind === 'totp') await tx.query(`update users set totp_last_step = $2 where id = $1`, [u.id, c.step])
  else {
    await tx.query(`update recovery_codes set used_at = $2 where id = $1`, [c.codeId, ctx.clock.now()])
    const left = await tx.one<{ n: number }>(
      `select count(*)::int as n from recovery_codes where user_id = $1 and used_at is null`,
      [u.id],
    )
    await audit(tx, ctx, {
      action: 'user.recovery-code-used',
      visibility: 'programme',
      entity: 'user',
      entityId: u.id,
      councilId: u.councilId,
      after: { recoveryCodesLeft: left!.n },
    })
  }
}

async function storeRecoveryCodes(tx: Queryable, userId: number, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes()
  await tx.query(`delete from recovery_codes where user_id = $1`, [userId])
  for (const c of codes)
    await tx.query(`insert into recovery_codes (user_id, code_hash, created_at) values ($1, $2, $3)`, [
      userId,
      hashRecoveryCode(c),
      now,
    ])
  return codes
}

const WRONG = 'The code is not right. Check the code in your app and try again'

/** Confirms setup with a code from the app: two-factor is on, and ten recovery codes are made (shown once). */
export async function confirmTwoFactor(ctx: Ctx, input: unknown): Promise<{ recoveryCodes: string[] }> {
  const id = actorId(ctx)
  const code = codeInput(input)
  const u0 = await me(ctx.db, id)
  if (u0.enabledAt) throw AppError.conflict('Two-factor sign-in is already on')
  if (!u0.secret) throw AppError.conflict('Start setting up two-factor sign-in first')
  const attempt = await beginAttempt(ctx.db, ctx.clock, id)
  return ctx.db.transaction(async (tx) => {
    const u = await me(tx, id, true)
    if (u.enabledAt || !u.secret) throw AppError.conflict('Two-factor sign-in has changed: reload the page')
    const c = await check(tx, u, code, ctx.clock.now(), false)
    if (!c) throw AppError.validation({ code: WRONG })
    await attempt.succeeded(tx)
    const now = ctx.clock.now()
    await tx.query(`update users set totp_enabled_at = $2 where id = $1`, [id, now])
    await spend(tx, ctx, u, c)
    const recoveryCodes = await storeRecoveryCodes(tx, id, now)
    await audit(tx, ctx, {
      action: 'user.two-factor-enabled',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: u.councilId,
      after: { recoveryCodes: recoveryCodes.length },
    })
    return { recoveryCodes }
  })
}

/** Needs a current code (or a recovery code): a fresh set of ten recovery codes, the old ones stop working. */
export async function regenerateRecoveryCodes(ctx: Ctx, input: unknown): Promise<{ recoveryCodes: string[] }> {
  const id = actorId(ctx)
  const code = codeInput(input)
  if (!(await me(ctx.db, id)).enabledAt) throw AppError.conflict('Two-factor sign-in is off')
  const attempt = await beginAttempt(ctx.db, ctx.clock, id)
  return ctx.db.transaction(async (tx) => {
    const u = await me(tx, id, true)
    const c = await check(tx, u, code, ctx.clock.now(), true)
    if (!c) throw AppError.validation({ code: WRONG })
    await attempt.succeeded(tx)
    await spend(tx, ctx, u, c)
    const recoveryCodes = await storeRecoveryCodes(tx, id, ctx.clock.now())
    await audit(tx, ctx, {
      action: 'user.recovery-codes-replaced',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: u.councilId,
      after: { recoveryCodes: recoveryCodes.length },
    })
    return { recoveryCodes }
  })
}

async function turnOff(tx: Queryable, userId: number) {
  await tx.query(`update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null where id = $1`, [
    userId,
  ])
  await tx.query(`delete from recovery_codes where user_id = $1`, [userId])
  await tx.query(`delete from two_factor_attempts where user_id = $1`, [userId])
}

/** Turns two-factor off for yourself: needs a current code or a recovery code. */
export async function disableTwoFactor(ctx: Ctx, input: unknown): Promise<{ enabled: false }> {
  const id = actorId(ctx)
  const code = codeInput(input)
  const u0 = await me(ctx.db, id)
  if (!u0.enabledAt && !u0.secret) throw AppError.conflict('Two-factor sign-in is already off')
  const attempt = u0.enabledAt ? await beginAttempt(ctx.db, ctx.clock, id) : null
  return ctx.db.transaction(async (tx) => {
    const u = await me(tx, id, true)
    if (u.enabledAt) {
      const c = await check(tx, u, code, ctx.clock.now(), true)
      if (!c) throw AppError.validation({ code: WRONG })
      await attempt?.succeeded(tx)
      await spend(tx, ctx, u, c)
    }
    await turnOff(tx, id)
    await audit(tx, ctx, {
      action: u.enabledAt ? 'user.two-factor-disabled' : 'user.two-factor-setup-cancelled',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: u.councilId,
    })
    return { enabled: false as const }
  })
}

/** The programme office turns off another member's two-factor (a lost phone and lost recovery codes). */
export async function resetTwoFactor(ctx: Ctx, userId: number): Promise<{ id: number }> {
  assertOnAccounts(ctx.actor, 'edit')
  if (ctx.actor.kind === 'user' && ctx.actor.id === userId)
    throw AppError.conflict('Turn off your own two-factor sign-in on your account page')
  return ctx.db.transaction(async (tx) => {
    const u = await tx.one<TotpRow>(`${TOTP_SELECT} where id = $1 for update`, [userId])
    if (!u) throw AppError.notFound('Account')
    if (!u.enabledAt && !u.secret) throw AppError.conflict('This account does not use two-factor sign-in')
    await turnOff(tx, userId)
    const ended = (await tx.query(`delete from sessions where user_id = $1 returning sid`, [userId])).length
    await audit(tx, ctx, {
      action: 'user.two-factor-reset',
      visibility: 'programme',
      entity: 'user',
      entityId: userId,
      councilId: u.councilId,
      after: { sessionsEnded: ended },
    })
    return { id: userId }
  })
}

/** Whether an account must give a code after its password (two-factor is on). */
export async function needsSecondFactor(db: Queryable, userId: number): Promise<boolean> {
  const r = await db.one<{ on: boolean }>(`select totp_enabled_at is not null as on from users where id = $1`, [userId])
  return !!r?.on
}

/**
 * The second step of signing in: the code (or a recovery code) for the account whose password was right. Wrong
 * codes count against the account; a right one is spent (a TOTP code cannot be used twice).
 */
export async function verifySignInCode(ctx: Ctx, userId: number, input: unknown): Promise<void> {
  const code = codeInput(input)
  const attempt = await beginAttempt(ctx.db, ctx.clock, userId)
  await ctx.db.transaction(async (tx) => {
    const u = await me(tx, userId, true)
    if (!u.enabledAt) return
    const c = await check(tx, u, code, ctx.clock.now(), true)
    if (!c) throw AppError.validation({ code: WRONG })
    await attempt.succeeded(tx)
    const self: Ctx = {
      ...ctx,
      actor: {
        kind: 'user',
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role as 'admin' | 'peer' | 'council',
        councilId: null,
        personId: null,
      },
    }
    await spend(tx, self, u, c)
  })
}

export { canUseTwoFactor }
