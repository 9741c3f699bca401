/**
 * The board socket opened by client/boot.ts while the app loads: it asks for the whole board once, keeps every event,
 * and the provider adopts it (events replayed in order, its duplicate first SyncStep1 dropped); reconnects are plain.
 * Every order of "socket opens / fails / closes" against "the provider adopts it" ends with exactly one SyncStep1 on
 * the connection that delivers the board, answered by a played server (issue 10 A0: a same-tab reload adopted a socket
 * that had not opened yet, and then nothing asked for the board).
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
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
    // As in browsers: sending on a connecting socket throws, on a closed one the data is discarded.
    if (this.readyState === 0) throw new Error('InvalidStateError: still in CONNECTING state')
    if (this.readyState !== 1) return
    this.sent.push(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() : new Uint8Array(data))
  }
  close(): void {
    if (this.isClosed) return
    this.isClosed = true
    this.readyState = 3
    this.onclose?.({ code: 1000, reason: '' } as CloseEvent)
  }
  /** The connection fails before it opens (server unreachable, upgrade refused). */
  serverRefuses(): void {
    this.readyState = 3
    this.onerror?.({ type: 'error' } as Event)
    this.onclose?.({ code: 1006, reason: '' } as CloseEvent)
  }
  /** The server drops an open connection. */
  serverDrops(): void {
    this.readyState = 3
    this.onclose?.({ code: 1006, reason: '' } as CloseEvent)
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

/**
 * Play our server on a socket: greet with SyncStep1 when it opens (R2), and answer each SyncStep1 the client sends
 * with SyncStep2 holding what it lacks, in a later task, as a real server does. Nothing sent, nothing answered.
 */
function serveBoard(socket: FakeSocket, server: Y.Doc): void {
  const send = socket.send.bind(socket)
  socket.send = (data) => {
    send(data)
    const bytes = socket.sent[socket.sent.length - 1]
    if (!bytes || !isSyncStep1(bytes) || socket.readyState !== 1) return
    const decoder = decoding.createDecoder(bytes)
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    const stateVector = decoding.readVarUint8Array(decoder)
    setTimeout(() => {
      if (socket.readyState === 1) socket.serverSends(syncMessage((e) => syncProtocol.writeSyncStep2(e, server, stateVector)))
    }, 0)
  }
  const open = socket.serverOpens.bind(socket)
  socket.serverOpens = () => {
    open()
    socket.serverSends(syncMessage((e) => syncProtocol.writeSyncStep1(e, server)))
  }
}

/** Sockets the provider opens from now on are served the board too (reconnects). */
function serveEverySocket(server: Y.Doc): () => void {
  const from = FakeSocket.instances.length
  let served = from
  const timer = setInterval(() => {
    while (served < FakeSocket.instances.length) {
      const socket = FakeSocket.instances[served++]!
      serveBoard(socket, server)
      setTimeout(() => socket.serverOpens(), 0)
    }
  }, 1)
  return () => clearInterval(timer)
}

function adoptingProvider(host: object, room: string, doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider('ws://h/sync', room, doc, {
    disableBc: true,
    maxBackoffTime: 20,
    WebSocketPolyfill: earlySyncWebSocket({ WebSocketImpl: FakeSocket, host }) as unknown as typeof WebSocket,
  })
  cleanups.push(() => provider.destroy())
  return provider
}

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

  // Same-tab reloads: the app is cached and starts before the early socket has opened (issue 10 A0).
  it('opens only after the provider adopted it: the provider asks for the board itself, once, and gets it', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    serveBoard(early, boardDoc(12))
    const doc = new Y.Doc()
    const provider = adoptingProvider(host, 'b1', doc)
    expect(FakeSocket.instances).toHaveLength(1)
    await Promise.resolve()
    early.serverOpens()
    await waitFor(() => provider.synced, 2000)
    expect(doc.getMap('tl_records').size).toBe(12)
    expect(early.sent.filter(isSyncStep1).map((b) => [...b])).toEqual([[...EMPTY_SYNC_STEP_1]])
    expect(FakeSocket.instances).toHaveLength(1)
  })

  it('opened before adoption and the board already arrived: the provider is synced without asking twice', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    serveBoard(early, boardDoc(7))
    early.serverOpens()
    await waitFor(() => early.sent.length === 1, 2000)
    // Let the server's SyncStep2 arrive while the app is still loading.
    await new Promise((resolve) => setTimeout(resolve, 5))
    const doc = new Y.Doc()
    const provider = adoptingProvider(host, 'b1', doc)
    await waitFor(() => provider.synced, 2000)
    expect(doc.getMap('tl_records').size).toBe(7)
    expect(early.sent.filter(isSyncStep1)).toHaveLength(1)
  })

  it('a provider whose document already has content still says its own SyncStep1 (it differs from the early one)', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    early.serverOpens()
    const doc = boardDoc(1)
    const provider = adoptingProvider(host, 'b1', doc)
    await waitFor(() => provider.wsconnected, 2000)
    expect(early.sent.filter(isSyncStep1)).toHaveLength(2)
  })

  it('opened and then dropped before adoption: the provider sees the close and reconnects on a fresh socket', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    early.serverOpens()
    early.serverDrops()
    const stop = serveEverySocket(boardDoc(5))
    cleanups.push(stop)
    const doc = new Y.Doc()
    const provider = adoptingProvider(host, 'b1', doc)
    const seen: string[] = []
    provider.on('connection-close', () => seen.push('close'))
    await waitFor(() => provider.synced, 3000)
    expect(seen[0]).toBe('close')
    expect(doc.getMap('tl_records').size).toBe(5)
    expect(FakeSocket.instances[1]!.sent.filter(isSyncStep1)).toHaveLength(1)
  })

  it('fails after adoption, before opening: the provider sees the failure and reconnects on a fresh socket', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    const early = FakeSocket.instances[0]!
    const doc = new Y.Doc()
    const provider = adoptingProvider(host, 'b1', doc)
    const seen: string[] = []
    provider.on('connection-error', () => seen.push('error'))
    provider.on('connection-close', () => seen.push('close'))
    await Promise.resolve()
    const stop = serveEverySocket(boardDoc(3))
    cleanups.push(stop)
    early.serverRefuses()
    await waitFor(() => provider.synced, 3000)
    expect(seen.slice(0, 2)).toEqual(['error', 'close'])
    expect(doc.getMap('tl_records').size).toBe(3)
    expect(early.sent).toHaveLength(0)
  })

  it('fails before adoption: the provider sees the failure and reconnects on a fresh socket that gets the board', async () => {
    FakeSocket.instances = []
    const host = {}
    startEarlySync(boardSocketUrl('ws://h/sync', 'b1'), { WebSocketImpl: FakeSocket, host, setTimer: () => undefined })
    FakeSocket.instances[0]!.serverRefuses()
    const stop = serveEverySocket(boardDoc(4))
    cleanups.push(stop)
    const doc = new Y.Doc()
    const provider = adoptingProvider(host, 'b1', doc)
    await waitFor(() => provider.synced, 3000)
    expect(doc.getMap('tl_records').size).toBe(4)
  })
})
