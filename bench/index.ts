// npm run bench: figures for the pages that compute the most (deadlines and five-year cycles), on PGlite.
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { as, demoEnv } from '../src/testing/harness.ts'
import { computeDeadlines } from '../src/frameworks/deadlines.ts'
import { referenceData } from '../src/frameworks/reference.ts'

const ref = referenceData()
const holidays = new Set(ref.bankHolidays['england-and-wales']!.events.map((e) => e.date))
const rules = ref.frameworks.find((f) => f.code === 'cpc-2024-strengthened')!.rules
const facts = {
  onsiteStart: '2024-06-26',
  onsiteEnd: '2024-06-28',
  precision: 'day' as const,
  cancelled: false,
  events: { draft_issued: '2024-08-01' },
  parent: null,
  children: [],
  nextReview: null,
}
const n = 100_000
let t = performance.now()
for (let i = 0; i < n; i++) computeDeadlines(rules, facts, '2026-11-23', holidays)
const perCall = ((performance.now() - t) * 1000) / n
console.log(
  `deadline rules: ${perCall.toFixed(1)} µs per challenge (${rules.length} rules, ${Math.round(1e6 / perCall)} challenges/s)`,
)

const env = await demoEnv()
const admin = await as(env.app, 'admin')
const register = path.resolve('test/fixtures/uk_local_authorities_current.csv')
if (fs.existsSync(register))
  await admin.request('POST', '/api/councils/import', {
    payload: fs.readFileSync(register),
    headers: { 'content-type': 'text/csv' },
  })
const councils = (await env.db.one<{ n: number }>('select count(*)::int as n from councils'))!.n
async function time(label: string, url: string, runs = 20) {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    t = performance.now()
    const res = await admin.get(url)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  console.log(
    `${label.padEnd(42)} median ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms, p90 ${ms[Math.floor(runs * 0.9)]!.toFixed(1)} ms`,
  )
}
console.log(`register: ${councils} councils`)
await time('GET /api/councils (cycle for every council)', '/api/councils?programme=yes')
await time('GET /councils (HTML)', '/councils')
await time('GET /api/programme', '/api/programme')
await time('GET /challenges/:id (HTML, deadlines)', '/challenges/5')
const bla = (await env.db.one<{ id: number }>(`select id from challenges where reference = 'CPC-2022-BLA'`))!.id
await time('GET /challenges/:id/action-plan (HTML, RAG)', `/challenges/${bla}/action-plan`)
await time('GET /councils/BLA/improvement (public page)', '/councils/BLA/improvement')
await time('action plan .docx', `/challenges/${bla}/action-plan/download/docx`)
await time('action plan .xlsx', `/challenges/${bla}/action-plan/download/xlsx`)
await time('committee progress report .docx', `/challenges/${bla}/action-plan/download/committee-report`)
const { runReminders } = await import('../src/notifications/reminders.ts')
const { fixedClock } = await import('../src/common/clock.ts')
const ms: number[] = []
for (let i = 0; i < 10; i++) {
  t = performance.now()
  await runReminders(env.db, fixedClock(`2022-${String(1 + i).padStart(2, '0')}-15T06:00:00Z`))
  ms.push(performance.now() - t)
}
ms.sort((a, b) => a - b)
console.log(`${'reminder job (demo programme)'.padEnd(42)} median ${ms[5]!.toFixed(1)} ms`)
await time('GET /peers (pool page, ~160 peers)', '/peers')
const { quarters } = await import('../src/peers/assembly.ts')
const runs: number[] = []
for (let i = 0; i < 5; i++) {
  t = performance.now()
  const r = await admin.request('POST', '/api/assembly', {
    json: { scope: 'window', quarter: quarters('2026-11-23')[1]!.key },
  })
  await admin.solved(r)
  runs.push(performance.now() - t)
}
runs.sort((a, b) => a - b)
console.log(
  `${'propose a quarter (5 visits, demo pool)'.padEnd(42)} median ${runs[2]!.toFixed(0)} ms (HiGHS, stored with alternates)`,
)
const mel = (await env.db.one<{ id: number }>(`select id from challenges where reference = 'CPC-2026-MEL'`))!.id
await time('GET /challenges/:id/visit (42 sessions, counts)', `/challenges/${mel}/visit`)
await time('GET /challenges/:id/visit/programme (HTML)', `/challenges/${mel}/visit/programme`)
await time(
  'peer calendar .ics',
  `/challenges/${mel}/visit/calendar/${(await env.db.one<{ id: number }>(`select person_id as id from team_members where challenge_id = $1 and role = 'lead-peer'`, [mel]))!.id}`,
)
await time('GET /challenges/:id/report (HTML)', `/challenges/${mel}/report`)
await time('report .docx', `/challenges/${mel}/report/document.docx`)
const lead = await as(env.app, 'lead')
const pptx: number[] = []
for (let i = 0; i < 10; i++) {
  t = performance.now()
  const r = await lead.get(`/challenges/${mel}/report/presentation.pptx`)
  if (r.statusCode !== 200) throw new Error(r.body)
  pptx.push(performance.now() - t)
}
pptx.sort((a, b) => a - b)
console.log(`${'feedback presentation .pptx'.padEnd(42)} median ${pptx[5]!.toFixed(1)} ms`)
await env.close()
