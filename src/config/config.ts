import { z } from 'zod'
import path from 'node:path'
import { loadSsoRules, type SsoRules } from '../accounts/sso-rules.ts'
import { ConfigError, DATABASE_URL_MESSAGE, DATABASE_URL_RULE } from './storage.ts'

export { ConfigError }

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(DATABASE_URL_RULE, DATABASE_URL_MESSAGE).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['true', 'false']).optional(),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(100000).default(50),
  LOGIN_RATE_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 1440)
    .default(480),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Peer Challenge <no-reply@localhost>'),
  PUBLIC_URL: z.string().url('must be a web address such as https://peer-challenge.example.org').optional(),
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
  QUERY_COUNT_HEADER: z.enum(['true', 'false']).default('false'),
  OIDC_ISSUER: z
    .string()
    .url('must be the provider’s address, like https://login.microsoftonline.com/TENANT/v2.0')
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DOMAIN_RULES: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).max(60).default('your organisation’s account'),
})

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  sessionSecret: string | undefined
  logLevel: string
  demoData: boolean
  secureCookies: boolean
  trustProxy: boolean
  /** Failed sign-ins allowed per (address, email) in the window (decision 0011). */
  loginRateLimit: number
  /** Failed sign-ins allowed per address, whatever the email, in the window. */
  loginRateLimitPerAddress: number
  loginRateWindowMinutes: number
  /** A session ends after this long without a request... */
  sessionIdleMinutes: number
  /** ...and this long after sign-in, however active. */
  sessionMaxHours: number
  smtpUrl: string | undefined
  mailFrom: string
  publicUrl: string
  /** How often the reminder job runs in the app; 0 = never (run `peer-challenge reminders` from cron instead). */
  reminderIntervalMinutes: number
  /** Debugging: an `x-queries` header with the statements each request ran (npm run bench:web). */
  queryCountHeader: boolean
  /** Single sign-on with OpenID Connect (decision 0027), when OIDC_ISSUER is set. */
  sso: { issuer: string; clientId: string; clientSecret: string; rules: SsoRules; name: string } | null
}

/** Reads and validates configuration from the environment; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production (at least 32 characters)',
    )
  }
  const problems: string[] = []
  if (c.LOGIN_RATE_LIMIT_PER_ADDRESS < c.LOGIN_RATE_LIMIT)
    problems.push('  LOGIN_RATE_LIMIT_PER_ADDRESS: must be at least LOGIN_RATE_LIMIT')
  if (c.SESSION_MAX_HOURS * 60 < c.SESSION_IDLE_MINUTES)
    problems.push('  SESSION_MAX_HOURS: must be at least SESSION_IDLE_MINUTES')
  let sso: Config['sso'] = null
  if (c.OIDC_ISSUER || c.OIDC_CLIENT_ID || c.OIDC_CLIENT_SECRET) {
    for (const k of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const)
      if (!c[k])
        problems.push(`  ${k}: required for single sign-on (set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)`)
    let rules: SsoRules = { schemaVersion: 1, rules: [] }
    if (c.OIDC_DOMAIN_RULES)
      try {
        rules = loadSsoRules(c.OIDC_DOMAIN_RULES)
      } catch (e) {
        problems.push(`  OIDC_DOMAIN_RULES: ${(e as Error).message}`)
      }
    if (c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET)
      sso = {
        issuer: c.OIDC_ISSUER,
        clientId: c.OIDC_CLIENT_ID,
        clientSecret: c.OIDC_CLIENT_SECRET,
        rules,
        name: c.OIDC_NAME,
      }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`)
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: path.resolve(c.DATA_DIR),
    sessionSecret: c.SESSION_SECRET,
    logLevel: c.LOG_LEVEL,
    demoData: c.DEMO_DATA ? c.DEMO_DATA === 'true' : c.NODE_ENV !== 'production',
    secureCookies: c.SECURE_COOKIES ? c.SECURE_COOKIES === 'true' : c.NODE_ENV === 'production',
    trustProxy: c.TRUST_PROXY === 'true',
    loginRateLimit: c.LOGIN_RATE_LIMIT,
    loginRateLimitPerAddress: c.LOGIN_RATE_LIMIT_PER_ADDRESS,
    loginRateWindowMinutes: c.LOGIN_RATE_WINDOW_MINUTES,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionMaxHours: c.SESSION_MAX_HOURS,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    reminderIntervalMinutes: c.REMINDER_INTERVAL_MINUTES,
    queryCountHeader: c.QUERY_COUNT_HEADER === 'true',
    sso,
  }
}
