/**
 * A board's pooled spend: which bodies take part, each body's dataset period and totals per code × supplier (from
 * `spend_totals`, cached per organisation and spend version), the categories on the board linked to ProClass codes
 * (their own list of codes or prefixes, else their ProClass code: `effectiveSpendCodes`),
 * the hand-entered planning figures, and the pooling maths of shared/spend/pooling.ts. Also line detail for one
 * body and category, and the organisation's line-detail sharing with boards. Access is checked by the routes.
 */
import type * as Y from 'yjs'
import { readCategories, readOrgData } from '../../shared/doc/planning-doc'
import type { CategoryRecord } from '../../shared/doc/planning-schema'
import { effectiveSpendCodes } from '../../shared/domain/category-plan'
import type { IsoDate } from '../../shared/domain/dates'
import { OrgIdSchema } from '../../shared/domain/ids'
import type { BoardSpend, BoardSpendCategory, BoardSpendLine, BoardSpendOrg, CategoryOrgSpend } from '../../shared/schema/board-spend-api'
import { annualisePence, describePeriod } from '../../shared/spend/period'
import type { SpendPeriod } from '../../shared/spend/period'
import { poolCategorySpend, topSuppliersOf } from '../../shared/spend/pooling'
import { autoSupplierKey, WITHHELD_KEY } from '../../shared/spend/supplier-key'
import type { SpendTotalRow } from '../../shared/spend/pooling'
import { orgDocName } from '../../shared/wire/protocol'
import { loadStoredDoc } from '../reports/board-planning-report'
import type { BoardRow, OrgRow, Storage } from '../storage/types'
import type { SpendDb } from './spend-db'

/** Largest suppliers listed per body and per category; shared suppliers listed. */
export const TOP_SUPPLIERS_PER_ORG = 10
export const TOP_SUPPLIERS_PER_CATEGORY = 25
export const MAX_SHARED_SUPPLIERS_LISTED = 50
/** The label of a figure typed on the board rather than drawn from a dataset. */
export const HAND_ENTERED_LABEL = 'entered by hand'

/**
 * The organisations taking part in a board: the owner's organisation, every organisation the board is shared with and
 * the organisation of every person it is shared with; unknown ids left out. Sorted by name, then id.
 */
export async function participatingOrgs(storage: Storage, board: BoardRow): Promise<OrgRow[]> {
  const ids = new Set<string>()
  if (board.ownerId) {
    const owner = await storage.accounts.getUser(board.ownerId)
    if (owner) ids.add(owner.orgId)
  }
  for (const share of await storage.shares.listForBoard(board.id)) {
    if (share.principalType === 'org') ids.add(share.principalId)
    else {
      const user = await storage.accounts.getUser(share.principalId)
      if (user) ids.add(user.orgId)
    }
  }
  const orgs: OrgRow[] = []
  for (const id of ids) {
    const org = await storage.accounts.getOrg(id)
    if (org) orgs.push(org)
  }
  return orgs.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

/** One organisation's dataset as the board needs it: its period and its classified totals. */
interface OrgDataset {
  readonly version: number
  readonly hasData: boolean
  readonly period: SpendPeriod
  readonly rows: readonly SpendTotalRow[]
}

/** Whether an organisation shares line detail with a board. */
export function sharesLineDetail(db: SpendDb, orgId: string, boardId: string): boolean {
  return db.prepare('SELECT 1 FROM spend_line_sharing WHERE org_id = ? AND board_id = ?').get(orgId, boardId) !== undefined
}

/** Current spend versions of organisations (0 before any data). */
function versionsOf(db: SpendDb, orgIds: readonly string[]): Map<string, number> {
  const out = new Map<string, number>(orgIds.map((id) => [id, 0]))
  const stmt = db.prepare('SELECT version FROM spend_versions WHERE org_id = ?')
  for (const id of orgIds) out.set(id, (stmt.get(id) as { version: number } | undefined)?.version ?? 0)
  return out
}

/** FNV-1a over a string, as 8 hex digits: a cheap fingerprint for the version token (not security). */
function fingerprint(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/** A category on the board linked to spend data, with the codes it draws on (`effectiveSpendCodes`). */
export type LinkedCategory = CategoryRecord & { readonly linkedCodes: readonly string[] }

/** The board's categories linked to spend data: their own codes or prefixes, else their ProClass code. */
function linkedCategories(categories: readonly CategoryRecord[]): LinkedCategory[] {
  return categories.map((c) => ({ ...c, linkedCodes: effectiveSpendCodes(c) })).filter((c) => c.linkedCodes.length > 0)
}

/** A board's inputs read from storage: its linked categories and each body's hand-entered figures. */
interface BoardInputs {
  readonly orgs: readonly OrgRow[]
  readonly categories: readonly LinkedCategory[]
  /** categoryId → orgId → hand-entered annual spend. */
  readonly hand: ReadonlyMap<string, ReadonlyMap<string, number>>
  readonly sharing: ReadonlySet<string>
  readonly versions: ReadonlyMap<string, number>
  /** Changes whenever anything the answer is built from changes. */
  readonly version: string
}

/**
 * Pooled spend for one board, with a cache of each organisation's dataset per spend version so a poll that finds
 * nothing new reads only the board's documents and a few small rows.
 */
export function createBoardSpendService(deps: { db: SpendDb; storage: Storage }) {
  const { db, storage } = deps
  const cache = new Map<string, OrgDataset>()

  const datasetOf = (orgId: string, version: number): OrgDataset => {
    const cached = cache.get(orgId)
    if (cached && cached.version === version) return cached
    const span = db
      .prepare("SELECT COUNT(*) AS files, MIN(first_date) AS first, MAX(last_date) AS last FROM spend_files WHERE org_id = ? AND status = 'ready'")
      .get(orgId) as { files: number; first: string | null; last: string | null }
    const months = db
      .prepare("SELECT COUNT(DISTINCT substr(l.date, 1, 7)) AS months FROM spend_lines l JOIN spend_files f ON f.id = l.file_id WHERE f.status = 'ready' AND l.date IS NOT NULL AND l.org_id = ?")
      .get(orgId) as { months: number }
    const rows = (
      db
        .prepare("SELECT code, supplier_key AS supplierKey, supplier_name AS supplierName, transactions, total_pence AS totalPence FROM spend_totals WHERE org_id = ? AND code != ''")
        .all(orgId) as Array<Omit<SpendTotalRow, 'orgId'>>
    ).map((r) => ({ ...r, orgId }))
    const dataset: OrgDataset = { version, hasData: span.files > 0, period: { from: span.first as IsoDate | null, to: span.last as IsoDate | null, months: months.months }, rows }
    cache.set(orgId, dataset)
    return dataset
  }

  const readInputs = async (board: BoardRow): Promise<BoardInputs> => {
    const orgs = await participatingOrgs(storage, board)
    const boardDoc = await loadStoredDoc(storage.docs, board.id)
    let categories: LinkedCategory[]
    try {
      categories = linkedCategories(readCategories(boardDoc).value)
    } finally {
      boardDoc.destroy()
    }
    const hand = new Map<string, Map<string, number>>()
    if (categories.length > 0) {
      for (const org of orgs) {
        const id = OrgIdSchema.safeParse(org.id)
        if (!id.success) continue
        const orgDoc: Y.Doc = await loadStoredDoc(storage.docs, orgDocName(board.id, id.data))
        try {
          for (const entry of readOrgData(orgDoc, id.data).value.entries) {
            const byOrg = hand.get(entry.categoryId) ?? new Map<string, number>()
            byOrg.set(org.id, entry.annualSpend)
            hand.set(entry.categoryId, byOrg)
          }
        } finally {
          orgDoc.destroy()
        }
      }
    }
    const orgIds = orgs.map((o) => o.id)
    const versions = versionsOf(db, orgIds)
    const sharing = new Set(orgIds.filter((id) => sharesLineDetail(db, id, board.id)))
    const sum = [...versions.values()].reduce((a, b) => a + b, 0)
    const shape = JSON.stringify([
      orgs.map((o) => [o.id, o.name, o.shortName, o.colour, versions.get(o.id)]),
      categories.map((c) => [c.id, c.name, c.linkedCodes]),
      [...hand.entries()].map(([k, v]) => [k, [...v.entries()]]),
      [...sharing],
    ])
    return { orgs, categories, hand, sharing, versions, version: `${sum}-${fingerprint(shape)}` }
  }

  /** The version token alone (what `?since=` is compared with). */
  const versionOf = async (board: BoardRow): Promise<string> => (await readInputs(board)).version

  /** The board's pooled spend as the caller may see it (aggregates only; `canSeeLines` per body for the caller). */
  const build = async (board: BoardRow, callerOrgId: string, inputs?: BoardInputs): Promise<BoardSpend> => {
    const input = inputs ?? (await readInputs(board))
    const datasets = new Map(input.orgs.map((o) => [o.id, datasetOf(o.id, input.versions.get(o.id) ?? 0)]))
    const orgs: BoardSpendOrg[] = input.orgs.map((o) => {
      const d = datasets.get(o.id)
      const period = d?.period ?? { from: null, to: null, months: 0 }
      return {
        orgId: o.id,
        name: o.name,
        shortName: o.shortName,
        colour: o.colour,
        hasData: d?.hasData ?? false,
        period,
        periodLabel: d?.hasData ? describePeriod(period) : 'no spend data imported',
        sharesLineDetail: input.sharing.has(o.id),
        canSeeLines: d?.hasData === true && (o.id === callerOrgId || input.sharing.has(o.id)),
      }
    })
    const allRows = [...datasets.values()].flatMap((d) => d.rows)
    const categories: BoardSpendCategory[] = input.categories.map((c) => {
      const pool = poolCategorySpend(allRows, c.linkedCodes)
      const labels = new Set<string>()
      const byOrg: CategoryOrgSpend[] = input.orgs.map((o) => {
        const d = datasets.get(o.id)
        const hand = input.hand.get(c.id)?.get(o.id) ?? null
        const mine = pool.byOrg.find((x) => x.orgId === o.id)
        if (d?.hasData) {
          const periodLabel = describePeriod(d.period)
          labels.add(periodLabel)
          const total = mine?.totalPence ?? 0
          return {
            orgId: o.id,
            source: 'data' as const,
            totalPence: total,
            annualisedPence: annualisePence(total, d.period),
            transactions: mine?.transactions ?? 0,
            suppliers: mine?.suppliers ?? 0,
            withheldPence: mine?.withheldPence ?? 0,
            periodLabel,
            handEnteredPence: hand,
            topSuppliers: topSuppliersOf(pool, o.id, TOP_SUPPLIERS_PER_ORG),
          }
        }
        return {
          orgId: o.id,
          source: hand === null ? ('none' as const) : ('hand' as const),
          totalPence: 0,
          annualisedPence: 0,
          transactions: 0,
          suppliers: 0,
          withheldPence: 0,
          periodLabel: hand === null ? 'no figure yet' : HAND_ENTERED_LABEL,
          handEnteredPence: hand,
          topSuppliers: [],
        }
      })
      return {
        categoryId: c.id,
        name: c.name,
        spendCodes: [...c.linkedCodes],
        totalPence: pool.totalPence,
        transactions: pool.transactions,
        withheldPence: pool.withheldPence,
        periodLabel: labels.size === 0 ? 'no spend data imported' : [...labels].join('; '),
        byOrg,
        suppliers: pool.suppliers.slice(0, TOP_SUPPLIERS_PER_CATEGORY).map(copySupplier),
        shared: { count: pool.shared.length, totalPence: pool.sharedPence, suppliers: pool.shared.slice(0, MAX_SHARED_SUPPLIERS_LISTED).map(copySupplier) },
        pareto: { ...pool.pareto, curve: [...pool.pareto.curve] },
        tail: pool.tail,
        fragmentation: pool.fragmentation,
      }
    })
    return { boardId: board.id, version: input.version, orgs, categories }
  }

  /** A linked category on the board, or null (not on the board, or linked to no codes: none listed, no ProClass code). */
  const linkedCategory = async (board: BoardRow, categoryId: string): Promise<LinkedCategory | null> => {
    const boardDoc = await loadStoredDoc(storage.docs, board.id)
    try {
      return linkedCategories(readCategories(boardDoc).value).find((c) => c.id === categoryId) ?? null
    } finally {
      boardDoc.destroy()
    }
  }

  /** One body's lines in a category (codes under the category's prefixes), largest first. */
  const lines = (orgId: string, spendCodes: readonly string[], q: { supplierKey?: string | undefined; limit: number; offset: number }) => {
    const where = ['l.org_id = ?', "f.status = 'ready'", `(${spendCodes.map(() => "l.code LIKE ? || '%'").join(' OR ')})`]
    const args: Array<string | number> = [orgId, ...spendCodes]
    if (q.supplierKey !== undefined) {
      where.push('l.supplier_key = ?')
      args.push(q.supplierKey)
    }
    const sql = `FROM spend_lines l JOIN spend_files f ON f.id = l.file_id WHERE ${where.join(' AND ')}`
    const total = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(l.amount_pence), 0) AS pence ${sql}`).get(...args) as { n: number; pence: number }
    const rows = db
      .prepare(
        `SELECT l.file_id AS fileId, f.filename, l.sheet, l.line, l.date, l.amount_pence AS amountPence, l.supplier_name AS supplierName,
                l.supplier_key AS supplierKey, l.purpose, l.unit, l.code AS proclassCode
         ${sql} ORDER BY l.amount_pence DESC, l.id LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset) as BoardSpendLine[]
    const d = datasetOf(orgId, versionsOf(db, [orgId]).get(orgId) ?? 0)
    return { total: total.n, totalPence: total.pence, periodLabel: describePeriod(d.period), lines: rows }
  }

  /**
   * Each body's suppliers in each category's spend (lines under the category's codes): the stored supplier key and
   * the automatic key of the published name (`autoSupplierKey`), so a contract's supplier matches either. Withheld
   * names are left out. categoryId → orgId → keys; categories without codes are left out.
   */
  const categorySuppliers = (orgIds: readonly string[], categories: readonly { readonly id: string; readonly codes: readonly string[] }[]): Map<string, Map<string, Set<string>>> => {
    const versions = versionsOf(db, orgIds)
    const out = new Map<string, Map<string, Set<string>>>()
    for (const category of categories) {
      if (category.codes.length === 0) continue
      const byOrg = new Map<string, Set<string>>()
      for (const orgId of orgIds) {
        const keys = new Set<string>()
        for (const row of datasetOf(orgId, versions.get(orgId) ?? 0).rows) {
          if (!category.codes.some((p) => p !== '' && row.code.startsWith(p))) continue
          if (row.supplierKey !== WITHHELD_KEY) keys.add(row.supplierKey)
          const auto = autoSupplierKey(row.supplierName)
          if (auto !== WITHHELD_KEY) keys.add(auto)
        }
        if (keys.size > 0) byOrg.set(orgId, keys)
      }
      out.set(category.id, byOrg)
    }
    return out
  }

  return { readInputs, versionOf, build, linkedCategory, lines, categorySuppliers }
}

export type BoardSpendService = ReturnType<typeof createBoardSpendService>

const copySupplier = (s: { key: string; name: string; totalPence: number; transactions: number; byOrg: readonly { orgId: string; totalPence: number; transactions: number }[] }) => ({
  key: s.key,
  name: s.name,
  totalPence: s.totalPence,
  transactions: s.transactions,
  byOrg: s.byOrg.map((p) => ({ ...p })),
})
