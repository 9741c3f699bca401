/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that crosses the
 * threshold, on the writer's thread, and fsyncs the WAL and the database file: with better-sqlite3 that stalls the
 * event loop (and every room) for the length of two fsyncs, which showed as the p99 of the sync benchmarks. Here a
 * worker thread with its own connection runs `wal_checkpoint(PASSIVE)` every `intervalMs` after new commits.
 * PASSIVE never waits for or blocks the writer. The main connection keeps a large automatic checkpoint as a backstop,
 * should this thread ever fall behind.
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

export interface Checkpointer {
  /** Note that the main connection committed; a checkpoint follows within `intervalMs`. */
  noteCommit(): void
  /** Run one checkpoint now and wait for it (tests, shutdown). */
  checkpointNow(): Promise<CheckpointResult>
  stats: { runs: number; failures: number; lastError: string | null }
  close(): Promise<void>
}

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  walFrames: number
  checkpointed: number
}

/** The worker, as a CommonJS script: one connection, one message in, one answer out, in order. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.filename, { fileMustExist: true })
parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    try { db.close() } catch {}
    parentPort.close()
    return
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ id: msg.id, walFrames: row.log, checkpointed: row.checkpointed })
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: String(err && err.message || err) })
  }
})
`

export function startCheckpointer(filename: string, intervalMs: number, onError: (message: string) => void): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { filename, driver } })
  worker.unref()
  let nextId = 1
  const waiting = new Map<number, { resolve(r: CheckpointResult): void; reject(e: Error): void }>()
  let isDirty = false
  let inFlight: Promise<CheckpointResult> | null = null
  let timer: NodeJS.Timeout | null = null
  let isClosed = false
  const stats = { runs: 0, failures: 0, lastError: null as string | null }

  worker.on('message', (msg: { id: number; walFrames?: number; checkpointed?: number; error?: string }) => {
    const job = waiting.get(msg.id)
    if (!job) return
    waiting.delete(msg.id)
    if (msg.error !== undefined) job.reject(new Error(msg.error))
    else job.resolve({ walFrames: msg.walFrames ?? 0, checkpointed: msg.checkpointed ?? 0 })
  })
  const failAll = (message: string) => {
    for (const [id, job] of waiting) {
      waiting.delete(id)
      job.reject(new Error(message))
    }
  }
  worker.on('error', (err) => failAll(`checkpoint worker failed: ${String(err)}`))
  worker.on('exit', () => {
    isClosed = true
    failAll('checkpoint worker exited')
  })

  const run = (): Promise<CheckpointResult> => {
    if (isClosed) return Promise.reject(new Error('checkpointer closed'))
    const id = nextId++
    const result = new Promise<CheckpointResult>((resolve, reject) => waiting.set(id, { resolve, reject }))
    worker.postMessage({ type: 'checkpoint', id })
    stats.runs += 1
    return result
  }
  const schedule = () => {
    if (timer || isClosed) return
    timer = setTimeout(() => {
      timer = null
      if (!isDirty || inFlight) return
      isDirty = false
      inFlight = run()
      inFlight
        .catch((err: unknown) => {
          stats.failures += 1
          stats.lastError = String(err)
          onError(String(err))
        })
        .finally(() => {
          inFlight = null
          if (isDirty) schedule()
        })
    }, intervalMs)
    timer.unref()
  }

  return {
    noteCommit() {
      isDirty = true
      if (!inFlight) schedule()
    },
    checkpointNow: run,
    stats,
    async close() {
      if (timer) clearTimeout(timer)
      timer = null
      if (isClosed) return
      await inFlight?.catch(() => undefined)
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
      worker.postMessage({ type: 'close' })
      const timeout = setTimeout(() => void worker.terminate(), 2000)
      await exited
      clearTimeout(timeout)
    },
  }
}
