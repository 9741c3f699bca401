/**
 * Label layout on the live Kraljic matrix (issue 10 A5): with several organisations at the same or nearby points,
 * no two label boxes intersect, none covers a marker or a quadrant name, and every label lies inside the plot.
 */
import { describe, expect, it } from 'vitest'
import { boxesIntersect, boxInside, DOT_RADIUS, layoutMatrix, type Box, type LabelledMarkerInput } from '../../../../../client/canvas/planning/matrix-geometry'

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every way a layout can break the rules, in words (empty when it keeps them all). */
function layoutFaults(items: readonly LabelledMarkerInput[], width: number, height: number, obstacles: readonly Box[], layout: ReturnType<typeof layoutMatrix>): string[] {
  const faults: string[] = []
  const plot = { x: 0, y: 0, w: width, h: height }
  const labels = layout.labels
  const dots = layout.markers.map((m) => ({ key: m.key, box: { x: m.x - DOT_RADIUS, y: m.y - DOT_RADIUS, w: DOT_RADIUS * 2, h: DOT_RADIUS * 2 } }))
  labels.forEach((a, i) => {
    if (!boxInside(a.box, plot)) faults.push(`${a.text} outside the plot`)
    for (const b of labels.slice(i + 1)) if (boxesIntersect(a.box, b.box)) faults.push(`${a.text} overlaps ${b.text}`)
    for (const d of dots) if (boxesIntersect(a.box, d.box)) faults.push(`${a.text} covers marker ${d.key}`)
    for (const o of obstacles) if (boxesIntersect(a.box, o)) faults.push(`${a.text} covers a quadrant name`)
  })
  // Every marker is either named by a label or listed as unlabelled (its hover text names it).
  const named = new Set([...labels.flatMap((l) => l.markerKeys), ...layout.unlabelledKeys])
  for (const item of items) if (!named.has(item.key)) faults.push(`marker ${item.key} neither labelled nor listed`)
  return faults
}

function checkLayout(items: readonly LabelledMarkerInput[], width: number, height: number, obstacles: readonly Box[] = []) {
  const layout = layoutMatrix(items, width, height, obstacles)
  expect(layoutFaults(items, width, height, obstacles, layout)).toEqual([])
  return layout
}

const alone = (category: string, name: string, orgs: readonly string[], supplyRisk: number, profitImpacts: readonly number[]): LabelledMarkerInput[] =>
  orgs.map((org, i) => ({ key: `${category}:${org}`, supplyRisk, profitImpact: profitImpacts[i] ?? 1, label: name, group: category, groupMember: org }))

describe('layoutMatrix', () => {
  it('groups one category’s organisations at the same point under one label', () => {
    const items = alone('tyres', 'Fleet tyres', ['LCC', 'LC', 'LFRS', 'BwD'], 2, [2, 2, 2, 2])
    const layout = checkLayout(items, 500, 460)
    expect(layout.labels).toHaveLength(1)
    expect(layout.labels[0]?.text).toBe('Fleet tyres · LCC, LC, LFRS, BwD')
    expect(layout.unlabelledKeys).toEqual([])
  })

  it('four organisations and five categories at the same and nearby points: no overlaps, all inside', () => {
    const orgs = ['LCC', 'LC', 'LFRS', 'BwD']
    const items = [
      ...alone('tyres', 'Fleet tyres', orgs, 2, [2, 2, 2, 3]),
      ...alone('fuel', 'Fuel cards and bunkered fuel', orgs, 2, [2, 2, 3, 3]),
      ...alone('legal', 'Legal services', orgs, 3, [4, 4, 4, 4]),
      ...alone('it', 'IT hardware and peripherals', orgs, 3, [4, 3, 4, 3]),
      ...alone('clean', 'Cleaning', orgs, 2, [2, 1, 2, 1]),
    ]
    const obstacles = [{ x: 6, y: 4, w: 87, h: 18 }, { x: 256, y: 4, w: 87, h: 18 }]
    const layout = checkLayout(items, 500, 460, obstacles)
    expect(layout.unlabelledKeys).toEqual([])
    // Labels moved away from their markers get a leader line that ends on the label.
    for (const l of layout.labels) {
      if (!l.leader) continue
      expect(l.leader.x2).toBeGreaterThanOrEqual(l.box.x)
      expect(l.leader.x2).toBeLessThanOrEqual(l.box.x + l.box.w)
      expect(l.leader.y2).toBeGreaterThanOrEqual(l.box.y)
      expect(l.leader.y2).toBeLessThanOrEqual(l.box.y + l.box.h)
    }
  })

  it('keeps labels of markers at the plot’s edges inside the plot (never in the side column)', () => {
    const items = [
      ...alone('a', 'A category with a very long name indeed that would spill', ['LCC', 'LC'], 5, [5, 5]),
      ...alone('b', 'Another long category name at the right edge', ['LCC', 'LC'], 5, [1, 2]),
    ]
    checkLayout(items, 320, 260)
  })

  it('never overlaps on random boards (seeded)', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const rnd = seeded(seed)
      const n = 1 + Math.floor(rnd() * 24)
      const items: LabelledMarkerInput[] = Array.from({ length: n }, (_, i) => ({
        key: `k${i}`,
        supplyRisk: 1 + Math.floor(rnd() * 5),
        profitImpact: 1 + Math.floor(rnd() * 5),
        label: `Category ${Math.floor(rnd() * 8)} ${'x'.repeat(Math.floor(rnd() * 20))}`,
        group: `g${Math.floor(rnd() * 8)}`,
        groupMember: `O${i}`,
      }))
      const w = 200 + Math.floor(rnd() * 400)
      const h = 160 + Math.floor(rnd() * 300)
      const faults = layoutFaults(items, w, h, [], layoutMatrix(items, w, h))
      if (faults.length > 0) throw new Error(`seed ${seed}: ${faults.join('; ')}`)
    }
  })

  it('is the same on every screen: the layout depends only on its input', () => {
    const items = alone('tyres', 'Fleet tyres', ['LCC', 'LC', 'LFRS'], 2, [2, 3, 2])
    expect(layoutMatrix(items, 400, 300)).toEqual(layoutMatrix(items, 400, 300))
  })
})
