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
