import crypto from 'node:crypto'
import * as OTPAuth from 'otpauth'

/**
 * The rules of two-factor sign-in (decision 0032): RFC 6238 TOTP (SHA-1, 6 digits, 30 seconds, what every
 * authenticator app reads), one step either side accepted for clock drift, a code used once (its step must be later
 * than the last accepted one), and ten single-use recovery codes kept as SHA-256 hashes.
 */
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_WINDOW = 1
export const RECOVERY_CODE_COUNT = 10
/** Failed code attempts allowed per account in the window, across sign-in and the account page. */
export const CODE_ATTEMPTS = { max: 5, windowMinutes: 15 } as const
/** How long the half-signed-in state (right password, code still to give) lasts. */
export const PENDING_MINUTES = 5
export const ISSUER = 'Peer Challenge'

export function newSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32
}

function totp(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secret),
  })
}

/** The otpauth:// address an authenticator app reads (from a QR code, or typed). */
export function otpauthUri(secret: string, email: string): string {
  return totp(secret, email).toString()
}

/** The secret in groups of four, easier to type. */
export const groupSecret = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ')

/** The code an app shows at a time (for tests and the browser tests' "phone"). */
export function codeAt(secret: string, at: Date): string {
  return totp(secret, 'x').generate({ timestamp: at.getTime() })
}

/** Digits only; spaces and dashes people type are ignored. */
export const normaliseCode = (code: string) => code.replace(/[\s-]/g, '')

export const looksLikeTotp = (code: string) => /^\d{6}$/.test(normaliseCode(code))

/**
 * The time step the code belongs to when it is right at `at` and later than `lastStep` (a code is used once), or
 * null.
 */
export function acceptedStep(secret: string, code: string, at: Date, lastStep: number | null): number | null {
  const token = normaliseCode(code)
  if (!/^\d{6}$/.test(token)) return null
  const delta = totp(secret, 'x').validate({ token, timestamp: at.getTime(), window: TOTP_WINDOW })
  if (delta == null) return null
  const step = Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta
  if (lastStep != null && step <= lastStep) return null
  return step
}

// Recovery codes: 10 characters from an alphabet without look-alikes, shown as two groups of five.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

export function newRecoveryCodes(n = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: n }, () => {
    const s = Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join('')
    return `${s.slice(0, 5)}-${s.slice(5)}`
  })
}

/** A recovery code as typed (any case, with or without the dash or spaces) in its stored form. */
export function normaliseRecoveryCode(code: string): string | null {
  const s = code.toLowerCase().replace(/[\s-]/g, '')
  return /^[a-z2-9]{10}$/.test(s) ? `${s.slice(0, 5)}-${s.slice(5)}` : null
}

export const hashRecoveryCode = (code: string) => crypto.createHash('sha256').update(code).digest('hex')
