import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'
import { figure } from './document.ts'

/**
 * The feedback report as the sector writes it: numbered key recommendations with their explanation beneath, each
 * theme's own recommendations and the council's own questions under it, figures as reports state them, no internal
 * framework label, and next steps that name the LGA's principal adviser with contact details and say what follows.
 */
let env: TestEnv
let mel: number
before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
})
after(async () => env?.close())

test('figures as reports state them: exact, or rounded down and said so', () => {
  assert.equal(figure(6), '6')
  assert.equal(figure(60), '60')
  assert.equal(figure(93), 'more than 90')
  assert.equal(figure(42), 'more than 40')
  assert.equal(figure(235), 'more than 230')
})

test('the council’s questions under each theme: its officers and the PCM set them; others cannot; bad input is explained', async () => {
  const own = await as(env.app, 'melton')
  const api = `/api/challenges/${mel}/scope/questions`
  const form = (await own.get(api)).json()
  assert.equal(form.themes.length, 5)
  const bad = await own.request('PUT', api, { json: { 'q-nonsense': 'What?', 'q-priorities': 'x'.repeat(1001) } })
  assert.equal(bad.statusCode, 400)
  assert.deepEqual(Object.keys(bad.json().fields).sort(), ['q-nonsense', 'q-priorities'])
  const ok = await own.request('PUT', api, {
    json: {
      'q-priorities': 'How well does the council know its rural communities?\n- Is the housing pipeline on track?',
      'q-finance': ['Are the savings in the medium-term plan deliverable?'],
    },
  })
  assert.equal(ok.statusCode, 200, ok.body)
  const page = (await own.get(`/api/challenges/${mel}`)).json()
  const priorities = page.themes.find((t: { key: string }) => t.key === 'priorities')
  assert.deepEqual(priorities.questions, [
    'How well does the council know its rural communities?',
    'Is the housing pipeline on track?',
  ])
  assert.match((await own.get(`/challenges/${mel}/scope`)).body, /The council also asked:[\s\S]*rural communities/)
  assert.equal((await (await as(env.app, 'nwl')).request('PUT', api, { json: {} })).statusCode, 404)
  assert.equal((await (await as(env.app, 'lead')).request('PUT', api, { json: {} })).statusCode, 403)
  assert.ok(
    await env.db.one(`select 1 from audit_log where action = 'challenge.questions-changed' and challenge_id = $1`, [
      mel,
    ]),
  )
})

test('the report: numbered key recommendations, per-theme recommendations and questions, the principal adviser in the next steps', async () => {
  const admin = await as(env.app, 'admin')
  const lead = await as(env.app, 'lead')
  const pcm = await as(env.app, 'pcm')
  // The demo's principal adviser gives way to another, added through the team form with contact details.
  const team = (await admin.get(`/api/challenges/${mel}/team`)).json().private.team as { id: number; role: string }[]
  const old = team.find((m) => m.role === 'principal-adviser')!
  assert.equal((await admin.request('DELETE', `/api/challenges/${mel}/team/${old.id}`)).statusCode, 200)
  const added = await admin.post(`/api/challenges/${mel}/team`, {
    json: {
      name: 'Mona Adviser',
      kind: 'lga',
      role: 'principal-adviser',
      title: 'Principal Adviser, East Midlands',
      organisation: 'Local Government Association',
      email: 'mona.adviser@local.gov.uk',
      phone: '07700 900123',
    },
  })
  assert.equal(added.statusCode, 201, added.body)
  const dup = await admin.post(`/api/challenges/${mel}/team`, {
    json: { name: 'Someone Else', kind: 'lga', role: 'lga-adviser', email: 'MONA.adviser@local.gov.uk' },
  })
  assert.equal(dup.statusCode, 400)
  assert.match(dup.json().fields.email, /Mona Adviser already has this email address/)
  const rec = await pcm.post(`/api/challenges/${mel}/recommendations`, {
    json: {
      kind: 'theme',
      themeKey: 'governance',
      title: 'Refresh the constitution',
      body: 'Before the May elections.',
    },
  })
  assert.equal(rec.statusCode, 201, rec.body)
  await pcm.request('PUT', `/api/challenges/${mel}/scope/questions`, {
    json: { 'q-governance': 'How effective is scrutiny?' },
  })
  const form = (await lead.get(`/api/challenges/${mel}/report/edit`)).json()
  const saved = await lead.post(`/api/challenges/${mel}/report`, {
    json: { ...form.values, baseVersion: form.baseVersion, note: 'With the questions' },
  })
  assert.equal(saved.statusCode, 201, saved.body)
  const md: string = (await lead.get(`/api/challenges/${mel}/report`)).json().markdown
  // Key recommendations numbered 2.1, 2.2, …, the title bold and the explanation beneath.
  assert.match(md, /\n\*\*2\.1 [^*]+\*\*\n/)
  assert.match(md, /\n\*\*2\.2 [^*]+\*\*\n/)
  const keySection = md.slice(md.indexOf('## 2. Key recommendations'), md.indexOf('## 3.'))
  assert.doesNotMatch(keySection, /\n- /, 'no bullets for the key recommendations')
  // No internal framework label in the scope; the council's questions; the theme's own recommendations.
  assert.doesNotMatch(md, /core components of all corporate peer challenges \(/)
  assert.match(
    md,
    /### 4\.3 Governance and culture[\s\S]*The council also asked the peer team:\n\n- How effective is scrutiny\?/,
  )
  assert.match(
    md,
    /### 4\.3 Governance and culture[\s\S]*#### Recommendations\n\n- Refresh the constitution – Before the May elections\./,
  )
  // Figures as reports state them (never "more than 93").
  for (const m of md.matchAll(/more than (\d+) (people|meetings|hours)/g)) assert.match(m[1]!, /[05]$/, m[0])
  // The principal adviser: not one of the peers, named in the next steps with contact details.
  const peers = md.slice(md.indexOf('### The peer team'), md.indexOf('### Scope and focus'))
  assert.doesNotMatch(peers, /Mona Adviser/)
  assert.match(
    md,
    /## 5\. Next steps[\s\S]*Mona Adviser, Principal Adviser, East Midlands, is the main contact[\s\S]*mona\.adviser@local\.gov\.uk, telephone 07700 900123/,
  )
  assert.match(md, /## 5\. Next steps[\s\S]*The peer team will return for a progress review/)
  assert.match(md, /## 5\. Next steps[\s\S]*next corporate peer challenge is due by/)
})
