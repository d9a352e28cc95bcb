import fs from 'node:fs'
import { z } from 'zod'
import { emailDomain } from './rules.ts'

/**
 * Who single sign-on lets in, and as what (decision 0027): data, not code. Each rule names an email domain (the part
 * after @, exactly, or with `subdomains` any domain under it) and the role an account signing in from it gets when it
 * has none yet: the programme office, a council's officers (by the council's register code), or peers (matched to
 * their profile in the pool by email). The first rule that matches counts; an address no rule matches gets in only if
 * an account with that email already exists.
 */
export const ssoRulesSchema = z.object({
  schemaVersion: z.literal(1),
  source: z.string().optional(),
  rules: z.array(
    z.discriminatedUnion('role', [
      z.object({ domain: z.string().min(1), subdomains: z.boolean().optional(), role: z.literal('admin') }),
      z.object({
        domain: z.string().min(1),
        subdomains: z.boolean().optional(),
        role: z.literal('council'),
        council: z.string().min(1),
      }),
      z.object({ domain: z.string().min(1), subdomains: z.boolean().optional(), role: z.literal('peer') }),
    ]),
  ),
})
export type SsoRules = z.infer<typeof ssoRulesSchema>
export type SsoRule = SsoRules['rules'][number]

export function ruleFor(rules: SsoRules, email: string): SsoRule | null {
  const d = emailDomain(email)
  if (!d) return null
  return (
    rules.rules.find((r) => {
      const want = r.domain.toLowerCase().replace(/^@/, '')
      return d === want || (!!r.subdomains && d.endsWith(`.${want}`))
    }) ?? null
  )
}

/** Reads the rules file (a path) or inline JSON; throws a message naming what is wrong. */
export function loadSsoRules(value: string): SsoRules {
  const text = value.trim().startsWith('{') ? value : fs.readFileSync(value, 'utf8')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error('is not valid JSON')
  }
  const r = ssoRulesSchema.safeParse(json)
  if (!r.success) throw new Error(r.error.issues.map((i) => `${i.path.join('.') || 'rules'}: ${i.message}`).join('; '))
  return r.data
}
