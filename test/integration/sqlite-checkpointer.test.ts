import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStorage } from '../../server/storage/sqlite/sqlite-storage'
import { waitFor } from '../support/wait-for'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pooled-ckpt-'))
  dirs.push(dir)
  return join(dir, 'pooled.sqlite')
}
const update = (i: number) => new Uint8Array(600).fill(i % 251)

describe('background WAL checkpoints (SQLite)', () => {
  it('moves committed updates into the database file off the writer thread, and they read back', async () => {
    const file = tempDb()
    const storage = openSqliteStorage({ filename: file, checkpointIntervalMs: 20 })
    // The writer's own automatic checkpoint is only a backstop now.
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000)
    for (let i = 0; i < 200; i++) await storage.docs.append([{ docName: `doc-${i % 7}`, update: update(i) }])
    await waitFor(() => (storage.checkpointer?.stats.runs ?? 0) > 0)
    const result = await storage.checkpointer!.checkpointNow()
    expect(result.walFrames).toBeGreaterThan(0)
    expect(result.checkpointed).toBe(result.walFrames)
    expect(storage.checkpointer!.stats.failures).toBe(0)
    const loaded = await storage.docs.load('doc-3')
    expect(loaded.updates.length).toBe(29)
    expect(loaded.updates[0]).toEqual(update(3))
    await storage.close()
    // Reopened from the database file alone (close removed the WAL), everything is there.
    const reopened = openSqliteStorage({ filename: file, checkpointIntervalMs: 0 })
    expect((await reopened.docs.load('doc-6')).updates.length).toBe(28)
    await reopened.close()
  })

  it('keeps the WAL bounded under a steady stream of commits', async () => {
    const file = tempDb()
    const storage = openSqliteStorage({ filename: file, checkpointIntervalMs: 10 })
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100; i++) await storage.docs.append([{ docName: `doc-${i % 10}`, update: update(i) }])
      await new Promise((r) => setTimeout(r, 15))
    }
    await storage.checkpointer!.checkpointNow()
    await storage.docs.append([{ docName: 'doc-0', update: update(1) }])
    // 4,000 commits write about 28 MB of WAL (two 4 KiB pages each); it restarts from its start after at most the
    // 8 MiB backstop, so the file stays near that.
    expect(statSync(`${file}-wal`).size).toBeLessThan(12 * 1024 * 1024)
    await storage.close()
  })

  it('an in-memory database has no checkpointer', async () => {
    const storage = openSqliteStorage({ filename: ':memory:' })
    expect(storage.checkpointer).toBeNull()
    await storage.close()
  })
})
