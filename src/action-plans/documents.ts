import { Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx'
import type ExcelJS from 'exceljs'
import { newWorkbook } from '../documents/xlsx.ts'
import { csvFile } from '../documents/csv.ts'
import { fitRowHeights, printLandscape } from '../documents/xlsx-print.ts'
import { formatDate, formatDateRange, plural } from '../common/dates.ts'
import type { ActionView, PlanView, RecView } from './repo.ts'
import { ACTION_STATUSES, RAGS, RESPONSES, ragKey, ragLabel, type RagRule } from './rules.ts'
import { FONT, TABLE_BORDERS, heading, wordDocument } from '../documents/word.ts'
import type { Block, CommitteeReportContent } from './committee-report.ts'

/** The plan's documents: Word (landscape table, committee report, position statement), Excel and CSV. */

const RAG_FILL: Record<string, string> = { red: 'F4CCCC', amber: 'FFE599', green: 'D9EAD3', complete: 'D9EAD3' }

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
  return heading(text, level)
}
function cell(
  content: string | Paragraph[],
  opts: { header?: boolean; fill?: string; rowSpan?: number; size?: number; width?: number } = {},
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
    width: opts.width ? { size: opts.width, type: WidthType.DXA } : undefined,
    shading: opts.fill
      ? { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill }
      : opts.header
        ? { type: ShadingType.CLEAR, color: 'auto', fill: 'D9D9D9' }
        : undefined,
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
  })
}
const borders = TABLE_BORDERS

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
/**
 * Fixed column widths (twips) across a landscape A4 page's 14,570: wide enough at 8pt for the longest word each column
 * holds ("Recommendation", "September", "Amber") so no word breaks mid-word; the text columns take the rest.
 */
const PLAN_WIDTHS = [620, 2150, 1500, 520, 2500, 1300, 1050, 1150, 1150, 880, 1750]

/** Each action's place: printed in full under the first recommendation (in plan order) it serves. */
function actionHomes(v: PlanView): Map<number, RecView> {
  const home = new Map<number, RecView>()
  for (const r of v.recommendations) for (const id of r.actionIds) if (!home.has(id)) home.set(id, r)
  return home
}

/**
 * The plan as a landscape table, one row per recommendation and action, as councils append it to committee papers. An
 * action serving more than one recommendation is printed once, under the first, with the others it also serves; the
 * later recommendations point to it.
 */
function planTable(v: PlanView, size = 16): Table {
  const W = PLAN_WIDTHS
  const total = W.reduce((a, b) => a + b, 0)
  const home = actionHomes(v)
  const c = (content: string | Paragraph[], i: number, opts: Parameters<typeof cell>[1] = {}) =>
    cell(content, { size, width: W[i], ...opts })
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: PLAN_HEADERS.map((t, i) => c(t, i, { header: true })),
    }),
  ]
  for (const r of v.recommendations) {
    const acts = actionsOf(v, r)
    const own = acts.filter((a) => home.get(a.id) === r)
    const elsewhere = acts.filter((a) => home.get(a.id) !== r)
    const span = Math.max(1, own.length + (elsewhere.length ? 1 : 0))
    const response = `${r.responseLabel}${r.reasons ? `\n${r.reasons}` : ''}`
    const recCells = [
      c(r.ref, 0, { rowSpan: span }),
      c(r.title, 1, { rowSpan: span }),
      c(response, 2, { rowSpan: span }),
    ]
    const blanks = (from: number) => W.slice(from).map((_, i) => c('', from + i))
    const lead = (i: number) => (i === 0 ? recCells : [])
    if (!acts.length) {
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            ...recCells,
            c('', 3),
            c(r.response === 'not-accepted' ? 'No action: not accepted' : 'No action yet', 4),
            ...blanks(5),
          ],
        }),
      )
      continue
    }
    own.forEach((a, i) => {
      const also = a.recommendationRefs.filter((ref) => ref !== r.ref)
      const actionText = [
        new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: a.title, size })] }),
        ...a.milestones.map(
          (m) =>
            new Paragraph({
              spacing: { after: 40 },
              children: [
                new TextRun({
                  text: `• ${m.dueDate ? formatDate(m.dueDate) + ': ' : ''}${m.title}${m.doneOn ? ' (done)' : ''}`,
                  size,
                }),
              ],
            }),
        ),
        ...(also.length
          ? [
              new Paragraph({
                spacing: { after: 0 },
                children: [new TextRun({ text: `Also serves ${also.join(', ')}`, size, italics: true, bold: true })],
              }),
            ]
          : []),
      ]
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            ...lead(i),
            c(String(a.number), 3),
            c(actionText, 4),
            c(a.leadOfficer, 5),
            c(a.startDate ? formatDate(a.startDate) : '', 6),
            c(
              formatDate(a.targetDate) +
                (a.revisions.length ? `\n(originally ${formatDate(a.originalTargetDate)})` : ''),
              7,
            ),
            c(a.statusLabel, 8),
            c(ragLabel(a.rag) + (a.overridden ? ' (set by hand)' : ''), 9, { fill: RAG_FILL[a.rag] }),
            c(progressText(a), 10),
          ],
        }),
      )
    })
    if (elsewhere.length)
      rows.push(
        new TableRow({
          cantSplit: true,
          children: [
            ...lead(own.length),
            c(elsewhere.map((a) => String(a.number)).join(', '), 3),
            c(
              elsewhere
                .map((a) => `See action ${a.number}, under ${home.get(a.id)?.ref ?? 'another recommendation'}`)
                .join('\n'),
              4,
              { fill: 'F3F2F1' },
            ),
            ...blanks(5),
          ],
        }),
      )
  }
  return new Table({
    rows,
    borders,
    layout: TableLayoutType.FIXED,
    width: { size: total, type: WidthType.DXA },
    columnWidths: W,
  })
}

/** The RAG key: what each rating means, in the plan's own rules. */
function ragKeyTable(rules: RagRule[], size = 16): Table {
  const key = ragKey(rules)
  return new Table({
    borders,
    layout: TableLayoutType.FIXED,
    width: { size: 9000, type: WidthType.DXA },
    columnWidths: [1400, 7600],
    rows: [
      new TableRow({
        tableHeader: true,
        children: [
          cell('RAG', { header: true, size, width: 1400 }),
          cell('Meaning', { header: true, size, width: 7600 }),
        ],
      }),
      ...key.map(
        (k) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(k.label, { size, width: 1400, fill: RAG_FILL[k.key] }),
              cell(k.meaning, { size, width: 7600 }),
            ],
          }),
      ),
    ],
  })
}

const LANDSCAPE = { landscape: true } as const

/** The plan's Word documents through the Word kit: its styles, running header and page numbers. */
function doc(
  title: string,
  sections: { properties?: typeof LANDSCAPE; children: (Paragraph | Table)[] }[],
  opts: { reference?: string; draft?: string | null; cover?: Parameters<typeof wordDocument>[0]['cover'] } = {},
): Promise<Buffer> {
  return wordDocument({
    title,
    size: 22,
    // Committee papers and plans are read front to back; only the feedback report is long enough for contents.
    contents: false,
    ...opts,
    sections: sections.map((s) => ({ landscape: !!s.properties?.landscape, children: s.children })),
  })
}

function planTitle(v: PlanView) {
  return `${v.challenge.councilName}: ${v.challenge.reviewTypeName.toLowerCase()} action plan`
}

function ragSummary(v: PlanView): string {
  const c = v.counts
  return `${plural(c.actions, 'action')}: ${c.rag.red} red, ${c.rag.amber} amber, ${c.rag.green} green. ${c.status.complete + c.status.bau} complete or moved to business as usual, ${c.status['in-progress']} in progress, ${c.status['not-started']} not started.`
}

/**
 * The plan as a council publishes it: a cover, then the landscape table with its RAG key. `heading` is a stored
 * snapshot's title ("As reported to Cabinet on …"); `rules` the RAG rules the ratings were worked out by.
 */
export async function planDocx(v: PlanView, heading?: string, rules: RagRule[] = []): Promise<Buffer> {
  const title = planTitle(v)
  const state = heading ?? (v.approvedOn ? `Approved ${formatDate(v.approvedOn)}` : 'Draft, not yet approved')
  return doc(
    title,
    [
      {
        properties: LANDSCAPE,
        children: [
          h(title, 1),
          p(
            `${state}. Position at ${formatDate(v.asOf)}. Peer challenge ${v.challenge.reference}, on site ${formatDate(v.challenge.onsiteStart)} to ${formatDate(v.challenge.onsiteEnd)}.`,
          ),
          p(ragSummary(v)),
          planTable(v),
          ...(rules.length
            ? [
                h('RAG key', 3),
                ragKeyTable(rules),
                p(
                  `Ratings follow the rules “${v.ruleset.name}”: the first meaning that applies gives the rating. A rating set by hand is marked “(set by hand)” and its reason recorded.`,
                  { italics: true, size: 16 },
                ),
              ]
            : [
                p(
                  `RAG ratings follow the rules “${v.ruleset.name}”; a rating set by hand is marked and its reason recorded.`,
                  { italics: true, size: 16 },
                ),
              ]),
        ],
      },
    ],
    {
      reference: v.challenge.reference,
      draft:
        v.status === 'approved' || heading
          ? null
          : `Draft action plan, not yet approved — position at ${formatDate(v.asOf)}`,
      cover: {
        kicker: v.challenge.reviewTypeName,
        title: v.challenge.councilName,
        subtitle: `Action plan in response to the ${v.challenge.reviewTypeName.toLowerCase()}`,
        lines: [state, `Position at ${formatDate(v.asOf)}`, `Reference ${v.challenge.reference}`],
      },
    },
  )
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
  description: 'Description',
  milestones: 'Milestones (change them on the plan page)',
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

const milestoneLines = (a: ActionView) =>
  a.milestones
    .map(
      (m) =>
        `• ${m.dueDate ? `${formatDate(m.dueDate)}: ` : ''}${m.title}${m.doneOn ? ` (done ${formatDate(m.doneOn)})` : ''}`,
    )
    .join('\n')

/**
 * The plan as the council prints it or appends it to a committee paper: one row per recommendation and action, the
 * action's description and milestones with it. For reading only: the import reads the Responses and Actions sheets.
 */
function printSheet(wb: ExcelJS.Workbook, v: PlanView, footer: string) {
  const ws = wb.addWorksheet('Action plan', { properties: { defaultRowHeight: 15 } })
  ws.columns = [
    { header: 'Ref', key: 'ref', width: 5 },
    { header: 'Recommendation', key: 'rec', width: 26 },
    { header: 'Council response', key: 'response', width: 14 },
    { header: 'No.', key: 'number', width: 4 },
    { header: 'Action', key: 'action', width: 34 },
    { header: 'Milestones', key: 'milestones', width: 24 },
    { header: 'Lead officer', key: 'lead', width: 14 },
    { header: 'Target date', key: 'target', width: 11 },
    { header: 'Status', key: 'status', width: 12 },
    { header: 'RAG', key: 'rag', width: 7 },
    { header: 'Latest progress', key: 'latest', width: 28 },
  ]
  const font = { name: FONT, size: 10 }
  for (const r of v.recommendations) {
    const acts = actionsOf(v, r)
    const response = `${r.response ? r.responseLabel : 'No response yet'}${r.reasons ? `\n${r.reasons}` : ''}`
    if (!acts.length)
      ws.addRow({
        ref: r.ref,
        rec: r.title,
        response,
        action: r.response === 'not-accepted' ? 'No action: not accepted' : 'No action yet',
      })
    acts.forEach((a, i) => {
      const row = ws.addRow({
        ref: r.ref,
        rec: i === 0 ? r.title : '',
        response: i === 0 ? response : '',
        number: a.number,
        action: a.description.trim()
          ? {
              richText: [
                { text: a.title, font: { ...font, bold: true } },
                { text: `\n${a.description.trim()}`, font },
              ],
            }
          : a.title,
        milestones: milestoneLines(a),
        lead: a.leadOfficer,
        target:
          formatDate(a.targetDate) + (a.revisions.length ? `\n(originally ${formatDate(a.originalTargetDate)})` : ''),
        status: a.statusLabel,
        rag: ragLabel(a.rag) + (a.overridden ? ' (set by hand)' : ''),
        latest: progressText(a),
      })
      const fill = RAG_FILL[a.rag]
      if (fill) row.getCell('rag').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill}` } }
    })
  }
  const last = ws.rowCount
  const thin = { style: 'thin' as const, color: { argb: 'FF808080' } }
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r)
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c)
      cell.font = { ...font, bold: r === 1 || cell.font?.bold }
      cell.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' }
      cell.border = { top: thin, bottom: thin, left: thin, right: thin }
    }
  }
  ws.getRow(1).eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } }))
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  fitRowHeights(ws, 1, last)
  printLandscape(ws, { title: planTitle(v), footer, lastRow: last, lastColumn: ws.columnCount })
}

export async function planXlsx(v: PlanView, planVersion: number): Promise<Buffer> {
  const wb = newWorkbook()
  wb.creator = 'Peer Challenge'
  wb.title = planTitle(v)
  wb.created = new Date(`${v.asOf}T12:00:00Z`)
  const title = planTitle(v)
  const footer = `${v.challenge.reference} · position at ${formatDate(v.asOf)} · plan version ${planVersion}`
  const styleHeader = (ws: ExcelJS.Worksheet) => {
    ws.getRow(1).font = { bold: true }
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } }
    ws.getRow(1).alignment = { wrapText: true, vertical: 'top' }
    ws.views = [{ state: 'frozen', ySplit: 1 }]
  }
  {
    const ws = wb.addWorksheet('Read me')
    ws.columns = [{ width: 110 }]
    const lines = [
      title,
      `Peer challenge ${v.challenge.reference}. Exported ${formatDate(v.asOf)} (plan version ${planVersion}).`,
      '',
      'The Action plan sheet is the plan for reading and printing (A4 landscape); changes to it are not read back.',
      'Edit the Responses and Actions sheets, then upload this file on the action plan page: you will see every change before it is applied.',
      'Recommendation wording is locked (it is the peer team’s) and cannot be changed here.',
      'To add an action, fill a row of the Actions sheet and leave the Action ID empty.',
      'A new target date needs a reason; the earlier date is kept.',
      'A change of status needs a new progress update (and its date, or today is used). Updates are added; earlier ones are never overwritten.',
      'Milestones are shown for reference: add, change or tick them off on the action plan page.',
      'Do not change the IDs or this sheet.',
    ]
    lines.forEach((l, i) => (ws.getCell(i + 1, 1).value = l))
    ws.getCell(1, 1).font = { bold: true, size: 14 }
    ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' }
    printLandscape(ws, { title, footer, lastRow: lines.length, lastColumn: 1, headerRow: null })
  }
  printSheet(wb, v, footer)
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
  fitRowHeights(rs, 1, v.recommendations.length + 1)
  printLandscape(rs, { title, footer, lastRow: v.recommendations.length + 1, lastColumn: 5 })
  const as = wb.addWorksheet('Actions')
  const C = ACTION_COLUMNS
  as.columns = [
    { header: C.id, key: 'id', width: 9 },
    { header: C.number, key: 'number', width: 5 },
    { header: C.recs, key: 'recs', width: 14 },
    { header: C.title, key: 'title', width: 40 },
    { header: C.description, key: 'description', width: 40 },
    { header: C.milestones, key: 'milestones', width: 32 },
    { header: C.lead, key: 'lead', width: 20 },
    { header: C.start, key: 'start', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
    { header: C.target, key: 'target', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
    { header: C.targetReason, key: 'targetReason', width: 24 },
    { header: C.status, key: 'status', width: 16 },
    { header: C.rag, key: 'rag', width: 10 },
    { header: C.override, key: 'override', width: 10 },
    { header: C.overrideReason, key: 'overrideReason', width: 24 },
    { header: C.latest, key: 'latest', width: 40 },
    { header: C.newUpdate, key: 'newUpdate', width: 40 },
    { header: C.updateDate, key: 'updateDate', width: 12, style: { numFmt: 'dd/mm/yyyy' } },
  ]
  const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null)
  for (const a of v.actions) {
    as.addRow({
      id: a.id,
      number: a.number,
      recs: a.recommendationRefs.join(', '),
      title: a.title,
      description: a.description,
      milestones: milestoneLines(a),
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
  const n = (key: string) => as.getColumn(key).number
  const statusList = `"${ACTION_STATUSES.map((s) => s.label).join(',')}"`
  const ragList = `"${RAGS.map((s) => s.label).join(',')}"`
  for (let i = 2; i <= v.actions.length + 200; i++) {
    as.getCell(i, n('status')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [statusList],
      showErrorMessage: true,
      errorTitle: 'Status',
      error: 'Choose a status from the list',
    }
    as.getCell(i, n('override')).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [ragList],
      showErrorMessage: true,
      errorTitle: 'RAG',
      error: 'Choose Red, Amber or Green, or leave empty',
    }
    for (const k of ['start', 'target', 'updateDate']) as.getCell(i, n(k)).numFmt = 'dd/mm/yyyy'
    as.getRow(i).alignment = { wrapText: true, vertical: 'top' }
  }
  // Milestones are read-only here: shaded as the worked-out rating is.
  for (let i = 1; i <= v.actions.length + 1; i++)
    as.getCell(i, n('milestones')).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEEEEEE' } }
  for (let i = 2; i <= v.actions.length + 1; i++) {
    const fill = RAG_FILL[v.actions[i - 2]!.computedRag]
    if (fill) as.getCell(i, n('rag')).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill}` } }
  }
  fitRowHeights(as, 1, v.actions.length + 1)
  printLandscape(as, { title, footer, lastRow: v.actions.length + 1, lastColumn: as.columnCount })
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
