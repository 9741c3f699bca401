/** Tests for shared/domain/spend.ts: supplier matching and the properties of aggregateSpend. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregateSpend, isWithheldSupplierName, normaliseSupplierName, UNCLASSIFIED_KEY } from '../../../../shared/domain/spend.ts'
import type { GroupBy, SpendLine } from '../../../../shared/domain/spend.ts'
import type { OrgId, SpendLineId } from '../../../../shared/domain/ids.ts'
import type { Pence } from '../../../../shared/domain/money.ts'

describe('normaliseSupplierName', () => {
  it.each([
    [' Smith & Sons (UK) Ltd. ', 'smith and sons uk'],
    ['SMITH AND SONS (UK) LIMITED', 'smith and sons uk'],
    ['Acme PLC', 'acme'],
    ['acme plc.', 'acme'],
    ["Children's Society", 'childrens society'],
    ['Children’s Society', 'childrens society'],
    ['LANCASHIRE COUNTY COUNCIL (200398)', 'lancashire county council'],
    ['A.N.D Projects LLP', 'a n d projects'],
    ['REDACTIVE PUBLISHING LIMITED   ', 'redactive publishing'],
    ['Limited', 'limited'],
    ['', ''],
  ])('%j → %j', (raw, key) => expect(normaliseSupplierName(raw)).toBe(key))

  it.each([
    ['Redacted personal data', true],
    ['PERSONAL DETAILS REDACTED', true],
    ['Redacted', true],
    ['THIRD PARTY SUPPLIER', true],
    ['THIRD PARTY FORENSIC SERVICES', true],
    ['REDACTIVE PUBLISHING LIMITED', false],
    ['Third Sector Partnership', false],
  ])('isWithheldSupplierName(%j) = %s', (raw, isWithheld) => expect(isWithheldSupplierName(raw)).toBe(isWithheld))
})

const ORGS = ['fire', 'police', 'council', 'nhs'] as const
const SUPPLIERS = ['Acme Ltd', 'ACME LIMITED', 'Brown & Co', 'Brown and Co', 'Redacted', '', 'Zed PLC'] as const
const LABELS = ['Fleet', 'IT', 'Care', undefined] as const

const lineArb = fc.record({
  org: fc.constantFrom(...ORGS),
  supplier: fc.constantFrom(...SUPPLIERS),
  amount: fc.integer({ min: -5_000_000, max: 50_000_000 }),
  label: fc.constantFrom(...LABELS),
  code: fc.constantFrom('291120', '291000', '170000', 'NA', undefined),
})
const linesArb = fc.array(lineArb, { maxLength: 60 }).map((rows) =>
  rows.map(
    (r, i): SpendLine => ({
      id: `src:${i + 1}` as SpendLineId,
      orgId: r.org as OrgId,
      supplierName: r.supplier,
      amount: r.amount as Pence,
      currency: 'GBP',
      categoryLabel: r.label,
      proclassCode: r.code,
      sourceLine: i + 1,
    }),
  ),
)
const groupByArb = fc.constantFrom<GroupBy>({ kind: 'category-label' }, { kind: 'proclass', level: 1 }, { kind: 'proclass', level: 2 }, { kind: 'proclass', level: 3 })

describe('aggregateSpend properties', () => {
  it('is permutation-invariant', () => {
    fc.assert(
      fc.property(linesArb, groupByArb, fc.infiniteStream(fc.nat()), (lines, groupBy, stream) => {
        const shuffled = [...lines]
        const rand = stream[Symbol.iterator]()
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (rand.next().value as number) % (i + 1)
          ;[shuffled[i], shuffled[j]] = [shuffled[j] as SpendLine, shuffled[i] as SpendLine]
        }
        expect(aggregateSpend(shuffled, groupBy)).toEqual(aggregateSpend(lines, groupBy))
      }),
    )
  })

  it('preserves sums exactly at every level and shares sum to 10000', () => {
    fc.assert(
      fc.property(linesArb, groupByArb, (lines, groupBy) => {
        const r = aggregateSpend(lines, groupBy)
        if (!r.ok) throw new Error(r.error.message)
        const expected = lines.reduce((a, l) => a + l.amount, 0)
        expect(r.value.total).toBe(expected)
        expect(r.value.categories.reduce((a, c) => a + c.total, 0)).toBe(expected)
        expect(r.value.categories.reduce((a, c) => a + c.lineIds.length, 0)).toBe(lines.length)
        for (const c of r.value.categories) {
          expect(c.byOrg.reduce((a, o) => a + o.total, 0)).toBe(c.total)
          expect(c.byOrg.reduce((a, o) => a + o.lineIds.length, 0)).toBe(c.lineIds.length)
          if (c.total > 0) expect(c.byOrg.reduce((a, o) => a + (o.shareBps ?? NaN), 0)).toBe(10000)
          else expect(c.byOrg.every((o) => o.shareBps === null)).toBe(true)
          for (const s of c.suppliers) {
            const fromLines = lines.filter((l) => s.lineIds.includes(l.id)).reduce((a, l) => a + l.amount, 0)
            expect(s.total).toBe(fromLines)
          }
        }
      }),
    )
  })

  it('never mixes currencies: any non-GBP line fails the whole aggregation', () => {
    fc.assert(
      fc.property(linesArb, fc.nat(), fc.constantFrom('EUR', 'USD', 'gbp', ''), (lines, at, currency) => {
        fc.pre(lines.length > 0)
        const i = at % lines.length
        const mixed = lines.map((l, j) => (j === i ? { ...l, currency } : l))
        const r = aggregateSpend(mixed, { kind: 'category-label' })
        expect(r.ok).toBe(false)
        if (!r.ok) {
          expect(r.error.code).toBe('currency-mismatch')
          expect(r.error.details).toEqual({ lineIds: [lines[i]?.id] })
        }
      }),
    )
  })
})

describe('aggregateSpend worked example', () => {
  const line = (n: number, orgId: string, supplierName: string, amount: number, categoryLabel?: string): SpendLine => ({
    id: `x:${n}` as SpendLineId,
    orgId: orgId as OrgId,
    supplierName,
    amount: amount as Pence,
    currency: 'GBP',
    categoryLabel,
    sourceLine: n,
  })
  const lines = [
    line(1, 'police', 'Acme Tyres Ltd', 100_00, 'Tyres'),
    line(2, 'fire', 'ACME TYRES LIMITED', 50_00, 'Tyres'),
    line(3, 'fire', 'Kwik Fit', 50_00, 'Tyres'),
    line(4, 'fire', 'Redacted', 10_00, 'Tyres'),
    line(5, 'council', 'Acme Tyres Ltd', 25_00, 'Tyres'),
    line(6, 'council', 'Office Co', 99_00),
  ]
  const r = aggregateSpend(lines, { kind: 'category-label' })
  it('totals, shares, fragmentation and shared suppliers', () => {
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.categories.map((c) => c.key)).toEqual(['Tyres', UNCLASSIFIED_KEY])
    const tyres = r.value.categories[0]
    // Tyres: police 10000p, fire 5000+5000+1000 = 11000p, council 2500p → 23500p.
    expect(tyres?.total).toBe(23500)
    // Shares: council 2500/23500 = 1063.8 bps, fire 4680.85, police 4255.31 → floors 1063+4680+4255 = 9998;
    // the two spare points go to the largest remainders: council (.83) and fire (.85).
    expect(tyres?.byOrg.map((o) => [o.orgId, o.total, o.shareBps])).toEqual([
      ['council', 2500, 1064],
      ['fire', 11000, 4681],
      ['police', 10000, 4255],
    ])
    // Acme matched across three spellings; the redacted line is not a supplier.
    expect(tyres?.supplierCount).toBe(2)
    expect(tyres?.sharedSuppliers.map((s) => [s.name, s.total, s.orgIds, s.lineIds])).toEqual([
      ['Acme Tyres Ltd', 17500, ['council', 'fire', 'police'], ['x:1', 'x:2', 'x:5']],
    ])
    expect(tyres?.byOrg.find((o) => o.orgId === 'fire')?.supplierCount).toBe(2)
    expect(r.value.sharedSuppliers.map((s) => s.key)).toEqual(['acme tyres'])
  })
})
