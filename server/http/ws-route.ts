/**
 * The one place the WebSocket upgrade meets Hono: validate the board id, check the board exists and the caller may
 * enter (the authorisation seam), refuse with an HTTP status before any document byte is sent, then adapt the
 * socket to `SocketLike` and hand it to the sync layer.
 */
import type { Context } from 'hono'
import { upgradeWebSocket } from '@hono/node-server'
import type { WebSocket as WsSocket } from 'ws'
import { BOARD_ID_PATTERN } from '../../shared/schema/api'
import type { Logger } from '../log'
import { CloseCode } from '../sync/protocol'
import { createConnection, type SharedMessage } from '../sync/room'
import type { AppEnv, AppSyncDeps, AuthorizeSync } from './app-env'
import { encodeBinaryFrame, writeFrame } from './ws-frame'

export interface WsRouteDeps extends AppSyncDeps {
  log: Logger
  authorizeSync: AuthorizeSync
  isShuttingDown(): boolean
}

/** Document names: the board id, optionally followed by a sub-document suffix (e.g. per-organisation data). */
const DOC_NAME_PATTERN = /^([A-Za-z0-9_-]{22})(~[a-z]{1,16}~[A-Za-z0-9_-]{1,64})?$/

/**
 * Hono's upgrade helper attaches its own message/close/error listeners right after onOpen returns; they close over
 * the request's whole context (Hono Context, Request, headers, Node's IncomingMessage), about 10 KB per connection,
 * kept for the socket's life. Pooled listens on the ws socket itself, so once Hono has attached them (same tick, no
 * await in between), they are removed and the request context can be collected. Listeners present before (ours,
 * and the ws server's client tracking) stay.
 */
function releaseHonoListeners(raw: WsSocket): void {
  const events = ['message', 'close', 'error'] as const
  const before = new Map(events.map((e) => [e, new Set(raw.listeners(e))]))
  queueMicrotask(() => {
    for (const e of events) {
      for (const listener of raw.listeners(e)) {
        if (!before.get(e)?.has(listener)) raw.off(e, listener as (...args: unknown[]) => void)
      }
    }
  })
}

export function createSyncHandler(deps: WsRouteDeps) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const docName = c.req.param('docName') ?? ''
    const match = DOC_NAME_PATTERN.exec(docName)
    if (!match || !BOARD_ID_PATTERN.test(match[1] ?? '')) return c.json({ error: { code: 'bad_request', message: 'invalid board id' } }, 400)
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      return c.json({ error: { code: 'bad_request', message: 'expected a websocket upgrade' } }, 426)
    }
    if (deps.isShuttingDown()) return c.json({ error: { code: 'unavailable', message: 'server is shutting down' } }, 503)
    const boardId = match[1] as string
    const access = await deps.authorizeSync(c, boardId, docName)
    if (!access.ok) {
      return c.json({ error: { code: access.status === 404 ? 'not_found' : access.status === 401 ? 'unauthorized' : 'forbidden', message: access.message } }, access.status)
    }
    const connId = deps.newConnId()
    const log = deps.log.child({ connId, room: docName })
    const handler = upgradeWebSocket(() => ({
      onOpen(_evt, ws) {
        const raw = ws.raw as WsSocket
        deps.sockets.add(raw)
        const connection = createConnection(connId, {
          send: (data) => raw.send(data),
          sendShared: (msg: SharedMessage) => {
            msg.encoded ??= encodeBinaryFrame(msg.payload)
            if (!writeFrame(raw, msg.encoded)) raw.send(msg.payload)
          },
          close: (code, reason) => raw.close(code, reason),
          get bufferedAmount() {
            return raw.bufferedAmount
          },
        }, access.canWrite)
        if (access.stampAwareness) connection.stampAwareness = access.stampAwareness
        if (access.principal) connection.principal = access.principal
        if (access.reauthorize) connection.reauthorize = access.reauthorize
        if (access.inspectContent) connection.inspectContent = access.inspectContent
        connection.role = access.role ?? null
        const joined = deps.registry.join(docName, connection)
        // Frames go straight from ws to the room: Hono's onMessage would wrap each one in a MessageEvent and copy it
        // into a fresh ArrayBuffer. Hono attaches its own listener only after onOpen returns, so none is missed.
        raw.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
          if (!isBinary) {
            joined.reject(connection, CloseCode.TextFrame, 'text frames are not supported')
            return
          }
          if (Array.isArray(data)) joined.receive(connection, Buffer.concat(data))
          else if (data instanceof ArrayBuffer) joined.receive(connection, new Uint8Array(data))
          else joined.receive(connection, data)
        })
        raw.on('close', (code: number) => {
          deps.sockets.delete(raw)
          joined.leave(connection)
          log.debug({ code }, 'connection closed')
        })
        raw.on('error', (err: Error) => {
          // ws reports protocol violations (bad frames, oversized payloads) here and then closes with 1002/1009.
          log.warn({ err: String(err) }, 'websocket error')
        })
        releaseHonoListeners(raw)
        log.debug({ canWrite: access.canWrite }, 'connection opened')
      },
    }))
    return handler(c, next)
  }
}
