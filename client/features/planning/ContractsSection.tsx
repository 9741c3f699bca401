/**
 * Contracts in a category: every organisation's contracts (read-only with their badge), and an add/edit form for my
 * organisation's (supplier, start, end, extension options in months, total value in £, route, reference). This is
 * the one place contracts are edited; "current contract ends" in the spend row is a shortcut to the current one.
 * Only the end is required: the shortcut creates a contract with just an end, to be completed here.
 * Beside them, read-only, the bodies' contracts imported from published notices and contract registers that are linked
 * to the category (`ImportedContractsTable`).
 * A contract of my organisation can be marked confidential: it then lives in my organisation's confidential document
 * (`<boardId>~private~<orgId>`), which only its members can open, and shows a lock. Ticking or unticking moves it
 * (same id) between the two documents (`placeContract`).
 */
import { useState } from 'react'
import { migrateEntryContractEnd, placeContract, putContract, removeContract } from '../../../shared/doc/planning-writers'
import { DERIVED_CONTRACT_NOTE, NOT_ENTERED } from '../../../shared/domain/current-contract'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { Contract } from '../../../shared/domain/category-plan'
import { isValidIsoDate, type IsoDate } from '../../../shared/domain/dates'
import { PROCUREMENT_ROUTES, type ProcurementRoute } from '../../../shared/domain/procurement-route'
import { CONFIDENTIAL_CAVEAT, CONFIDENTIAL_LABEL, confidentialMeaning, ROUTE_LABELS } from '../../../shared/domain/labels'
import { ConfidentialMark, LockIcon } from '../../ui/ConfidentialMark'
import { formatDate, formatMoney, moneyInputValue, parseExtensionOptions, parseMoneyInput } from '../../ui/format'
import { ImportedContractsTable } from './ImportedContractsTable'
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
  /** Only my organisation's members see it (it lives in the confidential document). */
  isConfidential: boolean
  /** Whether it was confidential when editing began (false for a new contract). */
  wasConfidential: boolean
}

const EMPTY: Draft = { id: null, supplier: '', start: '', end: '', extensions: '', value: '', route: '', reference: '', isConfidential: false, wasConfidential: false }

export function ContractsSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [error, setError] = useState<string | null>(null)
  const canEdit = planning.myOrgDoc !== null
  const myOrgName = planning.myOrgId === null ? '' : planning.orgInfo(planning.myOrgId).name

  const save = () => {
    const doc = planning.myOrgDoc
    const orgId = planning.myOrgId
    if (!doc || !draft || !orgId) return
    if (!isValidIsoDate(draft.end)) return setError('Enter the end date.')
    if (draft.start !== '' && !isValidIsoDate(draft.start)) return setError('Enter a real start date, or leave it empty.')
    if (draft.start !== '' && draft.end < draft.start) return setError('The contract cannot end before it starts.')
    const value = parseMoneyInput(draft.value, { allowEmpty: true })
    if (!value.ok) return setError(`Value: ${value.error.message}`)
    const extensions = parseExtensionOptions(draft.extensions)
    if (!extensions.ok) return setError(extensions.error.message)
    const contract = {
      id: draft.id ?? newPlanningId(),
      categoryId: category.id,
      supplier: draft.supplier,
      ...(draft.start !== '' ? { start: draft.start as IsoDate } : {}),
      end: draft.end as IsoDate,
      extensionOptions: extensions.value,
      ...(draft.value.trim() !== '' ? { value: value.value } : {}),
      ...(draft.route !== '' ? { route: draft.route } : {}),
      ...(draft.reference.trim() !== '' ? { reference: draft.reference } : {}),
    }
    // One step: the contract is written (nothing is, if it is refused), then an older board's "current contract
    // ends" date is moved out of the entry, so editing a derived contract replaces it and leaves no old date behind.
    // With my organisation's confidential document open, the contract goes where its box says and leaves the other.
    const privateDoc = planning.myPrivateDoc
    if (draft.isConfidential && !privateDoc) return setError('Your organisation’s confidential contracts are not open yet; try again in a moment.')
    let message: string | null = null
    doc.transact(() => {
      const put = privateDoc ? placeContract({ orgDoc: doc, privateDoc }, contract, draft.isConfidential) : putContract(doc, contract)
      if (!put.ok) message = put.error.message
      else migrateEntryContractEnd(doc, orgId, category.id, privateDoc ?? undefined)
    })
    if (message !== null) return setError(message)
    setError(null)
    setDraft(null)
  }

  const edit = (c: Contract) =>
    setDraft({ id: c.id, supplier: c.supplier, start: c.start ?? '', end: c.end, extensions: c.extensionOptions.join(', '), value: c.value === undefined ? '' : moneyInputValue(c.value), route: c.route ?? '', reference: c.reference ?? '', isConfidential: c.isConfidential === true, wasConfidential: c.isConfidential === true })

  const remove = (c: Contract) => {
    const doc = planning.myOrgDoc
    const orgId = planning.myOrgId
    if (!doc || !orgId) return
    const privateDoc = planning.myPrivateDoc
    doc.transact(() => {
      migrateEntryContractEnd(doc, orgId, category.id, privateDoc ?? undefined)
      removeContract(doc, c.id)
    })
    // A confidential contract lives in the confidential document (and, after a move cut short, perhaps in both).
    if (privateDoc) removeContract(privateDoc, c.id)
  }

  return (
    <section className="pl-section" aria-labelledby="pl-contracts-h">
      <h3 id="pl-contracts-h">Contracts</h3>
      {category.contracts.length === 0 && <p className="pl-muted-small">{category.importedContracts.length === 0 ? 'No contracts entered yet.' : 'No contracts entered by hand yet.'}</p>}
      {category.contracts.length > 0 && (
        <table className="pl-table">
          <thead>
            <tr><th>Body</th><th>Supplier</th><th>Runs</th><th className="pl-num">Value</th><th /></tr>
          </thead>
          <tbody>
            {category.contracts.map((c) => (
              <tr key={c.id} className={category.expiredContractIds.includes(c.id) ? 'pl-row-expired' : undefined} data-testid="contract-row" data-contract-id={c.id} data-end={c.end}>
                <td><OrgBadge org={planning.orgInfo(c.orgId)} /></td>
                <td>
                  {c.supplier || <span className="pl-muted-small">Supplier {NOT_ENTERED}</span>}
                  {c.route && <div className="pl-muted-small">{ROUTE_LABELS[c.route]}</div>}
                  {c.isDerived && <div className="pl-muted-small">{DERIVED_CONTRACT_NOTE}</div>}
                  {c.isConfidential && <div><ConfidentialMark orgName={planning.orgInfo(c.orgId).shortName} /></div>}
                </td>
                <td>
                  {c.start ? `${formatDate(c.start)} – ${formatDate(c.end)}` : `Ends ${formatDate(c.end)}`}
                  {c.extensionOptions.length > 0 && <div className="pl-muted-small">+ {c.extensionOptions.join(' + ')} months options</div>}
                </td>
                <td className="pl-num">{c.value === undefined ? <span className="pl-muted-small">{NOT_ENTERED}</span> : formatMoney(c.value)}</td>
                <td>
                  {canEdit && c.orgId === planning.myOrgId && (
                    <span className="pl-row-actions">
                      <button type="button" className="pl-link-button" onClick={() => edit(c)}>Edit</button>
                      <button type="button" className="pl-link-button pl-danger" onClick={() => remove(c)}>Remove</button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ImportedContractsTable contracts={category.importedContracts} expired={category.expiredContractIds} orgInfo={planning.orgInfo} />
      {planning.boardContractsError && <p className="pl-muted-small" role="status">Imported contracts could not be loaded: {planning.boardContractsError}</p>}
      {canEdit && !draft && <button type="button" className="button button-secondary button-small" onClick={() => setDraft(EMPTY)}>Add a contract</button>}
      {canEdit && draft && (
        <div className="pl-subform" role="group" aria-label={draft.id ? 'Edit contract' : 'New contract'}>
          <div className="pl-grid-2">
            <label className="pl-field"><span className="pl-label">Supplier</span><input className="text-input pl-input" value={draft.supplier} onChange={(e) => setDraft({ ...draft, supplier: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">Total value (£, optional)</span><input className="text-input pl-input" inputMode="decimal" value={draft.value} placeholder="e.g. 480,000" onChange={(e) => setDraft({ ...draft, value: e.target.value })} /></label>
            <label className="pl-field"><span className="pl-label">Start (optional)</span><input className="text-input pl-input" type="date" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} /></label>
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
          {planning.myPrivateDoc && (
            <div className="pl-field">
              <label className="pl-check">
                <input type="checkbox" data-testid="contract-confidential-toggle" checked={draft.isConfidential} onChange={(e) => setDraft({ ...draft, isConfidential: e.target.checked })} />
                <span><LockIcon /> {CONFIDENTIAL_LABEL} — {confidentialMeaning(myOrgName)}</span>
              </label>
              <p className="pl-muted-small" data-testid="contract-confidential-note">
                {draft.isConfidential && !draft.wasConfidential && draft.id !== null && <>Saving moves it out of the board’s shared data. {CONFIDENTIAL_CAVEAT}</>}
                {draft.isConfidential && !draft.wasConfidential && draft.id === null && <>It is never sent to people outside {myOrgName}; it still counts in your own renewal timeline.</>}
                {!draft.isConfidential && draft.wasConfidential && <>Saving shares it again with everyone who can read this board.</>}
                {draft.isConfidential === draft.wasConfidential && !draft.isConfidential && <>Everyone who can read this board sees it. Tick to keep it to {myOrgName} members.</>}
                {draft.isConfidential && draft.wasConfidential && <>Only {myOrgName} members see it.</>}
              </p>
            </div>
          )}
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

