/**
 * The planning view with contracts imported from published notices and contract registers (issue 12 part 3), on a
 * worked example: "Waste collection" (CPV 90500000) on a board of Chorley, Preston and South Ribble, today
 * 1 June 2026, default 18-month window and open procedure.
 * - Chorley entered its contract by hand: FCC Environment, ref CH-001, ends 31 Mar 2027, £800,000.
 * - Chorley also imported CH-001 from its register: the same contract, so the hand entry wins.
 * - Preston imported a notice: Veolia, "for a period of 3 years" → ends 30 Sep 2027 (estimated), £1,200,000,
 *   1+1 extensions → 30 Sep 2029.
 * - South Ribble imported a notice with no end date, and a register row that ended 31 Jan 2024.
 * Alone, Chorley's hand contract makes no renewal group; with Preston's imported one, both end within 18 months.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addMonths } from '../../../../shared/domain/dates.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import type { Pence } from '../../../../shared/domain/money.ts'
import { readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { createCategory, putContract } from '../../../../shared/doc/planning-writers.ts'
import { buildPlanningView, importedContractId } from '../../../../shared/doc/planning-view.ts'
import type { ImportedContract, ImportedContracts, OrgInfo } from '../../../../shared/doc/planning-view.ts'
import { describeEndBasis, describeImportedSource, IMPORTED_ORIGIN_LABELS, importedContractsFromBoard } from '../../../../shared/doc/imported-contracts.ts'
import { BoardContractsSchema } from '../../../../shared/schema/board-contracts-api.ts'

const TODAY = '2026-06-01' as IsoDate
const AT = '2026-06-01T09:00:00.000Z'
const ORGS: OrgInfo[] = [
  { id: 'chorley' as OrgId, name: 'Chorley Council', shortName: 'CC', colour: '#1f77b4' },
  { id: 'preston' as OrgId, name: 'Preston City Council', shortName: 'PCC', colour: '#2ca02c' },
  { id: 'southribble' as OrgId, name: 'South Ribble Borough Council', shortName: 'SRBC', colour: '#d62728' },
]

const imported = (over: Partial<ImportedContract> & Pick<ImportedContract, 'id' | 'orgId'>): ImportedContract => ({
  title: 'Waste collection',
  supplier: 'Veolia ES (UK) Ltd',
  valuePence: null,
  start: null,
  end: null,
  endIsEstimated: false,
  endBasis: { kind: 'unknown', quote: '' },
  endWithExtensions: null,
  cpvCodes: ['90511000'],
  noticeIds: [],
  linkReason: { kind: 'cpv', text: "CPV 90511000 is under the category's 90500000" },
  origin: 'notice',
  source: { filename: 'contracts.json', place: 'release 1' },
  reference: '',
  url: '',
  ...over,
})

const PRESTON = imported({
  id: 'k-preston',
  orgId: 'preston' as OrgId,
  valuePence: 120_000_000 as Pence,
  start: '2024-10-01' as IsoDate,
  end: '2027-09-30' as IsoDate,
  endIsEstimated: true,
  endBasis: { kind: 'wording', quote: 'for a period of 3 years' },
  endWithExtensions: '2029-09-30' as IsoDate,
  noticeIds: ['ocds-b5fd17-preston-1'],
})
const CHORLEY_TWIN = imported({ id: 'k-chorley', orgId: 'chorley' as OrgId, supplier: 'FCC Environment (UK) Limited', end: '2027-03-31' as IsoDate, endBasis: { kind: 'stated', quote: 'end date 2027-03-31' }, reference: 'ch-001', origin: 'register', source: { filename: 'chorley-register.csv', place: 'line 4' } })
const SR_OPEN = imported({ id: 'k-sr-open', orgId: 'southribble' as OrgId, noticeIds: ['ocds-b5fd17-sr-9'] })
const SR_OLD = imported({ id: 'k-sr-old', orgId: 'southribble' as OrgId, end: '2024-01-31' as IsoDate, endBasis: { kind: 'stated', quote: 'end date 2024-01-31' }, origin: 'register', valuePence: 5_000_000 as Pence })

function build(importedContracts?: ImportedContracts) {
  const board = new Y.Doc()
  const docs = { chorley: new Y.Doc(), preston: new Y.Doc(), southribble: new Y.Doc() }
  createCategory(board, { id: 'waste', name: 'Waste collection', supplyRisk: 3 }, 'ann', AT)
  putContract(docs.chorley, { id: 'c1', categoryId: 'waste', supplier: 'FCC Environment', start: '2022-04-01', end: '2027-03-31', extensionOptions: [], value: 80_000_000, reference: 'CH-001' })
  const orgDocs = new Map<OrgId, Y.Doc>(Object.entries(docs).map(([id, d]) => [id as OrgId, d]))
  const read = readPlanningBoard(board, orgDocs)
  expect(read.problems).toEqual([])
  const view = buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities, new Map(), importedContracts)
  const waste = view.categories.find((c) => c.id === 'waste')
  if (!waste) throw new Error('no waste category')
  return { view, waste }
}

describe('buildPlanningView with imported contracts', () => {
  it('without imports: hand-entered contracts only, as before', () => {
    const { view, waste } = build()
    expect(waste.importedContracts).toEqual([])
    expect(waste.renewalGroups).toEqual([])
    expect(view.renewalWindows).toEqual([])
    expect(waste.orgs.map((o) => o.org.id)).toEqual(['chorley'])
  })

  const { view, waste } = build(new Map([['waste', [SR_OLD, PRESTON, CHORLEY_TWIN, SR_OPEN]]]))

  it('shows every linked imported contract, by end (none last), with whether it counts and why not', () => {
    expect(waste.importedContracts.map((k) => [k.id, k.counts, k.leftOutBecause])).toEqual([
      ['k-sr-old', true, null],
      ['k-chorley', false, 'also entered by hand'],
      ['k-preston', true, null],
      ['k-sr-open', false, 'no end date'],
    ])
    expect(waste.importedContracts.find((k) => k.id === 'k-preston')?.contractId).toBe('imported:preston:k-preston')
    // Hand entry is unchanged.
    expect(waste.contracts.map((c) => c.id)).toEqual(['c1'])
  })

  it('lists each body with imported contracts, and its own imported contracts', () => {
    expect(waste.orgs.map((o) => o.org.id)).toEqual(['chorley', 'preston', 'southribble'])
    const sr = waste.orgs.find((o) => o.org.id === 'southribble')
    expect(sr?.importedContracts.map((k) => k.id)).toEqual(['k-sr-old', 'k-sr-open'])
    expect(sr?.contracts).toEqual([])
    expect(sr?.currentContract).toBeNull()
  })

  it('groups the hand-entered and the imported contract ending within 18 months', () => {
    expect(waste.renewalGroups).toHaveLength(1)
    const g = waste.renewalGroups[0]
    if (!g) throw new Error('no group')
    expect(g.orgIds).toEqual(['chorley', 'preston'])
    expect(g.members.map((m) => [m.contractId, m.end, m.endWithExtensions])).toEqual([
      ['c1', '2027-03-31', '2027-03-31'],
      ['imported:preston:k-preston', '2027-09-30', '2029-09-30'],
    ])
    // £800,000 entered by hand + £1,200,000 imported.
    expect(g.combinedValue.value).toBe(200_000_000)
    expect(g.combinedValue.sources).toEqual([
      { kind: 'contract', contractId: 'c1' },
      { kind: 'contract', contractId: importedContractId('preston', 'k-preston') },
    ])
    const lead = view.settings.renewal.leadTimes[view.settings.renewal.route]
    const start = addMonths('2027-03-31' as IsoDate, -lead)
    expect(start.ok && g.latestStart.value).toBe(start.ok ? start.value : null)
    expect(view.renewalWindows.map((w) => w.categoryId)).toEqual(['waste'])
  })

  it('counts the expired imported contract as expired, not in a group', () => {
    expect(waste.expiredContractIds).toEqual(['imported:southribble:k-sr-old'])
  })

  it('takes the nearest end from hand-entered and imported contracts alike', () => {
    expect(waste.nearestContractEnd?.value).toBe('2027-03-31')
    const onlyImported = build(new Map([['waste', [imported({ ...PRESTON, end: '2026-12-31' as IsoDate })]]])).waste
    expect(onlyImported.nearestContractEnd).toEqual({ value: '2026-12-31', sources: [{ kind: 'contract', contractId: 'imported:preston:k-preston' }] })
  })

  it('feeds the opportunity: contracts ending together', () => {
    expect(waste.opportunity?.renewalGroups).toHaveLength(1)
    expect(waste.missing).not.toContain('contracts')
    expect(view.problems).toEqual([])
  })

  it('counts a contract listed twice for a body once, and a joint contract once for each of its bodies', () => {
    const twice = build(new Map([['waste', [PRESTON, PRESTON]]])).waste
    expect(twice.importedContracts).toHaveLength(1)
    const joint = build(new Map([['waste', [PRESTON, { ...PRESTON, orgId: 'southribble' as OrgId }]]])).waste
    expect(joint.importedContracts.map((k) => k.contractId)).toEqual(['imported:preston:k-preston', 'imported:southribble:k-preston'])
  })

  it('treats the same supplier and end as the hand-entered contract too, and only for the same body', () => {
    const twin = imported({ id: 'k-twin', orgId: 'chorley' as OrgId, supplier: 'FCC ENVIRONMENT LTD', end: '2027-03-31' as IsoDate })
    const other = imported({ id: 'k-other', orgId: 'preston' as OrgId, supplier: 'FCC Environment', end: '2027-03-31' as IsoDate })
    const w = build(new Map([['waste', [twin, other]]])).waste
    expect(w.importedContracts.map((k) => [k.id, k.leftOutBecause])).toEqual([
      ['k-other', null],
      ['k-twin', 'also entered by hand'],
    ])
  })

  it('ignores imported contracts of categories not on the board', () => {
    const other = build(new Map([['fleet', [PRESTON]]])).waste
    expect(other.importedContracts).toEqual([])
    expect(other.renewalGroups).toEqual([])
  })
})

describe('importedContractsFromBoard', () => {
  const k = {
    id: 'k1', title: 'Waste collection', supplier: 'Veolia ES (UK) Ltd', valuePence: 120_000_000, start: '2024-10-01', end: '2027-09-30', endIsEstimated: true,
    endBasis: { kind: 'wording' as const, quote: 'for a period of 3 years' }, endWithExtensions: null, cpvCodes: ['90511000'], noticeIds: ['ocds-1'],
    linkReason: { kind: 'cpv' as const, text: "CPV 90511000 is under the category's 90500000" }, origin: 'notice' as const,
    source: { fileId: 'f1', filename: 'preston.json', place: 'release 1' }, reference: '', url: 'https://example.org/n/1', confidential: false,
  }
  const answer = BoardContractsSchema.parse({
    boardId: 'b',
    categories: [
      { categoryId: 'waste', name: 'Waste', byOrg: [{ orgId: 'preston', contracts: [k] }, { orgId: 'chorley', contracts: [] }] },
      { categoryId: 'fleet', name: 'Fleet', byOrg: [{ orgId: 'preston', contracts: [] }] },
    ],
  })

  it('keeps each body’s contracts under their category, with the body', () => {
    const got = importedContractsFromBoard(answer)
    expect([...got.keys()]).toEqual(['waste'])
    expect(got.get('waste')?.map((c) => [c.id, c.orgId, c.source.filename, c.linkReason.text])).toEqual([['k1', 'preston', 'preston.json', "CPV 90511000 is under the category's 90500000"]])
    expect(importedContractsFromBoard(null).size).toBe(0)
  })

  it('describes end bases and origins for people', () => {
    expect(describeEndBasis(k)).toBe('estimated from the wording: “for a period of 3 years”')
    expect(describeEndBasis({ end: '2027-01-01', endIsEstimated: false, endBasis: { kind: 'stated', quote: 'end date 2027-01-01' } })).toBe('end as published (end date 2027-01-01)')
    expect(describeEndBasis({ end: '2027-01-01', endIsEstimated: true, endBasis: { kind: 'cpv-typical', quote: 'typical term for CPV 905: 60 months' } })).toBe('estimated from typical terms for its CPV group: “typical term for CPV 905: 60 months”')
    expect(describeEndBasis({ end: null, endIsEstimated: false, endBasis: { kind: 'unknown', quote: '' } })).toBe('no end date published')
    expect(IMPORTED_ORIGIN_LABELS.register).toBe('from contract register')
    expect(describeImportedSource(k)).toBe('from published notices: preston.json, release 1, notice ocds-1')
    expect(describeImportedSource({ ...k, source: { ...k.source, place: 'notice 3 (ocds-1)' } })).toBe('from published notices: preston.json, notice 3 (ocds-1)')
    expect(describeImportedSource({ origin: 'register', noticeIds: [], source: { filename: 'norfolk.csv', place: 'line 40' } })).toBe('from contract register: norfolk.csv, line 40')
  })
})
