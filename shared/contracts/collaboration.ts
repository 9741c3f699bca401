/**
 * @module collaboration
 * The opportunity finder: ranks pairs of bodies (and finds groups of three or more) that could buy together, from
 * their imported contracts and joint-buying history. Pure: the clock comes in as `today`, CPV labels as a map.
 *
 * For a pair A, B:
 * - **aligned contracts**: per CPV group (first three digits of a CPV code), contracts of A and of B that have not
 *   ended and whose ends lie within `windowMonths` of each other. Contracts are taken in end order; the earliest
 *   not yet used anchors a window [its end, its end + windowMonths]; when that window holds a contract of A and a
 *   different contract of B it becomes one aligned entry (its contracts are used), else the next contract anchors.
 *   Only windows whose earliest end is at most `today + windowMonths + leadTimeMonths` count: their latest start
 *   (earliest end − lead time) falls within the window from today, so the bodies must act in that window. Later
 *   alignments show on the forward plan and rise here as time passes.
 * - **shared CPV groups**: groups where both have a contract that has not ended (shown, not scored).
 * - **shared suppliers**: suppliers both contract with, names compared by `autoSupplierKey` (case, punctuation and
 *   legal forms folded), counting contracts not ended more than `SUPPLIER_LOOKBACK_MONTHS` ago or with no end.
 * - **joint procurements**: joint procurements that name both bodies.
 * - **combined value**: the value of the aligned contracts, each counted once.
 *
 * Score (a weighted sum; each part is one `reasons[]` entry with its points):
 *   aligned    = min(100, Σ over aligned entries of min(40, 10 × contracts in the entry)), entries taken by latest
 *                start, so once the 100 is reached later entries show with the points left (possibly 0)
 *   joint      = min(45, 15 × joint procurements)
 *   suppliers  = min(20, 2 × shared suppliers)
 *   value      = min(25, round(5 × log10(combined £ / £10,000))) when combined ≥ £10,000, else 0
 *   score      = aligned + joint + suppliers + value
 * So two contracts ending together (20) weigh more than one joint procurement (15), and many aligned categories
 * cannot drown joint history, shared suppliers and value (at most 100 of 190 points); five orders of magnitude of
 * value (from £10k to £1bn) span 0–25 points. Pairs scoring 0 are left out. Best first; ties by combined value,
 * then names, then ids. Groups: three or more bodies whose contracts in one CPV group fall in one window (same rule).
 */
import type { z } from 'zod'
import { addMonths, isValidIsoDate, monthsBetween } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { formatPenceCompact } from '../domain/money.ts'
import type { Pence } from '../domain/money.ts'
import { DEFAULT_LEAD_TIME_MONTHS, MAX_LEAD_TIME_MONTHS } from '../domain/procurement-route.ts'
import { DEFAULT_RENEWAL_WINDOW_MONTHS } from '../domain/renewals.ts'
import { fail, ok } from '../domain/result.ts'
import type { Result } from '../domain/result.ts'
import type { AlignedContractSchema, CollaborationPairsSchema, PairReasonSchema } from '../schema/contracts-api.ts'
import { autoSupplierKey, WITHHELD_KEY } from '../spend/supplier-key.ts'
import type { CpvMap } from '../taxonomy/search.ts'
import { monthYear } from './calendar.ts'
import { cpvGroupLabel, cpvGroupsOf } from './cpv-group.ts'

/** A Pooled organisation. */
export interface CollaborationOrg {
  readonly id: string
  readonly name: string
}

/** A contract as the finder needs it. */
export interface CollaborationContract {
  readonly id: string
  /** Pooled organisations it belongs to (several for a joint contract). */
  readonly orgIds: readonly string[]
  readonly title: string
  readonly supplier: string
  readonly valuePence: number | null
  readonly end: IsoDate | null
  readonly endIsEstimated: boolean
  readonly cpvCodes: readonly string[]
  readonly noticeIds: readonly string[]
}

/** A joint procurement and the Pooled organisations it names. */
export interface CollaborationJoint {
  readonly noticeIds: readonly string[]
  readonly title: string
  readonly orgIds: readonly string[]
}

export interface CollaborationInput {
  readonly orgs: readonly CollaborationOrg[]
  readonly contracts: readonly CollaborationContract[]
  readonly joint: readonly CollaborationJoint[]
  readonly today: IsoDate
  /** Contracts ending within this many months of each other align (1–120). Default 18. */
  readonly windowMonths?: number
  /** Months from starting a joint procurement to the new contract being live. Default: open procedure. */
  readonly leadTimeMonths?: number
  /** CPV 2008 labels (`shared/taxonomy/cpv.json`). */
  readonly cpvLabels: CpvMap
}

export type CollaborationPairs = z.infer<typeof CollaborationPairsSchema>
type AlignedContract = z.infer<typeof AlignedContractSchema>
type PairReason = z.infer<typeof PairReasonSchema>
type Pair = CollaborationPairs['pairs'][number]
type Group = CollaborationPairs['groups'][number]

/** Points per contract in an aligned entry, and the most one entry can earn. */
export const ALIGNED_POINTS_PER_CONTRACT = 10
export const ALIGNED_POINTS_MAX_PER_ENTRY = 40
/** The most aligned contracts can earn in all. */
export const ALIGNED_POINTS_MAX = 100
/** Points per joint procurement, and the most joint history can earn. */
export const JOINT_POINTS_EACH = 15
export const JOINT_POINTS_MAX = 45
/** Points per shared supplier, and the most shared suppliers can earn. */
export const SUPPLIER_POINTS_EACH = 2
export const SUPPLIER_POINTS_MAX = 20
/** Points per tenfold of combined value above `VALUE_POINTS_FLOOR_PENCE`, and the most value can earn. */
export const VALUE_POINTS_PER_TENFOLD = 5
export const VALUE_POINTS_MAX = 25
/** £10,000: combined value below this earns nothing. */
export const VALUE_POINTS_FLOOR_PENCE = 1_000_000
/** Contracts that ended longer ago than this no longer make a supplier "in common". */
export const SUPPLIER_LOOKBACK_MONTHS = 36
/** Supplier names shown in a reason before "and N more". */
const SUPPLIERS_NAMED = 3

/** A contract with a known end, for clustering. */
interface Dated {
  readonly c: CollaborationContract
  readonly end: IsoDate
}

const byEndThenId = (a: Dated, b: Dated): number =>
  a.end < b.end ? -1 : a.end > b.end ? 1 : a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0

/**
 * Greedy windows over contracts sorted by end: see the module comment. `accept` decides whether a window's
 * contracts form an entry; accepted contracts are not reused.
 */
function clusterByEnd(sorted: readonly Dated[], windowMonths: number, anchorLimit: IsoDate, accept: (members: readonly Dated[]) => boolean): Dated[][] {
  const out: Dated[][] = []
  let i = 0
  while (i < sorted.length) {
    const anchor = sorted[i]
    if (anchor === undefined || anchor.end > anchorLimit) break
    const windowEnd = addMonths(anchor.end, windowMonths)
    // Dates are validated years 1000–9999; a window past 9999 takes everything after the anchor.
    let k = i
    while (k < sorted.length && (!windowEnd.ok || (sorted[k]?.end ?? '') <= windowEnd.value)) k++
    const members = sorted.slice(i, k)
    if (accept(members)) {
      out.push(members)
      i = k
    } else {
      i++
    }
  }
  return out
}

/** Whole months, rounded up, from `a` to `b` (a ≤ b). */
function monthsSpanCeil(a: IsoDate, b: IsoDate): number {
  const m = monthsBetween(a, b)
  const back = addMonths(a, m)
  return back.ok && back.value < b ? m + 1 : m
}

function sumValues(contracts: readonly CollaborationContract[]): number {
  let total = 0
  for (const c of contracts) total += c.valuePence ?? 0
  return total
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function spanWords(first: IsoDate, last: IsoDate): string {
  if (first === last) return 'on the same day'
  const m = monthsSpanCeil(first, last)
  return m <= 1 ? 'within a month of each other' : `within ${m} months of each other`
}

/** The reason for one aligned entry. */
function alignedReasonText(members: readonly Dated[], label: string, latestStart: IsoDate, today: IsoDate): string {
  const first = members[0]
  const last = members[members.length - 1]
  if (first === undefined || last === undefined) return ''
  const estimated = members.filter((m) => m.c.endIsEstimated).length
  const range = first.end.slice(0, 7) === last.end.slice(0, 7) ? monthYear(first.end) : `${monthYear(first.end)} – ${monthYear(last.end)}`
  const estimatedWords = estimated === 0 ? '' : estimated === members.length ? ', end dates estimated' : `, ${plural(estimated, 'end date', 'end dates')} estimated`
  const start = latestStart >= today
    ? `start by ${monthYear(latestStart)}`
    : `the latest start (${monthYear(latestStart)}) has passed, so one contract would need extending to buy together`
  return `${members.length} contracts for ${label} end ${spanWords(first.end, last.end)} (${range}${estimatedWords}); ${start}`
}

/** Display name for a supplier key: the published name used most often, ties alphabetically. */
function displayName(names: ReadonlyMap<string, number>): string {
  let best = ''
  let bestCount = -1
  for (const [name, count] of names) {
    if (count > bestCount || (count === bestCount && name < best)) {
      best = name
      bestCount = count
    }
  }
  return best
}

/** Points for a combined value (see the module comment). */
export function valuePoints(combinedPence: number): number {
  if (combinedPence < VALUE_POINTS_FLOOR_PENCE) return 0
  return Math.min(VALUE_POINTS_MAX, Math.round(VALUE_POINTS_PER_TENFOLD * Math.log10(combinedPence / VALUE_POINTS_FLOOR_PENCE)))
}

interface OrgIndex {
  /** CPV group → live contracts (end ≥ today), sorted by end then id. */
  readonly liveByGroup: Map<string, Dated[]>
  /** Supplier key → published names with counts. */
  readonly suppliers: Map<string, Map<string, number>>
}

/**
 * Ranks pairs of organisations that could buy together and finds groups of three or more, with the reasons.
 * Fails (`invalid-settings`, `invalid-date`) for a window outside 1–120 months, a lead time outside
 * 0–`MAX_LEAD_TIME_MONTHS` or a bad `today`.
 * @example
 * // A's waste contract ends 2027-06-30, B's 2028-08-31 (estimated), window 18 months, lead time 9, today 2026-01-01:
 * // one aligned entry (20 points) "2 contracts for Refuse and waste related services end within 15 months of each
 * // other (Jun 2027 – Aug 2028, 1 end date estimated); start by Sep 2026".
 */
export function rankCollaborationPairs(input: CollaborationInput): Result<CollaborationPairs> {
  const windowMonths = input.windowMonths ?? DEFAULT_RENEWAL_WINDOW_MONTHS
  const leadTimeMonths = input.leadTimeMonths ?? DEFAULT_LEAD_TIME_MONTHS['open-procedure']
  const { today } = input
  if (!Number.isInteger(windowMonths) || windowMonths < 1 || windowMonths > 120) {
    return fail('invalid-settings', `collaboration window is ${String(windowMonths)} months; it must be a whole number from 1 to 120`)
  }
  if (!Number.isInteger(leadTimeMonths) || leadTimeMonths < 0 || leadTimeMonths > MAX_LEAD_TIME_MONTHS) {
    return fail('invalid-settings', `lead time is ${String(leadTimeMonths)} months; it must be a whole number from 0 to ${MAX_LEAD_TIME_MONTHS}`)
  }
  if (!isValidIsoDate(today)) return fail('invalid-date', `today "${String(today)}" is not a real date written YYYY-MM-DD`)
  const anchorLimit = addMonths(today, windowMonths + leadTimeMonths)
  const supplierSince = addMonths(today, -SUPPLIER_LOOKBACK_MONTHS)
  if (!anchorLimit.ok) return anchorLimit
  if (!supplierSince.ok) return supplierSince

  const orgs = [...new Map(input.orgs.map((o) => [o.id, o])).values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const orgById = new Map(orgs.map((o) => [o.id, o]))
  const contracts = [...new Map(input.contracts.map((c) => [c.id, c])).values()]

  const index = new Map<string, OrgIndex>(orgs.map((o) => [o.id, { liveByGroup: new Map(), suppliers: new Map() }]))
  const liveByGroupAll = new Map<string, Dated[]>()
  for (const c of contracts) {
    const owners = [...new Set(c.orgIds)].filter((id) => orgById.has(id))
    if (owners.length === 0) continue
    const isLive = c.end !== null && c.end >= today
    const isRecent = c.end === null || c.end >= supplierSince.value
    const supplierKey = autoSupplierKey(c.supplier)
    const groups = cpvGroupsOf(c.cpvCodes)
    for (const orgId of owners) {
      const idx = index.get(orgId)
      if (idx === undefined) continue
      if (isLive && c.end !== null) {
        for (const g of groups) {
          const list = idx.liveByGroup.get(g) ?? []
          list.push({ c, end: c.end })
          idx.liveByGroup.set(g, list)
        }
      }
      if (isRecent && supplierKey !== WITHHELD_KEY) {
        const names = idx.suppliers.get(supplierKey) ?? new Map<string, number>()
        names.set(c.supplier.trim(), (names.get(c.supplier.trim()) ?? 0) + 1)
        idx.suppliers.set(supplierKey, names)
      }
    }
    if (isLive && c.end !== null) {
      for (const g of groups) {
        const list = liveByGroupAll.get(g) ?? []
        list.push({ c, end: c.end })
        liveByGroupAll.set(g, list)
      }
    }
  }
  for (const idx of index.values()) for (const list of idx.liveByGroup.values()) list.sort(byEndThenId)

  const pairs: Pair[] = []
  for (let i = 0; i < orgs.length; i++) {
    for (let j = i + 1; j < orgs.length; j++) {
      const a = orgs[i]
      const b = orgs[j]
      if (a === undefined || b === undefined) continue
      const pair = scorePair(a, b, index, input.joint, input.cpvLabels, windowMonths, leadTimeMonths, today, anchorLimit.value)
      if (!pair.ok) return pair
      if (pair.value !== null) pairs.push(pair.value)
    }
  }
  pairs.sort((p, q) =>
    q.score - p.score ||
    q.combinedValuePence - p.combinedValuePence ||
    compareText(p.names.join('\u0000'), q.names.join('\u0000')) ||
    compareText(p.orgIds.join('\u0000'), q.orgIds.join('\u0000')))

  const groups: Group[] = []
  for (const [g, list] of [...liveByGroupAll].sort((x, y) => compareText(x[0], y[0]))) {
    const sorted = [...new Map(list.map((d) => [d.c.id, d])).values()].sort(byEndThenId)
    const clusters = clusterByEnd(sorted, windowMonths, anchorLimit.value, (members) =>
      new Set(members.flatMap((m) => m.c.orgIds.filter((id) => orgById.has(id)))).size >= 3)
    for (const members of clusters) {
      const first = members[0]
      if (first === undefined) continue
      const latestStart = addMonths(first.end, -leadTimeMonths)
      if (!latestStart.ok) return latestStart
      const ids = new Set(members.flatMap((m) => m.c.orgIds.filter((id) => orgById.has(id))))
      const members3 = orgs.filter((o) => ids.has(o.id))
      const value = sumValues(members.map((m) => m.c))
      if (!Number.isSafeInteger(value)) return fail('unsafe-integer', `combined value of ${members.length} contracts in CPV group ${g} is beyond the safe integer range`)
      groups.push({
        orgIds: members3.map((o) => o.id),
        names: members3.map((o) => o.name),
        cpvGroup: g,
        cpvGroupLabel: cpvGroupLabel(g, input.cpvLabels),
        latestStart: latestStart.value,
        combinedValuePence: value,
        contractIds: members.map((m) => m.c.id),
      })
    }
  }
  groups.sort((x, y) => compareText(x.latestStart, y.latestStart) || compareText(x.cpvGroup, y.cpvGroup) || compareText(x.orgIds.join('\u0000'), y.orgIds.join('\u0000')))

  return ok({ windowMonths, pairs, groups })
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function scorePair(
  a: CollaborationOrg,
  b: CollaborationOrg,
  index: ReadonlyMap<string, OrgIndex>,
  joint: readonly CollaborationJoint[],
  cpvLabels: CpvMap,
  windowMonths: number,
  leadTimeMonths: number,
  today: IsoDate,
  anchorLimit: IsoDate,
): Result<Pair | null> {
  const ia = index.get(a.id)
  const ib = index.get(b.id)
  if (ia === undefined || ib === undefined) return ok(null)
  const reasons: PairReason[] = []

  // Aligned contracts, per CPV group both have live contracts in.
  const sharedGroups = [...ia.liveByGroup.keys()].filter((g) => ib.liveByGroup.has(g)).sort()
  const aligned: { entry: AlignedContract; members: Dated[]; latestStart: IsoDate }[] = []
  for (const g of sharedGroups) {
    const both = new Map<string, Dated>()
    for (const d of [...(ia.liveByGroup.get(g) ?? []), ...(ib.liveByGroup.get(g) ?? [])]) both.set(d.c.id, d)
    const sorted = [...both.values()].sort(byEndThenId)
    const clusters = clusterByEnd(sorted, windowMonths, anchorLimit, (members) =>
      members.some((x) => x.c.orgIds.includes(a.id) && members.some((y) => y !== x && y.c.orgIds.includes(b.id))))
    for (const members of clusters) {
      const first = members[0]
      if (first === undefined) continue
      const latestStart = addMonths(first.end, -leadTimeMonths)
      if (!latestStart.ok) return latestStart
      const value = sumValues(members.map((m) => m.c))
      if (!Number.isSafeInteger(value)) return fail('unsafe-integer', `combined value of ${members.length} contracts for ${a.name} and ${b.name} is beyond the safe integer range`)
      aligned.push({
        members,
        latestStart: latestStart.value,
        entry: {
          cpvGroup: g,
          cpvGroupLabel: cpvGroupLabel(g, cpvLabels),
          contractIds: members.map((m) => m.c.id),
          titles: members.map((m) => m.c.title),
          ends: members.map((m) => m.end),
          latestStart: latestStart.value,
          combinedValuePence: value,
        },
      })
    }
  }
  aligned.sort((x, y) => compareText(x.entry.latestStart, y.entry.latestStart) || compareText(x.entry.cpvGroup, y.entry.cpvGroup))
  let alignedLeft = ALIGNED_POINTS_MAX
  for (const { entry, members, latestStart } of aligned) {
    const points = Math.min(alignedLeft, ALIGNED_POINTS_MAX_PER_ENTRY, ALIGNED_POINTS_PER_CONTRACT * members.length)
    alignedLeft -= points
    reasons.push({ kind: 'aligned-contracts', text: alignedReasonText(members, entry.cpvGroupLabel, latestStart, today), points })
  }

  // Joint history.
  const jointProcurements = joint
    .filter((p) => p.orgIds.includes(a.id) && p.orgIds.includes(b.id))
    .map((p) => ({ noticeIds: [...p.noticeIds], title: p.title }))
    .sort((x, y) => compareText(x.noticeIds.join(','), y.noticeIds.join(',')))
  if (jointProcurements.length > 0) {
    const example = jointProcurements[0]?.title ?? ''
    reasons.push({
      kind: 'joint-history',
      text: `bought together before: ${plural(jointProcurements.length, 'joint procurement', 'joint procurements')}${example === '' ? '' : `, e.g. “${example}”`}`,
      points: Math.min(JOINT_POINTS_MAX, JOINT_POINTS_EACH * jointProcurements.length),
    })
  }

  // Shared suppliers: most contracts across both first, then by name.
  const shared = [...ia.suppliers.keys()]
    .filter((k) => ib.suppliers.has(k))
    .map((k) => {
      const names = new Map<string, number>()
      let count = 0
      for (const m of [ia.suppliers.get(k), ib.suppliers.get(k)]) {
        for (const [name, n] of m ?? []) {
          names.set(name, (names.get(name) ?? 0) + n)
          count += n
        }
      }
      return { name: displayName(names), count }
    })
    .sort((x, y) => y.count - x.count || compareText(x.name, y.name))
  const sharedSuppliers = shared.map((s) => s.name)
  if (sharedSuppliers.length > 0) {
    const named = sharedSuppliers.slice(0, SUPPLIERS_NAMED).join(', ')
    const more = sharedSuppliers.length - SUPPLIERS_NAMED
    reasons.push({
      kind: 'shared-suppliers',
      text: `${plural(sharedSuppliers.length, 'supplier', 'suppliers')} in common: ${named}${more > 0 ? ` and ${more} more` : ''}`,
      points: Math.min(SUPPLIER_POINTS_MAX, SUPPLIER_POINTS_EACH * sharedSuppliers.length),
    })
  }

  // Combined value of the aligned contracts, each once.
  const alignedContracts = new Map<string, CollaborationContract>()
  for (const { members } of aligned) for (const m of members) alignedContracts.set(m.c.id, m.c)
  const combinedValuePence = sumValues([...alignedContracts.values()])
  if (!Number.isSafeInteger(combinedValuePence)) return fail('unsafe-integer', `combined value for ${a.name} and ${b.name} is beyond the safe integer range`)
  const vPoints = valuePoints(combinedValuePence)
  if (vPoints > 0) {
    const unvalued = [...alignedContracts.values()].filter((c) => c.valuePence === null).length
    reasons.push({
      kind: 'combined-value',
      text: `${formatPenceCompact(combinedValuePence as Pence)} combined across the ${plural(alignedContracts.size, 'contract', 'contracts')} that end together` +
        (unvalued > 0 ? ` (${plural(unvalued, 'has', 'have')} no published value)` : ''),
      points: vPoints,
    })
  }

  const score = reasons.reduce((s, r) => s + r.points, 0)
  if (score === 0) return ok(null)
  return ok({
    orgIds: [a.id, b.id],
    names: [a.name, b.name],
    score,
    jointProcurements,
    alignedContracts: aligned.map((x) => x.entry),
    sharedCpvGroups: sharedGroups.map((g) => ({ code: g, label: cpvGroupLabel(g, cpvLabels) })),
    sharedSuppliers,
    combinedValuePence,
    reasons,
  })
}
