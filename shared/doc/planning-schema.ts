/**
 * @module planning-schema
 * The category-planning layout of a board's Yjs documents: root key names, the names of the per-organisation
 * documents, and the zod schemas of every value stored in them. Readers and writers share these so nothing is
 * written that a reader would refuse. The layout is described in docs/planning-doc.md.
 */
import { z } from 'zod'
import {
  CategoryPlanSchema,
  ContractSchema,
  OrgEntrySchema,
  PlanSchema,
  SpecificationSchema,
  SpendCodesSchema,
} from '../domain/category-plan.ts'
import type { ValidationIssue } from '../domain/category-plan.ts'
import { CategoryIdSchema, ID_PATTERN } from '../domain/ids.ts'
import { KraljicScoreSchema, KRALJIC_QUADRANTS, validateProfitImpactThresholds } from '../domain/kraljic.ts'
import type { KraljicQuadrant } from '../domain/kraljic.ts'
import { BPS_WHOLE, PenceSchema } from '../domain/money.ts'
import { MAX_LEAD_TIME_MONTHS, PROCUREMENT_ROUTES, ProcurementRouteSchema } from '../domain/procurement-route.ts'
import type { ProcurementRoute } from '../domain/procurement-route.ts'

// ---- root keys ------------------------------------------------------------------------------------------------

/** Board document: `Y.Map` of categoryId → `Y.Map` of category fields (field-level last writer wins). */
export const CATEGORIES_KEY = 'categories'
/** Board document: `Y.Map` of setting name → value (see `SETTING_KEYS`). */
export const PLANNING_SETTINGS_KEY = 'planningSettings'
/** Board document: `Y.Map` of opportunityId → opportunity card record (whole record last writer wins). */
export const OPPORTUNITIES_KEY = 'opportunities'
/** Organisation document: `Y.Map` of categoryId → that organisation's entry in the category. */
export const ENTRIES_KEY = 'entries'
/** Organisation document: `Y.Map` of contractId → contract held by that organisation. */
export const CONTRACTS_KEY = 'contracts'

// ---- problems and results ---------------------------------------------------------------------------------------

/** What a reader returns: the usable value, and every piece of bad content it had to leave out or replace. */
export interface DocRead<T> {
  readonly value: T
  readonly problems: readonly ValidationIssue[]
}

/** Why a writer refused. Closed union: writers return nothing else. */
export type PlanningWriteErrorCode = 'invalid-value' | 'not-found' | 'already-exists'

/** A refused write: nothing was written. `issues` names each offending field. */
export interface PlanningWriteError {
  readonly code: PlanningWriteErrorCode
  readonly message: string
  readonly issues: readonly ValidationIssue[]
}

/** Converts zod issues to `{ path, message }`, prefixing each path. */
export function issuesFrom(error: z.ZodError, prefix = ''): ValidationIssue[] {
  return error.issues.map((i) => {
    const inner = i.path.map(String).join('.')
    return { path: prefix === '' ? inner : inner === '' ? prefix : `${prefix}.${inner}`, message: i.message }
  })
}

// ---- category fields (board document) ---------------------------------------------------------------------------

const shape = CategoryPlanSchema.shape

/** ISO 8601 timestamp with offset, as written by `createCategory` (`at`). */
export const TimestampSchema = z.iso.datetime({ offset: true })
/** Who created a record: a user id (opaque to the doc layer). */
export const AuthorIdSchema = z.string().min(1).max(64)

/**
 * One schema per single-value field of a category's `Y.Map`. Optional fields (`proclassCode`, `supplyRisk`,
 * `profitImpact`) are absent when unset; writing `undefined` deletes the key. The specification and plan are not
 * single values: each of their parts has its own key (shared/doc/plan-layout.ts).
 */
export const CATEGORY_FIELD_SCHEMAS = {
  name: shape.name,
  proclassCode: shape.proclassCode,
  cpvCodes: shape.cpvCodes,
  spendCodes: SpendCodesSchema,
  owner: shape.owner,
  status: shape.status,
  supplyRisk: KraljicScoreSchema.optional(),
  profitImpact: KraljicScoreSchema.optional(),
  createdAt: TimestampSchema,
  createdBy: AuthorIdSchema,
} as const

/** A field of a category card stored in the board document. */
export type CategoryField = keyof typeof CATEGORY_FIELD_SCHEMAS
/** The names of every category field, in display order. */
export const CATEGORY_FIELDS = Object.keys(CATEGORY_FIELD_SCHEMAS) as CategoryField[]
/** Fields the UI may edit with `updateCategoryField` (provenance is written once, at creation). */
export type EditableCategoryField = Exclude<CategoryField, 'createdAt' | 'createdBy'>
/** The value type accepted for each field (input side: before trimming). */
export type CategoryFieldValue<F extends CategoryField> = z.input<(typeof CATEGORY_FIELD_SCHEMAS)[F]>

/** The board-level part of a category card as read from the board document (no organisation data). */
export interface CategoryRecord {
  readonly id: z.infer<typeof CategoryIdSchema>
  readonly name: string
  readonly proclassCode?: string
  readonly cpvCodes: readonly string[]
  /** ProClass codes or prefixes the category's spend is drawn from; empty when not linked (and on older cards). */
  readonly spendCodes: readonly string[]
  readonly owner: string
  readonly status: z.infer<typeof shape.status>
  readonly scores: z.infer<typeof shape.scores>
  readonly specification: z.infer<typeof SpecificationSchema>
  readonly plan: z.infer<typeof PlanSchema>
  /** Absent for cards written before provenance was recorded, or when the stored value was bad. */
  readonly createdAt?: string
  readonly createdBy?: string
}

// ---- organisation data (organisation document) ------------------------------------------------------------------

/** Schema of a value in an organisation document's `entries` map (the organisation is implied by the document). */
export const OrgEntryValueSchema = OrgEntrySchema.omit({ orgId: true })
/** One organisation's entry in a category, as stored. */
export type OrgEntryValue = z.infer<typeof OrgEntryValueSchema>
/** What a client passes to `setOrgEntry` (before trimming). */
export type OrgEntryInput = z.input<typeof OrgEntryValueSchema>

/**
 * Schema of a value in an organisation document's (or its confidential document's) `contracts` map: the organisation
 * and whether it is confidential are implied by the document.
 */
export const ContractValueSchema = ContractSchema.omit({ orgId: true, isDerived: true, isConfidential: true })
/** A contract as stored in its organisation's document. */
export type ContractValue = z.infer<typeof ContractValueSchema>
/** What a client passes to `putContract` (before trimming). */
export type ContractInput = z.input<typeof ContractValueSchema>

// ---- planning settings (board document) -------------------------------------------------------------------------

/** Schema for the profit impact thresholds: four positive, strictly increasing amounts in pence. */
export const ThresholdsSchema = z
  .object({ score2: PenceSchema, score3: PenceSchema, score4: PenceSchema, score5: PenceSchema })
  .superRefine((t, ctx) => {
    const checked = validateProfitImpactThresholds(t)
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.error.message })
  })

/** Schema for a renewal window in whole months (1–120, as `validateRenewalSettings`). */
export const RenewalWindowMonthsSchema = z.number().int().min(1).max(120)
/** Schema for a lead time in whole months (0–`MAX_LEAD_TIME_MONTHS`). */
export const LeadTimeMonthsSchema = z.number().int().min(0).max(MAX_LEAD_TIME_MONTHS)
/** Schema for an assumed savings rate in basis points (0–10000). */
export const SavingsRateBpsSchema = z.number().int().min(0).max(BPS_WHOLE).brand<'BasisPoints'>()

/**
 * Keys of the `planningSettings` map. Each key is its own last-writer-wins value, so two people changing the lead
 * time of different routes both win. Thresholds are one key because their order is an invariant across all four.
 */
export const SETTING_KEYS = {
  thresholds: 'profitImpactThresholds',
  renewalWindowMonths: 'renewalWindowMonths',
  defaultRoute: 'defaultRoute',
  leadTimeMonths: (route: ProcurementRoute) => `leadTimeMonths.${route}`,
  savingsRateBps: (quadrant: KraljicQuadrant) => `savingsRateBps.${quadrant}`,
} as const

/** The settings a client may change with `setPlanningSettings`; omitted fields keep their current value. */
export interface PlanningSettingsPatch {
  readonly thresholds?: z.input<typeof ThresholdsSchema>
  readonly renewalWindowMonths?: number
  /** Route assumed for a category whose plan has not chosen one. */
  readonly defaultRoute?: ProcurementRoute
  readonly leadTimeMonths?: Partial<Record<ProcurementRoute, number>>
  readonly savingsRatesBps?: Partial<Record<KraljicQuadrant, number>>
}

/** Schema of a settings patch (all fields optional; lead times and rates per route/quadrant). */
export const PlanningSettingsPatchSchema = z.object({
  thresholds: ThresholdsSchema.optional(),
  renewalWindowMonths: RenewalWindowMonthsSchema.optional(),
  defaultRoute: ProcurementRouteSchema.optional(),
  leadTimeMonths: z.partialRecord(z.enum(PROCUREMENT_ROUTES), LeadTimeMonthsSchema).optional(),
  savingsRatesBps: z.partialRecord(z.enum(KRALJIC_QUADRANTS), SavingsRateBpsSchema).optional(),
}).strict()

// ---- opportunity cards (board document) -------------------------------------------------------------------------

/** Schema for an opportunity card id. */
export const OpportunityIdSchema = z.string().regex(ID_PATTERN, 'opportunity id must be 1-64 characters of A-Z a-z 0-9 _ -').brand<'OpportunityId'>()
/** The id of an opportunity card on the board. */
export type OpportunityId = z.infer<typeof OpportunityIdSchema>

/** Where an agreed collaboration opportunity stands. */
export const OPPORTUNITY_STATUSES = ['proposed', 'agreed', 'in-progress', 'dropped'] as const
/** An opportunity card's status. */
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number]

/** Schema of an opportunity card record (a value of the `opportunities` map). */
export const OpportunityRecordSchema = z.object({
  id: OpportunityIdSchema,
  title: z.string().trim().min(1).max(200),
  categoryIds: z.array(CategoryIdSchema).min(1).max(50),
  status: z.enum(OPPORTUNITY_STATUSES),
  note: z.string().max(2000),
  createdAt: TimestampSchema,
  createdBy: AuthorIdSchema,
})
/** An opportunity card someone added to the board, linked to its categories. */
export type OpportunityRecord = z.infer<typeof OpportunityRecordSchema>

/**
 * Turns a parsed value into plain JSON for a `Y.Map`: Yjs cannot store `undefined`, and zod keeps explicitly
 * undefined optional keys, so they are dropped here. Values are JSON-safe by construction (schemas above).
 */
export function toStoredJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
