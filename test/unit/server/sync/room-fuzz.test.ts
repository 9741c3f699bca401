/**
 * Convergence fuzz: N clients (real Y.Docs speaking y-protocols) join one Room through fake sockets; seeded random
 * edits, disconnects, reconnects and partial flushes; at the end every replica and a late joiner are equal.
 * A failure prints the seed. FUZZ_SEEDS=200 for a long run.
 */
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createSilentLogger } from '../../../../server/log'
import { createMemoryDocStore } from '../../../../server/storage/memory'
import { compactInline } from '../../../../server/sync/compact'
import { createConnection, type Connection, type Room } from '../../../../server/sync/room'
import { RoomRegistry } from '../../../../server/sync/room-registry'
import { createFakeSocket } from '../../../support/fake-socket'

/** mulberry32: small seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Client {
  doc: Y.Doc
  conn: Connection | null
  inbox: Uint8Array[]
  room: Room | null
}

const settle = () => new Promise((r) => setImmediate(r))

async function runSeed(seed: number, steps: number): Promise<void> {
  const random = rng(seed)
  const registry = new RoomRegistry({
    store: createMemoryDocStore(),
    log: createSilentLogger(),
    compactor: compactInline,
    compactAfterUpdates: 7,
    roomIdleUnloadMs: 1,
    maxPendingBytes: 1 << 30,
    maxDocBytes: 1 << 30,
    awarenessFlushMs: 0,
    heldUpdateTimeoutMs: 60_000,
  })
  const clients: Client[] = Array.from({ length: 4 }, () => ({ doc: new Y.Doc(), conn: null, inbox: [], room: null }))
  let connSeq = 0
  const deliverToClient = (c: Client) => {
    const inbox = c.inbox.splice(0)
    for (const frame of inbox) {
      if (!c.conn || c.conn.closed) return
      const dec = decoding.createDecoder(frame)
      if (decoding.readVarUint(dec) !== 0) continue
      const reply = encoding.createEncoder()
      encoding.writeVarUint(reply, 0)
      syncProtocol.readSyncMessage(dec, reply, c.doc, 'server')
      if (encoding.length(reply) > 1) c.room?.receive(c.conn, encoding.toUint8Array(reply))
    }
  }
  const connect = (c: Client) => {
    const socket = createFakeSocket((data) => c.inbox.push(data))
    c.conn = createConnection(`c${++connSeq}`, socket)
    c.room = registry.join('board', c.conn)
    const step1 = encoding.createEncoder()
    encoding.writeVarUint(step1, 0)
    syncProtocol.writeSyncStep1(step1, c.doc)
    c.room.receive(c.conn, encoding.toUint8Array(step1))
  }
  for (const c of clients) {
    c.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server' || !c.conn || c.conn.closed || !c.room) return
      const enc = encoding.createEncoder()
      encoding.writeVarUint(enc, 0)
      syncProtocol.writeUpdate(enc, update)
      c.room.receive(c.conn, encoding.toUint8Array(enc))
    })
    connect(c)
  }
  await settle()
  const log: string[] = []
  for (let step = 0; step < steps; step++) {
    const c = clients[Math.floor(random() * clients.length)] as Client
    const op = random()
    if (op < 0.55) {
      const key = `shape:${Math.floor(random() * 12)}`
      c.doc.getMap('tl_records').set(key, { id: key, x: Math.floor(random() * 1000), by: c.doc.clientID })
      log.push(`${c.doc.clientID} set ${key}`)
    } else if (op < 0.65) {
      const key = `shape:${Math.floor(random() * 12)}`
      c.doc.getMap('tl_records').delete(key)
      log.push(`${c.doc.clientID} delete ${key}`)
    } else if (op < 0.72) {
      c.doc.getText('notes').insert(Math.floor(random() * (c.doc.getText('notes').length + 1)), 'ab')
      log.push(`${c.doc.clientID} text`)
    } else if (op < 0.8) {
      if (c.conn && !c.conn.closed) {
        c.room?.leave(c.conn)
        c.conn = null
        c.inbox = []
        log.push(`${c.doc.clientID} disconnect`)
      } else {
        connect(c)
        log.push(`${c.doc.clientID} connect`)
      }
    } else if (op < 0.9) {
      deliverToClient(c)
    } else {
      await settle()
    }
  }
  for (const c of clients) if (!c.conn || c.conn.closed) connect(c)
  for (let round = 0; round < 20; round++) {
    await settle()
    for (const c of clients) deliverToClient(c)
  }
  await registry.flushWrites()
  const late: Client = { doc: new Y.Doc(), conn: null, inbox: [], room: null }
  connect(late)
  for (let round = 0; round < 5; round++) {
    await settle()
    deliverToClient(late)
  }
  const expected = late.doc.getMap('tl_records').toJSON()
  try {
    for (const c of clients) {
      expect(c.doc.getMap('tl_records').toJSON()).toEqual(expected)
      expect(c.doc.getText('notes').toString()).toBe(late.doc.getText('notes').toString())
    }
  } catch (err) {
    throw new Error(`convergence failed for seed ${seed} (rerun: FUZZ_FIRST_SEED=${seed} FUZZ_SEEDS=1)\n${log.slice(-40).join('\n')}\n${String(err)}`)
  } finally {
    await registry.close()
  }
}

describe('room convergence fuzz', () => {
  const first = Number(process.env['FUZZ_FIRST_SEED'] ?? 1)
  const count = Number(process.env['FUZZ_SEEDS'] ?? 12)
  it(`R2/R4 ${count} seeded runs converge`, async () => {
    for (let seed = first; seed < first + count; seed++) await runSeed(seed, 300)
  }, 60_000)
})
