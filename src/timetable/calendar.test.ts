import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inLondonTime, placementChanges, sessionSequence, type PublishedPlacement } from './calendar.ts'

const at = (number: number, sessionId: number, starts: string, peers = [1, 2], day = '2027-03-09') =>
  ({
    number,
    sessionId,
    day,
    starts,
    ends: `${String(Number(starts.slice(0, 2)) + 1).padStart(2, '0')}:00`,
    peers,
  }) as PublishedPlacement

test('a session’s changes of place count each programme that placed it differently, never going back', () => {
  const history = [
    at(1, 10, '09:00'),
    at(2, 10, '09:00'),
    at(3, 10, '14:00'),
    at(1, 11, '10:00'),
    at(2, 11, '10:00', [2, 1]), // the same peers in another order: no change
    at(3, 11, '10:00', [3, 1]),
    at(1, 12, '11:00'), // left out of programme 2, back in 3: two changes
    at(3, 12, '11:00'),
    at(3, 13, '15:00'), // new in programme 3: none
  ]
  const c = placementChanges([1, 2, 3], history)
  assert.deepEqual(Object.fromEntries(c), { 10: 1, 11: 1, 12: 2, 13: 0 })
  // A publication with no sessions at all still counts as one the session was left out of.
  assert.equal(placementChanges([1, 2], [at(1, 10, '09:00')]).get(10), 1)
  assert.equal(sessionSequence(1, 0), 0)
  assert.equal(sessionSequence(3, 2), 4)
})

test('floating times become Europe/London times, with the zone described once before the first event', () => {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    'DTSTAMP:20270301T120000Z',
    'DTSTART:20270309T090000',
    'DTEND:20270309T100000',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'DTSTART:20270401T090000',
    'DTEND:20270401T100000',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n')
  const out = inLondonTime(ics)
  assert.equal(out.match(/BEGIN:VTIMEZONE/g)?.length, 1)
  assert.ok(out.indexOf('END:VTIMEZONE') < out.indexOf('BEGIN:VEVENT'))
  assert.match(out, /\r\nDTSTART;TZID=Europe\/London:20270309T090000\r\nDTEND;TZID=Europe\/London:20270309T100000\r\n/)
  assert.match(out, /DTSTART;TZID=Europe\/London:20270401T090000/)
  assert.match(out, /DTSTAMP:20270301T120000Z/, 'UTC stamps stay UTC')
  assert.ok(out.endsWith('END:VCALENDAR\r\n'))
})
