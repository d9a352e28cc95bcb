#!/usr/bin/env node
// Runs the test suites with node's own test runner (and tsx for TypeScript).
//   (no flag)      unit + integration (+ browser when Chromium is installed)
//   --unit         *.test.ts that are not integration or browser tests
//   --integration  *.int.test.ts (database, HTTP); on PostgreSQL when TEST_DATABASE_URL is set
//   --browser      *.browser.test.ts (Playwright with Debian's chromium, axe)
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const args = process.argv.slice(2)
const want = new Set(args.filter((a) => a.startsWith('--')).map((a) => a.slice(2)))
const only = args.filter((a) => !a.startsWith('--'))
const all = want.size === 0

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p) : [p]
  })
}

const files = walk('src')
  .filter((f) => f.endsWith('.test.ts'))
  .sort()
const kind = (f) => (f.endsWith('.int.test.ts') ? 'integration' : f.endsWith('.browser.test.ts') ? 'browser' : 'unit')
let selected = files.filter((f) => all || want.has(kind(f)))
if (only.length) selected = selected.filter((f) => only.some((o) => f.includes(o)))

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!fs.existsSync(chromium) && selected.some((f) => kind(f) === 'browser')) {
  if (want.has('browser') || process.env.REQUIRE_BROWSER) {
    console.error(`Browser tests need Chromium at ${chromium} (Debian: apt-get install chromium).`)
    process.exit(1)
  }
  console.log(`# Browser tests skipped: no Chromium at ${chromium} (Debian: apt-get install chromium).`)
  selected = selected.filter((f) => kind(f) !== 'browser')
}
if (!selected.length) {
  console.error('No test files selected')
  process.exit(1)
}
const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...selected], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
})
process.exit(res.status ?? 1)
