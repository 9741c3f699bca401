/**
 * Which of this tab's own changes to a document the server has made durable, so the app never says "shared" before
 * it is true (issue 10 A2). The rule, in docs/sync-protocol.md ("The client: when is a change shared?"):
 *
 * - Every local update (a transaction whose origin is not the provider) is pending from the moment it is made.
 * - The server answers a sync step 1 with a sync step 2 computed from its durable state only (the stored snapshot and
 *   the updates whose append has committed, server/sync/room.ts `answerStep1`/`getState`); an update still being
 *   written, held for missing dependencies (R14) or dropped (read-only, R7) is not in it. Our server never echoes a
 *   sender's own update (R4), so this answer is the acknowledgement.
 * - Once the provider is connected and synced, and changes are pending, the tracker sends a sync step 1 whose state
 *   vector is the document's own except for this client, which is set to the clock below which everything is known to
 *   be durable. The answer then holds this client's durable changes from that clock on, and the whole durable delete
 *   set. A pending update is shared when its new items are below the durable clock and its deletions are in the
 *   durable delete set. Until everything pending is shared the step 1 is repeated, backing off.
 * - Only sync step 2 messages that came over the WebSocket count (y-websocket also reads messages from other tabs
 *   through a BroadcastChannel with the same handlers; those are not the server).
 *
 * Nothing is kept across a page load: offline storage is a separate feature. `pendingRegistry` sums every tracker of
 * the page, for the connection badge and the warning before the tab closes.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { MESSAGE_SYNC } from './first-sync'

/** Wait this long after the last local change before asking whether it is durable (a drag is many changes). */
export const PROBE_DELAY_MS = 250
/** While something stays pending, ask again after this long, doubling up to `PROBE_MAX_BACKOFF_MS`. */
export const PROBE_RETRY_MS = 500
export const PROBE_MAX_BACKOFF_MS = 4000

type DeleteRanges = Map<number, { clock: number; len: number }[]>

interface PendingUpdate {
  readonly seq: number
  /** End clock of this client's new items in the update (0 when it adds none). */
  readonly itemsEnd: number
  readonly deletions: DeleteRanges
  readonly since: number
}

/** The parts of y-websocket's provider the tracker uses. */
export type TrackedProvider = Pick<WebsocketProvider, 'messageHandlers' | 'ws' | 'wsconnected' | 'synced' | 'on' | 'off'>

export interface PendingChangesOptions {
  /**
   * Track from now on, not only from the first sync. Off for the board document: before its first sync nothing local
   * can happen there, and an `update` listener during the first sync would make Yjs encode the whole board again
   * (client/sync/first-sync.ts).
   */
  isTrackingBeforeSync?: boolean
  now?: () => number
  setTimer?: (callback: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

function deletionsOf(update: Uint8Array): DeleteRanges {
  const ranges: DeleteRanges = new Map()
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) {
    ranges.set(client, items.map((item) => ({ clock: item.clock, len: item.len })).sort((a, b) => a.clock - b.clock))
  }
  return ranges
}

/** True when every deleted range in `wanted` lies inside the ranges of `durable` (which may be split or adjacent). */
export function isDeleteSetCovered(wanted: DeleteRanges, durable: DeleteRanges): boolean {
  for (const [client, items] of wanted) {
    const have = durable.get(client) ?? []
    for (const item of items) {
      let clock = item.clock
      const end = item.clock + item.len
      for (const range of have) {
        if (range.clock > clock) break
        if (range.clock + range.len > clock) clock = range.clock + range.len
        if (clock >= end) break
      }
      if (clock < end) return false
    }
  }
  return true
}

export class PendingChanges {
  private pending: PendingUpdate[] = []
  private seq = 0
  /** This client's items below this clock are known to be durable on the server. */
  private durableClock = 0
  private probeTimer: unknown = null
  private retryMs = PROBE_RETRY_MS
  private isDestroyed = false
  private isListening = false
  private canWrite = true
  private readonly listeners = new Set<() => void>()
  private readonly now: () => number
  private readonly setTimer: (callback: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void
  private readonly originalSyncHandler: TrackedProvider['messageHandlers'][number] | undefined

  constructor(
    private readonly doc: Y.Doc,
    private readonly provider: TrackedProvider,
    options: PendingChangesOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now())
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms))
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
    if (options.isTrackingBeforeSync || provider.synced) this.listen()
    provider.on('sync', this.onSync)
    // Read every sync step 2 the server sends, after y-websocket (or first-sync.ts) has applied it as usual.
    const original = provider.messageHandlers[MESSAGE_SYNC]
    this.originalSyncHandler = original
    if (original) {
      provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
        const durable = emitSynced && this.pending.length > 0 ? readSyncStep2(decoder) : null
        original(encoder, decoder, p, emitSynced, messageType)
        if (durable) this.onDurableState(durable)
      }
    }
  }

  /** Local changes not yet known to be durable on the server. */
  get count(): number {
    return this.pending.length
  }

  /** When the oldest pending change was made (`now()` time), or null when nothing is pending. */
  get oldestPendingSince(): number | null {
    return this.pending[0]?.since ?? null
  }

  /** Sequence number of the latest local change (0 before any). */
  get lastSeq(): number {
    return this.seq
  }

  /** True when the local change `seq` and every one before it are durable on the server. */
  isShared(seq: number): boolean {
    return !this.pending.some((p) => p.seq <= seq)
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * What the server says this connection may do. A read-only connection's writes are dropped by the server (R7): the
   * app lets nobody edit through one, so what it writes there (seeding or migrating a board on open) is not anybody's
   * work waiting to be shared, and is not counted.
   */
  setCanWrite(canWrite: boolean): void {
    if (this.canWrite === canWrite) return
    this.canWrite = canWrite
    if (!canWrite && this.pending.length > 0) {
      this.pending = []
      this.notify()
    }
  }

  destroy(): void {
    if (this.isDestroyed) return
    this.isDestroyed = true
    if (this.isListening) this.doc.off('update', this.onUpdate)
    this.provider.off('sync', this.onSync)
    if (this.originalSyncHandler) this.provider.messageHandlers[MESSAGE_SYNC] = this.originalSyncHandler
    if (this.probeTimer !== null) this.clearTimer(this.probeTimer)
    this.probeTimer = null
    this.listeners.clear()
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider || !this.canWrite) return
    const meta = Y.parseUpdateMeta(update)
    const itemsEnd = meta.to.get(this.doc.clientID) ?? 0
    const deletions = deletionsOf(update)
    if (itemsEnd <= this.durableClock && deletions.size === 0) return
    this.seq += 1
    this.pending.push({ seq: this.seq, itemsEnd, deletions, since: this.now() })
    this.retryMs = PROBE_RETRY_MS
    this.schedule(PROBE_DELAY_MS)
    this.notify()
  }

  private listen(): void {
    if (this.isListening) return
    this.isListening = true
    this.doc.on('update', this.onUpdate)
  }

  private readonly onSync = (isSynced: boolean): void => {
    if (!isSynced) return
    this.listen()
    if (this.pending.length > 0) this.schedule(PROBE_DELAY_MS)
  }

  private schedule(ms: number): void {
    if (this.isDestroyed) return
    if (this.probeTimer !== null) this.clearTimer(this.probeTimer)
    this.probeTimer = this.setTimer(() => {
      this.probeTimer = null
      this.probe()
    }, ms)
  }

  /** Ask the server for its durable state from this client's durable clock on. */
  private probe(): void {
    if (this.isDestroyed || this.pending.length === 0) return
    const ws = this.provider.ws
    // Disconnected: the provider's `sync` after reconnecting schedules the next probe.
    if (!this.provider.wsconnected || !this.provider.synced || !ws || ws.readyState !== 1) return
    const stateVector = Y.decodeStateVector(Y.encodeStateVector(this.doc))
    if (this.durableClock > 0) stateVector.set(this.doc.clientID, this.durableClock)
    else stateVector.delete(this.doc.clientID)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1)
    encoding.writeVarUint8Array(encoder, encodeStateVector(stateVector))
    ws.send(encoding.toUint8Array(encoder))
    // If the answer leaves something pending (a write not yet committed), ask again later.
    this.schedule(this.retryMs)
    this.retryMs = Math.min(this.retryMs * 2, PROBE_MAX_BACKOFF_MS)
  }

  private onDurableState(update: Uint8Array): void {
    if (this.isDestroyed) return
    const meta = Y.parseUpdateMeta(update)
    const from = meta.from.get(this.doc.clientID)
    const to = meta.to.get(this.doc.clientID)
    if (from !== undefined && to !== undefined && from <= this.durableClock) this.durableClock = Math.max(this.durableClock, to)
    const needsDeletions = this.pending.some((p) => p.deletions.size > 0)
    const durableDeletions = needsDeletions ? deletionsOf(update) : new Map()
    const before = this.pending.length
    this.pending = this.pending.filter((p) => p.itemsEnd > this.durableClock || !isDeleteSetCovered(p.deletions, durableDeletions))
    if (this.pending.length === 0) {
      if (this.probeTimer !== null) this.clearTimer(this.probeTimer)
      this.probeTimer = null
      this.retryMs = PROBE_RETRY_MS
    }
    if (this.pending.length !== before) this.notify()
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
    pendingRegistry.changed()
  }
}

/** The update of a sync step 2 message, read from a copy of the decoder (which the provider then reads as usual). */
function readSyncStep2(decoder: decoding.Decoder): Uint8Array | null {
  const copy = decoding.clone(decoder)
  if (decoding.readVarUint(copy) !== syncProtocol.messageYjsSyncStep2) return null
  return decoding.readVarUint8Array(copy)
}

function encodeStateVector(stateVector: Map<number, number>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, stateVector.size)
  for (const [client, clock] of [...stateVector].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
  }
  return encoding.toUint8Array(encoder)
}

/** Every tracker of the page (the board document and each organisation document), for page-wide status. */
class PendingRegistry {
  private readonly trackers = new Map<Y.Doc, PendingChanges>()
  private readonly listeners = new Set<() => void>()
  private version = 0

  add(doc: Y.Doc, tracker: PendingChanges): void {
    this.trackers.set(doc, tracker)
    this.changed()
  }

  remove(doc: Y.Doc): void {
    if (this.trackers.delete(doc)) this.changed()
  }

  /** The tracker of a document, if it has one. */
  trackerOf(doc: Y.Doc | null): PendingChanges | null {
    return doc ? (this.trackers.get(doc) ?? null) : null
  }

  /** Local changes of every document of the page that the server has not made durable yet. */
  get count(): number {
    let total = 0
    for (const tracker of this.trackers.values()) total += tracker.count
    return total
  }

  get oldestPendingSince(): number | null {
    let oldest: number | null = null
    for (const tracker of this.trackers.values()) {
      const since = tracker.oldestPendingSince
      if (since !== null && (oldest === null || since < oldest)) oldest = since
    }
    return oldest
  }

  /** Changes whenever any tracker's pending set changes (for useSyncExternalStore). */
  get snapshot(): number {
    return this.version
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  changed(): void {
    this.version += 1
    for (const listener of [...this.listeners]) listener()
  }
}

export const pendingRegistry = new PendingRegistry()

/** Track a document's local changes until the server has them; registered page-wide until `destroy`. */
export function trackPendingChanges(doc: Y.Doc, provider: TrackedProvider, options?: PendingChangesOptions): PendingChanges {
  const tracker = new PendingChanges(doc, provider, options)
  pendingRegistry.add(doc, tracker)
  const destroy = tracker.destroy.bind(tracker)
  tracker.destroy = () => {
    destroy()
    pendingRegistry.remove(doc)
  }
  return tracker
}
