/**
 * Re-classification after a decision (a confirmed code, a rule, a merge or split, a removed file) runs in a worker
 * thread with its own connection: a year of 250,000 lines takes seconds, which must not stall the boards on this
 * server. Runs for one organisation are serialised, so two quick decisions apply in order.
 */
import type { Logger } from '../log'
import { startTsWorker } from './ts-worker'

const PARTNERS = '\u0000partners'

export class SpendReclassifier {
  private readonly tails = new Map<string, Promise<void>>()

  constructor(
    private readonly dbFile: string,
    private readonly log: Logger,
  ) {}

  /**
   * Resolves once the organisation's lines, identities and totals reflect every decision made before the call;
   * then the partners' suggestions are refreshed in the background.
   */
  run(orgId: string): Promise<void> {
    const previous = this.tails.get(orgId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => this.once(orgId))
    this.tails.set(orgId, next)
    void next
      .finally(() => {
        if (this.tails.get(orgId) === next) this.tails.delete(orgId)
      })
      .then(() => this.refreshPartners(orgId))
      .catch(() => undefined)
    return next
  }

  /**
   * After an organisation's data or decisions change, the other organisations' suggestions learned from it are
   * worked out again, in the background; a failure is logged and changes nothing.
   */
  refreshPartners(orgId: string): void {
    const previous = this.tails.get(PARTNERS) ?? Promise.resolve()
    const next = previous.then(() => this.once(orgId, true)).catch((err: unknown) => this.log.warn({ orgId, err: err instanceof Error ? err.message : String(err) }, 'refreshing partners’ suggestions failed'))
    this.tails.set(PARTNERS, next)
  }

  /** Waits for every run under way (at shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.tails.values()])
  }

  private once(orgId: string, partners = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = startTsWorker(new URL('./reclassify-worker.ts', import.meta.url), { dbFile: this.dbFile, orgId, partners }, { maxOldGenerationSizeMb: 1024 })
      let settled = false
      worker.on('message', (msg: { type: string; message?: string }) => {
        settled = true
        if (msg.type === 'done') resolve()
        else reject(new Error(msg.message ?? 'reclassification failed'))
        void worker.terminate()
      })
      worker.on('error', (err) => {
        if (!settled) reject(err)
        settled = true
      })
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`reclassification worker stopped with code ${code}`))
        settled = true
      })
    })
  }
}
