import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { PGlite } from '@electric-sql/pglite'

/**
 * Backups (decision 0027), with each database's own tools: the embedded database (PGlite) as its data directory
 * dumped by PGlite itself (`dumpDataDir`, a gzipped tar), PostgreSQL with `pg_dump --format=custom` (restored by
 * `pg_restore`). A file says which it is by its first bytes; restoring one kind into the other is refused.
 */
export interface Target {
  databaseUrl?: string
  dataDir: string
}

export type BackupKind = 'pglite' | 'postgres'

export function backupKind(file: string): BackupKind | null {
  const fd = fs.openSync(file, 'r')
  const head = Buffer.alloc(5)
  fs.readSync(fd, head, 0, 5, 0)
  fs.closeSync(fd)
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite'
  if (head.toString('latin1') === 'PGDMP') return 'postgres'
  return null
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.error)
    throw new Error(
      (r.error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${cmd} is not installed: install the PostgreSQL client tools of the server's version (e.g. apt-get install postgresql-client)`
        : r.error.message,
    )
  if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout).trim().slice(0, 2000)}`)
}

const pgdata = (dataDir: string) => path.join(dataDir, 'pgdata')

/** Writes a backup of the configured database to `file`; returns its kind and size. */
export async function backup(target: Target, file: string): Promise<{ kind: BackupKind; bytes: number }> {
  const tmp = `${file}.partial`
  if (target.databaseUrl) {
    run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, target.databaseUrl])
    fs.renameSync(tmp, file)
    return { kind: 'postgres', bytes: fs.statSync(file).size }
  }
  if (!fs.existsSync(pgdata(target.dataDir))) throw new Error(`There is no embedded database in ${target.dataDir}`)
  const lite = new PGlite({ dataDir: pgdata(target.dataDir) })
  await lite.waitReady
  try {
    const dump = await lite.dumpDataDir('gzip')
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await lite.close()
  }
  fs.renameSync(tmp, file) // a backup is whole or absent
  return { kind: 'pglite', bytes: fs.statSync(file).size }
}

/**
 * Replaces the configured database with the backup in `file`. PostgreSQL: pg_restore drops and recreates every
 * object in one transaction. Embedded: the current data directory is kept beside the new one as
 * pgdata.before-restore-TIME. Stop the app first.
 */
export async function restore(
  target: Target,
  file: string,
  now = new Date(),
): Promise<{ kind: BackupKind; keptAs?: string }> {
  if (!fs.existsSync(file)) throw new Error(`There is no file ${file}`)
  const kind = backupKind(file)
  if (!kind)
    throw new Error(`${file} is not a Peer Challenge backup (neither an embedded database dump nor a pg_dump file)`)
  if (target.databaseUrl) {
    if (kind !== 'postgres')
      throw new Error(`${file} is a backup of the embedded database: restore it without DATABASE_URL`)
    run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      `--dbname=${target.databaseUrl}`,
      file,
    ])
    return { kind }
  }
  if (kind !== 'pglite') throw new Error(`${file} is a PostgreSQL backup: restore it with DATABASE_URL set`)
  const dir = pgdata(target.dataDir)
  const staging = `${dir}.restoring`
  fs.rmSync(staging, { recursive: true, force: true })
  fs.mkdirSync(target.dataDir, { recursive: true })
  const lite = new PGlite({ dataDir: staging, loadDataDir: new Blob([fs.readFileSync(file)]) })
  await lite.waitReady
  await lite.query('select 1')
  await lite.close()
  let keptAs: string | undefined
  if (fs.existsSync(dir)) {
    keptAs = `${dir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(dir, keptAs)
  }
  fs.renameSync(staging, dir)
  return { kind, ...(keptAs ? { keptAs } : {}) }
}
