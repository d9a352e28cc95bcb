/**
 * Runs a solver in its own thread (src/jobs/solve-worker.ts) for a background job (decision 30). The app's event loop
 * stays free while HiGHS works; `signal` terminates the thread at once (a cancelled job, or the process stopping).
 */
import { Worker } from 'node:worker_threads'
import type { TimetableProblem, TimetableProgress, TimetableResult } from '../timetable/solver.ts'
import type { Problem, Solution } from '../peers/assembler.ts'
import type { SolveProgress } from '../common/highs.ts'
import type { SolveMessage, SolveRequest } from './solve-worker.ts'

/** The solve was stopped from outside (its thread terminated). */
export class SolveAborted extends Error {
  constructor() {
    super('The solver was stopped')
  }
}

type Strip<T> = Omit<T, 'signal' | 'onProgress'>

export function solveInThread(
  kind: 'timetable',
  problem: Strip<TimetableProblem>,
  opts?: { signal?: AbortSignal; onProgress?: (p: TimetableProgress) => void },
): Promise<TimetableResult>
export function solveInThread(
  kind: 'assembly',
  problem: Strip<Problem>,
  opts?: { signal?: AbortSignal; onProgress?: (p: SolveProgress) => void },
): Promise<Solution>
export function solveInThread(
  kind: SolveRequest['kind'],
  problem: object,
  opts: { signal?: AbortSignal; onProgress?: (p: never) => void } = {},
): Promise<unknown> {
  const { signal, onProgress } = opts
  if (signal?.aborted) return Promise.reject(new SolveAborted())
  const w = new Worker(new URL('./solve-worker-boot.mjs', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  })
  return new Promise((resolve, reject) => {
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', abort)
      fn()
      void w.terminate()
    }
    const abort = () => finish(() => reject(new SolveAborted()))
    signal?.addEventListener('abort', abort, { once: true })
    w.on('message', (m: SolveMessage) => {
      if (m.type === 'progress') onProgress?.(m.progress as never)
      else if (m.type === 'done') finish(() => resolve(m.result))
      else finish(() => reject(new Error(m.message)))
    })
    w.on('error', (e) => finish(() => reject(e)))
    w.on('exit', (code) => finish(() => reject(new Error(`The solver thread stopped (exit code ${code})`))))
    w.postMessage({ kind, problem } as SolveRequest)
  })
}

/**
 * Keeps a job's solve in step with its record while the thread works: progress written at most once a second, and a
 * checkpoint every second, so a cancel (or the process stopping) terminates the thread within about a second and
 * the job's own JobStopped is what the caller sees.
 */
export async function whileSolving<T>(
  job: { checkpoint(): Promise<void>; progress(done: number, total?: number | null, note?: string): Promise<void> },
  solve: (signal: AbortSignal, report: (done: number, total: number | null, note: string) => void) => Promise<T>,
): Promise<T> {
  const ac = new AbortController()
  let stopped: unknown = null
  const stop = (e: unknown) => {
    stopped ??= e
    ac.abort()
  }
  let last = 0
  const report = (done: number, total: number | null, note: string) => {
    const now = Date.now()
    if (now - last < 1000) return
    last = now
    job.progress(done, total, note).catch(stop)
  }
  const watch = setInterval(() => job.checkpoint().catch(stop), 1000)
  try {
    return await solve(ac.signal, report)
  } catch (e) {
    if (stopped) throw stopped
    throw e
  } finally {
    clearInterval(watch)
  }
}
