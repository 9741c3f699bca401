/**
 * Open a board's live connection while the app's JavaScript is still downloading and compiling, and hand it to the
 * board's y-websocket provider when the app gets there.
 *
 * On a board page the app (about 2.4 MB, most of it tldraw) takes a second or more to download, compile and start;
 * only then did the provider open its socket, and only then did the server start sending the board (3.4 MB for
 * 5,000 shapes). `startEarlySync`, run by a tiny separate entry script (client/boot.ts), opens the socket right away
 * and asks for the whole board (SyncStep1 with an empty state vector, exactly what a fresh provider sends first), and
 * keeps every event. The provider gets a WebSocket class (`earlySyncWebSocket`) whose first socket for that URL is
 * the early one: it replays the kept events in order, then passes live ones through. Every later socket (a reconnect)
 * is a plain WebSocket. Nothing here imports Yjs, so the boot script stays a few hundred bytes.
 *
 * Who asks for the board depends on when the socket opens, and exactly one SyncStep1 goes out either way:
 * - opened before the provider adopted it (a cold load: the app is still downloading): the early socket sent the
 *   SyncStep1 on open; the provider, when the replayed `open` reaches it, sends its own, which is dropped when it is
 *   byte-for-byte the one already sent (the server would answer it with the whole board a second time);
 * - still connecting when adopted (a reload in the same tab: the app is cached and starts first): the provider's
 *   handlers now receive `open`, and y-websocket sends SyncStep1 from its `onopen`; nothing was sent early, so
 *   nothing of the provider's is dropped;
 * - failed or closed before adoption: the replayed `error`/`close` reach the provider, which reconnects on a plain
 *   socket as after any dropped connection;
 * - fails after adoption: the live events reach the provider the same way.
 */

/**
 * y-websocket's first message on a fresh document: message type sync (0), SyncStep1 (0), then the encoded state
 * vector of an empty Y.Doc as a length-prefixed byte array (length 1, content: 0 clients). Checked against y-protocols
 * in the unit test.
 */
export const EMPTY_SYNC_STEP_1: readonly number[] = [0, 0, 1, 0]

/** An early socket nobody adopted within this time (no board page after all, or an error page) is closed. */
export const EARLY_SYNC_ABANDON_MS = 15_000

const GLOBAL_KEY = '__pooledEarlySync'

/** The parts of the browser WebSocket we use; tests pass a fake. */
export interface SocketLike {
  binaryType: string
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  send(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>): void
  close(code?: number, reason?: string): void
}

export type SocketConstructor = new (url: string, protocols?: string | string[]) => SocketLike

interface EarlySync {
  readonly url: string
  readonly socket: SocketLike
  /** Events seen before the provider took over, in order. */
  readonly events: Array<{ type: 'open' | 'message' | 'close' | 'error'; event: Event }>
  isAdopted: boolean
  /** True once the early socket itself sent `EMPTY_SYNC_STEP_1` (it opened before adoption). */
  isStep1Sent: boolean
}

type EarlySyncHost = { [GLOBAL_KEY]?: EarlySync }

/** Board id of a board page path (`/b/<id>`), as the router reads it; null on any other page. */
export function boardIdFromPath(pathname: string): string | null {
  const match = /^\/b\/([^/]+)\/?$/.exec(pathname)
  if (!match?.[1]) return null
  try {
    return decodeURIComponent(match[1])
  } catch {
    // reason: a malformed escape is not a board the app would open either
    return null
  }
}

/** The URL y-websocket's provider opens for a board (`<serverUrl>/<room>`, no parameters). */
export function boardSocketUrl(wsBase: string, boardId: string): string {
  return `${wsBase.replace(/\/+$/, '')}/${boardId}`
}

/** Open the board's socket now and ask for the whole board. Does nothing when one is already open. */
export function startEarlySync(
  url: string,
  options: { WebSocketImpl: SocketConstructor; host?: object; setTimer?: (callback: () => void, ms: number) => unknown },
): void {
  const host = (options.host ?? globalThis) as EarlySyncHost
  if (host[GLOBAL_KEY]) return
  const socket = new options.WebSocketImpl(url)
  socket.binaryType = 'arraybuffer'
  const early: EarlySync = { url, socket, events: [], isAdopted: false, isStep1Sent: false }
  // Only until adoption: then the provider's handlers take over and, if the socket has not opened yet, the provider
  // sends its own SyncStep1 when it does.
  socket.onopen = (event) => {
    socket.send(new Uint8Array(EMPTY_SYNC_STEP_1))
    early.isStep1Sent = true
    early.events.push({ type: 'open', event })
  }
  socket.onmessage = (event) => early.events.push({ type: 'message', event })
  socket.onclose = (event) => early.events.push({ type: 'close', event })
  socket.onerror = (event) => early.events.push({ type: 'error', event })
  host[GLOBAL_KEY] = early
  ;(options.setTimer ?? setTimeout)(() => {
    if (early.isAdopted) return
    socket.close()
    if (host[GLOBAL_KEY] === early) delete host[GLOBAL_KEY]
  }, EARLY_SYNC_ABANDON_MS)
}

/** Take the early socket for `url`, once. */
function adopt(url: string, host: EarlySyncHost): EarlySync | null {
  const early = host[GLOBAL_KEY]
  if (!early || early.isAdopted || early.url !== url) return null
  early.isAdopted = true
  delete host[GLOBAL_KEY]
  return early
}

function isSameBytes(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>, expected: readonly number[]): boolean {
  const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data)
  return bytes.length === expected.length && bytes.every((b, i) => b === expected[i])
}

/** The early socket, behind the WebSocket surface y-websocket uses, with the kept events replayed. */
class AdoptedSocket implements SocketLike {
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  /** The early socket already asked for the board, and the provider's first message has not been seen yet. */
  private isDuplicateStep1Possible: boolean
  private readonly socket: SocketLike

  constructor(early: EarlySync) {
    const socket = early.socket
    this.socket = socket
    // Decided now, at adoption: from here on the early `onopen` (which sends SyncStep1) is replaced, so a socket that
    // has not opened yet never sends one of its own and the provider's must go out.
    this.isDuplicateStep1Possible = early.isStep1Sent
    socket.onopen = (event) => this.onopen?.(event)
    socket.onmessage = (event) => this.onmessage?.(event)
    socket.onclose = (event) => this.onclose?.(event)
    socket.onerror = (event) => this.onerror?.(event)
    // y-websocket sets its handlers right after construction; live events are tasks, so they queue behind this.
    queueMicrotask(() => {
      for (const { type, event } of early.events) {
        if (type === 'open') this.onopen?.(event)
        else if (type === 'message') this.onmessage?.(event as MessageEvent)
        else if (type === 'close') this.onclose?.(event as CloseEvent)
        else this.onerror?.(event)
      }
    })
  }

  get binaryType(): string {
    return this.socket.binaryType
  }

  set binaryType(value: string) {
    this.socket.binaryType = value
  }

  get readyState(): number {
    return this.socket.readyState
  }

  send(data: ArrayBuffer | ArrayBufferView<ArrayBuffer>): void {
    if (this.isDuplicateStep1Possible) {
      // y-websocket's first message on a connection is its SyncStep1 (sent from `onopen`).
      this.isDuplicateStep1Possible = false
      if (isSameBytes(data, EMPTY_SYNC_STEP_1)) return
    }
    this.socket.send(data)
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason)
  }
}

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill`: its first socket for `url` is the early one (when there is
 * one), every other socket a new `WebSocketImpl`.
 */
export function earlySyncWebSocket(options: { WebSocketImpl: SocketConstructor; host?: object }): SocketConstructor {
  const host = (options.host ?? globalThis) as EarlySyncHost
  const WebSocketImpl = options.WebSocketImpl
  // reason: a constructor function that returns the adopted socket; y-websocket only ever calls `new _WS(url, protocols)`
  return function PooledWebSocket(url: string, protocols?: string | string[]): SocketLike {
    const early = adopt(url, host)
    return early ? new AdoptedSocket(early) : new WebSocketImpl(url, protocols)
  } as unknown as SocketConstructor
}
