/** Start a real Pooled server on port 0 for integration tests, with SQLite in a temp dir (or a given dir). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LoginThrottle } from '../../server/auth/login-throttle'
import { testConfig } from '../../server/config'
import { createSilentLogger } from '../../server/log'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { startServer, type RunningServer, type StartOptions } from '../../server/start-server'

export interface TestAccount {
  token: string
  userId: string
  orgId: string
  email: string
}

export interface TestServer extends RunningServer {
  url: string
  wsUrl: string
  dataDir: string
  /** The account created at start (first account: deployment admin), used by createBoard. */
  admin: TestAccount
  /** Sign up a new person; with `orgInviteToken` they join that organisation, else they create `org`. */
  signup(name: string, org?: string, extra?: Record<string, unknown>): Promise<TestAccount>
  /** JSON request with a bearer token. */
  api(token: string | null, method: string, path: string, body?: unknown): Promise<Response>
  createBoard(title?: string, token?: string): Promise<string>
  /** Close the server; the data dir stays so a restart can reopen it. */
  stop(): Promise<void>
  /** Close and delete the data dir. */
  destroy(): Promise<void>
}

export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string>; reuseAdmin?: TestAccount } & Partial<Pick<StartOptions, 'authorizeSync' | 'compactor'>> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pooled-test-'))
  const config = testConfig({ PORT: '0', DATA_DIR: dataDir, STATIC_ROOT: join(dataDir, 'no-client'), ...options.env })
  const storage = openSqliteStorage({ filename: join(dataDir, 'pooled.sqlite') })
  const server = await startServer({
    config,
    storage,
    log: createSilentLogger(),
    // Cheap scrypt for tests; production uses DEFAULT_SCRYPT.
    scrypt: { N: 1024, r: 8, p: 1 },
    throttle: new LoginThrottle({ baseDelayMs: 40, maxDelayMs: 160 }),
    ...(options.authorizeSync ? { authorizeSync: options.authorizeSync } : {}),
    ...(options.compactor ? { compactor: options.compactor } : {}),
  })
  const url = `http://127.0.0.1:${server.port}`
  const api = (token: string | null, method: string, path: string, body?: unknown) =>
    fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  let counter = 0
  const signup = async (name: string, org?: string, extra: Record<string, unknown> = {}): Promise<TestAccount> => {
    counter += 1
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}.${Math.random().toString(36).slice(2, 8)}@example.gov.uk`
    const orgName = org ?? `${name} Council ${counter} ${Math.random().toString(36).slice(2, 6)}`
    const body = {
      name,
      email,
      password: 'correct horse battery',
      ...(extra['orgInviteToken'] ? {} : { organisation: { name: orgName, shortName: orgName.slice(0, 10), colour: '#1f77b4' } }),
      ...extra,
    }
    const res = await api(null, 'POST', '/api/auth/signup', body)
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`)
    const json = (await res.json()) as { token: string; user: { id: string; orgId: string } }
    return { token: json.token, userId: json.user.id, orgId: json.user.orgId, email }
  }
  const admin = options.dataDir && options.reuseAdmin ? options.reuseAdmin : await signup('Admin', 'Admin Borough Council')
  return {
    ...server,
    url,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    dataDir,
    admin,
    signup,
    api,
    async createBoard(title = 'Test board', token = admin.token) {
      const res = await api(token, 'POST', '/api/boards', { title })
      if (res.status !== 201) throw new Error(`createBoard failed: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { id: string }).id
    },
    stop: () => server.close(),
    async destroy() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
