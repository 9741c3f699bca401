/**
 * Malformed planning values are refused at the server (issue 10, B3): a member's hand-written client writes a
 * malformed entry into its own organisation's document, or a value no planning writer writes into the board
 * document; the connection is closed with 4002, nothing is stored, and the board and its figures still load for
 * everyone. Well-formed writes through the real writers still land. Rule: shared/doc/planning-value-check.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { OrgId } from '../../shared/domain/ids'
import { readCategories, readOrgData } from '../../shared/doc/planning-doc'
import { CATEGORIES_KEY, CONTRACTS_KEY, ENTRIES_KEY, OPPORTUNITIES_KEY } from '../../shared/doc/planning-schema'
import { orgDocName } from '../../shared/wire/protocol'
import { addMilestone, createCategory, setOrgEntry, setSpecificationText } from '../../shared/doc/planning-writers'
import { loadStoredDoc } from '../../server/reports/board-planning-report'
import { encodeStateVector, encodeSyncStep1, encodeSyncUpdate } from '../../server/sync/protocol'
import { rawConnect } from '../support/raw-ws'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'

const AT = '2025-06-01T09:00:00.000Z'
const ENTRY = { annualSpend: 8_000_000, supplierCount: 2, mainSuppliers: ['Acme Tyres Ltd'], notes: '', sourceLineIds: [] }

let server: TestServer
let ann: TestAccount
let board: string
let docA: string
const clients: YClient[] = []
const connect = async (room: string) => {
  const c = await connectSynced(server.wsUrl, room, { params: { token: ann.token } })
  clients.push(c)
  return c
}

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', undefined, { organisation: { name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' } })
  board = await server.createBoard('Fleet', ann.token)
  docA = orgDocName(board, ann.orgId)
  const boardClient = await connect(board)
  expect(createCategory(boardClient.doc, { id: 'tyres', name: 'Fleet tyres' }, ann.userId, AT).ok).toBe(true)
  const orgClient = await connect(docA)
  expect(setOrgEntry(orgClient.doc, 'tyres', ENTRY).ok).toBe(true)
  await waitFor(async () => {
    const doc = await loadStoredDoc(server.storage.docs, docA)
    const n = readOrgData(doc, ann.orgId as OrgId).value.entries.length
    doc.destroy()
    return n === 1
  }, 5000, 'entry stored')
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.destroy()
})

/**
 * Sends, from a hand-written client on `room`, the update `write` makes on a replica of what the room holds, and
 * returns how the server closed the connection (or null if it answered a later sync step 1 instead).
 */
async function sendRaw(room: string, write: (doc: Y.Doc) => void): Promise<{ code: number; reason: string } | null> {
  const view = await connect(room)
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(view.doc))
  const sv = Y.encodeStateVector(replica)
  write(replica)
  const raw = rawConnect(`${server.wsUrl}/${room}?token=${ann.token}`)
  await raw.opened
  raw.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(replica, sv)))
  const seen = raw.messages.length
  raw.ws.send(encodeSyncStep1(encodeStateVector(new Map())))
  const answered = waitFor(() => raw.messages.slice(seen).some((m) => m[0] === 0 && m[1] === 1), 5000, 'answered').then(() => null)
  const result = await Promise.race([raw.closed, answered])
  raw.ws.close()
  return result
}

describe('organisation documents refuse malformed entries and contracts', () => {
  it.each([
    ['an entry with spend as text', (d: Y.Doc) => d.getMap(ENTRIES_KEY).set('tyres', { ...ENTRY, annualSpend: 'lots' })],
    ['an entry with fractional pence', (d: Y.Doc) => d.getMap(ENTRIES_KEY).set('legal', { ...ENTRY, annualSpend: 10.5 })],
    ['a contract ending before it starts', (d: Y.Doc) => d.getMap(CONTRACTS_KEY).set('c1', { id: 'c1', categoryId: 'tyres', supplier: 'Acme', start: '2030-01-01', end: '2029-01-01', extensionOptions: [], value: 1 })],
    ['a plain string', (d: Y.Doc) => d.getMap(ENTRIES_KEY).set('tyres', 'nonsense')],
  ])('%s: closed with 4002, nothing stored, the figures still load', async (_what, write) => {
    const closed = await sendRaw(docA, write)
    expect(closed?.code).toBe(4002)
    expect(closed?.reason).toMatch(/^update refused: /)
    const fresh = await connect(docA)
    const read = readOrgData(fresh.doc, ann.orgId as OrgId)
    expect(read.problems).toEqual([])
    expect(read.value.entries.map((e) => [e.categoryId, e.annualSpend])).toEqual([['tyres', 8_000_000]])
    expect(read.value.contracts).toEqual([])
  })

  it('a well-formed entry from the same kind of client is stored', async () => {
    expect(await sendRaw(docA, (d) => d.getMap(ENTRIES_KEY).set('legal', { ...ENTRY, annualSpend: 1_000 }))).toBeNull()
    const fresh = await connect(docA)
    await waitFor(() => fresh.doc.getMap(ENTRIES_KEY).has('legal'), 5000, 'entry arrives')
  })
})

describe('the board document refuses values no planning writer writes', () => {
  it.each([
    ['an old whole-value plan object', (d: Y.Doc) => (d.getMap(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>).set('plan', { objectives: 'x' })],
    ['an opportunity card with an unknown status', (d: Y.Doc) => d.getMap(OPPORTUNITIES_KEY).set('o1', { id: 'o1', title: 'Joint', categoryIds: ['tyres'], status: 'maybe', note: '', createdAt: AT, createdBy: 'u' })],
    ['a list that is not CPV codes', (d: Y.Doc) => (d.getMap(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>).set('cpvCodes', [{ deep: true }])],
    ['a text beyond any field', (d: Y.Doc) => (d.getMap(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>).set('spec.need', 'x'.repeat(2001))],
  ])('%s: closed with 4002, and the board still opens', async (_what, write) => {
    const closed = await sendRaw(board, write)
    expect(closed?.code).toBe(4002)
    const fresh = await connect(board)
    const read = readCategories(fresh.doc)
    expect(read.problems).toEqual([])
    expect(read.value.map((c) => c.name)).toEqual(['Fleet tyres'])
  })

  it('the part-by-part writers are accepted', async () => {
    const writer = await connect(board)
    expect(setSpecificationText(writer.doc, 'tyres', 'need', 'Tyres within 24h').ok).toBe(true)
    expect(addMilestone(writer.doc, 'tyres', { title: 'Award', owner: 'Ann', due: '2026-06-30' }, 'm1').ok).toBe(true)
    const fresh = await connect(board)
    await waitFor(() => readCategories(fresh.doc).value[0]?.plan.milestones.length === 1, 5000, 'milestone arrives')
    expect(readCategories(fresh.doc).value[0]?.specification.need).toBe('Tyres within 24h')
  })
})
