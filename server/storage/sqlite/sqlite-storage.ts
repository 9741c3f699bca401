/**
 * SQLite storage (better-sqlite3, WAL). The embedded default: one file under DATA_DIR.
 * `synchronous=NORMAL` in WAL mode commits without fsync: durable against a process crash (kill -9), not a power cut;
 * set SQLITE_SYNCHRONOUS=FULL semantics by passing `{ synchronous: 'FULL' }` for power-cut durability.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AppendEntry, BoardRepo, BoardRow, DocStore, Storage, StoredDoc } from '../types'
import { startCheckpointer, type Checkpointer } from './checkpointer'
import { SQLITE_MIGRATIONS } from './migrations'
import { createAccountRepo, createInviteRepo, createShareRepo } from './sqlite-accounts'
import { createKnowledgeRepo } from './sqlite-knowledge'

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  filename: string
  synchronous?: 'NORMAL' | 'FULL'
  /**
   * WAL checkpoints in a worker thread this long after new document commits (default 1000 ms; files only). 0 leaves
   * checkpoints to SQLite's automatic checkpoint on the writer's thread.
   */
  checkpointIntervalMs?: number
  /** Told when a background checkpoint fails (the backstop automatic checkpoint still bounds the WAL). */
  onWarning?: (message: string) => void
}

/** Automatic checkpoint threshold (pages of 4 KiB, 8 MiB) when checkpoints run in the background: a backstop that
 * finishes what the worker left (a few pages, then the WAL restarts from its start), so the WAL stays small. */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 2048
/** After a checkpoint resets the WAL, a WAL file grown by a burst is truncated back to this size. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

type Db = Database.Database

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  )
  for (const migration of SQLITE_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      )
    })()
  }
}

const toU8 = (buf: Buffer): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)

function createDocStore(db: Db, afterCommit: () => void): DocStore {
  const selectSnapshot = db.prepare<[string], { data: Buffer; through_seq: number; state_vector: Buffer | null }>(
    'SELECT data, through_seq, state_vector FROM doc_snapshots WHERE doc_name = ?',
  )
  const selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq',
  )
  const insertUpdate = db.prepare<[string, Buffer]>('INSERT INTO doc_updates (doc_name, data) VALUES (?, ?)')
  const upsertSnapshot = db.prepare<[string, Buffer, number, string, Buffer | null]>(
    `INSERT INTO doc_snapshots (doc_name, data, through_seq, updated_at, state_vector) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (doc_name) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq, updated_at = excluded.updated_at,
       state_vector = excluded.state_vector
     WHERE excluded.through_seq >= doc_snapshots.through_seq`,
  )
  const deleteUpdatesThrough = db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?')
  const deleteDocUpdates = db.prepare<[string]>('DELETE FROM doc_updates WHERE doc_name = ?')
  const deleteDocSnapshot = db.prepare<[string]>('DELETE FROM doc_snapshots WHERE doc_name = ?')
  // Prefix match without LIKE wildcards: names are [A-Za-z0-9_~:-], range scan on the primary key/index.
  const deleteUpdatesPrefix = db.prepare<[string, string]>('DELETE FROM doc_updates WHERE doc_name >= ? AND doc_name < ?')
  const deleteSnapshotsPrefix = db.prepare<[string, string]>('DELETE FROM doc_snapshots WHERE doc_name >= ? AND doc_name < ?')

  const appendAll = db.transaction((entries: readonly AppendEntry[]): number[] => {
    const seqs: number[] = []
    for (const entry of entries) {
      const info = insertUpdate.run(entry.docName, Buffer.from(entry.update.buffer, entry.update.byteOffset, entry.update.byteLength))
      seqs.push(Number(info.lastInsertRowid))
    }
    return seqs
  })
  const compactTx = db.transaction((docName: string, snapshot: Uint8Array, throughSeq: number, sv: Uint8Array | undefined) => {
    upsertSnapshot.run(
      docName,
      Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength),
      throughSeq,
      new Date().toISOString(),
      sv ? Buffer.from(sv.buffer, sv.byteOffset, sv.byteLength) : null,
    )
    deleteUpdatesThrough.run(docName, throughSeq)
  })
  const loadTx = db.transaction((docName: string): StoredDoc => {
    const snap = selectSnapshot.get(docName)
    const rows = selectUpdates.all(docName, snap ? snap.through_seq : 0)
    const last = rows.at(-1)
    return {
      snapshot: snap ? toU8(snap.data) : null,
      snapshotStateVector: snap?.state_vector ? toU8(snap.state_vector) : null,
      updates: rows.map((r) => toU8(r.data)),
      lastSeq: last ? last.seq : snap ? snap.through_seq : 0,
    }
  })
  const prefixEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)
  return {
    async load(docName) {
      return loadTx(docName)
    },
    async append(entries) {
      if (entries.length === 0) return []
      const seqs = appendAll(entries)
      afterCommit()
      return seqs
    },
    async compact(docName, snapshot, throughSeq, stateVector) {
      compactTx(docName, snapshot, throughSeq, stateVector)
      afterCommit()
    },
    async delete(docName) {
      db.transaction(() => {
        deleteDocUpdates.run(docName)
        deleteDocSnapshot.run(docName)
      })()
    },
    async deletePrefix(prefix) {
      if (prefix.length === 0) throw new Error('deletePrefix needs a non-empty prefix')
      const end = prefixEnd(prefix)
      db.transaction(() => {
        deleteUpdatesPrefix.run(prefix, end)
        deleteSnapshotsPrefix.run(prefix, end)
      })()
    },
  }
}

type BoardDb = { id: string; title: string; created_at: string; updated_at: string; owner_id: string | null }

function createBoardRepo(db: Db): BoardRepo {
  const insert = db.prepare<[string, string, string, string, string | null]>(
    'INSERT INTO boards (id, title, created_at, updated_at, owner_id) VALUES (?, ?, ?, ?, ?)',
  )
  const selectOne = db.prepare<[string], BoardDb>('SELECT id, title, created_at, updated_at, owner_id FROM boards WHERE id = ?')
  const selectAll = db.prepare<[], BoardDb>('SELECT id, title, created_at, updated_at, owner_id FROM boards ORDER BY created_at DESC, id')
  const selectOwnerless = db.prepare<[], { id: string }>('SELECT id FROM boards WHERE owner_id IS NULL')
  const adopt = db.prepare<[string]>('UPDATE boards SET owner_id = ? WHERE owner_id IS NULL')
  const update = db.prepare<[string, string, string]>('UPDATE boards SET title = ?, updated_at = ? WHERE id = ?')
  const remove = db.prepare<[string]>('DELETE FROM boards WHERE id = ?')
  const toRow = (r: BoardDb): BoardRow => ({
    id: r.id,
    title: r.title,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ownerId: r.owner_id,
  })
  return {
    async create(row) {
      insert.run(row.id, row.title, row.createdAt, row.updatedAt, row.ownerId ?? null)
    },
    async listByIds(ids) {
      if (ids.length === 0) return []
      const unique = [...new Set(ids)]
      const rows: BoardDb[] = []
      // Chunk to stay under SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500)
        rows.push(
          ...(db
            .prepare(`SELECT id, title, created_at, updated_at, owner_id FROM boards WHERE id IN (${chunk.map(() => '?').join(',')})`)
            .all(...chunk) as BoardDb[]),
        )
      }
      return rows.map(toRow).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
    },
    async adoptOwnerless(ownerId) {
      return db.transaction(() => {
        const ids = selectOwnerless.all().map((r) => r.id)
        adopt.run(ownerId)
        return ids
      })()
    },
    async get(id) {
      const r = selectOne.get(id)
      return r ? toRow(r) : null
    },
    async list() {
      return selectAll.all().map(toRow)
    },
    async updateTitle(id, title, updatedAt) {
      const info = update.run(title, updatedAt, id)
      if (info.changes === 0) return null
      const r = selectOne.get(id)
      return r ? toRow(r) : null
    },
    async delete(id) {
      return remove.run(id).changes > 0
    },
  }
}

/** Open (creating if needed) the SQLite database, apply migrations, and return the storage facade. */
export function openSqliteStorage(options: SqliteOptions): Storage & { db: Db; checkpointer: Checkpointer | null } {
  if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true })
  const db = new Database(options.filename)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`)
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  migrate(db)
  const intervalMs = options.checkpointIntervalMs ?? 1000
  let checkpointer: Checkpointer | null = null
  if (options.filename !== ':memory:' && intervalMs > 0) {
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`)
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`)
    checkpointer = startCheckpointer(options.filename, intervalMs, (message) => options.onWarning?.(`WAL checkpoint failed: ${message}`))
  }
  const afterCommit = checkpointer ? checkpointer.noteCommit : () => undefined
  let open = true
  return {
    db,
    checkpointer,
    docs: createDocStore(db, afterCommit),
    boards: createBoardRepo(db),
    accounts: createAccountRepo(db),
    shares: createShareRepo(db),
    invites: createInviteRepo(db),
    knowledge: createKnowledgeRepo(db),
    isHealthy: () => open && db.open,
    async close() {
      if (!open) return
      open = false
      await checkpointer?.close()
      db.close()
    },
  }
}
