/**
 * @module dates
 * Calendar dates as ISO `YYYY-MM-DD` strings (`IsoDate`), with parsing of the formats UK public bodies publish
 * and whole-month arithmetic for contract terms. Pure integer arithmetic: no `Date`, no clock, no time zone.
 */
import { z } from 'zod'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function isValidYmd(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= 1000 && year <= 9999 &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysInMonth(year, month)
  )
}

/** True when `s` is a real calendar date written `YYYY-MM-DD` (so `2023-02-29` is false). */
export function isValidIsoDate(s: string): boolean {
  const m = ISO_DATE_PATTERN.exec(s)
  return m !== null && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))
}

/** Schema for an ISO calendar date. */
export const IsoDateSchema = z.string().refine(isValidIsoDate, 'must be a real date written YYYY-MM-DD').brand<'IsoDate'>()
/** A calendar date `YYYY-MM-DD`. Compares correctly as a string. */
export type IsoDate = z.infer<typeof IsoDateSchema>

function fromYmd(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as IsoDate
}

function toYmd(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

/** Validates a strict `YYYY-MM-DD` string. */
export function parseIsoDate(text: string): Result<IsoDate> {
  return isValidIsoDate(text) ? ok(text as IsoDate) : fail('invalid-date', `date "${text}" is not a real date written YYYY-MM-DD`)
}

const MONTH_ABBREVIATIONS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const

const DMY_SLASH = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/
const DMY_MONTH_NAME = /^(\d{1,2})[- ]([A-Za-z]{3})[- ](\d{4})$/
// Date part of an ISO 8601 datetime; the time and offset that follow are checked but the date is kept as written,
// because publishers mean the local calendar date (a contract ending "2025-04-01T00:00:00+01:00" ends on 1 April).
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/

/**
 * Parses a published date into an ISO date. Accepts `dd/mm/yyyy` (UK order, 1- or 2-digit day and month),
 * `yyyy-mm-dd`, ISO datetimes with or without `Z`/offset (the written calendar date is kept), and `01-JUN-2012`.
 */
export function parseDate(text: string): Result<IsoDate> {
  const s = text.trim()
  const bad = () => fail('invalid-date', `date "${text}" is not a real date in a known format (dd/mm/yyyy, yyyy-mm-dd, ISO datetime)`)
  let m = DMY_SLASH.exec(s)
  if (m !== null) {
    const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return isValidYmd(year, month, day) ? ok(fromYmd(year, month, day)) : bad()
  }
  if (ISO_DATE_PATTERN.test(s)) return isValidIsoDate(s) ? ok(s as IsoDate) : bad()
  m = ISO_DATETIME.exec(s)
  if (m !== null) {
    const [year, month, day, hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
    if (hour > 24 || minute > 59 || second > 60) return bad()
    return isValidYmd(year, month, day) ? ok(fromYmd(year, month, day)) : bad()
  }
  m = DMY_MONTH_NAME.exec(s)
  if (m !== null) {
    const monthIndex = MONTH_ABBREVIATIONS.indexOf((m[2] ?? '').toLowerCase() as (typeof MONTH_ABBREVIATIONS)[number])
    const [day, year] = [Number(m[1]), Number(m[3])]
    return monthIndex >= 0 && isValidYmd(year, monthIndex + 1, day) ? ok(fromYmd(year, monthIndex + 1, day)) : bad()
  }
  return bad()
}

/** Days since 1970-01-01 for a civil date (era-based integer arithmetic, valid for all 4-digit years). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const shiftedMonth = month > 2 ? month - 3 : month + 9
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146097 + dayOfEra - 719468
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z0 = days + 719468
  const era = Math.floor(z0 / 146097)
  const dayOfEra = z0 - era * 146097
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365)
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const mp = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = toYmd(from)
  const b = toYmd(to)
  return daysFromCivil(b.year, b.month, b.day) - daysFromCivil(a.year, a.month, a.day)
}

/** Adds (or subtracts) whole days. */
export function addDays(date: IsoDate, days: number): Result<IsoDate> {
  if (!Number.isSafeInteger(days)) return fail('invalid-date', `day offset ${String(days)} is not an integer`)
  const { year, month, day } = toYmd(date)
  const c = civilFromDays(daysFromCivil(year, month, day) + days)
  return isValidYmd(c.year, c.month, c.day) ? ok(fromYmd(c.year, c.month, c.day)) : fail('invalid-date', `${date} + ${days} days is outside years 1000-9999`)
}

/**
 * Adds (or subtracts) whole calendar months, clamping to the month's last day: 2025-01-31 + 1 month = 2025-02-28,
 * and 2024-08-31 − 6 months = 2024-02-29. This is how contract terms are written ("for 12 months from").
 */
export function addMonths(date: IsoDate, months: number): Result<IsoDate> {
  if (!Number.isSafeInteger(months)) return fail('invalid-date', `month offset ${String(months)} is not an integer`)
  const { year, month, day } = toYmd(date)
  const index = year * 12 + (month - 1) + months
  const newYear = Math.floor(index / 12)
  const newMonth = index - newYear * 12 + 1
  if (newYear < 1000 || newYear > 9999) return fail('invalid-date', `${date} + ${months} months is outside years 1000-9999`)
  return ok(fromYmd(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth))))
}

/**
 * Whole calendar months from `from` to `to`: the largest m with addMonths(from, m) ≤ to (negative, symmetric,
 * when `to` is earlier). 2025-01-31 → 2025-02-28 is 1 month; 2025-01-15 → 2025-02-14 is 0.
 */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -monthsBetween(to, from)
  const a = toYmd(from)
  const b = toYmd(to)
  let m = (b.year - a.year) * 12 + (b.month - a.month)
  // The estimate can overshoot by one when to's day is before from's (after clamping); step back once.
  const candidate = addMonths(from, m)
  if (candidate.ok && candidate.value > to) m -= 1
  return m
}

/** Compares two ISO dates for sorting. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The earlier of two dates. */
export function minIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b
}

/** The later of two dates. */
export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b
}

/**
 * Converts an Excel (1900 date system) serial to an ISO date, dropping any time fraction. Serial 1 is 1900-01-01;
 * Excel counts a non-existent 1900-02-29 (serial 60), so serials from 61 count from 1899-12-30.
 * @example isoDateFromExcelSerial(43193) // ok('2018-04-03')
 */
export function isoDateFromExcelSerial(serial: number): Result<IsoDate> {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466) return fail('invalid-date', `Excel serial ${String(serial)} is out of range`)
  const whole = Math.floor(serial)
  if (whole === 60) return fail('invalid-date', 'Excel serial 60 is the non-existent 1900-02-29')
  const offset = whole < 60 ? whole - 1 : whole - 2
  return addDays(fromYmd(1900, 1, 1), offset)
}
