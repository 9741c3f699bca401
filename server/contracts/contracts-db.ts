/**
 * Opens the contracts store, `DATA_DIR/contracts.sqlite`: WAL, foreign keys, a busy timeout, and the migrations of
 * contracts-schema.ts. Kept apart from the board and spend stores so an import never holds their write locks.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { CONTRACTS_MIGRATIONS } from './contracts-schema.ts'

export type ContractsDb = Database.Database

/** The contracts store's file inside a data directory. */
export const CONTRACTS_DB_FILENAME = 'contracts.sqlite'

/** Open (creating and migrating if needed) the contracts store at `filename`. */
export function openContractsDb(filename: string): ContractsDb {
  mkdirSync(dirname(filename), { recursive: true })
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
  migrateContractsDb(db)
  return db
}

function migrateContractsDb(db: ContractsDb): void {
  db.exec('CREATE TABLE IF NOT EXISTS contracts_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)')
  const applied = new Set((db.prepare('SELECT version FROM contracts_schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
  for (const migration of CONTRACTS_MIGRATIONS) {
    if (applied.has(migration.version)) continue
    db.transaction(() => {
      db.exec(migration.sql)
      db.prepare('INSERT INTO contracts_schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString())
    })()
  }
}

/** Bump the data version (call inside the transaction that changed the data). Returns the new value. */
export function bumpContractsVersion(db: ContractsDb): number {
  return (db.prepare('UPDATE contracts_version SET version = version + 1 WHERE id = 1 RETURNING version').get() as { version: number }).version
}

/** The current data version. */
export function contractsVersion(db: ContractsDb): number {
  return (db.prepare('SELECT version FROM contracts_version WHERE id = 1').get() as { version: number }).version
}
