/**
 * @module pooling
 * Board pooling maths over the organisations' spend totals (`spend_totals` rows: code × supplier per organisation):
 * for one category (its ProClass codes or prefixes), what each body spends, with whom, which suppliers two or more
 * bodies share, how concentrated the spend is (Pareto), the tail and the fragmentation. Integer pence throughout.
 *
 * Withheld rows (redacted or personal names, `supplierKey === ''`) count in every total, never as a supplier: they
 * are not in the supplier lists, the Pareto, the tail or the fragmentation, whose base is the spend with named
 * suppliers (`namedPence`). Pure: no I/O, no clock; the result does not depend on the order of the rows.
 */

/** One row of an organisation's totals: its spend with one supplier under one ProClass code. */
export interface SpendTotalRow {
  readonly orgId: string
  /** ProClass code of the lines, '' when unclassified (never matches a category). */
  readonly code: string
  /** Supplier identity, the same across organisations for the same supplier; '' for withheld names. */
  readonly supplierKey: string
  readonly supplierName: string
  readonly transactions: number
  readonly totalPence: number
}

/** One body's spend in the category. */
export interface OrgCategoryTotal {
  readonly orgId: string
  /** All its matching lines, withheld names included. */
  readonly totalPence: number
  readonly transactions: number
  /** Distinct named suppliers. */
  readonly suppliers: number
  /** Of `totalPence`, the part paid to withheld names. */
  readonly withheldPence: number
  readonly withheldTransactions: number
}

/** One body's spend with one supplier in the category. */
export interface SupplierOrgSpend {
  readonly orgId: string
  readonly totalPence: number
  readonly transactions: number
}

/** A supplier of the category across the bodies (same `supplierKey`), with each body's part, sorted by organisation id. */
export interface PooledSupplier {
  readonly key: string
  /** The name on the supplier's largest row (ties: alphabetical), so each body's spelling does not split it. */
  readonly name: string
  readonly totalPence: number
  readonly transactions: number
  readonly byOrg: readonly SupplierOrgSpend[]
}

/** A point of the Pareto curve: the largest `suppliers` suppliers together take `cumulativePence`. */
export interface ParetoPoint {
  readonly suppliers: number
  readonly cumulativePence: number
}

/** How concentrated the category's named spend is. */
export interface Pareto {
  readonly supplierCount: number
  /** The base: spend with named suppliers (withheld names left out). */
  readonly namedPence: number
  /** The fewest largest suppliers whose spend reaches 80% of `namedPence` (0 when it is not positive). */
  readonly suppliersFor80: number
  /** Their spend. */
  readonly pence80: number
  /** Cumulative spend by rank, from (0, 0), at most `MAX_CURVE_POINTS` points, always with the 80% point and the last. */
  readonly curve: readonly ParetoPoint[]
}

/** The suppliers beyond the 80%: how many, and what they take. */
export interface Tail {
  readonly suppliers: number
  readonly totalPence: number
}

/**
 * Fragmentation: the number of distinct named suppliers, and the same per £1m of named spend (one decimal; null when
 * the named spend is not positive). Many suppliers per £1m means spend spread thin: worth consolidating.
 */
export interface Fragmentation {
  readonly suppliers: number
  readonly suppliersPerMillionPounds: number | null
}

/** Everything the board shows for one category. */
export interface CategoryPool {
  readonly totalPence: number
  readonly transactions: number
  readonly withheldPence: number
  /** One per organisation with a matching row, sorted by organisation id. */
  readonly byOrg: readonly OrgCategoryTotal[]
  /** Every named supplier, largest first (ties: key). */
  readonly suppliers: readonly PooledSupplier[]
  /** Suppliers paid by two or more bodies, largest combined spend first. */
  readonly shared: readonly PooledSupplier[]
  /** Their combined spend. */
  readonly sharedPence: number
  readonly pareto: Pareto
  readonly tail: Tail
  readonly fragmentation: Fragmentation
}

/** The Pareto share, as a fraction: 80%. */
export const PARETO_NUMERATOR = 4
export const PARETO_DENOMINATOR = 5
/** Most points of a Pareto curve sent to a chart. */
export const MAX_CURVE_POINTS = 101
const PENCE_PER_MILLION_POUNDS = 100_000_000

/** True when a line's code falls under any of the category's codes or prefixes; an unclassified line ('') never does. */
export function matchesSpendCodes(code: string, prefixes: readonly string[]): boolean {
  if (code === '') return false
  return prefixes.some((p) => p !== '' && code.startsWith(p))
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Pools one category across the bodies: rows whose code falls under any of `prefixes` (a row is counted once even when
 * two prefixes overlap, e.g. `29` and `2911`). The same supplier under several codes of the category is one supplier.
 * @example poolCategorySpend(rows, ['2911']).shared // suppliers used by two or more bodies, with combined spend
 */
export function poolCategorySpend(rows: readonly SpendTotalRow[], prefixes: readonly string[]): CategoryPool {
  const orgs = new Map<string, { totalPence: number; transactions: number; withheldPence: number; withheldTransactions: number; suppliers: Set<string> }>()
  const suppliers = new Map<string, { byOrg: Map<string, { totalPence: number; transactions: number }>; nameRow: { name: string; pence: number } }>()
  for (const row of rows) {
    if (!matchesSpendCodes(row.code, prefixes)) continue
    let org = orgs.get(row.orgId)
    if (!org) orgs.set(row.orgId, (org = { totalPence: 0, transactions: 0, withheldPence: 0, withheldTransactions: 0, suppliers: new Set() }))
    org.totalPence += row.totalPence
    org.transactions += row.transactions
    if (row.supplierKey === '') {
      org.withheldPence += row.totalPence
      org.withheldTransactions += row.transactions
      continue
    }
    org.suppliers.add(row.supplierKey)
    let supplier = suppliers.get(row.supplierKey)
    if (!supplier) suppliers.set(row.supplierKey, (supplier = { byOrg: new Map(), nameRow: { name: row.supplierName, pence: row.totalPence } }))
    const part = supplier.byOrg.get(row.orgId) ?? { totalPence: 0, transactions: 0 }
    part.totalPence += row.totalPence
    part.transactions += row.transactions
    supplier.byOrg.set(row.orgId, part)
    const best = supplier.nameRow
    if (row.totalPence > best.pence || (row.totalPence === best.pence && byText(row.supplierName, best.name) < 0)) supplier.nameRow = { name: row.supplierName, pence: row.totalPence }
  }

  const byOrg: OrgCategoryTotal[] = [...orgs.entries()]
    .sort(([a], [b]) => byText(a, b))
    .map(([orgId, o]) => ({ orgId, totalPence: o.totalPence, transactions: o.transactions, suppliers: o.suppliers.size, withheldPence: o.withheldPence, withheldTransactions: o.withheldTransactions }))

  const pooled: PooledSupplier[] = [...suppliers.entries()].map(([key, s]) => {
    const parts = [...s.byOrg.entries()].sort(([a], [b]) => byText(a, b)).map(([orgId, p]) => ({ orgId, totalPence: p.totalPence, transactions: p.transactions }))
    return {
      key,
      name: s.nameRow.name,
      totalPence: parts.reduce((n, p) => n + p.totalPence, 0),
      transactions: parts.reduce((n, p) => n + p.transactions, 0),
      byOrg: parts,
    }
  })
  pooled.sort((a, b) => b.totalPence - a.totalPence || byText(a.key, b.key))
  const shared = pooled.filter((s) => s.byOrg.length >= 2)

  const totalPence = byOrg.reduce((n, o) => n + o.totalPence, 0)
  const withheldPence = byOrg.reduce((n, o) => n + o.withheldPence, 0)
  const namedPence = totalPence - withheldPence
  const pareto = paretoOf(pooled.map((s) => s.totalPence), namedPence)
  return {
    totalPence,
    transactions: byOrg.reduce((n, o) => n + o.transactions, 0),
    withheldPence,
    byOrg,
    suppliers: pooled,
    shared,
    sharedPence: shared.reduce((n, s) => n + s.totalPence, 0),
    pareto,
    tail: { suppliers: pooled.length - pareto.suppliersFor80, totalPence: namedPence - pareto.pence80 },
    fragmentation: {
      suppliers: pooled.length,
      suppliersPerMillionPounds: namedPence > 0 ? Math.round((pooled.length * PENCE_PER_MILLION_POUNDS * 10) / namedPence) / 10 : null,
    },
  }
}

/**
 * Pareto over supplier totals sorted largest first, whose sum is `namedPence`: the fewest leading suppliers whose
 * cumulative spend reaches 80% of it (compared in integers: cumulative × 5 ≥ named × 4, so no rounding decides it).
 */
export function paretoOf(sortedTotals: readonly number[], namedPence: number): Pareto {
  let suppliersFor80 = 0
  let pence80 = 0
  if (namedPence > 0) {
    let cumulative = 0
    for (const [i, total] of sortedTotals.entries()) {
      cumulative += total
      if (cumulative * PARETO_DENOMINATOR >= namedPence * PARETO_NUMERATOR) {
        suppliersFor80 = i + 1
        pence80 = cumulative
        break
      }
    }
  }
  return { supplierCount: sortedTotals.length, namedPence, suppliersFor80, pence80, curve: curveOf(sortedTotals, suppliersFor80) }
}

/** Cumulative spend by rank, thinned to at most `MAX_CURVE_POINTS` evenly spaced ranks plus the 80% rank. */
function curveOf(sortedTotals: readonly number[], rank80: number): ParetoPoint[] {
  const n = sortedTotals.length
  const cumulative: number[] = [0]
  for (const t of sortedTotals) cumulative.push((cumulative[cumulative.length - 1] ?? 0) + t)
  const ranks = new Set<number>([0, n])
  if (rank80 > 0) ranks.add(rank80)
  const steps = MAX_CURVE_POINTS - 1
  for (let i = 1; i < steps && i < n; i++) ranks.add(n <= steps ? i : Math.round((i * n) / steps))
  return [...ranks].sort((a, b) => a - b).map((r) => ({ suppliers: r, cumulativePence: cumulative[r] ?? 0 }))
}

/** One body's largest suppliers in the category (its own part of each), largest first, at most `limit`. */
export function topSuppliersOf(pool: CategoryPool, orgId: string, limit: number): Array<{ key: string; name: string; totalPence: number; transactions: number }> {
  const mine: Array<{ key: string; name: string; totalPence: number; transactions: number }> = []
  for (const s of pool.suppliers) {
    const part = s.byOrg.find((p) => p.orgId === orgId)
    if (part) mine.push({ key: s.key, name: s.name, totalPence: part.totalPence, transactions: part.transactions })
  }
  mine.sort((a, b) => b.totalPence - a.totalPence || byText(a.key, b.key))
  return mine.slice(0, Math.max(0, limit))
}
