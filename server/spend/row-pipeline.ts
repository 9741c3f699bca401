/**
 * Rows → spend lines, one row at a time, for CSV records and workbook rows alike. Finds the header in the first 50
 * rows of each file or sheet (a monthly workbook repeats it on every sheet), maps columns by the synonyms of
 * shared/domain/spend-import.ts plus the columns classification needs (purpose, unit, company and VAT numbers, SIC),
 * and applies the same rules as `parseSpendCsv`: footers and junk skipped, fused date+amount rows recovered (CSV
 * only: a workbook's cells cannot run together), every row left out reported with its sheet and line.
 */
import { parseDate } from '../../shared/domain/dates.ts'
import { parsePence } from '../../shared/domain/money.ts'
import {
  cleanCell,
  FOOTER_PATTERN,
  HEADER_SEARCH_RECORDS,
  mapColumns,
  normaliseHeader,
  recoverFusedRow,
} from '../../shared/domain/spend-import.ts'
import type { ColumnMap, SpendColumn } from '../../shared/domain/spend-import.ts'
import type { RowIssue } from '../../shared/schema/spend-api.ts'
import { excelSerialToIsoDate, penceFromSpreadsheetNumber } from './xlsx-reader.ts'
import type { CellValue } from './xlsx-reader.ts'

/** One payment ready to store. */
export interface ParsedLine {
  readonly sheet: string | null
  readonly line: number
  readonly date: string | null
  readonly amountPence: number
  readonly supplierName: string
  readonly companyNumber: string | null
  readonly vatNumber: string | null
  readonly sic: string | null
  readonly purpose: string | null
  readonly unit: string | null
  readonly reference: string | null
  readonly fileCode: string | null
  readonly fileLabel: string | null
}

/** Columns beyond the base mapping; a cell may serve one of these and a base column at once (purpose = category). */
export type ExtraColumn = 'purpose' | 'unit' | 'companyNumber' | 'vatNumber' | 'sic'

export const EXTRA_SYNONYMS: Readonly<Record<ExtraColumn, readonly string[]>> = {
  purpose: [
    'purpose', 'expensetype', 'expensestype', 'expenditurecategory', 'expenditurecategoryt', 'subjdescription', 'accountdetail',
    'gldescription', 'categoryinternalname', 'expensedescription', 'description', 'account', 'cipfsubst', 'merchantcategory',
  ],
  unit: [
    'servicearea', 'organisationalunit', 'department', 'directorate', 'servicecostcentre', 'costcentre', 'costcentredescription',
    'servicedivision', 'service', 'division', 'departmentarea', 'profitcentre',
  ],
  companyNumber: ['companynumber', 'companieshousenumber', 'companyregistrationnumber', 'companyregno', 'companyno', 'companieshouseno', 'suppliercompanyregistrationnumber', 'crn'],
  vatNumber: ['vatregistrationnumber', 'vatnumber', 'vatregno', 'vatreg', 'suppliervatregistrationnumber', 'vatregistration'],
  sic: ['siccint', 'sicc', 'siccode', 'sic'],
}

export type IssueKind = 'errors' | 'skipped' | 'recovered'

export interface RowSink {
  line(line: ParsedLine): void
  issue(kind: IssueKind, issue: RowIssue): void
}

/** What one sheet (or a CSV) turned out to hold. */
export interface SheetSummary {
  readonly sheet: string | null
  readonly headerLine: number
  readonly rows: number
  readonly columns: Record<string, string>
}

const cellText = (v: CellValue | string | undefined): string =>
  v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v ? 'TRUE' : 'FALSE'

/** Parses one CSV file or one worksheet. Feed rows in order with `push`; `finish` says whether a header was found. */
export class SheetRowParser {
  private columns: ColumnMap | null = null
  private extras: Partial<Record<ExtraColumn, number>> = {}
  private width = 0
  private headerLine = 0
  private rows = 0
  private seen = 0
  blankRows = 0
  /** Rows after the first 50 of a sheet that never showed a header: not read. */
  unreadRows = 0

  constructor(
    private readonly sink: RowSink,
    private readonly options: { readonly sheet: string | null; readonly kind: 'csv' | 'xlsx'; readonly date1904: boolean },
  ) {}

  get hasHeader(): boolean {
    return this.columns !== null
  }

  push(line: number, cells: readonly (CellValue | string)[]): void {
    if (this.columns === null) {
      if (this.seen >= HEADER_SEARCH_RECORDS) {
        if (cells.some((c) => cellText(c).trim() !== '')) this.unreadRows++
        return
      }
      this.seen++
      const texts = cells.map(cellText)
      const columns = mapColumns(texts)
      if (columns.supplier !== undefined && columns.amount !== undefined) {
        this.columns = columns
        this.width = cells.length
        this.headerLine = line
        const normalised = texts.map(normaliseHeader)
        for (const [column, synonyms] of Object.entries(EXTRA_SYNONYMS) as Array<[ExtraColumn, readonly string[]]>) {
          for (const synonym of synonyms) {
            const index = normalised.indexOf(synonym)
            if (index >= 0 && index !== columns.supplier.index && index !== columns.amount.index && index !== columns.date?.index) {
              this.extras[column] = index
              break
            }
          }
        }
        return
      }
      return
    }
    this.row(line, cells)
  }

  /** The sheet's summary, or null when no header row was found in its first rows. */
  summary(): SheetSummary | null {
    if (this.columns === null) return null
    const columns: Record<string, string> = {}
    for (const [name, c] of Object.entries(this.columns)) if (c) columns[name] = c.header.trim()
    return { sheet: this.options.sheet, headerLine: this.headerLine, rows: this.rows, columns }
  }

  private issue(kind: IssueKind, line: number, code: string, reason: string): void {
    this.sink.issue(kind, { ...(this.options.sheet === null ? {} : { sheet: this.options.sheet }), line, code, reason })
  }

  private row(line: number, raw: readonly (CellValue | string)[]): void {
    const columns = this.columns as ColumnMap
    const isXlsx = this.options.kind === 'xlsx'
    let cells: readonly (CellValue | string)[] = raw
    if (cells.every((c) => cellText(c).trim() === '')) {
      this.blankRows++
      return
    }
    this.rows++
    const text = (column: SpendColumn): string => {
      const c = columns[column]
      return c === undefined ? '' : cellText(cells[c.index])
    }
    const firstFilled = cells.map(cellText).find((f) => cleanCell(f) !== '') ?? ''
    if (FOOTER_PATTERN.test(cleanCell(firstFilled))) {
      const dateCell = columns.date === undefined ? undefined : cells[columns.date.index]
      const hasDate = typeof dateCell === 'number' ? excelSerialToIsoDate(dateCell, this.options.date1904) !== null : cellText(dateCell).trim() !== '' && parseDate(cellText(dateCell)).ok
      if (!hasDate) {
        this.issue('skipped', line, 'footer', `footer row "${cleanCell(cells.map(cellText).join(' '))}" is not a payment`)
        return
      }
    }
    if (!isXlsx && cells.length < this.width) {
      const repaired = recoverFusedRow(cells.map(cellText), this.width, columns)
      if (repaired === undefined) {
        this.issue('errors', line, 'short-row', `row has ${cells.length} fields where the header has ${this.width}, and no run-together date could be split out`)
        return
      }
      this.issue('recovered', line, 'fused-fields', `date was run together with a neighbouring field; split "${cells.map(cellText).join(',')}" into date ${repaired[columns.date?.index ?? 0] ?? ''}, amount ${repaired[columns.amount?.index ?? 0] ?? ''}`)
      cells = repaired
    }
    const supplierName = cleanCell(text('supplier'))
    const amountCell = columns.amount === undefined ? undefined : cells[columns.amount.index]
    const amountText = cellText(amountCell).trim()
    if (amountText === '') {
      if (supplierName === '') this.issue('skipped', line, 'junk', 'row has no supplier and no amount')
      else this.issue('errors', line, 'missing-amount', `row for supplier "${supplierName}" has no amount`)
      return
    }
    const amount = typeof amountCell === 'number' ? penceFromSpreadsheetNumber(amountCell) : parsePence(amountText)
    if (!amount.ok) {
      this.issue('errors', line, 'invalid-amount', amount.error.message)
      return
    }
    let date: string | null = null
    const dateCell = columns.date === undefined ? undefined : cells[columns.date.index]
    if (typeof dateCell === 'number') {
      date = excelSerialToIsoDate(dateCell, this.options.date1904)
      if (date === null) {
        this.issue('errors', line, 'invalid-date', `date cell ${dateCell} is not a date Excel can hold`)
        return
      }
    } else {
      const dateText = cellText(dateCell).trim()
      if (dateText !== '') {
        const parsed = parseDate(dateText)
        if (!parsed.ok) {
          this.issue('errors', line, 'invalid-date', parsed.error.message)
          return
        }
        date = parsed.value
      }
    }
    const extra = (column: ExtraColumn): string | null => {
      const index = this.extras[column]
      if (index === undefined) return null
      const value = cleanCell(cellText(cells[index]))
      return value === '' || /^(n\/?a|null|none|-)$/i.test(value) ? null : value
    }
    const code = text('proclass').trim()
    const label = cleanCell(text('category'))
    const reference = cleanCell(text('reference'))
    this.sink.line({
      sheet: this.options.sheet,
      line,
      date,
      amountPence: amount.value,
      supplierName,
      companyNumber: extra('companyNumber'),
      vatNumber: extra('vatNumber'),
      sic: extra('sic'),
      purpose: extra('purpose') ?? (label === '' ? null : label),
      unit: extra('unit'),
      reference: reference === '' ? null : reference,
      fileCode: /^\d{6}$/.test(code) ? code : null,
      fileLabel: label === '' ? null : label,
    })
  }
}
