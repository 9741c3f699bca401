/**
 * @module renewals
 * Contract renewal windows: groups of organisations whose contracts in a category end close enough together to
 * be replaced by one joint procurement, and the latest date that procurement must start (earliest end − lead time).
 */
import { addMonths, monthsBetween } from './dates.ts'
import type { IsoDate } from './dates.ts'
import type { Contract } from './category-plan.ts'
import type { ContractId, OrgId } from './ids.ts'
import type { Pence } from './money.ts'
import { DEFAULT_LEAD_TIME_MONTHS, validateLeadTimes } from './procurement-route.ts'
import type { LeadTimes, ProcurementRoute } from './procurement-route.ts'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'
import { traced } from './traced.ts'
import type { SourceRef, Traced } from './traced.ts'

/** Default renewal window: contracts ending within 18 months of each other can be aligned (see docs/domain.md). */
export const DEFAULT_RENEWAL_WINDOW_MONTHS = 18
/** Latest start within this many months of today is "urgent". */
export const URGENT_WITHIN_MONTHS = 6
/** Latest start within this many months of today is "soon". */
export const SOON_WITHIN_MONTHS = 12

/** Settings for renewal grouping; all editable per board. */
export interface RenewalSettings {
  readonly windowMonths: number
  /** Route assumed when the category plan has not chosen one. */
  readonly route: ProcurementRoute
  readonly leadTimes: LeadTimes
}

/** Defaults: 18-month window, open procedure, default lead times. */
export const DEFAULT_RENEWAL_SETTINGS: RenewalSettings = {
  windowMonths: DEFAULT_RENEWAL_WINDOW_MONTHS,
  route: 'open-procedure',
  leadTimes: DEFAULT_LEAD_TIME_MONTHS,
}

/** How pressing the latest start date is, relative to today. */
export type Urgency = 'overdue' | 'urgent' | 'soon' | 'later'

/** One contract in a renewal group. */
export interface RenewalMember {
  readonly contractId: ContractId
  readonly orgId: OrgId
  readonly end: IsoDate
  /** The end if every extension option were taken: room to align a contract that ends early. */
  readonly endWithExtensions: IsoDate
}

/** Contracts whose ends fall within one window, held by two or more organisations. */
export interface RenewalGroup {
  /** Sorted by end date, then contract id. */
  readonly members: readonly RenewalMember[]
  /** Distinct organisations, sorted. */
  readonly orgIds: readonly OrgId[]
  readonly earliestEnd: Traced<IsoDate>
  readonly latestEnd: Traced<IsoDate>
  /** Whole months from earliest to latest end (≤ the window). */
  readonly spanMonths: number
  readonly route: ProcurementRoute
  readonly leadTimeMonths: number
  /** Earliest end − lead time: start the joint procurement by this date so a contract is live when the first one ends. */
  readonly latestStart: Traced<IsoDate>
  /** Whole months from today to the latest start (negative when overdue). */
  readonly monthsToLatestStart: number
  readonly urgency: Urgency
  /** Sum of the contracts' total values. */
  readonly combinedValue: Traced<Pence>
}

/** Groups found, and contracts left out because they had already ended. */
export interface RenewalAnalysis {
  readonly groups: readonly RenewalGroup[]
  readonly expiredContractIds: readonly ContractId[]
}

/** Classifies a latest start date against today. */
export function urgencyOf(latestStart: IsoDate, today: IsoDate): Urgency {
  if (latestStart < today) return 'overdue'
  const months = monthsBetween(today, latestStart)
  if (months < URGENT_WITHIN_MONTHS) return 'urgent'
  if (months < SOON_WITHIN_MONTHS) return 'soon'
  return 'later'
}

/** Checks renewal settings: window 1–120 months and valid lead times. */
export function validateRenewalSettings(settings: RenewalSettings): Result<RenewalSettings> {
  if (!Number.isInteger(settings.windowMonths) || settings.windowMonths < 1 || settings.windowMonths > 120) {
    return fail('invalid-settings', `renewal window is ${String(settings.windowMonths)} months; it must be a whole number from 1 to 120`)
  }
  const lead = validateLeadTimes(settings.leadTimes)
  return lead.ok ? ok(settings) : lead
}

const contractRef = (contractId: ContractId): SourceRef => ({ kind: 'contract', contractId })

/**
 * Finds renewal groups among a category's contracts. Contracts that ended before `today` are left out. Sorted by
 * end date, each contract anchors a window [its end, its end + window]; the contracts ending inside it form a
 * candidate, and we keep the maximal candidates (not contained in another) that span two or more organisations.
 * Groups may overlap: they are options for the category manager, not a partition. Sorted by latest start date.
 * @example
 * // Ends 2026-03-31 (A), 2027-06-30 (B), 2028-01-31 (C), window 18 months:
 * // 2026-03-31 + 18 months = 2027-09-30 → {A, B}; 2027-06-30 + 18 = 2028-12-31 → {B, C}.
 */
export function findRenewalGroups(
  contracts: readonly Contract[],
  today: IsoDate,
  settings: RenewalSettings = DEFAULT_RENEWAL_SETTINGS,
): Result<RenewalAnalysis> {
  const checked = validateRenewalSettings(settings)
  if (!checked.ok) return checked
  const live = contracts
    .filter((c) => c.end >= today)
    .sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const expiredContractIds = contracts.filter((c) => c.end < today).map((c) => c.id).sort()
  const leadTimeMonths = settings.leadTimes[settings.route]
  const groups: RenewalGroup[] = []
  let previousEnd = -1
  for (let i = 0; i < live.length; i++) {
    const anchor = live[i]
    if (anchor === undefined) continue
    const windowEnd = addMonths(anchor.end, settings.windowMonths)
    if (!windowEnd.ok) return windowEnd
    let k = i
    while (k < live.length && (live[k]?.end ?? '') <= windowEnd.value) k++
    // Window [i, k) is maximal only if it reaches further than the window before it.
    if (k <= previousEnd) continue
    previousEnd = k
    const inWindow = live.slice(i, k)
    const orgIds = [...new Set(inWindow.map((c) => c.orgId))].sort()
    if (orgIds.length < 2) continue
    const members: RenewalMember[] = []
    for (const c of inWindow) {
      const extended = addMonths(c.end, c.extensionOptions.reduce((a, b) => a + b, 0))
      if (!extended.ok) return extended
      members.push({ contractId: c.id, orgId: c.orgId, end: c.end, endWithExtensions: extended.value })
    }
    const first = inWindow[0] ?? anchor
    const last = inWindow[inWindow.length - 1] ?? anchor
    const latestStart = addMonths(first.end, -leadTimeMonths)
    if (!latestStart.ok) return latestStart
    let value = 0
    // A contract whose value is not entered yet adds nothing (the report says which are missing).
    for (const c of inWindow) value += c.value ?? 0
    if (!Number.isSafeInteger(value)) return fail('unsafe-integer', `combined contract value of ${inWindow.length} contracts is beyond the safe integer range`)
    groups.push({
      members,
      orgIds,
      earliestEnd: traced(first.end, [contractRef(first.id)]),
      latestEnd: traced(last.end, [contractRef(last.id)]),
      spanMonths: monthsBetween(first.end, last.end),
      route: settings.route,
      leadTimeMonths,
      latestStart: traced(latestStart.value, [contractRef(first.id), { kind: 'assumption', name: `lead-time:${settings.route}` }]),
      monthsToLatestStart: monthsBetween(today, latestStart.value),
      urgency: urgencyOf(latestStart.value, today),
      combinedValue: traced(value as Pence, inWindow.map((c) => contractRef(c.id))),
    })
  }
  groups.sort((a, b) => (a.latestStart.value < b.latestStart.value ? -1 : a.latestStart.value > b.latestStart.value ? 1 : 0))
  return ok({ groups, expiredContractIds })
}
