import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import type { Db, Queryable } from '../db/db.ts'
import type { Clock } from '../common/clock.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { Params } from '../db/sql.ts'
import { assertOnAccounts, canOnAccounts, usersScope, type AccountAction } from '../auth/policy.ts'
import { hashPassword } from '../auth/users.ts'
import { passwordProblem } from '../auth/password-policy.ts'
import type { LoginLimiter } from '../auth/login-limits.ts'
import { deliver } from '../notifications/reminders.ts'
import type { Mailer } from '../notifications/mailer.ts'
import {
  accountStatus,
  hashToken,
  isTokenShape,
  LINK_LIFETIME_HOURS,
  newToken,
  ROLE_LABELS,
  STATUS_LABELS,
  type LinkPurpose,
} from './rules.ts'

/** Where account emails go out from: the outbox, then SMTP when it is configured (as the reminders do). */
export interface MailOptions {
  mailer: Mailer | null
  baseUrl: string
}

const PAGE_SIZE = 50

/** Whether the actor's council lets its officers invite colleagues. */
async function councilAllows(db: Queryable, ctx: Ctx): Promise<boolean> {
  const a = ctx.actor
  if (a.kind !== 'user' || a.role !== 'council' || a.councilId == null) return false
  const r = await db.one<{ ok: boolean }>(
    `select officers_may_invite as ok from council_account_settings where council_id = $1`,
    [a.councilId],
  )
  return !!r?.ok
}

async function assertAccounts(ctx: Ctx, action: AccountAction, target?: Parameters<typeof assertOnAccounts>[2]) {
  assertOnAccounts(ctx.actor, action, { ...target, councilAllows: await councilAllows(ctx.db, ctx) })
}

interface UserListRow {
  id: number
  email: string
  name: string
  role: 'admin' | 'peer' | 'council'
  councilId: number | null
  councilName: string | null
  councilCode: string | null
  personId: number | null
  personName: string | null
  disabled: boolean
  hasPassword: boolean
  ssoLinked: boolean
  totp: boolean
  lastSignInAt: Date | null
  invitedAt: Date | null
  createdAt: Date
}

const USER_SELECT = `select u.id, u.email, u.name, u.role, u.council_id as "councilId", c.nice_name as "councilName",
    c.code as "councilCode", u.person_id as "personId", p.name as "personName", u.disabled,
    u.password_hash is not null as "hasPassword", u.sso_subject is not null as "ssoLinked",
    u.totp_enabled_at is not null as totp, u.last_sign_in_at as "lastSignInAt", u.invited_at as "invitedAt",
    u.created_at as "createdAt"
  from users u left join councils c on c.id = u.council_id left join people p on p.id = u.person_id`

function present(u: UserListRow) {
  const status = accountStatus(u)
  return {
    ...u,
    status,
    statusLabel: STATUS_LABELS[status],
    roleLabel: ROLE_LABELS[u.role],
    belongsTo: u.role === 'council' ? u.councilName : u.role === 'peer' ? u.personName : 'Programme office',
  }
}

export const usersQuery = z.object({
  page: z.string().optional(),
  q: z.string().optional(),
  status: z.enum(['', 'active', 'invited', 'deactivated']).optional(),
})

/** The accounts the actor may see, 50 a page, newest sign-in first; filtered by name or email and status. */
export async function listUsers(ctx: Ctx, query: z.input<typeof usersQuery> = {}) {
  await assertAccounts(ctx, 'list')
  const page = Math.max(1, Math.min(10_000, Number(query.page) || 1))
  const q = new Params()
  const where = [usersScope(ctx.actor, q)]
  const text = (query.q ?? '').trim().slice(0, 100)
  if (text) {
    const like = q.add(`%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`)
    where.push(`(lower(u.name) like ${like} or lower(u.email) like ${like})`)
  }
  if (query.status === 'deactivated') where.push('u.disabled')
  if (query.status === 'invited') where.push('not u.disabled and u.password_hash is null and u.sso_subject is null')
  if (query.status === 'active')
    where.push('not u.disabled and (u.password_hash is not null or u.sso_subject is not null)')
  const total = (await ctx.db.one<{ n: number }>(
    `select count(*)::int as n from users u where ${where.join(' and ')}`,
    q.values,
  ))!.n
  const rows = await ctx.db.query<UserListRow>(
    `${USER_SELECT} where ${where.join(' and ')} order by lower(u.name), u.id limit ${PAGE_SIZE} offset ${q.add((page - 1) * PAGE_SIZE)}`,
    q.values,
  )
  const allowed = await councilAllows(ctx.db, ctx)
  return {
    users: rows.map(present),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    filters: { q: text, status: query.status ?? '' },
    can: {
      invite: canOnAccounts(ctx.actor, 'invite', { councilAllows: allowed }),
      manage: canOnAccounts(ctx.actor, 'edit', { councilAllows: allowed }),
    },
  }
}

export async function getUser(ctx: Ctx, id: number) {
  await assertAccounts(ctx, 'list')
  const q = new Params([id])
  const row = await ctx.db.one<UserListRow>(`${USER_SELECT} where u.id = $1 and ${usersScope(ctx.actor, q)}`, q.values)
  if (!row) throw AppError.notFound('Account')
  const allowed = await councilAllows(ctx.db, ctx)
  const self = ctx.actor.kind === 'user' && ctx.actor.id === id
  return {
    user: present(row),
    can: {
      edit: canOnAccounts(ctx.actor, 'edit', { councilAllows: allowed }) && !self,
      deactivate: canOnAccounts(ctx.actor, 'deactivate', { councilAllows: allowed }) && !self,
      resend: canOnAccounts(ctx.actor, 'invite', { target: row, councilAllows: allowed }) && !row.disabled,
    },
  }
}

const optionalId = z
  .union([z.string(), z.number()])
  .optional()
  .nullable()
  .transform((v) => (v == null || v === '' ? null : Number(v)))

export const inviteSchema = z.object({
  email: z.string().optional(),
  name: z.string().optional(),
  role: z.string().optional(),
  councilCode: z.string().optional().meta({ description: 'A council officer’s council (its register code)' }),
  personId: optionalId.meta({ description: 'A peer’s profile in the pool' }),
})

/** The invitation form: roles and the choices each needs (councils, the peers in the pool without an account). */
export async function inviteForm(ctx: Ctx) {
  await assertAccounts(ctx, 'invite')
  const admin = ctx.actor.kind === 'user' && ctx.actor.role === 'admin'
  const own =
    ctx.actor.kind === 'user' && ctx.actor.councilId != null
      ? await ctx.db.one<{ code: string; name: string }>(`select code, nice_name as name from councils where id = $1`, [
          ctx.actor.councilId,
        ])
      : undefined
  const peers = admin
    ? await ctx.db.query<{ id: number; name: string }>(
        `select p.id, p.name from people p where p.in_pool and not exists (select 1 from users u where u.person_id = p.id) order by p.name limit 2000`,
      )
    : []
  return {
    roles: admin ? Object.entries(ROLE_LABELS).map(([value, text]) => ({ value, text })) : [],
    peers,
    ownCouncil: admin ? null : (own ?? null),
    values: admin ? {} : { role: 'council', councilCode: own?.code ?? '' },
  }
}

interface Parsed {
  email: string
  name: string
  role: 'admin' | 'peer' | 'council'
  councilId: number | null
  personId: number | null
}

async function parseAccount(tx: Queryable, input: unknown, needEmail: boolean): Promise<Parsed> {
  const r = inviteSchema.safeParse(input ?? {})
  const v: Partial<z.output<typeof inviteSchema>> = r.success ? r.data : {}
  const fields: Record<string, string> = {}
  const email = (v.email ?? '').trim()
  const name = (v.name ?? '').trim()
  if (needEmail) {
    if (!email) fields['email'] = 'Enter an email address'
    else if (!z.email().safeParse(email).success || email.length > 200)
      fields['email'] = 'Enter an email address in the correct format, like name@example.gov.uk'
  }
  if (!name) fields['name'] = 'Enter the name'
  else if (name.length > 120) fields['name'] = 'The name must be 120 characters or fewer'
  const role = v.role as Parsed['role']
  if (!role || !(role in ROLE_LABELS)) fields['role'] = 'Select a role'
  let councilId: number | null = null
  let personId: number | null = null
  if (role === 'council') {
    const code = (v.councilCode ?? '').trim().toUpperCase()
    if (!code) fields['councilCode'] = 'Enter the council’s code, like MEL'
    else {
      const c = await tx.one<{ id: number }>(`select id from councils where upper(code) = $1`, [code])
      if (!c) fields['councilCode'] = `There is no council with the code ${code.slice(0, 20)}`
      else councilId = c.id
    }
  }
  if (role === 'peer') {
    const pid = r.success ? v.personId : null
    if (pid == null || !Number.isSafeInteger(pid)) fields['personId'] = 'Select the peer’s profile in the pool'
    else {
      const p = await tx.one<{ id: number }>(`select id from people where id = $1`, [pid])
      if (!p) fields['personId'] = 'Select the peer’s profile in the pool'
      else personId = pid
    }
  }
  if (Object.keys(fields).length) throw AppError.validation(fields)
  return { email, name, role, councilId, personId }
}

/** Writes a link email to the outbox (the token's hash is kept; the token is only in the email). */
async function issueLink(
  tx: Queryable,
  ctx: Ctx,
  purpose: LinkPurpose,
  user: { id: number; email: string; name: string },
  mail: MailOptions,
): Promise<string> {
  const now = ctx.clock.now()
  // One live link of each kind per account: issuing one ends the others.
  await tx.query(`update account_tokens set used_at = $3 where user_id = $1 and purpose = $2 and used_at is null`, [
    user.id,
    purpose,
    now,
  ])
  const { token, hash } = newToken()
  const expires = new Date(now.getTime() + LINK_LIFETIME_HOURS[purpose] * 3600_000)
  const row = await tx.one<{ id: number }>(
    `insert into account_tokens (purpose, token_hash, user_id, created_by, created_at, expires_at) values ($1,$2,$3,$4,$5,$6) returning id`,
    [purpose, hash, user.id, ctx.actor.kind === 'user' && ctx.actor.id > 0 ? ctx.actor.id : null, now, expires],
  )
  const base = mail.baseUrl.replace(/\/$/, '')
  const link = purpose === 'invitation' ? `${base}/invitations/${token}` : `${base}/password-reset/${token}`
  const who = ctx.actor.kind === 'user' && ctx.actor.id > 0 ? ctx.actor.name : 'The programme office'
  const subject =
    purpose === 'invitation' ? 'You have been invited to Peer Challenge' : 'Reset your Peer Challenge password'
  const body =
    purpose === 'invitation'
      ? `Dear ${user.name},\n\n${who} has invited you to Peer Challenge, the service that runs the corporate peer challenge programme.\n\nTo set your password and sign in, open this link within 7 days. It works once:\n\n${link}\n\nIf you were not expecting this, you can ignore this email.`
      : `Dear ${user.name},\n\nSomeone asked to reset the password of your Peer Challenge account. To choose a new password, open this link within 1 hour. It works once:\n\n${link}\n\nIf you did not ask for this, ignore this email: your password has not changed.`
  await tx.query(
    `insert into outbox (dedupe_key, user_id, to_email, kind, subject, body, created_at) values ($1,$2,$3,$4,$5,$6,$7)`,
    [`${purpose}:${row!.id}`, user.id, user.email, purpose, subject, body, now],
  )
  return link
}

/** Sends what waits in the outbox when SMTP is configured; a failure stays in the outbox with its error. */
async function send(db: Db, clock: Clock, mail: MailOptions): Promise<void> {
  if (mail.mailer) await deliver(db, clock, mail.mailer).catch(() => undefined)
}

/** Creates an account without a password and emails its holder a single-use link to set one. */
export async function inviteUser(ctx: Ctx, input: unknown, mail: MailOptions): Promise<{ id: number }> {
  const allowed = await councilAllows(ctx.db, ctx)
  assertOnAccounts(ctx.actor, 'invite', { councilAllows: allowed })
  const result = await ctx.db.transaction(async (tx) => {
    const v = await parseAccount(tx, input, true)
    assertOnAccounts(ctx.actor, 'invite', { target: v, councilAllows: allowed })
    if (await tx.one(`select 1 from users where lower(email) = lower($1)`, [v.email]))
      throw AppError.validation({ email: 'An account with this email address already exists' })
    if (v.personId && (await tx.one(`select 1 from users where person_id = $1`, [v.personId])))
      throw AppError.validation({ personId: 'This peer already has an account' })
    const now = ctx.clock.now()
    const row = await tx.one<{ id: number }>(
      `insert into users (email, name, password_hash, role, council_id, person_id, created_at, invited_at) values ($1,$2,null,$3,$4,$5,$6,$6) returning id`,
      [v.email, v.name, v.role, v.councilId, v.personId, now],
    )
    const id = row!.id
    await issueLink(tx, ctx, 'invitation', { id, email: v.email, name: v.name }, mail)
    await audit(tx, ctx, {
      action: 'user.invited',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: v.councilId,
      after: { email: v.email, name: v.name, role: v.role, councilId: v.councilId, personId: v.personId },
    })
    return { id }
  })
  await send(ctx.db, ctx.clock, mail)
  return result
}

/** A new invitation link for an account (the earlier one stops working). */
export async function resendInvitation(ctx: Ctx, id: number, mail: MailOptions): Promise<{ id: number }> {
  const { user, can } = await getUser(ctx, id)
  if (!can.resend) throw AppError.forbidden()
  if (user.status !== 'invited') throw AppError.conflict('This account is already in use: it needs no invitation')
  await ctx.db.transaction(async (tx) => {
    await issueLink(tx, ctx, 'invitation', user, mail)
    await audit(tx, ctx, {
      action: 'user.invitation-resent',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: user.councilId,
    })
  })
  await send(ctx.db, ctx.clock, mail)
  return { id }
}

/** Changes an account's name, role and council or peer profile (the programme office; never your own). */
export async function updateUser(ctx: Ctx, id: number, input: unknown): Promise<{ id: number }> {
  await assertAccounts(ctx, 'edit')
  if (ctx.actor.kind === 'user' && ctx.actor.id === id)
    throw AppError.conflict('You cannot change your own role: ask another member of the programme office')
  return ctx.db.transaction(async (tx) => {
    const before = await tx.one<Parsed & { id: number }>(
      `select id, email, name, role, council_id as "councilId", person_id as "personId" from users where id = $1 for update`,
      [id],
    )
    if (!before) throw AppError.notFound('Account')
    const v = await parseAccount(tx, input, false)
    if (v.personId && (await tx.one(`select 1 from users where person_id = $1 and id <> $2`, [v.personId, id])))
      throw AppError.validation({ personId: 'This peer already has an account' })
    await tx.query(`update users set name = $2, role = $3, council_id = $4, person_id = $5 where id = $1`, [
      id,
      v.name,
      v.role,
      v.councilId,
      v.personId,
    ])
    await audit(tx, ctx, {
      action: 'user.updated',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: v.councilId ?? before.councilId,
      before: { name: before.name, role: before.role, councilId: before.councilId, personId: before.personId },
      after: { name: v.name, role: v.role, councilId: v.councilId, personId: v.personId },
    })
    return { id }
  })
}

/** Deactivates an account (its sessions and links end at once) or reactivates it. */
export async function setActive(ctx: Ctx, id: number, active: boolean): Promise<{ id: number; sessionsEnded: number }> {
  await assertAccounts(ctx, 'deactivate')
  if (ctx.actor.kind === 'user' && ctx.actor.id === id)
    throw AppError.conflict('You cannot deactivate your own account')
  return ctx.db.transaction(async (tx) => {
    const u = await tx.one<{ disabled: boolean; councilId: number | null }>(
      `select disabled, council_id as "councilId" from users where id = $1 for update`,
      [id],
    )
    if (!u) throw AppError.notFound('Account')
    if (u.disabled === !active) return { id, sessionsEnded: 0 }
    const now = ctx.clock.now()
    await tx.query(`update users set disabled = $2, deactivated_at = $3 where id = $1`, [
      id,
      !active,
      active ? null : now,
    ])
    let ended = 0
    if (!active) {
      ended = (await tx.query(`delete from sessions where user_id = $1 returning sid`, [id])).length
      await tx.query(`update account_tokens set used_at = $2 where user_id = $1 and used_at is null`, [id, now])
    }
    await audit(tx, ctx, {
      action: active ? 'user.reactivated' : 'user.deactivated',
      visibility: 'programme',
      entity: 'user',
      entityId: id,
      councilId: u.councilId,
      after: active ? { disabled: false } : { disabled: true, sessionsEnded: ended },
    })
    return { id, sessionsEnded: ended }
  })
}

// Councils whose officers may invite colleagues.

export async function councilInviteSettings(ctx: Ctx) {
  await assertAccounts(ctx, 'council-settings')
  const councils = await ctx.db.query<{ code: string; name: string; updatedAt: Date }>(
    `select c.code, c.nice_name as name, s.updated_at as "updatedAt" from council_account_settings s join councils c on c.id = s.council_id where s.officers_may_invite order by c.nice_name`,
  )
  return { councils }
}

export const councilSettingSchema = z.object({
  councilCode: z.string().optional(),
  allowed: z.enum(['yes', 'no']).optional(),
})

export async function setCouncilInvites(ctx: Ctx, input: unknown): Promise<{ code: string; allowed: boolean }> {
  await assertAccounts(ctx, 'council-settings')
  const r = councilSettingSchema.safeParse(input ?? {})
  const code = ((r.success ? r.data.councilCode : '') ?? '').trim().toUpperCase()
  const allowed = (r.success ? r.data.allowed : undefined) ?? 'yes'
  if (!code) throw AppError.validation({ councilCode: 'Enter the council’s code, like MEL' })
  return ctx.db.transaction(async (tx) => {
    const c = await tx.one<{ id: number }>(`select id from councils where upper(code) = $1`, [code])
    if (!c) throw AppError.validation({ councilCode: `There is no council with the code ${code.slice(0, 20)}` })
    const before = await tx.one<{ ok: boolean }>(
      `select officers_may_invite as ok from council_account_settings where council_id = $1`,
      [c.id],
    )
    await tx.query(
      `insert into council_account_settings (council_id, officers_may_invite, updated_at) values ($1,$2,$3)
       on conflict (council_id) do update set officers_may_invite = excluded.officers_may_invite, updated_at = excluded.updated_at`,
      [c.id, allowed === 'yes', ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'council.officers-may-invite',
      visibility: 'council',
      entity: 'council',
      entityId: c.id,
      councilId: c.id,
      before: { officersMayInvite: !!before?.ok },
      after: { officersMayInvite: allowed === 'yes' },
    })
    return { code, allowed: allowed === 'yes' }
  })
}

// Links: accepting an invitation, resetting a password.

const EXPIRED = 'This link has expired or has already been used'

/** The live link's account, or a 404 that says the link no longer works (never which). */
async function liveLink(db: Queryable, purpose: LinkPurpose, token: string, now: Date, lock = false) {
  if (!isTokenShape(token)) throw new AppError('not-found', EXPIRED)
  const row = await db.one<{ tokenId: number; id: number; email: string; name: string; councilId: number | null }>(
    `select t.id as "tokenId", u.id, u.email, u.name, u.council_id as "councilId"
       from account_tokens t join users u on u.id = t.user_id
      where t.token_hash = $1 and t.purpose = $2 and t.used_at is null and t.expires_at > $3 and not u.disabled
      ${lock ? 'for update of t' : ''}`,
    [hashToken(token), purpose, now],
  )
  if (!row) throw new AppError('not-found', EXPIRED)
  return row
}

export async function linkPage(ctx: Ctx, purpose: LinkPurpose, token: string) {
  const u = await liveLink(ctx.db, purpose, token, ctx.clock.now())
  return { name: u.name, email: u.email, token }
}

export const newPasswordSchema = z.object({
  newPassword: z.string().optional(),
  confirmPassword: z.string().optional(),
})

function checkNewPassword(input: unknown, owner: { email: string; name: string }): string {
  const r = newPasswordSchema.safeParse(input ?? {})
  const next = (r.success ? r.data.newPassword : '') ?? ''
  const confirm = (r.success ? r.data.confirmPassword : '') ?? ''
  const fields: Record<string, string> = {}
  if (!next) fields['newPassword'] = 'Enter a new password'
  else {
    const weak = passwordProblem(next, owner)
    if (weak) fields['newPassword'] = weak
  }
  if (!confirm) fields['confirmPassword'] = 'Enter the new password again'
  else if (next && confirm !== next) fields['confirmPassword'] = 'The passwords do not match'
  if (Object.keys(fields).length) throw AppError.validation(fields)
  return next
}

/**
 * Uses an invitation or reset link: sets the password, spends the link and (a reset) ends every session of the
 * account. Returns the account, for the caller to sign it in (an invitation) or send it to sign in (a reset).
 */
export async function useLink(ctx: Ctx, purpose: LinkPurpose, token: string, input: unknown): Promise<{ id: number }> {
  const probe = await liveLink(ctx.db, purpose, token, ctx.clock.now())
  const hash = await hashPassword(checkNewPassword(input, probe))
  return ctx.db.transaction(async (tx) => {
    const u = await liveLink(tx, purpose, token, ctx.clock.now(), true)
    const now = ctx.clock.now()
    await tx.query(`update account_tokens set used_at = $2 where id = $1`, [u.tokenId, now])
    await tx.query(`update users set password_hash = $2 where id = $1`, [u.id, hash])
    const ended = (await tx.query(`delete from sessions where user_id = $1 returning sid`, [u.id])).length
    const actorCtx: Ctx = {
      ...ctx,
      actor: { kind: 'user', id: u.id, name: u.name, email: u.email, role: 'council', councilId: null, personId: null },
    }
    await audit(tx, actorCtx, {
      action: purpose === 'invitation' ? 'user.invitation-accepted' : 'user.password-reset',
      visibility: 'programme',
      entity: 'user',
      entityId: u.id,
      councilId: u.councilId,
      after: purpose === 'invitation' ? { passwordSet: true } : { sessionsEnded: ended },
    })
    return { id: u.id }
  })
}

export const resetRequestSchema = z.object({ email: z.string().optional() })

/**
 * Asks for a password reset link. The answer is the same whether or not the email has an account (no account
 * enumeration); each request counts against the address's and email's sign-in limits (decision 0011), so the form
 * can neither flood an inbox nor be used to probe faster than signing in.
 */
export async function requestPasswordReset(
  ctx: Ctx,
  input: unknown,
  opts: MailOptions & { address: string; limiter: LoginLimiter },
): Promise<{ email: string }> {
  const r = resetRequestSchema.safeParse(input ?? {})
  const email = ((r.success ? r.data.email : '') ?? '').trim()
  if (!email) throw AppError.validation({ email: 'Enter your email address' })
  if (!z.email().safeParse(email).success || email.length > 200)
    throw AppError.validation({ email: 'Enter an email address in the correct format, like name@example.gov.uk' })
  // Counted as a failed attempt for this address and email: never taken back.
  await opts.limiter.begin(opts.address, email)
  const user = await ctx.db.one<{ id: number; email: string; name: string; councilId: number | null }>(
    `select id, email, name, council_id as "councilId" from users where lower(email) = lower($1) and not disabled`,
    [email],
  )
  if (user) {
    await ctx.db.transaction(async (tx) => {
      const sys: Ctx = { ...ctx, actor: { kind: 'public' } }
      await issueLink(tx, sys, 'password-reset', user, opts)
      await audit(tx, sys, {
        action: 'user.password-reset-requested',
        visibility: 'programme',
        entity: 'user',
        entityId: user.id,
        councilId: user.councilId,
      })
    })
    // Sent after the answer, so the time taken does not tell whether the account exists.
    void send(ctx.db, ctx.clock, opts)
  }
  return { email }
}

/** Records a successful sign-in (shown to the programme office as "last signed in"). */
export async function recordSignIn(db: Queryable, userId: number, at: Date): Promise<void> {
  await db.query(`update users set last_sign_in_at = $2 where id = $1`, [userId, at])
}
