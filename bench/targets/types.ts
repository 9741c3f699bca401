/**
 * The contract every bench target implements, so scenarios never know which server they drive. Auth, when it comes,
 * is added in one adapter (`createBoard` and `connectInfo` are the only places that need a token).
 */

export type TargetName = 'pooled' | 'reference' | 'relay'

export interface TargetStartOptions {
  /** Room idle unload delay for servers that have one (Pooled). */
  roomIdleUnloadMs?: number
  /** Pooled log level; `info` is used where the bench needs the "room unloaded" lines. */
  logLevel?: 'warn' | 'info'
  /** Extra environment for the server process (Pooled), e.g. SPEND_IMPORT_PROFILE=1. */
  env?: Record<string, string>
}

/** How a client reaches one board: y-websocket's `new WebsocketProvider(serverUrl, room, doc)` and the raw URL it opens. */
export interface ConnectInfo {
  serverUrl: string
  room: string
  /** Query parameters (e.g. an auth token); WebsocketProvider's `params` option. */
  params: Record<string, string>
  /** serverUrl + '/' + room + ?params, which is what WebsocketProvider opens. */
  url: string
}

export interface Target {
  readonly name: TargetName
  /** Server process id (for /proc CPU and RSS). */
  readonly pid: number
  readonly port: number
  /** Whether the target keeps documents (false for the relay). */
  readonly isStateful: boolean
  createBoard(title: string): Promise<string>
  connectInfo(boardId: string): ConnectInfo
  /** Resolves once `count` rooms have unloaded since `mark()` (or best effort for targets that do not say). */
  mark(): void
  waitUnloaded(count: number, timeoutMs: number): Promise<boolean>
  /** Cookies a browser needs to open a board (the session), for targets with a browser client. */
  browserCookies?(): Array<{ name: string; value: string }>
  /** Every line the server process prints (Pooled), across restarts. */
  onLine?(fn: (line: string) => void): void
  /** Stop and start the server process on the same port and data dir. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export type TargetFactory = (opts: TargetStartOptions) => Promise<Target>
