/** Estimates are shown rounded ("about £220,000") with the exact pence kept; late start dates say how late. */
import { describe, expect, it } from 'vitest'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import { formatEstimate, formatEstimateCompact, roundEstimate } from '../../../../shared/domain/money.ts'
import type { Pence } from '../../../../shared/domain/money.ts'
import { formatOverdue, overdueBy } from '../../../../shared/domain/overdue.ts'

const p = (n: number) => n as Pence
const d = (s: string) => s as IsoDate

describe('roundEstimate and formatEstimate', () => {
  it.each([
    [21_600_004, 22_000_000, 'about £220,000', 'about £220k'],
    [123_456_789, 120_000_000, 'about £1,200,000', 'about £1.2m'],
    [843_250, 840_000, 'about £8,400', 'about £8.4k'],
    [4_321, 4_300, 'about £43', 'about £43'],
    [499, 500, 'about £5', 'about £5'],
    [995_000_00, 1_000_000_00, 'about £1,000,000', 'about £1m'],
  ])('%i pence → %i pence, "%s", "%s"', (pence, rounded, words, compact) => {
    expect(roundEstimate(p(pence))).toBe(rounded)
    expect(Number.isInteger(roundEstimate(p(pence)))).toBe(true)
    expect(formatEstimate(p(pence))).toBe(words)
    expect(formatEstimateCompact(p(pence))).toBe(compact)
  })

  it('never shows pence for an estimate, and says nothing about nothing', () => {
    expect(formatEstimate(p(21_600_004))).not.toMatch(/\.\d\d/)
    expect(formatEstimate(p(0))).toBe('£0')
    expect(formatEstimateCompact(p(0))).toBe('£0')
  })
})

describe('formatOverdue', () => {
  const today = d('2026-12-04')
  it.each([
    ['2026-03-03', 'overdue by 9 months'],
    ['2026-11-04', 'overdue by 1 month'],
    ['2026-11-20', 'overdue by 14 days'],
    ['2026-12-03', 'overdue by 1 day'],
    ['2025-12-04', 'overdue by 1 year'],
    ['2024-10-01', 'overdue by 2 years 2 months'],
  ])('%s is "%s" on 4 Dec 2026', (date, words) => {
    expect(formatOverdue(d(date), today)).toBe(words)
  })

  it('is null for today and later', () => {
    expect(formatOverdue(today, today)).toBeNull()
    expect(formatOverdue(d('2027-01-01'), today)).toBeNull()
    expect(overdueBy(d('2026-12-05'), today)).toBeNull()
  })
})
