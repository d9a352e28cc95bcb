// The command line as an operator runs it (a child process): usage and exit codes, `import` of a folder as JSON with
// a failure reported, the same fields as the importer in-process, and no database started to read documents.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { importDocument } from './importer.ts'
import { SNAPSHOT_FILE, refsFromSnapshot, type RefsSnapshot } from './refs.ts'
import { referenceFrameworks, registerCouncils, seeds } from './seeds.ts'

const BIN = path.resolve('bin/peer-challenge.js')
let dataDir = ''
let snapshot: RefsSnapshot

function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL'))
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...base, NODE_ENV: 'test', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })))
}

before(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-import-'))
  // the snapshot a database with the national register leaves in the data directory
  snapshot = {
    version: 1,
    takenAt: new Date().toISOString(),
    councils: registerCouncils(),
    frameworks: referenceFrameworks(),
  }
  fs.writeFileSync(path.join(dataDir, SNAPSHOT_FILE), JSON.stringify(snapshot))
})
after(() => fs.rmSync(dataDir, { recursive: true, force: true }))

test('usage: a mistake prints the command’s usage and exits 2, --help exits 0', async () => {
  const bogus = await cli(['import', '--bogus', 'x.txt'])
  assert.equal(bogus.code, 2, bogus.stderr)
  assert.match(bogus.stderr, /Unknown option '--bogus'/)
  assert.match(bogus.stderr, /Usage: peer-challenge import FILE\|FOLDER\.\.\./)
  assert.doesNotMatch(bogus.stderr, /\n\s+at /, 'no stack trace')
  assert.equal(bogus.stdout, '')

  const help = await cli(['import', '--help'])
  assert.equal(help.code, 0)
  assert.match(help.stdout, /Usage: peer-challenge import/)
  assert.match(help.stdout, /--json/)

  const none = await cli(['import'])
  assert.equal(none.code, 2)
  assert.match(none.stderr, /an argument is missing[\s\S]*Usage: peer-challenge import/)

  const unknown = await cli(['imprt', 'x.txt'])
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /no command 'imprt'[\s\S]*Commands:/)

  const all = await cli(['--help'])
  assert.equal(all.code, 0)
  for (const c of ['migrate', 'import-councils', 'create-user', 'seed-demo', 'reminders', 'import'])
    assert.match(all.stdout, new RegExp(`^  ${c}\\b`, 'm'))
  assert.equal((await cli([])).code, 2)

  // every command parses strictly, before it opens the database
  for (const args of [
    ['migrate', '--force'],
    ['migrate', 'extra'],
    ['import-councils'],
    ['import-bank-holidays', 'a.json', 'b.json'],
    ['create-user', '--email'],
    ['create-user', '--email', 'a@b.gov.uk', '--name', 'A', '--role', 'king'],
    ['seed-demo', '-x'],
    ['reminders', '--now'],
  ]) {
    const r = await cli(args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, new RegExp(`Usage: peer-challenge ${args[0]}`), args.join(' '))
  }
  assert.ok(!fs.existsSync(path.join(dataDir, 'pgdata')), 'no database was created')
})

test('import of a folder with --json: each file’s result and the summary, a bad file reported as a failure', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-docs-'))
  try {
    const [a, b] = seeds()
    fs.writeFileSync(path.join(dir, 'a.txt'), a!.text)
    fs.mkdirSync(path.join(dir, 'more'))
    fs.writeFileSync(path.join(dir, 'more', 'b.md'), b!.text)
    fs.writeFileSync(path.join(dir, 'broken.pdf'), 'not a pdf at all, just words')
    fs.writeFileSync(path.join(dir, 'notes.csv'), 'ignored,because,not,a,report')
    fs.writeFileSync(path.join(dir, '.hidden.txt'), 'ignored')
    const r = await cli(['import', dir, path.join(dir, 'missing.txt'), '--json'])
    assert.equal(r.code, 1, 'a failure makes the exit code 1')
    assert.equal(r.stderr, '', 'no progress bar with --json')
    const out = JSON.parse(r.stdout) as {
      files: {
        file: string
        ok: boolean
        source?: { format: string }
        summary?: unknown
        error?: string
        reason?: string
      }[]
      summary: Record<string, unknown> & { councils: { found: number; list: { code: string }[] } }
    }
    assert.deepEqual(
      out.files.map((f) => [path.relative(dir, f.file), f.ok]),
      [
        ['a.txt', true],
        ['broken.pdf', false],
        [path.join('more', 'b.md'), true],
        ['missing.txt', false],
      ],
    )
    assert.equal(out.files[0]!.source!.format, 'text')
    assert.equal(out.files[2]!.source!.format, 'markdown')
    assert.match(out.files[1]!.error!, /broken\.pdf is called a PDF but it is not a PDF/)
    assert.equal(out.files[1]!.reason, 'unsupported')
    assert.match(out.files[3]!.error!, /no such file/)
    assert.equal(out.files[3]!.reason, 'not-found')
    const s = out.summary
    assert.equal(s['documents'], 4)
    assert.equal(s['read'], 2)
    assert.equal(s['failed'], 2)
    assert.deepEqual(s['byFormat'], { text: 1, markdown: 1 })
    assert.equal(
      Object.values(s['byKind'] as Record<string, number>).reduce((x, y) => x + y, 0),
      2,
    )
    assert.equal(s.councils.found, 2)
    assert.deepEqual(
      (s['failures'] as { file: string; reason: string }[]).map((f) => [path.basename(f.file), f.reason]),
      [
        ['broken.pdf', 'unsupported'],
        ['missing.txt', 'not-found'],
      ],
    )
    assert.equal(typeof s['documentsPerSecond'], 'number')

    // without --json: the summary in words, on stdout; no progress bar when stderr is not a terminal
    const words = await cli(['import', dir])
    assert.equal(words.code, 1)
    assert.match(words.stdout, /^Read 2 of 3 documents in [\d.]+ s \(\d+ a second\); 1 failed\./)
    assert.match(words.stdout, /by format: markdown 1, text 1/)
    assert.match(words.stdout, /councils: +2 found; named in \d/)
    assert.match(words.stdout, /Failures:\n {2}\S*broken\.pdf: .*not a PDF/)
    assert.equal(words.stderr, '')
    const ok = await cli(['import', path.join(dir, 'a.txt')])
    assert.equal(ok.code, 0, ok.stderr)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  assert.ok(!fs.existsSync(path.join(dataDir, 'pgdata')), 'reading documents started no database')
})

test('the command line reads the seed documents with the same fields as the importer in-process', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-seeds-'))
  try {
    const list = seeds()
    for (const s of list) fs.writeFileSync(path.join(dir, s.name), s.text)
    const r = await cli(['import', dir, '--json', '--evidence'])
    assert.equal(r.code, 0, r.stderr)
    const out = JSON.parse(r.stdout) as { files: { file: string; summary: unknown; fields: unknown }[] }
    const refs = refsFromSnapshot(snapshot)
    assert.equal(out.files.length, list.length)
    for (const [i, s] of list.entries()) {
      const here = await importDocument(Buffer.from(s.text), s.name, refs)
      assert.equal(path.basename(out.files[i]!.file), s.name)
      assert.deepEqual(out.files[i]!.summary, JSON.parse(JSON.stringify(here.summary)), s.name)
      assert.deepEqual(out.files[i]!.fields, JSON.parse(JSON.stringify(here.fields)), s.name)
    }
    // on two threads: the same results in the same order
    for (let k = 0; k < 8; k++)
      for (const s of list) fs.writeFileSync(path.join(dir, `copy-${k}-${s.name}`), s.text.replace(/\n/g, '\r\n'))
    const one = await cli(['import', dir, '--json'])
    const two = await cli(['import', dir, '--json', '--jobs', '2'])
    assert.equal(two.code, 0, two.stderr)
    const files = (o: string) =>
      (JSON.parse(o) as { files: { millis?: number }[] }).files.map((f) => ({ ...f, millis: 0 }))
    assert.equal(files(two.stdout).length, 5 * 9)
    assert.deepEqual(files(two.stdout), files(one.stdout))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
