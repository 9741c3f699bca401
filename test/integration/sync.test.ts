/** Sync over real sockets with the stock y-websocket client: convergence, late joiners, restart, awareness. */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { startTestServer, type TestServer } from '../support/start-test-server'
import { connectClient, connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'
import { rawConnect } from '../support/raw-ws'

const servers: TestServer[] = []
const clients: YClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.destroy()
})
const track = <T extends YClient>(c: T) => (clients.push(c), c)
const start = async (opts: Parameters<typeof startTestServer>[0] = {}) => {
  const s = await startTestServer(opts)
  servers.push(s)
  return s
}
const shape = (i: number) => geoShape(`shape:${i}`, i * 10, { y: 20 })

describe('sync with the stock y-websocket client', () => {
  it('R2 two clients converge on each other\'s edits', async () => {
    const server = await start()
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    const b = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    a.records.set('shape:1', shape(1))
    b.records.set('shape:2', shape(2))
    await waitFor(() => a.records.size === 2 && b.records.size === 2, 5000, 'convergence')
    expect(b.records.get('shape:1')).toEqual(shape(1))
    expect(a.records.get('shape:2')).toEqual(shape(2))
  })

  it('R3 a late joiner gets the whole state before it is told synced', async () => {
    const server = await start()
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    a.doc.transact(() => {
      for (let i = 0; i < 200; i++) a.records.set(`shape:${i}`, shape(i))
    })
    await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'persisted')
    const late = track(connectClient(server.wsUrl, board, { params: { token: server.admin.token } }))
    let sizeAtSync = -1
    late.provider.once('sync', () => {
      sizeAtSync = late.records.size
    })
    await waitFor(() => sizeAtSync >= 0, 5000, 'late joiner synced')
    expect(sizeAtSync).toBe(200)
  })

  it('R1 a restart reloads the board from disk', async () => {
    const server = await start()
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    a.records.set('shape:1', shape(1))
    a.records.set('shape:2', shape(2))
    a.records.delete('shape:1')
    await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) >= 3, 5000, 'persisted')
    a.destroy()
    await server.stop()
    const again = await start({ dataDir: server.dataDir, reuseAdmin: server.admin })
    const b = track(await connectSynced(again.wsUrl, board, { params: { token: again.admin.token } }))
    expect([...b.records.keys()]).toEqual(['shape:2'])
  })

  it('R12 compaction folds the log and keeps the document identical', async () => {
    const server = await start({ env: { COMPACT_AFTER_UPDATES: '20' } })
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    const moving = (i: number) => geoShape('shape:moving', i * 10)
    for (let i = 0; i < 100; i++) a.records.set('shape:moving', moving(i))
    await waitFor(() => server.registry.stats.compactions > 0, 5000, 'a compaction')
    await waitFor(() => !server.registry.peek(board)?.isBusy, 5000, 'room idle')
    const b = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    expect(b.records.get('shape:moving')).toEqual(moving(99))
    expect(Y.encodeStateVector(b.doc)).toEqual(Y.encodeStateVector(a.doc))
  })

  it('an open socket keeps only Pooled\'s listeners, not the request context of Hono\'s upgrade helper', async () => {
    const server = await start()
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    await waitFor(() => server.sockets.size === 1, 5000, 'socket registered')
    await new Promise((r) => setImmediate(r))
    const [socket] = [...server.sockets]
    // One message listener and one error listener (ours); close: ours and the ws server's client tracking.
    expect(socket?.listenerCount('message')).toBe(1)
    expect(socket?.listenerCount('error')).toBe(1)
    expect(socket?.listenerCount('close')).toBe(2)
    // Closing still leaves the room and drops the socket.
    a.provider.disconnect()
    await waitFor(() => server.sockets.size === 0 && (server.registry.peek(board)?.size ?? 0) === 0, 5000, 'socket gone')
  })

  it('R8 awareness is relayed and removed when a connection closes', async () => {
    const server = await start()
    const board = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    const b = track(await connectSynced(server.wsUrl, board, { params: { token: server.admin.token } }))
    a.provider.awareness.setLocalStateField('user', { name: 'Ann' })
    await waitFor(() => b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness relayed')
    // The server stamps the identity it knows, whatever the client claimed.
    expect((b.provider.awareness.getStates().get(a.doc.clientID) as { user: { name: string } }).user.name).toBe('Admin')
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness removed')
  })

  it('R6 rooms are isolated and an unknown board is refused', async () => {
    const server = await start()
    const one = await server.createBoard()
    const two = await server.createBoard()
    const a = track(await connectSynced(server.wsUrl, one, { params: { token: server.admin.token } }))
    const b = track(await connectSynced(server.wsUrl, two, { params: { token: server.admin.token } }))
    a.records.set('shape:only-in-one', geoShape('shape:only-in-one'))
    await waitFor(() => (server.registry.peek(one)?.lastSeq ?? 0) > 0, 5000, 'persisted')
    expect(b.records.size).toBe(0)
    const raw = rawConnect(`${server.wsUrl}/AAAAAAAAAAAAAAAAAAAAAA?token=${server.admin.token}`)
    await expect(raw.opened).rejects.toThrow('upgrade refused: 404')
  })
})
