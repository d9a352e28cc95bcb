import type { Db, Queryable } from '../db/db.ts'
import { classify } from './rules.ts'
import { taxonomy } from './reference.ts'

/** The shape of a stored explanation (recommendation_themes.explanation). */
export const EXPLANATION_SCHEMA_VERSION = 1

/**
 * Classifies the recommendations whose text or taxonomy version changed since they were last classified (or never
 * were): all of them, one challenge's, or the ones named. Call it in the transaction that writes the recommendations,
 * so their themes are never out of step with their text; it is also run at start for any written another way.
 */
export async function classifyPending(
  tx: Queryable,
  at: Date,
  where: { challengeId?: number; ids?: number[] } = {},
): Promise<number> {
  const t = taxonomy()
  const params: unknown[] = [t.version]
  let filter = ''
  if (where.challengeId !== undefined) {
    params.push(where.challengeId)
    filter += ` and r.challenge_id = $${params.length}`
  }
  if (where.ids) {
    params.push(where.ids)
    filter += ` and r.id = any($${params.length}::int[])`
  }
  const pending = await tx.query<{ id: number; title: string; body: string; md5: string }>(
    `select r.id, r.title, r.body, md5(r.title || E'\\n' || r.body) as md5
       from recommendations r left join recommendation_classified k on k.recommendation_id = r.id
      where (k.recommendation_id is null or k.taxonomy_version <> $1 or k.text_md5 <> md5(r.title || E'\\n' || r.body))${filter}
      order by r.id`,
    params,
  )
  for (const r of pending) {
    const themes = classify(t, r)
    await tx.query(`delete from recommendation_themes where recommendation_id = $1`, [r.id])
    for (const a of themes) {
      await tx.query(
        `insert into recommendation_themes (recommendation_id, theme, score, confidence, explanation) values ($1, $2, $3, $4, $5)`,
        [
          r.id,
          a.theme,
          a.score,
          a.confidence,
          JSON.stringify({ schemaVersion: EXPLANATION_SCHEMA_VERSION, taxonomyVersion: t.version, terms: a.terms }),
        ],
      )
    }
    await tx.query(
      `insert into recommendation_classified (recommendation_id, taxonomy_version, text_md5, classified_at) values ($1, $2, $3, $4)
       on conflict (recommendation_id) do update set taxonomy_version = excluded.taxonomy_version, text_md5 = excluded.text_md5,
         classified_at = excluded.classified_at`,
      [r.id, t.version, r.md5, at],
    )
  }
  return pending.length
}

/** At start: every recommendation classified under the taxonomy in force (one transaction; safe on several instances). */
export async function classifyAllPending(db: Db, at: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // One instance sweeps at a time; the others find nothing left to do.
    await tx.query(`select pg_advisory_xact_lock(1617)`)
    return classifyPending(tx, at)
  })
}

export interface StoredTheme {
  recommendationId: number
  theme: string
  origin: 'classifier' | 'override'
  confidence: number | null
  position: number
}

export async function effectiveThemes(db: Queryable, ids: number[]): Promise<StoredTheme[]> {
  if (!ids.length) return []
  return db.query<StoredTheme>(
    `select recommendation_id as "recommendationId", theme, origin, confidence::float8 as confidence, position
       from recommendation_theme_effective where recommendation_id = any($1::int[]) order by recommendation_id, position`,
    [ids],
  )
}
