/**
 * The organisation's contract files: name, layout, notices and contracts read, notices already known, records left
 * out, with "Records left out" (each with its place in the file and the reason) and Remove (asks first).
 */
import { useEffect, useState } from 'react'
import type { ContractFileSummary } from '../../../shared/schema/contracts-api'
import { describeError } from '../../api/client'
import { getContractFileIssues, removeContractFile, type ContractFileIssues } from '../../api/contracts'
import { formatDate } from '../../ui/format'
import { formatBytes, plural } from '../spend/spend-format'
import { IssueTable } from './ContractUploads'
import { FORMAT_LABELS } from './contracts-format'

export function ContractFiles({ orgId, files, onRemoved }: { orgId: string; files: readonly ContractFileSummary[]; onRemoved(): void }) {
  if (files.length === 0) {
    return (
      <div className="empty-state" data-testid="contract-files-empty">
        <p><strong>No contract files yet.</strong></p>
        <p className="muted">Add your organisation’s contract notices or register above. Each file you add is listed here, with what was read from it.</p>
      </div>
    )
  }
  return (
    <ul className="org-list sd-files" aria-label="Contract files" data-testid="contract-files">
      {files.map((file) => <FileRow key={file.fileId} orgId={orgId} file={file} onRemoved={onRemoved} />)}
    </ul>
  )
}

function FileRow({ orgId, file, onRemoved }: { orgId: string; file: ContractFileSummary; onRemoved(): void }) {
  const [isConfirming, setIsConfirming] = useState(false)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [showIssues, setShowIssues] = useState(false)
  const issueCount = file.errorCount + file.recoveredCount
  const issues = [file.errorCount > 0 ? `${plural(file.errorCount, 'record')} left out` : '', file.recoveredCount > 0 ? `${plural(file.recoveredCount, 'record')} repaired` : ''].filter(Boolean).join(' · ')

  const remove = async () => {
    setIsBusy(true)
    setError(null)
    try {
      await removeContractFile(orgId, file.fileId)
      onRemoved()
    } catch (err) {
      setError(describeError(err))
      setIsBusy(false)
    }
  }

  return (
    <li className="org-row sd-file-row" data-file-id={file.fileId} aria-label={file.filename}>
      <div className="org-row-main">
        <span className="org-row-name">{file.filename}</span>
        <span className="muted org-row-sub">
          {plural(file.notices, 'notice')} · {plural(file.contracts, 'contract')}
          {file.noticesAlreadyKnown > 0 && ` · ${plural(file.noticesAlreadyKnown, 'notice')} already known`} · {issues || 'every record read'}
        </span>
        <span className="muted org-row-sub">
          {FORMAT_LABELS[file.format]}{file.publisher ? `, published by ${file.publisher}` : ''}, {formatBytes(file.sizeBytes)} · added by {file.uploadedBy} on {formatDate(file.uploadedAt.slice(0, 10))}
        </span>
      </div>
      {!isConfirming && (
        <div className="org-row-actions">
          {issueCount > 0 && (
            <button type="button" className="button button-secondary button-small" aria-expanded={showIssues} onClick={() => setShowIssues((v) => !v)}>
              {showIssues ? 'Hide records left out' : 'Records left out'}
            </button>
          )}
          <button type="button" className="button button-danger-quiet button-small" onClick={() => setIsConfirming(true)}>Remove</button>
        </div>
      )}
      {isConfirming && (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${file.filename}?`}>
          <span>
            Remove {file.filename}? Its {plural(file.contracts, 'contract')} leave your list, the forward plan and the opportunity finder, unless another file also holds them.
          </span>
          <button type="button" className="button button-danger button-small" disabled={isBusy} onClick={() => void remove()}>
            {isBusy ? 'Removing…' : 'Remove file'}
          </button>
          <button type="button" className="button button-secondary button-small" autoFocus onClick={() => setIsConfirming(false)}>Keep</button>
        </div>
      )}
      {error && <p className="field-error row-error" role="alert">{error}</p>}
      {showIssues && <FileIssuesView orgId={orgId} file={file} />}
    </li>
  )
}

function FileIssuesView({ orgId, file }: { orgId: string; file: ContractFileSummary }) {
  const [issues, setIssues] = useState<ContractFileIssues | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const controller = new AbortController()
    getContractFileIssues(orgId, file.fileId, controller.signal).then(setIssues, (err: unknown) => !controller.signal.aborted && setError(describeError(err)))
    return () => controller.abort()
  }, [orgId, file.fileId])
  if (error) return <p className="field-error row-error" role="alert">Could not load the records left out: {error}</p>
  if (!issues) return <p className="muted row-error" role="status">Loading the records left out…</p>
  return (
    <div className="sd-issues">
      <p className="muted sd-small">Records of {file.filename} that were left out, or read after a repair, with their place in the file.</p>
      <IssueTable issues={[...issues.errors, ...issues.recovered]} filename={file.filename} />
    </div>
  )
}
