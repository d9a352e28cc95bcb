/**
 * What a peer's calendar needs beyond the programme itself (decision 18): entries that calendar programs recognise
 * again when the file is imported a second time, and times in the visit's own time zone.
 *
 * - Each session's UID comes from the session's id, never its date or time, so a moved session updates the entry
 *   that is already in the calendar instead of adding a second one.
 * - Its SEQUENCE counts the changes to it: every edit of the session (its version) and every published programme
 *   that placed it differently from the one before (another day or time, other peers, left out). Both only grow, so
 *   the number never goes back and a later file always wins.
 * - Times are wall-clock times in Europe/London (DTSTART;TZID=Europe/London) with the zone described in the file,
 *   as the council's programme states them, rather than converted to UTC.
 */

export const VISIT_TZID = 'Europe/London'

/** The UK's rule since 1996: summer time from 01:00 UTC on the last Sunday of March to the last Sunday of October. */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${VISIT_TZID}`,
  `X-LIC-LOCATION:${VISIT_TZID}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

/** A session's calendar UID: from its id and the challenge, the same whenever and wherever it is placed. */
export const sessionUid = (reference: string, sessionId: number) =>
  `${reference.toLowerCase()}-session-${sessionId}@peer-challenge`

/** A block of the team's own time (lunch, wash-up, preparation, feedback): one a day of each kind. */
export const teamBlockUid = (reference: string, date: string, kind: string) =>
  `${reference.toLowerCase()}-${date}-${kind}@peer-challenge`

/** A local date and time as iCalendar writes it: 2025-03-04 09:30 -> 20250304T093000. */
export const icsLocal = (date: string, time: string) => `${date.replaceAll('-', '')}T${time.replace(':', '')}00`

export interface PublishedPlacement {
  /** The programme's publication number (1, 2, ...). */
  number: number
  sessionId: number
  day: string
  starts: string
  ends: string
  peers: number[]
}

/**
 * How many times each session's place changed from one published programme to the next (`numbers`: every
 * publication, in order, including any that placed no session). A session left out of a later programme counts as
 * a change, and so does its return.
 */
export function placementChanges(numbers: number[], history: PublishedPlacement[]): Map<number, number> {
  const sig = (p: PublishedPlacement) =>
    `${p.day} ${p.starts}-${p.ends} ${[...p.peers].sort((a, b) => a - b).join(',')}`
  const at = new Map<number, Map<number, string>>()
  for (const p of history) {
    const m = at.get(p.sessionId) ?? new Map<number, string>()
    m.set(p.number, sig(p))
    at.set(p.sessionId, m)
  }
  const order = [...new Set(numbers)].sort((a, b) => a - b)
  const out = new Map<number, number>()
  for (const [sessionId, m] of at) {
    let changes = 0
    let seen = false
    let last: string | null = null
    for (const n of order) {
      const s = m.get(n) ?? null
      if (seen && s !== last) changes++
      if (s !== null) seen = true
      last = s
    }
    out.set(sessionId, changes)
  }
  return out
}

/** A session's SEQUENCE: its edits (the row's version starts at 1) and its changes of place. */
export const sessionSequence = (version: number, changes: number) => Math.max(0, version - 1) + changes

/**
 * Rewrites the `ics` library's floating local times as Europe/London times and describes the zone: the library
 * writes either UTC or floating times, and a floating time is read in whatever zone the reader's computer is in.
 */
export function inLondonTime(ics: string): string {
  const lines = ics.split(/\r\n/)
  const out: string[] = []
  let zoned = false
  for (const line of lines) {
    if (!zoned && line === 'BEGIN:VEVENT') {
      out.push(`X-WR-TIMEZONE:${VISIT_TZID}`, ...LONDON_VTIMEZONE)
      zoned = true
    }
    const m = /^(DTSTART|DTEND):(\d{8}T\d{6})$/.exec(line)
    out.push(m ? `${m[1]};TZID=${VISIT_TZID}:${m[2]}` : line)
  }
  return out.join('\r\n')
}
