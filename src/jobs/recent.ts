/** The latest jobs of a kind, for pages that list a scheduled job's runs (e.g. the outbox's reminder runs). */
import type { Queryable } from '../db/db.ts'
import type { JobState } from './queue.ts'

export interface RecentJob {
  id: string
  title: string
  state: JobState
  progressNote: string | null
  createdAt: Date
  finishedAt: Date | null
}

export async function recentJobs(db: Queryable, kind: string, limit = 5): Promise<RecentJob[]> {
  return db.query<RecentJob>(
    `select id, title, state, progress_note as "progressNote", created_at as "createdAt", finished_at as "finishedAt"
       from jobs where kind = $1 order by created_at desc limit $2`,
    [kind, limit],
  )
}
