import crypto from 'node:crypto'

/**
 * The rules of account links (decision 0027): how long an invitation or a password reset link lasts, and how its
 * token is made and kept. A token is 32 random bytes (base64url) shown once, in the email; the database keeps its
 * SHA-256 alone, so a copy of the database cannot be used to sign in.
 */
export const LINK_LIFETIME_HOURS = { invitation: 7 * 24, 'password-reset': 1 } as const
export type LinkPurpose = keyof typeof LINK_LIFETIME_HOURS

export function newToken(): { token: string; hash: string } {
  const token = crypto.randomBytes(32).toString('base64url')
  return { token, hash: hashToken(token) }
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex')
}

/** Tokens are 43 base64url characters; anything else is not one of ours (and is not looked up). */
export const isTokenShape = (t: string) => /^[A-Za-z0-9_-]{43}$/.test(t)

export type AccountStatus = 'active' | 'invited' | 'deactivated'

export function accountStatus(u: { disabled: boolean; hasPassword: boolean; ssoLinked: boolean }): AccountStatus {
  if (u.disabled) return 'deactivated'
  return u.hasPassword || u.ssoLinked ? 'active' : 'invited'
}

export const STATUS_LABELS: Record<AccountStatus, string> = {
  active: 'Active',
  invited: 'Invited',
  deactivated: 'Deactivated',
}

export const ROLE_LABELS = { admin: 'Programme office', peer: 'Peer', council: 'Council officer' } as const

/** The email's domain, lower case ('' when there is none). */
export const emailDomain = (email: string) => (email.split('@')[1] ?? '').trim().toLowerCase()
