/**
 * Choosing which imported spend lines belong to a category: by ProClass code (the line's code starts with the
 * category's) or by words found in the supplier name, the published category label or the reference. Exact totals
 * in pence; credits (negative lines) count. Pure, so it is unit-tested.
 */
import type { SpendLine } from '../../../shared/domain/spend'
import { normaliseSupplierName } from '../../../shared/domain/spend'
import type { Pence } from '../../../shared/domain/money'
import type { SpendLineId } from '../../../shared/domain/ids'

export type LineFilter = { kind: 'proclass'; code: string } | { kind: 'text'; text: string }

/** A safe source id for line ids from a file name: `Lambeth Spend June 2012.csv` → `lambeth-spend-june-2012`. */
export function sourceIdFromFileName(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')
  return (base || 'spend-file').slice(0, 64)
}

export function matchesFilter(line: SpendLine, filter: LineFilter): boolean {
  if (filter.kind === 'proclass') {
    const code = filter.code.trim()
    return code !== '' && (line.proclassCode ?? '').startsWith(code.replace(/0+$/, '') || code)
  }
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return false
  const hay = `${line.supplierName} ${line.categoryLabel ?? ''} ${line.reference ?? ''}`.toLowerCase()
  return words.every((w) => hay.includes(w))
}

export interface LineSelection {
  readonly lineIds: readonly SpendLineId[]
  readonly total: Pence
  readonly lineCount: number
  /** Distinct suppliers (normalised names). */
  readonly supplierCount: number
  /** Largest suppliers by spend, up to five. */
  readonly topSuppliers: readonly { readonly name: string; readonly total: Pence }[]
}

/** The lines matching a filter, their exact total and supplier summary. */
export function selectLines(lines: readonly SpendLine[], filter: LineFilter): LineSelection {
  const chosen = lines.filter((l) => matchesFilter(l, filter))
  let total = 0n
  const bySupplier = new Map<string, { name: string; total: bigint }>()
  for (const l of chosen) {
    total += BigInt(l.amount)
    const key = normaliseSupplierName(l.supplierName)
    const s = bySupplier.get(key) ?? { name: l.supplierName, total: 0n }
    s.total += BigInt(l.amount)
    bySupplier.set(key, s)
  }
  const top = [...bySupplier.values()].sort((a, b) => (b.total > a.total ? 1 : b.total < a.total ? -1 : a.name.localeCompare(b.name))).slice(0, 5)
  return {
    lineIds: chosen.map((l) => l.id),
    total: Number(total) as Pence,
    lineCount: chosen.length,
    supplierCount: bySupplier.size,
    topSuppliers: top.map((s) => ({ name: s.name, total: Number(s.total) as Pence })),
  }
}

/** Exact sum of every line. */
export function totalOf(lines: readonly SpendLine[]): Pence {
  let total = 0n
  for (const l of lines) total += BigInt(l.amount)
  return Number(total) as Pence
}
