/**
 * @module current-contract
 * One contract model: an organisation's "current contract ends" date in a category is the end of its current
 * contract there, a record in its contracts like any other. This module picks that contract, names the record the
 * shortcut creates (one id per organisation and category, so two screens migrating at once write the same record),
 * and reads an older board's `entries.contractEnd` as a derived contract until it is written as a real one.
 */
import type { Contract, OrgEntry } from './category-plan.ts'
import type { IsoDate } from './dates.ts'
import type { CategoryId, ContractId, OrgId } from './ids.ts'

/** 32-bit FNV-1a of a string, as 8 hex digits (`seed` varies the offset basis for a second, independent hash). */
function fnv1a(text: string, seed: number): string {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/**
 * The id of the contract record the "current contract ends" shortcut creates for an organisation in a category:
 * `cur-<first 40 characters of the category id>-<16 hex digits from organisation and category>`, at most 61
 * characters of the contract id alphabet. Deterministic, so concurrent migrations converge on one record.
 * @example currentContractId('police' as OrgId, 'tyres' as CategoryId) // 'cur-tyres-…'
 */
export function currentContractId(orgId: OrgId, categoryId: CategoryId): ContractId {
  const key = `${orgId}/${categoryId}`
  return `cur-${categoryId.slice(0, 40)}-${fnv1a(key, 0)}${fnv1a(key, 0x5bd1e995)}` as ContractId
}

/**
 * An organisation's current contract in a category: of its contracts there, the one ending first on or after
 * `today`; if all have ended, the one that ended last (so an overdue renewal still shows). Null with none.
 */
export function pickCurrentContract<C extends Pick<Contract, 'id' | 'end' | 'categoryId'>>(contracts: readonly C[], categoryId: CategoryId | string, today: IsoDate): C | null {
  const mine = contracts.filter((c) => c.categoryId === categoryId)
  const byEnd = (a: C, b: C) => (a.end < b.end ? -1 : a.end > b.end ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const live = mine.filter((c) => c.end >= today).sort(byEnd)
  if (live[0] !== undefined) return live[0]
  return mine.sort(byEnd).at(-1) ?? null
}

/**
 * The contract an older board's `entries.contractEnd` stands for, or null when it needs none: no date, or the
 * organisation already has a contract in the category ending that day, or the shortcut's record exists already
 * (it supersedes the legacy date). Marked `isDerived`; supplier, start and value are not known.
 */
export function contractFromEntryEnd(orgId: OrgId, categoryId: CategoryId, entry: Pick<OrgEntry, 'contractEnd'>, contracts: readonly Pick<Contract, 'id' | 'end' | 'categoryId'>[]): Contract | null {
  const end = entry.contractEnd
  if (end === undefined) return null
  const id = currentContractId(orgId, categoryId)
  if (contracts.some((c) => c.id === id || (c.categoryId === categoryId && c.end === end))) return null
  return { id, orgId, categoryId, supplier: '', end, extensionOptions: [], isDerived: true }
}

/** Words shown wherever a contract fact was not entered (the board and the reports use the same). */
export const NOT_ENTERED = 'not entered'
/** Shown beside a contract read from an older board's "current contract ends" date, until it is saved as a contract. */
export const DERIVED_CONTRACT_NOTE = 'from “current contract ends”'
