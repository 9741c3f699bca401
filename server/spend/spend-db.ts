/**
 * Opens the spend store, `DATA_DIR/spend.sqlite`: WAL, foreign keys, a busy timeout, and the migrations of
 * spend-schema.ts. The main thread and the import worker each open their own connection to the same file.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { SPEND_MIGRATIONS } from './spend-schema'

export type SpendDb = Database.Database

/** The spend store's file inside a data directory. */
export const SPEND_DB_FILENAME = 'spend.sqlite'

/**
 * Page cache per connection (KiB). An import writes a year of lines (about 100 MB with indexes) in batches; its index
 * pages stay cached between batches instead of being read back from the WAL, so it gets a larger cache (64 MiB) than
 * the server's connection (16 MiB), which reads totals and pages of lines.
 */
export const SPEND_CACHE_KIB = { server: 16 * 1024, import: 64 * 1024 } as const

/** Open (creating and migrating if needed) the spend store at `filename`; `role` 'import' for an import worker. */
export function openSpendDb(filename: string, role: 'server' | 'import' = 'server'): SpendDb {
  mkdirSync(dirname(filename), { recursive: true })
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  // WAL + NORMAL: a commit is durable once the WAL is synced at checkpoint; a crash loses at most the last commits,
  // never the file's consistency (an interrupted import is removed at start anyway).
  db.pragma('synchronous = NORMAL')
  // An import lets the WAL grow to the size of its lines before one checkpoint (import-worker.ts); when the WAL next
  // starts over, whichever connection restarts it cuts the file back to 64 MiB instead of keeping it that large.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
  db.pragma(`cache_size = -${SPEND_CACHE_KIB[role]}`)
  // Sorts and temp tables (GROUP BY of a year of lines, the identity and code maps) in memory, not temp files.
  db.pragma('temp_store = MEMORY')
  migrateSpendDb(db)
  return db
}

function migrateSpendDb(db: SpendDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS spend_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set((db.prepare('SELECT version FROM spend_schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
  for (const migration of SPEND_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO spend_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString())
    })()
  }
}

/** Bump an organisation's spend version (call inside the transaction that changed its data). Returns the new value. */
export function bumpSpendVersion(db: SpendDb, orgId: string): number {
  const row = db
    .prepare('INSERT INTO spend_versions (org_id, version) VALUES (?, 1) ON CONFLICT (org_id) DO UPDATE SET version = version + 1 RETURNING version')
    .get(orgId) as { version: number }
  return row.version
}

/** An organisation's current spend version (0 before any data). */
export function spendVersion(db: SpendDb, orgId: string): number {
  const row = db.prepare('SELECT version FROM spend_versions WHERE org_id = ?').get(orgId) as { version: number } | undefined
  return row?.version ?? 0
}
