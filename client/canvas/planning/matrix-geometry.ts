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

/** An axis-aligned box in plot coordinates (0,0 top left). */
export interface Box {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

/** A marker with the text of its label; items with the same `group` in the same cell share one label. */
export interface LabelledMarkerInput extends MarkerInput {
  readonly label: string
  /** Coincident markers with the same group get one label (e.g. one category's organisations alone). */
  readonly group: string
  /** Text of the shared label's tail when grouped, e.g. the organisation's short name. */
  readonly groupMember?: string
}

/** One label on the plot: its box, the markers it names, and a leader line when it sits away from them. */
export interface PlacedLabel {
  readonly key: string
  readonly text: string
  readonly box: Box
  readonly markerKeys: readonly string[]
  /** From the markers' centre to the nearest point of the box; null when the label sits beside its marker. */
  readonly leader: { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number } | null
}

/** The whole matrix layout: marker centres, labels that fit, and markers whose label did not fit (hover shows it). */
export interface MatrixLayout {
  readonly markers: readonly MarkerPosition[]
  readonly labels: readonly PlacedLabel[]
  readonly unlabelledKeys: readonly string[]
}

/** Label height and the width per character used to size a label box (12px semi-bold sans; text that does not fit is cut with an ellipsis, never spilled). */
export const LABEL_HEIGHT = 16
export const LABEL_CHAR_WIDTH = 7
export const LABEL_PADDING = 8
/** Widest label before it is cut with an ellipsis; narrowest worth showing. */
export const LABEL_MAX_WIDTH = 200
export const LABEL_MIN_WIDTH = 56
/** Half the size of a marker dot (the dot is 14 px) plus a small gap. */
export const DOT_RADIUS = 8
const GAP = 2

/** True when two boxes overlap (touching edges do not count). */
export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/** True when `inner` lies wholly inside `outer`. */
export function boxInside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

/** Estimated width of a label box for `text`, capped at `LABEL_MAX_WIDTH`. */
export function labelWidth(text: string): number {
  return Math.min(LABEL_MAX_WIDTH, Math.ceil(text.length * LABEL_CHAR_WIDTH + LABEL_PADDING))
}

/**
 * Lays out markers and their labels on a plot `width` × `height` so that no two labels overlap, no label covers a
 * marker or an `obstacle` (the quadrant names), and every label lies inside the plot. Coincident markers of one
 * group share a label ("Fleet tyres · LCC, LC"). Each label tries, in order: right of its markers, left, above,
 * below, then further up or down on either side with a leader line back to the markers; then the same again cut
 * to `LABEL_MIN_WIDTH`. A label with no free place is left out and its markers keep their hover text. Labels are
 * placed in a fixed order (top to bottom, left to right), so every screen shows the same layout. Pure.
 */
export function layoutMatrix(items: readonly LabelledMarkerInput[], width: number, height: number, obstacles: readonly Box[] = []): MatrixLayout {
  const markers = placeMarkers(items, width, height)
  const plot: Box = { x: 0, y: 0, w: width, h: height }
  const dots: Box[] = markers.map((m) => ({ x: m.x - DOT_RADIUS, y: m.y - DOT_RADIUS, w: DOT_RADIUS * 2, h: DOT_RADIUS * 2 }))

  // Group coincident markers of the same group (same cell).
  const groups = new Map<string, { key: string; text: string; members: string[]; markerIdx: number[] }>()
  items.forEach((item, i) => {
    const key = `${item.group}@${Math.round(item.supplyRisk)}:${Math.round(item.profitImpact)}`
    const g = groups.get(key)
    if (g === undefined) groups.set(key, { key, text: item.label, members: item.groupMember === undefined ? [] : [item.groupMember], markerIdx: [i] })
    else {
      if (item.groupMember !== undefined) g.members.push(item.groupMember)
      g.markerIdx.push(i)
    }
  })

  const pending = [...groups.values()].map((g) => {
    const ms = g.markerIdx.map((i) => markers[i]).filter((m): m is MarkerPosition => m !== undefined)
    const minX = Math.min(...ms.map((m) => m.x)) - DOT_RADIUS
    const maxX = Math.max(...ms.map((m) => m.x)) + DOT_RADIUS
    const minY = Math.min(...ms.map((m) => m.y)) - DOT_RADIUS
    const maxY = Math.max(...ms.map((m) => m.y)) + DOT_RADIUS
    const text = g.members.length === 0 ? g.text : `${g.text} · ${g.members.join(', ')}`
    return { ...g, text, anchor: { minX, maxX, minY, maxY, cx: (minX + maxX) / 2, cy: (minY + maxY) / 2 } }
  })
  pending.sort((a, b) => a.anchor.cy - b.anchor.cy || a.anchor.cx - b.anchor.cx || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))

  const placed: Box[] = []
  const labels: PlacedLabel[] = []
  const unlabelledKeys: string[] = []
  const maxSteps = Math.ceil(height / (LABEL_HEIGHT + GAP))
  for (const g of pending) {
    const { minX, maxX, minY, maxY, cx, cy } = g.anchor
    const isFree = (b: Box) => boxInside(b, plot) && !placed.some((p) => boxesIntersect(p, b)) && !dots.some((d) => boxesIntersect(d, b)) && !obstacles.some((o) => boxesIntersect(o, b))
    let chosen: { box: Box; isBeside: boolean } | null = null
    for (const w of [labelWidth(g.text), LABEL_MIN_WIDTH]) {
      const h = LABEL_HEIGHT
      const top = cy - h / 2
      const right = maxX + GAP
      const left = minX - GAP - w
      const candidates: { box: Box; isBeside: boolean }[] = [
        { box: { x: right, y: top, w, h }, isBeside: true },
        { box: { x: left, y: top, w, h }, isBeside: true },
        { box: { x: cx - w / 2, y: minY - GAP - h, w, h }, isBeside: true },
        { box: { x: cx - w / 2, y: maxY + GAP, w, h }, isBeside: true },
      ]
      for (let step = 1; step <= maxSteps; step++) {
        const dy = step * (h + GAP)
        for (const y of [top - dy, top + dy]) {
          candidates.push({ box: { x: right, y, w, h }, isBeside: false }, { box: { x: left, y, w, h }, isBeside: false })
        }
      }
      // Near the plot's edges the side positions fall outside: pull them in rather than give up.
      for (const c of [...candidates]) {
        const x = Math.min(Math.max(c.box.x, 0), width - w)
        if (x !== c.box.x) candidates.push({ box: { ...c.box, x }, isBeside: false })
      }
      chosen = candidates.find((c) => isFree(c.box)) ?? null
      if (chosen !== null) break
    }
    const markerKeys = g.markerIdx.map((i) => items[i]?.key ?? '')
    if (chosen === null) {
      unlabelledKeys.push(...markerKeys)
      continue
    }
    placed.push(chosen.box)
    const b = chosen.box
    const leader = chosen.isBeside ? null : { x1: cx, y1: cy, x2: Math.min(Math.max(cx, b.x), b.x + b.w), y2: Math.min(Math.max(cy, b.y), b.y + b.h) }
    labels.push({ key: g.key, text: g.text, box: b, markerKeys, leader })
  }
  return { markers, labels, unlabelledKeys }
}
