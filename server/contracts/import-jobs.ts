/**
 * Contracts import jobs: queued, running, done, failed or cancelled, with progress and a stage, one at a time, kept
 * for an hour after they finish (the same shape and lifecycle as spend imports, server/spend/import-jobs.ts).
 *
 * Why the main thread and not a worker: contract files are small (the largest real one, a 5,729-row county register,
 * is 2.3 MB; uploads are capped at CONTRACTS_MAX_UPLOAD_BYTES). The route reads the file before answering (so every
 * refused file gets its 4xx at once, nothing stored); the job then works out end dates in chunks of
 * {@link CHUNK} contracts, yielding to the event loop (setImmediate) between chunks so requests keep being served and a
 * cancel is seen, and stores everything in one synchronous transaction. A worker would cost a tsx start-up and a copy
 * of the records for no gain at these sizes.
 */
import type { ContractImportJob, ContractImportResult } from '../../shared/schema/contracts-api.ts'
import type { ContractFileRead, ReadNotice } from '../../shared/contracts/model.ts'
import type { Logger } from '../log.ts'
import type { ContractsDb } from './contracts-db.ts'
import { newContractsId, prepareContract, storeContractFile, type PreparedContract } from './import-file.ts'

/** How long a finished job can still be read. */
export const FINISHED_JOB_TTL_MS = 60 * 60 * 1000
/** Contracts prepared between two yields to the event loop. */
export const CHUNK = 250

export interface NewContractImport {
  readonly org: { readonly id: string; readonly name: string }
  readonly filename: string
  readonly sha256: string
  readonly sizeBytes: number
  readonly uploadedBy: string
  readonly uploadedAt: string
  readonly read: ContractFileRead
}

interface JobState {
  job: ContractImportJob
  input: NewContractImport | null
  finishedAt: number | null
  cancelRequested: boolean
}

class Cancelled extends Error {}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export class ContractImportJobs {
  private readonly jobs = new Map<string, JobState>()
  private readonly queue: string[] = []
  private running: string | null = null
  private isClosed = false
  private idle: Promise<void> = Promise.resolve()

  constructor(private readonly deps: { readonly db: ContractsDb; readonly log: Logger; readonly onChange?: () => void }) {}

  get(importId: string): ContractImportJob | undefined {
    this.sweep()
    return this.jobs.get(importId)?.job
  }

  /** A queued or running import of the same bytes for the same organisation. */
  inFlight(orgId: string, sha256: string): ContractImportJob | undefined {
    for (const state of this.jobs.values()) {
      if (state.input?.org.id === orgId && state.input.sha256 === sha256 && (state.job.status === 'queued' || state.job.status === 'running')) return state.job
    }
    return undefined
  }

  /** A job that is already finished (the same bytes uploaded again: answered at once, nothing added). */
  finished(orgId: string, filename: string, result: ContractImportResult): ContractImportJob {
    const job: ContractImportJob = { importId: newContractsId(), orgId, filename, status: 'done', rowsRead: result.notices + result.contracts, progress: 1, stage: 'Already loaded', result }
    this.jobs.set(job.importId, { job, input: null, finishedAt: Date.now(), cancelRequested: false })
    return job
  }

  enqueue(input: NewContractImport): ContractImportJob {
    const importId = newContractsId()
    const job: ContractImportJob = { importId, orgId: input.org.id, filename: input.filename, status: 'queued', rowsRead: 0, progress: 0, stage: 'Waiting for the import before it to finish' }
    this.jobs.set(importId, { job, input, finishedAt: null, cancelRequested: false })
    this.queue.push(importId)
    this.pump()
    return job
  }

  cancel(importId: string): ContractImportJob | undefined {
    const state = this.jobs.get(importId)
    if (!state) return undefined
    if (state.job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(importId), 1)
      this.finish(state, { status: 'cancelled', stage: 'Cancelled' })
    } else if (state.job.status === 'running') {
      state.cancelRequested = true
      state.job = { ...state.job, stage: 'Cancelling' }
    }
    return state.job
  }

  /** Stop every import (server shutdown): queued ones are dropped, a running one stops before it stores anything. */
  async close(): Promise<void> {
    this.isClosed = true
    for (const id of this.queue.splice(0)) {
      const state = this.jobs.get(id)
      if (state) this.finish(state, { status: 'cancelled', stage: 'Cancelled: the server stopped' })
    }
    for (const state of this.jobs.values()) if (state.job.status === 'running') state.cancelRequested = true
    await this.idle
  }

  private sweep(): void {
    const now = Date.now()
    for (const [id, state] of this.jobs) if (state.finishedAt !== null && now - state.finishedAt > FINISHED_JOB_TTL_MS) this.jobs.delete(id)
  }

  private finish(state: JobState, patch: Partial<ContractImportJob>): void {
    state.job = { ...state.job, ...patch }
    state.finishedAt = Date.now()
    // The records are not needed once the job is over; the job itself stays readable for an hour.
    state.input = null
  }

  private pump(): void {
    if (this.isClosed || this.running !== null) return
    const next = this.queue.shift()
    if (next === undefined) return
    const state = this.jobs.get(next)
    if (!state?.input) return this.pump()
    this.running = next
    this.idle = this.run(state, state.input).finally(() => {
      this.running = null
      this.pump()
    })
  }

  private async run(state: JobState, input: NewContractImport): Promise<void> {
    const { read } = input
    const total = read.contracts.length + read.notices.length
    const check = () => {
      if (state.cancelRequested) throw new Cancelled()
    }
    try {
      state.job = { ...state.job, status: 'running', stage: 'Working out end dates', rowsRead: read.notices.length, progress: total === 0 ? 0 : read.notices.length / (total + 1) }
      await nextTurn()
      check()
      const notices = new Map<string, ReadNotice>()
      for (const n of read.notices) if (!notices.has(n.id)) notices.set(n.id, n)
      const prepared: PreparedContract[] = []
      for (let i = 0; i < read.contracts.length; i += CHUNK) {
        for (const c of read.contracts.slice(i, i + CHUNK)) prepared.push(prepareContract(c, c.noticeId === null ? undefined : notices.get(c.noticeId), input.org.id))
        const done = read.notices.length + prepared.length
        state.job = { ...state.job, rowsRead: done, progress: Math.min(0.95, done / (total + 1)), stage: state.cancelRequested ? 'Cancelling' : `Working out end dates (${prepared.length} of ${read.contracts.length} contracts)` }
        await nextTurn()
        check()
      }
      state.job = { ...state.job, stage: 'Saving notices and contracts', progress: 0.96 }
      await nextTurn()
      check()
      const result = storeContractFile(this.deps.db, {
        fileId: newContractsId(),
        org: input.org,
        filename: input.filename,
        sha256: input.sha256,
        sizeBytes: input.sizeBytes,
        uploadedBy: input.uploadedBy,
        uploadedAt: input.uploadedAt,
        read,
        contracts: prepared,
      })
      this.finish(state, { status: 'done', progress: 1, rowsRead: total, stage: 'Done', result })
      this.deps.onChange?.()
    } catch (err) {
      if (err instanceof Cancelled) {
        this.finish(state, { status: 'cancelled', stage: 'Cancelled' })
        return
      }
      this.deps.log.warn({ importId: state.job.importId, err: err instanceof Error ? err.message : String(err) }, 'contracts import failed')
      const duplicate = err instanceof Error && /UNIQUE constraint failed: contract_files/.test(err.message)
      this.finish(state, {
        status: 'failed',
        stage: 'Failed',
        error: duplicate
          ? { code: 'duplicate-file', message: `${input.filename} was imported by this organisation while this import ran. Nothing of this copy was kept.` }
          : { code: 'import-failed', message: `the import stopped: ${err instanceof Error ? err.message : String(err)}. Nothing of this file was kept.` },
      })
    }
  }
}
