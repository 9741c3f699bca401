/**
 * Import jobs: each accepted upload becomes a job that runs in its own worker thread (import-worker.ts), one at a
 * time (the others wait, queued), so a large import uses one core and never the event loop. Jobs report progress,
 * can be cancelled, and are kept for an hour after they finish. A worker that dies (out of memory on a hostile
 * file, say) fails its job; the server carries on. Files left 'importing' by a killed process are removed at start.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ImportJob, ImportResult } from '../../shared/schema/spend-api.ts'
import type { Logger } from '../log.ts'
import type { ImportWorkerInput } from './import-worker.ts'
import type { SpendDb } from './spend-db.ts'

/** How long a finished job can still be read. */
export const FINISHED_JOB_TTL_MS = 60 * 60 * 1000
/** Heap ceiling of an import worker: a hostile file fails its own import, not the server. */
export const WORKER_HEAP_MB = 1024

interface JobState {
  job: ImportJob
  input: ImportWorkerInput | null
  worker: Worker | null
  finishedAt: number | null
  cancelRequested: boolean
}

export interface NewImport {
  readonly orgId: string
  readonly filename: string
  readonly path: string
  readonly kind: 'csv' | 'xlsx'
  readonly sha256: string
  readonly sizeBytes: number
  readonly uploadedBy: string
  readonly uploadedAt: string
}

export const newImportId = (): string => randomBytes(12).toString('base64url')

export class SpendImportJobs {
  private readonly jobs = new Map<string, JobState>()
  private readonly queue: string[] = []
  private running: string | null = null
  private isClosed = false

  constructor(
    private readonly deps: { readonly db: SpendDb; readonly dbFile: string; readonly uploadDir: string; readonly log: Logger; readonly onDone?: (orgId: string) => void },
  ) {
    mkdirSync(deps.uploadDir, { recursive: true })
    for (const name of readdirSync(deps.uploadDir)) rmSync(join(deps.uploadDir, name), { force: true })
    const stale = deps.db.prepare("DELETE FROM spend_files WHERE status = 'importing'").run()
    if (stale.changes > 0) deps.log.warn({ files: stale.changes }, 'removed spend imports left unfinished by a stopped server')
  }

  /** A fresh temp path for an upload's bytes. */
  tempPath(): string {
    return join(this.deps.uploadDir, `${newImportId()}.part`)
  }

  get(importId: string): ImportJob | undefined {
    this.sweep()
    return this.jobs.get(importId)?.job
  }

  /** A queued or running import of the same bytes for the same organisation. */
  inFlight(orgId: string, sha256: string): ImportJob | undefined {
    for (const state of this.jobs.values()) {
      if (state.input?.orgId === orgId && state.input.sha256 === sha256 && (state.job.status === 'queued' || state.job.status === 'running')) return state.job
    }
    return undefined
  }

  /** A job that is already finished (a duplicate upload answered at once). */
  finished(orgId: string, filename: string, result: ImportResult): ImportJob {
    const job: ImportJob = { importId: newImportId(), orgId, filename, status: 'done', rowsRead: result.transactions, progress: 1, stage: 'Already loaded', result }
    this.jobs.set(job.importId, { job, input: null, worker: null, finishedAt: Date.now(), cancelRequested: false })
    return job
  }

  enqueue(upload: NewImport): ImportJob {
    const importId = newImportId()
    const input: ImportWorkerInput = { ...upload, dbFile: this.deps.dbFile, fileId: newImportId() }
    const job: ImportJob = { importId, orgId: upload.orgId, filename: upload.filename, status: 'queued', rowsRead: 0, progress: 0, stage: 'Waiting for the import before it to finish' }
    this.jobs.set(importId, { job, input, worker: null, finishedAt: null, cancelRequested: false })
    this.queue.push(importId)
    this.pump()
    return job
  }

  cancel(importId: string): ImportJob | undefined {
    const state = this.jobs.get(importId)
    if (!state) return undefined
    if (state.job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(importId), 1)
      this.finish(state, { status: 'cancelled', stage: 'Cancelled' })
    } else if (state.job.status === 'running') {
      state.cancelRequested = true
      state.job = { ...state.job, stage: 'Cancelling' }
      state.worker?.postMessage({ type: 'cancel' })
    }
    return state.job
  }

  /** Stop every import (server shutdown): workers terminated, their files removed, temp files deleted. */
  async close(): Promise<void> {
    this.isClosed = true
    this.queue.length = 0
    const workers = [...this.jobs.values()].map((s) => s.worker).filter((w): w is Worker => w !== null)
    await Promise.all(workers.map((w) => w.terminate()))
    for (const state of this.jobs.values()) {
      if (state.input && (state.job.status === 'running' || state.job.status === 'queued')) {
        this.deps.db.prepare("DELETE FROM spend_files WHERE id = ? AND status = 'importing'").run(state.input.fileId)
        rmSync(state.input.path, { force: true })
      }
    }
  }

  private sweep(): void {
    const now = Date.now()
    for (const [id, state] of this.jobs) if (state.finishedAt !== null && now - state.finishedAt > FINISHED_JOB_TTL_MS) this.jobs.delete(id)
  }

  private finish(state: JobState, patch: Partial<ImportJob>): void {
    state.job = { ...state.job, ...patch }
    state.finishedAt = Date.now()
    state.worker = null
    if (state.input) rmSync(state.input.path, { force: true })
  }

  private pump(): void {
    if (this.isClosed || this.running !== null) return
    const next = this.queue.shift()
    if (next === undefined) return
    const state = this.jobs.get(next)
    if (!state?.input) return this.pump()
    this.running = next
    state.job = { ...state.job, status: 'running', stage: 'Reading the file' }
    // The worker is TypeScript: register tsx inside it before importing it (loader hooks do not follow into workers).
    const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(new URL('./import-worker.ts', import.meta.url).href)}) })`
    const worker = new Worker(bootstrap, { eval: true, workerData: state.input, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
    state.worker = worker
    let isSettled = false
    const settle = (patch: Partial<ImportJob>) => {
      if (isSettled) return
      isSettled = true
      this.finish(state, patch)
      this.running = null
      void worker.terminate()
      this.pump()
    }
    worker.on('message', (msg: { type: string; rowsRead?: number; bytesRead?: number; totalBytes?: number; stage?: string; result?: ImportResult; code?: string; message?: string }) => {
      if (msg.type === 'progress') {
        const progress = msg.totalBytes ? Math.min(1, (msg.bytesRead ?? 0) / msg.totalBytes) : 0
        state.job = { ...state.job, rowsRead: msg.rowsRead ?? 0, progress, stage: state.cancelRequested ? 'Cancelling' : (msg.stage ?? 'Reading the file') }
      } else if (msg.type === 'done' && msg.result) {
        settle({ status: 'done', progress: 1, rowsRead: msg.result.transactions, stage: 'Done', result: msg.result })
        this.deps.onDone?.(state.job.orgId)
      } else if (msg.type === 'cancelled') {
        settle({ status: 'cancelled', stage: 'Cancelled' })
      } else if (msg.type === 'failed') {
        settle({ status: 'failed', stage: 'Failed', error: { code: msg.code ?? 'import-failed', message: msg.message ?? 'the import failed' } })
      }
    })
    worker.on('error', (err) => {
      this.deps.log.warn({ importId: next, err: String(err) }, 'spend import worker error')
      settle({ status: 'failed', stage: 'Failed', error: { code: 'import-crashed', message: `the import stopped: ${err.message}. Nothing of this file was kept.` } })
      this.deps.db.prepare('DELETE FROM spend_files WHERE id = ?').run(state.input?.fileId ?? '')
    })
    worker.on('exit', (code) => {
      if (isSettled) return
      settle({ status: 'failed', stage: 'Failed', error: { code: 'import-crashed', message: `the import stopped unexpectedly (exit ${code}). Nothing of this file was kept.` } })
      this.deps.db.prepare('DELETE FROM spend_files WHERE id = ?').run(state.input?.fileId ?? '')
    })
  }
}
