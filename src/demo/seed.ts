import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../db/db.ts'
import type { Ctx } from '../common/context.ts'
import { fixedClock } from '../common/clock.ts'
import { addDays, addWorkingDays } from '../common/dates.ts'
import { SYSTEM_ACTOR, createUser } from '../auth/users.ts'
import { saveCommitteeSettings } from '../committees/service.ts'
import { importRegister } from '../councils/service.ts'
import {
  addRecommendation,
  addTeamMember,
  createChallenge,
  saveThemeQuestions,
  uploadDocument,
} from '../challenges/service.ts'
import { recordEvent, transition } from '../challenges/lifecycle.ts'
import { recordStatedDate } from '../challenges/stated-dates.ts'
import { findChallenge } from '../challenges/repo.ts'
import { bankHolidays } from '../frameworks/repo.ts'
import { addAction, addProgress, recordMeeting, reviseTarget, setResponse, startPlan } from '../action-plans/service.ts'
import type { Actor } from '../common/context.ts'
import { seedDemoPool } from '../peers/demo.ts'
import { DEMO_REPORT, seedDemoVisit } from '../timetable/demo.ts'
import { saveReport } from '../reports/service.ts'
import { quarters } from '../peers/assembly.ts'

const here = path.dirname(fileURLToPath(import.meta.url))

export const DEMO_PASSWORD = 'peer-challenge-demo'

export const DEMO_ACCOUNTS = [
  { email: 'admin@example.gov.uk', name: 'Pat Morgan', role: 'admin', what: 'programme office (LGA)' },
  {
    email: 'lead.peer@example.gov.uk',
    name: 'Sam Okafor',
    role: 'peer',
    what: 'lead peer on the Melton and Harlow challenges',
  },
  {
    email: 'pcm@example.gov.uk',
    name: 'Priya Shah',
    role: 'peer',
    what: 'peer challenge manager on the Melton and Harlow challenges',
  },
  { email: 'officer@melton.example.gov.uk', name: 'Jordan Ellis', role: 'council', what: 'council officer, Melton' },
  {
    email: 'officer@nwleics.example.gov.uk',
    name: 'Morgan Reid',
    role: 'council',
    what: 'council officer, North West Leicestershire',
  },
] as const

type Person = {
  name: string
  title: string | null
  organisation: string
  kind: 'member' | 'officer' | 'lga'
  role: string
  party?: string
}

interface DemoChallenge {
  council: string
  reviewType?: string
  framework?: string
  scoping: string
  onsite: [string, string]
  precision?: 'month'
  focusAreas: string[]
  team: Person[]
  keyRecommendations: string[]
  themeRecommendations?: Record<string, string[]>
  /** The council's own questions under each theme (theme key -> questions), as the report prints them. */
  questions?: Record<string, string[]>
  /** The LGA's principal adviser named in the report's next steps, with the contact details it gives. */
  principalAdviser?: { name: string; title: string; email: string; phone: string }
  draftIssued: string
  final: string
  published?: { report: string; plan?: string; where: string }
  /** The LGA's own publication of the report (a rule from April 2023). */
  lgaPublished?: { on: string; where: string }
  /** Dates the documents state instead of the rules' (the importer records these from the report's text). */
  stated?: { ruleCode: string; due: string; source: string; note: string }[]
  /** Later documents about the challenge (kept as documents of kind 'other'). */
  later?: { on: string; title: string; text: string }[]
  notes: string
}

const HISTORY: DemoChallenge[] = [
  {
    council: 'LBH',
    scoping: '2016-06-14',
    onsite: ['2016-10-04', '2016-10-07'],
    focusAreas: [
      'Our Borough Plan, Budget Strategy and Organisational Redesign are coming together – are they individually and collectively coherent and deliverable?',
      'Our financial position and budget strategy is a challenge – are our plans sound and deliverable?',
      'What more can we do to effectively deliver our ambitious and challenging agenda in the context of the political and community engagement of our citizens?',
      'What do we need to do to ensure we have the capacity to deliver?',
    ],
    team: [
      {
        name: 'Joanne Roney',
        title: 'Chief Executive',
        organisation: 'Wakefield Council',
        kind: 'officer',
        role: 'lead-peer',
      },
      {
        name: 'Richard Watts',
        title: 'Leader',
        organisation: 'LB Islington',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Hamida Ali',
        title: 'Cabinet Member for Communities, Safety and Justice',
        organisation: 'LB Croydon',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Jonathan Bunt',
        title: 'Strategic Director, Finance & Investment',
        organisation: 'LB Barking & Dagenham',
        kind: 'officer',
        role: 'finance-peer',
      },
      {
        name: 'Sarah Reed',
        title: 'Assistant Chief Executive',
        organisation: 'Sunderland City Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Nick Ball',
        title: 'Project Manager',
        organisation: 'LB Redbridge',
        kind: 'officer',
        role: 'officer-peer',
      },
      { name: 'Kate Herbert', title: 'Peer Challenge Manager', organisation: 'LGA', kind: 'lga', role: 'pcm' },
    ],
    keyRecommendations: [
      "Set out a clear narrative for the Council's role in the borough, including clarity on the future of the 'co-operative council' concept, and communicate this widely",
      'Be seen to speak up for the borough and residents by campaigning on issues controlled by other decision-makers',
      'Be clear on the key priorities of the council and ensure that there is close alignment between priorities and budget proposals',
      'Be more vocal – the Council is doing a lot of good work and should feel able to speak for the borough',
      'Now that the new policy framework has been agreed, focus on delivery plans',
      'Commence the implementation of the Organisational Redesign immediately and deliver the restructure quickly',
      'Develop the senior management team to act corporately and strategically, and to be greater than the sum of its parts',
      'Empower middle managers to take on more responsibility and get rid of bottlenecks in decision-making',
      'Introduce a staff performance appraisal process aligned to the Borough Plan priorities, which sets SMART targets for measurable performance and accountability',
      'Ensure corporate grip is strengthened through effective performance management and clear accountability for delivery',
    ],
    themeRecommendations: {
      place: [
        "Set out a clear narrative for the Council's role in the borough, including clarity on the future of the 'co-operative council' concept, and communicate this widely",
        'Be bold on ambition and maintain resolve on priorities. Once priorities are set, resist the temptation to add to them',
      ],
      'leadership-of-place': [
        'Speak up for the borough and residents by campaigning on issues controlled by other decision-makers',
        'Improve and co-ordinate Council communications to ensure clarity of message, both internally and externally',
      ],
      finance: [
        'Maintain the process and pressure to deliver savings for the remaining budget gap 2017-20',
        'Push financial decision making down the organisation to increase ownership of the budget and empower staff',
      ],
      governance: [
        'Undertake a short piece of work to explore how overview and scrutiny could add more value to the council',
        'Restate corporate values and behaviours, and expectations around performance and accountability',
      ],
      capacity: [
        'Restructure quickly and develop a clear workforce strategy supported by effective HR processes',
        'Recognise achievement of staff and consider how to nurture talent within the organisation',
      ],
    },
    principalAdviser: {
      name: 'Heather Wills',
      title: 'Principal Adviser',
      email: 'heather.wills@local.gov.uk',
      phone: '07770 701188',
    },
    draftIssued: '2016-11-08',
    final: '2016-12-02',
    published: { report: '2016-12-12', where: 'Council website (demo record)' },
    notes: 'Demo record built from the published feedback report; dates after the visit are illustrative.',
  },
  {
    council: 'OAD',
    scoping: '2016-11-15',
    onsite: ['2017-03-21', '2017-03-23'],
    focusAreas: ['Customer Service transformation', 'Health and Well Being Board'],
    team: [
      {
        name: 'Janet Waggott',
        title: 'Chief Executive',
        organisation: 'Ryedale District Council',
        kind: 'officer',
        role: 'lead-peer',
      },
      {
        name: 'Peter Thornton',
        title: 'Councillor',
        organisation: 'South Lakeland District Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Tony Jackson',
        title: 'Councillor',
        organisation: 'East Hertfordshire District Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Chris Traill',
        title: 'Strategic Director, Neighbourhood and Community Wellbeing',
        organisation: 'Charnwood Borough Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Jane Clarke',
        title: 'Head of Policy and Governance',
        organisation: 'Tunbridge Wells Borough Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Ernest Opuni',
        title: 'Peer Challenge Manager',
        organisation: 'Local Government Association',
        kind: 'lga',
        role: 'pcm',
      },
    ],
    keyRecommendations: [
      "Increase the investment in resources to achieve the council's modernisation agenda to deliver a more confident council.",
      'Deliver the MTFS providing savings options for members which are fully worked up.',
      'Embed the vision for the borough and maintain a tight focus on priorities to deliver the ambitious growth agenda.',
      'Implement the ICT and Asset Management Strategies and consider the additional resources required.',
      'Finalise the structure linked to the modernisation agenda at the earliest opportunity to free the Chief Executive from operational matters.',
      'Build into the communications plan a confidence about your achievements and celebrate your successes.',
    ],
    principalAdviser: {
      name: 'Mark Edgell',
      title: 'Principal Adviser',
      email: 'mark.edgell@local.gov.uk',
      phone: '07747 636910',
    },
    draftIssued: '2017-04-20',
    final: '2017-05-19',
    published: { report: '2017-06-20', where: 'Council meeting, 20 June 2017, item 10' },
    stated: [
      {
        ruleCode: 'next-review',
        due: '2021-11',
        source: 'the report',
        note: '“It is therefore anticipated that the Council will commission their next Peer Challenge before November 2021” (a corporate peer challenge or finance peer review every 4 to 5 years).',
      },
    ],
    notes: 'Demo record built from the feedback report taken to Council on 20 June 2017.',
  },
  {
    council: 'TES',
    scoping: '2018-06-01',
    onsite: ['2018-10-01', '2018-10-01'],
    precision: 'month',
    focusAreas: [
      "the Council's approach to inclusive growth and development, particularly within the principal towns of Romsey and Andover",
    ],
    team: [
      {
        name: 'Jack Hegarty',
        title: 'Chief Executive, Malvern Hills District Council and Managing Director at Wychavon District Council',
        organisation: 'Malvern Hills District Council',
        kind: 'officer',
        role: 'lead-peer',
      },
      {
        name: 'Peter Fleming',
        title: 'Leader',
        organisation: 'Sevenoaks District Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Gemma Barron',
        title: 'Head of Sustainable Communities and Wellbeing',
        organisation: 'South Cambridgeshire District Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Jane Eaton',
        title: 'Director of Corporate Resources',
        organisation: 'Horsham District Council',
        kind: 'officer',
        role: 'finance-peer',
      },
      {
        name: 'Helen Sheppard',
        title: 'Business Change Commissioning Manager',
        organisation: 'Leicester City Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Paul Thomas',
        title: 'Strategic Director – Growth',
        organisation: 'South Kesteven District Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Kevin Kewin',
        title: 'Programme Manager',
        organisation: 'Local Government Association',
        kind: 'lga',
        role: 'pcm',
      },
    ],
    keyRecommendations: [
      "Improve the Council's approach to communications to be more pro-active and embedded across the whole organisation",
      'Put in place the mechanisms to deliver the ambitions for the redevelopment of Andover town centre and Romsey south of town centre',
      'Build on the strong partnerships with parish councils through peer learning and community planning',
    ],
    draftIssued: '2018-11-05',
    final: '2018-11-26',
    published: { report: '2018-12-12', plan: '2018-12-12', where: 'Cabinet, December 2018 (demo record)' },
    later: [
      {
        on: '2020-02-12',
        title: 'Corporate Peer Challenge: action plan progress report (Cabinet, 12 February 2020)',
        text: 'Report of the Leader to Cabinet, 12 February 2020: the progress made against the action plan approved in December 2018, reported after twelve months as Cabinet agreed. Demo record.',
      },
    ],
    notes:
      'Demo record: the visit is known only to the month (October 2018); recommendations paraphrase the progress report to Cabinet of 12 February 2020 (no progress review was part of the process then).',
  },
  {
    council: 'BLA',
    framework: 'cpc-2022-five-themes',
    scoping: '2021-11-10',
    onsite: ['2022-03-22', '2022-03-25'],
    focusAreas: [],
    team: [
      {
        name: 'Jack Hegarty',
        title: 'former Joint Chief Executive of Malvern Hills and Wychavon District Councils',
        organisation: 'Malvern Hills and Wychavon District Councils',
        kind: 'officer',
        role: 'lead-peer',
      },
      {
        name: 'Sam Chapman-Allen',
        title: 'Leader of the Council',
        organisation: 'Breckland Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Karen Sly',
        title: 'Finance Director',
        organisation: 'Great Yarmouth Borough Council',
        kind: 'officer',
        role: 'finance-peer',
      },
      {
        name: 'Heather Greenan',
        title: 'Director of Policy, Insight and Communications',
        organisation: 'Derby City Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Lucy Darragh',
        title: 'National Management Trainee',
        organisation: 'Sheffield City Council',
        kind: 'officer',
        role: 'shadow',
      },
      { name: 'Vicki Goddard', title: 'Peer Challenge Manager', organisation: 'LGA', kind: 'lga', role: 'pcm' },
      {
        name: 'Daniella Howell',
        title: 'Project Support Officer',
        organisation: 'LGA',
        kind: 'lga',
        role: 'lga-adviser',
      },
    ],
    keyRecommendations: [
      'Develop and lead a long-term vision for Blaby as a place/district with partners',
      "Review the council's corporate plan to drive the council and its priorities forward, post pandemic",
      'Develop a corporate performance management framework, including service plans and personal appraisals',
      'Develop an overall delivery/business plan, including targets, building on your Medium Term Financial Strategy (MTFS) and other plans, to address local government financial challenges',
      'Define what transformation means to the council and any consequent organisational change required',
      "Define what commerciality will mean for the council, and challenge members' and officers' appetite for risk",
      'Use communications to full effect throughout the council, eg to best engage with customers, promote your achievements and services, etc',
      'Review and refresh the scrutiny function',
    ],
    questions: {
      priorities: [
        'Are the council’s priorities, under the banners of “live”, “work” and “visit”, clear and realistic?',
        'Are the council’s performance management framework and external communications and engagement strategy fit for purpose?',
      ],
      leadership: [
        'What are working relationships like with the Leicestershire county, borough and district councils and other stakeholders in the wider region, especially in light of the developing county deal?',
      ],
      governance: ['Is the senior management structure enabling it to work as effectively as possible?'],
      finance: ['Is the council fully responding to the recommendations of the LGA’s financial health check?'],
      capacity: [
        'Is the council adequately supporting its members and staff, particularly in terms of their mental health?',
        'Are the council’s internal transformation agenda and internal communications strategy fit for purpose?',
        'How siloed are council services as a result of working at home through the pandemic, and what can be done to enhance collaborative working?',
      ],
    },
    principalAdviser: {
      name: 'Mark Edgell',
      title: 'Principal Adviser for the East Midlands, Yorkshire and the Humber, and the North East',
      email: 'mark.edgell@local.gov.uk',
      phone: '07747 636910',
    },
    draftIssued: '2022-04-21',
    final: '2022-05-20',
    published: { report: '2022-06-15', plan: '2022-06-15', where: 'Council website (demo record)' },
    notes: 'Demo record built from the published feedback report; dates after the visit are illustrative.',
  },
  {
    council: 'NWL',
    scoping: '2024-02-20',
    onsite: ['2024-06-26', '2024-06-28'],
    focusAreas: ['Regeneration and Housing (particularly Repairs)'],
    team: [
      {
        name: 'Larissa Reed',
        title: 'Chief Executive',
        organisation: 'Swale Borough Council',
        kind: 'officer',
        role: 'lead-peer',
      },
      {
        name: 'Abi Brown',
        title: 'Chair of LGA Improvement & Innovation Board & Leader, Stoke on Trent City Council, 2019-23',
        organisation: 'Stoke on Trent City Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Tony Dale',
        title: 'Cabinet Member for Economy & Tourism, Car Parking & Transformation',
        organisation: 'Cotswold District Council',
        kind: 'member',
        role: 'member-peer',
        party: 'Not recorded',
      },
      {
        name: 'Paul Bellotti',
        title: 'Executive Director of Communities and Environment and Deputy Chief Executive',
        organisation: 'East Riding of Yorkshire Council',
        kind: 'officer',
        role: 'officer-peer',
      },
      {
        name: 'Adam Broome',
        title: 'LGA Finance Associate',
        organisation: 'Local Government Association',
        kind: 'lga',
        role: 'finance-peer',
      },
      {
        name: 'Becca Singh',
        title: 'Regional Adviser, East Midlands Regional Team',
        organisation: 'Local Government Association',
        kind: 'lga',
        role: 'pcm',
      },
      {
        name: 'Katie Goodger',
        title: 'Regional Adviser, South East Regional Team',
        organisation: 'Local Government Association',
        kind: 'lga',
        role: 'lga-adviser',
      },
    ],
    keyRecommendations: [
      'Build relations between councillors, and between councillors and officers through a programme of development workshops to build trust and openness',
      'Use the Risk Register and the Annual Governance Statement to raise situational awareness and future concerns',
      'Ensure that financial transactions and contracts are under consistent and robust review',
      'Establish a thorough two-way Corporate Communications and Engagement Plan',
      'Enhance the newly adopted Transformation Plan with a clear set of financial outcomes, deliverable dates, benefits, third party dependencies and risks across all programme areas',
      'Conduct a wholescale process mapping and review of systems in Housing Repairs',
      "Engage more proactively in partnership working in all settings, ensuring the maximum benefit for the district's businesses and residents",
    ],
    draftIssued: '2024-08-01',
    final: '2024-09-20',
    published: { report: '2024-12-17', plan: '2024-12-17', where: 'Cabinet, 17 December 2024' },
    lgaPublished: { on: '2025-01-08', where: 'LGA website (demo record)' },
    notes:
      'Demo record built from the covering report to Corporate Scrutiny; the report and action plan went to Cabinet on 17 December 2024. The date the LGA published it is illustrative.',
  },
]

function ctxAt(db: Db, date: string): Ctx {
  return { db, actor: SYSTEM_ACTOR, clock: fixedClock(`${date}T10:00:00Z`) }
}

async function move(ctx: Ctx, id: number, to: string, note = '') {
  const v = await ctx.db.one<{ version: number }>(`select version from challenges where id = $1`, [id])
  await transition(ctx, id, { to, note, version: v!.version })
}

async function addTeam(ctx: Ctx, id: number, team: Person[]) {
  for (const p of team) {
    const existing = await ctx.db.one<{ id: number }>(
      `select id from people where name = $1 and coalesce(organisation, '') = $2`,
      [p.name, p.organisation],
    )
    await addTeamMember(
      ctx,
      id,
      existing
        ? {
            personId: existing.id,
            role: p.role,
            party: p.party ?? '',
            title: p.title ?? '',
            organisation: p.organisation,
          }
        : {
            name: p.name,
            title: p.title ?? '',
            organisation: p.organisation,
            kind: p.kind,
            role: p.role,
            party: p.party ?? '',
          },
    )
  }
}

/** Runs a challenge through its stages with the clock at each step's date, as the programme office would have. */
async function replay(db: Db, d: DemoChallenge): Promise<number> {
  const [start, end] = d.onsite
  let ctx = ctxAt(db, d.scoping)
  const fw = d.framework
    ? await db.one<{ id: number }>(`select id from frameworks where code = $1`, [d.framework])
    : undefined
  const { id } = await createChallenge(ctx, {
    councilCode: d.council,
    reviewType: d.reviewType ?? 'cpc',
    frameworkId: fw?.id,
    scopingDate: d.scoping,
    onsiteStart: start,
    onsiteEnd: end,
    feedbackDate: end,
    focusAreas: d.focusAreas,
    notes: d.notes,
  })
  if (d.precision === 'month') await db.query(`update challenges set onsite_precision = 'month' where id = $1`, [id])
  await addTeam(ctx, id, d.team)
  if (d.principalAdviser) {
    const a = d.principalAdviser
    const known = await ctx.db.one<{ id: number }>(`select id from people where email = $1`, [a.email])
    await addTeamMember(
      ctx,
      id,
      known
        ? { personId: known.id, role: 'principal-adviser', title: a.title }
        : {
            name: a.name,
            title: a.title,
            organisation: 'Local Government Association',
            kind: 'lga',
            role: 'principal-adviser',
            email: a.email,
            phone: a.phone,
          },
    )
  }
  if (d.questions)
    await saveThemeQuestions(ctx, id, Object.fromEntries(Object.entries(d.questions).map(([k, qs]) => [`q-${k}`, qs])))
  await move(ctx, id, 'scoping')
  await move(ctx, id, 'scheduled')
  await move(ctx, id, 'preparation')
  ctx = ctxAt(db, start)
  await move(ctx, id, 'on-site')
  ctx = ctxAt(db, end)
  await move(ctx, id, 'drafting', 'Feedback presented on the last day on site')
  for (const title of d.keyRecommendations) await addRecommendation(ctx, id, { kind: 'key', title })
  for (const [theme, recs] of Object.entries(d.themeRecommendations ?? {}))
    for (const title of recs) await addRecommendation(ctx, id, { kind: 'theme', themeKey: theme, title })
  ctx = ctxAt(db, d.draftIssued)
  await move(ctx, id, 'factual-check')
  ctx = ctxAt(db, d.final)
  await move(ctx, id, 'final')
  if (d.published) {
    ctx = ctxAt(db, d.published.report)
    await recordEvent(ctx, id, {
      code: 'report_published',
      occurredOn: d.published.report,
      location: d.published.where,
    })
    if (d.published.plan) {
      // The plan the council published then, kept as a document (the demo's history predates the service).
      await uploadDocument(
        ctx,
        id,
        { kind: 'action-plan', title: 'Action plan (as published)', note: 'Demo record' },
        {
          filename: `${d.council.toLowerCase()}-action-plan.txt`,
          mimetype: 'text/plain',
          data: Buffer.from(
            `Action plan in response to the corporate peer challenge, published on ${d.published.plan} (${d.published.where}). Demo record.\n`,
          ),
        },
      )
      await recordEvent(ctx, id, {
        code: 'action_plan_published',
        occurredOn: d.published.plan,
        location: d.published.where,
      })
    }
    await move(ctx, id, 'published')
  }
  if (d.lgaPublished)
    await recordEvent(ctxAt(db, d.lgaPublished.on), id, {
      code: 'lga_published',
      occurredOn: d.lgaPublished.on,
      location: d.lgaPublished.where,
    })
  for (const st of d.stated ?? []) await recordStatedDate(ctxAt(db, d.published?.report ?? d.final), id, st)
  for (const l of d.later ?? [])
    await uploadDocument(
      ctxAt(db, l.on),
      id,
      { kind: 'other', title: l.title, note: 'Demo record' },
      {
        filename: `${d.council.toLowerCase()}-${l.on}.txt`,
        mimetype: 'text/plain',
        data: Buffer.from(`${l.text}\n`),
      },
    )
  return id
}

/** Fills an empty database with demo councils, accounts and challenges at every stage. */
export async function seedDemo(db: Db, today: string): Promise<void> {
  const admin: Ctx = { db, actor: SYSTEM_ACTOR, clock: fixedClock(`${today}T09:00:00Z`) }
  await importRegister(admin, fs.readFileSync(path.join(here, 'councils.csv'), 'utf8'), 'demo')
  const ids: Record<string, number> = {}
  for (const d of HISTORY) ids[d.council] = await replay(db, d)

  await seedBlabyPlan(db, ids['BLA']!)
  await seedCommitteeSettings(admin)

  // Blaby: the six-month check-in of that era.
  {
    const ctx = ctxAt(db, '2022-06-20')
    const { id } = await createChallenge(ctx, {
      councilCode: 'BLA',
      reviewType: 'check-in',
      parentId: ids['BLA'],
      onsiteStart: '2022-10-04',
      onsiteEnd: '2022-10-04',
      notes: 'Demo record.',
    })
    await move(ctxAt(db, '2022-10-04'), id, 'held')
  }
  // North West Leicestershire: its progress review has been requested but not yet held.
  await createChallenge(ctxAt(db, '2025-02-03'), {
    councilCode: 'NWL',
    reviewType: 'progress-review',
    parentId: ids['NWL'],
    notes: 'Demo record: progress review requested, dates to be agreed.',
  })

  // A live challenge (fictional): Melton, visit five weeks ago, the draft with the council for its factual check.
  const holidays = await bankHolidays(db)
  const meltonEnd = addDays(today, -35)
  const meltonStart = addDays(meltonEnd, -2)
  const lead: Person = {
    name: 'Sam Okafor',
    title: 'Chief Executive',
    organisation: 'Example District Council',
    kind: 'officer',
    role: 'lead-peer',
  }
  const pcm: Person = {
    name: 'Priya Shah',
    title: 'Peer Challenge Manager',
    organisation: 'Local Government Association',
    kind: 'lga',
    role: 'pcm',
  }
  let ctx = ctxAt(db, addDays(meltonStart, -120))
  const melton = await createChallenge(ctx, {
    councilCode: 'MEL',
    reviewType: 'cpc',
    scopingDate: addDays(meltonStart, -120),
    onsiteStart: meltonStart,
    onsiteEnd: meltonEnd,
    feedbackDate: meltonEnd,
    focusAreas: ['Housing delivery and the local plan', 'Readiness for local government reorganisation'],
    notes: 'Demo record: a fictional challenge to show a live review.',
  })
  await addTeam(ctx, melton.id, [
    lead,
    {
      name: 'Alex Turner',
      title: 'Leader',
      organisation: 'Example Borough Council',
      kind: 'member',
      role: 'member-peer',
      party: 'Labour',
    },
    {
      name: 'Chris Patel',
      title: 'Deputy Leader',
      organisation: 'Sample County Council',
      kind: 'member',
      role: 'member-peer',
      party: 'Conservative',
    },
    {
      name: 'Dana Brooks',
      title: 'Director of Finance (S151)',
      organisation: 'Example City Council',
      kind: 'officer',
      role: 'finance-peer',
    },
    {
      name: 'Evan Hughes',
      title: 'Director of Housing',
      organisation: 'Example District Council',
      kind: 'officer',
      role: 'officer-peer',
    },
    pcm,
  ])
  // The LGA's principal adviser for the area (fictional), named in the report's next steps; and the council's own
  // questions under two of the themes, agreed at scoping.
  await addTeamMember(ctx, melton.id, {
    name: 'Rowan Hale',
    title: 'Principal Adviser (demo)',
    organisation: 'Local Government Association',
    kind: 'lga',
    role: 'principal-adviser',
    email: 'rowan.hale@example.org.uk',
    phone: '020 7946 0999',
  })
  await saveThemeQuestions(ctx, melton.id, {
    'q-priorities': ['How well does the council understand the needs of its rural communities and market towns?'],
    'q-finance': ['Are the savings in the medium-term financial strategy deliverable, and what happens after 2028?'],
  })
  for (const s of ['scoping', 'scheduled', 'preparation']) await move(ctx, melton.id, s)
  await move(ctxAt(db, meltonStart), melton.id, 'on-site')
  ctx = ctxAt(db, meltonEnd)
  await move(ctx, melton.id, 'drafting', 'Feedback presented to the Leader, Cabinet and the senior leadership team')
  for (const title of [
    'Set out a shared long-term vision for the place with partners and residents',
    'Strengthen the medium-term financial strategy with fully worked-up savings options',
    'Put in place a housing delivery plan with clear milestones and accountability',
    'Prepare the organisation for local government reorganisation with a dedicated programme',
    'Review the scrutiny function so that it focuses on the council’s priorities',
  ])
    await addRecommendation(ctx, melton.id, { kind: 'key', title })
  const draft = addWorkingDays(today, -5, holidays)
  // Its programme (42 meetings), the team's notes and the first draft, which is what the council is now checking.
  const mch = (await findChallenge(db, melton.id))!
  await seedDemoVisit(db, mch, new Date(`${addDays(meltonStart, -7)}T10:00:00Z`))
  await saveReport(ctxAt(db, addDays(draft, -1)), melton.id, { ...DEMO_REPORT, baseVersion: 0 })
  await move(ctxAt(db, draft), melton.id, 'factual-check')

  // A future challenge (fictional): Harlow, in preparation.
  const harlowStart = addDays(today, 38)
  ctx = ctxAt(db, addDays(today, -60))
  const harlow = await createChallenge(ctx, {
    councilCode: 'HAR',
    reviewType: 'cpc',
    scopingDate: addDays(today, -60),
    onsiteStart: harlowStart,
    onsiteEnd: addDays(harlowStart, 3),
    feedbackDate: addDays(harlowStart, 3),
    focusAreas: ['Town centre regeneration'],
    notes: 'Demo record: a fictional challenge in preparation.',
  })
  await addTeam(ctx, harlow.id, [
    lead,
    pcm,
    {
      name: 'Alex Turner',
      title: 'Leader',
      organisation: 'Example Borough Council',
      kind: 'member',
      role: 'member-peer',
      party: 'Labour',
    },
  ])
  for (const s of ['scoping', 'scheduled', 'preparation']) await move(ctx, harlow.id, s)
  // Requested, not yet scoped: a finance peer challenge for Rutland.
  await createChallenge(ctxAt(db, addDays(today, -10)), {
    councilCode: 'RUT',
    reviewType: 'fpc',
    notes: 'Demo record: requested through the regional principal adviser.',
  })

  // Next quarter's programme (fictional): scheduled corporate peer challenges with no team yet, for the assembler.
  const next = quarters(today)[1]!
  const upcoming: [string, number, number, string[]][] = [
    [
      'CHL',
      8,
      4,
      ['Financial sustainability and the medium term financial strategy', 'Town centre regeneration and growth'],
    ],
    ['TES', 15, 3, ['Housing delivery', 'Climate and the net zero plan']],
    ['NTY', 22, 4, ['Children’s services improvement', 'Partnership working with health']],
    ['ISL', 36, 4, ['Digital transformation of customer services', 'Workforce capacity and culture']],
    ['CHI', 57, 3, ['Governance and decision-making', 'Communications and engagement with residents']],
  ]
  for (const [code, offset, days, focusAreas] of upcoming) {
    let start = addDays(next.from, offset)
    while (new Date(`${start}T00:00:00Z`).getUTCDay() !== 2) start = addDays(start, 1) // visits start on a Tuesday
    const c = ctxAt(db, addDays(today, -30))
    const created = await createChallenge(c, {
      councilCode: code,
      reviewType: 'cpc',
      scopingDate: addDays(today, -30),
      onsiteStart: start,
      onsiteEnd: addDays(start, days - 1),
      feedbackDate: addDays(start, days - 1),
      focusAreas,
      notes: 'Demo record: scheduled for next quarter, team not yet chosen.',
    })
    for (const st of ['scoping', 'scheduled']) await move(c, created.id, st)
  }
  await seedDemoPool(db, today)

  // Accounts
  const person = async (name: string) =>
    (await db.one<{ id: number }>(`select id from people where name = $1`, [name]))!.id
  const council = async (code: string) =>
    (await db.one<{ id: number }>(`select id from councils where code = $1`, [code]))!.id
  await createUser(admin, {
    email: DEMO_ACCOUNTS[0].email,
    name: DEMO_ACCOUNTS[0].name,
    password: DEMO_PASSWORD,
    role: 'admin',
  })
  await createUser(admin, {
    email: DEMO_ACCOUNTS[1].email,
    name: DEMO_ACCOUNTS[1].name,
    password: DEMO_PASSWORD,
    role: 'peer',
    personId: await person('Sam Okafor'),
  })
  await createUser(admin, {
    email: DEMO_ACCOUNTS[2].email,
    name: DEMO_ACCOUNTS[2].name,
    password: DEMO_PASSWORD,
    role: 'peer',
    personId: await person('Priya Shah'),
  })
  await createUser(admin, {
    email: DEMO_ACCOUNTS[3].email,
    name: DEMO_ACCOUNTS[3].name,
    password: DEMO_PASSWORD,
    role: 'council',
    councilId: await council('MEL'),
  })
  await createUser(admin, {
    email: DEMO_ACCOUNTS[4].email,
    name: DEMO_ACCOUNTS[4].name,
    password: DEMO_PASSWORD,
    role: 'council',
    councilId: await council('NWL'),
  })
}

/**
 * Committee settings (decision 0017), fictional officers: Melton (leader and cabinet, with its Scrutiny Committee),
 * North West Leicestershire (Cabinet and its Corporate Scrutiny Committee, as its 2024 covering report names them) and
 * Oadby and Wigston, a committee-system council (no Cabinet: its policy committee or Full Council approves a plan).
 */
async function seedCommitteeSettings(ctx: Ctx): Promise<void> {
  const officers = (s151: string, monitoring: string, hops: string) => ({
    s151Name: s151,
    s151Title: 'Director for Corporate Services (Section 151 Officer)',
    monitoringName: monitoring,
    monitoringTitle: 'Assistant Director for Governance and Democracy (Monitoring Officer)',
    headOfPaidServiceName: hops,
    headOfPaidServiceTitle: 'Chief Executive',
  })
  await saveCommitteeSettings(ctx, 'MEL', {
    committees:
      'Cabinet | executive | approves the plan\nScrutiny Committee | scrutiny | no\nAudit and Standards Committee | audit | no\nCouncil | full council | no',
    ...officers('Dana Whitlock', 'Rowan Achebe', 'Morgan Ellery'),
    contactName: 'Casey Brennan',
    contactTitle: 'Corporate Improvement Manager',
    contactEmail: 'improvement@melton.example.gov.uk',
    contactPhone: '01664 502 502',
    reportOf: 'Chief Executive',
    portfolioHolder: 'Leader of the Council',
    wards: 'All wards',
    sections: '',
    version: 0,
  })
  await saveCommitteeSettings(ctx, 'NWL', {
    committees:
      'Cabinet | executive | approves the plan\nCorporate Scrutiny Committee | scrutiny | no\nAudit and Governance Committee | audit | no\nCouncil | full council | no',
    ...officers('Jordan Pryce', 'Sam Holloway', 'Taylor Quinn'),
    contactName: 'Robin Ashdown',
    contactTitle: 'Head of Human Resources and Organisation Development',
    contactEmail: 'peer.review@nwleics.example.gov.uk',
    contactPhone: '01530 454 545',
    reportOf: 'Chief Executive',
    portfolioHolder: 'Leader of the Council',
    wards: 'All wards',
    sections: '',
    version: 0,
  })
  await saveCommitteeSettings(ctx, 'OAD', {
    committees:
      'Policy, Finance and Development Committee | policy committee | approves the plan\nService Delivery Committee | policy committee | no\nAudit Committee | audit | no\nFull Council | full council | approves the plan',
    ...officers('Avery Lomax', 'Parisa Noor', 'Quentin Hale'),
    contactName: 'Lee Foster',
    contactTitle: 'Democratic Services Manager',
    contactEmail: 'democratic.services@oadby-wigston.example.gov.uk',
    contactPhone: '0116 288 8961',
    reportOf: 'Chief Executive',
    portfolioHolder: '',
    wards: 'All wards',
    sections: '',
    version: 0,
  })
}

/**
 * Blaby's action plan (fictional content built on the published recommendations): approved by Cabinet, reported to
 * Scrutiny and Audit with snapshots, delivered through 2022-23. It shows the public page and the trackers with history.
 */
async function seedBlabyPlan(db: Db, challengeId: number): Promise<void> {
  const council = (await db.one<{ id: number }>(`select id from councils where code = 'BLA'`))!.id
  const officer: Actor = {
    kind: 'user',
    id: 0,
    name: 'Demo data (Blaby officer)',
    email: 'demo@blaby.example.gov.uk',
    role: 'council',
    councilId: council,
    personId: null,
  }
  const at = (date: string): Ctx => ({ db, actor: officer, clock: fixedClock(`${date}T10:00:00Z`) })
  await startPlan(at('2022-05-25'), challengeId)
  const recs = await db.query<{ id: number; number: number }>(
    `select id, number from recommendations where challenge_id = $1 and kind = 'key' order by number`,
    [challengeId],
  )
  const rec = (n: number) => recs.find((r) => r.number === n)!.id
  for (const r of recs) {
    await setResponse(
      at('2022-05-25'),
      challengeId,
      r.id,
      r.number === 6
        ? {
            response: 'partly-accepted',
            reasons:
              'The council will set its risk appetite for commercial activity but will not borrow to invest in commercial property.',
          }
        : { response: 'accepted' },
    )
  }
  const actions: [number[], string, string, string, string][] = [
    [
      [1],
      'Hold a place-shaping summit with partners and agree a long-term vision for Blaby',
      'Chief Executive',
      '2022-07-01',
      '2022-12-31',
    ],
    [
      [2, 3],
      'Refresh the corporate plan with service plans and appraisals aligned to its priorities',
      'Executive Director (Section 151)',
      '2022-07-01',
      '2023-03-31',
    ],
    [
      [4],
      'Set out a four-year delivery plan linked to the Medium Term Financial Strategy',
      'Executive Director (Section 151)',
      '2022-09-01',
      '2023-02-28',
    ],
    [
      [5, 6],
      'Define the transformation programme and the council’s appetite for commercial risk',
      'Transformation Manager',
      '2022-09-01',
      '2023-06-30',
    ],
    [[7], 'Publish a communications and engagement strategy', 'Communications Manager', '2022-07-01', '2022-11-30'],
    [
      [8],
      'Review the scrutiny function with the Centre for Governance and Scrutiny',
      'Democratic Services Manager',
      '2022-09-01',
      '2023-05-31',
    ],
  ]
  const ids: number[] = []
  for (const [r, title, lead, start, target] of actions)
    ids.push(
      (
        await addAction(at('2022-05-30'), challengeId, {
          recommendationIds: r.map(rec),
          title,
          leadOfficer: lead,
          startDate: start,
          targetDate: target,
        })
      ).id,
    )
  await recordMeeting(at('2022-06-13'), challengeId, {
    body: 'cabinet',
    meetingDate: '2022-06-13',
    item: 'Corporate Peer Challenge: report and action plan',
    decision: 'approved',
    resolution: 'That the peer challenge report be noted and the action plan approved.',
    approvesPlan: true,
  })
  const update = (date: string, i: number, text: string, status: string) =>
    addProgress(at(date), challengeId, ids[i]!, { asOf: date, text, status })
  await update(
    '2022-09-30',
    0,
    'Place-shaping summit held on 21 September with 60 partners; vision themes drafted.',
    'in-progress',
  )
  await update('2022-09-30', 1, 'Corporate plan refresh started; priorities workshop with Cabinet held.', 'in-progress')
  await update('2022-09-30', 4, 'Strategy drafted and consulted on with staff and residents.', 'in-progress')
  await update('2022-11-28', 4, 'Communications and engagement strategy adopted by Cabinet and published.', 'complete')
  await recordMeeting(at('2022-11-29'), challengeId, {
    body: 'scrutiny',
    meetingDate: '2022-11-29',
    item: 'Peer challenge action plan: six-month progress',
    decision: 'comments',
    resolution: 'Scrutiny asked for the transformation programme to report to it quarterly.',
    snapshot: true,
  })
  await update('2022-12-16', 0, 'Vision for Blaby 2040 agreed with partners and adopted by Council.', 'complete')
  await reviseTarget(at('2023-01-20'), challengeId, ids[2]!, {
    targetDate: '2023-03-31',
    reason: 'The local government finance settlement came late: the delivery plan follows the budget in February.',
  })
  await update('2023-03-28', 2, 'Delivery plan approved with the 2023/24 budget.', 'complete')
  await update(
    '2023-03-31',
    1,
    'Corporate plan 2023-27 adopted; service plans in place; appraisals now set objectives against it.',
    'bau',
  )
  await update(
    '2023-03-31',
    3,
    'Transformation programme board established; risk appetite statement drafted for Audit.',
    'in-progress',
  )
  await update(
    '2023-05-25',
    5,
    'Scrutiny review completed; new work programming and member training in place.',
    'complete',
  )
  await update(
    '2023-06-27',
    3,
    'Risk appetite statement approved by Council; programme moved to business as usual.',
    'bau',
  )
  await recordMeeting(at('2023-07-17'), challengeId, {
    body: 'audit',
    meetingDate: '2023-07-17',
    item: 'Peer challenge action plan: final position',
    decision: 'noted',
    resolution: 'The committee noted that all actions are complete or have moved to business as usual.',
    snapshot: true,
  })
}
