import type { Queryable } from '../db/db.ts'
import { defaultSettings, readSettings, type CommitteeSettings } from './rules.ts'

/** SQL of a council's committee settings. */

export interface StoredSettings {
  settings: CommitteeSettings
  /** 0: the council has not set its own (the sector's template applies). */
  version: number
  updatedAt: Date | null
  updatedBy: string | null
}

export async function councilByCode(db: Queryable, code: string) {
  return db.one<{ id: number; code: string; name: string; officialName: string }>(
    `select id, code, nice_name as name, official_name as "officialName" from councils where code = $1`,
    [code.toUpperCase()],
  )
}

/** A council's settings, or the sector's template when it has none of its own. */
export async function settingsOf(db: Queryable, councilId: number): Promise<StoredSettings> {
  const row = await db.one<{
    v: number
    settings: unknown
    version: number
    updatedAt: Date
    updatedBy: string | null
  }>(
    `select s.schema_version as v, s.settings, s.version, s.updated_at as "updatedAt", u.name as "updatedBy"
       from council_committee_settings s left join users u on u.id = s.updated_by where s.council_id = $1`,
    [councilId],
  )
  if (!row) return { settings: defaultSettings(), version: 0, updatedAt: null, updatedBy: null }
  return {
    settings: readSettings(row.v, row.settings),
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  }
}

/** Writes the settings if the stored version is still `version` (0: none yet); false when someone saved since. */
export async function writeSettings(
  tx: Queryable,
  councilId: number,
  version: number,
  schemaVersion: number,
  settings: CommitteeSettings,
  by: number | null,
  at: Date,
): Promise<boolean> {
  if (version === 0) {
    const r = await tx.query(
      `insert into council_committee_settings (council_id, schema_version, settings, version, updated_by, updated_at)
       values ($1, $2, $3, 1, $4, $5) on conflict (council_id) do nothing returning council_id`,
      [councilId, schemaVersion, JSON.stringify(settings), by, at],
    )
    return r.length === 1
  }
  const r = await tx.query(
    `update council_committee_settings set schema_version = $2, settings = $3, version = version + 1, updated_by = $4, updated_at = $5
      where council_id = $1 and version = $6 returning council_id`,
    [councilId, schemaVersion, JSON.stringify(settings), by, at, version],
  )
  return r.length === 1
}
