/**
 * Contracts import jobs: queued one at a time, cancelled before they store anything, a failure leaves nothing behind,
 * and a notice or contract imported twice (two organisations) is stored once with two sources.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ContractFileRead, ReadContract, ReadNotice } from '../../../../shared/contracts/model'
import type { IsoDate } from '../../../../shared/domain/dates'
import type { ContractImportJob } from '../../../../shared/schema/contracts-api'
import { openContractsDb, contractsVersion, type ContractsDb } from '../../../../server/contracts/contracts-db'
import { ContractImportJobs } from '../../../../server/contracts/import-jobs'
import { contractDedupeKey, noticeSource, removeContractFile } from '../../../../server/contracts/import-file'
import { createSilentLogger } from '../../../../server/log'

const place = (index: number) => ({ index, label: `notice ${index}` })
const notice = (id: string, index: number): ReadNotice => ({
  id, title: `Notice ${id}`, description: 'for a period of 2 years', buyer: 'Wyre Council', parties: [], stage: 'award', status: 'awarded',
  publishedDate: null, deadlineDate: null, awardDate: '2025-04-01' as IsoDate, startDate: null, endDate: null, durationDays: null, valuePence: 100, cpvCodes: ['90000000'], url: '', place: place(index),
})
const contract = (noticeId: string | null, supplier: string, index: number): ReadContract => ({
  noticeId, reference: `R${index}`, title: `Contract ${index}`, description: '', supplier, supplierCompanyNumber: '', buyer: 'Wyre Council', valuePence: 5000,
  start: null, end: null, extensionMonths: [12], endWithExtensions: null, cpvCodes: [], proclassCode: '', awardDate: null, place: place(index),
})
const fileOf = (notices: ReadNotice[], contracts: ReadContract[]): ContractFileRead => ({ format: 'contracts-finder-extract', publisher: 'Wyre Council', notices, contracts, issues: [] })
const input = (orgId: string, sha256: string, read: ContractFileRead) => ({
  org: { id: orgId, name: `${orgId} Council` }, filename: `${sha256}.json`, sha256, sizeBytes: 10, uploadedBy: 'u1', uploadedAt: '2026-01-01T00:00:00Z', read,
})

let dir: string
let db: ContractsDb
let jobs: ContractImportJobs

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'contracts-jobs-'))
  db = openContractsDb(join(dir, 'contracts.sqlite'))
  jobs = new ContractImportJobs({ db, log: createSilentLogger() })
})
afterEach(async () => {
  await jobs.close()
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function settled(importId: string): Promise<ContractImportJob> {
  for (let i = 0; i < 1000; i++) {
    const job = jobs.get(importId)!
    if (job.status !== 'queued' && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('job did not settle')
}
const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n

describe('contracts import jobs', () => {
  it('imports a file: ends estimated from the wording, extensions added, counts in the result', async () => {
    const job = jobs.enqueue(input('wyre', 'a', fileOf([notice('N1', 1)], [contract('N1', 'Acme Ltd', 1)])))
    expect(job.status).toBe('queued')
    const done = await settled(job.importId)
    expect(done).toMatchObject({ status: 'done', progress: 1, rowsRead: 2, result: { notices: 1, contracts: 1, noticesAlreadyKnown: 0 } })
    const row = db.prepare('SELECT "end", end_is_estimated, end_basis_kind, end_with_extensions FROM contracts').get()
    expect(row).toEqual({ end: '2027-03-31', end_is_estimated: 1, end_basis_kind: 'wording', end_with_extensions: '2028-03-31' })
  })

  it('runs one job at a time; a queued job cancelled never runs', async () => {
    const first = jobs.enqueue(input('wyre', 'a', fileOf([notice('N1', 1)], [contract('N1', 'Acme Ltd', 1)])))
    const second = jobs.enqueue(input('wyre', 'b', fileOf([notice('N2', 1)], [contract('N2', 'Acme Ltd', 1)])))
    expect(jobs.get(second.importId)?.status).toBe('queued')
    expect(jobs.cancel(second.importId)?.status).toBe('cancelled')
    expect((await settled(first.importId)).status).toBe('done')
    expect(count('contract_files')).toBe(1)
    expect(count('notices')).toBe(1)
  })

  it('a running job cancelled stores nothing', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => contract(null, `Supplier ${i}`, i + 1))
    const job = jobs.enqueue(input('wyre', 'c', fileOf([], many)))
    expect(jobs.get(job.importId)?.status).toBe('running')
    jobs.cancel(job.importId)
    expect((await settled(job.importId)).status).toBe('cancelled')
    expect(count('contract_files')).toBe(0)
    expect(count('contracts')).toBe(0)
    expect(contractsVersion(db)).toBe(0)
  })

  it('a job that fails while storing stores nothing', async () => {
    const bad = contract(null, 'Acme Ltd', 1)
    // A contract whose reference is not text makes the insert throw inside the transaction.
    const job = jobs.enqueue(input('wyre', 'd', fileOf([notice('N9', 1)], [contract('N9', 'Good Ltd', 2), { ...bad, reference: { not: 'text' } as unknown as string }])))
    const done = await settled(job.importId)
    expect(done.status).toBe('failed')
    expect(done.error?.code).toBe('import-failed')
    expect(count('contract_files')).toBe(0)
    expect(count('notices')).toBe(0)
    expect(count('contracts')).toBe(0)
  })

  it('stores a notice imported by two organisations once, with two sources; removing one file keeps it', async () => {
    const a = jobs.enqueue(input('chorley', 'x', fileOf([notice('SHARED', 1)], [contract('SHARED', 'Greenfields Ltd', 1)])))
    const b = jobs.enqueue(input('south-ribble', 'y', fileOf([notice('SHARED', 3)], [contract('SHARED', 'GREENFIELDS LIMITED', 3)])))
    expect((await settled(a.importId)).result?.noticesAlreadyKnown).toBe(0)
    const second = await settled(b.importId)
    expect(second.result).toMatchObject({ notices: 1, contracts: 1, noticesAlreadyKnown: 1 })
    expect(count('notices')).toBe(1)
    expect(count('contracts')).toBe(1)
    expect(count('notice_sources')).toBe(2)
    expect(count('contract_sources')).toBe(2)
    const firstFile = (await settled(a.importId)).result!.fileId
    expect(removeContractFile(db, 'chorley', firstFile)).toBe(true)
    expect(count('contracts')).toBe(1)
    expect(db.prepare('SELECT org_id, file_id FROM contracts').get()).toEqual({ org_id: 'south-ribble', file_id: second.result!.fileId })
    expect(removeContractFile(db, 'south-ribble', second.result!.fileId)).toBe(true)
    expect(count('contracts')).toBe(0)
    expect(count('notices')).toBe(0)
  })
})

describe('contractDedupeKey', () => {
  it('is the notice and the supplier across organisations, legal forms folded', () => {
    expect(contractDedupeKey('a', { noticeId: 'N1', reference: 'X', supplier: 'Acme Ltd', start: null })).toBe(contractDedupeKey('b', { noticeId: 'N1', reference: 'Y', supplier: 'ACME LIMITED', start: '2025-01-01' }))
    expect(contractDedupeKey('a', { noticeId: 'N1', reference: '', supplier: 'Acme Ltd', start: null })).not.toBe(contractDedupeKey('a', { noticeId: 'N1', reference: '', supplier: 'Beta Ltd', start: null }))
  })
  it('is the organisation, reference, supplier and start for a register row without a notice', () => {
    expect(contractDedupeKey('a', { noticeId: null, reference: 'R1', supplier: 'Acme Ltd', start: '2025-01-01' })).toBe(contractDedupeKey('a', { noticeId: null, reference: 'r1', supplier: 'Acme Limited', start: '2025-01-01' }))
    expect(contractDedupeKey('a', { noticeId: null, reference: 'R1', supplier: 'Acme Ltd', start: '2025-01-01' })).not.toBe(contractDedupeKey('b', { noticeId: null, reference: 'R1', supplier: 'Acme Ltd', start: '2025-01-01' }))
    expect(contractDedupeKey('a', { noticeId: null, reference: 'R1', supplier: 'Acme Ltd', start: '2025-01-01' })).not.toBe(contractDedupeKey('a', { noticeId: null, reference: 'R1', supplier: 'Acme Ltd', start: '2026-01-01' }))
  })
})

describe('noticeSource', () => {
  const n = (buyer: string): ReadNotice => ({ ...notice('N', 1), buyer })
  const extract = (publisher: string): ContractFileRead => ({ ...fileOf([], []), publisher })
  const wyre = { id: 'wyre', name: 'Wyre Council' }
  it('makes the importing organisation the publisher of its own extract or register', () => {
    expect(noticeSource(extract('Wyre Borough Council'), n('Wyre Borough Council'), wyre)).toEqual({ publisher: 'Wyre Council', own: true })
    expect(noticeSource({ ...extract(''), format: 'register-csv' }, n(''), wyre)).toEqual({ publisher: 'Wyre Council', own: true })
  })
  it('keeps the body a file belongs to as the publisher when another organisation imports it', () => {
    expect(noticeSource(extract('Fylde Borough Council'), n('Fylde Borough Council'), wyre)).toEqual({ publisher: 'Fylde Borough Council', own: true })
  })
  it('makes the importer the publisher only of its own notices in a national OCDS feed', () => {
    const feed: ContractFileRead = { ...fileOf([], []), format: 'ocds', publisher: 'Contracts Finder' }
    expect(noticeSource(feed, n('WYRE COUNCIL'), wyre)).toEqual({ publisher: 'Wyre Council', own: true })
    expect(noticeSource(feed, n('Bath and North East Somerset Council'), wyre)).toEqual({ publisher: 'Contracts Finder', own: false })
  })
})
