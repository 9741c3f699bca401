/**
 * RoomRegistry: loads each room once (connections wait for the load, [R1]), counts connections, unloads idle rooms
 * after a grace period, batches durable writes (WriteQueue) and compacts update logs in the background.
 */
import type { Logger } from '../log'
import type { DocStore } from '../storage/types'
import type { Compactor } from './compact'
import { CloseCode } from '../../shared/wire/protocol'
import type { DocLayout } from '../../shared/wire/doc-layout'
import { Room, type Connection } from './room'
import { WriteQueue } from './write-queue'

export interface RegistryOptions {
  store: DocStore
  log: Logger
  compactor: Compactor
  /** Compact once the log has this many updates and is at least as large as the snapshot [R12]. */
  compactAfterUpdates: number
  /** Compact a room whose log has had no new update for this long (0: never); see [R12]. */
  compactWhenQuietMs?: number
  roomIdleUnloadMs: number
  maxPendingBytes: number
  maxDocBytes: number
  awarenessFlushMs: number
  heldUpdateTimeoutMs: number
  /** The layout each document must keep to (root types, nesting) [R15]; absent: any structure is accepted. */
  layoutFor?: (docName: string) => DocLayout | null
}

/** A log this many times COMPACT_AFTER_UPDATES is compacted whatever its size relative to the snapshot. */
const HARD_CAP_FACTOR = 8
/** Quiet compaction skips logs shorter than this: folding a handful of updates saves nothing. */
const QUIET_MIN_UPDATES = 32

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<Room, NodeJS.Timeout>()
  private readonly compactions = new Set<Promise<void>>()
  /** The compaction running for a room, so a second request waits for it instead of returning at once. */
  private readonly compacting = new Map<Room, Promise<void>>()
  private readonly writes: WriteQueue
  private readonly opts: RegistryOptions
  private readonly log: Logger
  private isClosing = false
  private quietTimer: NodeJS.Timeout | null = null
  readonly stats = { roomsLoaded: 0, roomsUnloaded: 0, compactions: 0, compactionFailures: 0 }

  constructor(opts: RegistryOptions) {
    this.opts = opts
    this.log = opts.log.child({ module: 'sync' })
    this.writes = new WriteQueue(opts.store)
    const quietMs = opts.compactWhenQuietMs ?? 0
    if (quietMs > 0) {
      this.quietTimer = setInterval(() => this.compactQuietRooms(quietMs), Math.max(50, quietMs / 2))
      this.quietTimer.unref()
    }
  }

  get roomCount(): number {
    return this.rooms.size
  }

  /** The loaded room, if any (tests and admin). */
  peek(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Join a connection to a room, loading the room first if needed. Frames received meanwhile are buffered. */
  join(name: string, conn: Connection): Room {
    let room = this.rooms.get(name)
    if (!room) {
      room = this.createRoom(name)
    }
    const timer = this.unloadTimers.get(room)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(room)
    }
    room.join(conn)
    return room
  }

  private createRoom(name: string): Room {
    const room: Room = new Room(name, {
      log: this.log,
      persist: (docName, update) => this.writes.enqueue(docName, update),
      maxPendingBytes: this.opts.maxPendingBytes,
      maxDocBytes: this.opts.maxDocBytes,
      awarenessFlushMs: this.opts.awarenessFlushMs,
      heldUpdateTimeoutMs: this.opts.heldUpdateTimeoutMs,
      onEmpty: (r) => this.scheduleUnload(r),
      onPersisted: (r) => this.maybeCompact(r),
      onFailed: (r) => this.drop(r),
      foldLog: (r) => this.compact(r),
      layout: this.opts.layoutFor?.(name) ?? null,
    })
    this.rooms.set(name, room)
    this.opts.store.load(name).then(
      (stored) => {
        if (this.rooms.get(name) !== room) return
        try {
          room.load(stored.snapshot, stored.updates, stored.lastSeq, stored.snapshotStateVector ?? null)
        } catch (err) {
          this.log.error({ room: name, err: String(err) }, 'stored document could not be read')
          room.closeAll(CloseCode.StorageError, 'document could not be loaded')
          this.drop(room)
          return
        }
        this.stats.roomsLoaded += 1
        this.log.info({ room: name, updates: stored.updates.length, snapshot: stored.snapshot?.byteLength ?? 0 }, 'room loaded')
        if (room.storedSinceSnapshot >= this.opts.compactAfterUpdates) this.maybeCompact(room)
        if (room.size === 0) this.scheduleUnload(room)
      },
      (err: unknown) => {
        this.log.error({ room: name, err: String(err) }, 'room load failed')
        room.closeAll(CloseCode.StorageError, 'storage error, reconnect')
        this.drop(room)
      },
    )
    return room
  }

  private scheduleUnload(room: Room): void {
    if (this.isClosing || this.unloadTimers.has(room)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      void this.unload(room)
    }, this.opts.roomIdleUnloadMs)
    timer.unref?.()
    this.unloadTimers.set(room, timer)
  }

  private async unload(room: Room): Promise<void> {
    if (room.size > 0 || this.rooms.get(room.name) !== room) return
    if (room.isBusy) {
      this.scheduleUnload(room)
      return
    }
    // Compact on the way out, so the next cold open reads one snapshot [R12].
    if (room.storedSinceSnapshot > 0) await this.compact(room)
    if (room.size > 0 || this.rooms.get(room.name) !== room) return
    this.drop(room)
    this.stats.roomsUnloaded += 1
    this.log.info({ room: room.name }, 'room unloaded')
  }

  private drop(room: Room): void {
    const timer = this.unloadTimers.get(room)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room)
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
    room.dispose()
  }

  /**
   * [R12] While a room is busy, compact only once the log is long (COMPACT_AFTER_UPDATES) and at least as large as
   * the snapshot it folds into: each compaction re-reads the snapshot, so a large board is not re-read every few
   * hundred moves. A hard cap of 8× the count bounds the log whatever the sizes. Quiet rooms are compacted sooner.
   */
  private maybeCompact(room: Room): void {
    const n = room.storedSinceSnapshot
    const threshold = this.opts.compactAfterUpdates
    if (n >= threshold * HARD_CAP_FACTOR || (n >= threshold && room.logBytes >= room.snapshotBytes)) void this.compact(room)
  }

  /** [R12] Rooms whose log has been still for `quietMs` are compacted now, while nobody is waiting on the server. */
  private compactQuietRooms(quietMs: number): void {
    if (this.isClosing) return
    const now = performance.now()
    const minimum = Math.min(QUIET_MIN_UPDATES, this.opts.compactAfterUpdates)
    for (const room of this.rooms.values()) {
      if (room.storedSinceSnapshot >= minimum && !room.isBusy && !room.isFailed && now - room.lastPersistAt >= quietMs) void this.compact(room)
    }
  }

  /** Fold the room's durable updates into a snapshot. Failures keep the log intact (nothing is lost). */
  compact(room: Room): Promise<void> {
    const running = this.compacting.get(room)
    if (running) return running
    const begun = room.beginCompaction()
    if (!begun) return Promise.resolve()
    const folded = room.storedSinceSnapshot
    const task = (async () => {
      let snapshot: Uint8Array | null = null
      try {
        const compacted = await this.opts.compactor(begun.parts)
        await this.opts.store.compact(room.name, compacted.snapshot, begun.throughSeq, compacted.stateVector)
        snapshot = compacted.snapshot
        this.stats.compactions += 1
        this.log.debug({ room: room.name, bytes: compacted.snapshot.byteLength, folded }, 'room compacted')
      } catch (err) {
        this.stats.compactionFailures += 1
        this.log.warn({ room: room.name, err: String(err) }, 'compaction failed; update log kept')
      } finally {
        room.endCompaction(snapshot, folded)
      }
    })()
    this.compactions.add(task)
    this.compacting.set(room, task)
    void task.finally(() => {
      this.compactions.delete(task)
      if (this.compacting.get(room) === task) this.compacting.delete(room)
    })
    return task
  }

  /** Close every connection of a room (board deleted) and forget it. */
  evict(name: string, code: number, reason: string): void {
    const room = this.rooms.get(name)
    if (!room) return
    room.closeAll(code, reason)
    this.drop(room)
  }

  /** Rooms whose name starts with `prefix` (a board and its per-organisation documents). */
  roomsWithPrefix(prefix: string): Room[] {
    return [...this.rooms.values()].filter((r) => r.name === prefix || r.name.startsWith(prefix))
  }

  /** Re-check access of every live connection in rooms whose name starts with `prefix`. */
  async reauthorize(prefix: string): Promise<void> {
    const work: Promise<void>[] = []
    for (const room of this.roomsWithPrefix(prefix)) {
      for (const conn of room.connections) {
        const recheck = conn.reauthorize
        if (!recheck) continue
        work.push(
          recheck().then(
            (access) => room.applyAccess(conn, access),
            (err: unknown) => this.log.warn({ room: room.name, connId: conn.id, err: String(err) }, 'access re-check failed'),
          ),
        )
      }
    }
    await Promise.all(work)
  }

  /** Close every live connection of one person (account closed). */
  closePrincipal(principal: string, code: number, reason: string): void {
    for (const room of this.rooms.values()) {
      for (const conn of [...room.connections]) if (conn.principal === principal) room.closeConnection(conn, code, reason)
    }
  }

  /** Wait until every queued write is durable. */
  flushWrites(): Promise<void> {
    return this.writes.drain()
  }

  /**
   * Shutdown: flush writes, close every connection with 1012 (service restart) so clients reconnect elsewhere or
   * later, wait for running compactions, and release rooms.
   */
  async close(): Promise<void> {
    this.isClosing = true
    if (this.quietTimer) clearInterval(this.quietTimer)
    this.quietTimer = null
    await this.writes.drain()
    for (const room of this.rooms.values()) room.closeAll(CloseCode.ServiceRestart, 'server restarting')
    await this.writes.drain()
    await Promise.allSettled([...this.compactions])
    // Fold every log on the way out, so the next start opens each board from one snapshot [R12].
    await Promise.allSettled([...this.rooms.values()].filter((r) => r.storedSinceSnapshot > 0 && !r.isFailed).map((r) => this.compact(r)))
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    for (const room of this.rooms.values()) room.dispose()
    this.rooms.clear()
  }
}
