/** Live Kraljic matrix placement: quadrant lines in the middle, every score in its own lane, no hidden markers. */
import { describe, expect, it } from 'vitest'
import { MARKER_SPACING, placeMarkers, scoreFraction } from '../../../../../client/canvas/planning/matrix-geometry'

describe('scoreFraction', () => {
  it('puts low scores (1–2) below the middle and high scores (3–5) above it', () => {
    expect(scoreFraction(1)).toBeCloseTo(0.125)
    expect(scoreFraction(2)).toBeCloseTo(0.375)
    expect(scoreFraction(3)).toBeCloseTo(0.5 + 1 / 12)
    expect(scoreFraction(4)).toBeCloseTo(0.75)
    expect(scoreFraction(5)).toBeCloseTo(1 - 1 / 12)
    for (const s of [1, 2]) expect(scoreFraction(s)).toBeLessThan(0.5)
    for (const s of [3, 4, 5]) expect(scoreFraction(s)).toBeGreaterThan(0.5)
  })

  it('clamps out-of-range scores', () => {
    expect(scoreFraction(0)).toBe(scoreFraction(1))
    expect(scoreFraction(9)).toBe(scoreFraction(5))
  })
})

describe('placeMarkers', () => {
  it('places supply risk left to right and profit impact bottom to top', () => {
    const [leverage, strategic, noncritical, bottleneck] = placeMarkers(
      [
        { key: 'l', supplyRisk: 1, profitImpact: 5 },
        { key: 's', supplyRisk: 5, profitImpact: 5 },
        { key: 'n', supplyRisk: 1, profitImpact: 1 },
        { key: 'b', supplyRisk: 5, profitImpact: 1 },
      ],
      400,
      300,
    )
    expect(leverage!.x).toBeLessThan(200)
    expect(leverage!.y).toBeLessThan(150)
    expect(strategic!.x).toBeGreaterThan(200)
    expect(strategic!.y).toBeLessThan(150)
    expect(noncritical!.x).toBeLessThan(200)
    expect(noncritical!.y).toBeGreaterThan(150)
    expect(bottleneck!.x).toBeGreaterThan(200)
    expect(bottleneck!.y).toBeGreaterThan(150)
  })

  it('crosses into another quadrant when supply risk goes from 2 to 3', () => {
    const [before] = placeMarkers([{ key: 'a', supplyRisk: 2, profitImpact: 4 }], 400, 300)
    const [after] = placeMarkers([{ key: 'a', supplyRisk: 3, profitImpact: 4 }], 400, 300)
    expect(before!.x).toBeLessThan(200)
    expect(after!.x).toBeGreaterThan(200)
    expect(after!.y).toBe(before!.y)
  })

  it('fans out markers that share a cell, deterministically, keeping them inside the plot', () => {
    const items = ['a', 'b', 'c', 'd'].map((key) => ({ key, supplyRisk: 5, profitImpact: 5 }))
    const placed = placeMarkers(items, 400, 300)
    const again = placeMarkers(items, 400, 300)
    expect(placed).toEqual(again)
    const keys = new Set(placed.map((p) => `${p.x},${p.y}`))
    expect(keys.size).toBe(4)
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const d = Math.hypot(placed[i]!.x - placed[j]!.x, placed[i]!.y - placed[j]!.y)
        expect(d).toBeGreaterThanOrEqual(MARKER_SPACING - 1e-9)
      }
    }
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(0)
      expect(p.x).toBeLessThanOrEqual(400)
      expect(p.y).toBeGreaterThanOrEqual(0)
      expect(p.y).toBeLessThanOrEqual(300)
    }
  })
})
