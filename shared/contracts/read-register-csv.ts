/**
 * @module read-register-csv
 * Reads a contract register in the Local Government Transparency Code layout (the LGA template's 39 columns, the
 * esd contracts schema, or any subset with similar titles), from rows of cells: a CSV's records, or a workbook's
 * worksheets (read on the server). Finds the header row, maps columns by synonyms the way the spend importer does,
 * and turns each row into one contract. Registers carry no notices. Pure: no I/O.
 */
import { compareIsoDates, isoDateFromExcelSerial, isValidIsoDate, parseDate } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { parsePence, penceFromNumber } from '../domain/money.ts'
import type { Pence } from '../domain/money.ts'
import { normaliseHeader } from '../domain/spend-import.ts'
import type { ContractFileResult, ContractReadIssue, FilePlace, ReadContract } from './model.ts'
import { mostCommonText } from './notice-text.ts'
import { filePlace, MAX_CONTRACT_FILE_RECORDS, normaliseCpvCode, pushUnique, readIssue } from './read-helpers.ts'

/** The register columns we map. */
export type RegisterColumn =
  | 'reference'
  | 'noticeId'
  | 'title'
  | 'description'
  | 'supplier'
  | 'companyNumber'
  | 'value'
  | 'annualValue'
  | 'start'
  | 'end'
  | 'extensionDate'
  | 'extensionOptions'
  | 'cpv'
  | 'proclass'
  | 'organisation'
  | 'department'
  | 'procurementRoute'

/**
 * Header synonyms per column, as {@link registerHeaderKey} normalises them (lower case, letters and digits only, a
 * trailing VAT or currency note dropped), in priority order: when a file has several candidates the earlier synonym
 * wins, and each header cell is used once. This table is the one place register headers are known. Sources:
 * - LGA: the LGA/Transparency Code contracts register template, 39 columns ("Contract Reference number / ID",
 *   "Title of the Agreement", "Supplier name", "Directorate / service responsible", "Last extension date"…), as
 *   Norfolk publishes it (test/fixtures/contracts/norfolk-register-sample.csv).
 * - ESD: the esd/LGA "contracts" schema's CamelCase field names ("ContractReference", "ContractTitle",
 *   "SupplierName", "ContractValue", "StartDate", "EndDate", "OrganisationLabel").
 * - TC2015: the Transparency Code 2015 paragraph list as councils title it (North Norfolk and others: "Reference
 *   number", "Title of agreement", "Local authority department responsible", "Sum to be paid over the length of the
 *   contract", "Start/End/Review date").
 * - Council variants seen in published registers: Leicester ("Contract number", "Annual contract value",
 *   "Contract value excl variations"), Birmingham ("Contract Id", "Vendor", "Directorate", "Validity Period Start/End",
 *   "Original Contract Value"), Ashford ("Total value of the contract", "Duration of extension in months"),
 *   Crown Commercial Service / NHS ("Contract Award Value", "Contract Current End Date", "Maximum Contract End Date",
 *   "Short Description"), and common spellings ("Contract Start", "Expiry Date", "Option to Extend", "Possible
 *   Extension", "Companies House Number", "Open Contracting ID", "Procurement Route", "CPV Code(s)").
 */
export const REGISTER_HEADER_SYNONYMS: Readonly<Record<RegisterColumn, readonly string[]>> = {
  reference: [
    'contractreferencenumberid', 'contractreferencenumber', 'contractreference', 'contractref', 'contractrefno', 'contractid',
    'contractreferenceid', 'referencenumber', 'reference', 'ref', 'refno', 'contractnumber', 'contractno', 'contractcode',
    'uniquecontractreference', 'ourreference',
  ],
  noticeId: ['opencontractingid', 'ocid', 'opencontractingidentifier', 'ocdsid'],
  title: [
    'titleoftheagreement', 'titleofagreement', 'contracttitle', 'agreementtitle', 'title', 'contractname', 'nameofcontract',
    'contract', 'subjectmatter', 'subjectmatterofthecontract',
  ],
  description: [
    'descriptionofgoodsandservices', 'descriptionofthegoodsandservices', 'descriptionofgoodsandorservices',
    'descriptionofthegoodsandorservicesbeingprovided', 'contractdescription', 'description', 'shortdescription',
    'servicedescription', 'descriptionofcontract',
  ],
  supplier: [
    'suppliername', 'supplier', 'contractorname', 'contractor', 'suppliernames', 'providername', 'provider', 'vendor',
    'vendorname', 'awardedsupplier', 'successfulsupplier', 'suppliernameanddetails', 'nameofsupplier', 'supplierdetails',
  ],
  companyNumber: [
    'supplierregisteredcompanynumber', 'registeredcompanynumber', 'suppliercompanynumber', 'companynumber',
    'companieshousenumber', 'companyregistrationnumber', 'companieshouseno', 'companyno', 'companyregno',
    'supplierregistrationnumber', 'companieshousereference', 'crn',
  ],
  // Total value first; an annual value is the value only when no total column is given, and is then flagged (isAnnualHeader).
  value: [
    'contractvalue', 'totalcontractvalue', 'totalvalue', 'value', 'estimatedcontractvalue', 'estimatedtotalvalue',
    'estimatedtotalcontractvalue', 'estimatedvalue', 'contractawardvalue', 'awardvalue', 'awardedvalue',
    'originalcontractvalue', 'contractvalueexclvariations', 'totalvalueofthecontract', 'wholelifevalue',
    'wholelifecontractvalue', 'sumtobepaidoverthelengthofthecontract', 'lifetimevalue', 'totalcost', 'contractsum',
    'annualvalue', 'annualcontractvalue', 'estimatedannualvalue', 'estimatedannualcontractvalue', 'annualcost',
    'estimatedannualspend', 'valueperannum', 'annualspend',
  ],
  // An annual column beside a total one: read for the rows whose total is blank (or zero), and then flagged.
  annualValue: [
    'annualvalue', 'annualcontractvalue', 'estimatedannualvalue', 'estimatedannualcontractvalue', 'annualcost',
    'estimatedannualspend', 'valueperannum', 'annualspend',
  ],
  start: [
    'contractstartdate', 'startdate', 'start', 'contractstart', 'commencementdate', 'contractcommencementdate',
    'validityperiodstart', 'datefrom',
  ],
  end: [
    'contractenddate', 'enddate', 'end', 'contractend', 'expirydate', 'contractexpirydate', 'contractexpiry', 'expiry',
    'validityperiodend', 'contractcurrentenddate', 'currentenddate', 'dateto', 'contractenddateexcludingextensions',
    'enddateexcludingextensions', 'originalenddate',
  ],
  extensionDate: [
    'lastextensiondate', 'enddateincludingextensions', 'contractenddateincludingextensions', 'finalenddate',
    'extensionenddate', 'extensiondate', 'maximumcontractenddate', 'maximumenddate', 'enddateifallextensionsareused',
    'enddateincludingoptions', 'expirydateincludingextensions', 'finalexpirydate',
  ],
  extensionOptions: [
    'extensionoptions', 'extensionperiod', 'extensionperiods', 'extensions', 'extension', 'optiontoextend',
    'optionstoextend', 'possibleextension', 'possibleextensions', 'extensionoption', 'extensionsavailable',
    'extensionperiodmonths', 'extensionperiodyears', 'durationofextensioninmonths', 'extensionmonths', 'extensionyears',
    'optiontoextendmonths', 'optiontoextendyears',
  ],
  cpv: [
    'procurementclassificationcpvcode', 'cpvcode', 'cpvcodes', 'cpv', 'cpvcodess', 'maincpvcode', 'primarycpvcode',
    'commonprocurementvocabularycode',
  ],
  proclass: [
    'procurementclassificationproclasscode', 'proclasscode', 'proclass', 'proclasscategory', 'proclasscodes',
  ],
  organisation: [
    'organisationname', 'organisation', 'organisationlabel', 'bodyname', 'body', 'council', 'authority', 'authorityname',
    'localauthority', 'buyer', 'buyername', 'contractingauthority',
  ],
  department: [
    'directorateserviceresponsible', 'localauthoritydepartmentresponsible', 'departmentresponsible', 'department',
    'servicearea', 'directorate', 'serviceresponsible', 'departmentservicearea', 'businessunit',
    'responsibledepartment', 'responsibleservice',
  ],
  procurementRoute: [
    'procurementroute', 'procurementprocedure', 'procurementmethod', 'routetomarket', 'tenderprocesstype',
    'procurementprocess', 'procurementtype', 'awardprocedure', 'tenderprocess',
  ],
}

const COLUMNS = Object.keys(REGISTER_HEADER_SYNONYMS) as RegisterColumn[]

/** Notes that councils append to a header and that do not change what the column is ("Contract Value (£) ex VAT"). */
const HEADER_SUFFIXES = ['excludingvat', 'exclusiveofvat', 'exclvat', 'excvat', 'exvat', 'netofvat', 'includingvat', 'inclusiveofvat', 'inclvat', 'incvat', 'gbp', 'pounds', 'ddmmyyyy', 'ifapplicable', 'ifknown'] as const

/**
 * A header cell as the synonyms are written: normalised as the spend importer does, then with trailing notes on VAT,
 * currency or date format dropped. `Contract Value (£) ex VAT` → `contractvalue`; `Start Date (dd/mm/yyyy)` → `startdate`.
 */
export function registerHeaderKey(cell: string): string {
  let key = normaliseHeader(cell)
  for (let changed = true; changed; ) {
    changed = false
    for (const suffix of HEADER_SUFFIXES) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        key = key.slice(0, -suffix.length)
        changed = true
      }
    }
  }
  return key
}

/** True when a value header states a yearly amount ("Annual Value", "Estimated annual spend", "Value per annum"). */
export function isAnnualHeader(header: string): boolean {
  const key = registerHeaderKey(header)
  return key.includes('annual') || key.includes('perannum') || key.includes('peryear')
}

/** How many leading records to search for the header row (title rows and notes above it are common). */
export const REGISTER_HEADER_SEARCH_RECORDS = 50

/** Column index and header text found for each mapped column. */
export type RegisterColumnMap = Readonly<Partial<Record<RegisterColumn, { readonly index: number; readonly header: string }>>>

/** A register cell: text from a CSV, or what a workbook cell holds (numbers for amounts and dates, booleans). */
export type RegisterCell = string | number | boolean | null

/** Maps header cells to register columns; each cell is used at most once. */
export function mapRegisterColumns(headerCells: readonly RegisterCell[]): RegisterColumnMap {
  const texts = headerCells.map((c) => (typeof c === 'string' ? c : c === null ? '' : String(c)))
  const normalised = texts.map(registerHeaderKey)
  const used = new Set<number>()
  const map: Partial<Record<RegisterColumn, { index: number; header: string }>> = {}
  for (const column of COLUMNS) {
    for (const synonym of REGISTER_HEADER_SYNONYMS[column]) {
      const index = normalised.findIndex((h, i) => h === synonym && !used.has(i))
      if (index >= 0) {
        used.add(index)
        map[column] = { index, header: (texts[index] ?? '').trim() }
        break
      }
    }
  }
  return map
}

/** A header is a register's when it names the supplier, what was bought (title, description or reference) and a value or date. */
export function isRegisterHeader(map: RegisterColumnMap): boolean {
  return map.supplier !== undefined && (map.title !== undefined || map.description !== undefined || map.reference !== undefined) && (map.value !== undefined || map.start !== undefined || map.end !== undefined)
}

/** Finds the header row among the first rows: its position and column map, or null. */
export function findRegisterHeader(rows: readonly (readonly RegisterCell[])[]): { at: number; map: RegisterColumnMap } | null {
  const limit = Math.min(rows.length, REGISTER_HEADER_SEARCH_RECORDS)
  for (let at = 0; at < limit; at++) {
    const map = mapRegisterColumns(rows[at] ?? [])
    if (isRegisterHeader(map)) return { at, map }
  }
  return null
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const

function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return isValidIsoDate(iso) ? (iso as IsoDate) : null
}

/**
 * A register date: what `parseDate` reads (`dd/mm/yyyy`, `dd-Mon-yyyy`, ISO), plus forms registers saved from
 * spreadsheets use: `dd.mm.yyyy` and `dd-mm-yyyy`, two-digit years (`01/04/15` → 2015; 70–99 → 19xx), month names
 * in full (`1 April 2024`, `1st April 2024`), and Excel serial numbers (`45383` → 2024-04-01). Null when unreadable.
 */
export function parseRegisterDate(text: string): IsoDate | null {
  const s = text.trim()
  const parsed = parseDate(s)
  if (parsed.ok) return parsed.value
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(s)
  if (m !== null) {
    const yy = Number(m[3])
    const year = (m[3] ?? '').length === 2 ? (yy >= 70 ? 1900 + yy : 2000 + yy) : yy
    return isoFromParts(year, Number(m[2]), Number(m[1]))
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)[\s,-]+(\d{4})$/i.exec(s)
  if (m !== null) {
    const name = (m[2] ?? '').toLowerCase()
    const month = name.length >= 3 ? MONTH_NAMES.findIndex((full) => full.startsWith(name)) : -1
    return month === -1 ? null : isoFromParts(Number(m[3]), month + 1, Number(m[1]))
  }
  if (/^\d{5}(?:\.\d+)?$/.test(s)) {
    const serial = Number(s)
    // 1954-10-03 … 2119-01-09: a date, not an amount typed in the wrong column.
    if (serial >= 20000 && serial < 80000) {
      const fromSerial = isoDateFromExcelSerial(serial)
      return fromSerial.ok ? fromSerial.value : null
    }
  }
  return null
}

/** Start dates registers use for "unknown" (Norfolk: 226 rows start on 1 January 2000). */
const PLACEHOLDER_START: IsoDate = '2000-01-01' as IsoDate
/** End and extension dates in or after this year mean "open-ended" (Norfolk: 31/12/2050, 31/12/2099). */
const PLACEHOLDER_END_YEAR = 2050

/** Trims a cell, folds whitespace (no-break spaces included) and drops quote marks wrapped around the whole value. */
export function cleanCell(text: string): string {
  let s = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim()
  while (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim()
  return s
}

const WORD_NUMBERS: Readonly<Record<string, number>> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 }

/**
 * Reads extension options as months per option: "1+1" → [12, 12] (years when no unit is given), "2 x 12 months" →
 * [12, 12], "6 months" → [6], "up to 2 years" → [24], "none" → []. Null when the text cannot be read.
 */
export function parseExtensionOptions(text: string): number[] | null {
  const s = text.toLowerCase().replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b/g, (w) => String(WORD_NUMBERS[w] ?? w)).trim()
  if (s === '' || /^(?:none|no|n\/?a|nil|0|-|no extensions?|not applicable)$/.test(s)) return []
  const monthsPer = /\bmonths?\b|\bmths?\b/.test(s) ? 1 : /\bweeks?\b/.test(s) ? null : 12
  if (monthsPer === null) return null
  const times = /(\d+)\s*(?:x|×|\*)\s*(\d+(?:\.\d+)?)/.exec(s)
  if (times !== null) {
    const count = Number(times[1])
    const each = Math.round(Number(times[2]) * monthsPer)
    return count > 0 && count <= 20 && each > 0 ? Array.from({ length: count }, () => each) : null
  }
  const plus = /^\D*?(\d+(?:\.\d+)?(?:\s*\+\s*\d+(?:\.\d+)?)+)/.exec(s)
  if (plus !== null) return (plus[1] ?? '').split('+').map((n) => Math.round(Number(n.trim()) * monthsPer))
  const single = /(\d+(?:\.\d+)?)/.exec(s)
  if (single !== null && /\b(?:months?|mths?|years?|yrs?)\b/.test(s)) {
    const months = Math.round(Number(single[1]) * monthsPer)
    return months > 0 ? [months] : null
  }
  return null
}

/** One row of a register table: its cells, and the line (CSV) or row number (worksheet) a person looks up. */
export interface RegisterRow {
  readonly line: number
  readonly cells: readonly RegisterCell[]
}

/** A table of register rows: a whole CSV, or one worksheet of a workbook. */
export interface RegisterTable {
  /** The worksheet's tab name; null for a CSV. */
  readonly sheet: string | null
  /** A hidden worksheet is read only when no visible one has a register header. */
  readonly isHidden?: boolean
  readonly rows: readonly RegisterRow[]
  /** Rows the table had, when fewer were kept (a worksheet whose first rows show no header is not kept whole). */
  readonly rowCount?: number
}

/** What the row reader needs to know about the file the rows came from. */
export interface RegisterSource {
  /** The file as named in messages (`"register.xlsx"`, or `the file`). */
  readonly name: string
  /** True for a workbook (its refusal then speaks of sheets); otherwise a workbook is known by its tables' sheet names. */
  readonly isWorkbook?: boolean
  /** True when the workbook counts date serials from 1904-01-01 (old Mac Excel). */
  readonly date1904?: boolean
  /** Issues found before the rows were read (CSV structure); they come first in the result. */
  readonly issues?: readonly ContractReadIssue[]
}

/** Days between the 1900 and 1904 date systems' day 0 (Excel: 1904-01-01 is serial 1462 in the 1900 system). */
const DATE_1904_OFFSET_DAYS = 1462
/** Serials read as dates: 1954-10-03 … 2119-01-09, so an amount typed in a date column is not taken for a date. */
const MIN_DATE_SERIAL = 20000
const MAX_DATE_SERIAL = 80000

/** A workbook number written as the decimal a person sees (15 significant digits, as Excel shows). */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)))
}

/** A cell as text: strings cleaned, numbers as their decimal, booleans as TRUE/FALSE. */
function cellText(value: RegisterCell | undefined): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return cleanCell(value)
  if (typeof value === 'number') return Number.isFinite(value) ? numberText(value) : ''
  return value ? 'TRUE' : 'FALSE'
}

/** A date serial to an ISO date, when it falls in the range registers use. */
function dateFromSerial(serial: number, date1904: boolean): IsoDate | null {
  const in1900 = date1904 ? serial + DATE_1904_OFFSET_DAYS : serial
  if (!(in1900 >= MIN_DATE_SERIAL && in1900 < MAX_DATE_SERIAL)) return null
  const d = isoDateFromExcelSerial(in1900)
  return d.ok ? d.value : null
}

/** CPV codes in a cell: any separator; a code that lost its leading zero in a spreadsheet (`3000000`) gets it back. */
function cpvCodesOf(value: RegisterCell | undefined): string[] {
  const text = typeof value === 'number' ? numberText(value) : cellText(value)
  const tokens = text.split(/[\s,;|/]+/).filter((t) => t !== '')
  const codes: string[] = []
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i] ?? ''
    // "45000000 - 7" split apart by the spaces: glue the check digit back on.
    if (/^\d{7,8}$/.test(token) && tokens[i + 1] === '-' && /^\d$/.test(tokens[i + 2] ?? '')) i += 2
    if (/^\d{7}(?:-\d)?$/.test(token)) token = `0${token}`
    const code = normaliseCpvCode(token)
    if (code !== null) codes.push(code)
  }
  return codes
}

/** A company number: Companies House numbers are 8 characters, and a spreadsheet drops their leading zeros. */
function companyNumberOf(value: RegisterCell | undefined): string {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e8) return String(value).padStart(8, '0')
  return cellText(value).replace(/^gb\s*\/\s*/i, '').toUpperCase()
}

/** The unit a bare extension number is in, from its header ("Extension period (months)"): months per unit, or null. */
function extensionUnitMonths(header: string): number | null {
  const key = registerHeaderKey(header)
  if (key.includes('month')) return 1
  if (key.includes('year')) return 12
  return null
}

function placeOf(table: RegisterTable, line: number): FilePlace {
  return filePlace(line, table.sheet === null ? `line ${line}` : `sheet "${table.sheet}" row ${line}`)
}

/**
 * Reads register tables into contracts: a CSV is one table, a workbook one table per worksheet. Each table's header
 * row is looked for in its first {@link REGISTER_HEADER_SEARCH_RECORDS} rows; every table with one is read (rows of a
 * worksheet are placed as `sheet "Name" row 12`), hidden worksheets only when no visible one has a header. Workbook
 * numbers are read as what they are: amounts to pence, date serials to dates, company numbers and CPV codes with the
 * leading zeros a spreadsheet drops. Refuses (`unrecognised-csv` / `unrecognised-workbook`) when no table has a
 * register header, and `too-many-records` beyond {@link MAX_CONTRACT_FILE_RECORDS} rows.
 */
export function readRegisterRows(tables: readonly RegisterTable[], source: RegisterSource): ContractFileResult {
  const isWorkbook = source.isWorkbook ?? tables.some((t) => t.sheet !== null)
  const found = tables.map((table) => ({ table, header: findRegisterHeader(table.rows.map((r) => r.cells)) }))
  const visible = found.filter((f) => f.header !== null && f.table.isHidden !== true)
  const chosen = visible.length > 0 ? visible : found.filter((f) => f.header !== null)
  if (chosen.length === 0) {
    const needs = 'a register needs a supplier column, a title, description or reference column, and a value or start/end date column (e.g. "Supplier name", "Title of the Agreement", "Contract value")'
    return isWorkbook
      ? { ok: false, error: { code: 'unrecognised-workbook', message: `${source.name} is a workbook, but ${tables.length === 0 ? 'it has no worksheets, so no sheet has' : `none of its sheets (${tables.map((t) => `"${t.sheet ?? ''}"`).join(', ')}) has`} a contract register header in its first ${REGISTER_HEADER_SEARCH_RECORDS} rows: ${needs}.` } }
      : { ok: false, error: { code: 'unrecognised-csv', message: `${source.name} has no contract register header in its first rows: ${needs}.` } }
  }
  const dataRows = chosen.reduce((n, f) => n + f.table.rows.length - (f.header?.at ?? 0) - 1, 0)
  if (dataRows > MAX_CONTRACT_FILE_RECORDS) {
    return { ok: false, error: { code: 'too-many-records', message: `${source.name} holds ${dataRows.toLocaleString('en-GB')} rows; at most ${MAX_CONTRACT_FILE_RECORDS.toLocaleString('en-GB')} can be read from one file. Split it and upload the parts.` } }
  }
  const issues: ContractReadIssue[] = [...(source.issues ?? [])]
  for (const f of found) {
    const rowCount = f.table.rowCount ?? f.table.rows.length
    if (chosen.includes(f) || rowCount === 0) continue
    const why = f.header === null ? `has no contract register header in its first ${REGISTER_HEADER_SEARCH_RECORDS} rows` : 'is hidden, and visible sheets hold the register'
    issues.push(readIssue('sheet-not-read', `sheet "${f.table.sheet ?? ''}" ${why}; its ${rowCount.toLocaleString('en-GB')} row${rowCount === 1 ? ' was' : 's were'} not read`, null, false))
  }
  const contracts: ReadContract[] = []
  const organisations: string[] = []
  const annualHeaders: string[] = []
  let annualRows = 0
  for (const { table, header } of chosen) {
    if (header === null) continue
    // Appends into the shared lists: spreading 200,000 rows into push() overflows the call stack.
    const read = readRegisterTable(table, header, source.date1904 === true, issues, contracts, organisations)
    if (read.annualRows > 0) {
      annualRows += read.annualRows
      for (const h of read.annualHeaders) if (!annualHeaders.includes(h)) annualHeaders.push(h)
    }
  }
  if (annualRows > 0) {
    issues.push(readIssue('annual-value', `${annualRows.toLocaleString('en-GB')} contract${annualRows === 1 ? '' : 's'} give${annualRows === 1 ? 's' : ''} only an annual value (column ${annualHeaders.map((h) => `"${h}"`).join(', ')}): kept as the contract's value and marked annual, not multiplied by the term`, null, true))
  }
  const publisher = mostCommonText(organisations)
  // Rows with a blank organisation (Norfolk's passenger-transport rows) belong to the register's publisher.
  const withBuyer = contracts.map((c) => (c.buyer === '' ? { ...c, buyer: publisher } : c))
  return { ok: true, value: { format: 'register-csv', publisher, notices: [], contracts: withBuyer, issues } }
}

/** Reads one table's rows below its header into contracts, appended to `contracts` with their buyers in `organisations`. */
function readRegisterTable(
  table: RegisterTable,
  header: { at: number; map: RegisterColumnMap },
  date1904: boolean,
  issues: ContractReadIssue[],
  contracts: ReadContract[],
  organisations: string[],
): { annualRows: number; annualHeaders: string[] } {
  const { map } = header
  const isAnnual = map.value !== undefined && isAnnualHeader(map.value.header)
  let annualRows = 0
  const annualHeaders: string[] = []

  for (const row of table.rows.slice(header.at + 1)) {
    const cells = row.cells
    const raw = (column: RegisterColumn): RegisterCell | undefined => {
      const c = map[column]
      return c === undefined ? undefined : cells[c.index]
    }
    const cell = (column: RegisterColumn): string => cellText(raw(column))
    const place = placeOf(table, row.line)
    if (cells.every((f) => cellText(f) === '')) {
      // A fully empty line is not a record; a CSV line of bare commas is one, with nothing in it.
      if (cells.length > 1) issues.push(readIssue('blank-row', `${place.label} has only empty fields; left out`, place, false))
      continue
    }
    const supplier = cell('supplier')
    const reference = cell('reference')
    const label = reference === '' ? place.label : `${place.label} (${reference})`
    if (supplier === '') {
      issues.push(readIssue('no-supplier', `${label} names no supplier; left out`, place, false))
      continue
    }
    const organisation = cell('organisation')
    organisations.push(organisation)

    /** A date cell: a workbook serial, or text in any form {@link parseRegisterDate} reads. */
    const dateOf = (column: RegisterColumn): { text: string; date: IsoDate | null } => {
      const value = raw(column)
      const text = cellText(value)
      if (text === '') return { text, date: null }
      return { text, date: typeof value === 'number' ? dateFromSerial(value, date1904) : parseRegisterDate(text) }
    }
    const date = (column: RegisterColumn, name: string): IsoDate | null => {
      const { text, date: d } = dateOf(column)
      if (text === '') return null
      if (d === null) {
        issues.push(readIssue('bad-date', `${label}: ${name} "${text}" is not a date (dd/mm/yyyy, dd-Mon-yyyy, yyyy-mm-dd, 1 April 2024); left empty`, place, true))
        return null
      }
      const isPlaceholder = column === 'start' ? d === PLACEHOLDER_START : Number(d.slice(0, 4)) >= PLACEHOLDER_END_YEAR
      if (isPlaceholder) {
        issues.push(readIssue('placeholder-date', `${label}: ${name} "${text}" is a placeholder, not a real date; left empty`, place, true))
        return null
      }
      return d
    }

    const start = date('start', 'start date')
    let end = date('end', 'end date')
    if (start !== null && end !== null && compareIsoDates(end, start) < 0) {
      issues.push(readIssue('end-before-start', `${label}: end date ${end} is before start date ${start}; end left empty`, place, true))
      end = null
    }

    let endWithExtensions = date('extensionDate', 'last extension date')
    let extensionMonths: number[] = []
    const optionsRaw = raw('extensionOptions')
    const options = cellText(optionsRaw)
    if (options !== '') {
      const unit = map.extensionOptions === undefined ? null : extensionUnitMonths(map.extensionOptions.header)
      // A column headed just "Extension" sometimes holds the date all extensions run to.
      const asDate = unit === null ? dateOf('extensionOptions').date : null
      if (unit !== null && /^\d+(?:\.\d+)?$/.test(options)) {
        // A bare number under "Extension period (months)" / "(years)": one option of that length.
        const months = Math.round(Number(options) * unit)
        extensionMonths = months > 0 ? [months] : []
      } else if (asDate !== null) {
        if (endWithExtensions === null) endWithExtensions = date('extensionOptions', 'extension date')
      } else {
        const parsed = parseExtensionOptions(options)
        if (parsed === null) issues.push(readIssue('bad-value', `${label}: extension options "${options}" not understood; left empty`, place, true))
        else extensionMonths = parsed
      }
    }
    const baseEnd = end ?? start
    if (endWithExtensions !== null && baseEnd !== null && compareIsoDates(endWithExtensions, baseEnd) < 0) {
      issues.push(readIssue('bad-date', `${label}: last extension date ${endWithExtensions} is before the ${end === null ? 'start' : 'end'} date ${baseEnd}; left empty`, place, true))
      endWithExtensions = null
    }

    /** A value cell in pence; null when blank, zero or unreadable (the last with an issue). */
    const valueOf = (column: RegisterColumn): { pence: Pence | null; isBad: boolean } => {
      const valueRaw = raw(column)
      const valueText = cellText(valueRaw)
      if (valueText === '') return { pence: null, isBad: false }
      const parsed = typeof valueRaw === 'number' ? penceFromNumber(valueRaw) : parsePence(valueText)
      if (!parsed.ok) {
        issues.push(readIssue('bad-value', `${label}: value "${valueText}" ${parsed.error.message}; left empty`, place, true))
        return { pence: null, isBad: true }
      }
      if (parsed.value < 0) {
        issues.push(readIssue('negative-value', `${label}: value "${valueText}" is negative (a credit); kept as published`, place, true))
        return { pence: parsed.value, isBad: false }
      }
      // Zero means "not stated" in registers (spot purchases, call-offs): left empty, not a contract worth £0.
      return { pence: parsed.value > 0 ? parsed.value : null, isBad: false }
    }
    const total = valueOf('value')
    let valuePence = total.pence
    let isValueAnnual = isAnnual && valuePence !== null
    if (valuePence === null && !total.isBad && map.annualValue !== undefined) {
      valuePence = valueOf('annualValue').pence
      isValueAnnual = valuePence !== null
    }
    if (isValueAnnual) {
      annualRows++
      const column = isAnnual ? map.value : map.annualValue
      if (column !== undefined && !annualHeaders.includes(column.header)) annualHeaders.push(column.header)
    }

    const cpvCodes: string[] = []
    pushUnique(cpvCodes, cpvCodesOf(raw('cpv')))
    const title = cell('title')
    const description = cell('description')
    const noticeId = cell('noticeId')
    const department = cell('department')
    const procurementRoute = cell('procurementRoute')

    contracts.push({
      noticeId: noticeId === '' ? null : noticeId,
      reference,
      title: title || description,
      description,
      supplier,
      supplierCompanyNumber: companyNumberOf(raw('companyNumber')),
      buyer: organisation,
      valuePence,
      start,
      end,
      extensionMonths,
      endWithExtensions,
      cpvCodes,
      proclassCode: cell('proclass'),
      awardDate: start,
      place,
      ...(isValueAnnual ? { isValueAnnual: true } : {}),
      ...(department === '' ? {} : { department }),
      ...(procurementRoute === '' ? {} : { procurementRoute }),
    })
  }
  return { annualRows, annualHeaders }
}
