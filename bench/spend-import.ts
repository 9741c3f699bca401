/**
 * Scenario `spend-import` (Pooled only; issue 11, "Measure"): a spend upload imported and classified while a live
 * board on the same server keeps moving.
 *
 *   npm run bench -- --only=spend-import --targets=pooled            (a) + a synthetic year of 250,000 rows
 *   npm run bench -- --only=spend-import --targets=pooled --quick    (a) + 50,000 rows
 *
 * The real server runs as a child process on loopback with a temp DATA_DIR (bench/targets/pooled.ts). One agent
 * process holds a board open with two stock y-websocket clients: a writer moves a shape every 50 ms and a reader
 * times each move's arrival (the board's delay; p50/p99/max). Uploaded, each by a fresh organisation:
 *   (a) the largest file in ../shared/data/spend, as published;
 *   (b) a synthetic year: that file's rows repeated with dates spread over 12 months and varied amounts, same header,
 *       written to a temp dir.
 * Each import is timed from the start of the upload until GET /api/spend/imports/:id says done (classification and
 * totals included). Also: rows per second, the server's peak RSS (VmRSS sampled every 100 ms, and VmHWM), and the
 * worker's own per-stage timings (SPEND_IMPORT_PROFILE=1, server/spend/import-worker.ts). Skipped when ../shared is
 * absent. Figures are for one machine only.
 */
import { createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { parseCsv } from '../shared/domain/csv'
import { decodeSpendFile, HEADER_SEARCH_RECORDS, mapColumns } from '../shared/domain/spend-import'
import type { ImportJob } from '../shared/schema/spend-api'
import { startAgent } from './lib/agents'
import type { BenchConfig } from './lib/config'
import { rssBytes, startRssPeak } from './lib/proc'
import { summarize, type Summary } from './lib/stats'
import { sleep } from './lib/wait'
import { freshDir, HOST } from './targets/server-process'
import type { Target, TargetStartOptions } from './targets/types'

/** Where the published files are: ../shared/data/spend from the repository root (SPEND_DATA_DIR overrides). */
export const SPEND_DATA_DIR = resolve(process.env.SPEND_DATA_DIR ?? '../shared/data/spend')
/** The target: 250,000 rows imported and classified in under 10 s, the live board's p99 under 100 ms. */
export const SPEND_TARGET = { rows: 250_000, seconds: 10, boardP99Ms: 100 }
const PROBE_EVERY_MS = 50

export const spendImportStartOptions: TargetStartOptions = {
  logLevel: 'warn',
  roomIdleUnloadMs: 30_000,
  env: { SPEND_IMPORT_PROFILE: '1', MAX_UPLOAD_BYTES: String(1024 * 1024 * 1024) },
}

export interface SpendImportRun {
  name: string
  file: string
  bytes: number
  /** Lines imported (the job's result). */
  rows: number
  /** Start of the upload → 202 (bytes streamed to disk, hashed and probed). */
  uploadMs: number
  /** Start of the upload → the job done (read, insert, supplier identities, classification, totals). */
  totalMs: number
  rowsPerSec: number
  /** Time in each stage the job reported, as seen by polling every 50 ms (first seen → next stage first seen). */
  stagesMs: Record<string, number>
  /** The worker's own timings (ms): readAndInsertMs (insertMs of it in SQLite), supplierIdentitiesMs, classifyMs, saveMs (totalsMs of it). */
  workerMs: Record<string, number> | null
  rssBeforeBytes: number
  rssPeakBytes: number
  /** 1-minute load average when the import started (2 cores here: above 2, other work competed for them). */
  loadAvg1: number
  /** The live board while this import ran: delay writer → reader (ms). */
  board: Summary & { sent: number }
}

export interface SpendImportResult {
  skipped?: string
  source?: string
  syntheticRows?: number
  /** The live board before any import, same length as the first import or 3 s. */
  idleBoard?: Summary & { sent: number }
  runs: SpendImportRun[]
  /** VmHWM of the server process at the end (its peak RSS since start). */
  serverHwmBytes?: number
  boardLost?: number
}

function largestFile(dir: string): string | null {
  let best: { path: string; size: number } | null = null
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) {
        const size = statSync(p).size
        if (!best || size > best.size) best = { path: p, size }
      }
    }
  }
  walk(dir)
  return (best as { path: string } | null)?.path ?? null
}

const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)

/**
 * A synthetic year from one CSV: its header, then its data rows repeated until `rows`, each copy with every date
 * column moved into one of the 12 months April 2025 – March 2026 (day 1–28) and the amount scaled by 0.50–1.49.
 * Rows whose date or amount does not parse are copied unchanged (so they are skipped or reported as in the original).
 */
export async function writeSyntheticYear(source: string, rows: number, out: string): Promise<{ rows: number; bytes: number }> {
  const { text } = decodeSpendFile(new Uint8Array(readFileSync(source)))
  const { records } = parseCsv(text)
  let headerAt = -1
  let columns: ReturnType<typeof mapColumns> = {}
  for (let i = 0; i < Math.min(records.length, HEADER_SEARCH_RECORDS); i++) {
    const m = mapColumns(records[i]?.fields ?? [])
    if (m.supplier && m.amount) {
      headerAt = i
      columns = m
      break
    }
  }
  if (headerAt < 0 || !columns.amount) throw new Error(`${source}: no spend header found`)
  const header = records[headerAt]?.fields ?? []
  const dateCols = header.map((h, i) => (/date/i.test(h) ? i : -1)).filter((i) => i >= 0)
  const amountCol = columns.amount.index
  const data = records.slice(headerAt + 1).filter((r) => r.fields.length > 1)
  if (data.length === 0) throw new Error(`${source}: no data rows`)
  const stream = createWriteStream(out)
  const write = (s: string) => (stream.write(s) ? Promise.resolve() : new Promise<void>((r) => stream.once('drain', () => r())))
  await write(header.map(csvField).join(',') + '\r\n')
  let written = 0
  let chunk: string[] = []
  for (let copy = 0; written < rows; copy++) {
    for (let i = 0; i < data.length && written < rows; i++, written++) {
      const fields = [...(data[i]?.fields ?? [])]
      const month = (copy * 5 + i) % 12 // 0 = April 2025
      const year = month < 9 ? 2025 : 2026
      const mm = String(((month + 3) % 12) + 1).padStart(2, '0')
      const dd = String((i % 28) + 1).padStart(2, '0')
      for (const c of dateCols) {
        const v = fields[c] ?? ''
        if (/^\d{4}-\d{2}-\d{2}/.test(v)) fields[c] = `${year}-${mm}-${dd}`
        else if (/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(v)) fields[c] = `${dd}/${mm}/${year}`
      }
      const amount = Number((fields[amountCol] ?? '').replace(/[£,\s]/g, ''))
      if ((fields[amountCol] ?? '').trim() !== '' && Number.isFinite(amount)) {
        const factor = 0.5 + ((copy * 37 + i * 11) % 100) / 100
        fields[amountCol] = (Math.round(amount * factor * 100) / 100).toFixed(2)
      }
      chunk.push(fields.map(csvField).join(','))
      if (chunk.length >= 5000) {
        await write(chunk.join('\r\n') + '\r\n')
        chunk = []
      }
    }
  }
  if (chunk.length) await write(chunk.join('\r\n') + '\r\n')
  await new Promise<void>((r, j) => stream.end((e?: Error | null) => (e ? j(e) : r())))
  return { rows: written, bytes: statSync(out).size }
}

async function signUp(base: string, n: number): Promise<{ token: string; orgId: string }> {
  const res = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `Spend Importer ${n}`,
      email: `spend.importer.${n}@pooled.invalid`,
      password: 'bench-password-0123',
      organisation: { name: `Spend Bench Council ${n}`, shortName: `SPEND${n}`, colour: '#2ca02c' },
    }),
  })
  if (res.status !== 201) throw new Error(`sign-up of the importer failed: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { token: string; user: { orgId: string } }
  return { token: body.token, orgId: body.user.orgId }
}

function vmHwmBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
  return m ? Number(m[1]) * 1024 : 0
}

async function importOnce(target: Target, base: string, who: { token: string; orgId: string }, path: string, profiles: Map<string, Record<string, number>>) {
  const bytes = new Uint8Array(readFileSync(path))
  const auth = { authorization: `Bearer ${who.token}` }
  const rssBefore = rssBytes(target.pid)
  const rss = startRssPeak(target.pid, 100)
  const t0 = performance.now()
  const res = await fetch(`${base}/api/orgs/${who.orgId}/spend/files?filename=${encodeURIComponent(basename(path))}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: bytes,
  })
  const uploadMs = performance.now() - t0
  if (res.status !== 202) throw new Error(`upload of ${basename(path)}: ${res.status} ${await res.text()}`)
  const { importId } = (await res.json()) as { importId: string }
  const stagesMs: Record<string, number> = {}
  let stage = 'Uploading'
  let stageAt = t0
  let job: ImportJob
  for (;;) {
    const r = await fetch(`${base}/api/spend/imports/${importId}`, { headers: auth })
    if (r.status !== 200) throw new Error(`GET /api/spend/imports/${importId}: ${r.status} ${await r.text()}`)
    job = (await r.json()) as ImportJob
    const now = performance.now()
    const seen = job.status === 'done' ? 'Done' : (job.stage ?? '').replace(/\d[\d,]*/g, 'N')
    if (seen !== stage) {
      stagesMs[stage] = (stagesMs[stage] ?? 0) + (now - stageAt)
      stage = seen
      stageAt = now
    }
    if (job.status !== 'queued' && job.status !== 'running') break
    if (now - t0 > 10 * 60_000) throw new Error(`import of ${basename(path)} still ${job.status} after 10 minutes (${job.stage})`)
    await sleep(50)
  }
  const totalMs = performance.now() - t0
  const rssPeak = rss.stop()
  if (job.status !== 'done' || !job.result) throw new Error(`import of ${basename(path)}: ${job.status} ${JSON.stringify(job.error ?? {})}`)
  // The worker's profile line may trail the done message by a moment.
  for (let i = 0; i < 40 && !profiles.has(job.result.fileId); i++) await sleep(25)
  return { importId, rows: job.result.transactions, uploadMs, totalMs, stagesMs, workerMs: profiles.get(job.result.fileId) ?? null, rssBefore, rssPeak }
}

export async function runSpendImport(target: Target, cfg: BenchConfig): Promise<SpendImportResult> {
  if (!existsSync(SPEND_DATA_DIR)) return { skipped: `${SPEND_DATA_DIR} absent`, runs: [] }
  const source = largestFile(SPEND_DATA_DIR)
  if (!source) return { skipped: `no files in ${SPEND_DATA_DIR}`, runs: [] }
  if (!/\.csv$/i.test(source)) return { skipped: `largest file ${source} is not a CSV (the synthetic year is built from CSV rows)`, runs: [] }
  const profiles = new Map<string, Record<string, number>>()
  target.onLine?.((line) => {
    const at = line.indexOf('spend-import-profile ')
    if (at < 0) return
    const p = JSON.parse(line.slice(at + 'spend-import-profile '.length)) as Record<string, number> & { fileId: string }
    profiles.set(p.fileId, p)
  })
  const syntheticRows = cfg.spendImport.syntheticRows
  const dir = freshDir('spend')
  const synthetic = join(dir, `synthetic-year-${syntheticRows}.csv`)
  const made = await writeSyntheticYear(source, syntheticRows, synthetic)
  const base = `http://${HOST}:${target.port}`
  const boardId = await target.createBoard('spend import: live board')
  const info = target.connectInfo(boardId)
  const agent = await startAgent('spend-board')
  const runs: SpendImportRun[] = []
  try {
    await agent.call('probe.start', { serverUrl: info.serverUrl, room: info.room, params: info.params, everyMs: PROBE_EVERY_MS })
    await sleep(3000)
    const idle = await agent.call<{ delays: number[]; sent: number }>('probe.take')
    const files: Array<{ name: string; path: string }> = [
      { name: 'largest published file', path: source },
      { name: `synthetic year, ${made.rows.toLocaleString('en-GB')} rows`, path: synthetic },
    ]
    let n = 0
    for (const f of files) {
      const who = await signUp(base, ++n)
      await agent.call('probe.take')
      const load = loadavg()[0] ?? 0
      const r = await importOnce(target, base, who, f.path, profiles)
      const board = await agent.call<{ delays: number[]; sent: number }>('probe.take')
      runs.push({
        name: f.name,
        file: f.path === source ? source : `${basename(f.path)} (from ${basename(source)})`,
        bytes: statSync(f.path).size,
        rows: r.rows,
        uploadMs: r.uploadMs,
        totalMs: r.totalMs,
        rowsPerSec: r.rows / (r.totalMs / 1000),
        stagesMs: r.stagesMs,
        workerMs: r.workerMs,
        rssBeforeBytes: r.rssBefore,
        rssPeakBytes: r.rssPeak,
        loadAvg1: load,
        board: { ...summarize(board.delays), sent: board.sent },
      })
      await sleep(1000)
    }
    const stop = await agent.call<{ lost: number }>('probe.stop')
    return {
      source,
      syntheticRows: made.rows,
      idleBoard: { ...summarize(idle.delays), sent: idle.sent },
      runs,
      serverHwmBytes: vmHwmBytes(target.pid),
      boardLost: stop.lost,
    }
  } finally {
    await agent.stop()
  }
}
