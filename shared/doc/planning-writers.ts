/**
 * @module planning-writers
 * The writes the canvas makes to a board's planning documents. Each validates its input against the schemas the
 * readers use, writes in ONE `doc.transact` (one update on the wire, one undo step), and returns a `Result`:
 * on failure nothing at all is written. Time and author are passed in (`at`, `by`); nothing here reads a clock.
 */
import * as Y from 'yjs'
import { z } from 'zod'
import type { ValidationIssue } from '../domain/category-plan.ts'
import { CategoryIdSchema, ContractIdSchema } from '../domain/ids.ts'
import type { CategoryId, ContractId } from '../domain/ids.ts'
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
  if (c.end < c.start) return refuse('invalid-value', `contract ${c.id} ends (${c.end}) before it starts (${c.start})`, [{ path: 'end', message: 'ends before it starts' }])
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
