/** Runs the DocStore contract against memory and SQLite (file, WAL). */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryDocStore } from '../../server/storage/memory'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { registerDocStoreContract } from './doc-store.contract'

registerDocStoreContract('memory', async () => ({ store: createMemoryDocStore(), cleanup: async () => {} }))

registerDocStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pooled-contract-'))
  const storage = openSqliteStorage({ filename: join(dir, 'db.sqlite') })
  return {
    store: storage.docs,
    async cleanup() {
      await storage.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
