/**
 * Room: one shared document, its connections and their awareness, behind a transport-agnostic `SocketLike`.
 * The server keeps no Y.Doc. A room holds the document as merged Yjs update bytes plus its state vector; it checks
 * each incoming update against that state vector, has it made durable (WriteQueue) and only then broadcasts it.
 * Rules are numbered in server/sync/SPEC.md and cited as [Rn].
 */
import * as Y from 'yjs'
import type { Logger } from '../log'
import { CloseCode } from '../../shared/wire/protocol'
import {
  decodeAwarenessUpdate,
  decodeMessage,
  decodeStateVector,
  encodeAccessMessage,
  encodeAwarenessMessage,
  encodeStateVector,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  type AwarenessEntry,
} from './protocol'
import type { DocLayout } from '../../shared/wire/doc-layout'
import { DocStructure } from './doc-structure'
import { checkUpdate, scanStructs, scanValues, type ContentInspector, type FieldSpec, type PolicyMemory, type UpdateCheck } from './update-check'

/**
 * One message sent to many connections. A transport may encode it once (e.g. the websocket frame) and cache the
 * result here, so a broadcast to N connections frames it once instead of N times.
 */
export class SharedMessage {
  readonly payload: Uint8Array
  /** Transport-specific encoding, filled by the first socket that sends it. */
  encoded: Uint8Array | null = null
  constructor(payload: Uint8Array) {
    this.payload = payload
  }
}

/** The part of a websocket the room needs. */
export interface SocketLike {
  send(data: Uint8Array): void
  /** Optional: send a message shared by a broadcast; falls back to `send(message.payload)`. */
  sendShared?(message: SharedMessage): void
  close(code: number, reason: string): void
  /** Bytes queued for sending but not yet written to the network. */
  readonly bufferedAmount: number
}

/** Rewrites an awareness state (JSON text) for a connection, e.g. stamping the server-known identity. */
export type AwarenessStamp = (json: string) => string | null

export interface Connection {
  readonly id: string
  readonly socket: SocketLike
  /** Writers' updates are applied; read-only connections' sync step 2 and updates are dropped [R7]. */
  canWrite: boolean
  /** Optional identity stamp for awareness states (accounts). Returns null to reject the state. */
  stampAwareness?: AwarenessStamp
  /** The person behind the connection (accounts), for live access changes. */
  principal?: string
  /** The board role at the last check, sent to the client in an access message. */
  role?: string | null
  /** Optional content policy applied to every update this connection writes (e.g. attribution). */
  inspectContent?: ContentInspector
  /** Re-evaluates access; see `Room.applyAccess`. */
  reauthorize?: () => Promise<{ ok: true; canWrite: boolean; role?: string } | { ok: false }>
  /** Awareness client ids this connection has announced. */
  readonly awarenessIds: Set<number>
  /** Frames received before the room finished loading [R1]. */
  pending: Uint8Array[] | null
  /** Updates waiting for changes they depend on (e.g. sent while the client's own sync step 2 is in flight) [R14]. */
  held: Uint8Array[]
  heldBytes: number
  heldTimer: NodeJS.Timeout | null
  closed: boolean
}

export function createConnection(id: string, socket: SocketLike, canWrite = true): Connection {
  return { id, socket, canWrite, awarenessIds: new Set(), pending: [], held: [], heldBytes: 0, heldTimer: null, closed: false }
}

export interface RoomDeps {
  log: Logger
  /** Make an update durable; resolves with its sequence number. Rejects when storage fails. */
  persist(docName: string, update: Uint8Array): Promise<number>
  maxPendingBytes: number
  maxDocBytes: number
  awarenessFlushMs: number
  /** How long an update may wait for missing dependencies before its connection is closed [R14]. */
  heldUpdateTimeoutMs: number
  /** Called when the last connection leaves. */
  onEmpty(room: Room): void
  /** Called after each durable update, so the registry can schedule compaction. */
  onPersisted(room: Room): void
  /** Called when storage failed and the room must be dropped. */
  onFailed(room: Room): void
  /** Optional: fold the log into the snapshot off the event loop (compaction); resolves when done or failed. */
  foldLog?(room: Room): Promise<void>
  /** The document's layout (root types, nesting) enforced on every write [R15]; none: any structure is accepted. */
  layout?: DocLayout | null
}

const EMPTY_UPDATE = new Uint8Array([0, 0])
/** Limits on updates held for missing dependencies, per connection [R14]. */
export const HELD_MAX_UPDATES = 256
export const HELD_MAX_BYTES = 8 * 1024 * 1024
/** One presence state (cursor, selection, name) is small; anything bigger is abuse of the fan-out. */
export const MAX_AWARENESS_STATE_BYTES = 64 * 1024
/** A browser tab announces one awareness client id; a few allow reconnect churn. */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 16
/** Frames buffered while the room loads, per connection. */
export const MAX_PREJOIN_BYTES = 32 * 1024 * 1024
const MAX_AWARENESS_TOMBSTONES = 512
/** A join merges at most this many logged updates on the event loop; a longer log is folded in a worker first. */
export const INLINE_MERGE_MAX_UPDATES = 128

interface AwarenessRecord extends AwarenessEntry {
  conn: Connection
}

export class Room {
  readonly name: string
  private readonly deps: RoomDeps
  private readonly log: Logger
  readonly connections = new Set<Connection>()
  /** Merged document state (durable updates only), lazily merged with `tail`. */
  private base: Uint8Array | null = null
  private tail: Uint8Array[] = []
  /** Updates made durable while a compaction is running; they become the tail of the compacted snapshot. */
  private sinceCompactionStart: Uint8Array[] | null = null
  /** Client → next expected clock, including updates accepted but not yet durable. */
  private readonly sv = new Map<number, number>()
  private docBytes = 0
  /** Sequence number of the last durable update. */
  lastSeq = 0
  /** Durable updates not yet folded into a stored snapshot, and their bytes. */
  storedSinceSnapshot = 0
  logBytes = 0
  /** Bytes of the snapshot the log is folded into (0 when there is none). */
  snapshotBytes = 0
  /** `performance.now()` of the last durable update, for compaction in quiet moments [R12]. */
  lastPersistAt = 0
  private inFlightWrites = 0
  isLoaded = false
  isFailed = false
  private readonly heldConnections = new Set<Connection>()
  /** Sync step 1 requests waiting for a long log to be folded [R3]. */
  private deferredStep1: Array<{ conn: Connection; stateVector: Uint8Array; isEmpty: boolean }> = []
  private readonly awareness = new Map<number, AwarenessRecord>()
  /** Clock at which a client id was removed, so late echoes of it cannot resurrect it [R10]. */
  private readonly awarenessTombstones = new Map<number, number>()
  private pendingAwareness = new Map<number, AwarenessRecord>()
  private awarenessTimer: NodeJS.Timeout | null = null
  private lastAwarenessFlush = 0
  /** Where each item of the document lives, built lazily at the first write [R15]; null without a layout. */
  readonly structure: DocStructure | null
  /** State kept by content policies for this room (e.g. each shape's creator), built from storage on first use. */
  private readonly policyState = new Map<string, unknown>()
  readonly policyMemory: PolicyMemory = {
    recall: <T>(key: string, fields: FieldSpec, build: (stored: readonly unknown[]) => T): T => {
      if (this.policyState.has(key)) return this.policyState.get(key) as T
      const stored: unknown[] = []
      for (const part of this.base ? [this.base, ...this.tail] : this.tail) for (const v of scanValues(part, fields)) stored.push(v)
      const value = build(stored)
      this.policyState.set(key, value)
      return value
    },
  }
  /** Counters for observability and tests. */
  readonly stats = { updatesAccepted: 0, updatesDroppedReadOnly: 0, bytesIn: 0 }

  constructor(name: string, deps: RoomDeps) {
    this.name = name
    this.deps = deps
    this.log = deps.log.child({ room: name })
    this.structure = deps.layout ? new DocStructure(deps.layout) : null
  }

  /** Install the stored state. Called once by the registry before any connection is served [R1]. */
  load(snapshot: Uint8Array | null, updates: Uint8Array[], lastSeq: number, snapshotStateVector: Uint8Array | null = null): void {
    // Keep the snapshot and the log apart: they are merged lazily, only when someone asks for the whole state.
    this.base = snapshot
    this.tail = [...updates]
    this.lastSeq = lastSeq
    this.storedSinceSnapshot = updates.length
    this.snapshotBytes = snapshot?.byteLength ?? 0
    this.logBytes = updates.reduce((n, u) => n + u.byteLength, 0)
    this.docBytes = this.snapshotBytes + this.logBytes
    const raise = (sv: Map<number, number> | null) => {
      if (sv) for (const [client, clock] of sv) if (clock > (this.sv.get(client) ?? 0)) this.sv.set(client, clock)
    }
    // [R3] The stored state vector spares decoding a large snapshot; older snapshots without one are decoded once.
    if (snapshot) raise(decodeStateVector(snapshotStateVector ?? Y.encodeStateVectorFromUpdate(snapshot)))
    for (const update of updates) raise(decodeStateVector(Y.encodeStateVectorFromUpdate(update)))
    this.isLoaded = true
    for (const conn of this.connections) this.greet(conn)
  }

  get size(): number {
    return this.connections.size
  }

  get isBusy(): boolean {
    return this.inFlightWrites > 0 || this.sinceCompactionStart !== null
  }

  /** The whole document as one update (durable content only). */
  getState(): Uint8Array {
    if (this.tail.length > 0) {
      this.base = this.base ? Y.mergeUpdates([this.base, ...this.tail]) : this.tail.length === 1 ? (this.tail[0] as Uint8Array) : Y.mergeUpdates(this.tail)
      this.tail = []
    }
    return this.base ?? EMPTY_UPDATE
  }

  /** Add a connection. Before the room is loaded its frames are buffered and answered after load [R1]. */
  join(conn: Connection): void {
    this.connections.add(conn)
    if (this.isLoaded) this.greet(conn)
  }

  private greet(conn: Connection): void {
    if (conn.closed) return
    // [R2] Sync step 1 carries our state vector; the client answers with what we lack.
    this.send(conn, encodeSyncStep1(encodeStateVector(this.sv)))
    if (this.awareness.size > 0) this.send(conn, encodeAwarenessMessage(this.awareness.values()))
    if (conn.role !== undefined) this.send(conn, encodeAccessMessage({ role: conn.role, canWrite: conn.canWrite }))
    const pending = conn.pending
    conn.pending = null
    if (pending) for (const frame of pending) {
      if (conn.closed) break
      this.receive(conn, frame)
    }
  }

  /** Handle one binary frame from a connection. Never throws; bad input closes only that connection [R5]. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (conn.closed) return
    if (!this.isLoaded || conn.pending) {
      if (conn.pending) {
        conn.pending.push(frame.slice())
        if (conn.pending.reduce((n, f) => n + f.byteLength, 0) > MAX_PREJOIN_BYTES) {
          this.reject(conn, CloseCode.TooLarge, `more than ${MAX_PREJOIN_BYTES} bytes sent before the board loaded`)
        }
      }
      return
    }
    this.stats.bytesIn += frame.byteLength
    const msg = decodeMessage(frame)
    switch (msg.kind) {
      case 'error':
        this.reject(conn, CloseCode.MalformedMessage, `malformed message: ${msg.reason}`)
        return
      case 'sync-step1': {
        const clientSv = decodeStateVector(msg.stateVector)
        if (!clientSv) {
          this.reject(conn, CloseCode.MalformedMessage, 'malformed state vector')
          return
        }
        // [R3] A long log is folded off the event loop first (compaction) rather than merged here, where it would
        // stall every room; the answer follows once the fold is done.
        if (this.tail.length > INLINE_MERGE_MAX_UPDATES && this.deps.foldLog) {
          // One waiting request per connection: a newer state vector replaces the older one (a flood queues nothing).
          const waiting = { conn, stateVector: msg.stateVector.slice(), isEmpty: clientSv.size === 0 }
          const at = this.deferredStep1.findIndex((w) => w.conn === conn)
          if (at >= 0) {
            this.deferredStep1[at] = waiting
            return
          }
          this.deferredStep1.push(waiting)
          if (this.deferredStep1.length === 1) {
            void this.deps.foldLog(this).catch(() => undefined).then(() => this.answerDeferredStep1())
          }
          return
        }
        this.answerStep1(conn, msg.stateVector, clientSv.size === 0)
        return
      }
      case 'sync-step2':
      case 'sync-update':
        this.receiveUpdate(conn, msg.update)
        return
      case 'awareness':
        this.receiveAwareness(conn, msg.update)
        return
      case 'query-awareness':
        this.send(conn, encodeAwarenessMessage(this.awareness.values()))
        return
      case 'auth':
        return
    }
  }

  /** Sync step 2: what the client lacks, from the durable state. */
  private answerStep1(conn: Connection, stateVector: Uint8Array, isEmpty: boolean): void {
    if (conn.closed) return
    const state = this.getState()
    let diff: Uint8Array
    try {
      // [R3] An empty state vector gets the stored state as is, without decoding it.
      diff = isEmpty ? state : Y.diffUpdate(state, stateVector)
    } catch {
      // reason: diffUpdate rejects state vectors it cannot read; treat as malformed input
      this.reject(conn, CloseCode.MalformedMessage, 'state vector could not be applied')
      return
    }
    this.send(conn, encodeSyncStep2(diff))
  }

  private answerDeferredStep1(): void {
    const waiting = this.deferredStep1
    this.deferredStep1 = []
    if (this.isFailed) return
    for (const w of waiting) this.answerStep1(w.conn, w.stateVector, w.isEmpty)
  }

  private receiveUpdate(conn: Connection, update: Uint8Array): void {
    if (!conn.canWrite) {
      // [R7] Read-only: drop writes silently; the client stays connected and keeps receiving.
      this.stats.updatesDroppedReadOnly += 1
      return
    }
    if (this.docBytes + update.byteLength > this.deps.maxDocBytes) {
      this.reject(conn, CloseCode.TooLarge, `document would exceed ${this.deps.maxDocBytes} bytes`)
      return
    }
    const check = this.check(conn, update)
    if (!check.ok) {
      if (check.reason === 'gap' || check.reason === 'missing-dependency') this.hold(conn, update)
      else this.refuse(conn, check)
      return
    }
    if (check.isEmpty) return
    this.accept(conn, update, check)
    if (this.heldConnections.size > 0) this.retryHeld()
  }

  /** Check an update against the room's state vector, the document's layout [R15] and the connection's policy. */
  private check(conn: Connection, update: Uint8Array): UpdateCheck {
    const structure = this.structure
    if (structure && !structure.seeded) {
      // [R15] The structure of the stored state is read once, at the first write (a read-only room never pays it).
      structure.seed((this.base ? [this.base, ...this.tail] : this.tail).map(scanStructs))
    }
    return checkUpdate(update, this.sv, conn.inspectContent, structure ?? undefined, this.policyMemory)
  }

  /** Close a connection whose update can never be accepted, with the code documented for the reason [R5, R15]. */
  private refuse(conn: Connection, check: Extract<UpdateCheck, { ok: false }>): void {
    switch (check.reason) {
      case 'structure-refused':
        this.reject(conn, CloseCode.StructureRefused, `update refused: ${check.detail ?? 'structure'}`)
        return
      case 'content-refused':
        this.reject(conn, check.closeCode ?? conn.inspectContent?.closeCode ?? CloseCode.InvalidUpdate, `update refused: ${check.detail ?? 'content'}`)
        return
      default:
        this.reject(conn, CloseCode.InvalidUpdate, 'update rejected: undecodable')
    }
  }

  /**
   * [R14] An update whose dependencies are missing is held, not refused: a client that edits while reconnecting
   * sends it before its sync step 2 reaches us. It is applied once the gap fills; if it never fills within the
   * limits, the connection is closed with 4002.
   */
  private hold(conn: Connection, update: Uint8Array): void {
    conn.held.push(update.slice())
    conn.heldBytes += update.byteLength
    this.heldConnections.add(conn)
    if (conn.held.length > HELD_MAX_UPDATES || conn.heldBytes > HELD_MAX_BYTES) {
      this.reject(conn, CloseCode.InvalidUpdate, 'update rejected: depends on changes that never arrived')
      return
    }
    if (!conn.heldTimer) {
      conn.heldTimer = setTimeout(() => {
        conn.heldTimer = null
        if (conn.held.length > 0) this.reject(conn, CloseCode.InvalidUpdate, 'update rejected: depends on changes that never arrived')
      }, this.deps.heldUpdateTimeoutMs)
      conn.heldTimer.unref?.()
    }
  }

  private retryHeld(): void {
    let progressed = true
    while (progressed) {
      progressed = false
      for (const conn of this.heldConnections) {
        if (conn.closed) {
          this.heldConnections.delete(conn)
          continue
        }
        const still: Uint8Array[] = []
        let refused: Extract<UpdateCheck, { ok: false }> | null = null
        for (const update of conn.held) {
          // The same checks as on arrival: a held update must not skip the layout or the content policy.
          const check = this.check(conn, update)
          if (!check.ok) {
            if (check.reason !== 'gap' && check.reason !== 'missing-dependency') {
              refused = check
              break
            }
            still.push(update)
            continue
          }
          progressed = true
          if (!check.isEmpty) this.accept(conn, update, check)
        }
        if (refused) {
          this.refuse(conn, refused)
          continue
        }
        conn.held = still
        conn.heldBytes = still.reduce((n, u) => n + u.byteLength, 0)
        if (still.length === 0) this.clearHeld(conn)
      }
    }
  }

  private clearHeld(conn: Connection): void {
    conn.held = []
    conn.heldBytes = 0
    if (conn.heldTimer) clearTimeout(conn.heldTimer)
    conn.heldTimer = null
    this.heldConnections.delete(conn)
  }

  private accept(conn: Connection, update: Uint8Array, check: Extract<UpdateCheck, { ok: true }>): void {
    for (const [client, end] of check.ranges) this.sv.set(client, end)
    if (check.structure) this.structure?.commit(check.structure)
    const stored = update.slice()
    this.docBytes += stored.byteLength
    this.inFlightWrites += 1
    this.stats.updatesAccepted += 1
    // [R4] Durable before broadcast: nobody sees an update that a crash could lose.
    this.deps.persist(this.name, stored).then(
      (seq) => {
        this.inFlightWrites -= 1
        if (this.isFailed) return
        this.lastSeq = seq
        this.storedSinceSnapshot += 1
        this.logBytes += stored.byteLength
        this.lastPersistAt = performance.now()
        this.tail.push(stored)
        this.sinceCompactionStart?.push(stored)
        this.broadcast(encodeSyncUpdate(stored), conn)
        this.deps.onPersisted(this)
      },
      (err: unknown) => {
        this.inFlightWrites -= 1
        this.fail(err)
      },
    )
  }

  private receiveAwareness(conn: Connection, update: Uint8Array): void {
    const entries = decodeAwarenessUpdate(update)
    if (!entries) {
      this.reject(conn, CloseCode.MalformedMessage, 'malformed awareness update')
      return
    }
    for (const entry of entries) {
      if (entry.json.length > MAX_AWARENESS_STATE_BYTES) {
        this.reject(conn, CloseCode.TooLarge, `awareness state above ${MAX_AWARENESS_STATE_BYTES} bytes`)
        return
      }
      const current = this.awareness.get(entry.clientId)
      const isRemoval = entry.json === 'null'
      if (current) {
        // [R9] A client id belongs to the connection that announced it; echoes from others are ignored.
        if (current.conn !== conn) continue
        if (entry.clock < current.clock) continue
        if (entry.clock === current.clock && (!isRemoval || current.json === 'null')) continue
      } else {
        if (isRemoval) continue
        const removedAt = this.awarenessTombstones.get(entry.clientId)
        if (removedAt !== undefined && entry.clock <= removedAt) continue
        if (conn.awarenessIds.size >= MAX_AWARENESS_IDS_PER_CONNECTION) {
          this.reject(conn, CloseCode.TooLarge, `more than ${MAX_AWARENESS_IDS_PER_CONNECTION} awareness clients on one connection`)
          return
        }
      }
      let json = entry.json
      if (!isRemoval && conn.stampAwareness) {
        const stamped = conn.stampAwareness(json)
        if (stamped === null) continue
        json = stamped
      }
      const record: AwarenessRecord = { clientId: entry.clientId, clock: entry.clock, json, conn }
      if (isRemoval) {
        this.awareness.delete(entry.clientId)
        conn.awarenessIds.delete(entry.clientId)
        this.awarenessTombstones.set(entry.clientId, entry.clock)
      } else {
        this.awareness.set(entry.clientId, record)
        conn.awarenessIds.add(entry.clientId)
      }
      this.queueAwareness(record)
    }
  }

  private queueAwareness(record: AwarenessRecord): void {
    this.pendingAwareness.set(record.clientId, record)
    if (this.awarenessTimer) return
    const elapsed = performance.now() - this.lastAwarenessFlush
    const wait = Math.max(0, this.deps.awarenessFlushMs - elapsed)
    // [R11] Coalesce awareness: at most one broadcast per AWARENESS_FLUSH_MS per room.
    this.awarenessTimer = setTimeout(() => this.flushAwareness(), wait)
  }

  private flushAwareness(): void {
    this.awarenessTimer = null
    this.lastAwarenessFlush = performance.now()
    if (this.pendingAwareness.size === 0) return
    const batch = [...this.pendingAwareness.values()]
    this.pendingAwareness = new Map()
    const owners = new Set(batch.map((r) => r.conn))
    const msg = new SharedMessage(encodeAwarenessMessage(batch))
    const soleOwner = owners.size === 1 ? batch[0]?.conn : undefined
    for (const conn of this.connections) {
      if (conn === soleOwner || conn.pending) continue
      this.send(conn, msg)
    }
  }

  /** Remove a connection (socket closed). Its awareness states are removed for everyone [R8]. */
  leave(conn: Connection): void {
    if (!this.connections.has(conn)) return
    conn.closed = true
    this.connections.delete(conn)
    this.clearHeld(conn)
    for (const clientId of conn.awarenessIds) {
      const current = this.awareness.get(clientId)
      if (!current || current.conn !== conn) continue
      this.awareness.delete(clientId)
      const clock = current.clock + 1
      this.awarenessTombstones.set(clientId, clock)
      this.queueAwareness({ clientId, clock, json: 'null', conn })
    }
    // Tombstones only need to outlive in-flight echoes; keep the newest ones.
    if (this.awarenessTombstones.size > MAX_AWARENESS_TOMBSTONES) {
      const drop = this.awarenessTombstones.size - MAX_AWARENESS_TOMBSTONES / 2
      let i = 0
      for (const key of this.awarenessTombstones.keys()) {
        if (i++ >= drop) break
        this.awarenessTombstones.delete(key)
      }
    }
    conn.awarenessIds.clear()
    if (this.connections.size === 0) this.deps.onEmpty(this)
  }

  /** Send to every connection but `except`; the message is framed once for all of them. */
  private broadcast(msg: Uint8Array, except: Connection | null): void {
    const shared = new SharedMessage(msg)
    for (const conn of this.connections) {
      if (conn === except || conn.pending) continue
      this.send(conn, shared)
    }
  }

  private send(conn: Connection, msg: Uint8Array | SharedMessage): void {
    if (conn.closed) return
    const socket = conn.socket
    if (socket.bufferedAmount > this.deps.maxPendingBytes) {
      this.reject(conn, CloseCode.SlowConsumer, `send buffer above ${this.deps.maxPendingBytes} bytes`)
      return
    }
    try {
      if (!(msg instanceof SharedMessage)) socket.send(msg)
      else if (socket.sendShared) socket.sendShared(msg)
      else socket.send(msg.payload)
    } catch (err) {
      this.log.warn({ connId: conn.id, err: String(err) }, 'send failed; closing connection')
      this.closeConnection(conn, CloseCode.SlowConsumer, 'send failed')
    }
  }

  /** Close one connection for misbehaviour, with a log line; the room and the others carry on [R5]. */
  reject(conn: Connection, code: number, reason: string): void {
    this.log.warn({ connId: conn.id, code, reason }, 'closing connection')
    this.closeConnection(conn, code, reason)
  }

  closeConnection(conn: Connection, code: number, reason: string): void {
    if (conn.closed) return
    try {
      conn.socket.close(code, fitCloseReason(reason))
    } catch {
      // reason: the socket may already be gone; leave() below still cleans up
    }
    this.leave(conn)
  }

  /**
   * Apply a fresh access decision to a live connection: close it (4403) when access is gone, otherwise update
   * whether its writes are accepted and tell the client (access message, type 2 sub-type 1).
   */
  applyAccess(conn: Connection, access: { ok: true; canWrite: boolean; role?: string } | { ok: false }): void {
    if (conn.closed) return
    if (!access.ok) {
      this.closeConnection(conn, CloseCode.AccessRevoked, 'access to this board was removed')
      return
    }
    const changed = conn.canWrite !== access.canWrite || conn.role !== (access.role ?? null)
    const becameWriter = !conn.canWrite && access.canWrite
    conn.canWrite = access.canWrite
    conn.role = access.role ?? null
    if (changed) this.send(conn, encodeAccessMessage({ role: conn.role, canWrite: conn.canWrite }))
    // A new writer may hold local changes we dropped while it was read-only; its later updates would have a gap.
    // Ask it for everything we lack (sync step 1), as on connect.
    if (becameWriter) this.send(conn, encodeSyncStep1(encodeStateVector(this.sv)))
  }

  /** Close every connection (shutdown, deletion, storage failure). */
  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections]) this.closeConnection(conn, code, reason)
  }

  private fail(err: unknown): void {
    if (this.isFailed) return
    this.isFailed = true
    this.log.error({ err: String(err) }, 'storage failed; resetting room')
    this.closeAll(CloseCode.StorageError, 'storage error, reconnect')
    this.deps.onFailed(this)
  }

  /** Begin a compaction: returns the durable state and its seq, and starts collecting later updates. */
  beginCompaction(): { parts: Uint8Array[]; throughSeq: number } | null {
    if (this.sinceCompactionStart !== null || this.isFailed) return null
    // Hand over the pieces unmerged: merging and garbage collection both happen off the event loop (compactor).
    const parts = this.base ? [this.base, ...this.tail] : [...this.tail]
    this.sinceCompactionStart = []
    return { parts, throughSeq: this.lastSeq }
  }

  /** Finish a compaction: the compacted snapshot replaces the in-memory state, plus what arrived since. */
  endCompaction(snapshot: Uint8Array | null, foldedUpdates: number): void {
    const since = this.sinceCompactionStart ?? []
    this.sinceCompactionStart = null
    if (snapshot === null) return
    this.base = snapshot
    this.tail = since
    this.storedSinceSnapshot = Math.max(0, this.storedSinceSnapshot - foldedUpdates)
    this.snapshotBytes = snapshot.byteLength
    this.logBytes = since.reduce((n, u) => n + u.byteLength, 0)
    this.docBytes = this.snapshotBytes + this.logBytes
  }

  /** Release timers; called when the room is unloaded. */
  dispose(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer)
    this.awarenessTimer = null
    this.pendingAwareness.clear()
    this.awareness.clear()
    this.awarenessTombstones.clear()
    this.base = null
    this.tail = []
  }
}

const MAX_CLOSE_REASON_BYTES = 123
/**
 * A websocket close reason is at most 123 bytes of UTF-8 and `ws` throws on a longer one, which would leave the
 * socket open after the room let go of it. Longer reasons (e.g. a content check's detail) are cut with an ellipsis.
 */
export function fitCloseReason(reason: string): string {
  const bytes = (s: string) => new TextEncoder().encode(s).length
  if (bytes(reason) <= MAX_CLOSE_REASON_BYTES) return reason
  let cut = reason.slice(0, MAX_CLOSE_REASON_BYTES)
  while (cut.length > 0 && bytes(`${cut}…`) > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1)
  return `${cut}…`
}
