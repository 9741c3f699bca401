/**
 * Per-process delivery bookkeeping for the load clients: for each write (writer:seq) how many participants here got it
 * and the slowest arrival, plus every single delivery latency. Only markers stamped after `start()` count.
 */
import { nowUs } from '../lib/clock'
import type { Marker } from '../lib/wire'

export interface CollectResult {
  /** [writer, seq, receivers here, max latency ms]. */
  perWrite: Array<[string, number, number, number]>
  /** Every delivery latency (ms) seen in this process. */
  deliveries: Float64Array
}

export class Collector {
  private active = false
  private sinceUs = 0
  private perWrite = new Map<string, [string, number, number, number]>()
  private lat = new Float64Array(1 << 16)
  private n = 0

  start(): void {
    this.active = true
    this.sinceUs = nowUs()
    this.perWrite.clear()
    this.n = 0
  }

  get count(): number {
    return this.n
  }

  /** Record the arrival now of every marker in `markers`. */
  arrived(markers: Marker[], atUs = nowUs()): void {
    if (!this.active) return
    for (const m of markers) {
      if (m.sendUs < this.sinceUs) continue
      const ms = (atUs - m.sendUs) / 1000
      const key = `${m.writer}:${m.seq}`
      const row = this.perWrite.get(key)
      if (row) {
        row[2]++
        if (ms > row[3]) row[3] = ms
      } else this.perWrite.set(key, [m.writer, m.seq, 1, ms])
      if (this.n === this.lat.length) {
        const bigger = new Float64Array(this.lat.length * 2)
        bigger.set(this.lat)
        this.lat = bigger
      }
      this.lat[this.n++] = ms
    }
  }

  stop(): CollectResult {
    this.active = false
    const out = { perWrite: [...this.perWrite.values()], deliveries: this.lat.slice(0, this.n) }
    this.perWrite.clear()
    this.n = 0
    return out
  }
}
