/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same documents on every machine, so
 * the accuracy bench and its tests are reproducible.
 */
export type Split = 'dev' | 'held'

export class Rng {
  private s: number
  constructor(
    seed: number,
    /** the held-back split may use phrasing variants the development split never sees */
    readonly split: Split = 'dev',
  ) {
    // consecutive seeds are scrambled (murmur3's finaliser) so that neighbouring documents do not start alike
    let h = seed >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    this.s = (h ^ (h >>> 16)) >>> 0 || 1
  }

  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Any element of a plain list (names, places: shared by both splits). */
  any<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!
  }

  /**
   * A phrasing variant. In a list of three or more, the last variant is reserved for the held-back split: the
   * development split never shows it, so the held-back figures measure phrasings the parser was not tuned on.
   */
  pick<T>(variants: readonly T[]): T {
    const usable = this.split === 'dev' && variants.length >= 3 ? variants.slice(0, -1) : variants
    return this.any(usable)
  }

  shuffle<T>(list: readonly T[]): T[] {
    const a = [...list]
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      ;[a[i], a[j]] = [a[j]!, a[i]!]
    }
    return a
  }

  sample<T>(list: readonly T[], n: number): T[] {
    return this.shuffle(list).slice(0, n)
  }
}
