import crypto from 'node:crypto'
import { argon2id, argon2Verify } from 'hash-wasm'
import { z } from 'zod'
import type { Queryable } from '../db/db.ts'
import type { Actor, Ctx, Role } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { assertCan } from './policy.ts'
import { PASSWORD_MAX, passwordProblem } from './password-policy.ts'
import { endOtherSessions } from './session-store.ts'
import type { LoginLimiter } from './login-limits.ts'

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Stored in the standard PHC string format. */
export const HASH_OPTIONS = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: crypto.randomBytes(16), ...HASH_OPTIONS, outputType: 'encoded' })
}

async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false
  return argon2Verify({ password, hash }).catch(() => false)
}

// Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | null = null

export interface UserRow {
  id: number
  email: string
  name: string
  passwordHash: string | null
  role: Role
  councilId: number | null
  personId: number | null
  disabled: boolean
}

const USER_COLS = `id, email, name, password_hash as "passwordHash", role, council_id as "councilId", person_id as "personId", disabled`

export async function authenticate(db: Queryable, email: string, password: string): Promise<UserRow | null> {
  const user = await db.one<UserRow>(`select ${USER_COLS} from users where lower(email) = lower($1)`, [email.trim()])
  if (!user || user.disabled || !user.passwordHash) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verifyPassword(await dummyHash, password)
    return null
  }
  const ok = await verifyPassword(user.passwordHash, password)
  return ok ? user : null
}

export async function actorForUser(db: Queryable, id: number): Promise<Actor | null> {
  return actorFromRow(await db.one<UserRow>(`select ${USER_COLS} from users where id = $1`, [id]))
}

/** Who is acting, from the user's row (null when there is none or the account is disabled). */
export function actorFromRow(u: Omit<UserRow, 'passwordHash'> | null | undefined): Actor | null {
  if (!u || u.disabled) return null
  return {
    kind: 'user',
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    councilId: u.councilId,
    personId: u.personId,
  }
}

export const newUserSchema = z.object({
  email: z.string().trim().email('Enter an email address in the correct format, like name@example.gov.uk').max(200),
  name: z.string().trim().min(1, 'Enter the name').max(120),
  password: z.string(), // the password policy decides (password-policy.ts)
  role: z.enum(['admin', 'peer', 'council']),
  councilId: z.number().int().nullable().optional(),
  personId: z.number().int().nullable().optional(),
})

/** Creates an account. Admins only (the demo seed and the CLI act as the system admin). */
export async function createUser(ctx: Ctx, input: z.input<typeof newUserSchema>): Promise<number> {
  assertCan(ctx.actor, 'manage-people')
  const r = newUserSchema.safeParse(input)
  if (!r.success)
    throw AppError.validation(Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message])))
  const v = r.data
  const weak = passwordProblem(v.password, { email: v.email, name: v.name })
  if (weak) throw AppError.validation({ password: weak })
  if (v.role === 'council' && !v.councilId)
    throw AppError.validation({ councilId: 'A council officer belongs to a council' })
  if (v.role === 'peer' && !v.personId)
    throw AppError.validation({ personId: 'A peer account is linked to a person in the pool' })
  const hash = await hashPassword(v.password)
  return ctx.db.transaction(async (tx) => {
    if (await tx.one(`select 1 from users where lower(email) = lower($1)`, [v.email]))
      throw AppError.validation({ email: 'An account with this email address already exists' })
    const row = await tx.one<{ id: number }>(
      `insert into users (email, name, password_hash, role, council_id, person_id, created_at) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
      [v.email, v.name, hash, v.role, v.councilId ?? null, v.personId ?? null, ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'user.created',
      visibility: 'programme',
      entity: 'user',
      entityId: row!.id,
      councilId: v.councilId ?? null,
      after: {
        email: v.email,
        name: v.name,
        role: v.role,
        councilId: v.councilId ?? null,
        personId: v.personId ?? null,
      },
    })
    return row!.id
  })
}

export const passwordChangeSchema = z.object({
  currentPassword: z.string().optional(),
  newPassword: z.string().optional(),
  confirmPassword: z.string().optional(),
})

/** Who may change a password here: anyone signed in, for their own account. */
export function assertSignedIn(ctx: Ctx): Extract<Actor, { kind: 'user' }> {
  if (ctx.actor.kind !== 'user' || ctx.actor.id <= 0) throw new AppError('unauthenticated', 'Sign in to continue')
  return ctx.actor
}

/**
 * Changes the signed-in user's own password: the current one must be right (a wrong one counts as a failed sign-in
 * for this address and email, so the form cannot be used to guess it), the new one must meet the policy and be typed
 * twice. Every problem is reported at once. On success the user's other sessions end; the one given is kept.
 */
export async function changeOwnPassword(
  ctx: Ctx,
  input: unknown,
  opts: { keepSessionId: string; address: string; limiter: LoginLimiter },
): Promise<{ otherSessionsEnded: number }> {
  const actor = assertSignedIn(ctx)
  const parsed = passwordChangeSchema.safeParse(input ?? {})
  const v = parsed.success ? parsed.data : {}
  const current = v.currentPassword ?? ''
  const next = v.newPassword ?? ''
  const confirm = v.confirmPassword ?? ''
  const fields: Record<string, string> = {}
  const user = await ctx.db.one<UserRow>(`select ${USER_COLS} from users where id = $1`, [actor.id])
  if (!user || user.disabled) throw new AppError('unauthenticated', 'Sign in to continue')
  if (!current) fields['currentPassword'] = 'Enter your current password'
  else {
    const attempt = await opts.limiter.begin(opts.address, user.email)
    // No stored password is longer than the policy allows: a longer one is wrong without hashing it.
    if (current.length <= PASSWORD_MAX && (await verifyPassword(user.passwordHash, current))) await attempt.succeeded()
    else fields['currentPassword'] = 'Your current password is not right'
  }
  if (!next) fields['newPassword'] = 'Enter a new password'
  else {
    const weak = passwordProblem(next, { email: user.email, name: user.name })
    if (weak) fields['newPassword'] = weak
    else if (current && next === current)
      fields['newPassword'] = 'The new password must be different from the current one'
  }
  if (!confirm) fields['confirmPassword'] = 'Enter the new password again'
  else if (next && confirm !== next) fields['confirmPassword'] = 'The passwords do not match'
  if (Object.keys(fields).length) throw AppError.validation(fields)
  const hash = await hashPassword(next)
  return ctx.db.transaction(async (tx) => {
    await tx.query(`update users set password_hash = $2 where id = $1`, [user.id, hash])
    const ended = await endOtherSessions(tx, user.id, opts.keepSessionId)
    // Never the password or its hash: only that it changed and what followed.
    await audit(tx, ctx, {
      action: 'user.password-changed',
      visibility: 'programme',
      entity: 'user',
      entityId: user.id,
      councilId: user.councilId,
      after: { otherSessionsEnded: ended },
    })
    return { otherSessionsEnded: ended }
  })
}

/** The actor used by the command line and the demo seed: the system acting as programme admin. */
export const SYSTEM_ACTOR: Actor = {
  kind: 'user',
  id: 0,
  name: 'System',
  email: 'system@peer-challenge.local',
  role: 'admin',
  councilId: null,
  personId: null,
}
