/**
 * What the parser needs besides the text: the council register (with the place gazetteer) and the frameworks.
 * From the database when it is open; otherwise from a snapshot of the database's register and frameworks kept in the
 * data directory, so that reading documents (`peer-challenge import` without --save) never has to start the database.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Queryable } from '../db/db.ts'
import type { Framework } from '../frameworks/types.ts'
import { CouncilIndex, type RegisterCouncil } from './council-match.ts'
import type { ParseRefs } from './parse.ts'

export const SNAPSHOT_FILE = 'importer-refs.json'
const SNAPSHOT_VERSION = 1

/** The snapshot: the rows exactly as `loadRefs` reads them, so a read from it and from the database agree. */
export interface RefsSnapshot {
  version: number
  takenAt: string
  councils: RegisterCouncil[]
  frameworks: Framework[]
}

async function refRows(db: Queryable): Promise<{ councils: RegisterCouncil[]; frameworks: Framework[] }> {
  const { listFrameworks } = await import('../frameworks/repo.ts')
  const councils = await db.query<RegisterCouncil>(
    `select code, official_name as "officialName", nice_name as "niceName", alt_names as "altNames", la_type as "laType", nation,
            start_date::text as "startDate", (last_day + 1)::text as "endDate" from councils order by code`,
  )
  return { councils, frameworks: await listFrameworks(db) }
}

/** The register and frameworks from the database, as the parser needs them. */
export async function loadRefs(db: Queryable): Promise<ParseRefs> {
  const rows = await refRows(db)
  return { councils: new CouncilIndex(rows.councils), frameworks: rows.frameworks }
}

export function snapshotPath(dataDir: string): string {
  return path.join(dataDir, SNAPSHOT_FILE)
}

/**
 * Writes the snapshot of the database's register and frameworks (atomically: a reader never sees half a file).
 * Called whenever the command line has the database open and after the register changes in the app.
 */
export async function writeRefsSnapshot(db: Queryable, dataDir: string): Promise<RefsSnapshot> {
  const rows = await refRows(db)
  const snap: RefsSnapshot = { version: SNAPSHOT_VERSION, takenAt: new Date().toISOString(), ...rows }
  fs.mkdirSync(dataDir, { recursive: true })
  const file = snapshotPath(dataDir)
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(snap))
  fs.renameSync(tmp, file)
  return snap
}

/** The snapshot in the data directory, or null when there is none (or it is from another version). */
export function readRefsSnapshot(dataDir: string): RefsSnapshot | null {
  let raw: string
  try {
    raw = fs.readFileSync(snapshotPath(dataDir), 'utf8')
  } catch {
    return null
  }
  try {
    const snap = JSON.parse(raw) as RefsSnapshot
    return snap.version === SNAPSHOT_VERSION && Array.isArray(snap.councils) ? snap : null
  } catch {
    return null
  }
}

export function refsFromSnapshot(snap: Pick<RefsSnapshot, 'councils' | 'frameworks'>): ParseRefs {
  return { councils: new CouncilIndex(snap.councils), frameworks: snap.frameworks }
}
