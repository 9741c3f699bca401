/**
 * Reads one uploaded spend file from disk, streaming, into a `RowSink`: CSV in 1 MiB chunks through the decoder and
 * tokenizer of csv-stream.ts, or a workbook sheet by sheet through xlsx-reader.ts. Memory stays bounded by a chunk
 * plus (for workbooks) the shared-string table, whatever the file's size. Also the quick probe the upload route
 * runs before it accepts a file.
 */
import { open } from 'node:fs/promises'
import { HEADER_SEARCH_RECORDS } from '../../shared/domain/spend-import.ts'
import type { SpendFileEncoding } from '../../shared/domain/spend-import.ts'
import { ChunkDecoder, CsvTokenizer, InvalidUtf8, sniffEncoding } from './csv-stream.ts'
import { SheetRowParser } from './row-pipeline.ts'
import type { RowSink, SheetSummary } from './row-pipeline.ts'
import { isXlsxError, XlsxError } from './xlsx-error.ts'
import { inspectXlsx, readXlsxRows } from './xlsx-reader.ts'

const CHUNK = 1024 * 1024

export interface ParseOptions {
  readonly signal?: AbortSignal
  readonly onBytes?: (read: number, total: number) => void
}

export interface ParsedFile {
  readonly sheets: readonly SheetSummary[]
  readonly encoding: SpendFileEncoding | null
}

/** A file that cannot be read as spend at all (no header anywhere, or a refused workbook). */
export class SpendFileError extends Error {
  constructor(readonly code: string, message: string) {
    super(message)
    this.name = 'SpendFileError'
  }
}

async function forEachChunk(path: string, onChunk: (bytes: Uint8Array, read: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const buffer = new Uint8Array(CHUNK)
    let read = 0
    for (;;) {
      if (signal?.aborted) throw new XlsxError('cancelled', 'the import was cancelled')
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, read)
      if (bytesRead === 0) break
      read += bytesRead
      onChunk(buffer.subarray(0, bytesRead), read, size)
    }
  } finally {
    await handle.close()
  }
}

/** UTF-16LE by BOM; else UTF-8 if every byte decodes; else Windows-1252 (one streaming pass, nothing kept). */
async function detectEncoding(path: string, signal?: AbortSignal): Promise<SpendFileEncoding> {
  let encoding: SpendFileEncoding | null = null
  let decoder: ChunkDecoder | null = null
  try {
    await forEachChunk(
      path,
      (bytes) => {
        if (encoding === null) {
          encoding = sniffEncoding(bytes)
          decoder = new ChunkDecoder(encoding)
        }
        if (encoding === 'utf-8') decoder?.decode(bytes)
      },
      signal,
    )
    if (encoding === 'utf-8') (decoder as ChunkDecoder | null)?.end()
  } catch (err) {
    if (err instanceof InvalidUtf8) return 'windows-1252'
    throw err
  }
  return encoding ?? 'utf-8'
}

async function parseCsvFile(path: string, sink: RowSink, options: ParseOptions): Promise<ParsedFile> {
  const encoding = await detectEncoding(path, options.signal)
  const parser = new SheetRowParser(sink, { sheet: null, kind: 'csv', date1904: false })
  const tokenizer = new CsvTokenizer((record) => parser.push(record.line, record.fields))
  const decoder = new ChunkDecoder(encoding)
  await forEachChunk(
    path,
    (bytes, read, total) => {
      tokenizer.push(decoder.decode(bytes))
      options.onBytes?.(read, total)
    },
    options.signal,
  )
  tokenizer.push(decoder.end())
  tokenizer.end()
  for (const problem of tokenizer.problems) sink.issue('errors', { line: problem.line, code: 'csv-structure', reason: problem.reason })
  const summary = parser.summary()
  if (summary === null) {
    throw new SpendFileError('not-a-spend-file', `no header row with a supplier and an amount column in the first ${HEADER_SEARCH_RECORDS} rows`)
  }
  return { sheets: [summary], encoding }
}

async function parseXlsxFile(path: string, sink: RowSink, options: ParseOptions): Promise<ParsedFile> {
  const info = await inspectXlsx(path)
  const parsers = new Map<string, SheetRowParser>()
  await readXlsxRows(path, {
    onSheetStart(sheet) {
      parsers.set(sheet.name, new SheetRowParser(sink, { sheet: sheet.name, kind: 'xlsx', date1904: info.date1904 }))
    },
    onRow(sheetName, rowNumber, cells) {
      parsers.get(sheetName)?.push(rowNumber, cells)
    },
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onBytes ? { onBytes: options.onBytes } : {}),
  })
  const sheets: SheetSummary[] = []
  for (const [name, parser] of parsers) {
    const summary = parser.summary()
    if (summary !== null) sheets.push(summary)
    else if (parser.unreadRows > 0) {
      sink.issue('skipped', { sheet: name, line: 0, code: 'no-header', reason: `sheet "${name}" has no header row with a supplier and an amount column in its first ${HEADER_SEARCH_RECORDS} rows; its rows were not read` })
    }
  }
  if (sheets.length === 0) {
    throw new SpendFileError('not-a-spend-file', `no sheet of this workbook has a header row with a supplier and an amount column in its first ${HEADER_SEARCH_RECORDS} rows`)
  }
  return { sheets, encoding: null }
}

/** Parses the whole file into `sink`. Throws SpendFileError / XlsxError for a file that is not spend. */
export function parseSpendFile(path: string, kind: 'csv' | 'xlsx', sink: RowSink, options: ParseOptions = {}): Promise<ParsedFile> {
  return kind === 'csv' ? parseCsvFile(path, sink, options) : parseXlsxFile(path, sink, options)
}

/** Rows of a workbook the upload check reads at most while looking for a header (cover and notes sheets first). */
export const PROBE_XLSX_ROWS = 5000

/**
 * A workbook passes the ZIP directory checks and shows a header row in one of its sheets within its first
 * PROBE_XLSX_ROWS rows; reading stops as soon as one is found.
 */
async function probeXlsx(path: string): Promise<void> {
  const info = await inspectXlsx(path)
  const sink: RowSink = { line() {}, issue() {} }
  const stop = new AbortController()
  let parser: SheetRowParser | null = null
  let rows = 0
  let found = false
  try {
    await readXlsxRows(path, {
      onSheetStart(sheet) {
        parser = new SheetRowParser(sink, { sheet: sheet.name, kind: 'xlsx', date1904: info.date1904 })
      },
      onRow(_sheet, rowNumber, cells) {
        const p = parser as SheetRowParser | null
        if (p === null) return
        p.push(rowNumber, cells)
        if (p.hasHeader) {
          found = true
          stop.abort()
        } else if (++rows >= PROBE_XLSX_ROWS) stop.abort()
      },
      signal: stop.signal,
    })
  } catch (err) {
    if (!(stop.signal.aborted && isXlsxError(err) && err.code === 'cancelled')) throw err
  }
  if (!found) {
    throw new SpendFileError('not-a-spend-file', `this does not look like a spend file: no sheet has a header row with a supplier and an amount column in its first rows`)
  }
}

/**
 * The upload's quick check, before it is accepted: a CSV must show a header row in its first megabyte; a workbook
 * must pass the ZIP directory checks and show a header row. Throws SpendFileError / XlsxError with a message for the person.
 */
export async function probeSpendFile(path: string, kind: 'csv' | 'xlsx'): Promise<void> {
  if (kind === 'xlsx') return probeXlsx(path)
  const handle = await open(path, 'r')
  let head: Uint8Array
  try {
    const buffer = new Uint8Array(CHUNK)
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, 0)
    head = buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
  const sink: RowSink = { line() {}, issue() {} }
  const parser = new SheetRowParser(sink, { sheet: null, kind: 'csv', date1904: false })
  let text: string
  try {
    const decoder = new ChunkDecoder(sniffEncoding(head))
    text = decoder.decode(head)
  } catch {
    // reason: not UTF-8 in the first megabyte: read it as Windows-1252, as the import will
    text = new ChunkDecoder('windows-1252').decode(head)
  }
  let records = 0
  const tokenizer = new CsvTokenizer((record) => {
    records++
    if (records <= HEADER_SEARCH_RECORDS) parser.push(record.line, record.fields)
  })
  tokenizer.push(text)
  tokenizer.end()
  if (!parser.hasHeader) {
    throw new SpendFileError('not-a-spend-file', `this does not look like a spend file: no header row with a supplier and an amount column in the first ${HEADER_SEARCH_RECORDS} rows`)
  }
}
