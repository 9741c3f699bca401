/**
 * @module search
 * Pure search over the shipped taxonomies (ProClass vC17.1 and CPV 2008) for the category pickers: by code prefix
 * or by words, ranked. The JSON is passed in, so callers choose when to load it.
 */

/** One row of `proclass.json`. Empty levels are empty strings. */
export interface ProclassRow {
  readonly code: string
  readonly level1: string
  readonly level2: string
  readonly level3: string
  readonly clarification: string
}

/** The shape of `cpv.json`: 8-digit code (no check digit) → English label. */
export type CpvMap = Readonly<Record<string, string>>

/** Which taxonomy an entry comes from. */
export type TaxonomyScheme = 'proclass' | 'cpv'

/** A code in either taxonomy, with its label and the labels above it. */
export interface TaxonomyEntry {
  readonly scheme: TaxonomyScheme
  readonly code: string
  readonly label: string
  /** Labels from the top level down to this entry (inclusive). */
  readonly path: readonly string[]
  /** 1 = top level. */
  readonly level: number
  readonly note: string
}

/** ProClass rows as entries; the label is the deepest non-empty level. */
export function proclassEntries(rows: readonly ProclassRow[]): TaxonomyEntry[] {
  return rows.map((r) => {
    const path = [r.level1, r.level2, r.level3].filter((l) => l !== '')
    return { scheme: 'proclass', code: r.code, label: path[path.length - 1] ?? r.code, path, level: Math.max(1, path.length), note: r.clarification }
  })
}

/** Significant digits of a CPV code: trailing zeros dropped, never fewer than the 2-digit division. */
function cpvStem(code: string): string {
  const stem = code.replace(/0+$/, '')
  return stem.length < 2 ? code.slice(0, 2) : stem
}

/**
 * CPV codes as entries. The hierarchy is implicit in trailing zeros (division `45`, group `453`, class `4531`…),
 * so the path is built from the labels of the codes that are prefixes of this one.
 */
export function cpvEntries(map: CpvMap): TaxonomyEntry[] {
  return Object.keys(map)
    .sort()
    .map((code) => {
      const stem = cpvStem(code)
      const path: string[] = []
      for (let n = 2; n < stem.length; n++) {
        const ancestor = map[stem.slice(0, n).padEnd(8, '0')]
        if (ancestor !== undefined) path.push(ancestor)
      }
      const label = map[code] ?? code
      path.push(label)
      return { scheme: 'cpv', code, label, path, level: stem.length - 1, note: '' }
    })
}

const STOPWORDS = new Set(['and', 'of', 'the', 'for', 'in', 'to', 'a'])

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !STOPWORDS.has(w))
}

interface Indexed {
  readonly entry: TaxonomyEntry
  readonly labelWords: readonly string[]
  readonly contextWords: readonly string[]
  readonly labelLower: string
  readonly stem: string
}

/** A prepared search index over taxonomy entries. */
export interface TaxonomyIndex {
  readonly items: readonly Indexed[]
}

/** Prepares entries for searching (lower-cased words computed once). */
export function createTaxonomyIndex(entries: readonly TaxonomyEntry[]): TaxonomyIndex {
  return {
    items: entries.map((entry) => ({
      entry,
      labelWords: words(entry.label),
      contextWords: words(`${entry.path.join(' ')} ${entry.note}`),
      labelLower: entry.label.toLowerCase(),
      stem: cpvStem(entry.code),
    })),
  }
}

/** A search result and its score (higher is better). */
export interface TaxonomyHit {
  readonly entry: TaxonomyEntry
  readonly score: number
  readonly matchedBy: 'code' | 'words'
}

/** Default number of hits returned. */
export const DEFAULT_SEARCH_LIMIT = 20

/**
 * Searches by code or by words. A query of digits (a trailing CPV check digit such as `-5` is ignored) matches
 * codes starting with its significant digits: `453`, `45300000` and `45300000-0` all find group 453 and everything
 * under it, the exact code first, then shallower codes, then by code. Otherwise every query word must begin a word
 * of the entry's label, path or note: whole-word label matches score 3, prefix label matches 2, path/note matches 1,
 * plus 5 when the label starts with the query and up to 4 for shallow levels. Ties sort by code.
 */
export function searchTaxonomy(index: TaxonomyIndex, query: string, limit: number = DEFAULT_SEARCH_LIMIT): TaxonomyHit[] {
  const q = query.trim()
  if (q === '' || limit <= 0) return []
  const hits: TaxonomyHit[] = []
  const codeQuery = /^(\d{2,8})(?:-\d)?$/.exec(q.replace(/\s+/g, ''))
  if (codeQuery !== null) {
    const digits = codeQuery[1] ?? ''
    // A full-length code (6-digit ProClass, 8-digit CPV) stands for itself and everything under it.
    const stem = digits.length === 8 || digits.length === 6 ? digits.replace(/0+$/, '').padEnd(2, '0') : digits
    for (const item of index.items) {
      if (!item.entry.code.startsWith(stem)) continue
      const isExact = item.entry.code === digits.padEnd(item.entry.code.length, '0')
      hits.push({ entry: item.entry, score: (isExact ? 1000 : 500) - item.entry.level * 10, matchedBy: 'code' })
    }
  } else {
    const terms = words(q)
    if (terms.length === 0) return []
    const qLower = q.toLowerCase()
    for (const item of index.items) {
      let score = 0
      let isAllMatched = true
      for (const term of terms) {
        if (item.labelWords.includes(term)) score += 3
        else if (item.labelWords.some((w) => w.startsWith(term))) score += 2
        else if (item.contextWords.some((w) => w.startsWith(term))) score += 1
        else {
          isAllMatched = false
          break
        }
      }
      if (!isAllMatched) continue
      if (item.labelLower.startsWith(qLower)) score += 5
      score += Math.max(0, 5 - item.entry.level)
      hits.push({ entry: item.entry, score, matchedBy: 'words' })
    }
  }
  hits.sort((a, b) => b.score - a.score || (a.entry.code < b.entry.code ? -1 : a.entry.code > b.entry.code ? 1 : 0))
  return hits.slice(0, limit)
}
