/**
 * The REST contract of a board's imported contracts (issue 12 part 3; docs/contracts-boards.md):
 * `GET /api/boards/:boardId/contracts` answers, for each category on the board and each participating body, the
 * contracts that body imported (or that name it as a buyer) linked to the category, each with the reason
 * (`shared/contracts/link-category.ts`). Money is integer pence, dates ISO. Confidential contracts reach only the
 * members of the organisation that imported them.
 */
import { z } from 'zod'
import { EndBasisSchema } from './contracts-api'

/** Where an imported contract comes from: a published notice (OCDS, Contracts Finder) or a body's contract register. */
export const IMPORTED_CONTRACT_ORIGINS = ['notice', 'register'] as const
export const ImportedContractOriginSchema = z.enum(IMPORTED_CONTRACT_ORIGINS)
export type ImportedContractOrigin = z.infer<typeof ImportedContractOriginSchema>

/** Why a contract is in a category (`LinkReason` of shared/contracts/link-category.ts). */
export const ContractLinkReasonSchema = z.object({
  kind: z.enum(['cpv', 'proclass', 'supplier']),
  /** "CPV 90511000 is under the category's 90500000". */
  text: z.string(),
})
export type ContractLinkReason = z.infer<typeof ContractLinkReasonSchema>

/** One imported contract linked to a category. */
export const BoardContractSchema = z.object({
  id: z.string(),
  title: z.string(),
  supplier: z.string(),
  valuePence: z.number().int().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  endIsEstimated: z.boolean(),
  endBasis: EndBasisSchema,
  endWithExtensions: z.string().nullable(),
  cpvCodes: z.array(z.string()),
  noticeIds: z.array(z.string()),
  linkReason: ContractLinkReasonSchema,
  origin: ImportedContractOriginSchema,
  /** The file and the place in it ("lancashire.json, release 12"). */
  source: z.object({ fileId: z.string(), filename: z.string(), place: z.string() }),
  reference: z.string(),
  url: z.string(),
  confidential: z.boolean(),
})
export type BoardContract = z.infer<typeof BoardContractSchema>

/** One category on the board: each participating body's linked contracts (every body listed, maybe with none). */
export const BoardContractCategorySchema = z.object({
  categoryId: z.string(),
  name: z.string(),
  byOrg: z.array(z.object({ orgId: z.string(), contracts: z.array(BoardContractSchema) })),
})

/** `GET /api/boards/:boardId/contracts`. */
export const BoardContractsSchema = z.object({
  boardId: z.string(),
  categories: z.array(BoardContractCategorySchema),
})
export type BoardContracts = z.infer<typeof BoardContractsSchema>
