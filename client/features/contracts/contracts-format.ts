/**
 * Pure display rules of the contracts pages (issue 12): values in pounds from integer pence, an end date with its
 * basis ("est." and the words it was counted from), the contracts table's filter, forward-plan quarters and filters,
 * joint evidence in words with the names in a quote picked out, and a collaboration pair's board title.
 */
import type { ContractRow } from '../../../shared/schema/contracts-api'
import type { Pence } from '../../../shared/domain/money'
import type { CollaborationPair } from '../../../shared/schema/contracts-api'
import { formatDate, formatMoney } from '../../ui/format'
import { sameBody } from '../../../shared/contracts/public-body-name'

/** `£125,000` from integer pence; `not published` when the notice gives no value. */
export function formatValue(pence: number | null): string {
  return pence === null ? 'not published' : formatMoney(pence as Pence)
}

export type EndBasisKind = ContractRow['endBasis']['kind']

/** How an end date was found, in words, for the "est." explanation. */
export const END_BASIS_LABELS: Readonly<Record<EndBasisKind, string>> = {
  stated: 'Date stated in the notice',
  wording: 'Counted from the term written in the notice',
  'cpv-typical': 'Typical term for this kind of contract (no term in the notice)',
  unknown: 'The notice gives no end date or term',
}

export interface EndView {
  /** `31 Mar 2027`, or `not known`. */
  readonly text: string
  readonly isEstimated: boolean
  /** Why: `Counted from the term written in the notice: “for a period of 3 years”`. */
  readonly explanation: string
}

/** A contract's end as shown: the date, whether it is an estimate, and the basis with its quote. */
export function endView(row: Pick<ContractRow, 'end' | 'endIsEstimated' | 'endBasis' | 'endWithExtensions'>): EndView {
  const quote = row.endBasis.quote.trim()
  let explanation = quote === '' ? END_BASIS_LABELS[row.endBasis.kind] : `${END_BASIS_LABELS[row.endBasis.kind]}: “${quote}”`
  if (row.endWithExtensions && row.endWithExtensions !== row.end) explanation += `. With every extension taken: ${formatDate(row.endWithExtensions)}.`
  return { text: row.end === null ? 'not known' : formatDate(row.end), isEstimated: row.end !== null && row.endIsEstimated, explanation }
}

/** Whole months from `from` to `to` (ISO dates), counting a part month as not yet passed: 2026-12-05 → 2027-06-04 is 5. */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number]
  let months = (ty - fy) * 12 + (tm - fm)
  if (td < fd) months -= 1
  return months
}

/** True when `end` is today or later and less than `months` whole months away (a contract already ended is not "ending"). */
export function endsWithin(end: string | null, today: string, months: number): boolean {
  if (end === null || end < today) return false
  return wholeMonthsBetween(today, end) < months
}

export interface ContractFilter {
  /** Words that must all appear in the title, supplier, buyers, joint partners, reference or CPV codes. */
  readonly text: string
  /** Only contracts ending from today to within this many months; null for all. */
  readonly endingWithinMonths: number | null
  readonly today: string
}

/** The contracts that match: those still running by soonest end, then those whose end is not known, then those ended, latest first. */
export function filterContracts<T extends Pick<ContractRow, 'title' | 'supplier' | 'buyers' | 'jointWith' | 'reference' | 'cpvCodes' | 'end'>>(rows: readonly T[], filter: ContractFilter): T[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== '')
  const hits = rows.filter((r) => {
    if (filter.endingWithinMonths !== null && !endsWithin(r.end, filter.today, filter.endingWithinMonths)) return false
    if (words.length === 0) return true
    const text = [r.title, r.supplier, ...r.buyers, ...r.jointWith, r.reference, ...r.cpvCodes].join(' ').toLowerCase()
    return words.every((w) => text.includes(w))
  })
  const band = (r: T) => (r.end === null ? 1 : r.end >= filter.today ? 0 : 2)
  return hits.sort((a, b) => {
    const byBand = band(a) - band(b)
    if (byBand !== 0) return byBand
    if (a.end !== null && b.end !== null && a.end !== b.end) return (a.end < b.end ? -1 : 1) * (band(a) === 2 ? -1 : 1)
    return a.title.localeCompare(b.title, 'en-GB')
  })
}

/** True when the contract has ended before `today`. */
export function hasEnded(end: string | null, today: string): boolean {
  return end !== null && end < today
}

const QUARTER_MONTHS = ['January to March', 'April to June', 'July to September', 'October to December'] as const

/** `2027-Q2` → `April to June 2027`; anything else unchanged. */
export function quarterLabel(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter)
  if (!m) return quarter
  return `${QUARTER_MONTHS[Number(m[2]) - 1]} ${m[1]}`
}

export interface QuarterGroup<T> {
  readonly quarter: string
  readonly label: string
  readonly rows: T[]
}

/** Rows grouped by their quarter, quarters in date order, rows by date then body then title within each. */
export function groupByQuarter<T extends { quarter: string; date: string; orgName: string; title: string }>(rows: readonly T[]): QuarterGroup<T>[] {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const list = groups.get(row.quarter)
    if (list) list.push(row)
    else groups.set(row.quarter, [row])
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([quarter, list]) => ({
      quarter,
      label: quarterLabel(quarter),
      rows: list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.orgName.localeCompare(b.orgName, 'en-GB') || a.title.localeCompare(b.title, 'en-GB')),
    }))
}

export interface PlanFilter {
  /** An organisation id, or '' for every body. */
  readonly orgId: string
  /** A CPV group code, or '' for every category. */
  readonly cpvGroup: string
}

/** The forward plan's rows for one body and/or one category. */
export function filterPlan<T extends { orgId: string; cpvGroup: string }>(rows: readonly T[], filter: PlanFilter): T[] {
  return rows.filter((r) => (filter.orgId === '' || r.orgId === filter.orgId) && (filter.cpvGroup === '' || r.cpvGroup === filter.cpvGroup))
}

/** The distinct values of a column, as options sorted by label: bodies or categories for the plan's filters. */
export function optionsOf<T>(rows: readonly T[], value: (row: T) => string, label: (row: T) => string): { value: string; label: string }[] {
  const seen = new Map<string, string>()
  for (const row of rows) if (!seen.has(value(row))) seen.set(value(row), label(row))
  return [...seen.entries()].map(([v, l]) => ({ value: v, label: l })).sort((a, b) => a.label.localeCompare(b.label, 'en-GB'))
}

export type JointEvidenceKind = 'buyer-parties' | 'buyer-name' | 'same-notice-publishers' | 'on-behalf-of' | 'named-together'
export type NoticeField = 'buyers' | 'publisher' | 'title' | 'description'

/** Why a piece of evidence shows joint buying, in words. */
export const JOINT_EVIDENCE_LABELS: Readonly<Record<JointEvidenceKind, string>> = {
  'buyer-parties': 'The notice lists more than one public body as buyer',
  'buyer-name': 'The buyer’s name joins two public bodies',
  'same-notice-publishers': 'The same notice was published by more than one body',
  'on-behalf-of': 'One body buys on behalf of others it names',
  'named-together': 'The bodies are named as buying together',
}

/** Which part of the notice the words come from. */
export const NOTICE_FIELD_LABELS: Readonly<Record<NoticeField, string>> = {
  buyers: 'Buyers',
  publisher: 'Publisher',
  title: 'Title',
  description: 'Description',
}

export interface TextPart {
  readonly text: string
  readonly isMatch: boolean
}

/** Words that link bodies in a joint-buying quote. */
const LINKING_WORDS = ['on behalf of', 'jointly', 'joint', 'in partnership with', 'together with', 'collaborative', 'collaboration']

/**
 * A quote split so that the words that show the claim stand out: every body name (case-insensitive, longest first)
 * and linking words such as "on behalf of" and "jointly". Parts joined give the quote back unchanged.
 */

export function highlightParts(quote: string, names: readonly string[]): TextPart[] {
  const terms = [...names, ...LINKING_WORDS]
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .sort((a, b) => b.length - a.length)
  if (quote === '') return []
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern = new RegExp(`\\b(?:${escaped.join('|')})\\b`, 'gi')
  const parts: TextPart[] = []
  let at = 0
  for (const m of quote.matchAll(pattern)) {
    const index = m.index ?? 0
    if (index > at) parts.push({ text: quote.slice(at, index), isMatch: false })
    parts.push({ text: m[0], isMatch: true })
    at = index + m[0].length
  }
  if (at < quote.length) parts.push({ text: quote.slice(at), isMatch: false })
  return parts
}

/** A title for the board opened for a pair: `Joint procurement: Refuse and waste services — Chorley Council and South Ribble Borough Council`. */
export function opportunityBoardTitle(pair: Pick<CollaborationPair, 'names' | 'alignedContracts' | 'sharedCpvGroups'>): string {
  const topic = pair.alignedContracts[0]?.cpvGroupLabel ?? pair.sharedCpvGroups[0]?.label
  const bodies = joinNames(pair.names)
  const title = topic ? `Joint procurement: ${topic} — ${bodies}` : `Working together — ${bodies}`
  return title.length <= 200 ? title : `${title.slice(0, 199)}…`
}

/** The CPV group a board opened for a pair is about: the first aligned contracts' group, when it is a 3-digit code. */
export function opportunityCpvGroup(pair: Pick<CollaborationPair, 'alignedContracts' | 'sharedCpvGroups'>): string | undefined {
  const code = pair.alignedContracts[0]?.cpvGroup ?? pair.sharedCpvGroups[0]?.code
  return code !== undefined && /^\d{3}$/.test(code) ? code : undefined
}

/** `A`, `A and B`, `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? ''
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** A score to one decimal place, without a trailing `.0`. */
export function formatScore(score: number): string {
  const rounded = Math.round(score * 10) / 10
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1)
}

/** A contract file's layout, in words. */
export const FORMAT_LABELS: Readonly<Record<'ocds' | 'contracts-finder-extract' | 'register-csv', string>> = {
  ocds: 'OCDS notices',
  'contracts-finder-extract': 'Contracts Finder extract',
  'register-csv': 'Contract register (CSV)',
}

export interface ContractsSummary {
  readonly total: number
  /** Ending today or later. */
  readonly running: number
  readonly endingWithin: number
  /** Bought jointly with another body. */
  readonly joint: number
  /** Running contracts whose end is an estimate. */
  readonly runningEstimated: number
  /** Published values of the running contracts, added; those with no published value are counted in `runningWithoutValue`. */
  readonly runningValuePence: number
  readonly runningWithoutValue: number
}

/** The figures above the contracts table: how many, how many still running and ending soon, joint, and their value. */
export function summariseContracts(rows: readonly Pick<ContractRow, 'end' | 'endIsEstimated' | 'jointWith' | 'valuePence'>[], today: string, withinMonths: number): ContractsSummary {
  let running = 0
  let endingWithin = 0
  let joint = 0
  let runningEstimated = 0
  let runningValuePence = 0
  let runningWithoutValue = 0
  for (const r of rows) {
    if (r.jointWith.length > 0) joint += 1
    if (r.end === null || r.end < today) continue
    running += 1
    if (r.endIsEstimated) runningEstimated += 1
    if (endsWithin(r.end, today, withinMonths)) endingWithin += 1
    if (r.valuePence === null) runningWithoutValue += 1
    else runningValuePence += r.valuePence
  }
  return { total: rows.length, running, endingWithin, joint, runningEstimated, runningValuePence, runningWithoutValue }
}

/**
 * The other bodies of a joint procurement, as the organisation whose page it is sees them: the buyers and the named
 * partners, each once, without the organisation itself (under any of its written names). Empty when not joint.
 */
export function jointPartners(row: Pick<ContractRow, 'buyers' | 'jointWith'>, orgName: string): string[] {
  if (row.jointWith.length === 0) return []
  const out: string[] = []
  for (const name of [...row.buyers, ...row.jointWith]) {
    if (sameBody(name, orgName) || out.some((n) => sameBody(n, name) || n === name)) continue
    out.push(name)
  }
  return out
}
