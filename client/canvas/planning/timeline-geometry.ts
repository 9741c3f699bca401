/**
 * Geometry of the renewal timeline: a date scale from the earliest contract start (or today) to the latest end with
 * every extension taken, month ticks, bar positions for contract periods and extension options, and the windows where
 * end dates fall close together. Dates are ISO strings; positions are pixels. Pure, so it is unit-tested.
 */
import { addMonths, daysBetween, type IsoDate } from '../../../shared/domain/dates'

export interface TimeScale {
  readonly start: IsoDate
  readonly end: IsoDate
  readonly width: number
  /** Pixel position of a date (may fall outside 0..width for dates outside the range). */
  x(date: IsoDate): number
}

/** First day of the month of `date`. */
export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01` as IsoDate
}

/**
 * A linear scale over whole months covering `dates` (at least `minMonths` long), `width` pixels wide.
 * Without dates the range is `fallback` and the next `minMonths` months.
 */
export function createTimeScale(dates: readonly IsoDate[], width: number, fallback: IsoDate, minMonths = 12): TimeScale {
  const sorted = [...dates].sort()
  const first = startOfMonth(sorted[0] ?? fallback)
  const lastDate = sorted[sorted.length - 1] ?? fallback
  const afterLast = addMonths(startOfMonth(lastDate), 1)
  let end = afterLast.ok ? afterLast.value : lastDate
  const minEnd = addMonths(first, minMonths)
  if (minEnd.ok && end < minEnd.value) end = minEnd.value
  const totalDays = Math.max(1, daysBetween(first, end))
  return { start: first, end, width, x: (date) => (daysBetween(first, date) / totalDays) * width }
}

export interface Tick {
  readonly date: IsoDate
  readonly x: number
  /** True on January (a year label is drawn). */
  readonly isYear: boolean
}

/** Month ticks across the scale, thinned to every 1, 2, 3, 6 or 12 months so labels never collide (January kept). */
export function monthTicks(scale: TimeScale, minSpacingPx = 36): Tick[] {
  const months: IsoDate[] = []
  let d = scale.start
  for (let i = 0; i < 1200 && d <= scale.end; i++) {
    months.push(d)
    const next = addMonths(d, 1)
    if (!next.ok) break
    d = next.value
  }
  const perMonth = months.length > 1 ? scale.width / (months.length - 1) : scale.width
  const step = [1, 2, 3, 6, 12].find((s) => s * perMonth >= minSpacingPx) ?? 12
  return months
    .filter((m) => Number(m.slice(5, 7)) === 1 || (Number(m.slice(5, 7)) - 1) % step === 0)
    .map((m) => ({ date: m, x: scale.x(m), isYear: m.slice(5, 7) === '01' }))
}

export interface BarGeometry {
  readonly x: number
  readonly width: number
  /** False for a contract whose start is not entered: the bar is a short mark ending at its end date. */
  readonly isStartKnown: boolean
  /** Extension options after the end, each its own dashed segment. */
  readonly extensions: readonly { readonly x: number; readonly width: number }[]
}

/** Width of the mark drawn for a contract whose start is not entered, in pixels. */
export const UNKNOWN_START_MARK_PX = 10

/**
 * The bar of a contract period and its extension options (months), in pixels; never narrower than 2 px. Without a
 * start (the "current contract ends" shortcut) the bar is a short mark ending at the end date.
 */
export function contractBar(scale: TimeScale, start: IsoDate | undefined, end: IsoDate, extensionOptions: readonly number[]): BarGeometry {
  const x1 = scale.x(end)
  const x0 = start === undefined ? x1 - UNKNOWN_START_MARK_PX : scale.x(start)
  const extensions: { x: number; width: number }[] = []
  let from = end
  for (const months of extensionOptions) {
    const to = addMonths(from, months)
    if (!to.ok) break
    const a = scale.x(from)
    const b = scale.x(to.value)
    extensions.push({ x: a, width: Math.max(2, b - a) })
    from = to.value
  }
  return { x: x0, width: Math.max(2, x1 - x0), isStartKnown: start !== undefined, extensions }
}

/** Every date a contract list needs on the scale: starts, ends and ends with all extensions taken. */
export function contractDates(contracts: readonly { start?: IsoDate | undefined; end: IsoDate; extensionOptions: readonly number[] }[]): IsoDate[] {
  const out: IsoDate[] = []
  for (const c of contracts) {
    if (c.start !== undefined) out.push(c.start)
    out.push(c.end)
    const total = c.extensionOptions.reduce((a, b) => a + b, 0)
    const withExt = addMonths(c.end, total)
    if (withExt.ok) out.push(withExt.value)
  }
  return out
}
