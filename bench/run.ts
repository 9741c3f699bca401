/**
 * `npm run bench`: Pooled side by side with the reference y-websocket server (@y/websocket-server + LevelDB) and a bare
 * forwarding relay (the floor), same load from stock y-websocket clients in separate processes. Each scenario starts
 * a fresh server per target and measures one target at a time. Prints tables and writes bench/results/latest.json.
 *
 *   npm run bench                          full run (about 10 minutes, 2 cores)
 *   npm run bench -- --quick               smoke run (about a minute or two)
 *   npm run bench -- --only=fanout,cold-open --targets=pooled,reference
 *   npm run bench -- --only=spend-import --targets=pooled   spend upload of 250,000 rows beside a live board (bench/spend-import.ts)
 *   npm run bench -- --only=contracts-import --targets=pooled   fifteen councils' contract notices (bench/contracts-import.ts)
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { installCleanupHooks, killAll } from './lib/children'
import { FULL, QUICK, type BenchConfig } from './lib/config'
import { printTables, ratioTable, verdicts, type Results } from './lib/report'
import { ensureDist, runBrowser } from './scenarios/browser'
import { runColdOpen } from './scenarios/cold-open'
import { runDurability } from './scenarios/durability'
import { runFanout } from './scenarios/fanout'
import { runIdleMemory } from './scenarios/idle-memory'
import { runThroughput } from './scenarios/throughput'
import { startPooled } from './targets/pooled'
import { startReference } from './targets/reference'
import { startRelay } from './targets/relay'
import { runContractsImport } from './contracts-import'
import { runSpendImport, spendImportStartOptions } from './spend-import'
import { removeTempDirs } from './targets/server-process'
import type { Target, TargetFactory, TargetName, TargetStartOptions } from './targets/types'

const SCENARIOS = ['fanout', 'throughput', 'cold-open', 'idle-memory', 'durability', 'browser', 'spend-import', 'contracts-import'] as const
type ScenarioName = (typeof SCENARIOS)[number]
const ALL_TARGETS: TargetName[] = ['pooled', 'reference', 'relay']
const FACTORIES: Record<TargetName, TargetFactory> = { pooled: startPooled, reference: startReference, relay: startRelay }

function parseArgs(argv: string[]) {
  const get = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
  const list = <T extends string>(name: string, allowed: readonly T[]): T[] | null => {
    const raw = get(name)
    if (!raw) return null
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean)
    for (const i of items) if (!allowed.includes(i as T)) throw new Error(`--${name}: unknown "${i}" (one of ${allowed.join(', ')})`)
    return items as T[]
  }
  for (const a of argv) if (!/^--(quick|only=|targets=|out=|rates=|sizes=|help)/.test(a)) throw new Error(`unknown argument ${a}`)
  if (argv.includes('--help')) {
    console.log(`usage: npm run bench -- [--quick] [--only=${SCENARIOS.join(',')}] [--targets=${ALL_TARGETS.join(',')}] [--out=file.json]
                         [--rates=3000,6000 (throughput steps)] [--sizes=200 (fan-out participants)]`)
    process.exit(0)
  }
  const numbers = (name: string): number[] | null => {
    const raw = get(name)
    if (!raw) return null
    const items = raw.split(',').map(Number)
    if (items.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--${name}: positive whole numbers, comma-separated`)
    return items
  }
  const base = argv.includes('--quick') ? QUICK : FULL
  const rates = numbers('rates')
  const sizes = numbers('sizes')
  return {
    // --rates / --sizes narrow a scenario for profiling one load level.
    cfg: {
      ...base,
      throughput: rates ? { ...base.throughput, rates } : base.throughput,
      fanout: sizes ? { ...base.fanout, sizes } : base.fanout,
    },
    only: list('only', SCENARIOS) ?? [...SCENARIOS],
    targets: list('targets', ALL_TARGETS) ?? ALL_TARGETS,
    out: get('out') ?? 'bench/results/latest.json',
  }
}

/** Server options per scenario: Pooled logs room unloads (info) where the bench waits for them. */
function startOptions(s: ScenarioName, cfg: BenchConfig): TargetStartOptions {
  if (s === 'cold-open') return { logLevel: 'info', roomIdleUnloadMs: cfg.coldOpen.unloadMs }
  if (s === 'idle-memory') return { logLevel: 'info', roomIdleUnloadMs: cfg.idle.unloadMs }
  if (s === 'spend-import') return spendImportStartOptions
  return { logLevel: 'warn', roomIdleUnloadMs: 30_000 }
}

const RUNNERS: Record<ScenarioName, { key: keyof Results; run: (t: Target, cfg: BenchConfig) => Promise<unknown>; targets?: TargetName[] }> = {
  fanout: { key: 'fanout', run: runFanout },
  throughput: { key: 'throughput', run: runThroughput },
  'cold-open': { key: 'coldOpen', run: runColdOpen },
  'idle-memory': { key: 'idleMemory', run: runIdleMemory },
  durability: { key: 'durability', run: runDurability },
  browser: { key: 'browser', run: runBrowser, targets: ['pooled'] },
  'spend-import': { key: 'spendImport', run: runSpendImport, targets: ['pooled'] },
  'contracts-import': { key: 'contractsImport', run: runContractsImport, targets: ['pooled'] },
}

async function main(): Promise<void> {
  const { cfg, only, targets, out } = parseArgs(process.argv.slice(2))
  installCleanupHooks(async () => {
    await killAll()
    removeTempDirs()
  })
  const startedAt = new Date()
  const load0 = loadavg()
  const results: Results = {}
  const notes: string[] = []
  if (targets.includes('pooled') && !existsSync('server/main.ts')) notes.push('server/main.ts missing: Pooled skipped')
  const t0 = performance.now()
  for (const s of only) {
    const runner = RUNNERS[s]
    const per: Record<string, unknown> = {}
    ;(results as Record<string, unknown>)[runner.key] = per
    if (s === 'browser') {
      try {
        await ensureDist()
      } catch (e) {
        per.pooled = { error: e instanceof Error ? e.message : String(e) }
        continue
      }
    }
    for (const name of targets) {
      if (runner.targets && !runner.targets.includes(name)) continue
      if (name === 'pooled' && !existsSync('server/main.ts')) continue
      const ts = performance.now()
      process.stderr.write(`bench: ${s} × ${name} … `)
      let target: Target | null = null
      try {
        target = await FACTORIES[name](startOptions(s, cfg))
        per[name] = await runner.run(target, cfg)
        process.stderr.write(`done in ${((performance.now() - ts) / 1000).toFixed(1)} s\n`)
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e)
        per[name] = { error: msg }
        process.stderr.write(`FAILED: ${msg.split('\n')[0]}\n`)
      } finally {
        await target?.stop().catch(() => undefined)
      }
    }
  }
  const report = {
    date: startedAt.toISOString(),
    durationS: Math.round((performance.now() - t0) / 1000),
    mode: cfg.isQuick ? 'quick' : 'full',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgStart: load0, loadavgEnd: loadavg() },
    percentile: 'nearest rank: the smallest observed value with at least p % of the sample ≤ it (sorted[ceil(p/100·n)−1])',
    config: cfg,
    notes,
    results,
    ratios: ratioTable(results),
    targets: verdicts(results),
  }
  mkdirSync('bench/results', { recursive: true })
  writeFileSync(out, JSON.stringify(report, null, 2))
  console.log(`\nPooled bench, ${report.mode} run, ${report.date}, ${report.durationS} s, load average at start ${load0.map((l) => l.toFixed(2)).join(' ')}\n`)
  console.log(printTables(results))
  for (const n of notes) console.log(`note: ${n}`)
  console.log(`\nwrote ${out}`)
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack : e)
    process.exitCode = 1
  })
  .finally(async () => {
    await killAll()
    removeTempDirs()
  })
