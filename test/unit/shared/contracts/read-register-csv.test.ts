import { describe, expect, it } from 'vitest'
import type { ContractFileRead } from '../../../../shared/contracts/model.ts'
import { mapRegisterColumns, parseExtensionOptions, parseRegisterDate } from '../../../../shared/contracts/read-register-csv.ts'
import { readContractFile } from '../../../../shared/contracts/read-contract-file.ts'

function readBytes(bytes: Uint8Array): ContractFileRead {
  const result = readContractFile(bytes, 'register.csv')
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}
const read = (text: string) => readBytes(new TextEncoder().encode(text))

/** Windows-1252 bytes for text whose only non-ASCII characters are ’ (0x92), £ (0xA3) and a no-break space (0xA0). */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => (ch === '’' ? 0x92 : ch === '£' ? 0xa3 : ch === '\u00a0' ? 0xa0 : ch.charCodeAt(0))))
}

/** The LGA template's columns that matter, as Norfolk titles them (a subset of its 39). */
const NORFOLK_HEADER =
  "Organisation name,Contract Reference number / ID,Open Contracting ID,Title of the Agreement,Description of goods and services,Procurement classification: CPV code,Procurement classification: Proclass code,Contract start date,End date,Review date,Last extension date,Contract value,Supplier name,Supplier registered company number"

describe('a Transparency Code register (Norfolk layout)', () => {
  const text = [
    NORFOLK_HEADER,
    'Norfolk County Council,BAN43264,,"""Spot Purchased Day Care (All Hallows)""",Day care,,,01-Jan-2000,,,,45380 ,ALL HALLOWS HEALTH CARE TRUST,gb/06583647',
    'Norfolk County Council,AON42590,ocds-b5fd17-xyz,"Call-off from ""Digital Norfolk Ambition""",Managed ICT,72000000-5 48000000,291120,29-Nov-2013,28/11/2018,,28/11/2020,"26,000,000.00",HEWLETT-PACKARD LTD,',
    ',,,School transport route 12,,,,04/09/2014,31/07/2015,31/07/2015,31/12/2050,"13,264.92",S Gibb (Taxi Services),',
    'Norfolk County Council,BAN10057,,Care home placement,,,,01-Apr-2012,31/12/2050,,31/12/2099,(3728),KATHRYN HOMES,00497029',
    'Norfolk County Council,X1,,Late extension,,,,01/04/2016,31/12/2020,,31/01/2020,0.00,Someone Ltd,',
    'Norfolk County Council,X2,,No supplier,,,,01/04/2016,,,,100,,',
    ',,,,,,,,,,,,,',
    '',
  ].join('\n')
  const file = read(text)

  it('is read as a register with the organisation named most as publisher, and no notices', () => {
    expect(file.format).toBe('register-csv')
    expect(file.publisher).toBe('Norfolk County Council')
    expect(file.notices).toEqual([])
  })

  it('maps every field of a row', () => {
    expect(file.contracts[1]).toEqual({
      noticeId: 'ocds-b5fd17-xyz',
      reference: 'AON42590',
      title: 'Call-off from "Digital Norfolk Ambition"',
      description: 'Managed ICT',
      supplier: 'HEWLETT-PACKARD LTD',
      supplierCompanyNumber: '',
      buyer: 'Norfolk County Council',
      valuePence: 2600000000,
      start: '2013-11-29',
      end: '2018-11-28',
      extensionMonths: [],
      endWithExtensions: '2020-11-28',
      cpvCodes: ['72000000', '48000000'],
      proclassCode: '291120',
      awardDate: '2013-11-29',
      place: { index: 3, label: 'line 3' },
    })
  })

  it('handles the quirks: quoted quotes, trailing spaces, gb/ company numbers, bracket negatives, blank organisation', () => {
    expect(file.contracts.map((c) => [c.reference, c.title, c.supplierCompanyNumber, c.valuePence, c.buyer, c.noticeId])).toEqual([
      ['BAN43264', 'Spot Purchased Day Care (All Hallows)', '06583647', 4538000, 'Norfolk County Council', null],
      ['AON42590', 'Call-off from "Digital Norfolk Ambition"', '', 2600000000, 'Norfolk County Council', 'ocds-b5fd17-xyz'],
      ['', 'School transport route 12', '', 1326492, 'Norfolk County Council', null],
      ['BAN10057', 'Care home placement', '00497029', -372800, 'Norfolk County Council', null],
      ['X1', 'Late extension', '', null, 'Norfolk County Council', null],
    ])
  })

  it('drops placeholder dates (1 Jan 2000 starts, years from 2050) with kept issues', () => {
    expect(file.contracts.map((c) => [c.start, c.end, c.endWithExtensions])).toEqual([
      [null, null, null],
      ['2013-11-29', '2018-11-28', '2020-11-28'],
      ['2014-09-04', '2015-07-31', null],
      ['2012-04-01', null, null],
      ['2016-04-01', '2020-12-31', null],
    ])
  })

  it('reports every repair and every row left out, with its line', () => {
    expect(file.issues.map((i) => [i.code, i.kept, i.place?.label])).toEqual([
      ['placeholder-date', true, 'line 2'],
      ['placeholder-date', true, 'line 4'],
      ['placeholder-date', true, 'line 5'],
      ['placeholder-date', true, 'line 5'],
      ['negative-value', true, 'line 5'],
      ['bad-date', true, 'line 6'],
      ['no-supplier', false, 'line 7'],
      ['blank-row', false, 'line 8'],
    ])
    expect(file.issues[5]?.message).toBe('line 6 (X1): last extension date 2020-01-31 is before the end date 2020-12-31; left empty')
  })
})

describe('encodings', () => {
  const text = 'Contract reference,Title,Supplier,Value,Start date,End date\r\nR1,King’s Lynn library,\u00a0Acme Ltd ,£1200,2024-04-01,2025-03-31\r\n'
  it('decodes Windows-1252 when the bytes are not UTF-8', () => {
    const file = readBytes(cp1252(text))
    expect(file.contracts.map((c) => [c.title, c.supplier, c.valuePence])).toEqual([['King’s Lynn library', 'Acme Ltd', 120000]])
  })
  it('reads UTF-8 with and without a byte-order mark alike', () => {
    const plain = read(text)
    const withBom = readBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))
    expect(withBom.contracts).toEqual(plain.contracts)
    expect(plain.contracts[0]?.title).toBe('King’s Lynn library')
  })
})

describe('header mapping', () => {
  it('is insensitive to case, spacing and punctuation, and knows the synonyms', () => {
    const map = mapRegisterColumns(['  CONTRACT ID ', 'Title', 'Supplier:', 'Annual Value (£)', 'Start', 'Contract End Date', 'Extension Options', 'CPV Code', 'ProClass', 'Organisation', 'OCID', 'Company Number'])
    expect(Object.fromEntries(Object.entries(map).map(([k, v]) => [k, v.index]))).toEqual({
      reference: 0, title: 1, supplier: 2, value: 3, start: 4, end: 5, extensionOptions: 6, cpv: 7, proclass: 8, organisation: 9, noticeId: 10, companyNumber: 11,
    })
  })
  it('prefers the earlier synonym when two columns could serve', () => {
    const map = mapRegisterColumns(['Annual value', 'Total value', 'Description', 'Title'])
    expect(map.value?.header).toBe('Total value')
    expect(map.title?.header).toBe('Title')
    expect(map.description?.header).toBe('Description')
  })
  it('uses the description as the title when there is no title column, and finds a header under a preamble', () => {
    const file = read('Contracts register,,,\nPublished March 2025,,,\nReference,Description,Supplier name,Contract value\nR9,Grounds maintenance,Acme Ltd,"1,000"\n')
    expect(file.contracts.map((c) => [c.reference, c.title, c.description, c.valuePence, c.place.label])).toEqual([['R9', 'Grounds maintenance', 'Grounds maintenance', 100000, 'line 4']])
  })
  it('reads extension options, and a date in an "Extension" column as the end with extensions', () => {
    const file = read('Reference,Title,Supplier,Start,End,Extension\nA,x,S1,01/04/2024,31/03/2027,1+1\nB,x,S2,01/04/2024,31/03/2027,31/03/2029\nC,x,S3,01/04/2024,31/03/2027,maybe\n')
    expect(file.contracts.map((c) => [c.extensionMonths, c.endWithExtensions])).toEqual([[[12, 12], null], [[], '2029-03-31'], [[], null]])
    expect(file.issues.map((i) => [i.code, i.kept, i.place?.label])).toEqual([['bad-value', true, 'line 4']])
  })
  it('reports a quote that is never closed', () => {
    const file = read('Reference,Title,Supplier,Value\nA,"Cleaning,Acme Ltd,100\nB,Catering,Food Ltd,200\n')
    expect(file.contracts).toEqual([])
    expect(file.issues.map((i) => [i.code, i.kept, i.place?.label])).toEqual([['csv-structure', false, 'line 2'], ['no-supplier', false, 'line 2']])
  })

  it('refuses an end before the start', () => {
    const file = read('Reference,Title,Supplier,Start date,End date\nA,x,S1,01/04/2024,31/03/2023\n')
    expect(file.contracts[0]).toMatchObject({ start: '2024-04-01', end: null })
    expect(file.issues.map((i) => i.code)).toEqual(['end-before-start'])
  })
})

describe('parseExtensionOptions', () => {
  const cases: [string, number[] | null][] = [
    ['1+1', [12, 12]],
    ['1 + 1 + 1 years', [12, 12, 12]],
    ['2 x 12 months', [12, 12]],
    ['2 x 1 year', [12, 12]],
    ['6 months', [6]],
    ['up to 2 years', [24]],
    ['two years', [24]],
    ['None', []],
    ['n/a', []],
    ['', []],
    ['at the council’s discretion', null],
    ['4 weeks', null],
  ]
  it.each(cases)('%s', (text, months) => {
    expect(parseExtensionOptions(text)).toEqual(months)
  })
})

describe('parseRegisterDate', () => {
  const cases: [string, string | null][] = [
    ['04/09/2014', '2014-09-04'],
    ['01-Apr-2013', '2013-04-01'],
    ['2024-04-01', '2024-04-01'],
    ['2025-03-31T23:59:59+01:00', '2025-03-31'],
    ['01.04.2024', '2024-04-01'],
    ['1-4-2024', '2024-04-01'],
    ['01/04/15', '2015-04-01'],
    ['31/12/99', '1999-12-31'],
    ['1 April 2024', '2024-04-01'],
    ['1st Sept 2024', '2024-09-01'],
    ['45383', '2024-04-01'],
    ['31/02/2024', null],
    ['1 Smarch 2024', null],
    ['1567', null],
    ['TBC', null],
  ]
  it.each(cases)('%s', (text, iso) => {
    expect(parseRegisterDate(text)).toBe(iso)
  })
})
