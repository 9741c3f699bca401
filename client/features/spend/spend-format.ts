/**
 * Pure display rules of the Spend data page: money in full from integer pence, counts, confidence, the share of
 * spend by how its code was set, an import job's progress in words, and the supplier table's filter and order.
 */
import { apportionBps, formatBps, formatPence, type BasisPoints, type Pence } from '../../../shared/domain/money'
import type { CodeSource, ImportJob, OrgSpendDataset, SpendSupplier } from '../../../shared/schema/spend-api'
import { CODE_SOURCE_LABELS, NO_CODE_LABEL } from '../../../shared/spend/code-source'

/** `£1,234,567.89` from integer pence: spend figures are shown to the penny. */
export function formatSpend(pence: number): string {
  return formatPence(pence as Pence)
}

/** `17,035`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}

/** `12 payments` / `1 payment`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`
}

/** A 0..1 confidence as a whole percentage (`87%`); null when there is none. */
export function formatConfidence(confidence: number | null | undefined): string | null {
  if (confidence === null || confidence === undefined) return null
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`
}

/** File sizes as people read them: `2.8 MB`, `740 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** The deepest level of a ProClass label given as a path (`A › B › C` → `C`); empty for none. */
export function shortLabel(label: string | null | undefined): string {
  if (!label) return ''
  const parts = label.split(' › ')
  return parts[parts.length - 1] ?? label
}

export type CoverageKey = CodeSource | 'none'

export interface CoverageShare {
  readonly key: CoverageKey
  readonly label: string
  readonly pence: number
  /** Share of the spend in the four groups, in basis points; the shares add up to exactly 10,000. */
  readonly bps: number
  /** `37.5%`. */
  readonly percent: string
}

const COVERAGE_ORDER: readonly CoverageKey[] = ['file', 'confirmed', 'learned', 'none']

/**
 * The dataset's spend split by how its ProClass code was set (from the file, confirmed, suggested, none), as shares
 * that add up to 100%. Credits can make a group negative; a negative group counts as nothing. Empty when there is
 * no positive spend to share out.
 */
export function coverageShares(classified: OrgSpendDataset['classifiedPence']): CoverageShare[] {
  const pence = COVERAGE_ORDER.map((key) => Math.max(0, classified[key]))
  const shares = apportionBps(pence.map((p) => BigInt(p)))
  if (shares === null) return []
  return COVERAGE_ORDER.map((key, i) => {
    const bps = shares[i] ?? (0 as BasisPoints)
    return { key, label: key === 'none' ? NO_CODE_LABEL : CODE_SOURCE_LABELS[key], pence: pence[i] ?? 0, bps, percent: formatBps(roundBps(bps)) }
  })
}

/** To one decimal of a percent (10 bps), for display. */
function roundBps(bps: number): BasisPoints {
  return (Math.round(bps / 10) * 10) as BasisPoints
}

/** The share of spend that has any ProClass code, as `92.4%`; null when there is no spend. */
export function codedPercent(classified: OrgSpendDataset['classifiedPence']): string | null {
  const shares = coverageShares(classified)
  if (shares.length === 0) return null
  const none = shares.find((s) => s.key === 'none')?.bps ?? 0
  return formatBps(roundBps(10_000 - none))
}

// ---------- import jobs ----------

/** What the upload queue reads of an import job: spend and contracts imports share this shape. */
export type QueueJob = Pick<ImportJob, 'importId' | 'status' | 'rowsRead' | 'progress' | 'stage' | 'error'> & { readonly result?: { readonly duplicateOf?: string | undefined } | undefined }

/** An upload as the queue shows it: sending the bytes, refused by the server, or an import job the server runs. */
export type QueueItem<J extends QueueJob = ImportJob> =
  | { readonly localId: string; readonly filename: string; readonly sizeBytes: number; readonly phase: 'sending' }
  | { readonly localId: string; readonly filename: string; readonly sizeBytes: number; readonly phase: 'refused'; readonly message: string; readonly status: number }
  | {
      readonly localId: string
      readonly filename: string
      readonly sizeBytes: number
      readonly phase: 'importing'
      readonly importId: string
      readonly job: J | null
      /** The last poll failed (network); polling goes on. */
      readonly pollError?: string
    }

export type QueueAction<J extends QueueJob = ImportJob> =
  | { type: 'added'; localId: string; filename: string; sizeBytes: number }
  | { type: 'accepted'; localId: string; importId: string }
  | { type: 'refused'; localId: string; message: string; status: number }
  | { type: 'polled'; localId: string; job: J }
  | { type: 'poll-failed'; localId: string; message: string }
  | { type: 'dismissed'; localId: string }

/** The upload queue's state changes; in the order the files were chosen. A poll never moves a finished job back. */
export function queueReducer<J extends QueueJob = ImportJob>(items: readonly QueueItem<J>[], action: QueueAction<J>): QueueItem<J>[] {
  if (action.type === 'added') return [...items, { localId: action.localId, filename: action.filename, sizeBytes: action.sizeBytes, phase: 'sending' }]
  if (action.type === 'dismissed') return items.filter((i) => i.localId !== action.localId)
  return items.map((item): QueueItem<J> => {
    if (item.localId !== action.localId) return item
    const base = { localId: item.localId, filename: item.filename, sizeBytes: item.sizeBytes }
    switch (action.type) {
      case 'accepted':
        return { ...base, phase: 'importing', importId: action.importId, job: null }
      case 'refused':
        return { ...base, phase: 'refused', message: action.message, status: action.status }
      case 'polled':
        if (item.phase !== 'importing' || action.job.importId !== item.importId) return item
        if (item.job && isFinished(item.job)) return item
        return { ...base, phase: 'importing', importId: item.importId, job: action.job }
      case 'poll-failed':
        return item.phase === 'importing' ? { ...item, pollError: action.message } : item
    }
  })
}

/** What is kept of the queue across pages (sessionStorage): the imports still running, so the page can follow them again. */
export function savedImports(items: readonly QueueItem<QueueJob>[]): string {
  const open = items.flatMap((i) => (i.phase === 'importing' && isPending(i) ? [{ localId: i.localId, filename: i.filename, sizeBytes: i.sizeBytes, importId: i.importId }] : []))
  return JSON.stringify(open)
}

/** The queue restored from `savedImports`: each import followed again from its id. Anything unreadable is dropped. */
export function restoreImports<J extends QueueJob = ImportJob>(saved: string | null): QueueItem<J>[] {
  if (saved === null) return []
  let raw: unknown
  try {
    raw = JSON.parse(saved)
  } catch {
    // reason: storage written by another version or by hand; starting with an empty queue is the safe answer.
    return []
  }
  if (!Array.isArray(raw)) return []
  return raw.flatMap((r: unknown): QueueItem<J>[] => {
    if (typeof r !== 'object' || r === null) return []
    const { localId, filename, sizeBytes, importId } = r as Record<string, unknown>
    if (typeof localId !== 'string' || typeof filename !== 'string' || typeof sizeBytes !== 'number' || typeof importId !== 'string') return []
    return [{ localId, filename, sizeBytes, phase: 'importing', importId, job: null }]
  })
}

export function isFinished(job: Pick<ImportJob, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled'
}

/** True while the item still needs the server to answer (sending, or an import not yet finished). */
export function isPending(item: QueueItem<QueueJob>): boolean {
  if (item.phase === 'sending') return true
  if (item.phase === 'refused') return false
  return item.job === null || !isFinished(item.job)
}

export interface ProgressView {
  /** 0..100, whole numbers, for the progress bar. */
  readonly percent: number
  /** A short status: "Sending…", "Waiting to start", "Reading", "Imported", "Failed", "Cancelled", "Not accepted". */
  readonly status: string
  /** What is happening, in words ("Reading sheet Apr 18 · 4,200 rows read"). */
  readonly detail: string
  readonly tone: 'busy' | 'ok' | 'warn' | 'error'
}

/** How one queue item reads: percentage, status and detail. Done is 100% whatever the byte count said. `unit`: what a read row is. */
export function progressView(item: QueueItem<QueueJob>, unit = 'row'): ProgressView {
  if (item.phase === 'sending') return { percent: 0, status: 'Sending…', detail: `Sending ${formatBytes(item.sizeBytes)} to Pooled`, tone: 'busy' }
  if (item.phase === 'refused') return { percent: 0, status: item.status === 404 ? 'Not found' : 'Not accepted', detail: item.message, tone: 'error' }
  const job = item.job
  if (job === null) return { percent: 0, status: 'Waiting to start', detail: 'Accepted; waiting for the server to start reading it', tone: 'busy' }
  const rows = `${plural(job.rowsRead, unit)} read`
  switch (job.status) {
    case 'queued':
      return { percent: 0, status: 'Waiting to start', detail: job.stage ?? 'Waiting for the files before it to finish', tone: 'busy' }
    case 'running':
      return { percent: Math.min(99, Math.floor(job.progress * 100)), status: 'Reading', detail: job.stage ? `${job.stage} · ${rows}` : rows, tone: 'busy' }
    case 'done':
      return { percent: 100, status: job.result?.duplicateOf ? 'Already imported' : 'Imported', detail: rows, tone: job.result?.duplicateOf ? 'warn' : 'ok' }
    case 'failed':
      return { percent: Math.floor(job.progress * 100), status: 'Failed', detail: job.error?.message ?? 'The file could not be read.', tone: 'error' }
    case 'cancelled':
      return { percent: Math.floor(job.progress * 100), status: 'Cancelled', detail: 'Stopped; nothing from this file was kept', tone: 'warn' }
  }
}

/** `12 rows left out · 3 repaired` from a file's issue counts; empty when the file read cleanly. */
export function issueSummary(counts: { errors: number; skipped: number; recovered: number }): string {
  const parts: string[] = []
  if (counts.errors > 0) parts.push(`${plural(counts.errors, 'row')} refused`)
  if (counts.skipped > 0) parts.push(`${plural(counts.skipped, 'row')} left out`)
  if (counts.recovered > 0) parts.push(`${plural(counts.recovered, 'row')} repaired`)
  return parts.join(' · ')
}

// ---------- suppliers ----------

export type SupplierSort = 'spend' | 'name' | 'transactions'

/** Suppliers matching `query` (any of its words, in the name, other published names, code or code label), ordered. */
export function filterSuppliers(suppliers: readonly SpendSupplier[], query: string, sort: SupplierSort = 'spend'): SpendSupplier[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '')
  const hits =
    words.length === 0
      ? [...suppliers]
      : suppliers.filter((s) => {
          const text = [s.name, ...(s.names ?? []), s.proclassCode ?? '', s.proclassLabel ?? ''].join(' ').toLowerCase()
          return words.every((w) => text.includes(w))
        })
  const byName = (a: SpendSupplier, b: SpendSupplier) => a.name.localeCompare(b.name, 'en-GB')
  if (sort === 'name') return hits.sort(byName)
  if (sort === 'transactions') return hits.sort((a, b) => b.transactions - a.transactions || b.totalPence - a.totalPence || byName(a, b))
  return hits.sort((a, b) => b.totalPence - a.totalPence || byName(a, b))
}

/** How many rows the suppliers table shows at first, and adds with each "Show more". */
export const SUPPLIER_PAGE_SIZE = 200
