/** Bench durations and sizes: the full run (about 10 minutes on 2 cores) and `--quick` (about a minute, a smoke run). */

export interface BenchConfig {
  isQuick: boolean
  fanout: { sizes: number[]; writeRatePerWriter: number; warmupMs: number; durationMs: number }
  throughput: { boards: number; perBoard: number; rates: number[]; warmupMs: number; durationMs: number; p99LimitMs: number }
  coldOpen: { records: number; unloadMs: number; repeats: number }
  idle: { boards: number; perBoard: number; recordsPerBoard: number; settleMs: number; unloadMs: number }
  durability: { singles: number; bursts: number; burstSize: number }
  browser: { shapes: number; remoteChanges: number }
  spendImport: { syntheticRows: number }
}

export const FULL: BenchConfig = {
  isQuick: false,
  fanout: { sizes: [2, 10, 50, 200], writeRatePerWriter: 20, warmupMs: 1000, durationMs: 6000 },
  throughput: { boards: 100, perBoard: 5, rates: [250, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 10000, 12000], warmupMs: 500, durationMs: 4000, p99LimitMs: 100 },
  coldOpen: { records: 10_000, unloadMs: 1000, repeats: 3 },
  idle: { boards: 1000, perBoard: 2, recordsPerBoard: 5, settleMs: 3000, unloadMs: 1000 },
  durability: { singles: 500, bursts: 20, burstSize: 100 },
  browser: { shapes: 5000, remoteChanges: 5 },
  spendImport: { syntheticRows: 250_000 },
}

export const QUICK: BenchConfig = {
  isQuick: true,
  fanout: { sizes: [10, 200], writeRatePerWriter: 20, warmupMs: 300, durationMs: 1500 },
  throughput: { boards: 100, perBoard: 5, rates: [500, 1000, 2000], warmupMs: 200, durationMs: 1200, p99LimitMs: 100 },
  coldOpen: { records: 10_000, unloadMs: 500, repeats: 1 },
  idle: { boards: 200, perBoard: 2, recordsPerBoard: 5, settleMs: 1000, unloadMs: 500 },
  durability: { singles: 100, bursts: 5, burstSize: 100 },
  browser: { shapes: 5000, remoteChanges: 3 },
  spendImport: { syntheticRows: 50_000 },
}
