/**
 * A category's imported contracts (from published notices or contract registers), read-only beside the hand-entered
 * ones in the inspector: each with its body, title, supplier, where it comes from ("from published notices",
 * "from contract register", the file and place, the notice), how its end was found, why it is in the category, and
 * whether it counts in the renewal timeline. Changed only by importing again.
 */
import { describeEndBasis, IMPORTED_ORIGIN_LABELS } from '../../../shared/doc/imported-contracts'
import type { ImportedContractView, OrgInfo } from '../../../shared/doc/planning-view'
import { NOT_ENTERED } from '../../../shared/domain/current-contract'
import { formatDate, formatMoney } from '../../ui/format'
import { ConfidentialMark } from '../../ui/ConfidentialMark'
import { OrgBadge } from '../../ui/OrgBadge'

/** The bodies' imported contracts linked to the category: read-only, each labelled with where it comes from. */
export function ImportedContractsTable({ contracts, expired, orgInfo }: { contracts: readonly ImportedContractView[]; expired: readonly string[]; orgInfo: (orgId: string) => OrgInfo }) {
  if (contracts.length === 0) return null
  return (
    <div className="pl-imported" data-testid="imported-contracts">
      <h4 className="pl-subhead">Imported contracts <span className="pl-muted-small">(read-only; change them by importing again)</span></h4>
      <table className="pl-table">
        <thead>
          <tr><th>Body</th><th>Contract</th><th>Runs</th><th className="pl-num">Value</th></tr>
        </thead>
        <tbody>
          {contracts.map((k) => (
            <tr key={k.id} className={expired.includes(k.contractId) ? 'pl-row-expired' : undefined} data-testid="imported-contract-row" data-contract-id={k.id} data-end={k.end ?? ''}>
              <td><OrgBadge shortName={orgInfo(k.orgId).shortName} colour={orgInfo(k.orgId).colour} title={orgInfo(k.orgId).name} /></td>
              <td>
                <div>{k.title || k.supplier}</div>
                <div className="pl-muted-small">{k.supplier || `Supplier ${NOT_ENTERED}`}{k.reference !== '' ? ` · ref ${k.reference}` : ''}</div>
                <div className="pl-imported-source" data-testid="imported-contract-origin">
                  <span className="pl-imported-tag">{IMPORTED_ORIGIN_LABELS[k.origin]}</span>{' '}
                  <span className="pl-muted-small">
                    {k.source.filename}, {k.source.place}
                    {k.noticeIds.filter((id) => !k.source.place.includes(id)).length > 0 && <> · notice {k.noticeIds.join(', ')}</>}
                    {k.url !== '' && <> · <a href={k.url} target="_blank" rel="noreferrer">read the notice</a></>}
                  </span>
                </div>
                <div className="pl-muted-small" data-testid="imported-contract-reason">Linked: {k.linkReason.text}</div>
                {k.confidential === true && <div><ConfidentialMark orgName={orgInfo(k.orgId).name} /></div>}
              </td>
              <td>
                {k.end === null ? <span className="pl-muted-small">End {NOT_ENTERED}</span> : k.start ? `${formatDate(k.start)} – ${formatDate(k.end)}` : `Ends ${formatDate(k.end)}`}
                <div className="pl-muted-small" data-testid="imported-contract-end-basis">{describeEndBasis(k)}</div>
                {k.endWithExtensions !== null && k.end !== null && k.endWithExtensions > k.end && <div className="pl-muted-small">with extensions to {formatDate(k.endWithExtensions)}</div>}
                {!k.counts && <div className="pl-muted-small">Not in the renewal timeline: {k.leftOutBecause}</div>}
              </td>
              <td className="pl-num">{k.valuePence === null ? <span className="pl-muted-small">{NOT_ENTERED}</span> : formatMoney(k.valuePence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
