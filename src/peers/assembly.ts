import { z } from 'zod'
import type { Ctx } from '../common/context.ts'
import { userId } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { addDays, addMonths, formatDate, isIsoDate, type IsoDate } from '../common/dates.ts'
import type { Queryable } from '../db/db.ts'
import { audit } from '../audit/audit.ts'
import { assertCan, can } from '../auth/policy.ts'
import { isId, parseInput, versionNumber } from '../challenges/schemas.ts'
import { type Problem, type Solution } from './assembler.ts'
import { defineJob, enqueue } from '../jobs/queue.ts'
import { solveInThread, whileSolving } from '../jobs/solve-thread.ts'
import { checkProposal } from './checker.ts'
import { fit, slotProblems, type ChallengeNeed, type Peer, type TeamRules } from './model.ts'
import {
  STAFFABLE_STAGES,
  challengeNeed,
  conflictData,
  councilFacts,
  currentTeamRules,
  financialYear,
  needRows,
  poolPeers,
  type NeedRow,
} from './repo.ts'
import { parseTeamRules, rulesFromForm, vocabulary } from './rules-data.ts'

/**
 * Team rules (versioned, editable) and assembler runs: propose teams for one challenge or for every challenge in a
 * window, keep the proposal, let the programme office swap picks (re-checked by the independent checker) and accept.
 * Accepted picks join the challenge's team in one audited transaction.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Team rules

export async function listTeamRules(ctx: Ctx) {
  assertCan(ctx.actor, 'view-reference')
  const rows = await ctx.db.query<{
    id: number
    code: string
    reviewType: string
    reviewTypeName: string
    version: number
    name: string
    effectiveFrom: string
    rules: TeamRules
    note: string
    createdAt: string
    createdBy: string | null
  }>(
    `select r.id, r.code, r.review_type as "reviewType", t.name as "reviewTypeName", r.version, r.name, r.effective_from as "effectiveFrom", r.rules, r.note,
        r.created_at as "createdAt", u.name as "createdBy"
       from team_rules r join review_types t on t.code = r.review_type left join users u on u.id = r.created_by order by r.code, r.version desc`,
  )
  const current = rows.filter((r) => !rows.some((o) => o.code === r.code && o.version > r.version))
  return {
    current,
    history: rows.filter((r) => !current.includes(r)),
    vocabulary: vocabulary(),
    canEdit: can(ctx.actor, 'assemble-teams'),
  }
}

async function rulesByCode(db: Queryable, code: string) {
  const r = await db.one<{
    id: number
    code: string
    reviewType: string
    version: number
    name: string
    rules: TeamRules
  }>(
    `select id, code, review_type as "reviewType", version, name, rules from team_rules where code = $1 order by version desc limit 1`,
    [code],
  )
  if (!r) throw AppError.notFound('Team rules')
  return { ...r, rules: { ...r.rules, code: r.code, name: r.name, reviewType: r.reviewType } }
}

export async function teamRulesForm(ctx: Ctx, code: string) {
  assertCan(ctx.actor, 'assemble-teams')
  const r = await rulesByCode(ctx.db, code)
  const parties = [
    ...new Set([
      ...Object.keys(r.rules.partyTargets),
      'Conservative',
      'Labour',
      'Liberal Democrat',
      'Green',
      'Independent',
      'Reform UK',
    ]),
  ]
  return { current: r, parties, vocabulary: vocabulary() }
}

/** A new version of a review type's team rules (from the form's fields or the API's full rules); needs a reason. */
export async function saveTeamRules(ctx: Ctx, code: string, input: unknown): Promise<{ version: number }> {
  assertCan(ctx.actor, 'assemble-teams')
  const body = (input ?? {}) as Record<string, unknown>
  const current = await rulesByCode(ctx.db, code)
  const note = String(body.note ?? '').trim()
  if (note.length < 5) throw AppError.validation({ note: 'Say what changed and why (it is kept with the version)' })
  if (Number(body.version) !== current.version)
    throw AppError.conflict(
      `These rules changed (now version ${current.version}) since you opened them: reload and make your change again`,
    )
  const proposed =
    body.rules && typeof body.rules === 'object'
      ? { ...(body.rules as object), code, reviewType: current.reviewType }
      : rulesFromForm(current.rules, body)
  const rules = parseTeamRules(proposed)
  const { code: _c, name, reviewType: _r, ...data } = rules
  return ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ version: number }>(
      `insert into team_rules (code, review_type, version, name, effective_from, rules, note, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning version`,
      [
        code,
        current.reviewType,
        current.version + 1,
        name,
        ctx.clock.today(),
        JSON.stringify(data),
        note,
        userId(ctx.actor),
        ctx.clock.now(),
      ],
    )
    await audit(tx, ctx, {
      action: 'team-rules.changed',
      visibility: 'programme',
      entity: 'team_rules',
      entityId: code,
      before: current.rules,
      after: { ...rules, note },
    })
    return { version: row!.version }
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// Runs

export interface RunChallenge {
  id: number
  reference: string
  councilCode: string
  councilName: string
  start: IsoDate
  end: IsoDate
  days: number
  focus: { tag: string; label: string; from: string }[]
  fixed: { slot: string; peerId: number }[]
}
export interface RunPick {
  challengeId: number
  slot: string
  peerId: number
  score: number
  reasons: string[]
  fixed?: boolean
  edited?: boolean
}
/** A stored run: the solver's figures as `assemble()` gave them, and what the pages need besides. */
export interface RunResult extends Pick<
  Solution,
  'status' | 'objective' | 'gap' | 'seconds' | 'variables' | 'constraints' | 'explanation'
> {
  challenges: RunChallenge[]
  skipped: { reference: string; reason: string }[]
  picks: RunPick[]
  options: Solution['alternates']
  peers: Record<string, { name: string; kind: string; party: string | null; role: string; organisation: string | null }>
  problems: string[]
  accepted: Record<string, string>
  rules: { code: string; version: number; reviewType: string }
}

export const runSchema = z
  .object({
    scope: z.enum(['challenge', 'window'], { message: 'Choose one challenge or a window of visits' }),
    challengeId: z.string().optional(),
    quarter: z.string().optional(),
    from: z.string().trim().optional(),
    to: z.string().trim().optional(),
    reviewType: z.string().trim().optional().default('cpc'),
    timeLimit: z.coerce.number().int().min(1).max(120).optional().default(30),
  })
  .superRefine((v, ctx) => {
    if (v.scope === 'challenge' && !/^\d{1,9}$/.test(v.challengeId ?? ''))
      ctx.addIssue({ code: 'custom', path: ['challengeId'], message: 'Select the challenge' })
    if (v.scope === 'window' && !v.quarter) {
      if (!isIsoDate(v.from))
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: 'Enter the first day of the window, or choose a quarter',
        })
      if (!isIsoDate(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter the last day of the window' })
      else if (isIsoDate(v.from) && v.to < v.from)
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'The window must end on or after its first day' })
      else if (isIsoDate(v.from) && v.to > addMonths(v.from, 12))
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'A window is at most a year' })
    }
  })

/** Quarters (financial-year style: Jan-Mar, Apr-Jun, ...) from the current one on. */
export function quarters(today: IsoDate, n = 4): { key: string; label: string; from: IsoDate; to: IsoDate }[] {
  const y = Number(today.slice(0, 4))
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3)
  const out = []
  for (let i = 0; i < n; i++) {
    const m = (q + i) * 3
    const from = `${y + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`
    const to = addDays(addMonths(from, 3), -1)
    out.push({
      key: from,
      label: `${formatDate(from).replace(/^\d+ /, '')} to ${formatDate(to).replace(/^\d+ /, '')}`,
      from,
      to,
    })
  }
  return out
}

export async function assemblyHome(ctx: Ctx) {
  assertCan(ctx.actor, 'assemble-teams')
  const today = ctx.clock.today()
  const rows = await needRows(
    ctx.db,
    `ch.stage = any($1::text[]) and (ch.onsite_start is null or ch.onsite_start >= $2) and exists (select 1 from team_rules r where r.review_type = ch.review_type)`,
    [STAFFABLE_STAGES, today],
  )
  const runs = await ctx.db.query<{
    id: number
    scope: string
    windowFrom: string | null
    windowTo: string | null
    status: string
    createdAt: string
    acceptedAt: string | null
    challenges: number
    by: string | null
  }>(
    `select r.id, r.scope, r.window_from as "windowFrom", r.window_to as "windowTo", r.status, r.created_at as "createdAt", r.accepted_at as "acceptedAt",
        cardinality(r.challenge_ids) as challenges, u.name as by from assembly_runs r left join users u on u.id = r.created_by order by r.id desc limit 20`,
  )
  const reviewTypes = await ctx.db.query<{ code: string; name: string }>(
    `select distinct t.code, t.name from review_types t join team_rules r on r.review_type = t.code order by t.name`,
  )
  return {
    challenges: rows,
    runs,
    quarters: quarters(today),
    reviewTypes,
    values: { scope: 'window', quarter: quarters(today)[1]?.key, reviewType: 'cpc' },
  }
}

/** Maps a challenge's existing team onto the rules' places, so a run completes it rather than starting again. */
function fixTeam(
  row: NeedRow,
  rules: TeamRules,
  need: ChallengeNeed,
  peers: Map<number, Peer>,
): { fixed: { slot: string; peerId: number }[]; problem: string | null } {
  const fixed: { slot: string; peerId: number }[] = []
  const used = new Map<string, number>()
  for (const m of row.team) {
    const peer = peers.get(m.personId)
    if (!peer)
      return {
        fixed,
        problem: `${m.name} is on the team but not in the pool: add their profile, or take them off the team`,
      }
    const slot = rules.slots.find(
      (s) => s.teamRole === m.role && (used.get(s.key) ?? 0) < s.max && !slotProblems(peer, s, need).length,
    )
    if (!slot)
      return {
        fixed,
        problem: `${m.name} (${m.role.replace(/-/g, ' ')}) does not fit any open place under the team rules`,
      }
    used.set(slot.key, (used.get(slot.key) ?? 0) + 1)
    fixed.push({ slot: slot.key, peerId: peer.id })
  }
  return { fixed, problem: null }
}

async function buildProblem(db: Queryable, rows: NeedRow[], rules: TeamRules, timeLimit: number) {
  const vocab = vocabulary()
  const skipped: { reference: string; reason: string }[] = []
  const dated = rows.filter((r) => {
    if (r.onsiteStart && r.onsiteEnd && r.precision === 'day') return true
    skipped.push({ reference: r.reference, reason: 'no on-site dates yet (availability cannot be checked)' })
    return false
  })
  const first = dated.map((r) => r.onsiteStart!).sort()[0] ?? '2000-01-01'
  const year = financialYear(first)
  const peers = await poolPeers(db, { year, prepDays: rules.prepDays, exclude: [] })
  const byId = new Map(peers.map((p) => [p.id, p]))
  const needs: (ChallengeNeed & { focusDetail: { tag: string; from: string }[] })[] = []
  const fixed: { challengeId: number; slot: string; peerId: number }[] = []
  for (const r of dated) {
    const need = await challengeNeed(db, r, rules, vocab)
    const f = fixTeam(r, rules, need, byId)
    if (f.problem) {
      skipped.push({ reference: r.reference, reason: f.problem })
      continue
    }
    const size = f.fixed.length
    const full =
      size >= rules.size.min && rules.slots.every((s) => f.fixed.filter((x) => x.slot === s.key).length >= s.min)
    if (full) {
      skipped.push({ reference: r.reference, reason: 'already has a full team' })
      continue
    }
    needs.push(need)
    fixed.push(...f.fixed.map((x) => ({ ...x, challengeId: r.id })))
    // Members already on a team being completed are counted by the model itself, not as days committed elsewhere.
    if (need.start >= year.from && need.start <= year.to)
      for (const x of f.fixed) byId.get(x.peerId)!.daysCommitted! -= need.days
  }
  const { records, overrides } = await conflictData(db)
  const problem: Problem = {
    peers,
    councils: await councilFacts(db),
    challenges: needs,
    rules,
    conflicts: records,
    overrides,
    fixed,
    timeLimitSeconds: timeLimit,
  }
  return { problem, needs, skipped, rows: dated }
}

function describe(
  result: Omit<RunResult, 'peers' | 'problems' | 'accepted' | 'rules'>,
  problem: Problem,
): RunResult['peers'] {
  const ids = new Set([
    ...result.picks.map((p) => p.peerId),
    ...result.options.flatMap((o) => o.peers.map((p) => p.peerId)),
  ])
  const out: RunResult['peers'] = {}
  for (const p of problem.peers)
    if (ids.has(p.id)) out[p.id] = { name: p.name, kind: p.kind, party: p.party, role: p.role, organisation: null }
  return out
}

/** Reasons in the vocabulary's words: "expertise in hr-od" -> "expertise in HR and organisational development", NMD -> shire district. */
function readable(reasons: string[]): string[] {
  const v = vocabulary()
  const words = [
    ...v.expertise.map((e) => [e.key, e.label.toLowerCase().replace(/^hr /, 'HR ').replace(/^ict /, 'ICT ')] as const),
    ...v.councilTypes.map((t) => [t.key, t.label.startsWith('London') ? t.label : t.label.toLowerCase()] as const),
  ].sort((a, b) => b[0].length - a[0].length)
  return reasons.map((r) =>
    words.reduce(
      (s, [k, label]) => s.replace(new RegExp(`(?<![\\w-])${k.replace(/[-]/g, '\\-')}(?![\\w-])`, 'g'), label),
      r,
    ),
  )
}

/** The run asked for, checked: the challenges to staff, the rules, and the solver's problem (when asked and in the job). */
async function prepareRun(ctx: Ctx, v: z.output<typeof runSchema>) {
  assertCan(ctx.actor, 'assemble-teams')
  let rows: NeedRow[]
  let from: IsoDate | null = null
  let to: IsoDate | null = null
  let reviewType = v.reviewType
  if (v.scope === 'challenge') {
    rows = await needRows(ctx.db, `ch.id = $1`, [Number(v.challengeId)])
    const row = rows[0]
    if (!row) throw AppError.validation({ challengeId: 'Select the challenge' })
    if (!STAFFABLE_STAGES.includes(row.stage))
      throw AppError.validation({
        challengeId: `${row.reference} is past its visit: its team can no longer be proposed`,
      })
    reviewType = row.reviewType
  } else {
    const q = v.quarter ? quarters(ctx.clock.today(), 8).find((x) => x.key === v.quarter) : null
    if (v.quarter && !q) throw AppError.validation({ quarter: 'Choose one of the quarters listed' })
    from = q?.from ?? v.from!
    to = q?.to ?? v.to!
    rows = await needRows(
      ctx.db,
      `ch.review_type = $1 and ch.stage = any($2::text[]) and ch.onsite_start between $3 and $4`,
      [reviewType, STAFFABLE_STAGES, from, to],
    )
  }
  const ruleRow = await currentTeamRules(ctx.db, reviewType)
  if (!ruleRow)
    throw AppError.validation({
      [v.scope === 'challenge' ? 'challengeId' : 'reviewType']:
        'There are no team rules for this kind of review: add them on the team rules page',
    })
  const rules = ruleRow.rules
  const { problem, needs, skipped } = await buildProblem(ctx.db, rows, rules, v.timeLimit)
  if (!needs.length) {
    const why = skipped.length
      ? skipped.map((s) => `${s.reference}: ${s.reason}`).join('; ')
      : `no ${reviewType === 'cpc' ? 'corporate peer challenge' : 'review'} has its visit in this window`
    throw AppError.validation({ [v.scope === 'challenge' ? 'challengeId' : 'from']: `Nothing to staff: ${why}` })
  }
  return { v, rows, from, to, reviewType, ruleRow, rules, problem, needs, skipped }
}

/**
 * Runs the assembler as a background job (decision 30): checks who asks and that there is something to staff, then
 * queues the job and answers at once with it; the job's page shows progress and, when done, links to the proposal.
 */
export async function runAssembly(ctx: Ctx, input: unknown) {
  const v = parseInput(runSchema, input)
  const { needs } = await prepareRun(ctx, v)
  const jobId = await enqueue(ctx, assemblyJob, {
    input: v,
    title:
      v.scope === 'challenge'
        ? `Propose a team for ${needs[0]!.reference}`
        : `Propose teams for ${needs.length} challenge${needs.length === 1 ? '' : 's'}`,
  })
  return { jobId, state: 'queued' as const, path: `/jobs/${jobId}` }
}

export const assemblyJob = defineJob<{ input: z.output<typeof runSchema>; title: string }, { id: number }>({
  kind: 'team-assembly',
  title: (p) => p.title,
  retryLimit: 2,
  resultLabel: 'See the proposed teams',
  resultPath: (_id, r) => (r ? `/assembly/${r.id}` : null),
  run: async (job) => {
    const ctx = job.ctx
    const stored = await ctx.db.one<{ id: number }>(`select id from assembly_runs where job_id = $1`, [job.id])
    if (stored) return stored // a rerun after the proposal was stored
    await job.progress(0, null, 'Reading the pool and the challenges')
    // as the person who asked, with the pool and the challenges as they are now
    const prepared = await prepareRun(ctx, job.payload.input)
    const target = prepared.problem.targetGap ?? 0.005
    await job.progress(0, 100, `Finding teams for ${prepared.needs.length} challenge(s)`)
    const solution = await whileSolving(job, (signal, report) =>
      solveInThread('assembly', prepared.problem, {
        signal,
        onProgress: (p) =>
          report(
            p.gap === null ? 0 : Math.min(100, Math.round((100 * target) / Math.max(p.gap, target))),
            100,
            p.gap === null
              ? `Searching (${Math.round(p.seconds)} s)`
              : `Best teams within ${(100 * p.gap).toFixed(2)}% of the best possible; stopping at ${(100 * target).toFixed(1)}%`,
          ),
      }),
    )
    await job.checkpoint()
    return storeRun(ctx, job.id, prepared, solution)
  },
})

async function storeRun(
  ctx: Ctx,
  jobId: string | null,
  { v, rows, from, to, reviewType, ruleRow, problem, needs, skipped }: Awaited<ReturnType<typeof prepareRun>>,
  solution: Solution,
): Promise<{ id: number }> {
  const labels = new Map(vocabulary().expertise.map((e) => [e.key, e.label]))
  const fixedSet = new Set((problem.fixed ?? []).map((f) => `${f.challengeId}|${f.peerId}`))
  const base = {
    status: solution.status,
    objective: solution.objective,
    gap: solution.gap,
    seconds: Math.round(solution.seconds * 100) / 100,
    variables: solution.variables,
    constraints: solution.constraints,
    explanation: solution.explanation,
    skipped,
    challenges: needs.map((n) => {
      const row = rows.find((r) => r.id === n.id)!
      return {
        id: n.id,
        reference: n.reference,
        councilCode: row.councilCode,
        councilName: row.councilName,
        start: n.start,
        end: n.end,
        days: n.days,
        focus: n.focusDetail.map((f) => ({ ...f, label: labels.get(f.tag) ?? f.tag })),
        fixed: (problem.fixed ?? [])
          .filter((f) => f.challengeId === n.id)
          .map((f) => ({ slot: f.slot, peerId: f.peerId })),
      }
    }),
    picks: solution.picks.map((p) => ({
      ...p,
      reasons: readable(p.reasons),
      fixed: fixedSet.has(`${p.challengeId}|${p.peerId}`) || undefined,
    })),
    options: solution.ranked.map((o) => ({
      ...o,
      peers: o.peers.slice(0, 12).map((c) => ({ ...c, reasons: readable(c.reasons) })),
    })),
  }
  const result: RunResult = {
    ...base,
    peers: describe(base, problem),
    problems: solution.picks.length ? checkProposal(solution.picks, problem) : [],
    accepted: {},
    rules: { code: ruleRow.code, version: ruleRow.version, reviewType },
  }
  await addOrganisations(ctx.db, result)
  return ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ id: number }>(
      `insert into assembly_runs (scope, window_from, window_to, challenge_ids, team_rules_id, status, result, created_by, created_at, job_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
      [
        v.scope,
        from,
        to,
        needs.map((n) => n.id),
        ruleRow.id,
        result.status,
        JSON.stringify(result),
        userId(ctx.actor),
        ctx.clock.now(),
        jobId,
      ],
    )
    await audit(tx, ctx, {
      action: 'assembly.run',
      visibility: 'programme',
      entity: 'assembly_run',
      entityId: row!.id,
      after: {
        scope: v.scope,
        from,
        to,
        challenges: needs.map((n) => n.reference),
        status: result.status,
        gap: result.gap,
      },
    })
    return { id: row!.id }
  })
}

async function addOrganisations(db: Queryable, r: RunResult) {
  const ids = Object.keys(r.peers).map(Number)
  if (!ids.length) return
  const rows = await db.query<{ id: number; organisation: string | null; council: string | null }>(
    `select p.id, p.organisation, c.nice_name as council from people p left join councils c on c.id = p.council_id where p.id = any($1::int[])`,
    [ids],
  )
  for (const row of rows) r.peers[row.id]!.organisation = row.organisation ?? row.council
}

/** The team rules a run used (its code and version), whatever the current version is now. */
async function rulesOfRun(db: Queryable, r: RunResult): Promise<TeamRules> {
  const row = (await db.one<{ rules: TeamRules; name: string }>(
    `select rules, name from team_rules where code = $1 and version = $2`,
    [r.rules.code, r.rules.version],
  ))!
  return { ...row.rules, code: r.rules.code, name: row.name }
}

async function loadRun(db: Queryable, id: number, lock = false) {
  const run = await db.one<{
    id: number
    scope: string
    windowFrom: string | null
    windowTo: string | null
    result: RunResult
    status: string
    createdAt: string
    acceptedAt: string | null
    version: number
    by: string | null
    rulesName: string
  }>(
    `select r.id, r.scope, r.window_from as "windowFrom", r.window_to as "windowTo", r.result, r.status, r.created_at as "createdAt", r.accepted_at as "acceptedAt", r.version,
        u.name as by, t.name as "rulesName"
       from assembly_runs r left join users u on u.id = r.created_by join team_rules t on t.id = r.team_rules_id where r.id = $1 ${lock ? 'for update of r' : ''}`,
    [id],
  )
  if (!run) throw AppError.notFound('Proposal')
  return run
}

export async function getRun(ctx: Ctx, id: number) {
  assertCan(ctx.actor, 'assemble-teams')
  const run = await loadRun(ctx.db, id)
  const r = run.result
  const rules = await rulesOfRun(ctx.db, r)
  const teams = r.challenges.map((c) => {
    const picks = r.picks.filter((p) => p.challengeId === c.id)
    return {
      ...c,
      accepted: r.accepted[c.id] ?? null,
      problems: r.problems.filter((p) => p.startsWith(`${c.reference}:`)).map((p) => p.slice(c.reference.length + 2)),
      places: rules.slots.map((s) => ({
        slot: s,
        picks: picks.filter((p) => p.slot === s.key).map((p) => ({ ...p, peer: r.peers[p.peerId] })),
        options: (r.options.find((o) => o.challengeId === c.id && o.slot === s.key)?.peers ?? [])
          .filter((o) => !picks.some((p) => p.peerId === o.peerId))
          .map((o) => ({ ...o, peer: r.peers[o.peerId] })),
      })),
      size: picks.length,
    }
  })
  const general = r.problems.filter((p) => !r.challenges.some((c) => p.startsWith(`${c.reference}:`)))
  return { run: { ...run, result: undefined }, result: { ...r, options: undefined }, teams, general, rules }
}

export const swapSchema = z.object({
  challengeId: z.coerce.number().refine(isId, { message: 'Select the challenge' }),
  slot: z.string().min(1),
  remove: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || isId(v), { message: 'Select a peer on the team' }),
  add: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || isId(v), { message: 'Select a peer from the alternates' }),
  version: versionNumber(),
})

/** Edits a proposal: take a peer off a place and/or put another on; the independent checker re-checks every rule. */
export async function editRun(ctx: Ctx, id: number, input: unknown): Promise<{ problems: string[] }> {
  assertCan(ctx.actor, 'assemble-teams')
  const v = parseInput(swapSchema, input)
  if (v.remove === null && v.add === null) throw AppError.validation({ add: 'Choose someone to add or remove' })
  const run = await loadRun(ctx.db, id)
  if (run.version !== v.version) throw AppError.conflict('This proposal changed since you opened it: reload the page')
  const r = run.result
  const c = r.challenges.find((x) => x.id === v.challengeId)
  if (!c) throw AppError.validation({ challengeId: 'That challenge is not in this proposal' })
  if (r.accepted[c.id])
    throw AppError.conflict(`${c.reference}’s team has been accepted: change it on the challenge’s team page`)
  let picks = [...r.picks]
  if (v.remove !== null) {
    const gone = picks.find((p) => p.challengeId === c.id && p.slot === v.slot && p.peerId === v.remove)
    if (!gone) throw AppError.validation({ remove: 'That person is not in that place' })
    if (gone.fixed)
      throw AppError.validation({
        remove: 'That person is already on the team: take them off on the challenge’s team page',
      })
    picks = picks.filter((p) => p !== gone)
  }
  const rows = await needRows(ctx.db, `ch.id = any($1::int[])`, [r.challenges.map((x) => x.id)])
  const rules = await rulesOfRun(ctx.db, r)
  const { problem } = await buildProblem(ctx.db, rows, rules, 1)
  // Check against the challenges as the run saw them (accepted or since-staffed ones may have left the new problem).
  problem.challenges = r.challenges.map(
    (x) =>
      problem.challenges.find((n) => n.id === x.id) ?? {
        id: x.id,
        reference: x.reference,
        councilId: rows.find((w) => w.id === x.id)!.councilId,
        start: x.start,
        end: x.end,
        days: x.days,
        focus: x.focus.map((f) => f.tag),
        previousTeam: [],
      },
  )
  if (v.add !== null) {
    const peer = problem.peers.find((p) => p.id === v.add)
    if (!peer) throw AppError.validation({ add: 'Choose someone from the pool' })
    if (picks.some((p) => p.challengeId === c.id && p.peerId === peer.id))
      throw AppError.validation({ add: `${peer.name} is already on this team` })
    const need = problem.challenges.find((n) => n.id === c.id)!
    const slot = rules.slots.find((s) => s.key === v.slot)
    if (!slot) throw AppError.validation({ slot: 'Unknown place' })
    const council = problem.councils.find((x) => x.id === need.councilId)
    const f = fit(peer, slot, need, council)
    picks.push({
      challengeId: c.id,
      slot: slot.key,
      peerId: peer.id,
      score: f.score,
      reasons: readable(f.reasons),
      edited: true,
    })
    r.peers[peer.id] ??= { name: peer.name, kind: peer.kind, party: peer.party, role: peer.role, organisation: null }
  }
  const problems = checkProposal(picks, problem)
  const next: RunResult = { ...r, picks, problems }
  await addOrganisations(ctx.db, next)
  await ctx.db.transaction(async (tx) => {
    await tx.query(`update assembly_runs set result = $2, version = version + 1 where id = $1`, [
      id,
      JSON.stringify(next),
    ])
    await audit(tx, ctx, {
      action: 'assembly.edited',
      visibility: 'programme',
      entity: 'assembly_run',
      entityId: id,
      challengeId: c.id,
      after: { slot: v.slot, removed: v.remove, added: v.add, problems: problems.length },
    })
  })
  return { problems }
}

export const acceptSchema = z.object({ challengeId: z.string().optional(), version: versionNumber() })

/** Accepts the proposed teams (all, or one challenge's): new picks join team_members; refused while any hard rule is broken. */
export async function acceptRun(ctx: Ctx, id: number, input: unknown): Promise<{ accepted: string[] }> {
  assertCan(ctx.actor, 'assemble-teams')
  const v = parseInput(acceptSchema, input)
  return ctx.db.transaction(async (tx) => {
    const run = await loadRun(tx, id, true)
    if (run.version !== v.version) throw AppError.conflict('This proposal changed since you opened it: reload the page')
    const r = run.result
    const targets = r.challenges.filter((c) => !r.accepted[c.id] && (!v.challengeId || String(c.id) === v.challengeId))
    if (!targets.length) throw AppError.validation({ form: 'Nothing left to accept in this proposal' })
    if (r.status === 'infeasible' || r.status === 'no-candidates')
      throw AppError.validation({ form: 'No team was found: change the pool or the rules and run the assembler again' })
    const blocking = r.problems.filter(
      (p) =>
        targets.some((c) => p.startsWith(`${c.reference}:`)) ||
        !r.challenges.some((c) => p.startsWith(`${c.reference}:`)),
    )
    if (blocking.length) throw AppError.validation({ form: `Fix these before accepting: ${blocking.join('; ')}` })
    const accepted: string[] = []
    const slots = (await rulesOfRun(tx, r)).slots
    for (const c of targets) {
      const team = await tx.query<{ personId: number }>(
        `select person_id as "personId" from team_members where challenge_id = $1 and role not in ('shadow', 'principal-adviser') for update`,
        [c.id],
      )
      const was = c.fixed
        .map((f) => f.peerId)
        .sort()
        .join(',')
      if (
        team
          .map((t) => t.personId)
          .sort()
          .join(',') !== was
      )
        throw AppError.conflict(`${c.reference}’s team changed since this proposal was made: run the assembler again`)
      const ch = await tx.one<{ stage: string; councilId: number }>(
        `select stage, council_id as "councilId" from challenges where id = $1`,
        [c.id],
      )
      if (!ch || !STAFFABLE_STAGES.includes(ch.stage))
        throw AppError.conflict(`${c.reference} is past its visit: its team can no longer be changed here`)
      for (const p of r.picks.filter((x) => x.challengeId === c.id && !x.fixed)) {
        const slot = slots.find((s) => s.key === p.slot)!
        const person = (await tx.one<{
          name: string
          party: string | null
          title: string | null
          organisation: string | null
          council: string | null
        }>(
          `select p.name, p.party, p.title, p.organisation, c.nice_name as council from people p left join councils c on c.id = p.council_id where p.id = $1`,
          [p.peerId],
        ))!
        const m = await tx.one<{ id: number }>(
          `insert into team_members (challenge_id, person_id, role, party, title, organisation, position)
           values ($1, $2, $3, $4, $5, $6, (select coalesce(max(position), 0) + 1 from team_members where challenge_id = $1)) returning id`,
          [c.id, p.peerId, slot.teamRole, person.party, person.title, person.organisation ?? person.council],
        )
        await audit(tx, ctx, {
          action: 'team.added',
          visibility: 'council',
          entity: 'team_member',
          entityId: m!.id,
          challengeId: c.id,
          councilId: ch.councilId,
          after: { name: person.name, role: slot.teamRole, place: slot.label, proposal: id, reasons: p.reasons },
        })
      }
      r.accepted[c.id] = ctx.clock.now().toISOString()
      accepted.push(c.reference)
    }
    const all = r.challenges.every((c) => r.accepted[c.id])
    await tx.query(
      `update assembly_runs set result = $2, version = version + 1, accepted_at = $3, accepted_by = $4 where id = $1`,
      [id, JSON.stringify(r), all ? ctx.clock.now() : null, all ? userId(ctx.actor) : null],
    )
    await audit(tx, ctx, {
      action: 'assembly.accepted',
      visibility: 'programme',
      entity: 'assembly_run',
      entityId: id,
      after: { challenges: accepted },
    })
    return { accepted }
  })
}
