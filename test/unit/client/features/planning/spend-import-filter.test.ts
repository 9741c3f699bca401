/** Choosing a category's lines from an imported spend file: exact pence, credits count, line ids kept. */
import { describe, expect, it } from 'vitest'
import { matchesFilter, selectLines, sourceIdFromFileName, totalOf } from '../../../../../client/features/planning/spend-import-filter'
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

  it('selects by words in supplier, label or reference (all words must match)', () => {
    expect(selectLines(lines, { kind: 'text', text: 'tyre' }).lineIds).toEqual(['f:2', 'f:3', 'f:4'])
    expect(selectLines(lines, { kind: 'text', text: 'tyres credit' }).lineIds).toEqual(['f:4'])
    expect(matchesFilter(lines[0]!, { kind: 'text', text: '   ' })).toBe(false)
  })

  it('totals every line and names sources safely', () => {
    expect(totalOf(lines)).toBe(245_049)
    expect(sourceIdFromFileName('Lambeth Spend June 2012.csv')).toBe('lambeth-spend-june-2012')
    expect(sourceIdFromFileName('###.csv')).toBe('spend-file')
  })
})
