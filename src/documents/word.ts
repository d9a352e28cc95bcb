/**
 * The Word kit every generated .docx is built with (decision 0015): one set of styles (an explicit Normal, headings
 * that keep with the next paragraph, British English), a cover page with placeholders for the two logos, a running
 * header (the title and reference) and a "Page X of Y" footer on every page after the cover, a contents page when the
 * document is long, the draft marking on every page of a draft, and the LGA's back page. The documents themselves
 * (the feedback report, the action plan, the committee report, the position statement) only supply their content.
 */
import {
  AlignmentType,
  BorderStyle,
  Bookmark,
  BuilderElement,
  Document,
  DocumentDefaults,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  PageOrientation,
  InternalHyperlink,
  LevelFormat,
  LineRuleType,
  Paragraph,
  ShadingType,
  StyleForParagraph,
  TabStopType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  XmlAttributeComponent,
  XmlComponent,
  type IParagraphStylePropertiesOptions,
  type IStylesOptions,
  type IRunStylePropertiesOptions,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx'

export const FONT = 'Arial'
export const LANGUAGE = 'en-GB'
const TEXT = '0B0C0C'
const GREY = '505A5F'
const DRAFT_RED = 'B10E1E'

/** Headings at levels 1 and 2 beyond which a document gets a contents page. */
export const CONTENTS_AFTER_HEADINGS = 6

/** The LGA's address as it stands on the back page of its published reports. */
export const LGA_CONTACT = [
  'Local Government Association',
  '18 Smith Square',
  'London SW1P 3HZ',
  'Telephone 020 7664 3000',
  'Email info@local.gov.uk',
  'www.local.gov.uk',
] as const

type Block = Paragraph | Table
const HEADING_LEVELS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
]

/** Headings made by `heading()`, so a document can list them on its contents page and point at them. */
const headings = new WeakMap<Paragraph, { text: string; level: number; bookmark: string }>()
let bookmarkCount = 0

/** A heading in the document's heading style (levels 1 to 6), bookmarked for the contents page. */
export function heading(text: string, level = 1, opts: { pageBreakBefore?: boolean } = {}): Paragraph {
  const lvl = Math.max(1, Math.min(6, level))
  const bookmark = `_Toc${String(++bookmarkCount).padStart(8, '0')}`
  const para = new Paragraph({
    heading: HEADING_LEVELS[lvl - 1],
    pageBreakBefore: opts.pageBreakBefore,
    children: [new Bookmark({ id: bookmark, children: [new TextRun(text)] })],
  })
  headings.set(para, { text, level: lvl, bookmark })
  return para
}

// Fields ------------------------------------------------------------------------------------------------------------

const fldChar = (type: 'begin' | 'separate' | 'end') =>
  new BuilderElement<{ type: string }>({
    name: 'w:fldChar',
    attributes: { type: { key: 'w:fldCharType', value: type } },
  })

class FieldRun extends XmlComponent {
  constructor(child: XmlComponent) {
    super('w:r')
    this.root.push(child)
  }
}
class PreserveSpace extends XmlAttributeComponent<{ space: string }> {
  protected override readonly xmlKeys = { space: 'xml:space' }
}
class InstructionText extends XmlComponent {
  constructor(instruction: string) {
    super('w:instrText')
    this.root.push(new PreserveSpace({ space: 'preserve' }))
    this.root.push(instruction)
  }
}
/** Runs that open a complex field whose result follows (until `fieldEnd()`): Word replaces the result when it updates. */
const fieldStart = (instruction: string): ParagraphChild[] =>
  [
    new FieldRun(fldChar('begin')),
    new FieldRun(new InstructionText(instruction)),
    new FieldRun(fldChar('separate')),
  ] as unknown as ParagraphChild[]
const fieldEnd = (): ParagraphChild => new FieldRun(fldChar('end')) as unknown as ParagraphChild

// Document ----------------------------------------------------------------------------------------------------------

export interface WordCover {
  /** Above the title, e.g. "Corporate Peer Challenge". */
  kicker?: string
  /** The largest line: the council's name. */
  title: string
  /** e.g. "Corporate Peer Challenge feedback report". */
  subtitle: string
  /** Dates, version and anything else the cover states, one a line. */
  lines: string[]
}

export interface WordSection {
  landscape?: boolean
  children: Block[]
}

export interface WordOptions {
  /** The document's title: its properties and the running header. */
  title: string
  /** The reference shown in the running header beside the title (the challenge's). */
  reference?: string
  cover?: WordCover
  /** The draft marking carried on every page ("Draft for factual accuracy check — version 2, 1 December 2026"); none when final. */
  draft?: string | null
  /** Close with the LGA's back page (its contact details). */
  backPage?: boolean
  /** A contents page: always, never, or (the default) when there are more than CONTENTS_AFTER_HEADINGS headings at levels 1–2. */
  contents?: boolean | 'auto'
  /** Body text size in half-points (24 = 12pt). */
  size?: number
  sections: WordSection[]
}

const PORTRAIT = { orientation: PageOrientation.PORTRAIT }
const LANDSCAPE = { orientation: PageOrientation.LANDSCAPE }
const MARGIN = 1134 // 2 cm
const MARGINS = { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 }
/** Usable width in twips of an A4 page with these margins. */
export const TEXT_WIDTH = { portrait: 11906 - 2 * MARGIN, landscape: 16838 - 2 * MARGIN }

function draftBanner(draft: string): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F6D7D2' },
      border: {
        top: { style: BorderStyle.SINGLE, size: 8, color: DRAFT_RED, space: 1 },
        bottom: { style: BorderStyle.SINGLE, size: 8, color: DRAFT_RED, space: 1 },
      },
      spacing: { after: 60 },
      children: [new TextRun({ text: draft, bold: true, color: DRAFT_RED, size: 20 })],
    }),
  ]
}

function runningHeader(o: WordOptions, width: number): Header {
  return new Header({
    children: [
      ...(o.draft ? draftBanner(o.draft) : []),
      new Paragraph({
        style: 'Header',
        border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: 'B1B4B6', space: 4 } },
        tabStops: [{ type: TabStopType.RIGHT, position: width }],
        children: [
          new TextRun({ text: o.title, size: 18, color: GREY }),
          ...(o.reference ? [new TextRun({ text: `\t${o.reference}`, size: 18, color: GREY })] : []),
        ],
      }),
    ],
  })
}

function pageFooter(o: WordOptions): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        alignment: AlignmentType.RIGHT,
        children: [
          ...(o.draft ? [new TextRun({ text: 'DRAFT  ·  ', bold: true, color: DRAFT_RED, size: 18 })] : []),
          new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 18 }),
        ],
      }),
    ],
  })
}

/** A plain header for the cover and back page: nothing but the draft marking, when there is one. */
const plainHeader = (o: WordOptions) => new Header({ children: o.draft ? draftBanner(o.draft) : [new Paragraph('')] })
const plainFooter = () => new Footer({ children: [new Paragraph('')] })

function logoBox(label: string): TableCell {
  const dashed = { style: BorderStyle.DASHED, size: 8, color: GREY }
  return new TableCell({
    width: { size: 3400, type: WidthType.DXA },
    borders: { top: dashed, bottom: dashed, left: dashed, right: dashed },
    margins: { top: 500, bottom: 500, left: 120, right: 120 },
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 0 },
        children: [new TextRun({ text: label, color: GREY, size: 20 })],
      }),
    ],
  })
}

const DRAFT_BOX = { style: BorderStyle.SINGLE, size: 12, color: DRAFT_RED, space: 6 }

function coverPage(c: WordCover, o: WordOptions): Block[] {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  const spacer = new TableCell({
    width: { size: 2000, type: WidthType.DXA },
    borders: { top: none, bottom: none, left: none, right: none },
    children: [new Paragraph('')],
  })
  return [
    new Table({
      width: { size: 8800, type: WidthType.DXA },
      columnWidths: [3400, 2000, 3400],
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
      rows: [new TableRow({ children: [logoBox('Council logo'), spacer, logoBox('LGA logo')] })],
    }),
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    ...(c.kicker ? [new Paragraph({ style: 'CoverKicker', children: [new TextRun({ text: c.kicker })] })] : []),
    new Paragraph({ style: 'CoverTitle', children: [new TextRun({ text: c.title })] }),
    new Paragraph({ style: 'CoverSubtitle', children: [new TextRun({ text: c.subtitle })] }),
    ...c.lines.map((l) => new Paragraph({ style: 'CoverLine', children: [new TextRun({ text: l })] })),
    ...(o.draft
      ? [
          new Paragraph({
            spacing: { before: 600, after: 0 },
            keepNext: true,
            border: { top: DRAFT_BOX, left: DRAFT_BOX, right: DRAFT_BOX },
            children: [new TextRun({ text: 'DRAFT', bold: true, color: DRAFT_RED, size: 36 })],
          }),
          new Paragraph({
            border: { bottom: DRAFT_BOX, left: DRAFT_BOX, right: DRAFT_BOX },
            children: [new TextRun({ text: `${o.draft}. Not for publication.`, bold: true, color: DRAFT_RED })],
          }),
        ]
      : []),
  ]
}

const CONTENTS_LIST = 'contents'
const contentsNumbering = {
  reference: CONTENTS_LIST,
  levels: [0, 1].map((level) => ({
    level,
    format: LevelFormat.BULLET,
    text: '',
    style: { paragraph: { indent: { left: level * 440, hanging: 0 } } },
  })),
}

/**
 * The contents page: a Word TOC field (levels 1–2) whose result, until Word updates it, is the list of headings as
 * links. No page numbers until then: neither this writer nor LibreOffice lays the pages out, and asking Word to update
 * fields on opening makes it prompt the reader (decision 0015). The entries are a list (with no marker): readers of
 * the text, the importer among them, see a list of sections rather than a second set of headings.
 */
function contentsPage(entries: { text: string; level: number; bookmark: string }[]): Block[] {
  const listed = entries.filter((e) => e.level <= 2)
  const out: Paragraph[] = [new Paragraph({ style: 'ContentsHeading', children: [new TextRun('Contents')] })]
  listed.forEach((e, i) => {
    out.push(
      new Paragraph({
        style: e.level === 1 ? 'TOC1' : 'TOC2',
        numbering: { reference: CONTENTS_LIST, level: e.level - 1 },
        children: [
          ...(i === 0 ? fieldStart(' TOC \\o "1-2" \\h \\z \\u ') : []),
          new InternalHyperlink({ anchor: e.bookmark, children: [new TextRun(e.text)] }),
          ...(i === listed.length - 1 ? [fieldEnd()] : []),
        ],
      }),
    )
  })
  return out
}

function backPage(): Block[] {
  return [
    new Paragraph({ spacing: { before: 7200 }, children: [] }),
    ...LGA_CONTACT.map(
      (l, i) =>
        new Paragraph({
          spacing: { after: 40 },
          children: [new TextRun({ text: l, bold: i === 0, size: 22 })],
        }),
    ),
    new Paragraph({
      spacing: { before: 360 },
      children: [
        new TextRun({
          text: 'For a copy in Braille, larger print or audio, please contact us on 020 7664 3000. We consider requests on an individual basis.',
          size: 18,
          color: GREY,
        }),
      ],
    }),
  ]
}

const SPACING = { after: 120, line: 276, lineRule: LineRuleType.AUTO }

class DefaultStyleAttributes extends XmlAttributeComponent<{ type: string; styleId: string; default: boolean }> {
  protected override readonly xmlKeys = { type: 'w:type', styleId: 'w:styleId', default: 'w:default' }
}
/** Normal, marked as the default paragraph style (docx's own styles are all based on it but do not define it). */
class DefaultParagraphStyle extends StyleForParagraph {
  constructor(run: IRunStylePropertiesOptions) {
    super({
      id: 'Normal',
      name: 'Normal',
      quickFormat: true,
      run,
      // widow and orphan control: ParagraphProperties writes it for styles too, though the style options' type omits it
      paragraph: { spacing: SPACING, widowControl: true } as IParagraphStylePropertiesOptions,
    })
    const root = (this as unknown as { root: unknown[] }).root
    root[0] = new DefaultStyleAttributes({ type: 'paragraph', styleId: 'Normal', default: true })
  }
}

/**
 * The document's styles, all defined here rather than docx's defaults (whose headings are based on a Normal they do not
 * define, in American English): document defaults, Normal as the default paragraph style, headings that keep with
 * the next paragraph and never split, the list, link, contents, header, footer and cover styles.
 */
function styles(size: number): IStylesOptions {
  const run = { font: FONT, size, color: TEXT, language: { value: LANGUAGE } }
  const headingStyle = (id: string, name: string, sz: number, before: number, outlineLevel: number) =>
    new StyleForParagraph({
      id,
      name,
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: sz, bold: true, color: TEXT },
      paragraph: { keepNext: true, keepLines: true, spacing: { before, after: 120 }, outlineLevel },
    })
  return {
    importedStyles: [
      new DocumentDefaults({ run, paragraph: { spacing: SPACING } }),
      new DefaultParagraphStyle(run),
      new StyleForParagraph({
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { size: 48, bold: true },
        paragraph: { keepNext: true, keepLines: true, spacing: { after: 240 } },
      }),
      headingStyle('Heading1', 'heading 1', 36, 360, 0),
      headingStyle('Heading2', 'heading 2', 30, 300, 1),
      headingStyle('Heading3', 'heading 3', 26, 240, 2),
      headingStyle('Heading4', 'heading 4', 24, 200, 3),
      headingStyle('Heading5', 'heading 5', 24, 200, 4),
      headingStyle('Heading6', 'heading 6', 24, 200, 5),
      new StyleForParagraph({
        id: 'ListParagraph',
        name: 'List Paragraph',
        basedOn: 'Normal',
        quickFormat: true,
        paragraph: { spacing: { after: 80 } },
      }),
    ],
    characterStyles: [
      {
        id: 'Hyperlink',
        name: 'Hyperlink',
        run: { color: '1D70B8', underline: { type: 'single' } },
      },
    ],
    paragraphStyles: [
      {
        id: 'ContentsHeading',
        name: 'Contents Heading',
        basedOn: 'Normal',
        next: 'Normal',
        run: { size: 36, bold: true },
        paragraph: { keepNext: true, spacing: { after: 240 } },
      },
      {
        id: 'TOC1',
        name: 'toc 1',
        basedOn: 'Normal',
        next: 'Normal',
        paragraph: { spacing: { before: 120, after: 60 } },
      },
      {
        id: 'TOC2',
        name: 'toc 2',
        basedOn: 'Normal',
        next: 'Normal',
        paragraph: { spacing: { after: 40 } },
      },
      {
        id: 'Header',
        name: 'header',
        basedOn: 'Normal',
        run: { size: 18, color: GREY },
        paragraph: { spacing: { after: 0 } },
      },
      { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 18 }, paragraph: { spacing: { after: 0 } } },
      { id: 'CoverKicker', name: 'Cover kicker', basedOn: 'Normal', run: { size: 32, color: GREY } },
      {
        id: 'CoverTitle',
        name: 'Cover title',
        basedOn: 'Normal',
        run: { size: 64, bold: true },
        paragraph: { spacing: { after: 240 } },
      },
      {
        id: 'CoverSubtitle',
        name: 'Cover subtitle',
        basedOn: 'Normal',
        run: { size: 36 },
        paragraph: { spacing: { after: 360 } },
      },
      { id: 'CoverLine', name: 'Cover line', basedOn: 'Normal', run: { size: 26, color: GREY } },
    ],
  }
}

/** The headings made by `heading()` among a document's blocks (headings are never inside tables). */
function headingsIn(blocks: Block[]): { text: string; level: number; bookmark: string }[] {
  return blocks.flatMap((b) => (b instanceof Paragraph && headings.has(b) ? [headings.get(b)!] : []))
}

export function wordDocument(o: WordOptions): Promise<Buffer> {
  const all = o.sections.flatMap((s) => s.children)
  const found = headingsIn(all)
  const wantContents =
    o.contents === true ||
    ((o.contents ?? 'auto') === 'auto' && found.filter((h) => h.level <= 2).length > CONTENTS_AFTER_HEADINGS)
  const headers = {
    portrait: runningHeader(o, TEXT_WIDTH.portrait),
    landscape: runningHeader(o, TEXT_WIDTH.landscape),
  }
  const footer = pageFooter(o)
  const page = (landscape?: boolean) => ({
    page: { size: landscape ? LANDSCAPE : PORTRAIT, margin: MARGINS },
  })
  const sections: ISectionOptions[] = []
  if (o.cover)
    sections.push({
      properties: page(false),
      headers: { default: plainHeader(o) },
      footers: { default: plainFooter() },
      children: coverPage(o.cover, o),
    })
  o.sections.forEach((s, i) => {
    const contents =
      i === 0 && wantContents ? [...contentsPage(found), new Paragraph({ pageBreakBefore: true, children: [] })] : []
    sections.push({
      properties: page(s.landscape),
      headers: { default: s.landscape ? headers.landscape : headers.portrait },
      footers: { default: footer },
      children: [...contents, ...s.children],
    })
  })
  if (o.backPage)
    sections.push({
      properties: page(false),
      headers: { default: plainHeader(o) },
      footers: { default: plainFooter() },
      children: backPage(),
    })
  return Packer.toBuffer(
    new Document({
      title: o.title,
      creator: 'Peer Challenge',
      styles: styles(o.size ?? 24),
      numbering: { config: [contentsNumbering] },
      sections,
    }),
  )
}

// Tables ------------------------------------------------------------------------------------------------------------

export const THIN = { style: BorderStyle.SINGLE, size: 4, color: '808080' }
export const TABLE_BORDERS = {
  top: THIN,
  bottom: THIN,
  left: THIN,
  right: THIN,
  insideHorizontal: THIN,
  insideVertical: THIN,
}
