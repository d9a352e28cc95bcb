import { z } from 'zod'
import { id, isoDateTime } from '../web/presenters.ts'

const role = z.enum(['admin', 'peer', 'council'])
const status = z.enum(['active', 'invited', 'deactivated'])

export const account = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  roleLabel: z.string(),
  councilId: id.nullable(),
  councilCode: z.string().nullable(),
  councilName: z.string().nullable(),
  personId: id.nullable(),
  personName: z.string().nullable(),
  status,
  statusLabel: z.string(),
  totp: z.boolean().meta({ description: 'Two-factor authentication is on' }),
  ssoLinked: z.boolean().meta({ description: 'Linked to a single sign-on account' }),
  lastSignInAt: isoDateTime.nullable(),
  invitedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
})

export const accountList = z.object({
  users: z.array(account),
  page: z.number().int(),
  pages: z.number().int(),
  total: z.number().int(),
  filters: z.object({ q: z.string(), status: z.string() }),
  can: z.object({ invite: z.boolean(), manage: z.boolean() }),
})

export const accountPage = z.object({
  user: account,
  can: z.object({ edit: z.boolean(), deactivate: z.boolean(), resend: z.boolean() }),
})

export const inviteFormPresenter = z.object({
  roles: z.array(z.object({ value: z.string(), text: z.string() })),
  peers: z.array(z.object({ id, name: z.string() })),
  ownCouncil: z.object({ code: z.string(), name: z.string() }).nullable(),
})

export const accountRef = z.object({ id })
export const activeChanged = z.object({ id, sessionsEnded: z.number().int() })

export const councilSettings = z.object({
  councils: z.array(z.object({ code: z.string(), name: z.string(), updatedAt: isoDateTime })),
})
export const councilSettingChanged = z.object({ code: z.string(), allowed: z.boolean() })

export const linkPagePresenter = z.object({ name: z.string(), email: z.string() })
export const resetRequested = z.object({
  email: z
    .string()
    .meta({ description: 'A link is sent if an account has this address; the answer is the same either way' }),
})

/** GET /api/account/two-factor (decision 0032). */
export const twoFactorPage = z.object({
  enabled: z.boolean(),
  enabledAt: isoDateTime.nullable(),
  recoveryCodesLeft: z.number().int(),
  pending: z
    .object({
      secret: z.string().meta({ description: 'The secret to type into an authenticator app (base32, in groups of 4)' }),
      uri: z.string().meta({ description: 'The otpauth:// address an authenticator app reads' }),
    })
    .nullable()
    .meta({ description: 'Set-up started and not yet confirmed with a code' }),
  recoveryCodes: z
    .array(z.string())
    .nullable()
    .meta({ description: 'Recovery codes just made, shown once (null afterwards)' }),
})
export const twoFactorStarted = z.object({ started: z.boolean() })
export const recoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).meta({ description: 'Ten single-use recovery codes: shown this once' }),
})
export const twoFactorOff = z.object({ enabled: z.boolean() })
