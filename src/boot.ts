import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import type { Config } from './config/config.ts'
import { openDb, type Db } from './db/db.ts'
import { migrate } from './db/migrate.ts'
import { syncReferenceData } from './frameworks/repo.ts'
import { classifyAllPending } from './themes/repo.ts'

/** Opens the configured database, applies migrations and loads the shipped reference data. */
export async function openAndPrepare(config: Config): Promise<Db> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
  await migrate(db)
  await syncReferenceData(db)
  await classifyAllPending(db, new Date()) // recommendations written another way, or under an older taxonomy
  return db
}

/** SESSION_SECRET, or one generated once and kept in the data directory (development only). */
export function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret
  const file = path.join(config.dataDir, 'session-secret')
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(config.dataDir, { recursive: true })
  const secret = crypto.randomBytes(32).toString('hex')
  fs.writeFileSync(file, secret, { mode: 0o600 })
  return secret
}
