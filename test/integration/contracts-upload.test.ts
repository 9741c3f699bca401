/**
 * Contract file uploads over HTTP (issue 12): each layout is accepted with 202 and imported by a job with its counts,
 * the same bytes again are recognised, a removed file takes its contracts with it, other organisations get 404, and
 * bad files (empty, not JSON, JSON of another kind, a PDF, a workbook, oversized) are refused with 4xx and nothing stored.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { readContractFile } from '../../shared/contracts/read-contract-file'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractImportJobSchema, ContractListSchema, type ContractImportJob } from '../../shared/schema/contracts-api'
import { extractFile, ocdsPackage, registerCsv } from '../support/contract-files'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

let server: TestServer
let alice: TestAccount
let bob: TestAccount

beforeAll(async () => {
  server = await startTestServer({ env: { CONTRACTS_MAX_UPLOAD_BYTES: String(64 * 1024) } })
  alice = await server.signup('Alice', 'Wyre Council')
  bob = await server.signup('Bob', 'Fylde Council')
})
afterAll(async () => {
  await server.destroy()
})

const upload = (who: TestAccount, orgId: string, filename: string, bytes: Uint8Array) =>
  fetch(`${server.url}/api/orgs/${orgId}/contracts/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })

async function waitForJob(who: TestAccount, importId: string): Promise<ContractImportJob> {
  for (let i = 0; i < 400; i++) {
    const res = await server.api(who.token, 'GET', `/api/contracts/imports/${importId}`)
    expect(res.status).toBe(200)
    const job = ContractImportJobSchema.parse(await res.json())
    if (job.status !== 'queued' && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('import did not finish')
}

async function importFile(who: TestAccount, filename: string, bytes: Uint8Array): Promise<ContractImportJob> {
  const res = await upload(who, who.orgId, filename, bytes)
  expect(res.status).toBe(202)
  return waitForJob(who, ((await res.json()) as { importId: string }).importId)
}

async function contractsOf(who: TestAccount, orgId: string) {
  const res = await server.api(who.token, 'GET', `/api/orgs/${orgId}/contracts`)
  expect(res.status).toBe(200)
  return ContractListSchema.parse(await res.json()).contracts
}

async function filesOf(who: TestAccount) {
  const res = await server.api(who.token, 'GET', `/api/orgs/${who.orgId}/contracts/files`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { files: Array<{ fileId: string; filename: string; notices: number; contracts: number }> }).files
}

const extract = extractFile('wyre', [
  { id: '11111111-0000-4000-8000-000000000001', title: 'Grounds maintenance of parks', description: 'A contract for a period of 3 years.', organisation: 'Wyre Borough Council', supplier: 'Idverde Ltd', awardedDate: '2025-04-01', valuePounds: 300000, cpv: '77310000' },
  { id: '11111111-0000-4000-8000-000000000002', title: 'Print services', organisation: 'WYRE COUNCIL', supplier: 'Parkway Print Ltd', awardedDate: '2025-06-01', valuePounds: 12500.5, cpv: '79800000' },
])

describe('contract uploads', () => {
  let extractFileId = ''
  it('imports a Contracts Finder extract: notices and contracts counted, ends estimated with their basis', async () => {
    const job = await importFile(alice, 'wyre.json', extract)
    expect(job.status).toBe('done')
    expect(job.progress).toBe(1)
    expect(job.result).toMatchObject({ format: 'contracts-finder-extract', notices: 2, contracts: 2, noticesAlreadyKnown: 0, errors: [] })
    extractFileId = job.result?.fileId ?? ''
    const list = await contractsOf(alice, alice.orgId)
    expect(list).toHaveLength(2)
    const grounds = list.find((c) => c.title === 'Grounds maintenance of parks')
    expect(grounds).toMatchObject({ supplier: 'Idverde Ltd', valuePence: 30_000_000, endIsEstimated: true, noticeIds: ['11111111-0000-4000-8000-000000000001'], cpvCodes: ['77310000'] })
    expect(grounds?.endBasis.kind).toBe('wording')
    expect(grounds?.endBasis.quote).toMatch(/3 years/)
    expect(grounds?.end).toMatch(/^2028-0[34]-/)
    const print = list.find((c) => c.title === 'Print services')
    expect(print?.valuePence).toBe(1_250_050)
    expect(print?.endBasis.kind).toBe('cpv-typical')
    expect(print?.buyerMatches).toEqual([{ name: 'WYRE COUNCIL', orgId: alice.orgId, match: 'suggested' }])
    // Sorted by end.
    expect(list.map((c) => c.end)).toEqual([...list.map((c) => c.end)].sort())
  })

  it('imports an OCDS release package with a stated contract period', async () => {
    const job = await importFile(alice, 'ocds.json', ocdsPackage('Contracts Finder', 'ocds-b5fd17-aaaa-0001', 'Wyre Council', 'Printing of council tax bills'))
    expect(job.status).toBe('done')
    expect(job.result).toMatchObject({ format: 'ocds', notices: 1, contracts: 1 })
    const bills = (await contractsOf(alice, alice.orgId)).find((c) => c.noticeIds.includes('ocds-b5fd17-aaaa-0001'))
    expect(bills).toMatchObject({ start: '2025-02-01', end: '2027-01-31', endIsEstimated: false, supplier: 'Parkway Print Ltd', valuePence: 6_000_000 })
    expect(bills?.endBasis.kind).toBe('stated')
  })

  it('imports a register CSV and reports a row it left out', async () => {
    const csv = registerCsv('Wyre Council', [
      { ref: 'W-001', title: 'Cleaning of offices', supplier: 'Bright Clean Ltd', value: '£45,000.00', start: '01/04/2024', end: '31/03/2027', cpv: '90910000' },
      { ref: 'W-002', title: 'Pest control', supplier: '', value: '1000', start: '01/04/2024', end: '31/03/2026' },
    ])
    const job = await importFile(alice, 'register.csv', csv)
    expect(job.status).toBe('done')
    expect(job.result).toMatchObject({ format: 'register-csv', notices: 0, contracts: 1 })
    expect(job.result?.errors.map((e) => e.code)).toEqual(['no-supplier'])
    const cleaning = (await contractsOf(alice, alice.orgId)).find((c) => c.reference === 'W-001')
    expect(cleaning).toMatchObject({ noticeIds: [], start: '2024-04-01', end: '2027-03-31', endIsEstimated: false, valuePence: 4_500_000 })
    const issues = await server.api(alice.token, 'GET', `/api/orgs/${alice.orgId}/contracts/files/${job.result?.fileId}/issues`)
    expect(((await issues.json()) as { errors: Array<{ code: string }> }).errors.map((e) => e.code)).toEqual(['no-supplier'])
  })

  it('recognises the same bytes uploaded again and adds nothing', async () => {
    const job = await importFile(alice, 'copy of wyre.json', extract)
    expect(job.status).toBe('done')
    expect(job.result?.duplicateOf).toBe(extractFileId)
    expect(await filesOf(alice)).toHaveLength(3)
    expect(await contractsOf(alice, alice.orgId)).toHaveLength(4)
  })

  it('keeps files, imports and issues closed to other organisations (404), and lets anyone signed in read the contracts', async () => {
    expect((await upload(bob, alice.orgId, 'x.json', extract)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/contracts/files`)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/contracts/files/${extractFileId}/issues`)).status).toBe(404)
    expect((await server.api(bob.token, 'DELETE', `/api/orgs/${alice.orgId}/contracts/files/${extractFileId}`)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/contracts/buyers`)).status).toBe(404)
    const again = await upload(alice, alice.orgId, 'wyre.json', extract)
    const { importId } = (await again.json()) as { importId: string }
    expect((await server.api(bob.token, 'GET', `/api/contracts/imports/${importId}`)).status).toBe(404)
    expect((await server.api(bob.token, 'POST', `/api/contracts/imports/${importId}/cancel`)).status).toBe(404)
    expect(await contractsOf(bob, alice.orgId)).toHaveLength(4)
    expect((await server.api(null, 'GET', `/api/orgs/${alice.orgId}/contracts`)).status).toBe(401)
    expect((await server.api(bob.token, 'GET', '/api/orgs/no-such-org/contracts')).status).toBe(404)
    expect(await filesOf(alice)).toHaveLength(3)
  })

  it('removes a file with the contracts only it carried', async () => {
    const res = await server.api(alice.token, 'DELETE', `/api/orgs/${alice.orgId}/contracts/files/${extractFileId}`)
    expect(res.status).toBe(200)
    const list = await contractsOf(alice, alice.orgId)
    expect(list).toHaveLength(2)
    expect(list.some((c) => c.noticeIds.includes('11111111-0000-4000-8000-000000000001'))).toBe(false)
    expect(await filesOf(alice)).toHaveLength(2)
  })

  const workbook = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') })
  it.each([
    ['an empty body', 'empty.json', new Uint8Array(0), 400],
    ['invalid JSON', 'broken.json', strToU8('{"contracts": [ {"id": "x", '), 422],
    ['JSON of another kind', 'other.json', strToU8(JSON.stringify({ hello: 'world', items: [1, 2, 3] })), 422],
    ['a PDF', 'notices.pdf', strToU8('%PDF-1.4\n1 0 obj << >> endobj'), 415],
    ['an Excel workbook', 'register.xlsx', workbook, 415],
    ['text that is no register', 'notes.csv', strToU8('hello,world\nthis,is not a register\n'), 422],
    ['a file over the upload limit', 'huge.json', strToU8(`[${'"x",'.repeat(20000)}"x"]`), 413],
  ])('refuses %s with a 4xx envelope and stores nothing', async (_what, name, body, status) => {
    const res = await upload(bob, bob.orgId, name, body)
    expect(res.status).toBe(status)
    const envelope = (await res.json()) as { error: { code: string; message: string } }
    expect(envelope.error.message).toContain(name)
    expect(await filesOf(bob)).toEqual([])
    expect(await contractsOf(bob, bob.orgId)).toEqual([])
  })

  it('lets the importer cancel a finished job without changing it', async () => {
    const job = await importFile(bob, 'fylde.json', extractFile('fylde', [{ id: '22222222-0000-4000-8000-000000000001', title: 'Beach cleaning', organisation: 'Fylde Council', supplier: 'Coastal Services Ltd', awardedDate: '2025-05-01', valuePounds: 80000, cpv: '90680000' }]))
    expect(job.status).toBe('done')
    const res = await server.api(bob.token, 'POST', `/api/contracts/imports/${job.importId}/cancel`)
    expect(res.status).toBe(200)
    expect(ContractImportJobSchema.parse(await res.json()).status).toBe('done')
    expect(await contractsOf(bob, bob.orgId)).toHaveLength(1)
  })
})

describe('the vendored real files (test/fixtures/contracts)', () => {
  const FIXTURES = join(import.meta.dirname, '../fixtures/contracts')
  it.each([
    ['pendle.json', 'contracts-finder-extract'],
    ['contractsfinder-release-package-sample.json', 'ocds'],
    ['england-releases-sample.json', 'ocds'],
    ['scotland-releases-sample.json', 'ocds'],
    ['wales-releases-sample.json', 'ocds'],
    ['norfolk-register-sample.csv', 'register-csv'],
  ])('imports %s with the reader\'s counts and issues', async (name, format) => {
    const who = await server.signup('Importer', `Importer of ${name}`)
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)))
    const reference = readContractFile(bytes, name)
    if (!reference.ok) throw new Error(`${name} does not read`)
    const job = await importFile(who, name, bytes)
    expect(job.status).toBe('done')
    expect(job.result?.format).toBe(format)
    expect(job.result?.notices).toBe(new Set(reference.value.notices.map((n) => n.id)).size)
    expect(job.result?.contracts).toBe(reference.value.contracts.length)
    expect((job.result?.errors.length ?? 0) + (job.result?.recovered.length ?? 0)).toBe(reference.value.issues.length)
    const list = await contractsOf(who, who.orgId)
    // Scotland's sample has tenders only: notices, no contracts.
    if (reference.value.contracts.length > 0) expect(list.length).toBeGreaterThan(0)
    expect(list.length).toBeLessThanOrEqual(reference.value.contracts.length)
    for (const c of list) {
      // A notice an earlier test's organisation imported (the release package sample is also in the England sample)
      // stays sourced to that first importer.
      if (c.importedBy === who.orgId) expect(c.source.filename).toBe(name)
      if (c.end === null) expect(c.endBasis.kind).toBe('unknown')
    }
  })
})
