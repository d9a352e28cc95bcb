import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/**
 * A CommonJS package loaded the first time it is used, not when the app starts (decision 40). The spreadsheet, PDF,
 * slide and password-dictionary libraries together hold about 45 MB that most processes never need: a web instance
 * that only serves pages, or a command that only reads text. Synchronous, so callers keep their signatures; the
 * type comes from an `import type` of the same package.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(id) as T)
}
