import { test } from 'node:test'
import assert from 'node:assert/strict'
import { strFromU8, unzipSync } from 'fflate'
import { presentationPptx, slidePoints, type PresentationModel } from './document.ts'

const model = (over: Partial<PresentationModel> = {}): PresentationModel => ({
  reference: 'CPC-2027-TST',
  facts: {
    councilName: 'Testshire Council',
    reviewName: 'Corporate peer challenge',
    dates: '9 to 11 March 2027',
    days: 3,
    team: [
      {
        name: 'Ann Lead',
        title: 'Chief Executive',
        organisation: 'Example Council',
        kind: 'officer',
        role: 'lead-peer',
      },
    ],
    counts: { meetingsHeld: 0, peopleMet: 0, hours: 0, weeks: 0 },
    focusAreas: ['Housing delivery'],
    questions: {},
    adviser: null,
  },
  themes: [
    { title: 'Leadership', strengths: ['Visible leaders.', 'Shared note'], improve: [] },
    { title: 'Finance', strengths: ['shared note'], improve: ['Savings are not worked up'] },
    { title: 'Capacity', strengths: [], improve: [] },
  ],
  focus: [{ title: 'Housing delivery', text: '' }],
  recommendations: [],
  ...over,
})

/** The slides' titles (their title placeholders) and texts, in order. */
async function slides(m: PresentationModel) {
  const files = unzipSync(new Uint8Array(await presentationPptx(m)))
  const names = Object.keys(files)
    .filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
    .sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]))
  return names.map((f) => {
    const xml = strFromU8(files[f]!)
    const texts = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]!)
    const title = /<p:ph type="title"[\s\S]*?<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1]
    return { title, texts, xml }
  })
}

test('the presentation leaves out what is empty and says each point once', async () => {
  const s = await slides(model())
  const titles = s.map((x) => x.title)
  // No notes on Capacity, no recommendations, nothing drafted on the focus area, no contacts: no slides for them.
  assert.deepEqual(titles, [
    'Testshire Council',
    'The peer team',
    'Scope and focus',
    'The process',
    'Leadership',
    'Finance',
    'Next steps',
  ])
  const all = s.flatMap((x) => x.texts)
  assert.ok(!all.some((t) => /none recorded/i.test(t)))
  // "Shared note" is tagged to two themes: shown under the first only.
  assert.equal(all.filter((t) => /shared note/i.test(t)).length, 1)
  // A theme with strengths only: one column, no empty "Areas to consider".
  const leadership = s.find((x) => x.title === 'Leadership')!
  assert.ok(leadership.texts.includes('Strengths') && !leadership.texts.includes('Areas to consider'))
  // Without figures the process slide does not claim any.
  assert.ok(!s.find((x) => x.title === 'The process')!.texts.some((t) => /people|meetings|hours/.test(t)))
  for (const x of s) assert.match(x.xml, /<a:fld [^>]*type="slidenum"/)
})

test('long sections continue on further slides; drafted focus text becomes points; contacts come last', async () => {
  const many = Array.from({ length: 12 }, (_, i) => `Strength number ${i + 1}`)
  const s = await slides(
    model({
      themes: [{ title: 'Leadership', strengths: many, improve: [] }],
      focus: [{ title: 'Housing delivery', text: 'The plan is sound. Delivery needs a plan of its own.' }],
      recommendations: ['Agree a vision'],
      contacts: [
        {
          name: 'Pat Adviser',
          title: 'Principal Adviser',
          organisation: 'Local Government Association',
          email: 'pat@example.org',
          phone: null,
        },
      ],
    }),
  )
  const titles = s.map((x) => x.title)
  assert.deepEqual(titles.slice(4), [
    'Leadership',
    'Leadership (continued)',
    'Leadership (continued)',
    'Housing delivery',
    'Key recommendations',
    'Next steps',
    'Contact',
  ])
  assert.equal(s.flatMap((x) => x.texts).filter((t) => /^Strength number/.test(t)).length, 12)
  assert.deepEqual(
    s.find((x) => x.title === 'Housing delivery')!.texts.filter((t) => /plan/.test(t)),
    ['The plan is sound.', 'Delivery needs a plan of its own.'],
  )
  const contact = s.at(-1)!.texts.join('\n')
  assert.match(contact, /Pat Adviser/)
  assert.match(contact, /Email: pat@example.org/)
  assert.doesNotMatch(contact, /Telephone/)
})

test('drafted text as slide points: list items or lines, else sentences', () => {
  assert.deepEqual(slidePoints('- One\n- Two\n\n3. Three'), ['One', 'Two', 'Three'])
  assert.deepEqual(slidePoints('First point. Second point? “Third” point.'), [
    'First point.',
    'Second point?',
    '“Third” point.',
  ])
  assert.deepEqual(slidePoints('  '), [])
})
