/**
 * The board socket opened by client/boot.ts while the app loads: it asks for the whole board once, keeps every event,
 * and the provider adopts it (events replayed in order, its duplicate first SyncStep1 dropped); reconnects are plain.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import {
  EMPTY_SYNC_STEP_1,
  boardIdFromPath,
  boardSocketUrl,
  earlySyncWebSocket,
  startEarlySync,
  type SocketLike,
} from '../../../../client/sync/early-sync'
import { waitFor } from '../wait-for'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

/** A WebSocket stand-in: records what is sent, lets the test play the server. */
class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = []
  readonly OPEN = 1
  binaryType = 'blob'
  readyState = 0
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  readonly sent: Uint8Array[] = []
  isClosed = false
  constructor(readonly url: string) {
    FakeSocket.instances.push(this)
  }
  send(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>): void {
    this.sent.push(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() : new Uint8Array(data))
  }
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    this.readyState = 3
    this.onclose?.({ code: 1000, reason: '' } as CloseEvent)
  }
  serverOpens(): void {
    this.readyState = 1
    this.onopen?.({ type: 'open' } as Event)
  }
  serverSends(bytes: Uint8Array): void {
    this.onmessage?.({ data: bytes.slice().buffer } as MessageEvent)
  }
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

function boardDoc(records: number): Y.Doc {
  const doc = new Y.Doc()
  for (let i = 0; i < records; i++) doc.getMap('tl_records').set(`shape:${i}`, { id: `shape:${i}` })
  return doc
}

const isSyncStep1 = (bytes: Uint8Array) => bytes[0] === 0 && bytes[1] === 0

describe('early sync', () => {
  it("asks for the whole board with exactly a fresh provider's first message", () => {
    expect([...syncMessage((e) => syncProtocol.writeSyncStep1(e, new Y.Doc()))]).toEqual([...EMPTY_SYNC_STEP_1])
  })

  it('finds the board of a board page only, and builds the URL the provider opens', () => {
    expect(boardIdFromPath('/b/abc123')).toBe('abc123')
    expect(boardIdFromPath('/b/abc%20d/')).toBe('abc d')
    expect(boardIdFromPath('/b/abc/report')).toBeNull()
    expect(boardIdFromPath('/library')).toBeNull()
    expect(boardIdFromPath('/b/%E0%A4%A')).toBeNull()
    expect(boardSocketUrl('ws://h/sync/', 'abc')).toBe('ws://h/sync/abc')
  })

  it('sends SyncStep1 when the socket opens, and closes a socket nobody adopted', () => {
    FakeSocket.instances = []
    const host = {}
    let abandon: (() => void) | null = null
    startEarlySync('ws://h/sync/b1', { WebSocketImpl: FakeSocket, host, setTimer: (callback) => (abandon = callback) })
    startEarlySync('ws://h/sync/b1', { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const socket = FakeSocket.instances[0]!
    expect(FakeSocket.instances).toHaveLength(1)
    expect(socket.binaryType).toBe('arraybuffer')
    socket.serverOpens()
    expect(socket.sent.map((b) => [...b])).toEqual([[...EMPTY_SYNC_STEP_1]])
    abandon!()
    expect(socket.isClosed).toBe(true)
    // Gone: a provider now opens its own socket.
    const Socket = earlySyncWebSocket({ WebSocketImpl: FakeSocket, host })
    new Socket('ws://h/sync/b1')
    expect(FakeSocket.instances).toHaveLength(2)
  })

  it('hands the socket to the provider: kept events replayed in order, no second SyncStep1, live events after', async () => {
    FakeSocket.instances = []
    const host = {}
    const url = boardSocketUrl('ws://h/sync', 'b1')
    startEarlySync(url, { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    // The server answers before the app is there: its SyncStep1, then the whole board.
    const server = boardDoc(20)
    early.serverOpens()
    early.serverSends(syncMessage((e) => syncProtocol.writeSyncStep1(e, server)))
    early.serverSends(syncMessage((e) => syncProtocol.writeSyncStep2(e, server)))

    const doc = new Y.Doc()
    const provider = new WebsocketProvider('ws://h/sync', 'b1', doc, {
      disableBc: true,
      WebSocketPolyfill: earlySyncWebSocket({ WebSocketImpl: FakeSocket, host }) as unknown as typeof WebSocket,
    })
    cleanups.push(() => provider.destroy())
    expect(FakeSocket.instances).toHaveLength(1)
    await waitFor(() => provider.synced, 2000)
    expect(doc.getMap('tl_records').size).toBe(20)
    expect(provider.wsconnected).toBe(true)
    // Exactly one SyncStep1 went out (the early one); the provider's answer to the server's SyncStep1 did too.
    expect(early.sent.filter(isSyncStep1)).toHaveLength(1)
    expect(early.sent.some((b) => b[0] === 0 && b[1] === 1)).toBe(true)

    // Live: a later update from the server, and a local edit going out.
    server.getMap('tl_records').set('shape:late', { id: 'shape:late' })
    early.serverSends(syncMessage((e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(server))))
    expect(doc.getMap('tl_records').has('shape:late')).toBe(true)
    const before = early.sent.length
    doc.getMap('tl_records').set('shape:mine', { id: 'shape:mine' })
    expect(early.sent.length).toBe(before + 1)

    // A dropped connection reconnects with a fresh socket, which says SyncStep1 itself.
    early.close()
    await waitFor(() => FakeSocket.instances.length === 2, 3000)
    const next = FakeSocket.instances[1]!
    next.serverOpens()
    expect(next.sent.filter(isSyncStep1)).toHaveLength(1)
  })

  it('replays a refused connection so the provider sees the failure', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync('ws://h/sync/gone', { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    early.onerror?.({ type: 'error' } as Event)
    early.onclose?.({ code: 1006, reason: '' } as CloseEvent)
    const provider = new WebsocketProvider('ws://h/sync', 'gone', new Y.Doc(), {
      disableBc: true,
      WebSocketPolyfill: earlySyncWebSocket({ WebSocketImpl: FakeSocket, host }) as unknown as typeof WebSocket,
    })
    cleanups.push(() => provider.destroy())
    const seen: string[] = []
    provider.on('connection-error', () => seen.push('error'))
    provider.on('connection-close', () => seen.push('close'))
    await waitFor(() => seen.length === 2, 2000)
    expect(seen).toEqual(['error', 'close'])
  })
})
