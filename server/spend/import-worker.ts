/**
 * The import worker: one upload per worker thread, with its own connection to the spend store. Streams the file
 * into spend lines, each with its automatic supplier key, in batches (a short transaction each, so the store is never
 * locked for long), matches supplier identities, classifies the organisation's lines and rebuilds its totals, then
 * marks the file ready. Until then the file is 'importing' and counts nowhere; on cancel or failure it is deleted with
 * its lines. The thread runs at a lower priority than the server's, and copies its WAL into the store at the end.
 *
 * In: workerData = ImportWorkerInput; message { type: 'cancel' }.
 * Out: { type: 'progress', rowsRead, bytesRead, totalBytes, stage } · { type: 'done', result } · { type: 'failed', code, message }.
 */
import { readFileSync, readlinkSync } from 'node:fs'
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import type { RowIssue } from '../../shared/schema/spend-api.ts'
import { describePeriod } from '../../shared/spend/period.ts'
import type { SpendPeriod } from '../../shared/spend/period.ts'
import type { IsoDate } from '../../shared/domain/dates.ts'
import { autoSupplierKey, WITHHELD_KEY } from '../../shared/spend/supplier-key.ts'
import { applySupplierIdentities, classifyOrgLines } from './classify-org.ts'
import { parseSpendFile, SpendFileError } from './parse-file.ts'
import type { ParsedLine } from './row-pipeline.ts'
import { openSpendDb } from './spend-db.ts'
import { rebuildOrgTotals } from './totals.ts'
import { isXlsxError } from './xlsx-error.ts'

export interface ImportWorkerInput {
  readonly dbFile: string
  readonly fileId: string
  readonly orgId: string
  readonly filename: string
  readonly path: string
  readonly kind: 'csv' | 'xlsx'
  readonly sha256: string
  readonly sizeBytes: number
  readonly uploadedBy: string
  readonly uploadedAt: string
}

/** At most this many issues of each kind are kept with the file; the count of the rest is said in one more entry. */
export const MAX_LISTED_ISSUES = 50_000
/**
 * Lines per write transaction. Each commit writes every index page it dirtied to the WAL, and the lines' supplier
 * keys land all over the (org_id, supplier_key) index, so small batches rewrite the same pages again and again: in a
 * micro-benchmark of 250,000 lines with 3,000 suppliers, 20,000-line batches took 40 % of the wall time of 2,000-line
 * ones. A batch holds the write lock for a fraction of a second, so the server's own writes still get in between.
 */
const BATCH = 20_000

/** SPEND_IMPORT_PROFILE=1: print one line of per-stage timings (ms) to stderr when an import finishes (the bench reads it). */
const isProfiling = process.env['SPEND_IMPORT_PROFILE'] === '1'
/** CPU time of this thread (ms, 10 ms ticks; Linux), so profiles on a busy machine still say where the work went. */
function threadCpuMs(): number {
  if (!isProfiling) return 0
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1')
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(rest[11]) + Number(rest[12])) * 10
  } catch {
    // reason: not Linux; the wall times stand alone.
    return 0
  }
}
const input = workerData as ImportWorkerInput
const abort = new AbortController()
parentPort?.on('message', (msg: { type?: string }) => {
  if (msg.type === 'cancel') abort.abort()
})

/**
 * Nice value of the import thread: when the cores are busy, the server's own thread (every board's edits) runs first
 * and the import takes what is left; on an idle machine it changes nothing. Linux gives each thread its own nice
 * value (setpriority on the thread's id); elsewhere the import keeps the process's priority.
 */
export const IMPORT_THREAD_NICE = 10
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, IMPORT_THREAD_NICE)
  } catch {
    // reason: not Linux, or not permitted; the import runs at the process's priority.
  }
}

/** Copy the WAL into the database file (PASSIVE: never waits for the server's readers); once per import. */
let isCheckpointed = false
function checkpoint(db: ReturnType<typeof openSpendDb>): void {
  if (isCheckpointed) return
  isCheckpointed = true
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // reason: a busy or failed checkpoint leaves the WAL for the next one; nothing is lost.
  }
}

function post(message: unknown): void {
  parentPort?.postMessage(message)
}

async function run(): Promise<void> {
  lowerThreadPriority()
  const db = openSpendDb(input.dbFile, 'import')
  // No checkpoints while the lines go in: one pass at the end copies each page once, instead of a checkpoint every
  // 4 MB of WAL copying the same index pages again and again (a quarter of the inserts' CPU on a year of lines here).
  db.pragma('wal_autocheckpoint = 0')
  db.prepare(
    `INSERT INTO spend_files (id, org_id, filename, sha256, size_bytes, kind, encoding, uploaded_by, uploaded_at, transactions, total_pence, issues_json, sheets_json, status)
     VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 0, 0, '{}', '[]', 'importing')`,
  ).run(input.fileId, input.orgId, input.filename, input.sha256, input.sizeBytes, input.kind, input.uploadedBy, input.uploadedAt)
  const insert = db.prepare(
    `INSERT INTO spend_lines (file_id, org_id, sheet, line, date, amount_pence, supplier_name, auto_key, supplier_key, withheld,
       company_number, vat_number, sic, purpose, unit, reference, file_code, file_label)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  // Each line goes in with its automatic supplier key (a pure function of the name, cached per distinct name), so
  // applySupplierIdentities afterwards rewrites only the lines that a shared number or a person's merge moves.
  const keyOfName = new Map<string, string>()
  const keyOf = (name: string): string => {
    let key = keyOfName.get(name)
    if (key === undefined) {
      key = autoSupplierKey(name)
      keyOfName.set(name, key)
    }
    return key
  }
  const timings: Record<string, number> = { insertMs: 0, insertCpuMs: 0 }
  const t0 = performance.now()
  const cpu0 = threadCpuMs()
  const insertBatch = db.transaction((batch: readonly ParsedLine[]) => {
    for (const l of batch) {
      const key = keyOf(l.supplierName)
      insert.run(input.fileId, input.orgId, l.sheet, l.line, l.date, l.amountPence, l.supplierName, key, key, key === WITHHELD_KEY ? 1 : 0,
        l.companyNumber, l.vatNumber, l.sic, l.purpose, l.unit, l.reference, l.fileCode, l.fileLabel)
    }
  })
  const flushBatch = (batch: readonly ParsedLine[]) => {
    const ts = performance.now()
    const cs = threadCpuMs()
    insertBatch(batch)
    timings['insertMs'] = (timings['insertMs'] ?? 0) + performance.now() - ts
    timings['insertCpuMs'] = (timings['insertCpuMs'] ?? 0) + threadCpuMs() - cs
  }
  // Wall ms of each stage as `<stage>Ms`, and the thread's CPU ms as `<stage>CpuMs`.
  let lastCpu = cpu0
  const lap = (name: string, since: number): number => {
    const now = performance.now()
    const cpu = threadCpuMs()
    timings[`${name}Ms`] = now - since
    timings[`${name}CpuMs`] = cpu - lastCpu
    lastCpu = cpu
    return now
  }
  let batch: ParsedLine[] = []
  let transactions = 0
  let totalPence = 0
  let from: string | null = null
  let to: string | null = null
  const months = new Set<string>()
  const issues: Record<'errors' | 'skipped' | 'recovered', RowIssue[]> = { errors: [], skipped: [], recovered: [] }
  const overflow = { errors: 0, skipped: 0, recovered: 0 }
  let bytesRead = 0
  let totalBytes = input.sizeBytes
  let lastPost = 0
  let stage = 'Reading the file'
  const progress = (force = false) => {
    const now = Date.now()
    if (!force && now - lastPost < 100) return
    lastPost = now
    post({ type: 'progress', rowsRead: transactions, bytesRead, totalBytes, stage })
  }
  try {
    const parsed = await parseSpendFile(
      input.path,
      input.kind,
      {
        line(l) {
          batch.push(l)
          transactions++
          totalPence += l.amountPence
          if (l.date !== null) {
            if (from === null || l.date < from) from = l.date
            if (to === null || l.date > to) to = l.date
            months.add(l.date.slice(0, 7))
          }
          if (batch.length >= BATCH) {
            flushBatch(batch)
            batch = []
            progress()
          }
        },
        issue(kind, issue) {
          if (issues[kind].length < MAX_LISTED_ISSUES) issues[kind].push(issue)
          else overflow[kind]++
        },
      },
      {
        signal: abort.signal,
        onBytes(read, total) {
          bytesRead = read
          totalBytes = total
          progress()
        },
      },
    )
    if (batch.length > 0) flushBatch(batch)
    batch = []
    if (abort.signal.aborted) throw new SpendFileError('cancelled', 'the import was cancelled')
    for (const kind of ['errors', 'skipped', 'recovered'] as const) {
      if (overflow[kind] > 0) issues[kind].push({ line: 0, code: 'more', reason: `and ${overflow[kind]} more rows like these, not listed` })
    }
    let t = lap('readAndInsert', t0)
    stage = 'Matching suppliers'
    progress(true)
    applySupplierIdentities(db, input.orgId)
    t = lap('supplierIdentities', t)
    stage = `Classifying ${transactions.toLocaleString('en-GB')} lines`
    progress(true)
    classifyOrgLines(db, input.orgId)
    t = lap('classify', t)
    if (abort.signal.aborted) throw new SpendFileError('cancelled', 'the import was cancelled')
    stage = 'Saving'
    progress(true)
    db.transaction(() => {
      db.prepare(
        `UPDATE spend_files SET status = 'ready', encoding = ?, transactions = ?, total_pence = ?, first_date = ?, last_date = ?, issues_json = ?, sheets_json = ? WHERE id = ?`,
      ).run(parsed.encoding, transactions, totalPence, from, to, JSON.stringify(issues), JSON.stringify(parsed.sheets), input.fileId)
      const tt = performance.now()
      const ct = threadCpuMs()
      rebuildOrgTotals(db, input.orgId)
      timings['totalsMs'] = performance.now() - tt
      timings['totalsCpuMs'] = threadCpuMs() - ct
    })()
    t = lap('save', t)
    // Before the answer: the job's owner ends this thread as soon as it hears (tried after it: the thread, at its lower
    // priority, was often ended before the checkpoint began, leaving the copy to the server's thread).
    checkpoint(db)
    lap('checkpoint', t)
    timings['totalMs'] = performance.now() - t0
    timings['totalCpuMs'] = threadCpuMs() - cpu0
    if (isProfiling) process.stderr.write(`spend-import-profile ${JSON.stringify({ fileId: input.fileId, transactions, ...timings })}\n`)
    const period: SpendPeriod = { from: from as IsoDate | null, to: to as IsoDate | null, months: months.size }
    post({
      type: 'done',
      result: {
        fileId: input.fileId,
        transactions,
        totalPence,
        errors: issues.errors,
        skipped: issues.skipped,
        recovered: issues.recovered,
        period,
        periodLabel: describePeriod(period),
      },
    })
  } catch (err) {
    db.prepare('DELETE FROM spend_files WHERE id = ?').run(input.fileId)
    // Before the answer: the job's owner ends this thread as soon as it hears. The server's connection must never
    // inherit a long WAL to copy on its own thread.
    checkpoint(db)
    const cancelled = abort.signal.aborted || (isXlsxError(err) && err.code === 'cancelled')
    if (cancelled) post({ type: 'cancelled' })
    else if (err instanceof SpendFileError || isXlsxError(err)) post({ type: 'failed', code: (err as { code: string }).code, message: (err as Error).message })
    else post({ type: 'failed', code: 'import-failed', message: err instanceof Error ? err.message : String(err) })
  } finally {
    checkpoint(db)
    db.close()
  }
}

void run()
