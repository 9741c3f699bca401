/**
 * @module planning-writers
 * The writes the canvas makes to a board's planning documents. Each validates its input against the schemas the
 * readers use, writes in ONE `doc.transact` (one update on the wire, one undo step), and returns a `Result`:
 * on failure nothing at all is written. Time and author are passed in (`at`, `by`); nothing here reads a clock.
 */
import * as Y from 'yjs'
import { z } from 'zod'
import type { ValidationIssue } from '../domain/category-plan.ts'
import { contractFromEntryEnd, currentContractId, pickCurrentContract } from '../domain/current-contract.ts'
import { IsoDateSchema } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { CategoryIdSchema, ContractIdSchema, OrgIdSchema } from '../domain/ids.ts'
import type { CategoryId, ContractId, OrgId } from '../domain/ids.ts'
import { DEFAULT_OPPORTUNITY_SETTINGS, validateOpportunitySettings } from '../domain/opportunities.ts'
import { KRALJIC_QUADRANTS } from '../domain/kraljic.ts'
import { PROCUREMENT_ROUTES } from '../domain/procurement-route.ts'
import { err, ok } from '../domain/result.ts'
import type { Result } from '../domain/result.ts'
import { readOpportunities, readPlanningSettings } from './planning-doc.ts'
import {
  AuthorIdSchema,
  CATEGORIES_KEY,
  CATEGORY_FIELD_SCHEMAS,
  CONTRACTS_KEY,
  ContractValueSchema,
  ENTRIES_KEY,
  issuesFrom,
  OPPORTUNITIES_KEY,
  OpportunityIdSchema,
  OpportunityRecordSchema,
  OrgEntryValueSchema,
  PLANNING_SETTINGS_KEY,
  PlanningSettingsPatchSchema,
  SETTING_KEYS,
  TimestampSchema,
  toStoredJson,
} from './planning-schema.ts'
import type {
  CategoryField,
  CategoryFieldValue,
  ContractInput,
  ContractValue,
  EditableCategoryField,
  OpportunityId,
  OpportunityRecord,
  OpportunityStatus,
  OrgEntryInput,
  OrgEntryValue,
  PlanningSettingsPatch,
  PlanningWriteError,
  PlanningWriteErrorCode,
} from './planning-schema.ts'

/** The outcome of a write. */
export type WriteResult<T = void> = Result<T, PlanningWriteError>

function refuse(code: PlanningWriteErrorCode, message: string, issues: readonly ValidationIssue[] = []): WriteResult<never> {
  return err({ code, message, issues })
}

function invalid(what: string, error: z.ZodError, prefix = ''): WriteResult<never> {
  const issues = issuesFrom(error, prefix)
  const first = issues[0]
  return refuse('invalid-value', `${what} is invalid${first ? `: ${first.path === '' ? '' : `${first.path}: `}${first.message}` : ''}`, issues)
}

const categoriesOf = (doc: Y.Doc) => doc.getMap<unknown>(CATEGORIES_KEY)

/** Fields a new card may start with; everything else starts empty (see `createCategoryPlan`). */
export interface NewCategoryInput {
  readonly id: string
  readonly name: string
  readonly proclassCode?: string
  readonly cpvCodes?: readonly string[]
  readonly owner?: string
  readonly status?: CategoryFieldValue<'status'>
  readonly supplyRisk?: number
  readonly profitImpact?: number
}

const NewCategorySchema = z.object({
  id: CategoryIdSchema,
  name: CATEGORY_FIELD_SCHEMAS.name,
  proclassCode: CATEGORY_FIELD_SCHEMAS.proclassCode,
  cpvCodes: CATEGORY_FIELD_SCHEMAS.cpvCodes.default([]),
  owner: CATEGORY_FIELD_SCHEMAS.owner.default(''),
  status: CATEGORY_FIELD_SCHEMAS.status.default('idea'),
  supplyRisk: CATEGORY_FIELD_SCHEMAS.supplyRisk,
  profitImpact: CATEGORY_FIELD_SCHEMAS.profitImpact,
}).strict()

/**
 * Adds a category card to the board document: a `Y.Map` of fields under `categories[id]`, with empty
 * specification and plan, `createdAt = at` and `createdBy = by`. Refuses an id already in use.
 * @example createCategory(doc, { id: 'fleet-tyres', name: 'Fleet tyres', supplyRisk: 2 }, userId, new Date().toISOString())
 */
export function createCategory(doc: Y.Doc, input: NewCategoryInput, by: string, at: string): WriteResult<CategoryId> {
  const parsed = NewCategorySchema.safeParse(input)
  if (!parsed.success) return invalid('new category', parsed.error)
  const author = AuthorIdSchema.safeParse(by)
  if (!author.success) return invalid('author', author.error, 'createdBy')
  const time = TimestampSchema.safeParse(at)
  if (!time.success) return invalid('creation time', time.error, 'createdAt')
  const c = parsed.data
  const categories = categoriesOf(doc)
  if (categories.has(c.id)) return refuse('already-exists', `category ${c.id} already exists on this board`)
  const fields: Record<string, unknown> = {
    name: c.name,
    cpvCodes: c.cpvCodes,
    owner: c.owner,
    status: c.status,
    specification: { currentRequirement: '', need: '', want: '', outcome: '', outputMeasures: [] },
    plan: { objectives: [], milestones: [], savingsTarget: 0, governance: [] },
    createdAt: time.data,
    createdBy: author.data,
  }
  if (c.proclassCode !== undefined) fields['proclassCode'] = c.proclassCode
  if (c.supplyRisk !== undefined) fields['supplyRisk'] = c.supplyRisk
  if (c.profitImpact !== undefined) fields['profitImpact'] = c.profitImpact
  doc.transact(() => {
    const map = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(toStoredJson(fields))) map.set(key, value)
    categories.set(c.id, map)
  })
  return ok(c.id)
}

/**
 * Sets one field of a card (field-level last writer wins: two people editing different fields both win).
 * `undefined` clears an optional field (`proclassCode`, `supplyRisk`, `profitImpact`); for a required field it
 * is refused. The value is validated with the field's schema and written as parsed (text trimmed).
 */
export function updateCategoryField<F extends EditableCategoryField>(
  doc: Y.Doc,
  categoryId: string,
  field: F,
  value: CategoryFieldValue<F> | undefined,
): WriteResult {
  const map = categoriesOf(doc).get(categoryId)
  if (!(map instanceof Y.Map)) return refuse('not-found', `category ${categoryId} is not on this board`)
  // Checked at run time too: the UI may pass a field name that came from data.
  const name: string = field
  if (!Object.hasOwn(CATEGORY_FIELD_SCHEMAS, name) || name === 'createdAt' || name === 'createdBy') {
    return refuse('invalid-value', `${String(field)} is not an editable category field`, [{ path: String(field), message: 'not an editable field' }])
  }
  const schema: z.ZodType = CATEGORY_FIELD_SCHEMAS[field as CategoryField]
  const parsed = schema.safeParse(value)
  if (!parsed.success) return invalid(`${field} of category ${categoryId}`, parsed.error, field)
  doc.transact(() => {
    if (parsed.data === undefined) map.delete(field)
    else map.set(field, toStoredJson(parsed.data))
  })
  return ok(undefined)
}

/**
 * Removes a card from the board document. Organisations' entries and contracts for it stay in their own documents
 * (only their members may write there); readers report them as belonging to no category.
 */
export function deleteCategory(doc: Y.Doc, categoryId: string): WriteResult {
  const categories = categoriesOf(doc)
  if (!categories.has(categoryId)) return refuse('not-found', `category ${categoryId} is not on this board`)
  doc.transact(() => categories.delete(categoryId))
  return ok(undefined)
}

/**
 * Sets (creates or replaces) this organisation's entry for a category in its organisation document. Unknown keys
 * (an `orgId`, a typo) are refused: the organisation is the document's, never the value's.
 */
export function setOrgEntry(orgDoc: Y.Doc, categoryId: string, entry: OrgEntryInput): WriteResult<OrgEntryValue> {
  const id = CategoryIdSchema.safeParse(categoryId)
  if (!id.success) return invalid('category id', id.error, 'categoryId')
  const parsed = OrgEntryValueSchema.strict().safeParse(entry)
  if (!parsed.success) return invalid(`entry for category ${categoryId}`, parsed.error)
  const value = toStoredJson(parsed.data)
  orgDoc.transact(() => orgDoc.getMap<unknown>(ENTRIES_KEY).set(id.data, value))
  return ok(value)
}

/** Removes this organisation's entry for a category. */
export function removeOrgEntry(orgDoc: Y.Doc, categoryId: string): WriteResult {
  const entries = orgDoc.getMap<unknown>(ENTRIES_KEY)
  if (!entries.has(categoryId)) return refuse('not-found', `there is no entry for category ${categoryId} in this organisation's data`)
  orgDoc.transact(() => entries.delete(categoryId))
  return ok(undefined)
}

/**
 * Adds or replaces a contract in the organisation's document (keyed by its id). Refuses one ending before it starts,
 * and unknown keys (an `orgId`: the organisation is the document's).
 */
export function putContract(orgDoc: Y.Doc, contract: ContractInput): WriteResult<ContractValue> {
  const parsed = ContractValueSchema.strict().safeParse(contract)
  if (!parsed.success) return invalid('contract', parsed.error)
  const c = parsed.data
  if (c.start !== undefined && c.end < c.start) return refuse('invalid-value', `contract ${c.id} ends (${c.end}) before it starts (${c.start})`, [{ path: 'end', message: 'ends before it starts' }])
  const value = toStoredJson(c)
  orgDoc.transact(() => orgDoc.getMap<unknown>(CONTRACTS_KEY).set(c.id, value))
  return ok(value)
}

/** Removes a contract from the organisation's document. */
export function removeContract(orgDoc: Y.Doc, contractId: ContractId | string): WriteResult {
  const id = ContractIdSchema.safeParse(contractId)
  const contracts = orgDoc.getMap<unknown>(CONTRACTS_KEY)
  if (!id.success || !contracts.has(id.data)) return refuse('not-found', `there is no contract ${String(contractId)} in this organisation's data`)
  orgDoc.transact(() => contracts.delete(id.data))
  return ok(undefined)
}

/** This organisation's readable contracts in one category (unreadable ones are left alone). */
function contractsIn(orgDoc: Y.Doc, categoryId: CategoryId): ContractValue[] {
  const out: ContractValue[] = []
  orgDoc.getMap<unknown>(CONTRACTS_KEY).forEach((value, key) => {
    const parsed = ContractValueSchema.safeParse(value)
    if (parsed.success && parsed.data.id === key && parsed.data.categoryId === categoryId) out.push(parsed.data)
  })
  return out
}

/**
 * Moves an older board's `entries.contractEnd` for one category into the contracts map (one contract model): when
 * the date has no contract yet, it is written as the organisation's current contract (`currentContractId`, supplier,
 * start and value not known), and the entry's field is removed. Idempotent, and safe on two screens at once (same
 * id, same value). Returns the contract written, or null when there was nothing to move. Call it inside the
 * transaction of any edit to this organisation's contracts or entry for the category.
 */
export function migrateEntryContractEnd(orgDoc: Y.Doc, orgId: OrgId | string, categoryId: string): WriteResult<ContractValue | null> {
  const org = OrgIdSchema.safeParse(orgId)
  if (!org.success) return invalid('organisation id', org.error, 'orgId')
  const id = CategoryIdSchema.safeParse(categoryId)
  if (!id.success) return invalid('category id', id.error, 'categoryId')
  const entries = orgDoc.getMap<unknown>(ENTRIES_KEY)
  const entry = OrgEntryValueSchema.safeParse(entries.get(id.data))
  if (!entry.success || entry.data.contractEnd === undefined) return ok(null)
  const derived = contractFromEntryEnd(org.data, id.data, entry.data, contractsIn(orgDoc, id.data))
  const { contractEnd: _legacy, ...rest } = entry.data
  let written: ContractValue | null = null
  orgDoc.transact(() => {
    if (derived !== null) {
      const { orgId: _org, isDerived: _derived, ...value } = derived
      written = toStoredJson(value)
      orgDoc.getMap<unknown>(CONTRACTS_KEY).set(derived.id, written)
    }
    entries.set(id.data, toStoredJson(rest))
  })
  return ok(written)
}

/**
 * The "current contract ends" shortcut: sets the end of this organisation's current contract in a category
 * (`pickCurrentContract`), or, with none, creates it (`currentContractId`; supplier, start and value not known yet).
 * An older board's `entries.contractEnd` is migrated first. `end: null` only clears the legacy date: a real contract
 * is removed under Contracts, never by emptying a date. Refuses an end before the contract's start. One transaction.
 */
export function setCurrentContractEnd(orgDoc: Y.Doc, orgId: OrgId | string, categoryId: string, end: IsoDate | string | null, today: IsoDate): WriteResult<ContractValue | null> {
  const org = OrgIdSchema.safeParse(orgId)
  if (!org.success) return invalid('organisation id', org.error, 'orgId')
  const id = CategoryIdSchema.safeParse(categoryId)
  if (!id.success) return invalid('category id', id.error, 'categoryId')
  const date = end === null ? null : IsoDateSchema.safeParse(end)
  if (date !== null && !date.success) return invalid('contract end', date.error, 'end')
  let result: WriteResult<ContractValue | null> = ok(null)
  orgDoc.transact(() => {
    const migrated = migrateEntryContractEnd(orgDoc, org.data, id.data)
    if (!migrated.ok) {
      result = migrated
      return
    }
    const current = pickCurrentContract(contractsIn(orgDoc, id.data), id.data, today)
    if (date === null) {
      result = current === null ? ok(null) : refuse('invalid-value', `organisation ${org.data} has a contract in category ${id.data}; remove it under Contracts to clear its end`, [{ path: 'end', message: 'a contract exists' }])
      return
    }
    if (current !== null && current.end === date.data) {
      result = ok(current)
      return
    }
    const next: ContractValue = current ?? { id: currentContractId(org.data, id.data), categoryId: id.data, supplier: '', end: date.data, extensionOptions: [] }
    if (next.start !== undefined && date.data < next.start) {
      result = refuse('invalid-value', `contract ${next.id} would end (${date.data}) before it starts (${next.start})`, [{ path: 'end', message: 'ends before it starts' }])
      return
    }
    const value = toStoredJson({ ...next, end: date.data })
    orgDoc.getMap<unknown>(CONTRACTS_KEY).set(value.id, value)
    result = ok(value)
  })
  return result
}

/**
 * Changes planning settings. Only the fields given are written, each to its own key (lead times per route and
 * savings rates per quadrant separately), so concurrent edits of different settings all win. The result of merging
 * the patch into the current settings must pass `validateOpportunitySettings`.
 */
export function setPlanningSettings(doc: Y.Doc, patch: PlanningSettingsPatch): WriteResult {
  const parsed = PlanningSettingsPatchSchema.safeParse(patch)
  if (!parsed.success) return invalid('planning settings', parsed.error)
  const p = parsed.data
  const current = readPlanningSettings(doc).value
  const merged = {
    thresholds: p.thresholds ?? current.thresholds,
    renewal: {
      windowMonths: p.renewalWindowMonths ?? current.renewal.windowMonths,
      route: p.defaultRoute ?? current.renewal.route,
      leadTimes: { ...current.renewal.leadTimes, ...p.leadTimeMonths },
    },
    savingsRatesBps: { ...current.savingsRatesBps, ...p.savingsRatesBps },
  }
  const checked = validateOpportunitySettings(merged)
  if (!checked.ok) return refuse('invalid-value', checked.error.message, [{ path: '', message: checked.error.message }])
  doc.transact(() => {
    const map = doc.getMap<unknown>(PLANNING_SETTINGS_KEY)
    if (p.thresholds !== undefined) map.set(SETTING_KEYS.thresholds, toStoredJson(p.thresholds))
    if (p.renewalWindowMonths !== undefined) map.set(SETTING_KEYS.renewalWindowMonths, p.renewalWindowMonths)
    if (p.defaultRoute !== undefined) map.set(SETTING_KEYS.defaultRoute, p.defaultRoute)
    for (const route of PROCUREMENT_ROUTES) {
      const months = p.leadTimeMonths?.[route]
      if (months !== undefined) map.set(SETTING_KEYS.leadTimeMonths(route), months)
    }
    for (const quadrant of KRALJIC_QUADRANTS) {
      const rate = p.savingsRatesBps?.[quadrant]
      if (rate !== undefined) map.set(SETTING_KEYS.savingsRateBps(quadrant), rate)
    }
  })
  return ok(undefined)
}

/** Puts every setting back to the shared/domain defaults (one transaction: the keys are removed). */
export function resetPlanningSettings(doc: Y.Doc): WriteResult {
  const map = doc.getMap<unknown>(PLANNING_SETTINGS_KEY)
  doc.transact(() => {
    for (const key of [...map.keys()]) map.delete(key)
  })
  return ok(undefined)
}

/** The defaults `readPlanningSettings` falls back to, re-exported for settings forms. */
export const DEFAULT_PLANNING_SETTINGS = DEFAULT_OPPORTUNITY_SETTINGS

/** What a client passes to `addOpportunity`. */
export interface NewOpportunityInput {
  readonly id: string
  readonly title: string
  readonly categoryIds: readonly string[]
  readonly status?: OpportunityStatus
  readonly note?: string
}

/**
 * Adds an opportunity card linked to its categories ("one click adds an opportunity card"). Every linked category
 * must be on the board. Refuses an id already in use.
 */
export function addOpportunity(doc: Y.Doc, input: NewOpportunityInput, by: string, at: string): WriteResult<OpportunityRecord> {
  const parsed = OpportunityRecordSchema.safeParse({ status: 'proposed', note: '', ...input, categoryIds: [...new Set(input.categoryIds)], createdAt: at, createdBy: by })
  if (!parsed.success) return invalid('opportunity', parsed.error)
  const record = parsed.data
  const map = doc.getMap<unknown>(OPPORTUNITIES_KEY)
  if (map.has(record.id)) return refuse('already-exists', `opportunity ${record.id} already exists on this board`)
  const missing = record.categoryIds.filter((id) => !categoriesOf(doc).has(id))
  if (missing.length > 0) {
    return refuse('not-found', `opportunity links categories not on this board: ${missing.join(', ')}`, missing.map((id) => ({ path: 'categoryIds', message: `category ${id} is not on this board` })))
  }
  const value = toStoredJson(record)
  doc.transact(() => map.set(record.id, value))
  return ok(value)
}

/** The fields of an opportunity card a client may change. */
export interface OpportunityPatch {
  readonly title?: string
  readonly categoryIds?: readonly string[]
  readonly status?: OpportunityStatus
  readonly note?: string
}

/** Changes an opportunity card (the whole record is rewritten: last writer wins per card). */
export function updateOpportunity(doc: Y.Doc, id: OpportunityId | string, patch: OpportunityPatch): WriteResult<OpportunityRecord> {
  const map = doc.getMap<unknown>(OPPORTUNITIES_KEY)
  const current = readOpportunities(doc).value.find((o) => o.id === id)
  if (current === undefined) return refuse('not-found', `opportunity ${String(id)} is not on this board (or its record is unreadable)`)
  const parsed = OpportunityRecordSchema.safeParse({ ...current, ...patch, ...(patch.categoryIds ? { categoryIds: [...new Set(patch.categoryIds)] } : {}) })
  if (!parsed.success) return invalid(`opportunity ${String(id)}`, parsed.error)
  const value = toStoredJson(parsed.data)
  doc.transact(() => map.set(value.id, value))
  return ok(value)
}

/** Removes an opportunity card. */
export function removeOpportunity(doc: Y.Doc, id: OpportunityId | string): WriteResult {
  const parsedId = OpportunityIdSchema.safeParse(id)
  const map = doc.getMap<unknown>(OPPORTUNITIES_KEY)
  if (!parsedId.success || !map.has(parsedId.data)) return refuse('not-found', `opportunity ${String(id)} is not on this board`)
  doc.transact(() => map.delete(parsedId.data))
  return ok(undefined)
}
