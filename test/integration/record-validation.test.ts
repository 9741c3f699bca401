/**
 * Issue 10 B3: one invalid record must not brick a board. The server validates every record an update writes against
 * the board's tldraw schema and closes the sender with 4005; nothing is stored or broadcast, others carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '../../server/sync/protocol'
import { checkBoardRecord, INVALID_RECORD_CLOSE_CODE } from '../../server/sync/record-validation'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestServer } from '../support/start-test-server'
import { BAD_GEO, geoShape } from '../support/tl-records'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'

let server: TestServer
let board: string
let good: YClient

beforeAll(async () => {
  server = await startTestServer({ env: { HELD_UPDATE_TIMEOUT_MS: '2000' } })
  board = await server.createBoard()
  good = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  good.records.set('shape:keep', geoShape('shape:keep'))
  await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'persisted')
})
afterAll(async () => {
  good.destroy()
  await server.destroy()
})

function updateOf(write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc()
  write(doc)
  return Y.encodeStateAsUpdate(doc)
}

async function sendRaw(...updates: Uint8Array[]): Promise<{ code: number; reason: string }> {
  const raw = rawConnect(`${server.wsUrl}/${board}?token=${server.admin.token}`)
  await raw.opened
  for (const u of updates) raw.ws.send(encodeSyncUpdate(u))
  return raw.closed
}

/** A fresh stock client opens the board, and every record it gets is valid. */
async function expectBoardOpens(): Promise<Record<string, unknown>> {
  const fresh = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
  const records = fresh.records.toJSON() as Record<string, unknown>
  fresh.destroy()
  for (const [key, value] of Object.entries(records)) expect(checkBoardRecord(value, key), key).toBeNull()
  return records
}

describe('record validation on the board document', () => {
  it('refuses the geo shape without props with 4005: nothing stored, nothing broadcast, others untouched', async () => {
    const before = server.registry.peek(board)?.lastSeq
    const closed = await sendRaw(updateOf((doc) => doc.getMap('tl_records').set('shape:bad', BAD_GEO)))
    expect(closed.code).toBe(INVALID_RECORD_CLOSE_CODE)
    expect(closed.reason).toMatch(/shape:bad \(geo\).*rotation/)
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    expect(good.provider.wsconnected).toBe(true)
    expect(good.records.has('shape:bad')).toBe(false)
    const records = await expectBoardOpens()
    expect(Object.keys(records)).toEqual(['shape:keep'])
    // The good client still writes, and everyone gets it.
    good.records.set('shape:after', geoShape('shape:after', 200))
    await waitFor(async () => 'shape:after' in (await expectBoardOpens()), 5000, 'later write stored')
  })

  it('refuses a value that is no record, a record under another key, and a record type a board does not store', async () => {
    for (const write of [
      (doc: Y.Doc) => doc.getMap('tl_records').set('shape:n', 1),
      (doc: Y.Doc) => doc.getMap('tl_records').set('shape:other', geoShape('shape:x')),
      (doc: Y.Doc) => doc.getMap('tl_records').set('camera:c', { id: 'camera:c', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }),
    ]) {
      const before = server.registry.peek(board)?.lastSeq
      expect((await sendRaw(updateOf(write))).code).toBe(INVALID_RECORD_CLOSE_CODE)
      expect(server.registry.peek(board)?.lastSeq).toBe(before)
    }
    expect(Object.keys(await expectBoardOpens()).sort()).toEqual(['shape:after', 'shape:keep'])
  })

  it('refuses an invalid overwrite held for its dependency, once the dependency arrives', async () => {
    const doc = new Y.Doc()
    const records = doc.getMap('tl_records')
    records.set('shape:held', geoShape('shape:held'))
    const first = Y.encodeStateAsUpdate(doc)
    const sv = Y.encodeStateVector(doc)
    records.set('shape:held', BAD_GEO)
    const second = Y.encodeStateAsUpdate(doc, sv)
    // The second arrives first (held: it overwrites an item the server has not seen), then its dependency.
    const closed = await sendRaw(second, first)
    expect(closed.code).toBe(INVALID_RECORD_CLOSE_CODE)
    const stored = await expectBoardOpens()
    expect(stored['shape:held'] === undefined || checkBoardRecord(stored['shape:held'], 'shape:held') === null).toBe(true)
  })

  it('leaves the planning documents of other roots alone (their own rule is separate)', async () => {
    good.doc.getMap('categories').set('c1', { name: 'Fleet' })
    await waitFor(async () => {
      const fresh = await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } })
      const has = fresh.doc.getMap('categories').has('c1')
      fresh.destroy()
      return has
    }, 5000, 'planning value stored')
    expect(good.provider.wsconnected).toBe(true)
  })
})
