/**
 * Composition root: loadConfig → createLogger → open storage → startServer → signal handlers.
 * SIGTERM/SIGINT flush every queued write, close connections with 1012 and exit 0.
 */
import { join } from 'node:path'
import { loadConfig } from './config'
import { createLogger } from './log'
import { openSqliteStorage } from './storage/sqlite/sqlite-storage'
import { startServer } from './start-server'
import { createWorkerCompactor } from './sync/worker-compactor'

async function main(): Promise<void> {
  const loaded = loadConfig()
  if (!loaded.ok) {
    console.error(`Pooled cannot start: invalid configuration\n  ${loaded.errors.join('\n  ')}\nSee .env.example for every variable and its default.`)
    process.exit(2)
  }
  const config = loaded.config
  const log = createLogger(config.LOG_LEVEL)
  const dbFile = join(config.DATA_DIR, 'pooled.sqlite')
  const storage = openSqliteStorage({ filename: dbFile, onWarning: (message) => log.warn(message) })
  log.info({ file: dbFile }, 'storage open (SQLite, WAL)')
  const compactor = createWorkerCompactor(log)
  const server = await startServer({ config, storage, log, compactor: compactor.compact })
  console.log(`Pooled is running at http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${server.port}`)

  let isStopping = false
  const stop = (signal: string) => {
    if (isStopping) return
    isStopping = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting')
      process.exit(1)
    }, config.SHUTDOWN_GRACE_MS + 5000)
    force.unref()
    server.close().then(
      async () => {
        await compactor.close()
        process.exit(0)
      },
      (err: unknown) => {
        log.error({ err: String(err) }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

void main()
