/**
 * Shared launcher for the target servers: a free loopback port, a fresh temp dir, spawn with env, line-buffered
 * stdout/stderr (kept in a short ring for error messages, and handed to a line listener), readiness by polling HTTP.
 */
import type { ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { killChild, spawnTracked } from '../lib/children'
import { sleep } from '../lib/wait'

export const HOST = '127.0.0.1'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, HOST, () => {
      const { port } = s.address() as AddressInfo
      s.close(() => resolve(port))
    })
  })
}

const tempDirs = new Set<string>()
export function freshDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pooled-bench-${prefix}-`))
  tempDirs.add(dir)
  return dir
}
export function removeTempDirs(): void {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true })
  tempDirs.clear()
}

export interface ServerProcess {
  child: ChildProcess
  pid: number
  /** Last lines of output, for error messages. */
  tail(): string
  onLine(fn: (line: string) => void): void
  stop(signal?: NodeJS.Signals): Promise<void>
}

export async function launch(what: string, args: string[], env: Record<string, string>, healthUrl: string, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawnTracked(process.execPath, args, {
    cwd: process.cwd(),
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const ring: string[] = []
  const listeners: Array<(l: string) => void> = []
  // BENCH_SERVER_LOG=<file>: append every line the servers print (e.g. with BENCH_NODE_FLAGS=--trace-gc).
  const logFile = process.env.BENCH_SERVER_LOG
  if (logFile) listeners.push((line) => appendFileSync(logFile, `${what} ${line}\n`))
  for (const stream of [child.stdout, child.stderr]) {
    let buf = ''
    stream?.setEncoding('utf8')
    stream?.on('data', (chunk: string) => {
      buf += chunk
      let nl = buf.indexOf('\n')
      while (nl >= 0) {
        const line = buf.slice(0, nl)
        buf = buf.slice(nl + 1)
        ring.push(line)
        if (ring.length > 40) ring.shift()
        for (const fn of listeners) fn(line)
        nl = buf.indexOf('\n')
      }
    })
  }
  const proc: ServerProcess = {
    child,
    pid: child.pid ?? -1,
    tail: () => ring.join('\n'),
    onLine: (fn) => listeners.push(fn),
    stop: (signal = 'SIGTERM') => killChild(child, signal, 8000),
  }
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited during start (code ${child.exitCode}):\n${proc.tail()}`)
    try {
      const res = await fetch(healthUrl)
      if (res.ok) return proc
    } catch {
      // reason: not listening yet; keep polling.
    }
    if (performance.now() > deadline) {
      await proc.stop('SIGKILL')
      throw new Error(`${what} not ready after ${timeoutMs} ms at ${healthUrl}:\n${proc.tail()}`)
    }
    await sleep(50)
  }
}

/** Random 22-character base64url id, the shape of Pooled board ids, for targets that accept any room name. */
export function localBoardId(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Buffer.from(bytes).toString('base64url')
}
