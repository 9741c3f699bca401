/**
 * @module opportunities
 * Collaboration opportunities: categories where two or more bodies spend or hold contracts, with their combined
 * spend, pooled Kraljic placement, shared suppliers, renewal groups, an estimated saving under stated assumptions,
 * and a transparent ranking. Every figure carries its sources.
 */
import type { CategoryPlan } from './category-plan.ts'
import type { IsoDate } from './dates.ts'
import type { OrgId } from './ids.ts'
import { compareAloneVsPooled, DEFAULT_PROFIT_IMPACT_THRESHOLDS, profitImpactFromSpend, validateProfitImpactThresholds } from './kraljic.ts'
import type { AloneVsPooled, KraljicQuadrant, ProfitImpactThresholds } from './kraljic.ts'
import { applyBps, BPS_WHOLE } from './money.ts'
import type { BasisPoints, Pence } from './money.ts'
import { DEFAULT_RENEWAL_SETTINGS, findRenewalGroups, validateRenewalSettings } from './renewals.ts'
import type { RenewalGroup, RenewalSettings, Urgency } from './renewals.ts'
import { assertNever, fail, ok } from './result.ts'
import type { Result } from './result.ts'
import { isWithheldSupplierName, normaliseSupplierName } from './spend.ts'
import { mergeSources, traced } from './traced.ts'
import type { SourceRef, Traced } from './traced.ts'

/**
 * Assumed saving from collaborating, as a share of combined annual spend, by pooled quadrant. These are planning
 * assumptions, not evidence: leverage 8% (aggregated volume in a competitive market), noncritical 5% (process and
 * price savings from simple aggregation), strategic 3% (value and risk over price), bottleneck 2% (supply security
 * first). Editable per board; reasoning in docs/domain.md.
 */
export const DEFAULT_SAVINGS_RATES_BPS: Readonly<Record<KraljicQuadrant, BasisPoints>> = {
  leverage: 800 as BasisPoints,
  noncritical: 500 as BasisPoints,
  strategic: 300 as BasisPoints,
  bottleneck: 200 as BasisPoints,
}

/** Everything the opportunity rules assume; all editable. */
export interface OpportunitySettings {
  readonly thresholds: ProfitImpactThresholds
  readonly renewal: RenewalSettings
  readonly savingsRatesBps: Readonly<Record<KraljicQuadrant, BasisPoints>>
}

/** The default assumptions. */
export const DEFAULT_OPPORTUNITY_SETTINGS: OpportunitySettings = {
  thresholds: DEFAULT_PROFIT_IMPACT_THRESHOLDS,
  renewal: DEFAULT_RENEWAL_SETTINGS,
  savingsRatesBps: DEFAULT_SAVINGS_RATES_BPS,
}

/** A supplier named as a main supplier by two or more organisations in a category. */
export interface SharedSupplier {
  readonly key: string
  /** The first spelling in organisation-id order. */
  readonly name: string
  readonly orgIds: readonly OrgId[]
}

/** The four parts of the ranking score, each 0–5, and their sum. */
export interface OpportunityScore {
  readonly total: number
  /** Profit impact score of the combined spend (1–5). */
  readonly spend: number
  /** Number of organisations, capped at 5. */
  readonly organisations: number
  /** 5 overdue/urgent, 4 soon, 2 later within 24 months, 1 beyond, 0 without contracts. */
  readonly urgency: number
  /** Shared suppliers, capped at 5. */
  readonly sharedSuppliers: number
}

/** Inputs an opportunity lacks; the UI should prompt for them. */
export type MissingInput = 'supply-risk' | 'contracts'

/** A collaboration opportunity in one category. */
export interface Opportunity {
  readonly categoryId: CategoryPlan['id']
  readonly categoryName: string
  /** Organisations with spend or a live contract in the category, sorted. */
  readonly orgIds: readonly OrgId[]
  readonly combinedSpend: Traced<Pence>
  readonly sharedSuppliers: Traced<readonly SharedSupplier[]>
  /** Null when supply risk has not been scored. */
  readonly placement: AloneVsPooled | null
  /** Combined spend × the pooled quadrant's assumed rate, rounded down; null without a placement. */
  readonly estimatedSaving: (Traced<Pence> & { readonly rateBps: BasisPoints }) | null
  readonly renewalGroups: readonly RenewalGroup[]
  /** The most pressing urgency among renewal groups, or null without any. */
  readonly urgency: Urgency | null
  readonly score: OpportunityScore
  readonly missing: readonly MissingInput[]
}

/** Checks all settings (thresholds, renewal window and lead times, savings rates 0–100%). */
export function validateOpportunitySettings(settings: OpportunitySettings): Result<OpportunitySettings> {
  const t = validateProfitImpactThresholds(settings.thresholds)
  if (!t.ok) return t
  const r = validateRenewalSettings(settings.renewal)
  if (!r.ok) return r
  for (const [quadrant, rate] of Object.entries(settings.savingsRatesBps)) {
    if (!Number.isInteger(rate) || rate < 0 || rate > BPS_WHOLE) {
      return fail('invalid-settings', `savings rate for ${quadrant} is ${String(rate)} bps; it must be a whole number from 0 to ${BPS_WHOLE}`)
    }
  }
  return ok(settings)
}

function urgencyScore(urgency: Urgency | null, monthsToStart: number | null): number {
  if (urgency === null || monthsToStart === null) return 0
  switch (urgency) {
    case 'overdue':
    case 'urgent':
      return 5
    case 'soon':
      return 4
    case 'later':
      return monthsToStart < 24 ? 2 : 1
    default:
      return assertNever(urgency, 'urgency')
  }
}

function sharedSuppliersOf(category: CategoryPlan): SharedSupplier[] {
  const byKey = new Map<string, { name: string; orgs: Set<OrgId> }>()
  const entries = [...category.entries].sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0))
  for (const entry of entries) {
    for (const name of entry.mainSuppliers) {
      const key = normaliseSupplierName(name)
      if (key === '' || isWithheldSupplierName(name)) continue
      const found = byKey.get(key) ?? { name: name.trim(), orgs: new Set<OrgId>() }
      found.orgs.add(entry.orgId)
      byKey.set(key, found)
    }
  }
  return [...byKey.entries()]
    .filter(([, v]) => v.orgs.size >= 2)
    .map(([key, v]) => ({ key, name: v.name, orgIds: [...v.orgs].sort() }))
    .sort((a, b) => b.orgIds.length - a.orgIds.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

/** Analyses one category; `null` when fewer than two organisations spend and no renewal group exists. */
export function analyseOpportunity(
  category: CategoryPlan,
  today: IsoDate,
  settings: OpportunitySettings = DEFAULT_OPPORTUNITY_SETTINGS,
): Result<Opportunity | null> {
  const checked = validateOpportunitySettings(settings)
  if (!checked.ok) return checked
  const renewal = findRenewalGroups(category.contracts, today, { ...settings.renewal, route: category.plan.route ?? settings.renewal.route })
  if (!renewal.ok) return renewal
  const groups = renewal.value.groups
  const spenders = category.entries.filter((e) => e.annualSpend > 0)
  if (spenders.length < 2 && groups.length === 0) return ok(null)

  const entryRefs = (e: CategoryPlan['entries'][number]): SourceRef[] => [
    { kind: 'org-entry', categoryId: category.id, orgId: e.orgId },
    ...e.sourceLineIds.map((lineId): SourceRef => ({ kind: 'spend-line', lineId })),
  ]
  let total = 0
  for (const e of category.entries) total += e.annualSpend
  if (!Number.isSafeInteger(total)) return fail('unsafe-integer', `combined spend of category ${category.id} is beyond the safe integer range`)
  const combinedSpend = traced(total as Pence, mergeSources(...category.entries.map(entryRefs)))

  const shared = sharedSuppliersOf(category)
  const sharedSources = mergeSources(
    ...category.entries.filter((e) => shared.some((s) => s.orgIds.includes(e.orgId))).map((e): SourceRef[] => [{ kind: 'org-entry', categoryId: category.id, orgId: e.orgId }]),
  )

  const missing: MissingInput[] = []
  let placement: AloneVsPooled | null = null
  let estimatedSaving: Opportunity['estimatedSaving'] = null
  if (category.scores.supplyRisk === undefined) {
    missing.push('supply-risk')
  } else {
    const compared = compareAloneVsPooled({ supplyRisk: category.scores.supplyRisk, entries: category.entries }, settings.thresholds)
    if (!compared.ok) return compared
    placement = compared.value
    const quadrant = placement.pooled.quadrant
    const rateBps = settings.savingsRatesBps[quadrant]
    const saving = applyBps(combinedSpend.value, rateBps)
    if (!saving.ok) return saving
    estimatedSaving = {
      ...traced(saving.value, mergeSources(combinedSpend.sources, [{ kind: 'assumption', name: `savings-rate:${quadrant}` }, { kind: 'assumption', name: 'supply-risk-score' }])),
      rateBps,
    }
  }
  if (category.contracts.length === 0) missing.push('contracts')

  const liveOrgs = category.contracts.filter((c) => c.end >= today).map((c) => c.orgId)
  const orgIds = [...new Set([...spenders.map((e) => e.orgId), ...liveOrgs])].sort()
  const firstGroup = groups[0]
  const urgency = firstGroup?.urgency ?? null
  const score = {
    spend: profitImpactFromSpend(combinedSpend.value, settings.thresholds),
    organisations: Math.min(5, orgIds.length),
    urgency: urgencyScore(urgency, firstGroup?.monthsToLatestStart ?? null),
    sharedSuppliers: Math.min(5, shared.length),
  }
  return ok({
    categoryId: category.id,
    categoryName: category.name,
    orgIds,
    combinedSpend,
    sharedSuppliers: traced(shared, sharedSources),
    placement,
    estimatedSaving,
    renewalGroups: groups,
    urgency,
    score: { ...score, total: score.spend + score.organisations + score.urgency + score.sharedSuppliers },
    missing,
  })
}

/**
 * Finds and ranks collaboration opportunities across categories: by score total (spend + organisations + urgency +
 * shared suppliers, each 0–5), then combined spend, then category id, so the order is deterministic.
 */
export function findOpportunities(
  categories: readonly CategoryPlan[],
  today: IsoDate,
  settings: OpportunitySettings = DEFAULT_OPPORTUNITY_SETTINGS,
): Result<Opportunity[]> {
  const found: Opportunity[] = []
  for (const category of categories) {
    const r = analyseOpportunity(category, today, settings)
    if (!r.ok) return r
    if (r.value !== null) found.push(r.value)
  }
  found.sort(
    (a, b) =>
      b.score.total - a.score.total ||
      b.combinedSpend.value - a.combinedSpend.value ||
      (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0),
  )
  return ok(found)
}
