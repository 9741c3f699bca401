/**
 * Scenario 5, durability cost: one writer and one observer (raw sockets) on one board. "single": one update at a
 * time, the next only after the observer has the previous; "burst": B updates back to back, until the observer has
 * the last. Pooled persists each update to SQLite before it broadcasts, so an arrival at the observer is a durable
 * update. The reference broadcasts first and writes LevelDB asynchronously; the relay keeps nothing (floor).
 */
import { startAgent } from '../lib/agents'
import type { BenchConfig } from '../lib/config'
import { startCpuWindow } from '../lib/proc'
import { summarize, type Summary } from '../lib/stats'
import type { Target } from '../targets/types'

export interface DurabilityMode {
  updates: number
  updatesPerSec: number
  /** single: round trip per update; burst: time until the last of a burst arrived. */
  latency: Summary
  serverCpuPerUpdateUs: number | null
}

export interface DurabilityResult {
  isDurableBeforeBroadcast: boolean
  single: DurabilityMode
  burst: DurabilityMode & { burstSize: number }
}

export async function runDurability(target: Target, cfg: BenchConfig): Promise<DurabilityResult> {
  const agent = await startAgent('durability')
  try {
    const run = async (mode: 'single' | 'burst', count: number) => {
      const info = target.connectInfo(await target.createBoard(`durability ${mode}`))
      const cpu = startCpuWindow(target.pid)
      const r = await agent.call<{ sent: number; wallMs: number; lat: number[] }>('durability', { url: info.url, mode, count, burst: cfg.durability.burstSize, timeoutMs: 60_000 }, 120_000)
      const { cpuMs } = cpu.stop()
      return {
        updates: r.sent,
        updatesPerSec: (r.sent * 1000) / r.wallMs,
        latency: summarize(r.lat),
        serverCpuPerUpdateUs: r.sent > 0 ? (cpuMs * 1000) / r.sent : null,
      }
    }
    const single = await run('single', cfg.durability.singles)
    const burst = await run('burst', cfg.durability.bursts * cfg.durability.burstSize)
    return { isDurableBeforeBroadcast: target.name === 'pooled', single, burst: { ...burst, burstSize: cfg.durability.burstSize } }
  } finally {
    await agent.stop()
  }
}
