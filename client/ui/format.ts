/**
 * Display and form helpers shared by the planning panels and the canvas shapes: money always in `£` with thousands
 * separators, dates as "31 Mar 2027" (ISO in data), shares as percentages, and forgiving but exact parsing of amounts
 * people type.
 */
import type { IsoDate } from '../../shared/domain/dates'
import { isValidIsoDate } from '../../shared/domain/dates'
import { formatBps, formatPence, formatPenceCompact, parsePence } from '../../shared/domain/money'
import type { BasisPoints, Pence } from '../../shared/domain/money'
import { err, ok, type Result } from '../../shared/domain/result'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** `2027-03-31` → `31 Mar 2027`; anything that is not an ISO date is returned unchanged. */
export function formatDate(iso: string): string {
  if (!isValidIsoDate(iso)) return iso
  const month = MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''
  return `${Number(iso.slice(8, 10))} ${month} ${iso.slice(0, 4)}`
}

/** Today's date in the browser's local calendar, as the ISO date the planning rules take. */
export function todayIso(now: Date = new Date()): IsoDate {
  const y = String(now.getFullYear()).padStart(4, '0')
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}` as IsoDate
}

/** Full amount, `£1,234.56`; whole pounds drop the `.00` (`£125,000`) to keep tables calm. */
export function formatMoney(amount: Pence): string {
  const full = formatPence(amount)
  return full.endsWith('.00') ? full.slice(0, -3) : full
}

/** Compact amount for cards and charts (`£1.2m`); see `formatPenceCompact`. */
export const formatMoneyCompact = (amount: Pence): string => formatPenceCompact(amount)

/** A share in basis points as a percentage (`37.5%`). */
export const formatShare = (bps: BasisPoints): string => formatBps(bps)

/** Amount as an input value: whole pounds without pence, thousands separated (`125,000`, `1,234.56`). */
export function moneyInputValue(amount: Pence): string {
  return formatMoney(amount).replace('£', '')
}

/** What went wrong with an amount someone typed. */
export interface MoneyInputError {
  readonly message: string
}

const SUFFIX = /^(.*?)([km])$/i

/**
 * Parses an amount typed in pounds into exact pence: `£125,000`, `125000`, `1,234.56`, `125k`, `1.2m`.
 * Refuses negatives (planning figures), more than two decimal places and anything that is not a number,
 * with a message that says what to type instead. An empty field is refused unless `allowEmpty` (then 0).
 */
export function parseMoneyInput(text: string, options: { allowEmpty?: boolean } = {}): Result<Pence, MoneyInputError> {
  const trimmed = text.trim()
  if (trimmed === '') return options.allowEmpty ? ok(0 as Pence) : err({ message: 'Enter an amount in pounds, for example £125,000.' })
  let digits = trimmed.replace(/[\s\u00a0]+/g, '')
  let shift = 0
  const suffix = SUFFIX.exec(digits)
  if (suffix !== null) {
    digits = suffix[1] ?? ''
    shift = (suffix[2] ?? '').toLowerCase() === 'k' ? 3 : 6
  }
  if (shift > 0) {
    const shifted = shiftDecimal(digits.replace(/^£/, '').replace(/,/g, ''), shift)
    if (shifted === null) return err({ message: `"${trimmed}" is not an amount. Type it like £125,000 or 125k.` })
    digits = shifted
  }
  const parsed = parsePence(digits)
  if (!parsed.ok) {
    if (parsed.error.code === 'money-precision') return err({ message: `"${trimmed}" has more than two decimal places (pence).` })
    if (parsed.error.code === 'unsafe-integer') return err({ message: `"${trimmed}" is too large to be an annual amount.` })
    return err({ message: `"${trimmed}" is not an amount. Type it like £125,000 or 125000.50.` })
  }
  if (parsed.value < 0) return err({ message: 'The amount must not be negative.' })
  return ok(parsed.value)
}

/** Multiplies a plain decimal string by 10^shift as text (no floats): `1.25`, 3 → `1250`. Null if not a decimal. */
function shiftDecimal(text: string, shift: number): string | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text)
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return null
  const whole = m[1] ?? ''
  const frac = m[2] ?? ''
  const moved = frac.slice(0, shift).padEnd(shift, '0')
  const rest = frac.slice(shift)
  const intPart = `${whole}${moved}`.replace(/^0+(?=\d)/, '') || '0'
  return rest === '' ? intPart : `${intPart}.${rest}`
}

/** Parses a whole number typed into a count field (e.g. number of suppliers); empty is 0. */
export function parseCountInput(text: string, what: string): Result<number, MoneyInputError> {
  const t = text.trim()
  if (t === '') return ok(0)
  if (!/^\d{1,6}$/.test(t)) return err({ message: `${what} must be a whole number, for example 4.` })
  return ok(Number(t))
}

/** Splits a comma- or line-separated list into trimmed, non-empty items. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Parses extension options typed as months (`12, 12` or `12+12`) into whole months 1–120. */
export function parseExtensionOptions(text: string): Result<number[], MoneyInputError> {
  const parts = text
    .split(/[\s,+;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) < 1 || Number(p) > 120) return err({ message: `Extension options are months from 1 to 120, separated by commas (for example "12, 12"); "${p}" is not.` })
    out.push(Number(p))
  }
  return ok(out)
}

/** Calm colours per quadrant (fill, ink), used on cards and the matrix. */
export const QUADRANT_COLOURS = {
  strategic: { fill: '#f3e8f7', ink: '#6b2c86' },
  leverage: { fill: '#e6f4ea', ink: '#1f6b3a' },
  bottleneck: { fill: '#fdf0e1', ink: '#8a4b00' },
  noncritical: { fill: '#eef1f5', ink: '#44505e' },
} as const
