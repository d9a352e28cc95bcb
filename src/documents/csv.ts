import { stringify } from 'csv-stringify/sync'

/**
 * A cell a spreadsheet would read as a formula (or a DDE call) is neutralised with a leading single quote, as OWASP's
 * CSV injection guidance says: text that starts with =, +, -, @, a tab or a carriage return (and their full-width
 * forms, which some spreadsheets also accept).
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r＝＋－＠]/.test(value) ? `'${value}` : value
}

/**
 * Rows as CSV for a spreadsheet: every cell neutralised, CRLF line ends, and a byte-order mark so that Excel opens
 * the UTF-8 text with its accents and curly quotes intact. The one CSV writer for downloads.
 */
export function csvFile(rows: readonly (readonly string[])[], opts: { quoteAll?: boolean } = {}): string {
  return (
    '\ufeff' +
    stringify(
      rows.map((r) => r.map(safeCell)),
      { quoted_string: opts.quoteAll ?? false, record_delimiter: '\r\n' },
    )
  )
}
