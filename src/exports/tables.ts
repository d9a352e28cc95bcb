import { newWorkbook } from '../documents/xlsx.ts'
import { csvFile } from '../documents/csv.ts'

/** A list as a download: the same rows as CSV (through the one CSV writer) or as an Excel sheet with a header row. */
export type Column<T> = { header: string; value: (row: T) => string | number | null; width?: number }

export async function tableFile<T>(
  name: string,
  sheet: string,
  columns: Column<T>[],
  rows: readonly T[],
  format: 'csv' | 'xlsx',
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  if (format === 'csv') {
    const cells = rows.map((r) => columns.map((c) => c.value(r)))
    return {
      filename: `${name}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(
        csvFile([columns.map((c) => c.header), ...cells.map((r) => r.map((v) => (v == null ? '' : String(v))))]),
      ),
    }
  }
  return workbookFile(name, [{ name: sheet, columns, rows }])
}

/** Several lists as one Excel workbook, a sheet each, each with its header row frozen and filtered. */
export async function workbookFile(
  name: string,
  sheets: { name: string; columns: Column<any>[]; rows: readonly unknown[] }[],
): Promise<{ filename: string; contentType: string; content: Buffer }> {
  const wb = newWorkbook()
  wb.creator = 'Peer Challenge'
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] })
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width ?? 20 }))
    ws.getRow(1).font = { bold: true }
    // text that looks like a formula stays text: exceljs writes strings as strings, never formulas
    for (const r of sheet.rows) ws.addRow(sheet.columns.map((c) => c.value(r) ?? ''))
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } }
  }
  return {
    filename: `${name}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await wb.xlsx.writeBuffer()),
  }
}
