// A synthetic CPU load for the benchmarks' "loaded" rows: N child processes that spin until stopped.
import { spawn, type ChildProcess } from 'node:child_process'

export function startLoad(workers: number): () => void {
  const kids: ChildProcess[] = []
  for (let i = 0; i < workers; i++)
    kids.push(spawn(process.execPath, ['-e', 'for (;;) { Math.sqrt(Math.random()) }'], { stdio: 'ignore' }))
  return () => {
    for (const k of kids) k.kill('SIGKILL')
  }
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Wall and CPU seconds of an async call (CPU of this process: user + system). */
export async function timed<T>(f: () => Promise<T> | T): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const value = await f()
  const c = process.cpuUsage(c0)
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

/** The machine's load average over the last minute, for the record. */
export async function loadAverage(): Promise<string> {
  const os = await import('node:os')
  return os.loadavg()[0]!.toFixed(1)
}
