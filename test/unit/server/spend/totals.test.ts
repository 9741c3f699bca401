/**
 * rebuildOrgTotals (server/spend/totals.ts) against the plain definition it replaced (a correlated subquery per key
 * for the most-paid name): same rows on lines with ties, withheld names, several codes per key, files still
 * importing and other organisations' lines.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSpendDb, spendVersion, type SpendDb } from '../../../../server/spend/spend-db'
import { rebuildOrgTotals } from '../../../../server/spend/totals'

const REFERENCE = `
  SELECT COALESCE(l.code, '') AS code, l.supplier_key,
         (SELECT l2.supplier_name FROM spend_lines l2 JOIN spend_files f2 ON f2.id = l2.file_id
           WHERE l2.org_id = l.org_id AND l2.supplier_key = l.supplier_key AND f2.status = 'ready'
           GROUP BY l2.supplier_name ORDER BY SUM(l2.amount_pence) DESC, l2.supplier_name LIMIT 1) AS supplier_name,
         COUNT(*) AS transactions, SUM(l.amount_pence) AS total_pence
    FROM spend_lines l JOIN spend_files f ON f.id = l.file_id
   WHERE l.org_id = ? AND f.status = 'ready'
   GROUP BY l.org_id, COALESCE(l.code, ''), l.supplier_key
   ORDER BY 1, 2`

let dir: string
let db: SpendDb

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'spend-totals-'))
  db = openSpendDb(join(dir, 'spend.sqlite'))
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

function file(id: string, orgId: string, status: 'ready' | 'importing' = 'ready'): void {
  db.prepare(
    `INSERT INTO spend_files (id, org_id, filename, sha256, size_bytes, kind, uploaded_by, uploaded_at, transactions, total_pence, issues_json, sheets_json, status)
     VALUES (?, ?, ?, ?, 1, 'csv', 'u', '2026-01-01T00:00:00Z', 0, 0, '{}', '[]', ?)`,
  ).run(id, orgId, `${id}.csv`, id, status)
}

let lineNo = 0
function line(fileId: string, orgId: string, name: string, key: string, pence: number, code: string | null): void {
  db.prepare(
    `INSERT INTO spend_lines (file_id, org_id, line, amount_pence, supplier_name, auto_key, supplier_key, withheld, code)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(fileId, orgId, ++lineNo, pence, name, key, key, key === '' ? 1 : 0, code)
}

const totals = (orgId: string) =>
  db.prepare('SELECT code, supplier_key, supplier_name, transactions, total_pence FROM spend_totals WHERE org_id = ? ORDER BY 1, 2').all(orgId)

describe('rebuildOrgTotals', () => {
  it('matches the per-key subquery definition, names chosen by pence over all codes, ties by name', () => {
    file('a', 'org1')
    file('b', 'org1')
    file('busy', 'org1', 'importing')
    file('other', 'org2')
    // Acme: "ACME LTD" is paid more over both codes, though "Acme Limited" is paid more under 100.
    line('a', 'org1', 'Acme Limited', 'n:acme', 5000, '100')
    line('a', 'org1', 'ACME LTD', 'n:acme', 3000, '100')
    line('b', 'org1', 'ACME LTD', 'n:acme', 4000, '200')
    line('b', 'org1', 'ACME LTD', 'n:acme', -500, '200')
    // A tie: the first name in order wins.
    line('a', 'org1', 'Beta plc', 'n:beta', 700, null)
    line('b', 'org1', 'BETA PLC', 'n:beta', 700, null)
    // Withheld names count under the empty key.
    line('a', 'org1', 'Redacted', '', 100, '100')
    line('b', 'org1', 'Personal data', '', 250, '100')
    // Left out: a file still importing, and another organisation.
    line('busy', 'org1', 'Acme Limited', 'n:acme', 999_999, '100')
    line('other', 'org2', 'Acme Limited', 'n:acme', 888_888, '100')
    const expected = db.prepare(REFERENCE).all('org1')
    const before = spendVersion(db, 'org1')
    rebuildOrgTotals(db, 'org1')
    expect(totals('org1')).toEqual(expected)
    expect(totals('org1')).toContainEqual({ code: '100', supplier_key: 'n:acme', supplier_name: 'ACME LTD', transactions: 2, total_pence: 8000 })
    expect(totals('org1')).toContainEqual({ code: '', supplier_key: 'n:beta', supplier_name: 'BETA PLC', transactions: 2, total_pence: 1400 })
    expect(totals('org2')).toEqual([])
    expect(spendVersion(db, 'org1')).toBe(before + 1)
  })

  it('replaces the previous totals, and leaves none when no file is ready', () => {
    file('a', 'org1')
    line('a', 'org1', 'Acme', 'n:acme', 100, '100')
    rebuildOrgTotals(db, 'org1')
    expect(totals('org1')).toHaveLength(1)
    db.prepare("UPDATE spend_files SET status = 'importing'").run()
    rebuildOrgTotals(db, 'org1')
    expect(totals('org1')).toEqual([])
  })

  it('matches the definition on a few thousand random lines', () => {
    file('a', 'org1')
    file('b', 'org1')
    let seed = 7
    const rnd = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed % n
    }
    const insertMany = db.transaction(() => {
      for (let i = 0; i < 5000; i++) {
        const k = rnd(40)
        line(rnd(2) ? 'a' : 'b', 'org1', `Name ${k} variant ${rnd(3)}`, k === 0 ? '' : `n:s${k}`, rnd(100_000) - 10_000, rnd(4) === 0 ? null : String(100 + rnd(5)))
      }
    })
    insertMany()
    const expected = db.prepare(REFERENCE).all('org1')
    rebuildOrgTotals(db, 'org1')
    expect(totals('org1')).toEqual(expected)
  })
})
