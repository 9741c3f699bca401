/**
 * Pooled as a bench target: `node --import tsx server/main.ts` with a fresh DATA_DIR, boards created through
 * `POST /api/boards`, sync at `ws://127.0.0.1:<port>/sync/<id>`. When accounts arrive, the token goes here only.
 */
import { freePort, freshDir, HOST, launch, type ServerProcess } from './server-process'
import type { Target, TargetFactory } from './types'

export const startPooled: TargetFactory = async (opts) => {
  const port = await freePort()
  const dataDir = freshDir('pooled')
  const env = {
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: opts.logLevel ?? 'warn',
    ROOM_IDLE_UNLOAD_MS: String(opts.roomIdleUnloadMs ?? 30_000),
    STATIC_ROOT: 'dist',
    ...opts.env,
  }
  const lineListeners: Array<(line: string) => void> = []
  let unloadedSinceMark = 0
  const start = async (): Promise<ServerProcess> => {
    // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the server (on its graceful exit) for `npm run bench:profile`-style digging.
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
    // BENCH_NODE_FLAGS: extra node flags for the Pooled server, e.g. --trace-gc (see BENCH_SERVER_LOG).
    const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)
    const p = await launch('pooled', [...prof, ...extra, '--import', 'tsx', 'server/main.ts'], env, `http://${HOST}:${port}/healthz`)
    p.onLine((line) => {
      if (line.includes('"room unloaded"')) unloadedSinceMark++
      for (const fn of lineListeners) fn(line)
    })
    return p
  }
  let proc = await start()
  const base = `http://${HOST}:${port}`
  // Auth seam: once accounts exist, the bench signs up the first user (who becomes admin) and uses its session token
  // as `Authorization: Bearer` for the API and `?token=` on the websocket. Before accounts, no token is needed.
  let token: string | null = null
  const authHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {})
  const signUp = async () => {
    const res = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Bench Runner',
        email: 'bench@pooled.invalid',
        password: 'bench-password-0123',
        organisation: { name: 'Bench Organisation', shortName: 'BENCH', colour: '#1f77b4' },
      }),
    })
    if (res.status !== 201) throw new Error(`pooled: sign-up for the bench user failed: ${res.status} ${await res.text()}`)
    token = ((await res.json()) as { token: string }).token
  }
  const target: Target = {
    name: 'pooled',
    get pid() {
      return proc.pid
    },
    port,
    isStateful: true,
    async createBoard(title) {
      const post = () =>
        fetch(`${base}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', ...authHeaders() }, body: JSON.stringify({ title }) })
      let res = await post()
      if (res.status === 401 && token === null) {
        await res.body?.cancel()
        await signUp()
        res = await post()
      }
      if (res.status !== 201) throw new Error(`POST /api/boards → ${res.status}: ${await res.text()}`)
      const body = (await res.json()) as { id: string }
      return body.id
    },
    connectInfo(boardId) {
      const serverUrl = `ws://${HOST}:${port}/sync`
      const params: Record<string, string> = token ? { token } : {}
      const query = token ? `?token=${encodeURIComponent(token)}` : ''
      return { serverUrl, room: boardId, params, url: `${serverUrl}/${boardId}${query}` }
    },
    browserCookies() {
      return token ? [{ name: 'pooled_session', value: token }] : []
    },
    onLine(fn) {
      lineListeners.push(fn)
    },
    mark() {
      unloadedSinceMark = 0
    },
    async waitUnloaded(count, timeoutMs) {
      if (opts.logLevel !== 'info') throw new Error('pooled: waitUnloaded needs logLevel "info"')
      const deadline = performance.now() + timeoutMs
      while (unloadedSinceMark < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25))
      return unloadedSinceMark >= count
    },
    async restart() {
      await proc.stop('SIGTERM')
      proc = await start()
    },
    stop: () => proc.stop('SIGTERM'),
  }
  return target
}
