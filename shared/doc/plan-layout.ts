/**
 * @module plan-layout
 * How a category's specification and plan are stored in its `Y.Map` so that concurrent edits of different parts
 * all survive: every text field, scalar and list item has its own key on the category map, and each list item is
 * its own `Y.Map` keyed by a stable id (each RACI cell a key of its row). No container is ever created that two
 * clients could create at once (their contents would then compete as one value): keys live directly on the
 * category map, which `createCategory` made once.
 *
 * Older boards hold the whole specification and plan as two plain JSON values (`specification`, `plan`). The
 * reader accepts both; `upgradeLegacyPlan` converts a card in place (idempotent: item ids are derived from the old
 * value's positions, so two clients upgrading at once write the same keys with the same content and converge
 * without duplicates). Layout: docs/planning-doc.md.
 */
import * as Y from 'yjs'
import { z } from 'zod'
import { MilestoneSchema, PlanSchema, RaciSchema, SpecificationSchema } from '../domain/category-plan.ts'
import type { Plan, Raci, Specification, ValidationIssue } from '../domain/category-plan.ts'
import { IsoDateSchema } from '../domain/dates.ts'
import { ID_PATTERN, OrgIdSchema } from '../domain/ids.ts'
import type { OrgId } from '../domain/ids.ts'
import { PenceSchema } from '../domain/money.ts'
import { ProcurementRouteSchema } from '../domain/procurement-route.ts'

/** The old keys: the whole specification / plan as one plain JSON value (read, and upgraded away on first write). */
export const LEGACY_SPECIFICATION_KEY = 'specification'
export const LEGACY_PLAN_KEY = 'plan'

/** The four free-text fields of the specification, each under `spec.<field>`. */
export const SPEC_TEXT_FIELDS = ['currentRequirement', 'need', 'want', 'outcome'] as const
export type SpecTextField = (typeof SPEC_TEXT_FIELDS)[number]
export const specKey = (field: SpecTextField): string => `spec.${field}`

/** The plan's scalars: `plan.savingsTarget` (pence) and `plan.route` (absent: the board default). */
export const PLAN_SCALAR_KEYS = { savingsTarget: 'plan.savingsTarget', route: 'plan.route' } as const
export type PlanScalar = keyof typeof PLAN_SCALAR_KEYS

/** The item lists; an item is the `Y.Map` at `<prefix><itemId>`. */
export const PLAN_LIST_PREFIXES = {
  outputMeasures: 'spec.outputMeasure:',
  objectives: 'plan.objective:',
  milestones: 'plan.milestone:',
  governance: 'plan.raci:',
} as const
export type PlanList = keyof typeof PLAN_LIST_PREFIXES
export const itemKey = (list: PlanList, itemId: string): string => `${PLAN_LIST_PREFIXES[list]}${itemId}`

/** In a RACI row's `Y.Map`: `role.<orgId>` → R/A/C/I, one key per cell, so two cells edited at once both win. */
export const ROLE_KEY_PREFIX = 'role.'
export const roleKey = (orgId: string): string => `${ROLE_KEY_PREFIX}${orgId}`

/** The id of the item at `index` of an old plain-JSON list: the same on every client, so upgrades converge. */
export const legacyItemId = (index: number): string => `legacy-${index}`

/** Item ids follow the planning id pattern (1–64 of `A-Z a-z 0-9 _ -`). */
export const ItemIdSchema = z.string().regex(ID_PATTERN, 'item id must be 1-64 characters of A-Z a-z 0-9 _ -')

const shortText = z.string().trim().max(200)
/** Position of an item in its list: any finite number; ties are broken by item id. */
export const OrderSchema = z.number().finite()
/** Schema of each key of a list item's `Y.Map`, per list (RACI cells: `RaciSchema` under `role.<orgId>`). */
export const ITEM_FIELD_SCHEMAS = {
  outputMeasures: { text: shortText.min(1), order: OrderSchema },
  objectives: { text: shortText.min(1), order: OrderSchema },
  milestones: { title: shortText.min(1), owner: shortText, due: IsoDateSchema, order: OrderSchema },
  governance: { activity: shortText.min(1), order: OrderSchema },
} as const
/** The fields of a new or changed text item (objective, output measure). */
export type TextItemInput = { readonly text: string }
/** The fields of a milestone item. */
export type MilestoneInput = { readonly title: string; readonly owner: string; readonly due: string }

/** Every key of a category map that belongs to the specification or plan (old or new layout). */
export function isPlanKey(key: string): boolean {
  return key === LEGACY_SPECIFICATION_KEY || key === LEGACY_PLAN_KEY || key.startsWith('spec.') || key.startsWith('plan.')
}

/** True while the card still holds an old whole-value specification or plan. */
export function hasLegacyPlan(card: Y.Map<unknown>): boolean {
  return card.has(LEGACY_SPECIFICATION_KEY) || card.has(LEGACY_PLAN_KEY)
}

interface ItemRead<T> {
  readonly id: string
  readonly order: number
  readonly value: T
}

const byOrder = <T>(a: ItemRead<T>, b: ItemRead<T>): number => (a.order !== b.order ? a.order - b.order : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/** Reads one item's fields with their schemas; a bad field leaves the item out (reported), a bad order sorts it last. */
function readItemFields(list: PlanList, item: Y.Map<unknown>, path: string, problems: ValidationIssue[]): { order: number; fields: Record<string, unknown> } | null {
  const schemas = ITEM_FIELD_SCHEMAS[list] as Record<string, z.ZodType>
  const fields: Record<string, unknown> = {}
  let order = Number.MAX_SAFE_INTEGER
  let isReadable = true
  for (const [field, schema] of Object.entries(schemas)) {
    const raw = item.get(field)
    if (field === 'order') {
      const parsed = OrderSchema.safeParse(raw)
      if (parsed.success) order = parsed.data
      continue
    }
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      problems.push({ path: `${path}.${field}`, message: raw === undefined ? `${field} is missing; item left out` : `${parsed.error.issues[0]?.message ?? 'invalid'}; item left out` })
      isReadable = false
      continue
    }
    fields[field] = parsed.data
  }
  return isReadable ? { order, fields } : null
}

/** Reads the items of one list in the new layout: `Y.Map`s under `<prefix><id>`, sorted by order then id. */
function readItems<T>(card: Y.Map<unknown>, list: PlanList, basePath: string, problems: ValidationIssue[], build: (fields: Record<string, unknown>, item: Y.Map<unknown>, path: string) => T): ItemRead<T>[] {
  const prefix = PLAN_LIST_PREFIXES[list]
  const out: ItemRead<T>[] = []
  card.forEach((value, key) => {
    if (!key.startsWith(prefix)) return
    const id = key.slice(prefix.length)
    const path = `${basePath}.${list}.${id}`
    if (!ItemIdSchema.safeParse(id).success) {
      problems.push({ path, message: `item id ${JSON.stringify(id)} is invalid; item left out` })
      return
    }
    if (!(value instanceof Y.Map)) {
      problems.push({ path, message: 'item is not a Y.Map of fields; left out' })
      return
    }
    const item = value as Y.Map<unknown>
    const read = readItemFields(list, item, path, problems)
    if (read === null) return
    out.push({ id, order: read.order, value: build(read.fields, item, path) })
  })
  return out.sort(byOrder)
}

/** Parses an old whole value; a bad one is reported and read as empty (the card stays). */
function readLegacy<S extends z.ZodType>(card: Y.Map<unknown>, key: string, schema: S, path: string, problems: ValidationIssue[]): z.output<S> | null {
  const raw = card.get(key)
  if (raw === undefined) return null
  const parsed = schema.safeParse(raw)
  if (parsed.success) return parsed.data
  problems.push(...parsed.error.issues.map((i) => ({ path: [`${path}.${key}`, ...i.path.map(String)].join('.'), message: i.message })))
  return null
}

/** Old items not (yet) shadowed by an upgraded item of the same id. */
function legacyItems<T>(values: readonly T[], present: readonly ItemRead<unknown>[]): ItemRead<T>[] {
  const ids = new Set(present.map((p) => p.id))
  return values.flatMap((value, i) => (ids.has(legacyItemId(i)) ? [] : [{ id: legacyItemId(i), order: i, value }]))
}

/**
 * Reads a card's specification and plan. Each new-layout key wins over the old whole value's field; old list items
 * appear under their derived ids unless already upgraded. Report, never throw: a bad text falls back (to the old
 * value's, else empty), a bad item or RACI cell is left out, and each is reported with its path.
 */
export function readSpecificationAndPlan(card: Y.Map<unknown>, path: string, problems: ValidationIssue[]): { specification: Specification; plan: Plan } {
  const legacySpec = readLegacy(card, LEGACY_SPECIFICATION_KEY, SpecificationSchema, path, problems)
  const legacyPlan = readLegacy(card, LEGACY_PLAN_KEY, PlanSchema, path, problems)
  const text = (field: SpecTextField): string => {
    const raw = card.get(specKey(field))
    const fallback = legacySpec?.[field] ?? ''
    if (raw === undefined) return fallback
    const parsed = SpecificationSchema.shape[field].safeParse(raw)
    if (parsed.success) return parsed.data
    problems.push({ path: `${path}.specification.${field}`, message: parsed.error.issues[0]?.message ?? 'invalid' })
    return fallback
  }
  const scalar = <S extends z.ZodType>(name: PlanScalar, schema: S, fallback: z.output<S>): z.output<S> => {
    const raw = card.get(PLAN_SCALAR_KEYS[name])
    if (raw === undefined) return fallback
    const parsed = schema.safeParse(raw)
    if (parsed.success) return parsed.data
    problems.push({ path: `${path}.plan.${name}`, message: parsed.error.issues[0]?.message ?? 'invalid' })
    return fallback
  }
  const specPath = `${path}.specification`
  const planPath = `${path}.plan`
  const measures = readItems(card, 'outputMeasures', specPath, problems, (f) => f['text'] as string)
  const objectives = readItems(card, 'objectives', planPath, problems, (f) => f['text'] as string)
  const milestones = readItems(card, 'milestones', planPath, problems, (f, _item, _p) => ({ title: f['title'] as string, owner: f['owner'] as string, due: f['due'] as Plan['milestones'][number]['due'] }))
  const governance = readItems(card, 'governance', planPath, problems, (f, item, itemPath) => {
    const assignments: Record<string, Raci> = {}
    item.forEach((value, key) => {
      if (!key.startsWith(ROLE_KEY_PREFIX)) return
      const orgId = key.slice(ROLE_KEY_PREFIX.length)
      const org = OrgIdSchema.safeParse(orgId)
      const role = RaciSchema.safeParse(value)
      if (!org.success || !role.success) {
        problems.push({ path: `${itemPath}.assignments.${orgId}`, message: !org.success ? `organisation id ${JSON.stringify(orgId)} is invalid; cell left out` : `role ${JSON.stringify(value)} is not R, A, C or I; cell left out` })
        return
      }
      assignments[org.data] = role.data
    })
    return { activity: f['activity'] as string, assignments: assignments as Record<OrgId, Raci> }
  })
  const withId = <T extends object>(items: ItemRead<T>[]) => items.sort(byOrder).map((i) => ({ id: i.id, ...i.value }))
  const savingsTarget = scalar('savingsTarget', PenceSchema.refine((n) => n >= 0, 'savings target must not be negative'), legacyPlan?.savingsTarget ?? (0 as Plan['savingsTarget']))
  const route = scalar('route', ProcurementRouteSchema.optional(), legacyPlan?.route)
  const milestoneList = withId([...milestones, ...legacyItems((legacyPlan?.milestones ?? []).map(({ id: _id, ...m }) => m), milestones)])
  milestoneList.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
  return {
    specification: {
      currentRequirement: text('currentRequirement'),
      need: text('need'),
      want: text('want'),
      outcome: text('outcome'),
      outputMeasures: [...measures, ...legacyItems(legacySpec?.outputMeasures ?? [], measures).filter((i) => i.value !== '')].sort(byOrder).map((i) => i.value),
    },
    plan: {
      objectives: [...objectives, ...legacyItems(legacyPlan?.objectives ?? [], objectives).filter((i) => i.value !== '')].sort(byOrder).map((i) => i.value),
      milestones: milestoneList,
      savingsTarget,
      ...(route !== undefined ? { route } : {}),
      governance: withId([...governance, ...legacyItems((legacyPlan?.governance ?? []).map(({ id: _id, ...g }) => g), governance)]),
    },
  }
}

/** The ids and texts of a text list in display order (what `setListLines` diffs against). */
export function readTextItems(card: Y.Map<unknown>, list: 'outputMeasures' | 'objectives'): { id: string; order: number; text: string }[] {
  const items = readItems(card, list, '', [], (f) => f['text'] as string)
  return items.map((i) => ({ id: i.id, order: i.order, text: i.value }))
}

/** The orders of every item of a list (new layout), for placing a new item last. */
export function itemOrders(card: Y.Map<unknown>, list: PlanList): number[] {
  const prefix = PLAN_LIST_PREFIXES[list]
  const out: number[] = []
  card.forEach((value, key) => {
    if (!key.startsWith(prefix) || !(value instanceof Y.Map)) return
    const order = OrderSchema.safeParse((value as Y.Map<unknown>).get('order'))
    if (order.success) out.push(order.data)
  })
  return out
}

function newItem(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(fields)) map.set(key, value)
  return map
}

/**
 * Converts a card's old whole-value specification and plan to the per-key layout, then removes the old values.
 * Call inside a transaction. Only keys still absent are written, and list items get ids derived from their old
 * positions, so the upgrade is idempotent and two clients upgrading at once converge without duplicate items.
 * An old value that cannot be read is left in place (the reader keeps reporting it; nothing is thrown away).
 * Returns true when something was converted.
 */
export function upgradeLegacyPlan(card: Y.Map<unknown>): boolean {
  let changed = false
  const setIfAbsent = (key: string, value: unknown) => {
    if (card.has(key)) return
    card.set(key, value instanceof Y.Map ? value : JSON.parse(JSON.stringify(value)))
    changed = true
  }
  const spec = SpecificationSchema.safeParse(card.get(LEGACY_SPECIFICATION_KEY))
  if (card.has(LEGACY_SPECIFICATION_KEY) && spec.success) {
    for (const field of SPEC_TEXT_FIELDS) if (spec.data[field] !== '') setIfAbsent(specKey(field), spec.data[field])
    spec.data.outputMeasures.forEach((text, i) => {
      if (text !== '') setIfAbsent(itemKey('outputMeasures', legacyItemId(i)), newItem({ text, order: i }))
    })
    card.delete(LEGACY_SPECIFICATION_KEY)
    changed = true
  }
  const plan = PlanSchema.safeParse(card.get(LEGACY_PLAN_KEY))
  if (card.has(LEGACY_PLAN_KEY) && plan.success) {
    const p = plan.data
    if (p.savingsTarget !== 0) setIfAbsent(PLAN_SCALAR_KEYS.savingsTarget, p.savingsTarget)
    if (p.route !== undefined) setIfAbsent(PLAN_SCALAR_KEYS.route, p.route)
    p.objectives.forEach((text, i) => {
      if (text !== '') setIfAbsent(itemKey('objectives', legacyItemId(i)), newItem({ text, order: i }))
    })
    p.milestones.forEach((m, i) => setIfAbsent(itemKey('milestones', legacyItemId(i)), newItem({ title: m.title, owner: m.owner, due: m.due, order: i })))
    p.governance.forEach((row, i) => {
      const fields: Record<string, unknown> = { activity: row.activity, order: i }
      for (const [orgId, role] of Object.entries(row.assignments)) fields[roleKey(orgId)] = role
      setIfAbsent(itemKey('governance', legacyItemId(i)), newItem(fields))
    })
    card.delete(LEGACY_PLAN_KEY)
    changed = true
  }
  return changed
}

/** Schema of a milestone as the writers take it. */
export const MilestoneInputSchema = MilestoneSchema.omit({ id: true }).strict()

/** True when an old whole value still holds the list item `itemId` (`legacy-<i>`), not yet upgraded. */
export function hasLegacyItem(card: Y.Map<unknown>, list: PlanList, itemId: string): boolean {
  const match = /^legacy-(\d+)$/.exec(itemId)
  if (match === null) return false
  const index = Number(match[1])
  if (list === 'outputMeasures') {
    const spec = SpecificationSchema.safeParse(card.get(LEGACY_SPECIFICATION_KEY))
    return spec.success && index < spec.data.outputMeasures.length
  }
  const plan = PlanSchema.safeParse(card.get(LEGACY_PLAN_KEY))
  return plan.success && index < plan.data[list].length
}

/** A random item id (16 characters of base64url): concurrent adds never collide. */
export function randomItemId(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
