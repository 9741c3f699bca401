/**
 * The organisation's contracts: title, supplier, value, start and end (an estimated end marked "est." with the words
 * it was counted from), buyers and the partners of a joint procurement, and where each row came from. Filter by words
 * and by "ending within N months". Members mark the contracts their organisation imported as confidential.
 */
import { useId, useMemo, useState } from 'react'
import type { ContractRow } from '../../../shared/schema/contracts-api'
import { describeError } from '../../api/client'
import { setContractConfidential } from '../../api/contracts'
import { formatDate, todayIso } from '../../ui/format'
import { formatCount, plural } from '../spend/spend-format'
import { EstimateMark } from './EstimateMark'
import { endView, filterContracts, formatValue, hasEnded, jointPartners, summariseContracts } from './contracts-format'

const PAGE_SIZE = 100
const WINDOWS = [6, 12, 18, 24, 36] as const
const SOON_MONTHS = 18

export function ContractsTable({ orgId, orgName, contracts, onChanged }: { orgId: string; orgName: string; contracts: readonly ContractRow[]; onChanged(row: ContractRow): void }) {
  const [query, setQuery] = useState('')
  const [within, setWithin] = useState<string>('')
  const [limit, setLimit] = useState(PAGE_SIZE)
  const filterId = useId()
  const withinId = useId()
  const today = todayIso()
  const shown = useMemo(
    () => filterContracts(contracts, { text: query, endingWithinMonths: within === '' ? null : Number(within), today }),
    [contracts, query, within, today],
  )

  if (contracts.length === 0) {
    return (
      <div className="empty-state" data-testid="contracts-empty">
        <p><strong>No contracts yet.</strong></p>
        <p className="muted">Add the contract notices or the contract register {orgName} publishes above. Its contracts appear here once they are read.</p>
      </div>
    )
  }
  const summary = summariseContracts(contracts, today, SOON_MONTHS)
  const files = [...new Set(contracts.map((c) => c.source.filename))]
  return (
    <>
      <dl className="sd-figures ct-summary" data-testid="contracts-summary">
        <div>
          <dt>Contracts</dt>
          <dd>{formatCount(summary.total)}</dd>
          <dd className="muted sd-small" title={files.join('\n')}>from {files.length <= 2 ? files.join(' and ') : `${plural(files.length, 'file')} (yours, and partners’ for notices you share)`}</dd>
        </div>
        <div>
          <dt>Still running</dt>
          <dd>{formatCount(summary.running)}</dd>
          <dd className="muted sd-small">ending {formatDate(today)} or later{summary.runningEstimated > 0 ? `; ${formatCount(summary.runningEstimated)} of the ends estimated` : ''}</dd>
        </div>
        <div>
          <dt>Ending within {SOON_MONTHS} months</dt>
          <dd>{formatCount(summary.endingWithin)}</dd>
          <dd className="muted sd-small">worth starting to plan now</dd>
        </div>
        <div>
          <dt>Value still running</dt>
          <dd>{formatValue(summary.runningValuePence)}</dd>
          <dd className="muted sd-small">published values, added{summary.runningWithoutValue > 0 ? `; ${formatCount(summary.runningWithoutValue)} with no value published` : ''}</dd>
        </div>
      </dl>
      {summary.joint > 0 && <p className="muted sd-small">{plural(summary.joint, 'contract')} bought jointly with another body (marked “joint with …”).</p>}
      <div className="sd-toolbar" role="search" aria-label="Filter contracts">
        <div className="sd-filter ct-filter">
          <label className="field-label" htmlFor={filterId}>Find a contract</label>
          <input id={filterId} className="text-input" type="search" value={query} placeholder="Title, supplier, buyer, CPV code…" onChange={(e) => { setQuery(e.target.value); setLimit(PAGE_SIZE) }} />
        </div>
        <div>
          <label className="field-label" htmlFor={withinId}>Ending</label>
          <select id={withinId} className="text-input" value={within} onChange={(e) => { setWithin(e.target.value); setLimit(PAGE_SIZE) }}>
            <option value="">at any time</option>
            {WINDOWS.map((m) => <option key={m} value={String(m)}>within {m} months</option>)}
          </select>
        </div>
        <p className="muted sd-small" role="status" data-testid="contracts-count">
          {shown.length === contracts.length ? plural(contracts.length, 'contract') : `${formatCount(shown.length)} of ${plural(contracts.length, 'contract')}`}
        </p>
      </div>
      <div className="sd-table-wrap">
        <table className="sd-table ct-table" aria-label={`Contracts of ${orgName}`} data-testid="contracts-table">
          <thead>
            <tr>
              <th scope="col">Contract</th>
              <th scope="col">Supplier</th>
              <th scope="col" className="sd-num">Value</th>
              <th scope="col">Start</th>
              <th scope="col">End</th>
              <th scope="col">Who can see it</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((row) => <ContractTableRow key={row.id} orgId={orgId} orgName={orgName} row={row} today={today} onChanged={onChanged} />)}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="muted sd-small">No contract matches{query ? ` “${query}”` : ''}{within ? ` ending within ${within} months` : ''}.</p>}
      {shown.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + PAGE_SIZE)}>
          Show more ({formatCount(shown.length - limit)} more contracts)
        </button>
      )}
    </>
  )
}

function ContractTableRow({ orgId, orgName, row, today, onChanged }: { orgId: string; orgName: string; row: ContractRow; today: string; onChanged(row: ContractRow): void }) {
  const partners = jointPartners(row, orgName)
  const end = endView(row)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const isOurs = row.importedBy === orgId

  /** Shown at once; put back, with the reason, if the server refuses. */
  const toggleConfidential = async () => {
    const next = !row.confidential
    setIsBusy(true)
    setError(null)
    onChanged({ ...row, confidential: next })
    try {
      await setContractConfidential(orgId, row.id, next)
    } catch (err) {
      onChanged(row)
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <tr data-contract-id={row.id}>
      <th scope="row" className="ct-title-cell">
        {row.url ? <a href={row.url} target="_blank" rel="noreferrer">{row.title}</a> : row.title}
        <span className="muted sd-small sd-block">
          Bought by {row.buyers.join(', ') || 'a buyer not named'}
          {row.reference && <> · ref. {row.reference}</>}
        </span>
        {partners.length > 0 && (
          <span className="ct-chips" aria-label="Bought jointly with">
            {partners.map((name) => <span key={name} className="ct-chip" data-testid="joint-chip">joint with {name}</span>)}
          </span>
        )}
        <span className="muted sd-small sd-block">Source: {row.source.filename}, {row.source.place}</span>
      </th>
      <td>{row.supplier || <span className="muted">not published</span>}</td>
      <td className="sd-num sd-money">{row.valuePence === null ? <span className="muted">not published</span> : formatValue(row.valuePence)}</td>
      <td className="ct-date">{row.start ? formatDate(row.start) : <span className="muted">not known</span>}</td>
      <td className="ct-date">
        {row.end === null ? <span className="muted" title={end.explanation}>not known</span> : end.text}
        {end.isEstimated && <EstimateMark basis={end.explanation} />}
        {hasEnded(row.end, today) && <span className="muted sd-small sd-block" data-testid="ended">ended</span>}
        {!end.isEstimated && row.end !== null && row.endWithExtensions && row.endWithExtensions !== row.end && <span className="muted sd-small sd-block">{formatDate(row.endWithExtensions)} with extensions</span>}
      </td>
      <td className="ct-visibility">
        {isOurs ? (
          <label className="ct-toggle">
            <input type="checkbox" checked={row.confidential} disabled={isBusy} onChange={() => void toggleConfidential()} />
            <span>Confidential</span>
          </label>
        ) : null}
        <span className="muted sd-small sd-block">{row.confidential ? 'Only your organisation' : 'Everyone (published)'}</span>
        {error && <span className="field-error sd-block" role="alert">{error}</span>}
      </td>
    </tr>
  )
}
