/**
 * Group commit for document updates: every update received in one turn of the event loop is appended to storage in
 * one transaction, then each caller is told, in order. One batch is in flight at a time, so sequence order equals
 * arrival order even on an asynchronous store.
 */
import type { AppendEntry, DocStore } from '../storage/types'

interface Pending {
  entry: AppendEntry
  resolve(seq: number): void
  reject(err: unknown): void
}

export class WriteQueue {
  private queue: Pending[] = []
  private isFlushing = false
  private isScheduled = false
  private idleWaiters: Array<() => void> = []
  private readonly store: DocStore

  constructor(store: DocStore) {
    this.store = store
  }

  /** Queue one update; resolves with its sequence number once it is durable. */
  enqueue(docName: string, update: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ entry: { docName, update }, resolve, reject })
      this.schedule()
    })
  }

  get pendingCount(): number {
    return this.queue.length
  }

  private schedule(): void {
    if (this.isScheduled || this.isFlushing) return
    this.isScheduled = true
    // setImmediate runs after the I/O callbacks of this loop turn: all frames read together commit together.
    setImmediate(() => {
      this.isScheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    if (this.isFlushing || this.queue.length === 0) {
      if (!this.isFlushing && this.queue.length === 0) this.notifyIdle()
      return
    }
    this.isFlushing = true
    const batch = this.queue
    this.queue = []
    try {
      const seqs = await this.store.append(batch.map((p) => p.entry))
      batch.forEach((p, i) => p.resolve(seqs[i] ?? 0))
    } catch (err) {
      for (const p of batch) p.reject(err)
    } finally {
      this.isFlushing = false
    }
    if (this.queue.length > 0) this.schedule()
    else this.notifyIdle()
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }

  /** Resolves when everything queued so far has been written (or failed). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && !this.isFlushing) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }
}
