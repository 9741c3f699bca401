/** Which code a ProClass entry picked in the spend-codes picker links a category to (TaxonomyPicker.spendCodeOf). */
import { describe, expect, it } from 'vitest'
import { spendCodeOf } from '../../../../../client/features/planning/TaxonomyPicker'
import type { TaxonomyEntry } from '../../../../../shared/taxonomy/search'

const entry = (code: string, level: number): TaxonomyEntry => ({ scheme: 'proclass', code, label: code, path: [code], level, note: '' }) as TaxonomyEntry

describe('spendCodeOf', () => {
  it.each([
    ['a top-level group links every code under it', '290000', 1, '29'],
    ['a second-level entry links its own code (ProClass levels do not follow the digits)', '291100', 2, '291100'],
    ['a third-level entry links its code', '401408', 3, '401408'],
  ])('%s', (_what, code, level, expected) => {
    expect(spendCodeOf(entry(code, level))).toBe(expected)
  })
})
