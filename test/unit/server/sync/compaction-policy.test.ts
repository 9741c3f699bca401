/**
 * [R12] When a room's update log is folded into a snapshot: after a quiet spell; while busy, only once the log is
 * long and as large as the snapshot; always at the hard cap.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSilentLogger } from '../../../../server/log'
import { createMemoryDocStore } from '../../../../server/storage/memory'
import { compactInline } from '../../../../server/sync/compact'
import { createConnection } from '../../../../server/sync/room'
import { RoomRegistry } from '../../../../server/sync/room-registry'
import { createFakeSocket } from '../../../support/fake-socket'
import { waitFor } from '../../../support/wait-for'

const registries: RoomRegistry[] = []
afterEach(async () => {
  for (const r of registries.splice(0)) await r.close()
})

function setup(compactAfterUpdates: number, compactWhenQuietMs: number) {
  const store = createMemoryDocStore()
  const registry = new RoomRegistry({
    store,
    log: createSilentLogger(),
    compactor: compactInline,
    compactAfterUpdates,
    compactWhenQuietMs,
    roomIdleUnloadMs: 60_000,
    maxPendingBytes: 1 << 30,
    maxDocBytes: 1 << 30,
    awarenessFlushMs: 0,
    heldUpdateTimeoutMs: 60_000,
  })
  registries.push(registry)
  const conn = createConnection('c1', createFakeSocket())
  const room = registry.join('board', conn)
  const doc = new Y.Doc()
  const sent: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => sent.push(u))
  /** One edit of `bytes` bytes, sent as a y-websocket sync update and made durable. */
  const edit = async (bytes = 50) => {
    doc.getMap('tl_records').set('shape:a', 'x'.repeat(bytes))
    const update = sent.shift() as Uint8Array
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, update)
    room.receive(conn, encoding.toUint8Array(e))
    await registry.flushWrites()
    await new Promise((r) => setImmediate(r))
  }
  return { registry, room, edit }
}

describe('compaction policy [R12]', () => {
  it('while updates keep coming, waits for COMPACT_AFTER_UPDATES', async () => {
    const { registry, room, edit } = setup(40, 0)
    await waitFor(() => room.isLoaded)
    for (let i = 0; i < 39; i++) await edit()
    expect(registry.stats.compactions).toBe(0)
    await edit()
    await waitFor(() => registry.stats.compactions === 1)
    expect(room.storedSinceSnapshot).toBe(0)
  })

  it('does not re-read a large snapshot for a small log, until the log is as large or hits the hard cap', async () => {
    const { registry, room, edit } = setup(40, 0)
    await waitFor(() => room.isLoaded)
    // A board whose snapshot is large: one big record, then compacted.
    await edit(20_000)
    await registry.compact(room)
    expect(room.snapshotBytes).toBeGreaterThan(20_000)
    for (let i = 0; i < 100; i++) await edit(10)
    // 100 ≥ 40 updates, but a few KB of log against a 20 KB snapshot: not yet.
    expect(registry.stats.compactions).toBe(1)
    for (let i = 100; i < 8 * 40; i++) await edit(10)
    await waitFor(() => registry.stats.compactions === 2)
  })

  it('compacts a room once it has been quiet, without waiting for the count', async () => {
    const { registry, room, edit } = setup(10_000, 100)
    await waitFor(() => room.isLoaded)
    for (let i = 0; i < 40; i++) await edit()
    expect(registry.stats.compactions).toBe(0)
    await waitFor(() => registry.stats.compactions === 1, 3000, 'quiet compaction')
    expect(room.storedSinceSnapshot).toBe(0)
  })

  it('leaves a short log alone even when quiet', async () => {
    const { registry, room, edit } = setup(10_000, 50)
    await waitFor(() => room.isLoaded)
    for (let i = 0; i < 5; i++) await edit()
    await new Promise((r) => setTimeout(r, 300))
    expect(registry.stats.compactions).toBe(0)
  })
})

describe('joining a board with a long log [R3]', () => {
  it('folds the log off the event loop before answering, and the newcomer gets every update', async () => {
    const { registry, room, edit } = setup(100_000, 0)
    await waitFor(() => room.isLoaded)
    for (let i = 0; i < 300; i++) await edit(20 + (i % 7))
    expect(registry.stats.compactions).toBe(0)
    const frames: Uint8Array[] = []
    const newcomer = createConnection('c2', createFakeSocket((f) => frames.push(f)))
    registry.join('board', newcomer)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()))
    room.receive(newcomer, encoding.toUint8Array(e))
    // A second request while the first waits replaces it: one answer per connection.
    room.receive(newcomer, encoding.toUint8Array(e))
    // The answer waits for the fold (a compaction), then carries the whole document.
    await waitFor(() => frames.some((f) => f[0] === 0 && f[1] === 1), 5000, 'sync step 2')
    expect(registry.stats.compactions).toBe(1)
    await new Promise((r) => setTimeout(r, 20))
    expect(frames.filter((f) => f[0] === 0 && f[1] === 1)).toHaveLength(1)
    const step2 = frames.find((f) => f[0] === 0 && f[1] === 1) as Uint8Array
    const dec = decoding.createDecoder(step2)
    decoding.readVarUint(dec)
    decoding.readVarUint(dec)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, decoding.readVarUint8Array(dec))
    expect(doc.getMap('tl_records').get('shape:a')).toBe('x'.repeat(20 + (299 % 7)))
  })
})
