import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { BATCH_V8_FLAGS } from './batch-tuning.ts'

// v8.setFlagsFromString ignores a flag V8 does not know: a Node release that drops one would make the command line
// slower without a word. Node itself refuses an unknown flag, so each is tried there.
test('every V8 flag the command line’s import sets is one this Node knows', () => {
  for (const flag of BATCH_V8_FLAGS) {
    const r = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' })
    assert.equal(r.status, 0, `${flag}: ${r.stderr}`)
    assert.equal(r.stderr, '', flag)
  }
  const bad = spawnSync(process.execPath, ['--no-such-v8-flag', '-e', '0'], { encoding: 'utf8' })
  assert.notEqual(bad.status, 0)
})
