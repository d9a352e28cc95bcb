import type ExcelJS from 'exceljs'

/**
 * How a worksheet prints (decision 18): A4 landscape, as wide as the page and as many pages long as it needs, the
 * heading row repeated on every page, the document's title in the page header, page numbers in the footer, and a
 * print area that ends at the last row of data (rows formatted for new entries never print as blank pages).
 */
export function printLandscape(
  ws: ExcelJS.Worksheet,
  opts: { title: string; footer?: string; lastRow: number; lastColumn: number; headerRow?: number | null },
): void {
  const headerRow = opts.headerRow === undefined ? 1 : opts.headerRow
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages long as the rows need
    horizontalCentered: false,
    margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    printArea: `A1:${columnLetter(opts.lastColumn)}${Math.max(opts.lastRow, headerRow ?? 1)}`,
    ...(headerRow ? { printTitlesRow: `${headerRow}:${headerRow}` } : {}),
  }
  const esc = (s: string) => s.replace(/&/g, '&&')
  ws.headerFooter = {
    differentFirst: false,
    differentOddEven: false,
    oddHeader: `&L&"Arial,Bold"&10${esc(opts.title)}`,
    oddFooter: `&L&"Arial"&8${esc(opts.footer ?? '')}&R&"Arial"&8Page &P of &N`,
  }
}

/** A, B, …, Z, AA, … for a column number (1-based). */
export function columnLetter(n: number): string {
  let s = ''
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s
  return s
}

const text = (v: ExcelJS.CellValue): string => {
  if (v == null) return ''
  if (v instanceof Date) return '00/00/0000'
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('')
  return String(v)
}

/**
 * Sets each row's height to fit its wrapped text. Excel and LibreOffice size rows themselves only when a file is
 * edited, so a generated workbook would print every row one line high; this estimates the lines from each column's
 * width (in characters of the default font) and the cell's font size.
 */
export function fitRowHeights(ws: ExcelJS.Worksheet, fromRow: number, toRow: number, minLines = 1): void {
  for (let r = fromRow; r <= toRow; r++) {
    const row = ws.getRow(r)
    let height = 0
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const width = ws.getColumn(c).width ?? 9
      const size = cell.font?.size ?? 11
      // Characters a line holds: the width is counted in the default font's digits; text is narrower than digits on average, less what word wrapping leaves empty (measured against LibreOffice).
      const perLine = Math.max(1, Math.floor((width - 1) * (11 / size) * 1.2))
      const lines = text(cell.value)
        .split(/\r?\n/)
        .reduce((n, para) => n + Math.max(1, Math.ceil(para.length / perLine)), 0)
      height = Math.max(height, Math.max(lines, minLines) * size * 1.25 + 4)
    })
    if (height) row.height = Math.min(409, Math.round(height * 4) / 4)
  }
}
