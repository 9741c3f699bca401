/**
 * @module link-category
 * Which category on a board an imported contract belongs to, and why (issue 12 part 3: "category cards and the
 * renewal timeline take their contracts from these imports, linked through CPV ↔ ProClass and supplier"). Pure.
 *
 * A contract belongs to a category when:
 * - **cpv**: one of its CPV codes falls under one of the category's CPV codes at the category's level: the category
 *   code's significant digits (trailing zeros dropped, never fewer than the 2-digit division) are a prefix of the
 *   contract's code. Category 90500000 (group `905`) holds 90511000; category 90510000 (`9051`) does not hold the
 *   broader 90500000.
 * - **proclass**: the contract carries its own ProClass code (a Transparency Code register may give one) and it falls
 *   under one of the codes the category's spend is drawn from (`effectiveSpendCodes`: its listed prefixes, else its
 *   ProClass code). This needs no correspondence table.
 * - **supplier**: its supplier (by `autoSupplierKey`) is one of the suppliers of the contract's own body in the
 *   category's spend data. Only where CPV cannot decide (the contract gives no CPV code, or the category lists none),
 *   and only for contracts that no category on the board takes by CPV or ProClass: a supplier such as a waste firm
 *   that also sells grounds maintenance would otherwise pull its waste contract into every category it supplies.
 *
 * No CPV ↔ ProClass table: shared/taxonomy has none, and matching CPV division labels to ProClass level-1 labels by
 * their words is not reliable enough to claim a link on screen. CPV 90 "Sewage, refuse, cleaning and environmental
 * services" reads as both ProClass 13 "Cleaning & Janitorial" and 18 "Environmental Services"; CPV 79 "Business
 * services: law, marketing, consulting…" as both 28 "Legal Services" and 15 "Consultancy"; vehicle repair (CPV 501)
 * sits in division 50 "Repair and maintenance services" but in ProClass 38 "Vehicle Management"; CPV 85 "Health and
 * social work" splits into ProClass 31, 32, 40 and 41. So a category with a ProClass code and no CPV codes gets
 * contracts by a contract's own ProClass code and by supplier, never by guessing from CPV wording.
 */
import { autoSupplierKey, WITHHELD_KEY } from '../spend/supplier-key.ts'

/** What the rule needs of a category on the board. */
export interface LinkableCategory {
  readonly id: string
  readonly cpvCodes: readonly string[]
  /** ProClass codes or prefixes its spend is drawn from (`effectiveSpendCodes`); empty when none. */
  readonly spendCodes: readonly string[]
}

/** What the rule needs of an imported contract. */
export interface LinkableContract {
  readonly id: string
  /** The body the contract belongs to (for supplier links: that body's spend). */
  readonly orgId: string
  readonly supplier: string
  /** 8 digits without the check digit; anything else is ignored. */
  readonly cpvCodes: readonly string[]
  /** The register's ProClass code; empty or absent when none. */
  readonly proclassCode?: string | undefined
}

/** categoryId → orgId → that body's supplier keys in the category's spend data. */
export type CategorySuppliers = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>

/** Why a contract is in a category, for people (`text`) and machines. */
export type LinkReason =
  | { readonly kind: 'cpv'; readonly contractCode: string; readonly categoryCode: string; readonly text: string }
  | { readonly kind: 'proclass'; readonly contractCode: string; readonly categoryCode: string; readonly text: string }
  | { readonly kind: 'supplier'; readonly supplier: string; readonly supplierKey: string; readonly text: string }

/** A contract linked to a category, with the reason. */
export interface CategoryLink<C extends LinkableContract = LinkableContract> {
  readonly contract: C
  readonly reason: LinkReason
}

const CPV = /^\d{8}$/
const PROCLASS = /^\d{6}$/

/**
 * Significant digits of a CPV code: trailing zeros dropped, never fewer than the 2-digit division.
 * @example cpvStem('90500000') // '905'
 * @example cpvStem('03000000') // '03'
 */
export function cpvStem(code: string): string {
  const stem = code.replace(/0+$/, '')
  return stem.length < 2 ? code.slice(0, 2) : stem
}

/**
 * True when `code` falls under `categoryCode` at the category's level.
 * @example cpvIsUnder('90511000', '90500000') // true
 * @example cpvIsUnder('90500000', '90510000') // false (broader than the category)
 */
export function cpvIsUnder(code: string, categoryCode: string): boolean {
  return CPV.test(code) && CPV.test(categoryCode) && code.startsWith(cpvStem(categoryCode))
}

/** The link by CPV or by the contract's own ProClass code, or null. */
function codeLink(category: LinkableCategory, contract: LinkableContract): LinkReason | null {
  for (const categoryCode of category.cpvCodes) {
    for (const code of contract.cpvCodes) {
      if (!cpvIsUnder(code, categoryCode)) continue
      const text = code === categoryCode ? `CPV ${code} is the category's CPV code` : `CPV ${code} is under the category's ${categoryCode}`
      return { kind: 'cpv', contractCode: code, categoryCode, text }
    }
  }
  const own = contract.proclassCode ?? ''
  if (PROCLASS.test(own)) {
    for (const prefix of category.spendCodes) {
      if (!own.startsWith(prefix)) continue
      const text = own === prefix ? `ProClass ${own} is the category's ProClass code` : `ProClass ${own} is under the category's ${prefix}`
      return { kind: 'proclass', contractCode: own, categoryCode: prefix, text }
    }
  }
  return null
}

/** The link by supplier, when CPV cannot decide and the body's spend in the category names the supplier; or null. */
function supplierLink(category: LinkableCategory, contract: LinkableContract, suppliers: CategorySuppliers): LinkReason | null {
  const contractHasCpv = contract.cpvCodes.some((c) => CPV.test(c))
  if (contractHasCpv && category.cpvCodes.length > 0) return null
  const key = autoSupplierKey(contract.supplier)
  if (key === WITHHELD_KEY) return null
  if (suppliers.get(category.id)?.get(contract.orgId)?.has(key) !== true) return null
  return { kind: 'supplier', supplier: contract.supplier.trim(), supplierKey: key, text: `supplier ${contract.supplier.trim()} is in this category's spend` }
}

/**
 * Why `contract` belongs to `category` on its own (CPV, then the contract's ProClass code, then supplier), or null.
 * The board-wide rule (`linkContractsToCategories`) adds that a contract taken by code anywhere is not also taken by
 * supplier elsewhere.
 */
export function linkReason(category: LinkableCategory, contract: LinkableContract, suppliers: CategorySuppliers = new Map()): LinkReason | null {
  return codeLink(category, contract) ?? supplierLink(category, contract, suppliers)
}

/**
 * Links imported contracts to a board's categories. A contract may sit in several categories when their codes
 * overlap. Contracts linked by CPV or ProClass code to some category are linked to no other category by supplier.
 * Each category's links are sorted by contract id; categories without links are present with an empty list.
 * @example
 * // Waste (CPV 90500000) and Grounds (ProClass-only, spend from 2412); the body's grounds spend names Idverde.
 * // A CPV 90511000 contract → Waste ("CPV 90511000 is under the category's 90500000");
 * // an Idverde contract with no CPV code → Grounds ("supplier Idverde Ltd is in this category's spend").
 */
export function linkContractsToCategories<C extends LinkableContract>(
  categories: readonly LinkableCategory[],
  contracts: readonly C[],
  suppliers: CategorySuppliers = new Map(),
): Map<string, CategoryLink<C>[]> {
  const out = new Map<string, CategoryLink<C>[]>(categories.map((c) => [c.id, []]))
  for (const contract of contracts) {
    const byCode = categories.flatMap((category) => {
      const reason = codeLink(category, contract)
      return reason === null ? [] : [{ category, reason }]
    })
    const found = byCode.length > 0
      ? byCode
      : categories.flatMap((category) => {
          const reason = supplierLink(category, contract, suppliers)
          return reason === null ? [] : [{ category, reason }]
        })
    for (const { category, reason } of found) out.get(category.id)?.push({ contract, reason })
  }
  for (const links of out.values()) links.sort((a, b) => (a.contract.id < b.contract.id ? -1 : a.contract.id > b.contract.id ? 1 : 0))
  return out
}
