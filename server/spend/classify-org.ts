/**
 * Supplier identities and ProClass codes for all of an organisation's lines: run by the import worker after each
 * file, and on the main thread when a person confirms a code, adds a rule, merges or splits. Everything is computed
 * per distinct name or per distinct (supplier, purpose, unit) and written back with one set-based UPDATE, so a year
 * of 250,000 lines costs a few hundred milliseconds, not a statement per line.
 *
 * Identity: the automatic key of each published name (shared/spend/supplier-key.ts); names of the organisation that
 * share a Companies House or VAT number are joined under the key of the most-paid name, unless a person split them;
 * then the organisation's merge decisions are replayed.
 *
 * Codes: shared/spend/classifier.ts, fed with this organisation's coded lines, other organisations' coded and
 * confirmed lines for the same suppliers, this organisation's confirmed rules, and the ProClass labels.
 */
import { readFileSync } from 'node:fs'
import { createClassifier } from '../../shared/spend/classifier.ts'
import type { CodedGroup, ConfirmedRule, PartnerEvidence, PartnerSicEvidence, ProclassLabel } from '../../shared/spend/classifier.ts'
import { autoSupplierKey, companyNumberKey, vatNumberKey, WITHHELD_KEY } from '../../shared/spend/supplier-key.ts'
import type { ProclassRow } from '../../shared/taxonomy/search.ts'
import type { SpendDb } from './spend-db.ts'
import { rebuildOrgTotals } from './totals.ts'

let proclass: { rows: ProclassRow[]; byCode: Map<string, ProclassRow>; labels: ProclassLabel[]; sic: Record<string, string> } | null = null

function loadProclass(): NonNullable<typeof proclass> {
  if (proclass === null) {
    const rows = JSON.parse(readFileSync(new URL('../../shared/taxonomy/proclass.json', import.meta.url), 'utf8')) as ProclassRow[]
    const labels = proclassLabels(rows)
    const sic = JSON.parse(readFileSync(new URL('../../shared/taxonomy/sic.json', import.meta.url), 'utf8')) as Record<string, string>
    proclass = { rows, byCode: new Map(rows.map((r) => [r.code, r])), labels, sic }
  }
  return proclass
}

/** ProClass rows as the classifier's label matcher reads them: the deepest label, and the ones above it. */
export function proclassLabels(rows: readonly ProclassRow[]): ProclassLabel[] {
  return rows.map((r) => {
    const path = [r.level1, r.level2, r.level3].filter((l) => l !== '')
    return { code: r.code, label: path[path.length - 1] ?? r.code, path: path.slice(0, -1).join(' ') }
  })
}

/** True when `code` is a code of the shipped ProClass taxonomy. */
export function isProclassCode(code: string): boolean {
  return loadProclass().byCode.has(code)
}

/** "Social Care & Services › Children › Nurseries" for a code, or null. */
export function proclassLabel(code: string | null): string | null {
  if (code === null) return null
  const row = loadProclass().byCode.get(code)
  if (!row) return null
  return [row.level1, row.level2, row.level3].filter((l) => l !== '').join(' › ')
}

/** Remember an organisation's name for reasons written by workers. */
export function rememberOrgName(db: SpendDb, orgId: string, name: string): void {
  db.prepare('INSERT INTO spend_org_names (org_id, name) VALUES (?, ?) ON CONFLICT (org_id) DO UPDATE SET name = excluded.name').run(orgId, name)
}

function orgNameOf(db: SpendDb, orgId: string): string {
  const row = db.prepare('SELECT name FROM spend_org_names WHERE org_id = ?').get(orgId) as { name: string } | undefined
  return row?.name ?? 'this organisation'
}

/** Union-find over names. */
class Joins {
  private readonly parent = new Map<string, string>()
  find(x: string): string {
    let p = this.parent.get(x) ?? x
    if (p === x) return x
    p = this.find(p)
    this.parent.set(x, p)
    return p
  }
  union(a: string, b: string): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra !== rb) this.parent.set(rb, ra)
  }
}

/** Set auto_key, supplier_key and withheld on every line of the organisation. */
export function applySupplierIdentities(db: SpendDb, orgId: string): void {
  const names = db
    .prepare(
      `SELECT supplier_name AS name, MAX(company_number) AS company, MAX(vat_number) AS vat, SUM(ABS(amount_pence)) AS pence
         FROM spend_lines WHERE org_id = ? GROUP BY supplier_name`,
    )
    .all(orgId) as Array<{ name: string; company: string | null; vat: string | null; pence: number }>
  const splits = new Set((db.prepare("SELECT from_key FROM supplier_decisions WHERE org_id = ? AND kind = 'split'").all(orgId) as Array<{ from_key: string }>).map((r) => r.from_key))
  const merges = new Map(
    (db.prepare("SELECT from_key, to_key FROM supplier_decisions WHERE org_id = ? AND kind = 'merge'").all(orgId) as Array<{ from_key: string; to_key: string }>).map((r) => [r.from_key, r.to_key]),
  )
  // Automatic key per name, then join keys that share a company or VAT number (a split key never joins).
  const autoOf = new Map<string, string>()
  const keyPence = new Map<string, number>()
  const joins = new Joins()
  const byNumber = new Map<string, string>()
  for (const n of names) {
    const key = autoSupplierKey(n.name)
    autoOf.set(n.name, key)
    if (key === WITHHELD_KEY) continue
    keyPence.set(key, (keyPence.get(key) ?? 0) + n.pence)
    if (splits.has(key)) continue
    for (const num of [companyNumberKey(n.company), vatNumberKey(n.vat)].map((v, i) => (v === null ? null : `${i}:${v}`))) {
      if (num === null) continue
      const other = byNumber.get(num)
      if (other === undefined) byNumber.set(num, key)
      else joins.union(other, key)
    }
  }
  // The joined group is named by its most-paid key.
  const leader = new Map<string, string>()
  for (const [key, pence] of keyPence) {
    const root = joins.find(key)
    const current = leader.get(root)
    if (current === undefined || pence > (keyPence.get(current) ?? 0) || (pence === (keyPence.get(current) ?? 0) && key < current)) leader.set(root, key)
  }
  db.exec('CREATE TEMP TABLE IF NOT EXISTS identity_map (name TEXT PRIMARY KEY, auto_key TEXT NOT NULL, supplier_key TEXT NOT NULL, withheld INTEGER NOT NULL)')
  db.transaction(() => {
    db.exec('DELETE FROM temp.identity_map')
    const put = db.prepare('INSERT INTO temp.identity_map (name, auto_key, supplier_key, withheld) VALUES (?, ?, ?, ?)')
    for (const n of names) {
      const own = autoOf.get(n.name) ?? WITHHELD_KEY
      const auto = own === WITHHELD_KEY ? own : (leader.get(joins.find(own)) ?? own)
      let key = auto
      for (let hops = 0; hops < 10 && merges.has(key); hops++) key = merges.get(key) ?? key
      put.run(n.name, auto, key, own === WITHHELD_KEY ? 1 : 0)
    }
    db.prepare(
      `UPDATE spend_lines SET auto_key = m.auto_key, supplier_key = m.supplier_key, withheld = m.withheld
         FROM temp.identity_map m
        WHERE spend_lines.org_id = ? AND spend_lines.supplier_name = m.name
          AND (spend_lines.auto_key != m.auto_key OR spend_lines.supplier_key != m.supplier_key OR spend_lines.withheld != m.withheld)`,
    ).run(orgId)
  })()
}

interface RuleRow {
  id: string
  supplier_key: string | null
  purpose: string | null
  unit: string | null
  code: string
  created_at: string
}

/** The confirmed rules of an organisation, as the classifier reads them. */
export function rulesOf(db: SpendDb, orgId: string): ConfirmedRule[] {
  return (db.prepare('SELECT id, supplier_key, purpose, unit, code, created_at FROM classification_rules WHERE org_id = ?').all(orgId) as RuleRow[]).map((r) => ({
    id: r.id,
    supplierKey: r.supplier_key,
    purpose: r.purpose,
    unit: r.unit,
    code: r.code,
    createdAt: r.created_at,
  }))
}

/** Give every line of the organisation a code, source, confidence and reason. */
export function classifyOrgLines(db: SpendDb, orgId: string, onProgress?: (done: number, total: number) => void): void {
  // One grouped pass over the organisation's lines gives both the evidence (groups with a file code) and the
  // distinct (supplier, purpose, unit, file code) combinations to classify.
  const groups = db
    .prepare(
      `SELECT supplier_key AS supplierKey, MAX(supplier_name) AS supplierName, purpose, unit, MAX(sic) AS sic, file_code AS fileCode, MAX(file_label) AS fileLabel,
              COUNT(*) AS lines, SUM(ABS(amount_pence)) AS pence
         FROM spend_lines WHERE org_id = ?
        GROUP BY supplier_key, purpose, unit, file_code`,
    )
    .all(orgId) as Array<{ supplierKey: string; supplierName: string; purpose: string | null; unit: string | null; sic: string | null; fileCode: string | null; fileLabel: string | null; lines: number; pence: number }>
  const own: CodedGroup[] = []
  for (const g of groups) if (g.fileCode !== null) own.push({ supplierKey: g.supplierKey, supplierName: g.supplierName, purpose: g.purpose, unit: g.unit, sic: g.sic, code: g.fileCode, lines: g.lines, pence: g.pence })
  // Other organisations' file-coded and confirmed lines, for the suppliers this organisation pays.
  const partners = db
    .prepare(
      `SELECT COALESCE(n.name, 'another body') AS orgName, l.supplier_key AS supplierKey, l.code AS code, COUNT(*) AS lines, SUM(ABS(l.amount_pence)) AS pence
         FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready'
         LEFT JOIN spend_org_names n ON n.org_id = l.org_id
        WHERE l.org_id != ? AND l.code IS NOT NULL AND l.code_source IN ('file', 'confirmed') AND l.supplier_key != ''
          AND l.supplier_key IN (SELECT DISTINCT supplier_key FROM spend_lines WHERE org_id = ? AND supplier_key != '')
        GROUP BY l.org_id, l.supplier_key, l.code`,
    )
    .all(orgId, orgId) as PartnerEvidence[]
  // …and for the SIC codes of the suppliers it pays.
  const partnerSic = db
    .prepare(
      `SELECT COALESCE(n.name, 'another body') AS orgName, l.sic AS sic, l.code AS code, COUNT(*) AS lines, SUM(ABS(l.amount_pence)) AS pence
         FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready'
         LEFT JOIN spend_org_names n ON n.org_id = l.org_id
        WHERE l.org_id != ? AND l.code IS NOT NULL AND l.code_source IN ('file', 'confirmed') AND l.sic IS NOT NULL
          AND l.sic IN (SELECT DISTINCT sic FROM spend_lines WHERE org_id = ? AND sic IS NOT NULL)
        GROUP BY l.org_id, l.sic, l.code`,
    )
    .all(orgId, orgId) as PartnerSicEvidence[]
  const taxonomy = loadProclass()
  const classifier = createClassifier({ orgName: orgNameOf(db, orgId), own, partners, partnerSic, rules: rulesOf(db, orgId), labels: taxonomy.labels, sicLabels: taxonomy.sic })
  const combos = groups
  db.exec(
    `CREATE TEMP TABLE IF NOT EXISTS code_map (supplier_key TEXT NOT NULL, purpose TEXT NOT NULL, unit TEXT NOT NULL, file_code TEXT NOT NULL,
       code TEXT, source TEXT, confidence REAL, reason TEXT, PRIMARY KEY (supplier_key, purpose, unit, file_code))`,
  )
  db.transaction(() => {
    db.exec('DELETE FROM temp.code_map')
    const put = db.prepare('INSERT OR REPLACE INTO temp.code_map VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    let done = 0
    for (const c of combos) {
      const s = classifier.classify(c)
      put.run(c.supplierKey, c.purpose ?? '', c.unit ?? '', c.fileCode ?? '', s?.code ?? null, s?.source ?? null, s?.confidence ?? null, s?.reason ?? null)
      if (++done % 5000 === 0) onProgress?.(done, combos.length)
    }
    db.prepare(
      `UPDATE spend_lines SET code = m.code, code_source = m.source, confidence = m.confidence, reason = m.reason
         FROM temp.code_map m
        WHERE spend_lines.org_id = ? AND m.supplier_key = spend_lines.supplier_key AND m.purpose = COALESCE(spend_lines.purpose, '')
          AND m.unit = COALESCE(spend_lines.unit, '') AND m.file_code = COALESCE(spend_lines.file_code, '')
          AND (spend_lines.code IS NOT m.code OR spend_lines.code_source IS NOT m.source OR spend_lines.confidence IS NOT m.confidence OR spend_lines.reason IS NOT m.reason)`,
    ).run(orgId)
  })()
  onProgress?.(combos.length, combos.length)
}

/** After a person's decision: identities, codes and totals of the organisation again. */
export function reclassifyOrg(db: SpendDb, orgId: string): void {
  applySupplierIdentities(db, orgId)
  classifyOrgLines(db, orgId)
  db.transaction(() => rebuildOrgTotals(db, orgId))()
}
