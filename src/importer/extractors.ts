/**
 * Binary formats to text. Runs inside the extraction worker (worker.ts), so a hostile file can exhaust only the
 * worker's memory and time, never the server's. Word goes through mammoth, PDF through unpdf (pdf.js).
 */
import { Unzip, UnzipInflate } from 'fflate'
import mammoth from 'mammoth'
import { getDocumentProxy } from 'unpdf'
import { htmlToText } from './html-text.ts'

export class ExtractError extends Error {
  constructor(
    readonly kind: 'encrypted' | 'corrupt' | 'too-large' | 'empty',
    message: string,
  ) {
    super(message)
  }
}

export const LIMITS = {
  /** the sum of a .docx's parts once unpacked */
  unpackedBytes: 60 * 1024 * 1024,
  entries: 2000,
  pages: 400,
}

/** Unpacks every entry of a zip in streaming fashion, counting bytes, and stops at the limit: a zip bomb is refused before anything is built from it. */
export function checkZip(bytes: Uint8Array): { entries: string[] } {
  const names: string[] = []
  let total = 0
  let failed: ExtractError | null = null
  const unzip = new Unzip((file) => {
    names.push(file.name)
    if (names.length > LIMITS.entries)
      failed ??= new ExtractError(
        'too-large',
        `The Word file has more than ${LIMITS.entries} parts; it is not a normal document`,
      )
    if (failed) return
    file.ondata = (err, chunk) => {
      if (err) failed ??= new ExtractError('corrupt', 'The Word file is damaged: one of its parts cannot be unpacked')
      total += chunk?.length ?? 0
      if (total > LIMITS.unpackedBytes) {
        failed ??= new ExtractError(
          'too-large',
          `The Word file unpacks to more than ${LIMITS.unpackedBytes / 1024 / 1024} MB (a "zip bomb"); it was not opened`,
        )
        file.terminate()
      }
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  const step = 64 * 1024
  try {
    for (let i = 0; i < bytes.length && !failed; i += step)
      unzip.push(bytes.subarray(i, Math.min(bytes.length, i + step)), i + step >= bytes.length)
  } catch {
    failed ??= new ExtractError('corrupt', 'The Word file is damaged and cannot be unpacked')
  }
  if (failed) throw failed
  if (!names.includes('word/document.xml'))
    throw new ExtractError('corrupt', 'The file is a zip archive but not a Word document (it has no word/document.xml)')
  return { entries: names }
}

export async function docxToText(bytes: Uint8Array): Promise<{ text: string; warnings: string[] }> {
  checkZip(bytes)
  try {
    const r = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { ignoreEmptyParagraphs: true })
    return {
      text: htmlToText(r.value),
      warnings: r.messages
        .filter((m) => m.type === 'error')
        .map((m) => m.message)
        .slice(0, 5),
    }
  } catch (e) {
    throw new ExtractError('corrupt', `The Word file could not be read: ${(e as Error).message.split('\n')[0]}`)
  }
}

interface Item {
  str: string
  x: number
  y: number
  size: number
  width: number
}

interface PdfLine {
  text: string
  x: number
  y: number
  size: number
}

/**
 * pdf.js set up for text alone: no font loading or rendering (no system fonts, no standard font files fetched for each
 * document: the built-in metrics give the widths the layout needs), no eval. unpdf keeps the pdf.js module loaded
 * between documents. CMaps stay available for CID fonts; they are fetched only when a document needs them.
 */
const PDF_OPTIONS = {
  isEvalSupported: false,
  stopAtErrors: false,
  disableFontFace: true,
  useSystemFonts: false,
  standardFontDataUrl: undefined,
  fontExtraProperties: false,
  verbosity: 0,
}

/** PDF to text: text items grouped into lines by position, lines into paragraphs by spacing; bullets, indentation, running headers and page numbers handled. */
export async function pdfToText(bytes: Uint8Array): Promise<{ text: string; pages: number; warnings: string[] }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), PDF_OPTIONS)
  } catch (e) {
    const name = (e as { name?: string }).name ?? ''
    if (name === 'PasswordException')
      throw new ExtractError(
        'encrypted',
        'The PDF is protected by a password. Remove the password (or print it to a new PDF) and upload it again.',
      )
    throw new ExtractError(
      'corrupt',
      'The PDF is damaged and could not be read. Try saving it again from the program that made it.',
    )
  }
  if (pdf.numPages > LIMITS.pages)
    throw new ExtractError(
      'too-large',
      `The PDF has ${pdf.numPages} pages; documents of more than ${LIMITS.pages} pages are not imported`,
    )
  const pages: PdfLine[][] = []
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p)
    const content = await page.getTextContent()
    const items: Item[] = []
    for (const it of content.items as { str?: string; transform?: number[]; width?: number; height?: number }[]) {
      if (!it.str || !it.transform) continue
      items.push({
        str: it.str,
        x: it.transform[4]!,
        y: it.transform[5]!,
        size: Math.abs(it.transform[3]!) || it.height || 10,
        width: it.width ?? 0,
      })
    }
    pages.push(toLines(items))
    page.cleanup()
  }
  await pdf.destroy()
  const text = layout(dropFurniture(pages))
  if (!text.trim())
    throw new ExtractError(
      'empty',
      'The PDF has no text to read (it may be a scanned image); a PDF with selectable text is needed',
    )
  return { text, pages: pages.length, warnings: [] }
}

function toLines(items: Item[]): PdfLine[] {
  items.sort((a, b) => b.y - a.y || a.x - b.x)
  const lines: { items: Item[]; y: number; size: number }[] = []
  for (const it of items) {
    const last = lines.at(-1)
    if (last && Math.abs(last.y - it.y) <= Math.max(2, it.size * 0.3)) last.items.push(it)
    else lines.push({ items: [it], y: it.y, size: it.size })
  }
  return lines
    .map((l) => {
      l.items.sort((a, b) => a.x - b.x)
      let text = ''
      let end = -Infinity
      for (const it of l.items) {
        if (text && it.x - end > it.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(it.str))
          text += it.x - end > it.size * 2 ? '\t' : ' '
        text += it.str
        end = it.x + it.width
      }
      return {
        text: text.replace(/[ ]{2,}/g, ' ').trimEnd(),
        x: l.items[0]!.x,
        y: l.y,
        size: Math.max(...l.items.map((i) => i.size)),
      }
    })
    .filter((l) => l.text.trim())
}

/** Running headers and footers (the same line at the top or bottom of most pages) and page numbers go. */
function dropFurniture(pages: PdfLine[][]): PdfLine[][] {
  const norm = (s: string) => s.replace(/\d+/g, '#').trim().toLowerCase()
  const counts = new Map<string, number>()
  for (const lines of pages) {
    const edge = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map((l) => norm(l.text)))
    for (const k of edge) counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const repeated = (s: string) => pages.length >= 3 && (counts.get(norm(s)) ?? 0) >= Math.ceil(pages.length * 0.5)
  const pageNo = /^(?:page\s+)?\d{1,3}(?:\s*(?:of|\/)\s*\d{1,3})?$/i
  return pages.map((lines) =>
    lines.filter((l, i) => {
      const edge = i < 2 || i >= lines.length - 2
      return !(edge && (pageNo.test(l.text.trim()) || repeated(l.text)))
    }),
  )
}

function layout(pages: PdfLine[][]): string {
  const all = pages.flat()
  const left = Math.min(...all.map((l) => l.x))
  const out: string[] = []
  let para = ''
  const flush = () => {
    if (para) out.push(para, '')
    para = ''
  }
  for (const lines of pages) {
    let prev: PdfLine | null = null
    for (const l of lines) {
      let text = l.text.trim()
      const bullet = /^[•·▪◦●○■\uf0b7\uf0a7-]\s*/.exec(text)
      const indent = '  '.repeat(Math.max(0, Math.round((l.x - left) / 18)))
      const gap = prev ? prev.y - l.y : 0
      // a paragraph carries over a page break when it has not ended and the next page goes on in lower case
      const carried = !prev && para && !/[.!?:]$/.test(para) && /^[a-z]/.test(text)
      const newPara = carried
        ? false
        : !prev ||
          gap > prev.size * 1.6 ||
          Math.abs(l.size - prev.size) > 0.5 ||
          !!bullet ||
          (/[:]$/.test(prev.text) && /^\d/.test(text))
      if (bullet) text = `- ${text.slice(bullet[0].length)}`
      if (newPara) {
        flush()
        para = bullet ? `${indent}${text}` : text
      } else {
        para =
          para.endsWith('-') && /^[a-z]/.test(text) && !para.endsWith(' -')
            ? para.slice(0, -1) + text
            : `${para} ${text}`
      }
      prev = l
    }
  }
  flush()
  return out.join('\n').replace(/\n{3,}/g, '\n\n')
}
