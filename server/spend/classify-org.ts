/**
 * Supplier identities and ProClass codes for an organisation's lines. Minimal version from the ingest branch:
 * identity = normalised name (withheld names → ''), code = the file's own code. Replaced by the classify branch.
 */
import { isWithheldSupplierName, normaliseSupplierName } from '../../shared/domain/spend.ts'
import type { SpendDb } from './spend-db.ts'

export function applySupplierIdentities(db: SpendDb, orgId: string): void {
  const rows = db.prepare('SELECT DISTINCT supplier_name AS name FROM spend_lines WHERE org_id = ?').all(orgId) as Array<{ name: string }>
  const update = db.prepare('UPDATE spend_lines SET auto_key = ?, supplier_key = ?, withheld = ? WHERE org_id = ? AND supplier_name = ?')
  db.transaction(() => {
    for (const { name } of rows) {
      const withheld = name.trim() === '' || isWithheldSupplierName(name)
      const key = withheld ? '' : `n:${normaliseSupplierName(name)}`
      update.run(key, key, withheld ? 1 : 0, orgId, name)
    }
  })()
}

export function classifyOrgLines(db: SpendDb, orgId: string, onProgress?: (done: number, total: number) => void): void {
  db.prepare(
    "UPDATE spend_lines SET code = file_code, code_source = CASE WHEN file_code IS NULL THEN NULL ELSE 'file' END, confidence = CASE WHEN file_code IS NULL THEN NULL ELSE 1 END, reason = CASE WHEN file_code IS NULL THEN NULL ELSE 'coded ' || file_code || ' in the file' END WHERE org_id = ?",
  ).run(orgId)
  onProgress?.(1, 1)
}
