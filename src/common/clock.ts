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
