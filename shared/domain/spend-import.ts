/**
 * @module spend-import
 * Turns a published council, police or fire spend CSV into spend lines: finds the header row under any preamble,
 * maps columns by known header synonyms, parses amounts to exact pence and dates to ISO, skips footers and junk,
 * recovers rows where a publisher ran two fields together, and reports every row it cannot use with its line number.
 */
import { parseCsv } from './csv.ts'
import type { CsvRecord } from './csv.ts'
import { parseDate } from './dates.ts'
import type { IsoDate } from './dates.ts'
import { spendLineId } from './ids.ts'
import type { OrgId, SpendLineId } from './ids.ts'
import { GBP, parsePence } from './money.ts'
import type { Pence } from './money.ts'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'
import type { SpendLine } from './spend.ts'

/** The columns we map. `supplier` and `amount` are required to recognise a header row. */
export type SpendColumn = 'supplier' | 'amount' | 'date' | 'category' | 'proclass' | 'reference'

/**
 * Header synonyms per column, normalised (lower case, letters and digits only) and in priority order: when a file
 * has several candidates the earlier synonym wins (Harrogate's `Supplier Name(T)` holds the name while
 * `Supplier Name` holds a code; Salford's `Net` beats `Gross`).
 */
export const HEADER_SYNONYMS: Readonly<Record<SpendColumn, readonly string[]>> = {
  supplier: [
    'suppliernamet', 'supplieridt', 'beneficiaryname', 'suppliername', 'supplierbeneficiaryname', 'supplierfinal',
    'supplier', 'payeename', 'payee', 'merchantname', 'vendorname', 'vendor', 'name',
  ],
  amount: [
    'netamount', 'invoicenettamount', 'invoicenetamount', 'totalexcludesvat', 'invoicelinevaluenetofvat', 'net',
    'amountexvat', 'amountnet', 'amount', 'amountpaid', 'paymentamount', 'transactionamount', 'lineamount',
    'totalinvoiceamount', 'value', 'total',
  ],
  date: [
    'paiddate', 'paymentdate', 'invoicepaymentdate', 'dateofpayment', 'datepaid', 'transactiondate',
    'invoicecreationdate', 'invoicedate', 'postingdate', 'date',
  ],
  category: [
    'proclasslabel', 'expenditurecategory', 'expenditurecategoryt', 'expensestype', 'expensetype',
    'procurementclassificationcouncilsprocurementcategoryname', 'subjdescription', 'accountdetail', 'cipfsubst',
    'gldescription', 'categoryinternalname', 'merchantcategory', 'expensedescription', 'servicearea', 'account', 'description',
  ],
  proclass: ['proclasscode', 'proclass'],
  reference: [
    'transactionnumber', 'transno', 'transactionno', 'internalrefnumber', 'internalref', 'sapdocumentnumber',
    'hbcrefno', 'invoicenumber', 'documentnumber',
  ],
}

const COLUMNS: readonly SpendColumn[] = ['supplier', 'amount', 'date', 'category', 'proclass', 'reference']

/** How many leading records to search for the header row (Lambeth's sits on line 10). */
export const HEADER_SEARCH_RECORDS = 50

/** Normalises a header cell for synonym matching: `Name:  ` → `name`, `Net Amount(£)` → `netamount`. */
export function normaliseHeader(cell: string): string {
  return cell.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '')
}

/** Column index and the header text found for each mapped column. */
export type ColumnMap = Readonly<Partial<Record<SpendColumn, { readonly index: number; readonly header: string }>>>

/** Maps header cells to columns; each cell is used at most once. */
export function mapColumns(headerCells: readonly string[]): ColumnMap {
  const normalised = headerCells.map(normaliseHeader)
  const used = new Set<number>()
  const map: Partial<Record<SpendColumn, { index: number; header: string }>> = {}
  for (const column of COLUMNS) {
    for (const synonym of HEADER_SYNONYMS[column]) {
      const index = normalised.findIndex((h, i) => h === synonym && !used.has(i))
      if (index >= 0) {
        used.add(index)
        map[column] = { index, header: headerCells[index] ?? '' }
        break
      }
    }
  }
  return map
}

/** Why a row was not imported as-is. */
export type RowIssueCode =
  | 'invalid-amount'
  | 'missing-amount'
  | 'invalid-date'
  | 'short-row'
  | 'footer'
  | 'junk'
  | 'fused-fields'
  | 'csv-structure'

/** A row-level note: its line number in the file, a code and a reason a person can read. */
export interface RowIssue {
  readonly line: number
  readonly code: RowIssueCode
  readonly reason: string
}

/** The result of importing one spend file. */
export interface SpendImport {
  readonly lines: readonly SpendLine[]
  /** Rows that look like data but could not be parsed; fix or re-publish these. */
  readonly errors: readonly RowIssue[]
  /** Rows after the header deliberately left out: `Total` footers and junk rows with no supplier and no amount. */
  readonly skipped: readonly RowIssue[]
  /** Rows imported after repairing a known publishing fault (e.g. date and amount run together). */
  readonly recovered: readonly RowIssue[]
  readonly blankRowCount: number
  readonly headerLine: number
  readonly columns: ColumnMap
}

/** Who published the file and how to name its lines. */
export interface SpendImportOptions {
  readonly orgId: OrgId
  /** Short id of the file, used in line ids `<sourceId>:<line>`. */
  readonly sourceId: string
}

// A footer's first non-empty cell is just "Total" (after stripping mojibake padding such as `†`); a supplier
// such as "Total Gas & Power" is not a footer.
export const FOOTER_PATTERN = /^(grand )?totals?:?$/i
const FUSED_DATE = /^(.*?)(\d{2}\/\d{2}\/\d{4})(.*)$/s

const isBlank = (fields: readonly string[]): boolean => fields.every((f) => f.trim() === '')
export const cleanCell = (s: string): string => (/^[^\s\u2020]*(?: [^\s\u2020]+)*$/.test(s) ? s : s.replace(/[\s\u2020]+/g, ' ').trim())

function findHeader(records: readonly CsvRecord[]): { record: CsvRecord; index: number; columns: ColumnMap } | undefined {
  const limit = Math.min(records.length, HEADER_SEARCH_RECORDS)
  for (let i = 0; i < limit; i++) {
    const record = records[i]
    if (record === undefined) continue
    const columns = mapColumns(record.fields)
    if (columns.supplier !== undefined && columns.amount !== undefined) return { record, index: i, columns }
  }
  return undefined
}

/**
 * Repairs a short row where the date was run together with a neighbouring field, as in Lambeth's
 * `25/06/2012900` (date then amount) or `Catch2212/06/2012` (supplier then date): split the first field holding
 * a dd/mm/yyyy date into prefix, date and suffix, and accept only if the row then has the header's width, the date
 * lands in the date column and the amount parses.
 */
export function recoverFusedRow(fields: readonly string[], width: number, columns: ColumnMap): string[] | undefined {
  const dateIndex = columns.date?.index
  const amountIndex = columns.amount?.index
  if (dateIndex === undefined || amountIndex === undefined) return undefined
  for (let i = 0; i < fields.length; i++) {
    const m = FUSED_DATE.exec(fields[i] ?? '')
    if (m === null) continue
    const [prefix, date, suffix] = [m[1] ?? '', m[2] ?? '', m[3] ?? '']
    if (prefix === '' && suffix === '') continue
    const pieces = [...(prefix === '' ? [] : [prefix]), date, ...(suffix === '' ? [] : [suffix])]
    const repaired = [...fields.slice(0, i), ...pieces, ...fields.slice(i + 1)]
    if (repaired.length !== width || repaired[dateIndex] !== date) continue
    if (!parseDate(date).ok || !parsePence(repaired[amountIndex] ?? '').ok) continue
    return repaired
  }
  return undefined
}

/**
 * Parses a decoded spend CSV into spend lines for one organisation. Fails only when no header row can be found
 * in the first `HEADER_SEARCH_RECORDS` records (or the source id is malformed); every row-level problem is
 * reported in `errors`, `skipped` or `recovered` with its line number, and each line keeps `sourceLine`.
 */
export function parseSpendCsv(text: string, options: SpendImportOptions): Result<SpendImport> {
  const probe = spendLineId(options.sourceId, 1)
  if (!probe.ok) return probe
  const { records, problems } = parseCsv(text)
  const header = findHeader(records)
  if (header === undefined) {
    return fail('no-header-row', `no header row with a supplier and an amount column in the first ${HEADER_SEARCH_RECORDS} rows of ${options.sourceId}`)
  }
  const { columns } = header
  const width = header.record.fields.length
  const lines: SpendLine[] = []
  const errors: RowIssue[] = problems.map((p) => ({ line: p.line, code: 'csv-structure', reason: p.reason }))
  const skipped: RowIssue[] = []
  const recovered: RowIssue[] = []
  let blankRowCount = 0
  const cell = (fields: readonly string[], column: SpendColumn): string => {
    const c = columns[column]
    return c === undefined ? '' : (fields[c.index] ?? '')
  }

  for (const record of records.slice(header.index + 1)) {
    let fields: readonly string[] = record.fields
    if (isBlank(fields)) {
      blankRowCount++
      continue
    }
    if (FOOTER_PATTERN.test(cleanCell(fields.find((f) => cleanCell(f) !== '') ?? ''))) {
      const dateText = cell(fields, 'date').trim()
      if (dateText === '' || !parseDate(dateText).ok) {
        skipped.push({ line: record.line, code: 'footer', reason: `footer row "${cleanCell(fields.join(' '))}" is not a payment` })
        continue
      }
    }
    if (fields.length < width) {
      const repaired = recoverFusedRow(fields, width, columns)
      if (repaired === undefined) {
        errors.push({ line: record.line, code: 'short-row', reason: `row has ${fields.length} fields where the header has ${width}, and no run-together date could be split out` })
        continue
      }
      recovered.push({
        line: record.line,
        code: 'fused-fields',
        reason: `date was run together with a neighbouring field; split "${fields.join(',')}" into date ${repaired[columns.date?.index ?? 0] ?? ''}, amount ${repaired[columns.amount?.index ?? 0] ?? ''}`,
      })
      fields = repaired
    }
    const supplierName = cleanCell(cell(fields, 'supplier'))
    const amountText = cell(fields, 'amount').trim()
    if (amountText === '') {
      if (supplierName === '') skipped.push({ line: record.line, code: 'junk', reason: 'row has no supplier and no amount' })
      else errors.push({ line: record.line, code: 'missing-amount', reason: `row for supplier "${supplierName}" has no amount` })
      continue
    }
    const amount = parsePence(amountText)
    if (!amount.ok) {
      errors.push({ line: record.line, code: 'invalid-amount', reason: amount.error.message })
      continue
    }
    let date: IsoDate | undefined
    const dateText = cell(fields, 'date').trim()
    if (dateText !== '') {
      const parsed = parseDate(dateText)
      if (!parsed.ok) {
        errors.push({ line: record.line, code: 'invalid-date', reason: parsed.error.message })
        continue
      }
      date = parsed.value
    }
    // The source id was validated above and record lines are positive integers, so the id is well formed.
    const id = `${options.sourceId}:${record.line}` as SpendLineId
    const categoryLabel = cleanCell(cell(fields, 'category'))
    const proclassCode = cell(fields, 'proclass').trim()
    const reference = cleanCell(cell(fields, 'reference'))
    lines.push({
      id,
      orgId: options.orgId,
      supplierName,
      amount: amount.value as Pence,
      currency: GBP,
      ...(date === undefined ? {} : { date }),
      ...(categoryLabel === '' ? {} : { categoryLabel }),
      ...(/^\d{6}$/.test(proclassCode) ? { proclassCode } : {}),
      sourceLine: record.line,
      ...(reference === '' ? {} : { reference }),
    })
  }
  return ok({ lines, errors, skipped, recovered, blankRowCount, headerLine: header.record.line, columns })
}

/** What kind of file was chosen as a spend file, by its name and its first bytes. */
export type SpendFileKind = 'csv' | 'xlsx' | 'xls' | 'ods' | 'pdf'

const ZIP_MAGIC = [0x50, 0x4b] as const // "PK": every ZIP local file header, empty archive or spanned marker starts so
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const // Compound File Binary: Excel 97–2003 .xls
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d] as const // "%PDF-"

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b)

/**
 * Tells a spreadsheet workbook or PDF from a CSV, by extension and by magic bytes (a renamed workbook is still a
 * workbook): `.xlsx`/`.xlsm` or a ZIP container (OOXML and OpenDocument are both ZIP), `.xls` or an OLE2 compound
 * file, `.ods`, `.pdf` or `%PDF-`. Anything else is read as CSV text.
 */
export function detectSpendFileKind(fileName: string, bytes: Uint8Array): SpendFileKind {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? ''
  if (ext === 'ods') return 'ods'
  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xltx') return 'xlsx'
  if (ext === 'xls') return 'xls'
  if (ext === 'pdf' || startsWith(bytes, PDF_MAGIC)) return 'pdf'
  if (startsWith(bytes, OLE2_MAGIC)) return 'xls'
  if (startsWith(bytes, ZIP_MAGIC) && (bytes[2] === 0x03 || bytes[2] === 0x05 || bytes[2] === 0x07)) return 'xlsx'
  return 'csv'
}

const KIND_NAMES: Readonly<Record<Exclude<SpendFileKind, 'csv'>, string>> = {
  xlsx: 'an Excel workbook',
  xls: 'an Excel 97–2003 workbook',
  ods: 'an OpenDocument spreadsheet',
  pdf: 'a PDF document',
}

/**
 * Refuses a file Pooled cannot read as a spend file yet, saying what is supported and how to get there; `ok` with
 * `'csv'` otherwise. Workbooks are refused here rather than parsed as text, which only ever found "no header row".
 */
export function checkSpendFileFormat(fileName: string, bytes: Uint8Array): Result<'csv'> {
  const kind = detectSpendFileKind(fileName, bytes)
  if (kind === 'csv') return ok('csv')
  const how = kind === 'pdf' ? 'Ask the publisher for the CSV version of this spend data, or download it from their open data page' : 'Open it in Excel, LibreOffice or Google Sheets and save the sheet with the payments as CSV (“CSV UTF-8” in Excel), then choose that file'
  return fail('unsupported-file', `${fileName} is ${KIND_NAMES[kind]}. Pooled reads spend files in CSV format here. ${how}.`, { kind })
}

/** The text encodings `decodeSpendFile` can report. */
export type SpendFileEncoding = 'utf-8' | 'utf-16le' | 'windows-1252'

// Windows-1252 code points for bytes 0x80–0x9F (WHATWG encoding table); every other byte maps to itself.
// We decode 1252 by hand because Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x92 → U+0092).
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
] as const

/** Decodes Windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = ''
  const CHUNK = 8192
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes: number[] = []
    for (const b of bytes.subarray(start, start + CHUNK)) codes.push(b >= 0x80 && b <= 0x9f ? (WINDOWS_1252_HIGH[b - 0x80] ?? b) : b)
    out += String.fromCharCode(...codes)
  }
  return out
}

/**
 * Decodes a spend file's bytes. UTF-8 (with or without BOM) when the bytes are valid UTF-8 (checked with a fatal
 * `TextDecoder`, available in browsers and Node), UTF-16LE when it has that BOM, otherwise Windows-1252, which is
 * what older council exports are (Hyndburn's `£` is byte 0xA3, Bradford's curly apostrophe 0x92).
 */
export function decodeSpendFile(bytes: Uint8Array): { readonly text: string; readonly encoding: SpendFileEncoding } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8' }
  } catch {
    // reason: a fatal UTF-8 decoder throws on invalid bytes; that is the signal to fall back to Windows-1252.
    return { text: decodeWindows1252(body), encoding: 'windows-1252' }
  }
}
