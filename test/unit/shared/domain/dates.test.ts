/** Tests for shared/domain/dates.ts: parsing published dates and whole-month arithmetic. */
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  daysBetween,
  isoDateFromExcelSerial,
  isValidIsoDate,
  monthsBetween,
  parseDate,
} from '../../../../shared/domain/dates.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'

const d = (s: string) => s as IsoDate

describe('parseDate', () => {
  it.each([
    ['25/06/2012', '2012-06-25'],
    ['4/1/2017', '2017-01-04'],
    ['2026-05-29', '2026-05-29'],
    ['2025-01-23T00:00:00Z', '2025-01-23'],
    ['2025-04-01T00:00:00+01:00', '2025-04-01'],
    ['2025-03-31T23:59:59.999-05:00', '2025-03-31'],
    ['2019-03-20 10:15', '2019-03-20'],
    ['01-JUN-2012', '2012-06-01'],
    [' 29/02/2024 ', '2024-02-29'],
  ])('%s → %s', (text, iso) => expect(parseDate(text)).toEqual({ ok: true, value: iso }))

  it.each(['29/02/2023', '31/04/2024', '2024-13-01', '06/25/2012', '25/06/12', '', 'yesterday', '2024-02-30T00:00:00Z', '25/06/2012900'])(
    'rejects %j',
    (text) => {
      const r = parseDate(text)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('invalid-date')
    },
  )
})

describe('isValidIsoDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2024-2-01', false],
    ['0999-01-01', false],
  ])('%s → %s', (s, valid) => expect(isValidIsoDate(s)).toBe(valid))
})

describe('month arithmetic', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-08-31', -6, '2024-02-29'],
    ['2026-03-31', -9, '2025-06-30'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -13, '2023-12-15'],
    ['2025-06-30', 0, '2025-06-30'],
  ])('addMonths(%s, %i) = %s', (from, n, to) => expect(addMonths(d(from), n)).toEqual({ ok: true, value: to }))

  it.each([
    ['2025-01-31', '2025-02-28', 1],
    ['2025-01-15', '2025-02-14', 0],
    ['2025-01-15', '2025-02-15', 1],
    ['2024-04-01', '2025-09-30', 17],
    ['2024-04-01', '2025-10-01', 18],
    ['2025-10-01', '2024-04-01', -18],
    ['2025-03-01', '2025-03-01', 0],
  ])('monthsBetween(%s, %s) = %i', (a, b, m) => expect(monthsBetween(d(a), d(b))).toBe(m))

  it('days', () => {
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366)
    expect(daysBetween(d('1970-01-01'), d('1970-01-02'))).toBe(1)
    expect(addDays(d('2024-02-28'), 2)).toEqual({ ok: true, value: '2024-03-01' })
    expect(addDays(d('2024-03-01'), -1)).toEqual({ ok: true, value: '2024-02-29' })
  })
})

describe('isoDateFromExcelSerial', () => {
  it.each([
    [43193, '2018-04-03'],
    [45384.041666666664, '2024-04-02'], // Lancashire Fire's +1 hour artefact is dropped
    [45383, '2024-04-01'],
    [1, '1900-01-01'],
    [61, '1900-03-01'],
    [45747, '2025-03-31'],
  ])('%d → %s', (serial, iso) => expect(isoDateFromExcelSerial(serial)).toEqual({ ok: true, value: iso }))
  it('rejects 60 and out-of-range serials', () => {
    expect(isoDateFromExcelSerial(60).ok).toBe(false)
    expect(isoDateFromExcelSerial(0).ok).toBe(false)
    expect(isoDateFromExcelSerial(Number.NaN).ok).toBe(false)
  })
})
