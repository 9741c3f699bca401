/**
 * `npm start` under a service manager (issue 10 A8): SIGTERM or SIGINT sent to the `npm start` process alone (not
 * its process group, as systemd's main-PID kill or `docker stop` does) stops Pooled cleanly: every process of the
 * chain exits, the port is free, and an edit another client had received is still there after a restart
 * (server/sync/SPEC.md R13).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer } from '../support/server-process'
import { geoShape } from '../support/tl-records'
import { connectSynced } from '../support/yclient'
import { waitFor } from '../support/wait-for'

const repoRoot = resolve(import.meta.dirname, '../..')
const scratch = mkdtempSync(join(tmpdir(), 'pooled-npm-start-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Every live descendant of `pid`, read from /proc (Linux, as CI and the README's target). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // The command name may hold spaces and parentheses; the parent pid is the second field after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // reason: the process exited between readdir and read
    }
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer()
    probe.once('error', () => done(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)))
  })
}

async function signUpAndCreateBoard(url: string): Promise<{ token: string; board: string }> {
  const signup = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Stop Tester', email: 'stop@example.gov.uk', password: 'correct horse battery', organisation: { name: 'Stop County Council', shortName: 'SCC', colour: '#336699' } }),
  })
  const { token } = (await signup.json()) as { token: string }
  const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"title":"Stop"}' })
  return { token, board: ((await res.json()) as { id: string }).id }
}

describe('npm start stops when told to (A8)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the npm process stops the whole chain, frees the port and keeps acknowledged edits`, async () => {
      const dataDir = mkdtempSync(join(scratch, `${signal}-data-`))
      const staticRoot = mkdtempSync(join(scratch, `${signal}-static-`))
      // The README's command. STATIC_ROOT set: no client build (not what this test is about).
      const npm = spawn('npm', ['start'], {
        cwd: repoRoot,
        // A generous shutdown deadline: a loaded CI machine must not turn a clean stop into a forced exit 1.
        env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, STATIC_ROOT: staticRoot, LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '20000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let out = ''
      npm.stdout.on('data', (d: Buffer) => (out += d.toString()))
      npm.stderr.on('data', (d: Buffer) => (out += d.toString()))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => npm.once('exit', (code, sig) => r({ code, signal: sig })))
      let chain: number[] = []
      try {
        await waitFor(() => /running at http:\/\/[^:]+:\d+/.test(out), 120000, `npm start to listen:\n${out}`)
        const port = Number(/running at http:\/\/[^:]+:(\d+)/.exec(out)?.[1])
        const url = `http://127.0.0.1:${port}`
        expect((await fetch(`${url}/healthz`)).status).toBe(200)

        const { token, board } = await signUpAndCreateBoard(url)
        const writer = await connectSynced(`ws://127.0.0.1:${port}/sync`, board, { params: { token } })
        const watcher = await connectSynced(`ws://127.0.0.1:${port}/sync`, board, { params: { token } })
        writer.records.set('shape:kept', geoShape('shape:kept', 42))
        // Acknowledged: the server broadcasts an update only after committing it.
        await waitFor(() => watcher.records.has('shape:kept'), 10000, 'the edit to reach the watcher')
        writer.provider.shouldConnect = false
        watcher.provider.shouldConnect = false

        chain = descendants(npm.pid as number)
        expect(chain.length).toBeGreaterThan(0)
        process.kill(npm.pid as number, signal)
        const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r('npm start still running 40 s after the signal'), 40000))])
        expect(result, out).toEqual({ code: 0, signal: null })
        await waitFor(() => chain.every((pid) => !isAlive(pid)), 15000, `every process of the chain to exit (${chain.filter(isAlive).join(', ')} alive)`)
        expect(await isPortFree(port)).toBe(true)
        writer.destroy()
        watcher.destroy()

        const again = await spawnServer({ DATA_DIR: dataDir })
        try {
          const reader = await connectSynced(again.wsUrl, board, { params: { token } })
          expect(reader.records.get('shape:kept')).toEqual(geoShape('shape:kept', 42))
          reader.destroy()
        } finally {
          again.child.kill('SIGTERM')
          await again.exited
        }
      } finally {
        // A failing run must not leave an orphaned server behind.
        for (const pid of [npm.pid as number, ...chain, ...descendants(npm.pid as number)]) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
      }
    }, 240000)
  }
})
