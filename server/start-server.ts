/**
 * Wires storage, the room registry, the Hono app and the HTTP/WebSocket server together, and owns their lifecycle
 * (pings, graceful shutdown). Used by `server/main.ts` and by the integration tests (port 0).
 */
import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket as WsSocket } from 'ws'
import { LoginThrottle } from './auth/login-throttle'
import type { ScryptParams } from './auth/password'
import type { Config } from './config'
import { createApp } from './http/app'
import type { AuthorizeSync } from './http/app-env'
import type { Logger } from './log'
import type { Storage } from './storage/types'
import { compactInline, type Compactor } from './sync/compact'
import { layoutOfDocName } from '../shared/wire/doc-layout'
import { CloseCode } from '../shared/wire/protocol'
import { RoomRegistry } from './sync/room-registry'
import { seedKnowledgeBase } from './knowledge/seed-library'
import { join } from 'node:path'
import { openSpendDb, SPEND_DB_FILENAME } from './spend/spend-db'
import { SpendImportJobs } from './spend/import-jobs'
import { SpendReclassifier } from './spend/reclassify'
import { CONTRACTS_DB_FILENAME, openContractsDb } from './contracts/contracts-db'
import { ContractImportJobs } from './contracts/import-jobs'
import { ContractsService } from './contracts/contracts-service'

/**
 * 16 random bytes as base64url: 22 characters, 128 bits. Board ids are exactly this shape. An id never starts with
 * `-` or `_`: a leading `-` makes a spreadsheet read the cell as a formula, so CSV exports would have to prefix it
 * (and the exported id would no longer match).
 */
export function newOpaqueId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    if (id[0] !== '-' && id[0] !== '_') return id
  }
}

export interface RunningServer {
  port: number
  host: string
  registry: RoomRegistry
  storage: Storage
  /** Live websockets (pings, shutdown; tests inspect them). */
  sockets: ReadonlySet<WsSocket>
  /** Flush, close connections with 1012, stop listening, close storage. Idempotent. */
  close(): Promise<void>
}

export interface StartOptions {
  config: Config
  storage: Storage
  log: Logger
  compactor?: Compactor
  authorizeSync?: AuthorizeSync
  now?: () => Date
  throttle?: LoginThrottle
  scrypt?: ScryptParams
}

export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const { config, storage, log } = opts
  let isShuttingDown = false
  let connCounter = 0
  const sockets = new Set<WsSocket>()
  const registry = new RoomRegistry({
    store: storage.docs,
    log,
    compactor: opts.compactor ?? compactInline,
    compactAfterUpdates: config.COMPACT_AFTER_UPDATES,
    compactWhenQuietMs: config.COMPACT_WHEN_QUIET_MS,
    roomIdleUnloadMs: config.ROOM_IDLE_UNLOAD_MS,
    maxPendingBytes: config.MAX_PENDING_BYTES,
    maxDocBytes: config.MAX_DOC_BYTES,
    awarenessFlushMs: config.AWARENESS_FLUSH_MS,
    heldUpdateTimeoutMs: config.HELD_UPDATE_TIMEOUT_MS,
    layoutFor: layoutOfDocName,
  })
  const spendFile = join(config.DATA_DIR, SPEND_DB_FILENAME)
  const spendDb = openSpendDb(spendFile)
  const reclassifier = new SpendReclassifier(spendFile, log)
  const spendJobs = new SpendImportJobs({ db: spendDb, dbFile: spendFile, uploadDir: join(config.DATA_DIR, 'spend-uploads'), log, onDone: (orgId) => reclassifier.refreshPartners(orgId) })
  const contractsDb = openContractsDb(join(config.DATA_DIR, CONTRACTS_DB_FILENAME))
  const contractsService = new ContractsService({ db: contractsDb, accounts: storage.accounts })
  const contractJobs = new ContractImportJobs({ db: contractsDb, log, onChange: () => contractsService.invalidate() })
  const app = createApp({
    contracts: { db: contractsDb, maxUploadBytes: Math.min(config.CONTRACTS_MAX_UPLOAD_BYTES, config.MAX_UPLOAD_BYTES), jobs: contractJobs, service: contractsService },
    spend: { db: spendDb, filename: spendFile, dataDir: config.DATA_DIR, maxUploadBytes: config.MAX_UPLOAD_BYTES, jobs: spendJobs, reclassifier },
    storage,
    log,
    now: opts.now ?? (() => new Date()),
    newId: newOpaqueId,
    isShuttingDown: () => isShuttingDown,
    staticRoot: config.STATIC_ROOT,
    ...(config.TLDRAW_LICENSE_KEY ? { tldrawLicenseKey: config.TLDRAW_LICENSE_KEY } : {}),
    throttle: opts.throttle ?? new LoginThrottle(),
    ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
    defaultSignupMode: config.SIGNUP_MODE,
    allowedOrigins: config.ALLOWED_ORIGINS,
    async onAccessChanged(boardId) {
      await registry.reauthorize(boardId)
    },
    onUserDeactivated(userId) {
      registry.closePrincipal(userId, CloseCode.AccessRevoked, 'account closed')
    },
    async onBoardDeleted(boardId) {
      for (const room of registry.roomsWithPrefix(boardId)) registry.evict(room.name, CloseCode.BoardDeleted, 'board deleted')
      await registry.flushWrites()
    },
    sync: {
      registry,
      sockets,
      newConnId: () => `c${(++connCounter).toString(36)}`,
      ...(opts.authorizeSync ? { authorizeSync: opts.authorizeSync } : {}),
    },
  })

  await seedKnowledgeBase(storage.knowledge, log, new Date())

  // perMessageDeflate off: Yjs updates are small and the CPU matters more (see docs/benchmarks.md).
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.MAX_MESSAGE_BYTES, perMessageDeflate: false })
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, websocket: { server: wss } }, () => resolveServer(s))
    s.once('error', reject)
  })
  const address = server.address() as AddressInfo
  log.info({ host: config.HOST, port: address.port }, 'listening')

  // Pings find dead peers (laptop lid closed, network gone) so their presence does not linger.
  const alive = new WeakSet<WsSocket>()
  const pinger = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.has(ws) && (ws as WsSocket & { pingedOnce?: boolean }).pingedOnce) {
        ws.terminate()
        continue
      }
      alive.delete(ws)
      ;(ws as WsSocket & { pingedOnce?: boolean }).pingedOnce = true
      if (ws.listenerCount('pong') === 0) ws.on('pong', () => alive.add(ws))
      try {
        ws.ping()
      } catch {
        // reason: a socket closing under us; the close handler cleans up
      }
    }
  }, config.WS_PING_INTERVAL_MS)
  pinger.unref()

  let closing: Promise<void> | null = null
  return {
    port: address.port,
    host: config.HOST,
    registry,
    storage,
    sockets,
    close() {
      if (closing) return closing
      isShuttingDown = true
      closing = (async () => {
        clearInterval(pinger)
        await registry.close()
        for (const ws of sockets) ws.close(CloseCode.ServiceRestart, 'server restarting')
        await new Promise<void>((r) => {
          server.close(() => r())
          // Idle keep-alive HTTP connections would hold close() open.
          ;(server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.()
        })
        await contractJobs.close()
        await storage.close()
        await spendJobs.close()
        await reclassifier.close()
        spendDb.close()
        contractsDb.close()
        log.info('stopped')
      })()
      return closing
    },
  }
}
