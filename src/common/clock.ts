import { todayInLondon } from './dates.ts'

export interface Clock {
  now(): Date
  /** Today's date in the UK (Europe/London), ISO YYYY-MM-DD. */
  today(): string
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayInLondon(new Date()),
}

export function fixedClock(iso: string): Clock {
  const at = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso)
  return { now: () => new Date(at), today: () => todayInLondon(at) }
}

/** A clock that stands still until moved: for tests of what happens as time passes (session lifetimes, limits). */
export function manualClock(iso: string): Clock & { advance(ms: number): void } {
  let at = new Date(iso).getTime()
  return {
    now: () => new Date(at),
    today: () => todayInLondon(new Date(at)),
    advance: (ms: number) => {
      at += ms
    },
  }
}
