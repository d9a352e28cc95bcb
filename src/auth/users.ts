import crypto from 'node:crypto'
import { argon2id, argon2Verify } from 'hash-wasm'
import { z } from 'zod'
import type { Queryable } from '../db/db.ts'
import type { Actor, Ctx, Role } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { assertCan } from './policy.ts'

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Stored in the standard PHC string format. */
export const HASH_OPTIONS = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: crypto.randomBytes(16), ...HASH_OPTIONS, outputType: 'encoded' })
}

async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argon2Verify({ password, hash }).catch(() => false)
}

// Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | null = null

export interface UserRow {
  id: number
  email: string
  name: string
  passwordHash: string
  role: Role
  councilId: number | null
  personId: number | null
  disabled: boolean
}

const USER_COLS = `id, email, name, password_hash as "passwordHash", role, council_id as "councilId", person_id as "personId", disabled`

export async function authenticate(db: Queryable, email: string, password: string): Promise<UserRow | null> {
  const user = await db.one<UserRow>(`select ${USER_COLS} from users where lower(email) = lower($1)`, [email.trim()])
  if (!user || user.disabled) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verifyPassword(await dummyHash, password)
    return null
  }
  const ok = await verifyPassword(user.passwordHash, password)
  return ok ? user : null
}

export async function actorForUser(db: Queryable, id: number): Promise<Actor | null> {
  const u = await db.one<UserRow>(`select ${USER_COLS} from users where id = $1`, [id])
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
  password: z.string().min(12, 'The password must be at least 12 characters').max(200),
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
