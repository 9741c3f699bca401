/**
 * The REST contract for spend data: uploads and their import jobs, an organisation's dataset, its suppliers and
 * their classification. Money is integer pence, dates ISO. Route list and rules: docs/spend-data.md.
 */
import { z } from 'zod'

/** A row left out, repaired or refused, with where it is in the file: sheet (workbooks only) and 1-based line. */
export const RowIssueSchema = z.object({
  sheet: z.string().optional(),
  line: z.number().int().min(0),
  code: z.string(),
  reason: z.string(),
})
export type RowIssue = z.infer<typeof RowIssueSchema>

export const SpendPeriodSchema = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  months: z.number().int().min(0),
})

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export const ImportStatusSchema = z.enum(IMPORT_STATUSES)

/** `POST /api/orgs/:orgId/spend/files?filename=NAME` → 202. */
export const ImportAcceptedSchema = z.object({ importId: z.string() })

export const ImportResultSchema = z.object({
  fileId: z.string(),
  transactions: z.number().int(),
  totalPence: z.number().int(),
  errors: z.array(RowIssueSchema),
  skipped: z.array(RowIssueSchema),
  recovered: z.array(RowIssueSchema),
  /** Set when these exact bytes were already in the organisation's dataset: nothing was added. */
  duplicateOf: z.string().optional(),
  period: SpendPeriodSchema.optional(),
  periodLabel: z.string().optional(),
})
export type ImportResult = z.infer<typeof ImportResultSchema>

/** `GET /api/spend/imports/:importId`. */
export const ImportJobSchema = z.object({
  importId: z.string(),
  orgId: z.string(),
  filename: z.string(),
  status: ImportStatusSchema,
  /** Data rows read so far. */
  rowsRead: z.number().int().min(0),
  /** 0..1, by bytes read. */
  progress: z.number().min(0).max(1),
  /** What the job is doing now, in words ("Reading sheet Apr 18", "Classifying 17,035 lines"). */
  stage: z.string().optional(),
  result: ImportResultSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type ImportJob = z.infer<typeof ImportJobSchema>

export const SpendFileSummarySchema = z.object({
  fileId: z.string(),
  filename: z.string(),
  kind: z.enum(['csv', 'xlsx']),
  sizeBytes: z.number().int(),
  uploadedAt: z.string(),
  uploadedBy: z.string(),
  transactions: z.number().int(),
  totalPence: z.number().int(),
  period: SpendPeriodSchema,
  periodLabel: z.string(),
  errorCount: z.number().int(),
  skippedCount: z.number().int(),
  recoveredCount: z.number().int(),
  sheets: z.array(z.object({ sheet: z.string().optional(), headerLine: z.number().int(), rows: z.number().int(), columns: z.record(z.string(), z.string()) })),
})
export type SpendFileSummary = z.infer<typeof SpendFileSummarySchema>

/** `GET /api/orgs/:orgId/spend`: the organisation's dataset (all its files together). */
export const OrgSpendDatasetSchema = z.object({
  orgId: z.string(),
  files: z.array(SpendFileSummarySchema),
  transactions: z.number().int(),
  totalPence: z.number().int(),
  /** The total scaled to a year when the files do not cover exactly 12 months. */
  annualisedPence: z.number().int(),
  period: SpendPeriodSchema,
  periodLabel: z.string(),
  suppliers: z.number().int(),
  /** Spend on lines with a ProClass code, by how the code was set. */
  classifiedPence: z.object({ file: z.number().int(), learned: z.number().int(), confirmed: z.number().int(), none: z.number().int() }),
  /** Changes whenever the dataset or its classification changes. */
  version: z.number().int(),
})
export type OrgSpendDataset = z.infer<typeof OrgSpendDatasetSchema>

/** `GET /api/orgs/:orgId/spend/files/:fileId/issues`: every row left out, repaired or refused. */
export const FileIssuesSchema = z.object({ errors: z.array(RowIssueSchema), skipped: z.array(RowIssueSchema), recovered: z.array(RowIssueSchema) })

export const CODE_SOURCES = ['file', 'learned', 'confirmed'] as const
export const CodeSourceSchema = z.enum(CODE_SOURCES)
export type CodeSource = z.infer<typeof CodeSourceSchema>

/** `GET /api/orgs/:orgId/spend/suppliers`. */
export const SpendSupplierSchema = z.object({
  key: z.string(),
  name: z.string(),
  transactions: z.number().int(),
  totalPence: z.number().int(),
  /** The code under which the supplier's lines carry the most spend. */
  proclassCode: z.string().nullable(),
  source: CodeSourceSchema.nullable(),
  /** 0..1 */
  confidence: z.number().min(0).max(1).nullable(),
  /** Why this code, in words: "coded 321115 in 31 of Trafford's lines for this supplier". */
  reason: z.string().nullable().optional(),
  proclassLabel: z.string().nullable().optional(),
  /** The names published for this identity (after merges). */
  names: z.array(z.string()).optional(),
  companyNumber: z.string().nullable().optional(),
  vatNumber: z.string().nullable().optional(),
})
export type SpendSupplier = z.infer<typeof SpendSupplierSchema>
export const SpendSuppliersSchema = z.object({
  suppliers: z.array(SpendSupplierSchema),
  /** Redacted, personal-data and "third party" rows: in totals, never counted as a supplier. */
  withheld: z.object({ transactions: z.number().int(), totalPence: z.number().int() }).optional(),
})

/** A 6-digit ProClass code, or a prefix of 2 or 4 digits when linking a category. */
export const ProclassCodeSchema = z.string().regex(/^\d{6}$/, 'a ProClass code is 6 digits')
export const ProclassPrefixSchema = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'a ProClass code or prefix is 2, 4 or 6 digits')

/** `PUT /api/orgs/:orgId/spend/suppliers/:key/code`: confirm or correct a supplier's code. Answers the supplier. */
export const SetSupplierCodeSchema = z.object({ proclassCode: ProclassCodeSchema })

/**
 * A confirmed classification rule. Conditions are exact (case-insensitive) matches on the line's purpose (expense
 * type) and unit (service area / cost centre), or a supplier identity; at least one is set.
 */
export const ClassificationRuleSchema = z.object({
  id: z.string(),
  supplierKey: z.string().nullable(),
  supplierName: z.string().nullable().optional(),
  purpose: z.string().nullable(),
  unit: z.string().nullable(),
  proclassCode: z.string(),
  proclassLabel: z.string().nullable().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  /** Lines the rule classifies now, and their spend. */
  transactions: z.number().int().optional(),
  totalPence: z.number().int().optional(),
})
export type ClassificationRule = z.infer<typeof ClassificationRuleSchema>
export const ClassificationRulesSchema = z.object({ rules: z.array(ClassificationRuleSchema) })

/** `POST /api/orgs/:orgId/spend/rules` → 201 rule. */
export const NewClassificationRuleSchema = z
  .object({
    supplierKey: z.string().min(1).max(300).optional(),
    purpose: z.string().trim().min(1).max(300).optional(),
    unit: z.string().trim().min(1).max(300).optional(),
    proclassCode: ProclassCodeSchema,
  })
  .refine((r) => r.supplierKey !== undefined || r.purpose !== undefined || r.unit !== undefined, {
    message: 'a rule needs a supplier, a purpose or a unit to match',
  })
export type NewClassificationRule = z.infer<typeof NewClassificationRuleSchema>

/** `POST /api/orgs/:orgId/spend/suppliers/merge`: the identities in `keys` become one, named `name` (or the largest). */
export const MergeSuppliersSchema = z.object({ keys: z.array(z.string().min(1).max(300)).min(2).max(50), name: z.string().trim().min(1).max(300).optional() })
/** Answer of merge: the merged supplier. Answer of `POST …/suppliers/:key/split`: the identities it splits into. */
export const SplitSuppliersResultSchema = z.object({ suppliers: z.array(SpendSupplierSchema) })
