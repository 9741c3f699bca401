/**
 * @module data-spend
 * Which of a board's pooled spend figures (`GET /api/boards/:boardId/spend`) the planning view counts as data
 * figures (`DataSpend`): a body's figure for a linked category when it comes from its imported data and that data
 * holds payments under the category's codes. A body with data but no payments there, or a net credit, keeps its hand
 * entry (if any). The client (PlanningContext) and the server's reports both use this one rule. Pure.
 */
import type { Pence } from '../domain/money.ts'
import type { BoardSpend } from '../schema/board-spend-api.ts'
import type { DataSpend, DataSpendFigure } from './planning-view.ts'

/** Most supplier names passed on per body and category: its largest, then those it shares with other bodies. */
const MAIN_SUPPLIERS = 50

/**
 * A body's largest suppliers, then the suppliers it shares with other bodies (matched identities, named alike for
 * every body), so the view's shared suppliers (by name) find the ones the pooled spend found.
 */
function supplierNames(category: BoardSpend['categories'][number], orgId: string): string[] {
  const own = category.byOrg.find((o) => o.orgId === orgId)?.topSuppliers.map((s) => s.name) ?? []
  const shared = category.shared.suppliers.filter((s) => s.byOrg.some((p) => p.orgId === orgId && p.totalPence !== 0)).map((s) => s.name)
  return [...new Set([...own, ...shared])].slice(0, MAIN_SUPPLIERS)
}

/** The data figures of a board's pooled spend, by category then body; empty without an answer. */
export function dataSpendFromBoardSpend(spend: BoardSpend | null | undefined): DataSpend {
  const out = new Map<string, Map<string, DataSpendFigure>>()
  for (const category of spend?.categories ?? []) {
    const byOrg = new Map<string, DataSpendFigure>()
    for (const o of category.byOrg) {
      if (o.source !== 'data' || o.transactions <= 0 || o.annualisedPence < 0) continue
      byOrg.set(o.orgId, {
        annualPence: o.annualisedPence as Pence,
        periodLabel: o.periodLabel,
        transactions: o.transactions,
        suppliers: o.suppliers,
        mainSuppliers: supplierNames(category, o.orgId),
      })
    }
    if (byOrg.size > 0) out.set(category.categoryId, byOrg)
  }
  return out
}

/** What a figure typed on the board rather than drawn from data is called. */
export const HAND_ENTERED = 'entered by hand'

/** "12 months to 31 Mar 2026, 1,204 payments": a data figure's period and how many payments it counts. */
export function describeDataFigure(periodLabel: string, transactions: number): string {
  return `${periodLabel}, ${transactions.toLocaleString('en-GB')} payment${transactions === 1 ? '' : 's'}`
}

/** "from Bolton’s spend data, 12 months to 31 Mar 2026, 1,204 payments": what a data figure's source says. */
export function describeDataSource(orgName: string, periodLabel: string, transactions: number): string {
  return `from ${orgName}’s spend data, ${describeDataFigure(periodLabel, transactions)}`
}

/** "entered by hand by Oldham": what a hand-entered figure's source says. */
export function describeHandSource(orgName: string): string {
  return `${HAND_ENTERED} by ${orgName}`
}
