import { z } from 'zod'
import { id } from '../web/presenters.ts'

const role = z.enum(['admin', 'peer', 'council'])

/** POST /api/login's input. */
export const loginInput = z.object({
  email: z.string().meta({ format: 'email' }),
  password: z.string(),
})

export const signedIn = z.object({
  user: z.object({ id, name: z.string(), email: z.string(), role }),
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
