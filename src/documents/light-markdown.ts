/**
 * The project's document writers for light markdown ('#' headings, '- ' bullets indented by two spaces per level,
 * '**' bold, tab-separated table rows): Word through `docx`, PDF through `pdfkit`. The importer's tests build each
 * seed report in both formats with these, and later outputs (reports, plans) share them.
 */
import { Paragraph, Tab, TextRun, type ParagraphChild } from 'docx'
import type PDFDocument from 'pdfkit'
import { lazyRequire } from '../common/lazy-require.ts'
import { heading, wordDocument } from './word.ts'

interface Block {
  kind: 'heading' | 'bullet' | 'para' | 'row'
  level: number
  text: string
}

function blocks(md: string): Block[] {
  const out: Block[] = []
  for (const raw of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (!raw.trim()) continue
    const h = /^\s*(#{1,6})\s+(.*)$/.exec(raw)
    if (h) {
      out.push({ kind: 'heading', level: h[1]!.length, text: h[2]! })
      continue
    }
    const b = /^(\s*)[-*•]\s+(.*)$/.exec(raw)
    if (b) {
      out.push({ kind: 'bullet', level: Math.min(4, Math.ceil(b[1]!.replace(/\t/g, '  ').length / 2)), text: b[2]! })
      continue
    }
    out.push({ kind: raw.includes('\t') ? 'row' : 'para', level: 0, text: raw.trim() })
  }
  return out
}

/** '**bold**' runs; an unmatched '**' stays as written. */
function runs(text: string): { text: string; bold: boolean }[] {
  const parts = text.split('**')
  if (parts.length % 2 === 0) return [{ text, bold: false }]
  return parts.map((t, i) => ({ text: t, bold: i % 2 === 1 })).filter((r) => r.text)
}

function docxChildren(text: string): ParagraphChild[] {
  const out: ParagraphChild[] = []
  text.split('\t').forEach((cell, i) => {
    if (i > 0) out.push(new TextRun({ children: [new Tab()] }))
    for (const r of runs(cell)) out.push(new TextRun({ text: r.text, bold: r.bold }))
  })
  return out
}

/**
 * Light markdown as Word paragraphs in the Word kit's styles. `from` drops what comes before the first heading at that
 * level (a title block the cover page states instead); `headingShift` moves heading levels up (-1: '##' is Heading 1).
 */
export function markdownToWord(md: string, opts: { from?: number; headingShift?: number } = {}): Paragraph[] {
  let bs = blocks(md)
  if (opts.from) {
    const start = bs.findIndex((b) => b.kind === 'heading' && b.level === opts.from)
    if (start > 0) bs = bs.slice(start)
  }
  const shift = opts.headingShift ?? 0
  return bs.map((b) => {
    if (b.kind === 'heading') return heading(b.text.replace(/\*\*/g, ''), b.level + shift)
    if (b.kind === 'bullet') return new Paragraph({ bullet: { level: b.level }, children: docxChildren(b.text) })
    // a paragraph that is all bold is a heading in all but style (a recommendation's title): keep it with what follows
    const allBold = /^\*\*[^*]+\*\*$/.test(b.text.trim())
    return new Paragraph({ keepNext: allBold || undefined, children: docxChildren(b.text) })
  })
}

/** A plain Word document from light markdown: the kit's styles, running header and page numbers, no cover. */
export async function markdownToDocx(md: string, opts: { title?: string } = {}): Promise<Buffer> {
  return wordDocument({
    title: opts.title ?? 'Document',
    contents: false,
    sections: [{ children: markdownToWord(md) }],
  })
}

/** Characters outside the standard PDF fonts' encoding are written as their nearest ASCII, or dropped (footnote marks). */
function pdfSafe(s: string): string {
  return s
    .replace(/[\u2070-\u209f\u00b9\u00b2\u00b3]/g, '')
    .replace(/[^\x00-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2122]/g, '')
}

/** pdfkit (with its fonts) is loaded on the first PDF, not at start (decision 40). */
const pdfkit = lazyRequire<typeof PDFDocument>('pdfkit')

export async function markdownToPdf(
  md: string,
  opts: { title?: string; runningHeader?: string; encryptWithPassword?: string } = {},
): Promise<Buffer> {
  const doc = new (pdfkit())({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 72, right: 72 },
    bufferPages: true,
    info: { Title: opts.title ?? 'Document', Creator: 'Peer Challenge' },
    ...(opts.encryptWithPassword
      ? { userPassword: opts.encryptWithPassword, ownerPassword: `${opts.encryptWithPassword}-owner` }
      : {}),
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()))
  const width = doc.page.width - 144
  for (const b of blocks(md)) {
    if (b.kind === 'heading') {
      doc
        .moveDown(0.6)
        .font('Helvetica-Bold')
        .fontSize(b.level <= 1 ? 18 : b.level === 2 ? 15 : 13)
        .text(pdfSafe(b.text.replace(/\*\*/g, '')), { width })
      doc.moveDown(0.4)
      continue
    }
    if (b.kind === 'row') {
      // a table row: cells side by side, each wrapping in its own column, as committee-report tables are laid out
      const cells = b.text.split('\t').map((c) => pdfSafe(c.replace(/\*\*/g, '').trim()))
      doc.font('Helvetica').fontSize(11)
      const first = Math.min(170, Math.max(60, doc.widthOfString(cells[0] ?? '') + 4))
      const restW = cells.length > 1 ? (width - first - 12 * (cells.length - 1)) / (cells.length - 1) : 0
      const widths = cells.map((_, i) => (i === 0 ? (cells.length === 1 ? width : first) : restW))
      const heights = cells.map((c, i) => (c ? doc.heightOfString(c, { width: widths[i]! }) : 0))
      if (doc.y + Math.max(...heights) > doc.page.height - 72) doc.addPage()
      const y = doc.y
      let x = 72
      cells.forEach((c, i) => {
        if (c) doc.text(c, x, y, { width: widths[i]! })
        x += widths[i]! + 12
      })
      doc.x = 72
      doc.y = y + Math.max(...heights)
      doc.moveDown(0.5)
      continue
    }
    const indent = b.kind === 'bullet' ? 18 + b.level * 18 : 0
    const text = b.kind === 'bullet' ? `• ${b.text}` : b.text
    const rs = runs(text)
    doc.fontSize(11)
    rs.forEach((r, i) => {
      doc
        .font(r.bold ? 'Helvetica-Bold' : 'Helvetica')
        .text(pdfSafe(r.text), i === 0 ? 72 + indent : undefined, undefined, {
          width: width - indent,
          continued: i < rs.length - 1,
        })
    })
    doc.x = 72
    doc.moveDown(0.5)
  }
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc.font('Helvetica').fontSize(9)
    if (opts.runningHeader) doc.text(pdfSafe(opts.runningHeader), 72, 36, { width, lineBreak: false })
    doc.text(`Page ${i + 1} of ${range.count}`, 72, doc.page.height - 48, { width, align: 'center', lineBreak: false })
  }
  doc.end()
  await done
  return Buffer.concat(chunks)
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * Light markdown as GOV.UK-styled HTML (the publication format): headings shifted by `headingOffset` so the page keeps
 * one h1, bullets as nested lists, paragraphs, bold. Everything is escaped: text written by users cannot add markup.
 */
export function markdownToHtml(md: string, opts: { headingOffset?: number } = {}): string {
  const off = opts.headingOffset ?? 0
  const inline = (t: string) =>
    runs(t)
      .map((r) => (r.bold ? `<strong>${escapeHtml(r.text)}</strong>` : escapeHtml(r.text)))
      .join('')
  const out: string[] = []
  let depth = -1
  const closeLists = (to: number) => {
    while (depth > to) {
      out.push('</li></ul>')
      depth--
    }
  }
  for (const b of blocks(md)) {
    if (b.kind === 'bullet') {
      if (b.level > depth) {
        while (depth < b.level) {
          out.push('<ul class="govuk-list govuk-list--bullet"><li>')
          depth++
        }
      } else {
        closeLists(b.level)
        out.push('</li><li>')
      }
      out.push(inline(b.text))
      continue
    }
    closeLists(-1)
    if (b.kind === 'heading') {
      const level = Math.min(6, b.level + off)
      const cls = level <= 2 ? 'govuk-heading-l' : level === 3 ? 'govuk-heading-m' : 'govuk-heading-s'
      out.push(`<h${level} class="${cls}">${escapeHtml(b.text.replace(/\*\*/g, ''))}</h${level}>`)
    } else out.push(`<p class="govuk-body">${b.text.split('\t').map(inline).join(' – ')}</p>`)
  }
  closeLists(-1)
  return out.join('\n')
}
