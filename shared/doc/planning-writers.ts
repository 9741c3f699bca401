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
import { diffLines } from '../text/line-diff.ts'
import { MilestoneSchema, PlanSchema, RaciSchema, SpecificationSchema } from '../domain/category-plan.ts'
import type { Raci } from '../domain/category-plan.ts'
import { ProcurementRouteSchema } from '../domain/procurement-route.ts'
import {
  hasLegacyItem,
  ITEM_FIELD_SCHEMAS,
  itemKey,
  ItemIdSchema,
  itemOrders,
  MilestoneInputSchema,
  PLAN_SCALAR_KEYS,
  randomItemId,
  readTextItems,
  roleKey,
  specKey,
  upgradeLegacyPlan,
} from './plan-layout.ts'
import type { MilestoneInput, PlanList, SpecTextField } from './plan-layout.ts'
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
  readonly spendCodes?: readonly string[]
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
  spendCodes: CATEGORY_FIELD_SCHEMAS.spendCodes.optional(),
  owner: CATEGORY_FIELD_SCHEMAS.owner.default(''),
  status: CATEGORY_FIELD_SCHEMAS.status.default('idea'),
  supplyRisk: CATEGORY_FIELD_SCHEMAS.supplyRisk,
  profitImpact: CATEGORY_FIELD_SCHEMAS.profitImpact,
}).strict()

/**
 * Adds a category card to the board document: a `Y.Map` of fields under `categories[id]`, `createdAt = at` and
 * `createdBy = by`. The specification and plan start empty (no keys: see plan-layout.ts). Refuses an id in use.
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
    createdAt: time.data,
    createdBy: author.data,
  }
  if (c.proclassCode !== undefined) fields['proclassCode'] = c.proclassCode
  if (c.spendCodes !== undefined && c.spendCodes.length > 0) fields['spendCodes'] = c.spendCodes
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

/**
 * Writes one of the organisation's contracts where it belongs: its confidential document (`<boardId>~private~<orgId>`)
 * when `isConfidential`, else its organisation document, and removes the same id from the other one. So ticking
 * "Confidential" moves a contract, and unticking moves it back. The destination is written first: a move cut short
 * leaves the contract in both (read once, as confidential, by `readOrgData`), never in neither. Nothing is written
 * when the contract is refused.
 */
export function placeContract(docs: { readonly orgDoc: Y.Doc; readonly privateDoc: Y.Doc }, contract: ContractInput, isConfidential: boolean): WriteResult<ContractValue> {
  const [target, other] = isConfidential ? [docs.privateDoc, docs.orgDoc] : [docs.orgDoc, docs.privateDoc]
  const put = putContract(target, contract)
  if (!put.ok) return put
  const others = other.getMap<unknown>(CONTRACTS_KEY)
  if (others.has(put.value.id)) other.transact(() => others.delete(put.value.id))
  return put
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
 * transaction of any edit to this organisation's contracts or entry for the category. `privateDoc`: the
 * organisation's confidential document, when the caller has it: a contract there stands for the date as well, so a
 * contract just moved there is not written back into the shared document.
 */
export function migrateEntryContractEnd(orgDoc: Y.Doc, orgId: OrgId | string, categoryId: string, privateDoc?: Y.Doc): WriteResult<ContractValue | null> {
  const org = OrgIdSchema.safeParse(orgId)
  if (!org.success) return invalid('organisation id', org.error, 'orgId')
  const id = CategoryIdSchema.safeParse(categoryId)
  if (!id.success) return invalid('category id', id.error, 'categoryId')
  const entries = orgDoc.getMap<unknown>(ENTRIES_KEY)
  const entry = OrgEntryValueSchema.safeParse(entries.get(id.data))
  if (!entry.success || entry.data.contractEnd === undefined) return ok(null)
  const derived = contractFromEntryEnd(org.data, id.data, entry.data, [...contractsIn(orgDoc, id.data), ...(privateDoc === undefined ? [] : contractsIn(privateDoc, id.data))])
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
 * `privateDoc`: the organisation's confidential document (`<boardId>~private~<orgId>`), when the caller has it: its
 * contracts count in choosing the current one, and a confidential current contract gets its new end where it is.
 */
export function setCurrentContractEnd(orgDoc: Y.Doc, orgId: OrgId | string, categoryId: string, end: IsoDate | string | null, today: IsoDate, privateDoc?: Y.Doc): WriteResult<ContractValue | null> {
  const org = OrgIdSchema.safeParse(orgId)
  if (!org.success) return invalid('organisation id', org.error, 'orgId')
  const id = CategoryIdSchema.safeParse(categoryId)
  if (!id.success) return invalid('category id', id.error, 'categoryId')
  const date = end === null ? null : IsoDateSchema.safeParse(end)
  if (date !== null && !date.success) return invalid('contract end', date.error, 'end')
  let result: WriteResult<ContractValue | null> = ok(null)
  orgDoc.transact(() => {
    const migrated = migrateEntryContractEnd(orgDoc, org.data, id.data, privateDoc)
    if (!migrated.ok) {
      result = migrated
      return
    }
    const confidential = privateDoc === undefined ? [] : contractsIn(privateDoc, id.data)
    const confidentialIds = new Set(confidential.map((c) => c.id as string))
    const current = pickCurrentContract([...contractsIn(orgDoc, id.data).filter((c) => !confidentialIds.has(c.id)), ...confidential], id.data, today)
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
    const target = privateDoc !== undefined && confidentialIds.has(value.id) ? privateDoc : orgDoc
    target.getMap<unknown>(CONTRACTS_KEY).set(value.id, value)
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

// ---- specification and plan, part by part (layout: plan-layout.ts) ------------------------------------------------

/**
 * Runs `write` on a card's map in one transaction, after upgrading an old whole-value specification / plan to the
 * per-key layout (so the edit lands in the new layout and the old value goes). Refuses a card not on the board.
 */
function onCard(doc: Y.Doc, categoryId: string, write: (card: Y.Map<unknown>) => void): WriteResult {
  const card = categoriesOf(doc).get(categoryId)
  if (!(card instanceof Y.Map)) return refuse('not-found', `category ${categoryId} is not on this board`)
  const map = card as Y.Map<unknown>
  doc.transact(() => {
    upgradeLegacyPlan(map)
    write(map)
  })
  return ok(undefined)
}

function cardOf(doc: Y.Doc, categoryId: string): Y.Map<unknown> | null {
  const card = categoriesOf(doc).get(categoryId)
  return card instanceof Y.Map ? (card as Y.Map<unknown>) : null
}

/** True when the card holds list item `itemId` (upgraded, or still inside an old whole value). */
function hasItem(card: Y.Map<unknown>, list: PlanList, itemId: string): boolean {
  return card.get(itemKey(list, itemId)) instanceof Y.Map || hasLegacyItem(card, list, itemId)
}

/**
 * Sets one text field of a category's specification (`currentRequirement`, `need`, `want`, `outcome`): its own key,
 * so two people editing "Need" and "Want" at once both win. Within one field the last writer wins.
 */
export function setSpecificationText(doc: Y.Doc, categoryId: string, field: SpecTextField, value: string): WriteResult {
  const schema = (SpecificationSchema.shape as Record<string, z.ZodType>)[field]
  if (schema === undefined || field === ('outputMeasures' as string)) return refuse('invalid-value', `${String(field)} is not a text field of the specification`, [{ path: String(field), message: 'not a text field' }])
  const parsed = schema.safeParse(value)
  if (!parsed.success) return invalid(`${field} of category ${categoryId}`, parsed.error, `specification.${field}`)
  return onCard(doc, categoryId, (card) => card.set(specKey(field), parsed.data))
}

/** Sets the plan's savings target (integer pence, not negative). */
export function setSavingsTarget(doc: Y.Doc, categoryId: string, pence: number): WriteResult {
  const parsed = PlanSchema.shape.savingsTarget.safeParse(pence)
  if (!parsed.success) return invalid(`savings target of category ${categoryId}`, parsed.error, 'plan.savingsTarget')
  return onCard(doc, categoryId, (card) => card.set(PLAN_SCALAR_KEYS.savingsTarget, parsed.data))
}

/** Sets the plan's procurement route; `undefined` goes back to the board default. */
export function setPlanRoute(doc: Y.Doc, categoryId: string, route: string | undefined): WriteResult {
  const parsed = ProcurementRouteSchema.optional().safeParse(route)
  if (!parsed.success) return invalid(`route of category ${categoryId}`, parsed.error, 'plan.route')
  return onCard(doc, categoryId, (card) => {
    if (parsed.data === undefined) card.delete(PLAN_SCALAR_KEYS.route)
    else card.set(PLAN_SCALAR_KEYS.route, parsed.data)
  })
}

const MAX_LIST_LINES = 50

/**
 * Replaces the lines of a text list (`objectives`, `outputMeasures`) with `lines` (trimmed, blank lines dropped),
 * touching only the items that changed: a line diff keeps unchanged items, rewrites a changed line in place (same
 * item id), removes deleted lines and adds new ones in position. So two people editing different lines at once
 * both win. `newId` mints ids for added lines (random by default).
 */
export function setListLines(doc: Y.Doc, categoryId: string, list: 'objectives' | 'outputMeasures', lines: readonly string[], newId: () => string = randomItemId): WriteResult {
  const wanted = lines.map((l) => l.trim()).filter((l) => l !== '')
  const schema = ITEM_FIELD_SCHEMAS[list].text
  const issues: ValidationIssue[] = []
  wanted.forEach((line, i) => {
    const parsed = schema.safeParse(line)
    if (!parsed.success) issues.push(...issuesFrom(parsed.error, `${list}.${i}`))
  })
  if (wanted.length > MAX_LIST_LINES) issues.push({ path: list, message: `at most ${MAX_LIST_LINES} lines` })
  if (issues.length > 0) return refuse('invalid-value', `${list} of category ${categoryId} is invalid: ${issues[0]?.path}: ${issues[0]?.message}`, issues)
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  return onCard(doc, categoryId, (map) => {
    const current = readTextItems(map, list)
    // The final sequence: an existing item (kept or rewritten) or a new line, in display order.
    type Slot = { kind: 'keep'; id: string; order: number; text: string } | { kind: 'new'; text: string }
    const slots: Slot[] = []
    const removed: typeof current = []
    let at = 0
    let pendingRemoved: typeof current = []
    let pendingAdded: string[] = []
    const flush = () => {
      // Pair removed and added lines: a changed line keeps its item id.
      const pairs = Math.min(pendingRemoved.length, pendingAdded.length)
      for (let i = 0; i < pairs; i++) {
        const item = pendingRemoved[i] as (typeof current)[number]
        slots.push({ kind: 'keep', id: item.id, order: item.order, text: pendingAdded[i] as string })
      }
      removed.push(...pendingRemoved.slice(pairs))
      for (const text of pendingAdded.slice(pairs)) slots.push({ kind: 'new', text })
      pendingRemoved = []
      pendingAdded = []
    }
    for (const d of diffLines(current.map((c) => c.text).join('\n'), wanted.join('\n'))) {
      if (d.kind === 'same') {
        flush()
        const item = current[at++] as (typeof current)[number]
        slots.push({ kind: 'keep', id: item.id, order: item.order, text: item.text })
      } else if (d.kind === 'removed') {
        pendingRemoved.push(current[at++] as (typeof current)[number])
      } else {
        pendingAdded.push(d.text)
      }
    }
    flush()
    for (const item of removed) map.delete(itemKey(list, item.id))
    slots.forEach((slot, i) => {
      if (slot.kind === 'keep') {
        const item = map.get(itemKey(list, slot.id)) as Y.Map<unknown>
        if (item.get('text') !== slot.text) item.set('text', slot.text)
        return
      }
      // A new line goes between its kept neighbours' orders.
      let before = i - 1
      while (before >= 0 && slots[before]?.kind !== 'keep') before--
      let after = i + 1
      while (after < slots.length && slots[after]?.kind !== 'keep') after++
      const lo = before >= 0 ? (slots[before] as { order: number }).order : undefined
      const hi = after < slots.length ? (slots[after] as { order: number }).order : undefined
      const span = after - before
      const step = i - before
      const order = lo === undefined && hi === undefined ? i : lo === undefined ? (hi as number) - span + step : hi === undefined ? lo + step : lo + ((hi - lo) * step) / span
      const item = new Y.Map<unknown>()
      item.set('text', slot.text)
      item.set('order', order)
      map.set(itemKey(list, newId()), item)
    })
  })
}

function nextOrder(card: Y.Map<unknown>, list: PlanList): number {
  const orders = itemOrders(card, list)
  return orders.length === 0 ? 0 : Math.max(...orders) + 1
}

/**
 * Adds a milestone as its own item (`plan.milestone:<id>`): two people adding one at once both get theirs.
 * Returns the new item's id.
 */
export function addMilestone(doc: Y.Doc, categoryId: string, input: MilestoneInput, id: string = randomItemId()): WriteResult<string> {
  const parsed = MilestoneInputSchema.safeParse(input)
  if (!parsed.success) return invalid('milestone', parsed.error, 'plan.milestones')
  const itemId = ItemIdSchema.safeParse(id)
  if (!itemId.success) return invalid('milestone id', itemId.error)
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  if (hasItem(card, 'milestones', itemId.data)) return refuse('already-exists', `milestone ${itemId.data} already exists`)
  const written = onCard(doc, categoryId, (map) => {
    const item = new Y.Map<unknown>()
    for (const [key, value] of Object.entries(toStoredJson(parsed.data))) item.set(key, value)
    item.set('order', nextOrder(map, 'milestones'))
    map.set(itemKey('milestones', itemId.data), item)
  })
  return written.ok ? ok(itemId.data) : written
}

/** Changes fields of one milestone (each field its own key: two people editing two milestones, or two fields, both win). */
export function updateMilestone(doc: Y.Doc, categoryId: string, itemId: string, patch: Partial<MilestoneInput>): WriteResult {
  const parsed = MilestoneSchema.omit({ id: true }).partial().strict().safeParse(patch)
  if (!parsed.success) return invalid('milestone', parsed.error, `plan.milestones.${itemId}`)
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  if (!hasItem(card, 'milestones', itemId)) return refuse('not-found', `that milestone is no longer in the plan (someone may have removed it)`)
  return onCard(doc, categoryId, (map) => {
    const item = map.get(itemKey('milestones', itemId)) as Y.Map<unknown>
    for (const [key, value] of Object.entries(toStoredJson(parsed.data))) if (item.get(key) !== value) item.set(key, value)
  })
}

/** Adds a governance (RACI) activity with no roles yet. Returns the new row's id. */
export function addRaciActivity(doc: Y.Doc, categoryId: string, activity: string, id: string = randomItemId()): WriteResult<string> {
  const parsed = ITEM_FIELD_SCHEMAS.governance.activity.safeParse(activity)
  if (!parsed.success) return invalid('activity', parsed.error, 'plan.governance')
  const itemId = ItemIdSchema.safeParse(id)
  if (!itemId.success) return invalid('activity id', itemId.error)
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  if (hasItem(card, 'governance', itemId.data)) return refuse('already-exists', `activity ${itemId.data} already exists`)
  const written = onCard(doc, categoryId, (map) => {
    const item = new Y.Map<unknown>()
    item.set('activity', parsed.data)
    item.set('order', nextOrder(map, 'governance'))
    map.set(itemKey('governance', itemId.data), item)
  })
  return written.ok ? ok(itemId.data) : written
}

/**
 * Sets one RACI cell: organisation `orgId`'s role in activity `rowId` (`undefined` clears it). Each cell is its own
 * key, so two people setting two cells at once both win.
 */
export function setRaciRole(doc: Y.Doc, categoryId: string, rowId: string, orgId: string, role: Raci | undefined): WriteResult {
  const org = OrgIdSchema.safeParse(orgId)
  if (!org.success) return invalid('organisation', org.error, 'orgId')
  const parsedRole = RaciSchema.optional().safeParse(role)
  if (!parsedRole.success) return invalid('role', parsedRole.error, 'role')
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  if (!hasItem(card, 'governance', rowId)) return refuse('not-found', `that activity is no longer in the plan (someone may have removed it)`)
  return onCard(doc, categoryId, (map) => {
    const row = map.get(itemKey('governance', rowId)) as Y.Map<unknown>
    if (parsedRole.data === undefined) row.delete(roleKey(org.data))
    else row.set(roleKey(org.data), parsedRole.data)
  })
}

/** Removes one item of a list (milestone, RACI activity, objective, output measure). A concurrent edit of it is lost: removal wins. */
export function removePlanItem(doc: Y.Doc, categoryId: string, list: PlanList, itemId: string): WriteResult {
  const card = cardOf(doc, categoryId)
  if (card === null) return refuse('not-found', `category ${categoryId} is not on this board`)
  if (!hasItem(card, list, itemId)) return refuse('not-found', `that item is no longer in the plan`)
  return onCard(doc, categoryId, (map) => map.delete(itemKey(list, itemId)))
}

/**
 * Converts every card of the board that still holds an old whole-value specification / plan (one transaction;
 * idempotent; see `upgradeLegacyPlan`). Editor clients call it when a board loads, so later edits of different
 * parts never compete with an upgrade. Returns how many cards were converted.
 */
export function upgradeLegacyPlans(doc: Y.Doc): number {
  const cards: Y.Map<unknown>[] = []
  categoriesOf(doc).forEach((card) => {
    if (card instanceof Y.Map && (card.has('specification') || card.has('plan'))) cards.push(card as Y.Map<unknown>)
  })
  if (cards.length === 0) return 0
  let n = 0
  doc.transact(() => {
    for (const card of cards) if (upgradeLegacyPlan(card)) n += 1
  })
  return n
}
