/**
 * Scenario 4, idle memory: B boards, each with a few shape records and P idle participants (raw sockets that joined,
 * announced a presence and went quiet). Server RSS per board above the warmed-up baseline, then RSS once everyone
 * has left and the rooms have unloaded.
 */
import { startAgent } from '../lib/agents'
import type { BenchConfig } from '../lib/config'
import { rssBytes } from '../lib/proc'
import { sleep } from '../lib/wait'
import type { Target } from '../targets/types'

export interface IdleMemoryResult {
  boards: number
  perBoard: number
  rssBaselineBytes: number
  rssLoadedBytes: number
  rssAfterLeaveBytes: number
  /** (loaded − baseline) / boards. */
  rssPerBoardBytes: number
  /** (after leave − baseline) / boards: what stays after the rooms unloaded. */
  rssRetainedPerBoardBytes: number
  allUnloaded: boolean
}

/** RSS after it stops moving (three samples 250 ms apart within 5 %), bounded to a few seconds. */
async function settledRss(pid: number, minWaitMs: number): Promise<number> {
  await sleep(minWaitMs)
  let prev = rssBytes(pid)
  for (let i = 0; i < 20; i++) {
    await sleep(250)
    const cur = rssBytes(pid)
    if (Math.abs(cur - prev) < prev * 0.05) return cur
    prev = cur
  }
  return prev
}

export async function runIdleMemory(target: Target, cfg: BenchConfig): Promise<IdleMemoryResult> {
  const { boards, perBoard, recordsPerBoard } = cfg.idle
  const agents = [await startAgent('idle1'), await startAgent('idle2')]
  try {
    // Warm up the code paths with one board, so the baseline includes the per-process costs.
    const warm = target.connectInfo(await target.createBoard('idle warm-up'))
    await (agents[0] as (typeof agents)[0]).call('raw.join', { urls: [warm.url, warm.url], awareness: true, seedFirst: recordsPerBoard, waitStep2: target.isStateful })
    await (agents[0] as (typeof agents)[0]).call('close')
    const rssBaselineBytes = await settledRss(target.pid, cfg.idle.settleMs)
    const ids: string[] = []
    for (let b = 0; b < boards; b++) ids.push(await target.createBoard(`idle ${b}`))
    await Promise.all(
      agents.map((agent, a) => {
        const urls: string[] = []
        ids.forEach((id, b) => {
          if (b % agents.length === a) for (let i = 0; i < perBoard; i++) urls.push(target.connectInfo(id).url)
        })
        return agent.call('raw.join', { urls, awareness: true, seedFirst: recordsPerBoard, waitStep2: target.isStateful, timeoutMs: 120_000 }, 180_000)
      }),
    )
    const rssLoadedBytes = await settledRss(target.pid, cfg.idle.settleMs)
    target.mark()
    await Promise.all(agents.map((a) => a.call('close')))
    const allUnloaded = await target.waitUnloaded(boards, cfg.idle.unloadMs + 30_000)
    const rssAfterLeaveBytes = await settledRss(target.pid, cfg.idle.settleMs)
    return {
      boards,
      perBoard,
      rssBaselineBytes,
      rssLoadedBytes,
      rssAfterLeaveBytes,
      rssPerBoardBytes: (rssLoadedBytes - rssBaselineBytes) / boards,
      rssRetainedPerBoardBytes: (rssAfterLeaveBytes - rssBaselineBytes) / boards,
      allUnloaded,
    }
  } finally {
    await Promise.all(agents.map((a) => a.stop()))
  }
}
