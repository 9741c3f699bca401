/**
 * Every published spend file in ../shared/data/spend, CSV and workbook, through the server's streaming import path:
 * the exact number of transactions and total to the penny, and every row left out listed with its sheet, line and
 * reason. CSV figures agree with the whole-text parser's tests (test/unit/shared/domain/spend-import.test.ts, computed
 * with Python's csv and decimal); workbook figures with scripts/xlsx-reference-totals.py (Python zipfile + xml.etree).
 * Skipped, with a message, in a clone without ../shared/data.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RowIssue } from '../../shared/schema/spend-api'
import { parseSpendFile } from '../../server/spend/parse-file'

const ROOT = join(import.meta.dirname, '../../../shared/data/spend')
const HAS_DATA = existsSync(ROOT)

/** file → [transactions, total pence, rows left out (skipped + errors), rows recovered, sheets] */
const EXPECTED: Record<string, [number, number, number, number, number]> = {
  'hyndburn-borough-council/spend-over-250_2017-01.csv': [180, 53827219, 0, 0, 1],
  'hyndburn-borough-council/spend-over-250_2024-09.csv': [625, 1057071946, 0, 0, 1],
  'lambeth/2012-06-payments.csv': [3155, 4029233484, 2, 639, 1],
  'lancashire-fire-rescue/fire-2024-25.xlsx': [3376, 2462238891, 0, 0, 1],
  'lancashire-pcc/pcc-2018-19.xlsx': [7974, 6220868377, 0, 0, 12],
  'lancashire-pcc/pcc-2024-25.xlsx': [7857, 11096228483, 0, 0, 10],
  'nwod-gmca-2019/bolton_2019.csv': [17035, 17531734801, 0, 0, 1],
  'nwod-gmca-2019/oldham_2019.csv': [16864, 22411891165, 0, 0, 1],
  'nwod-gmca-2019/salford_2019.csv': [16793, 32717254977, 0, 0, 1],
  'odileeds-march-2019/bradford-2019-03.csv': [9780, 4463027958, 0, 0, 1],
  'odileeds-march-2019/calderdale-2019-03-card.csv': [1137, 6524509, 0, 0, 1],
  'odileeds-march-2019/calderdale-2019-03.csv': [2005, 1287562018, 0, 0, 1],
  'odileeds-march-2019/darlington-2019-03.csv': [2157, 950763264, 0, 0, 1],
  'odileeds-march-2019/gateshead-2019-03.csv': [9295, 2545117061, 0, 0, 1],
  'odileeds-march-2019/harrogate-2019-03.csv': [2082, 349455854, 0, 0, 1],
  'odileeds-march-2019/manchester-2019-03.csv': [3755, 9182758473, 0, 0, 1],
  'odileeds-march-2019/newcastle-2019-03.csv': [5889, 4045920602, 0, 0, 1],
  'odileeds-march-2019/salford-2019-03.csv': [1652, 2423086122, 0, 0, 1],
  'oxford-city-council/expenditure-over-500-jan-mar-2014.csv': [3859, 1341346798, 1, 0, 1],
  'oxford-city-council/expenditure-over-500-oct-dec-2017.csv': [3855, 1738205590, 0, 0, 1],
  'trafford-council/government_procurement_card_transactions_2026-27.csv': [2024, 49490666, 0, 0, 1],
  'trafford-council/trafford-supplier-spend-2026-27_first-18906-rows.csv': [18906, 5732013559, 0, 0, 1],
}

describe.skipIf(!HAS_DATA)('every published spend file imports exactly (streaming path)', () => {
  it.each(Object.entries(EXPECTED))('%s', async (file, [transactions, total, leftOut, recovered, sheets]) => {
    let n = 0
    let pence = 0
    const issues: Record<'errors' | 'skipped' | 'recovered', RowIssue[]> = { errors: [], skipped: [], recovered: [] }
    const parsed = await parseSpendFile(join(ROOT, file), file.endsWith('.xlsx') ? 'xlsx' : 'csv', {
      line(l) {
        n++
        pence += l.amountPence
        expect(Number.isInteger(l.amountPence)).toBe(true)
      },
      issue(kind, issue) {
        issues[kind].push(issue)
      },
    })
    expect(n).toBe(transactions)
    expect(pence).toBe(total)
    expect(issues.errors.length + issues.skipped.length).toBe(leftOut)
    expect(issues.recovered.length).toBe(recovered)
    expect(parsed.sheets).toHaveLength(sheets)
    for (const issue of [...issues.errors, ...issues.skipped, ...issues.recovered]) {
      expect(issue.line).toBeGreaterThan(0)
      expect(issue.reason.length).toBeGreaterThan(5)
      if (file.endsWith('.xlsx')) expect(issue.sheet).toBeDefined()
    }
  })
})

it.runIf(!HAS_DATA)('skips the published-file contract: ../shared/data/spend is not beside this clone', () => {
  console.log('spend-files contract skipped: ../shared/data/spend not found')
})
