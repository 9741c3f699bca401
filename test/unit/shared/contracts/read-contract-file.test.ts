import { describe, expect, it } from 'vitest'
import { decodeContractFileText, decodeWindows1252, readContractFile } from '../../../../shared/contracts/read-contract-file.ts'
import { MAX_CONTRACT_FILE_RECORDS } from '../../../../shared/contracts/read-helpers.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)

function refusal(bytes: Uint8Array, filename = 'upload.dat'): { code: string; message: string } {
  const result = readContractFile(bytes, filename)
  if (result.ok) throw new Error(`read as ${result.value.format}, expected a refusal`)
  return result.error
}

function formatOf(bytes: Uint8Array, filename: string): string {
  const result = readContractFile(bytes, filename)
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value.format
}

const release = { ocid: 'ocds-1', date: '2025-01-01', tag: ['tender'], tender: { title: 'x' } }
const register = 'Reference,Title,Supplier,Value\nR1,Cleaning,Acme Ltd,100\n'

describe('readContractFile: sniffing the layout from the content', () => {
  it('reads each layout whatever the file is called', () => {
    expect(formatOf(utf8(JSON.stringify({ releases: [release] })), 'notices.csv')).toBe('ocds')
    expect(formatOf(utf8(JSON.stringify({ records: [{ ocid: 'ocds-1', compiledRelease: release }] })), 'x.txt')).toBe('ocds')
    expect(formatOf(utf8(`\n  ${JSON.stringify([release])}`), 'x')).toBe('ocds')
    expect(formatOf(utf8(JSON.stringify(release)), 'one-release.json')).toBe('ocds')
    const jsonLines = readContractFile(utf8(`${JSON.stringify(release)}\r\n${JSON.stringify({ ...release, ocid: 'ocds-2' })}\n`), 'bulk.jsonl')
    expect(jsonLines.ok && jsonLines.value.notices.map((n) => n.id)).toEqual(['ocds-1', 'ocds-2'])
    expect(formatOf(utf8(JSON.stringify({ meta: { council_id: 'wyre' }, stats: {}, contracts: [] })), 'wyre.json')).toBe('contracts-finder-extract')
    expect(formatOf(utf8(register), 'register.json')).toBe('register-csv')
    expect(formatOf(utf8('"Reference","Title","Supplier","Value"\n"R1","Cleaning","Acme Ltd","100"\n'), 'quoted.csv')).toBe('register-csv')
  })
})

describe('readContractFile: refusals', () => {
  it('an empty file, or one of whitespace and a BOM only', () => {
    expect(refusal(new Uint8Array([]))).toMatchObject({ code: 'empty-file' })
    expect(refusal(new Uint8Array([0xef, 0xbb, 0xbf, 0x20, 0x0a]), 'x.csv')).toEqual({ code: 'empty-file', message: '"x.csv" is empty.' })
  })

  it('binary files: xlsx, pdf, xls and anything with NUL bytes', () => {
    expect(refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'register.xlsx')).toMatchObject({ code: 'unsupported-file', message: expect.stringContaining('Excel workbook (.xlsx)') })
    expect(refusal(utf8('%PDF-1.7\n...'), 'notice.pdf')).toMatchObject({ code: 'unsupported-file', message: expect.stringContaining('PDF') })
    expect(refusal(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toMatchObject({ code: 'unsupported-file' })
    expect(refusal(new Uint8Array([0x41, 0x00, 0x42, 0x00, 0x43]))).toMatchObject({ code: 'unsupported-file' })
  })

  it('HTML saved instead of the data', () => {
    expect(refusal(utf8('<!DOCTYPE html><html><body>Contracts</body></html>'))).toMatchObject({ code: 'unsupported-file' })
  })

  it('invalid JSON, saying where the parser stopped', () => {
    const error = refusal(utf8('{"releases": [ {"ocid": "x", } ]'), 'broken.json')
    expect(error.code).toBe('invalid-json')
    expect(error.message).toMatch(/^"broken\.json" is not valid JSON: /)
    expect(refusal(utf8('{"ocid": "a"}\n{"ocid": '))).toMatchObject({ code: 'invalid-json' })
  })

  it('JSON that is neither OCDS nor the extract', () => {
    expect(refusal(utf8('{"name": "Pooled", "version": 1}'), 'package.json')).toEqual({
      code: 'unrecognised-json',
      message: expect.stringContaining('Its top-level fields: name, version.'),
    })
    expect(refusal(utf8('[1, 2, 3]'))).toMatchObject({ code: 'unrecognised-json' })
    expect(refusal(utf8('[]'))).toMatchObject({ code: 'unrecognised-json', message: expect.stringContaining('it is empty') })
    expect(refusal(utf8('"just a string"'))).toMatchObject({ code: 'unrecognised-json' })
    expect(refusal(utf8('{"contracts": [{"name": "not an extract entry"}]}'))).toMatchObject({ code: 'unrecognised-json' })
  })

  it('a CSV without a register header, such as a spend file', () => {
    const spend = 'Body,Department,Supplier Name,Invoice Creation Date,Invoice Nett Amount\nLambeth,Housing,Acme Ltd,25/06/2012,900\n'
    expect(refusal(utf8(spend), 'spend.csv')).toMatchObject({ code: 'unrecognised-csv', message: expect.stringContaining('no contract register header') })
    expect(refusal(utf8('hello world\n'))).toMatchObject({ code: 'unrecognised-csv' })
  })

  it('more records than one file may hold', () => {
    const many = JSON.stringify({ releases: Array.from({ length: MAX_CONTRACT_FILE_RECORDS + 1 }, () => 0) })
    expect(refusal(utf8(many), 'big.json')).toMatchObject({ code: 'too-many-records', message: expect.stringContaining('200,001 releases') })
    const rows = 'Reference,Title,Supplier,Value\n' + 'R,T,S,1\n'.repeat(MAX_CONTRACT_FILE_RECORDS + 1)
    expect(refusal(utf8(rows), 'big.csv')).toMatchObject({ code: 'too-many-records', message: expect.stringContaining('200,001 rows') })
  })

  it('accepts exactly the limit', () => {
    const rows = 'Reference,Title,Supplier,Value\n' + 'R,T,S,1\n'.repeat(MAX_CONTRACT_FILE_RECORDS)
    expect(formatOf(utf8(rows), 'limit.csv')).toBe('register-csv')
  })
})

describe('decoding', () => {
  it('Windows-1252 maps 0x80–0x9F to their characters and the rest to Latin-1', () => {
    expect(decodeWindows1252(new Uint8Array([0x4b, 0x69, 0x6e, 0x67, 0x92, 0x73, 0x20, 0xa3, 0x35, 0x30, 0x6b, 0x20, 0x80, 0xe9]))).toBe('King’s £50k €é')
  })
  it('prefers UTF-8, honours BOMs (UTF-8, UTF-16) and falls back to Windows-1252', () => {
    expect(decodeContractFileText(utf8('£5 café'))).toBe('£5 café')
    expect(decodeContractFileText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xa3, 0x00]))).toBe('A£')
    expect(decodeContractFileText(new Uint8Array([0x41, 0xa3, 0x35]))).toBe('A£5')
  })
})
