import { z } from 'zod'
import { id } from '../web/presenters.ts'

const role = z.enum(['admin', 'peer', 'council'])

/** POST /api/login's input. */
export const loginInput = z.object({
  email: z.string().meta({ format: 'email' }),
  password: z.string(),
})

export const signedIn = z.object({
  user: z
    .object({ id, name: z.string(), email: z.string(), role })
    .nullable()
    .meta({ description: 'Who is now signed in; null while a two-factor code is still to come' }),
  twoFactorRequired: z.boolean().meta({
    description:
      'The password was right and the account uses two-factor sign-in: send the code to POST /api/login/two-factor',
  }),
})

export const session = z.object({
  user: z
    .object({
      id,
      name: z.string(),
      email: z.string(),
      role,
      councilId: id.nullable(),
      personId: id.nullable(),
    })
    .nullable()
    .meta({ description: 'Who is signed in; null for the public' }),
  csrfToken: z.string().meta({ description: 'Send it as x-csrf-token on every POST, PUT and DELETE' }),
})

/** GET /api/account/password: the rules a new password must meet. */
export const passwordPage = z.object({
  email: z.string(),
  policy: z.object({ minLength: z.number().int(), maxLength: z.number().int() }),
})

/** POST /api/account/password: how many other sessions were ended. */
export const passwordChanged = z.object({ otherSessionsEnded: z.number().int() })
