/**
 * @module traced
 * Traceability: every figure the rules return carries references to the rows it came from, so anything on screen
 * can be traced to its source contracts, organisation entries, imported spend data, spend lines or stated assumptions.
 */
import type { CategoryId, ContractId, OrgId, SpendLineId } from './ids.ts'
import { assertNever } from './result.ts'

/** Where a figure came from. */
export type SourceRef =
  | { readonly kind: 'contract'; readonly contractId: ContractId }
  | { readonly kind: 'org-entry'; readonly categoryId: CategoryId; readonly orgId: OrgId }
  | { readonly kind: 'spend-line'; readonly lineId: SpendLineId }
  /** An organisation's figure for a category drawn from its imported spend data (period and payments counted). */
  | { readonly kind: 'spend-data'; readonly categoryId: CategoryId; readonly orgId: OrgId; readonly periodLabel: string; readonly transactions: number }
  | { readonly kind: 'assumption'; readonly name: string }

/** A figure and the sources it was computed from. */
export interface Traced<T> {
  readonly value: T
  readonly sources: readonly SourceRef[]
}

/** Builds a traced figure. */
export function traced<T>(value: T, sources: readonly SourceRef[]): Traced<T> {
  return { value, sources }
}

/** A stable text key for a source reference (for de-duplication and React keys). */
export function sourceKey(ref: SourceRef): string {
  switch (ref.kind) {
    case 'contract':
      return `contract:${ref.contractId}`
    case 'org-entry':
      return `org-entry:${ref.categoryId}:${ref.orgId}`
    case 'spend-line':
      return `spend-line:${ref.lineId}`
    case 'spend-data':
      return `spend-data:${ref.categoryId}:${ref.orgId}`
    case 'assumption':
      return `assumption:${ref.name}`
    default:
      return assertNever(ref, 'source kind')
  }
}

/** Concatenates source lists, dropping duplicates and keeping first-seen order. */
export function mergeSources(...lists: readonly (readonly SourceRef[])[]): SourceRef[] {
  const seen = new Set<string>()
  const out: SourceRef[] = []
  for (const list of lists) {
    for (const ref of list) {
      const key = sourceKey(ref)
      if (seen.has(key)) continue
      seen.add(key)
      out.push(ref)
    }
  }
  return out
}
