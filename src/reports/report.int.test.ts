import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { unzipSync, strFromU8 } from 'fflate'
import { as, challengeId, demoEnv, TODAY, type TestEnv } from '../testing/harness.ts'
import { importDocument } from '../importer/importer.ts'
import { loadRefs } from '../importer/refs.ts'

let env: TestEnv
let mel: number

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
})
after(async () => env.close())

const version = async () =>
  (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!.version
const move = async (who: Awaited<ReturnType<typeof as>>, to: string) => {
  const r = await who.post(`/api/challenges/${mel}/stage`, { json: { to, version: await version() } })
  assert.equal(r.statusCode, 200, r.body)
}

test('evidence: the team records notes by theme and sees coverage and gaps; nobody else sees them', async () => {
  const lead = await as(env.app, 'lead')
  const session = await lead.post(`/api/challenges/${mel}/visit/sessions`, {
    json: { title: 'Staff focus group', kind: 'focus-group', minutes: 60, group: 'staff', themes: ['capacity'] },
  })
  assert.equal(session.statusCode, 403, 'only the PCM and the council plan the visit')
  const pcm = await as(env.app, 'pcm')
  const base = (await lead.get(`/api/challenges/${mel}/evidence`)).json()
  const baseCapacity = base.coverage.find((t: { key: string }) => t.key === 'capacity')
  const s = (
    await pcm.post(`/api/challenges/${mel}/visit/sessions`, {
      json: {
        title: 'Staff focus group',
        kind: 'focus-group',
        minutes: 60,
        group: 'staff',
        themes: ['capacity'],
        outcome: 'held',
        peopleMet: 12,
      },
    })
  ).json()
  const notes = [
    {
      sessionId: s.id,
      themes: ['capacity'],
      polarity: 'strength',
      text: 'Staff are proud to work for Melton and speak well of their managers.',
    },
    {
      sessionId: s.id,
      themes: ['capacity', 'governance'],
      polarity: 'improve',
      text: 'Staff do not see how decisions are made or who makes them.',
    },
    {
      themes: ['finance'],
      polarity: 'improve',
      text: 'The medium-term financial strategy relies on reserves from 2028.',
    },
    {
      themes: ['priorities'],
      polarity: 'strength',
      text: 'The council plan has clear priorities that councillors of all parties recognise.',
    },
    {
      themes: ['leadership'],
      polarity: 'strength',
      text: 'Partners describe the leader and chief executive as visible and trusted.',
    },
  ]
  for (const n of notes) assert.equal((await lead.post(`/api/challenges/${mel}/evidence`, { json: n })).statusCode, 201)
  const ev = (await lead.get(`/api/challenges/${mel}/evidence`)).json()
  assert.equal(ev.total, base.total + 5)
  const capacity = ev.coverage.find((t: { key: string }) => t.key === 'capacity')
  assert.equal(capacity.strengths, baseCapacity.strengths + 1)
  assert.equal(capacity.improve, baseCapacity.improve + 1)
  const cell = (c: { cells: { group: string; planned: number; held: number; notes: number }[] }) =>
    c.cells.find((x) => x.group === 'staff')
  assert.deepEqual(cell(capacity), {
    ...cell(baseCapacity),
    planned: cell(baseCapacity)!.planned + 1,
    held: cell(baseCapacity)!.held + 1,
    notes: cell(baseCapacity)!.notes + 2,
    gap: false,
  })
  // The visit is over: gaps are the groups the team planned to hear on a theme but has no notes from; a pair with
  // no session planned is not a gap and is not highlighted; notes outside sessions count for their theme.
  assert.equal(ev.gapsDue, true)
  assert.equal(ev.visitOver, true)
  for (const t of ev.coverage as { title: string; cells: { planned: number; notes: number; gap: boolean }[] }[])
    for (const c of t.cells) assert.equal(c.gap, c.planned > 0 && c.notes === 0, t.title)
  assert.ok(ev.gaps.every((g: { planned: number }) => g.planned > 0))
  assert.ok(ev.unplanned > 0)
  const finance = ev.coverage.find((t: { key: string }) => t.key === 'finance')
  const baseFinance = base.coverage.find((t: { key: string }) => t.key === 'finance')
  assert.equal(finance.outsideSessions, baseFinance.outsideSessions + 1, 'the finance note from no session counts')
  const page = await lead.get(`/challenges/${mel}/evidence`)
  assert.doesNotMatch(page.body, /remaining days/)
  assert.match(page.body, /The visit is over/)
  assert.equal(
    (await lead.get(`/api/challenges/${mel}/evidence?theme=finance`)).json().notes.length,
    base.notes.filter((n: { themes: string[] }) => n.themes.includes('finance')).length + 1,
  )
  // Bad input changes nothing.
  const bad = await lead.post(`/challenges/${mel}/evidence`, { form: { text: '', polarity: 'maybe' } })
  assert.equal(bad.statusCode, 400)
  assert.match(bad.body, /Select at least one theme/)
  assert.match(bad.body, /Enter the note/)
  // Private to the team: not the council, not the programme office, not another peer.
  for (const who of ['melton', 'admin', 'nwl', 'public'] as const) {
    const r = await (await as(env.app, who)).get(`/api/challenges/${mel}/evidence`)
    assert.ok([403, 404].includes(r.statusCode), `${who}: ${r.statusCode}`)
  }
  // Only the author changes a note.
  const mine = ev.notes.find((n: { mine: boolean }) => n.mine)
  const other = await pcm.request('PUT', `/api/challenges/${mel}/evidence/${mine.id}`, {
    json: { themes: ['capacity'], polarity: 'neutral', text: 'x' },
  })
  assert.equal(other.statusCode, 403)
})

test('report: drafted in versions, checked by the council for facts, finalised, and published', async () => {
  const lead = await as(env.app, 'lead')
  const pcm = await as(env.app, 'pcm')
  const melton = await as(env.app, 'melton')
  // The demo has the first draft with the council; the council returns its comments.
  assert.equal((await melton.get(`/api/challenges/${mel}/report`)).json().shown.version, 1)
  await move(melton, 'drafting')
  const form = (await lead.get(`/api/challenges/${mel}/report/edit`)).json()
  assert.equal(form.baseVersion, 1)
  assert.match(form.values['theme-finance'], /reserves from 2028/)
  assert.ok(
    form.themes
      .find((t: { key: string }) => t.key === 'finance')
      .evidence.improve.some((n: string) => /reserves from 2028/.test(n)),
  )
  const draft = {
    executiveSummary:
      'Melton Borough Council is a well-run council with a clear sense of place.\n\nIt now needs a plan for the years after 2028.',
    'theme-priorities': 'The council plan has clear priorities that councillors of all parties recognise.',
    'theme-leadership': 'Partners describe the leader and chief executive as visible and trusted.',
    'theme-governance': 'Decision-making is sound but not well understood by staff.',
    'theme-finance':
      'The medium-term financial strategy relies on reserves from 2028.\n- Savings plans need to be worked up in full',
    'theme-capacity': 'Staff are proud to work for Melton.',
    'focus-0': 'Housing delivery is behind the local plan trajectory.',
    nextSteps: 'The LGA’s principal adviser will stay in touch.',
    note: 'Second draft',
    baseVersion: 1,
  }
  assert.equal((await lead.post(`/api/challenges/${mel}/report`, { json: draft })).json().version, 2)
  // A stale save is refused and keeps the text for the writer.
  const stale = await pcm.post(`/challenges/${mel}/report`, {
    form: { ...draft, executiveSummary: 'Another view', baseVersion: 1 },
  })
  assert.equal(stale.statusCode, 409)
  assert.match(stale.body, /Someone saved version 2/)
  assert.match(stale.body, /Another view/)
  assert.equal(
    (
      await pcm.post(`/api/challenges/${mel}/report`, {
        json: {
          ...draft,
          'theme-governance': 'Decision-making is sound; staff do not see how it works.',
          note: 'PCM edits',
          baseVersion: 2,
        },
      })
    ).json().version,
    3,
  )
  // Until it is issued again the council sees the first draft only.
  assert.deepEqual(
    (await melton.get(`/api/challenges/${mel}/report`)).json().versions.map((v: { version: number }) => v.version),
    [1],
  )
  await move(pcm, 'factual-check')
  const issued = (await melton.get(`/api/challenges/${mel}/report`)).json()
  assert.equal(issued.shown.version, 3)
  assert.match(issued.html, /staff do not see how it works/)
  assert.equal(issued.abilities.write, false)
  assert.equal(issued.abilities.comment, true)
  // The team keeps drafting; the council still sees the issued version only.
  await lead.post(`/api/challenges/${mel}/report`, { json: { ...draft, note: 'Internal tweak', baseVersion: 3 } })
  assert.deepEqual(
    (await melton.get(`/api/challenges/${mel}/report`)).json().versions.map((v: { version: number }) => v.version),
    [3, 1],
  )
  for (const v of [2, 4]) assert.equal((await melton.get(`/api/challenges/${mel}/report?version=${v}`)).statusCode, 404)
  // Factual accuracy comments; the council cannot change recommendations or the text.
  const comment = await melton.post(`/api/challenges/${mel}/report/comments`, {
    json: { section: 'theme-finance', text: 'Reserves are used from 2029, not 2028.' },
  })
  assert.equal(comment.statusCode, 201)
  const recId = (await env.db.one<{ id: number }>(
    `select id from recommendations where challenge_id = $1 and kind = 'key' order by number limit 1`,
    [mel],
  ))!.id
  assert.equal(
    (
      await melton.request('PUT', `/api/challenges/${mel}/recommendations/${recId}`, {
        json: { title: 'Softer wording' },
      })
    ).statusCode,
    403,
  )
  assert.equal(
    (await melton.post(`/api/challenges/${mel}/report`, { json: { ...draft, baseVersion: 4 } })).statusCode,
    403,
  )
  assert.equal(
    (
      await lead.post(`/api/challenges/${mel}/report/comments/${comment.json().id}/response`, {
        json: { response: 'Corrected to 2029.' },
      })
    ).statusCode,
    200,
  )
  const fixed = {
    ...draft,
    'theme-finance': 'The medium-term financial strategy relies on reserves from 2029.',
    note: 'Factual corrections',
    baseVersion: 4,
  }
  assert.equal((await lead.post(`/api/challenges/${mel}/report`, { json: fixed })).json().version, 5)
  // Final: the recommendations lock and become the action plan's; the report can no longer change.
  await move(pcm, 'final')
  const locked = await env.db.query<{ locked: boolean }>(
    `select locked_at is not null as locked from recommendations where challenge_id = $1`,
    [mel],
  )
  assert.ok(locked.length >= 5 && locked.every((r) => r.locked))
  assert.equal(
    (await lead.post(`/api/challenges/${mel}/report`, { json: { ...fixed, baseVersion: 5 } })).statusCode,
    409,
  )
  assert.equal((await melton.post(`/api/challenges/${mel}/action-plan`, { json: {} })).statusCode, 201)
  const plan = (await melton.get(`/api/challenges/${mel}/action-plan`)).json()
  const keyRecs = await env.db.query<{ title: string }>(
    `select title from recommendations where challenge_id = $1 and kind = 'key' order by number`,
    [mel],
  )
  assert.deepEqual(
    plan.view.recommendations.filter((r: { kind: string }) => r.kind === 'key').map((r: { title: string }) => r.title),
    keyRecs.map((r) => r.title),
  )
  const final = (await melton.get(`/api/challenges/${mel}/report`)).json()
  assert.equal(final.final, true)
  assert.equal(final.shown.version, 5)
  assert.deepEqual(
    final.versions.map((v: { version: number }) => v.version),
    [5, 3, 1],
  )
  // Not public until the publication date is reached.
  const pub = await as(env.app, 'public')
  assert.equal((await pub.get(`/api/challenges/${mel}/report`)).statusCode, 404)
  const rec = await melton.post(`/api/challenges/${mel}/events`, {
    json: { code: 'report_published', occurredOn: TODAY, location: 'https://www.melton.gov.uk/peer-challenge' },
  })
  assert.ok([200, 201].includes(rec.statusCode), rec.body)
  const html = await pub.get(`/challenges/${mel}/report`)
  assert.equal(html.statusCode, 200)
  assert.match(html.body, /<h3 class="govuk-heading-m" id="executive-summary">1. Executive summary<\/h3>/)
  assert.match(html.body, /reserves from 2029/)
  assert.doesNotMatch(
    html.body,
    /Internal tweak|Reserves are used from 2029, not 2028/,
    'no history or comments for the public',
  )
  assert.equal((await pub.get(`/challenges/${mel}/report?version=1`)).statusCode, 404)
})

test('the Word report reads like a seed report: the importer finds its council, team, recommendations and figures', async () => {
  const pub = await as(env.app, 'public')
  const res = await pub.get(`/challenges/${mel}/report/document.docx`)
  assert.equal(res.statusCode, 200)
  assert.match(res.headers['content-disposition'] as string, /CPC-2026-MEL-feedback-report\.docx/)
  const doc = await importDocument(res.rawPayload, 'report.docx', await loadRefs(env.db))
  assert.equal(doc.fields.documentKind.value, 'feedback-report')
  assert.equal(doc.fields.council.value?.code, 'MEL')
  const recs = await env.db.query<{ title: string }>(
    `select title from recommendations where challenge_id = $1 and kind = 'key' order by number`,
    [mel],
  )
  assert.deepEqual(
    doc.fields.keyRecommendations.value.map((r) => r.title),
    recs.map((r) => r.title),
  )
  const team = await env.db.query<{ name: string }>(
    `select p.name from team_members t join people p on p.id = t.person_id where t.challenge_id = $1 and t.role <> 'principal-adviser'`,
    [mel],
  )
  assert.deepEqual(
    doc.fields.peers.value.map((p) => p.name.replace(/^Councillor /, '')).sort(),
    team.map((t) => t.name).sort(),
  )
  assert.equal(doc.fields.framework.value?.code, 'cpc-2024-strengthened')
  assert.match(doc.text, /Financial planning and management/)
  assert.match(doc.text, /will publish this report by/)
  assert.match(doc.text, /The peer team will return for a progress review/)
})

test('the feedback presentation: a real .pptx with the team, each theme’s strengths and areas, and the recommendations', async () => {
  const lead = await as(env.app, 'lead')
  const res = await lead.get(`/challenges/${mel}/report/presentation.pptx`)
  assert.equal(res.statusCode, 200)
  const files = unzipSync(new Uint8Array(res.rawPayload))
  const slideNo = (f: string) => Number(/(\d+)\.xml$/.exec(f)![1])
  const names = Object.keys(files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => slideNo(a) - slideNo(b))
  const slides = names.map((f) => strFromU8(files[f]!))
  const all = slides.join('\n')
  for (const t of [
    'Sam Okafor',
    'Organisational and place leadership',
    'Staff are proud to work for Melton',
    'Staff do not see how decisions are made',
    'Key recommendations',
    'Set out a shared long-term vision',
  ])
    assert.ok(all.includes(t), t)
  /** A slide's paragraphs as text, and its title: the text of its title placeholder. */
  const paragraphs = (xml: string) =>
    [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) =>
      [...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''),
    )
  const titleOf = (xml: string) => {
    const sp = [...xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].find((m) => /<p:ph type="title"/.test(m[1]!))
    return sp ? paragraphs(sp[1]!).join(' ') : null
  }
  const titles = slides.map(titleOf)
  // Every slide: a title in a real title placeholder, a slide number field, British English, from a slide master.
  slides.forEach((xml, i) => {
    assert.ok(titles[i], `slide ${i + 1} has a title placeholder with text`)
    assert.match(xml, /<a:fld [^>]*type="slidenum"/, `slide ${i + 1} has a slide number`)
    assert.match(xml, /lang="en-GB"/, `slide ${i + 1} is in British English`)
    assert.doesNotMatch(xml, /lang="en-US"/, `slide ${i + 1} has no US English run`)
  })
  const layouts = Object.keys(files).filter((f) => /^ppt\/slideLayouts\/slideLayout\d+\.xml$/.test(f))
  const masters = layouts.map((f) => strFromU8(files[f]!)).filter((x) => /<p:cSld name="PC_(TITLE|CONTENT)"/.test(x))
  assert.equal(masters.length, 2, 'the title and content masters')
  for (const m of masters) assert.match(m, /<p:ph type="title"/)
  for (const f of names) {
    const rels = strFromU8(files[f.replace('slides/', 'slides/_rels/') + '.rels']!)
    const layout = /slideLayouts\/(slideLayout\d+\.xml)/.exec(rels)![1]
    assert.match(strFromU8(files[`ppt/slideLayouts/${layout}`]!), /<p:cSld name="PC_(TITLE|CONTENT)"/, f)
  }
  assert.equal(titles[0], 'Melton Borough Council')
  assert.ok(titles.includes('The peer team') && titles.includes('Key recommendations'))
  // Never an empty section shown as "none", never the same point twice.
  assert.doesNotMatch(all, /None recorded/i)
  const bullets = slides.flatMap((xml) =>
    [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)]
      .filter((m) => m[1]!.includes('<a:buChar'))
      .map((m) => [...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join('')),
  )
  assert.ok(bullets.length > 20, `bullets: ${bullets.length}`)
  assert.deepEqual(
    bullets.filter((b, i) => bullets.indexOf(b) !== i),
    [],
    'no bullet on two slides',
  )
  // The council's focus areas get slides of their own, from what the team has drafted on them (the latest version
  // has a paragraph on the first only: the second is named on the scope slide, not shown as an empty slide).
  const focus = slides[titles.indexOf('Housing delivery and the local plan')]
  assert.ok(
    focus?.includes('Housing delivery is behind the local plan trajectory.'),
    'a slide for the first focus area',
  )
  assert.ok(!titles.includes('Readiness for local government reorganisation'))
  assert.ok(slides[titles.indexOf('Scope and focus')]!.includes('Readiness for local government reorganisation'))
  // Next steps as the report words them, with this challenge's dates.
  assert.match(
    slides[titles.indexOf('Next steps')]!,
    /Melton Borough Council will publish this report by \d+ \w+ \d{4}/,
  )
  // The last slide: who to contact at the LGA.
  const contact = slides.at(-1)!
  assert.equal(titles.at(-1), 'Contact')
  for (const t of ['Rowan Hale', 'rowan.hale@example.org.uk', '020 7946 0999', 'Priya Shah'])
    assert.ok(contact.includes(t), t)
  const core = strFromU8(files['docProps/core.xml']!)
  assert.doesNotMatch(core, /en-US/)
  // The notes are the team's: the council and the programme office do not get the presentation built from them.
  assert.equal((await (await as(env.app, 'melton')).get(`/challenges/${mel}/report/presentation.pptx`)).statusCode, 403)
  assert.equal((await (await as(env.app, 'admin')).get(`/challenges/${mel}/report/presentation.pptx`)).statusCode, 403)
})
