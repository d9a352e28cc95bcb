import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ACCOUNTS, as, Client, demoEnv, freshDb, type TestEnv } from '../testing/harness.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'

/**
 * Issue 13: a password policy in one place (src/auth/password-policy.ts), used wherever a password is set, and a page
 * to change your own password (/account/password and POST /api/account/password).
 */
let env: TestEnv
before(async () => {
  env = await demoEnv({ loginRateLimit: 3 })
})
after(async () => env.close())

const NEW_PASSWORD = 'lantern-biscuit-harbour-42'
const change = (c: Client, body: Record<string, string>) => c.request('POST', '/api/account/password', { json: body })

test('weak new passwords are refused, each with its reason', async () => {
  const admin = await as(env.app, 'admin') // Programme Office, admin@example.gov.uk
  const weak: [string, RegExp][] = [
    ['aaaaaaaaaaaa', /must not be mostly the same characters repeated/],
    ['abababababab', /must not be mostly the same characters repeated/],
    ['short-one', /must be at least 12 characters/],
    ['x'.repeat(120) + 'y'.repeat(81), /must be 200 characters or fewer/],
    ['abcdefghijkl', /must not be an obvious sequence/],
    ['123456789012', /must not be an obvious sequence/],
    ['qwertyuiop12', /must not be an obvious sequence/],
    ['admin@example.gov.uk', /must not be your email address or name/],
    ['password1234', /harder to guess: this is similar to a commonly used password/],
    ['Password123!', /harder to guess/],
    ['iloveyou2024!', /harder to guess/],
    ['football2020', /harder to guess/],
  ]
  const failures: string[] = []
  for (const [pw, why] of weak) {
    const res = await change(admin, { currentPassword: DEMO_PASSWORD, newPassword: pw, confirmPassword: pw })
    const msg = res.statusCode === 400 ? String(res.json().fields?.newPassword) : `status ${res.statusCode}`
    if (!why.test(msg)) failures.push(`${pw.slice(0, 20)}: ${msg}`)
  }
  assert.deepEqual(failures, [])
  // Nothing changed: the demo password still signs in.
  await new Client(env.app).login(ACCOUNTS.admin, DEMO_PASSWORD)
})

test('the form shows every problem at once and never sends back what was typed', async () => {
  const lead = await as(env.app, 'lead')
  const page = await lead.get('/account/password')
  assert.equal(page.statusCode, 200)
  assert.match(page.body, /<h1 class="govuk-heading-l">Change your password<\/h1>/)
  for (const f of ['currentPassword', 'newPassword', 'confirmPassword'])
    assert.match(page.body, new RegExp(`id="${f}" name="${f}" type="password"`))
  assert.match(page.body, /href="\/account\/password"/, 'linked from the account bar')

  const typed = {
    currentPassword: 'typed-current-9xq',
    newPassword: 'aaaaaaaaaaaa',
    confirmPassword: 'typed-confirm-7kz',
  }
  const res = await lead.request('POST', '/account/password', { form: typed })
  assert.equal(res.statusCode, 400)
  assert.match(res.body, /govuk-error-summary/)
  assert.match(res.body, /href="#currentPassword">Your current password is not right/)
  assert.match(res.body, /href="#newPassword">The password must not be mostly the same characters repeated/)
  assert.match(res.body, /href="#confirmPassword">The passwords do not match/)
  for (const v of Object.values(typed)) assert.ok(!res.body.includes(v), `${v} was sent back`)

  const empty = await lead.request('POST', '/account/password', { form: {} })
  assert.equal(empty.statusCode, 400)
  assert.match(empty.body, /Enter your current password/)
  assert.match(empty.body, /Enter a new password/)
  assert.match(empty.body, /Enter the new password again/)

  const api = await change(lead, { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: 'x' })
  assert.equal(api.statusCode, 400)
  assert.deepEqual(api.json().fields, { confirmPassword: 'The passwords do not match' })
  assert.equal((await lead.get('/api/account/password')).json().policy.minLength, 12)
})

test('changing your password: argon2id, audited without the password, signed out everywhere else but here', async () => {
  const phone = await as(env.app, 'melton')
  const laptop = await as(env.app, 'melton')
  const here = await as(env.app, 'melton')
  const other = await as(env.app, 'nwl')
  const user = (await env.db.one<{ id: number; hash: string }>(
    `select id, password_hash as hash from users where email = $1`,
    [ACCOUNTS.melton],
  ))!

  const res = await change(here, {
    currentPassword: DEMO_PASSWORD,
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  })
  assert.equal(res.statusCode, 200, res.body)
  assert.deepEqual(res.json(), { otherSessionsEnded: 2 })

  const who = async (c: Client) => (await c.get('/api/session')).json().user?.email ?? null
  assert.equal(await who(here), ACCOUNTS.melton, 'this session stays')
  assert.equal(await who(phone), null)
  assert.equal(await who(laptop), null)
  assert.equal(await who(other), ACCOUNTS.nwl, "another user's session is untouched")

  const hash = (await env.db.one<{ hash: string }>(`select password_hash as hash from users where id = $1`, [user.id]))!
    .hash
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  assert.notEqual(hash, user.hash)

  const audit = await env.db.query<Record<string, unknown>>(
    `select * from audit_log where action = 'user.password-changed' and entity_id = $1`,
    [String(user.id)],
  )
  assert.equal(audit.length, 1)
  assert.equal(audit[0]!['actor_id'], user.id)
  const stored = JSON.stringify(audit[0])
  for (const secret of [NEW_PASSWORD, DEMO_PASSWORD, hash, '$argon2id'])
    assert.ok(!stored.includes(secret), `the audit row holds ${secret}`)

  const fresh = new Client(env.app)
  await fresh.token()
  const old = await fresh.request('POST', '/api/login', { json: { email: ACCOUNTS.melton, password: DEMO_PASSWORD } })
  assert.equal(old.statusCode, 401)
  await new Client(env.app).login(ACCOUNTS.melton, NEW_PASSWORD)
})

test('through the form: redirect with a message; the new password must differ from the current one', async () => {
  const pcm = await as(env.app, 'pcm')
  const same = await pcm.request('POST', '/account/password', {
    form: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD, confirmPassword: DEMO_PASSWORD },
  })
  assert.equal(same.statusCode, 400)
  assert.match(same.body, /The new password must be different from the current one/)
  const res = await pcm.request('POST', '/account/password', {
    form: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
  })
  assert.equal(res.statusCode, 303)
  assert.equal(res.headers.location, '/')
  assert.match((await pcm.get('/')).body, /Your password has been changed/)
})

test('a wrong current password counts as a failed sign-in, so the form cannot be used to guess it', async () => {
  const c = await as(env.app, 'nwl')
  const hash = async () =>
    (await env.db.one<{ hash: string }>(`select password_hash as hash from users where email = $1`, [ACCOUNTS.nwl]))!
      .hash
  const before = await hash()
  const right = { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }
  for (let i = 0; i < 3; i++)
    assert.equal((await change(c, { ...right, currentPassword: `guess-${i}` })).statusCode, 400)
  const limited = await change(c, right)
  assert.equal(limited.statusCode, 429)
  assert.ok(Number(limited.headers['retry-after']) > 0)
  assert.match(limited.json().message, /Too many attempts/)
  const signIn = new Client(env.app)
  await signIn.token()
  const login = await signIn.request('POST', '/api/login', { json: { email: ACCOUNTS.nwl, password: DEMO_PASSWORD } })
  assert.equal(login.statusCode, 429, 'signing in to the account from the same address waits too')
  assert.equal(await hash(), before, 'the password did not change')
})

/** Runs the command line as an operator would, on a database of its own. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { ...process.env, NODE_ENV: 'test', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })))
}

test('the command line applies the same policy to create-user', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-cli-'))
  const server = process.env['TEST_DATABASE_URL'] ? await freshDb() : null
  const dbEnv = { DATA_DIR: dataDir, ...(server?.url ? { DATABASE_URL: server.url } : {}) }
  try {
    const args = ['create-user', '--email', 'new.admin@example.gov.uk', '--name', 'New Admin', '--role', 'admin']
    const weak = await cli(args, { ...dbEnv, PEER_CHALLENGE_PASSWORD: 'aaaaaaaaaaaa' })
    assert.equal(weak.code, 1, weak.out)
    assert.match(weak.out, /The password must not be mostly the same characters repeated/)
    const mine = await cli(args, { ...dbEnv, PEER_CHALLENGE_PASSWORD: 'new.admin@example.gov.uk' })
    assert.equal(mine.code, 1, mine.out)
    assert.match(mine.out, /must not be your email address or name/)
    const ok = await cli(args, { ...dbEnv, PEER_CHALLENGE_PASSWORD: DEMO_PASSWORD })
    assert.equal(ok.code, 0, ok.out)
    assert.match(ok.out, /Account \d+ created/)
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
    await server?.drop().catch(() => undefined)
  }
})
