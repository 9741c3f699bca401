/**
 * Tests for shared/doc/planning-view.ts on a worked example: three Lancashire bodies, three categories, written
 * through the doc writers into real Y.Docs, assembled, and turned into the view the canvas and reports render.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import { sourceKey } from '../../../../shared/domain/traced.ts'
import { readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { addOpportunity, createCategory, putContract, setOrgEntry } from '../../../../shared/doc/planning-writers.ts'
import { buildPlanningView } from '../../../../shared/doc/planning-view.ts'
import type { OrgInfo } from '../../../../shared/doc/planning-view.ts'

const TODAY = '2025-06-01' as IsoDate
const AT = '2025-06-01T09:00:00.000Z'
const ORGS: OrgInfo[] = [
  { id: 'police' as OrgId, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
  { id: 'council' as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: 'fire' as OrgId, name: 'Lancashire Fire and Rescue Service', shortName: 'LFRS', colour: '#d62728' },
]

const entry = (pounds: number, mainSuppliers: string[], sourceLineIds: string[] = []) => ({
  annualSpend: pounds * 100,
  supplierCount: mainSuppliers.length,
  mainSuppliers,
  notes: '',
  sourceLineIds,
})
const contract = (id: string, categoryId: string, end: string, supplier: string, valuePounds: number) => ({
  id,
  categoryId,
  supplier,
  start: '2022-04-01',
  end,
  extensionOptions: [],
  value: valuePounds * 100,
})

function workedExample() {
  const board = new Y.Doc()
  const docs = { council: new Y.Doc(), police: new Y.Doc(), fire: new Y.Doc() }
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2, profitImpact: 2 }, 'ann', AT)
  createCategory(board, { id: 'legal', name: 'Legal services', supplyRisk: 3 }, 'ann', AT)
  createCategory(board, { id: 'it', name: 'IT hardware', supplyRisk: 1 }, 'bob', AT)
  createCategory(board, { id: 'cleaning', name: 'Cleaning' }, 'bob', AT)
  // Fleet tyres: £30,000 + £40,000 + £35,000.
  setOrgEntry(docs.council, 'tyres', entry(30_000, ['Kwik Fit']))
  setOrgEntry(docs.police, 'tyres', entry(40_000, ['Acme Tyres Ltd'], ['pcc-2024:12', 'pcc-2024:40']))
  setOrgEntry(docs.fire, 'tyres', entry(35_000, ['ACME TYRES LIMITED']))
  putContract(docs.police, contract('t1', 'tyres', '2026-03-31', 'Acme Tyres Ltd', 160_000))
  putContract(docs.fire, contract('t2', 'tyres', '2026-09-30', 'Acme Tyres Ltd', 140_000))
  putContract(docs.council, contract('t3', 'tyres', '2028-06-30', 'Kwik Fit', 120_000))
  // Legal services: the council alone, £500,000.
  setOrgEntry(docs.council, 'legal', entry(500_000, ['Browne Jacobson LLP']))
  // IT hardware: £90,000 + £20,000.
  setOrgEntry(docs.police, 'it', entry(90_000, ['XMA Ltd']))
  setOrgEntry(docs.fire, 'it', entry(20_000, ['Insight Direct']))
  addOpportunity(board, { id: 'opp-tyres', title: 'Joint tyre tender', categoryIds: ['tyres'] }, 'ann', AT)
  const orgDocs = new Map<OrgId, Y.Doc>(Object.entries(docs).map(([id, d]) => [id as OrgId, d]))
  const read = readPlanningBoard(board, orgDocs)
  expect(read.problems).toEqual([])
  return buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities)
}

describe('buildPlanningView on three organisations', () => {
  const view = workedExample()
  const cat = (id: string) => {
    const c = view.categories.find((x) => x.id === id)
    if (!c) throw new Error(`no category ${id}`)
    return c
  }

  it('orders categories by name and has no problems', () => {
    expect(view.categories.map((c) => c.id)).toEqual(['cleaning', 'tyres', 'it', 'legal'])
    expect(view.problems).toEqual([])
  })

  it('pools spend exactly and splits shares to exactly 10000 bps', () => {
    const tyres = cat('tyres')
    // 3,000,000 + 4,000,000 + 3,500,000 = 10,500,000p (£105,000).
    expect(tyres.pooledSpend.value).toBe(10_500_000)
    // Shares in org-id order council, fire, police: 2857.14, 3333.33, 3809.52 → floors 2857 + 3333 + 3809 = 9999;
    // the one bp left goes to the largest remainder (police .52).
    expect(tyres.orgs.map((o) => [o.org.id, o.annualSpend.value, o.shareBps?.value])).toEqual([
      ['council', 3_000_000, 2857],
      ['fire', 3_500_000, 3333],
      ['police', 4_000_000, 3810],
    ])
    expect(tyres.orgs.reduce((n, o) => n + (o.shareBps?.value ?? 0), 0)).toBe(10_000)
    // IT: fire 2,000,000 / 11,000,000 = 1818.18, police 8181.82 → 1818 + 8182.
    expect(cat('it').orgs.map((o) => o.shareBps?.value)).toEqual([1818, 8182])
    // Total: 10,500,000 + 50,000,000 + 11,000,000 = 71,500,000p.
    expect(view.totalPooledSpend.value).toBe(71_500_000)
    // Per organisation: council 3,000,000 + 50,000,000 = 53,000,000; fire 3,500,000 + 2,000,000 = 5,500,000;
    // police 4,000,000 + 9,000,000 = 13,000,000. Shares 7412.59, 769.23, 1818.18 → +1 to the council (.59).
    expect(view.orgTotals.map((o) => [o.org.shortName, o.spend.value, o.shareBps])).toEqual([
      ['LCC', 53_000_000, 7413],
      ['LFRS', 5_500_000, 769],
      ['LC', 13_000_000, 1818],
    ])
    expect(view.contributingOrgIds).toEqual(['council', 'fire', 'police'])
  })

  it('places each organisation alone and the pooled category (default thresholds: score 3 from £100k)', () => {
    const tyres = cat('tyres')
    // Alone: £30k, £35k, £40k are each ≥ £25k and < £100k → impact 2; risk 2 → noncritical.
    expect(tyres.orgs.map((o) => o.alone?.value.quadrant)).toEqual(['noncritical', 'noncritical', 'noncritical'])
    // Pooled: £105k ≥ £100k → impact 3, risk 2 → leverage.
    expect(tyres.quadrants.pooled?.value).toEqual({ annualSpend: 10_500_000, profitImpact: 3, quadrant: 'leverage' })
    // One placement: spend is entered, so profit impact comes from it (3), not from the hand score (2), which is
    // kept and reported as not used. Matrix, card and reports all read this.
    expect(tyres.quadrants.profitImpact).toEqual({ score: 3, basis: { kind: 'spend', annualSpend: 10_500_000, threshold: 10_000_000, score2Threshold: 2_500_000 }, unusedHandScore: 2 })
    expect(tyres.quadrants.placement?.value).toEqual({ supplyRisk: 2, profitImpact: 3, quadrant: 'leverage', basis: 'spend' })
    expect(tyres.quadrants.becomesLeverageWhenPooled).toBe(true)
    // Legal: £500k → impact 4 with risk 3 → strategic, alone and pooled alike.
    expect(cat('legal').quadrants.pooled?.value.quadrant).toBe('strategic')
    expect(cat('legal').quadrants.isChangedWhenPooled).toBe(false)
    // IT: £90k → 2, £20k → 1, risk 1 → noncritical alone; £110k → 3 → leverage pooled.
    expect(cat('it').orgs.map((o) => o.alone?.value.quadrant)).toEqual(['noncritical', 'noncritical'])
    expect(view.changedWhenPooled).toEqual(['tyres', 'it'])
    expect(view.leverageWhenPooled).toEqual(['tyres', 'it'])
    // Cleaning has no supply risk yet: no placement, and the view says what is missing.
    expect(cat('cleaning').quadrants.pooled).toBeNull()
    expect(cat('cleaning').missing).toEqual(['supply-risk', 'contracts'])
  })

  it('finds contracts ending together, their latest start and the nearest end', () => {
    const tyres = cat('tyres')
    expect(tyres.nearestContractEnd?.value).toBe('2026-03-31')
    expect(tyres.nearestContractEnd?.sources).toEqual([{ kind: 'contract', contractId: 't1' }])
    // t1 ends 2026-03-31; + 18 months = 2027-09-30 takes in t2 (2026-09-30) but not t3 (2028-06-30).
    // t2's window (to 2028-03-31) holds only t2, and t3's holds only the council: one group.
    expect(tyres.renewalGroups).toHaveLength(1)
    const group = tyres.renewalGroups[0]
    expect(group?.members.map((m) => m.contractId)).toEqual(['t1', 't2'])
    // Open procedure, 9 months: 2026-03-31 − 9 months = 2025-06-30, under 6 months from today → urgent.
    expect(group?.latestStart.value).toBe('2025-06-30')
    expect(group?.urgency).toBe('urgent')
    // £160,000 + £140,000.
    expect(group?.combinedValue.value).toBe(30_000_000)
    expect(view.renewalWindows.map((w) => w.categoryId)).toEqual(['tyres'])
  })

  it('ranks opportunities with latest start dates and estimated savings', () => {
    // Tyres: spend £105k → 3, three bodies → 3, urgent → 5, one shared supplier (Acme) → 1: 12.
    // IT: £110k → 3, two bodies → 2, no contracts → 0, none shared → 0: 5. Legal has one body: not an opportunity.
    expect(view.opportunities.map((o) => [o.rank, o.categoryId, o.score.total])).toEqual([[1, 'tyres', 12], [2, 'it', 5]])
    const [tyres, it_] = view.opportunities
    expect(tyres?.latestStart?.value).toBe('2025-06-30')
    // Leverage assumes 8%: 10,500,000 × 800 / 10000 = 840,000p (£8,400).
    expect(tyres?.estimatedSaving?.value).toBe(840_000)
    expect(tyres?.cardIds).toEqual(['opp-tyres'])
    // 11,000,000 × 8% = 880,000p.
    expect(it_?.estimatedSaving?.value).toBe(880_000)
    expect(it_?.latestStart).toBeNull()
    // Named by fire and police; the first spelling in organisation-id order is fire's.
    expect(cat('tyres').sharedSuppliers.map((s) => [s.name, s.orgIds])).toEqual([['ACME TYRES LIMITED', ['fire', 'police']]])
  })

  it('traces every figure to its source rows', () => {
    const police = cat('tyres').orgs.find((o) => o.org.id === 'police')
    expect(police?.annualSpend.sources.map(sourceKey)).toEqual(['org-entry:tyres:police', 'spend-line:pcc-2024:12', 'spend-line:pcc-2024:40'])
    expect(cat('tyres').pooledSpend.sources.map(sourceKey)).toEqual([
      'org-entry:tyres:council',
      'org-entry:tyres:fire',
      'org-entry:tyres:police',
      'spend-line:pcc-2024:12',
      'spend-line:pcc-2024:40',
    ])
    expect(cat('tyres').quadrants.pooled?.sources.map(sourceKey)).toContain('assumption:profit-impact-thresholds')
    expect(view.opportunities[0]?.estimatedSaving?.sources.map(sourceKey)).toContain('assumption:savings-rate:leverage')
    // In category display order: Fleet tyres before Legal services.
    expect(view.orgTotals[0]?.spend.sources.map(sourceKey)).toEqual(['org-entry:tyres:council', 'org-entry:legal:council'])
  })

  it('describes an organisation the caller did not list by its id', () => {
    const board = new Y.Doc()
    const stranger = new Y.Doc()
    createCategory(board, { id: 'x', name: 'X', supplyRisk: 1 }, 'ann', AT)
    setOrgEntry(stranger, 'x', entry(10, []))
    const read = readPlanningBoard(board, new Map([['nobody' as OrgId, stranger]]))
    const v = buildPlanningView(read.value.plans, [], read.value.settings, TODAY)
    expect(v.categories[0]?.orgs[0]?.org).toEqual({ id: 'nobody', name: 'nobody', shortName: 'nobody', colour: '#888888' })
  })
})

describe('one profit impact rule on the board (issue 10 A5)', () => {
  const build = (withSpend: boolean, handScore: number | undefined) => {
    const board = new Y.Doc()
    const council = new Y.Doc()
    createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2, ...(handScore === undefined ? {} : { profitImpact: handScore }) }, 'ann', AT)
    if (withSpend) setOrgEntry(council, 'tyres', entry(2_400_000, ['Kwik Fit']))
    const read = readPlanningBoard(board, new Map([['council' as OrgId, council]]))
    const view = buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities)
    const c = view.categories[0]
    if (!c) throw new Error('no category')
    return c
  }

  it('uses the hand score while no spend is entered, and says so', () => {
    const c = build(false, 2)
    expect(c.quadrants.profitImpact).toEqual({ score: 2, basis: { kind: 'hand' }, unusedHandScore: null })
    expect(c.quadrants.placement?.value).toEqual({ supplyRisk: 2, profitImpact: 2, quadrant: 'noncritical', basis: 'hand' })
    expect(c.quadrants.placement?.sources.map(sourceKey)).toContain('assumption:profit-impact-hand-score')
    // Nothing to compare alone vs pooled without spend.
    expect(c.quadrants.pooled).toBeNull()
    expect(c.quadrants.isChangedWhenPooled).toBe(false)
  })

  it('once spend exists, profit impact comes from it and the hand score is kept but not used', () => {
    const c = build(true, 2)
    expect(c.quadrants.profitImpact?.score).toBe(5)
    expect(c.quadrants.profitImpact?.unusedHandScore).toBe(2)
    expect(c.quadrants.placement?.value).toEqual({ supplyRisk: 2, profitImpact: 5, quadrant: 'leverage', basis: 'spend' })
    expect(c.quadrants.pooled?.value.profitImpact).toBe(5)
  })

  it('with neither spend nor a hand score the category is not placed', () => {
    const c = build(false, undefined)
    expect(c.quadrants.profitImpact).toBeNull()
    expect(c.quadrants.placement).toBeNull()
  })
})
