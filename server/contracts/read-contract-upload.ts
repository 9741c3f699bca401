/**
 * Reads the bytes of a contract upload before it is accepted. An Excel workbook (.xlsx) is read here, on the server,
 * with the spend importer's bomb-safe streaming reader (server/spend/xlsx-reader.ts: ZIP directory checks, inflated
 * size and ratio caps, sheet limits), and its worksheets' rows go to the register reader; any other ZIP (a Word file,
 * an archive) is refused. Everything else is read by shared/contracts/read-contract-file.ts. Each refusal carries the
 * HTTP status the upload answers with.
 */
import type { ContractFileRead, ContractFileRefusal } from '../../shared/contracts/model.ts'
import { readContractFile } from '../../shared/contracts/read-contract-file.ts'
import { MAX_CONTRACT_FILE_RECORDS } from '../../shared/contracts/read-helpers.ts'
import { findRegisterHeader, readRegisterRows, REGISTER_HEADER_SEARCH_RECORDS } from '../../shared/contracts/read-register-csv.ts'
import type { RegisterRow, RegisterTable } from '../../shared/contracts/read-register-csv.ts'
import { isXlsxError } from '../spend/xlsx-error.ts'
import type { XlsxErrorCode } from '../spend/xlsx-error.ts'
import { readXlsxRows } from '../spend/xlsx-reader.ts'

/** Why an upload is refused: a reader code (or the workbook reader's), a message for the person, and the HTTP status. */
export interface UploadRefusal {
  readonly code: ContractFileRefusal['code'] | XlsxErrorCode
  readonly message: string
  readonly status: 400 | 413 | 415 | 422
}

export type ContractUploadResult = { readonly ok: true; readonly value: ContractFileRead } | { readonly ok: false; readonly error: UploadRefusal }

/** Columns kept per worksheet row: registers have at most a few dozen; a hostile sheet may claim 16,384. */
export const MAX_REGISTER_COLUMNS = 256

/** Rows read in all sheets, kept or not, before the read stops: one full Excel sheet (1,048,576 rows) is more than a register. */
export const MAX_WORKBOOK_ROWS_SEEN = 1_000_000

const SAVE_AS = 'Save it as .xlsx or .csv if it is a contract register, or upload OCDS JSON or a Contracts Finder extract.'

/** HTTP status for a refused file: a kind Pooled does not read is 415, an empty body 400, too many records 413, the rest 422. */
export function refusalStatus(code: UploadRefusal['code']): UploadRefusal['status'] {
  if (code === 'empty-file') return 400
  if (code === 'unsupported-file' || code === 'not-a-workbook') return 415
  if (code === 'too-many-records') return 413
  return 422
}

function refuse(code: UploadRefusal['code'], message: string): ContractUploadResult {
  return { ok: false, error: { code, message, status: refusalStatus(code) } }
}

/** A ZIP local file header (`PK\3\4`) or the end record of an empty ZIP (`PK\5\6`). */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06))
}

/** One worksheet while it is read: its rows are kept only while a header may still be among the first rows. */
interface SheetRows {
  readonly table: { sheet: string; isHidden: boolean; rows: RegisterRow[] }
  /** null while undecided; false once the first rows hold no header (later rows are then only counted). */
  hasHeader: boolean | null
  skippedRows: number
}

/**
 * Reads a workbook's worksheets into register tables and hands them to the register reader. Sheets whose first
 * {@link REGISTER_HEADER_SEARCH_RECORDS} rows hold no register header are not kept in memory past those rows.
 */
async function readWorkbook(bytes: Uint8Array, name: string): Promise<ContractUploadResult> {
  const sheets: SheetRows[] = []
  const stop = new AbortController()
  let keptRows = 0
  let seenRows = 0
  let isOverLimit = false
  let date1904 = false
  const decide = (s: SheetRows): void => {
    s.hasHeader = findRegisterHeader(s.table.rows.map((r) => r.cells)) !== null
    if (!s.hasHeader) {
      s.skippedRows += s.table.rows.length
      keptRows -= s.table.rows.length
      s.table.rows = []
    }
  }
  try {
    const summary = await readXlsxRows(bytes, {
      onSheetStart(sheet) {
        sheets.push({ table: { sheet: sheet.name, isHidden: sheet.state !== 'visible', rows: [] }, hasHeader: null, skippedRows: 0 })
      },
      onRow(_sheet, rowNumber, cells) {
        const s = sheets[sheets.length - 1]
        if (s === undefined) return
        if (++seenRows > MAX_WORKBOOK_ROWS_SEEN) {
          isOverLimit = true
          stop.abort()
          return
        }
        if (s.hasHeader === false) {
          s.skippedRows++
          return
        }
        s.table.rows.push({ line: rowNumber, cells: cells.length > MAX_REGISTER_COLUMNS ? cells.slice(0, MAX_REGISTER_COLUMNS) : cells })
        keptRows++
        if (s.hasHeader === null && s.table.rows.length >= REGISTER_HEADER_SEARCH_RECORDS) decide(s)
        if (keptRows > MAX_CONTRACT_FILE_RECORDS + REGISTER_HEADER_SEARCH_RECORDS) {
          isOverLimit = true
          stop.abort()
        }
      },
      signal: stop.signal,
    })
    date1904 = summary.date1904
  } catch (err) {
    if (isOverLimit) {
      const what = seenRows > MAX_WORKBOOK_ROWS_SEEN ? `more than ${MAX_WORKBOOK_ROWS_SEEN.toLocaleString('en-GB')} rows in its sheets` : `more than ${MAX_CONTRACT_FILE_RECORDS.toLocaleString('en-GB')} register rows`
      return refuse('too-many-records', `${name} holds ${what}; at most ${MAX_CONTRACT_FILE_RECORDS.toLocaleString('en-GB')} register rows can be read from one file. Split it and upload the parts.`)
    }
    if (!isXlsxError(err)) throw err
    if (err.code === 'not-a-workbook') return refuse('not-a-workbook', `${name}: ${err.message}. ${SAVE_AS}`)
    return refuse(err.code, `${name} could not be read as an Excel workbook: ${err.message}. Nothing was stored.`)
  }
  const tables: RegisterTable[] = sheets.map((s) => ({ ...s.table, rowCount: s.table.rows.length + s.skippedRows }))
  const read = readRegisterRows(tables, { name, date1904, isWorkbook: true })
  if (read.ok) return read
  return refuse(read.error.code, read.error.message)
}

/**
 * Reads an uploaded contract file: a workbook as a register (here), anything else by its content
 * (readContractFile). Throws only for a reader fault, which the caller answers as an unreadable file.
 * @param filename used in messages only.
 */
export async function readContractUpload(bytes: Uint8Array, filename: string): Promise<ContractUploadResult> {
  const name = filename.trim() === '' ? 'the file' : `"${filename.trim()}"`
  if (isZip(bytes)) return readWorkbook(bytes, name)
  const read = readContractFile(bytes, filename)
  if (read.ok) return read
  return refuse(read.error.code, read.error.message)
}
