/**
 * Confidential hand-entered contracts: the name of an organisation's confidential document and how it parses, its
 * layout and content rule, the readers merging its contracts into the organisation's (marked `isConfidential`), the
 * writer that moves a contract between the two documents, and the planning view of a member and of an outsider.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import { readOrgData, readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { CONTRACTS_KEY, ENTRIES_KEY } from '../../../../shared/doc/planning-schema.ts'
import { checkPlanningValues, checkPrivateDocValue } from '../../../../shared/doc/planning-value-check.ts'
import { buildPlanningView, type OrgInfo } from '../../../../shared/doc/planning-view.ts'
import { createCategory, migrateEntryContractEnd, placeContract, putContract, setCurrentContractEnd, setOrgEntry } from '../../../../shared/doc/planning-writers.ts'
import { layoutOfDocName, ORG_DOC_LAYOUT, PRIVATE_DOC_LAYOUT, BOARD_DOC_LAYOUT } from '../../../../shared/wire/doc-layout.ts'
import { currentContractId } from '../../../../shared/domain/current-contract.ts'
import type { CategoryId } from '../../../../shared/domain/ids.ts'
import { orgDocName, parseBoardDocName, privateDocName } from '../../../../shared/wire/protocol.ts'

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const A = 'council' as OrgId
const B = 'police' as OrgId
const TODAY = '2025-06-01' as IsoDate
const AT = '2025-06-01T09:00:00.000Z'
const ORGS: OrgInfo[] = [
  { id: A, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: B, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
]
const contract = (id: string, end: string, supplier = 'Acme Tyres Ltd') => ({ id, categoryId: 'tyres', supplier, start: '2024-04-01', end, extensionOptions: [], value: 10_000_000 })
const ENTRY = { annualSpend: 5_000_000, supplierCount: 1, mainSuppliers: ['Acme Tyres Ltd'], notes: '', sourceLineIds: [] }

describe('document names', () => {
  it('builds and parses an organisation’s confidential document name', () => {
    expect(privateDocName(BOARD, A)).toBe(`${BOARD}~private~council`)
    expect(parseBoardDocName(BOARD, privateDocName(BOARD, A))).toEqual({ kind: 'org-private', orgId: 'council' })
    expect(parseBoardDocName(BOARD, orgDocName(BOARD, A))).toEqual({ kind: 'org', orgId: 'council' })
    expect(parseBoardDocName(BOARD, BOARD)).toEqual({ kind: 'board' })
  })

  it('names nothing of the board for another board, an empty organisation or another kind', () => {
    expect(parseBoardDocName(BOARD, `${BOARD}~private~`)).toBeNull()
    expect(parseBoardDocName(BOARD, `BBBBBBBBBBBBBBBBBBBBBB~private~${A}`)).toBeNull()
    expect(parseBoardDocName(BOARD, `${BOARD}~secret~${A}`)).toBeNull()
    expect(parseBoardDocName(BOARD, `${BOARD}~privat~${A}`)).toBeNull()
  })

  it('gives each kind its layout: the confidential document holds contracts only', () => {
    expect(layoutOfDocName(privateDocName(BOARD, A))).toBe(PRIVATE_DOC_LAYOUT)
    expect(layoutOfDocName(orgDocName(BOARD, A))).toBe(ORG_DOC_LAYOUT)
    expect(layoutOfDocName(BOARD)).toBe(BOARD_DOC_LAYOUT)
    expect([...PRIVATE_DOC_LAYOUT.roots]).toEqual([CONTRACTS_KEY])
  })
})

describe('content rule of the confidential document', () => {
  it('takes a valid contract and refuses entries, other values and a contract ending before it starts', () => {
    expect(checkPrivateDocValue(contract('k1', '2027-03-31'))).toBeNull()
    expect(checkPrivateDocValue(ENTRY)).toMatch(/holds only contracts/)
    expect(checkPrivateDocValue('text')).toMatch(/holds only contracts, not a string/)
    expect(checkPrivateDocValue({ ...contract('k1', '2027-03-31'), start: '2028-01-01' })).toBe('contract k1 ends before it starts')
    // The organisation document still takes both.
    expect(checkPlanningValues('org', [ENTRY, contract('k1', '2027-03-31')])).toBeNull()
    expect(checkPlanningValues('org-private', [contract('k1', '2027-03-31'), ENTRY])).toMatch(/holds only contracts/)
  })
})

describe('reading an organisation with its confidential document', () => {
  it('merges the confidential contracts, marked, and reads a contract in both documents once, as confidential', () => {
    const org = new Y.Doc()
    const secret = new Y.Doc()
    putContract(org, contract('open', '2027-03-31'))
    putContract(org, contract('both', '2028-03-31'))
    putContract(secret, contract('both', '2028-03-31'))
    putContract(secret, contract('hidden', '2029-03-31', 'Hushed Ltd'))
    const read = readOrgData(org, A, secret)
    expect(read.problems).toEqual([])
    expect(read.value.contracts.map((c) => [c.id, c.isConfidential ?? false])).toEqual([['both', true], ['hidden', true], ['open', false]])
    // Without it (anyone outside the organisation), only the organisation document's contracts.
    expect(readOrgData(org, A).value.contracts.map((c) => [c.id, c.isConfidential ?? false])).toEqual([['both', false], ['open', false]])
  })

  it('reports a bad confidential contract like any other and leaves it out', () => {
    const org = new Y.Doc()
    const secret = new Y.Doc()
    secret.getMap(CONTRACTS_KEY).set('bad', { ...contract('bad', '2027-03-31'), end: 'soon' })
    const read = readOrgData(org, A, secret)
    expect(read.value.contracts).toEqual([])
    expect(read.problems.map((p) => p.path)).toEqual(['contracts.bad.end'])
  })
})

describe('placeContract: ticking and unticking "Confidential"', () => {
  it('moves the contract, same id, to the confidential document and back', () => {
    const orgDoc = new Y.Doc()
    const privateDoc = new Y.Doc()
    const k = contract('k1', '2027-03-31')
    expect(placeContract({ orgDoc, privateDoc }, k, false).ok).toBe(true)
    expect([...orgDoc.getMap(CONTRACTS_KEY).keys()]).toEqual(['k1'])
    expect(placeContract({ orgDoc, privateDoc }, { ...k, supplier: 'Renamed Ltd' }, true).ok).toBe(true)
    expect(orgDoc.getMap(CONTRACTS_KEY).size).toBe(0)
    expect((privateDoc.getMap(CONTRACTS_KEY).get('k1') as { supplier: string }).supplier).toBe('Renamed Ltd')
    expect(placeContract({ orgDoc, privateDoc }, k, false).ok).toBe(true)
    expect(privateDoc.getMap(CONTRACTS_KEY).size).toBe(0)
    expect((orgDoc.getMap(CONTRACTS_KEY).get('k1') as { supplier: string }).supplier).toBe('Acme Tyres Ltd')
  })

  it('writes nothing and moves nothing when the contract is refused', () => {
    const orgDoc = new Y.Doc()
    const privateDoc = new Y.Doc()
    placeContract({ orgDoc, privateDoc }, contract('k1', '2027-03-31'), false)
    const refused = placeContract({ orgDoc, privateDoc }, { ...contract('k1', '2027-03-31'), start: '2028-01-01' }, true)
    expect(refused.ok).toBe(false)
    expect([...orgDoc.getMap(CONTRACTS_KEY).keys()]).toEqual(['k1'])
    expect(privateDoc.getMap(CONTRACTS_KEY).size).toBe(0)
  })

  it('never writes the confidential mark into a document (the document says it)', () => {
    const orgDoc = new Y.Doc()
    const privateDoc = new Y.Doc()
    const marked = { ...contract('k1', '2027-03-31'), isConfidential: true }
    expect(placeContract({ orgDoc, privateDoc }, marked as never, true).ok).toBe(false)
  })
})

describe('"current contract ends" with a confidential current contract', () => {
  it('changes the end where the contract is, and never makes a second, shared one', () => {
    const orgDoc = new Y.Doc()
    const privateDoc = new Y.Doc()
    putContract(privateDoc, contract('k1', '2027-03-31'))
    const result = setCurrentContractEnd(orgDoc, A, 'tyres', '2027-09-30', TODAY, privateDoc)
    expect(result.ok).toBe(true)
    expect(orgDoc.getMap(CONTRACTS_KEY).size).toBe(0)
    expect((privateDoc.getMap(CONTRACTS_KEY).get('k1') as { end: string }).end).toBe('2027-09-30')
  })
})

describe('an older board’s "current contract ends" date', () => {
  it('is not written back into the shared document once its contract was moved to the confidential one', () => {
    const orgDoc = new Y.Doc()
    const privateDoc = new Y.Doc()
    orgDoc.getMap(ENTRIES_KEY).set('tyres', { ...ENTRY, contractEnd: '2027-03-31' })
    // The derived contract (read from the date) is edited and marked confidential: placed first, then the date moved.
    const id = currentContractId(A, 'tyres' as CategoryId)
    expect(placeContract({ orgDoc, privateDoc }, { ...contract(id, '2027-03-31'), supplier: 'Hushed Ltd' }, true).ok).toBe(true)
    expect(migrateEntryContractEnd(orgDoc, A, 'tyres', privateDoc).ok).toBe(true)
    expect(orgDoc.getMap(CONTRACTS_KEY).size).toBe(0)
    expect(orgDoc.getMap(ENTRIES_KEY).get('tyres')).not.toHaveProperty('contractEnd')
    expect(readOrgData(orgDoc, A, privateDoc).value.contracts.map((c) => [c.id, c.isConfidential])).toEqual([[id, true]])
  })
})

describe('the planning view', () => {
  function board() {
    const boardDoc = new Y.Doc()
    createCategory(boardDoc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, 'user-ann', AT)
    const orgA = new Y.Doc()
    const orgB = new Y.Doc()
    const privateA = new Y.Doc()
    setOrgEntry(orgA, 'tyres', ENTRY)
    setOrgEntry(orgB, 'tyres', ENTRY)
    putContract(orgA, contract('a-open', '2027-03-31'))
    putContract(privateA, contract('a-secret', '2027-06-30', 'Hushed Ltd'))
    putContract(orgB, contract('b-open', '2027-05-31'))
    return { boardDoc, orgDocs: new Map([[A, orgA], [B, orgB]]), privateA }
  }
  const viewOf = (read: ReturnType<typeof readPlanningBoard>) => buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities)

  it('for a member: the confidential contract is among the organisation’s, marked, and counts in the renewals', () => {
    const { boardDoc, orgDocs, privateA } = board()
    const read = readPlanningBoard(boardDoc, orgDocs, new Map([[A, privateA]]))
    expect(read.problems).toEqual([])
    const tyres = viewOf(read).categories[0]
    expect(tyres?.contracts.map((c) => [c.id, c.orgId, c.isConfidential ?? false])).toEqual([['a-open', A, false], ['b-open', B, false], ['a-secret', A, true]])
    expect(tyres?.orgs.find((o) => o.org.id === A)?.contracts.map((c) => c.id)).toEqual(['a-open', 'a-secret'])
    expect(tyres?.renewalGroups.flatMap((g) => g.members.map((m) => m.contractId))).toContain('a-secret')
  })

  it('for an outsider: nothing of it, in the contracts or anything built from them', () => {
    const { boardDoc, orgDocs } = board()
    const view = viewOf(readPlanningBoard(boardDoc, orgDocs))
    expect(view.categories[0]?.contracts.map((c) => c.id)).toEqual(['a-open', 'b-open'])
    expect(JSON.stringify(view)).not.toContain('secret')
    expect(JSON.stringify(view)).not.toContain('Hushed')
  })
})
