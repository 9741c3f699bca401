/**
 * A safe, streaming reader for published spend workbooks (.xlsx), meant to run in the import worker.
 *
 * - `inspectXlsx(input, limits?)` reads only the ZIP directory (plus the small, size-capped workbook.xml and its
 *   rels) and refuses truncated downloads, non-workbooks, too many sheets and zip bombs before any sheet is touched.
 *   It returns the worksheets in workbook order with their state (visible/hidden/veryHidden) and the date system.
 * - `readXlsxRows(input, { onSheetStart, onRow, signal?, onBytes?, limits? })` streams every worksheet's rows:
 *   it reads the file in 64 KiB chunks, inflates entry by entry with fflate's streaming `Inflate` and parses the XML
 *   with saxes. `xl/sharedStrings.xml` is read first by seeking to it through the central directory, so its place in
 *   the ZIP (Excel often writes it after the sheets) does not matter and nothing but the shared-string table is held
 *   in memory. Rows with no value are not reported; `rowNumber` is the sheet's own 1-based row (the `r` of <row>),
 *   the line a person looks up in Excel. Gaps (by the `r` of each <c>) become nulls.
 * - Refusals are thrown as `XlsxError { code, message }` (xlsx-error.ts); `cancelled` when `signal` aborts.
 * - `excelSerialToIsoDate` and `penceFromSpreadsheetNumber` turn cell numbers into dates and pence.
 *
 * Why fflate + saxes and not exceljs: exceljs pulls in 194 packages and cannot cap the inflated bytes of an entry, so
 * a 300 MB-of-zeros sheet would be inflated in full before we could refuse it. fflate (no dependencies) inflates in
 * pushes we control, so every entry's real inflated size is counted and capped as it grows, whatever the ZIP
 * directory claims; saxes (one small dependency) parses XML incrementally and never builds a tree.
 */
import { SaxesParser } from 'saxes'
import type { SaxesTagPlain } from 'saxes'
import { fail, ok } from '../../shared/domain/result.ts'
import type { Result } from '../../shared/domain/result.ts'
import type { Pence } from '../../shared/domain/money.ts'
import { XlsxError } from './xlsx-error.ts'
import { inflateEntry, openByteSource, readZipDirectory, throwIfAborted } from './zip-directory.ts'
import type { ByteSource, ZipDirectory, ZipEntry } from './zip-directory.ts'

/** saxes without namespace processing: attributes are plain strings, names keep their prefix. */
interface PlainXml {
  xmlns: false
  position: boolean
}

export type CellValue = string | number | boolean | null

export interface XlsxLimits {
  /** Worksheets (entries under xl/worksheets/ and <sheet> elements in workbook.xml). Default 500. */
  readonly maxSheets: number
  /** Declared or actual inflated bytes of any one part, and of all parts together. Default max(1 GiB, 40 × file size). */
  readonly maxInflatedBytes: number
  /** Highest inflated:compressed ratio for a part larger than `ratioMinBytes`. Default 200. */
  readonly maxRatio: number
  /** Parts up to this size are exempt from the ratio check (tiny XML compresses very well). Default 1 MiB. */
  readonly ratioMinBytes: number
  /** workbook.xml, its rels: inflated into memory whole, so capped hard. Default 16 MiB. */
  readonly maxWorkbookPartBytes: number
  /** Parts in the ZIP. Default 100,000. */
  readonly maxEntries: number
}

const MIB = 1024 * 1024
const GIB = 1024 * MIB

export function defaultXlsxLimits(fileSizeBytes: number): XlsxLimits {
  return {
    maxSheets: 500,
    maxInflatedBytes: Math.max(GIB, 40 * fileSizeBytes),
    maxRatio: 200,
    ratioMinBytes: MIB,
    maxWorkbookPartBytes: 16 * MIB,
    maxEntries: 100_000,
  }
}

export type SheetState = 'visible' | 'hidden' | 'veryHidden'

export interface XlsxSheet {
  /** The tab name, as shown in Excel. */
  readonly name: string
  readonly state: SheetState
  /** The ZIP part holding the sheet, e.g. `xl/worksheets/sheet1.xml`. */
  readonly path: string
}

export interface XlsxInfo {
  /** Worksheets in workbook (tab) order. Chart sheets and dialog sheets are left out. */
  readonly sheets: readonly XlsxSheet[]
  /** True when the workbook counts dates from 1904-01-01 (`<workbookPr date1904="1"/>`). */
  readonly date1904: boolean
  readonly sizeBytes: number
}

interface Inspected extends XlsxInfo {
  readonly sharedStrings: ZipEntry | null
  readonly sheetEntries: readonly ZipEntry[]
  readonly limits: XlsxLimits
}

const REL_TYPE_WORKSHEET = /\/worksheet$/
const REL_TYPE_SHARED_STRINGS = /\/sharedStrings$/
const WORKSHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/i

/** The local part of a possibly prefixed XML name (`x:row` → `row`). */
function localName(name: string): string {
  const i = name.indexOf(':')
  return i === -1 ? name : name.slice(i + 1)
}

/** Resolves a relationship target against the folder of its source part (OPC, ECMA-376 Part 2 §9.3). */
function resolvePartName(baseDir: string, target: string): string {
  const raw = target.startsWith('/') ? target.slice(1) : `${baseDir}/${target}`
  const out: string[] = []
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return out.join('/')
}

async function inflateSmallPart(src: ByteSource, entry: ZipEntry, limits: XlsxLimits): Promise<string> {
  if (entry.uncompressedSize > limits.maxWorkbookPartBytes) {
    throw new XlsxError('zip-bomb', `the part ${entry.name} declares ${entry.uncompressedSize} bytes, more than the ${limits.maxWorkbookPartBytes} allowed`)
  }
  const chunks: Uint8Array[] = []
  await inflateEntry(src, entry, {
    limits: { maxBytes: limits.maxWorkbookPartBytes, maxRatio: limits.maxRatio, ratioAllowanceBytes: limits.ratioMinBytes },
    onData: (c) => chunks.push(c.slice()),
  })
  return Buffer.concat(chunks).toString('utf8')
}

function parseXml(xml: string, partName: string, onOpen: (tag: SaxesTagPlain) => void): void {
  const parser = new SaxesParser<PlainXml>({ xmlns: false, position: false })
  parser.on('opentag', onOpen)
  try {
    parser.write(xml).close()
  } catch (e) {
    if (e instanceof XlsxError) throw e
    // reason: saxes throws plain Errors for ill-formed XML; report which part.
    throw new XlsxError('malformed-workbook', `the part ${partName} is not well-formed XML (${e instanceof Error ? e.message : String(e)})`)
  }
}

function attr(tag: SaxesTagPlain, local: string): string | undefined {
  for (const [k, v] of Object.entries(tag.attributes)) {
    if (k === local || localName(k) === local) {
      if (local === 'id' && !k.includes(':')) continue // reason: only the namespaced r:id names the relationship
      return v
    }
  }
  return undefined
}

function checkDeclaredSizes(dir: ZipDirectory, limits: XlsxLimits): void {
  let total = 0
  for (const e of dir.entries) {
    if (e.uncompressedSize > limits.maxInflatedBytes) {
      throw new XlsxError('zip-bomb', `the part ${e.name} declares ${e.uncompressedSize} bytes when inflated, more than the limit of ${limits.maxInflatedBytes}`)
    }
    if (e.uncompressedSize > limits.ratioMinBytes && e.uncompressedSize > limits.maxRatio * e.compressedSize) {
      const ratio = e.compressedSize === 0 ? 'an unbounded' : `a ${Math.round(e.uncompressedSize / e.compressedSize)}:1`
      throw new XlsxError('zip-bomb', `the part ${e.name} declares ${ratio} compression ratio, more than the ${limits.maxRatio}:1 allowed`)
    }
    total += e.uncompressedSize
    if (total > limits.maxInflatedBytes) {
      throw new XlsxError('zip-bomb', `the workbook's parts declare more than ${limits.maxInflatedBytes} bytes in all when inflated`)
    }
  }
}

async function inspectSource(src: ByteSource, limitsIn: Partial<XlsxLimits> | undefined): Promise<Inspected> {
  const limits: XlsxLimits = { ...defaultXlsxLimits(src.size), ...limitsIn }
  const dir = await readZipDirectory(src, limits.maxEntries)
  const byName = new Map<string, ZipEntry>()
  for (const e of dir.entries) byName.set(e.name.toLowerCase(), e)

  const workbook = byName.get('xl/workbook.xml')
  if (!workbook) {
    const hint = byName.has('word/document.xml') ? ' (it is a Word document)' : byName.has('ppt/presentation.xml') ? ' (it is a PowerPoint file)' : ''
    throw new XlsxError('not-a-workbook', `the file is a ZIP but not an Excel workbook${hint}: it has no xl/workbook.xml`)
  }
  if (dir.entries.some((e) => e.isEncrypted)) throw new XlsxError('not-a-workbook', 'the file is an encrypted ZIP, which is not an Excel workbook')
  const worksheetParts = dir.entries.filter((e) => WORKSHEET_PART.test(e.name)).length
  if (worksheetParts > limits.maxSheets) {
    throw new XlsxError('too-many-sheets', `the workbook has ${worksheetParts} worksheets, more than the ${limits.maxSheets} allowed`)
  }
  checkDeclaredSizes(dir, limits)

  let date1904 = false
  const declared: { name: string; state: SheetState; relId: string | undefined }[] = []
  parseXml(await inflateSmallPart(src, workbook, limits), workbook.name, (tag) => {
    const name = localName(tag.name)
    if (name === 'workbookPr') {
      const v = attr(tag, 'date1904')
      date1904 = v === '1' || v === 'true'
    } else if (name === 'sheet') {
      if (declared.length >= limits.maxSheets) {
        throw new XlsxError('too-many-sheets', `the workbook lists more than the ${limits.maxSheets} sheets allowed`)
      }
      const st = attr(tag, 'state')
      declared.push({ name: attr(tag, 'name') ?? '', state: st === 'hidden' || st === 'veryHidden' ? st : 'visible', relId: attr(tag, 'id') })
    }
  })

  const rels = new Map<string, { type: string; target: string }>()
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels')
  if (relsEntry) {
    parseXml(await inflateSmallPart(src, relsEntry, limits), relsEntry.name, (tag) => {
      if (localName(tag.name) !== 'Relationship') return
      const id = tag.attributes['Id']
      const target = tag.attributes['Target']
      if (id !== undefined && target !== undefined && tag.attributes['TargetMode'] !== 'External') {
        rels.set(id, { type: tag.attributes['Type'] ?? '', target: resolvePartName('xl', target) })
      }
    })
  }

  const sheets: XlsxSheet[] = []
  const sheetEntries: ZipEntry[] = []
  for (const d of declared) {
    const rel = d.relId === undefined ? undefined : rels.get(d.relId)
    if (!rel) throw new XlsxError('malformed-workbook', `the sheet "${d.name}" has no relationship to its part in xl/_rels/workbook.xml.rels`)
    if (!REL_TYPE_WORKSHEET.test(rel.type)) continue // chart sheets and dialog sheets hold no rows
    const entry = byName.get(rel.target.toLowerCase())
    if (!entry) throw new XlsxError('malformed-workbook', `the sheet "${d.name}" points to ${rel.target}, which is not in the file`)
    sheets.push({ name: d.name, state: d.state, path: entry.name })
    sheetEntries.push(entry)
  }
  const ssRel = [...rels.values()].find((r) => REL_TYPE_SHARED_STRINGS.test(r.type))
  const sharedStrings = byName.get((ssRel?.target ?? 'xl/sharedStrings.xml').toLowerCase()) ?? null
  return { sheets, date1904, sizeBytes: src.size, sharedStrings, sheetEntries, limits }
}

/**
 * Checks a workbook from its ZIP directory and workbook.xml alone, without reading any sheet.
 * @throws XlsxError `truncated-workbook` | `not-a-workbook` | `too-many-sheets` | `zip-bomb` | `malformed-workbook`
 */
export async function inspectXlsx(input: string | Uint8Array, limits?: Partial<XlsxLimits>): Promise<XlsxInfo> {
  const src = await openByteSource(input)
  try {
    const { sheets, date1904, sizeBytes } = await inspectSource(src, limits)
    return { sheets, date1904, sizeBytes }
  } finally {
    await src.close()
  }
}

export interface ReadXlsxOptions {
  /** Called before the first row of each worksheet, in workbook order (also for a sheet with no rows). */
  onSheetStart?(sheet: XlsxSheet): void
  /**
   * Called for each row holding at least one value. `cells[i]` is column i (A = 0); gaps are null; trailing
   * empty cells are dropped. Shared and inline strings are strings, numbers and formula results are their cached
   * values, booleans are booleans, error cells (#N/A…) are null. The array is the caller's to keep.
   */
  onRow(sheetName: string, rowNumber: number, cells: CellValue[]): void
  signal?: AbortSignal | undefined
  /** Progress: compressed bytes read so far out of the compressed bytes of the parts to read. */
  onBytes?(bytesRead: number, totalBytes: number): void
  limits?: Partial<XlsxLimits> | undefined
}

export interface ReadXlsxSummary extends XlsxInfo {
  /** Rows reported per sheet, in workbook order. */
  readonly rowsPerSheet: readonly number[]
  /** Bytes actually inflated (shared strings and sheets). */
  readonly inflatedBytes: number
}

/** Streams XML text from inflated chunks into a saxes parser, decoding UTF-8 across chunk boundaries. */
async function parseEntry(
  src: ByteSource,
  entry: ZipEntry,
  parser: SaxesParser<PlainXml>,
  ctx: { limits: XlsxLimits; signal: AbortSignal | undefined; budget: { left: number }; onCompressed: (n: number) => void },
): Promise<number> {
  const decoder = new TextDecoder('utf-8')
  const maxBytes = Math.min(ctx.limits.maxInflatedBytes, ctx.budget.left)
  parser.on('error', (e) => {
    throw new XlsxError('malformed-workbook', `the part ${entry.name} is not well-formed XML (${e.message})`)
  })
  const n = await inflateEntry(src, entry, {
    limits: { maxBytes, maxRatio: ctx.limits.maxRatio, ratioAllowanceBytes: ctx.limits.ratioMinBytes },
    signal: ctx.signal,
    onCompressedBytes: ctx.onCompressed,
    onData: (chunk) => {
      parser.write(decoder.decode(chunk, { stream: true }))
    },
  })
  parser.write(decoder.decode()).close()
  ctx.budget.left -= n
  return n
}

function sharedStringsParser(out: string[]): SaxesParser<PlainXml> {
  const parser = new SaxesParser<PlainXml>({ xmlns: false, position: true })
  let inSi = false
  let phoneticDepth = 0
  let inT = false
  let text = ''
  parser.on('opentag', (tag) => {
    const n = localName(tag.name)
    if (n === 'si') {
      inSi = true
      text = ''
    } else if (n === 'rPh') phoneticDepth++
    else if (n === 't' && inSi && phoneticDepth === 0) inT = true
  })
  const onText = (t: string): void => {
    if (inT) text += t
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.on('closetag', (tag) => {
    const n = localName(tag.name)
    if (n === 't') inT = false
    else if (n === 'rPh') phoneticDepth--
    else if (n === 'si') {
      out.push(text)
      inSi = false
    }
  })
  return parser
}

const MAX_COLUMNS = 16_384
const MAX_ROWS = 1_048_576

/** Column index (A = 0) of an A1 reference such as `AB12`, or -1 if it has no valid column letters. */
function columnOfRef(ref: string): number {
  let col = 0
  let i = 0
  for (; i < ref.length && i < 4; i++) {
    const c = ref.charCodeAt(i)
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64)
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96)
    else break
  }
  return i === 0 || col > MAX_COLUMNS ? -1 : col - 1
}

function worksheetParser(
  sheet: XlsxSheet,
  shared: readonly string[],
  signal: AbortSignal | undefined,
  emit: (rowNumber: number, cells: CellValue[]) => void,
): SaxesParser<PlainXml> {
  const parser = new SaxesParser<PlainXml>({ xmlns: false, position: true })
  let rowNumber = 0
  let cells: CellValue[] = []
  let hasValue = false
  let nextCol = 0
  let col = 0
  let type = 'n'
  let ref = ''
  let vText: string | null = null
  let isText: string | null = null
  let inV = false
  let inIsT = false
  let inIs = false
  let phoneticDepth = 0
  const bad = (what: string): XlsxError => new XlsxError('malformed-workbook', `sheet "${sheet.name}" ${what}`)
  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = tag.attributes['r']
        const n = r === undefined ? rowNumber + 1 : Number(r)
        if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS) throw bad(`has a row numbered "${String(r)}"`)
        rowNumber = n
        cells = []
        hasValue = false
        nextCol = 0
        break
      }
      case 'c': {
        const r = tag.attributes['r']
        ref = r ?? ''
        col = r === undefined ? nextCol : columnOfRef(r)
        if (col < 0 || col >= MAX_COLUMNS) throw bad(`row ${rowNumber} has a cell at "${String(r)}"`)
        type = tag.attributes['t'] ?? 'n'
        vText = null
        isText = null
        break
      }
      case 'v':
        inV = true
        vText = ''
        break
      case 'is':
        inIs = true
        isText = ''
        break
      case 'rPh':
        phoneticDepth++
        break
      case 't':
        if (inIs && phoneticDepth === 0) inIsT = true
        break
    }
  })
  const onText = (t: string): void => {
    if (inV) vText += t
    else if (inIsT) isText += t
  }
  parser.on('text', onText)
  parser.on('cdata', onText)
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
        inV = false
        break
      case 't':
        inIsT = false
        break
      case 'rPh':
        phoneticDepth--
        break
      case 'is':
        inIs = false
        break
      case 'c': {
        const value = cellValue(type, vText, isText, shared, () => bad(`cell ${ref || `in row ${rowNumber}`}`))
        if (value !== null) {
          while (cells.length < col) cells.push(null)
          cells[col] = value
          hasValue = true
        }
        nextCol = col + 1
        break
      }
      case 'row':
        throwIfAborted(signal)
        if (hasValue) emit(rowNumber, cells)
        break
    }
  })
  return parser
}

function cellValue(type: string, v: string | null, inline: string | null, shared: readonly string[], bad: () => XlsxError): CellValue {
  switch (type) {
    case 's': {
      if (v === null || v === '') return null
      const i = Number(v)
      const s = Number.isInteger(i) ? shared[i] : undefined
      if (s === undefined) {
        const e = bad()
        throw new XlsxError(e.code, `${e.message} refers to shared string ${v}, which does not exist (there are ${shared.length})`)
      }
      return s
    }
    case 'inlineStr':
      return inline ?? v
    case 'str':
    case 'd':
      return v
    case 'b':
      return v === null || v === '' ? null : v === '1' || v === 'true'
    case 'e':
      return null
    default: {
      if (v === null || v.trim() === '') return null
      const n = Number(v)
      if (!Number.isFinite(n)) {
        const e = bad()
        throw new XlsxError(e.code, `${e.message} holds "${v.slice(0, 40)}", which is not a number`)
      }
      return n
    }
  }
}

/**
 * Streams every worksheet's rows, in workbook order, after the checks of `inspectXlsx`.
 * Memory: the shared-string table plus one inflate window and one row; never a whole sheet.
 * @throws XlsxError any code of `inspectXlsx`, `zip-bomb` if a part inflates past its declared size or a limit,
 *   `malformed-workbook` for damaged data or XML, `cancelled` when `signal` aborts. Errors thrown by `onRow` or
 *   `onSheetStart` end the read and are rethrown unchanged.
 */
export async function readXlsxRows(input: string | Uint8Array, opts: ReadXlsxOptions): Promise<ReadXlsxSummary> {
  const { signal } = opts
  throwIfAborted(signal)
  const src = await openByteSource(input)
  try {
    const info = await inspectSource(src, opts.limits)
    const toRead = [...(info.sharedStrings ? [info.sharedStrings] : []), ...info.sheetEntries]
    const totalBytes = toRead.reduce((n, e) => n + e.compressedSize, 0)
    let bytesRead = 0
    const ctx = {
      limits: info.limits,
      signal,
      budget: { left: info.limits.maxInflatedBytes },
      onCompressed: (n: number) => {
        bytesRead += n
        opts.onBytes?.(bytesRead, totalBytes)
      },
    }
    let inflatedBytes = 0
    const shared: string[] = []
    if (info.sharedStrings) inflatedBytes += await parseEntry(src, info.sharedStrings, sharedStringsParser(shared), ctx)
    const rowsPerSheet: number[] = []
    for (const [i, sheet] of info.sheets.entries()) {
      const entry = info.sheetEntries[i]
      if (!entry) throw new Error(`sheet ${i} has no entry`) // reason: sheets and sheetEntries are built in step
      throwIfAborted(signal)
      opts.onSheetStart?.(sheet)
      let rows = 0
      const parser = worksheetParser(sheet, shared, signal, (rowNumber, cells) => {
        rows++
        opts.onRow(sheet.name, rowNumber, cells)
      })
      inflatedBytes += await parseEntry(src, entry, parser, ctx)
      rowsPerSheet.push(rows)
    }
    return { sheets: info.sheets, date1904: info.date1904, sizeBytes: info.sizeBytes, rowsPerSheet, inflatedBytes }
  } finally {
    await src.close()
  }
}

const MS_PER_DAY = 86_400_000
/** 1899-12-30: day 0 of the 1900 system for serials after the phantom 1900-02-29 (serial 60). */
const EPOCH_1900_MS = Date.UTC(1899, 11, 30)
/** 1904-01-01: day 0 of the 1904 system (old Mac Excel). */
const EPOCH_1904_MS = Date.UTC(1904, 0, 1)
/** 9999-12-31, the last date Excel shows, in the 1900 system. */
const MAX_SERIAL_1900 = 2_958_465

/**
 * An Excel date serial to an ISO date (`YYYY-MM-DD`); the time of day is dropped (floor), so a published
 * `45384.041666…` (midnight shifted by an hour) is still 2024-04-02. In the 1900 system serial 1 is 1900-01-01 and
 * Excel counts a 29 February 1900 that never was (Lotus 1-2-3's bug): serial 60 has no real date and gives null,
 * serials from 61 (1900-03-01) on are one day ahead of a plain count. 43193 → 2018-04-03.
 * Returns null for serials before day 1 (day 0 in 1904), past 9999-12-31, or not finite.
 */
export function excelSerialToIsoDate(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial)) return null
  const day = Math.floor(serial)
  let ms: number
  if (date1904) {
    if (day < 0 || day > MAX_SERIAL_1900 - 1462) return null
    ms = EPOCH_1904_MS + day * MS_PER_DAY
  } else {
    if (day < 1 || day === 60 || day > MAX_SERIAL_1900) return null
    ms = EPOCH_1900_MS + (day < 60 ? day + 1 : day) * MS_PER_DAY
  }
  return new Date(ms).toISOString().slice(0, 10)
}

/** The largest magnitude in pounds whose pence is a safe integer: 2^53 / 100. */
const MAX_SAFE_POUNDS = Number.MAX_SAFE_INTEGER / 100

/**
 * A spreadsheet number of pounds (a binary float such as 558.82000000000005) to exact integer pence.
 * The float is first read back as the decimal it was written from: `toPrecision(15)`, the 15 significant digits
 * Excel itself keeps and shows, so 558.82000000000005 reads "558.820000000000" and 0.125 reads "0.125000000000000".
 * That decimal is then rounded to 2 places half away from zero in exact decimal arithmetic: 0.125 → 13p,
 * -0.125 → -13p, 2.675 (float 2.67499999999999982…) → 268p, as a person reading the cell would expect.
 * Magnitudes under 1e-6 are 0. Refuses NaN, ±Infinity and magnitudes beyond 2^53/100 pounds.
 */
export function penceFromSpreadsheetNumber(value: number): Result<Pence> {
  if (!Number.isFinite(value)) return fail('invalid-money', `amount ${String(value)} is not a finite number`)
  const magnitude = Math.abs(value)
  if (magnitude > MAX_SAFE_POUNDS) return fail('unsafe-integer', `amount ${String(value)} is beyond ${MAX_SAFE_POUNDS} pounds`)
  if (magnitude < 1e-6) return ok(0 as Pence)
  // Below 1e15 and at or above 1e-6, toPrecision(15) is plain positional notation (no exponent).
  const s = magnitude.toPrecision(15)
  const dot = s.indexOf('.')
  const intDigits = dot === -1 ? s : s.slice(0, dot)
  const frac = dot === -1 ? '' : s.slice(dot + 1)
  let pence = BigInt(intDigits) * 100n + BigInt((frac + '00').slice(0, 2))
  if ((frac[2] ?? '0') >= '5') pence += 1n
  const signed = value < 0 ? -pence : pence
  return ok(Number(signed) as Pence)
}
