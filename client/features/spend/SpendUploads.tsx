/**
 * "Add spend files": choose or drop CSV/XLSX files; each is sent as raw bytes, then its import job is polled
 * (every 500 ms) and shown in a queue with a progress bar, what the server is doing, Cancel, and the outcome.
 * The server reads files in a worker, so the page stays live while it does.
 */
import { useEffect, useId, useReducer, useRef, useState, type DragEvent } from 'react'
import type { ImportJob } from '../../../shared/schema/spend-api'
import { ApiError, describeError } from '../../api/client'
import { cancelImportJob, getImportJob, uploadSpendFile } from '../../api/spend'
import { formatSpend, isFinished, isPending, issueSummary, plural, progressView, queueReducer, restoreImports, savedImports, type QueueItem } from './spend-format'

export const IMPORT_POLL_MS = 500
const ACCEPTED = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

let nextLocalId = 0
const newLocalId = () => `u${Date.now().toString(36)}-${++nextLocalId}`
/** Where the imports still running are kept while people visit other pages (this tab only). */
const storageKey = (orgId: string) => `pooled:spend-imports:${orgId}`

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

/** `fileNames`: the dataset's files by id, to name the file an upload duplicates. */
export function SpendUploads({ orgId, fileNames, onImported }: { orgId: string; fileNames: ReadonlyMap<string, string>; onImported(job: ImportJob): void }) {
  // Imports started before leaving the page are followed again on return.
  const [items, dispatch] = useReducer(queueReducer, orgId, (id) => restoreImports(readStorage(storageKey(id))))
  const [isDragging, setIsDragging] = useState(false)
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  // One file's bytes at a time: several 60 MB uploads at once would only slow each other down.
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
        uploadSpendFile(orgId, file, file.name).then(
          (importId) => dispatch({ type: 'accepted', localId, importId }),
          (error: unknown) => dispatch({ type: 'refused', localId, message: describeError(error), status: error instanceof ApiError ? error.status : 0 }),
        ),
      )
    }
  }

  useEffect(() => writeStorage(storageKey(orgId), savedImports(items)), [orgId, items])

  // Poll every unfinished import; a finished one is reported once.
  const hasPolling = items.some((i) => i.phase === 'importing' && isPending(i))
  useEffect(() => {
    if (!hasPolling) return
    let isLive = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      const open = itemsRef.current.filter((i): i is Extract<QueueItem, { phase: 'importing' }> => i.phase === 'importing' && isPending(i))
      await Promise.all(
        open.map((item) =>
          getImportJob(item.importId).then(
            (job) => {
              if (!isLive) return
              dispatch({ type: 'polled', localId: item.localId, job })
              if (isFinished(job) && job.status === 'done') onImportedRef.current(job)
            },
            (error: unknown) => {
              if (!isLive) return
              if (error instanceof ApiError && error.isNotFound) {
                // The server forgets finished jobs after a while, and all of them when it restarts.
                dispatch({ type: 'refused', localId: item.localId, status: 404, message: 'The server no longer knows this import (it may have restarted). If the file is not in the list below, upload it again.' })
              } else dispatch({ type: 'poll-failed', localId: item.localId, message: describeError(error) })
            },
          ),
        ),
      )
      if (isLive) timer = setTimeout(() => void tick(), IMPORT_POLL_MS)
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
    <section className="card" aria-labelledby="sd-upload-heading">
      <h2 id="sd-upload-heading" className="card-title">Add spend files</h2>
      <div
        className={`sd-dropzone${isDragging ? ' sd-dropzone-active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setIsDragging(true)
        }}
        onDragLeave={(e) => {
          // Moving over the zone's own text and button is not leaving it.
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setIsDragging(false)
        }}
        onDrop={onDrop}
        data-testid="spend-dropzone"
      >
        <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true" className="sd-dropzone-icon">
          <path d="M12 16V4m0 0-4.5 4.5M12 4l4.5 4.5M4 15v3.5A1.5 1.5 0 0 0 5.5 20h13a1.5 1.5 0 0 0 1.5-1.5V15" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p><strong>Drop your spend files here</strong>, or</p>
        <label htmlFor={inputId} className="button button-primary">Choose spend files…</label>
        <input
          id={inputId}
          ref={inputRef}
          className="sd-visually-hidden"
          type="file"
          multiple
          accept={ACCEPTED}
          aria-label="Choose spend files"
          onChange={(e) => {
            addFiles(Array.from(e.target.files ?? []))
            e.target.value = ''
          }}
        />
        <p className="muted sd-small">
          The “spend over £500” files your organisation publishes, as CSV or Excel (.xlsx): one file for a year, or one per month or quarter.
          Several files make one dataset; a file uploaded twice is counted once.
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

function QueueRow({ item, fileNames, onDismiss, onCancelled }: { item: QueueItem; fileNames: ReadonlyMap<string, string>; onDismiss(): void; onCancelled(job: ImportJob): void }) {
  const view = progressView(item)
  const [cancelError, setCancelError] = useState<string | null>(null)
  const [isCancelling, setIsCancelling] = useState(false)
  const job = item.phase === 'importing' ? item.job : null
  const result = job?.status === 'done' ? job.result : undefined
  const showBar = item.phase === 'sending' || (item.phase === 'importing' && (job === null || !isFinished(job)))
  // Nothing measurable yet (sending, waiting, or the first bytes not yet counted): a moving bar, not a stuck one.
  const isIndeterminate = item.phase === 'sending' || job === null || job.status === 'queued' || (job.status === 'running' && view.percent === 0)

  const cancel = async () => {
    if (item.phase !== 'importing') return
    setIsCancelling(true)
    setCancelError(null)
    try {
      onCancelled(await cancelImportJob(item.importId))
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
        <ImportOutcome result={result} duplicateName={result.duplicateOf ? fileNames.get(result.duplicateOf) : undefined} />
      ) : (
        <p className="sd-queue-detail muted" data-testid="import-detail">{view.detail}</p>
      )}
      {item.phase === 'importing' && item.pollError && isPending(item) && <p className="muted sd-small">Lost touch with the server ({item.pollError}); still trying…</p>}
      {cancelError && <p className="field-error" role="alert">{cancelError}</p>}
    </li>
  )
}

function ImportOutcome({ result, duplicateName }: { result: NonNullable<ImportJob['result']>; duplicateName: string | undefined }) {
  const issues = issueSummary({ errors: result.errors.length, skipped: result.skipped.length, recovered: result.recovered.length })
  if (result.duplicateOf) {
    return (
      <p className="sd-queue-detail" data-testid="import-outcome" role="status">
        <strong>Already imported</strong> as {duplicateName ? <strong>{duplicateName}</strong> : 'a file in your dataset'}: the same content ({plural(result.transactions, 'payment')}, {formatSpend(result.totalPence)}). Nothing was added twice.
      </p>
    )
  }
  return (
    <p className="sd-queue-detail" data-testid="import-outcome" role="status">
      <strong data-testid="import-transactions">{plural(result.transactions, 'payment')}</strong> totalling <strong data-testid="import-total">{formatSpend(result.totalPence)}</strong>
      {result.periodLabel && <span className="muted"> · {result.periodLabel}</span>}
      <span className="muted"> · {issues || 'every row read'}</span>
      {result.transactions === 0 && <span className="muted"> · no payments found</span>}
    </p>
  )
}
