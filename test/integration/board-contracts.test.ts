/**
 * A board's imported contracts over HTTP (issue 12 part 3): `GET /api/boards/:boardId/contracts` gives, per category
 * on the board and per participating body, the contracts that body imported linked to the category with the reason;
 * readers only (404 for others, like the board's spend); a confidential contract only to members of its importer.
 * Chorley (owner) and Preston (editor) imported Contracts Finder extracts; South Ribble reads the board; Wyre is not
 * on it. "Waste collection" carries CPV 90500000; "Grounds maintenance" only ProClass prefix 2412, and Chorley's spend
 * under it names idverde (seeded into the spend store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createCategory } from '../../shared/doc/planning-writers'
import { BoardContractsSchema, type BoardContracts } from '../../shared/schema/board-contracts-api'
import { ContractImportJobSchema, ContractListSchema } from '../../shared/schema/contracts-api'
import type { SpendDb } from '../../server/spend/spend-db'
import { extractFile } from '../support/contract-files'
import { openTestSpendDb, seedSpendFile } from '../support/seed-spend'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { waitFor } from '../support/wait-for'
import { connectSynced, type YClient } from '../support/yclient'

const AT = '2026-01-05T09:00:00.000Z'
let server: TestServer
let spendDb: SpendDb
let chorley: TestAccount
let chorley2: TestAccount
let preston: TestAccount
let southRibble: TestAccount
let wyre: TestAccount
let board: string
const clients: YClient[] = []

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
const org = (name: string, shortName: string) => ({ organisation: { name, shortName, colour: '#1f77b4' } })

async function writeAndPersist(room: string, token: string, write: (doc: Y.Doc) => void): Promise<void> {
  const writer = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(writer)
  write(writer.doc)
  await waitFor(() => writer.provider.synced && (writer.provider as unknown as { ws: { bufferedAmount: number } | null }).ws?.bufferedAmount === 0, 5000, 'flushed')
  const reader = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(reader)
  const { encodeStateVector } = await import('yjs')
  const sv = Buffer.from(encodeStateVector(writer.doc))
  await waitFor(() => Buffer.from(encodeStateVector(reader.doc)).equals(sv), 5000, `${room} persisted`)
}

async function importFile(who: TestAccount, filename: string, bytes: Uint8Array): Promise<void> {
  const res = await fetch(`${server.url}/api/orgs/${who.orgId}/contracts/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  expect(res.status).toBe(202)
  const { importId } = (await res.json()) as { importId: string }
  for (let i = 0; i < 400; i++) {
    const job = ContractImportJobSchema.parse(await (await server.api(who.token, 'GET', `/api/contracts/imports/${importId}`)).json())
    if (job.status === 'done') return
    if (job.status !== 'queued' && job.status !== 'running') throw new Error(`import ${job.status}: ${JSON.stringify(job.error)}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('import did not finish')
}

async function boardContracts(who: TestAccount): Promise<BoardContracts> {
  const res = await server.api(who.token, 'GET', `/api/boards/${board}/contracts`)
  expect(res.status).toBe(200)
  return BoardContractsSchema.parse(await res.json())
}

const titlesOf = (answer: BoardContracts, categoryId: string, orgId: string) =>
  answer.categories.find((c) => c.categoryId === categoryId)?.byOrg.find((o) => o.orgId === orgId)?.contracts.map((k) => k.title) ?? null

beforeAll(async () => {
  server = await startTestServer()
  chorley = await server.signup('Carol', undefined, org('Chorley Council', 'Chorley'))
  preston = await server.signup('Pat', undefined, org('Preston City Council', 'Preston'))
  southRibble = await server.signup('Sam', undefined, org('South Ribble Borough Council', 'South Ribble'))
  wyre = await server.signup('Wendy', undefined, org('Wyre Council', 'Wyre'))
  const invite = await server.api(chorley.token, 'POST', `/api/orgs/${chorley.orgId}/invites`, { role: 'member' })
  chorley2 = await server.signup('Chris', undefined, { orgInviteToken: ((await invite.json()) as { token: string }).token })
  board = await server.createBoard('Central Lancashire waste', chorley.token)
  for (const [who, role] of [[preston, 'editor'], [southRibble, 'viewer'], [chorley2, 'viewer']] as const) {
    expect((await server.api(chorley.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: who.userId, role })).status).toBe(200)
  }
  await writeAndPersist(board, chorley.token, (doc) => {
    must(createCategory(doc, { id: 'waste', name: 'Waste collection', cpvCodes: ['90500000'] }, chorley.userId, AT))
    must(createCategory(doc, { id: 'grounds', name: 'Grounds maintenance', spendCodes: ['2412'] }, chorley.userId, AT))
  })
  spendDb = openTestSpendDb(server.dataDir)
  seedSpendFile(spendDb, chorley.orgId, 'chorley_2025.csv', [
    { date: '2025-05-01', amountPence: 2_500_000, supplierName: 'IDVERDE LIMITED', code: '241200' },
    { date: '2025-06-01', amountPence: 800_000, supplierName: 'Veolia ES (UK) Ltd', code: '180100' },
  ])
  await importFile(chorley, 'chorley.json', extractFile('chorley', [
    { id: 'c0000000-0000-4000-8000-000000000001', title: 'Household waste collection', description: 'Collection of household waste for a period of 7 years.', organisation: 'Chorley Council', supplier: 'Veolia ES (UK) Ltd', awardedDate: '2024-04-01', valuePounds: 4_200_000, cpv: '90511000' },
    { id: 'c0000000-0000-4000-8000-000000000002', title: 'Parks grounds maintenance', description: 'For a period of 3 years.', organisation: 'Chorley Council', supplier: 'idverde Ltd', awardedDate: '2025-04-01', valuePounds: 300_000, cpv: '77310000' },
    { id: 'c0000000-0000-4000-8000-000000000003', title: 'Clinical waste collection', description: 'For a period of 2 years.', organisation: 'Chorley Council', supplier: 'Sharps Ltd', awardedDate: '2025-02-01', valuePounds: 40_000, cpv: '90524400' },
    { id: 'c0000000-0000-4000-8000-000000000004', title: 'Play area equipment', organisation: 'Chorley Council', supplier: 'HAGS SMP Ltd', awardedDate: '2025-01-10', valuePounds: 90_000, cpv: '37535200' },
  ]))
  await importFile(preston, 'preston.json', extractFile('preston', [
    { id: 'p0000000-0000-4000-8000-000000000001', title: 'Trade waste collection', description: 'A contract for a period of 5 years.', organisation: 'Preston City Council', supplier: 'Biffa Waste Services Ltd', awardedDate: '2025-07-01', valuePounds: 1_500_000, cpv: '90512000' },
  ]))
  await importFile(wyre, 'wyre.json', extractFile('wyre', [
    { id: 'w0000000-0000-4000-8000-000000000001', title: 'Wyre refuse collection', organisation: 'Wyre Council', supplier: 'Veolia ES (UK) Ltd', awardedDate: '2025-07-01', valuePounds: 2_000_000, cpv: '90511000' },
  ]))
  // Chorley marks its clinical waste contract confidential.
  const list = ContractListSchema.parse(await (await server.api(chorley.token, 'GET', `/api/orgs/${chorley.orgId}/contracts`)).json()).contracts
  const clinical = list.find((c) => c.title === 'Clinical waste collection')
  if (!clinical) throw new Error('no clinical waste contract')
  expect((await server.api(chorley.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${clinical.id}/confidential`, { confidential: true })).status).toBe(200)
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  spendDb?.close()
  await server?.destroy()
})

describe('GET /api/boards/:boardId/contracts', () => {
  it('is 404 for anyone who cannot read the board, 401 signed out, 400 for a bad id', async () => {
    expect((await server.api(wyre.token, 'GET', `/api/boards/${board}/contracts`)).status).toBe(404)
    expect((await server.api(null, 'GET', `/api/boards/${board}/contracts`)).status).toBe(401)
    expect((await server.api(chorley.token, 'GET', `/api/boards/${'x'.repeat(300)}/contracts`)).status).toBe(400)
  })

  it('gives each participating body its imported contracts linked to each category, with the reason', async () => {
    const answer = await boardContracts(southRibble)
    expect(answer.categories.map((c) => c.categoryId)).toEqual(['grounds', 'waste'])
    const waste = answer.categories.find((c) => c.categoryId === 'waste')
    expect(waste?.byOrg.map((o) => o.orgId).sort()).toEqual([chorley.orgId, preston.orgId, southRibble.orgId].sort())
    expect(titlesOf(answer, 'waste', chorley.orgId)).toEqual(['Household waste collection'])
    expect(titlesOf(answer, 'waste', preston.orgId)).toEqual(['Trade waste collection'])
    expect(titlesOf(answer, 'waste', southRibble.orgId)).toEqual([])
    const veolia = waste?.byOrg.find((o) => o.orgId === chorley.orgId)?.contracts[0]
    expect(veolia).toMatchObject({
      supplier: 'Veolia ES (UK) Ltd',
      valuePence: 420_000_000,
      cpvCodes: ['90511000'],
      noticeIds: ['c0000000-0000-4000-8000-000000000001'],
      endIsEstimated: true,
      linkReason: { kind: 'cpv', text: "CPV 90511000 is under the category's 90500000" },
      origin: 'notice',
      confidential: false,
    })
    expect(veolia?.endBasis.kind).toBe('wording')
    expect(veolia?.endBasis.quote).toMatch(/7 years/)
    expect(veolia?.end).toMatch(/^203[01]-/)
    expect(veolia?.source.filename).toBe('chorley.json')
    const biffa = waste?.byOrg.find((o) => o.orgId === preston.orgId)?.contracts[0]
    expect(biffa?.linkReason.text).toBe("CPV 90512000 is under the category's 90500000")
  })

  it("links by supplier where the category has no CPV codes and the body's spend names the supplier", async () => {
    const answer = await boardContracts(preston)
    const grounds = answer.categories.find((c) => c.categoryId === 'grounds')?.byOrg.find((o) => o.orgId === chorley.orgId)?.contracts
    expect(grounds?.map((k) => [k.title, k.linkReason.kind, k.linkReason.text])).toEqual([['Parks grounds maintenance', 'supplier', "supplier idverde Ltd is in this category's spend"]])
    // The waste contract is taken by CPV, so Veolia's presence in Chorley's spend pulls it nowhere else; play equipment links nowhere.
    expect(JSON.stringify(answer)).not.toContain('Play area equipment')
    // Wyre is not on the board: its contract never shows.
    expect(JSON.stringify(answer)).not.toContain('Wyre refuse collection')
  })

  it("shows a confidential contract to its importer's members only", async () => {
    for (const who of [chorley, chorley2]) {
      const mine = await boardContracts(who)
      expect(titlesOf(mine, 'waste', chorley.orgId)).toEqual(['Clinical waste collection', 'Household waste collection'])
      const clinical = mine.categories.find((c) => c.categoryId === 'waste')?.byOrg.find((o) => o.orgId === chorley.orgId)?.contracts[0]
      expect(clinical?.confidential).toBe(true)
    }
    for (const who of [preston, southRibble]) {
      const theirs = await boardContracts(who)
      expect(titlesOf(theirs, 'waste', chorley.orgId)).toEqual(['Household waste collection'])
      expect(JSON.stringify(theirs)).not.toContain('Clinical waste')
    }
  })

  it("puts the linked contracts in the board's report, as the caller may see them", async () => {
    const text = async (who: TestAccount) => {
      const res = await server.api(who.token, 'GET', `/api/boards/${board}/report.md`)
      expect(res.status).toBe(200)
      return res.text()
    }
    const theirs = await text(preston)
    expect(theirs).toContain('#### Imported contracts')
    expect(theirs).toMatch(/Household waste collection \| Veolia ES \(UK\) Ltd \|.*estimated from the wording.*from published notices: chorley\.json.*CPV 90511000 is under the category's 90500000 \| yes/)
    expect(theirs).toMatch(/Trade waste collection \| Biffa Waste Services Ltd/)
    expect(theirs).not.toContain('Clinical waste')
    // Preston's Biffa contract (5 years from Jul 2025) and Chorley's Veolia one (7 years from Apr 2024) end within 18
    // months of each other: a renewal window from imported contracts alone.
    expect(theirs).toMatch(/- (Chorley, Preston|Preston, Chorley): contracts end 2030-06-30 to 2031-03-31/)
    expect(await text(chorley)).toContain('Clinical waste collection')
  })
})
