import { describe, expect, it } from 'vitest'
import { rankCollaborationPairs, valuePoints } from '../../../../shared/contracts/collaboration.ts'
import type { CollaborationContract, CollaborationInput } from '../../../../shared/contracts/collaboration.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import { CollaborationPairsSchema } from '../../../../shared/schema/contracts-api.ts'

const d = (s: string) => s as IsoDate
const LABELS = {
  '90500000': 'Refuse and waste related services',
  '90900000': 'Cleaning and sanitation services',
  '79100000': 'Legal services',
}
const ORGS = [
  { id: 'wyre', name: 'Wyre Council' },
  { id: 'pres', name: 'Preston City Council' },
  { id: 'chor', name: 'Chorley Council' },
  { id: 'srib', name: 'South Ribble Borough Council' },
]

function contract(id: string, orgIds: string[], end: string | null, more: Partial<CollaborationContract> = {}): CollaborationContract {
  return {
    id, orgIds, title: `Contract ${id}`, supplier: `Supplier of ${id}`, valuePence: null, end: end === null ? null : d(end),
    endIsEstimated: false, cpvCodes: [], noticeIds: [`n-${id}`], ...more,
  }
}

// Worked example, today 2026-01-01, window 18 months, lead time 9 months (open procedure):
// waste (905): Chorley ends 2027-06-30 (£3m), South Ribble 2027-12-31 (no value), Preston 2028-08-31 (estimated, £1.2m).
// cleaning (909): Chorley 2030-01-01 and Preston 2030-03-01 — both after 2026-01-01 + 18 + 9 months = 2028-04-01, so
// shared but not yet aligned. Legal (791): both used Weightmans LLP in 2025 (within 36 months). Old Co: 2020/2021, too old.
const CONTRACTS: CollaborationContract[] = [
  contract('c1', ['chor'], '2027-06-30', { cpvCodes: ['90511000'], valuePence: 300_000_000, supplier: 'Veolia ES (UK) Ltd', title: 'Waste collection' }),
  contract('s1', ['srib'], '2027-12-31', { cpvCodes: ['90500000'], supplier: 'Biffa', title: 'Waste disposal' }),
  contract('p1', ['pres'], '2028-08-31', { cpvCodes: ['90512000'], valuePence: 120_000_000, supplier: 'VEOLIA ES (UK) LIMITED', endIsEstimated: true, title: 'Refuse transport' }),
  contract('c2', ['chor'], '2030-01-01', { cpvCodes: ['90910000'], supplier: 'Cleanco' }),
  contract('p2', ['pres'], '2030-03-01', { cpvCodes: ['90911000'], supplier: 'Sparkle Ltd' }),
  contract('c3', ['chor'], '2025-06-30', { cpvCodes: ['79100000'], supplier: 'Weightmans LLP' }),
  contract('p3', ['pres'], '2025-12-31', { cpvCodes: ['79110000'], supplier: 'Weightmans LLP' }),
  contract('c4', ['chor'], '2020-01-01', { supplier: 'Old Co Ltd' }),
  contract('p4', ['pres'], '2021-01-01', { supplier: 'Old Co Limited' }),
  contract('c5', ['chor'], '2027-01-01', { supplier: 'REDACTED' }),
  contract('p5', ['pres'], '2027-01-01', { supplier: 'Redacted personal data' }),
  // Belongs to a body that is not a Pooled organisation here: ignored.
  contract('x1', ['elsewhere'], '2027-07-01', { cpvCodes: ['90500000'], supplier: 'Biffa' }),
]
const BASE: CollaborationInput = {
  orgs: ORGS,
  contracts: CONTRACTS,
  joint: [{ noticeIds: ['n-joint-1'], title: 'Battery machinery', orgIds: ['chor', 'srib'] }],
  today: d('2026-01-01'),
  cpvLabels: LABELS,
}

function rank(input: CollaborationInput = BASE) {
  const r = rankCollaborationPairs(input)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('rankCollaborationPairs: the worked example', () => {
  const result = rank()

  it('matches the REST schema and ranks best first, leaving out pairs that score nothing', () => {
    expect(CollaborationPairsSchema.parse(result)).toEqual(result)
    expect(result.windowMonths).toBe(18)
    expect(result.pairs.map((p) => [p.names, p.score])).toEqual([
      [['Chorley Council', 'South Ribble Borough Council'], 47],
      [['Chorley Council', 'Preston City Council'], 37],
      [['Preston City Council', 'South Ribble Borough Council'], 30],
    ])
  })

  it('Chorley and Preston: aligned waste contracts, two suppliers in common, £4.2m', () => {
    const p = result.pairs[1]
    expect(p?.orgIds).toEqual(['chor', 'pres'])
    expect(p?.alignedContracts).toEqual([{
      cpvGroup: '905', cpvGroupLabel: 'Refuse and waste related services', contractIds: ['c1', 'p1'],
      titles: ['Waste collection', 'Refuse transport'], ends: ['2027-06-30', '2028-08-31'], latestStart: '2026-09-30',
      combinedValuePence: 420_000_000,
    }])
    expect(p?.sharedCpvGroups).toEqual([
      { code: '905', label: 'Refuse and waste related services' },
      { code: '909', label: 'Cleaning and sanitation services' },
    ])
    // Veolia's two spellings are one supplier; Weightmans ended in 2025 (within 36 months); Old Co is too old;
    // withheld names are never suppliers in common.
    expect(p?.sharedSuppliers).toEqual(['VEOLIA ES (UK) LIMITED', 'Weightmans LLP'])
    expect(p?.jointProcurements).toEqual([])
    expect(p?.combinedValuePence).toBe(420_000_000)
    expect(p?.reasons).toEqual([
      {
        kind: 'aligned-contracts', points: 20,
        text: '2 contracts for Refuse and waste related services end within 15 months of each other (Jun 2027 – Aug 2028, 1 end date estimated); start by Sep 2026',
      },
      { kind: 'shared-suppliers', points: 4, text: '2 suppliers in common: VEOLIA ES (UK) LIMITED, Weightmans LLP' },
      // 5 × log10(£4.2m / £10k) = 13.1
      { kind: 'combined-value', points: 13, text: '£4.2m combined across the 2 contracts that end together' },
    ])
  })

  it('Chorley and South Ribble: bought together before, and a contract with no value is said so', () => {
    const p = result.pairs[0]
    expect(p?.jointProcurements).toEqual([{ noticeIds: ['n-joint-1'], title: 'Battery machinery' }])
    expect(p?.reasons).toEqual([
      {
        kind: 'aligned-contracts', points: 20,
        text: '2 contracts for Refuse and waste related services end within 7 months of each other (Jun 2027 – Dec 2027); start by Sep 2026',
      },
      { kind: 'joint-history', points: 15, text: 'bought together before: 1 joint procurement, e.g. “Battery machinery”' },
      { kind: 'combined-value', points: 12, text: '£3m combined across the 2 contracts that end together (1 has no published value)' },
    ])
  })

  it('finds the group of three with waste contracts in one window', () => {
    expect(result.groups).toEqual([{
      orgIds: ['chor', 'pres', 'srib'],
      names: ['Chorley Council', 'Preston City Council', 'South Ribble Borough Council'],
      cpvGroup: '905', cpvGroupLabel: 'Refuse and waste related services', latestStart: '2026-09-30',
      combinedValuePence: 420_000_000, contractIds: ['c1', 's1', 'p1'],
    }])
  })

  it('gives the same answer whatever the order of its input', () => {
    const shuffled = rank({ ...BASE, orgs: [...ORGS].reverse(), contracts: [...CONTRACTS].reverse() })
    expect(shuffled).toEqual(result)
  })
})

describe('rankCollaborationPairs: window, lead time and dates', () => {
  it('a 6-month window aligns nothing here; only joint history and suppliers remain', () => {
    const r = rank({ ...BASE, windowMonths: 6 })
    expect(r.pairs.map((p) => [p.orgIds, p.score])).toEqual([[['chor', 'srib'], 15], [['chor', 'pres'], 4]])
    expect(r.groups).toEqual([])
  })

  it('a longer window reaches the cleaning contracts ending in 2030', () => {
    const r = rank({ ...BASE, windowMonths: 48 })
    const cp = r.pairs.find((p) => p.orgIds.join() === 'chor,pres')
    // Chorley's waste (2027-06-30) window now runs to 2031-06-30: one entry holds both waste contracts; cleaning is its own.
    expect(cp?.alignedContracts.map((a) => [a.cpvGroup, a.contractIds])).toEqual([['905', ['c1', 'p1']], ['909', ['c2', 'p2']]])
  })

  it('says when the latest start has passed', () => {
    const r = rank({ ...BASE, today: d('2027-01-01') })
    const cs = r.pairs.find((p) => p.orgIds.join() === 'chor,srib')
    expect(cs?.reasons[0]?.text).toBe(
      '2 contracts for Refuse and waste related services end within 7 months of each other (Jun 2027 – Dec 2027); the latest start (Sep 2026) has passed, so one contract would need extending to buy together',
    )
  })

  it('leaves out contracts that have ended or have no end date', () => {
    const r = rank({
      ...BASE,
      joint: [],
      contracts: [
        contract('a', ['chor'], '2025-12-31', { cpvCodes: ['90500000'] }),
        contract('b', ['pres'], '2026-03-31', { cpvCodes: ['90500000'] }),
        contract('c', ['pres'], null, { cpvCodes: ['90500000'] }),
      ],
    })
    expect(r.pairs).toEqual([])
  })

  it('one joint contract of two bodies does not align with itself', () => {
    const r = rank({ ...BASE, joint: [], contracts: [contract('j', ['chor', 'pres'], '2027-01-01', { cpvCodes: ['90500000'], supplier: '' })] })
    expect(r.pairs).toEqual([])
  })

  it('counts estimated ends and says all are estimated', () => {
    const r = rank({
      ...BASE,
      joint: [],
      contracts: [
        contract('a', ['chor'], '2026-06-15', { cpvCodes: ['79100000'], endIsEstimated: true }),
        contract('b', ['pres'], '2026-06-20', { cpvCodes: ['79100000'], endIsEstimated: true }),
      ],
    })
    expect(r.pairs[0]?.reasons).toEqual([{
      kind: 'aligned-contracts', points: 20,
      text: '2 contracts for Legal services end within a month of each other (Jun 2026, end dates estimated); the latest start (Sep 2025) has passed, so one contract would need extending to buy together',
    }])
  })

  it('refuses a window outside 1–120 months and a bad lead time', () => {
    for (const windowMonths of [0, 121, 1.5]) {
      const r = rankCollaborationPairs({ ...BASE, windowMonths })
      expect(r.ok ? null : r.error.code).toBe('invalid-settings')
    }
    const r = rankCollaborationPairs({ ...BASE, leadTimeMonths: -1 })
    expect(r.ok ? null : r.error.code).toBe('invalid-settings')
  })
})

describe('valuePoints', () => {
  it.each([
    [999_999, 0], [1_000_000, 0], [10_000_000, 5], [100_000_000, 10], [420_000_000, 13], [1_000_000_000, 15], [100_000_000_000, 25], [1e15, 25],
  ])('%d pence → %d points', (pence, points) => {
    expect(valuePoints(pence)).toBe(points)
  })
})

describe('rankCollaborationPairs: the cap on aligned contracts', () => {
  it('stops at 100 points, earliest latest start first, and still shows every aligned entry', () => {
    // Four CPV groups with three contracts each (30 points each): 30 + 30 + 30 + 10.
    const groups = ['905', '909', '791', '452']
    const contracts = groups.flatMap((g, i) => [
      contract(`a${g}`, ['chor'], `2026-0${i + 3}-01`, { cpvCodes: [`${g}00000`], supplier: '' }),
      contract(`b${g}`, ['chor'], `2026-0${i + 3}-02`, { cpvCodes: [`${g}00000`], supplier: '' }),
      contract(`c${g}`, ['pres'], `2026-0${i + 3}-03`, { cpvCodes: [`${g}00000`], supplier: '' }),
    ])
    const r = rank({ ...BASE, joint: [], contracts })
    expect(r.pairs[0]?.reasons.filter((x) => x.kind === 'aligned-contracts').map((x) => x.points)).toEqual([30, 30, 30, 10])
    expect(r.pairs[0]?.score).toBe(100)
  })
})
