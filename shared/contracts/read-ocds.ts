/**
 * @module read-ocds
 * Reads Open Contracting Data Standard files: release packages (`{publisher, releases}`), record packages
 * (`{records: [{ocid, compiledRelease | releases}]}`) and plain arrays of releases. The releases of one `ocid` are
 * merged the OCDS way (in date order, a later release's fields win, arrays of objects with ids merge by id) into one
 * notice, and every awarded supplier becomes one contract. GBP only. Pure: no I/O.
 */
import { compareIsoDates } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import type { Pence } from '../domain/money.ts'
import { asArray, asObject, asText, readAmountField, readDateField } from './json-values.ts'
import type { ContractFileRead, ContractReadIssue, FilePlace, NoticeParty, ReadContract, ReadNotice } from './model.ts'
import { cleanNoticeText, mostCommonText } from './notice-text.ts'
import { filePlace, normaliseCpvCode, pushUnique, readIssue } from './read-helpers.ts'

type Json = Readonly<Record<string, unknown>>

/** One OCDS process as found in the file: its releases (or a compiled release) and where it starts. */
export interface OcdsProcess {
  readonly releases: readonly Json[]
  readonly place: FilePlace
}

/** Stages in the order a procurement passes through them; a notice takes the furthest its releases reach. */
const STAGE_ORDER = ['planning', 'tender', 'award', 'contract', 'implementation'] as const

const EMBEDDED_RELEASE_FIELDS = ['ocid', 'tender', 'awards', 'contracts', 'buyer', 'parties', 'planning'] as const

/**
 * Groups releases by `ocid` in file order. Releases without an ocid are left out with a 'no-id' issue.
 * @param kind 'release' or 'record', for place labels.
 */
export function groupReleasesByOcid(items: readonly unknown[], kind: 'release' | 'record', issues: ContractReadIssue[]): OcdsProcess[] {
  const byOcid = new Map<string, { releases: Json[]; place: FilePlace }>()
  items.forEach((item, i) => {
    const index = i + 1
    const record = asObject(item)
    const ocid = asText(record?.['ocid']).trim()
    if (record === null || ocid === '') {
      issues.push(readIssue('no-id', `${kind} ${index} has no ocid`, filePlace(index, `${kind} ${index}`), false))
      return
    }
    let releases: Json[]
    if (kind === 'record') {
      const compiled = asObject(record['compiledRelease'])
      // Linked releases ({url, date, tag}) carry no content; only embedded ones can be read.
      releases = compiled !== null ? [compiled] : asArray(record['releases']).map(asObject).filter((r): r is Json => r !== null && EMBEDDED_RELEASE_FIELDS.some((f) => f in r))
      if (releases.length === 0) {
        issues.push(readIssue('no-id', `record ${index} (${ocid}) has neither a compiled release nor embedded releases (linked releases are not fetched)`, filePlace(index, `record ${index} (${ocid})`), false))
        return
      }
    } else {
      releases = [record]
    }
    const found = byOcid.get(ocid)
    if (found === undefined) byOcid.set(ocid, { releases, place: filePlace(index, `${kind} ${index} (${ocid})`) })
    else found.releases.push(...releases)
  })
  return [...byOcid.values()]
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return asObject(value) !== null
}

/** OCDS merge: objects merge field by field, arrays of objects that all have an `id` merge by id, anything else is replaced. */
export function mergeOcds(earlier: unknown, later: unknown): unknown {
  if (later === null || later === undefined) return earlier
  if (isPlainObject(earlier) && isPlainObject(later)) {
    const out: Record<string, unknown> = { ...earlier }
    for (const [key, value] of Object.entries(later)) out[key] = mergeOcds(earlier[key], value)
    return out
  }
  if (Array.isArray(earlier) && Array.isArray(later) && later.every((x) => isPlainObject(x) && asText(x['id']) !== '') && earlier.every((x) => isPlainObject(x) && asText(x['id']) !== '')) {
    const out = [...earlier] as Record<string, unknown>[]
    for (const item of later as Record<string, unknown>[]) {
      const at = out.findIndex((x) => asText(x['id']) === asText(item['id']))
      if (at === -1) out.push(item)
      else out[at] = mergeOcds(out[at], item) as Record<string, unknown>
    }
    return out
  }
  return later
}

function releaseTime(release: Json): number {
  const t = Date.parse(asText(release['date']))
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}

/** Merges one process's releases in date order (ties keep file order). */
export function compileReleases(releases: readonly Json[]): Json {
  const ordered = releases.map((r, i) => ({ r, i })).sort((a, b) => releaseTime(a.r) - releaseTime(b.r) || a.i - b.i)
  let compiled: unknown = {}
  for (const { r } of ordered) compiled = mergeOcds(compiled, r)
  return compiled as Json
}

function stageOf(releases: readonly Json[], compiled: Json): string {
  let best = -1
  for (const release of releases) {
    for (const tag of asArray(release['tag'])) {
      const t = asText(tag).toLowerCase()
      const at = STAGE_ORDER.findIndex((s) => t.startsWith(s))
      if (at > best) best = at
    }
  }
  if (best === -1) {
    if (asArray(compiled['contracts']).length > 0) best = 3
    else if (asArray(compiled['awards']).length > 0) best = 2
    else if (asObject(compiled['tender']) !== null) best = 1
    else if (asObject(compiled['planning']) !== null) best = 0
  }
  return best === -1 ? '' : (STAGE_ORDER[best] ?? '')
}

/** Reads dates and values for one process, recording issues against its place. */
interface ProcessReader {
  readonly place: FilePlace
  readonly issues: ContractReadIssue[]
  date(value: unknown, field: string): IsoDate | null
  /** A `{amount, currency}` value in pence; other currencies, negative and unreadable amounts are dropped with an issue. */
  money(value: unknown, field: string): Pence | null
}

function createProcessReader(place: FilePlace, issues: ContractReadIssue[]): ProcessReader {
  return {
    place,
    issues,
    date(value, field) {
      const { date, problem } = readDateField(value)
      if (problem !== null) issues.push(readIssue('bad-date', `${place.label}: ${field} ${problem}; left empty`, place, true))
      return date
    },
    money(value, field) {
      const v = asObject(value)
      if (v === null || v['amount'] === undefined || v['amount'] === null) return null
      const currency = asText(v['currency']).trim().toUpperCase()
      if (currency !== '' && currency !== 'GBP') {
        issues.push(readIssue('other-currency', `${place.label}: ${field} is ${asText(v['amount'])} ${currency}, not GBP; value left empty`, place, true))
        return null
      }
      const { pence, problem } = readAmountField(v['amount'])
      if (problem !== null) issues.push(readIssue('bad-value', `${place.label}: ${field} ${problem}; left empty`, place, true))
      if (pence !== null && pence < 0) {
        issues.push(readIssue('negative-value', `${place.label}: ${field} is negative (${asText(v['amount'])}); left empty`, place, true))
        return null
      }
      return pence
    },
  }
}

function cpvFromClassification(value: unknown): string | null {
  const c = asObject(value)
  if (c === null) return null
  const scheme = asText(c['scheme']).trim().toUpperCase()
  if (scheme !== '' && scheme !== 'CPV') return null
  return normaliseCpvCode(asText(c['id']))
}

function cpvCodesOf(compiled: Json): string[] {
  const codes: string[] = []
  const tender = asObject(compiled['tender'])
  const add = (value: unknown) => {
    const code = cpvFromClassification(value)
    if (code !== null) pushUnique(codes, [code])
  }
  add(tender?.['classification'])
  const itemLists = [asArray(tender?.['items']), ...asArray(compiled['awards']).map((a) => asArray(asObject(a)?.['items'])), ...asArray(compiled['contracts']).map((c) => asArray(asObject(c)?.['items']))]
  for (const items of itemLists) {
    for (const item of items) {
      const it = asObject(item)
      add(it?.['classification'])
      for (const extra of asArray(it?.['additionalClassifications'])) add(extra)
    }
  }
  return codes
}

function partiesOf(compiled: Json): NoticeParty[] {
  const parties: NoticeParty[] = []
  for (const p of asArray(compiled['parties'])) {
    const party = asObject(p)
    const name = cleanNoticeText(asText(party?.['name']))
    if (name === '') continue
    parties.push({ name, roles: asArray(party?.['roles']).map((r) => asText(r)).filter((r) => r !== '') })
  }
  return parties
}

function noticeUrl(compiled: Json): string {
  const docs = [
    ...asArray(asObject(compiled['tender'])?.['documents']),
    ...asArray(compiled['awards']).flatMap((a) => asArray(asObject(a)?.['documents'])),
  ].map(asObject)
  // Later releases' documents merge in after earlier ones: the last notice document is the latest.
  const notice = docs.filter((d) => /notice$/i.test(asText(d?.['documentType'])) && asText(d?.['url']) !== '').pop()
  if (notice) return asText(notice['url'])
  const link = asArray(compiled['links']).map(asObject).find((l) => asText(l?.['rel']) === 'canonical')
  return asText(link?.['href'])
}

function partyById(compiled: Json, id: string): Json | null {
  if (id === '') return null
  return asArray(compiled['parties']).map(asObject).find((p) => p !== null && asText(p['id']) === id) ?? null
}

/** Company number from a supplier party's identifiers (scheme GB-COH), or ''. */
function companyNumberOf(compiled: Json, supplier: Json): string {
  const party = partyById(compiled, asText(supplier['id']))
  const identifiers = [asObject(party?.['identifier']), ...asArray(party?.['additionalIdentifiers']).map(asObject), asObject(supplier['identifier'])]
  for (const ident of identifiers) {
    if (ident !== null && asText(ident['scheme']).toUpperCase() === 'GB-COH' && asText(ident['id']).trim() !== '') return asText(ident['id']).trim()
  }
  return ''
}

function periodOf(reader: ProcessReader, value: unknown, field: string): { start: IsoDate | null; end: IsoDate | null; days: number | null } {
  const p = asObject(value)
  if (p === null) return { start: null, end: null, days: null }
  const days = typeof p['durationInDays'] === 'number' && p['durationInDays'] > 0 ? Math.round(p['durationInDays']) : null
  return { start: reader.date(p['startDate'], `${field}.startDate`), end: reader.date(p['endDate'], `${field}.endDate`), days }
}

function earliest(dates: readonly (IsoDate | null)[]): IsoDate | null {
  let best: IsoDate | null = null
  for (const d of dates) if (d !== null && (best === null || compareIsoDates(d, best) < 0)) best = d
  return best
}

function latest(dates: readonly (IsoDate | null)[]): IsoDate | null {
  let best: IsoDate | null = null
  for (const d of dates) if (d !== null && (best === null || compareIsoDates(d, best) > 0)) best = d
  return best
}

function checkOrder(reader: ProcessReader, start: IsoDate | null, end: IsoDate | null, what: string): IsoDate | null {
  if (start !== null && end !== null && compareIsoDates(end, start) < 0) {
    reader.issues.push(readIssue('end-before-start', `${reader.place.label}: ${what} ends ${end}, before it starts ${start}; end left empty`, reader.place, true))
    return null
  }
  return end
}

/** Reads one process into a notice and its contracts. */
function readProcess(process: OcdsProcess, issues: ContractReadIssue[]): { notice: ReadNotice; contracts: ReadContract[] } {
  const compiled = compileReleases(process.releases)
  const reader = createProcessReader(process.place, issues)
  const ocid = asText(compiled['ocid']).trim()
  const tender = asObject(compiled['tender']) ?? {}
  const title = cleanNoticeText(asText(tender['title']) || asText(compiled['title']))
  const description = cleanNoticeText(asText(tender['description']) || asText(compiled['description']))
  const parties = partiesOf(compiled)
  const buyer = cleanNoticeText(asText(asObject(compiled['buyer'])?.['name'])) || parties.find((p) => p.roles.includes('buyer'))?.name || ''

  const tenderPeriod = periodOf(reader, tender['contractPeriod'], 'tender.contractPeriod')
  const lots = asArray(tender['lots']).map(asObject).filter((l): l is Json => l !== null)
  const lotPeriods = lots.map((lot, i) => periodOf(reader, lot['contractPeriod'], `lot ${asText(lot['id']) || i + 1} contractPeriod`))
  const awards = asArray(compiled['awards']).map(asObject).filter((a): a is Json => a !== null)
  const awardPeriods = awards.map((a, i) => periodOf(reader, a['contractPeriod'], `award ${asText(a['id']) || i + 1} contractPeriod`))
  const statedPeriods = tenderPeriod.start !== null || tenderPeriod.end !== null ? [tenderPeriod] : lotPeriods.some((p) => p.start ?? p.end) ? lotPeriods : awardPeriods
  const startDate = earliest(statedPeriods.map((p) => p.start))
  const endDate = checkOrder(reader, startDate, latest(statedPeriods.map((p) => p.end)), 'the notice period')
  const durations = [tenderPeriod.days, ...lotPeriods.map((p) => p.days)].filter((d): d is number => d !== null)
  const durationDays = durations.length === 0 ? null : Math.max(...durations)

  const awardValues = awards.map((a, i) => reader.money(a['value'], `award ${asText(a['id']) || i + 1} value`))
  const tenderValue = reader.money(tender['value'], 'tender.value')
  const lotValues = lots.map((lot, i) => reader.money(lot['value'], `lot ${asText(lot['id']) || i + 1} value`))
  const sum = (values: readonly (Pence | null)[]): Pence | null => (values.some((v) => v !== null) ? (values.reduce<number>((t, v) => t + (v ?? 0), 0) as Pence) : null)
  const valuePence = sum(awardValues) ?? tenderValue ?? sum(lotValues)

  const releaseDates = process.releases.map((r) => reader.date(r['date'], 'release date'))
  const publishedDate = earliest([reader.date(tender['datePublished'], 'tender.datePublished'), ...releaseDates])
  const awardDates = awards.map((a, i) => reader.date(a['date'], `award ${asText(a['id']) || i + 1} date`))
  const cpvCodes = cpvCodesOf(compiled)

  const notice: ReadNotice = {
    id: ocid,
    title,
    description,
    buyer,
    parties,
    stage: stageOf(process.releases, compiled),
    status: asText(tender['status']).toLowerCase(),
    publishedDate,
    deadlineDate: reader.date(asObject(tender['tenderPeriod'])?.['endDate'], 'tender.tenderPeriod.endDate'),
    awardDate: latest(awardDates),
    startDate,
    endDate,
    durationDays,
    valuePence,
    cpvCodes,
    url: noticeUrl(compiled),
    place: process.place,
  }

  const contractEntries = asArray(compiled['contracts']).map(asObject).filter((c): c is Json => c !== null)
  const contracts: ReadContract[] = []
  awards.forEach((award, i) => {
    const status = asText(award['status']).toLowerCase()
    if (status === 'cancelled' || status === 'unsuccessful') return
    // A supplier reference may carry only an id: its name is then the party's.
    const suppliers = asArray(award['suppliers'])
      .map(asObject)
      .filter((s): s is Json => s !== null)
      .map((s) => (asText(s['name']).trim() === '' ? { ...s, name: asText(partyById(compiled, asText(s['id']))?.['name']) } : s))
      .filter((s) => cleanNoticeText(asText(s['name'])) !== '')
    const awardId = asText(award['id'])
    if (suppliers.length === 0) {
      issues.push(readIssue('no-supplier', `${process.place.label}: award ${awardId || i + 1} names no supplier; no contract read from it`, process.place, true))
      return
    }
    const linked = contractEntries.filter((c) => awardId !== '' && asText(c['awardID']) === awardId)
    const terms = linked.length > 0 ? linked : [null]
    for (const entry of terms) {
      const period = entry === null ? { start: null, end: null, days: null } : periodOf(reader, entry['period'], `contract ${asText(entry['id'])} period`)
      const start = period.start ?? awardPeriods[i]?.start ?? tenderPeriod.start
      const end = checkOrder(reader, start, period.end ?? awardPeriods[i]?.end ?? tenderPeriod.end, `award ${awardId || i + 1}`)
      const value = entry === null ? (awardValues[i] ?? null) : (reader.money(entry['value'], `contract ${asText(entry['id'])} value`) ?? awardValues[i] ?? null)
      for (const supplier of suppliers) {
        contracts.push({
          noticeId: ocid,
          reference: asText(entry?.['id']) || awardId,
          title: cleanNoticeText(asText(entry?.['title']) || asText(award['title'])) || title,
          description: cleanNoticeText(asText(entry?.['description']) || asText(award['description'])) || description,
          supplier: cleanNoticeText(asText(supplier['name'])),
          supplierCompanyNumber: companyNumberOf(compiled, supplier),
          buyer,
          // An award to several suppliers (a framework) states one value for all of them: it stays on the notice.
          valuePence: suppliers.length === 1 ? value : null,
          start,
          end,
          extensionMonths: [],
          endWithExtensions: null,
          cpvCodes,
          proclassCode: '',
          awardDate: awardDates[i] ?? start,
          place: process.place,
        })
      }
    }
  })
  return { notice, contracts }
}

/** Reads grouped OCDS processes into notices (one per ocid) and contracts. */
export function readOcdsProcesses(processes: readonly OcdsProcess[], publisherName: string, issues: ContractReadIssue[]): ContractFileRead {
  const notices: ReadNotice[] = []
  const contracts: ReadContract[] = []
  for (const process of processes) {
    const read = readProcess(process, issues)
    notices.push(read.notice)
    contracts.push(...read.contracts)
  }
  const publisher = cleanNoticeText(publisherName) || mostCommonText(notices.map((n) => n.buyer))
  return { format: 'ocds', publisher, notices, contracts, issues }
}
