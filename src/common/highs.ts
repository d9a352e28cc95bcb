import highsLoader, { type Highs } from 'highs'

/** HiGHS (the `highs` package, WebAssembly): one loaded module; each solve() makes and destroys its own solver. */

let instance: Promise<Highs> | null = null
// The package's types describe an ES default export; at run time (CommonJS) the loader is the module itself.
const load = highsLoader as unknown as () => Promise<Highs>

export function highs(): Promise<Highs> {
  instance ??= load()
  return instance
}

export interface LpResult {
  Status: string
  ObjectiveValue: number
  Columns: Record<string, { Primal: number }>
}

/**
 * The model's LP relaxation: integrality dropped, but binaries kept within 0 and 1 (without their section, LP format
 * would let them run from 0 to infinity, and the bound would be far looser than the relaxation's).
 */
export function relaxation(lp: string): string {
  const binary = /\nBinary\n([\s\S]*?)(?=\n(?:General|End)\b)/.exec(lp)
  const names = binary ? binary[1]!.split(/\s+/).filter(Boolean) : []
  return lp
    .replace(/\n(Binary|General)\n[\s\S]*?\nEnd/, '\nEnd')
    .replace(/\nBounds\n/, `\nBounds\n${names.map((n) => ` 0 <= ${n} <= 1\n`).join('')}`)
}

/** Solves a CPLEX LP-format model; `integer: false` drops the Binary/General sections (the LP relaxation, for a bound). */
export async function solveLp(
  lp: string,
  opts: { timeLimit: number; integer?: boolean; gap?: number },
): Promise<LpResult> {
  const h = await highs()
  const model = opts.integer === false ? relaxation(lp) : lp
  const r = h.solve(model, {
    time_limit: opts.timeLimit,
    mip_rel_gap: opts.gap ?? 1e-4,
    presolve: 'on',
    output_flag: false,
  } as never) as unknown as LpResult
  return { Status: String(r.Status), ObjectiveValue: Number(r.ObjectiveValue), Columns: r.Columns ?? {} }
}

/** Variable names, 20 to a line (LP format lines are limited in length). */
export function chunk(names: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < names.length; i += 20) out.push(' ' + names.slice(i, i + 20).join(' '))
  return out
}

export interface LpRow {
  name: string
  /** Terms such as "3 x1" or "-1 L"; none gives "0 z0" (z0 is fixed at 0). */
  terms: string[]
  op: '<=' | '>=' | '='
  rhs: number
}

/** A maximisation model in CPLEX LP format, as HiGHS reads it. */
export function lpModel(m: {
  objective: string[]
  rows: LpRow[]
  binaries: string[]
  general?: string[]
  bounds?: string[]
}): string {
  const expr = (xs: string[]) => xs.join(' + ').replace(/\+ -/g, '- ') || '0 z0'
  return [
    'Maximize',
    ` obj: ${expr(m.objective)}`,
    'Subject To',
    ...(m.rows.length ? m.rows.map((r) => ` ${r.name}: ${expr(r.terms)} ${r.op} ${r.rhs}`) : [' c0: 0 z0 >= 0']),
    'Bounds',
    ' 0 <= z0 <= 0',
    ...(m.bounds ?? []),
    ...(m.binaries.length ? ['Binary', ...chunk(m.binaries)] : []),
    ...(m.general?.length ? ['General', ...chunk(m.general)] : []),
    'End',
  ].join('\n')
}

/** How a solve reports progress: the best plan's value so far, the proven bound, and the gap between them. */
export interface SolveProgress {
  seconds: number
  objective: number | null
  bound: number | null
  gap: number | null
}

export interface MipResult {
  /** 'Optimal' (within the requested gap), 'Time limit reached', 'Interrupted', 'Infeasible', ... */
  status: string
  /** Whether a feasible solution came back. */
  feasible: boolean
  objective: number
  /** HiGHS's own proven bound on the best possible objective (branch and bound's dual bound). */
  bound: number | null
  /** Relative gap between the solution and that bound, as HiGHS computes it. */
  gap: number | null
  columns: Map<string, number>
  seconds: number
}

const STATUS_NAMES: Record<number, string> = {
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  16: 'Solution limit reached',
  17: 'Interrupted',
}

/**
 * Solves a maximisation MIP in LP format on a persistent HiGHS instance, so that it can be given a starting
 * solution (warm start: any complete plan found first, e.g. a greedy one), report progress, stop on a cancellation
 * signal or a deadline, and say its proven bound. `signal` is checked at HiGHS's own checkpoints (the solve is
 * synchronous; the caller's `onProgress` may itself decide to abort).
 */
export async function solveMip(
  lp: string,
  opts: {
    timeLimit: number
    gap?: number
    start?: Map<string, number>
    signal?: AbortSignal
    onProgress?: (p: SolveProgress) => void
    /** Stop as soon as a solution worth at least this is found (e.g. within the target gap of a bound known already). */
    stopAt?: number
    /** HiGHS's simplex strategy: 1 dual (its default for LPs), 4 primal. */
    simplexStrategy?: 1 | 4
  },
): Promise<MipResult> {
  const h = await highs()
  const t0 = performance.now()
  const model = h.createModel({ format: 'lp', data: lp })
  try {
    model.options.set({
      time_limit: Math.max(0.05, opts.timeLimit),
      mip_rel_gap: opts.gap ?? 1e-4,
      presolve: 'on',
      output_flag: false,
      ...(opts.simplexStrategy ? { simplex_strategy: opts.simplexStrategy } : {}),
    })
    const n = model.getDimensions().numCols
    const index = new Map<string, number>()
    for (let i = 0; i < n; i++) index.set(model.getColName(i), i)
    if (opts.start?.size) {
      const values = new Float64Array(n)
      for (const [name, v] of opts.start) {
        const i = index.get(name)
        if (i !== undefined) values[i] = v
      }
      model.setSolution({ colValue: values })
    }
    const cb = h.constants.callbackType
    let lastReport = 0
    model.run({
      [cb.mipInterrupt](e) {
        if (opts.signal?.aborted) e.interrupt()
        const best = e.data.mip_primal_bound
        if (opts.stopAt !== undefined && best !== undefined && Math.abs(best) < 1e20 && best >= opts.stopAt)
          e.interrupt()
      },
      [cb.mipLogging](e) {
        const now = performance.now()
        if (!opts.onProgress || now - lastReport < 200) return
        lastReport = now
        const d = e.data
        const objective = Number.isFinite(d.mip_primal_bound ?? NaN) ? d.mip_primal_bound! : null
        opts.onProgress({
          seconds: (now - t0) / 1000,
          objective: objective !== null && Math.abs(objective) < 1e20 ? objective : null,
          bound:
            Number.isFinite(d.mip_dual_bound ?? NaN) && Math.abs(d.mip_dual_bound!) < 1e20 ? d.mip_dual_bound! : null,
          gap: Number.isFinite(d.mip_gap ?? NaN) ? d.mip_gap! : null,
        })
      },
    })
    const code = model.getModelStatus() as number
    const primal = Number(model.info.get('primal_solution_status'))
    const feasible = primal === 2
    const info = (name: string) => {
      try {
        const v = Number(model.info.get(name))
        return Number.isFinite(v) && Math.abs(v) < 1e20 ? v : null
      } catch {
        return null
      }
    }
    const columns = new Map<string, number>()
    if (feasible) {
      const x = model.getSolution().colValue
      for (const [name, i] of index) columns.set(name, x[i]!)
    }
    const objective = feasible ? model.getObjectiveValue() : NaN
    const bound = info('mip_dual_bound') ?? (code === 7 && feasible ? objective : null)
    return {
      status: STATUS_NAMES[code] ?? `status ${code}`,
      feasible,
      objective,
      bound,
      gap: feasible && bound !== null ? Math.max(0, (bound - objective) / Math.max(1e-9, Math.abs(bound))) : null,
      columns,
      seconds: (performance.now() - t0) / 1000,
    }
  } finally {
    model.dispose()
  }
}
