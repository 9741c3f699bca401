/** Orchestrator side of the load client processes (bench/clients/agent.ts): fork, call with a timeout, stop. */
import type { ChildProcess } from 'node:child_process'
import { forkTracked, killChild } from './children'

export interface Agent {
  readonly pid: number
  call<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

export async function startAgent(tag: string): Promise<Agent> {
  const child: ChildProcess = forkTracked('bench/clients/agent.ts', [tag], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  child.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.result)
    else p.reject(new Error(`agent ${tag}: ${msg.error}`))
  })
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`agent ${tag} exited (${code})`))
    pending.clear()
  })
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve())
    child.once('error', reject)
  })
  return {
    pid: child.pid ?? -1,
    call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`agent ${tag}: ${cmd} timed out after ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, {
          resolve: (v) => {
            clearTimeout(timer)
            resolve(v as T)
          },
          reject: (e) => {
            clearTimeout(timer)
            reject(e)
          },
        })
        child.send({ id, cmd, args })
      })
    },
    async stop() {
      if (child.connected) child.send({ id: 0, cmd: 'exit', args: {} })
      await killChild(child, 'SIGTERM', 2000)
    },
  }
}
