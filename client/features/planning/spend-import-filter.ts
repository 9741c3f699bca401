/**
 * Choosing which imported spend lines belong to a category: by ProClass code (the line's code starts with the
 * category's), by words found in the supplier name, the published category label or the reference, by any word of
 * the category's name, or all lines. Picks a default that works for the file (most published files carry no ProClass
 * codes) and says in words what the filter matched and why. Exact totals in pence; credits (negative lines) count.
 * Pure, so it is unit-tested.
 */
import type { SpendLine } from '../../../shared/domain/spend'
import { isWithheldSupplierName, normaliseSupplierName } from '../../../shared/domain/spend'
import type { Pence } from '../../../shared/domain/money'
import type { SpendLineId } from '../../../shared/domain/ids'

/**
 * How lines are chosen: `proclass` by code prefix; `words` when any of the words is in the supplier name, published
 * category or reference (`isFromCategoryName` when the words were taken from the category's name, the default for
 * files without ProClass codes); `all` every line of the file (a file that is already one category's extract).
 */
export type LineFilter =
  | { kind: 'proclass'; code: string }
  | { kind: 'words'; text: string; isFromCategoryName?: boolean }
  | { kind: 'all' }

/** Words too general to pick a category's lines out of a whole council's spend. */
const GENERAL_WORDS = new Set(['and', 'the', 'for', 'with', 'from', 'other', 'general', 'misc', 'miscellaneous', 'service', 'services', 'supply', 'supplies', 'goods', 'works', 'contract', 'contracts', 'category', 'new'])

/** A word as matched: lower case, a plural `s` dropped (`tyres` → `tyre`, `glass` kept). */
const stem = (w: string): string => (w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w)

/** The words a `words` filter matches on: lower case, 2+ characters, plurals stemmed, each once. */
export function filterWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2)
    .map(stem)
  return [...new Set(words)]
}

/** Words of a category name worth matching on, as typed text: 3+ letters and not general (`Fleet tyres` → `fleet tyre`). */
export function categoryKeywords(name: string): string {
  return filterWords(name)
    .filter((w) => w.length >= 3 && !GENERAL_WORDS.has(w))
    .join(' ')
}

/** True when at least one line carries a ProClass code. */
export function hasProclassCodes(lines: readonly SpendLine[]): boolean {
  return lines.some((l) => (l.proclassCode ?? '').trim() !== '')
}

/**
 * The filter a file starts with: the category's ProClass code when both the category and the file have codes; else
 * the category name's words when it has any worth matching; else every line.
 */
export function defaultFilter(lines: readonly SpendLine[], category: { readonly name: string; readonly proclassCode?: string | null | undefined }): LineFilter {
  const code = (category.proclassCode ?? '').trim()
  if (code !== '' && hasProclassCodes(lines)) return { kind: 'proclass', code }
  const words = categoryKeywords(category.name)
  return words !== '' ? { kind: 'words', text: words, isFromCategoryName: true } : { kind: 'all' }
}

/** A safe source id for line ids from a file name: `Lambeth Spend June 2012.csv` → `lambeth-spend-june-2012`. */
export function sourceIdFromFileName(name: string): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '')
  return (base || 'spend-file').slice(0, 64)
}

const haystack = (line: SpendLine): string => `${line.supplierName} ${line.categoryLabel ?? ''} ${line.reference ?? ''}`.toLowerCase()

export function matchesFilter(line: SpendLine, filter: LineFilter): boolean {
  if (filter.kind === 'all') return true
  if (filter.kind === 'proclass') {
    const code = filter.code.trim()
    return code !== '' && (line.proclassCode ?? '').startsWith(code.replace(/0+$/, '') || code)
  }
  const hay = haystack(line)
  return filterWords(filter.text).some((w) => hay.includes(w))
}

export interface LineSelection {
  readonly lineIds: readonly SpendLineId[]
  readonly total: Pence
  readonly lineCount: number
  /** Distinct named suppliers (normalised names); withheld names such as "Redacted personal data" are not suppliers. */
  readonly supplierCount: number
  /** Largest named suppliers by spend, up to five (withheld names left out). */
  readonly topSuppliers: readonly { readonly name: string; readonly total: Pence }[]
  /** Lines whose supplier name is withheld ("Redacted", "Third party payment"): counted in the total, not as suppliers. */
  readonly withheldLineCount: number
}

/** The lines matching a filter, their exact total and supplier summary. */
export function selectLines(lines: readonly SpendLine[], filter: LineFilter): LineSelection {
  const chosen = lines.filter((l) => matchesFilter(l, filter))
  let total = 0n
  const bySupplier = new Map<string, { name: string; total: bigint }>()
  let withheldLineCount = 0
  for (const l of chosen) {
    total += BigInt(l.amount)
    const key = normaliseSupplierName(l.supplierName)
    if (key === '' || isWithheldSupplierName(l.supplierName)) {
      withheldLineCount++
      continue
    }
    const s = bySupplier.get(key) ?? { name: l.supplierName.trim(), total: 0n }
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
    withheldLineCount,
  }
}

/** What an import sets on our entry: the total, its lines, and the suppliers named in them. */
export interface ImportedSpend {
  readonly total: Pence
  readonly lineIds: readonly SpendLineId[]
  /** Distinct named suppliers in the lines (withheld names such as "Redacted" left out). */
  readonly supplierCount: number
  /** The largest named suppliers by spend, up to five: the entry's main suppliers. */
  readonly mainSuppliers: readonly string[]
}

/** The entry an import of `selection` sets: the supplier count and names come from the lines, never left stale. */
export function importedSpendOf(selection: LineSelection): ImportedSpend {
  return { total: selection.total, lineIds: selection.lineIds, supplierCount: selection.supplierCount, mainSuppliers: selection.topSuppliers.map((t) => t.name) }
}

const quoted = (words: readonly string[]): string => words.map((w) => `“${w}”`).join(', ')
const linesWord = (n: number): string => `${n.toLocaleString('en-GB')} line${n === 1 ? '' : 's'}`

/**
 * One or two sentences saying what the filter matched in this file and why, so a filter that matches nothing is
 * never a silent 0: "This file has no ProClass codes, so lines are matched on …".
 */
export function explainSelection(lines: readonly SpendLine[], filter: LineFilter, selection: LineSelection): string {
  const of = `${linesWord(selection.lineCount)} of ${lines.length.toLocaleString('en-GB')}`
  const hasCodes = hasProclassCodes(lines)
  switch (filter.kind) {
    case 'proclass': {
      const code = filter.code.trim()
      if (!hasCodes) return 'This file has no ProClass codes, so no line can be matched by code. Match on words in the supplier name or description instead, or use all lines.'
      if (code === '') return 'Enter a ProClass code to match lines by code.'
      if (selection.lineCount === 0) return `No line in this file has a ProClass code starting with ${code}. Check the code, or match on words instead.`
      return `Matched on ProClass codes starting with ${code}: ${of}.`
    }
    case 'words': {
      const words = filterWords(filter.text)
      if (words.length === 0) return 'Type a word that appears in the supplier names or descriptions of this category’s lines.'
      const where = 'in the supplier name, published category or reference'
      if (filter.isFromCategoryName) {
        const why = hasCodes ? 'This category has no ProClass code' : 'This file has no ProClass codes'
        const found = selection.lineCount === 0 ? 'no line mentions them. Try another word, or use all lines' : `${of} mention at least one`
        return `${why}, so lines are matched on words from the category name (${quoted(words)}) ${where}: ${found}.`
      }
      return selection.lineCount === 0 ? `No line has ${quoted(words)} ${where}.` : `${of} have ${words.length === 1 ? '' : 'one of '}${quoted(words)} ${where}.`
    }
    case 'all':
      return `All ${linesWord(lines.length)} in the file${hasCodes ? '' : ' (it has no ProClass codes)'}: use this when the file holds only this category’s spend.`
  }
}

/** Exact sum of every line. */
export function totalOf(lines: readonly SpendLine[]): Pence {
  let total = 0n
  for (const l of lines) total += BigInt(l.amount)
  return Number(total) as Pence
}
