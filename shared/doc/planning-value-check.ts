/**
 * @module planning-value-check
 * Which JSON values may ever be written into a board's planning documents, judged by what each value is: the server
 * checks updates in one pass and keeps no Y.Doc, and an overwrite of a map key does not carry its parent in the
 * update (server/sync/update-check.ts), so a value's destination is unknown. A value refused here is one that no
 * writer of the layout in docs/planning-doc.md ever writes and no reader could use. Pure: no Yjs, no I/O.
 *
 * **Organisation documents** (`<boardId>~org~<orgId>`) hold only `entries` and `contracts`, so every inserted JSON
 * value must be a valid entry or a valid contract (ending on or after its start). Anything else is refused.
 * **Confidential documents** (`<boardId>~private~<orgId>`) hold only `contracts`: every value must be a valid contract.
 *
 * **Board documents** also hold tldraw's records, which the record check judges, so here an object is judged only
 * when it carries a planning value's own keys:
 * - an object with `categoryIds` must be a valid opportunity card;
 * - an object with any of `score2`…`score5` must be valid profit impact thresholds;
 * - an object with any key of the old whole-value `specification` / `plan` (`need`, `milestones`, `governance`, …)
 *   is refused: that layout is no longer written (plan-layout.ts), and a write of it would hide later edits;
 * - other objects (tldraw records, tldraw's schema in `tl_meta`) are left to the record check;
 * - an array must be a valid list of CPV codes or of ProClass codes/prefixes (`spendCodes`), the only array values in
 *   the layout;
 * - a string may be at most 2000 characters (the longest text field); a number must be finite;
 * - `null`, `undefined` and bigint values are refused.
 *
 * Not refused (it cannot be decided without the parent, or never reaches this check): a well-formed primitive in
 * the wrong place (e.g. a number as a card's name), binary data (Yjs stores a `Uint8Array` as ContentBinary, which
 * the update check does not pass on), and Yjs types (a `Y.Map` where a value belongs). Readers report those and
 * fall back (docs/planning-doc.md, "report, never throw").
 */
import { ContractValueSchema, OpportunityRecordSchema, OrgEntryValueSchema, ThresholdsSchema } from './planning-schema.ts'
import { CATEGORY_FIELD_SCHEMAS } from './planning-schema.ts'

/** Which fields of an inserted object a check reads (`true`: the whole field). Same shape as update-check's FieldSpec. */
export type ValueFields = { readonly [key: string]: true | ValueFields }

const keysOf = (...shapes: Record<string, unknown>[]): ValueFields => Object.fromEntries(shapes.flatMap((s) => Object.keys(s)).map((k) => [k, true as const]))

const THRESHOLD_KEYS = Object.keys(ThresholdsSchema.shape)
/** Keys of the old whole-value specification and plan (plan-layout.ts); none is a key of a tldraw record. */
const LEGACY_KEYS = ['currentRequirement', 'need', 'want', 'outcome', 'outputMeasures', 'objectives', 'milestones', 'savingsTarget', 'governance']

/** Fields an organisation-document check reads: every field of an entry and of a contract. */
export const ORG_DOC_VALUE_FIELDS: ValueFields = keysOf(OrgEntryValueSchema.shape, ContractValueSchema.shape)

/** Fields a confidential-document check reads: every field of a contract. */
export const PRIVATE_DOC_VALUE_FIELDS: ValueFields = keysOf(ContractValueSchema.shape)

/** Fields a board-document check reads: the record markers, and every field of an opportunity card and of thresholds. */
export const BOARD_DOC_VALUE_FIELDS: ValueFields = {
  typeName: true,
  ...keysOf(OpportunityRecordSchema.shape, ThresholdsSchema.shape),
  // Markers of the old whole-value specification / plan: only whether they are present matters.
  ...Object.fromEntries(LEGACY_KEYS.map((k) => [k, true as const])),
}

/** The longest text any planning field holds. */
export const MAX_PLANNING_TEXT = 2000

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return 'binary data'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/**
 * Checks one value written into an organisation document. Returns why it is refused, or null.
 * @example checkOrgDocValue({ annualSpend: -1, supplierCount: 0, mainSuppliers: [], notes: '', sourceLineIds: [] }) // refused
 */
export function checkOrgDocValue(value: unknown): string | null {
  if (!isPlainObject(value)) return `an organisation's planning data holds only entries and contracts, not ${describe(value)}`
  const asEntry = OrgEntryValueSchema.safeParse(value)
  if (asEntry.success) return null
  const asContract = ContractValueSchema.safeParse(value)
  if (asContract.success) return asContract.data.start !== undefined && asContract.data.end < asContract.data.start ? `contract ${asContract.data.id} ends before it starts` : null
  // Name the closer match's first problem: a value with a contract id is meant as a contract.
  const issue = ('id' in value || 'categoryId' in value ? asContract.error : asEntry.error).issues[0]
  const what = 'id' in value || 'categoryId' in value ? 'contract' : 'entry'
  return `malformed ${what}${issue ? ` (${issue.path.join('.') || 'value'}: ${issue.message})` : ''}`
}

/**
 * Checks one value written into an organisation's confidential document: only contracts. Returns why it is refused, or null.
 * @example checkPrivateDocValue({ annualSpend: 1, supplierCount: 0, mainSuppliers: [], notes: '', sourceLineIds: [] }) // refused: an entry
 */
export function checkPrivateDocValue(value: unknown): string | null {
  if (!isPlainObject(value)) return `an organisation's confidential data holds only contracts, not ${describe(value)}`
  const asContract = ContractValueSchema.safeParse(value)
  if (!asContract.success) {
    const issue = asContract.error.issues[0]
    return `an organisation's confidential data holds only contracts: malformed contract${issue ? ` (${issue.path.join('.') || 'value'}: ${issue.message})` : ''}`
  }
  return asContract.data.start !== undefined && asContract.data.end < asContract.data.start ? `contract ${asContract.data.id} ends before it starts` : null
}

/** Checks one value written into a board document (see the module comment for what is judged). Returns why it is refused, or null. */
export function checkBoardDocValue(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value.length > MAX_PLANNING_TEXT ? `a text of ${value.length} characters (at most ${MAX_PLANNING_TEXT})` : null
    case 'number':
      return Number.isFinite(value) ? null : 'a number that is not finite'
    case 'boolean':
      return null
    case 'object':
      break
    default:
      return `${describe(value)} value`
  }
  if (value === null || value instanceof Uint8Array) return `${describe(value)} value`
  if (Array.isArray(value)) {
    const isCodeList = CATEGORY_FIELD_SCHEMAS.cpvCodes.safeParse(value).success || CATEGORY_FIELD_SCHEMAS.spendCodes.safeParse(value).success
    return isCodeList ? null : 'a list that is not a list of CPV codes or ProClass codes'
  }
  const record = value as Record<string, unknown>
  if ('typeName' in record) return null
  if ('categoryIds' in record) {
    const issue = OpportunityRecordSchema.safeParse(record).error?.issues[0]
    return issue ? `malformed opportunity card (${issue.path.join('.') || 'value'}: ${issue.message})` : null
  }
  if (THRESHOLD_KEYS.some((k) => k in record)) return ThresholdsSchema.safeParse(record).success ? null : 'malformed profit impact thresholds'
  const legacy = LEGACY_KEYS.find((k) => k in record)
  if (legacy !== undefined) return `a whole specification or plan value (${legacy}): each part is written on its own`
  return null
}


/** The kinds of planning document (shared/wire/protocol.ts `parseBoardDocName`). */
export type PlanningDocKind = 'board' | 'org' | 'org-private'

const CHECKS: Record<PlanningDocKind, (value: unknown) => string | null> = { board: checkBoardDocValue, org: checkOrgDocValue, 'org-private': checkPrivateDocValue }

/** Checks every value an update inserts; the first refusal, or null. */
export function checkPlanningValues(kind: PlanningDocKind, values: readonly unknown[]): string | null {
  const check = CHECKS[kind]
  for (const value of values) {
    const refused = check(value)
    if (refused !== null) return refused
  }
  return null
}
