/**
 * The lock shown on a contract only its organisation's members see, with what that means (words from
 * shared/domain/labels.ts). An inline SVG, so it looks the same without an emoji font.
 */
import { CONFIDENTIAL_LABEL, confidentialMeaning } from '../../shared/domain/labels'
import './ui.css'

/** A small padlock, drawn in the text colour. Decorative: the words beside it say what it means. */
export function LockIcon() {
  return (
    <svg className="lock-icon" width="10" height="12" viewBox="0 0 10 12" aria-hidden="true" focusable="false">
      <path d="M2.5 5V3.5a2.5 2.5 0 0 1 5 0V5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <rect x="0.5" y="5" width="9" height="6.5" rx="1.2" fill="currentColor" />
    </svg>
  )
}

export function ConfidentialMark({ orgName }: { orgName: string }) {
  const meaning = confidentialMeaning(orgName)
  return (
    <span className="confidential-mark" data-testid="contract-confidential" title={`${CONFIDENTIAL_LABEL}: ${meaning}`}>
      <LockIcon /> {CONFIDENTIAL_LABEL}: {meaning}
    </span>
  )
}
