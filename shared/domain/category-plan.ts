/**
 * @module category-plan
 * The category card: what is bought, by whom and for how much, the contracts in place, the demand challenge and
 * output-based specification, and the plan (objectives, milestones, savings target, RACI governance).
 * zod schemas define the shape; `validateCategory` adds the cross-field rules and returns a `Result`.
 */
import { z } from 'zod'
import { CategoryIdSchema, ContractIdSchema, OrgIdSchema, SpendLineIdSchema } from './ids.ts'
import type { CategoryId } from './ids.ts'
import { IsoDateSchema } from './dates.ts'
import { KraljicScoreSchema } from './kraljic.ts'
import type { PoolingInput } from './kraljic.ts'
import { PenceSchema } from './money.ts'
import { ProcurementRouteSchema } from './procurement-route.ts'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'

/** Where a category is in its life cycle, in order. */
export const CATEGORY_STATUSES = ['idea', 'analysing', 'strategy-agreed', 'sourcing', 'implemented'] as const
/** Schema for a category status. */
export const CategoryStatusSchema = z.enum(CATEGORY_STATUSES)
/** A category status. */
export type CategoryStatus = (typeof CATEGORY_STATUSES)[number]

/** ProClass codes are 6 digits (`291120`). */
export const PROCLASS_CODE_PATTERN = /^\d{6}$/
/** CPV codes are stored as 8 digits without the check digit (`45000000`), as UK notices publish them. */
export const CPV_CODE_PATTERN = /^\d{8}$/
/** A category links to spend by ProClass code or prefix: 2 digits (a group), 4 (a sub-group) or 6 (one code). */
export const PROCLASS_PREFIX_PATTERN = /^(\d{2}|\d{4}|\d{6})$/
/** Most ProClass codes or prefixes one category may link to. */
export const MAX_SPEND_CODES = 20

/**
 * Schema for the ProClass codes or prefixes a category's spend comes from (each organisation's lines classified
 * under any of them), distinct, at most `MAX_SPEND_CODES`.
 */
export const SpendCodesSchema = z
  .array(z.string().regex(PROCLASS_PREFIX_PATTERN, 'a ProClass code or prefix is 2, 4 or 6 digits'))
  .max(MAX_SPEND_CODES)
  .refine((codes) => new Set(codes).size === codes.length, 'each ProClass code or prefix is listed once')

/**
 * The ProClass codes or prefixes a category's spend is drawn from: its own list when it has one, otherwise its own
 * ProClass code, so a category with a code links to spend data without listing the code a second time. Empty when
 * the category has neither. The server's pooling, the client and the planning view all use this one rule.
 * @example effectiveSpendCodes({ proclassCode: '291120', spendCodes: [] }) // ['291120']
 * @example effectiveSpendCodes({ proclassCode: '291120', spendCodes: ['2911'] }) // ['2911']
 */
export function effectiveSpendCodes(category: { readonly proclassCode?: string | null | undefined; readonly spendCodes?: readonly string[] | undefined }): readonly string[] {
  const own = category.spendCodes ?? []
  if (own.length > 0) return own
  const code = category.proclassCode ?? null
  return code !== null && PROCLASS_CODE_PATTERN.test(code) ? [code] : []
}

const TEXT_MAX = 2000
const NAME_MAX = 200
const shortText = z.string().trim().max(NAME_MAX)
const longText = z.string().max(TEXT_MAX)

/** Schema for one organisation's position in a category. Annual spend is a planning figure, so not negative. */
export const OrgEntrySchema = z.object({
  orgId: OrgIdSchema,
  annualSpend: PenceSchema.refine((n) => n >= 0, 'annual spend must not be negative'),
  supplierCount: z.number().int().min(0),
  mainSuppliers: z.array(shortText).max(50),
  /**
   * Legacy: older boards kept each organisation's "current contract ends" here. It is read as that organisation's
   * current contract (derived) and moved into the contracts map on its next edit; nothing writes it any more.
   */
  contractEnd: IsoDateSchema.optional(),
  notes: longText,
  /** The spend lines the annual spend was built from, for traceability. */
  sourceLineIds: z.array(SpendLineIdSchema),
})
/** One organisation's position in a category. */
export type OrgEntry = z.infer<typeof OrgEntrySchema>

/** Schema for a category's Kraljic scores; either may be unscored. */
export const CategoryScoresSchema = z.object({
  supplyRisk: KraljicScoreSchema.optional(),
  profitImpact: KraljicScoreSchema.optional(),
})
/** A category's Kraljic scores. */
export type CategoryScores = z.infer<typeof CategoryScoresSchema>

/**
 * Schema for a contract one organisation holds in a category. `extensionOptions` are optional extensions in months.
 * Only the end is always known: an organisation's current contract entered with the "current contract ends"
 * shortcut has no supplier (empty), start or value until someone adds them (see docs/domain.md, one contract model).
 */
export const ContractSchema = z.object({
  id: ContractIdSchema,
  orgId: OrgIdSchema,
  categoryId: CategoryIdSchema,
  /** Empty when not entered yet. */
  supplier: shortText,
  start: IsoDateSchema.optional(),
  end: IsoDateSchema,
  extensionOptions: z.array(z.number().int().min(1).max(120)).max(10),
  /** Total contract value over its term; absent when not entered yet. */
  value: PenceSchema.refine((n) => n >= 0, 'contract value must not be negative').optional(),
  route: ProcurementRouteSchema.optional(),
  reference: shortText.optional(),
  /**
   * Set only on a contract read from an older board's `entries.contractEnd` (never stored): it is written as a real
   * contract on the organisation's next edit (`migrateEntryContractEnd`).
   */
  isDerived: z.literal(true).optional(),
  /**
   * Set only on a contract read from its organisation's confidential document (never stored: the document it is in
   * says so): only that organisation's members see it.
   */
  isConfidential: z.literal(true).optional(),
})
/** A contract. */
export type Contract = z.infer<typeof ContractSchema>

/** Schema for the demand challenge and output-based specification. */
export const SpecificationSchema = z.object({
  /** What is bought today. */
  currentRequirement: longText,
  /** What the service truly needs (must have). */
  need: longText,
  /** Preferences beyond the need (nice to have): the demand challenge questions these. */
  want: longText,
  /** The outcome for residents or services the contract should deliver. */
  outcome: longText,
  /** How delivery of the outcome will be measured. */
  outputMeasures: z.array(shortText).max(50),
})
/** The demand challenge and output-based specification. */
export type Specification = z.infer<typeof SpecificationSchema>

/** Schema for a milestone. `id` is the item's id in the board document (absent in values not read from one). */
export const MilestoneSchema = z.object({ id: z.string().optional(), title: shortText.min(1), owner: shortText, due: IsoDateSchema })
/** A dated plan milestone. */
export type Milestone = z.infer<typeof MilestoneSchema>

/** RACI letters: Responsible, Accountable, Consulted, Informed. */
export const RaciSchema = z.enum(['R', 'A', 'C', 'I'])
/** A RACI letter. */
export type Raci = z.infer<typeof RaciSchema>

/** Schema for a governance row: one activity and each organisation's role in it. `id` as for milestones. */
export const RaciRowSchema = z.object({ id: z.string().optional(), activity: shortText.min(1), assignments: z.record(OrgIdSchema, RaciSchema) })
/** A governance (RACI) row. */
export type RaciRow = z.infer<typeof RaciRowSchema>

/** Schema for the category plan proper. */
export const PlanSchema = z.object({
  objectives: z.array(shortText).max(50),
  milestones: z.array(MilestoneSchema).max(100),
  savingsTarget: PenceSchema.refine((n) => n >= 0, 'savings target must not be negative'),
  route: ProcurementRouteSchema.optional(),
  governance: z.array(RaciRowSchema).max(50),
})
/** The category plan. */
export type Plan = z.infer<typeof PlanSchema>

/** Schema for a category card (shape only; `validateCategory` adds cross-field rules). */
export const CategoryPlanSchema = z.object({
  id: CategoryIdSchema,
  name: shortText.min(1),
  proclassCode: z.string().regex(PROCLASS_CODE_PATTERN, 'ProClass code must be 6 digits').optional(),
  cpvCodes: z.array(z.string().regex(CPV_CODE_PATTERN, 'CPV code must be 8 digits without the check digit')).max(50),
  /** Where the category's spend comes from in the organisations' datasets; absent on cards made before issue 11. */
  spendCodes: SpendCodesSchema.optional(),
  owner: shortText,
  status: CategoryStatusSchema,
  entries: z.array(OrgEntrySchema).max(200),
  scores: CategoryScoresSchema,
  contracts: z.array(ContractSchema).max(1000),
  specification: SpecificationSchema,
  plan: PlanSchema,
})
/** A category card. */
export type CategoryPlan = z.infer<typeof CategoryPlanSchema>

/** One problem found when validating, with the path to the offending field. */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

/** A new, empty category card. */
export function createCategoryPlan(id: CategoryId, name: string): CategoryPlan {
  return {
    id,
    name,
    cpvCodes: [],
    owner: '',
    status: 'idea',
    entries: [],
    scores: {},
    contracts: [],
    specification: { currentRequirement: '', need: '', want: '', outcome: '', outputMeasures: [] },
    plan: { objectives: [], milestones: [], savingsTarget: 0 as CategoryPlan['plan']['savingsTarget'], governance: [] },
  }
}

function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

/** Cross-field rules of a single contract: it must not end before it starts. */
export function contractIssues(contract: Contract, path = 'contract'): ValidationIssue[] {
  return contract.start !== undefined && contract.end < contract.start ? [{ path: `${path}.end`, message: `contract ${contract.id} ends (${contract.end}) before it starts (${contract.start})` }] : []
}

/** Validates a contract from untrusted input. */
export function validateContract(input: unknown): Result<Contract> {
  const parsed = ContractSchema.safeParse(input)
  if (!parsed.success) return fail('invalid-category', 'contract is malformed', issuesFromZod(parsed.error))
  const issues = contractIssues(parsed.data)
  return issues.length === 0 ? ok(parsed.data) : fail('invalid-category', issues[0]?.message ?? 'contract is invalid', issues)
}

/**
 * Validates a category card from untrusted input (e.g. a Y.Doc projection). Beyond the shape it checks:
 * one entry per organisation; unique contract ids, each belonging to this category and not ending before it starts;
 * every RACI row has exactly one Accountable organisation; RACI organisations take part in the category (have an entry).
 * On failure `details` lists every issue as `{ path, message }`.
 */
export function validateCategory(input: unknown): Result<CategoryPlan> {
  const parsed = CategoryPlanSchema.safeParse(input)
  if (!parsed.success) return fail('invalid-category', 'category card is malformed', issuesFromZod(parsed.error))
  const c = parsed.data
  const issues: ValidationIssue[] = []
  const orgIds = new Set<string>()
  c.entries.forEach((e, i) => {
    if (orgIds.has(e.orgId)) issues.push({ path: `entries.${i}.orgId`, message: `organisation ${e.orgId} has more than one entry in category ${c.id}` })
    orgIds.add(e.orgId)
  })
  const contractIds = new Set<string>()
  c.contracts.forEach((k, i) => {
    if (contractIds.has(k.id)) issues.push({ path: `contracts.${i}.id`, message: `contract id ${k.id} is used twice in category ${c.id}` })
    contractIds.add(k.id)
    if (k.categoryId !== c.id) issues.push({ path: `contracts.${i}.categoryId`, message: `contract ${k.id} belongs to category ${k.categoryId}, not ${c.id}` })
    issues.push(...contractIssues(k, `contracts.${i}`))
  })
  c.plan.governance.forEach((row, i) => {
    const roles = Object.entries(row.assignments)
    const accountable = roles.filter(([, r]) => r === 'A').length
    if (accountable !== 1) {
      issues.push({ path: `plan.governance.${i}`, message: `activity "${row.activity}" has ${accountable} Accountable organisations; it needs exactly 1` })
    }
    for (const [orgId] of roles) {
      if (!orgIds.has(orgId)) issues.push({ path: `plan.governance.${i}.assignments.${orgId}`, message: `organisation ${orgId} has a RACI role in "${row.activity}" but no entry in category ${c.id}` })
    }
  })
  return issues.length === 0 ? ok(c) : fail('invalid-category', `category ${c.id} breaks ${issues.length} rule(s): ${issues[0]?.message ?? ''}`, issues)
}

/** The inputs `compareAloneVsPooled` needs from a category card: its supply risk and each organisation's spend. */
export function poolingInputOf(category: CategoryPlan): PoolingInput {
  return { supplyRisk: category.scores.supplyRisk, entries: category.entries }
}
