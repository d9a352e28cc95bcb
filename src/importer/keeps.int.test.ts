import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Client, freshDb, multipart, TEST_SESSION_SECRET, TODAY } from '../testing/harness.ts'
import { buildApp } from '../web/app.ts'
import { fixedClock } from '../common/clock.ts'
import { SYSTEM_ACTOR, createUser } from '../auth/users.ts'
import { importRegister } from '../councils/service.ts'
import { DEMO_PASSWORD } from '../demo/seed.ts'
import type { Db } from '../db/db.ts'

/**
 * Importing each of the five seed documents and saving it as the review page offers loses nothing that was read: the
 * team with its roles (the peer challenge manager as such), key and per-theme recommendations, the principal
 * adviser with contact details, the on-site figures, the next steps, the previous challenge, the meetings the
 * document went to, its kind, and the stage it proves (published when the publication date is known).
 */
const FIXTURES = path.resolve('test/fixtures/import')
const expected = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected', file.replace(/\.txt$/, '.json')), 'utf8'))

let db: Db
let drop: () => Promise<void>
let app: FastifyInstance
let admin: Client
before(async () => {
  ;({ db, drop } = await freshDb())
  const sys = { db, actor: SYSTEM_ACTOR, clock: fixedClock(TODAY) }
  await importRegister(sys, fs.readFileSync(path.resolve('test/fixtures/uk_local_authorities_current.csv'), 'utf8'))
  await createUser(sys, { email: 'admin@example.gov.uk', name: 'Admin', password: DEMO_PASSWORD, role: 'admin' })
  app = await buildApp({ db, clock: fixedClock(`${TODAY}T12:00:00Z`), sessionSecret: TEST_SESSION_SECRET })
  await app.ready()
  admin = await new Client(app).login('admin@example.gov.uk')
})
after(async () => {
  await app?.close()
  await drop?.()
})

async function importAndSave(file: string) {
  const up = await admin.request(
    'POST',
    '/api/imports',
    multipart({}, { name: file, content: fs.readFileSync(path.join(FIXTURES, file)) }),
  )
  assert.equal(up.statusCode, 201, up.body)
  const id = up.json().id as number
  const page = (await admin.get(`/api/imports/${id}`)).json()
  const saved = await admin.post(`/api/imports/${id}/save`, { json: page.values })
  assert.equal(saved.statusCode, 200, `${file}: ${saved.body}`)
  return { challengeId: saved.json().challengeId as number, values: page.values }
}

const row = async <T>(sql: string, id: number) => (await db.one<T>(sql, [id]))!
const rows = async <T>(sql: string, id: number) => db.query<T>(sql, [id])

test('importing each seed document and saving it keeps everything it read, at the stage the document proves', async () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'))
  assert.equal(files.length, 5)
  for (const file of files) {
    const e = expected(file)
    const { challengeId: id } = await importAndSave(file)
    const ch = await row<{ code: string; stage: string; start: string; publicFrom: string | null }>(
      `select co.code, c.stage, c.onsite_start::text as start, c.report_public_from::text as "publicFrom"
         from challenges c join councils co on co.id = c.council_id where c.id = $1`,
      id,
    )
    assert.equal(ch.code, e.council.registerCode, `${file}: council`)
    // The team, every peer with a role; the LGA's peer challenge manager as the PCM.
    const team = await rows<{ name: string; role: string }>(
      `select p.name, t.role from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role <> 'principal-adviser' order by t.position`,
      id,
    )
    assert.equal(team.length, e.peers.length, `${file}: peers`)
    if (e.peers.some((p: { kind: string }) => p.kind === 'lga'))
      assert.ok(
        team.some((t) => t.role === 'pcm'),
        `${file}: a peer challenge manager among ${team.map((t) => t.role)}`,
      )
    // Recommendations: the key ones, and every per-theme one under its theme.
    const recs = await rows<{ kind: string; themeKey: string | null }>(
      `select kind, theme_key as "themeKey" from recommendations where challenge_id = $1`,
      id,
    )
    assert.equal(
      recs.filter((r) => r.kind === 'key').length,
      e.keyRecommendations.length,
      `${file}: key recommendations`,
    )
    const themeCounts = e.themeRecommendations
      ? Object.values(e.themeRecommendations as Record<string, number>).reduce((a, b) => a + b, 0)
      : 0
    assert.equal(recs.filter((r) => r.kind === 'theme').length, themeCounts, `${file}: per-theme recommendations`)
    if (themeCounts) assert.equal(new Set(recs.filter((r) => r.kind === 'theme').map((r) => r.themeKey)).size, 5)
    // What the document states: its figures, next steps and previous challenge, as stated.
    const facts = Object.fromEntries(
      (
        await rows<{ key: string; value: Record<string, unknown> }>(
          `select key, value from stated_facts where challenge_id = $1`,
          id,
        )
      ).map((f) => [f.key, f.value]),
    )
    for (const [k, field] of [
      ['peopleMet', 'peopleMet'],
      ['meetings', 'meetings'],
      ['interviews', 'interviews'],
      ['hours', 'hours'],
      ['personWeeksEquivalent', 'personWeeks'],
    ] as const)
      if (e.stats[k] !== null)
        assert.equal((facts['figures'] as Record<string, number>)[field], e.stats[k], `${file}: ${k}`)
    const next = e.nextSteps
    if (next.followUp) assert.match(String((facts['next-steps'] as Record<string, string>).followUp), /follow up/i)
    if (next.checkIn) assert.match(String((facts['next-steps'] as Record<string, string>).checkIn), /check-in/)
    if (next.nextChallengeBy)
      assert.equal((facts['next-steps'] as Record<string, string>).nextChallengeBy, next.nextChallengeBy)
    if (e.previousChallenge) assert.deepEqual(facts['previous-challenge'], { on: e.previousChallenge })
    // The principal adviser, with contact details, in the next steps (not one of the peers).
    if (next.principalAdviser) {
      const adviser = await row<{ name: string; email: string | null } | undefined>(
        `select p.name, p.email from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role = 'principal-adviser'`,
        id,
      )
      assert.equal(adviser?.name, next.principalAdviser, `${file}: principal adviser`)
      assert.match(adviser?.email ?? '', /@local\.gov\.uk$/, `${file}: adviser's email`)
    }
    // The meetings it went to, under their own names; the document's kind.
    const meetings = await rows<{ name: string; date: string }>(
      `select body_name as name, meeting_date::text as date from meetings where challenge_id = $1 order by meeting_date`,
      id,
    )
    const wanted = [e.meeting, e.meeting?.then].filter((m) => m?.date).map((m) => ({ name: m.body, date: m.date }))
    assert.deepEqual(meetings, wanted, `${file}: meetings`)
    const doc = await row<{ kind: string }>(`select kind from documents where challenge_id = $1`, id)
    assert.equal(
      doc.kind,
      e.documentKind === 'feedback-report' ? 'final-report' : 'committee-paper',
      `${file}: the document's kind`,
    )
    // The stage it proves: a report that went to a public meeting was published with its papers.
    const published = e.documentKind !== 'progress-report' && wanted.length ? wanted.at(-1)!.date : null
    assert.equal(ch.publicFrom, published, `${file}: publication`)
    assert.equal(ch.stage, published ? 'published' : 'final', `${file}: stage`)
  }
})

test('a peer’s title then stays on the team membership: a past role does not become the person’s current title', async () => {
  const people = await db.query<{ title: string | null }>(`select title from people where name = 'Abi Brown'`)
  assert.equal(people.length, 1)
  assert.equal(people[0]!.title, null)
  const member = await db.one<{ title: string }>(
    `select t.title from team_members t join people p on p.id = t.person_id where p.name = 'Abi Brown'`,
  )
  assert.match(member!.title, /2019-23/)
})
