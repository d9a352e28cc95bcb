import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { as, challengeId, demoEnv, type Client, type TestEnv } from '../testing/harness.ts'
import { markdownToDocx } from './light-markdown.ts'

/**
 * Every generated Word file opened and read as Word reads it: the styles, the running header and footer, the cover,
 * the contents, the draft marking and the back page; the action plan's table and key. WORD_OUT=<dir> keeps the files
 * (to render them with LibreOffice and look).
 */
let env: TestEnv
let mel: number
let nwl: number

before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  nwl = await challengeId(env.db, 'CPC-2024-NWL')
})
after(async () => env.close())

interface Word {
  document: string
  styles: string
  /** The header and footer text each section uses, in order (cover first). */
  sections: { header: string; footer: string; landscape: boolean }[]
  all: string
}

function openWord(bytes: Buffer, keepAs?: string): Word {
  if (keepAs && process.env.WORD_OUT) {
    mkdirSync(process.env.WORD_OUT, { recursive: true })
    writeFileSync(`${process.env.WORD_OUT}/${keepAs}`, bytes)
  }
  const files = unzipSync(new Uint8Array(bytes))
  const read = (name: string) => (files[name] ? strFromU8(files[name]) : '')
  const document = read('word/document.xml')
  const rels = read('word/_rels/document.xml.rels')
  const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? ''
  const sections = [...document.matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)].map((m) => {
    const ref = (kind: string) => new RegExp(`<w:${kind}Reference w:type="default" r:id="([^"]+)"`).exec(m[0])?.[1]
    const h = ref('header')
    const f = ref('footer')
    return {
      header: h ? read(`word/${target(h)}`) : '',
      footer: f ? read(`word/${target(f)}`) : '',
      landscape: /w:orient="landscape"/.test(m[0]),
    }
  })
  const all = Object.keys(files)
    .filter((f) => f.endsWith('.xml'))
    .map(read)
    .join('\n')
  return { document, styles: read('word/styles.xml'), sections, all }
}

/** The visible text of some WordprocessingML (runs' text, paragraphs on their own lines). */
const text = (xml: string) =>
  xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:instrText[^>]*>[^<]*<\/w:instrText>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1

/** What every generated Word file must have: proper styles, British English, page numbers after the cover. */
function assertHouseStyle(w: Word, opts: { cover: boolean; backPage?: boolean }) {
  assert.match(w.styles, /<w:style w:type="paragraph" w:styleId="Normal" w:default="(?:1|true)">/, 'Normal defined')
  assert.match(w.styles, /<w:docDefaults>[\s\S]*<w:lang w:val="en-GB"\/>[\s\S]*<\/w:docDefaults>/)
  assert.doesNotMatch(w.all, /en-US/)
  for (const h of ['Heading1', 'Heading2', 'Heading3']) {
    const style = new RegExp(`<w:style w:type="paragraph" w:styleId="${h}">[\\s\\S]*?</w:style>`).exec(w.styles)?.[0]
    assert.ok(style, `${h} defined`)
    assert.match(style!, /<w:basedOn w:val="Normal"\/>/)
    assert.match(style!, /<w:keepNext\/>/, `${h} keeps with the next paragraph`)
    assert.match(style!, /<w:keepLines\/>/)
  }
  const body = w.sections.slice(opts.cover ? 1 : 0, opts.backPage ? -1 : undefined)
  assert.ok(body.length >= 1)
  for (const s of body) {
    assert.match(s.footer, /<w:instrText[^>]*>PAGE<\/w:instrText>/)
    assert.match(s.footer, /<w:instrText[^>]*>NUMPAGES<\/w:instrText>/)
    assert.match(text(s.footer), /Page\s+of/)
  }
  if (opts.cover) {
    assert.doesNotMatch(w.sections[0]!.footer, /PAGE/, 'no page number on the cover')
    if (opts.backPage) assert.doesNotMatch(w.sections.at(-1)!.footer, /PAGE/, 'nor on the back cover')
    assert.match(text(w.document), /Council logo/)
    assert.match(text(w.document), /LGA logo/)
  }
}

test('the feedback report with the council for its factual check: cover, contents, draft marking on every page, the LGA back page', async () => {
  const melton = await as(env.app, 'melton')
  const res = await melton.get(`/challenges/${mel}/report/document.docx`)
  assert.equal(res.statusCode, 200)
  const w = openWord(res.rawPayload, 'feedback-report-draft.docx')
  assertHouseStyle(w, { cover: true, backPage: true })
  const issued = (await env.db.one<{ at: Date }>(
    `select at from report_issues where challenge_id = $1 and kind = 'draft' and version = 1`,
    [mel],
  ))!.at
  assert.equal(issued.toISOString().slice(0, 10), '2026-11-16', 'the demo issued the draft five working days ago')
  const marking = 'Draft for factual accuracy check — version 1, 16 November 2026'
  // Every page: the cover's header, the body's and the back page's.
  assert.equal(w.sections.length, 3)
  for (const s of w.sections) assert.ok(text(s.header).includes(marking), text(s.header))
  const doc = text(w.document)
  // The cover: what the report is, whose, when, which version.
  for (const line of [
    'Corporate peer challenge\nMelton Borough Council\nCorporate peer challenge feedback report',
    '17 to 19 October 2026',
    'Version 1, 15 November 2026',
    'Reference CPC-2026-MEL',
  ])
    assert.ok(doc.includes(line), line)
  assert.match(
    text(w.sections[1]!.header),
    /Melton Borough Council: Corporate peer challenge feedback report\s*CPC-2026-MEL/,
  )
  // Contents: a TOC field whose result lists the sections until Word updates it.
  assert.match(w.document, /<w:instrText xml:space="preserve"> TOC \\o &quot;1-2&quot; \\h \\z \\u <\/w:instrText>/)
  const contents = doc.slice(doc.indexOf('Contents'), doc.indexOf('1. Executive summary', doc.indexOf('Contents') + 50))
  for (const s of ['1. Executive summary', '2. Key recommendations', '4. Feedback', '4.1 ', '5. Next steps'])
    assert.ok(contents.includes(s), `contents lists ${s}`)
  // The sections are headings in the heading styles, so the field populates; the title block is the cover's.
  assert.match(w.document, /<w:pStyle w:val="Heading1"\/>[\s\S]{0,400}1\. Executive summary/)
  assert.match(w.document, /<w:pStyle w:val="Heading2"\/>[\s\S]{0,400}The peer team/)
  // A recommendation's bold title stays on the page of its explanation.
  assert.match(
    w.document,
    /<w:p><w:pPr><w:keepNext\/><\/w:pPr>(?:(?!<\/w:p>)[\s\S])*2\.1 Set out a shared long-term vision/,
  )
  // The back page: the LGA's contact details, after the report's last words.
  const back = doc.slice(doc.lastIndexOf('Local Government Association\n'))
  for (const l of [
    '18 Smith Square',
    'London SW1P 3HZ',
    'Telephone 020 7664 3000',
    'Email info@local.gov.uk',
    'www.local.gov.uk',
  ])
    assert.ok(back.includes(l), l)
  assert.ok(doc.indexOf('Next steps', doc.indexOf('Contents') + 400) < doc.lastIndexOf('18 Smith Square'))
})

test('a draft the team has not issued says so; the final report carries no draft marking', async () => {
  const lead = await as(env.app, 'lead')
  const form = (await lead.get(`/api/challenges/${mel}/report/edit`)).json()
  const saved = await lead.post(`/api/challenges/${mel}/report`, {
    json: { ...form.values, note: 'After the council’s comments', baseVersion: form.baseVersion },
  })
  assert.equal(saved.statusCode, 201, saved.body)
  const v = saved.json().version as number
  const draft = openWord((await lead.get(`/challenges/${mel}/report/document.docx`)).rawPayload)
  for (const s of draft.sections)
    assert.match(text(s.header), new RegExp(`Draft — version ${v}, 23 November 2026, not yet issued to the council`))
  const pcm = await as(env.app, 'pcm')
  const stage = (await env.db.one<{ version: number }>(`select version from challenges where id = $1`, [mel]))!
  const moved = await pcm.post(`/api/challenges/${mel}/stage`, { json: { to: 'final', version: stage.version } })
  assert.equal(moved.statusCode, 200, moved.body)
  const res = await (await as(env.app, 'melton')).get(`/challenges/${mel}/report/document.docx`)
  assert.equal(res.statusCode, 200)
  const w = openWord(res.rawPayload, 'feedback-report-final.docx')
  assertHouseStyle(w, { cover: true, backPage: true })
  assert.doesNotMatch(w.all, /Draft|DRAFT/)
  assert.ok(text(w.document).includes(`Final report, version ${v}`))
  // An earlier version read after the final is still marked as the draft it was.
  const older = openWord((await lead.get(`/challenges/${mel}/report/document.docx?version=1`)).rawPayload)
  assert.ok(text(older.sections[0]!.header).includes('Draft for factual accuracy check — version 1'))
})

async function nwlPlan(): Promise<{ officer: Client; base: string; recs: { id: number; ref: string }[] }> {
  const officer = await as(env.app, 'nwl')
  const base = `/challenges/${nwl}/action-plan`
  if ((await officer.get(`/api${base}`)).statusCode !== 200 || !(await officer.get(`/api${base}`)).json().view)
    assert.equal((await officer.request('POST', `/api${base}`, { json: {} })).statusCode, 201)
  return { officer, base, recs: (await officer.get(`/api${base}`)).json().view.recommendations }
}

test('the action plan: an action serving two recommendations is printed once, with the RAG key and a table that fits', async () => {
  const { officer, base, recs } = await nwlPlan()
  const shared = 'Member and officer development programme, with a communications plan'
  const added = await officer.request('POST', `/api${base}/actions`, {
    json: {
      recommendationIds: [recs[0]!.id, recs[2]!.id],
      title: shared,
      leadOfficer: 'Head of HR',
      startDate: '2025-01-06',
      targetDate: '2025-09-30',
    },
  })
  assert.equal(added.statusCode, 201, added.body)
  const res = await officer.get(`${base}/download/docx`)
  assert.equal(res.statusCode, 200)
  const w = openWord(res.rawPayload, 'action-plan.docx')
  assertHouseStyle(w, { cover: true })
  const doc = text(w.document)
  assert.equal(count(doc, shared), 1, 'the shared action is printed once')
  assert.equal(count(doc, `Also serves ${recs[2]!.ref}`), 1)
  assert.equal(count(doc, 'Also serves'), 1)
  assert.ok(doc.includes(`See action 1, under ${recs[0]!.ref}`), 'the second recommendation points to it')
  // The shared action sits under its first recommendation, before the second one's row.
  assert.ok(doc.indexOf(shared) < doc.indexOf(`See action 1, under ${recs[0]!.ref}`))
  // The RAG key, in the plan's rules.
  const key = doc.slice(doc.indexOf('RAG key'))
  for (const [rag, meaning] of [
    ['Red', 'Past its target date and not complete; or due within 30 days and not started'],
    ['Amber', 'A milestone is past its date'],
    ['Green', 'On track'],
    ['Complete', 'Complete or moved to business as usual: rated green'],
  ]) {
    assert.ok(key.includes(`${rag}\n${meaning}`), `${rag}: ${meaning}`)
  }
  // The table: landscape, fixed column widths that fill the page, the header row repeated on every page.
  assert.ok(w.sections[1]!.landscape)
  const table = /<w:tbl>(?:(?!<\/w:tbl>)[\s\S])*?Latest progress[\s\S]*?<\/w:tbl>/.exec(w.document)![0]
  assert.match(table, /<w:tblLayout w:type="fixed"\/>/)
  const cols = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))
  assert.equal(cols.length, 11)
  assert.equal(
    cols.reduce((a, b) => a + b, 0),
    16838 - 2 * 1134,
  )
  assert.ok(Math.min(...cols) >= 500, 'no column too narrow for its words')
  assert.match(table, /<w:tblHeader\/>/)
  // Not approved yet: marked as a draft on every page.
  for (const s of w.sections) assert.match(text(s.header), /Draft action plan, not yet approved/)
})

test('the committee report and the position statement share the house style', async () => {
  const { officer, base } = await nwlPlan()
  for (const kind of ['committee-report', 'position-statement']) {
    const res = await officer.get(`${base}/download/${kind}`)
    assert.equal(res.statusCode, 200, kind)
    const w = openWord(res.rawPayload, `${kind}.docx`)
    assertHouseStyle(w, { cover: false })
    assert.doesNotMatch(w.all, /Draft action plan/)
  }
})

test('light markdown in Word: the same styles, no cover, no contents', async () => {
  const w = openWord(await markdownToDocx('# Title\n\n## One\n\nText.\n\n- a bullet', { title: 'A note' }))
  assertHouseStyle(w, { cover: false })
  assert.equal(w.sections.length, 1)
  assert.doesNotMatch(w.document, /TOC/)
  assert.doesNotMatch(text(w.document), /Smith Square|Council logo/)
})
