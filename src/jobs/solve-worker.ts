/**
 * The solver thread (decision 30): runs one timetable plan or one team assembly off the app's event loop, so a
 * solve of several CPU-seconds never holds up a web request. HiGHS is synchronous; the parent stops a cancelled
 * solve by terminating this thread. Progress goes back as messages.
 */
import { parentPort } from 'node:worker_threads'
import { solveTimetable, type TimetableProblem } from '../timetable/solver.ts'
import { assemble, type Problem } from '../peers/assembler.ts'

export type SolveRequest = { kind: 'timetable'; problem: TimetableProblem } | { kind: 'assembly'; problem: Problem }

export type SolveMessage =
  | { type: 'progress'; progress: Record<string, unknown> }
  | { type: 'done'; result: unknown }
  | { type: 'error'; message: string }

const post = (m: SolveMessage) => parentPort!.postMessage(m)

parentPort!.once('message', async (req: SolveRequest) => {
  try {
    const onProgress = (progress: object) => post({ type: 'progress', progress: { ...progress } })
    const result =
      req.kind === 'timetable'
        ? await solveTimetable({ ...req.problem, onProgress })
        : await assemble({ ...req.problem, onProgress })
    post({ type: 'done', result })
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) })
  }
})
