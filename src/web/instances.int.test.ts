import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { freshDb } from '../testing/harness.ts'
import { HttpClient, startApp } from '../testing/process.ts'

// Two app processes on one PostgreSQL behave as one (issue 17, decision 0026): a session made on one is good on the
// other, a change made through one is seen through the other, failed sign-ins count across both, an upload through one
// downloads from the other, and the reminder job run on both at once sends each reminder once. PGlite is one process's
// database, so this runs on PostgreSQL only (TEST_DATABASE_URL, as CI's second pass).
const url = process.env['TEST_DATABASE_URL']
const PASSWORD = 'peer-challenge-demo'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

test(
  'two instances on one PostgreSQL: one session, one history, one login limit, one upload, reminders once',
  {
    skip: url ? false : 'needs PostgreSQL (TEST_DATABASE_URL): the embedded database belongs to one process',
  },
  async () => {
    const server = await freshDb()
    const received: { to: string; subject: string }[] = []
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, cb) {
        let data = ''
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')))
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            subject: /^Subject: (.*)$/m.exec(data)?.[1] ?? '',
          })
          cb()
        })
      },
    })
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'pc-instance-')))
    const [portA, portB] = [await freePort(), await freePort()]
    const common = {
      DATABASE_URL: server.url!,
      SESSION_SECRET: 'the-same-secret-on-every-instance-0123456789',
      LOGIN_RATE_LIMIT: '3',
      REMINDER_INTERVAL_MINUTES: '0',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    }
    // A first, so that one of them fills the empty database with the demo data; B finds it there.
    const a = startApp({ ...common, PORT: String(portA), DATA_DIR: dirs[0]! })
    const stopAll = async () => {
      for (const p of [a, b]) {
        if (!p) continue
        p.stop()
        await p.exited
      }
    }
    let b: ReturnType<typeof startApp> | undefined
    try {
      await a.ready
      b = startApp({ ...common, PORT: String(portB), DATA_DIR: dirs[1]! })
      await b.ready
      assert.doesNotMatch(b.output(), /Demo data loaded/)
      const A = `http://127.0.0.1:${portA}`
      const B = `http://127.0.0.1:${portB}`
      for (const base of [A, B]) {
        const ready = await fetch(`${base}/ready`)
        assert.equal(ready.status, 200)
        assert.equal((await ready.json()).database, 'postgres')
      }

      // Signed in on A; the same cookie acts on B, and A sees what B did.
      const onA = await new HttpClient(A).login('admin@example.gov.uk', PASSWORD)
      const onB = onA.on(B)
      assert.equal((await onB.request('GET', '/api/session')).body.user?.email, 'admin@example.gov.uk')
      const list = (await onA.request('GET', '/api/challenges')).body.items as { id: number; reference: string }[]
      const mel = list.find((c) => c.reference === 'CPC-2026-MEL')!.id
      const form = (await onB.request('GET', `/api/challenges/${mel}/edit`)).body
      const c = form.challenge
      const put = await onB.request('PUT', `/api/challenges/${mel}`, {
        version: c.version,
        frameworkId: c.frameworkId,
        onsiteStart: c.onsiteStart ?? '',
        onsiteEnd: c.onsiteEnd ?? '',
        scopingDate: c.scopingDate ?? '',
        feedbackDate: c.feedbackDate ?? '',
        focusAreas: form.focusAreas ?? [],
        notes: 'Written through instance B',
      })
      assert.equal(put.status, 200, JSON.stringify(put.body))
      assert.equal(
        (await onA.request('GET', `/api/challenges/${mel}`)).body.challenge.notes,
        'Written through instance B',
      )
      const history = (await onA.request('GET', `/api/challenges/${mel}/history`)).body.history
      assert.match(JSON.stringify(history.entries[0]), /Written through instance B/)

      // An upload through A downloads, byte for byte, from B (documents live in the database, not on one disk).
      const content = Buffer.from('%PDF-1.4\n% uploaded through A\ntrailer << >>\n%%EOF\n')
      const fd = new FormData()
      fd.set('kind', 'position-statement')
      fd.set('title', 'Position statement')
      fd.set('file', new Blob([content], { type: 'application/pdf' }), 'position.pdf')
      const up = await onA.send('POST', `/api/challenges/${mel}/documents`, fd)
      assert.equal(up.status, 201, await up.clone().text())
      const docs = (await onB.request('GET', `/api/challenges/${mel}/documents`)).body.documents as {
        title: string
        versions: { versionId: number }[]
      }[]
      const doc = docs.find((d) => d.title === 'Position statement')!
      const dl = await onB.send('GET', `/challenges/${mel}/documents/${doc.versions[0]!.versionId}/download`)
      assert.equal(dl.status, 200)
      assert.deepEqual(Buffer.from(await dl.arrayBuffer()), content)

      // Signed out on B: the session is gone on A too.
      assert.equal((await onB.request('POST', '/api/logout', {})).status, 200)
      assert.equal((await onA.request('GET', '/api/session')).body.user ?? null, null)

      // Failed sign-ins count across both (LOGIN_RATE_LIMIT=3): two on A, one on B, then both refuse.
      const wrong = async (base: string) => {
        const client = new HttpClient(base)
        const csrf = (await client.request('GET', '/api/session')).body.csrfToken
        ;(client as unknown as { csrf: string }).csrf = csrf
        return client.request('POST', '/api/login', { email: 'pcm@example.gov.uk', password: 'not the password' })
      }
      assert.equal((await wrong(A)).status, 401)
      assert.equal((await wrong(A)).status, 401)
      assert.equal((await wrong(B)).status, 401)
      assert.equal((await wrong(B)).status, 429)
      assert.equal((await wrong(A)).status, 429)

      // The reminder job run on both at once: each reminder written once and sent once. (The demo's dates are fixed:
      // the approved plan's actions open again, led by a demo officer and due in 7 days from the real today.)
      await server.db.query(
        `update action_plans set status = 'approved', approved_on = coalesce(approved_on, current_date)
        where id = (select min(id) from action_plans)`,
      )
      await server.db.query(
        `update plan_actions set status = 'in-progress', target_date = (now() at time zone 'Europe/London')::date + 7,
          owner_user_id = (select id from users where email = 'officer@nwleics.example.gov.uk')
        where plan_id = (select min(id) from action_plans)`,
      )
      const admin = await new HttpClient(A).login('admin@example.gov.uk', PASSWORD)
      const runs = await Promise.all([
        admin.request('POST', '/api/outbox/run', {}),
        admin.on(B).request('POST', '/api/outbox/run', {}),
        admin.request('POST', '/api/outbox/run', {}),
        admin.on(B).request('POST', '/api/outbox/run', {}),
      ])
      for (const r of runs) assert.equal(r.status, 200, JSON.stringify(r.body))
      const outbox = await server.db.query<{ toEmail: string; subject: string; sent: boolean }>(
        `select to_email as "toEmail", subject, sent_at is not null as sent from outbox`,
      )
      assert.ok(outbox.length > 0, 'the demo data has reminders due')
      assert.ok(outbox.every((m) => m.sent))
      const sent = received.map((m) => `${m.to} ${m.subject}`).sort()
      assert.equal(sent.length, outbox.length, 'one email a reminder')
      assert.equal(new Set(sent).size, sent.length, 'no email twice')
      const runsAgain = await admin.on(B).request('POST', '/api/outbox/run', {})
      assert.equal(runsAgain.body.created, 0)
      assert.equal(received.length, outbox.length)

      // Both shut down cleanly on SIGTERM.
      a.stop()
      b.stop()
      assert.equal(await a.exited, 0)
      assert.equal(await b.exited, 0)
    } finally {
      await stopAll().catch(() => undefined)
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
      await server.drop().catch(() => undefined)
    }
  },
)
