/** Renewal timeline geometry: whole-month scale, bars and dashed extension options in pixels. */
import { describe, expect, it } from 'vitest'
import { contractBar, contractDates, createTimeScale, monthTicks, startOfMonth, UNKNOWN_START_MARK_PX } from '../../../../../client/canvas/planning/timeline-geometry'
import type { IsoDate } from '../../../../../shared/domain/dates'

const d = (s: string) => s as IsoDate

describe('createTimeScale', () => {
  it('runs from the first month of the earliest date to the month after the latest', () => {
    const scale = createTimeScale([d('2025-04-15'), d('2027-03-31')], 1000, d('2025-01-01'))
    expect(scale.start).toBe('2025-04-01')
    expect(scale.end).toBe('2027-04-01')
    expect(scale.x(d('2025-04-01'))).toBe(0)
    expect(scale.x(d('2027-04-01'))).toBe(1000)
  })

  it('is at least the minimum length, and uses the fallback without dates', () => {
    const scale = createTimeScale([], 600, d('2026-06-10'), 12)
    expect(scale.start).toBe('2026-06-01')
    expect(scale.end).toBe('2027-06-01')
  })

  it('is linear in days', () => {
    const scale = createTimeScale([d('2026-01-01'), d('2026-12-31')], 365, d('2026-01-01'))
    expect(scale.x(d('2026-07-02')) - scale.x(d('2026-07-01'))).toBeCloseTo(scale.x(d('2026-01-02')) - scale.x(d('2026-01-01')))
  })
})

describe('contractBar', () => {
  it('draws the period and each extension option after the end', () => {
    const scale = createTimeScale([d('2024-01-01'), d('2030-01-01')], 720, d('2024-01-01'))
    const bar = contractBar(scale, d('2024-01-01'), d('2026-01-01'), [12, 12])
    expect(bar.x).toBe(0)
    expect(bar.width).toBeCloseTo(scale.x(d('2026-01-01')))
    expect(bar.extensions).toHaveLength(2)
    expect(bar.extensions[0]!.x).toBeCloseTo(scale.x(d('2026-01-01')))
    expect(bar.extensions[1]!.x + bar.extensions[1]!.width).toBeCloseTo(scale.x(d('2028-01-01')))
  })

  it('never draws a bar narrower than 2 px', () => {
    const scale = createTimeScale([d('2020-01-01'), d('2040-01-01')], 100, d('2020-01-01'))
    expect(contractBar(scale, d('2030-01-01'), d('2030-01-02'), []).width).toBe(2)
  })
})

describe('helpers', () => {
  it('lists starts, ends and ends with all extensions', () => {
    expect(contractDates([{ start: d('2024-01-01'), end: d('2026-01-31'), extensionOptions: [12, 6] }])).toEqual(['2024-01-01', '2026-01-31', '2027-07-31'])
  })

  it('thins month ticks so labels do not collide, always keeping January', () => {
    const scale = createTimeScale([d('2024-01-01'), d('2029-12-31')], 600, d('2024-01-01'))
    const ticks = monthTicks(scale, 36)
    expect(ticks.every((t) => t.date.endsWith('-01'))).toBe(true)
    expect(ticks.filter((t) => t.isYear).map((t) => t.date.slice(0, 4))).toEqual(['2024', '2025', '2026', '2027', '2028', '2029', '2030'])
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.x - ticks[i - 1]!.x).toBeGreaterThan(20)
    expect(startOfMonth(d('2026-07-19'))).toBe('2026-07-01')
  })
})

describe('a contract entered only as "current contract ends" (issue 10 A6)', () => {
  it('has a short mark ending at its end date, and its end on the scale', () => {
    const scale = createTimeScale(['2025-01-01', '2026-12-31'] as IsoDate[], 730, '2025-01-01' as IsoDate)
    const bar = contractBar(scale, undefined, '2026-03-31' as IsoDate, [])
    expect(bar.isStartKnown).toBe(false)
    expect(bar.width).toBe(UNKNOWN_START_MARK_PX)
    expect(bar.x + bar.width).toBeCloseTo(scale.x('2026-03-31' as IsoDate))
    expect(contractDates([{ end: '2026-03-31' as IsoDate, extensionOptions: [] }])).toEqual(['2026-03-31', '2026-03-31'])
  })
})
