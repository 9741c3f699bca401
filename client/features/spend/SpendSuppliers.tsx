/**
 * The organisation's suppliers, largest spend first: payments, spend, ProClass code with how it was set, the
 * confidence and why. People confirm a suggestion or change the code, merge two or more identities into one, and
 * split a merged one. Redacted or personal payments are counted in totals but not as suppliers, and say so.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import type { SpendSupplier } from '../../../shared/schema/spend-api'
import { CODE_SOURCE_LABELS, NO_CODE_LABEL } from '../../../shared/spend/code-source'
import { ApiError, describeError } from '../../api/client'
import { getSpendSuppliers, mergeSuppliers, setSupplierCode, splitSupplier, type SpendSuppliers as SuppliersAnswer } from '../../api/spend'
import { ProclassSearch, proclassLabel, useProclass } from './ProclassSearch'
import { filterSuppliers, formatConfidence, formatCount, formatSpend, plural, shortLabel, SUPPLIER_PAGE_SIZE, type SupplierSort } from './spend-format'

type LoadState = { kind: 'loading' } | { kind: 'ready'; answer: SuppliersAnswer } | { kind: 'unavailable' } | { kind: 'error'; message: string }

/** `reloadKey` changes whenever the dataset changes (a file added or removed). */
export function SpendSuppliers({ orgId, reloadKey, periodLabel, onChanged }: { orgId: string; reloadKey: number; periodLabel: string; onChanged(): void }) {
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const [query, setQuery] = useState('')
  const [sort, setSort] = useState<SupplierSort>('spend')
  const [limit, setLimit] = useState(SUPPLIER_PAGE_SIZE)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [ownReload, setOwnReload] = useState(0)
  const filterId = useId()
  const sortId = useId()

  useEffect(() => {
    const controller = new AbortController()
    getSpendSuppliers(orgId, controller.signal).then(
      (answer) => {
        setLoad({ kind: 'ready', answer })
        const keys = new Set(answer.suppliers.map((s) => s.key))
        setSelected((prev) => new Set([...prev].filter((k) => keys.has(k))))
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        // reason: the supplier routes arrive separately from the upload routes; until then the page says so calmly.
        if (error instanceof ApiError && error.status === 404) setLoad({ kind: 'unavailable' })
        else setLoad({ kind: 'error', message: describeError(error) })
      },
    )
    return () => controller.abort()
  }, [orgId, reloadKey, ownReload])

  const suppliers = load.kind === 'ready' ? load.answer.suppliers : []
  const shown = useMemo(() => filterSuppliers(suppliers, query, sort), [suppliers, query, sort])
  const refresh = () => {
    setOwnReload((n) => n + 1)
    onChanged()
  }
  const toggle = (key: string) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })

  return (
    <section className="card" aria-labelledby="sd-suppliers-heading">
      <div className="sd-card-head">
        <h2 id="sd-suppliers-heading" className="card-title">Suppliers</h2>
        {load.kind === 'ready' && <span className="muted sd-small">{plural(suppliers.length, 'supplier')} · {periodLabel}</span>}
      </div>
      <p className="muted sd-paragraph">
        Each supplier gets a ProClass category: <strong>from the file</strong> when your file carries a code, <strong>suggested</strong> by Pooled from what it has learned, or <strong>confirmed</strong> by
        someone here. Confirm or change a suggestion: the change applies to all of that supplier’s payments, past and future.
      </p>
      {load.kind === 'loading' && <p className="muted" role="status">Loading suppliers…</p>}
      {load.kind === 'unavailable' && <p className="muted" role="status">The supplier list is not available on this server yet.</p>}
      {load.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <span>Could not load suppliers: {load.message}</span>
          <button type="button" className="button button-secondary button-small" onClick={() => setOwnReload((n) => n + 1)}>Try again</button>
        </div>
      )}
      {load.kind === 'ready' && suppliers.length === 0 && <p className="muted">No suppliers yet: they appear once a spend file has been read.</p>}
      {load.kind === 'ready' && suppliers.length > 0 && (
        <>
          <div className="sd-toolbar">
            <label className="compact-field sd-filter" htmlFor={filterId}>
              <span>Find a supplier</span>
              <input id={filterId} className="text-input" type="search" placeholder="Name, code or category" value={query} onChange={(e) => { setQuery(e.target.value); setLimit(SUPPLIER_PAGE_SIZE) }} />
            </label>
            <label className="compact-field" htmlFor={sortId}>
              <span>Order by</span>
              <select id={sortId} className="select-input" value={sort} onChange={(e) => setSort(e.target.value as SupplierSort)}>
                <option value="spend">Spend, largest first</option>
                <option value="transactions">Number of payments</option>
                <option value="name">Name, A to Z</option>
              </select>
            </label>
          </div>
          {selected.size > 0 && <MergeBar orgId={orgId} suppliers={suppliers.filter((s) => selected.has(s.key))} onClear={() => setSelected(new Set())} onMerged={() => { setSelected(new Set()); refresh() }} />}
          <div className="sd-table-wrap">
            <table className="sd-table sd-suppliers" aria-label="Suppliers">
              <thead>
                <tr>
                  <th scope="col" className="sd-check"><span className="sd-visually-hidden">Select</span></th>
                  <th scope="col">Supplier</th>
                  <th scope="col" className="sd-num">Payments</th>
                  <th scope="col" className="sd-num">Spend</th>
                  <th scope="col">ProClass category</th>
                  <th scope="col">How it was set</th>
                  <th scope="col"><span className="sd-visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {shown.slice(0, limit).map((s) => (
                  <SupplierRow key={s.key} orgId={orgId} supplier={s} isSelected={selected.has(s.key)} onToggle={() => toggle(s.key)} onChanged={refresh} />
                ))}
              </tbody>
            </table>
          </div>
          {shown.length === 0 && <p className="muted sd-small">No supplier matches “{query}”.</p>}
          {shown.length > limit && (
            <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + SUPPLIER_PAGE_SIZE)}>
              Show more ({formatCount(shown.length - limit)} more suppliers)
            </button>
          )}
          {shown.length > 0 && shown.length <= limit && shown.length > SUPPLIER_PAGE_SIZE && <p className="muted sd-small">All {formatCount(shown.length)} suppliers shown.</p>}
        </>
      )}
      {load.kind === 'ready' && load.answer.withheld && load.answer.withheld.transactions > 0 && (
        <p className="sd-withheld" data-testid="withheld">
          Redacted or personal: {plural(load.answer.withheld.transactions, 'payment')}, {formatSpend(load.answer.withheld.totalPence)} — in totals, not counted as suppliers.
        </p>
      )}
    </section>
  )
}

function SupplierRow({ orgId, supplier, isSelected, onToggle, onChanged }: { orgId: string; supplier: SpendSupplier; isSelected: boolean; onToggle(): void; onChanged(): void }) {
  const taxonomy = useProclass()
  const [isChanging, setIsChanging] = useState(false)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const label = proclassLabel(taxonomy, supplier.proclassCode, supplier.proclassLabel)
  const otherNames = (supplier.names ?? []).filter((n) => n !== supplier.name)
  const isMerged = (supplier.names?.length ?? 0) > 1
  const confidence = formatConfidence(supplier.confidence)

  const run = async (action: () => Promise<unknown>) => {
    setIsBusy(true)
    setError(null)
    try {
      await action()
      setIsChanging(false)
      onChanged()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <>
      <tr data-supplier-key={supplier.key} className={isSelected ? 'sd-row-selected' : undefined}>
        <td className="sd-check">
          <input type="checkbox" checked={isSelected} onChange={onToggle} aria-label={`Select ${supplier.name}`} />
        </td>
        <th scope="row" className="sd-supplier-name">
          {supplier.name}
          {otherNames.length > 0 && (
            <span className="muted sd-small sd-block" title={otherNames.join('\n')}>
              also published as {otherNames.slice(0, 2).join(', ')}
              {otherNames.length > 2 && ` and ${otherNames.length - 2} more`}
            </span>
          )}
        </th>
        <td className="sd-num">{formatCount(supplier.transactions)}</td>
        <td className="sd-num sd-money">{formatSpend(supplier.totalPence)}</td>
        <td className="sd-category">
          {supplier.proclassCode ? (
            <span title={label ?? undefined}>
              <span className="sd-code">{supplier.proclassCode}</span> {shortLabel(label)}
            </span>
          ) : (
            <span className="muted">{NO_CODE_LABEL}</span>
          )}
          {supplier.reason && <span className="muted sd-small sd-block sd-reason">Why: {supplier.reason}</span>}
        </td>
        <td>
          {supplier.source ? <span className={`sd-pill sd-pill-${supplier.source}`}>{CODE_SOURCE_LABELS[supplier.source]}</span> : null}
          {confidence && supplier.source !== 'confirmed' && <span className="muted sd-small sd-block">{confidence} sure</span>}
        </td>
        <td className="sd-actions">
          <div>
          {supplier.source === 'learned' && supplier.proclassCode && (
            <button type="button" className="button button-secondary button-small" disabled={isBusy} aria-label={`Confirm ${supplier.proclassCode} for ${supplier.name}`} onClick={() => void run(() => setSupplierCode(orgId, supplier.key, supplier.proclassCode ?? ''))}>
              Confirm
            </button>
          )}
          <button type="button" className="button button-secondary button-small" aria-expanded={isChanging} aria-label={`Change the code of ${supplier.name}`} onClick={() => setIsChanging((v) => !v)}>
            {supplier.proclassCode ? 'Change' : 'Set code'}
          </button>
          {isMerged && (
            <button type="button" className="button button-secondary button-small" disabled={isBusy} aria-label={`Split ${supplier.name}`} onClick={() => void run(() => splitSupplier(orgId, supplier.key))}>
              Split
            </button>
          )}
          </div>
        </td>
      </tr>
      {(isChanging || error) && (
        <tr className="sd-subrow">
          <td />
          <td colSpan={6}>
            {isChanging && (
              <div className="sd-change">
                <ProclassSearch label={`New ProClass code for ${supplier.name}`} showLabel autoFocus disabled={isBusy} onPick={(entry) => void run(() => setSupplierCode(orgId, supplier.key, entry.code))} />
                <button type="button" className="button button-secondary button-small" onClick={() => setIsChanging(false)}>Cancel</button>
              </div>
            )}
            {error && <p className="field-error" role="alert">{error}</p>}
          </td>
        </tr>
      )}
    </>
  )
}

function MergeBar({ orgId, suppliers, onClear, onMerged }: { orgId: string; suppliers: readonly SpendSupplier[]; onClear(): void; onMerged(): void }) {
  const [name, setName] = useState('')
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const nameId = useId()
  const largest = [...suppliers].sort((a, b) => b.totalPence - a.totalPence)[0]
  const canMerge = suppliers.length >= 2

  const merge = async () => {
    setIsBusy(true)
    setError(null)
    try {
      await mergeSuppliers(orgId, suppliers.map((s) => s.key), name.trim() === '' ? undefined : name.trim())
      setName('')
      onMerged()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <div className="sd-mergebar" role="region" aria-label="Selected suppliers">
      <span>
        <strong>{plural(suppliers.length, 'supplier')} selected</strong>
        {!canMerge && <span className="muted"> · select another to merge them into one</span>}
        {canMerge && <span className="muted"> · {suppliers.map((s) => s.name).join(', ')}</span>}
      </span>
      {canMerge && (
        <>
          <label className="sd-visually-hidden" htmlFor={nameId}>Name after merging</label>
          <input id={nameId} className="text-input sd-merge-name" placeholder={`Name: ${largest?.name ?? ''}`} value={name} onChange={(e) => setName(e.target.value)} />
          <button type="button" className="button button-primary button-small" disabled={isBusy} onClick={() => void merge()}>
            {isBusy ? 'Merging…' : `Merge ${suppliers.length} suppliers`}
          </button>
        </>
      )}
      <button type="button" className="button button-secondary button-small" onClick={onClear}>Clear selection</button>
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </div>
  )
}
