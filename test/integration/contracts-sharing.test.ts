/**
 * Contracts across organisations (issue 12): the same notice imported by two councils is one notice, one joint
 * procurement and one contract in both councils' lists; a confidential contract is hidden from everyone outside the
 * organisations that imported it; buyer names confirmed or rejected by a person change whose contracts are whose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BuyerMatchListSchema, ContractImportJobSchema, ContractListSchema, JointListSchema, type ContractImportJob } from '../../shared/schema/contracts-api'
import { extractFile } from '../support/contract-files'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

let server: TestServer
let chorley: TestAccount
let chorley2: TestAccount
let southRibble: TestAccount
let preston: TestAccount

const SHARED = '5e553c51-0000-4000-8000-00000000aaaa'
const sharedNotice = {
  id: SHARED,
  title: 'Supply of battery powered machinery for Chorley Council and South Ribble Borough Council',
  description: 'Battery powered grounds machinery for a period of 4 years.',
  organisation: 'Chorley Council and South Ribble Borough Council',
  supplier: 'Greenfields Machinery Ltd',
  awardedDate: '2025-03-01',
  valuePounds: 120000,
  cpv: '16000000',
}

beforeAll(async () => {
  server = await startTestServer()
  chorley = await server.signup('Carol', 'Chorley Council')
  southRibble = await server.signup('Sam', 'South Ribble Borough Council')
  preston = await server.signup('Pat', 'Preston City Council')
  const invite = await server.api(chorley.token, 'POST', `/api/orgs/${chorley.orgId}/invites`, { role: 'member' })
  const token = ((await invite.json()) as { token?: string }).token
  if (!token) throw new Error('no invite token')
  chorley2 = await server.signup('Chris', undefined, { orgInviteToken: token })
})
afterAll(async () => {
  await server.destroy()
})

async function importFile(who: TestAccount, filename: string, bytes: Uint8Array): Promise<ContractImportJob> {
  const res = await fetch(`${server.url}/api/orgs/${who.orgId}/contracts/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  expect(res.status).toBe(202)
  const { importId } = (await res.json()) as { importId: string }
  for (let i = 0; i < 400; i++) {
    const job = ContractImportJobSchema.parse(await (await server.api(who.token, 'GET', `/api/contracts/imports/${importId}`)).json())
    if (job.status !== 'queued' && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('import did not finish')
}

async function contractsOf(who: TestAccount, orgId: string) {
  const res = await server.api(who.token, 'GET', `/api/orgs/${orgId}/contracts`)
  expect(res.status).toBe(200)
  return ContractListSchema.parse(await res.json()).contracts
}

describe('the same notice imported by two councils', () => {
  it('is stored once: the second import only adds a source', async () => {
    const a = await importFile(chorley, 'chorley.json', extractFile('chorley', [
      sharedNotice,
      { id: 'c0000000-0000-4000-8000-000000000001', title: 'Play area equipment', organisation: 'Chorley Borough Council', supplier: 'HAGS SMP Ltd', awardedDate: '2025-01-10', valuePounds: 90000, cpv: '37535200' },
    ]))
    expect(a.result).toMatchObject({ notices: 2, contracts: 2, noticesAlreadyKnown: 0 })
    const b = await importFile(southRibble, 'south_ribble.json', extractFile('south_ribble', [
      sharedNotice,
      { id: 's0000000-0000-4000-8000-000000000001', title: 'Leisure centre cleaning', organisation: 'SOUTH RIBBLE BOROUGH COUNCIL', supplier: 'Bright Clean Ltd', awardedDate: '2025-02-01', valuePounds: 50000, cpv: '90910000' },
    ]))
    expect(b.result).toMatchObject({ notices: 2, contracts: 2, noticesAlreadyKnown: 1 })
  })

  it('is one joint procurement, with both councils matched', async () => {
    const res = await server.api(preston.token, 'GET', '/api/contracts/joint')
    expect(res.status).toBe(200)
    const { procurements } = JointListSchema.parse(await res.json())
    const shared = procurements.filter((p) => p.noticeIds.includes(SHARED))
    expect(shared).toHaveLength(1)
    expect(shared[0]?.bodyOrgIds).toEqual(expect.arrayContaining([chorley.orgId, southRibble.orgId]))
    expect(shared[0]?.evidence.length).toBeGreaterThan(0)
    expect(procurements.some((p) => p.noticeIds.includes('c0000000-0000-4000-8000-000000000001'))).toBe(false)
  })

  it('is one contract in both councils’ lists, joint with the other', async () => {
    const mine = await contractsOf(preston, chorley.orgId)
    const theirs = await contractsOf(preston, southRibble.orgId)
    const a = mine.filter((c) => c.noticeIds.includes(SHARED))
    const b = theirs.filter((c) => c.noticeIds.includes(SHARED))
    expect(a).toHaveLength(1)
    expect(b).toHaveLength(1)
    expect(a[0]?.id).toBe(b[0]?.id)
    expect(a[0]?.importedBy).toBe(chorley.orgId)
    expect(a[0]?.jointWithOrgIds).toEqual([southRibble.orgId])
    expect(a[0]?.endBasis.kind).toBe('wording')
    expect(mine.map((c) => c.title).sort()).toEqual(['Play area equipment', sharedNotice.title])
    expect(theirs.map((c) => c.title).sort()).toEqual(['Leisure centre cleaning', sharedNotice.title])
    expect(await contractsOf(preston, preston.orgId)).toEqual([])
  })
})

describe('confidential contracts', () => {
  let playId = ''
  it('only an importing organisation may mark one (404 otherwise)', async () => {
    playId = (await contractsOf(chorley, chorley.orgId)).find((c) => c.title === 'Play area equipment')?.id ?? ''
    expect(playId).not.toBe('')
    expect((await server.api(preston.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${playId}/confidential`, { confidential: true })).status).toBe(404)
    expect((await server.api(preston.token, 'PUT', `/api/orgs/${preston.orgId}/contracts/${playId}/confidential`, { confidential: true })).status).toBe(404)
    expect((await server.api(southRibble.token, 'PUT', `/api/orgs/${southRibble.orgId}/contracts/${playId}/confidential`, { confidential: true })).status).toBe(404)
    expect((await server.api(chorley.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${playId}/confidential`, { confidential: 'yes' })).status).toBe(400)
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.id === playId)).toBe(true)
  })

  it('once marked, members of the importer see it and nobody else does', async () => {
    const res = await server.api(chorley.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${playId}/confidential`, { confidential: true })
    expect(res.status).toBe(200)
    const own = (await contractsOf(chorley2, chorley.orgId)).find((c) => c.id === playId)
    expect(own?.confidential).toBe(true)
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.id === playId)).toBe(false)
    expect((await contractsOf(southRibble, chorley.orgId)).some((c) => c.id === playId)).toBe(false)
    // The shared notice's contract is unaffected.
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.noticeIds.includes(SHARED))).toBe(true)
  })

  it('unmarked, it is public again', async () => {
    await server.api(chorley.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${playId}/confidential`, { confidential: false })
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.id === playId)).toBe(true)
  })

  it('a contract two councils imported stays visible to both; only the council that marked it can lift the mark', async () => {
    const sharedId = (await contractsOf(chorley, chorley.orgId)).find((c) => c.noticeIds.includes(SHARED))?.id ?? ''
    const mark = (who: TestAccount, confidential: boolean) => server.api(who.token, 'PUT', `/api/orgs/${who.orgId}/contracts/${sharedId}/confidential`, { confidential })
    expect((await mark(chorley, true)).status).toBe(200)
    expect((await contractsOf(southRibble, southRibble.orgId)).find((c) => c.id === sharedId)?.confidential).toBe(true)
    expect((await contractsOf(preston, southRibble.orgId)).some((c) => c.id === sharedId)).toBe(false)
    expect((await mark(southRibble, false)).status).toBe(409)
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.id === sharedId)).toBe(false)
    expect((await mark(chorley, false)).status).toBe(200)
    expect((await contractsOf(preston, chorley.orgId)).some((c) => c.id === sharedId)).toBe(true)
  })
})

describe('buyer matching', () => {
  const buyers = async (who: TestAccount) => {
    const res = await server.api(who.token, 'GET', `/api/orgs/${who.orgId}/contracts/buyers`)
    expect(res.status).toBe(200)
    return BuyerMatchListSchema.parse(await res.json()).buyers
  }

  it('suggests the names that are the organisation', async () => {
    const list = await buyers(chorley)
    expect(list.find((b) => b.buyer === 'Chorley Borough Council')).toMatchObject({ status: 'suggested', orgId: chorley.orgId, notices: 1 })
    expect(list.find((b) => b.buyer === 'Chorley Council')).toMatchObject({ status: 'suggested' })
    expect(list.some((b) => b.buyer === 'SOUTH RIBBLE BOROUGH COUNCIL')).toBe(false)
  })

  it('a rejected name takes its contracts off the list; the importer still sees its own imports', async () => {
    const res = await server.api(southRibble.token, 'PUT', `/api/orgs/${southRibble.orgId}/contracts/buyers`, { buyer: 'South Ribble Borough Council', isThisOrg: false })
    expect(res.status).toBe(200)
    expect(BuyerMatchListSchema.parse(await res.json()).buyers.find((b) => b.buyer === 'South Ribble Borough Council')?.status).toBe('rejected')
    // The shared contract's buyer "South Ribble Borough Council" no longer points at South Ribble…
    const shared = (await contractsOf(preston, chorley.orgId)).find((c) => c.noticeIds.includes(SHARED))
    expect(shared?.buyerMatches.find((m) => m.name === 'South Ribble Borough Council')).toMatchObject({ orgId: null, match: 'none' })
    // …but South Ribble imported it, so it stays in South Ribble's list.
    expect((await contractsOf(preston, southRibble.orgId)).some((c) => c.noticeIds.includes(SHARED))).toBe(true)
  })

  it('a confirmed name puts another body’s contracts on the list', async () => {
    expect((await contractsOf(preston, preston.orgId))).toEqual([])
    const res = await server.api(preston.token, 'PUT', `/api/orgs/${preston.orgId}/contracts/buyers`, { buyer: 'SOUTH RIBBLE BOROUGH COUNCIL', isThisOrg: true })
    expect(res.status).toBe(200)
    const list = await contractsOf(preston, preston.orgId)
    // Case variants share the decision: the joint notice's "South Ribble Borough Council" is now Preston's too.
    expect(list.map((c) => c.title).sort()).toEqual(['Leisure centre cleaning', sharedNotice.title])
    expect(list.find((c) => c.title === 'Leisure centre cleaning')?.buyerMatches).toEqual([{ name: 'SOUTH RIBBLE BOROUGH COUNCIL', orgId: preston.orgId, match: 'confirmed' }])
    expect(list.find((c) => c.noticeIds.includes(SHARED))?.jointWithOrgIds).toEqual([preston.orgId])
    expect((await buyers(preston)).find((b) => b.buyer.toLowerCase() === 'south ribble borough council')).toMatchObject({ status: 'confirmed', orgId: preston.orgId })
    expect((await server.api(chorley.token, 'PUT', `/api/orgs/${preston.orgId}/contracts/buyers`, { buyer: 'x', isThisOrg: true })).status).toBe(404)
    expect((await server.api(preston.token, 'PUT', `/api/orgs/${preston.orgId}/contracts/buyers`, { buyer: '', isThisOrg: true })).status).toBe(400)
  })
})
