/**
 * @module planning-view
 * The derived planning view that the canvas (cards, Kraljic matrix, pooled spend table, renewal timeline,
 * opportunities) and the server reports both render: pooled spend and shares per category, Kraljic placement
 * alone and pooled, contracts and renewal windows, and ranked opportunities. Every figure carries the ids of the
 * rows it came from (`Traced`), so the UI can show where a number comes from. Pure: `today` is passed in.
 *
 * Figures from data: for a category linked to ProClass codes (`effectiveSpendCodes`), a body whose imported spend
 * data holds lines under those codes counts its data figure (annual pence, passed in as `dataSpend`: the caller reads
 * it from the board's pooled spend, see `dataSpendFromBoardSpend`) instead of its hand entry; bodies without data
 * keep their hand entry. Every rule (pooled spend, shares, profit impact, alone vs pooled, opportunities) sees the
 * same figures, and their sources say which came from data (`spend-data`) and which were entered by hand.
 *
 * Contracts from imports: `importedContracts` holds the contracts the bodies imported from published notices and
 * contract registers, linked to each category (`GET /api/boards/:boardId/contracts`, `importedContractsFromBoard`).
 * They are shown beside the hand-entered contracts, read-only, and join them in the renewal groups, the nearest end
 * and the opportunities (as contracts with id `imported:<orgId>:<id>`), except those without an end date and those the same
 * body also entered by hand (same reference, or same supplier and end): hand entry wins.
 */
import { effectiveSpendCodes } from '../domain/category-plan.ts'
import type { CategoryPlan, Contract, OrgEntry, Plan, Specification, ValidationIssue } from '../domain/category-plan.ts'
import type { IsoDate } from '../domain/dates.ts'
import type { CategoryId, ContractId, OrgId } from '../domain/ids.ts'
import { compareAloneVsPooled, placeOnKraljic, resolveProfitImpact } from '../domain/kraljic.ts'
import type { KraljicQuadrant, KraljicScore, Placement, ProfitImpact } from '../domain/kraljic.ts'
import { apportionBps } from '../domain/money.ts'
import type { BasisPoints, Pence } from '../domain/money.ts'
import { analyseOpportunity } from '../domain/opportunities.ts'
import type { MissingInput, Opportunity, OpportunitySettings, SharedSupplier } from '../domain/opportunities.ts'
import { pickCurrentContract } from '../domain/current-contract.ts'
import { findRenewalGroups } from '../domain/renewals.ts'
import type { RenewalGroup } from '../domain/renewals.ts'
import { monthsBetween } from '../domain/dates.ts'
import { mergeSources, traced } from '../domain/traced.ts'
import type { SourceRef, Traced } from '../domain/traced.ts'
import type { OpportunityRecord } from './planning-schema.ts'
import { autoSupplierKey, WITHHELD_KEY } from '../spend/supplier-key.ts'

/** An organisation as the view shows it (from the accounts API or the server's organisation rows). */
export interface OrgInfo {
  readonly id: OrgId
  readonly name: string
  readonly shortName: string
  /** CSS colour for the organisation's dot. */
  readonly colour: string
}

/** One body's figure for one category from its imported spend data (`GET /api/boards/:boardId/spend`). */
export interface DataSpendFigure {
  /** The matching lines' total scaled to a year (exactly the total when the data covers 12 months). */
  readonly annualPence: Pence
  /** The data's period in words: "12 months to 31 Mar 2026", "annualised from 3 months to 31 May 2026". */
  readonly periodLabel: string
  /** Payments (lines) behind the figure. */
  readonly transactions: number
  /** Distinct named suppliers behind the figure. */
  readonly suppliers: number
  /** Its largest suppliers by name (for shared suppliers); optional. */
  readonly mainSuppliers?: readonly string[]
}

/** categoryId → orgId → the body's figure from its data. A body left out keeps its hand entry. */
export type DataSpend = ReadonlyMap<string, ReadonlyMap<string, DataSpendFigure>>

/** How an imported contract's end date was found (`EndBasisSchema` of the contracts API). */
export interface ImportedEndBasis {
  readonly kind: 'stated' | 'wording' | 'cpv-typical' | 'unknown'
  /** The words or field that show it. */
  readonly quote: string
}

/** A contract a body imported, linked to a category (`GET /api/boards/:boardId/contracts`). Read-only on the board. */
export interface ImportedContract {
  readonly id: string
  readonly orgId: OrgId
  readonly title: string
  readonly supplier: string
  readonly valuePence: Pence | null
  readonly start: IsoDate | null
  readonly end: IsoDate | null
  readonly endIsEstimated: boolean
  readonly endBasis: ImportedEndBasis
  readonly endWithExtensions: IsoDate | null
  readonly cpvCodes: readonly string[]
  readonly noticeIds: readonly string[]
  /** Why it is in the category: "CPV 90511000 is under the category's 90500000". */
  readonly linkReason: { readonly kind: 'cpv' | 'proclass' | 'supplier'; readonly text: string }
  /** A published notice or the body's contract register. */
  readonly origin: 'notice' | 'register'
  readonly source: { readonly filename: string; readonly place: string }
  readonly reference: string
  readonly url: string
  /** Marked confidential by the body that imported it: only its members are sent it (the server leaves it out for others). */
  readonly confidential?: boolean
}

/** categoryId → the imported contracts linked to it, every body's together. */
export type ImportedContracts = ReadonlyMap<string, readonly ImportedContract[]>

/** An imported contract as the view shows it: whether it counts in the renewal groups, and why not. */
export interface ImportedContractView extends ImportedContract {
  /** Its id among the category's contracts in renewal groups and sources (`imported:<orgId>:<id>`). */
  readonly contractId: ContractId
  /** True when it joins the renewal groups, the nearest end and the opportunities. */
  readonly counts: boolean
  /** Why it does not count ("no end date", "also entered by hand"); null when it counts. */
  readonly leftOutBecause: string | null
}

/**
 * The id an imported contract has among a category's contracts: never a hand-entered id (those have no colon). Per
 * body, as a joint procurement's contract is each of its bodies' contract.
 */
export const importedContractId = (orgId: string, id: string): ContractId => `imported:${orgId}:${id}` as ContractId

/** Where a body's figure in a category comes from. */
export type FigureSourceKind = 'data' | 'hand' | 'none'

/** Colour used for an organisation the caller did not describe. */
export const UNKNOWN_ORG_COLOUR = '#888888'

/** One organisation's part in a category. */
export interface CategoryOrgView {
  readonly org: OrgInfo
  /** From its spend data when it has some for the category, else its hand entry; zero with neither. */
  readonly annualSpend: Traced<Pence>
  /** `data`: from its imported spend data (`data` says which period); `hand`: entered by hand; `none`: no figure. */
  readonly source: FigureSourceKind
  /** The figure from data, with its period and counts; null when the figure is not from data. */
  readonly data: DataSpendFigure | null
  /** The annual spend the body entered by hand, if any (kept, but not counted while its data gives a figure). */
  readonly handSpend: Pence | null
  /** Share of the category's pooled spend; the shares of a category sum to exactly 10000. Null when pooled spend is 0. */
  readonly shareBps: Traced<BasisPoints> | null
  /** True when the organisation has a figure: from its data or entered by hand (`source` is not `none`). */
  readonly hasEntry: boolean
  readonly supplierCount: number
  readonly mainSuppliers: readonly string[]
  /**
   * The organisation's current contract in the category (`pickCurrentContract`): its end is what "current contract
   * ends" shows and edits. It may be derived from an older board's `entries.contractEnd` (`isDerived`).
   */
  readonly currentContract: Contract | null
  readonly notes: string
  /** Placement from this organisation's own spend; null until supply risk is scored. */
  readonly alone: Traced<Placement> | null
  /** True when the organisation's quadrant alone differs from the pooled quadrant. */
  readonly isChangedWhenPooled: boolean
  /** This organisation's contracts in the category, sorted by end. */
  readonly contracts: readonly Contract[]
  /** This organisation's imported contracts linked to the category, sorted by end (none last), then id. */
  readonly importedContracts: readonly ImportedContractView[]
}

/** The category's one placement on the board: the matrix, the card, the inspector and the reports all show it. */
export interface CategoryPlacement {
  readonly supplyRisk: KraljicScore
  readonly profitImpact: KraljicScore
  readonly quadrant: KraljicQuadrant
  /** `spend`: profit impact from pooled spend; `hand`: the hand score, because no spend is entered yet. */
  readonly basis: ProfitImpact['basis']['kind']
}

/** Where the card sits on the Kraljic matrix. */
export interface CategoryQuadrants {
  readonly supplyRisk: KraljicScore | null
  /** The profit impact that applies and why (`resolveProfitImpact`); null with neither spend nor a hand score. */
  readonly profitImpact: ProfitImpact | null
  /** Supply risk + the profit impact that applies; null until both are known. */
  readonly placement: Traced<CategoryPlacement> | null
  /** Placement from pooled spend; null until supply risk is scored and some spend is entered. */
  readonly pooled: Traced<Placement> | null
  /** True when any organisation's quadrant alone differs from the pooled quadrant. */
  readonly isChangedWhenPooled: boolean
  /** True when pooled it is leverage and at least one organisation alone is not. */
  readonly becomesLeverageWhenPooled: boolean
}

/** Everything the canvas shows about one category. */
export interface CategoryView {
  readonly id: CategoryId
  readonly name: string
  readonly proclassCode: string | null
  readonly cpvCodes: readonly string[]
  /**
   * ProClass codes or prefixes the category's spend is drawn from (`effectiveSpendCodes`: its own list, else its
   * ProClass code); empty: not linked to spend data.
   */
  readonly spendCodes: readonly string[]
  /** The codes or prefixes listed on the category itself (empty when it relies on its ProClass code alone). */
  readonly listedSpendCodes: readonly string[]
  readonly owner: string
  readonly status: CategoryPlan['status']
  readonly scores: CategoryPlan['scores']
  /** Organisations with an entry or a contract, sorted by organisation id. */
  readonly orgs: readonly CategoryOrgView[]
  readonly pooledSpend: Traced<Pence>
  /** Sum of the organisations' supplier counts: an upper bound on distinct suppliers (fragmentation). */
  readonly supplierCount: Traced<number>
  /** Main suppliers named by two or more organisations. */
  readonly sharedSuppliers: readonly SharedSupplier[]
  readonly quadrants: CategoryQuadrants
  /** All hand-entered contracts in the category, sorted by end then id. */
  readonly contracts: readonly Contract[]
  /** Imported contracts linked to the category (read-only), sorted by end (none last), then id. */
  readonly importedContracts: readonly ImportedContractView[]
  /**
   * The nearest end date on or after today among the contracts (each organisation's current contract included, and
   * the imported contracts that count).
   */
  readonly nearestContractEnd: Traced<IsoDate> | null
  /** Groups of two or more organisations' contracts ending within the renewal window. */
  readonly renewalGroups: readonly RenewalGroup[]
  readonly expiredContractIds: readonly Contract['id'][]
  /** The opportunity analysis, or null when fewer than two organisations spend and no contracts end together. */
  readonly opportunity: Opportunity | null
  /** Opportunity cards on the board linked to this category. */
  readonly opportunityCards: readonly OpportunityRecord[]
  readonly specification: Specification
  readonly plan: Plan
  /** Inputs the card still lacks (prompt for them). */
  readonly missing: readonly MissingInput[]
}

/** A ranked collaboration opportunity. */
export interface RankedOpportunity {
  /** 1-based. */
  readonly rank: number
  readonly categoryId: CategoryId
  readonly categoryName: string
  readonly orgIds: readonly OrgId[]
  readonly combinedSpend: Traced<Pence>
  /** Earliest latest-start date among the category's renewal groups; null without any. */
  readonly latestStart: Traced<IsoDate> | null
  readonly estimatedSaving: Opportunity['estimatedSaving']
  readonly score: Opportunity['score']
  readonly analysis: Opportunity
  /** Opportunity cards already added for this category. */
  readonly cardIds: readonly OpportunityRecord['id'][]
}

/** A renewal group with its category, for board-wide "contracts ending together" lists. */
export interface BoardRenewalWindow {
  readonly categoryId: CategoryId
  readonly categoryName: string
  readonly group: RenewalGroup
}

/** One organisation's spend across every category. */
export interface OrgTotal {
  readonly org: OrgInfo
  readonly spend: Traced<Pence>
  /** Share of the board's pooled spend; shares sum to exactly 10000. Null when the total is 0. */
  readonly shareBps: BasisPoints | null
  readonly categoryIds: readonly CategoryId[]
}

/** The whole planning view of a board. */
export interface PlanningView {
  readonly today: IsoDate
  readonly settings: OpportunitySettings
  /** Sorted by name, then id. */
  readonly categories: readonly CategoryView[]
  readonly totalPooledSpend: Traced<Pence>
  /** Every organisation given or found in the data, sorted by organisation id. */
  readonly orgTotals: readonly OrgTotal[]
  /** Organisations with at least one figure, from data or by hand ("figures from N organisations"). */
  readonly contributingOrgIds: readonly OrgId[]
  readonly changedWhenPooled: readonly CategoryId[]
  readonly leverageWhenPooled: readonly CategoryId[]
  /** Every category's renewal groups, soonest latest start first. */
  readonly renewalWindows: readonly BoardRenewalWindow[]
  /** Best first: score total, then combined spend, then category id (as `findOpportunities`). */
  readonly opportunities: readonly RankedOpportunity[]
  /** Rules that could not be applied (e.g. a total beyond the safe range); the affected figures are left out. */
  readonly problems: readonly ValidationIssue[]
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const dataRef = (categoryId: CategoryId, orgId: OrgId, figure: DataSpendFigure): SourceRef => ({
  kind: 'spend-data',
  categoryId,
  orgId,
  periodLabel: figure.periodLabel,
  transactions: figure.transactions,
})

const entryRefs = (categoryId: CategoryId, e: OrgEntry): SourceRef[] => [
  { kind: 'org-entry', categoryId, orgId: e.orgId },
  ...e.sourceLineIds.map((lineId): SourceRef => ({ kind: 'spend-line', lineId })),
]

function sumExact(values: readonly number[]): number | null {
  let total = 0n
  for (const v of values) total += BigInt(v)
  return total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(total)
}

function orgInfoFor(orgs: ReadonlyMap<string, OrgInfo>, id: OrgId): OrgInfo {
  return orgs.get(id) ?? { id, name: id, shortName: id, colour: UNKNOWN_ORG_COLOUR }
}

function nearestEnd(contracts: readonly Contract[], today: IsoDate): Traced<IsoDate> | null {
  const candidates: { end: IsoDate; ref: SourceRef }[] = [
    // One contract model: an entry's legacy contract end is already among the contracts (derived by the reader).
    ...contracts.map((c) => ({ end: c.end, ref: { kind: 'contract', contractId: c.id } as SourceRef })),
  ].filter((c) => c.end >= today)
  if (candidates.length === 0) return null
  const end = candidates.reduce((a, b) => (b.end < a ? b.end : a), candidates[0]?.end ?? today)
  return traced(end, mergeSources(candidates.filter((c) => c.end === end).map((c) => c.ref)))
}

/** Extension options in months from an imported end with extensions (none when not later than the end). */
function extensionMonths(end: IsoDate, endWithExtensions: IsoDate | null): number[] {
  if (endWithExtensions === null || endWithExtensions <= end) return []
  return [Math.min(120, Math.max(1, monthsBetween(end, endWithExtensions)))]
}

/**
 * The imported contracts of a category as the view shows them, and those that count as contracts: an end date is
 * needed, and a body's own hand entry of the same contract (same reference, or same supplier and end) wins.
 */
function importedFor(categoryId: CategoryId, imported: readonly ImportedContract[], hand: readonly Contract[]): { views: ImportedContractView[]; counted: Contract[] } {
  const views: ImportedContractView[] = []
  const counted: Contract[] = []
  const seen = new Set<string>()
  for (const k of imported) {
    // The same contract of the same body listed twice counts once.
    const contractId = importedContractId(k.orgId, k.id)
    if (seen.has(contractId)) continue
    seen.add(contractId)
    const key = autoSupplierKey(k.supplier)
    const twin = hand.find(
      (h) =>
        h.orgId === k.orgId &&
        ((k.reference !== '' && (h.reference ?? '').trim().toLowerCase() === k.reference.trim().toLowerCase()) ||
          (k.end !== null && h.end === k.end && key !== WITHHELD_KEY && autoSupplierKey(h.supplier) === key)),
    )
    const leftOutBecause = k.end === null ? 'no end date' : twin !== undefined ? 'also entered by hand' : null
    views.push({ ...k, contractId, counts: leftOutBecause === null, leftOutBecause })
    if (k.end === null || leftOutBecause !== null) continue
    counted.push({
      id: contractId,
      orgId: k.orgId,
      categoryId,
      supplier: k.supplier,
      ...(k.start !== null && k.start <= k.end ? { start: k.start } : {}),
      end: k.end,
      extensionOptions: extensionMonths(k.end, k.endWithExtensions),
      ...(k.valuePence !== null && k.valuePence >= 0 ? { value: k.valuePence } : {}),
      ...(k.reference !== '' ? { reference: k.reference } : {}),
    })
  }
  const byEnd = (a: ImportedContractView, b: ImportedContractView) =>
    a.end === b.end ? compare(a.id, b.id) : a.end === null ? 1 : b.end === null ? -1 : compare(a.end, b.end)
  return { views: views.sort(byEnd), counted }
}

function buildCategory(
  plan: CategoryPlan,
  orgs: ReadonlyMap<string, OrgInfo>,
  settings: OpportunitySettings,
  today: IsoDate,
  cards: readonly OpportunityRecord[],
  problems: ValidationIssue[],
  dataSpend: DataSpend,
  importedContracts: ImportedContracts,
): CategoryView {
  const path = `categories.${plan.id}`
  const imported = importedFor(plan.id, importedContracts.get(plan.id) ?? [], plan.contracts)
  // Hand-entered and imported contracts together: what the renewal groups, nearest end and opportunities see.
  const allContracts: Contract[] = [...plan.contracts, ...imported.counted]
  const spendCodes = effectiveSpendCodes(plan)
  const data = spendCodes.length === 0 ? new Map<string, DataSpendFigure>() : (dataSpend.get(plan.id) ?? new Map<string, DataSpendFigure>())
  const handEntries = new Map(plan.entries.map((e) => [e.orgId as string, e]))
  // Every rule below sees one entry per body: its data figure where it has one, else its hand entry.
  const entries = [...new Set([...plan.entries.map((e) => e.orgId as string), ...data.keys()])]
    .sort(compare)
    .map((orgId): OrgEntry => {
      const hand = handEntries.get(orgId)
      const figure = data.get(orgId)
      if (figure === undefined && hand !== undefined) return hand
      return {
        orgId: orgId as OrgId,
        annualSpend: figure?.annualPence ?? (0 as Pence),
        supplierCount: figure?.suppliers ?? 0,
        mainSuppliers: [...(figure?.mainSuppliers ?? [])],
        ...(hand?.contractEnd !== undefined ? { contractEnd: hand.contractEnd } : {}),
        notes: hand?.notes ?? '',
        sourceLineIds: [],
      }
    })
  const effectivePlan: CategoryPlan = { ...plan, entries, contracts: allContracts }
  const refsOf = (e: OrgEntry): SourceRef[] => {
    const figure = data.get(e.orgId)
    return figure === undefined ? entryRefs(plan.id, e) : [dataRef(plan.id, e.orgId, figure)]
  }
  // Rules in shared/domain trace a body's figure to its entry; a figure from data is traced to the data instead.
  const retrace = (refs: readonly SourceRef[]): SourceRef[] =>
    mergeSources(refs.map((r): SourceRef => {
      const figure = r.kind === 'org-entry' && r.categoryId === plan.id ? data.get(r.orgId) : undefined
      return r.kind === 'org-entry' && figure !== undefined ? dataRef(plan.id, r.orgId, figure) : r
    }))
  const orgIds = [...new Set([...entries.map((e) => e.orgId), ...plan.contracts.map((c) => c.orgId), ...imported.views.map((c) => c.orgId)])].sort(compare)

  const pooledValue = sumExact(entries.map((e) => e.annualSpend))
  if (pooledValue === null) problems.push({ path: `${path}.pooledSpend`, message: `pooled spend of category ${plan.id} is beyond the safe integer range; shown as 0` })
  const pooledSpend = traced((pooledValue ?? 0) as Pence, mergeSources(...entries.map(refsOf)))
  const shares = pooledValue === null ? null : apportionBps(orgIds.map((id) => BigInt(entries.find((e) => e.orgId === id)?.annualSpend ?? 0)))

  const supplyRisk = plan.scores.supplyRisk ?? null
  // Alone vs pooled compares spend, so it needs some: with none, a hand score places the category (resolveProfitImpact).
  const compared = supplyRisk === null || pooledValue === null || pooledValue === 0 ? null : compareAloneVsPooled({ supplyRisk, entries }, settings.thresholds)
  if (compared !== null && !compared.ok) problems.push({ path: `${path}.quadrants`, message: compared.error.message })
  const placement = compared?.ok === true ? compared.value : null
  const assumptions: SourceRef[] = [{ kind: 'assumption', name: 'supply-risk-score' }, { kind: 'assumption', name: 'profit-impact-thresholds' }]

  const orgViews = orgIds.map((orgId, i): CategoryOrgView => {
    const entry = entries.find((e) => e.orgId === orgId)
    const refs = entry === undefined ? [] : refsOf(entry)
    const alone = placement?.alone.find((a) => a.orgId === orgId)
    const share = shares?.[i]
    const figure = data.get(orgId) ?? null
    const hand = handEntries.get(orgId)
    return {
      org: orgInfoFor(orgs, orgId),
      annualSpend: traced((entry?.annualSpend ?? 0) as Pence, refs),
      source: figure !== null ? 'data' : hand !== undefined ? 'hand' : 'none',
      data: figure,
      handSpend: hand?.annualSpend ?? null,
      shareBps: share === undefined ? null : traced(share, pooledSpend.sources),
      hasEntry: entry !== undefined,
      supplierCount: entry?.supplierCount ?? 0,
      mainSuppliers: entry?.mainSuppliers ?? [],
      currentContract: pickCurrentContract(plan.contracts.filter((c) => c.orgId === orgId), plan.id, today),
      notes: entry?.notes ?? '',
      alone: alone === undefined ? null : traced({ annualSpend: alone.annualSpend, profitImpact: alone.profitImpact, quadrant: alone.quadrant }, mergeSources(refs, assumptions)),
      isChangedWhenPooled: alone?.isChangedWhenPooled ?? false,
      contracts: plan.contracts.filter((c) => c.orgId === orgId),
      importedContracts: imported.views.filter((c) => c.orgId === orgId),
    }
  })

  const route = plan.plan.route ?? settings.renewal.route
  const renewal = findRenewalGroups(allContracts, today, { ...settings.renewal, route })
  if (!renewal.ok) problems.push({ path: `${path}.renewalGroups`, message: renewal.error.message })
  const analysed = analyseOpportunity(effectivePlan, today, settings)
  if (!analysed.ok) problems.push({ path: `${path}.opportunity`, message: analysed.error.message })
  const found = analysed.ok ? analysed.value : null
  const opportunity: Opportunity | null =
    found === null || data.size === 0
      ? found
      : {
          ...found,
          combinedSpend: traced(found.combinedSpend.value, retrace(found.combinedSpend.sources)),
          sharedSuppliers: traced(found.sharedSuppliers.value, retrace(found.sharedSuppliers.sources)),
          estimatedSaving: found.estimatedSaving === null ? null : { ...found.estimatedSaving, sources: retrace(found.estimatedSaving.sources) },
        }

  const missing: MissingInput[] = []
  if (supplyRisk === null) missing.push('supply-risk')
  if (allContracts.length === 0 && imported.views.length === 0) missing.push('contracts')

  const isChangedWhenPooled = placement?.isChangedWhenPooled ?? false
  const profitImpact = pooledValue === null ? null : resolveProfitImpact({ pooledSpend: pooledSpend.value, handScore: plan.scores.profitImpact }, settings.thresholds)
  const handRef: SourceRef = { kind: 'assumption', name: 'profit-impact-hand-score' }
  const boardPlacement: Traced<CategoryPlacement> | null =
    supplyRisk === null || profitImpact === null
      ? null
      : traced(
          { supplyRisk, profitImpact: profitImpact.score, quadrant: placeOnKraljic({ supplyRisk, profitImpact: profitImpact.score }), basis: profitImpact.basis.kind },
          profitImpact.basis.kind === 'spend' ? mergeSources(pooledSpend.sources, assumptions) : [{ kind: 'assumption', name: 'supply-risk-score' }, handRef],
        )
  return {
    id: plan.id,
    name: plan.name,
    proclassCode: plan.proclassCode ?? null,
    cpvCodes: plan.cpvCodes,
    spendCodes,
    listedSpendCodes: plan.spendCodes ?? [],
    owner: plan.owner,
    status: plan.status,
    scores: plan.scores,
    orgs: orgViews,
    pooledSpend,
    supplierCount: traced(
      entries.reduce((n, e) => n + e.supplierCount, 0),
      entries.map((e): SourceRef => refsOf(e)[0] ?? { kind: 'org-entry', categoryId: plan.id, orgId: e.orgId }),
    ),
    sharedSuppliers: opportunity?.sharedSuppliers.value ?? [],
    quadrants: {
      supplyRisk,
      profitImpact,
      placement: boardPlacement,
      pooled: placement === null ? null : traced({ annualSpend: placement.pooled.annualSpend, profitImpact: placement.pooled.profitImpact, quadrant: placement.pooled.quadrant }, mergeSources(pooledSpend.sources, assumptions)),
      isChangedWhenPooled,
      becomesLeverageWhenPooled: placement !== null && placement.pooled.quadrant === 'leverage' && placement.alone.some((a) => a.quadrant !== 'leverage'),
    },
    contracts: plan.contracts,
    importedContracts: imported.views,
    nearestContractEnd: nearestEnd(allContracts, today),
    renewalGroups: renewal.ok ? renewal.value.groups : [],
    expiredContractIds: renewal.ok ? renewal.value.expiredContractIds : [],
    opportunity,
    opportunityCards: cards.filter((c) => c.categoryIds.includes(plan.id)),
    specification: plan.specification,
    plan: plan.plan,
    missing,
  }
}

/**
 * Builds the planning view of a board from its assembled category plans (`assembleCategoryPlans`), the
 * organisations taking part, the board's settings (`readPlanningSettings`) and today's date. Opportunity cards
 * (`readOpportunities`) are linked to their categories and ranked opportunities when given. `dataSpend` holds the
 * bodies' figures from their imported spend data for linked categories (`dataSpendFromBoardSpend`); each replaces that
 * body's hand entry in that category. `importedContracts` holds the bodies' imported contracts linked to each category
 * (`importedContractsFromBoard`): shown read-only and counted with the hand-entered ones (see the module notes).
 * @example
 * const board = readPlanningBoard(boardDoc, orgDocs).value
 * const view = buildPlanningView(board.plans, orgs, board.settings, '2025-06-01' as IsoDate, board.opportunities, dataSpend)
 */
export function buildPlanningView(
  plans: readonly CategoryPlan[],
  orgs: readonly OrgInfo[],
  settings: OpportunitySettings,
  today: IsoDate,
  opportunityCards: readonly OpportunityRecord[] = [],
  dataSpend: DataSpend = new Map(),
  importedContracts: ImportedContracts = new Map(),
): PlanningView {
  const problems: ValidationIssue[] = []
  const orgMap = new Map(orgs.map((o) => [o.id as string, o]))
  const categories = plans
    .map((p) => buildCategory(p, orgMap, settings, today, opportunityCards, problems, dataSpend, importedContracts))
    .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id))

  const total = sumExact(categories.map((c) => c.pooledSpend.value))
  if (total === null) problems.push({ path: 'totalPooledSpend', message: 'total pooled spend is beyond the safe integer range; shown as 0' })
  const totalPooledSpend = traced((total ?? 0) as Pence, mergeSources(...categories.map((c) => c.pooledSpend.sources)))

  const allOrgIds = [...new Set([...orgs.map((o) => o.id), ...categories.flatMap((c) => c.orgs.map((o) => o.org.id))])].sort(compare)
  const perOrg = allOrgIds.map((orgId) => {
    const parts = categories.flatMap((c) => c.orgs.filter((o) => o.org.id === orgId && o.hasEntry).map((o) => ({ categoryId: c.id, spend: o.annualSpend })))
    return { orgId, parts, sum: sumExact(parts.map((p) => p.spend.value)) }
  })
  const orgShares = total === null ? null : apportionBps(perOrg.map((o) => BigInt(o.sum ?? 0)))
  const orgTotals = perOrg.map((o, i): OrgTotal => {
    if (o.sum === null) problems.push({ path: `orgTotals.${o.orgId}`, message: `spend of organisation ${o.orgId} is beyond the safe integer range; shown as 0` })
    return {
      org: orgInfoFor(orgMap, o.orgId),
      spend: traced((o.sum ?? 0) as Pence, mergeSources(...o.parts.map((p) => p.spend.sources))),
      shareBps: orgShares?.[i] ?? null,
      categoryIds: o.parts.map((p) => p.categoryId),
    }
  })

  const renewalWindows = categories
    .flatMap((c) => c.renewalGroups.map((group): BoardRenewalWindow => ({ categoryId: c.id, categoryName: c.name, group })))
    .sort((a, b) => compare(a.group.latestStart.value, b.group.latestStart.value) || compare(a.categoryId, b.categoryId))

  const ranked = categories
    .flatMap((c) => (c.opportunity === null ? [] : [{ c, o: c.opportunity }]))
    .sort((a, b) => b.o.score.total - a.o.score.total || b.o.combinedSpend.value - a.o.combinedSpend.value || compare(a.c.id, b.c.id))
    .map(({ c, o }, i): RankedOpportunity => ({
      rank: i + 1,
      categoryId: c.id,
      categoryName: c.name,
      orgIds: o.orgIds,
      combinedSpend: o.combinedSpend,
      latestStart: o.renewalGroups[0]?.latestStart ?? null,
      estimatedSaving: o.estimatedSaving,
      score: o.score,
      analysis: o,
      cardIds: c.opportunityCards.map((card) => card.id),
    }))

  return {
    today,
    settings,
    categories,
    totalPooledSpend,
    orgTotals,
    contributingOrgIds: orgTotals.filter((o) => o.categoryIds.length > 0).map((o) => o.org.id),
    changedWhenPooled: categories.filter((c) => c.quadrants.isChangedWhenPooled).map((c) => c.id),
    leverageWhenPooled: categories.filter((c) => c.quadrants.becomesLeverageWhenPooled).map((c) => c.id),
    renewalWindows,
    opportunities: ranked,
    problems,
  }
}
