/**
 * "Add contract files": choose or drop OCDS JSON, Contracts Finder extract JSON or contract register CSV files; each
 * is sent as raw bytes, then its import job is polled (every 500 ms) and shown in a queue with a progress bar, what
 * the server is doing, Cancel, and the outcome: notices, contracts, notices already known, records left out.
 * The same queue rules as spend files (client/features/spend/spend-format.ts).
 */
import { useEffect, useId, useReducer, useRef, useState, type DragEvent } from 'react'
import type { ContractImportIssue, ContractImportJob, ContractImportResult } from '../../../shared/schema/contracts-api'
import { ApiError, describeError } from '../../api/client'
import { cancelContractImportJob, getContractImportJob, uploadContractFile } from '../../api/contracts'
import { isFinished, isPending, plural, progressView, queueReducer, restoreImports, savedImports, type QueueAction, type QueueItem } from '../spend/spend-format'
import { FORMAT_LABELS } from './contracts-format'

export const CONTRACT_IMPORT_POLL_MS = 500
const ACCEPTED = '.json,.csv,.txt,.xlsx,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

type Item = QueueItem<ContractImportJob>
const reducer = (items: readonly Item[], action: QueueAction<ContractImportJob>): Item[] => queueReducer<ContractImportJob>(items, action)

let nextLocalId = 0
const newLocalId = () => `c${Date.now().toString(36)}-${++nextLocalId}`
/** Where the imports still running are kept while people visit other pages (this tab only). */
const storageKey = (orgId: string) => `pooled:contract-imports:${orgId}`

function readStorage(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    // reason: storage can be disabled; the queue then simply starts empty.
    return null
  }
}

function writeStorage(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value)
  } catch {
    // reason: storage can be disabled or full; following imports across pages is a convenience.
  }
}

/** `fileNames`: the organisation's contract files by id, to name the file an upload duplicates. */
export function ContractUploads({ orgId, fileNames, onImported }: { orgId: string; fileNames: ReadonlyMap<string, string>; onImported(job: ContractImportJob): void }) {
  const [items, dispatch] = useReducer(reducer, orgId, (id) => restoreImports<ContractImportJob>(readStorage(storageKey(id))))
  const [isDragging, setIsDragging] = useState(false)
  const inputId = useId()
  // One file's bytes at a time.
  const sending = useRef<Promise<void>>(Promise.resolve())
  const itemsRef = useRef(items)
  itemsRef.current = items
  const onImportedRef = useRef(onImported)
  onImportedRef.current = onImported

  const addFiles = (files: readonly File[]) => {
    for (const file of files) {
      const localId = newLocalId()
      dispatch({ type: 'added', localId, filename: file.name, sizeBytes: file.size })
      sending.current = sending.current.then(() =>
        uploadContractFile(orgId, file, file.name).then(
          (importId) => dispatch({ type: 'accepted', localId, importId }),
          (error: unknown) => dispatch({ type: 'refused', localId, message: describeError(error), status: error instanceof ApiError ? error.status : 0 }),
        ),
      )
    }
  }

  useEffect(() => writeStorage(storageKey(orgId), savedImports(items)), [orgId, items])

  const hasPolling = items.some((i) => i.phase === 'importing' && isPending(i))
  useEffect(() => {
    if (!hasPolling) return
    let isLive = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      const open = itemsRef.current.filter((i): i is Extract<Item, { phase: 'importing' }> => i.phase === 'importing' && isPending(i))
      await Promise.all(
        open.map((item) =>
          getContractImportJob(item.importId).then(
            (job) => {
              if (!isLive) return
              dispatch({ type: 'polled', localId: item.localId, job })
              if (isFinished(job) && job.status === 'done') onImportedRef.current(job)
            },
            (error: unknown) => {
              if (!isLive) return
              if (error instanceof ApiError && error.isNotFound) {
                dispatch({ type: 'refused', localId: item.localId, status: 404, message: 'The server no longer knows this import (it may have restarted). If the file is not in the list below, upload it again.' })
              } else dispatch({ type: 'poll-failed', localId: item.localId, message: describeError(error) })
            },
          ),
        ),
      )
      if (isLive) timer = setTimeout(() => void tick(), CONTRACT_IMPORT_POLL_MS)
    }
    timer = setTimeout(() => void tick(), 0)
    return () => {
      isLive = false
      clearTimeout(timer)
    }
  }, [hasPolling])

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setIsDragging(false)
    addFiles(Array.from(event.dataTransfer.files))
  }

  return (
    <section className="card" aria-labelledby="ct-upload-heading">
      <h2 id="ct-upload-heading" className="card-title">Add contract files</h2>
      <div
        className={`sd-dropzone${isDragging ? ' sd-dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setIsDragging(true)
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setIsDragging(false)
        }}
        onDrop={onDrop}
        data-testid="contracts-dropzone"
      >
        <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" className="sd-dropzone-icon">
          <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p><strong>Drop your contract files here</strong>, or</p>
        <label htmlFor={inputId} className="button button-primary">Choose contract files…</label>
        <input
          id={inputId}
          className="sd-visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED}
          aria-label="Choose contract files"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []))
            e.target.value = ''
          }}
        />
        <p className="muted sd-small">
          Contract notices as published (Contracts Finder, Find a Tender, Public Contracts Scotland or Sell2Wales, in the OCDS JSON format, or a Contracts Finder
          extract), or your contract register as CSV or Excel (.xlsx), in the Transparency Code layout or with your own column names. A notice already imported by you or a partner is stored once.
        </p>
      </div>
      {items.length > 0 && (
        <ul className="sd-queue" aria-label="Uploads">
          {items.map((item) => (
            <QueueRow key={item.localId} item={item} fileNames={fileNames} onDismiss={() => dispatch({ type: 'dismissed', localId: item.localId })} onCancelled={(job) => dispatch({ type: 'polled', localId: item.localId, job })} />
          ))}
        </ul>
      )}
    </section>
  )
}

function QueueRow({ item, fileNames, onDismiss, onCancelled }: { item: Item; fileNames: ReadonlyMap<string, string>; onDismiss(): void; onCancelled(job: ContractImportJob): void }) {
  const view = progressView(item, 'record')
  const [cancelError, setCancelError] = useState<string | null>(null)
  const [isCancelling, setIsCancelling] = useState(false)
  const job = item.phase === 'importing' ? item.job : null
  const result = job?.status === 'done' ? job.result : undefined
  const showBar = item.phase === 'sending' || (item.phase === 'importing' && (job === null || !isFinished(job)))
  const isIndeterminate = item.phase === 'sending' || job === null || job.status === 'queued' || (job.status === 'running' && view.percent === 0)

  const cancel = async () => {
    if (item.phase !== 'importing') return
    setIsCancelling(true)
    setCancelError(null)
    try {
      onCancelled(await cancelContractImportJob(item.importId))
    } catch (error) {
      setCancelError(describeError(error))
    } finally {
      setIsCancelling(false)
    }
  }

  return (
    <li className={`sd-queue-row sd-tone-${view.tone}`} data-filename={item.filename} aria-label={`${item.filename}: ${view.status}`}>
      <div className="sd-queue-head">
        <span className="sd-queue-name">{item.filename}</span>
        <span className={`sd-status sd-status-${view.tone}`} data-testid="import-status">{view.status}</span>
        {item.phase === 'importing' && isPending(item) && (
          <button type="button" className="button button-secondary button-small" disabled={isCancelling} onClick={() => void cancel()}>
            {isCancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        {!isPending(item) && (
          <button type="button" className="button button-secondary button-small sd-dismiss" onClick={onDismiss} aria-label={`Hide ${item.filename} from this list`}>
            Hide
          </button>
        )}
      </div>
      {showBar && (
        <div
          className={`sd-progress${isIndeterminate ? ' sd-progress-waiting' : ''}`}
          role="progressbar"
          aria-label={`Reading ${item.filename}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={view.percent}
          aria-valuetext={`${view.percent}%: ${view.detail}`}
        >
          <div className="sd-progress-fill" style={{ width: `${view.percent}%` }} />
        </div>
      )}
      {item.phase === 'refused' ? (
        <p className="sd-queue-detail field-error" role="alert">{view.detail}</p>
      ) : job?.status === 'failed' ? (
        <p className="sd-queue-detail field-error" role="alert">This file could not be imported: {view.detail}</p>
      ) : result ? (
        <ImportOutcome result={result} filename={item.filename} duplicateName={result.duplicateOf ? fileNames.get(result.duplicateOf) : undefined} />
      ) : (
        <p className="sd-queue-detail muted" data-testid="import-detail">{view.detail}</p>
      )}
      {item.phase === 'importing' && item.pollError && isPending(item) && <p className="muted sd-small">Lost touch with the server ({item.pollError}); still trying…</p>}
      {cancelError && <p className="field-error" role="alert">{cancelError}</p>}
    </li>
  )
}

function ImportOutcome({ result, filename, duplicateName }: { result: ContractImportResult; filename: string; duplicateName: string | undefined }) {
  const [showIssues, setShowIssues] = useState(false)
  if (result.duplicateOf) {
    return (
      <p className="sd-queue-detail" data-testid="import-outcome" role="status">
        <strong>Already imported</strong> as {duplicateName ? <strong>{duplicateName}</strong> : 'a file in your list'}: the same content. Nothing was added twice.
      </p>
    )
  }
  const issues = [...result.errors, ...result.recovered]
  return (
    <div className="sd-queue-detail" data-testid="import-outcome" role="status">
      <p>
        <strong data-testid="import-notices">{plural(result.notices, 'notice')}</strong> and <strong data-testid="import-contracts">{plural(result.contracts, 'contract')}</strong> read
        <span className="muted"> · {FORMAT_LABELS[result.format]}</span>
        {result.noticesAlreadyKnown > 0 && <span className="muted"> · {plural(result.noticesAlreadyKnown, 'notice')} already known, stored once</span>}
        <span className="muted"> · {result.errors.length === 0 && result.recovered.length === 0 ? 'every record read' : [result.errors.length > 0 ? `${plural(result.errors.length, 'record')} left out` : '', result.recovered.length > 0 ? `${plural(result.recovered.length, 'record')} repaired` : ''].filter(Boolean).join(' · ')}</span>
      </p>
      {issues.length > 0 && (
        <button type="button" className="button button-secondary button-small" aria-expanded={showIssues} onClick={() => setShowIssues((v) => !v)}>
          {showIssues ? 'Hide records left out' : 'Records left out or repaired'}
        </button>
      )}
      {showIssues && <div className="sd-issues"><IssueTable issues={issues} filename={filename} /></div>}
    </div>
  )
}

const ISSUE_PAGE_SIZE = 200

/** Every record left out or repaired, with its place in the file and the reason. */
export function IssueTable({ issues, filename }: { issues: readonly ContractImportIssue[]; filename: string }) {
  const [limit, setLimit] = useState(ISSUE_PAGE_SIZE)
  const rows = [...issues].sort((a, b) => a.line - b.line)
  return (
    <>
      <div className="sd-table-wrap">
        <table className="sd-table" aria-label={`Records left out of ${filename}`}>
          <thead>
            <tr>
              <th scope="col">Where in the file</th>
              <th scope="col">What happened</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r, i) => (
              <tr key={`${r.line}-${r.code}-${i}`}>
                <td>{r.place}</td>
                <td>{r.kept ? 'kept, repaired' : 'left out'}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <button type="button" className="button button-secondary button-small sd-more" onClick={() => setLimit((n) => n + ISSUE_PAGE_SIZE)}>
          Show more ({rows.length - limit} not shown)
        </button>
      )}
    </>
  )
}
