import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import semver from 'semver'
import { productionNodeArgs } from '../testing/process.ts'

const root = path.resolve(import.meta.dirname, '../..')

test('the container runs what npm run start:prod runs, with the heap held (decision 40)', () => {
  const args = productionNodeArgs()
  assert.ok(
    args.some((a) => /^--max-old-space-size=\d+$/.test(a)),
    `start:prod sets no heap limit: ${args.join(' ')}`,
  )
  const cmd = fs
    .readFileSync(path.join(root, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('CMD '))
    .at(-1)
  assert.ok(cmd, 'the Dockerfile has no CMD')
  assert.deepEqual(JSON.parse(cmd.slice(4)), ['node', ...args, 'dist/main.js'])
})

/** The CommonJS packages a fresh process has loaded after running `script` (through tsx, as `npm start`). */
function loadedPackages(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `${script}
      const { createRequire } = await import('node:module')
      const names = Object.keys(createRequire(import.meta.url).cache)
        .map((f) => f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1])
        .filter(Boolean)
      console.log(JSON.stringify([...new Set(names)]))`,
    ],
    { cwd: root, encoding: 'utf8' },
  )
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[]
}

const HEAVY = ['exceljs', 'pdfkit', 'pptxgenjs', '@zxcvbn-ts/language-en', 'nodemailer']

test('a web instance starts without the document, slide and password-dictionary libraries; they load on first use', () => {
  const atStart = loadedPackages(`await import('./src/web/app.ts'); await import('./src/jobs/queue.ts')`)
  assert.ok(atStart.includes('fastify'), `the check sees nothing: ${atStart.join(', ')}`)
  for (const p of HEAVY) assert.ok(!atStart.includes(p), `${p} is loaded when the app starts`)
  const used = loadedPackages(`
    const { newWorkbook } = await import('./src/documents/xlsx.ts')
    newWorkbook().addWorksheet('x')
    const { passwordProblem } = await import('./src/auth/password-policy.ts')
    if (passwordProblem('password1234') === null) throw new Error('a common password passed')`)
  assert.ok(used.includes('exceljs'), 'exceljs is not loaded by a workbook')
  assert.ok(used.includes('@zxcvbn-ts/language-en'), 'the password dictionaries are not loaded by a password check')
})

test('every installed package supports the oldest Node.js that package.json promises (decision 44)', () => {
  const wanted = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
    .engines.node
  const oldest = semver.minVersion(wanted)!
  const refused: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || e.name.startsWith('.')) continue
      const at = path.join(dir, e.name)
      if (e.name.startsWith('@')) {
        walk(at)
        continue
      }
      const file = path.join(at, 'package.json')
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
          name?: string
          version?: string
          engines?: { node?: string }
        }
        const range = pkg.engines?.node
        if (range && semver.validRange(range) && !semver.satisfies(oldest, range))
          refused.push(`${pkg.name}@${pkg.version} wants node ${range} (${path.relative(root, at)})`)
      }
      if (fs.existsSync(path.join(at, 'node_modules'))) walk(path.join(at, 'node_modules'))
    }
  }
  walk(path.join(root, 'node_modules'))
  assert.deepEqual(refused, [], `package.json promises node ${wanted}`)
})
