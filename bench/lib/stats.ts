/**
 * Latency statistics for the bench: percentiles by the nearest-rank method, so every reported figure is a value
 * that was actually observed (no interpolation).
 */

/** Summary of a sample of latencies in milliseconds. `n` is the sample size; the rest are null when n = 0. */
export interface Summary {
  n: number
  p50: number | null
  p99: number | null
  max: number | null
  mean: number | null
}

/**
 * Nearest-rank percentile: the smallest value v in the sample such that at least p % of the values are ≤ v,
 * i.e. sorted[ceil(p/100 · n) − 1]. p50 of [1,2,3,4] is 2; p99 of 100 values is the 99th smallest.
 * `sorted` must be ascending.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)))
  return sorted[rank - 1] as number
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort()
  const n = sorted.length
  if (n === 0) return { n: 0, p50: null, p99: null, max: null, mean: null }
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i] as number
  return { n, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[n - 1] as number, mean: sum / n }
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null
  return a / b
}

/** Round for JSON output: 3 significant decimals for small numbers, integers stay integers. */
export function round(v: number | null | undefined, digits = 3): number | null {
  if (v == null || !Number.isFinite(v)) return null
  const f = 10 ** digits
  return Math.round(v * f) / f
}
