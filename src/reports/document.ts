import type pptxgen from 'pptxgenjs'
import { lazyRequire } from '../common/lazy-require.ts'

// pptxgenjs ships CommonJS with ESM-style types: at run time the default import is the class itself.
// Loaded on the first presentation, not at start (decision 40).
const pptxGenJs = lazyRequire<typeof pptxgen.default>('pptxgenjs')
import { plural } from '../common/dates.ts'
import type { Theme } from '../frameworks/types.ts'
import type { ReportContent, ReportFacts, ThemeRecommendation } from './service.ts'
import { formatDate } from '../common/dates.ts'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'

/**
 * The feedback report in the standard structure the LGA's reports follow (executive summary, key recommendations,
 * summary of the approach, feedback by theme, next steps), as light markdown: one text that becomes the publication
 * HTML, the Word document, and that the importer reads back like a seed report.
 */
export interface ReportModel {
  facts: ReportFacts
  content: ReportContent
  themes: Theme[]
  frameworkName: string
  recommendations: { number: number; title: string; body: string }[]
  themeRecommendations: ThemeRecommendation[]
  /** The dates that follow from the framework's rules (ISO dates; approximate when the visit is known to the month). */
  dates: { code: string; label: string; due: string; kind: string; approximate: boolean }[]
}

/** A figure as reports state it: "60 people", or "more than 90 people" for 93 (reports round down, and say so). */
export function figure(n: number): string {
  if (n < 20) return String(n)
  const r = n >= 50 ? Math.floor(n / 10) * 10 : Math.floor(n / 5) * 5
  return r === n || r === 0 ? String(n) : `more than ${r}`
}

const ordinalWords = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
const countWord = (n: number) => ordinalWords[n] ?? String(n)

/** The next steps that follow from the framework, as sentences (the rule's code decides the wording). */
export function nextStepSentences(dates: ReportModel['dates'], council: string): string[] {
  const when = (d: ReportModel['dates'][number]) => formatDate(d.due, d.approximate ? 'month' : 'day')
  const out: string[] = []
  for (const d of dates) {
    switch (d.code) {
      case 'report-published':
        out.push(
          `${council} will publish this report by ${when(d)}, as all councils do within three months of the peer challenge.`,
        )
        break
      case 'action-plan-published':
        out.push(
          `The council’s action plan in response to the recommendations is to be published with it, by ${when(d)}.`,
        )
        break
      case 'action-plan-latest':
        out.push(`If that is not possible, the action plan is published no later than ${when(d)}.`)
        break
      case 'progress-review':
        out.push(
          `The peer team will return for a progress review, about ten months after the peer challenge (around ${when(d)}), to hear what has been done against each recommendation.`,
        )
        break
      case 'progress-review-report':
        out.push(`The council publishes the progress review’s report by ${when(d)}.`)
        break
      case 'six-month-check-in':
        out.push(`The LGA will arrange a six-month check-in with the council’s leadership, around ${when(d)}.`)
        break
      case 'lga-published':
        out.push(`The LGA will also publish the report on its website.`)
        break
      case 'follow-up-visit':
        out.push(`The LGA offers a follow-up visit to look at progress, by ${when(d)}.`)
        break
      case 'next-review':
        out.push(`The council’s next corporate peer challenge is due by ${when(d)}.`)
        break
      default:
        out.push(
          `${d.label}: ${d.kind === 'deadline' ? 'by' : d.kind === 'offer' ? 'offered by' : 'expected by'} ${when(d)}.`,
        )
    }
  }
  return out
}

const ROLE_PREFIX = (m: ReportFacts['team'][number]) =>
  m.kind === 'member' && !/^(cllr|councillor)\b/i.test(m.name) ? 'Councillor ' : ''

export function peerLine(m: ReportFacts['team'][number]): string {
  const title = m.role === 'pcm' && !m.title ? 'Peer Challenge Manager' : m.title
  return [
    `${ROLE_PREFIX(m)}${m.name}`,
    title,
    m.role === 'pcm' && !m.organisation ? 'Local Government Association' : m.organisation,
  ]
    .filter(Boolean)
    .join(', ')
}

const paras = (s: string) => s.replace(/\r\n?/g, '\n').trim()

export function reportMarkdown(m: ReportModel): string {
  const f = m.facts
  const out: string[] = []
  out.push(`# ${f.reviewName} **${f.councilName}**`, '', f.dates, '', 'Feedback report', '')
  out.push('## 1. Executive summary', '', paras(m.content.executiveSummary) || '_To be written._', '')
  out.push('## 2. Key recommendations', '')
  out.push(
    'There are a number of observations and suggestions within the main section of the report. The following are the peer team’s key recommendations to the council:',
    '',
  )
  if (m.recommendations.length)
    m.recommendations.forEach((r, i) => {
      out.push(`**2.${i + 1} ${r.title.replace(/\*\*/g, '')}**`, '')
      if (r.body.trim()) out.push(paras(r.body), '')
    })
  else out.push('No key recommendations yet.')
  out.push('', '## 3. Summary of the peer challenge approach', '', '### The peer team', '')
  out.push(
    'Peer challenges are delivered by experienced elected member and officer peers. The make-up of the peer team reflected the focus of the peer challenge and peers were selected on the basis of their relevant experience and expertise. The peers were:',
    '',
  )
  for (const p of f.team) out.push(`- ${peerLine(p)}`)
  out.push('', '### Scope and focus', '')
  out.push(
    `The peer team considered the following ${countWord(m.themes.length)} themes which form the core components of all corporate peer challenges. These areas are critical to councils’ performance and improvement.`,
    '',
  )
  m.themes.forEach((t, i) => out.push(`${i + 1}. ${t.title}: ${t.question}`))
  const asked = m.themes.filter((t) => f.questions[t.key]?.length)
  if (asked.length) {
    out.push('', 'The council tailored the themes with questions of its own, set out under each theme in section 4.')
  }
  if (f.focusAreas.length) {
    out.push('', 'In addition to these questions, the council asked the peer team to provide feedback on:', '')
    for (const a of f.focusAreas) out.push(`- ${a}`)
  }
  out.push('', '### The peer challenge process', '')
  out.push(
    'Peer challenges are improvement focused; it is important to stress that this was not an inspection. The process is not designed to provide an in-depth or technical assessment of plans and proposals. The peer team used their experience and knowledge of local government to reflect on the information presented to them by people they met, things they saw and material that they read.',
    '',
  )
  const c = f.counts
  out.push(
    `The peer team prepared by reviewing a range of documents and information in order to ensure they were familiar with the council and the challenges it is facing. The team then spent ${f.days ? plural(f.days, 'day') : 'time'} onsite at ${f.councilName}${c.meetingsHeld ? ', during which they:' : '.'}`,
    '',
  )
  if (c.meetingsHeld) {
    out.push(
      `- Spoke to ${figure(c.peopleMet)} people including a range of council staff together with members and external stakeholders.`,
    )
    out.push(
      `- Gathered evidence, information and views from ${figure(c.meetingsHeld)} meetings, visits to key sites in the area and additional research and reading.`,
    )
    out.push(
      `- Collectively spent ${figure(c.hours)} hours to determine their findings${c.weeks ? ` – the equivalent of one person spending ${figure(c.weeks)} weeks at ${f.councilName}` : ''}.`,
    )
    out.push('')
  }
  if (paras(m.content.approach)) out.push(paras(m.content.approach), '')
  out.push(
    `This report provides a summary of the peer team’s findings. It builds on the feedback presentation provided by the peer team at the end of their on-site visit (${f.dates}). In presenting feedback, they have done so as fellow local government officers and members, not professional consultants or inspectors. By its nature, the peer challenge is a snapshot in time.`,
    '',
  )
  out.push('## 4. Feedback', '')
  m.themes.forEach((t, i) => {
    out.push(`### 4.${i + 1} ${t.title}`, '', `**${t.question}**`, '')
    const questions = f.questions[t.key] ?? []
    if (questions.length) {
      out.push('The council also asked the peer team:', '')
      for (const q of questions) out.push(`- ${q}`)
      out.push('')
    }
    out.push(paras(m.content.themes[t.key] ?? '') || '_To be written._', '')
    const recs = m.themeRecommendations.filter((r) => r.themeKey === t.key)
    if (recs.length) {
      out.push(`#### Recommendations`, '')
      for (const r of recs)
        out.push(
          `- ${r.title.replace(/\s*\n\s*/g, ' ')}${r.body.trim() ? ` – ${r.body.replace(/\s*\n\s*/g, ' ')}` : ''}`,
        )
      out.push('')
    }
  })
  f.focusAreas.forEach((a, i) => {
    const text = paras(m.content.focus[i] ?? '')
    if (text) out.push(`### 4.${m.themes.length + i + 1} ${a}`, '', text, '')
  })
  out.push('## 5. Next steps', '')
  out.push(
    'It is recognised that the council’s senior political and managerial leadership will want to consider, discuss and reflect on these findings.',
    '',
  )
  if (paras(m.content.nextSteps)) out.push(paras(m.content.nextSteps), '')
  for (const sentence of nextStepSentences(m.dates, f.councilName)) out.push(sentence, '')
  const a = f.adviser
  if (a) {
    const contact = [a.email ? `email ${a.email}` : null, a.phone ? `telephone ${a.phone}` : null].filter(Boolean)
    out.push(
      `${a.name}, ${a.title ?? 'Principal Adviser'}, is the main contact between your authority and the Local Government Association. The LGA is well placed to provide additional support, advice and guidance on the areas for development in this report.${contact.length ? ` Contact details: ${contact.join(', ')}.` : ''}`,
      '',
    )
  }
  return out.join('\n').replace(/_To be written\._/g, 'To be written.')
}

/** Bullets as they will read on a slide: whitespace collapsed, for comparing one with another. */
const bulletKey = (t: string) =>
  t
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[.;:,\s]+$/, '')
    .trim()

/** A drafted section as slide bullets: its list items or lines, else its sentences. */
export function slidePoints(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split(/\n+/)
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter(Boolean)
  if (lines.length > 1) return lines
  return (lines[0] ?? '')
    .split(/(?<=[.!?])\s+(?=[A-Z‘“"(])/)
    .map((x) => x.trim())
    .filter(Boolean)
}

export interface PresentationModel {
  reference: string
  facts: ReportFacts
  themes: { title: string; strengths: string[]; improve: string[] }[]
  /** The council's focus areas (extra scope) with what the team has drafted on each. */
  focus?: { title: string; text: string }[]
  recommendations: string[]
  /** The next steps as the report words them, from the framework's rules (the dates for this challenge). */
  nextSteps?: string[]
  /** Who the council contacts: the LGA's principal adviser, the peer challenge manager. */
  contacts?: { name: string; title: string; organisation: string; email: string | null; phone: string | null }[]
}

const LANG = 'en-GB'
const FONT = 'Arial'
const INK = '0B0C0C'
const BLUE = '1D70B8'
const GREY = '505A5F'
/** A run's own options: every run carries the language, so spelling is checked as British English. */
const TXT = { fontFace: FONT, lang: LANG } as const

/**
 * The end-of-visit feedback presentation (.pptx): the team, the scope, the figures, each theme's strengths and areas
 * to consider, the council's focus areas, key recommendations, next steps and who to contact. Every slide comes from a
 * slide master with a real title placeholder (what screen readers and accessibility checkers read as the slide's title)
 * and a slide number; text is British English. A point is said once: a note tagged to two themes is shown under the
 * first, and an empty section is left out rather than shown as "none".
 */
export async function presentationPptx(p: PresentationModel): Promise<Buffer> {
  const pptx = new (pptxGenJs())()
  pptx.layout = 'LAYOUT_WIDE' // 13.33 x 7.5 inches
  pptx.title = `${p.facts.councilName}: peer challenge feedback`
  pptx.subject = `${p.facts.reviewName}: feedback from the peer team, ${p.facts.dates}`
  pptx.company = 'Peer Challenge'
  pptx.author = 'The peer team'
  const footer = `${p.facts.councilName} · ${p.facts.reviewName} · ${p.facts.dates}`
  const slideNumber = {
    x: 12.1,
    y: 6.95,
    valign: 'middle' as const,
    w: 0.8,
    h: 0.4,
    fontFace: FONT,
    fontSize: 12,
    color: GREY,
    align: 'right' as const,
  }
  pptx.defineSlideMaster({
    title: 'PC_TITLE',
    background: { color: BLUE },
    slideNumber: { ...slideNumber, color: 'FFFFFF' },
    objects: [
      {
        placeholder: {
          options: {
            name: 'title',
            type: 'title',
            x: 0.6,
            y: 2.0,
            w: 12.1,
            h: 1.4,
            ...TXT,
            fontSize: 40,
            bold: true,
            color: 'FFFFFF',
            align: 'left',
            valign: 'bottom',
          },
          text: '',
        },
      },
      {
        placeholder: {
          options: {
            name: 'subtitle',
            type: 'body',
            x: 0.6,
            y: 3.5,
            w: 12.1,
            h: 1.8,
            ...TXT,
            fontSize: 22,
            color: 'FFFFFF',
            valign: 'top',
          },
          text: '',
        },
      },
    ],
  })
  pptx.defineSlideMaster({
    title: 'PC_CONTENT',
    background: { color: 'FFFFFF' },
    slideNumber,
    objects: [
      { rect: { x: 0, y: 0, w: 13.33, h: 0.15, fill: { color: BLUE } } },
      {
        placeholder: {
          options: {
            name: 'title',
            type: 'title',
            x: 0.5,
            y: 0.35,
            w: 12.3,
            h: 0.9,
            ...TXT,
            fontSize: 30,
            bold: true,
            color: INK,
            align: 'left',
            valign: 'middle',
          },
          text: '',
        },
      },
      { line: { x: 0.5, y: 6.9, w: 12.3, h: 0, line: { color: 'B1B4B6', width: 0.75 } } },
      {
        text: {
          text: footer,
          options: { x: 0.5, y: 6.95, w: 11.4, h: 0.4, ...TXT, fontSize: 12, color: GREY, valign: 'middle' },
        },
      },
    ],
  })
  const shown = new Set<string>()
  /** The items not yet on any slide (and not repeated within the list), in order. */
  const fresh = (items: string[]) =>
    items
      .map((t) => t.replace(/\s+/g, ' ').trim())
      .filter((t) => {
        const k = bulletKey(t)
        if (!k || shown.has(k)) return false
        shown.add(k)
        return true
      })
  const cut = (t: string, chars: number) => (t.length > chars ? `${t.slice(0, chars - 1).trimEnd()}…` : t)
  const runs = (items: string[], chars: number, fontSize: number) =>
    items.map((t) => ({
      text: cut(t, chars),
      options: { ...TXT, fontSize, color: INK, bullet: { indent: 18 }, breakLine: true, paraSpaceAfter: 6 },
    }))
  const contentSlide = (title: string) => {
    const s = pptx.addSlide({ masterName: 'PC_CONTENT' })
    s.addText(title, { placeholder: 'title', align: 'left', ...TXT })
    return s
  }
  /** A slide of bullets, continued on further slides when there are more than fit. */
  const bulletSlides = (
    title: string,
    items: string[],
    opts: { per?: number; chars?: number; fontSize?: number } = {},
  ) => {
    const per = opts.per ?? 7
    for (let i = 0; i < items.length; i += per) {
      const s = contentSlide(i ? `${title} (continued)` : title)
      s.addText(runs(items.slice(i, i + per), opts.chars ?? 240, opts.fontSize ?? 20), {
        x: 0.6,
        y: 1.45,
        w: 12.1,
        h: 5.3,
        valign: 'top',
        ...TXT,
      })
    }
  }

  const title = pptx.addSlide({ masterName: 'PC_TITLE' })
  title.addText(p.facts.councilName, { placeholder: 'title', align: 'left', ...TXT })
  title.addText(
    [
      { text: p.facts.reviewName, options: { ...TXT, breakLine: true } },
      { text: `Feedback from the peer team · ${p.facts.dates}`, options: { ...TXT } },
    ],
    { placeholder: 'subtitle', ...TXT },
  )

  bulletSlides('The peer team', fresh(p.facts.team.map(peerLine)))
  bulletSlides('Scope and focus', [
    ...fresh(p.themes.map((t) => t.title)),
    ...fresh(p.facts.focusAreas).map((a) => `The council also asked about: ${a}`),
  ])
  const c = p.facts.counts
  bulletSlides(
    'The process',
    [
      p.facts.days ? `${plural(p.facts.days, 'day')} on site at ${p.facts.councilName}` : null,
      c.peopleMet ? `Spoke to ${figure(c.peopleMet)} people: council staff, councillors and partners` : null,
      c.meetingsHeld ? `Gathered evidence from ${figure(c.meetingsHeld)} meetings, focus groups and site visits` : null,
      c.hours
        ? `Collectively spent ${figure(c.hours)} hours${c.weeks ? ` – the equivalent of one person spending ${figure(c.weeks)} weeks at the council` : ''}`
        : null,
      'This is feedback from fellow councillors and officers: not an inspection, a snapshot in time',
    ].filter((x): x is string => !!x),
  )

  for (const t of p.themes) {
    const strengths = fresh(t.strengths)
    const improve = fresh(t.improve)
    const per = 5
    for (let i = 0; i < Math.max(strengths.length, improve.length); i += per) {
      const s = contentSlide(i ? `${t.title} (continued)` : t.title)
      const cols = [
        { heading: 'Strengths', color: '00703C', items: strengths.slice(i, i + per) },
        { heading: 'Areas to consider', color: 'B0281A', items: improve.slice(i, i + per) },
      ].filter((col) => col.items.length)
      const w = cols.length === 2 ? 5.9 : 12.1
      cols.forEach((col, j) => {
        const x = 0.6 + j * 6.3
        s.addText(col.heading, { x, y: 1.35, w, h: 0.5, ...TXT, fontSize: 20, bold: true, color: col.color })
        s.addText(runs(col.items, cols.length === 2 ? 170 : 260, 16), { x, y: 1.9, w, h: 4.9, valign: 'top', ...TXT })
      })
    }
  }
  for (const a of p.focus ?? []) bulletSlides(a.title, fresh(slidePoints(a.text)), { per: 6 })
  bulletSlides('Key recommendations', fresh(p.recommendations), { per: 6, fontSize: 18 })
  bulletSlides(
    'Next steps',
    [
      'A written report follows: the council checks it for factual accuracy',
      ...(p.nextSteps?.length
        ? p.nextSteps
        : [
            'The council publishes the report and an action plan within three months',
            'A progress review follows, about ten months after the visit',
          ]),
    ],
    { fontSize: 18 },
  )
  const contacts = p.contacts ?? []
  if (contacts.length) {
    const s = contentSlide('Contact')
    s.addText(
      contacts.flatMap((k, i) => [
        {
          text: k.name,
          options: { ...TXT, fontSize: 22, bold: true, color: INK, breakLine: true, paraSpaceBefore: i ? 18 : 0 },
        },
        { text: `${k.title}, ${k.organisation}`, options: { ...TXT, fontSize: 18, color: INK, breakLine: true } },
        ...(k.email
          ? [{ text: `Email: ${k.email}`, options: { ...TXT, fontSize: 18, color: INK, breakLine: true } }]
          : []),
        ...(k.phone
          ? [{ text: `Telephone: ${k.phone}`, options: { ...TXT, fontSize: 18, color: INK, breakLine: true } }]
          : []),
      ]),
      { x: 0.6, y: 1.45, w: 12.1, h: 5.3, valign: 'top', ...TXT },
    )
  }
  return tidyPackage((await pptx.write({ outputType: 'nodebuffer' })) as Buffer)
}

/**
 * pptxgenjs writes some of its own parts (slide numbers, empty paragraphs, the document's language) as US English
 * whatever the text says: the package is rewritten so every part is British English (and its placeholders tidied).
 */
function tidyPackage(pptx: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(pptx))
  for (const [name, data] of Object.entries(files)) {
    if (!/\.(xml|rels)$/.test(name)) continue
    const xml = strFromU8(data)
    const fixed = xml
      .replace(/ altLang="en-US"/g, '')
      .replace(/lang="en-US"/g, `lang="${LANG}"`)
      .replace(/<dc:language>en-US<\/dc:language>/g, `<dc:language>${LANG}</dc:language>`)
      // Placeholders written as `<p:ph type="title" idx="100"/>` on one line, as PowerPoint writes them.
      .replace(/<p:ph\s+([^>]*?)\s*\/>/g, (_m, attrs: string) => {
        const list = attrs.trim().split(/\s+/)
        const type = list.filter((a) => a.startsWith('type='))
        return `<p:ph ${[...type, ...list.filter((a) => !a.startsWith('type='))].join(' ')}/>`
      })
    if (fixed !== xml) files[name] = strToU8(fixed)
  }
  return Buffer.from(zipSync(files, { level: 6 }))
}
