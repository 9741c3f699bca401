/**
 * The types every HTTP module shares: the Hono environment (`AppEnv`), what the app is built from (`AppDeps`) and
 * the authorisation seam of the websocket upgrade. Kept apart from app.ts, which imports every route, so that routes
 * import these types without importing the app (no import cycle).
 */
import type { Context } from 'hono'
import type { WebSocket as WsSocket } from 'ws'
import type { LoginThrottle } from '../auth/login-throttle'
import type { Principal } from '../auth/access'
import type { ScryptParams } from '../auth/password'
import type { Logger } from '../log'
import type { ContractsDb } from '../contracts/contracts-db'
import type { ContractImportJobs } from '../contracts/import-jobs'
import type { ContractsService } from '../contracts/contracts-service'
import type { SpendDb } from '../spend/spend-db'
import type { SpendImportJobs } from '../spend/import-jobs'
import type { SpendReclassifier } from '../spend/reclassify'
import type { Storage } from '../storage/types'
import type { AwarenessStamp } from '../sync/room'
import type { RoomRegistry } from '../sync/room-registry'
import type { ContentInspector } from '../sync/update-check'

/** Per-request values: the request id (hono/request-id) and the signed-in caller (auth-middleware.ts). */
export type AppEnv = { Variables: { requestId: string; principal: Principal | null } }

/** What the authorisation seam decides for an upgrade. */
export type SyncAccess =
  | {
      ok: true
      canWrite: boolean
      role?: string
      stampAwareness?: AwarenessStamp
      /** The person behind the connection, for live access changes. */
      principal?: string
      /** Content policy for this connection's writes. */
      inspectContent?: ContentInspector
      /** Re-evaluate access (after sharing changes); applied to the live connection. */
      reauthorize?: () => Promise<SyncAccess>
    }
  | { ok: false; status: 401 | 403 | 404; message: string }

/** Decides who may open a document over the websocket (sync-access.ts; tests pass their own). */
export type AuthorizeSync = (c: Context<AppEnv>, boardId: string, docName: string) => Promise<SyncAccess>

/** The sync side of the app: the room registry and the live sockets it shares with the server's lifecycle. */
export interface AppSyncDeps {
  registry: RoomRegistry
  /** Live sockets, for pings and shutdown. */
  sockets: Set<WsSocket>
  newConnId(): string
  /** Replaces the account-based authoriser (tests). */
  authorizeSync?: AuthorizeSync
}

export interface AppDeps {
  storage: Storage
  log: Logger
  now(): Date
  newId(): string
  /** Close live sessions of a deleted board and wait for its queued writes. */
  onBoardDeleted(boardId: string): Promise<void>
  isShuttingDown(): boolean
  /** Re-check live connections of a board after its sharing changed (applies within the request). */
  onAccessChanged(boardId: string): Promise<void>
  /** Close every live connection of a person whose account was closed. */
  onUserDeactivated(userId: string): void
  throttle: LoginThrottle
  /** scrypt cost; tests lower it. */
  scrypt?: ScryptParams
  defaultSignupMode?: 'open' | 'invite-only'
  /** Directory of the built client; omitted in API-only tests. */
  staticRoot?: string
  sync?: AppSyncDeps
  maxJsonBytes?: number
  /** Other sites whose pages may open boards with the session cookie (ALLOWED_ORIGINS); Pooled's own always may. */
  allowedOrigins?: readonly string[]
  /** tldraw SDK licence key handed to the browser (TLDRAW_LICENSE_KEY). */
  tldrawLicenseKey?: string
  /** The spend store (main-thread connection) and where its file is, for the import worker's own connection. */
  spend?: { db: SpendDb; filename: string; dataDir: string; maxUploadBytes: number; jobs: SpendImportJobs; reclassifier: SpendReclassifier }
  /** The contracts store, its import jobs and the visibility/matching service (server/contracts). */
  contracts?: { db: ContractsDb; maxUploadBytes: number; jobs: ContractImportJobs; service: ContractsService }
}
