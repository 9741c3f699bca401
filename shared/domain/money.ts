/**
 * @module money
 * Money as integer pence (`Pence`), never floats: parsing published amounts digit by digit, exact sums,
 * UK formatting ("£1,234.56", "£1.2m") and shares or rates as integer basis points (1 bp = 0.01%).
 */
import { z } from 'zod'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'

/** Schema for an amount in pence: a safe integer (zod 4's `int()` already rejects unsafe integers). */
export const PenceSchema = z.number().int().brand<'Pence'>()
/** An amount of money in integer pence (GBP minor units). Negative values are credits. */
export type Pence = z.infer<typeof PenceSchema>

/** Schema for basis points: integer hundredths of a percent (10000 = 100%). */
export const BasisPointsSchema = z.number().int().brand<'BasisPoints'>()
/** A share or rate in integer basis points; 10000 bps = 100%. */
export type BasisPoints = z.infer<typeof BasisPointsSchema>

/** The only currency the domain handles. Lines carry a currency so a non-GBP line is refused rather than summed. */
export const GBP = 'GBP'

/** 100% in basis points. */
export const BPS_WHOLE = 10_000

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Checks that `n` is a safe integer and brands it as pence. */
export function toPence(n: number): Result<Pence> {
  if (!Number.isSafeInteger(n)) return fail('unsafe-integer', `amount ${String(n)} is not a safe integer number of pence`)
  return ok(n as Pence)
}

/** Brands a safe bigint as pence. */
export function penceFromBigInt(n: bigint): Result<Pence> {
  if (n > MAX_SAFE || n < -MAX_SAFE) return fail('unsafe-integer', `amount ${n.toString()}p is beyond the safe integer range`)
  return ok(Number(n) as Pence)
}

/** Checks that `n` is an integer number of basis points and brands it. */
export function toBasisPoints(n: number): Result<BasisPoints> {
  if (!Number.isSafeInteger(n)) return fail('unsafe-integer', `rate ${String(n)} is not an integer number of basis points`)
  return ok(n as BasisPoints)
}

/** Whole pounds to pence, for constants and UI inputs in pounds. */
export function poundsToPence(pounds: number): Result<Pence> {
  if (!Number.isSafeInteger(pounds)) return fail('unsafe-integer', `pounds ${String(pounds)} is not a safe integer`)
  return toPence(pounds * 100)
}

const GROUPED_DIGITS = /^(?:\d{1,3}(?:,\d{3})+|\d+)$/

/**
 * Parses an amount as published in UK spend files into exact pence, reading the digits as text so
 * no binary-float rounding can creep in. Accepts `£1,234.56`, `1234.5`, `-103226.53`, `(12.00)` (accounting
 * negative), `161,413.00-` (SAP trailing minus), `.5`, `500`. More than two decimals is accepted only
 * when the extra digits are zeros.
 */
export function parsePence(text: string): Result<Pence> {
  let s = text.replace(/[\s\u00a0]+/g, '')
  if (s === '') return fail('invalid-money', 'amount is empty')
  let isNegative = false
  const flipSign = (): boolean => {
    if (isNegative) return false
    isNegative = true
    return true
  }
  if (s.startsWith('(') && s.endsWith(')')) {
    flipSign()
    s = s.slice(1, -1)
  }
  if (s.endsWith('-')) {
    if (!flipSign()) return fail('invalid-money', `amount "${text}" has two minus signs`)
    s = s.slice(0, -1)
  }
  // Sign may come before or after the pound sign: "-£12" and "£-12" both occur.
  for (let pass = 0; pass < 2; pass++) {
    if (s.startsWith('£')) s = s.slice(1)
    if (s.startsWith('-')) {
      if (!flipSign()) return fail('invalid-money', `amount "${text}" has two minus signs`)
      s = s.slice(1)
    } else if (s.startsWith('+')) {
      s = s.slice(1)
    }
  }
  const dot = s.indexOf('.')
  const intPart = dot === -1 ? s : s.slice(0, dot)
  const fracPart = dot === -1 ? '' : s.slice(dot + 1)
  if (intPart === '' && fracPart === '') return fail('invalid-money', `amount "${text}" has no digits`)
  if (intPart !== '' && !GROUPED_DIGITS.test(intPart)) return fail('invalid-money', `amount "${text}" is not a number`)
  if (!/^\d*$/.test(fracPart)) return fail('invalid-money', `amount "${text}" is not a number`)
  if (fracPart.length > 2 && !/^0*$/.test(fracPart.slice(2))) {
    return fail('money-precision', `amount "${text}" has more than 2 decimal places`)
  }
  const poundsDigits = intPart.replace(/,/g, '') || '0'
  const penceDigits = (fracPart + '00').slice(0, 2)
  const magnitude = BigInt(poundsDigits) * 100n + BigInt(penceDigits)
  return penceFromBigInt(isNegative ? -magnitude : magnitude)
}

/**
 * Converts a binary float amount (e.g. an Excel cell `558.82000000000005`) to pence, rounding half away from zero.
 * It reads the shortest decimal that round-trips (`String(n)`), which is what the publisher typed.
 */
export function penceFromNumber(n: number): Result<Pence> {
  if (!Number.isFinite(n)) return fail('invalid-money', `amount ${String(n)} is not finite`)
  if (Math.abs(n) >= 1e13) return fail('unsafe-integer', `amount ${String(n)} is too large`)
  if (Math.abs(n) < 1e-6) return ok(0 as Pence)
  const s = String(Math.abs(n))
  const dot = s.indexOf('.')
  const intDigits = dot === -1 ? s : s.slice(0, dot)
  const frac = dot === -1 ? '' : s.slice(dot + 1)
  let magnitude = BigInt(intDigits) * 100n + BigInt((frac + '00').slice(0, 2))
  if ((frac[2] ?? '0') >= '5') magnitude += 1n
  return penceFromBigInt(n < 0 ? -magnitude : magnitude)
}

/** Adds two amounts exactly; fails only if the sum leaves the safe integer range. */
export function addPence(a: Pence, b: Pence): Result<Pence> {
  return toPence(a + b)
}

/** Sums amounts exactly (bigint accumulator), whatever the order. */
export function sumPence(amounts: Iterable<Pence>): Result<Pence> {
  let total = 0n
  for (const a of amounts) total += BigInt(a)
  return penceFromBigInt(total)
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Formats pence in full UK style: `£1,234.56`, `-£12.00`. */
export function formatPence(amount: Pence): string {
  const abs = BigInt(Math.abs(amount))
  const pounds = abs / 100n
  const pence = abs % 100n
  return `${amount < 0 ? '-' : ''}£${groupThousands(pounds.toString())}.${pence.toString().padStart(2, '0')}`
}

const COMPACT_UNITS = [
  { suffix: 'k', pence: 100_000n },
  { suffix: 'm', pence: 100_000_000n },
  { suffix: 'bn', pence: 100_000_000_000n },
] as const

/** Divides and rounds half away from zero (inputs non-negative). */
function divRound(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (d * 2n)
}

/**
 * Formats pence compactly for cards and charts: `£850`, `£12.3k`, `£250k`, `£1.2m`, `£3bn`.
 * One decimal below 100 of a unit, none from 100 up; a trailing `.0` is dropped; rounding is half away from zero
 * and happens before the unit is chosen, so `£999,960` shows as `£1m`, not `£1,000k`.
 */
export function formatPenceCompact(amount: Pence): string {
  const sign = amount < 0 ? '-' : ''
  const abs = BigInt(Math.abs(amount))
  const pounds = divRound(abs, 100n)
  if (pounds < 1000n) return `${sign}£${pounds.toString()}`
  for (let i = 0; i < COMPACT_UNITS.length; i++) {
    const unit = COMPACT_UNITS[i]
    if (unit === undefined) break
    const tenths = divRound(abs, unit.pence / 10n)
    if (tenths < 1000n) {
      const frac = tenths % 10n
      return `${sign}£${(tenths / 10n).toString()}${frac === 0n ? '' : `.${frac.toString()}`}${unit.suffix}`
    }
    const whole = divRound(abs, unit.pence)
    if (whole < 1000n || i === COMPACT_UNITS.length - 1) return `${sign}£${groupThousands(whole.toString())}${unit.suffix}`
  }
  return `${sign}£${groupThousands(pounds.toString())}`
}

/**
 * Applies a rate in basis points to an amount, rounding towards zero (conservative for savings estimates).
 * @example applyBps(1_000_000 as Pence, 800 as BasisPoints) // ok(80_000): 8% of £10,000 is £800
 */
export function applyBps(amount: Pence, rate: BasisPoints): Result<Pence> {
  return penceFromBigInt((BigInt(amount) * BigInt(rate)) / BigInt(BPS_WHOLE))
}

/** Formats basis points as a percentage: 1234 → `12.34%`, 800 → `8%`, 50 → `0.5%`. */
export function formatBps(rate: BasisPoints): string {
  const abs = Math.abs(rate)
  const whole = Math.floor(abs / 100)
  const frac = String(abs % 100).padStart(2, '0').replace(/0+$/, '')
  return `${rate < 0 ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}%`
}

/**
 * Splits 10000 bps among parts in proportion to their (non-negative-total) weights, using the largest-remainder
 * method so the shares sum to exactly 10000. Ties in remainder go to the lower index, so callers that want
 * order-independence pass parts in a canonical order. Returns `null` when the total is not positive (no share defined).
 */
export function apportionBps(weights: readonly bigint[]): BasisPoints[] | null {
  const total = weights.reduce((a, b) => a + b, 0n)
  if (total <= 0n) return null
  const whole = BigInt(BPS_WHOLE)
  const floors: bigint[] = []
  const remainders: { index: number; remainder: bigint }[] = []
  weights.forEach((w, index) => {
    const scaled = w * whole
    // Floor division that also rounds negatives down, so remainders are always in [0, total).
    let q = scaled / total
    if (scaled % total !== 0n && scaled < 0n) q -= 1n
    floors.push(q)
    remainders.push({ index, remainder: scaled - q * total })
  })
  let deficit = whole - floors.reduce((a, b) => a + b, 0n)
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  for (const { index } of remainders) {
    if (deficit <= 0n) break
    floors[index] = (floors[index] ?? 0n) + 1n
    deficit -= 1n
  }
  return floors.map((f) => Number(f) as BasisPoints)
}

/** Significant figures an estimate is shown to: an assumed rate on a year's spend is not accurate to the pound. */
export const ESTIMATE_SIGNIFICANT_FIGURES = 2

/**
 * Rounds an estimate for display to `ESTIMATE_SIGNIFICANT_FIGURES` significant figures of pounds (whole pounds at
 * least), half away from zero: 21,600,004p (£216,000.04) → 22,000,000p (£220,000). The exact figure stays in the
 * model and in the figure's trace; only what is shown is rounded.
 */
export function roundEstimate(amount: Pence): Pence {
  const abs = BigInt(Math.abs(amount))
  let unit = 100n
  while (abs >= unit * 10n ** BigInt(ESTIMATE_SIGNIFICANT_FIGURES)) unit *= 10n
  const rounded = divRound(abs, unit) * unit
  return Number(amount < 0 ? -rounded : rounded) as Pence
}

/** An estimate in words: `about £220,000` (rounded by `roundEstimate`); `£0` for nothing. */
export function formatEstimate(amount: Pence): string {
  if (amount === 0) return '£0'
  const full = formatPence(roundEstimate(amount))
  return `about ${full.endsWith('.00') ? full.slice(0, -3) : full}`
}

/** An estimate for cards and charts: `about £220k`. */
export function formatEstimateCompact(amount: Pence): string {
  return amount === 0 ? '£0' : `about ${formatPenceCompact(roundEstimate(amount))}`
}
