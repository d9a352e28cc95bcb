/** A thread of `peer-challenge import --jobs N`: reads the documents it is given against the snapshot's register. */
import { parentPort, workerData } from 'node:worker_threads'
import { readOne, type FileResult } from './cli-import.ts'
import { readRefsSnapshot, refsFromSnapshot } from './refs.ts'
import { stopExtractionWorker } from './read.ts'

export interface ReadWorkerData {
  dataDir: string
  evidence: boolean
}
export type ReadWorkerRequest = { index: number; file: string } | { stop: true }
export interface ReadWorkerResponse {
  index: number
  result: FileResult
}

const { dataDir, evidence } = workerData as ReadWorkerData
const snap = readRefsSnapshot(dataDir)
if (!snap) throw new Error(`no register snapshot in ${dataDir}`)
const refs = refsFromSnapshot(snap)

parentPort!.on('message', async (req: ReadWorkerRequest) => {
  if ('stop' in req) {
    await stopExtractionWorker()
    parentPort!.close()
    return
  }
  const result = await readOne(req.file, refs, evidence)
  parentPort!.postMessage({ index: req.index, result } satisfies ReadWorkerResponse)
})
