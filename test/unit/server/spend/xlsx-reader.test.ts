/**
 * Tests for server/spend/xlsx-reader.ts. Small workbooks are built here with fflate's zipSync (and, for the bombs and
 * damaged files, a hand-written ZIP so the directory can say what we like). When the published workbooks are present
 * (../shared/data/spend), every row of each is read and checked against figures computed independently by
 * scripts/xlsx-reference-totals.py (Python standard library: zipfile + xml.etree, Decimal(repr(float)) rounded to
 * 2 places half up); without them those tests are skipped, with a message.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { crc32, deflateRawSync } from 'node:zlib'
import { strToU8, zipSync } from 'fflate'
import type { Zippable } from 'fflate'
import { beforeAll, describe, expect, it } from 'vitest'
import { excelSerialToIsoDate, inspectXlsx, penceFromSpreadsheetNumber, readXlsxRows } from '../../../../server/spend/xlsx-reader.ts'
import type { CellValue, ReadXlsxOptions } from '../../../../server/spend/xlsx-reader.ts'
import { isXlsxError } from '../../../../server/spend/xlsx-error.ts'
import { inflateEntry, openByteSource, readZipDirectory } from '../../../../server/spend/zip-directory.ts'
import type { XlsxErrorCode } from '../../../../server/spend/xlsx-error.ts'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
const fullDataDir = path.resolve(repoRoot, '../shared/data/spend')
const hasFullData = existsSync(fullDataDir)
if (!hasFullData) {
  console.warn(`xlsx-reader: published workbooks not found at ${fullDataDir}; their tests are skipped.`)
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const REL_WS = `${NS_R}/worksheet`
const REL_SS = `${NS_R}/sharedStrings`

interface SheetSpec {
  name: string
  rows: string
  state?: 'hidden' | 'veryHidden'
  /** Part file name under xl/worksheets/; default sheetN.xml by position. */
  part?: string
}

/** A minimal valid .xlsx: content types, root rels, workbook + rels, sheets, then shared strings (Excel's order). */
function workbook(opts: { sheets: SheetSpec[]; shared?: string[]; date1904?: boolean; sharedFirst?: boolean }): Uint8Array {
  const parts = opts.sheets.map((s, i) => s.part ?? `sheet${i + 1}.xml`)
  const files: Zippable = {}
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/></Types>`,
  )
  files['_rels/.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ` +
      `Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  )
  const sheetTags = opts.sheets
    .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('')
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${NS}" xmlns:r="${NS_R}">` +
      (opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
      `<sheets>${sheetTags}</sheets></workbook>`,
  )
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      parts.map((p, i) => `<Relationship Id="rId${i + 1}" Type="${REL_WS}" Target="worksheets/${p}"/>`).join('') +
      `<Relationship Id="rIdS" Type="${REL_SS}" Target="/xl/sharedStrings.xml"/></Relationships>`,
  )
  const sharedXml = strToU8(
    `<sst xmlns="${NS}" count="${opts.shared?.length ?? 0}">${(opts.shared ?? []).map((s) => (s.startsWith('<') ? `<si>${s}</si>` : `<si><t>${s}</t></si>`)).join('')}</sst>`,
  )
  if (opts.sharedFirst) files['xl/sharedStrings.xml'] = sharedXml
  opts.sheets.forEach((s, i) => {
    files[`xl/worksheets/${parts[i] ?? ''}`] = strToU8(`<worksheet xmlns="${NS}"><sheetData>${s.rows}</sheetData></worksheet>`)
  })
  if (!opts.sharedFirst) files['xl/sharedStrings.xml'] = sharedXml
  return zipSync(files)
}

interface RawEntry {
  name: string
  /** Bytes as stored (already deflated when method is 8). */
  data: Uint8Array
  method: number
  crc: number
  uncompressedSize: number
  flags?: number
}

/** A ZIP written by hand, so a test can make the directory lie about sizes, methods or flags. */
function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(e.flags ?? 0, 6)
    local.writeUInt16LE(e.method, 8)
    local.writeUInt32LE(e.crc >>> 0, 14)
    local.writeUInt32LE(e.data.length, 18)
    local.writeUInt32LE(e.uncompressedSize, 22)
    local.writeUInt16LE(name.length, 26)
    const cd = Buffer.alloc(46)
    cd.writeUInt32LE(0x02014b50, 0)
    cd.writeUInt16LE(20, 4)
    cd.writeUInt16LE(20, 6)
    cd.writeUInt16LE(e.flags ?? 0, 8)
    cd.writeUInt16LE(e.method, 10)
    cd.writeUInt32LE(e.crc >>> 0, 16)
    cd.writeUInt32LE(e.data.length, 20)
    cd.writeUInt32LE(e.uncompressedSize, 24)
    cd.writeUInt16LE(name.length, 28)
    cd.writeUInt32LE(offset, 42)
    chunks.push(local, name, Buffer.from(e.data))
    central.push(cd, name)
    offset += 30 + name.length + e.data.length
  }
  const cdBytes = Buffer.concat(central)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cdBytes.length, 12)
  eocd.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...chunks, cdBytes, eocd]))
}

function deflated(name: string, text: string | Uint8Array): RawEntry {
  const raw = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  return { name, data: deflateRawSync(raw), method: 8, crc: crc32(raw), uncompressedSize: raw.length }
}

/** The parts every workbook test zip needs around one sheet part. */
function skeleton(sheetPart = 'xl/worksheets/sheet1.xml'): RawEntry[] {
  return [
    deflated('xl/workbook.xml', `<workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    deflated(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_WS}" Target="/${sheetPart}"/></Relationships>`,
    ),
  ]
}

async function readAll(input: string | Uint8Array, extra: Partial<ReadXlsxOptions> = {}) {
  const rows: { sheet: string; row: number; cells: CellValue[] }[] = []
  const started: string[] = []
  const summary = await readXlsxRows(input, {
    onSheetStart: (s) => started.push(s.name),
    onRow: (sheet, row, cells) => rows.push({ sheet, row, cells }),
    ...extra,
  })
  return { rows, started, summary }
}

async function codeOf(p: Promise<unknown>): Promise<{ code: XlsxErrorCode; message: string }> {
  try {
    await p
  } catch (e) {
    if (isXlsxError(e)) return e.toJSON()
    throw e
  }
  throw new Error('expected the workbook to be refused')
}

describe('readXlsxRows on small workbooks', () => {
  it('reads shared strings (also when they come after the sheets), inline strings, numbers, booleans, errors, formulas', async () => {
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>inline &amp; co</t></is></c></row>' +
      '<row r="2"><c r="A2"><v>558.82000000000005</v></c><c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c>' +
      '<c r="D2" t="e"><v>#N/A</v></c><c r="E2"><f>A2*2</f><v>1117.6400000000001</v></c><c r="F2" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><r><t>rich </t></r><r><t>inline</t></r></is></c></row>'
    for (const sharedFirst of [false, true]) {
      const wb = workbook({ sheets: [{ name: 'Data', rows }], shared: ['Supplier', 'Amount £', '<r><t>Rich </t></r><r><t>text</t></r><rPh><t>ignored</t></rPh>'], sharedFirst })
      const { rows: got, started, summary } = await readAll(wb)
      expect(started).toEqual(['Data'])
      expect(got).toEqual([
        { sheet: 'Data', row: 1, cells: ['Supplier', 'Amount £', 'inline & co'] },
        { sheet: 'Data', row: 2, cells: [558.82, true, false, null, 1117.64, 'xy'] },
        { sheet: 'Data', row: 3, cells: ['Rich text', 'rich inline'] },
      ])
      expect(summary.rowsPerSheet).toEqual([3])
    }
  })

  it('places cells by their A1 reference: gaps become nulls, blank rows are skipped, rowNumber is the sheet row', async () => {
    const rows =
      '<row r="2"><c r="B2"><v>1</v></c><c r="E2"><v>2</v></c></row>' +
      '<row r="3"><c r="A3" s="1"/><c r="B3" t="e"><v>#REF!</v></c></row>' + // styled empty cells and an error only: no value
      '<row r="7"><c r="AA7"><v>3</v></c></row>' +
      '<row><c><v>4</v></c><c><v>5</v></c><c r="D8"><v>6</v></c><c><v>7</v></c></row>' // no r: next row, next column
    const { rows: got } = await readAll(workbook({ sheets: [{ name: 'S', rows }] }))
    const aa = Array<CellValue>(27).fill(null)
    aa[26] = 3
    expect(got.map((r) => [r.row, r.cells])).toEqual([
      [2, [null, 1, null, null, 2]],
      [7, aa],
      [8, [4, 5, null, 6, 7]],
    ])
  })

  it('reads every sheet in workbook order, reports hidden ones and the 1904 date system', async () => {
    const wb = workbook({
      date1904: true,
      sheets: [
        { name: 'Apr 18', rows: '<row r="1"><c r="A1"><v>1</v></c></row>', part: 'sheet2.xml' },
        { name: 'Hidden', rows: '<row r="1"><c r="A1"><v>2</v></c></row>', state: 'hidden', part: 'sheet1.xml' },
        { name: 'Empty', rows: '', state: 'veryHidden' },
      ],
    })
    const info = await inspectXlsx(wb)
    expect(info.date1904).toBe(true)
    expect(info.sheets).toEqual([
      { name: 'Apr 18', state: 'visible', path: 'xl/worksheets/sheet2.xml' },
      { name: 'Hidden', state: 'hidden', path: 'xl/worksheets/sheet1.xml' },
      { name: 'Empty', state: 'veryHidden', path: 'xl/worksheets/sheet3.xml' },
    ])
    const { rows, started, summary } = await readAll(wb)
    expect(started).toEqual(['Apr 18', 'Hidden', 'Empty'])
    expect(rows.map((r) => [r.sheet, r.cells[0]])).toEqual([['Apr 18', 1], ['Hidden', 2]])
    expect(summary.rowsPerSheet).toEqual([1, 1, 0])
    expect((await inspectXlsx(workbook({ sheets: [{ name: 'S', rows: '' }] }))).date1904).toBe(false)
  })

  it('reports progress up to the compressed size of the parts it reads', async () => {
    const seen: [number, number][] = []
    await readAll(workbook({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"><v>1</v></c></row>' }], shared: ['a'] }), {
      onBytes: (read, total) => seen.push([read, total]),
    })
    const last = seen.at(-1)
    expect(last).toBeDefined()
    expect(last?.[0]).toBe(last?.[1])
    expect(seen.every(([r, t]) => r > 0 && r <= t)).toBe(true)
  })

  it('refuses a shared-string index that does not exist, naming the cell', async () => {
    const wb = workbook({ sheets: [{ name: 'S', rows: '<row r="1"><c r="C1" t="s"><v>5</v></c></row>' }], shared: ['a'] })
    const e = await codeOf(readAll(wb))
    expect(e.code).toBe('malformed-workbook')
    expect(e.message).toContain('C1')
  })

  it('refuses ill-formed sheet XML', async () => {
    const wb = workbook({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"><v>1</c></row>' }] })
    expect((await codeOf(readAll(wb))).code).toBe('malformed-workbook')
  })
})

describe('refusing files that are not safe or not workbooks', () => {
  const good = workbook({ sheets: [{ name: 'S', rows: '<row r="1"><c r="A1"><v>1</v></c></row>' }], shared: ['x'] })

  it('refuses a truncated download, wherever it was cut', async () => {
    for (const keep of [good.length - 10, Math.floor(good.length / 2), 100]) {
      const e = await codeOf(inspectXlsx(good.subarray(0, keep)))
      expect(e.code).toBe('truncated-workbook')
    }
    // The directory survives but the data it points at does not.
    const sheet = deflated('xl/worksheets/sheet1.xml', `<worksheet xmlns="${NS}"><sheetData/></worksheet>`)
    const whole = rawZip([...skeleton(), sheet])
    const cdOffset = Buffer.from(whole).readUInt32LE(whole.length - 6)
    const cut = Buffer.concat([Buffer.from(whole.subarray(0, cdOffset - 5)), Buffer.from(whole.subarray(cdOffset))])
    cut.writeUInt32LE(cdOffset - 5, cut.length - 6)
    expect((await codeOf(inspectXlsx(new Uint8Array(cut)))).code).toBe('truncated-workbook')
  })

  it('refuses a ZIP that is not a workbook (a .docx), random bytes, an encrypted workbook, an encrypted ZIP', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') })
    const e = await codeOf(inspectXlsx(docx))
    expect(e).toEqual({ code: 'not-a-workbook', message: 'the file is a ZIP but not an Excel workbook (it is a Word document): it has no xl/workbook.xml' })
    expect((await codeOf(inspectXlsx(strToU8('Date,Amount\n2024-01-01,5\n')))).code).toBe('not-a-workbook')
    const cfb = new Uint8Array(4096)
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])
    expect((await codeOf(inspectXlsx(cfb))).message).toContain('password-protected')
    const sheet = { ...deflated('xl/worksheets/sheet1.xml', '<worksheet/>'), flags: 1 }
    expect((await codeOf(inspectXlsx(rawZip([...skeleton(), sheet])))).code).toBe('not-a-workbook')
  })

  it('refuses a part with a compression method Excel does not use', async () => {
    const sheet = { ...deflated('xl/worksheets/sheet1.xml', '<worksheet/>'), method: 12 }
    const e = await codeOf(readAll(rawZip([...skeleton(), sheet])))
    expect(e.code).toBe('not-a-workbook')
    expect(e.message).toContain('method 12')
  })

  it('refuses a damaged part by its CRC-32', async () => {
    const xml = `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`
    const stored: RawEntry = { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(xml.replace('<v>1<', '<v>2<')), method: 0, crc: crc32(xml), uncompressedSize: xml.length }
    expect((await codeOf(readAll(rawZip([...skeleton(), stored])))).code).toBe('malformed-workbook')
  })

  it('refuses 10,000 worksheets from the directory alone', async () => {
    const files: Zippable = {}
    files['xl/workbook.xml'] = strToU8(`<workbook xmlns="${NS}"/>`)
    for (let i = 1; i <= 10_000; i++) files[`xl/worksheets/sheet${i}.xml`] = [strToU8('<worksheet/>'), { level: 0 }]
    const e = await codeOf(inspectXlsx(zipSync(files)))
    expect(e).toEqual({ code: 'too-many-sheets', message: 'the workbook has 10000 worksheets, more than the 500 allowed' })
  })

  it('refuses a workbook.xml listing more sheets than the limit', async () => {
    const sheets = Array.from({ length: 12 }, (_, i) => `<sheet name="s${i}" sheetId="${i + 1}" r:id="rId1"/>`).join('')
    const wb = [deflated('xl/workbook.xml', `<workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets>${sheets}</sheets></workbook>`), ...skeleton().slice(1)]
    expect((await codeOf(inspectXlsx(rawZip(wb), { maxSheets: 10 }))).code).toBe('too-many-sheets')
  })

  describe('zip bombs', () => {
    const ZEROS_BYTES = 300 * 1024 * 1024
    let zeros: Uint8Array = new Uint8Array(0)
    let zerosCrc = 0
    beforeAll(() => {
      const raw = Buffer.alloc(ZEROS_BYTES)
      zeros = deflateRawSync(raw, { level: 9 }) // ~300 KB
      zerosCrc = crc32(raw)
    })

    it('refuses an honest 300 MB sheet of zeros by its declared ratio, before inflating anything', async () => {
      const bomb: RawEntry = { name: 'xl/worksheets/sheet1.xml', data: zeros, method: 8, crc: zerosCrc, uncompressedSize: ZEROS_BYTES }
      const e = await codeOf(inspectXlsx(rawZip([...skeleton(), bomb])))
      expect(e.code).toBe('zip-bomb')
      expect(e.message).toMatch(/sheet1\.xml declares a \d+:1 compression ratio, more than the 200:1 allowed/)
    })

    it('refuses declared sizes over the limit, per part and in total', async () => {
      const big: RawEntry = { ...deflated('xl/worksheets/sheet1.xml', '<worksheet/>'), uncompressedSize: 0xfffffff0 }
      expect((await codeOf(inspectXlsx(rawZip([...skeleton(), big]), { maxRatio: 1e12 }))).message).toContain('more than the limit of 1073741824')
      const parts = Array.from({ length: 3 }, (_, i) => ({ ...deflated(`xl/media/x${i}.bin`, 'x'), uncompressedSize: 500 * 1024 * 1024 }))
      expect((await codeOf(inspectXlsx(rawZip([...skeleton(), ...parts]), { maxRatio: 1e12 }))).message).toContain('in all')
    })

    it('stops inflating a part whose directory entry lies about its size', async () => {
      const liar: RawEntry = { name: 'xl/worksheets/sheet1.xml', data: zeros, method: 8, crc: zerosCrc, uncompressedSize: 1000 }
      const zip = rawZip([...skeleton(), liar])
      await expect(inspectXlsx(zip)).resolves.toBeDefined() // the directory alone looks harmless
      const e = await codeOf(readAll(zip))
      expect(e).toEqual({ code: 'zip-bomb', message: 'the part xl/worksheets/sheet1.xml inflates past the 1000 bytes its directory entry declares' })
    })

    it('counts what it really inflates: the ratio and byte limits hold mid-stream', async () => {
      const zip = rawZip([{ name: 'zeros.bin', data: zeros, method: 8, crc: zerosCrc, uncompressedSize: ZEROS_BYTES }])
      const src = await openByteSource(zip)
      const [entry] = (await readZipDirectory(src, 10)).entries
      if (!entry) throw new Error('no entry')
      let delivered = 0
      const run = (maxBytes: number, maxRatio: number) =>
        codeOf(inflateEntry(src, entry, { limits: { maxBytes, maxRatio, ratioAllowanceBytes: 1024 * 1024 }, onData: (c) => (delivered += c.length) }))
      expect(await run(Number.MAX_SAFE_INTEGER, 100)).toEqual({ code: 'zip-bomb', message: 'the part zeros.bin inflates more than 100:1' })
      expect(delivered).toBe(0)
      expect(await run(8 * 1024 * 1024, 2000)).toEqual({ code: 'zip-bomb', message: 'the part zeros.bin inflates past the limit of 8388608 bytes' })
      expect(delivered).toBeLessThanOrEqual(8 * 1024 * 1024)
    })
  })
})

describe('cancellation', () => {
  const rows = Array.from({ length: 2000 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('')
  const wb = workbook({ sheets: [{ name: 'A', rows }, { name: 'B', rows }] })

  it('stops promptly with code cancelled when the signal aborts mid-sheet', async () => {
    const controller = new AbortController()
    let seen = 0
    const e = await codeOf(
      readXlsxRows(wb, {
        signal: controller.signal,
        onRow: () => {
          seen++
          if (seen === 10) controller.abort()
        },
      }),
    )
    expect(e.code).toBe('cancelled')
    expect(seen).toBe(10)
  })

  it('does not start when the signal is already aborted', async () => {
    let seen = 0
    const e = await codeOf(readXlsxRows(wb, { signal: AbortSignal.abort(), onRow: () => seen++ }))
    expect(e.code).toBe('cancelled')
    expect(seen).toBe(0)
  })
})

describe('excelSerialToIsoDate', () => {
  it.each([
    [43193, false, '2018-04-03'],
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [60, false, null], // Excel's phantom 1900-02-29
    [61, false, '1900-03-01'],
    [45384.041666666664, false, '2024-04-02'], // the fire file's midnight + 1 hour
    [2958465, false, '9999-12-31'],
    [2958466, false, null],
    [0, false, null],
    [0, true, '1904-01-01'],
    [43193 - 1462, true, '2018-04-03'],
    [Number.NaN, false, null],
  ])('%s (1904: %s) → %s', (serial, date1904, iso) => {
    expect(excelSerialToIsoDate(serial, date1904)).toBe(iso)
  })
})

describe('penceFromSpreadsheetNumber', () => {
  it.each([
    [558.82000000000005, 55882],
    [0.125, 13],
    [-0.125, -13],
    [2.675, 268],
    [1.005, 101],
    [0.1 + 0.2, 30],
    [-103226.53, -10322653],
    [500, 50000],
    [1e-7, 0],
    [90071992547409.9, 9007199254740990],
  ])('%s → %s', (value, pence) => {
    expect(penceFromSpreadsheetNumber(value)).toEqual({ ok: true, value: pence })
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53 / 100 + 1, -(2 ** 53)])('refuses %s', (value) => {
    expect(penceFromSpreadsheetNumber(value).ok).toBe(false)
  })
})

/**
 * Expected figures from `python3 scripts/xlsx-reference-totals.py ../shared/data/spend` (standard library only;
 * see the script). Rows are rows holding a value, header row included; totals are the amount column below row 1,
 * each amount Decimal(repr(float)) rounded half up to pence, summed.
 */
const PUBLISHED = [
  {
    file: 'lancashire-pcc/pcc-2018-19.xlsx',
    amountColumn: 2,
    sheets: { 'Apr 18': 797, 'May 18': 644, 'Jun 18': 683, 'Jul 18': 556, 'Aug 18': 628, 'Sep 18': 595, 'Oct 18': 645, 'Nov 18': 722, 'Dec 18': 581, 'Jan 19': 659, 'Feb 19': 636, 'Mar 19': 840 },
    dataRows: 7974,
    totalPence: 6220868377n,
  },
  {
    file: 'lancashire-pcc/pcc-2024-25.xlsx',
    amountColumn: 2,
    sheets: { 'APR 24': 1308, 'MAY 24': 734, 'JUN 24': 789, 'JUL 24': 803, 'AUG 24': 816, 'SEP 24': 619, 'OCT 24': 827, 'Nov 24': 621, 'Dec 24': 760, 'Jan 25': 590 },
    dataRows: 7857,
    totalPence: 11096228483n,
  },
  {
    file: 'lancashire-fire-rescue/fire-2024-25.xlsx',
    amountColumn: 5,
    sheets: { 'Sheet1 (2)': 3377 },
    dataRows: 3376,
    totalPence: 2462238891n,
    dateColumn: 1,
    firstDate: '2024-04-01',
    lastDate: '2025-03-31',
  },
]

describe.skipIf(!hasFullData)('the published workbooks', () => {
  it.each(PUBLISHED)('$file: sheets, rows per sheet and the total in pence', async (spec) => {
    const file = path.resolve(fullDataDir, spec.file)
    const info = await inspectXlsx(file)
    expect(info.sheets.map((s) => s.name)).toEqual(Object.keys(spec.sheets))
    expect(info.date1904).toBe(false)
    let total = 0n
    let dataRows = 0
    const dates: string[] = []
    const summary = await readXlsxRows(file, {
      onRow: (_sheet, rowNumber, cells) => {
        if (rowNumber === 1) return
        const amount = cells[spec.amountColumn]
        if (typeof amount !== 'number') throw new Error(`row ${rowNumber}: amount ${String(amount)}`)
        const pence = penceFromSpreadsheetNumber(amount)
        if (!pence.ok) throw new Error(pence.error.message)
        total += BigInt(pence.value)
        dataRows++
        if (spec.dateColumn !== undefined) {
          const d = cells[spec.dateColumn]
          const iso = typeof d === 'number' ? excelSerialToIsoDate(d, info.date1904) : null
          if (iso !== null) dates.push(iso)
        }
      },
    })
    expect(summary.rowsPerSheet).toEqual(Object.values(spec.sheets))
    expect(dataRows).toBe(spec.dataRows)
    expect(total).toBe(spec.totalPence)
    if (spec.dateColumn !== undefined) {
      dates.sort()
      expect(dates.length).toBe(spec.dataRows)
      expect([dates[0], dates.at(-1)]).toEqual([spec.firstDate, spec.lastDate])
    }
  })
})
