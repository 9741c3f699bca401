/**
 * Tests for shared/domain/spend-import.ts against real published spend files (see test/fixtures/spend/SOURCES.md).
 * - Always: the vendored slices in test/fixtures/spend (header plus the rows that show each quirk). Their expected
 *   figures were computed from the slices independently, with Python's csv and decimal modules.
 * - When the full files are present (../shared/data/spend, beside a development checkout, not in a clone): every row
 *   of each published file, against figures computed the same way. Without them these are skipped, with a message.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeSpendFile, decodeWindows1252, mapColumns, parseSpendCsv } from '../../../../shared/domain/spend-import.ts'
import type { SpendImport } from '../../../../shared/domain/spend-import.ts'
import { aggregateSpend } from '../../../../shared/domain/spend.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const fixturesDir = path.resolve(repoRoot, 'test/fixtures/spend')
const fullDataDir = path.resolve(repoRoot, '../shared/data/spend')
const hasFullData = existsSync(fullDataDir)
if (!hasFullData) {
  console.warn(`spend-import: full published files not found at ${fullDataDir}; their tests are skipped (the vendored slices in test/fixtures/spend still run).`)
}

function importFrom(dir: string, rel: string, sourceId = 'src'): SpendImport & { encoding: string } {
  const { text, encoding } = decodeSpendFile(new Uint8Array(readFileSync(path.resolve(dir, rel))))
  const r = parseSpendCsv(text, { orgId: 'org' as OrgId, sourceId })
  if (!r.ok) throw new Error(r.error.message)
  return { ...r.value, encoding }
}
const importSlice = (rel: string, sourceId?: string) => importFrom(fixturesDir, rel, sourceId)
const importFull = (rel: string, sourceId?: string) => importFrom(fullDataDir, rel, sourceId)
/** Import a full file once for a describe block, when it runs (a skipped block reads nothing). */
function importedOnce(rel: string, sourceId: string): () => SpendImport & { encoding: string } {
  let imp: (SpendImport & { encoding: string }) | undefined
  beforeAll(() => {
    imp = importFull(rel, sourceId)
  })
  return () => {
    if (!imp) throw new Error(`${rel} was not imported`)
    return imp
  }
}

const sum = (imp: SpendImport) => imp.lines.reduce((a, l) => a + l.amount, 0)

describe('vendored slices (test/fixtures/spend)', () => {
  it('Lambeth: header under the 9-line preamble, 11 run-together rows recovered, Total footer and padding skipped', () => {
    const imp = importSlice('lambeth/2012-06-payments.csv', 'lambeth-2012-06')
    expect(imp.headerLine).toBe(10)
    expect(imp.columns.amount?.header).toBe('Invoice Nett Amount')
    expect(imp.lines).toHaveLength(33)
    expect(imp.errors).toEqual([])
    expect(imp.recovered).toHaveLength(11)
    expect(sum(imp)).toBe(19133387)
    expect(imp.skipped.map((s) => [s.line, s.code])).toEqual([
      [45, 'footer'],
      [49, 'junk'],
    ])
    const byLine = new Map(imp.lines.map((l) => [l.sourceLine, l]))
    // "A A GuestHouses,25/06/2012900" → 25 June 2012, £900.
    expect(byLine.get(19)).toMatchObject({ id: 'lambeth-2012-06:19', supplierName: 'A A GuestHouses', date: '2012-06-25', amount: 90000 })
    expect(imp.lines.filter((l) => l.supplierName === 'Catch22').map((l) => [l.date, l.amount])).toEqual([
      ['2012-06-12', 875520],
      ['2012-06-27', 2400000],
    ])
    expect(imp.lines.find((l) => l.supplierName === 'Inter High Education/Academy21')).toMatchObject({ date: '2012-05-29', amount: 74000 })
  })

  it('Oxford 2014 (layout A, CRLF): credits down to -0.01 and the junk last row skipped', () => {
    const imp = importSlice('oxford-city-council/expenditure-over-500-jan-mar-2014.csv')
    expect(imp.lines).toHaveLength(37)
    expect(imp.skipped).toEqual([{ line: 39, code: 'junk', reason: 'row has no supplier and no amount' }])
    expect(imp.errors).toEqual([])
    expect(sum(imp)).toBe(13587089)
    expect(imp.lines.filter((l) => l.amount < 0)).toHaveLength(6)
    expect(imp.lines.find((l) => l.amount === -1)).toBeDefined()
  })

  it('Oxford 2017 (layout B, renamed columns): blank suppliers kept, -103226.53 exact', () => {
    const imp = importSlice('oxford-city-council/expenditure-over-500-oct-dec-2017.csv')
    expect(imp.columns.date?.header).toBe('Paid Date')
    expect(imp.lines).toHaveLength(40)
    expect(imp.lines.filter((l) => l.supplierName === '')).toHaveLength(5)
    expect(Math.min(...imp.lines.map((l) => l.amount))).toBe(-10322653)
    expect(sum(imp)).toBe(2196853)
  })

  it('Trafford: ProClass codes captured (NA left out), credits, ISO dates', () => {
    const imp = importSlice('trafford-council/trafford-supplier-spend-2026-27_first-18906-rows.csv', 'trafford-2026-27')
    expect(imp.lines).toHaveLength(57)
    expect(imp.errors).toEqual([])
    expect(sum(imp)).toBe(56598841)
    expect(imp.lines.filter((l) => l.amount < 0)).toHaveLength(10)
    expect(imp.lines[0]).toMatchObject({ supplierName: 'VLC (Stairlifts) Limited', date: '2026-05-29', amount: 74250, proclassCode: '191400', categoryLabel: 'FACILITIES MGT : Lifts' })
    const coded = imp.lines.filter((l) => l.proclassCode !== undefined)
    expect(coded).toHaveLength(39)
    expect(new Set(coded.map((l) => l.proclassCode)).size).toBe(10)
    const agg = aggregateSpend(imp.lines, { kind: 'proclass', level: 1 })
    expect(agg.ok && agg.value.total).toBe(56598841)
  })

  it('Hyndburn 2017-01: Windows-1252 and its header "Net Amount(£)"', () => {
    const imp = importSlice('hyndburn-borough-council/spend-over-250_2017-01.csv')
    expect(imp.encoding).toBe('windows-1252')
    expect(imp.columns.amount?.header).toBe('Net Amount(£)')
    expect(imp.lines).toHaveLength(30)
    expect(sum(imp)).toBe(9171875)
  })

  it('Hyndburn 2024-09: "Name:  ", multi-line cells, quoted thousands and 11 trailing-minus credits', () => {
    const imp = importSlice('hyndburn-borough-council/spend-over-250_2024-09.csv')
    expect(imp.encoding).toBe('utf-8')
    expect(imp.columns.supplier?.header).toBe('Name:  ')
    expect(imp.lines).toHaveLength(47)
    expect(imp.errors).toEqual([])
    expect(imp.lines.filter((l) => l.amount < 0)).toHaveLength(11)
    expect(imp.lines.some((l) => l.amount === -16141300)).toBe(true)
    expect(sum(imp)).toBe(-75915464)
  })

  it.each([
    ['odileeds-march-2019/bradford-2019-03.csv', 22, 'Supplier Name', 'Net Amount'],
    ['odileeds-march-2019/darlington-2019-03.csv', 20, 'Supplier', 'Invoice Line Value (net of VAT)'],
    ['odileeds-march-2019/gateshead-2019-03.csv', 20, 'Supplier ID(T)', 'Amount'],
    ['odileeds-march-2019/harrogate-2019-03.csv', 20, 'Supplier Name(T)', 'Net Amount'],
    ['odileeds-march-2019/manchester-2019-03.csv', 20, 'Supplier Name', 'Net Amount'],
    ['odileeds-march-2019/newcastle-2019-03.csv', 20, 'Supplier Name', 'Total (excludes VAT)'],
    ['odileeds-march-2019/salford-2019-03.csv', 20, 'Supplier Name', 'Net'],
    ['odileeds-march-2019/calderdale-2019-03.csv', 20, 'Supplier(Beneficiary) Name', 'Net Amount'],
    ['nwod-gmca-2019/bolton_2019.csv', 20, 'beneficiary_name', 'amount'],
    ['trafford-council/government_procurement_card_transactions_2026-27.csv', 20, 'BeneficiaryName', 'Amount'],
  ])('%s: %i lines, supplier "%s", amount "%s"', (rel, count, supplier, amount) => {
    const imp = importSlice(rel)
    expect(imp.lines).toHaveLength(count)
    expect(imp.errors).toEqual([])
    expect(imp.columns.supplier?.header).toBe(supplier)
    expect(imp.columns.amount?.header).toBe(amount)
  })

  it('Bradford decodes as Windows-1252 (curly apostrophe)', () => {
    const imp = importSlice('odileeds-march-2019/bradford-2019-03.csv')
    expect(imp.encoding).toBe('windows-1252')
    expect(imp.lines.some((l) => l.categoryLabel?.includes('’') || l.supplierName.includes('’'))).toBe(true)
  })
})

describe.skipIf(!hasFullData)('full published files (../shared/data/spend; skipped when absent)', () => {
  describe('Lambeth June 2012: preamble, fused fields, Total footer', () => {
    const imp = importedOnce('lambeth/2012-06-payments.csv', 'lambeth-2012-06')
    it('finds the header on line 10 under the 9-line preamble', () => {
      expect(imp().headerLine).toBe(10)
      expect(imp().columns.supplier?.header).toBe('Supplier Name')
      expect(imp().columns.amount?.header).toBe('Invoice Nett Amount')
      expect(imp().columns.date?.header).toBe('Invoice Creation Date')
    })
    it('imports all 3,155 Lambeth rows and nothing else', () => {
      expect(imp().lines).toHaveLength(3155)
      expect(imp().errors).toEqual([])
    })
    it('sums to exactly the published Total row, 40292334.84', () => {
      expect(sum(imp())).toBe(4029233484)
      expect(imp().skipped.map((s) => [s.line, s.code])).toEqual([
        [3167, 'footer'],
        [3171, 'junk'], // the last line is padding mojibake only
      ])
    })
    it('recovers the 639 run-together rows: 635 date+amount, 3 supplier+date, 1 supplier+date+amount', () => {
      expect(imp().recovered).toHaveLength(639)
      const byLine = new Map(imp().lines.map((l) => [l.sourceLine, l]))
      // Line 19: "A A GuestHouses,25/06/2012900" → 25 June 2012, £900.
      expect(byLine.get(19)).toMatchObject({ id: 'lambeth-2012-06:19', supplierName: 'A A GuestHouses', date: '2012-06-25', amount: 90000 })
      const catch22 = imp().lines.filter((l) => l.supplierName === 'Catch22')
      expect(catch22.map((l) => [l.date, l.amount])).toEqual([
        ['2012-06-12', 875520],
        ['2012-06-27', 2400000],
      ])
      const academy = imp().lines.find((l) => l.supplierName === 'Inter High Education/Academy21')
      expect(academy).toMatchObject({ date: '2012-05-29', amount: 74000 })
    })
  })

  describe('Oxford City Council', () => {
    it('2014 (layout A, CRLF): 3,859 payments and the junk last row skipped', () => {
      const imp = importFull('oxford-city-council/expenditure-over-500-jan-mar-2014.csv')
      expect(imp.lines).toHaveLength(3859)
      expect(imp.skipped).toEqual([{ line: 3861, code: 'junk', reason: 'row has no supplier and no amount' }])
      expect(imp.errors).toEqual([])
      expect(sum(imp)).toBe(1341346798)
      expect(imp.lines.filter((l) => l.amount < 0)).toHaveLength(6)
      expect(imp.lines.find((l) => l.amount === -1)).toBeDefined() // the -0.01 credit
    })
    it('2017 (layout B, renamed columns): 3,855 payments, blank suppliers kept, -103226.53 exact', () => {
      const imp = importFull('oxford-city-council/expenditure-over-500-oct-dec-2017.csv')
      expect(imp.columns.date?.header).toBe('Paid Date')
      expect(imp.lines).toHaveLength(3855)
      expect(imp.lines.filter((l) => l.supplierName === '')).toHaveLength(69)
      expect(Math.min(...imp.lines.map((l) => l.amount))).toBe(-10322653)
      expect(sum(imp)).toBe(1738205590)
    })
  })

  describe('Trafford supplier spend with ProClass', () => {
    const imp = importedOnce('trafford-council/trafford-supplier-spend-2026-27_first-18906-rows.csv', 'trafford-2026-27')
    it('imports every row with ISO dates', () => {
      expect(imp().lines).toHaveLength(18906)
      expect(imp().errors).toEqual([])
      expect(sum(imp())).toBe(5732013559)
      expect(imp().lines.filter((l) => l.amount < 0)).toHaveLength(1744)
      expect(imp().lines[0]).toMatchObject({ supplierName: 'VLC (Stairlifts) Limited', date: '2026-05-29', amount: 74250, proclassCode: '191400', categoryLabel: 'FACILITIES MGT : Lifts' })
    })
    it('captures ProClass codes: 14,202 coded rows, 127 distinct codes; NA is left out', () => {
      const coded = imp().lines.filter((l) => l.proclassCode !== undefined)
      expect(coded).toHaveLength(14202)
      expect(new Set(coded.map((l) => l.proclassCode)).size).toBe(127)
    })
    it('aggregates by ProClass level 1 with totals preserved', () => {
      const agg = aggregateSpend(imp().lines, { kind: 'proclass', level: 1 })
      expect(agg.ok).toBe(true)
      if (!agg.ok) return
      expect(agg.value.total).toBe(5732013559)
      expect(agg.value.categories.find((c) => c.key === '190000')).toBeDefined()
    })
  })

  describe('Hyndburn: two layouts, Windows-1252, SAP trailing minus, multi-line cells', () => {
    it('2017-01 is Windows-1252 and its header "Net Amount(£)" maps', () => {
      const imp = importFull('hyndburn-borough-council/spend-over-250_2017-01.csv')
      expect(imp.encoding).toBe('windows-1252')
      expect(imp.columns.amount?.header).toBe('Net Amount(£)')
      expect(imp.lines).toHaveLength(180)
      expect(sum(imp)).toBe(53827219)
    })
    it('2024-09 maps "Name:  ", reads quoted thousands and 11 trailing-minus credits', () => {
      const imp = importFull('hyndburn-borough-council/spend-over-250_2024-09.csv')
      expect(imp.encoding).toBe('utf-8')
      expect(imp.columns.supplier?.header).toBe('Name:  ')
      expect(imp.lines).toHaveLength(625)
      expect(imp.lines.filter((l) => l.amount < 0)).toHaveLength(11)
      expect(imp.lines.some((l) => l.amount === -16141300)).toBe(true)
      expect(sum(imp)).toBe(1057071946)
    })
  })

  describe('other real layouts', () => {
    it.each([
      ['odileeds-march-2019/bradford-2019-03.csv', 9780, 'Supplier Name', 'Net Amount'],
      ['odileeds-march-2019/darlington-2019-03.csv', 2157, 'Supplier', 'Invoice Line Value (net of VAT)'],
      ['odileeds-march-2019/gateshead-2019-03.csv', 9295, 'Supplier ID(T)', 'Amount'],
      ['odileeds-march-2019/harrogate-2019-03.csv', 2082, 'Supplier Name(T)', 'Net Amount'],
      ['odileeds-march-2019/manchester-2019-03.csv', 3755, 'Supplier Name', 'Net Amount'],
      ['odileeds-march-2019/newcastle-2019-03.csv', 5889, 'Supplier Name', 'Total (excludes VAT)'],
      ['odileeds-march-2019/salford-2019-03.csv', 1652, 'Supplier Name', 'Net'],
      ['odileeds-march-2019/calderdale-2019-03.csv', 2005, 'Supplier(Beneficiary) Name', 'Net Amount'],
      ['nwod-gmca-2019/bolton_2019.csv', 17035, 'beneficiary_name', 'amount'],
      ['trafford-council/government_procurement_card_transactions_2026-27.csv', 2024, 'BeneficiaryName', 'Amount'],
    ])('%s: %i lines, supplier "%s", amount "%s"', (rel, count, supplier, amount) => {
      const imp = importFull(rel)
      expect(imp.lines).toHaveLength(count)
      expect(imp.errors).toEqual([])
      expect(imp.columns.supplier?.header).toBe(supplier)
      expect(imp.columns.amount?.header).toBe(amount)
    })

    it('Bradford decodes as Windows-1252 (curly apostrophe)', () => {
      const imp = importFull('odileeds-march-2019/bradford-2019-03.csv')
      expect(imp.encoding).toBe('windows-1252')
      expect(imp.lines.some((l) => l.categoryLabel?.includes('’') || l.supplierName.includes('’'))).toBe(true)
    })
  })
})

describe('row-level errors and edge cases', () => {
  const org = 'org' as OrgId
  it('reports unparseable rows with line numbers and keeps going', () => {
    const csv = ['Supplier Name,Amount,Payment Date', 'Acme,12.50,01/02/2024', 'Bad,12.345,01/02/2024', 'Worse,abc,01/02/2024', 'Late,5,31/02/2024', 'Nobody,,01/02/2024', 'Short', 'Total,17.50,', ''].join('\n')
    const r = parseSpendCsv(csv, { orgId: org, sourceId: 'test' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.lines.map((l) => [l.id, l.amount, l.date])).toEqual([['test:2', 1250, '2024-02-01']])
    expect(r.value.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'invalid-amount'],
      [4, 'invalid-amount'],
      [5, 'invalid-date'],
      [6, 'missing-amount'],
      [7, 'short-row'],
    ])
    expect(r.value.skipped.map((e) => [e.line, e.code])).toEqual([[8, 'footer']])
  })

  it('does not treat a supplier called "Total Gas & Power" as a footer', () => {
    const r = parseSpendCsv('Supplier,Amount\nTotal Gas & Power Ltd,10\n', { orgId: org, sourceId: 't' })
    expect(r.ok && r.value.lines).toHaveLength(1)
  })

  it('fails clearly with no recognisable header or a bad source id', () => {
    const none = parseSpendCsv('a,b\n1,2\n', { orgId: org, sourceId: 't' })
    expect(none.ok ? null : none.error.code).toBe('no-header-row')
    expect(parseSpendCsv('Supplier,Amount\n', { orgId: org, sourceId: 'bad id' }).ok).toBe(false)
  })

  it('maps columns by synonym priority, each header used once', () => {
    const cols = mapColumns(['Gross', 'VAT', 'Net', 'Supplier Name', 'Supplier Name(T)', 'Date of Payment', 'ProclassCode'])
    expect(cols.amount?.header).toBe('Net')
    expect(cols.supplier?.header).toBe('Supplier Name(T)')
    expect(cols.proclass?.index).toBe(6)
  })
})

describe('decodeSpendFile', () => {
  it('detects UTF-8 with and without BOM, Windows-1252 and UTF-16LE', () => {
    expect(decodeSpendFile(new Uint8Array([0xef, 0xbb, 0xbf, 0xc2, 0xa3, 0x31]))).toEqual({ text: '£1', encoding: 'utf-8' })
    expect(decodeSpendFile(new Uint8Array([0xc2, 0xa3, 0x31]))).toEqual({ text: '£1', encoding: 'utf-8' })
    expect(decodeSpendFile(new Uint8Array([0xa3, 0x31, 0x92]))).toEqual({ text: '£1’', encoding: 'windows-1252' })
    expect(decodeSpendFile(new Uint8Array([0xff, 0xfe, 0xa3, 0x00]))).toEqual({ text: '£', encoding: 'utf-16le' })
  })
})

describe('decodeWindows1252', () => {
  it('maps the 0x80–0x9F block and passes Latin-1 through', () => {
    expect(decodeWindows1252(new Uint8Array([0x80, 0x96, 0x92, 0xa3, 0xe9, 0x41, 0x81]))).toBe('€–’£éA\u0081')
  })
})
