/**
 * Board pooling maths (shared/spend/pooling.ts) on worked examples: category × organisation, suppliers shared across
 * bodies, Pareto, tail and fragmentation in integer pence; withheld names in totals but never as suppliers.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { matchesSpendCodes, paretoOf, poolCategorySpend, topSuppliersOf, type SpendTotalRow } from '../../../../shared/spend/pooling'

const row = (orgId: string, code: string, supplierKey: string, supplierName: string, totalPence: number, transactions = 1): SpendTotalRow => ({ orgId, code, supplierKey, supplierName, totalPence, transactions })

// Bolton (A) and Oldham (B) buying tyres (ProClass 2911xx), worked by hand below.
const ROWS: SpendTotalRow[] = [
  row('a', '291120', 'acme', 'Acme Tyres Ltd', 50_000, 3),
  row('a', '291130', 'acme', 'Acme Tyres', 10_000, 1),
  row('a', '291120', 'bee', 'Bee Wheels', 20_000, 2),
  row('a', '291120', '', 'Redacted', 5_000, 4),
  row('a', '321115', 'zed', 'Zed Care', 99_999, 9), // another category
  row('a', '', 'acme', 'Acme Tyres Ltd', 7_777, 1), // unclassified: never in a category
  row('b', '291120', 'acme', 'ACME TYRES LIMITED', 30_000, 2),
  row('b', '291199', 'cee', 'Cee Tyre Recycling', 10_000, 1),
  row('b', '291150', 'dee', 'Dee Fleet', -1_000, 1), // a credit note
]

describe('matchesSpendCodes', () => {
  it.each([
    ['291120', ['29'], true],
    ['291120', ['2911'], true],
    ['291120', ['291120'], true],
    ['291120', ['2912', '32'], false],
    ['', ['29'], false],
    ['291120', [], false],
  ] as const)('%s under %j → %s', (code, prefixes, expected) => {
    expect(matchesSpendCodes(code, prefixes)).toBe(expected)
  })
})

describe('poolCategorySpend: worked example (tyres, prefix 2911)', () => {
  const pool = poolCategorySpend(ROWS, ['2911'])

  it('category × organisation: every matching row, withheld names in the total', () => {
    // A: 50,000 + 10,000 + 20,000 + 5,000 (withheld) = 85,000; B: 30,000 + 10,000 − 1,000 = 39,000.
    expect(pool.byOrg).toEqual([
      { orgId: 'a', totalPence: 85_000, transactions: 10, suppliers: 2, withheldPence: 5_000, withheldTransactions: 4 },
      { orgId: 'b', totalPence: 39_000, transactions: 4, suppliers: 3, withheldPence: 0, withheldTransactions: 0 },
    ])
    expect(pool.totalPence).toBe(124_000)
    expect(pool.transactions).toBe(14)
    expect(pool.withheldPence).toBe(5_000)
  })

  it('supplier × organisation: one supplier across codes and bodies, named after its largest row; withheld never a supplier', () => {
    expect(pool.suppliers.map((s) => [s.key, s.name, s.totalPence])).toEqual([
      ['acme', 'Acme Tyres Ltd', 90_000],
      ['bee', 'Bee Wheels', 20_000],
      ['cee', 'Cee Tyre Recycling', 10_000],
      ['dee', 'Dee Fleet', -1_000],
    ])
    expect(pool.suppliers[0]?.byOrg).toEqual([
      { orgId: 'a', totalPence: 60_000, transactions: 4 },
      { orgId: 'b', totalPence: 30_000, transactions: 2 },
    ])
    expect(pool.suppliers.some((s) => s.key === '')).toBe(false)
  })

  it('shared suppliers: used by two or more bodies, with combined spend', () => {
    expect(pool.shared.map((s) => s.key)).toEqual(['acme'])
    expect(pool.sharedPence).toBe(90_000)
  })

  it('Pareto over named spend: 80% of 119,000 is 95,200; Acme alone (90,000) falls short, Acme + Bee (110,000) reach it', () => {
    expect(pool.pareto).toMatchObject({ supplierCount: 4, namedPence: 119_000, suppliersFor80: 2, pence80: 110_000 })
    expect(pool.pareto.curve).toEqual([
      { suppliers: 0, cumulativePence: 0 },
      { suppliers: 1, cumulativePence: 90_000 },
      { suppliers: 2, cumulativePence: 110_000 },
      { suppliers: 3, cumulativePence: 120_000 },
      { suppliers: 4, cumulativePence: 119_000 },
    ])
  })

  it('tail: the suppliers beyond the 80% (Cee and Dee) and their spend', () => {
    expect(pool.tail).toEqual({ suppliers: 2, totalPence: 9_000 })
  })

  it('fragmentation: 4 suppliers over £1,190 named spend is 3,361.3 suppliers per £1m', () => {
    expect(pool.fragmentation).toEqual({ suppliers: 4, suppliersPerMillionPounds: 3361.3 })
  })

  it("one body's top suppliers, by its own part", () => {
    expect(topSuppliersOf(pool, 'b', 2)).toEqual([
      { key: 'acme', name: 'Acme Tyres Ltd', totalPence: 30_000, transactions: 2 },
      { key: 'cee', name: 'Cee Tyre Recycling', totalPence: 10_000, transactions: 1 },
    ])
  })
})

describe('poolCategorySpend: edges', () => {
  it('overlapping prefixes count a row once', () => {
    expect(poolCategorySpend(ROWS, ['29', '2911', '291120']).totalPence).toBe(124_000)
  })

  it('a category with no codes, or no matching rows, is empty', () => {
    const empty = poolCategorySpend(ROWS, [])
    expect(empty).toMatchObject({ totalPence: 0, byOrg: [], suppliers: [], shared: [], tail: { suppliers: 0, totalPence: 0 } })
    expect(empty.fragmentation.suppliersPerMillionPounds).toBeNull()
    expect(empty.pareto.curve).toEqual([{ suppliers: 0, cumulativePence: 0 }])
  })

  it('only withheld names: a total with no suppliers, no Pareto', () => {
    const pool = poolCategorySpend([row('a', '291120', '', 'Redacted personal data', 1_000, 2)], ['2911'])
    expect(pool.totalPence).toBe(1_000)
    expect(pool.byOrg[0]?.suppliers).toBe(0)
    expect(pool.pareto).toMatchObject({ supplierCount: 0, namedPence: 0, suppliersFor80: 0 })
    expect(pool.fragmentation).toEqual({ suppliers: 0, suppliersPerMillionPounds: null })
  })

  it('Pareto reaching exactly 80% stops there (integer comparison)', () => {
    expect(paretoOf([80, 10, 10], 100)).toMatchObject({ suppliersFor80: 1, pence80: 80 })
    expect(paretoOf([79, 11, 10], 100)).toMatchObject({ suppliersFor80: 2, pence80: 90 })
  })

  it('the curve of many suppliers is thinned but keeps the 80% rank and the last', () => {
    const totals = Array.from({ length: 5000 }, (_, i) => 5000 - i)
    const named = totals.reduce((a, b) => a + b, 0)
    const p = paretoOf(totals, named)
    expect(p.curve.length).toBeLessThanOrEqual(102)
    expect(p.curve.some((c) => c.suppliers === p.suppliersFor80 && c.cumulativePence === p.pence80)).toBe(true)
    expect(p.curve.at(-1)).toEqual({ suppliers: 5000, cumulativePence: named })
  })

  it('property: order of rows does not matter, and organisation totals add up to the category total', () => {
    const arbRow = fc.record({
      orgId: fc.constantFrom('a', 'b', 'c'),
      code: fc.constantFrom('', '291120', '291130', '321115'),
      supplierKey: fc.constantFrom('', 'k1', 'k2', 'k3', 'k4'),
      supplierName: fc.constantFrom('N1', 'N2'),
      transactions: fc.integer({ min: 1, max: 5 }),
      totalPence: fc.integer({ min: -10_000, max: 1_000_000 }),
    })
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), fc.integer(), (rows, seed) => {
        const shuffled = [...rows].sort((x, y) => ((JSON.stringify(x).length * 31 + seed) % 7) - ((JSON.stringify(y).length * 31 + seed) % 7))
        const a = poolCategorySpend(rows, ['2911'])
        const b = poolCategorySpend(shuffled, ['2911'])
        expect(b.byOrg).toEqual(a.byOrg)
        expect(b.suppliers.map((s) => [s.key, s.totalPence])).toEqual(a.suppliers.map((s) => [s.key, s.totalPence]))
        expect(a.byOrg.reduce((n, o) => n + o.totalPence, 0)).toBe(a.totalPence)
        expect(a.suppliers.reduce((n, s) => n + s.totalPence, 0)).toBe(a.totalPence - a.withheldPence)
        expect(a.tail.totalPence + a.pareto.pence80).toBe(a.pareto.namedPence)
      }),
    )
  })
})
