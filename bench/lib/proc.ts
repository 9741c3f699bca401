/**
 * Process CPU and memory from /proc (Linux only): utime+stime of a process (all its threads) and its resident set size.
 * CPU resolution is one clock tick (1/CLK_TCK s, 10 ms here), so measure windows of seconds, not milliseconds.
 */
import { readFileSync } from 'node:fs'

/** Clock ticks per second. Linux on x86-64 and arm64 uses 100; `getconf CLK_TCK` confirms it on these machines. */
export const CLK_TCK = 100

/** CPU time (user + system) consumed so far by process `pid`, in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
  // The command name (field 2) may contain spaces and parentheses: parse from the last ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // rest[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(rest[11])
  const stime = Number(rest[12])
  return ((utime + stime) * 1000) / CLK_TCK
}

/** Resident set size of process `pid`, in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1')
  const m = /VmRSS:\s+(\d+) kB/.exec(status)
  return m ? Number(m[1]) * 1024 : 0
}

/** A CPU window: call `stop()` to get the CPU ms and the wall ms spent since `startCpuWindow`. */
export function startCpuWindow(pid: number): { stop(): { cpuMs: number; wallMs: number } } {
  const cpu0 = cpuMs(pid)
  const t0 = performance.now()
  return {
    stop() {
      return { cpuMs: cpuMs(pid) - cpu0, wallMs: performance.now() - t0 }
    },
  }
}

/** Samples RSS every `everyMs` and keeps the peak, until `stop()`. */
export function startRssPeak(pid: number, everyMs = 200): { stop(): number } {
  let peak = rssBytes(pid)
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid))
    } catch {
      // reason: the process may have exited; the peak so far stands.
    }
  }, everyMs)
  return {
    stop() {
      clearInterval(timer)
      try {
        peak = Math.max(peak, rssBytes(pid))
      } catch {
        // reason: as above.
      }
      return peak
    },
  }
}
