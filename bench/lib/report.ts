/**
 * Turns the raw scenario results into the printed tables, the ratios Pooled/reference and Pooled/relay, and the
 * pass/fail verdict for each target of the issue.
 */
import type { BrowserResult } from '../scenarios/browser'
import type { ColdOpenResult } from '../scenarios/cold-open'
import type { DurabilityResult } from '../scenarios/durability'
import type { FanoutRow } from '../scenarios/fanout'
import type { IdleMemoryResult } from '../scenarios/idle-memory'
import type { ThroughputResult } from '../scenarios/throughput'
import type { ContractsImportResult } from '../contracts-import'
import { SPEND_TARGET, type SpendImportResult, type SpendImportRun } from '../spend-import'
import type { TargetName } from '../targets/types'
import { ratio, round } from './stats'
import { textTable, type Cell } from './table'

export type PerTarget<T> = Partial<Record<TargetName, T | { error: string }>>

export interface Results {
  fanout?: PerTarget<FanoutRow[]>
  throughput?: PerTarget<ThroughputResult>
  coldOpen?: PerTarget<ColdOpenResult>
  idleMemory?: PerTarget<IdleMemoryResult>
  durability?: PerTarget<DurabilityResult>
  browser?: PerTarget<BrowserResult>
  spendImport?: PerTarget<SpendImportResult>
  contractsImport?: PerTarget<ContractsImportResult>
}

export interface Verdict {
  target: string
  pooled: number | null
  reference: number | null
  ratio: number | null
  limit: string
  pass: boolean | null
}

const TARGETS: TargetName[] = ['pooled', 'reference', 'relay']
const MB = 1024 * 1024

function ok<T>(v: T | { error: string } | undefined): T | null {
  return v && typeof v === 'object' && 'error' in (v as object) ? null : ((v as T | undefined) ?? null)
}

function errorOf(v: unknown): string | null {
  return v && typeof v === 'object' && 'error' in v ? String((v as { error: unknown }).error) : null
}

/** Ratios Pooled/reference and Pooled/relay for one figure. */
export function ratios(p: number | null | undefined, ref: number | null | undefined, relay: number | null | undefined) {
  return { vsReference: round(ratio(p, ref)), vsRelay: round(ratio(p, relay)) }
}

export function fanoutAt(r: Results, t: TargetName, n: number): FanoutRow | null {
  return ok(r.fanout?.[t])?.find((row) => row.participants === n) ?? null
}

/** The throughput step at a given rate. */
function stepAt(r: ThroughputResult | null, rate: number | null) {
  return rate == null ? null : (r?.steps.find((s) => s.rate === rate && s.isHeld) ?? null)
}

export function verdicts(r: Results): Verdict[] {
  const out: Verdict[] = []
  const push = (target: string, pooled: number | null | undefined, reference: number | null | undefined, limit: number, isLower = true) => {
    const q = ratio(pooled, reference)
    out.push({ target, pooled: round(pooled), reference: round(reference), ratio: round(q), limit: `${isLower ? '≤' : '≥'} ${limit}× reference`, pass: q == null ? null : isLower ? q <= limit : q >= limit })
  }
  const big = Math.max(0, ...(ok(r.fanout?.pooled)?.map((x) => x.participants) ?? [])) || 200
  push(`fan-out p99 @${big} (ms)`, fanoutAt(r, 'pooled', big)?.allHave.p99, fanoutAt(r, 'reference', big)?.allHave.p99, 1.0)
  const tp = ok(r.throughput?.pooled)
  const tr = ok(r.throughput?.reference)
  // CPU per update is compared under the same load: the highest rate both held, else the lowest rate both ran.
  const bothRan = (tp?.steps ?? []).map((s) => s.rate).filter((rate) => tr?.steps.some((x) => x.rate === rate))
  const bothHeld = bothRan.filter((rate) => tp?.steps.find((s) => s.rate === rate)?.isHeld && tr?.steps.find((s) => s.rate === rate)?.isHeld)
  const commonRate = bothHeld.length ? Math.max(...bothHeld) : bothRan.length ? Math.min(...bothRan) : null
  const sp = tp?.steps.find((s) => s.rate === commonRate) ?? null
  const sr = tr?.steps.find((s) => s.rate === commonRate) ?? null
  push(`CPU per update, 100×5 @${commonRate ?? '?'}/s (µs)`, sp?.cpuPerUpdateUs, sr?.cpuPerUpdateUs, 0.35)
  // A target that ran but held no step held 0 updates/s.
  const heldP = tp ? (tp.maxRateHeld ?? 0) : null
  const heldR = tr ? (tr.maxRateHeld ?? 0) : null
  if (heldP != null && heldR === 0) {
    // Reference held nothing: Pooled passes by holding any step; if neither held one there is no verdict.
    out.push({ target: 'throughput held (updates/s)', pooled: heldP, reference: 0, ratio: null, limit: '≥ 2× reference', pass: heldP > 0 ? true : null })
  } else push('throughput held (updates/s)', heldP, heldR, 2, false)
  push(`CPU per delivery @${big} (µs)`, fanoutAt(r, 'pooled', big)?.cpuPerDeliveryUs, fanoutAt(r, 'reference', big)?.cpuPerDeliveryUs, 0.8)
  push('cold open after restart, all records (ms)', ok(r.coldOpen?.pooled)?.restarted?.allMs, ok(r.coldOpen?.reference)?.restarted?.allMs, 0.5)
  push('idle memory per board (bytes)', ok(r.idleMemory?.pooled)?.rssPerBoardBytes, ok(r.idleMemory?.reference)?.rssPerBoardBytes, 0.75)
  const b = ok(r.browser?.pooled)
  out.push({ target: 'browser interactive (ms)', pooled: round(b?.interactiveMs), reference: null, ratio: null, limit: '< 2000 ms', pass: b ? b.interactiveMs < 2000 : null })
  out.push({ target: 'browser remote render p50 (ms)', pooled: round(b?.remoteRender.p50), reference: null, ratio: null, limit: '< 50 ms', pass: b?.remoteRender.p50 != null ? b.remoteRender.p50 < 50 : null })
  const si = ok(r.spendImport?.pooled)
  const year = si?.runs.find((x) => x.name.startsWith('synthetic')) ?? null
  if (si && !si.skipped) {
    // The verdict is the issue's: a synthetic year of 250,000 rows (a --quick run's smaller year gets no verdict).
    const isFullYear = (si.syntheticRows ?? 0) >= SPEND_TARGET.rows
    out.push({ target: `spend import, synthetic ${si.syntheticRows?.toLocaleString('en-GB')} rows (s)`, pooled: round(year ? year.totalMs / 1000 : null), reference: null, ratio: null, limit: `< ${SPEND_TARGET.seconds} s @${SPEND_TARGET.rows.toLocaleString('en-GB')}`, pass: year && isFullYear ? year.totalMs < SPEND_TARGET.seconds * 1000 : null })
    out.push({ target: 'live board p99 during that import (ms)', pooled: round(year?.board.p99), reference: null, ratio: null, limit: `< ${SPEND_TARGET.boardP99Ms} ms`, pass: year?.board.p99 != null ? year.board.p99 < SPEND_TARGET.boardP99Ms : null })
  }
  return out
}

/** All figures with their ratios, for latest.json. */
export function ratioTable(r: Results): Record<string, { pooled: number | null; reference: number | null; relay: number | null; vsReference: number | null; vsRelay: number | null }> {
  const rows: Record<string, [number | null | undefined, number | null | undefined, number | null | undefined]> = {}
  for (const row of ok(r.fanout?.pooled) ?? []) {
    const n = row.participants
    const g = (t: TargetName) => fanoutAt(r, t, n)
    rows[`fanout.${n}.allHave.p50Ms`] = [g('pooled')?.allHave.p50, g('reference')?.allHave.p50, g('relay')?.allHave.p50]
    rows[`fanout.${n}.allHave.p99Ms`] = [g('pooled')?.allHave.p99, g('reference')?.allHave.p99, g('relay')?.allHave.p99]
    rows[`fanout.${n}.allHave.maxMs`] = [g('pooled')?.allHave.max, g('reference')?.allHave.max, g('relay')?.allHave.max]
    rows[`fanout.${n}.cpuPerUpdateUs`] = [g('pooled')?.cpuPerUpdateUs, g('reference')?.cpuPerUpdateUs, g('relay')?.cpuPerUpdateUs]
    rows[`fanout.${n}.cpuPerDeliveryUs`] = [g('pooled')?.cpuPerDeliveryUs, g('reference')?.cpuPerDeliveryUs, g('relay')?.cpuPerDeliveryUs]
    rows[`fanout.${n}.rssPeakMB`] = [g('pooled')?.rssPeakBytes, g('reference')?.rssPeakBytes, g('relay')?.rssPeakBytes].map((v) => (v == null ? v : v / MB)) as never
  }
  const tp = (t: TargetName) => ok(r.throughput?.[t])
  rows['throughput.maxRateHeld'] = [tp('pooled')?.maxRateHeld, tp('reference')?.maxRateHeld, tp('relay')?.maxRateHeld]
  rows['throughput.cpuPerUpdateUs'] = [tp('pooled')?.cpuPerUpdateUs, tp('reference')?.cpuPerUpdateUs, tp('relay')?.cpuPerUpdateUs]
  rows['throughput.allInCpuPerUpdateUs'] = [tp('pooled')?.allInCpuPerUpdateUs, tp('reference')?.allInCpuPerUpdateUs, tp('relay')?.allInCpuPerUpdateUs]
  const co = (t: TargetName) => ok(r.coldOpen?.[t])
  for (const k of ['loaded', 'unloaded', 'restarted'] as const) {
    rows[`coldOpen.${k}.syncedMs`] = [co('pooled')?.[k]?.syncedMs, co('reference')?.[k]?.syncedMs, co('relay')?.[k]?.syncedMs]
    rows[`coldOpen.${k}.allMs`] = [co('pooled')?.[k]?.allMs, co('reference')?.[k]?.allMs, co('relay')?.[k]?.allMs]
    rows[`coldOpen.${k}.bytes`] = [co('pooled')?.[k]?.bytes, co('reference')?.[k]?.bytes, co('relay')?.[k]?.bytes]
  }
  const im = (t: TargetName) => ok(r.idleMemory?.[t])
  rows['idleMemory.rssPerBoardBytes'] = [im('pooled')?.rssPerBoardBytes, im('reference')?.rssPerBoardBytes, im('relay')?.rssPerBoardBytes]
  rows['idleMemory.rssRetainedPerBoardBytes'] = [im('pooled')?.rssRetainedPerBoardBytes, im('reference')?.rssRetainedPerBoardBytes, im('relay')?.rssRetainedPerBoardBytes]
  const du = (t: TargetName) => ok(r.durability?.[t])
  rows['durability.single.updatesPerSec'] = [du('pooled')?.single.updatesPerSec, du('reference')?.single.updatesPerSec, du('relay')?.single.updatesPerSec]
  rows['durability.burst.updatesPerSec'] = [du('pooled')?.burst.updatesPerSec, du('reference')?.burst.updatesPerSec, du('relay')?.burst.updatesPerSec]
  const out: ReturnType<typeof ratioTable> = {}
  for (const [k, [p, ref, rel]] of Object.entries(rows)) {
    out[k] = { pooled: round(p), reference: round(ref), relay: round(rel), ...ratios(p, ref, rel) }
  }
  return out
}

/** "stage wall s (CPU s)" for the worker's stages of one spend import, and the worker's start before them. */
export function spendStages(x: SpendImportRun): string {
  const w = x.workerMs
  if (!w) return 'no worker profile'
  const s = (k: string) => `${((w[`${k}Ms`] ?? 0) / 1000).toFixed(2)} s (CPU ${((w[`${k}CpuMs`] ?? 0) / 1000).toFixed(2)})`
  const reading = x.stagesMs['Reading the file']
  const boot = reading === undefined ? null : (reading - (w['readAndInsertMs'] ?? 0)) / 1000
  return [
    `upload ${(x.uploadMs / 1000).toFixed(2)} s`,
    `worker start ≈ ${boot == null ? 'n/a' : boot.toFixed(2)} s`,
    `read+parse+insert ${s('readAndInsert')} of which SQLite inserts ${s('insert')}`,
    `supplier identities ${s('supplierIdentities')}`,
    `classify ${s('classify')}`,
    `save+totals ${s('save')}`,
    `checkpoint ${s('checkpoint')}`,
    `worker total ${s('total')}`,
  ].join(', ')
}

export function printTables(r: Results): string {
  const parts: string[] = []
  const errRows: Cell[][] = []
  for (const [scenario, per] of Object.entries(r)) for (const t of TARGETS) {
    const e = errorOf((per as PerTarget<unknown>)[t])
    if (e) errRows.push([scenario, t, e.slice(0, 160)])
  }
  if (r.fanout) {
    const rows: Cell[][] = []
    for (const t of TARGETS) for (const x of ok(r.fanout[t]) ?? []) {
      rows.push([t, x.participants, x.writes, x.allHave.p50, x.allHave.p99, x.allHave.max, x.incompleteWrites, x.cpuPerUpdateUs, x.cpuPerDeliveryUs, x.rssPeakBytes / MB, x.serverCpuShare * 100, x.clientCpuShare * 100])
    }
    parts.push('Fan-out: time until every other participant has a write (ms)\n' + textTable(['target', 'N', 'writes', 'p50', 'p99', 'max', 'lost', 'cpu/upd µs', 'cpu/deliv µs', 'RSS MB', 'srv cpu %', 'clients cpu %'], rows))
  }
  if (r.throughput) {
    const rows: Cell[][] = []
    for (const t of TARGETS) for (const s of ok(r.throughput[t])?.steps ?? []) {
      rows.push([t, s.rate, s.sendRate, s.allHave.p50, s.allHave.p99, s.allHave.max, s.incompleteWrites, s.cpuPerUpdateUs, s.serverCpuShare * 100, s.clientCpuShare * 100, s.isHeld ? 'held' : (s.failure ?? 'failed')])
    }
    const held = TARGETS.map((t) => `${t} ${ok(r.throughput?.[t])?.maxRateHeld ?? 'n/a'}`).join(', ')
    const allIn = TARGETS.map((t) => {
      const v = ok(r.throughput?.[t])?.allInCpuPerUpdateUs
      return `${t} ${v == null ? 'n/a' : `${Math.round(v)} µs`}`
    }).join(', ')
    parts.push(
      `Throughput, 100 boards × 5 (highest rate held: ${held})\n` +
        textTable(['target', 'asked/s', 'sent/s', 'p50', 'p99', 'max', 'lost', 'cpu/upd µs', 'srv cpu %', 'clients cpu %', 'step'], rows) +
        `\nAll-in CPU per update over the whole scenario (warm-ups, drains and deferred work included): ${allIn}`,
    )
  }
  if (r.coldOpen) {
    const rows: Cell[][] = []
    for (const t of TARGETS) {
      const c = ok(r.coldOpen[t])
      for (const k of ['loaded', 'unloaded', 'restarted'] as const) {
        const o = c?.[k]
        rows.push([t, k, o?.syncedMs, o?.recordsAtSynced, o?.allMs, o ? o.bytes / MB : null, o?.error ?? ''])
      }
    }
    parts.push(`Cold open of ${ok(r.coldOpen.pooled)?.records ?? ok(r.coldOpen.reference)?.records ?? '?'} records by a fresh client process\n` + textTable(['target', 'case', 'synced ms', 'records at sync', 'all present ms', 'MB received', 'note'], rows))
  }
  if (r.idleMemory) {
    const rows: Cell[][] = TARGETS.map((t) => {
      const m = ok(r.idleMemory?.[t])
      return [t, m?.boards, m ? m.rssBaselineBytes / MB : null, m ? m.rssLoadedBytes / MB : null, m ? m.rssPerBoardBytes / 1024 : null, m ? m.rssAfterLeaveBytes / MB : null, m ? m.rssRetainedPerBoardBytes / 1024 : null, m?.allUnloaded === false ? 'not all unloaded' : '']
    })
    parts.push('Idle memory (server RSS)\n' + textTable(['target', 'boards', 'baseline MB', 'loaded MB', 'KB/board', 'after leave MB', 'retained KB/board', 'note'], rows))
  }
  if (r.durability) {
    const rows: Cell[][] = TARGETS.map((t) => {
      const d = ok(r.durability?.[t])
      return [t, d?.isDurableBeforeBroadcast ? 'yes' : 'no', d?.single.updatesPerSec, d?.single.latency.p50, d?.single.latency.p99, d?.single.serverCpuPerUpdateUs, d?.burst.updatesPerSec, d?.burst.latency.p50, d?.burst.serverCpuPerUpdateUs]
    })
    parts.push('Durability cost (writer → observer on one board)\n' + textTable(['target', 'durable first', 'single upd/s', 'single p50 ms', 'single p99 ms', 'cpu/upd µs', 'burst upd/s', 'burst p50 ms', 'burst cpu/upd µs'], rows))
  }
  if (r.browser) {
    const b = ok(r.browser.pooled)
    parts.push('Browser (Pooled only; reference and relay n/a)\n' + textTable(['shapes', 'editor mounted ms', 'interactive ms', 'remote render p50', 'p99', 'max', 'page errors'], [[b?.shapes, b?.editorMountedMs, b?.interactiveMs, b?.remoteRender.p50, b?.remoteRender.p99, b?.remoteRender.max, b?.pageErrors.length]]))
  }
  if (r.spendImport) {
    const si = ok(r.spendImport.pooled)
    if (si?.skipped) parts.push(`Spend import: skipped (${si.skipped})`)
    else if (si) {
      const rows: Cell[][] = [['board before any import', null, null, null, null, null, null, si.idleBoard?.p50, si.idleBoard?.p99, si.idleBoard?.max, si.idleBoard?.sent]]
      for (const x of si.runs) rows.push([x.name, x.bytes / MB, x.rows, x.uploadMs / 1000, x.totalMs / 1000, x.rowsPerSec, x.rssPeakBytes / MB, x.board.p50, x.board.p99, x.board.max, x.board.sent, x.loadAvg1])
      const stages = si.runs.map((x) => `  ${x.name}: ${spendStages(x)}`).join('\n')
      parts.push(
        `Spend import beside a live board (${si.source}; board: a move every 50 ms, writer → reader delay in ms; lost moves ${si.boardLost ?? 'n/a'}; server VmHWM ${si.serverHwmBytes ? (si.serverHwmBytes / MB).toFixed(0) : 'n/a'} MB)\n` +
          textTable(['import', 'MB', 'rows', 'upload s', 'total s', 'rows/s', 'peak RSS MB', 'board p50', 'p99', 'max', 'moves', 'load avg'], rows) +
          `\nWorker stages:\n${stages}`,
      )
    }
  }
  if (r.contractsImport) {
    const ci = ok(r.contractsImport.pooled)
    if (ci?.skipped) parts.push(`Contracts import: skipped (${ci.skipped})`)
    else if (ci) {
      const rows: Cell[][] = ci.sequential.map((x) => [x.file, x.org, x.bytes / 1024, x.notices, x.contracts, x.totalMs])
      const views: Cell[][] = Object.entries(ci.views).map(([name, v]) => [name, v.items, v.firstMs, v.medianMs])
      parts.push(
        `Contracts import: fifteen councils, one after another ${(ci.sequentialTotalMs / 1000).toFixed(2)} s; again by fifteen more organisations at once ${(ci.concurrentTotalMs / 1000).toFixed(2)} s; ` +
          `peak RSS ${(ci.rssPeakBytes / MB).toFixed(0)} MB (before ${(ci.rssBeforeBytes / MB).toFixed(0)} MB); load avg ${ci.loadAvg1.toFixed(2)}\n` +
          textTable(['file', 'organisation', 'KB', 'notices', 'contracts', 'import ms'], rows) +
          '\nShared views once every file is in (ms)\n' +
          textTable(['view', 'items', 'first ms', 'median of 5 ms'], views),
      )
    }
  }
  const v = verdicts(r)
  parts.push('Targets of the issue\n' + textTable(['target', 'pooled', 'reference', 'ratio', 'limit', 'result'], v.map((x) => [x.target, x.pooled, x.reference, x.ratio, x.limit, x.pass == null ? 'n/a' : x.pass ? 'PASS' : 'FAIL'])))
  if (errRows.length) parts.push('Errors\n' + textTable(['scenario', 'target', 'error'], errRows))
  return parts.join('\n\n')
}
