/**
 * R15 from outside, with a raw client: updates that write outside the board's layout (a root type the board does not
 * use, shared types in tl_records, nesting beyond MAX_TYPE_DEPTH, JSON nested beyond MAX_JSON_DEPTH) are refused with
 * 4006; nothing is stored, the other connections carry on, and a fresh stock client still opens the board and can
 * read it whole (`doc.toJSON()`), which a stored 10,000-deep chain made impossible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '../../server/sync/protocol'
import { MAX_TYPE_DEPTH } from '../../shared/wire/doc-layout'
import { CloseCode } from '../../shared/wire/protocol'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestServer } from '../support/start-test-server'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'
import { connectSynced, type YClient } from '../support/yclient'

let server: TestServer
let board: string
let good: YClient

beforeAll(async () => {
  server = await startTestServer()
  board = await server.createBoard()
  good = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  good.records.set('shape:keep', geoShape('shape:keep', 1))
  await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'persisted')
})
afterAll(async () => {
  good.destroy()
  await server.destroy()
})

/** A doc holding a chain of `depth` nested maps under `root` (a map root, or a key of tl_records). */
function chain(depth: number, into: (doc: Y.Doc) => Y.Map<unknown>): Uint8Array {
  const doc = new Y.Doc()
  doc.transact(() => {
    let map = into(doc)
    for (let i = 0; i < depth; i++) {
      const next = new Y.Map<unknown>()
      map.set('m', next)
      map = next
    }
  })
  return Y.encodeStateAsUpdate(doc)
}

async function sendAndExpectClose(update: Uint8Array, code: number): Promise<string> {
  const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
  await raw.opened
  raw.ws.send(encodeSyncUpdate(update))
  const closed = await raw.closed
  expect(closed.code).toBe(code)
  return closed.reason
}

async function expectBoardOpens(): Promise<void> {
  expect(good.provider.wsconnected).toBe(true)
  const marker = `shape:after-${Math.random().toString(36).slice(2)}`
  good.records.set(marker, geoShape(marker))
  const fresh = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  await waitFor(() => fresh.records.has(marker), 5000, 'a fresh client sees writes after the bomb')
  const json = fresh.doc.toJSON() as Record<string, unknown>
  expect(Object.keys(json).sort()).toEqual(expect.arrayContaining(['tl_records']))
  expect(json['bomb']).toBeUndefined()
  expect(fresh.records.get('shape:keep')).toEqual(geoShape('shape:keep', 1))
  fresh.destroy()
}

describe('R15 structure bombs are refused with 4006', () => {
  it('a chain of 10,000 nested maps under a root type the board does not use', async () => {
    const before = server.registry.peek(board)?.lastSeq
    const reason = await sendAndExpectClose(chain(10_000, (doc) => doc.getMap('bomb')), CloseCode.StructureRefused)
    expect(reason).toContain('"bomb"')
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    await expectBoardOpens()
  })

  it('the same chain as a value in tl_records', async () => {
    const before = server.registry.peek(board)?.lastSeq
    const reason = await sendAndExpectClose(chain(10_000, (doc) => doc.getMap('tl_records')), CloseCode.StructureRefused)
    expect(reason).toContain('tl_records')
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    await expectBoardOpens()
  })

  it(`a chain under categories built one level per update: ${MAX_TYPE_DEPTH} levels are stored, the next is refused`, async () => {
    const doc = new Y.Doc()
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
    await raw.opened
    let map = doc.getMap('categories')
    for (let level = 2; level <= MAX_TYPE_DEPTH; level++) {
      const next = new Y.Map<unknown>()
      map.set(`level-${level}`, next)
      map = next
    }
    for (const u of updates) raw.ws.send(encodeSyncUpdate(u))
    await waitFor(() => good.doc.getMap('categories').has('level-2'), 5000, 'the allowed levels are stored and broadcast')
    const seqBefore = server.registry.peek(board)?.lastSeq
    map.set('too-deep', new Y.Map())
    raw.ws.send(encodeSyncUpdate(updates[updates.length - 1] as Uint8Array))
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.StructureRefused)
    expect(server.registry.peek(board)?.lastSeq).toBe(seqBefore)
    await expectBoardOpens()
  })

  it('a JSON value nested 30,000 deep in a record', async () => {
    const nested = [...Array.from({ length: 30_000 }, () => [117, 1]).flat(), 127]
    const enc = new TextEncoder()
    const key = enc.encode('shape:deep')
    // client 99, one ContentAny struct in tl_records under 'shape:deep'.
    const update = Uint8Array.from([1, 1, 99, 0, 8 | 32, 1, 10, ...enc.encode('tl_records'), key.length, ...key, 1, ...nested, 0])
    await sendAndExpectClose(update, CloseCode.StructureRefused)
    await expectBoardOpens()
  })
})
