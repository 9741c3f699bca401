/** The lock shown on a contract only its organisation's members see, with what that means (shared/domain/labels.ts). */
import { CONFIDENTIAL_LABEL, confidentialMeaning } from '../../shared/domain/labels'
import './ui.css'

export function ConfidentialMark({ orgName }: { orgName: string }) {
  const meaning = confidentialMeaning(orgName)
  return (
    <span className="confidential-mark" data-testid="contract-confidential" title={`${CONFIDENTIAL_LABEL}: ${meaning}`}>
      <span aria-hidden="true">🔒</span> {CONFIDENTIAL_LABEL}: {meaning}
    </span>
  )
}
