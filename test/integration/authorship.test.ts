/**
 * R16 from outside, with a raw client: a shape's creator is its first writer and never changes. Forging `createdBy`
 * on a new shape, or changing the creator of an existing one, closes the connection with 4007 and stores nothing;
 * honest creation, editing by others and an undo of a delete (the shape comes back with its creator) are accepted,
 * also after the room was unloaded and its creators re-read from storage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncStep1, encodeSyncUpdate, encodeStateVector } from '../../server/sync/protocol'
import { CloseCode } from '../../shared/wire/protocol'
import { rawConnect, type RawClient } from '../support/raw-ws'
import { geoShape } from '../support/tl-records'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { waitFor } from '../support/wait-for'
import { connectSynced, type YClient } from '../support/yclient'

let server: TestServer
let ann: TestAccount
let bob: TestAccount
let board: string
let annClient: YClient
const clients: YClient[] = []

const author = (who: TestAccount) => ({ userId: who.userId, name: who === ann ? 'Ann' : 'Bob', orgId: who.orgId, orgShortName: 'X' })
const shape = (id: string, creator: TestAccount | null, editor: TestAccount, x = 0) =>
  geoShape(id, x, {
    meta: { ...(creator ? { createdBy: author(creator), createdAt: '2026-12-04T10:00:00.000Z' } : {}), updatedBy: author(editor), updatedAt: '2026-12-04T10:00:00.000Z' },
  })

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', 'Lancashire County Council')
  bob = await server.signup('Bob', 'Lancashire Constabulary')
  board = await server.createBoard('Fleet', ann.token)
  await server.api(ann.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: bob.userId, role: 'editor' })
  annClient = await connectSynced(server.wsUrl, board, { params: { token: ann.token } })
  clients.push(annClient)
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.destroy()
})

/** A raw connection as `who`, holding a replica of the board as it is now. */
async function rawAs(who: TestAccount): Promise<{ raw: RawClient; doc: Y.Doc }> {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(annClient.doc))
  const raw = rawConnect(`${server.wsUrl}/${board}?token=${who.token}`)
  await raw.opened
  raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
  return { raw, doc }
}

/** Write with a raw connection as `who`; resolves with the close code, or 'open' once the write reached Ann. */
async function writeAs(who: TestAccount, edit: (records: Y.Map<unknown>) => void, arrived: () => boolean): Promise<number | 'open'> {
  const { raw, doc } = await rawAs(who)
  const sv = Y.encodeStateVector(doc)
  edit(doc.getMap('tl_records'))
  raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc, sv)))
  let code: number | null = null
  void raw.closed.then((c) => (code = c.code))
  await waitFor(() => code !== null || arrived(), 5000, 'refused or arrived')
  raw.ws.close()
  return code ?? 'open'
}

const creatorOf = (id: string) => ((annClient.records.get(id) as { meta?: { createdBy?: { userId: string } } } | undefined)?.meta?.createdBy?.userId)

describe('R16 authorship', () => {
  it('a new shape naming someone else as its creator is refused with 4007 and not stored', async () => {
    const before = server.registry.peek(board)?.lastSeq
    const code = await writeAs(bob, (r) => r.set('shape:forged', shape('shape:forged', ann, bob)), () => annClient.records.has('shape:forged'))
    expect(code).toBe(CloseCode.AuthorshipRefused)
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    expect(annClient.records.has('shape:forged')).toBe(false)
  })

  it('honest creation, and editing by someone else who keeps the creator, are accepted', async () => {
    annClient.records.set('shape:owned', shape('shape:owned', ann, ann))
    await waitFor(() => (server.registry.peek(board)?.lastSeq ?? 0) > 0, 5000, 'stored')
    const code = await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', ann, bob, 50)), () => (annClient.records.get('shape:owned') as { x: number }).x === 50)
    expect(code).toBe('open')
    expect(creatorOf('shape:owned')).toBe(ann.userId)
    const bobsOwn = await writeAs(bob, (r) => r.set('shape:bobs', shape('shape:bobs', bob, bob)), () => annClient.records.has('shape:bobs'))
    expect(bobsOwn).toBe('open')
  })

  it("changing the creator of an existing shape is refused with 4007, also to no one", async () => {
    const before = server.registry.peek(board)?.lastSeq
    expect(await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', bob, bob, 60)), () => false)).toBe(CloseCode.AuthorshipRefused)
    expect(await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', null, bob, 61)), () => false)).toBe(CloseCode.AuthorshipRefused)
    expect(server.registry.peek(board)?.lastSeq).toBe(before)
    expect(creatorOf('shape:owned')).toBe(ann.userId)
  })

  it('an undo of a delete (the shape comes back with its creator) is accepted', async () => {
    expect(await writeAs(bob, (r) => r.delete('shape:owned'), () => !annClient.records.has('shape:owned'))).toBe('open')
    expect(await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', ann, bob, 70)), () => annClient.records.has('shape:owned'))).toBe('open')
    expect(creatorOf('shape:owned')).toBe(ann.userId)
  })

  it('after the room is unloaded, creators are read back from storage', async () => {
    await waitFor(() => !server.registry.peek(board)?.isBusy, 5000, 'writes committed')
    server.registry.evict(board, CloseCode.ServiceRestart, 'test: reload the room')
    await waitFor(() => annClient.provider.synced && annClient.provider.wsconnected, 10_000, 'ann reconnected')
    expect(await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', bob, bob, 80)), () => false)).toBe(CloseCode.AuthorshipRefused)
    expect(await writeAs(bob, (r) => r.set('shape:owned', shape('shape:owned', ann, bob, 81)), () => (annClient.records.get('shape:owned') as { x: number }).x === 81)).toBe('open')
  })

  it('a forged update held for a missing dependency is checked when it is applied (R14 + R16)', async () => {
    const { raw, doc } = await rawAs(bob)
    const records = doc.getMap('tl_records')
    const sv0 = Y.encodeStateVector(doc)
    records.set('shape:first', shape('shape:first', bob, bob))
    const first = Y.encodeStateAsUpdate(doc, sv0)
    const sv1 = Y.encodeStateVector(doc)
    records.set('shape:held', shape('shape:held', ann, bob))
    const second = Y.encodeStateAsUpdate(doc, sv1)
    raw.ws.send(encodeSyncUpdate(second)) // held: it continues a clock range the room has not seen yet
    raw.ws.send(encodeSyncUpdate(first))
    expect((await raw.closed).code).toBe(CloseCode.AuthorshipRefused)
    const fresh = await connectSynced(server.wsUrl, board, { params: { token: ann.token } })
    clients.push(fresh)
    expect(fresh.records.has('shape:held')).toBe(false)
  })

  it('the last editor must be the writer, with their own organisation', async () => {
    const forgedOrg = { ...shape('shape:org', bob, bob), meta: { createdBy: author(bob), updatedBy: { ...author(bob), orgId: ann.orgId } } }
    expect(await writeAs(bob, (r) => r.set('shape:org', forgedOrg), () => false)).toBe(CloseCode.AuthorshipRefused)
  })
})
