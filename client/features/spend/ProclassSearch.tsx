/**
 * Choosing a ProClass code on the Spend data page: a search box over the shipped taxonomy (by code or words, the
 * same search as category planning: shared/taxonomy/search.ts), loaded on first use. Also names a code for display.
 */
import { useEffect, useId, useState } from 'react'
import { createTaxonomyIndex, proclassEntries, searchTaxonomy, type TaxonomyEntry, type TaxonomyIndex } from '../../../shared/taxonomy/search'

interface Loaded {
  index: TaxonomyIndex
  byCode: Map<string, TaxonomyEntry>
}

let loading: Promise<Loaded> | null = null

function loadProclass(): Promise<Loaded> {
  loading ??= import('../../../shared/taxonomy/proclass.json').then((m) => {
    const entries = proclassEntries(m.default)
    return { index: createTaxonomyIndex(entries), byCode: new Map(entries.map((e) => [e.code, e])) }
  })
  return loading
}

/** The ProClass taxonomy once loaded (null until then). */
export function useProclass(): Loaded | null {
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  useEffect(() => {
    let isLive = true
    loadProclass().then((l) => isLive && setLoaded(l), () => undefined)
    return () => {
      isLive = false
    }
  }, [])
  return loaded
}

/** `Vehicle tyres` for a code, from the server's label or the taxonomy; null when unknown. */
export function proclassLabel(taxonomy: Loaded | null, code: string | null, given?: string | null): string | null {
  if (given) return given
  if (!code || !taxonomy) return null
  return taxonomy.byCode.get(code)?.label ?? null
}

/**
 * A search box listing matching 6-digit ProClass codes; picking one calls `onPick`. `label` is its accessible name
 * (and visible when `showLabel`).
 */
export function ProclassSearch({ label, onPick, disabled = false, autoFocus = false, showLabel = false }: { label: string; onPick(entry: TaxonomyEntry): void; disabled?: boolean; autoFocus?: boolean; showLabel?: boolean }) {
  const taxonomy = useProclass()
  const [query, setQuery] = useState('')
  const inputId = useId()
  const listId = useId()
  // Only full 6-digit codes can be set on a supplier or a rule.
  const hits = taxonomy && query.trim() !== '' ? searchTaxonomy(taxonomy.index, query, 30).filter((h) => /^\d{6}$/.test(h.entry.code)).slice(0, 8) : []
  return (
    <div className="sd-picker">
      <label htmlFor={inputId} className={showLabel ? 'sd-picker-label' : 'sd-visually-hidden'}>{label}</label>
      <input
        id={inputId}
        className="text-input"
        type="search"
        placeholder="Search ProClass by words or code, e.g. tyres or 321115"
        value={query}
        disabled={disabled}
        autoFocus={autoFocus}
        autoComplete="off"
        aria-controls={listId}
        onChange={(e) => setQuery(e.target.value)}
      />
      {hits.length > 0 && (
        <ul className="sd-picker-list" id={listId} role="listbox" aria-label="Matching ProClass codes">
          {hits.map((h) => (
            <li key={h.entry.code} role="presentation">
              <button
                type="button"
                role="option"
                aria-selected={false}
                disabled={disabled}
                onClick={() => {
                  onPick(h.entry)
                  setQuery('')
                }}
              >
                <span className="sd-code">{h.entry.code}</span>
                <span>
                  {h.entry.label}
                  {h.entry.path.length > 1 && <span className="muted sd-small"> · {h.entry.path.slice(0, -1).join(' › ')}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {query.trim() !== '' && !taxonomy && <p className="muted sd-small">Loading the ProClass list…</p>}
      {query.trim() !== '' && taxonomy && hits.length === 0 && <p className="muted sd-small">No ProClass code matches. Try fewer words, or the first digits of a code.</p>}
    </div>
  )
}
