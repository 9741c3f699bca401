/** Tests for shared/domain/money.ts: exact parsing of published amounts, formatting and basis points. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  apportionBps,
  applyBps,
  formatBps,
  formatPence,
  formatPenceCompact,
  parsePence,
  penceFromNumber,
  sumPence,
  toPence,
} from '../../../../shared/domain/money.ts'
import type { BasisPoints, Pence } from '../../../../shared/domain/money.ts'

const p = (n: number) => n as Pence

describe('parsePence', () => {
  it.each([
    ['£1,234.56', 123456],
    ['1234.5', 123450],
    ['-103226.53', -10322653],
    ['(12.00)', -1200],
    ['161,413.00-', -16141300],
    ['"ignored"'.length > 0 ? '500' : '', 50000],
    ['79.9', 7990],
    ['0.01', 1],
    ['-0.01', -1],
    ['.5', 50],
    ['£ 1 234.00', 123400],
    ['-£12.00', -1200],
    ['£-12.00', -1200],
    ['+3', 300],
    ['558.8200', 55882],
    ['0.1', 10],
    ['1.10', 110],
    ['-0.00', 0],
    // 0.1 + 0.2 style float traps: parsed from digits, so exact.
    ['1000000.07', 100000007],
    ['90071992547409.91', 9007199254740991],
  ])('%s → %i pence', (text, expected) => {
    const r = parsePence(text)
    expect(r).toEqual({ ok: true, value: expected })
    if (r.ok) expect(Object.is(r.value, -0)).toBe(false)
  })

  it.each([
    ['', 'invalid-money'],
    ['abc', 'invalid-money'],
    ['1,23,4.00', 'invalid-money'],
    ['12.345', 'money-precision'],
    ['--12', 'invalid-money'],
    ['(12.00)-', 'invalid-money'],
    ['1.2.3', 'invalid-money'],
    ['£', 'invalid-money'],
    ['90071992547409.92', 'unsafe-integer'],
    ['1e5', 'invalid-money'],
  ])('rejects %j with %s', (text, code) => {
    const r = parsePence(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe(code)
  })

  it('round-trips every formatted amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        expect(parsePence(formatPence(p(n)))).toEqual({ ok: true, value: n })
      }),
    )
  })
})

describe('penceFromNumber (Excel floats)', () => {
  it.each([
    [558.8200000000001, 55882],
    [0.1 + 0.2, 30],
    [-12.345, -1235],
    [1.005, 101],
    [100, 10000],
    [NaN, null],
  ])('%d → %s', (n, expected) => {
    const r = penceFromNumber(n)
    if (expected === null) expect(r.ok).toBe(false)
    else expect(r).toEqual({ ok: true, value: expected })
  })
})

describe('toPence and sumPence', () => {
  it('rejects non-integers and unsafe integers', () => {
    expect(toPence(1.5).ok).toBe(false)
    expect(toPence(Number.MAX_SAFE_INTEGER + 1).ok).toBe(false)
    expect(toPence(-5)).toEqual({ ok: true, value: -5 })
  })
  it('sums exactly and fails past the safe range', () => {
    expect(sumPence([p(10), p(20), p(-5)])).toEqual({ ok: true, value: 25 })
    expect(sumPence([p(Number.MAX_SAFE_INTEGER), p(1)]).ok).toBe(false)
    expect(sumPence([p(Number.MAX_SAFE_INTEGER), p(1), p(-2)])).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER - 1 })
  })
})

describe('formatting', () => {
  it.each([
    [123456, '£1,234.56'],
    [-1200, '-£12.00'],
    [5, '£0.05'],
    [0, '£0.00'],
    [123456789012, '£1,234,567,890.12'],
  ])('formatPence(%i) = %s', (n, s) => expect(formatPence(p(n))).toBe(s))

  it.each([
    [85000, '£850'],
    [99949, '£999'],
    [99950, '£1k'],
    [1_234_567, '£12.3k'],
    [2_500_000, '£25k'],
    [9_996_000, '£100k'],
    [25_000_000, '£250k'],
    [99_996_000, '£1m'],
    [120_000_000, '£1.2m'],
    [-120_000_000, '-£1.2m'],
    [250_000_000, '£2.5m'],
    [1_500_000_000, '£15m'],
    [300_000_000_000, '£3bn'],
    [150_000_000_000_000, '£1,500bn'],
  ])('formatPenceCompact(%i) = %s', (n, s) => expect(formatPenceCompact(p(n))).toBe(s))

  it.each([
    [1234, '12.34%'],
    [800, '8%'],
    [50, '0.5%'],
    [10000, '100%'],
    [-250, '-2.5%'],
  ])('formatBps(%i) = %s', (n, s) => expect(formatBps(n as BasisPoints)).toBe(s))
})

describe('basis points', () => {
  it('applies a rate rounding towards zero', () => {
    expect(applyBps(p(1_000_000), 800 as BasisPoints)).toEqual({ ok: true, value: 80_000 })
    expect(applyBps(p(999), 500 as BasisPoints)).toEqual({ ok: true, value: 49 }) // 49.95p → 49p
  })

  it('apportions shares that always sum to exactly 10000', () => {
    expect(apportionBps([1n, 1n, 1n])).toEqual([3334, 3333, 3333])
    expect(apportionBps([0n, 0n])).toBeNull()
    expect(apportionBps([5n, -5n])).toBeNull()
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }), (weights) => {
        const shares = apportionBps(weights)
        if (weights.every((w) => w === 0n)) {
          // Not `return expect(...)`: fast-check reads a returned value as the property's verdict.
          expect(shares).toBeNull()
          return
        }
        expect(shares?.reduce((a, b) => a + b, 0)).toBe(10000)
        // Each share is within one basis point of its exact proportion.
        const total = weights.reduce((a, b) => a + b, 0n)
        // Compared exactly in integers: |share·total − weight·10000| < total (floats misjudge tiny remainders).
        shares?.forEach((s, i) => {
          const diff = BigInt(s) * total - (weights[i] ?? 0n) * 10000n
          expect(diff < 0n ? -diff : diff).toBeLessThan(total)
        })
      }),
    )
  })

  it('handles a net-credit organisation when the category total is positive', () => {
    const shares = apportionBps([15000n, -5000n])
    expect(shares).toEqual([15000, -5000])
  })
})
