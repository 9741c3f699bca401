/**
 * Seeds an organisation's spend straight into a server's spend store (DATA_DIR/spend.sqlite, its own connection, as
 * the import worker has): one ready file, its lines, then the organisation's totals rebuilt and its version bumped,
 * exactly as an import leaves them. Faster than uploading through the worker for tests of what is built on top.
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { openSpendDb, SPEND_DB_FILENAME, type SpendDb } from '../../server/spend/spend-db'
import { rebuildOrgTotals } from '../../server/spend/totals'

export interface SeedLine {
  /** ISO date, or null. */
  date: string | null
  amountPence: number
  supplierName: string
  /** The supplier identity; default: the name lower-cased with runs of non-letters as one space. '' = withheld. */
  supplierKey?: string
  /** ProClass code, or null for an unclassified line. */
  code: string | null
  purpose?: string
}

/** Opens the spend store of a test server's data directory. Close it when done. */
export function openTestSpendDb(dataDir: string): SpendDb {
  return openSpendDb(join(dataDir, SPEND_DB_FILENAME))
}

const keyOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()

/** Adds one ready file of `lines` to `orgId`'s dataset and rebuilds its totals. Returns the file id. */
export function seedSpendFile(db: SpendDb, orgId: string, filename: string, lines: readonly SeedLine[], uploadedBy = 'seed'): string {
  const fileId = randomUUID()
  const dates = lines.map((l) => l.date).filter((d): d is string => d !== null).sort()
  db.transaction(() => {
    db.prepare(
      `INSERT INTO spend_files (id, org_id, filename, sha256, size_bytes, kind, encoding, uploaded_by, uploaded_at, transactions, total_pence, first_date, last_date, issues_json, sheets_json, status)
       VALUES (?, ?, ?, ?, ?, 'csv', 'utf-8', ?, ?, ?, ?, ?, ?, ?, '[]', 'ready')`,
    ).run(
      fileId,
      orgId,
      filename,
      fileId.replace(/-/g, ''),
      1000,
      uploadedBy,
      '2026-01-01T00:00:00.000Z',
      lines.length,
      lines.reduce((n, l) => n + l.amountPence, 0),
      dates[0] ?? null,
      dates.at(-1) ?? null,
      JSON.stringify({ errors: [], skipped: [], recovered: [] }),
    )
    const insert = db.prepare(
      `INSERT INTO spend_lines (file_id, org_id, line, date, amount_pence, supplier_name, auto_key, supplier_key, withheld, purpose, file_code, code, code_source, confidence, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    lines.forEach((l, i) => {
      const key = l.supplierKey ?? keyOf(l.supplierName)
      insert.run(fileId, orgId, i + 2, l.date, l.amountPence, l.supplierName, key, key, key === '' ? 1 : 0, l.purpose ?? null, l.code, l.code, l.code === null ? null : 'file', l.code === null ? null : 1, null)
    })
    rebuildOrgTotals(db, orgId)
  })()
  return fileId
}
