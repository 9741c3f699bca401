/**
 * @module read-register-csv
 * Reads a contract register CSV in the Local Government Transparency Code layout (the LGA template's 39 columns,
 * or any subset with similar titles): finds the header row, maps columns by synonyms the way the spend importer does,
 * and turns each row into one contract. Registers carry no notices. Pure: no I/O.
 */
import type { CsvRecord } from '../domain/csv.ts'
import { compareIsoDates, isoDateFromExcelSerial, isValidIsoDate, parseDate } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { parsePence } from '../domain/money.ts'
import type { Pence } from '../domain/money.ts'
import { normaliseHeader } from '../domain/spend-import.ts'
import type { ContractFileRead, ContractReadIssue, FilePlace, ReadContract } from './model.ts'
import { mostCommonText } from './notice-text.ts'
import { filePlace, normaliseCpvCode, pushUnique, readIssue } from './read-helpers.ts'

/** The register columns we map. */
export type RegisterColumn =
  | 'reference'
  | 'noticeId'
  | 'title'
  | 'description'
  | 'supplier'
  | 'companyNumber'
  | 'value'
  | 'start'
  | 'end'
  | 'extensionDate'
  | 'extensionOptions'
  | 'cpv'
  | 'proclass'
  | 'organisation'

/**
 * Header synonyms per column, normalised as the spend importer does (lower case, letters and digits only), in priority
 * order: when a file has several candidates the earlier synonym wins, and each header cell is used once.
 */
export const REGISTER_HEADER_SYNONYMS: Readonly<Record<RegisterColumn, readonly string[]>> = {
  reference: [
    'contractreferencenumberid', 'contractreferencenumber', 'contractreference', 'contractref', 'contractid',
    'contractreferenceid', 'referencenumber', 'reference', 'ref', 'contractnumber', 'contractno',
  ],
  noticeId: ['opencontractingid', 'ocid', 'opencontractingidentifier'],
  title: ['titleoftheagreement', 'titleofagreement', 'contracttitle', 'agreementtitle', 'title', 'contractname'],
  description: ['descriptionofgoodsandservices', 'descriptionofthegoodsandservices', 'contractdescription', 'description'],
  supplier: ['suppliername', 'supplier', 'contractorname', 'contractor', 'suppliernames', 'providername', 'provider'],
  companyNumber: [
    'supplierregisteredcompanynumber', 'registeredcompanynumber', 'suppliercompanynumber', 'companynumber',
    'companieshousenumber', 'companyregistrationnumber',
  ],
  value: [
    'contractvalue', 'totalcontractvalue', 'totalvalue', 'value', 'estimatedcontractvalue', 'estimatedvalue',
    'annualvalue', 'annualcontractvalue',
  ],
  start: ['contractstartdate', 'startdate', 'start', 'contractstart', 'commencementdate'],
  end: ['contractenddate', 'enddate', 'end', 'contractend', 'expirydate', 'contractexpirydate'],
  extensionDate: ['lastextensiondate', 'enddateincludingextensions', 'finalenddate', 'extensionenddate', 'extensiondate'],
  extensionOptions: ['extensionoptions', 'extensionperiod', 'extensionperiods', 'extensions', 'extension', 'optiontoextend', 'optionstoextend'],
  cpv: ['procurementclassificationcpvcode', 'cpvcode', 'cpvcodes', 'cpv'],
  proclass: ['procurementclassificationproclasscode', 'proclasscode', 'proclass'],
  organisation: ['organisationname', 'organisation', 'organisationlabel', 'bodyname', 'body', 'council', 'authority'],
}

const COLUMNS = Object.keys(REGISTER_HEADER_SYNONYMS) as RegisterColumn[]

/** How many leading records to search for the header row. */
export const REGISTER_HEADER_SEARCH_RECORDS = 50

/** Column index and header text found for each mapped column. */
export type RegisterColumnMap = Readonly<Partial<Record<RegisterColumn, { readonly index: number; readonly header: string }>>>

/** Maps header cells to register columns; each cell is used at most once. */
export function mapRegisterColumns(headerCells: readonly string[]): RegisterColumnMap {
  const normalised = headerCells.map(normaliseHeader)
  const used = new Set<number>()
  const map: Partial<Record<RegisterColumn, { index: number; header: string }>> = {}
  for (const column of COLUMNS) {
    for (const synonym of REGISTER_HEADER_SYNONYMS[column]) {
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

/** A header is a register's when it names the supplier, what was bought (title, description or reference) and a value or date. */
export function isRegisterHeader(map: RegisterColumnMap): boolean {
  return map.supplier !== undefined && (map.title !== undefined || map.description !== undefined || map.reference !== undefined) && (map.value !== undefined || map.start !== undefined || map.end !== undefined)
}

/** Finds the header row among the first records: its position and column map, or null. */
export function findRegisterHeader(records: readonly CsvRecord[]): { at: number; map: RegisterColumnMap } | null {
  const limit = Math.min(records.length, REGISTER_HEADER_SEARCH_RECORDS)
  for (let at = 0; at < limit; at++) {
    const map = mapRegisterColumns(records[at]?.fields ?? [])
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

/** Reads the register's records (already split by the CSV reader) into contracts. */
export function readRegisterCsv(records: readonly CsvRecord[], header: { at: number; map: RegisterColumnMap }, issues: ContractReadIssue[]): ContractFileRead {
  const { map } = header
  const contracts: ReadContract[] = []
  const organisations: string[] = []
  const cell = (fields: readonly string[], column: RegisterColumn): string => {
    const c = map[column]
    return c === undefined ? '' : cleanCell(fields[c.index] ?? '')
  }

  for (const record of records.slice(header.at + 1)) {
    const fields = record.fields
    const place: FilePlace = filePlace(record.line, `line ${record.line}`)
    if (fields.every((f) => f.trim() === '')) {
      // A fully empty line is not a record; a line of bare commas is one, with nothing in it.
      if (fields.length > 1) issues.push(readIssue('blank-row', `${place.label} has only empty fields; left out`, place, false))
      continue
    }
    const supplier = cell(fields, 'supplier')
    const reference = cell(fields, 'reference')
    const label = reference === '' ? place.label : `${place.label} (${reference})`
    if (supplier === '') {
      issues.push(readIssue('no-supplier', `${label} names no supplier; left out`, place, false))
      continue
    }
    const organisation = cell(fields, 'organisation')
    organisations.push(organisation)

    const date = (column: RegisterColumn, name: string): IsoDate | null => {
      const text = cell(fields, column)
      if (text === '') return null
      const d = parseRegisterDate(text)
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
    const options = cell(fields, 'extensionOptions')
    if (options !== '') {
      // A column headed just "Extension" sometimes holds the date all extensions run to.
      const asDate = parseRegisterDate(options)
      if (asDate !== null && endWithExtensions === null) {
        endWithExtensions = date('extensionOptions', 'extension date')
      } else if (asDate === null) {
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

    let valuePence: Pence | null = null
    const valueText = cell(fields, 'value')
    if (valueText !== '') {
      const parsed = parsePence(valueText)
      if (!parsed.ok) {
        issues.push(readIssue('bad-value', `${label}: value "${valueText}" ${parsed.error.message}; left empty`, place, true))
      } else if (parsed.value < 0) {
        issues.push(readIssue('negative-value', `${label}: value "${valueText}" is negative (a credit); kept as published`, place, true))
        valuePence = parsed.value
      } else if (parsed.value > 0) {
        // Zero means "not stated" in registers (spot purchases, call-offs): left empty, not a contract worth £0.
        valuePence = parsed.value
      }
    }

    const cpvCodes: string[] = []
    pushUnique(cpvCodes, cell(fields, 'cpv').split(/[\s,;]+/).map(normaliseCpvCode).filter((c): c is string => c !== null))
    const title = cell(fields, 'title')
    const description = cell(fields, 'description')
    const noticeId = cell(fields, 'noticeId')

    contracts.push({
      noticeId: noticeId === '' ? null : noticeId,
      reference,
      title: title || description,
      description,
      supplier,
      supplierCompanyNumber: cell(fields, 'companyNumber').replace(/^gb\s*\/\s*/i, '').toUpperCase(),
      buyer: organisation,
      valuePence,
      start,
      end,
      extensionMonths,
      endWithExtensions,
      cpvCodes,
      proclassCode: cell(fields, 'proclass'),
      awardDate: start,
      place,
    })
  }

  const publisher = mostCommonText(organisations)
  // Rows with a blank organisation (Norfolk's passenger-transport rows) belong to the register's publisher.
  const withBuyer = contracts.map((c) => (c.buyer === '' ? { ...c, buyer: publisher } : c))
  return { format: 'register-csv', publisher, notices: [], contracts: withBuyer, issues }
}
