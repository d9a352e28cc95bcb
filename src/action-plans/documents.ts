import {
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx'
import ExcelJS from 'exceljs'
import { csvFile } from '../documents/csv.ts'
import { formatDate, formatDateRange, plural } from '../common/dates.ts'
import type { ActionView, PlanView, RecView } from './repo.ts'
import { ACTION_STATUSES, RAGS, RESPONSES, ragLabel } from './rules.ts'
import type { Block, CommitteeReportContent } from './committee-report.ts'

/** The plan's documents: Word (landscape table, committee report, position statement), Excel and CSV. */

const FONT = 'Arial'
const RAG_FILL: Record<string, string> = { red: 'F4CCCC', amber: 'FFE599', green: 'D9EAD3' }

function p(text: string, opts: { bold?: boolean; size?: number; after?: number; italics?: boolean } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: opts.after ?? 120 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, size: opts.size, font: FONT })],
  })
}
function paras(text: string, size?: number): Paragraph[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim())
  return (lines.length ? lines : ['']).map((l) => p(l, { size, after: 60 }))
}
function h(text: string, level: 1 | 2 | 3 = 2): Paragraph {
  const heading = level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3
  return new Paragraph({ heading, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, font: FONT })] })
}
function cell(
  content: string | Paragraph[],
  opts: { header?: boolean; fill?: string; rowSpan?: number; size?: number } = {},
): TableCell {
  const children =
    typeof content === 'string'
      ? opts.header
        ? [p(content, { bold: true, size: opts.size, after: 0 })]
        : paras(content, opts.size)
      : content
  return new TableCell({
    children,
    rowSpan: opts.rowSpan,
    shading: opts.fill
      ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill }
      : opts.header
        ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9D9D9' }
        : undefined,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
  })
}
const borders = {
  top: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  left: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  right: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
  insideVertical: { style: BorderStyle.SINGLE, size: 4, color: '808080' },
}

const actionsOf = (v: PlanView, r: RecView) =>
  r.actionIds.map((id) => v.actions.find((a) => a.id === id)!).filter(Boolean)
const progressText = (a: ActionView) =>
  a.latestUpdate ? `${formatDate(a.latestUpdate.asOf)}: ${a.latestUpdate.text}` : 'No update yet'

const PLAN_HEADERS = [
  'Ref',
  'Recommendation',
  'Council response',
  'No.',
  'Action',
  'Lead officer',
  'Start',
  'Target date',
  'Status',
  'RAG',
  'Latest progress',
]
const PLAN_WIDTHS = [5, 17, 12, 4, 17, 9, 7, 8, 7, 6, 18]

/** The plan as a landscape table, one row per recommendation and action, as councils append it to committee papers. */
function planTable(v: PlanView, size = 16): Table {
  const rows: TableRow[] = [
    new TableRow({ tableHeader: true, children: PLAN_HEADERS.map((t) => cell(t, { header: true, size })) }),
  ]
  for (const r of v.recommendations) {
    const acts = actionsOf(v, r)
    const span = Math.max(1, acts.length)
    const response = `${r.responseLabel}${r.reasons ? `\n${r.reasons}` : ''}`
    const recCells = [
      cell(r.ref, { rowSpan: span, size }),
      cell(r.title, { rowSpan: span, size }),
      cell(response, { rowSpan: span, size }),
    ]
    if (!acts.length) {
      rows.push(
        new TableRow({
          children: [
            ...recCells,
            cell('', { size }),
            cell(r.response === 'not-accepted' ? 'No action: not accepted' : 'No action yet', { size }),
            ...['', '', '', '', '', ''].map((t) => cell(t, { size })),
          ],
        }),
      )
      continue
    }
    acts.forEach((a, i) => {
      const own = [
        cell(String(a.number), { size }),
        cell(
          a.title +
            (a.milestones.length
              ? '\n' +
                a.milestones
                  .map(
                    (m) => `• ${m.dueDate ? formatDate(m.dueDate) + ': ' : ''}${m.title}${m.doneOn ? ' (done)' : ''}`,
                  )
                  .join('\n')
              : ''),
          { size },
        ),
        cell(a.leadOfficer, { size }),
        cell(a.startDate ? formatDate(a.startDate) : '', { size }),
        cell(
          formatDate(a.targetDate) + (a.revisions.length ? `\n(originally ${formatDate(a.originalTargetDate)})` : ''),
          { size },
        ),
        cell(a.statusLabel, { size }),
        cell(ragLabel(a.rag) + (a.overridden ? ' (set by hand)' : ''), { size, fill: RAG_FILL[a.rag] }),
        cell(progressText(a), { size }),
      ]
      rows.push(new TableRow({ children: i === 0 ? [...recCells, ...own] : own }))
    })
  }
  const total = PLAN_WIDTHS.reduce((a, b) => a + b, 0)
  return new Table({
    rows,
    borders,
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: PLAN_WIDTHS.map((w) => Math.round((w / total) * 14500)),
  })
}

const LANDSCAPE = {
  page: { size: { orientation: PageOrientation.LANDSCAPE }, margin: { top: 720, bottom: 720, left: 720, right: 720 } },
}

function doc(title: string, sections: ISectionOptions[]): Promise<Buffer> {
  return Packer.toBuffer(
    new Document({
      title,
      creator: 'Peer Challenge',
      styles: { default: { document: { run: { font: FONT, size: 22 } } } },
      sections,
    }),
  )
}

function planTitle(v: PlanView) {
  return `${v.challenge.councilName}: ${v.challenge.reviewTypeName.toLowerCase()} action plan`
}

function ragSummary(v: PlanView): string {
  const c = v.counts
  return `${plural(c.actions, 'action')}: ${c.rag.red} red, ${c.rag.amber} amber, ${c.rag.green} green. ${c.status.complete + c.status.bau} complete or moved to business as usual, ${c.status['in-progress']} in progress, ${c.status['not-started']} not started.`
}

export async function planDocx(v: PlanView, heading?: string): Promise<Buffer> {
  const title = planTitle(v)
  return doc(title, [
    {
      properties: LANDSCAPE,
      children: [
        h(title, 1),
        p(
          `${heading ?? (v.approvedOn ? `Approved ${formatDate(v.approvedOn)}` : 'Draft')}. Position at ${formatDate(v.asOf)}. Peer challenge ${v.challenge.reference}, on site ${formatDate(v.challenge.onsiteStart)} to ${formatDate(v.challenge.onsiteEnd)}.`,
        ),
        p(ragSummary(v)),
        planTable(v),
        p(`RAG ratings follow the rules “${v.ruleset.name}”; a rating set by hand is marked and its reason recorded.`, {
          italics: true,
          size: 16,
        }),
      ],
    },
  ])
}

// Excel and CSV ----------------------------------------------------------------------------------------------------

/** Column headings of the workbook; the import reads columns by these names, so their order does not matter. */
export const RESPONSE_COLUMNS = {
  id: 'Recommendation ID',
  ref: 'Ref',
  title: 'Recommendation (wording locked)',
  response: 'Response',
  reasons: 'Reasons (needed unless accepted)',
} as const
export const ACTION_COLUMNS = {
  id: 'Action ID',
  number: 'No.',
  recs: 'Recommendations (refs)',
  title: 'Action',
  lead: 'Lead officer',
  start: 'Start date',
  target: 'Target date',
  targetReason: 'Reason for new target date',
  status: 'Status',
  rag: 'RAG (worked out)',
  override: 'RAG set by hand',
  overrideReason: 'Reason for RAG set by hand',
  latest: 'Latest update',
  newUpdate: 'New progress update',
  updateDate: 'Date of new update',
} as const

export async function planXlsx(v: PlanView, planVersion: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'Peer Challenge'
  wb.title = planTitle(v)
  wb.created = new Date(`${v.asOf}T12:00:00Z`)
  const styleHeader = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
  }
  {
    const ws = wb.addWorksheet('Read me')
    ws.columns = [{ width: 110 }]
    const lines = [
      planTitle(v),
      `Peer challenge ${v.challenge.reference}. Exported ${formatDate(v.asOf)} (plan version ${planVersion}).`,
      '',
      'Edit the Responses and Actions sheets, then upload this file on the action plan page: you will see every change before it is applied.',
      'Recommendation wording is locked (it is the peer team’s) and cannot be changed here.',
      'To add an action, fill a row of the Actions sheet and leave the Action ID empty.',
      'A new target date needs a reason; the earlier date is kept.',
      'A change of status needs a new progress update (and its date, or today is used). Updates are added; earlier ones are never overwritten.',
      'Do not change the IDs or this sheet.',
    ]
    lines.forEach((l, i) => (ws.getCell(i + 1, 1).value = l))
    ws.getCell(1, 1).font = { bold: true, size: 14 }
  }
  const rs = wb.addWorksheet('Responses')
  rs.columns = [
    { header: RESPONSE_COLUMNS.id, key: 'id', width: 10 },
    { header: RESPONSE_COLUMNS.ref, key: 'ref', width: 7 },
    { header: RESPONSE_COLUMNS.title, key: 'title', width: 70 },
    { header: RESPONSE_COLUMNS.response, key: 'response', width: 18 },
    { header: RESPONSE_COLUMNS.reasons, key: 'reasons', width: 50 },
  ]
  for (const r of v.recommendations)
    rs.addRow({ id: r.id, ref: r.ref, title: r.title, response: r.response ? r.responseLabel : '', reasons: r.reasons })
  styleHeader(rs)
  const responseList = `"${RESPONSES.map((x) => x.label).join(',')}"`
  for (let i = 2; i <= v.recommendations.length + 1; i++) {
    rs.getCell(i, 4).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [responseList],
      showErrorMessage: true,
      errorTitle: 'Response',
      error: 'Choose Accepted, Partly accepted or Not accepted',
    }
    rs.getRow(i).alignment = { wrapText: true, vertical: 'top' }
  }
  const as = wb.addWorksheet('Actions')
  const C = ACTION_COLUMNS
  as.columns = [
    { header: C.id, key: 'id', width: 9 },
    { header: C.number, key: 'number', width: 5 },
    { header: C.recs, key: 'recs', width: 14 },
    { header: C.title, key: 'title', width: 50 },
    { header: C.lead, key: 'lead', width: 22 },
    { header: C.start, key: 'start', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
    { header: C.target, key: 'target', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
    { header: C.targetReason, key: 'targetReason', width: 30 },
    { header: C.status, key: 'status', width: 18 },
    { header: C.rag, key: 'rag', width: 10 },
    { header: C.override, key: 'override', width: 10 },
    { header: C.overrideReason, key: 'overrideReason', width: 30 },
    { header: C.latest, key: 'latest', width: 50 },
    { header: C.newUpdate, key: 'newUpdate', width: 50 },
    { header: C.updateDate, key: 'updateDate', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
  ]
  const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null)
  for (const a of v.actions) {
    as.addRow({
      id: a.id,
      number: a.number,
      recs: a.recommendationRefs.join(', '),
      title: a.title,
      lead: a.leadOfficer,
      start: asDate(a.startDate),
      target: asDate(a.targetDate),
      status: a.statusLabel,
      rag: ragLabel(a.computedRag),
      override: a.override ? ragLabel(a.override.rag) : '',
      overrideReason: a.override?.reason ?? '',
      latest: a.latestUpdate ? `${formatDate(a.latestUpdate.asOf)}: ${a.latestUpdate.text}` : '',
    })
  }
  styleHeader(as)
  const statusList = `"${ACTION_STATUSES.map((s) => s.label).join(',')}"`
  const ragList = `"${RAGS.map((s) => s.label).join(',')}"`
  for (let i = 2; i <= v.actions.length + 200; i++) {
    as.getCell(i, 9).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [statusList],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: 'Choose a status from the list',
    }
    as.getCell(i, 11).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [ragList],
      showErrorMessage: true,
      errorTitle: 'RAG',
      error: 'Choose Red, Amber or Green, or leave empty',
    }
    for (const c of [6, 7, 15]) as.getCell(i, c).numFmt = 'dd/mm/yyyy'
    as.getRow(i).alignment = { wrapText: true, vertical: 'top' }
  }
  for (let i = 2; i <= v.actions.length + 1; i++) {
    const fill = RAG_FILL[v.actions[i - 2]!.computedRag]
    if (fill) as.getCell(i, 10).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill}` } }
  }
  const meta = wb.addWorksheet('About', { state: 'veryHidden' })
  meta.addRow(['planId', v.planId])
  meta.addRow(['reference', v.challenge.reference])
  meta.addRow(['planVersion', planVersion])
  meta.addRow(['exportedOn', v.asOf])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export const CSV_HEADERS = [
  'Recommendation ref',
  'Recommendation',
  'Response',
  'Reasons',
  'Action no.',
  'Action',
  'Lead officer',
  'Start date',
  'Target date',
  'Original target date',
  'Status',
  'RAG',
  'RAG reason',
  'Latest update date',
  'Latest update',
]

export function planCsv(v: PlanView): string {
  const rows: string[][] = []
  for (const r of v.recommendations) {
    const acts = actionsOf(v, r)
    const rec = [r.ref, r.title, r.response ? r.responseLabel : '', r.reasons]
    if (!acts.length) rows.push([...rec, '', '', '', '', '', '', '', '', '', '', ''])
    for (const a of acts) {
      rows.push([
        ...rec,
        String(a.number),
        a.title,
        a.leadOfficer,
        a.startDate ?? '',
        a.targetDate,
        a.originalTargetDate,
        a.statusLabel,
        ragLabel(a.rag),
        a.ragReason,
        a.latestUpdate?.asOf ?? '',
        a.latestUpdate?.text ?? '',
      ])
    }
  }
  return csvFile([CSV_HEADERS, ...rows], { quoteAll: true })
}

// Committee report and position statement ---------------------------------------------------------------------------

/** What the position statement draft says besides the plan. */
export interface CommitteeMeta {
  reportPublished: string | null
  planPublished: string | null
  leadPeer: string | null
  progressReviewDue: string | null
}

const sentence = (s: string) => (/[.!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`)

/** One block of the committee report's content model, as Word paragraphs or a table. */
function renderBlock(b: Block): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'paragraph':
      return [
        b.style === 'bold'
          ? p(b.text, { bold: true })
          : b.style === 'italic'
            ? p(b.text, { italics: true })
            : b.style === 'note'
              ? p(b.text, { italics: true, size: 18 })
              : p(b.text),
      ]
    case 'subheading':
      return [h(b.text, 3)]
    case 'bullets':
      return b.items.map(
        (t) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun({ text: t, font: FONT })] }),
      )
    case 'numbered':
      return b.items.map((t, i) => p(`(${i + 1}) ${t}${i === b.items.length - 1 ? '.' : ';'}`))
    case 'table': {
      const rows: TableRow[] = []
      if (b.header.length)
        rows.push(new TableRow({ tableHeader: true, children: b.header.map((t) => cell(t, { header: true })) }))
      for (const r of b.rows)
        rows.push(
          new TableRow({ children: r.cells.map((t) => cell(t, { fill: r.rag ? RAG_FILL[r.rag] : undefined })) }),
        )
      return [new Table({ borders, width: { size: 60, type: WidthType.PERCENTAGE }, rows })]
    }
  }
}

/**
 * The committee report: its content model (committee-report.ts decides every word) rendered as Word, the header as
 * a two-column table, numbered sections, then the action plan as a landscape appendix.
 */
export async function committeeReportDocx(content: CommitteeReportContent, v: PlanView): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [p(content.council, { bold: true })]
  if (content.header.length)
    body.push(
      new Table({
        borders,
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: content.header.map((f) => new TableRow({ children: [cell(f.label, { header: true }), cell(f.value)] })),
      }),
    )
  body.push(h(content.title, 1))
  content.sections.forEach((s, i) => {
    body.push(h(`${i + 1}. ${s.heading}`))
    for (const b of s.blocks) body.push(...renderBlock(b))
  })
  for (const a of content.appendices) body.push(p(`${a.heading}.`, { italics: true }))
  return doc(content.title, [
    { children: body },
    ...content.appendices.map((a) => ({ properties: LANDSCAPE, children: [h(a.heading, 2), planTable(v)] })),
  ])
}

/** A first draft of the position statement the council writes for the progress review, from its plan and updates. */
export async function positionStatementDocx(v: PlanView, m: CommitteeMeta): Promise<Buffer> {
  const council = v.challenge.councilName
  const title = `${council}: position statement for the progress review`
  const body: (Paragraph | Table)[] = [
    h(title, 1),
    p(
      `Draft produced ${formatDate(v.asOf)} from the action plan and its progress updates. Edit before sending to the peer team.`,
      { italics: true },
    ),
    h('1. Introduction'),
    p(
      `The peer challenge team visited ${council} ${formatDateRange(v.challenge.onsiteStart, v.challenge.onsiteEnd)}${m.leadPeer ? `, led by ${m.leadPeer}` : ''}. ` +
        `Its report${m.reportPublished ? `, published on ${formatDate(m.reportPublished)},` : ''} made ${plural(v.recommendations.length, 'recommendation')}. ` +
        `The council’s action plan${v.approvedOn ? ` was approved on ${formatDate(v.approvedOn)}` : ''}${m.planPublished ? ` and published on ${formatDate(m.planPublished)}` : ''}. This statement sets out the progress made since.`,
    ),
    h('2. Summary'),
    p(ragSummary(v)),
    h('3. Progress against each recommendation'),
  ]
  for (const r of v.recommendations) {
    body.push(h(`${r.ref}. ${r.title}`, 3))
    body.push(p(`Our response: ${r.responseLabel}.${r.reasons ? ` ${sentence(r.reasons)}` : ''}`))
    const acts = actionsOf(v, r)
    for (const a of acts) {
      body.push(
        p(
          `${a.title} (${a.statusLabel.toLowerCase()}${a.completedOn ? ` ${formatDate(a.completedOn)}` : `, target ${formatDate(a.targetDate)}`})`,
          { bold: true },
        ),
      )
      const ups = [...a.updates].reverse()
      if (ups.length)
        for (const u of ups)
          body.push(
            new Paragraph({
              bullet: { level: 0 },
              children: [new TextRun({ text: `${formatDate(u.asOf)}: ${u.text}`, font: FONT })],
            }),
          )
      else body.push(p('No progress recorded yet.'))
    }
    if (!acts.length)
      body.push(
        p(
          r.response === 'not-accepted'
            ? 'The council did not take this recommendation forward, for the reasons above.'
            : 'No actions recorded.',
        ),
      )
  }
  const open = v.actions.filter((a) => a.rag !== 'green')
  body.push(h('4. Where we would value the peer team’s focus'))
  if (open.length)
    for (const a of open)
      body.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [
            new TextRun({
              text: `Action ${a.number}, ${a.title}: rated ${ragLabel(a.rag).toLowerCase()}. ${sentence(a.ragReason)}`,
              font: FONT,
            }),
          ],
        }),
      )
  else body.push(p('All actions are on track or complete. [Add the areas where the council would value challenge.]'))
  body.push(h('5. Next steps'))
  body.push(
    p(
      `[Describe the council’s plans beyond the action plan.]${m.progressReviewDue ? (m.progressReviewDue < v.asOf ? ` The progress review was due by ${formatDate(m.progressReviewDue)} and is overdue.` : ` The progress review is due by ${formatDate(m.progressReviewDue)}.`) : ''}`,
    ),
  )
  return doc(title, [{ children: body }])
}
