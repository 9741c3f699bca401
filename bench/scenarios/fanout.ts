/**
 * Scenario 1, fan-out: one board with N participants (2 writers and 2 passive WebsocketProviders, the rest raw
 * receivers); writers move shapes at a steady rate; per write, the time until every other participant has it.
 */
import { startAgent, type Agent } from '../lib/agents'
import type { BenchConfig } from '../lib/config'
import { runPhase, type PhaseResult } from '../lib/delivery'
import type { Target } from '../targets/types'

export interface FanoutRow extends PhaseResult {
  participants: number
  writers: number
  fullClients: number
}

export async function runFanout(target: Target, cfg: BenchConfig): Promise<FanoutRow[]> {
  const rows: FanoutRow[] = []
  const fullAgent = await startAgent('fanout-full')
  const rawAgents = [await startAgent('fanout-raw1'), await startAgent('fanout-raw2')]
  try {
    for (const n of cfg.fanout.sizes) {
      const board = await target.createBoard(`fanout ${n}`)
      const info = target.connectInfo(board)
      const writers = n === 2 ? 1 : 2
      const fullCount = Math.min(n, writers + 2)
      const rawCount = n - fullCount
      const clients = Array.from({ length: fullCount }, (_, i) => ({ writerId: `f${n}w${i}`, serverUrl: info.serverUrl, room: info.room, params: info.params }))
      await fullAgent.call('full.join', { clients, shapes: 10, waitSynced: target.isStateful })
      const used: Agent[] = [fullAgent]
      if (rawCount > 0) {
        const split = rawCount >= 40 ? 2 : 1
        for (let a = 0; a < split; a++) {
          const share = Math.floor(rawCount / split) + (a < rawCount % split ? 1 : 0)
          await (rawAgents[a] as Agent).call('raw.join', { urls: Array(share).fill(info.url), waitStep2: target.isStateful })
          used.push(rawAgents[a] as Agent)
        }
      }
      const writerIds = clients.slice(0, writers).map((c) => c.writerId)
      const rate = cfg.fanout.writeRatePerWriter * writers
      // Warm-up (not collected), then the measured window.
      await fullAgent.call('write.run', { rate, durationMs: cfg.fanout.warmupMs, writers: writerIds }, 60_000)
      const phase = await runPhase({
        serverPid: target.pid,
        agents: used,
        writers: [{ agent: fullAgent, writers: writerIds, rate }],
        durationMs: cfg.fanout.durationMs,
        expectedFor: () => n - 1,
      })
      rows.push({ participants: n, writers, fullClients: fullCount, ...phase })
      await Promise.all(used.map((a) => a.call('close')))
    }
  } finally {
    await Promise.all([fullAgent, ...rawAgents].map((a) => a.stop()))
  }
  return rows
}
