/**
 * One contract model in the documents (issue 10 A6): "current contract ends" is the organisation's current contract;
 * an older board's `entries.contractEnd` is read as a derived contract and written as a real one on the next edit,
 * idempotently; renewals, the timeline's contracts, opportunities and the nearest end all see it.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { currentContractId } from '../../../../shared/domain/current-contract.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { CategoryId, OrgId } from '../../../../shared/domain/ids.ts'
import { readOrgData, readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { CONTRACTS_KEY, ENTRIES_KEY } from '../../../../shared/doc/planning-schema.ts'
import { buildPlanningView, type OrgInfo } from '../../../../shared/doc/planning-view.ts'
import { createCategory, migrateEntryContractEnd, putContract, setCurrentContractEnd, setOrgEntry } from '../../../../shared/doc/planning-writers.ts'

const TODAY = '2025-06-01' as IsoDate
const AT = '2025-06-01T09:00:00.000Z'
const POLICE = 'police' as OrgId
const FIRE = 'fire' as OrgId
const ORGS: OrgInfo[] = [
  { id: POLICE, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
  { id: FIRE, name: 'Lancashire Fire and Rescue Service', shortName: 'LFRS', colour: '#d62728' },
]
const entry = { annualSpend: 4_000_000, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [] }

/** An older board: the entry carries the date, written straight into the map as the old client did. */
function legacyOrgDoc(contractEnd: string, categoryId = 'tyres'): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap(ENTRIES_KEY).set(categoryId, { ...entry, contractEnd })
  return doc
}

function viewOf(orgDocs: Map<OrgId, Y.Doc>) {
  const board = new Y.Doc()
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, 'ann', AT)
  const read = readPlanningBoard(board, orgDocs)
  expect(read.problems).toEqual([])
  const view = buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities)
  const c = view.categories[0]
  if (!c) throw new Error('no category')
  return { view, c }
}

describe('reading an older board', () => {
  it('reads entries.contractEnd as the organisation’s current contract, marked derived', () => {
    const read = readOrgData(legacyOrgDoc('2026-03-31'), POLICE)
    expect(read.problems).toEqual([])
    expect(read.value.contracts).toEqual([
      { id: currentContractId(POLICE, 'tyres' as CategoryId), orgId: POLICE, categoryId: 'tyres', supplier: '', end: '2026-03-31', extensionOptions: [], isDerived: true },
    ])
  })

  it('renewals, nearest end, opportunities and each body’s current contract all use the date entered once', () => {
    // Two bodies each entered only "current contract ends" (2026-03-31, 2026-09-30): within 18 months of each other.
    const { view, c } = viewOf(new Map([[POLICE, legacyOrgDoc('2026-03-31')], [FIRE, legacyOrgDoc('2026-09-30')]]))
    expect(c.renewalGroups).toHaveLength(1)
    expect(c.renewalGroups[0]?.orgIds).toEqual(['fire', 'police'])
    expect(c.renewalGroups[0]?.earliestEnd.value).toBe('2026-03-31')
    expect(c.nearestContractEnd?.value).toBe('2026-03-31')
    expect(c.orgs.map((o) => o.currentContract?.end)).toEqual(['2026-09-30', '2026-03-31'])
    expect(view.renewalWindows.map((w) => w.categoryId)).toEqual(['tyres'])
    expect(view.opportunities[0]?.latestStart?.value).toBe(c.renewalGroups[0]?.latestStart.value)
    expect(c.missing).not.toContain('contracts')
  })

  it('a legacy date already entered as a contract is not counted twice', () => {
    const doc = legacyOrgDoc('2026-03-31')
    putContract(doc, { id: 'k1', categoryId: 'tyres', supplier: 'Acme', start: '2022-04-01', end: '2026-03-31', extensionOptions: [], value: 100 })
    expect(readOrgData(doc, POLICE).value.contracts.map((k) => k.id)).toEqual(['k1'])
  })
})

describe('migrating on the next edit', () => {
  it('writes the derived contract as a real one and clears the entry’s field, idempotently', () => {
    const doc = legacyOrgDoc('2026-03-31')
    const before = readOrgData(doc, POLICE).value.contracts
    const first = migrateEntryContractEnd(doc, POLICE, 'tyres')
    expect(first.ok && first.value?.id).toBe(currentContractId(POLICE, 'tyres' as CategoryId))
    expect((doc.getMap(ENTRIES_KEY).get('tyres') as Record<string, unknown>)['contractEnd']).toBeUndefined()
    const after = readOrgData(doc, POLICE).value.contracts
    expect(after).toEqual(before.map(({ isDerived: _d, ...c }) => c))
    const snapshot = Y.encodeStateAsUpdate(doc)
    expect(migrateEntryContractEnd(doc, POLICE, 'tyres')).toEqual({ ok: true, value: null })
    // Nothing written the second time.
    expect(Y.encodeStateAsUpdate(doc)).toEqual(snapshot)
  })

  it('two screens migrating at once converge on one contract', () => {
    const a = legacyOrgDoc('2026-03-31')
    const b = new Y.Doc()
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    migrateEntryContractEnd(a, POLICE, 'tyres')
    migrateEntryContractEnd(b, POLICE, 'tyres')
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(readOrgData(a, POLICE).value).toEqual(readOrgData(b, POLICE).value)
    expect(readOrgData(a, POLICE).value.contracts).toHaveLength(1)
    expect(a.getMap(CONTRACTS_KEY).size).toBe(1)
  })
})

describe('setCurrentContractEnd: the shortcut edits the one contract', () => {
  it('creates the current contract when there is none, then edits the same record', () => {
    const doc = new Y.Doc()
    setOrgEntry(doc, 'tyres', entry)
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2026-03-31', TODAY).ok).toBe(true)
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2026-06-30', TODAY).ok).toBe(true)
    const contracts = readOrgData(doc, POLICE).value.contracts
    expect(contracts).toEqual([{ id: currentContractId(POLICE, 'tyres' as CategoryId), orgId: POLICE, categoryId: 'tyres', supplier: '', end: '2026-06-30', extensionOptions: [] }])
  })

  it('changes the end of an existing current contract (entered under Contracts), keeping everything else', () => {
    const doc = new Y.Doc()
    putContract(doc, { id: 'k1', categoryId: 'tyres', supplier: 'Acme', start: '2022-04-01', end: '2026-03-31', extensionOptions: [12], value: 100 })
    putContract(doc, { id: 'k0', categoryId: 'tyres', supplier: 'Old', start: '2019-04-01', end: '2022-03-31', extensionOptions: [], value: 50 })
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2026-09-30', TODAY).ok).toBe(true)
    const k1 = readOrgData(doc, POLICE).value.contracts.find((k) => k.id === 'k1')
    expect(k1).toEqual({ id: 'k1', orgId: POLICE, categoryId: 'tyres', supplier: 'Acme', start: '2022-04-01', end: '2026-09-30', extensionOptions: [12], value: 100 })
    expect(readOrgData(doc, POLICE).value.contracts).toHaveLength(2)
  })

  it('migrates a legacy date and applies the new one in one step: one contract, no old date left', () => {
    const doc = legacyOrgDoc('2026-03-31')
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2026-12-31', TODAY).ok).toBe(true)
    expect(readOrgData(doc, POLICE).value.contracts.map((k) => [k.end, k.isDerived])).toEqual([['2026-12-31', undefined]])
    expect(readOrgData(doc, POLICE).value.entries[0]?.contractEnd).toBeUndefined()
  })

  it('refuses an end before the contract’s start and a bad date, writing nothing', () => {
    const doc = new Y.Doc()
    putContract(doc, { id: 'k1', categoryId: 'tyres', supplier: 'Acme', start: '2022-04-01', end: '2026-03-31', extensionOptions: [], value: 100 })
    const snapshot = Y.encodeStateAsUpdate(doc)
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2021-01-01', '2020-01-01' as IsoDate).ok).toBe(false)
    expect(setCurrentContractEnd(doc, POLICE, 'tyres', '2026-02-30', TODAY).ok).toBe(false)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(snapshot)
  })

  it('clearing the date never removes a real contract', () => {
    const doc = new Y.Doc()
    setCurrentContractEnd(doc, POLICE, 'tyres', '2026-03-31', TODAY)
    const cleared = setCurrentContractEnd(doc, POLICE, 'tyres', null, TODAY)
    expect(cleared.ok).toBe(false)
    expect(readOrgData(doc, POLICE).value.contracts).toHaveLength(1)
  })
})
