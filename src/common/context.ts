import type { Db } from '../db/db.ts'
import type { Clock } from './clock.ts'

export type Role = 'admin' | 'peer' | 'council'

export type Actor =
  | { kind: 'public' }
  | {
      kind: 'user'
      id: number
      name: string
      email: string
      role: Role
      councilId: number | null
      personId: number | null
    }

export const PUBLIC: Actor = { kind: 'public' }

/** Every service call gets one of these: the database, who is acting, and the time. */
export interface Ctx {
  db: Db
  actor: Actor
  clock: Clock
}

export function actorLabel(a: Actor): string {
  return a.kind === 'public' ? 'public' : `${a.name} <${a.email}>`
}

/** The users.id of a signed-in actor; null for the public and for the system (CLI, demo seed). */
export function userId(a: Actor): number | null {
  return a.kind === 'user' && a.id > 0 ? a.id : null
}
