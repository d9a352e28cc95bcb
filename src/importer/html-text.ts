/**
 * HTML (a web page, or Word via mammoth) to the importer's light markdown: headings as '#', list items as '- ' or
 * 'N. ' indented by depth, bold as '**', table rows as tab-separated cells, paragraphs separated by blank lines.
 */
import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser'

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'blockquote',
  'address',
  'figure',
  'figcaption',
  'dd',
  'dt',
  'pre',
  'nav',
])
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object'])

function inline(node: Node): string {
  if (node.nodeType === NodeType.TEXT_NODE) return (node as unknown as { text: string }).text.replace(/\s+/g, ' ')
  if (node.nodeType !== NodeType.ELEMENT_NODE) return ''
  const el = node as HTMLElement
  const tag = el.tagName?.toLowerCase() ?? ''
  if (SKIP.has(tag)) return ''
  if (tag === 'br') return '\n'
  const inner = el.childNodes.map(inline).join('')
  if ((tag === 'strong' || tag === 'b') && inner.trim()) {
    const lead = /^\s*/.exec(inner)![0]
    const trail = /\s*$/.exec(inner)![0]
    return `${lead}**${inner.trim()}**${trail}`
  }
  if (tag === 'sup' && /^\s*\[?\d+\]?\s*$/.test(inner)) return ''
  return inner
}

/** a page's furniture, not its content: navigation, search, a sidebar ("In this section", "Related pages"), cookie
 * banners, breadcrumbs, "skip to content" links (read after the content, so that the page's title comes first) */
function chrome(el: HTMLElement, tag: string): boolean {
  if (tag === 'nav' || tag === 'aside') return true
  const role = el.getAttribute('role')
  if (role === 'navigation' || role === 'search' || role === 'complementary') return true
  if (/breadcrumb/i.test(el.getAttribute('aria-label') ?? '')) return true
  // (by its id or class: "cookiebar", "cookie-banner", "breadcrumb", "skip-link", a site's menu: "mgSiteLinks",
  // "main-nav", "navbar", "site-menu")
  return /cookie|breadcrumb|skip-?(?:link|to)|site-?links|navbar|navigation|(?:^|[\s_-])(?:nav|menu)(?:$|[\s_-])|[a-z](?:Nav|Menu)(?:$|[\sA-Z_-])/i.test(
    `${el.getAttribute('id') ?? ''} ${el.getAttribute('class') ?? ''}`,
  )
}

export function htmlToText(html: string): string {
  // (the parser keeps a doctype as text)
  const root = parse(html.replace(/^\s*<!doctype[^>]*>/i, ''), {
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  })
  // the page's main content first (its title and text, where a reader starts), then the rest of the page (its header
  // and footer: a council's name in a copyright line), its furniture last; without a main element, the page in its
  // order, furniture last
  const main = root.querySelector('main') ?? root.querySelector('[role="main"]')
  const out: string[] = []
  const push = (s: string) => {
    const t = s
      .replace(/[ \t]*\n[ \t]*/g, '\n')
      .replace(/[ \t]+/g, ' ')
      .trim()
    if (t) out.push(t, '')
  }
  /** once the main element is read, the walk of the whole page passes over it */
  let mainDone = false
  /** the page's furniture, read last (what it says still tells a web page from a report) */
  const furniture: HTMLElement[] = []
  let furnitureLast = false
  const walk = (node: Node, depth: number) => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const t = (node as unknown as { text: string }).text
      if (t.trim()) push(t)
      return
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) return
    const el = node as HTMLElement
    const tag = el.tagName?.toLowerCase() ?? ''
    if (SKIP.has(tag) || (el === main && mainDone)) return
    if (!furnitureLast && chrome(el, tag)) {
      furniture.push(el)
      return
    }
    const h = /^h([1-6])$/.exec(tag)
    if (h) return push(`${'#'.repeat(Number(h[1]))} ${inline(el).trim()}`)
    if (tag === 'ul' || tag === 'ol') {
      let n = Number(el.getAttribute('start') ?? 1)
      for (const li of el.childNodes) {
        if (li.nodeType !== NodeType.ELEMENT_NODE || (li as HTMLElement).tagName?.toLowerCase() !== 'li') continue
        const own = (li as HTMLElement).childNodes.filter(
          (c) => !['ul', 'ol'].includes((c as HTMLElement).tagName?.toLowerCase() ?? ''),
        )
        const text = own.map(inline).join('').replace(/\s+/g, ' ').trim()
        const mark = tag === 'ol' ? `${n++}. ` : '- '
        if (text) out.push(`${'  '.repeat(depth)}${mark}${text}`)
        for (const c of (li as HTMLElement).childNodes) {
          const t = (c as HTMLElement).tagName?.toLowerCase()
          if (t === 'ul' || t === 'ol') walk(c, depth + 1)
        }
      }
      if (depth === 0) out.push('')
      return
    }
    if (tag === 'table') {
      for (const tr of el.querySelectorAll('tr')) {
        const cells = tr.querySelectorAll('th,td').map((c) => inline(c).replace(/\s+/g, ' ').trim())
        if (cells.some(Boolean)) out.push(cells.join('\t'))
      }
      out.push('')
      return
    }
    if (BLOCK.has(tag) || tag === 'li') {
      const hasBlocks = el.childNodes.some((c) => {
        const t = (c as HTMLElement).tagName?.toLowerCase() ?? ''
        return BLOCK.has(t) || /^h[1-6]$/.test(t) || t === 'ul' || t === 'ol' || t === 'table'
      })
      if (!hasBlocks) return push(inline(el))
    }
    for (const c of el.childNodes) walk(c, depth)
  }
  if (main) walk(main, 0)
  mainDone = true
  walk(root, 0)
  furnitureLast = true
  for (const el of furniture) walk(el, 0)
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  )
}
