/**
 * @module ids
 * Branded identifiers so an organisation id can never be passed where a category id is expected.
 * Each has a zod schema (the brand is type-only) and a `parseX` returning a `Result`.
 */
import { z } from 'zod'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'

/** Ids we mint or accept: 1–64 URL-safe characters. Keeps ids safe in URLs, Y.Map keys and log lines. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Board ids: 22 characters of base64url (132 random bits), the same rule as `shared/schema/api.ts`. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/

/** Spend line ids: `<sourceId>:<line number>`, so every line names its file and row. */
export const SPEND_LINE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}:[1-9][0-9]{0,8}$/

const idString = (what: string) => z.string().regex(ID_PATTERN, `${what} must be 1-64 characters of A-Z a-z 0-9 _ -`)

/** Schema for an organisation (public body) id. */
export const OrgIdSchema = idString('organisation id').brand<'OrgId'>()
/** A public body taking part in a board (council, police, fire, NHS…). */
export type OrgId = z.infer<typeof OrgIdSchema>

/** Schema for a board id. */
export const BoardIdSchema = z.string().regex(BOARD_ID_PATTERN, 'board id must be 22 URL-safe characters').brand<'BoardId'>()
/** A collaborative whiteboard. */
export type BoardId = z.infer<typeof BoardIdSchema>

/** Schema for a category id. */
export const CategoryIdSchema = idString('category id').brand<'CategoryId'>()
/** A category of spend planned on a board. */
export type CategoryId = z.infer<typeof CategoryIdSchema>

/** Schema for a contract id. */
export const ContractIdSchema = idString('contract id').brand<'ContractId'>()
/** A contract held by one organisation. */
export type ContractId = z.infer<typeof ContractIdSchema>

/** Schema for a supplier id. */
export const SupplierIdSchema = idString('supplier id').brand<'SupplierId'>()
/** A supplier record (as opposed to a supplier name found in spend data). */
export type SupplierId = z.infer<typeof SupplierIdSchema>

/** Schema for a spend line id (`<sourceId>:<line>`). */
export const SpendLineIdSchema = z
  .string()
  .regex(SPEND_LINE_ID_PATTERN, 'spend line id must look like <sourceId>:<line number>')
  .brand<'SpendLineId'>()
/** One row of an imported spend file, named by its source and line number. */
export type SpendLineId = z.infer<typeof SpendLineIdSchema>

function parseWith<S extends z.ZodType>(schema: S, what: string, value: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return ok(parsed.data)
  return fail('invalid-id', `${what} ${JSON.stringify(value)} is invalid: ${parsed.error.issues[0]?.message ?? 'bad format'}`)
}

/** Parses an organisation id. */
export const parseOrgId = (value: unknown): Result<OrgId> => parseWith(OrgIdSchema, 'organisation id', value)
/** Parses a board id. */
export const parseBoardId = (value: unknown): Result<BoardId> => parseWith(BoardIdSchema, 'board id', value)
/** Parses a category id. */
export const parseCategoryId = (value: unknown): Result<CategoryId> => parseWith(CategoryIdSchema, 'category id', value)
/** Parses a contract id. */
export const parseContractId = (value: unknown): Result<ContractId> => parseWith(ContractIdSchema, 'contract id', value)
/** Parses a supplier id. */
export const parseSupplierId = (value: unknown): Result<SupplierId> => parseWith(SupplierIdSchema, 'supplier id', value)
/** Parses a spend line id. */
export const parseSpendLineId = (value: unknown): Result<SpendLineId> => parseWith(SpendLineIdSchema, 'spend line id', value)

/**
 * Builds the id of a spend line from its source id and 1-based line number, or fails if either is malformed.
 * @example spendLineId('lambeth-2012-06', 11) // ok('lambeth-2012-06:11')
 */
export function spendLineId(sourceId: string, line: number): Result<SpendLineId> {
  return parseSpendLineId(`${sourceId}:${line}`)
}
