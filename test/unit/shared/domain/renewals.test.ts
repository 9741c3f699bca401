/** Tests for shared/domain/renewals.ts: renewal windows and lead times, worked out by hand in the comments. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addMonths, monthsBetween } from '../../../../shared/domain/dates.ts'
import { DEFAULT_RENEWAL_SETTINGS, findRenewalGroups, urgencyOf } from '../../../../shared/domain/renewals.ts'
import { DEFAULT_LEAD_TIME_MONTHS, PROCUREMENT_ROUTES } from '../../../../shared/domain/procurement-route.ts'
import type { Contract } from '../../../../shared/domain/category-plan.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'

const d = (s: string) => s as IsoDate
function contract(id: string, orgId: string, end: string, extensionOptions: number[] = [], value = 1_000_00): Contract {
  return { id, orgId, categoryId: 'tyres', supplier: 'Acme', start: '2020-01-01', end, extensionOptions, value } as Contract
}

const TODAY = d('2025-06-01')
const CONTRACTS = [
  contract('c-police', 'police', '2026-03-31', [12]),
  contract('c-police-2', 'police', '2026-09-30'),
  contract('c-fire', 'fire', '2027-06-30'),
  contract('c-council', 'council', '2028-01-31'),
  contract('c-old', 'council', '2025-01-31'), // ended before today: left out
]

describe('findRenewalGroups worked example (18-month window, open procedure 9 months)', () => {
  const r = findRenewalGroups(CONTRACTS, TODAY)
  if (!r.ok) throw new Error(r.error.message)
  const { groups, expiredContractIds } = r.value

  it('leaves out expired contracts', () => {
    expect(expiredContractIds).toEqual(['c-old'])
  })

  it('finds the two maximal windows', () => {
    // Anchor c-police 2026-03-31: + 18 months = 2027-09-30 → c-police, c-police-2, c-fire (police, fire).
    // Anchor c-police-2 2026-09-30: + 18 months = 2028-03-30 → c-police-2, c-fire, c-council (police, fire, council).
    // Anchor c-fire 2027-06-30: + 18 months = 2028-12-30 → c-fire, c-council: inside the previous window, dropped.
    expect(groups.map((g) => g.members.map((m) => m.contractId))).toEqual([
      ['c-police', 'c-police-2', 'c-fire'],
      ['c-police-2', 'c-fire', 'c-council'],
    ])
    expect(groups.map((g) => g.orgIds)).toEqual([
      ['fire', 'police'],
      ['council', 'fire', 'police'],
    ])
  })

  it('computes latest start = earliest end − 9 months, and urgency against today', () => {
    const [first, second] = groups
    // 2026-03-31 − 9 months = 2025-06-31 → clamped to 2025-06-30. From 2025-06-01 that is 0 whole months: urgent.
    expect(first?.latestStart.value).toBe('2025-06-30')
    expect(first?.monthsToLatestStart).toBe(0)
    expect(first?.urgency).toBe('urgent')
    expect(first?.latestStart.sources).toEqual([
      { kind: 'contract', contractId: 'c-police' },
      { kind: 'assumption', name: 'lead-time:open-procedure' },
    ])
    // 2026-09-30 − 9 months = 2025-12-30. 2025-06-01 → 2025-12-30 is 6 whole months: not under 6, so "soon".
    expect(second?.latestStart.value).toBe('2025-12-30')
    expect(second?.monthsToLatestStart).toBe(6)
    expect(second?.urgency).toBe('soon')
  })

  it('reports span, extensions and combined value with sources', () => {
    const [first, second] = groups
    // 2026-03-31 → 2027-06-30: 15 whole months; 2026-09-30 → 2028-01-31: 16 whole months.
    expect([first?.spanMonths, second?.spanMonths]).toEqual([15, 16])
    // c-police has one 12-month extension: 2026-03-31 + 12 = 2027-03-31.
    expect(first?.members[0]?.endWithExtensions).toBe('2027-03-31')
    expect(first?.combinedValue.value).toBe(3_000_00)
    expect(first?.combinedValue.sources).toHaveLength(3)
  })
})

describe('lead time per route (earliest end 2026-03-31)', () => {
  const pair = [contract('a', 'police', '2026-03-31'), contract('b', 'fire', '2026-06-30')]
  it.each([
    // route, lead months, 2026-03-31 minus lead months, urgency from 2025-06-01
    ['framework-direct-award', 3, '2025-12-31', 'soon'], // 6 whole months away
    ['framework-further-competition', 6, '2025-09-30', 'urgent'], // 3 months away
    ['dynamic-market', 6, '2025-09-30', 'urgent'],
    ['open-procedure', 9, '2025-06-30', 'urgent'], // 0 months away
    ['competitive-flexible-procedure', 12, '2025-03-31', 'overdue'], // already passed
  ] as const)('%s: %i months → start by %s (%s)', (route, months, latestStart, urgency) => {
    expect(DEFAULT_LEAD_TIME_MONTHS[route]).toBe(months)
    const r = findRenewalGroups(pair, TODAY, { ...DEFAULT_RENEWAL_SETTINGS, route })
    expect(r.ok && r.value.groups[0]?.latestStart.value).toBe(latestStart)
    expect(r.ok && r.value.groups[0]?.urgency).toBe(urgency)
  })

  it('covers every route', () => {
    expect(Object.keys(DEFAULT_LEAD_TIME_MONTHS).sort()).toEqual([...PROCUREMENT_ROUTES].sort())
  })

  it('uses edited lead times', () => {
    const r = findRenewalGroups(pair, TODAY, { ...DEFAULT_RENEWAL_SETTINGS, leadTimes: { ...DEFAULT_LEAD_TIME_MONTHS, 'open-procedure': 4 } })
    // 2026-03-31 − 4 months = 2025-11-30 (November has 30 days).
    expect(r.ok && r.value.groups[0]?.latestStart.value).toBe('2025-11-30')
  })
})

describe('window boundary', () => {
  it.each([
    // 2026-01-31 + 18 months = 2027-07-31: an end on that day is inside (inclusive), the next day is not.
    ['2027-07-31', 1],
    ['2027-08-01', 0],
  ])('second end %s → %i group(s)', (end, count) => {
    const r = findRenewalGroups([contract('a', 'police', '2026-01-31'), contract('b', 'fire', end)], TODAY)
    expect(r.ok && r.value.groups).toHaveLength(count)
  })

  it('uses an edited window', () => {
    // 12 months: 2026-01-31 + 12 = 2027-01-31; an end on 2027-02-01 falls outside.
    const r = findRenewalGroups([contract('a', 'police', '2026-01-31'), contract('b', 'fire', '2027-02-01')], TODAY, { ...DEFAULT_RENEWAL_SETTINGS, windowMonths: 12 })
    expect(r.ok && r.value.groups).toHaveLength(0)
  })

  it('needs two organisations, and is independent of input order', () => {
    const same = findRenewalGroups([contract('a', 'police', '2026-01-31'), contract('b', 'police', '2026-02-28')], TODAY)
    expect(same.ok && same.value.groups).toHaveLength(0)
    expect(findRenewalGroups([...CONTRACTS].reverse(), TODAY)).toEqual(findRenewalGroups(CONTRACTS, TODAY))
  })

  it('rejects bad settings', () => {
    const r = findRenewalGroups(CONTRACTS, TODAY, { ...DEFAULT_RENEWAL_SETTINGS, windowMonths: 0 })
    expect(r.ok ? null : r.error.code).toBe('invalid-settings')
    const lead = findRenewalGroups(CONTRACTS, TODAY, { ...DEFAULT_RENEWAL_SETTINGS, leadTimes: { ...DEFAULT_LEAD_TIME_MONTHS, 'open-procedure': -1 } })
    expect(lead.ok ? null : lead.error.code).toBe('invalid-settings')
  })
})

describe('urgencyOf', () => {
  it.each([
    ['2025-05-31', 'overdue'],
    ['2025-06-01', 'urgent'],
    ['2025-11-30', 'urgent'], // 5 whole months
    ['2025-12-01', 'soon'], // 6
    ['2026-05-31', 'soon'], // 11
    ['2026-06-01', 'later'], // 12
  ])('latest start %s from 2025-06-01 → %s', (start, urgency) => expect(urgencyOf(d(start), TODAY)).toBe(urgency))
})

describe('findRenewalGroups properties', () => {
  const contractsArb = fc
    .array(fc.record({ org: fc.constantFrom('police', 'fire', 'council', 'nhs'), day: fc.integer({ min: 0, max: 2000 }) }), { maxLength: 12 })
    .map((rows) =>
      rows.map((r, i) => {
        const end = new Date(Date.UTC(2024, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10)
        return contract(`k${i}`, r.org, end)
      }),
    )
  it('every group spans at most the window, has two or more bodies, and starts lead-time months before its first end', () => {
    fc.assert(
      fc.property(contractsArb, fc.integer({ min: 1, max: 36 }), (contracts, windowMonths) => {
        const r = findRenewalGroups(contracts, TODAY, { ...DEFAULT_RENEWAL_SETTINGS, windowMonths })
        if (!r.ok) throw new Error(r.error.message)
        for (const g of r.value.groups) {
          expect(g.orgIds.length).toBeGreaterThanOrEqual(2)
          expect(g.members.every((m) => m.end >= TODAY)).toBe(true)
          const limit = addMonths(g.earliestEnd.value, windowMonths)
          expect(limit.ok && g.latestEnd.value <= limit.value).toBe(true)
          expect(monthsBetween(g.earliestEnd.value, g.latestEnd.value)).toBeLessThanOrEqual(windowMonths)
          const start = addMonths(g.earliestEnd.value, -g.leadTimeMonths)
          expect(start.ok && start.value).toBe(g.latestStart.value)
        }
        expect(findRenewalGroups([...contracts].reverse(), TODAY, { ...DEFAULT_RENEWAL_SETTINGS, windowMonths })).toEqual(r)
      }),
    )
  })
})
