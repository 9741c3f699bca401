/**
 * Bad input closes only the sender with a documented code (docs/sync-protocol.md); the room and other clients carry on.
 */
import { connect } from 'node:net'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeAwarenessMessage, encodeSyncUpdate } from '../../server/sync/protocol'
import { CloseCode } from '../../shared/wire/protocol'
import { startTestServer, type TestServer } from '../support/start-test-server'
import { rawConnect } from '../support/raw-ws'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'

let server: TestServer
let board: string
let good: YClient

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_MESSAGE_BYTES: String(128 * 1024), HELD_UPDATE_TIMEOUT_MS: '300' } })
  board = await server.createBoard()
  good = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  good.records.set('shape:keep', geoShape('shape:keep', 1))
  await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'persisted')
})
afterAll(async () => {
  good.destroy()
  await server.destroy()
})

async function expectClosedWith(send: (ws: import('ws').WebSocket) => void, code: number) {
  const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
  await raw.opened
  send(raw.ws)
  const closed = await raw.closed
  expect(closed.code).toBe(code)
}

async function expectRoomHealthy() {
  // The good client is still connected and a newcomer still gets the state.
  expect(good.provider.wsconnected).toBe(true)
  good.records.set('shape:after', geoShape('shape:after'))
  const newcomer = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  await waitFor(() => newcomer.records.has('shape:after'), 5000, 'newcomer sees writes after bad input')
  expect(newcomer.records.get('shape:keep')).toEqual(geoShape('shape:keep', 1))
  newcomer.destroy()
}

/** A valid update from a throwaway doc whose map value is the string `marker`. */
function updateWithString(marker: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap('tl_records').set('k', marker)
  return Y.encodeStateAsUpdate(doc)
}

function replaceBytes(haystack: Uint8Array, needle: Uint8Array, replacement: Uint8Array): Uint8Array {
  for (let i = 0; i <= haystack.length - needle.length; i++) {
    if (needle.every((b, j) => haystack[i + j] === b)) {
      const out = new Uint8Array(haystack.length - needle.length + replacement.length)
      out.set(haystack.subarray(0, i))
      out.set(replacement, i)
      out.set(haystack.subarray(i + needle.length), i + replacement.length)
      return out
    }
  }
  throw new Error('needle not found')
}

describe('hostile input on the websocket', () => {
  it('R5 a text frame closes the sender with 4001', async () => {
    await expectClosedWith((ws) => ws.send('hello'), CloseCode.TextFrame)
    await expectRoomHealthy()
  })

  it('R5 garbage, truncated, unknown and empty messages close with 4000', async () => {
    await expectClosedWith((ws) => ws.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), CloseCode.MalformedMessage)
    await expectClosedWith((ws) => ws.send(new Uint8Array([0, 2, 200, 1, 5])), CloseCode.MalformedMessage) // length says 200
    await expectClosedWith((ws) => ws.send(new Uint8Array([9, 0])), CloseCode.MalformedMessage) // unknown type
    await expectClosedWith((ws) => ws.send(new Uint8Array([0, 7, 0])), CloseCode.MalformedMessage) // unknown sync sub-type
    await expectClosedWith((ws) => ws.send(new Uint8Array([])), CloseCode.MalformedMessage)
    await expectClosedWith((ws) => ws.send(new Uint8Array([1, 5, 200, 1, 1, 1, 1])), CloseCode.MalformedMessage) // awareness truncated
    await expectRoomHealthy()
  })

  it('R5 an update that does not decode closes with 4002 and stores nothing', async () => {
    const before = server.registry.peek(board)?.lastSeq
    await expectClosedWith((ws) => ws.send(encodeSyncUpdate(new Uint8Array([1, 1, 5, 0, 99, 99, 99]))), CloseCode.InvalidUpdate)
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    await expectRoomHealthy()
  })

  it('R5/R14 an update that can never be integrated (clock gap) is held, never stored, then closes with 4002', async () => {
    const doc = new Y.Doc()
    const map = doc.getMap('tl_records')
    map.set('a', 1)
    const sv = Y.encodeStateVector(doc)
    map.set('b', 2)
    const onlySecond = Y.encodeStateAsUpdate(doc, sv) // depends on the first, which the server never saw
    const before = server.registry.peek(board)?.lastSeq
    await expectClosedWith((ws) => ws.send(encodeSyncUpdate(onlySecond)), CloseCode.InvalidUpdate)
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    expect(good.records.has('b')).toBe(false)
    await expectRoomHealthy()
  })

  it('R14 an update sent before its dependency is applied once the dependency arrives', async () => {
    const doc = new Y.Doc()
    const map = doc.getMap('tl_records')
    map.set('shape:dep-first', geoShape('shape:dep-first'))
    const first = Y.encodeStateAsUpdate(doc)
    const sv = Y.encodeStateVector(doc)
    map.set('shape:dep-second', geoShape('shape:dep-second'))
    const second = Y.encodeStateAsUpdate(doc, sv)
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
    await raw.opened
    raw.ws.send(encodeSyncUpdate(second))
    raw.ws.send(encodeSyncUpdate(first))
    await waitFor(() => good.records.has('shape:dep-first') && good.records.has('shape:dep-second'), 5000, 'both applied')
    expect(raw.ws.readyState).toBe(raw.ws.OPEN)
    raw.ws.close()
  })

  it('R15 pathological nesting (deep arrays in content) closes with 4006', async () => {
    const valid = updateWithString('PLACEHOLDER')
    const needleEnc = encoding.createEncoder()
    encoding.writeAny(needleEnc, 'PLACEHOLDER')
    const depth = 30_000
    const nested = new Uint8Array(depth * 2 + 1)
    for (let i = 0; i < depth; i++) {
      nested[i * 2] = 117 // array tag
      nested[i * 2 + 1] = 1 // one element
    }
    nested[depth * 2] = 127 // undefined
    const bomb = replaceBytes(valid, encoding.toUint8Array(needleEnc), nested)
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
    await raw.opened
    raw.ws.send(encodeSyncUpdate(bomb))
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.StructureRefused)
    await expectRoomHealthy()
  })

  it('R5 oversized or too many awareness states close with 4003 and reach nobody', async () => {
    await expectClosedWith((ws) => ws.send(encodeAwarenessMessage([{ clientId: 77, clock: 1, json: JSON.stringify({ junk: 'x'.repeat(65 * 1024) }) }])), CloseCode.TooLarge)
    const many = Array.from({ length: 40 }, (_, i) => ({ clientId: 1000 + i, clock: 1, json: '{"user":{}}' }))
    await expectClosedWith((ws) => ws.send(encodeAwarenessMessage(many)), CloseCode.TooLarge)
    expect(good.provider.awareness.getStates().has(77)).toBe(false)
    await expectRoomHealthy()
  })

  it('R5 a frame above MAX_MESSAGE_BYTES closes with 1009', async () => {
    await expectClosedWith((ws) => ws.send(new Uint8Array(129 * 1024)), 1009)
    await expectRoomHealthy()
  })

  it('R5 an invalid websocket frame and an absurd length header only drop that socket', async () => {
    for (const frame of [
      // FIN + reserved bits set + opcode 0xF (invalid), masked, zero length
      Buffer.from([0xff, 0x80, 0, 0, 0, 0]),
      // binary frame claiming a 2^63-1 byte payload
      Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]),
    ]) {
      const socket = connect(server.port, '127.0.0.1')
      await new Promise<void>((r) => socket.once('connect', () => r()))
      socket.write(
        `GET /sync/${board}?token=${server.admin.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      )
      let received = Buffer.alloc(0)
      socket.on('data', (d) => (received = Buffer.concat([received, d])))
      socket.on('error', () => {})
      await waitFor(() => received.includes('101 Switching Protocols'), 5000, 'upgrade')
      socket.write(frame)
      await new Promise<void>((r) => socket.once('close', () => r()))
    }
    await expectRoomHealthy()
  })

  it('R6 board ids are validated before storage and unknown boards are refused before any byte', async () => {
    for (const [path, status] of [
      [`/sync/${'A'.repeat(22)}`, 404],
      ['/sync/..%2F..%2Fetc', 400],
      [`/sync/${'A'.repeat(500)}`, 400],
      ["/sync/x'%20OR%201=1", 400],
    ] as const) {
      const raw = rawConnect(`ws://127.0.0.1:${server.port}${path}?token=${server.admin.token}`)
      await expect(raw.opened).rejects.toThrow(`upgrade refused: ${status}`)
      expect(raw.messages).toHaveLength(0)
    }
  })
})
