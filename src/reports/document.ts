import pptxgen from 'pptxgenjs'

// pptxgenjs ships CommonJS with ESM-style types: at run time the default import is the class itself.
const PptxGenJS = pptxgen as unknown as typeof pptxgen.default
type Slide = ReturnType<InstanceType<typeof PptxGenJS>['addSlide']>
import { plural } from '../common/dates.ts'
import type { Theme } from '../frameworks/types.ts'
import type { ReportContent, ReportFacts, ThemeRecommendation } from './service.ts'
import { formatDate } from '../common/dates.ts'

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
function nextStepSentences(dates: ReportModel['dates'], council: string): string[] {
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

/** The end-of-visit feedback presentation (.pptx): the team, the scope, the figures, each theme's strengths and areas to consider, key recommendations. */
export async function presentationPptx(p: {
  reference: string
  facts: ReportFacts
  themes: { title: string; strengths: string[]; improve: string[] }[]
  recommendations: string[]
}): Promise<Buffer> {
  const pptx = new PptxGenJS()
  pptx.layout = 'LAYOUT_WIDE'
  pptx.title = `${p.facts.councilName}: peer challenge feedback`
  pptx.company = 'Peer Challenge'
  const font = 'Arial'
  const heading = (s: Slide, t: string) =>
    s.addText(t, { x: 0.5, y: 0.3, w: 12.3, h: 0.9, fontFace: font, fontSize: 30, bold: true, color: '0B0C0C' })
  /** At most `most` items, each cut to `chars` characters, as bullet runs ("None recorded" when empty). */
  const runs = (items: string[], most: number, chars: number) =>
    (items.length ? items : ['None recorded']).slice(0, most).map((t) => ({
      text: t.length > chars ? `${t.slice(0, chars - 3)}…` : t,
      options: { bullet: true, breakLine: true },
    }))
  const bullets = (s: Slide, items: string[]) =>
    s.addText(runs(items, 8, 220), {
      x: 0.6,
      y: 1.4,
      w: 12.1,
      h: 5.6,
      fontFace: font,
      fontSize: 18,
      color: '0B0C0C',
      valign: 'top',
    })
  const title = pptx.addSlide()
  title.background = { color: '1D70B8' }
  title.addText(p.facts.reviewName, { x: 0.6, y: 1.5, w: 12, h: 0.8, fontFace: font, fontSize: 24, color: 'FFFFFF' })
  title.addText(p.facts.councilName, {
    x: 0.6,
    y: 2.3,
    w: 12,
    h: 1.2,
    fontFace: font,
    fontSize: 40,
    bold: true,
    color: 'FFFFFF',
  })
  title.addText(`Feedback from the peer team · ${p.facts.dates}`, {
    x: 0.6,
    y: 3.6,
    w: 12,
    h: 0.7,
    fontFace: font,
    fontSize: 22,
    color: 'FFFFFF',
  })
  const team = pptx.addSlide()
  heading(team, 'The peer team')
  bullets(team, p.facts.team.map(peerLine))
  const scope = pptx.addSlide()
  heading(scope, 'Scope and focus')
  bullets(scope, [...p.themes.map((t) => t.title), ...p.facts.focusAreas.map((a) => `Also asked: ${a}`)])
  const c = p.facts.counts
  const process = pptx.addSlide()
  heading(process, 'The process')
  bullets(process, [
    `${plural(p.facts.days, 'day')} on site`,
    `More than ${c.peopleMet} people met`,
    `More than ${c.meetingsHeld} meetings, site visits and focus groups`,
    `More than ${c.hours} hours – the equivalent of one person spending ${plural(c.weeks, 'week')} at the council`,
  ])
  for (const t of p.themes) {
    const s = pptx.addSlide()
    heading(s, t.title)
    s.addText('Strengths', { x: 0.6, y: 1.3, w: 6, h: 0.5, fontFace: font, fontSize: 20, bold: true, color: '00703C' })
    s.addText('Areas to consider', {
      x: 6.9,
      y: 1.3,
      w: 6,
      h: 0.5,
      fontFace: font,
      fontSize: 20,
      bold: true,
      color: 'D4351C',
    })
    const col = (items: string[], x: number) =>
      s.addText(runs(items, 6, 160), {
        x,
        y: 1.9,
        w: 5.9,
        h: 5.2,
        fontFace: font,
        fontSize: 15,
        color: '0B0C0C',
        valign: 'top',
      })
    col(t.strengths, 0.6)
    col(t.improve, 6.9)
  }
  const recs = pptx.addSlide()
  heading(recs, 'Key recommendations')
  bullets(recs, p.recommendations)
  const next = pptx.addSlide()
  heading(next, 'Next steps')
  bullets(next, [
    'A written report follows: the council checks it for factual accuracy',
    'The council publishes the report and an action plan',
    'A progress review follows, about ten months after the visit',
  ])
  return (await pptx.write({ outputType: 'nodebuffer' })) as Buffer
}
