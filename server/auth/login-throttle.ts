/**
 * Login throttling per email and per client address: after a few failures each further attempt is slowed
 * (exponential delay), and past a limit attempts are refused for a lock-out period. In memory: per instance.
 */

export interface ThrottleOptions {
  /** Failures allowed before attempts are slowed. */
  freeFailures: number
  /** Failures after which attempts are refused until the window passes. */
  lockAfterFailures: number
  windowMs: number
  /** Delay of the first slowed attempt; doubles with each further failure. */
  baseDelayMs: number
  maxDelayMs: number
  now(): number
}

export const DEFAULT_THROTTLE: Omit<ThrottleOptions, 'now'> = {
  freeFailures: 3,
  lockAfterFailures: 10,
  windowMs: 15 * 60_000,
  baseDelayMs: 250,
  maxDelayMs: 4000,
}

interface Entry {
  failures: number
  firstAt: number
}

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number }

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>()
  private readonly opts: ThrottleOptions

  constructor(opts: Partial<ThrottleOptions> = {}) {
    this.opts = { ...DEFAULT_THROTTLE, now: () => Date.now(), ...opts }
  }

  private get(key: string): Entry | null {
    const entry = this.entries.get(key)
    if (!entry) return null
    if (this.opts.now() - entry.firstAt > this.opts.windowMs) {
      this.entries.delete(key)
      return null
    }
    return entry
  }

  /** Decide for an attempt identified by several keys (e.g. `email:x`, `ip:y`): the strictest wins. */
  check(keys: readonly string[]): ThrottleDecision {
    let failures = 0
    let oldest = Infinity
    for (const key of keys) {
      const entry = this.get(key)
      if (entry && entry.failures > failures) {
        failures = entry.failures
        oldest = entry.firstAt
      }
    }
    if (failures >= this.opts.lockAfterFailures) {
      const retryAfterMs = Math.max(0, oldest + this.opts.windowMs - this.opts.now())
      return { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
    }
    const over = failures - this.opts.freeFailures
    const delayMs = over < 0 ? 0 : Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** over)
    return { allowed: true, delayMs }
  }

  recordFailure(keys: readonly string[]): void {
    for (const key of keys) {
      const entry = this.get(key)
      if (entry) entry.failures += 1
      else this.entries.set(key, { failures: 1, firstAt: this.opts.now() })
    }
    if (this.entries.size > 100_000) this.prune()
  }

  recordSuccess(keys: readonly string[]): void {
    for (const key of keys) this.entries.delete(key)
  }

  private prune(): void {
    for (const key of [...this.entries.keys()]) this.get(key)
  }
}
