import pptxgen from 'pptxgenjs'

// pptxgenjs ships CommonJS with ESM-style types: at run time the default import is the class itself.
const PptxGenJS = pptxgen as unknown as typeof pptxgen.default
type Slide = ReturnType<InstanceType<typeof PptxGenJS>['addSlide']>
import { plural } from '../common/dates.ts'
import type { Theme } from '../frameworks/types.ts'
import type { ReportContent, ReportFacts } from './service.ts'

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
  dates: { label: string; due: string; kind: string }[]
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
    for (const r of m.recommendations) out.push(`- ${r.title}${r.body ? ` – ${r.body.replace(/\s*\n\s*/g, ' ')}` : ''}`)
  else out.push('No key recommendations yet.')
  out.push('', '## 3. Summary of the peer challenge approach', '', '### The peer team', '')
  out.push(
    'Peer challenges are delivered by experienced elected member and officer peers. The make-up of the peer team reflected the focus of the peer challenge and peers were selected on the basis of their relevant experience and expertise. The peers were:',
    '',
  )
  for (const p of f.team) out.push(`- ${peerLine(p)}`)
  out.push('', '### Scope and focus', '')
  out.push(
    `The peer team considered the following ${m.themes.length === 5 ? 'five' : m.themes.length} themes which form the core components of all corporate peer challenges (${m.frameworkName}). These areas are critical to councils’ performance and improvement.`,
    '',
  )
  m.themes.forEach((t, i) => out.push(`${i + 1}. ${t.title}: ${t.question}`))
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
      `- Spoke to more than ${c.peopleMet} people including a range of council staff together with members and external stakeholders.`,
    )
    out.push(
      `- Gathered evidence, information and views from more than ${c.meetingsHeld} meetings, visits to key sites in the area and additional research and reading.`,
    )
    out.push(
      `- Collectively spent more than ${c.hours} hours to determine their findings${c.weeks ? ` – the equivalent of one person spending more than ${plural(c.weeks, 'week')} at ${f.councilName}` : ''}.`,
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
    out.push(
      `### 4.${i + 1} ${t.title}`,
      '',
      `**${t.question}**`,
      '',
      paras(m.content.themes[t.key] ?? '') || '_To be written._',
      '',
    )
  })
  f.focusAreas.forEach((a, i) => {
    const text = paras(m.content.focus[i] ?? '')
    if (text) out.push(`### 4.${m.themes.length + i + 1} ${a}`, '', text, '')
  })
  out.push('## 5. Next steps', '')
  if (paras(m.content.nextSteps)) out.push(paras(m.content.nextSteps), '')
  out.push(
    'It is recognised that the council’s senior political and managerial leadership will want to consider, discuss and reflect on these findings. The dates that follow from the peer challenge are:',
    '',
  )
  for (const d of m.dates) out.push(`- ${d.label}: ${d.kind === 'deadline' ? 'by' : 'expected by'} ${d.due}`)
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
