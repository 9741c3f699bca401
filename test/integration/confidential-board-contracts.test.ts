/**
 * Confidential hand-entered contracts (docs/planning-doc.md, `<boardId>~private~<orgId>`), with the stock y-websocket
 * client and a hand-written one: a member of organisation A opens and writes A's confidential document; a viewer of A
 * reads it but cannot write; a reader of the board from organisation B cannot open it, nor guess it for another
 * organisation; the report for B holds nothing of it, A's report marks it; deleting the board removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { OrgId } from '../../shared/domain/ids'
import { readOrgData } from '../../shared/doc/planning-doc'
import { CONTRACTS_KEY, ENTRIES_KEY } from '../../shared/doc/planning-schema'
import { CloseCode, orgDocName, privateDocName } from '../../shared/wire/protocol'
import { createCategory, placeContract, putContract, setOrgEntry } from '../../shared/doc/planning-writers'
import { loadStoredDoc } from '../../server/reports/board-planning-report'
import { encodeStateVector, encodeSyncStep1, encodeSyncUpdate } from '../../server/sync/protocol'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'

const AT = '2025-06-01T09:00:00.000Z'
const SECRET = { id: 'lcc-tyres-secret', categoryId: 'tyres', supplier: 'Hushed Tyres Ltd', start: '2028-04-01', end: '2031-03-31', extensionOptions: [], value: 32_000_000, reference: 'LCC/SECRET/9' }
const OPEN = { id: 'lcc-tyres-open', categoryId: 'tyres', supplier: 'Open Tyres Ltd', end: '2030-03-31', extensionOptions: [] }

let server: TestServer
let ann: TestAccount
let amy: TestAccount
let bob: TestAccount
let board: string
let privateA: string
const clients: YClient[] = []
const connect = async (room: string, token: string) => {
  const c = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(c)
  return c
}
const org = (name: string, shortName: string) => ({ organisation: { name, shortName, colour: '#2ca02c' } })

/** A's confidential contracts as storage holds them. */
async function storedPrivateIds(boardId = board): Promise<string[]> {
  const doc = await loadStoredDoc(server.storage.docs, privateDocName(boardId, ann.orgId))
  const ids = [...doc.getMap(CONTRACTS_KEY).keys()].sort()
  doc.destroy()
  return ids
}

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', undefined, org('Lancashire County Council', 'LCC'))
  const invite = await server.api(ann.token, 'POST', `/api/orgs/${ann.orgId}/invites`, { role: 'member' })
  amy = await server.signup('Amy', undefined, { orgInviteToken: ((await invite.json()) as { token: string }).token })
  bob = await server.signup('Bob', undefined, org('Lancashire Constabulary', 'LC'))
  board = await server.createBoard('Fleet', ann.token)
  privateA = privateDocName(board, ann.orgId)
  for (const [who, role] of [[bob, 'editor'], [amy, 'viewer']] as const) {
    expect((await server.api(ann.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: who.userId, role })).status).toBe(200)
  }
  const boardClient = await connect(board, ann.token)
  expect(createCategory(boardClient.doc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, ann.userId, AT).ok).toBe(true)
  const annOrg = await connect(orgDocName(board, ann.orgId), ann.token)
  expect(setOrgEntry(annOrg.doc, 'tyres', { annualSpend: 8_000_000, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [] }).ok).toBe(true)
  expect(putContract(annOrg.doc, OPEN).ok).toBe(true)
  expect(putContract(annOrg.doc, SECRET).ok).toBe(true)
  // Ann marks the contract confidential: it moves (same id) from A's organisation document to A's confidential one.
  const annPrivate = await connect(privateA, ann.token)
  expect(placeContract({ orgDoc: annOrg.doc, privateDoc: annPrivate.doc }, SECRET, true).ok).toBe(true)
  await waitFor(async () => (await storedPrivateIds()).includes(SECRET.id), 5000, 'confidential contract stored')
  await waitFor(async () => {
    const doc = await loadStoredDoc(server.storage.docs, orgDocName(board, ann.orgId))
    const gone = !doc.getMap(CONTRACTS_KEY).has(SECRET.id) && doc.getMap(CONTRACTS_KEY).has(OPEN.id)
    doc.destroy()
    return gone
  }, 5000, 'moved out of the organisation document')
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.destroy()
})

describe("organisation A's confidential document", () => {
  it('a member of A reads it, merged into A’s contracts and marked', async () => {
    const annPrivate = await connect(privateA, ann.token)
    const annOrg = await connect(orgDocName(board, ann.orgId), ann.token)
    const read = readOrgData(annOrg.doc, ann.orgId as OrgId, annPrivate.doc)
    expect(read.problems).toEqual([])
    expect(read.value.contracts.map((c) => [c.id, c.isConfidential ?? false])).toEqual([[OPEN.id, false], [SECRET.id, true]])
  })

  it('a viewer of A reads it but the server drops what she writes', async () => {
    const amyPrivate = await connect(privateA, amy.token)
    expect(amyPrivate.doc.getMap(CONTRACTS_KEY).has(SECRET.id)).toBe(true)
    expect(putContract(amyPrivate.doc, { ...SECRET, id: 'amy-forged', supplier: 'Viewer Ltd' }).ok).toBe(true)
    // Ann's own later write is the marker: once it is stored, anything Amy sent earlier would have been too.
    const annPrivate = await connect(privateA, ann.token)
    expect(putContract(annPrivate.doc, { ...SECRET, id: 'marker' }).ok).toBe(true)
    await waitFor(async () => (await storedPrivateIds()).includes('marker'), 5000, "Ann's marker stored")
    expect(await storedPrivateIds()).toEqual(['lcc-tyres-secret', 'marker'])
    annPrivate.doc.getMap(CONTRACTS_KEY).delete('marker')
    await waitFor(async () => !(await storedPrivateIds()).includes('marker'), 5000, 'marker removed')
  })

  it('an editor of the board from B cannot open it, with the stock client or a hand-written one', async () => {
    const raw = rawConnect(`${server.wsUrl}/${privateA}?token=${bob.token}`)
    // Refused like any room the caller may not read: the same 404 as a board that does not exist.
    await expect(raw.opened).rejects.toThrow('upgrade refused: 404')
    // A's organisation document (its other contracts) B still reads, without the confidential one.
    const bobReadsA = await connect(orgDocName(board, ann.orgId), bob.token)
    const contracts = bobReadsA.doc.getMap(CONTRACTS_KEY)
    expect([...contracts.keys()]).toEqual([OPEN.id])
    expect(JSON.stringify(bobReadsA.doc.toJSON())).not.toContain('Hushed')
  })

  it('nobody can open another organisation’s confidential document, or one of an unknown organisation', async () => {
    for (const [name, who] of [[privateDocName(board, bob.orgId), ann], [privateDocName(board, bob.orgId), amy], [privateDocName(board, 'nosuchorg'), ann]] as const) {
      const raw = rawConnect(`${server.wsUrl}/${name}?token=${who.token}`)
      await expect(raw.opened, name).rejects.toThrow('upgrade refused: 404')
    }
    // B opens its own.
    const bobOwn = await connect(privateDocName(board, bob.orgId), bob.token)
    expect(bobOwn.doc.getMap(CONTRACTS_KEY).size).toBe(0)
  })

  it('holds only contracts: an entry written into it is refused', async () => {
    const raw = rawConnect(`${server.wsUrl}/${privateA}?token=${ann.token}`)
    await raw.opened
    const forged = new Y.Doc()
    forged.getMap(ENTRIES_KEY).set('tyres', { annualSpend: 1, supplierCount: 0, mainSuppliers: [], notes: '', sourceLineIds: [] })
    raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
    raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)))
    expect((await raw.closed).code).toBe(CloseCode.StructureRefused)
    // And a value that is not a contract under `contracts`.
    const raw2 = rawConnect(`${server.wsUrl}/${privateA}?token=${ann.token}`)
    await raw2.opened
    const notContract = new Y.Doc()
    notContract.getMap(CONTRACTS_KEY).set('x', { annualSpend: 1, supplierCount: 0, mainSuppliers: [], notes: '', sourceLineIds: [] })
    raw2.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(notContract)))
    expect((await raw2.closed).code).toBe(CloseCode.InvalidUpdate)
    expect(await storedPrivateIds()).toEqual([SECRET.id])
  })
})

describe('losing access', () => {
  it('a member whose share is removed is closed with 4403 and cannot open it again', async () => {
    const invite = await server.api(ann.token, 'POST', `/api/orgs/${ann.orgId}/invites`, { role: 'member' })
    const alf = await server.signup('Alf', undefined, { orgInviteToken: ((await invite.json()) as { token: string }).token })
    expect((await server.api(ann.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: alf.userId, role: 'viewer' })).status).toBe(200)
    const raw = rawConnect(`${server.wsUrl}/${privateA}?token=${alf.token}`)
    await raw.opened
    expect((await server.api(ann.token, 'DELETE', `/api/boards/${board}/shares/user/${alf.userId}`)).status).toBe(200)
    expect((await raw.closed).code).toBe(CloseCode.AccessRevoked)
    await expect(rawConnect(`${server.wsUrl}/${privateA}?token=${alf.token}`).opened).rejects.toThrow('upgrade refused: 404')
  })
})

describe('the report', () => {
  it('for B holds nothing of A’s confidential contract; for A it is there, marked', async () => {
    for (const ext of ['md', 'csv']) {
      const forBob = await (await server.api(bob.token, 'GET', `/api/boards/${board}/report.${ext}`)).text()
      expect(forBob).toContain('Open Tyres Ltd')
      expect(forBob).not.toContain('Hushed')
      expect(forBob).not.toContain('LCC/SECRET/9')
      const forAnn = await (await server.api(ann.token, 'GET', `/api/boards/${board}/report.${ext}`)).text()
      expect(forAnn).toContain('Hushed Tyres Ltd')
      expect(forAnn).toContain('Confidential: only LCC members see this contract')
      // A viewer of A is a member too.
      expect(await (await server.api(amy.token, 'GET', `/api/boards/${board}/report.${ext}`)).text()).toContain('Hushed Tyres Ltd')
    }
  })
})

describe('deleting the board', () => {
  it('removes the confidential document too', async () => {
    const other = await server.createBoard('To delete', ann.token)
    const c = await connect(privateDocName(other, ann.orgId), ann.token)
    expect(putContract(c.doc, SECRET).ok).toBe(true)
    await waitFor(async () => (await storedPrivateIds(other)).length === 1, 5000, 'stored')
    expect((await server.api(ann.token, 'DELETE', `/api/boards/${other}`)).status).toBe(204)
    await waitFor(() => c.provider.wsconnected === false, 5000, 'closed')
    expect(await storedPrivateIds(other)).toEqual([])
  })
})
