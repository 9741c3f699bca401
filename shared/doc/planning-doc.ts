/**
 * @module planning-doc
 * Reads the category-planning content of a board's Yjs documents into domain values. Every reader parses with
 * zod `safeParse` and reports bad content as `{ path, message }` problems instead of throwing: one bad field
 * never hides a card, and one bad card never hides the board. Layout: docs/planning-doc.md.
 */
import * as Y from 'yjs'
import type { z } from 'zod'
import { createCategoryPlan, validateCategory } from '../domain/category-plan.ts'
import type { CategoryPlan, Contract, OrgEntry, ValidationIssue } from '../domain/category-plan.ts'
import { contractFromEntryEnd } from '../domain/current-contract.ts'
import { CategoryIdSchema } from '../domain/ids.ts'
import type { CategoryId, OrgId } from '../domain/ids.ts'
import { DEFAULT_PROFIT_IMPACT_THRESHOLDS, KRALJIC_QUADRANTS } from '../domain/kraljic.ts'
import type { KraljicQuadrant } from '../domain/kraljic.ts'
import type { BasisPoints } from '../domain/money.ts'
import { DEFAULT_OPPORTUNITY_SETTINGS } from '../domain/opportunities.ts'
import type { OpportunitySettings } from '../domain/opportunities.ts'
import { PROCUREMENT_ROUTES, ProcurementRouteSchema } from '../domain/procurement-route.ts'
import type { ProcurementRoute } from '../domain/procurement-route.ts'
import {
  CATEGORIES_KEY,
  CATEGORY_FIELD_SCHEMAS,
  CONTRACTS_KEY,
  ContractValueSchema,
  ENTRIES_KEY,
  issuesFrom,
  LeadTimeMonthsSchema,
  OPPORTUNITIES_KEY,
  OpportunityRecordSchema,
  OrgEntryValueSchema,
  PLANNING_SETTINGS_KEY,
  RenewalWindowMonthsSchema,
  SavingsRateBpsSchema,
  SETTING_KEYS,
  ThresholdsSchema,
} from './planning-schema.ts'
import type { CategoryRecord, DocRead, OpportunityRecord } from './planning-schema.ts'
import { readSpecificationAndPlan } from './plan-layout.ts'
import { incompleteWork } from './planning-notes.ts'
import type { IncompleteNote } from './planning-notes.ts'

/** The fallback name of a card whose stored name is missing or bad (the problem is reported). */
export const UNNAMED_CATEGORY = 'Untitled category'

const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Reads one field of a category map; a missing or bad value yields `fallback` (a bad one is reported). */
function readField<F extends keyof typeof CATEGORY_FIELD_SCHEMAS>(
  map: Y.Map<unknown>,
  field: F,
  path: string,
  problems: ValidationIssue[],
  isRequired: boolean,
): { ok: true; value: ReturnType<(typeof CATEGORY_FIELD_SCHEMAS)[F]['parse']> } | { ok: false } {
  const raw = map.get(field)
  if (raw === undefined) {
    if (isRequired) problems.push({ path: `${path}.${field}`, message: `${field} is missing` })
    return { ok: false }
  }
  const parsed = CATEGORY_FIELD_SCHEMAS[field].safeParse(raw)
  if (!parsed.success) {
    problems.push(...issuesFrom(parsed.error, `${path}.${field}`))
    return { ok: false }
  }
  return { ok: true, value: parsed.data as ReturnType<(typeof CATEGORY_FIELD_SCHEMAS)[F]['parse']> }
}

function readCategory(id: CategoryId, map: Y.Map<unknown>, problems: ValidationIssue[]): CategoryRecord {
  const path = `${CATEGORIES_KEY}.${id}`
  const base = createCategoryPlan(id, UNNAMED_CATEGORY)
  const name = readField(map, 'name', path, problems, true)
  const proclassCode = readField(map, 'proclassCode', path, problems, false)
  const cpvCodes = readField(map, 'cpvCodes', path, problems, false)
  const spendCodes = readField(map, 'spendCodes', path, problems, false)
  const owner = readField(map, 'owner', path, problems, false)
  const status = readField(map, 'status', path, problems, false)
  const supplyRisk = readField(map, 'supplyRisk', path, problems, false)
  const profitImpact = readField(map, 'profitImpact', path, problems, false)
  const { specification, plan } = readSpecificationAndPlan(map, path, problems)
  const createdAt = readField(map, 'createdAt', path, problems, false)
  const createdBy = readField(map, 'createdBy', path, problems, false)
  const scores: { supplyRisk?: NonNullable<CategoryRecord['scores']['supplyRisk']>; profitImpact?: NonNullable<CategoryRecord['scores']['profitImpact']> } = {}
  if (supplyRisk.ok && supplyRisk.value !== undefined) scores.supplyRisk = supplyRisk.value
  if (profitImpact.ok && profitImpact.value !== undefined) scores.profitImpact = profitImpact.value
  return {
    id,
    name: name.ok ? name.value : base.name,
    ...(proclassCode.ok && proclassCode.value !== undefined ? { proclassCode: proclassCode.value } : {}),
    cpvCodes: cpvCodes.ok ? cpvCodes.value : base.cpvCodes,
    // Cards made before spend data have no key: no linked codes.
    spendCodes: spendCodes.ok ? spendCodes.value : [],
    owner: owner.ok ? owner.value : base.owner,
    status: status.ok ? status.value : base.status,
    scores,
    specification,
    plan,
    ...(createdAt.ok ? { createdAt: createdAt.value } : {}),
    ...(createdBy.ok ? { createdBy: createdBy.value } : {}),
  }
}

/**
 * Reads every category card of the board document, sorted by id. A bad field falls back to its empty value
 * (name: `UNNAMED_CATEGORY`) and is reported; an entry with a bad id or that is not a `Y.Map` is left out and reported.
 */
export function readCategories(boardDoc: Y.Doc): DocRead<CategoryRecord[]> {
  const problems: ValidationIssue[] = []
  const out: CategoryRecord[] = []
  boardDoc.getMap<unknown>(CATEGORIES_KEY).forEach((value, key) => {
    const id = CategoryIdSchema.safeParse(key)
    if (!id.success) {
      problems.push({ path: `${CATEGORIES_KEY}.${key}`, message: `category id ${JSON.stringify(key)} is invalid; card left out` })
      return
    }
    if (!(value instanceof Y.Map)) {
      problems.push({ path: `${CATEGORIES_KEY}.${key}`, message: `category ${key} is not a Y.Map of fields; card left out` })
      return
    }
    out.push(readCategory(id.data, value as Y.Map<unknown>, problems))
  })
  out.sort(byId)
  return { value: out, problems }
}

/** One organisation's figures on a board: its entries per category and its contracts. */
export interface OrgData {
  readonly orgId: OrgId
  /** One entry per category, sorted by category id. */
  readonly entries: readonly (OrgEntry & { readonly categoryId: CategoryId })[]
  /** Sorted by contract id. */
  readonly contracts: readonly Contract[]
}

/**
 * Reads the contracts of one `contracts` map, reporting (and leaving out) those that fail their schema, end before
 * they start, or are filed under a different id than their own.
 */
function readContractsMap(doc: Y.Doc, orgId: OrgId, problems: ValidationIssue[], isConfidential: boolean): Contract[] {
  const contracts: Contract[] = []
  doc.getMap<unknown>(CONTRACTS_KEY).forEach((value, key) => {
    const path = `${CONTRACTS_KEY}.${key}`
    const parsed = ContractValueSchema.safeParse(value)
    if (!parsed.success) {
      problems.push(...issuesFrom(parsed.error, path))
      return
    }
    const c = parsed.data
    if (c.id !== key) {
      problems.push({ path: `${path}.id`, message: `contract filed under ${key} has id ${c.id}; left out` })
      return
    }
    if (c.start !== undefined && c.end < c.start) {
      problems.push({ path: `${path}.end`, message: `contract ${c.id} ends (${c.end}) before it starts (${c.start}); left out` })
      return
    }
    contracts.push(isConfidential ? { ...c, orgId, isConfidential: true } : { ...c, orgId })
  })
  return contracts
}

/**
 * Reads an organisation's document (`<boardId>~org~<orgId>`) and, for its own members, its confidential document
 * (`<boardId>~private~<orgId>`, `privateDoc`), whose contracts are marked `isConfidential`. Entries and contracts that
 * fail their schema (or a contract ending before it starts, or filed under a different id than its own) are left out
 * and reported. A contract in both documents (a move between them that has reached one and not yet the other) is read
 * once, as confidential. An entry's legacy `contractEnd` with no matching contract is returned as a derived contract
 * (`isDerived`).
 */
export function readOrgData(orgDoc: Y.Doc, orgId: OrgId, privateDoc?: Y.Doc): DocRead<OrgData> {
  const problems: ValidationIssue[] = []
  const entries: (OrgEntry & { categoryId: CategoryId })[] = []
  orgDoc.getMap<unknown>(ENTRIES_KEY).forEach((value, key) => {
    const path = `${ENTRIES_KEY}.${key}`
    const id = CategoryIdSchema.safeParse(key)
    if (!id.success) {
      problems.push({ path, message: `category id ${JSON.stringify(key)} is invalid; entry left out` })
      return
    }
    const parsed = OrgEntryValueSchema.safeParse(value)
    if (!parsed.success) {
      problems.push(...issuesFrom(parsed.error, path))
      return
    }
    entries.push({ ...parsed.data, orgId, categoryId: id.data })
  })
  const confidential = privateDoc === undefined ? [] : readContractsMap(privateDoc, orgId, problems, true)
  const confidentialIds = new Set(confidential.map((c) => c.id as string))
  const contracts: Contract[] = [...readContractsMap(orgDoc, orgId, problems, false).filter((c) => !confidentialIds.has(c.id)), ...confidential]
  entries.sort((a, b) => (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0))
  // One contract model: an older board's "current contract ends" date is read as the organisation's current
  // contract (derived) until its next edit writes it to the contracts map (planning-writers migrateEntryContractEnd).
  for (const e of entries) {
    const derived = contractFromEntryEnd(orgId, e.categoryId, e, contracts)
    if (derived !== null) contracts.push(derived)
  }
  contracts.sort(byId)
  return { value: { orgId, entries, contracts }, problems }
}

/**
 * Reads the board's planning settings in the shape the domain rules take (`OpportunitySettings`). Missing keys
 * take the defaults from shared/domain; bad values are reported and replaced by the default.
 */
export function readPlanningSettings(boardDoc: Y.Doc): DocRead<OpportunitySettings> {
  const problems: ValidationIssue[] = []
  const map = boardDoc.getMap<unknown>(PLANNING_SETTINGS_KEY)
  const read = <S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): z.output<S> => {
    const raw = map.get(key)
    if (raw === undefined) return fallback
    const parsed = schema.safeParse(raw)
    if (parsed.success) return parsed.data
    problems.push(...issuesFrom(parsed.error, `${PLANNING_SETTINGS_KEY}.${key}`).map((p) => ({ ...p, message: `${p.message}; the default is used` })))
    return fallback
  }
  const defaults = DEFAULT_OPPORTUNITY_SETTINGS
  const thresholds = read(SETTING_KEYS.thresholds, ThresholdsSchema, DEFAULT_PROFIT_IMPACT_THRESHOLDS)
  const windowMonths = read(SETTING_KEYS.renewalWindowMonths, RenewalWindowMonthsSchema, defaults.renewal.windowMonths)
  const route = read(SETTING_KEYS.defaultRoute, ProcurementRouteSchema, defaults.renewal.route)
  const leadTimes = {} as Record<ProcurementRoute, number>
  for (const r of PROCUREMENT_ROUTES) leadTimes[r] = read(SETTING_KEYS.leadTimeMonths(r), LeadTimeMonthsSchema, defaults.renewal.leadTimes[r])
  const savingsRatesBps = {} as Record<KraljicQuadrant, BasisPoints>
  for (const q of KRALJIC_QUADRANTS) savingsRatesBps[q] = read(SETTING_KEYS.savingsRateBps(q), SavingsRateBpsSchema, defaults.savingsRatesBps[q])
  return { value: { thresholds, renewal: { windowMonths, route, leadTimes }, savingsRatesBps }, problems }
}

/** Reads the opportunity cards added to the board, sorted by creation time then id. Bad records are reported and left out. */
export function readOpportunities(boardDoc: Y.Doc): DocRead<OpportunityRecord[]> {
  const problems: ValidationIssue[] = []
  const out: OpportunityRecord[] = []
  boardDoc.getMap<unknown>(OPPORTUNITIES_KEY).forEach((value, key) => {
    const path = `${OPPORTUNITIES_KEY}.${key}`
    const parsed = OpportunityRecordSchema.safeParse(value)
    if (!parsed.success) {
      problems.push(...issuesFrom(parsed.error, path))
      return
    }
    if (parsed.data.id !== key) {
      problems.push({ path: `${path}.id`, message: `opportunity filed under ${key} has id ${parsed.data.id}; left out` })
      return
    }
    out.push(parsed.data)
  })
  out.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : byId(a, b)))
  return { value: out, problems }
}

/** Assembled plans: unreadable content in `problems`, work in progress in `incomplete`. */
export interface AssembledPlans extends DocRead<CategoryPlan[]> {
  readonly incomplete: readonly IncompleteNote[]
}

/**
 * Assembles full category plans (shared/domain `CategoryPlan`) from the board document and every organisation
 * document: each card gets every organisation's entry (sorted by organisation id) and contracts (sorted by end,
 * then id). Reported, not fatal: problems from each reader (paths prefixed `orgs.<orgId>.` for organisation
 * documents), entries and contracts for categories not on the board (e.g. a deleted card), a contract id used by two
 * organisations (the later organisation's is left out), and the cross-field rules of `validateCategory` except the
 * governance ones, which are work in progress: `incomplete` (planning-notes.ts `incompleteWork`). `privateDocs`: the
 * confidential documents the reader may see, by organisation (read with that organisation's document, `readOrgData`).
 */
export function assembleCategoryPlans(boardDoc: Y.Doc, orgDocs: ReadonlyMap<OrgId, Y.Doc>, privateDocs: ReadonlyMap<OrgId, Y.Doc> = new Map()): AssembledPlans {
  const categories = readCategories(boardDoc)
  const problems: ValidationIssue[] = [...categories.problems]
  const plans = new Map<string, CategoryPlan & { entries: OrgEntry[]; contracts: Contract[] }>()
  for (const c of categories.value) {
    const { createdAt: _createdAt, createdBy: _createdBy, ...card } = c
    plans.set(c.id, { ...card, cpvCodes: [...card.cpvCodes], spendCodes: [...card.spendCodes], entries: [], contracts: [] })
  }
  const seenContracts = new Map<string, OrgId>()
  for (const orgId of [...orgDocs.keys()].sort()) {
    const doc = orgDocs.get(orgId)
    if (doc === undefined) continue
    const org = readOrgData(doc, orgId, privateDocs.get(orgId))
    problems.push(...org.problems.map((p) => ({ ...p, path: `orgs.${orgId}.${p.path}` })))
    for (const { categoryId, ...entry } of org.value.entries) {
      const plan = plans.get(categoryId)
      if (plan === undefined) {
        problems.push({ path: `orgs.${orgId}.${ENTRIES_KEY}.${categoryId}`, message: `organisation ${orgId} has an entry for category ${categoryId}, which is not on the board; left out` })
        continue
      }
      plan.entries.push(entry)
    }
    for (const contract of org.value.contracts) {
      const path = `orgs.${orgId}.${CONTRACTS_KEY}.${contract.id}`
      const plan = plans.get(contract.categoryId)
      if (plan === undefined) {
        problems.push({ path, message: `contract ${contract.id} is for category ${contract.categoryId}, which is not on the board; left out` })
        continue
      }
      const holder = seenContracts.get(contract.id)
      if (holder !== undefined) {
        problems.push({ path, message: `contract id ${contract.id} is also used by organisation ${holder}; left out` })
        continue
      }
      seenContracts.set(contract.id, orgId)
      plan.contracts.push(contract)
    }
  }
  const out: CategoryPlan[] = []
  const incomplete: IncompleteNote[] = []
  for (const plan of plans.values()) {
    plan.contracts.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : byId(a, b)))
    // Governance rules (exactly one Accountable, roles only for bodies with figures) describe work in progress: they
    // are notes where the plan is edited, never "could not be read" (nothing is left out).
    incomplete.push(...incompleteWork(plan))
    const checked = validateCategory(plan)
    if (!checked.ok) {
      const details = checked.error.details
      const issues = Array.isArray(details) ? (details as ValidationIssue[]) : [{ path: '', message: checked.error.message }]
      const unusable = issues.filter((i) => !i.path.startsWith('plan.governance'))
      problems.push(...unusable.map((i) => ({ path: `${CATEGORIES_KEY}.${plan.id}${i.path === '' ? '' : `.${i.path}`}`, message: i.message })))
    }
    out.push(plan)
  }
  return { value: out, problems, incomplete }
}

/** Everything planning needs from a board, read in one call. */
export interface PlanningBoard {
  readonly plans: readonly CategoryPlan[]
  /** Board-level card fields including provenance (`createdAt`, `createdBy`), sorted by id. */
  readonly categories: readonly CategoryRecord[]
  readonly settings: OpportunitySettings
  readonly opportunities: readonly OpportunityRecord[]
  /** Work in progress (not problems): e.g. a RACI activity with no Accountable yet. */
  readonly incomplete: readonly IncompleteNote[]
}

/**
 * Reads the whole planning state of a board: assembled plans, card records, settings and opportunity cards, with
 * the problems of every reader (category problems are reported once). `privateDocs`: the confidential documents the
 * reader may see (its own organisation's only), whose contracts join that organisation's, marked `isConfidential`.
 */
export function readPlanningBoard(boardDoc: Y.Doc, orgDocs: ReadonlyMap<OrgId, Y.Doc>, privateDocs: ReadonlyMap<OrgId, Y.Doc> = new Map()): DocRead<PlanningBoard> {
  const plans = assembleCategoryPlans(boardDoc, orgDocs, privateDocs)
  const categories = readCategories(boardDoc)
  const settings = readPlanningSettings(boardDoc)
  const opportunities = readOpportunities(boardDoc)
  return {
    value: { plans: plans.value, categories: categories.value, settings: settings.value, opportunities: opportunities.value, incomplete: plans.incomplete },
    problems: [...plans.problems, ...settings.problems, ...opportunities.problems],
  }
}
