import { describe, expect, it } from 'vitest'
import { estimateEndDate, TYPICAL_TERM_MONTHS_BY_CPV_DIVISION } from '../../../../shared/contracts/end-date.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'

const d = (s: string) => s as IsoDate
const AWARD = d('2024-04-01')

describe('estimateEndDate: terms in the wording, counted from the award date', () => {
  const cases: { text: string; end: string; withExtensions?: string; quote: string }[] = [
    { text: 'Cleaning of council offices for a period of 3 years.', end: '2027-03-31', quote: 'for a period of 3 years' },
    { text: 'The contract will run for 36 months.', end: '2027-03-31', quote: 'for 36 months' },
    {
      text: 'This is a 2 year contract with the option to extend for a further 2 years.',
      end: '2026-03-31', withExtensions: '2028-03-31', quote: 'a 2 year contract with the option to extend for a further 2 years',
    },
    { text: 'Grounds maintenance, contract term 3+1+1.', end: '2027-03-31', withExtensions: '2029-03-31', quote: '3+1+1' },
    { text: 'An initial term of two (2) years.', end: '2026-03-31', quote: 'initial term of 2 years' },
    {
      text: 'The framework will last 5 years plus 2 x 1 year extensions.',
      end: '2029-03-31', withExtensions: '2031-03-31', quote: '5 years plus 2 x 1 year extensions',
    },
    {
      text: 'The initial contract period will be for 3 years with an option to extend by a further period of 2 years in increments of 1 year.',
      end: '2027-03-31', withExtensions: '2029-03-31', quote: 'period will be for 3 years with an option to extend by a further period of 2 years',
    },
    { text: 'Hosted by Blackpool Council for an initial 12 months aimed at co-producing solutions', end: '2025-03-31', quote: 'for an initial 12 months' },
    { text: 'A contract of eighteen months.', end: '2025-09-30', quote: '18 months' },
  ]
  for (const c of cases) {
    it(`"${c.text}"`, () => {
      const r = estimateEndDate({ description: c.text, awardDate: AWARD })
      expect(r.end).toBe(c.end)
      expect(r.endWithExtensions).toBe(c.withExtensions)
      expect(r.isEstimated).toBe(true)
      expect(r.basis.kind).toBe('wording')
      expect(r.basis.quote).toContain(c.quote)
      expect(r.basis.start).toEqual({ date: AWARD, from: 'award' })
    })
  }
})

describe('estimateEndDate: stated ends and starts', () => {
  it('takes a stated end date field as is, not estimated', () => {
    const r = estimateEndDate({ description: 'for 3 years', awardDate: AWARD, endDate: d('2026-12-31') })
    expect(r).toEqual({ end: '2026-12-31', isEstimated: false, basis: { kind: 'stated', quote: 'end date 2026-12-31' } })
  })
  it('reads "until 31 March 2027" from the description', () => {
    const r = estimateEndDate({ description: 'Support for the scheme until 31 March 2027.', awardDate: AWARD })
    expect(r.end).toBe('2027-03-31')
    expect(r.isEstimated).toBe(false)
    expect(r.basis.kind).toBe('stated')
    expect(r.basis.quote).toContain('until 31 March 2027')
  })
  it('reads a from…to range and the extensions written after it', () => {
    const r = estimateEndDate({
      description: 'The Call-Off Contract is anticipated to cover the period from 1st July 2021 to 30th June 2024 with the option to extend for a further 1 year.',
      awardDate: d('2021-05-01'),
    })
    expect(r.end).toBe('2024-06-30')
    expect(r.endWithExtensions).toBe('2025-06-30')
    expect(r.basis.kind).toBe('stated')
  })
  it('counts a term from a start written in the text, not from the award date', () => {
    const r = estimateEndDate({
      description: 'commencing 1st April 2026 for a potential initial term of 8 years with a possible extension for a further 1 + 1 year',
      awardDate: d('2025-11-03'),
    })
    expect(r.end).toBe('2034-03-31')
    expect(r.endWithExtensions).toBe('2036-03-31')
    expect(r.basis.start).toEqual({ date: '2026-04-01', from: 'wording' })
  })
  it('counts from a stated start field when given', () => {
    const r = estimateEndDate({ description: 'for a period of 2 years', awardDate: AWARD, startDate: d('2024-06-01') })
    expect(r.end).toBe('2026-05-31')
    expect(r.basis.start?.from).toBe('stated')
  })
  it('ignores a date that ends before the start', () => {
    const r = estimateEndDate({ description: 'Tenders due by 12 January 2024. The contract is for 2 years.', awardDate: AWARD })
    expect(r.basis.kind).toBe('wording')
    expect(r.end).toBe('2026-03-31')
  })
})

describe('estimateEndDate: numbers that are not terms', () => {
  const cases = [
    'Healthy Child Programme for children and young people 0-19 years.',
    'Residential rehabilitation services (18 years old and over).',
    'Replacement uniforms will be provided every 18 months.',
    'Suppliers must show experience in the last 3 years.',
    'A Long Term Plan for the Town including a 10-year vision and 3-year investment plan.',
    'Roofing should be warranted for a minimum period of 20 years.',
    'Transitional support will be available for young people, up to 25 years.',
  ]
  for (const text of cases) {
    it(`"${text}" falls through to the CPV table`, () => {
      const r = estimateEndDate({ description: text, awardDate: AWARD, cpvCodes: ['85000000'] })
      expect(r.basis.kind).toBe('cpv-typical')
    })
  }
})

describe('estimateEndDate: typical terms by CPV division', () => {
  it('uses the first listed CPV division the table knows, marked as an estimate', () => {
    const r = estimateEndDate({ title: 'Refuse collection vehicles servicing', awardDate: AWARD, cpvCodes: ['03000000', '90511000'] })
    expect(r.basis).toEqual({
      kind: 'cpv-typical', cpvGroup: '90', start: { date: AWARD, from: 'award' },
      quote: `typical term for CPV 90 (${TYPICAL_TERM_MONTHS_BY_CPV_DIVISION['90']!.label}): 84 months`,
    })
    expect(r.end).toBe('2031-03-31')
    expect(r.isEstimated).toBe(true)
    expect(r.endWithExtensions).toBeUndefined()
  })
  it('is unknown with no wording, no known division or no start', () => {
    expect(estimateEndDate({ title: 'Supply of goods', awardDate: AWARD, cpvCodes: ['03000000'] })).toEqual({
      end: null, isEstimated: false, basis: { kind: 'unknown', quote: '', start: { date: AWARD, from: 'award' } },
    })
    expect(estimateEndDate({ title: 'Supply of goods', cpvCodes: ['90000000'] }).basis.kind).toBe('unknown')
  })
  it('keeps the wording as basis when there is a term but no start to count from', () => {
    const r = estimateEndDate({ description: 'for a period of 3 years' })
    expect(r.end).toBeNull()
    expect(r.basis.kind).toBe('wording')
  })
})

describe('estimateEndDate: Contracts Finder text quirks', () => {
  it('reads through HTML entities and literal \\r\\n', () => {
    const r = estimateEndDate({ description: 'Supply &amp; delivery\\r\\nfor a period of three (3) years', awardDate: AWARD })
    expect(r.end).toBe('2027-03-31')
  })
})
