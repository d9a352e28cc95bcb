import type { Queryable } from './db.ts'

type Counting = Queryable & { writesEnded?: () => number }

/**
 * A read's answer kept in this process until a statement that may write has ended (decision 0037): on the embedded
 * database, which no other process can open, nothing can change it before then, so the kept answer is exact. On
 * PostgreSQL, where other instances write, every call reads. For reads whose SQL does not depend on the time (the
 * caller compares times itself); callers treat the answers as read-only. At most `max` answers a database.
 */
export function readMemo<T>(max = 2000) {
  const kept = new WeakMap<object, Map<string, { writes: number; value: T }>>()
  return async (db: Counting, key: string, read: () => Promise<T>): Promise<T> => {
    const writes = db.writesEnded?.()
    if (writes === undefined) return read()
    let mine = kept.get(db)
    if (!mine) kept.set(db, (mine = new Map()))
    const last = mine.get(key)
    if (last?.writes === writes) return last.value
    const value = await read()
    mine.delete(key)
    mine.set(key, { writes, value })
    if (mine.size > max) mine.delete(mine.keys().next().value!)
    return value
  }
}
