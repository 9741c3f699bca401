/**
 * Durability against a killed process: after `kill -9` in the middle of editing, every update that any other client
 * received (i.e. was broadcast) is present after restart. SIGTERM flushes, closes with 1012 and exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer } from '../support/server-process'
import { rawConnect } from '../support/raw-ws'
import { connectSynced } from '../support/yclient'
import { waitFor } from '../support/wait-for'
import { geoShape } from '../support/tl-records'

const dataDir = mkdtempSync(join(tmpdir(), 'pooled-crash-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

let token = ''
async function createBoard(url: string): Promise<string> {
  if (!token) {
    const signup = await fetch(`${url}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Crash Tester', email: 'crash@example.gov.uk', password: 'correct horse battery', organisation: { name: 'Crash County Council', shortName: 'CCC', colour: '#aa3311' } }),
    })
    token = ((await signup.json()) as { token: string }).token
  }
  const res = await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"title":"Crash"}' })
  return ((await res.json()) as { id: string }).id
}
const auth = () => ({ params: { token } })

describe('process crashes and shutdown', () => {
  it('R12 the real server compacts in a worker thread and the board reloads identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pooled-compact-'))
    try {
      const server = await spawnServer({ DATA_DIR: dir, COMPACT_AFTER_UPDATES: '20' })
      const board = await createBoard(server.url)
      const writer = await connectSynced(server.wsUrl, board, auth())
      for (let n = 0; n < 100; n++) writer.records.set('shape:moving', geoShape('shape:moving', n, { meta: { pad: 'p'.repeat(300) } }))
      const db = new Database(join(dir, 'pooled.sqlite'), { readonly: true })
      await waitFor(() => {
        const row = db.prepare('SELECT through_seq FROM doc_snapshots WHERE doc_name = ?').get(board) as { through_seq: number } | undefined
        return (row?.through_seq ?? 0) >= 20
      }, 10000, 'a snapshot written by the worker')
      // Garbage collection dropped the superseded versions: far smaller than 100 × 300 bytes.
      const snap = db.prepare('SELECT length(data) AS n FROM doc_snapshots WHERE doc_name = ?').get(board) as { n: number }
      expect(snap.n).toBeLessThan(5000)
      db.close()
      writer.destroy()
      server.child.kill('SIGTERM')
      await server.exited
      const again = await spawnServer({ DATA_DIR: dir })
      const reader = await connectSynced(again.wsUrl, board, auth())
      expect((reader.records.get('shape:moving') as { x: number }).x).toBe(99)
      reader.destroy()
      again.child.kill('SIGTERM')
      await again.exited
    } finally {
      rmSync(dir, { recursive: true, force: true })
      token = ''
    }
  })

  it('R4 after kill -9 mid-edit, nothing that was broadcast is missing', async () => {
    const first = await spawnServer({ DATA_DIR: dataDir, COMPACT_AFTER_UPDATES: '50' })
    const board = await createBoard(first.url)
    const writer = await connectSynced(first.wsUrl, board, auth())
    const watcher = await connectSynced(first.wsUrl, board, auth())
    // Edit continuously; kill the server while updates are still flowing.
    let i = 0
    const timer = setInterval(() => {
      for (let k = 0; k < 20; k++) {
        writer.records.set(`shape:${i % 300}`, geoShape(`shape:${i % 300}`, i, { meta: { note: 'x'.repeat(200) } }))
        i++
      }
    }, 2)
    await waitFor(() => watcher.records.size >= 300, 10000, 'watcher received a good share of edits')
    first.child.kill('SIGKILL')
    await first.exited
    clearInterval(timer)
    const seen = new Map([...watcher.records.entries()].map(([k, v]) => [k, JSON.stringify(v)]))
    writer.destroy()
    watcher.destroy()
    const second = await spawnServer({ DATA_DIR: dataDir })
    const reader = await connectSynced(second.wsUrl, board, auth())
    // Every record the watcher saw exists, at the version the watcher saw or a later one.
    for (const [key, json] of seen) {
      const now = reader.records.get(key) as { x: number } | undefined
      expect(now, `record ${key} lost`).toBeDefined()
      expect((now as { x: number }).x).toBeGreaterThanOrEqual((JSON.parse(json) as { x: number }).x)
    }
    reader.destroy()
    second.child.kill('SIGTERM')
    await second.exited
  })

  it('R13 SIGTERM closes connections with 1012, compacts and exits 0, keeping every edit', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir })
    const board = await createBoard(server.url)
    const client = await connectSynced(server.wsUrl, board, auth())
    const watcher = await connectSynced(server.wsUrl, board, auth())
    for (let n = 0; n < 50; n++) client.records.set(`shape:n${n}`, geoShape(`shape:n${n}`, n))
    await waitFor(() => watcher.records.size === 50, 5000, 'edits broadcast')
    watcher.provider.shouldConnect = false
    const raw = rawConnect(`${server.wsUrl}/${board}?token=${token}`)
    await raw.opened
    client.provider.shouldConnect = false
    server.child.kill('SIGTERM')
    const closed = await raw.closed
    expect(closed.code).toBe(1012)
    expect((await server.exited).code).toBe(0)
    // R12: shutdown folded the log into one snapshot with its state vector, so the next start decodes nothing.
    const db = new Database(join(dataDir, 'pooled.sqlite'), { readonly: true })
    expect((db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE doc_name = ?').get(board) as { n: number }).n).toBe(0)
    expect((db.prepare('SELECT state_vector FROM doc_snapshots WHERE doc_name = ?').get(board) as { state_vector: Buffer | null }).state_vector).not.toBeNull()
    db.close()
    client.destroy()
    watcher.destroy()
    const again = await spawnServer({ DATA_DIR: dataDir })
    const reader = await connectSynced(again.wsUrl, board, auth())
    expect(reader.records.size).toBe(50)
    reader.destroy()
    again.child.kill('SIGTERM')
    await again.exited
  })
})
