import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { collectFiles } from './cli-import.ts'

test('a folder’s importable files in name order: folders inside read, hidden ones and other files left out, links followed once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pc-collect-'))
  try {
    const file = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      fs.writeFileSync(path.join(dir, rel), 'text')
    }
    for (const f of ['b.txt', 'a.PDF', 'notes.csv', '.hidden.txt', '.git/c.txt', 'more/d.md', 'more/deeper/e.docx'])
      file(f)
    // a folder whose name looks like a file's, a link to a file, a link to a folder (already read), a link back up
    // (no loop), a link to nothing
    file('folder.txt/f.html')
    fs.symlinkSync('b.txt', path.join(dir, 'link.txt'))
    fs.symlinkSync('more', path.join(dir, 'zz-more'))
    fs.symlinkSync('..', path.join(dir, 'more', 'up'))
    fs.symlinkSync('nowhere', path.join(dir, 'broken.txt'))
    const missing = path.join(dir, 'missing.txt')
    const got = collectFiles([dir, missing, path.join(dir, 'b.txt')])
    assert.deepEqual(
      got.slice(0, -2).map((f) => path.relative(dir, f as string)),
      [
        'a.PDF',
        'b.txt',
        path.join('folder.txt', 'f.html'),
        'link.txt',
        path.join('more', 'd.md'),
        path.join('more', 'deeper', 'e.docx'),
      ],
    )
    // a path that is not there is its failure, in its place; a file named is read whatever it is
    assert.deepEqual(got.at(-2), { file: missing, ok: false, error: 'no such file or folder', reason: 'not-found' })
    assert.equal(got.at(-1), path.join(dir, 'b.txt'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
