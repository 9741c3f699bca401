/**
 * The REST contract for contracts data (issue 12): contract-file imports per organisation, an organisation's contracts,
 * joint procurements with their evidence, buyer-name matches, collaboration pairs, the forward plan and its exports.
 * Money is integer pence, dates ISO. Route list and visibility rules: docs/contracts-data.md.
 */
import { z } from 'zod'
import { ImportStatusSchema } from './spend-api.ts'

/** A record left out or repaired, with its place in the file (`line` = 1-based data line or record index). */
export const ContractImportIssueSchema = z.object({
  line: z.number().int().min(0),
  /** "line 40", "release 12 (ocds-…)". */
  place: z.string(),
  code: z.string(),
  reason: z.string(),
  /** True when the record was kept with a repair, false when it was left out. */
  kept: z.boolean(),
})
export type ContractImportIssue = z.infer<typeof ContractImportIssueSchema>

/** `result` of a finished contracts import. */
export const ContractImportResultSchema = z.object({
  fileId: z.string(),
  /** Notices read from the file (distinct ids). */
  notices: z.number().int().min(0),
  /** Contracts read from the file. */
  contracts: z.number().int().min(0),
  /** Records left out, with reasons. */
  errors: z.array(ContractImportIssueSchema),
  /** Records kept with a repair (a placeholder date dropped, say). */
  recovered: z.array(ContractImportIssueSchema),
  format: z.enum(['ocds', 'contracts-finder-extract', 'register-csv']),
  /** Notices already known (imported by this or another organisation): stored once. */
  noticesAlreadyKnown: z.number().int().min(0),
  /** Set when these exact bytes were already imported by this organisation: nothing was added. */
  duplicateOf: z.string().optional(),
})
export type ContractImportResult = z.infer<typeof ContractImportResultSchema>

/** `GET /api/contracts/imports/:importId`: the same shape as spend imports. */
export const ContractImportJobSchema = z.object({
  importId: z.string(),
  orgId: z.string(),
  filename: z.string(),
  status: ImportStatusSchema,
  rowsRead: z.number().int().min(0),
  progress: z.number().min(0).max(1),
  stage: z.string().optional(),
  result: ContractImportResultSchema.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
})
export type ContractImportJob = z.infer<typeof ContractImportJobSchema>

/** How an end date was found. */
export const EndBasisSchema = z.object({
  kind: z.enum(['stated', 'wording', 'cpv-typical', 'unknown']),
  /** The words or field that show it. */
  quote: z.string(),
})

/** A body a contract belongs to: a Pooled organisation when matched, else the name as published. */
export const ContractBuyerSchema = z.object({
  name: z.string(),
  orgId: z.string().nullable(),
  /** 'confirmed' by a person, 'suggested' by name matching, 'none' when no organisation matches. */
  match: z.enum(['confirmed', 'suggested', 'none']),
})

/** One contract in `GET /api/orgs/:orgId/contracts`. */
export const ContractRowSchema = z.object({
  id: z.string(),
  noticeIds: z.array(z.string()),
  title: z.string(),
  supplier: z.string(),
  valuePence: z.number().int().nullable(),
  /** True when the register gave only an annual value: `valuePence` is a year's value, not the contract's total. */
  valueIsAnnual: z.boolean().optional(),
  /** The register's department or service area, when it gives one. */
  department: z.string().optional(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  endIsEstimated: z.boolean(),
  endBasis: EndBasisSchema,
  /** End once every extension option is taken, when known. */
  endWithExtensions: z.string().nullable(),
  cpvCodes: z.array(z.string()),
  /** Buyer names as published (several for a joint procurement). */
  buyers: z.array(z.string()),
  buyerMatches: z.array(ContractBuyerSchema),
  /** Other bodies in a joint procurement (names), empty when not joint. */
  jointWith: z.array(z.string()),
  /** Pooled organisations among `jointWith`. */
  jointWithOrgIds: z.array(z.string()),
  confidential: z.boolean(),
  /** The organisation that imported it (first importer for shared notices). */
  importedBy: z.string(),
  reference: z.string(),
  url: z.string(),
  source: z.object({ fileId: z.string(), filename: z.string(), place: z.string() }),
})
export type ContractRow = z.infer<typeof ContractRowSchema>

export const ContractListSchema = z.object({ contracts: z.array(ContractRowSchema) })

/** `PUT /api/orgs/:orgId/contracts/:contractId/confidential` body. */
export const PutConfidentialBodySchema = z.object({ confidential: z.boolean() }).strict()

/** One piece of joint evidence: which rule, which field, and the words. */
export const JointEvidenceSchema = z.object({
  kind: z.enum(['buyer-parties', 'buyer-name', 'same-notice-publishers', 'on-behalf-of', 'named-together']),
  field: z.enum(['buyers', 'publisher', 'title', 'description']),
  quote: z.string(),
})

/** `GET /api/contracts/joint`. */
export const JointProcurementSchema = z.object({
  noticeIds: z.array(z.string()),
  title: z.string(),
  bodies: z.array(z.string()),
  /** Pooled organisations among `bodies` (same order; null where none matches). */
  bodyOrgIds: z.array(z.string().nullable()),
  evidence: z.array(JointEvidenceSchema),
})
export const JointListSchema = z.object({ procurements: z.array(JointProcurementSchema) })

/** A buyer name found in imported notices and the organisation it is matched to. */
export const BuyerMatchSchema = z.object({
  buyer: z.string(),
  /** Notices naming this buyer. */
  notices: z.number().int(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  status: z.enum(['confirmed', 'suggested', 'rejected', 'none']),
  /** Why it was suggested ("same body as Chorley Council"). */
  reason: z.string(),
})
/** `GET /api/orgs/:orgId/contracts/buyers`: names that match or could match this organisation. */
export const BuyerMatchListSchema = z.object({ buyers: z.array(BuyerMatchSchema) })
/** `PUT /api/orgs/:orgId/contracts/buyers` body: confirm (true) or reject (false) that a buyer name is this organisation. */
export const PutBuyerMatchBodySchema = z.object({ buyer: z.string().min(1).max(300), isThisOrg: z.boolean() }).strict()

/** One reason a pair ranks where it does, in words, with the records behind it. */
export const PairReasonSchema = z.object({
  kind: z.enum(['aligned-contracts', 'shared-suppliers', 'joint-history', 'combined-value']),
  text: z.string(),
  points: z.number(),
})

/** Two contracts, one per body, for the same CPV group ending within the window of each other. */
export const AlignedContractSchema = z.object({
  cpvGroup: z.string(),
  cpvGroupLabel: z.string(),
  contractIds: z.array(z.string()),
  titles: z.array(z.string()),
  ends: z.array(z.string()),
  /** Earliest end less the lead time: start a joint procurement by then. */
  latestStart: z.string(),
  combinedValuePence: z.number().int(),
})

/** `GET /api/collaboration/pairs?windowMonths=18`. Best first. */
export const CollaborationPairSchema = z.object({
  orgIds: z.array(z.string()),
  names: z.array(z.string()),
  score: z.number(),
  jointProcurements: z.array(z.object({ noticeIds: z.array(z.string()), title: z.string() })),
  alignedContracts: z.array(AlignedContractSchema),
  sharedCpvGroups: z.array(z.object({ code: z.string(), label: z.string() })),
  sharedSuppliers: z.array(z.string()),
  combinedValuePence: z.number().int(),
  reasons: z.array(PairReasonSchema),
})
export const CollaborationPairsSchema = z.object({
  windowMonths: z.number().int(),
  pairs: z.array(CollaborationPairSchema),
  /** Groups of three or more bodies with contracts in one CPV group ending within the window. */
  groups: z.array(z.object({ orgIds: z.array(z.string()), names: z.array(z.string()), cpvGroup: z.string(), cpvGroupLabel: z.string(), latestStart: z.string(), combinedValuePence: z.number().int(), contractIds: z.array(z.string()) })),
})
export type CollaborationPair = z.infer<typeof CollaborationPairSchema>

/** `POST /api/collaboration/boards` body: open a board for an opportunity with the bodies invited. */
export const OpenOpportunityBoardBodySchema = z.object({
  orgIds: z.array(z.string().min(1).max(64)).min(2).max(20),
  title: z.string().min(1).max(200),
  cpvGroup: z.string().regex(/^\d{3}$/).optional(),
}).strict()
/**
 * `POST /api/collaboration/boards` answer (201). `categoryId` is the category seeded in the board's planning document
 * for `cpvGroup`; it has no card on the canvas yet (the client places one, e.g. with `placeCategoryCard`).
 */
export const OpenOpportunityBoardResponseSchema = z.object({ boardId: z.string(), categoryId: z.string().optional() })

/** One row of the forward plan. */
export const ForwardPlanRowSchema = z.object({
  kind: z.enum(['expiry', 'planned']),
  orgId: z.string(),
  orgName: z.string(),
  contractId: z.string().nullable(),
  noticeId: z.string().nullable(),
  title: z.string(),
  supplier: z.string(),
  cpvGroup: z.string(),
  category: z.string(),
  /** ISO date: contract end (expiry) or expected tender date (planned). */
  date: z.string(),
  dateIsEstimated: z.boolean(),
  /** "2027-Q2" (calendar quarter of `date`). */
  quarter: z.string(),
  /** Latest date to start a joint procurement so a contract is live at `date`. */
  latestStart: z.string(),
  valuePence: z.number().int().nullable(),
  /** Other bodies with contracts in the same CPV group ending within the window. */
  alignedWith: z.array(z.string()),
  basis: z.string(),
  /** CPV codes as published (main first); optional addition for the pipeline notice. */
  cpvCodes: z.array(z.string()).optional(),
})
/** `GET /api/contracts/forward-plan?months=36`. CSV at `/api/contracts/forward-plan.csv`, pipeline notice data at `/api/orgs/:orgId/contracts/pipeline-notice`. */
export const ForwardPlanSchema = z.object({
  from: z.string(),
  to: z.string(),
  leadTimeMonths: z.number().int(),
  rows: z.array(ForwardPlanRowSchema),
})

/** One contract file in `GET /api/orgs/:orgId/contracts/files` (members only). */
export const ContractFileSummarySchema = z.object({
  fileId: z.string(),
  filename: z.string(),
  format: z.enum(['ocds', 'contracts-finder-extract', 'register-csv']),
  publisher: z.string(),
  sizeBytes: z.number().int().min(0),
  uploadedAt: z.string(),
  /** The member's name, or "a former member". */
  uploadedBy: z.string(),
  notices: z.number().int().min(0),
  contracts: z.number().int().min(0),
  noticesAlreadyKnown: z.number().int().min(0),
  errorCount: z.number().int().min(0),
  recoveredCount: z.number().int().min(0),
})
export type ContractFileSummary = z.infer<typeof ContractFileSummarySchema>
export const ContractFileListSchema = z.object({ files: z.array(ContractFileSummarySchema) })

/** `GET /api/orgs/:orgId/contracts/files/:fileId/issues`: every record left out or repaired. */
export const ContractFileIssuesSchema = z.object({ errors: z.array(ContractImportIssueSchema), recovered: z.array(ContractImportIssueSchema) })

/** One contract in a pipeline notice (or to review for one). */
export const PipelineEntrySchema = z.object({
  kind: z.enum(['expiry', 'planned']),
  contractId: z.string().nullable(),
  noticeId: z.string().nullable(),
  title: z.string(),
  /** What is bought, in words: the CPV group label. */
  description: z.string(),
  cpvCodes: z.array(z.string()),
  cpvGroup: z.string(),
  /** As published; null when no value is published. */
  estimatedValuePence: z.number().int().nullable(),
  valueNote: z.string(),
  /** Expected date of the tender or transparency notice: the latest start of the replacement. */
  estimatedNoticeDate: z.string(),
  /** Expected start of the new contract: the day after the current one ends; null for a planned procurement. */
  estimatedContractStart: z.string().nullable(),
  dateIsEstimated: z.boolean(),
  currentSupplier: z.string(),
  /** Why it is included (or listed to review). */
  reason: z.string(),
})
/** `GET /api/orgs/:orgId/contracts/pipeline-notice`: data for a Procurement Act 2023 s.93 pipeline notice. */
export const PipelineNoticeSchema = z.object({
  organisation: z.string(),
  /** "2027-28". */
  financialYear: z.string(),
  financialYearStart: z.string(),
  /** Last day of the 56 days beginning with the first day of the financial year. */
  publishBy: z.string(),
  /** The 18-month reporting period from the first day of the financial year. */
  period: z.object({ from: z.string(), to: z.string() }),
  thresholdPence: z.number().int(),
  contracts: z.array(PipelineEntrySchema),
  /** Not included, to be checked by a person: no published value, or a value that may be over £2m with VAT. */
  toReview: z.array(PipelineEntrySchema),
  /** What the Act requires, and what this data assumes. */
  notes: z.array(z.string()),
})
