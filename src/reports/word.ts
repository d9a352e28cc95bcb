import { markdownToWord } from '../documents/light-markdown.ts'
import { wordDocument } from '../documents/word.ts'

/** The feedback report as the council publishes it in Word: cover, contents, the report, the LGA's back page. */
export interface ReportWordMeta {
  title: string
  reference: string
  councilName: string
  reviewName: string
  dates: string
  version: number
  versionDate: string
  final: boolean
  /** The draft marking for every page; null for the final report. */
  draft: string | null
}

export function reportDocx(markdown: string, m: ReportWordMeta): Promise<Buffer> {
  return wordDocument({
    title: `${m.councilName}: ${m.reviewName} feedback report`,
    reference: m.reference,
    draft: m.draft,
    cover: {
      kicker: m.reviewName,
      title: m.councilName,
      subtitle: `${m.reviewName} feedback report`,
      lines: [
        m.dates,
        m.final ? `Final report, version ${m.version}` : `Version ${m.version}, ${m.versionDate}`,
        `Reference ${m.reference}`,
      ],
    },
    backPage: true,
    // The title block the markdown opens with is the cover's; its sections ('##') are the Word headings at level 1.
    sections: [{ children: markdownToWord(markdown, { from: 2, headingShift: -1 }) }],
  })
}
