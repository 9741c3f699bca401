/**
 * One measured write phase: start collecting on every agent, run the writers at a steady rate, wait until every
 * expected delivery has arrived (bounded), and turn the per-process reports into latency, loss and server CPU figures.
 */
import type { Agent } from './agents'
import { nowMs } from './clock'
import { rssBytes, startCpuWindow, startRssPeak } from './proc'
import { summarize, type Summary } from './stats'
import { sleep } from './wait'

export interface WriterPlan {
  agent: Agent
  /** Writer ids this agent should drive (all of its full participants if omitted). */
  writers?: string[]
  rate: number
}

export interface PhaseResult {
  /** Writes sent in the measured window. */
  writes: number
  /** Achieved send rate (writes / writer wall time). */
  sendRate: number
  /** Deliveries counted (one per receiving participant per write). */
  deliveries: number
  expectedDeliveries: number
  /** Writes that did not reach every other participant within the drain window. */
  incompleteWrites: number
  /** Per write: time until every other participant had it (ms). */
  allHave: Summary
  /** Every single delivery (ms). */
  perDelivery: Summary
  serverCpuMs: number
  wallMs: number
  /** Server CPU as a share of one core over the window. */
  serverCpuShare: number
  cpuPerUpdateUs: number | null
  cpuPerDeliveryUs: number | null
  rssPeakBytes: number
  rssEndBytes: number
  /** CPU of all load client processes as a share of one core (they share the 2 cores with the server). */
  clientCpuShare: number
}

export async function runPhase(opts: {
  serverPid: number
  agents: Agent[]
  writers: WriterPlan[]
  durationMs: number
  /** Number of receiving participants for a write by this writer (participants of its board − 1). */
  expectedFor: (writerId: string) => number
  drainMs?: number
}): Promise<PhaseResult> {
  const { agents } = opts
  await Promise.all(agents.map((a) => a.call('collect.start')))
  const cpu = startCpuWindow(opts.serverPid)
  const clientCpu = agents.map((a) => startCpuWindow(a.pid))
  const rss = startRssPeak(opts.serverPid)
  const runs = await Promise.all(
    opts.writers.map((w) =>
      w.agent.call<{ writes: number; wallMs: number; ranges: Array<[string, number, number]> }>(
        'write.run',
        { rate: w.rate, durationMs: opts.durationMs, ...(w.writers ? { writers: w.writers } : {}) },
        opts.durationMs * 4 + 30_000,
      ),
    ),
  )
  let expected = 0
  let writes = 0
  for (const r of runs) for (const [id, from, to] of r.ranges) {
    writes += to - from
    expected += (to - from) * opts.expectedFor(id)
  }
  // Drain: wait until every expected delivery arrived, bounded.
  const drainUntil = nowMs() + (opts.drainMs ?? 5000)
  let counted = 0
  for (let i = 0; i < 100_000 && nowMs() < drainUntil; i++) {
    const counts = await Promise.all(agents.map((a) => a.call<{ count: number }>('collect.count')))
    counted = counts.reduce((s, c) => s + c.count, 0)
    if (counted >= expected) break
    await sleep(20)
  }
  const { cpuMs, wallMs } = cpu.stop()
  const clientCpuMs = clientCpu.reduce((sum, w) => sum + w.stop().cpuMs, 0)
  const rssPeakBytes = rss.stop()
  const reports = await Promise.all(agents.map((a) => a.call<{ perWrite: Array<[string, number, number, number]>; deliveries: number[] }>('collect.stop')))
  const byWrite = new Map<string, { n: number; max: number }>()
  const all: number[] = []
  for (const r of reports) {
    for (const [w, seq, n, max] of r.perWrite) {
      const key = `${w}:${seq}`
      const row = byWrite.get(key)
      if (row) {
        row.n += n
        row.max = Math.max(row.max, max)
      } else byWrite.set(key, { n, max })
    }
    for (const d of r.deliveries) all.push(d)
  }
  const allHave: number[] = []
  let incomplete = 0
  for (const r of runs) for (const [id, from, to] of r.ranges) {
    const need = opts.expectedFor(id)
    for (let s = from; s < to; s++) {
      const row = byWrite.get(`${id}:${s}`)
      if (row && row.n >= need) allHave.push(row.max)
      else incomplete++
    }
  }
  const deliveries = all.length
  const sendWall = Math.max(...runs.map((r) => r.wallMs))
  return {
    writes,
    sendRate: (writes * 1000) / sendWall,
    deliveries,
    expectedDeliveries: expected,
    incompleteWrites: incomplete,
    allHave: summarize(allHave),
    perDelivery: summarize(all),
    serverCpuMs: cpuMs,
    wallMs,
    serverCpuShare: cpuMs / wallMs,
    cpuPerUpdateUs: writes > 0 ? (cpuMs * 1000) / writes : null,
    cpuPerDeliveryUs: deliveries > 0 ? (cpuMs * 1000) / deliveries : null,
    rssPeakBytes,
    rssEndBytes: rssBytes(opts.serverPid),
    clientCpuShare: clientCpuMs / wallMs,
  }
}
