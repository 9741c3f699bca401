/**
 * Scenario 3, cold open: a board of R shape records opened by a fresh client process (a) while the room is loaded,
 * (b) after it was unloaded, (c) after a server restart. Time to `sync`, records held at that moment, time until all
 * R records are present, bytes received. The relay keeps nothing: (a) is served by the connected seeder, (b)/(c) n/a.
 */
import { startAgent } from '../lib/agents'
import { spawnTracked } from '../lib/children'
import type { BenchConfig } from '../lib/config'
import type { Target } from '../targets/types'

export interface OpenResult {
  syncedMs: number | null
  recordsAtSynced: number | null
  allMs: number | null
  bytes: number
  frames: number
  records: number
  error: string | null
}

export interface ColdOpenResult {
  records: number
  seedMs: number
  /** Each case is the run with the median time until all records were present, over `repeats` runs. */
  repeats: number
  loaded: OpenResult | null
  unloaded: OpenResult | null
  restarted: OpenResult | null
  runs: { loaded: OpenResult[]; unloaded: OpenResult[]; restarted: OpenResult[] }
}

/** The run with the median `allMs` (runs that never got everything sort last). */
function median(runs: OpenResult[]): OpenResult | null {
  if (runs.length === 0) return null
  const sorted = [...runs].sort((a, b) => (a.allMs ?? Infinity) - (b.allMs ?? Infinity))
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null
}

function openOnce(target: Target, boardId: string, expected: number, timeoutMs = 60_000): Promise<OpenResult> {
  const info = target.connectInfo(boardId)
  const arg = JSON.stringify({ serverUrl: info.serverUrl, room: info.room, params: info.params, expected, timeoutMs })
  const child = spawnTracked(process.execPath, ['--import', 'tsx', 'bench/clients/cold-open.ts', arg], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout?.setEncoding('utf8')
  child.stdout?.on('data', (c: string) => (out += c))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as OpenResult)
      } catch {
        reject(new Error(`cold-open client exited ${code} without a result: ${out}`))
      }
    })
  })
}

export async function runColdOpen(target: Target, cfg: BenchConfig): Promise<ColdOpenResult> {
  const n = cfg.coldOpen.records
  const board = await target.createBoard('cold open')
  const info = target.connectInfo(board)
  const seeder = await startAgent('cold-seeder')
  try {
    await seeder.call('full.join', { clients: [{ writerId: 'seed', serverUrl: info.serverUrl, room: info.room, params: info.params }], shapes: 1, waitSynced: target.isStateful })
    const t0 = performance.now()
    await seeder.call('seed', { records: n, batch: 1000 })
    // The server has the content once a fresh client can see all of it; this open also warms nothing in the target
    // beyond what "loaded" means.
    const check = await openOnce(target, board, n + 1)
    if (check.allMs === null) throw new Error(`cold open: seeded board not readable (${check.records}/${n + 1}): ${check.error}`)
    const seedMs = performance.now() - t0
    const runs: ColdOpenResult['runs'] = { loaded: [], unloaded: [], restarted: [] }
    const repeats = cfg.coldOpen.repeats
    const seederInfo = () => target.connectInfo(board)
    for (let r = 0; r < repeats; r++) {
      if (r > 0 && target.isStateful) {
        const i2 = seederInfo()
        await seeder.call('full.join', { clients: [{ writerId: `seed${r}`, serverUrl: i2.serverUrl, room: i2.room, params: i2.params }], shapes: 0, waitSynced: target.isStateful })
      }
      runs.loaded.push(await openOnce(target, board, n + 1))
      if (!target.isStateful) continue
      target.mark()
      await seeder.call('close')
      if (!(await target.waitUnloaded(1, cfg.coldOpen.unloadMs + 10_000))) throw new Error('cold open: room did not unload')
      runs.unloaded.push(await openOnce(target, board, n + 1))
      await target.restart()
      runs.restarted.push(await openOnce(target, board, n + 1))
    }
    return { records: n, seedMs, repeats, loaded: median(runs.loaded), unloaded: median(runs.unloaded), restarted: median(runs.restarted), runs }
  } finally {
    await seeder.stop()
  }
}
