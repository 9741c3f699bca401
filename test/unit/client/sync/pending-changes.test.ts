/**
 * The pending-changes tracker (client/sync/pending-changes.ts, issue 10 A2): a local change counts as shared only once
 * the server's durable state holds it. A played server keeps received updates "in flight" until the test commits
 * them, answers sync step 1 from its committed state only (as server/sync/room.ts does), never echoes a sender's own
 * update (R4) and, for a read-only connection, drops writes (R7).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { isDeleteSetCovered, pendingRegistry, trackPendingChanges, type PendingChanges } from '../../../../client/sync/pending-changes'
import { waitFor } from '../wait-for'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

/** The server side of every socket: committed state, in-flight writes, and how many step 1s it answered. */
class PlayedServer {
  readonly durable = new Y.Doc()
  inFlight: Uint8Array[] = []
  isReadOnly = false
  isReachable = true
  step1Answered = 0

  commit(): void {
    for (const update of this.inFlight) Y.applyUpdate(this.durable, update)
    this.inFlight = []
  }
}

let server = new PlayedServer()

class FakeSocket {
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  binaryType = 'arraybuffer'
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  static all: FakeSocket[] = []
  constructor() {
    FakeSocket.all.push(this)
    setTimeout(() => {
      if (this.readyState !== 0) return
      if (!server.isReachable) {
        this.readyState = 3
        this.onerror?.({ type: 'error' } as Event)
        this.onclose?.({ code: 1006, reason: '' } as CloseEvent)
        return
      }
      this.readyState = 1
      this.onopen?.({ type: 'open' } as Event)
      this.toClient((e) => syncProtocol.writeSyncStep1(e, server.durable))
    }, 0)
  }
  send(data: ArrayBuffer | Uint8Array): void {
    if (this.readyState !== 1) return
    const decoder = decoding.createDecoder(new Uint8Array(data as ArrayBuffer))
    if (decoding.readVarUint(decoder) !== 0) return
    const kind = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // Answered from the committed state only, like room.ts answerStep1 → getState().
      const answer = Y.diffUpdate(Y.encodeStateAsUpdate(server.durable), payload)
      server.step1Answered += 1
      setTimeout(() => this.toClient((e) => {
        encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
        encoding.writeVarUint8Array(e, answer)
      }), 0)
    } else if (!server.isReadOnly) {
      server.inFlight.push(payload)
    }
  }
  close(): void {
    if (this.readyState === 3) return
    this.readyState = 3
    this.onclose?.({ code: 1000, reason: '' } as CloseEvent)
  }
  /** The server drops the connection (restart, network gone). */
  drop(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006, reason: '' } as CloseEvent)
  }
  private toClient(write: (encoder: encoding.Encoder) => void): void {
    if (this.readyState !== 1) return
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 0)
    write(encoder)
    this.onmessage?.({ data: encoding.toUint8Array(encoder).slice().buffer } as MessageEvent)
  }
}

function connect(options: { isTrackingBeforeSync?: boolean } = {}): { doc: Y.Doc; provider: WebsocketProvider; tracker: PendingChanges } {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider('ws://h/sync', 'b1', doc, {
    disableBc: true,
    maxBackoffTime: 20,
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket,
  })
  const tracker = trackPendingChanges(doc, provider, { ...options, setTimer: (callback) => setTimeout(callback, 2) })
  cleanups.push(() => {
    tracker.destroy()
    provider.destroy()
  })
  return { doc, provider, tracker }
}

const lastSocket = () => FakeSocket.all[FakeSocket.all.length - 1]!

describe('pending changes', () => {
  it('a change is pending until the server has committed it, then shared', async () => {
    server = new PlayedServer()
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced, 2000)
    doc.getMap('spend').set('fleet', 120_000_00)
    const seq = tracker.lastSeq
    expect(tracker.count).toBe(1)
    expect(tracker.isShared(seq)).toBe(false)
    // The server received it but has not committed: every answer leaves it pending.
    await waitFor(() => server.inFlight.length >= 1 && server.step1Answered >= 3, 3000)
    expect(tracker.isShared(seq)).toBe(false)
    server.commit()
    await waitFor(() => tracker.isShared(seq), 3000)
    expect(tracker.count).toBe(0)
    expect(server.durable.getMap('spend').get('fleet')).toBe(120_000_00)
  })

  it('offline: changes stay pending while disconnected and are shared after the reconnect delivers them', async () => {
    server = new PlayedServer()
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced, 2000)
    server.isReachable = false
    lastSocket().drop()
    await waitFor(() => !provider.wsconnected, 2000)
    doc.getMap('spend').set('fleet', 1)
    doc.getMap('spend').set('tyres', 2)
    expect(tracker.count).toBe(2)
    const answeredOffline = server.step1Answered
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(server.step1Answered).toBe(answeredOffline)
    expect(tracker.isShared(tracker.lastSeq)).toBe(false)
    server.isReachable = true
    await waitFor(() => provider.synced && server.inFlight.length > 0, 3000)
    expect(tracker.count).toBe(2)
    server.commit()
    await waitFor(() => tracker.count === 0, 3000)
    expect(server.durable.getMap('spend').toJSON()).toEqual({ fleet: 1, tyres: 2 })
  })

  it('a deletion alone (no new items) is pending until the durable delete set holds it', async () => {
    server = new PlayedServer()
    server.durable.getMap('spend').set('old', 5)
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced && doc.getMap('spend').has('old'), 2000)
    doc.getMap('spend').delete('old')
    expect(tracker.count).toBe(1)
    await waitFor(() => server.inFlight.length >= 1 && server.step1Answered >= 3, 3000)
    expect(tracker.count).toBe(1)
    server.commit()
    await waitFor(() => tracker.count === 0, 3000)
    expect(server.durable.getMap('spend').has('old')).toBe(false)
  })

  it('writes the server drops (read-only) are never called shared', async () => {
    server = new PlayedServer()
    server.isReadOnly = true
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced, 2000)
    doc.getMap('spend').set('fleet', 1)
    await waitFor(() => server.step1Answered >= 4, 3000)
    server.commit()
    await waitFor(() => server.step1Answered >= 6, 6000)
    expect(tracker.count).toBe(1)
  })

  it('on a connection the server made read-only, writes (a seed, a migration) are not counted as waiting', async () => {
    server = new PlayedServer()
    server.isReachable = false
    const { doc, tracker } = connect({ isTrackingBeforeSync: true })
    doc.getMap('cards').set('seed', 1)
    expect(tracker.count).toBe(1)
    tracker.setCanWrite(false)
    expect(tracker.count).toBe(0)
    doc.getMap('cards').set('migrated', 2)
    expect(tracker.count).toBe(0)
    tracker.setCanWrite(true)
    doc.getMap('cards').set('mine', 3)
    expect(tracker.count).toBe(1)
  })

  it('changes from the server are not ours to share', async () => {
    server = new PlayedServer()
    server.durable.getMap('spend').set('theirs', 1)
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced && doc.getMap('spend').has('theirs'), 2000)
    expect(tracker.count).toBe(0)
  })

  it('a sync step 2 from another tab (BroadcastChannel) is not the server and acknowledges nothing', async () => {
    server = new PlayedServer()
    const { doc, provider, tracker } = connect()
    await waitFor(() => provider.synced, 2000)
    server.isReachable = false
    lastSocket().drop()
    await waitFor(() => !provider.wsconnected, 2000)
    doc.getMap('spend').set('fleet', 1)
    const otherTab = encoding.createEncoder()
    syncProtocol.writeSyncStep2(otherTab, doc)
    // y-websocket reads BroadcastChannel messages through the same handlers with emitSynced false.
    provider.messageHandlers[0]!(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(otherTab)), provider, false, 0)
    expect(tracker.count).toBe(1)
  })

  it('counts every document of the page, and forgets a document that is closed', async () => {
    server = new PlayedServer()
    server.isReachable = false
    const board = connect({ isTrackingBeforeSync: true })
    const org = connect({ isTrackingBeforeSync: true })
    board.doc.getMap('cards').set('a', 1)
    org.doc.getMap('spend').set('b', 2)
    org.doc.getMap('spend').set('c', 3)
    expect(pendingRegistry.count).toBe(3)
    expect(pendingRegistry.trackerOf(org.doc)).toBe(org.tracker)
    org.tracker.destroy()
    expect(pendingRegistry.count).toBe(1)
  })

  it('the board document is tracked from its first sync (no update listener while the board loads)', async () => {
    server = new PlayedServer()
    const { doc, provider, tracker } = connect()
    const updateListeners = () => (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update')?.size ?? 0
    expect(updateListeners()).toBe(1) // the provider's own
    await waitFor(() => provider.synced, 2000)
    doc.getMap('cards').set('seed', 1)
    expect(tracker.count).toBe(1)
  })
})

describe('delete set coverage', () => {
  const ranges = (entries: [number, [number, number][]][]) => new Map(entries.map(([client, rs]) => [client, rs.map(([clock, len]) => ({ clock, len }))]))
  it('covers a range inside one durable range or across adjacent ones, not with a gap or another client', () => {
    expect(isDeleteSetCovered(ranges([[1, [[3, 2]]]]), ranges([[1, [[0, 10]]]]))).toBe(true)
    expect(isDeleteSetCovered(ranges([[1, [[3, 4]]]]), ranges([[1, [[0, 5], [5, 5]]]]))).toBe(true)
    expect(isDeleteSetCovered(ranges([[1, [[3, 4]]]]), ranges([[1, [[0, 5], [6, 5]]]]))).toBe(false)
    expect(isDeleteSetCovered(ranges([[1, [[3, 1]]]]), ranges([[2, [[0, 10]]]]))).toBe(false)
    expect(isDeleteSetCovered(new Map(), new Map())).toBe(true)
  })
})
