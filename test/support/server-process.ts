/** Run `server/main.ts` as a real child process (for kill -9 and SIGTERM tests, and e2e). */
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

export interface ServerProcess {
  child: ChildProcess
  port: number
  url: string
  wsUrl: string
  output(): string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const repoRoot = resolve(import.meta.dirname, '../..')

export async function spawnServer(env: Record<string, string>, timeoutMs = 20000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  )
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs)
    const onData = () => {
      const m = /running at http:\/\/[^:]+:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolvePort(Number(m[1]))
      }
    }
    child.stdout?.on('data', onData)
    void exited.then(() => reject(new Error(`server exited before start:\n${out}`)))
  })
  return { child, port, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/sync`, output: () => out, exited }
}
