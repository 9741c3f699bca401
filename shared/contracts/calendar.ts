/**
 * @module calendar
 * Calendar words for contract planning: "Jun 2027", calendar quarters ("2027-Q2") and UK public-sector financial
 * years (1 April to 31 March, "2027-28"). Pure string arithmetic on ISO dates.
 */
import type { IsoDate } from '../domain/dates.ts'

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** "Jun 2027". */
export function monthYear(date: IsoDate): string {
  return `${MONTH_NAMES[Number(date.slice(5, 7)) - 1] ?? '?'} ${date.slice(0, 4)}`
}

/** Calendar quarter of a date: "2027-Q2" for any date from April to June 2027. */
export function calendarQuarter(date: IsoDate): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`
}

/** First day (1 April) of the financial year a date falls in. */
export function financialYearStartOf(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return `${String(month >= 4 ? year : year - 1).padStart(4, '0')}-04-01` as IsoDate
}

/** A financial year named by its first day: "2027-28" for the year from 2027-04-01. */
export function financialYearName(start: IsoDate): string {
  const year = Number(start.slice(0, 4))
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`
}
