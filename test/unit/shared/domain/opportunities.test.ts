/** Tests for shared/domain/opportunities.ts: combined spend, savings assumptions, ranking and traceability. */
import { describe, expect, it } from 'vitest'
import { createCategoryPlan } from '../../../../shared/domain/category-plan.ts'
import type { CategoryPlan, Contract, OrgEntry } from '../../../../shared/domain/category-plan.ts'
import { DEFAULT_OPPORTUNITY_SETTINGS, findOpportunities } from '../../../../shared/domain/opportunities.ts'
import type { CategoryId } from '../../../../shared/domain/ids.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { KraljicScore } from '../../../../shared/domain/kraljic.ts'
import type { BasisPoints, Pence } from '../../../../shared/domain/money.ts'

const TODAY = '2025-06-01' as IsoDate
const entry = (orgId: string, pounds: number, mainSuppliers: string[] = [], sourceLineIds: string[] = []): OrgEntry =>
  ({ orgId, annualSpend: pounds * 100, supplierCount: mainSuppliers.length, mainSuppliers, notes: '', sourceLineIds }) as OrgEntry
const contract = (id: string, orgId: string, categoryId: string, end: string): Contract =>
  ({ id, orgId, categoryId, supplier: 'Acme', start: '2022-01-01', end, extensionOptions: [] as number[], value: 0 }) as Contract

function card(id: string, name: string, entries: OrgEntry[], supplyRisk?: number, contracts: Contract[] = []): CategoryPlan {
  const c = createCategoryPlan(id as CategoryId, name)
  return { ...c, entries, contracts, scores: supplyRisk === undefined ? {} : { supplyRisk: supplyRisk as KraljicScore } }
}

const tyres = card(
  'tyres',
  'Fleet tyres',
  [entry('police', 40_000, ['Acme Tyres Ltd'], ['pcc-2024:12', 'pcc-2024:40']), entry('fire', 35_000, ['ACME TYRES LIMITED']), entry('council', 30_000, ['Kwik Fit'])],
  2,
  [contract('t1', 'police', 'tyres', '2026-03-31'), contract('t2', 'fire', 'tyres', '2026-09-30')],
)
const legal = card('legal', 'Legal services', [entry('council', 500_000)], 3)
const it_ = card('it', 'IT hardware', [entry('police', 3_000_000), entry('fire', 1_000_000)])

describe('findOpportunities', () => {
  const r = findOpportunities([legal, it_, tyres], TODAY)
  if (!r.ok) throw new Error(r.error.message)
  const [first, second] = r.value

  it('keeps only categories with two or more bodies and ranks them', () => {
    // Legal has one body and no contracts: not an opportunity.
    expect(r.value.map((o) => o.categoryId)).toEqual(['tyres', 'it'])
    // Tyres: spend £105k → 3; 3 bodies → 3; latest start 2025-06-30 is urgent → 5; 1 shared supplier → 1. Total 12.
    expect(first?.score).toEqual({ spend: 3, organisations: 3, urgency: 5, sharedSuppliers: 1, total: 12 })
    // IT: £4m → 5; 2 bodies → 2; no contracts → 0; none shared → 0. Total 7.
    expect(second?.score).toEqual({ spend: 5, organisations: 2, urgency: 0, sharedSuppliers: 0, total: 7 })
  })

  it('estimates savings from the pooled quadrant: £105,000 × 8% (leverage) = £8,400', () => {
    expect(first?.placement?.pooled.quadrant).toBe('leverage')
    expect(first?.estimatedSaving?.value).toBe(840_000)
    expect(first?.estimatedSaving?.rateBps).toBe(800)
    expect(first?.estimatedSaving?.sources).toContainEqual({ kind: 'assumption', name: 'savings-rate:leverage' })
  })

  it('traces combined spend to organisation entries and spend lines', () => {
    expect(first?.combinedSpend.value).toBe(10_500_000)
    expect(first?.combinedSpend.sources).toEqual([
      { kind: 'org-entry', categoryId: 'tyres', orgId: 'police' },
      { kind: 'spend-line', lineId: 'pcc-2024:12' },
      { kind: 'spend-line', lineId: 'pcc-2024:40' },
      { kind: 'org-entry', categoryId: 'tyres', orgId: 'fire' },
      { kind: 'org-entry', categoryId: 'tyres', orgId: 'council' },
    ])
  })

  it('matches shared suppliers across spellings', () => {
    expect(first?.sharedSuppliers.value).toEqual([{ key: 'acme tyres', name: 'ACME TYRES LIMITED', orgIds: ['fire', 'police'] }])
    expect(first?.renewalGroups).toHaveLength(1)
    expect(first?.urgency).toBe('urgent')
  })

  it('says what is missing instead of guessing', () => {
    expect(second?.missing).toEqual(['supply-risk', 'contracts'])
    expect(second?.placement).toBeNull()
    expect(second?.estimatedSaving).toBeNull()
  })

  it('applies edited savings assumptions and is order-independent', () => {
    const edited = findOpportunities([tyres], TODAY, {
      ...DEFAULT_OPPORTUNITY_SETTINGS,
      savingsRatesBps: { ...DEFAULT_OPPORTUNITY_SETTINGS.savingsRatesBps, leverage: 1250 as BasisPoints },
    })
    // £105,000 × 12.5% = £13,125.
    expect(edited.ok && edited.value[0]?.estimatedSaving?.value).toBe(1_312_500)
    expect(findOpportunities([tyres, it_, legal], TODAY)).toEqual(r)
  })

  it('rejects invalid settings', () => {
    const bad = findOpportunities([tyres], TODAY, {
      ...DEFAULT_OPPORTUNITY_SETTINGS,
      savingsRatesBps: { ...DEFAULT_OPPORTUNITY_SETTINGS.savingsRatesBps, bottleneck: 20_000 as BasisPoints },
    })
    expect(bad.ok ? null : bad.error.code).toBe('invalid-settings')
    const badT = findOpportunities([tyres], TODAY, { ...DEFAULT_OPPORTUNITY_SETTINGS, thresholds: { score2: 5 as Pence, score3: 1 as Pence, score4: 6 as Pence, score5: 7 as Pence } })
    expect(badT.ok ? null : badT.error.code).toBe('invalid-thresholds')
  })
})

