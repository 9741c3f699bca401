/**
 * server/contracts/read-contract-upload.ts: an .xlsx register is read sheet by sheet with the spend workbook reader
 * (numbers, date serials, several register sheets, notes sheets left out); other ZIPs and .xls are refused with 415,
 * a workbook without a register with 422, and hostile workbooks (truncated, zip bomb, too many sheets) with the
 * workbook reader's code. Workbooks are built here with fflate.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readContractUpload } from '../../../../server/contracts/read-contract-upload.ts'
import { decodeContractFileText } from '../../../../shared/contracts/read-contract-file.ts'
import { parseCsv } from '../../../../shared/domain/csv.ts'
import { registerWorkbook, sheetXml } from '../../../support/register-workbook.ts'

const HEADER = ['Contract Reference', 'Contract Title', 'Supplier Name', 'Total Contract Value', 'Contract Start', 'Expiry Date', 'CPV Code(s)', 'Service Area']

async function readOk(bytes: Uint8Array, filename = 'register.xlsx') {
  const result = await readContractUpload(bytes, filename)
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}

describe('an .xlsx register', () => {
  it('is read from the sheet with the register header, under its title rows, numbers and serials as values and dates', async () => {
    const bytes = registerWorkbook([
      { name: 'Read me', rows: [['This register lists contracts over £5,000.'], ['Updated quarterly.']] },
      {
        name: 'Contracts',
        rows: [
          ['Fylde Council contract register', null, null],
          ['As at 31 March 2025'],
          [],
          HEADER,
          ['FC-001', 'Beach cleaning', 'Coastal Services Ltd', 240000, 45383, 46477, '90680000-7; 90610000-6', 'Environment'],
          ['FC-002', 'Payroll software', 'Payroll Co Ltd', 18999.99, '01/07/2024', 45839, 48000000, 'Resources'],
        ],
      },
    ])
    const file = await readOk(bytes)
    expect(file.format).toBe('register-csv')
    expect(file.contracts.map((c) => [c.reference, c.title, c.supplier, c.valuePence, c.start, c.end, c.cpvCodes, c.department, c.place.label])).toEqual([
      ['FC-001', 'Beach cleaning', 'Coastal Services Ltd', 24_000_000, '2024-04-01', '2027-03-31', ['90680000', '90610000'], 'Environment', 'sheet "Contracts" row 5'],
      ['FC-002', 'Payroll software', 'Payroll Co Ltd', 1_899_999, '2024-07-01', '2025-07-01', ['48000000'], 'Resources', 'sheet "Contracts" row 6'],
    ])
    expect(file.issues.map((i) => [i.code, i.message])).toEqual([['sheet-not-read', 'sheet "Read me" has no contract register header in its first 50 rows; its 2 rows were not read']])
  })

  it('reads every sheet that holds a register, each row placed by its sheet', async () => {
    const bytes = registerWorkbook([
      { name: 'Corporate', rows: [HEADER, ['C1', 'Audit', 'Audit Co LLP', 50000, 45383, 46112, null, 'Finance']] },
      { name: 'Adults', rows: [HEADER, ['A1', 'Home care', 'Care Ltd', 900000, 45383, 46477, '85000000', 'Adult Social Care'], ['A2', 'Day care', 'Day Ltd', 120000, 45383, 46112, null, 'Adult Social Care']] },
    ])
    const file = await readOk(bytes)
    expect(file.contracts.map((c) => [c.reference, c.place.label])).toEqual([['C1', 'sheet "Corporate" row 2'], ['A1', 'sheet "Adults" row 2'], ['A2', 'sheet "Adults" row 3']])
  })

  it('leaves a long notes sheet out of memory after its first rows, and still counts them', async () => {
    const notes = Array.from({ length: 500 }, (_, i) => [`Note ${i + 1}`, i])
    const file = await readOk(registerWorkbook([{ name: 'Notes', rows: notes }, { name: 'Register', rows: [HEADER, ['R1', 'x', 'S Ltd', 1, null, null, null, null]] }]))
    expect(file.contracts).toHaveLength(1)
    expect(file.issues[0]?.message).toBe('sheet "Notes" has no contract register header in its first 50 rows; its 500 rows were not read')
  })

  it('reads the 1904 date system of old Mac workbooks', async () => {
    const file = await readOk(registerWorkbook([{ name: 'S', rows: [HEADER, ['R1', 'x', 'S Ltd', 1, 45383 - 1462, null, null, null]] }], { date1904: true }))
    expect(file.contracts[0]?.start).toBe('2024-04-01')
  })

  it('reads the Norfolk register sample saved as a workbook to the same contracts as its CSV', async () => {
    // test/fixtures/contracts/norfolk-register-sample.csv (Norfolk County Council; OGL, see the fixtures README),
    // written cell for cell as text into one sheet, as "Save as .xlsx" of the CSV would.
    const csvBytes = new Uint8Array(readFileSync(join(import.meta.dirname, '../../../fixtures/contracts/norfolk-register-sample.csv')))
    const rows = parseCsv(decodeContractFileText(csvBytes)).records.map((r) => r.fields.map((f) => (f === '' ? null : f)))
    const fromCsv = await readOk(csvBytes, 'NCC164467.csv')
    const fromXlsx = await readOk(registerWorkbook([{ name: 'NCC164467', rows }]))
    const withoutPlace = (c: { place: unknown }) => ({ ...c, place: undefined })
    expect(fromXlsx.contracts.map(withoutPlace)).toEqual(fromCsv.contracts.map(withoutPlace))
    expect(fromXlsx.contracts.length).toBe(60)
    expect(fromXlsx.contracts[0]?.place.label).toBe('sheet "NCC164467" row 2')
    expect(fromXlsx.publisher).toBe(fromCsv.publisher)
    // The closing all-comma line is a blank row in a CSV; a workbook has no such row.
    expect(fromXlsx.issues.map((i) => i.code)).toEqual(fromCsv.issues.map((i) => i.code).filter((c) => c !== 'blank-row'))
  })

  it('still reads CSV and JSON through the text reader', async () => {
    const file = await readOk(strToU8('Reference;Title;Supplier;Value\nR1;Cleaning;Shine Ltd;100\n'), 'register.csv')
    expect(file.contracts.map((c) => [c.reference, c.valuePence])).toEqual([['R1', 10_000]])
  })
})

describe('refusals', () => {
  const refusal = async (bytes: Uint8Array, filename: string) => {
    const result = await readContractUpload(bytes, filename)
    if (result.ok) throw new Error('read, not refused')
    return result.error
  }

  it('a workbook with no register sheet: 422, naming its sheets', async () => {
    const spend = registerWorkbook([{ name: 'Spend', rows: [['Supplier', 'Amount', 'Date'], ['Acme', 12.5, 45383]] }])
    expect(await refusal(spend, 'spend.xlsx')).toEqual({ code: 'unrecognised-workbook', status: 422, message: expect.stringContaining('none of its sheets ("Spend") has a contract register header') })
  })

  it('a ZIP that is no workbook, and an old binary .xls: 415, asking for .xlsx or .csv', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<document/>') })
    expect(await refusal(docx, 'register.docx')).toEqual({ code: 'not-a-workbook', status: 415, message: expect.stringContaining('Save it as .xlsx or .csv') })
    expect((await refusal(docx, 'register.docx')).message).toContain('Word document')
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    expect(await refusal(xls, 'register.xls')).toEqual({ code: 'unsupported-file', status: 415, message: expect.stringContaining('save it as .xlsx or .csv') })
  })

  it('hostile workbooks: truncated, a zip bomb, too many sheets (the spend reader\'s protections)', async () => {
    const good = registerWorkbook([{ name: 'S', rows: [HEADER, ['R1', 'x', 'S Ltd', 1, null, null, null, null]] }])
    const truncated = await refusal(good.subarray(0, Math.floor(good.length / 2)), 'truncated.xlsx')
    expect([truncated.code, truncated.status]).toEqual(['truncated-workbook', 422])
    const bomb = await refusal(registerWorkbook([{ name: 'S', rows: [] }], { sheetXmlOverride: `<worksheet><sheetData>${'<row/>'.repeat(2_000_000)}</sheetData></worksheet>` }), 'bomb.xlsx')
    expect([bomb.code, bomb.status]).toEqual(['zip-bomb', 422])
    const many = await refusal(registerWorkbook(Array.from({ length: 600 }, (_, i) => ({ name: `S${i}`, rows: [] }))), 'many.xlsx')
    expect([many.code, many.status]).toEqual(['too-many-sheets', 422])
  })

  it('a workbook with more rows than one file may hold: 413, read no further', async () => {
    // Just past the limit, built as raw XML to keep the test quick. The cells vary, as real rows do: a sheet of one
    // row repeated compresses past the reader's ratio cap and is refused as a zip bomb before any limit on rows.
    const rows = `<row r="1"><c r="A1" t="inlineStr"><is><t>Reference</t></is></c><c r="B1" t="inlineStr"><is><t>Supplier</t></is></c><c r="C1" t="inlineStr"><is><t>Value</t></is></c></row>` + Array.from({ length: 200_051 }, (_, i) => `<row><c><v>${i * 7919}</v></c><c t="inlineStr"><is><t>S${i % 9973}</t></is></c><c><v>${(i * 31) % 100_003}.${i % 97}</v></c></row>`).join('')
    const big = registerWorkbook([{ name: 'S', rows: [] }], { sheetXmlOverride: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>` })
    const e = await refusal(big, 'big.xlsx')
    expect([e.code, e.status]).toEqual(['too-many-records', 413])
  }, 30_000)

  it('sheetXml writes rows Excel-style', () => {
    expect(sheetXml([['a', 1, null, true]])).toBe('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">a</t></is></c><c r="B1"><v>1</v></c><c r="D1" t="b"><v>1</v></c></row></sheetData></worksheet>')
  })
})
