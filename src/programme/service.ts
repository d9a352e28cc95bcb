import type { Ctx } from '../common/context.ts'
import { assertCan } from '../auth/policy.ts'
import { COUNCIL_COLS, type Council } from '../councils/service.ts'
import { deadlinesOfMany, listChallenges } from '../challenges/service.ts'
import { bankHolidayNames } from '../frameworks/repo.ts'
import { addDays, addYears } from '../common/dates.ts'
import { AppError } from '../common/errors.ts'
import { calendarChallenges } from '../challenges/repo.ts'
import { firstDay, lastDay, monthOf, monthView, parseMonth, type CalendarEntry } from './calendar.ts'
import { visitWarnings } from '../challenges/warnings.ts'
import { cyclesFor } from './repo.ts'
import { CYCLE_STATUS_LABELS } from './cycle.ts'

/** How far ahead the list of upcoming visits looks. */
export const UPCOMING_DAYS = 120

/**
 * The programme office's view: councils out of cycle, every live deadline across open challenges (each by the rules in
 * force for its visit), and the visits coming up with warnings about their dates.
 */
export async function programmeOverview(ctx: Ctx) {
  assertCan(ctx.actor, 'view-programme')
  const today = ctx.clock.today()
  const councils = await ctx.db.query<Council>(
    `select ${COUNCIL_COLS} from councils where cpc_eligible and (start_date is null or start_date <= $1) and (last_day is null or last_day >= $1) order by nice_name`,
    [today],
  )
  const cycles = await cyclesFor(
    ctx.db,
    today,
    councils.map((c) => ({ id: c.id, startDate: c.startDate })),
  )
  const withCycle = councils.map((c) => ({
    code: c.code,
    name: c.niceName,
    laTypeName: c.laTypeName,
    region: c.region,
    cycle: cycles.get(c.id)!,
  }))
  const overdue = withCycle
    .filter((c) => c.cycle.status === 'overdue')
    .sort((a, b) => (b.cycle.daysOverdue ?? 0) - (a.cycle.daysOverdue ?? 0))
  const dueSoon = withCycle
    .filter((c) => c.cycle.status === 'due-soon')
    .sort((a, b) => (a.cycle.nextDue ?? '').localeCompare(b.cycle.nextDue ?? ''))
  const noRecord = withCycle.filter((c) => c.cycle.status === 'no-record')
  const open = (await listChallenges(ctx, {})).filter((c) => !['closed', 'cancelled'].includes(c.stage))
  const deadlines = []
  const deadlinesOf = await deadlinesOfMany(ctx.db, open, today)
  for (const c of open) {
    for (const d of deadlinesOf.get(c.id)!.deadlines) {
      // The next peer challenge is a council-level deadline, shown in the councils tables below; an obligation a
      // return visit now carries (a progress review requested) is listed once, under the return visit.
      if (d.code === 'next-review' || d.carriedBy) continue
      if (d.status === 'overdue' || (d.status === 'due' && (d.daysLeft ?? 999) <= 60)) {
        deadlines.push({ challengeId: c.id, reference: c.reference, councilName: c.councilName, ...d })
      }
    }
  }
  deadlines.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''))
  const names = await bankHolidayNames(ctx.db)
  const upcoming = []
  for (const c of open
    .filter(
      (c) => c.onsiteStart && c.onsiteEnd && c.onsiteEnd >= today && c.onsiteStart <= addDays(today, UPCOMING_DAYS),
    )
    .sort((a, b) => a.onsiteStart!.localeCompare(b.onsiteStart!) || a.id - b.id))
    upcoming.push({
      challengeId: c.id,
      reference: c.reference,
      councilName: c.councilName,
      reviewType: c.reviewType,
      stageLabel: c.stageLabel,
      onsiteStart: c.onsiteStart!,
      onsiteEnd: c.onsiteEnd!,
      onsitePrecision: c.onsitePrecision,
      warnings: await visitWarnings(ctx.db, ctx.actor, today, c, names),
    })
  const byStage: Record<string, number> = {}
  for (const c of open) byStage[c.stageLabel] = (byStage[c.stageLabel] ?? 0) + 1
  return {
    today,
    counts: {
      councils: councils.length,
      overdue: overdue.length,
      dueSoon: dueSoon.length,
      noRecord: noRecord.length,
      open: open.length,
    },
    overdue,
    dueSoon,
    noRecord,
    deadlines,
    upcoming,
    upcomingDays: UPCOMING_DAYS,
    byStage,
    cycleLabels: CYCLE_STATUS_LABELS,
  }
}

/** A deadline's status as the calendar shows it (those not listed are not on the calendar: not yet started, lapsed). */
export const CALENDAR_STATUS: Record<string, string> = {
  overdue: 'Overdue',
  due: 'Due',
  met: 'Met',
  'met-late': 'Met late',
}

/**
 * The programme calendar for a month (`YYYY-MM`, this month when left out): on-site visits and feedback presentations
 * of the challenges the actor may see, and the deadlines of those whose private side the actor has (both by the
 * policy's SQL scopes), on a Monday-first grid with weekends and bank holidays.
 */
export async function programmeCalendar(ctx: Ctx, monthParam?: string) {
  const today = ctx.clock.today()
  const month = monthParam === undefined || monthParam === '' ? monthOf(today) : parseMonth(monthParam)
  if (!month)
    throw AppError.validation(
      { month: 'Enter the month as a year and month, like 2026-12' },
      'Enter the month as a year and month, like 2026-12',
    )
  const from = firstDay(month)
  const to = lastDay(month)
  const rows = await calendarChallenges(ctx.db, ctx.actor, today, from, to, addYears(from, -3))
  const entries: CalendarEntry[] = []
  const deadlinesOf = await deadlinesOfMany(
    ctx.db,
    rows.filter((c) => c.private),
    today,
  )
  for (const c of rows) {
    const base = { challengeId: c.id, reference: c.reference, councilName: c.councilName, status: null }
    if (c.onsiteStart && c.onsiteEnd)
      entries.push({
        ...base,
        kind: 'visit',
        start: c.onsitePrecision === 'month' ? firstDay(monthOf(c.onsiteStart)) : c.onsiteStart,
        end: c.onsitePrecision === 'month' ? lastDay(monthOf(c.onsiteEnd)) : c.onsiteEnd,
        precision: c.onsitePrecision,
        label: 'On site',
      })
    if (c.feedbackDate)
      entries.push({
        ...base,
        kind: 'feedback',
        start: c.feedbackDate,
        end: c.feedbackDate,
        precision: 'day',
        label: 'Feedback presentation',
      })
    if (!c.private) continue
    for (const d of deadlinesOf.get(c.id)!.deadlines) {
      // The next peer challenge is the council's, years ahead (the programme page's tables); an obligation a return
      // visit carries now is shown once, on the return visit.
      const status = CALENDAR_STATUS[d.status]
      if (!d.due || !status || d.code === 'next-review' || d.carriedBy) continue
      entries.push({
        ...base,
        kind: 'deadline',
        start: d.duePrecision === 'month' ? firstDay(monthOf(d.due)) : d.due,
        end: d.due,
        precision: d.duePrecision,
        label: d.label,
        status,
      })
    }
  }
  return { today, ...monthView(month, entries, await bankHolidayNames(ctx.db), today) }
}
