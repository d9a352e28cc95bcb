import type * as ZxcvbnCore from '@zxcvbn-ts/core'
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common'
import type * as ZxcvbnEn from '@zxcvbn-ts/language-en'
import { lazyRequire } from '../common/lazy-require.ts'

/**
 * The password policy, the one place that decides whether a new password is acceptable (decision 0011): used by
 * account creation (the command line, the demo seed) and by changing your own password. NCSC and NIST SP 800-63B
 * style: a minimum length, no composition rules, and a check against common and breached passwords (zxcvbn's lists
 * of common passwords, names and English words, with its pattern matching for repeats, sequences, keyboard runs,
 * dates and l33t spellings) and against the person's own email and name.
 */
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 200
/** zxcvbn's score, 0 to 4: 3 is "safely unguessable: moderate protection from an offline slow-hash scenario". */
export const PASSWORD_MIN_SCORE = 3
/** zxcvbn's work grows faster than the length; what is past this many characters only adds strength. */
const ZXCVBN_MAX_LENGTH = 64

// zxcvbn's dictionaries (11 MB in memory) are loaded on the first password checked, not at start (decision 40).
const zxcvbnCore = lazyRequire<typeof ZxcvbnCore>('@zxcvbn-ts/core')
const zxcvbnCommonLists = lazyRequire<typeof ZxcvbnCommon>('@zxcvbn-ts/language-common')
const zxcvbnEnLists = lazyRequire<typeof ZxcvbnEn>('@zxcvbn-ts/language-en')
let factory: ZxcvbnCore.ZxcvbnFactory | null = null
function zxcvbn(): ZxcvbnCore.ZxcvbnFactory {
  if (!factory) {
    const common = zxcvbnCommonLists()
    const english = zxcvbnEnLists()
    factory = new (zxcvbnCore().ZxcvbnFactory)({
      dictionary: { ...common.dictionary, ...english.dictionary },
      graphs: common.adjacencyGraphs,
      translations: english.translations,
      maxLength: ZXCVBN_MAX_LENGTH,
    })
  }
  return factory
}

export interface PasswordOwner {
  email?: string | null
  name?: string | null
}

const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]', "asdfghjkl;'#", '\\zxcvbnm,./']

/**
 * The share of the password's characters in runs of 3 or more with a steady step: the same character (aaa), letters
 * or digits counting up or down (abc, 987, 2468), or neighbours along a keyboard row (qwe, lkj).
 */
function sequenceShare(pw: string): number {
  const s = pw.toLowerCase()
  const key = (ch: string) => {
    for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
      const c = KEYBOARD_ROWS[r]!.indexOf(ch)
      if (c >= 0) return { r, c }
    }
    return null
  }
  // The ways each pair of neighbours is "the next one along".
  const links: Set<string>[] = []
  for (let i = 1; i < s.length; i++) {
    const kinds = new Set<string>()
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1)
    if (Math.abs(d) <= 3) kinds.add(`step ${d}`)
    const a = key(s[i - 1]!)
    const b = key(s[i]!)
    if (a && b && a.r === b.r && Math.abs(b.c - a.c) === 1) kinds.add(`row ${b.c - a.c}`)
    links.push(kinds)
  }
  const inRun = new Array<boolean>(s.length).fill(false)
  let start = 0
  let kinds = new Set<string>()
  // The run of links start..last joins characters start..last + 1: three characters or more count.
  const close = (last: number) => {
    if (last - start + 1 >= 2) for (let c = start; c <= last + 1; c++) inRun[c] = true
  }
  for (let i = 0; i < links.length; i++) {
    const shared = new Set([...kinds].filter((k) => links[i]!.has(k)))
    if (i > start && shared.size) kinds = shared
    else {
      if (i > start) close(i - 1)
      start = i
      kinds = new Set(links[i])
      if (!kinds.size) start = i + 1
    }
  }
  close(links.length - 1)
  return s.length ? inRun.filter(Boolean).length / s.length : 0
}

const letters = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/**
 * Why this would be a bad password for this person, or null when it is acceptable. One message, the first rule
 * broken, in the words the form shows under the field.
 */
export function passwordProblem(password: string, owner: PasswordOwner = {}): string | null {
  if (password.length < PASSWORD_MIN) return `The password must be at least ${PASSWORD_MIN} characters`
  if (password.length > PASSWORD_MAX) return `The password must be ${PASSWORD_MAX} characters or fewer`
  const chars = [...password.toLowerCase()]
  const counts = new Map<string, number>()
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1)
  if (Math.max(...counts.values()) * 2 > chars.length || counts.size < 5)
    return 'The password must not be mostly the same characters repeated'
  if (sequenceShare(password) >= 0.6)
    return 'The password must not be an obvious sequence, like abcdef, 123456 or qwerty'
  const email = (owner.email ?? '').trim().toLowerCase()
  const local = email.split('@')[0] ?? ''
  const name = owner.name ?? ''
  const pw = letters(password)
  const own = [email, local, name, ...name.split(/\s+/)].map(letters).filter((x) => x.length >= 4)
  if (own.some((x) => pw.includes(x) && x.length * 2 >= pw.length) || (own.length && own.includes(pw)))
    return 'The password must not be your email address or name'
  const inputs = [email, local, name, ...name.split(/\s+/)].filter((x) => x.length >= 3)
  const result = zxcvbn().check(password, inputs)
  if (result.score < PASSWORD_MIN_SCORE) {
    const w = result.feedback.warning?.replace(/\.$/, '')
    return w
      ? `Choose a password that is harder to guess: ${w[0]!.toLowerCase()}${w.slice(1)}. Try three or more random words`
      : 'Choose a password that is harder to guess, for example three or more random words'
  }
  return null
}
