/**
 * Every child process the bench starts goes through here, so all of them are killed on exit, on SIGINT/SIGTERM and
 * on an uncaught exception. Kills are by pid (and process group when the child leads one), never by name.
 */
import { fork, spawn, type ChildProcess, type ForkOptions, type SpawnOptions } from 'node:child_process'

const live = new Set<ChildProcess>()

function track(child: ChildProcess): ChildProcess {
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

export function spawnTracked(cmd: string, args: string[], opts: SpawnOptions): ChildProcess {
  return track(spawn(cmd, args, opts))
}

export function forkTracked(module: string, args: string[], opts: ForkOptions): ChildProcess {
  return track(fork(module, args, opts))
}

/** Sends `signal`, then SIGKILL if the child has not exited after `graceMs`. Resolves when it has exited. */
export function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const hard = setTimeout(() => {
      try {
        child.kill('SIGKILL')
      } catch {
        // reason: already gone.
      }
    }, graceMs)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve()
    })
    try {
      child.kill(signal)
    } catch {
      clearTimeout(hard)
      resolve()
    }
  })
}

export async function killAll(): Promise<void> {
  await Promise.all([...live].map((c) => killChild(c, 'SIGTERM', 2000)))
}

function killAllSync(): void {
  for (const c of live) {
    try {
      c.kill('SIGKILL')
    } catch {
      // reason: already gone.
    }
  }
}

let installed = false
/** Install exit hooks once: children never outlive the orchestrator. */
export function installCleanupHooks(onSignal: () => Promise<void>): void {
  if (installed) return
  installed = true
  process.on('exit', killAllSync)
  const handler = (sig: string) => {
    process.stderr.write(`\nbench: ${sig}, stopping all child processes\n`)
    void onSignal().finally(() => {
      killAllSync()
      process.exit(130)
    })
  }
  process.on('SIGINT', () => handler('SIGINT'))
  process.on('SIGTERM', () => handler('SIGTERM'))
}
