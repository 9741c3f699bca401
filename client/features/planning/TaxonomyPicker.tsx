/**
 * Searchable pickers over the shipped taxonomies: ProClass (one code) and CPV (several codes). The JSON files are
 * loaded on first use, so the board opens without them. Search by code prefix or by words (shared/taxonomy/search.ts).
 */
import { useEffect, useId, useState } from 'react'
import { createTaxonomyIndex, cpvEntries, proclassEntries, searchTaxonomy, type TaxonomyEntry, type TaxonomyIndex } from '../../../shared/taxonomy/search'

type Scheme = 'proclass' | 'cpv'
const indexes: Partial<Record<Scheme, Promise<{ index: TaxonomyIndex; byCode: Map<string, TaxonomyEntry> }>>> = {}

function loadIndex(scheme: Scheme) {
  indexes[scheme] ??= (scheme === 'proclass'
    ? import('../../../shared/taxonomy/proclass.json').then((m) => proclassEntries(m.default))
    : import('../../../shared/taxonomy/cpv.json').then((m) => cpvEntries(m.default as Record<string, string>))
  ).then((entries) => ({ index: createTaxonomyIndex(entries), byCode: new Map(entries.map((e) => [e.code, e])) }))
  return indexes[scheme]
}

function useTaxonomy(scheme: Scheme) {
  const [loaded, setLoaded] = useState<{ index: TaxonomyIndex; byCode: Map<string, TaxonomyEntry> } | null>(null)
  useEffect(() => {
    let isLive = true
    loadIndex(scheme).then((l) => isLive && setLoaded(l), () => undefined)
    return () => {
      isLive = false
    }
  }, [scheme])
  return loaded
}

function Search({ scheme, placeholder, onPick, disabled, testId, onTypedCode }: { scheme: Scheme; placeholder: string; onPick(entry: TaxonomyEntry): void; disabled: boolean; testId?: string; onTypedCode?: { pattern: RegExp; label(code: string): string; pick(code: string): void } }) {
  const taxonomy = useTaxonomy(scheme)
  const [query, setQuery] = useState('')
  const listId = useId()
  const hits = taxonomy && query.trim() !== '' ? searchTaxonomy(taxonomy.index, query, 8) : []
  const typed = query.trim()
  const typedCode = onTypedCode && onTypedCode.pattern.test(typed) ? typed : null
  return (
    <div className="pl-picker">
      <input
        className="text-input pl-input"
        type="search"
        placeholder={placeholder}
        value={query}
        disabled={disabled}
        aria-controls={listId}
        data-testid={testId}
        onChange={(e) => setQuery(e.target.value)}
      />
      {typedCode !== null && onTypedCode && (
        <button type="button" className="button button-secondary button-small pl-picker-typed" data-testid={testId ? `${testId}-typed` : undefined} onClick={() => { onTypedCode.pick(typedCode); setQuery('') }}>
          {onTypedCode.label(typedCode)}
        </button>
      )}
      {hits.length > 0 && (
        <ul className="pl-picker-list" id={listId} role="listbox">
          {hits.map((h) => (
            <li key={h.entry.code}>
              <button
                type="button"
                role="option"
                aria-selected={false}
                onClick={() => {
                  onPick(h.entry)
                  setQuery('')
                }}
              >
                <span className="pl-code">{h.entry.code}</span>
                <span>
                  {h.entry.label}
                  {h.entry.path.length > 1 && <span className="pl-muted-small"> · {h.entry.path.slice(0, -1).join(' › ')}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {query.trim() !== '' && taxonomy && hits.length === 0 && <p className="pl-muted-small">No match. Try a code (e.g. 291) or fewer words.</p>}
    </div>
  )
}

export function ProclassPicker({ code, onChange, disabled }: { code: string | null; onChange(code: string | undefined): void; disabled: boolean }) {
  const taxonomy = useTaxonomy('proclass')
  const entry = code ? taxonomy?.byCode.get(code) : undefined
  return (
    <div>
      {code ? (
        <div className="pl-chip-row">
          <span className="pl-chip" data-testid="proclass-chosen">
            <span className="pl-code">{code}</span> {entry ? entry.path.join(' › ') : ''}
            {!disabled && <button type="button" aria-label="Clear ProClass code" onClick={() => onChange(undefined)}>×</button>}
          </span>
        </div>
      ) : null}
      <Search scheme="proclass" placeholder={code ? 'Change: search ProClass by code or words' : 'Search ProClass by code or words, e.g. tyres'} onPick={(e) => onChange(e.code)} disabled={disabled} />
    </div>
  )
}

/** The code a picked ProClass entry links a category to: a top-level group (`290000`) as its 2-digit prefix. */
export function spendCodeOf(entry: TaxonomyEntry): string {
  return entry.level === 1 && entry.code.endsWith('0000') ? entry.code.slice(0, 2) : entry.code
}

/**
 * The ProClass codes or prefixes a category's spend is drawn from (each body's lines classified under any of them).
 * Search the taxonomy by words or code, or type a 2-, 4- or 6-digit code or prefix and add it as it is.
 */
export function SpendCodesPicker({ codes, onChange, disabled }: { codes: readonly string[]; onChange(codes: string[]): void; disabled: boolean }) {
  const taxonomy = useTaxonomy('proclass')
  const add = (code: string) => !codes.includes(code) && onChange([...codes, code])
  const describe = (code: string) => {
    const exact = taxonomy?.byCode.get(code.padEnd(6, '0'))
    return exact ? exact.path.join(' › ') : ''
  }
  return (
    <div data-testid="spend-codes-picker">
      {codes.length > 0 && (
        <div className="pl-chip-row">
          {codes.map((c) => (
            <span className="pl-chip" key={c} data-testid="spend-code-chip" data-code={c}>
              <span className="pl-code">{c.length < 6 ? `${c}…` : c}</span> {describe(c)}
              {!disabled && <button type="button" aria-label={`Unlink ProClass ${c}`} onClick={() => onChange(codes.filter((x) => x !== c))}>×</button>}
            </span>
          ))}
        </div>
      )}
      <Search
        scheme="proclass"
        testId="spend-codes-search"
        placeholder="Link spend: search ProClass, or type a code or prefix (e.g. 2911)"
        onPick={(e) => add(spendCodeOf(e))}
        disabled={disabled}
        onTypedCode={{ pattern: /^(\d{2}|\d{4}|\d{6})$/, label: (code) => `Link ${code.length < 6 ? `every code starting ${code}` : `code ${code}`}`, pick: add }}
      />
    </div>
  )
}

export function CpvPicker({ codes, onChange, disabled }: { codes: readonly string[]; onChange(codes: string[]): void; disabled: boolean }) {
  const taxonomy = useTaxonomy('cpv')
  return (
    <div>
      {codes.length > 0 && (
        <div className="pl-chip-row">
          {codes.map((c) => (
            <span className="pl-chip" key={c}>
              <span className="pl-code">{c}</span> {taxonomy?.byCode.get(c)?.label ?? ''}
              {!disabled && <button type="button" aria-label={`Remove CPV ${c}`} onClick={() => onChange(codes.filter((x) => x !== c))}>×</button>}
            </span>
          ))}
        </div>
      )}
      <Search scheme="cpv" placeholder="Add a CPV code: search by code or words" onPick={(e) => !codes.includes(e.code) && onChange([...codes, e.code])} disabled={disabled} />
    </div>
  )
}
