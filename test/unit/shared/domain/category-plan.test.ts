/** Tests for shared/domain/category-plan.ts: the category card schema and its cross-field rules. */
import { describe, expect, it } from 'vitest'
import { createCategoryPlan, poolingInputOf, validateCategory, validateContract } from '../../../../shared/domain/category-plan.ts'
import { compareAloneVsPooled } from '../../../../shared/domain/kraljic.ts'
import type { CategoryId } from '../../../../shared/domain/ids.ts'

function validCard(): Record<string, unknown> {
  return {
    id: 'cat-fleet',
    name: 'Fleet tyres',
    proclassCode: '291120',
    cpvCodes: ['34350000'],
    owner: 'Jo Buyer',
    status: 'analysing',
    entries: [
      { orgId: 'lancs-police', annualSpend: 12_000_000, supplierCount: 4, mainSuppliers: ['Acme Tyres Ltd'], contractEnd: '2026-03-31', notes: '', sourceLineIds: ['pcc-2024:12'] },
      { orgId: 'lancs-fire', annualSpend: 3_500_000, supplierCount: 2, mainSuppliers: [], notes: 'spot buys', sourceLineIds: [] },
    ],
    scores: { supplyRisk: 2 },
    contracts: [
      { id: 'c1', orgId: 'lancs-police', categoryId: 'cat-fleet', supplier: 'Acme Tyres Ltd', start: '2022-04-01', end: '2026-03-31', extensionOptions: [12, 12], value: 48_000_000, route: 'framework-further-competition' },
    ],
    specification: { currentRequirement: 'Tyres', need: 'Roadworthy fleet', want: 'Premium brands', outcome: 'No vehicle off road for tyres', outputMeasures: ['VOR hours'] },
    plan: {
      objectives: ['Single contract'],
      milestones: [{ title: 'Strategy agreed', owner: 'Jo', due: '2025-09-30' }],
      savingsTarget: 500_000,
      governance: [{ activity: 'Approve strategy', assignments: { 'lancs-police': 'A', 'lancs-fire': 'C' } }],
    },
  }
}

describe('validateCategory', () => {
  it('accepts a valid card', () => {
    expect(validateCategory(validCard()).ok).toBe(true)
  })

  it('accepts a fresh empty card', () => {
    expect(validateCategory(createCategoryPlan('c' as CategoryId, 'New')).ok).toBe(true)
  })

  const broken: [string, (c: any) => void, string][] = [
    ['fractional pence', (c) => (c.entries[0].annualSpend = 12.5), 'entries.0.annualSpend'],
    ['negative annual spend', (c) => (c.entries[0].annualSpend = -1), 'entries.0.annualSpend'],
    ['unknown status', (c) => (c.status = 'done'), 'status'],
    ['impossible date', (c) => (c.contracts[0].end = '2026-02-30'), 'contracts.0.end'],
    ['CPV with check digit', (c) => (c.cpvCodes = ['34350000-5']), 'cpvCodes.0'],
    ['score out of range', (c) => (c.scores.supplyRisk = 6), 'scores.supplyRisk'],
    ['duplicate organisation', (c) => c.entries.push({ ...c.entries[0] }), 'entries.2.orgId'],
    ['contract ends before start', (c) => (c.contracts[0].end = '2021-01-01'), 'contracts.0.end'],
    ['contract of another category', (c) => (c.contracts[0].categoryId = 'other'), 'contracts.0.categoryId'],
    ['two accountable', (c) => (c.plan.governance[0].assignments['lancs-fire'] = 'A'), 'plan.governance.0'],
    ['no accountable', (c) => (c.plan.governance[0].assignments['lancs-police'] = 'R'), 'plan.governance.0'],
    ['RACI org without entry', (c) => (c.plan.governance[0].assignments['nhs-trust'] = 'I'), 'plan.governance.0.assignments.nhs-trust'],
  ]
  it.each(broken)('rejects %s', (_name, breakIt, path) => {
    const card = validCard()
    breakIt(card)
    const r = validateCategory(card)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invalid-category')
    expect((r.error.details as { path: string }[]).map((i) => i.path)).toContain(path)
  })

  it('never throws on garbage', () => {
    for (const g of [null, 1, 'x', [], {}, { id: 'a' }]) expect(validateCategory(g).ok).toBe(false)
  })
})

describe('validateContract', () => {
  it('checks end ≥ start', () => {
    const c = (validCard().contracts as Record<string, unknown>[])[0]
    expect(validateContract(c).ok).toBe(true)
    expect(validateContract({ ...c, start: '2027-01-01' }).ok).toBe(false)
  })
})

describe('poolingInputOf', () => {
  it('feeds a validated card to compareAloneVsPooled', () => {
    const card = validateCategory(validCard())
    if (!card.ok) throw new Error(card.error.message)
    // Supply risk 2; police £120k → 3 (leverage), fire £35k → 2 (noncritical); pooled £155k → 3: leverage.
    const r = compareAloneVsPooled(poolingInputOf(card.value))
    expect(r.ok && r.value.pooled.quadrant).toBe('leverage')
    expect(r.ok && r.value.alone.map((a) => [a.orgId, a.quadrant])).toEqual([
      ['lancs-fire', 'noncritical'],
      ['lancs-police', 'leverage'],
    ])
  })
})
