/**
 * The REST contract of a board's pooled spend (issue 11 parts 4 and 5; docs/spend-data.md): aggregates per category
 * linked to ProClass codes, per participating body and per supplier; line detail where the body shares it; and an
 * organisation's line-detail sharing with boards. Money is integer pence; every figure carries its period.
 */
import { z } from 'zod'
import { SpendPeriodSchema } from './spend-api'

const Pence = z.number().int()

/** Where a body's figure for a category comes from: its dataset, a hand-entered planning figure, or nothing yet. */
export const FIGURE_SOURCES = ['data', 'hand', 'none'] as const
export const FigureSourceSchema = z.enum(FIGURE_SOURCES)
export type FigureSource = z.infer<typeof FigureSourceSchema>

/** A body taking part in the board (owner's organisation, organisations shared with, organisations of people shared with). */
export const BoardSpendOrgSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  shortName: z.string(),
  colour: z.string(),
  /** True when the organisation has imported spend (at least one ready file). */
  hasData: z.boolean(),
  /** What its dataset covers, and that in words ("12 months to 31 Dec 2019"). */
  period: SpendPeriodSchema,
  periodLabel: z.string(),
  /** The organisation lets this board's partners see its line detail for the board's categories. */
  sharesLineDetail: z.boolean(),
  /** Whether the caller may open this organisation's lines on this board (own organisation, or shared). */
  canSeeLines: z.boolean(),
})
export type BoardSpendOrg = z.infer<typeof BoardSpendOrgSchema>

export const SupplierSpendSchema = z.object({ key: z.string(), name: z.string(), totalPence: Pence, transactions: z.number().int() })
export type SupplierSpend = z.infer<typeof SupplierSpendSchema>

/** One body's figure for one category. */
export const CategoryOrgSpendSchema = z.object({
  orgId: z.string(),
  source: FigureSourceSchema,
  /** From data: the matching lines' total (withheld names included), 0 when none match. Otherwise 0. */
  totalPence: Pence,
  /** `totalPence` scaled to a year when the dataset does not cover exactly 12 months (see `periodLabel`). */
  annualisedPence: Pence,
  transactions: z.number().int(),
  suppliers: z.number().int(),
  withheldPence: Pence,
  /** The dataset's period in words; for a hand-entered figure, "entered by hand". */
  periodLabel: z.string(),
  /** The planning figure typed for this body (annual spend), if any: kept, and shown as entered by hand. */
  handEnteredPence: Pence.nullable(),
  /** Its largest suppliers in the category (its own part). */
  topSuppliers: z.array(SupplierSpendSchema),
})
export type CategoryOrgSpend = z.infer<typeof CategoryOrgSpendSchema>

export const PooledSupplierSchema = z.object({
  key: z.string(),
  name: z.string(),
  totalPence: Pence,
  transactions: z.number().int(),
  byOrg: z.array(z.object({ orgId: z.string(), totalPence: Pence, transactions: z.number().int() })),
})
export type PooledSupplierSpend = z.infer<typeof PooledSupplierSchema>

export const BoardSpendCategorySchema = z.object({
  categoryId: z.string(),
  name: z.string(),
  /** The codes or prefixes pooled: the category's own list, else its ProClass code (`effectiveSpendCodes`). */
  spendCodes: z.array(z.string()),
  /** Across the bodies with data (actual, not annualised). */
  totalPence: Pence,
  transactions: z.number().int(),
  withheldPence: Pence,
  /** The periods of the bodies' data, in words ("12 months to 31 Dec 2019"; several joined with "; " when they differ). */
  periodLabel: z.string(),
  /** One per participating body, in the order of `orgs`. */
  byOrg: z.array(CategoryOrgSpendSchema),
  /** The largest suppliers across the bodies, each with every body's part. */
  suppliers: z.array(PooledSupplierSchema),
  /** Suppliers paid by two or more bodies (same identity), largest combined spend first. */
  shared: z.object({ count: z.number().int(), totalPence: Pence, suppliers: z.array(PooledSupplierSchema) }),
  pareto: z.object({
    supplierCount: z.number().int(),
    namedPence: Pence,
    suppliersFor80: z.number().int(),
    pence80: Pence,
    curve: z.array(z.object({ suppliers: z.number().int(), cumulativePence: Pence })),
  }),
  tail: z.object({ suppliers: z.number().int(), totalPence: Pence }),
  /** Distinct named suppliers, and per £1m of named spend. */
  fragmentation: z.object({ suppliers: z.number().int(), suppliersPerMillionPounds: z.number().nullable() }),
})
export type BoardSpendCategory = z.infer<typeof BoardSpendCategorySchema>

/** `GET /api/boards/:boardId/spend`. `version` changes whenever any figure could; pass it back as `?since=`. */
export const BoardSpendSchema = z.object({
  boardId: z.string(),
  version: z.string(),
  orgs: z.array(BoardSpendOrgSchema),
  /** Categories on the board linked to ProClass codes, in board order (by id). */
  categories: z.array(BoardSpendCategorySchema),
})
export type BoardSpend = z.infer<typeof BoardSpendSchema>

/** `GET /api/boards/:boardId/spend?since=V` when nothing changed since version V. */
export const BoardSpendUnchangedSchema = z.object({ unchanged: z.literal(true), version: z.string() })
export const BoardSpendPollSchema = z.union([BoardSpendUnchangedSchema, BoardSpendSchema])
export type BoardSpendPoll = z.infer<typeof BoardSpendPollSchema>

/** `GET /api/boards/:boardId/spend/lines?categoryId=&orgId=&supplierKey=&limit=&offset=` query. */
export const BoardSpendLinesQuerySchema = z.object({
  categoryId: z.string().min(1).max(64),
  orgId: z.string().min(1).max(64),
  supplierKey: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export const BoardSpendLineSchema = z.object({
  fileId: z.string(),
  filename: z.string(),
  sheet: z.string().nullable(),
  line: z.number().int(),
  date: z.string().nullable(),
  amountPence: Pence,
  supplierName: z.string(),
  supplierKey: z.string(),
  purpose: z.string().nullable(),
  unit: z.string().nullable(),
  proclassCode: z.string().nullable(),
})
export type BoardSpendLine = z.infer<typeof BoardSpendLineSchema>

export const BoardSpendLinesSchema = z.object({
  orgId: z.string(),
  categoryId: z.string(),
  periodLabel: z.string(),
  total: z.number().int(),
  totalPence: Pence,
  lines: z.array(BoardSpendLineSchema),
})
export type BoardSpendLines = z.infer<typeof BoardSpendLinesSchema>

/** `PUT /api/orgs/:orgId/spend/sharing/:boardId` body. */
export const LineSharingRequestSchema = z.object({ lineDetail: z.boolean() }).strict()

/** `GET /api/orgs/:orgId/spend/sharing`, and the answer of the PUT. */
export const OrgLineSharingSchema = z.object({
  sharing: z.array(
    z.object({
      boardId: z.string(),
      /** Null when the caller cannot open the board. */
      boardTitle: z.string().nullable(),
      lineDetail: z.literal(true),
      sharedBy: z.string(),
      sharedAt: z.string(),
    }),
  ),
})
export type OrgLineSharing = z.infer<typeof OrgLineSharingSchema>
