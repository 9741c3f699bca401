/** The period of a card's pooled figure in few words (client/canvas/planning/short-period.ts). */
import { describe, expect, it } from 'vitest'
import { shortPeriod } from '../../../../client/canvas/planning/short-period'

describe('shortPeriod', () => {
  it.each([
    ['12 months to 31 Dec 2019', '12 months to 31 Dec 2019'],
    ['12 months to 30 Dec 2019; 12 months to 31 Dec 2019', '12 months to Dec 2019'],
    ['12 months to 31 Dec 2019; annualised from 3 months to 31 Mar 2020', "bodies' periods differ"],
    ['12 months to 31 Dec 2019; 12 months to 31 Mar 2020', "bodies' periods differ"],
  ])('%s → %s', (label, expected) => {
    expect(shortPeriod(label)).toBe(expected)
  })
})
