/**
 * Server-to-client websocket framing (RFC 6455 §5.2) for broadcasts: a binary message framed once and written as is
 * to every socket of a room, instead of `ws` framing it again for each one (a header allocation, a cork and a
 * two-buffer writev per socket). Server frames are never masked; Pooled never compresses (perMessageDeflate off).
 */
import type { Socket } from 'node:net'
import type { WebSocket as WsSocket } from 'ws'

/** One final, unmasked binary frame carrying `payload`. */
export function encodeBinaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength
  const headerBytes = n < 126 ? 2 : n <= 0xffff ? 4 : 10
  const frame = Buffer.allocUnsafe(headerBytes + n)
  frame[0] = 0x82 // FIN + opcode 2 (binary)
  if (n < 126) {
    frame[1] = n
  } else if (n <= 0xffff) {
    frame[1] = 126
    frame.writeUInt16BE(n, 2)
  } else {
    frame[1] = 127
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    frame.writeUInt32BE(n >>> 0, 6)
  }
  frame.set(payload, headerBytes)
  return frame
}

const OPEN = 1

/**
 * Write an already framed message to a `ws` socket's TCP socket. Only while the websocket is open and `ws` has
 * nothing queued of its own (it queues only while compressing, which Pooled never enables), so frames stay in order.
 * Returns false when the caller must fall back to `ws.send`.
 */
export function writeFrame(ws: WsSocket, frame: Uint8Array): boolean {
  if (ws.readyState !== OPEN) return false
  const internals = ws as unknown as { _socket?: Socket; _sender?: { _queue?: unknown[] } }
  const socket = internals._socket
  if (!socket || socket.destroyed || !socket.writable || (internals._sender?._queue?.length ?? 0) > 0) return false
  socket.write(frame)
  return true
}
