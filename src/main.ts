import closeWithGrace from 'close-with-grace'
import { ConfigError, loadConfig, type Config } from './config/config.ts'
import { openAndPrepare, sessionSecret } from './boot.ts'
import { buildApp, sessionLifetime } from './web/app.ts'
import { systemClock } from './common/clock.ts'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './demo/seed.ts'
import { DbSessionStore } from './auth/session-store.ts'
import { smtpMailer } from './notifications/mailer.ts'
import { scheduleReminders } from './notifications/reminder-job.ts'
import { onRegisterChange } from './councils/service.ts'
import { writeRefsSnapshot } from './importer/refs.ts'

let config: Config
try {
  config = loadConfig()
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message)
    process.exit(1)
  }
  throw e
}

const db = await openAndPrepare(config)
let seeded = false
if (config.demoData) {
  const users = await db.one<{ n: number }>('select count(*)::int as n from users')
  if (!users?.n) {
    console.log('First start: filling the database with demo data…')
    await seedDemo(db, systemClock.today())
    seeded = true
  }
}

// the snapshot `peer-challenge import` reads the register from, without starting the database: kept in step
const snapshot = (q: Parameters<typeof writeRefsSnapshot>[0]) =>
  writeRefsSnapshot(q, config.dataDir).catch((err: unknown) => console.error('importer snapshot not written', err))
await snapshot(db)
onRegisterChange((ctx) => snapshot(ctx.db))

const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null
const app = await buildApp({
  mailer,
  baseUrl: config.publicUrl,
  sso: config.sso,
  db,
  clock: systemClock,
  sessionSecret: sessionSecret(config),
  secureCookies: config.secureCookies,
  trustProxy: config.trustProxy,
  loginRateLimit: config.loginRateLimit,
  loginRateLimitPerAddress: config.loginRateLimitPerAddress,
  loginRateWindowMinutes: config.loginRateWindowMinutes,
  sessionIdleMinutes: config.sessionIdleMinutes,
  sessionMaxHours: config.sessionMaxHours,
  logger: { level: config.logLevel },
  queryCountHeader: config.queryCountHeader,
  production: config.env === 'production',
})
const store = new DbSessionStore(db, systemClock, sessionLifetime(config))
const pruner = setInterval(() => store.prune().catch((err) => app.log.warn({ err }, 'session prune failed')), 3600_000)
pruner.unref()
// Reminders: a background job per slot of the interval, queued once whichever instances ask (decision 33).
const reminders = async () => {
  try {
    const id = await scheduleReminders(db, systemClock, config.reminderIntervalMinutes)
    if (id) app.log.info({ job: id }, 'reminder job queued')
  } catch (err) {
    app.log.error({ err }, 'could not queue the reminder job')
  }
}
// asked every minute (the interval is whole minutes): a new slot is queued within a minute of its start
const reminderTimer = config.reminderIntervalMinutes ? setInterval(reminders, 60_000) : null
reminderTimer?.unref()
const firstRun = config.reminderIntervalMinutes ? setTimeout(reminders, 15_000) : null
firstRun?.unref()

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  clearInterval(pruner)
  if (reminderTimer) clearInterval(reminderTimer)
  if (firstRun) clearTimeout(firstRun)
  mailer?.close()
  await app.close()
  await db.close()
})

await app.listen({ port: config.port, host: config.host })
const url = `http://localhost:${config.port}`
// One write, so that whoever waits for "is running" also has the accounts that follow it.
const lines = [
  `\nPeer Challenge is running on ${url} (database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
]
if (config.demoData) {
  lines.push(`${seeded ? 'Demo data loaded.' : 'Demo accounts'} — every demo account's password is: ${DEMO_PASSWORD}`)
  for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.email.padEnd(34)} ${a.what}`)
  lines.push('  (or browse as the public without signing in)')
}
process.stdout.write(lines.join('\n') + '\n')
