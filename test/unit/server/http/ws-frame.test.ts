import { describe, expect, it } from 'vitest'
import { createRequire } from 'node:module'
import { encodeBinaryFrame } from '../../../../server/http/ws-frame'

// ws's framing classes are public at runtime but absent from @types/ws.
interface WsInternals {
  Sender: { frame(data: Buffer, options: Record<string, unknown>): Buffer[] }
  Receiver: new (options: { isServer: boolean }) => { on(event: 'message', cb: (data: Buffer) => void): void; write(chunk: Buffer): void }
}
const { Receiver, Sender } = createRequire(import.meta.url)('ws') as WsInternals

/** Frames as `ws` builds them for a server (unmasked, final, binary), joined into one buffer. */
function wsFrame(payload: Buffer): Buffer {
  const parts = Sender.frame(payload, { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: false })
  return Buffer.concat(parts)
}

/** Parse frames with ws's own receiver (as a client would), returning the messages. */
function receive(bytes: Buffer): Buffer[] {
  const got: Buffer[] = []
  const receiver = new Receiver({ isServer: false })
  receiver.on('message', (data: Buffer) => got.push(Buffer.from(data)))
  receiver.write(bytes)
  return got
}

describe('encodeBinaryFrame', () => {
  it.each([0, 1, 125, 126, 127, 65535, 65536, 200_000])('frames a %i-byte payload exactly as ws does', (n) => {
    const payload = Buffer.alloc(n, 7)
    if (n > 0) payload[n - 1] = 9
    const frame = encodeBinaryFrame(payload)
    expect(frame.equals(wsFrame(payload))).toBe(true)
    const [message] = receive(frame)
    expect(message?.equals(payload)).toBe(true)
  })

  it('keeps a view of a larger buffer to its own bytes', () => {
    const backing = new Uint8Array([1, 2, 3, 4, 5, 6])
    const frame = encodeBinaryFrame(backing.subarray(2, 5))
    expect([...frame]).toEqual([0x82, 3, 3, 4, 5])
  })
})
