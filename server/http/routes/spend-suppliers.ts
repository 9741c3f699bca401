/**
 * An organisation's suppliers and how its lines are classified (issue 11 parts 2 and 3; docs/spend-data.md):
 * the supplier list with each one's code, source, confidence and reason; confirming or correcting a supplier's
 * code; classification rules; merging and splitting supplier identities. Every decision is stored and replayed on
 * later imports, and re-classifies the organisation's past lines at once. Members of the organisation only: for
 * anyone else every route answers 404.
 */
import { Hono, type Context } from 'hono'
import { ErrorCode } from '../../../shared/schema/api'
import {
  MergeSuppliersSchema,
  NewClassificationRuleSchema,
  SetSupplierCodeSchema,
  type ClassificationRule,
  type CodeSource,
  type SpendSupplier,
} from '../../../shared/schema/spend-api'
import { describeRule } from '../../../shared/spend/classifier'
import { autoSupplierKey, WITHHELD_KEY } from '../../../shared/spend/supplier-key'
import { isProclassCode, proclassLabel } from '../../spend/classify-org'
import type { SpendDb } from '../../spend/spend-db'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError } from '../errors'
import { parseJsonBody } from '../validate'

interface SupplierCodeRow {
  key: string
  code: string | null
  source: CodeSource | null
  lines: number
  pence: number
  absPence: number
  confidence: number | null
  reason: string | null
}

/** Suppliers of an organisation (ready files only), most spend first; `only` narrows to some keys. */
export function listSuppliers(db: SpendDb, orgId: string, only?: readonly string[]): { suppliers: SpendSupplier[]; withheld: { transactions: number; totalPence: number } } {
  const filter = only === undefined ? '' : `AND l.supplier_key IN (${only.map(() => '?').join(', ')})`
  const args = only === undefined ? [orgId] : [orgId, ...only]
  const codes = db
    .prepare(
      `SELECT l.supplier_key AS key, l.code AS code, l.code_source AS source, COUNT(*) AS lines, SUM(l.amount_pence) AS pence, SUM(ABS(l.amount_pence)) AS absPence,
              MAX(l.confidence) AS confidence, MIN(l.reason) AS reason
         FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready'
        WHERE l.org_id = ? ${filter}
        GROUP BY l.supplier_key, l.code, l.code_source`,
    )
    .all(...args) as SupplierCodeRow[]
  const names = db
    .prepare(
      `SELECT l.supplier_key AS key, l.supplier_name AS name, SUM(ABS(l.amount_pence)) AS pence, MAX(l.company_number) AS company, MAX(l.vat_number) AS vat
         FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready'
        WHERE l.org_id = ? AND l.supplier_key != '' ${filter}
        GROUP BY l.supplier_key, l.supplier_name ORDER BY pence DESC, name`,
    )
    .all(...args) as Array<{ key: string; name: string; pence: number; company: string | null; vat: string | null }>
  const displayNames = new Map(
    (db.prepare("SELECT to_key, display_name FROM supplier_decisions WHERE org_id = ? AND kind = 'merge' AND display_name IS NOT NULL").all(orgId) as Array<{ to_key: string; display_name: string }>).map(
      (r) => [r.to_key, r.display_name],
    ),
  )
  const byKey = new Map<string, { names: string[]; company: string | null; vat: string | null; transactions: number; pence: number; best: SupplierCodeRow | null }>()
  const withheld = { transactions: 0, totalPence: 0 }
  for (const r of codes) {
    if (r.key === WITHHELD_KEY) {
      withheld.transactions += r.lines
      withheld.totalPence += r.pence
      continue
    }
    let s = byKey.get(r.key)
    if (!s) byKey.set(r.key, (s = { names: [], company: null, vat: null, transactions: 0, pence: 0, best: null }))
    s.transactions += r.lines
    s.pence += r.pence
    // The supplier's code is the one under which its lines carry the most spend (unclassified lines never win).
    if (r.code !== null && (s.best === null || r.absPence > s.best.absPence || (r.absPence === s.best.absPence && r.code < (s.best.code ?? '')))) s.best = r
  }
  for (const n of names) {
    const s = byKey.get(n.key)
    if (!s) continue
    s.names.push(n.name)
    s.company ??= n.company
    s.vat ??= n.vat
  }
  const suppliers: SpendSupplier[] = [...byKey]
    .map(([key, s]) => ({
      key,
      name: displayNames.get(key) ?? s.names[0] ?? key,
      transactions: s.transactions,
      totalPence: s.pence,
      proclassCode: s.best?.code ?? null,
      source: s.best?.source ?? null,
      confidence: s.best?.confidence ?? null,
      reason: s.best?.reason ?? null,
      proclassLabel: proclassLabel(s.best?.code ?? null),
      names: s.names,
      companyNumber: s.company,
      vatNumber: s.vat,
    }))
    .sort((a, b) => b.totalPence - a.totalPence || a.name.localeCompare(b.name))
  return { suppliers, withheld }
}

interface RuleRow {
  id: string
  supplier_key: string | null
  purpose: string | null
  unit: string | null
  code: string
  created_by: string
  created_at: string
}

/** Mount at `/api`. */
export function createSpendSupplierRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const spend = deps.spend
  if (!spend) return app
  const { db } = spend
  const log = deps.log.child({ module: 'spend-suppliers' })

  const requireMember = (c: Context<AppEnv>) => {
    const orgId = c.req.param('orgId') ?? ''
    const principal = requireUser(c)
    if (principal.user.orgId !== orgId || !principal.user.isActive) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    return { orgId, principal }
  }
  const requireSupplier = (orgId: string, key: string): void => {
    const row = db.prepare("SELECT 1 FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready' WHERE l.org_id = ? AND l.supplier_key = ? LIMIT 1").get(orgId, key)
    if (key === WITHHELD_KEY || row === undefined) throw new AppError(404, ErrorCode.NotFound, 'supplier not found in this organisation’s spend')
  }
  const requireCode = (code: string): void => {
    if (!isProclassCode(code)) throw new AppError(422, ErrorCode.ValidationFailed, `${code} is not a ProClass code`, [{ path: 'proclassCode', message: 'not in the ProClass taxonomy' }])
  }
  const names = async (orgId: string): Promise<Map<string, string>> => new Map((await deps.storage.accounts.listUsersInOrg(orgId)).map((u) => [u.id, u.name]))
  const supplierOf = (orgId: string, key: string): SpendSupplier => {
    const found = listSuppliers(db, orgId, [key]).suppliers[0]
    if (!found) throw new AppError(404, ErrorCode.NotFound, 'supplier not found in this organisation’s spend')
    return found
  }

  app.get('/orgs/:orgId/spend/suppliers', (c) => {
    const { orgId } = requireMember(c)
    c.header('cache-control', 'private, no-store')
    return c.json(listSuppliers(db, orgId))
  })

  app.put('/orgs/:orgId/spend/suppliers/:key/code', async (c) => {
    const { orgId, principal } = requireMember(c)
    const key = c.req.param('key')
    requireSupplier(orgId, key)
    const body = await parseJsonBody(c, SetSupplierCodeSchema)
    requireCode(body.proclassCode)
    db.transaction(() => {
      db.prepare('DELETE FROM classification_rules WHERE org_id = ? AND supplier_key = ? AND purpose IS NULL AND unit IS NULL').run(orgId, key)
      db.prepare('INSERT INTO classification_rules (id, org_id, supplier_key, purpose, unit, code, created_by, created_at) VALUES (?, ?, ?, NULL, NULL, ?, ?, ?)').run(
        deps.newId(),
        orgId,
        key,
        body.proclassCode,
        principal.user.id,
        deps.now().toISOString(),
      )
    })()
    await spend.reclassifier.run(orgId)
    log.info({ requestId: c.get('requestId'), orgId, code: body.proclassCode }, 'supplier code confirmed')
    return c.json(supplierOf(orgId, key))
  })

  const ruleOut = (orgId: string, r: RuleRow, who: ReadonlyMap<string, string>): ClassificationRule => {
    // Lines this rule classifies carry its description as their reason (shared/spend/classifier.ts).
    const reason = describeRule({ id: r.id, supplierKey: r.supplier_key, purpose: r.purpose, unit: r.unit, code: r.code, createdAt: r.created_at })
    const stats = db
      .prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(l.amount_pence), 0) AS pence FROM spend_lines l JOIN spend_files f ON f.id = l.file_id AND f.status = 'ready'
          WHERE l.org_id = ? AND l.code_source = 'confirmed' AND l.code = ? AND l.reason = ? AND (? IS NULL OR l.supplier_key = ?)`,
      )
      .get(orgId, r.code, reason, r.supplier_key, r.supplier_key) as { n: number; pence: number }
    const supplierName =
      r.supplier_key === null ? null : ((db.prepare('SELECT supplier_name AS name FROM spend_totals WHERE org_id = ? AND supplier_key = ? LIMIT 1').get(orgId, r.supplier_key) as { name: string } | undefined)?.name ?? autoLabel(r.supplier_key))
    return {
      id: r.id,
      supplierKey: r.supplier_key,
      supplierName,
      purpose: r.purpose,
      unit: r.unit,
      proclassCode: r.code,
      proclassLabel: proclassLabel(r.code),
      createdBy: who.get(r.created_by) ?? 'a former member',
      createdAt: r.created_at,
      transactions: stats.n,
      totalPence: stats.pence,
    }
  }

  app.get('/orgs/:orgId/spend/rules', async (c) => {
    const { orgId } = requireMember(c)
    const who = await names(orgId)
    const rows = db.prepare('SELECT * FROM classification_rules WHERE org_id = ? ORDER BY created_at, id').all(orgId) as RuleRow[]
    c.header('cache-control', 'private, no-store')
    return c.json({ rules: rows.map((r) => ruleOut(orgId, r, who)) })
  })

  app.post('/orgs/:orgId/spend/rules', async (c) => {
    const { orgId, principal } = requireMember(c)
    const body = await parseJsonBody(c, NewClassificationRuleSchema)
    requireCode(body.proclassCode)
    if (body.supplierKey !== undefined) requireSupplier(orgId, body.supplierKey)
    const row: RuleRow = {
      id: deps.newId(),
      supplier_key: body.supplierKey ?? null,
      purpose: body.purpose ?? null,
      unit: body.unit ?? null,
      code: body.proclassCode,
      created_by: principal.user.id,
      created_at: deps.now().toISOString(),
    }
    db.transaction(() => {
      // One rule per condition: a new rule on the same conditions replaces the old one.
      db.prepare('DELETE FROM classification_rules WHERE org_id = ? AND supplier_key IS ? AND purpose IS ? AND unit IS ?').run(orgId, row.supplier_key, row.purpose, row.unit)
      db.prepare('INSERT INTO classification_rules (id, org_id, supplier_key, purpose, unit, code, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        row.id,
        orgId,
        row.supplier_key,
        row.purpose,
        row.unit,
        row.code,
        row.created_by,
        row.created_at,
      )
    })()
    await spend.reclassifier.run(orgId)
    log.info({ requestId: c.get('requestId'), orgId, ruleId: row.id }, 'classification rule added')
    return c.json(ruleOut(orgId, row, await names(orgId)), 201)
  })

  app.delete('/orgs/:orgId/spend/rules/:ruleId', async (c) => {
    const { orgId } = requireMember(c)
    const gone = db.prepare('DELETE FROM classification_rules WHERE id = ? AND org_id = ?').run(c.req.param('ruleId'), orgId)
    if (gone.changes === 0) throw new AppError(404, ErrorCode.NotFound, 'rule not found')
    await spend.reclassifier.run(orgId)
    return c.body(null, 204)
  })

  app.post('/orgs/:orgId/spend/suppliers/merge', async (c) => {
    const { orgId, principal } = requireMember(c)
    const body = await parseJsonBody(c, MergeSuppliersSchema)
    const keys = [...new Set(body.keys)]
    if (keys.length < 2) throw new AppError(422, ErrorCode.ValidationFailed, 'name two different suppliers to merge', [{ path: 'keys', message: 'at least two different keys' }])
    for (const key of keys) requireSupplier(orgId, key)
    const found = listSuppliers(db, orgId, keys).suppliers
    const into = found[0]?.key ?? keys[0] ?? ''
    const now = deps.now().toISOString()
    db.transaction(() => {
      for (const key of keys) {
        // Every automatic identity now under `key` moves to `into`.
        const autos = db.prepare("SELECT DISTINCT auto_key FROM spend_lines WHERE org_id = ? AND supplier_key = ? AND auto_key != ''").all(orgId, key) as Array<{ auto_key: string }>
        for (const { auto_key: from } of autos) {
          if (from === into) continue
          db.prepare(
            "INSERT INTO supplier_decisions (id, org_id, kind, from_key, to_key, display_name, created_by, created_at) VALUES (?, ?, 'merge', ?, ?, NULL, ?, ?) ON CONFLICT (org_id, kind, from_key) DO UPDATE SET to_key = excluded.to_key, created_by = excluded.created_by, created_at = excluded.created_at",
          ).run(deps.newId(), orgId, from, into, principal.user.id, now)
        }
        db.prepare("UPDATE supplier_decisions SET to_key = ? WHERE org_id = ? AND kind = 'merge' AND to_key = ?").run(into, orgId, key)
      }
      if (body.name !== undefined) db.prepare("UPDATE supplier_decisions SET display_name = ? WHERE org_id = ? AND kind = 'merge' AND to_key = ?").run(body.name, orgId, into)
    })()
    await spend.reclassifier.run(orgId)
    log.info({ requestId: c.get('requestId'), orgId, merged: keys.length }, 'suppliers merged')
    return c.json(supplierOf(orgId, into))
  })

  app.post('/orgs/:orgId/spend/suppliers/:key/split', async (c) => {
    const { orgId, principal } = requireMember(c)
    const key = c.req.param('key')
    requireSupplier(orgId, key)
    const lineNames = db.prepare('SELECT DISTINCT supplier_name AS name, auto_key FROM spend_lines WHERE org_id = ? AND supplier_key = ?').all(orgId, key) as Array<{ name: string; auto_key: string }>
    const merged = db.prepare("SELECT COUNT(*) AS n FROM supplier_decisions WHERE org_id = ? AND kind = 'merge' AND to_key = ?").get(orgId, key) as { n: number }
    const ownKeys = [...new Set(lineNames.map((n) => autoSupplierKey(n.name)))].filter((k) => k !== WITHHELD_KEY)
    if (merged.n === 0 && ownKeys.length < 2) throw new AppError(409, ErrorCode.Conflict, 'this supplier has one name and was not merged: there is nothing to split')
    const now = deps.now().toISOString()
    db.transaction(() => {
      db.prepare("DELETE FROM supplier_decisions WHERE org_id = ? AND kind = 'merge' AND to_key = ?").run(orgId, key)
      // Names joined by a shared Companies House or VAT number stay apart from now on.
      if (ownKeys.length > 1) {
        for (const own of ownKeys) {
          db.prepare(
            "INSERT INTO supplier_decisions (id, org_id, kind, from_key, to_key, display_name, created_by, created_at) VALUES (?, ?, 'split', ?, ?, NULL, ?, ?) ON CONFLICT (org_id, kind, from_key) DO NOTHING",
          ).run(deps.newId(), orgId, own, own, principal.user.id, now)
        }
      }
    })()
    await spend.reclassifier.run(orgId)
    const after = [...new Set((db.prepare('SELECT DISTINCT supplier_key AS k FROM spend_lines WHERE org_id = ? AND supplier_name IN (SELECT value FROM json_each(?))').all(orgId, JSON.stringify(lineNames.map((n) => n.name))) as Array<{ k: string }>).map((r) => r.k))]
    log.info({ requestId: c.get('requestId'), orgId, into: after.length }, 'supplier split')
    return c.json({ suppliers: listSuppliers(db, orgId, after).suppliers })
  })

  return app
}

const autoLabel = (key: string): string => key.replace(/^n:/, '')
