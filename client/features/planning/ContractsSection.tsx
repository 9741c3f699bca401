/**
 * Contracts in a category: every organisation's contracts (read-only with their badge), and an add/edit form for my
 * organisation's (supplier, start, end, extension options in months, total value in £, route, reference).
 */
import { useState } from 'react'
import { putContract, removeContract } from '../../../shared/doc/planning-writers'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { Contract } from '../../../shared/domain/category-plan'
import { isValidIsoDate, type IsoDate } from '../../../shared/domain/dates'
import { PROCUREMENT_ROUTES, type ProcurementRoute } from '../../../shared/domain/procurement-route'
import { ROUTE_LABELS } from '../../../shared/domain/labels'
import { formatDate, formatMoney, moneyInputValue, parseExtensionOptions, parseMoneyInput } from '../../ui/format'
import { OrgBadge } from './OrgSpendSection'
import { newPlanningId } from './planning-actions'
import { usePlanning } from './PlanningContext'

interface Draft {
  id: string | null
  supplier: string
  start: string
  end: string
  extensions: string
  value: string
  route: ProcurementRoute | ''
  reference: string
}

const EMPTY: Draft = { id: null, supplier: '', start: '', end: '', extensions: '', value: '', route: '', reference: '' }

export function ContractsSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const canEdit = planning.myOrgDoc !== null

  const save = () => {
    const doc = planning.myOrgDoc
    if (!doc || !draft) return
    if (draft.supplier.trim() === '') return setError('Enter the supplier’s name.')
    if (!isValidIsoDate(draft.start) || !isValidIsoDate(draft.end)) return setError('Enter the start and end dates.')
    if (draft.end < draft.start) return setError('The contract cannot end before it starts.')
    const value = parseMoneyInput(draft.value, { allowEmpty: true })
    if (!value.ok) return setError(`Value: ${value.error.message}`)
    const extensions = parseExtensionOptions(draft.extensions)
    if (!extensions.ok) return setError(extensions.error.message)
    const result = putContract(doc, {
      id: draft.id ?? newPlanningId(),
      categoryId: category.id,
      supplier: draft.supplier,
      start: draft.start as IsoDate,
      end: draft.end as IsoDate,
      extensionOptions: extensions.value,
      value: value.value,
      ...(draft.route !== '' ? { route: draft.route } : {}),
      ...(draft.reference.trim() !== '' ? { reference: draft.reference } : {}),
    })
    if (!result.ok) return setError(result.error.message)
    setError(null)
    setDraft(null)
  }

  const edit = (c: Contract) =>
    setDraft({ id: c.id, supplier: c.supplier, start: c.start, end: c.end, extensions: c.extensionOptions.join(', '), value: moneyInputValue(c.value), route: c.route ?? '', reference: c.reference ?? '' })

  return (
    <section className="pl-section" aria-labelledby="pl-contracts-h">
      <h3 id="pl-contracts-h">Contracts</h3>
      {category.contracts.length === 0 && <p className="pl-muted-small">No contracts entered yet.</p>}
      {category.contracts.length > 0 && (
        <table className="pl-table">
          <thead>
            <tr><th>Body</th><th>Supplier</th><th>Runs</th><th className="pl-num">Value</th><th /></tr>
          </thead>
          <tbody>
            {category.contracts.map((c) => (
              <tr key={c.id} className={category.expiredContractIds.includes(c.id) ? 'pl-row-expired' : undefined}>
                <td><OrgBadge org={planning.orgInfo(c.orgId)} /></td>
                <td>{c.supplier}{c.route && <div className="pl-muted-small">{ROUTE_LABELS[c.route]}</div>}</td>
                <td>
                  {formatDate(c.start)} – {formatDate(c.end)}
                  {c.extensionOptions.length > 0 && <div className="pl-muted-small">+ {c.extensionOptions.join(' + ')} months options</div>}
                </td>
                <td className="pl-num">{formatMoney(c.value)}</td>
                <td>
                  {canEdit && c.orgId === planning.myOrgId && (
                    <span className="pl-row-actions">
                      <button type="button" className="pl-link-button" onClick={() => edit(c)}>Edit</button>
                      <button type="button" className="pl-link-button pl-danger" onClick={() => planning.myOrgDoc && removeContract(planning.myOrgDoc, c.id)}>Remove</button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && !draft && <button type="button" className="button button-secondary button-small" onClick={() => setDraft(EMPTY)}>Add a contract</button>}
      {canEdit && draft && (
        <div className="pl-subform" role="group" aria-label={draft.id ? 'Edit contract' : 'New contract'}>
          <div className="pl-grid-2">
            <label className="pl-field"><span className="pl-label">Supplier</span><input className="text-input pl-input" value={draft.supplier} onChange={(e) => setDraft({ ...draft, supplier: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">Total value (£)</span><input className="text-input pl-input" inputMode="decimal" value={draft.value} placeholder="e.g. 480,000" onChange={(e) => setDraft({ ...draft, value: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">Start</span><input className="text-input pl-input" type="date" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">End</span><input className="text-input pl-input" type="date" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">Extension options (months)</span><input className="text-input pl-input" value={draft.extensions} placeholder="e.g. 12, 12" onChange={(e) => setDraft({ ...draft, extensions: e.target.value })} /></label>
            <label className="pl-field">
              <span className="pl-label">Route</span>
              <select className="text-input pl-input" value={draft.route} onChange={(e) => setDraft({ ...draft, route: e.target.value as ProcurementRoute | '' })}>
                <option value="">Not stated</option>
                {PROCUREMENT_ROUTES.map((r) => <option key={r} value={r}>{ROUTE_LABELS[r]}</option>)}
              </select>
            </label>
          </div>
          <label className="pl-field"><span className="pl-label">Reference (optional)</span><input className="text-input pl-input" value={draft.reference} onChange={(e) => setDraft({ ...draft, reference: e.target.value })} /></label>
          {error && <p className="field-error pl-error" role="alert">{error}</p>}
          <div className="pl-actions">
            <button type="button" className="button button-primary button-small" onClick={save}>{draft.id ? 'Save contract' : 'Add contract'}</button>
            <button type="button" className="button button-secondary button-small" onClick={() => { setDraft(null); setError(null) }}>Cancel</button>
          </div>
        </div>
      )}
    </section>
  )
}
