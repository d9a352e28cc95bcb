/**
 * Where the data lives: the data directory and the database address. All that reading documents on the command line
 * needs (`peer-challenge import` without --save), read here without the full schema of config.ts and its validation
 * library, whose hundred modules were most of that command's start-up. The rules are the same as the schema's.
 */
import path from 'node:path'

export class ConfigError extends Error {}

export interface StorageConfig {
  databaseUrl: string | undefined
  dataDir: string
}

export const DATABASE_URL_RULE = /^postgres(ql)?:\/\//
export const DATABASE_URL_MESSAGE = 'must start with postgres:// or postgresql://'

/** DATA_DIR (default ./data) and DATABASE_URL from the environment; throws ConfigError when either is malformed. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const problems: string[] = []
  const url = env['DATABASE_URL']
  if (url !== undefined && !DATABASE_URL_RULE.test(url)) problems.push(`  DATABASE_URL: ${DATABASE_URL_MESSAGE}`)
  const dir = env['DATA_DIR'] ?? './data'
  if (!dir) problems.push('  DATA_DIR: must not be empty')
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`)
  return { databaseUrl: url, dataDir: path.resolve(dir) }
}
