/**
 * ContractsService: whose contract each is (buyer match, own publication vs a national feed), who sees confidential
 * contracts, and the notices list for planned procurements.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ContractFileRead, ReadContract, ReadNotice } from '../../../../shared/contracts/model'
import type { IsoDate } from '../../../../shared/domain/dates'
import { openContractsDb, type ContractsDb } from '../../../../server/contracts/contracts-db'
import { ContractsService } from '../../../../server/contracts/contracts-service'
import { newContractsId, prepareContract, storeContractFile } from '../../../../server/contracts/import-file'
import type { OrgRow, UserRow } from '../../../../server/storage/types'

const ORGS = [
  { id: 'wyre', name: 'Wyre Council' },
  { id: 'fylde', name: 'Fylde Borough Council' },
  { id: 'bath', name: 'Bath and North East Somerset Council' },
]
const USERS: Record<string, { orgId: string; isActive: boolean }> = { w: { orgId: 'wyre', isActive: true }, f: { orgId: 'fylde', isActive: true }, gone: { orgId: 'wyre', isActive: false } }

const notice = (id: string, buyer: string, stage = 'award'): ReadNotice => ({
  id, title: `Notice ${id}`, description: '', buyer, parties: [], stage, status: '', publishedDate: null, deadlineDate: null,
  awardDate: '2025-01-01' as IsoDate, startDate: null, endDate: null, durationDays: null, valuePence: null, cpvCodes: ['90000000'], url: `https://example.org/${id}`, place: { index: 1, label: 'release 1' },
})
const contract = (noticeId: string | null, supplier: string, buyer: string): ReadContract => ({
  noticeId, reference: `R-${supplier}`, title: `Contract with ${supplier}`, description: '', supplier, supplierCompanyNumber: '', buyer, valuePence: 1000,
  start: '2025-01-01' as IsoDate, end: '2026-12-31' as IsoDate, extensionMonths: [], endWithExtensions: null, cpvCodes: [], proclassCode: '', awardDate: null, place: { index: 1, label: 'line 2' },
})

let dir: string
let db: ContractsDb
let service: ContractsService

function importAs(orgId: string, read: ContractFileRead): string {
  const org = ORGS.find((o) => o.id === orgId)!
  const notices = new Map(read.notices.map((n) => [n.id, n]))
  const fileId = newContractsId()
  storeContractFile(db, {
    fileId, org, filename: 'f', sha256: newContractsId(), sizeBytes: 1, uploadedBy: 'u', uploadedAt: '2026-01-01T00:00:00Z', read,
    contracts: read.contracts.map((c) => prepareContract(c, c.noticeId === null ? undefined : notices.get(c.noticeId), orgId)),
  })
  return fileId
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'contracts-service-'))
  db = openContractsDb(join(dir, 'contracts.sqlite'))
  service = new ContractsService({
    db,
    accounts: {
      listOrgs: async () => ORGS as unknown as OrgRow[],
      getOrg: async (id) => (ORGS.find((o) => o.id === id) as unknown as OrgRow) ?? null,
      getUser: async (id) => (USERS[id] ? ({ id, ...USERS[id] } as unknown as UserRow) : null),
    },
  })
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('listVisibleContracts', () => {
  it('gives a national feed’s contracts to their buyers, not to the organisation that imported the feed', async () => {
    importAs('wyre', {
      format: 'ocds', publisher: 'Contracts Finder', issues: [],
      notices: [notice('ocds-1', 'Wyre Council'), notice('ocds-2', 'Bath & North East Somerset Council'), notice('ocds-3', 'Somewhere Parish Council')],
      contracts: [contract('ocds-1', 'Acme Ltd', ''), contract('ocds-2', 'Beta Ltd', ''), contract('ocds-3', 'Gamma Ltd', '')],
    })
    const all = await service.listVisibleContracts('f')
    const of = (supplier: string) => all.find((c) => c.supplier === supplier)!
    expect(of('Acme Ltd')).toMatchObject({ orgIds: ['wyre'], buyerOrgIds: ['wyre'], importerOrgIds: ['wyre'], buyers: ['Wyre Council'] })
    expect(of('Beta Ltd')).toMatchObject({ orgIds: ['bath'], importerOrgIds: ['wyre'] })
    expect(of('Gamma Ltd')).toMatchObject({ orgIds: [], importerOrgIds: ['wyre'], buyerMatches: [{ name: 'Somewhere Parish Council', orgId: null, match: 'none' }] })
    // The organisation's list still holds everything it imported.
    expect((await service.listOrgContracts('fylde', 'wyre')).map((c) => c.supplier).sort()).toEqual(['Acme Ltd', 'Beta Ltd', 'Gamma Ltd'])
    expect((await service.listOrgContracts('fylde', 'bath')).map((c) => c.supplier)).toEqual(['Beta Ltd'])
  })

  it('counts a register’s rows as the importer’s own, and hides confidential ones from other organisations', async () => {
    importAs('fylde', { format: 'register-csv', publisher: 'Fylde', issues: [], notices: [], contracts: [contract(null, 'Acme Ltd', 'Fylde'), contract(null, 'Beta Ltd', 'Fylde')] })
    const beta = (await service.listVisibleContracts('f')).find((c) => c.supplier === 'Beta Ltd')!
    expect(beta.orgIds).toEqual(['fylde'])
    expect(service.setConfidential('wyre', beta.id, true)).toBe('not-found')
    expect(service.setConfidential('fylde', beta.id, true)).toBe('ok')
    expect((await service.listVisibleContracts('f')).map((c) => c.supplier).sort()).toEqual(['Acme Ltd', 'Beta Ltd'])
    expect((await service.listVisibleContracts('w')).map((c) => c.supplier)).toEqual(['Acme Ltd'])
    expect(await service.listVisibleContracts('gone')).toEqual([])
    expect(await service.listVisibleContracts('nobody')).toEqual([])
  })

  it('follows buyer decisions: a confirmed name becomes the organisation’s, a rejected one stops being', async () => {
    importAs('wyre', { format: 'contracts-finder-extract', publisher: 'Wyre', issues: [], notices: [notice('cf-1', 'Fylde Council')], contracts: [contract('cf-1', 'Acme Ltd', '')] })
    expect((await service.listVisibleContracts('w'))[0]?.orgIds).toEqual(['fylde', 'wyre'])
    service.setBuyerMatch('fylde', 'FYLDE COUNCIL', false, 'f', '2026-01-01T00:00:00Z')
    expect((await service.listVisibleContracts('w'))[0]?.orgIds).toEqual(['wyre'])
    service.setBuyerMatch('bath', 'Fylde Council', true, 'b', '2026-01-01T00:00:00Z')
    expect((await service.listVisibleContracts('w'))[0]).toMatchObject({ orgIds: ['bath', 'wyre'], buyerMatches: [{ name: 'Fylde Council', orgId: 'bath', match: 'confirmed' }] })
  })
})

describe('listNotices', () => {
  it('lists every notice with its stage and organisations, planned ones included', async () => {
    importAs('wyre', { format: 'contracts-finder-extract', publisher: 'Wyre', issues: [], notices: [notice('p-1', 'Wyre Council', 'planning'), notice('a-1', 'Wyre Council')], contracts: [contract('a-1', 'Acme Ltd', '')] })
    const notices = await service.listNotices()
    expect(notices.map((n) => [n.id, n.stage, n.orgIds, n.contractIds.length])).toEqual([['a-1', 'award', ['wyre'], 1], ['p-1', 'planning', ['wyre'], 0]])
  })
})
