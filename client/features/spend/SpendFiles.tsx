/**
 * The files in an organisation's dataset: name, period, payments, total and rows left out, with "Rows left out"
 * (every row refused, left out or repaired, with sheet and line) and Remove (asks first).
 */
import { useEffect, useState } from 'react'
import type { RowIssue, SpendFileSummary } from '../../../shared/schema/spend-api'
import { describeError } from '../../api/client'
import { getFileIssues, removeSpendFile, type FileIssues } from '../../api/spend'
import { formatDate } from '../../ui/format'
import { formatBytes, formatCount, formatSpend, issueSummary, plural } from './spend-format'

const ISSUE_PAGE_SIZE = 200

export function SpendFiles({ orgId, files, onRemoved }: { orgId: string; files: readonly SpendFileSummary[]; onRemoved(): void }) {
  if (files.length === 0) {
    return (
      <div className="empty-state">
        <p><strong>No spend files yet.</strong></p>
        <p className="muted">Add your organisation’s published spend files above. Their totals appear here once they are read.</p>
      </div>
    )
  }
  return (
    <ul className="org-list sd-files" aria-label="Spend files">
      {files.map((file) => <FileRow key={file.fileId} orgId={orgId} file={file} onRemoved={onRemoved} />)}
    </ul>
  )
}

function FileRow({ orgId, file, onRemoved }: { orgId: string; file: SpendFileSummary; onRemoved(): void }) {
  const [isConfirming, setIsConfirming] = useState(false)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [showIssues, setShowIssues] = useState(false)
  const issueCount = file.errorCount + file.skippedCount + file.recoveredCount
  const issues = issueSummary({ errors: file.errorCount, skipped: file.skippedCount, recovered: file.recoveredCount })

  const remove = async () => {
    setIsBusy(true)
    setError(null)
    try {
      await removeSpendFile(orgId, file.fileId)
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
          {file.periodLabel} · {plural(file.transactions, 'payment')} · {issues || 'every row read'}
        </span>
        <span className="muted org-row-sub">
          {file.kind === 'xlsx' ? 'Excel workbook' : 'CSV'}, {formatBytes(file.sizeBytes)} · added by {file.uploadedBy} on {formatDate(file.uploadedAt.slice(0, 10))}
        </span>
      </div>
      <span className="sd-file-total">{formatSpend(file.totalPence)}</span>
      {!isConfirming && (
        <div className="org-row-actions">
          {issueCount > 0 && (
            <button type="button" className="button button-secondary button-small" aria-expanded={showIssues} onClick={() => setShowIssues((v) => !v)}>
              {showIssues ? 'Hide rows left out' : 'Rows left out'}
            </button>
          )}
          <button type="button" className="button button-danger-quiet button-small" onClick={() => setIsConfirming(true)}>Remove</button>
        </div>
      )}
      {isConfirming && (
        <div className="confirm" role="alertdialog" aria-label={`Remove ${file.filename}?`}>
          <span>
            Remove {file.filename}? Its {plural(file.transactions, 'payment')} ({formatSpend(file.totalPence)}) leave your dataset and every board’s figures.
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

type IssueKind = 'refused' | 'left out' | 'repaired'

function FileIssuesView({ orgId, file }: { orgId: string; file: SpendFileSummary }) {
  const [issues, setIssues] = useState<FileIssues | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [limit, setLimit] = useState(ISSUE_PAGE_SIZE)

  useEffect(() => {
    const controller = new AbortController()
    getFileIssues(orgId, file.fileId, controller.signal).then(setIssues, (err: unknown) => !controller.signal.aborted && setError(describeError(err)))
    return () => controller.abort()
  }, [orgId, file.fileId])

  if (error) return <p className="field-error row-error" role="alert">Could not load the rows left out: {error}</p>
  if (!issues) return <p className="muted row-error" role="status">Loading the rows left out…</p>
  const rows: Array<RowIssue & { kind: IssueKind }> = [
    ...issues.errors.map((i) => ({ ...i, kind: 'refused' as const })),
    ...issues.skipped.map((i) => ({ ...i, kind: 'left out' as const })),
    ...issues.recovered.map((i) => ({ ...i, kind: 'repaired' as const })),
  ].sort((a, b) => (a.sheet ?? '').localeCompare(b.sheet ?? '') || a.line - b.line)
  const hasSheets = rows.some((r) => r.sheet !== undefined)
  return (
    <div className="sd-issues">
      <p className="muted sd-small">
        Rows of {file.filename} that are not in the totals (refused or left out), or were read after a repair. Line numbers are as in the file{hasSheets ? ', per sheet' : ''}.
      </p>
      <div className="sd-table-wrap">
        <table className="sd-table" aria-label={`Rows left out of ${file.filename}`}>
          <thead>
            <tr>
              {hasSheets && <th scope="col">Sheet</th>}
              <th scope="col" className="sd-num">Line</th>
              <th scope="col">What happened</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r, i) => (
              <tr key={`${r.kind}-${r.sheet ?? ''}-${r.line}-${i}`}>
                {hasSheets && <td>{r.sheet ?? ''}</td>}
                <td className="sd-num">{r.line}</td>
                <td>{r.kind}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + ISSUE_PAGE_SIZE)}>
          Show more ({formatCount(rows.length - limit)} not shown)
        </button>
      )}
    </div>
  )
}
