/**
 * @module read-contracts-finder-extract
 * Reads the Contracts Finder extract layout (`{meta, stats, contracts: [...]}`, one file per council, as in
 * `contracts/lancashire-contracts-finder`): one notice per entry, and one contract per awarded supplier with its award
 * date. The extract has no contract start or end dates; those are estimated later. Pure: no I/O.
 */
import { asObject, asText, readAmountField, readDateField } from './json-values.ts'
import type { IsoDate } from '../domain/dates.ts'
import type { Pence } from '../domain/money.ts'
import type { ContractFileRead, ContractReadIssue, FilePlace, ReadContract, ReadNotice } from './model.ts'
import { cleanNoticeText, mostCommonText } from './notice-text.ts'
import { filePlace, normaliseCpvCode, pushUnique, readIssue } from './read-helpers.ts'

/** Fields that mark an object as an extract entry rather than something else with an `id`. */
export const EXTRACT_ENTRY_FIELDS = ['notice_type', 'awarded_supplier', 'cpv_codes', 'organisation'] as const

/** True when a parsed JSON value looks like one extract entry. */
export function isExtractEntry(value: unknown): boolean {
  const o = asObject(value)
  return o !== null && 'id' in o && EXTRACT_ENTRY_FIELDS.filter((f) => f in o).length >= 2
}

/** Texts publishers put in the supplier field when there is no supplier to name. */
const NOT_A_SUPPLIER = /^(?:n\/?a\b.*|not applicable|none|nil|tbc|to be confirmed|no award(?:ed)?|not awarded\b.*|contract not awarded|.*\bhas not been awarded\b.*|various(?: suppliers)?|multiple suppliers\b.*)$/i

/** Supplier names read from `awarded_supplier`, and the pieces that name no supplier ("NOT AWARDED TO SUPPLIER"). */
export interface AwardedSuppliers {
  readonly names: readonly string[]
  readonly notSuppliers: readonly string[]
}

/**
 * Splits `awarded_supplier` into supplier names. The extract joins several suppliers with a bare comma
 * ("A Ltd,B Ltd"); a comma followed by a space is part of one name ("Knight, Kavanagh & Page",
 * "John Wade Groundworks Ltd, T/a Wade Group"), so only bare commas split. Lot prefixes ("Lot 1 - East Lancashire -
 * Global Ardour Recycling Limited") are cut to the supplier; "No Award", "NOT AWARDED TO SUPPLIER", "n/a",
 * "Various Suppliers" and the like are set apart; empty pieces are dropped, and a supplier named twice is kept once.
 * @example splitAwardedSuppliers('Premier RoadMarkings Limited,WJ North Limited').names // ['Premier RoadMarkings Limited', 'WJ North Limited']
 */
export function splitAwardedSuppliers(text: string): AwardedSuppliers {
  const names: string[] = []
  const notSuppliers: string[] = []
  const keys = new Set<string>()
  for (const piece of cleanNoticeText(text).split(/,(?!\s)/)) {
    let name = piece.trim()
    const lot = /^lot\s*\d+[a-z]?\s*[-–:]\s*(.*)$/i.exec(name)
    if (lot !== null) {
      const parts = (lot[1] ?? '').split(/\s[-–]\s/)
      name = (parts[parts.length - 1] ?? '').trim()
    }
    if (name === '') continue
    if (NOT_A_SUPPLIER.test(name)) {
      notSuppliers.push(piece.trim())
      continue
    }
    const key = name.toLowerCase().replace(/[^a-z0-9&]+/g, ' ').trim()
    if (keys.has(key)) continue
    keys.add(key)
    names.push(name)
  }
  return { names, notSuppliers }
}

/** Notice type and status to the stage words OCDS uses. */
function stageOf(noticeType: string, status: string): string {
  const type = noticeType.toLowerCase()
  if (type === 'pipeline' || type === 'preprocurement' || type === 'planning') return 'planning'
  if (status === 'awarded' || type === 'award' || type === 'awarded') return 'award'
  return type === '' ? '' : 'tender'
}

/** Reads the extract's entries. */
export function readContractsFinderExtract(entries: readonly unknown[], issues: ContractReadIssue[]): ContractFileRead {
  const notices: ReadNotice[] = []
  const contracts: ReadContract[] = []
  const seen = new Set<string>()

  entries.forEach((value, i) => {
    const index = i + 1
    const entry = asObject(value)
    const id = asText(entry?.['id']).trim()
    const place: FilePlace = filePlace(index, id === '' ? `notice ${index}` : `notice ${index} (${id})`)
    if (entry === null || id === '') {
      issues.push(readIssue('no-id', `notice ${index} has no id`, place, false))
      return
    }
    if (seen.has(id)) {
      issues.push(readIssue('duplicate-in-file', `${place.label} repeats a notice already read from this file; left out`, place, false))
      return
    }
    seen.add(id)

    const date = (field: string): IsoDate | null => {
      const { date: d, problem } = readDateField(entry[field])
      if (problem !== null) issues.push(readIssue('bad-date', `${place.label}: ${field} ${problem}; left empty`, place, true))
      return d
    }
    // Zero means "not given" in every value field of the extract.
    const amount = (field: string): Pence | null => {
      const { pence, problem } = readAmountField(entry[field])
      if (problem !== null) issues.push(readIssue('bad-value', `${place.label}: ${field} ${problem}; left empty`, place, true))
      if (pence !== null && pence < 0) {
        issues.push(readIssue('negative-value', `${place.label}: ${field} is negative; left empty`, place, true))
        return null
      }
      return pence === 0 ? null : pence
    }

    const status = asText(entry['status']).trim().toLowerCase()
    const title = cleanNoticeText(asText(entry['title']))
    const description = cleanNoticeText(asText(entry['description']))
    const buyer = cleanNoticeText(asText(entry['organisation']))
    const cpvCodes: string[] = []
    pushUnique(cpvCodes, asText(entry['cpv_codes']).split(/[\s,;]+/).map(normaliseCpvCode).filter((c): c is string => c !== null))
    const awardedValue = amount('awarded_value')
    const estimate = amount('value_high') ?? amount('value_low')
    const awardDate = date('awarded_date')

    notices.push({
      id,
      title,
      description,
      buyer,
      parties: [],
      stage: stageOf(asText(entry['notice_type']).trim(), status),
      status,
      publishedDate: date('published_date'),
      deadlineDate: date('deadline_date'),
      awardDate,
      startDate: null,
      endDate: null,
      durationDays: null,
      valuePence: awardedValue ?? estimate,
      cpvCodes,
      url: asText(entry['url']).trim(),
      place,
    })

    const { names: suppliers, notSuppliers } = splitAwardedSuppliers(asText(entry['awarded_supplier']))
    for (const text of notSuppliers) {
      issues.push(readIssue('no-supplier', `${place.label}: awarded_supplier "${text}" names no supplier; no contract read for it`, place, true))
    }
    if (suppliers.length === 0) {
      if (status === 'awarded' && notSuppliers.length === 0) issues.push(readIssue('no-supplier', `${place.label} is awarded but names no supplier; no contract read`, place, true))
      return
    }
    for (const supplier of suppliers) {
      contracts.push({
        noticeId: id,
        reference: '',
        title,
        description,
        supplier,
        supplierCompanyNumber: '',
        buyer,
        // One awarded value for several suppliers (a framework) is the notice's, not each supplier's.
        valuePence: suppliers.length === 1 ? awardedValue : null,
        start: null,
        end: null,
        extensionMonths: [],
        endWithExtensions: null,
        cpvCodes,
        proclassCode: '',
        awardDate,
        place,
      })
    }
  })

  const publisher = mostCommonText(notices.map((n) => n.buyer))
  return { format: 'contracts-finder-extract', publisher, notices, contracts, issues }
}
