import fs from 'node:fs'
import { getDocumentProxy } from 'unpdf'
const files = fs.readdirSync('/tmp/pdfs').map((f) => fs.readFileSync('/tmp/pdfs/' + f))
const lean = { isEvalSupported: false, stopAtErrors: false, useSystemFonts: false, disableFontFace: true, standardFontDataUrl: undefined, cMapUrl: undefined, fontExtraProperties: false, verbosity: 0 }
const variants: Record<string, [object, object]> = {
  current: [{ isEvalSupported: false, stopAtErrors: false }, {}],
  lean: [lean, {}],
  leanNoNorm: [lean, { disableNormalization: true }],
}
const res: Record<string, number[]> = {}
for (let round = 0; round < 6; round++)
  for (const [name, [opts, tc]] of Object.entries(variants)) {
    const c0 = process.cpuUsage()
    for (const buf of files) {
      const pdf = await getDocumentProxy(new Uint8Array(buf), opts)
      for (let p = 1; p <= pdf.numPages; p++) {
        const page = await pdf.getPage(p)
        await page.getTextContent(tc)
        page.cleanup()
      }
      await pdf.destroy()
    }
    const c = process.cpuUsage(c0)
    ;(res[name] ??= []).push((c.user + c.system) / 1000 / files.length)
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const [k, v] of Object.entries(res)) console.log(k, median(v).toFixed(1), 'cpu ms/doc', v.map((x) => x.toFixed(0)).join(' '))
