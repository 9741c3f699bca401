/**
 * `spend_totals`: an organisation's spend per code × supplier, rebuilt from its lines in ready files after every
 * import, removal or reclassification, so board views and the dataset summary never scan lines.
 */
import type { SpendDb } from './spend-db.ts'
import { bumpSpendVersion } from './spend-db.ts'

/** Rebuild the organisation's totals and bump its version; run inside or outside a transaction. */
export function rebuildOrgTotals(db: SpendDb, orgId: string): number {
  db.prepare('DELETE FROM spend_totals WHERE org_id = ?').run(orgId)
  db.prepare(
    `INSERT INTO spend_totals (org_id, code, supplier_key, supplier_name, transactions, total_pence)
     SELECT l.org_id, COALESCE(l.code, ''), l.supplier_key,
            (SELECT l2.supplier_name FROM spend_lines l2 JOIN spend_files f2 ON f2.id = l2.file_id
              WHERE l2.org_id = l.org_id AND l2.supplier_key = l.supplier_key AND f2.status = 'ready'
              GROUP BY l2.supplier_name ORDER BY SUM(l2.amount_pence) DESC, l2.supplier_name LIMIT 1),
            COUNT(*), SUM(l.amount_pence)
       FROM spend_lines l JOIN spend_files f ON f.id = l.file_id
      WHERE l.org_id = ? AND f.status = 'ready'
      GROUP BY l.org_id, COALESCE(l.code, ''), l.supplier_key`,
  ).run(orgId)
  return bumpSpendVersion(db, orgId)
}
