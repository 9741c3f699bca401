/**
 * @module json-values
 * Narrow readers for parsed JSON of unknown shape, so the contract readers never trust a field's type: a wrong
 * type reads as absent. Pure.
 */
import { parseDate } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { penceFromNumber, parsePence } from '../domain/money.ts'
import type { Pence } from '../domain/money.ts'

/** A JSON object, or null when the value is not one. */
export function asObject(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/** A JSON array, or an empty one. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

/** A string (numbers written as text), or '' when absent. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return ''
}

/** A date field: null when absent, an error message when present but not a date. */
export function readDateField(value: unknown): { date: IsoDate | null; problem: string | null } {
  const text = asText(value).trim()
  if (text === '') return { date: null, problem: null }
  const parsed = parseDate(text)
  return parsed.ok ? { date: parsed.value, problem: null } : { date: null, problem: parsed.error.message }
}

/** A money amount given as a JSON number or text, in pence: null when absent, an error message when unreadable. */
export function readAmountField(value: unknown): { pence: Pence | null; problem: string | null } {
  if (value === null || value === undefined || value === '') return { pence: null, problem: null }
  const parsed = typeof value === 'number' ? penceFromNumber(value) : typeof value === 'string' ? parsePence(value) : null
  if (parsed === null) return { pence: null, problem: `amount ${JSON.stringify(value)} is not a number` }
  return parsed.ok ? { pence: parsed.value, problem: null } : { pence: null, problem: parsed.error.message }
}
