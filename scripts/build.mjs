// npm run build: compiles src/ to dist/ (tsc, relative imports rewritten to .js) and copies the files beside the code
// (views, reference data, the worker boot files), so that bin/peer-challenge.js starts without tsx's transform.
// The build is optional: without dist/, or when a file in src/ is newer than the build, the command line runs src/
// through tsx as before; `npm start` and the tests always run src/ (docs/decisions/0020).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'src')
const dist = path.join(root, 'dist')
fs.rmSync(dist, { recursive: true, force: true })
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
for (const f of fs.readdirSync(src, { recursive: true })) {
  const from = path.join(src, f)
  if (f.endsWith('.ts') || !fs.statSync(from).isFile()) continue
  const to = path.join(dist, f)
  fs.mkdirSync(path.dirname(to), { recursive: true })
  // the worker boot files import their TypeScript worker: the compiled one here
  if (f.endsWith('.mjs'))
    fs.writeFileSync(to, fs.readFileSync(from, 'utf8').replace(/(['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'))
  else fs.copyFileSync(from, to)
}
// the time of the build: bin/peer-challenge.js uses dist/ only while no file in src/ is newer
fs.writeFileSync(path.join(dist, '.built'), new Date().toISOString() + '\n')
console.log('built dist/')
