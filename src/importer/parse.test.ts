import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CouncilIndex } from './council-match.ts'
import { parseDocument, parsePeer, splitTitle } from './parse.ts'
import { compare, referenceFrameworks, registerCouncils, seeds, testRefs } from './seeds.ts'
import { summarise } from './summary.ts'
import { htmlToText } from './html-text.ts'
import { buildDoc, normaliseText } from './text.ts'

const refs = testRefs()

for (const seed of seeds()) {
  test(`seed ${seed.name} gives what expected/${seed.name.replace('.txt', '.json')} says`, () => {
    const { fields } = parseDocument(seed.text, refs)
    assert.deepEqual(compare(summarise(fields), seed.expected), [])
  })
}

test('every extracted field points at text that holds it', () => {
  for (const seed of seeds()) {
    const { doc, fields } = parseDocument(seed.text, refs)
    for (const p of fields.peers.value) {
      const line = doc.text.slice(p.evidence.start, p.evidence.end)
      assert.ok(line.includes(p.name.split(' ').at(-1)!), `${seed.name}: peer ${p.name} evidence "${line}"`)
    }
    for (const r of fields.keyRecommendations.value) {
      const line = doc.text.slice(r.evidence.start, r.evidence.end).replace(/\*\*/g, '')
      assert.ok(
        line.includes(r.title.slice(0, 25)),
        `${seed.name}: recommendation evidence "${line.slice(0, 80)}" for "${r.title}"`,
      )
    }
    if (fields.council.value && !fields.council.value.inferred) {
      const first = fields.council.evidence[0]!
      assert.match(doc.text.slice(first.start, first.end), new RegExp(fields.council.value.name.split(' ')[0]!, 'i'))
    }
    const os = fields.onSite.evidence[0]
    if (os) assert.match(doc.text.slice(os.start, os.end), /\d{4}/)
    for (const f of [fields.documentKind, fields.onSite, fields.peers, fields.keyRecommendations])
      assert.ok(f.confidence >= 0 && f.confidence <= 1)
  }
})

test('without the place gazetteer, the report that never names its council is "unknown" with the places as clues', () => {
  const seed = seeds().find((s) => s.expected.council.inferred)!
  const { fields } = parseDocument(seed.text, {
    councils: new CouncilIndex(registerCouncils(), {}),
    frameworks: referenceFrameworks(),
  })
  assert.equal(fields.council.value, null)
  // with no gazetteer there are no place clues, but the note says why and nothing is guessed
  assert.match(fields.council.note ?? '', /not named/)
  const withPlaces = parseDocument(seed.text, refs).fields.council
  assert.equal(withPlaces.value?.inferred, true)
  assert.deepEqual(withPlaces.clues.sort(), ['Andover', 'Romsey'])
  assert.match(withPlaces.value?.inferredFrom ?? '', /Romsey/)
})

test('one place is not enough to infer a council, and two councils named as often is a question, not a guess', () => {
  const one = parseDocument(
    'Progress report\n\nReport of the Leader to Cabinet about the Corporate Peer Challenge.\n\nThe team visited Andover.',
    refs,
  ).fields.council
  assert.equal(one.value, null)
  assert.deepEqual(one.clues, ['Andover'])
  const two = parseDocument(
    'Corporate Peer Challenge\n\nFeedback report\n\nBlaby District Council asked for a review. Harborough District Council shares its services.\n\nBlaby District Council and the peers agreed the scope. Harborough District Council was consulted.',
    refs,
  ).fields.council
  assert.equal(two.value, null)
  assert.deepEqual(two.candidates.map((c) => c.code).sort(), ['BLA', 'HAO'])
})

test('a joint challenge of two councils named together holds both', () => {
  const joint = parseDocument(
    'Corporate Peer Challenge\n\nJoint report\n\nFeedback report\n\nBlaby District Council and Harborough District Council asked for a joint review. Blaby District Council and Harborough District Council share services.',
    refs,
  ).fields.council
  assert.equal(joint.value?.code, 'BLA')
  assert.deepEqual(joint.value?.joint, { code: 'HAO', name: 'Harborough District Council' })
  // named together once, in the title, and the first council more often after it
  const title = parseDocument(
    [
      'Corporate Peer Challenge',
      '',
      'South Hams District Council and West Devon Borough Council',
      '',
      'Feedback report',
      '',
      'The councils share a chief executive. South Hams District Council is the larger.',
      '',
      'South Hams has a long coastline.',
    ].join('\n'),
    refs,
  ).fields.council
  assert.equal(title.value?.code, 'SHA')
  assert.deepEqual(title.value?.joint, { code: 'WDE', name: 'West Devon Borough Council' })
  // two councils named together in passing, not in the title, are not a joint challenge
  const passing = parseDocument(
    [
      'Corporate Peer Challenge',
      '',
      'South Hams District Council',
      '',
      'Feedback report',
      '',
      'South Hams District Council works with partners. South Hams District Council and West Devon Borough Council share a chief executive.',
    ].join('\n'),
    refs,
  ).fields.council
  assert.equal(passing.value?.code, 'SHA')
  assert.equal(passing.value?.joint, undefined)
})

test('a council named only by its email domain, "Here in …" or its own Deal is found; a peer’s employer is not', () => {
  const byDomain = parseDocument(
    'Corporate Peer Challenge\n\nFeedback report\n\nThe peer challenge took place from 4-6 March 2024.\n\nContact: policy@blaby.gov.uk',
    refs,
  ).fields.council
  assert.equal(byDomain.value?.code, 'BLA')
  const hereIn = parseDocument(
    'News\n\nPeer challenge report published\n\nHere in Harborough, we welcomed the peer team. The Harborough Deal sets out our plans.',
    refs,
  ).fields.council
  assert.equal(hereIn.value?.code, 'HAO')
  const employer = parseDocument(
    'News\n\nPeer challenge report published\n\nThe challenge was led by Jo Bloggs, Chief Executive at Blaby District Council.',
    refs,
  ).fields.council
  assert.equal(employer.value, null)
})

test('a re-laid-out report (no bold, other bullets, page furniture) gives the same answer', () => {
  for (const seed of seeds()) {
    const text = seed.text.replace(/\*\*/g, '').replace(/^(\s*)- /gm, '$1• ')
    const { fields } = parseDocument(text, refs)
    assert.deepEqual(compare(summarise(fields), seed.expected), [], seed.name)
  }
})

test('peer lines: names without Cllr or honours, organisation and kind', () => {
  assert.deepEqual(parsePeer('Cllr Peter Fleming OBE, Leader, Sevenoaks District Council'), {
    name: 'Peter Fleming',
    title: 'Leader',
    organisation: 'Sevenoaks District Council',
    kind: 'member',
  })
  assert.deepEqual(parsePeer('Ernest Opuni – Local Government Association'), {
    name: 'Ernest Opuni',
    title: null,
    organisation: 'Local Government Association (LGA)',
    kind: 'lga',
  })
  assert.deepEqual(parsePeer('Adam Broome, LGA Finance Associate'), {
    name: 'Adam Broome',
    title: 'LGA Finance Associate',
    organisation: 'Local Government Association (LGA)',
    kind: 'lga',
  })
  assert.equal(parsePeer('Tony Dale, Cabinet Member for Economy & Tourism, Cotswold District Council')?.kind, 'member')
  assert.equal(
    parsePeer(
      'Jack Hegarty, Chief Executive, Malvern Hills District Council and Managing Director at Wychavon District Council',
    )?.organisation,
    'Malvern Hills District Council',
  )
  assert.equal(
    parsePeer('Jack Hegarty, former Joint Chief Executive of Malvern Hills and Wychavon District Councils')
      ?.organisation,
    'Malvern Hills and Wychavon District Councils',
  )
  assert.equal(
    parsePeer('Sam Chapman-Allen, Leader of the Council, Breckland Council')?.organisation,
    'Breckland Council',
  )
  assert.equal(parsePeer('Councillor Peter Thornton, South Lakeland District Council')?.title, 'Councillor')
  assert.equal(parsePeer('the council has a strong record, which we noted'), null)
})

test('recommendation titles: bold lead, dash, or first sentence, whichever the report uses', () => {
  assert.deepEqual(splitTitle('**Deliver the MTFS now.** A clear plan would help.'), {
    title: 'Deliver the MTFS now.',
    body: 'A clear plan would help.',
  })
  assert.deepEqual(splitTitle('Review and refresh the scrutiny function** - the Scrutiny Commission is weak'), {
    title: 'Review and refresh the scrutiny function',
    body: 'the Scrutiny Commission is weak',
  })
  assert.deepEqual(splitTitle('Use the Risk Register well - These documents could be better used.'), {
    title: 'Use the Risk Register well',
    body: 'These documents could be better used.',
  })
  assert.deepEqual(splitTitle('Build trust between members. Hold workshops - monthly.'), {
    title: 'Build trust between members.',
    body: 'Hold workshops - monthly.',
  })
  assert.equal(
    splitTitle('Establish a thorough two-way Corporate Communications Plan').title,
    'Establish a thorough two-way Corporate Communications Plan',
  )
})

test('next steps: a return visit or revisit in the next steps is the progress review', () => {
  const text = (next: string) => `Corporate Peer Challenge\n\nFeedback report\n\nNext steps\n\n${next}`
  assert.equal(
    parseDocument(text('The peer team will return for a progress review within 10 months.'), refs).fields.nextSteps
      .progressReview.value,
    'progress review within 10 months',
  )
  assert.equal(
    parseDocument(text('Peers will revisit the council in around a year to assess progress.'), refs).fields.nextSteps
      .progressReview.value,
    'return visit in around a year to assess progress',
  )
  assert.equal(
    parseDocument(text('The council may want to revisit its reserves.'), refs).fields.nextSteps.progressReview.value,
    null,
  )
})

/** A document given as its lines, read into the summary the import page shows. */
const read = (lines: string[]) => summarise(parseDocument(lines.join('\n'), refs).fields)

test('a committee paper: its own recommendations ("That Cabinet …") are not the peer team’s; a team in running prose', () => {
  const s = read([
    'CABINET',
    '',
    'REPORT OF THE CHIEF EXECUTIVE',
    '',
    'LOCAL GOVERNMENT ASSOCIATION CORPORATE PEER CHALLENGE - FEEDBACK REPORT AND ACTION PLAN',
    '',
    '1. PURPOSE OF REPORT',
    '',
    '1.1 To present the findings of the LGA Corporate Peer Challenge which took place between 8 and 11 November 2022.',
    '',
    '2. RECOMMENDATIONS',
    '',
    '2.1 That Cabinet notes the feedback report at Appendix A.',
    '2.2 That Cabinet approves the action plan at Appendix B.',
    '',
    '3. BACKGROUND',
    '',
    '3.1 Wychavon District Council invited the LGA to undertake a Corporate Peer Challenge. The peer team was led by',
    'Jo Miller, former Chief Executive of Doncaster Council, and included Councillor Linda Taylor (Cornwall Council),',
    'Councillor Stephen Parnaby OBE (East Riding of Yorkshire Council), Nicola Beach, Chief Executive at Braintree',
    'District Council, and Satvinder Rai as the LGA Peer Challenge Manager.',
    '',
    '3.2 Over a period of four days the peer team spoke to more than 130 people through 42 meetings.',
    '',
    '3.3 The final report contains 3 recommendations. They are:',
    '',
    '- Develop a clear, long-term vision for the district',
    '- Review the council’s capacity to deliver its ambitions',
    '- Strengthen member development',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Develop a clear, long-term vision for the district',
    'Review the council’s capacity to deliver its ambitions',
    'Strengthen member development',
  ])
  assert.deepEqual(
    s.peers.map((p) => [p.name, p.organisation, p.kind]),
    [
      ['Jo Miller', 'Doncaster Council', 'officer'],
      ['Linda Taylor', 'Cornwall Council', 'member'],
      ['Stephen Parnaby', 'East Riding of Yorkshire Council', 'member'],
      ['Nicola Beach', 'Braintree District Council', 'officer'],
      ['Satvinder Rai', 'Local Government Association (LGA)', 'lga'],
    ],
  )
  assert.equal(s.council?.registerCode, 'WYC')
  assert.equal(s.stats.peopleMet, 130)
})

test('"Recommendation N:" inside a numbered list is a label, not part of the title', () => {
  const s = read([
    'Corporate Peer Challenge',
    'Bassetlaw District Council',
    '10th – 13th October 2022',
    '',
    '2. Key recommendations',
    '',
    '2.1. Recommendation 1: Develop a long-term financial strategy',
    '2.2. Recommendation 2 – Review the corporate governance arrangements',
    '2.3. Recommendation 3. Invest in organisational development',
    '',
    '3. Summary of the peer challenge approach',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Develop a long-term financial strategy',
    'Review the corporate governance arrangements',
    'Invest in organisational development',
  ])
})

test('a place named as another public body’s ("… Fire and Rescue Service") is not the council; "speaking to" people', () => {
  const fire = 'Fire Peer Challenge\n\nShropshire Fire and Rescue Service\n\nFeedback report\n\n20-23 March 2018\n'
  assert.equal(summarise(parseDocument(fire, refs).fields).council, null)
  const news =
    'Peer review praises council\n\nThe corporate peer challenge team spent three days in Gateshead, speaking to more than 200 people including residents.\n'
  const s = summarise(parseDocument(news, refs).fields)
  assert.equal(s.council?.registerCode, 'GAT')
  assert.equal(s.stats.peopleMet, 200)
})

test('peer lines: "(retired)" after the body, and the body after "at" in a role', () => {
  assert.deepEqual(parsePeer('Andrew Grant – Chief Executive, Aylesbury Vale District Council (retired)'), {
    name: 'Andrew Grant',
    title: 'Chief Executive',
    organisation: 'Aylesbury Vale District Council',
    kind: 'officer',
  })
  assert.equal(
    parsePeer('Sam Lee, Director of Housing and Regeneration at Kent County Council')?.organisation,
    'Kent County Council',
  )
})

test('recommendations written as "That the council …" are still the peer team’s when they are not about a paper', () => {
  const s = read([
    'Key recommendations',
    '',
    '1. That the council agrees a clear set of priorities for the district.',
    '2. That the council considers how it engages residents in its decisions.',
    '3. That the council reviews its capacity to deliver.',
    '',
    'The peer team will return for a progress review.',
  ])
  assert.equal(s.keyRecommendations.length, 3)
})

test('"Recommendation N – Title" with its body on the next line: the title alone; a title that wraps stays whole; "meeting N people"', () => {
  const s = read([
    'Key recommendations',
    '',
    'Recommendation 1 – Refresh the Council Plan',
    'Use the refresh of the Council Plan to set out fewer, clearer priorities for the next four years.',
    'Recommendation 2 – Work with partners across',
    'Dorset to lead the place',
    'The council has strong relationships with its partners and should build on them.',
    'Recommendation 3 – Set out a shared vision for Stoke-on-Trent',
    'City Council and its partners that residents recognise',
    'The peer team heard strong support for this.',
    '',
    'The team was on site for four days, meeting more than 120 people.',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Refresh the Council Plan',
    'Work with partners across Dorset to lead the place',
    'Set out a shared vision for Stoke-on-Trent City Council and its partners that residents recognise',
  ])
  assert.equal(s.stats.peopleMet, 120)
})

test('a paper’s decisions in other forms ("Cabinet is recommended to:", "That Cabinet:" and lettered items) are not the peer team’s', () => {
  const papers = [
    [
      'Cabinet is recommended to:',
      '',
      '1. Note the feedback report at Appendix A.',
      '2. Approve the action plan at Appendix B.',
    ],
    [
      'That Cabinet:',
      '',
      '(a) notes the feedback report at Appendix A;',
      '(b) approves the action plan at Appendix B.',
    ],
  ]
  for (const decisions of papers) {
    const s = read([
      'CABINET',
      '',
      'REPORT OF THE CHIEF EXECUTIVE',
      '',
      'Recommendations',
      '',
      ...decisions,
      '',
      'Background',
      '',
      'The Corporate Peer Challenge took place between 8 and 11 November 2022. The report contains 2 recommendations. They are:',
      '',
      '- Develop a clear, long-term vision for the district',
      '- Strengthen member development',
    ])
    assert.deepEqual(s.keyRecommendations, [
      'Develop a clear, long-term vision for the district',
      'Strengthen member development',
    ])
  }
  // a peer team's recommendations written "That the council agrees …" are theirs
  const own = read([
    'Key recommendations',
    '',
    '1. That the council agrees a refreshed Council Plan with clear priorities.',
    '2. That the council considers how its medium term financial plan closes the budget gap.',
    '3. That the council develops its workforce strategy.',
    '',
    'The peer team will return for a progress review.',
  ])
  assert.equal(own.keyRecommendations.length, 3)
})

test('figures and teams in prose: "the public meeting 40 people" is no figure; "and included" only follows a team led by someone', () => {
  const minutes = read([
    'Following the public meeting 40 people submitted comments on the plan.',
    '',
    'During the corporate peer challenge over 150 people were spoken to.',
  ])
  assert.equal(minutes.stats.peopleMet, 150)
  const notTeam = read([
    'Corporate Peer Challenge',
    '',
    'The progress review was led by the LGA and included conversations with partners, and Councillor Jo Bloggs, Leader of Wychavon District Council.',
  ])
  assert.deepEqual(notTeam.peers, [])
  for (const verb of ['consisted of', 'was made up of'])
    assert.deepEqual(
      read([
        'Corporate Peer Challenge',
        '',
        `The peer team ${verb} Councillor Ann Smith (Cornwall Council), Jo Brown, Chief Executive at Braintree District Council, and Sam Rai as the LGA Peer Challenge Manager.`,
      ]).peers.map((p) => [p.name, p.organisation]),
      [
        ['Ann Smith', 'Cornwall Council'],
        ['Jo Brown', 'Braintree District Council'],
        ['Sam Rai', 'Local Government Association (LGA)'],
      ],
    )
})

test('peer lines: the body after "at" in any segment, "London Borough of …", "(retired)" after a bracket', () => {
  assert.deepEqual(parsePeer('Sam Lee, Assistant Director, Housing at Kent County Council'), {
    name: 'Sam Lee',
    title: 'Assistant Director, Housing',
    organisation: 'Kent County Council',
    kind: 'officer',
  })
  assert.equal(
    parsePeer('Jo Bloggs, Chief Executive at London Borough of Sutton')?.organisation,
    'London Borough of Sutton',
  )
  assert.equal(parsePeer('Jo Bloggs (Chief Executive, Anytown Council) (retired)')?.organisation, 'Anytown Council')
})

test('other services’ peer challenges are not corporate ones, by the service their title names', () => {
  const cases: [string, string][] = [
    ['Adult Social Care Peer Challenge', 'adult-social-care-peer-challenge'],
    ['Children’s Services Peer Review', 'childrens-services-peer-review'],
    ['Communications Peer Challenge', 'communications-peer-challenge'],
    ['Strategic Housing Peer Review', 'housing-peer-challenge'],
    ['Public Health Peer Challenge', 'other-peer-challenge'],
  ]
  for (const [title, type] of cases) {
    const { fields } = parseDocument(
      [
        title,
        'Wirral Council',
        'Feedback report',
        '14 - 17 November 2022',
        '',
        `The peer team was invited by Wirral Council to undertake a ${title.toLowerCase()}. The peer challenge is part of the LGA's sector-led improvement offer.`,
        '',
        'The peer team',
        '- Jane Hodgson, Director of Adult Social Services, Cheshire East Council (lead peer)',
        '- Anne Clarke, Peer Challenge Manager, Local Government Association',
      ].join('\n'),
      refs,
    )
    assert.equal(fields.verdict.value, 'not-cpc', title)
    assert.equal(fields.reviewType.value, type, title)
    assert.ok(fields.onSite.confidence <= 0.5, title)
  }
})

test('a council’s web page about its challenge is a web page; the LGA’s page holding the whole report is the report', () => {
  const page = read([
    'Skip to main content',
    'Home > Your council > Performance and plans > Corporate peer challenge',
    '',
    'Corporate peer challenge',
    '',
    'In February 2023 we invited the Local Government Association to carry out a corporate peer challenge of Tamworth Borough Council. A team of councillors and officers spent three days with us, from 7 to 9 February 2023.',
    '',
    'Corporate peer challenge feedback report (PDF, 612KB)',
    '',
    'Last updated: 14 July 2023',
  ])
  assert.equal(page.documentKind, 'web-page')
  assert.equal(page.council?.registerCode, 'TAW')
  const report = read([
    'Skip to main content',
    'Home > Our support > Peer challenges > Corporate peer challenge: Tamworth',
    '',
    'Corporate Peer Challenge',
    'Tamworth Borough Council',
    'Feedback report',
    '',
    'Key recommendations',
    '',
    '1. Refresh the Corporate Plan.',
    '2. Develop a workforce strategy.',
    '',
    'Last updated: 14 July 2023',
  ])
  assert.equal(report.documentKind, 'feedback-report')
  assert.deepEqual(report.keyRecommendations, ['Refresh the Corporate Plan.', 'Develop a workforce strategy.'])
})

test('a team list: a party in brackets, "Name: Role, Body", and the paragraph after the list with no blank line', () => {
  const s = read([
    'Corporate Peer Challenge',
    '',
    'The peers were:',
    '• Member Peer – Councillor Peter de Vere (Conservative), Wokingham Borough Council',
    '• Heather McAllister: Chief Executive, London Borough of Redbridge',
    '• Cllr Amina Khan (Labour), Luton Borough Council',
    '• Judith Hurcombe, Peer Challenge Manager, Local Government Association',
    'The peer team prepared by reviewing a range of documents and information in order to ensure',
    'they were familiar with the council and the challenges it is facing.',
  ])
  assert.deepEqual(
    s.peers.map((p) => [p.name, p.organisation, p.kind]),
    [
      ['Peter de Vere', 'Wokingham Borough Council', 'member'],
      ['Heather McAllister', 'London Borough of Redbridge', 'officer'],
      ['Amina Khan', 'Luton Borough Council', 'member'],
      ['Judith Hurcombe', 'Local Government Association (LGA)', 'lga'],
    ],
  )
  assert.ok(s.peers.every((p) => !/Conservative|Labour/.test(p.title ?? '')))
  // a body that wraps onto the next line still carries on
  const wrapped = read([
    'The peer team was:',
    '- Andrew Singh, Leader of the Council at South Derbyshire District',
    'Council',
    '- Jo Hardy, Director of Resources, Newark and Sherwood District Council',
  ])
  assert.equal(wrapped.peers[0]?.organisation, 'South Derbyshire District Council')
})

test('a team as a table with only its header row to introduce it, and as one paragraph of peers between semicolons', () => {
  const table = read([
    'The team',
    'Role\tName\tOrganisation',
    'Lead Peer\tHelen Briggs\tChief Executive, Rutland County Council',
    'Member Peer\tCllr Kay Cutts MBE\tNottinghamshire County Council',
    'Peer Challenge Manager\tKirsty Human\tLGA',
  ])
  assert.deepEqual(
    table.peers.map((p) => [p.name, p.kind]),
    [
      ['Helen Briggs', 'officer'],
      ['Kay Cutts', 'member'],
      ['Kirsty Human', 'lga'],
    ],
  )
  const semicolons = read([
    'The peer team was:',
    'Helen Osei, former Chief Executive of Nottingham City Council (lead peer); Councillor',
    'Simon de Souza, Portfolio Holder for Finance at Babergh District Council; Stephen Darragh, Senior',
    '',
    '2',
    '',
    'Regional Adviser of Local Government Association; and Daniella Okafor, Project Support',
    'Officer of LGA.',
  ])
  assert.deepEqual(
    semicolons.peers.map((p) => [p.name, p.organisation]),
    [
      ['Helen Osei', 'Nottingham City Council'],
      ['Simon de Souza', 'Babergh District Council'],
      ['Stephen Darragh', 'Local Government Association (LGA)'],
      ['Daniella Okafor', 'Local Government Association (LGA)'],
    ],
  )
})

test('a paragraph that names the team over broken lines is read as prose, not as a list after "were"', () => {
  const s = read([
    'The peer team was led by Richard Singh, former Chief Executive at Hart District Council,',
    'with Cllr Kevin de Vries, Leader of Cornwall Council. The other members of the team were',
    'Councillor Joanne Stanton (Portfolio Holder for Finance, Three Rivers District Council),',
    'Karen Stanton (Director of Corporate Resources, Dorset Council) and Oliver Singh (Peer',
    'Challenge Manager, Local Government Association).',
    '',
    'The challenge was led',
    'by Graham Fairbrother, Chief Executive at Blackburn with Darwen Borough',
    'Council.',
  ])
  assert.deepEqual(
    s.peers.map((p) => p.name),
    ['Richard Singh', 'Kevin de Vries', 'Joanne Stanton', 'Karen Stanton', 'Oliver Singh', 'Graham Fairbrother'],
  )
})

test('a page’s footer and number inside a list of recommendations; a paper’s decision in the passive', () => {
  const s = read([
    'Key recommendations',
    '',
    '1.  Develop a robust medium-term financial plan.',
    '2.  Review the regeneration programme.',
    '3.  Strengthen the council’s approach to risk management.',
    '          18 Smith Square, London, SW1P 3HZ   T 020 7664 3000   www.local.gov.uk',
    '                                                                               2',
    '4.  Invest in the council’s workforce.',
    '5.  Improve communication with residents.',
  ])
  assert.equal(s.keyRecommendations.length, 5)
  assert.equal(s.keyRecommendations[2], 'Strengthen the council’s approach to risk management.')
  const paper = read([
    'REPORT TO COUNCIL',
    '',
    '2. RECOMMENDATIONS',
    '(i) That the Council notes the findings of the Corporate Peer Challenge;',
    '(ii) That the draft action plan at Appendix B is approved.',
    '',
    '3. SUMMARY',
    '3.1 The report contains a series of three recommendations, which are:',
    '1. Develop a clear vision for the district.',
    '2. Strengthen member and officer relationships.',
    '3. Develop a workforce strategy.',
  ])
  assert.deepEqual(paper.keyRecommendations, [
    'Develop a clear vision for the district.',
    'Strengthen member and officer relationships.',
    'Develop a workforce strategy.',
  ])
})

test('"the Corporate Peer Challenge of <council>" names the council; a progress review’s own visit is "the review"', () => {
  assert.equal(
    read(['The Corporate Peer Challenge of Exeter City Council took place on 6 to 9 February 2023.']).council
      ?.registerCode,
    'EXE',
  )
  assert.equal(read(['The peer team spent three days at Exeter City Council.']).council?.registerCode, 'EXE')
  // a peer's employer is still not the subject
  assert.equal(read(['Jo Bloggs, Lead Peer of Exeter City Council, said the visit went well.']).council, null)
  const review = read([
    'Corporate Peer Challenge – Progress Review',
    'Feedback letter',
    '',
    'Thank you for inviting the LGA back to Redcar and Cleveland. The review took place on 19th and 20th September 2023, a little under a year after the original challenge in November 2022.',
    '',
    'The team had conversations with more',
    'than 35 people.',
  ])
  assert.equal(review.documentKind, 'progress-review')
  assert.deepEqual(review.onSite, { start: '2023-09-19', end: '2023-09-20', days: 2 })
  assert.equal(review.stats.peopleMet, 35)
})

test('recommendations as title lines over their paragraphs: in bold, or as many plain lines as the text counts', () => {
  const body = (titles: string[], bold: boolean) => [
    '## Key recommendations',
    '',
    `The peer team made ${titles.length} recommendations to the Council. They are:`,
    '',
    ...titles.flatMap((t) => [
      bold ? `**${t}**` : t,
      '',
      'The council should work with partners on this and',
      'report progress to Cabinet.',
      '',
    ]),
    '## The peer team',
  ]
  const titles = [
    'Develop a long-term vision for Hartlepool with partners',
    'Strengthen the council’s financial planning',
    'Review the council’s governance arrangements and',
    'Invest in organisational capacity',
  ]
  // the third title wraps onto a line of its own
  const lines = body(titles, true).map((l) =>
    l === '**Review the council’s governance arrangements and**'
      ? '**Review the council’s governance arrangements and\nthe scheme of delegation**'
      : l,
  )
  const want = [
    titles[0],
    titles[1],
    'Review the council’s governance arrangements and the scheme of delegation',
    titles[3],
  ]
  assert.deepEqual(read(lines).keyRecommendations, want)
  const plain = body(titles, false).map((l) =>
    l === 'Review the council’s governance arrangements and'
      ? 'Review the council’s governance arrangements and\nthe scheme of delegation'
      : l,
  )
  assert.deepEqual(read(plain).keyRecommendations, want)
  // plain lines are titles only when there are as many as the text says
  assert.deepEqual(
    read(plain.map((l) => l.replace('made 4 recommendations', 'made 5 recommendations'))).keyRecommendations,
    [],
  )
})

test('a team under its own heading with no sentence before it; a letter’s subject line; a peer line with a role and no body', () => {
  const headed = read([
    '## The peer team',
    '',
    '- Jo Bloggs, Chief Executive, Stockton-on-Tees Borough Council',
    '- Councillor Ann Smith, Leader, Durham County Council',
    '- Sam Rai, LGA Peer Challenge Manager',
  ])
  assert.deepEqual(
    headed.peers.map((p) => p.name),
    ['Jo Bloggs', 'Ann Smith', 'Sam Rai'],
  )
  const letter = read([
    'Local Government Association',
    '18 Smith Square',
    'London SW1P 3HZ',
    '',
    'Councillor Bridget Smith',
    'Leader',
    'South Cambridgeshire District Council',
    '',
    '12 February 2024',
    '',
    'Dear Bridget,',
    '',
    'Corporate Peer Challenge Progress Review – South Cambridgeshire District Council',
    '',
    'It was a pleasure to be invited back to South Cambridgeshire to deliver the progress review on 29 January 2024.',
    '',
    'The progress review was delivered by:',
    'Jo Miller, Chief Executive (lead peer)',
    'Cllr Peter Fleming, Sevenoaks District Council',
    'Satvinder Rana, LGA Peer Challenge Manager',
  ])
  assert.equal(letter.documentKind, 'progress-review')
  assert.deepEqual(letter.onSite, { start: '2024-01-29', end: '2024-01-29', days: 1 })
  assert.deepEqual(
    letter.peers.map((p) => [p.name, p.organisation]),
    [
      ['Jo Miller', null],
      ['Peter Fleming', 'Sevenoaks District Council'],
      ['Satvinder Rana', 'Local Government Association (LGA)'],
    ],
  )
})

test('a press release by its date line and endings; an action plan titled as one; people met named by who they are', () => {
  const press = read([
    'Council welcomes positive peer review',
    'Posted on: Friday, 3 November 2023',
    '',
    'Torridge District Council has welcomed the findings of a corporate peer challenge. The team, led by Cllr Sarah Smith, Leader of Forest of Dean District Council, spent three days at the council, meeting more than 80 councillors, staff and partners.',
    '',
    'ENDS',
    '',
    'Notes to editors',
  ])
  assert.equal(press.documentKind, 'web-page')
  assert.equal(press.stats.peopleMet, 80)
  const plan = read([
    'Corporate Peer Challenge Action Plan',
    'Broxtowe Borough Council',
    'January 2024',
    '',
    'Recommendation\tAction\tLead officer\tTimescale\tRAG',
    '1. Refresh the Corporate Plan\tDevelop a new Corporate Plan 2024-28\tChief Executive\tMarch 2024\tGreen',
  ])
  assert.equal(plan.documentKind, 'action-plan')
})

test('a council named only by its own initials, in capitals; a list item broken by a page’s end goes on', () => {
  const named = (text: string) =>
    read(['Corporate Peer Challenge', '', 'Feedback report', '', text]).council?.registerCode
  assert.equal(named('Filler.\n\nThe peer team met NWLDC staff, and NWLDC councillors.'), 'NWL')
  assert.equal(named('The peers found that RBWM has a clear plan.'), 'WNM')
  assert.equal(named('BCP Council serves almost 400,000 residents.'), 'BPC')
  // in lower case it is no name; initials two councils share name neither
  assert.equal(named('The team met nwldc staff.'), undefined)
  assert.equal(named('BDBC faces a budget gap.'), undefined)
  const broken = read([
    'Key recommendations',
    '',
    '- Deliver the council’s commercial ambitions and appetite for risk',
    '',
    '2',
    '',
    'with members and staff',
    '- Refresh digital services for residents',
    '',
    'Recommendation 3',
    '',
    'Consolidate partnership working with the voluntary sector',
    '',
    'This will give the council a clear basis for its decisions over the',
    '',
    '3',
    '',
    'coming years.',
    '',
    'Recommendation 4',
    '',
    'Develop the council’s approach to transformation',
  ])
  assert.deepEqual(broken.keyRecommendations.slice(0, 2), [
    'Deliver the council’s commercial ambitions and appetite for risk with members and staff',
    'Refresh digital services for residents',
  ])
  const named4 = read([
    'Key recommendations',
    '',
    'Recommendation 1',
    '',
    'Consolidate partnership working with the voluntary sector',
    '',
    'This will give the council a clear basis for its decisions over the',
    '',
    '3',
    '',
    'coming years.',
    '',
    'Recommendation 2',
    '',
    'Develop the council’s approach to transformation',
  ])
  assert.deepEqual(named4.keyRecommendations, [
    'Consolidate partnership working with the voluntary sector',
    'Develop the council’s approach to transformation',
  ])
})

test('"1)" numbering and a numbered section heading with its text straight after; "3½ days", "c.120 people"; "Dr" is no name', () => {
  const s = read([
    '2. Key recommendations',
    'The following are the peer team’s key recommendations to the Council:',
    '',
    '1) Develop a clear vision for the borough, shared with partners.',
    '2) Review the council’s approach to commercialisation.',
    '',
    '3. Summary of the Peer Challenge approach',
    'The peer team',
    'The peers who delivered the peer challenge were:',
    '• Dr Sam Jones – Chief Executive, Bolsover District Council',
    '• Cllr Dame Judith Blake – Leeds City Council',
    '',
    'The peer team spent 3½ days onsite, meeting c.120 people.',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Develop a clear vision for the borough, shared with partners.',
    'Review the council’s approach to commercialisation.',
  ])
  assert.deepEqual(
    s.peers.map((p) => [p.name, p.kind]),
    [
      ['Sam Jones', 'officer'],
      ['Judith Blake', 'member'],
    ],
  )
  assert.equal(s.onSiteDays, 3.5)
  assert.equal(s.stats.peopleMet, 120)
})

test('a report titled only "LGA Peer Challenge", "Corporate Peer Review" or "Peer Challenge Report" is a feedback report', () => {
  for (const title of ['LGA Peer Challenge', 'Corporate Peer Review', 'Peer Challenge Report'])
    assert.equal(
      read(['Wokingham Borough Council', title, '14-17 May 2019', '', 'The peer team made six recommendations.'])
        .documentKind,
      'feedback-report',
      title,
    )
})

test('days named one by one count as listed; "N people were interviewed" are people met', () => {
  const s = read([
    'Corporate Peer Challenge',
    'Feedback report',
    '',
    'The peer challenge was held on 5, 6 and 8 December 2022. In total, 75 people were interviewed.',
  ])
  assert.deepEqual(s.onSite, { start: '2022-12-05', end: '2022-12-08', days: 3 })
  assert.equal(s.stats.peopleMet, 75)
})

test('what the new rules must not take: a combined authority’s initials, a web address in an item, a paper’s own bold headings, a table of people consulted, a page holding a whole report', () => {
  // a combined authority's initials name no council, and leave the council the text names
  assert.equal(
    read([
      'Corporate Peer Challenge',
      'Middlesbrough Council',
      '',
      'The council is an active member of the Tees Valley Combined Authority (TVCA). TVCA funds the town centre, and TVCA and the council share a plan.',
    ]).council?.registerCode,
    'MDB',
  )
  // an item with a web address is an item, not a page's footer; a peer line with an e-mail and a web address stays
  const withLinks = read([
    'Key recommendations',
    '',
    '- Develop a clear long-term vision for the borough',
    '- Use the LGA’s councillor development offer (www.local.gov.uk/councillor-development)',
    '- Review scrutiny with the guidance at www.cfgs.org.uk',
    '',
    'The peer team was:',
    '- Jo Bloggs, Chief Executive, Gedling Borough Council',
    '- Pat Doe, Peer Challenge Manager, LGA – pat.doe@local.gov.uk, www.local.gov.uk',
  ])
  assert.equal(withLinks.keyRecommendations.length, 3)
  assert.deepEqual(
    withLinks.peers.map((p) => p.name),
    ['Jo Bloggs', 'Pat Doe'],
  )
  // a covering paper: its bold "Reasons for recommendations" are not recommendations; its consultation table is no team
  const paper = read([
    'Report to: Cabinet',
    '',
    'Recommendations',
    '',
    'That Cabinet: (a) notes the feedback report; (b) approves the action plan.',
    '',
    '**Reasons for recommendations**',
    '',
    'The council must publish an action plan.',
    '',
    '**Alternative options considered**',
    '',
    'None.',
    '',
    '1.2 The peer team’s key recommendations were:',
    '- Develop a long-term vision for the district',
    '- Strengthen performance management',
    '',
    '3. Consultation',
    '',
    'The following officers and members were consulted on this report:',
    '',
    'Name\tRole\tDate consulted',
    'Cllr Helen Dyke\tLeader of the Council\t20 June 2024',
    'Ian Miller\tChief Executive\t18 June 2024',
  ])
  assert.deepEqual(paper.keyRecommendations, [
    'Develop a long-term vision for the district',
    'Strengthen performance management',
  ])
  assert.deepEqual(paper.peers, [])
  // the LGA's page holding the whole report, with no download of it, is the report
  const page = read([
    'Skip to main content',
    'Home > Our support > Peer challenges > Corporate Peer Challenge: Torbay Council',
    '',
    'Corporate Peer Challenge – Torbay Council',
    '',
    '2. Key recommendations to the council',
    '',
    '1. Develop a shared vision for Torbay.',
    '2. Strengthen financial planning.',
    '',
    'Last updated: 21 March 2024',
  ])
  assert.equal(page.documentKind, 'feedback-report')
})

test('what the new rules must not take: the next paragraph after a semicolon team, a semicolon inside one peer’s line, the original visit in a progress review, a year after a comma, a small group met', () => {
  const team = read([
    'The peers who delivered the peer challenge were:',
    'Jo Bloggs, Chief Executive of Mid Devon District Council (lead peer); Cllr Sam Smith, Leader of Torridge District',
    'Council; and Lee Hall, Peer Challenge Manager, Local Government Association',
    '',
    'The peer team prepared by reviewing a range of documents and information.',
  ])
  assert.deepEqual(
    team.peers.map((p) => p.organisation),
    ['Mid Devon District Council', 'Torridge District Council', 'Local Government Association (LGA)'],
  )
  const bullets = read([
    'The peer team was:',
    '- Cllr Abi Brown, Leader, Stoke-on-Trent City Council; Chair, LGA Improvement and Innovation Board',
    '- Jo Bloggs, Chief Executive, Cannock Chase District Council',
    '- Pat Doe, Peer Challenge Manager, Local Government Association',
  ])
  assert.deepEqual(
    bullets.peers.map((p) => [p.name, p.organisation]),
    [
      ['Abi Brown', 'Stoke-on-Trent City Council'],
      ['Jo Bloggs', 'Cannock Chase District Council'],
      ['Pat Doe', 'Local Government Association (LGA)'],
    ],
  )
  const review = read([
    'Corporate Peer Challenge Progress Review',
    'Cannock Chase District Council',
    '',
    'Following the review on 8-10 February 2022, the council agreed an action plan in response to the nine recommendations.',
    '',
    'The progress review is a one-day visit which provides space for the council’s leadership to report on progress. It took place on 21 March 2024.',
  ])
  assert.deepEqual(review.onSite, { start: '2024-03-21', end: '2024-03-21', days: 1 })
  assert.equal(
    read(['Corporate Peer Challenge', '', 'The peer challenge took place on 5, 6 and 7 December, 2023.']).onSite?.days,
    3,
  )
  const met = read([
    'Corporate Peer Challenge',
    '',
    'On the second day the team met with 25 residents at a community event. The council consulted more than 3,000 people on its plan.',
    '',
    'In total, the team gathered information and views from more than 140 people.',
  ])
  assert.equal(met.stats.peopleMet, 140)
})

test('what the new rules must not take: theme headings after bold titles, a lower-case body after one blank line, a service named on the line under "LGA Peer Challenge"', () => {
  const bold = read([
    'Key recommendations',
    '',
    '**Develop a long-term vision for Hertsmere**',
    '',
    'The council should agree a vision with partners.',
    '',
    '**Strengthen financial planning**',
    '',
    'The plan should close the gap.',
    '',
    '**Local priorities and outcomes**',
    '',
    'The council knows its place well.',
  ])
  assert.deepEqual(bold.keyRecommendations, [
    'Develop a long-term vision for Hertsmere',
    'Strengthen financial planning',
  ])
  const body = read([
    'Key recommendations',
    '',
    '1. Agree a clear set of priorities',
    '2. Put in place a programme of councillor development',
    '',
    'e.g. induction, chairing skills and scrutiny training, delivered with the LGA.',
    '',
    '3. Review the council’s commercial property portfolio',
  ])
  assert.equal(body.keyRecommendations[1], 'Put in place a programme of councillor development')
  const climate = read([
    'LGA Peer Challenge',
    'Climate Change',
    'Cheshire West and Chester Council',
    '14-16 May 2024',
    '',
    'The peer challenge looked at the council’s response to the climate emergency.',
  ])
  assert.equal(climate.verdict, 'not-cpc')
})

test('a numbered list goes on past its section’s own number, to the text’s end; a contents list with no page numbers is not the section', () => {
  const items = [
    '1. Develop a clear narrative for the borough, shared with partners',
    '',
    '2. Refresh the Medium Term Financial Strategy',
    '',
    '3. Strengthen performance management',
    '',
    '4. Invest in the senior leadership team',
    '',
    '5. Review the housing revenue account business plan',
  ]
  const titles = items.filter(Boolean).map((x) => x.slice(3))
  const s = read([
    'Corporate Peer Challenge',
    'Anytown Borough Council',
    '',
    'Contents',
    '1. Executive summary',
    '2. Key recommendations',
    '3. Summary of peer challenge approach',
    '4. Feedback',
    '',
    '2. Key recommendations',
    '',
    'The following are the peer team’s key recommendations to the council:',
    '',
    ...items,
    '',
    '3. Summary of peer challenge approach',
    '',
    'The peer team spent three days on site.',
  ])
  assert.deepEqual(s.keyRecommendations, titles)
  // under a heading with no number, the last item ends the text
  assert.deepEqual(read(['Corporate Peer Challenge', '', 'Recommendations', '', ...items]).keyRecommendations, titles)
})

test('a page’s security marking or running header inside a list is passed over', () => {
  // a page's worth of text between the headers
  const page = Array.from({ length: 12 }, (_, k) => [`The council has made progress in area ${k + 1}.`, '']).flat()
  for (const header of ['OFFICIAL', 'Anytown Borough Council – Corporate Peer Challenge'])
    assert.deepEqual(
      read([
        header,
        '',
        'Corporate Peer Challenge',
        'Feedback report',
        '',
        ...page,
        'Key recommendations',
        '',
        'The following are the peer team’s key recommendations to the council:',
        '',
        '1. Agree a shared vision with partners',
        '',
        header,
        '',
        'Page 5 of 28',
        '',
        '2. Close the budget gap',
        '',
        'The peer team',
        '',
        ...page,
        header,
      ]).keyRecommendations,
      ['Agree a shared vision with partners', 'Close the budget gap'],
      header,
    )
  // a heading repeated through a report, with no page number beside it, ends the list
  assert.deepEqual(
    read([
      'Governance and culture',
      '',
      ...page,
      'Key recommendations',
      '',
      '1. Agree a shared vision with partners',
      '',
      'Governance and culture',
      '',
      '• The council has a clear constitution.',
      '',
      ...page,
      'Governance and culture',
    ]).keyRecommendations,
    ['Agree a shared vision with partners'],
  )
})

test('a team table read a cell to a line: with its column names, with blank lines between cells, or name then role', () => {
  const rows = [
    'Kim Ryley',
    'Former Chief Executive, Shropshire Council',
    'Cllr Linda Robinson',
    'Leader, Wychavon District Council',
    'Emily Rutherford',
    'Peer Challenge Manager, Local Government Association',
  ]
  const want = [
    ['Kim Ryley', 'Shropshire Council', 'officer'],
    ['Linda Robinson', 'Wychavon District Council', 'member'],
    ['Emily Rutherford', 'Local Government Association (LGA)', 'lga'],
  ]
  const intro = ['Corporate Peer Challenge', '', 'The peers were:', '']
  const after = ['', 'Scope and focus', '', 'The peer team considered five themes.']
  const peers = (lines: string[]) => read(lines).peers.map((p) => [p.name, p.organisation, p.kind])
  assert.deepEqual(peers([...intro, 'Name', 'Role', ...rows, ...after]), want)
  assert.deepEqual(peers([...intro, ...['Name', 'Role', ...rows].flatMap((r) => [r, '']), ...after]), want)
  assert.deepEqual(peers([...intro, ...rows, ...after]), want)
  // with a role column before the name, under the team's heading
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team',
      '',
      'Role',
      'Name',
      'Organisation',
      'Lead Peer',
      'Joanne Roney OBE',
      'Chief Executive, Manchester City Council',
      'Member Peer',
      'Cllr Shaun Davies',
      'Leader, Telford and Wrekin Council',
    ]).peers.map((p) => [p.name, p.title, p.organisation]),
    [
      ['Joanne Roney', 'Chief Executive', 'Manchester City Council'],
      ['Shaun Davies', 'Leader', 'Telford and Wrekin Council'],
    ],
  )
})

test('a progress review’s visit by the label on its line; an introduction’s recommendations in its own paragraph', () => {
  const head = (lines: string[]) =>
    read(['Corporate Peer Challenge Progress Review', 'London Borough of Havering', ...lines, '', 'Feedback report'])
  assert.deepEqual(head(['Corporate Peer Challenge: 5 – 8 March 2022', 'Progress review: 12 January 2023']).onSite, {
    start: '2023-01-12',
    end: '2023-01-12',
    days: 1,
  })
  assert.deepEqual(head(['Date of on-site visit: 21 June 2023']).onSite?.start, '2023-06-21')
  const s = read([
    'Corporate Peer Challenge Progress Review',
    '',
    'The CPC report set out a number of recommendations and the council produced an action plan.',
    '',
    'The progress review is designed to provide space for the council’s senior leadership to:',
    '',
    '• Receive feedback from peers on the progress made against the recommendations.',
    '• Consider peers’ reflections on any new challenges.',
    '',
    'Recommendation 1: Develop a clear, long-term vision for the borough',
    '',
    'The council has consulted widely.',
    '',
    'Recommendation 2: Strengthen financial planning',
    '',
    'A new MTFS was approved.',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Develop a clear, long-term vision for the borough',
    'Strengthen financial planning',
  ])
})

test('a council’s own leader named in a news item, with its place; "CORPORATE PEER CHALLENGE" in capitals; a position statement', () => {
  const news = read([
    'Peer challenge report published',
    '',
    'Posted: 14 July 2023',
    '',
    'In March, a team led by Dame Jo Miller, former Chief Executive of Doncaster Council, spent four days with us.',
    'The team visited sites across Solihull.',
    'Leader of Solihull Metropolitan Borough Council, Councillor Ian Courts, said: "We welcomed the peer team."',
  ])
  assert.equal(news.council?.registerCode, 'SOL')
  // a council named only as a visiting peer's employer is not the subject
  assert.equal(
    read([
      'Peer challenge report published',
      '',
      'The team was led by Jo Miller, former Chief Executive of Doncaster Council, and spent four days with us.',
    ]).council,
    null,
  )
  assert.equal(
    read(['CORPORATE PEER CHALLENGE', '', 'DERBYSHIRE DALES DISTRICT COUNCIL', '', 'FEEDBACK REPORT']).reviewType,
    'cpc',
  )
  const ps = read([
    'Corporate Peer Challenge',
    'Position Statement',
    '',
    'Stockport Metropolitan Borough Council',
    '',
    'This position statement sets out our own assessment, ahead of the Corporate Peer Challenge taking place between Tuesday 30 January and Friday 2 February 2024.',
  ])
  assert.equal(ps.documentKind, 'position-statement')
  assert.deepEqual(ps.onSite, { start: '2024-01-30', end: '2024-02-02', days: 4 })
})

test('recommendations as paragraphs after their introduction, or over an action plan’s fields; a role in brackets after a dash', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      'The following are the peer team’s key recommendations to the council:',
      '',
      ' Develop a corporate narrative that links the council’s priorities to its budget.',
      '',
      ' Review the council’s approach to strategic commissioning.',
      '',
      'These are explained in the feedback below.',
      '',
      'Summary of the peer challenge approach',
    ]).keyRecommendations,
    [
      'Develop a corporate narrative that links the council’s priorities to its budget.',
      'Review the council’s approach to strategic commissioning.',
    ],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge – Action Plan 2023/24',
      '',
      'Recommendation 1: Develop a clear narrative about what the councils are seeking to achieve',
      'Action: Refresh Our Plan',
      'Lead: Director for Communities',
      '',
      'Recommendation 2: Set out a clear approach to financial sustainability',
      'Target date: February 2024',
    ]).keyRecommendations,
    [
      'Develop a clear narrative about what the councils are seeking to achieve',
      'Set out a clear approach to financial sustainability',
    ],
  )
  assert.deepEqual(
    [
      parsePeer('Cllr Julian German – Cornwall Council (Member Peer)'),
      parsePeer('Abdool Kara, former Executive Director, National Audit Office'),
    ].map((p) => p && [p.name, p.organisation]),
    [
      ['Julian German', 'Cornwall Council'],
      ['Abdool Kara', 'National Audit Office'],
    ],
  )
})

test('what the new rules must not take: a paper’s numbered heading after a short list, the paragraph after the recommendations, a team of one name line', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Recommendations',
      '',
      '1. Develop a vision with partners.',
      '',
      '2. Review the budget.',
      '',
      '3. Financial implications',
      '',
      'There are none.',
    ]).keyRecommendations,
    ['Develop a vision with partners.', 'Review the budget.'],
  )
  // a name on its own line, then a sentence, is no table
  assert.deepEqual(
    read(['Corporate Peer Challenge', '', 'The team was:', '', 'Jo Bloggs', 'The team met 40 people.']).peers,
    [],
  )
})

test('a table read a cell to a line: recommendations under their column names, a team under its header alone; a team between semicolons in a sentence', () => {
  const s = read([
    'Corporate Peer Challenge – progress update',
    '',
    'The peer team made 3 recommendations. Progress against each is set out below.',
    '',
    'Recommendation',
    'Progress',
    'RAG',
    'Clarify capacity in the senior leadership team',
    'The work has started.',
    'Amber',
    'Improve the scrutiny function',
    'A new work programme is agreed.',
    'Green',
    'Develop a corporate performance framework',
    'Members will see it in June.',
    'Amber',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Clarify capacity in the senior leadership team',
    'Improve the scrutiny function',
    'Develop a corporate performance framework',
  ])
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Role',
      '',
      'Name',
      '',
      'Organisation',
      'Lead Peer',
      '',
      'Tom Barron',
      '',
      'Basingstoke and Deane Borough Council',
      'Member Peer',
      '',
      'Cllr Claire Goddard',
      '',
      'Newcastle-under-Lyme Borough Council',
    ]).peers.map((p) => [p.name, p.organisation, p.kind]),
    [
      ['Tom Barron', 'Basingstoke and Deane Borough Council', 'officer'],
      ['Claire Goddard', 'Newcastle-under-Lyme Borough Council', 'member'],
    ],
  )
  const letter = read([
    'Dear Tom,',
    '',
    'Corporate Peer Challenge Progress Review – Salford City Council',
    '',
    'The progress review was delivered by Cllr Ian Ward, Leader of Birmingham City Council; Kersten England, former',
    'Chief Executive of Bradford Council; and Rachel Litherland, LGA Peer Challenge Manager. The peer team held',
    'more than 12 meetings with over 30 people.',
  ])
  assert.deepEqual(
    letter.peers.map((p) => [p.name, p.organisation, p.kind]),
    [
      ['Ian Ward', 'Birmingham City Council', 'member'],
      ['Kersten England', 'Bradford Council', 'officer'],
      ['Rachel Litherland', 'Local Government Association (LGA)', 'lga'],
    ],
  )
  assert.equal(letter.stats.peopleMet, 30)
})

test('"R1." numbers a recommendation; a peer review titled by a topic of its own is not a corporate one; "led by Cllr … (Leader, …)"', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      'The peer team’s recommendations are set out below:',
      '',
      'R1. Develop a clear vision and set of priorities for the district.',
      'R2. Refresh the Medium Term Financial Plan.',
    ]).keyRecommendations,
    ['Develop a clear vision and set of priorities for the district.', 'Refresh the Medium Term Financial Plan.'],
  )
  const cyber = read([
    'Cyber 360 Peer Review',
    'Gloucester City Council',
    '',
    'The peer review looked at cyber security from 10 to 12 October 2023. The review team spoke to more than 40 people.',
  ])
  assert.deepEqual(
    [cyber.verdict, cyber.documentKind, cyber.reviewType],
    ['not-cpc', 'not-cpc', 'other-peer-challenge'],
  )
  // a news headline's verb, a council's or a place's name before "peer challenge", or a text that names a corporate one
  for (const title of [
    'Council welcomes peer challenge report',
    'Gloucester City Council Peer Challenge',
    'Gloucester Peer Challenge',
    'LGA Peer Challenge',
  ])
    assert.equal(
      read([
        title,
        '',
        'Gloucester City Council has published the report of its corporate',
        'peer challenge, held from 10 to 12 October 2023.',
      ]).verdict,
      'cpc',
      title,
    )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team was led by Cllr Shaun Davies (Leader, Telford and Wrekin Council) and included Jacqui Sinnott-Lacey (Chief Executive, Lancaster City Council) and Gill Taylor (Peer Challenge Manager, LGA).',
    ]).peers.map((p) => [p.name, p.organisation]),
    [
      ['Shaun Davies', 'Telford and Wrekin Council'],
      ['Jacqui Sinnott-Lacey', 'Lancaster City Council'],
      ['Gill Taylor', 'Local Government Association (LGA)'],
    ],
  )
})

test('the lead named before the list; sub-items and words broken at a hyphen; recommendations numbered in one sentence', () => {
  const s = read([
    'Corporate Peer Challenge',
    '',
    'The peer team was led by Jane Thomas, Chief Executive of Castle Point Borough Council. The other members of the',
    'team were:',
    '',
    '• Cllr Claire Holland, Leader, London Borough of Lambeth',
    '• Ernest Opuni, Peer Challenge Manager, LGA',
    '',
    'Key recommendations',
    '',
    'The following are the peer team’s key recommendations to the council:',
    '',
    '1. Reset the council’s governance',
    '   a. Agree a new constitution',
    '   b. Review the scheme of delegation',
    '2. Build on the regeneration of Stoke-on-',
    'Trent with its partners',
    '3. Strengthen the senior leadership team',
  ])
  assert.deepEqual(
    s.peers.map((p) => p.name),
    ['Jane Thomas', 'Claire Holland', 'Ernest Opuni'],
  )
  assert.deepEqual(s.keyRecommendations, [
    'Reset the council’s governance',
    'Build on the regeneration of Stoke-on-Trent with its partners',
    'Strengthen the senior leadership team',
  ])
  assert.deepEqual(
    read([
      'Report to Cabinet',
      'Corporate Peer Challenge',
      '',
      '1.1 The peer team made the following key recommendations: (1) develop a clear vision for the borough; (2) review',
      'the council’s financial strategy; and (3) invest in the council’s digital capability.',
    ]).keyRecommendations,
    [
      'Develop a clear vision for the borough',
      'Review the council’s financial strategy',
      'Invest in the council’s digital capability',
    ],
  )
})

test('a review’s name broken across a line still names it: a covering paper, another kind of review', () => {
  const paper = read([
    'Report to Cabinet',
    '',
    'Date of meeting: 12 March 2024',
    '',
    '1.1 In November 2023 the council invited the Local Government Association to carry out a corporate peer',
    'challenge. The peer team spent four days on site and met more than 120 people.',
    '',
    '1.2 The corporate peer',
    'challenge feedback report, appended, makes ten recommendations. Cabinet is asked to note the report.',
  ])
  assert.deepEqual([paper.verdict, paper.documentKind, paper.reviewType], ['cpc', 'covering-report', 'cpc'])
  const finance = read([
    'Report to Audit Committee',
    '',
    '1.1 In January 2024 the Local Government Association carried out a finance peer',
    'challenge of the council. The peers met 40 people over three days.',
    '',
    '1.2 The finance peer',
    'challenge made six recommendations on the medium-term financial plan.',
  ])
  assert.deepEqual([finance.verdict, finance.reviewType], ['not-cpc', 'fpc'])
})

test('a word broken at a hyphen is joined the same way across a page end and in a wrapped bold title', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      '1. Strengthen the senior leadership team',
      '2. Agree a medium-',
      '',
      '',
      '7',
      '',
      'term financial strategy with members',
      '3. Reset the council’s governance',
    ]).keyRecommendations,
    [
      'Strengthen the senior leadership team',
      'Agree a medium-term financial strategy with members',
      'Reset the council’s governance',
    ],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      '**Agree a medium-',
      'term financial strategy**',
      'The council should set its budget over three years.',
      '',
      '**Reset the council’s governance**',
      'The constitution is out of date.',
    ]).keyRecommendations,
    ['Agree a medium-term financial strategy', 'Reset the council’s governance'],
  )
})

test('days listed across a month’s end; a date the team’s return follows; "150+ people"; a progress review team that "comprised"', () => {
  const s = read([
    'Corporate Peer Challenge',
    'Feedback report',
    '',
    'The peer team visited the council on 28th February, 1st and 2nd March 2023. The team had conversations with 150+',
    'people.',
  ])
  assert.deepEqual(s.onSite, { start: '2023-02-28', end: '2023-03-02', days: 3 })
  assert.equal(s.stats.peopleMet, 150)
  const p = read([
    'Dear Cllr Smith,',
    '',
    'Corporate Peer Challenge Progress Review',
    '',
    'On 12 March 2024 the peer team returned to Mendip to review progress since the Corporate Peer Challenge held on',
    '7-9 February 2023.',
    '',
    'The progress review team comprised Cllr Martin Tett, Leader of Buckinghamshire Council; Andrew Grant, former Chief',
    'Executive of Herefordshire Council; and Paul Clarke, LGA Peer Challenge Manager.',
  ])
  assert.deepEqual(p.onSite, { start: '2024-03-12', end: '2024-03-12', days: 1 })
  assert.deepEqual(
    p.peers.map((x) => x.name),
    ['Martin Tett', 'Andrew Grant', 'Paul Clarke'],
  )
})

test('what the new rules must not take (review): a title’s year or word before "Peer Challenge", a tight list under its heading, a bullet’s gap, people met, a document’s own date', () => {
  for (const title of [
    'Wyre Forest District Council – 2014 Peer Challenge',
    'Remote Peer Challenge',
    'Appendix 1 Peer Challenge Feedback Report',
  ])
    assert.equal(
      read([
        title,
        'Feedback report',
        '',
        'This peer challenge took place from 4 – 6 March 2014 at the request of the council.',
      ]).verdict,
      'cpc',
      title,
    )
  // "2. Key recommendations" with its items straight under it is no contents list
  const tight = read([
    '2. Key recommendations',
    '1. Agree a medium term financial plan',
    '2. Refresh performance management',
    '3. Develop a workforce strategy',
    '',
    '3. Summary of the peer challenge approach',
    '',
    'Appendix B – action plan',
    '',
    'Key recommendations',
    'Lead officer',
  ])
  assert.deepEqual(tight.keyRecommendations, [
    'Agree a medium term financial plan',
    'Refresh performance management',
    'Develop a workforce strategy',
  ])
  // a bullet's gap in a text that keeps a PDF's layout is no table's column
  assert.deepEqual(
    read([
      'The peers who delivered the peer challenge at Ribble Valley were:',
      '',
      '•   Cllr Linda Robinson, Leader, Wychavon District Council',
      '•   Andrew Grant, Chief Executive, Preston City Council',
    ]).peers.map((p) => p.name),
    ['Linda Robinson', 'Andrew Grant'],
  )
  // the people the team met, as a table a cell to a line, are not the team; nor a council's own officer who led its
  // response
  const met = read([
    'Corporate Peer Challenge',
    '',
    'The council’s response has been led by Chris Sinnott (Chief Executive, Chorley Council).',
    '',
    'The peer team met the following people:',
    '',
    'Name',
    'Role',
    'Organisation',
    'Cllr James Naylor',
    'Leader of the Council',
    'Bassetlaw District Council',
    'Neil Taylor',
    'Chief Executive',
    'Bassetlaw District Council',
  ])
  assert.deepEqual(met.peers, [])
  // meetings someone else held, and a report's own date
  const p = read([
    'Corporate Peer Challenge – Progress Review',
    'Lichfield District Council',
    'Progress review visit report, issued 22 May 2024',
    '',
    'The Chief Executive has held meetings with 45 staff. The progress review took place on 25 April 2024. The',
    'progress review team met 18 councillors and officers.',
  ])
  assert.equal(p.onSite?.start, '2024-04-25')
  assert.equal(p.stats.peopleMet, 18)
})

test('what the new rules must not take (review): a position statement named in a sentence, paragraphs about a plan, a peer leader quoted, an empty cell', () => {
  assert.equal(
    read([
      'LGA Corporate Peer Challenge Progress Review',
      'Fenland District Council',
      'The council shared a position statement with the peers before the visit.',
    ]).documentKind,
    'progress-review',
  )
  assert.deepEqual(
    read([
      '2. Key recommendations',
      '',
      '2.1 The following are the peer team’s key recommendations to the council:',
      '',
      'Officers have drafted an action plan in response to each recommendation.',
      '',
      'The action plan is attached as Appendix B to this report.',
    ]).keyRecommendations,
    [],
  )
  assert.equal(
    read([
      'News',
      '',
      'Published: 14 March 2024',
      '',
      "Peer review praises council's progress",
      '',
      'An independent review of the council by the Local Government Association has found an organisation that is "ambitious for its residents".',
      '',
      "The corporate peer challenge team spent four days at the council's offices in February, speaking to councillors, staff and partners.",
      '',
      'Councillor Ian Courts, Leader of Solihull Metropolitan Borough Council, who led the peer team, said: "It was a pleasure to work with the council. Like Solihull, it has a strong economy and ambitious plans for growth, and I have no doubt it will rise to the challenges ahead."',
      '',
      "The team's report will be considered by Cabinet on 21 March.",
    ]).council,
    null,
  )
  // a table with no column whose cells can be checked: an empty cell would shift every row after it
  assert.deepEqual(
    read([
      'Key recommendations',
      '',
      'Recommendation',
      'Update',
      'Develop a clear vision for the borough',
      'Vision agreed in October 2023.',
      'Refresh the Medium Term Financial Strategy',
      'Strengthen performance management',
      'New framework from April 2024.',
    ]).keyRecommendations.length === 3,
    false,
  )
})

test('what the second round must not take (review): a progress review named with its challenge, a team that met people, a council’s own officer, a lead twice, the next section’s bullets, a paper’s decisions', () => {
  for (const sentence of [
    'The progress review visit to assess the council’s progress against the corporate peer challenge recommendations took place on 16 January 2024.',
    'The follow-up visit to review progress on the peer challenge took place on 16 January 2024.',
  ])
    assert.equal(
      read(['Corporate Peer Challenge Progress Review', 'Pendle Borough Council', '', sentence]).onSite?.start,
      '2024-01-16',
      sentence,
    )
  const team = (intro: string, extra: string[] = []) =>
    read([
      'Corporate Peer Challenge',
      '',
      intro,
      '',
      '• Cllr Linda Robinson, Leader, Wychavon District Council',
      '• Andrew Grant, Chief Executive, Preston City Council',
      ...extra,
    ]).peers.map((p) => p.name)
  assert.deepEqual(team('The peers, who met over 100 people during their three days on site, were:'), [
    'Linda Robinson',
    'Andrew Grant',
  ])
  assert.deepEqual(
    team(
      'The council’s preparation for the challenge was led by Jeff Stack, Chief Executive of Broxbourne Borough Council, and the peers who delivered the challenge were:',
    ),
    ['Linda Robinson', 'Andrew Grant'],
  )
  assert.deepEqual(
    team('The peer team was led by Linda Robinson, Leader of Wychavon District Council. The peers were:'),
    ['Linda Robinson', 'Andrew Grant'],
  )
  assert.deepEqual(
    team('The peer team was:', ['', '4. Partners consulted', '', '• Cllr Tim Oliver, Leader, Surrey County Council']),
    ['Linda Robinson', 'Andrew Grant'],
  )
  assert.deepEqual(
    read([
      'Report to Cabinet',
      '',
      'The peer team made two recommendations.',
      '',
      '2. Recommendations: (1) that Cabinet notes the feedback report at Appendix 1; and (2) that Cabinet approves the action plan at Appendix 2.',
    ]).keyRecommendations,
    [],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team’s recommendations fall under four headings: (a) Leadership and place; (b) Governance and culture.',
    ]).keyRecommendations,
    [],
  )
})

test('an action plan’s table of recommendations with no heading over it; an annual report or a work programme that mentions a challenge is not about one', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Action Plan',
      'Selby District Council',
      '',
      'No.\tRecommendation\tAction\tLead officer\tTarget date\tRAG',
      '1\tDevelop a clear vision for the district\tConsult on a new Council Plan\tChief Executive\tMarch 2023\tGreen',
      '2\tRefresh the Medium Term Financial Strategy\tAgree a five-year MTFS\tDirector of Resources\tFebruary 2023\tAmber',
    ]).keyRecommendations,
    ['Develop a clear vision for the district', 'Refresh the Medium Term Financial Strategy'],
  )
  // (not a paper whose title block names the challenge, or a line that starts with those words)
  for (const title of [
    'Forward Plan reference: KD/2024/07',
    'Annual Report on the Peer Challenge Action Plan',
    'Peer team praises Harlow’s regeneration work programme',
  ])
    assert.equal(
      read([title, 'LGA Corporate Peer Challenge – Feedback Report', '', 'The peer challenge took place in March.'])
        .verdict,
      'cpc',
      title,
    )
  for (const title of ['Annual Report 2022/23', 'Overview and Scrutiny Committee Work Programme 2024/25']) {
    const s = read([
      title,
      'Harborough District Council',
      '',
      'This year we welcomed a Corporate Peer Challenge team to Harborough. Its findings were published in March.',
    ])
    assert.deepEqual([s.verdict, s.documentKind], ['not-cpc', 'not-cpc'], title)
  }
})

test('figures in words over a hundred: "more than one hundred and twenty people" is 120, not 20', () => {
  assert.equal(
    read(['Corporate Peer Challenge', '', 'Peers spoke to more than one hundred and twenty people.']).stats.peopleMet,
    120,
  )
  assert.equal(read(['Corporate Peer Challenge', '', 'The team met a hundred people.']).stats.peopleMet, 100)
})

test('dates: days listed with "&", and a range whose first date carries its year too', () => {
  for (const [text, want] of [
    ['on 8, 9 & 10 November 2022', { start: '2022-11-08', end: '2022-11-10', days: 3 }],
    ['from 8 November 2022 to 10 November 2022', { start: '2022-11-08', end: '2022-11-10', days: 3 }],
    ['from 29 December 2024 to 2 January 2025', { start: '2024-12-29', end: '2025-01-02', days: 5 }],
  ] as const)
    assert.deepEqual(
      read(['Corporate Peer Challenge', 'Feedback report', '', `The peer team were on site ${text}.`]).onSite,
      want,
      text,
    )
})

test('recommendation titles: a short label before a colon and a sentence, "Recommendation one –", a number on its own line', () => {
  const recs = (lines: string[]) =>
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      ...lines,
      '',
      'Summary of the peer challenge approach',
    ]).keyRecommendations
  assert.deepEqual(
    recs([
      '1. Vision and priorities: The council should develop a clear vision for the district.',
      '',
      '2. Capacity: The council should review the capacity of its senior leadership team.',
      '',
      '3. Finance: Close the budget gap.',
      '',
      '4. Note: The council should refresh its plan.',
    ]),
    // (a short label is the title, as the words before a dash are; "Note", "Action" and the like are no titles)
    ['Vision and priorities', 'Capacity', 'Finance', 'Note: The council should refresh its plan.'],
  )
  assert.deepEqual(
    recs([
      'The peer team’s recommendations are:',
      '',
      'Recommendation one – develop a clear vision for the district',
      'Recommendation two – close the budget gap',
    ]),
    ['Develop a clear vision for the district', 'Close the budget gap'],
  )
  assert.deepEqual(
    recs([
      '1',
      'Develop a clear vision for the district',
      '',
      '2',
      'Close the budget gap',
      '',
      '3',
      'Feedback on the themes',
    ]),
    ['Develop a clear vision for the district', 'Close the budget gap'],
  )
  // "Recommendation one of the 2022 challenge has been completed" is a sentence
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      'Recommendation one of the 2022 challenge has been completed: the council has a new plan.',
      '',
      'Recommendation two is on track.',
    ]).keyRecommendations,
    [],
  )
  // an instruction before a colon is the title, as a label is, whatever follows it
  assert.deepEqual(
    recs(['1. Refresh the Corporate Plan: set out a clear set of priorities.', '', '2. Close the gap.']),
    ['Refresh the Corporate Plan', 'Close the gap.'],
  )
})

test('a name two councils answer to is the one whose own name it is, or the one that still exists, on the text’s date', () => {
  const council = (name: string, when: string) =>
    read(['Corporate Peer Challenge', name, 'Feedback report', '', `The peer team were on site from ${when}.`]).council
      ?.registerCode
  // with no date, the council whose own name it is, or the one that still exists
  assert.equal(read(['Corporate Peer Challenge', 'Somerset Council', 'Feedback report']).council?.registerCode, 'SMT')
  assert.equal(
    read(['Corporate Peer Challenge', 'North Yorkshire Council', 'Feedback report']).council?.registerCode,
    'NYE',
  )
  assert.equal(council('Somerset Council', '5 to 8 October 2024'), 'SMT')
  // before the unitary council existed, the county
  assert.equal(council('Somerset Council', '5 to 8 October 2021'), 'SOM')
  assert.equal(council('Somerset County Council', '5 to 8 October 2021'), 'SOM')
})

test('the shorter names councils go by: the town before its river ("Stockton Council"), initials about "&" ("H&F")', () => {
  const council = (lines: string[]) => read(lines).council?.registerCode ?? null
  assert.equal(council(['Corporate Peer Challenge', 'Stockton Council', '', 'Feedback report']), 'STT')
  assert.equal(council(['Corporate Peer Challenge', 'Southend Council', '', 'Feedback report']), 'SOS')
  assert.equal(council(['Corporate Peer Challenge', 'Richmond Council', '', 'Feedback report']), 'RIC')
  assert.equal(
    council(['News', '', 'The LGA corporate peer challenge of H&F took place in October 2023. The peers praised H&F.']),
    'HMF',
  )
  assert.equal(council(['Cabinet report', '', 'B&NES Corporate Peer Challenge', '', 'The challenge of B&NES.']), 'BAS')
  // a short name two councils share names neither ("Kingston": upon Thames and upon Hull; "Newcastle"), nor does "&"
  // between initials no council has ("R&D"), nor "and" written out
  assert.equal(council(['Corporate Peer Challenge', 'Kingston Council', '', 'Feedback report']), null)
  assert.equal(council(['Corporate Peer Challenge', 'Newcastle Council', '', 'Feedback report']), null)
  assert.equal(council(['Corporate Peer Challenge', '', 'The R&D team and the H and F teams met the peers.']), null)
})

test('a real report’s layouts: "3.1. Recommendation 1", a tab after a list’s number, en-dash bullets, the team’s time as one person’s weeks', () => {
  const head = ['Corporate Peer Challenge', 'Hyndburn Borough Council', '12 – 15 March 2024', 'Feedback report', '']
  assert.deepEqual(
    read([
      ...head,
      '3. Recommendations',
      'The following are the peer team’s key recommendations to the council:',
      '3.1. Recommendation 1',
      'Develop a clear, long-term vision for Hyndburn.',
      '3.2. Recommendation 2',
      'Put in place a medium-term financial strategy.',
      '4. Summary of the peer challenge approach',
    ]).keyRecommendations,
    ['Develop a clear, long-term vision for Hyndburn.', 'Put in place a medium-term financial strategy.'],
  )
  // Word's text of a numbered list: the number, a tab, the item (a table's rows have a tab between cells too)
  assert.deepEqual(
    read([
      ...head,
      '2.\tKey recommendations',
      'The following are the peer team’s key recommendations to the council:',
      '2.1\tContinue the focus on improving children’s services.',
      '2.2\tSet out a clear plan to deliver the savings required.',
      '3.\tSummary of the peer challenge approach',
    ]).keyRecommendations,
    ['Continue the focus on improving children’s services.', 'Set out a clear plan to deliver the savings required.'],
  )
  const team = read([
    ...head,
    'The peer team',
    '– Kath O’Dwyer, Chief Executive, Cornwall Council (former)',
    '– Mayor Rokhsana Fiaz OBE (Labour), Mayor, London Borough of Newham',
    '– Paul Clarke, Peer Challenge Manager, Local Government Association',
  ])
  assert.deepEqual(
    team.peers.map((p) => p.name),
    ['Kath O’Dwyer', 'Rokhsana Fiaz', 'Paul Clarke'],
  )
  const weeks = (sentence: string) => read([...head, sentence]).stats
  assert.deepEqual(
    weeks(
      'This was equivalent to the team spending 175 hours with the council, or one person spending nearly 5 weeks in Hyndburn.',
    ),
    { peopleMet: null, meetings: null, interviews: null, hours: 175, personWeeksEquivalent: 5 },
  )
  assert.deepEqual(weeks('This equates to 150 hours, or more than four weeks of one person’s time.'), {
    peopleMet: null,
    meetings: null,
    interviews: null,
    hours: 150,
    personWeeksEquivalent: 4,
  })
})

test('a peer’s council after their role and a comma is theirs, not the subject, in a title block', () => {
  const s = read([
    'FENLAND DISTRICT COUNCIL – CORPORATE PEER CHALLENGE',
    'FEEDBACK REPORT',
    '',
    'Date of onsite visit:\t14 – 16 November 2023',
    'Lead peer:\tIan Davidson, Chief Executive, Tendring District Council',
  ])
  assert.equal(s.council?.registerCode, 'FEN')
})

test('a committee paper without blank lines: its decisions, its team and its lettered list are told apart', () => {
  const paper = read([
    'Anytown Borough Council',
    '',
    'Executive – 4 September 2024',
    'Report Title: Local Government Association Corporate Peer Challenge – Outcome and Response',
    '',
    '1.\tSummary',
    '1.1.\tThe council invited the LGA to carry out a Corporate Peer Challenge, held from 8 to 11 July 2024.',
    '2.\tRecommendations',
    '2.1.\tThe Executive is asked to:',
    '\ta)\tNote the feedback from the Corporate Peer Challenge.',
    '\tb)\tApprove the draft action plan in Appendix B.',
    '3.\tReasons for recommendations',
    '3.1.\tThe peer team comprised:',
    '\t- Paul Shevlin, Chief Executive, Craven District Council (lead peer)',
    '\t- Councillor Sue Woolley, Leader, East Lindsey District Council',
    '3.2.\tThe Corporate Peer Challenge made the following key recommendations:',
    '\ti.\tContinue to prioritise financial sustainability and the transformation programme',
    '\tii.\tArticulate a clear vision for the borough as a place',
    '3.3.\tThe team was led by Jo Miller, former Chief Executive of Doncaster Council, and included Cllr Shaun Davies,',
    '\tLeader of Telford & Wrekin Council, and Pete Moore, LGA Associate.',
  ])
  assert.equal(paper.documentKind, 'covering-report')
  assert.deepEqual(paper.keyRecommendations, [
    'Continue to prioritise financial sustainability and the transformation programme',
    'Articulate a clear vision for the borough as a place',
  ])
  assert.deepEqual(
    paper.peers.map((p) => p.name),
    ['Paul Shevlin', 'Sue Woolley'],
  )
  // a team in prose: "LGA Associate" is a role, not a second name
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team was led by Jo Miller, former Chief Executive of Doncaster Council, and included Cllr Shaun Davies, Leader of Telford & Wrekin Council, and Pete Moore, LGA Associate. The team spent four days on site.',
    ]).peers.map((p) => p.name),
    ['Jo Miller', 'Shaun Davies', 'Pete Moore'],
  )
  // a team after the paper's own "Recommendations" heading is not a list of recommendations
  assert.deepEqual(
    read([
      'Report to: Cabinet',
      'Subject: LGA Corporate Peer Challenge',
      '2. RECOMMENDATIONS',
      '2.1 That Cabinet notes the findings of the Corporate Peer Challenge.',
      '3. BACKGROUND',
      '3.1 The peer team comprised:',
      '- Paul Shevlin, Chief Executive, Craven District Council (lead peer)',
      '- Councillor Sue Woolley, Leader, East Lindsey District Council',
    ]).keyRecommendations,
    [],
  )
})

test('minutes not called minutes; a letter’s headings and sign-off; a list of achievements; a wrapped body in an unbulleted team', () => {
  const minutes = read([
    'REDCAR AND CLEVELAND BOROUGH COUNCIL',
    'MEETING OF THE CABINET',
    'Present:\tCouncillor Alec Brown (Chair)',
    'C 89.\tLGA CORPORATE PEER CHALLENGE',
    '\tThe Chief Executive presented a report on the Corporate Peer Challenge which took place from 16 to 18 January 2024.',
    '\tRESOLVED that:',
    '\t(a) the feedback report of the Corporate Peer Challenge be noted;',
    '\t(b) the action plan at Appendix 2 be approved.',
  ])
  assert.deepEqual([minutes.documentKind, minutes.keyRecommendations], ['minutes', []])
  const letter = read([
    'Dear Chris,',
    'Chorley Council – Corporate Peer Challenge Progress Review',
    'Thank you for inviting us back to deliver the progress review on 27 February 2024.',
    'The progress review focused on each of the recommendations from the Corporate Peer Challenge, under the following headings:',
    '1. Developing the council’s shared services',
    '2. Financial sustainability',
    'Yours sincerely,',
  ])
  assert.deepEqual(letter.keyRecommendations, [])
  const update = read([
    'Bolsover District Council',
    'Report to: Executive',
    'Corporate Peer Challenge – Action Plan Progress Update',
    '2.1\tProgress against each of the seven recommendations is set out in Appendix 1.',
    '2.2\tKey achievements include:',
    '\t•\tA new Vision for Bolsover agreed by Council in February 2024',
    '\t•\tThe appointment of a permanent Head of Paid Service',
  ])
  assert.deepEqual(update.keyRecommendations, [])
  const review = read([
    'Dacorum Borough Council',
    'Corporate Peer Challenge',
    'Progress Review Feedback',
    '',
    'Recommendations from the progress review',
    '1. Deliver the savings identified in the MTFS, and monitor them monthly',
    '2. Complete the review of the council’s garage stock',
  ])
  assert.deepEqual(review.keyRecommendations, [
    'Deliver the savings identified in the MTFS, and monitor them monthly',
    'Complete the review of the council’s garage stock',
  ])
  const team = read([
    'Corporate Peer Challenge',
    '',
    'The peers who delivered the peer challenge were:',
    'Lead Peer – Martin Reeves, Chief Executive, Coventry City Council',
    'Officer Peer – Ian O’Donnell, Executive Director of Corporate Resources, London',
    'Borough of Ealing',
    'Peer Challenge Manager – Chris Bowron, Local Government Association',
  ])
  assert.deepEqual(
    team.peers.map((p) => [p.name, p.organisation]),
    [
      ['Martin Reeves', 'Coventry City Council'],
      ['Ian O’Donnell', 'London Borough of Ealing'],
      ['Chris Bowron', 'Local Government Association (LGA)'],
    ],
  )
})

test('look-alikes by what they say of themselves; dates in figures; an action plan’s cells with their own numbers', () => {
  const finance = read([
    'Slough Borough Council',
    'Peer Challenge',
    'Feedback Report',
    '13th – 15th February 2024',
    '',
    'Slough Borough Council asked the LGA to carry out a finance peer challenge of its financial recovery.',
    'This was not a corporate peer challenge. The council intends to commission a full Corporate Peer Challenge later.',
    '• Kate Herbert, Peer Challenge Manager, LGA',
  ])
  assert.deepEqual([finance.verdict, finance.reviewType], ['not-cpc', 'fpc'])
  const service = read([
    'Torbay Council',
    'LGA Peer Challenge',
    'Digital and Customer Services',
    '20 – 21 November 2023',
  ])
  assert.deepEqual([service.verdict, service.reviewType], ['not-cpc', 'other-peer-challenge'])
  const ags = read([
    'Wirral Council',
    'Annual Governance Statement 2023/24',
    '',
    '5.1 The council hosted an LGA Corporate Peer Challenge between 20 and 23 November 2023.',
  ])
  assert.equal(ags.verdict, 'not-cpc')
  assert.deepEqual(
    read([
      'Fenland District Council',
      'Corporate Peer Challenge',
      'Feedback report',
      'Date of onsite visit: 14/11/2023 – 16/11/2023',
    ]).onSite,
    { start: '2023-11-14', end: '2023-11-16', days: 3 },
  )
  assert.deepEqual(
    read([
      'Tamworth Borough Council',
      'LGA Corporate Peer Challenge 2024',
      'Action Plan',
      'Recommendation',
      'Proposed action',
      'Owner',
      'Target date',
      '1. Develop a clear and compelling vision for Tamworth as a place.',
      'Hold a partnership summit and agree a place vision for 2040.',
      'Chief Executive',
      'September 2024',
      '2. Address the structural budget gap in the medium term financial strategy.',
      'Savings and income generation programme to be developed.',
      'Executive Director Finance',
      'February 2025',
    ]).keyRecommendations,
    [
      'Develop a clear and compelling vision for Tamworth as a place.',
      'Address the structural budget gap in the medium term financial strategy.',
    ],
  )
})

test('older and plainer layouts: a page’s footer inside a list, roman numbers, labels set apart, "Areas for consideration"', () => {
  const footer = read([
    'Tamworth Borough Council',
    'Peer Challenge',
    '',
    'Key recommendations',
    '',
    '• Refresh the Medium Term Financial Strategy',
    '',
    'Tamworth Borough Council                                        4',
    'Peer Challenge Feedback Report',
    '',
    '• Strengthen the role of scrutiny so that it adds value to policy development',
    '',
    '• Make more of the council’s place shaping role with partners',
    '',
    'The peer team spent more than 200 hours with the council, the equivalent of one person spending more than 5½ weeks in Tamworth.',
  ])
  assert.deepEqual(footer.keyRecommendations, [
    'Refresh the Medium Term Financial Strategy',
    'Strengthen the role of scrutiny so that it adds value to policy development',
    'Make more of the council’s place shaping role with partners',
  ])
  // a peer challenge of the council called only a peer challenge is a corporate one; half a week counts
  assert.deepEqual([footer.verdict, footer.reviewType, footer.stats.personWeeksEquivalent], ['cpc', 'cpc', 5.5])
  const paper = read([
    'Report to: Cabinet',
    'Subject: LGA Corporate Peer Challenge',
    '',
    '3.2 The peer team was:',
    '  Lead Peer:                  Sue Baxter, former Chief Executive, Worcester City Council',
    '  Member Peer:                Cllr Alan Jarrett, former Leader, Medway Council',
    '  Peer Challenge Manager:     Judith Hurcombe, LGA',
    '',
    '4.1 The peer team made three recommendations, which are:',
    '',
    '  i.   Develop and publish a Council Plan which sets out a clear vision for the borough',
    '  ii.  Address the council’s financial challenges through a savings programme',
    '  iii. Complete the Transforming Nuneaton programme',
  ])
  assert.deepEqual(
    paper.peers.map((p) => [p.name, p.title]),
    [
      ['Sue Baxter', 'former Chief Executive'],
      ['Alan Jarrett', 'former Leader'],
      ['Judith Hurcombe', 'Peer Challenge Manager'],
    ],
  )
  assert.deepEqual(paper.keyRecommendations, [
    'Develop and publish a Council Plan which sets out a clear vision for the borough',
    'Address the council’s financial challenges through a savings programme',
    'Complete the Transforming Nuneaton programme',
  ])
  assert.deepEqual(
    read([
      'Mansfield District Council',
      'Corporate Peer Challenge',
      '',
      '3. Areas for consideration',
      '',
      '   - Develop a clear and shared vision for the district',
      '   - Set out a balanced medium term financial plan to 2016',
    ]).keyRecommendations,
    ['Develop a clear and shared vision for the district', 'Set out a balanced medium term financial plan to 2016'],
  )
  // a progress review that takes the recommendations up one by one after listing them
  assert.deepEqual(
    read([
      'Dacorum Borough Council',
      'Corporate Peer Challenge Progress Review',
      '',
      'The recommendations of the CPC were:',
      '',
      'Recommendation 1 – Develop a single shared vision for Dacorum',
      'Recommendation 2 – Close the budget gap for 2024/25 and beyond',
      '',
      'Recommendation 1 – Develop a single shared vision for Dacorum',
      'The council has since agreed a new vision.',
    ]).keyRecommendations,
    ['Develop a single shared vision for Dacorum', 'Close the budget gap for 2024/25 and beyond'],
  )
})

test('the week of a visit, a review "held on" a day, the LGA’s feedback letter, a table written with "|"', () => {
  const week = read([
    'Anytown Borough Council',
    'Corporate Peer Challenge',
    '',
    'The challenge was undertaken w/c 5 February 2024, with the team on site for four days.',
  ])
  assert.deepEqual(week.onSite, { start: '2024-02', end: '2024-02', days: 4 })
  assert.deepEqual(
    read([
      'Torridge District Council',
      'Minutes of the Audit Committee',
      '',
      '64. CORPORATE PEER CHALLENGE PROGRESS REVIEW',
      '',
      'The Chief Executive presented the letter from the LGA following the progress review held on',
      'Wednesday 29 November 2023. The progress review considered the corporate peer challenge undertaken in March 2023.',
    ]).onSite,
    { start: '2023-11-29', end: '2023-11-29', days: 1 },
  )
  const letter = read([
    'Dear Stuart',
    '',
    'Rossendale Borough Council – Peer Challenge 5th - 8th November 2013',
    '',
    'On behalf of the peer team, I would like to say what a pleasure it was to be invited to Rossendale.',
    '',
    'Recommendations',
    '',
    '1. Develop a clear vision for the borough',
    '2. Agree a medium term financial strategy',
  ])
  assert.deepEqual([letter.documentKind, letter.keyRecommendations.length], ['feedback-report', 2])
  const pipes = summarise(
    parseDocument(
      normaliseText(
        [
          'Gedling Borough Council',
          'Corporate Peer Challenge – Action Plan Update',
          '',
          'Ref | Recommendation | Lead officer | RAG',
          '1 | Refresh the Gedling Plan with fewer, clearer priorities | Chief Executive | Green',
          '2 | Develop a sustainable Medium Term Financial Plan | Director of Resources | Amber',
          '',
          'Home | News',
        ].join('\n'),
      ),
      refs,
    ).fields,
  )
  assert.deepEqual(pipes.keyRecommendations, [
    'Refresh the Gedling Plan with fewer, clearer priorities',
    'Develop a sustainable Medium Term Financial Plan',
  ])
  // a web page's trail, one line, stays as it was
  assert.ok(normaliseText('Home | News\n\nText').startsWith('Home | News'))
})

test('guards the new rules: what they must not take (a review of them against the parser before)', () => {
  // "invited the LGA to undertake a corporate peer challenge" is the challenge, not one to come
  assert.equal(
    read([
      'News',
      '',
      'Swindon Borough Council invited the Local Government Association to undertake a corporate peer challenge earlier this year, and the report is now published.',
    ]).verdict,
    'cpc',
  )
  // a council's own leader signing a foreword, the role on a line of its own, is the council's
  assert.equal(
    read([
      'Corporate Peer Challenge',
      'Feedback report',
      '',
      'Foreword',
      'We welcomed the peer team and their findings.',
      'Cllr Bob Cook',
      'Leader, Stockton-on-Tees Borough Council',
    ]).council?.registerCode,
    'STT',
  )
  // a shopping centre, Tyne and Wear's services: not councils
  const newham = read([
    'Corporate Peer Challenge',
    'London Borough of Newham',
    'Feedback report',
    '',
    'Westfield Stratford City draws visitors. Westfield Stratford City employs thousands. Stratford City is busy.',
  ])
  assert.equal(newham.council?.registerCode, 'NWM')
  const gateshead = read([
    'Corporate Peer Challenge',
    'Gateshead Council',
    'Feedback report',
    '',
    'T&W Fire and Rescue and the T&W Pension Fund are key partners, and the council leads on T&W procurement.',
  ])
  assert.equal(gateshead.council?.registerCode, 'GAT')
  // an item's wrapped line that ends in a number is no page footer; recommendations numbered again under each theme
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '1. Make better use of developer contributions collected under the',
      'Community Infrastructure Levy and Section 106',
      '2. Set out how the council will deliver its Local Plan',
    ]).keyRecommendations,
    [
      'Make better use of developer contributions collected under the Community Infrastructure Levy and Section 106',
      'Set out how the council will deliver its Local Plan',
    ],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      'Leadership',
      'Recommendation 1: Refresh the corporate plan with residents',
      'Recommendation 2: Strengthen the role of the Leader’s Board',
      'Finance',
      'Recommendation 1: Develop a medium term financial strategy',
      'Recommendation 2: Rebuild reserves over three years',
    ]).keyRecommendations.length,
    4,
  )
  // an en dash that carries on a bulleted peer's line
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team was:',
      '• Cllr Jo Bloggs, Leader, Braintree District Council',
      '– Essex representative on the LGA People and Places Board',
      '• Sam Patel, Chief Executive, Basildon Borough Council',
    ]).peers.map((p) => p.name),
    ['Jo Bloggs', 'Sam Patel'],
  )
  // American dates in figures are no dates (month 14)
  assert.equal(
    read(['Corporate Peer Challenge', '', 'The team was on site from 11/14/2023 to 11/16/2023.']).onSite,
    null,
  )
  // a paper that recalls a decision is no minutes; "which Cabinet resolved:" introduces recommendations
  const recall = read([
    'Report to: Cabinet',
    'Purpose of report: the LGA Corporate Peer Challenge action plan',
    '',
    '1.1 On 12 March 2024 Cabinet considered the report of the LGA and RESOLVED that an action plan be prepared.',
  ])
  assert.equal(recall.documentKind, 'covering-report')
})

test('probe round 3: teams without bullets or across a footer, in a table of combined columns, in a letter’s prose', () => {
  const names = (lines: string[]) => read(lines).peers.map((p) => p.name)
  // lines of no bullet a blank line apart, each a whole peer (the bullet lost in extraction), one wrapped
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peers who delivered the peer challenge were:',
      '',
      ' Gillian Marchetti – Chief Executive, Waverley Borough Council',
      '',
      ' Councillor Patricia van der Berg – Cabinet Member for Finance, Cheltenham Borough',
      'Council',
      '',
      ' Hannah Achterberg – Head of Policy, Guildford Borough Council',
      '',
      'Scope and focus',
    ]),
    ['Gillian Marchetti', 'Patricia van der Berg', 'Hannah Achterberg'],
  )
  // a page's footer block between two peers: the lines every page repeats, and the page number
  const footer = [
    '18 Smith Square, London, SW1P 3HZ www.local.gov.uk Telephone 020 7664 3000 Email info@local.gov.uk',
    'Local Government Association company number 11177145',
    'Chair of the Board Councillor Louise Gittins Chief Executive Joanna Killian',
  ]
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      ...footer,
      '1',
      '',
      'The peers were:',
      '',
      ' Catriona MacLennan, Chief Executive, Suffolk County Council',
      '',
      ' Kenneth Obi, Executive Director of Resources, Devon County Council',
      '',
      ...footer,
      '2',
      '',
      ' Hafsa Rahman, Peer Challenge Manager, Local Government Association',
      '',
      'Scope and focus',
      '',
      ...footer,
      '3',
    ]),
    ['Catriona MacLennan', 'Kenneth Obi', 'Hafsa Rahman'],
  )
  // a table read a cell to a line, its second column the role and the body together
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peers were:',
      '',
      'Name',
      'Role and organisation',
      'Councillor Eleni Papadopoulou-Grant',
      'Leader, London Borough of Hackney',
      'Rowan Achebe-Whitley',
      'Chief Executive, London Borough of Camden',
      '',
      'Scope and focus',
    ]),
    ['Eleni Papadopoulou-Grant', 'Rowan Achebe-Whitley'],
  )
  // a letter's prose, its writer among the team
  const letter = read([
    'Corporate Peer Challenge',
    '',
    'The peers who delivered the peer challenge at Mid Devon were Helen Rowbotham (Chief Executive, Cotswold',
    'District Council), Councillor Idris Pryce-Jones (Leader, Malvern Hills District Council), Richard',
    'Penhallow (Strategic Director, Tewkesbury Borough Council) and myself, Ruth Adeyemi-Clarke, as',
    "the LGA's Peer Challenge Manager.",
  ]).peers
  assert.deepEqual(
    letter.map((p) => [p.name, p.organisation]),
    [
      ['Helen Rowbotham', 'Cotswold District Council'],
      ['Idris Pryce-Jones', 'Malvern Hills District Council'],
      ['Richard Penhallow', 'Tewkesbury Borough Council'],
      ['Ruth Adeyemi-Clarke', 'Local Government Association (LGA)'],
    ],
  )
})

test('probe round 3: recommendation titles after an introducing sentence; the council of a page, a paper and a joint challenge', () => {
  // items after the sentence that introduces them: the first sentence is the title
  assert.deepEqual(
    read([
      'Report to Cabinet',
      '',
      'The peer team made the following recommendations:',
      '',
      'a) Sharpen the corporate performance framework. Councillors should see at a glance whether it works.',
      '',
      'b) Put in place a single programme management office for regeneration.',
    ]).keyRecommendations,
    [
      'Sharpen the corporate performance framework.',
      'Put in place a single programme management office for regeneration.',
    ],
  )
  const council = (lines: string[]) => read(lines).council?.registerCode ?? null
  // "peer challenge undertaken at <council>" outweighs a county named once
  assert.equal(
    council([
      'REPORT TO: CABINET',
      '',
      'To inform Cabinet of the outcome of the LGA Corporate Peer Challenge undertaken at Hyndburn Borough Council in',
      'February 2018. Hyndburn has acted on it with partners from Lancashire County Council and others.',
    ]),
    'HYN',
  )
  // a copyright line names the page's publisher
  assert.equal(
    council([
      '# Peer challenge report published',
      '',
      'The peer team spoke to partners such as the NHS, Essex Police and Essex County Council, and residents of Brentwood.',
      '',
      'Brentwood Borough Council, Town Hall, Ingrave Road, Brentwood, Essex CM15 8AY',
      '',
      '© 2022 Brentwood Borough Council',
    ]),
    'BRW',
  )
  // of two named about as often, the one whose towns are named (a combined authority named in passing)
  assert.equal(
    council([
      'Corporate Peer Challenge 2025',
      '',
      'The Council took part in a Local Government Association Corporate Peer Challenge from 25 to 28 February 2025.',
      '',
      'This page explains what the peer challenge is and what the peer team found.',
      '',
      'The team visited Runcorn and Widnes and met the Liverpool City Region Combined Authority.',
      '',
      'It will help agree the Council’s place in the Liverpool City Region. Email peerchallenge@halton.gov.uk.',
    ]),
    'HAL',
  )
  // a joint challenge, the county both lie in named in passing
  const joint = read([
    'Joint Corporate Peer Challenge: South Hams District Council and West Devon Borough Council',
    '',
    'South Hams District Council and West Devon Borough Council share a workforce.',
    '',
    'The councils asked the peer team to look at their shared services.',
    '',
    'The peer team spent four days on site.',
    '',
    'South Hams and West Devon work with partners such as Devon County Council.',
  ]).council
  assert.deepEqual([joint?.registerCode, joint?.joint?.code], ['SHA', 'WDE'])
})

test('probe round 3: teams with accented names, two leads, a running header between bullets, labelled columns that wrap', () => {
  const names = (lines: string[]) => read(lines).peers.map((p) => p.name)
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peers were:',
      '',
      '▪ Andrew St John-Maxwell, Leader of the Conservative Group, London Borough of',
      'Richmond upon Thames',
      '',
      '▪ Patrick Ó Súilleabháin, Director of Housing Services, Royal Borough of Greenwich',
      '',
      '▪ Helena Sørensen, Director of Finance, Leeds City Council',
    ]),
    ['Andrew St John-Maxwell', 'Patrick Ó Súilleabháin', 'Helena Sørensen'],
  )
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peer team was led by Councillor Gwendolyn Ashby-Rhodes, Leader of Cherwell District Council, and Hassan',
      'Farah-Whitcombe, Chief Executive of Cambridge City Council, and included Councillor Peter Lindgren (Deputy',
      'Leader, Lewes District Council) and Megan Threlfall (Head of Commercial Services, Stratford-on-Avon District',
      'Council). The team was managed by Dominic Halloran, Peer Challenge Manager at the Local Government Association.',
    ]),
    ['Gwendolyn Ashby-Rhodes', 'Hassan Farah-Whitcombe', 'Peter Lindgren', 'Megan Threlfall', 'Dominic Halloran'],
  )
  // a header with no number at each page's top, between two bullets of the team
  const page = (n: number) => ['', `Page ${n}`, '', 'Anytown Council – CPC Progress Review', '']
  const filler = Array.from({ length: 22 }, (_, i) => `Paragraph ${i + 1} of the report goes on here.`)
  assert.deepEqual(
    names([
      'Corporate Peer Challenge Progress Review',
      ...page(1),
      ...filler,
      'For this progress review, the following members of the original team were involved:',
      '',
      '• Councillor Niamh Gallagher-Price – Leader, Lancaster City Council',
      ...page(2),
      '• Duncan Forsyth-Obi – Chief Executive, Eastleigh Borough Council',
      '',
      ...filler,
      ...page(3),
      ...filler,
    ]),
    ['Niamh Gallagher-Price', 'Duncan Forsyth-Obi'],
  )
  // lines of no bullet a blank line apart, one wrapped; a table in columns, its labels without colons, cells wrapped
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peers were:',
      '',
      ' Councillor Neville Gascoigne – Cabinet Member for Regeneration, North Lincolnshire',
      'Council',
      '',
      ' Hilary Eze – Strategic Director of Adult Care, Rotherham Metropolitan Borough Council',
      '',
      'Scope and focus',
    ]),
    ['Neville Gascoigne', 'Hilary Eze'],
  )
  assert.deepEqual(
    names([
      'Corporate Peer Challenge',
      '',
      'The peers were:',
      '',
      'Lead member peer         Councillor Hannah Wojcik-Morris, Leader, West Oxfordshire District',
      '                         Council',
      'Lead officer peer        Rowena Ellery, Chief Executive, Wychavon District Council',
      'LGA Finance Associate    Margot de la Haye, Local Government Association',
      'Peer Challenge Manager   Joseph Adeleke-Stone, Local Government Association',
      '',
      'Scope and focus',
    ]),
    ['Hannah Wojcik-Morris', 'Rowena Ellery', 'Margot de la Haye', 'Joseph Adeleke-Stone'],
  )
})

test('probe round 3: recommendations under a progress review’s heading; a paper’s decisions, a progress summary and the themes are none', () => {
  const recs = (lines: string[]) => read(lines).keyRecommendations
  assert.deepEqual(
    recs([
      'Corporate Peer Challenge Progress Review',
      '',
      '3. Progress against the recommendations',
      '',
      '1. Agree a balanced and deliverable Medium Term Financial Strategy that does not rely on',
      'the use of reserves',
      '',
      'The council has made good progress. The 2024/25 budget was agreed in February.',
      '',
      '2. Prioritise the regeneration programme and strengthen its governance',
      '',
      'A single Regeneration Programme Board now oversees the schemes.',
      '',
      '4. Next steps',
    ]),
    [
      'Agree a balanced and deliverable Medium Term Financial Strategy that does not rely on the use of reserves',
      'Prioritise the regeneration programme and strengthen its governance',
    ],
  )
  // a progress summary after "In overall terms:", then the recommendations in a table further on
  assert.deepEqual(
    recs([
      'Report to Cabinet: Corporate Peer Challenge progress',
      '',
      '4.1 Progress against each recommendation is summarised in Appendix A. In overall terms:',
      '',
      '- five recommendations have been fully implemented (complete);',
      '- two are progressing in line with the agreed timescales (on track);',
      '- one is behind schedule.',
      '',
      'Appendix A',
      '',
      'Peer team recommendation\tAction\tStatus',
      'Refresh the Knowsley 2030 vision\tVision refreshed with partners\tComplete',
      'Develop a longer term financial strategy\tMTFS to 2020 agreed\tComplete',
    ]),
    ['Refresh the Knowsley 2030 vision', 'Develop a longer term financial strategy'],
  )
  // the themes a review was grouped under, introduced as headings, are not its recommendations
  assert.deepEqual(
    recs([
      'Corporate Peer Challenge progress review',
      '',
      'It focused on each of the recommendations from the CPC, under the following headings drawn from the CPC report:',
      '',
      '- Vision, priorities and the Preston Model',
      '- Financial sustainability',
      '- Governance, scrutiny and member development',
    ]),
    [],
  )
  assert.deepEqual(
    recs([
      'Report to Executive',
      '',
      'The recommendations were grouped under the five themes:',
      '',
      '- Local priorities and outcomes',
      '- Organisational and place leadership',
      '- Governance and culture',
      '- Financial planning and management',
      '- Capacity for improvement',
    ]),
    [],
  )
})

test('probe round 3: a paper’s list set in under its paragraph, across a page’s footer; a table’s numbered cells; instructions before colons', () => {
  const recs = (lines: string[]) => read(lines).keyRecommendations
  const footer = (n: number) => [
    '─────────────────────────────────────────',
    `Cabinet – 5 June 2023                    Page ${n} of 3`,
    'rother.gov.uk',
    '─────────────────────────────────────────',
  ]
  const filler = Array.from({ length: 22 }, (_, i) => `${i + 9}.    Paragraph ${i + 9} of the paper.`)
  assert.deepEqual(
    recs([
      'Report to Cabinet: LGA Corporate Peer Challenge',
      '',
      ...footer(1),
      '',
      '6.    The report makes three key recommendations. These are reproduced',
      'below exactly as they appear in the feedback report:',
      '',
      '      1. Set out a clear and shared long-term vision for Rother as a',
      '         place – the Corporate Plan expires in 2025.',
      '',
      '      2. Review the effectiveness of Overview and Scrutiny – so that it',
      '         adds more value to policy development.',
      '',
      '      3. Invest in the Council’s digital and customer offer – to free up',
      '',
      ...footer(2),
      '',
      '         capacity and improve the experience of residents.',
      '',
      '7.    The full report contains further, more detailed suggestions under',
      'each of the five themes.',
      '',
      ...filler,
      '',
      ...footer(3),
    ]),
    [
      'Set out a clear and shared long-term vision for Rother as a place',
      'Review the effectiveness of Overview and Scrutiny',
      'Invest in the Council’s digital and customer offer',
    ],
  )
  assert.deepEqual(
    recs([
      'Corporate Peer Challenge Progress Review',
      '',
      'Key recommendations',
      '',
      'Recommendation\tSummary of progress',
      '1. Refresh the Corporate Plan to give a clear set of outcomes\tComplete.',
      '2. Develop a credible plan to close the medium-term budget gap\tSome progress.',
      '',
      'Observations',
    ]),
    [
      'Refresh the Corporate Plan to give a clear set of outcomes',
      'Develop a credible plan to close the medium-term budget gap',
    ],
  )
  assert.deepEqual(
    recs([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      '1. Lead the delivery of Didcot Garden Town: the councils should put in place the governance needed.',
      '',
      '2. Build a shared understanding of roles between the new Executive and senior officers: a joint programme would help.',
      '',
      '3. Lead officer: Jo Bloggs',
      '',
      'Next steps',
    ]),
    [
      'Lead the delivery of Didcot Garden Town',
      'Build a shared understanding of roles between the new Executive and senior officers',
      'Lead officer: Jo Bloggs',
    ],
  )
})

test('probe round 3: figures as sessions, and from a table of the visit’s figures', () => {
  const s = read([
    'Corporate Peer Challenge Progress Review',
    '',
    'In total the team met 24 people in 9 sessions over the one-day visit.',
  ])
  assert.deepEqual([s.stats.peopleMet, s.stats.meetings], [24, 9])
  // (a markdown table, as the reader normalises it: its cells a tab apart)
  const t = summarise(
    parseDocument(
      normaliseText(
        [
          'Report to Overview and Scrutiny Committee: Corporate Peer Challenge 2018',
          '',
          '| Item | Detail |',
          '|---|---|',
          '| Dates on site | 06/02/2018 to 08/02/2018 |',
          '| Number of people met | around 120 |',
          '| Number of meetings and focus groups | over 35 |',
          '| Days on site | 3 |',
        ].join('\n'),
      ),
      refs,
    ).fields,
  )
  assert.deepEqual([t.stats.peopleMet, t.stats.meetings, t.onSiteDays], [120, 35, 3])
})

test('probe round 3: a page that recalls last time’s follow-up visit is no progress review', () => {
  const s = read([
    'Corporate Peer Challenge 2025',
    '',
    'The Council took part in a Local Government Association (LGA) Corporate Peer Challenge from 25-28 February 2025.',
    '',
    'Our last corporate peer challenge was in 2018, with a follow-up visit in 2019.',
  ])
  assert.notEqual(s.documentKind, 'progress-review')
  assert.deepEqual(s.onSite, { start: '2025-02-25', end: '2025-02-28', days: 4 })
})

test('probe round 3: a meeting’s date is no visit’s; a progress review’s days on its title page', () => {
  const minutes = read([
    'CABINET',
    '',
    'A meeting of the Cabinet was held on 14 April 2015.',
    '',
    'Cabinet considered the report of the Local Government Association (LGA) peer challenge held between 3rd and 6th',
    'February 2015, and the action plan.',
  ])
  assert.deepEqual(minutes.onSite, { start: '2015-02-03', end: '2015-02-06', days: 4 })
  const review = read([
    'CORPORATE PEER CHALLENGE – PROGRESS REVIEW',
    '',
    'HEREFORDSHIRE COUNCIL',
    '',
    '11 and 12 July 2023',
    '',
    'Introduction',
    '',
    'Herefordshire Council hosted a Corporate Peer Challenge (CPC) from 7 to 10 November 2022.',
  ])
  assert.deepEqual(review.onSite, { start: '2023-07-11', end: '2023-07-12', days: 2 })
})

test('probe round 3: peers named in a press release and in a meeting’s record of who attended', () => {
  const names = (lines: string[]) => read(lines).peers.map((p) => [p.name, p.organisation])
  assert.deepEqual(
    names([
      '# Peer challenge report published',
      '',
      'Lead peer Marcia Delacroix-Hunt, Chief Executive of North Lincolnshire Council, said: “We found a council that is',
      'ambitious.” The peer team also included Councillor Bernard Featherstonehaugh, Leader of Darlington Borough',
      'Council, and was managed by Ifeoma Castellanos of the LGA.',
    ]),
    [
      ['Marcia Delacroix-Hunt', 'North Lincolnshire Council'],
      ['Bernard Featherstonehaugh', 'Darlington Borough Council'],
      ['Ifeoma Castellanos', 'Local Government Association (LGA)'],
    ],
  )
  assert.deepEqual(
    names([
      'News release',
      '',
      'Councillor Lucinda Haversham-Price, the Leader of Amber Valley Borough Council, who led the peer team, said: “We',
      'were very impressed.”',
    ]),
    [['Lucinda Haversham-Price', 'Amber Valley Borough Council']],
  )
  assert.deepEqual(
    names([
      'MINUTES of a meeting of the Joint Strategic Committee held on 8 May 2018',
      '',
      'Present: Councillors Simon Ogunleye and Priscilla Wentworth-Ajayi',
      '',
      'Also present: Councillor Margery Okafor-Lindsay, Leader, Eastleigh Borough Council (lead member peer); Mr Ashok',
      'Verhoeven, Principal Adviser (South East), Local Government Association',
      '',
      'In attendance',
      'Ms Grace Mwangi-Fenwick – Peer Challenge Manager, Local Government Association',
      '',
      '1. CORPORATE PEER CHALLENGE',
    ]),
    [
      ['Margery Okafor-Lindsay', 'Eastleigh Borough Council'],
      ['Grace Mwangi-Fenwick', 'Local Government Association (LGA)'],
    ],
  )
})

/** the text as an import reads it: normalised first */
const readRaw = (lines: string[]) => summarise(parseDocument(normaliseText(lines.join('\n')), refs).fields)
const teamOf = (s: ReturnType<typeof read>) => s.peers.map((p) => p.name)

test('damaged extraction: ligatures, UTF-8 read as Windows-1252, a page of two columns, a table that keeps its columns', () => {
  const ligatures = readRaw([
    'LGA Corporate Peer Challenge',
    'Rushmoor Borough Council',
    'Feedback report',
    '',
    '4.1 The peer team',
    'The peers were:',
    '• Councillor Dame Judith Brennan, Waverley Borough Council (Lead member peer)',
    '• Gareth Griﬃths, Chief Executive, Fareham Borough Council (Lead oﬃcer peer)',
    '• Cliﬀord van der Berg, LGA Peer Challenge Manager',
    '• Eﬃe Tsang, LGA Peer Challenge Oﬃcer (shadowing)',
  ])
  assert.deepEqual(teamOf(ligatures), ['Judith Brennan', 'Gareth Griffiths', 'Clifford van der Berg', 'Effie Tsang'])
  const misread = readRaw([
    'Corporate Peer Challenge Progress Review',
    'Calderdale Metropolitan Borough Council',
    '',
    'The peer team who undertook the progress review were:',
    'â€¢ Cllr Tudor Pryce â€“ Leader, Plymouth City Council',
    'â€¢ Paul Dâ€™Souza â€“ Chief Operating Officer, Wirral Council',
    'â€¢ Helen Oâ€™Rourke â€“ Peer Challenge Manager, LGA',
  ])
  assert.deepEqual(teamOf(misread), ['Tudor Pryce', 'Paul D’Souza', 'Helen O’Rourke'])
  // pdftotext -layout: the left column's prose beside the right column's list, on the same lines
  const pad = (l: string, r = '') => (r ? `${l.padEnd(51)}${r}` : l)
  const twoColumns = readRaw([
    'Corporate Peer Challenge',
    'Gedling Borough Council',
    'Feedback Report',
    '',
    pad('2. Key recommendations', '5. Strengthen performance management so that'),
    pad('There are a range of suggestions and', 'members and senior managers have timely'),
    pad('observations within the main section of the', 'information on outcomes as well as activity'),
    pad('report that will inform some quick wins. The', '6. Review the capacity of the senior'),
    pad('following are the peer team’s recommendations:', 'management team and its balance of roles'),
    pad('1. Develop a longer term financial strategy', '7. Continue to invest in member development'),
    pad('that looks beyond 2020/21 and closes the gap'),
    pad('2. Agree the council’s appetite for risk and', '3. Summary of the peer challenge approach'),
    pad('commercialism, and the skills to support it'),
    pad('3. Articulate more clearly the council’s role', 'The peers who delivered the challenge were:'),
    pad('in delivering housing growth with partners', '• Mark O’Donnell, Chief Executive, Rugby'),
    pad('4. Refresh the Gedling Plan so that it clearly', '  Borough Council'),
    pad('prioritises, and links resources to outcomes', '• Joanna Kemp, LGA Peer Challenge Manager'),
  ])
  assert.deepEqual(twoColumns.keyRecommendations, [
    'Develop a longer term financial strategy that looks beyond 2020/21 and closes the gap',
    'Agree the council’s appetite for risk and commercialism, and the skills to support it',
    'Articulate more clearly the council’s role in delivering housing growth with partners',
    'Refresh the Gedling Plan so that it clearly prioritises, and links resources to outcomes',
    'Strengthen performance management so that members and senior managers have timely information on outcomes as well as activity',
    'Review the capacity of the senior management team and its balance of roles',
    'Continue to invest in member development',
  ])
  assert.deepEqual(teamOf(twoColumns), ['Mark O’Donnell', 'Joanna Kemp'])
  // a team's table laid out in columns (labels, then name and organisation) stays a row a line
  const table = readRaw([
    'Corporate Peer Challenge',
    'Bournemouth, Christchurch and Poole Council',
    'Feedback report',
    '',
    'The peers were:',
    '',
    '  Lead Officer Peer     Dame Pauline O’Riordan, Chief Executive, Cornwall Council',
    '  Lead Member Peer      Cllr Keith Blackwood-Hill, Leader, East Suffolk Council',
    '  Member Peer           Cllr Naomi Ashdown, Deputy Leader, Brighton & Hove City Council',
    '  Officer Peer          Yusuf Ahmed, Executive Director of Resources (s151),',
    '                        Wokingham Borough Council',
    '  Officer Peer          Gethin Williams, Monitoring Officer, Swindon Borough Council',
  ])
  assert.deepEqual(teamOf(table), [
    'Pauline O’Riordan',
    'Keith Blackwood-Hill',
    'Naomi Ashdown',
    'Yusuf Ahmed',
    'Gethin Williams',
  ])
  // prose with two spaces after its full stops is one column
  const prose = Array.from(
    { length: 12 },
    (_, i) => `Line ${i} of the report runs on.  Its sentences have two spaces.  Between them all.`,
  ).join('\n')
  assert.equal(normaliseText(prose), prose)
})

test('recommendations: a progress review’s account of each, lines set in under an introduction, a title line over its body, actions under each', () => {
  const review = read([
    'Corporate Peer Challenge Progress Review',
    'Calderdale Metropolitan Borough Council',
    'Date of progress review: 27–28 February 2024',
    '',
    '1. Introduction',
    'This report is a summary of the progress review, which the council invited the LGA to undertake. The report and action plan went to Cabinet in July 2023.',
    '',
    '2. Summary of the approach',
    'The progress review focused on each of the recommendations from the CPC, under the following theme headings:',
    '• Vision 2024 and beyond',
    '• Financial sustainability',
    '',
    '4. Progress against recommendations',
    '',
    'Recommendation 1: Develop the successor to Vision 2024 with residents',
    'Good progress. The engagement programme is well designed.',
    '',
    'Recommendation 2: Produce a medium-term financial plan',
    'Some progress. The MTFP now covers three years.',
  ])
  assert.equal(review.documentKind, 'progress-review')
  assert.deepEqual(review.keyRecommendations, [
    'Develop the successor to Vision 2024 with residents',
    'Produce a medium-term financial plan',
  ])
  // Word's text of a list whose bullets were a symbol font's: a tab where each bullet was
  assert.deepEqual(
    read([
      'Corporate Peer Challenge – Tamworth Borough Council',
      '',
      'Recommendations',
      'Based on what we saw, heard and read, we suggest the council considers the following:',
      '\tUse the council’s reserves to invest in a programme of transformation',
      '\tDevelop the role of overview and scrutiny in policy development',
      '\tImprove internal communications, including more visible leadership from the senior',
      '\tmanagement team',
      'Next steps',
      'You and your colleagues will want to reflect on these findings.',
    ]).keyRecommendations,
    [
      'Use the council’s reserves to invest in a programme of transformation',
      'Develop the role of overview and scrutiny in policy development',
      'Improve internal communications, including more visible leadership from the senior management team',
    ],
  )
  const titled = read([
    'LGA Corporate Peer Challenge – Cheltenham Borough Council',
    '',
    'Key recommendations',
    'The following are the peer team’s key recommendations to the council:',
    '1. Prioritise the corporate plan',
    'Refresh the corporate plan so that it contains a small number of clear',
    'priorities, aligned to the medium term financial strategy.',
    '2. Improve oversight of companies and partnerships',
    'Put in place a shareholder and partnership governance framework which',
    'gives members clear line of sight of the performance of its companies.',
    '3. Develop a longer term financial strategy that looks beyond 2020/21 and',
    'Sets out how the budget gap will be closed over the medium term.',
  ])
  assert.deepEqual(titled.keyRecommendations, [
    'Prioritise the corporate plan',
    'Improve oversight of companies and partnerships',
    'Develop a longer term financial strategy that looks beyond 2020/21 and Sets out how the budget gap will be closed over the medium term.',
  ])
  assert.deepEqual(
    read([
      'Key recommendations',
      'The following are the peer team’s key recommendations to the council:',
      '',
      '3.1 Recommendation 1: Maintain the focus on the DSG deficit',
      '  • Continue to engage with DfE on a sustainable solution',
      '  • Deliver the SEND transformation plan',
      '',
      '3.2 Recommendation 2: Develop a medium-term financial plan that does not rely on',
      'asset sales',
      '  • Rebuild unearmarked reserves',
      '',
      '4. Summary of the peer challenge approach',
    ]).keyRecommendations,
    ['Maintain the focus on the DSG deficit', 'Develop a medium-term financial plan that does not rely on asset sales'],
  )
})

test('action plans: a table a cell to a line with its rows apart, a Word table whose cells wrap; a paper’s decisions after "It is recommended that"', () => {
  const cells = read([
    'CABINET 8 SEPTEMBER 2020',
    'CORPORATE PEER CHALLENGE ACTION PLAN – PROGRESS UPDATE',
    '',
    'Appendix 1 – CPC Action Plan Progress at August 2020',
    '',
    'Ref',
    'Peer challenge recommendation',
    'Action',
    'Lead',
    'Progress / commentary',
    'RAG',
    '',
    '1',
    'Articulate a clear and compelling vision for the borough beyond 2025',
    'Refresh the Council Plan',
    'Chief Executive',
    'Consultation resumed in July.',
    'Amber',
    '',
    '2',
    'Strengthen the scrutiny function and its impact',
    'a) Member training on scrutiny',
    'b) Review work programming',
    'Democratic Services Manager',
    'a) Complete.',
    'b) Agreed 2 July 2020.',
    'Green',
  ])
  assert.deepEqual(cells.keyRecommendations, [
    'Articulate a clear and compelling vision for the borough beyond 2025',
    'Strengthen the scrutiny function and its impact',
  ])
  const paper = read([
    'WAVERLEY BOROUGH COUNCIL',
    'EXECUTIVE',
    '',
    'Title: CORPORATE PEER CHALLENGE 2023 – FEEDBACK REPORT AND COUNCIL RESPONSE',
    '',
    'Portfolio Holder:   Cllr Paul Follows, Leader of the Council',
    'Key decision:       No',
    '',
    '2.   Recommendation',
    '     It is recommended that the Executive:',
    '     1.  welcomes the feedback report of the LGA Corporate Peer Challenge at Annexe 1;',
    '     2.  approves the response and action plan at Annexe 2; and',
    '     3.  recommends to Council that scrutiny receives an update in September 2024.',
    '',
    'Annexe 2',
    'No.\tPeer team recommendation\tCouncil response and actions\tLead',
    '1\tAgree a small number of clear \tAccepted. Refresh the Corporate \tJoint CEX /',
    '\tpriorities for the Council that \tStrategy with four priorities \tLeader',
    '\tare reflected in the budget',
    '2\tDevelop a credible plan to \tAccepted. MTFS approved \tS151 Officer',
    '\tclose the medium-term budget gap\tFebruary 2024.',
  ])
  assert.equal(paper.documentKind, 'covering-report')
  assert.deepEqual(paper.keyRecommendations, [
    'Agree a small number of clear priorities for the Council that are reflected in the budget',
    'Develop a credible plan to close the medium-term budget gap',
  ])
  // a heading right under the last item, over the next section's numbered paragraph, is not the item's
  assert.deepEqual(
    read([
      '3.  Corporate Peer Challenge recommendations',
      'The following are the peer team’s key recommendations to the council:',
      '7.\tBuild on the strong relationships with partners to make the case for Hastings at county level',
      '8.\tReview the effectiveness of overview and scrutiny',
      'Action Plan',
      '3.1\tThe draft action plan at Appendix B sets out how the Council proposes to respond.',
    ]).keyRecommendations,
    [
      'Build on the strong relationships with partners to make the case for Hastings at county level',
      'Review the effectiveness of overview and scrutiny',
    ],
  )
  // (a wrapped line before the list's own next item is the item's)
  assert.deepEqual(
    read([
      'Key recommendations',
      '1. Deliver the housing programme through 3 Rivers',
      'Developments Ltd',
      '2. Review the scrutiny function',
    ]).keyRecommendations,
    ['Deliver the housing programme through 3 Rivers Developments Ltd', 'Review the scrutiny function'],
  )
  // a surname's elided particle in small letters
  assert.deepEqual(
    teamOf(
      read([
        'The peers who delivered the peer challenge at Aylesbury Vale were:',
        '',
        '* Nick Pennington-Rowe, Chief Executive, Tewkesbury Borough Council',
        "* Councillor Marguerite d'Albret-Smith, Leader, Mid Suffolk District Council",
        '* Alex Gowan, Programme Manager, Local Government Association',
      ]),
    ),
    ['Nick Pennington-Rowe', "Marguerite d'Albret-Smith", 'Alex Gowan'],
  )
})

test('a safeguarding children peer review is another kind; a peer review never named a corporate one gives its visit and team below 0.9', () => {
  const safeguarding = parseDocument(
    [
      'TAMESIDE METROPOLITAN BOROUGH COUNCIL',
      '',
      'SAFEGUARDING CHILDREN PEER REVIEW',
      '',
      '7th – 11th March 2016',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(safeguarding.verdict.value, 'not-cpc')
  assert.equal(safeguarding.reviewType.value, 'childrens-services-peer-review')
  const unnamed = parseDocument(
    [
      'Anytown Borough Council',
      '',
      'Peer Review',
      '',
      'The peer review took place from 7 to 10 March 2016. The peer review team was:',
      '',
      '- Alan Ferreira-Brown, Director of Children’s Services, Wirral Council',
      '- Gillian Marsh, Head of Safeguarding, Rochdale Borough Council',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(unnamed.verdict.value, 'cpc')
  assert.ok(unnamed.verdict.confidence < 0.9)
  assert.deepEqual(unnamed.onSite.value, { start: '2016-03-07', end: '2016-03-10', days: 4 })
  assert.equal(unnamed.peers.value.length, 2)
  for (const f of [unnamed.onSite, unnamed.peers])
    assert.ok(f.confidence > 0 && f.confidence < 0.9, String(f.confidence))
  // named a corporate one, the same text keeps its confidence
  const named = parseDocument(
    ['Corporate Peer Challenge', '', 'The corporate peer challenge took place from 7 to 10 March 2016.'].join('\n'),
    refs,
  ).fields
  assert.ok(named.onSite.confidence >= 0.9)
})

test('a council’s own page about its challenge, its key recommendations quoted, is a web page; the LGA’s copy of a report is the report', () => {
  const page = (copyright: string) => [
    'Skip to main content',
    '# Corporate peer challenge 2023',
    '',
    'The peer team visited Bristol in early March 2023.',
    '',
    '### Key recommendations',
    'The report made 2 key recommendations:',
    '1. Prepare thoroughly for the change of governance',
    '2. Build cross-party relationships and trust',
    '',
    '- LGA corporate peer challenge feedback report 2023 (PDF, 1.2MB)',
    'Last updated: 14 June 2023',
    copyright,
  ]
  assert.equal(read(page('© Bristol City Council 2023')).documentKind, 'web-page')
  assert.equal(read(page('© Local Government Association 2023 | Accessibility')).documentKind, 'feedback-report')
})

test('recommendations with every mark lost, after "The peer team recommends that the council should:", numbered R1 in Word’s text, in a table of assessments', () => {
  assert.deepEqual(
    read([
      '2. Key recommendations',
      'There are a range of suggestions within the report. The',
      'following are the peer team’s key recommendations to the council:',
      'Agree a new Corporate Strategy with a clear vision for the borough and a small',
      'number of priorities',
      'Develop a Medium Term Financial Plan that identifies how the budget gap from',
      '2025/26 will be closed',
      'Clarify the council’s approach to working with Norfolk County Council and the',
      'emerging Norfolk devolution deal',
      '3. Summary of the peer challenge approach',
    ]).keyRecommendations,
    [
      'Agree a new Corporate Strategy with a clear vision for the borough and a small number of priorities',
      'Develop a Medium Term Financial Plan that identifies how the budget gap from 2025/26 will be closed',
      'Clarify the council’s approach to working with Norfolk County Council and the emerging Norfolk devolution deal',
    ],
  )
  // (a paragraph of prose under the heading is not such a list)
  assert.deepEqual(
    read([
      'Key recommendations',
      'The following are the peer team’s key recommendations to the council:',
      'The council has a strong record of delivery and',
      'The peer team heard of good work. Partners value it',
      'There is more to do on finance',
    ]).keyRecommendations,
    [],
  )
  assert.deepEqual(
    read([
      'Recommendations',
      '',
      '9.  The peer team recommends that the council should:',
      '',
      '    (a)  Develop a longer term financial strategy',
      '',
      '    (b)  Set out a clear narrative for the future of the city',
      '',
      'Next steps',
    ]).keyRecommendations,
    ['Develop a longer term financial strategy', 'Set out a clear narrative for the future of the city'],
  )
  assert.deepEqual(
    read([
      '7.\tSummary of findings',
      '7.2\tThe peer team identified the following areas for improvement, set out as recommendations:',
      'R1\tRefresh the Corporate Strategy so that it reflects a clear set of priorities',
      'R2\tStrengthen the medium term financial strategy',
      'Page 3 of 6',
      'R3\tDevelop a new workforce strategy',
      '8.\tAction plan',
      '8.1\tThe action plan at Appendix B sets out the actions proposed.',
    ]).keyRecommendations,
    [
      'Refresh the Corporate Strategy so that it reflects a clear set of priorities',
      'Strengthen the medium term financial strategy',
      'Develop a new workforce strategy',
    ],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      '3. Progress against the action plan',
      '',
      'Recommendation',
      'Council RAG',
      'Peer team assessment',
      '',
      'R1 Agree a clear and realistic financial recovery plan to close the budget gap',
      'Amber',
      'Substantial progress. The 2025/26 budget was balanced.',
      '',
      'R2 Continue to develop relationships with Hereford city, town and parish councils and',
      'with the Marches partners',
      'Green',
      '',
      '4. Final thoughts and next steps',
    ]).keyRecommendations,
    [
      'Agree a clear and realistic financial recovery plan to close the budget gap',
      'Continue to develop relationships with Hereford city, town and parish councils and with the Marches partners',
    ],
  )
})

test('a team in a table set in by spaces, its cells wrapped, stays a row a line; a team introduced by its own numbered paragraph after another', () => {
  // a table laid out by spaces under its column names, every cell wrapping, names too
  const laidOut = parseDocument(
    [
      'The peers who delivered the peer challenge at Wyre Forest were:',
      '',
      '      Name                          Role                          Organisation',
      '      Councillor Jonathan           Leader                        Malvern Hills District',
      '      Ward-Ellis                                                  Council',
      '      Councillor Femi               Deputy Leader and Cabinet     Crawley Borough Council',
      '      Adebayo-Smith                 Member for Resources',
      '      Sue Sjöberg                   Head of Corporate             West Lancashire Borough',
      '                                    Resources                     Council',
      '      Chris Bowron                  Peer Challenge Manager        Local Government',
      '                                                                  Association',
      '',
      '      Scope and focus',
    ].join('\n'),
    refs,
  ).fields.peers.value
  // (the column names under the introduction; a name broken at its hyphen; a row with no role goes on the one above)
  assert.deepEqual(
    teamOf(
      read([
        '4.3  The peer team was:',
        '',
        '     Name                    Role                               Organisation',
        '     Cllr Linda Haysey       Member peer                        East Herts District',
        '                                                                Council',
        '     Cllr Jonathan Ashby-    Member peer                        West Lindsey District',
        '     Thorne                                                     Council',
        '     Ernest Opuni            Peer Challenge Manager             LGA',
      ]),
    ),
    ['Linda Haysey', 'Jonathan Ashby-Thorne', 'Ernest Opuni'],
  )
  assert.deepEqual(
    laidOut.map((p) => [p.name, p.title, p.organisation]),
    [
      ['Jonathan Ward-Ellis', 'Leader', 'Malvern Hills District Council'],
      ['Femi Adebayo-Smith', 'Deputy Leader and Cabinet Member for Resources', 'Crawley Borough Council'],
      ['Sue Sjöberg', 'Head of Corporate Resources', 'West Lancashire Borough Council'],
      ['Chris Bowron', 'Peer Challenge Manager', 'Local Government Association (LGA)'],
    ],
  )
  assert.deepEqual(
    teamOf(
      readRaw([
        '2.2   The peer team consisted of:',
        '',
        '      Cllr Barry Lewis-Morgan   Leader, Forest of Dean District Council (Con)',
        '      Cllr Claire Whitworth     Member peer, South Lakeland District',
        '                                Council (Lib Dem)',
        '      Stephen Baddeley          Chief Executive, West Devon Borough',
        '                                Council',
        '      Mark Edgell               LGA Challenge Manager',
        '',
        '2.3   The core components',
      ]),
    ),
    ['Barry Lewis-Morgan', 'Claire Whitworth', 'Stephen Baddeley', 'Mark Edgell'],
  )
  assert.deepEqual(
    teamOf(
      read([
        '6.2\tThe peer team was on site for four days and held 48 meetings, speaking to more than 130 people, including councillors from all groups, staff and partners.',
        '6.3\tThe peer team comprised:',
        'Peer\tRole on team\tPosition',
        'Cllr Gwen Hathaway-Saunders\tLead Member Peer\tLeader, Ribble Valley Borough Council',
        "Martin O'Riordan\tLead Officer Peer\tChief Executive, Wyre Borough Council",
        'Farhana Chowdhury\tPeer Challenge Manager\tLocal Government Association',
        '6.4\tThe peer team gave verbal feedback on 4 October.',
      ]),
    ),
    ['Gwen Hathaway-Saunders', "Martin O'Riordan", 'Farhana Chowdhury'],
  )
})

test('a team under "Who was on the team", and a list after "She was joined by:" with the lead named before it', () => {
  assert.deepEqual(
    teamOf(
      read([
        '## Who was on the team',
        '',
        '- Mark Fenwick-Doyle – Chief Executive, Cornwall Council (lead officer peer)',
        '- Katie Lomax – Peer Challenge Manager, LGA',
      ]),
    ),
    ['Mark Fenwick-Doyle', 'Katie Lomax'],
  )
  assert.deepEqual(
    teamOf(
      read([
        '## The review',
        '',
        'The review was led by Cllr Georgina Hall-Whitby, Leader of Bedford Borough Council. She was joined by:',
        '',
        '- Jo Mackie-Stewart, Chief Executive, Buckinghamshire Council',
        '- Cllr Ahmed Youssef, Deputy Leader, Luton Council',
      ]),
    ),
    ['Georgina Hall-Whitby', 'Jo Mackie-Stewart', 'Ahmed Youssef'],
  )
})

test('names with Welsh and Irish particles and mutations: "ap Rhys", "Mac an tSaoi"', () => {
  assert.deepEqual(
    teamOf(
      read([
        'The peer team was:',
        '',
        '- Cllr Colin Mac an tSaoi, Liberal Democrat Group Leader, Newcastle City Council',
        '- Councillor Dylan ap Rhys, Cabinet Member for Housing, London Borough of Waltham Forest',
        '- Ben Jenkins, Peer Challenge Manager, LGA',
      ]),
    ),
    ['Colin Mac an tSaoi', 'Dylan ap Rhys', 'Ben Jenkins'],
  )
})

test('a visit dated without its year but with its days of the week is in the year those days fall', () => {
  const s = read([
    'Corporate Peer Challenge Progress Review',
    'Somerset Council',
    '',
    'Thank you for welcoming the peer team to Somerset for the progress review on Tuesday 16 and Wednesday 17 September.',
    '',
    'The Corporate Peer Challenge (CPC) took place from 26 to 29 November 2024.',
  ])
  assert.deepEqual(s.onSite, { start: '2025-09-16', end: '2025-09-17', days: 2 })
})

test('a remote challenge’s sessions listed over a month’s end, spread over weeks', () => {
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      'London Borough of Hammersmith and Fulham',
      '',
      'This peer challenge was delivered virtually. Sessions were held on Microsoft Teams on 17, 18, 19 and 25 November and 1',
      'December 2020.',
    ]).onSite,
    { start: '2020-11-17', end: '2020-12-01', days: 5 },
  )
  // (days more than four weeks apart are no list of one visit's days)
  assert.deepEqual(
    read(['Corporate Peer Challenge', '', 'The team met on 3, 4 and 5 November and 28 December 2020.']).onSite,
    { start: '2020-11-03', end: '2020-11-05', days: 3 },
  )
})

test('a label before a dash with an instruction after it, a label with an en dash before a colon; decisions after "2.1 That Members:"', () => {
  assert.deepEqual(
    read([
      '2.5  The peer team made three key recommendations:',
      '',
      '     (i)    Financial sustainability – continue to strengthen the medium-term',
      '            financial strategy, with a multi-year approach to savings.',
      '',
      '     (ii)   Member–officer relationships: Invest time in building trust between members and officers.',
      '',
      '     (iii)  Review the scrutiny function – the council has a strong record to build on.',
    ]).keyRecommendations,
    ['Financial sustainability', 'Member–officer relationships', 'Review the scrutiny function'],
  )
  // (a recommendation's label is no title: "Recommendation 4 – Develop …")
  assert.equal(
    splitTitle('Recommendation 4 – Develop the plan. More text here.').title,
    'Recommendation 4 – Develop the plan.',
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge – report to Full Council',
      '',
      '2.   Recommendations',
      '',
      '2.1  That Members:',
      '     (a) note the feedback report of the LGA Corporate Peer Challenge (Appendix 1);',
      '     (b) approve the draft action plan (Appendix 2); and',
      '     (c) request that the Chief Executive reports on progress every six months.',
    ]).keyRecommendations,
    [],
  )
})

test('a meeting page’s supporting documents are no recommendations', () => {
  assert.deepEqual(
    read([
      '**RESOLVED** that:',
      '',
      '1. The LGA Corporate Peer Challenge Final Report be received.',
      '2. The Action Plan in response to the recommendations be approved.',
      '',
      'Supporting documents:',
      '',
      '- Corporate Peer Challenge Report, item 74. PDF 198 KB',
      '- Appendix 1 - LGA CPC Feedback Report, item 74. PDF 1 MB',
    ]).keyRecommendations,
    [],
  )
})

test('a progress report’s recommendations quoted between rules, after a paragraph of the paper under the heading', () => {
  assert.deepEqual(
    read([
      '2     Progress against the recommendations',
      '',
      '2.1   Overall, good progress has been made. The position against each of the peer team’s recommendations is',
      '      summarised below.',
      '',
      '----------------------------------------------------------------------------',
      'Recommendation 1: "Develop a clear and compelling narrative for the town and',
      'the council’s role in its future"',
      '----------------------------------------------------------------------------',
      'Progress:   A place narrative has been drafted.',
      'Status:     GREEN',
      '',
      '----------------------------------------------------------------------------',
      'Recommendation 2: "Ensure the financial strategy is robust"',
      '----------------------------------------------------------------------------',
      'Progress:   The Medium Term Financial Strategy was updated in February.',
      'Status:     GREEN',
    ]).keyRecommendations,
    [
      'Develop a clear and compelling narrative for the town and the council’s role in its future',
      'Ensure the financial strategy is robust',
    ],
  )
})

test('items set in, a blank line apart, their bullets lost and their lines wrapped', () => {
  assert.deepEqual(
    read([
      'Key recommendations',
      '',
      'The following are the peer team’s key recommendations to the Council:',
      '',
      ' Agree a small number of clear priorities for the next three years across all',
      '  political groups',
      '',
      ' Develop a medium term financial strategy that is linked to those priorities',
      '  and sets out how the funding gap will be closed',
      '',
      ' Review the Council’s approach to economic development',
      '',
      'Next steps',
    ]).keyRecommendations,
    [
      'Agree a small number of clear priorities for the next three years across all political groups',
      'Develop a medium term financial strategy that is linked to those priorities and sets out how the funding gap will be closed',
      'Review the Council’s approach to economic development',
    ],
  )
})

test('a paper’s lettered decisions after "RECOMMENDED that Cabinet:"; recommendations each over a table of its actions', () => {
  assert.deepEqual(
    read([
      'RECOMMENDED that Cabinet:',
      '',
      'A\tNotes progress against the Corporate Peer Challenge Action Plan as set',
      '\tout in Appendix 1 to the report.',
      '',
      'B\tNotes that the Local Government Association will undertake its progress',
      '\treview on 21 and 22 November 2024.',
      '',
      'APPENDIX 1 – CORPORATE PEER CHALLENGE ACTION PLAN',
      '',
      'Recommendation 1: Set out a clear long-term vision for Harlow that partners and',
      'residents can sign up to',
      '',
      'Action\tLead\tDue\tRAG',
      '1.1 Agree "Harlow 2040" place vision\tCEX\tSept 2024\tComplete',
      '1.2 Align Corporate Plan 2025-29 to place vision\tDir. Strategy\tFeb 2025\tGreen',
      '',
      'Recommendation 2: Develop a medium-term financial strategy that closes the',
      'budget gap',
      '',
      'Action\tLead\tDue\tRAG',
      '2.1 Five-year MTFS approved with budget\tDir. Finance\tFeb 2024\tComplete',
    ]).keyRecommendations,
    [
      'Set out a clear long-term vision for Harlow that partners and residents can sign up to',
      'Develop a medium-term financial strategy that closes the budget gap',
    ],
  )
})

test('a symbol font’s hollow bullet left as a small "o"', () => {
  assert.deepEqual(
    read([
      '3.3   The key recommendations are set out on page 3 of the report and are',
      '      reproduced below:',
      '',
      '      o  Articulate a clear, long term vision for the district, and',
      '         communicate it to residents, partners and staff',
      '      o  Review the Council’s approach to performance management',
      '',
      '4.    ACTION PLAN',
    ]).keyRecommendations,
    [
      'Articulate a clear, long term vision for the district, and communicate it to residents, partners and staff',
      'Review the Council’s approach to performance management',
    ],
  )
  // (a line starting with "o" and a word in small letters is text)
  assert.equal(buildDoc('o which the council agreed').lines[0]!.bullet, false)
})

test(
  '"a Corporate Peer' +
    '\\n' +
    'Challenge (CPC) at Harlow Council" names the council the challenge is of, over its county named in passing',
  () => {
    const s = read([
      'REPORT TO:\t\tCABINET',
      'TITLE:\t\t\tCORPORATE PEER CHALLENGE – ACTION PLAN UPDATE',
      '',
      // (past the title's lines, where a name weighs more)
      ...Array.from({ length: 8 }, (_, i) => `Paragraph ${i} of the background sets out what the report covers.`),
      '',
      '1.\tThe Local Government Association (LGA) carried out a Corporate Peer',
      '\tChallenge (CPC) at Harlow Council from Tuesday 5 to Friday 8 December 2023.',
      '2.\tThe Harlow and Gilston Garden Town governance awaits Essex CC decisions.',
      '3.\tThe council is represented at the Greater Essex leaders’ group.',
      '4.\tA place vision, "Harlow 2040", was agreed in September.',
    ])
    assert.equal(s.council?.registerCode, 'HAR')
  },
)

test('a committee paper’s kind by its title: "Report Title:", the line that names the challenge, where the plan stands', () => {
  // its decisions mention progress reports to come; its title is the feedback report and action plan
  assert.equal(
    read([
      'Report to:\tCabinet',
      'Date of Meeting:\t2 March 2020',
      'Report Title:\tLocal Government Association Corporate Peer Challenge – Feedback Report and Action Plan',
      'Recommendation(s)',
      '1.\tThat Cabinet notes the Corporate Peer Challenge feedback report attached at Appendix A',
      '2.\tThat progress against the action plan is reported to Cabinet every six months',
    ]).documentKind,
    'covering-report',
  )
  const cover = [
    'Report to the Audit, Risk and Governance Committee',
    'Meeting to be held on Monday, 24 July 2023',
    '',
    'Report of the Director of Strategy and Performance',
    '',
    'Part I',
    '',
    'Electoral Division affected:',
    '(All Divisions);',
    '',
    'Corporate Priorities:',
    'Delivering better services;',
    '',
  ]
  assert.equal(
    read([...cover, 'Corporate Peer Challenge – Action Plan Update', '(Appendix ‘A’ refers)']).documentKind,
    'progress-report',
  )
  assert.equal(
    read([
      'Report to Cabinet',
      'Appendix A',
      'LGA Corporate Peer Challenge – Action Plan',
      'Position as at 31 May 2024 (Quarter 4 update)',
    ]).documentKind,
    'progress-report',
  )
})

test('a budget paper that mentions an old challenge in passing is not about one', () => {
  const s = parseDocument(
    [
      '                                                                       Agenda Item 7',
      'EREWASH BOROUGH COUNCIL',
      '',
      'CABINET                                                                  10 FEBRUARY 2022',
      '',
      'GENERAL FUND REVENUE BUDGET 2022/23 AND MEDIUM TERM',
      'FINANCIAL PLAN 2022/23 – 2025/26',
      '',
      '1.1   To present the proposed General Fund revenue budget for 2022/23.',
      '4.2   The plan responds to the recommendation on financial planning made',
      '      by the Corporate Peer Challenge undertaken by the Local Government Association in',
      '      November 2017.',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(s.verdict.value, 'not-cpc')
})

test('a committee system’s page of an item at a meeting, with the item’s minutes, is minutes', () => {
  assert.equal(
    read([
      '- Committees',
      '- Calendar',
      '',
      '# Agenda item',
      '',
      '## Corporate Peer Challenge – Feedback and Action Plan',
      '',
      'Meeting: 14/11/2019 - Overview and Scrutiny Committee (Item 7.)',
      '',
      '- PDF 214 KB Report',
      '- PDF 1 MB Appendix A – LGA feedback report',
      '',
      '### Minutes:',
      '',
      'The Chief Executive introduced the report on the Corporate Peer Challenge.',
    ]).documentKind,
    'minutes',
  )
})

test('people met in sessions, or named by who they are with residents first', () => {
  const s = read([
    'Corporate Peer Challenge Progress Review',
    '',
    '1.4 Over the two days the peer team held 11 sessions with around 30 people, including the Leader.',
  ])
  assert.equal(s.stats.peopleMet, 30)
  assert.equal(s.stats.meetings, 11)
  assert.equal(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team had spent four days in the borough and had met with around 130 residents, partners, councillors and staff.',
    ]).stats.peopleMet,
    130,
  )
})

test('fifth probe round: lettered items, tables with wrapped or continued cells, a team read a column at a time', () => {
  // a list lettered "A." to "D." with no tab after the letters; a lone initial is no list's
  const lettered = read([
    'Corporate Peer Challenge',
    '',
    'Key recommendations',
    '',
    'We would suggest the following, in no particular order of priority:',
    '',
    'A. Use the refresh of the council strategy to set out what residents can expect of the council.',
    '',
    'B. Clarify the roles of commissioners and providers, particularly in relation to budget risk.',
    '',
    'C. Reduce the volume of performance information reported to cabinet and scrutiny.',
  ]).keyRecommendations
  assert.deepEqual(lettered, [
    'Use the refresh of the council strategy to set out what residents can expect of the council.',
    'Clarify the roles of commissioners and providers, particularly in relation to budget risk.',
    'Reduce the volume of performance information reported to cabinet and scrutiny.',
  ])
  assert.equal(buildDoc('A. Smith wrote to the council.\n\nNothing else.').lines[0]!.number, null)
  // a markdown table: the column named with a date in brackets, each recommendation's title in bold, rows of further
  // actions under it with its cells empty
  const piped = readRaw([
    'Corporate Peer Challenge Action Plan',
    '',
    'The peer team made the following recommendations.',
    '',
    '| Ref | Recommendation (March 2025) | Action we will take | Status |',
    '|---|---|---|---|',
    '| R1 | **1. Refresh the Deal for the next decade** – Set out a refreshed ambition for the borough. | 1.1 Agree the Deal | Green |',
    '| | | 1.2 Report to Cabinet | Amber |',
    '| R2 | **2. Develop a multi-year financial plan** – Agree a plan that closes the gap. | 2.1 Draft the plan | Green |',
  ]).keyRecommendations
  assert.deepEqual(piped, ['Refresh the Deal for the next decade', 'Develop a multi-year financial plan'])
  // a table laid out by spaces under a rule of dashes, its cells wrapped over the lines of each row
  const ruled = readRaw([
    'Corporate Peer Challenge – progress report',
    '',
    '4.7   The table below summarises progress against the key recommendations.',
    '',
    '      CPC recommendation                  Summary of progress                Status',
    '      ----------------------------------  ---------------------------------  --------',
    '      1. Develop a clear and compelling   New Council Plan 2025-29 agreed     Complete',
    '      narrative for the Council, owned    by Council on 16 July 2025.',
    '      by members.',
    '',
    '      2. Ensure the Medium Term           MTFP refreshed; gap remains for     On track',
    '      Financial Plan sets out a route     2027/28.',
    '      to financial sustainability.',
    '',
    '4.8   The next update will come to the Committee in March 2026, after the progress review of the challenge.',
  ]).keyRecommendations
  assert.deepEqual(ruled, [
    'Develop a clear and compelling narrative for the Council, owned by members.',
    'Ensure the Medium Term Financial Plan sets out a route to financial sustainability.',
  ])
  // a PDF's table read a cell at a time, each cell wrapped, actions numbered 1.1 under their recommendation, the
  // column names again after a page's number
  const cells = read([
    'Corporate Peer Challenge Action Plan',
    '',
    'The peer team made three key recommendations.',
    '',
    'Ref',
    'Recommendation',
    'Action',
    'Lead officer',
    '1',
    'Work with partners to develop a',
    'shared vision for the county.',
    '1.1',
    'Convene a leaders’ summit',
    'Chief Executive',
    '2',
    '',
    'Ref',
    'Recommendation',
    'Action',
    'Lead officer',
    '2',
    'Refresh the Corporate Plan to set',
    'out clear priorities.',
    '2.1',
    'Develop a new Corporate Plan',
    'Head of Policy',
  ]).keyRecommendations
  assert.deepEqual(cells, [
    'Work with partners to develop a shared vision for the county.',
    'Refresh the Corporate Plan to set out clear priorities.',
  ])
  // the team's table read a column at a time: the names, then the roles (one wrapped), then the councils
  const columns = read([
    'Corporate Peer Challenge',
    '',
    'The peers who delivered the peer challenge were:',
    '',
    'Name                               Role                                      Council',
    '',
    'Lynne Fairweather',
    'Cllr Anthony Kavanagh',
    'Bryony Hartigan',
    '                                   Chief Executive',
    '                                   Deputy Leader and Portfolio Holder',
    '                                   for Resources',
    '                                   Peer Challenge Manager',
    '                                                                             Cotswold District Council',
    '                                                                             Tewkesbury Borough Council',
    '                                                                             Local Government Association',
  ]).peers
  assert.deepEqual(
    columns.map((p) => [p.name, p.title, p.kind]),
    [
      ['Lynne Fairweather', 'Chief Executive', 'officer'],
      ['Anthony Kavanagh', 'Deputy Leader and Portfolio Holder for Resources', 'member'],
      ['Bryony Hartigan', 'Peer Challenge Manager', 'lga'],
    ],
  )
})

test('fifth probe round: a team told in prose, two councils in the title, the visit of a page about a progress review', () => {
  const s = read([
    'Corporate Peer Challenge',
    'Babergh District Council and Mid Suffolk District Council',
    '',
    '9th – 12th June 2015',
    '',
    'Babergh District Council and Mid Suffolk District Council share a chief executive and work closely with Suffolk County Council, which the team also met, and with the other Suffolk districts.',
    '',
    'The team was led by Ian Fenwick-Shaw, Joint Chief Executive of Breckland Council. He was',
    'joined by Councillor Marian Okafor, Leader of Tewkesbury Borough Council; Councillor Tim Eastwood-Barnes,',
    'Cabinet Member for Finance at South Oxfordshire District Council; and Niamh O’Dowd, Strategic Director at',
    'Mendip District Council. The peer challenge manager was Heledd Morgan, Programme Manager at the Local Government Association.',
  ])
  assert.deepEqual(teamOf(s), [
    'Ian Fenwick-Shaw',
    'Marian Okafor',
    'Tim Eastwood-Barnes',
    'Niamh O’Dowd',
    'Heledd Morgan',
  ])
  assert.deepEqual([s.council?.registerCode, s.council?.joint?.code], ['BAB', 'MSU'])
  // "He was joined by" with no team before it is someone else's company
  assert.deepEqual(
    teamOf(
      read([
        'Annual report',
        '',
        'The Mayor opened the new library. He was joined by Councillor Jo Bloggs, Leader of Anytown Council.',
      ]),
    ),
    [],
  )
  // a council's page about its progress review: the review's visit, though the sentence before names the original one
  const page = read([
    '# Corporate Peer Challenge progress review 2025',
    '',
    'The LGA carried out a Corporate Peer Challenge at the council from Tuesday 12 to Friday 15 November 2024.',
    '',
    'Every CPC now includes a progress review about ten months after the original visit. Our progress review took place on **Tuesday 9 and Wednesday 10 September 2025** at the Civic Centre.',
  ])
  assert.deepEqual(page.onSite, { start: '2025-09-09', end: '2025-09-10', days: 2 })
})

test('fifth probe round: what a document is, and figures that are not the visit’s', () => {
  // a position statement lists and counts its last challenge's recommendations, and plans the visit's figures
  const position = read([
    'Corporate Peer Challenge 2024',
    'Position Statement',
    '',
    'The visit will take place from 19 to 22 November 2024. The programme, which is being finalised with the LGA, includes over 50 interviews and focus groups.',
    '',
    'The 2019 peer team made three recommendations:',
    '',
    '1. Develop a long-term financial strategy for the council.',
    '2. Refresh the council’s approach to commercial income.',
    '3. Strengthen the council’s scrutiny arrangements.',
  ])
  assert.equal(position.documentKind, 'position-statement')
  assert.deepEqual([position.keyRecommendations, position.stats.interviews], [[], null])
  // an action plan's row counts the council's own meetings, and "two of four sessions" counts four
  const plan = read([
    'Corporate Peer Challenge Action Plan',
    '',
    '3.2\tEstablish a cross-party Budget Working Group\tJun 2023\tComplete\tWorking group established June 2023; four meetings held.',
    '5.3\tMember development programme\tDec 2023\tAmber\tTwo of four sessions delivered; attendance low.',
  ])
  assert.equal(plan.stats.meetings, null)
  // a year ending one line is not a count of the next line's meetings
  assert.equal(
    read(['Corporate Peer Challenge', '', 'Related pages', 'Council Plan 2022-2025', 'Cabinet meetings']).stats
      .meetings,
    null,
  )
  // a committee paper's cover fields set with tabs; a performance report that mentions a challenge in passing; a
  // planning peer challenge's title under the paper's cover fields
  assert.equal(
    read([
      'Meeting\tExecutive',
      'Portfolio Area\tResources',
      'Lead Officer\tRichard Ainsworth-Kent',
      '',
      'LOCAL GOVERNMENT ASSOCIATION CORPORATE PEER CHALLENGE – FEEDBACK REPORT AND ACTION PLAN',
      '',
      'To present the findings of the Corporate Peer Challenge which took place from 26 to 28 November 2019.',
    ]).documentKind,
    'covering-report',
  )
  assert.equal(
    read([
      'CALDERDALE METROPOLITAN BOROUGH COUNCIL',
      'CABINET',
      'CORPORATE PERFORMANCE REPORT: QUARTER 2 2021/22',
      '',
      'One recommendation of the Corporate Peer Challenge was to strengthen performance reporting to members.',
    ]).documentKind,
    'not-cpc',
  )
  const planning = read([
    'Report of:              Head of Economic Prosperity',
    'Contact Officer:        Jo Bloggs',
    'Telephone No:           01543 464 327',
    'Portfolio Leader:       Economic Development',
    'Key Decision:           No',
    'Report Track:           Cabinet: 20/09/18',
    '',
    'CABINET',
    '',
    'PLANNING PEER CHALLENGE – FINDINGS AND ACTION PLAN',
    '',
    'Unlike the Corporate Peer Challenge of 2015, this review looked at the planning service alone.',
  ])
  assert.equal(planning.documentKind, 'not-cpc')
  // a markdown export's superscript ordinals and its dash of two hyphens
  assert.deepEqual(readRaw(['Corporate Peer Challenge', '', '**11^th^ -- 14^th^ October 2022**']).onSite, {
    start: '2022-10-11',
    end: '2022-10-14',
    days: 4,
  })
})

test('fifth probe round: a web page’s sidebar menu is read after its content, and a menu item is no title', () => {
  const html = [
    '<html><body><main><div class="grid">',
    '<aside aria-label="In this section"><h2>In this section</h2><ul><li>Annual report</li><li>Gedling Plan</li><li>Corporate Peer Challenge 2023</li></ul></aside>',
    '<article><h1>Corporate Peer Challenge 2023</h1><p>In November 2023 we invited a team of councillors and officers from other councils to spend three days with us. The peer team was on site from Tuesday 14 to Thursday 16 November 2023.</p></article>',
    '</div></main><footer>© Gedling Borough Council</footer></body></html>',
  ].join('')
  const text = htmlToText(html)
  assert.ok(text.indexOf('# Corporate Peer Challenge 2023') < text.indexOf('Annual report'), text)
  assert.equal(read(text.split('\n')).verdict, 'cpc')
  // the menu first, as a page without an aside element gives it: its items are no title
  assert.equal(
    read([
      '## In this section',
      '',
      '- Annual report',
      '- Gedling Plan',
      '',
      '# Corporate Peer Challenge 2023',
      '',
      'The peer team was on site from Tuesday 14 to Thursday 16 November 2023.',
    ]).verdict,
    'cpc',
  )
})

test('fifth probe round: teams as stacked blocks, numbered lines, labels with two peers, roles told first, columns set by spaces', () => {
  const intro = ['Corporate Peer Challenge', '', 'The peers who delivered the peer challenge at Sutton were:', '']
  // a block a peer: the name, the role, the council, a blank line between
  assert.deepEqual(
    teamOf(
      read([
        ...intro,
        'Jasper Whitlock-Nunes',
        'Chief Executive',
        'London Borough of Richmond upon Thames',
        '',
        'Councillor Adaeze Obi-Lawrence',
        'Cabinet Member for Resources',
        'London Borough of Lewisham',
        '',
        'Stefan Kowalczyk',
        'Peer Challenge Manager',
        'Local Government Association',
      ]),
    ),
    ['Jasper Whitlock-Nunes', 'Adaeze Obi-Lawrence', 'Stefan Kowalczyk'],
  )
  // a numbered list; a symbol font's arrow left as "Ø"
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge Progress Review',
        '',
        'The progress review was carried out by the following members of the original peer team:',
        '',
        '  1. Mark Oyeleye-Brown – Chief Executive, Breckland Council (lead peer)',
        '  2. Cllr Philippa Trewin – Leader, Teignbridge District Council',
        '  3. Conor Gallagher – Peer Challenge Manager, LGA',
      ]),
    ),
    ['Mark Oyeleye-Brown', 'Philippa Trewin', 'Conor Gallagher'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '3.3  The peer team consisted of:',
        '',
        '     Ø   Alistair Booth-Morrow, Chief Executive, North Tyneside Council',
        '     Ø   Councillor Nasir Awan, Deputy Leader, Pendle Borough Council',
      ]),
    ),
    ['Alistair Booth-Morrow', 'Nasir Awan'],
  )
  // labels to the left, two peers under one, a label broken over two lines
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '7.1 The peer team is:',
      '',
      '   Lead peer:           Marcus Thornbury, Chief Executive, Cheshire West and Chester Council',
      '   Member peers:        Cllr Bethan Lloyd-Williams, Leader, Rutland County Council',
      '                        Cllr Kwame Asante, Deputy Leader, North Northamptonshire Council',
      '   Peer challenge',
      '   manager:             Laura Pennington, Local Government Association',
    ]).peers.map((p) => [p.name, p.kind]),
    [
      ['Marcus Thornbury', 'officer'],
      ['Bethan Lloyd-Williams', 'member'],
      ['Kwame Asante', 'member'],
      ['Laura Pennington', 'lga'],
    ],
  )
  // two columns set apart by spaces with no column names, a name wrapped at its hyphen
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '3.5 The peer team was:',
        '',
        '   Siobhán Keane          Chief Executive, Wigan Council (lead peer)',
        '   Cllr Gareth Pritchard  Deputy Leader, Kirklees Council (Labour member peer)',
        '   Cllr Helen Ashworth-   Cabinet Member for Resources, South Cambridgeshire District Council',
        '   Brown                  (Liberal Democrat member peer)',
        '   Neil Featherstone      Peer Challenge Manager, Local Government Association',
      ]),
    ),
    ['Siobhán Keane', 'Gareth Pritchard', 'Helen Ashworth-Brown', 'Neil Featherstone'],
  )
  // a markdown table of "Peer" and "Council / organisation"
  assert.deepEqual(
    teamOf(
      readRaw([
        'Corporate Peer Challenge Progress Review',
        '',
        '2.   The follow-up team',
        '',
        '     | Peer                      | Role                   | Council / organisation       |',
        '     |---------------------------|------------------------|------------------------------|',
        '     | Cllr Jane Hollister-Mbeki | Leader                 | Hambleton District Council   |',
        '     | Sarah-Jane Oduro          | Peer Challenge Manager | Local Government Association |',
      ]),
    ),
    ['Jane Hollister-Mbeki', 'Sarah-Jane Oduro'],
  )
  // the role first, then the peer; a team "had comprised" in a meeting's record, one "from the LGA"
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      'The lead peer was the Chief Executive of Salford City Council, Rukhsar Khan-Whitley. The lead member peer was the Leader of Gateshead Council, Councillor Callum Rourke-Adair. The second member peer, in place of Councillor Pauline Treharne (who stood down in May 2023), was the Deputy Leader of Trafford Council, Councillor Emeka Nwosu-Grant.',
    ]).peers.map((p) => [p.name, p.organisation]),
    [
      ['Rukhsar Khan-Whitley', 'Salford City Council'],
      ['Callum Rourke-Adair', 'Gateshead Council'],
      ['Emeka Nwosu-Grant', 'Trafford Council'],
    ],
  )
  assert.deepEqual(
    teamOf(
      read([
        'MINUTES',
        '',
        'The Chief Executive presented the feedback from the Corporate Peer Challenge. The peer team had comprised Rhona Tregaskis, Chief Executive of South Somerset District Council, Councillor Kevin Maddocks, Leader of Forest of Dean District Council, and Ed Hammersley from the LGA.',
      ]),
    ),
    ['Rhona Tregaskis', 'Kevin Maddocks', 'Ed Hammersley'],
  )
})

test('fifth probe round: recommendations a progress review recalls, tables set by spaces, markdown’s escapes, a paragraph that says they follow', () => {
  // a table whose column is named by the challenge's year
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      '5.   Progress against the 2013 recommendations',
      '',
      '2013 recommendation\tProgress\tTeam view',
      '1. Develop a single, shared vision for East Suffolk.\tBusiness Plan adopted, March 2015.\tComplete',
      '2. Align the two councils’ decision-making processes.\tJoint committees established.\tComplete',
    ]).keyRecommendations,
    ['Develop a single, shared vision for East Suffolk.', 'Align the two councils’ decision-making processes.'],
  )
  // an annex of the recommendations and their progress
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      'Annex A: CPC recommendations (February 2023) and progress',
      '',
      '1.  Develop a clear and compelling narrative for Oldham, owned by the council and its partners.',
      '    Progress: complete – Corporate Plan agreed July 2023.',
      '',
      '2.  Put in place a robust plan to close the medium-term budget gap.',
      '    Progress: on track – savings of £17.4m agreed.',
    ]).keyRecommendations,
    [
      'Develop a clear and compelling narrative for Oldham, owned by the council and its partners.',
      'Put in place a robust plan to close the medium-term budget gap.',
    ],
  )
  // numbered with their group's letter, under a heading that names them
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      '5. Progress against the recommendations',
      '',
      'The CPC made seven recommendations. Five applied jointly to both councils.',
      '',
      'Joint recommendations',
      '',
      'J1. Agree a shared framework of priorities for the two councils.',
      '    Progress: Complete.',
      '',
      'J2. Develop a medium-term financial plan for each council.',
      '    Progress: On track.',
    ]).keyRecommendations,
    [
      'Agree a shared framework of priorities for the two councils.',
      'Develop a medium-term financial plan for each council.',
    ],
  )
  // "Recommendation N:" headings with a field in bold under each; a summary of the actions' status is no list of them
  assert.deepEqual(
    readRaw([
      '## Corporate Peer Challenge Progress Review',
      '### Position Statement',
      '',
      '3.1 The action plan contains 2 recommendations and 9 actions. At 28 February 2025:',
      '',
      '- 4 actions are complete (41%)',
      '- 5 actions are green – on track (44%)',
      '',
      '## 4. Progress against each recommendation',
      '',
      '### Recommendation 1: Develop a clear, shared narrative and vision for West Northamptonshire',
      '',
      'We have worked with the partnership to develop a shared vision.',
      '',
      '**Self-assessment: Amber/Green**',
      '',
      '### Recommendation 2: Address the structural budget gap in the medium term',
      '',
      'A transformation programme was agreed in 2024.',
    ]).keyRecommendations,
    [
      'Develop a clear, shared narrative and vision for West Northamptonshire',
      'Address the structural budget gap in the medium term',
    ],
  )
  // a table laid out by spaces under known column names, its theme column cut off
  assert.deepEqual(
    readRaw([
      'Corporate Peer Challenge',
      '',
      '3. Recommendations',
      '',
      '   No.     Recommendation                                              Theme',
      '',
      '   1       Develop a clear, long-term vision for the district with     Local priorities and',
      '           partners, building on the Corporate Plan 2022-2026          outcomes',
      '',
      '   2       Agree a medium term financial strategy that sets out how    Financial planning and',
      '           the council will close its budget gap from 2026/27          management',
      '',
      '',
      '4. Summary of the peer challenge approach',
    ]).keyRecommendations,
    [
      'Develop a clear, long-term vision for the district with partners, building on the Corporate Plan 2022-2026',
      'Agree a medium term financial strategy that sets out how the council will close its budget gap from 2026/27',
    ],
  )
  // a paragraph that says, in one of its sentences, that they follow
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '4.2 The peer team identified areas where the Council could go further. These are reflected in the two',
      'key recommendations, which are reproduced in full below. The wording is that of the peer team.',
      '',
      '1) Set out a single, clear and long-term narrative for Stockport. Partners understand the plans.',
      '',
      '2) Strengthen the golden thread between the Council Plan and directorate plans. The thread is weak.',
    ]).keyRecommendations,
    [
      'Set out a single, clear and long-term narrative for Stockport.',
      'Strengthen the golden thread between the Council Plan and directorate plans.',
    ],
  )
  // a markdown export: escaped numbers, superscripts in HTML, a table row broken inside its last cell
  const md = readRaw([
    'Corporate Peer Challenge',
    '========================',
    '',
    '**24<sup>th</sup> – 26<sup>th</sup> January 2017**',
    '',
    '## 2\\. Key recommendations',
    '',
    '**1\\. Develop a clear "Fylde story" for the borough.** The council’s plan sets out its priorities.',
    '',
    '**2\\. Ensure the committee system supports timely decision-making.** The council should review it.',
    '',
    '### The peer team',
    '',
    'The peers who delivered the peer challenge at Fylde were:',
    '',
    '| Peer | Position |',
    '| --- | --- |',
    '| Marian Cottrell | Chief Executive, Staffordshire Moorlands District Council |',
    '| Bethan Evans | Head of Economic Regeneration,',
    'Scarborough Borough Council |',
    '| Ifeoma Chukwu | Programme Manager, Local Government Association |',
  ])
  assert.deepEqual(md.keyRecommendations, [
    'Develop a clear "Fylde story" for the borough.',
    'Ensure the committee system supports timely decision-making.',
  ])
  assert.deepEqual(md.onSite, { start: '2017-01-24', end: '2017-01-26', days: 3 })
  assert.deepEqual(
    md.peers.map((p) => [p.name, p.organisation]),
    [
      ['Marian Cottrell', 'Staffordshire Moorlands District Council'],
      ['Bethan Evans', 'Scarborough Borough Council'],
      ['Ifeoma Chukwu', 'Local Government Association (LGA)'],
    ],
  )
})

test('fifth probe round: a combined authority named alone, a city deal, a council named beside its city', () => {
  const ca = parseDocument(
    'Progress report\n\nCorporate Peer Challenge action plan update.\n\nThe Council secured £9.8m from the Greater Manchester Combined Authority’s Evergreen fund, and the Greater Manchester Combined Authority chairs the board.',
    refs,
  ).fields.council
  assert.equal(ca.value?.code, 'GMCA')
  assert.ok(ca.confidence < 0.9, String(ca.confidence))
  const cam = read([
    'GENERAL PURPOSES COMMITTEE',
    '',
    'CORPORATE PEER CHALLENGE – FEEDBACK AND ACTION PLAN',
    '',
    '1.1 In May 2014 Cambridgeshire County Council moved to a committee system.',
    '1.2 The Corporate Peer Challenge took place at Shire Hall, Cambridge, from 1 to 4 December 2014.',
    '1.3 The team met partners from the Greater Cambridge City Deal and the University of Cambridge.',
  ])
  assert.equal(cam.council?.registerCode, 'CAM')
})

test('fifth probe round: an audit, a meeting’s record by its usual lines, a decision’s record, a report published as a page, a dated news item', () => {
  assert.equal(
    read([
      'Audit & Counter Fraud Shared Service',
      '',
      'INTERNAL AUDIT REPORT',
      'Corporate Performance Management Framework',
      '',
      'The council’s 2019 Corporate Peer Challenge recommended a stronger performance framework.',
    ]).documentKind,
    'not-cpc',
  )
  assert.equal(
    read([
      'OVERVIEW AND SCRUTINY COMMITTEE',
      '',
      'Meeting held on Thursday, 15th March, 2018 at the Council Offices at 7.00 p.m.',
      'Apologies for absence were submitted on behalf of Cllr P. Crerar.',
      '39. MINUTES',
      'The Minutes of the Meeting held on 1st February, 2018 were agreed as a correct record.',
      '40. LOCAL GOVERNMENT ASSOCIATION CORPORATE PEER CHALLENGE – FEEDBACK AND ACTION PLAN',
    ]).documentKind,
    'minutes',
  )
  assert.equal(
    read([
      'Decision details',
      '',
      'LGA Corporate Peer Challenge - Response and Action Plan',
      '',
      'Decision Maker: Cabinet',
    ]).documentKind,
    'minutes',
  )
  assert.equal(
    read([
      'Home › Your council › LGA Corporate Peer Challenge › Progress review',
      '',
      '# LGA Corporate Peer Challenge Progress Review',
      '**North Somerset Council**',
      '**10 – 11 December 2024**',
      '**Feedback report**',
      '',
      'The council’s updated action plan is available as a separate download.',
    ]).documentKind,
    'progress-review',
  )
  assert.equal(
    read([
      'News – 19 February 2026',
      '',
      '# Peer team praises council’s "strong progress"',
      '',
      'The peer team returned to the Civic Offices on 27 and 28 January for a progress review of its corporate peer challenge.',
    ]).documentKind,
    'web-page',
  )
  // a chief executive's report to Council by its cover fields, "Report of:" and "Ward(s):"
  assert.equal(
    read([
      'Council                                                               14 March 2018',
      'Chief Executive’s Report',
      'Report of:        Dr Helena Marsh-Oyelaran, Chief Executive',
      'Ward(s):          All',
      '',
      '4. LGA Corporate Peer Challenge',
      '',
      'The Corporate Peer Challenge took place from 6 to 9 February 2018.',
    ]).documentKind,
    'covering-report',
  )
  // a committee system's page: its cookie bar and menu by their ids, its trail; the title names another review
  const page = htmlToText(
    [
      '<html><body><div id="cookiebar"><p>We use cookies on this site. By continuing to browse the site you are agreeing to our use of cookies.</p></div>',
      '<ul id="mgSiteLinks"><li>Calendar</li><li>Committees</li></ul>',
      '<p>Home &gt; Council and democracy &gt; Cabinet &gt; Issue</p>',
      '<h1>Issue - items at meetings - LGA Communications Peer Challenge: findings and action plan</h1>',
      '<h2>Meeting: 07/12/2023 - Cabinet (Item 72)</h2><h3>72 LGA Communications Peer Challenge: findings and action plan</h3>',
      '<p>The Cabinet considered the report of the Assistant Chief Executive on the peer challenge, which the Council requested after its Corporate Peer Challenge progress review.</p></body></html>',
    ].join(''),
  )
  assert.ok(page.indexOf('Communications Peer Challenge') < page.indexOf('We use cookies'), page)
  assert.equal(read(page.split('\n')).documentKind, 'not-cpc')
})

test('fifth probe round: of councils named once each, the one named again by its short name alone', () => {
  const s = read([
    'STRATEGY AND RESOURCES COMMITTEE',
    '',
    'LGA FINANCE PEER CHALLENGE',
    '',
    'The Committee is asked to note the findings of the finance peer challenge held in November 2023 and the response set out below.',
    '',
    'Those who took part from other councils are thanked for their time and their advice to the Council.',
    '',
    '        Martin Kearney-Price – Director of Finance (Section 151 Officer), London Borough of Ealing',
    '        Councillor Fiona Gallacher – Cabinet Member for Resources, Milton Keynes City Council',
    '        Anjali Mehta – Assistant Director, Finance, Hertfordshire County Council',
    '',
    'The team recommended the development of a "Sutton Next" transformation programme, which Cabinet agreed in March.',
    '',
    '"Sutton Next" will be reported to the Committee in June 2024.',
    '',
    'Appendix A – LGA Finance Peer Challenge: London Borough of Sutton – Feedback report',
  ])
  assert.equal(s.council?.registerCode, 'STN')
})

test('fifth probe round: a follow-up’s own recommendations before the ones it recalls; a council its towns name beside its combined authority', () => {
  const s = read([
    'Corporate Peer Challenge follow-up visit',
    '',
    'Progress against the 2012 recommendations',
    '',
    '1. A clearer and simpler "story" for the council',
    '',
    'The council has adopted a new strategy.',
    '',
    '2. Strengthen the commissioning capability of the organisation',
    '',
    'Commissioning has improved.',
    '',
    'Areas for further consideration',
    '',
    'We would suggest the following:',
    '',
    'A. Use the refresh of the council strategy to set out what residents can expect.',
    '',
    'B. Clarify the roles of commissioners and providers.',
  ])
  assert.deepEqual(s.keyRecommendations, [
    'Use the refresh of the council strategy to set out what residents can expect.',
    'Clarify the roles of commissioners and providers.',
  ])
  const bolton = read([
    'Progress report to the Executive Cabinet Member',
    '',
    'Corporate Peer Challenge action plan: progress',
    '',
    'The Council has secured £9.8m from the Greater Manchester Combined Authority’s Evergreen fund for the town centre.',
    'Work continues at Horwich Loco Works, in Westhoughton and in Farnworth, with the Greater Manchester Combined Authority.',
  ]).council
  assert.deepEqual([bolton?.registerCode, bolton?.inferred], ['BOL', true])
})

test('fifth probe round: a paper’s decisions in other words, topics counted, bullets and references in bold, a summary table before the tracker', () => {
  // "That the Committee agrees that …", "That … is referred to …": the paper's own, however they go on
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '14.  RECOMMENDATIONS',
      '',
      '14.1 That the Committee notes the feedback report of the LGA Corporate Peer Challenge.',
      '14.2 That the Committee agrees that an action plan is developed and reported to the Committee in March.',
      '14.3 That the review of the committee system is referred to the Constitution Committee.',
    ]).keyRecommendations,
    [],
  )
  // topics with their counts, not the recommendations themselves
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The report makes eight recommendations, which cover:',
      '',
      '- The proposed merger with Stratford-on-Avon District Council (two recommendations);',
      '- The Council’s response to the climate emergency (two recommendations);',
      '- Financial planning, including the use of reserves (four recommendations).',
    ]).keyRecommendations,
    [],
  )
  // a symbol font's arrow as each item's bullet
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      '     Ø   Set out a clear, shared and ambitious vision for Hartlepool with partners.',
      '     Ø   Develop a longer-term financial strategy which responds to the funding reduction.',
    ]).keyRecommendations,
    [
      'Set out a clear, shared and ambitious vision for Hartlepool with partners.',
      'Develop a longer-term financial strategy which responds to the funding reduction.',
    ],
  )
  // a markdown summary table whose rule centres its columns; "Recommendation N" headings over tables of actions only
  const plan = readRaw([
    '# Corporate Peer Challenge – Action Plan',
    '',
    '### Summary',
    '',
    '| # | Key recommendation | Lead | RAG |',
    '|:-:|---|---|:-:|',
    '| 1 | Set out a clear, shared narrative for Lewisham’s future | Mayor | 🟢 |',
    '| 2 | Take urgent action to deliver a sustainable budget | Cabinet Member for Finance | 🟠 |',
    '',
    '#### Recommendation 1',
    '',
    'Ref\tAction\tLead officer\tDue',
    '1.1\tRefresh the Corporate Strategy delivery plan\tDirector of Strategy\tJan 2024',
    '',
    '#### Recommendation 2',
    '',
    'Ref\tAction\tLead officer\tDue',
    '2.1\tAgree a savings programme\tExecutive Director\tFeb 2024',
    '',
    '---',
  ])
  assert.deepEqual(plan.keyRecommendations, [
    'Set out a clear, shared narrative for Lewisham’s future',
    'Take urgent action to deliver a sustainable budget',
  ])
  // a summary of references and counts, then the tracker that words each one, its reference in bold
  const tracker = read([
    'Corporate Peer Challenge Action Plan',
    '',
    'Recommendation\tActions\tComplete\tGreen',
    'R1\t4\t1\t2',
    'R2\t3\t2\t1',
    '**Total**\t**7**\t**3**\t**3**',
    '',
    'Ref\tPeer recommendation\tAction\tLead officer',
    '1.1\t**R1** Develop a single, shared narrative for Hounslow’s future\tHold a partnership summit\tLeader',
    '1.2\t\tDevelop and consult on a borough narrative\tLeader',
    '2.1\t**R2** Refresh the Corporate Plan with fewer priorities\tAgree the plan\tChief Executive',
  ])
  assert.deepEqual(tracker.keyRecommendations, [
    'Develop a single, shared narrative for Hounslow’s future',
    'Refresh the Corporate Plan with fewer priorities',
  ])
})

test('fifth probe round: a follow-up visit’s own title page, a councillor’s party in a table’s name cell, roles told before names in a news item', () => {
  assert.equal(
    read([
      'Corporate Peer Challenge – Follow Up Visit',
      '',
      'Calderdale Council',
      '',
      '2nd and 3rd March 2016',
      '',
      'Feedback Report',
      '',
      '1. Introduction',
      '',
      'The peer team returned to the council to review progress since the challenge of 2014.',
    ]).documentKind,
    'progress-review',
  )
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '## The peer team',
        '',
        'Name\tRole',
        'Róisín Ó Briain\tChief Executive, East Hampshire District Council (lead officer peer)',
        'Councillor Ian Threlfall (Liberal Democrat)\tLeader, Eastleigh Borough Council (lead member peer)',
        'Jonathan Eke\tPeer Challenge Manager, LGA',
      ]),
    ),
    ['Róisín Ó Briain', 'Ian Threlfall', 'Jonathan Eke'],
  )
  assert.deepEqual(
    read([
      'News – 19 February 2026',
      '',
      'The team was led once again by the Chief Executive of Reading Borough Council, Oyinkansola Bright-Hammond, and included the Leader of Bath and North East Somerset Council, Councillor Tegan Llewellyn-Price, and the Director of Finance at Wiltshire Council, Paraic Hennessy.',
    ]).peers.map((p) => [p.name, p.title, p.organisation]),
    [
      ['Oyinkansola Bright-Hammond', 'Chief Executive', 'Reading Borough Council'],
      ['Tegan Llewellyn-Price', 'Leader', 'Bath and North East Somerset Council'],
      ['Paraic Hennessy', 'Director of Finance', 'Wiltshire Council'],
    ],
  )
  // (a list told names first keeps each peer's own council: "Leader of the Council at X Council, Ellen Howell (Y)")
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The peer team was led by Gareth Bhatt, former Chief Executive at Hart District Council, and included Councillor Kevin MacDonald, Leader of the Council at Bromsgrove District Council, Ellen Howell (Oxford City Council), and Colin Edgell as the LGA Peer Challenge Manager.',
    ]).peers.map((p) => [p.name, p.organisation]),
    [
      ['Gareth Bhatt', 'Hart District Council'],
      ['Kevin MacDonald', 'Bromsgrove District Council'],
      ['Ellen Howell', 'Oxford City Council'],
      ['Colin Edgell', 'Local Government Association (LGA)'],
    ],
  )
  // (not a council's own officers named so in a sentence about something else)
  assert.deepEqual(
    teamOf(
      read([
        'Annual report',
        '',
        'The regeneration board was led by the Chief Executive of Reading Borough Council, Jo Bloggs, and included the Leader.',
      ]),
    ),
    [],
  )
})

test('fifth probe round: the key recommendations numbered in a sentence of a meeting’s record; actions numbered under "Recommendation N"', () => {
  assert.deepEqual(
    read([
      'MINUTES',
      '',
      'The key recommendations were that the Council should: (1) develop a clear and shared vision for Torridge; (2) produce a medium term financial strategy which addresses the budget gap; and (3) improve communication with staff, residents and parish councils.',
    ]).keyRecommendations,
    [
      'Develop a clear and shared vision for Torridge',
      'Produce a medium term financial strategy which addresses the budget gap',
      'Improve communication with staff, residents and parish councils',
    ],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Action Plan',
      '',
      'THEME 1: LOCAL PRIORITIES AND OUTCOMES',
      '',
      'Recommendation 1',
      'Refresh the Corporate Plan so that it sets out a small number of clear priorities.',
      '',
      '   1.1  Develop a new Corporate Plan 2023–2027 with four priorities.',
      'Lead: Assistant Director for Strategy\tBy: July 2023',
      '',
      '   1.2  Develop annual directorate delivery plans.',
      '',
      'Recommendation 2',
      'Use data and insight more systematically to drive improvement.',
      '',
      '   2.1  Build a corporate data platform.',
    ]).keyRecommendations,
    [
      'Refresh the Corporate Plan so that it sets out a small number of clear priorities.',
      'Use data and insight more systematically to drive improvement.',
    ],
  )
  // a heading's paragraph that says the following ones are its recommendations, in a sentence before its last; the
  // items set in, their bullets lost
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '9.  Recommendations',
      '',
      'Based on what we saw, heard and read we suggest the council considers the following actions. These are things we',
      'think will help the council improve.',
      '',
      '    Develop specific, measurable targets for each of the council’s three outcomes and report progress against',
      '     them regularly.',
      '',
      '    Clarify the roles of commissioners and providers within the council.',
      '',
      '    Develop a workforce strategy linked explicitly to the commissioning model.',
      '',
      '10.  Next steps',
    ]).keyRecommendations,
    [
      'Develop specific, measurable targets for each of the council’s three outcomes and report progress against them regularly.',
      'Clarify the roles of commissioners and providers within the council.',
      'Develop a workforce strategy linked explicitly to the commissioning model.',
    ],
  )
  // meetings held online, and the people met in them
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'The team then spent three days with the council, during which they held 42 virtual meetings with more than 130 people, including council staff, members and external stakeholders.',
    ]).stats,
    { peopleMet: 130, meetings: 42, interviews: null, hours: null, personWeeksEquivalent: null },
  )
  // a table whose row answers "No" in a column of its own is no header
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '3.3 All three recommendations are set out in the table below.',
      '',
      'No.\tRecommendation\tTheme\tAudit Committee remit?',
      '1\tDevelop a long-term vision for Hertsmere beyond the current Corporate Plan\tPlace\tNo',
      '2\tProduce a Medium Term Financial Strategy covering at least four years\tFinance\tIn part',
      '3\tReview the council’s risk management framework and risk appetite\tGovernance\tYes',
    ]).keyRecommendations,
    [
      'Develop a long-term vision for Hertsmere beyond the current Corporate Plan',
      'Produce a Medium Term Financial Strategy covering at least four years',
      'Review the council’s risk management framework and risk appetite',
    ],
  )
})

test('fifth probe round: "The peers for the progress review were …" between semicolons; a lead and a manager with "Ms."', () => {
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge Progress Review',
        '',
        'The peers for the progress review were Gwen Harcourt-Adeyemi, Chief Executive of Mid Devon District Council, who led the team; Cllr Robert Ashcombe, Leader of Uttlesford District Council; and Darragh Kennelly, Director of Resources at Stratford-on-Avon District Council.',
      ]),
    ),
    ['Gwen Harcourt-Adeyemi', 'Robert Ashcombe', 'Darragh Kennelly'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'OVERVIEW AND SCRUTINY COMMITTEE',
        '',
        'The peer team had been led by Ms. Fiona Lockhart, Chief Executive of Elmbridge Borough Council, with Cllr Robert Anstey, Leader of Taunton Deane Borough Council, as the lead member peer. The team had been supported by the LGA’s Peer Challenge Manager, Ms. Priya Chaudhary.',
      ]),
    ),
    ['Fiona Lockhart', 'Robert Anstey', 'Priya Chaudhary'],
  )
})

test('sixth probe round: teams told in more sentence shapes', () => {
  // "The peers who … were:" with the team on the same line, their roles in brackets
  assert.deepEqual(
    teamOf(
      read([
        'Burnley Borough Council – Corporate Peer Challenge',
        '',
        'The peers who delivered the peer challenge at Burnley were: Mike Kelly (Chief Executive, Rossendale Borough Council), Councillor Julie Sanderson (Deputy Leader, Preston City Council) and Hazel Tennant (Programme Manager, Local Government Association).',
      ]),
    ),
    ['Mike Kelly', 'Julie Sanderson', 'Hazel Tennant'],
  )
  // "The peer team for the progress review was …"; "The peer team was: …" in a note to editors
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge Progress Review',
        '',
        'The peer team for the progress review was Andrea Pickering (Chief Executive, Bolsover District Council), Cllr Graham Doyle (Leader, Derbyshire Dales District Council) and Owen Tulley (Peer Challenge Manager, LGA). The team held 16 meetings.',
      ]),
    ),
    ['Andrea Pickering', 'Graham Doyle', 'Owen Tulley'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'Notes to editors',
        '',
        '1. The peer team was: Kim Ryley (lead officer peer, former Chief Executive, Shropshire Council);',
        '   Cllr Peter Marland (Leader, Milton Keynes City Council); and Paul Clarke, Peer Challenge Manager, LGA.',
      ]),
    ),
    ['Kim Ryley', 'Peter Marland', 'Paul Clarke'],
  )
  // ", led by …, comprised …"; "will be led by … and will also include …"
  assert.deepEqual(
    teamOf(
      read([
        'CABINET',
        '',
        '1. The peer team, led by Helen Rowbotham (Chief Executive, Hinckley and Bosworth Borough Council), comprised Cllr Ruth Kettle (Leader, East Lindsey District Council), Jaz Brar (Director of Housing, Nottingham City Council) and Lucy Hendry (Peer Challenge Manager, LGA).',
      ]),
    ),
    ['Helen Rowbotham', 'Ruth Kettle', 'Jaz Brar', 'Lucy Hendry'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'Position statement',
        '',
        'We are delighted to welcome the peer team to Broxtowe. The team will be led by Gillian Marsh (Chief Executive, North Kesteven District Council) and will also include Cllr Rob Tanner (Leader, Erewash Borough Council) and Harriet Dunn (Peer Challenge Manager, LGA).',
      ]),
    ),
    ['Gillian Marsh', 'Rob Tanner', 'Harriet Dunn'],
  )
  // the team in brackets after "The peer team"
  assert.deepEqual(
    teamOf(
      read([
        'Action plan',
        '',
        'The peer team (Cllr Margaret Thwaite, Leader of Pendle Borough Council; Daniel Okafor, Chief Executive, Fylde Borough Council; and Sam Ferris, LGA Peer Challenge Manager) spent three days with the council.',
      ]),
    ),
    ['Margaret Thwaite', 'Daniel Okafor', 'Sam Ferris'],
  )
  // between dashes, with the letter's writer ("and myself") as they sign
  assert.deepEqual(
    teamOf(
      read([
        'Dear Ian,',
        '',
        'Tendring District Council – Corporate Peer Challenge progress review, 14 February 2023',
        '',
        'Thank you for hosting the progress review. The team – Lorna Fairbrother (lead peer, Chief Executive, Maldon District Council), Cllr Kevin Ashby (Leader, Castle Point Borough Council) and myself – held a series of conversations during the day.',
        '',
        'Yours sincerely',
        '',
        'Rob Hetherington',
        'Peer Challenge Manager, Local Government Association',
      ]),
    ),
    ['Lorna Fairbrother', 'Kevin Ashby', 'Rob Hetherington'],
  )
  // "the member peers were …; the officer peers were …"
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '3.1 The team was led by Dr Sunita Bhattacharya, Chief Executive of Kirklees Council; the member peers were Cllr Gareth Lloyd-Pryce, Leader of Wrexham County Borough Council until 2022, and Cllr Maureen Fitzgibbon, Cabinet Member for Children and Families at Wirral Council; the officer peers were Colm MacNamara, Director of Finance at Cumbria County Council, and Hannah Ellis-Ward, Head of Policy at Sefton Council.',
      ]),
    ),
    ['Sunita Bhattacharya', 'Gareth Lloyd-Pryce', 'Maureen Fitzgibbon', 'Colm MacNamara', 'Hannah Ellis-Ward'],
  )
  // "comprised:" on the line; the last peer "of the LGA, who managed …"; "…, with X of the LGA as peer challenge
  // manager" parted from the peer before
  assert.deepEqual(
    teamOf(
      read([
        'CABINET',
        '',
        "1.2    The peer team comprised: Mr Kieran O'Dowd, Chief Executive of Wakefield Council (lead peer); Councillor Linda Mbeki-Thornton, Deputy Leader of Sheffield City Council; and Ms Claire Abernethy of the LGA, who managed the peer challenge.",
      ]),
    ),
    ["Kieran O'Dowd", 'Linda Mbeki-Thornton', 'Claire Abernethy'],
  )
  const durham = read([
    'CABINET',
    '',
    "He thanked the peer team, which had been led by Sir Desmond Atherley-Price, former Chief Executive of Newcastle City Council, and had included Councillor Gwendolyn Mbatha (Leader, Bolton Council) and Lucinda Grey-Whitaker (Corporate Director, Nottinghamshire County Council), with Patrick O'Halloran of the LGA as peer challenge manager.",
  ])
  assert.deepEqual(teamOf(durham), [
    'Desmond Atherley-Price',
    'Gwendolyn Mbatha',
    'Lucinda Grey-Whitaker',
    "Patrick O'Halloran",
  ])
  assert.deepEqual(
    durham.peers.map((p) => p.kind),
    ['officer', 'member', 'officer', 'lga'],
  )
  // "that the team, led by Dr X (…) and including …"
  assert.deepEqual(
    teamOf(
      read([
        'MINUTES',
        '',
        'She explained that the team, led by Dr Ayodele Fashola-Green (former Chief Executive of the London Borough of Enfield) and including Councillor Rhys ap Gwilym (Leader, London Borough of Merton), had met over 180 people.',
      ]),
    ),
    ['Ayodele Fashola-Green', 'Rhys ap Gwilym'],
  )
  // "led by X, Role of Body, with Councillor A (Place) and …"; "X, Senior Regional Adviser at the LGA, managed the peer
  // challenge"
  assert.deepEqual(
    teamOf(
      read([
        'AUDIT COMMITTEE',
        '',
        '6.7.2 The peer team was led by Jo Miller, former Chief Executive of Doncaster Council, with',
        'Councillor Sharon Taylor (Leader, Stevenage Borough Council), Councillor Rachel Eden (Reading) and Darren',
        'Knowles (Assistant Director, Wakefield Council). Kate Herbert, Senior Regional Adviser at the LGA, managed the peer challenge.',
      ]),
    ),
    ['Jo Miller', 'Sharon Taylor', 'Rachel Eden', 'Darren Knowles', 'Kate Herbert'],
  )
})

test('sixth probe round: team lists under labels, question headings, appendix headings and a sentence', () => {
  // a page's question for a heading
  assert.deepEqual(
    teamOf(
      read([
        '# Corporate Peer Challenge 2023',
        '',
        '## Who was on the peer team?',
        '',
        '- Lead peer: Fiona Castleton, Chief Executive, Stockport Council',
        '- Councillor Raj Mehta, Leader, Cheshire West and Chester Council',
        '- Jasmine Kerr, Peer Challenge Manager, LGA',
      ]),
    ),
    ['Fiona Castleton', 'Raj Mehta', 'Jasmine Kerr'],
  )
  // an appendix's heading, each group of the team under a label line of its own
  const appendix = read([
    'Corporate Peer Challenge',
    '',
    'Appendix A – The peer team',
    '',
    'Lead peer',
    'Professor Jeremy Fairbairn-Lowe OBE – Chief Executive, Stockport Metropolitan Borough Council',
    '',
    'Member peers',
    'Councillor Hafsa Mirza-Khan – Cabinet Member for Communities, Bradford Metropolitan District Council (Labour)',
    'Councillor Dr Niall Corcoran – Leader of the Opposition, Lancashire County Council (Conservative)',
    '',
    'Peer challenge manager',
    'Helen du Plessis – Programme Manager, Local Government Association',
  ])
  assert.deepEqual(teamOf(appendix), [
    'Jeremy Fairbairn-Lowe',
    'Hafsa Mirza-Khan',
    'Niall Corcoran',
    'Helen du Plessis',
  ])
  assert.deepEqual(
    appendix.peers.map((p) => p.kind),
    ['officer', 'member', 'member', 'lga'],
  )
  // "ANNEX: PEER TEAM"; a label with two peers in brackets after it, joined by 'and'; a label with its own bracket
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        'ANNEX: PEER TEAM',
        '',
        '- Lead peer – Bernadette Kowalczyk, former Chief Executive, Wiltshire Council',
        '- Member peers – Cllr Tom Radley (Leader, Torbay Council) and Cllr Jo Quayle (Cabinet Member, Dorset Council)',
        '- LGA associate (finance): Graham Loxley',
        '- Peer Challenge Manager – Suzi Harker, LGA',
      ]),
    ),
    ['Bernadette Kowalczyk', 'Tom Radley', 'Jo Quayle', 'Graham Loxley', 'Suzi Harker'],
  )
  // a sentence of its own between the heading and the list
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '3. The peer team',
        '',
        'The team was selected by the LGA in discussion with the council.',
        '',
        '  * Cllr Rosamund Tregarthen, Leader, Cornwall Council – member peer',
        '  * Nicholas Fenton-Shaw, former Chief Executive, Purbeck District Council – lead officer peer',
        '  * Chloé Beaumont-Ward, Senior Adviser, LGA – peer challenge manager',
        '',
        '4. Approach',
      ]),
    ),
    ['Rosamund Tregarthen', 'Nicholas Fenton-Shaw', 'Chloé Beaumont-Ward'],
  )
})

test('sixth probe round: recommendations in groups, lettered, by section labels and references, label titles', () => {
  // a title that starts with a word of one letter, or with a word of roman letters, keeps it ("A clear vision …",
  // "Civic pride …")
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Key recommendations',
      '',
      '1. A clear vision for the borough should be agreed with partners.',
      '2. Civic pride should be at the heart of the regeneration programme.',
      '3. Invest in the digital programme so that residents can do more online.',
    ]).keyRecommendations,
    [
      'A clear vision for the borough should be agreed with partners.',
      'Civic pride should be at the heart of the regeneration programme.',
      'Invest in the digital programme so that residents can do more online.',
    ],
  )
  // one numbering through groups under headings of their own
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '2. Key recommendations',
      '',
      'The recommendations are grouped by who we think should lead them.',
      '',
      'For the council as a whole',
      '',
      "1. Refresh Everyone's Essex with measurable outcomes for 2025-2029",
      '2. Develop a long-term financial plan that reflects SEND demand',
      '',
      'For the Leader and Cabinet',
      '',
      '3. Lead the conversation on devolution with the districts and unitaries',
      '',
      '3. The peer team',
      '',
      'The team met over 250 people.',
    ]).keyRecommendations,
    [
      "Refresh Everyone's Essex with measurable outcomes for 2025-2029",
      'Develop a long-term financial plan that reflects SEND demand',
      'Lead the conversation on devolution with the districts and unitaries',
    ],
  )
  // lettered items set in under the sentence that introduces them, under a numbered section's heading
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '2. Key Recommendations',
      '',
      "The following are the peer team's key recommendations to the Council:",
      '',
      '  a. Articulate a long-term vision for the borough, developed with partners',
      '  b. Review the Medium Term Financial Strategy to ensure it is aligned to the priorities',
      '  c. Make more use of the council’s voice regionally and nationally',
      '',
      '3. Summary of the Peer Challenge approach',
    ]).keyRecommendations,
    [
      'Articulate a long-term vision for the borough, developed with partners',
      'Review the Medium Term Financial Strategy to ensure it is aligned to the priorities',
      'Make more use of the council’s voice regionally and nationally',
    ],
  )
  // a section's label before the heading ("SECTION A: KEY RECOMMENDATIONS"); references with a dash ("KR1 –",
  // "R1 –")
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'SECTION A: KEY RECOMMENDATIONS',
      '',
      'A1. Agree a small number of priorities for the council and the city. The Council Plan contains eight priorities.',
      '',
      'A2. Speed up decision-making on major projects. York Central has experienced delay.',
      '',
      'SECTION B: ABOUT THE REVIEW',
    ]).keyRecommendations,
    ['Agree a small number of priorities for the council and the city.', 'Speed up decision-making on major projects.'],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '2. Key recommendations',
      '',
      ' KR1 – Focus on what matters in the time left. Agree with members a short list of priorities.',
      '',
      ' KR2 – Stabilise the workforce. Address the capacity gaps in planning now.',
      '',
      '3. The peer team',
    ]).keyRecommendations,
    ['Focus on what matters in the time left.', 'Stabilise the workforce.'],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge – excerpt',
      '',
      'Key recommendations',
      '',
      'R1 – Financial sustainability: Deliver the transformation programme savings of £52m.',
      'R2 – Governance: Reset the relationship between members and officers through an agreed protocol.',
    ]).keyRecommendations,
    ['Financial sustainability', 'Governance'],
  )
  // a label of a few words before a colon, its instruction after it in lower case: in a table's cell, and after
  // "Recommendation N –" over its account
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '2. Key recommendations',
      'No.\tRecommendation',
      '1\tDevolution readiness: prepare the council and partners for the devolution deal.',
      '2\tFinancial resilience: close the 2026/27 gap of £46m with a multi-year plan.',
    ]).keyRecommendations,
    ['Devolution readiness', 'Financial resilience'],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      'Our original report made two key recommendations. We comment on each below.',
      '',
      'Recommendation 1 - Financial resilience: develop a plan to balance the budget over the medium term',
      'without reliance on reserves.',
      'Good progress. The 2026/27 budget is balanced.',
      '',
      'Recommendation 2 - Housing Revenue Account: commission an independent review of the HRA business plan.',
      'Some progress. The review has been commissioned.',
    ]).keyRecommendations,
    ['Financial resilience', 'Housing Revenue Account'],
  )
  // what members did, as minutes list it, is no recommendation
  assert.deepEqual(
    read([
      'MINUTES OF THE CABINET',
      '',
      'The peer team made 11 recommendations, including on the medium-term financial strategy.',
      '',
      'In discussion, Members:',
      '',
      "- Welcomed the recognition of the council's work on the cost of living;",
      "- Noted the peer team's comments on member–officer relationships;",
      '- Councillor Mattey asked why the action plan did not include dates for three of the actions.',
    ]).keyRecommendations,
    [],
  )
})

test('sixth probe round: a table laid out by spaces with a footer straight under it and its header again over page two', () => {
  const plan = readRaw([
    'HARTLEPOOL BOROUGH COUNCIL – CORPORATE PEER CHALLENGE ACTION PLAN',
    '',
    'Ref  Recommendation               Action(s)                      Lead         Target      RAG',
    '                                                                 Officer      Date',
    '1    Develop a clear, shared      Refresh Council Plan           Director of  Sept 2019   G',
    '     vision for Hartlepool.       with partners                  Resources',
    '2    Take a stronger strategic    Establish Strategic            Chief        Dec 2019    G',
    '     approach to regeneration.    Regeneration Board             Executive',
    '                                                                            Page 1 of 2',
    '-----------------------------------------------------------------------------------------',
    'Ref  Recommendation               Action(s)                      Lead         Target      RAG',
    '3    Review the committee         Constitution Working Group     Chief        Mar 2020    A',
    '     system.                                                     Solicitor',
    '                                                                            Page 2 of 2',
  ])
  assert.deepEqual(plan.keyRecommendations, [
    'Develop a clear, shared vision for Hartlepool.',
    'Take a stronger strategic approach to regeneration.',
    'Review the committee system.',
  ])
})

test('sixth probe round: a progress review dated in its subject line; a report with its first pages lost; a letter’s address', () => {
  const letter = read([
    'Mr Ian Davidson',
    'Chief Executive',
    'Tendring District Council',
    '',
    '7 March 2023',
    '',
    'Dear Ian,',
    '',
    'Tendring District Council – Corporate Peer Challenge progress review, 14 February 2023',
    '',
    'Thank you for hosting the progress review, which responds to the recommendations of the corporate peer challenge held in March 2022.',
  ])
  assert.deepEqual(letter.onSite, { start: '2023-02-14', end: '2023-02-14', days: 1 })
  // a feedback report's sections with no title page: the challenge's approach and its next steps
  const lost = read([
    'ople and partners the peer team met were clear that the council had come a long way since 2015.',
    '',
    '3.  Summary of the peer challenge approach',
    '',
    'The peer team looked at five themes and met 60 people.',
    '',
    '4.  Feedback',
    '',
    'The council is well run.',
    '',
    '5.  Next steps',
    '',
    'The LGA will return for a progress review.',
  ])
  assert.equal(lost.documentKind, 'feedback-report')
  // a council named only as its town in the letter's address, beside a combined authority named once
  const addressed = read([
    'Alison Mackereth',
    'Chief Executive',
    'Civic Centre',
    'Regent Street',
    'Gateshead',
    'NE8 1HH',
    '',
    'Dear Alison',
    '',
    'Corporate Peer Challenge – Progress Review',
    '',
    'The council’s work with the North East Combined Authority on skills was clear to us.',
  ])
  assert.equal(addressed.council?.registerCode, 'GAT')
})

test('sixth probe round: boxes drawn round each recommendation, new recommendations, en dashes for bullets', () => {
  assert.deepEqual(
    readRaw([
      'Corporate Peer Challenge',
      '',
      "The following are the peer team's key recommendations to the council:",
      '',
      '┌──────────────────────────────────────┐',
      'Key recommendation 1',
      'Agree a clear and shared set of priorities for the medium term',
      '',
      'The council’s priorities have multiplied since the 2022 plan was adopted.',
      '└──────────────────────────────────────┘',
      '',
      '┌──────────────────────────────────────┐',
      '│ Key recommendation 2                 │',
      '│ Close the medium-term budget gap     │',
      '└──────────────────────────────────────┘',
    ]).keyRecommendations,
    ['Agree a clear and shared set of priorities for the medium term', 'Close the medium-term budget gap'],
  )
  // a progress review's own new recommendations, not the original ones it recalls
  assert.deepEqual(
    read([
      'Corporate Peer Challenge Progress Review',
      '',
      '1. Introduction',
      '',
      'The three most significant original recommendations were:',
      '',
      '• Develop a clear narrative for the council’s role in the High Peak',
      '• Put the MTFS on a sustainable footing',
      '',
      '2. New recommendations',
      '',
      'The team makes the following new recommendations:',
      '',
      '1. Refresh the joint workforce strategy',
      '2. Embed the new performance framework',
      '',
      '3. Next steps',
    ]).keyRecommendations,
    ['Refresh the joint workforce strategy', 'Embed the new performance framework'],
  )
  // en dashes for bullets: recommendations under their introduction, a team over a page's break
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '2. Key recommendations',
      '',
      'The peer team recommends that the councils:',
      '',
      "–  Set out a single, shared ambition for the two councils' collaboration",
      '–  Complete the integration of the two workforces, including terms and conditions',
      '',
      '3. The peer team',
    ]).keyRecommendations,
    [
      "Set out a single, shared ambition for the two councils' collaboration",
      'Complete the integration of the two workforces, including terms and conditions',
    ],
  )
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        'The team comprised:',
        '',
        '– Tom le Roux – former Chief Executive, London Borough of Wandsworth',
        '– Councillor Priya Sheppard – Cabinet Member for Resources, Chesterfield',
        'Borough Council',
        '– David Bhatt – Deputy Chief Executive, Broxbourne Borough Council',
        '',
        'Page 2',
        '',
        '– Nadia Stanton – Peer Challenge Manager, Local Government Association',
        'The team spoke to more than 270 people.',
      ]),
    ),
    ['Tom le Roux', 'Priya Sheppard', 'David Bhatt', 'Nadia Stanton'],
  )
})

test('sixth probe round: "Rt Hon", peers under "LGA:" laid out by spaces, "the LGA’s X", the team’s recommendations as a heading', () => {
  const team = read([
    'Corporate Peer Challenge',
    '',
    'The peer team',
    '',
    '  Lead peer:          Rt Hon Dame Christine Fairclough-Ness, former Chief Executive, Cornwall Council',
    '  Member peers:       Cllr Huw Evans-Protheroe, Leader, Shropshire Council',
    "                      Cllr Benedetta O'Connell, Deputy Leader, Durham County Council",
    '  LGA:                Gregor McAllister, Peer Challenge Manager',
    '                      Zainab Oyelaran, Project Support Officer (first two days only)',
    '',
    'Approach',
  ])
  assert.deepEqual(teamOf(team), [
    'Christine Fairclough-Ness',
    'Huw Evans-Protheroe',
    "Benedetta O'Connell",
    'Gregor McAllister',
    'Zainab Oyelaran',
  ])
  assert.deepEqual(
    team.peers.map((p) => p.kind),
    ['officer', 'member', 'member', 'lga', 'lga'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'News',
        '',
        "The visiting team was led by Gwyneth Lloyd-Masters, chief executive of Warwickshire County Council, and included Councillor Tom O'Grady-Briggs, leader of Stoke-on-Trent City Council. They were supported by the LGA's Fraser Dunmore.",
      ]),
    ),
    ['Gwyneth Lloyd-Masters', "Tom O'Grady-Briggs", 'Fraser Dunmore'],
  )
  for (const heading of ["The peer team's recommendations", 'What did the peer team recommend?'])
    assert.deepEqual(
      read([
        '# Our Corporate Peer Challenge',
        '',
        `## ${heading}`,
        '',
        '1. **Financial sustainability** – set out a multi-year plan to close the budget gap.',
        '2. **Disaggregation** – agree with Cumberland Council a timetable to end shared arrangements.',
      ]).keyRecommendations,
      ['Financial sustainability', 'Disaggregation'],
      heading,
    )
})

test('sixth probe round: a school’s peer review is no corporate one; a page of no known kind gives no visit at 0.9', () => {
  const school = read([
    "ST ANDREW'S CHURCH OF ENGLAND PRIMARY SCHOOL",
    '',
    'SCHOOLS PARTNERSHIP PEER REVIEW - REPORT',
    '',
    'Review date: 23 November 2021',
    '',
    'Review team:',
    '  Lead reviewer: Mrs Karen Oduya, Headteacher, Greenfields Primary',
    '',
    'The review is not an inspection; the reviewers are critical friends.',
  ])
  assert.equal(school.documentKind, 'not-cpc')
  assert.equal(school.reviewType, 'school-peer-review')
  const page = parseDocument(
    [
      '# Leadership Essentials',
      '',
      'Leadership Essentials is a suite of short residential programmes for councillors.',
      '',
      '## Who is it for?',
      '',
      'Cabinet members, committee chairs and shadow portfolio holders in English councils.',
      '',
      '## Upcoming programmes',
      '',
      'Programme\tDates\tVenue',
      'Leadership Essentials: Finance\t4–5 February 2025\tWarwick Conference Centre',
      'Leadership Essentials: Corporate Peer Challenge – being a member peer\t25–26 March 2025\tWarwick Conference Centre',
      '',
      'The member peer module prepares councillors to join corporate peer challenge teams: the on-site process, giving feedback.',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(page.documentKind.value, 'unknown')
  assert.ok(page.onSite.confidence < 0.9, `the visit at ${page.onSite.confidence}`)
})

test('sixth probe round: a team with dot leaders after its labels; a topic’s name before a full stop as a title', () => {
  assert.deepEqual(
    teamOf(
      readRaw([
        'Corporate Peer Challenge',
        '',
        'Contents',
        'Key recommendations ........................ 3',
        '',
        'B1. Who was on the team',
        '',
        'The team was selected with the council to reflect the scope of the challenge.',
        '',
        '  Lead peer ................ Ingrid Halvorsen-Price, Chief Executive, Bath and North East Somerset Council',
        '  Member peer .............. Cllr Nathaniel Osei-Bonsu, Leader, Exeter City Council (Labour)',
        '  LGA review manager ....... Wendy Carruthers, Local Government Association',
      ]),
    ),
    ['Ingrid Halvorsen-Price', 'Nathaniel Osei-Bonsu', 'Wendy Carruthers'],
  )
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      '4. Key recommendations',
      '',
      "   (i)   Financial resilience. Protect the council's hard-won financial stability as income falls.",
      '   (ii)  Civic Campus. Keep a firm grip on the risks of the Civic Campus programme.',
      '   (iii) Invest in leadership. Develop the next tier of managers.',
    ]).keyRecommendations,
    ['Financial resilience', 'Civic Campus', 'Invest in leadership.'],
  )
})

test('sixth probe round: the LGA by the name it had from 2010 to 2012 is the LGA', () => {
  assert.equal(parsePeer('Andrew Winfield - Programme Manager, Local Government Group')?.kind, 'lga')
})

test('seventh probe round: other reviews named first, by the Centre for Governance and Scrutiny, between authorities, in Wales', () => {
  // a paper about a housing peer challenge, named so once and then as "the peer challenge"
  const housing = parseDocument(
    [
      'MAYOR AND CABINET',
      '',
      'Report title: Homelessness and Temporary Accommodation – outcome of the external challenge and response',
      'Date: 11 December 2019',
      '',
      'This report sets out the findings of the housing and homelessness peer challenge carried out at the London Borough of Lewisham in September 2019 by a team assembled by the Local Government Association.',
      '',
      'The peer challenge team met 60 people. The peer challenge made six recommendations. The council welcomes the peer challenge.',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(housing.documentKind.value, 'not-cpc')
  assert.equal(housing.reviewType.value, 'housing-peer-challenge')
  for (const [title, code] of [
    ['Review of Overview and Scrutiny Arrangements', 'scrutiny-review'],
    ['Mutual review of assurance and investment processes – report of the reviewing authority', 'mutual-review'],
  ] as const)
    assert.equal(
      read(['MEDWAY COUNCIL', '', title, '', 'The peer review team met 30 people over three days.']).reviewType,
      code,
      title,
    )
  const wales = read([
    'Cymdeithas Llywodraeth Leol Cymru',
    'Welsh Local Government Association',
    '',
    'City and County of Swansea Council',
    '',
    'Corporate Peer Review – Final Report',
    '',
    'Dates of on-site review: 20 – 23 March 2018',
  ])
  assert.equal(wales.documentKind, 'not-cpc')
  // a peer challenge never named as a corporate one or as another kind: the paper's kind is no surer than that
  const unnamed = parseDocument(
    [
      'CABINET',
      '',
      'Report title: The peer challenge – findings and response',
      'Date: 5 March 2024',
      '',
      '1. Purpose of the report',
      '',
      '1.1 To present the findings of the peer challenge carried out in January 2024 and the proposed response to the peer challenge.',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(unnamed.documentKind.value, 'covering-report')
  assert.ok(unnamed.documentKind.confidence < 0.9, `the kind at ${unnamed.documentKind.confidence}`)
})

test('seventh probe round: decisions without "That", an LGA team in brackets under a label, a team’s heading with its approach, a contents block', () => {
  // a paper's own decisions in the subjunctive ("… be approved;") are no recommendations of the peers'
  assert.deepEqual(
    read([
      'CABINET',
      '',
      '2.   Recommendations',
      '',
      '     (a) The LGA Corporate Peer Challenge feedback report attached at Appendix 1 be received and its findings noted;',
      '     (b) The action plan at Appendix 2 be approved;',
      '     (c) Progress against the action plan be reported to the Overview and Scrutiny Committee at six months.',
      '',
      '3.   Background',
      '',
      '3.1  The peer team made two recommendations, which are set out in the table below.',
      '',
      'Recommendation\tResponse\tLead',
      '1. Refresh the Medium Term Financial Strategy.\tAgreed\tS151 Officer',
      '2. Develop a clear place narrative with partners.\tAgreed\tChief Executive',
    ]).keyRecommendations,
    ['Refresh the Medium Term Financial Strategy.', 'Develop a clear place narrative with partners.'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'LGA CORPORATE PEER CHALLENGE – ACTION PLAN',
        '',
        'Background: The LGA peer team (lead peer: Councillor Sir Richard Leese, former Leader of Manchester City Council; Jane Marsden, former Chief Executive, Rochdale Borough Council; Grace Collins, Peer Challenge Manager, LGA) made seven key recommendations.',
      ]),
    ),
    ['Richard Leese', 'Jane Marsden', 'Grace Collins'],
  )
  assert.deepEqual(
    teamOf(
      read([
        'Corporate Peer Challenge',
        '',
        '3. The peer team and approach',
        '',
        '* Mike Cooke – Chief Executive, Staffordshire County Council (former)',
        '* Lib Peck – Leader, London Borough of Lambeth (2012-2019)',
        '* Anna Sayer – Peer Challenge Manager, Local Government Association',
        '',
        'The team was on site for four days.',
      ]),
    ),
    ['Mike Cooke', 'Lib Peck', 'Anna Sayer'],
  )
  // a table laid out by spaces under a rule across it, a short heading after it
  assert.deepEqual(
    teamOf(
      readRaw([
        'Corporate Peer Challenge',
        '',
        'The peer team',
        '',
        'Name                    Role',
        '--------------------------------------------------------------------------------',
        'Jo Miller               Chief Executive, Doncaster Metropolitan Borough Council',
        'Cllr Judith Blake       Leader, Leeds City Council',
        'Ernest Opoku            Peer Challenge Manager, Local Government Association',
        '',
        'Scope and focus',
        '',
        'You asked the peer team to consider the five core questions.',
      ]),
    ),
    ['Jo Miller', 'Judith Blake', 'Ernest Opoku'],
  )
  // a contents list of headings with no numbers: the heading itself comes later
  assert.deepEqual(
    read([
      'Corporate Peer Challenge',
      '',
      'Contents',
      'Executive summary',
      'Key recommendations',
      'Feedback',
      '',
      '1. Executive summary',
      '',
      'The council is well run.',
      '',
      '2. Key recommendations',
      '',
      '1. Maintain a relentless focus on children’s services improvement.',
      '2. Develop a single, prioritised improvement programme.',
      '',
      '3. Feedback',
      '',
      'Recommendations for this theme:',
      '',
      '- Make the River Wye a shared priority with partners.',
    ]).keyRecommendations,
    [
      'Maintain a relentless focus on children’s services improvement.',
      'Develop a single, prioritised improvement programme.',
    ],
  )
})

test('seventh probe round: committee papers about a progress review, an action plan agreed at a meeting, an Ombudsman’s finding, an internal audit', () => {
  // a paper's title as a cover field names the progress review: its visit is the review's
  const review = read([
    'SWINDON BOROUGH COUNCIL',
    '',
    '                    Cabinet                                   13 March 2024',
    '',
    'Is this a key decision?           No',
    'Wards affected:                   All',
    '',
    'Title:   LGA Corporate Peer Challenge – Progress Review Findings',
    '',
    '3.1  The Council’s Corporate Peer Challenge took place from 7 to 10 March 2023, shortly before the elections.',
    '',
    '3.3  The progress review took place on 16 and 17 January 2024. Three members of the original team returned:',
    '',
    '       - Trevor Maddox, Chief Executive, Wiltshire Council',
    '       - Councillor Beverley Hutton, Leader, Stroud District Council',
    '       - Ayesha Chowdhury, Peer Challenge Manager, LGA',
    '     They were joined by Fergus Lindqvist, Director of Resources, Bath and North East',
    '     Somerset Council, who replaced the original finance peer.',
  ])
  assert.deepEqual(review.onSite, { start: '2024-01-16', end: '2024-01-17', days: 2 })
  // a peer who joined the team, told straight after its list
  assert.deepEqual(teamOf(review), ['Trevor Maddox', 'Beverley Hutton', 'Ayesha Chowdhury', 'Fergus Lindqvist'])
  // the plan under its own title, agreed at a meeting; the team under labels, two peers to a label between
  // semicolons, a line that starts with a bracket carrying on the one before
  const plan = read([
    'London Borough of Hackney',
    'Corporate Peer Challenge 2022',
    'Action Plan',
    'Version 1.3 – agreed at Cabinet 24 April 2023',
    '',
    'Introduction',
    'The LGA Corporate Peer Challenge took place from 6 to 9 December 2022. Progress will be reported to Cabinet.',
    '',
    'The peer team',
    'Lead peer: Kim Wrightson, former Chief Executive, London Borough of Lewisham',
    'Member peers: Councillor Darren Rodmell, Leader, London Borough of Barking and Dagenham;',
    'Councillor Elizabeth Cambourne, Leader, Royal Borough of Kensington and Chelsea',
    'Officer peers: Tracie Everard, Corporate Director of Resources, London Borough of Bexley',
    '(retired); Kaye Wilton, Director of Strategy, Birmingham City Council',
    'Peer challenge manager: Satvinder Ranu, Local Government Association',
    '',
    'Report author: Head of Policy',
  ])
  assert.equal(plan.documentKind, 'action-plan')
  assert.deepEqual(teamOf(plan), [
    'Kim Wrightson',
    'Darren Rodmell',
    'Elizabeth Cambourne',
    'Tracie Everard',
    'Kaye Wilton',
    'Satvinder Ranu',
  ])
  assert.deepEqual(
    plan.peers.map((p) => p.kind),
    ['officer', 'member', 'member', 'officer', 'officer', 'lga'],
  )
  // "12 month update" in a paper's title is the council's report on progress
  assert.equal(
    read([
      'Overview and Scrutiny Committee',
      '',
      'Report title: Corporate Peer Challenge – 12 month update',
      '',
      'Date: 18 October 2022',
      '',
      'Key decision: No',
      '',
      'This report provides the Committee with an update on progress against the recommendations of the LGA Corporate Peer Challenge.',
    ]).documentKind,
    'progress-report',
  )
  // an Ombudsman's finding, an internal audit's progress report under its cover fields
  assert.equal(
    read([
      'SCRUTINY COMMITTEE',
      '',
      'TITLE:                LOCAL GOVERNMENT AND SOCIAL CARE OMBUDSMAN – FINDING OF FAULT',
      '',
      '1.1  To inform the Committee of a finding of fault made by the Ombudsman against the Council.',
      '',
      '4.2  The council has also learnt from the recent peer review of SEND services.',
    ]).documentKind,
    'not-cpc',
  )
  assert.equal(
    read([
      'Open Report on behalf of the Executive Director – Resources',
      '',
      'Report to:   Audit Committee',
      'Date:        22 July 2024',
      'Subject:     Internal Audit Progress Report',
      '',
      'The actions from the Corporate Peer Challenge have been audited.',
    ]).documentKind,
    'not-cpc',
  )
  // a recommendation's reference before it in a table's cell ("R1. Develop …")
  assert.deepEqual(
    readRaw([
      'Cabinet',
      '',
      '| Recommendation | Response | Lead |',
      '|---|---|---|',
      '| R1. Develop a multi-year financial plan. | Accepted. | Director of Finance |',
      '| R2. Create a single, well-resourced transformation programme. | Accepted. | Chief Executive |',
    ]).keyRecommendations,
    ['Develop a multi-year financial plan.', 'Create a single, well-resourced transformation programme.'],
  )
})

test('seventh probe round: minutes that name the team as those present for an item, and in what the chair said', () => {
  const minutes = read([
    'CABINET',
    '',
    'PRESENT:       Councillor M Gannon (Chair)',
    '',
    'ALSO PRESENT FOR ITEM C162:  Jason Longstaff (Lead Peer) and Neil Shawcross (LGA Peer Challenge',
    '               Manager)',
    '',
    'C162  LGA CORPORATE PEER CHALLENGE',
    '',
    '      The Chair welcomed Jason Longstaff, Strategic Director Place, Lancashire County Council,',
    '      who had led the peer team, and Neil Shawcross from the LGA. The other members of the team had',
    '      been Councillor Sharon Tayler OBE (Leader, Stevenage Borough Council) and Jackie Yeats (Chief',
    '      Executive, Reading Borough Council).',
    '',
    '      RESOLVED – That the report be noted.',
  ])
  assert.deepEqual([...teamOf(minutes)].sort(), ['Jackie Yeats', 'Jason Longstaff', 'Neil Shawcross', 'Sharon Tayler'])
  assert.equal(minutes.peers.find((p) => p.name === 'Jason Longstaff')?.kind, 'officer')
  const present = read([
    'MINUTES OF THE SCRUTINY COMMITTEE',
    '',
    'Also present    Alex Thorogood, Lead Peer, Corporate Peer Challenge',
    '                Councillor Sue Hartigan, Member Peer, Corporate Peer Challenge',
    '                Kirsty Amundsen, Peer Challenge Manager, Local Government Association',
    '',
    'The Chair welcomed Alex Thorogood, former Chief Executive of Wolverhampton City',
    'Council, who had led the Corporate Peer Challenge, together with Councillor Sue',
    'Hartigan, Deputy Leader of Nottingham City Council; the other members of the team were Raj Bhogal (Cabinet Member, Coventry City Council) and the LGA Peer Challenge Manager, Kirsty Amundsen.',
  ])
  assert.deepEqual([...teamOf(present)].sort(), ['Alex Thorogood', 'Kirsty Amundsen', 'Raj Bhogal', 'Sue Hartigan'])
  assert.deepEqual(present.peers.map((p) => [p.name, p.kind]).sort(), [
    ['Alex Thorogood', 'officer'],
    ['Kirsty Amundsen', 'lga'],
    ['Raj Bhogal', 'member'],
    ['Sue Hartigan', 'member'],
  ])
})

test('seventh probe round: arrows for bullets, "one year on", the peers’ recommendations under a second heading of their own', () => {
  const s = read([
    'Overview and Scrutiny Committee – 18 January 2024',
    '',
    'Agenda item 6: LBH Corporate Peer Challenge – one year on',
    '',
    'Report by:   Director of Strategy, Policy and Performance',
    '',
    'Recommendations',
    '',
    'The Committee is asked to:',
    '  1. note the progress made against each of the CPC recommendations;',
    '  2. comment on the areas where progress has been slower than planned.',
    '',
    '1. Background',
    '',
    '1.1 The peer team spent four days in the borough, visiting Hounslow town centre and Feltham. The team was:',
    '',
    '   → Chief Executive peer: Anthony Rudge, Chief Executive, London Borough of Harrow',
    '   → Member peer: Cllr Fiona Khatun, Deputy Leader, London Borough of Tower Hamlets',
    '   → LGA Peer Challenge Manager: Sophie Reddington',
    '',
    '2. The recommendations',
    '',
    '  R1   Develop a clear, shared narrative for the borough.',
    '  R2   Review the Corporate Plan so it reflects the council’s priorities.',
    '',
    '3. Progress',
  ])
  assert.equal(s.documentKind, 'progress-report')
  assert.deepEqual(teamOf(s), ['Anthony Rudge', 'Fiona Khatun', 'Sophie Reddington'])
  assert.deepEqual(s.keyRecommendations, [
    'Develop a clear, shared narrative for the borough.',
    'Review the Corporate Plan so it reflects the council’s priorities.',
  ])
})

test('seventh probe round: trackers read a cell to a line with their actions between, and laid out by spaces under "--" rules', () => {
  assert.deepEqual(
    read([
      'AUDIT COMMITTEE',
      '',
      'Annex A',
      '',
      'Rec',
      'Action',
      'Owner',
      'Status',
      '1. Develop a long-term financial plan that addresses the General Fund gap',
      '1.1 Produce a ten-year financial model',
      'Director of Finance',
      'Complete',
      '1.2 Savings programme for 2025/26',
      'Director of Finance',
      'On track',
      '2. Prioritise the Corporate Plan',
      '2.1 Reduce the number of corporate plan commitments',
      'Head of Performance',
      'Complete',
    ]).keyRecommendations,
    ['Develop a long-term financial plan that addresses the General Fund gap', 'Prioritise the Corporate Plan'],
  )
  assert.deepEqual(
    readRaw([
      '2.1   The following table shows the position at 29 February 2024.',
      '',
      '      No  Peer recommendation                                Action owner          Status',
      '      --  -------------------------------------------------  --------------------  ------',
      '      1   Develop a clear vision for Sefton 2030             Chief Executive       C',
      '          with partners',
      '      2   Refresh the Medium Term Financial Plan and close   Executive Director    C',
      '          the budget gap for 2023/24                          Corporate Resources',
      '      3   Strengthen the role of scrutiny                    Chief Legal and       C',
      '                                                             Democratic Officer',
      '',
      '2.2   The table above shows the three peer recommendations.',
    ]).keyRecommendations,
    [
      'Develop a clear vision for Sefton 2030 with partners',
      'Refresh the Medium Term Financial Plan and close the budget gap for 2023/24',
      'Strengthen the role of scrutiny',
    ],
  )
})

test('seventh probe round: "Rec 1:" between rules over each recommendation’s table of actions', () => {
  assert.deepEqual(
    readRaw([
      'Fenland District Council – Corporate Peer Challenge Action Plan',
      '',
      '---------------------------------------------------------------------------',
      'Rec 1: Develop a shared long-term vision for the district with partners.',
      '---------------------------------------------------------------------------',
      'Ref   Action                                   Owner                 Target',
      '1.1   Hold a visioning workshop                Chief Executive       Jun 2023',
      '1.2   Draft a "Place Vision 2040"              Head of Policy        Nov 2023',
      '',
      '---------------------------------------------------------------------------',
      'Rec 2: Strengthen the corporate performance framework.',
      '---------------------------------------------------------------------------',
      'Ref   Action                                   Owner                 Target',
      '2.1   Publish quarterly performance reports    Head of Performance   Sep 2023',
    ]).keyRecommendations,
    [
      'Develop a shared long-term vision for the district with partners.',
      'Strengthen the corporate performance framework.',
    ],
  )
})

test('a committee paper about a corporate peer challenge is a covering report below 0.9: it may be a report on progress or a plan', () => {
  const paper = parseDocument(
    [
      'CABINET',
      '',
      'Report title: LGA Corporate Peer Challenge',
      'Date: 5 March 2024',
      'Key decision: No',
      '',
      '1. Purpose of the report',
      '',
      '1.1 To present the Corporate Peer Challenge feedback report and the proposed response.',
    ].join('\n'),
    refs,
  ).fields
  assert.equal(paper.documentKind.value, 'covering-report')
  assert.ok(paper.documentKind.confidence < 0.9, `the kind at ${paper.documentKind.confidence}`)
})

test('seventh probe round: a bullet’s label before a dash, its instruction after it in lower case, is its title', () => {
  assert.deepEqual(
    read([
      'MINUTES',
      '',
      "    The team's key recommendations were:",
      '',
      '      • Move from recovery to delivery – agree a clear, realistic set of priorities for the',
      '        remaining period of the Council Plan.',
      '      • Political leadership – work across the political groups to build a shared',
      '        commitment to the Council’s direction.',
      '      • Develop the council’s voice – regionally and nationally.',
    ]).keyRecommendations,
    [
      'Move from recovery to delivery',
      'Political leadership',
      'Develop the council’s voice – regionally and nationally.',
    ],
  )
})

const peerNames = (lines: string[]) => read(lines).peers.map((p) => p.name)

test('eighth probe round: a team’s list goes on after a page’s end, whatever its layout', () => {
  // lines with a dash, the page's footer ending in its number set far off
  assert.deepEqual(
    peerNames([
      'Appendix 1 – the peer team',
      '',
      'Councillor Ruth Adeyemi – Leader, Anytown District Council (lead member peer)',
      'Tom Hale – Chief Executive, Othertown Borough Council (lead officer peer)',
      '',
      '',
      'Midshire District Council – Corporate Peer Challenge, October 2018                         26',
      '',
      'Ana de Souza – Strategic Director, Westshire District Council',
      'Marcus Delahaye – Peer Challenge Manager, Local Government Association',
    ]),
    ['Ruth Adeyemi', 'Tom Hale', 'Ana de Souza', 'Marcus Delahaye'],
  )
  // a table's rows a line each, its header again at the next page's top
  assert.deepEqual(
    peerNames([
      'The peer team',
      '',
      'Peer\tRole and organisation',
      'Siân Pritchard\tChief Executive, Winchester City Council (lead officer peer)',
      'Cllr Guy de Villiers\tPortfolio Holder for Finance, East Devon District Council',
      '',
      'Midshire District Council – LGA Corporate Peer Challenge – February 2025                 5',
      '',
      'Peer\tRole and organisation',
      'Fiona MacLeod\tDirector of Place, Havant Borough Council',
      'Esme Langford\tPeer Challenge Manager, Local Government Association',
    ]),
    ['Siân Pritchard', 'Guy de Villiers', 'Fiona MacLeod', 'Esme Langford'],
  )
  // a paper's footer with "Page 1" and a rule under it, a body's name cut by the page's end
  assert.deepEqual(
    peerNames([
      '5.3   The peer team was:',
      '',
      '      Gillian Abbott – Chief Executive, London Borough of Sutton (lead peer)',
      '      Cllr Philippa van Houten – Deputy Leader, West Berkshire',
      '',
      'Anytown Council – The Executive – 16 July 2024                                   Page 1',
      '____________________________________________________________________________________',
      '',
      '      Council',
      '      Oksana Petrenko – Assistant Director, Hampshire County Council',
      '      Dionne Lamb – Peer Challenge Manager, LGA',
      '',
      '5.4   The team spent four days on site.',
    ]),
    ['Gillian Abbott', 'Philippa van Houten', 'Oksana Petrenko', 'Dionne Lamb'],
  )
})

test('eighth probe round: a team in running prose, joined by its members, led by its writer, "namely:"', () => {
  assert.deepEqual(
    peerNames([
      'The team is led by Alison Grant, Chief Executive of Stockport Metropolitan Borough Council. She is joined by',
      'Councillor Kwame Asante, Leader of Blackburn with Darwen Borough Council; Councillor Lucy Pemberton, Cabinet',
      'Member for Adult Social Care at Cheshire West and Chester Council; and Ciara O’Rourke, Assistant Chief',
      'Executive of Wirral Council. The LGA’s Peer Challenge Manager is Stephen Hollis.',
    ]),
    ['Alison Grant', 'Kwame Asante', 'Lucy Pemberton', 'Ciara O’Rourke', 'Stephen Hollis'],
  )
  assert.deepEqual(
    peerNames([
      'We know your team well on paper already: Ijeoma Fairbrother, Chief Executive of',
      'Welwyn Hatfield Borough Council, will lead the team, with Councillor Bartholomew',
      'Quayle (Leader, Epping Forest District Council), Councillor Hafsa Morris (Deputy',
      'Leader, Three Rivers District Council) and Dominic van Rensburg (Director of Finance, London',
      'Borough of Barnet). Yusuf Kamara-Webb is your peer challenge manager from the LGA.',
    ]).slice(-4),
    ['Bartholomew Quayle', 'Hafsa Morris', 'Dominic van Rensburg', 'Yusuf Kamara-Webb'],
  )
  assert.deepEqual(
    peerNames([
      'I led the team in my capacity as Chief Executive of Cannock Chase District Council, and I was joined by',
      'Councillor Rukhsana Qureshi, the Leader of Pendle Borough Council. Daniel Okafor from the LGA acted as peer',
      'challenge manager and supported the team throughout.',
    ]),
    ['Rukhsana Qureshi', 'Daniel Okafor'],
  )
  assert.deepEqual(
    peerNames([
      'The peer team for the progress review was the same',
      'as for the CPC, namely: Joanna Heald (Chief Executive, North Tyneside Council); Cllr',
      'Colin McTavish (Leader, Hambleton District Council); Cllr Gurpreet Sahota (Cabinet Member for Resources,',
      'Stockton-on-Tees Borough Council); and me as peer challenge manager.',
    ]),
    ['Joanna Heald', 'Colin McTavish', 'Gurpreet Sahota'],
  )
})

test('eighth probe round: a team’s table a cell to a line, a role wrapped onto a line of its own', () => {
  assert.deepEqual(
    peerNames([
      'The peers who delivered the peer challenge at Gloucester City Council were:',
      '',
      'Name',
      'Role',
      'Organisation',
      "Tracey O'Flynn",
      'Chief Executive (Lead Peer)',
      'Worcester City Council',
      'Councillor Yusuf Patel',
      'Cabinet Member for Finance and',
      'Resources',
      'Preston City Council',
      'Jamie Lefebvre',
      'Head of Finance and Section 151',
      'Officer',
      'Gosport Borough Council',
      'Elspeth McGillivray',
      'Peer Challenge Manager',
      'Local Government Association',
      '',
      'Scope and focus',
    ]),
    ["Tracey O'Flynn", 'Yusuf Patel', 'Jamie Lefebvre', 'Elspeth McGillivray'],
  )
})

test('eighth probe round: key recommendations as plain titles over paragraphs, as paragraphs set out below, and labelled "Recommendation A"', () => {
  assert.deepEqual(
    read([
      '## 2. Key recommendations',
      '',
      'There are a number of observations and suggestions within the main section of the report. The',
      "following are the peer team's key recommendations to the council:",
      '',
      'Set out a clear, long-term vision for the borough',
      '',
      'The council should set out what it wants the borough to look like in 2040.',
      '',
      'Put the new Local Plan on a secure footing',
      '',
      'The plan has slipped twice and needs a realistic timetable.',
      '',
      'Look outwards and learn from others',
      '',
      'The council has much to gain from other councils’ experience.',
      '',
      '## 3. Summary of the approach',
    ]).keyRecommendations,
    [
      'Set out a clear, long-term vision for the borough',
      'Put the new Local Plan on a secure footing',
      'Look outwards and learn from others',
    ],
  )
  assert.deepEqual(
    read([
      '2. Key recommendations',
      '',
      "The peer team's key recommendations are set out below. They are not in order of priority, and",
      'each should be read alongside the more detailed findings in section 4.',
      '',
      'Develop a single, shared vision for the future of the town. The council should work with',
      'partners to agree a clear, long-term vision.',
      '',
      'Strengthen the council’s capacity to deliver its regeneration ambitions. This should include',
      '',
      'Anytown Borough Council – Corporate Peer Challenge – Feedback Report                               5',
      '',
      'programme management and commercial skills.',
      '',
      'Tell the town’s story with more confidence. The council should develop a communications approach.',
      '',
      '3. Summary of the peer challenge approach',
    ]).keyRecommendations,
    [
      'Develop a single, shared vision for the future of the town.',
      'Strengthen the council’s capacity to deliver its regeneration ambitions.',
      'Tell the town’s story with more confidence.',
    ],
  )
  assert.deepEqual(
    read([
      '2. Key recommendations',
      '',
      "The following are the peer team's key recommendations to the council:",
      '',
      'Recommendation A',
      "Refresh the council's long-term vision for the borough ahead of 2027",
      'The current Council Plan runs to 2027.',
      '',
      'Recommendation B',
      "Tackle the growing pressures in children's social care placements",
      'Including through the expansion of in-house foster care.',
    ]).keyRecommendations,
    [
      "Refresh the council's long-term vision for the borough ahead of 2027",
      "Tackle the growing pressures in children's social care placements",
    ],
  )
  assert.deepEqual(
    read([
      'RECOMMENDATION 1 of 2',
      'Develop a clear and ambitious vision for the borough, co-produced with',
      'partners and residents',
      '',
      '  1.1  Action: Hold a visioning session for Cabinet',
      '',
      'RECOMMENDATION 2 of 2',
      'Establish a robust medium term financial strategy',
      '',
      '  2.1  Action: Agree the strategy at Council',
    ]).keyRecommendations,
    [
      'Develop a clear and ambitious vision for the borough, co-produced with partners and residents',
      'Establish a robust medium term financial strategy',
    ],
  )
})

test('eighth probe round: a table of the visit’s figures read by its labels, its cells apart by tabs, bars or spaces', () => {
  const intro = [
    'The peer team was on site for three days. In 2017 the team spoke to around 140 people.',
    '',
    'The visit in figures:',
    '',
  ]
  const rows: [string, string][] = [
    ['Days the team spent on site', '3'],
    ['Number of people spoken to', '160'],
    ['Meetings, focus groups and site visits', '48'],
    ['Hours spent by the team in Anytown', 'Over 270'],
    ['Residents in the borough (2021 Census)', '233,400'],
  ]
  const want = { peopleMet: 160, meetings: 48, hours: 270 }
  const stats = (lines: string[]) => {
    const s = read([...intro, ...lines, '', 'This report provides a summary of the findings.']).stats
    return { peopleMet: s.peopleMet, meetings: s.meetings, hours: s.hours }
  }
  assert.deepEqual(stats(rows.map(([a, b]) => `${a}\t${b}`)), want, 'tabs')
  assert.deepEqual(stats(rows.map(([a, b]) => `  ${a.padEnd(40)} | ${b}`)), want, 'bars')
  assert.deepEqual(stats(rows.map(([a, b]) => `${a.padEnd(55)}${b}`)), want, 'spaces')
})

test('eighth probe round: a web page or news item that names the challenge in its headline is a web page, not the report', () => {
  // a news item: its news line, someone quoted
  assert.equal(
    read([
      'News · 4 October 2024',
      '',
      '# Peer challenge team praises the council’s ambition for the town',
      '',
      'A team of councillors and senior officers from other councils has given Anytown Borough Council positive',
      'initial feedback at the end of a four-day Corporate Peer Challenge.',
      '',
      'Councillor Jo Bloggs, Leader of the Council, said: “We welcome the team’s findings.”',
    ]).documentKind,
    'web-page',
  )
  // a council's page: its trail, headings put as questions
  assert.equal(
    read([
      'Anytown City Council > Your council > How we’re performing > Corporate Peer Challenge 2025',
      '',
      'Corporate Peer Challenge 2025',
      '',
      'What is a corporate peer challenge?',
      '',
      'A corporate peer challenge is an improvement tool. It is not an inspection.',
      '',
      'Who is on the peer team',
      '',
      'The team is made up of councillors and officers from other councils.',
    ]).documentKind,
    'web-page',
  )
  // the report reproduced on a page under its own title is the report
  assert.equal(
    read([
      'Home > Council and democracy > Corporate Peer Challenge 2021',
      '',
      '# Corporate Peer Challenge 2021 – feedback report',
      '',
      'What is this page?',
      '',
      'Who the peers were',
      '',
      'The peer team found a council that is ambitious for its district.',
    ]).documentKind,
    'feedback-report',
  )
})

test('eighth probe round: an earlier visit’s figures, recalled, are not the visit’s', () => {
  const s = read([
    'LGA Corporate Peer Challenge Progress Review',
    '',
    '1.2 During that original challenge the peer team spoke to more than 220 people across some 65',
    'meetings, focus groups and site visits, and made eight recommendations.',
    '',
    '1.3 For the progress review the team spoke to over 50 people in 16 meetings, including the Leader.',
  ]).stats
  assert.deepEqual([s.peopleMet, s.meetings], [50, 16])
  const t = read([
    'Corporate Peer Challenge 2024',
    '',
    'At the last corporate peer challenge in 2017 the team met 140 people.',
  ]).stats
  assert.equal(t.peopleMet, null)
})

test('eighth probe round: a follow-up visit named in a letter’s subject line is the visit, not the challenge “that took place” before it', () => {
  const s = read([
    '                                                          Local Government House',
    '                                                          Smith Square',
    '                                                          London SW1P 3HZ',
    '                                                          Telephone 020 7664 3000',
    '                                                          www.local.gov.uk',
    '',
    'Jo Bloggs',
    'Chief Executive',
    'Anytown District Council',
    'The Arc',
    'High Street',
    'Anytown',
    'S43 4JY',
    '',
    '22 February 2016',
    '',
    'Dear Jo',
    '',
    'Anytown District Council – Corporate Peer Challenge Follow Up Visit, 26 January 2016',
    '',
    'Thank you for inviting us back to Anytown for the follow up visit to the corporate peer challenge',
    'that took place from 10 to 13 February 2015. The purpose of the visit was to help the council',
    'assess the impact of the peer challenge.',
  ])
  assert.deepEqual(s.onSite && [s.onSite.start, s.onSite.end], ['2016-01-26', '2016-01-26'])
})

/** a document as an import reads it: its text normalised first (tables of bars and spaces made tab rows), then
 * parsed */
const imported = (lines: string[]) => summarise(parseDocument(normaliseText(lines.join('\n')), refs).fields)
/** the peers' names as an import reads them */
const importedPeers = (lines: string[]) => imported(lines).peers.map((p) => p.name)

test('eighth probe round: a team’s table with a cell wrapped onto a line of its own: a bar table’s last cell, a spaced table’s name', () => {
  assert.deepEqual(
    importedPeers([
      'The peers who delivered the peer challenge at Anytown were:',
      '',
      'Name | Role | Organisation',
      'Sandra Akinola | Chief Executive | Sunderland City Council',
      "Cllr Nasreen Akhtar | Cabinet Member for Children's Services | City of Bradford Metropolitan",
      'District Council',
      'Liam Ferris | Director of Finance | Swindon Borough Council',
      'Carys Wyn Hughes | Peer Challenge Manager | Local Government Association',
      '',
      'Scope and focus',
    ]),
    ['Sandra Akinola', 'Nasreen Akhtar', 'Liam Ferris', 'Carys Wyn Hughes'],
  )
  assert.deepEqual(
    importedPeers([
      'The peers who delivered the peer challenge at Anytown were:',
      '',
      'Name                          Position                               Authority',
      'Dr Olusegun                   Chief Executive (lead peer)            London Borough of',
      'Adebayo                                                              Bexley',
      'Councillor Rachel             Deputy Leader and Cabinet Member       Royal Borough of',
      'Pennington-Smythe             for Adult Social Care                  Kingston upon Thames',
      'Councillor Howard Lim         Portfolio Holder, Resources            London Borough of Bromley',
      'Siobhán Keane                 Peer Challenge Manager                 Local Government',
      '                                                                     Association',
      '',
      'Scope and focus',
    ]),
    ['Olusegun Adebayo', 'Rachel Pennington-Smythe', 'Howard Lim', 'Siobhán Keane'],
  )
})

test('eighth probe round: a peer’s name last after a dash, a line wrapped after its dash, a bullet’s name alone over its role', () => {
  assert.deepEqual(
    peerNames([
      'The peer team comprised:',
      '',
      '    Lead Peer: Chief Executive, West Lindsey District Council – Amira Saleh',
      '    Member Peer: Leader, Breckland Council – Cllr Thomas Keogh',
      '    Member peer (Conservative): Cabinet Member for Finance, Basingstoke and Deane Borough Council –',
      '    Cllr Roger Featherstonehaugh',
      '    Peer Challenge Manager: Local Government Association – Harriet Fenwick-Moss',
      '',
      'Scope and focus',
    ]),
    ['Amira Saleh', 'Thomas Keogh', 'Roger Featherstonehaugh', 'Harriet Fenwick-Moss'],
  )
  assert.deepEqual(
    peerNames([
      'The peers were:',
      '',
      '  •  Maxine Oduya-Fletcher',
      '     Chief Executive, Gravesham Borough Council (lead peer)',
      '',
      '  •  Councillor Hamish Llewellyn',
      '     Leader, Waverley Borough Council',
      '',
      '  •  Rhiannon D’Souza',
      '     Peer Challenge Manager, Local Government Association',
      '',
      '2.2  Scope and focus',
    ]),
    ['Maxine Oduya-Fletcher', 'Hamish Llewellyn', 'Rhiannon D’Souza'],
  )
})

test('eighth probe round: key recommendations read on past a page’s end with a year in its footer, and past the section’s own number', () => {
  // the footer "… November 2017   Page 2 of 16", a copyright line, the next page's running title
  assert.deepEqual(
    imported([
      'Key recommendations',
      '',
      'The following are the peer team’s key recommendations to the council:',
      '',
      '  •   Articulate the council’s vision for the borough in 2030.',
      '',
      '  •   Set out a credible medium term financial plan.',
      '      The plan should be agreed across the political groups as far as possible.',
      '',
      '',
      'Corporate Peer Challenge – Anytown MBC – November 2017                                    Page 2 of 16',
      '© Local Government Association',
      '',
      '',
      '',
      'Anytown Metropolitan Borough Council – LGA Corporate Peer Challenge feedback report',
      '',
      '  •   Accelerate the regeneration programme and ensure its benefits are tracked.',
      '',
      '  •   Review the council’s scrutiny arrangements.',
    ]).keyRecommendations,
    [
      'Articulate the council’s vision for the borough in 2030.',
      'Set out a credible medium term financial plan.',
      'Accelerate the regeneration programme and ensure its benefits are tracked.',
      'Review the council’s scrutiny arrangements.',
    ],
  )
  // bold numbered titles under "2. Key recommendations": the third is no section 3 when the fourth follows it
  assert.deepEqual(
    read([
      '2. Key recommendations',
      '',
      'The following are the peer team’s key recommendations to the council:',
      '',
      '**1. Agree a long-term vision for the borough**',
      '',
      'The council’s plan comes to an end this year.',
      '',
      '**2. Adopt a Local Plan as quickly as possible**',
      '',
      'The absence of a Local Plan is the greatest risk facing the council.',
      '',
      '**3. Streamline decision-making under the committee system**',
      '',
      'Decisions often pass through several committees before they are taken.',
      '',
      '**4. Improve communication with residents**',
      '',
      'Residents do not always know what the council is doing.',
    ]).keyRecommendations,
    [
      'Agree a long-term vision for the borough',
      'Adopt a Local Plan as quickly as possible',
      'Streamline decision-making under the committee system',
      'Improve communication with residents',
    ],
  )
})

test('eighth probe round: a letter’s subject naming another review, and a paper naming a challenge only in passing, are no corporate peer challenge', () => {
  const letter = read([
    'Ian Davies',
    'Chief Executive',
    'Anytown District Council',
    'Town Hall',
    'Anytown',
    'AN1 1AA',
    '',
    '20 December 2016',
    '',
    'Dear Ian',
    '',
    'Anytown District Council – Finance Peer Review, 15th to 17th November 2016',
    '',
    'On behalf of the peer team, I would like to say what a pleasure it was to deliver the recent finance peer',
    'review. Finance peer reviews are distinct from the corporate peer challenge, which the council last',
    'undertook in March 2014. The peer team met more than 60 people during more than 30 meetings.',
  ])
  assert.deepEqual([letter.verdict, letter.documentKind], ['not-cpc', 'not-cpc'])
  const filler = 'The plan sets out the council’s priorities for the year and how it will deliver them. '.repeat(20)
  const paper = read([
    'Cabinet',
    '',
    'Improvement and Recovery Plan: Progress Report',
    '',
    'Report of: the Leader of the Council',
    '',
    '1.1 This report updates Cabinet on progress in delivering the Improvement and Recovery Plan.',
    '',
    `2.1 ${filler}`,
    '',
    '3.1 The council will consider the option',
    'of inviting a Corporate Peer Challenge in 2026/27. The council’s last',
    'Corporate Peer Challenge took place in 2017, before the period of intervention.',
  ])
  assert.equal(paper.verdict, 'not-cpc')
  // (minutes with an item of their own on the challenge, however short, are about it)
  const minutes = read([
    'Minutes of the meeting of Cabinet held on 5 March 2024',
    '',
    `1. Budget monitoring. ${filler}`,
    '',
    '2. Corporate Peer Challenge',
    '',
    'The Leader introduced the report. RESOLVED that the feedback report be noted.',
  ])
  assert.equal(minutes.verdict, 'cpc')
})

test('eighth probe round: recommendations as markdown headings under a heading with its identifier, and as paragraphs under a numbered introduction', () => {
  assert.deepEqual(
    imported([
      '## The recommendations {#recommendations}',
      '',
      'The team made three recommendations. We have set them out below as they appear in the report.',
      '',
      '### 1. Develop a single, long-term financial plan',
      '',
      'Build on the financial recovery plan to produce a medium-term financial strategy.',
      '',
      '### 2. Review the capital programme',
      '',
      'Make sure the programme is affordable.',
      '',
      '### 3. Communicate the council’s story',
      '',
      'Tell residents what the council does.',
    ]).keyRecommendations,
    ['Develop a single, long-term financial plan', 'Review the capital programme', 'Communicate the council’s story'],
  )
  assert.deepEqual(
    read([
      'Cabinet – 12 March 2024',
      '',
      '2.3     The report makes three key recommendations:',
      '',
      '       Keep the Corporate Plan front and centre: The new Corporate Plan',
      '        should continue to drive the Council’s priorities.',
      '',
      '       Develop a borough-wide narrative for the borough’s places: Set out what',
      '        the Council wants for each of its towns.',
      '',
      '       Celebrate success: The Council should tell its story with more confidence.',
      '',
      '3.      Next steps',
    ]).keyRecommendations,
    [
      'Keep the Corporate Plan front and centre',
      'Develop a borough-wide narrative for the borough’s places',
      'Celebrate success',
    ],
  )
})

test('eighth probe round: a team’s name after a colon, a table’s doubled tabs and wrapped last cell, joined “on the peer team” far from its lead', () => {
  assert.deepEqual(
    peerNames([
      'The peer team was:',
      '- Lead peer – Chief Executive, Redditch Borough Council: Hollie Amberley-Watts',
      '- Member peer – Leader, Cannock Chase District Council: Councillor Olusegun Adeyemi',
      '- Officer peer – Director of Finance, Stafford Borough Council: Karl Wojcik',
    ]),
    ['Hollie Amberley-Watts', 'Olusegun Adeyemi', 'Karl Wojcik'],
  )
  assert.deepEqual(
    peerNames([
      'The peers were:',
      '',
      'Role\t\t\t\tPeer',
      'Lead officer peer\t\tKatharine Mensah, Chief Executive, Melton Borough Council',
      'Member peer\t\t\tCllr Priya Venkataraman, Cabinet Member for Finance, Charnwood Borough',
      '\t\t\t\tCouncil',
      'Officer peer\t\t\tDeclan Fitzpatrick, Director of Place, Broxtowe Borough Council',
      '',
      'Scope and focus',
    ]),
    ['Katharine Mensah', 'Priya Venkataraman', 'Declan Fitzpatrick'],
  )
  assert.deepEqual(
    peerNames([
      'The lead peer, Hyacinth Grant, said:',
      '',
      `> "${'The council knows what it wants to achieve for its town and is getting on with it. '.repeat(6)}"`,
      '',
      'She was joined on the peer team by Cllr Samir El-Amin, Leader of Luton Borough Council; and Graham Ó Ceallaigh,',
      'Director of Housing at Cambridge City Council.',
    ]).slice(-2),
    ['Samir El-Amin', 'Graham Ó Ceallaigh'],
  )
})

test('eighth probe round: “The peer team’s key recommendations” as their heading; paragraphs that start “We recommend that the council …”', () => {
  assert.deepEqual(
    read([
      'The peer team’s key recommendations',
      '',
      '1. **Develop a clear and compelling narrative for the new council** that staff can recognise.',
      '2. **Accelerate the move to a single operating model** across the former councils.',
      '',
      'The peer challenge process',
    ]).keyRecommendations,
    ['Develop a clear and compelling narrative for the new council', 'Accelerate the move to a single operating model'],
  )
  assert.deepEqual(
    read([
      'Our recommendations',
      '',
      'The peer team would like to offer the following recommendations to help the council sustain',
      'its progress over the coming year.',
      '',
      'We recommend that the council moves from reporting activity to reporting impact in its',
      'action plan updates. Future updates should set out what has changed for residents.',
      '',
      'We recommend that the council develops a multi-year budget. The gap is not yet closed.',
      '',
      'Next steps',
    ]).keyRecommendations,
    [
      'We recommend that the council moves from reporting activity to reporting impact in its action plan updates.',
      'We recommend that the council develops a multi-year budget.',
    ],
  )
})

test('ninth probe round: a paper whose title field names a work programme is not about the challenge it lists', () => {
  const s = read([
    'Overview and Scrutiny Committee',
    '',
    'Report title: Overview and Scrutiny work programme 2024/25',
    '',
    'Date: 4 June 2024',
    '',
    'Key decision: No',
    '',
    '1.1 The Committee co-ordinates the work of the five select committees.',
    '',
    'Appendix A',
    '',
    'LGA Corporate Peer Challenge (on site 23-26 January 2024)\tprogress on the action plan\tMarch 2025',
  ])
  assert.equal(s.verdict, 'not-cpc')
})
