import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { zipSync, strToU8 } from 'fflate'
import { markdownToDocx, markdownToPdf } from '../documents/light-markdown.ts'
import { AppError } from '../common/errors.ts'
import { importDocument } from './importer.ts'
import { readDocument, stopExtractionWorker } from './read.ts'
import { htmlToText } from './html-text.ts'
import { compare, seeds, testRefs } from './seeds.ts'

const refs = testRefs()
after(() => stopExtractionWorker())

for (const seed of seeds()) {
  test(`seed ${seed.name} built as .docx gives the same extraction`, async () => {
    const docx = await markdownToDocx(seed.text)
    const r = await importDocument(docx, seed.name.replace('.txt', '.docx'), refs)
    assert.equal(r.source.format, 'docx')
    assert.deepEqual(compare(r.summary, seed.expected), [])
  })
  test(`seed ${seed.name} built as .pdf (running header, page numbers) gives the same extraction`, async () => {
    const pdf = await markdownToPdf(seed.text, { runningHeader: 'LGA Corporate Peer Challenge' })
    const r = await importDocument(pdf, seed.name.replace('.txt', '.pdf'), refs)
    assert.equal(r.source.format, 'pdf')
    assert.ok((r.source.pages ?? 0) >= 2)
    assert.doesNotMatch(r.text, /Page \d+ of \d+/)
    assert.deepEqual(compare(r.summary, seed.expected), [])
  })
}

test('a web page version reads the same', async () => {
  const seed = seeds().find((s) => s.name.startsWith('004'))!
  const block = (p: string) => {
    const lines = p.split('\n').filter((l) => l.trim())
    if (lines.every((l) => /^\s*- /.test(l)))
      return `<ul>${lines.map((l) => `<li>${l.replace(/^\s*- /, '')}</li>`).join('')}</ul>`
    if (lines.every((l) => /^\d+\. /.test(l)))
      return `<ol>${lines.map((l) => `<li>${l.replace(/^\d+\. /, '')}</li>`).join('')}</ol>`
    if (lines.length === 1 && /^#+ /.test(lines[0]!))
      return `<h2>${lines[0]!.replace(/^#+ /, '').replace(/\*\*(.*?)\*\*/g, '<strong>$1</strong>')}</h2>`
    return lines.map((l) => `<p>${l.replace(/\*\*(.*?)\*\*/g, '<strong>$1</strong>')}</p>`).join('\n')
  }
  const html = `<!doctype html><html><head><title>x</title><style>p{}</style><script>alert(1)</script></head><body><main>${seed.text
    .split(/\n\s*\n/)
    .map(block)
    .join('\n')}</main></body></html>`
  const r = await importDocument(Buffer.from(html), 'lambeth.html', refs)
  assert.doesNotMatch(r.text, /alert/)
  assert.deepEqual(compare(r.summary, seed.expected), [])
})

async function refused(buf: Buffer, name: string, pattern: RegExp) {
  await assert.rejects(readDocument(buf, name), (e: unknown) => {
    assert.ok(e instanceof AppError, String(e))
    assert.match(e.message, pattern)
    return true
  })
}

test('bad input: empty, junk, wrong extension, old .doc, too large', async () => {
  await refused(Buffer.alloc(0), 'report.pdf', /empty/)
  await refused(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'report.txt', /binary data/)
  await refused(Buffer.from('%PDF-1.7 not really'), 'report.docx', /called a Word document but it is a PDF/)
  await refused(await markdownToDocx('# Hello'), 'report.pdf', /called a PDF but it is a Word document/)
  await refused(Buffer.from('just text'), 'report.exe', /not a file type that can be imported/)
  await refused(
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]),
    'report.doc',
    /not a file type/,
  )
  await refused(
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]),
    'report.docx',
    /old Word \.doc/,
  )
  await refused(Buffer.alloc(100 * 1024 * 1024, 0x61), 'huge.txt', /largest file that can be imported is 20 MB/)
  await refused(Buffer.from('   \n\n  '), 'blank.txt', /no text/)
})

test('bad input: encrypted and corrupt PDFs, a zip bomb and a zip that is not Word', async () => {
  await refused(
    await markdownToPdf('# Secret\n\nText', { encryptWithPassword: 'pw' }),
    'secret.pdf',
    /protected by a password/,
  )
  const good = await markdownToPdf('# Report\n\nSome text here.')
  await refused(Buffer.concat([good.subarray(0, 40), Buffer.alloc(2000, 0x20)]), 'broken.pdf', /damaged/)
  // 300 MB of zeros compresses to a few hundred KB: refused while unpacking, before Word parsing starts
  const bomb = zipSync(
    { '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(300 * 1024 * 1024) },
    { level: 9 },
  )
  assert.ok(bomb.length < 1024 * 1024)
  await refused(Buffer.from(bomb), 'bomb.docx', /zip bomb/)
  await refused(
    Buffer.from(zipSync({ 'a.txt': strToU8('hello') })),
    'archive.docx',
    /zip archive without a Word document/,
  )
  // the worker survived all that: a good document still reads
  const r = await readDocument(await markdownToDocx('# Still working\n\nYes.'), 'ok.docx')
  assert.match(r.text, /Still working/)
})

test('a web page: its main content first, then its header and footer, its navigation, breadcrumbs and cookie banner last', () => {
  const text = htmlToText(`<!doctype html><html><body>
    <div class="cookie-banner"><p>We use cookies to make this site work.</p></div>
    <a class="govuk-skip-link" href="#main">Skip to main content</a>
    <header><nav><ul><li>About</li><li>Topics</li></ul></nav></header>
    <nav aria-label="Breadcrumb"><ol><li>Home</li><li>Peer challenges</li></ol></nav>
    <main><h1>Luton Borough Council – Corporate Peer Challenge feedback report</h1><p>The report.</p></main>
    <footer><p>© 2021 Local Government Association</p></footer></body></html>`)
  assert.equal(
    text,
    [
      '# Luton Borough Council – Corporate Peer Challenge feedback report',
      'The report.',
      '© 2021 Local Government Association',
      'We use cookies to make this site work.',
      'Skip to main content',
      '- About\n- Topics',
      '1. Home\n2. Peer challenges',
    ].join('\n\n') + '\n',
  )
})
