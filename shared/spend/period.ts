/**
 * @module period
 * The period a spend dataset covers, said the way people read it: "12 months to 31 Mar 2026", or
 * "annualised from 3 months to 31 May 2026" when the data covers less than a year. Every figure drawn from a
 * dataset carries one of these so nobody compares a quarter with a year by mistake. Pure; no clock.
 */
import type { IsoDate } from '../domain/dates.ts'

/** What the lines of a dataset cover: first and last payment date and the calendar months with any payment. */
export interface SpendPeriod {
  /** Earliest dated line, or null when no line has a date. */
  readonly from: IsoDate | null
  /** Latest dated line, or null when no line has a date. */
  readonly to: IsoDate | null
  /** Distinct calendar months (`YYYY-MM`) that hold at least one dated line. */
  readonly months: number
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** `2026-03-31` → `31 Mar 2026`. */
export function formatDayMonthYear(date: IsoDate): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '?'
  return `${Number(date.slice(8, 10))} ${month} ${date.slice(0, 4)}`
}

/** Whole months between the first and last month with data, inclusive (Apr 2025 … Mar 2026 → 12). */
export function spanMonths(period: SpendPeriod): number {
  if (period.from === null || period.to === null) return 0
  const a = Number(period.from.slice(0, 4)) * 12 + Number(period.from.slice(5, 7))
  const b = Number(period.to.slice(0, 4)) * 12 + Number(period.to.slice(5, 7))
  return b - a + 1
}

/** True when the figures are scaled to a year: the data spans other than exactly 12 calendar months. */
export function isAnnualised(period: SpendPeriod): boolean {
  const span = spanMonths(period)
  return span > 0 && span !== 12
}

/**
 * The period in words. Exactly a year: "12 months to 31 Mar 2026". Otherwise the figures are scaled to a year:
 * "annualised from 3 months to 31 May 2026". No dates at all: "period unknown (no payment dates)".
 */
export function describePeriod(period: SpendPeriod): string {
  if (period.to === null) return 'period unknown (no payment dates)'
  const span = spanMonths(period)
  const end = formatDayMonthYear(period.to)
  if (span === 12) return `12 months to ${end}`
  return `annualised from ${span} month${span === 1 ? '' : 's'} to ${end}`
}

/**
 * A total scaled to a year (total × 12 / months spanned, rounded half away from zero, integer pence); the total
 * itself for exactly 12 months, or when the span is unknown.
 */
export function annualisePence(totalPence: number, period: SpendPeriod): number {
  const span = spanMonths(period)
  if (span <= 0 || span === 12) return totalPence
  const scaled = (totalPence * 12) / span
  return Math.sign(scaled) * Math.round(Math.abs(scaled))
}
