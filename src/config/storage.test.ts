import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { loadConfig } from './config.ts'
import { ConfigError, loadStorageConfig } from './storage.ts'

test('where the data lives: DATA_DIR resolved (./data by default) and DATABASE_URL as given', () => {
  assert.deepEqual(loadStorageConfig({}), { databaseUrl: undefined, dataDir: path.resolve('./data') })
  assert.deepEqual(loadStorageConfig({ DATA_DIR: '/srv/pc', DATABASE_URL: 'postgresql://u@h/db' }), {
    databaseUrl: 'postgresql://u@h/db',
    dataDir: '/srv/pc',
  })
})

test('where the data lives: a malformed value is the same ConfigError as the full configuration gives', () => {
  const bad = { DATABASE_URL: 'mysql://nope', DATA_DIR: '' }
  assert.throws(
    () => loadStorageConfig(bad),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError)
      assert.match(e.message, /^Invalid configuration:/)
      assert.match(e.message, /DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//)
      assert.match(e.message, /DATA_DIR: /)
      return true
    },
  )
  // the full configuration throws the same class, with the same words for the database address
  assert.throws(
    () => loadConfig({ DATABASE_URL: 'mysql://nope' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError)
      assert.match(e.message, /DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//)
      return true
    },
  )
})

test('where the data lives: agrees with the full configuration on a valid environment', () => {
  const env = { DATA_DIR: 'some/where', DATABASE_URL: 'postgres://x@y/z' }
  const full = loadConfig(env)
  assert.deepEqual(loadStorageConfig(env), { databaseUrl: full.databaseUrl, dataDir: full.dataDir })
})
