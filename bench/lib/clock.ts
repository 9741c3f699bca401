/**
 * One clock for every bench process: CLOCK_MONOTONIC via process.hrtime, which is system-wide on Linux, so a send time
 * stamped in a writer process can be subtracted from an arrival time stamped in a receiver process.
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** Microseconds, as an integer, for embedding in markers. */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n)
}
