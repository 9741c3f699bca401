/**
 * @module spend
 * Spend lines (one row of a published spend file) and their aggregation by category × organisation:
 * exact totals, each organisation's share in basis points, supplier fragmentation and suppliers shared by
 * several bodies (matched on a normalised supplier name). Pure and independent of input order.
 */
import { z } from 'zod'
import { OrgIdSchema, SpendLineIdSchema } from './ids.ts'
import type { OrgId, SpendLineId } from './ids.ts'
import { IsoDateSchema } from './dates.ts'
import { apportionBps, GBP, PenceSchema } from './money.ts'
import type { BasisPoints, Pence } from './money.ts'
import { assertNever, fail, ok } from './result.ts'
import type { Result } from './result.ts'

/** Schema for a spend line. */
export const SpendLineSchema = z.object({
  id: SpendLineIdSchema,
  orgId: OrgIdSchema,
  supplierName: z.string(),
  amount: PenceSchema,
  /** ISO 4217 code as published; aggregation accepts only GBP. */
  currency: z.string(),
  date: IsoDateSchema.optional(),
  categoryLabel: z.string().optional(),
  proclassCode: z.string().optional(),
  /** 1-based line number in the source file where the row starts. */
  sourceLine: z.number().int().min(1),
  reference: z.string().optional(),
})
/** One payment row from a published spend file. Negative amounts are credits. */
export type SpendLine = z.infer<typeof SpendLineSchema>

/** A normalised supplier name used to match the same supplier across bodies. */
export type SupplierKey = string & { readonly __brand: 'SupplierKey' }

const LEGAL_SUFFIXES = new Set(['ltd', 'limited', 'plc', 'llp', 'lp', 'inc', 'cic'])

/**
 * Normalises a supplier name so the same supplier matches across bodies: Unicode-compatibility folding, case,
 * `&` → `and`, apostrophes dropped, other punctuation to spaces, a trailing `(123456)` id removed, whitespace
 * collapsed and trailing legal forms (Ltd, Limited, PLC, LLP, LP, Inc, CIC) removed.
 * @example normaliseSupplierName(' Smith & Sons (UK) Ltd. ') // 'smith and sons uk'
 */
export function normaliseSupplierName(name: string): SupplierKey {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(\s*\d+\s*\)\s*$/, '')
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] ?? '')) words.pop()
  return words.join(' ') as SupplierKey
}

/**
 * True for names publishers use instead of a supplier: redaction markers (`Redacted personal data`,
 * `PERSONAL DETAILS REDACTED`) and police "third party" markers. Matches the whole word, so a real supplier
 * such as `REDACTIVE PUBLISHING LIMITED` is not caught.
 */
export function isWithheldSupplierName(name: string): boolean {
  const key = normaliseSupplierName(name)
  return /(^| )redacted( |$)/.test(key) || /^third party( |$)/.test(key)
}

/** How to put spend lines into categories. */
export type GroupBy =
  | { readonly kind: 'proclass'; readonly level: 1 | 2 | 3 }
  | { readonly kind: 'category-label' }
  | { readonly kind: 'custom'; readonly keyOf: (line: SpendLine) => string | undefined }

/** The category key for lines that cannot be classified under the chosen grouping. */
export const UNCLASSIFIED_KEY = 'unclassified'

/** The category key of a line under a grouping, or `UNCLASSIFIED_KEY`. ProClass level 1 is `29xxxx` → `290000`. */
export function categoryKeyOf(line: SpendLine, groupBy: GroupBy): string {
  switch (groupBy.kind) {
    case 'proclass': {
      const code = line.proclassCode?.trim() ?? ''
      if (!/^\d{6}$/.test(code)) return UNCLASSIFIED_KEY
      const kept = groupBy.level === 1 ? 2 : groupBy.level === 2 ? 3 : 6
      return code.slice(0, kept).padEnd(6, '0')
    }
    case 'category-label': {
      const label = line.categoryLabel?.replace(/\s+/g, ' ').trim() ?? ''
      return label === '' ? UNCLASSIFIED_KEY : label
    }
    case 'custom': {
      const key = groupBy.keyOf(line)
      return key === undefined || key === '' ? UNCLASSIFIED_KEY : key
    }
    default:
      return assertNever(groupBy, 'group-by kind')
  }
}

/** Spend with one supplier (matched by normalised name). */
export interface SupplierSpend {
  readonly key: SupplierKey
  /** The most frequent published spelling (ties: alphabetical). */
  readonly name: string
  readonly total: Pence
  readonly orgIds: readonly OrgId[]
  readonly lineIds: readonly SpendLineId[]
}

/** One organisation's spend in a category. */
export interface OrgSpend {
  readonly orgId: OrgId
  readonly total: Pence
  /** Share of the category total in basis points; the shares of a category sum to exactly 10000. Null when the category total is not positive. */
  readonly shareBps: BasisPoints | null
  /** Distinct named suppliers this organisation paid in the category. */
  readonly supplierCount: number
  readonly lineIds: readonly SpendLineId[]
}

/** Spend in one category across organisations. */
export interface CategorySpend {
  readonly key: string
  readonly total: Pence
  /** Sorted by organisation id. */
  readonly byOrg: readonly OrgSpend[]
  /** Distinct named suppliers across all organisations: the fragmentation of the category. */
  readonly supplierCount: number
  /** Sorted by total descending, then key. Withheld and blank names are left out. */
  readonly suppliers: readonly SupplierSpend[]
  /** Suppliers paid by two or more organisations in this category. */
  readonly sharedSuppliers: readonly SupplierSpend[]
  readonly lineIds: readonly SpendLineId[]
}

/** The aggregate of a set of spend lines. */
export interface SpendAggregate {
  readonly total: Pence
  readonly lineCount: number
  /** Sorted by key. */
  readonly categories: readonly CategorySpend[]
  /** Suppliers paid by two or more organisations, across all categories. */
  readonly sharedSuppliers: readonly SupplierSpend[]
}

/** Orders spend line ids by source, then line number as a number. */
export function compareSpendLineIds(a: SpendLineId, b: SpendLineId): number {
  const ia = a.lastIndexOf(':')
  const ib = b.lastIndexOf(':')
  const sa = a.slice(0, ia)
  const sb = b.slice(0, ib)
  if (sa !== sb) return sa < sb ? -1 : 1
  return Number(a.slice(ia + 1)) - Number(b.slice(ib + 1))
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

class Bucket {
  total = 0n
  readonly lines: SpendLineId[] = []
  add(line: SpendLine): void {
    this.total += BigInt(line.amount)
    this.lines.push(line.id)
  }
}

class SupplierBucket extends Bucket {
  readonly spellings = new Map<string, number>()
  readonly orgs = new Set<OrgId>()
  override add(line: SpendLine): void {
    super.add(line)
    const spelling = line.supplierName.replace(/\s+/g, ' ').trim()
    this.spellings.set(spelling, (this.spellings.get(spelling) ?? 0) + 1)
    this.orgs.add(line.orgId)
  }
}

function toPenceChecked(n: bigint, what: string): Result<Pence> {
  return n > MAX_SAFE || n < -MAX_SAFE ? fail('unsafe-integer', `${what} total ${n.toString()}p is beyond the safe integer range`) : ok(Number(n) as Pence)
}

function supplierSpend(key: SupplierKey, b: SupplierBucket): Result<SupplierSpend> {
  const total = toPenceChecked(b.total, `supplier ${key}`)
  if (!total.ok) return total
  const name = [...b.spellings.entries()].sort((x, y) => y[1] - x[1] || compareStrings(x[0], y[0]))[0]?.[0] ?? key
  return ok({ key, name, total: total.value, orgIds: [...b.orgs].sort(compareStrings), lineIds: [...b.lines].sort(compareSpendLineIds) })
}

function supplierList(buckets: Map<SupplierKey, SupplierBucket>): Result<SupplierSpend[]> {
  const list: SupplierSpend[] = []
  for (const [key, b] of buckets) {
    const s = supplierSpend(key, b)
    if (!s.ok) return s
    list.push(s.value)
  }
  list.sort((a, b) => b.total - a.total || compareStrings(a.key, b.key))
  return ok(list)
}

/**
 * Aggregates spend lines into category × organisation totals. Every figure lists the ids of its lines. Totals are
 * exact (bigint); shares use the largest-remainder method with ties to the lower organisation id, so the output
 * does not depend on line order. Fails with `currency-mismatch` if any line is not GBP (nothing is converted), or
 * `unsafe-integer` if a total leaves the safe range. Lines with blank or withheld supplier names count towards
 * totals but not towards supplier counts or shared suppliers.
 */
export function aggregateSpend(lines: readonly SpendLine[], groupBy: GroupBy): Result<SpendAggregate> {
  const foreign = lines.filter((l) => l.currency !== GBP)
  if (foreign.length > 0) {
    const currencies = [...new Set(foreign.map((l) => l.currency))].sort(compareStrings)
    return fail('currency-mismatch', `${foreign.length} spend line(s) are not in GBP (${currencies.join(', ')}); currencies are never mixed`, {
      lineIds: foreign.map((l) => l.id).sort(compareSpendLineIds),
    })
  }
  interface CategoryBuckets {
    readonly all: Bucket
    readonly orgs: Map<OrgId, Bucket>
    readonly orgSuppliers: Map<OrgId, Set<SupplierKey>>
    readonly suppliers: Map<SupplierKey, SupplierBucket>
  }
  const grand = new Bucket()
  const categories = new Map<string, CategoryBuckets>()
  const allSuppliers = new Map<SupplierKey, SupplierBucket>()
  for (const line of lines) {
    grand.add(line)
    const key = categoryKeyOf(line, groupBy)
    let cat = categories.get(key)
    if (cat === undefined) {
      cat = { all: new Bucket(), orgs: new Map(), orgSuppliers: new Map(), suppliers: new Map() }
      categories.set(key, cat)
    }
    cat.all.add(line)
    let org = cat.orgs.get(line.orgId)
    if (org === undefined) {
      org = new Bucket()
      cat.orgs.set(line.orgId, org)
    }
    org.add(line)
    const supplierKey = normaliseSupplierName(line.supplierName)
    if (supplierKey === '' || isWithheldSupplierName(line.supplierName)) continue
    for (const map of [cat.suppliers, allSuppliers]) {
      let s = map.get(supplierKey)
      if (s === undefined) {
        s = new SupplierBucket()
        map.set(supplierKey, s)
      }
      s.add(line)
    }
    let named = cat.orgSuppliers.get(line.orgId)
    if (named === undefined) {
      named = new Set()
      cat.orgSuppliers.set(line.orgId, named)
    }
    named.add(supplierKey)
  }

  const categoryList: CategorySpend[] = []
  for (const key of [...categories.keys()].sort(compareStrings)) {
    const cat = categories.get(key)
    if (cat === undefined) continue
    const orgIds = [...cat.orgs.keys()].sort(compareStrings)
    const shares = apportionBps(orgIds.map((id) => cat.orgs.get(id)?.total ?? 0n))
    const byOrg: OrgSpend[] = []
    for (const [i, orgId] of orgIds.entries()) {
      const b = cat.orgs.get(orgId) ?? new Bucket()
      const total = toPenceChecked(b.total, `organisation ${orgId} in category ${key}`)
      if (!total.ok) return total
      byOrg.push({
        orgId,
        total: total.value,
        shareBps: shares?.[i] ?? null,
        supplierCount: cat.orgSuppliers.get(orgId)?.size ?? 0,
        lineIds: [...b.lines].sort(compareSpendLineIds),
      })
    }
    const total = toPenceChecked(cat.all.total, `category ${key}`)
    if (!total.ok) return total
    const suppliers = supplierList(cat.suppliers)
    if (!suppliers.ok) return suppliers
    categoryList.push({
      key,
      total: total.value,
      byOrg,
      supplierCount: cat.suppliers.size,
      suppliers: suppliers.value,
      sharedSuppliers: suppliers.value.filter((s) => s.orgIds.length >= 2),
      lineIds: [...cat.all.lines].sort(compareSpendLineIds),
    })
  }
  const total = toPenceChecked(grand.total, 'overall')
  if (!total.ok) return total
  const shared = supplierList(allSuppliers)
  if (!shared.ok) return shared
  return ok({ total: total.value, lineCount: lines.length, categories: categoryList, sharedSuppliers: shared.value.filter((s) => s.orgIds.length >= 2) })
}
