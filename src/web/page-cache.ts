import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Queryable } from '../db/db.ts'
import { readDataVersion } from '../db/data-version.ts'
import { sessionRead } from '../auth/session-store.ts'

/** What a cached page's HTML holds in place of the per-request CSRF token, filled in when it is sent. */
export const CSRF_SLOT = '\u0000csrf-slot\u0000'

/**
 * Pages (HTML and JSON) kept in this process, keyed by the address, the actor, today's date and the data version read
 * from the database on every request (decision 0031). When the version moves on, everything kept is dropped; an answer
 * being made is shared by the requests that ask for it meanwhile. Bounded by entries (oldest dropped first).
 */
export class PageCache {
  private version = -1
  private entries = new Map<string, Promise<string>>()
  hits = 0
  misses = 0
  constructor(
    private db: Queryable,
    private max = 400,
  ) {}

  /** `version`: the data version already read for this request (with its session), else read now. */
  async get(key: string, make: () => Promise<string>, version?: number): Promise<string> {
    const v = version ?? (await readDataVersion(this.db))
    if (v > this.version) {
      this.entries.clear()
      this.version = v
    } else if (v < this.version) {
      // a request that read the version before another saw a newer one: answer it, keep nothing
      this.misses++
      return make()
    }
    const kept = this.entries.get(key)
    if (kept) {
      this.hits++
      return kept
    }
    this.misses++
    const made = make()
    this.entries.set(key, made)
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key)
    })
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!)
    return made
  }
}

/** The key of a request's answer: what it asked for, as whom, on which day. */
/** The data version read with the request's session, if it was. */
export function versionRead(): number | undefined {
  return sessionRead.getStore()?.dataVersion
}

export function cacheKey(req: FastifyRequest, kind: 'html' | 'json'): string {
  const actor = req.actor.kind === 'user' ? `u${req.actor.id}` : 'public'
  return `${kind} ${actor} ${req.ctx.clock.today()} ${req.url}`
}

/** The cached HTML with this request's CSRF token (made only when the page has a form). */
export function fillSlots(reply: FastifyReply, html: string): string {
  return html.includes(CSRF_SLOT) ? html.replaceAll(CSRF_SLOT, reply.generateCsrf()) : html
}
