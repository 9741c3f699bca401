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

/** Open (creating and migrating if needed) the spend store at `filename`. */
export function openSpendDb(filename: string): SpendDb {
  mkdirSync(dirname(filename), { recursive: true })
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
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
