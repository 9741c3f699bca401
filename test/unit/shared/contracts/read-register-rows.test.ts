/**
 * Registers as councils publish them: CSV dialects (semicolon, tab in UTF-16 "Unicode text", pipe), title rows above
 * the header, the header families of the LGA template, the esd schema and council variants, annual-only values,
 * several CPV codes in one cell, and rows of workbook cells (numbers for amounts and date serials) read by
 * readRegisterRows. Every example is written out here.
 */
import { describe, expect, it } from 'vitest'
import type { ContractFileRead } from '../../../../shared/contracts/model.ts'
import { detectCsvDelimiter, readContractFile } from '../../../../shared/contracts/read-contract-file.ts'
import { isAnnualHeader, mapRegisterColumns, readRegisterRows, registerHeaderKey } from '../../../../shared/contracts/read-register-csv.ts'
import type { RegisterCell, RegisterTable } from '../../../../shared/contracts/read-register-csv.ts'

function readBytes(bytes: Uint8Array, filename = 'register.csv'): ContractFileRead {
  const result = readContractFile(bytes, filename)
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}
const read = (text: string) => readBytes(new TextEncoder().encode(text))

/** UTF-16LE with a byte-order mark: what Excel writes for "Unicode text (*.txt)". */
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2)
  out[0] = 0xff
  out[1] = 0xfe
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    out[2 + i * 2] = code & 0xff
    out[3 + i * 2] = code >> 8
  }
  return out
}

const summary = (file: ContractFileRead) => file.contracts.map((c) => [c.reference, c.title, c.supplier, c.valuePence, c.start, c.end])

describe('CSV dialects', () => {
  const expected = [
    ['C-001', 'Grounds maintenance', 'Green Spaces Ltd', 12_000_050, '2024-04-01', '2027-03-31'],
    ['C-002', 'Print; post and scanning', 'Parkway Print Ltd', 450_000, '2024-06-01', '2025-05-31'],
  ]

  it('reads a semicolon-separated register (Excel in a locale with a decimal comma)', () => {
    const text = 'Contract reference;Contract title;Supplier name;Contract value;Start date;End date\r\nC-001;Grounds maintenance;Green Spaces Ltd;120000.50;01/04/2024;31/03/2027\r\nC-002;"Print; post and scanning";Parkway Print Ltd;4500;01/06/2024;31/05/2025\r\n'
    expect(detectCsvDelimiter(text)).toBe(';')
    expect(summary(read(text))).toEqual(expected)
  })

  it('reads Excel "Unicode text": UTF-16LE with a BOM, tab-separated', () => {
    const text = 'Contract reference\tContract title\tSupplier name\tContract value\tStart date\tEnd date\r\nC-001\tGrounds maintenance\tGreen Spaces Ltd\t"120,000.50"\t01/04/2024\t31/03/2027\r\nC-002\tPrint; post and scanning\tParkway Print Ltd\t4500\t01/06/2024\t31/05/2025\r\n'
    expect(summary(readBytes(utf16le(text), 'register.txt'))).toEqual(expected)
  })

  it('reads a pipe-separated export', () => {
    const text = 'Contract reference|Contract title|Supplier name|Contract value|Start date|End date\nC-001|Grounds maintenance|Green Spaces Ltd|120000.50|2024-04-01|2027-03-31\nC-002|Print; post and scanning|Parkway Print Ltd|4500|2024-06-01|2025-05-31\n'
    expect(detectCsvDelimiter(text)).toBe('|')
    expect(summary(read(text))).toEqual(expected)
  })

  it('keeps a comma CSV whose cells hold semicolons as comma-separated', () => {
    const text = 'Contract reference,Contract title,Supplier name,Contract value,Start date,End date\nC-001,Grounds maintenance,Green Spaces Ltd,120000.50,01/04/2024,31/03/2027\nC-002,Print; post and scanning,Parkway Print Ltd,4500,01/06/2024,31/05/2025\n'
    expect(detectCsvDelimiter(text)).toBe(',')
    expect(summary(read(text))).toEqual(expected)
  })

  it('finds the header under title rows in a semicolon file', () => {
    const text = 'Wyre Council contracts register;;;\r\nPublished 1 April 2025;;;\r\n;;;\r\nReference;Title;Supplier;Value;Start;End\r\nW1;Waste collection;Veolia ES (UK) Ltd;1000000;01/04/2025;31/03/2032\r\n'
    const file = read(text)
    expect(summary(file)).toEqual([['W1', 'Waste collection', 'Veolia ES (UK) Ltd', 100_000_000, '2025-04-01', '2032-03-31']])
    expect(file.contracts[0]?.place.label).toBe('line 5')
  })
})

describe('header families', () => {
  const columnsOf = (headers: readonly string[]) => Object.fromEntries(Object.entries(mapRegisterColumns(headers)).map(([k, v]) => [k, v.index]))

  it('esd/LGA contracts schema field names (CamelCase)', () => {
    expect(columnsOf(['OrganisationLabel', 'ContractReference', 'ContractTitle', 'Description', 'SupplierName', 'ContractValue', 'StartDate', 'EndDate', 'CPVCodes', 'ProClass', 'CompanyNumber', 'OCID'])).toEqual({
      organisation: 0, reference: 1, title: 2, description: 3, supplier: 4, value: 5, start: 6, end: 7, cpv: 8, proclass: 9, companyNumber: 10, noticeId: 11,
    })
  })

  it('the Transparency Code 2015 list as councils title it', () => {
    expect(columnsOf(['Reference number', 'Title of agreement', 'Local authority department responsible', 'Description of the goods and/or services being provided', 'Supplier name and details', 'Sum to be paid over the length of the contract', 'Start date', 'End date', 'Review date'])).toEqual({
      reference: 0, title: 1, department: 2, description: 3, supplier: 4, value: 5, start: 6, end: 7,
    })
  })

  it('council variants: totals, expiry, extensions, department, company and notice ids, route', () => {
    expect(columnsOf(['Contract Ref', 'Contract Name', 'Service Area', 'Vendor', 'Total Contract Value (£) ex VAT', 'Contract Start', 'Expiry Date', 'Contract End Date (including extensions)', 'Possible Extension', 'CPV Code(s)', 'Companies House Number', 'Open Contracting ID', 'Procurement Route'])).toEqual({
      reference: 0, title: 1, department: 2, supplier: 3, value: 4, start: 5, end: 6, extensionDate: 7, extensionOptions: 8, cpv: 9, companyNumber: 10, noticeId: 11, procurementRoute: 12,
    })
    expect(columnsOf(['Contract Id', 'Contract Description', 'Vendor', 'Directorate', 'Validity Period Start', 'Validity Period End', 'Original Contract Value'])).toEqual({
      reference: 0, description: 1, supplier: 2, department: 3, start: 4, end: 5, value: 6,
    })
    expect(columnsOf(['CONTRACT_TITLE', 'SHORT_DESCRIPTION', 'SUPPLIER_NAME', 'CONTRACT_AWARD_VALUE', 'CONTRACT_START_DATE', 'CONTRACT_CURRENT_END_DATE', 'MAXIMUM_CONTRACT_END_DATE'])).toEqual({
      title: 0, description: 1, supplier: 2, value: 3, start: 4, end: 5, extensionDate: 6,
    })
    expect(columnsOf(['Contract number', 'Title', 'Supplier', 'Estimated Total Value', 'StartDate', 'EndDate', 'Extension Period', 'Option to Extend'])).toEqual({
      reference: 0, title: 1, supplier: 2, value: 3, start: 4, end: 5, extensionOptions: 6,
    })
  })

  it('drops VAT, currency and date-format notes from a header, and knows an annual value', () => {
    expect(registerHeaderKey('Contract Value (£) ex VAT')).toBe('contractvalue')
    expect(registerHeaderKey('Start Date (dd/mm/yyyy)')).toBe('startdate')
    expect(registerHeaderKey('Value GBP incl. VAT')).toBe('value')
    expect(['Annual Value', 'Estimated annual value (£)', 'Value per annum'].map(isAnnualHeader)).toEqual([true, true, true])
    expect(['Contract Value', 'Total Contract Value', 'Estimated Total Value'].map(isAnnualHeader)).toEqual([false, false, false])
  })

  it('prefers a total over an annual value when both are given', () => {
    const file = read('Ref,Title,Supplier,Annual Value,Total Contract Value\nA,Cleaning,Shine Ltd,"10,000","30,000"\n')
    expect(file.contracts[0]).toMatchObject({ valuePence: 3_000_000 })
    expect(file.contracts[0]?.isValueAnnual).toBeUndefined()
    expect(file.issues).toEqual([])
  })

  it('takes the annual value, flagged, for a row whose total is blank or zero', () => {
    const file = read('Ref,Title,Supplier,Total Contract Value,Annual Value (£)\nA,Cleaning,Shine Ltd,"30,000","10,000"\nB,Security,Guard Ltd,,"5,000"\nC,Catering,Food Ltd,0.00,2500\nD,Audit,Audit Co,,\n')
    expect(file.contracts.map((c) => [c.reference, c.valuePence, c.isValueAnnual])).toEqual([['A', 3_000_000, undefined], ['B', 500_000, true], ['C', 250_000, true], ['D', null, undefined]])
    expect(file.issues.map((i) => i.message)).toEqual(['2 contracts give only an annual value (column "Annual Value (£)"): kept as the contract\'s value and marked annual, not multiplied by the term'])
  })

  it('keeps an annual-only value as published, marked annual, with one kept issue for the file', () => {
    const file = read('Ref,Title,Supplier,Annual Value,Start,End\nA,Cleaning,Shine Ltd,"10,000",01/04/2024,31/03/2027\nB,Security,Guard Ltd,,01/04/2024,31/03/2026\nC,Catering,Food Ltd,2500,01/04/2024,31/03/2025\n')
    expect(file.contracts.map((c) => [c.reference, c.valuePence, c.isValueAnnual])).toEqual([['A', 1_000_000, true], ['B', null, undefined], ['C', 250_000, true]])
    expect(file.issues).toEqual([{ code: 'annual-value', kept: true, place: null, message: '2 contracts give only an annual value (column "Annual Value"): kept as the contract\'s value and marked annual, not multiplied by the term' }])
  })

  it('reads several CPV codes in one cell, any separator, leading zeros restored', () => {
    const file = read('Ref,Title,Supplier,Value,CPV Code(s)\nA,ICT,Tech Ltd,100,"72000000-5; 48000000-0, 72000000 3000000"\nB,Food,Farm Ltd,100,03000000-1 | 15000000 - 8\n')
    expect(file.contracts.map((c) => c.cpvCodes)).toEqual([['72000000', '48000000', '03000000'], ['03000000', '15000000']])
  })

  it('reads extension periods in months or years from the header, and the end with extensions', () => {
    const file = read('Ref,Title,Supplier,Start,End,Extension Period (months),Contract End Date (including extensions)\nA,x,S1,01/04/2024,31/03/2026,12,31/03/2027\nB,x,S2,01/04/2024,31/03/2026,1+1,\n')
    expect(file.contracts.map((c) => [c.extensionMonths, c.endWithExtensions])).toEqual([[[12], '2027-03-31'], [[12, 12], null]])
    const years = read('Ref,Title,Supplier,Start,End,Extension (years)\nA,x,S1,01/04/2024,31/03/2026,2\n')
    expect(years.contracts[0]?.extensionMonths).toEqual([24])
  })

  it('keeps department, procurement route, company number and Open Contracting ID', () => {
    const file = read('ContractReference,ContractTitle,SupplierName,ContractValue,Service Area,Procurement Route,Companies House Number,Open Contracting ID\nR1,Audit,Audit Co LLP,5000,Finance,Open tender,OC123456,ocds-b5fd17-123\n')
    expect(file.contracts[0]).toMatchObject({ reference: 'R1', title: 'Audit', supplier: 'Audit Co LLP', valuePence: 500_000, department: 'Finance', procurementRoute: 'Open tender', supplierCompanyNumber: 'OC123456', noticeId: 'ocds-b5fd17-123' })
  })
})

describe('readRegisterRows: rows of workbook cells', () => {
  const header: RegisterCell[] = ['Contract Reference', 'Contract Title', 'Supplier Name', 'Contract Value', 'Start Date', 'End Date', 'Company Number', 'CPV Code']
  const table = (sheet: string | null, rows: RegisterCell[][], isHidden = false): RegisterTable => ({ sheet, isHidden, rows: rows.map((cells, i) => ({ line: i + 1, cells })) })

  it('reads numbers as amounts and date serials, and restores leading zeros a spreadsheet drops', () => {
    const result = readRegisterRows([table('Register', [header, ['R1', 'Parks', 'Green Ltd', 12500.5, 45383, 46477, 1234567, 3000000], [101, 'Roads', 'Tarmac Ltd', 558.82000000000005, '01/04/2024', null, 'SC123456', '45000000-7']])], { name: '"register.xlsx"' })
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.contracts.map((c) => [c.reference, c.valuePence, c.start, c.end, c.supplierCompanyNumber, c.cpvCodes, c.place.label])).toEqual([
      ['R1', 1_250_050, '2024-04-01', '2027-03-31', '01234567', ['03000000'], 'sheet "Register" row 2'],
      ['101', 55_882, '2024-04-01', null, 'SC123456', ['45000000'], 'sheet "Register" row 3'],
    ])
  })

  it('reads serials in the 1904 date system', () => {
    const result = readRegisterRows([table('Sheet1', [header, ['R1', 'Parks', 'Green Ltd', 100, 45383 - 1462, 46477 - 1462]])], { name: 'x', date1904: true })
    expect(result.ok && result.value.contracts.map((c) => [c.start, c.end])).toEqual([['2024-04-01', '2027-03-31']])
  })

  it('a number in a date column outside the serial range is a bad date, not a date in 1905', () => {
    const result = readRegisterRows([table('S', [header, ['R1', 'Parks', 'Green Ltd', 100, 2024, null]])], { name: 'x' })
    expect(result.ok && result.value.issues.map((i) => [i.code, i.message])).toEqual([['bad-date', 'sheet "S" row 2 (R1): start date "2024" is not a date (dd/mm/yyyy, dd-Mon-yyyy, yyyy-mm-dd, 1 April 2024); left empty']])
  })

  it('reads every sheet with a register header, names the sheet in each place, and says which sheets were not read', () => {
    const result = readRegisterRows(
      [
        table('Notes', [['About this register'], ['Published quarterly']]),
        table('Corporate', [['Corporate contracts'], header, ['C1', 'Audit', 'Audit Co', 5000, 45383, 45747]]),
        table('Adults', [header, ['A1', 'Home care', 'Care Ltd', 90000, 45383, 46112]]),
        table('Old', [header, ['O1', 'Old', 'Old Ltd', 1, 40000, 41000]], true),
      ],
      { name: '"register.xlsx"' },
    )
    if (!result.ok) throw new Error(result.error.message)
    expect(result.value.contracts.map((c) => [c.reference, c.place.label])).toEqual([['C1', 'sheet "Corporate" row 3'], ['A1', 'sheet "Adults" row 2']])
    expect(result.value.issues.map((i) => [i.code, i.kept, i.message])).toEqual([
      ['sheet-not-read', false, 'sheet "Notes" has no contract register header in its first 50 rows; its 2 rows were not read'],
      ['sheet-not-read', false, 'sheet "Old" is hidden, and visible sheets hold the register; its 2 rows were not read'],
    ])
  })

  it('reads a hidden sheet when it is the only one with a register', () => {
    const result = readRegisterRows([table('Cover', [['Contracts']]), table('Data', [header, ['D1', 'x', 'S Ltd', 1, null, null]], true)], { name: 'x' })
    expect(result.ok && result.value.contracts.map((c) => c.reference)).toEqual(['D1'])
  })

  it('refuses a workbook with no register header in any sheet, naming the sheets', () => {
    const result = readRegisterRows([table('Spend', [['Supplier', 'Amount', 'Date'], ['Acme', 12, 45383]])], { name: '"spend.xlsx"', isWorkbook: true })
    expect(result).toEqual({ ok: false, error: { code: 'unrecognised-workbook', message: expect.stringContaining('"spend.xlsx" is a workbook, but none of its sheets ("Spend") has a contract register header') } })
  })
})
