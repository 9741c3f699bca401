/** client/ui/format.ts: planning form and display helpers: £ amounts typed by people become exact pence; dates read "31 Mar 2027". */
import { describe, expect, it } from 'vitest'
import { formatDate, formatMoney, moneyInputValue, parseCountInput, parseExtensionOptions, parseMoneyInput, todayIso } from '../../../../client/ui/format'
import type { Pence } from '../../../../shared/domain/money'

describe('parseMoneyInput', () => {
  it.each([
    ['125000', 12_500_000],
    ['£125,000', 12_500_000],
    [' £ 125,000.50 ', 12_500_050],
    ['1,234.5', 123_450],
    ['125k', 12_500_000],
    ['1.2m', 120_000_000],
    ['£1.25M', 125_000_000],
    ['0.5k', 50_000],
    ['0', 0],
  ])('%s → %i pence', (text, pence) => {
    const parsed = parseMoneyInput(text)
    expect(parsed).toEqual({ ok: true, value: pence })
  })

  it.each([
    ['', 'Enter an amount'],
    ['abc', 'is not an amount'],
    ['12.345', 'more than two decimal places'],
    ['-500', 'must not be negative'],
    ['(500)', 'must not be negative'],
    ['1,23,000', 'is not an amount'],
    ['k', 'is not an amount'],
    ['1.2.3m', 'is not an amount'],
  ])('refuses %j with a clear message', (text, message) => {
    const parsed = parseMoneyInput(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error.message).toContain(message)
  })

  it('accepts an empty field as £0 when allowed', () => {
    expect(parseMoneyInput('  ', { allowEmpty: true })).toEqual({ ok: true, value: 0 })
  })

  it('round-trips the value shown in the input', () => {
    for (const pence of [0, 1, 99, 100, 12_500_000, 123_456_789]) {
      expect(parseMoneyInput(moneyInputValue(pence as Pence))).toEqual({ ok: true, value: pence })
    }
  })
})

describe('display', () => {
  it('formats dates as "31 Mar 2027" and leaves non-dates alone', () => {
    expect(formatDate('2027-03-31')).toBe('31 Mar 2027')
    expect(formatDate('2026-01-05')).toBe('5 Jan 2026')
    expect(formatDate('not a date')).toBe('not a date')
  })

  it('formats money with £ and thousands separators, dropping .00 only', () => {
    expect(formatMoney(12_500_000 as Pence)).toBe('£125,000')
    expect(formatMoney(12_500_050 as Pence)).toBe('£125,000.50')
    expect(formatMoney(-1200 as Pence)).toBe('-£12')
  })

  it('reads today in the local calendar', () => {
    expect(todayIso(new Date(2027, 2, 31, 23, 59))).toBe('2027-03-31')
  })
})

describe('other fields', () => {
  it('parses supplier counts', () => {
    expect(parseCountInput('', 'Suppliers')).toEqual({ ok: true, value: 0 })
    expect(parseCountInput(' 4 ', 'Suppliers')).toEqual({ ok: true, value: 4 })
    expect(parseCountInput('four', 'Suppliers').ok).toBe(false)
  })

  it('parses extension options in months', () => {
    expect(parseExtensionOptions('12, 12')).toEqual({ ok: true, value: [12, 12] })
    expect(parseExtensionOptions('12+24')).toEqual({ ok: true, value: [12, 24] })
    expect(parseExtensionOptions('')).toEqual({ ok: true, value: [] })
    expect(parseExtensionOptions('0').ok).toBe(false)
    expect(parseExtensionOptions('a year').ok).toBe(false)
  })
})
