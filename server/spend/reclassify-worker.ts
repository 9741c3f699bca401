/**
 * Re-works an organisation's supplier identities, codes and totals after a person's decision, off the event loop.
 * With `partners: true`, instead re-classifies every other organisation with spend, because what this one
 * coded or confirmed is evidence for the suppliers they share (skipped when it has no coded lines).
 * In: workerData = { dbFile, orgId, partners? }. Out: { type: 'done' } · { type: 'failed', message }.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { classifyOrgLines, reclassifyOrg } from './classify-org.ts'
import { openSpendDb } from './spend-db.ts'
import { rebuildOrgTotals } from './totals.ts'

const input = workerData as { dbFile: string; orgId: string; partners?: boolean }
const db = openSpendDb(input.dbFile)
try {
  if (!input.partners) reclassifyOrg(db, input.orgId)
  else if (db.prepare("SELECT 1 FROM spend_lines WHERE org_id = ? AND code_source IN ('file', 'confirmed') LIMIT 1").get(input.orgId) !== undefined) {
    const others = db.prepare("SELECT DISTINCT org_id FROM spend_files WHERE org_id != ? AND status = 'ready'").all(input.orgId) as Array<{ org_id: string }>
    for (const { org_id: other } of others) {
      classifyOrgLines(db, other)
      db.transaction(() => rebuildOrgTotals(db, other))()
    }
  }
  parentPort?.postMessage({ type: 'done' })
} catch (err) {
  parentPort?.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) })
} finally {
  db.close()
}
