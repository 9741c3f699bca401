/**
 * @module overdue
 * How late a "start by" date is, in words people use: "overdue by 9 months", "overdue by 1 year 2 months",
 * "overdue by 12 days". One wording for the cards, the opportunity list, the timeline and the report.
 */
import { daysBetween, monthsBetween } from './dates.ts'
import type { IsoDate } from './dates.ts'

/** How far `date` lies before `today`: whole months and, under a month, days; null when it is today or later. */
export function overdueBy(date: IsoDate, today: IsoDate): { readonly months: number; readonly days: number } | null {
  if (date >= today) return null
  return { months: monthsBetween(date, today), days: daysBetween(date, today) }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

/** "overdue by 9 months" (years from 12 months: "overdue by 2 years 1 month"; days under a month), or null when not overdue. */
export function formatOverdue(date: IsoDate, today: IsoDate): string | null {
  const late = overdueBy(date, today)
  if (late === null) return null
  if (late.months === 0) return `overdue by ${plural(late.days, 'day')}`
  const years = Math.floor(late.months / 12)
  const months = late.months % 12
  if (years === 0) return `overdue by ${plural(months, 'month')}`
  return `overdue by ${plural(years, 'year')}${months === 0 ? '' : ` ${plural(months, 'month')}`}`
}

/** A "start by" date with its flag when late: "3 Mar 2026 — overdue by 9 months" (`show` formats the date). */
export function describeStartBy(date: IsoDate, today: IsoDate, show: (date: IsoDate) => string = (d) => d): string {
  const late = formatOverdue(date, today)
  return late === null ? show(date) : `${show(date)} — ${late}`
}
