/**
 * `spend_totals`: an organisation's spend per code × supplier, rebuilt from its lines in ready files after every
 * import, removal or reclassification, so board views and the dataset summary never scan lines.
 *
 * One pass over the organisation's lines groups them by code × key × published name into a temp table; the totals
 * per code × key and the most-paid name of each key (ROW_NUMBER over the names' sums) both come from that small
 * table. A year of 250,000 lines is one scan, not a subquery per key.
 */
import type { SpendDb } from './spend-db.ts'
import { bumpSpendVersion } from './spend-db.ts'

/** Rebuild the organisation's totals and bump its version; run inside or outside a transaction. */
export function rebuildOrgTotals(db: SpendDb, orgId: string): number {
  db.exec(
    `CREATE TEMP TABLE IF NOT EXISTS totals_by_name (
       code TEXT NOT NULL, supplier_key TEXT NOT NULL, supplier_name TEXT NOT NULL, transactions INTEGER NOT NULL, total_pence INTEGER NOT NULL)`,
  )
  db.exec('DELETE FROM temp.totals_by_name')
  db.prepare(
    `INSERT INTO temp.totals_by_name (code, supplier_key, supplier_name, transactions, total_pence)
     SELECT COALESCE(l.code, ''), l.supplier_key, l.supplier_name, COUNT(*), SUM(l.amount_pence)
       FROM spend_lines l
      WHERE l.org_id = ? AND l.file_id IN (SELECT id FROM spend_files WHERE org_id = ? AND status = 'ready')
      GROUP BY COALESCE(l.code, ''), l.supplier_key, l.supplier_name`,
  ).run(orgId, orgId)
  db.prepare('DELETE FROM spend_totals WHERE org_id = ?').run(orgId)
  // The name shown for a key is its most-paid published name over all codes (ties: the first name in order).
  db.prepare(
    `INSERT INTO spend_totals (org_id, code, supplier_key, supplier_name, transactions, total_pence)
     WITH names AS (
       SELECT supplier_key, supplier_name,
              ROW_NUMBER() OVER (PARTITION BY supplier_key ORDER BY SUM(total_pence) DESC, supplier_name) AS rank
         FROM temp.totals_by_name GROUP BY supplier_key, supplier_name)
     SELECT ?, t.code, t.supplier_key, n.supplier_name, SUM(t.transactions), SUM(t.total_pence)
       FROM temp.totals_by_name t JOIN names n ON n.supplier_key = t.supplier_key AND n.rank = 1
      GROUP BY t.code, t.supplier_key`,
  ).run(orgId)
  db.exec('DELETE FROM temp.totals_by_name')
  return bumpSpendVersion(db, orgId)
}
