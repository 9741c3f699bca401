/** Start a real Pooled server on port 0 for integration tests, with SQLite in a temp dir (or a given dir). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testConfig } from '../../server/config'
import { createSilentLogger } from '../../server/log'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { startServer, type RunningServer, type StartOptions } from '../../server/start-server'

export interface TestServer extends RunningServer {
  url: string
  wsUrl: string
  dataDir: string
  createBoard(title?: string): Promise<string>
  /** Close the server; the data dir stays so a restart can reopen it. */
  stop(): Promise<void>
  /** Close and delete the data dir. */
  destroy(): Promise<void>
}

export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string> } & Partial<Pick<StartOptions, 'authorizeSync' | 'compactor'>> = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pooled-test-'))
  const config = testConfig({ PORT: '0', DATA_DIR: dataDir, STATIC_ROOT: join(dataDir, 'no-client'), ...options.env })
  const storage = openSqliteStorage({ filename: join(dataDir, 'pooled.sqlite') })
  const server = await startServer({
    config,
    storage,
    log: createSilentLogger(),
    ...(options.authorizeSync ? { authorizeSync: options.authorizeSync } : {}),
    ...(options.compactor ? { compactor: options.compactor } : {}),
  })
  const url = `http://127.0.0.1:${server.port}`
  return {
    ...server,
    url,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    dataDir,
    async createBoard(title = 'Test board') {
      const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) })
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
