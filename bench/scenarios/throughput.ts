/**
 * Scenario 2, throughput: B boards × P participants (one writing WebsocketProvider and P−1 raw receivers per board).
 * The total update rate rises step by step until p99 (time until every other participant has a write) exceeds the
 * limit, writes go missing, or the writers cannot send at the asked rate. Reports the highest rate held.
 */
import { startAgent, type Agent } from '../lib/agents'
import type { BenchConfig } from '../lib/config'
import { runPhase, type PhaseResult } from '../lib/delivery'
import { cpuMs } from '../lib/proc'
import { sleep } from '../lib/wait'
import type { Target } from '../targets/types'

export interface ThroughputStep extends PhaseResult {
  rate: number
  isHeld: boolean
  /** Why the step failed, when it did. */
  failure: string | null
}

export interface ThroughputResult {
  boards: number
  perBoard: number
  steps: ThroughputStep[]
  /** Highest asked rate (updates/s) held with p99 ≤ limit, no losses and the asked send rate reached. */
  maxRateHeld: number | null
  /** Server CPU per update at the highest rate held (µs). */
  cpuPerUpdateUsAtMax: number | null
  /** Server CPU per update over all held steps (µs): total CPU / total updates. */
  cpuPerUpdateUs: number | null
  /**
   * All-in server CPU per update (µs): everything the server spent from the first step's warm-up to 3 s after the
   * last step (warm-ups, drains, and work a server defers to quiet moments, such as Pooled's compaction), divided by
   * every update sent in that time.
   */
  allInCpuPerUpdateUs: number | null
}

export async function runThroughput(target: Target, cfg: BenchConfig): Promise<ThroughputResult> {
  const { boards, perBoard, rates, p99LimitMs } = cfg.throughput
  const writerAgents = [await startAgent('tp-writer1'), await startAgent('tp-writer2')]
  const rawAgents = [await startAgent('tp-raw1'), await startAgent('tp-raw2')]
  const steps: ThroughputStep[] = []
  let allIn: number | null = null
  try {
    const ids: string[] = []
    for (let b = 0; b < boards; b++) ids.push(await target.createBoard(`throughput ${b}`))
    const writerIdsByAgent: string[][] = [[], []]
    await Promise.all(
      writerAgents.map((agent, a) => {
        const clients = ids
          .map((id, b) => ({ id, b }))
          .filter(({ b }) => b % 2 === a)
          .map(({ id, b }) => {
            const info = target.connectInfo(id)
            const writerId = `t${b}`
            ;(writerIdsByAgent[a] as string[]).push(writerId)
            return { writerId, serverUrl: info.serverUrl, room: info.room, params: info.params }
          })
        return agent.call('full.join', { clients, shapes: 5, waitSynced: target.isStateful })
      }),
    )
    await Promise.all(
      rawAgents.map((agent, a) => {
        const urls: string[] = []
        ids.forEach((id, b) => {
          if (b % 2 === a) for (let i = 0; i < perBoard - 1; i++) urls.push(target.connectInfo(id).url)
        })
        return agent.call('raw.join', { urls, waitStep2: target.isStateful })
      }),
    )
    const agents: Agent[] = [...writerAgents, ...rawAgents]
    const cpuAtStart = cpuMs(target.pid)
    let sentInAll = 0
    for (const rate of rates) {
      sentInAll += (rate * cfg.throughput.warmupMs) / 1000
      const writers = writerAgents.map((agent) => ({ agent, rate: rate / writerAgents.length }))
      await Promise.all(writers.map((w) => w.agent.call('write.run', { rate: w.rate, durationMs: cfg.throughput.warmupMs }, 60_000)))
      const phase = await runPhase({
        serverPid: target.pid,
        agents,
        writers,
        durationMs: cfg.throughput.durationMs,
        expectedFor: () => perBoard - 1,
        drainMs: 3000,
      })
      let failure: string | null = null
      if (phase.incompleteWrites > phase.writes * 0.001) failure = `${phase.incompleteWrites} of ${phase.writes} writes not delivered to everyone`
      else if ((phase.allHave.p99 ?? Infinity) > p99LimitMs) failure = `p99 ${phase.allHave.p99?.toFixed(1)} ms > ${p99LimitMs} ms`
      else if (phase.sendRate < rate * 0.9) failure = `writers reached only ${phase.sendRate.toFixed(0)}/s (client-limited)`
      steps.push({ rate, isHeld: failure === null, failure, ...phase })
      sentInAll += phase.writes
      if (failure) break
    }
    // Deferred work (e.g. compaction once boards go quiet) lands within a few seconds of the last write.
    await sleep(3000)
    allIn = sentInAll > 0 ? ((cpuMs(target.pid) - cpuAtStart) * 1000) / sentInAll : null
  } finally {
    await Promise.all([...writerAgents, ...rawAgents].map((a) => a.stop()))
  }
  const held = steps.filter((s) => s.isHeld)
  const best = held[held.length - 1]
  const cpu = held.reduce((s, x) => s + x.serverCpuMs, 0)
  const upd = held.reduce((s, x) => s + x.writes, 0)
  return {
    boards,
    perBoard,
    steps,
    maxRateHeld: best?.rate ?? null,
    cpuPerUpdateUsAtMax: best?.cpuPerUpdateUs ?? null,
    cpuPerUpdateUs: upd > 0 ? (cpu * 1000) / upd : null,
    allInCpuPerUpdateUs: allIn,
  }
}
