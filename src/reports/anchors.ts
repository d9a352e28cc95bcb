/**
 * Anchors in the report's publication HTML, so that a link (the library's hits, a comment) can point at a section:
 * #executive-summary, #recommendations, #approach, #theme-<key>, #focus-<n>, #next-steps. The report's structure is
 * fixed (section 4.n is the n-th theme, then the council's focus areas), so the numbered headings say which is which.
 */
export function anchorReportHtml(html: string, themes: readonly { key: string }[]): string {
  const idOf = (text: string): string | null => {
    if (/^1\.\s/.test(text)) return 'executive-summary'
    if (/^2\.\s/.test(text)) return 'recommendations'
    if (/^3\.\s/.test(text)) return 'approach'
    if (/^5\.\s/.test(text)) return 'next-steps'
    const m = /^4\.(\d+)\s/.exec(text)
    if (!m) return null
    const n = Number(m[1])
    return n <= themes.length ? `theme-${themes[n - 1]!.key}` : `focus-${n - themes.length}`
  }
  const seen = new Set<string>()
  return html.replace(/<h([2-6]) class="([^"]*)">([^<]*)<\/h\1>/g, (all, level: string, cls: string, text: string) => {
    const id = idOf(text)
    if (!id || seen.has(id)) return all
    seen.add(id)
    return `<h${level} class="${cls}" id="${id}">${text}</h${level}>`
  })
}
