/** An in-memory SocketLike that records what the room sends and how it closed it. */
import type { SocketLike } from '../../server/sync/room'

export interface FakeSocket extends SocketLike {
  sent: Uint8Array[]
  closedWith: { code: number; reason: string } | null
  bufferedAmount: number
}

export function createFakeSocket(onSend?: (data: Uint8Array) => void): FakeSocket {
  const socket: FakeSocket = {
    sent: [],
    closedWith: null,
    bufferedAmount: 0,
    send(data) {
      socket.sent.push(data)
      onSend?.(data)
    },
    close(code, reason) {
      socket.closedWith = { code, reason }
    },
  }
  return socket
}
