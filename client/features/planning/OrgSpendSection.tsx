/**
 * Spend by organisation for one category: every organisation's row (annual spend, suppliers, contract end, notes),
 * read-only with its badge, except my own organisation's, which I edit here (typed in £, stored as exact pence), and
 * the pooled total with its sources. A body whose figure comes from its spend data shows it read-only, with its
 * period and a link to the lines behind it (Pooled spend tab), instead of a hand row, even for my own organisation.
 */
import { useEffect, useState } from 'react'
import { setCurrentContractEnd, setOrgEntry } from '../../../shared/doc/planning-writers'
import { NOT_ENTERED } from '../../../shared/domain/current-contract'
import type { CategoryOrgView, CategoryView, OrgInfo } from '../../../shared/doc/planning-view'
import { isValidIsoDate, type IsoDate } from '../../../shared/domain/dates'
import type { Pence } from '../../../shared/domain/money'
import type { SpendLineId } from '../../../shared/domain/ids'
import { formatDate, formatMoney, formatShare, moneyInputValue, parseCountInput, parseMoneyInput, splitList, todayIso } from '../../ui/format'
import { useWriteStatus } from '../../sync/usePendingChanges'
import { SaveStatus } from './SaveStatus'
import { usePlanning } from './PlanningContext'
import { SpendImport } from './SpendImport'
import type { ImportedSpend } from './spend-import-filter'
import { TracedFigure } from './TracedFigure'
import { describeDataFigure } from '../../../shared/doc/data-spend'

export function OrgBadge({ org }: { org: OrgInfo }) {
  return (
    <span className="pl-org-badge" title={org.name}>
      <span className="pl-dot" style={{ background: org.colour }} />
      {org.shortName}
    </span>
  )
}

export function OrgSpendSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const myOrgId = planning.myOrgId
  const rows: { org: OrgInfo; view: CategoryOrgView | null }[] = planning.orgs.map((org) => ({ org, view: category.orgs.find((o) => o.org.id === org.id) ?? null }))
  for (const o of category.orgs) if (!rows.some((r) => r.org.id === o.org.id)) rows.push({ org: o.org, view: o })
  const mine = rows.find((r) => r.org.id === myOrgId) ?? null
  const others = rows.filter((r) => r.org.id !== myOrgId)
  return (
    <section className="pl-section" aria-labelledby="pl-spend-h">
      <h3 id="pl-spend-h">Spend by organisation</h3>
      <div className="pl-pooled-line">
        <span>Pooled annual spend</span>
        <TracedFigure figure={category.pooledSpend} label="Pooled annual spend">
          <strong data-testid="inspector-pooled-spend" data-pence={category.pooledSpend.value}>{formatMoney(category.pooledSpend.value)}</strong>
        </TracedFigure>
      </div>
      {mine?.view?.source === 'data' && <DataRow category={category} org={mine.org} view={mine.view} />}
      {mine && mine.view?.source !== 'data' && (planning.myOrgDoc ? <OwnEntryForm category={category} org={mine.org} view={mine.view} /> : <ReadOnlyRow org={mine.org} view={mine.view} note="You can view your organisation’s figures but not change them (viewer role)." />)}
      {!mine && <p className="pl-muted-small">Sign in as a member of an organisation to enter its figures.</p>}
      {others.map((r) => (r.view?.source === 'data' ? <DataRow key={r.org.id} category={category} org={r.org} view={r.view} /> : <ReadOnlyRow key={r.org.id} org={r.org} view={r.view} />))}
    </section>
  )
}

/** A body's figure from its spend data: read-only, with its period, its counts and the way to its lines. */
function DataRow({ category, org, view }: { category: CategoryView; org: OrgInfo; view: CategoryOrgView }) {
  const planning = usePlanning()
  const data = view.data
  if (!data) return null
  return (
    <div className="pl-org-row pl-org-row-data" data-testid="org-row" data-org-id={org.id} data-source="data">
      <div className="pl-org-row-head">
        <OrgBadge org={org} />
        <TracedFigure figure={view.annualSpend} label={`${org.shortName} annual spend`}>
          <strong data-testid="org-row-spend" data-pence={view.annualSpend.value}>{formatMoney(view.annualSpend.value)}</strong>
        </TracedFigure>
        {view.shareBps && <span className="pl-muted-small">{formatShare(view.shareBps.value)} of pooled</span>}
      </div>
      <p className="pl-muted-small" data-testid="org-row-data-source">
        From spend data · {describeDataFigure(data.periodLabel, data.transactions)}, {data.suppliers.toLocaleString('en-GB')} supplier{data.suppliers === 1 ? '' : 's'}{' '}
        <button type="button" className="pl-link-button" data-testid="org-row-lines" onClick={() => planning.openPanel('pooled', category.id, org.id)}>See the lines →</button>
      </p>
      {view.handSpend !== null && (
        <p className="pl-muted-small" data-testid="org-row-hand-unused">Entered by hand: {formatMoney(view.handSpend)}, kept but not counted while the data gives a figure.</p>
      )}
      {view.mainSuppliers.length > 0 && <p className="pl-muted-small">Largest suppliers: {view.mainSuppliers.slice(0, 5).join(', ')}</p>}
    </div>
  )
}

function ReadOnlyRow({ org, view, note }: { org: OrgInfo; view: CategoryOrgView | null; note?: string }) {
  return (
    <div className="pl-org-row" data-testid="org-row" data-org-id={org.id}>
      <div className="pl-org-row-head">
        <OrgBadge org={org} />
        {view?.hasEntry ? (
          <TracedFigure figure={view.annualSpend} label={`${org.shortName} annual spend`}>
            <strong data-testid="org-row-spend">{formatMoney(view.annualSpend.value)}</strong> <span className="pl-muted-small" data-testid="org-row-hand">entered by hand</span>
          </TracedFigure>
        ) : (
          <span className="pl-muted-small">No figures entered</span>
        )}
        {view?.shareBps && <span className="pl-muted-small">{formatShare(view.shareBps.value)} of pooled</span>}
      </div>
      {view?.hasEntry && (
        <dl className="pl-dl">
          <dt>Suppliers</dt>
          <dd>{view.supplierCount}{view.mainSuppliers.length > 0 ? `: ${view.mainSuppliers.join(', ')}` : ''}</dd>
          <dt>Current contract ends</dt>
          <dd data-testid="org-row-contract-end">{view.currentContract ? formatDate(view.currentContract.end) : '—'}</dd>
          {view.notes && (
            <>
              <dt>Notes</dt>
              <dd>{view.notes}</dd>
            </>
          )}
        </dl>
      )}
      {note && <p className="pl-muted-small">{note}</p>}
    </div>
  )
}

/** What the "current contract ends" field stands for: the current contract in Contracts below, or a new one. */
function currentContractHint(view: CategoryOrgView | null): string {
  const c = view?.currentContract
  if (!c) return 'Saved as your current contract: add its supplier and value under Contracts.'
  if (c.isDerived) return 'From an earlier version of this board: saved as your current contract when you save.'
  return `The end of your contract ${c.supplier ? `with ${c.supplier}` : `(supplier ${NOT_ENTERED})`}: the same record as under Contracts.`
}

interface EntryDraft {
  spend: string
  supplierCount: string
  suppliers: string
  contractEnd: string
  notes: string
}

const draftOf = (view: CategoryOrgView | null): EntryDraft => ({
  spend: view?.hasEntry ? moneyInputValue(view.annualSpend.value) : '',
  supplierCount: view?.hasEntry ? String(view.supplierCount) : '',
  suppliers: view?.mainSuppliers.join(', ') ?? '',
  contractEnd: view?.currentContract?.end ?? '',
  notes: view?.notes ?? '',
})

/** The entry fields an import sets: spend, supplier count and main suppliers, all from the imported lines. */
function draftFromImport(imported: ImportedSpend): Pick<EntryDraft, 'spend' | 'supplierCount' | 'suppliers'> {
  return { spend: moneyInputValue(imported.total), supplierCount: String(imported.supplierCount), suppliers: imported.mainSuppliers.join(', ') }
}

function OwnEntryForm({ category, org, view }: { category: CategoryView; org: OrgInfo; view: CategoryOrgView | null }) {
  const planning = usePlanning()
  const stored = draftOf(view)
  const storedKey = JSON.stringify(stored)
  const [draft, setDraft] = useState<EntryDraft>(stored)
  const [isDirty, setIsDirty] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<keyof EntryDraft | 'form', string>>>({})
  const saved = useWriteStatus(planning.myOrgDoc)
  // Keep the spend lines an import set, until someone types a different amount by hand.
  const sourceLineIds = view?.annualSpend.sources.flatMap((s) => (s.kind === 'spend-line' ? [s.lineId] : [])) ?? []

  useEffect(() => {
    if (!isDirty) setDraft(JSON.parse(storedKey) as EntryDraft)
  }, [storedKey, isDirty])

  const set = (key: keyof EntryDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setIsDirty(true)
  }

  const write = (annualSpend: Pence, lineIds: readonly SpendLineId[], d: EntryDraft): boolean => {
    const doc = planning.myOrgDoc
    if (!doc) return false
    const count = parseCountInput(d.supplierCount, 'Number of suppliers')
    const next: Partial<Record<keyof EntryDraft | 'form', string>> = {}
    if (!count.ok) next.supplierCount = count.error.message
    if (d.contractEnd !== '' && !isValidIsoDate(d.contractEnd)) next.contractEnd = 'Enter a real date.'
    const orgId = planning.myOrgId
    if (orgId === null) next.form = 'Sign in as a member of an organisation to enter its figures.'
    if (Object.keys(next).length > 0 || orgId === null) {
      setErrors(next)
      return false
    }
    // One save, one step: "current contract ends" is the end of this organisation's current contract (one contract
    // model), written first so an older board's date on the entry is moved into the contracts before the entry is
    // replaced; then the figures. A refused date writes nothing of the figures.
    let refused: Partial<Record<keyof EntryDraft | 'form', string>> | null = null
    doc.transact(() => {
      // A confidential current contract gets its new end where it is, in my organisation's confidential document.
      const contract = setCurrentContractEnd(doc, orgId, category.id, d.contractEnd === '' ? null : d.contractEnd, todayIso(), planning.myPrivateDoc ?? undefined)
      if (!contract.ok) {
        refused = { contractEnd: d.contractEnd === '' ? 'This body has a contract here: remove it under Contracts to clear its end date.' : contract.error.message }
        return
      }
      const result = setOrgEntry(doc, category.id, {
        annualSpend,
        supplierCount: count.ok ? count.value : 0,
        mainSuppliers: splitList(d.suppliers),
        notes: d.notes,
        sourceLineIds: [...lineIds],
      })
      if (!result.ok) refused = { form: result.error.message }
    })
    if (refused !== null) {
      setErrors(refused)
      return false
    }
    setErrors({})
    setIsDirty(false)
    saved.markWritten()
    return true
  }

  const submit = () => {
    const spend = parseMoneyInput(draft.spend)
    if (!spend.ok) {
      setErrors({ spend: spend.error.message })
      return
    }
    const keepLines = view?.hasEntry && spend.value === view.annualSpend.value ? sourceLineIds : []
    write(spend.value, keepLines, draft)
  }

  return (
    <form
      className="pl-org-row pl-org-row-own"
      data-testid="own-entry-form"
      aria-label={`${org.shortName} figures for ${category.name}`}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <div className="pl-org-row-head">
        <OrgBadge org={org} />
        <span className="pl-muted-small">Your organisation: only its editors can change these figures</span>
      </div>
      <div className="pl-grid-2">
        <div className="pl-field">
          <label className="pl-label" htmlFor={`spend-${category.id}`}>Annual spend (£)</label>
          <span className="pl-money">
            <span aria-hidden="true">£</span>
            <input
              id={`spend-${category.id}`}
              className="text-input pl-input"
              inputMode="decimal"
              placeholder="e.g. 125,000"
              value={draft.spend}
              aria-invalid={errors.spend !== undefined}
              onChange={(e) => set('spend', e.target.value)}
            />
          </span>
          {errors.spend ? <p className="field-error pl-error" role="alert">{errors.spend}</p> : sourceLineIds.length > 0 && !isDirty && <p className="pl-hint">From {sourceLineIds.length} imported spend lines</p>}
        </div>
        <div className="pl-field">
          <label className="pl-label" htmlFor={`count-${category.id}`}>Number of suppliers</label>
          <input id={`count-${category.id}`} className="text-input pl-input" inputMode="numeric" value={draft.supplierCount} onChange={(e) => set('supplierCount', e.target.value)} />
          {errors.supplierCount && <p className="field-error pl-error" role="alert">{errors.supplierCount}</p>}
        </div>
      </div>
      <div className="pl-field">
        <label className="pl-label" htmlFor={`sup-${category.id}`}>Main suppliers</label>
        <input id={`sup-${category.id}`} className="text-input pl-input" placeholder="Separate with commas" value={draft.suppliers} onChange={(e) => set('suppliers', e.target.value)} />
      </div>
      <div className="pl-grid-2">
        <div className="pl-field">
          <label className="pl-label" htmlFor={`end-${category.id}`}>Current contract ends</label>
          <input id={`end-${category.id}`} className="text-input pl-input" type="date" value={draft.contractEnd} onChange={(e) => set('contractEnd', e.target.value)} />
          {errors.contractEnd ? (
            <p className="field-error pl-error" role="alert">{errors.contractEnd}</p>
          ) : (
            <p className="pl-hint" data-testid="current-contract-hint">{currentContractHint(view)}</p>
          )}
        </div>
        <div className="pl-field">
          <label className="pl-label" htmlFor={`notes-${category.id}`}>Notes</label>
          <input id={`notes-${category.id}`} className="text-input pl-input" value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
        </div>
      </div>
      {errors.form && <p className="field-error pl-error" role="alert">{errors.form}</p>}
      <div className="pl-actions">
        <button type="submit" className="button button-primary button-small" disabled={!isDirty}>Save my figures</button>
        {isDirty && <button type="button" className="button button-secondary button-small" onClick={() => { setDraft(stored); setIsDirty(false); setErrors({}) }}>Undo changes</button>}
        {!isDirty && <SaveStatus status={saved.status} />}
      </div>
      <SpendImport
        category={category}
        onUse={(imported) => {
          const d = { ...draft, ...draftFromImport(imported) }
          setDraft(d)
          write(imported.total, imported.lineIds, d)
        }}
      />
    </form>
  )
}
