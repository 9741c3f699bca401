/** Choosing a category's lines from an imported spend file: exact pence, credits count, line ids kept. */
import { describe, expect, it } from 'vitest'
import { categoryKeywords, defaultFilter, explainSelection, importedSpendOf, matchesFilter, selectLines, sourceIdFromFileName, totalOf } from '../../../../../client/features/planning/spend-import-filter'
import type { SpendLine } from '../../../../../shared/domain/spend'

const line = (n: number, supplierName: string, amount: number, proclassCode?: string, categoryLabel?: string): SpendLine =>
  ({ id: `f:${n}`, orgId: 'wcc', supplierName, amount, currency: 'GBP', sourceLine: n, ...(proclassCode ? { proclassCode } : {}), ...(categoryLabel ? { categoryLabel } : {}) }) as SpendLine

const lines = [
  line(2, 'Micheldever Tyre Services Ltd', 120_050, '291120', 'Vehicle tyres'),
  line(3, 'MICHELDEVER TYRE SERVICES LTD', 30_000, '291120'),
  line(4, 'Bridgestone UK', -5_000, '291100', 'Tyres credit'),
  line(5, 'Office Depot', 99_999, '140000', 'Stationery'),
]

describe('selectLines', () => {
  it('selects by ProClass code prefix and sums exactly, credits included', () => {
    const s = selectLines(lines, { kind: 'proclass', code: '2911' })
    expect(s.lineIds).toEqual(['f:2', 'f:3', 'f:4'])
    expect(s.total).toBe(145_050)
    expect(s.supplierCount).toBe(2)
    expect(s.topSuppliers[0]).toEqual({ name: 'Micheldever Tyre Services Ltd', total: 150_050 })
  })

  it('treats a full 6-digit code as the code and everything under it', () => {
    expect(selectLines(lines, { kind: 'proclass', code: '291100' }).lineIds).toEqual(['f:2', 'f:3', 'f:4'])
    expect(selectLines(lines, { kind: 'proclass', code: '291120' }).lineIds).toEqual(['f:2', 'f:3'])
  })

  it('selects by words in supplier, label or reference (any word matches; plural s dropped)', () => {
    expect(selectLines(lines, { kind: 'words', text: 'tyre' }).lineIds).toEqual(['f:2', 'f:3', 'f:4'])
    expect(selectLines(lines, { kind: 'words', text: 'credit, stationery' }).lineIds).toEqual(['f:4', 'f:5'])
    expect(selectLines(lines, { kind: 'words', text: 'Tyres' }).lineIds).toEqual(['f:2', 'f:3', 'f:4'])
    expect(matchesFilter(lines[0]!, { kind: 'words', text: '   ' })).toBe(false)
  })

  it('totals every line and names sources safely', () => {
    expect(totalOf(lines)).toBe(245_049)
    expect(sourceIdFromFileName('Lambeth Spend June 2012.csv')).toBe('lambeth-spend-june-2012')
    expect(sourceIdFromFileName('###.csv')).toBe('spend-file')
  })
})

describe('default filter and what it matched (files without ProClass codes)', () => {
  // Like Hyndburn's or Oxford's files: no ProClass column, a supplier name and a published expenditure category.
  const plain = [
    line(2, 'Micheldever Tyre Services Ltd', 120_050, undefined, 'Vehicle Tyres'),
    line(3, 'Fleet Maintenance Co', 40_000, undefined, 'Fleet repairs'),
    line(4, 'Office Depot', 99_999, undefined, 'Stationery'),
    line(5, 'Redacted personal data', 7_500, undefined, 'Tyres'),
  ]

  it('falls back from ProClass to the category name’s words when the file has no codes, so it matches lines', () => {
    const filter = defaultFilter(plain, { name: 'Fleet tyres', proclassCode: '291120' })
    expect(filter).toEqual({ kind: 'words', text: 'fleet tyre', isFromCategoryName: true })
    const s = selectLines(plain, filter)
    expect(s.lineIds).toEqual(['f:2', 'f:3', 'f:5'])
    expect(explainSelection(plain, filter, s)).toBe(
      'This file has no ProClass codes, so lines are matched on words from the category name (“fleet”, “tyre”) in the supplier name, published category or reference: 3 lines of 4 mention at least one.',
    )
  })

  it('keeps ProClass when both the file and the category have codes, and says so', () => {
    const filter = defaultFilter(lines, { name: 'Fleet tyres', proclassCode: '2911' })
    expect(filter).toEqual({ kind: 'proclass', code: '2911' })
    expect(explainSelection(lines, filter, selectLines(lines, filter))).toBe('Matched on ProClass codes starting with 2911: 3 lines of 4.')
  })

  it('never leaves a silent 0: a code against a file without codes, or no match, is explained', () => {
    const byCode = { kind: 'proclass', code: '2911' } as const
    expect(selectLines(plain, byCode).lineCount).toBe(0)
    expect(explainSelection(plain, byCode, selectLines(plain, byCode))).toMatch(/^This file has no ProClass codes, so no line can be matched by code/)
    const none = { kind: 'words', text: 'catering', isFromCategoryName: true } as const
    expect(explainSelection(plain, none, selectLines(plain, none))).toMatch(/no line mentions them\. Try another word, or use all lines\.$/)
  })

  it('offers all lines when the category name has no useful words', () => {
    const filter = defaultFilter(plain, { name: 'General services' })
    expect(filter).toEqual({ kind: 'all' })
    expect(selectLines(plain, filter).lineCount).toBe(4)
    expect(explainSelection(plain, filter, selectLines(plain, filter))).toMatch(/^All 4 lines in the file \(it has no ProClass codes\)/)
  })

  it('drops general words and plural s from the category name', () => {
    expect(categoryKeywords('Legal services and advice')).toBe('legal advice')
    expect(categoryKeywords('Glass & windows')).toBe('glass window')
  })
})

describe('suppliers after an import', () => {
  it('counts and names the distinct named suppliers of the chosen lines, leaving out withheld names', () => {
    const withRedacted = [
      ...lines,
      line(6, 'Redacted', 1_000, '291120'),
      line(7, 'REDACTED PERSONAL DATA', 2_000, '291120'),
      line(8, 'micheldever tyre services limited', 500, '291120'),
    ]
    const s = selectLines(withRedacted, { kind: 'proclass', code: '2911' })
    expect(s.total).toBe(148_550)
    expect(s.withheldLineCount).toBe(2)
    const imported = importedSpendOf(s)
    expect(imported.supplierCount).toBe(2)
    expect(imported.mainSuppliers).toEqual(['Micheldever Tyre Services Ltd', 'Bridgestone UK'])
    expect(imported.lineIds).toEqual(['f:2', 'f:3', 'f:4', 'f:6', 'f:7', 'f:8'])
  })
})
