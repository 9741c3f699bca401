/** A workbook chosen as a spend file is named as such, with what Pooled reads instead, never "no header row". */
import { describe, expect, it } from 'vitest'
import { checkSpendFileFormat, detectSpendFileKind } from '../../../../shared/domain/spend-import.ts'

const bytes = (...b: number[]) => new Uint8Array([...b, 0, 0, 0, 0])
const ZIP = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00)
const OLE2 = bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)
const CSV = new TextEncoder().encode('Supplier,Amount\nAcme Ltd,12.50\n')

describe('detectSpendFileKind', () => {
  it.each([
    ['pcc-2024-25.xlsx', CSV, 'xlsx'],
    ['PCC-2024-25.XLSX', CSV, 'xlsx'],
    ['spend.xlsm', CSV, 'xlsx'],
    ['old.xls', CSV, 'xls'],
    ['sheet.ods', ZIP, 'ods'],
    ['report.pdf', CSV, 'pdf'],
  ] as const)('by extension: %s is %s', (name, data, kind) => {
    expect(detectSpendFileKind(name, data)).toBe(kind)
  })

  it('by magic bytes, whatever the name: a renamed workbook is still a workbook', () => {
    expect(detectSpendFileKind('spend.csv', ZIP)).toBe('xlsx')
    expect(detectSpendFileKind('spend', OLE2)).toBe('xls')
    expect(detectSpendFileKind('spend.csv', new TextEncoder().encode('%PDF-1.7\n'))).toBe('pdf')
  })

  it('reads text as CSV, including a supplier that starts with "PK"', () => {
    expect(detectSpendFileKind('spend.csv', CSV)).toBe('csv')
    expect(detectSpendFileKind('spend.csv', new TextEncoder().encode('PKF Francis Clark,100.00\n'))).toBe('csv')
    expect(detectSpendFileKind('spend.txt', new Uint8Array())).toBe('csv')
  })
})

describe('checkSpendFileFormat', () => {
  it('says an .xlsx is an Excel workbook, that CSV is read here, and how to save one', () => {
    const r = checkSpendFileFormat('pcc-2024-25.xlsx', ZIP)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('unsupported-file')
    expect(r.error.message).toMatch(/^pcc-2024-25\.xlsx is an Excel workbook\. Pooled reads spend files in CSV format here\./)
    expect(r.error.message).toMatch(/save the sheet .* as CSV/)
    expect(r.error.message).not.toMatch(/header/)
  })

  it('accepts CSV text', () => {
    expect(checkSpendFileFormat('spend.csv', CSV)).toEqual({ ok: true, value: 'csv' })
  })
})
