/**
 * @module wire/doc-layout
 * Which root types each kind of document uses, and how deep shared types and JSON values may nest in them. The
 * server refuses any update that writes outside this layout (docs/sync-protocol.md, server/sync/SPEC.md R15), so a
 * client cannot plant content that no reader expects, e.g. a chain of 10,000 nested maps that makes every reader's
 * `toJSON()` overflow the stack. Readers and writers take the root names from here.
 */
import { CATEGORIES_KEY, CONTRACTS_KEY, ENTRIES_KEY, OPPORTUNITIES_KEY, PLANNING_SETTINGS_KEY } from '../doc/planning-schema.ts'
import { ORG_DOC_SEPARATOR, PRIVATE_DOC_SEPARATOR } from './protocol.ts'

/** Board document: `Y.Map` of tldraw record id → the whole record as a JSON value. */
export const TL_RECORDS_ROOT = 'tl_records'
/** Board document: `Y.Map` holding the tldraw schema the records were written with. */
export const TL_META_ROOT = 'tl_meta'

/** The root types of one kind of document. */
export interface DocLayout {
  /** Every root type the document uses. An update that writes to any other root is refused. */
  readonly roots: ReadonlySet<string>
  /**
   * Roots whose values may be shared types (nested `Y.Map`, `Y.Array`, …), up to `MAX_TYPE_DEPTH`. Under the other
   * roots every value is plain JSON (tldraw records), and a shared type there is refused.
   */
  readonly nestedRoots: ReadonlySet<string>
}

/** The board document: tldraw's records and schema, category cards, planning settings and opportunity cards. */
export const BOARD_DOC_LAYOUT: DocLayout = {
  roots: new Set([TL_RECORDS_ROOT, TL_META_ROOT, CATEGORIES_KEY, PLANNING_SETTINGS_KEY, OPPORTUNITIES_KEY]),
  nestedRoots: new Set([CATEGORIES_KEY, PLANNING_SETTINGS_KEY, OPPORTUNITIES_KEY]),
}

/** An organisation's document: its entries in each category and its contracts. */
export const ORG_DOC_LAYOUT: DocLayout = {
  roots: new Set([ENTRIES_KEY, CONTRACTS_KEY]),
  nestedRoots: new Set([ENTRIES_KEY, CONTRACTS_KEY]),
}

/** An organisation's confidential document: only the contracts it marked confidential. */
export const PRIVATE_DOC_LAYOUT: DocLayout = {
  roots: new Set([CONTRACTS_KEY]),
  nestedRoots: new Set([CONTRACTS_KEY]),
}

/** The layout of a document by its name (`<boardId>`, `<boardId>~org~<orgId>` or `<boardId>~private~<orgId>`). */
export function layoutOfDocName(docName: string): DocLayout {
  if (docName.includes(PRIVATE_DOC_SEPARATOR)) return PRIVATE_DOC_LAYOUT
  return docName.includes(ORG_DOC_SEPARATOR) ? ORG_DOC_LAYOUT : BOARD_DOC_LAYOUT
}

/**
 * How many shared types may nest, counting the root type as 1. The deepest planned layout is root → card map →
 * field map (specification, plan) → list array → item map → cell map: 6. Eight leaves room for one more level of
 * structure without a protocol change, and is far below what any reader's recursion can take.
 */
export const MAX_TYPE_DEPTH = 8

/**
 * How deeply a JSON value (a map value, an array item) may nest its arrays and objects. A tldraw record is at most
 * about 10 deep (record → props → rich text → content → … → marks → attrs); 64 leaves room for nested lists in rich
 * text and stays far below the depth at which recursive readers (lib0's `readAny`, `structuredClone`, validators)
 * run out of stack.
 */
export const MAX_JSON_DEPTH = 64
