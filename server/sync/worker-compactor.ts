/**
 * A Compactor backed by one worker thread. Jobs run one at a time in order; if the worker dies, pending jobs
 * reject (their update logs stay intact) and the next job starts a fresh worker.
 */
import { Worker } from 'node:worker_threads'
import type { Logger } from '../log'
import type { Compacted, Compactor } from './compact'

export interface WorkerCompactor {
  compact: Compactor
  close(): Promise<void>
}

export function createWorkerCompactor(log: Logger): WorkerCompactor {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve(c: Compacted): void; reject(e: Error): void }>()
  const start = (): Worker => {
    // The worker is TypeScript. Loader hooks do not follow into worker threads, so a tiny bootstrap registers tsx
    // in the worker before importing it.
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./compact-worker.ts', import.meta.url).href)}) })`
    const w = new Worker(bootstrap, { eval: true })
    w.unref()
    w.on('message', (msg: { id: number; snapshot?: Uint8Array; stateVector?: Uint8Array; error?: string }) => {
      const job = pending.get(msg.id)
      if (!job) return
      pending.delete(msg.id)
      if (msg.snapshot && msg.stateVector) job.resolve({ snapshot: new Uint8Array(msg.snapshot), stateVector: new Uint8Array(msg.stateVector) })
      else job.reject(new Error(msg.error ?? 'compaction failed'))
    })
    w.on('error', (err) => log.warn({ err: String(err) }, 'compaction worker error'))
    w.on('exit', (code) => {
      if (worker === w) worker = null
      for (const [id, job] of pending) {
        pending.delete(id)
        job.reject(new Error(`compaction worker exited with code ${code}`))
      }
    })
    return w
  }
  return {
    compact(parts) {
      worker ??= start()
      const id = nextId++
      const w = worker
      return new Promise<Compacted>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        // Copies the parts: the room keeps its own bytes until the snapshot replaces them.
        w.postMessage({ id, parts })
      })
    },
    async close() {
      const w = worker
      worker = null
      if (w) await w.terminate()
    },
  }
}
