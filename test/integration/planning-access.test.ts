/**
 * Organisation-owned planning data: a member of organisation B (an editor on the board) cannot change organisation
 * A's spend or contracts through the REST API, the stock y-websocket client or a hand-written websocket client.
 * A's organisation document, in storage and in the report, stays exactly as A wrote it; B's own figures still land.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { OrgId } from '../../shared/domain/ids'
import { readOrgData } from '../../shared/doc/planning-doc'
import { ENTRIES_KEY } from '../../shared/doc/planning-schema'
import { CloseCode, orgDocName } from '../../shared/wire/protocol'
import { createCategory, putContract, removeOrgEntry, setOrgEntry } from '../../shared/doc/planning-writers'
import { loadStoredDoc } from '../../server/reports/board-planning-report'
import { encodeStateVector, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../server/sync/protocol'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'

const AT = '2025-06-01T09:00:00.000Z'
const ANN_ENTRY = { annualSpend: 8_000_000, supplierCount: 2, mainSuppliers: ['Acme Tyres Ltd'], notes: 'from the 2024/25 ledger', sourceLineIds: [] }
const ANN_CONTRACT = { id: 'lcc-tyres-1', categoryId: 'tyres', supplier: 'Acme Tyres Ltd', start: '2028-04-01', end: '2031-03-31', extensionOptions: [], value: 32_000_000 }

let server: TestServer
let ann: TestAccount
let bob: TestAccount
let board: string
let docA: string
const clients: YClient[] = []
const connect = async (room: string, token: string) => {
  const c = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(c)
  return c
}
const org = (name: string, shortName: string) => ({ organisation: { name, shortName, colour: '#2ca02c' } })

/** What storage holds for A's document, read back the way the report reads it. */
async function storedOrgA() {
  const doc = await loadStoredDoc(server.storage.docs, docA)
  const read = readOrgData(doc, ann.orgId as OrgId)
  doc.destroy()
  return read
}

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', undefined, org('Lancashire County Council', 'LCC'))
  bob = await server.signup('Bob', undefined, org('Lancashire Constabulary', 'LC'))
  board = await server.createBoard('Fleet', ann.token)
  docA = orgDocName(board, ann.orgId)
  expect((await server.api(ann.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: bob.userId, role: 'editor' })).status).toBe(200)
  const boardClient = await connect(board, ann.token)
  expect(createCategory(boardClient.doc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, ann.userId, AT).ok).toBe(true)
  const annSide = await connect(docA, ann.token)
  expect(setOrgEntry(annSide.doc, 'tyres', ANN_ENTRY).ok).toBe(true)
  expect(putContract(annSide.doc, ANN_CONTRACT).ok).toBe(true)
  await waitFor(async () => (await storedOrgA()).value.contracts.length === 1, 5000, "A's figures persisted")
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.destroy()
})

describe("organisation B cannot change organisation A's spend", () => {
  it('through the REST API: there is no route that writes organisation figures', async () => {
    const attempts: Array<[string, string]> = [
      ['PUT', `/api/boards/${board}/report.csv`],
      ['POST', `/api/boards/${board}/report.md`],
      ['PATCH', `/api/boards/${board}/orgs/${ann.orgId}/entries/tyres`],
      ['PUT', `/api/boards/${board}/orgs/${ann.orgId}/entries/tyres`],
      ['POST', `/api/boards/${board}/docs/${docA}`],
      ['DELETE', `/api/boards/${board}/orgs/${ann.orgId}/contracts/lcc-tyres-1`],
    ]
    for (const [method, path] of attempts) {
      const res = await server.api(bob.token, method, path, { annualSpend: 1 })
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    expect((await storedOrgA()).value.entries[0]?.annualSpend).toBe(8_000_000)
  })

  it('through the websocket, with the stock client and a hand-written one; B can still write its own figures', async () => {
    const before = await storedOrgA()
    // Stock client: B's writers succeed locally (B holds a replica) but the server drops every write (R7).
    const bobReplica = await connect(docA, bob.token)
    await waitFor(() => bobReplica.doc.getMap(ENTRIES_KEY).has('tyres'), 5000, 'B reads A figures')
    expect(setOrgEntry(bobReplica.doc, 'tyres', { ...ANN_ENTRY, annualSpend: 1 }).ok).toBe(true)
    expect(putContract(bobReplica.doc, { ...ANN_CONTRACT, value: 1 }).ok).toBe(true)
    expect(setOrgEntry(bobReplica.doc, 'legal', { ...ANN_ENTRY, annualSpend: 99 }).ok).toBe(true)
    expect(removeOrgEntry(bobReplica.doc, 'tyres').ok).toBe(true)

    // Hand-written client: an update message and an unsolicited sync step 2, both forging A's spend.
    const raw = rawConnect(`${server.wsUrl}/${docA}?token=${bob.token}`)
    await raw.opened
    const forged = new Y.Doc()
    const annView = await connect(docA, ann.token)
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(annView.doc))
    const sv = Y.encodeStateVector(forged)
    expect(setOrgEntry(forged, 'tyres', { ...ANN_ENTRY, annualSpend: 2 }).ok).toBe(true)
    raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
    raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged, sv)))
    expect(setOrgEntry(forged, 'tyres', { ...ANN_ENTRY, annualSpend: 3 }).ok).toBe(true)
    raw.ws.send(encodeSyncStep2(Y.encodeStateAsUpdate(forged, sv)))
    // A connection's frames are handled in order: the answer to a later sync step 1 (a sync step 2, bytes 0 1)
    // proves both forgeries were processed.
    const seen = raw.messages.length
    raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
    await waitFor(() => raw.messages.slice(seen).some((m) => m[0] === 0 && m[1] === 1), 5000, 'raw client answered')

    // B's own organisation document takes B's figures.
    const bobOwn = await connect(orgDocName(board, bob.orgId), bob.token)
    expect(setOrgEntry(bobOwn.doc, 'tyres', { ...ANN_ENTRY, annualSpend: 4_500_050 }).ok).toBe(true)

    // A's own later edit is the marker: once it is stored, anything B sent earlier would have been too.
    expect(setOrgEntry(annView.doc, 'marker', { ...ANN_ENTRY, annualSpend: 5 }).ok).toBe(true)
    await waitFor(async () => (await storedOrgA()).value.entries.some((e) => e.categoryId === 'marker'), 5000, "A's marker stored")
    const after = await storedOrgA()
    expect(after.problems).toEqual([])
    expect(after.value.entries.filter((e) => e.categoryId !== 'marker')).toEqual(before.value.entries)
    expect(after.value.contracts).toEqual(before.value.contracts)
    // A fresh reader sees the same: nothing of B's reached the room either.
    const fresh = await connect(docA, ann.token)
    expect(readOrgData(fresh.doc, ann.orgId as OrgId).value.entries.find((e) => e.categoryId === 'tyres')?.annualSpend).toBe(8_000_000)
    expect(fresh.doc.getMap(ENTRIES_KEY).has('legal')).toBe(false)
    raw.ws.close()

    // The report, from storage, has A's figure and B's own.
    const bobStored = async () => {
      const doc = await loadStoredDoc(server.storage.docs, orgDocName(board, bob.orgId))
      const read = readOrgData(doc, bob.orgId as OrgId)
      doc.destroy()
      return read.value.entries
    }
    await waitFor(async () => (await bobStored()).length === 1, 5000, "B's own figures stored")
    const csv = await (await server.api(ann.token, 'GET', `/api/boards/${board}/report.csv`)).text()
    expect(csv).toContain(`,organisation,${ann.orgId},Lancashire County Council,"£80,000.00",8000000,`)
    expect(csv).toContain(`,organisation,${bob.orgId},Lancashire Constabulary,"£45,000.50",4500050,`)
  })

  it('entries written into the shared board document are refused (R15): figures come only from organisation documents', async () => {
    for (const root of [ENTRIES_KEY, `${ENTRIES_KEY}:${ann.orgId}`]) {
      const raw = rawConnect(`${server.wsUrl}/${board}?token=${bob.token}`)
      await raw.opened
      const forged = new Y.Doc()
      forged.getMap(root).set('tyres', { ...ANN_ENTRY, annualSpend: 1 })
      raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)))
      expect((await raw.closed).code).toBe(CloseCode.StructureRefused)
    }
    const check = await connect(board, ann.token)
    expect(check.doc.share.has(ENTRIES_KEY)).toBe(false)
    const md = await (await server.api(ann.token, 'GET', `/api/boards/${board}/report.md`)).text()
    expect(md).toContain('| Lancashire County Council | £80,000.00 |')
    expect(md).not.toContain('£0.01')
  })
})
