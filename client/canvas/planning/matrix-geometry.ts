/**
 * Where markers sit on the live Kraljic matrix. Horizontal: supply risk; vertical: profit impact (high at the top),
 * the classic layout (leverage top left, strategic top right, non-critical bottom left, bottleneck bottom right).
 * Scores 1–2 are "low" and 3–5 "high" (`HIGH_SCORE_FROM`), so the quadrant lines sit in the middle and each score
 * gets its own lane inside its half. Markers with the same scores are fanned out so none hides another. Pure.
 */
import { HIGH_SCORE_FROM } from '../../../shared/domain/kraljic'

/** Position of a 1–5 score along an axis, 0..1, with the low/high boundary exactly at 0.5. */
export function scoreFraction(score: number): number {
  const s = Math.min(5, Math.max(1, Math.round(score)))
  if (s < HIGH_SCORE_FROM) {
    const lanes = HIGH_SCORE_FROM - 1 // scores 1..2
    return (s - 0.5) / lanes / 2
  }
  const lanes = 5 - HIGH_SCORE_FROM + 1 // scores 3..5
  return 0.5 + (s - HIGH_SCORE_FROM + 0.5) / lanes / 2
}

export interface MarkerInput {
  readonly key: string
  readonly supplyRisk: number
  readonly profitImpact: number
}

export interface MarkerPosition {
  readonly key: string
  /** Centre of the marker in the plot's coordinates (0,0 top left). */
  readonly x: number
  readonly y: number
}

/** Gap between fanned-out markers that share a cell, in plot units. */
export const MARKER_SPACING = 22

/**
 * Centres of markers in a plot `width` × `height`. Markers sharing a (supply risk, profit impact) cell are spread
 * on a small grid around the cell centre, in input order, so the result is deterministic and identical on every
 * screen. Positions are clamped inside the plot.
 */
export function placeMarkers(items: readonly MarkerInput[], width: number, height: number): MarkerPosition[] {
  const cells = new Map<string, number>()
  const counts = new Map<string, number>()
  for (const item of items) {
    const cell = `${Math.round(item.supplyRisk)}:${Math.round(item.profitImpact)}`
    counts.set(cell, (counts.get(cell) ?? 0) + 1)
  }
  return items.map((item) => {
    const cell = `${Math.round(item.supplyRisk)}:${Math.round(item.profitImpact)}`
    const index = cells.get(cell) ?? 0
    cells.set(cell, index + 1)
    const count = counts.get(cell) ?? 1
    const columns = Math.ceil(Math.sqrt(count))
    const rows = Math.ceil(count / columns)
    const col = index % columns
    const row = Math.floor(index / columns)
    const dx = (col - (columns - 1) / 2) * MARKER_SPACING
    const dy = (row - (rows - 1) / 2) * MARKER_SPACING
    const cx = scoreFraction(item.supplyRisk) * width + dx
    const cy = (1 - scoreFraction(item.profitImpact)) * height + dy
    const pad = MARKER_SPACING / 2
    return { key: item.key, x: clamp(cx, pad, width - pad), y: clamp(cy, pad, height - pad) }
  })
}

function clamp(n: number, min: number, max: number): number {
  return max < min ? (min + max) / 2 : Math.min(max, Math.max(min, n))
}
