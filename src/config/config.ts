import { z } from 'zod'
import path from 'node:path'

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['true', 'false']).optional(),
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Peer Challenge <no-reply@localhost>'),
  PUBLIC_URL: z.string().url('must be a web address such as https://peer-challenge.example.org').optional(),
  REMINDER_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(1440).default(60),
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
  loginRateLimit: number
  smtpUrl: string | undefined
  mailFrom: string
  publicUrl: string
  /** How often the reminder job runs in the app; 0 = never (run `peer-challenge reminders` from cron instead). */
  reminderIntervalMinutes: number
}

export class ConfigError extends Error {}

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
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    reminderIntervalMinutes: c.REMINDER_INTERVAL_MINUTES,
  }
}
